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

-- round(mul(a, b), places, mode) in one pass: the planner rewrites that nested
-- call to mul_round (see round_support), which skips encoding and decoding the
-- intermediate array; results and errors are the same

CREATE FUNCTION @extschema@.mul_round(a pg_catalog.numeric[], b pg_catalog.numeric, places pg_catalog.int4, mode pg_catalog.text) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul_round(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'round(mul(a, b), places, mode) in one pass; the planner uses it for that nested call';

CREATE FUNCTION @extschema@.mul_round(a pg_catalog.numeric[], b pg_catalog.numeric[], places pg_catalog.int4, mode pg_catalog.text) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_mul_round_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mul_round(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'round(mul(a, b), places, mode) element-wise in one pass; the planner uses it for that nested call';

CREATE FUNCTION @extschema@.round_support(pg_catalog.internal) RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'pricemath_round_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.round_support(pg_catalog.internal) IS
    'planner support for round(numeric[], int, text): turns round(mul(a, b), places, mode) with constant places and mode into mul_round';

ALTER FUNCTION @extschema@.round(pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text)
    SUPPORT @extschema@.round_support;

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

-- Pricing rules: scaling, price endings and guardrails.  Every function taking
-- prices has a numeric[] form and a scalar numeric form.

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

CREATE FUNCTION @extschema@.margin_price(costs pg_catalog.numeric[], margin pg_catalog.numeric, places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_margin_price_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_price(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'for every element: cost / (1 - margin) rounded to places with mode; 0 <= margin < 1';

CREATE FUNCTION @extschema@.margin_price(costs pg_catalog.numeric, margin pg_catalog.numeric, places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_margin_price_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_price(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'cost / (1 - margin) rounded to places with mode; 0 <= margin < 1';

CREATE FUNCTION @extschema@.remove_tax(gross pg_catalog.numeric[], rate pg_catalog.numeric, places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_remove_tax_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remove_tax(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'for every element: gross / (1 + rate) rounded to places with mode; rate >= 0';

CREATE FUNCTION @extschema@.remove_tax(gross pg_catalog.numeric, rate pg_catalog.numeric, places pg_catalog.int4 DEFAULT 2, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_remove_tax_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remove_tax(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'gross / (1 + rate) rounded to places with mode; rate >= 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric, places pg_catalog.int4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_convert_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'for every element: amount * rate rounded to the target currency places with mode; rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric, rate pg_catalog.numeric, places pg_catalog.int4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_convert_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    'amount * rate rounded to the target currency places with mode; rate > 0';

CREATE FUNCTION @extschema@.apply_ending(prices pg_catalog.numeric[], step pg_catalog.numeric, ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_apply_ending_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ending(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'for every element: the price point k * step + ending (k >= 0) picked by mode nearest (ties up), down or up; never below ending';

CREATE FUNCTION @extschema@.apply_ending(prices pg_catalog.numeric, step pg_catalog.numeric, ending pg_catalog.numeric, mode pg_catalog.text DEFAULT 'nearest') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_apply_ending_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.apply_ending(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text) IS
    'the price point k * step + ending (k >= 0) picked by mode nearest (ties up), down or up; never below ending';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric, hi pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric[], hi pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_arrays'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric[], hi pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_lo_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric[], lo pg_catalog.numeric, hi pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_clamp_array_hi_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric[]) IS
    'each price limited to [lo, hi]; lo and hi are scalars or arrays, NULL means unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.clamp(prices pg_catalog.numeric, lo pg_catalog.numeric, hi pg_catalog.numeric) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_clamp_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.clamp(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'price limited to [lo, hi]; NULL bounds mean unbounded; lo > hi raises an error';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4 DEFAULT NULL) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
    'new price capped to [old * (1 - max_down), old * (1 + max_up)]; NULL max_up or max_down leaves that side open; with places the bounds are rounded inward; a NULL old price passes the new one through';

CREATE FUNCTION @extschema@.limit_change(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, max_up pg_catalog.numeric, max_down pg_catalog.numeric, places pg_catalog.int4 DEFAULT NULL) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_limit_change_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.limit_change(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
    'new price capped to [old * (1 - max_down), old * (1 + max_up)]; NULL max_up or max_down leaves that side open; with places the bounds are rounded inward; a NULL old price passes the new one through';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric[], new_prices pg_catalog.numeric[], new_limited pg_catalog.numeric[]) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'what the guardrails did to each element: unchanged, changed, capped_up or capped_down';

CREATE FUNCTION @extschema@.guard_report(old_prices pg_catalog.numeric, new_prices pg_catalog.numeric, new_limited pg_catalog.numeric) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'pricemath_guard_report_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.guard_report(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
    'what the guardrails did to each element: unchanged, changed, capped_up or capped_down';
