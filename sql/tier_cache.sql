-- The tier functions decode a constant tier table once per call site and
-- keep it, keyed on the arrays' bytes: a table that changes between calls
-- of the same call site (a PL/pgSQL variable) must be decoded again.
\set VERBOSITY default

-- one call site, the table a PL/pgSQL variable that changes on every call
CREATE FUNCTION tier_cache_walk() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  t numeric[];
  p numeric[] := '{1.00,0.90,0.80}';
  f numeric[] := '{0,5,10}';
BEGIN
  FOREACH t SLICE 1 IN ARRAY '{{0,10,50},{0,20,30},{0,1,2},{0,10,50}}'::numeric[] LOOP
    RETURN NEXT t::text || ' ' || pricemath.tier_total(60, t, p) || ' '
      || pricemath.tier_total(60, t, p, 'volume') || ' ' || pricemath.tier_price(25, t, p);
  END LOOP;
  FOREACH t SLICE 1 IN ARRAY '{{10,50,NULL},{20,30,NULL},{5,100,200}}'::numeric[] LOOP
    RETURN NEXT t::text || ' ' || pricemath.billing_total(60, t, p, 'graduated', f) || ' '
      || pricemath.billing_total(60, t, p, 'volume') || ' ' || pricemath.billing_tier(25, t)
      || ' ' || pricemath.billing_price(25, t, p);
  END LOOP;
  p := '{2,1,0.5}';
  t := '{0,10,50}';
  RETURN NEXT 'prices changed: ' || pricemath.tier_total(60, t, p);
END
$$;
SELECT * FROM tier_cache_walk();
SELECT * FROM tier_cache_walk();

-- a bad table is not kept: each call reports it (22023), and the next good one works
CREATE FUNCTION tier_cache_bad() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  t numeric[];
BEGIN
  FOREACH t SLICE 1 IN ARRAY '{{0,10,50},{0,50,10},{1,10,50},{0,10,50}}'::numeric[] LOOP
    BEGIN
      RETURN NEXT t::text || ' ' || pricemath.tier_total(60, t, '{1.00,0.90,0.80}');
    EXCEPTION WHEN invalid_parameter_value THEN
      RETURN NEXT t::text || ' ' || SQLSTATE || ' ' || SQLERRM;
    END;
  END LOOP;
END
$$;
SELECT * FROM tier_cache_bad();

-- a constant table over many rows equals the same table given per row
CREATE TABLE tier_cache_q AS
SELECT g::numeric / 4 AS q, '{0,10,50}'::numeric[] AS t, '{1.00,0.90,0.80}'::numeric[] AS p
FROM generate_series(0, 400) g;
SELECT count(*) FILTER (WHERE a::text IS DISTINCT FROM b::text) AS differ_graduated,
       count(*) FILTER (WHERE c::text IS DISTINCT FROM d::text) AS differ_volume
FROM (SELECT pricemath.tier_total(q, '{0,10,50}'::numeric[], '{1.00,0.90,0.80}'::numeric[]) AS a,
             pricemath.tier_total(q, t, p) AS b,
             pricemath.tier_total(q, '{0,10,50}'::numeric[], '{1.00,0.90,0.80}'::numeric[], 'volume') AS c,
             pricemath.tier_total(q, t, p, 'volume') AS d
      FROM tier_cache_q) s;
-- a negative quantity on a later row is still reported with the table kept
SELECT pricemath.tier_total(q, '{0,10,50}'::numeric[], '{1.00,0.90,0.80}'::numeric[])
FROM (VALUES (1), (2), (-3)) v(q);
DROP TABLE tier_cache_q;
DROP FUNCTION tier_cache_walk();
DROP FUNCTION tier_cache_bad();
