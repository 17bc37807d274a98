-- pricemath 0.2.0 -> 0.3.0: pricing rules, round 2 (untyped literals resolve
-- to numeric, price endings inside the cap, price ladders, billing-style
-- tiers, contracts that say why, currencies, allocation as a window
-- function, per-element rates, margin_of, discount_stack).
--
-- Each section below belongs to one feature; keep new objects in their
-- section.  The schema is fixed by the control file (schema = pricemath).

\echo Use "ALTER EXTENSION pricemath UPDATE TO '0.3.0'" to load this file. \quit

-- == Section A: overload resolution, scalar rounding defaults ================

-- An untyped array literal must never resolve to a float8[] overload (README
-- "Type resolution").  PostgreSQL prefers the candidate with the most exact
-- argument type matches, then the one with the most arguments of the
-- preferred type of their category, which for numbers is float8: so an
-- integer argument that matches no candidate exactly pulls the call to the
-- float8 flavour.  Overloads taking smallint, integer and bigint give an
-- integer an exact match on the numeric side.  They are C entry points that
-- convert the integers to numeric once and run the numeric code; their
-- planner support function plans a call as the numeric form, with a constant
-- converted at plan time.

CREATE FUNCTION @extschema@.int_overload_support(pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pricemath_int_overload_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int_overload_support(pg_catalog.internal) IS
    'planner support for the integer overloads of add, sub, '
    'mul and the input contracts: plans op(a, b integer) as op(a, b::numeric)';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a + b with a smallint b, exactly as add(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a + b with a integer b, exactly as add(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a + b with a bigint b, exactly as add(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a - b with a smallint b, exactly as sub(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a - b with a integer b, exactly as sub(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a - b with a bigint b, exactly as sub(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a * b with a smallint b, exactly as mul(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a * b with a integer b, exactly as mul(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a * b with a bigint b, exactly as mul(a, b::numeric); '
    'lets an untyped array literal resolve to numeric[]';

-- div on numeric[] needs places.  numeric[] casts to float8[] implicitly, so
-- without two-argument numeric forms div(prices, 3) quietly ran the float8
-- division; these forms raise 42883 with a hint instead.  Not STRICT: a NULL
-- is no excuse for the missing places.

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); '
    'keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); '
    'keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int2) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); '
    'keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int4) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); '
    'keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int8) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); '
    'keeps numeric[] and untyped arrays away from div(float8[], ...)';

-- The input contracts with a smallint, integer or bigint min (max stays
-- numeric, so that a max written as a string, such as 'Infinity', still
-- reads as numeric), and with float8 bounds: a bare NULL bound leans to
-- float8, so the float8 bound forms keep is_price_array(prices, NULL, NULL, 2)
-- unambiguous on numeric[] and keep an untyped literal with NULL bounds off
-- float8[] (it then has no single best match, 42725).  Not STRICT, as the
-- numeric bounds form: a NULL bound means no limit.

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int2,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int4,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int8,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.float8,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with float8 bounds, '
    'each taken as the decimal it prints as; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int2,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int4,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int8,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.float8,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with float8 bounds, '
    'each taken as the decimal it prints as; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int2,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int4,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int8,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.float8,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with float8 bounds, '
    'each taken as the decimal it prints as; as the numeric bounds form';

-- The numeric aggregates also have integer forms (weighted_avg(1, 2),
-- laspeyres over integer columns): they are in Section G, with the state
-- type they share with the numeric forms.

-- round_to(x numeric, increment numeric) defaults its mode to half_even, as
-- the array forms do: PostgreSQL has no round_to, so the default shadows
-- nothing.  round(x numeric, places int, mode) keeps its mode required: a
-- default would make pricemath.round(numeric, int) capture unqualified
-- round(x, 2) calls (half_up) whenever pricemath precedes pg_catalog on the
-- search_path.  CREATE OR REPLACE keeps the function's oid, so objects that
-- use it keep working.
CREATE OR REPLACE FUNCTION @extschema@.round_to(x pg_catalog.numeric, increment pg_catalog.numeric,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'rounds x to a multiple of increment with mode (default half_even); result scale is the increment''s';

-- == Section B: price endings inside the cap, price ladders, guard_report ====

-- Ladders: bands of price points.  Band i holds the prices from bounds[i]
-- up to (not including) bounds[i + 1]; its points are k * steps[i] +
-- endings[i] (k >= 0) that lie inside it.  bounds[1] is the ladder's
-- minimum price point.
CREATE FUNCTION @extschema@.apply_ladder(prices pg_catalog.numeric[], bounds pg_catalog.numeric[],
        steps pg_catalog.numeric[], endings pg_catalog.numeric[],
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_apply_ladder_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ladder(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.numeric[], pg_catalog.text) IS
    'for every element: the ladder''s price point picked by mode nearest (ties up), down or up; '
    'band i holds the points k * steps[i] + endings[i] in [bounds[i], bounds[i + 1]); never below the smallest point';

CREATE FUNCTION @extschema@.apply_ladder(prices pg_catalog.numeric, bounds pg_catalog.numeric[],
        steps pg_catalog.numeric[], endings pg_catalog.numeric[],
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_apply_ladder_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ladder(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.numeric[], pg_catalog.text) IS
    'the ladder''s price point picked by mode nearest (ties up), down or up; '
    'band i holds the points k * steps[i] + endings[i] in [bounds[i], bounds[i + 1]); never below the smallest point';

-- limit_change with price points: the best point inside the cap.  places
-- has no default here, so these never compete with the 0.1.0 form.
CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric,
        ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ending_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'the price point k * step + ending for each new price inside the cap '
    '[old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, '
    'the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric,
        ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ending_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'the price point k * step + ending for the new price inside the cap '
    '[old * (1 - max_down), old * (1 + max_up)] (bounds rounded inward to places); when the cap binds, '
    'the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[],
        steps pg_catalog.numeric[], endings pg_catalog.numeric[],
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ladder_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.text) IS
    'the ladder''s price point for each new price inside the cap [old * (1 - max_down), old * (1 + max_up)] '
    '(bounds rounded inward to places); when the cap binds, '
    'the point nearest the cap between old and the cap; with no such point, the new price capped';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[],
        steps pg_catalog.numeric[], endings pg_catalog.numeric[],
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_ladder_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.text) IS
    'the ladder''s price point for the new price inside the cap [old * (1 - max_down), old * (1 + max_up)] '
    '(bounds rounded inward to places); when the cap binds, '
    'the point nearest the cap between old and the cap; with no such point, the new price capped';

-- guard_report given the places (and the price points) limit_change used.
CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        new_limited pg_catalog.numeric[], places pg_catalog.int4, step pg_catalog.numeric DEFAULT NULL,
        ending pg_catalog.numeric DEFAULT NULL, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ending_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'what limit_change with these places (and price ending) did to each element: unchanged, '
    'changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        new_limited pg_catalog.numeric, places pg_catalog.int4, step pg_catalog.numeric DEFAULT NULL,
        ending pg_catalog.numeric DEFAULT NULL, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ending_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'what limit_change with these places (and price ending) did: unchanged, changed, '
    'capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        new_limited pg_catalog.numeric[], places pg_catalog.int4, bounds pg_catalog.numeric[],
        steps pg_catalog.numeric[], endings pg_catalog.numeric[],
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ladder_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'what limit_change with these places and this ladder did to each element: unchanged, '
    'changed, capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        new_limited pg_catalog.numeric, places pg_catalog.int4, bounds pg_catalog.numeric[], steps pg_catalog.numeric[],
        endings pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_ladder_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text) IS
    'what limit_change with these places and this ladder did: unchanged, changed, '
    'capped_up, capped_down, capped_no_ending or no_ending; a contradiction raises 22023';

-- The 0.1.0 guard_report keeps its symbol; its classification is now honest
-- (capped_up: old <= limited < new, within less than one unit of the
-- limited price's scale), so its description changes with it.
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'what the guardrails did to each element: unchanged, changed, '
    'capped_up (old <= limited < new) or capped_down (new < limited <= old), a cap rounded inward '
    'lying less than one unit of the limited price''s scale past old; a contradiction raises 22023';
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'what the guardrails did: unchanged, changed, capped_up (old <= limited < new) '
    'or capped_down (new < limited <= old), a cap rounded inward lying less than '
    'one unit of the limited price''s scale past old; a contradiction raises 22023';

-- == Section C: billing-style tiers ==========================================

-- Billing tier tables, as Stripe and other billing systems write them: tier i
-- holds the quantities in (up_to[i-1], up_to[i]] (the first from 0), a NULL
-- last up_to makes the last tier unbounded, and volume and graduated agree
-- on the tiers.  Names of their own: a tier_total overload taking up_to in
-- the place of thresholds would have the same argument types.

CREATE FUNCTION @extschema@.billing_tier(quantity pg_catalog.numeric,
        up_to pg_catalog.numeric[]) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'pricemath_billing_tier'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_tier(pg_catalog.numeric, pg_catalog.numeric[]) IS
    'subscript of the billing tier holding quantity: '
    'the first up_to >= quantity, or the unbounded last tier (a NULL last up_to)';

CREATE FUNCTION @extschema@.billing_price(quantity pg_catalog.numeric, up_to pg_catalog.numeric[],
        unit_prices pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_price'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_price(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'unit price of the billing tier holding quantity (inclusive up_to bounds, a NULL last up_to is unbounded)';

CREATE FUNCTION @extschema@.billing_total(quantity pg_catalog.numeric, up_to pg_catalog.numeric[],
        unit_prices pg_catalog.numeric[], mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_total'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_total(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.text) IS
    'exact total over a billing tier table (inclusive up_to bounds, a NULL last up_to is unbounded): '
    'volume prices all of quantity at its tier, graduated each unit at its own tier';

CREATE FUNCTION @extschema@.billing_total(quantity pg_catalog.numeric, up_to pg_catalog.numeric[],
        unit_prices pg_catalog.numeric[], mode pg_catalog.text,
        flat_amounts pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_billing_total'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.billing_total(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.text, pg_catalog.numeric[]) IS
    'billing_total with a flat amount per tier (Stripe semantics): volume adds the flat '
    'amount of the tier holding quantity, graduated that of every tier quantity reaches';

-- == Section D: contracts that say why =======================================

-- check_price_array: the rules of is_price_array, for CHECK constraints and
-- domains.  True, or 23514 with the broken rule in the DETAIL.  Not STRICT,
-- as is_price_array: NULL limits mean no limit, and NULL prices give NULL
-- (which a CHECK accepts).

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.numeric[], min pg_catalog.numeric DEFAULT 0,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 check_violation with the first broken rule in the '
    'detail (element 2: -1.50 is below the minimum 0); NULL for NULL prices; for CHECK constraints and domains';

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.float8[], min pg_catalog.float8 DEFAULT 0,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 check_violation '
    'with the first broken rule in the detail; NULL for NULL prices';

-- check_price_array on numeric[] with an integer min and with float8 bounds,
-- as the other contracts (Section A): an untyped array literal with an
-- integer min resolves to numeric[], and NULL bounds stay unambiguous.

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.numeric[], min pg_catalog.int2,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 with the broken rule, '
    'with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.numeric[], min pg_catalog.int4,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 with the broken rule, '
    'with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.numeric[], min pg_catalog.int8,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 with the broken rule, '
    'with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.check_price_array(prices pg_catalog.numeric[], min pg_catalog.float8,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_check_price_array_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.check_price_array(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when is_price_array holds, else raises 23514 with the broken rule, '
    'with float8 bounds, each taken as the decimal it prints as; as the numeric bounds form';

-- The price_array domain says why.  The rule is the same as before, so the
-- columns of the domain, which ADD CONSTRAINT reads again to validate them
-- (under a SHARE lock on each table), all pass.
ALTER DOMAIN @extschema@.price_array DROP CONSTRAINT price_array_valid;
ALTER DOMAIN @extschema@.price_array
    ADD CONSTRAINT price_array_valid CHECK (@extschema@.check_price_array(VALUE));

-- price_array_violations: every row of a table whose column breaks the
-- contract, for migrations.  A row is named by its primary key as jsonb
-- (NULL without one: stable, readable, composite keys included) and by its
-- ctid (always there, and fast to UPDATE by in the same transaction).  The
-- query runs as the caller, so the caller's SELECT privilege (and row level
-- security) applies.  STABLE, since it reads a table; PARALLEL RESTRICTED,
-- since a temporary table is visible to the leader only.  Not STRICT: NULL
-- limits mean no limit; a NULL tbl or col gives no rows.
CREATE FUNCTION @extschema@.price_array_violations(tbl pg_catalog.regclass, col pg_catalog.name,
        min pg_catalog.numeric DEFAULT 0, max pg_catalog.numeric DEFAULT NULL,
        max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false)
RETURNS TABLE (key pg_catalog.jsonb, row_ctid pg_catalog.tid, reason pg_catalog.text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $violations$
DECLARE
    v_relkind "char";
    v_relname pg_catalog.name;
    v_type pg_catalog.oid;
    v_base pg_catalog.oid;
    v_next pg_catalog.oid;
    v_elem text;
    v_key text;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RETURN;
    END IF;
    SELECT c.relkind, c.relname INTO v_relkind, v_relname
    FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) tbl;
    IF v_relkind IS NULL OR v_relkind NOT IN ('r', 'p', 'm') THEN
        RAISE EXCEPTION '"%" is not a table', v_relname
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'price_array_violations reads tables, partitioned tables and materialized views.';
    END IF;
    SELECT a.atttypid INTO v_type
    FROM pg_catalog.pg_attribute a
    WHERE a.attrelid OPERATOR(pg_catalog.=) tbl AND a.attname OPERATOR(pg_catalog.=) col
      AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    IF v_type IS NULL THEN
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', col, v_relname
            USING ERRCODE = 'undefined_column';
    END IF;
    -- a domain (such as pricemath.price_array) counts as its base type
    v_base := v_type;
    LOOP
        SELECT CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd' THEN t.typbasetype END INTO v_next
        FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) v_base;
        EXIT WHEN v_next IS NULL;
        v_base := v_next;
    END LOOP;
    IF v_base OPERATOR(pg_catalog.=) 'pg_catalog.numeric[]'::pg_catalog.regtype THEN
        v_elem := 'pg_catalog.numeric';
    ELSIF v_base OPERATOR(pg_catalog.=) 'pg_catalog.float8[]'::pg_catalog.regtype THEN
        v_elem := 'pg_catalog.float8';
    ELSE
        RAISE EXCEPTION 'column "%" of relation "%" is of type %, not numeric[] or float8[]', col, v_relname,
            pg_catalog.format_type(v_type, NULL)
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'price_array_violations checks numeric[] and float8[] columns.';
    END IF;
    -- the primary key's columns, in key order, as a jsonb object
    SELECT pg_catalog.string_agg(pg_catalog.format('%L, t.%I', a.attname, a.attname), ', ' ORDER BY k.ord)
    INTO v_key
    FROM pg_catalog.pg_constraint c
    CROSS JOIN LATERAL pg_catalog.unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.conrelid
                                  AND a.attnum OPERATOR(pg_catalog.=) k.attnum
    WHERE c.conrelid OPERATOR(pg_catalog.=) tbl AND c.contype OPERATOR(pg_catalog.=) 'p';
    -- (a loop rather than RETURN QUERY, so that the OUT columns are visibly set)
    FOR key, row_ctid, reason IN EXECUTE pg_catalog.format($q$
SELECT v.key, v.row_ctid, v.reason
FROM (SELECT %1$s AS key, t.ctid AS row_ctid,
             @extschema@.price_array_violation(t.%2$I::%3$s[], $1::%3$s, $2::%3$s, $3, $4) AS reason
      FROM %4$s AS t) AS v
WHERE v.reason IS NOT NULL$q$,
            CASE WHEN v_key IS NULL THEN 'NULL::pg_catalog.jsonb'
                 ELSE 'pg_catalog.jsonb_build_object(' OPERATOR(pg_catalog.||) v_key OPERATOR(pg_catalog.||) ')' END,
            col, v_elem, tbl)
        USING min, max, max_places, allow_nulls
    LOOP
        RETURN NEXT;
    END LOOP;
END
$violations$;
COMMENT ON FUNCTION @extschema@.price_array_violations(pg_catalog.regclass, pg_catalog.name, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'every row of table tbl whose numeric[] or float8[] column col breaks is_price_array with these limits: '
    'its primary key as jsonb (NULL without one), its ctid, and the price_array_violation reason; runs as the caller';

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- Currencies: ISO 4217 minor units compiled into the library (list one,
-- 2026-01-01), so that convert by currency code stays IMMUTABLE.
CREATE FUNCTION @extschema@.currency_places(code pg_catalog.text) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'pricemath_currency_places'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.currency_places(pg_catalog.text) IS
    'ISO 4217 minor units (decimal places) of an active currency code, any case; '
    '22023 for an unknown code or one without minor units';

CREATE FUNCTION @extschema@.currencies(OUT code pg_catalog.text, OUT places pg_catalog.int4) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pricemath_currencies'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 178;
COMMENT ON FUNCTION @extschema@.currencies() IS
    'every active ISO 4217 code pricemath knows, with its minor units (NULL where ISO 4217 gives none)';

-- convert by currency code: the places form with currency_places(code).
-- SQL functions, so the planner inlines them and folds a constant code.
CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric, currency pg_catalog.text,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT @extschema@.convert($1, $2, @extschema@.currency_places($3), $4)$$;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.text, pg_catalog.text) IS
    'for every element: amount * rate rounded to the minor units of the ISO 4217 currency with mode; rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric, rate pg_catalog.numeric, currency pg_catalog.text,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT @extschema@.convert($1, $2, @extschema@.currency_places($3), $4)$$;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text, pg_catalog.text) IS
    'amount * rate rounded to the minor units of the ISO 4217 currency with mode; rate > 0';

-- Per-element rates: one rate per price, lengths must match; a NULL rate
-- gives a NULL element.
CREATE FUNCTION @extschema@.markup(prices pg_catalog.numeric[], pct pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_markup_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markup(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'for every element: price * (1 + pct) with its own pct, exact; every pct > -1';

CREATE FUNCTION @extschema@.discount(prices pg_catalog.numeric[], pct pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_discount_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'for every element: price * (1 - pct) with its own pct, exact; '
    'every 0 <= pct <= 1 (stacked discounts: discount_stack)';

CREATE FUNCTION @extschema@.add_tax(net pg_catalog.numeric[], rate pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_tax_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_tax(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'for every element: net * (1 + rate) with its own rate, exact; every rate >= 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric[], places pg_catalog.int4,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_convert_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'for every element: amount * its own rate rounded to places with mode; every rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric[], currency pg_catalog.text,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT @extschema@.convert($1, $2, @extschema@.currency_places($3), $4)$$;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text, pg_catalog.text) IS
    'for every element: amount * its own rate rounded to the '
    'minor units of the ISO 4217 currency with mode; every rate > 0';

-- Stacked discounts: price * (1 - r1) * (1 - r2) * ..., exact, or rounded
-- once at the end when places is given (so not STRICT: NULL places is exact).
CREATE FUNCTION @extschema@.discount_stack(prices pg_catalog.numeric[], rates pg_catalog.numeric[],
        places pg_catalog.int4 DEFAULT NULL, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_discount_stack_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount_stack(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4,
        pg_catalog.text) IS
    'for every element: price * (1 - r1) * (1 - r2) * ..., '
    'exact, or rounded once to places with mode; every 0 <= r <= 1';

CREATE FUNCTION @extschema@.discount_stack(prices pg_catalog.numeric, rates pg_catalog.numeric[],
        places pg_catalog.int4 DEFAULT NULL, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_discount_stack_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount_stack(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.int4,
        pg_catalog.text) IS
    'price * (1 - r1) * (1 - r2) * ..., exact, or rounded once to places with mode; every 0 <= r <= 1';

-- margin_of: the inverse of margin_price.
CREATE FUNCTION @extschema@.margin_of(prices pg_catalog.numeric[], costs pg_catalog.numeric[],
        places pg_catalog.int4 DEFAULT 4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_margin_of_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4,
        pg_catalog.text) IS
    'for every element: (price - cost) / price rounded to places with mode; a zero price raises 22012';

CREATE FUNCTION @extschema@.margin_of(prices pg_catalog.numeric, costs pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_margin_of_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    '(price - cost) / price rounded to places with mode; a zero price raises 22012';

-- Allocation as a window function: allocate() over the rows of each
-- partition, in the window's order.  Not STRICT: a NULL weight gives a NULL
-- share while the other rows still split the total.
CREATE FUNCTION @extschema@.allocate_share(total pg_catalog.numeric, weight pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 2) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_allocate_share'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allocate_share(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
    'window function: this row''s share of allocate(total, weights of the partition, places) in the window''s order; '
    'shares sum to total exactly, ties go to the earlier row';

-- == Section G: aggregate states that travel ================================

-- Every aggregate's state becomes a real type, pricemath.vec_state for the
-- vec_* aggregates and pricemath.index_state for weighted_avg and the price
-- indices, in place of internal.  Citus runs an aggregate on its workers
-- (worker_partial_agg on each shard, coord_combine_agg on the coordinator)
-- only when its state has a real type with text input and output, which a
-- partial state travels in; with an internal state it ships every row to the
-- coordinator instead.  In memory a state is still the same C struct, an
-- expanded object that each row changes in place; it is flattened (the
-- type's binary form, in base64 as text) only when it leaves the aggregate.
-- The types' input and receive functions check every field and raise 22P03
-- for bytes that no state wrote.  Without serialize and deserialize
-- functions, a parallel plan sends the flat state between processes.
--
-- How the update keeps users' objects: ALTER AGGREGATE cannot change a state
-- type, and DROP AGGREGATE would take every view and materialized view that
-- uses the aggregate with it (or refuse).  CREATE OR REPLACE AGGREGATE can
-- (PostgreSQL 13 and later): it rewrites the aggregate's catalog row in
-- place, keeping its OID, name, arguments, result, owner, privileges and
-- comment, and replaces its dependencies on the support functions.  Views
-- and materialized views refer to an aggregate by OID and look up its
-- support functions and state type when a query is planned, so they keep
-- working and give the same results.  Each replaced aggregate names support
-- functions of the same names with the state type in place of internal;
-- the old ones then have no dependents and are dropped.  The library keeps
-- the old ones' C symbols (the 0.1.0 and 0.2.0 serialize, deserialize and
-- final functions), so that a database not yet updated still works with it.

CREATE TYPE @extschema@.vec_state;

CREATE FUNCTION @extschema@.vec_state_in(pg_catalog.cstring) RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_state_in(pg_catalog.cstring) IS
    'vec_state input: the base64 text that vec_state_out writes; every field checked (22P03)';

CREATE FUNCTION @extschema@.vec_state_out(@extschema@.vec_state) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pricemath_vec_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_state_out(@extschema@.vec_state) IS
    'vec_state output: the binary form in base64';

CREATE FUNCTION @extschema@.vec_state_recv(pg_catalog.internal) RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_state_recv(pg_catalog.internal) IS
    'vec_state binary input; every field checked (22P03)';

CREATE FUNCTION @extschema@.vec_state_send(@extschema@.vec_state) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pricemath_vec_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_state_send(@extschema@.vec_state) IS
    'vec_state binary output';

CREATE TYPE @extschema@.vec_state (
    INPUT = @extschema@.vec_state_in,
    OUTPUT = @extschema@.vec_state_out,
    RECEIVE = @extschema@.vec_state_recv,
    SEND = @extschema@.vec_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.vec_state IS
    'partial state of vec_sum, vec_avg, vec_min and vec_max (numeric[] and float8[]), as partial aggregation '
    'sends it between processes and nodes';

CREATE TYPE @extschema@.index_state;

CREATE FUNCTION @extschema@.index_state_in(pg_catalog.cstring) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_index_state_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.index_state_in(pg_catalog.cstring) IS
    'index_state input: the base64 text that index_state_out writes; every field checked (22P03)';

CREATE FUNCTION @extschema@.index_state_out(@extschema@.index_state) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'pricemath_index_state_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.index_state_out(@extschema@.index_state) IS
    'index_state output: the binary form in base64';

CREATE FUNCTION @extschema@.index_state_recv(pg_catalog.internal) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_index_state_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.index_state_recv(pg_catalog.internal) IS
    'index_state binary input; every field checked (22P03)';

CREATE FUNCTION @extschema@.index_state_send(@extschema@.index_state) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pricemath_index_state_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.index_state_send(@extschema@.index_state) IS
    'index_state binary output';

CREATE TYPE @extschema@.index_state (
    INPUT = @extschema@.index_state_in,
    OUTPUT = @extschema@.index_state_out,
    RECEIVE = @extschema@.index_state_recv,
    SEND = @extschema@.index_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.index_state IS
    'partial state of weighted_avg and the price indices (numeric, float8 and integer forms), as partial '
    'aggregation sends it between processes and nodes';

-- The combine functions, then each aggregate after its support functions:
-- the 0.1.0 aggregates replaced, their integer forms created.
-- The numeric aggregates over integer arguments (smallint, integer or bigint
-- throughout), new in 0.3.0: weighted_avg(1, 2) and laspeyres(p0, p1, q0)
-- over integer columns take the exact numeric flavour, not float8.  Mixed
-- integer and numeric arguments already match the numeric flavour best, and
-- mixed integer types the widest integer form.

CREATE FUNCTION @extschema@.vec_combine(state1 @extschema@.vec_state, state2 @extschema@.vec_state)
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_combine(@extschema@.vec_state, @extschema@.vec_state) IS
    'combines two vec_* states (parallel aggregation)';

CREATE FUNCTION @extschema@.idx_combine(state1 @extschema@.index_state, state2 @extschema@.index_state)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_idx_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.idx_combine(@extschema@.index_state, @extschema@.index_state) IS
    'combines two weighted_avg or price index states (parallel aggregation)';

CREATE FUNCTION @extschema@.vec_sum_accum(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_accum(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_sum and vec_avg transition: adds a numeric[] row element-wise';

CREATE FUNCTION @extschema@.vec_sum_inv(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_inv(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_sum and vec_avg inverse transition (moving aggregate): subtracts a numeric[] row exactly';

CREATE FUNCTION @extschema@.vec_sum_final(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_final(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_sum final function: the element-wise sums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_sum(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_sum_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.vec_sum_accum,
    MINVFUNC = @extschema@.vec_sum_inv,
    MSTYPE = @extschema@.vec_state,
    MFINALFUNC = @extschema@.vec_sum_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.vec_avg_final(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_avg_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_avg_final(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_avg final function: the element-wise averages';

CREATE OR REPLACE AGGREGATE @extschema@.vec_avg(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.vec_sum_accum,
    MINVFUNC = @extschema@.vec_sum_inv,
    MSTYPE = @extschema@.vec_state,
    MFINALFUNC = @extschema@.vec_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.vec_min_accum(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_min_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_accum(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_min transition for numeric[] rows';

CREATE FUNCTION @extschema@.vec_min_final(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_final(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_min final function: the element-wise minimums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_min(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_min_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_min_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.vec_max_accum(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_max_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_accum(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_max transition for numeric[] rows';

CREATE FUNCTION @extschema@.vec_max_final(state @extschema@.vec_state, a pg_catalog.numeric[])
        RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_final(@extschema@.vec_state, pg_catalog.numeric[]) IS
    'vec_max final function: the element-wise maximums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_max(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_max_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_max_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.vec_sum_accum(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_accum(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_sum and vec_avg transition: adds a float8[] row element-wise';

CREATE FUNCTION @extschema@.vec_sum_final(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_final_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_final(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_sum final function: the element-wise sums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_sum(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_sum_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.vec_avg_final(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_avg_final_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_avg_final(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_avg final function: the element-wise averages';

CREATE OR REPLACE AGGREGATE @extschema@.vec_avg(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.vec_min_accum(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_min_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_accum(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_min transition for float8[] rows';

CREATE FUNCTION @extschema@.vec_min_final(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_final(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_min final function: the element-wise minimums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_min(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_min_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_min_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.vec_max_accum(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS @extschema@.vec_state
    AS 'MODULE_PATHNAME', 'pricemath_vec_max_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_accum(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_max transition for float8[] rows';

CREATE FUNCTION @extschema@.vec_max_final(state @extschema@.vec_state, a pg_catalog.float8[])
        RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_final(@extschema@.vec_state, pg_catalog.float8[]) IS
    'vec_max final function: the element-wise maximums';

CREATE OR REPLACE AGGREGATE @extschema@.vec_max(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_max_accum,
    STYPE = @extschema@.vec_state,
    FINALFUNC = @extschema@.vec_max_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.weighted_avg_accum(state @extschema@.index_state, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state @extschema@.index_state, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state @extschema@.index_state, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg final function';

CREATE OR REPLACE AGGREGATE @extschema@.weighted_avg(value pg_catalog.numeric, weight pg_catalog.numeric) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.weighted_avg_accum(state @extschema@.index_state, value pg_catalog.float8,
        weight pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_final(state @extschema@.index_state, value pg_catalog.float8,
        weight pg_catalog.float8) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg final function';

CREATE OR REPLACE AGGREGATE @extschema@.weighted_avg(value pg_catalog.float8, weight pg_catalog.float8) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.laspeyres_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'laspeyres transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'laspeyres inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.laspeyres_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_final(@extschema@.index_state) IS
    'laspeyres final function';

CREATE OR REPLACE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.laspeyres_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8, q0 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8) IS
    'laspeyres transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.paasche_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'paasche transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'paasche inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.paasche_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_paasche_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_final(@extschema@.index_state) IS
    'paasche final function';

CREATE OR REPLACE AGGREGATE @extschema@.paasche(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q1 pg_catalog.numeric) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.paasche_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8, q1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8) IS
    'paasche transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.paasche(p0 pg_catalog.float8, p1 pg_catalog.float8, q1 pg_catalog.float8) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.fisher_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.numeric) IS
    'fisher transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.numeric) IS
    'fisher inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.fisher_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_fisher_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_final(@extschema@.index_state) IS
    'fisher final function';

CREATE OR REPLACE AGGREGATE @extschema@.fisher(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric,
        q1 pg_catalog.numeric) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.fisher_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8, pg_catalog.float8) IS
    'fisher transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.fisher(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8,
        q1 pg_catalog.float8) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.tornqvist_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.numeric) IS
    'tornqvist transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.numeric) IS
    'tornqvist inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.tornqvist_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_final(@extschema@.index_state) IS
    'tornqvist final function';

CREATE OR REPLACE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric,
        q1 pg_catalog.numeric) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.tornqvist_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8, pg_catalog.float8) IS
    'tornqvist transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8,
        q1 pg_catalog.float8) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.jevons_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'jevons transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'jevons inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.jevons_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_jevons_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_final(@extschema@.index_state) IS
    'jevons final function';

CREATE OR REPLACE AGGREGATE @extschema@.jevons(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.jevons_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8) IS
    'jevons transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.jevons(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.dutot_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'dutot transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'dutot inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.dutot_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_dutot_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_final(@extschema@.index_state) IS
    'dutot final function';

CREATE OR REPLACE AGGREGATE @extschema@.dutot(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.dutot_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8) IS
    'dutot transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.dutot(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.carli_accum(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'carli transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state @extschema@.index_state, p0 pg_catalog.numeric,
        p1 pg_catalog.numeric) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(@extschema@.index_state, pg_catalog.numeric, pg_catalog.numeric) IS
    'carli inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.carli_final(state @extschema@.index_state) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_carli_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_final(@extschema@.index_state) IS
    'carli final function';

CREATE OR REPLACE AGGREGATE @extschema@.carli(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
    SFUNC = @extschema@.carli_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);

CREATE FUNCTION @extschema@.carli_accum(state @extschema@.index_state, p0 pg_catalog.float8,
        p1 pg_catalog.float8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(@extschema@.index_state, pg_catalog.float8, pg_catalog.float8) IS
    'carli transition for float8 rows; rows with a NULL argument are skipped';

CREATE OR REPLACE AGGREGATE @extschema@.carli(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.carli_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.weighted_avg_accum(state @extschema@.index_state, value pg_catalog.int2,
        weight pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state @extschema@.index_state, value pg_catalog.int2,
        weight pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state @extschema@.index_state, value pg_catalog.int2,
        weight pg_catalog.int2) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int2, weight pg_catalog.int2) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int2, pg_catalog.int2) IS
    'sum(value * weight) / sum(weight) over smallint rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.weighted_avg_accum(state @extschema@.index_state, value pg_catalog.int4,
        weight pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state @extschema@.index_state, value pg_catalog.int4,
        weight pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state @extschema@.index_state, value pg_catalog.int4,
        weight pg_catalog.int4) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int4, weight pg_catalog.int4) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int4, pg_catalog.int4) IS
    'sum(value * weight) / sum(weight) over integer rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.weighted_avg_accum(state @extschema@.index_state, value pg_catalog.int8,
        weight pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state @extschema@.index_state, value pg_catalog.int8,
        weight pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state @extschema@.index_state, value pg_catalog.int8,
        weight pg_catalog.int8) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int8, weight pg_catalog.int8) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int8, pg_catalog.int8) IS
    'sum(value * weight) / sum(weight) over bigint rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q0 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'laspeyres transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q0 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'laspeyres inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Laspeyres price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q0 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'laspeyres transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q0 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'laspeyres inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Laspeyres price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q0 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'laspeyres transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q0 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'laspeyres inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Laspeyres price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'paasche transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'paasche inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int2, p1 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Paasche price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'paasche transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'paasche inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int4, p1 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Paasche price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'paasche transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'paasche inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int8, p1 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Paasche price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'fisher transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2,
        q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2) IS
    'fisher inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Fisher price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'fisher transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4,
        q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4) IS
    'fisher inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Fisher price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'fisher transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8,
        q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8) IS
    'fisher inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Fisher price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2, pg_catalog.int2) IS
    'tornqvist transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2,
        pg_catalog.int2, pg_catalog.int2) IS
    'tornqvist inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Tornqvist price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4, pg_catalog.int4) IS
    'tornqvist transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4,
        pg_catalog.int4, pg_catalog.int4) IS
    'tornqvist inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Tornqvist price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8, pg_catalog.int8) IS
    'tornqvist transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8,
        pg_catalog.int8, pg_catalog.int8) IS
    'tornqvist inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Tornqvist price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state @extschema@.index_state, p0 pg_catalog.int2,
        p1 pg_catalog.int2) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'jevons transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'jevons inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int2, pg_catalog.int2) IS
    'Jevons price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state @extschema@.index_state, p0 pg_catalog.int4,
        p1 pg_catalog.int4) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'jevons transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'jevons inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int4, pg_catalog.int4) IS
    'Jevons price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state @extschema@.index_state, p0 pg_catalog.int8,
        p1 pg_catalog.int8) RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'jevons transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'jevons inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int8, pg_catalog.int8) IS
    'Jevons price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'dutot transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'dutot inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int2, pg_catalog.int2) IS
    'Dutot price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'dutot transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'dutot inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int4, pg_catalog.int4) IS
    'Dutot price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'dutot transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'dutot inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int8, pg_catalog.int8) IS
    'Dutot price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'carli transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state @extschema@.index_state, p0 pg_catalog.int2, p1 pg_catalog.int2)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(@extschema@.index_state, pg_catalog.int2, pg_catalog.int2) IS
    'carli inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.carli_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int2, pg_catalog.int2) IS
    'Carli price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'carli transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state @extschema@.index_state, p0 pg_catalog.int4, p1 pg_catalog.int4)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(@extschema@.index_state, pg_catalog.int4, pg_catalog.int4) IS
    'carli inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.carli_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int4, pg_catalog.int4) IS
    'Carli price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'carli transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state @extschema@.index_state, p0 pg_catalog.int8, p1 pg_catalog.int8)
        RETURNS @extschema@.index_state
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(@extschema@.index_state, pg_catalog.int8, pg_catalog.int8) IS
    'carli inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.carli_accum,
    STYPE = @extschema@.index_state,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = @extschema@.index_state,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int8, pg_catalog.int8) IS
    'Carli price index over bigint rows, as the numeric form';

-- the 0.1.0 support functions on internal states, now unused
DROP FUNCTION @extschema@.carli_accum(internal, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.carli_accum(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.carli_final(internal);
DROP FUNCTION @extschema@.carli_inv(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.dutot_accum(internal, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.dutot_accum(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.dutot_final(internal);
DROP FUNCTION @extschema@.dutot_inv(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.fisher_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8);
DROP FUNCTION @extschema@.fisher_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric);
DROP FUNCTION @extschema@.fisher_final(internal);
DROP FUNCTION @extschema@.fisher_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric);
DROP FUNCTION @extschema@.idx_combine(internal, internal);
DROP FUNCTION @extschema@.idx_deserialize(pg_catalog.bytea, internal);
DROP FUNCTION @extschema@.idx_serialize(internal);
DROP FUNCTION @extschema@.jevons_accum(internal, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.jevons_accum(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.jevons_final(internal);
DROP FUNCTION @extschema@.jevons_inv(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.laspeyres_final(internal);
DROP FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.paasche_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.paasche_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.paasche_final(internal);
DROP FUNCTION @extschema@.paasche_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8);
DROP FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric);
DROP FUNCTION @extschema@.tornqvist_final(internal);
DROP FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric);
DROP FUNCTION @extschema@.vec_avg_final(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_avg_final(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_combine(internal, internal);
DROP FUNCTION @extschema@.vec_deserialize(pg_catalog.bytea, internal);
DROP FUNCTION @extschema@.vec_max_accum(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_max_accum(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_max_final(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_max_final(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_min_accum(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_min_accum(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_min_final(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_min_final(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_serialize(internal);
DROP FUNCTION @extschema@.vec_sum_accum(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_sum_accum(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_sum_final(internal, pg_catalog.float8[]);
DROP FUNCTION @extschema@.vec_sum_final(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.vec_sum_inv(internal, pg_catalog.numeric[]);
DROP FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.float8, pg_catalog.float8);
DROP FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.numeric, pg_catalog.numeric);
DROP FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.numeric, pg_catalog.numeric);

-- == Section H: the runner's statements name their operators ===============

-- An apply stage's statement, and a revert's, run under the caller's
-- search_path, because the stage's query is inside them and is written for
-- it.  Their own comparisons (the key join, "did the value change") named no
-- operator, so a role that may create in a schema on the caller's path could
-- plant an "=" there and have it run by whoever runs the job: always when
-- the path lists that schema before pg_catalog, and even with pg_catalog
-- first for a type whose "=" pg_catalog has only through a coercion
-- (varchar, a domain), since an exact match wins.  The hostile install test
-- (test/t/009_hostile_install.pl) found it.  They now use the type's own
-- equality operator by its qualified name, and spell out IS DISTINCT FROM
-- with it.

-- The equality operator of a type, qualified: the type's own "=" when its
-- schema has one (an extension's type, such as citext), else pg_catalog's
-- (the built-in types, arrays, and domains over them, which coerce to their
-- base type).
CREATE FUNCTION @extschema@._job_eq(p_type pg_catalog.regtype) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $eq$
SELECT pg_catalog.format('OPERATOR(%I.=)', COALESCE(
    (SELECT n.nspname
     FROM pg_catalog.pg_type t
     JOIN pg_catalog.pg_operator o ON o.oprnamespace = t.typnamespace AND o.oprname = '='
                                   AND o.oprleft = t.oid AND o.oprright = t.oid
     JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE t.oid = p_type AND n.nspname <> 'pg_catalog'),
    'pg_catalog'))
$eq$;
COMMENT ON FUNCTION @extschema@._job_eq(pg_catalog.regtype) IS
    'internal (job runner): the qualified equality operator of a type, for statements that run under '
    'the caller''s search_path';

-- a IS DISTINCT FROM b, with the equality operator eq named (the two
-- expressions are SQL text, each evaluated once per NULL test and compare).
CREATE FUNCTION @extschema@._job_distinct(a text, b text, eq text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $distinct$
SELECT pg_catalog.format('(CASE WHEN (%1$s) IS NULL THEN (%2$s) IS NOT NULL WHEN (%2$s) IS NULL THEN true '
                         'ELSE NOT ((%1$s) %3$s (%2$s)) END)', a, b, eq)
$distinct$;
COMMENT ON FUNCTION @extschema@._job_distinct(text, text, text) IS
    'internal (job runner): SQL text of a IS DISTINCT FROM b with a named equality operator';

CREATE OR REPLACE FUNCTION @extschema@._job_apply_sql(p_stage @extschema@.job_stage, p_sql text,
        p_run_id bigint, p_owner pg_catalog.regrole, p_dry_run boolean)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $apply_sql$
DECLARE
    v_ktype text;
    v_vtype text;
    v_vtypmod text;
    v_keq text;
    v_veq text;
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
    -- The statement runs under the caller's search_path (the stage's query
    -- is in it): its own comparisons name their operators.
    v_keq := @extschema@._job_eq(v_ktype::pg_catalog.regtype);
    v_veq := @extschema@._job_eq(v_vtype::pg_catalog.regtype);
    RETURN pg_catalog.format($f$
WITH src AS MATERIALIZED (
    SELECT CAST(s.k AS %1$s) AS k, CAST(s.v AS %2$s) AS v FROM (%3$s
) AS s (k, v)),
chg AS (
    UPDATE %4$s AS t SET %5$I = cur.new
    FROM (SELECT o.ctid AS tid, src.k, o.%5$I AS old, src.v AS new
          FROM %4$s AS o JOIN src ON o.%6$I %10$s src.k) AS cur
    WHERE t.ctid OPERATOR(pg_catalog.=) cur.tid AND %11$s
    RETURNING cur.k, cur.old, cur.new)%7$s
SELECT (SELECT pg_catalog.count(*) FROM src),
       (SELECT pg_catalog.count(*) FROM src WHERE EXISTS (SELECT FROM %4$s AS m WHERE m.%6$I %10$s src.k)),
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
            '(SELECT d.k::text FROM src AS d WHERE %s LIMIT 1)',
            @extschema@._job_distinct('d.v', pg_catalog.format('CAST(CAST(d.v AS %s) AS %s)', v_vtypmod, v_vtype), v_veq))
        ELSE 'NULL::text' END,
        v_keq, @extschema@._job_distinct('cur.old', 'cur.new', v_veq));
END
$apply_sql$;

CREATE OR REPLACE FUNCTION @extschema@._job_revert_stage(p_job @extschema@.job, p_stage @extschema@.job_stage,
        p_reverts bigint, p_run_id bigint, p_owner pg_catalog.regrole, p_path text,
        p_deadline timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $revert_stage$
DECLARE
    v_ktype text;
    v_vtype text;
    v_keq text;
    v_veq text;
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
    -- Under the caller's search_path, as the apply stage: named operators.
    v_keq := @extschema@._job_eq(v_ktype::pg_catalog.regtype);
    v_veq := @extschema@._job_eq(v_vtype::pg_catalog.regtype);
    SELECT * INTO v_exec FROM @extschema@._job_exec(pg_catalog.format($f$
WITH c AS MATERIALIZED (
    SELECT CAST(c.key AS %1$s) AS k, CAST(c.old_value AS %2$s) AS old, CAST(c.new_value AS %2$s) AS new
    FROM @extschema@.job_change AS c
    WHERE c.run_id OPERATOR(pg_catalog.=) %3$s AND c.position OPERATOR(pg_catalog.=) %4$s
      AND c.owner OPERATOR(pg_catalog.=) %9$s::pg_catalog.oid::pg_catalog.regrole),
cur AS MATERIALIZED (
    SELECT t.ctid AS tid, c.k, t.%5$I AS now, c.old, c.new FROM %6$s AS t JOIN c ON t.%7$I %10$s c.k),
chg AS (
    UPDATE %6$s AS t SET %5$I = cur.old FROM cur
    WHERE t.ctid OPERATOR(pg_catalog.=) cur.tid AND NOT %11$s
    RETURNING cur.k, cur.new AS before, cur.old AS after),
hist AS (
    INSERT INTO @extschema@.job_change (run_id, position, key, old_value, new_value, owner)
    SELECT %8$s, %4$s, chg.k::text, chg.before::text, chg.after::text, %9$s::pg_catalog.oid::pg_catalog.regrole
    FROM chg)
SELECT (SELECT pg_catalog.count(*) FROM c), (SELECT pg_catalog.count(*) FROM chg),
       (SELECT pg_catalog.count(*) FROM cur WHERE %11$s),
       (SELECT pg_catalog.jsonb_agg(x.k::text) FROM
           (SELECT cur.k FROM cur WHERE %11$s LIMIT 100) AS x)$f$,
        v_ktype, v_vtype, p_reverts, p_stage.position, p_stage.value_column, p_stage.target,
        p_stage.key_column, p_run_id, p_owner::oid, v_keq, @extschema@._job_distinct('cur.now', 'cur.new', v_veq)),
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

-- The run's last statements, after its final COMMIT, ran under the
-- caller's search_path too (set_config(..., true) lasts one transaction):
-- _job_run pins it again after that COMMIT, as after its others.
CREATE OR REPLACE PROCEDURE @extschema@._job_run(p_name text, p_params jsonb, p_dry_run boolean,
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
    -- The run starts once it holds the lock: its started_at is never before
    -- the previous run's finished_at, so no two runs of a job overlap in the
    -- ledger (test/t/011_concurrency.pl checks it under pgbench).
    v_started := pg_catalog.clock_timestamp();

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
    -- Announce before trimming: calls skipped during the run are newer, so
    -- the run's own trim may remove its row (keep_runs counts the newest
    -- ids), and announcing it afterwards failed (P0002) and rolled the
    -- finished run back (Section I).
    PERFORM @extschema@._job_announce(p_run_id);
    PERFORM @extschema@._job_trim(v_job.name, v_job.keep_runs, v_job.keep_changes);
    PERFORM @extschema@._job_context(NULL, NULL);
    IF v_nonatomic THEN
        COMMIT;
        -- the COMMIT ended the pinned search_path with its transaction (0.2.0
        -- ran the rest of the run under the caller's)
        PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
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

-- == Section I: trimming spares the runs in progress ========================

-- A skipped call trims its job's ledger without holding the run lock, so a
-- run in progress could be older than the newest keep_runs rows (a job with
-- keep_runs = 2 and two calls skipped during one run) and lose its ledger
-- row: its stage rows then broke their foreign key (23503) and the run was
-- rolled back whole.  pgbench found it (test/t/011_concurrency.pl).  Runs in
-- progress are never trimmed; one left "running" by a session that died is
-- trimmed once the next run has marked it abandoned.  A run's own trim at
-- its end still removes its row when enough newer calls came during it, so
-- _job_run announces the run before it trims.
CREATE OR REPLACE FUNCTION @extschema@._job_trim(p_job text, p_keep_runs integer, p_keep_changes integer)
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
        DELETE FROM @extschema@.job_run r WHERE r.job = p_job AND r.id < v_cut AND r.status <> 'running';
    END IF;
    FOR v_old IN SELECT r.id FROM @extschema@.job_run r
                 WHERE r.job = p_job AND r.changes_kept ORDER BY r.id DESC OFFSET p_keep_changes LOOP
        DELETE FROM @extschema@.job_change c WHERE c.run_id = v_old;
        UPDATE @extschema@.job_run r SET changes_kept = false WHERE r.id = v_old;
    END LOOP;
END
$trim$;

-- A skipped call's own trim could remove its own row: with keep_runs = 2,
-- two calls that got later ids and committed first leave the newest two
-- rows to them, and the skipped row (not running) goes.  _job_skip then
-- failed to announce it (P0002, "query returned no rows"), and the caller
-- got an error for a call that only had to be skipped.  011_concurrency
-- found it.  As _job_run does, it announces before it trims.
CREATE OR REPLACE FUNCTION @extschema@._job_skip(p_job @extschema@.job, p_params jsonb, p_dry_run boolean,
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
    PERFORM @extschema@._job_announce(v_id);
    PERFORM @extschema@._job_trim(p_job.name, p_job.keep_runs, p_job.keep_changes);
    RAISE NOTICE 'run % of job "%" skipped: %', v_id, p_job.name, p_reason;
    RETURN v_id;
END
$skip$;

-- == Section F: psql hygiene =================================================

-- The aggregates' support functions (transition, inverse transition, final,
-- combine, serialize and deserialize functions) and the planner support
-- function of round() live in a schema of their own, so that `\df pricemath.*`
-- lists only what a user calls.  The schema is a member of the extension:
-- DROP EXTENSION drops it, pg_dump leaves it to CREATE EXTENSION, and nothing
-- is granted on it, because no caller needs it: an aggregate calls its
-- support functions, and the planner its support function, by OID, checking
-- EXECUTE (granted to PUBLIC) but never USAGE on their schema.
CREATE SCHEMA pricemath_internal;
COMMENT ON SCHEMA pricemath_internal IS
  'pricemath internals: the support functions of pricemath''s aggregates and of round(); '
  'call the aggregates in schema pricemath';

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

-- == Section J: float8 round(mul(a, b)) in one pass ==========================

-- The planner's form of round(mul(a, b), places, mode) over float8[]
-- (round_support plans that nested call as it, as it plans the numeric one
-- as pricemath.mul_round): one pass and no intermediate array, with the
-- results and errors of the two calls.  In pricemath_internal, not next to
-- mul_round in pricemath: a public float8[] overload of mul_round would draw
-- mul_round('{1.10}', 1, 2, 'half_even') to float8[] (README "Type
-- resolution").  Like a support function it needs no USAGE on its schema:
-- the executor checks only EXECUTE.

CREATE FUNCTION pricemath_internal.mul_round(a pg_catalog.float8[], b pg_catalog.float8,
        places pg_catalog.int4, mode pg_catalog.text) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pricemath_internal.mul_round(pg_catalog.float8[], pg_catalog.float8, pg_catalog.int4,
        pg_catalog.text) IS
    'the planner''s form of round(mul(a, b), places, mode) over float8[], one pass; '
    'call round and mul in schema pricemath';

CREATE FUNCTION pricemath_internal.mul_round(a pg_catalog.float8[], b pg_catalog.float8[],
        places pg_catalog.int4, mode pg_catalog.text) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pricemath_internal.mul_round(pg_catalog.float8[], pg_catalog.float8[], pg_catalog.int4,
        pg_catalog.text) IS
    'the planner''s form of round(mul(a, b), places, mode) over float8[] with element-wise b, one pass; '
    'call round and mul in schema pricemath';

ALTER FUNCTION @extschema@.round(pg_catalog.float8[], pg_catalog.int4, pg_catalog.text)
    SUPPORT pricemath_internal.round_support;
COMMENT ON FUNCTION pricemath_internal.round_support(pg_catalog.internal) IS
    'planner support for round(numeric[] | float8[], int, text): '
    'turns round(mul(a, b), places, mode) with constant places and mode into mul_round';
