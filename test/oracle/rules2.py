"""The pricing rules of round 2: per-element rates (markup, discount, add_tax, convert),
discount_stack and margin_of, against exact fractions."""

from decimal import Decimal
from fractions import Fraction

from harness import Group, dec_text, literal, places_text, round_fraction, short
from pricing import FX_RATES, PCTS, rule_case


def test_rules2(o):
    """One rate per element, stacked discounts and margin_of, against exact fractions."""
    g = o.gen
    for n in o.rounds('rules2', g.batch_len):
        a, rule, places, mode = rule_case(g, n, ['markup', 'discount', 'add_tax', 'convert',
                                                 'discount_stack', 'margin_of'])

        def rounded(q):
            return places_text(round_fraction(q * Fraction(10) ** places, mode), places)

        if rule in ('markup', 'discount', 'add_tax'):
            r = g.with_nulls([g.rng.choice(PCTS) for _ in range(n)])
            sign = -1 if rule == 'discount' else 1
            rows = o.sql(f'SELECT pricemath.{rule}(%s::numeric[], %s::numeric[])::text[]',
                         (literal(a), literal(r)))
            want = [None if x is None or y is None else dec_text(Decimal(x) * (1 + sign * Decimal(y)))
                    for x, y in zip(a, r)]
            param = r
        elif rule == 'convert':
            r = g.with_nulls([g.rng.choice(FX_RATES) for _ in range(n)])
            rows = o.sql('SELECT pricemath.convert(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
                         (literal(a), literal(r), places, mode))
            want = [None if x is None or y is None else
                    rounded(Fraction(Decimal(x)) * Fraction(Decimal(y))) for x, y in zip(a, r)]
            param = r
        elif rule == 'discount_stack':
            r = [g.rng.choice(PCTS) for _ in range(g.rng.randint(0, 3))]
            p = g.rng.choice([None, places])
            rows = o.sql('SELECT pricemath.discount_stack(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
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
            rows = o.sql('SELECT pricemath.margin_of(%s::numeric[], %s::numeric[], %s::int, %s)::text[]',
                         (literal(a), literal(r), places, mode))
            want = [None if x is None or c is None else
                    rounded((Fraction(Decimal(x)) - Fraction(Decimal(c))) / Fraction(Decimal(x)))
                    for x, c in zip(a, r)]
            param = r
        o.check_list(rule + ' (rules2)', lambda i: {'a': a[i] if i is not None else short(a),
                                                   'param': short(param), 'places': places,
                                                   'mode': mode},
                     rows[0][0], want)


GROUPS = [
    Group('rules2', 8, ['markup(numeric[],numeric[])', 'discount(numeric[],numeric[])',
                        'add_tax(numeric[],numeric[])', 'convert(numeric[],numeric[],integer,text)',
                        'discount_stack(numeric[],numeric[],integer,text)',
                        'margin_of(numeric[],numeric[],integer,text)'], test_rules2),
]
