-- The fixture every ```sql example of README.md runs on: the README test
-- (test/readme/extract.py) runs this before each example, inside the
-- transaction that it rolls back after the example.  Add what a new example
-- needs here, not in the example.
CREATE TABLE public.catalog (
    sku        text PRIMARY KEY,
    prices     numeric[] NOT NULL,
    costs      numeric[] NOT NULL,
    units_sold numeric NOT NULL
);
INSERT INTO public.catalog VALUES
    ('A-100', '{24.90, 23.50, 21.75}', '{16.20, 15.10, 14.00}', 1200),
    ('A-200', '{3.49, 3.19, 2.89}', '{2.10, 1.95, 1.80}', 5400),
    ('B-300', '{129.00, 124.50, 119.99}', '{88.00, 85.00, 82.00}', 75);
-- the owner of the job that "Define a job" creates
DO $fixture$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'app_pricing') THEN
        CREATE ROLE app_pricing NOLOGIN;
    END IF;
END
$fixture$;
