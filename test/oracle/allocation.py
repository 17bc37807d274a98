"""allocate over numeric[] and float8[] weights: the largest-remainder split, its symmetry
and determinism, and its contract."""

from decimal import Decimal
from fractions import Fraction

from harness import Group, canon, dec_text, fixed, literal, short


def want_allocate(total, weights, places):
    """Largest-remainder split of total by weights (texts, None for NULL) into shares of
    places decimals: shares rounded toward zero, the units left go to the largest remainders,
    ties to the lowest index; a negative total is split as -allocate(-total). Returns the
    share texts, or the SQLSTATE the contract gives."""
    t = Fraction(Decimal(total)) * Fraction(10) ** places
    if t.denominator != 1:
        return '22023'
    ws = [None if w is None else Fraction(Decimal(w)) for w in weights]
    wsum = sum(w for w in ws if w is not None)
    if wsum == 0:
        return '22023'
    units = abs(t.numerator)
    exact = [None if w is None else units * w / wsum for w in ws]
    shares = [None if e is None else e.numerator // e.denominator for e in exact]
    left = units - sum(q for q in shares if q is not None)
    order = sorted((i for i, e in enumerate(exact) if e is not None and e.denominator != 1),
                   key=lambda i: (-(exact[i] - shares[i]), i))
    assert 0 <= left <= len(order)
    for i in order[:left]:
        shares[i] += 1
    sign = -1 if t < 0 else 1
    out = []
    for q, e in zip(shares, exact):
        if q is None:
            out.append(None)
            continue
        assert abs(q - e) < 1                       # less than one unit off
        out.append(fixed(sign * q, places) if places >= 0 else str(sign * q * 10 ** -places))
    assert sum(Decimal(x) for x in out if x is not None) == Decimal(total)  # sums exactly
    return out


def alloc_case(g, floats):
    """A random allocation: total, weights (texts or floats, some NULL), places."""
    r = g.rng
    k = r.random()
    places = r.choice([0, 1, 2, 2, 2, 3, 4]) if k < 0.9 else r.choice([-2, -1, 10, 25, 40])
    n = r.choice([1, 2, 2, 3, 3, 4, 5, 7, 10, 16, 40])
    j = r.random()
    if j < 0.6:                                       # a price total
        m = g.int_digits(r.randint(1, 9))
    elif j < 0.75:                                    # fewer units than parts
        m = r.randint(0, n)
    elif j < 0.9:                                     # wide, up to beyond int128
        m = g.int_digits(r.randint(20, 45))
    else:
        m = 0
    if places >= 0:
        total = fixed(g.sign(m, 0.4), r.randint(0, places) if r.random() < 0.3 else places)
    else:
        total = str(g.sign(m, 0.4) * 10 ** -places)
    if floats:
        weights = [0.0 if r.random() < 0.2 else r.choice([
            float(r.randint(1, 100)), r.random(), r.uniform(0, 1e6),
            float(Decimal(r.randint(1, 9999)).scaleb(-r.randint(0, 4))),
            r.choice([1e-300, 5e-324, 1e300, 1.7976931348623157e308])])
            for _ in range(n)]
        weights = [repr(w) for w in weights]
    else:
        weights = []
        for _ in range(n):
            w = r.random()
            if w < 0.2:
                weights.append(fixed(0, r.randint(0, 3)))
            elif w < 0.85:
                weights.append(fixed(r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 4)))
            elif w < 0.95:
                weights.append(fixed(g.int_digits(r.randint(15, 45)), r.randint(0, 20)))
            else:
                weights.append(fixed(r.randint(1, 9), r.randint(30, 60)))
    weights = g.with_nulls(weights, 0.05)
    if r.random() < 0.02 and places >= 0:             # a total with too many decimals
        total = fixed(g.sign(r.randint(1, 10 ** 6) * 10 + r.randint(1, 9), 0.4), places + 1)
    return total, weights, places


def test_allocate(o, floats=False):
    g = o.gen
    group = 'allocate_float8' if floats else 'allocate'
    wtype = 'float8[]' if floats else 'numeric[]'
    query = ('SELECT pricemath.allocate(t::numeric, w::' + wtype + ', p)::text[], '
             'pricemath.allocate(-t::numeric, w::' + wtype + ', p)::text[], '
             'pricemath.allocate(t::numeric, w::' + wtype + ', p)::text[] '
             'FROM unnest(%s::text[], %s::text[], %s::int[]) WITH ORDINALITY AS u(t, w, p, i) '
             'ORDER BY i')
    for size in o.rounds(group, 50):
        cases = []
        while len(cases) < size:
            total, weights, places = alloc_case(g, floats)
            want = want_allocate(total, weights, places)
            if isinstance(want, str):
                o.expect_error(f'{group} contract',
                               f'SELECT pricemath.allocate(%s::numeric, %s::{wtype}, %s)',
                               (total, literal(weights), places), want,
                               {'total': total, 'weights': short(weights),
                                'places': places})
                continue
            cases.append((total, weights, places, want))
        rows = o.sql(query, ([c[0] for c in cases], [literal(c[1]) for c in cases],
                             [c[2] for c in cases]))
        for (total, weights, places, want), (got, gotneg, again) in zip(cases, rows):
            inputs = {'total': total, 'weights': short(weights), 'places': places}
            o.check(f'{group}(total, weights, {places})', inputs, got, want)
            negwant = [None if x is None else canon(dec_text(-Decimal(x))) for x in want]
            o.check(f'{group} symmetry', inputs, gotneg, negwant)
            o.check(f'{group} determinism', inputs, again, got)


def self_test(g):
    """The reference on the classic cases."""
    assert want_allocate('0.05', ['30', '70'], 2) == ['0.02', '0.03']
    assert want_allocate('100.00', ['1', '1', '1'], 2) == ['33.34', '33.33', '33.33']
    assert want_allocate('0.01', ['1'] * 10, 2) == ['0.01'] + ['0.00'] * 9
    assert want_allocate('-0.05', ['30', None, '70'], 2) == ['-0.02', None, '-0.03']
    assert want_allocate('1000', ['1', '1', '1'], -2) == ['400', '300', '300']
    assert want_allocate('0.005', ['1'], 2) == '22023' and want_allocate('1', ['0'], 2) == '22023'


# each case is a whole split, also run with -total
GROUPS = [
    Group('allocate', 10, ['allocate(numeric,numeric[],integer)'], test_allocate),
    Group('allocate_float8', 2, ['allocate(numeric,float8[],integer)'],
          lambda o: test_allocate(o, floats=True)),
]
