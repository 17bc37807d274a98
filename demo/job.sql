-- The catalog_reprice job: six stages, defined as rows.  Every five minutes
-- (demo/schedule.sql) it reprices the catalog of demo/data.sql from cost:
--
--   validate     step   move rows that break the input contract to catalog_rejects
--   fx_fresh     step   pick the FX rates; if they are stale, fall back to the last good ones
--   plan         step   compute the new prices into the work table "reprice"
--   large_moves  check  warn when more than 2% of products move more than 5%
--   index_move   check  abort unless the Laspeyres index of the change is within 1.5%
--   publish      apply  write the new prices, keeping the before-images
--
-- All stages of a run take effect together or not at all; the work tables
-- are temporary and go with the run's transaction.

INSERT INTO pricemath.job (name, description, expected_interval, timeout, params)
VALUES ('catalog_reprice', 'catalog prices from cost: markup, FX, endings, at most 10% a run',
        '5 minutes', '5 minutes',
        '{"markup": 0.35, "max_move": 0.10, "fx_max_age": "1 hour",
          "large_move": 0.05, "large_share": 0.02, "max_index_move": 0.015}');

INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
('catalog_reprice', 1, 'validate', 'step', $$
    WITH bad AS (
        DELETE FROM catalog c
        USING region r, currency cur
        WHERE r.region = c.region AND cur.code = r.currency
          AND NOT pricemath.is_price_array(c.prices, 0, NULL, cur.places)
        RETURNING c.sku, c.category, c.region, c.prices,
                  pricemath.price_array_violation(c.prices, 0, NULL, cur.places) AS reason)
    INSERT INTO catalog_rejects (run_id, sku, category, region, prices, reason)
    SELECT pricemath.current_run_id(), sku, category, region, prices, reason FROM bad
$$);

-- The newest quote per currency, and it must be fresh.  If it is not, the
-- fallback prices with the rates of the last run that succeeded; the ledger
-- records the stage as 'fallback' with the reason.
INSERT INTO pricemath.job_stage (job, position, name, kind, sql, on_error, fallback_sql) VALUES
('catalog_reprice', 2, 'fx_fresh', 'step', $$
    CREATE TEMP TABLE reprice_fx ON COMMIT DROP AS
    SELECT DISTINCT ON (currency) currency, rate, as_of
    FROM fx_rate ORDER BY currency, as_of DESC;
    DO $check$
    DECLARE
        stale text;
    BEGIN
        SELECT string_agg(format('%s (%s old)', c.code,
                          COALESCE(date_trunc('second', now() - fx.as_of)::text, 'no rate')), ', ')
        INTO stale
        FROM currency c LEFT JOIN reprice_fx fx ON fx.currency = c.code
        WHERE fx.as_of IS NULL OR fx.as_of < now() - pricemath.job_param('fx_max_age')::interval;
        IF stale IS NOT NULL THEN
            RAISE EXCEPTION 'FX rates older than %: %', pricemath.job_param('fx_max_age'), stale;
        END IF;
    END
    $check$;
    INSERT INTO fx_used (run_id, currency, rate, as_of)
    SELECT pricemath.current_run_id(), currency, rate, as_of FROM reprice_fx
$$, 'fallback', $$
    CREATE TEMP TABLE reprice_fx ON COMMIT DROP AS
    SELECT currency, rate, as_of FROM fx_used
    WHERE run_id = (SELECT max(run_id) FROM fx_used);
    DO $check$
    BEGIN
        IF (SELECT count(*) FROM reprice_fx) < (SELECT count(*) FROM currency) THEN
            RAISE EXCEPTION 'no last good FX rates to fall back on';
        END IF;
    END
    $check$;
    INSERT INTO fx_used (run_id, currency, rate, as_of)
    SELECT pricemath.current_run_id(), currency, rate, as_of FROM reprice_fx
$$);

-- ==== plan: the pricing rule, in this one place =============================
-- Target: cost plus markup, converted at the run's rate to the currency's
-- places and rounding mode.  New price: the target's nearest price ending
-- (the currency's step and ending), but at most max_move away from the
-- current price; limit_change picks the ending inside the cap, so a capped
-- price still ends in .09 (or the plain cap when no ending lies between the
-- old price and the cap: guard_report calls that capped_no_ending).  The
-- target depends on cost only, so runs do not compound: a second run moves
-- only the prices that the cap held back.
INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
('catalog_reprice', 3, 'plan', 'step', $$
    CREATE TEMP TABLE reprice ON COMMIT DROP AS
    SELECT c.sku, c.units_sold, cur.budget_rate,
           c.prices AS old_prices,
           pricemath.limit_change(
               c.prices,
               pricemath.convert(pricemath.markup(c.costs, p.markup), fx.rate, cur.places, cur.rounding),
               p.max_move, p.max_move, cur.places,
               step => cur.ending_step, ending => cur.ending, mode => 'nearest') AS new_prices
    FROM catalog c
    JOIN region r ON r.region = c.region
    JOIN currency cur ON cur.code = r.currency
    JOIN reprice_fx fx ON fx.currency = r.currency
    CROSS JOIN (SELECT pricemath.job_param('markup')::numeric AS markup,
                       pricemath.job_param('max_move')::numeric AS max_move) p
$$);
-- ==== end of plan ===========================================================

-- The guardrails.  A product moves by the change of its first tier's price.
INSERT INTO pricemath.job_stage (job, position, name, kind, severity, sql) VALUES
('catalog_reprice', 4, 'large_moves', 'check', 'warn', $$
    SELECT avg(big::int) <= pricemath.job_param('large_share')::numeric,
           format('%s of %s products (%s%%) move more than %s%%', count(*) FILTER (WHERE big), count(*),
                  round(100 * avg(big::int), 2), trim_scale(100 * pricemath.job_param('large_move')::numeric))
    FROM (SELECT abs(new_prices[1] / old_prices[1] - 1) > (SELECT pricemath.job_param('large_move')::numeric) AS big
          FROM reprice) m
$$),

-- The Laspeyres index of the change: last period's sales at the new prices
-- over the same sales at the old prices, all in EUR at budget rates (a bad
-- FX quote must not shrink the weight of its own currency).
('catalog_reprice', 5, 'index_move', 'check', 'abort', $$
    SELECT abs(l - 1) <= bound, format('Laspeyres index %s, bounds %s..%s', round(l::numeric, 4), 1 - bound, 1 + bound)
    FROM (SELECT pricemath.laspeyres(old_prices[1] / budget_rate, new_prices[1] / budget_rate,
                                     units_sold::numeric) AS l
          FROM reprice) i,
         (SELECT pricemath.job_param('max_index_move')::numeric AS bound) p
$$);

INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
VALUES ('catalog_reprice', 6, 'publish', 'apply', $$ SELECT sku, new_prices FROM reprice $$,
        'catalog', 'sku', 'prices');
