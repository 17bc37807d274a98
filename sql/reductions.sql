-- Reductions: array_sum, array_min, array_max, array_avg, weighted_avg
\i sql/include/err.sql

SELECT pricemath.array_sum('{1.5, 2.25, NULL, -3}'::numeric[]) AS sum,
       pricemath.array_min('{1.5, 2.25, NULL, -3}'::numeric[]) AS min,
       pricemath.array_max('{1.5, 2.25, NULL, -3}'::numeric[]) AS max,
       pricemath.array_avg('{1.5, 2.25, NULL, -3}'::numeric[]) AS avg;
SELECT pricemath.array_sum('{1.5, 2.25, NULL, -3}'::float8[]) AS sum,
       pricemath.array_min('{1.5, 2.25, NULL, -3}'::float8[]) AS min,
       pricemath.array_max('{1.5, 2.25, NULL, -3}'::float8[]) AS max,
       pricemath.array_avg('{1.5, 2.25, NULL, -3}'::float8[]) AS avg;
-- numeric results equal the core aggregates over the elements, value and scale
WITH t(a) AS (VALUES ('{1.5, 2.25, NULL, -3, 0.001, 1e25, 7}'::numeric[]),
                     ('{1, 2, 2}'::numeric[]), ('{0.10, 0.20, 0.30}'::numeric[]), ('{1.0, 1, 2.00, 2, 1.00, 2.0}'::numeric[]),
                     ('{123456789012345678901234567890123456789, 1, 0.5}'::numeric[]),
                     ('{170141183460469231731687303715884105727, 170141183460469231731687303715884105727}'::numeric[]))
SELECT pricemath.array_sum(a)::text = (SELECT sum(x)::text FROM unnest(a) x) AS sum_same,
       pricemath.array_avg(a)::text = (SELECT avg(x)::text FROM unnest(a) x) AS avg_same,
       pricemath.array_min(a)::text = (SELECT min(x)::text FROM unnest(a) x) AS min_same,
       pricemath.array_max(a)::text = (SELECT max(x)::text FROM unnest(a) x) AS max_same
FROM t;
-- equal values with different scales: the last one wins, as in min()/max()
SELECT pricemath.array_min('{1.0, 1, 2}'::numeric[]) AS min, pricemath.array_max('{2, 2.00, 1}'::numeric[]) AS max;
-- float8 sums are compensated
SELECT pricemath.array_sum(array_fill(0.1::float8, ARRAY[100000])) AS compensated,
       (SELECT sum(x) FROM unnest(array_fill(0.1::float8, ARRAY[100000])) x) AS plain;
SELECT pricemath.array_sum('{1e100, 1, -1e100}'::float8[]) AS cancellation;

-- empty, all-NULL, NULL input, bounds
SELECT pricemath.array_sum('{}'::numeric[]) IS NULL AS empty_sum, pricemath.array_avg('{NULL, NULL}'::numeric[]) IS NULL AS all_null_avg,
       pricemath.array_min('{}'::float8[]) IS NULL AS empty_min, pricemath.array_max(NULL::float8[]) IS NULL AS null_max;
SELECT pricemath.array_sum('[0:2]={1, 2, 3}'::numeric[]), pricemath.array_max('[-3:-1]={1, 5, 3}'::float8[]);
-- bad input
SELECT pg_temp.err($$SELECT pricemath.array_sum('{{1, 2}, {3, 4}}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.array_avg('{{1, 2}, {3, 4}}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.array_sum('{1, NaN}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.array_min('{1, NULL, Infinity}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.array_max('{1, -Infinity}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.array_sum('{1e308, 1e308}'::float8[])$$);

-- weighted_avg: sum(v*w)/sum(w) over the pairs where both are non-NULL
SELECT pricemath.weighted_avg('{1.5, 2.25, NULL, 4}'::numeric[], '{1, 3, 4, NULL}'::numeric[]) AS numeric_wavg,
       pricemath.weighted_avg('{1.5, 2.25, NULL, 4}'::float8[], '{1, 3, 4, NULL}'::float8[]) AS float8_wavg;
WITH t(v, w) AS (VALUES ('{10.25, 20.50, 30.75}'::numeric[], '{0.2, 0.3, 0.5}'::numeric[]),
                        ('{1, 2}'::numeric[], '{3, 0}'::numeric[]),
                        ('{123456789012345678901234567890.5, 1}'::numeric[], '{2.5, 1}'::numeric[]))
SELECT pricemath.weighted_avg(v, w)::text =
       (SELECT (sum(v[i] * w[i]) / sum(w[i]))::text FROM generate_subscripts(v, 1) i) AS same_as_sql
FROM t;
SELECT pricemath.weighted_avg('{1, 2}'::numeric[], '{NULL, NULL}'::numeric[]) IS NULL AS no_pairs,
       pricemath.weighted_avg('{}'::float8[], '{}'::float8[]) IS NULL AS empty;
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2}'::numeric[], '{0, 0.00}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2}'::float8[], '{0, 0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2}'::numeric[], '{1, -0.5}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2}'::float8[], '{-1, 2}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2, 3}'::numeric[], '{1, 2}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, NaN}'::numeric[], '{1, 2}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{1, 2}'::float8[], '{1, NaN}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg('{{1, 2}}'::float8[], '{1, 2}'::float8[])$$);
