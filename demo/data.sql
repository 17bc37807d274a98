-- The demo's data: a product catalog with quantity-tier prices in four
-- currencies, generated with a fixed seed, so every run shows the same numbers.
--
--   psql -v products=100000 -f demo/data.sql      (the defaults are shown below)
--
-- The catalog was priced yesterday with the rule of demo/job.sql (stage
-- "plan"), from yesterday's costs and FX rates.  Since then some costs have
-- changed and the rates have moved a little, so a run of the job moves
-- prices a little.  A few rows break the input contract on purpose.

\if :{?products}  \else \set products 100000 \endif
\if :{?min_tiers} \else \set min_tiers 4 \endif
\if :{?max_tiers} \else \set max_tiers 8 \endif
-- bad rows per kind (negative tier, 3 decimals, NaN, NULL element, 2-D array)
\if :{?bad_rows}  \else \set bad_rows 10 \endif
\if :{?seed}      \else \set seed 0.42 \endif

SET client_min_messages = warning;
DROP VIEW IF EXISTS catalog_checksum;
DROP TABLE IF EXISTS catalog_rejects, catalog, category, region, fx_used, fx_rate, currency CASCADE;

-- Per currency: decimal places of a price, the rounding mode of convert(),
-- the price ending (points k * ending_step + ending: 12.49, 12.59, ...), and
-- the budget rate (EUR to the currency, fixed for the year), which weighs
-- the currencies in price indices whatever the FX feed says.
CREATE TABLE currency (
    code        text PRIMARY KEY,
    places      integer NOT NULL,
    rounding    text NOT NULL,
    ending_step numeric NOT NULL,
    ending      numeric NOT NULL,
    budget_rate numeric NOT NULL
);
INSERT INTO currency VALUES
    ('EUR', 2, 'half_even', 0.10, 0.09, 1),
    ('USD', 2, 'half_up',   0.10, 0.09, 1.08),
    ('GBP', 2, 'half_even', 0.10, 0.05, 0.85),
    ('JPY', 0, 'half_up',   10,   0,    160);

-- The FX feed: EUR to each currency, one row per quote.
CREATE TABLE fx_rate (
    currency text NOT NULL REFERENCES currency,
    as_of    timestamptz NOT NULL,
    rate     numeric NOT NULL CHECK (rate > 0),
    PRIMARY KEY (currency, as_of)
);
INSERT INTO fx_rate (currency, as_of, rate)
SELECT currency, now() - age, rate
FROM (VALUES ('EUR', 1, 1), ('USD', 1.0790, 1.0831), ('GBP', 0.8512, 0.8489), ('JPY', 161.20, 162.47))
         AS q(currency, yesterday, today),
     LATERAL (VALUES (interval '1 day', yesterday), (interval '10 minutes', today)) AS v(age, rate);

-- The rates each successful run priced with: the job's "last good rates".
CREATE TABLE fx_used (
    run_id   bigint NOT NULL,
    currency text NOT NULL,
    rate     numeric NOT NULL,
    as_of    timestamptz NOT NULL,
    PRIMARY KEY (run_id, currency)
);

CREATE TABLE region (
    region   text PRIMARY KEY,
    currency text NOT NULL REFERENCES currency,
    share    float8 NOT NULL    -- of the products (generator only)
);
INSERT INTO region VALUES
    ('DE', 'EUR', 0.30), ('FR', 'EUR', 0.15), ('NL', 'EUR', 0.10),
    ('US', 'USD', 0.25), ('UK', 'GBP', 0.12), ('JP', 'JPY', 0.08);

-- 20 categories; unit costs (EUR) are log-uniform between min_cost and
-- max_cost; elasticity estimates how sales react to a price change (the
-- Fisher index of the report needs the quantities after the change).
CREATE TABLE category (
    category   text PRIMARY KEY,
    min_cost   numeric NOT NULL,
    max_cost   numeric NOT NULL,
    elasticity float8 NOT NULL
);
INSERT INTO category VALUES
    ('coffee', 4, 40, 1.4), ('tea', 2, 25, 1.2), ('grinders', 30, 400, 2.1),
    ('espresso machines', 120, 900, 2.4), ('kettles', 15, 120, 1.9), ('mugs', 2, 18, 1.6),
    ('filters', 2, 9, 0.9), ('milk jugs', 6, 35, 1.5), ('scales', 12, 90, 1.8),
    ('cleaning', 3, 20, 1.0), ('syrups', 3, 14, 1.3), ('chocolate', 2, 16, 1.5),
    ('cups', 2, 12, 1.4), ('storage', 5, 45, 1.6), ('brewers', 10, 150, 2.0),
    ('tampers', 8, 60, 1.7), ('knock boxes', 9, 40, 1.7), ('water', 2, 10, 0.8),
    ('books', 8, 45, 1.1), ('gift sets', 15, 120, 2.2);

-- costs: unit cost (EUR) per quantity tier; prices: price per tier in the
-- region's currency; units_sold: last period's sales.
CREATE TABLE catalog (
    sku        text PRIMARY KEY,
    category   text NOT NULL REFERENCES category,
    region     text NOT NULL REFERENCES region,
    costs      numeric[] NOT NULL,
    units_sold integer NOT NULL,
    prices     numeric[] NOT NULL
);

-- What the validate stage moves out of the catalog, and why.
CREATE TABLE catalog_rejects (
    run_id      bigint NOT NULL,
    sku         text NOT NULL,
    category    text NOT NULL,
    region      text NOT NULL,
    prices      numeric[] NOT NULL,
    reason      text NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now()
);

SELECT setseed(:seed) AS seeded \gset

-- One row per product with its random draws, in a fixed order.
CREATE TEMP TABLE draw AS
SELECT g, random() AS r_category, random() AS r_region, random() AS r_tiers,
       random() AS r_cost, random() AS r_units, random() AS r_drift, random() AS r_size
FROM generate_series(1, :products) AS g
ORDER BY g;

-- Yesterday's costs, and today's: 65% unchanged, 30% within 2%, 4.2% by 2
-- to 4.5% either way, and 0.8% up by 12 to 18% (the cap holds those to 10%
-- a run).
CREATE TEMP TABLE product AS
SELECT d.g, 'SKU-' || lpad(d.g::text, 7, '0') AS sku,
       k.names[1 + floor(d.r_category * cardinality(k.names))::int] AS category,
       r.names[1 + (SELECT count(*) FROM unnest(r.upto) AS u WHERE u < d.r_region)::int] AS region,
       :min_tiers + floor(d.r_tiers * (:max_tiers - :min_tiers + 1))::int AS tiers,
       d.r_cost, d.r_units, d.r_size,
       CASE WHEN d.r_drift < 0.65 THEN 1
            WHEN d.r_drift < 0.95 THEN 0.98 + (d.r_drift - 0.65) / 0.30 * 0.04
            WHEN d.r_drift < 0.97 THEN 0.955 + (d.r_drift - 0.95) / 0.02 * 0.025
            WHEN d.r_drift < 0.992 THEN 1.02 + (d.r_drift - 0.97) / 0.022 * 0.025
            ELSE 1.12 + (d.r_drift - 0.992) / 0.008 * 0.06 END::numeric AS drift
FROM draw d,
     (SELECT array_agg(category ORDER BY category) AS names FROM category) k,
     (SELECT array_agg(region ORDER BY region) AS names, array_agg(upto ORDER BY region) AS upto
      FROM (SELECT region, sum(share) OVER (ORDER BY region) AS upto FROM region) s) r;

INSERT INTO catalog (sku, category, region, costs, units_sold, prices)
SELECT p.sku, p.category, p.region, t.costs,
       -- cheap products sell more
       greatest(1, round(2000 / (1 + t.unit_cost) * (0.2 + p.r_units)))::int,
       -- yesterday's price: the job's rule with yesterday's costs and rate
       pricemath.apply_ending(pricemath.convert(pricemath.markup(t.old_costs, 0.35),
                                                fx.rate, cur.places, cur.rounding),
                              cur.ending_step, cur.ending, 'nearest')
FROM product p
JOIN category k USING (category)
JOIN region r USING (region)
JOIN currency cur ON cur.code = r.currency
JOIN fx_rate fx ON fx.currency = r.currency AND fx.as_of < now() - interval '12 hours'
CROSS JOIN LATERAL (
    SELECT round(exp(ln(k.min_cost::float8) + p.r_cost * ln(k.max_cost::float8 / k.min_cost::float8))::numeric, 4)
           AS unit_cost) u
CROSS JOIN LATERAL (
    -- each tier's unit cost is 4% below the previous one
    SELECT (ARRAY[1, 0.96, 0.92, 0.88, 0.84, 0.80, 0.76, 0.72, 0.68, 0.64])[1:p.tiers] AS factors) f
CROSS JOIN LATERAL (
    SELECT u.unit_cost,
           pricemath.mul_round(f.factors, u.unit_cost, 2, 'half_even') AS old_costs,
           pricemath.mul_round(f.factors, u.unit_cost * p.drift, 2, 'half_even') AS costs) t
ORDER BY p.g;

-- The deliberately bad rows, spread over the catalog (all in EUR regions):
-- a negative tier, a price with 3 decimals, NaN, a NULL element, a 2-D array.
WITH bad AS (
    SELECT c.sku, (n - 1) % 5 AS kind
    FROM generate_series(1, 5 * :bad_rows) AS n
    JOIN catalog c ON c.sku = 'SKU-' || lpad((n * (:products / (5 * :bad_rows + 1)))::text, 7, '0')
)
UPDATE catalog c
SET region = 'DE',
    prices = CASE bad.kind
        WHEN 0 THEN c.prices[1:1] || -c.prices[2] || c.prices[3:]
        WHEN 1 THEN (c.prices[1] + 0.001) || c.prices[2:]
        WHEN 2 THEN c.prices[1:2] || 'NaN'::numeric || c.prices[4:]
        WHEN 3 THEN c.prices[1:1] || NULL::numeric || c.prices[3:]
        ELSE ARRAY[c.prices[1:2], c.prices[3:4]] END
FROM bad
WHERE c.sku = bad.sku;

-- One checksum over every price, to show that a run changed nothing.
CREATE VIEW catalog_checksum AS
SELECT md5(string_agg(sku || '=' || prices::text, ',' ORDER BY sku)) AS checksum FROM catalog;

DROP TABLE draw, product;
ANALYZE currency, fx_rate, region, category, catalog;
