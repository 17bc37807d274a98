# pricemath benchmark definitions: the tables, the peer functions and the
# workloads that bench/run times.  Add a workload by appending to workloads().
from dataclasses import dataclass, field

import numpy as np

# Random prices 0.01..9999.99 with two decimals, one random() call per element.
PRICE_NUMERIC = "((1 + floor(random() * 999999))::int8 * 0.01)"
PRICE_FLOAT8 = "((1 + floor(random() * 999999)) / 100)::float8"

RATE = "1.0725"

# allocate's workload: the total split over the weights, at 2 places.
ALLOC_TOTAL = "1234567.89"
# tier-grad's tier table: thresholds (the first 0) and unit prices.
TIER_LO = ["0", "100", "500", "1000", "5000"]
TIER_PRICE = ["0.50", "0.45", "0.40", "0.35", "0.30"]

# A NumPy run is the best of this many back-to-back calls (bench/run).
NUMPY_CALLS = 7


@dataclass
class Table:
    """A benchmark table in schema pricemath_bench, loaded once per run."""
    name: str
    describe: str
    setup: list          # statements, run in order after DROP TABLE
    elements: int        # expected sum(cardinality(a)), or rows without array_column
    array_column: bool = True   # the table has the float8[]/numeric[] column a


@dataclass
class Target:
    """pricemath's goal against one peer; ratio = peer time / pricemath time."""
    kind: str            # "faster": pricemath at least k times faster; "within": at most k times slower
    k: float

    def min_ratio(self):
        return self.k if self.kind == "faster" else 1.0 / self.k

    def text(self):
        if self.kind == "faster":
            return f">= {self.k:g}x faster"
        return f"within {self.k:g}x"


def faster(k):
    return Target("faster", k)


def within(k):
    return Target("within", k)


@dataclass
class Contender:
    """One thing timed in a workload.

    kind "sql": expr is substituted into the workload's query template (or
    query, when the contender needs a statement of its own shape) and timed
    from the client.  kind "numpy": fn(array) runs in this process on
    the table's values, loaded once into memory (standalone NumPy); with
    buffers = k it is fn(array, buf1, ..., bufk), each buf an array of the
    same shape allocated once, before any timing.  A NumPy run is the best
    of NUMPY_CALLS back-to-back calls.
    """
    name: str
    kind: str = "sql"
    expr: str = ""
    fn: object = None
    query: str = None            # overrides the workload's template; {table} is filled in
    target: Target = None
    pricemath: bool = False      # the contender the others are compared with
    reference: bool = False      # the exact result pricemath is checked against
    requires: list = field(default_factory=list)   # regprocedure signatures
    requires_ext: str = None     # extension the contender needs (e.g. plpython3u)
    floor: bool = False          # a lower bound (no computation): not result-checked
    settings: tuple = ()         # (name, value) pairs SET for this contender's runs only
    buffers: int = 0             # numpy: preallocated output buffers passed after the array


@dataclass
class Workload:
    key: str
    title: str
    table: str
    contenders: list
    # Timed statement.  It consumes results server-side and is identical for
    # every SQL contender but for {expr}.
    query: str = "SELECT sum(cardinality({expr})) FROM pricemath_bench.{table}"
    # Rows to compare pricemath with the reference on (a FROM item exposing
    # column a), or None to skip the check.
    check_sample: str = None
    # The timed statement returns sum(cardinality(...)): check it against the
    # table's element count.  Set False for templates that return other things.
    count_elements: bool = True
    # pricemath must equal the reference exactly (same text) on the sample.
    exact: bool = True
    # The check compares unnest(expr) element by element ("elements"), or
    # expr itself on each sampled row ("rows", for scalar functions).
    check_by: str = "elements"
    note: str = ""


def tables(rows):
    """Benchmark tables; rows scales all of them (BENCH_ROWS, default 1M)."""
    n8 = rows
    n2 = rows
    n3 = 10 * rows
    return {
        "w1": Table(
            "w1", f"{n8:,} rows x numeric[8], 2 decimals",
            [
                "CREATE TABLE pricemath_bench.w1 (a numeric[]) WITH (autovacuum_enabled = off)",
                "INSERT INTO pricemath_bench.w1 SELECT ARRAY[" + ", ".join([PRICE_NUMERIC] * 8)
                + f"] FROM generate_series(1, {n8})",
            ],
            8 * n8),
        "a16f": Table(
            "a16f", f"{rows:,} rows x float8[16]",
            [
                "CREATE TABLE pricemath_bench.a16f (a float8[]) WITH (autovacuum_enabled = off, parallel_workers = 2)",
                "INSERT INTO pricemath_bench.a16f SELECT ARRAY[" + ", ".join([PRICE_FLOAT8] * 16)
                + f"] FROM generate_series(1, {rows})",
            ],
            16 * rows),
        "a16n": Table(
            "a16n", f"{rows:,} rows x numeric[16], 2 decimals",
            [
                "CREATE TABLE pricemath_bench.a16n (a numeric[]) WITH (autovacuum_enabled = off, parallel_workers = 2)",
                "INSERT INTO pricemath_bench.a16n SELECT ARRAY[" + ", ".join([PRICE_NUMERIC] * 16)
                + f"] FROM generate_series(1, {rows})",
            ],
            16 * rows),
        "idx": Table(
            "idx", f"{n3:,} rows of prices and quantities (numeric 2 decimals and float8)",
            [
                "CREATE TABLE pricemath_bench.idx (p0 numeric, p1 numeric, q0 numeric, "
                "p0f float8, p1f float8, q0f float8) WITH (autovacuum_enabled = off, parallel_workers = 2)",
                f"INSERT INTO pricemath_bench.idx SELECT p0, p1, q0, p0, p1, q0 FROM ("
                f"SELECT {PRICE_NUMERIC} AS p0, {PRICE_NUMERIC} AS p1, "
                f"(1 + floor(random() * 1000))::numeric AS q0 FROM generate_series(1, {n3})) s",
            ],
            n3, array_column=False),
        "w2": Table(
            "w2", f"1 row x numeric[{n2:,}], 2 decimals, STORAGE EXTERNAL",
            [
                "CREATE TABLE pricemath_bench.w2 (a numeric[]) WITH (autovacuum_enabled = off)",
                "ALTER TABLE pricemath_bench.w2 ALTER COLUMN a SET STORAGE EXTERNAL",
                f"INSERT INTO pricemath_bench.w2 SELECT array_agg({PRICE_NUMERIC}) FROM generate_series(1, {n2})",
            ],
            n2),
        "w3": Table(
            "w3", f"1 row x float8[{n3:,}], STORAGE EXTERNAL",
            [
                "CREATE TABLE pricemath_bench.w3 (a float8[]) WITH (autovacuum_enabled = off)",
                "ALTER TABLE pricemath_bench.w3 ALTER COLUMN a SET STORAGE EXTERNAL",
                f"INSERT INTO pricemath_bench.w3 SELECT array_agg({PRICE_FLOAT8}) FROM generate_series(1, {n3})",
            ],
            n3),
        "alloc": Table(
            "alloc", f"1 row x numeric[{n2:,}] weights, 2 decimals, STORAGE EXTERNAL",
            [
                "CREATE TABLE pricemath_bench.alloc (a numeric[]) WITH (autovacuum_enabled = off)",
                "ALTER TABLE pricemath_bench.alloc ALTER COLUMN a SET STORAGE EXTERNAL",
                f"INSERT INTO pricemath_bench.alloc SELECT array_agg({PRICE_NUMERIC}) "
                f"FROM generate_series(1, {n2})",
            ],
            n2),
        "tier": Table(
            "tier", f"{rows:,} rows of whole quantities 1..22026, log-uniform, and a "
                    f"{len(TIER_LO)}-tier table",
            [
                "CREATE TABLE pricemath_bench.tier (q numeric) WITH (autovacuum_enabled = off)",
                "INSERT INTO pricemath_bench.tier SELECT floor(exp(random() * 10))::numeric "
                f"FROM generate_series(1, {rows})",
            ],
            rows, array_column=False),
    }


# Peer functions written the way a user would, in schema pricemath_bench.
PEERS_SQL = [
    # tier-grad's tier table, as a user keeps it: one row per tier, hi NULL for the last
    "CREATE TABLE pricemath_bench.tiers (lo numeric PRIMARY KEY, hi numeric, price numeric)",
    "INSERT INTO pricemath_bench.tiers VALUES " + ", ".join(
        f"({lo}, {TIER_LO[i + 1] if i + 1 < len(TIER_LO) else 'NULL'}, {TIER_PRICE[i]})"
        for i, lo in enumerate(TIER_LO)),
    "ANALYZE pricemath_bench.tiers",
    """
CREATE FUNCTION pricemath_bench.plpgsql_tax_round(a numeric[], rate numeric, places int)
RETURNS numeric[] LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  x numeric;
  r numeric[] := '{}';
BEGIN
  FOREACH x IN ARRAY a LOOP
    r := array_append(r, round(x * rate, places));
  END LOOP;
  RETURN r;
END
$$""",
]

PEERS_PLPYTHON = [
    """
CREATE FUNCTION pricemath_bench.plpython_tax_round(a numeric[], rate numeric, places int)
RETURNS numeric[] LANGUAGE plpython3u IMMUTABLE STRICT AS $$
import numpy as np
arr = np.array(a, dtype=np.float64)
return np.round(arr * float(rate), places).tolist()
$$""",
]

NUM_MUL = "pricemath.mul(numeric[],numeric)"
NUM_ROUND = "pricemath.round(numeric[],integer,text)"
F8_MUL = "pricemath.mul(double precision[],double precision)"
F8_ROUND = "pricemath.round(double precision[],integer,text)"

FLOAT_ROUND_NOTE = (
    "the plain SQL peer rounds through PostgreSQL's float8 -> numeric cast, which keeps "
    "15 significant digits; pricemath rounds the shortest decimal PostgreSQL prints, so "
    "the two may differ where a product sits next to a half-way point")


NUMPY_NOTE = (
    "NumPy runs in this process on the array loaded into memory (pricemath's time includes "
    "detoasting); a NumPy run is the best of several back-to-back calls, after a warm-up run; "
    "'allocating' returns a fresh array per call (a * 1.0725, np.round(a * 1.0725, 2)), "
    "'in place' writes into one preallocated buffer (np.multiply(a, r, out=buf), then "
    "np.round(buf, 2, out=buf))")


def workloads():
    numeric_round = f"pricemath.round(pricemath.mul(a, {RATE}), 2, 'half_up')"
    sql_round = f"ARRAY(SELECT round(x * {RATE}, 2) FROM unnest(a) x)"
    f8_mul = f"pricemath.mul(a, {RATE}::float8)"
    f8_round = f"pricemath.round(pricemath.mul(a, {RATE}::float8), 2)"
    rate = float(RATE)
    return [
        Workload(
            "w1", "numeric[8] x 1M rows: round(mul(a, 1.0725), 2, 'half_up')", "w1",
            [
                Contender("pricemath", expr=numeric_round, pricemath=True,
                          requires=[NUM_MUL, NUM_ROUND]),
                Contender("plain SQL", expr=sql_round, target=faster(10), reference=True),
                Contender("PL/pgSQL", expr=f"pricemath_bench.plpgsql_tax_round(a, {RATE}, 2)",
                          target=faster(5)),
                Contender("PL/Python + NumPy", expr=f"pricemath_bench.plpython_tax_round(a, {RATE}, 2)",
                          target=faster(30), requires_ext="plpython3u"),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True, target=within(2.3)),
            ],
            check_sample="(SELECT a FROM pricemath_bench.w1 LIMIT 10000) s",
            note="PL/Python + NumPy computes in float64, as users of it do"),
        Workload(
            "w2", "numeric[1M] x 1 row, uncompressed: round(mul(a, 1.0725), 2, 'half_up')", "w2",
            [
                Contender("pricemath", expr=numeric_round, pricemath=True,
                          requires=[NUM_MUL, NUM_ROUND]),
                Contender("plain SQL", expr=sql_round, target=faster(6), reference=True),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True),
            ],
            check_sample="(SELECT a[1:100000] AS a FROM pricemath_bench.w2) s"),
        Workload(
            "w3-mul", "float8[10M] x 1 row, uncompressed: mul(a, 1.0725)", "w3",
            [
                Contender("pricemath", expr=f8_mul, pricemath=True, requires=[F8_MUL]),
                Contender("plain SQL", expr=f"ARRAY(SELECT x * {RATE}::float8 FROM unnest(a) x)",
                          target=faster(15), reference=True),
                Contender("NumPy, allocating, warm", kind="numpy", fn=lambda a: a * rate,
                          target=within(5)),
                Contender("NumPy, in place", kind="numpy", buffers=1,
                          fn=lambda a, buf: np.multiply(a, rate, out=buf)),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True),
            ],
            check_sample="(SELECT a[1:100000] AS a FROM pricemath_bench.w3) s",
            note=NUMPY_NOTE),
        Workload(
            "w3-round", "float8[10M] x 1 row, uncompressed: round(mul(a, 1.0725), 2)", "w3",
            [
                Contender("pricemath", expr=f8_round, pricemath=True,
                          requires=[F8_MUL, F8_ROUND]),
                Contender("plain SQL",
                          expr=f"ARRAY(SELECT round((x * {RATE}::float8)::numeric, 2)::float8 "
                               "FROM unnest(a) x)",
                          target=faster(15), reference=True),
                Contender("NumPy, allocating, warm", kind="numpy",
                          fn=lambda a: np.round(a * rate, 2), target=within(3)),
                Contender("NumPy, in place", kind="numpy", buffers=1,
                          fn=lambda a, buf: np.round(np.multiply(a, rate, out=buf), 2, out=buf)),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True, target=within(1.6)),
            ],
            check_sample="(SELECT a[1:100000] AS a FROM pricemath_bench.w3) s",
            exact=False, note=FLOAT_ROUND_NOTE + "; " + NUMPY_NOTE),
        Workload(
            "w3-round-only", "float8[10M] x 1 row, uncompressed: round(a, 2)", "w3",
            [
                Contender("pricemath", expr="pricemath.round(a, 2)", pricemath=True,
                          requires=[F8_ROUND]),
                Contender("plain SQL",
                          expr="ARRAY(SELECT round(x::numeric, 2)::float8 FROM unnest(a) x)",
                          target=faster(15), reference=True),
                Contender("NumPy, allocating, warm", kind="numpy",
                          fn=lambda a: np.round(a, 2), target=within(3)),
                Contender("NumPy, in place", kind="numpy", buffers=1,
                          fn=lambda a, buf: np.round(a, 2, out=buf)),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True, target=within(1.4)),
            ],
            check_sample="(SELECT a[1:100000] AS a FROM pricemath_bench.w3) s",
            exact=False, note=FLOAT_ROUND_NOTE + "; " + NUMPY_NOTE),
        Workload(
            "w4", "numeric[8] x 1M rows: the repricing expression (markup, convert, "
                  "apply_ending, limit_change)", "w1",
            [
                Contender("pricemath", expr=REPRICE_PM, pricemath=True, requires=REPRICE_REQUIRES),
                Contender("plain SQL", expr=REPRICE_SQL, target=faster(8), reference=True),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True),
            ],
            check_sample="(SELECT a FROM pricemath_bench.w1 LIMIT 10000) s",
            note="the plain SQL peer spells out the same rules: half-even rounding for convert, "
                 "the largest x.99 point below for the ending, and the +-10% cap rounded inward"),
    ] + LATER


# allocate (issue 15): the largest-remainder method in SQL, in units of 0.01:
# each share's units truncated (div, exact), the units left over one each to
# the largest remainders (mod, exact), ties to the lowest position.
ALLOC_PM = f"pricemath.allocate({ALLOC_TOTAL}, a, 2)"
ALLOC_SQL = (
    "ARRAY(SELECT (q + CASE WHEN rn <= t - sum(q) OVER () THEN 1 ELSE 0 END) * 0.01"
    " FROM (SELECT o, q, t, row_number() OVER (ORDER BY r DESC, o) AS rn"
    " FROM (SELECT o, t, div(t * x, ws) AS q, mod(t * x, ws) AS r"
    f" FROM (SELECT {ALLOC_TOTAL} * 100 AS t, sum(x) AS ws FROM unnest(a) x) s,"
    " unnest(a) WITH ORDINALITY u(x, o)) s1) s2 ORDER BY o)")


# tier_total, graduated (issue 15), and two plain SQL peers: a CASE over the
# tiers written into the query (the planner folds each tier's constant part),
# and a correlated subquery over the tier table, as a LATERAL join would be.
TIER_THRESHOLDS = "'{" + ",".join(TIER_LO) + "}'::numeric[]"
TIER_PRICES = "'{" + ",".join(TIER_PRICE) + "}'::numeric[]"
TIER_PM = f"pricemath.tier_total(q, {TIER_THRESHOLDS}, {TIER_PRICES}, 'graduated')"


def tier_case_sql():
    whens, base = [], []
    for i, lo in enumerate(TIER_LO):
        part = " + ".join(base + [f"(q - {lo}) * {TIER_PRICE[i]}" if i else f"q * {TIER_PRICE[i]}"])
        if i + 1 < len(TIER_LO):
            whens.append(f"WHEN q <= {TIER_LO[i + 1]} THEN {part}")
            base.append(f"({TIER_LO[i + 1]} - {lo}) * {TIER_PRICE[i]}")
        else:
            whens.append(f"ELSE {part}")
    return "CASE " + " ".join(whens) + " END"


TIER_JOIN_SQL = ("(SELECT sum((least(q, t.hi) - t.lo) * t.price) FROM pricemath_bench.tiers t "
                 "WHERE t.lo <= q)")


def new_workloads():
    return [
        Workload(
            "allocate", f"numeric[1M] weights x 1 row, uncompressed: allocate({ALLOC_TOTAL}, a, 2)",
            "alloc",
            [
                Contender("pricemath", expr=ALLOC_PM, pricemath=True,
                          requires=["pricemath.allocate(numeric,numeric[],integer)"]),
                Contender("plain SQL, window functions", expr=ALLOC_SQL, target=faster(5),
                          reference=True),
                Contender("floor: sum(cardinality(a))", expr="a", floor=True),
            ],
            check_sample="(SELECT a FROM pricemath_bench.alloc) s",
            note="the plain SQL peer is the largest-remainder method over unnest ... WITH "
                 "ORDINALITY: div and mod for each share's units and remainder, row_number() "
                 "over the remainders (ties by position) for the units left over; it is checked "
                 "equal to pricemath on the whole array"),
        Workload(
            "tier-grad", "numeric x 1M rows: tier_total(q, <5 tiers>, 'graduated')", "tier",
            [
                Contender("pricemath", expr=TIER_PM, pricemath=True,
                          requires=["pricemath.tier_total(numeric,numeric[],numeric[],text)"]),
                Contender("plain SQL, CASE", expr=tier_case_sql(), target=faster(5),
                          reference=True),
                Contender("plain SQL, tier table", expr=TIER_JOIN_SQL, target=faster(5)),
                Contender("floor: sum(q)", expr="q", floor=True),
            ],
            query="SELECT sum({expr}) FROM pricemath_bench.{table}", count_elements=False,
            check_sample="(SELECT q FROM pricemath_bench.tier LIMIT 100000) s", check_by="rows",
            note="tiers {" + ",".join(TIER_LO) + "} at {" + ",".join(TIER_PRICE) + "}; the "
                 "statement sums the totals; 'tier table' reads the tiers from a table "
                 "(lo, hi, price) in a correlated subquery per row"),
    ]


# The repricing expression, and the same rules in plain SQL over unnest.
REPRICE_PM = ("pricemath.limit_change(a, pricemath.apply_ending(pricemath.convert("
              "pricemath.markup(a, 0.35), 1.0831, 2), 1, 0.99, 'down'), 0.10, 0.10, 2)")
REPRICE_SQL = (
    "ARRAY(SELECT greatest(least(e, trunc(x * 1.10, 2)),"
    " trunc(x * 0.90, 2) + CASE WHEN x * 0.90 > trunc(x * 0.90, 2) THEN 0.01 ELSE 0 END)"
    " FROM (SELECT x, greatest(floor(c - 0.99), 0) + 0.99 AS e"
    " FROM (SELECT x, CASE WHEN (y * 100) % 1 = 0.5 AND trunc(y * 100) % 2 = 0"
    " THEN trunc(y, 2) ELSE round(y, 2) END AS c"
    " FROM (SELECT x, x * (1 + 0.35) * 1.0831 AS y FROM unnest(a) x) s1) s2) s3)")
REPRICE_REQUIRES = [
    "pricemath.limit_change(numeric[],numeric[],numeric,numeric,integer)",
    "pricemath.apply_ending(numeric[],numeric,numeric,text)",
    "pricemath.convert(numeric[],numeric,integer,text)",
    "pricemath.markup(numeric[],numeric)",
]


# ---------------------------------------------------------------------------
# Aggregates (issue 5).  Timed statements return one value per run; results are
# checked by the regress, TAP and oracle tests rather than sampled here.
# ---------------------------------------------------------------------------
PARALLEL2 = (("max_parallel_workers_per_gather", "2"), ("parallel_setup_cost", "0"),
             ("parallel_tuple_cost", "0"), ("min_parallel_table_scan_size", "0"))
F8_VEC_SUM = "pricemath.vec_sum(double precision[])"
F8_VEC_AVG = "pricemath.vec_avg(double precision[])"
NUM_VEC_SUM = "pricemath.vec_sum(numeric[])"
NUM_LASPEYRES = "pricemath.laspeyres(numeric,numeric,numeric)"
F8_LASPEYRES = "pricemath.laspeyres(double precision,double precision,double precision)"
NUM_WAVG = "pricemath.weighted_avg(numeric,numeric)"


def vec_workload(key, title, table, fn, sqlfn, requires, target):
    unnest = ("SELECT count(*) FROM (SELECT o, " + sqlfn + "(x) FROM pricemath_bench.{table}, "
              "unnest(a) WITH ORDINALITY u(x, o) GROUP BY o) s")
    return Workload(
        key, title, table,
        [
            Contender("pricemath", expr=f"cardinality(pricemath.{fn}(a))", pricemath=True,
                      requires=requires),
            Contender("pricemath, 2 workers", expr=f"cardinality(pricemath.{fn}(a))",
                      requires=requires, settings=PARALLEL2),
            Contender("SQL unnest/GROUP BY ordinality", query=unnest, target=target),
            Contender("SQL unnest, 2 workers", query=unnest, settings=PARALLEL2),
            Contender("floor: sum(cardinality(a))", expr="sum(cardinality(a))", floor=True),
        ],
        query="SELECT {expr} FROM pricemath_bench.{table}", count_elements=False,
        note="'2 workers' contenders run with max_parallel_workers_per_gather = 2 and zero "
             "parallel costs; the others serially")


def scalar_workload(key, title, table, pm_expr, sql_expr, requires, target, floor_expr,
                    parallel_target=None):
    q = "SELECT {expr} FROM pricemath_bench.{table}"
    return Workload(
        key, title, table,
        [
            Contender("pricemath", expr=pm_expr, pricemath=True, requires=requires),
            Contender("plain SQL", expr=sql_expr, target=target),
            Contender("pricemath, 2 workers", expr=pm_expr, requires=requires, settings=PARALLEL2),
            Contender("plain SQL, 2 workers", expr=sql_expr, settings=PARALLEL2,
                      target=parallel_target),
            # reading the argument columns and nothing else: no aggregate can be cheaper
            Contender("floor: " + floor_expr, expr=floor_expr, floor=True),
        ],
        query=q, count_elements=False,
        note="ratios are against serial pricemath; compare the two '2 workers' rows for the "
             "parallel ratio")


AGGREGATES = [
    vec_workload("agg-f8-sum", "float8[16] x rows: vec_sum(a)", "a16f", "vec_sum", "sum",
                 [F8_VEC_SUM], faster(10)),
    vec_workload("agg-f8-avg", "float8[16] x rows: vec_avg(a)", "a16f", "vec_avg", "avg",
                 [F8_VEC_AVG], faster(10)),
    vec_workload("agg-num-sum", "numeric[16] x rows, 2 decimals: vec_sum(a)", "a16n", "vec_sum",
                 "sum", [NUM_VEC_SUM], faster(20)),
    scalar_workload("agg-las-num", "numeric rows x 10: laspeyres(p0, p1, q0)", "idx",
                    "pricemath.laspeyres(p0, p1, q0)", "(sum(p1 * q0) / sum(p0 * q0))::float8",
                    [NUM_LASPEYRES], faster(2.5), "count(p0), count(p1), count(q0)"),
    scalar_workload("agg-las-f8", "float8 rows x 10: laspeyres(p0, p1, q0)", "idx",
                    "pricemath.laspeyres(p0f, p1f, q0f)", "sum(p1f * q0f) / sum(p0f * q0f)",
                    [F8_LASPEYRES], faster(1), "count(p0f), count(p1f), count(q0f)"),
    scalar_workload("agg-wavg", "numeric rows x 10: weighted_avg(v, w)", "idx",
                    "pricemath.weighted_avg(p1, q0)", "sum(p1 * q0) / sum(q0)",
                    [NUM_WAVG], faster(2.5), "count(p1), count(q0)"),
]
LATER = AGGREGATES + new_workloads()
