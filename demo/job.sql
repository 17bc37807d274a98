-- The demo job: a surcharge on every tier, shown next to the old prices.
\echo
\echo '== catalog =='
SELECT sku, name, prices FROM catalog ORDER BY sku;

\echo '== add a 0.50 handling surcharge to every tier (exact numeric) =='
SELECT sku, prices AS old_prices, pricemath.add(prices, 0.50) AS new_prices
FROM catalog ORDER BY sku;

\echo '== tier-by-tier sum of two price lists =='
SELECT pricemath.add('{24.90, 23.50, 21.75}'::numeric[], '{0.10, 0.05, 0.01}'::numeric[]) AS summed;

\echo '== bad input is rejected, never wrapped or turned into NaN =='
\set ON_ERROR_STOP 0
SELECT pricemath.add('{24.90, NaN}'::numeric[], 1);
\set ON_ERROR_STOP 1
