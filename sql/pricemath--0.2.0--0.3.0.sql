-- pricemath 0.2.0 -> 0.3.0: pricing rules, round 2 (untyped literals resolve
-- to numeric, price endings inside the cap, price ladders, billing-style
-- tiers, contracts that say why, currencies, allocation as a window
-- function, per-element rates, margin_of, discount_stack).
--
-- Each section below belongs to one feature; keep new objects in their
-- section.  The schema is fixed by the control file (schema = pricemath).

\echo Use "ALTER EXTENSION pricemath UPDATE TO '0.3.0'" to load this file. \quit

-- == Section A: overload resolution, scalar rounding defaults ================

-- == Section B: price endings inside the cap, price ladders, guard_report ====

-- == Section C: billing-style tiers ==========================================

-- == Section D: contracts that say why =======================================

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- == Section F: psql hygiene =================================================

-- The aggregates' support functions (transition, inverse transition, final,
-- combine, serialize and deserialize functions) and the planner support
-- function of round() live in a schema of their own, so that `\df pricemath.*`
-- lists only what a user calls.  The schema is a member of the extension:
-- DROP EXTENSION drops it, pg_dump leaves it to CREATE EXTENSION, and nothing
-- is granted on it, because no caller needs it: an aggregate calls its
-- support functions, and the planner its support function, by OID, checking
-- EXECUTE (granted to PUBLIC) but never USAGE on their schema.  Their
-- arguments are of type internal, so they could not be called from SQL anyway.
CREATE SCHEMA pricemath_internal;
COMMENT ON SCHEMA pricemath_internal IS
  'pricemath internals: the support functions of pricemath''s aggregates and of round(); call the aggregates in schema pricemath';

-- Every such function of the extension, found in the catalog rather than
-- listed, so that a support function added above in this script moves too.
-- Later scripts create them in pricemath_internal directly (sql/version.sql
-- checks that none is left in pricemath and that nothing else is in
-- pricemath_internal).
DO $move$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT pg_catalog.format('%I.%I(%s)', n.nspname, p.proname,
                                 pg_catalog.pg_get_function_identity_arguments(p.oid)) AS signature
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_catalog.pg_extension e ON e.extname = 'pricemath' AND e.extnamespace = p.pronamespace
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
                                   AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                                   AND d.refobjid = e.oid AND d.deptype = 'e'
        WHERE EXISTS (SELECT FROM pg_catalog.pg_aggregate a
                      WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                      a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn))
           OR EXISTS (SELECT FROM pg_catalog.pg_proc s WHERE s.prosupport = p.oid)
        ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET SCHEMA pricemath_internal', f.signature);
    END LOOP;
END
$move$;
