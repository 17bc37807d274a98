-- Schedule catalog_reprice with pg_cron, as production would: every five
-- minutes.  pg_cron 1.4 starts jobs on the minute only, so the demo also adds
-- an entry that fires at the next minute, waits for its run to show in
-- cron.job_run_details and in the job's ledger, and then removes it.

SELECT cron.schedule('catalog-reprice', '*/5 * * * *',
                     $$CALL pricemath.run_job('catalog_reprice')$$) AS cron_job \gset
-- Paused while the demo runs its drill, so that its numbers do not move;
-- demo/finish.sql resumes it.
SELECT cron.alter_job(:cron_job, active => false) AS paused \gset

SELECT cron.schedule('catalog-reprice-demo', '* * * * *',
                     $$CALL pricemath.run_job('catalog_reprice')$$) AS demo_job \gset
SELECT to_char(date_trunc('minute', now()) + interval '1 minute', 'HH24:MI:SS') AS fires_at \gset
\echo pg_cron runs catalog_reprice at :fires_at; waiting for it ...

DO $$
BEGIN
    FOR i IN 1 .. 180 LOOP
        EXIT WHEN EXISTS (SELECT FROM cron.job_run_details d JOIN cron.job j ON j.jobid = d.jobid
                          WHERE j.jobname = 'catalog-reprice-demo' AND d.status IN ('succeeded', 'failed'));
        PERFORM pg_sleep(0.5);
    END LOOP;
    IF NOT EXISTS (SELECT FROM pricemath.job_run
                   WHERE job = 'catalog_reprice' AND triggered_by LIKE '%(pg_cron)') THEN
        RAISE EXCEPTION 'pg_cron did not run catalog_reprice within 90 seconds'
            USING HINT = 'See cron.job_run_details and the server log.';
    END IF;
END
$$;
SELECT cron.unschedule(:demo_job) AS unscheduled \gset

\echo == cron.job_run_details ==
SELECT jobid, status, return_message, to_char(start_time, 'HH24:MI:SS') AS started,
       round(extract(epoch FROM end_time - start_time) * 1000) AS ms
FROM cron.job_run_details WHERE jobid = :demo_job;

\echo == its run in the ledger ==
SELECT id AS run, status, triggered_by, to_char(started_at, 'HH24:MI:SS') AS started, rows_changed
FROM pricemath.job_run
WHERE job = 'catalog_reprice' AND triggered_by LIKE '%(pg_cron)'
ORDER BY id DESC LIMIT 1;
