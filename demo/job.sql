-- The demo job: a repricing step on the sample catalog, the guardrails'
-- report, an input contract, and an allocation.
\echo
\echo '== catalog (EUR, tiers for 1, 10 and 100 units) =='
SELECT sku, name, prices FROM catalog ORDER BY sku;

\echo '== the catalog keeps bad prices out: a CHECK constraint with an input contract =='
ALTER TABLE catalog ADD CONSTRAINT prices_valid CHECK (pricemath.is_price_array(prices, 0, NULL, 2));
\set ON_ERROR_STOP 0
UPDATE catalog SET prices = '{24.90, -1, 21.75}' WHERE sku = 'A-100';
\set ON_ERROR_STOP 1
SELECT pricemath.price_array_violation('{24.90, -1.50, 21.75}'::numeric[]) AS why;

\echo '== repricing: 35% markup, convert to USD at 1.0831 (2 places), .99 endings, at most +-10% per run =='
CREATE TEMP TABLE repriced AS
SELECT sku, prices AS old_prices,
       pricemath.apply_ending(pricemath.convert(pricemath.markup(prices, 0.35), 1.0831, 2), 1, 0.99, 'down') AS target
FROM catalog;
SELECT sku, old_prices, target,
       pricemath.limit_change(old_prices, target, 0.10, 0.10, 2) AS new_prices,
       pricemath.guard_report(old_prices, target, pricemath.limit_change(old_prices, target, 0.10, 0.10, 2)) AS report
FROM repriced ORDER BY sku;

\echo '== write back in one UPDATE (the cap wins over the ending); the constraint still holds =='
UPDATE catalog c SET prices = pricemath.limit_change(c.prices, r.target, 0.10, 0.10, 2)
FROM repriced r WHERE r.sku = c.sku;
SELECT sku, prices FROM catalog ORDER BY sku;

\echo '== split a 100.00 freight charge over the tier-1 prices; the parts add up to the total =='
SELECT pricemath.allocate(100.00, array_agg(prices[1] ORDER BY sku)) AS shares,
       pricemath.array_sum(pricemath.allocate(100.00, array_agg(prices[1] ORDER BY sku))) AS total
FROM catalog;

\echo '== bad input is rejected, never wrapped or turned into NaN =='
\set ON_ERROR_STOP 0
SELECT pricemath.add('{24.90, NaN}'::numeric[], 1);
SELECT pricemath.markup('{24.90}'::numeric[], -1.5);
\set ON_ERROR_STOP 1
