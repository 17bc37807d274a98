"""The numeric[] reductions: array_sum, array_min, array_max, array_avg and weighted_avg,
against decimal sums and PostgreSQL's own avg() and sum(v * w) / sum(w)."""

from decimal import Decimal
from fractions import Fraction

from harness import Group, canon, dec_text, exact_text_fits, fixed, literal, short


def reducer_array(g):
    """An array for the numeric reductions; now and then an equal value with more decimals."""
    r = g.rng
    k = r.random()
    if k < 0.06:
        return g.empty_or_nulls(k)
    n = g.array_len(0.03, 1000)
    a = g.with_nulls([g.value() for _ in range(n)], p=0.08)
    if r.random() < 0.3:          # equal values written with different scales
        src = [x for x in a if x is not None]
        if src:
            x = r.choice(src)
            wider = x + ('' if '.' in x else '.') + '0' * r.randint(1, 3)
            a.insert(r.randrange(len(a) + 1), wider)
    return a


def test_reducers(o):
    for a, (lit,), (got_sum, got_min, got_max) in o.per_row(
            'reducers', reducer_array, lambda a: (literal(a),),
            'SELECT pricemath.array_sum(t::numeric[])::text, '
            'pricemath.array_min(t::numeric[])::text, pricemath.array_max(t::numeric[])::text',
            't'):
        vals = [x for x in a if x is not None]
        if not vals:
            o.check('array_sum', {'a': short(lit)}, got_sum, None)
            o.check('array_min', {'a': short(lit)}, got_min, None)
            o.check('array_max', {'a': short(lit)}, got_max, None)
            continue
        decs = [Decimal(x) for x in vals]
        o.check('array_sum', {'a': short(lit)}, got_sum, dec_text(sum(decs, Decimal(0))))
        for name, got, best in (('array_min', got_min, min(decs)),
                                ('array_max', got_max, max(decs))):
            # equal values with different scales: the last of them, as min()/max()
            want = [canon(x) for x, d in zip(vals, decs) if d == best][-1]
            o.check(name, {'a': short(lit)}, got, want)


def test_array_avg(o):
    for a, (lit,), (got, pg) in o.per_row(
            'array_avg', reducer_array, lambda a: (literal(a),),
            'SELECT pricemath.array_avg(t::numeric[])::text, '
            '(SELECT avg(x)::text FROM unnest(t::numeric[]) AS x)', 't'):
        vals = [Fraction(Decimal(x)) for x in a if x is not None]
        if got != pg:
            o.fail('array_avg vs avg()', {'a': short(lit)}, got, pg)
        elif vals and not exact_text_fits(got, sum(vals) / len(vals)):
            o.fail('array_avg vs exact mean', {'a': short(lit)}, got,
                   f'{float(sum(vals) / len(vals))!r} within half a unit '
                   'in the last place')
        else:
            o.passed += 1


def weights(g, n):
    r = g.rng
    ws = []
    for _ in range(n):
        k = r.random()
        if k < 0.1:
            ws.append(fixed(0, r.randint(0, 3)))
        elif k < 0.8:
            ws.append(fixed(g.int_digits(r.randint(1, 6)), r.randint(0, 4)))
        elif k < 0.95:
            ws.append(fixed(g.int_digits(r.randint(1, 30)), r.randint(0, 12)))
        else:
            ws.append(fixed(g.int_digits(r.randint(39, 42)), r.randint(0, 6)))
    return ws


def weighted_case(g):
    r = g.rng
    k = r.random()
    if k < 0.03:
        return [], []
    n = g.array_len(0.03, 600)
    vs = g.with_nulls([g.value() for _ in range(n)], p=0.08)
    ws = g.with_nulls(weights(g, n), p=0.08)
    if k < 0.06:
        vs = [None] * n
    # sum(w) over the complete pairs must not be zero unless there are none
    pairs = [i for i in range(n) if vs[i] is not None and ws[i] is not None]
    if pairs and sum(Decimal(ws[i]) for i in pairs) == 0:
        ws[pairs[0]] = fixed(r.randint(1, 999), r.randint(0, 3))
    return vs, ws


def test_weighted_avg(o):
    for (vs, ws), (v_lit, w_lit), (got, pg) in o.per_row(
            'weighted_avg', weighted_case, lambda c: (literal(c[0]), literal(c[1])),
            'SELECT pricemath.weighted_avg(va::numeric[], wa::numeric[])::text, '
            '(SELECT (sum(p.v * p.w) / sum(p.w))::text '
            ' FROM unnest(va::numeric[], wa::numeric[]) AS p(v, w) '
            ' WHERE p.v IS NOT NULL AND p.w IS NOT NULL)', 'va, wa'):
        inputs = {'values': short(v_lit), 'weights': short(w_lit)}
        pairs = [(Fraction(Decimal(v)), Fraction(Decimal(w)))
                 for v, w in zip(vs, ws) if v is not None and w is not None]
        if got != pg:
            o.fail('weighted_avg vs sum(v*w)/sum(w)', inputs, got, pg)
            continue
        if pairs:
            exact = sum(v * w for v, w in pairs) / sum(w for _, w in pairs)
            if got is None or not exact_text_fits(got, exact):
                o.fail('weighted_avg vs exact', inputs, got,
                       f'{float(exact)!r} within half a unit in the last place')
                continue
        o.passed += 1


GROUPS = [
    Group('reducers', 9, ['array_sum(numeric[])', 'array_min(numeric[])', 'array_max(numeric[])'],
          test_reducers),
    Group('array_avg', 4, ['array_avg(numeric[])'], test_array_avg),
    Group('weighted_avg', 5, ['weighted_avg(numeric[],numeric[])'], test_weighted_avg),
]
