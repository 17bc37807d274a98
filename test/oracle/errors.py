"""The numeric error checks: division by zero and mode unnecessary on an inexact value, one
bad element among good ones."""

from decimal import Decimal

from harness import INCREMENTS, LOWER_BOUNDS, MODES, PLACES, dec_text, fixed, literal, short, with_lbound


DIV_ARRAY_SQL = 'SELECT pricemath.div(%s::numeric[], %s::numeric[], %s::int, %s::text)'
DIV_SCALAR_SQL = 'SELECT pricemath.div(%s::numeric[], %s::numeric, %s::int, %s::text)'


def unnecessary_checks(o, have, name, ptype, key, param, bad, inexact, lb, z):
    """Mode unnecessary fails with 22003 on the array bad (starting at subscript lb), which
    holds the element inexact at position z among exact ones, and on inexact alone: name
    (round or round_to) with param (of SQL type ptype, named key), in the array and the
    scalar form where installed."""
    if have(name):
        o.expect_error(f'{name} unnecessary inexact',
                       f'SELECT pricemath.{name}(%s::numeric[], %s::{ptype}, %s::text)',
                       (with_lbound(literal(bad), len(bad), lb), param, 'unnecessary'), '22003',
                       {'a': short(bad), 'lbound': lb, key: param, 'inexact': inexact}, element=lb + z)
    if have(name + '_scalar'):
        o.expect_error(f'{name} scalar unnecessary inexact',
                       f'SELECT pricemath.{name}(%s::numeric, %s::{ptype}, %s::text)',
                       (inexact, param, 'unnecessary'), '22003', {'x': inexact, key: param})


def test_errors(o, have):
    """Division by zero, and mode unnecessary on one inexact element among exact ones, for
    each installed group of div, round and round_to."""
    g = o.gen
    checks = max(5, min(60, o.args.cases // 2000))
    for _ in range(checks):
        n = g.rng.randint(1, 50)
        a = [g.nonzero() for _ in range(n)]
        a = [x if g.rng.random() > 0.2 else None for x in a]
        z = g.rng.randrange(n)
        a[z] = g.nonzero()
        places = g.rng.choice(PLACES)
        # not unnecessary: an inexact quotient before the zero would raise 22003 first
        mode = g.rng.choice(MODES[:-1])
        lb, lb_b = g.rng.choice(LOWER_BOUNDS), g.rng.choice(LOWER_BOUNDS)
        if have('div'):
            b = [g.divisor() for _ in range(n)]
            b[z] = fixed(0, g.rng.randint(0, 4))
            o.expect_error('div by zero element',
                           DIV_ARRAY_SQL,
                           (with_lbound(literal(a), n, lb), with_lbound(literal(b), n, lb_b), places, mode),
                           '22012',
                           {'a': short(a), 'b': short(b), 'lbounds': (lb, lb_b), 'places': places,
                            'mode': mode}, element=lb_b + z)
            zero = fixed(0, g.rng.randint(0, 4))
            o.expect_error('div by zero scalar',
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
        unnecessary_checks(o, have, 'round', 'int', 'places', places, bad, inexact, lb, z)
        if have('div'):
            b0 = g.divisor()
            bad_a = [dec_text(Decimal(q) * Decimal(b0)) for q in bad]
            o.expect_error('div unnecessary inexact',
                           DIV_SCALAR_SQL,
                           (with_lbound(literal(bad_a), n, lb), b0, places, 'unnecessary'), '22003',
                           {'a': short(bad_a), 'lbound': lb, 'b': b0, 'places': places}, element=lb + z)
        inc = g.rng.choice(INCREMENTS)
        multiples = [g.multiple_of(inc) for _ in range(n)]
        off = dec_text(Decimal(g.multiple_of(inc)) + Decimal(inc) / 2
                       + g.rng.choice([0, Decimal(inc) / 8]))
        multiples[z] = off
        unnecessary_checks(o, have, 'round_to', 'numeric', 'increment', inc, multiples, off, lb_b, z)
