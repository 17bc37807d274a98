-- Every array function against every edge case, as a matrix: the result text,
-- or the SQLSTATE and message it raises.  One row per (function, case).
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text; s text; m text;
BEGIN
  EXECUTE 'SELECT (' || q || ')::text' INTO r;
  RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
  RETURN s || ': ' || m;
END $f$;

-- %1$s is the edge-case array, %2$s an ordinary array of the same type and length 2
CREATE TEMP TABLE funcs(ord int, f text) ;
INSERT INTO funcs VALUES
  (1, 'pricemath.add(%1$s, %2$s)'), (2, 'pricemath.sub(%2$s, %1$s)'), (3, 'pricemath.mul(%1$s, 2::%3$s)'),
  (4, 'pricemath.div(%1$s, %2$s)'), (5, 'pricemath.round(%1$s)'), (6, 'pricemath.round_to(%1$s, 0.05)'),
  (7, 'pricemath.array_sum(%1$s)'), (8, 'pricemath.array_min(%1$s)'), (9, 'pricemath.array_max(%1$s)'),
  (10, 'pricemath.array_avg(%1$s)'), (11, 'pricemath.weighted_avg(%1$s, %2$s)');
-- numeric only (div needs places there)
CREATE TEMP TABLE nfuncs(ord int, f text);
INSERT INTO nfuncs VALUES
  (4, 'pricemath.div(%1$s, %2$s, 2)'),
  (12, 'pricemath.markup(%1$s, 0.1)'), (13, 'pricemath.convert(%1$s, 1.1, 2)'),
  (14, 'pricemath.margin_price(%1$s, 0.3)'), (15, 'pricemath.apply_ending(%1$s, 1, 0.99)'),
  (16, 'pricemath.clamp(%1$s, 0, 5)'), (17, 'pricemath.clamp(%1$s, %2$s, %2$s)'),
  (18, 'pricemath.limit_change(%2$s, %1$s, 0.1, 0.1)'), (19, 'pricemath.limit_change(%1$s, %2$s, 0.1, 0.1)'),
  (20, 'pricemath.guard_report(%2$s, %1$s, %1$s)');
CREATE TEMP TABLE cases(ord int, name text, v text);
INSERT INTO cases VALUES
  (1, 'NULL array', 'NULL'), (2, 'empty', '{}'), (3, 'NULL element', '{1.5,NULL}'),
  (4, '2-D', '{{1,2},{3,4}}'), (5, 'lower bound 0', '[0:1]={1.5,2.5}'), (6, 'NaN', '{1,NaN}'),
  (7, 'Infinity', '{Infinity,1}'), (8, '-Infinity', '{1,-Infinity}'), (9, 'huge', '{1e40,2}'),
  (10, 'length 3', '{1,2,3}');

\pset format unaligned
\pset fieldsep ' | '
SELECT 'numeric' AS type, regexp_replace(f.f, '\(.*', '') AS func, c.name,
       pg_temp.try(format(f.f, CASE WHEN c.v = 'NULL' THEN 'NULL::numeric[]' ELSE quote_literal(c.v) || '::numeric[]' END,
                          quote_literal('{1.25,2}') || '::numeric[]', 'numeric')) AS result
FROM (SELECT * FROM funcs WHERE ord <> 4 UNION ALL SELECT * FROM nfuncs) f, cases c
ORDER BY f.ord, f.f, c.ord;
SELECT 'float8' AS type, regexp_replace(f.f, '\(.*', '') AS func, c.name,
       pg_temp.try(format(f.f, CASE WHEN c.v = 'NULL' THEN 'NULL::float8[]' ELSE quote_literal(c.v) || '::float8[]' END,
                          quote_literal('{1.25,2}') || '::float8[]', 'float8')) AS result
FROM funcs f, cases c
ORDER BY f.ord, c.ord;

-- Mode unnecessary beyond int128 (PostgreSQL's numeric path) names the
-- element and its value as the fast path does, under any lower bound (the
-- oracle's error cases with random lower bounds found it naming none).
SELECT pg_temp.try($$SELECT pricemath.div('[0:2]={7e40, 1e40, 14e40}'::numeric[], 7, 2, 'unnecessary')$$) AS div_beyond_int128;
SELECT pg_temp.try($$SELECT pricemath.round('[-5:-4]={1e40, 123456789012345678901234567890123456789.5}'::numeric[], 0,
                                            'unnecessary')$$) AS round_beyond_int128;
SELECT pg_temp.try($$SELECT pricemath.round_to('[3:4]={1e40, 100000000000000000000000000000000000000000.25}'::numeric[],
                                               0.5, 'unnecessary')$$) AS round_to_beyond_int128;
SELECT pg_temp.try($$SELECT pricemath.round(123456789012345678901234567890123456789.5::numeric, 0, 'unnecessary')$$)
       AS scalar_beyond_int128;
