#!/usr/bin/python3
# Measures for test/t/010_cancel.pl how fast a statement_timeout cancels every
# array function, aggregate and window function of pricemath, and whether
# backend memory stays flat over many cancelled calls.  Prints one JSON
# object; the TAP test makes the assertions.
#
#   cancel_driver.py CONNINFO BIG_TABLE SMALL_TABLE ROWS_TABLE
#
# Environment: PM_CANCEL_BASELINE_RUNS (default 1) baseline runs per case, the
# median taken; PM_CANCEL_MEM_CALLS (default 1000) cancelled calls in the
# memory phase; PM_CANCEL_MEM_TIMEOUT (default 10ms) its statement_timeout.
import json
import os
import statistics
import sys
import time

import psycopg

# Every array function (by regprocedure) and its call.  {t} is the input
# table: f1, f2 float8[] of one length (prices 1 to 999.99, weights 1 to
# 99.99), n1, n2 numeric[] of another (prices 1 to 999.99, rates 0.01 to
# 0.99), lad the ladder 0, 1, 2, ..., upto 1, 2, 3, ..., ones all 1 and ends all 0.25 (steps and
# endings of that ladder), zeros all 0.  Scalar functions that take a ladder
# get the long ladder; {q} is a quantity in its last tier.
LADDER = "'{0,10,100}'::numeric[], '{1,5,10}'::numeric[], '{0.99,0.95,0.9}'::numeric[]"
ARRAY_CASES = {
    "add(numeric[],numeric[])": "add(n1, n2)",
    "add(numeric[],numeric)": "add(n1, 1.25)",
    "add(numeric[],smallint)": "add(n1, 2::smallint)",
    "add(numeric[],integer)": "add(n1, 2::integer)",
    "add(numeric[],bigint)": "add(n1, 2::bigint)",
    "add(double precision[],double precision[])": "add(f1, f2)",
    "add(double precision[],double precision)": "add(f1, 1.25::float8)",
    "sub(numeric[],numeric[])": "sub(n1, n2)",
    "sub(numeric[],numeric)": "sub(n1, 1.25)",
    "sub(numeric[],smallint)": "sub(n1, 2::smallint)",
    "sub(numeric[],integer)": "sub(n1, 2::integer)",
    "sub(numeric[],bigint)": "sub(n1, 2::bigint)",
    "sub(double precision[],double precision[])": "sub(f1, f2)",
    "sub(double precision[],double precision)": "sub(f1, 1.25::float8)",
    "mul(numeric[],numeric[])": "mul(n1, n2)",
    "mul(numeric[],numeric)": "mul(n1, 1.07)",
    "mul(numeric[],smallint)": "mul(n1, 3::smallint)",
    "mul(numeric[],integer)": "mul(n1, 3::integer)",
    "mul(numeric[],bigint)": "mul(n1, 3::bigint)",
    "mul(double precision[],double precision[])": "mul(f1, f2)",
    "mul(double precision[],double precision)": "mul(f1, 1.07::float8)",
    # These raise 42883 at once, whatever the input: numeric division needs places.
    "div(numeric[],numeric[])": ("div(n1, n2)", "42883"),
    "div(numeric[],numeric)": ("div(n1, 3.0)", "42883"),
    "div(numeric[],smallint)": ("div(n1, 3::smallint)", "42883"),
    "div(numeric[],integer)": ("div(n1, 3::integer)", "42883"),
    "div(numeric[],bigint)": ("div(n1, 3::bigint)", "42883"),
    "div(numeric[],numeric[],integer,text)": "div(n1, n2, 2, 'half_even')",
    "div(numeric[],numeric,integer,text)": "div(n1, 3.0, 2, 'half_even')",
    "div(double precision[],double precision[])": "div(f1, f2)",
    "div(double precision[],double precision)": "div(f1, 3::float8)",
    "array_sum(numeric[])": "array_sum(n1)",
    "array_min(numeric[])": "array_min(n1)",
    "array_max(numeric[])": "array_max(n1)",
    "array_avg(numeric[])": "array_avg(n1)",
    "array_sum(double precision[])": "array_sum(f1)",
    "array_min(double precision[])": "array_min(f1)",
    "array_max(double precision[])": "array_max(f1)",
    "array_avg(double precision[])": "array_avg(f1)",
    "weighted_avg(numeric[],numeric[])": "weighted_avg(n1, n2)",
    "weighted_avg(double precision[],double precision[])": "weighted_avg(f1, f2)",
    "round(numeric[],integer,text)": "round(n1, 1, 'half_even')",
    "round(double precision[],integer,text)": "round(f1, 1, 'half_even')",
    "mul_round(numeric[],numeric,integer,text)": "mul_round(n1, 1.07, 2, 'half_even')",
    "mul_round(numeric[],numeric[],integer,text)": "mul_round(n1, n2, 2, 'half_even')",
    # the planner's float8 forms, reached as users reach them: round(mul())
    "pricemath_internal.mul_round(double precision[],double precision,integer,text)":
        "round(pricemath.mul(f1, 1.07::float8), 2, 'half_even')",
    "pricemath_internal.mul_round(double precision[],double precision[],integer,text)":
        "round(pricemath.mul(f1, f2), 2, 'half_even')",
    "round_to(numeric[],numeric,text)": "round_to(n1, 0.05, 'half_even')",
    "round_to(double precision[],numeric,text)": "round_to(f1, 0.05, 'half_even')",
    "markup(numeric[],numeric)": "markup(n1, 0.25)",
    "markup(numeric[],numeric[])": "markup(n1, n2)",
    "discount(numeric[],numeric)": "discount(n1, 0.25)",
    "discount(numeric[],numeric[])": "discount(n1, n2)",
    "add_tax(numeric[],numeric)": "add_tax(n1, 0.2)",
    "add_tax(numeric[],numeric[])": "add_tax(n1, n2)",
    "remove_tax(numeric[],numeric,integer,text)": "remove_tax(n1, 0.2, 2, 'half_even')",
    "margin_price(numeric[],numeric,integer,text)": "margin_price(n1, 0.25, 2, 'half_even')",
    "margin_of(numeric[],numeric[],integer,text)": "margin_of(n1, n2, 2, 'half_even')",
    "convert(numeric[],numeric,integer,text)": "convert(n1, 1.1, 2, 'half_even')",
    "convert(numeric[],numeric,text,text)": "convert(n1, 1.1, 'EUR', 'half_even')",
    "convert(numeric[],numeric[],integer,text)": "convert(n1, n2, 2, 'half_even')",
    "convert(numeric[],numeric[],text,text)": "convert(n1, n2, 'EUR', 'half_even')",
    "apply_ending(numeric[],numeric,numeric,text)": "apply_ending(n1, 1, 0.99, 'nearest')",
    "apply_ladder(numeric[],numeric[],numeric[],numeric[],text)": f"apply_ladder(n1, {LADDER}, 'nearest')",
    "apply_ladder(numeric,numeric[],numeric[],numeric[],text)": "apply_ladder({q}, lad, ones, ends, 'nearest')",
    "clamp(numeric[],numeric,numeric)": "clamp(n1, 5, 500)",
    "clamp(numeric[],numeric[],numeric[])": "clamp(n1, n2, n1)",
    "clamp(numeric[],numeric[],numeric)": "clamp(n1, n2, 500)",
    "clamp(numeric[],numeric,numeric[])": "clamp(n1, 0, n1)",
    "limit_change(numeric[],numeric[],numeric,numeric,integer)": "limit_change(n1, n1, 0.1, 0.1, 2)",
    "limit_change(numeric[],numeric[],numeric,numeric,integer,numeric,numeric,text)":
        "limit_change(n1, n1, 0.1, 0.1, 2, 1, 0.99, 'nearest')",
    "limit_change(numeric[],numeric[],numeric,numeric,integer,numeric[],numeric[],numeric[],text)":
        f"limit_change(n1, n1, 0.1, 0.1, 2, {LADDER}, 'nearest')",
    "limit_change(numeric,numeric,numeric,numeric,integer,numeric[],numeric[],numeric[],text)":
        "limit_change({q}, {q} + 1, 0.1, 0.1, 2, lad, ones, ends, 'nearest')",
    "guard_report(numeric[],numeric[],numeric[])": "guard_report(n1, n1, n1)",
    "guard_report(numeric[],numeric[],numeric[],integer,numeric,numeric,text)":
        "guard_report(n1, n1, n1, 2, 1, 0.25, 'nearest')",
    "guard_report(numeric[],numeric[],numeric[],integer,numeric[],numeric[],numeric[],text)":
        f"guard_report(n1, n1, n1, 2, {LADDER}, 'nearest')",
    "guard_report(numeric,numeric,numeric,integer,numeric[],numeric[],numeric[],text)":
        "guard_report({q}, {q}, {q}, 2, lad, ones, ends, 'nearest')",
    "allocate(numeric,numeric[],integer)": "allocate(1000000, n2, 2)",
    "allocate(numeric,double precision[],integer)": "allocate(1000000, f2, 2)",
    "tier_price(numeric,numeric[],numeric[])": "tier_price({q}, lad, ones)",
    "tier_total(numeric,numeric[],numeric[],text)": "tier_total({q}, lad, ones, 'graduated')",
    "billing_tier(numeric,numeric[])": "billing_tier({q}, upto)",
    "billing_price(numeric,numeric[],numeric[])": "billing_price({q}, upto, ones)",
    "billing_total(numeric,numeric[],numeric[],text)": "billing_total({q}, upto, ones, 'graduated')",
    "billing_total(numeric,numeric[],numeric[],text,numeric[])":
        "billing_total({q}, upto, ones, 'graduated', ends)",
    "discount_stack(numeric[],numeric[],integer,text)": "discount_stack(n1, '{0.1,0.05}', 2, 'half_even')",
    "discount_stack(numeric,numeric[],integer,text)": "discount_stack(9.99, zeros, 2, 'half_even')",
}
# The validation family: four functions, each over float8[] and over numeric[]
# with numeric, smallint, integer, bigint and float8 bounds.
for fn in ("is_price_array", "check_price_array", "price_array_violation", "assert_price_array"):
    ARRAY_CASES[f"{fn}(double precision[],double precision,double precision,integer,boolean)"] = \
        f"{fn}(f1, 0::float8, 10000::float8, 2, false)"
    ARRAY_CASES[f"{fn}(numeric[],double precision,double precision,integer,boolean)"] = \
        f"{fn}(n1, 0::float8, 10000::float8, 2, false)"
    for t in ("numeric", "smallint", "integer", "bigint"):
        ARRAY_CASES[f"{fn}(numeric[],{t},numeric,integer,boolean)"] = f"{fn}(n1, 0::{t}, 10000, 2, false)"

# Every aggregate and window function, over the rows table: x and y of each
# type (smallint, integer, bigint, numeric, float8) hold positive prices,
# va and vf short numeric[] and float8[] rows.
TYPES = {"smallint": "2", "integer": "4", "bigint": "8", "numeric": "n", "double precision": "f"}
AGG_CASES = {
    "vec_sum(numeric[])": "vec_sum(va)", "vec_avg(numeric[])": "vec_avg(va)",
    "vec_min(numeric[])": "vec_min(va)", "vec_max(numeric[])": "vec_max(va)",
    "vec_sum(double precision[])": "vec_sum(vf)", "vec_avg(double precision[])": "vec_avg(vf)",
    "vec_min(double precision[])": "vec_min(vf)", "vec_max(double precision[])": "vec_max(vf)",
    "allocate_share(numeric,numeric,integer)": "allocate_share(1000000, xn, 2) OVER ()",
}
for t, s in TYPES.items():
    for fn in ("carli", "dutot", "jevons", "weighted_avg"):
        AGG_CASES[f"{fn}({t},{t})"] = f"{fn}(x{s}, y{s})"
    for fn in ("laspeyres", "paasche"):
        AGG_CASES[f"{fn}({t},{t},{t})"] = f"{fn}(x{s}, y{s}, y{s})"
    for fn in ("fisher", "tornqvist"):
        AGG_CASES[f"{fn}({t},{t},{t},{t})"] = f"{fn}(x{s}, y{s}, y{s}, x{s})"

CATALOG = """
SELECT p.prokind, regexp_replace(p.oid::regprocedure::text, '^pricemath\\.', '')
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pricemath'
WHERE p.prokind IN ('a', 'w')
   OR (p.prokind = 'f'
       AND (p.proargtypes::oid[] && ARRAY['float8[]'::regtype, 'numeric[]'::regtype]::oid[]
            OR p.prorettype IN ('float8[]'::regtype, 'numeric[]'::regtype))
       AND NOT EXISTS (SELECT FROM pg_aggregate a
                       WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                       a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn)))
ORDER BY 2
"""

BIG_COLS = ("f1", "f2", "n1", "n2", "lad", "upto", "ones", "ends", "zeros")


def case(sig):
    """(the call, the SQLSTATE it ends with) of an array function's case."""
    c = ARRAY_CASES[sig]
    return c if isinstance(c, tuple) else (c, "57014")


def big_columns(expr):
    """The input table's array columns an expression reads."""
    import re
    return [c for c in BIG_COLS if re.search(rf"\b{c}\b", expr)]


def timed(conn, sql):
    """(seconds, SQLSTATE or None, message) of one statement, as the client sees it."""
    t0 = time.perf_counter()
    try:
        conn.execute(sql).fetchall()
    except psycopg.Error as e:
        return time.perf_counter() - t0, e.sqlstate or "?", (str(e).strip().splitlines() or [""])[0]
    return time.perf_counter() - t0, None, None


def backend_memory(conn, pid):
    """The backend's memory: the sum of its memory contexts' total_bytes, and
    from /proc VmRSS and RssAnon in kB.  RssAnon leaves out the shared buffers
    the backend touches (RssShmem), which grow VmRSS as scans reach new ones."""
    conn.execute("SET statement_timeout = 0")
    m = {"ctx": conn.execute("SELECT sum(total_bytes)::bigint FROM pg_backend_memory_contexts").fetchone()[0]}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "RssAnon"):
                m[key] = int(line.split()[1])
    return m


def main():
    conninfo, big, small, rows = sys.argv[1:5]
    baseline_runs = int(os.environ.get("PM_CANCEL_BASELINE_RUNS", "1"))
    mem_calls = int(os.environ.get("PM_CANCEL_MEM_CALLS", "1000"))
    mem_timeout = os.environ.get("PM_CANCEL_MEM_TIMEOUT", "10ms")
    out = {}

    # Baselines run on a connection of their own without a timeout; the cases
    # on one with statement_timeout = 100ms.
    base = psycopg.connect(conninfo, autocommit=True, prepare_threshold=None)
    conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=None)
    for c in (base, conn):
        c.execute("SET max_parallel_workers_per_gather = 0")
        c.execute("SELECT pricemath.version()")

    catalog = base.execute(CATALOG).fetchall()
    names = {sig for _, sig in catalog}
    cases = {**ARRAY_CASES, **AGG_CASES}
    out["catalog"] = {
        "array_functions": sum(1 for k, _ in catalog if k == "f"),
        "aggregates": sum(1 for k, _ in catalog if k in ("a", "w")),
        "missing": sorted(names - cases.keys()),
        "stale": sorted(cases.keys() - names),
    }
    q = {t: base.execute(f"SELECT cardinality(lad) - 0.5 FROM {t}").fetchone()[0] for t in (big, small)}

    def array_sql(sig, t):
        expr = case(sig)[0].replace("{q}", str(q[t]))
        # IS NULL keeps a finished result from crossing the wire; the call runs whole.
        return f"SELECT pricemath.{expr} IS NULL FROM {t}"

    def agg_sql(sig):
        return f"SELECT pricemath.{AGG_CASES[sig]} IS NULL FROM {rows}"

    # The cases' backend reads the big inputs once, untimed, as the baseline's
    # backend does before its first baseline: a backend's first pass over
    # them (the toast table's first reads, a fresh process's first page
    # faults) is not pricemath's, and it would fall on whichever case runs
    # first.
    conn.execute(f"SELECT {' + '.join(f'cardinality({c})' for c in BIG_COLS)} FROM {big}").fetchall()
    conn.execute("SET statement_timeout = '100ms'")
    results = []
    for sig in sorted(ARRAY_CASES):
        if sig not in names:
            continue
        expr, expect = case(sig)
        cols = big_columns(expr)
        # What the statement costs besides pricemath: parse, plan, the scan
        # of one row and detoasting the same columns, which never checks for
        # interrupts.
        bsql = f"SELECT {' + '.join(f'cardinality({c})' for c in cols)} FROM {big}"
        bs = [timed(base, bsql)[0] for _ in range(baseline_runs)]
        t, state, msg = timed(conn, array_sql(sig, big))
        results.append({"sig": sig, "kind": "array", "class": "float8[]" if "double precision[]" in sig
                        else "numeric[]", "t": t, "b": statistics.median(bs), "state": state,
                        "message": msg, "expect": expect})
    for sig in sorted(AGG_CASES):
        if sig not in names:
            continue
        t, state, msg = timed(conn, agg_sql(sig))
        results.append({"sig": sig, "kind": "aggregate", "class": "aggregate", "t": t, "b": 0.0,
                        "state": state, "message": msg, "expect": "57014"})
    out["cases"] = results

    # Memory: calls of every case on the small table and the rows table in
    # one session with a short timeout, round-robin, until mem_calls of them
    # were cancelled.  One round first warms the caches; then the backend's
    # memory is sampled every tenth of the way.
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    stmts = [array_sql(s, small) for s in sorted(ARRAY_CASES) if s in names and case(s)[1] == "57014"] + \
            [agg_sql(s) for s in sorted(AGG_CASES) if s in names]
    conn.execute(f"SET statement_timeout = '{mem_timeout}'")
    warm = {"cancelled": 0, "finished": 0}
    for s in stmts + stmts:
        _, state, _ = timed(conn, s)
        warm["cancelled" if state == "57014" else "finished"] += 1
    samples = []
    cancelled = finished = 0
    other = []
    t0 = time.perf_counter()
    samples.append({"cancelled": 0, **backend_memory(conn, pid)})
    conn.execute(f"SET statement_timeout = '{mem_timeout}'")
    i = 0
    while cancelled < mem_calls and i < 20 * mem_calls:
        _, state, msg = timed(conn, stmts[i % len(stmts)])
        i += 1
        if state == "57014":
            cancelled += 1
            if cancelled % (mem_calls // 10 or 1) == 0:
                samples.append({"cancelled": cancelled, **backend_memory(conn, pid)})
                conn.execute(f"SET statement_timeout = '{mem_timeout}'")
        elif state is None:
            finished += 1
        else:
            other.append(f"{state} {msg}: {stmts[(i - 1) % len(stmts)]}")
    out["memory"] = {"warmup": warm, "cancelled": cancelled, "finished": finished, "other": other[:5],
                     "seconds": time.perf_counter() - t0, "samples": samples, "timeout": mem_timeout}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
