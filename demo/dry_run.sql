-- A dry run: what would a markup of 36% instead of 35% do?  It runs every
-- stage as a real run would, then rolls back and keeps only the ledger: the
-- counts and a sample of the changes it would make.

SELECT checksum AS before_sum FROM catalog_checksum \gset

CALL pricemath.run_job('catalog_reprice', '{"markup": 0.36}', dry_run => true) \gset

SELECT checksum AS after_sum FROM catalog_checksum \gset

\echo == dry run :run_id with markup 0.36 ==
SELECT r.status, r.rows_changed AS would_change, s.detail->'unchanged' AS unchanged,
       :'before_sum' = :'after_sum' AS catalog_unchanged
FROM pricemath.job_run r
JOIN pricemath.job_stage_run s ON s.run_id = r.id AND s.name = 'publish'
WHERE r.id = :run_id;

SELECT name AS "check", status, message
FROM pricemath.job_stage_run WHERE run_id = :run_id AND kind = 'check' ORDER BY position;

\echo == the diff it would make (first three tiers, a sample) ==
SELECT e->>'key' AS sku, ((e->>'old')::numeric[])[1:3] AS now, ((e->>'new')::numeric[])[1:3] AS would_be
FROM pricemath.job_stage_run s, jsonb_array_elements(s.detail->'sample') AS e
WHERE s.run_id = :run_id AND s.name = 'publish'
ORDER BY e->>'key' LIMIT 5;
