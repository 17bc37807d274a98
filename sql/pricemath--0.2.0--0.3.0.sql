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
    'planner support for the integer overloads of add, sub, mul and the input contracts: plans op(a, b integer) as op(a, b::numeric)';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a + b with a smallint b, exactly as add(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a + b with a integer b, exactly as add(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a + b with a bigint b, exactly as add(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a - b with a smallint b, exactly as sub(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a - b with a integer b, exactly as sub(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a - b with a bigint b, exactly as sub(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int2) IS
    'element-wise a * b with a smallint b, exactly as mul(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int4) IS
    'element-wise a * b with a integer b, exactly as mul(a, b::numeric); lets an untyped array literal resolve to numeric[]';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.int8) IS
    'element-wise a * b with a bigint b, exactly as mul(a, b::numeric); lets an untyped array literal resolve to numeric[]';

-- div on numeric[] needs places.  numeric[] casts to float8[] implicitly, so
-- without two-argument numeric forms div(prices, 3) quietly ran the float8
-- division; these forms raise 42883 with a hint instead.  Not STRICT: a NULL
-- is no excuse for the missing places.

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int2) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int4) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int4) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); keeps numeric[] and untyped arrays away from div(float8[], ...)';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.int8) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_needs_places'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.int8) IS
    'raises 42883: numeric division needs places (div(a, b, places [, mode])); keeps numeric[] and untyped arrays away from div(float8[], ...)';

-- The input contracts with a smallint, integer or bigint min (max stays
-- numeric, so that a max written as a string, such as 'Infinity', still
-- reads as numeric), and with float8 bounds: a bare NULL bound leans to
-- float8, so the float8 bound forms keep is_price_array(prices, NULL, NULL, 2)
-- unambiguous on numeric[] and keep an untyped literal with NULL bounds off
-- float8[] (it then has no single best match, 42725).  Not STRICT, as the
-- numeric bounds form: a NULL bound means no limit.

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int2, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int4, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.int8, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.float8, max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8, pg_catalog.int4, pg_catalog.bool) IS
    'true when prices meet the contract, with float8 bounds, each taken as the decimal it prints as; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int2, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int4, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.int8, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.float8, max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8, pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule, with float8 bounds, each taken as the decimal it prints as; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int2, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int2, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a smallint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int4, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a integer min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.int8, max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE
    SUPPORT @extschema@.int_overload_support;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.int8, pg_catalog.numeric, pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with a bigint min; as the numeric bounds form';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.float8, max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL, allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric_float8_bounds'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.float8, pg_catalog.float8, pg_catalog.int4, pg_catalog.bool) IS
    'prices unchanged when is_price_array holds, else an error, with float8 bounds, each taken as the decimal it prints as; as the numeric bounds form';

-- The numeric aggregates over integer arguments (smallint, integer or bigint
-- throughout): weighted_avg(1, 2) and laspeyres(p0, p1, q0) over integer
-- columns take the exact numeric flavour, not float8.  Mixed integer and
-- numeric arguments already match the numeric flavour best, and mixed
-- integer types the widest integer form.

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.int2, weight pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state internal, value pg_catalog.int2, weight pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.int2, weight pg_catalog.int2) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.int2, pg_catalog.int2) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int2, weight pg_catalog.int2) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int2, pg_catalog.int2) IS
    'sum(value * weight) / sum(weight) over smallint rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.int4, weight pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state internal, value pg_catalog.int4, weight pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.int4, weight pg_catalog.int4) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.int4, pg_catalog.int4) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int4, weight pg_catalog.int4) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int4, pg_catalog.int4) IS
    'sum(value * weight) / sum(weight) over integer rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.int8, weight pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state internal, value pg_catalog.int8, weight pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.int8, weight pg_catalog.int8) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.int8, pg_catalog.int8) IS
    'weighted_avg final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.int8, weight pg_catalog.int8) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.weighted_avg_accum,
    MINVFUNC = @extschema@.weighted_avg_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.weighted_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.int8, pg_catalog.int8) IS
    'sum(value * weight) / sum(weight) over bigint rows; exact, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'laspeyres transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'laspeyres inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Laspeyres price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'laspeyres transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'laspeyres inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Laspeyres price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'laspeyres transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'laspeyres inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.laspeyres_accum,
    MINVFUNC = @extschema@.laspeyres_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.laspeyres_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Laspeyres price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'paasche transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'paasche inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int2, p1 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Paasche price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'paasche transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'paasche inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int4, p1 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Paasche price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'paasche transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'paasche inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.int8, p1 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.paasche_accum,
    MINVFUNC = @extschema@.paasche_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.paasche_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Paasche price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'fisher transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'fisher inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Fisher price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'fisher transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'fisher inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Fisher price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'fisher transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'fisher inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.fisher_accum,
    MINVFUNC = @extschema@.fisher_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.fisher_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Fisher price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'tornqvist transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'tornqvist inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int2, p1 pg_catalog.int2, q0 pg_catalog.int2, q1 pg_catalog.int2) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int2, pg_catalog.int2, pg_catalog.int2, pg_catalog.int2) IS
    'Tornqvist price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'tornqvist transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'tornqvist inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int4, p1 pg_catalog.int4, q0 pg_catalog.int4, q1 pg_catalog.int4) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
    'Tornqvist price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'tornqvist transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'tornqvist inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.int8, p1 pg_catalog.int8, q0 pg_catalog.int8, q1 pg_catalog.int8) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.tornqvist_accum,
    MINVFUNC = @extschema@.tornqvist_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.tornqvist_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS
    'Tornqvist price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(internal, pg_catalog.int2, pg_catalog.int2) IS
    'jevons transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(internal, pg_catalog.int2, pg_catalog.int2) IS
    'jevons inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int2, pg_catalog.int2) IS
    'Jevons price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(internal, pg_catalog.int4, pg_catalog.int4) IS
    'jevons transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(internal, pg_catalog.int4, pg_catalog.int4) IS
    'jevons inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int4, pg_catalog.int4) IS
    'Jevons price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.jevons_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(internal, pg_catalog.int8, pg_catalog.int8) IS
    'jevons transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(internal, pg_catalog.int8, pg_catalog.int8) IS
    'jevons inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.jevons_accum,
    MINVFUNC = @extschema@.jevons_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.jevons_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.int8, pg_catalog.int8) IS
    'Jevons price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(internal, pg_catalog.int2, pg_catalog.int2) IS
    'dutot transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(internal, pg_catalog.int2, pg_catalog.int2) IS
    'dutot inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int2, pg_catalog.int2) IS
    'Dutot price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(internal, pg_catalog.int4, pg_catalog.int4) IS
    'dutot transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(internal, pg_catalog.int4, pg_catalog.int4) IS
    'dutot inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int4, pg_catalog.int4) IS
    'Dutot price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.dutot_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(internal, pg_catalog.int8, pg_catalog.int8) IS
    'dutot transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(internal, pg_catalog.int8, pg_catalog.int8) IS
    'dutot inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.dutot_accum,
    MINVFUNC = @extschema@.dutot_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.dutot_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.int8, pg_catalog.int8) IS
    'Dutot price index over bigint rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(internal, pg_catalog.int2, pg_catalog.int2) IS
    'carli transition for smallint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state internal, p0 pg_catalog.int2, p1 pg_catalog.int2) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int2'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(internal, pg_catalog.int2, pg_catalog.int2) IS
    'carli inverse transition (moving aggregate) for smallint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int2, p1 pg_catalog.int2) (
    SFUNC = @extschema@.carli_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int2, pg_catalog.int2) IS
    'Carli price index over smallint rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(internal, pg_catalog.int4, pg_catalog.int4) IS
    'carli transition for integer rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state internal, p0 pg_catalog.int4, p1 pg_catalog.int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int4'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(internal, pg_catalog.int4, pg_catalog.int4) IS
    'carli inverse transition (moving aggregate) for integer rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int4, p1 pg_catalog.int4) (
    SFUNC = @extschema@.carli_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int4, pg_catalog.int4) IS
    'Carli price index over integer rows, as the numeric form';

CREATE FUNCTION @extschema@.carli_accum(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(internal, pg_catalog.int8, pg_catalog.int8) IS
    'carli transition for bigint rows, as numeric; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state internal, p0 pg_catalog.int8, p1 pg_catalog.int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric_int8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(internal, pg_catalog.int8, pg_catalog.int8) IS
    'carli inverse transition (moving aggregate) for bigint rows: removes a row exactly';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.int8, p1 pg_catalog.int8) (
    SFUNC = @extschema@.carli_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.carli_accum,
    MINVFUNC = @extschema@.carli_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.carli_final,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.int8, pg_catalog.int8) IS
    'Carli price index over bigint rows, as the numeric form';

-- round_to(x numeric, increment numeric) defaults its mode to half_even, as
-- the array forms do: PostgreSQL has no round_to, so the default shadows
-- nothing.  round(x numeric, places int, mode) keeps its mode required: a
-- default would make pricemath.round(numeric, int) capture unqualified
-- round(x, 2) calls (half_up) whenever pricemath precedes pg_catalog on the
-- search_path.  CREATE OR REPLACE keeps the function's oid, so objects that
-- use it keep working.
CREATE OR REPLACE FUNCTION @extschema@.round_to(x pg_catalog.numeric, increment pg_catalog.numeric, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'rounds x to a multiple of increment with mode (default half_even); result scale is the increment''s';

-- == Section B: price endings inside the cap, price ladders, guard_report ====

-- == Section C: billing-style tiers ==========================================

-- == Section D: contracts that say why =======================================

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- == Section F: psql hygiene =================================================
