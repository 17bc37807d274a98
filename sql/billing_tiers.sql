-- Billing tier tables: billing_tier, billing_price, billing_total (volume,
-- graduated, flat amounts) over inclusive up_to bounds, the last NULL for
-- an unbounded tier
\set VERBOSITY verbose
\i sql/include/err.sql

-- Stripe's documented examples ("Set up tiered pricing",
-- https://docs.stripe.com/subscriptions/pricing-models/tiered-pricing): the
-- tiers 1-5 at 7 USD, 6-10 at 6.5 USD, 11+ at 6 USD, i.e. up_to 5, 10, inf.
-- Volume, the page's table: 1 -> 7, 5 -> 35, 6 -> 39, 20 -> 120, 25 -> 150 USD.
-- Graduated, the page's table: 1 -> 7, 5 -> 35, 6 -> 41.50, 20 -> 127.50,
-- 25 -> 157.50 USD (5 x 7 + 1 x 6.5; 5 x 7 + 5 x 6.5 + 10 x 6; ... + 15 x 6).
SELECT q, pricemath.billing_tier(q, '{5,10,NULL}') AS tier,
       pricemath.billing_price(q, '{5,10,NULL}', '{7,6.5,6}') AS unit_price,
       pricemath.billing_total(q, '{5,10,NULL}', '{7,6.5,6}', 'volume') AS volume,
       pricemath.billing_total(q, '{5,10,NULL}', '{7,6.5,6}', 'graduated') AS graduated
FROM unnest('{1,5,6,20,25}'::numeric[]) AS q;
SELECT array_agg(pricemath.billing_total(q, '{5,10,NULL}', '{7,6.5,6}', 'volume') ORDER BY q)
         = '{7,35,39,120,150}' AS stripe_volume_table,
       array_agg(pricemath.billing_total(q, '{5,10,NULL}', '{7,6.5,6}', 'graduated') ORDER BY q)
         = '{7,35,41.50,127.50,157.50}' AS stripe_graduated_table
FROM unnest('{1,5,6,20,25}'::numeric[]) AS q;

-- A flat fee per tier (Stripe's flat_amount: "the flat billing amount for an
-- entire tier, regardless of the number of units in the tier", API reference
-- of Price tiers).  Stripe's "flat fee and overages" model (docs.stripe.com,
-- billing/subscriptions/usage-based-v1/use-cases/flat-fee-and-overages: 1,000
-- streams included in a 200 USD flat fee, usage 0-1000 at 0 USD, 1000+ at
-- 0.04 USD) as a graduated table; the totals are worked by hand, not
-- quoted: 0 and 1000 streams cost 200, 1500 cost 200 + 500 x 0.04 = 220.
SELECT q, pricemath.billing_total(q, '{1000,NULL}', '{0,0.04}', 'graduated', '{200,0}') AS graduated
FROM unnest('{0,1,1000,1001,1500}'::numeric[]) AS q;
-- graduated adds the flat amount of every tier the quantity reaches; volume
-- only that of the tier it falls in.  Tiers 1-5: 5.00 per unit + 10 flat,
-- 6-10: 4.00 + 20, 11+: 3.00 + 30.
SELECT q, pricemath.billing_total(q, '{5,10,NULL}', '{5.00,4.00,3.00}', 'graduated', '{10,20,30}') AS graduated,
       pricemath.billing_total(q, '{5,10,NULL}', '{5.00,4.00,3.00}', 'volume', '{10,20,30}') AS volume
FROM unnest('{0,1,5,6,10,11,12.5}'::numeric[]) AS q;
SELECT 5 * 5.00 + 10 + 5 * 4.00 + 20 + (12.5 - 10) * 3.00 + 30 AS graduated_12_5_in_sql,
       12.5 * 3.00 + 30 AS volume_12_5_in_sql;
-- a tier with only a flat amount: the first 100 units for 49 flat, then 0.25 each
SELECT q, pricemath.billing_total(q, '{100,NULL}', '{0,0.25}', 'graduated', '{49,0}') AS total
FROM unnest('{0,50,100,101,400}'::numeric[]) AS q;

-- The issue's table: units 1-9 at 2.00, 10-49 at 1.80, 50+ at 1.50.  One
-- up_to table serves both modes; the threshold form needs {0,10,50} for
-- volume and {0,9,49} for graduated.
SELECT q, pricemath.billing_total(q, '{9,49,NULL}', '{2.00,1.80,1.50}', 'volume') AS volume,
       pricemath.tier_total(q, '{0,10,50}', '{2.00,1.80,1.50}', 'volume') AS thresholds_volume,
       pricemath.billing_total(q, '{9,49,NULL}', '{2.00,1.80,1.50}', 'graduated') AS graduated,
       pricemath.tier_total(q, '{0,9,49}', '{2.00,1.80,1.50}', 'graduated') AS thresholds_graduated
FROM unnest('{0,1,9,10,49,50,51}'::numeric[]) AS q;
-- for integer quantities, volume over up_to {9,49,NULL} is volume over
-- thresholds {0,10,50}
SELECT bool_and(pricemath.billing_total(q, '{9,49,NULL}', '{2.00,1.80,1.50}', 'volume')::text =
                pricemath.tier_total(q, '{0,10,50}', '{2.00,1.80,1.50}', 'volume')::text) AS volume_maps
FROM generate_series(0, 120) q;
-- graduated over up_to {u1,...,NULL} is graduated over thresholds {0,u1,...}
-- for every quantity, fractional ones too, value and scale
SELECT bool_and(pricemath.billing_total(q, '{0.5,1.25,10,NULL}', '{10,8.00,6.5,0.125}', 'graduated')::text =
                pricemath.tier_total(q, '{0,0.5,1.25,10}', '{10,8.00,6.5,0.125}', 'graduated')::text) AS graduated_maps
FROM (SELECT (g / 100.0)::numeric AS q FROM generate_series(0, 1500, 7) g
      UNION ALL VALUES (0.5), (0.50), (1.25), (1.2500), (10), (10.000)) s;
-- graduated is the sum of each unit at its own tier's price
SELECT bool_and(pricemath.billing_total(q, '{9,49,NULL}', '{2.00,1.80,1.50}', 'graduated') =
                (SELECT coalesce(sum(pricemath.billing_price(u, '{9,49,NULL}', '{2.00,1.80,1.50}')), 0)
                 FROM generate_series(1, q) u)) AS graduated_is_unit_by_unit
FROM generate_series(0, 120) q;
-- volume is quantity * billing_price + the flat amount of that tier
SELECT bool_and(pricemath.billing_total(q, '{9,49,NULL}', '{2.00,1.80,1.50}', 'volume', '{5,3.5,0}')::text =
                (q * pricemath.billing_price(q, '{9,49,NULL}', '{2.00,1.80,1.50}') +
                 ('{5,3.5,0}'::numeric[])[pricemath.billing_tier(q, '{9,49,NULL}')])::text) AS volume_is_q_times_price
FROM generate_series(0, 60) q;
-- one unbounded tier: both modes are quantity * price (+ flat)
SELECT pricemath.billing_total(7.5, '{NULL}', '{2.40}', 'volume'), pricemath.billing_total(7.5, '{NULL}', '{2.40}', 'graduated'),
       pricemath.billing_total(7.5, '{NULL}', '{2.40}', 'graduated', '{1.5}'), pricemath.billing_tier(7.5, '{NULL}');
-- modes are case-insensitive
SELECT pricemath.billing_total(12, '{10,NULL}', '{2,1}', 'VOLUME'), pricemath.billing_total(12, '{10,NULL}', '{2,1}', 'Graduated');

-- Fractional quantities (metered GB): tier i holds (up_to[i-1], up_to[i]],
-- so 10 GB is the first tier's and 10.001 GB the second's
SELECT q, pricemath.billing_tier(q, '{10,100,NULL}') AS tier,
       pricemath.billing_total(q, '{10,100,NULL}', '{0.10,0.08,0.05}', 'volume') AS volume,
       pricemath.billing_total(q, '{10,100,NULL}', '{0.10,0.08,0.05}', 'graduated') AS graduated
FROM unnest('{0,0.5,10,10.000,10.001,99.99,100,250.125}'::numeric[]) AS q;
-- the scale is numeric's for the same SQL expression: a filled tier's width
-- is the difference of its bounds, the last tier's is quantity - up_to[k-1]
SELECT pricemath.billing_total(250.125, '{10,100,NULL}', '{0.10,0.08,0.05}', 'graduated') AS graduated,
       10 * 0.10 + (100 - 10) * 0.08 + (250.125 - 100) * 0.05 AS same_in_sql;
-- on a bound the tier is filled and the bound's own scale counts
SELECT pricemath.billing_total(10.000, '{10,NULL}', '{2,1}', 'graduated') AS on_bound_graduated,
       pricemath.billing_total(10.000, '{10,NULL}', '{2,1}', 'volume') AS on_bound_volume,
       pricemath.billing_total(10, '{10.00,NULL}', '{2,1}', 'graduated') AS bound_scale;
SELECT pricemath.billing_total(0, '{10,NULL}', '{1.00,0.90}', 'graduated') AS zero_graduated,
       pricemath.billing_total(0, '{10,NULL}', '{1.00,0.90}', 'volume') AS zero_volume,
       pricemath.billing_total(0.000, '{10,NULL}', '{1.00,0.90}', 'volume', '{0.5,0}') AS zero_flat;
-- byte-identical to numeric's own result
SELECT pg_column_size(pricemath.billing_total(12, '{10,NULL}', '{2.00,1.50}', 'graduated')) = pg_column_size(23.00::numeric) AS same_size,
       pricemath.billing_total(12, '{10,NULL}', '{2.00,1.50}', 'graduated')::text,
       pg_column_size(pricemath.billing_price(12, '{10,NULL}', '{2.00,1.50}')) = pg_column_size(1.50::numeric) AS price_same_size;
-- lower bounds other than 1: billing_tier gives up_to's own subscript; only lengths must match
SELECT pricemath.billing_tier(15, '[0:2]={10,50,NULL}'), pricemath.billing_price(15, '[0:2]={10,50,NULL}', '{1.00,0.90,0.80}'),
       pricemath.billing_total(15, '[0:2]={10,50,NULL}', '[5:7]={1.00,0.90,0.80}', 'volume', '[-1:1]={0,1,2}');
-- a table whose last bound is not NULL caps the quantity (see the error below)
SELECT pricemath.billing_tier(100, '{10,100}'), pricemath.billing_total(100, '{10,100}', '{2,1}', 'graduated');

-- beyond int128: the exact numeric fallback
SELECT pricemath.billing_total(99999999999999999999999999999999999999999, '{10,NULL}', '{1.00,0.90}', 'volume');
SELECT pricemath.billing_total(99999999999999999999999999999999999999999, '{10,NULL}', '{1.00,0.90}', 'graduated', '{1,99999999999999999999999999999999999999999}');
SELECT pricemath.billing_total(20, '{10,NULL}', '{0.00000000000000000000000000000000000000001, 1}', 'graduated');
SELECT pricemath.billing_tier(5, '{0.000000000000000000000000000000000000000001, 99999999999999999999,NULL}'),
       pricemath.billing_price(5, '{0.000000000000000000000000000000000000000001, 99999999999999999999,NULL}', '{1,2,3}');
SELECT pricemath.billing_total(1e20, '{0.000000000000000000000000000000000000001,NULL}', '{1, 2}', 'graduated');
SELECT pricemath.billing_total(1e20, '{0.000000000000000000000000000000000000001,NULL}', '{1, 2}', 'graduated')
     = 0.000000000000000000000000000000000000001 * 1 + (1e20 - 0.000000000000000000000000000000000000001) * 2 AS wide_same_in_sql;

-- NULLs: STRICT, NULL in, NULL out (a NULL flat_amounts too)
SELECT pricemath.billing_tier(NULL, '{1,NULL}'), pricemath.billing_price(1, NULL, '{1}'), pricemath.billing_total(1, '{NULL}', NULL, 'volume'),
       pricemath.billing_total(1, '{NULL}', '{1}', NULL), pricemath.billing_total(1, '{NULL}', '{1}', 'volume', NULL);

-- Contracts and their SQLSTATEs
SELECT pg_temp.err($$SELECT pricemath.billing_total(-1, '{10,NULL}', '{1,2}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(-0.01, '{10,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier('NaN', '{10,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_price('-Infinity', '{10,NULL}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{}', '{}', 'graduated')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{NULL,10}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '[0:2]={5,NULL,NULL}', '{1,2,3}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,NULL}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'graduated', '{NULL,0}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{Infinity,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_price(1, '{10,NaN}', '{1,2}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,NaN}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'volume', '{0,-Infinity}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{0,10,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{-5,10,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{10,10.0,NULL}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_price(1, '[0:2]={10,50,20}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{10,99999999999999999999999999999999999999999,5}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,-0.01}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_price(1, '{10,NULL}', '{-99999999999999999999999999999999999999999,1}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'graduated', '[0:1]={5,-1.50}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(100.5, '{10,100}', '{2,1}', 'graduated')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(99999999999999999999999999999999999999999, '{10,100}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_price(1, '{10,NULL}', '{1,2,3}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'volume', '{1}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_tier(1, '{{10,NULL}}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{{1,2}}', 'volume')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'volume', '{{0,0}}')$$);
SELECT pg_temp.err($$SELECT pricemath.billing_total(1, '{10,NULL}', '{1,2}', 'stepped')$$);
-- the threshold form is unchanged: a NULL in it is still an error, and a
-- four-argument call with up_to in thresholds' place is not ambiguous
SELECT pg_temp.err($$SELECT pricemath.tier_total(1, '{0,NULL}', '{1,2}', 'volume')$$);
SELECT pricemath.tier_total(12, '{0,10}', '{2,1}', 'volume') AS threshold_form, pricemath.tier_total(12, '{0,10}', '{2,1}') AS default_graduated;
