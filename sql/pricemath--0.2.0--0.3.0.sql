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

-- Billing tier tables, as Stripe and other billing systems write them: tier i
-- holds the quantities in (up_to[i-1], up_to[i]] (the first from 0), a NULL
-- last up_to makes the last tier unbounded, and volume and graduated agree
-- on the tiers.  Names of their own: a tier_total overload taking up_to in
-- the place of thresholds would have the same argument types.

CREATE FUNCTION @extschema@.billing_tier(quantity pg_catalog.numeric, up_to pg_catalog.numeric[]) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'pricemath_billing_tier'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_tier(pg_catalog.numeric, pg_catalog.numeric[]) IS
    'subscript of the billing tier holding quantity: the first up_to >= quantity, or the unbounded last tier (a NULL last up_to)';

CREATE FUNCTION @extschema@.billing_price(quantity pg_catalog.numeric, up_to pg_catalog.numeric[], unit_prices pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_price'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_price(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'unit price of the billing tier holding quantity (inclusive up_to bounds, a NULL last up_to is unbounded)';

CREATE FUNCTION @extschema@.billing_total(quantity pg_catalog.numeric, up_to pg_catalog.numeric[], unit_prices pg_catalog.numeric[], mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_total'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_total(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'exact total over a billing tier table (inclusive up_to bounds, a NULL last up_to is unbounded): volume prices all of quantity at its tier, graduated each unit at its own tier';

CREATE FUNCTION @extschema@.billing_total(quantity pg_catalog.numeric, up_to pg_catalog.numeric[], unit_prices pg_catalog.numeric[], mode pg_catalog.text, flat_amounts pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_total'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_total(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text, pg_catalog.numeric[]) IS
    'billing_total with a flat amount per tier (Stripe semantics): volume adds the flat amount of the tier holding quantity, graduated that of every tier quantity reaches';

-- == Section D: contracts that say why =======================================

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- == Section F: psql hygiene =================================================
