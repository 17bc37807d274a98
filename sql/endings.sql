-- Price endings inside the cap (limit_change with step and ending), price
-- ladders (apply_ladder, limit_change with bounds, steps, endings), and an
-- honest guard_report.
\i sql/include/err.sql

-- ---- the issue's examples ----
-- 24.90 with +10%: the band is [22.41, 27.39]; a target above it gets 26.99, not 27.39
SELECT pricemath.limit_change(24.90, 30.00, 0.10, 0.10, 2) AS cap_only,
       pricemath.limit_change(24.90, 30.00, 0.10, 0.10, 2, step => 1, ending => 0.99) AS ending_inside_cap;
SELECT m, pricemath.limit_change(24.90, 30.00, 0.10, 0.10, 2, step => 1, ending => 0.99, mode => m)
FROM unnest(ARRAY['nearest', 'down', 'up']) m;
-- 3.49 to 2.99 with a 10% cap down: no .99 point lies in [3.15, 3.83], so the inward-rounded cap
SELECT pricemath.limit_change(3.49, 2.99, 0.10, 0.10, 2, step => 1, ending => 0.99) AS no_point_inside,
       pricemath.guard_report(3.49, 2.99, 3.15, 2, step => 1, ending => 0.99) AS report;
-- guard_report(3.49, 4.99, 2.99) said capped_up: the price moved the other way
SELECT pg_temp.err($$SELECT pricemath.guard_report(3.49, 4.99, 2.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(3.49, 4.99, 2.99, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(3.49, 4.99, 2.99, 2, step => 1, ending => 0.99)$$);

-- ---- limit_change with an ending: which point ----
-- the uncapped point when it lies inside the cap (it may lie either side of the target)
SELECT pricemath.limit_change('{24.90, 24.90, 24.90, 24.90}'::numeric[], '{26.00, 25.40, 23.20, 24.90}'::numeric[],
                              0.10, 0.10, 2, 1, 0.99) AS inside;
-- capped: the point nearest the cap between old and the cap, whatever the mode
SELECT pricemath.limit_change('{24.90, 30.00, 30.00}'::numeric[], '{27.39, 20.00, 27.10}'::numeric[],
                              0.10, 0.10, 2, 1, 0.99, 'up') AS capped;
-- a capped point never crosses old: 25.00 asked up to 30 with +1% has only 24.99 below old, so the cap
SELECT pricemath.limit_change(25.00, 30.00, 0.01, 0.01, 2, 1, 0.99) AS capped_no_ending,
       pricemath.guard_report(25.00, 30.00, 25.25, 2, 1, 0.99) AS report;
-- the target inside the cap, its point outside and none on its side: the target itself
SELECT pricemath.limit_change(3.49, 3.60, 0.10, 0.10, 2, 1, 0.99) AS kept,
       pricemath.guard_report(3.49, 3.60, 3.60, 2, 1, 0.99) AS report;
-- a decrease that 'up' would round above a zero cap up: no point on its side
SELECT pricemath.limit_change(24.90, 24.00, 0, 0.10, 2, 1, 0.99, 'up') AS kept;
-- open sides, a NULL old price (a new product gets its point), places NULL (exact bounds)
SELECT pricemath.limit_change(30.00, 50.00, 0.10, NULL, 2, 1, 0.99) AS open_down,
       pricemath.limit_change(30.00, 50.00, NULL, 0.10, 2, 1, 0.99) AS open_up,
       pricemath.limit_change(NULL, 50.00, 0.10, 0.10, 2, 1, 0.99) AS new_product,
       pricemath.limit_change(24.90, 30.00, 0.10, 0.10, NULL, 1, 0.99) AS exact_bounds,
       pricemath.limit_change(24.90, 27.5, 0.10, 0.10, NULL, 1, 0.99) AS exact_bounds_capped;
-- scales: with places every result has scale places; points coarser than places are rescaled
SELECT pricemath.limit_change('{100.00, 100.00, 100.00}'::numeric[], '{150.00, 100.00, 104}'::numeric[],
                              0.10, 0.10, 2, 10, 9) AS step_10_ending_9,
       pricemath.limit_change(100, 150, 0.10, 0.10, 0, 10, 9) AS places_0,
       pricemath.limit_change(100, 150, 0.10, 0.10, -1, 10, 0) AS places_minus_1;
-- NULL new price, NULL step or mode: NULL
SELECT pricemath.limit_change(1.00, NULL, 0.1, 0.1, 2, 1, 0.99) AS null_new,
       pricemath.limit_change(1.00, 2.00, 0.1, 0.1, 2, NULL, 0.99) AS null_step,
       pricemath.limit_change(1.00, 2.00, 0.1, 0.1, 2, 1, 0.99, NULL) AS null_mode,
       pricemath.limit_change('{1.00}'::numeric[], '{2.00}'::numeric[], 0.1, 0.1, 2, 1, NULL) AS null_ending;
-- shapes: '{}', NULL elements, a lower bound other than 1, a NULL old array
SELECT pricemath.limit_change('{}'::numeric[], '{}'::numeric[], 0.1, 0.1, 2, 1, 0.99) AS empty,
       pricemath.limit_change('{24.90, NULL, 5.00}'::numeric[], '{30.00, 3.00, NULL}'::numeric[], 0.1, 0.1, 2, 1, 0.99) AS nulls,
       pricemath.limit_change('[0:1]={24.90, 24.90}'::numeric[], '[5:6]={30.00, 20.00}'::numeric[], 0.1, 0.1, 2, 1, 0.99) AS keeps_new_lower_bound,
       pricemath.limit_change(NULL::numeric[], '{30.00, 0.10}'::numeric[], 0.1, 0.1, 2, 1, 0.99) AS no_old;
-- beyond int128: the exact numeric fallback
SELECT pricemath.limit_change('{123456789012345678901234567890123456789.50}'::numeric[],
                              '{223456789012345678901234567890123456789.50}'::numeric[], 0.10, 0.10, 2, 1, 0.99) AS wide,
       pricemath.limit_change(1234567890123456789012345678901234567890.50, 1.00, 0.10, 0.10, 2, 1, 0.99) AS wide_down,
       pricemath.limit_change(24.90, 30.00, 0.10, 0.10, 2, 100000000000000000000000000000000000000000, 0.99) AS wide_step;
-- errors
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 10.001, 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, 0.1, 0.1, 0, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, 0.1, 0.1, 2, 1, 1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, 0.1, 0.1, 2, 0, 0)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, 0.1, 0.1, 2, 1, 0.99, 'closest')$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, 0.1, 0.1, 2, 'NaN', 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, -1, 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, -1}'::numeric[], '{10, 1}'::numeric[], 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10.005, 10.00, 0, 0, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(10, 12, -0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, 1}'::numeric[], '{10}'::numeric[], 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{{10}}'::numeric[], 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10}'::numeric[], '{NaN}'::numeric[], 0.1, 0.1, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{Infinity}'::numeric[], '{1}'::numeric[], 0.1, 0.1, 2, 1, 0.99)$$);

-- ---- ladders ----
-- the issue's ladder: under 10 end in .99, 10 to 100 in .95, from 100 on in 9.00 (steps of 10)
SELECT m, pricemath.apply_ladder('{0, 1.82, 5.20, 9.99, 10.00, 10.40, 10.47, 10.50, 99.96, 100, 104, 105, 250}'::numeric[],
                                 '{0, 10, 100}', '{1, 1, 10}', '{0.99, 0.95, 9.00}', m)
FROM unnest(ARRAY['nearest', 'down', 'up']) m;
-- the minimum point is the first bound: with 1 instead of 0, down keeps 1.82 at 1.99
SELECT pricemath.apply_ladder(1.82, '{0, 10, 100}', '{1, 1, 10}', '{0.99, 0.95, 9.00}', 'down') AS allowed,
       pricemath.apply_ladder(1.82, '{1, 10, 100}', '{1, 1, 10}', '{0.99, 0.95, 9.00}', 'down') AS minimum_1,
       pricemath.apply_ladder(0.50, '{1, 10, 100}', '{1, 1, 10}', '{0.99, 0.95, 9.00}', 'down') AS below_minimum;
-- 10 to 100 in 9.99 (steps of 10); band membership: a point belongs to the band it lies in
SELECT pricemath.apply_ladder('{9.50, 12, 15, 50, 99.99, 120}'::numeric[], '{0, 10, 100}', '{1, 10, 100}', '{0.99, 9.99, 99.00}') AS ladder_999;
-- a band with no point ([10, 10.50) with .95) is skipped
SELECT pricemath.apply_ladder('{10.20, 10.20}'::numeric[], '{0, 10, 10.50}', '{1, 1, 1}', '{0.99, 0.95, 0.55}', m) AS empty_band
FROM unnest(ARRAY['down', 'up']) m;
-- one band equals apply_ending
SELECT pricemath.apply_ladder(p, '{0}', '{1}', '{0.99}', 'nearest') = pricemath.apply_ending(p, 1, 0.99) AS same_as_apply_ending
FROM (VALUES ('{0, 0.10, 12.34, 12.49, 13.50, 99999.99}'::numeric[])) v(p);
-- scale: each point has its band's scale
SELECT pricemath.apply_ladder('{5, 50, 500}'::numeric[], '{0, 10, 100}', '{1.0, 1, 10}', '{0.9, 0.95, 9}') AS scales;
-- shapes and NULLs (apply_ladder is STRICT)
SELECT pricemath.apply_ladder('{}'::numeric[], '{0}', '{1}', '{0.99}') AS empty,
       pricemath.apply_ladder('[0:2]={1.5, NULL, 2.5}'::numeric[], '{0}', '{1}', '{0.99}') AS keeps_lower_bound,
       pricemath.apply_ladder(NULL::numeric, '{0}', '{1}', '{0.99}') AS null_price,
       pricemath.apply_ladder(1.5, '[3:4]={0, 10}', '[7:8]={1, 1}', '{0.99, 0.95}') AS any_lower_bounds;
SELECT pricemath.apply_ladder('{123456789012345678901234567890123456789.50, 55}'::numeric[],
                              '{0, 10, 100}', '{1, 1, 10}', '{0.99, 0.95, 9.00}') AS wide,
       pricemath.apply_ladder(55, '{0, 100000000000000000000000000000000000000000}', '{1, 10}', '{0.99, 9}', 'up') AS wide_bound;
-- errors: the table, then the prices
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{}'::numeric[], '{}', '{}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1}', '{0.99}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{{0}}', '{{1}}', '{{0.99}}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, NULL}', '{1, 1}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1, 1}', '{0.99, NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{-1, 10}', '{1, 1}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10, 10}', '{1, 1, 1}', '{0.99, 0.95, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '[0:1]={10, 5}', '{1, 1}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1, 0}', '{0.99, 0}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1, 1}', '{0.99, 1}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1, 1}', '{-0.01, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, NaN}', '{1, 1}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0, 10}', '{1, Infinity}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder(1, '{0}', '{1}', '{0.99}', 'closest')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder('{1, -2}'::numeric[], '{0}', '{1}', '{0.99}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder('{1, NaN}'::numeric[], '{0}', '{1}', '{0.99}')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ladder('{{1}}'::numeric[], '{0}', '{1}', '{0.99}')$$);

-- ---- ladders inside the cap ----
-- 9.50 with +20%: the band [8.55, 11.40] crosses the ladder's bound 10
SELECT pricemath.limit_change('{9.50, 9.50, 9.50, 24.90, 150.00}'::numeric[], '{15.00, 10.40, 9.00, 30.00, 200.00}'::numeric[],
                              0.20, 0.10, 2, bounds => '{0, 10, 100}', steps => '{1, 1, 10}', endings => '{0.99, 0.95, 9.00}') AS ladder_capped;
SELECT pricemath.guard_report(o, n, pricemath.limit_change(o, n, 0.20, 0.10, 2, bounds => l.b, steps => l.s, endings => l.e),
                              2, bounds => l.b, steps => l.s, endings => l.e) AS report
FROM (VALUES ('{9.50, 9.50, 9.50, 24.90, 150.00}'::numeric[], '{15.00, 10.40, 9.00, 30.00, 200.00}'::numeric[])) v(o, n),
     (VALUES ('{0, 10, 100}'::numeric[], '{1, 1, 10}'::numeric[], '{0.99, 0.95, 9.00}'::numeric[])) l(b, s, e);
-- guard_report knows the points, not the cap: the uncapped point is 'changed' wherever it lies
SELECT pricemath.guard_report(24.90, 30.00, 29.95, 2, bounds => '{0, 10, 100}', steps => '{1, 1, 10}', endings => '{0.99, 0.95, 9.00}') AS uncapped_point;
-- the minimum point with the cap: 1.82 down asked to 1.00 with -50% allowed
SELECT pricemath.limit_change(1.82, 1.00, 0.10, 0.50, 2, '{0, 10}'::numeric[], '{1, 1}', '{0.99, 0.95}', 'down') AS allowed,
       pricemath.limit_change(1.82, 1.00, 0.10, 0.50, 2, '{1, 10}'::numeric[], '{1, 1}', '{0.99, 0.95}', 'down') AS minimum_1;
SELECT pricemath.limit_change(1.00, 2.00, 0.1, 0.1, 2, NULL::numeric[], '{1}', '{0.99}') AS null_ladder,
       pricemath.limit_change(NULL::numeric, 12.00, 0.1, 0.1, 2, '{0, 10}'::numeric[], '{1, 1}', '{0.99, 0.95}') AS new_product;
SELECT pg_temp.err($$SELECT pricemath.limit_change(1.00, 2.00, 0.1, 0.1, 1, '{0, 10}'::numeric[], '{1, 1}', '{0.99, 0.95}')$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(1.00, 2.00, 0.1, 0.1, 2, '{0, 10}'::numeric[], '{1, 1}', '{0.99}')$$);

-- ---- guard_report ----
-- every reason
SELECT pricemath.guard_report('{24.90, 24.90, 24.99, 24.90, 3.49, 3.49, 30.00, NULL}'::numeric[],
                              '{30.00, 26.00, 25.10, 30.00, 2.99, 3.60, 20.00, 12.40}'::numeric[],
                              '{26.99, 25.99, 24.99, 27.39, 3.15, 3.60, 27.99, 11.99}'::numeric[], 2, 1, 0.99);
-- the places form: a cap rounded inward lies less than one unit past old, and only then
SELECT pricemath.guard_report(10.005, 12, 10.00, 2) AS inward_up, pricemath.guard_report(10.005, 8, 10.01, 2) AS inward_down,
       pricemath.guard_report(10.005, 12, pricemath.limit_change(10.005, 12, 0, NULL, 2), 2) AS of_limit_change,
       pricemath.limit_change(15, 30, 0, NULL, -1) AS limited_minus_1,
       pricemath.guard_report(15, 30, pricemath.limit_change(15, 30, 0, NULL, -1), -1) AS places_minus_1;
SELECT pg_temp.err($$SELECT pricemath.guard_report(10.005, 12, 10.00, NULL)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(10, 12, 9.99, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(10, 8, 10.01, 2)$$);
-- the 0.1.0 form takes the unit from the limited price's scale
SELECT pricemath.guard_report(10.005, 12, 10.00) AS inward_up, pricemath.guard_report(10.00, 12.00, 11.00) AS capped_up;
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10}'::numeric[], '{12}'::numeric[], '{9}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{3.49}'::numeric[], '{1.99}'::numeric[], '{3.99}'::numeric[])$$);
-- contradictions with endings: a point past old, a point beyond the target, a non-point off the way
SELECT pg_temp.err($$SELECT pricemath.guard_report(25.00, 30.00, 24.99, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(30.00, 20.00, 31.00, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{1, 30.00}'::numeric[], '{1, 20.00}'::numeric[], '{0.99, 19.50}'::numeric[], 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(NULL, 12.40, 12.40, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(3.49, 2.99, 3.15, 2, 1, NULL)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report(3.49, -2.99, 3.15, 2, 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{3.49}'::numeric[], '{2.99, 1}'::numeric[], '{3.15, 1}'::numeric[], 2, 1, 0.99)$$);
-- NULLs
SELECT pricemath.guard_report(1, NULL, 1, 2, 1, 0.99) AS null_new, pricemath.guard_report(1, 1, 1, 2, 1, 0.99, NULL) AS null_mode,
       pricemath.guard_report('{1}'::numeric[], '{1}'::numeric[], '{1}'::numeric[], 2, NULL::numeric[], '{1}', '{0.99}') AS null_ladder,
       pricemath.guard_report('{}'::numeric[], '{}'::numeric[], '{}'::numeric[], 2, 1, 0.99) AS empty,
       pricemath.guard_report('[3:4]={NULL, 2}'::numeric[], '{2.50, 2.50}'::numeric[], '{2.99, 2.99}'::numeric[], 2, 1, 0.99) AS lower_bound;

-- ---- properties on random data: every limit_change result lies in the cap, and guard_report
-- classifies it without a contradiction (a contradiction would raise 22023 and fail the query) ----
SELECT setseed(0.42);
CREATE TEMP TABLE cases AS
SELECT round((random() * 200)::numeric, 2) AS old, round((random() * 300)::numeric, 2) AS new,
       round((random() * 0.3)::numeric, 2) AS up, round((random() * 0.3)::numeric, 2) AS down,
       (ARRAY['nearest', 'down', 'up'])[1 + floor(random() * 3)::int] AS m
FROM generate_series(1, 3000);
WITH r AS (
  SELECT c.*, pricemath.limit_change(old, new, up, down, 2, 1, 0.99, m) AS e,
         pricemath.limit_change(old, new, up, down, 2, bounds => '{0, 10, 100}', steps => '{1, 1, 10}',
                                endings => '{0.99, 0.95, 9.00}', mode => m) AS l
  FROM cases c)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE e < ceil(old * (1 - down) * 100) / 100 OR e > floor(old * (1 + up) * 100) / 100) AS ending_outside_cap,
       count(*) FILTER (WHERE l < ceil(old * (1 - down) * 100) / 100 OR l > floor(old * (1 + up) * 100) / 100) AS ladder_outside_cap,
       count(*) FILTER (WHERE pricemath.guard_report(old, new, e, 2, 1, 0.99, m) IS NULL) AS ending_no_reason,
       count(*) FILTER (WHERE pricemath.guard_report(old, new, l, 2, bounds => '{0, 10, 100}', steps => '{1, 1, 10}',
                                                     endings => '{0.99, 0.95, 9.00}', mode => m) IS NULL) AS ladder_no_reason,
       count(*) FILTER (WHERE pricemath.limit_change(old, e, up, down, 2, 1, 0.99, m) <> e AND e = pricemath.apply_ending(e, 1, 0.99)) AS point_not_kept,
       count(*) FILTER (WHERE scale(e) <> 2 OR scale(l) <> 2) AS wrong_scale,
       count(*) FILTER (WHERE pricemath.guard_report(old, new, pricemath.limit_change(old, new, up, down, 2)) IS NULL) AS plain_no_reason
FROM r;
-- the reasons over the random cases (each one occurs)
SELECT pricemath.guard_report(old, new, pricemath.limit_change(old, new, up, down, 2, 1, 0.99, m), 2, 1, 0.99, m) AS reason, count(*) > 0 AS occurs
FROM cases GROUP BY 1 ORDER BY 1;
-- the array form equals the scalar form
SELECT pricemath.limit_change(array_agg(old ORDER BY old, new), array_agg(new ORDER BY old, new), 0.1, 0.2, 2, 1, 0.99)
       = array_agg(pricemath.limit_change(old, new, 0.1, 0.2, 2, 1, 0.99) ORDER BY old, new) AS array_equals_scalar
FROM cases;
