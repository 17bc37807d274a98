-- What a run of catalog_reprice did, and why, on one screen.
--
--   psql -v run=42 -f demo/report.sql       (default: the newest successful run)

\if :{?run} \else
SELECT max(id) AS run FROM pricemath.job_run
WHERE job = 'catalog_reprice' AND status = 'succeeded' AND reverts IS NULL \gset
\endif

\echo == ledger: the newest runs of catalog_reprice ==
SELECT id AS run, to_char(started_at, 'HH24:MI:SS') AS started, triggered_by, status,
       round(extract(epoch FROM duration) * 1000) AS ms, rows_changed AS changed,
       COALESCE(failed_stage || ' ' || sqlstate,
                (SELECT string_agg(s.name || ' ' || s.status, ', ' ORDER BY s.position)
                 FROM pricemath.job_stage_run s
                 WHERE s.run_id = r.id AND s.status NOT IN ('succeeded')), '') AS note
FROM (SELECT * FROM pricemath.job_run WHERE job = 'catalog_reprice' ORDER BY id DESC LIMIT 6) r
ORDER BY id;

\echo == stages of run :run ==
SELECT name AS stage, kind, status, round(extract(epoch FROM duration) * 1000) AS ms, rows,
       COALESCE(left(message, 60), '') AS message
FROM pricemath.job_stage_run
WHERE run_id = :run AND attempt = (SELECT attempts FROM pricemath.job_run WHERE id = :run)
ORDER BY position;

\echo == rejects: rows that break the input contract, moved to catalog_rejects ==
SELECT regexp_replace(reason, '^element \d+: \S+ ', '') AS rule, count(*) AS rows,
       min(sku || ': ' || reason) AS example
FROM catalog_rejects
GROUP BY 1 ORDER BY 2 DESC, 1;

\echo == warnings of run :run ==
SELECT w AS warning FROM pricemath.job_run, unnest(warnings) AS w WHERE id = :run
UNION ALL
SELECT '(none)' FROM pricemath.job_run WHERE id = :run AND cardinality(warnings) = 0;

-- Run :run's change per product: the before- and after-images it kept, and
-- for the products it left alone their price now.
CREATE TEMP VIEW report_move AS
SELECT c.sku, r.currency, c.units_sold, k.elasticity, cur.budget_rate,
       COALESCE(ch.old_value::numeric[], c.prices) AS old_prices,
       COALESCE(ch.new_value::numeric[], c.prices) AS new_prices,
       COALESCE((ch.new_value::numeric[])[1] / (ch.old_value::numeric[])[1] - 1, 0) AS move
FROM catalog c
JOIN region r ON r.region = c.region
JOIN category k ON k.category = c.category
JOIN currency cur ON cur.code = r.currency
LEFT JOIN pricemath.job_change ch ON ch.run_id = :run AND ch.key = c.sku;

\echo == before/after: a sample of run :run (first three tiers) ==
SELECT sku, currency, old_prices[1:3] AS before, new_prices[1:3] AS after,
       to_char(100 * move, 'FMSG990.00') || '%' AS move
FROM (SELECT DISTINCT ON (currency) * FROM report_move WHERE move <> 0 ORDER BY currency, sku) first_per_currency
UNION ALL
(SELECT sku, currency, old_prices[1:3], new_prices[1:3], to_char(100 * move, 'FMSG990.00') || '%'
 FROM report_move ORDER BY move DESC, sku LIMIT 1)
UNION ALL
(SELECT sku, currency, old_prices[1:3], new_prices[1:3], to_char(100 * move, 'FMSG990.00') || '%'
 FROM report_move ORDER BY move, sku LIMIT 1);

\echo == price moves of run :run (first tier, every product) ==
WITH b AS (
    SELECT CASE WHEN move = 0 THEN 5
                ELSE width_bucket(move, ARRAY[-0.05, -0.02, -0.005, 0, 0.005, 0.02, 0.05]::numeric[]) + 1
                     + (move > 0)::int END AS bucket, count(*) AS n
    FROM report_move GROUP BY 1)
SELECT (ARRAY['-10% .. -5%', ' -5% .. -2%', ' -2% .. -0.5%', '-0.5% .. 0', 'unchanged',
              '  0 .. +0.5%', '+0.5% .. +2%', ' +2% .. +5%', ' +5% .. +10%'])[bucket] AS move,
       n AS products, repeat('#', ceil(40.0 * n / max(n) OVER ())::int) AS histogram
FROM b ORDER BY bucket;

-- Laspeyres weighs by last period's sales; Fisher also by the sales the
-- category's price elasticity expects at the new prices.
\echo == indices of run :run (first tier, in EUR at budget rates, every product) ==
SELECT round(pricemath.laspeyres(old_prices[1] / budget_rate, new_prices[1] / budget_rate, units_sold::numeric)::numeric, 4)
           AS laspeyres,
       round(pricemath.fisher((old_prices[1] / budget_rate)::float8, (new_prices[1] / budget_rate)::float8, units_sold::float8,
                              units_sold * ((new_prices[1] / old_prices[1])::float8 ^ -elasticity))::numeric, 4)
           AS fisher,
       count(*) AS products, count(*) FILTER (WHERE old_prices <> new_prices) AS changed,
       count(*) FILTER (WHERE move <> 0) AS first_tier_moved
FROM report_move;

DROP VIEW report_move;

\echo == job_health ==
SELECT job, last_status, date_trunc('second', last_success_age) AS last_success_age, stale,
       runs_24h, failures_24h, date_trunc('milliseconds', p95_duration) AS p95_duration
FROM pricemath.job_health WHERE job = 'catalog_reprice';
