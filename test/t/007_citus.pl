# Every aggregate on Citus: a coordinator and two workers, a distributed
# table and a local copy of its rows.  Each aggregate must run on the shards
# (worker_partial_agg in the task query, coord_combine_agg on the
# coordinator), and its results must equal the local table's: numeric and
# integer forms bit for bit (text and binary form), as must float8 vec_min and
# vec_max; other float8 forms within 1e-12 relative, since compensated sums
# merged in another order may differ in the last bits.  A repricing UPDATE
# with pricemath functions runs on the shards and leaves the same rows as on
# the local table.  Runs only where ../shared/citus (a prebuilt Citus) sits
# next to the checkout; users' machines skip it.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use PmFloat qw(float_close);

my $shared = defined $ENV{PM_SOURCE_DIR} ? "$ENV{PM_SOURCE_DIR}/../shared/citus" : undef;
plan skip_all => 'Citus tests run only where ../shared/citus (a prebuilt Citus) is next to the checkout: '
  . (defined $shared ? "$shared does not exist" : 'PM_SOURCE_DIR is not set')
  unless defined $shared && -d $shared;
my $pkglibdir = `pg_config --pkglibdir`;
chomp $pkglibdir;
plan skip_all => "Citus is not installed in $pkglibdir: run ../shared/citus/install (make test does)"
  unless -f "$pkglibdir/citus.so";

# Three clusters reaching each other over TCP on loopback.  Each node's port
# is its own (PostgreSQL::Test::Cluster reserves it), and it listens on
# 127.0.0.1 as well as its socket.
my @nodes;
for my $name (qw(coordinator worker1 worker2))
{
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'citus'
max_worker_processes = 16
listen_addresses = '127.0.0.1'
});
	$node->append_conf('pg_hba.conf', "host all all 127.0.0.1/32 trust\n");
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION citus');
	push @nodes, $node;
}
my ($coord, @workers) = @nodes;
for my $w (@workers)
{
	$coord->safe_psql('postgres', "SELECT citus_add_node('127.0.0.1', " . $w->port . ')');
}
is($coord->safe_psql('postgres', 'SELECT count(*) FROM citus_get_active_worker_nodes()'),
	'2', 'coordinator sees both workers');

# Added after the workers, the extension propagates to them.
$coord->safe_psql('postgres', 'CREATE EXTENSION pricemath');
my $version = $coord->safe_psql('postgres', "SELECT extversion FROM pg_extension WHERE extname = 'pricemath'");
for my $w (@workers)
{
	is($w->safe_psql('postgres', "SELECT extversion FROM pg_extension WHERE extname = 'pricemath'"),
		$version, 'pricemath propagated to worker ' . $w->name);
}

# The rows: for each argument role a numeric column (_n, 0 to 4 decimals),
# its float8 copy (_f) and integer columns (_i2, _i4, _i8), and numeric[]
# and float8[] arrays (a_n, a_f) for vec_*.  NULL rows and elements, zero
# quantities and weights, negative values where allowed (values and array
# elements; prices stay > 0 and quantities and weights >= 0, the indices'
# contract), 1e40 (beyond int128: the exact numeric fallback) and, in the
# bigint columns, products whose sums overflow int128.  Group g is not the
# distribution column, so each group's rows are spread over every shard, and
# group 5 has only NULLs (each shard's state for it is empty).
my %base = (
	v => q{CASE WHEN i % 53 = 0 THEN NULL WHEN i = 1777 THEN 1e40 ELSE round((random() * 200 - 20)::numeric, i % 5) END},
	w => q{CASE WHEN i % 89 = 0 THEN NULL WHEN i % 61 = 0 THEN 0 ELSE round((random() * 10)::numeric, i % 3) END},
	p0 => q{CASE WHEN i % 101 = 0 THEN NULL WHEN i = 2222 THEN 1e40 ELSE round((1 + random() * 99)::numeric, i % 5) END},
	p1 => q{CASE WHEN i = 2222 THEN 1.5e40 ELSE round((1 + random() * 99)::numeric, (i + 1) % 5) END},
	q0 => q{CASE WHEN i % 67 = 0 THEN 0 ELSE round((random() * 50)::numeric, i % 3) END},
	q1 => q{CASE WHEN i % 71 = 0 THEN NULL ELSE round((random() * 50)::numeric, (i + 2) % 3) END});
my %int_base = (
	v => q{CASE WHEN i % 59 = 0 THEN NULL ELSE (random() * 2000 - 200)::int END},
	w => q{CASE WHEN i % 83 = 0 THEN NULL ELSE (random() * 20)::int END},
	p0 => q{CASE WHEN i % 103 = 0 THEN NULL ELSE 1 + (random() * 999)::int END},
	p1 => q{1 + (random() * 999)::int},
	q0 => q{(random() * 50)::int},
	q1 => q{CASE WHEN i % 73 = 0 THEN NULL ELSE (random() * 50)::int END});
# bigint values for 40 rows: each product about 1e37, so every sum of
# products passes int128's 1.7e38
my %int8_big = (v => '5000000000000000000', w => '1000000000000000000', p0 => '3000000000000000000',
	p1 => '4000000000000000000', q0 => '2000000000000000000', q1 => '2500000000000000000');
my @roles = qw(v w p0 p1 q0 q1);

my $inner = join(",\n\t\t", 'i',
	q{CASE WHEN i % 97 = 0 THEN NULL ELSE ARRAY[
		round((random() * 1100 - 100)::numeric, i % 5),
		CASE WHEN i % 13 = 0 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
		CASE WHEN i = 1234 THEN 1e40 ELSE (i % 1000)::numeric / 8 END,
		-(i % 7)::numeric / 4] END AS a},
	map({ "$base{$_} AS $_" } @roles), map({ "$int_base{$_} AS ${_}_i" } @roles));
my $outer = join(",\n\t", 'i AS id', 'i % 5 AS g', 'a AS a_n', 'a::float8[] AS a_f',
	map {
		my $r = $_;
		("$r AS ${r}_n", "${r}::float8 AS ${r}_f", "${r}_i::int2 AS ${r}_i2", "${r}_i AS ${r}_i4",
			"(CASE WHEN i % 100 = 3 THEN $int8_big{$r} ELSE ${r}_i END)::int8 AS ${r}_i8")
	} @roles);
$coord->safe_psql('postgres', qq{
	SELECT setseed(0.5);
	CREATE TABLE tl AS SELECT $outer
	FROM (SELECT $inner FROM generate_series(1, 4000) i) s;
	INSERT INTO tl (id, g) SELECT i, 5 FROM generate_series(4001, 4010) i;
	SET citus.shard_count = 8;
	CREATE TABLE td (LIKE tl);
	SELECT create_distributed_table('td', 'id');
	INSERT INTO td SELECT * FROM tl;
	ANALYZE tl, td;
});

my $nshards = $coord->safe_psql('postgres', "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'td'::regclass");
is($nshards, '8', 'td has 8 shards');
is($coord->safe_psql('postgres', "SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'td'::regclass"),
	'2', 'the shards are on both workers');
my $rows_sql = q{SELECT count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM %s t};
is($coord->safe_psql('postgres', sprintf($rows_sql, 'td')), $coord->safe_psql('postgres', sprintf($rows_sql, 'tl')),
	'the distributed and the local table hold the same rows');

# Every aggregate of the extension, from the catalog.  Its arguments are
# columns chosen by the aggregate's name (the roles) and argument types (the
# column suffix); an aggregate we cannot map is a failure, never a skip.
my %roles_of = (
	vec_sum => ['a'], vec_avg => ['a'], vec_min => ['a'], vec_max => ['a'],
	weighted_avg => [qw(v w)],
	laspeyres => [qw(p0 p1 q0)], paasche => [qw(p0 p1 q1)],
	fisher => [qw(p0 p1 q0 q1)], tornqvist => [qw(p0 p1 q0 q1)],
	jevons => [qw(p0 p1)], dutot => [qw(p0 p1)], carli => [qw(p0 p1)]);
my %suffix_of = (
	'numeric' => 'n', 'numeric[]' => 'n', 'double precision' => 'f', 'double precision[]' => 'f',
	'smallint' => 'i2', 'integer' => 'i4', 'bigint' => 'i8');
my %send_of = (
	'numeric' => 'numeric_send', 'double precision' => 'float8send',
	'numeric[]' => 'array_send', 'double precision[]' => 'array_send');

my @catalog = map { [ split /\|/ ] } split /\n/, $coord->safe_psql('postgres', q{
	SELECT p.oid::regprocedure, p.proname,
	  array_to_string(ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) WITH ORDINALITY u(t, n) ORDER BY n), ','),
	  format_type(p.prorettype, NULL), format_type(a.aggtranstype, NULL)
	FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	WHERE p.pronamespace = 'pricemath'::regnamespace
	ORDER BY 1::text});

# Each family has its numeric and float8 forms (and integer forms for the
# non-vec ones): an empty or shrunken catalog cannot pass as "all checked".
for my $name (sort keys %roles_of)
{
	my %have = map { $_->[2] => 1 } grep { $_->[1] eq $name } @catalog;
	my @want = $name =~ /^vec_/ ? ('numeric[]', 'double precision[]') : ('numeric', 'double precision', 'smallint', 'integer', 'bigint');
	for my $t (@want)
	{
		my $args = join(',', ($t) x @{ $roles_of{$name} });
		ok($have{$args}, "catalog has pricemath.$name($args)");
	}
}

my @aggs;
for my $row (@catalog)
{
	my ($sig, $name, $argtypes, $rettype, $stype) = @$row;
	my @types = split /,/, $argtypes;
	my $roles = $roles_of{$name};
	my @suffixes = map { $suffix_of{$_} } @types;
	if (!$roles || @$roles != @types || grep({ !defined } @suffixes) || !$send_of{$rettype})
	{
		fail("no test columns for aggregate $sig returning $rettype");
		next;
	}
	my $expr = "pricemath.$name(" . join(', ', map { "$roles->[$_]_$suffixes[$_]" } 0 .. $#types) . ')';
	# numeric and integer input is summed exactly, and min/max do not depend
	# on the order of the rows: those must be bit-identical
	my $exact = $types[0] !~ /^double precision/ || $name =~ /^vec_m(in|ax)$/;
	push @aggs, { sig => $sig, expr => $expr, send => $send_of{$rettype}, exact => $exact, stype => $stype };
}

# The queries of each check.  One aggregate per query: a single aggregate
# that cannot run on the shards makes Citus ship the rows for the whole query.
my %variants = (
	'whole table' => sub { "SELECT -1, $_[0] FROM $_[1]" },
	'GROUP BY g' => sub { "SELECT g, $_[0] FROM $_[1] GROUP BY g ORDER BY g" },
	'no rows' => sub { "SELECT -1, $_[0] FROM $_[1] WHERE id < 0" });

# Runs many statements in one psql session, each preceded by a marker line;
# returns the output lines of each, by key.
sub run_batch
{
	my ($node, $stmts) = @_;
	my $sql = join('', map { "\\echo \@\@ $_->[0]\n$_->[1];\n" } @$stmts);
	my $out = $node->safe_psql('postgres', $sql, extra_params => [ '-F', '|' ]);
	my (%res, $key);
	for my $line (split /\n/, $out)
	{
		if ($line =~ /^\@\@ (.*)$/) { $key = $1; $res{$key} = []; next; }
		push @{ $res{$key} }, $line;
	}
	return \%res;
}

# The plans: the shards compute partial states and the coordinator combines
# them.  Without pushdown the task query just selects the argument columns.
my $plans = run_batch($coord, [
	map {
		my $agg = $_;
		map { [ "$agg->{sig} $_", 'EXPLAIN (VERBOSE, COSTS OFF) ' . $variants{$_}->($agg->{expr}, 'td') ] }
		  ('whole table', 'GROUP BY g')
	} @aggs ]);
my $checked = 0;
for my $agg (@aggs)
{
	for my $label ('whole table', 'GROUP BY g')
	{
		my $plan = join("\n", @{ $plans->{"$agg->{sig} $label"} || [] });
		# on failure, the task query and the state type say why
		my $why = "state type $agg->{stype}; task " . join(' ', $plan =~ /(Query: .*)/);
		ok($plan =~ /Query: SELECT .*worker_partial_agg\('\Q$agg->{sig}\E'::regprocedure/,
			"$agg->{sig} runs on the shards ($label)") or diag($why);
		ok($plan =~ /coord_combine_agg\(/, "$agg->{sig} is combined on the coordinator ($label)");
	}
	$checked++;
}
is($checked, scalar(@catalog), 'every pricemath aggregate in the catalog was checked');

# The results, as text and binary (send) form, by group.
sub results
{
	my ($table) = @_;
	my $res = run_batch($coord, [
		map {
			my $agg = $_;
			map { [ "$agg->{sig} $_", $variants{$_}->("($agg->{expr})::text, $agg->{send}($agg->{expr})", $table) ] }
			  sort keys %variants
		} @aggs ]);
	my %r;
	for my $key (keys %$res)
	{
		for my $line (@{ $res->{$key} })
		{
			my ($g, $text, $bin) = split /\|/, $line, -1;
			$r{$key}{$g} = [ $text, $bin ];
		}
	}
	return \%r;
}

my $dist = results('td');
my $local = results('tl');
for my $agg (@aggs)
{
	for my $label (sort keys %variants)
	{
		my $key = "$agg->{sig} $label";
		my ($d, $l) = ($dist->{$key} || {}, $local->{$key} || {});
		my @bad;
		push @bad, 'groups differ: ' . join(',', sort keys %$d) . ' vs ' . join(',', sort keys %$l)
		  if join(',', sort keys %$d) ne join(',', sort keys %$l);
		for my $g (sort keys %$l)
		{
			next unless $d->{$g};
			my ($dt, $db) = @{ $d->{$g} };
			my ($lt, $lb) = @{ $l->{$g} };
			if ($agg->{exact})
			{
				push @bad, "group $g: $dt vs $lt" if $dt ne $lt;
				push @bad, "group $g: binary form $db vs $lb" if $db ne $lb;
			}
			else
			{
				push @bad, "group $g: $dt vs $lt" unless float_close($dt, $lt, 1e-12);
			}
		}
		# group 5 and the empty table aggregate nothing: NULL, however combined
		push @bad, 'empty input did not give NULL'
		  if ($label eq 'no rows' && ($l->{-1}[0] // 'x') ne '')
		  || ($label eq 'GROUP BY g' && ($l->{5}[0] // 'x') ne '');
		ok(!@bad && %$l, "$agg->{sig}: distributed equals local" . ($agg->{exact} ? ', bit for bit' : ' within 1e-12')
			. " ($label)")
		  or diag(join("\n", @bad[ 0 .. ($#bad < 4 ? $#bad : 4) ]));
	}
}

# A repricing UPDATE with pricemath functions: every shard runs it (one task
# per shard, the UPDATE sent to a shard table), nothing is pulled to the
# coordinator, and the rows come out as on the local table.
my $update = q{UPDATE %s SET
	a_n = pricemath.round(pricemath.markup(a_n, 0.0725), 2, 'half_up'),
	p1_n = pricemath.limit_change(p0_n, pricemath.round(pricemath.add_tax(p1_n, 0.19), 2, 'half_even'), 0.10, 0.05, 2),
	a_f = pricemath.round(a_f, 1, 'half_even')};
my $plan = $coord->safe_psql('postgres',
	'SET citus.explain_all_tasks = on; EXPLAIN (VERBOSE, COSTS OFF) ' . sprintf($update, 'td'));
like($plan, qr/\ACustom Scan \(Citus Adaptive\)\n\s*Task Count: $nshards\n/, 'the UPDATE is a task per shard');
my @tasks = $plan =~ /Query: UPDATE public\.td_\d+ td SET a_n = pricemath\.round\(pricemath\.markup\(/g;
is(scalar(@tasks), $nshards, 'every task sends the UPDATE with pricemath calls to a shard table');
for my $w (@workers)
{
	like($plan, qr/Node: host=127\.0\.0\.1 port=${\ $w->port } /, 'tasks run on worker ' . $w->name);
}
unlike($plan, qr/Subplan|intermediate_result|INSERT|Seq Scan on public\.td /,
	'the UPDATE pulls nothing to the coordinator');

my $state_sql = q{SELECT id, a_n::text, array_send(a_n), p1_n::text, numeric_send(p1_n), a_f::text, array_send(a_f)
	FROM %s ORDER BY id};
my $before = $coord->safe_psql('postgres', sprintf($state_sql, 'tl'));
$coord->safe_psql('postgres', sprintf($update, $_)) for qw(td tl);
my $after_local = $coord->safe_psql('postgres', sprintf($state_sql, 'tl'));
my $after_dist = $coord->safe_psql('postgres', sprintf($state_sql, 'td'));
isnt($after_local, $before, 'the UPDATE changed prices');
my @dist_rows = split /\n/, $after_dist;
my @local_rows = split /\n/, $after_local;
my ($first_diff) = grep { ($dist_rows[$_] // '') ne ($local_rows[$_] // '') } 0 .. $#local_rows;
ok($after_dist eq $after_local, 'after the UPDATE the distributed rows equal the local rows, text and binary')
  or diag(defined $first_diff ? "distributed: $dist_rows[$first_diff]\nlocal:       $local_rows[$first_diff]"
	  : 'the distributed table has other rows');
is($coord->safe_psql('postgres', sprintf($rows_sql, 'td')), $coord->safe_psql('postgres', sprintf($rows_sql, 'tl')),
	'after the UPDATE the tables hold the same rows');

$_->stop for @nodes;
done_testing();
