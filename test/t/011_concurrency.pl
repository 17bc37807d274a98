# Concurrency under pgbench: 8 clients run repricing UPDATEs on a catalog
# with is_price_array CHECK constraints, run_job on the same job and on
# different jobs, and aggregate readers, for PM_CONCURRENCY_SECONDS (10 in
# make test, 60 in make stress).  It passes with no unexpected error, no two
# lock-holding runs of a job overlapping in the ledger, and a catalog that is
# exactly its initial state plus the history the ledger and the UPDATEs
# recorded.
use strict;
use warnings;
use IPC::Run;
use Time::HiRes qw(time);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seconds = $ENV{PM_CONCURRENCY_SECONDS} // 10;
my $clients = 8;
my $rows = 1000;

my $node = PostgreSQL::Test::Cluster->new('concurrency');
$node->init;
# %e puts each message's SQLSTATE in the log (and the statements stay out
# of it, as pgbench would flood it); deadlocks are found after 50
# ms instead of 1 s, so that a deadlocked client does not idle for long.
$node->append_conf('postgresql.conf', q{
log_line_prefix = '%m [%p] %e '
deadlock_timeout = '50ms'
max_connections = 30
log_statement = none
});
$node->start;

# The catalog, the record each writer keeps, and a witness.
#
# - public.catalog: the jobs and the UPDATEs write prices; both columns have
#   is_price_array CHECK constraints.
# - public.catalog_initial: the catalog before the run.
# - public.reprice_log: each repricing UPDATE records (sku, old, new) in the
#   same statement, so the UPDATE workload's history is known exactly.
# - public.witness: a plain trigger records every committed change of a row
#   in the order the row lock serialised them (witness_seq is drawn while the
#   row is locked, so a later change of the same row draws a larger number),
#   with the run that made it (current_run_id(), NULL for an UPDATE).  It
#   knows nothing of the runner's ledger; the checks hold the ledger and
#   reprice_log against it.
$node->safe_psql('postgres', qq{
	CREATE EXTENSION pricemath;
	CREATE ROLE pricer;
	CREATE TABLE public.catalog (
		sku integer PRIMARY KEY,
		costs numeric[] NOT NULL
			CONSTRAINT costs_are_prices CHECK (pricemath.is_price_array(costs, 0.01, 10000, 2)),
		prices numeric[] NOT NULL
			CONSTRAINT prices_are_prices CHECK (pricemath.is_price_array(prices, 0.01, 100000, 2)),
		units_sold integer NOT NULL);
	INSERT INTO public.catalog
	SELECT g, ARRAY[round(5 + g * 0.037, 2), round(3 + g * 0.011, 2)],
	       ARRAY[round(9 + g * 0.051, 2), round(6 + g * 0.013, 2)], 1 + g % 17
	FROM generate_series(1, $rows) g;
	CREATE TABLE public.catalog_initial AS SELECT sku, prices FROM public.catalog;
	CREATE TABLE public.reprice_log (id bigserial PRIMARY KEY, sku integer NOT NULL,
		old_prices numeric[] NOT NULL, new_prices numeric[] NOT NULL);
	CREATE SEQUENCE public.witness_seq;
	CREATE TABLE public.witness (seq bigint NOT NULL, sku integer NOT NULL, old_prices text NOT NULL,
		new_prices text NOT NULL, run_id bigint);
	CREATE FUNCTION public.witness() RETURNS trigger LANGUAGE plpgsql AS \$w\$
	BEGIN
		INSERT INTO public.witness VALUES (nextval('public.witness_seq'), NEW.sku, OLD.prices::text,
			NEW.prices::text, pricemath.current_run_id());
		RETURN NULL;
	END \$w\$;
	CREATE TRIGGER witness AFTER UPDATE ON public.catalog FOR EACH ROW EXECUTE FUNCTION public.witness();
	CREATE TABLE public.tiny_log (run_id bigint NOT NULL);
	GRANT USAGE ON SCHEMA pricemath TO pricer;
	GRANT SELECT, UPDATE ON public.catalog TO pricer;
	GRANT INSERT ON public.witness, public.tiny_log TO pricer;
	GRANT USAGE ON SEQUENCE public.witness_seq TO pricer;
});

# The jobs, owned by pricer and called by the superuser.  They keep their
# whole history (keep_runs, keep_changes): the final check recomputes the
# catalog from it.  Retries come quickly (retry_backoff), so that a deadlock
# costs milliseconds.
#
# - markup: rows with sku % 3 <> 2; new prices from costs and the call's
#   markup, in a step, two guardrails, then the apply stage.
# - discount: rows with sku % 3 <> 0 (a third of the catalog is shared with
#   markup); new prices from the current prices and the call's factor, in
#   the apply stage's own query.
# - tiny: a step and a short sleep; it keeps only 2 runs, so that skipped
#   calls trim its ledger while a run of it is in progress.
$node->safe_psql('postgres', q{
	INSERT INTO pricemath.job (name, owner, max_attempts, retry_backoff, keep_runs, keep_changes, params) VALUES
	('markup', 'pricer', 5, '10 milliseconds', 1000000, 1000000, '{"markup": 0.35}'),
	('discount', 'pricer', 5, '10 milliseconds', 1000000, 1000000, '{"factor": 1}'),
	('tiny', 'pricer', 5, '10 milliseconds', 2, 1, '{}');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
	('markup', 1, 'compute', 'step', $$
		CREATE TEMP TABLE reprice ON COMMIT DROP AS
		SELECT c.sku, c.prices AS old_prices, c.units_sold,
		       pricemath.apply_ending(pricemath.markup(c.costs, pricemath.job_param('markup')::numeric),
		                              1, 0.99, 'down') AS new_prices
		FROM public.catalog c WHERE c.sku % 3 <> 2 $$),
	('markup', 2, 'contract', 'check', $$
		SELECT bool_and(pricemath.is_price_array(new_prices, 0.01, 100000, 2)), 'new prices meet the contract'
		FROM reprice $$),
	('markup', 3, 'index', 'check', $$
		SELECT pricemath.laspeyres(old_prices[1], new_prices[1], units_sold::numeric) BETWEEN 0.01 AND 100,
		       'Laspeyres index in range'
		FROM reprice $$),
	('tiny', 1, 'note', 'step', $$
		INSERT INTO public.tiny_log VALUES (pricemath.current_run_id()); SELECT pg_sleep(0.005) $$);
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
	('markup', 4, 'write_back', 'apply', 'SELECT sku, new_prices FROM reprice', 'public.catalog', 'sku', 'prices'),
	('discount', 1, 'write_back', 'apply', $$
		SELECT c.sku, pricemath.clamp(pricemath.round(pricemath.mul(c.prices,
		           pricemath.job_param('factor')::numeric), 2), 1, 50000)
		FROM public.catalog c WHERE c.sku % 3 <> 0 $$, 'public.catalog', 'sku', 'prices');
});

# Trimming spares a run in progress (found by this test under pgbench): a
# run of a job that keeps 1 run waits at a gate (advisory lock 4242) while a
# second call is skipped and trims the ledger; the first run must still
# finish with its ledger row.  Before the fix its row was trimmed and its
# stage rows failed their foreign key (23503).
{
	$node->safe_psql('postgres', q{
		INSERT INTO pricemath.job (name, owner, keep_runs) VALUES ('gated', 'pricer', 1);
		INSERT INTO pricemath.job_stage (job, position, name, kind, sql)
		VALUES ('gated', 1, 'wait', 'step', 'SELECT pg_advisory_xact_lock_shared(4242)');
	});
	my $gate_in = "SELECT pg_advisory_lock(4242);\n";
	my $gate = IPC::Run::start([ 'psql', '-XAtq', '-d', $node->connstr('postgres') ],
		'<', \$gate_in, '>', \my $gate_out, '2>', \my $gate_err);
	$gate->pump while length $gate_in;
	$node->poll_query_until('postgres',
		q{SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted}, '1')
	  or die 'the gate did not close';
	my $run = IPC::Run::start(
		[ 'psql', '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres'),
		  '-c', q{CALL pricemath.run_job('gated')} ],
		'>', \my $run_out, '2>', \my $run_err);
	$node->poll_query_until('postgres',
		q{SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted}, '1')
	  or die 'the run did not reach the gate';
	$node->safe_psql('postgres', q{CALL pricemath.run_job('gated')});
	$gate_in .= "\\q\n";
	$gate->finish;
	$run->finish;
	is($run->result(0), 0, 'trim: a run in progress survives a skipped call trimming its job')
	  or diag($run_err);
	# Its own trim then keeps only the newest run, the skipped call; its log
	# line says how it ended.
	my ($id) = $run_out =~ /^(\d+)$/m;
	my @lines = grep { /"pricemath": "run"/ && /"run_id": $id\b/ }
	  split /\n/, PostgreSQL::Test::Utils::slurp_file($node->logfile);
	like($lines[-1] // '', qr/"status": "succeeded"/, 'trim: the run in progress succeeded');
	$node->safe_psql('postgres', q{DELETE FROM pricemath.job WHERE name = 'gated'});
}

# The pgbench scripts, with their weights ------------------------------------

my $dir = PostgreSQL::Test::Utils::tempdir;
my %scripts = (
	# Two repricing UPDATEs (one row, then five) at REPEATABLE READ, each
	# recording what it changed.  They race the jobs' apply stages on the
	# same rows: a row a run changed after this transaction's snapshot is a
	# serialization failure (40001), and rows locked in different orders can
	# deadlock (40P01); pgbench retries both.
	reprice => [ 4, qq{
\\set k1 random(1, $rows)
\\set k2 random(1, $rows - 4)
\\set f1 random(95, 105)
\\set f2 random(95, 105)
BEGIN ISOLATION LEVEL REPEATABLE READ;
WITH o AS (SELECT sku, prices FROM public.catalog WHERE sku = :k1 FOR UPDATE),
     u AS (UPDATE public.catalog c
           SET prices = pricemath.clamp(pricemath.round(pricemath.mul(o.prices, :f1 / 100.0), 2), 1, 50000)
           FROM o WHERE c.sku = o.sku RETURNING c.sku, o.prices AS old_prices, c.prices AS new_prices)
INSERT INTO public.reprice_log (sku, old_prices, new_prices) SELECT sku, old_prices, new_prices FROM u;
WITH o AS (SELECT sku, prices FROM public.catalog WHERE sku BETWEEN :k2 AND :k2 + 4 FOR UPDATE),
     u AS (UPDATE public.catalog c
           SET prices = pricemath.round(pricemath.markup(o.prices, (:f2 - 100) / 100.0), 2)
           FROM o WHERE c.sku = o.sku RETURNING c.sku, o.prices AS old_prices, c.prices AS new_prices)
INSERT INTO public.reprice_log (sku, old_prices, new_prices) SELECT sku, old_prices, new_prices FROM u;
COMMIT;
} ],
	# The same job from several clients at once: one in ten is a dry run.
	run_markup => [ 2, q{
\set m random(20, 60)
\set dry random(0, 9)
CALL pricemath.run_job('markup', jsonb_build_object('markup', :m / 100.0), dry_run => :dry = 0);
} ],
	run_discount => [ 2, q{
\set f random(97, 103)
CALL pricemath.run_job('discount', jsonb_build_object('factor', :f / 100.0));
} ],
	run_tiny => [ 1, q{
CALL pricemath.run_job('tiny');
} ],
	# Aggregate readers.  Each statement sees one snapshot, in which the
	# catalog must be exactly the initial catalog plus the changes recorded
	# so far (a run's changes and its ledger rows commit together), as
	# pricemath's own vec_sum adds them up; a mismatch raises PMC01.
	read => [ 2, q{
SELECT public.read_catalog();
} ],
);

$node->safe_psql('postgres', q{
	CREATE FUNCTION public.read_catalog() RETURNS void LANGUAGE plpgsql AS $r$
	DECLARE
		v_now numeric[];
		v_want numeric[];
		v_index float8;
	BEGIN
		SELECT (SELECT pricemath.vec_sum(c.prices) FROM public.catalog c),
		       (SELECT pricemath.vec_sum(x.p) FROM (
		            SELECT i.prices FROM public.catalog_initial i
		            UNION ALL SELECT pricemath.sub(l.new_prices, l.old_prices) FROM public.reprice_log l
		            UNION ALL SELECT pricemath.sub(ch.new_value::numeric[], ch.old_value::numeric[])
		                      FROM pricemath.job_change ch) AS x (p)),
		       (SELECT pricemath.laspeyres(i.prices[1], c.prices[1], c.units_sold::numeric)
		        FROM public.catalog c JOIN public.catalog_initial i USING (sku))
		INTO v_now, v_want, v_index;
		IF v_now IS DISTINCT FROM v_want OR v_index IS NULL THEN
			RAISE EXCEPTION 'snapshot: catalog sums to %, its recorded history to %', v_now, v_want
				USING ERRCODE = 'PMC01';
		END IF;
	END $r$;
});

my @script_args;
for my $name (sort keys %scripts)
{
	my $file = "$dir/$name.sql";
	open my $fh, '>', $file or die "$file: $!";
	print $fh $scripts{$name}[1];
	close $fh;
	push @script_args, '-f', "$file\@$scripts{$name}[0]";
}

# The run ---------------------------------------------------------------------

my $log_start = -s $node->logfile;
my ($out, $err) = ('', '');
my $t0 = time;
# Without the NOTICE of every skipped run.
local $ENV{PGOPTIONS} = '-c client_min_messages=warning';
my $ok = IPC::Run::run(
	[ 'pgbench', '-n', '-c', $clients, '-j', 2, '-T', $seconds, '--max-tries=100', '--failures-detailed',
	  @script_args, $node->connstr('postgres') ],
	'>', \$out, '2>', \$err);
my $elapsed = sprintf('%.1f', time - $t0);
note "pgbench ($elapsed s):\n$out";
ok($ok, 'pgbench exits 0 (no client aborted)') or diag($err);
unlike($out . $err, qr/aborted/i, 'no client aborted');

# Per script: transactions, failures (retries exhausted) and retries.
my %stats;
while ($out =~ /^SQL script \d+: \S*\/(\w+)\.sql\n(.*?)(?=^SQL script|\z)/msg)
{
	my ($name, $body) = ($1, $2);
	my %s;
	$s{tx} = $1 if $body =~ /- (\d+) transactions/;
	$s{failed} = $1 if $body =~ /- number of failed transactions: (\d+)/;
	$s{retried} = $1 if $body =~ /- number of transactions retried: (\d+)/;
	$s{retries} = $1 if $body =~ /- total number of retries: (\d+)/;
	$stats{$name} = \%s;
}
for my $name (sort keys %scripts)
{
	my $s = $stats{$name} // {};
	ok(defined $s->{tx} && $s->{tx} > 0, "$name: ran transactions (" . ($s->{tx} // 'none') . ')');
	is($s->{failed} // -1, 0, "$name: 0 failed transactions");
}

# The server log: the documented outcomes are the only errors.  40001 and
# 40P01 are the UPDATEs' serialization failures and deadlocks, and a run
# that used all its attempts on them (run_job raises the stage's SQLSTATE
# after committing its failed ledger row); pgbench retries all of them.  An
# overlapping run_job is no error at all: it returns with its run recorded
# as skipped.  Anything else (another SQLSTATE, a WARNING, a FATAL, a crash)
# is unexpected.
my $log = substr(PostgreSQL::Test::Utils::slurp_file($node->logfile), $log_start);
my (%expected, @unexpected);
for my $line (split /\n/, $log)
{
	next unless $line =~ /\b(WARNING|ERROR|FATAL|PANIC):/ || $line =~ /terminated by signal/;
	if ($line =~ / (40001|40P01) ERROR: /) { $expected{$1}++; }
	else { push @unexpected, $line; }
}
is(scalar @unexpected, 0, 'server log: no error but 40001 and 40P01')
  or diag(join("\n", @unexpected[ 0 .. ($#unexpected < 19 ? $#unexpected : 19) ]));

# The ledger ------------------------------------------------------------------

sub query { return $node->safe_psql('postgres', $_[0]); }

is(query(q{
	SELECT string_agg(format('%s %s %s %s', id, job, status, sqlstate), ', ') FROM pricemath.job_run
	WHERE status IN ('running', 'abandoned')
	   OR status = 'failed' AND sqlstate NOT IN ('40001', '40P01')
	   OR status = 'skipped' AND message <> 'another run of the job is in progress'}),
	'', 'ledger: every run finished; failures only from contention, skips only from overlap');

# Exactly one run at a time per job: runs that held the lock (all but the
# skipped ones, dry runs included) never overlap in time.
my $effective = query(q{
	SELECT count(*) FROM pricemath.job_run WHERE status = 'succeeded' AND NOT dry_run AND job <> 'tiny'});
ok($effective > 0, "effective runs of markup and discount: $effective");
is(query(q{
	SELECT format('%s pairs, first %s', max(p.total), string_agg(format('%s %s and %s', p.job, p.a, p.b), ', '))
	FROM (SELECT a.job, a.id AS a, b.id AS b, row_number() OVER (ORDER BY a.id, b.id) AS n, count(*) OVER () AS total
	      FROM pricemath.job_run a JOIN pricemath.job_run b ON b.job = a.job AND b.id > a.id
	      WHERE a.status <> 'skipped' AND b.status <> 'skipped'
	        AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)) p
	WHERE p.n <= 5 HAVING count(*) > 0}),
	'', 'ledger: no two lock-holding runs of a job overlap');

# The history is consistent, in the order the row locks serialised the
# changes: each change's before-image is the after-state of the change
# before it on that row (the initial catalog for the first), whoever made
# either, and the last after-state is the catalog's row.  So each run's
# before-images are exactly what the previous run (and the UPDATEs since)
# left.  Runs of one job reach each row in their run order.
is(query(q{
	SELECT count(*) FROM (
		SELECT w.old_prices, lag(w.new_prices) OVER (PARTITION BY w.sku ORDER BY w.seq) AS prev,
		       i.prices::text AS initial, w.seq, w.sku
		FROM public.witness w JOIN public.catalog_initial i USING (sku)) x
	WHERE x.old_prices <> COALESCE(x.prev, x.initial)}),
	'0', 'witness: every change starts from the state the one before it left');
is(query(q{
	SELECT count(*) FROM public.catalog c JOIN public.catalog_initial i USING (sku)
	LEFT JOIN (SELECT DISTINCT ON (w.sku) w.sku, w.new_prices FROM public.witness w
	           ORDER BY w.sku, w.seq DESC) l USING (sku)
	WHERE c.prices::text <> COALESCE(l.new_prices, i.prices::text)}),
	'0', 'witness: the last change of each row is the catalog');
is(query(q{
	SELECT count(*) FROM (
		SELECT r.job, w.run_id, lag(w.run_id) OVER (PARTITION BY w.sku, r.job ORDER BY w.seq) AS prev
		FROM public.witness w JOIN pricemath.job_run r ON r.id = w.run_id) x
	WHERE x.run_id < x.prev}),
	'0', 'witness: runs of one job change each row in their run order');

# The ledger is the witness: job_change holds exactly the changes the
# trigger saw each run make (keys, before- and after-images), and only of
# succeeded real runs; reprice_log holds exactly the UPDATEs'.
is(query(q{
	SELECT count(*) FROM (
		(SELECT ch.run_id, ch.key::integer, ch.old_value, ch.new_value FROM pricemath.job_change ch
		 EXCEPT ALL SELECT w.run_id, w.sku, w.old_prices, w.new_prices FROM public.witness w WHERE w.run_id IS NOT NULL)
		UNION ALL
		(SELECT w.run_id, w.sku, w.old_prices, w.new_prices FROM public.witness w WHERE w.run_id IS NOT NULL
		 EXCEPT ALL SELECT ch.run_id, ch.key::integer, ch.old_value, ch.new_value FROM pricemath.job_change ch)) d}),
	'0', 'ledger: job_change is exactly the changes the runs made');
is(query(q{
	SELECT count(*) FROM pricemath.job_change ch JOIN pricemath.job_run r ON r.id = ch.run_id
	WHERE r.status <> 'succeeded' OR r.dry_run}),
	'0', 'ledger: before-images only of succeeded real runs');
is(query(q{
	SELECT count(*) FROM (
		(SELECT l.sku, l.old_prices::text, l.new_prices::text FROM public.reprice_log l
		 EXCEPT ALL SELECT w.sku, w.old_prices, w.new_prices FROM public.witness w WHERE w.run_id IS NULL)
		UNION ALL
		(SELECT w.sku, w.old_prices, w.new_prices FROM public.witness w WHERE w.run_id IS NULL
		 EXCEPT ALL SELECT l.sku, l.old_prices::text, l.new_prices::text FROM public.reprice_log l)) d}),
	'0', 'reprice_log is exactly the changes the UPDATEs made');

# The totals, recomputed in plain SQL (no pricemath function) from the
# initial catalog, the ledger's before- and after-images and the UPDATEs'
# record, equal the catalog's exactly: per element position, over all, and
# row by row.
my $recomputed = q{
	SELECT e.sku, e.n, sum(e.v) AS v FROM (
		SELECT i.sku, u.n, u.v FROM public.catalog_initial i, unnest(i.prices) WITH ORDINALITY u (v, n)
		UNION ALL
		SELECT l.sku, u.n, u.v FROM public.reprice_log l,
		       unnest(l.new_prices) WITH ORDINALITY u (v, n)
		UNION ALL
		SELECT l.sku, u.n, -u.v FROM public.reprice_log l,
		       unnest(l.old_prices) WITH ORDINALITY u (v, n)
		UNION ALL
		SELECT ch.key::integer, u.n, u.v FROM pricemath.job_change ch,
		       unnest(ch.new_value::numeric[]) WITH ORDINALITY u (v, n)
		UNION ALL
		SELECT ch.key::integer, u.n, -u.v FROM pricemath.job_change ch,
		       unnest(ch.old_value::numeric[]) WITH ORDINALITY u (v, n)) e
	GROUP BY e.sku, e.n};
my $actual = q{
	SELECT c.sku, u.n, u.v FROM public.catalog c, unnest(c.prices) WITH ORDINALITY u (v, n)};
my $totals = query(qq{
	SELECT (SELECT string_agg(t::text, ',' ORDER BY n) FROM (SELECT n, sum(v) AS t FROM ($actual) a GROUP BY n) x),
	       (SELECT string_agg(t::text, ',' ORDER BY n) FROM (SELECT n, sum(v) AS t FROM ($recomputed) r GROUP BY n) x),
	       (SELECT pricemath.vec_sum(prices)::text FROM public.catalog)});
my ($total_actual, $total_recomputed, $total_vec) = split /\|/, $totals;
is($total_actual, $total_recomputed, "totals: catalog $total_actual, recomputed from the history $total_recomputed");
is("{$total_actual}", $total_vec, 'totals: vec_sum over the catalog agrees');
is(query(qq{
	SELECT count(*) FROM ($actual) a FULL JOIN ($recomputed) r USING (sku, n) WHERE a.v IS DISTINCT FROM r.v}),
	'0', 'every row of the catalog equals its recomputation');
is(query(q{SELECT count(*) FROM pricemath.price_array_violations('public.catalog', 'prices', 0.01, 100000, 2)}),
	'0', 'the catalog still meets its contract');

# The figures, one line per part (shown by prove: make stress reports them).
diag sprintf('pgbench: %s s, %d clients, -j 2, --max-tries=100, %s', $elapsed, $clients,
	join(', ', map { sprintf('%s %s tx (%s retried, %s retries, %s failed)', $_, $stats{$_}{tx} // '?',
		$stats{$_}{retried} // 0, $stats{$_}{retries} // 0, $stats{$_}{failed} // '?') } sort keys %scripts));
diag 'server log: ' . join(', ', map { "$expected{$_} x $_" } sort keys %expected) . ', '
  . scalar(@unexpected) . ' unexpected';
diag 'runs: ' . query(q{
	SELECT string_agg(format('%s %s', job, counts), '; ' ORDER BY job) FROM (
		SELECT job, string_agg(format('%s %s', n, status), ', ' ORDER BY status) AS counts FROM (
			SELECT job, CASE WHEN dry_run THEN 'dry ' ELSE '' END || status AS status, count(*) AS n
			FROM pricemath.job_run GROUP BY 1, 2) s GROUP BY job) j});
diag 'history: ' . query(q{
	SELECT format('%s changes by runs, %s by UPDATEs; %s runs took more than one attempt (%s attempts '
	              'failed with 40P01, %s with 40001)',
		(SELECT count(*) FROM public.witness WHERE run_id IS NOT NULL),
		(SELECT count(*) FROM public.witness WHERE run_id IS NULL),
		(SELECT count(*) FROM pricemath.job_run WHERE attempts > 1),
		(SELECT count(*) FROM pricemath.job_stage_run WHERE sqlstate = '40P01'),
		(SELECT count(*) FROM pricemath.job_stage_run WHERE sqlstate = '40001'))});

$node->stop;
done_testing();
