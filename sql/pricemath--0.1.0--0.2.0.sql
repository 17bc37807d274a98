-- pricemath 0.1.0 -> 0.2.0: the job runner (jobs as rows, run_job, revert_run,
-- the run ledger and the health view).
--
-- The schema is fixed by the control file (schema = pricemath), so the few
-- places that need a relation name as a string literal (sequence defaults,
-- pg_extension_config_dump) spell it 'pricemath.x'; everything else uses
-- @extschema@ unquoted.

\echo Use "ALTER EXTENSION pricemath UPDATE TO '0.2.0'" to load this file. \quit

-- Job definitions ----------------------------------------------------------

CREATE SEQUENCE @extschema@.job_id_seq;
CREATE SEQUENCE @extschema@.job_run_id_seq;

CREATE TABLE @extschema@.job (
    name text NOT NULL,
    id bigint NOT NULL DEFAULT pg_catalog.nextval('pricemath.job_id_seq'::pg_catalog.regclass),
    description text,
    owner pg_catalog.regrole NOT NULL
        DEFAULT pg_catalog.to_regrole(pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
    enabled boolean NOT NULL DEFAULT true,
    max_attempts integer NOT NULL DEFAULT 3,
    retry_backoff interval NOT NULL DEFAULT '1 second',
    timeout interval NOT NULL DEFAULT '10 minutes',
    min_interval interval,
    expected_interval interval,
    keep_runs integer NOT NULL DEFAULT 1000,
    keep_changes integer NOT NULL DEFAULT 24,
    params jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT job_pkey PRIMARY KEY (name),
    CONSTRAINT job_id_key UNIQUE (id),
    CONSTRAINT job_name_not_empty CHECK (name OPERATOR(pg_catalog.<>) ''),
    CONSTRAINT job_max_attempts_between_1_and_100
        CHECK (max_attempts OPERATOR(pg_catalog.>=) 1 AND max_attempts OPERATOR(pg_catalog.<=) 100),
    CONSTRAINT job_retry_backoff_not_negative
        CHECK (retry_backoff OPERATOR(pg_catalog.>=) '0'::interval),
    CONSTRAINT job_timeout_positive CHECK (timeout OPERATOR(pg_catalog.>) '0'::interval),
    CONSTRAINT job_min_interval_positive CHECK (min_interval OPERATOR(pg_catalog.>) '0'::interval),
    CONSTRAINT job_expected_interval_positive
        CHECK (expected_interval OPERATOR(pg_catalog.>) '0'::interval),
    CONSTRAINT job_keep_runs_positive CHECK (keep_runs OPERATOR(pg_catalog.>=) 1),
    CONSTRAINT job_keep_changes_not_negative CHECK (keep_changes OPERATOR(pg_catalog.>=) 0),
    CONSTRAINT job_params_is_object
        CHECK (pg_catalog.jsonb_typeof(params) OPERATOR(pg_catalog.=) 'object')
);
COMMENT ON TABLE @extschema@.job IS
    'job runner: one row per job; stages in job_stage; run with CALL pricemath.run_job(name)';

CREATE TABLE @extschema@.job_stage (
    job text NOT NULL,
    position integer NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    sql text NOT NULL,
    timeout interval NOT NULL DEFAULT '1 minute',
    severity text NOT NULL DEFAULT 'abort',
    on_error text NOT NULL DEFAULT 'abort',
    fallback_sql text,
    target pg_catalog.regclass,
    key_column name,
    value_column name,
    keep_history boolean NOT NULL DEFAULT true,
    CONSTRAINT job_stage_pkey PRIMARY KEY (job, position),
    CONSTRAINT job_stage_name_key UNIQUE (job, name),
    CONSTRAINT job_stage_job_fkey FOREIGN KEY (job) REFERENCES @extschema@.job (name)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT job_stage_name_not_empty CHECK (name OPERATOR(pg_catalog.<>) ''),
    CONSTRAINT job_stage_kind_is_step_check_or_apply
        CHECK (kind OPERATOR(pg_catalog.=) ANY ('{step,check,apply}'::text[])),
    CONSTRAINT job_stage_timeout_positive CHECK (timeout OPERATOR(pg_catalog.>) '0'::interval),
    CONSTRAINT job_stage_severity_is_abort_or_warn
        CHECK (severity OPERATOR(pg_catalog.=) ANY ('{abort,warn}'::text[])),
    CONSTRAINT job_stage_severity_warn_only_for_checks
        CHECK (severity OPERATOR(pg_catalog.=) 'abort' OR kind OPERATOR(pg_catalog.=) 'check'),
    CONSTRAINT job_stage_on_error_is_abort_skip_or_fallback
        CHECK (on_error OPERATOR(pg_catalog.=) ANY ('{abort,skip,fallback}'::text[])),
    CONSTRAINT job_stage_check_on_error_is_abort
        CHECK (kind OPERATOR(pg_catalog.<>) 'check' OR on_error OPERATOR(pg_catalog.=) 'abort'),
    CONSTRAINT job_stage_fallback_needs_fallback_sql
        CHECK ((on_error OPERATOR(pg_catalog.=) 'fallback') OPERATOR(pg_catalog.=) (fallback_sql IS NOT NULL)),
    CONSTRAINT job_stage_apply_needs_target_key_and_value
        CHECK (CASE WHEN kind OPERATOR(pg_catalog.=) 'apply'
                    THEN target IS NOT NULL AND key_column IS NOT NULL AND value_column IS NOT NULL
                         AND key_column OPERATOR(pg_catalog.<>) value_column
                    ELSE target IS NULL AND key_column IS NULL AND value_column IS NULL END)
);
COMMENT ON TABLE @extschema@.job_stage IS
    'job runner: the stages of each job, run in position order: step, check (guardrail) or apply (write-back with before-images)';

-- Run ledger ---------------------------------------------------------------

CREATE TABLE @extschema@.job_run (
    id bigint NOT NULL DEFAULT pg_catalog.nextval('pricemath.job_run_id_seq'::pg_catalog.regclass),
    job text NOT NULL,
    owner pg_catalog.regrole NOT NULL,
    status text NOT NULL,
    dry_run boolean NOT NULL DEFAULT false,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    duration interval,
    attempts integer NOT NULL DEFAULT 0,
    params jsonb NOT NULL DEFAULT '{}',
    triggered_by text NOT NULL,
    pid integer NOT NULL,
    failed_stage text,
    sqlstate text,
    message text,
    warnings text[] NOT NULL DEFAULT '{}',
    rows_changed bigint NOT NULL DEFAULT 0,
    reverts bigint,
    changes_kept boolean NOT NULL DEFAULT false,
    CONSTRAINT job_run_pkey PRIMARY KEY (id),
    CONSTRAINT job_run_job_fkey FOREIGN KEY (job) REFERENCES @extschema@.job (name)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT job_run_status_valid CHECK (status OPERATOR(pg_catalog.=) ANY
        ('{running,succeeded,failed,skipped,dry_run,abandoned}'::text[]))
);
CREATE INDEX job_run_job_id_idx ON @extschema@.job_run (job, id);
CREATE INDEX job_run_changes_kept_idx ON @extschema@.job_run (job, id) WHERE changes_kept;
CREATE INDEX job_run_reverts_idx ON @extschema@.job_run (reverts) WHERE reverts IS NOT NULL;
COMMENT ON TABLE @extschema@.job_run IS
    'job runner ledger: one row per run (also skipped, failed and abandoned ones); the newest keep_runs per job are kept';

CREATE TABLE @extschema@.job_stage_run (
    run_id bigint NOT NULL,
    attempt integer NOT NULL,
    position integer NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    started_at timestamptz NOT NULL,
    duration interval NOT NULL,
    rows bigint,
    sqlstate text,
    message text,
    detail jsonb,
    target pg_catalog.regclass,
    key_column name,
    value_column name,
    CONSTRAINT job_stage_run_pkey PRIMARY KEY (run_id, attempt, position),
    CONSTRAINT job_stage_run_run_id_fkey FOREIGN KEY (run_id) REFERENCES @extschema@.job_run (id)
        ON DELETE CASCADE,
    CONSTRAINT job_stage_run_status_valid CHECK (status OPERATOR(pg_catalog.=) ANY
        ('{succeeded,failed,skipped,fallback,warned}'::text[]))
);
COMMENT ON TABLE @extschema@.job_stage_run IS
    'job runner ledger: one row per stage per attempt of a run, with its duration, rows and outcome';

-- Before-images of apply stages.  No foreign key: 100,000 referential checks
-- per run would cost more than the write-back itself; _job_trim removes
-- them with their run.
CREATE TABLE @extschema@.job_change (
    run_id bigint NOT NULL,
    position integer NOT NULL,
    key text,
    old_value text,
    new_value text,
    owner pg_catalog.regrole NOT NULL
);
CREATE INDEX job_change_run_idx ON @extschema@.job_change (run_id, position);
COMMENT ON TABLE @extschema@.job_change IS
    'job runner: before- and after-images (as text) of the rows each apply stage changed; kept for the newest keep_changes runs of a job';

-- Privileges: every role with USAGE on the schema may use the runner; row
-- level security limits each role to the jobs, runs and changes of roles it
-- is a member of, the tables' owner included (FORCE).

GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.job, @extschema@.job_stage,
    @extschema@.job_run, @extschema@.job_stage_run, @extschema@.job_change TO PUBLIC;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.job_id_seq, @extschema@.job_run_id_seq TO PUBLIC;

ALTER TABLE @extschema@.job ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job FORCE ROW LEVEL SECURITY;
CREATE POLICY job_of_member_roles ON @extschema@.job
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'))
    WITH CHECK (pg_catalog.pg_has_role(owner, 'MEMBER'));

ALTER TABLE @extschema@.job_stage ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_stage FORCE ROW LEVEL SECURITY;
CREATE POLICY job_stage_of_visible_jobs ON @extschema@.job_stage
    USING (EXISTS (SELECT FROM @extschema@.job j WHERE j.name OPERATOR(pg_catalog.=) job_stage.job))
    WITH CHECK (EXISTS (SELECT FROM @extschema@.job j WHERE j.name OPERATOR(pg_catalog.=) job_stage.job));

ALTER TABLE @extschema@.job_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_run FORCE ROW LEVEL SECURITY;
CREATE POLICY job_run_of_member_roles ON @extschema@.job_run
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'))
    WITH CHECK (pg_catalog.pg_has_role(owner, 'MEMBER'));

ALTER TABLE @extschema@.job_stage_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_stage_run FORCE ROW LEVEL SECURITY;
CREATE POLICY job_stage_run_of_visible_runs ON @extschema@.job_stage_run
    USING (EXISTS (SELECT FROM @extschema@.job_run r WHERE r.id OPERATOR(pg_catalog.=) job_stage_run.run_id))
    WITH CHECK (EXISTS (SELECT FROM @extschema@.job_run r WHERE r.id OPERATOR(pg_catalog.=) job_stage_run.run_id));

ALTER TABLE @extschema@.job_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_change FORCE ROW LEVEL SECURITY;
CREATE POLICY job_change_of_member_roles ON @extschema@.job_change
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'))
    WITH CHECK (pg_catalog.pg_has_role(owner, 'MEMBER'));

-- pg_dump dumps the definitions, the ledger and the sequences' positions.
SELECT pg_catalog.pg_extension_config_dump('pricemath.job', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_stage', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_run', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_stage_run', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_change', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('pricemath.job_run_id_seq', '');

-- C helpers (src/pm_job.c) ---------------------------------------------------

CREATE FUNCTION @extschema@.current_run_id() RETURNS bigint
    AS 'MODULE_PATHNAME', 'pricemath_current_run_id'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.current_run_id() IS
    'id of the job run (pricemath.job_run.id) whose stage is executing; NULL outside a run';

CREATE FUNCTION @extschema@.job_param(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_job_param'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.job_param(text) IS
    'the run''s parameter name (the call''s params merged over the job''s) as text; an unknown name raises 22023';

CREATE FUNCTION @extschema@.job_param(name text, default_value text) RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_job_param_default'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.job_param(text, text) IS
    'the run''s parameter name as text, or default_value when the run has no such parameter';

CREATE FUNCTION @extschema@._job_exec(sql text, owner pg_catalog.regrole, stage_timeout interval,
        deadline timestamptz, search_path text, job text, stage text, fetch boolean,
        OUT rows bigint, OUT types pg_catalog.regtype[], OUT vals text[])
    AS 'MODULE_PATHNAME', 'pricemath_job_exec'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_exec(text, pg_catalog.regrole, interval, timestamptz, text, text, text, boolean) IS
    'internal (job runner): runs sql as the role owner, which the caller must be a member of, cancelling it after stage_timeout or at deadline';

CREATE FUNCTION @extschema@._job_timed_out() RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_job_timed_out'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_timed_out() IS
    'internal (job runner): which budget the last _job_exec exceeded: stage, run or NULL';

CREATE FUNCTION @extschema@._job_lock(job text, session boolean) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pricemath_job_lock'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_lock(text, boolean) IS
    'internal (job runner): takes the run lock of a job visible to the caller without waiting; false when another session holds it';

CREATE FUNCTION @extschema@._job_unlock() RETURNS void
    AS 'MODULE_PATHNAME', 'pricemath_job_unlock'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_unlock() IS
    'internal (job runner): releases the run lock this session holds, if any';

CREATE FUNCTION @extschema@._job_context(run_id bigint, params jsonb) RETURNS void
    AS 'MODULE_PATHNAME', 'pricemath_job_context'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_context(bigint, jsonb) IS
    'internal (job runner): sets (or with NULLs clears) what current_run_id and job_param return';

CREATE FUNCTION @extschema@._job_nonatomic() RETURNS boolean
    AS 'MODULE_PATHNAME', 'pricemath_job_nonatomic'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_nonatomic() IS
    'internal (job runner): whether the calling procedure may COMMIT (CALL at top level, outside a transaction block)';

CREATE FUNCTION @extschema@._job_log(line jsonb) RETURNS void
    AS 'MODULE_PATHNAME', 'pricemath_job_log'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_log(jsonb) IS
    'internal (job runner): writes line to the server log as one LOG line of JSON';

-- Definition checks that need the catalog --------------------------------------

CREATE FUNCTION @extschema@._job_stage_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $validate$
BEGIN
    IF NEW.kind = 'apply' THEN
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid = NEW.target AND a.attname = NEW.key_column
                         AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'key_column "%" of apply stage "%" is not a column of "%"',
                NEW.key_column, NEW.name, NEW.target
                USING ERRCODE = 'undefined_column';
        END IF;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid = NEW.target AND a.attname = NEW.value_column
                         AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'value_column "%" of apply stage "%" is not a column of "%"',
                NEW.value_column, NEW.name, NEW.target
                USING ERRCODE = 'undefined_column';
        END IF;
    END IF;
    RETURN NEW;
END
$validate$;
COMMENT ON FUNCTION @extschema@._job_stage_validate() IS
    'internal (job runner): rejects an apply stage whose key_column or value_column is not a column of its target';

CREATE TRIGGER job_stage_validate BEFORE INSERT OR UPDATE ON @extschema@.job_stage
    FOR EACH ROW EXECUTE FUNCTION @extschema@._job_stage_validate();
