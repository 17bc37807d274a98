-- Pricing rules: scaling (markup, discount, margin_price, add_tax, remove_tax,
-- convert), price endings, clamp, limit_change and guard_report
\i sql/include/err.sql

-- ---- scaling ----
-- exact rules equal the plain numeric expression, value and scale
SELECT pricemath.markup('{10.00, 19.99, 0, -5.5, NULL}'::numeric[], 0.35);
SELECT pricemath.discount('{10.00, 19.99}'::numeric[], 0.2), pricemath.discount('{10.00}'::numeric[], 1);
SELECT pricemath.add_tax('{10.00, 0.01}'::numeric[], 0.19), pricemath.add_tax('{10.00}'::numeric[], 0);
WITH t(p) AS (VALUES ('{12.34, 0.001, 99999.99, 0, 123456789012345678901234567890.12, 5}'::numeric[]))
SELECT pricemath.markup(p, 0.0725)::text = ARRAY(SELECT x * (1 + 0.0725) FROM unnest(p) x)::text AS markup_same,
       pricemath.discount(p, 0.15)::text = ARRAY(SELECT x * (1 - 0.15) FROM unnest(p) x)::text AS discount_same,
       pricemath.add_tax(p, 0.19)::text = ARRAY(SELECT x * (1 + 0.19) FROM unnest(p) x)::text AS add_tax_same,
       pg_column_size(pricemath.markup(p, 0.0725)) = pg_column_size(ARRAY(SELECT x * (1 + 0.0725) FROM unnest(p) x)) AS same_size
FROM t;
-- rounded rules: places and mode
SELECT pricemath.margin_price('{7.00, 1, 0.01}'::numeric[], 0.3);
SELECT pricemath.margin_price('{7.00, 1, 0.01}'::numeric[], 0.3, 0, 'ceiling');
SELECT pricemath.margin_price('{7.00}'::numeric[], 0);
SELECT pricemath.remove_tax('{119.00, 1.00, 0.05}'::numeric[], 0.19);
SELECT pricemath.remove_tax('{119.00, 1.00, 0.05}'::numeric[], 0.19, 3, 'floor');
SELECT pricemath.convert('{10.00, 12.34, 0.01}'::numeric[], 1.0831, 2);
SELECT pricemath.convert('{10.00, 12.34, 0.01}'::numeric[], 145.2301, 0, 'half_up');
SELECT pricemath.convert('{1000000.00}'::numeric[], 0.00012345, -2);
-- ties follow the mode: 0.125 * 1 at 2 places
SELECT m, pricemath.convert('{0.125, -0.125, 0.135}'::numeric[], 1, 2, m)
FROM unnest(ARRAY['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor']) m;
SELECT pg_temp.err($$SELECT pricemath.convert('{0.125}'::numeric[], 1, 2, 'unnecessary')$$);
SELECT pricemath.convert('{0.12}'::numeric[], 1, 2, 'unnecessary');
-- scalar forms
SELECT pricemath.markup(10.00, 0.35), pricemath.discount(10.00, 0.35), pricemath.add_tax(10.00, 0.19),
       pricemath.margin_price(7.00, 0.3), pricemath.remove_tax(119.00, 0.19), pricemath.convert(12.34, 1.0831, 2);
SELECT pricemath.markup(NULL::numeric, 0.1), pricemath.markup(1.0, NULL), pricemath.convert(1.0, 2, NULL);
-- beyond int128: the exact fallback
SELECT pricemath.markup('{99999999999999999999999999999999999999999.99}'::numeric[], 0.35);
SELECT pricemath.convert('{99999999999999999999999999999999999999999.99}'::numeric[], 1.0831, 2);
SELECT pricemath.margin_price('{99999999999999999999999999999999999999999.99}'::numeric[], 0.3);
SELECT pricemath.convert(99999999999999999999999999999999999999999.99, 1.0831, 2);
-- shapes
SELECT pricemath.markup('{}'::numeric[], 0.1), pricemath.convert('{}'::numeric[], 2, 2);
SELECT pricemath.markup('[0:1]={1.00,2.00}'::numeric[], 0.1) AS keeps_lower_bound;
SELECT pg_temp.err($$SELECT pricemath.markup('{{1,2},{3,4}}'::numeric[], 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1, NaN}'::numeric[], 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.convert('[5:6]={1, -Infinity}'::numeric[], 2, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.markup('Infinity'::numeric, 0.1)$$);
-- contracts: 22023 naming the parameter and its value
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], -1)$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], 'NaN'::numeric)$$);
SELECT pg_temp.err($$SELECT pricemath.discount('{1}'::numeric[], 1.01)$$);
SELECT pg_temp.err($$SELECT pricemath.discount('{1}'::numeric[], -0.01)$$);
SELECT pg_temp.err($$SELECT pricemath.margin_price('{1}'::numeric[], 1)$$);
SELECT pg_temp.err($$SELECT pricemath.margin_price('{1}'::numeric[], -0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.add_tax('{1}'::numeric[], -0.19)$$);
SELECT pg_temp.err($$SELECT pricemath.remove_tax('{1}'::numeric[], 'Infinity')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], 0, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.convert(1, -1.5, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], 1.1, 2, 'bankers')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{1}'::numeric[], 1.1, 1001)$$);

-- ---- price endings ----
SELECT m, pricemath.apply_ending('{0, 0.10, 12.34, 12.99, 13.49, 13.50, 13.00}'::numeric[], 1, 0.99, m)
FROM unnest(ARRAY['nearest', 'down', 'up']) m;
SELECT pricemath.apply_ending('{3, 14, 24, 25, 1000}'::numeric[], 10, 9);
SELECT pricemath.apply_ending('{3.12, 3.26, 3.37}'::numeric[], 0.25, 0, 'nearest');
SELECT pricemath.apply_ending('{12.34, NULL}'::numeric[], 1, 0.95, 'UP');
SELECT pricemath.apply_ending(12.34, 5, 4.99), pricemath.apply_ending(12.34, 5, 4.99, 'down');
SELECT pricemath.apply_ending('{}'::numeric[], 1, 0.99), pricemath.apply_ending('[3:4]={1.5, 2.5}'::numeric[], 1, 0.99);
SELECT pricemath.apply_ending('{123456789012345678901234567890123456789.50}'::numeric[], 1, 0.99);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1}'::numeric[], 1, 1)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1}'::numeric[], 1, -0.01)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1}'::numeric[], 0, 0)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1}'::numeric[], 1, 0.99, 'closest')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1, -2}'::numeric[], 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1, NaN}'::numeric[], 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{{1}}'::numeric[], 1, 0.99)$$);

-- ---- clamp ----
SELECT pricemath.clamp('{1, 5, 10, NULL}'::numeric[], 2, 8);
SELECT pricemath.clamp('{1, 5, 10}'::numeric[], 2.00, NULL::numeric), pricemath.clamp('{1, 5, 10}'::numeric[], hi => 8);
SELECT pricemath.clamp('{1, 5, 10}'::numeric[], '{0, 6, NULL}'::numeric[], '{0, 7, 9.5}'::numeric[]);
SELECT pricemath.clamp('{1, 5, 10}'::numeric[], '{2, NULL, 3}'::numeric[], 8.00);
SELECT pricemath.clamp('{1, 5, 10}'::numeric[], 2, '{NULL, 4, 20}'::numeric[]);
SELECT pricemath.clamp(NULL::numeric[], 1, 2), pricemath.clamp('{}'::numeric[], 1, 2);
SELECT pricemath.clamp('[0:2]={1, 5, 10}'::numeric[], 2, 8) AS keeps_lower_bound;
SELECT pricemath.clamp(5.5, 6, NULL), pricemath.clamp(5.5, NULL, 5), pricemath.clamp(NULL::numeric, 1, 2);
SELECT pricemath.clamp('{1e40, -1e40}'::numeric[], -1e39, 1e39);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2}'::numeric[], 3, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('[0:2]={1, 2, 3}'::numeric[], '{0, 0, 5}'::numeric[], '{1, 1, 4}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, NULL}'::numeric[], '{0, 9}'::numeric[], 4)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp(1, 3, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2}'::numeric[], '{1, 2, 3}'::numeric[], 4)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2}'::numeric[], 0, 'NaN'::numeric)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2}'::numeric[], '{0, -Infinity}'::numeric[], 4)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{{1, 2}}'::numeric[], 0, 4)$$);
-- a bare NULL bound next to an array of the other kind needs a type, as for any overloaded function
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2}'::numeric[], 0, NULL)$$);

-- ---- limit_change ----
SELECT pricemath.limit_change('{10.00, 10.00, 10.00, NULL, 10.00}'::numeric[],
                              '{12.00, 8.50, 10.50, 7, NULL}'::numeric[], 0.10, 0.10, 2);
-- without places the bounds are exact: old * (1 + max_up) keeps its scale
SELECT pricemath.limit_change('{10.00, 10.00, 10.00}'::numeric[], '{12.00, 8.50, 10.50}'::numeric[], 0.10, 0.10);
-- NULL max_up or max_down leaves that side open
SELECT pricemath.limit_change('{10.00, 10.00}'::numeric[], '{99.00, 1.00}'::numeric[], NULL, 0.10, 2),
       pricemath.limit_change('{10.00, 10.00}'::numeric[], '{99.00, 1.00}'::numeric[], 0.10, NULL, 2);
-- bounds are rounded inward: 9.99 * 1.1 = 10.989 -> 10.98, 9.99 * 0.9 = 8.991 -> 9.00
SELECT pricemath.limit_change('{9.99, 9.99}'::numeric[], '{20.00, 1.00}'::numeric[], 0.10, 0.10, 2);
SELECT pricemath.limit_change('{9.99, 9.99}'::numeric[], '{20, 1}'::numeric[], 0.10, 0.10, 0);
-- a NULL old array: every element is new
SELECT pricemath.limit_change(NULL::numeric[], '{1.5, 2}'::numeric[], 0.1, 0.1, 2);
SELECT pricemath.limit_change('{1}'::numeric[], NULL::numeric[], 0.1, 0.1);
SELECT pricemath.limit_change('{}'::numeric[], '{}'::numeric[], 0.1, 0.1);
SELECT pricemath.limit_change('[0:1]={10, 10}'::numeric[], '[5:6]={20, 5}'::numeric[], 0.5, 0.2) AS keeps_new_lower_bound;
-- old price 0 allows only 0
SELECT pricemath.limit_change('{0}'::numeric[], '{5}'::numeric[], 0.5, 0.5);
-- scalar form
SELECT pricemath.limit_change(10.00, 12.00, 0.10, 0.10, 2), pricemath.limit_change(NULL, 12.00, 0.10, 0.10, 2),
       pricemath.limit_change(10.00, NULL, 0.10, 0.10), pricemath.limit_change(10.00, 9.50, 0.10, 0.10);
-- beyond int128
SELECT pricemath.limit_change('{100000000000000000000000000000000000000000.00}'::numeric[],
                              '{200000000000000000000000000000000000000000.00}'::numeric[], 0.10, 0.10, 2);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{10.001}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(NULL::numeric[], '{10.001}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.005}'::numeric[], '{10.00}'::numeric[], 0, 0, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, -1}'::numeric[], '{10, 1}'::numeric[], 0.1, 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{10}'::numeric[], -0.1, 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{10}'::numeric[], 0.1, 1.5)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, 1}'::numeric[], '{10}'::numeric[], 0.1, 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, NaN}'::numeric[], '{10, 1}'::numeric[], 0.1, 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{{10}}'::numeric[], 0.1, 0.1)$$);

-- ---- guard_report ----
SELECT pricemath.guard_report('{10.00, 10.00, 10.00, NULL, 5, 10.00, 1}'::numeric[],
                              '{12.00, 8.50, 10.50, 7, 5.0, 10.00, NULL}'::numeric[],
                              '{11.00, 9.00, 10.50, 7, 5, 10.0, 1}'::numeric[]);
-- a full cap (max_up 0) is still capped_up
SELECT pricemath.guard_report('{10}'::numeric[], '{12}'::numeric[], pricemath.limit_change('{10}'::numeric[], '{12}'::numeric[], 0, 0));
SELECT pricemath.guard_report(10.00, 12.00, 11.00), pricemath.guard_report(NULL, 12.00, 12.00), pricemath.guard_report(1, NULL, 1);
SELECT pricemath.guard_report('{}'::numeric[], '{}'::numeric[], '{}'::numeric[]), pricemath.guard_report('[2:2]={1}'::numeric[], '{2}'::numeric[], '{2}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{12}'::numeric[], '{13}'::numeric[])$$);
-- 9 lies a whole unit of its scale below old 10: no cap rounded inward gives it (0.3.0: was capped_up)
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{12}'::numeric[], '{9}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{8}'::numeric[], '{7}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{10}'::numeric[], '{9}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(NULL, 12, 11)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{12, 1}'::numeric[], '{12, 1}'::numeric[])$$);

-- ---- parameters that change from row to row (each call site caches its parsed parameters) ----
SELECT v.pct, v.places, v.mode,
       pricemath.markup('{10.00}'::numeric[], v.pct) AS markup,
       pricemath.convert('{10.005}'::numeric[], 1 + v.pct, v.places, v.mode) AS convert,
       pricemath.apply_ending('{12.34}'::numeric[], 1 + v.pct, v.pct, v.mode2) AS ending,
       pricemath.limit_change('{10.00}'::numeric[], '{20}'::numeric[], v.pct, v.pct2, v.places) AS limited
FROM (VALUES (0.1, 2, 'half_even', 'down', 0.5), (0.1, 2, 'half_even', 'down', 0.5), (0.2, 2, 'half_even', 'up', 0.5),
             (0.2, 1, 'half_even', 'up', NULL), (0.2, 1, 'floor', 'nearest', NULL), (0.1, 2, 'half_even', 'down', 0.5)) v(pct, places, mode, mode2, pct2);
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], v.pct) FROM (VALUES (0.1), (-2), (0.1)) v(pct)$$);

-- ---- the repricing pipeline ----
SELECT p, pricemath.limit_change(p, pricemath.apply_ending(pricemath.convert(pricemath.markup(p, 0.35), 1.0831, 2), 1, 0.99, 'down'), 0.10, 0.10, 2) AS repriced
FROM (VALUES ('{10.00, 19.99, 100.00, 0.50, NULL}'::numeric[])) v(p);
