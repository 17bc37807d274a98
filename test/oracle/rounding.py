"""round and round_to over numeric[] and numeric, every mode, against decimal's quantize
and exact fractions."""

from decimal import Decimal
from fractions import Fraction

from arithmetic import want_div
from harness import (Group, INCREMENTS, Inexact, MODES, PLACES, dec_text, literal, quantize,
                     round_fraction, short)


def want_round(a, places, mode):
    """Reference via decimal's quantize (independent of round_fraction)."""
    r = quantize(Decimal(a), places, mode)
    if places < 0:
        return str(int(r))
    return dec_text(r)


def want_round_to(a, inc, mode):
    n = round_fraction(Fraction(Decimal(a)) / Fraction(Decimal(inc)), mode)
    return dec_text(Decimal(n) * Decimal(inc))


def stressed(g, mode, exact, tie):
    """A value that tests rounding: exact() (always under mode unnecessary), tie() (a tie or
    just off one) or any value."""
    k = g.rng.random()
    if mode == 'unnecessary' or k < 0.15:
        return exact()
    if k < 0.5:
        return tie()
    return g.value()


def round_value(g, places, mode):
    return stressed(g, mode, lambda: g.exact_for_places(places), lambda: g.tie(places))


def test_round(o):
    g = o.gen
    for n in o.rounds('round', g.batch_len):
        form = g.rng.choice(['places_mode'] * 4 + ['places', 'default'])
        places = 2 if form == 'default' else g.rng.choice(PLACES + [0, 2, 2, -2])
        mode = g.rng.choice(MODES) if form == 'places_mode' else 'half_even'
        a = g.with_nulls([round_value(g, places, mode) for _ in range(n)])
        if form == 'default':
            rows = o.sql('SELECT pricemath.round(%s::numeric[])::text[]', (literal(a),))
        elif form == 'places':
            rows = o.sql('SELECT pricemath.round(%s::numeric[], %s::int)::text[]',
                         (literal(a), places))
        else:
            rows = o.sql('SELECT pricemath.round(%s::numeric[], %s::int, %s::text)::text[]',
                         (literal(a), places, mode))
        want = [None if x is None else want_round(x, places, mode) for x in a]
        o.check_list(f'round(array, {places}, {mode}) [{form}]',
                     lambda i: {'a': a[i] if i is not None else short(a)}, rows[0][0], want)


def test_round_scalar(o):
    g = o.gen
    for n in o.rounds('round_scalar', g.batch_len):
        places = [g.rng.choice(PLACES) for _ in range(n)]
        modes = [g.rng.choice(MODES[:-1]) for _ in range(n)]
        for i in range(n):              # some exact ones under unnecessary
            if g.rng.random() < 0.1:
                modes[i] = 'unnecessary'
        xs = [round_value(g, p, m) for p, m in zip(places, modes)]
        xs = g.with_nulls(xs)
        rows = o.sql(
            'SELECT pricemath.round(x::numeric, p, m)::text '
            'FROM unnest(%s::text[], %s::int[], %s::text[]) WITH ORDINALITY AS u(x, p, m, i) '
            'ORDER BY i', (xs, literal(places), literal(modes)))
        want = [None if x is None else want_round(x, p, m)
                for x, p, m in zip(xs, places, modes)]
        o.check_list('round(scalar, places, mode)',
                     lambda i: {'x': xs[i], 'places': places[i], 'mode': modes[i]}
                     if i is not None else {'x': short(xs)},
                     [r[0] for r in rows], want)


def round_to_value(g, inc, mode):
    return stressed(g, mode, lambda: g.multiple_of(inc), lambda: g.tie_for_increment(inc))


def test_round_to(o):
    g = o.gen
    for n in o.rounds('round_to', g.batch_len):
        inc = g.rng.choice(INCREMENTS)
        mode = g.rng.choice(MODES + [None])
        a = g.with_nulls([round_to_value(g, inc, mode or 'half_even') for _ in range(n)])
        if mode is None:
            rows = o.sql('SELECT pricemath.round_to(%s::numeric[], %s::numeric)::text[]',
                         (literal(a), inc))
        else:
            rows = o.sql(
                'SELECT pricemath.round_to(%s::numeric[], %s::numeric, %s::text)::text[]',
                (literal(a), inc, mode))
        want = [None if x is None else want_round_to(x, inc, mode or 'half_even') for x in a]
        o.check_list(f'round_to(array, {inc}, {mode})',
                     lambda i: {'a': a[i] if i is not None else short(a)}, rows[0][0], want)


def test_round_to_scalar(o):
    g = o.gen
    for n in o.rounds('round_to_scalar', g.batch_len):
        incs = [g.rng.choice(INCREMENTS) for _ in range(n)]
        modes = [g.rng.choice(MODES[:-1]) if g.rng.random() < 0.9 else 'unnecessary'
                 for _ in range(n)]
        xs = g.with_nulls([round_to_value(g, c, m) for c, m in zip(incs, modes)])
        rows = o.sql(
            'SELECT pricemath.round_to(x::numeric, c::numeric, m)::text '
            'FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS u(x, c, m, i) '
            'ORDER BY i', (xs, incs, modes))
        want = [None if x is None else want_round_to(x, c, m)
                for x, c, m in zip(xs, incs, modes)]
        o.check_list('round_to(scalar, increment, mode)',
                     lambda i: {'x': xs[i], 'increment': incs[i], 'mode': modes[i]}
                     if i is not None else {'x': short(xs)},
                     [r[0] for r in rows], want)


def self_test(g):
    """Both rounding references must agree, with each other and on known cases."""
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


GROUPS = [
    Group('round', 14, ['round(numeric[],integer,text)'], test_round),
    Group('round_scalar', 5, ['round(numeric,integer,text)'], test_round_scalar),
    Group('round_to', 12, ['round_to(numeric[],numeric,text)'], test_round_to),
    Group('round_to_scalar', 5, ['round_to(numeric,numeric,text)'], test_round_to_scalar),
]
