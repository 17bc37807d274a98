-- The demo's end: the five-minute schedule resumes, and stays in place.
SELECT cron.alter_job(jobid, active => true) AS resumed FROM cron.job WHERE jobname = 'catalog-reprice' \gset

\echo == the cron schedule left in place ==
SELECT jobid, jobname, schedule, command, active FROM cron.job ORDER BY jobid;
