-- pricemath 0.1.0: exact, fast and predictable price math on numeric[] and float8[]

\echo Use "CREATE EXTENSION pricemath" to load this file. \quit

CREATE FUNCTION @extschema@.version() RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
    'version of the loaded pricemath library';

-- Element-wise arithmetic. b is an array of the same length as a, or a scalar.

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'element-wise exact sum a + b; the scale of each element is the larger input scale';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.numeric) IS
    'exact sum a + b for every element of a';

CREATE FUNCTION @extschema@.add(a pg_catalog.float8[], b pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_add_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.float8[], pg_catalog.float8[]) IS
    'element-wise float8 sum a + b; overflow raises an error';

CREATE FUNCTION @extschema@.add(a pg_catalog.float8[], b pg_catalog.float8) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_add_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.float8[], pg_catalog.float8) IS
    'float8 sum a + b for every element of a; overflow raises an error';

-- sub

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'element-wise exact difference a - b; scale as numeric - gives';

CREATE FUNCTION @extschema@.sub(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.numeric[], pg_catalog.numeric) IS
    'exact difference a - b for every element of a; scale as numeric - gives';

CREATE FUNCTION @extschema@.sub(a pg_catalog.float8[], b pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.float8[], pg_catalog.float8[]) IS
    'element-wise float8 difference a - b; overflow and underflow raise errors';

CREATE FUNCTION @extschema@.sub(a pg_catalog.float8[], b pg_catalog.float8) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_sub_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sub(pg_catalog.float8[], pg_catalog.float8) IS
    'float8 difference a - b for every element of a; overflow and underflow raise errors';

-- mul

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'element-wise exact product a * b; scale as numeric * gives';

CREATE FUNCTION @extschema@.mul(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.numeric[], pg_catalog.numeric) IS
    'exact product a * b for every element of a; scale as numeric * gives';

CREATE FUNCTION @extschema@.mul(a pg_catalog.float8[], b pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.float8[], pg_catalog.float8[]) IS
    'element-wise float8 product a * b; overflow and underflow raise errors';

CREATE FUNCTION @extschema@.mul(a pg_catalog.float8[], b pg_catalog.float8) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul(pg_catalog.float8[], pg_catalog.float8) IS
    'float8 product a * b for every element of a; overflow and underflow raise errors';

-- div

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric[], places pg_catalog.int4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'element-wise exact quotient a / b rounded to places decimals with mode';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric, places pg_catalog.int4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'exact quotient a / b for every element of a, rounded to places decimals with mode';

CREATE FUNCTION @extschema@.div(a pg_catalog.float8[], b pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_div_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.float8[], pg_catalog.float8[]) IS
    'element-wise float8 quotient a / b; division by zero, overflow and underflow raise errors';

CREATE FUNCTION @extschema@.div(a pg_catalog.float8[], b pg_catalog.float8) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_div_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.float8[], pg_catalog.float8) IS
    'float8 quotient a / b for every element of a; division by zero, overflow and underflow raise errors';

-- rounding

CREATE FUNCTION @extschema@.round(a pg_catalog.numeric[], places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_round_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'rounds every element to places decimals (negative: tens, hundreds) with mode; result scale max(places, 0)';

CREATE FUNCTION @extschema@.round(a pg_catalog.float8[], places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_round_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.float8[], pg_catalog.int4, pg_catalog.text) IS
    'rounds the decimal text of every element to places decimals with mode';

CREATE FUNCTION @extschema@.round(x pg_catalog.numeric, places pg_catalog.int4, mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'rounds x to places decimals with an explicit mode; result scale max(places, 0)';

CREATE FUNCTION @extschema@.round_to(a pg_catalog.numeric[], increment pg_catalog.numeric, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.text) IS
    'rounds every element to a multiple of increment with mode; result scale is the increment''s';

CREATE FUNCTION @extschema@.round_to(a pg_catalog.float8[], increment pg_catalog.numeric, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_round_to_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.float8[], pg_catalog.numeric, pg_catalog.text) IS
    'rounds the decimal text of every element to a multiple of increment with mode';

CREATE FUNCTION @extschema@.round_to(x pg_catalog.numeric, increment pg_catalog.numeric, mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'rounds x to a multiple of increment with an explicit mode; result scale is the increment''s';

-- reductions: NULL elements are ignored; NULL when no element is non-NULL

CREATE FUNCTION @extschema@.array_sum(a pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_array_sum_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_sum(pg_catalog.numeric[]) IS
    'exact sum of the non-NULL elements; scale is the largest element scale';

CREATE FUNCTION @extschema@.array_min(a pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_array_min_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_min(pg_catalog.numeric[]) IS
    'smallest non-NULL element';

CREATE FUNCTION @extschema@.array_max(a pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_array_max_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_max(pg_catalog.numeric[]) IS
    'largest non-NULL element';

CREATE FUNCTION @extschema@.array_avg(a pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_array_avg_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_avg(pg_catalog.numeric[]) IS
    'average of the non-NULL elements, equal in value and scale to avg() over them';

CREATE FUNCTION @extschema@.array_sum(a pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_array_sum_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_sum(pg_catalog.float8[]) IS
    'compensated (Neumaier) sum of the non-NULL elements';

CREATE FUNCTION @extschema@.array_min(a pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_array_min_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_min(pg_catalog.float8[]) IS
    'smallest non-NULL element';

CREATE FUNCTION @extschema@.array_max(a pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_array_max_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_max(pg_catalog.float8[]) IS
    'largest non-NULL element';

CREATE FUNCTION @extschema@.array_avg(a pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_array_avg_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.array_avg(pg_catalog.float8[]) IS
    'compensated average of the non-NULL elements';

CREATE FUNCTION @extschema@.weighted_avg("values" pg_catalog.numeric[], weights pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'sum(v * w) / sum(w) over the pairs with no NULL, equal in value and scale to that numeric expression';

CREATE FUNCTION @extschema@.weighted_avg("values" pg_catalog.float8[], weights pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg(pg_catalog.float8[], pg_catalog.float8[]) IS
    'compensated sum(v * w) / sum(w) over the pairs with no NULL';

-- Aggregates
--
-- Transition functions are not STRICT: they create the internal state on the first row and
-- skip rows with a NULL argument themselves.  Final functions only read the state
-- (FINALFUNC_MODIFY = READ_ONLY), so vec_sum and vec_avg share one state and window frames
-- can call them repeatedly.  numeric states are exact, so combine, serialize and the moving
-- (MSFUNC/MINVFUNC) forms give results identical to the plain serial ones.

-- vec_sum, vec_avg, vec_min, vec_max: element-wise over rows of arrays

CREATE FUNCTION @extschema@.vec_sum_accum(state internal, a pg_catalog.numeric[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_accum(internal, pg_catalog.numeric[]) IS
    'vec_sum and vec_avg transition: adds a numeric[] row element-wise';

CREATE FUNCTION @extschema@.vec_min_accum(state internal, a pg_catalog.numeric[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_min_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_accum(internal, pg_catalog.numeric[]) IS
    'vec_min transition for numeric[] rows';

CREATE FUNCTION @extschema@.vec_max_accum(state internal, a pg_catalog.numeric[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_max_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_accum(internal, pg_catalog.numeric[]) IS
    'vec_max transition for numeric[] rows';

CREATE FUNCTION @extschema@.vec_sum_accum(state internal, a pg_catalog.float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_accum(internal, pg_catalog.float8[]) IS
    'vec_sum and vec_avg transition: adds a float8[] row element-wise';

CREATE FUNCTION @extschema@.vec_min_accum(state internal, a pg_catalog.float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_min_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_accum(internal, pg_catalog.float8[]) IS
    'vec_min transition for float8[] rows';

CREATE FUNCTION @extschema@.vec_max_accum(state internal, a pg_catalog.float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_max_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_accum(internal, pg_catalog.float8[]) IS
    'vec_max transition for float8[] rows';

CREATE FUNCTION @extschema@.vec_sum_inv(state internal, a pg_catalog.numeric[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_inv(internal, pg_catalog.numeric[]) IS
    'vec_sum and vec_avg inverse transition (moving aggregate): subtracts a numeric[] row exactly';

CREATE FUNCTION @extschema@.vec_combine(state1 internal, state2 internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_combine(internal, internal) IS
    'combines two vec_* states (parallel aggregation)';

CREATE FUNCTION @extschema@.vec_serialize(state internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pricemath_vec_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_serialize(internal) IS
    'serializes a vec_* state';

CREATE FUNCTION @extschema@.vec_deserialize(data pg_catalog.bytea, state internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_vec_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_deserialize(pg_catalog.bytea, internal) IS
    'deserializes and validates a vec_* state';

CREATE FUNCTION @extschema@.vec_sum_final(state internal, a pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_final(internal, pg_catalog.numeric[]) IS
    'vec_sum final function: the element-wise sums';

CREATE FUNCTION @extschema@.vec_avg_final(state internal, a pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_avg_final(internal, pg_catalog.numeric[]) IS
    'vec_avg final function: the element-wise averages';

CREATE FUNCTION @extschema@.vec_min_final(state internal, a pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_final(internal, pg_catalog.numeric[]) IS
    'vec_min final function: the element-wise minimums';

CREATE FUNCTION @extschema@.vec_max_final(state internal, a pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_final(internal, pg_catalog.numeric[]) IS
    'vec_max final function: the element-wise maximums';

CREATE FUNCTION @extschema@.vec_sum_final(state internal, a pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_sum_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_sum_final(internal, pg_catalog.float8[]) IS
    'vec_sum final function: the element-wise sums';

CREATE FUNCTION @extschema@.vec_avg_final(state internal, a pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_avg_final(internal, pg_catalog.float8[]) IS
    'vec_avg final function: the element-wise averages';

CREATE FUNCTION @extschema@.vec_min_final(state internal, a pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_min_final(internal, pg_catalog.float8[]) IS
    'vec_min final function: the element-wise minimums';

CREATE FUNCTION @extschema@.vec_max_final(state internal, a pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_vec_extreme_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vec_max_final(internal, pg_catalog.float8[]) IS
    'vec_max final function: the element-wise maximums';

CREATE AGGREGATE @extschema@.vec_sum(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_sum_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.vec_sum_accum,
    MINVFUNC = @extschema@.vec_sum_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.vec_sum_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.vec_sum(pg_catalog.numeric[]) IS
    'element-wise sum of numeric[] rows over the non-NULL elements; exact, scale as sum() per position';

CREATE AGGREGATE @extschema@.vec_avg(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE,
    MSFUNC = @extschema@.vec_sum_accum,
    MINVFUNC = @extschema@.vec_sum_inv,
    MSTYPE = internal,
    MFINALFUNC = @extschema@.vec_avg_final,
    MFINALFUNC_EXTRA,
    MFINALFUNC_MODIFY = READ_ONLY
);
COMMENT ON AGGREGATE @extschema@.vec_avg(pg_catalog.numeric[]) IS
    'element-wise average of numeric[] rows over the non-NULL elements; equal in value and scale to avg() per position';

CREATE AGGREGATE @extschema@.vec_min(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_min_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_min_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_min(pg_catalog.numeric[]) IS
    'element-wise minimum of numeric[] rows over the non-NULL elements';

CREATE AGGREGATE @extschema@.vec_max(a pg_catalog.numeric[]) (
    SFUNC = @extschema@.vec_max_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_max_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_max(pg_catalog.numeric[]) IS
    'element-wise maximum of numeric[] rows over the non-NULL elements';

CREATE AGGREGATE @extschema@.vec_sum(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_sum_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_sum(pg_catalog.float8[]) IS
    'element-wise sum of float8[] rows over the non-NULL elements; compensated';

CREATE AGGREGATE @extschema@.vec_avg(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_sum_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_avg(pg_catalog.float8[]) IS
    'element-wise average of float8[] rows over the non-NULL elements; compensated';

CREATE AGGREGATE @extschema@.vec_min(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_min_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_min_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_min(pg_catalog.float8[]) IS
    'element-wise minimum of float8[] rows over the non-NULL elements';

CREATE AGGREGATE @extschema@.vec_max(a pg_catalog.float8[]) (
    SFUNC = @extschema@.vec_max_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.vec_max_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.vec_combine,
    SERIALFUNC = @extschema@.vec_serialize,
    DESERIALFUNC = @extschema@.vec_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.vec_max(pg_catalog.float8[]) IS
    'element-wise maximum of float8[] rows over the non-NULL elements';

-- weighted_avg and price indices: one state family, combined, serialized and
-- deserialized by the idx_* functions

CREATE FUNCTION @extschema@.idx_combine(state1 internal, state2 internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_idx_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.idx_combine(internal, internal) IS
    'combines two weighted_avg or price index states (parallel aggregation)';

CREATE FUNCTION @extschema@.idx_serialize(state internal) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'pricemath_idx_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.idx_serialize(internal) IS
    'serializes a weighted_avg or price index state';

CREATE FUNCTION @extschema@.idx_deserialize(data pg_catalog.bytea, state internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_idx_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.idx_deserialize(pg_catalog.bytea, internal) IS
    'deserializes and validates a weighted_avg or price index state';

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.numeric, weight pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.float8, weight pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state internal, value pg_catalog.numeric, weight pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.numeric, weight pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg final function';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.float8, weight pg_catalog.float8) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg final function';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'laspeyres transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'laspeyres transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'laspeyres inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.laspeyres_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_final(internal) IS
    'laspeyres final function';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'paasche transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8, q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'paasche transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'paasche inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.paasche_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_final(internal) IS
    'paasche final function';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'fisher transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'fisher transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'fisher inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.fisher_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_final(internal) IS
    'fisher final function';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'tornqvist transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'tornqvist transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'tornqvist inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.tornqvist_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_final(internal) IS
    'tornqvist final function';

CREATE FUNCTION @extschema@.jevons_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'jevons transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_accum(internal, pg_catalog.float8, pg_catalog.float8) IS
    'jevons transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.jevons_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_jevons_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_inv(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'jevons inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.jevons_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.jevons_final(internal) IS
    'jevons final function';

CREATE FUNCTION @extschema@.dutot_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'dutot transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_accum(internal, pg_catalog.float8, pg_catalog.float8) IS
    'dutot transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.dutot_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_dutot_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_inv(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'dutot inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.dutot_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dutot_final(internal) IS
    'dutot final function';

CREATE FUNCTION @extschema@.carli_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'carli transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_accum(internal, pg_catalog.float8, pg_catalog.float8) IS
    'carli transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.carli_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_carli_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_inv(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'carli inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.carli_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.carli_final(internal) IS
    'carli final function';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.numeric, weight pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.numeric, pg_catalog.numeric) IS
    'sum(value * weight) / sum(weight); numeric: equal in value and scale to that numeric expression';

CREATE AGGREGATE @extschema@.weighted_avg(value pg_catalog.float8, weight pg_catalog.float8) (
    SFUNC = @extschema@.weighted_avg_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.weighted_avg_final,
    FINALFUNC_EXTRA,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.weighted_avg(pg_catalog.float8, pg_catalog.float8) IS
    'sum(value * weight) / sum(weight); compensated sums';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'Laspeyres price index sum(p1 q0) / sum(p0 q0); exact sums, the float8 nearest the exact ratio';

CREATE AGGREGATE @extschema@.laspeyres(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8) (
    SFUNC = @extschema@.laspeyres_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.laspeyres_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.laspeyres(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'Laspeyres price index sum(p1 q0) / sum(p0 q0); compensated sums';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'Paasche price index sum(p1 q1) / sum(p0 q1); exact sums, the float8 nearest the exact ratio';

CREATE AGGREGATE @extschema@.paasche(p0 pg_catalog.float8, p1 pg_catalog.float8, q1 pg_catalog.float8) (
    SFUNC = @extschema@.paasche_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.paasche_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.paasche(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'Paasche price index sum(p1 q1) / sum(p0 q1); compensated sums';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'Fisher price index sqrt(Laspeyres * Paasche); exact sums';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) (
    SFUNC = @extschema@.fisher_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.fisher_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'Fisher price index sqrt(Laspeyres * Paasche); compensated sums';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric, q1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'Tornqvist price index exp(sum((s0 + s1) / 2 * ln(p1 / p0))), s the expenditure shares; exact sums';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8, q1 pg_catalog.float8) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'Tornqvist price index exp(sum((s0 + s1) / 2 * ln(p1 / p0))), s the expenditure shares; compensated sums';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.numeric, pg_catalog.numeric) IS
    'Jevons price index: geometric mean of p1 / p0; exact sums';

CREATE AGGREGATE @extschema@.jevons(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.jevons_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.jevons_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.jevons(pg_catalog.float8, pg_catalog.float8) IS
    'Jevons price index: geometric mean of p1 / p0; compensated sums';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.numeric, pg_catalog.numeric) IS
    'Dutot price index sum(p1) / sum(p0); exact sums, the float8 nearest the exact ratio';

CREATE AGGREGATE @extschema@.dutot(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.dutot_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.dutot_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.dutot(pg_catalog.float8, pg_catalog.float8) IS
    'Dutot price index sum(p1) / sum(p0); compensated sums';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.numeric, p1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.numeric, pg_catalog.numeric) IS
    'Carli price index: arithmetic mean of p1 / p0; exact sums';

CREATE AGGREGATE @extschema@.carli(p0 pg_catalog.float8, p1 pg_catalog.float8) (
    SFUNC = @extschema@.carli_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.carli_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.carli(pg_catalog.float8, pg_catalog.float8) IS
    'Carli price index: arithmetic mean of p1 / p0; compensated sums';
