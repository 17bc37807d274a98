-- Property tests for apply_ending, limit_change and clamp on random data:
-- every result is a price point, never outside its cap, and idempotent.
-- Each query counts violations; every count must be 0.
SELECT setseed(0.42);
CREATE TEMP TABLE cases AS
SELECT i,
       round((random() * 2000)::numeric, (i % 3)) AS p,             -- 0 to 2000 with 0 to 2 decimals
       round((random() * 2000)::numeric, 2) AS old,
       (ARRAY[1, 1, 10, 0.25, 5, 100])[1 + i % 6]::numeric AS step,
       (ARRAY[0.99, 0.95, 9, 0, 4.99, 99])[1 + i % 6]::numeric AS ending,
       (ARRAY[0, 0.05, 0.10, 0.5, 1])[1 + i % 5]::numeric AS max_up,
       (ARRAY[0, 0.05, 0.10, 0.5, 1])[1 + (i / 5) % 5]::numeric AS max_down,
       (ARRAY[0, 1, 2, 3])[1 + i % 4] AS places
FROM generate_series(1, 12000) i;

-- apply_ending, per mode
WITH r AS (
  SELECT c.*, m, pricemath.apply_ending(p, step, ending, m) AS e FROM cases c, unnest(ARRAY['nearest', 'down', 'up']) m
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE e < ending OR (e - ending) % step <> 0) AS not_a_price_point,
       count(*) FILTER (WHERE m = 'down' AND e > p AND e <> ending) AS down_above_price,
       count(*) FILTER (WHERE m = 'down' AND e + step <= p) AS down_not_largest,
       count(*) FILTER (WHERE m = 'up' AND (e < p OR (e - step >= p AND e - step >= ending))) AS up_not_smallest,
       -- nearest, ties up: the next point up is strictly farther, the next one down at least as far
       count(*) FILTER (WHERE m = 'nearest' AND (abs(e + step - p) <= abs(e - p)
                                                 OR (e - step >= ending AND abs(e - step - p) < abs(e - p)))) AS nearest_not_closest,
       count(*) FILTER (WHERE pricemath.apply_ending(e, step, ending, m) <> e) AS not_idempotent,
       count(*) FILTER (WHERE pricemath.apply_ending(ARRAY[p], step, ending, m) <> ARRAY[e]) AS array_differs
FROM r;

-- limit_change: within the cap rounded inward, new unchanged when inside, idempotent
WITH r AS (
  SELECT c.*, pricemath.limit_change(old, round(p, places), max_up, max_down, places) AS l,
         round(p, places) AS np,
         floor(old * (1 + max_up) * 10::numeric ^ places) / 10::numeric ^ places AS hi,
         ceil(old * (1 - max_down) * 10::numeric ^ places) / 10::numeric ^ places AS lo
  FROM cases c
  WHERE ceil(old * (1 - max_down) * 10::numeric ^ places) <= floor(old * (1 + max_up) * 10::numeric ^ places)
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE l > hi OR l < lo) AS outside_cap,
       count(*) FILTER (WHERE np BETWEEN lo AND hi AND l <> np) AS changed_inside_cap,
       count(*) FILTER (WHERE scale(l) <> places) AS wrong_scale,
       count(*) FILTER (WHERE pricemath.limit_change(old, l, max_up, max_down, places) <> l) AS not_idempotent,
       count(*) FILTER (WHERE pricemath.guard_report(old, np, l) <>
                        CASE WHEN l <> np AND np > old THEN 'capped_up' WHEN l <> np THEN 'capped_down'
                             WHEN np = old THEN 'unchanged' ELSE 'changed' END) AS wrong_report
FROM r;

-- limit_change without places: exact bounds
WITH r AS (
  SELECT c.*, pricemath.limit_change(old, p, max_up, max_down) AS l FROM cases c
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE l <> greatest(least(p, old * (1 + max_up)), old * (1 - max_down))) AS differs_from_sql,
       count(*) FILTER (WHERE pricemath.limit_change(old, l, max_up, max_down) <> l) AS not_idempotent
FROM r;

-- clamp: inside [lo, hi], unchanged inside, idempotent, array form agrees
WITH r AS (
  SELECT c.*, least(old, p) AS lo, greatest(old, p) AS hi, round((random() * 2500)::numeric, 2) AS x FROM cases c
), k AS (
  SELECT r.*, pricemath.clamp(x, lo, hi) AS cl FROM r
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE cl < lo OR cl > hi) AS outside,
       count(*) FILTER (WHERE x BETWEEN lo AND hi AND cl <> x) AS changed_inside,
       count(*) FILTER (WHERE pricemath.clamp(cl, lo, hi) <> cl) AS not_idempotent,
       count(*) FILTER (WHERE pricemath.clamp(ARRAY[x], ARRAY[lo], ARRAY[hi]) <> ARRAY[cl]) AS array_differs
FROM k;
