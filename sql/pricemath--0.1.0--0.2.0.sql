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
    CONSTRAINT job_name_1_to_200_characters
        CHECK (pg_catalog.length(name) OPERATOR(pg_catalog.>=) 1
               AND pg_catalog.length(name) OPERATOR(pg_catalog.<=) 200),
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
    CONSTRAINT job_stage_name_1_to_200_characters
        CHECK (pg_catalog.length(name) OPERATOR(pg_catalog.>=) 1
               AND pg_catalog.length(name) OPERATOR(pg_catalog.<=) 200),
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
    'job runner: the stages of each job, run in position order: '
    'step, check (guardrail) or apply (write-back with before-images)';

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
CREATE INDEX job_run_running_idx ON @extschema@.job_run (job) WHERE status OPERATOR(pg_catalog.=) 'running';
CREATE INDEX job_run_reverts_idx ON @extschema@.job_run (reverts) WHERE reverts IS NOT NULL;
COMMENT ON TABLE @extschema@.job_run IS
    'job runner ledger: one row per run (also skipped, failed and abandoned ones); '
    'the newest keep_runs per job are kept';

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
-- Before-images go with their run, however the run goes (trimming, or
-- deleting its job, which cascades to job_run).
CREATE FUNCTION @extschema@._job_run_deleted() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $run_deleted$
BEGIN
    DELETE FROM @extschema@.job_change c WHERE c.run_id = OLD.id;
    RETURN NULL;
END
$run_deleted$;
COMMENT ON FUNCTION @extschema@._job_run_deleted() IS
    'internal (job runner): deletes the before-images of deleted runs';
CREATE TRIGGER job_run_deleted AFTER DELETE ON @extschema@.job_run
    FOR EACH ROW EXECUTE FUNCTION @extschema@._job_run_deleted();

COMMENT ON TABLE @extschema@.job_change IS
    'job runner: before- and after-images (as text) of the rows each apply stage changed; '
    'kept for the newest keep_changes runs of a job';

-- Privileges: every role with USAGE on the schema may use the runner; row
-- level security limits each role to the jobs, runs and changes of roles it
-- is a member of, the tables' owner included (FORCE).

GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.job, @extschema@.job_stage,
    @extschema@.job_run, @extschema@.job_stage_run TO PUBLIC;
GRANT SELECT, INSERT, DELETE ON @extschema@.job_change TO PUBLIC;
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
-- A run row must belong to a job the role can see: no one files runs
-- under another role's job.
CREATE POLICY job_run_of_member_roles ON @extschema@.job_run
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'))
    WITH CHECK (pg_catalog.pg_has_role(owner, 'MEMBER')
                AND EXISTS (SELECT FROM @extschema@.job j WHERE j.name OPERATOR(pg_catalog.=) job_run.job));

ALTER TABLE @extschema@.job_stage_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_stage_run FORCE ROW LEVEL SECURITY;
CREATE POLICY job_stage_run_of_visible_runs ON @extschema@.job_stage_run
    USING (EXISTS (SELECT FROM @extschema@.job_run r WHERE r.id OPERATOR(pg_catalog.=) job_stage_run.run_id))
    WITH CHECK (EXISTS (SELECT FROM @extschema@.job_run r WHERE r.id OPERATOR(pg_catalog.=) job_stage_run.run_id));

ALTER TABLE @extschema@.job_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.job_change FORCE ROW LEVEL SECURITY;
-- A change row must name a run the role can see, with that run's owner, so
-- no one can slip a before-image into another role's run for revert_run to
-- apply.  The subquery is uncorrelated: it is hashed once per statement,
-- not run once per inserted row.
CREATE POLICY job_change_read_of_member_roles ON @extschema@.job_change FOR SELECT
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'));
CREATE POLICY job_change_delete_of_member_roles ON @extschema@.job_change FOR DELETE
    USING (pg_catalog.pg_has_role(owner, 'MEMBER'));
CREATE POLICY job_change_insert_into_visible_runs ON @extschema@.job_change FOR INSERT
    WITH CHECK ((run_id, owner) IN (SELECT r.id, r.owner FROM @extschema@.job_run r));

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
        run_timeout interval, deadline timestamptz, search_path text, job text, stage text, fetch_row boolean,
        OUT rows bigint, OUT types pg_catalog.regtype[], OUT vals text[])
    AS 'MODULE_PATHNAME', 'pricemath_job_exec'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_exec(text, pg_catalog.regrole, interval, interval, timestamptz, text, text, text,
        boolean) IS
    'internal (job runner): runs sql as the role owner, which the caller must be a member of, '
    'cancelling it after stage_timeout or at deadline (the run''s start plus run_timeout)';

CREATE FUNCTION @extschema@._job_query_text(sql text, stage text) RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_job_query_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._job_query_text(text, text) IS
    'internal (job runner): the one query in an apply stage''s SQL, '
    'without surrounding semicolons and comments; 42601 otherwise';

CREATE FUNCTION @extschema@._job_timed_out() RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_job_timed_out'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_timed_out() IS
    'internal (job runner): which budget the last _job_exec exceeded: stage, run or NULL';

CREATE FUNCTION @extschema@._job_lock(job text, session boolean) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pricemath_job_lock'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._job_lock(text, boolean) IS
    'internal (job runner): takes the run lock of a job visible to the caller without waiting; '
    'false when another session holds it';

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

-- The type of a column of target as format_type prints it: its base type
-- ("numeric"), or with with_typmod its type with the modifier
-- ("numeric(12,2)"), NULL when it has none.  NULL when target has no such
-- column.  The one lookup behind the definition check, the apply statement
-- and the revert.  (A base type prints without a modifier at all: character
-- without one would mean character(1).)
CREATE FUNCTION @extschema@._job_column_type(target pg_catalog.regclass, column_name name, with_typmod boolean)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $column_type$
SELECT CASE WHEN NOT with_typmod THEN pg_catalog.format_type(a.atttypid, NULL)
            WHEN a.atttypmod >= 0 THEN pg_catalog.format_type(a.atttypid, a.atttypmod) END
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = target AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped
$column_type$;
COMMENT ON FUNCTION @extschema@._job_column_type(pg_catalog.regclass, name, boolean) IS
    'internal (job runner): the base type of a column, or with with_typmod its '
    'type with the modifier (NULL without one); NULL when there is no such column';

CREATE FUNCTION @extschema@._job_stage_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $validate$
BEGIN
    -- An apply stage without target or columns is the CHECK constraint's to
    -- refuse (BEFORE triggers run first), with its own name and message.
    IF NEW.kind = 'apply' AND NEW.target IS NOT NULL AND NEW.key_column IS NOT NULL
       AND NEW.value_column IS NOT NULL THEN
        IF @extschema@._job_column_type(NEW.target, NEW.key_column, false) IS NULL THEN
            RAISE EXCEPTION 'key_column "%" of apply stage "%" is not a column of "%"',
                NEW.key_column, NEW.name, NEW.target
                USING ERRCODE = 'undefined_column';
        END IF;
        IF @extschema@._job_column_type(NEW.target, NEW.value_column, false) IS NULL THEN
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

-- The runner (PL/pgSQL) -------------------------------------------------------
--
-- The helpers below are functions with a pinned search_path.  The procedure
-- _job_run cannot have a SET clause (it COMMITs), so it pins search_path
-- with set_config(..., true) at the start of each of its transactions; the
-- caller's search_path is captured first and handed to _job_exec, so stage
-- SQL runs as written, under the caller's search_path and the owner's
-- privileges.

-- The statement an apply stage runs: the stage's query gives (key,
-- new_value); only rows whose value changes are updated; before- and
-- after-images go to job_change; one row of counts comes back.  The old
-- value comes from a second reference to the target, joined back by ctid
-- (PostgreSQL 15 has no RETURNING OLD); the stage's rows are materialized
-- once and counted from there, not kept with both images.
CREATE FUNCTION @extschema@._job_apply_sql(p_stage @extschema@.job_stage, p_sql text,
        p_run_id bigint, p_owner pg_catalog.regrole, p_dry_run boolean)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $apply_sql$
DECLARE
    v_ktype text;
    v_vtype text;
    v_vtypmod text;
BEGIN
    -- Keys compare in the column's base type, so a key longer than a
    -- varchar(n) key column matches nothing instead of being cut to fit.
    -- Values too; when the column has a type modifier, a value it cannot
    -- hold exactly (too long, too many decimals) is refused, never cut or
    -- rounded on the way in.
    v_ktype := @extschema@._job_column_type(p_stage.target, p_stage.key_column, false);
    v_vtype := @extschema@._job_column_type(p_stage.target, p_stage.value_column, false);
    v_vtypmod := @extschema@._job_column_type(p_stage.target, p_stage.value_column, true);
    IF v_ktype IS NULL OR v_vtype IS NULL THEN
        RAISE EXCEPTION 'apply stage "%" writes to %.%, which does not exist', p_stage.name,
            p_stage.target, CASE WHEN v_ktype IS NULL THEN p_stage.key_column ELSE p_stage.value_column END
            USING ERRCODE = 'undefined_column';
    END IF;
    RETURN pg_catalog.format($f$
WITH src AS MATERIALIZED (
    SELECT CAST(s.k AS %1$s) AS k, CAST(s.v AS %2$s) AS v FROM (%3$s
) AS s (k, v)),
chg AS (
    UPDATE %4$s AS t SET %5$I = cur.new
    FROM (SELECT o.ctid AS tid, src.k, o.%5$I AS old, src.v AS new
          FROM %4$s AS o JOIN src ON o.%6$I = src.k) AS cur
    WHERE t.ctid OPERATOR(pg_catalog.=) cur.tid AND cur.old IS DISTINCT FROM cur.new
    RETURNING cur.k, cur.old, cur.new)%7$s
SELECT (SELECT pg_catalog.count(*) FROM src),
       (SELECT pg_catalog.count(*) FROM src WHERE EXISTS (SELECT FROM %4$s AS m WHERE m.%6$I = src.k)),
       (SELECT pg_catalog.count(*) FROM chg),
       (SELECT d.k::text FROM src AS d GROUP BY d.k HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1 LIMIT 1),
       %8$s,
       %9$s$f$,
        v_ktype, v_vtype, @extschema@._job_query_text(p_sql, p_stage.name), p_stage.target,
        p_stage.value_column, p_stage.key_column,
        CASE WHEN p_stage.keep_history AND NOT p_dry_run THEN pg_catalog.format($h$,
hist AS (
    INSERT INTO @extschema@.job_change (run_id, position, key, old_value, new_value, owner)
    SELECT %1$s, %2$s, chg.k::text, chg.old::text, chg.new::text, %3$s::pg_catalog.oid::pg_catalog.regrole
    FROM chg)$h$, p_run_id, p_stage.position, p_owner::oid)
        ELSE '' END,
        CASE WHEN p_dry_run THEN
            '(SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''key'', x.k::text, ''old'', x.old::text, ''new'', x.new::text)) FROM (SELECT * FROM chg LIMIT 100) AS x)'
        ELSE 'NULL::pg_catalog.jsonb' END,
        CASE WHEN v_vtypmod IS NOT NULL THEN pg_catalog.format(
            '(SELECT d.k::text FROM src AS d WHERE d.v IS DISTINCT FROM CAST(CAST(d.v AS %s) AS %s) LIMIT 1)',
            v_vtypmod, v_vtype)
        ELSE 'NULL::text' END);
END
$apply_sql$;
COMMENT ON FUNCTION @extschema@._job_apply_sql(@extschema@.job_stage, text, bigint, pg_catalog.regrole, boolean) IS
    'internal (job runner): the statement an apply stage runs (update changed rows, keep before-images, count)';

-- One stage's SQL (its own or its fallback), by kind.  Returns the stage's
-- result as jsonb: status, rows, message, detail; raises when it fails.
CREATE FUNCTION @extschema@._job_stage_sql(p_job @extschema@.job, p_stage @extschema@.job_stage,
        p_sql text, p_owner pg_catalog.regrole, p_run_id bigint, p_path text,
        p_deadline timestamptz, p_dry_run boolean)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $stage_sql$
DECLARE
    v_exec record;
    v_ok boolean;
    v_reason text;
BEGIN
    IF p_stage.kind = 'step' THEN
        SELECT * INTO v_exec FROM @extschema@._job_exec(p_sql, p_owner, p_stage.timeout, p_job.timeout,
            p_deadline, p_path, p_job.name, p_stage.name, false);
        RETURN pg_catalog.jsonb_build_object('status', 'succeeded', 'rows', v_exec.rows);
    ELSIF p_stage.kind = 'check' THEN
        SELECT * INTO v_exec FROM @extschema@._job_exec(p_sql, p_owner, p_stage.timeout, p_job.timeout,
            p_deadline, p_path, p_job.name, p_stage.name, true);
        IF v_exec.rows <> 1 THEN
            RAISE EXCEPTION 'check "%" of job "%" must return exactly one row', p_stage.name, p_job.name
                USING ERRCODE = 'cardinality_violation',
                      DETAIL = CASE WHEN v_exec.rows = 0 THEN 'It returned no row.' ELSE 'It returned more than one row.' END;
        END IF;
        IF v_exec.types[1] <> 'pg_catalog.bool'::pg_catalog.regtype THEN
            RAISE EXCEPTION 'check "%" of job "%" must return a boolean first column', p_stage.name, p_job.name
                USING ERRCODE = 'datatype_mismatch',
                      DETAIL = pg_catalog.format('Its first column is of type %s.', v_exec.types[1]);
        END IF;
        v_ok := v_exec.vals[1]::boolean;
        v_reason := CASE WHEN pg_catalog.cardinality(v_exec.vals) >= 2 THEN v_exec.vals[2] END;
        IF v_ok THEN
            RETURN pg_catalog.jsonb_build_object('status', 'succeeded', 'rows', 1, 'message', v_reason);
        END IF;
        IF v_ok IS NULL THEN
            v_reason := pg_catalog.concat_ws('; ', 'the check returned NULL', v_reason);
        END IF;
        IF p_stage.severity = 'warn' THEN
            RETURN pg_catalog.jsonb_build_object('status', 'warned', 'rows', 1,
                'message', pg_catalog.format('check "%s" failed', p_stage.name)
                           OPERATOR(pg_catalog.||) COALESCE(': ' OPERATOR(pg_catalog.||) v_reason, ''));
        END IF;
        RAISE EXCEPTION '%', pg_catalog.format('check "%s" failed', p_stage.name)
                             OPERATOR(pg_catalog.||) COALESCE(': ' OPERATOR(pg_catalog.||) v_reason, '')
            USING ERRCODE = 'check_violation',
                  HINT = 'A guardrail stopped the run; nothing it did was kept.';
    ELSE
        SELECT * INTO v_exec FROM @extschema@._job_exec(
            @extschema@._job_apply_sql(p_stage, p_sql, p_run_id, p_owner, p_dry_run),
            p_owner, p_stage.timeout, p_job.timeout, p_deadline, p_path, p_job.name, p_stage.name, true);
        IF v_exec.vals[4] IS NOT NULL THEN
            RAISE EXCEPTION 'apply stage "%" of job "%" returned key "%" more than once',
                p_stage.name, p_job.name, v_exec.vals[4]
                USING ERRCODE = 'cardinality_violation',
                      HINT = 'An apply stage''s query must return each key at most once.';
        END IF;
        IF v_exec.vals[6] IS NOT NULL THEN
            -- The SQLSTATE an assignment would raise where it raises at all:
            -- 22001 for a string too long; 22003 for a number with more
            -- decimals than the column keeps (which an UPDATE would round).
            RAISE EXCEPTION 'apply stage "%" of job "%" returned a value for key "%" that column "%" cannot hold exactly',
                p_stage.name, p_job.name, v_exec.vals[6], p_stage.value_column
                USING ERRCODE = CASE (SELECT t.typcategory FROM pg_catalog.pg_attribute a
                                      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                                      WHERE a.attrelid = p_stage.target AND a.attname = p_stage.value_column)
                                WHEN 'S' THEN '22001' WHEN 'N' THEN '22003' ELSE '22000' END,
                      HINT = 'Round or shorten values in the stage''s query to fit the column''s type modifier.';
        END IF;
        RETURN pg_catalog.jsonb_build_object('status', 'succeeded', 'rows', v_exec.vals[3]::bigint,
            'detail', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                'returned', v_exec.vals[1]::bigint,
                'changed', v_exec.vals[3]::bigint,
                'unchanged', v_exec.vals[2]::bigint - v_exec.vals[3]::bigint,
                'missing', v_exec.vals[1]::bigint - v_exec.vals[2]::bigint,
                'history', p_stage.keep_history,
                'sample', v_exec.vals[5]::jsonb)));
    END IF;
END
$stage_sql$;
COMMENT ON FUNCTION @extschema@._job_stage_sql(@extschema@.job, @extschema@.job_stage, text, pg_catalog.regrole, bigint,
        text, timestamptz, boolean) IS
    'internal (job runner): runs one stage''s SQL by kind (step, check, apply) and returns its result';

-- One stage with its on_error rule: abort raises; skip records the failure
-- and goes on; fallback runs fallback_sql instead.  The run's own budget and
-- a cancel of the whole CALL are never skipped.
CREATE FUNCTION @extschema@._job_stage(p_job @extschema@.job, p_stage @extschema@.job_stage,
        p_run_id bigint, p_path text, p_deadline timestamptz, p_dry_run boolean)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $stage$
DECLARE
    v_state text;
    v_msg text;
    v_fb_state text;
    v_fb_msg text;
    v_result jsonb;
BEGIN
    IF p_stage.on_error = 'abort' THEN
        RETURN @extschema@._job_stage_sql(p_job, p_stage, p_stage.sql, p_job.owner, p_run_id, p_path,
                                          p_deadline, p_dry_run);
    END IF;
    BEGIN
        RETURN @extschema@._job_stage_sql(p_job, p_stage, p_stage.sql, p_job.owner, p_run_id, p_path,
                                          p_deadline, p_dry_run);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
        IF v_state = '57014' AND @extschema@._job_timed_out() IS DISTINCT FROM 'stage' THEN
            RAISE;
        END IF;
    END;
    IF p_stage.on_error = 'skip' THEN
        RETURN pg_catalog.jsonb_build_object('status', 'skipped', 'sqlstate', v_state, 'message', v_msg);
    END IF;
    BEGIN
        v_result := @extschema@._job_stage_sql(p_job, p_stage, p_stage.fallback_sql, p_job.owner, p_run_id,
                                               p_path, p_deadline, p_dry_run);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_fb_state = RETURNED_SQLSTATE, v_fb_msg = MESSAGE_TEXT;
        IF v_fb_state = '57014' AND @extschema@._job_timed_out() IS DISTINCT FROM 'stage' THEN
            RAISE;
        END IF;
        RAISE EXCEPTION 'stage "%" of job "%" failed, and so did its fallback: %', p_stage.name, p_job.name, v_fb_msg
            USING ERRCODE = v_fb_state,
                  DETAIL = pg_catalog.format('The stage failed first with SQLSTATE %s: %s', v_state, v_msg);
    END;
    RETURN v_result OPERATOR(pg_catalog.||)
        pg_catalog.jsonb_build_object('status', 'fallback', 'sqlstate', v_state, 'message', v_msg);
END
$stage$;
COMMENT ON FUNCTION @extschema@._job_stage(@extschema@.job, @extschema@.job_stage, bigint, text, timestamptz,
        boolean) IS
    'internal (job runner): runs one stage under its on_error rule (abort, skip, fallback)';

-- A ledger row (as jsonb, for job_stage_run) for a finished stage, and its log line.
CREATE FUNCTION @extschema@._job_stage_row(p_job text, p_run_id bigint, p_attempt integer,
        p_stage @extschema@.job_stage, p_started timestamptz, p_result jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $stage_row$
DECLARE
    v_duration interval := pg_catalog.clock_timestamp() - p_started;
BEGIN
    PERFORM @extschema@._job_log(pg_catalog.jsonb_build_object(
        'pricemath', 'stage', 'job', p_job, 'run_id', p_run_id, 'attempt', p_attempt,
        'stage', p_stage.name, 'kind', p_stage.kind, 'status', p_result->>'status',
        'duration_ms', pg_catalog.round(EXTRACT(epoch FROM v_duration) * 1000, 3),
        'rows', p_result->'rows', 'sqlstate', p_result->>'sqlstate'));
    RETURN pg_catalog.jsonb_build_object(
        'run_id', p_run_id, 'attempt', p_attempt, 'position', p_stage.position,
        'name', p_stage.name, 'kind', p_stage.kind, 'status', p_result->>'status',
        'started_at', p_started, 'duration', v_duration, 'rows', p_result->'rows',
        'sqlstate', p_result->>'sqlstate', 'message', p_result->>'message',
        'detail', p_result->'detail', 'target', p_stage.target::oid,
        'key_column', p_stage.key_column, 'value_column', p_stage.value_column);
END
$stage_row$;
COMMENT ON FUNCTION @extschema@._job_stage_row(text, bigint, integer, @extschema@.job_stage, timestamptz, jsonb) IS
    'internal (job runner): the job_stage_run row of a finished stage, and its JSON log line';

-- The alert and log line of a finished, skipped or abandoned run.  The
-- NOTIFY payload stays below NOTIFY's 8000-byte limit: warnings are dropped
-- from the end, then the message is shortened, and the payload says so.
CREATE FUNCTION @extschema@._job_announce(p_run_id bigint)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $announce$
DECLARE
    v_run @extschema@.job_run;
    v_event jsonb;
    v_payload text;
BEGIN
    SELECT * INTO STRICT v_run FROM @extschema@.job_run r WHERE r.id = p_run_id;
    v_event := pg_catalog.jsonb_build_object(
        'job', v_run.job, 'run_id', v_run.id, 'status', v_run.status, 'dry_run', v_run.dry_run,
        'attempts', v_run.attempts, 'failed_stage', v_run.failed_stage, 'sqlstate', v_run.sqlstate,
        'message', v_run.message, 'warnings', pg_catalog.to_jsonb(v_run.warnings),
        'duration_ms', pg_catalog.round(EXTRACT(epoch FROM v_run.duration) * 1000, 3),
        'rows_changed', v_run.rows_changed, 'reverts', v_run.reverts);
    PERFORM @extschema@._job_log(pg_catalog.jsonb_build_object('pricemath', 'run') OPERATOR(pg_catalog.||) v_event);
    v_payload := v_event::text;
    WHILE pg_catalog.octet_length(v_payload) >= 8000 LOOP
        IF pg_catalog.jsonb_array_length(v_event->'warnings') > 0 THEN
            v_event := pg_catalog.jsonb_set(v_event, '{warnings}', (v_event->'warnings') OPERATOR(pg_catalog.-) -1)
                       OPERATOR(pg_catalog.||) '{"truncated": true}';
        ELSE
            v_event := pg_catalog.jsonb_set(v_event, '{message}', pg_catalog.to_jsonb(pg_catalog.left(
                           v_event->>'message', pg_catalog.length(v_event->>'message') / 2)))
                       OPERATOR(pg_catalog.||) '{"truncated": true}';
        END IF;
        v_payload := v_event::text;
    END LOOP;
    PERFORM pg_catalog.pg_notify('pricemath_job', v_payload);
END
$announce$;
COMMENT ON FUNCTION @extschema@._job_announce(bigint) IS
    'internal (job runner): sends the run''s NOTIFY on channel pricemath_job and writes its JSON log line';

-- Records a skipped run (not started: disabled, overlapping or too soon).
CREATE FUNCTION @extschema@._job_skip(p_job @extschema@.job, p_params jsonb, p_dry_run boolean,
        p_started timestamptz, p_reason text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $skip$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO @extschema@.job_run (job, owner, status, dry_run, started_at, finished_at, duration,
                                     params, triggered_by, pid, message)
    VALUES (p_job.name, p_job.owner, 'skipped', p_dry_run, p_started, p_started, '0'::interval,
            p_params, @extschema@._job_caller(), pg_catalog.pg_backend_pid(), p_reason)
    RETURNING id INTO v_id;
    PERFORM @extschema@._job_trim(p_job.name, p_job.keep_runs, p_job.keep_changes);
    PERFORM @extschema@._job_announce(v_id);
    RAISE NOTICE 'run % of job "%" skipped: %', v_id, p_job.name, p_reason;
    RETURN v_id;
END
$skip$;
COMMENT ON FUNCTION @extschema@._job_skip(@extschema@.job, jsonb, boolean, timestamptz, text) IS
    'internal (job runner): records and announces a skipped run';

-- Who started a run: the role, and the application when it has a name ("postgres (pg_cron)").
CREATE FUNCTION @extschema@._job_caller()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $caller$
SELECT CURRENT_USER::text OPERATOR(pg_catalog.||) COALESCE(' (' OPERATOR(pg_catalog.||)
    NULLIF(pg_catalog.current_setting('application_name'), '') OPERATOR(pg_catalog.||) ')', '')
$caller$;
COMMENT ON FUNCTION @extschema@._job_caller() IS
    'internal (job runner): the role and application name recorded as a run''s triggered_by';

-- Bounded trimming: the newest keep_runs runs of a job stay (older ones go
-- with their stage rows and changes), and the newest keep_changes runs with
-- before-images keep them.  Each query walks at most keep_runs (or
-- keep_changes) index entries, plus what it deletes.
CREATE FUNCTION @extschema@._job_trim(p_job text, p_keep_runs integer, p_keep_changes integer)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $trim$
DECLARE
    v_cut bigint;
    v_old bigint;
BEGIN
    SELECT r.id INTO v_cut FROM @extschema@.job_run r
    WHERE r.job = p_job ORDER BY r.id DESC OFFSET p_keep_runs - 1 LIMIT 1;
    IF v_cut IS NOT NULL THEN
        -- Their stage rows cascade; their changes go with them (job_run_deleted).
        DELETE FROM @extschema@.job_run r WHERE r.job = p_job AND r.id < v_cut;
    END IF;
    FOR v_old IN SELECT r.id FROM @extschema@.job_run r
                 WHERE r.job = p_job AND r.changes_kept ORDER BY r.id DESC OFFSET p_keep_changes LOOP
        DELETE FROM @extschema@.job_change c WHERE c.run_id = v_old;
        UPDATE @extschema@.job_run r SET changes_kept = false WHERE r.id = v_old;
    END LOOP;
END
$trim$;
COMMENT ON FUNCTION @extschema@._job_trim(text, integer, integer) IS
    'internal (job runner): keeps the newest keep_runs runs of '
    'a job and the before-images of its newest keep_changes runs';

-- Reverts one apply stage of an earlier run: a row whose value is still
-- what the run wrote gets its before-image back; a row changed since is
-- left alone and reported.
CREATE FUNCTION @extschema@._job_revert_stage(p_job @extschema@.job, p_stage @extschema@.job_stage,
        p_reverts bigint, p_run_id bigint, p_owner pg_catalog.regrole, p_path text,
        p_deadline timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $revert_stage$
DECLARE
    v_ktype text;
    v_vtype text;
    v_exec record;
BEGIN
    -- Base types, as the apply stage compares them (_job_apply_sql).
    v_ktype := @extschema@._job_column_type(p_stage.target, p_stage.key_column, false);
    v_vtype := @extschema@._job_column_type(p_stage.target, p_stage.value_column, false);
    IF v_ktype IS NULL OR v_vtype IS NULL THEN
        RAISE EXCEPTION 'cannot revert apply stage "%": %.% no longer exists', p_stage.name, p_stage.target,
            CASE WHEN v_ktype IS NULL THEN p_stage.key_column ELSE p_stage.value_column END
            USING ERRCODE = 'undefined_column';
    END IF;
    SELECT * INTO v_exec FROM @extschema@._job_exec(pg_catalog.format($f$
WITH c AS MATERIALIZED (
    SELECT CAST(c.key AS %1$s) AS k, CAST(c.old_value AS %2$s) AS old, CAST(c.new_value AS %2$s) AS new
    FROM @extschema@.job_change AS c
    WHERE c.run_id OPERATOR(pg_catalog.=) %3$s AND c.position OPERATOR(pg_catalog.=) %4$s
      AND c.owner OPERATOR(pg_catalog.=) %9$s::pg_catalog.oid::pg_catalog.regrole),
cur AS MATERIALIZED (
    SELECT t.ctid AS tid, c.k, t.%5$I AS now, c.old, c.new FROM %6$s AS t JOIN c ON t.%7$I = c.k),
chg AS (
    UPDATE %6$s AS t SET %5$I = cur.old FROM cur
    WHERE t.ctid OPERATOR(pg_catalog.=) cur.tid AND cur.now IS NOT DISTINCT FROM cur.new
    RETURNING cur.k, cur.new AS before, cur.old AS after),
hist AS (
    INSERT INTO @extschema@.job_change (run_id, position, key, old_value, new_value, owner)
    SELECT %8$s, %4$s, chg.k::text, chg.before::text, chg.after::text, %9$s::pg_catalog.oid::pg_catalog.regrole
    FROM chg)
SELECT (SELECT pg_catalog.count(*) FROM c), (SELECT pg_catalog.count(*) FROM chg),
       (SELECT pg_catalog.count(*) FROM cur WHERE cur.now IS DISTINCT FROM cur.new),
       (SELECT pg_catalog.jsonb_agg(x.k::text) FROM
           (SELECT cur.k FROM cur WHERE cur.now IS DISTINCT FROM cur.new LIMIT 100) AS x)$f$,
        v_ktype, v_vtype, p_reverts, p_stage.position, p_stage.value_column, p_stage.target,
        p_stage.key_column, p_run_id, p_owner::oid),
        p_owner, p_stage.timeout, p_job.timeout, p_deadline, p_path, p_job.name, p_stage.name, true);
    RETURN pg_catalog.jsonb_build_object('status', 'succeeded', 'rows', v_exec.vals[2]::bigint,
        'detail', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'recorded', v_exec.vals[1]::bigint,
            'reverted', v_exec.vals[2]::bigint,
            'changed_since', v_exec.vals[3]::bigint,
            'missing', v_exec.vals[1]::bigint - v_exec.vals[2]::bigint - v_exec.vals[3]::bigint,
            'changed_since_keys', v_exec.vals[4]::jsonb)));
END
$revert_stage$;
COMMENT ON FUNCTION @extschema@._job_revert_stage(@extschema@.job, @extschema@.job_stage, bigint, bigint,
        pg_catalog.regrole, text, timestamptz) IS
    'internal (job runner): restores the before-images of one apply stage of a run, leaving rows changed since alone';

-- A run, start to end: the lifecycle that run_job and revert_run share.
--
-- Transactions, when called at top level (CALL outside a transaction block):
--   1. take the run lock (session level), mark runs left "running" by dead
--      sessions abandoned, insert this run as "running"; COMMIT;
--   2. each attempt runs all stages inside one subtransaction: on success
--      the catalog changes and the ledger commit together; on failure the
--      subtransaction is rolled back, so a failed attempt changes nothing,
--      and its stage rows are written after the rollback; COMMIT; a retry
--      starts in a new transaction, with a new snapshot;
--   3. unlock; a failed run raises its error after its ledger is committed.
-- Inside a transaction block, the same happens without the COMMITs: the
-- ledger shares the caller's transaction, the lock is transaction level, and
-- a failed run is reported with a WARNING so the caller can still commit it.
CREATE PROCEDURE @extschema@._job_run(p_name text, p_params jsonb, p_dry_run boolean,
        p_reverts bigint, INOUT p_run_id bigint)
LANGUAGE plpgsql
AS $run$
DECLARE
    v_path text := pg_catalog.current_setting('search_path');
    v_nonatomic boolean;
    v_job @extschema@.job;
    v_target @extschema@.job_run;
    v_owner pg_catalog.regrole;
    v_started timestamptz;
    v_deadline timestamptz;
    v_params jsonb;
    v_last timestamptz;
    v_abandoned bigint;
    v_revert_by bigint;
    v_attempt integer := 0;
    v_stage @extschema@.job_stage;
    v_stage_run @extschema@.job_stage_run;
    v_in_stage boolean;
    v_stage_started timestamptz;
    v_result jsonb;
    v_rows jsonb;
    v_warnings text[];
    v_notes text[] := '{}'::text[];
    v_changed bigint;
    v_outcome text;
    v_state text;
    v_msg text;
    v_detail text;
    v_hint text;
    v_failed_stage text;
    v_delay double precision;
    v_kept boolean;
    v_status text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    IF p_params IS NULL OR pg_catalog.jsonb_typeof(p_params) <> 'object' THEN
        RAISE EXCEPTION 'params must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = pg_catalog.format('Got %s.', COALESCE(p_params::text, 'NULL'));
    END IF;
    IF p_dry_run IS NULL THEN
        RAISE EXCEPTION 'dry_run must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_nonatomic := @extschema@._job_nonatomic();
    -- Each stage fires the deferred triggers it queued as the job's owner
    -- (_job_exec); inside a transaction block, fire the caller's own first,
    -- as the caller, so that none fires as the wrong role.
    SET CONSTRAINTS ALL IMMEDIATE;

    IF p_reverts IS NOT NULL THEN
        SELECT * INTO v_target FROM @extschema@.job_run r WHERE r.id = p_reverts;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'run % does not exist', p_reverts
                USING ERRCODE = 'undefined_object',
                      HINT = 'pricemath.job_run shows the runs of the roles you are a member of.';
        END IF;
        IF v_target.status <> 'succeeded' OR v_target.dry_run THEN
            RAISE EXCEPTION 'run % cannot be reverted', p_reverts
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Only succeeded runs can be reverted; run %s is %s.', p_reverts,
                               CASE WHEN v_target.dry_run THEN 'a dry run' ELSE v_target.status END);
        END IF;
        SELECT r.id INTO v_revert_by FROM @extschema@.job_run r
        WHERE r.reverts = p_reverts AND r.status = 'succeeded' ORDER BY r.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'run % was already reverted by run %', p_reverts, v_revert_by
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF NOT v_target.changes_kept THEN
            RAISE EXCEPTION 'run % cannot be reverted', p_reverts
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = CASE WHEN v_target.rows_changed = 0 THEN 'It changed no rows.'
                               ELSE 'Its before-images were trimmed (pricemath.job.keep_changes) or not kept (keep_history).' END;
        END IF;
        IF EXISTS (SELECT FROM @extschema@.job_stage_run sr
                   WHERE sr.run_id = p_reverts AND sr.attempt = v_target.attempts AND sr.kind = 'apply'
                     AND sr.status IN ('succeeded', 'fallback') AND (sr.detail->>'history') = 'false'
                     AND (sr.rows) > 0) THEN
            RAISE EXCEPTION 'run % cannot be reverted', p_reverts
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'One of its apply stages has keep_history = false.';
        END IF;
        p_name := v_target.job;
    END IF;

    SELECT * INTO v_job FROM @extschema@.job j WHERE j.name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job "%" does not exist', p_name
            USING ERRCODE = 'undefined_object',
                  HINT = 'pricemath.job shows the jobs of the roles you are a member of.';
    END IF;
    v_owner := COALESCE(v_target.owner, v_job.owner);
    v_params := v_job.params OPERATOR(pg_catalog.||) p_params;
    v_started := pg_catalog.clock_timestamp();

    IF p_reverts IS NULL AND NOT v_job.enabled THEN
        p_run_id := @extschema@._job_skip(v_job, v_params, p_dry_run, v_started, 'the job is disabled');
        RETURN;
    END IF;
    IF NOT @extschema@._job_lock(v_job.name, v_nonatomic) THEN
        IF p_reverts IS NOT NULL THEN
            RAISE EXCEPTION 'job "%" is running', v_job.name
                USING ERRCODE = 'object_in_use', HINT = 'Revert the run when the job is idle.';
        END IF;
        p_run_id := @extschema@._job_skip(v_job, v_params, p_dry_run, v_started,
                                          'another run of the job is in progress');
        RETURN;
    END IF;

    -- The lock is ours, so no live session runs this job: a "running" row
    -- belongs to a session that ended (crash, kill, failover) or to a run
    -- whose transaction was rolled back.
    FOR v_abandoned IN
        UPDATE @extschema@.job_run r
        SET status = 'abandoned', finished_at = v_started, duration = v_started - r.started_at,
            message = pg_catalog.format('the session running it (pid %s) ended before the run finished', r.pid)
        WHERE r.job = v_job.name AND r.status = 'running'
        RETURNING r.id
    LOOP
        PERFORM @extschema@._job_announce(v_abandoned);
    END LOOP;

    IF p_reverts IS NULL AND NOT p_dry_run AND v_job.min_interval IS NOT NULL THEN
        SELECT r.started_at INTO v_last FROM @extschema@.job_run r
        WHERE r.job = v_job.name AND r.status = 'succeeded' AND NOT r.dry_run AND r.reverts IS NULL
        ORDER BY r.id DESC LIMIT 1;
        IF v_last > v_started - v_job.min_interval THEN
            PERFORM @extschema@._job_unlock();
            p_run_id := @extschema@._job_skip(v_job, v_params, p_dry_run, v_started,
                pg_catalog.format('the last successful run started %s s ago, less than min_interval (%s s)',
                                  pg_catalog.round(EXTRACT(epoch FROM v_started - v_last), 3),
                                  pg_catalog.trim_scale(EXTRACT(epoch FROM v_job.min_interval))));
            RETURN;
        END IF;
    END IF;

    INSERT INTO @extschema@.job_run (job, owner, status, dry_run, started_at, params, triggered_by, pid, reverts)
    VALUES (v_job.name, v_owner, 'running', p_dry_run, v_started, v_params, @extschema@._job_caller(),
            pg_catalog.pg_backend_pid(), p_reverts)
    RETURNING id INTO p_run_id;
    v_deadline := v_started + v_job.timeout;
    PERFORM @extschema@._job_context(p_run_id, v_params);
    IF v_nonatomic THEN
        COMMIT;
        PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    END IF;

    LOOP
        v_attempt := v_attempt + 1;
        v_rows := '[]';
        v_warnings := '{}';
        v_changed := 0;
        v_outcome := NULL;
        v_failed_stage := NULL;
        v_state := NULL;
        v_msg := NULL;
        v_detail := NULL;
        v_hint := NULL;
        v_in_stage := false;
        BEGIN
            IF p_reverts IS NULL THEN
                FOR v_stage IN SELECT * FROM @extschema@.job_stage s WHERE s.job = v_job.name ORDER BY s.position LOOP
                    v_in_stage := true;
                    v_stage_started := pg_catalog.clock_timestamp();
                    v_result := @extschema@._job_stage(v_job, v_stage, p_run_id, v_path, v_deadline, p_dry_run);
                    v_in_stage := false;
                    v_rows := v_rows OPERATOR(pg_catalog.||) @extschema@._job_stage_row(
                        v_job.name, p_run_id, v_attempt, v_stage, v_stage_started, v_result);
                    IF v_result->>'status' = 'warned' THEN
                        v_warnings := v_warnings OPERATOR(pg_catalog.||) (v_result->>'message');
                    END IF;
                    IF v_stage.kind = 'apply' AND v_result->>'status' <> 'skipped' THEN
                        v_changed := v_changed + (v_result->>'rows')::bigint;
                    END IF;
                END LOOP;
            ELSE
                FOR v_stage_run IN SELECT * FROM @extschema@.job_stage_run sr
                                   WHERE sr.run_id = p_reverts AND sr.attempt = v_target.attempts
                                     AND sr.kind = 'apply' AND sr.status IN ('succeeded', 'fallback')
                                   ORDER BY sr.position DESC LOOP
                    v_stage := ROW(v_job.name, v_stage_run.position, v_stage_run.name, 'apply', '',
                                   v_job.timeout, 'abort', 'abort', NULL, v_stage_run.target,
                                   v_stage_run.key_column, v_stage_run.value_column, true);
                    v_in_stage := true;
                    v_stage_started := pg_catalog.clock_timestamp();
                    v_result := @extschema@._job_revert_stage(v_job, v_stage, p_reverts, p_run_id, v_owner,
                                                              v_path, v_deadline);
                    v_in_stage := false;
                    v_rows := v_rows OPERATOR(pg_catalog.||) @extschema@._job_stage_row(
                        v_job.name, p_run_id, v_attempt, v_stage, v_stage_started, v_result);
                    v_changed := v_changed + (v_result->>'rows')::bigint;
                    IF (v_result #>> '{detail,changed_since}')::bigint > 0 THEN
                        v_warnings := v_warnings OPERATOR(pg_catalog.||) pg_catalog.format(
                            'stage "%s": %s rows changed since run %s were left alone (keys: %s)',
                            v_stage.name, v_result #>> '{detail,changed_since}', p_reverts,
                            v_result #>> '{detail,changed_since_keys}');
                    END IF;
                END LOOP;
            END IF;
            IF p_dry_run THEN
                -- Roll the attempt back, keeping what the variables learnt.
                v_outcome := 'dry_run';
                RAISE EXCEPTION 'dry run' USING ERRCODE = 'PMDRY';
            END IF;
            v_outcome := 'succeeded';
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT,
                                    v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
            IF v_outcome = 'dry_run' AND v_state = 'PMDRY' THEN
                v_state := NULL;
                v_msg := NULL;
            ELSE
                v_outcome := 'failed';
                IF v_in_stage THEN
                    v_failed_stage := v_stage.name;
                    v_rows := v_rows OPERATOR(pg_catalog.||) @extschema@._job_stage_row(
                        v_job.name, p_run_id, v_attempt, v_stage, v_stage_started,
                        pg_catalog.jsonb_build_object('status', 'failed', 'sqlstate', v_state, 'message', v_msg,
                            'detail', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                                'detail', NULLIF(v_detail, ''), 'hint', NULLIF(v_hint, ''),
                                'timeout', @extschema@._job_timed_out()))));
                END IF;
            END IF;
        END;

        EXIT WHEN v_outcome <> 'failed'
               OR v_state NOT IN ('40001', '40P01', '55P03')
               OR v_attempt >= v_job.max_attempts;
        IF NOT v_nonatomic AND pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            v_notes := v_notes OPERATOR(pg_catalog.||) pg_catalog.format(
                'not retried: inside a transaction block at %s a retry would see the same snapshot',
                pg_catalog.current_setting('transaction_isolation'));
            EXIT;
        END IF;
        -- Exponential backoff with jitter: the n-th retry waits between half
        -- and all of retry_backoff * 2^(n-1).
        v_delay := EXTRACT(epoch FROM v_job.retry_backoff) * pg_catalog.power(2, v_attempt - 1)
                   * (0.5 + 0.5 * pg_catalog.random());
        IF pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => v_delay) >= v_deadline THEN
            v_notes := v_notes OPERATOR(pg_catalog.||)
                'not retried: the next attempt would start after the job''s timeout'::text;
            EXIT;
        END IF;
        INSERT INTO @extschema@.job_stage_run
        SELECT * FROM pg_catalog.jsonb_populate_recordset(NULL::@extschema@.job_stage_run, v_rows);
        UPDATE @extschema@.job_run r SET attempts = v_attempt WHERE r.id = p_run_id;
        IF v_nonatomic THEN
            COMMIT;
            PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
        END IF;
        PERFORM pg_catalog.pg_sleep(v_delay);
    END LOOP;

    INSERT INTO @extschema@.job_stage_run
    SELECT * FROM pg_catalog.jsonb_populate_recordset(NULL::@extschema@.job_stage_run, v_rows);
    v_status := CASE WHEN v_outcome = 'failed' THEN 'failed' WHEN p_dry_run THEN 'dry_run' ELSE 'succeeded' END;
    -- Whether the run kept before-images, from its own stage results (a
    -- query of job_change here would, as a generic plan, scan all of it).
    v_kept := v_status = 'succeeded'
              AND EXISTS (SELECT FROM pg_catalog.jsonb_array_elements(v_rows) r(x)
                          WHERE r.x->>'kind' = 'apply' AND r.x->>'status' IN ('succeeded', 'fallback')
                            AND (r.x->>'rows')::bigint > 0
                            AND COALESCE(r.x #>> '{detail,history}', 'true') <> 'false');
    UPDATE @extschema@.job_run r
    SET status = v_status, finished_at = pg_catalog.clock_timestamp(),
        duration = pg_catalog.clock_timestamp() - r.started_at, attempts = v_attempt,
        failed_stage = v_failed_stage, sqlstate = v_state, message = v_msg,
        warnings = v_warnings OPERATOR(pg_catalog.||) v_notes,
        rows_changed = CASE WHEN v_status = 'failed' THEN 0 ELSE v_changed END, changes_kept = v_kept
    WHERE r.id = p_run_id;
    PERFORM @extschema@._job_trim(v_job.name, v_job.keep_runs, v_job.keep_changes);
    PERFORM @extschema@._job_announce(p_run_id);
    PERFORM @extschema@._job_context(NULL, NULL);
    IF v_nonatomic THEN
        COMMIT;
        PERFORM @extschema@._job_unlock();
    END IF;

    IF v_status <> 'failed' THEN
        RETURN;
    END IF;
    IF v_nonatomic OR v_state = '57014' AND @extschema@._job_timed_out() IS NULL THEN
        RAISE EXCEPTION 'run % of job "%" failed%: %', p_run_id, v_job.name,
            COALESCE(' in stage "' OPERATOR(pg_catalog.||) v_failed_stage OPERATOR(pg_catalog.||) '"', ''), v_msg
            USING ERRCODE = v_state,
                  DETAIL = pg_catalog.format('The run is recorded in pricemath.job_run (id %s); nothing it did was kept.',
                                             p_run_id)
                           OPERATOR(pg_catalog.||) COALESCE(' ' OPERATOR(pg_catalog.||) NULLIF(v_detail, ''), ''),
                  HINT = COALESCE(NULLIF(v_hint, ''),
                                  'pricemath.job_stage_run has a row for every stage of every attempt.');
    END IF;
    RAISE WARNING 'run % of job "%" failed%: %', p_run_id, v_job.name,
        COALESCE(' in stage "' OPERATOR(pg_catalog.||) v_failed_stage OPERATOR(pg_catalog.||) '"', ''), v_msg
        USING DETAIL = pg_catalog.format('SQLSTATE %s. Inside a transaction block the run is reported, not raised, so that its ledger row can be committed.', v_state);
END
$run$;
COMMENT ON PROCEDURE @extschema@._job_run(text, jsonb, boolean, bigint, bigint) IS
    'internal (job runner): one run of a job (or the revert of an earlier run), start to end';

CREATE PROCEDURE @extschema@.run_job(name text, params jsonb DEFAULT '{}', dry_run boolean DEFAULT false,
        INOUT run_id bigint DEFAULT NULL)
LANGUAGE plpgsql
AS $run_job$
DECLARE
    v_path text := pg_catalog.current_setting('search_path');
BEGIN
    IF run_job.name IS NULL THEN
        RAISE EXCEPTION 'name must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    CALL @extschema@._job_run(run_job.name, run_job.params, run_job.dry_run, NULL, run_job.run_id);
    -- Inside a transaction block nothing commits the runner's pinned
    -- search_path away: give the caller's back.
    PERFORM pg_catalog.set_config('search_path', v_path, true);
END
$run_job$;
COMMENT ON PROCEDURE @extschema@.run_job(text, jsonb, boolean, bigint) IS
    'runs a job now: its stages in order, atomically, with timeouts, retries and guardrails; '
    'records the run in pricemath.job_run and returns its id';

CREATE PROCEDURE @extschema@.revert_run(run_id bigint, INOUT revert_run_id bigint DEFAULT NULL)
LANGUAGE plpgsql
AS $revert_run$
DECLARE
    v_path text := pg_catalog.current_setting('search_path');
BEGIN
    IF revert_run.run_id IS NULL THEN
        RAISE EXCEPTION 'run_id must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    CALL @extschema@._job_run(NULL, '{}', false, revert_run.run_id, revert_run.revert_run_id);
    PERFORM pg_catalog.set_config('search_path', v_path, true);
END
$revert_run$;
COMMENT ON PROCEDURE @extschema@.revert_run(bigint, bigint) IS
    'restores the before-images of a succeeded run''s apply stages in one transaction, '
    'leaving rows changed since alone; recorded as a run that reverts it';

-- Health: one row per job -------------------------------------------------------

CREATE VIEW @extschema@.job_health WITH (security_invoker = true) AS
SELECT j.name AS job,
       j.owner,
       j.enabled,
       l.id AS last_run_id,
       l.status AS last_status,
       l.started_at AS last_started_at,
       s.started_at AS last_success_at,
       pg_catalog.now() OPERATOR(pg_catalog.-) s.started_at AS last_success_age,
       COALESCE(j.expected_interval IS NOT NULL
                AND (s.started_at IS NULL
                     OR s.started_at OPERATOR(pg_catalog.<)
                        (pg_catalog.now() OPERATOR(pg_catalog.-) (2 OPERATOR(pg_catalog.*) j.expected_interval))),
                false) AS stale,
       COALESCE(d.runs, 0) AS runs_24h,
       COALESCE(d.failures, 0) AS failures_24h,
       COALESCE(d.skips, 0) AS skips_24h,
       p.p50 AS p50_duration,
       p.p95 AS p95_duration,
       e.id AS last_error_run_id,
       e.started_at AS last_error_at,
       e.failed_stage AS last_error_stage,
       e.sqlstate AS last_error_sqlstate,
       e.message AS last_error
FROM @extschema@.job j
LEFT JOIN LATERAL (
    SELECT r.id, r.status, r.started_at FROM @extschema@.job_run r
    WHERE r.job OPERATOR(pg_catalog.=) j.name ORDER BY r.id DESC LIMIT 1) l ON true
LEFT JOIN LATERAL (
    SELECT r.started_at FROM @extschema@.job_run r
    WHERE r.job OPERATOR(pg_catalog.=) j.name AND r.status OPERATOR(pg_catalog.=) 'succeeded'
      AND NOT r.dry_run AND r.reverts IS NULL
    ORDER BY r.id DESC LIMIT 1) s ON true
LEFT JOIN LATERAL (
    SELECT pg_catalog.count(*) AS runs,
           pg_catalog.count(*) FILTER (WHERE r.status OPERATOR(pg_catalog.=) ANY ('{failed,abandoned}'::text[]))
               AS failures,
           pg_catalog.count(*) FILTER (WHERE r.status OPERATOR(pg_catalog.=) 'skipped') AS skips
    FROM @extschema@.job_run r
    WHERE r.job OPERATOR(pg_catalog.=) j.name
      AND r.started_at OPERATOR(pg_catalog.>=) (pg_catalog.now() OPERATOR(pg_catalog.-) '24 hours'::interval)) d ON true
LEFT JOIN LATERAL (
    SELECT pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY x.duration) AS p50,
           pg_catalog.percentile_cont(0.95) WITHIN GROUP (ORDER BY x.duration) AS p95
    FROM (SELECT r.duration FROM @extschema@.job_run r
          WHERE r.job OPERATOR(pg_catalog.=) j.name AND r.duration IS NOT NULL
            AND r.status OPERATOR(pg_catalog.<>) ALL ('{skipped,running}'::text[])
          ORDER BY r.id DESC LIMIT 100) x) p ON true
LEFT JOIN LATERAL (
    SELECT r.id, r.started_at, r.failed_stage, r.sqlstate, r.message FROM @extschema@.job_run r
    WHERE r.job OPERATOR(pg_catalog.=) j.name AND r.status OPERATOR(pg_catalog.=) ANY ('{failed,abandoned}'::text[])
    ORDER BY r.id DESC LIMIT 1) e ON true;
COMMENT ON VIEW @extschema@.job_health IS
    'job runner health: per job, the last run, the last success and its age, '
    'stale, 24-hour counts, p50/p95 duration over the last 100 runs, the last error';
GRANT SELECT ON @extschema@.job_health TO PUBLIC;
