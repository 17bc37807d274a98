-- Rounding: round and round_to over numeric[], float8[] and numeric, every mode
\i sql/include/err.sql

-- every mode on positive and negative ties and non-ties, 0 places
SELECT m AS mode, pricemath.round('{2.5, 3.5, -2.5, -3.5, 2.4, 2.6, -2.4, -2.6, 2.0}'::numeric[], 0, m) AS numeric_result,
       pricemath.round('{2.5, 3.5, -2.5, -3.5, 2.4, 2.6, -2.4, -2.6, 2.0}'::float8[], 0, m) AS float8_result
FROM unnest('{half_even, half_up, half_down, up, down, ceiling, floor}'::text[]) m;
-- ties at 2 places
SELECT m AS mode, pricemath.round('{1.005, 1.015, -1.005, -1.015, 2.675}'::numeric[], 2, m) AS numeric_result,
       pricemath.round('{1.005, 1.015, -1.005, -1.015, 2.675}'::float8[], 2, m) AS float8_result
FROM unnest('{half_even, half_up, half_down, up, down, ceiling, floor}'::text[]) m;
-- ties at -2 places (hundreds)
SELECT m AS mode, pricemath.round('{1250, 1350, -1250, 1249.99}'::numeric[], -2, m) AS numeric_result,
       pricemath.round('{1250, 1350, -1250, 1249.99}'::float8[], -2, m) AS float8_result
FROM unnest('{half_even, half_up, half_down, up, down, ceiling, floor}'::text[]) m;
-- defaults: 2 places, half_even
SELECT pricemath.round('{1.005, 1.015, 12.3456}'::numeric[]);
SELECT pricemath.round('{1.005, 1.015, 12.3456}'::float8[]);
-- the result scale is max(places, 0), as round(numeric, int)
SELECT pricemath.round('{1.5, 2}'::numeric[], 3, 'half_even') AS widened, round(1.5, 3) AS core;
SELECT pricemath.round('{1234.5678}'::numeric[], -2, 'half_even') AS hundreds, round(1234.5678, -2) AS core;
-- half_up equals PostgreSQL's round(numeric, int), value and storage
WITH t(a) AS (SELECT ARRAY(SELECT (g * 0.0137 - 7)::numeric(12,4) FROM generate_series(1, 1000) g)),
r AS (SELECT pricemath.round(a, 2, 'half_up') AS got, ARRAY(SELECT round(x, 2) FROM unnest(a) x) AS want FROM t)
SELECT got::text = want::text AS same_text, pg_column_size(got) = pg_column_size(want) AS same_size FROM r;
-- float8 rounds the printed decimal, unlike binary rounding
SELECT pricemath.round('{2.675, 1.005, 0.285}'::float8[], 2, 'half_up') AS decimal_text;
SELECT pricemath.round(ARRAY[0.1::float8 + 0.2::float8], 2, 'ceiling') AS above_0_3;
SELECT pricemath.round('{-0.001}'::float8[], 2) AS no_negative_zero;
-- powers of two print with 16 digits (the nearest 16-digit decimal below them would not read back):
-- a value that already has that many decimals is unchanged in every mode
SELECT x, p, m, pricemath.round(ARRAY[x], p, m) = ARRAY[x] AS unchanged
FROM (VALUES (2::float8 ^ -24, 23), (-(2::float8 ^ -44), 29), (2::float8 ^ 89, -11)) v(x, p),
     unnest('{down, up, unnecessary}'::text[]) m
ORDER BY p, m;
SELECT pricemath.round('{1e300, -1e-300, 123456789012.345}'::float8[], 2, 'up');

-- unnecessary: exact values pass, anything else raises 22003
SELECT pricemath.round('{1.50, 2, -3.25}'::numeric[], 2, 'unnecessary');
SELECT pricemath.round('{1.50, 2, -3.25}'::float8[], 2, 'unnecessary');
SELECT pg_temp.err($$SELECT pricemath.round('{1.50, 2.125}'::numeric[], 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.50, 2.125}'::float8[], 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.round(2.125, 2, 'unnecessary')$$);

-- scalar round needs an explicit mode, so it never shadows pg_catalog.round(numeric, int)
SELECT pricemath.round(2.5, 0, 'half_even') AS he, pricemath.round(2.5, 0, 'half_up') AS hu, pricemath.round(-2.5, 0, 'floor') AS fl;
SELECT pricemath.round(123456789012345678901234567890123456789.5, 0, 'half_even') AS beyond_int128;
SELECT pricemath.round('{123456789012345678901234567890123456789.5, 0.5}'::numeric[], 0, 'half_even') AS beyond_int128;
SELECT pricemath.round(NULL::numeric, 2, 'half_even') AS null_in;

-- round_to: multiples of an increment, at the increment's scale
SELECT pricemath.round_to('{12.346, 12.324, 12.375, -12.375}'::numeric[], 0.05) AS nickels;
SELECT pricemath.round_to('{12.346, 12.324, 12.375, -12.375}'::float8[], 0.05) AS nickels;
SELECT pricemath.round_to('{12.125, 12.375, -12.125, 12.2}'::numeric[], 0.25) AS quarters;
SELECT pricemath.round_to('{12.125, 12.375, -12.125, 12.2}'::float8[], 0.25) AS quarters;
SELECT pricemath.round_to('{12.34, 12.5, 17.5, -17.5}'::numeric[], 5) AS fives;
SELECT pricemath.round_to('{12.34, 12.5, 17.5, -17.5}'::float8[], 5) AS fives;
SELECT m AS mode, pricemath.round_to('{0.125, -0.125, 0.1}'::numeric[], 0.05, m) AS numeric_result,
       pricemath.round_to('{0.125, -0.125, 0.1}'::float8[], 0.05, m) AS float8_result
FROM unnest('{half_even, half_up, half_down, up, down, ceiling, floor}'::text[]) m;
SELECT pricemath.round_to(12.346, 0.05, 'half_even') AS scalar, pricemath.round_to(12.34, 5, 'half_even') AS scalar_int;
SELECT pricemath.round_to('{1249, 1250, 1251}'::numeric[], 100, 'half_even') AS hundreds;
SELECT pricemath.round_to('{1.10, 1.15}'::numeric[], 0.05, 'unnecessary');
SELECT pg_temp.err($$SELECT pricemath.round_to('{1.10, 1.17}'::numeric[], 0.05, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.round_to('{1.10}'::numeric[], 0)$$);
SELECT pg_temp.err($$SELECT pricemath.round_to('{1.10}'::float8[], -0.05)$$);
SELECT pg_temp.err($$SELECT pricemath.round_to(1.10, 'NaN', 'up')$$);
SELECT pg_temp.err($$SELECT pricemath.round_to('{1.10}'::numeric[], 'Infinity')$$);

-- shapes, NULLs and bad values
SELECT pricemath.round('{}'::numeric[], 2), pricemath.round('{}'::float8[], 2), pricemath.round_to('{}'::numeric[], 0.05);
SELECT pricemath.round('{1.234, NULL}'::numeric[], 2), pricemath.round('{NULL, 1.234}'::float8[], 2);
SELECT pricemath.round('[0:1]={1.234, 5.678}'::numeric[], 1), pricemath.round_to('[2:3]={1.234, 5.678}'::float8[], 0.5);
SELECT pricemath.round(NULL::numeric[], 2), pricemath.round('{1}'::numeric[], NULL), pricemath.round('{1}'::numeric[], 2, NULL);
SELECT pg_temp.err($$SELECT pricemath.round('{{1.5}}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.round_to('{{1.5}}'::float8[], 0.5)$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.5, NaN}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.5, -Infinity}'::float8[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.5}'::numeric[], 2, 'bankers')$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.5}'::float8[], 2, '')$$);
SELECT pg_temp.err($$SELECT pricemath.round('{1.5}'::numeric[], -1001)$$);
SELECT pricemath.round('{1.5}'::numeric[], 2, 'HALF_UP') AS mode_is_case_insensitive;

-- round(mul(a, b), places, mode) with constant places and mode is planned as
-- one pass (mul_round); results, NULLs and errors are those of the two calls
CREATE TEMP TABLE fm (id int, a numeric[], b numeric[]);
INSERT INTO fm VALUES
  (1, '{12.34, -0.5, 0, 2.5, NULL, 99999999999999999999.99, 1e-30}', '{1.0725, 2, NULL, -1, 3, 1e10, 5}'),
  (2, '[0:2]={1.005, -1.005, 0.00}', '{0.5, 0.5, 0.5}'),
  (3, '{}', '{}');
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, 'half_up') FROM fm;
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, b)) FROM fm;
-- not fused: places or mode not constant, or mode unnecessary (float8: below)
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, 1.0725), id, 'half_up') FROM fm;
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, 'unnecessary') FROM fm;
-- the fused and the two-call results agree, text and storage, in every mode
SELECT m, bool_and(f::text IS NOT DISTINCT FROM u::text AND pg_column_size(f) IS NOT DISTINCT FROM pg_column_size(u)) AS same
FROM unnest(ARRAY['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor']) m,
     LATERAL (SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, m) AS u,
                     pricemath.mul_round(a, 1.0725, 2, m) AS f FROM fm) s1
GROUP BY m ORDER BY m;
SELECT id, pricemath.round(pricemath.mul(a, b), -1, 'half_even') AS fused,
       pricemath.round(pricemath.mul(a, b), (SELECT -1), 'half_even') AS two_calls
FROM fm ORDER BY id;
SELECT pricemath.round(pricemath.mul(NULL::numeric[], 1.0725), 2, 'half_up') AS null_a,
       pricemath.round(pricemath.mul('{1}'::numeric[], NULL::numeric), 2, 'half_up') AS null_b;
-- errors at run time (from a table, not folded into constants while planning)
CREATE TEMP TABLE fe (id int, a numeric[], b numeric[]);
INSERT INTO fe VALUES (1, '{1, 2}', '{1, 2}'), (2, '{3, NaN}', '{1}');
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, 'half_up') FROM fe ORDER BY id$$);
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, b), 2, 'half_up') FROM fe ORDER BY id$$);
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 'Infinity'::numeric), 2, 'half_up') FROM fe ORDER BY id$$);
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, 'nearest') FROM fe ORDER BY id$$);
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 1.0725), 1001, 'half_up') FROM fe ORDER BY id$$);
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 1.0725), 2, 'unnecessary') FROM fe ORDER BY id$$);

-- float8: round(mul(a, b), places, mode) with constant places and mode is
-- planned as pricemath_internal.mul_round, in every mode: one pass, with the
-- two calls' results and errors (mul's errors come before any of round's)
CREATE TEMP TABLE ff (id int, a float8[], b float8[]);
INSERT INTO ff VALUES
  (1, '{12.34, -0.5, 0, 2.5, 1.005, -1.015, 1e20, -1e-20, 123456789012.345}', '{1.0725, 2, 3, -1, 1, 1, 1e3, 1, 0.5}'),
  (2, '[0:2]={1.005, NULL, -2.675}', '{0.5, 0.5, NULL}'),
  (3, '{}', '{}'),
  (4, (SELECT array_agg(i * 0.0137 - 30) FROM generate_series(1, 10000) i),
      (SELECT array_agg(1 + i % 7 * 0.125) FROM generate_series(1, 10000) i)),
  -- a value the core cannot hold, at element 9000: the fused pass ends there
  (5, (SELECT array_agg(CASE WHEN i = 9000 THEN 1e200 ELSE i * 0.01 END) FROM generate_series(1, 10000) i),
      (SELECT array_agg(1.0725::float8) FROM generate_series(1, 10000) i));
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, 1.0725::float8), 2) FROM ff;
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, b), 0, 'unnecessary') FROM ff;
-- not fused: places not constant, or round's argument is not mul's result
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.mul(a, 1.0725::float8), id) FROM ff;
EXPLAIN (VERBOSE, COSTS OFF) SELECT pricemath.round(pricemath.add(a, 1.0725::float8), 2) FROM ff;
-- fused and two calls (places from a subquery: not constant) agree bit for
-- bit, in every mode, for scalar and element-wise b and several places
SELECT m, p, bool_and(array_send(f) IS NOT DISTINCT FROM array_send(u)
                      AND array_send(fb) IS NOT DISTINCT FROM array_send(ub)) AS same
FROM unnest(ARRAY['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor']) m,
     unnest(ARRAY[-2, 0, 2, 3]) p,
     LATERAL (SELECT pricemath.round(pricemath.mul(a, 1.0725::float8), p, m) AS f,
                     pricemath.round(pricemath.mul(a, 1.0725::float8), (SELECT p), m) AS u,
                     pricemath.round(pricemath.mul(a, b), p, m) AS fb,
                     pricemath.round(pricemath.mul(a, b), (SELECT p), m) AS ub FROM ff) s1
GROUP BY m, p ORDER BY m, p;
SELECT id, pricemath.round(pricemath.mul(a, b), 2, 'half_up') AS fused FROM ff WHERE id <= 3 ORDER BY id;
SELECT (pricemath.round(pricemath.mul(a, 1.0725::float8), 2))[8999:9001] AS around_the_exact_path FROM ff WHERE id = 5;
SELECT pricemath.round(pricemath.mul(NULL::float8[], 1.0725::float8), 2) AS null_a,
       pricemath.round(pricemath.mul('{1}'::float8[], NULL::float8), 2) AS null_b;
-- a detoasted copy is rounded in place: the column keeps its value
SELECT (pricemath.round(pricemath.mul(a, 2::float8), 1))[1:3] AS doubled, a[1:3] AS stored FROM ff WHERE id = 4;
-- errors, fused and two calls side by side: the same error
CREATE TEMP TABLE fe8 (id int, a float8[], b float8[]);
INSERT INTO fe8 VALUES
  -- off the grid in mode unnecessary at element 2, and mul overflows at element 9000
  (1, (SELECT array_agg(CASE WHEN i = 2 THEN 1.001 WHEN i = 9000 THEN 1e308 ELSE i END) FROM generate_series(1, 10000) i),
      (SELECT array_agg(2::float8) FROM generate_series(1, 10000) i)),
  -- off the grid at element 5000, nothing else wrong
  (2, (SELECT array_agg(CASE WHEN i = 5000 THEN 1.001 ELSE i END) FROM generate_series(1, 10000) i),
      (SELECT array_agg(2::float8) FROM generate_series(1, 10000) i)),
  -- off the grid at element 1, an underflow at element 4, NaN at element 3 of b
  (3, '[0:4]={1, 1.001, 3, 4, 1e-320}', '[0:4]={1, 2, 3, NaN, 1e-10}'),
  (4, '{1, 2}', '{1, 2, 3}'),
  (5, '{{1, 2}, {3, 4}}', '{{1, 2}, {3, 4}}'),
  (6, '{1, -Infinity}', '{1, 1}');
SELECT id, pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, 2::float8), 2, 'unnecessary') FROM fe8 WHERE id = %s$$, id)) AS fused,
       pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, 2::float8), (SELECT 2), 'unnecessary') FROM fe8 WHERE id = %s$$, id))
       = pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, 2::float8), 2, 'unnecessary') FROM fe8 WHERE id = %s$$, id)) AS same_as_two_calls
FROM fe8 ORDER BY id;
SELECT id, pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, b), 2, 'unnecessary') FROM fe8 WHERE id = %s$$, id)) AS fused,
       pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, b), (SELECT 2), 'unnecessary') FROM fe8 WHERE id = %s$$, id))
       = pg_temp.err(format($$SELECT pricemath.round(pricemath.mul(a, b), 2, 'unnecessary') FROM fe8 WHERE id = %s$$, id)) AS same_as_two_calls
FROM fe8 ORDER BY id;
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 1e-10::float8), 2) FROM fe8 WHERE id = 3$$) AS underflow;
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 'Infinity'::float8), 2) FROM fe8 WHERE id = 4$$) AS infinite_b;
-- rounding up past the largest float8, on the exact path: round's error
SELECT pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 0.85e308::float8), -308, 'up') FROM fe8 WHERE id = 4$$) AS exact_path_overflow,
       pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 0.85e308::float8), (SELECT -308), 'up') FROM fe8 WHERE id = 4$$)
       = pg_temp.err($$SELECT pricemath.round(pricemath.mul(a, 0.85e308::float8), -308, 'up') FROM fe8 WHERE id = 4$$) AS same_as_two_calls;
-- called by name with arguments round rejects: mul's errors first, then round's
SELECT pg_temp.err($$SELECT pricemath_internal.mul_round('{1e308}'::float8[], 10::float8, 2, 'bankers')$$) AS products_first;
SELECT pg_temp.err($$SELECT pricemath_internal.mul_round('{1.5}'::float8[], 10::float8, 2, 'bankers')$$) AS bad_mode;
SELECT pg_temp.err($$SELECT pricemath_internal.mul_round('{1.5}'::float8[], 10::float8, 1001, 'up')$$) AS bad_places;

-- the element a float8 rounding error names, with NULLs before it (the
-- error is raised after the dense loop, which sees only the stored values)
SELECT pg_temp.err($$SELECT pricemath.round('[0:3]={NULL, 1.001, NULL, 2}'::float8[], 2, 'unnecessary')$$) AS element_1;
SELECT pg_temp.err($$SELECT pricemath.round_to('{NULL, 1.5, NULL, NULL, 1.7}'::float8[], 0.5, 'unnecessary')$$) AS element_5;
SELECT pg_temp.err(format($$SELECT pricemath.round(%L::float8[], 2, 'unnecessary')$$,
       (SELECT array_agg(CASE WHEN i % 3 = 0 THEN NULL WHEN i = 7001 THEN 1.001 ELSE i END) FROM generate_series(1, 9000) i)))
       AS element_7001_after_2333_nulls;
-- The mul_round lane (pm_numop.c NumericLaneLoop) takes elements of the first
-- element's dscale below 10000^(4 - ceil(dscale / 4)), with a constant b;
-- every other element goes the general way.  Each result must equal the
-- general path's (b as an array) and PostgreSQL's own round(x * b, places).
CREATE TEMP TABLE lane (id int, a numeric[], b numeric);
INSERT INTO lane VALUES
  -- dscale 2: the largest magnitude in the lane, the first beyond it, negative too
  (1, '{999999999999.99, 1000000000000.00, -999999999999.99, -1000000000000.01, 0.01}', 1.0725),
  -- dscale 1 first: elements of other scales leave the lane; zero results too
  (2, '{1.5, 1.25, 1.125, 10, 0.00, 0, -0.004, 0.004, 2.5}', 1.0725),
  -- products at 2^63 and beyond, and ties in every direction
  (3, '{99999999999.99, 92233720368.54, 0.05, -0.05, 0.15, -0.15, 0.25}', 0.5),
  (4, '{99999999999.99, 9223.37, -9223.38}', 92233.72),
  -- b with 16 decimals (k = 18, the last lane) and with 17 (no lane)
  (5, '{1.23, -4.56, 7.89}', 1.0000000000000001),
  (6, '{1.23, -4.56, 7.89}', 1.00000000000000001),
  -- dscale 0, 4, 5 and 8 first; b = 0 and b < 0
  (7, '{7, 12, -3, 12.5}', 0.125),
  (8, '{1.0001, -2.5, 3.9999}', -1.5),
  (9, '{1.00001, 12345678.12345}', 3),
  (10, '{0.12345678, 1.5}', 0);
SELECT m, p, bool_and(c::text = g::text AND pg_column_size(c) = pg_column_size(g)
                      AND (m <> 'half_up' OR c::text = s::text)) AS same, count(*)
FROM unnest(ARRAY['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor']) m,
     unnest(ARRAY[0, 2, 3, 5]) p,
     LATERAL (SELECT pricemath.mul_round(a, 1.0725, p, m) AS c,
                     pricemath.mul_round(a, array_fill(1.0725, ARRAY[cardinality(a)]), p, m) AS g,
                     ARRAY(SELECT round(x * 1.0725, p) FROM unnest(a) x) AS s FROM lane) s1
GROUP BY m, p ORDER BY m, p;
-- b from a column (no constant: decoded per row, changing per row) against the general path
SELECT id, pricemath.mul_round(a, b, 2, 'half_even') AS col_b,
       pricemath.mul_round(a, b, 2, 'half_even')::text
         = pricemath.mul_round(a, array_fill(b, ARRAY[cardinality(a)]), 2, 'half_even')::text AS same
FROM lane ORDER BY id;
SELECT id, pricemath.round(a, 3, 'half_up') AS round_3, pricemath.round(a, 0, 'floor') AS floor_0
FROM lane ORDER BY id;
-- a constant b and the same b from a column give the same bytes
SELECT bool_and(pricemath.mul_round(a, 1.0725, 2, 'half_up')::text = pricemath.mul_round(a, b, 2, 'half_up')::text
                AND pg_column_size(pricemath.mul_round(a, 1.0725, 2, 'half_up'))
                    = pg_column_size(pricemath.mul_round(a, b, 2, 'half_up'))) AS same
FROM lane WHERE b = 1.0725;
-- PL/pgSQL variables as places, mode and b: a new value on each pass of the
-- loop under one call site (they were kept from the first pass)
DO $$
DECLARE
  p int;
  m text;
  b numeric;
BEGIN
  FOR p IN 0..3 LOOP
    RAISE NOTICE 'places %: %', p, pricemath.round('{1.23456, -2.5}'::numeric[], p, 'half_up');
  END LOOP;
  FOREACH m IN ARRAY ARRAY['up', 'down', 'half_even'] LOOP
    RAISE NOTICE 'mode %: %', m, pricemath.round('{1.25, -2.5}'::numeric[], 1, m);
  END LOOP;
  FOREACH b IN ARRAY ARRAY[1.5, 2, -3.25] LOOP
    RAISE NOTICE 'b %: %', b, pricemath.mul_round('{1.23456, 10}'::numeric[], b, 2, 'half_up');
  END LOOP;
END
$$;
