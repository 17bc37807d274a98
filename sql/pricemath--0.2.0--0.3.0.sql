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

-- Currencies: ISO 4217 minor units compiled into the library (list one,
-- 2026-01-01), so that convert by currency code stays IMMUTABLE.
CREATE FUNCTION @extschema@.currency_places(code pg_catalog.text) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'pricemath_currency_places'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.currency_places(pg_catalog.text) IS
    'ISO 4217 minor units (decimal places) of an active currency code, any case; 22023 for an unknown code or one without minor units';

CREATE FUNCTION @extschema@.currencies(OUT code pg_catalog.text, OUT places pg_catalog.int4) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pricemath_currencies'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 178;
COMMENT ON FUNCTION @extschema@.currencies() IS
    'every active ISO 4217 code pricemath knows, with its minor units (NULL where ISO 4217 gives none)';

-- convert by currency code: the places form with currency_places(code).
-- SQL functions, so the planner inlines them and folds a constant code.
CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric, currency pg_catalog.text, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT @extschema@.convert($1, $2, @extschema@.currency_places($3), $4)$$;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric, pg_catalog.text, pg_catalog.text) IS
    'for every element: amount * rate rounded to the minor units of the ISO 4217 currency with mode; rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric, rate pg_catalog.numeric, currency pg_catalog.text, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
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
    'for every element: price * (1 - pct) with its own pct, exact; every 0 <= pct <= 1 (stacked discounts: discount_stack)';

CREATE FUNCTION @extschema@.add_tax(net pg_catalog.numeric[], rate pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_tax_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add_tax(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'for every element: net * (1 + rate) with its own rate, exact; every rate >= 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric[], places pg_catalog.int4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_convert_rates'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'for every element: amount * its own rate rounded to places with mode; every rate > 0';

CREATE FUNCTION @extschema@.convert(amounts pg_catalog.numeric[], rate pg_catalog.numeric[], currency pg_catalog.text, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT @extschema@.convert($1, $2, @extschema@.currency_places($3), $4)$$;
COMMENT ON FUNCTION @extschema@.convert(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.text, pg_catalog.text) IS
    'for every element: amount * its own rate rounded to the minor units of the ISO 4217 currency with mode; every rate > 0';

-- Stacked discounts: price * (1 - r1) * (1 - r2) * ..., exact, or rounded
-- once at the end when places is given (so not STRICT: NULL places is exact).
CREATE FUNCTION @extschema@.discount_stack(prices pg_catalog.numeric[], rates pg_catalog.numeric[], places pg_catalog.int4 DEFAULT NULL, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_discount_stack_array'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount_stack(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'for every element: price * (1 - r1) * (1 - r2) * ..., exact, or rounded once to places with mode; every 0 <= r <= 1';

CREATE FUNCTION @extschema@.discount_stack(prices pg_catalog.numeric, rates pg_catalog.numeric[], places pg_catalog.int4 DEFAULT NULL, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_discount_stack_scalar'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.discount_stack(pg_catalog.numeric, pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'price * (1 - r1) * (1 - r2) * ..., exact, or rounded once to places with mode; every 0 <= r <= 1';

-- margin_of: the inverse of margin_price.
CREATE FUNCTION @extschema@.margin_of(prices pg_catalog.numeric[], costs pg_catalog.numeric[], places pg_catalog.int4 DEFAULT 4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_margin_of_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of(pg_catalog.numeric[], pg_catalog.numeric[], pg_catalog.int4, pg_catalog.text) IS
    'for every element: (price - cost) / price rounded to places with mode; a zero price raises 22012';

CREATE FUNCTION @extschema@.margin_of(prices pg_catalog.numeric, costs pg_catalog.numeric, places pg_catalog.int4 DEFAULT 4, mode pg_catalog.text DEFAULT 'half_even') RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_margin_of_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.margin_of(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.text) IS
    '(price - cost) / price rounded to places with mode; a zero price raises 22012';

-- Allocation as a window function: allocate() over the rows of each
-- partition, in the window's order.  Not STRICT: a NULL weight gives a NULL
-- share while the other rows still split the total.
CREATE FUNCTION @extschema@.allocate_share(total pg_catalog.numeric, weight pg_catalog.numeric, places pg_catalog.int4 DEFAULT 2) RETURNS pg_catalog.numeric
    AS 'MODULE_PATHNAME', 'pricemath_allocate_share'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allocate_share(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
    'window function: this row''s share of allocate(total, weights of the partition, places) in the window''s order; shares sum to total exactly, ties go to the earlier row';

-- == Section F: psql hygiene =================================================
