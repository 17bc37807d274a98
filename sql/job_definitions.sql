-- Job runner definitions: pricemath.job and pricemath.job_stage reject bad
-- rows at INSERT (or UPDATE) with a SQLSTATE and a message naming the rule.
\set SHOW_CONTEXT never
\i sql/include/err.sql
-- errors show only their first line, the SQLSTATE and message: a constraint's
-- DETAIL ("Failing row contains ...") holds the job's id from a sequence
CREATE OR REPLACE FUNCTION pg_temp.err_shown(t text) RETURNS text LANGUAGE sql AS $f$
  SELECT split_part(t, E'\n', 1)
$f$;

CREATE TABLE def_catalog (sku text PRIMARY KEY, price numeric(12,2), "Unit Price" numeric);
INSERT INTO pricemath.job (name) VALUES ('def_job');
-- the defaults
SELECT name, description, owner, enabled, max_attempts, retry_backoff, timeout, min_interval,
       expected_interval, keep_runs, keep_changes, params
FROM pricemath.job WHERE name = 'def_job';
-- one valid stage of each kind
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
    ('def_job', 1, 'prepare', 'step', 'SELECT 1'),
    ('def_job', 2, 'guard', 'check', 'SELECT true');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('def_job', 3, 'write', 'apply', 'SELECT sku, price FROM def_catalog', 'def_catalog', 'sku', 'price');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error, fallback_sql)
VALUES ('def_job', 4, 'optional', 'step', 'SELECT 1', 'fallback', 'SELECT 2');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, severity)
VALUES ('def_job', 5, 'soft guard', 'check', 'SELECT true', 'warn');
SELECT position, name, kind, timeout, severity, on_error, fallback_sql, target, key_column, value_column, keep_history
FROM pricemath.job_stage WHERE job = 'def_job' ORDER BY position;

-- Stages: kind, and what each kind needs and must not have.  An apply stage
-- without its target, key_column or value_column breaks the CHECK constraint
-- (the column trigger has nothing to look up).
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 10, 's', 'update', 'SELECT 1')$$) AS unknown_kind;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2')$$) AS apply_without_target;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'price')$$) AS apply_without_key_column;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'sku')$$) AS apply_without_value_column;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'price', 'price')$$) AS apply_key_is_value;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'def_catalog')$$) AS step_with_target;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'check', 'SELECT true', 'def_catalog', 'sku', 'price')$$) AS check_with_target;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, key_column)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'sku')$$) AS step_with_key_column;
-- on_error and fallback_sql go together; checks always abort
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'fallback')$$) AS fallback_without_fallback_sql;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, fallback_sql)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'SELECT 2')$$) AS fallback_sql_without_fallback;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error, fallback_sql)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'skip', 'SELECT 2')$$) AS fallback_sql_with_skip;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'retry')$$) AS unknown_on_error;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error)
                     VALUES ('def_job', 10, 's', 'check', 'SELECT true', 'skip')$$) AS check_with_skip;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error, fallback_sql)
                     VALUES ('def_job', 10, 's', 'check', 'SELECT true', 'fallback', 'SELECT true')$$) AS check_with_fallback;
-- severity: abort or warn, and warn only for checks
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, severity)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', 'warn')$$) AS warn_step;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, severity, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'warn', 'def_catalog', 'sku', 'price')$$) AS warn_apply;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, severity)
                     VALUES ('def_job', 10, 's', 'check', 'SELECT true', 'info')$$) AS unknown_severity;
-- stage timeout: positive (a day counts 24 hours, as interval comparison does)
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, timeout)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', '0')$$) AS stage_timeout_zero;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, timeout)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', '-1 second')$$) AS stage_timeout_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, timeout)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', '1 day -25 hours')$$) AS stage_timeout_mixed_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, timeout)
                     VALUES ('def_job', 10, 's', 'step', 'SELECT 1', NULL)$$) AS stage_timeout_null;
-- names, NULL sql, a duplicate name or position, an unknown job
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 10, '', 'step', 'SELECT 1')$$) AS stage_name_empty;
SELECT pg_temp.err(format($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                            VALUES ('def_job', 10, %L, 'step', 'SELECT 1')$$, repeat('s', 201))) AS stage_name_201;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 10, 's', 'step', NULL)$$) AS sql_null;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 10, 'prepare', 'step', 'SELECT 1')$$) AS duplicate_stage_name;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_job', 1, 's', 'step', 'SELECT 1')$$) AS duplicate_position;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('def_no_such_job', 1, 's', 'step', 'SELECT 1')$$) AS unknown_job;
-- the same stage name in another job is fine
INSERT INTO pricemath.job (name) VALUES ('def_job_2');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES ('def_job_2', 1, 'prepare', 'step', 'SELECT 1');

-- apply columns must be columns of the target (the trigger, 42703), also on UPDATE
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'code', 'price')$$) AS key_column_missing;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'sku', 'unit price')$$) AS value_column_missing;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_catalog', 'ctid', 'price')$$) AS key_column_system;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
                     VALUES ('def_job', 10, 's', 'apply', 'SELECT 1, 2', 'def_no_such_table', 'sku', 'price')$$) AS target_missing;
SELECT pg_temp.err($$UPDATE pricemath.job_stage SET key_column = 'code' WHERE job = 'def_job' AND position = 3$$) AS update_key_column_missing;
SELECT pg_temp.err($$UPDATE pricemath.job_stage SET kind = 'step' WHERE job = 'def_job' AND position = 3$$) AS update_apply_to_step;
-- a column name that needs quoting is a column like any other
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('def_job', 6, 'write unit price', 'apply', 'SELECT sku, "Unit Price" FROM def_catalog', 'def_catalog', 'sku', 'Unit Price');

-- Jobs
SELECT pg_temp.err($$INSERT INTO pricemath.job (name) VALUES ('')$$) AS name_empty;
SELECT pg_temp.err(format($$INSERT INTO pricemath.job (name) VALUES (%L)$$, repeat('j', 201))) AS name_201;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name) VALUES (NULL)$$) AS name_null;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name) VALUES ('def_job')$$) AS name_duplicate;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, timeout) VALUES ('def_bad', '0')$$) AS timeout_zero;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, timeout) VALUES ('def_bad', '-10 minutes')$$) AS timeout_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, max_attempts) VALUES ('def_bad', 0)$$) AS max_attempts_0;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, max_attempts) VALUES ('def_bad', 101)$$) AS max_attempts_101;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, retry_backoff) VALUES ('def_bad', '-1 second')$$) AS retry_backoff_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, keep_runs) VALUES ('def_bad', 0)$$) AS keep_runs_0;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, keep_changes) VALUES ('def_bad', -1)$$) AS keep_changes_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, min_interval) VALUES ('def_bad', '0')$$) AS min_interval_zero;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, expected_interval) VALUES ('def_bad', '-1 hour')$$) AS expected_interval_negative;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, params) VALUES ('def_bad', '[]')$$) AS params_array;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, params) VALUES ('def_bad', '"fx"')$$) AS params_string;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, params) VALUES ('def_bad', 'null')$$) AS params_json_null;
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, params) VALUES ('def_bad', NULL)$$) AS params_sql_null;
SELECT pg_temp.err($$UPDATE pricemath.job SET params = '1' WHERE name = 'def_job'$$) AS update_params_number;
-- the boundaries are accepted
INSERT INTO pricemath.job (name, max_attempts, retry_backoff, keep_runs, keep_changes, params)
VALUES (repeat('j', 200), 100, '0', 1, 0, '{}'), ('def_job_3', 1, '0', 1, 0, '{"fx": 1.0831}');
SELECT length(name), max_attempts, retry_backoff, keep_runs, keep_changes, params
FROM pricemath.job WHERE name IN (repeat('j', 200), 'def_job_3') ORDER BY 1;
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES ('def_job_3', 1, repeat('s', 200), 'step', 'SELECT 1');
SELECT count(*) AS bad_jobs FROM pricemath.job WHERE name = 'def_bad';

-- Cascades: renaming a job renames its stages' job; deleting it deletes them
UPDATE pricemath.job SET name = 'def_job_renamed' WHERE name = 'def_job';
SELECT job, position, name FROM pricemath.job_stage WHERE job IN ('def_job', 'def_job_renamed') ORDER BY job, position;
DELETE FROM pricemath.job WHERE name = 'def_job_renamed';
SELECT count(*) AS stages_of_deleted_job FROM pricemath.job_stage WHERE job IN ('def_job', 'def_job_renamed');
SELECT job, count(*) AS stages FROM pricemath.job_stage WHERE job LIKE 'def\_job%' GROUP BY job ORDER BY job;

-- Clean up
DELETE FROM pricemath.job WHERE name LIKE 'def\_%' OR name = repeat('j', 200);
SELECT count(*) AS stages_left FROM pricemath.job_stage WHERE job LIKE 'def\_%';
DROP TABLE def_catalog;
