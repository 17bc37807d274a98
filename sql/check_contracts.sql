-- Contracts that say why: check_price_array (23514 with the reason), the
-- price_array domain built on it, a user's own domain, price_array_violations
-- for migrations, and the messages of parameter and element errors.
\set VERBOSITY verbose
\i sql/include/err.sql
-- detail(q): only the detail of q's error (to keep long listings short)
CREATE FUNCTION pg_temp.detail(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE s text; d text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, d = PG_EXCEPTION_DETAIL;
  RETURN s || ': ' || d;
END $f$;

-- ---- check_price_array ----

-- labels: IMMUTABLE, PARALLEL SAFE, not STRICT (NULL limits mean no limit)
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef
FROM pg_proc p WHERE p.proname = 'check_price_array' AND p.pronamespace = 'pricemath'::regnamespace
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- valid arrays: true
SELECT pricemath.check_price_array('{0, 1.50, 99.99}'::numeric[]) AS valid,
       pricemath.check_price_array('{}'::numeric[]) AS empty,
       pricemath.check_price_array('[0:1]={1.5,2}'::numeric[]) AS lower_bound_0,
       pricemath.check_price_array('{0, 1.5}'::float8[]) AS float8;
-- NULL prices: NULL, as is_price_array (a CHECK on a NULL column passes)
SELECT pricemath.check_price_array(NULL::numeric[]) IS NULL AS numeric_null,
       pricemath.check_price_array(NULL::float8[]) IS NULL AS float8_null,
       pricemath.is_price_array(NULL::numeric[]) IS NULL AS is_price_array_null;
-- NULL limits: no limit; a NULL allow_nulls is false
SELECT pricemath.check_price_array('{-5, 1e100}'::numeric[], NULL, NULL, NULL) AS no_limits,
       pricemath.check_price_array('{-5, 1}'::numeric[], '-Infinity', 'Infinity') AS infinite_bounds,
       pricemath.check_price_array('{1, NULL}'::numeric[], allow_nulls => true) AS allow_nulls;
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, NULL}'::numeric[], allow_nulls => NULL)$$);

-- each rule: 23514 with the reason in the detail, the array's excerpt, and a hint
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, -1.50, 3}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, NULL, 3}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, NaN}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{Infinity, 1}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, -Infinity}'::numeric[], NULL)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, 1000.00}'::numeric[], 0, 999.99)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1.5, 1.999}'::numeric[], max_places => 2)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{{1,2},{3,4}}'::numeric[])$$);
-- subscripts follow the lower bound
SELECT pg_temp.err($$SELECT pricemath.check_price_array('[0:2]={1,2,-3}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('[-3:-1]={1.001,2,3}'::numeric[], max_places => 2)$$);
-- huge values: beyond int128, the exact numeric comparison
SELECT pricemath.check_price_array('{123456789012345678901234567890123456789012.50}'::numeric[], 0, NULL, 2) AS huge_ok;
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, 123456789012345678901234567890123456789012.505}'::numeric[], 0, NULL, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1e50}'::numeric[], 0, 99999999999999999999999999999999999999999)$$);
-- the first element that breaks a rule, with its first broken rule
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1.999, -5, NULL}'::numeric[], max_places => 2)$$);
-- bad parameters: 22023, as for is_price_array
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1}'::numeric[], 10, 5)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1}'::numeric[], 'NaN')$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1}'::numeric[], max_places => 1001)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1}'::float8[], 0, 'NaN')$$);

-- float8[]: NaN and infinities are violations, places as printed
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, NaN}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{Infinity}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, -Infinity}'::float8[], NULL)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, -0.5}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{1, 2.675, 0.1}'::float8[], max_places => 2)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{5, 1e300}'::float8[], 0, 1e6)$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('[0:1]={1, NULL}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array('{{1},{2}}'::float8[])$$);
SELECT pricemath.check_price_array('{0.1, 0.29, 1e20}'::float8[], max_places => 2) AS float8_places_ok;

-- check_price_array agrees with is_price_array and price_array_violation on
-- every case: true where it holds, else 23514 whose detail starts with the
-- violation text (capitalised, with a full stop).  Lists disagreements.
CREATE TEMP TABLE cases (ord int, v numeric[], mn numeric, mx numeric, places int, nulls boolean);
INSERT INTO cases VALUES
  (1, '{}', 0, NULL, NULL, false), (2, '{1.50, 2}', 0, NULL, 2, false), (3, '{1, -1}', 0, NULL, NULL, false),
  (4, '{1, NULL}', 0, NULL, NULL, false), (5, '{1, NULL}', 0, NULL, NULL, true), (6, '{NaN}', NULL, NULL, NULL, false),
  (7, '{Infinity}', NULL, 'Infinity', NULL, false), (8, '{-Infinity}', '-Infinity', NULL, NULL, false),
  (9, '{1e40, 2}', 0, 1e39, NULL, false), (10, '{1.005}', 0, NULL, 2, false), (11, '{{1},{2}}', 0, NULL, NULL, false),
  (12, '[0:1]={1,2}', 1, 2, 0, false), (13, '[5:6]={1,3}', 1, 2, NULL, false), (14, '{0.1}', 0.1, 0.1, 1, false);
CREATE FUNCTION pg_temp.check_outcome(v numeric[], mn numeric, mx numeric, places int, nulls boolean) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE s text; d text;
BEGIN
  RETURN pricemath.check_price_array(v, mn, mx, places, nulls)::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, d = PG_EXCEPTION_DETAIL;
  RETURN s || ': ' || d;
END $f$;
SELECT ord, pg_temp.check_outcome(v, mn, mx, places, nulls) AS check_outcome,
       pricemath.is_price_array(v, mn, mx, places, nulls) AS is_price_array,
       pricemath.price_array_violation(v, mn, mx, places, nulls) AS violation
FROM cases
WHERE pg_temp.check_outcome(v, mn, mx, places, nulls) IS DISTINCT FROM
      CASE WHEN pricemath.is_price_array(v, mn, mx, places, nulls) THEN 'true'
           ELSE pg_temp.check_outcome(v, mn, mx, places, nulls) END
   OR (NOT pricemath.is_price_array(v, mn, mx, places, nulls) AND NOT starts_with(
         pg_temp.check_outcome(v, mn, mx, places, nulls),
         '23514: ' || upper(left(pricemath.price_array_violation(v, mn, mx, places, nulls), 1))
                   || substr(pricemath.price_array_violation(v, mn, mx, places, nulls), 2) || '.'))
ORDER BY ord;
-- so that an empty list means something: the outcomes
SELECT ord, pg_temp.check_outcome(v, mn, mx, places, nulls) AS outcome FROM cases ORDER BY ord;
DROP TABLE cases;

-- ---- at the moment of the insert ----

-- a table CHECK: the error names the constraint's reason and the row's array
CREATE TABLE catalog_check (sku text PRIMARY KEY,
                            prices numeric[] CONSTRAINT prices_valid CHECK (pricemath.check_price_array(prices, 0, NULL, 2)));
INSERT INTO catalog_check VALUES ('A-1', '{1.50, 2.00}'), ('A-2', NULL), ('A-3', '{}');
SELECT pg_temp.err($$INSERT INTO catalog_check VALUES ('B-1', '{9.99}'), ('B-2', '{1.00, 2.00, 3.005, 4.00, 5.00, 6.00, 7.00}'), ('B-3', '{1}')$$);
SELECT pg_temp.err($$UPDATE catalog_check SET prices = pricemath.sub(prices, '{2.00, 2.00}') WHERE sku = 'A-1'$$);
SELECT pg_temp.err($$INSERT INTO catalog_check SELECT 'C-' || g, CASE WHEN g = 500 THEN array_fill(1.00, ARRAY[100]) || '{-0.01}'::numeric[] ELSE '{1.00}' END FROM generate_series(1, 1000) g$$);
SELECT sku, prices FROM catalog_check ORDER BY sku;
-- the same error as psql prints it
\set VERBOSITY default
INSERT INTO catalog_check VALUES ('D-1', '{0.99, 1.999}');
\set VERBOSITY verbose

-- the price_array domain now says why (it used to say only "violates check constraint")
SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
WHERE c.contypid = 'pricemath.price_array'::regtype;
CREATE TABLE catalog_domain (id int PRIMARY KEY, prices pricemath.price_array);
INSERT INTO catalog_domain VALUES (1, '{1.50, 0}'), (2, NULL);
SELECT pg_temp.err($$INSERT INTO catalog_domain VALUES (3, '{1.50, 2.50, -1.50, 3.00}')$$);
SELECT pg_temp.err($$INSERT INTO catalog_domain VALUES (4, '{1.50, NULL}')$$);
SELECT pg_temp.err($$SELECT '{{1},{2}}'::pricemath.price_array$$);
SELECT pg_temp.err($$UPDATE catalog_domain SET prices = pricemath.add(prices, -1) WHERE id = 1$$);
SELECT * FROM catalog_domain ORDER BY id;

-- a user's own domain with max_places => 2
CREATE DOMAIN price2_array AS numeric[]
  CONSTRAINT price2_array_valid CHECK (pricemath.check_price_array(VALUE, max_places => 2));
SELECT '{1.50, 2.00, 3.000}'::price2_array AS trailing_zeros_fine;
SELECT pg_temp.err($$SELECT '{1.50, 2.005}'::price2_array$$);
SELECT pg_temp.err($$SELECT '{1.50, -2}'::price2_array$$);
-- ALTER DOMAIN ... ADD CONSTRAINT validates every existing column of the domain
CREATE DOMAIN cents_array AS numeric[];
CREATE TABLE old_prices (id int PRIMARY KEY, prices cents_array);
INSERT INTO old_prices VALUES (1, '{1.50}'), (2, '{2.505}'), (3, '{3}');
SELECT pg_temp.err($$ALTER DOMAIN cents_array ADD CONSTRAINT cents_valid CHECK (pricemath.check_price_array(VALUE, max_places => 2))$$);
-- NOT VALID checks new values only; list, fix, then validate
ALTER DOMAIN cents_array ADD CONSTRAINT cents_valid CHECK (pricemath.check_price_array(VALUE, max_places => 2)) NOT VALID;
SELECT pg_temp.err($$INSERT INTO old_prices VALUES (4, '{4.001}')$$);
SELECT * FROM pricemath.price_array_violations('old_prices', 'prices', max_places => 2);
UPDATE old_prices SET prices = pricemath.round(prices, 2) WHERE id = 2;
ALTER DOMAIN cents_array VALIDATE CONSTRAINT cents_valid;
SELECT * FROM old_prices ORDER BY id;
DROP TABLE old_prices;
DROP DOMAIN cents_array;

-- ---- price_array_violations ----

SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef
FROM pg_proc p WHERE p.proname = 'price_array_violations' AND p.pronamespace = 'pricemath'::regnamespace;

-- a table with a few bad rows: every one, with its key, ctid and reason
CREATE TABLE shop (sku text PRIMARY KEY, prices numeric[], note text);
INSERT INTO shop VALUES ('A', '{1.50, 2.00}', 'ok'), ('B', '{1.50, -2.00}', 'negative'), ('C', NULL, 'null array'),
  ('D', '{1.50, NULL}', 'null element'), ('E', '{1.505}', 'three places'), ('F', '{NaN}', 'NaN'),
  ('G', '{{1},{2}}', '2-D'), ('H', '[0:1]={1,-1}', 'lower bound 0'), ('I', '{}', 'empty'),
  ('J', '{1e40}', 'huge'), ('K', '{Infinity}', 'Infinity');
SELECT v.key, s.note, v.reason
FROM pricemath.price_array_violations('shop', 'prices') v JOIN shop s ON s.ctid = v.row_ctid
ORDER BY v.key->>'sku';
-- the limits of is_price_array: max, max_places, allow_nulls, NULL for no limit
SELECT key->>'sku' AS sku, reason FROM pricemath.price_array_violations('shop', 'prices', 0, 100, 2, true) ORDER BY 1;
SELECT key->>'sku' AS sku, reason FROM pricemath.price_array_violations('shop', 'prices', NULL, NULL, NULL, true) ORDER BY 1;
-- the ctid finds the row again in the same transaction, for a fix
BEGIN;
UPDATE shop SET prices = '{2.00}' FROM pricemath.price_array_violations('shop', 'prices') v WHERE shop.ctid = v.row_ctid;
SELECT count(*) AS left_over FROM pricemath.price_array_violations('shop', 'prices');
ROLLBACK;

-- composite keys, quoted identifiers, a float8[] column, a domain column
CREATE TABLE "Odd Shop" ("Region" text, id int, "the prices" float8[], PRIMARY KEY ("Region", id));
INSERT INTO "Odd Shop" VALUES ('eu', 1, '{1.5}'), ('eu', 2, '{-1}'), ('us', 1, '{1, NaN}'), ('us', 2, '{0.125}');
SELECT key, reason FROM pricemath.price_array_violations('"Odd Shop"', 'the prices', max_places => 2) ORDER BY key::text;
SELECT key, reason FROM pricemath.price_array_violations('"Odd Shop"', 'the prices', -1, 1) ORDER BY key::text;
CREATE TABLE by_domain (id int PRIMARY KEY, prices price2_array);
INSERT INTO by_domain VALUES (1, '{1.50}'), (2, '{9.99}');
SELECT key, reason FROM pricemath.price_array_violations('by_domain', 'prices', max => 5);
-- no primary key: the key is NULL and the ctid names the row
CREATE TABLE nokey (prices numeric[]);
INSERT INTO nokey VALUES ('{1}'), ('{-1}');
SELECT key, row_ctid, reason FROM pricemath.price_array_violations('nokey', 'prices');
-- a dropped column before it, a partitioned table, a temporary table
ALTER TABLE nokey ADD COLUMN extra numeric[];
ALTER TABLE nokey DROP COLUMN prices;
INSERT INTO nokey VALUES ('{-2}');
SELECT reason FROM pricemath.price_array_violations('nokey', 'extra');
CREATE TABLE parted (region text, id int, prices numeric[], PRIMARY KEY (region, id)) PARTITION BY LIST (region);
CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu');
CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us');
INSERT INTO parted VALUES ('eu', 1, '{-1}'), ('us', 1, '{1}'), ('us', 2, '{1.001}');
SELECT key, reason FROM pricemath.price_array_violations('parted', 'prices', max_places => 2) ORDER BY key::text;
CREATE TEMP TABLE tmp_prices (id int PRIMARY KEY, prices numeric[]);
INSERT INTO tmp_prices VALUES (1, '{1, 2, -3}');
SELECT key, reason FROM pricemath.price_array_violations('tmp_prices', 'prices');
-- NULL table or column: no rows
SELECT count(*) FROM pricemath.price_array_violations(NULL, 'prices');
SELECT count(*) FROM pricemath.price_array_violations('shop', NULL);
-- errors: no such table (42P01, from regclass), no such column (42703), a
-- column of another type (42804), something that is not a table (42809), bad limits (22023)
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('no_such_table', 'prices')$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'no_such_column')$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'ctid')$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'note')$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('"Odd Shop"', 'Region')$$);
CREATE VIEW shop_view AS SELECT * FROM shop;
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop_view', 'prices')$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'prices', 5, 1)$$);
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'prices', max_places => -1)$$);
-- the query runs as the caller: without SELECT on the table, 42501
CREATE ROLE regress_pricemath_reader NOLOGIN;
GRANT USAGE ON SCHEMA pricemath TO regress_pricemath_reader;
SET ROLE regress_pricemath_reader;
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'prices')$$);
RESET ROLE;
-- the key, the column and the ctid are read: SELECT on sku and prices is not enough
-- (GRANT SELECT (sku, prices, ctid) or SELECT on the table is)
GRANT SELECT (sku, prices) ON shop TO regress_pricemath_reader;
SET ROLE regress_pricemath_reader;
SELECT pg_temp.err($$SELECT * FROM pricemath.price_array_violations('shop', 'prices')$$);
RESET ROLE;
GRANT SELECT ON shop TO regress_pricemath_reader;
SET ROLE regress_pricemath_reader;
SELECT count(*) AS visible_violations FROM pricemath.price_array_violations('shop', 'prices');
RESET ROLE;
REVOKE ALL ON shop FROM regress_pricemath_reader;
REVOKE USAGE ON SCHEMA pricemath FROM regress_pricemath_reader;
DROP ROLE regress_pricemath_reader;
-- cancellable: a statement_timeout stops it in the middle of a long scan
CREATE TABLE long_scan AS SELECT g AS id, array_fill(1.00, ARRAY[20000]) AS prices FROM generate_series(1, 500) g;
SET statement_timeout = '20ms';
\set VERBOSITY terse
SELECT count(*) FROM pricemath.price_array_violations('long_scan', 'prices', max_places => 2);
\set VERBOSITY verbose
RESET statement_timeout;
-- (without the timeout: no violation, so only the timeout stops it above)
SELECT count(*) FROM pricemath.price_array_violations('long_scan', 'prices', max_places => 2);
DROP TABLE long_scan;

-- ---- messages ----

-- a NaN or infinite parameter must be a finite number (not "greater than -1")
-- (typed: with numeric[] prices an untyped second argument reads as a rate array)
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], 'NaN'::numeric)$$);
SELECT pg_temp.err($$SELECT pricemath.markup(1.00, 'Infinity')$$);
SELECT pg_temp.err($$SELECT pricemath.markup('{1}'::numeric[], -1)$$) AS finite_but_out_of_contract;
SELECT p, pg_temp.err(format(q, v)) AS error
FROM (VALUES ('NaN'), ('Infinity'), ('-Infinity')) AS v(v),
     (VALUES ('discount pct', $$SELECT pricemath.discount('{1}'::numeric[], %L::numeric)$$),
             ('add_tax rate', $$SELECT pricemath.add_tax('{1}'::numeric[], %L::numeric)$$),
             ('margin_price margin', $$SELECT pricemath.margin_price('{1}'::numeric[], %L::numeric)$$),
             ('remove_tax rate', $$SELECT pricemath.remove_tax(1.00, %L::numeric)$$),
             ('convert rate', $$SELECT pricemath.convert('{1}'::numeric[], %L::numeric, 2)$$),
             ('limit_change max_up', $$SELECT pricemath.limit_change('{1}'::numeric[], '{2}', %L::numeric, 0.1)$$),
             ('limit_change max_down', $$SELECT pricemath.limit_change(1.00, 2.00, 0.1, %L::numeric)$$),
             ('apply_ending step', $$SELECT pricemath.apply_ending('{1}'::numeric[], %L::numeric, 0.99)$$),
             ('apply_ending ending', $$SELECT pricemath.apply_ending(1.00, 1, %L::numeric)$$)) AS f(p, q)
ORDER BY p, v;

-- an element error names its element and shows the array around it
SELECT pg_temp.err($$SELECT pricemath.markup('{1.00, 2.00, 3.00, NaN, 5.00, 6.00, 7.00}'::numeric[], 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.apply_ending('{1.00, -2.00}'::numeric[], 1, 0.99)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 20.00, -30.00, 40.00}'::numeric[], '{10.00, 20.00, 30.00, 40.00}', 0.1, 0.1)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 20.00}'::numeric[], '{10.00, 20.001}', 0.1, 0.1, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.limit_change('{10.00, 10.005}'::numeric[], '{10.00, 10.00}', 0, 0, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.clamp('{1, 2, 3}'::numeric[], '{0, 5, 0}'::numeric[], '{9, 4, 9}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.guard_report('{10, 10}'::numeric[], '{10, 12}', '{10, 13}')$$);
SELECT pg_temp.err($$SELECT pricemath.convert('{2.00, 1.00, 4.00}'::numeric[], 1.5, 0, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1.00, 2.00}'::numeric[], '{1.00, 0}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, 2, -1.50}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1.5, NULL}'::float8[])$$);
-- the excerpt: two elements on each side, "..." where it is cut, NULL
-- elements, lower bounds other than 1, long elements cut to 40 characters
SELECT pg_temp.detail(format($$SELECT pricemath.markup(%L::numeric[], 0.1)$$, v)) AS detail
FROM (VALUES ('{NaN}'), ('{NaN, 2}'), ('{1, NaN}'), ('{1, 2, NaN}'), ('{1, 2, 3, NaN}'), ('{NaN, 2, 3, 4}'),
             ('{1, 2, 3, NaN, 5, 6}'), ('{1, NULL, NaN, NULL, 5}'), ('[0:3]={1, 2, 3, NaN}'),
             ('[-5:-3]={Infinity, 2, 3}'), ('{1234567890123456789012345678901234567890.123456789, NaN}')) AS c(v);
-- inside a statement over many rows, the excerpt finds the row
CREATE TABLE reprice (sku text PRIMARY KEY, prices numeric[]);
INSERT INTO reprice SELECT 'S-' || g, ARRAY[g, g + 0.5, g + 0.99]::numeric[] FROM generate_series(1, 1000) g;
UPDATE reprice SET prices[2] = -7.25 WHERE sku = 'S-617';
SELECT pg_temp.err($$UPDATE reprice SET prices = pricemath.apply_ending(prices, 1, 0.99, 'down')$$);
SELECT pg_temp.err($$SELECT pricemath.check_price_array(prices) FROM reprice$$);
SELECT sku FROM reprice WHERE prices = '{617, -7.25, 617.99}';
-- a long array: only the neighbourhood of the bad element
SELECT pg_temp.detail($$SELECT pricemath.markup(array_fill(1.00, ARRAY[998]) || '{2.00, NaN}'::numeric[] || array_fill(3.00, ARRAY[1000]), 0.1)$$);

DROP TABLE reprice, shop, "Odd Shop", by_domain, nokey, parted, tmp_prices, catalog_check, catalog_domain CASCADE;
DROP DOMAIN price2_array;
