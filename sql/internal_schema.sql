-- psql hygiene: the aggregates' support functions and round's planner
-- support function live in pricemath_internal, so \df pricemath.* lists what
-- a user calls.  A role without USAGE on pricemath_internal still uses every
-- aggregate (serial, parallel with partial states, as a moving window) and
-- gets the planner's fused mul_round; it just cannot call a support function
-- by name.
\set VERBOSITY terse

-- No support function is left in pricemath; everything in pricemath_internal
-- is one.  Names as \df pricemath.* would show them: none of the support
-- suffixes.
SELECT count(*) AS support_functions_in_pricemath
FROM pg_proc p
WHERE p.pronamespace = 'pricemath'::regnamespace
  AND (p.proname ~ '_(accum|inv|final|combine|serialize|deserialize|support)$'
       OR EXISTS (SELECT FROM pg_aggregate a
                  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                  a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
       OR EXISTS (SELECT FROM pg_proc s WHERE s.prosupport = p.oid));
SELECT p.proname, count(*) AS overloads
FROM pg_proc p WHERE p.pronamespace = 'pricemath_internal'::regnamespace
GROUP BY p.proname ORDER BY p.proname COLLATE "C";
-- every aggregate of pricemath finds its support functions there
SELECT count(*) AS aggregates,
       count(*) FILTER (WHERE a.aggtransfn::regproc::text LIKE 'pricemath\_internal.%'
                          AND a.aggcombinefn::regproc::text LIKE 'pricemath\_internal.%') AS supported_from_internal
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'pricemath'::regnamespace;
SELECT p.oid::regprocedure AS supported, p.prosupport
FROM pg_proc p WHERE p.pronamespace = 'pricemath'::regnamespace AND p.prosupport <> 0
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- An unprivileged role with USAGE on pricemath only.
CREATE ROLE regress_pricemath_plain NOLOGIN;
GRANT USAGE ON SCHEMA pricemath TO regress_pricemath_plain;
CREATE TABLE internal_rows (id int, g int, p0 numeric, p1 numeric, q numeric, a numeric[], f float8[]);
INSERT INTO internal_rows
SELECT i, i % 3, 1 + i % 7, 1 + i % 5, 1 + i % 4, ARRAY[i % 10, i * 0.01], ARRAY[i * 0.5, 1]
FROM generate_series(1, 3000) i;
ANALYZE internal_rows;
GRANT SELECT ON internal_rows TO regress_pricemath_plain;
SELECT has_schema_privilege('regress_pricemath_plain', 'pricemath_internal', 'USAGE') AS plain_has_usage;

-- the answers as the owner, then the same as the plain role
CREATE TEMP TABLE internal_answers AS
SELECT pricemath.vec_sum(a) AS vec_sum, pricemath.vec_avg(a) AS vec_avg, pricemath.vec_min(f) AS vec_min,
       pricemath.weighted_avg(p1, q) AS wavg, pricemath.laspeyres(p0, p1, q) AS laspeyres,
       pricemath.carli(p0, p1) AS carli, pricemath.tornqvist(p0, p1, q, q) AS tornqvist
FROM internal_rows;
GRANT SELECT ON internal_answers TO regress_pricemath_plain;
SET ROLE regress_pricemath_plain;
SELECT (pricemath.vec_sum(a), pricemath.vec_avg(a), pricemath.vec_min(f), pricemath.weighted_avg(p1, q),
        pricemath.laspeyres(p0, p1, q), pricemath.carli(p0, p1), pricemath.tornqvist(p0, p1, q, q))
       IS NOT DISTINCT FROM (SELECT (vec_sum, vec_avg, vec_min, wavg, laspeyres, carli, tornqvist) FROM internal_answers)
       AS serial_same
FROM internal_rows;
-- a parallel plan: partial states are serialized, sent and combined
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT pricemath.vec_sum(a), pricemath.laspeyres(p0, p1, q) FROM internal_rows;
SELECT (pricemath.vec_sum(a), pricemath.laspeyres(p0, p1, q), pricemath.weighted_avg(p1, q))
       IS NOT DISTINCT FROM (SELECT (vec_sum, laspeyres, wavg) FROM internal_answers) AS parallel_same
FROM internal_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- a moving window frame uses the inverse transition function: the sum of a
-- row and the one before it
SELECT id, a, pricemath.vec_sum(a) OVER w AS moving, pricemath.weighted_avg(p1, q) OVER w AS moving_wavg
FROM internal_rows
WHERE id <= 4
WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY id;
-- the planner support function fuses round(mul(...)) into mul_round
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pricemath.round(pricemath.mul(a, 1.5), 2, 'half_up') FROM internal_rows;
SELECT pricemath.round(pricemath.mul('{1.005, 2.5}'::numeric[], 1.5), 2, 'half_up') AS fused;
-- and the float8 one into pricemath_internal.mul_round, which runs without
-- USAGE on its schema
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pricemath.round(pricemath.mul(f, 1.0725::float8), 2) FROM internal_rows;
SELECT pricemath.round(pricemath.mul(f, 1.0725::float8), 2) AS fused FROM internal_rows WHERE id <= 2 ORDER BY id;
-- (by name it needs USAGE, as a support function does)
SELECT pricemath_internal.mul_round('{1.5}'::float8[], 2::float8, 2, 'half_up') AS by_name;
-- a support function cannot be called by name (nor with an internal argument)
SELECT pricemath_internal.idx_serialize(NULL);
RESET ROLE;
SELECT pricemath_internal.idx_serialize(NULL);


-- A view's reader needs no USAGE on the schemas of the functions the view
-- calls, as with core PostgreSQL.  The planner support functions find the
-- forms they plan calls as by catalog, not by name: by name, the reader's
-- missing USAGE on pricemath failed the plan of the integer overloads and of
-- the fused round(mul()) ("permission denied for schema pricemath").
CREATE ROLE regress_pricemath_viewer NOLOGIN;
CREATE VIEW internal_view AS
SELECT id, pricemath.add(a, id) AS add_int, pricemath.mul(a, 2::smallint) AS mul_int2,
       pricemath.round(pricemath.mul(a, 1.5), 2, 'half_up') AS fused_numeric,
       pricemath.round(pricemath.mul(f, 1.0725::float8), 2) AS fused_float8
FROM internal_rows WHERE id <= 2;
GRANT SELECT ON internal_view TO regress_pricemath_viewer;
SET ROLE regress_pricemath_viewer;
SELECT has_schema_privilege('pricemath', 'USAGE') AS has_usage_pricemath,
       has_schema_privilege('pricemath_internal', 'USAGE') AS has_usage_internal;
SELECT * FROM internal_view ORDER BY id;
RESET ROLE;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM internal_view;
DROP VIEW internal_view;
DROP ROLE regress_pricemath_viewer;

DROP TABLE internal_rows, internal_answers;
REVOKE USAGE ON SCHEMA pricemath FROM regress_pricemath_plain;
DROP ROLE regress_pricemath_plain;
