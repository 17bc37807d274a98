-- Job runner privileges: row level security limits each role to the jobs,
-- runs and before-images of roles it is a member of, and stage SQL runs
-- with the job owner's privileges, whoever calls run_job.
--
-- psql shows errors by SQLSTATE only (messages of failed runs name run
-- ids); the helpers show the messages with run ids written as <id>.
\set SHOW_CONTEXT never
\set VERBOSITY sqlstate
\i sql/include/err.sql
-- errors show run ids as <id>
CREATE OR REPLACE FUNCTION pg_temp.err_shown(t text) RETURNS text LANGUAGE sql AS $f$
  SELECT regexp_replace(t, '\mrun \d+', 'run <id>', 'g')
$f$;

CREATE ROLE regress_pricemath_owner NOLOGIN;
CREATE ROLE regress_pricemath_other NOLOGIN;
CREATE ROLE regress_pricemath_member NOLOGIN;
GRANT regress_pricemath_owner TO regress_pricemath_member;
GRANT USAGE ON SCHEMA pricemath TO regress_pricemath_owner, regress_pricemath_other;
GRANT CREATE ON SCHEMA public TO regress_pricemath_owner;
-- who ran a stage (or a trigger it queued), in which run
CREATE TABLE priv_who (who name, run_id bigint, via text);
GRANT INSERT ON priv_who TO regress_pricemath_owner;
CREATE TABLE priv_catalog (sku text PRIMARY KEY, price numeric(12,2));
INSERT INTO priv_catalog VALUES ('P1', 10.00), ('P2', 20.00);
ALTER TABLE priv_catalog OWNER TO regress_pricemath_owner;

-- The owner's job, run by the owner
SET ROLE regress_pricemath_owner;
INSERT INTO pricemath.job (name) VALUES ('priv_job');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
VALUES ('priv_job', 1, 'who', 'step', $$INSERT INTO public.priv_who SELECT current_user, pricemath.current_run_id(), 'stage'$$);
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('priv_job', 2, 'reprice', 'apply', 'SELECT sku, price + 1 FROM public.priv_catalog', 'public.priv_catalog', 'sku', 'price');
CALL pricemath.run_job('priv_job') \gset
\set owner_run :run_id
SELECT name, owner FROM pricemath.job WHERE name = 'priv_job';
SELECT status, owner, rows_changed FROM pricemath.job_run WHERE id = :owner_run;
SELECT count(*) AS before_images FROM pricemath.job_change WHERE run_id = :owner_run;
RESET ROLE;

-- Another role sees none of it
SET ROLE regress_pricemath_other;
SELECT (SELECT count(*) FROM pricemath.job WHERE name = 'priv_job') AS jobs,
       (SELECT count(*) FROM pricemath.job_stage WHERE job = 'priv_job') AS stages,
       (SELECT count(*) FROM pricemath.job_run WHERE job = 'priv_job') AS runs,
       (SELECT count(*) FROM pricemath.job_stage_run WHERE run_id = :owner_run) AS stage_runs,
       (SELECT count(*) FROM pricemath.job_change WHERE run_id = :owner_run) AS before_images,
       (SELECT count(*) FROM pricemath.job_health WHERE job = 'priv_job') AS health;
-- cannot run, revert or lock it: to this role the job and the run do not exist
SELECT pg_temp.err($$CALL pricemath.run_job('priv_job')$$) AS run_job;
SELECT pg_temp.err(format('CALL pricemath.revert_run(%s)', :owner_run)) AS revert_run;
SELECT pg_temp.err($$SELECT pricemath._job_lock('priv_job', false)$$) AS job_lock;
-- cannot change it, nor add a stage to it
WITH u AS (UPDATE pricemath.job SET enabled = false WHERE name = 'priv_job' RETURNING 1)
SELECT count(*) AS jobs_updated FROM u;
WITH d AS (DELETE FROM pricemath.job_stage WHERE job = 'priv_job' RETURNING 1)
SELECT count(*) AS stages_deleted FROM d;
WITH d AS (DELETE FROM pricemath.job WHERE name = 'priv_job' RETURNING 1)
SELECT count(*) AS jobs_deleted FROM d;
SELECT pg_temp.err($$INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
                     VALUES ('priv_job', 3, 'more', 'step', 'SELECT 1')$$) AS add_stage;
-- cannot create a job for the owner, nor give its own job to the owner
SELECT pg_temp.err($$INSERT INTO pricemath.job (name, owner) VALUES ('priv_for_owner', 'regress_pricemath_owner')$$) AS insert_for_owner;
INSERT INTO pricemath.job (name) VALUES ('priv_other_job');
SELECT name, owner FROM pricemath.job WHERE name = 'priv_other_job';
SELECT pg_temp.err($$UPDATE pricemath.job SET owner = 'regress_pricemath_owner' WHERE name = 'priv_other_job'$$) AS give_to_owner;
-- cannot add runs to the owner's job's ledger
SELECT pg_temp.err($$INSERT INTO pricemath.job_run (job, owner, status, started_at, triggered_by, pid)
                     VALUES ('priv_job', 'regress_pricemath_other', 'succeeded', now(), 'forged', 0)$$) AS forge_run;
-- cannot run SQL as a role it is not a member of through the runner's internals
SELECT pg_temp.err($$SELECT * FROM pricemath._job_exec('select 1', 'postgres', '1 min', '1 min', 'infinity', NULL, 'j', 's', false)$$) AS exec_as_postgres;
SELECT pg_temp.err($$SELECT * FROM pricemath._job_exec('select 1', 'regress_pricemath_owner', '1 min', '1 min', 'infinity', NULL, 'j', 's', false)$$) AS exec_as_owner;
SELECT rows FROM pricemath._job_exec('select 1', 'regress_pricemath_other', '1 min', '1 min', 'infinity', NULL, 'j', 's', false) AS exec_as_itself;
RESET ROLE;
SELECT enabled FROM pricemath.job WHERE name = 'priv_job';
SELECT count(*) AS stages FROM pricemath.job_stage WHERE job = 'priv_job';

-- A member of the owner sees, runs and reverts the owner's jobs, creates
-- jobs for the owner and gives its own jobs to the owner
SET ROLE regress_pricemath_member;
SELECT (SELECT count(*) FROM pricemath.job WHERE name = 'priv_job') AS jobs,
       (SELECT count(*) FROM pricemath.job_stage WHERE job = 'priv_job') AS stages,
       (SELECT count(*) FROM pricemath.job_run WHERE job = 'priv_job') AS runs,
       (SELECT count(*) FROM pricemath.job_stage_run WHERE run_id = :owner_run) AS stage_runs,
       (SELECT count(*) FROM pricemath.job_change WHERE run_id = :owner_run) AS before_images,
       (SELECT count(*) FROM pricemath.job_health WHERE job = 'priv_job') AS health;
CALL pricemath.revert_run(:owner_run) \gset
CALL pricemath.run_job('priv_job') \gset
SELECT status, owner, triggered_by FROM pricemath.job_run WHERE id = :run_id;
INSERT INTO pricemath.job (name, owner) VALUES ('priv_member_for_owner', 'regress_pricemath_owner');
INSERT INTO pricemath.job (name) VALUES ('priv_member_job');
UPDATE pricemath.job SET owner = 'regress_pricemath_owner' WHERE name = 'priv_member_job';
SELECT name, owner FROM pricemath.job WHERE name LIKE 'priv\_member%' ORDER BY name;
RESET ROLE;

-- A superuser's run: the stage still runs as the job's owner
CALL pricemath.run_job('priv_job') \gset
SELECT status, owner, triggered_by FROM pricemath.job_run WHERE id = :run_id;
SELECT w.via, w.who, r.triggered_by
FROM priv_who w JOIN pricemath.job_run r ON r.id = w.run_id ORDER BY r.id;
SELECT * FROM priv_catalog ORDER BY sku;

-- Another role cannot slip before-images into a superuser's run: its revert
-- would restore them with the superuser's privileges
INSERT INTO pricemath.job (name) VALUES ('priv_admin');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('priv_admin', 1, 'set P1', 'apply', $$SELECT 'P1', 100$$, 'priv_catalog', 'sku', 'price');
CALL pricemath.run_job('priv_admin') \gset
\set admin_run :run_id
SET ROLE regress_pricemath_other;
SELECT pg_temp.err(format($$INSERT INTO pricemath.job_change (run_id, position, key, old_value, new_value, owner)
                            VALUES (%s, 1, 'P2', '0.01', '22.00', 'regress_pricemath_other')$$, :admin_run)) AS forge_change;
RESET ROLE;
CALL pricemath.revert_run(:admin_run) \gset
SELECT * FROM priv_catalog ORDER BY sku;

-- Stage SQL cannot leave the owner's privileges
INSERT INTO pricemath.job (name, owner) VALUES ('priv_escape', 'regress_pricemath_owner');
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES ('priv_escape', 1, 'escape', 'step', 'RESET ROLE');
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'SET ROLE postgres' WHERE job = 'priv_escape';
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'SET LOCAL ROLE postgres' WHERE job = 'priv_escape';
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = $$SELECT set_config('role', 'postgres', false)$$ WHERE job = 'priv_escape';
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'SET SESSION AUTHORIZATION postgres' WHERE job = 'priv_escape';
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
UPDATE pricemath.job_stage SET sql = 'RESET SESSION AUTHORIZATION' WHERE job = 'priv_escape';
CALL pricemath.run_job('priv_escape') \gset
SELECT pg_temp.last_error(:'LAST_ERROR_SQLSTATE', :'LAST_ERROR_MESSAGE');
SELECT status, count(*) FROM pricemath.job_run WHERE job = 'priv_escape' GROUP BY status;
SELECT current_user, session_user;
-- nor run code as the caller through a trigger it queues for COMMIT
SET ROLE regress_pricemath_owner;
CREATE TABLE public.priv_bait (x int);
CREATE FUNCTION public.priv_bait_fn() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  INSERT INTO public.priv_who VALUES (current_user, NULL, 'deferred trigger');
  RETURN NULL;
END $f$;
CREATE CONSTRAINT TRIGGER priv_bait_deferred AFTER INSERT ON public.priv_bait
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.priv_bait_fn();
UPDATE pricemath.job_stage SET sql = 'INSERT INTO public.priv_bait VALUES (1)' WHERE job = 'priv_escape';
RESET ROLE;
CALL pricemath.run_job('priv_escape') \gset
BEGIN;
CALL pricemath.run_job('priv_escape') \gset
COMMIT;
SELECT via, who FROM priv_who WHERE via = 'deferred trigger';

-- Clean up.  Before-images have no foreign key to their run: delete them
-- with the jobs.
DELETE FROM pricemath.job_change c
WHERE c.run_id IN (SELECT r.id FROM pricemath.job_run r WHERE r.job LIKE 'priv\_%')
   OR c.owner IN ('regress_pricemath_owner'::regrole, 'regress_pricemath_other'::regrole,
                  'regress_pricemath_member'::regrole);
DELETE FROM pricemath.job WHERE name LIKE 'priv\_%';
SELECT count(*) AS jobs_left FROM pricemath.job WHERE name LIKE 'priv\_%';
DROP TABLE priv_who;
DROP OWNED BY regress_pricemath_owner, regress_pricemath_other, regress_pricemath_member;
DROP ROLE regress_pricemath_member, regress_pricemath_other, regress_pricemath_owner;
