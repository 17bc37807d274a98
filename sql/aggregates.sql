-- Aggregates: vec_sum, vec_avg, vec_min, vec_max, weighted_avg and the price indices
\i sql/include/err.sql

CREATE TEMP TABLE va (g int, i int, a numeric[], f float8[]);
INSERT INTO va VALUES
  (1, 1, '{1.5, 2, NULL, 10}', '{1.5, 2, NULL, 10}'),
  (1, 2, '{2.25, NULL, NULL, -3}', '{2.25, NULL, NULL, -3}'),
  (1, 3, NULL, NULL),
  (1, 4, '{1.50, 3.000, NULL, 0.001}', '{1.50, 3.000, NULL, 0.001}'),
  (2, 5, '{123456789012345678901234567890123456789, 1, 2, 3}', '{1e300, 1, 2, 3}'),
  (2, 6, '{170141183460469231731687303715884105727, -1, 2.5, 3}', '{-1e300, -1, 2.5, 3}'),
  (2, 7, '{0.1, 0.20, 0.300, 0.4000}', '{0.1, 0.2, 0.3, 0.4}');

-- values, NULL rows skipped, NULL elements ignored per position, all-NULL position gives NULL
SELECT g, pricemath.vec_sum(a) AS sum, pricemath.vec_avg(a) AS avg,
       pricemath.vec_min(a) AS min, pricemath.vec_max(a) AS max
FROM va GROUP BY g ORDER BY g;
SELECT g, pricemath.vec_sum(f) AS sum, pricemath.vec_avg(f) AS avg,
       pricemath.vec_min(f) AS min, pricemath.vec_max(f) AS max
FROM va GROUP BY g ORDER BY g;

-- numeric results equal sum()/avg()/min()/max() per position: the same text, and the same
-- stored size (both measured where they are computed, before any tuple stores them)
WITH ref AS (
  SELECT g, o, sum(x) AS s, avg(x) AS av, min(x) AS mn, max(x) AS mx
  FROM va, unnest(a) WITH ORDINALITY u(x, o) GROUP BY g, o),
refa AS (
  SELECT g, array_agg(s ORDER BY o)::text AS s, pg_column_size(array_agg(s ORDER BY o)) AS s_size,
         array_agg(av ORDER BY o)::text AS av, pg_column_size(array_agg(av ORDER BY o)) AS av_size,
         array_agg(mn ORDER BY o)::text AS mn, array_agg(mx ORDER BY o)::text AS mx FROM ref GROUP BY g),
pm AS (
  SELECT g, pricemath.vec_sum(a)::text AS s, pg_column_size(pricemath.vec_sum(a)) AS s_size,
         pricemath.vec_avg(a)::text AS av, pg_column_size(pricemath.vec_avg(a)) AS av_size,
         pricemath.vec_min(a)::text AS mn, pricemath.vec_max(a)::text AS mx FROM va GROUP BY g)
SELECT g, pm.s = refa.s AND pm.s_size = refa.s_size AS sum_same,
       pm.av = refa.av AND pm.av_size = refa.av_size AS avg_same,
       pm.mn = refa.mn AS min_same, pm.mx = refa.mx AS max_same
FROM pm JOIN refa USING (g) ORDER BY g;
-- sums beyond int128 fall back to exact numeric
SELECT pricemath.vec_sum(a) FROM (VALUES ('{170141183460469231731687303715884105727, 1.5}'::numeric[]),
                                         ('{170141183460469231731687303715884105727, 1}')) t(a);
-- elements sharing one shape (the same varlena and numeric headers) take a fast lane: the
-- same sums as sum() across signs, scales, digit counts, NULLs, scales that change between
-- rows, sums past int128 and wide values
CREATE TEMP TABLE vshape AS
SELECT i, ARRAY(SELECT CASE
    WHEN (i + j) % 29 = 0 THEN NULL
    WHEN (i * j) % 97 = 1 THEN 9999999999999999.99 * (1 - 2 * (i % 2))
    WHEN (i * j) % 89 = 2 THEN 170141183460469231731687303715884105.727
    WHEN j % 5 = 0 THEN ((hashint4(i * 16 + j) % 100000000)::text || 'e-' || ((i + j) % 7)::text)::numeric
    ELSE ((hashint4(i * 16 + j) % 1000000)::text || 'e-' || (i / 250 % 4)::text)::numeric
  END FROM generate_series(1, 16) j) AS a
FROM generate_series(1, 2000) i;
WITH ref AS (
  SELECT o, sum(x) AS s, avg(x) AS av FROM vshape, unnest(a) WITH ORDINALITY u(x, o) GROUP BY o)
SELECT (SELECT pricemath.vec_sum(a)::text FROM vshape) = (SELECT array_agg(s ORDER BY o)::text FROM ref) AS sum_same,
       (SELECT pricemath.vec_avg(a)::text FROM vshape) = (SELECT array_agg(av ORDER BY o)::text FROM ref) AS avg_same,
       (SELECT pricemath.vec_sum(a)::text FROM vshape WHERE i <= 400)
         = (SELECT array_agg(s ORDER BY o)::text FROM (SELECT o, sum(x) AS s FROM vshape, unnest(a) WITH ORDINALITY u(x, o)
            WHERE i <= 400 GROUP BY o) r) AS prefix_same;
-- runs of rows whose elements all share a shape, while every position's sum has that
-- scale, are counted once per row (the uniform lane): the same sums and averages as sum()
-- and avg() after every prefix, with a second shape (x.00), negatives, a NULL element, a
-- NULL row, a wider scale and a value past int128 between the runs, and with vec_sum and
-- vec_avg sharing one state
CREATE TEMP TABLE vuni AS
SELECT i, CASE WHEN i = 700 THEN NULL ELSE ARRAY(SELECT CASE
    WHEN i = 300 AND j = 2 THEN NULL
    WHEN i = 900 AND j = 3 THEN 1.125
    WHEN i = 800 AND j = 4 THEN 10000000000000000000000000000000000000000.25
    WHEN (i * j) % 37 = 0 THEN (1 + abs(hashint4(i * 8 + j)) % 9999)::numeric(10, 2)
    ELSE (1 + abs(hashint4(i * 8 + j)) % 999999) * 0.01
  END * (1 - 2 * ((i * j) % 3 / 2)) FROM generate_series(1, 8) j) END AS a
FROM generate_series(1, 1500) i;
SELECT cut,
       v.s::text = r.s::text AS sum_same, v.av::text = r.av::text AS avg_same
FROM unnest('{1, 2, 299, 300, 301, 699, 700, 701, 799, 800, 801, 850, 899, 900, 901, 1500}'::int[]) cut,
LATERAL (SELECT pricemath.vec_sum(a) AS s, pricemath.vec_avg(a) AS av FROM vuni WHERE i <= cut) v,
LATERAL (SELECT array_agg(s ORDER BY o) AS s, array_agg(av ORDER BY o) AS av
         FROM (SELECT o, sum(x) AS s, avg(x) AS av FROM vuni, unnest(a) WITH ORDINALITY u(x, o)
               WHERE i <= cut GROUP BY o) g) r
ORDER BY cut;
-- the same in moving frames (the inverse transition counts the pending rows first)
SELECT count(*) AS frames, count(*) FILTER (WHERE m::text = p::text) AS same FROM (
  SELECT m, (SELECT pricemath.vec_avg(a) FROM vuni v2 WHERE v2.i BETWEEN w.i - 9 AND w.i) AS p
  FROM (SELECT i, pricemath.vec_avg(a) OVER (ORDER BY i ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS m
        FROM vuni) w
  WHERE i BETWEEN 250 AND 350 OR i BETWEEN 795 AND 810 OR i BETWEEN 890 AND 910) s;
-- the uniform lane adds into int64 partial sums and moves them into the int128 sums
-- before they could overflow: 16-digit prices (their shape's values reach 10^18 units, so
-- the partial sums move every 9 rows) beside cents and x.00 prices, sums past 2^63 units,
-- and a sum 2 * 10^18 units below 2^127 that passes it when its partial sum moves in (in
-- the final function after 3 rows, else after 11): the same sums as sum(), serial, in moving frames
-- and in partial states combined (partitionwise) and serialized (parallel)
CREATE TABLE agg_vpart (i int, a numeric[]) PARTITION BY RANGE (i);
CREATE TABLE agg_vpart1 PARTITION OF agg_vpart FOR VALUES FROM (0) TO (50);
CREATE TABLE agg_vpart2 PARTITION OF agg_vpart FOR VALUES FROM (50) TO (1000);
INSERT INTO agg_vpart
SELECT i, ARRAY[(9999999999999999 - i)::numeric(18, 2) * (1 - 2 * (i % 5 / 4)),
                CASE WHEN i % 11 = 0 THEN (1 + i)::numeric(10, 2) ELSE (1 + i % 9998) + 0.01 * (1 + i % 99) END,
                -9999.99, (8000000000000000 + i)::numeric(18, 2)]
FROM generate_series(1, 120) i;
ANALYZE agg_vpart;
-- rows -100 to 0 bring the sum to 2 * 10^18 units below 2^127 (through the general path)
CREATE TEMP TABLE vbig AS
SELECT i, CASE WHEN i < 0 THEN ARRAY[16845661728759329874226465714443970.86, 0.01]
               WHEN i = 0 THEN ARRAY[16845661728759329874226465714443971.27, 0.01]
               ELSE ARRAY[(8000000000000000 + i)::numeric(18, 2), 12.34] END AS a
FROM generate_series(-100, 30) i;
SELECT t, cut, v.s::text = r.s::text AS sum_same,
       CASE t WHEN 'agg_vpart' THEN v.s[4] > 92233720368547758.07 END AS past_2_63, length(v.s[1]::text) AS len
FROM (VALUES ('agg_vpart'), ('vbig')) tt(t), unnest('{1, 2, 3, 9, 10, 11, 12, 30, 120}'::int[]) cut,
LATERAL (SELECT CASE t WHEN 'agg_vpart' THEN (SELECT pricemath.vec_sum(a) FROM agg_vpart WHERE i <= cut)
                       ELSE (SELECT pricemath.vec_sum(a) FROM vbig WHERE i <= cut) END AS s) v,
LATERAL (SELECT array_agg(s ORDER BY o) AS s
         FROM (SELECT o, sum(x) AS s FROM (SELECT * FROM agg_vpart WHERE t = 'agg_vpart' UNION ALL
                                            SELECT * FROM vbig WHERE t = 'vbig') tv,
                 unnest(a) WITH ORDINALITY u(x, o) WHERE i <= cut GROUP BY o) g) r
WHERE t = 'agg_vpart' OR cut <= 30
ORDER BY t, cut;
SELECT count(*) AS frames, count(*) FILTER (WHERE m::text = p::text) AS same FROM (
  SELECT m, (SELECT pricemath.vec_sum(a) FROM agg_vpart v2 WHERE v2.i BETWEEN w.i - 12 AND w.i) AS p
  FROM (SELECT i, pricemath.vec_sum(a) OVER (ORDER BY i ROWS BETWEEN 12 PRECEDING AND CURRENT ROW) AS m
        FROM agg_vpart) w) s;
CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ pattern THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $f$;
CREATE TEMP TABLE vpart_serial AS SELECT pricemath.vec_sum(a)::text AS s, pricemath.vec_avg(a)::text AS av FROM agg_vpart;
SET enable_partitionwise_aggregate = on;
SELECT pg_temp.plan_has('SELECT pricemath.vec_sum(a) FROM agg_vpart', 'Partial') AS partitionwise_plan_combines,
       (SELECT s FROM vpart_serial) = (SELECT pricemath.vec_sum(a)::text FROM agg_vpart) AS partitionwise_sum_same,
       (SELECT av FROM vpart_serial) = (SELECT pricemath.vec_avg(a)::text FROM agg_vpart) AS partitionwise_avg_same;
RESET enable_partitionwise_aggregate;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT pg_temp.plan_has('SELECT pricemath.vec_sum(a) FROM agg_vpart', 'Gather') AS parallel_plan_combines,
       (SELECT s FROM vpart_serial) = (SELECT pricemath.vec_sum(a)::text FROM agg_vpart) AS parallel_sum_same,
       (SELECT av FROM vpart_serial) = (SELECT pricemath.vec_avg(a)::text FROM agg_vpart) AS parallel_avg_same;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE agg_vpart;
-- equal values with different scales: the widest scale wins, whatever the row order
SELECT pricemath.vec_min(a) AS min_fwd, pricemath.vec_max(a) AS max_fwd FROM (VALUES ('{1.0, 2}'::numeric[]), ('{1.00, 2.000}'), ('{1, 2.0}')) t(a);
SELECT pricemath.vec_min(a) AS min_rev, pricemath.vec_max(a) AS max_rev FROM (VALUES ('{1, 2.0}'::numeric[]), ('{1.00, 2.000}'), ('{1.0, 2}')) t(a);
-- float8: -0 sorts below +0; compensated sums
SELECT pricemath.vec_min(a) AS min, pricemath.vec_max(a) AS max FROM (VALUES ('{0, -0}'::float8[]), ('{-0, 0}')) t(a);
SELECT pricemath.vec_sum(ARRAY[x, 1]) AS compensated FROM (VALUES (1e100::float8), (1), (-1e100)) t(x);
SELECT pricemath.vec_sum(ARRAY[0.1::float8]) AS s, sum(0.1::float8) AS plain FROM generate_series(1, 10000);

-- zero rows, only NULL rows, '{}' rows
SELECT pricemath.vec_sum(a) IS NULL AS zero_rows, pricemath.vec_avg(f) IS NULL AS zero_rows_f8 FROM va WHERE false;
SELECT pricemath.vec_sum(a) IS NULL AS null_rows, pricemath.vec_max(f) IS NULL AS null_rows_f8 FROM va WHERE a IS NULL;
SELECT pricemath.vec_sum(a) AS empty, pricemath.vec_avg(a::float8[]) AS empty_f8, pricemath.vec_min(a) AS empty_min
FROM (VALUES ('{}'::numeric[]), ('{}')) t(a);
SELECT pricemath.vec_sum(a) AS all_null_elements FROM (VALUES ('{NULL, 1}'::numeric[]), ('{NULL, NULL}')) t(a);

-- lower bounds: only lengths must match; the result takes the smallest lower bound
SELECT pricemath.vec_sum(a) AS sum, pricemath.vec_max(a::float8[]) AS max
FROM (VALUES ('[0:1]={1, 2}'::numeric[]), ('{3, 4}'), ('[5:6]={5, 6}')) t(a);
SELECT pricemath.vec_sum(a) FROM (VALUES ('[-3:-2]={1, 2}'::numeric[])) t(a);

\set VERBOSITY verbose
-- errors: lengths, dimensions, non-finite values
SELECT pg_temp.err($$SELECT pricemath.vec_sum(a) FROM (VALUES ('{1, 2}'::numeric[]), ('{1, 2, 3}')) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_avg(a) FROM (VALUES ('{1, 2}'::float8[]), ('{}')) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_min(a) FROM (VALUES ('{{1, 2}, {3, 4}}'::numeric[])) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_max(a) FROM (VALUES ('{{1}}'::float8[])) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_sum(a) FROM (VALUES ('{1, NaN}'::numeric[])) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_avg(a) FROM (VALUES ('[0:1]={1, -Infinity}'::numeric[])) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_sum(a) FROM (VALUES ('{1, 2}'::float8[]), ('{Infinity, 2}')) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_min(a) FROM (VALUES ('{NaN}'::float8[])) t(a)$$);
SELECT pg_temp.err($$SELECT pricemath.vec_sum(a) FROM (VALUES ('{1e308}'::float8[]), ('{1e308}')) t(a)$$);
\set VERBOSITY default

-- weighted_avg: equal in value and scale to sum(v * w) / sum(w) over the rows where both are
-- non-NULL (plain sum(w) would also count the weight of a NULL value)
CREATE TEMP TABLE wa (g int, v numeric, w numeric);
INSERT INTO wa VALUES (1, 1.5, 2), (1, 2.25, 1), (1, 3, 0.5), (1, NULL, 7), (1, 9, NULL),
  (2, 10.125, 0.25), (2, 0.001, 1000), (2, 170141183460469231731687303715884105727, 1), (2, 1, 0),
  (3, 19.99, 3), (3, 5.00, 0.000);
SELECT g, pricemath.weighted_avg(v, w) AS wavg, sum(v * w) / sum(w) FILTER (WHERE v IS NOT NULL) AS sql,
       pricemath.weighted_avg(v, w)::text = (sum(v * w) / sum(w) FILTER (WHERE v IS NOT NULL))::text AS same,
       pricemath.weighted_avg(v::float8, w::float8) AS wavg_f8
FROM wa GROUP BY g ORDER BY g;
SELECT pricemath.weighted_avg(v, w) IS NULL AS zero_rows, pricemath.weighted_avg(v::float8, w::float8) IS NULL AS zero_rows_f8
FROM wa WHERE v IS NULL OR w IS NULL;
-- stored short numerics of one shape (1 to 4 base-10000 groups, scales that pad the last
-- group or not, negatives, multiples of 10^4, values past int64) take a fast lane that
-- relearns when the shape changes: the same results as sum(), and as the same values
-- computed by an expression (4-byte headers: the general path), in every run of shapes
CREATE TEMP TABLE wshape AS
SELECT i, i / 250 AS blk, v, w, abs(v) + 1 AS p0, abs(v) * 3 + 2 AS p1
FROM (SELECT i, CASE WHEN i % 101 = 0 THEN NULL WHEN i % 17 = 0 THEN (h % 100)::numeric(10, 2)
        ELSE (CASE i / 250 % 12
          WHEN 0 THEN (h % 999999) * 0.01
          WHEN 1 THEN (h % 99999) * 0.1
          WHEN 2 THEN (h % 99999) * 0.001
          WHEN 3 THEN (h % 9999)::numeric
          WHEN 4 THEN (h::int8 * 4657)::numeric
          WHEN 5 THEN (h % 999999) * 0.0001
          WHEN 6 THEN (h % 9999999) * 0.000001
          WHEN 7 THEN (h % 9999)::numeric * 10000
          WHEN 8 THEN (h % 9999) * 0.00000001
          WHEN 9 THEN (h::int8 * 46573) * 0.01
          WHEN 10 THEN 9999999999999999 - h % 1000
          ELSE (h::int8 * 465731)::numeric * 10000
        END) * (1 - 2 * (i % 3 / 2)) END AS v,
        CASE WHEN i % 89 = 0 THEN NULL WHEN i % 2 = 0 THEN (h % 1000) * 0.01 ELSE (h % 50)::numeric END AS w
      FROM (SELECT i, abs(hashint4(i)) AS h FROM generate_series(1, 3000) i) h) s;
SELECT blk, pricemath.weighted_avg(v, w)::text = (sum(v * w) / sum(w) FILTER (WHERE v IS NOT NULL))::text AS wavg_sql,
       pricemath.weighted_avg(v, w)::text = pricemath.weighted_avg(v + 0, w + 0)::text AS wavg_general,
       pricemath.laspeyres(p0, p1, w) = pricemath.laspeyres(p0 + 0, p1 + 0, w + 0) AS laspeyres_general,
       pricemath.paasche(p1, p0, w) = pricemath.paasche(p1 + 0, p0 + 0, w + 0) AS paasche_general
FROM wshape GROUP BY blk ORDER BY blk;
-- the array function of the same name still works
SELECT pricemath.weighted_avg('{1.5, 2}'::numeric[], '{1, 3}'::numeric[]) AS array_form;

\set VERBOSITY verbose
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES (1::numeric, 0::numeric), (2, 0.00)) t(v, w)$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES (1::float8, 0::float8)) t(v, w)$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES (1::numeric, -0.5::numeric)) t(v, w)$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES (1::float8, -2::float8)) t(v, w)$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES ('NaN'::numeric, 1::numeric)) t(v, w)$$);
SELECT pg_temp.err($$SELECT pricemath.weighted_avg(v, w) FROM (VALUES (1::float8, 'Infinity'::float8)) t(v, w)$$);
\set VERBOSITY default

-- price indices
CREATE TEMP TABLE px (g int, p0 numeric, p1 numeric, q0 numeric, q1 numeric);
INSERT INTO px VALUES
  (1, 1.00, 1.10, 10, 9), (1, 2.00, 1.90, 5, 6), (1, 3.50, 4.20, 1, 1), (1, NULL, 5, 1, 1), (1, 2, 3, NULL, 1),
  (2, 19.99, 21.49, 120, 100), (2, 4.25, 4.25, 0, 3), (2, 0.99, 1.09, 1000, 1200),
  (3, 100000000000000000000, 110000000000000000000, 100000000000000000000, 90000000000000000000),
  (3, 1.5, 1.25, 3, 4);
-- (the SQL expressions, rounded to 16 digits and then to float8, may be 1 ulp away: group 2)
SELECT g, pricemath.laspeyres(p0, p1, q0) AS laspeyres, (sum(p1 * q0) / sum(p0 * q0))::float8 AS sql_laspeyres,
       pricemath.paasche(p0, p1, q1) AS paasche, (sum(p1 * q1) / sum(p0 * q1))::float8 AS sql_paasche,
       pricemath.dutot(p0, p1) AS dutot, (sum(p1) / sum(p0))::float8 AS sql_dutot
FROM px WHERE px IS NOT NULL GROUP BY g ORDER BY g;
-- rows with a NULL in any of an index's own arguments are skipped
SELECT g, pricemath.laspeyres(p0, p1, q0) AS laspeyres, pricemath.paasche(p0, p1, q1) AS paasche,
       pricemath.dutot(p0, p1) AS dutot, pricemath.fisher(p0, p1, q0, q1) AS fisher
FROM px WHERE g = 1 GROUP BY g;
SELECT g, pricemath.fisher(p0, p1, q0, q1) AS fisher, pricemath.tornqvist(p0, p1, q0, q1) AS tornqvist,
       pricemath.jevons(p0, p1) AS jevons, pricemath.carli(p0, p1) AS carli
FROM px GROUP BY g ORDER BY g;
-- float8 flavours agree with the numeric ones to about 1e-12 here
SELECT g, abs(pricemath.laspeyres(p0::float8, p1::float8, q0::float8) / pricemath.laspeyres(p0, p1, q0) - 1) < 1e-12 AS laspeyres,
       abs(pricemath.paasche(p0::float8, p1::float8, q1::float8) / pricemath.paasche(p0, p1, q1) - 1) < 1e-12 AS paasche,
       abs(pricemath.fisher(p0::float8, p1::float8, q0::float8, q1::float8) / pricemath.fisher(p0, p1, q0, q1) - 1) < 1e-12 AS fisher,
       abs(pricemath.tornqvist(p0::float8, p1::float8, q0::float8, q1::float8) / pricemath.tornqvist(p0, p1, q0, q1) - 1) < 1e-12 AS tornqvist,
       abs(pricemath.jevons(p0::float8, p1::float8) / pricemath.jevons(p0, p1) - 1) < 1e-12 AS jevons,
       abs(pricemath.dutot(p0::float8, p1::float8) / pricemath.dutot(p0, p1) - 1) < 1e-12 AS dutot,
       abs(pricemath.carli(p0::float8, p1::float8) / pricemath.carli(p0, p1) - 1) < 1e-12 AS carli
FROM px GROUP BY g ORDER BY g;
-- definitions checked in SQL: Fisher, Tornqvist (shares), Jevons, Carli
SELECT abs(pricemath.fisher(p0, p1, q0, q1) - sqrt(pricemath.laspeyres(p0, p1, q0) * pricemath.paasche(p0, p1, q1))) < 1e-15 AS fisher_def,
       abs(pricemath.jevons(p0, p1) - exp(avg(ln(p1 / p0)))::float8) < 1e-15 AS jevons_def,
       abs(pricemath.carli(p0, p1) - avg(p1 / p0)::float8) < 1e-15 AS carli_def
FROM px WHERE g = 2;
WITH r AS (SELECT p0, p1, p0 * q0 / sum(p0 * q0) OVER () AS s0, p1 * q1 / sum(p1 * q1) OVER () AS s1
           FROM px WHERE g = 2)
SELECT abs((SELECT pricemath.tornqvist(p0, p1, q0, q1) FROM px WHERE g = 2) - exp(sum((s0 + s1) / 2 * ln(p1 / p0)))::float8) < 1e-15 AS tornqvist_def
FROM r;
-- the float8 nearest the exact ratio: 1/3 and 2/3 of exact sums
SELECT pricemath.dutot(p0, p1) = 1::float8 / 3 AS third, pricemath.laspeyres(p1, p0, 1::numeric) = 3 AS three
FROM (VALUES (1.5::numeric, 0.5::numeric), (1.5, 0.5)) t(p0, p1);
SELECT pricemath.dutot(p0, p1) = 2::float8 / 3 AS two_thirds_wide
FROM (VALUES (300000000000000000000000000000000000000000.3::numeric, 200000000000000000000000000000000000000000.2::numeric)) t(p0, p1);
-- zero rows give NULL
SELECT pricemath.laspeyres(p0, p1, q0) IS NULL AS l, pricemath.fisher(p0, p1, q0, q1) IS NULL AS f,
       pricemath.jevons(p0::float8, p1::float8) IS NULL AS j, pricemath.carli(p0, p1) IS NULL AS c
FROM px WHERE false;

\set VERBOSITY verbose
SELECT pg_temp.err($$SELECT pricemath.laspeyres(p0, p1, q0) FROM (VALUES (0::numeric, 1::numeric, 1::numeric)) t(p0, p1, q0)$$);
SELECT pg_temp.err($$SELECT pricemath.jevons(p0, p1) FROM (VALUES (1::numeric, -2.50::numeric)) t(p0, p1)$$);
SELECT pg_temp.err($$SELECT pricemath.carli(p0, p1) FROM (VALUES (1::float8, 0::float8)) t(p0, p1)$$);
SELECT pg_temp.err($$SELECT pricemath.paasche(p0, p1, q1) FROM (VALUES (1::numeric, 1::numeric, -1::numeric)) t(p0, p1, q1)$$);
SELECT pg_temp.err($$SELECT pricemath.laspeyres(p0, p1, q0) FROM (VALUES (1::numeric, 2::numeric, 0::numeric)) t(p0, p1, q0)$$);
SELECT pg_temp.err($$SELECT pricemath.fisher(p0, p1, q0, q1) FROM (VALUES (1::float8, 2::float8, 1::float8, 0::float8)) t(p0, p1, q0, q1)$$);
SELECT pg_temp.err($$SELECT pricemath.tornqvist(p0, p1, q0, q1) FROM (VALUES (1::numeric, 2::numeric, 0::numeric, 1::numeric)) t(p0, p1, q0, q1)$$);
SELECT pg_temp.err($$SELECT pricemath.dutot(p0, p1) FROM (VALUES ('NaN'::numeric, 1::numeric)) t(p0, p1)$$);
SELECT pg_temp.err($$SELECT pricemath.tornqvist(p0, p1, q0, q1) FROM (VALUES (1::float8, 1::float8, 1::float8, '-Infinity'::float8)) t(p0, p1, q0, q1)$$);
SELECT pg_temp.err($$SELECT pricemath.laspeyres(p0, p1, q0) FROM (VALUES (1e-300::float8, 1e300::float8, 1::float8)) t(p0, p1, q0)$$);
\set VERBOSITY default

-- window frames: the moving (inverse transition) form equals a plain recomputation over the frame
CREATE TEMP TABLE mv AS
SELECT i, ARRAY[round((i * 7 % 13)::numeric / (1 + i % 3), i % 4), CASE WHEN i % 5 = 0 THEN NULL ELSE i END,
               round(i::numeric / 7, 1 + i % 6)] AS a,
       round((i * 37 % 101)::numeric / 10, i % 3) AS v, round(((i * 11) % 17)::numeric / 4, i % 2) AS w,
       (1 + i % 7)::numeric AS p0, (1 + i * 3 % 11)::numeric / 2 AS p1, (i % 4)::numeric AS q0, (1 + i % 3)::numeric AS q1
FROM generate_series(1, 60) i;
SELECT count(*) AS frames,
       count(*) FILTER (WHERE m_sum::text = p_sum::text) AS vec_sum_same,
       count(*) FILTER (WHERE m_avg::text = p_avg::text) AS vec_avg_same,
       count(*) FILTER (WHERE m_wavg::text IS NOT DISTINCT FROM p_wavg::text) AS wavg_same,
       count(*) FILTER (WHERE m_idx = p_idx) AS indices_same
FROM (
  SELECT pricemath.vec_sum(a) OVER w AS m_sum, pricemath.vec_avg(a) OVER w AS m_avg,
         pricemath.weighted_avg(v, w) OVER w AS m_wavg,
         ARRAY[pricemath.laspeyres(p0, p1, q0) OVER w, pricemath.paasche(p0, p1, q1) OVER w,
               pricemath.fisher(p0, p1, q0, q1) OVER w, pricemath.tornqvist(p0, p1, q0, q1) OVER w,
               pricemath.jevons(p0, p1) OVER w, pricemath.dutot(p0, p1) OVER w, pricemath.carli(p0, p1) OVER w] AS m_idx,
         (SELECT pricemath.vec_sum(a) FROM mv m2 WHERE m2.i BETWEEN mv.i - 4 AND mv.i) AS p_sum,
         (SELECT pricemath.vec_avg(a) FROM mv m2 WHERE m2.i BETWEEN mv.i - 4 AND mv.i) AS p_avg,
         (SELECT pricemath.weighted_avg(v, w) FROM mv m2 WHERE m2.i BETWEEN mv.i - 4 AND mv.i) AS p_wavg,
         (SELECT ARRAY[pricemath.laspeyres(p0, p1, q0), pricemath.paasche(p0, p1, q1), pricemath.fisher(p0, p1, q0, q1),
                       pricemath.tornqvist(p0, p1, q0, q1), pricemath.jevons(p0, p1), pricemath.dutot(p0, p1),
                       pricemath.carli(p0, p1)]
          FROM mv m2 WHERE m2.i BETWEEN mv.i - 4 AND mv.i) AS p_idx
  FROM mv WINDOW w AS (ORDER BY i ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)) s;
-- a frame that empties and refills, with a NULL row and a new length after the gap
SELECT i, pricemath.vec_sum(a) OVER w AS sum, pricemath.vec_avg(a) OVER w AS avg
FROM (VALUES (1, '{1.5, 2}'::numeric[]), (2, '{2.25, 1}'), (3, NULL), (6, '{1, 2, 3}'), (7, '{0.5, 0.25, 0.125}')) t(i, a)
WINDOW w AS (ORDER BY i RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY i;
-- long frames (1000 rows x 20000 frames: fast only in moving mode) equal sum() OVER the same frame
SELECT count(*) FILTER (WHERE s::text = r::text) AS same, count(*) AS frames FROM (
  SELECT pricemath.vec_sum(a) OVER (ORDER BY i ROWS BETWEEN 999 PRECEDING AND CURRENT ROW) AS s,
         ARRAY[sum(x) OVER (ORDER BY i ROWS BETWEEN 999 PRECEDING AND CURRENT ROW)] AS r
  FROM (SELECT i, ARRAY[(i % 97)::numeric / 100] AS a, (i % 97)::numeric / 100 AS x FROM generate_series(1, 20000) i) t) s;

-- catalog: every aggregate is parallel safe, with a combine function and a
-- real state type (vec_state or index_state, which a partial aggregate sends
-- as it is: no serial and deserial functions), so that Citus can push it down
SELECT count(*) AS aggregates,
       count(*) FILTER (WHERE p.proparallel = 's' AND a.aggcombinefn <> 0 AND a.aggserialfn = 0 AND a.aggdeserialfn = 0
                          AND a.aggtranstype IN ('pricemath.vec_state'::regtype, 'pricemath.index_state'::regtype)
                          AND (a.aggmtransfn = 0 OR a.aggmtranstype = a.aggtranstype)) AS parallel_ready,
       count(*) FILTER (WHERE a.aggminvtransfn <> 0) AS moving
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'pricemath'::regnamespace;
SELECT count(*) AS functions_without_comment FROM pg_proc p
WHERE p.pronamespace = 'pricemath'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL;
