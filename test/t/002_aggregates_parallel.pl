# Every aggregate three ways: serially, with forced parallel plans (partial
# aggregation, serialize/deserialize/combine in workers) and partitionwise.
# numeric results must be identical in every plan; float8 results agree
# within the documented bound of compensated summation.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use PmFloat qw(float_close);

my $node = PostgreSQL::Test::Cluster->new('aggpar');
$node->init;
$node->append_conf('postgresql.conf', "max_worker_processes = 8\nmax_parallel_workers = 8\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION pricemath');

# Prices with 0 to 4 decimals, NULL rows and elements, a few values beyond
# int128 (the exact numeric fallback, serialized as numeric).  Column u holds
# 2-decimal prices, which vec_sum adds a whole row at a time (its uniform
# lane) until a rare NULL element, wider scale or huge value comes.
my $data = q{
	SELECT i % 4 AS g,
	  CASE WHEN i % 97 = 0 THEN NULL ELSE ARRAY[
	    round((random() * 1000)::numeric, 2),
	    CASE WHEN i % 13 = 0 THEN NULL ELSE round((random() * 100)::numeric, i % 5) END,
	    CASE WHEN i % 40000 = 7 THEN 170141183460469231731687303715884105727 ELSE (i % 1000)::numeric / 8 END] END AS a,
	  ARRAY[round((1 + random() * 999)::numeric, 2), round((1 + random() * 999)::numeric, 2),
	    CASE WHEN i % 5003 = 0 THEN NULL WHEN i % 30011 = 0 THEN 0.125 ELSE round((random() * 99)::numeric, 2) END,
	    CASE WHEN i = 77777 THEN 1e40 ELSE round((random() * 9999)::numeric, 2) END] AS u,
	  round((random() * 100)::numeric, i % 3) AS v,
	  CASE WHEN i % 89 = 0 THEN NULL ELSE round((random() * 10)::numeric, 1) END AS w,
	  CASE WHEN i % 101 = 0 THEN NULL ELSE round((1 + random() * 99)::numeric, 2) END AS p0,
	  round((1 + random() * 99)::numeric, 2) AS p1,
	  round((random() * 50)::numeric) AS q0,
	  round((random() * 50)::numeric, 1) AS q1
	FROM generate_series(1, 120000) i
};
$node->safe_psql('postgres', qq{
	SELECT setseed(0.25);
	CREATE TABLE t WITH (parallel_workers = 2) AS $data;
	ALTER TABLE t ADD COLUMN f float8[], ADD COLUMN vf float8, ADD COLUMN wf float8, ADD COLUMN p0f float8,
	  ADD COLUMN p1f float8, ADD COLUMN q0f float8, ADD COLUMN q1f float8;
	UPDATE t SET f = a::float8[], vf = v, wf = w, p0f = p0, p1f = p1, q0f = q0, q1f = q1;
	CREATE TABLE pt (LIKE t) PARTITION BY LIST (g);
	CREATE TABLE pt0 PARTITION OF pt FOR VALUES IN (0) WITH (parallel_workers = 2);
	CREATE TABLE pt1 PARTITION OF pt FOR VALUES IN (1) WITH (parallel_workers = 2);
	CREATE TABLE pt2 PARTITION OF pt FOR VALUES IN (2) WITH (parallel_workers = 2);
	CREATE TABLE pt3 PARTITION OF pt FOR VALUES IN (3) WITH (parallel_workers = 2);
	INSERT INTO pt SELECT * FROM t;
	VACUUM ANALYZE t, pt;
});

my @numeric = (
	'pricemath.vec_sum(a)', 'pricemath.vec_avg(a)', 'pricemath.vec_min(a)', 'pricemath.vec_max(a)',
	'pricemath.vec_sum(u)', 'pricemath.vec_avg(u)',
	'pricemath.weighted_avg(v, w)', 'pricemath.laspeyres(p0, p1, q0)', 'pricemath.paasche(p0, p1, q1)',
	'pricemath.fisher(p0, p1, q0, q1)', 'pricemath.tornqvist(p0, p1, q0, q1)', 'pricemath.jevons(p0, p1)',
	'pricemath.dutot(p0, p1)', 'pricemath.carli(p0, p1)');
# float8 expressions and their tolerance in units of 2^-53 relative to the
# result (all inputs are non-negative, so sum(|x|) is the sum itself)
my @float8 = (
	['pricemath.vec_sum(f)', 8], ['pricemath.vec_avg(f)', 8], ['pricemath.vec_min(f)', 0],
	['pricemath.vec_max(f)', 0], ['pricemath.weighted_avg(vf, wf)', 32],
	['pricemath.laspeyres(p0f, p1f, q0f)', 32], ['pricemath.paasche(p0f, p1f, q1f)', 32],
	['pricemath.fisher(p0f, p1f, q0f, q1f)', 32], ['pricemath.tornqvist(p0f, p1f, q0f, q1f)', 32],
	['pricemath.jevons(p0f, p1f)', 32], ['pricemath.dutot(p0f, p1f)', 32], ['pricemath.carli(p0f, p1f)', 32]);

my $serial = 'SET max_parallel_workers_per_gather = 0;';
my $parallel = 'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; '
  . 'SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;';
my $partitionwise = 'SET enable_partitionwise_aggregate = on;';

# Each expression's result per group, as text; group '' is the whole table.
sub results
{
	my ($settings, $table, $grouped, $exprs) = @_;
	my $sel = join(', ', map { "($_)::text" } @$exprs);
	my $sql = $grouped
	  ? "SELECT g, $sel FROM $table GROUP BY g ORDER BY g"
	  : "SELECT '', $sel FROM $table";
	my $out = $node->safe_psql('postgres', "$settings $sql", extra_params => [ '-F', '|', '-A' ]);
	my %r;
	for my $line (split /\n/, $out)
	{
		my ($g, @vals) = split /\|/, $line, -1;
		$r{$g} = \@vals;
	}
	return \%r;
}

sub plan_of
{
	my ($settings, $table, $grouped) = @_;
	my $sql = "SELECT " . join(', ', @numeric, map { $_->[0] } @float8) . " FROM $table"
	  . ($grouped ? ' GROUP BY g' : '');
	return $node->safe_psql('postgres', "$settings EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $sql");
}

my %plans = (
	'parallel' => [ $parallel, 't' ],
	'partitionwise' => [ "$serial $partitionwise", 'pt' ],
	'parallel partitionwise' => [ "$parallel $partitionwise", 'pt' ]);

for my $grouped (0, 1)
{
	my $label = $grouped ? 'GROUP BY g' : 'whole table';
	my $ref_num = results($serial, 't', $grouped, \@numeric);
	my $ref_f8 = results($serial, 't', $grouped, [ map { $_->[0] } @float8 ]);
	ok(scalar(keys %$ref_num) == ($grouped ? 4 : 1), "serial results ($label)");
	for my $name (sort keys %plans)
	{
		my ($settings, $table) = @{ $plans{$name} };
		my $plan = plan_of($settings, $table, $grouped);
		if ($name eq 'parallel' || ($name =~ /parallel/ && !$grouped))
		{
			like($plan, qr/Partial (Hash|Group)?Aggregate/, "$name plan has a partial aggregate ($label)");
			like($plan, qr/Workers Launched: [1-9]/, "$name plan launches workers ($label)");
		}
		elsif ($name =~ /parallel/)
		{
			# grouped by the partition key: whole groups per partition, in workers
			like($plan, qr/Parallel Append.*Aggregate.*Group Key/s, "$name plan aggregates per partition ($label)");
			like($plan, qr/Workers Launched: [1-9]/, "$name plan launches workers ($label)");
		}
		else
		{
			# partitionwise: per-partition aggregates under an Append
			like($plan, $grouped ? qr/Append.*Aggregate.*pt0/s : qr/Finalize Aggregate.*Append.*Partial Aggregate/s,
				"$name plan aggregates per partition ($label)");
			unlike($plan, qr/Gather/, "$name plan is not parallel ($label)");
		}
		my $num = results($settings, $table, $grouped, \@numeric);
		my $f8 = results($settings, $table, $grouped, [ map { $_->[0] } @float8 ]);
		for my $g (sort keys %$ref_num)
		{
			for my $i (0 .. $#numeric)
			{
				is($num->{$g}[$i], $ref_num->{$g}[$i], "$numeric[$i] identical: $name ($label, group '$g')");
			}
			for my $i (0 .. $#float8)
			{
				my ($expr, $ulps) = @{ $float8[$i] };
				ok(float_close($f8->{$g}[$i], $ref_f8->{$g}[$i], $ulps * 2**-53),
					"$expr within $ulps ulps: $name ($label, group '$g')")
				  or diag("got $f8->{$g}[$i], serial $ref_f8->{$g}[$i]");
			}
		}
	}
}

# Row order does not matter either: the same rows sorted differently.
my $asc = results($serial, '(SELECT * FROM t ORDER BY p1, v) s', 0, \@numeric);
my $desc = results($serial, '(SELECT * FROM t ORDER BY p1 DESC, v DESC) s', 0, \@numeric);
is_deeply($asc, $desc, 'numeric results do not depend on row order');

$node->stop;
done_testing();
