-- pricemath loads into its own schema and labels every function correctly
SELECT pricemath.version() = (SELECT extversion FROM pg_extension WHERE extname = 'pricemath') AS library_matches_sql;
SELECT n.nspname, e.extrelocatable
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pricemath';

-- The job runner's routines: those named _job* and run_job, revert_run,
-- current_run_id and job_param.  Everything else is price math.
CREATE FUNCTION pg_temp.is_runner(p pg_proc) RETURNS boolean LANGUAGE sql AS $f$
  SELECT starts_with(p.proname, '_job')
      OR p.proname IN ('run_job', 'revert_run', 'current_run_id', 'job_param', '_job_stage_validate')
$f$;

-- Price math that reads a table: price_array_violations(tbl, col, ...)
-- runs a query over tbl, so it is STABLE rather than IMMUTABLE, and
-- PARALLEL RESTRICTED (a temporary table is visible to the leader only).
CREATE FUNCTION pg_temp.reads_tables(p pg_proc) RETURNS boolean LANGUAGE sql AS $f$
  SELECT p.proname = 'price_array_violations'
$f$;

-- The support functions: of an aggregate (transition, inverse, final,
-- combine, serialize, deserialize) or of the planner (prosupport), and the
-- forms the planner turns calls into (float8 mul_round).  They live
-- in pricemath_internal, out of a user's way in \df pricemath.*.
CREATE FUNCTION pg_temp.is_support(p pg_proc) RETURNS boolean LANGUAGE sql AS $f$
  SELECT EXISTS (SELECT FROM pg_aggregate a
                 WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                 a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
      OR EXISTS (SELECT FROM pg_proc s WHERE s.prosupport = p.oid)
      -- the planner's forms: calls that a support function plans as them
      OR obj_description(p.oid, 'pg_proc') LIKE 'the planner''s form of %'
$f$;
-- Every other price math function of the extension: IMMUTABLE, PARALLEL
-- SAFE, documented, not SECURITY DEFINER, and in the pricemath schema
-- (support functions in pricemath_internal).  Lists offenders.
SELECT p.oid::regprocedure AS offender,
       p.provolatile, p.proparallel, p.prosecdef, p.pronamespace::regnamespace
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE NOT pg_temp.is_runner(p) AND NOT pg_temp.reads_tables(p)
  AND (p.provolatile <> 'i' OR p.proparallel <> 's' OR p.prosecdef
       OR obj_description(p.oid, 'pg_proc') IS NULL
       OR p.pronamespace <> CASE WHEN pg_temp.is_support(p) THEN 'pricemath_internal'::regnamespace
                                 ELSE 'pricemath'::regnamespace END)
ORDER BY p.oid::regprocedure::text COLLATE "C";
-- pricemath_internal: a member of the extension, documented, nothing granted
-- on it (no caller needs USAGE: see internal_schema), and holding only
-- support functions (no other object of any kind).
SELECT n.nspname, n.nspacl, obj_description(n.oid, 'pg_namespace') IS NOT NULL AS has_comment,
       (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid AND NOT pg_temp.is_support(p)) AS not_support,
       (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid)
       + (SELECT count(*) FROM pg_type t WHERE t.typnamespace = n.oid)
       + (SELECT count(*) FROM pg_operator o WHERE o.oprnamespace = n.oid) AS other_objects
FROM pg_namespace n
JOIN pg_depend d ON d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath';

-- The functions that read tables, with their labels: STABLE, PARALLEL
-- RESTRICTED, documented, not SECURITY DEFINER (the query runs with the
-- caller's privileges), in the pricemath schema.
SELECT p.oid::regprocedure AS reads_tables, p.provolatile, p.proparallel, p.prosecdef,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment, p.pronamespace::regnamespace
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE pg_temp.reads_tables(p)
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- The runner's functions and procedures, with their labels: they read and
-- change the ledger (VOLATILE), read the run context (STABLE, PARALLEL
-- RESTRICTED: it lives in the leader), and run stage SQL.
SELECT p.oid::regprocedure AS runner, p.prokind, p.provolatile, p.proparallel, p.proisstrict
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE pg_temp.is_runner(p)
ORDER BY p.oid::regprocedure::text COLLATE "C";
-- each is documented, not SECURITY DEFINER (stage SQL gets the job owner's
-- privileges from _job_exec alone), and in the pricemath schema.  Lists
-- offenders.
SELECT p.oid::regprocedure AS runner_offender,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment, p.prosecdef, p.pronamespace::regnamespace
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE pg_temp.is_runner(p)
  AND (obj_description(p.oid, 'pg_proc') IS NULL OR p.prosecdef
       OR p.pronamespace <> 'pricemath'::regnamespace)
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- The extension's tables, and row level security on each: the runner's
-- tables enable and force it.
SELECT c.oid::regclass AS extension_table, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE c.relkind IN ('r', 'p')
ORDER BY c.oid::regclass::text COLLATE "C";

-- Non-aggregate functions are STRICT (NULL in, NULL out), except where a NULL
-- argument means "no limit": the input contracts (min, max, max_places, also
-- of check_price_array and price_array_violations) and the guardrails
-- (clamp bounds, limit_change caps and places, guard_report's places, a NULL
-- old price; a NULL step, ending or ladder gives NULL), and discount_stack,
-- whose NULL places means "exact, no rounding".  They return NULL for NULL
-- prices themselves.  (allocate_share is a window function, prokind 'w': not
-- listed; a NULL weight gives a NULL share.)  The two-argument div forms on
-- numeric[] are not STRICT either: they raise 42883 (places missing) for any
-- input, NULL included.  The transition, combine and final
-- functions of the aggregates handle NULL states themselves and are left out.
-- The runner's functions are listed above.  Lists the functions that are
-- not STRICT.
SELECT p.oid::regprocedure AS not_strict
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE p.prokind = 'f' AND NOT p.proisstrict AND NOT pg_temp.is_runner(p)
  AND NOT EXISTS (SELECT 1 FROM pg_aggregate a
                  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                  a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- The extension can be dropped and created again.
DROP EXTENSION pricemath;
SELECT to_regnamespace('pricemath_internal') IS NULL AS internal_schema_dropped;
CREATE EXTENSION pricemath;
SELECT count(*) > 0 AS has_functions FROM pg_proc WHERE pronamespace = 'pricemath'::regnamespace;
SELECT count(*) > 0 AS has_support_functions FROM pg_proc WHERE pronamespace = 'pricemath_internal'::regnamespace;
