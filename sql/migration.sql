-- Migration: add a price contract to a table that has bad rows, list and fix
-- them, validate, then move the column to the domain.
CREATE TABLE catalog (sku text PRIMARY KEY, prices numeric[]);
INSERT INTO catalog VALUES
  ('A-1', '{9.99, 19.99}'),
  ('A-2', '{4.50, -1.50, 3}'),
  ('A-3', '{1.999, 2}'),
  ('A-4', '{5, NULL}'),
  ('A-5', '{NaN}'),
  ('A-6', '{}'),
  ('A-7', NULL);

-- NOT VALID: existing rows are not checked, new and updated rows are
ALTER TABLE catalog ADD CONSTRAINT catalog_prices_valid
  CHECK (pricemath.is_price_array(prices, 0, NULL, 2)) NOT VALID;
INSERT INTO catalog VALUES ('B-1', '{-5}');
UPDATE catalog SET prices = '{1.001}' WHERE sku = 'A-1';
INSERT INTO catalog VALUES ('B-2', '{0.10, 7}');

-- VALIDATE fails while violators remain
ALTER TABLE catalog VALIDATE CONSTRAINT catalog_prices_valid;

-- list the violators
SELECT sku, prices, pricemath.price_array_violation(prices, 0, NULL, 2) AS violation
FROM catalog
WHERE NOT pricemath.is_price_array(prices, 0, NULL, 2)
ORDER BY sku;

-- fix them: drop NULL and non-finite elements, clamp at 0, round to 2 places
UPDATE catalog
SET prices = ARRAY(SELECT round(greatest(x, 0), 2)
                   FROM unnest(prices) WITH ORDINALITY AS u(x, i)
                   WHERE x IS NOT NULL AND x <> 'NaN'
                   ORDER BY i)
WHERE pricemath.price_array_violation(prices, 0, NULL, 2) IS NOT NULL;
SELECT count(*) AS violators_left FROM catalog
WHERE pricemath.price_array_violation(prices, 0, NULL, 2) IS NOT NULL;

ALTER TABLE catalog VALIDATE CONSTRAINT catalog_prices_valid;
SELECT convalidated FROM pg_constraint WHERE conname = 'catalog_prices_valid';
SELECT * FROM catalog ORDER BY sku;

-- move the column to the domain; assert_price_array guards a load
ALTER TABLE catalog ALTER COLUMN prices TYPE pricemath.price_array;
INSERT INTO catalog VALUES ('C-1', '{-1}');
INSERT INTO catalog VALUES ('C-1', '{1, NULL}');
INSERT INTO catalog VALUES ('C-1', pricemath.assert_price_array('{12.50}'::numeric[], 0, NULL, 2));
INSERT INTO catalog VALUES ('C-2', pricemath.assert_price_array('{12.505}'::numeric[], 0, NULL, 2));
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'catalog'::regclass AND attname = 'prices';
SELECT count(*) FROM catalog;
DROP TABLE catalog;
