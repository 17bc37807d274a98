#!/usr/bin/python3
# pricemath benchmarks, job runner (0.2.0): what run_job costs on top of the
# statements it runs.  Prints (and saves) a markdown report with PASS/MISS per
# target, like bench/run, whose helpers it reuses.  Needs PG* in the
# environment: make bench runs it after bench/run, on a throwaway cluster of
# its own (test/pg/cluster run -- bench/job_runner.py).
#
# Environment: BENCH_JOB_REPS (default 200) timed runs per contender of the
# trivial jobs, after the ledger is full; BENCH_RUNS (default 5) timed runs
# per contender of the apply workload, after one warm-up; BENCH_JOB_ROWS
# (default 100000) catalog rows; BENCH_JOB_EXPLAIN=1 also prints EXPLAIN
# ANALYZE of the runner's apply statement and of the bare UPDATE to stderr;
# BENCH_STRICT=1 exits 1 when a target is missed.  BENCH_ONLY picks bench/run
# workloads: when it is set, this script does nothing.
import datetime
import importlib.machinery
import importlib.util
import os
import statistics
import sys
import time

import psycopg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import workloads as wl  # noqa: E402

# bench/run is a script, not a module: load it by path for its helpers.
_loader = importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run"))
_spec = importlib.util.spec_from_loader("bench_run", _loader)
br = importlib.util.module_from_spec(_spec)
_loader.exec_module(br)
log = br.log

SCHEMA = "pricemath_bench_job"
# Jobs are owned by, and run as, an ordinary role: row level security on the
# ledger and on job_change applies, as it does for the runner's users.
ROLE = "pricemath_bench_job"
JOB_PREFIX = "bench_job_"
STAGES = 5
OVERHEAD_TARGET_MS = 2.0
APPLY_TARGET = 1.5
MARKUP = "0.05"
TRIVIAL = [
    ("job-select", "5 step stages, each SELECT 1", "SELECT 1"),
    ("job-update", "5 step stages, each an UPDATE of a one-row table",
     f"UPDATE {SCHEMA}.counter SET n = n + 1"),
]


def q(cur, sql, params=None):
    cur.execute(sql, params)
    return cur.fetchone()


def timed(conn, sql):
    """Client wall-clock seconds of one statement (a CALL returns its run_id)."""
    with conn.cursor() as cur:
        started = time.perf_counter()
        cur.execute(sql)
        row = cur.fetchone() if cur.description else None
        elapsed = time.perf_counter() - started
        return elapsed, (row[0] if row else cur.rowcount)


def timed_steps(conn, statements):
    """Client wall-clock seconds of statements sent one by one (one round trip each)."""
    with conn.cursor() as cur:
        started = time.perf_counter()
        for sql in statements:
            cur.execute(sql)
        return time.perf_counter() - started, None


def median_ms(times):
    return statistics.median(times) * 1000


def quartiles_ms(times):
    qs = statistics.quantiles(times, n=4)
    return qs[0] * 1000, qs[2] * 1000


def call(job):
    return f"CALL pricemath.run_job('{job}')"


def cleanup(admin):
    """Drops what an earlier run of this script left (jobs, their ledger and changes, the role)."""
    admin.execute("""
        DELETE FROM pricemath.job_change c USING pricemath.job_run r
        WHERE c.run_id = r.id AND r.job LIKE %s""", (JOB_PREFIX + "%",))
    admin.execute("DELETE FROM pricemath.job WHERE name LIKE %s", (JOB_PREFIX + "%",))
    admin.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    if q(admin.cursor(), "SELECT count(*) FROM pg_roles WHERE rolname = %s", (ROLE,))[0]:
        admin.execute(f"DROP OWNED BY {ROLE}")
        admin.execute(f"DROP ROLE {ROLE}")


def add_job(conn, name, stages, **job):
    """A job owned by the session's role; stages are dicts of job_stage columns."""
    cols = ["name"] + list(job)
    conn.execute(f"INSERT INTO pricemath.job ({', '.join(cols)}) VALUES "
                 f"({', '.join(['%s'] * len(cols))})", [name] + list(job.values()))
    for pos, st in enumerate(stages, 1):
        st = dict(st, job=name, position=pos)
        conn.execute(f"INSERT INTO pricemath.job_stage ({', '.join(st)}) VALUES "
                     f"({', '.join(['%s'] * len(st))})", list(st.values()))


# -- (a) the runner's overhead per stage ---------------------------------------------

def bench_trivial(conn, key, sql, reps, again=False):
    """Times the job key of trivial stages against the bare statements; again: its second round."""
    job = JOB_PREFIX + key.replace("-", "_")
    if not again:
        add_job(conn, job, [dict(name=f"s{i}", kind="step", sql=sql) for i in range(1, STAGES + 1)])
    cur = conn.cursor()
    keep_runs, min_interval = q(cur, "SELECT keep_runs, min_interval FROM pricemath.job "
                                     "WHERE name = %s", (job,))
    assert min_interval is None
    bare_one = "BEGIN; " + "; ".join([sql] * STAGES) + "; COMMIT"
    bare_steps = ["BEGIN"] + [sql] * STAGES + ["COMMIT"]
    contenders = [
        ("bare: the 5 statements in one transaction, one round trip",
         lambda: timed(conn, bare_one)),
        ("bare: BEGIN, the 5 statements, COMMIT, one round trip each",
         lambda: timed_steps(conn, bare_steps)),
        (f"run_job, {STAGES} stages", lambda: timed(conn, call(job))),
    ]
    # Warm-up: fill the ledger to keep_runs, so that every timed run also
    # trims the oldest run (steady state), and warm the bare contenders alike.
    started = time.perf_counter()
    warmup = 20 if again else keep_runs + 20
    for _ in range(warmup):
        timed(conn, call(job))
    for _, fn in contenders[:2]:
        for _ in range(50):
            fn()
    log(f"[{key}] warm-up: {warmup} runs in {time.perf_counter() - started:.1f} s")
    first_run = q(cur, "SELECT last_value + 1 FROM pricemath.job_run_id_seq")[0]
    times = {name: [] for name, _ in contenders}
    for i in range(reps):
        for name, fn in contenders:
            times[name].append(fn()[0])
        if (i + 1) % 50 == 0:
            log(f"[{key}] rep {i + 1}/{reps}: " + ", ".join(
                f"{median_ms(t):.3f} ms" for t in times.values()))
    runs, bad, kept, run_ms, stage_ms = q(cur, """
        SELECT count(*), count(*) FILTER (WHERE r.status <> 'succeeded'),
               (SELECT count(*) FROM pricemath.job_run a WHERE a.job = %(job)s),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.duration) * 1000),
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.duration) * 1000)
                FROM pricemath.job_stage_run s JOIN pricemath.job_run r2 ON r2.id = s.run_id
                WHERE r2.job = %(job)s AND r2.id >= %(first)s)
        FROM pricemath.job_run r WHERE r.job = %(job)s AND r.id >= %(first)s""",
        {"job": job, "first": first_run})
    if runs != reps or bad or kept != keep_runs:
        raise RuntimeError(f"{job}: {runs} timed runs, {bad} not succeeded, {kept} kept "
                           f"(expected {reps}, 0, {keep_runs})")
    facts = (f"run_job's median job_run.duration {run_ms:.3f} ms (the run up to its ledger "
             "update; trimming, the alert and the final commit come after), median stage "
             f"(job_stage_run.duration) {stage_ms:.3f} ms; the ledger holds keep_runs = "
             f"{keep_runs} runs, so each timed run also trims one")
    return times, facts


# -- (b) an apply stage over 100,000 changed rows --------------------------------------

def apply_query(table):
    return (f"SELECT sku, pricemath.round(pricemath.markup(prices, {MARKUP}), 2) "
            f"FROM {SCHEMA}.{table}")


def bare_update():
    return (f"UPDATE {SCHEMA}.catalog c SET prices = s.v FROM ({apply_query('catalog')}) s(k, v) "
            "WHERE c.sku = s.k AND c.prices IS DISTINCT FROM s.v")


def restore_catalog(admin):
    """Every run starts from the same fresh, vacuumed table and a clean checkpoint."""
    admin.execute(f"TRUNCATE {SCHEMA}.catalog")
    admin.execute(f"INSERT INTO {SCHEMA}.catalog SELECT * FROM {SCHEMA}.catalog_orig")
    admin.execute(f"VACUUM (ANALYZE) {SCHEMA}.catalog")
    admin.execute("VACUUM (ANALYZE) pricemath.job_change")
    admin.execute("CHECKPOINT")


def load_catalog(admin, conn, rows):
    started = time.perf_counter()
    conn.execute(f"CREATE TABLE {SCHEMA}.catalog (sku text PRIMARY KEY, prices numeric[]) "
                 "WITH (autovacuum_enabled = off)")
    conn.execute("SELECT setseed(0.5)")
    conn.execute(f"CREATE TABLE {SCHEMA}.catalog_orig AS SELECT 'SKU-' || lpad(i::text, 8, '0') AS sku, "
                 f"ARRAY[{', '.join([wl.PRICE_NUMERIC] * 4)}] AS prices FROM generate_series(1, {rows}) i")
    restore_catalog(admin)
    size = q(conn.cursor(), f"SELECT pg_size_pretty(pg_total_relation_size('{SCHEMA}.catalog'))")[0]
    log(f"catalog: {rows:,} rows x numeric[4], {size} ({time.perf_counter() - started:.1f} s)")
    return f"catalog {rows:,} rows (sku text primary key, prices numeric[4] of 2-decimal prices), {size}"


def short(name):
    return name.removeprefix("run_job, ")


def bench_apply(admin, conn, rows, runs):
    stage = dict(name="apply", kind="apply", sql=apply_query("catalog"),
                 target=f"{SCHEMA}.catalog", key_column="sku", value_column="prices")
    variants = [
        ("run_job, apply stage with history", JOB_PREFIX + "apply", {}, {}),
        ("run_job, apply stage, keep_history = false", JOB_PREFIX + "apply_nohist",
         {"keep_history": False}, {}),
        ("run_job, with history, trimming in steady state (keep_changes = 1)",
         JOB_PREFIX + "apply_keep1", {}, {"keep_changes": 1}),
    ]
    for _, job, stage_cols, job_cols in variants:
        add_job(conn, job, [dict(stage, **stage_cols)], **job_cols)
    cur = conn.cursor()

    def run_job(job):
        def fn():
            elapsed, run_id = timed(conn, call(job))
            changed, stage_ms = q(cur, """
                SELECT (s.detail->>'changed')::bigint, extract(epoch FROM s.duration) * 1000
                FROM pricemath.job_stage_run s JOIN pricemath.job_run r ON r.id = s.run_id
                WHERE s.run_id = %s AND r.status = 'succeeded'""", (run_id,)) or (None, None)
            return elapsed, changed, stage_ms
        return fn

    def bare():
        elapsed, changed = timed(conn, bare_update())
        return elapsed, changed, None

    contenders = [("bare UPDATE ... FROM (the stage's query)", bare)] + [
        (name, run_job(job)) for name, job, _, _ in variants]
    times = {name: [] for name, _ in contenders}
    stage_times = {name: [] for name, _ in contenders}
    for i in range(runs + 1):   # the first round is the warm-up
        for name, fn in contenders:
            restore_catalog(admin)
            elapsed, changed, stage_ms = fn()
            if changed != rows:
                raise RuntimeError(f"{name} changed {changed} rows, expected {rows}")
            if i:
                times[name].append(elapsed)
                if stage_ms is not None:
                    stage_times[name].append(stage_ms)
            log(f"[job-apply] {'warm-up' if i == 0 else f'run {i}/{runs}'}: {name} "
                f"{elapsed * 1000:,.0f} ms")
    facts = ["job-apply: median apply stage alone (job_stage_run.duration): " + "; ".join(
        f"{short(name)} {statistics.median(t):,.0f} ms" for name, t in stage_times.items() if t)]
    for name, t in times.items():
        facts.append(f"job-apply: {name}: " + ", ".join(f"{x * 1000:,.0f}" for x in t) + " ms")
    # The work is CPU-bound, and on shared cores the same statement's CPU time
    # varies from run to run; the fastest runs are the least disturbed.
    fastest = min(times[contenders[0][0]])
    facts.append("job-apply: ratio of the fastest runs, less sensitive to slow spells of shared "
                 "cores: " + "; ".join(f"{short(name)} {min(t) / fastest:.2f}x"
                                       for name, t in times.items() if name != contenders[0][0]))
    if os.environ.get("BENCH_JOB_EXPLAIN", "") not in ("", "0"):
        explain(admin, conn, variants[0][1])
    return times, facts


def explain(admin, conn, job):
    """EXPLAIN ANALYZE of the runner's apply statement and of the bare UPDATE, rolled back."""
    # Before-images must name a run of the job's owner: use the job's last.
    cur = conn.cursor()
    run_id = q(cur, "SELECT max(id) FROM pricemath.job_run WHERE job = %s", (job,))[0]
    sql = q(cur, """
        SELECT pricemath._job_apply_sql(s, s.sql, %s, j.owner, false)
        FROM pricemath.job_stage s JOIN pricemath.job j ON j.name = s.job
        WHERE s.job = %s AND s.position = 1""", (run_id, job))[0]
    for what, stmt in (("runner's apply statement", sql), ("bare UPDATE", bare_update())):
        restore_catalog(admin)
        with conn.transaction(force_rollback=True), conn.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, WAL, VERBOSE) " + stmt)
            log(f"-- EXPLAIN ANALYZE, {what}:\n" + "\n".join(r[0] for r in cur.fetchall()))


# -- report ----------------------------------------------------------------------

def main():
    if os.environ.get("BENCH_ONLY", ""):
        log("bench/job_runner.py: skipped (BENCH_ONLY picks bench/run workloads)")
        return
    reps = br.env_int("BENCH_JOB_REPS", 200, minimum=4)
    runs = br.env_int("BENCH_RUNS", 5)
    rows = br.env_int("BENCH_JOB_ROWS", 100_000)
    strict = os.environ.get("BENCH_STRICT", "") not in ("", "0")
    started = time.perf_counter()

    admin = psycopg.connect("", autocommit=True, prepare_threshold=None)
    reason = br.try_extension(admin, "pricemath")
    if reason:
        sys.exit(f"bench: {reason}")
    acur = admin.cursor()
    pm_version = br.one(acur, "SELECT pricemath.version()")
    if br.one(acur, "SELECT to_regprocedure('pricemath.run_job(text,jsonb,boolean,bigint)') IS NULL"):
        sys.exit(f"bench: pricemath {pm_version} has no job runner (0.2.0 or later)")
    server_version = br.one(acur, "SHOW server_version")
    shared_buffers = br.one(acur, "SHOW shared_buffers")
    work_mem = br.one(acur, "SHOW work_mem")
    cleanup(admin)
    admin.execute(f"CREATE ROLE {ROLE} NOLOGIN")
    admin.execute(f"CREATE SCHEMA {SCHEMA} AUTHORIZATION {ROLE}")
    # The extension's schema is not open to PUBLIC; the runner's users get USAGE.
    admin.execute(f"GRANT USAGE ON SCHEMA pricemath TO {ROLE}")

    conn = psycopg.connect("", autocommit=True, prepare_threshold=None)
    conn.execute(f"SET ROLE {ROLE}")
    for name, value in br.SESSION:
        conn.execute(f"SET {name} = {value}")
    conn.execute(f"CREATE TABLE {SCHEMA}.counter (n bigint NOT NULL)")
    conn.execute(f"INSERT INTO {SCHEMA}.counter VALUES (0)")

    table_rows, verdicts, notes = [], [], []

    def trivial(key, title, sql, again=False):
        label = key + (", again after job-apply" if again else "")
        log(f"[{label}] {title}")
        times, facts = bench_trivial(conn, key, sql, reps, again)
        notes.append(f"{label}: {facts}")
        names = list(times)
        bare, runner = names[0], names[-1]
        base = median_ms(times[bare])
        per_stage = (median_ms(times[runner]) - base) / STAGES
        ok = "PASS" if per_stage <= OVERHEAD_TARGET_MS else "MISS"
        for name in names:
            med = median_ms(times[name])
            lo, hi = quartiles_ms(times[name])
            table_rows.append(
                f"| {label}: {title} | {name} | {med:,.3f} ({lo:,.3f}-{hi:,.3f}) | {med / base:.2f}x | "
                f"{(med - base) / STAGES:+.3f} ms per stage | "
                + (f"<= {OVERHEAD_TARGET_MS:g} ms per stage | {ok} |" if name == runner else "| |"))
        verdicts.append(f"{ok}  {label:<10} run_job vs bare one transaction: {per_stage:.3f} ms "
                        f"per stage (target: <= {OVERHEAD_TARGET_MS:g} ms per stage)")

    try:
        for key, title, sql in TRIVIAL:
            trivial(key, title, sql)

        log("[job-apply] apply stage over every row of the catalog")
        table_fact = load_catalog(admin, conn, rows)
        times, facts = bench_apply(admin, conn, rows, runs)
        notes.extend(facts)
        names = list(times)
        base = median_ms(times[names[0]])
        for n, name in enumerate(names):
            med = median_ms(times[name])
            ratio = med / base
            target = n == 1
            table_rows.append(
                f"| job-apply: {rows:,} changed rows | {name} | {med:,.1f} | {ratio:.2f}x | "
                f"{med - base:+,.1f} ms | " + (f"<= {APPLY_TARGET:g}x bare | "
                                               f"{'PASS' if ratio <= APPLY_TARGET else 'MISS'} |"
                                               if target else "| |"))
            if target:
                verdicts.append(f"{'PASS' if ratio <= APPLY_TARGET else 'MISS'}  job-apply  "
                                f"run_job with history vs bare UPDATE: {ratio:.2f}x its time "
                                f"(target: <= {APPLY_TARGET:g}x)")

        # The same trivial job once job_change holds the apply runs' before-images
        # (analyzed, as autovacuum would): the runner's ledger queries over
        # job_change are part of every run's cost.
        admin.execute("ANALYZE pricemath.job_change")
        kept = br.one(acur, "SELECT count(*) FROM pricemath.job_change")
        key, title, sql = TRIVIAL[0]
        trivial(key, title, sql, again=True)
        notes.append(f"{key}, again after job-apply: pricemath.job_change then held {kept:,} "
                     "before-images (of the job-apply runs; analyzed)")
    finally:
        conn.close()
        cleanup(admin)
        admin.close()

    facts = br.machine_facts()
    elapsed = time.perf_counter() - started
    counts = {k: sum(1 for v in verdicts if v.startswith(k)) for k in ("PASS", "MISS")}
    out = [
        "# pricemath benchmarks: job runner",
        "",
        f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}; "
        f"commit {br.git_commit()}; pricemath {pm_version}",
        f"- machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['memory']} memory, "
        f"Linux {facts['kernel']}; PostgreSQL {server_version}, shared_buffers {shared_buffers}, "
        f"work_mem {work_mem}",
        f"- jobs are owned by and run as the ordinary role {ROLE} (row level security applies); "
        "min_interval NULL, keep_runs and keep_changes at their defaults unless said otherwise",
        f"- job-select, job-update: median of {reps} interleaved runs per contender (interquartile "
        "range in parentheses) once the job's ledger holds keep_runs runs; client wall-clock time "
        "(time.perf_counter) around the CALL or the bare statements",
        f"- job-apply: {table_fact}; the stage's query is `{apply_query('catalog')}`; "
        f"median of {runs} interleaved runs after 1 warm-up; before every run the catalog is "
        "restored from a copy, it and pricemath.job_change are vacuumed and analyzed, and a "
        "checkpoint is taken, so every run changes every row from the same start",
        "- session: " + ", ".join(f"{name} = {value}" for name, value in br.SESSION)
        + " (as bench/run)",
        f"- total run time {elapsed:.0f} s",
        "",
        "| workload | contender | median ms | ratio vs bare | overhead | target | verdict |",
        "|---|---|--:|--:|--:|---|---|",
        *table_rows,
        "",
        "ratio = contender's median time / the bare contender's (the first row of each workload); "
        f"overhead per stage = (median run_job - median bare) / {STAGES}.",
        "",
        "## Targets",
        "",
        *["    " + v for v in verdicts],
        "",
        f"Targets: {counts['PASS']} PASS, {counts['MISS']} MISS.",
        "",
        "## Notes",
        "",
        *[f"- {n}" for n in notes],
    ]
    text = "\n".join(out) + "\n"
    print(text)
    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "job_runner.md")
    with open(path, "w") as f:
        f.write(text)
    log(f"report written to {os.path.relpath(path)}")
    if strict and counts["MISS"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
