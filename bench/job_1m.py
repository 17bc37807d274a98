#!/usr/bin/python3
# pricemath benchmarks, job-1m: the demo's catalog_reprice job (demo/job.sql)
# over 1,000,000 products with 8 tiers each (demo/data.sql), end to end and
# per stage, against the same job without pricemath (bench/job_1m_plain.sql:
# plain SQL over unnest with round() and CASE, in one PL/pgSQL procedure),
# and against the job's own statements run bare, without the runner.  Every
# contender must leave the same catalog.  Needs PG* in the environment: make
# bench runs it on a throwaway cluster of its own
# (test/pg/cluster run -- bench/job_1m.py).
#
# Environment: BENCH_JOB1M_ROWS (default 1000000) products; BENCH_JOB1M_RUNS
# (default 3) timed runs per contender, interleaved, each from the same
# restored catalog; BENCH_STRICT=1 exits 1 when the target is missed.
# BENCH_ONLY skips this script unless it names job-1m.
import datetime
import importlib.machinery
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time

import psycopg

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_loader = importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run"))
_spec = importlib.util.spec_from_loader("bench_run", _loader)
br = importlib.util.module_from_spec(_spec)
_loader.exec_module(br)
log = br.log

TARGET = 4.0          # plain PL/pgSQL time / run_job time, end to end
JOB = "catalog_reprice"
# The quotes the generator writes are 10 minutes old; a long benchmark must
# not make them stale halfway (the fallback is the demo's business).
PARAMS = {"fx_max_age": "12 hours"}
STAGES = ["validate", "fx_fresh", "plan", "large_moves", "index_move", "publish"]


def psql_file(path, **variables):
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for k, v in variables.items():
        cmd += ["-v", f"{k}={v}"]
    subprocess.run(cmd + ["-f", path], check=True, stdout=subprocess.DEVNULL)


def one(conn, sql, params=None):
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def restore(conn):
    """Every run starts from the same catalog, an empty ledger of changes and a checkpoint."""
    conn.execute("TRUNCATE catalog, catalog_rejects, fx_used, plain_history, pricemath.job_change")
    conn.execute("INSERT INTO catalog SELECT * FROM catalog_orig")
    for t in ("catalog", "catalog_rejects", "fx_used", "plain_history", "pricemath.job_change"):
        conn.execute(f"VACUUM (ANALYZE) {t}")
    conn.execute("CHECKPOINT")


def bare_statements(conn):
    """The job's stages as plain statements: parameters and the run id as literals,
    checks as queries, the apply stage as the UPDATE it stands for (no history)."""
    params = dict(one(conn, "SELECT params FROM pricemath.job WHERE name = %s", (JOB,)), **PARAMS)

    def literal(m):
        return "'" + str(params[m.group(1)]).replace("'", "''") + "'"

    out = []
    for name, kind, sql, target, key, value in conn.execute(
            "SELECT name, kind, sql, target::text, key_column, value_column FROM pricemath.job_stage "
            "WHERE job = %s ORDER BY position", (JOB,)):
        sql = re.sub(r"pricemath\.job_param\('(\w+)'\)", literal, sql)
        sql = sql.replace("pricemath.current_run_id()", "0")
        if kind == "apply":
            sql = (f"UPDATE {target} t SET {value} = s.v FROM ({sql.strip()}) s(k, v) "
                   f"WHERE t.{key} = s.k AND t.{value} IS DISTINCT FROM s.v")
        out.append((name, kind, sql))
    return out


def run_job(conn, keep_history):
    conn.execute("UPDATE pricemath.job_stage SET keep_history = %s WHERE job = %s AND kind = 'apply'",
                 (keep_history, JOB))
    started = time.perf_counter()
    run_id = one(conn, f"CALL pricemath.run_job('{JOB}', %s)", (psycopg.types.json.Jsonb(PARAMS),))
    elapsed = time.perf_counter() - started
    status = one(conn, "SELECT status FROM pricemath.job_run WHERE id = %s", (run_id,))
    if status != "succeeded":
        raise RuntimeError(f"run {run_id} {status}")
    stages = {n: d.total_seconds() for n, d in conn.execute(
        "SELECT name, duration FROM pricemath.job_stage_run WHERE run_id = %s", (run_id,))}
    return elapsed, stages


def run_bare(conn, statements):
    stages = {}
    started = time.perf_counter()
    with conn.transaction():
        for name, kind, sql in statements:
            t = time.perf_counter()
            cur = conn.execute(sql)
            if kind == "check":
                ok = cur.fetchone()[0]
                if not ok and name == "index_move":
                    raise RuntimeError(f"bare: check {name} failed")
            stages[name] = time.perf_counter() - t
    return time.perf_counter() - started, stages


def run_plain(conn, keep_history):
    started = time.perf_counter()
    conn.execute("CALL catalog_reprice_plain(fx_max_age => %s, keep_history => %s)",
                 (PARAMS["fx_max_age"], keep_history))
    elapsed = time.perf_counter() - started
    stages = {n: ms / 1000 for n, ms in conn.execute("SELECT stage, ms FROM plain_timing")}
    return elapsed, stages


def main():
    only = os.environ.get("BENCH_ONLY", "")
    if only and "job-1m" not in only.split(","):
        log("bench/job_1m.py: skipped (BENCH_ONLY does not name job-1m)")
        return
    rows = br.env_int("BENCH_JOB1M_ROWS", 1_000_000)
    runs = br.env_int("BENCH_JOB1M_RUNS", 3)
    strict = os.environ.get("BENCH_STRICT", "") not in ("", "0")
    started = time.perf_counter()

    conn = psycopg.connect("", autocommit=True, prepare_threshold=None)
    reason = br.try_extension(conn, "pricemath")
    if reason:
        sys.exit(f"bench: {reason}")
    for name, value in br.SESSION:
        conn.execute(f"SET {name} = {value}")
    pm_version = one(conn, "SELECT pricemath.version()")
    server_version = one(conn, "SHOW server_version")
    shared_buffers = one(conn, "SHOW shared_buffers")
    work_mem = one(conn, "SHOW work_mem")

    log(f"[job-1m] generating {rows:,} products x 8 tiers (demo/data.sql)")
    t = time.perf_counter()
    psql_file(os.path.join(ROOT, "demo", "data.sql"), products=rows, min_tiers=8, max_tiers=8)
    conn.execute("DELETE FROM pricemath.job WHERE name = %s", (JOB,))
    psql_file(os.path.join(ROOT, "demo", "job.sql"))
    psql_file(os.path.join(HERE, "job_1m_plain.sql"))
    # Budgets for a catalog ten times the demo's.
    conn.execute("UPDATE pricemath.job SET timeout = '1 hour' WHERE name = %s", (JOB,))
    conn.execute("UPDATE pricemath.job_stage SET timeout = '30 minutes' WHERE job = %s", (JOB,))
    conn.execute("CREATE TABLE catalog_orig AS SELECT * FROM catalog")
    size = one(conn, "SELECT pg_size_pretty(pg_total_relation_size('catalog'))")
    log(f"[job-1m] catalog {size}, loaded in {time.perf_counter() - t:.0f} s")
    statements = bare_statements(conn)

    contenders = [
        ("pricemath: run_job, publish with history", lambda: run_job(conn, True)),
        ("pricemath: run_job, publish keep_history = false", lambda: run_job(conn, False)),
        ("pricemath: the job's statements bare, one transaction, no history", lambda: run_bare(conn, statements)),
        ("plain SQL: PL/pgSQL procedure, with history", lambda: run_plain(conn, True)),
        ("plain SQL: PL/pgSQL procedure, no history", lambda: run_plain(conn, False)),
    ]
    times = {name: [] for name, _ in contenders}
    stage_times = {name: {s: [] for s in STAGES} for name, _ in contenders}
    checksums = {}
    for i in range(runs):
        for name, fn in contenders:
            restore(conn)
            elapsed, stages = fn()
            times[name].append(elapsed)
            for s in STAGES:
                stage_times[name][s].append(stages[s])
            checksums.setdefault(one(conn, "SELECT checksum FROM catalog_checksum"), []).append(name)
            log(f"[job-1m] run {i + 1}/{runs}: {name}: {elapsed:.2f} s")
    if len(checksums) != 1:
        raise RuntimeError(f"the contenders left different catalogs: {checksums}")
    changed = one(conn, "SELECT count(*) FROM catalog c JOIN catalog_orig o USING (sku) WHERE c.prices <> o.prices")
    conn.execute("DROP TABLE catalog_orig")
    conn.close()

    med = {name: statistics.median(t) for name, t in times.items()}
    names = [n for n, _ in contenders]
    base = med[names[0]]
    ratio = med[names[3]] / med[names[0]]
    ratio_nohist = med[names[4]] / med[names[1]]
    verdict = "PASS" if ratio >= TARGET else "MISS"

    def ms(x):
        return f"{x * 1000:,.0f}"

    facts = br.machine_facts()
    out = [
        "# pricemath benchmarks: job-1m",
        "",
        f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; "
        f"commit {br.git_commit()}; pricemath {pm_version}",
        f"- machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['memory']} memory, "
        f"Linux {facts['kernel']}; PostgreSQL {server_version}, shared_buffers {shared_buffers}, "
        f"work_mem {work_mem}",
        f"- data: demo/data.sql with {rows:,} products x 8 tiers (catalog {size}), the job of demo/job.sql "
        f"with params {PARAMS}; every run starts from the same restored catalog and changes "
        f"{changed:,} products; all contenders leave the same catalog (checksum compared)",
        f"- median of {runs} interleaved runs per contender; client wall-clock time; session: "
        + ", ".join(f"{n} = {v}" for n, v in br.SESSION),
        f"- total run time {time.perf_counter() - started:.0f} s",
        "",
        "| contender | median ms | runs (ms) | vs run_job with history |",
        "|---|--:|---|--:|",
    ]
    for name in names:
        out.append(f"| {name} | {ms(med[name])} | {', '.join(ms(x) for x in times[name])} | "
                   f"{med[name] / base:.2f}x |")
    out += ["", "Per stage (median ms; the runner's from job_stage_run, bare from the client, plain from "
            "clock_timestamp() in the procedure):", "",
            "| stage | " + " | ".join(["run_job", "run_job, no history", "bare", "plain", "plain, no history"])
            + " | plain / run_job |", "|---|--:|--:|--:|--:|--:|--:|"]
    for s in STAGES:
        cells = [statistics.median(stage_times[n][s]) for n in names]
        out.append(f"| {s} | " + " | ".join(ms(c) for c in cells)
                   + f" | {cells[3] / cells[0]:.1f}x |")
    overhead = med[names[1]] - med[names[2]]
    out += ["",
            f"- **{verdict}** plain PL/pgSQL (with history) / run_job (with history), end to end: "
            f"{ratio:.2f}x (target >= {TARGET:g}x); without history on both sides: {ratio_nohist:.2f}x",
            f"- runner overhead: run_job without history - the same statements bare = {ms(overhead)} ms "
            f"({overhead / med[names[2]] * 100:.0f}% of bare)",
            f"- cost of the history: run_job {ms(med[names[0]] - med[names[1]])} ms "
            f"({(med[names[0]] / med[names[1]] - 1) * 100:.0f}%), plain "
            f"{ms(med[names[3]] - med[names[4]])} ms ({(med[names[3]] / med[names[4]] - 1) * 100:.0f}%)"]
    report = "\n".join(out) + "\n"
    print(report)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "job_1m.md"), "w") as f:
        f.write(report)
    if strict and verdict != "PASS":
        sys.exit(1)


if __name__ == "__main__":
    main()
