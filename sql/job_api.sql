-- The job runner's SQL API end to end: run_job, revert_run, current_run_id,
-- job_param, the ledger (job_run, job_stage_run, job_change) and job_health,
-- on a small catalog.
--
-- A CALL at the top level of this file may COMMIT, and a failed run raises
-- its ERROR after its ledger is committed.  Messages name run ids, which
-- depend on the files run before this one, so psql shows only the SQLSTATE
-- (VERBOSITY sqlstate) and the messages are shown by the helpers below with
-- each run id written as its number among this file's runs ("run #3").
\set SHOW_CONTEXT never
\set VERBOSITY sqlstate

-- This file's runs (jobs named api_*), numbered in order.
CREATE VIEW pg_temp.api_runs AS
SELECT '#' || row_number() OVER (ORDER BY r.id) AS no, r.*
FROM pricemath.job_run r WHERE r.job LIKE 'api\_%';
-- runs(t): t with "run <id>" and "id <id>" written as "run #n" and "id #n"
CREATE FUNCTION pg_temp.runs(t text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
  FOR r IN SELECT id, no FROM pg_temp.api_runs LOOP
    t := regexp_replace(t, '\m(run|id) ' || r.id || '\M', '\1 ' || r.no, 'g');
  END LOOP;
  RETURN t;
END $f$;
\i sql/include/err.sql
-- errors show each run id as its number among this file's runs
CREATE OR REPLACE FUNCTION pg_temp.err_shown(t text) RETURNS text LANGUAGE sql AS $f$ SELECT pg_temp.runs(t) $f$;
-- last_run(job): the id of the job's latest run (a failed top-level CALL returns none)
CREATE FUNCTION pg_temp.last_run(job text) RETURNS bigint LANGUAGE sql AS $f$
  SELECT max(r.id) FROM pricemath.job_run r WHERE r.job = last_run.job
$f$;

-- Outside a run: no run id, no parameters
SELECT pricemath.current_run_id() AS run_id,
       pricemath.job_param('fx', 'd') AS with_default,
       pricemath.job_param('fx', NULL) AS null_default,
       pricemath.job_param(NULL) AS null_name,
       pricemath.job_param(NULL, 'd') AS null_name_with_default;
SELECT pg_temp.err($$SELECT pricemath.job_param('fx')$$);

CREATE TABLE api_catalog (sku text PRIMARY KEY, price numeric(12,2));
CREATE FUNCTION pg_temp.reset_catalog() RETURNS void LANGUAGE sql AS $f$
  DELETE FROM api_catalog;
  INSERT INTO api_catalog VALUES ('A1', 10.00), ('A2', 20.00), ('A3', 30.00), ('A4', NULL), ('A5', 50.00);
$f$;
SELECT pg_temp.reset_catalog();

-- A job with a step, a check and an apply stage
INSERT INTO pricemath.job (name, description, params)
VALUES ('api_reprice', 'convert the catalog at the fx rate', '{"fx": 1.0831}');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
    ('api_reprice', 1, 'count', 'step', 'SELECT sku FROM api_catalog'),
    ('api_reprice', 2, 'enough prices', 'check',
     $$SELECT count(price) >= 3, count(price) || ' priced rows' FROM api_catalog$$);
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('api_reprice', 3, 'reprice', 'apply',
        $$SELECT sku, round(price * pricemath.job_param('fx')::numeric, 2) FROM api_catalog WHERE price IS NOT NULL$$,
        'api_catalog', 'sku', 'price');
CALL pricemath.run_job('api_reprice') \gset
SELECT * FROM api_catalog ORDER BY sku;
SELECT id = :run_id AS returned_id, status, dry_run, attempts, params, triggered_by, failed_stage, sqlstate,
       message, warnings, rows_changed, reverts, changes_kept, finished_at >= started_at AS finished
FROM pricemath.job_run WHERE job = 'api_reprice';
SELECT attempt, position, name, kind, status, rows, sqlstate, message, detail, target, key_column, value_column
FROM pricemath.job_stage_run WHERE run_id = :run_id ORDER BY attempt, position;
SELECT position, key, old_value, new_value, owner FROM pricemath.job_change WHERE run_id = :run_id ORDER BY key;

-- job_param and current_run_id inside a stage; the call's params are merged
-- over the job's; a JSON null gives SQL NULL; numbers keep their scale;
-- objects, arrays and booleans come back as JSON text
CREATE TABLE api_seen (run_id bigint, fx text, note text, extra text, obj text, flag text, missing text, is_null boolean);
INSERT INTO pricemath.job (name, params) VALUES ('api_params', '{"fx": 1.0831, "note": "from the job", "flag": false}');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES ('api_params', 1, 'record', 'step', $$
INSERT INTO api_seen
SELECT pricemath.current_run_id(), pricemath.job_param('fx'), pricemath.job_param('note'),
       pricemath.job_param('extra', 'no extra'), pricemath.job_param('obj', 'no obj'), pricemath.job_param('flag'),
       pricemath.job_param('missing', 'default'), pricemath.job_param('note') IS NULL$$);
CALL pricemath.run_job('api_params') \gset
SELECT run_id = :run_id AS this_run, fx, note, extra, obj, flag, missing, is_null FROM api_seen;
DELETE FROM api_seen;
CALL pricemath.run_job('api_params', '{"note": null, "extra": 2.50, "obj": {"tiers": [1, 2.0]}, "flag": true}') \gset
SELECT run_id = :run_id AS this_run, fx, note, extra, obj, flag, missing, is_null FROM api_seen;
SELECT params FROM pricemath.job_run WHERE id = :run_id;
-- '{}' is no params of the call's own
CALL pricemath.run_job('api_params', '{}') \gset
SELECT params FROM pricemath.job_run WHERE id = :run_id;
-- the context ends with the run
SELECT pricemath.current_run_id() AS run_id_after, pricemath.job_param('fx', 'gone') AS fx_after;
-- a missing parameter inside a run: 22023, with a hint for runs
UPDATE pricemath.job_stage SET sql = $$SELECT pricemath.job_param('nope')$$ WHERE job = 'api_params';
CALL pricemath.run_job('api_params');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT status, failed_stage, sqlstate, message FROM pricemath.job_run WHERE id = pg_temp.last_run('api_params');
SELECT detail FROM pricemath.job_stage_run WHERE run_id = pg_temp.last_run('api_params');

-- The apply stage's counts: returned rows, rows changed, rows already at
-- the new value (a NULL over a NULL too), keys that match nothing (and a
-- NULL key); a NULL new value is written
SELECT pg_temp.reset_catalog();
INSERT INTO pricemath.job (name) VALUES ('api_counts');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('api_counts', 1, 'write', 'apply', $$
SELECT * FROM (VALUES ('A1', 11.00), ('A2', 20.00), ('A3', NULL), ('A4', NULL), ('ZZ', 1.00), (NULL, 5.00)) AS v (sku, price)$$,
        'api_catalog', 'sku', 'price');
CALL pricemath.run_job('api_counts') \gset
\set counts_run :run_id
SELECT * FROM api_catalog ORDER BY sku;
SELECT status, rows, detail FROM pricemath.job_stage_run WHERE run_id = :run_id;
SELECT key, old_value, new_value FROM pricemath.job_change WHERE run_id = :run_id ORDER BY key;
SELECT rows_changed, changes_kept FROM pricemath.job_run WHERE id = :run_id;
-- a dry run of it: the table is unchanged, no before-images, a sample of what would change
SELECT pg_temp.reset_catalog();
CALL pricemath.run_job('api_counts', dry_run => true) \gset
\set dry_run :run_id
SELECT * FROM api_catalog ORDER BY sku;
SELECT status, dry_run, attempts, rows_changed, changes_kept, message FROM pricemath.job_run WHERE id = :run_id;
SELECT status, rows, detail - 'sample' AS detail,
       (SELECT jsonb_agg(e ORDER BY e->>'key') FROM jsonb_array_elements(detail->'sample') e) AS sample
FROM pricemath.job_stage_run WHERE run_id = :run_id;
SELECT count(*) AS before_images FROM pricemath.job_change WHERE run_id = :run_id;

-- A duplicate key: 21000, nothing written
INSERT INTO pricemath.job (name) VALUES ('api_dup');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('api_dup', 1, 'write', 'apply', $$SELECT * FROM (VALUES ('A1', 1), ('A2', 2), ('A1', 3)) AS v (k, v)$$,
        'api_catalog', 'sku', 'price');
CALL pricemath.run_job('api_dup');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT * FROM api_catalog ORDER BY sku;
SELECT status, failed_stage, sqlstate, message, rows_changed, changes_kept FROM pricemath.job_run WHERE job = 'api_dup';

-- Checks.  A failing abort check (23514) stops the run, and what the apply
-- stage before it wrote is rolled back; the ledger shows both stages.
INSERT INTO pricemath.job (name) VALUES ('api_check');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('api_check', 1, 'raise', 'apply', $$SELECT sku, price + 100 FROM api_catalog$$, 'api_catalog', 'sku', 'price');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
VALUES ('api_check', 2, 'guard', 'check', $$SELECT max(price) < 100, 'max price is ' || max(price) FROM api_catalog$$);
CALL pricemath.run_job('api_check');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT * FROM api_catalog ORDER BY sku;
SELECT status, attempts, failed_stage, sqlstate, message, rows_changed, changes_kept
FROM pricemath.job_run WHERE job = 'api_check';
SELECT s.position, s.name, s.status, s.rows, s.sqlstate, s.message, s.detail
FROM pricemath.job_stage_run s JOIN pricemath.job_run r ON r.id = s.run_id WHERE r.job = 'api_check'
ORDER BY s.position;
SELECT count(*) AS before_images FROM pricemath.job_change c JOIN pricemath.job_run r ON r.id = c.run_id
WHERE r.job = 'api_check';
-- a check must return one row (21000) whose first column is boolean (42804);
-- NULL fails it
UPDATE pricemath.job_stage SET sql = 'SELECT true WHERE false' WHERE job = 'api_check' AND name = 'guard';
CALL pricemath.run_job('api_check');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'SELECT true FROM api_catalog' WHERE job = 'api_check' AND name = 'guard';
CALL pricemath.run_job('api_check');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = $$SELECT 1, 'one'$$ WHERE job = 'api_check' AND name = 'guard';
CALL pricemath.run_job('api_check');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'SELECT NULL::boolean' WHERE job = 'api_check' AND name = 'guard';
CALL pricemath.run_job('api_check');
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT s.status, s.sqlstate, s.message, s.detail
FROM pricemath.job_stage_run s JOIN pricemath.job_run r ON r.id = s.run_id
WHERE r.job = 'api_check' AND s.name = 'guard' ORDER BY s.run_id;
SELECT * FROM api_catalog ORDER BY sku;
-- inside a transaction block the failed run is a WARNING, and its ledger
-- row commits with the caller's transaction
BEGIN;
CALL pricemath.run_job('api_check') \gset
COMMIT;
SELECT status, sqlstate, message FROM pricemath.job_run WHERE id = :run_id;
-- a warn check: the run succeeds, with the check's message in warnings
UPDATE pricemath.job_stage SET sql = $$SELECT false, 'prices look high'$$, severity = 'warn'
WHERE job = 'api_check' AND name = 'guard';
CALL pricemath.run_job('api_check') \gset
SELECT status, warnings, rows_changed FROM pricemath.job_run WHERE id = :run_id;
SELECT position, name, status, rows, message FROM pricemath.job_stage_run WHERE run_id = :run_id ORDER BY position;
SELECT * FROM api_catalog ORDER BY sku;

-- A disabled job is skipped (recorded, with a NOTICE); so is a run within
-- min_interval of the last successful one
SELECT pg_temp.reset_catalog();
UPDATE pricemath.job SET enabled = false WHERE name = 'api_reprice';
CALL pricemath.run_job('api_reprice') \gset
SELECT status, attempts, message, rows_changed FROM pricemath.job_run WHERE id = :run_id;
UPDATE pricemath.job SET enabled = true, min_interval = '1 hour' WHERE name = 'api_reprice';
CALL pricemath.run_job('api_reprice') \gset
SELECT status, regexp_replace(message, 'started [0-9.]+ s ago', 'started <n> s ago') AS message
FROM pricemath.job_run WHERE id = :run_id;
SELECT * FROM api_catalog ORDER BY sku;
UPDATE pricemath.job SET min_interval = NULL WHERE name = 'api_reprice';

-- revert_run restores the before-images of a run (NULLs included), once
SELECT pg_temp.reset_catalog();
CALL pricemath.run_job('api_counts') \gset
\set counts_run :run_id
SELECT * FROM api_catalog ORDER BY sku;
CALL pricemath.revert_run(:counts_run) \gset
SELECT * FROM api_catalog ORDER BY sku;
SELECT no, status, rows_changed, warnings, changes_kept, reverts = :counts_run AS reverts_it
FROM pg_temp.api_runs WHERE id = :revert_run_id;
SELECT position, name, kind, status, rows, detail FROM pricemath.job_stage_run WHERE run_id = :revert_run_id;
SELECT key, old_value, new_value FROM pricemath.job_change WHERE run_id = :revert_run_id ORDER BY key;
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', :counts_run)) AS second_revert;
-- a row changed since the run is left alone, and the revert says so
CALL pricemath.run_job('api_counts') \gset
UPDATE api_catalog SET price = 12.00 WHERE sku = 'A1';
CALL pricemath.revert_run(:run_id) \gset
SELECT * FROM api_catalog ORDER BY sku;
SELECT pg_temp.runs(warnings::text) AS warnings FROM pricemath.job_run WHERE id = :revert_run_id;
SELECT detail FROM pricemath.job_stage_run WHERE run_id = :revert_run_id;
-- what cannot be reverted
SELECT pg_temp.err('CALL pricemath.revert_run(-1)') AS unknown_run;
SELECT pg_temp.err('CALL pricemath.revert_run(NULL)') AS null_run;
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', max(id))) AS failed_run FROM pricemath.job_run WHERE job = 'api_dup';
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', :dry_run)) AS dry_run;
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', max(id))) AS skipped_run
FROM pricemath.job_run WHERE job = 'api_reprice' AND status = 'skipped';
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', max(id))) AS changed_nothing
FROM pricemath.job_run WHERE job = 'api_params' AND status = 'succeeded';

-- run_job's arguments
SELECT pg_temp.err($$CALL pricemath.run_job('api_params', NULL)$$) AS null_params;
SELECT pg_temp.err($$CALL pricemath.run_job('api_params', '[1]')$$) AS array_params;
SELECT pg_temp.err($$CALL pricemath.run_job('api_params', '"fx"')$$) AS string_params;
SELECT pg_temp.err($$CALL pricemath.run_job('api_params', 'null')$$) AS json_null_params;
SELECT pg_temp.err($$CALL pricemath.run_job('api_params', dry_run => NULL)$$) AS null_dry_run;
SELECT pg_temp.err($$CALL pricemath.run_job('api_no_such_job')$$) AS unknown_job;
SELECT pg_temp.err($$CALL pricemath.run_job(NULL)$$) AS null_name;
SELECT count(*) AS runs_of_unknown_jobs FROM pricemath.job_run WHERE job IS NULL OR job = 'api_no_such_job';

-- Keys and values are compared and written as the target's column types
-- would be by UPDATE: a key that fits varchar(3) only when cut short
-- matches nothing, and a value too long for it is an error (22001)
CREATE TABLE api_codes (code varchar(3) PRIMARY KEY, label varchar(3));
INSERT INTO api_codes VALUES ('abc', 'old');
INSERT INTO pricemath.job (name) VALUES ('api_narrow');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('api_narrow', 1, 'label', 'apply', $$SELECT 'abcdef', 'new'$$, 'api_codes', 'code', 'label');
CALL pricemath.run_job('api_narrow') \gset
SELECT detail FROM pricemath.job_stage_run WHERE run_id = pg_temp.last_run('api_narrow');
SELECT * FROM api_codes;
UPDATE pricemath.job_stage SET sql = $$SELECT 'abc', 'newer'$$ WHERE job = 'api_narrow';
CALL pricemath.run_job('api_narrow') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT * FROM api_codes;
-- A number with more decimals than a numeric(12,2) column keeps is refused
-- (22003), not rounded as a plain UPDATE would
UPDATE pricemath.job_stage SET sql = $$SELECT 'A1', 10.005$$, target = 'api_catalog', key_column = 'sku',
    value_column = 'price' WHERE job = 'api_narrow';
CALL pricemath.run_job('api_narrow') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT price FROM api_catalog WHERE sku = 'A1';

-- Odd identifiers: a quoted mixed-case table, column names with spaces, a
-- key with a quote; trailing semicolons; huge and tiny values in a
-- numeric[] column are written back exactly
CREATE TABLE "Api Odd Catalog" ("Sku Code" text PRIMARY KEY, "Unit Price" numeric, "Tier Prices" numeric[]);
INSERT INTO "Api Odd Catalog" VALUES ('x y', 1.5, '{1,2}'), ('Q"uote', 2, '{3}'), ('untouched', 7, NULL);
INSERT INTO pricemath.job (name) VALUES ('api_odd');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
    ('api_odd', 1, 'double "unit" price', 'apply',
     E'SELECT "Sku Code", "Unit Price" * 2 FROM "Api Odd Catalog" WHERE "Sku Code" <> \'untouched\' ; ;\n  ',
     '"Api Odd Catalog"', 'Sku Code', 'Unit Price'),
    ('api_odd', 2, 'tiers', 'apply',
     $$SELECT 'x y', '{123456789012345678901234567890123456789012345678901234567890.123456789012345678901234567890,0.000000000000000000000000000000000000001000,-1e-20,NULL,0.00}'::numeric[];$$,
     '"Api Odd Catalog"', 'Sku Code', 'Tier Prices');
CALL pricemath.run_job('api_odd') \gset
SELECT "Sku Code", "Unit Price" FROM "Api Odd Catalog" ORDER BY 1;
SELECT "Tier Prices"::text = '{123456789012345678901234567890123456789012345678901234567890.123456789012345678901234567890,0.000000000000000000000000000000000000001000,-0.00000000000000000001,NULL,0.00}' AS exact
FROM "Api Odd Catalog" WHERE "Sku Code" = 'x y';
SELECT position, name, status, rows, detail, target, key_column, value_column
FROM pricemath.job_stage_run WHERE run_id = :run_id ORDER BY position;
CALL pricemath.revert_run(:run_id) \gset
SELECT "Sku Code", "Unit Price", "Tier Prices" FROM "Api Odd Catalog" ORDER BY 1;
-- a trailing semicolon followed by a comment, as a step accepts it
INSERT INTO pricemath.job (name) VALUES ('api_comment');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
    ('api_comment', 1, 'commented step', 'step', $$SELECT 1; -- a step$$);
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
    ('api_comment', 2, 'commented apply', 'apply', $$SELECT "Sku Code", "Unit Price" FROM "Api Odd Catalog"; -- writes nothing$$,
     '"Api Odd Catalog"', 'Sku Code', 'Unit Price');
CALL pricemath.run_job('api_comment') \gset
SELECT position, name, status, rows, sqlstate, detail FROM pricemath.job_stage_run
WHERE run_id = pg_temp.last_run('api_comment') ORDER BY position;

-- Health: one row per job
UPDATE pricemath.job SET expected_interval = '1 day' WHERE name IN ('api_reprice', 'api_dup');
SELECT job, last_status, stale, runs_24h, failures_24h, skips_24h, last_error_sqlstate,
       last_error_run_id = (SELECT max(id) FROM pricemath.job_run r WHERE r.job = h.job AND r.status = 'failed') AS last_error_is_last_failure
FROM pricemath.job_health h WHERE job LIKE 'api\_%' ORDER BY job;

-- Clean up.  Deleting a job deletes its runs, their stage rows and their before-images.
CREATE TEMP TABLE api_run_ids AS SELECT id FROM pg_temp.api_runs;
DELETE FROM pricemath.job WHERE name LIKE 'api\_%';
SELECT (SELECT count(*) FROM pricemath.job_run WHERE id IN (SELECT id FROM api_run_ids)) AS runs,
       (SELECT count(*) FROM pricemath.job_stage_run WHERE run_id IN (SELECT id FROM api_run_ids)) AS stage_runs,
       (SELECT count(*) FROM pricemath.job_change WHERE run_id IN (SELECT id FROM api_run_ids)) AS before_images;
DELETE FROM pricemath.job_change WHERE run_id IN (SELECT id FROM api_run_ids);
DROP TABLE api_catalog, api_seen, api_codes, "Api Odd Catalog", api_run_ids;
