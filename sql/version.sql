-- pricemath loads into its own schema and labels every function correctly
SELECT pricemath.version() = (SELECT extversion FROM pg_extension WHERE extname = 'pricemath') AS library_matches_sql;
SELECT n.nspname, e.extrelocatable
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pricemath';

-- Every function of the extension: IMMUTABLE, PARALLEL SAFE, documented,
-- not SECURITY DEFINER, and in the pricemath schema.  Lists offenders.
SELECT p.oid::regprocedure AS offender,
       p.provolatile, p.proparallel, p.prosecdef, p.pronamespace::regnamespace
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE p.provolatile <> 'i' OR p.proparallel <> 's' OR p.prosecdef
   OR obj_description(p.oid, 'pg_proc') IS NULL
   OR p.pronamespace <> 'pricemath'::regnamespace
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- Non-aggregate functions are STRICT (NULL in, NULL out), except where a NULL
-- argument means "no limit": the input contracts (min, max, max_places) and
-- the guardrails (clamp bounds, limit_change caps, a NULL old price).  They
-- return NULL for NULL prices themselves.  The transition, combine and final
-- functions of the aggregates handle NULL states themselves and are left out.
-- Lists the functions that are not STRICT.
SELECT p.oid::regprocedure AS not_strict
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE p.prokind = 'f' AND NOT p.proisstrict
  AND NOT EXISTS (SELECT 1 FROM pg_aggregate a
                  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                  a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
ORDER BY p.oid::regprocedure::text COLLATE "C";

-- The extension can be dropped and created again.
DROP EXTENSION pricemath;
CREATE EXTENSION pricemath;
SELECT count(*) > 0 AS has_functions FROM pg_proc WHERE pronamespace = 'pricemath'::regnamespace;
