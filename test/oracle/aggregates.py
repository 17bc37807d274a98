"""The aggregates over random groups of rows: weighted_avg and the price indices (Laspeyres,
Paasche, Fisher, Tornqvist, Jevons, Dutot, Carli), numeric and float8."""

import math
from decimal import Decimal, localcontext
from fractions import Fraction

from harness import Group, dec_text, exact_text_fits, fixed, fkey, short


def agg_price(g):
    r = g.rng
    k = r.random()
    if k < 0.85:
        return fixed(r.randint(1, 10 ** r.randint(1, 7)), r.choice([0, 1, 2, 2, 2, 3, 4]))
    if k < 0.95:                                          # wide: products beyond int128
        return fixed(r.randint(10 ** 20, 10 ** 30), r.randint(0, 6))
    return fixed(r.randint(1, 10 ** 6), r.randint(10, 30))


def agg_quantity(g):
    r = g.rng
    k = r.random()
    if k < 0.1:
        return '0'
    if k < 0.95:
        return fixed(r.randint(0, 10 ** r.randint(1, 6)), r.choice([0, 0, 1, 2]))
    return fixed(r.randint(10 ** 18, 10 ** 25), r.randint(0, 3))


def test_aggregates(o):
    """Aggregates over random groups of rows: weighted_avg equals sum(v * w) / sum(w) (text)
    and is within half a unit of its last digit of the exact quotient; Laspeyres, Paasche
    and Dutot are the float8 nearest the exact ratio; the others and every float8 flavour
    lie within a small relative distance of a 40-digit reference."""
    g = o.gen
    r = g.rng
    done = 0
    while done < o.budget('aggregates'):
        rows = []
        groups = {}
        for gid in range(r.choice([20, 50, 100])):
            n = r.choice([1, 2, 3, r.randint(4, 60)])
            grp = []
            for _ in range(n):
                p0, p1 = agg_price(g), agg_price(g)
                if r.random() < 0.5:                      # p1 near p0, as prices move
                    p1 = dec_text(Decimal(p0) * Decimal(r.choice(['1', '1.05', '0.97', '1.1'])))
                grp.append((g.value() if r.random() < 0.9 else agg_price(g),
                            agg_quantity(g), p0, p1, agg_quantity(g), agg_quantity(g)))
            # nonzero denominators: one row with positive weights and quantities
            v, w, p0, p1, q0, q1 = grp[0]
            grp[0] = (v, '1.5', p0, p1, '2', '3')
            groups[gid] = grp
            rows.extend((gid,) + row for row in grp)
            done += n
        cols = list(zip(*rows))
        got = o.sql(
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
            o.check('weighted_avg(numeric, numeric) vs sum(v * w) / sum(w)', inputs, wavg, sql_wavg)
            sw = sum(w for _, w, *_ in F)
            exact_w = sum(v * w for v, w, *_ in F) / sw
            if wavg is not None and exact_text_fits(wavg, exact_w):
                o.passed += 1
            else:
                o.fail('weighted_avg(numeric, numeric) vs exact', inputs, wavg, str(float(exact_w)))
            L = sum(p1 * q0 for _, _, p0, p1, q0, _ in F) / sum(p0 * q0 for _, _, p0, p1, q0, _ in F)
            P = sum(p1 * q1 for _, _, p0, p1, _, q1 in F) / sum(p0 * q1 for _, _, p0, p1, _, q1 in F)
            D = sum(p1 for _, _, p0, p1, _, _ in F) / sum(p0 for _, _, p0, p1, _, _ in F)
            o.check('laspeyres(numeric) nearest the exact ratio', inputs, fkey(las), fkey(float(L)))
            o.check('paasche(numeric) nearest the exact ratio', inputs, fkey(paa), fkey(float(P)))
            o.check('dutot(numeric) nearest the exact ratio', inputs, fkey(dut), fkey(float(D)))
            o.check('fisher(numeric) is sqrt(L * P) of the nearest ratios', inputs, fkey(fis),
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
                    o.passed += 1
                else:
                    o.fail(f'{name} vs 40-digit reference', inputs, fkey(got_v),
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
        o.expect_error('aggregate error', query, params, state, {'params': params})


# rows (in groups of 1..60), numeric and float8 flavours together
GROUPS = [
    Group('aggregates', 40, ['weighted_avg(numeric,numeric)', 'laspeyres(numeric,numeric,numeric)',
                             'paasche(numeric,numeric,numeric)', 'fisher(numeric,numeric,numeric,numeric)',
                             'tornqvist(numeric,numeric,numeric,numeric)', 'jevons(numeric,numeric)',
                             'dutot(numeric,numeric)', 'carli(numeric,numeric)',
                             'weighted_avg(float8,float8)', 'laspeyres(float8,float8,float8)',
                             'tornqvist(float8,float8,float8,float8)', 'jevons(float8,float8)'],
          test_aggregates),
]
