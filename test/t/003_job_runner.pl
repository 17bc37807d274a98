# The job runner on a live server: scheduled by pg_cron, overlapping runs,
# guardrails, budgets, retries, on_error rules, abandoned runs, trimming,
# alerts, dry runs, reverts, privileges, transaction blocks and log lines.
use strict;
use warnings;
use IPC::Run;
use JSON::PP;
use Time::HiRes qw(time usleep);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('jobs');
$node->init;
# pg_cron (without background workers) reaches the node through libpq, and
# the node listens on its socket directory only.
my $socket_dir = $node->host;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.host = '$socket_dir'
cron.use_background_workers = off
});
$node->start;

my $json = JSON::PP->new;
my $su = $node->safe_psql('postgres', 'SELECT current_user');

$node->safe_psql('postgres', q{
	CREATE EXTENSION pg_cron;
	CREATE EXTENSION pricemath;
	CREATE TABLE public.catalog (sku text PRIMARY KEY, prices numeric[]);
	INSERT INTO public.catalog
	SELECT 'SKU-' || lpad(g::text, 4, '0'), ARRAY[round(10 + g * 0.37, 2), round(8 + g * 0.29, 2)]
	FROM generate_series(1, 300) g;
	CREATE TABLE public.job_log (id bigserial PRIMARY KEY, note text);
});

# helpers ----------------------------------------------------------------------

# A value as an SQL literal (undef is NULL); the columns' types coerce it.
sub lit
{
	my ($v) = @_;
	return 'NULL' unless defined $v;
	$v =~ s/'/''/g;
	return "'$v'";
}

# One INSERT of a row given as column => value.
sub insert_sql
{
	my ($table, $row) = @_;
	my @cols = sort keys %$row;
	return sprintf("INSERT INTO %s (%s) VALUES (%s);\n",
		$table, join(', ', @cols), join(', ', map { lit($row->{$_}) } @cols));
}

# psql with verbose errors, so that SQLSTATEs show; returns (ret, stdout, stderr).
sub run_sql
{
	my ($sql, %opt) = @_;
	my %conn = defined $opt{user} ? (connstr => $node->connstr('postgres') . " user=$opt{user}") : ();
	return $node->psql('postgres', "\\set VERBOSITY verbose\n$sql", %conn);
}

# A job from its columns and a list of stages (positions 1, 2, ...; kind step
# unless given), inserted as opt{user} (the superuser by default).
sub define_job
{
	my ($name, $job, $stages, %opt) = @_;
	my $sql = insert_sql('pricemath.job', { name => $name, %$job });
	my $pos = 0;
	$sql .= insert_sql('pricemath.job_stage', { job => $name, position => ++$pos, kind => 'step', %$_ })
	  for @$stages;
	my ($ret, $out, $err) = run_sql($sql, %opt);
	die "defining job $name failed: $err" if $ret;
	return;
}

# An apply stage that writes prices back to the catalog.
sub apply_stage
{
	my ($name, $sql, %more) = @_;
	return { name => $name, kind => 'apply', sql => $sql, target => 'public.catalog',
		key_column => 'sku', value_column => 'prices', %more };
}

# CALL run_job at top level (its own transactions); returns (ret, stdout = run id, stderr).
sub call_job
{
	my ($name, $args, %opt) = @_;
	return run_sql('CALL pricemath.run_job(' . lit($name) . (defined $args ? ", $args" : '') . ');', %opt);
}

# A catalog checksum, of the rows matching where.
sub checksum
{
	my ($where) = @_;
	$where //= 'true';
	return $node->safe_psql('postgres',
		"SELECT md5(string_agg(sku || prices::text, ',' ORDER BY sku)) FROM public.catalog WHERE $where");
}

# A query's single JSON value, decoded (undef for no row).
sub query_json
{
	my ($sql) = @_;
	my $out = $node->safe_psql('postgres', $sql);
	return $out eq '' ? undef : $json->decode($out);
}

# Ledger rows as hashes (the superuser bypasses row-level security).
sub run_row
{
	my ($id) = @_;
	return query_json("SELECT row_to_json(r) FROM pricemath.job_run r WHERE r.id = $id");
}

sub last_run
{
	my ($job) = @_;
	return query_json('SELECT row_to_json(r) FROM pricemath.job_run r WHERE r.job = ' . lit($job)
		  . ' ORDER BY r.id DESC LIMIT 1');
}

sub stage_runs
{
	my ($id) = @_;
	return query_json("SELECT COALESCE(json_agg(s ORDER BY s.attempt, s.position), '[]')
		FROM pricemath.job_stage_run s WHERE s.run_id = $id");
}

# "attempt:position:name:status:sqlstate" per stage row, for compact comparisons.
sub stage_summary
{
	my ($id) = @_;
	return join(' ', map { join(':', $_->{attempt}, $_->{position}, $_->{name}, $_->{status}, $_->{sqlstate} // '') }
		  @{ stage_runs($id) });
}

# psql in the background, one -c per command, so each is a top-level statement.
sub psql_start
{
	my ($commands, %opt) = @_;
	my $h = { out => '', err => '' };
	my $conn = $node->connstr('postgres');
	$conn .= " application_name=$opt{application_name}" if defined $opt{application_name};
	$h->{run} = IPC::Run::start(
		[ $node->installed_command('psql'), '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $conn,
		  map { ('-c', $_) } ('\set VERBOSITY verbose', @$commands) ],
		'<', \'', '>', \$h->{out}, '2>', \$h->{err},
		IPC::Run::timeout($PostgreSQL::Test::Utils::timeout_default));
	return $h;
}

# Waits for a background psql; returns (exit code, stdout, stderr).
sub psql_finish
{
	my ($h) = @_;
	$h->{run}->finish;
	return ($h->{run}->result(0), $h->{out}, $h->{err});
}

# A gate: a session that holds advisory lock $key until gate_open.  A stage
# that runs "SELECT pg_advisory_xact_lock_shared($key)" waits at the gate, so
# the test decides when it goes on instead of guessing with pg_sleep.
sub gate_close
{
	my ($key) = @_;
	my $g = { in => "SELECT pg_advisory_lock($key);\n", out => '', err => '' };
	$g->{run} = IPC::Run::start(
		[ $node->installed_command('psql'), '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres') ],
		'<', \$g->{in}, '>', \$g->{out}, '2>', \$g->{err},
		IPC::Run::timeout($PostgreSQL::Test::Utils::timeout_default));
	$g->{run}->pump while length $g->{in};
	$node->poll_query_until('postgres',
		"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $key AND granted", '1')
	  or die "gate $key did not close";
	return $g;
}

sub gate_open
{
	my ($g) = @_;
	$g->{in} .= "\\q\n";
	$g->{run}->finish;
}

# SQL that is true once a session waits at gate $key.
sub waiting_at_gate
{
	my ($key) = @_;
	return "SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory' AND objid = $key AND NOT granted";
}

# How many runs of a job the ledger shows as running.
sub running_count
{
	my ($job) = @_;
	return "SELECT count(*) FROM pricemath.job_run WHERE job = " . lit($job) . " AND status = 'running'";
}

# 1. pg_cron -----------------------------------------------------------------
# Scheduled first and checked last: pg_cron starts jobs on the minute, so
# the wait overlaps the other blocks.

define_job('cron_tick', {}, [ { name => 'count', sql => 'SELECT count(*) FROM public.catalog' } ]);
my $cron_id = $node->safe_psql('postgres',
	q{SELECT cron.schedule('pm_cron_tick', '* * * * *', $$CALL pricemath.run_job('cron_tick')$$)});
like($cron_id, qr/^\d+$/, 'cron: job scheduled');

# 2. overlapping runs ------------------------------------------------------------

{
	define_job('overlap', {}, [ { name => 'slow', sql => 'SELECT pg_advisory_xact_lock_shared(7001)' } ]);
	my $gate = gate_close(7001);
	my $first = psql_start([q{CALL pricemath.run_job('overlap')}]);
	# the first run's "running" row is committed before its stages start,
	# and its stage waits at the gate until the second CALL is done
	ok($node->poll_query_until('postgres', running_count('overlap'), '1'), 'overlap: first run is running');
	ok($node->poll_query_until('postgres', waiting_at_gate(7001)), 'overlap: first run waits in its stage');
	my ($ret, $out, $err) = call_job('overlap');
	gate_open($gate);
	is($ret, 0, 'overlap: the second CALL returns without an error');
	like($err, qr/NOTICE:  00000: run \d+ of job "overlap" skipped: another run of the job is in progress/,
		'overlap: the second CALL is skipped with a notice');
	my ($ret1, $out1, $err1) = psql_finish($first);
	is($ret1, 0, 'overlap: the first CALL succeeds') or diag($err1);
	is($node->safe_psql('postgres',
			q{SELECT string_agg(status || ' ' || COALESCE(message, '-'), '; ' ORDER BY id)
			  FROM pricemath.job_run WHERE job = 'overlap'}),
		'succeeded -; skipped another run of the job is in progress',
		'overlap: one run succeeded, one skipped');
}

# 3. a failing guardrail -------------------------------------------------------------

my $guard_run;
{
	define_job('guarded', {}, [
		{ name => 'touch', sql => q{UPDATE public.catalog SET prices = pricemath.add(prices, 1) WHERE sku <= 'SKU-0010'} },
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 2) FROM public.catalog WHERE sku > 'SKU-0290'}),
		{ name => 'guard', kind => 'check', sql => q{SELECT false, 'too many moves'} },
		{ name => 'after', sql => 'SELECT 1' } ]);
	my $before = checksum();
	my ($ret, $out, $err) = call_job('guarded');
	isnt($ret, 0, 'guard: CALL fails');
	like($err, qr/ERROR:  23514: run \d+ of job "guarded" failed in stage "guard": check "guard" failed: too many moves/,
		'guard: error has SQLSTATE 23514 and names the check');
	is(checksum(), $before, 'guard: catalog unchanged (earlier stages rolled back)');
	my $run = last_run('guarded');
	$guard_run = $run->{id};
	is($run->{status}, 'failed', 'guard: run recorded as failed');
	is($run->{failed_stage}, 'guard', 'guard: failed_stage is the check');
	is($run->{sqlstate}, '23514', 'guard: run sqlstate is 23514');
	# the stages that ran before the check are in the ledger, the one after is not
	is(stage_summary($guard_run), '1:1:touch:succeeded: 1:2:bump:succeeded: 1:3:guard:failed:23514',
		'guard: stage rows of the attempt, up to the check');
	is($node->safe_psql('postgres', "SELECT count(*) FROM pricemath.job_change WHERE run_id = $guard_run"), '0',
		'guard: no before-images kept for a failed run');
}

# 4. budgets ------------------------------------------------------------------------

{
	define_job('slow_stage', {}, [ { name => 'nap', sql => 'SELECT pg_sleep(5)', timeout => '200 ms' } ]);
	my $t0 = time();
	my ($ret, $out, $err) = call_job('slow_stage');
	my $elapsed = time() - $t0;
	like($err, qr/ERROR:  57014: run \d+ of job "slow_stage" failed in stage "nap": stage "nap" of job "slow_stage" exceeded its timeout of 00:00:00\.2/,
		'stage budget: 57014 naming the stage timeout');
	cmp_ok($elapsed, '<', 3, 'stage budget: cancelled promptly');
	my $run = last_run('slow_stage');
	is($run->{failed_stage}, 'nap', 'stage budget: failed_stage is the slow stage');
	is($run->{sqlstate}, '57014', 'stage budget: run sqlstate 57014');
	is(stage_summary($run->{id}), '1:1:nap:failed:57014', 'stage budget: stage row has 57014');

	# the first stage leaves most of the job's second to spare, so a slow
	# machine does not move the failure into it
	define_job('slow_job', { timeout => '1 s' }, [
		{ name => 'first', sql => 'SELECT pg_sleep(0.2)', timeout => '10 s' },
		{ name => 'second', sql => 'SELECT pg_sleep(5)', timeout => '10 s' } ]);
	($ret, $out, $err) = call_job('slow_job');
	like($err, qr/ERROR:  57014: .*job "slow_job" exceeded its timeout of 00:00:01 in stage "second"/,
		'job budget: 57014 naming the job timeout and the stage');
	$run = last_run('slow_job');
	is($run->{failed_stage}, 'second', 'job budget: fails in the second stage');
	is(stage_summary($run->{id}), '1:1:first:succeeded: 1:2:second:failed:57014', 'job budget: stage rows');

	# the caller's own statement_timeout is not swallowed by the runner
	define_job('patient', {}, [ { name => 'long_nap', sql => 'SELECT pg_sleep(5)', timeout => '1 min' } ]);
	$t0 = time();
	($ret, $out, $err) = run_sql(q{SET statement_timeout = '500ms';
		CALL pricemath.run_job('patient');});
	$elapsed = time() - $t0;
	isnt($ret, 0, 'statement_timeout: CALL fails');
	like($err, qr/ERROR:  57014: .*canceling statement due to statement timeout/,
		'statement_timeout: cancels the run with 57014');
	cmp_ok($elapsed, '<', 4, 'statement_timeout: cancelled promptly');
	is(last_run('patient')->{status}, 'failed', 'statement_timeout: run recorded as failed');
}

# 5. retries after a serialization failure -----------------------------------------------

my $retry_run;
{
	define_job('retried', { retry_backoff => '10 ms' }, [
		{ name => 'wait', sql => 'SELECT pg_advisory_xact_lock_shared(7002)' },
		{ name => 'write', sql => q{UPDATE public.catalog SET prices = pricemath.add(prices, 1) WHERE sku = 'SKU-0300'} } ]);
	my $gate = gate_close(7002);
	my $runner = psql_start([ q{SET default_transaction_isolation = 'repeatable read'},
		q{CALL pricemath.run_job('retried')} ], application_name => 'retry_runner');
	# the attempt's snapshot is taken before its first stage waits at the
	# gate; the concurrent update commits while it waits
	ok($node->poll_query_until('postgres', waiting_at_gate(7002)), 'retry: first attempt is in its first stage');
	$node->safe_psql('postgres', q{UPDATE public.catalog SET prices = '{99.00}' WHERE sku = 'SKU-0300'});
	gate_open($gate);
	my ($ret, $out, $err) = psql_finish($runner);
	is($ret, 0, 'retry: CALL succeeds') or diag($err);
	my $run = last_run('retried');
	$retry_run = $run->{id};
	is($run->{status}, 'succeeded', 'retry: run succeeded');
	is($run->{attempts}, 2, 'retry: two attempts');
	is(stage_summary($run->{id}),
		'1:1:wait:succeeded: 1:2:write:failed:40001 2:1:wait:succeeded: 2:2:write:succeeded:',
		'retry: attempt 1 failed with 40001, attempt 2 succeeded');
	is($node->safe_psql('postgres', q{SELECT prices FROM public.catalog WHERE sku = 'SKU-0300'}), '{100.00}',
		'retry: the second attempt saw the concurrent update');
}

# 6. on_error skip and fallback ---------------------------------------------------------

{
	my $before = checksum();
	define_job('skippy', {}, [
		{ name => 'fragile', on_error => 'skip',
		  sql => q{UPDATE public.catalog SET prices = '{0}' WHERE sku <= 'SKU-0005';
		           SELECT 1 / (count(*) - count(*)) FROM public.catalog} },
		{ name => 'note', sql => q{INSERT INTO public.job_log (note) VALUES ('after skip')} } ]);
	my ($ret, $out, $err) = call_job('skippy');
	is($ret, 0, 'skip: CALL succeeds') or diag($err);
	my $run = last_run('skippy');
	is($run->{status}, 'succeeded', 'skip: run succeeded');
	is(stage_summary($run->{id}), '1:1:fragile:skipped:22012 1:2:note:succeeded:',
		'skip: failing stage recorded as skipped, the next one ran');
	is(checksum(), $before, 'skip: the skipped stage left no effects');
	is($node->safe_psql('postgres', q{SELECT count(*) FROM public.job_log WHERE note = 'after skip'}), '1',
		'skip: the later stage took effect');

	define_job('fallbacky', {}, [
		{ name => 'primary', on_error => 'fallback', sql => 'SELECT 1 / (count(*) - count(*)) FROM public.catalog',
		  fallback_sql => q{INSERT INTO public.job_log (note) VALUES ('fallback ran')} } ]);
	($ret, $out, $err) = call_job('fallbacky');
	is($ret, 0, 'fallback: CALL succeeds') or diag($err);
	$run = last_run('fallbacky');
	is($run->{status}, 'succeeded', 'fallback: run succeeded');
	is(stage_summary($run->{id}), '1:1:primary:fallback:22012', 'fallback: stage recorded as fallback');
	is($node->safe_psql('postgres', q{SELECT count(*) FROM public.job_log WHERE note = 'fallback ran'}), '1',
		'fallback: the fallback took effect');
}

# 7. a killed session's run is abandoned ------------------------------------------------

{
	define_job('sleeper', { params => '{"sleep": "30"}' },
		[ { name => 'nap', sql => q{SELECT pg_sleep(pricemath.job_param('sleep')::float8)} } ]);
	my $victim = psql_start([q{CALL pricemath.run_job('sleeper')}]);
	ok($node->poll_query_until('postgres', running_count('sleeper'), '1'), 'abandon: run is running');
	my ($old_id, $pid) = split /\|/,
	  $node->safe_psql('postgres', q{SELECT id, pid FROM pricemath.job_run WHERE job = 'sleeper' AND status = 'running'});
	# wait for the backend to be gone, so that its run lock is released
	is($node->safe_psql('postgres', "SELECT pg_terminate_backend($pid, 10000)"), 't', 'abandon: backend terminated');
	my ($vret, $vout, $verr) = psql_finish($victim);
	isnt($vret, 0, 'abandon: the killed CALL fails');
	my ($ret, $out, $err) = call_job('sleeper', q{'{"sleep": "0"}'});
	is($ret, 0, 'abandon: the next run succeeds') or diag($err);
	my $old = run_row($old_id);
	is($old->{status}, 'abandoned', 'abandon: the old run is marked abandoned');
	like($old->{message}, qr/pid $pid\b/, 'abandon: message names the dead session');
	is(last_run('sleeper')->{status}, 'succeeded', 'abandon: the new run is recorded');
}

# 8. trimming ----------------------------------------------------------------------

{
	define_job('trimmed', { keep_runs => 3, keep_changes => 1 }, [
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 1) FROM public.catalog WHERE sku BETWEEN 'SKU-0281' AND 'SKU-0285'}) ]);
	my @ids;
	for (1 .. 5)
	{
		my ($ret, $out, $err) = call_job('trimmed');
		die "trimmed run failed: $err" if $ret;
		push @ids, $out;
	}
	my $newest3 = join(',', @ids[ 2 .. 4 ]);
	is($node->safe_psql('postgres', q{SELECT string_agg(id::text, ',' ORDER BY id) FROM pricemath.job_run WHERE job = 'trimmed'}),
		$newest3, 'keep_runs: the newest 3 runs remain');
	is($node->safe_psql('postgres', "SELECT string_agg(DISTINCT run_id::text, ',') FROM pricemath.job_stage_run
			WHERE run_id IN (" . join(',', @ids) . ')'),
		$newest3, 'keep_runs: stage rows only for the remaining runs');
	is($node->safe_psql('postgres', "SELECT string_agg(DISTINCT run_id::text, ',') FROM pricemath.job_change
			WHERE run_id IN (" . join(',', @ids) . ')'),
		$ids[4], 'keep_changes: only the newest run keeps its changes');
	is($node->safe_psql('postgres', q{SELECT string_agg(id::text, ',') FROM pricemath.job_run WHERE job = 'trimmed' AND changes_kept}),
		$ids[4], 'keep_changes: changes_kept on the newest run only');
	is($node->safe_psql('postgres', "SELECT count(*) FROM pricemath.job_change WHERE run_id = $ids[4]"), '5',
		'keep_changes: the newest run has its 5 before-images');
}

# 9. NOTIFY -------------------------------------------------------------------------

{
	my $listener = $node->background_psql('postgres');
	$listener->query_safe('LISTEN pricemath_job');

	# The payload of run $id, as text and decoded; psql prints notifications after each query.
	my $notification = sub {
		my ($id) = @_;
		for (1 .. 100)
		{
			my $out = $listener->query('SELECT 1');
			for my $line (split /\n/, $out)
			{
				next unless $line =~ /^Asynchronous notification "pricemath_job" with payload "(.*)" received from server process with PID \d+\.$/;
				my $payload = $1;
				my $event = $json->decode($payload);
				return ($payload, $event) if $event->{run_id} == $id;
			}
			usleep(100_000);
		}
		return ('', {});
	};

	define_job('notified', {}, [
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 0.10) FROM public.catalog WHERE sku BETWEEN 'SKU-0241' AND 'SKU-0247'}) ]);
	my ($ret, $id, $err) = call_job('notified');
	my ($payload, $event) = $notification->($id);
	is($event->{job}, 'notified', 'notify: payload names the job');
	is($event->{run_id}, $id, 'notify: payload has the run id');
	is($event->{status}, 'succeeded', 'notify: payload has the status');
	is($event->{rows_changed}, 7, 'notify: payload has rows_changed');

	define_job('loud', {}, [ { name => 'verbose_guard', kind => 'check', sql => q{SELECT false, repeat('x', 20000)} } ]);
	($ret, undef, $err) = call_job('loud');
	isnt($ret, 0, 'notify: the loud run fails');
	my $loud = last_run('loud');
	cmp_ok(length($loud->{message}), '>', 20000, 'notify: the ledger keeps the whole message');
	($payload, $event) = $notification->($loud->{id});
	cmp_ok(length($payload), '>', 0, 'notify: long payload received');
	cmp_ok(length($payload), '<', 8000, 'notify: long payload is below 8000 bytes');
	ok($event->{truncated}, 'notify: long payload says truncated');
	like($event->{message} // '', qr/^check "verbose_guard" failed: x+$/, 'notify: message shortened, not garbled');
	$listener->quit;
}

# 10. dry run -------------------------------------------------------------------------

{
	define_job('dry', {}, [
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 0.50) FROM public.catalog WHERE sku <= 'SKU-0150'}) ]);
	my $before = checksum();
	my ($ret, $dry_id, $err) = call_job('dry', 'dry_run => true');
	is($ret, 0, 'dry run: CALL succeeds') or diag($err);
	is(checksum(), $before, 'dry run: catalog unchanged');
	my $dry = run_row($dry_id);
	is($dry->{status}, 'dry_run', 'dry run: status dry_run');
	is($dry->{rows_changed}, 150, 'dry run: rows_changed counts what would change');
	my $stage = stage_runs($dry_id)->[0];
	is(scalar(@{ $stage->{detail}{sample} // [] }), 100, 'dry run: sample capped at 100 entries');
	is($node->safe_psql('postgres', "SELECT count(*) FROM pricemath.job_change WHERE run_id = $dry_id"), '0',
		'dry run: no before-images');
	my ($ret2, $real_id) = call_job('dry');
	is(run_row($real_id)->{rows_changed}, $dry->{rows_changed}, 'dry run: a real run changes as many rows');
	isnt(checksum(), $before, 'dry run: the real run changed the catalog');
}

# 11. revert ----------------------------------------------------------------------------

{
	define_job('markup', {}, [
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 1.00) FROM public.catalog WHERE sku BETWEEN 'SKU-0201' AND 'SKU-0220'}) ]);
	my $others = q{sku <> 'SKU-0205'};
	my $before = checksum($others);
	my ($ret, $id, $err) = call_job('markup');
	is(run_row($id)->{rows_changed}, 20, 'revert: the run changed 20 rows');
	$node->safe_psql('postgres', q{UPDATE public.catalog SET prices = '{1.11}' WHERE sku = 'SKU-0205'});
	my $revert_id;
	($ret, $revert_id, $err) = run_sql("CALL pricemath.revert_run($id);");
	is($ret, 0, 'revert: CALL succeeds') or diag($err);
	is(checksum($others), $before, 'revert: the other rows are back to their before-images');
	is($node->safe_psql('postgres', q{SELECT prices FROM public.catalog WHERE sku = 'SKU-0205'}), '{1.11}',
		'revert: the hand-changed row keeps its value');
	my $rev = run_row($revert_id);
	is($rev->{reverts}, $id, 'revert: the revert run names the run it reverts');
	is($rev->{rows_changed}, 19, 'revert: 19 rows reverted');
	like(join(' ', @{ $rev->{warnings} }), qr/SKU-0205/, 'revert: a warning names the row changed since');
	($ret, undef, $err) = run_sql("CALL pricemath.revert_run($id);");
	like($err, qr/ERROR:  55000: run $id was already reverted by run $revert_id/, 'revert: reverting again raises 55000');
}

# 12. privileges -------------------------------------------------------------------------

{
	$node->safe_psql('postgres', q{
		CREATE ROLE app_pricing LOGIN;
		CREATE ROLE other_team LOGIN;
		CREATE ROLE mallory LOGIN;
		GRANT USAGE ON SCHEMA pricemath TO app_pricing, other_team, mallory;
		CREATE TABLE public.pricing_log (who_current text, who_session text);
		ALTER TABLE public.pricing_log OWNER TO app_pricing;
	});
	define_job('app_job', { owner => 'app_pricing' },
		[ { name => 'whoami', sql => 'INSERT INTO public.pricing_log VALUES (current_user, session_user)' } ]);
	my ($ret, $out, $err) = call_job('app_job');
	is($ret, 0, 'privileges: the superuser runs app_pricing\'s job') or diag($err);
	is($node->safe_psql('postgres', 'SELECT who_current || \' \' || who_session FROM public.pricing_log'),
		"app_pricing $su", 'privileges: stage SQL runs as the job owner');

	($ret, $out, $err) = run_sql('SELECT count(*) FROM pricemath.job; SELECT count(*) FROM pricemath.job_run;',
		user => 'app_pricing');
	is($out, "1\n1", 'privileges: the owner sees its job and run');
	($ret, $out, $err) = run_sql('SELECT count(*) FROM pricemath.job; SELECT count(*) FROM pricemath.job_run;',
		user => 'other_team');
	is($out, "0\n0", 'privileges: another team sees no jobs and no runs');
	($ret, $out, $err) = call_job('app_job', undef, user => 'other_team');
	like($err, qr/ERROR:  42704: job "app_job" does not exist/, 'privileges: another team cannot run the job');
	($ret, $out, $err) = run_sql(q{INSERT INTO pricemath.job (name, owner) VALUES ('sneaky', 'app_pricing');},
		user => 'other_team');
	like($err, qr/ERROR:  42501: new row violates row-level security policy for table "job"/,
		'privileges: another team cannot create a job owned by app_pricing');

	# each would reach the superuser session's privileges if the owner's id were not locked in
	for my $case ([ 'esc_reset', 'RESET ROLE' ], [ 'esc_set_role', "SET ROLE $su" ],
		[ 'esc_session', "SET SESSION AUTHORIZATION $su" ])
	{
		my ($job, $stmt) = @$case;
		define_job($job, { owner => 'app_pricing' },
			[ { name => 'escalate', sql => "$stmt; INSERT INTO public.pricing_log VALUES (current_user, session_user)" } ]);
		($ret, $out, $err) = call_job($job);
		isnt($ret, 0, "privileges: '$stmt' in a stage fails the run");
		like($err, qr/cannot set parameter|security-restricted/, "privileges: '$stmt' is refused as a role change");
		is(last_run($job)->{status}, 'failed', "privileges: '$stmt' run recorded as failed");
	}
	is($node->safe_psql('postgres', 'SELECT count(*) FROM public.pricing_log'), '1',
		'privileges: no stage wrote after changing role');

	# a job named like the admin's, created by mallory, runs as mallory
	define_job('nightly_reprice', {}, [ { name => 'escalate', sql => 'ALTER ROLE mallory SUPERUSER' } ],
		user => 'mallory');
	is($node->safe_psql('postgres', q{SELECT owner FROM pricemath.job WHERE name = 'nightly_reprice'}), 'mallory',
		'privileges: mallory\'s job is owned by mallory');
	($ret, $out, $err) = call_job('nightly_reprice');
	like($err, qr/ERROR:  42501: /, 'privileges: mallory\'s stage fails with 42501 when the superuser runs it');
	is($node->safe_psql('postgres', q{SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'}), 'f',
		'privileges: mallory is not a superuser');
}

# 13. inside a transaction block -------------------------------------------------------

{
	define_job('in_tx', {}, [
		apply_stage('bump', q{SELECT sku, pricemath.add(prices, 3) FROM public.catalog WHERE sku BETWEEN 'SKU-0261' AND 'SKU-0265'}) ]);
	my $before = checksum();
	my ($ret, $out, $err) = run_sql(q{BEGIN;
		CALL pricemath.run_job('in_tx');
		COMMIT;});
	is($ret, 0, 'transaction block: BEGIN; CALL; COMMIT works') or diag($err);
	my $run = last_run('in_tx');
	is($run->{id}, $out, 'transaction block: CALL returns the run id');
	is($run->{status}, 'succeeded', 'transaction block: the ledger row is committed');
	is($run->{rows_changed}, 5, 'transaction block: the run changed 5 rows');
	isnt(checksum(), $before, 'transaction block: the changes are committed');

	# the runner pins its own search_path for its transaction; in the
	# caller's transaction that must not outlive the CALL
	my $path = $node->safe_psql('postgres', 'SHOW search_path');
	($ret, $out, $err) = run_sql(q{BEGIN;
		CALL pricemath.run_job('in_tx', dry_run => true);
		SHOW search_path;
		ROLLBACK;});
	is((split /\n/, $out)[1], $path, 'transaction block: the caller\'s search_path is intact after the CALL');

	# two runs in one transaction, the second's stage naming a table
	# unqualified, as stage SQL may (it runs under the caller's search_path)
	define_job('unqualified', {}, [ { name => 'count', sql => 'SELECT count(*) FROM catalog' } ]);
	($ret, $out, $err) = call_job('unqualified');
	is($ret, 0, 'transaction block: an unqualified stage runs at top level') or diag($err);
	($ret, $out, $err) = run_sql(q{BEGIN;
		CALL pricemath.run_job('in_tx', dry_run => true);
		CALL pricemath.run_job('unqualified');
		COMMIT;});
	is($ret, 0, 'transaction block: two CALLs in one transaction work') or diag($err);
	is($node->safe_psql('postgres', q{SELECT string_agg(status, ' ' ORDER BY id) FROM pricemath.job_run WHERE job = 'unqualified'}),
		'succeeded succeeded', 'transaction block: the second CALL\'s stage ran under the caller\'s search_path');

	$before = checksum();
	($ret, $out, $err) = run_sql(q{BEGIN;
		CALL pricemath.run_job('guarded');
		COMMIT;});
	is($ret, 0, 'transaction block: a failing run does not abort the transaction') or diag($err);
	like($err, qr/WARNING:  01000: run \d+ of job "guarded" failed in stage "guard": check "guard" failed: too many moves/,
		'transaction block: a failed run is a warning');
	unlike($err, qr/ERROR/, 'transaction block: no error');
	$run = last_run('guarded');
	isnt($run->{id}, $guard_run, 'transaction block: a new ledger row');
	is($run->{status}, 'failed', 'transaction block: the failed ledger row is committed');
	is(checksum(), $before, 'transaction block: the catalog is unchanged');
}

# 14. structured log lines -----------------------------------------------------------------

{
	my $log = slurp_file($node->logfile);
	my @stage_lines = grep { /"pricemath": "stage"/ && /"run_id": $guard_run[,}]/ } split /\n/, $log;
	my @run_lines = grep { /"pricemath": "run"/ && /"run_id": $guard_run[,}]/ } split /\n/, $log;
	is(scalar(@stage_lines), 3, 'log: one line per stage of the guarded run');
	is(scalar(@run_lines), 1, 'log: one line for the guarded run');
	my @stages = map { /LOG:  (\{.*\})$/ ? $json->decode($1) : {} } @stage_lines;
	is(join(' ', map { "$_->{stage}:$_->{status}" } @stages), 'touch:succeeded bump:succeeded guard:failed',
		'log: stage lines are JSON with stage and status');
	my ($line) = map { /LOG:  (\{.*\})$/ ? $json->decode($1) : {} } @run_lines;
	is("$line->{job} $line->{status} $line->{failed_stage} $line->{sqlstate}", 'guarded failed guard 23514',
		'log: the run line is JSON with the outcome');
	# a retried run logs its stages once per attempt
	my @retry_lines = map { /LOG:  (\{.*\})$/ ? $json->decode($1) : () }
	  grep { /"pricemath": "stage"/ && /"run_id": $retry_run[,}]/ } split /\n/, $log;
	is(join(' ', map { "$_->{attempt}:$_->{stage}:$_->{status}:" . ($_->{sqlstate} // '') } @retry_lines),
		'1:wait:succeeded: 1:write:failed:40001 2:wait:succeeded: 2:write:succeeded:',
		'log: stage lines of both attempts of the retried run');
}

# 1. pg_cron, checked -----------------------------------------------------------------------

ok($node->poll_query_until('postgres',
		"SELECT EXISTS (SELECT FROM cron.job_run_details WHERE jobid = $cron_id AND status = 'succeeded')"),
	'cron: pg_cron ran the CALL successfully');
is($node->safe_psql('postgres',
		q{SELECT count(*) > 0 FROM pricemath.job_run WHERE job = 'cron_tick' AND status = 'succeeded' AND triggered_by LIKE '%pg_cron%'}),
	't', 'cron: the ledger has a succeeded run triggered by pg_cron');
is($node->safe_psql('postgres', "SELECT cron.unschedule($cron_id)"), 't', 'cron: unscheduled');

$node->stop;
done_testing();
