"""Billing tier tables (inclusive up_to bounds, the last NULL for an open tier, flat amounts):
billing_tier, billing_price and billing_total, against a Fraction reference."""

import math
from decimal import Decimal
from fractions import Fraction

from harness import Group, SqlState, canon, fixed, literal, scale_of, short
from tiers import spell, tier_literal, tier_unit_price


# An independent reference: values as Fractions from the tiers' intervals, scales from
# numeric's rules for the documented expression (a product's scale is the sum of its factors',
# a sum's or difference's the larger); no code shared with the threshold references of tiers.py.

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


def bill_table(g):
    """A valid billing table: positive bounds ascending strictly, with 0..3 decimals, some
    round ones with trailing zeros (10.00), the last NULL (unbounded) in most tables; unit
    prices with 0..4 decimals and flat amounts with 0..2 (or none); one table in ten has
    bounds or amounts beyond int128."""
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
    p = [tier_unit_price(g, wide) for _ in range(n)]
    p = [x if Decimal(x) >= 0 else canon(x[1:]) for x in p]
    if r.random() < 0.6:
        p.sort(key=Decimal, reverse=True)
    f = None
    if r.random() < 0.6:
        f = [fixed(0, r.randint(0, 2)) if r.random() < 0.3 else
             fixed(g.int_digits(r.randint(30, 42)), r.randint(0, 2)) if wide and r.random() < 0.3
             else fixed(r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 2)) for _ in range(n)]
    return u, p, f


def bill_quantity(g, u):
    """A quantity for bounds u, with 0..4 decimals: 0, exactly on a bound (as written or
    with more decimals), one unit of a last place either side of one, inside a tier, or
    beyond the last bound (some beyond int128; an error when the last bound is not NULL)."""
    r = g.rng
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


def bill_defect(g, q, u, p, f, v, d):
    """The case with one defect the contract names: quantity negative or not finite, a
    first bound not above 0, bounds not ascending, a NULL bound before the last, an empty
    table, lengths that differ, 2-D, a NULL, non-finite or negative element, a quantity
    above a closed table, or an unknown mode."""
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
        q = g.negative()
    elif kind == 'quantity':
        q = g.non_finite()
    elif kind == 'first':
        u[0] = fixed(-r.randint(0, 1000), r.randint(0, 3))
    elif kind == 'ascending':
        i = r.randint(1, nb - 1)
        if r.random() < 0.5:                          # equal, perhaps written differently
            u[i] = g.rewritten(u[i - 1])
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
        a[i] = None if kind == 'null' else g.non_finite() \
            if kind == 'element' else fixed(-r.randint(1, 10 ** 5), r.randint(0, 3))
    elif kind == 'beyond':
        if u[-1] is None:
            u[-1] = fixed(math.floor(frac(u[-2])) + 1 if n > 1 else 5, 0)
        q = fixed(math.floor(frac(u[-1])) + r.randint(1, 10 ** r.randint(1, 6)), 0)
    else:
        bad = r.choice(['stepped', 'volumes', 'graduate', '', 'volume ', 'flat', 'tiered'])
        v, d = (bad, d) if r.random() < 0.5 else (v, bad)
    return q, u, p, f, v, d


def test_billing_tiers(o):
    """billing_tier, billing_price and billing_total (volume and graduated in mixed case,
    without and with flat amounts) against the Fraction reference; defective cases one call
    at a time; a share of the cases also against numeric's own arithmetic for the
    documented expression and against tier_total over the mapped thresholds."""
    r = o.gen.rng
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
    for size in o.rounds('billing_tiers', 50):
        cases = []
        while len(cases) < size:
            u, p, f = bill_table(o.gen)
            q = bill_quantity(o.gen, u)
            v, d = spell(o.gen, 'volume'), spell(o.gen, 'graduated')
            if r.random() < 0.1:
                q, u, p, f, v, d = bill_defect(o.gen, q, u, p, f, v, d)
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
                bill_one_by_one(o, names, lits, wants, inputs)
                continue
            if all(w is not None for w in wants) and r.random() < 0.05:
                bill_numeric_check(o, q, u, p, f, wants, inputs)
            cases.append((lits, wants, inputs))
        o.check_rows(names, query, cases)


def bill_one_by_one(o, names, lits, wants, inputs):
    """A case where some call must fail: each call on its own, errors by SQLSTATE."""
    q, ul, pl, fl, v, d = lits
    calls = [('SELECT pricemath.billing_tier(%s::numeric, %s::numeric[])', (q, ul)),
             ('SELECT pricemath.billing_price(%s::numeric, %s::numeric[], %s::numeric[])::text',
              (q, ul, pl))]
    total = 'SELECT pricemath.billing_total(%s::numeric, %s::numeric[], %s::numeric[], %s{})::text'
    calls += [(total.format(''), (q, ul, pl, v)), (total.format(''), (q, ul, pl, d)),
              (total.format(', %s::numeric[]'), (q, ul, pl, v, fl)),
              (total.format(', %s::numeric[]'), (q, ul, pl, d, fl))]
    o.each_call(names, calls, wants, inputs)


def bill_numeric_check(o, q, u, p, f, wants, inputs):
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
        got = o.sql(f'SELECT ({" + ".join(parts)})::text', params)[0][0]
        o.check('billing reference is numeric arithmetic', inputs, got, want)
    if u[-1] is None:
        got = o.sql('SELECT pricemath.tier_total(%s::numeric, %s::numeric[], '
                    '%s::numeric[], \'graduated\')::text',
                    (q, literal(['0'] + u[:-1]), literal(p)))[0][0]
        o.check('billing graduated is tier_total over thresholds', inputs, got, wants[3])


def self_test(g):
    """The reference on Stripe's documented tables (1-5 at 7, 6-10 at 6.5, 11+ at 6), scales,
    bounds and the contract's errors."""
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


# each case is a quantity priced six ways (up_to bounds, flat amounts)
GROUPS = [
    Group('billing_tiers', 3, ['billing_tier(numeric,numeric[])',
                               'billing_price(numeric,numeric[],numeric[])',
                               'billing_total(numeric,numeric[],numeric[],text)',
                               'billing_total(numeric,numeric[],numeric[],text,numeric[])'],
          test_billing_tiers),
]
