"""The pricing rules: scaling (markup, discount, add_tax, margin_price, remove_tax, convert),
apply_ending and limit_change."""

from decimal import Decimal
from fractions import Fraction

from arithmetic import want_div
from harness import (DECIMAL_MODES, Group, PLACES, canon, dec_text, literal, places_text,
                     round_fraction, scale_of, short)
from rounding import want_round


# pricing rules: parameters, and the (step, ending) grids of price endings
PCTS = ['0', '0.35', '0.1', '0.0725', '0.5', '0.19', '0.07', '0.999', '1', '0.125', '0.33']
FX_RATES = ['1.0831', '0.9233', '145.2301', '0.0069', '1', '7.4605', '0.00012345', '1.1']
ENDINGS = [('1', '0.99'), ('1', '0.95'), ('10', '9'), ('0.25', '0'), ('5', '4.99'),
           ('100', '99'), ('0.05', '0.04'), ('1', '0'), ('1000', '999.99')]
CAPS = [None, '0', '0.05', '0.10', '0.25', '0.5', '1']


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


def price(g):
    """A non-negative numeric text: mostly prices, some wide or beyond int128."""
    v = g.value()
    return v[1:] if v.startswith('-') else v


def rule_case(g, n, rules):
    """n values (some NULL) for one of rules, and the places and mode it rounds to."""
    a = g.with_nulls([g.value() for _ in range(n)])
    rule = g.rng.choice(rules)
    places, mode = g.rng.choice(PLACES[:8]), g.rng.choice(list(DECIMAL_MODES))
    return a, rule, places, mode


def test_scaling(o):
    g = o.gen
    for n in o.rounds('scaling', g.batch_len):
        a, rule, places, mode = rule_case(g, n, ['markup', 'discount', 'add_tax', 'margin_price',
                                                 'remove_tax', 'convert'])
        if rule in ('markup', 'add_tax', 'discount'):
            pct = g.rng.choice(PCTS)
            f = 1 - Decimal(pct) if rule == 'discount' else 1 + Decimal(pct)
            rows = o.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric)::text[]',
                         (literal(a), pct))
            want = [None if x is None else dec_text(Decimal(x) * f) for x in a]
        elif rule in ('margin_price', 'remove_tax'):
            pct = g.rng.choice([p for p in PCTS if Decimal(p) < 1])
            f = 1 - Decimal(pct) if rule == 'margin_price' else 1 + Decimal(pct)
            rows = o.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric, %s, %s)::text[]',
                         (literal(a), pct, places, mode))
            want = [None if x is None else want_div(x, str(f), places, mode) for x in a]
        else:
            pct = g.rng.choice(FX_RATES)
            rows = o.sql('SELECT pricemath.convert(%s::numeric[], %s::numeric, %s, %s)::text[]',
                         (literal(a), pct, places, mode))
            want = [None if x is None else
                    places_text(round_fraction(Fraction(Decimal(x) * Decimal(pct))
                                               * Fraction(10) ** places, mode), places)
                    for x in a]
        o.check_list(rule, lambda i: {'a': a[i] if i is not None else short(a), 'param': pct,
                                      'places': places, 'mode': mode},
                     rows[0][0], want)


def test_apply_ending(o):
    g = o.gen
    for n in o.rounds('apply_ending', g.batch_len):
        a = g.with_nulls([price(g) for _ in range(n)])
        step, ending = g.rng.choice(ENDINGS)
        mode = g.rng.choice(['nearest', 'down', 'up'])
        for i in range(n):      # some prices sit exactly on or halfway between points
            if a[i] is not None and g.rng.random() < 0.15:
                k = g.rng.randrange(0, 1000)
                half = g.rng.choice([0, 1])
                a[i] = dec_text(Decimal(k) * Decimal(step) + Decimal(ending)
                                + half * Decimal(step) / 2)
        rows = o.sql('SELECT pricemath.apply_ending(%s::numeric[], %s::numeric, '
                     '%s::numeric, %s)::text[]', (literal(a), step, ending, mode))
        want = [None if x is None else want_ending(x, step, ending, mode) for x in a]
        o.check_list('apply_ending', lambda i: {'p': a[i] if i is not None else short(a),
                                                'step': step, 'ending': ending, 'mode': mode},
                     rows[0][0], want)


def test_limit_change(o):
    g = o.gen
    for _ in o.rounds('limit_change', 1):
        places = g.rng.choice([None, None, 0, 1, 2, 2, 3, 4, -1])
        up, down = g.rng.choice(CAPS), g.rng.choice(CAPS)
        old = price(g) if g.rng.random() < 0.95 else None
        new = price(g)
        if places is not None and g.rng.random() < 0.9:   # mostly on the places grid
            new = want_round(new, places, 'half_even')
        want = want_limit(old, new, up, down, places)
        query = ('SELECT pricemath.limit_change(ARRAY[%s::numeric], ARRAY[%s::numeric], '
                 '%s::numeric, %s::numeric, %s::int)::text[]')
        inputs = {'old': old, 'new': new, 'max_up': up, 'max_down': down, 'places': places}
        if want in ('22003', '22023'):
            o.expect_error('limit_change', query, (old, new, up, down, places), want, inputs)
        else:
            rows = o.sql(query, (old, new, up, down, places))
            o.check('limit_change', inputs, rows[0][0][0], want)


GROUPS = [
    Group('scaling', 8, ['markup(numeric[],numeric)', 'discount(numeric[],numeric)',
                         'add_tax(numeric[],numeric)', 'margin_price(numeric[],numeric,integer,text)',
                         'remove_tax(numeric[],numeric,integer,text)',
                         'convert(numeric[],numeric,integer,text)'], test_scaling),
    Group('apply_ending', 5, ['apply_ending(numeric[],numeric,numeric,text)'], test_apply_ending),
    Group('limit_change', 5, ['limit_change(numeric[],numeric[],numeric,numeric,integer)'],
          test_limit_change),
]
