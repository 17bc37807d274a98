-- Tiered pricing: tier_price and tier_total (volume, graduated)
\set VERBOSITY verbose
\i sql/include/err.sql

-- a table: units from 0 cost 1.00, from 10 cost 0.90, from 50 cost 0.80
SELECT q, pricemath.tier_price(q, '{0,10,50}', '{1.00,0.90,0.80}') AS unit_price,
       pricemath.tier_total(q, '{0,10,50}', '{1.00,0.90,0.80}', 'volume') AS volume,
       pricemath.tier_total(q, '{0,10,50}', '{1.00,0.90,0.80}') AS graduated
FROM unnest('{0, 1, 9.5, 10, 11, 49, 50, 60, 1000}'::numeric[]) AS q;
-- graduated agrees with pricing every unit at the tier it falls in
SELECT bool_and(pricemath.tier_total(q, '{0,10,50}', '{1.00,0.90,0.80}') =
                (SELECT coalesce(sum(pricemath.tier_price(u, '{0,10,50}', '{1.00,0.90,0.80}')), 0)
                 FROM generate_series(0, q - 1) u)) AS graduated_is_unit_by_unit
FROM generate_series(0, 120) q;
-- volume is quantity * tier_price; one tier makes both modes the same
SELECT bool_and(pricemath.tier_total(q, '{0,5,20}', '{3.50,3.25,2.999}', 'volume') =
                q * pricemath.tier_price(q, '{0,5,20}', '{3.50,3.25,2.999}')) AS volume_is_q_times_price
FROM generate_series(0, 40) q;
SELECT pricemath.tier_total(7.5, '{0}', '{2.40}', 'volume'), pricemath.tier_total(7.5, '{0}', '{2.40}', 'graduated');
-- modes are case-insensitive
SELECT pricemath.tier_total(12, '{0,10}', '{2,1}', 'VOLUME'), pricemath.tier_total(12, '{0,10}', '{2,1}', 'Graduated');
-- fractional thresholds and quantities; the scale is numeric's for the same expression
SELECT pricemath.tier_total(2.5, '{0, 0.5, 1.25}', '{10, 8.00, 6.5}');
SELECT (0.5 - 0) * 10 + (1.25 - 0.5) * 8.00 + (2.5 - 1.25) * 6.5 AS same_in_sql;
SELECT pricemath.tier_price(1.25, '{0, 0.5, 1.25}', '{10, 8.00, 6.5}'), pricemath.tier_price(1.2499, '{0, 0.5, 1.25}', '{10, 8.00, 6.5}');
SELECT pricemath.tier_total(0, '{0,10}', '{1.00,0.90}') AS zero_quantity, pricemath.tier_total(0, '{0,10}', '{1.00,0.90}', 'volume') AS zero_volume;
-- byte-identical to numeric's own result
SELECT pg_column_size(pricemath.tier_total(12, '{0,10}', '{2.00,1.50}')) = pg_column_size(23.00::numeric) AS same_size,
       pricemath.tier_total(12, '{0,10}', '{2.00,1.50}')::text;
-- lower bounds other than 1 are fine; only lengths must match
SELECT pricemath.tier_price(15, '[0:2]={0,10,50}', '{1.00,0.90,0.80}');

-- beyond int128: the exact numeric fallback
SELECT pricemath.tier_total(99999999999999999999999999999999999999999, '{0,10}', '{1.00,0.90}', 'volume');
SELECT pricemath.tier_total(99999999999999999999999999999999999999999, '{0,10}', '{1.00,0.90}');
SELECT pricemath.tier_total(20, '{0,10}', '{0.00000000000000000000000000000000000000001, 1}');
SELECT pricemath.tier_price(5, '{0, 0.000000000000000000000000000000000000000001, 99999999999999999999}', '{1,2,3}');
SELECT pricemath.tier_total(1e20, '{0, 0.000000000000000000000000000000000000001}', '{1, 2}');

-- NULLs, shapes, contracts
SELECT pricemath.tier_price(NULL, '{0}', '{1}'), pricemath.tier_total(1, '{0}', NULL), pricemath.tier_total(1, '{0}', '{1}', NULL);
SELECT pg_temp.err($$SELECT pricemath.tier_price(-1, '{0,10}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_total(-0.01, '{0,10}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{1,10}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{0,10,10}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_total(1, '[0:2]={0,10,5}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{0,99999999999999999999999999999999999999999,5}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{}', '{}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{0,10}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{{0,10}}', '{{1,2}}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{0,NULL}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_total(1, '{0,10}', '{1,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price('NaN', '{0,10}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price('Infinity', '{0,10}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_price(1, '{0,Infinity}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_total(1, '{0,10}', '{1,NaN}')$$);
SELECT pg_temp.err($$SELECT pricemath.tier_total(1, '{0,10}', '{1,2}', 'stepped')$$);
