-- The job runner's PL/pgSQL is plpgsql_check clean: every function and
-- procedure in schema pricemath (a trigger function with its table), with
-- extra and other warnings.  Lists the offenders.
CREATE EXTENSION IF NOT EXISTS plpgsql_check;

CREATE TEMP TABLE checked AS
SELECT p.oid::regprocedure AS routine, p.prokind, t.tgrelid::regclass AS relid
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql'
LEFT JOIN pg_trigger t ON t.tgfoid = p.oid AND NOT t.tgisinternal
WHERE p.pronamespace = 'pricemath'::regnamespace;

SELECT c.routine, r.lineno, r.level, r.sqlstate, r.message, r.detail, r.hint, r.statement
FROM checked c
CROSS JOIN LATERAL plpgsql_check_function_tb(c.routine, COALESCE(c.relid, 0),
                                             extra_warnings => true, other_warnings => true,
                                             performance_warnings => false) r
ORDER BY c.routine::text COLLATE "C", r.lineno, r.message COLLATE "C";

-- So that an empty list means something: what was checked.  Trigger
-- functions were checked against a table.
SELECT count(*) AS routines, count(*) >= 10 AS at_least_10,
       count(*) FILTER (WHERE prokind = 'p') AS procedures,
       count(*) FILTER (WHERE relid IS NOT NULL) AS trigger_functions
FROM checked;
SELECT routine FROM checked
WHERE routine::regproc::text = ANY ('{pricemath.run_job,pricemath.revert_run,pricemath._job_run,pricemath._job_stage_validate}')
ORDER BY routine::text COLLATE "C";

DROP TABLE checked;
DROP EXTENSION plpgsql_check;
