-- allocate(): largest-remainder split of a total by weights
\set VERBOSITY verbose
\i sql/include/err.sql

-- the classic cases
SELECT pricemath.allocate(0.05, '{30,70}'::numeric[]);
SELECT pricemath.allocate(100.00, '{1,1,1}'::numeric[]);
SELECT pricemath.allocate(0.01, '{1,1,1,1,1,1,1,1,1,1}'::numeric[]);
-- the sum is the total, exactly
SELECT sum(x) FROM unnest(pricemath.allocate(100.00, '{1,1,1}'::numeric[])) x;
SELECT sum(x) FROM unnest(pricemath.allocate(0.01, '{1,1,1,1,1,1,1,1,1,1}'::numeric[])) x;
-- larger remainders first, equal ones to the lowest index
SELECT pricemath.allocate(1.00, '{1,2,1,2}'::numeric[]);
SELECT pricemath.allocate(0.02, '{1,1,1}'::numeric[]);
SELECT pricemath.allocate(10, '{0.333,0.333,0.334}'::numeric[], 0);
-- zero weights get 0; a total smaller than the number of parts
SELECT pricemath.allocate(10, '{0,1,0,3}'::numeric[], 0);
SELECT pricemath.allocate(0.03, '{1,1,1,1,1}'::numeric[]);
SELECT pricemath.allocate(0, '{1,2}'::numeric[], 3);
-- negative totals are split symmetrically
SELECT pricemath.allocate(-100.00, '{1,1,1}'::numeric[]);
SELECT pricemath.allocate(-0.05, '{30,70}'::numeric[]);
-- places: the scale of every share; a total at a lower scale is fine, trailing zeros too
SELECT pricemath.allocate(10, '{1,2}'::numeric[], 4);
SELECT pricemath.allocate(10.000, '{1,2}'::numeric[]);
SELECT pricemath.allocate(7, '{1,1}'::numeric[], 0);
-- negative places: shares in tens, hundreds
SELECT pricemath.allocate(1000, '{1,1,1}'::numeric[], -2);
-- weights of any scale; the default places is 2
SELECT pricemath.allocate(99.99, '{0.5, 0.25, 0.125, 0.125}'::numeric[]);
-- byte-identical to PostgreSQL's own numeric of that value and scale
WITH r AS (SELECT pricemath.allocate(100.00, '{1,1,1,0}'::numeric[]) AS got,
                  ARRAY[33.34, 33.33, 33.33, 0.00]::numeric[] AS want)
SELECT got::text = want::text AS same_text, pg_column_size(got) = pg_column_size(want) AS same_size FROM r;

-- float8 weights: each is the decimal PostgreSQL prints for it
SELECT pricemath.allocate(0.05, '{0.3, 0.7}'::float8[]);
SELECT pricemath.allocate(100, '{0.1, 0.2, 0.3, 0.4}'::float8[]);
SELECT pricemath.allocate(1, '{1e-300, 1e-300}'::float8[]) AS beyond_int128;
SELECT pricemath.allocate(1, '{1e300, 2e300, -0}'::float8[]) AS beyond_int128;
SELECT pricemath.allocate(10, '{1, NULL, 1}'::float8[]);

-- beyond int128: the exact numeric fallback gives the same rules
SELECT pricemath.allocate(1000000000000000000000000000000000000000.00, '{1,1,1}'::numeric[]);
SELECT pricemath.allocate(100.00, '{1,1,99999999999999999999999999999999999999999}'::numeric[]);
SELECT pricemath.allocate(-100.00, '{1,1,99999999999999999999999999999999999999999}'::numeric[]);
SELECT pricemath.allocate(1, '{1,1,1}'::numeric[], 40);
SELECT sum(x) FROM unnest(pricemath.allocate(1000000000000000000000000000000000000000.01, '{3,7,11,13}'::numeric[])) x;
-- both paths agree where both apply
SELECT pricemath.allocate(100.00, '{1,2,3,4,5,6,7}'::numeric[]) =
       (pricemath.allocate(100.00, '{1,2,3,4,5,6,7}'::numeric[] || '{0.00000000000000000000000000000000000000000000000001}'::numeric[]))[1:7]
       AS fast_equals_fallback;

-- shapes and NULLs
SELECT pricemath.allocate(NULL, '{1,2}'::numeric[]);
-- an untyped literal matches both weights types: cast it
SELECT pg_temp.err($$SELECT pricemath.allocate(100, '{1,1,1}')$$);
SELECT pricemath.allocate(1, NULL::numeric[]);
SELECT pricemath.allocate(1, '{1,2}'::numeric[], NULL);
SELECT pricemath.allocate(10.00, '{1, NULL, 3}'::numeric[]) AS null_weight_gives_null;
SELECT pricemath.allocate(10.00, '[0:2]={1,1,2}'::numeric[]) AS keeps_lower_bound;
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{NULL,NULL}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{{1,2},{3,4}}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{{1,2},{3,4}}'::float8[])$$);

-- contracts
SELECT pg_temp.err($$SELECT pricemath.allocate(0.005, '{1,1}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(10.5, '{1,1}'::numeric[], 0)$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1050, '{1,1}'::numeric[], -2)$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1000000000000000000000000000000000000000.001, '{1,1}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,-1}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '[0:2]={1,1,-0.5}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,-99999999999999999999999999999999999999999}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,-2.5}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{0,0.00}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{0,-0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,2}'::numeric[], 1001)$$);
SELECT pg_temp.err($$SELECT pricemath.allocate('NaN', '{1,2}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate('-Infinity', '{1,2}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,NaN}'::numeric[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,Infinity}'::float8[])$$);
SELECT pg_temp.err($$SELECT pricemath.allocate(1, '{1,-Infinity}'::numeric[])$$);
