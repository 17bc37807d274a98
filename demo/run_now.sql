-- Run the job once more, directly.  Pretend the FX rates must be at most 5
-- minutes old: today's quotes are 10 minutes old, so fx_fresh fails and its
-- fallback prices with the rates of the last good run.  Its targets are those
-- of that run, so this run moves only the prices that the cap held back.

CALL pricemath.run_job('catalog_reprice', '{"fx_max_age": "5 minutes"}') \gset

\echo == run :run_id, by CALL ==
SELECT name AS stage, status, rows, COALESCE(left(message, 90), '') AS message
FROM pricemath.job_stage_run WHERE run_id = :run_id ORDER BY attempt, position;
