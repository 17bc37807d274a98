-- The 64-bit lanes of apply_ending and limit_change (arrays without NULLs)
-- and the cached constant parameters: every result, error and element named
-- is what the general path gives (this file's expected output was first
-- made by the build before the lanes).
\i sql/include/err.sql
\set VERBOSITY verbose

-- ---- results: the arrays (lane) against the scalars (general path), text and size ----
CREATE TEMP TABLE lp AS
SELECT g, p, o
FROM (SELECT g,
             (CASE g % 9
                WHEN 0 THEN (g * 7919 % 100000) * 0.01
                WHEN 1 THEN (g * 104729 % 1000000) * 0.001
                WHEN 2 THEN g * 12345.6789
                WHEN 3 THEN (g % 7)::numeric
                WHEN 4 THEN 99999999999.99 + g
                WHEN 5 THEN 1e15 + g * 0.01
                WHEN 6 THEN 1e30 + g
                WHEN 7 THEN (g % 100) * 0.00001
                ELSE 0.99 END)::numeric AS p,
             (CASE g % 5 WHEN 0 THEN (g * 31 % 5000) * 0.01 WHEN 1 THEN 1e16 + g ELSE (g % 300) + 0.5 END)::numeric AS o
      FROM generate_series(1, 900) g) s;
WITH e AS (
  SELECT m, pricemath.apply_ending(array_agg(p ORDER BY g), 1, 0.99, m) AS arr,
         array_agg(pricemath.apply_ending(p, 1, 0.99, m) ORDER BY g) AS one
  FROM lp, unnest(ARRAY['nearest', 'down', 'up']) m GROUP BY m)
SELECT m, arr::text = one::text AS same_text, pg_column_size(arr) = pg_column_size(one) AS same_size
FROM e ORDER BY m;
WITH e AS (
  SELECT pricemath.apply_ending(array_agg(p ORDER BY g), 0.05, 0.0001, 'nearest') AS arr,
         array_agg(pricemath.apply_ending(p, 0.05, 0.0001, 'nearest') ORDER BY g) AS one
  FROM lp)
SELECT arr::text = one::text AS same_text, pg_column_size(arr) = pg_column_size(one) AS same_size FROM e;
WITH n AS (SELECT g, o, round(o * (0.85 + (g % 31) * 0.01), 2) AS n FROM lp),
     l AS (
  SELECT up, down, pricemath.limit_change(array_agg(o ORDER BY g), array_agg(n ORDER BY g), up, down, 2) AS arr,
         array_agg(pricemath.limit_change(o, n, up, down, 2) ORDER BY g) AS one,
         pricemath.limit_change(array_agg(o ORDER BY g), array_agg(n ORDER BY g), up, down, NULL) AS arr_np,
         array_agg(pricemath.limit_change(o, n, up, down, NULL) ORDER BY g) AS one_np
  FROM n, (VALUES (0.10, 0.10), (0.05, NULL), (NULL, 0.07), (0.333, 0.0)) c(up, down) GROUP BY up, down)
SELECT up, down, arr::text = one::text AS same_text, pg_column_size(arr) = pg_column_size(one) AS same_size,
       arr_np::text = one_np::text AS same_text_np, pg_column_size(arr_np) = pg_column_size(one_np) AS same_size_np
FROM l ORDER BY up NULLS FIRST, down NULLS FIRST;

-- ---- shapes: '{}', NULL, NULL elements, lower bounds, 2-D ----
SELECT pricemath.apply_ending('{}'::numeric[], 1, 0.99, 'down') AS empty,
       pricemath.apply_ending(NULL::numeric[], 1, 0.99, 'down') AS null_array,
       pricemath.apply_ending('[0:2]={1.50, NULL, 2.50}'::numeric[], 1, 0.99, 'down') AS null_elem,
       pricemath.apply_ending('[-3:-1]={1.50, 12.34, 99999999999999999999.5}'::numeric[], 1, 0.99, 'up') AS lbound;
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{{1.50, 2.50}, {3.50, 4.50}}'::numeric[], 1, 0.99, 'down')$$);
SELECT pricemath.limit_change('{}'::numeric[], '{}'::numeric[], 0.1, 0.1, 2) AS empty,
       pricemath.limit_change(NULL::numeric[], '{10.00, 20.00}'::numeric[], 0.1, 0.1, 2) AS no_old,
       pricemath.limit_change('{10, NULL, 10}'::numeric[], '{20, 20, NULL}'::numeric[], 0.1, 0.1, 2) AS null_elems,
       pricemath.limit_change('[0:1]={10, 1e20}'::numeric[], '[7:8]={20, 2e20}'::numeric[], 0.1, 0.1, 2) AS lbounds;
SELECT pg_temp.err($$SELECT pricemath.limit_change('{{10, 10}, {10, 10}}'::numeric[], '{{20, 20}, {20, 20}}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10, 10, 10}'::numeric[], '{20, 20}'::numeric[], 0.1, 0.1, 2)$$);

-- ---- errors after elements the lane computed: the same element, the same words ----
SELECT pg_temp.err($$SELECT pricemath.apply_ending('[0:3]={1.50, 2.50, -1, 3}'::numeric[], 1, 0.99, 'down')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1.50, 2.50, 3.50, NaN}'::numeric[], 1, 0.99, 'down')$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1.50, 1e30, -1e30}'::numeric[], 1, 0.99, 'nearest')$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 10.00, 10.00}'::numeric[], '{10.50, 10.55, 10.555}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('[5:7]={10.00, 10.005, 10.00}'::numeric[], '{10.50, 10.55, 10.555}'::numeric[], 0, 0, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 10.00, -10.00}'::numeric[], '{10.50, 10.55, 10.55}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, Infinity, 10.00}'::numeric[], '{10.50, 10.55, NaN}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 10.00, 10.00}'::numeric[], '{10.50, -Infinity, NaN}'::numeric[], 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, -1e30, 10.00}'::numeric[], '{10.50, 10.55, 1.555}'::numeric[], 0.1, 0.1, 2)$$);
-- the old price is checked where the new one is NULL (the general loop)
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, NaN}'::numeric[], '{10.50, NULL}'::numeric[], 0.1, 0.1, 2)$$);

-- ---- caps hit up and down, endings, and the repricing chain of bench w4 ----
SELECT pricemath.limit_change('{10.00, 10.00, 10.00, 9.99, 9.99, 0, 123456789012.34}'::numeric[],
                              '{12.00, 8.00, 10.37, 20.00, 1.00, 5.00, 1.00}'::numeric[], 0.10, 0.10, 2) AS caps;
SELECT a, pricemath.limit_change(a, pricemath.apply_ending(pricemath.convert(pricemath.markup(a, 0.35), 1.0831, 2), 1, 0.99, 'down'), 0.10, 0.10, 2) AS repriced
FROM (VALUES ('{12.34, 0.01, 999999.99, 0, 49.95, 100}'::numeric[]), ('[0:1]={7.77, 1e18}'::numeric[]),
             ('{1.5, NULL, 3}'::numeric[])) v(a);

-- ---- cached parameters: constants once, anything else compared every call ----
-- a parameter that changes per row
SELECT pct, pricemath.markup('{10.00}'::numeric[], pct) AS marked_up,
       pricemath.apply_ending('{12.34}'::numeric[], 1, e, 'down') AS ended,
       pricemath.limit_change('{10.00}'::numeric[], '{20.00}'::numeric[], pct, pct, 2) AS capped
FROM (VALUES (0.10, 0.99), (0.20, 0.49), (0.10, 0.99)) v(pct, e);
-- PL/pgSQL simple expressions keep one expression state while their parameters change
CREATE FUNCTION pg_temp.lanes_loop() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE pct numeric; e numeric; out text := '';
BEGIN
  FOREACH pct IN ARRAY ARRAY[0.10, 0.20, 0.30] LOOP
    e := pct * 3;
    out := out || pricemath.markup('{10.00}'::numeric[], pct)::text || ' '
               || pricemath.apply_ending('{12.34}'::numeric[], 1, e, 'down')::text || ' '
               || pricemath.limit_change('{10.00}'::numeric[], '{20.00}'::numeric[], pct, pct, 2)::text || '; ';
  END LOOP;
  RETURN out;
END $f$;
SELECT pg_temp.lanes_loop();
-- a prepared statement: each execution its own values
PREPARE lanes_p(numeric) AS SELECT pricemath.markup('{10.00}'::numeric[], $1), pricemath.convert('{10.00}'::numeric[], $1, 2);
SET plan_cache_mode = force_generic_plan;
EXECUTE lanes_p(0.5);
EXECUTE lanes_p(0.25);
RESET plan_cache_mode;
DEALLOCATE lanes_p;
-- a bad constant raises, and nothing is cached for it
SELECT pg_temp.err($$SELECT pricemath.apply_ending(a, 1, 1.5, 'down') FROM (VALUES ('{1.00}'::numeric[]), ('{2.00}'::numeric[])) v(a)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change(a, a, -0.1, 0.1, 2) FROM (VALUES ('{1.00}'::numeric[])) v(a)$$);
