-- Input contracts: is_price_array, price_array_violation, assert_price_array and the domains
\set VERBOSITY verbose
\i sql/include/err.sql

-- valid arrays
SELECT pricemath.is_price_array('{0, 1.50, 99.99}'::numeric[]);
SELECT pricemath.price_array_violation('{0, 1.50, 99.99}'::numeric[]);
SELECT pricemath.assert_price_array('{0, 1.50, 99.99}'::numeric[]);
SELECT pricemath.is_price_array('{}'::numeric[]), pricemath.price_array_violation('{}'::numeric[]),
       pricemath.assert_price_array('{}'::numeric[]);
SELECT pricemath.assert_price_array('[0:1]={1.5,2}'::numeric[]) AS keeps_lower_bound;

-- each rule: bool, text and error (SQLSTATE, message, detail)
SELECT pricemath.is_price_array('{1, 2, -1.50}'::numeric[]);
SELECT pricemath.price_array_violation('{1, 2, -1.50}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, 2, -1.50}'::numeric[])$$);
SELECT pricemath.is_price_array('{1, NULL, 3}'::numeric[]);
SELECT pricemath.price_array_violation('{1, NULL, 3}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, NULL, 3}'::numeric[])$$);
SELECT pricemath.is_price_array('{1, NaN}'::numeric[]), pricemath.price_array_violation('{1, NaN}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, NaN}'::numeric[])$$);
SELECT pricemath.price_array_violation('{Infinity}'::numeric[]), pricemath.price_array_violation('{-Infinity}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, 2, Infinity}'::numeric[])$$);
SELECT pricemath.is_price_array('{1, 1000.00}'::numeric[], 0, 999.99);
SELECT pricemath.price_array_violation('{1, 1000.00}'::numeric[], 0, 999.99);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, 1000.00}'::numeric[], 0, 999.99)$$);
SELECT pricemath.is_price_array('{1.5, 1.999}'::numeric[], max_places => 2);
SELECT pricemath.price_array_violation('{1.5, 1.999}'::numeric[], max_places => 2);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1.5, 1.999}'::numeric[], max_places => 2)$$);
SELECT pricemath.is_price_array('{{1,2},{3,4}}'::numeric[]);
SELECT pricemath.price_array_violation('{{1,2},{3,4}}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{{1,2},{3,4}}'::numeric[])$$);
-- the first element that breaks a rule, and its first broken rule
SELECT pricemath.price_array_violation('{1.999, -5, NULL}'::numeric[], max_places => 2);
SELECT pricemath.price_array_violation('{NULL, NaN}'::numeric[]);
SELECT pricemath.price_array_violation('{-1.999}'::numeric[], max_places => 2);
-- subscripts follow the lower bound
SELECT pricemath.price_array_violation('[0:2]={1,2,-3}'::numeric[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('[0:2]={1,NULL,3}'::numeric[])$$);

-- parameters: min and max, NULL for no limit, infinities; allow_nulls
SELECT pricemath.is_price_array('{-5, 1}'::numeric[], NULL), pricemath.is_price_array('{-5, 1}'::numeric[], -5);
SELECT pricemath.is_price_array('{-5, 1}'::numeric[], '-Infinity'), pricemath.is_price_array('{1e100}'::numeric[], 0, 'Infinity');
SELECT pricemath.price_array_violation('{1}'::numeric[], 'Infinity');
SELECT pricemath.price_array_violation('{1}'::numeric[], NULL, '-Infinity');
SELECT pricemath.is_price_array('{1, NULL}'::numeric[], allow_nulls => true),
       pricemath.is_price_array('{1, NULL}'::numeric[], allow_nulls => NULL) AS null_allow_nulls_is_false;
SELECT pricemath.assert_price_array('{1, NULL}'::numeric[], allow_nulls => true);
SELECT pricemath.is_price_array('{5, 10}'::numeric[], 5, 10), pricemath.is_price_array('{5, 10.000}'::numeric[], 5.00, 10);
-- places count the value's decimals: trailing zeros are fine
SELECT pricemath.is_price_array('{1.500, 2.0000, 0.000000}'::numeric[], max_places => 2),
       pricemath.is_price_array('{100, 12.5}'::numeric[], max_places => 0);
SELECT pricemath.price_array_violation('{100, 12.5}'::numeric[], max_places => 0);
-- beyond int128
SELECT pricemath.is_price_array('{123456789012345678901234567890123456789012.50}'::numeric[], 0, NULL, 2);
SELECT pricemath.price_array_violation('{123456789012345678901234567890123456789012.505}'::numeric[], 0, NULL, 2);
SELECT pricemath.price_array_violation('{0.1}'::numeric[], 0.10000000000000000000000000000000000000001);
SELECT pricemath.price_array_violation('{1e50}'::numeric[], 0, 99999999999999999999999999999999999999999);
SELECT pricemath.price_array_violation('{1.00000000000000000000000000000000000000000000001}'::numeric[], 0, 1);
-- contract violations of the parameters themselves
SELECT pg_temp.err($$SELECT pricemath.is_price_array('{1}'::numeric[], 10, 5)$$);
SELECT pg_temp.err($$SELECT pricemath.is_price_array('{1}'::numeric[], 'NaN')$$);
SELECT pg_temp.err($$SELECT pricemath.price_array_violation('{1}'::numeric[], 0, 'NaN')$$);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1}'::numeric[], max_places => -1)$$);
SELECT pg_temp.err($$SELECT pricemath.is_price_array('{1}'::float8[], 'NaN'::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.is_price_array('{1}'::float8[], 2, 1)$$);
-- NULL prices: NULL
SELECT pricemath.is_price_array(NULL::numeric[]) IS NULL AS is_null,
       pricemath.price_array_violation(NULL::numeric[]) IS NULL AS violation_null,
       pricemath.assert_price_array(NULL::numeric[]) IS NULL AS assert_null,
       pricemath.is_price_array(NULL::float8[]) IS NULL AS float8_null;

-- float8[]: NaN and infinities are violations, places as printed
SELECT pricemath.is_price_array('{0, 1.5, 2.25}'::float8[]);
SELECT pricemath.is_price_array('{1, NaN}'::float8[]), pricemath.is_price_array('{1, Infinity}'::float8[]),
       pricemath.is_price_array('{-Infinity}'::float8[], NULL);
SELECT pricemath.price_array_violation('{1, NaN}'::float8[]);
SELECT pricemath.price_array_violation('{1, -Infinity}'::float8[], NULL);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, Infinity}'::float8[])$$);
SELECT pricemath.price_array_violation('{1, -0.5}'::float8[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, -0.5}'::float8[])$$);
SELECT pricemath.price_array_violation('{1, 2.675, 0.1}'::float8[], max_places => 2);
SELECT pricemath.is_price_array('{0.1, 0.29, 1e20}'::float8[], max_places => 2), pricemath.is_price_array('{1e-7}'::float8[], max_places => 6);
SELECT pricemath.price_array_violation('{5, 1e300}'::float8[], 0, 1e6);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{5, 1e300}'::float8[], 0, 1e6)$$);
SELECT pricemath.price_array_violation('{1, NULL}'::float8[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{1, NULL}'::float8[])$$);
SELECT pricemath.price_array_violation('{{1},{2}}'::float8[]);
SELECT pg_temp.err($$SELECT pricemath.assert_price_array('{{1},{2}}'::float8[])$$);
SELECT pricemath.assert_price_array('[-1:0]={1.5,NULL}'::float8[], allow_nulls => true);

-- usable where PostgreSQL needs IMMUTABLE: CHECK, generated columns, index expressions
CREATE TABLE t (id int, p numeric[] CHECK (pricemath.is_price_array(p, 0, NULL, 2)),
                ok boolean GENERATED ALWAYS AS (pricemath.is_price_array(p)) STORED);
CREATE INDEX ON t ((pricemath.price_array_violation(p)));
INSERT INTO t (id, p) VALUES (1, '{1.50, 2}'), (2, NULL);
SELECT pg_temp.err($$INSERT INTO t (id, p) VALUES (3, '{1.505}')$$);
SELECT * FROM t ORDER BY id;
DROP TABLE t;

-- the domains
SELECT 1.50::pricemath.price, 0::pricemath.price;
SELECT pg_temp.err($$SELECT (-0.01)::pricemath.price$$);
SELECT pg_temp.err($$SELECT 'NaN'::numeric::pricemath.price$$);
SELECT pg_temp.err($$SELECT 'Infinity'::numeric::pricemath.price$$);
SELECT pg_temp.err($$SELECT '-Infinity'::numeric::pricemath.price$$);
SELECT NULL::pricemath.price IS NULL AS null_passes;
SELECT '{1.50, 0, 99}'::pricemath.price_array, '{}'::pricemath.price_array;
SELECT pg_temp.err($$SELECT '{1.50, -1}'::pricemath.price_array$$);
SELECT pg_temp.err($$SELECT '{1.50, NULL}'::pricemath.price_array$$);
SELECT pg_temp.err($$SELECT '{1.50, NaN}'::pricemath.price_array$$);
SELECT pg_temp.err($$SELECT '{{1},{2}}'::pricemath.price_array$$);
SELECT pricemath.add('{1.50, 2}'::pricemath.price_array, 1) AS domain_works_with_the_engine;
