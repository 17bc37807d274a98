-- Revert the last successful run: its before-images go back, in one
-- transaction; a price changed since would be left alone and reported.

SELECT max(id) AS reverted FROM pricemath.job_run
WHERE job = 'catalog_reprice' AND status = 'succeeded' AND reverts IS NULL \gset

CALL pricemath.revert_run(:reverted) \gset

\echo == revert run :revert_run_id of run :reverted ==
SELECT id AS run, status, reverts, rows_changed AS restored, warnings
FROM pricemath.job_run WHERE id = :revert_run_id;

SELECT count(*) AS changed_by_run, count(*) FILTER (WHERE c.prices = ch.old_value::numeric[]) AS back_to_before
FROM pricemath.job_change ch JOIN catalog c ON c.sku = ch.key
WHERE ch.run_id = :reverted;

SELECT ch.key AS sku, (ch.new_value::numeric[])[1:3] AS run_wrote, c.prices[1:3] AS now
FROM pricemath.job_change ch JOIN catalog c ON c.sku = ch.key
WHERE ch.run_id = :reverted ORDER BY ch.key LIMIT 3;
