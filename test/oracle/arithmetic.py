"""Element-wise add, sub, mul and div over numeric[] (array and scalar forms), against
exact decimal and Fraction arithmetic."""

from decimal import Decimal
from fractions import Fraction

from harness import Group, MODES, PLACES, dec_text, literal, places_text, round_fraction, short


def want_div(a, b, places, mode):
    q = Fraction(Decimal(a)) / Fraction(Decimal(b))
    return places_text(round_fraction(q * Fraction(10) ** places, mode), places)


def test_arith(o, name):
    g = o.gen
    op = {'add': Decimal.__add__, 'sub': Decimal.__sub__, 'mul': Decimal.__mul__}[name]
    for n in o.rounds(name, g.batch_len):
        a = g.with_nulls([g.value() for _ in range(n)])
        if g.rng.random() < 0.25:
            b = g.value()
            rows = o.sql(f'SELECT pricemath.{name}(%s::numeric[], %s::numeric)::text[]',
                         (literal(a), b))
            want = [None if x is None else dec_text(op(Decimal(x), Decimal(b))) for x in a]
            o.check_list(f'{name}(array, scalar)',
                         lambda i: {'a': a[i] if i is not None else short(a), 'b': b},
                         rows[0][0], want)
        else:
            b = [g.value() for _ in range(n)]
            for i in range(n):
                if g.rng.random() < 0.1:
                    a[i], b[i] = g.boundary_pair(name)
            b = g.with_nulls(b)
            rows = o.sql(f'SELECT pricemath.{name}(%s::numeric[], %s::numeric[])::text[]',
                         (literal(a), literal(b)))
            want = [None if x is None or y is None else dec_text(op(Decimal(x), Decimal(y)))
                    for x, y in zip(a, b)]
            o.check_list(f'{name}(array, array)',
                         lambda i: {'a': a[i], 'b': b[i]} if i is not None
                         else {'a': short(a), 'b': short(b)},
                         rows[0][0], want)


def div_pair(g, places, mode, b=None):
    k = g.rng.random()
    b = b or g.divisor()
    if mode == 'unnecessary' or k < 0.25:             # quotient exact at places
        q = g.exact_for_places(places)
        return dec_text(Decimal(q) * Decimal(b)), b
    if k < 0.5:                                       # exact tie (or just off it)
        q = g.tie(places)
        return dec_text(Decimal(q) * Decimal(b)), b
    return g.value(), b


def test_div(o):
    g = o.gen
    for n in o.rounds('div', g.batch_len):
        places = g.rng.choice(PLACES + [0, 2, 2, -2])
        mode = g.rng.choice(MODES + [None])
        scalar = g.rng.random() < 0.25
        b0 = g.divisor() if scalar else None
        pairs = [div_pair(g, places, mode or 'half_even', b0) for _ in range(n)]
        a = g.with_nulls([p[0] for p in pairs])
        b = [p[1] for p in pairs] if scalar else g.with_nulls([p[1] for p in pairs])
        bsql = b[0] if scalar else literal(b)
        btype = 'numeric' if scalar else 'numeric[]'
        if mode is None:
            query = f'SELECT pricemath.div(%s::numeric[], %s::{btype}, %s::int)::text[]'
            params = (literal(a), bsql, places)
        else:
            query = ('SELECT pricemath.div(%s::numeric[], '
                     f'%s::{btype}, %s::int, %s::text)::text[]')
            params = (literal(a), bsql, places, mode)
        rows = o.sql(query, params)
        want = [None if x is None or y is None else want_div(x, y, places, mode or 'half_even')
                for x, y in zip(a, b)]
        what = f'div({"array, scalar" if scalar else "array, array"}, {places}, {mode})'
        o.check_list(what, lambda i: {'a': a[i], 'b': b[i]} if i is not None
                     else {'a': short(a), 'b': short(b)}, rows[0][0], want)


GROUPS = [
    Group('add', 9, ['add(numeric[],numeric[])', 'add(numeric[],numeric)'],
          lambda o: test_arith(o, 'add')),
    Group('sub', 9, ['sub(numeric[],numeric[])', 'sub(numeric[],numeric)'],
          lambda o: test_arith(o, 'sub')),
    Group('mul', 10, ['mul(numeric[],numeric[])', 'mul(numeric[],numeric)'],
          lambda o: test_arith(o, 'mul')),
    Group('div', 18, ['div(numeric[],numeric[],integer,text)',
                      'div(numeric[],numeric,integer,text)'], test_div),
]
