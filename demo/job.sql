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

\echo '== repricing: 35% markup, convert to USD at 1.0831 (2 places), at most +-10% per run, on the price ladder inside the cap =='
CREATE TEMP TABLE ladder AS
SELECT array_agg(bound ORDER BY bound) AS bounds, array_agg(step ORDER BY bound) AS steps,
       array_agg(ending ORDER BY bound) AS endings
FROM price_ladder;
CREATE TEMP TABLE repriced AS
SELECT sku, prices AS old_prices, pricemath.convert(pricemath.markup(prices, 0.35), 1.0831, 2) AS target
FROM catalog;
CREATE TEMP TABLE limited AS
SELECT r.sku, r.old_prices, r.target,
       pricemath.limit_change(r.old_prices, r.target, 0.10, 0.10, 2, bounds => l.bounds, steps => l.steps,
                              endings => l.endings, mode => 'down') AS new_prices
FROM repriced r, ladder l;
SELECT sku, old_prices, target, new_prices,
       pricemath.guard_report(old_prices, target, new_prices, 2, bounds => l.bounds, steps => l.steps,
                              endings => l.endings, mode => 'down') AS report
FROM limited, ladder l ORDER BY sku;

\echo '== write back in one UPDATE (every price on the ladder and inside the cap); the constraint still holds =='
UPDATE catalog c SET prices = l.new_prices
FROM limited l WHERE l.sku = c.sku;
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
