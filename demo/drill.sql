-- Incident drill: the FX feed sends USD at 108.31 instead of 1.0831.  The
-- cap holds every USD price to +10%, so no price goes absurd, but the index
-- of the change breaks its bounds and index_move stops the run: nothing is
-- written, the ledger says why, and the alert goes out on pricemath_job.

SELECT checksum AS before_sum FROM catalog_checksum \gset

INSERT INTO fx_rate (currency, as_of, rate)
SELECT currency, now(), CASE WHEN currency = 'USD' THEN rate * 100 ELSE rate END
FROM (SELECT DISTINCT ON (currency) currency, rate FROM fx_rate ORDER BY currency, as_of DESC) newest;

\set ON_ERROR_STOP 0
\set SHOW_CONTEXT never
CALL pricemath.run_job('catalog_reprice');
\set SHOW_CONTEXT errors
\set ON_ERROR_STOP 1

SELECT checksum AS after_sum FROM catalog_checksum \gset

\echo == catalog checksum before and after the failed run ==
SELECT :'before_sum' AS before, :'after_sum' AS after, :'before_sum' = :'after_sum' AS unchanged;

\echo == the ledger ==
SELECT id AS run, status, failed_stage, sqlstate, message
FROM pricemath.job_run WHERE job = 'catalog_reprice' ORDER BY id DESC LIMIT 1;
SELECT s.name AS stage, s.status, COALESCE(left(s.message, 90), '') AS message
FROM pricemath.job_stage_run s
WHERE s.run_id = (SELECT max(id) FROM pricemath.job_run WHERE job = 'catalog_reprice') AND s.kind = 'check'
ORDER BY s.position;

-- The feed corrects its quote.
UPDATE fx_rate SET rate = rate / 100
WHERE currency = 'USD' AND as_of = (SELECT max(as_of) FROM fx_rate WHERE currency = 'USD');
