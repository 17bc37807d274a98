# The demo's own SQL (demo/*.sql, as make demo runs it) on a generated
# catalog of 2,000 products with the same bad rows: pg_cron runs the job, a
# direct CALL falls back to the last good FX rates, and every number of the
# report, the drill, the dry run and the revert is checked against the data.
use strict;
use warnings;
use IPC::Run;
use JSON::PP;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# test/pg/tap copies demo/ next to the tests; PM_DEMO_DIR or TAP_ROOT name
# a checkout instead.
my ($demo) = grep { defined $_ && -f "$_/job.sql" }
  ($ENV{PM_DEMO_DIR}, "$ENV{TESTDIR}/demo", defined $ENV{TAP_ROOT} ? "$ENV{TAP_ROOT}/demo" : undef);
BAIL_OUT('demo/ not found: set PM_DEMO_DIR') unless $demo;

my $products = 2000;
my $node = PostgreSQL::Test::Cluster->new('demo');
$node->init;
my $socket_dir = $node->host;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.host = '$socket_dir'
cron.use_background_workers = off
});
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION pricemath; CREATE EXTENSION pg_cron;');
my $json = JSON::PP->new;

# Runs a demo file as make demo does (psql -f, variables with -v); returns
# (exit code, stdout, stderr).  The output is unaligned, tuples only.
sub demo_file
{
	my ($file, %vars) = @_;
	open(my $fh, '<', "$demo/$file") or die "$demo/$file: $!";
	my $sql = do { local $/; <$fh> };
	close $fh;
	my ($out, $err) = ('', '');
	my $ret = $node->psql('postgres', $sql, stdout => \$out, stderr => \$err,
		extra_params => [ map { ('-v', "$_=$vars{$_}") } sort keys %vars ]);
	return ($ret, $out, $err);
}

# A demo file that must succeed: its stdout split into sections by its
# "== title ==" lines, each a list of rows (arrays of fields).
sub demo_sections
{
	my ($file, %vars) = @_;
	my ($ret, $out, $err) = demo_file($file, %vars);
	is($ret, 0, "$file runs") or diag($err);
	my (%sections, $current);
	for my $line (split /\n/, $out)
	{
		if ($line =~ /^== (.*) ==$/) { $current = $1; $sections{$current} = []; next; }
		push @{ $sections{$current} }, [ split /\|/, $line, -1 ] if defined $current;
	}
	return \%sections;
}

sub query { return $node->safe_psql('postgres', $_[0]); }

# Rows of a query as arrays of fields.
sub rows { return [ map { [ split /\|/, $_, -1 ] } split /\n/, query($_[0]) ]; }

sub checksum { return query('SELECT checksum FROM catalog_checksum'); }

# 1. data ------------------------------------------------------------------------

{
	my ($ret, $out, $err) = demo_file('data.sql', products => $products);
	is($ret, 0, 'data.sql runs') or diag($err);
	my $first = checksum();
	($ret, $out, $err) = demo_file('data.sql', products => $products);
	is(checksum(), $first, 'data: a fixed seed, the same catalog every time');
}
is(query('SELECT count(*) FROM catalog'), $products, 'data: the catalog has the products asked for');
is(query('SELECT min(cardinality(prices)) || \' \' || max(cardinality(prices)) FROM catalog WHERE array_ndims(prices) = 1'),
	'4 8', 'data: 4 to 8 tiers');
is(query('SELECT string_agg(DISTINCT r.currency, \',\' ORDER BY r.currency) FROM catalog c JOIN region r USING (region)'),
	'EUR,GBP,JPY,USD', 'data: four currencies');
is(query('SELECT count(DISTINCT category) FROM catalog'), '20', 'data: 20 categories');
# the bad rows, by kind, from the data itself
my %bad_kind = (
	'below the minimum 0' => q{EXISTS (SELECT FROM unnest(prices) p WHERE p < 0)},
	'more than 2 decimal places' => q{EXISTS (SELECT FROM unnest(prices) p WHERE p <> round(p, 2))},
	'NaN' => q{'NaN' = ANY (prices)},
	'NULL element' => q{EXISTS (SELECT FROM unnest(prices) p WHERE p IS NULL)},
	'2-D' => q{array_ndims(prices) = 2});
for my $kind (sort keys %bad_kind)
{
	is(query("SELECT count(*) FROM catalog WHERE $bad_kind{$kind}"), '10', "data: 10 bad rows: $kind");
}
query('CREATE TABLE t_before AS SELECT sku, prices FROM catalog');

# 2. the job, scheduled by pg_cron -----------------------------------------------------

{
	my ($ret, $out, $err) = demo_file('job.sql');
	is($ret, 0, 'job.sql runs') or diag($err);
	is(query(q{SELECT string_agg(name || ':' || kind || ':' || severity || ':' || on_error, ' ' ORDER BY position)
			FROM pricemath.job_stage WHERE job = 'catalog_reprice'}),
		'validate:step:abort:abort fx_fresh:step:abort:fallback plan:step:abort:abort '
		  . 'large_moves:check:warn:abort index_move:check:abort:abort publish:apply:abort:abort',
		'job: six stages as rows');
}

my $s = demo_sections('schedule.sql');
my ($cron) = @{ $s->{'cron.job_run_details'} };
is("$cron->[1] $cron->[2]", 'succeeded 1 row', 'cron: pg_cron ran the demo entry successfully');
my ($ledger1) = @{ $s->{'its run in the ledger'} };
my $run1 = $ledger1->[0];
is("$ledger1->[1] $ledger1->[2]", 'succeeded postgres (pg_cron)', 'cron: its run is in the ledger, by pg_cron');
is(query(q{SELECT string_agg(jobname || ' ' || schedule || ' ' || active::text, ', ') FROM cron.job}),
	'catalog-reprice */5 * * * * false', 'cron: the demo entry is gone; the 5-minute entry is paused');

# What run 1 changed, from the catalog itself.
my $valid = $products - 50;
my $changed1 = query(q{SELECT count(*) FROM t_before b JOIN catalog c USING (sku) WHERE b.prices <> c.prices});
cmp_ok($changed1, '>', $valid / 4, 'run 1 changes many prices');
is($ledger1->[4], $changed1, 'run 1: rows_changed is what changed in the catalog');
query(qq{CREATE TABLE t_run1 AS SELECT sku, prices FROM catalog});
my $sum_run1 = checksum();

# 3. a direct CALL: the fallback, and no compounding -----------------------------------

$s = demo_sections('run_now.sql');
my ($run2) = grep { defined } map { /^run (\d+), by CALL$/ ? $1 : undef } keys %$s;
my @stages2 = @{ $s->{"run $run2, by CALL"} };
is(join(' ', map { "$_->[0]:$_->[1]" } @stages2),
	'validate:succeeded fx_fresh:fallback plan:succeeded large_moves:succeeded index_move:succeeded publish:succeeded',
	'run 2: fx_fresh falls back, the rest succeeds');
like($stages2[1][3], qr/^FX rates older than 5 minutes: EUR \(00:1\d:\d\d old\)/, 'run 2: the fallback says why');
is("$stages2[0][2] $stages2[2][2]", "0 $valid", 'run 2: nothing left to reject; every valid product planned');
is(query("SELECT string_agg(currency || '=' || rate, ',' ORDER BY currency) FROM fx_used WHERE run_id = $run2"),
	query("SELECT string_agg(currency || '=' || rate, ',' ORDER BY currency) FROM fx_used WHERE run_id = $run1"),
	'run 2: priced with the last good rates (those of run 1)');
my $changed2 = query(q{SELECT count(*) FROM t_run1 b JOIN catalog c USING (sku) WHERE b.prices <> c.prices});
is($stages2[5][2], $changed2, 'run 2: publish rows are what changed in the catalog');
cmp_ok($changed2, '<', $changed1 / 10, 'run 2: runs do not compound, few prices move again');
# those that move again are the ones the 10% cap held back in run 1
is(query(q{SELECT count(*) FROM t_run1 r JOIN catalog c USING (sku) JOIN t_before b USING (sku)
		WHERE r.prices <> c.prices
		  AND NOT EXISTS (SELECT FROM unnest(b.prices, r.prices) AS t(o, n) WHERE abs(n / o - 1) > 0.09)}), '0',
	'run 2: only prices that run 1 capped at 10% move again');

# 4. the report of run 1 --------------------------------------------------------------

$s = demo_sections('report.sql', run => $run1);
{
	my @ledger = @{ $s->{'ledger: the newest runs of catalog_reprice'} };
	is(join(' ', map { "$_->[0]:$_->[3]:$_->[5]:$_->[6]" } @ledger),
		"$run1:succeeded:$changed1: $run2:succeeded:$changed2:fx_fresh fallback", 'report: the ledger');
	like($ledger[0][2], qr/\(pg_cron\)$/, 'report: run 1 was triggered by pg_cron');

	my @stages = @{ $s->{"stages of run $run1"} };
	is(join(' ', map { "$_->[0]:$_->[1]:$_->[2]:$_->[4]" } @stages),
		"validate:step:succeeded:50 fx_fresh:step:succeeded:4 plan:step:succeeded:$valid "
		  . "large_moves:check:succeeded:1 index_move:check:succeeded:1 publish:apply:succeeded:$changed1",
		'report: the stages of run 1, their statuses and rows');
	my $big = query(q{SELECT count(*) FROM t_before b JOIN t_run1 r USING (sku) WHERE abs(r.prices[1] / b.prices[1] - 1) > 0.05});
	is($stages[3][5], sprintf('%d of %d products (%.2f%%) move more than 5%%', $big, $valid, 100 * $big / $valid),
		'report: large_moves counts the moves over 5%');
	cmp_ok($big / $valid, '<=', 0.02, 'report: at most 2% move more than 5%');

	# the index, recomputed from the catalog before and after run 1
	my ($l, $l4, $f4) = split /\|/, query(q{
		SELECT l, round(l, 4), round(sqrt(l * p), 4)
		FROM (SELECT sum(r.prices[1] / cur.budget_rate * c.units_sold) / sum(b.prices[1] / cur.budget_rate * c.units_sold) AS l,
		       sum(r.prices[1] * q1) / sum(b.prices[1] * q1) AS p
		FROM t_before b JOIN t_run1 r USING (sku) JOIN catalog c USING (sku)
		JOIN region g ON g.region = c.region JOIN currency cur ON cur.code = g.currency
		JOIN category k ON k.category = c.category,
		LATERAL (SELECT (c.units_sold * ((r.prices[1] / b.prices[1])::float8 ^ -k.elasticity) / cur.budget_rate)::numeric AS q1) q) i});
	like($stages[4][5], qr/^Laspeyres index (\d\.\d{4}), bounds 0\.985\.\.1\.015$/, 'report: index_move says the index');
	my ($check_l) = $stages[4][5] =~ /index (\S+),/;
	is($check_l, $l4, 'report: index_move\'s Laspeyres index is that of the change');
	cmp_ok(abs($l - 1), '<=', 0.015, 'report: the index is within 1.5%');
	cmp_ok(abs($l - 1), '>', 0.0005, 'report: the index moved');

	my @rejects = @{ $s->{'rejects: rows that break the input contract, moved to catalog_rejects'} };
	is(join(', ', map { "$_->[0]=$_->[1]" } @rejects),
		'array has 2 dimensions, expected 1=10, has more than 2 decimal places=10, is below the minimum 0=10, '
		  . 'is not a finite number=10, is not allowed=10', 'report: the rejects by rule');
	is(query(q{SELECT count(*) FROM catalog_rejects j JOIN t_before b USING (sku)
			WHERE j.reason = pricemath.price_array_violation(b.prices, 0, NULL, 2) AND j.prices = b.prices}), '50',
		'report: each reject keeps its prices and the reason price_array_violation gives');
	is(query(q{SELECT count(*) FROM catalog c JOIN catalog_rejects USING (sku)}), '0', 'report: rejects left the catalog');
	for my $r (@rejects)
	{
		my ($sku, $reason) = split /: /, $r->[2], 2;
		is($reason, query("SELECT pricemath.price_array_violation(prices, 0, NULL, 2) FROM t_before WHERE sku = '$sku'"),
			"report: example of \"$r->[0]\"");
	}

	is_deeply($s->{"warnings of run $run1"}, [ ['(none)'] ], 'report: no warnings');

	my @sample = @{ $s->{"before/after: a sample of run $run1 (first three tiers)"} };
	is(scalar(@sample), 6, 'report: a sample of 6 changes');
	is(join(',', map { $_->[1] } @sample[ 0 .. 3 ]), 'EUR,GBP,JPY,USD', 'report: one per currency, then the extremes');
	for my $row (@sample)
	{
		my ($sku, $cur, $before, $after, $move) = @$row;
		is(query("SELECT b.prices[1:3]::text || ' ' || r.prices[1:3]::text || ' ' || to_char(100 * (r.prices[1] / b.prices[1] - 1), 'FMSG990.00') || '%'
				FROM t_before b JOIN t_run1 r USING (sku) WHERE sku = '$sku'"), "$before $after $move",
			"report: sample $sku before and after");
	}
	my ($up, $up_text, $down_text) = split /\|/, query(q{
		SELECT max(m), to_char(100 * max(m), 'FMSG990.00') || '%', to_char(100 * min(m), 'FMSG990.00') || '%'
		FROM (SELECT r.prices[1] / b.prices[1] - 1 AS m FROM t_before b JOIN t_run1 r USING (sku)) x});
	is($sample[4][4], $up_text, 'report: the sample shows the largest rise');
	cmp_ok($up, '<=', 0.1, 'report: no price rises more than the cap');
	is($sample[5][4], $down_text, 'report: the sample shows the largest fall');

	my %hist = map { ($_->[0] =~ s/^\s+|\s+$//gr) => $_ } @{ $s->{"price moves of run $run1 (first tier, every product)"} };
	my @buckets = ([ '-10% .. -5%', -1, -0.05 ], [ '-5% .. -2%', -0.05, -0.02 ], [ '-2% .. -0.5%', -0.02, -0.005 ],
		[ '-0.5% .. 0', -0.005, 0 ], [ '0 .. +0.5%', 0, 0.005 ], [ '+0.5% .. +2%', 0.005, 0.02 ],
		[ '+2% .. +5%', 0.02, 0.05 ], [ '+5% .. +10%', 0.05, 1 ]);
	my $total = 0;
	for my $b (@buckets)
	{
		my ($label, $lo, $hi) = @$b;
		my $n = query(qq{SELECT count(*) FROM t_before b JOIN t_run1 r USING (sku)
			WHERE r.prices[1] <> b.prices[1] AND r.prices[1] / b.prices[1] - 1 >= $lo AND r.prices[1] / b.prices[1] - 1 < $hi});
		$total += $n;
		is($hist{$label} ? $hist{$label}[1] : 0, $n, "report: histogram $label");
	}
	my $unchanged = query(q{SELECT count(*) FROM t_before b JOIN t_run1 r USING (sku) WHERE r.prices[1] = b.prices[1]});
	is($hist{unchanged}[1], $unchanged, 'report: histogram, unchanged');
	is($total + $unchanged, $valid, 'report: the histogram counts every product');
	my ($max) = sort { $b <=> $a } map { $_->[1] } values %hist;
	is(join(' ', map { length($_->[2]) } sort { $a->[1] <=> $b->[1] } values %hist),
		join(' ', map { my $w = 40 * $_->[1] / $max; $w == int($w) ? $w : int($w) + 1 } sort { $a->[1] <=> $b->[1] } values %hist),
		'report: the bars are 40 wide for the largest count, in proportion for the others');

	my ($idx) = @{ $s->{"indices of run $run1 (first tier, in EUR at budget rates, every product)"} };
	is($idx->[0], $l4, 'report: Laspeyres');
	is($idx->[1], $f4, 'report: Fisher');
	cmp_ok(abs($idx->[1] - 1), '<=', 0.015, 'report: Fisher within 1.5% too');
	is("$idx->[2] $idx->[3] $idx->[4]", "$valid $changed1 " . ($valid - $unchanged),
		'report: products, changed, first tier moved');

	my ($health) = @{ $s->{job_health} };
	is("$health->[0] $health->[1] $health->[3] $health->[4] $health->[5]", 'catalog_reprice succeeded f 2 0',
		'report: job_health');
}

# 5. the incident drill, with a listener started before it ----------------------------

{
	my $listen = { in => "LISTEN pricemath_job;\n", out => '', err => '' };
	$listen->{run} = IPC::Run::start(
		[ $node->installed_command('psql'), '-XAtq', '-d', $node->connstr('postgres') ],
		'<', \$listen->{in}, '>', \$listen->{out}, '2>', \$listen->{err},
		IPC::Run::timeout($PostgreSQL::Test::Utils::timeout_default));
	$listen->{run}->pump while length $listen->{in};
	$node->poll_query_until('postgres',
		q{SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN pricemath_job%' AND state = 'idle'}, '1')
	  or die 'listener did not start';

	my $before = checksum();
	my ($ret, $out, $err) = demo_file('drill.sql');
	is($ret, 0, 'drill.sql runs to its end') or diag($err);
	like($err, qr/ERROR:  run (\d+) of job "catalog_reprice" failed in stage "index_move": check "index_move" failed: Laspeyres index (\d\.\d{4}), bounds 0\.985\.\.1\.015/,
		'drill: the CALL fails at index_move');
	my ($run3, $drill_l) = $err =~ /run (\d+) of job .* Laspeyres index (\S+),/;
	cmp_ok($drill_l, '>', 1.015, 'drill: the index is out of bounds');
	is(checksum(), $before, 'drill: the catalog is unchanged');
	my %sec;
	my $cur;
	for (split /\n/, $out) { if (/^== (.*) ==$/) { $cur = $1; next; } push @{ $sec{$cur} }, [ split /\|/, $_, -1 ] if $cur; }
	my ($sums) = @{ $sec{'catalog checksum before and after the failed run'} };
	is_deeply($sums, [ $before, $before, 't' ], 'drill: the checksums it shows are equal');
	my @ledger = @{ $sec{'the ledger'} };
	is(join(' ', @{ $ledger[0] }[ 0 .. 3 ]), "$run3 failed index_move 23514", 'drill: the ledger says where');
	my $usd = query(q{SELECT count(*) FROM catalog c JOIN region r USING (region) WHERE r.currency = 'USD'});
	is($ledger[1][1] . ' ' . $ledger[1][2],
		sprintf('warned check "large_moves" failed: %d of %d products (%.2f%%) move more than 5%%', $usd, $valid, 100 * $usd / $valid),
		'drill: large_moves warns, every USD price moves by the cap');
	is($ledger[2][1], 'failed', 'drill: index_move failed');
	is(query(q{SELECT count(*) FROM fx_rate WHERE rate > 100 AND currency = 'USD'}), '0', 'drill: the feed is corrected');
	is(query("SELECT count(*) FROM fx_used WHERE run_id = $run3"), '0', 'drill: its rates are not kept as good ones');

	$listen->{in} .= "SELECT 1;\n\\q\n";
	$listen->{run}->finish;
	my ($payload) = $listen->{out} =~ /Asynchronous notification "pricemath_job" with payload "(.*)" received/;
	ok(defined $payload, 'drill: the listener received an alert') or diag($listen->{out});
	my $alert = $json->decode($payload // '{}');
	is(join(' ', map { $alert->{$_} // '' } qw(job run_id status failed_stage sqlstate)),
		"catalog_reprice $run3 failed index_move 23514", 'drill: the alert says which run failed where');
	like($alert->{message}, qr/Laspeyres index \Q$drill_l\E/, 'drill: the alert says why');
	like($alert->{warnings}[0] // '', qr/^check "large_moves" failed/, 'drill: the alert carries the warning');
}

# 6. a dry run with another markup ------------------------------------------------------

{
	my $before = checksum();
	my $changes = query('SELECT count(*) FROM pricemath.job_change');
	$s = demo_sections('dry_run.sql');
	my ($title) = grep { /^dry run \d+ with markup 0\.36$/ } keys %$s;
	my ($run4) = $title =~ /(\d+)/;
	my ($r) = @{ $s->{$title} };
	is(checksum(), $before, 'dry run: the catalog is unchanged');
	is("$r->[0] $r->[3]", 'dry_run t', 'dry run: recorded as dry_run, and it says the catalog is unchanged');
	is(query('SELECT count(*) FROM pricemath.job_change'), $changes, 'dry run: no before-images kept');
	# what a markup of 0.36 would change: every price whose target moves
	cmp_ok($r->[1], '>', $valid * 0.9, 'dry run: would change most prices');
	is($r->[1] + $r->[2], $valid, 'dry run: would change plus unchanged is every product');
	is(join(' ', map { "$_->[0]:$_->[1]" } @{ $s->{$title} }[ 1 .. 2 ]), 'large_moves:succeeded index_move:succeeded',
		'dry run: its checks pass');
	my @diff = @{ $s->{'the diff it would make (first three tiers, a sample)'} };
	is(scalar(@diff), 5, 'dry run: a sample of the diff');
	for my $d (@diff)
	{
		is(query("SELECT prices[1:3] FROM catalog WHERE sku = '$d->[0]'"), $d->[1], "dry run: $d->[0] now");
		cmp_ok((split /,/, substr($d->[2], 1))[0], '>=', (split /,/, substr($d->[1], 1))[0], "dry run: $d->[0] would not fall");
	}
}

# 7. revert the last successful run -----------------------------------------------------

{
	$s = demo_sections('revert.sql');
	my ($title) = grep { /^revert run \d+ of run \d+$/ } keys %$s;
	my ($rev, $reverted) = $title =~ /(\d+) of run (\d+)/;
	is($reverted, $run2, 'revert: the last successful run is run 2');
	my ($r, $counts, @rows) = @{ $s->{$title} };
	is("$r->[1] $r->[2] $r->[3] $r->[4]", "succeeded $run2 $changed2 {}", 'revert: restores what run 2 changed');
	is("$counts->[0] $counts->[1]", "$changed2 $changed2", 'revert: every price back to its before-image');
	is(checksum(), $sum_run1, 'revert: the catalog is as it was before run 2');
	is(scalar(@rows), $changed2 >= 3 ? 3 : $changed2, 'revert: a sample');
}

# 8. the end: the schedule stays -----------------------------------------------------------

{
	my ($ret, $out, $err) = demo_file('finish.sql');
	is($ret, 0, 'finish.sql runs') or diag($err);
	is(query(q{SELECT string_agg(jobname || ' ' || active, ', ') FROM cron.job}), 'catalog-reprice true',
		'finish: the 5-minute schedule is active');
	query(q{SELECT cron.unschedule('catalog-reprice')});
}

$node->stop;
done_testing();
