-- Pricing rules, round 2: currencies (ISO 4217 minor units, convert by
-- code), allocate_share as a window function, per-element rates for
-- markup, discount, add_tax and convert, discount_stack and margin_of.
\i sql/include/err.sql

-- ---- currencies ----
SELECT c, pricemath.currency_places(c)
FROM unnest(ARRAY['USD', 'EUR', 'JPY', 'KWD', 'BHD', 'CLP', 'ISK', 'CLF', 'UYW', 'XCG', 'jpy', 'Kwd']) c;
-- the whole table: 178 codes, sorted, unique, each found by currency_places
SELECT count(*) AS codes, count(places) AS with_minor_units, min(places), max(places),
       count(DISTINCT code) = count(*) AS unique_codes,
       bool_and(code ~ '^[A-Z]{3}$') AS three_upper_letters,
       bool_and(places IS NULL OR pricemath.currency_places(code) = places) AS lookup_agrees,
       bool_and(places IS NULL OR pricemath.currency_places(lower(code)) = places) AS any_case
FROM pricemath.currencies();
SELECT array_agg(code ORDER BY code) AS no_minor_units FROM pricemath.currencies() WHERE places IS NULL;
SELECT array_agg(code || '=' || places ORDER BY code) AS not_two_places
FROM pricemath.currencies() WHERE places <> 2;
-- unknown, withdrawn, malformed codes: 22023 with a hint
SELECT pg_temp.err($$SELECT pricemath.currency_places('ZZZ')$$);
SELECT pg_temp.err($$SELECT pricemath.currency_places('HRK')$$);
SELECT pg_temp.err($$SELECT pricemath.currency_places(' USD')$$);
SELECT pg_temp.err($$SELECT pricemath.currency_places('')$$);
SELECT pg_temp.err($$SELECT pricemath.currency_places('XAU')$$);
SELECT pricemath.currency_places(NULL) IS NULL AS null_code;
-- convert by currency code equals convert with that code's places
SELECT pricemath.convert('{10.00, 12.34, 0.01, NULL}'::numeric[], 145.2301, 'JPY') AS jpy,
       pricemath.convert('{10.00, 12.34, 0.01, NULL}'::numeric[], 0.3071, 'KWD') AS kwd,
       pricemath.convert('{10.00, 12.34, 0.01, NULL}'::numeric[], 1.0831, 'usd', 'ceiling') AS usd_ceiling;
SELECT pricemath.convert(12.34, 145.2301, 'JPY') AS scalar_jpy, pricemath.convert(0.5, 1, 'JPY', 'half_up') AS tie_up,
       pricemath.convert(0.5, 1, 'JPY') AS tie_even;
SELECT bool_and(pricemath.convert(a, r, c.code)::text = pricemath.convert(a, r, c.places)::text) AS same_as_places
FROM pricemath.currencies() c,
     (VALUES ('{10.00, 12.34, 0.01, 99999.995, -3.5}'::numeric[], 1.0831), ('{1, 2.5, 0.0005}', 145.2301)) t(a, r)
WHERE c.places IS NOT NULL;
-- overloads: an untyped code resolves to the text form, a number to places
SELECT pg_typeof(pricemath.convert('{1.25}'::numeric[], 1.1, 'JPY')) AS code_form,
       pricemath.convert('{1.25}'::numeric[], 1.1, 'JPY') AS by_code,
       pricemath.convert('{1.25}'::numeric[], 1.1, 2) AS by_places,
       pricemath.convert('{1.25}'::numeric[], 1.1, 2, 'half_up') AS by_places_mode,
       pricemath.convert(1.25, 1.1, 'JPY') AS scalar_by_code,
       pricemath.convert(1.25, 1.1, 2) AS scalar_by_places;
-- a quoted number is a code, not places
SELECT pg_temp.err($$SELECT pricemath.convert('{1.25}'::numeric[], 1.1, '2')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1.25}'::numeric[], 0, 'JPY')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1.25}'::numeric[], 1.1, 'JPY', 'bankers')$$);
-- IMMUTABLE: usable in a generated column and in an index
CREATE TEMP TABLE fx (amount numeric, currency text,
                      yen numeric GENERATED ALWAYS AS (pricemath.convert(amount, 145.2301, 'JPY')) STORED);
CREATE INDEX ON fx ((pricemath.convert(amount, 1.0831, currency)));
INSERT INTO fx VALUES (12.34, 'USD'), (0.01, 'KWD'), (NULL, 'JPY');
SELECT amount, currency, yen, pricemath.convert(amount, 1.0831, currency) FROM fx ORDER BY amount NULLS LAST;
-- a constant code is folded away: the plan calls convert with places
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.convert(amount, 1.0831, 'KWD') FROM fx;

-- ---- allocate_share: allocate as a window function ----
CREATE TEMP TABLE lines (invoice int, line int, weight numeric);
INSERT INTO lines VALUES
  (1, 1, 1), (1, 2, 1), (1, 3, 1),          -- ties: the earlier rows get the extra cents
  (2, 1, 30), (2, 2, NULL), (2, 3, 70),     -- a NULL weight: NULL share, the others split
  (3, 1, 0), (3, 2, 5),                     -- zero weight: 0.00
  (4, 1, 2);                                -- one row takes it all
SELECT invoice, line, weight,
       pricemath.allocate_share(100.00, weight) OVER (PARTITION BY invoice ORDER BY line) AS share
FROM lines ORDER BY invoice, line;
-- the window's order decides ties: reversed, the last lines get the cents
SELECT invoice, line,
       pricemath.allocate_share(100.00, weight) OVER (PARTITION BY invoice ORDER BY line DESC) AS share
FROM lines WHERE invoice = 1 ORDER BY line;
-- shares equal allocate() over the weights in the same order, and sum to the total exactly
WITH t AS (
  SELECT invoice, line, weight, total,
         pricemath.allocate_share(total, weight, 2) OVER w AS share,
         array_agg(weight) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS weights,
         row_number() OVER w AS rn
  FROM (SELECT invoice, line, weight, (invoice * 33.33)::numeric(10, 2) AS total FROM lines) l
  WINDOW w AS (PARTITION BY invoice ORDER BY line))
SELECT invoice, total, sum(share) AS sum_share, sum(share) = total AS exact,
       bool_and(share IS NOT DISTINCT FROM (pricemath.allocate(total, weights, 2))[rn]) AS same_as_allocate
FROM t GROUP BY invoice, total ORDER BY invoice;
-- a total per partition from a column; negative totals and places
SELECT g, pricemath.allocate_share(t, w, p) OVER (PARTITION BY g ORDER BY id) AS share
FROM (VALUES (1, 1, -0.05, 30, 2), (1, 2, -0.05, 70, 2), (2, 1, 1000, 1, -2), (2, 2, 1000, 1, -2),
             (2, 3, 1000, 1, -2), (3, 1, 10.000, 1, 2), (3, 2, 10.000, 2, 2)) v(g, id, t, w, p)
ORDER BY g, id;
-- a large partition: 10000 rows of random-looking weights still sum exactly
SELECT sum(s) AS sum_share, count(*) AS rows, min(s), max(s)
FROM (SELECT pricemath.allocate_share(1234567.89, (i * 7919 % 1000)::numeric) OVER (ORDER BY i) AS s
      FROM generate_series(1, 10000) i) x;
-- without ORDER BY the split is still exact (ties then follow the rows' unspecified order)
SELECT sum(s) AS sum_share FROM (SELECT pricemath.allocate_share(0.10, 1) OVER () AS s FROM generate_series(1, 3)) x;
-- weights beyond 128 bits take the exact numeric path with the same rules (ties in window order)
SELECT i, pricemath.allocate_share(100.00, w) OVER (ORDER BY i) AS share
FROM unnest('{1e40, 1e40, 1e40}'::numeric[]) WITH ORDINALITY u(w, i);
SELECT pricemath.allocate_share(123456789012345678901234567890.01, w) OVER (ORDER BY w) AS share
FROM unnest('{1, 2}'::numeric[]) w;
-- NULL total or places on every row: NULL shares
SELECT pricemath.allocate_share(NULL, w) OVER (ORDER BY w) AS null_total,
       pricemath.allocate_share(1, w, NULL) OVER (ORDER BY w) AS null_places
FROM unnest('{1, 2}'::numeric[]) w;
-- errors
SELECT pg_temp.err($$SELECT pricemath.allocate_share(t, 1) OVER () FROM unnest('{1, 2}'::numeric[]) t$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(t, 1) OVER (ORDER BY t NULLS FIRST) FROM unnest('{1, NULL}'::numeric[]) t$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, 1, p) OVER (ORDER BY p) FROM unnest('{1, 2}'::int[]) p$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, w) OVER (ORDER BY w) FROM unnest('{1, -1}'::numeric[]) w$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, w) OVER (ORDER BY w) FROM unnest('{1, NaN}'::numeric[]) w$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, w) OVER () FROM unnest('{0, NULL}'::numeric[]) w$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1.005, 1) OVER () FROM generate_series(1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share('Infinity', 1) OVER () FROM generate_series(1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, 1, 1001) OVER () FROM generate_series(1, 2)$$);
-- a window function, not an aggregate or a plain function
SELECT pg_temp.err($$SELECT pricemath.allocate_share(1, 1)$$);

-- ---- per-element rates ----
-- each element with its own rate equals the scalar rule at that rate, value and scale
WITH t(p, r) AS (VALUES ('{12.34, 0.001, 99999.99, 0, 123456789012345678901234567890.12, -5}'::numeric[],
                         '{0.0725, 0.5, 0, 0.19, 0.1, 1}'::numeric[]))
SELECT pricemath.markup(p, r)::text = ARRAY(SELECT pricemath.markup(x, y) FROM unnest(p, r) u(x, y))::text AS markup_same,
       pricemath.discount(p, r)::text = ARRAY(SELECT pricemath.discount(x, y) FROM unnest(p, r) u(x, y))::text AS discount_same,
       pricemath.add_tax(p, r)::text = ARRAY(SELECT pricemath.add_tax(x, y) FROM unnest(p, r) u(x, y))::text AS add_tax_same,
       pricemath.convert(p, pricemath.add(r, 1::numeric), 2)::text
         = ARRAY(SELECT pricemath.convert(x, y + 1, 2) FROM unnest(p, r) u(x, y))::text AS convert_same,
       pg_column_size(pricemath.markup(p, r)) = pg_column_size(ARRAY(SELECT x * (1 + y) FROM unnest(p, r) u(x, y))) AS same_size
FROM t;
SELECT pricemath.markup('{10.00, 20.00, 30.00}'::numeric[], '{0.10, 0.25, -0.5}') AS markup,
       pricemath.discount('{10.00, 20.00, 30.00}'::numeric[], '{0.10, 0, 1}') AS discount,
       pricemath.add_tax('{10.00, 20.00, 30.00}'::numeric[], '{0.19, 0.07, 0}') AS add_tax;
SELECT pricemath.convert('{10.00, 20.00, 0.125}'::numeric[], '{1.0831, 145.2301, 1}'::numeric[], 2) AS convert,
       pricemath.convert('{10.00, 20.00, 0.125}'::numeric[], '{1.0831, 145.2301, 1}'::numeric[], 2, 'up') AS convert_up,
       pricemath.convert('{10.00, 20.00, 0.125}'::numeric[], ARRAY[1.0831, 145.2301, 1], 'JPY') AS convert_jpy;
-- NULL element in prices or rates: NULL at that position; NULL array: NULL
SELECT pricemath.markup('{10.00, NULL, 30.00}'::numeric[], '{0.1, 0.2, NULL}') AS null_elements,
       pricemath.convert('{10.00, NULL}'::numeric[], '{NULL, 2}'::numeric[], 2) AS convert_nulls,
       pricemath.markup('{1}'::numeric[], NULL::numeric[]) IS NULL AS null_rates;
-- '{}' with '{}', lower bound other than 1 (the result keeps the prices' shape), huge values
SELECT pricemath.markup('{}'::numeric[], '{}') AS empty, pricemath.convert('{}'::numeric[], '{}'::numeric[], 'EUR') AS empty_convert,
       pricemath.markup('[0:1]={1.00,2.00}'::numeric[], '[5:6]={0.1,0.2}') AS keeps_lower_bound,
       pricemath.add_tax('{99999999999999999999999999999999999999.99}'::numeric[], '{0.19}') AS huge,
       pricemath.markup('{1}'::numeric[], '{123456789012345678901234567890123456789}') AS huge_rate;
-- overloads: a numeric scalar keeps the scalar form; an untyped literal next to a numeric[]
-- is read as numeric[], like the prices
SELECT pricemath.markup('{10.00}'::numeric[], 0.1) AS scalar_rate, pricemath.markup('{10.00}'::numeric[], '{0.1}') AS array_rate;
SELECT pg_temp.err($$SELECT pricemath.markup('{10.00}'::numeric[], '0.1')$$);
-- convert has a scalar and an array rate next to places: an untyped rate needs a cast
SELECT pg_temp.err($$SELECT pricemath.convert('{10.00}'::numeric[], '{1.1}', 2)$$);
-- errors: lengths (2202E), 2-D (2202E), a rate element outside its contract or NaN (22023,
-- naming the element), NaN or Infinity in prices (22003), modes and places (22023)
SELECT pg_temp.err($$SELECT pricemath.markup('{1, 2}'::numeric[], '{0.1}')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], '{}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.discount('{1, 2}'::numeric[], '{{0.1}, {0.2}}')$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1, 2}'::numeric[], '[0:1]={0.1, -1}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount('{1, 2, 3}'::numeric[], '{0.1, 0.2, 1.5}')$$);
SELECT pg_temp.err($$SELECT pricemath.add_tax('{1}'::numeric[], '{-0.01}')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1, 2}'::numeric[], '{1.1, 0}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.add_tax('{1}'::numeric[], '{NaN}')$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], '{Infinity}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount('{1}'::numeric[], '{-Infinity}')$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], '{-123456789012345678901234567890123456789}')$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{NaN}'::numeric[], '{0.1}')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1, -Infinity}'::numeric[], '{1, 1}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{0.125}'::numeric[], '{1}'::numeric[], 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], '{1}'::numeric[], 2, 'bankers')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], '{1}'::numeric[], 1001)$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], '{1}'::numeric[], 'ZZZ')$$);

-- ---- discount_stack ----
-- in turn: 100 * 0.90 * 0.95, exact (scale adds up as the products in turn would)
SELECT pricemath.discount_stack('{100.00, 19.99, NULL, 0}'::numeric[], '{0.10, 0.05}') AS exact,
       pricemath.discount(pricemath.discount('{100.00, 19.99, NULL, 0}'::numeric[], 0.10), 0.05) AS in_turn;
-- one rounding at the end, with the mode
SELECT pricemath.discount_stack('{99.99, 19.99, 0.05}'::numeric[], '{0.10, 0.05}', 2) AS half_even,
       pricemath.discount_stack('{99.99, 19.99, 0.05}'::numeric[], '{0.10, 0.05}', 2, 'floor') AS floor,
       pricemath.discount_stack('{99.99, 19.99, 0.05}'::numeric[], '{0.10, 0.05}', 0, 'ceiling') AS ceiling_0;
-- rounding once differs from rounding each step: 0.15 * 0.81 = 0.1215 -> 0.12, while
-- 0.15 * 0.9 = 0.135 -> 0.14, * 0.9 = 0.126 -> 0.13
SELECT pricemath.discount_stack(0.15, '{0.10, 0.10}', 2) AS once,
       pricemath.discount_stack(pricemath.discount_stack(0.15, '{0.10}', 2), '{0.10}', 2) AS each_step_rounded;
-- the same as the plain numeric product, value and scale, over many prices
WITH t(p) AS (VALUES ('{12.34, 0.001, 99999.99, 0, 123456789012345678901234567890.12, -5}'::numeric[]))
SELECT pricemath.discount_stack(p, '{0.1, 0.05, 0.333}')::text
         = ARRAY(SELECT x * (1 - 0.1) * (1 - 0.05) * (1 - 0.333) FROM unnest(p) x)::text AS stack_same,
       pricemath.discount_stack(p, '{0.1, 0.05, 0.333}', 2, 'half_up')::text
         = ARRAY(SELECT round(x * (1 - 0.1) * (1 - 0.05) * (1 - 0.333), 2) FROM unnest(p) x)::text AS rounded_same
FROM t;
-- '{}' changes nothing (places still rounds); 0 and 1 are allowed; lower bound kept; scalar form
SELECT pricemath.discount_stack('{10.005}'::numeric[], '{}') AS empty_stack,
       pricemath.discount_stack('{10.005}'::numeric[], '{}', 2) AS empty_stack_rounded,
       pricemath.discount_stack('{}'::numeric[], '{0.5}') AS no_prices,
       pricemath.discount_stack('[0:1]={10,20}'::numeric[], '{0, 1}') AS keeps_lower_bound,
       pricemath.discount_stack(100.00, '{0.10, 0.05}') AS scalar,
       pricemath.discount_stack(100.00, '{0.10, 0.05}', 0) AS scalar_rounded;
-- one call site, a different stack or places on every row: each row gets its own
SELECT r, places, pricemath.discount_stack(100.00, r, places) AS price
FROM (VALUES ('{0.1}'::numeric[], NULL::int), ('{0.1}', 2), ('{0.2}', 2), ('{0.2, 0.1}', 0), ('{0.1}', NULL),
             ('{}', NULL)) v(r, places);
-- NULL prices, rates or mode: NULL; NULL places: exact
SELECT pricemath.discount_stack(NULL::numeric[], '{0.1}') IS NULL AS null_prices,
       pricemath.discount_stack('{1}'::numeric[], NULL) IS NULL AS null_rates,
       pricemath.discount_stack('{1}'::numeric[], '{0.1}', 2, NULL) IS NULL AS null_mode,
       pricemath.discount_stack(1.00, '{0.1}', NULL) AS null_places_exact;
-- huge values take the exact path
SELECT pricemath.discount_stack('{99999999999999999999999999999999999999.99}'::numeric[], '{0.1, 0.05}') AS huge,
       pricemath.discount_stack('{1.00}'::numeric[], '{0.0000000000000000001, 0.0000000000000000001, 0.0000000000000000001}') AS wide;
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{0.1, NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{0.1, 1.5}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '[3:4]={0.1, -0.5}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{NaN}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{{0.1}}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{{1}}'::numeric[], '{0.1}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{Infinity}'::numeric[], '{0.1}')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{0.125}'::numeric[], '{0.5}', 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{0.5}', 2, 'bankers')$$);
SELECT pg_temp.err($$SELECT pricemath.discount_stack('{1}'::numeric[], '{0.5}', -1001)$$);

-- ---- margin_of ----
SELECT pricemath.margin_of(10.00, 6.00) AS margin, pricemath.margin_of(3, 1) AS third,
       pricemath.margin_of(3, 1, 2, 'up') AS third_up, pricemath.margin_of(10, 12) AS negative_margin,
       pricemath.margin_of(10, 0) AS no_cost, pricemath.margin_of(10, 10) AS no_margin;
SELECT pricemath.margin_of('{10.00, 3, 8.57, NULL, 5}'::numeric[], '{6.00, 1, 6.00, 1, NULL}') AS margins,
       pricemath.margin_of('{10.00, 3}'::numeric[], '{6.00, 1}', 0, 'ceiling') AS margins_ceiling,
       pricemath.margin_of('[0:1]={4,8}'::numeric[], '{1,1}') AS keeps_lower_bound,
       pricemath.margin_of('{}'::numeric[], '{}') AS empty;
-- the inverse of margin_price: margin_of(margin_price(cost, m), cost) rounds back to m
SELECT m, pricemath.margin_price(c, m, 2) AS price, pricemath.margin_of(pricemath.margin_price(c, m, 2), c, 2) AS back
FROM (VALUES (7.00, 0.30), (1.00, 0.25), (123.45, 0.6), (0.50, 0)) v(c, m);
-- equals the plain numeric expression rounded once, also for huge values
WITH t(p, c) AS (VALUES ('{12.34, 0.003, 99999.99, 123456789012345678901234567890.12, -5}'::numeric[],
                         '{10.01, 0.001, 0.01, 1, -2}'::numeric[]))
SELECT pricemath.margin_of(p, c, 6, 'half_up')::text
         = ARRAY(SELECT round((x - y) / x, 6) FROM unnest(p, c) u(x, y))::text AS same
FROM t;
SELECT pricemath.margin_of(123456789012345678901234567890123456789012, 1, 45) AS huge;
SELECT pg_temp.err($$SELECT pricemath.margin_of(0, 5)$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of('{10, 0.00}'::numeric[], '{5, 5}')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of('{10, 5}'::numeric[], '{5}')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of('{{10}}'::numeric[], '{{5}}')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of('{10, NaN}'::numeric[], '{5, 5}')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of(10, 'Infinity')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of(3, 1, 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of(3, 1, 2, 'bankers')$$);
SELECT pg_temp.err($$SELECT pricemath.margin_of(3, 1, 1001)$$);
SELECT pricemath.margin_of(NULL::numeric, 1) IS NULL AS null_price, pricemath.margin_of('{1}'::numeric[], NULL) IS NULL AS null_costs;
