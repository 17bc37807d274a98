"""Price ladders (apply_ladder), and endings and ladders inside a cap: limit_change with
points and guard_report of its results, against a reference that scans every band."""

from decimal import Decimal
from fractions import Fraction

from harness import (Group, canon, dec_text, fixed, literal, places_text, round_fraction, scale_of,
                     short)
from pricing import CAPS, ENDINGS, price
from rounding import want_round


# price ladders as (bounds, steps, endings); the first bound is the ladder's minimum point
LADDERS = [
    (['0', '10', '100'], ['1', '1', '10'], ['0.99', '0.95', '9.00']),    # the ladder
    (['0', '10', '100'], ['1', '10', '100'], ['0.99', '9.99', '99.00']),
    (['1', '10', '100'], ['1', '1', '10'], ['0.99', '0.95', '9']),      # a minimum point of 1
    (['0'], ['1'], ['0.99']),
    (['0', '10', '10.50', '20'], ['1', '1', '1', '5'], ['0.99', '0.95', '0.55', '4.99']),  # an empty band
    (['0.50', '3', '7.25', '7.50', '40'], ['0.25', '1', '0.5', '5', '10'],
     ['0.10', '0.99', '0.45', '4.95', '9']),
    (['0', '1000'], ['0.05', '100'], ['0.04', '99']),
]


def ladder_points_in(ladder, a, b):
    """The smallest and largest ladder points in [a, b] (b None: unbounded), as
    (Fraction, scale) pairs or None, scanning every band: band i holds the points
    k * step + ending (k >= 0) in [bounds[i], bounds[i + 1])."""
    bounds, steps, endings = ladder
    lo_pt = hi_pt = None
    n = len(bounds)
    for i in range(n):
        s, e = Fraction(Decimal(steps[i])), Fraction(Decimal(endings[i]))
        sc = max(scale_of(steps[i]), scale_of(endings[i]))
        start = max(a, Fraction(Decimal(bounds[i])))
        nxt = Fraction(Decimal(bounds[i + 1])) if i + 1 < n else None
        k = max(0, -((e - start) // s))              # ceil((start - e) / s)
        p = k * s + e
        if (nxt is not None and p >= nxt) or (b is not None and p > b):
            continue
        if lo_pt is None or p < lo_pt[0]:
            lo_pt = (p, sc)
        if b is None and nxt is None:
            continue                                 # unbounded above: no largest point
        if nxt is not None and (b is None or b >= nxt):
            k2 = -((e - nxt) // s) - 1               # the last point below the next bound
        else:
            k2 = (b - e) // s
        p2 = k2 * s + e
        if hi_pt is None or p2 > hi_pt[0]:
            hi_pt = (p2, sc)
    return lo_pt, hi_pt


def want_ladder_point(ladder, p, mode):
    """(value, scale) of the ladder's point for p >= 0: down the largest point <= p, up the
    smallest >= p, nearest the closer (ties up); below the smallest point, the smallest."""
    p = Fraction(p)
    down = ladder_points_in(ladder, Fraction(0), p)[1]
    up = ladder_points_in(ladder, p, None)[0]
    if down is None:
        return ladder_points_in(ladder, Fraction(0), None)[0]
    if mode == 'down':
        return down
    if mode == 'up':
        return up
    return up if (p - down[0]) >= (up[0] - p) else down


def frac_text(v, scale):
    """Text of the rational v, exact at scale."""
    m = v * Fraction(10) ** scale
    assert m.denominator == 1, (v, scale)
    return fixed(int(m), scale)


def cap_bounds(old, up, down, places):
    """The cap's bounds as Fractions (None: open), rounded inward to places; '22023' when
    they cross."""
    o = Fraction(Decimal(old))
    hi = None if up is None else o * (1 + Fraction(Decimal(up)))
    lo = None if down is None else o * (1 - Fraction(Decimal(down)))
    if places is not None:
        scale = Fraction(10) ** places
        if hi is not None:
            hi = Fraction(round_fraction(hi * scale, 'floor')) / scale
        if lo is not None:
            lo = Fraction(round_fraction(lo * scale, 'ceiling')) / scale
    if hi is not None and lo is not None and lo > hi:
        return '22023'
    return lo, hi


def want_fit(old, new, up, down, places, ladder, mode):
    """limit_change with price points: (text, how) or a SQLSTATE.  The uncapped point when it
    lies in the cap; else, when the target lies beyond old on the side the point left the cap,
    the point nearest the cap between old and the cap; else the target capped."""
    t = Fraction(Decimal(new))
    if places is not None and (t * Fraction(10) ** places).denominator != 1:
        return '22003'
    e = want_ladder_point(ladder, t, mode)
    def out(v, sc):
        return places_text(int(v * Fraction(10) ** places), places) if places is not None \
            else frac_text(v, sc)
    if old is None:
        return out(*e), 'point'
    b = cap_bounds(old, up, down, places)
    if b == '22023':
        return '22023'
    lo, hi = b
    o = Fraction(Decimal(old))
    if (lo is None or e[0] >= lo) and (hi is None or e[0] <= hi):
        return out(*e), 'point'
    if hi is not None and e[0] > hi and t > o:
        c = ladder_points_in(ladder, o if lo is None else max(lo, o), hi)[1]
        if c is not None:
            return out(*c), 'capped'
    if lo is not None and e[0] < lo and t < o:
        c = ladder_points_in(ladder, lo, o if hi is None else min(hi, o))[0]
        if c is not None:
            return out(*c), 'capped'
    side = 'hi' if hi is not None and t > hi else 'lo' if lo is not None and t < lo else None
    v = hi if side == 'hi' else lo if side == 'lo' else t
    if places is not None:
        return out(v, 0), 'no_point'
    # without places: the target's own text, or the exact bound as numeric's product gives it
    if side is None:
        return canon(new), 'no_point'
    f = 1 + Decimal(up) if side == 'hi' else 1 - Decimal(down)
    return dec_text(Decimal(old) * f), 'no_point'


def want_guard(old, new, lim, places, ladder, mode):
    """guard_report's reason for (old, new, lim) given places and the ladder, or '22023'."""
    n, l = Fraction(Decimal(new)), Fraction(Decimal(lim))
    target = want_ladder_point(ladder, n, mode)[0] if ladder else n
    o = None if old is None else Fraction(Decimal(old))
    if l == target:
        return 'unchanged' if o is not None and l == o else 'changed'
    if o is None:
        return '22023'
    unit = None if places is None else Fraction(10) ** -places
    def way(tolerant):
        if n > o and l < n:
            return 'up' if (l > o - unit if tolerant and unit is not None else l >= o) else None
        if n < o and l > n:
            return 'down' if (l < o + unit if tolerant and unit is not None else l <= o) else None
        return None
    if not ladder:
        w = way(True)
        return {'up': 'capped_up', 'down': 'capped_down'}.get(w, '22023')
    down = ladder_points_in(ladder, Fraction(0), l)[1]
    if down is not None and down[0] == l:
        w = way(True)
        return {'up': 'capped_up', 'down': 'capped_down'}.get(w, '22023')
    if l == n:
        return 'no_ending'
    return 'capped_no_ending' if way(True) else '22023'


def ladder_case(g):
    """A random ladder of LADDERS, or the one-band ladder of a price ending."""
    if g.rng.random() < 0.3:
        step, ending = g.rng.choice(ENDINGS)
        return ['0'], [step], [ending]
    return g.rng.choice(LADDERS)


def near_points(g, ladder, a):
    """Some prices of a moved onto a ladder point, a bound, or halfway between points."""
    bounds, steps, endings = ladder
    for i in range(len(a)):
        if a[i] is not None and g.rng.random() < 0.2:
            j = g.rng.randrange(len(bounds))
            base = Decimal(bounds[j]) + g.rng.randrange(0, 30) * Decimal(steps[j])
            a[i] = dec_text(g.rng.choice([Decimal(bounds[j]), base + Decimal(endings[j]),
                                          base + Decimal(endings[j]) + Decimal(steps[j]) / 2]))
    return a


def test_ladders(o):
    g = o.gen
    for n in o.rounds('ladders', g.batch_len):
        ladder = g.rng.choice(LADDERS)
        a = near_points(g, ladder, g.with_nulls([price(g) for _ in range(n)]))
        mode = g.rng.choice(['nearest', 'down', 'up'])
        rows = o.sql('SELECT pricemath.apply_ladder(%s::numeric[], %s::numeric[], %s::numeric[], '
                     '%s::numeric[], %s)::text[]', (literal(a), literal(ladder[0]),
                                                   literal(ladder[1]), literal(ladder[2]), mode))
        want = [None if x is None else frac_text(*want_ladder_point(ladder, Fraction(Decimal(x)), mode))
                for x in a]
        o.check_list('apply_ladder', lambda i: {'p': a[i] if i is not None else short(a),
                                                'ladder': ladder, 'mode': mode},
                     rows[0][0], want)


def test_endings_in_cap(o):
    """limit_change with an ending or a ladder, one element per call, and guard_report of
    its result (and of a wrong result now and then)."""
    g = o.gen
    for _ in o.rounds('endings_in_cap', 1):
        ladder = ladder_case(g)
        single = len(ladder[0]) == 1 and ladder[0][0] == '0' and g.rng.random() < 0.7
        places = g.rng.choice([None, 2, 2, 2, 3, 4])
        up, down = g.rng.choice(CAPS), g.rng.choice(CAPS)
        mode = g.rng.choice(['nearest', 'down', 'up'])
        old = price(g) if g.rng.random() < 0.95 else None
        new = near_points(g, ladder, [price(g)])[0]
        if places is not None:
            if old is not None and g.rng.random() < 0.8:
                old = want_round(old, places, 'half_even')
            if g.rng.random() < 0.95:
                new = want_round(new, places, 'half_even')
        pts = ('%s::numeric, %s::numeric' if single else '%s::numeric[], %s::numeric[], %s::numeric[]')
        pargs = (ladder[1][0], ladder[2][0]) if single else tuple(literal(x) for x in ladder)
        query = ('SELECT pricemath.limit_change(ARRAY[%s::numeric], ARRAY[%s::numeric], %s::numeric, '
                 f'%s::numeric, %s::int, {pts}, %s)::text[]')
        params = (old, new, up, down, places) + pargs + (mode,)
        inputs = {'old': old, 'new': new, 'max_up': up, 'max_down': down, 'places': places,
                  'ladder': ladder, 'single': single, 'mode': mode}
        # the points must lie on the places grid (checked first, with the parameters)
        if places is not None and any((Fraction(Decimal(x)) * Fraction(10) ** places).denominator != 1
                                      for x in ladder[1] + ladder[2]):
            o.expect_error('limit_change with points', query, params, '22023', inputs)
            continue
        want = want_fit(old, new, up, down, places, ladder, mode)
        if want in ('22003', '22023'):
            o.expect_error('limit_change with points', query, params, want, inputs)
            continue
        rows = o.sql(query, params)
        got = rows[0][0][0]
        o.check('limit_change with points', inputs, got, want[0])
        # guard_report of the result, or of a wrong result
        lim = got
        if g.rng.random() < 0.25:
            lim = dec_text(Decimal(got) + g.rng.choice([Decimal('-1'), Decimal('0.01'),
                                                        Decimal('-0.01'), Decimal(1)]))
            if Decimal(lim) < 0:
                lim = got
        gq = ('SELECT pricemath.guard_report(ARRAY[%s::numeric], ARRAY[%s::numeric], '
              f'ARRAY[%s::numeric], %s::int, {pts}, %s)::text[]')
        gparams = (old, new, lim, places) + pargs + (mode,)
        gwant = want_guard(old, new, lim, places, ladder, mode)
        ginputs = dict(inputs, limited=lim)
        if lim == got and gwant == '22023':
            o.fail('guard_report of limit_change', ginputs, gwant, 'a reason')
        if gwant == '22023':
            o.expect_error('guard_report with points', gq, gparams, '22023', ginputs)
        else:
            o.check('guard_report with points', ginputs, o.sql(gq, gparams)[0][0][0], gwant)
        if lim == got and gwant != '22023':
            how = {'point': ('changed', 'unchanged'), 'capped': ('capped_up', 'capped_down'),
                   # a cap bound that happens to be a point reads as capped_up or capped_down
                   'no_point': ('capped_no_ending', 'no_ending', 'unchanged', 'changed',
                                'capped_up', 'capped_down')}[want[1]]
            if gwant not in how:
                o.fail('guard_report agrees with limit_change', ginputs, gwant, ' or '.join(how))


# each endings_in_cap case also runs guard_report
GROUPS = [
    Group('ladders', 4, ['apply_ladder(numeric[],numeric[],numeric[],numeric[],text)'], test_ladders),
    Group('endings_in_cap', 5, [
        'limit_change(numeric[],numeric[],numeric,numeric,integer,numeric,numeric,text)',
        'limit_change(numeric[],numeric[],numeric,numeric,integer,numeric[],numeric[],numeric[],text)',
        'guard_report(numeric[],numeric[],numeric[],integer,numeric,numeric,text)',
        'guard_report(numeric[],numeric[],numeric[],integer,numeric[],numeric[],numeric[],text)'],
        test_endings_in_cap),
]
