-- Element-wise arithmetic: add, sub, mul over numeric[] and float8[]
-- err(q): run q and show its SQLSTATE, message, detail and hint
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE s text; m text; d text; h text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN s || ': ' || m || coalesce(E'\nDETAIL: ' || nullif(d, ''), '') || coalesce(E'\nHINT: ' || nullif(h, ''), '');
END $f$;

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
