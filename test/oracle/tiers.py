"""Tier tables by threshold: tier_price and tier_total (volume and graduated), against decimal
references; defective tables one call at a time."""

import math
from decimal import Decimal
from fractions import Fraction

from harness import Group, SqlState, canon, dec_text, fixed, literal, scale_of, short


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


def tier_table(g):
    """A valid tier table: thresholds from 0 (written 0, 0.00 or -0), strictly ascending,
    each with 0..3 decimals, some round ones with trailing zeros (10.00); unit prices with
    0..4 decimals.  One table in ten has steps or prices beyond int128."""
    r = g.rng
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
    p = [tier_unit_price(g, wide) for _ in range(n)]
    if r.random() < 0.6:                              # cheaper per unit as quantities grow
        p.sort(key=Decimal, reverse=True)
    return t, p


def tier_unit_price(g, wide):
    r = g.rng
    k = r.random()
    if k < (0.5 if wide else 0.85):                   # prices
        return fixed(r.randint(0, 10 ** r.randint(1, 6)), r.randint(0, 4))
    if k < 0.93:                                      # 20..45 digits
        return fixed(g.int_digits(r.randint(20, 45)), r.randint(0, 4))
    if k < 0.97:                                      # tiny: 20..40 decimals
        return fixed(r.randint(1, 9999), r.randint(20, 40))
    return fixed(-r.randint(0, 10 ** 4), r.randint(0, 4))   # credits: nothing forbids them


def tier_quantity(g, t):
    """A quantity for thresholds t, with 0..4 decimals: 0, exactly on a threshold (as
    written or with other decimals), one unit of the last place either side of one,
    inside a tier, or beyond the last threshold (some beyond int128)."""
    r = g.rng
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


def spell(g, word):
    """word in upper, lower or mixed case (modes are case-insensitive)."""
    r = g.rng
    k = r.random()
    if k < 0.4:
        return word
    if k < 0.55:
        return word.upper()
    if k < 0.7:
        return word.capitalize()
    return ''.join(c.upper() if r.random() < 0.5 else c for c in word)


def tier_defect(g, q, t, p, v, d):
    """The case with one defect the contract names: quantity negative or not finite, first
    threshold not 0, thresholds not ascending, empty table, lengths that differ, 2-D, a
    NULL or non-finite element, or an unknown mode."""
    r = g.rng
    t, p = list(t), list(p)
    n = len(t)
    kind = r.choice(['negative', 'quantity', 'first', 'ascending', 'empty', 'lengths',
                     'dims', 'null', 'element', 'mode'])
    if kind == 'ascending' and n == 1:
        kind = 'first'
    if kind == 'negative':
        q = g.negative()
    elif kind == 'quantity':
        q = g.non_finite()
    elif kind == 'first':
        t[0] = fixed(g.sign(r.randint(1, 1000), 0.5), r.randint(0, 3))
    elif kind == 'ascending':
        i = r.randint(1, n - 1)
        if r.random() < 0.5:                          # equal, perhaps written differently
            t[i] = g.rewritten(t[i - 1])
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
            a.append(tier_unit_price(g, False))
    elif kind == 'dims':
        k = r.random()
        t, p = ([t], p) if k < 0.4 else (t, [p]) if k < 0.8 else ([t], [p])
    elif kind in ('null', 'element'):
        a = r.choice([t, p])
        a[r.randrange(n)] = None if kind == 'null' else \
            g.non_finite()
    else:
        bad = r.choice(['stepped', 'volumes', 'graduate', '', 'volume ', ' graduated',
                        'flat', 'tiered'])
        v, d = (bad, d) if r.random() < 0.5 else (v, bad)
    return q, t, p, v, d


def test_tiers(o):
    """tier_price and tier_total (volume in mixed case, graduated in mixed case, and the
    default) against decimal references; defective cases one call at a time."""
    r = o.gen.rng
    args = 'q::numeric, t::numeric[], p::numeric[]'
    query = (f'SELECT pricemath.tier_price({args})::text, '
             f'pricemath.tier_total({args}, v)::text, '
             f'pricemath.tier_total({args}, d)::text, pricemath.tier_total({args})::text '
             'FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) '
             'WITH ORDINALITY AS u(q, t, p, v, d, i) ORDER BY i')
    names = ['tier_price', 'tier_total volume', 'tier_total graduated',
             'tier_total default']
    for size in o.rounds('tiers', 50):
        cases = []
        while len(cases) < size:
            t, p = tier_table(o.gen)
            q = tier_quantity(o.gen, t)
            v, d = spell(o.gen, 'volume'), spell(o.gen, 'graduated')
            if r.random() < 0.08:
                q, t, p, v, d = tier_defect(o.gen, q, t, p, v, d)
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
                tier_one_by_one(o, names, lits, wants, inputs)
                continue
            if wants[0] is not None and r.random() < 0.05:
                tier_numeric_check(o, q, t, p, wants, inputs)
            cases.append((lits, wants, inputs))
        o.check_rows(names, query, cases)


def tier_one_by_one(o, names, lits, wants, inputs):
    """A case where some call must fail: each call on its own, errors by SQLSTATE."""
    q, tl, pl, v, d = lits
    head = 'SELECT pricemath.tier_%s(%%s::numeric, %%s::numeric[], %%s::numeric[]%s)::text'
    calls = [(head % ('price', ''), (q, tl, pl)), (head % ('total', ', %s'), (q, tl, pl, v)),
             (head % ('total', ', %s'), (q, tl, pl, d)), (head % ('total', ''), (q, tl, pl))]
    o.each_call(names, calls, wants, inputs)


def tier_numeric_check(o, q, t, p, wants, inputs):
    """The references are numeric's own arithmetic: PostgreSQL evaluates the graduated sum
    and q * p[k] as SQL expressions and must print what decimal printed."""
    terms = graduated_terms(q, t, p)
    expr = ' + '.join(['(%s::numeric - %s::numeric) * %s::numeric'] * len(terms))
    got = o.sql(f'SELECT ({expr})::text, (%s::numeric * %s::numeric)::text',
                [x for term in terms for x in term] + [q, p[tier_of(q, t)]])[0]
    o.check('tiers reference is numeric arithmetic', inputs, tuple(got),
            (wants[3], want_tier_total(q, t, p, 'volume')))


def self_test(g):
    """The references on the README's table: a boundary is the upper tier's for volume, and
    graduated is continuous; then the contract's errors."""
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


# each case is a quantity priced by tier_price and both tier_total modes
GROUPS = [
    Group('tiers', 3, ['tier_price(numeric,numeric[],numeric[])',
                       'tier_total(numeric,numeric[],numeric[],text)'], test_tiers),
]
