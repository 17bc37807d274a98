-- The database test/pg/sqlsmith fuzzes: pricemath, tables of awkward price
-- arrays and scalars, a few jobs, and an unprivileged role whose catalog view
-- shows sqlsmith mostly pricemath's functions.  Run as a superuser on a
-- throwaway cluster.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pricemath;

CREATE ROLE smith_fuzzer LOGIN;
CREATE SCHEMA smith;

-- Arrays: NULL rows, NULL elements, NaN, the infinities, 1000-digit numerics,
-- '{}', 2-D arrays, lower bounds other than 1, a long array, and plain ones.
CREATE TABLE smith.arrays (id int PRIMARY KEY, a numeric[], b numeric[], f float8[], g float8[]);
INSERT INTO smith.arrays VALUES
  (1, NULL, NULL, NULL, NULL),
  (2, '{}', '{}', '{}', '{}'),
  (3, '{NULL}', '{1,NULL,3}', '{NULL}', '{1,NULL,3}'),
  (4, '{NaN}', '{1.5,NaN}', '{NaN}', '{1.5,NaN}'),
  (5, '{Infinity,-Infinity}', '{1,Infinity}', '{Infinity,-Infinity}', '{-Infinity,2}'),
  (6, ARRAY[repeat('9', 1000)::numeric], ARRAY[('0.' || repeat('0', 998) || '1')::numeric],
      '{1e308,1.7976931348623157e308}', '{5e-324,2.2250738585072014e-308}'),
  (7, '{{1.10,2.20},{3.30,4.40}}', '{{1,2},{3,4}}', '{{1.5,2.5},{3.5,4.5}}', '{{1,2},{3,4}}'),
  (8, '[0:2]={1.25,2.50,3.75}', '[-5:-3]={2,4,8}', '[0:2]={1.25,2.5,3.75}', '[-5:-3]={2,4,8}'),
  (9, '{19.99,5.00,0.01}', '{0.35,0.10,0.25}', '{19.99,5.0,0.01}', '{0.35,0.1,0.25}'),
  (10, '{0,-0.00,-19.99}', '{0,0,0}', '{0,-0,-19.99}', '{0,0,0}'),
  (11, '{170141183460469231731687303715884105727,-170141183460469231731687303715884105728}',
       '{99999999999999999999.999999999999999999,0.000000000000000000000000000001}',
       '{9007199254740993,-9007199254740993}', '{1e-300,1e300}'),
  (12, '{1,2}', '{1,2,3}', '{1,2}', '{1,2,3}'),
  (13, (SELECT array_agg(i * 0.01) FROM generate_series(1, 5000) i),
       (SELECT array_agg(i) FROM generate_series(1, 5000) i),
       (SELECT array_agg(i * 0.01::float8) FROM generate_series(1, 5000) i),
       (SELECT array_agg(i::float8) FROM generate_series(1, 5000) i)),
  (14, '{{{1}}}', '{{NULL,1},{2,NaN}}', '{{{1}}}', '{{NULL,1},{2,NaN}}'),
  (15, '{1.005,2.675,-0.5,0.5}', '{3,1,4,1}', '{1.005,2.675,-0.5,0.5}', '{3,1,4,1}');

-- Scalars of every argument type pricemath takes, so aggregates and indices
-- get arguments: places, modes, currency codes, rates, quantities.
CREATE TABLE smith.scalars (id int PRIMARY KEY, x numeric, y numeric, d float8, e float8,
  n int, i2 smallint, i8 bigint, mode text, code text, ok boolean);
INSERT INTO smith.scalars VALUES
  (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, 'NaN', 0, 'NaN', 0, 2, 0, 0, 'half_up', 'EUR', true),
  (3, 'Infinity', '-Infinity', 'Infinity', '-Infinity', -1, -32768, -9223372036854775808, 'half_even', 'JPY', false),
  (4, repeat('9', 1000)::numeric, ('-0.' || repeat('0', 998) || '1')::numeric, 1e308, 5e-324, 1000, 32767,
      9223372036854775807, 'unnecessary', 'XXX', true),
  (5, 19.99, 0.35, 19.99, 0.35, 0, 1, 100, 'down', 'usd', true),
  (6, -1, 1.0831, -1, 1.0831, 1001, 2, 2, 'up', 'KWD', false),
  (7, 0.99, 100, 0.99, 100, -1001, 10, 3, 'floor', 'BHD', true),
  (8, 0, 0, -0, 0, 4, 3, 1, 'ceiling', '', false),
  (9, 1e-30, 1e30, 1e-30, 1e30, 30, 4, 5, 'half_down', 'CLF', true),
  (10, 2.675, 0.25, 2.675, 0.25, 2147483647, 5, 7, 'nearest', 'EURO', true),
  (11, 5, 1, 5, 1, -2147483648, 6, 8, 'graduated', 'GBP', true),
  (12, 170141183460469231731687303715884105727, 3, 1.5, 3, 3, 7, 9, 'volume', 'CHF', false),
  (13, 1.5, 2, 1.5, 2, 1, 8, 10, 'inward', 'EUR', true),
  (14, 10, 4, 10, 4, 2, 9, 11, repeat('x', 1000), 'USD', true),
  (15, 100, 200, 100, 200, 2, 11, 12, 'HALF_UP', 'eur', NULL);

-- Clean prices over a few groups, for aggregates and window functions that
-- get to their end: positive, three to a row, no NULL element; a few pages,
-- so that TABLESAMPLE SYSTEM finds rows.
CREATE TABLE smith.clean (id int PRIMARY KEY, grp int, p0 numeric, p1 numeric, q0 numeric, q1 numeric,
  f0 float8, f1 float8, i0 bigint, i1 bigint, prices numeric[], fprices float8[]);
INSERT INTO smith.clean
SELECT i, i % 4, round(1 + (i * 7919 % 1000) / 10.0, 2), round(1 + (i * 104729 % 1000) / 10.0, 2),
       1 + i % 13, 1 + (i * 31) % 17, (1 + (i * 7919 % 1000) / 10.0)::float8, (1 + (i * 104729 % 1000) / 10.0)::float8,
       i % 50 + 1, i % 37 + 1,
       ARRAY[round(i / 3.0, 2), 1 + i % 7, round(i * 0.37, 3)],
       ARRAY[i / 3.0, 1 + i % 7, i * 0.37]::float8[]
FROM generate_series(1, 400) i;

-- The same with awkward rows mixed in: aggregates over it mostly fail.
CREATE TABLE smith.sales (id int PRIMARY KEY, grp int, p0 numeric, p1 numeric, q0 numeric, q1 numeric,
  f0 float8, f1 float8, i0 bigint, i1 bigint, prices numeric[], fprices float8[]);
INSERT INTO smith.sales
SELECT i, i % 4, round(1 + (i * 7919 % 1000) / 10.0, 2), round(1 + (i * 104729 % 1000) / 10.0, 2),
       i % 13, (i * 31) % 17, (1 + (i * 7919 % 1000) / 10.0)::float8, (1 + (i * 104729 % 1000) / 10.0)::float8,
       i % 50 + 1, i % 37 + 1,
       (ARRAY[round(i / 3.0, 2), i % 7, NULL])[1:(2 + i % 2)],
       ARRAY[i / 3.0, i % 7]::float8[]
FROM generate_series(1, 60) i;
INSERT INTO smith.sales VALUES
  (61, 0, 'NaN', 1, 1, 1, 'NaN', 1, 1, 1, '{NaN}', '{NaN}'),
  (62, 1, 0, 0, 0, 0, 0, 0, 0, 0, '{}', '{}'),
  (63, 2, -5, 5, -1, 1, -5, 5, -1, 1, '{{1,2},{3,4}}', '{{1,2},{3,4}}'),
  (64, 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (65, 3, repeat('9', 1000)::numeric, 1, 1, 1, 1e308, 1e308, 9223372036854775807, 9223372036854775807,
      ARRAY[repeat('9', 1000)::numeric], '{1e308}');

-- Aggregate states, made by the support functions as an aggregate would.
CREATE TABLE smith.states (id int PRIMARY KEY, vs pricemath.vec_state, ix pricemath.index_state);
INSERT INTO smith.states VALUES (1, NULL, NULL);
DO $$
DECLARE
  f record;
  i int := 1;
BEGIN
  FOR f IN
    SELECT a.aggtransfn, a.aggtranstype::regtype::text AS st, ARRAY(SELECT t::regtype::text FROM unnest(p.proargtypes) t) AS args
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
    WHERE p.pronamespace = 'pricemath'::regnamespace
      AND a.aggtranstype IN ('pricemath.vec_state'::regtype, 'pricemath.index_state'::regtype)
    ORDER BY p.oid
  LOOP
    i := i + 1;
    IF f.st = 'pricemath.vec_state' THEN
      EXECUTE format('INSERT INTO smith.states VALUES (%s, %s(%s(NULL, %L::%s), %L::%s), NULL)',
                     i, f.aggtransfn, f.aggtransfn, '{1.25,2}', f.args[1], '{3,4}', f.args[1]);
    ELSE
      EXECUTE format('INSERT INTO smith.states VALUES (%s, NULL, %s(NULL, %s))', i, f.aggtransfn,
                     (SELECT string_agg(format('%L::%s', (2 + k)::text, t), ', ')
                      FROM unnest(f.args) WITH ORDINALITY u(t, k)));
    END IF;
  END LOOP;
END
$$;

GRANT USAGE ON SCHEMA smith, pricemath, pricemath_internal TO smith_fuzzer;
GRANT SELECT ON ALL TABLES IN SCHEMA smith TO smith_fuzzer;

-- A few jobs owned by the fuzzer (it sees them through row-level security);
-- none is scheduled.
CREATE TABLE smith.catalog (sku text PRIMARY KEY, cost numeric(12,2), price numeric(12,2));
INSERT INTO smith.catalog SELECT 'P' || i, i * 1.5, i * 2 FROM generate_series(1, 20) i;
GRANT SELECT ON smith.catalog TO smith_fuzzer;
INSERT INTO pricemath.job (name, description, owner, params) VALUES
  ('smith_reprice', 'markup and endings', 'smith_fuzzer', '{"markup": 0.35, "fx": 1.0831}'),
  ('smith_guard', 'a guardrail only', 'smith_fuzzer', '{}'),
  ('smith_fallback', 'a step with a fallback', 'smith_fuzzer', '{"rate": "x"}');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
  ('smith_reprice', 1, 'compute', 'step', $$
     CREATE TEMP TABLE reprice ON COMMIT DROP AS
     SELECT sku, price AS old_price,
            pricemath.apply_ending(pricemath.markup(cost, pricemath.job_param('markup')::numeric), 1, 0.99, 'down') AS new_price
     FROM smith.catalog $$),
  ('smith_reprice', 2, 'few_moves', 'check', 'SELECT count(*) >= 0, ''rows'' FROM reprice'),
  ('smith_guard', 1, 'always', 'check', 'SELECT true');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('smith_reprice', 3, 'write_back', 'apply', 'SELECT sku, new_price FROM reprice',
        'smith.catalog', 'sku', 'price');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error, fallback_sql)
VALUES ('smith_fallback', 1, 'feed', 'step', 'SELECT 1/0', 'fallback', 'SELECT 1');

-- sqlsmith reads functions from an unqualified pg_proc: this view comes first
-- on the fuzzer's search_path and shows it pricemath's functions and
-- aggregates (also the support functions, which take states by hand), a few
-- helpers that build arrays, and a few of PostgreSQL's numeric functions.
-- Procedures and the cstring/internal I/O functions are left out (sqlsmith
-- can only pass them NULL, or cannot call them in a SELECT at all).
CREATE FUNCTION smith.num_arr(numeric, numeric, numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT ARRAY[$1, $2, $3]';
CREATE FUNCTION smith.num_arr2d(numeric, numeric) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT ARRAY[[$1, $2], [$2, $1]]';
CREATE FUNCTION smith.num_shift(numeric[], int) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$SELECT CASE WHEN $1 IS NULL OR cardinality($1) = 0 THEN $1
           ELSE array_fill(NULL::numeric, ARRAY[1], ARRAY[coalesce($2, 0) % 1000]) END
           || $1$$;
CREATE FUNCTION smith.f8_arr(float8, float8, float8) RETURNS float8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT ARRAY[$1, $2, $3]';
CREATE FUNCTION smith.f8_of(numeric[]) RETURNS float8[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1::float8[]';
CREATE FUNCTION smith.num_of(float8[]) RETURNS numeric[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1::numeric[]';
-- sqlsmith's constants are small integers, true, false, or a NULL cast to
-- the type it needs, and pricemath's functions are strict: these turn its
-- integers into the awkward values above, so that arguments are rarely NULL.
CREATE FUNCTION smith.num_array(int) RETURNS numeric[] LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT a FROM smith.arrays WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.num_array_b(int) RETURNS numeric[] LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT b FROM smith.arrays WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.f8_array(int) RETURNS float8[] LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT f FROM smith.arrays WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.f8_array_g(int) RETURNS float8[] LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT g FROM smith.arrays WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.num(int) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT x FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.num_y(int) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT y FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.f8(int) RETURNS float8 LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT d FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.places(int) RETURNS int LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT n FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.mode(int) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT mode FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.code(int) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT code FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.big(int) RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT i8 FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.small(int) RETURNS smallint LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT i2 FROM smith.scalars WHERE id = 1 + abs($1 % 15)';
CREATE FUNCTION smith.vec_state(int) RETURNS pricemath.vec_state LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT vs FROM smith.states WHERE vs IS NOT NULL ORDER BY id OFFSET abs($1 % 8) LIMIT 1';
CREATE FUNCTION smith.index_state(int) RETURNS pricemath.index_state LANGUAGE sql STABLE PARALLEL SAFE AS
  'SELECT ix FROM smith.states WHERE ix IS NOT NULL ORDER BY id OFFSET abs($1 % 31) LIMIT 1';
-- sqlsmith picks among the functions of the type it needs at random, and
-- pricemath's own (whose arguments are mostly NULL again) outnumber these:
-- copies under other names (num_array_2, ...) make a real value likelier.
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS sig, p.proname, pg_get_functiondef(p.oid) AS def
           FROM pg_proc p WHERE p.pronamespace = 'smith'::regnamespace AND p.pronargs = 1
             AND p.proargtypes[0] = 'int4'::regtype
  LOOP
    FOR k IN 2..6 LOOP
      EXECUTE replace(f.def, 'smith.' || f.proname || '(', 'smith.' || f.proname || '_' || k || '(');
    END LOOP;
  END LOOP;
END
$$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA smith TO smith_fuzzer;

CREATE SCHEMA smith_catalog;
CREATE VIEW smith_catalog.pg_proc AS
SELECT p.* FROM pg_catalog.pg_proc p
WHERE p.prokind <> 'p'
  -- sqlsmith prefers functions it needs no argument for: version(),
  -- current_run_id() and the runner's helpers would fill most calls
  AND p.pronargs > 0
  AND NOT ('pg_catalog.cstring'::regtype = ANY (p.proargtypes)
           OR 'pg_catalog.internal'::regtype = ANY (p.proargtypes))
  AND (p.pronamespace IN ('pricemath'::regnamespace, 'pricemath_internal'::regnamespace, 'smith'::regnamespace)
       OR (p.pronamespace = 'pg_catalog'::regnamespace
           AND p.oid IN ('pg_catalog.round(numeric,integer)'::regprocedure,
                         'pg_catalog.abs(numeric)'::regprocedure,
                         'pg_catalog.trim_scale(numeric)'::regprocedure,
                         'pg_catalog.numeric(double precision)'::regprocedure,
                         'pg_catalog.float8(numeric)'::regprocedure,
                         'pg_catalog.sum(numeric)'::regprocedure,
                         'pg_catalog.max(numeric)'::regprocedure,
                         'pg_catalog.count("any")'::regprocedure)));
-- The same for types (an unqualified pg_type): only those of the columns
-- sqlsmith loads (all tables outside the catalogs, these views too) and of
-- the functions above, of the operators (sqlsmith reads all of them, from a
-- qualified pg_catalog.pg_operator, and crashes on a type it has not
-- loaded), and the ones it looks up by name.
-- sqlsmith casts NULL to an operator's argument types, and PostgreSQL
-- refuses a cast to anyrange, anymultirange or anyenum: the view calls them
-- numrange, nummultirange and text, which PostgreSQL resolves (sqlsmith then
-- spends its queries on pricemath rather than on those errors).
CREATE VIEW smith_catalog.pg_type AS
SELECT t.oid, t.typnamespace, t.typdelim, t.typrelid, t.typelem, t.typarray,
       CASE t.typname WHEN 'anyrange' THEN 'numrange' WHEN 'anymultirange' THEN 'nummultirange'
                      WHEN 'anyenum' THEN 'text' ELSE t.typname END::name AS typname,
       CASE WHEN t.typname IN ('anyrange', 'anymultirange') THEN 'r'
            WHEN t.typname = 'anyenum' THEN 'b' ELSE t.typtype END::"char" AS typtype
FROM pg_catalog.pg_type t
WHERE t.typname IN ('bool', 'int4', 'internal', 'anyarray')
   OR t.oid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                  AND a.attnum > 0 AND NOT a.attisdropped)
   OR t.oid IN (SELECT p.prorettype FROM smith_catalog.pg_proc p)
   OR t.oid IN (SELECT unnest(p.proargtypes) FROM smith_catalog.pg_proc p)
   OR t.oid IN (SELECT unnest(ARRAY[o.oprleft, o.oprright, o.oprresult]) FROM pg_catalog.pg_operator o);
GRANT USAGE ON SCHEMA smith_catalog TO smith_fuzzer;
GRANT SELECT ON smith_catalog.pg_proc, smith_catalog.pg_type TO smith_fuzzer;
ALTER ROLE smith_fuzzer SET search_path = smith_catalog, pg_catalog, smith;
ANALYZE;
