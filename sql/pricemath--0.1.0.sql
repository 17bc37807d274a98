-- pricemath 0.1.0: exact, fast and predictable price math on numeric[] and float8[]
--
-- The released script, grouped in sections: types and domains, arithmetic,
-- rounding, pricing rules, allocation, tiers, contracts, aggregates, support
-- functions.  Every object comes after the objects it depends on, so an
-- aggregate follows its support functions, and the domain price_array, whose
-- CHECK calls is_price_array, closes the contracts section.  Reformat freely,
-- but every object this script creates must stay exactly as the released text
-- made it, since databases made from that text take the same upgrade scripts:
-- test/t/004_upgrade.pl compares the two.

\echo Use "CREATE EXTENSION pricemath" to load this file. \quit

-- == Types and domains =======================================================

-- 'NaN'::numeric >= 0 is true in PostgreSQL, so NaN is excluded explicitly;
-- 'Infinity' passes >= 0 and is excluded explicitly too.  The domain
-- price_array is in the contracts section, after the function that checks it.

CREATE DOMAIN @extschema@.price AS pg_catalog.numeric
    CONSTRAINT price_finite_nonnegative CHECK (
        VALUE OPERATOR(pg_catalog.>=) 0::pg_catalog.numeric
        AND VALUE OPERATOR(pg_catalog.<>) 'NaN'::pg_catalog.numeric
        AND VALUE OPERATOR(pg_catalog.<>) 'Infinity'::pg_catalog.numeric);
COMMENT ON DOMAIN @extschema@.price IS
    'a finite numeric >= 0';

-- == Arithmetic ==============================================================

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

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric[], places pg_catalog.int4,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_div_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.div(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'element-wise exact quotient a / b rounded to places decimals with mode';

CREATE FUNCTION @extschema@.div(a pg_catalog.numeric[], b pg_catalog.numeric, places pg_catalog.int4,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
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

-- Reductions of one array to a number: NULL elements are ignored; the result
-- is NULL when no element is non-NULL.

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

CREATE FUNCTION @extschema@.weighted_avg("values" pg_catalog.numeric[],
        weights pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'sum(v * w) / sum(w) over the pairs with no NULL, equal in value and scale to that numeric expression';

CREATE FUNCTION @extschema@.weighted_avg("values" pg_catalog.float8[],
        weights pg_catalog.float8[]) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg(pg_catalog.float8[], pg_catalog.float8[]) IS
    'compensated sum(v * w) / sum(w) over the pairs with no NULL';

-- == Rounding ================================================================

CREATE FUNCTION @extschema@.round(a pg_catalog.numeric[], places pg_catalog.int4 DEFAULT 2,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_round_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'rounds every element to places decimals (negative: tens, hundreds) with mode; result scale max(places, 0)';

-- round(mul(a, b), places, mode) in one pass: the planner rewrites that nested
-- call to mul_round (see round_support in the support functions section),
-- which skips encoding and decoding the intermediate array; results and errors
-- are the same.

CREATE FUNCTION @extschema@.mul_round(a pg_catalog.numeric[], b pg_catalog.numeric, places pg_catalog.int4,
        mode pg_catalog.text) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul_round(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'round(mul(a, b), places, mode) in one pass; the planner uses it for that nested call';

CREATE FUNCTION @extschema@.mul_round(a pg_catalog.numeric[], b pg_catalog.numeric[], places pg_catalog.int4,
        mode pg_catalog.text) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul_round(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4,
        pg_catalog.text) IS
    'round(mul(a, b), places, mode) element-wise in one pass; the planner uses it for that nested call';

CREATE FUNCTION @extschema@.round(a pg_catalog.float8[], places pg_catalog.int4 DEFAULT 2,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_round_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.float8[], pg_catalog.int4, pg_catalog.text) IS
    'rounds the decimal text of every element to places decimals with mode';

CREATE FUNCTION @extschema@.round(x pg_catalog.numeric, places pg_catalog.int4,
        mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round(pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'rounds x to places decimals with an explicit mode; result scale max(places, 0)';

CREATE FUNCTION @extschema@.round_to(a pg_catalog.numeric[], increment pg_catalog.numeric,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.text) IS
    'rounds every element to a multiple of increment with mode; result scale is the increment''s';

CREATE FUNCTION @extschema@.round_to(a pg_catalog.float8[], increment pg_catalog.numeric,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_round_to_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.float8[], pg_catalog.numeric, pg_catalog.text) IS
    'rounds the decimal text of every element to a multiple of increment with mode';

CREATE FUNCTION @extschema@.round_to(x pg_catalog.numeric, increment pg_catalog.numeric,
        mode pg_catalog.text) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_round_to_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_to(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'rounds x to a multiple of increment with an explicit mode; result scale is the increment''s';

-- == Pricing rules ===========================================================

-- Scaling, price endings and guardrails.  Every function taking prices has a
-- numeric[] form and a scalar numeric form.

CREATE FUNCTION @extschema@.markup(prices pg_catalog.numeric[], pct pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_markup_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markup(pg_catalog.numeric[], pg_catalog.numeric) IS
    'for every element: price * (1 + pct), exact; pct > -1';

CREATE FUNCTION @extschema@.markup(prices pg_catalog.numeric, pct pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_markup_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.markup(pg_catalog.numeric, pg_catalog.numeric) IS
    'price * (1 + pct), exact; pct > -1';

CREATE FUNCTION @extschema@.discount(prices pg_catalog.numeric[], pct pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_discount_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount(pg_catalog.numeric[], pg_catalog.numeric) IS
    'for every element: price * (1 - pct), exact; 0 <= pct <= 1';

CREATE FUNCTION @extschema@.discount(prices pg_catalog.numeric, pct pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_discount_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount(pg_catalog.numeric, pg_catalog.numeric) IS
    'price * (1 - pct), exact; 0 <= pct <= 1';

CREATE FUNCTION @extschema@.add_tax(net pg_catalog.numeric[], rate pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_tax_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_tax(pg_catalog.numeric[], pg_catalog.numeric) IS
    'for every element: net * (1 + rate), exact; rate >= 0';

CREATE FUNCTION @extschema@.add_tax(net pg_catalog.numeric, rate pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_add_tax_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_tax(pg_catalog.numeric, pg_catalog.numeric) IS
    'net * (1 + rate), exact; rate >= 0';

CREATE FUNCTION @extschema@.margin_price(costs pg_catalog.numeric[], margin pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_margin_price_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_price(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4,
        pg_catalog.text) IS
    'for every element: cost / (1 - margin) rounded to places with mode; 0 <= margin < 1';

CREATE FUNCTION @extschema@.margin_price(costs pg_catalog.numeric, margin pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_margin_price_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_price(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4,
        pg_catalog.text) IS
    'cost / (1 - margin) rounded to places with mode; 0 <= margin < 1';

CREATE FUNCTION @extschema@.remove_tax(gross pg_catalog.numeric[], rate pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_remove_tax_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remove_tax(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4,
        pg_catalog.text) IS
    'for every element: gross / (1 + rate) rounded to places with mode; rate >= 0';

CREATE FUNCTION @extschema@.remove_tax(gross pg_catalog.numeric, rate pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_remove_tax_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remove_tax(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'gross / (1 + rate) rounded to places with mode; rate >= 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric, places pg_catalog.int4,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_convert_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'for every element: amount * rate rounded to the target currency places with mode; rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric, rate pg_catalog.numeric, places pg_catalog.int4,
        mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_convert_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'amount * rate rounded to the target currency places with mode; rate > 0';

CREATE FUNCTION @extschema@.apply_ending(prices pg_catalog.numeric[], step pg_catalog.numeric,
        ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_apply_ending_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ending(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.text) IS
    'for every element: the price point k * step + ending (k >= 0) '
    'picked by mode nearest (ties up), down or up; never below ending';

CREATE FUNCTION @extschema@.apply_ending(prices pg_catalog.numeric, step pg_catalog.numeric, ending pg_catalog.numeric,
        mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_apply_ending_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ending(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.text) IS
    'the price point k * step + ending (k >= 0) picked by mode nearest (ties up), down or up; never below ending';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric DEFAULT NULL,
        hi pg_catalog.numeric DEFAULT NULL) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric[],
        hi pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_arrays'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric[],
        hi pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_lo_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric,
        hi pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_hi_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric[]) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric, lo pg_catalog.numeric DEFAULT NULL,
        hi pg_catalog.numeric DEFAULT NULL) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_clamp_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'price limited to [lo, hi]; NULL bounds mean unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        max_up pg_catalog.numeric, max_down pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT NULL) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4) IS
    'new price capped to [old * (1 - max_down), old * (1 + max_up)]; NULL max_up or max_down leaves that side open; '
    'with places the bounds are rounded inward; a NULL old price passes the new one through';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        max_up pg_catalog.numeric, max_down pg_catalog.numeric,
        places pg_catalog.int4 DEFAULT NULL) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric, pg_catalog.int4) IS
    'new price capped to [old * (1 - max_down), old * (1 + max_up)]; NULL max_up or max_down leaves that side open; '
    'with places the bounds are rounded inward; a NULL old price passes the new one through';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[],
        new_limited pg_catalog.numeric[]) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'what the guardrails did to each element: unchanged, changed, capped_up or capped_down';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric,
        new_limited pg_catalog.numeric) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'what the guardrails did to each element: unchanged, changed, capped_up or capped_down';

-- == Allocation ==============================================================

CREATE FUNCTION @extschema@.allocate(total pg_catalog.numeric, weights pg_catalog.numeric[],
        places pg_catalog.int4 DEFAULT 2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_allocate_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allocate(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.int4) IS
    'splits total by weights (largest remainder, ties to the lowest index) '
    'into shares of places decimals that sum to total exactly';

CREATE FUNCTION @extschema@.allocate(total pg_catalog.numeric, weights pg_catalog.float8[],
        places pg_catalog.int4 DEFAULT 2) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_allocate_float8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allocate(pg_catalog.numeric, pg_catalog.float8[], pg_catalog.int4) IS
    'splits total by float8 weights, each taken as the decimal '
    'PostgreSQL prints, into shares that sum to total exactly';

-- == Tiers ===================================================================

-- Tiered pricing. Tier i holds the quantities in [thresholds[i], thresholds[i+1]).

CREATE FUNCTION @extschema@.tier_price(quantity pg_catalog.numeric, thresholds pg_catalog.numeric[],
        unit_prices pg_catalog.numeric[]) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_tier_price'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tier_price(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'unit price of the tier holding quantity (the last threshold <= quantity); '
    'thresholds start at 0 and ascend strictly';

CREATE FUNCTION @extschema@.tier_total(quantity pg_catalog.numeric, thresholds pg_catalog.numeric[],
        unit_prices pg_catalog.numeric[], mode pg_catalog.text DEFAULT 'graduated') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_tier_total'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tier_total(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.numeric[],
        pg_catalog.text) IS
    'exact total for quantity: volume is quantity * tier_price; '
    'graduated prices each part of the quantity at the tier it falls in';

-- == Contracts ===============================================================

-- Input contracts. Not STRICT: a NULL min or max means no limit, a NULL
-- max_places no limit on decimals, and a NULL allow_nulls is false; a NULL
-- prices gives NULL (which a CHECK constraint accepts, as for any column).

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.numeric[], min pg_catalog.numeric DEFAULT 0,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices is one-dimensional, free of NULLs (unless allow_nulls), '
    'NaN and infinities, within [min, max] and has at most max_places decimals';

CREATE FUNCTION @extschema@.is_price_array(prices pg_catalog.float8[], min pg_catalog.float8 DEFAULT 0,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'pricemath_is_price_array_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_price_array(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'true when prices is one-dimensional, free of NULLs (unless allow_nulls), '
    'NaN and infinities, within [min, max] and has at most max_places decimals as printed';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.numeric[], min pg_catalog.numeric DEFAULT 0,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule with its '
    'element and value, such as: element 3: -1.50 is below the minimum 0';

CREATE FUNCTION @extschema@.price_array_violation(prices pg_catalog.float8[], min pg_catalog.float8 DEFAULT 0,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_price_array_violation_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.price_array_violation(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'NULL when is_price_array holds, else the first broken rule with its element and value';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.numeric[], min pg_catalog.numeric DEFAULT 0,
        max pg_catalog.numeric DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.int4, pg_catalog.bool) IS
    'returns prices unchanged when is_price_array holds; raises 22004 for a NULL element, '
    '22003 for a value out of range or with too many places, 2202E for the wrong shape';

CREATE FUNCTION @extschema@.assert_price_array(prices pg_catalog.float8[], min pg_catalog.float8 DEFAULT 0,
        max pg_catalog.float8 DEFAULT NULL, max_places pg_catalog.int4 DEFAULT NULL,
        allow_nulls pg_catalog.bool DEFAULT false) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_assert_price_array_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assert_price_array(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8,
        pg_catalog.int4, pg_catalog.bool) IS
    'returns prices unchanged when is_price_array holds; raises 22004, 22003 or 2202E otherwise';

-- The domain that holds a column to the default contract of is_price_array.

CREATE DOMAIN @extschema@.price_array AS pg_catalog.numeric[]
    CONSTRAINT price_array_valid CHECK (@extschema@.is_price_array(VALUE));
COMMENT ON DOMAIN @extschema@.price_array IS
    'a one-dimensional numeric[] of finite values >= 0 with no NULL elements';

-- == Aggregates ==============================================================

-- Transition functions are not STRICT: they create the internal state on the
-- first row and skip rows with a NULL argument themselves.  Final functions
-- only read the state (FINALFUNC_MODIFY = READ_ONLY), so vec_sum and vec_avg
-- share one state and window frames can call them repeatedly.  numeric states
-- are exact, so combine, serialize and the moving (MSFUNC/MINVFUNC) forms give
-- results identical to the plain serial ones.  Each family's support functions
-- come first, then its aggregates.

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

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_accum(state internal, value pg_catalog.float8,
        weight pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_accum(internal, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.weighted_avg_inv(state internal, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_inv(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.numeric,
        weight pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.numeric, pg_catalog.numeric) IS
    'weighted_avg final function';

CREATE FUNCTION @extschema@.weighted_avg_final(state internal, value pg_catalog.float8,
        weight pg_catalog.float8) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_weighted_avg_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_avg_final(internal, pg_catalog.float8, pg_catalog.float8) IS
    'weighted_avg final function';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'laspeyres transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8,
        q0 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'laspeyres transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.laspeyres_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_laspeyres_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'laspeyres inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.laspeyres_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.laspeyres_final(internal) IS
    'laspeyres final function';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'paasche transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8,
        q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
    'paasche transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.paasche_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_paasche_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'paasche inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.paasche_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.paasche_final(internal) IS
    'paasche final function';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'fisher transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8,
        q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8) IS
    'fisher transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.fisher_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_fisher_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'fisher inverse transition (moving aggregate): removes a numeric row exactly';

CREATE FUNCTION @extschema@.fisher_final(state internal) RETURNS pg_catalog.float8
    AS 'MODULE_PATHNAME', 'pricemath_index_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fisher_final(internal) IS
    'fisher final function';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'tornqvist transition for numeric rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_accum(state internal, p0 pg_catalog.float8, p1 pg_catalog.float8,
        q0 pg_catalog.float8, q1 pg_catalog.float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_accum_float8'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_accum(internal, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8) IS
    'tornqvist transition for float8 rows; rows with a NULL argument are skipped';

CREATE FUNCTION @extschema@.tornqvist_inv(state internal, p0 pg_catalog.numeric, p1 pg_catalog.numeric,
        q0 pg_catalog.numeric, q1 pg_catalog.numeric) RETURNS internal
    AS 'MODULE_PATHNAME', 'pricemath_tornqvist_inv_numeric'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tornqvist_inv(internal, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
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

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric,
        q1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.fisher(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'Fisher price index sqrt(Laspeyres * Paasche); exact sums';

CREATE AGGREGATE @extschema@.fisher(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8,
        q1 pg_catalog.float8) (
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

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.numeric, p1 pg_catalog.numeric, q0 pg_catalog.numeric,
        q1 pg_catalog.numeric) (
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
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
        pg_catalog.numeric) IS
    'Tornqvist price index exp(sum((s0 + s1) / 2 * ln(p1 / p0))), s the expenditure shares; exact sums';

CREATE AGGREGATE @extschema@.tornqvist(p0 pg_catalog.float8, p1 pg_catalog.float8, q0 pg_catalog.float8,
        q1 pg_catalog.float8) (
    SFUNC = @extschema@.tornqvist_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.tornqvist_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.idx_combine,
    SERIALFUNC = @extschema@.idx_serialize,
    DESERIALFUNC = @extschema@.idx_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.tornqvist(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8,
        pg_catalog.float8) IS
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

-- == Support functions =======================================================

-- The version of the loaded library, and the planner support function of
-- round(numeric[], int, text), attached once both exist.

CREATE FUNCTION @extschema@.version() RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
    'version of the loaded pricemath library';

CREATE FUNCTION @extschema@.round_support(pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pricemath_round_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_support(pg_catalog.internal) IS
    'planner support for round(numeric[], int, text): '
    'turns round(mul(a, b), places, mode) with constant places and mode into mul_round';

ALTER FUNCTION @extschema@.round(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text)
    SUPPORT @extschema@.round_support;
