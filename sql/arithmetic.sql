-- Element-wise arithmetic: add, sub, mul, div over numeric[] and float8[]
\i sql/include/err.sql

-- numeric: exact, scale is the larger input scale
SELECT pricemath.add('{1.5, 2.25, -3}'::numeric[], '{0.5, 0.75, 3.000}'::numeric[]);
SELECT pricemath.add('{1.5, 2.25, -3}'::numeric[], 0.001);
SELECT pricemath.add('{0.1, 0.2}'::numeric[], 0.7);
-- results equal PostgreSQL's own, text and storage
WITH t(a, b) AS (VALUES ('{12.34, 0.001, -99999.99, 0, 1e20, 123456789012345678901234567890.12, 5}'::numeric[],
                         '{1.0000, 2, 0.009, -0.00, 1e-5, 0.88, -5.00}'::numeric[])),
r AS (SELECT pricemath.add(a, b) AS got, ARRAY(SELECT a[i] + b[i] FROM generate_subscripts(a, 1) i) AS want FROM t)
SELECT got::text = want::text AS same_text,
       pg_column_size(got) = pg_column_size(want) AS same_array_size,
       ARRAY(SELECT pg_column_size(x) FROM unnest(got) x) = ARRAY(SELECT pg_column_size(x) FROM unnest(want) x) AS same_element_sizes
FROM r;
-- beyond int128: the exact numeric fallback
SELECT pricemath.add('{99999999999999999999999999999999999999999, 1}'::numeric[], 1);
SELECT pricemath.add('{170141183460469231731687303715884105727}'::numeric[], '{1}'::numeric[]);
SELECT pricemath.add('{0.00000000000000000000000000000000000000001}'::numeric[], 1);

-- float8
SELECT pricemath.add('{1.5, 2.25, -3}'::float8[], '{0.5, 0.75, 3}'::float8[]);
SELECT pricemath.add('{0.1, 0.2}'::float8[], 0.7::float8);

-- shapes and NULLs
SELECT pricemath.add(NULL::numeric[], 1);
SELECT pricemath.add('{1}'::numeric[], NULL::numeric);
SELECT pricemath.add('{}'::numeric[], 1);
SELECT pricemath.add('{}'::float8[], '{}'::float8[]);
SELECT pricemath.add('{1, NULL, 3}'::numeric[], '{1, 1, NULL}'::numeric[]);
SELECT pricemath.add('{1, NULL, 3}'::float8[], 1::float8);
SELECT pricemath.add('[0:2]={1,2,3}'::numeric[], 1) AS keeps_lower_bound;
SELECT pricemath.add('[-5:-4]={1.5,2.5}'::float8[], '{1,1}'::float8[]) AS keeps_lower_bound;
SELECT pg_temp.err($$SELECT pricemath.add('{{1,2},{3,4}}'::numeric[], 1)$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1,2}'::float8[], '{{1,2},{3,4}}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1,2,3}'::numeric[], '{1,2}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1,2,3}'::float8[], '{1,2,3,4}'::float8[])$$);

-- bad values
SELECT pg_temp.err($$SELECT pricemath.add('{1, NaN}'::numeric[], 1)$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1, 2}'::numeric[], '{1, Infinity}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1, 2}'::numeric[], '-Infinity'::numeric)$$);
SELECT pg_temp.err($$SELECT pricemath.add('[0:1]={1, NaN}'::float8[], 1::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1, 2}'::float8[], 'Infinity'::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.add('{1e308, 2}'::float8[], 1e308::float8)$$);
-- a NaN next to a NULL is still rejected
SELECT pg_temp.err($$SELECT pricemath.add('{NULL, 2}'::numeric[], '{NaN, 1}'::numeric[])$$);


-- sub and mul: exact, PostgreSQL's scales (sub: larger scale, mul: sum of scales)
SELECT pricemath.sub('{1.5, 2.25, -3}'::numeric[], '{0.5, 0.75, 3.000}'::numeric[]);
SELECT pricemath.sub('{10.00}'::numeric[], 0.001);
SELECT pricemath.mul('{12.34, -0.5, 0}'::numeric[], 1.0725);
SELECT pricemath.mul('{1.5, 2.25}'::numeric[], '{2, 0.10}'::numeric[]);
SELECT pricemath.mul('{99999999999999999999.99}'::numeric[], 99999999999999999999.99) AS beyond_int128;
SELECT pricemath.sub('{-170141183460469231731687303715884105727}'::numeric[], 2) AS beyond_int128;
WITH t(a, b) AS (VALUES ('{12.34, 0.001, -99999.99, 0, 1e20, 123456789012345678901234567890.12, 5}'::numeric[],
                         '{1.0725, 2, 0.009, -0.00, 1e-5, 0.88, -5.00}'::numeric[])),
r AS (SELECT pricemath.mul(a, b) AS got, ARRAY(SELECT a[i] * b[i] FROM generate_subscripts(a, 1) i) AS want,
             pricemath.sub(a, b) AS got2, ARRAY(SELECT a[i] - b[i] FROM generate_subscripts(a, 1) i) AS want2 FROM t)
SELECT got::text = want::text AND got2::text = want2::text AS same_text,
       pg_column_size(got) = pg_column_size(want) AND pg_column_size(got2) = pg_column_size(want2) AS same_size
FROM r;
SELECT pricemath.sub('{1.5, NULL}'::float8[], '{0.5, 1}'::float8[]);
SELECT pricemath.mul('{1.5, 2.25}'::float8[], 2::float8);
SELECT pg_temp.err($$SELECT pricemath.mul('{1e200}'::float8[], 1e200::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.mul('{1e-200}'::float8[], 1e-200::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.sub('{1}'::numeric[], '{{1}}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.mul('{1,2}'::float8[], '{1}'::float8[])$$);

-- div: the exact quotient rounded to places with a mode (default half_even)
SELECT pricemath.div('{10, -10, 1, 2}'::numeric[], 3::numeric, 2);
SELECT pricemath.div('{10, -10, 1, 2}'::numeric[], 3::numeric, 2, 'up');
SELECT pricemath.div('{10, -10, 1, 2}'::numeric[], 3::numeric, 2, 'floor');
SELECT pricemath.div('{1.25, 1.35, -1.25}'::numeric[], '{0.5, 0.5, 0.5}'::numeric[], 0);
SELECT pricemath.div('{1.25, 1.35, -1.25}'::numeric[], '{0.5, 0.5, 0.5}'::numeric[], 0, 'half_up');
SELECT pricemath.div('{12500, 13500}'::numeric[], 10::numeric, -2) AS hundreds;
SELECT pricemath.div('{1}'::numeric[], 8::numeric, 5) AS scale_is_places;
SELECT pricemath.div('{100000000000000000000000000000000000000001}'::numeric[], 3::numeric, 2, 'up') AS beyond_int128;
SELECT pricemath.div('{1, NULL}'::numeric[], '{NULL, 2}'::numeric[], 2);
SELECT pricemath.div('{}'::numeric[], 2::numeric, 2);
SELECT pricemath.div('[3:4]={1, 2}'::numeric[], 4::numeric, 2);
SELECT pricemath.div('{1, 3}'::float8[], 4::float8);
SELECT pricemath.div('{1, 3}'::float8[], '{4, 0.5}'::float8[]);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], 0::numeric, 2)$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], '{1, 0.00}'::numeric[], 2)$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::float8[], 0::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::float8[], '{1, 0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1e300}'::float8[], 1e-300::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], 3::numeric, 2, 'sideways')$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], 3::numeric, 2, 'unnecessary')$$);
SELECT pricemath.div('{1, 2}'::numeric[], 4::numeric, 2, 'unnecessary');
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], 3::numeric, 1001)$$);
SELECT pg_temp.err($$SELECT pricemath.div('{1, 2}'::numeric[], 'NaN'::numeric, 2)$$);
SELECT pricemath.div('{1, 2}'::numeric[], 3::numeric, NULL) AS null_places;
SELECT pricemath.div('{1, 2}'::numeric[], 3::numeric, 2, NULL) AS null_mode;

-- float8 over long arrays: checks run per block of elements; an error still
-- names the first bad element, and a detoasted argument overwritten in place
-- for the result leaves the stored value alone
SELECT pg_temp.err($$SELECT pricemath.mul(array_fill(1::float8, ARRAY[700]) || 1e200::float8 || 1::float8, 1e200::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.mul(array_fill(1::float8, ARRAY[600]) || 1e-200::float8 || array_fill(1::float8, ARRAY[600]), 1e-200::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.add(array_fill(1::float8, ARRAY[300]) || 'NaN'::float8 || array_fill(1::float8, ARRAY[600]), 2::float8)$$);
SELECT pg_temp.err($$SELECT pricemath.sub(array_fill(1::float8, ARRAY[1000]), array_fill(1::float8, ARRAY[511]) || '-Infinity'::float8 || array_fill(1::float8, ARRAY[488]))$$);
SELECT pg_temp.err($$SELECT pricemath.div(array_fill(1::float8, ARRAY[1000]), array_fill(1::float8, ARRAY[700]) || 0::float8 || array_fill(1::float8, ARRAY[299]))$$);
CREATE TEMP TABLE f8 (id int, a float8[]);
INSERT INTO f8 SELECT 1, array_agg(i / 8.0) FROM generate_series(1, 5000) i;
INSERT INTO f8 SELECT 2, array_agg(i / 8.0) FROM generate_series(1, 5) i;
SELECT id, pricemath.mul(a, 3::float8) = ARRAY(SELECT x * 3 FROM unnest(a) x) AS mul_ok,
       pricemath.div(a, 2::float8) = ARRAY(SELECT x / 2 FROM unnest(a) x) AS div_ok,
       pricemath.add(a, a) = ARRAY(SELECT x + x FROM unnest(a) x) AS add_ok,
       a[1:3] AS stored_head, a[cardinality(a)] AS stored_last
FROM f8 ORDER BY id;
SELECT id, a[1:3] AS still_stored, sum(x) AS stored_sum FROM f8, unnest(a) x GROUP BY id, a ORDER BY id;

-- numeric over long arrays with every kind of element: prices, zeros with a
-- scale, values beyond 64 and 128 bits, NULLs; each path gives PostgreSQL's
-- own result, text and storage, and errors name the same element
CREATE TEMP TABLE nv AS
SELECT array_agg(CASE WHEN g % 97 = 0 THEN NULL
                      WHEN g % 89 = 0 THEN 0.000
                      WHEN g % 83 = 0 THEN (g::numeric * 1e17 + 0.5)
                      WHEN g % 79 = 0 THEN (g::numeric * 1e35)
                      WHEN g % 73 = 0 THEN -(g::numeric / 1e20)
                      ELSE ((g * 7919) % 1000000 - 500000) * 0.01 END ORDER BY g) AS a,
       array_agg(CASE WHEN g % 101 = 0 THEN NULL ELSE ((g * 104729) % 100000) * 0.0001 + 0.0001 END ORDER BY g) AS b
FROM generate_series(1, 3000) g;
WITH r AS (
  SELECT pricemath.mul(a, 1.0725) AS m1, ARRAY(SELECT x * 1.0725 FROM unnest(a) x) AS w1,
         pricemath.add(a, 0.001) AS m2, ARRAY(SELECT x + 0.001 FROM unnest(a) x) AS w2,
         pricemath.sub(a, b) AS m3, ARRAY(SELECT a[i] - b[i] FROM generate_subscripts(a, 1) i) AS w3,
         pricemath.mul(a, b) AS m4, ARRAY(SELECT a[i] * b[i] FROM generate_subscripts(a, 1) i) AS w4,
         pricemath.round(pricemath.mul(a, 1.0725), 2, 'half_up') AS m5,
         ARRAY(SELECT round(x * 1.0725, 2) FROM unnest(a) x) AS w5,
         pricemath.round(a, -2, 'half_even') AS m6, ARRAY(SELECT round(x, -2) FROM unnest(a) x) AS w6
  FROM nv)
SELECT m1::text = w1::text AND pg_column_size(m1) = pg_column_size(w1) AS mul_scalar,
       m2::text = w2::text AND pg_column_size(m2) = pg_column_size(w2) AS add_scalar,
       m3::text = w3::text AND pg_column_size(m3) = pg_column_size(w3) AS sub_array,
       m4::text = w4::text AND pg_column_size(m4) = pg_column_size(w4) AS mul_array,
       m5::text = w5::text AND pg_column_size(m5) = pg_column_size(w5) AS round_mul_half_up,
       m6::text = w6 ::text AND pg_column_size(m6) = pg_column_size(w6) AS round_tens_half_even
FROM r;
SELECT pg_temp.err($$SELECT pricemath.mul(array_fill(1.5, ARRAY[800]) || 'NaN'::numeric || 2.5, 1.0725)$$);
SELECT pg_temp.err($$SELECT pricemath.round(array_fill(1.5, ARRAY[900]) || 1.555 || 2.5, 2, 'unnecessary')$$);
SELECT pg_temp.err($$SELECT pricemath.add(array_fill(1.5, ARRAY[600]) || 1e40 || '-Infinity'::numeric, 1)$$);
