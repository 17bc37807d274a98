# Crash safety of the job runner: the postmaster is stopped with
# pg_ctl stop -m immediate half way through a run's apply stage over 100,000
# rows, and again half way through the revert of a run.  After each restart
# the catalog is entirely the old prices or entirely the new, the run is
# still "running" until the next run marks it "abandoned", and the ledger and
# the before-images agree with the catalog.  PM_CRASH_ROUNDS (default 1)
# repeats the pair of crashes; make crash-stress runs more.
use strict;
use warnings;
use IPC::Run;
use JSON::PP;
use POSIX ();
use Time::HiRes qw(time usleep);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $rounds = $ENV{PM_CRASH_ROUNDS} // 1;
my $nrows = $ENV{PM_CRASH_ROWS} // 100_000;
my $seed = $ENV{PM_CRASH_SEED} // int(time() * 1000) % 100_000;
srand($seed);
note("$rounds round(s) of two crashes over $nrows rows, seed $seed (PM_CRASH_SEED)");

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
# The apply's progress is read from the target's heap: every UPDATE appends
# a new row version, since the table is loaded full and never vacuumed, so
# autovacuum stays off.  The monitor polls often, so statements are not
# logged.  The WAL writer writes every 10 ms (not 200), so that a frozen run
# is frozen with its apply's WAL on disk soon after it started (see
# freeze_in_apply).
$node->append_conf('postgresql.conf', q{
autovacuum = off
log_statement = none
wal_writer_delay = 10ms
});
$node->start;

my $json = JSON::PP->new;

# The catalog, a snapshot of it ("before"), and the prices the job must
# write ("expected"), computed with PostgreSQL's own arithmetic rather than
# pricemath's.  Every row changes, so a mix of old and new cannot hide.
$node->safe_psql('postgres', qq{
	CREATE EXTENSION pricemath;
	CREATE TABLE public.catalog (sku integer PRIMARY KEY, prices numeric[] NOT NULL);
	INSERT INTO public.catalog
	SELECT g, ARRAY[round(1 + (g::bigint * 7919 % 99991) / 100.0, 2), round(2 + (g::bigint * 104729 % 49999) / 100.0, 2),
	                round(5 + g % 997 * 0.37, 2)]
	FROM generate_series(1, $nrows) g;
	CREATE TABLE public.before AS SELECT sku, prices FROM public.catalog;
	CREATE TABLE public.expected AS
	SELECT sku, ARRAY(SELECT round(p * 1.07, 2) FROM unnest(prices) WITH ORDINALITY AS u (p, i) ORDER BY i) AS prices
	FROM public.catalog;
	ALTER TABLE public.before ADD PRIMARY KEY (sku);
	ALTER TABLE public.expected ADD PRIMARY KEY (sku);
	VACUUM ANALYZE public.before, public.expected;
	ANALYZE public.catalog;
	INSERT INTO pricemath.job (name, params, keep_changes, timeout) VALUES ('crash', '{"factor": 1.07}', 2, '10 minutes');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
	('crash', 1, 'compute', 'step', \$\$
	    CREATE TEMP TABLE reprice ON COMMIT DROP AS
	    SELECT sku, pricemath.round(pricemath.mul(prices, pricemath.job_param('factor')::numeric), 2, 'half_up') AS new_prices
	    FROM public.catalog \$\$),
	('crash', 2, 'complete', 'check', \$\$ SELECT count(*) = $nrows, format('%s rows', count(*)) FROM reprice \$\$);
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column, timeout)
	VALUES ('crash', 3, 'write_back', 'apply', 'SELECT sku, new_prices FROM reprice', 'public.catalog', 'sku', 'prices',
	        '10 minutes');
});
is($node->safe_psql('postgres', q{SELECT count(*) FROM public.before b JOIN public.expected e USING (sku)
		WHERE b.prices::text = e.prices::text}), '0', 'setup: the job changes every row');
my $heap0 = $node->safe_psql('postgres', q{SELECT pg_relation_size('public.catalog')});

# helpers ----------------------------------------------------------------------

sub sql1 { return $node->safe_psql('postgres', $_[0]); }

# How many catalog rows equal the snapshot and how many the expected prices,
# compared as text, so that 1.5 and 1.50 differ; and whether each SKU is
# there once.  "all old" is "$nrows 0 $nrows", "all new" "0 $nrows $nrows".
sub catalog_state
{
	return join ' ', split /\|/, sql1(q{
		SELECT count(*) FILTER (WHERE c.prices::text = b.prices::text),
		       count(*) FILTER (WHERE c.prices::text = e.prices::text),
		       count(*) FILTER (WHERE c.sku IS NOT NULL AND b.sku IS NOT NULL)
		FROM public.catalog c FULL JOIN public.before b USING (sku) JOIN public.expected e USING (sku)});
}

# The ledger row of a run, decoded.
sub run_row
{
	my ($id) = @_;
	return $json->decode(sql1("SELECT row_to_json(r) FROM pricemath.job_run r WHERE r.id = $id"));
}

# The before-images agree with the catalog: each SKU's value is what the
# newest succeeded run that changed it wrote, or the snapshot's if none did;
# returns the number of SKUs where they disagree.
sub history_disagreements
{
	return sql1(q{
		WITH last AS (
		    SELECT DISTINCT ON (h.key) h.key, h.new_value
		    FROM pricemath.job_change h JOIN pricemath.job_run r ON r.id = h.run_id
		    WHERE r.status = 'succeeded'
		    ORDER BY h.key, h.run_id DESC)
		SELECT count(*) FROM public.catalog c JOIN public.before b USING (sku)
		LEFT JOIN last ON last.key = c.sku::text
		WHERE c.prices::text IS DISTINCT FROM COALESCE(last.new_value, b.prices::text)});
}

# The before-images of run $id: how many, and how many are exactly
# (key, $from, $to) with $from and $to the tables "before" or "expected".
sub history_of
{
	my ($id, $from, $to) = @_;
	return join ' ', split /\|/, sql1("
		SELECT count(*), count(*) FILTER (WHERE h.old_value = f.prices::text AND h.new_value = t.prices::text)
		FROM pricemath.job_change h
		LEFT JOIN public.$from f ON f.sku::text = h.key LEFT JOIN public.$to t ON t.sku::text = h.key
		WHERE h.run_id = $id");
}

# The server log's JSON stage lines of run $id since byte $from, as "name:status".
sub stage_lines
{
	my ($id, $from) = @_;
	my @lines;
	for (split /\n/, slurp_file($node->logfile, $from))
	{
		next unless /"pricemath": "stage"/ && /(\{.*\})\s*$/;
		my $line = $json->decode($1);
		push @lines, "$line->{stage}:$line->{status}" if $line->{run_id} == $id;
	}
	return join ' ', @lines;
}

# CALL in a background psql; it dies with the server.
sub start_call
{
	my ($sql) = @_;
	my $h = { out => '', err => '' };
	$h->{run} = IPC::Run::start(
		[ $node->installed_command('psql'), '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres'),
		  '-c', $sql ],
		'<', \'', '>', \$h->{out}, '2>', \$h->{err},
		IPC::Run::timeout($PostgreSQL::Test::Utils::timeout_default));
	return $h;
}

# Whether SIGQUIT is pending for process $pid (or it is gone).
sub sigquit_pending
{
	my ($pid) = @_;
	open my $fh, '<', "/proc/$pid/status" or return 1;
	my $status = do { local $/; <$fh> };
	close $fh;
	my $pending = 0;
	$pending |= hex($1) while $status =~ /^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/mg;
	return $pending & (1 << (POSIX::SIGQUIT - 1)) ? 1 : 0;
}

# Waits until the run of the background CALL, newer than run $after, is
# inside its apply stage with a share $frac of the catalog's rows written,
# and freezes its backend there (SIGSTOP), so that where the kill lands is
# known rather than raced for.  The stage is read from what only the apply
# statement does: it holds RowExclusiveLock on public.catalog and appends
# row versions to its heap; the runner has not yet begun to record the
# attempt (no RowExclusiveLock on job_stage_run or job_run).  Returns the
# run's id, its backend's pid and what the last look saw, a few microseconds
# before the freeze.  Nothing queries the server while the backend stands
# still: it may hold a buffer or WAL insertion lock that a query would wait
# for, and it goes on only to die.
sub freeze_in_apply
{
	my ($after, $frac, $heap_start) = @_;
	my $mon = $node->background_psql('postgres');
	my $probe = qq{
		SELECT r.id, r.pid, a.query,
		       EXISTS (SELECT FROM pg_locks l WHERE l.pid = r.pid AND l.granted AND l.mode = 'RowExclusiveLock'
		               AND l.relation = 'public.catalog'::regclass),
		       EXISTS (SELECT FROM pg_locks l WHERE l.pid = r.pid AND l.mode = 'RowExclusiveLock'
		               AND l.relation IN ('pricemath.job_stage_run'::regclass, 'pricemath.job_run'::regclass)),
		       pg_relation_size('public.catalog') - $heap_start, pg_current_wal_insert_lsn(),
		       pg_current_wal_flush_lsn(),
		       round(extract(epoch FROM clock_timestamp() - r.started_at)::numeric, 3)
		FROM pricemath.job_run r JOIN pg_stat_activity a ON a.pid = r.pid
		WHERE r.job = 'crash' AND r.id > $after AND r.status = 'running'};
	my $deadline = time() + $PostgreSQL::Test::Utils::timeout_default;
	my %f;
	while (1)
	{
		die "the run did not reach ${\ int(100 * $frac)}% of its apply stage in time" if time() > $deadline;
		@f{qw(id pid query writing recording grown lsn flushed age)} = split /\|/, $mon->query_safe($probe);
		$f{first_lsn} //= $f{lsn} if ($f{writing} // '') eq 't';
		# check_recovery looks for a whole record of the apply's after
		# first_lsn on disk, so 32 kB of WAL past it must have been flushed:
		# frozen, the run may hold a WAL insertion lock, which stops the WAL
		# writer (a fast machine froze a run before any WAL of its apply had
		# left the WAL buffers, and the check failed)
		last if ($f{writing} // '') eq 't' && $f{recording} eq 'f' && $f{grown} >= $frac * $heap0
		  && lsn_num($f{flushed}) - lsn_num($f{first_lsn}) >= 32768;
		usleep(10_000);
	}
	kill 'STOP', $f{pid} or die "SIGSTOP $f{pid}: $!";
	$mon->quit;
	return \%f;
}

# pg_ctl stop -m immediate with the frozen backend $pid: a helper process
# lets it go on (SIGCONT) once the postmaster's SIGQUIT is pending for it, so
# that the first thing it does is die, as every other process does.
sub stop_immediate
{
	my ($pid) = @_;
	my $helper = fork() // die "fork: $!";
	if ($helper == 0)
	{
		my $deadline = time() + $PostgreSQL::Test::Utils::timeout_default;
		usleep(1_000) until sigquit_pending($pid) || time() > $deadline;
		kill 'CONT', $pid;
		POSIX::_exit(0);
	}
	my $t0 = time();
	$node->stop('immediate');
	waitpid($helper, 0);
	return time() - $t0;
}

# Restarts the node; returns the log since byte $from and the seconds the
# start took (crash recovery included).
sub restart_after_crash
{
	my ($from) = @_;
	my $t0 = time();
	$node->start;
	my $took = time() - $t0;
	return (slurp_file($node->logfile, $from), $took);
}

# An LSN as a number.
sub lsn_num
{
	my ($hi, $lo) = split m{/}, $_[0];
	return hex($hi) * 2**32 + hex($lo);
}

# The log shows crash recovery that replayed WAL written after $lsn (the
# unfinished statement's); returns a short description.
sub check_recovery
{
	my ($log, $lsn, $what) = @_;
	like($log, qr/database system was interrupted; last known up at/, "$what: the start found the system interrupted");
	my ($start) = $log =~ m{redo starts at ([0-9A-F]+/[0-9A-F]+)};
	my ($done) = $log =~ m{redo done at ([0-9A-F]+/[0-9A-F]+)};
	ok(defined $start && defined $done, "$what: crash recovery ran (redo starts at, redo done at)")
	  or return 'no redo';
	cmp_ok(lsn_num($done), '>', lsn_num($lsn), "$what: recovery replayed WAL the unfinished apply wrote");
	return sprintf('redo %s..%s (%.1f MB)', $start, $done, (lsn_num($done) - lsn_num($start)) / 1e6);
}

# Where a kill landed, for the figures.
sub landing
{
	my ($f) = @_;
	return sprintf('%.0f%% of the rows written after %.1f s', 100 * $f->{grown} / $heap0, $f->{age});
}

# The checks on a frozen run: inside its apply statement, not before it (after
# the restart, the log shows that the statement never ended).
sub check_frozen
{
	my ($f, $what) = @_;
	like($f->{query}, qr/^CALL pricemath\./, "$what: the frozen backend runs the CALL");
	is($f->{writing}, 't', "$what: frozen holding the apply's lock on the catalog");
	is($f->{recording}, 'f', "$what: frozen before the attempt is recorded");
	ok($f->{grown} > 0 && $f->{grown} < 0.99 * $heap0,
		"$what: frozen with some of the rows written, not all (" . landing($f) . ')');
}

# rounds -----------------------------------------------------------------------

my @figures;
my $last_id = 0;
for my $round (1 .. $rounds)
{
	my $what = "round $round apply";
	is(catalog_state(), "$nrows 0 $nrows", "$what: the catalog starts as the snapshot");

	# 1. A run killed half way through its apply stage.
	my $heap_start = sql1(q{SELECT pg_relation_size('public.catalog')});
	my $frac = 0.1 + rand(0.7);
	my $call = start_call(q{CALL pricemath.run_job('crash')});
	my $f = freeze_in_apply($last_id, $frac, $heap_start);
	check_frozen($f, $what);
	my $logpos = -s $node->logfile;
	my $stop_s = stop_immediate($f->{pid});
	$call->{run}->finish;
	isnt($call->{run}->result(0), 0, "$what: the killed CALL fails");
	my ($log, $start_s) = restart_after_crash($logpos);
	my $redo = check_recovery($log, $f->{first_lsn}, $what);
	is(stage_lines($f->{id}, 0), 'compute:succeeded complete:succeeded',
		"$what: the log has the stages before the apply, and no end of the apply");

	is(catalog_state(), "$nrows 0 $nrows", "$what: after the restart the catalog is entirely the old prices");
	my $killed = run_row($f->{id});
	is($killed->{status}, 'running', "$what: the killed run is still running in the ledger");
	is(sql1("SELECT count(*) FROM pricemath.job_stage_run WHERE run_id = $f->{id}") . ' '
		  . sql1("SELECT count(*) FROM pricemath.job_change WHERE run_id = $f->{id}"),
		'0 0', "$what: the killed run left no stage rows and no before-images");
	is(history_disagreements(), '0', "$what: the before-images agree with the catalog");
	push @figures, sprintf('%s: killed at %s, stop %.1f s, restart %.1f s, %s', $what, landing($f), $stop_s,
		$start_s, $redo);

	# 2. The next run marks it abandoned and succeeds.
	my $t1 = time();
	my $next = sql1(q{CALL pricemath.run_job('crash')});
	my $run_s = time() - $t1;
	$killed = run_row($f->{id});
	my $done = run_row($next);
	is($killed->{status}, 'abandoned', "$what: the next run marks the killed run abandoned");
	like($killed->{message}, qr/\(pid $f->{pid}\) ended before the run finished/,
		"$what: the abandoned run names its dead session");
	is($killed->{finished_at}, $done->{started_at}, "$what: abandoned when the next run started");
	is("$done->{status} $done->{rows_changed} " . ($done->{changes_kept} ? 'kept' : 'not kept'),
		"succeeded $nrows kept", "$what: the next run succeeds and changes every row");
	is(catalog_state(), "0 $nrows $nrows", "$what: the catalog is then entirely the new prices");
	is(history_of($next, 'before', 'expected'), "$nrows $nrows",
		"$what: the next run's before-images are exactly the old and new prices");
	is(history_disagreements(), '0', "$what: the before-images agree with the catalog");
	$last_id = $next;

	# 3. A revert of that run killed half way through.
	$what = "round $round revert";
	$heap_start = sql1(q{SELECT pg_relation_size('public.catalog')});
	$frac = 0.1 + rand(0.7);
	$call = start_call("CALL pricemath.revert_run($next)");
	$f = freeze_in_apply($last_id, $frac, $heap_start);
	check_frozen($f, $what);
	$logpos = -s $node->logfile;
	$stop_s = stop_immediate($f->{pid});
	$call->{run}->finish;
	isnt($call->{run}->result(0), 0, "$what: the killed CALL fails");
	($log, $start_s) = restart_after_crash($logpos);
	$redo = check_recovery($log, $f->{first_lsn}, $what);
	is(stage_lines($f->{id}, 0), '', "$what: the log has no end of the revert's stage");

	is(catalog_state(), "0 $nrows $nrows", "$what: after the restart the catalog is entirely the new prices");
	$killed = run_row($f->{id});
	is("$killed->{status} $killed->{reverts}", "running $next", "$what: the killed revert is still running in the ledger");
	is(sql1("SELECT count(*) FROM pricemath.job_stage_run WHERE run_id = $f->{id}") . ' '
		  . sql1("SELECT count(*) FROM pricemath.job_change WHERE run_id = $f->{id}"),
		'0 0', "$what: the killed revert left no stage rows and no before-images");
	is(history_disagreements(), '0', "$what: the before-images agree with the catalog");
	push @figures, sprintf('%s: killed at %s, stop %.1f s, restart %.1f s, %s', $what, landing($f), $stop_s,
		$start_s, $redo);

	# 4. The next revert marks it abandoned and restores the snapshot exactly.
	$t1 = time();
	my $revert = sql1("CALL pricemath.revert_run($next)");
	my $revert_s = time() - $t1;
	$killed = run_row($f->{id});
	$done = run_row($revert);
	is($killed->{status}, 'abandoned', "$what: the next revert marks the killed revert abandoned");
	is("$done->{status} $done->{reverts} $done->{rows_changed}", "succeeded $next $nrows",
		"$what: the next revert succeeds and restores every row");
	is(catalog_state(), "$nrows 0 $nrows", "$what: the catalog is then exactly the snapshot");
	is(history_of($revert, 'expected', 'before'), "$nrows $nrows",
		"$what: the revert's before-images are exactly the new and old prices");
	is(history_disagreements(), '0', "$what: the before-images agree with the catalog");
	$last_id = $revert;
	push @figures, sprintf('round %d: a whole run took %.1f s, a whole revert %.1f s', $round, $run_s, $revert_s);
}

# The figures go to the terminal in the long form (make crash-stress), to the
# test's log otherwise.
if ($rounds > 1) { diag($_) for @figures; } else { note($_) for @figures; }
diag("the kills landed where seed $seed put them: PM_CRASH_SEED=$seed repeats them") unless Test::More->builder->is_passing;
$node->stop;
done_testing();
