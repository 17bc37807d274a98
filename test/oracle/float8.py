"""The float8[] flavours: round, round_to, add, sub, mul, the reductions and weighted_avg,
bit for bit against Python floats, or within the bound of the exact sum; and their errors."""

import math
from decimal import Decimal
from fractions import Fraction

from harness import Group, Inexact, LOWER_BOUNDS, MODES, RATES, fkey, quantize, round_fraction, short, with_lbound


# float8 inputs: increments and places
FLOAT_INCREMENTS = ['0.05', '0.25', '5', '100', '0.01', '0.001', '1', '0.10', '0.5', '0.125',
                    '2.5', '1000', '0.000000000000000000000000000001']
FLOAT_PLACES = list(range(-3, 13))


# ---- float8 references ----------------------------------------------------------------------
#
# float8 rounding rounds the shortest decimal that round-trips to the double (repr(x), the text
# PostgreSQL prints), and returns the double nearest the exact decimal result; zero is +0.

def plus_zero(f):
    return 0.0 if f == 0 else f


def want_fround(x, places, mode):
    """Reference via decimal's quantize on Decimal(repr(x))."""
    return plus_zero(float(quantize(Decimal(repr(x)), places, mode)))


def want_fround_to(x, inc, mode):
    """Reference via round_fraction on the exact quotient (independent of quantize)."""
    n = round_fraction(Fraction(Decimal(repr(x))) / Fraction(Decimal(inc)), mode)
    return plus_zero(float(Decimal(n) * Decimal(inc)))


def scaled(x):
    """The double x as an exact integer in units of 2^-1074."""
    n, d = x.as_integer_ratio()
    return n << (1074 - (d.bit_length() - 1))


def flit(values):
    """A float8[] literal in the shortest round-trip text; values are floats, None or text
    (such as 'NaN')."""
    return '{' + ','.join('NULL' if v is None else v if isinstance(v, str) else repr(v)
                          for v in values) + '}'


def fround_value(g, exact, tie, multiple, mode):
    """A double that stresses the fast path: ties and multiples, a few ulps off or not."""
    k = g.rng.random()
    if mode == 'unnecessary':
        for _ in range(20):
            x = multiple() if k < 0.9 else g.fvalue()
            try:
                exact(x)
                return x
            except Inexact:
                pass
        return 0.0
    if k < 0.35:
        return g.nudge(tie())
    if k < 0.55:
        return g.nudge(multiple())
    return g.fvalue()


def fmode(g, mode):
    """The mode as sent: modes are case-insensitive."""
    return mode.upper() if g.rng.random() < 0.1 else mode


def test_round_float8(o):
    g = o.gen
    for n in o.rounds('round_float8', g.batch_len):
        form = g.rng.choice(['places_mode'] * 5 + ['places', 'default'])
        places = 2 if form == 'default' else g.rng.choice(FLOAT_PLACES + [0, 2, 2, 2])
        mode = g.rng.choice(MODES) if form == 'places_mode' else 'half_even'
        a = g.with_nulls([fround_value(g, lambda x: want_fround(x, places, mode),
                                          lambda: g.ftie(places),
                                          lambda: g.fmultiple(places), mode)
                          for _ in range(n)])
        if form == 'default':
            rows = o.sql('SELECT pricemath.round(%s::float8[])', (flit(a),))
        elif form == 'places':
            rows = o.sql('SELECT pricemath.round(%s::float8[], %s::int)', (flit(a), places))
        else:
            rows = o.sql('SELECT pricemath.round(%s::float8[], %s::int, %s::text)',
                         (flit(a), places, fmode(g, mode)))
        want = [None if x is None else want_fround(x, places, mode) for x in a]
        o.fcheck_list(f'round(float8[], {places}, {mode}) [{form}]',
                      lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a))},
                      rows[0][0], want)


def test_round_to_float8(o):
    g = o.gen
    for n in o.rounds('round_to_float8', g.batch_len):
        inc = g.rng.choice(FLOAT_INCREMENTS)
        mode = g.rng.choice(MODES + [None])
        m = mode or 'half_even'
        a = g.with_nulls([fround_value(g, lambda x: want_fround_to(x, inc, m),
                                          lambda: g.ftie_for_increment(inc),
                                          lambda: g.fmultiple_of(inc), m)
                          for _ in range(n)])
        if mode is None:
            rows = o.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric)',
                         (flit(a), inc))
        else:
            rows = o.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)',
                         (flit(a), inc, fmode(g, mode)))
        want = [None if x is None else want_fround_to(x, inc, m) for x in a]
        o.fcheck_list(f'round_to(float8[], {inc}, {mode})',
                      lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a))},
                      rows[0][0], want)


def near_tie(g, step):
    """(k + 0.5) * step or k * step (step = 10^-p or a rounding increment, as a Fraction),
    nudged by 0 to 8 ulps either way: the values next to a tie or a grid point, where the
    dense loop must hand the element to the exact path."""
    r = g.rng
    k = r.randint(0, 10 ** r.randint(1, 9))
    x = float((k + (Fraction(1, 2) if r.random() < 0.7 else 0)) * step)
    toward = math.inf if r.random() < 0.5 else -math.inf
    for _ in range(r.choice([0, 0, 1, 1, 2, 3, 4, 8])):
        x = math.nextafter(x, toward)
    return g.fsign(x, 0.4)


def test_round_float8_ties(o):
    """Long arrays of values next to ties and grid points: the dense loop's chunks (4096
    elements) and blocks (256) with the left-over elements redone one by one."""
    g = o.gen
    for n in o.rounds('round_float8_ties', lambda: g.rng.choice([255, 257, 4095, 4097, 6000])):
        mode = g.rng.choice([m for m in MODES if m != 'unnecessary'])
        if g.rng.random() < 0.6:
            places = g.rng.choice([0, 1, 2, 2, 2, 3, 4, 6, -1])
            step = Fraction(10) ** -places
            a = g.with_nulls([near_tie(g, step) for _ in range(n)], p=0.01)
            rows = o.sql('SELECT pricemath.round(%s::float8[], %s::int, %s::text)', (flit(a), places, mode))
            want = [None if x is None else want_fround(x, places, mode) for x in a]
            what = f'round(float8[], {places}, {mode}) near ties'
        else:
            inc = g.rng.choice(['0.05', '0.25', '5', '0.10', '0.125', '2.5'])
            a = g.with_nulls([near_tie(g, Fraction(Decimal(inc))) for _ in range(n)], p=0.01)
            rows = o.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)', (flit(a), inc, mode))
            want = [None if x is None else want_fround_to(x, inc, mode) for x in a]
            what = f'round_to(float8[], {inc}, {mode}) near ties'
        o.fcheck_list(what, lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a))},
                      rows[0][0], want)


def farith_pair(g, name):
    """Operands whose IEEE result is finite and, for mul, not an underflow to zero."""
    r = g.rng
    while True:
        x = g.fvalue()
        k = r.random()
        if k < 0.05:                                  # cancellation: x - x, x + -x
            y = x if name == 'sub' else -x
        elif k < 0.15:                                # a price and a rate or a few ulps
            y = r.choice(RATES) if name == 'mul' else g.nudge(x)
        else:
            y = g.fvalue()
        z = x * y if name == 'mul' else (x + y if name == 'add' else x - y)
        if math.isfinite(z) and not (z == 0 and name == 'mul' and x != 0 and y != 0):
            return x, y


def test_arith_float8(o, name):
    g = o.gen
    op = {'add': lambda x, y: x + y, 'sub': lambda x, y: x - y,
          'mul': lambda x, y: x * y}[name]
    fine = {'add': lambda z, x, y: True, 'sub': lambda z, x, y: True,
            'mul': lambda z, x, y: z != 0 or x == 0 or y == 0}[name]
    for n in o.rounds(name + '_float8', g.batch_len):
        if g.rng.random() < 0.25:
            b = g.fvalue(wide=False) if g.rng.random() < 0.6 else g.rng.choice(RATES)
            a = []
            while len(a) < n:
                x = g.fvalue()
                z = op(x, b)
                if math.isfinite(z) and fine(z, x, b):
                    a.append(x)
            a = g.with_nulls(a)
            rows = o.sql(f'SELECT pricemath.{name}(%s::float8[], %s::float8)',
                         (flit(a), repr(b)))
            want = [None if x is None else op(x, b) for x in a]
            o.fcheck_list(f'{name}(float8[], float8)',
                          lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a)),
                                     'b': repr(b)}, rows[0][0], want)
        else:
            pairs = [farith_pair(g, name) for _ in range(n)]
            a = g.with_nulls([p[0] for p in pairs])
            b = g.with_nulls([p[1] for p in pairs])
            rows = o.sql(f'SELECT pricemath.{name}(%s::float8[], %s::float8[])',
                         (flit(a), flit(b)))
            want = [None if x is None or y is None else op(x, y) for x, y in zip(a, b)]
            o.fcheck_list(f'{name}(float8[], float8[])',
                          lambda i: {'a': fkey(a[i]), 'b': fkey(b[i])} if i is not None
                          else {'a': short(flit(a)), 'b': short(flit(b))},
                          rows[0][0], want)


def freducer_array(g):
    """An array for the float8 reductions: any doubles, big terms that cancel, or prices."""
    r = g.rng
    k = r.random()
    if k < 0.06:
        return g.empty_or_nulls(k)
    n = g.array_len(0.05, 1000)
    a = [g.fvalue() for _ in range(n)]
    if k < 0.25:                                      # cancellation: big terms that cancel
        big = [g.fsign(g.fdec(g.int_digits(r.randint(1, 17)), r.randint(10, 22)))
               for _ in range(r.randint(1, 4))]
        a += big + [-x for x in big]
        r.shuffle(a)
    elif k < 0.45:                                    # only prices
        a = [g.fsign(r.randint(0, 10 ** r.randint(1, 8)) / 100 * r.choice([1.0] + RATES))
             for _ in range(n)]
    return g.with_nulls(a, p=0.08)


def test_reducers_float8(o):
    for a, (lit,), (got_sum, got_avg, got_min, got_max) in o.per_row(
            'reducers_float8', freducer_array, lambda a: (flit(a),),
            'SELECT pricemath.array_sum(t::float8[]), pricemath.array_avg(t::float8[]), '
            'pricemath.array_min(t::float8[]), pricemath.array_max(t::float8[])', 't'):
        inputs = {'a': short(lit)}
        vals = [x for x in a if x is not None]
        if not vals:
            for name, got in (('array_sum', got_sum), ('array_avg', got_avg),
                              ('array_min', got_min), ('array_max', got_max)):
                o.check(f'{name}(float8[])', inputs, fkey(got), None)
            continue
        n = len(vals)
        # exact sums in units of 2^-1074; the bound is 2 * 2^-53 * sum(|x|), plus a
        # few units for subnormal rounding
        ints = [scaled(x) for x in vals]
        exact = sum(ints)
        abs_sum = sum(abs(v) for v in ints)
        tiny = 4 + n
        if got_sum is None or not math.isfinite(got_sum) or \
                abs(scaled(got_sum) - exact) * 2 ** 53 > 2 * abs_sum + tiny * 2 ** 53:
            o.fail('array_sum(float8[]) vs exact sum', inputs, fkey(got_sum),
                   f'{float(Fraction(exact, 2 ** 1074))!r} within '
                   f'2 * 2^-53 * {float(Fraction(abs_sum, 2 ** 1074))!r}')
        else:
            o.passed += 1
        # average: the sum's bound divided by n, plus one rounding of the quotient
        if got_avg is None or not math.isfinite(got_avg) or \
                abs(scaled(got_avg) * n - exact) * 2 ** 53 > \
                2 * abs_sum + abs(exact) + tiny * n * 2 ** 53:
            o.fail('array_avg(float8[]) vs exact mean', inputs, fkey(got_avg),
                   f'{float(Fraction(exact, 2 ** 1074 * n))!r} within '
                   '(2 * 2^-53 * sum(|x|)) / n + 2^-53 * |mean|')
        else:
            o.passed += 1
        # min and max: exact (either zero when +0 and -0 tie)
        for name, got, want in (('array_min', got_min, min(vals)),
                                ('array_max', got_max, max(vals))):
            if got is not None and got == want:
                o.passed += 1
            else:
                o.fail(f'{name}(float8[])', inputs, fkey(got), fkey(want))


def fweight(g):
    r = g.rng
    k = r.random()
    if k < 0.1:
        return 0.0
    if k < 0.6:
        return r.randint(1, 10 ** r.randint(1, 6)) / 100
    if k < 0.8:
        return float(r.randint(1, 1000))
    return g.fdec(g.int_digits(r.randint(1, 17)), r.randint(-20, 10))


def fweighted_case(g):
    """Values and weights, some NULL, whose complete pairs do not all weigh zero."""
    r = g.rng
    n = g.array_len(0.03, 600)
    vs = g.with_nulls([g.fvalue(wide=False) for _ in range(n)], p=0.08)
    # no subnormal values: v * w must not underflow
    vs = [None if v is None else (v if v == 0 or abs(v) > 1e-280 else 1.25) for v in vs]
    ws = g.with_nulls([fweight(g) for _ in range(n)], p=0.08)
    if r.random() < 0.03:
        vs = [None] * n
    pairs = [i for i in range(n) if vs[i] is not None and ws[i] is not None]
    if pairs and all(ws[i] == 0 for i in pairs):
        ws[pairs[0]] = 1.0
    return vs, ws


def test_weighted_avg_float8(o):
    for (vs, ws), (v_lit, w_lit), (got,) in o.per_row(
            'weighted_avg_float8', fweighted_case, lambda c: (flit(c[0]), flit(c[1])),
            'SELECT pricemath.weighted_avg(va::float8[], wa::float8[])', 'va, wa'):
        inputs = {'values': short(v_lit), 'weights': short(w_lit)}
        pairs = [(Fraction(v), Fraction(w)) for v, w in zip(vs, ws)
                 if v is not None and w is not None]
        if not pairs:
            o.check('weighted_avg(float8[], float8[])', inputs, fkey(got), None)
            continue
        sw = sum(w for _, w in pairs)
        exact = sum(v * w for v, w in pairs) / sw
        # relative 1e-12 of the scale sum(|v * w|) / sum(w), so cancellation is allowed
        scale = sum(abs(v * w) for v, w in pairs) / sw
        if got is None or not math.isfinite(got) or \
                abs(Fraction(got) - exact) > scale / 10 ** 12 + Fraction(1, 2 ** 1070):
            o.fail('weighted_avg(float8[], float8[]) vs exact', inputs, fkey(got),
                   f'{float(exact)!r} within 1e-12 * {float(scale)!r}')
        else:
            o.passed += 1


def unnecessary_checks(o, n, z, name, query, key, param, want, tie, multiple):
    """Mode unnecessary on float8[] with param (the places or increment, named key): n exact
    elements come back unchanged, and with element z inexact the call fails with 22003.
    want(x, mode) is the reference; tie() and multiple() draw doubles near and on the grid.
    Returns the array with the inexact element."""
    g = o.gen
    r = g.rng
    exact = [fround_value(g, lambda x: want(x, 'unnecessary'), None, multiple, 'unnecessary')
             for _ in range(n)]
    rows = o.sql(query, (flit(exact), param, 'unnecessary'))
    o.fcheck_list(f'{name}(float8[], {param}, unnecessary) exact',
                  lambda i: {'a': fkey(exact[i]) if i is not None else short(flit(exact))},
                  rows[0][0], [want(x, 'unnecessary') for x in exact])
    while True:
        bad = g.nudge(tie()) if r.random() < 0.7 else g.fvalue()
        try:
            want(bad, 'unnecessary')
        except Inexact:
            break
    a = list(exact)
    a[z] = bad
    lb = r.choice(LOWER_BOUNDS)
    o.expect_error(f'{name}(float8[]) unnecessary inexact', query,
                   (with_lbound(flit(a), n, lb), param, 'unnecessary'), '22003',
                   {'a': short(flit(a)), 'lbound': lb, key: param, 'inexact': repr(bad)}, element=lb + z)
    return a


def test_float_errors(o, have):
    """mode unnecessary on float8, non-finite input, overflow/underflow, bad weights."""
    g = o.gen
    r = g.rng
    checks = max(5, min(40, o.args.cases // 3000))
    for _ in range(checks):
        n = r.randint(1, 50)
        z = r.randrange(n)
        if have('round_float8'):
            places = r.choice(FLOAT_PLACES)
            query = 'SELECT pricemath.round(%s::float8[], %s::int, %s::text)'
            a = unnecessary_checks(o, n, z, 'round', query, 'places', places,
                                   lambda x, mode: want_fround(x, places, mode),
                                   lambda: g.ftie(places), lambda: g.fmultiple(places))
            a[z] = g.non_finite()
            lb = r.choice(LOWER_BOUNDS)
            o.expect_error('round(float8[]) non-finite', query, (with_lbound(flit(a), n, lb), places, 'half_even'),
                           '22003', {'a': short(flit(a)), 'lbound': lb, 'places': places}, element=lb + z)
        if have('round_to_float8'):
            inc = r.choice(FLOAT_INCREMENTS)
            unnecessary_checks(o, n, z, 'round_to',
                               'SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)',
                               'increment', inc, lambda x, mode: want_fround_to(x, inc, mode),
                               lambda: g.ftie_for_increment(inc), lambda: g.fmultiple_of(inc))
        if have('mul_float8'):
            x, y = r.choice([(1e300, 1e10), (-1e200, 1e200), (1e-300, 1e-300),
                             (5e-324, 0.25), (1.7976931348623157e308, 1.0000000000000002)])
            a = [1.5] * n
            a[z] = x
            lb = r.choice(LOWER_BOUNDS)
            o.expect_error('mul(float8[], float8) overflow/underflow',
                           'SELECT pricemath.mul(%s::float8[], %s::float8)',
                           (with_lbound(flit(a), n, lb), repr(y)), '22003',
                           {'a': short(flit(a)), 'lbound': lb, 'b': y}, element=lb + z)
        if have('weighted_avg_float8'):
            vs = [g.fvalue(wide=False) for _ in range(n)]
            ws = [fweight(g) for _ in range(n)]
            ws[z] = -r.choice([0.01, 1.0, 250.0])
            lb, lb_w = r.choice(LOWER_BOUNDS), r.choice(LOWER_BOUNDS)
            o.expect_error('weighted_avg(float8[]) negative weight',
                           'SELECT pricemath.weighted_avg(%s::float8[], %s::float8[])',
                           (with_lbound(flit(vs), n, lb), with_lbound(flit(ws), n, lb_w)), '22023',
                           {'values': short(flit(vs)), 'weights': short(flit(ws)), 'lbounds': (lb, lb_w)},
                           element=lb_w + z)
            o.expect_error('weighted_avg(float8[]) zero weights',
                           'SELECT pricemath.weighted_avg(%s::float8[], %s::float8[])',
                           (flit(vs), flit([0.0] * n)), '22012',
                           {'values': short(flit(vs)), 'weights': '{0,...}'})


def self_test(g):
    """Both float8 rounding references must agree, on the decimal text and not the binary
    value, with each other and on known cases."""
    for _ in range(3000):
        places = g.rng.choice(FLOAT_PLACES)
        x = g.nudge(g.ftie(places)) if g.rng.random() < 0.5 else g.fvalue()
        for mode in MODES:
            try:
                a = fkey(want_fround(x, places, mode))
            except Inexact:
                a = 'inexact'
            try:
                b = fkey(want_fround_to(x, str(Decimal(1).scaleb(-places)), mode))
            except Inexact:
                b = 'inexact'
            assert a == b, (x, places, mode, a, b)
    assert fkey(want_fround(2.675, 2, 'half_up')) == '2.68'
    assert fkey(want_fround(1.005, 2, 'half_up')) == '1.01'
    assert fkey(want_fround(-2.675, 2, 'half_even')) == '-2.68'
    assert fkey(want_fround(0.125, 2, 'half_even')) == '0.12'
    assert fkey(want_fround(0.1 + 0.2, 2, 'ceiling')) == '0.31'
    assert fkey(want_fround(12.34, 2, 'up')) == '12.34'
    assert fkey(want_fround(-0.001, 2, 'half_even')) == '0.0'
    assert fkey(want_fround(-1e-300, 0, 'ceiling')) == '0.0'
    assert fkey(want_fround(1234.5, -2, 'half_up')) == '1200.0'
    assert fkey(want_fround_to(12.346, '0.05', 'half_even')) == '12.35'
    assert fkey(want_fround_to(-12.34, '5', 'half_even')) == '-10.0'
    assert fkey(want_fround_to(-0.01, '0.05', 'half_even')) == '0.0'
    assert scaled(-0.5) == -(1 << 1073) and scaled(5e-324) == 1


# on top of the numeric groups' shares; reducers_float8 counts arrays, not elements
GROUPS = [
    Group('round_float8', 30, ['round(float8[],integer,text)'], test_round_float8),
    Group('round_to_float8', 20, ['round_to(float8[],numeric,text)'], test_round_to_float8),
    Group('round_float8_ties', 30, ['round(float8[],integer,text)', 'round_to(float8[],numeric,text)'],
          test_round_float8_ties),
    Group('add_float8', 5, ['add(float8[],float8[])', 'add(float8[],float8)'],
          lambda o: test_arith_float8(o, 'add')),
    Group('sub_float8', 5, ['sub(float8[],float8[])', 'sub(float8[],float8)'],
          lambda o: test_arith_float8(o, 'sub')),
    Group('mul_float8', 5, ['mul(float8[],float8[])', 'mul(float8[],float8)'],
          lambda o: test_arith_float8(o, 'mul')),
    Group('reducers_float8', 3, ['array_sum(float8[])', 'array_min(float8[])',
                                 'array_max(float8[])', 'array_avg(float8[])'],
          test_reducers_float8),
    Group('weighted_avg_float8', 1, ['weighted_avg(float8[],float8[])'], test_weighted_avg_float8),
]
