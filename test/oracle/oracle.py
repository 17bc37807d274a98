#!/usr/bin/python3
# Randomised oracle for pricemath: numeric[] results are compared, value and scale, as text
# against Python's decimal and fractions modules (or PostgreSQL's own avg()); float8[] results
# are compared bit for bit (sign of zero included) against Python floats and the decimal text
# repr() gives, or, for the compensated reductions, against the exact sum within its bound.
#
#   test/oracle/run [--seed N] [--cases N] [--skip-missing] [--verbose]
#
# Connects with the libpq environment (PGHOST, PGPORT, ...). Prints the first mismatches and
# ends with "N passed, M failed"; exits 1 when M > 0. A function that is not installed counts
# as one failure unless --skip-missing is given (for use while functions are still landing).

import argparse
import math
import random
import sys
import time
from decimal import (Decimal, localcontext, ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR,
                     ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP)
from fractions import Fraction

import psycopg

DEFAULT_SEED = 20240615
DEFAULT_CASES = 100000
MAX_REPORTED = 20

MODES = ['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor', 'unnecessary']
DECIMAL_MODES = {
    'half_even': ROUND_HALF_EVEN, 'half_up': ROUND_HALF_UP, 'half_down': ROUND_HALF_DOWN,
    'up': ROUND_UP, 'down': ROUND_DOWN, 'ceiling': ROUND_CEILING, 'floor': ROUND_FLOOR,
}
INCREMENTS = ['0.05', '0.25', '5', '100', '0.01', '1', '0.001', '0.10', '0.5', '0.125',
              '2.5', '0.0001', '1000', '0.000000000000000000000000000001']
PLACES = list(range(-3, 15))
DIV_ARRAY_SQL = 'SELECT pricemath.div(%s::numeric[], %s::numeric[], %s::int, %s::text)'
DIV_SCALAR_SQL = 'SELECT pricemath.div(%s::numeric[], %s::numeric, %s::int, %s::text)'

# Share of --cases per test group (percent); error checks come on top.
SHARES = {
    'add': 9, 'sub': 9, 'mul': 10, 'div': 18, 'round': 14, 'round_scalar': 5,
    'round_to': 12, 'round_to_scalar': 5, 'reducers': 9, 'array_avg': 4, 'weighted_avg': 5,
    # float8[] flavours (on top of the numeric ones; reducers count arrays, not elements)
    'round_float8': 30, 'round_to_float8': 20, 'add_float8': 5, 'sub_float8': 5,
    'mul_float8': 5, 'reducers_float8': 3, 'weighted_avg_float8': 1,
    # allocations (each one a whole split, run with -total too)
    'allocate': 10, 'allocate_float8': 2,
    # pricing rules (scaling, endings, caps)
    'scaling': 8, 'apply_ending': 5, 'limit_change': 5,
    # ladders, and endings and ladders inside a cap (each case also runs guard_report)
    'ladders': 4, 'endings_in_cap': 5,
    # aggregates: rows (in groups of 1..60), numeric and float8 flavours together
    'aggregates': 40,
    # tier tables (each a quantity priced by tier_price and both tier_total modes)
    'tiers': 3,
    # billing tier tables (up_to bounds, flat amounts): each a quantity priced six ways
    'billing_tiers': 3,
    # per-element rates (markup, discount, add_tax, convert), discount_stack, margin_of
    'rules2': 8,
}

SIGNATURES = {
    'add': ['add(numeric[],numeric[])', 'add(numeric[],numeric)'],
    'sub': ['sub(numeric[],numeric[])', 'sub(numeric[],numeric)'],
    'mul': ['mul(numeric[],numeric[])', 'mul(numeric[],numeric)'],
    'div': ['div(numeric[],numeric[],integer,text)', 'div(numeric[],numeric,integer,text)'],
    'round': ['round(numeric[],integer,text)'],
    'round_scalar': ['round(numeric,integer,text)'],
    'round_to': ['round_to(numeric[],numeric,text)'],
    'round_to_scalar': ['round_to(numeric,numeric,text)'],
    'reducers': ['array_sum(numeric[])', 'array_min(numeric[])', 'array_max(numeric[])'],
    'array_avg': ['array_avg(numeric[])'],
    'weighted_avg': ['weighted_avg(numeric[],numeric[])'],
    'round_float8': ['round(float8[],integer,text)'],
    'round_to_float8': ['round_to(float8[],numeric,text)'],
    'add_float8': ['add(float8[],float8[])', 'add(float8[],float8)'],
    'sub_float8': ['sub(float8[],float8[])', 'sub(float8[],float8)'],
    'mul_float8': ['mul(float8[],float8[])', 'mul(float8[],float8)'],
    'reducers_float8': ['array_sum(float8[])', 'array_min(float8[])', 'array_max(float8[])',
                        'array_avg(float8[])'],
    'weighted_avg_float8': ['weighted_avg(float8[],float8[])'],
    'allocate': ['allocate(numeric,numeric[],integer)'],
    'allocate_float8': ['allocate(numeric,float8[],integer)'],
    'scaling': ['markup(numeric[],numeric)', 'discount(numeric[],numeric)',
                'add_tax(numeric[],numeric)', 'margin_price(numeric[],numeric,integer,text)',
                'remove_tax(numeric[],numeric,integer,text)',
                'convert(numeric[],numeric,integer,text)'],
    'apply_ending': ['apply_ending(numeric[],numeric,numeric,text)'],
    'limit_change': ['limit_change(numeric[],numeric[],numeric,numeric,integer)'],
    'ladders': ['apply_ladder(numeric[],numeric[],numeric[],numeric[],text)'],
    'endings_in_cap': ['limit_change(numeric[],numeric[],numeric,numeric,integer,numeric,numeric,text)',
                       'limit_change(numeric[],numeric[],numeric,numeric,integer,numeric[],numeric[],numeric[],text)',
                       'guard_report(numeric[],numeric[],numeric[],integer,numeric,numeric,text)',
                       'guard_report(numeric[],numeric[],numeric[],integer,numeric[],numeric[],numeric[],text)'],
    'aggregates': ['weighted_avg(numeric,numeric)', 'laspeyres(numeric,numeric,numeric)',
                   'paasche(numeric,numeric,numeric)', 'fisher(numeric,numeric,numeric,numeric)',
                   'tornqvist(numeric,numeric,numeric,numeric)', 'jevons(numeric,numeric)',
                   'dutot(numeric,numeric)', 'carli(numeric,numeric)',
                   'weighted_avg(float8,float8)', 'laspeyres(float8,float8,float8)',
                   'tornqvist(float8,float8,float8,float8)', 'jevons(float8,float8)'],
    'tiers': ['tier_price(numeric,numeric[],numeric[])',
              'tier_total(numeric,numeric[],numeric[],text)'],
    'billing_tiers': ['billing_tier(numeric,numeric[])',
                      'billing_price(numeric,numeric[],numeric[])',
                      'billing_total(numeric,numeric[],numeric[],text)',
                      'billing_total(numeric,numeric[],numeric[],text,numeric[])'],
    'rules2': ['markup(numeric[],numeric[])', 'discount(numeric[],numeric[])',
               'add_tax(numeric[],numeric[])', 'convert(numeric[],numeric[],integer,text)',
               'discount_stack(numeric[],numeric[],integer,text)',
               'margin_of(numeric[],numeric[],integer,text)'],
}
# pricing rules: parameters, and the (step, ending) grids of price endings
PCTS = ['0', '0.35', '0.1', '0.0725', '0.5', '0.19', '0.07', '0.999', '1', '0.125', '0.33']
FX_RATES = ['1.0831', '0.9233', '145.2301', '0.0069', '1', '7.4605', '0.00012345', '1.1']
ENDINGS = [('1', '0.99'), ('1', '0.95'), ('10', '9'), ('0.25', '0'), ('5', '4.99'),
           ('100', '99'), ('0.05', '0.04'), ('1', '0'), ('1000', '999.99')]
CAPS = [None, '0', '0.05', '0.10', '0.25', '0.5', '1']
# price ladders as (bounds, steps, endings); the first bound is the ladder's minimum point
LADDERS = [
    (['0', '10', '100'], ['1', '1', '10'], ['0.99', '0.95', '9.00']),    # the issue's ladder
    (['0', '10', '100'], ['1', '10', '100'], ['0.99', '9.99', '99.00']),
    (['1', '10', '100'], ['1', '1', '10'], ['0.99', '0.95', '9']),      # a minimum point of 1
    (['0'], ['1'], ['0.99']),
    (['0', '10', '10.50', '20'], ['1', '1', '1', '5'], ['0.99', '0.95', '0.55', '4.99']),  # an empty band
    (['0.50', '3', '7.25', '7.50', '40'], ['0.25', '1', '0.5', '5', '10'],
     ['0.10', '0.99', '0.45', '4.95', '9']),
    (['0', '1000'], ['0.05', '100'], ['0.04', '99']),
]

# float8 inputs: increments, places and the rates prices are multiplied by
FLOAT_INCREMENTS = ['0.05', '0.25', '5', '100', '0.01', '0.001', '1', '0.10', '0.5', '0.125',
                    '2.5', '1000', '0.000000000000000000000000000001']
FLOAT_PLACES = list(range(-3, 13))
RATES = [1.0725, 1.19, 0.85, 1.2, 0.9, 1.055, 0.07, 1.0825, 0.3333, 1.08875, 1.1, 0.15]
FLOAT_TIES = [2.675, 1.005, 0.125, 1.015, 0.285, 1.045, 8.345, 0.015, 10.005, 1.115, 0.345]


class Inexact(Exception):
    """The value cannot be rounded with mode unnecessary."""


class SqlState(str):
    """An SQLSTATE a reference returns instead of a result (so 22023 the error is never
    mistaken for 22023 the number)."""


# ---- exact reference arithmetic ------------------------------------------------------------

def fixed(m, s):
    """Text of the integer m scaled by 10^-s (s >= 0), as PostgreSQL prints it."""
    digits = str(abs(m)).rjust(s + 1, '0')
    text = digits[:-s] + '.' + digits[-s:] if s else digits
    return '-' + text if m < 0 else text


def dec_text(d):
    """Text of a Decimal, with its exponent as the scale; no negative zero."""
    text = format(d, 'f')
    if text.startswith('-') and d == 0:
        text = text[1:]
    return text


def canon(text):
    """How PostgreSQL prints the numeric input text (only -0 changes)."""
    return None if text is None else dec_text(Decimal(text))


def scale_of(text):
    return len(text) - text.index('.') - 1 if '.' in text else 0


def round_fraction(q, mode):
    """Round the rational q to an integer with a pricemath rounding mode."""
    n, d = q.numerator, q.denominator
    lo = n // d
    rem2 = 2 * (n - lo * d)      # twice the remainder, compared with d
    if rem2 == 0:
        return lo
    hi = lo + 1
    positive = n > 0
    if mode == 'unnecessary':
        raise Inexact()
    if mode == 'floor':
        return lo
    if mode == 'ceiling':
        return hi
    if mode == 'down':
        return lo if positive else hi
    if mode == 'up':
        return hi if positive else lo
    if rem2 < d:
        return lo
    if rem2 > d:
        return hi
    if mode == 'half_even':
        return lo if lo % 2 == 0 else hi
    if mode == 'half_up':
        return hi if positive else lo
    if mode == 'half_down':
        return lo if positive else hi
    raise ValueError(mode)


def places_text(n, places):
    """Text of n * 10^-places with scale max(places, 0)."""
    if places >= 0:
        return fixed(n, places)
    return str(n * 10 ** -places)


def want_div(a, b, places, mode):
    q = Fraction(Decimal(a)) / Fraction(Decimal(b))
    return places_text(round_fraction(q * Fraction(10) ** places, mode), places)


def want_round(a, places, mode):
    """Reference via decimal's quantize (independent of round_fraction)."""
    d = Decimal(a)
    quantum = Decimal(1).scaleb(-places)
    if mode == 'unnecessary':
        r = d.quantize(quantum, rounding=ROUND_DOWN)
        if r != d:
            raise Inexact()
    else:
        r = d.quantize(quantum, rounding=DECIMAL_MODES[mode])
    if places < 0:
        return str(int(r))
    return dec_text(r)


def want_round_to(a, inc, mode):
    n = round_fraction(Fraction(Decimal(a)) / Fraction(Decimal(inc)), mode)
    return dec_text(Decimal(n) * Decimal(inc))


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


def want_ending(p, step, ending, mode):
    """The price point k * step + ending (k >= 0) that mode picks for p >= 0; its scale is
    the larger of step's and ending's."""
    x = (Fraction(Decimal(p)) - Fraction(Decimal(ending))) / Fraction(Decimal(step))
    k = {'down': lambda: round_fraction(x, 'floor'), 'up': lambda: round_fraction(x, 'ceiling'),
         'nearest': lambda: round_fraction(x + Fraction(1, 2), 'floor')}[mode]()
    r = Decimal(max(k, 0)) * Decimal(step) + Decimal(ending)
    return dec_text(r.quantize(Decimal(1).scaleb(-max(scale_of(step), scale_of(ending)))))


def want_limit(old, new, up, down, places):
    """new capped to [old * (1 - down), old * (1 + up)]; with places the bounds are rounded
    inward and every result has scale max(places, 0).  Returns text or a SQLSTATE."""
    if old is None:
        if places is None:
            return canon(new)
        f = Fraction(Decimal(new)) * Fraction(10) ** places
        return '22003' if f.denominator != 1 else places_text(f.numerator, places)
    o, n = Decimal(old), Decimal(new)
    if places is not None and (Fraction(n) * Fraction(10) ** places).denominator != 1:
        return '22003'
    hi = None if up is None else o * (1 + Decimal(up))
    lo = None if down is None else o * (1 - Decimal(down))
    if places is not None:
        scale = Fraction(10) ** places
        if hi is not None:
            hi = Fraction(round_fraction(Fraction(hi) * scale, 'floor')) / scale
        if lo is not None:
            lo = Fraction(round_fraction(Fraction(lo) * scale, 'ceiling')) / scale
        if hi is not None and lo is not None and lo > hi:
            return '22023'
        v = Fraction(n)
        if hi is not None and v > hi:
            v = hi
        if lo is not None and v < lo:
            v = lo
        return places_text(int(v * scale), places)
    v = n
    if hi is not None and v > hi:
        v = hi
    if lo is not None and v < lo:
        v = lo
    return dec_text(v)



# -- ladders: an independent reference that scans every band --

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


def tier_contract(q, t, p):
    """The SQLSTATE tier_price and tier_total raise for quantity q and the tier arrays t and p
    (lists of texts, None for a NULL element, a list of lists for 2-D), checked in the
    functions' order; None for a valid table."""
    if not Decimal(q).is_finite():
        return SqlState('22003')
    if Decimal(q) < 0:
        return SqlState('22023')
    if any(isinstance(x, list) for x in t + p) or len(t) != len(p):
        return SqlState('2202E')
    if not t:
        return SqlState('22023')
    for x in t + p:
        if x is None:
            return SqlState('22004')
        if not Decimal(x).is_finite():
            return SqlState('22003')
    ts = [Decimal(x) for x in t]
    if ts[0] != 0 or any(a >= b for a, b in zip(ts, ts[1:])):
        return SqlState('22023')
    return None


def tier_of(q, t):
    """The tier holding q: the last threshold not above it (a boundary is the upper tier's)."""
    return max(i for i, x in enumerate(t) if Decimal(x) <= Decimal(q))


def graduated_terms(q, t, p):
    """The (upper, lower, price) texts of the graduated sum: each tier q fills at its threshold
    difference, then q's own tier k at q - t[k]; q exactly on t[k] (k > 0) adds no such term,
    and q = 0 gives the one term (0 - t[0]) * p[0]."""
    k = tier_of(q, t)
    terms = [(t[i + 1], t[i], p[i]) for i in range(k)]
    if k == 0 or Decimal(q) > Decimal(t[k]):
        terms.append((q, t[k], p[k]))
    return terms


def want_tier_price(q, t, p):
    """The unit price of q's tier as written (its own scale); None when an argument is NULL
    (the functions are STRICT); or the SQLSTATE."""
    if q is None or t is None or p is None:
        return None
    return tier_contract(q, t, p) or canon(p[tier_of(q, t)])


def want_tier_total(q, t, p, mode):
    """volume: q * p[k]; graduated: the sum of graduated_terms, in decimal arithmetic, which
    keeps numeric's scales (a product's is the sum of the factors', a sum's the largest)."""
    if q is None or t is None or p is None or mode is None:
        return None
    if mode.lower() not in ('volume', 'graduated'):
        return SqlState('22023')
    bad = tier_contract(q, t, p)
    if bad:
        return bad
    if mode.lower() == 'volume':
        return dec_text(Decimal(q) * Decimal(p[tier_of(q, t)]))
    total = None
    for hi, lo, price in graduated_terms(q, t, p):
        term = (Decimal(hi) - Decimal(lo)) * Decimal(price)
        total = term if total is None else total + term
    return dec_text(total)


# ---- billing tier tables (inclusive up_to bounds, the last NULL for an open tier) ----------
#
# An independent reference: values as Fractions from the tiers' intervals, scales from
# numeric's rules for the documented expression (a product's scale is the sum of its factors',
# a sum's or difference's the larger); no code shared with the threshold references above.

def frac(text):
    return Fraction(Decimal(text))


def bill_contract(q, u, p, f, nprices):
    """The SQLSTATE billing_tier (nprices 0), billing_price (1) and billing_total (1, or 2
    with flat amounts) raise, in the functions' order of checks; None for a valid call.
    Arrays are lists of texts (None for NULL, a list of lists for 2-D)."""
    if not Decimal(q).is_finite():
        return SqlState('22003')
    if Decimal(q) < 0:
        return SqlState('22023')
    arrays = [u, p, f][:nprices + 1]
    if any(isinstance(x, list) for a in arrays for x in a) or \
            any(len(a) != len(u) for a in arrays):
        return SqlState('2202E')
    if not u:
        return SqlState('22023')
    for i, x in enumerate(u):
        if x is None:
            if i == len(u) - 1:
                continue
            return SqlState('22004')
        if not Decimal(x).is_finite():
            return SqlState('22003')
    for a in arrays[1:]:
        for x in a:
            if x is None:
                return SqlState('22004')
            if not Decimal(x).is_finite():
                return SqlState('22003')
            if Decimal(x) < 0:
                return SqlState('22023')
    bounds = [frac(x) for x in (u[:-1] if u[-1] is None else u)]
    if bounds and bounds[0] <= 0 or any(a >= b for a, b in zip(bounds, bounds[1:])):
        return SqlState('22023')
    if u[-1] is not None and frac(q) > bounds[-1]:
        return SqlState('22023')
    return None


def bill_tier_index(q, u):
    """0-based tier of q: the tier whose interval (up_to[i-1], up_to[i]] holds it."""
    v = frac(q)
    for i, x in enumerate(u):
        lo = frac(u[i - 1]) if i > 0 else None
        if (lo is None or v > lo) and (x is None or v <= frac(x)):
            return i
    raise AssertionError('quantity beyond the table')


def bill_terms(q, u, graduated):
    """The tiers the total charges as (i, value of the width, scale of the width): volume
    charges q's tier for all of q; graduated every tier q reaches, a filled one (up_to[i] <= q)
    at up_to[i] - up_to[i-1], the last at q - up_to[i-1] (tier 0 from an implicit 0)."""
    v, sq = frac(q), scale_of(canon(q))
    k = bill_tier_index(q, u)
    if not graduated:
        return [(k, v, sq)]
    out = []
    for i in range(k + 1):
        hi_text = u[i] if u[i] is not None and frac(u[i]) <= v else None
        hi, shi = (frac(hi_text), scale_of(canon(hi_text))) if hi_text else (v, sq)
        lo, slo = (frac(u[i - 1]), scale_of(canon(u[i - 1]))) if i > 0 else (Fraction(0), 0)
        out.append((i, hi - lo, max(shi, slo)))
    return out


def want_bill_total(q, u, p, mode, f=None, with_flat=False):
    """billing_total's text; None for a NULL argument (STRICT); or the SQLSTATE."""
    if q is None or u is None or p is None or mode is None or (with_flat and f is None):
        return None
    if mode.lower() not in ('volume', 'graduated'):
        return SqlState('22023')
    bad = bill_contract(q, u, p, f, 2 if with_flat else 1)
    if bad:
        return bad
    total, scale = Fraction(0), 0
    for i, width, sw in bill_terms(q, u, mode.lower() == 'graduated'):
        total += width * frac(p[i])
        scale = max(scale, sw + scale_of(canon(p[i])))
        if with_flat:
            total += frac(f[i])
            scale = max(scale, scale_of(canon(f[i])))
    assert (total * 10 ** scale).denominator == 1
    return fixed(int(total * 10 ** scale), scale)


def want_bill_price(q, u, p):
    if q is None or u is None or p is None:
        return None
    return bill_contract(q, u, p, None, 1) or canon(p[bill_tier_index(q, u)])


def want_bill_tier(q, u, lbound):
    if q is None or u is None:
        return None
    return bill_contract(q, u, None, None, 0) or lbound + bill_tier_index(q, u)


def exact_text_fits(got, exact):
    """True when the printed value got is the exact rational rounded to got's own scale."""
    s = scale_of(got)
    return abs(Fraction(Decimal(got)) - exact) * 2 * 10 ** s <= 1


# ---- float8 references ----------------------------------------------------------------------
#
# float8 rounding rounds the shortest decimal that round-trips to the double (repr(x), the text
# PostgreSQL prints), and returns the double nearest the exact decimal result; zero is +0.
# Doubles are compared through repr(), which is one-to-one on non-NaN doubles (-0.0 included).

def fkey(x):
    return None if x is None else repr(float(x))


def plus_zero(f):
    return 0.0 if f == 0 else f


def want_fround(x, places, mode):
    """Reference via decimal's quantize on Decimal(repr(x))."""
    d = Decimal(repr(x))
    quantum = Decimal(1).scaleb(-places)
    if mode == 'unnecessary':
        r = d.quantize(quantum, rounding=ROUND_DOWN)
        if r != d:
            raise Inexact()
    else:
        r = d.quantize(quantum, rounding=DECIMAL_MODES[mode])
    return plus_zero(float(r))


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


# ---- case generation -----------------------------------------------------------------------

class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def int_digits(self, n):
        if n <= 1:
            return self.rng.randrange(10)
        return self.rng.randrange(10 ** (n - 1), 10 ** n)

    def sign(self, m, p=0.3):
        return -m if self.rng.random() < p else m

    def value(self, null_p=0.0):
        """A random numeric text: mostly prices, some wide, beyond-int128 and tiny values."""
        r = self.rng
        if null_p and r.random() < null_p:
            return None
        k = r.random()
        if k < 0.55:                                      # prices
            s = r.choice([0, 1, 2, 2, 2, 3, 4, 6])
            m = self.int_digits(r.randint(1, 9))
        elif k < 0.80:                                    # up to 30 digits, scale 0..12
            s = r.randint(0, 12)
            m = self.int_digits(r.randint(1, 30))
        elif k < 0.90:                                    # beyond int128: 39..45 digits
            s = r.randint(0, 12)
            m = self.int_digits(r.randint(39, 45))
        elif k < 0.95:                                    # large scales, around 1e-30
            s = r.randint(20, 35)
            m = self.int_digits(r.randint(1, 8))
        elif k < 0.98:                                    # zeros, some written as -0
            s = r.randint(0, 6)
            return r.choice(['', '-']) + fixed(0, s)
        else:                                             # int128 edges and trailing zeros
            s = r.randint(0, 12)
            m = r.choice([2 ** 127 - 1, 2 ** 127, 2 ** 126, 10 ** 38 - 1, 10 ** 38,
                          10 ** 18, 2 ** 63, 2 ** 64 - 1]) + r.randint(-2, 2)
            m = m * 10 ** r.randint(0, 3)
        return fixed(self.sign(m), s)

    def nonzero(self):
        while True:
            v = self.value()
            if Decimal(v) != 0:
                return v

    def divisor(self):
        """Divisors: some with quotients that terminate, some that do not."""
        r = self.rng
        k = r.random()
        if k < 0.5:
            return self.nonzero()
        if k < 0.8:
            m = r.choice([1, 2, 3, 4, 5, 7, 8, 10, 12, 16, 20, 25, 40, 100, 125, 3, 6, 9, 11])
            return fixed(self.sign(m * 10 ** r.randint(0, 2)), r.randint(0, 4))
        return fixed(self.sign(self.int_digits(r.randint(1, 18)) or 1), r.randint(0, 12))

    def tie(self, places):
        """A value exactly halfway between two multiples of 10^-places, or just off it."""
        r = self.rng
        if r.random() < 0.1:      # the tie's digits sit next to a 64- or 128-bit limit
            lim = r.choice([2 ** 63, 2 ** 64, 2 ** 127])
            num = self.sign((lim // 10 + r.randint(-3, 3)) | 1)
        else:
            num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        s = max(places + 1, 0) + r.choice([0, 0, 0, 1, 2])
        m = num * 5 * 10 ** (s - places - 1)
        k = r.random()
        if k < 0.7:
            return fixed(m, s)
        e = r.randint(1, 6)
        return fixed(m * 10 ** e + r.choice([-1, 1]), s + e)

    def exact_for_places(self, places):
        """A value that rounds to places without change."""
        r = self.rng
        m = self.sign(self.int_digits(r.randint(1, 15)))
        if places >= 0:
            return fixed(m, r.randint(0, places))
        return fixed(m * 10 ** -places * 10 ** r.randint(0, 2), 0) if r.random() < 0.5 \
            else fixed(m * 10 ** (-places + 2), 2)

    def tie_for_increment(self, inc):
        r = self.rng
        d = Decimal(inc)
        si = scale_of(inc)
        i_int = int(d.scaleb(si))
        num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        m, s = (num * i_int // 2, si) if i_int % 2 == 0 else (num * i_int * 5, si + 1)
        if r.random() < 0.7:
            return fixed(m, s)
        e = r.randint(1, 6)
        return fixed(m * 10 ** e + r.choice([-1, 1]), s + e)

    def multiple_of(self, inc):
        n = self.sign(self.int_digits(self.rng.randint(1, 15)))
        return dec_text(Decimal(n) * Decimal(inc))

    def boundary_pair(self, op):
        """Operands whose result (or rescaled operand) lands next to a 64- or 128-bit limit."""
        r = self.rng
        lim = r.choice([2 ** 127, 2 ** 127, 2 ** 63, 2 ** 64, 10 ** 38])
        s = r.randint(0, 12)
        flip = -1 if r.random() < 0.5 else 1
        if op == 'mul':
            x = r.randint(2, 2 ** r.randint(2, 100))
            y = lim // x + r.randint(-1, 1)
            sx = r.randint(0, 6)
            return fixed(flip * x, sx), fixed(self.sign(y), s)
        k = r.choice([0, 0, 1, 3, 6])                 # b's extra scale rescales a by 10^k
        d = r.randint(0, 10 ** 6)
        a = (lim - 1 - d) // 10 ** k + r.randint(-1, 1)
        b = d + r.randint(-2, 2)
        if op == 'sub':
            b = -b
        return fixed(flip * a, s), fixed(flip * b, s + k)

    def batch_len(self):
        return self.rng.choice([1, 2, 3, 17, 500, 1000, 1000, 1500, 2000, 2000])

    def with_nulls(self, values, p=0.03):
        return [None if self.rng.random() < p else v for v in values]

    # -- float8 values --

    def fsign(self, x, p=0.3):
        return -x if self.rng.random() < p else x

    def fdec(self, m, e):
        """The double nearest m * 10^e."""
        return float(Decimal(m).scaleb(e))

    def fvalue(self, wide=True):
        """A random finite double: prices as the float8 flavours see them, large and tiny ones."""
        r = self.rng
        k = r.random()
        if k < 0.22:                                      # cents and half cents, k/200
            return self.fsign(r.randint(0, 10 ** r.randint(1, 9)) / 200)
        if k < 0.40:                                      # price times a rate
            return self.fsign(r.randint(1, 10 ** r.randint(2, 8)) / 100 * r.choice(RATES))
        if k < 0.55:                                      # 3 to 6 decimals
            return self.fsign(r.randint(0, 10 ** r.randint(1, 10)) / 10 ** r.randint(3, 6))
        if k < 0.62:                                      # sums of a few prices (0.1 + 0.2)
            t = 0.0
            for _ in range(r.randint(2, 6)):
                t += r.randint(1, 10 ** r.randint(1, 6)) / 100
            return self.fsign(t)
        if k < 0.72:                                      # up to 17 significant digits
            m = self.int_digits(r.randint(1, 17))
            return self.fsign(self.fdec(m, r.randint(-17, 2)))
        if k < 0.82:                                      # large: 1e15 .. 1e22
            if r.random() < 0.3:                          # halves just below 2^53
                return self.fsign(r.randint(2 ** 50, 2 ** 52) + 0.5)
            d = r.randint(1, 17)
            return self.fsign(self.fdec(self.int_digits(d), r.randint(15, 22) - d + 1))
        if k < 0.88:                                      # tiny: around 1e-300, subnormals
            if r.random() < 0.3:
                return self.fsign(r.choice([1e-300, 5e-324, 2.2250738585072014e-308,
                                            2.225073858507201e-308, 1e-310]))
            return self.fsign(self.fdec(self.int_digits(r.randint(1, 17)), -r.randint(290, 330)))
        if k < 0.92 and wide:                             # beyond the fast core: 1e23 .. 1e300
            return self.fsign(self.fdec(self.int_digits(r.randint(1, 17)), r.randint(23, 284)))
        if k < 0.95:                                      # zeros
            return r.choice([0.0, -0.0])
        return self.fsign(r.choice([0.1 + 0.2, 0.3, 1.1 * 1.1, 100.0, 1.0, 0.5, 2.5, 1e15,
                                    1e22, 9007199254740991.0, 4503599627370495.5, 0.1]))

    def nudge(self, x):
        """x, or a double a few ulps away from it."""
        r = self.rng
        k = r.random()
        if k < 0.5:
            return x
        toward = math.inf if r.random() < 0.5 else -math.inf
        for _ in range(1 if k < 0.85 else r.randint(2, 4)):
            x = math.nextafter(x, toward)
        return x

    def ftie(self, places):
        """A double whose shortest text is halfway between two multiples of 10^-places."""
        r = self.rng
        if places == 2 and r.random() < 0.3:
            return self.fsign(r.choice(FLOAT_TIES), 0.5)
        num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        return self.fdec(num * 5, -(places + 1))

    def fmultiple(self, places):
        """A double whose shortest text is a multiple of 10^-places (12.34 at 2 places)."""
        r = self.rng
        return self.fdec(self.sign(self.int_digits(r.randint(1, 15))), -places)

    def ftie_for_increment(self, inc):
        num = self.sign(2 * self.int_digits(self.rng.randint(1, 12)) + 1)
        return float(Decimal(num) * Decimal(inc) / 2)

    def fmultiple_of(self, inc):
        return float(Decimal(self.sign(self.int_digits(self.rng.randint(1, 15)))) * Decimal(inc))


def literal(values):
    """A numeric[] (or int[]) literal; values are plain numbers or None."""
    return '{' + ','.join('NULL' if v is None else str(v) for v in values) + '}'


def tier_literal(values, lbound=1):
    """A numeric[] literal for a tier array (None for NULL, a list of lists for 2-D), with
    lower bound lbound."""
    if values is None:
        return None
    if any(isinstance(v, list) for v in values):
        return '{' + ','.join(literal(v) for v in values) + '}'
    if lbound == 1 or not values:
        return literal(values)
    return f'[{lbound}:{lbound + len(values) - 1}]=' + literal(values)


def short(x, limit=160):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + '...'


# ---- the runner ----------------------------------------------------------------------------

class Oracle:
    def __init__(self, conn, args):
        self.conn = conn
        self.args = args
        self.gen = Gen(args.seed)
        self.passed = 0
        self.failed = 0
        self.reports = []

    def sql(self, query, params=()):
        with self.conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    def fail(self, what, inputs, got, want):
        self.failed += 1
        if len(self.reports) < MAX_REPORTED:
            self.reports.append((what, inputs, got, want))

    def check(self, what, inputs, got, want):
        if got == want:
            self.passed += 1
        else:
            self.fail(what, inputs, got, want)

    def check_list(self, what, inputs_of, got, want):
        """Compare element by element; inputs_of(i) describes element i for the report."""
        if got is None or len(got) != len(want):
            self.fail(what, inputs_of(None), short(got), f'{len(want)} elements')
            self.failed += len(want) - 1
            return
        for i, (g, w) in enumerate(zip(got, want)):
            self.check(what, inputs_of(i), g, w)

    def expect_error(self, what, query, params, sqlstate, inputs):
        try:
            rows = self.sql(query, params)
        except psycopg.Error as e:
            self.check(what, inputs, f'SQLSTATE {e.sqlstate}', f'SQLSTATE {sqlstate}')
            return
        self.fail(what, inputs, short(rows), f'SQLSTATE {sqlstate}')

    def missing(self, group):
        """Signatures of the group that are not installed."""
        absent = []
        for sig in SIGNATURES[group]:
            (ok,) = self.sql('SELECT to_regprocedure(%s) IS NOT NULL', ('pricemath.' + sig,))[0]
            if not ok:
                absent.append('pricemath.' + sig)
        return absent

    def budget(self, group):
        return max(1, self.args.cases * SHARES[group] // 100)

    # -- element-wise add, sub, mul --

    def test_arith(self, name):
        g = self.gen
        op = {'add': Decimal.__add__, 'sub': Decimal.__sub__, 'mul': Decimal.__mul__}[name]
        done = 0
        while done < self.budget(name):
            n = g.batch_len()
            a = g.with_nulls([g.value() for _ in range(n)])
            if g.rng.random() < 0.25:
                b = g.value()
                rows = self.sql(f'SELECT pricemath.{name}(%s::numeric[], %s::numeric)::text[]',
                                (literal(a), b))
                want = [None if x is None else dec_text(op(Decimal(x), Decimal(b))) for x in a]
                self.check_list(f'{name}(array, scalar)',
                                lambda i: {'a': a[i] if i is not None else short(a), 'b': b},
                                rows[0][0], want)
            else:
                b = [g.value() for _ in range(n)]
                for i in range(n):
                    if g.rng.random() < 0.1:
                        a[i], b[i] = g.boundary_pair(name)
                b = g.with_nulls(b)
                rows = self.sql(f'SELECT pricemath.{name}(%s::numeric[], %s::numeric[])::text[]',
                                (literal(a), literal(b)))
                want = [None if x is None or y is None else dec_text(op(Decimal(x), Decimal(y)))
                        for x, y in zip(a, b)]
                self.check_list(f'{name}(array, array)',
                                lambda i: {'a': a[i], 'b': b[i]} if i is not None
                                else {'a': short(a), 'b': short(b)},
                                rows[0][0], want)
            done += n

    # -- div --

    def div_pair(self, places, mode, b=None):
        g = self.gen
        k = g.rng.random()
        b = b or g.divisor()
        if mode == 'unnecessary' or k < 0.25:             # quotient exact at places
            q = g.exact_for_places(places)
            return dec_text(Decimal(q) * Decimal(b)), b
        if k < 0.5:                                       # exact tie (or just off it)
            q = g.tie(places)
            return dec_text(Decimal(q) * Decimal(b)), b
        return g.value(), b

    def test_div(self):
        g = self.gen
        done = 0
        while done < self.budget('div'):
            n = g.batch_len()
            places = g.rng.choice(PLACES + [0, 2, 2, -2])
            mode = g.rng.choice(MODES + [None])
            scalar = g.rng.random() < 0.25
            b0 = g.divisor() if scalar else None
            pairs = [self.div_pair(places, mode or 'half_even', b0) for _ in range(n)]
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
            rows = self.sql(query, params)
            want = [None if x is None or y is None else want_div(x, y, places, mode or 'half_even')
                    for x, y in zip(a, b)]
            what = f'div({"array, scalar" if scalar else "array, array"}, {places}, {mode})'
            self.check_list(what, lambda i: {'a': a[i], 'b': b[i]} if i is not None
                            else {'a': short(a), 'b': short(b)}, rows[0][0], want)
            done += n

    # -- round --

    def round_value(self, places, mode):
        g = self.gen
        k = g.rng.random()
        if mode == 'unnecessary' or k < 0.15:
            return g.exact_for_places(places)
        if k < 0.5:
            return g.tie(places)
        return g.value()

    def test_round(self):
        g = self.gen
        done = 0
        while done < self.budget('round'):
            n = g.batch_len()
            form = g.rng.choice(['places_mode'] * 4 + ['places', 'default'])
            places = 2 if form == 'default' else g.rng.choice(PLACES + [0, 2, 2, -2])
            mode = g.rng.choice(MODES) if form == 'places_mode' else 'half_even'
            a = g.with_nulls([self.round_value(places, mode) for _ in range(n)])
            if form == 'default':
                rows = self.sql('SELECT pricemath.round(%s::numeric[])::text[]', (literal(a),))
            elif form == 'places':
                rows = self.sql('SELECT pricemath.round(%s::numeric[], %s::int)::text[]',
                                (literal(a), places))
            else:
                rows = self.sql('SELECT pricemath.round(%s::numeric[], %s::int, %s::text)::text[]',
                                (literal(a), places, mode))
            want = [None if x is None else want_round(x, places, mode) for x in a]
            self.check_list(f'round(array, {places}, {mode}) [{form}]',
                            lambda i: {'a': a[i] if i is not None else short(a)}, rows[0][0], want)
            done += n

    def test_round_scalar(self):
        g = self.gen
        done = 0
        while done < self.budget('round_scalar'):
            n = g.batch_len()
            places = [g.rng.choice(PLACES) for _ in range(n)]
            modes = [g.rng.choice(MODES[:-1]) for _ in range(n)]
            for i in range(n):              # some exact ones under unnecessary
                if g.rng.random() < 0.1:
                    modes[i] = 'unnecessary'
            xs = [self.round_value(p, m) for p, m in zip(places, modes)]
            xs = g.with_nulls(xs)
            rows = self.sql(
                'SELECT pricemath.round(x::numeric, p, m)::text '
                'FROM unnest(%s::text[], %s::int[], %s::text[]) WITH ORDINALITY AS u(x, p, m, i) '
                'ORDER BY i', (xs, literal(places), literal(modes)))
            want = [None if x is None else want_round(x, p, m)
                    for x, p, m in zip(xs, places, modes)]
            self.check_list('round(scalar, places, mode)',
                            lambda i: {'x': xs[i], 'places': places[i], 'mode': modes[i]}
                            if i is not None else {'x': short(xs)},
                            [r[0] for r in rows], want)
            done += n

    # -- round_to --

    def round_to_value(self, inc, mode):
        g = self.gen
        k = g.rng.random()
        if mode == 'unnecessary' or k < 0.15:
            return g.multiple_of(inc)
        if k < 0.5:
            return g.tie_for_increment(inc)
        return g.value()

    def test_round_to(self):
        g = self.gen
        done = 0
        while done < self.budget('round_to'):
            n = g.batch_len()
            inc = g.rng.choice(INCREMENTS)
            mode = g.rng.choice(MODES + [None])
            a = g.with_nulls([self.round_to_value(inc, mode or 'half_even') for _ in range(n)])
            if mode is None:
                rows = self.sql('SELECT pricemath.round_to(%s::numeric[], %s::numeric)::text[]',
                                (literal(a), inc))
            else:
                rows = self.sql(
                    'SELECT pricemath.round_to(%s::numeric[], %s::numeric, %s::text)::text[]',
                    (literal(a), inc, mode))
            want = [None if x is None else want_round_to(x, inc, mode or 'half_even') for x in a]
            self.check_list(f'round_to(array, {inc}, {mode})',
                            lambda i: {'a': a[i] if i is not None else short(a)}, rows[0][0], want)
            done += n

    def test_round_to_scalar(self):
        g = self.gen
        done = 0
        while done < self.budget('round_to_scalar'):
            n = g.batch_len()
            incs = [g.rng.choice(INCREMENTS) for _ in range(n)]
            modes = [g.rng.choice(MODES[:-1]) if g.rng.random() < 0.9 else 'unnecessary'
                     for _ in range(n)]
            xs = g.with_nulls([self.round_to_value(c, m) for c, m in zip(incs, modes)])
            rows = self.sql(
                'SELECT pricemath.round_to(x::numeric, c::numeric, m)::text '
                'FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS u(x, c, m, i) '
                'ORDER BY i', (xs, incs, modes))
            want = [None if x is None else want_round_to(x, c, m)
                    for x, c, m in zip(xs, incs, modes)]
            self.check_list('round_to(scalar, increment, mode)',
                            lambda i: {'x': xs[i], 'increment': incs[i], 'mode': modes[i]}
                            if i is not None else {'x': short(xs)},
                            [r[0] for r in rows], want)
            done += n

    # -- errors: division by zero and mode unnecessary --

    def test_errors(self):
        g = self.gen
        checks = max(5, min(60, self.args.cases // 2000))
        installed = {group: not self.missing(group) for group in SIGNATURES}
        have = installed.get
        for _ in range(checks):
            n = g.rng.randint(1, 50)
            a = [g.nonzero() for _ in range(n)]
            a = [x if g.rng.random() > 0.2 else None for x in a]
            z = g.rng.randrange(n)
            a[z] = g.nonzero()
            places = g.rng.choice(PLACES)
            # not unnecessary: an inexact quotient before the zero would raise 22003 first
            mode = g.rng.choice(MODES[:-1])
            if have('div'):
                b = [g.divisor() for _ in range(n)]
                b[z] = fixed(0, g.rng.randint(0, 4))
                self.expect_error('div by zero element',
                                  DIV_ARRAY_SQL,
                                  (literal(a), literal(b), places, mode), '22012',
                                  {'a': short(a), 'b': short(b), 'places': places, 'mode': mode})
                zero = fixed(0, g.rng.randint(0, 4))
                self.expect_error('div by zero scalar',
                                  DIV_SCALAR_SQL,
                                  (literal(a), zero, places, mode), '22012',
                                  {'a': short(a), 'b': zero, 'places': places, 'mode': mode})
            # one inexact element among exact ones
            places = g.rng.choice(PLACES)
            exact = [g.exact_for_places(places) for _ in range(n)]
            inexact = fixed(g.sign(g.int_digits(g.rng.randint(1, 12)) * 10 + g.rng.randint(1, 9)),
                            max(places + 1, 0))
            if places < 0:
                inexact = fixed(g.sign(g.int_digits(g.rng.randint(1, 12)) * 10 ** -places
                                       + g.rng.randint(1, 10 ** -places - 1)), 0)
            bad = list(exact)
            bad[z] = inexact
            if have('round'):
                self.expect_error('round unnecessary inexact',
                                  'SELECT pricemath.round(%s::numeric[], %s::int, %s::text)',
                                  (literal(bad), places, 'unnecessary'), '22003',
                                  {'a': short(bad), 'places': places, 'inexact': inexact})
            if have('round_scalar'):
                self.expect_error('round scalar unnecessary inexact',
                                  'SELECT pricemath.round(%s::numeric, %s::int, %s::text)',
                                  (inexact, places, 'unnecessary'), '22003',
                                  {'x': inexact, 'places': places})
            if have('div'):
                b0 = g.divisor()
                bad_a = [dec_text(Decimal(q) * Decimal(b0)) for q in bad]
                self.expect_error('div unnecessary inexact',
                                  DIV_SCALAR_SQL,
                                  (literal(bad_a), b0, places, 'unnecessary'), '22003',
                                  {'a': short(bad_a), 'b': b0, 'places': places})
            inc = g.rng.choice(INCREMENTS)
            multiples = [g.multiple_of(inc) for _ in range(n)]
            off = dec_text(Decimal(g.multiple_of(inc)) + Decimal(inc) / 2
                           + g.rng.choice([0, Decimal(inc) / 8]))
            multiples[z] = off
            if have('round_to'):
                self.expect_error('round_to unnecessary inexact',
                                  'SELECT pricemath.round_to(%s::numeric[], %s::numeric, %s::text)',
                                  (literal(multiples), inc, 'unnecessary'), '22003',
                                  {'a': short(multiples), 'increment': inc, 'inexact': off})
            if have('round_to_scalar'):
                self.expect_error('round_to scalar unnecessary inexact',
                                  'SELECT pricemath.round_to(%s::numeric, %s::numeric, %s::text)',
                                  (off, inc, 'unnecessary'), '22003',
                                  {'x': off, 'increment': inc})

    # -- reducers --

    def reducer_array(self):
        g = self.gen
        r = g.rng
        k = r.random()
        if k < 0.03:
            return []
        if k < 0.06:
            return [None] * r.randint(1, 5)
        n = r.randint(100, 1000) if r.random() < 0.03 else r.choice([1, 2, 3, r.randint(4, 40)])
        a = g.with_nulls([g.value() for _ in range(n)], p=0.08)
        if r.random() < 0.3:          # equal values written with different scales
            src = [x for x in a if x is not None]
            if src:
                x = r.choice(src)
                wider = x + ('' if '.' in x else '.') + '0' * r.randint(1, 3)
                a.insert(r.randrange(len(a) + 1), wider)
        return a

    def test_reducers(self):
        g = self.gen
        done = 0
        while done < self.budget('reducers'):
            arrays = [self.reducer_array() for _ in range(g.rng.choice([50, 200, 300]))]
            lits = [literal(a) for a in arrays]
            rows = self.sql(
                'SELECT pricemath.array_sum(t::numeric[])::text, '
                'pricemath.array_min(t::numeric[])::text, pricemath.array_max(t::numeric[])::text '
                'FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i', (lits,))
            for a, lit, (got_sum, got_min, got_max) in zip(arrays, lits, rows):
                vals = [x for x in a if x is not None]
                if not vals:
                    self.check('array_sum', {'a': short(lit)}, got_sum, None)
                    self.check('array_min', {'a': short(lit)}, got_min, None)
                    self.check('array_max', {'a': short(lit)}, got_max, None)
                    continue
                decs = [Decimal(x) for x in vals]
                self.check('array_sum', {'a': short(lit)}, got_sum, dec_text(sum(decs, Decimal(0))))
                for name, got, best in (('array_min', got_min, min(decs)),
                                        ('array_max', got_max, max(decs))):
                    # equal values with different scales: the last of them, as min()/max()
                    want = [canon(x) for x, d in zip(vals, decs) if d == best][-1]
                    self.check(name, {'a': short(lit)}, got, want)
            done += len(arrays)

    def test_array_avg(self):
        g = self.gen
        done = 0
        while done < self.budget('array_avg'):
            arrays = [self.reducer_array() for _ in range(g.rng.choice([50, 200, 300]))]
            lits = [literal(a) for a in arrays]
            rows = self.sql(
                'SELECT pricemath.array_avg(t::numeric[])::text, '
                '(SELECT avg(x)::text FROM unnest(t::numeric[]) AS x) '
                'FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i', (lits,))
            for a, lit, (got, pg) in zip(arrays, lits, rows):
                vals = [Fraction(Decimal(x)) for x in a if x is not None]
                if got != pg:
                    self.fail('array_avg vs avg()', {'a': short(lit)}, got, pg)
                elif vals and not exact_text_fits(got, sum(vals) / len(vals)):
                    self.fail('array_avg vs exact mean', {'a': short(lit)}, got,
                              f'{float(sum(vals) / len(vals))!r} within half a unit '
                              'in the last place')
                else:
                    self.passed += 1
            done += len(arrays)

    def weights(self, n):
        g = self.gen
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

    def weighted_case(self):
        g = self.gen
        r = g.rng
        k = r.random()
        if k < 0.03:
            return [], []
        n = r.randint(100, 600) if r.random() < 0.03 else r.choice([1, 2, 3, r.randint(4, 40)])
        vs = g.with_nulls([g.value() for _ in range(n)], p=0.08)
        ws = g.with_nulls(self.weights(n), p=0.08)
        if k < 0.06:
            vs = [None] * n
        # sum(w) over the complete pairs must not be zero unless there are none
        pairs = [i for i in range(n) if vs[i] is not None and ws[i] is not None]
        if pairs and sum(Decimal(ws[i]) for i in pairs) == 0:
            ws[pairs[0]] = fixed(r.randint(1, 999), r.randint(0, 3))
        return vs, ws

    def test_weighted_avg(self):
        g = self.gen
        done = 0
        while done < self.budget('weighted_avg'):
            cases = [self.weighted_case() for _ in range(g.rng.choice([50, 200, 300]))]
            vl = [literal(v) for v, _ in cases]
            wl = [literal(w) for _, w in cases]
            rows = self.sql(
                'SELECT pricemath.weighted_avg(va::numeric[], wa::numeric[])::text, '
                '(SELECT (sum(p.v * p.w) / sum(p.w))::text '
                ' FROM unnest(va::numeric[], wa::numeric[]) AS p(v, w) '
                ' WHERE p.v IS NOT NULL AND p.w IS NOT NULL) '
                'FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(va, wa, i) ORDER BY i',
                (vl, wl))
            for (vs, ws), v_lit, w_lit, (got, pg) in zip(cases, vl, wl, rows):
                inputs = {'values': short(v_lit), 'weights': short(w_lit)}
                pairs = [(Fraction(Decimal(v)), Fraction(Decimal(w)))
                         for v, w in zip(vs, ws) if v is not None and w is not None]
                if got != pg:
                    self.fail('weighted_avg vs sum(v*w)/sum(w)', inputs, got, pg)
                    continue
                if pairs:
                    exact = sum(v * w for v, w in pairs) / sum(w for _, w in pairs)
                    if got is None or not exact_text_fits(got, exact):
                        self.fail('weighted_avg vs exact', inputs, got,
                                  f'{float(exact)!r} within half a unit in the last place')
                        continue
                self.passed += 1
            done += len(cases)

    # -- float8 flavours --

    def fcheck_list(self, what, inputs_of, got, want):
        """Element-wise, bit for bit: compare repr() of the doubles (None for NULL)."""
        self.check_list(what, inputs_of, None if got is None else [fkey(v) for v in got],
                        [fkey(v) for v in want])

    def fround_value(self, exact, tie, multiple, mode):
        """A double that stresses the fast path: ties and multiples, a few ulps off or not."""
        g = self.gen
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

    def fmode(self, mode):
        """The mode as sent: modes are case-insensitive."""
        return mode.upper() if self.gen.rng.random() < 0.1 else mode

    def test_round_float8(self):
        g = self.gen
        done = 0
        while done < self.budget('round_float8'):
            n = g.batch_len()
            form = g.rng.choice(['places_mode'] * 5 + ['places', 'default'])
            places = 2 if form == 'default' else g.rng.choice(FLOAT_PLACES + [0, 2, 2, 2])
            mode = g.rng.choice(MODES) if form == 'places_mode' else 'half_even'
            a = g.with_nulls([self.fround_value(lambda x: want_fround(x, places, mode),
                                                lambda: g.ftie(places),
                                                lambda: g.fmultiple(places), mode)
                              for _ in range(n)])
            if form == 'default':
                rows = self.sql('SELECT pricemath.round(%s::float8[])', (flit(a),))
            elif form == 'places':
                rows = self.sql('SELECT pricemath.round(%s::float8[], %s::int)', (flit(a), places))
            else:
                rows = self.sql('SELECT pricemath.round(%s::float8[], %s::int, %s::text)',
                                (flit(a), places, self.fmode(mode)))
            want = [None if x is None else want_fround(x, places, mode) for x in a]
            self.fcheck_list(f'round(float8[], {places}, {mode}) [{form}]',
                             lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a))},
                             rows[0][0], want)
            done += n

    def test_round_to_float8(self):
        g = self.gen
        done = 0
        while done < self.budget('round_to_float8'):
            n = g.batch_len()
            inc = g.rng.choice(FLOAT_INCREMENTS)
            mode = g.rng.choice(MODES + [None])
            m = mode or 'half_even'
            a = g.with_nulls([self.fround_value(lambda x: want_fround_to(x, inc, m),
                                                lambda: g.ftie_for_increment(inc),
                                                lambda: g.fmultiple_of(inc), m)
                              for _ in range(n)])
            if mode is None:
                rows = self.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric)',
                                (flit(a), inc))
            else:
                rows = self.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)',
                                (flit(a), inc, self.fmode(mode)))
            want = [None if x is None else want_fround_to(x, inc, m) for x in a]
            self.fcheck_list(f'round_to(float8[], {inc}, {mode})',
                             lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a))},
                             rows[0][0], want)
            done += n

    def farith_pair(self, name):
        """Operands whose IEEE result is finite and, for mul, not an underflow to zero."""
        g = self.gen
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

    def test_arith_float8(self, name):
        g = self.gen
        op = {'add': lambda x, y: x + y, 'sub': lambda x, y: x - y,
              'mul': lambda x, y: x * y}[name]
        fine = {'add': lambda z, x, y: True, 'sub': lambda z, x, y: True,
                'mul': lambda z, x, y: z != 0 or x == 0 or y == 0}[name]
        done = 0
        while done < self.budget(name + '_float8'):
            n = g.batch_len()
            if g.rng.random() < 0.25:
                b = g.fvalue(wide=False) if g.rng.random() < 0.6 else g.rng.choice(RATES)
                a = []
                while len(a) < n:
                    x = g.fvalue()
                    z = op(x, b)
                    if math.isfinite(z) and fine(z, x, b):
                        a.append(x)
                a = g.with_nulls(a)
                rows = self.sql(f'SELECT pricemath.{name}(%s::float8[], %s::float8)',
                                (flit(a), repr(b)))
                want = [None if x is None else op(x, b) for x in a]
                self.fcheck_list(f'{name}(float8[], float8)',
                                 lambda i: {'a': fkey(a[i]) if i is not None else short(flit(a)),
                                            'b': repr(b)}, rows[0][0], want)
            else:
                pairs = [self.farith_pair(name) for _ in range(n)]
                a = g.with_nulls([p[0] for p in pairs])
                b = g.with_nulls([p[1] for p in pairs])
                rows = self.sql(f'SELECT pricemath.{name}(%s::float8[], %s::float8[])',
                                (flit(a), flit(b)))
                want = [None if x is None or y is None else op(x, y) for x, y in zip(a, b)]
                self.fcheck_list(f'{name}(float8[], float8[])',
                                 lambda i: {'a': fkey(a[i]), 'b': fkey(b[i])} if i is not None
                                 else {'a': short(flit(a)), 'b': short(flit(b))},
                                 rows[0][0], want)
            done += n

    def freducer_array(self):
        g = self.gen
        r = g.rng
        k = r.random()
        if k < 0.03:
            return []
        if k < 0.06:
            return [None] * r.randint(1, 5)
        n = r.randint(100, 1000) if r.random() < 0.05 else r.choice([1, 2, 3, r.randint(4, 40)])
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

    def test_reducers_float8(self):
        g = self.gen
        done = 0
        while done < self.budget('reducers_float8'):
            arrays = [self.freducer_array() for _ in range(g.rng.choice([50, 200, 300]))]
            lits = [flit(a) for a in arrays]
            rows = self.sql(
                'SELECT pricemath.array_sum(t::float8[]), pricemath.array_avg(t::float8[]), '
                'pricemath.array_min(t::float8[]), pricemath.array_max(t::float8[]) '
                'FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i', (lits,))
            for a, lit, (got_sum, got_avg, got_min, got_max) in zip(arrays, lits, rows):
                inputs = {'a': short(lit)}
                vals = [x for x in a if x is not None]
                if not vals:
                    for name, got in (('array_sum', got_sum), ('array_avg', got_avg),
                                      ('array_min', got_min), ('array_max', got_max)):
                        self.check(f'{name}(float8[])', inputs, fkey(got), None)
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
                    self.fail('array_sum(float8[]) vs exact sum', inputs, fkey(got_sum),
                              f'{float(Fraction(exact, 2 ** 1074))!r} within '
                              f'2 * 2^-53 * {float(Fraction(abs_sum, 2 ** 1074))!r}')
                else:
                    self.passed += 1
                # average: the sum's bound divided by n, plus one rounding of the quotient
                if got_avg is None or not math.isfinite(got_avg) or \
                        abs(scaled(got_avg) * n - exact) * 2 ** 53 > \
                        2 * abs_sum + abs(exact) + tiny * n * 2 ** 53:
                    self.fail('array_avg(float8[]) vs exact mean', inputs, fkey(got_avg),
                              f'{float(Fraction(exact, 2 ** 1074 * n))!r} within '
                              '(2 * 2^-53 * sum(|x|)) / n + 2^-53 * |mean|')
                else:
                    self.passed += 1
                # min and max: exact (either zero when +0 and -0 tie)
                for name, got, want in (('array_min', got_min, min(vals)),
                                        ('array_max', got_max, max(vals))):
                    if got is not None and got == want:
                        self.passed += 1
                    else:
                        self.fail(f'{name}(float8[])', inputs, fkey(got), fkey(want))
            done += len(arrays)

    def fweight(self):
        r = self.gen.rng
        k = r.random()
        if k < 0.1:
            return 0.0
        if k < 0.6:
            return r.randint(1, 10 ** r.randint(1, 6)) / 100
        if k < 0.8:
            return float(r.randint(1, 1000))
        return self.gen.fdec(self.gen.int_digits(r.randint(1, 17)), r.randint(-20, 10))

    def test_weighted_avg_float8(self):
        g = self.gen
        r = g.rng
        done = 0
        while done < self.budget('weighted_avg_float8'):
            cases = []
            for _ in range(r.choice([50, 200, 300])):
                n = r.randint(100, 600) if r.random() < 0.03 else \
                    r.choice([1, 2, 3, r.randint(4, 40)])
                vs = g.with_nulls([g.fvalue(wide=False) for _ in range(n)], p=0.08)
                # no subnormal values: v * w must not underflow
                vs = [None if v is None else (v if v == 0 or abs(v) > 1e-280 else 1.25)
                      for v in vs]
                ws = g.with_nulls([self.fweight() for _ in range(n)], p=0.08)
                if r.random() < 0.03:
                    vs = [None] * n
                pairs = [i for i in range(n) if vs[i] is not None and ws[i] is not None]
                if pairs and all(ws[i] == 0 for i in pairs):
                    ws[pairs[0]] = 1.0
                cases.append((vs, ws))
            vl = [flit(v) for v, _ in cases]
            wl = [flit(w) for _, w in cases]
            rows = self.sql(
                'SELECT pricemath.weighted_avg(va::float8[], wa::float8[]) '
                'FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(va, wa, i) ORDER BY i',
                (vl, wl))
            for (vs, ws), v_lit, w_lit, (got,) in zip(cases, vl, wl, rows):
                inputs = {'values': short(v_lit), 'weights': short(w_lit)}
                pairs = [(Fraction(v), Fraction(w)) for v, w in zip(vs, ws)
                         if v is not None and w is not None]
                if not pairs:
                    self.check('weighted_avg(float8[], float8[])', inputs, fkey(got), None)
                    continue
                sw = sum(w for _, w in pairs)
                exact = sum(v * w for v, w in pairs) / sw
                # relative 1e-12 of the scale sum(|v * w|) / sum(w), so cancellation is allowed
                scale = sum(abs(v * w) for v, w in pairs) / sw
                if got is None or not math.isfinite(got) or \
                        abs(Fraction(got) - exact) > scale / 10 ** 12 + Fraction(1, 2 ** 1070):
                    self.fail('weighted_avg(float8[], float8[]) vs exact', inputs, fkey(got),
                              f'{float(exact)!r} within 1e-12 * {float(scale)!r}')
                else:
                    self.passed += 1
            done += len(cases)

    def test_float_errors(self, have):
        """mode unnecessary on float8, non-finite input, overflow/underflow, bad weights."""
        g = self.gen
        r = g.rng
        checks = max(5, min(40, self.args.cases // 3000))
        for _ in range(checks):
            n = r.randint(1, 50)
            z = r.randrange(n)
            if have('round_float8'):
                places = r.choice(FLOAT_PLACES)
                exact = [self.fround_value(lambda x: want_fround(x, places, 'unnecessary'),
                                           None, lambda: g.fmultiple(places), 'unnecessary')
                         for _ in range(n)]
                # exact elements round-trip unchanged
                rows = self.sql('SELECT pricemath.round(%s::float8[], %s::int, %s::text)',
                                (flit(exact), places, 'unnecessary'))
                self.fcheck_list(f'round(float8[], {places}, unnecessary) exact',
                                 lambda i: {'a': fkey(exact[i]) if i is not None
                                            else short(flit(exact))},
                                 rows[0][0], [want_fround(x, places, 'unnecessary')
                                              for x in exact])
                while True:
                    bad = g.nudge(g.ftie(places)) if r.random() < 0.7 else g.fvalue()
                    try:
                        want_fround(bad, places, 'unnecessary')
                    except Inexact:
                        break
                a = list(exact)
                a[z] = bad
                self.expect_error('round(float8[]) unnecessary inexact',
                                  'SELECT pricemath.round(%s::float8[], %s::int, %s::text)',
                                  (flit(a), places, 'unnecessary'), '22003',
                                  {'a': short(flit(a)), 'places': places, 'inexact': repr(bad)})
                a[z] = r.choice(['NaN', 'Infinity', '-Infinity'])
                self.expect_error('round(float8[]) non-finite',
                                  'SELECT pricemath.round(%s::float8[], %s::int, %s::text)',
                                  (flit(a), places, 'half_even'), '22003',
                                  {'a': short(flit(a)), 'places': places})
            if have('round_to_float8'):
                inc = r.choice(FLOAT_INCREMENTS)
                exact = [self.fround_value(lambda x: want_fround_to(x, inc, 'unnecessary'),
                                           None, lambda: g.fmultiple_of(inc), 'unnecessary')
                         for _ in range(n)]
                rows = self.sql('SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)',
                                (flit(exact), inc, 'unnecessary'))
                self.fcheck_list(f'round_to(float8[], {inc}, unnecessary) exact',
                                 lambda i: {'a': fkey(exact[i]) if i is not None
                                            else short(flit(exact))},
                                 rows[0][0], [want_fround_to(x, inc, 'unnecessary')
                                              for x in exact])
                while True:
                    bad = g.nudge(g.ftie_for_increment(inc)) if r.random() < 0.7 else g.fvalue()
                    try:
                        want_fround_to(bad, inc, 'unnecessary')
                    except Inexact:
                        break
                a = list(exact)
                a[z] = bad
                self.expect_error('round_to(float8[]) unnecessary inexact',
                                  'SELECT pricemath.round_to(%s::float8[], %s::numeric, %s::text)',
                                  (flit(a), inc, 'unnecessary'), '22003',
                                  {'a': short(flit(a)), 'increment': inc, 'inexact': repr(bad)})
            if have('mul_float8'):
                x, y = r.choice([(1e300, 1e10), (-1e200, 1e200), (1e-300, 1e-300),
                                 (5e-324, 0.25), (1.7976931348623157e308, 1.0000000000000002)])
                a = [1.5] * n
                a[z] = x
                self.expect_error('mul(float8[], float8) overflow/underflow',
                                  'SELECT pricemath.mul(%s::float8[], %s::float8)',
                                  (flit(a), repr(y)), '22003', {'a': short(flit(a)), 'b': y})
            if have('weighted_avg_float8'):
                vs = [g.fvalue(wide=False) for _ in range(n)]
                ws = [self.fweight() for _ in range(n)]
                ws[z] = -r.choice([0.01, 1.0, 250.0])
                self.expect_error('weighted_avg(float8[]) negative weight',
                                  'SELECT pricemath.weighted_avg(%s::float8[], %s::float8[])',
                                  (flit(vs), flit(ws)), '22023',
                                  {'values': short(flit(vs)), 'weights': short(flit(ws))})
                self.expect_error('weighted_avg(float8[]) zero weights',
                                  'SELECT pricemath.weighted_avg(%s::float8[], %s::float8[])',
                                  (flit(vs), flit([0.0] * n)), '22012',
                                  {'values': short(flit(vs)), 'weights': '{0,...}'})

    # -- pricing rules --

    def price(self):
        """A non-negative numeric text: mostly prices, some wide or beyond int128."""
        v = self.gen.value()
        return v[1:] if v.startswith('-') else v

    def test_scaling(self):
        g = self.gen
        done = 0
        while done < self.budget('scaling'):
            n = g.batch_len()
            a = g.with_nulls([g.value() for _ in range(n)])
            rule = g.rng.choice(['markup', 'discount', 'add_tax', 'margin_price', 'remove_tax',
                                 'convert'])
            places, mode = g.rng.choice(PLACES[:8]), g.rng.choice(list(DECIMAL_MODES))
            if rule in ('markup', 'add_tax', 'discount'):
                pct = g.rng.choice(PCTS)
                f = 1 - Decimal(pct) if rule == 'discount' else 1 + Decimal(pct)
                rows = self.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric)::text[]',
                                (literal(a), pct))
                want = [None if x is None else dec_text(Decimal(x) * f) for x in a]
            elif rule in ('margin_price', 'remove_tax'):
                pct = g.rng.choice([p for p in PCTS if Decimal(p) < 1])
                f = 1 - Decimal(pct) if rule == 'margin_price' else 1 + Decimal(pct)
                rows = self.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric, %s, %s)::text[]',
                                (literal(a), pct, places, mode))
                want = [None if x is None else want_div(x, str(f), places, mode) for x in a]
            else:
                pct = g.rng.choice(FX_RATES)
                rows = self.sql('SELECT pricemath.convert(%s::numeric[], %s::numeric, %s, %s)::text[]',
                                (literal(a), pct, places, mode))
                want = [None if x is None else
                        places_text(round_fraction(Fraction(Decimal(x) * Decimal(pct))
                                                   * Fraction(10) ** places, mode), places)
                        for x in a]
            self.check_list(rule, lambda i: {'a': a[i] if i is not None else short(a), 'param': pct,
                                             'places': places, 'mode': mode},
                            rows[0][0], want)
            done += n

    def test_rules2(self):
        """One rate per element, stacked discounts and margin_of, against exact fractions."""
        g = self.gen
        done = 0
        while done < self.budget('rules2'):
            n = g.batch_len()
            a = g.with_nulls([g.value() for _ in range(n)])
            rule = g.rng.choice(['markup', 'discount', 'add_tax', 'convert', 'discount_stack',
                                 'margin_of'])
            places, mode = g.rng.choice(PLACES[:8]), g.rng.choice(list(DECIMAL_MODES))

            def rounded(q):
                return places_text(round_fraction(q * Fraction(10) ** places, mode), places)

            if rule in ('markup', 'discount', 'add_tax'):
                r = g.with_nulls([g.rng.choice(PCTS) for _ in range(n)])
                sign = -1 if rule == 'discount' else 1
                rows = self.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric[])::text[]',
                                (literal(a), literal(r)))
                want = [None if x is None or y is None else dec_text(Decimal(x) * (1 + sign * Decimal(y)))
                        for x, y in zip(a, r)]
                param = r
            elif rule == 'convert':
                r = g.with_nulls([g.rng.choice(FX_RATES) for _ in range(n)])
                rows = self.sql('SELECT pricemath.convert(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
                                (literal(a), literal(r), places, mode))
                want = [None if x is None or y is None else
                        rounded(Fraction(Decimal(x)) * Fraction(Decimal(y))) for x, y in zip(a, r)]
                param = r
            elif rule == 'discount_stack':
                r = [g.rng.choice(PCTS) for _ in range(g.rng.randint(0, 3))]
                p = g.rng.choice([None, places])
                rows = self.sql('SELECT pricemath.discount_stack(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
                                (literal(a), literal(r), p, mode))
                want = []
                for x in a:
                    if x is None:
                        want.append(None)
                        continue
                    v = Decimal(x)
                    for y in r:             # in turn: the scales add up as numeric's * does
                        v = v * (1 - Decimal(y))
                    want.append(dec_text(v) if p is None else rounded(Fraction(v)))
                param = (r, p)
            else:
                a = [x if x is None or Decimal(x) != 0 else g.nonzero() for x in a]
                r = g.with_nulls([g.value() for _ in range(n)])
                rows = self.sql('SELECT pricemath.margin_of(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
                                (literal(a), literal(r), places, mode))
                want = [None if x is None or c is None else
                        rounded((Fraction(Decimal(x)) - Fraction(Decimal(c))) / Fraction(Decimal(x)))
                        for x, c in zip(a, r)]
                param = r
            self.check_list(rule + ' (rules2)', lambda i: {'a': a[i] if i is not None else short(a),
                                                          'param': short(param), 'places': places,
                                                          'mode': mode},
                            rows[0][0], want)
            done += n

    def test_apply_ending(self):
        g = self.gen
        done = 0
        while done < self.budget('apply_ending'):
            n = g.batch_len()
            a = g.with_nulls([self.price() for _ in range(n)])
            step, ending = g.rng.choice(ENDINGS)
            mode = g.rng.choice(['nearest', 'down', 'up'])
            for i in range(n):      # some prices sit exactly on or halfway between points
                if a[i] is not None and g.rng.random() < 0.15:
                    k = g.rng.randrange(0, 1000)
                    half = g.rng.choice([0, 1])
                    a[i] = dec_text(Decimal(k) * Decimal(step) + Decimal(ending)
                                    + half * Decimal(step) / 2)
            rows = self.sql('SELECT pricemath.apply_ending(%s::numeric[], %s::numeric, '
                            '%s::numeric, %s)::text[]', (literal(a), step, ending, mode))
            want = [None if x is None else want_ending(x, step, ending, mode) for x in a]
            self.check_list('apply_ending', lambda i: {'p': a[i] if i is not None else short(a),
                                                       'step': step, 'ending': ending, 'mode': mode},
                            rows[0][0], want)
            done += n

    def test_limit_change(self):
        g = self.gen
        done = 0
        while done < self.budget('limit_change'):
            places = g.rng.choice([None, None, 0, 1, 2, 2, 3, 4, -1])
            up, down = g.rng.choice(CAPS), g.rng.choice(CAPS)
            old = self.price() if g.rng.random() < 0.95 else None
            new = self.price()
            if places is not None and g.rng.random() < 0.9:   # mostly on the places grid
                new = want_round(new, places, 'half_even')
            want = want_limit(old, new, up, down, places)
            query = ('SELECT pricemath.limit_change(ARRAY[%s::numeric], ARRAY[%s::numeric], '
                     '%s::numeric, %s::numeric, %s::int)::text[]')
            inputs = {'old': old, 'new': new, 'max_up': up, 'max_down': down, 'places': places}
            if want in ('22003', '22023'):
                self.expect_error('limit_change', query, (old, new, up, down, places), want, inputs)
            else:
                rows = self.sql(query, (old, new, up, down, places))
                self.check('limit_change', inputs, rows[0][0][0], want)
            done += 1

    def ladder_case(self):
        """A random ladder of LADDERS, or the one-band ladder of a price ending."""
        g = self.gen
        if g.rng.random() < 0.3:
            step, ending = g.rng.choice(ENDINGS)
            return ['0'], [step], [ending]
        return g.rng.choice(LADDERS)

    def near_points(self, ladder, a):
        """Some prices of a moved onto a ladder point, a bound, or halfway between points."""
        g = self.gen
        bounds, steps, endings = ladder
        for i in range(len(a)):
            if a[i] is not None and g.rng.random() < 0.2:
                j = g.rng.randrange(len(bounds))
                base = Decimal(bounds[j]) + g.rng.randrange(0, 30) * Decimal(steps[j])
                a[i] = dec_text(g.rng.choice([Decimal(bounds[j]), base + Decimal(endings[j]),
                                              base + Decimal(endings[j]) + Decimal(steps[j]) / 2]))
        return a

    def test_ladders(self):
        g = self.gen
        done = 0
        while done < self.budget('ladders'):
            n = g.batch_len()
            ladder = g.rng.choice(LADDERS)
            a = self.near_points(ladder, g.with_nulls([self.price() for _ in range(n)]))
            mode = g.rng.choice(['nearest', 'down', 'up'])
            rows = self.sql('SELECT pricemath.apply_ladder(%s::numeric[], %s::numeric[], %s::numeric[], '
                            '%s::numeric[], %s)::text[]', (literal(a), literal(ladder[0]),
                                                          literal(ladder[1]), literal(ladder[2]), mode))
            want = [None if x is None else frac_text(*want_ladder_point(ladder, Fraction(Decimal(x)), mode))
                    for x in a]
            self.check_list('apply_ladder', lambda i: {'p': a[i] if i is not None else short(a),
                                                       'ladder': ladder, 'mode': mode},
                            rows[0][0], want)
            done += n

    def test_endings_in_cap(self):
        """limit_change with an ending or a ladder, one element per call, and guard_report of
        its result (and of a wrong result now and then)."""
        g = self.gen
        done = 0
        while done < self.budget('endings_in_cap'):
            ladder = self.ladder_case()
            single = len(ladder[0]) == 1 and ladder[0][0] == '0' and g.rng.random() < 0.7
            places = g.rng.choice([None, 2, 2, 2, 3, 4])
            up, down = g.rng.choice(CAPS), g.rng.choice(CAPS)
            mode = g.rng.choice(['nearest', 'down', 'up'])
            old = self.price() if g.rng.random() < 0.95 else None
            new = self.near_points(ladder, [self.price()])[0]
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
            done += 1
            # the points must lie on the places grid (checked first, with the parameters)
            if places is not None and any((Fraction(Decimal(x)) * Fraction(10) ** places).denominator != 1
                                          for x in ladder[1] + ladder[2]):
                self.expect_error('limit_change with points', query, params, '22023', inputs)
                continue
            want = want_fit(old, new, up, down, places, ladder, mode)
            if want in ('22003', '22023'):
                self.expect_error('limit_change with points', query, params, want, inputs)
                continue
            rows = self.sql(query, params)
            got = rows[0][0][0]
            self.check('limit_change with points', inputs, got, want[0])
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
                self.fail('guard_report of limit_change', ginputs, gwant, 'a reason')
            if gwant == '22023':
                self.expect_error('guard_report with points', gq, gparams, '22023', ginputs)
            else:
                self.check('guard_report with points', ginputs, self.sql(gq, gparams)[0][0][0], gwant)
            if lim == got and gwant != '22023':
                how = {'point': ('changed', 'unchanged'), 'capped': ('capped_up', 'capped_down'),
                       # a cap bound that happens to be a point reads as capped_up or capped_down
                       'no_point': ('capped_no_ending', 'no_ending', 'unchanged', 'changed',
                                    'capped_up', 'capped_down')}[want[1]]
                if gwant not in how:
                    self.fail('guard_report agrees with limit_change', ginputs, gwant, ' or '.join(how))

    # -- allocate --

    def alloc_case(self, floats):
        """A random allocation: total, weights (texts or floats, some NULL), places."""
        g = self.gen
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

    def test_allocate(self, floats=False):
        g = self.gen
        group = 'allocate_float8' if floats else 'allocate'
        wtype = 'float8[]' if floats else 'numeric[]'
        query = ('SELECT pricemath.allocate(t::numeric, w::' + wtype + ', p)::text[], '
                 'pricemath.allocate(-t::numeric, w::' + wtype + ', p)::text[], '
                 'pricemath.allocate(t::numeric, w::' + wtype + ', p)::text[] '
                 'FROM unnest(%s::text[], %s::text[], %s::int[]) WITH ORDINALITY AS u(t, w, p, i) '
                 'ORDER BY i')
        done = 0
        while done < self.budget(group):
            cases = []
            while len(cases) < 50:
                total, weights, places = self.alloc_case(floats)
                want = want_allocate(total, weights, places)
                if isinstance(want, str):
                    self.expect_error(f'{group} contract',
                                      f'SELECT pricemath.allocate(%s::numeric, %s::{wtype}, %s)',
                                      (total, literal(weights), places), want,
                                      {'total': total, 'weights': short(weights),
                                       'places': places})
                    continue
                cases.append((total, weights, places, want))
            rows = self.sql(query, ([c[0] for c in cases], [literal(c[1]) for c in cases],
                                    [c[2] for c in cases]))
            for (total, weights, places, want), (got, gotneg, again) in zip(cases, rows):
                inputs = {'total': total, 'weights': short(weights), 'places': places}
                self.check(f'{group}(total, weights, {places})', inputs, got, want)
                negwant = [None if x is None else canon(dec_text(-Decimal(x))) for x in want]
                self.check(f'{group} symmetry', inputs, gotneg, negwant)
                self.check(f'{group} determinism', inputs, again, got)
            done += len(cases)

    # -- tiered pricing --

    def tier_table(self):
        """A valid tier table: thresholds from 0 (written 0, 0.00 or -0), strictly ascending,
        each with 0..3 decimals, some round ones with trailing zeros (10.00); unit prices with
        0..4 decimals.  One table in ten has steps or prices beyond int128."""
        r = self.gen.rng
        n = r.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8])
        wide = r.random() < 0.1
        t = [r.choice(['0', '0', '0', '0.0', '0.00', '0.000', '-0'])]
        for _ in range(n - 1):
            s = r.randint(0, 3)
            digits = r.randint(30, 45) if wide and r.random() < 0.5 else \
                r.choice([1, 1, 2, 2, 3, 4, 6])
            step = r.randint(1, 10 ** digits)
            prev = Fraction(Decimal(t[-1])) * 10 ** s
            base = prev.numerator // prev.denominator
            if r.random() < 0.3:                          # a round threshold
                base, step = base // 10 ** s * 10 ** s, step * 10 ** s
            t.append(fixed(base + step, s))
        p = [self.tier_unit_price(wide) for _ in range(n)]
        if r.random() < 0.6:                              # cheaper per unit as quantities grow
            p.sort(key=Decimal, reverse=True)
        return t, p

    def tier_unit_price(self, wide):
        g = self.gen
        r = g.rng
        k = r.random()
        if k < (0.5 if wide else 0.85):                   # prices
            return fixed(r.randint(0, 10 ** r.randint(1, 6)), r.randint(0, 4))
        if k < 0.93:                                      # 20..45 digits
            return fixed(g.int_digits(r.randint(20, 45)), r.randint(0, 4))
        if k < 0.97:                                      # tiny: 20..40 decimals
            return fixed(r.randint(1, 9999), r.randint(20, 40))
        return fixed(-r.randint(0, 10 ** 4), r.randint(0, 4))   # credits: nothing forbids them

    def tier_quantity(self, t):
        """A quantity for thresholds t, with 0..4 decimals: 0, exactly on a threshold (as
        written or with other decimals), one unit of the last place either side of one,
        inside a tier, or beyond the last threshold (some beyond int128)."""
        r = self.gen.rng
        k = r.random()
        i = r.randrange(len(t))
        s = r.randint(0, 4)
        if k < 0.1:
            return fixed(0, s)
        if k < 0.4:                                       # on a threshold
            v = Fraction(Decimal(t[i])) * 10 ** s
            if r.random() < 0.5 or v.denominator != 1:
                return canon(t[i])
            return fixed(v.numerator, s)
        if k < 0.5:                                       # next to a threshold
            s = scale_of(t[i]) + r.randint(0, 1)
            m = int(Fraction(Decimal(t[i])) * 10 ** s) + r.choice([-1, 1])
            return fixed(max(m, 0), s)
        if k < 0.8:                                       # inside tier i
            lo = Fraction(Decimal(t[i]))
            hi = Fraction(Decimal(t[i + 1])) if i + 1 < len(t) else lo + 10 ** r.randint(0, 6)
            a, b = math.ceil(lo * 10 ** s), math.ceil(hi * 10 ** s) - 1
            return fixed(r.randint(a, b), s) if a <= b else canon(t[i])
        last = Fraction(Decimal(t[-1])) * 10 ** s         # beyond the last threshold
        digits = r.randint(30, 45) if r.random() < 0.15 else r.randint(1, 6)
        return fixed(last.numerator // last.denominator + r.randint(1, 10 ** digits), s)

    def spell(self, word):
        """word in upper, lower or mixed case (modes are case-insensitive)."""
        r = self.gen.rng
        k = r.random()
        if k < 0.4:
            return word
        if k < 0.55:
            return word.upper()
        if k < 0.7:
            return word.capitalize()
        return ''.join(c.upper() if r.random() < 0.5 else c for c in word)

    def tier_defect(self, q, t, p, v, d):
        """The case with one defect the contract names: quantity negative or not finite, first
        threshold not 0, thresholds not ascending, empty table, lengths that differ, 2-D, a
        NULL or non-finite element, or an unknown mode."""
        g = self.gen
        r = g.rng
        t, p = list(t), list(p)
        n = len(t)
        kind = r.choice(['negative', 'quantity', 'first', 'ascending', 'empty', 'lengths',
                         'dims', 'null', 'element', 'mode'])
        if kind == 'ascending' and n == 1:
            kind = 'first'
        if kind == 'negative':
            q = fixed(-r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 4))
        elif kind == 'quantity':
            q = r.choice(['NaN', 'Infinity', '-Infinity'])
        elif kind == 'first':
            t[0] = fixed(g.sign(r.randint(1, 1000), 0.5), r.randint(0, 3))
        elif kind == 'ascending':
            i = r.randint(1, n - 1)
            if r.random() < 0.5:                          # equal, perhaps written differently
                s = scale_of(t[i - 1]) + r.randint(0, 2)
                t[i] = dec_text(Decimal(t[i - 1]).quantize(Decimal(1).scaleb(-s)))
            else:                                         # below
                s = r.randint(0, 3)
                prev = Fraction(Decimal(t[i - 1])) * 10 ** s
                t[i] = fixed(math.ceil(prev) - r.randint(1, 1000), s)
        elif kind == 'empty':
            t, p = [], []
        elif kind == 'lengths':
            a = r.choice([t, p])
            if r.random() < 0.5:
                a.pop()
            else:
                a.append(self.tier_unit_price(False))
        elif kind == 'dims':
            k = r.random()
            t, p = ([t], p) if k < 0.4 else (t, [p]) if k < 0.8 else ([t], [p])
        elif kind in ('null', 'element'):
            a = r.choice([t, p])
            a[r.randrange(n)] = None if kind == 'null' else \
                r.choice(['NaN', 'Infinity', '-Infinity'])
        else:
            bad = r.choice(['stepped', 'volumes', 'graduate', '', 'volume ', ' graduated',
                            'flat', 'tiered'])
            v, d = (bad, d) if r.random() < 0.5 else (v, bad)
        return q, t, p, v, d

    def test_tiers(self):
        """tier_price and tier_total (volume in mixed case, graduated in mixed case, and the
        default) against decimal references; defective cases one call at a time."""
        r = self.gen.rng
        args = 'q::numeric, t::numeric[], p::numeric[]'
        query = (f'SELECT pricemath.tier_price({args})::text, '
                 f'pricemath.tier_total({args}, v)::text, '
                 f'pricemath.tier_total({args}, d)::text, pricemath.tier_total({args})::text '
                 'FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) '
                 'WITH ORDINALITY AS u(q, t, p, v, d, i) ORDER BY i')
        names = ['tier_price', 'tier_total volume', 'tier_total graduated',
                 'tier_total default']
        done = 0
        while done < self.budget('tiers'):
            cases = []
            while len(cases) < 50:
                t, p = self.tier_table()
                q = self.tier_quantity(t)
                v, d = self.spell('volume'), self.spell('graduated')
                if r.random() < 0.08:
                    q, t, p, v, d = self.tier_defect(q, t, p, v, d)
                if r.random() < 0.02:                     # STRICT: NULL in, NULL out
                    k = r.randrange(5)
                    q, t, p, v, d = [None if j == k else x for j, x in enumerate((q, t, p, v, d))]
                wants = [want_tier_price(q, t, p), want_tier_total(q, t, p, v),
                         want_tier_total(q, t, p, d), want_tier_total(q, t, p, 'graduated')]
                lb = r.choice([1, 1, 1, 1, 1, 1, 1, 0, -2, 7])   # lower bounds do not matter
                lits = (q, tier_literal(t, lb), tier_literal(p, r.choice([1, lb])), v, d)
                inputs = {'quantity': q, 'thresholds': short(lits[1]),
                          'unit_prices': short(lits[2]), 'modes': (v, d)}
                if any(isinstance(w, SqlState) for w in wants):
                    self.tier_one_by_one(names, lits, wants, inputs)
                    continue
                if wants[0] is not None and r.random() < 0.05:
                    self.tier_numeric_check(q, t, p, wants, inputs)
                cases.append((lits, wants, inputs))
            rows = self.sql(query, [[c[0][j] for c in cases] for j in range(5)])
            for (lits, wants, inputs), got in zip(cases, rows):
                for what, gv, w in zip(names, got, wants):
                    self.check(what, inputs, gv, w)
            done += len(cases)

    def tier_one_by_one(self, names, lits, wants, inputs):
        """A case where some call must fail: each call on its own, errors by SQLSTATE."""
        q, tl, pl, v, d = lits
        head = 'SELECT pricemath.tier_%s(%%s::numeric, %%s::numeric[], %%s::numeric[]%s)::text'
        calls = [(head % ('price', ''), (q, tl, pl)), (head % ('total', ', %s'), (q, tl, pl, v)),
                 (head % ('total', ', %s'), (q, tl, pl, d)), (head % ('total', ''), (q, tl, pl))]
        for what, (query, params), want in zip(names, calls, wants):
            if isinstance(want, SqlState):
                self.expect_error(what + ' contract', query, params, want, inputs)
            else:
                self.check(what, inputs, self.sql(query, params)[0][0], want)

    def tier_numeric_check(self, q, t, p, wants, inputs):
        """The references are numeric's own arithmetic: PostgreSQL evaluates the graduated sum
        and q * p[k] as SQL expressions and must print what decimal printed."""
        terms = graduated_terms(q, t, p)
        expr = ' + '.join(['(%s::numeric - %s::numeric) * %s::numeric'] * len(terms))
        got = self.sql(f'SELECT ({expr})::text, (%s::numeric * %s::numeric)::text',
                       [x for term in terms for x in term] + [q, p[tier_of(q, t)]])[0]
        self.check('tiers reference is numeric arithmetic', inputs, tuple(got),
                   (wants[3], want_tier_total(q, t, p, 'volume')))

    # -- billing tier tables --

    def bill_table(self):
        """A valid billing table: positive bounds ascending strictly, with 0..3 decimals, some
        round ones with trailing zeros (10.00), the last NULL (unbounded) in most tables; unit
        prices with 0..4 decimals and flat amounts with 0..2 (or none); one table in ten has
        bounds or amounts beyond int128."""
        g = self.gen
        r = g.rng
        n = r.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8])
        wide = r.random() < 0.1
        u, prev = [], Fraction(0)
        for _ in range(n):
            s = r.randint(0, 3)
            digits = r.randint(30, 45) if wide and r.random() < 0.5 else \
                r.choice([1, 1, 2, 2, 3, 4, 6])
            step = r.randint(1, 10 ** digits)
            base = math.floor(prev * 10 ** s)
            if r.random() < 0.3:                          # a round bound
                base, step = base // 10 ** s * 10 ** s, step * 10 ** s
            u.append(fixed(base + step, s))
            prev = frac(u[-1])
        if r.random() < 0.85:
            u[-1] = None
        p = [self.tier_unit_price(wide) for _ in range(n)]
        p = [x if Decimal(x) >= 0 else canon(x[1:]) for x in p]
        if r.random() < 0.6:
            p.sort(key=Decimal, reverse=True)
        f = None
        if r.random() < 0.6:
            f = [fixed(0, r.randint(0, 2)) if r.random() < 0.3 else
                 fixed(g.int_digits(r.randint(30, 42)), r.randint(0, 2)) if wide and r.random() < 0.3
                 else fixed(r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 2)) for _ in range(n)]
        return u, p, f

    def bill_quantity(self, u):
        """A quantity for bounds u, with 0..4 decimals: 0, exactly on a bound (as written or
        with more decimals), one unit of a last place either side of one, inside a tier, or
        beyond the last bound (some beyond int128; an error when the last bound is not NULL)."""
        r = self.gen.rng
        bounds = [x for x in u if x is not None]
        k = r.random()
        s = r.randint(0, 4)
        if k < 0.1 or not bounds:
            return fixed(0, s) if k < 0.1 or r.random() < 0.3 else \
                fixed(r.randint(0, 10 ** r.randint(1, 8)), s)
        b = r.choice(bounds)
        if k < 0.4:                                       # on a bound
            v = frac(b) * 10 ** s
            return canon(b) if r.random() < 0.5 or v.denominator != 1 else fixed(int(v), s)
        if k < 0.5:                                       # next to a bound
            s = scale_of(b) + r.randint(0, 1)
            return fixed(max(int(frac(b) * 10 ** s) + r.choice([-1, 1]), 0), s)
        if k < 0.8:                                       # inside a tier
            i = r.randrange(len(bounds))
            lo = frac(bounds[i - 1]) if i > 0 else Fraction(0)
            a, c = math.floor(lo * 10 ** s) + 1, math.ceil(frac(bounds[i]) * 10 ** s) - 1
            return fixed(r.randint(a, c), s) if a <= c else canon(bounds[i])
        if u[-1] is not None and r.random() < 0.8:
            return canon(bounds[-1])
        last = frac(bounds[-1]) * 10 ** s                 # beyond the last bound
        digits = r.randint(30, 45) if r.random() < 0.15 else r.randint(1, 6)
        return fixed(math.floor(last) + r.randint(1, 10 ** digits), s)

    def bill_defect(self, q, u, p, f, v, d):
        """The case with one defect the contract names: quantity negative or not finite, a
        first bound not above 0, bounds not ascending, a NULL bound before the last, an empty
        table, lengths that differ, 2-D, a NULL, non-finite or negative element, a quantity
        above a closed table, or an unknown mode."""
        g = self.gen
        r = g.rng
        u, p = list(u), list(p)
        f = list(f) if f is not None else [fixed(r.randint(0, 999), 2) for _ in u]
        n = len(u)
        nb = n - 1 if u[-1] is None else n
        kind = r.choice(['negative', 'quantity', 'first', 'ascending', 'nullbound', 'empty',
                         'lengths', 'dims', 'null', 'element', 'amount', 'beyond', 'mode'])
        if kind == 'ascending' and nb < 2:
            kind = 'first'
        if kind == 'first' and nb == 0:
            kind = 'nullbound'
        if kind == 'nullbound' and n == 1:
            u, p, f = u + [None], p + [p[0]], f + [f[0]]
            n += 1
        if kind == 'negative':
            q = fixed(-r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 4))
        elif kind == 'quantity':
            q = r.choice(['NaN', 'Infinity', '-Infinity'])
        elif kind == 'first':
            u[0] = fixed(-r.randint(0, 1000), r.randint(0, 3))
        elif kind == 'ascending':
            i = r.randint(1, nb - 1)
            if r.random() < 0.5:                          # equal, perhaps written differently
                s = scale_of(u[i - 1]) + r.randint(0, 2)
                u[i] = dec_text(Decimal(u[i - 1]).quantize(Decimal(1).scaleb(-s)))
            else:                                         # below
                u[i] = fixed(max(math.ceil(frac(u[i - 1]) * 1000) - r.randint(1, 1000), 1), 3)
        elif kind == 'nullbound':
            u[r.randrange(n - 1)] = None
        elif kind == 'empty':
            u, p, f = [], [], []
        elif kind == 'lengths':
            a = r.choice([u, p, f])
            if r.random() < 0.5:
                a.pop()
            else:
                a.append('1')
        elif kind == 'dims':
            which = r.randrange(3)
            u, p, f = [[x] if j == which else x for j, x in enumerate((u, p, f))]
        elif kind in ('null', 'element', 'amount'):
            a = r.choice([p, f] if kind != 'element' else [u, p, f])
            i = r.randrange(nb if a is u and nb > 0 else n)
            a[i] = None if kind == 'null' else r.choice(['NaN', 'Infinity', '-Infinity']) \
                if kind == 'element' else fixed(-r.randint(1, 10 ** 5), r.randint(0, 3))
        elif kind == 'beyond':
            if u[-1] is None:
                u[-1] = fixed(math.floor(frac(u[-2])) + 1 if n > 1 else 5, 0)
            q = fixed(math.floor(frac(u[-1])) + r.randint(1, 10 ** r.randint(1, 6)), 0)
        else:
            bad = r.choice(['stepped', 'volumes', 'graduate', '', 'volume ', 'flat', 'tiered'])
            v, d = (bad, d) if r.random() < 0.5 else (v, bad)
        return q, u, p, f, v, d

    def test_billing_tiers(self):
        """billing_tier, billing_price and billing_total (volume and graduated in mixed case,
        without and with flat amounts) against the Fraction reference; defective cases one call
        at a time; a share of the cases also against numeric's own arithmetic for the
        documented expression and against tier_total over the mapped thresholds."""
        r = self.gen.rng
        args = 'q::numeric, u::numeric[]'
        pa = args + ', p::numeric[]'
        query = (f'SELECT pricemath.billing_tier({args}), pricemath.billing_price({pa})::text, '
                 f'pricemath.billing_total({pa}, v)::text, pricemath.billing_total({pa}, d)::text, '
                 f'pricemath.billing_total({pa}, v, f::numeric[])::text, '
                 f'pricemath.billing_total({pa}, d, f::numeric[])::text '
                 'FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], '
                 '%s::text[]) WITH ORDINALITY AS x(q, u, p, f, v, d, i) ORDER BY i')
        names = ['billing_tier', 'billing_price', 'billing_total volume',
                 'billing_total graduated', 'billing_total volume flat',
                 'billing_total graduated flat']
        done = 0
        while done < self.budget('billing_tiers'):
            cases = []
            while len(cases) < 50:
                u, p, f = self.bill_table()
                q = self.bill_quantity(u)
                v, d = self.spell('volume'), self.spell('graduated')
                if r.random() < 0.1:
                    q, u, p, f, v, d = self.bill_defect(q, u, p, f, v, d)
                if r.random() < 0.02:                     # STRICT: NULL in, NULL out
                    k = r.randrange(6)
                    q, u, p, f, v, d = [None if j == k else x
                                        for j, x in enumerate((q, u, p, f, v, d))]
                lb = r.choice([1, 1, 1, 1, 1, 1, 1, 0, -2, 7])   # lower bounds do not matter
                wants = [want_bill_tier(q, u, lb), want_bill_price(q, u, p),
                         want_bill_total(q, u, p, v), want_bill_total(q, u, p, d),
                         want_bill_total(q, u, p, v, f, True),
                         want_bill_total(q, u, p, d, f, True)]
                lits = (q, tier_literal(u, lb), tier_literal(p, r.choice([1, lb])),
                        tier_literal(f, r.choice([1, lb])), v, d)
                inputs = {'quantity': q, 'up_to': short(lits[1]), 'unit_prices': short(lits[2]),
                          'flat_amounts': short(lits[3]), 'modes': (v, d)}
                if any(isinstance(w, SqlState) for w in wants):
                    self.bill_one_by_one(names, lits, wants, inputs)
                    continue
                if all(w is not None for w in wants) and r.random() < 0.05:
                    self.bill_numeric_check(q, u, p, f, wants, inputs)
                cases.append((lits, wants, inputs))
            rows = self.sql(query, [[c[0][j] for c in cases] for j in range(6)])
            for (lits, wants, inputs), got in zip(cases, rows):
                for what, gv, w in zip(names, got, wants):
                    self.check(what, inputs, gv, w)
            done += len(cases)

    def bill_one_by_one(self, names, lits, wants, inputs):
        """A case where some call must fail: each call on its own, errors by SQLSTATE."""
        q, ul, pl, fl, v, d = lits
        calls = [('SELECT pricemath.billing_tier(%s::numeric, %s::numeric[])', (q, ul)),
                 ('SELECT pricemath.billing_price(%s::numeric, %s::numeric[], %s::numeric[])::text',
                  (q, ul, pl))]
        total = 'SELECT pricemath.billing_total(%s::numeric, %s::numeric[], %s::numeric[], %s{})::text'
        calls += [(total.format(''), (q, ul, pl, v)), (total.format(''), (q, ul, pl, d)),
                  (total.format(', %s::numeric[]'), (q, ul, pl, v, fl)),
                  (total.format(', %s::numeric[]'), (q, ul, pl, d, fl))]
        for what, (query, params), want in zip(names, calls, wants):
            if isinstance(want, SqlState):
                self.expect_error(what + ' contract', query, params, want, inputs)
            else:
                self.check(what, inputs, self.sql(query, params)[0][0], want)

    def bill_numeric_check(self, q, u, p, f, wants, inputs):
        """The reference is numeric's own arithmetic: PostgreSQL evaluates the documented
        expression (width * price + flat over the charged tiers) and must print what the
        Fraction reference printed; an open table without flat amounts is tier_total over
        the thresholds {0, up_to[1], ...}, value and scale."""
        for graduated, want in ((False, wants[4]), (True, wants[5])):
            k = bill_tier_index(q, u)
            parts, params = [], []
            for i in (range(k + 1) if graduated else [k]):
                full = graduated and u[i] is not None and frac(u[i]) <= frac(q)
                width = '%s::numeric' if i == 0 or not graduated else '(%s::numeric - %s::numeric)'
                parts.append(width + ' * %s::numeric + %s::numeric')
                params += [u[i] if full else q] + ([u[i - 1]] if i > 0 and graduated else [])
                params += [p[i], f[i]]
            got = self.sql(f'SELECT ({" + ".join(parts)})::text', params)[0][0]
            self.check('billing reference is numeric arithmetic', inputs, got, want)
        if u[-1] is None:
            got = self.sql('SELECT pricemath.tier_total(%s::numeric, %s::numeric[], '
                           '%s::numeric[], \'graduated\')::text',
                           (q, literal(['0'] + u[:-1]), literal(p)))[0][0]
            self.check('billing graduated is tier_total over thresholds', inputs, got, wants[3])

    # -- aggregates: weighted_avg and price indices --

    def agg_price(self):
        r = self.gen.rng
        k = r.random()
        if k < 0.85:
            return fixed(r.randint(1, 10 ** r.randint(1, 7)), r.choice([0, 1, 2, 2, 2, 3, 4]))
        if k < 0.95:                                          # wide: products beyond int128
            return fixed(r.randint(10 ** 20, 10 ** 30), r.randint(0, 6))
        return fixed(r.randint(1, 10 ** 6), r.randint(10, 30))

    def agg_quantity(self):
        r = self.gen.rng
        k = r.random()
        if k < 0.1:
            return '0'
        if k < 0.95:
            return fixed(r.randint(0, 10 ** r.randint(1, 6)), r.choice([0, 0, 1, 2]))
        return fixed(r.randint(10 ** 18, 10 ** 25), r.randint(0, 3))

    def test_aggregates(self):
        """Aggregates over random groups of rows: weighted_avg equals sum(v * w) / sum(w) (text)
        and is within half a unit of its last digit of the exact quotient; Laspeyres, Paasche
        and Dutot are the float8 nearest the exact ratio; the others and every float8 flavour
        lie within a small relative distance of a 40-digit reference."""
        g = self.gen
        r = g.rng
        done = 0
        while done < self.budget('aggregates'):
            rows = []
            groups = {}
            for gid in range(r.choice([20, 50, 100])):
                n = r.choice([1, 2, 3, r.randint(4, 60)])
                grp = []
                for _ in range(n):
                    p0, p1 = self.agg_price(), self.agg_price()
                    if r.random() < 0.5:                      # p1 near p0, as prices move
                        p1 = dec_text(Decimal(p0) * Decimal(r.choice(['1', '1.05', '0.97', '1.1'])))
                    grp.append((g.value() if r.random() < 0.9 else self.agg_price(),
                                self.agg_quantity(), p0, p1, self.agg_quantity(), self.agg_quantity()))
                # nonzero denominators: one row with positive weights and quantities
                v, w, p0, p1, q0, q1 = grp[0]
                grp[0] = (v, '1.5', p0, p1, '2', '3')
                groups[gid] = grp
                rows.extend((gid,) + row for row in grp)
                done += n
            cols = list(zip(*rows))
            got = self.sql(
                'SELECT gid, pricemath.weighted_avg(v, w)::text, (sum(v * w) / sum(w))::text, '
                'pricemath.laspeyres(p0, p1, q0), pricemath.paasche(p0, p1, q1), '
                'pricemath.fisher(p0, p1, q0, q1), pricemath.tornqvist(p0, p1, q0, q1), '
                'pricemath.jevons(p0, p1), pricemath.dutot(p0, p1), pricemath.carli(p0, p1), '
                'pricemath.weighted_avg(v::float8, w::float8), pricemath.laspeyres(p0::float8, p1::float8, q0::float8), '
                'pricemath.tornqvist(p0::float8, p1::float8, q0::float8, q1::float8), '
                'pricemath.jevons(p0::float8, p1::float8) '
                'FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[], '
                '%s::numeric[], %s::numeric[]) u(gid, v, w, p0, p1, q0, q1) GROUP BY gid ORDER BY gid',
                [list(cols[0])] + [list(c) for c in cols[1:]])
            for (gid, wavg, sql_wavg, las, paa, fis, tor, jev, dut, car, wavg8, las8, tor8, jev8) in got:
                grp = groups[gid]
                inputs = {'rows': short(grp)}
                F = [[Fraction(Decimal(x)) for x in row] for row in grp]
                self.check('weighted_avg(numeric, numeric) vs sum(v * w) / sum(w)', inputs, wavg, sql_wavg)
                sw = sum(w for _, w, *_ in F)
                exact_w = sum(v * w for v, w, *_ in F) / sw
                if wavg is not None and exact_text_fits(wavg, exact_w):
                    self.passed += 1
                else:
                    self.fail('weighted_avg(numeric, numeric) vs exact', inputs, wavg, str(float(exact_w)))
                L = sum(p1 * q0 for _, _, p0, p1, q0, _ in F) / sum(p0 * q0 for _, _, p0, p1, q0, _ in F)
                P = sum(p1 * q1 for _, _, p0, p1, _, q1 in F) / sum(p0 * q1 for _, _, p0, p1, _, q1 in F)
                D = sum(p1 for _, _, p0, p1, _, _ in F) / sum(p0 for _, _, p0, p1, _, _ in F)
                self.check('laspeyres(numeric) nearest the exact ratio', inputs, fkey(las), fkey(float(L)))
                self.check('paasche(numeric) nearest the exact ratio', inputs, fkey(paa), fkey(float(P)))
                self.check('dutot(numeric) nearest the exact ratio', inputs, fkey(dut), fkey(float(D)))
                self.check('fisher(numeric) is sqrt(L * P) of the nearest ratios', inputs, fkey(fis),
                           fkey(math.sqrt(float(L) * float(P))))
                with localcontext() as ctx:
                    ctx.prec = 40
                    lnr = [(Decimal(p1.numerator) / Decimal(p1.denominator)
                            / (Decimal(p0.numerator) / Decimal(p0.denominator))).ln()
                           for _, _, p0, p1, _, _ in F]
                    e0 = [p0 * q0 for _, _, p0, _, q0, _ in F]
                    e1 = [p1 * q1 for _, _, _, p1, _, q1 in F]
                    s0, s1 = sum(e0), sum(e1)
                    t = sum((Fraction(a) / s0 + Fraction(b) / s1) / 2 * Fraction(l)
                            for a, b, l in zip(e0, e1, lnr))
                    tor_ref = Decimal(t.numerator) / Decimal(t.denominator)
                    tor_ref = float(tor_ref.exp())
                    jev_ref = float((sum(lnr) / len(lnr)).exp())
                car_ref = float(sum(p1 / p0 for _, _, p0, p1, _, _ in F) / len(F))
                for name, got_v, want, rel in (('tornqvist(numeric)', tor, tor_ref, 1e-13),
                                               ('jevons(numeric)', jev, jev_ref, 1e-13),
                                               ('carli(numeric)', car, car_ref, 1e-15),
                                               ('weighted_avg(float8)', wavg8, float(exact_w), 1e-12),
                                               ('laspeyres(float8)', las8, float(L), 1e-12),
                                               ('tornqvist(float8)', tor8, tor_ref, 1e-12),
                                               ('jevons(float8)', jev8, jev_ref, 1e-12)):
                    if got_v is not None and math.isfinite(got_v) and \
                            abs(got_v - want) <= rel * abs(want):
                        self.passed += 1
                    else:
                        self.fail(f'{name} vs 40-digit reference', inputs, fkey(got_v),
                                  f'{want!r} within {rel} relative')
        # errors: a price <= 0, a negative quantity or weight, denominators of zero
        for query, params, state in (
                ('SELECT pricemath.laspeyres(p0, p1, q0) FROM unnest(%s::numeric[], %s::numeric[], %s::numeric[]) u(p0, p1, q0)',
                 (['1.5', '0.00'], ['2', '2'], ['1', '1']), '22023'),
                ('SELECT pricemath.jevons(p0, p1) FROM unnest(%s::float8[], %s::float8[]) u(p0, p1)',
                 (['1.5', '2'], ['2', '-0.01']), '22023'),
                ('SELECT pricemath.paasche(p0, p1, q1) FROM unnest(%s::numeric[], %s::numeric[], %s::numeric[]) u(p0, p1, q1)',
                 (['1.5', '1'], ['2', '2'], ['1', '-1']), '22023'),
                ('SELECT pricemath.weighted_avg(v, w) FROM unnest(%s::numeric[], %s::numeric[]) u(v, w)',
                 (['1.5', '2'], ['0', '-0.5']), '22023'),
                ('SELECT pricemath.weighted_avg(v, w) FROM unnest(%s::numeric[], %s::numeric[]) u(v, w)',
                 (['1.5', '2'], ['0', '0.000']), '22012'),
                ('SELECT pricemath.laspeyres(p0, p1, q0) FROM unnest(%s::numeric[], %s::numeric[], %s::numeric[]) u(p0, p1, q0)',
                 (['1.5', '3'], ['2', '2'], ['0', '0']), '22012'),
                ('SELECT pricemath.dutot(p0, p1) FROM unnest(%s::numeric[], %s::numeric[]) u(p0, p1)',
                 (['1.5', 'NaN'], ['2', '2']), '22003')):
            self.expect_error('aggregate error', query, params, state, {'params': params})

    # -- driver --

    def run(self):
        groups = [
            ('add', lambda: self.test_arith('add')),
            ('sub', lambda: self.test_arith('sub')),
            ('mul', lambda: self.test_arith('mul')),
            ('div', self.test_div),
            ('round', self.test_round),
            ('round_scalar', self.test_round_scalar),
            ('round_to', self.test_round_to),
            ('round_to_scalar', self.test_round_to_scalar),
            ('reducers', self.test_reducers),
            ('array_avg', self.test_array_avg),
            ('weighted_avg', self.test_weighted_avg),
            ('round_float8', self.test_round_float8),
            ('round_to_float8', self.test_round_to_float8),
            ('add_float8', lambda: self.test_arith_float8('add')),
            ('sub_float8', lambda: self.test_arith_float8('sub')),
            ('mul_float8', lambda: self.test_arith_float8('mul')),
            ('reducers_float8', self.test_reducers_float8),
            ('weighted_avg_float8', self.test_weighted_avg_float8),
            ('allocate', self.test_allocate),
            ('allocate_float8', lambda: self.test_allocate(floats=True)),
            ('scaling', self.test_scaling),
            ('apply_ending', self.test_apply_ending),
            ('limit_change', self.test_limit_change),
            ('ladders', self.test_ladders),
            ('endings_in_cap', self.test_endings_in_cap),
            ('aggregates', self.test_aggregates),
            ('tiers', self.test_tiers),
            ('billing_tiers', self.test_billing_tiers),
            ('rules2', self.test_rules2),
        ]
        for group, fn in groups:
            absent = self.missing(group)
            if absent:
                if self.args.skip_missing:
                    print(f'skipped {group}: not installed: {", ".join(absent)}')
                else:
                    self.fail(group, {}, 'not installed: ' + ', '.join(absent), 'installed')
                continue
            before = (self.passed, self.failed, time.monotonic())
            try:
                fn()
            except psycopg.Error as e:
                self.fail(group, {}, f'SQL error {e.sqlstate}: {str(e).strip()}', 'no error')
            if self.args.verbose:
                print(f'{group}: {self.passed - before[0]} passed, {self.failed - before[1]} '
                      f'failed, {time.monotonic() - before[2]:.1f}s')
        before = (self.passed, self.failed)
        self.test_errors()
        if self.args.verbose:
            print(f'errors: {self.passed - before[0]} passed, {self.failed - before[1]} failed')
        before = (self.passed, self.failed)
        installed = {group: not self.missing(group) for group in SIGNATURES}
        try:
            self.test_float_errors(installed.get)
        except psycopg.Error as e:
            self.fail('float8 errors', {}, f'SQL error {e.sqlstate}: {str(e).strip()}', 'no error')
        if self.args.verbose:
            print(f'float8 errors: {self.passed - before[0]} passed, '
                  f'{self.failed - before[1]} failed')


def self_test(seed):
    """Both rounding references must agree; a broken oracle must not pass anything."""
    g = Gen(seed ^ 0x5EED)
    for _ in range(3000):
        places = g.rng.choice(PLACES)
        x = g.tie(places) if g.rng.random() < 0.5 else g.value()
        for mode in MODES:
            try:
                a = want_round(x, places, mode)
            except Inexact:
                a = 'inexact'
            try:
                b = want_div(x, '1', places, mode)
            except Inexact:
                b = 'inexact'
            assert a == b, (x, places, mode, a, b)
    assert want_div('1250', '1', -2, 'half_even') == '1200'
    assert want_round('1.5', 3, 'half_even') == '1.500'
    assert want_round_to('12.346', '0.05', 'half_even') == '12.35'
    assert want_round_to('12.34', '5', 'half_even') == '10'
    assert want_round('-0.001', 2, 'half_even') == '0.00'
    assert want_round('2.5', 0, 'half_up') == '3' and want_round('-2.5', 0, 'half_down') == '-2'
    # float8: both references agree, on the decimal text and not the binary value
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
    # allocation: the classic cases
    assert want_allocate('0.05', ['30', '70'], 2) == ['0.02', '0.03']
    assert want_allocate('100.00', ['1', '1', '1'], 2) == ['33.34', '33.33', '33.33']
    assert want_allocate('0.01', ['1'] * 10, 2) == ['0.01'] + ['0.00'] * 9
    assert want_allocate('-0.05', ['30', None, '70'], 2) == ['-0.02', None, '-0.03']
    assert want_allocate('1000', ['1', '1', '1'], -2) == ['400', '300', '300']
    assert want_allocate('0.005', ['1'], 2) == '22023' and want_allocate('1', ['0'], 2) == '22023'
    # billing tiers: Stripe's documented tables (1-5 at 7, 6-10 at 6.5, 11+ at 6)
    u, p = ['5', '10', None], ['7', '6.5', '6']
    assert [want_bill_total(q, u, p, 'volume') for q in ('1', '5', '6', '20', '25')] == \
        ['7', '35', '39.0', '120', '150']
    assert [want_bill_total(q, u, p, 'graduated') for q in ('1', '5', '6', '20', '25')] == \
        ['7', '35', '41.5', '127.5', '157.5']
    u, p, f = ['5', '10', None], ['5.00', '4.00', '3.00'], ['10', '20', '30']
    assert want_bill_total('6', u, p, 'graduated', f, True) == '59.00'
    assert want_bill_total('6', u, p, 'volume', f, True) == '44.00'
    assert want_bill_total('0', u, p, 'graduated', f, True) == '10.00'
    assert want_bill_total('12.5', u, p, 'graduated', f, True) == '112.500'
    assert want_bill_total('10.000', ['10', None], ['2', '1'], 'graduated') == '20'
    assert want_bill_total('10.000', ['10', None], ['2', '1'], 'volume') == '20.000'
    assert want_bill_total('10', ['10.00', None], ['2', '1'], 'graduated') == '20.00'
    assert want_bill_total('100', ['10', '100'], ['2', '1'], 'graduated') == '110'
    assert want_bill_total('100.5', ['10', '100'], ['2', '1'], 'graduated') == '22023'
    assert want_bill_tier('5', ['5', '10', None], 1) == 1 and want_bill_tier('5.01', u, 0) == 1
    assert want_bill_price('11', u, p) == '3.00'
    assert want_bill_tier('1', [None, '10'], 1) == '22004'
    assert want_bill_tier('1', ['0', None], 1) == '22023'
    assert want_bill_price('1', ['10', None], ['1', '-1']) == '22023'
    assert want_bill_total('1', ['10', None], ['1', '1'], 'volume', ['1', None], True) == '22004'
    assert want_bill_total('1', ['10', None], ['1', '1'], 'volume', None, True) is None
    assert want_bill_total('1', [], [], 'volume') == '22023'
    assert want_bill_total('1', ['10', None], ['1'], 'volume') == '2202E'
    # tiers: the README's table; a boundary is the upper tier's for volume, graduated is continuous
    t, p = ['0', '10', '50'], ['1.00', '0.90', '0.80']
    assert want_tier_total('60', t, p, 'volume') == '48.00'
    assert want_tier_total('60', t, p, 'GRADUATED') == '54.00'
    assert want_tier_total('10', t, p, 'Volume') == '9.00'
    assert want_tier_total('10', t, p, 'graduated') == '10.00'
    assert want_tier_total('0', t, p, 'graduated') == '0.00'
    assert want_tier_total('9.5', t, p, 'volume') == '9.500'
    assert want_tier_price('10', t, p) == '0.90' and want_tier_price('9.999', t, p) == '1.00'
    assert want_tier_total('2.5', ['0', '0.5', '1.25'], ['10', '8.00', '6.5'], 'graduated') \
        == '19.1250'
    # a quantity on a threshold adds no zero-width term, whose scale would show (10.000000)
    assert want_tier_total('10.000', ['0', '10'], ['1.00', '0.905'], 'graduated') == '10.00'
    assert want_tier_total('0.000', ['0', '10'], ['1.00', '0.90'], 'graduated') == '0.00000'
    assert want_tier_total('1', t, p, 'stepped') == '22023'
    assert want_tier_price('1', t, None) is None and want_tier_total('1', t, p, None) is None
    assert want_tier_price('-0.01', t, p) == '22023' and want_tier_price('NaN', t, p) == '22003'
    assert want_tier_price('1', ['1', '10'], ['1', '2']) == '22023'
    assert want_tier_price('1', ['0', '10', '10.0'], ['1', '2', '3']) == '22023'
    assert want_tier_price('1', [], []) == '22023' and want_tier_price('1', ['0'], []) == '2202E'
    assert want_tier_price('1', [['0', '10']], [['1', '2']]) == '2202E'
    assert want_tier_price('1', ['0', None], ['1', '2']) == '22004'
    assert want_tier_price('1', ['0', '10'], ['1', 'NaN']) == '22003'


def main():
    ap = argparse.ArgumentParser(
        description='Compare pricemath numeric results with decimal/fractions references.')
    ap.add_argument('--seed', type=int, default=DEFAULT_SEED)
    ap.add_argument('--cases', type=int, default=DEFAULT_CASES,
                    help='element-wise cases to generate (reducers and errors come on top)')
    ap.add_argument('--skip-missing', action='store_true',
                    help='skip functions that are not installed instead of failing')
    ap.add_argument('--verbose', '-v', action='store_true')
    args = ap.parse_args()

    start = time.monotonic()
    with localcontext() as ctx:
        ctx.prec = 1000
        ctx.Emax = 10 ** 6
        ctx.Emin = -10 ** 6
        self_test(args.seed)
        with psycopg.connect(autocommit=True) as conn:
            conn.execute('CREATE EXTENSION IF NOT EXISTS pricemath')
            # float8 results travel as text: the shortest round-trip text (PostgreSQL's
            # default), whatever PGOPTIONS says, so float() recovers the exact double
            conn.execute('SET extra_float_digits = 1')
            oracle = Oracle(conn, args)
            oracle.run()

    print(f'seed {args.seed}, {time.monotonic() - start:.1f}s')
    if oracle.reports:
        print(f'first {len(oracle.reports)} mismatches:')
        for what, inputs, got, want in oracle.reports:
            print(f'  {what}: inputs {inputs}')
            print(f'    got  {got!r}')
            print(f'    want {want!r}')
    print(f'{oracle.passed} passed, {oracle.failed} failed')
    return 1 if oracle.failed else 0


if __name__ == '__main__':
    sys.exit(main())
