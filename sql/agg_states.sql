-- Aggregate states as types: pricemath.vec_state (vec_sum, vec_avg, vec_min,
-- vec_max) and pricemath.index_state (weighted_avg and the price indices).
-- A distributed plan (Citus) sends partial states between nodes in their
-- text form, a parallel plan between processes in their binary form; both
-- must give back the state exactly, and bytes that no state wrote must raise
-- 22P03, never crash or give an answer.
\i sql/include/err.sql

-- the types: variable length, text and binary I/O
SELECT t.oid::regtype AS type, t.typlen, t.typalign, t.typstorage, t.typinput, t.typoutput,
       t.typreceive, t.typsend, obj_description(t.oid, 'pg_type') IS NOT NULL AS documented
FROM pg_type t WHERE t.oid IN ('pricemath.vec_state'::regtype, 'pricemath.index_state'::regtype)
ORDER BY t.oid::regtype::text COLLATE "C";
SELECT p.oid::regprocedure AS io_function, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS documented
FROM pg_proc p WHERE p.proname ~ '^(vec|index)_state_(in|out|recv|send)$'
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- A state read through receive: the bytes b are written by COPY as a bytea
-- field and read back into a state column (COPY's binary form of bytea is
-- its bytes, so receive sees exactly b).  The file lives in the data
-- directory.
CREATE TEMP TABLE recv_vec (s pricemath.vec_state);
CREATE TEMP TABLE recv_idx (s pricemath.index_state);
CREATE FUNCTION pg_temp.recv(b bytea, tbl text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text; f text := current_setting('data_directory') || '/pricemath_regress_state.bin';
BEGIN
  EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', b, f);
  EXECUTE format('TRUNCATE %I', tbl);
  EXECUTE format('COPY %I FROM %L (FORMAT binary)', tbl, f);
  EXECUTE format('SELECT s::text FROM %I', tbl) INTO r;
  RETURN r;
END $f$;
-- bytes as the text form reads them: base64 on one line
CREATE FUNCTION pg_temp.b64(b bytea) RETURNS text LANGUAGE sql AS $f$
  SELECT translate(encode(b, 'base64'), E'\n', '')
$f$;

-- ---- vec_state ----

-- a state from the support functions (NULL elements, two scales, a value
-- beyond int128, lower bound 0), shown by the final functions, as text
-- and as bytes
CREATE TEMP TABLE vs AS
SELECT pricemath_internal.vec_sum_accum(pricemath_internal.vec_sum_accum(
         pricemath_internal.vec_sum_accum(NULL, '[0:2]={1.50, 2, NULL}'::numeric[]),
         '[0:2]={2.25, NULL, NULL}'::numeric[]), '[0:2]={1e40, 7, NULL}'::numeric[]) AS s;
SELECT pricemath_internal.vec_sum_final(s, NULL::numeric[]) AS sum,
       pricemath_internal.vec_avg_final(s, NULL::numeric[]) AS avg FROM vs;
SELECT s::text AS text_form, pricemath.vec_state_send(s) AS binary_form FROM vs;
-- the same rows through the aggregates
SELECT pricemath.vec_sum(a) AS sum, pricemath.vec_avg(a) AS avg
FROM (VALUES ('[0:2]={1.50, 2, NULL}'::numeric[]), ('[0:2]={2.25, NULL, NULL}'), ('[0:2]={1e40, 7, NULL}')) v(a);
-- text and binary round trips give the same state
SELECT s::text::pricemath.vec_state::text = s::text AS text_round_trip,
       pg_temp.recv(pricemath.vec_state_send(s), 'recv_vec') = s::text AS binary_round_trip,
       pricemath_internal.vec_sum_final(s::text::pricemath.vec_state, NULL::numeric[]) AS sum_after_text
FROM vs;
-- the text form is one line of base64 and nothing else: no whitespace
SELECT s::text ~ '^[A-Za-z0-9+/]+=*$' AS base64 FROM vs;
SELECT pg_temp.err(format('SELECT %L::pricemath.vec_state', ' ' || s::text)) AS leading_space FROM vs;

-- every kind, round trip: numeric and float8 sums, minima and maxima
CREATE TEMP TABLE kinds AS
SELECT 'num sum' AS kind, pricemath_internal.vec_sum_accum(pricemath_internal.vec_sum_accum(NULL,
         '{1.5, -2.25}'::numeric[]), '{3, NULL}'::numeric[]) AS s
UNION ALL SELECT 'num min', pricemath_internal.vec_min_accum(pricemath_internal.vec_min_accum(NULL,
         '{1.5, 1e40}'::numeric[]), '{1.50, -1e40}'::numeric[])
UNION ALL SELECT 'num max', pricemath_internal.vec_max_accum(NULL, '{1.5, NULL}'::numeric[])
UNION ALL SELECT 'f8 sum', pricemath_internal.vec_sum_accum(pricemath_internal.vec_sum_accum(NULL,
         '{0.1, 1e300}'::float8[]), '{0.2, -1e300}'::float8[])
UNION ALL SELECT 'f8 min', pricemath_internal.vec_min_accum(NULL, '{-0.0, 5e-324}'::float8[])
UNION ALL SELECT 'f8 max', pricemath_internal.vec_max_accum(NULL, '{1.7976931348623157e308, NULL}'::float8[]);
SELECT kind, s::text::pricemath.vec_state::text = s::text AS text_round_trip,
       pg_temp.recv(pricemath.vec_state_send(s), 'recv_vec') = s::text AS binary_round_trip,
       CASE WHEN kind LIKE 'num%' THEN
         CASE WHEN kind = 'num sum' THEN pricemath_internal.vec_sum_final(s::text::pricemath.vec_state, NULL::numeric[])::text
              ELSE pricemath_internal.vec_min_final(s::text::pricemath.vec_state, NULL::numeric[])::text END
       ELSE CASE WHEN kind = 'f8 sum' THEN pricemath_internal.vec_sum_final(s::text::pricemath.vec_state, NULL::float8[])::text
              ELSE pricemath_internal.vec_min_final(s::text::pricemath.vec_state, NULL::float8[])::text END
       END AS result
FROM kinds ORDER BY kind COLLATE "C";

-- NULL: a NULL state and a NULL row; '{}': a state of empty arrays
SELECT pricemath_internal.vec_sum_accum(NULL, NULL::numeric[]) IS NULL AS null_row_null_state,
       pricemath_internal.vec_sum_final(NULL, NULL::numeric[]) IS NULL AS null_final,
       NULL::pricemath.vec_state::text IS NULL AS null_text,
       pricemath_internal.vec_sum_final(pricemath_internal.vec_sum_accum(NULL, '{}'::numeric[])::text::pricemath.vec_state,
                                        NULL::numeric[]) AS empty_arrays;
-- a NULL row leaves the state as it is
SELECT pricemath_internal.vec_sum_accum(s, NULL::numeric[])::text = s::text AS null_row_kept FROM vs;
-- 2-D rows, NaN and infinities are refused as the aggregates refuse them
SELECT pg_temp.err($$SELECT pricemath_internal.vec_sum_accum(NULL, '{{1,2},{3,4}}'::numeric[])$$) AS two_d;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_sum_accum(NULL, '{1, NaN}'::numeric[])$$) AS nan;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_max_accum(NULL, '{1, -Infinity}'::float8[])$$) AS minus_infinity;

-- A state that is not the transition's own (a stored or constant value) is
-- copied, never changed in place: each row adds to the same stored state.
SELECT v.a, pricemath_internal.vec_sum_final(pricemath_internal.vec_sum_accum(vs.s, v.a), NULL::numeric[]) AS sum
FROM vs, (VALUES ('[0:2]={1, 1, 1}'::numeric[]), ('[0:2]={2, 2, 2}')) v(a) ORDER BY v.a;
SELECT pricemath_internal.vec_sum_final(s, NULL::numeric[]) AS stored_state_unchanged FROM vs;

-- combine: two states add up to the aggregate over both sets of rows;
-- states of different lengths or of different aggregates do not combine
SELECT pricemath_internal.vec_sum_final(pricemath_internal.vec_combine(
         pricemath_internal.vec_sum_accum(NULL, '{1.5, 2}'::numeric[]),
         pricemath_internal.vec_sum_accum(NULL, '{2.25, NULL}'::numeric[])), NULL::numeric[]) AS combined,
       pricemath.vec_sum(a) AS aggregate
FROM (VALUES ('{1.5, 2}'::numeric[]), ('{2.25, NULL}')) v(a);
SELECT pg_temp.err($$SELECT pricemath_internal.vec_combine(pricemath_internal.vec_sum_accum(NULL, '{1, 2}'::numeric[]),
                                                           pricemath_internal.vec_sum_accum(NULL, '{1, 2, 3}'::numeric[]))$$)
       AS mismatched_lengths;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_combine(pricemath_internal.vec_sum_accum(NULL, '{1}'::numeric[]),
                                                           pricemath_internal.vec_min_accum(NULL, '{1}'::numeric[]))$$)
       AS sum_with_min;

-- A state of another aggregate is refused: the final functions know their
-- aggregate and flavour, so a float8 state never becomes a numeric result.
SELECT pg_temp.err($$SELECT pricemath_internal.vec_sum_final(pricemath_internal.vec_sum_accum(NULL, '{1}'::float8[]),
                                                             NULL::numeric[])$$) AS float8_state_numeric_final;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_avg_final(pricemath_internal.vec_min_accum(NULL, '{1}'::numeric[]),
                                                             NULL::numeric[])$$) AS min_state_avg_final;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_max_final(pricemath_internal.vec_sum_accum(NULL, '{1}'::float8[]),
                                                             NULL::float8[])$$) AS sum_state_max_final;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_sum_accum(pricemath_internal.vec_sum_accum(NULL, '{1}'::float8[]),
                                                             '{1}'::numeric[])$$) AS float8_state_numeric_row;
SELECT pg_temp.err($$SELECT pricemath_internal.vec_sum_inv(pricemath_internal.vec_sum_accum(NULL, '{1}'::numeric[]),
                                                           '{1, 2}'::numeric[])$$) AS inverse_of_a_row_never_added;

-- Corrupt bytes, through the text form and through receive: each case
-- patches one field of a valid state (offsets after the tag and version
-- bytes: kind 2, length 6, lower bound 10, rows 14, rows at the lower bound
-- 22; a numeric sum position from 30: kind 30, coefficient 31, scale 47,
-- largest scale 51, its count 55, the count 63; a numeric value's length
-- 31, its numeric_send form from 35, sign 39, dscale 41, first group 43).
CREATE TEMP TABLE good AS
SELECT pricemath.vec_state_send(pricemath_internal.vec_sum_accum(NULL, '{1.50}'::numeric[])) AS b,
       pricemath.vec_state_send(pricemath_internal.vec_min_accum(NULL, '{1.5}'::float8[])) AS f,
       pricemath.vec_state_send(pricemath_internal.vec_sum_accum(NULL, '{1e40}'::numeric[])) AS big;
SELECT b AS valid_state, f AS valid_float8_min FROM good;
CREATE FUNCTION pg_temp.patch(b bytea, off int, x bytea) RETURNS bytea LANGUAGE sql AS $f$
  SELECT overlay(b placing x from off + 1)
$f$;
CREATE TEMP TABLE bad_vec AS
SELECT * FROM good, LATERAL (VALUES
  (1, 'empty', ''::bytea),
  (2, 'tag only', '\x76'::bytea),
  (3, 'tag of index_state', pg_temp.patch(b, 0, '\x69')),
  (4, 'format version 2', pg_temp.patch(b, 1, '\x02')),
  (5, 'unknown kind', pg_temp.patch(b, 2, '\x00000063')),
  (6, 'length beyond the bytes', pg_temp.patch(b, 6, '\x7fffffff')),
  (7, 'negative length', pg_temp.patch(b, 6, '\xffffffff')),
  (8, 'last subscript overflows', pg_temp.patch(pg_temp.patch(b, 10, '\x7fffffff'), 6, '\x00000002')
      || substring(b from 31)),
  (9, 'negative rows', pg_temp.patch(b, 14, '\xffffffffffffffff')),
  (10, 'more rows at the lower bound than rows', pg_temp.patch(b, 22, '\x0000000000000002')),
  (11, 'value kind 2', pg_temp.patch(b, 30, '\x02')),
  (12, 'scale beyond numeric', pg_temp.patch(pg_temp.patch(b, 47, '\x00010000'), 51, '\x00010000')),
  (13, 'scale not the largest scale', pg_temp.patch(b, 47, '\x00000003')),
  (14, 'count beyond the rows', pg_temp.patch(pg_temp.patch(b, 55, '\x0000000000000002'), 63, '\x0000000000000002')),
  (15, 'empty sum with a value', pg_temp.patch(pg_temp.patch(pg_temp.patch(b, 55, '\x0000000000000000'),
                                   63, '\x0000000000000000'), 51, '\x00000000')),
  (16, 'truncated', substring(b from 1 for length(b) - 1)),
  (17, 'trailing byte', b || '\x00'::bytea),
  (18, 'float8 minimum NaN', pg_temp.patch(f, 30, '\x7ff8000000000000')),
  (19, 'float8 minimum infinite', pg_temp.patch(f, 30, '\x7ff0000000000000')),
  (20, 'numeric sum NaN', pg_temp.patch(big, 39, '\xc000')),
  (21, 'numeric sum of wrong length', pg_temp.patch(big, 31, '\x00000009')),
  (22, 'numeric sum of unknown sign', pg_temp.patch(big, 39, '\x1234')),
  (23, 'numeric sum display scale beyond 14 bits', pg_temp.patch(big, 41, '\x4000')),
  (24, 'numeric sum digit beyond base 10000', pg_temp.patch(big, 43, '\x2710')),
  (25, 'numeric sum with a zero group', pg_temp.patch(big, 43, '\x0000'))
) v(ord, name, bytes);
SELECT ord, name,
       pg_temp.err(format('SELECT %L::pricemath.vec_state', pg_temp.b64(bytes))) AS text_input,
       pg_temp.err(format('SELECT pg_temp.recv(%L, %L)', bytes, 'recv_vec')) AS binary_input
FROM bad_vec ORDER BY ord;
SELECT pg_temp.err($$SELECT 'not base64!'::pricemath.vec_state$$) AS not_base64;

-- ---- index_state ----

CREATE TEMP TABLE ix AS
SELECT 'laspeyres numeric' AS kind,
       pricemath_internal.laspeyres_accum(pricemath_internal.laspeyres_accum(NULL, 10.00, 11.00, 3::numeric),
                                          2.50, 2.45, 1e40) AS s
UNION ALL SELECT 'laspeyres float8', pricemath_internal.laspeyres_accum(NULL, 10.0::float8, 11.0, 3.0)
UNION ALL SELECT 'tornqvist numeric', pricemath_internal.tornqvist_accum(NULL, 10.00, 11.00, 3::numeric, 4::numeric)
UNION ALL SELECT 'weighted_avg numeric', pricemath_internal.weighted_avg_accum(NULL, 9.99, 2.5::numeric)
UNION ALL SELECT 'weighted_avg integer', pricemath_internal.weighted_avg_accum(NULL, 7::int4, 3::int4)
UNION ALL SELECT 'jevons float8', pricemath_internal.jevons_accum(NULL, 2.0::float8, 3.0);
SELECT kind, s::text::pricemath.index_state::text = s::text AS text_round_trip,
       pg_temp.recv(pricemath.index_state_send(s), 'recv_idx') = s::text AS binary_round_trip
FROM ix ORDER BY kind COLLATE "C";
SELECT pricemath_internal.laspeyres_final(s::text::pricemath.index_state) AS laspeyres,
       (SELECT pricemath.laspeyres(p0, p1, q0)
        FROM (VALUES (10.00, 11.00, 3::numeric), (2.50, 2.45, 1e40)) v(p0, p1, q0)) AS aggregate
FROM ix WHERE kind = 'laspeyres numeric';
SELECT pricemath_internal.weighted_avg_final(s::text::pricemath.index_state, NULL::numeric, NULL::numeric) AS wavg
FROM ix WHERE kind = 'weighted_avg numeric';
-- NULL state, NULL argument
SELECT pricemath_internal.laspeyres_final(NULL) IS NULL AS null_final,
       pricemath_internal.laspeyres_final(pricemath_internal.laspeyres_accum(NULL, NULL::numeric, 1, 1)) IS NULL
         AS no_rows_null;
-- states of other aggregates, or of the other flavour, are refused
SELECT pg_temp.err($$SELECT pricemath_internal.laspeyres_final(pricemath_internal.jevons_accum(NULL, 2.0::float8, 3.0))$$)
       AS jevons_state_laspeyres_final;
SELECT pg_temp.err($$SELECT pricemath_internal.weighted_avg_final(
                       pricemath_internal.weighted_avg_accum(NULL, 1.5::float8, 2.0), NULL::numeric, NULL::numeric)$$)
       AS float8_state_numeric_final;
SELECT pg_temp.err($$SELECT pricemath_internal.laspeyres_accum(pricemath_internal.laspeyres_accum(NULL, 1.0::float8, 1.0, 1.0),
                                                               1.0, 1.0, 1::numeric)$$) AS float8_state_numeric_row;
SELECT pg_temp.err($$SELECT pricemath_internal.idx_combine(pricemath_internal.laspeyres_accum(NULL, 1.0, 1.0, 1::numeric),
                                                           pricemath_internal.paasche_accum(NULL, 1.0, 1.0, 1::numeric))$$)
       AS laspeyres_with_paasche;
-- corrupt bytes (offsets after the tag and version: kind 2, flavour 6,
-- rows 7; the first exact sum from 15, its count from 48)
CREATE TEMP TABLE good_idx AS
SELECT pricemath.index_state_send(pricemath_internal.laspeyres_accum(NULL, 1.00, 1.10, 2::numeric)) AS b,
       pricemath.index_state_send(pricemath_internal.jevons_accum(NULL, 1.00, 1.10)) AS j;
SELECT b AS valid_state FROM good_idx;
CREATE TEMP TABLE bad_idx AS
SELECT * FROM good_idx, LATERAL (VALUES
  (1, 'tag of vec_state', pg_temp.patch(b, 0, '\x76')),
  (2, 'unknown kind', pg_temp.patch(b, 2, '\x00000000')),
  (3, 'flavour 2', pg_temp.patch(b, 6, '\x02')),
  (4, 'negative rows', pg_temp.patch(b, 7, '\xffffffffffffffff')),
  (5, 'sum count is not the row count', pg_temp.patch(b, 7, '\x0000000000000002')),
  (6, 'accumulator not normalized', pg_temp.patch(j, 15, '\x7fffffffffffffff')),
  (7, 'truncated', substring(b from 1 for length(b) - 1))
) v(ord, name, bytes);
SELECT ord, name,
       pg_temp.err(format('SELECT %L::pricemath.index_state', pg_temp.b64(bytes))) AS text_input,
       pg_temp.err(format('SELECT pg_temp.recv(%L, %L)', bytes, 'recv_idx')) AS binary_input
FROM bad_idx ORDER BY ord;

-- ---- states in plans ----

-- PL/pgSQL: a state variable that each step passes to the transition
-- function gives the aggregate's answer
CREATE FUNCTION pg_temp.loop_sum(n int) RETURNS numeric[] LANGUAGE plpgsql AS $f$
DECLARE s pricemath.vec_state;
BEGIN
  FOR i IN 1..n LOOP
    s := pricemath_internal.vec_sum_accum(s, ARRAY[i * 0.01, i]::numeric[]);
  END LOOP;
  RETURN pricemath_internal.vec_sum_final(s, NULL::numeric[]);
END $f$;
SELECT pg_temp.loop_sum(1000) AS plpgsql_loop,
       (SELECT pricemath.vec_sum(ARRAY[i * 0.01, i]::numeric[]) FROM generate_series(1, 1000) i) AS aggregate;

-- Hash aggregation with many groups and too little memory (it spills) keeps
-- one state per group in memory and gives what sorted aggregation gives.
CREATE TEMP TABLE many AS
SELECT i % 5000 AS g, ARRAY[(i % 97) * 0.01, i % 13]::numeric[] AS a, (i % 89) * 0.1 AS p, (1 + i % 7)::numeric AS q
FROM generate_series(1, 40000) i;
ANALYZE many;
SET work_mem = '64kB';
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT g, pricemath.vec_sum(a), pricemath.weighted_avg(p, q) FROM many GROUP BY g;
CREATE FUNCTION pg_temp.spills(q text) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
    IF line ~ 'Batches: ([2-9]|[1-9][0-9]+)' THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $f$;
SELECT pg_temp.spills('SELECT g, pricemath.vec_sum(a), pricemath.weighted_avg(p, q) FROM many GROUP BY g') AS spills;
CREATE TEMP TABLE hashed AS SELECT g, pricemath.vec_sum(a) AS s, pricemath.weighted_avg(p, q) AS w FROM many GROUP BY g;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TEMP TABLE sorted AS SELECT g, pricemath.vec_sum(a) AS s, pricemath.weighted_avg(p, q) AS w FROM many GROUP BY g;
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS groups, count(*) FILTER (WHERE h.s::text = s.s::text AND h.w::text = s.w::text) AS same
FROM hashed h JOIN sorted s USING (g);

-- ---- hostile bytes ----

-- Valid states with random bytes overwritten (a fixed seed: the same cases
-- every run).  Every mutant must either be refused with 22P03 or read back
-- as a state that the final function accepts and that writes itself out
-- again unchanged; none may crash the server.
CREATE FUNCTION pg_temp.mutants(n int) RETURNS TABLE (family text, outcome text, cases bigint) LANGUAGE plpgsql AS $f$
DECLARE
  seeds bytea[];
  fams text[];
  b bytea;
  f text;
  k int;
  st text;
  res text;
  tally jsonb := '{}';
BEGIN
  PERFORM setseed(0.25);
  SELECT array_agg(s ORDER BY o), array_agg(fam ORDER BY o) INTO seeds, fams FROM (VALUES
    (1, 'vec', pricemath.vec_state_send(pricemath_internal.vec_sum_accum(pricemath_internal.vec_sum_accum(NULL,
        '{1.50, NULL, 1e40}'::numeric[]), '{2, 3.125, -1}'::numeric[]))),
    (2, 'vec', pricemath.vec_state_send(pricemath_internal.vec_max_accum(NULL, '{1.50, 1e40}'::numeric[]))),
    (3, 'vec', pricemath.vec_state_send(pricemath_internal.vec_sum_accum(NULL, '{0.5, NULL}'::float8[]))),
    (4, 'idx', pricemath.index_state_send(pricemath_internal.laspeyres_accum(NULL, 1.00, 1.10, 2::numeric))),
    (5, 'idx', pricemath.index_state_send(pricemath_internal.tornqvist_accum(NULL, 1.00, 1.10, 2::numeric, 3::numeric))),
    (6, 'idx', pricemath.index_state_send(pricemath_internal.weighted_avg_accum(NULL, 1.5::float8, 2.0)))) v(o, fam, s);
  FOR i IN 1..n LOOP
    k := 1 + (i % array_length(seeds, 1));
    b := seeds[k];
    f := fams[k];
    -- one to three bytes replaced, after the tag and version bytes
    FOR j IN 1..1 + floor(random() * 3)::int LOOP
      b := overlay(b placing decode(lpad(to_hex(floor(random() * 256)::int), 2, '0'), 'hex')
                   from 3 + floor(random() * (length(b) - 2))::int);
    END LOOP;
    BEGIN
      IF f = 'vec' THEN
        res := translate(encode(b, 'base64'), E'\n', '')::pricemath.vec_state::text;
        st := CASE WHEN res::pricemath.vec_state::text = res THEN 'read back, same text' ELSE 'read back, text differs' END;
        BEGIN
          PERFORM CASE k WHEN 1 THEN pricemath_internal.vec_sum_final(res::pricemath.vec_state, NULL::numeric[])::text
                         WHEN 2 THEN pricemath_internal.vec_max_final(res::pricemath.vec_state, NULL::numeric[])::text
                         ELSE pricemath_internal.vec_sum_final(res::pricemath.vec_state, NULL::float8[])::text END;
        EXCEPTION WHEN OTHERS THEN
          st := st || ', final ' || SQLSTATE;
        END;
      ELSE
        res := translate(encode(b, 'base64'), E'\n', '')::pricemath.index_state::text;
        st := CASE WHEN res::pricemath.index_state::text = res THEN 'read back, same text' ELSE 'read back, text differs' END;
        BEGIN
          PERFORM CASE k WHEN 4 THEN pricemath_internal.laspeyres_final(res::pricemath.index_state)::text
                         WHEN 5 THEN pricemath_internal.tornqvist_final(res::pricemath.index_state)::text
                         ELSE pricemath_internal.weighted_avg_final(res::pricemath.index_state,
                                                                    NULL::float8, NULL::float8)::text END;
        EXCEPTION WHEN OTHERS THEN
          st := st || ', final ' || SQLSTATE;
        END;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      st := 'refused ' || SQLSTATE;
    END;
    tally := jsonb_set(tally, ARRAY[f || '|' || st], to_jsonb(coalesce((tally ->> (f || '|' || st))::int, 0) + 1));
  END LOOP;
  RETURN QUERY SELECT split_part(key, '|', 1), split_part(key, '|', 2), value::bigint FROM jsonb_each_text(tally);
END $f$;
-- refused: only 22P03; read back: the same text again.  A final function
-- may still refuse what it reads: 22003 for sums whose result is out of
-- range, 22023 where the mutant's kind byte names another aggregate.
SELECT family, outcome, cases FROM pg_temp.mutants(3000) ORDER BY family COLLATE "C", outcome COLLATE "C";

-- ---- combine, in plans that really combine ----

-- force_parallel_mode runs a whole aggregate in one worker, so it never
-- combines.  Partitionwise aggregation does, deterministically: each
-- partition's rows become a partial state, and the states of a group are
-- combined.  A parallel plan with two workers and no leader does too.  Every
-- aggregate gives the same text in all three plans (the float8 values are
-- multiples of 1/4, so their compensated sums are exact in any order).  The
-- table is not temporary: parallel workers cannot read temporary tables.
CREATE TABLE agg_states_pt (id int, g int, a numeric[], f float8[], p0 numeric, p1 numeric, q0 numeric, q1 numeric,
                      i0 int4, i1 int4, iq int4) PARTITION BY RANGE (id);
CREATE TABLE agg_states_pt1 PARTITION OF agg_states_pt FOR VALUES FROM (0) TO (1000);
CREATE TABLE agg_states_pt2 PARTITION OF agg_states_pt FOR VALUES FROM (1000) TO (2000);
CREATE TABLE agg_states_pt3 PARTITION OF agg_states_pt FOR VALUES FROM (2000) TO (3000);
INSERT INTO agg_states_pt
SELECT i, i % 3,
       CASE WHEN i % 17 = 0 THEN NULL
            ELSE ARRAY[round(i * 0.37, i % 3), CASE WHEN i % 5 = 0 THEN NULL ELSE -i * 0.01 END,
                       CASE WHEN i = 1500 THEN 1e40 ELSE i % 7 END] END,
       CASE WHEN i % 19 = 0 THEN NULL
            ELSE ARRAY[(i % 40) * 0.25, CASE WHEN i % 6 = 0 THEN NULL ELSE -(i % 9) * 0.5 END, i % 3]::float8[] END,
       1 + (i % 50) * 0.1, 1 + (i % 30) * 0.05, CASE WHEN i % 23 = 0 THEN NULL ELSE i % 11 END, i % 13,
       1 + i % 9, 1 + i % 7, i % 5
FROM generate_series(0, 2999) i;
ANALYZE agg_states_pt;
CREATE FUNCTION pg_temp.plan_has(q text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF line ~ pattern THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $f$;
CREATE TEMP VIEW every_aggregate AS
SELECT g,
       concat_ws(' | ', pricemath.vec_sum(a), pricemath.vec_avg(a), pricemath.vec_min(a), pricemath.vec_max(a),
                 pricemath.vec_sum(f), pricemath.vec_avg(f), pricemath.vec_min(f), pricemath.vec_max(f),
                 pricemath.weighted_avg(p1, q0), pricemath.weighted_avg(p1::float8, q0::float8),
                 pricemath.weighted_avg(i0, iq), pricemath.laspeyres(p0, p1, q0), pricemath.paasche(p0, p1, q1),
                 pricemath.fisher(p0, p1, q0, q1), pricemath.tornqvist(p0, p1, q0, q1), pricemath.jevons(p0, p1),
                 pricemath.dutot(p0, p1), pricemath.carli(p0, p1), pricemath.laspeyres(i0, i1, iq),
                 pricemath.dutot(p0::float8, p1::float8)) AS answers
FROM agg_states_pt GROUP BY g;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_answers AS SELECT * FROM every_aggregate;
SET enable_partitionwise_aggregate = on;
SELECT pg_temp.plan_has('SELECT * FROM every_aggregate', 'Partial (Hash|Group)Aggregate')
       AND pg_temp.plan_has('SELECT * FROM every_aggregate', 'Finalize') AS partitionwise_plan_combines;
CREATE TEMP TABLE partitionwise_answers AS SELECT * FROM every_aggregate;
RESET enable_partitionwise_aggregate;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT pg_temp.plan_has('SELECT * FROM every_aggregate', 'Partial (Hash|Group)Aggregate')
       AND pg_temp.plan_has('SELECT * FROM every_aggregate', 'Gather') AS parallel_plan_combines;
CREATE TEMP TABLE parallel_answers AS SELECT * FROM every_aggregate;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT s.g, s.answers,
       s.answers = w.answers AS partitionwise_same, s.answers = p.answers AS parallel_same
FROM serial_answers s JOIN partitionwise_answers w USING (g) JOIN parallel_answers p USING (g) ORDER BY s.g;
DROP VIEW every_aggregate;
DROP TABLE agg_states_pt;
