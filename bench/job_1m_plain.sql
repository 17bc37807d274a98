-- catalog_reprice written the way a team would without pricemath: one
-- PL/pgSQL procedure, plain SQL over unnest with round() and CASE.  The same
-- rule, data and guardrails as demo/job.sql, and the same prices out (the
-- benchmark checks that the catalogs match).  Needs the tables of demo/data.sql.

SET client_min_messages = warning;
DROP PROCEDURE IF EXISTS catalog_reprice_plain;
DROP TABLE IF EXISTS plain_history, plain_timing;
-- before-images, when keep_history is true
CREATE TABLE plain_history (sku text, old_prices text, new_prices text);
-- the time of each stage of the last call
CREATE TABLE plain_timing (position integer, stage text, ms float8);

CREATE PROCEDURE catalog_reprice_plain(markup numeric DEFAULT 0.35, max_move numeric DEFAULT 0.10,
        fx_max_age interval DEFAULT '1 hour', keep_history boolean DEFAULT true)
LANGUAGE plpgsql AS $proc$
DECLARE
    t timestamptz := clock_timestamp();
    n integer := 0;
    run bigint;
    stale text;
    big float8;
    idx numeric;
BEGIN
    DELETE FROM plain_timing;
    SELECT COALESCE(max(run_id), 0) + 1 INTO run FROM fx_used;

    -- validate: a 1-D array of finite prices >= 0 with the currency's places
    WITH bad AS (
        DELETE FROM catalog c
        USING region r, currency cur
        WHERE r.region = c.region AND cur.code = r.currency
          AND (COALESCE(array_ndims(c.prices), 1) <> 1
               OR EXISTS (SELECT FROM unnest(c.prices) AS p
                          WHERE p IS NULL OR p IN ('NaN', 'Infinity', '-Infinity') OR p < 0
                             OR p <> round(p, cur.places)))
        RETURNING c.sku, c.category, c.region, c.prices,
                  CASE WHEN array_ndims(c.prices) <> 1
                       THEN format('array has %s dimensions, expected 1', array_ndims(c.prices))
                       ELSE (SELECT format('element %s: %s', u.i,
                                           CASE WHEN u.p IS NULL THEN 'NULL is not allowed'
                                                WHEN u.p IN ('NaN', 'Infinity', '-Infinity') THEN u.p || ' is not a finite number'
                                                WHEN u.p < 0 THEN u.p || ' is below the minimum 0'
                                                ELSE format('%s has more than %s decimal places', u.p, cur.places) END)
                             FROM unnest(c.prices) WITH ORDINALITY AS u(p, i)
                             WHERE u.p IS NULL OR u.p IN ('NaN', 'Infinity', '-Infinity') OR u.p < 0
                                OR u.p <> round(u.p, cur.places)
                             ORDER BY u.i LIMIT 1) END AS reason)
    INSERT INTO catalog_rejects (run_id, sku, category, region, prices, reason)
    SELECT run, sku, category, region, prices, reason FROM bad;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'validate', 1000 * extract(epoch FROM clock_timestamp() - t));
    t := clock_timestamp();

    -- fx_fresh: the newest quotes; if one is stale, the last good rates
    CREATE TEMP TABLE plain_fx ON COMMIT DROP AS
    SELECT DISTINCT ON (currency) currency, rate, as_of FROM fx_rate ORDER BY currency, as_of DESC;
    SELECT string_agg(c.code, ', ') INTO stale
    FROM currency c LEFT JOIN plain_fx fx ON fx.currency = c.code
    WHERE fx.as_of IS NULL OR fx.as_of < now() - fx_max_age;
    IF stale IS NOT NULL THEN
        RAISE WARNING 'FX rates older than %: %; using the last good rates', fx_max_age, stale;
        DELETE FROM plain_fx;
        INSERT INTO plain_fx SELECT currency, rate, as_of FROM fx_used WHERE run_id = run - 1;
    END IF;
    INSERT INTO fx_used (run_id, currency, rate, as_of) SELECT run, currency, rate, as_of FROM plain_fx;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'fx_fresh', 1000 * extract(epoch FROM clock_timestamp() - t));
    t := clock_timestamp();

    -- plan: per tier, cost plus markup, converted and rounded once in the
    -- currency's mode; its nearest price ending (ties up, never below the
    -- first point) if that lies inside the cap (max_move from the current
    -- price, bounds rounded inward); else the ending nearest the cap between
    -- the current price and the cap; else the plain capped price
    CREATE TEMP TABLE plain_reprice ON COMMIT DROP AS
    SELECT c.sku, c.units_sold, cur.budget_rate, c.prices AS old_prices,
           array_agg(CASE WHEN e.point BETWEEN e.lo AND e.hi THEN e.point
                          WHEN e.point > e.hi AND e.converted > e.old AND e.below_hi >= e.old
                               AND e.below_hi >= cur.ending THEN e.below_hi
                          WHEN e.point < e.lo AND e.converted < e.old AND e.above_lo <= e.old THEN e.above_lo
                          WHEN e.converted > e.hi THEN e.hi WHEN e.converted < e.lo THEN e.lo
                          ELSE e.converted END
                     ORDER BY e.i) AS new_prices
    FROM catalog c
    JOIN region r ON r.region = c.region
    JOIN currency cur ON cur.code = r.currency
    JOIN plain_fx fx ON fx.currency = r.currency
    CROSS JOIN LATERAL (
        SELECT u.i, u.old, v.converted, b.hi, b.lo,
               greatest(cur.ending, round((v.converted - cur.ending) / cur.ending_step) * cur.ending_step + cur.ending)
                   AS point,
               floor((b.hi - cur.ending) / cur.ending_step) * cur.ending_step + cur.ending AS below_hi,
               greatest(cur.ending, ceil((b.lo - cur.ending) / cur.ending_step) * cur.ending_step + cur.ending)
                   AS above_lo
        FROM unnest(c.costs, c.prices) WITH ORDINALITY AS u(cost, old, i)
        CROSS JOIN LATERAL (SELECT u.cost * (1 + markup) * fx.rate AS exact) x
        CROSS JOIN LATERAL (
            SELECT CASE cur.rounding
                       WHEN 'half_up' THEN round(x.exact, cur.places)
                       WHEN 'half_even' THEN
                           CASE WHEN x.exact * 10::numeric ^ cur.places % 1 = 0.5
                                     AND trunc(x.exact * 10::numeric ^ cur.places) % 2 = 0
                                THEN trunc(x.exact, cur.places)
                                ELSE round(x.exact, cur.places) END
                   END AS converted) v
        CROSS JOIN LATERAL (
            SELECT trunc(u.old * (1 + max_move), cur.places) AS hi,
                   round(ceil(u.old * (1 - max_move) * 10::numeric ^ cur.places) / 10::numeric ^ cur.places,
                         cur.places) AS lo) b
    ) e
    GROUP BY c.sku, c.units_sold, cur.budget_rate, c.prices;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'plan', 1000 * extract(epoch FROM clock_timestamp() - t));
    t := clock_timestamp();

    -- large_moves: warn when more than 2% of products move more than 5%
    SELECT avg((abs(new_prices[1] / old_prices[1] - 1) > 0.05)::int) INTO big FROM plain_reprice;
    IF big > 0.02 THEN
        RAISE WARNING '% of products move more than 5%%', round(100 * big::numeric, 2);
    END IF;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'large_moves', 1000 * extract(epoch FROM clock_timestamp() - t));
    t := clock_timestamp();

    -- index_move: the Laspeyres index at budget rates within 1.5%
    SELECT sum(new_prices[1] / budget_rate * units_sold) / sum(old_prices[1] / budget_rate * units_sold)
    INTO idx FROM plain_reprice;
    IF abs(idx - 1) > 0.015 THEN
        RAISE EXCEPTION 'Laspeyres index % is outside 0.985..1.015', round(idx, 4);
    END IF;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'index_move', 1000 * extract(epoch FROM clock_timestamp() - t));
    t := clock_timestamp();

    -- publish, with the before-images if asked
    IF keep_history THEN
        INSERT INTO plain_history (sku, old_prices, new_prices)
        SELECT c.sku, c.prices::text, r.new_prices::text
        FROM catalog c JOIN plain_reprice r ON r.sku = c.sku
        WHERE c.prices IS DISTINCT FROM r.new_prices;
    END IF;
    UPDATE catalog c SET prices = r.new_prices
    FROM plain_reprice r
    WHERE r.sku = c.sku AND c.prices IS DISTINCT FROM r.new_prices;
    n := n + 1; INSERT INTO plain_timing VALUES (n, 'publish', 1000 * extract(epoch FROM clock_timestamp() - t));
END
$proc$;
