-- A small sample catalog: prices per quantity tier (1, 10, 100 units) in EUR.
CREATE TABLE catalog (
    sku      text PRIMARY KEY,
    name     text NOT NULL,
    prices   numeric[] NOT NULL,
    weights  float8[] NOT NULL
);

INSERT INTO catalog (sku, name, prices, weights) VALUES
    ('A-100', 'espresso beans 1kg',  '{24.90, 23.50, 21.75}', '{1.0, 0.8, 0.6}'),
    ('A-200', 'filter papers x100',  '{3.49, 3.19, 2.89}',    '{0.2, 0.2, 0.2}'),
    ('B-300', 'burr grinder',        '{129.00, 124.50, 119.99}', '{2.5, 2.4, 2.3}'),
    ('C-400', 'milk jug 600ml',      '{14.95, 13.95, 12.45}', '{0.4, 0.4, 0.3}'),
    ('D-500', 'descaler 250ml',      '{7.99, 7.49, 6.99}',    '{0.3, 0.3, 0.3}');

-- The retail price ladder: each band from its bound up to the next ends in its
-- own way (under 10 in .99, 10 to 100 in .95, from 100 on in 9.00).  The first
-- bound is the lowest price point the ladder may give.
CREATE TABLE price_ladder (
    bound    numeric PRIMARY KEY,
    step     numeric NOT NULL,
    ending   numeric NOT NULL
);

INSERT INTO price_ladder (bound, step, ending) VALUES
    (0, 1, 0.99),
    (10, 1, 0.95),
    (100, 10, 9.00);
