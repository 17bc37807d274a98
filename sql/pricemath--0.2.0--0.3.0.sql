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

-- Ladders: bands of price points.  Band i holds the prices from bounds[i]
-- up to (not including) bounds[i + 1]; its points are k * steps[i] +
-- endings[i] (k >= 0) that lie inside it.  bounds[1] is the ladder's
-- minimum price point.
CREATE FUNCTION @extschema@.apply_ladder(prices pg_catalog.numeric[], bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_apply_ladder_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ladder(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'for every element: the ladder''s price point picked by mode nearest (ties up), down or up; band i holds the points k * steps[i] + endings[i] in [bounds[i], bounds[i + 1]); never below the smallest point';

CREATE FUNCTION @extschema@.apply_ladder(prices pg_catalog.numeric, bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_apply_ladder_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ladder(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'the ladder''s price point picked by mode nearest (ties up), down or up; band i holds the points k * steps[i] + endings[i] in [bounds[i], bounds[i + 1]); never below the smallest point';

-- limit_change with price points: the best point inside the cap.  places
-- has no default here, so these never compete with the 0.1.0 form.
CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric, ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ending_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'the price point k * step + ending for each new price inside the cap [old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric, ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ending_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'the price point k * step + ending for the new price inside the cap [old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ladder_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'the ladder''s price point for each new price inside the cap [old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ladder_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'the ladder''s price point for the new price inside the cap [old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, the point nearest the cap between old and the cap; with no such point, the new price capped';

-- guard_report given the places (and the price points) limit_change used.
CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], new_limited pg_catalog.numeric[], places pg_catalog.int4, step pg_catalog.numeric DEFAULT NULL, ending pg_catalog.numeric DEFAULT NULL, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ending_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'what limit_change with these places (and price ending) did to each element: unchanged, changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, new_limited pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric DEFAULT NULL, ending pg_catalog.numeric DEFAULT NULL, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ending_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'what limit_change with these places (and price ending) did: unchanged, changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], new_limited pg_catalog.numeric[], places pg_catalog.int4, bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ladder_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'what limit_change with these places and this ladder did to each element: unchanged, changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, new_limited pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[], steps pg_catalog.numeric[], endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ladder_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'what limit_change with these places and this ladder did: unchanged, changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

-- The 0.1.0 guard_report keeps its symbol; its classification is now honest
-- (capped_up: old <= limited < new, within less than one unit of the
-- limited price's scale), so its description changes with it.
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'what the guardrails did to each element: unchanged, changed, capped_up (old <= limited < new) or capped_down (new < limited <= old), a cap rounded inward lying less than one unit of the limited price''s scale past old; a contradiction raises 22023';
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'what the guardrails did: unchanged, changed, capped_up (old <= limited < new) or capped_down (new < limited <= old), a cap rounded inward lying less than one unit of the limited price''s scale past old; a contradiction raises 22023';

-- == Section C: billing-style tiers ==========================================

-- == Section D: contracts that say why =======================================

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- == Section F: psql hygiene =================================================
