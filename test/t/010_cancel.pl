# Cancellation and memory (issue 14, item 5): with statement_timeout = 100ms
# every array function, aggregate and window function of pricemath, taken
# from the catalog, ends with 57014 within 300 ms of its statement's start,
# counting only pricemath's part; and many cancelled calls in one session
# leave the backend's memory flat.  test/t/cancel_driver.py measures, this
# file asserts.
#
# What is pricemath's part.  An array argument stored in a table is
# detoasted before the function runs, and PostgreSQL does not check for
# interrupts while it detoasts (lz4 is used so that this is short: about
# 10 ms per 1M float8).  So each case is preceded by a baseline, the same
# scan and detoast with cardinality() in place of the function, on a second
# connection without a timeout, taking b seconds.  A case that ends after t
# seconds spent t - max(b, 0.1) of them past the timer or past its input,
# whichever came later: that is pricemath's part, and it must stay under 200
# ms (the 300 ms bar less the 100 ms timeout).  An aggregate's scan checks
# for interrupts on every row, so its part is simply t - 0.1.  A cancel is
# answered within one stride of 4096 elements (under 10 ms even for the
# slowest element, about 1.6 us); the 200 ms leave room for a loaded 2-core
# machine and the baseline's noise, and are still far below what any loop
# over these inputs that never checks would take.
#
# Sizes: PM_CANCEL_FLOAT8, PM_CANCEL_NUMERIC (array lengths) and
# PM_CANCEL_ROWS (rows for the aggregates); PM_CANCEL_STRESS=1 (make
# cancel-stress, part of make stress) sets 100M, 10M and 10M, as issue 14
# asks, and then every case must end with its error.
use strict;
use warnings;
use FindBin;
use IPC::Run;
use JSON::PP;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# Under test/pg/sanitize (ASan preloaded) neither figure means anything:
# instrumented loops run several times slower, and ASan's allocator keeps
# freed memory in quarantine, so RSS grows by design.
plan skip_all => 'timings and RSS are meaningless under AddressSanitizer'
  if ($ENV{LD_PRELOAD} // '') =~ /libasan/;

my $stress = $ENV{PM_CANCEL_STRESS} // 0;
my $nf = $ENV{PM_CANCEL_FLOAT8} // ($stress ? 100_000_000 : 8_000_000);
my $nn = $ENV{PM_CANCEL_NUMERIC} // ($stress ? 10_000_000 : 2_000_000);
my $nr = $ENV{PM_CANCEL_ROWS} // ($stress ? 10_000_000 : 1_000_000);
# The memory phase's inputs: small, so that 1,000 cancellations (10 ms
# timeout) take seconds; the calls that finish within 10 ms are counted.
my ($mf, $mn) = (400_000, 100_000);
# A ladder is one band of 176 bytes per element, kept for the whole query:
# more than 6.1M bands exceed the 1 GB allocation limit and raise 54000 at
# once.  The ladders (and the arrays of the same length) stop at 5M.
my $cap = 5_000_000;
# At 100M elements a baseline takes 1 to 2.5 s, so its noise matters: the
# median of three runs is taken.
$ENV{PM_CANCEL_BASELINE_RUNS} //= 3 if $stress;
my $margin = 0.200;
my $timeout = 0.100;
# allocate() keeps a 32-byte decimal of scratch per weight, so beyond
# 33,554,431 weights (1 GB) it raises 54000 at once, before any loop: at the
# stress size of float8 weights that is its case's outcome, within the bar.
my $alloc_max = int((1024**3 - 1) / 32);
my %expect_at_size;
$expect_at_size{'allocate(numeric,double precision[],integer)'} = '54000' if $nf > $alloc_max;
$expect_at_size{'allocate(numeric,numeric[],integer)'} = '54000' if $nn > $alloc_max;

my $node = PostgreSQL::Test::Cluster->new('cancel');
$node->init;
# A fixed mmap threshold: glibc then returns every freed block above 128 kB
# at once, where by default it raises the threshold after each large free
# and keeps later blocks of up to 32 MB in its heap, so that RSS climbs by
# tens of MB before it levels off.  A leak still shows: nothing frees it.
$ENV{MALLOC_MMAP_THRESHOLD_} = 128 * 1024;
$node->append_conf('postgresql.conf', "default_toast_compression = lz4\nmax_parallel_workers_per_gather = 0\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION pricemath');

# One row of arrays per table.  1,024 random values repeated: the arrays
# compress well with lz4, so detoasting costs little, yet no two neighbours
# are equal.
my $t_data = time();
sub make_inputs
{
	my ($table, $nf, $nn) = @_;
	my $nl = $nn < $cap ? $nn : $cap;
	$node->safe_psql('postgres', qq{
	CREATE UNLOGGED TABLE $table (f1 float8[], f2 float8[], n1 numeric[], n2 numeric[],
	  lad numeric[], upto numeric[], ones numeric[], ends numeric[], zeros numeric[]);
	DO \$\$
	DECLARE
	  a1 float8[]; a2 float8[]; m1 numeric[]; m2 numeric[];
	BEGIN
	  PERFORM setseed(0.5);
	  m1 := ARRAY(SELECT round((1 + random() * 998.99)::numeric, 2) FROM generate_series(1, 1024));
	  m2 := ARRAY(SELECT round((0.01 + random() * 0.98)::numeric, 2) FROM generate_series(1, 1024));
	  a1 := m1::float8[];
	  a2 := ARRAY(SELECT round((1 + random() * 98.99)::numeric, 2)::float8 FROM generate_series(1, 1024));
	  -- doubled while that stays within the length (100M float8 doubled
	  -- again would pass the 1 GB limit), then topped up
	  WHILE 2 * cardinality(a1) <= $nf LOOP a1 := a1 || a1; a2 := a2 || a2; END LOOP;
	  a1 := a1 || a1[1:$nf - cardinality(a1)]; a2 := a2 || a2[1:$nf - cardinality(a2)];
	  WHILE 2 * cardinality(m1) <= $nn LOOP m1 := m1 || m1; m2 := m2 || m2; END LOOP;
	  m1 := m1 || m1[1:$nn - cardinality(m1)]; m2 := m2 || m2[1:$nn - cardinality(m2)];
	  -- a row is formed whole before its values are toasted, and must stay
	  -- under 1 GB: at the stress sizes the columns go in one by one
	  INSERT INTO $table (f1) VALUES (a1);
	  UPDATE $table SET f2 = a2;
	  UPDATE $table SET n1 = m1, n2 = m2,
	    lad = ARRAY(SELECT i::numeric FROM generate_series(0, $nl - 1) i),
	    upto = ARRAY(SELECT i::numeric FROM generate_series(1, $nl) i),
	    ones = array_fill(1::numeric, ARRAY[$nl]), ends = array_fill(0.25::numeric, ARRAY[$nl]),
	    zeros = array_fill(0::numeric, ARRAY[$nl]);
	END \$\$;
	});
}
make_inputs('big', $nf, $nn);
make_inputs('small', $mf, $mn);
$node->safe_psql('postgres', qq{
	SELECT setseed(0.25);
	CREATE UNLOGGED TABLE rows AS
	SELECT x::smallint AS x2, y::smallint AS y2, x::integer AS x4, y::integer AS y4,
	  x::bigint AS x8, y::bigint AS y8, x / 100.0 AS xn, y / 100.0 AS yn,
	  x / 100.0::float8 AS xf, y / 100.0::float8 AS yf,
	  ARRAY[x / 100.0, y / 100.0, (x + y) / 100.0] AS va,
	  ARRAY[x / 100.0::float8, y / 100.0::float8, (x + y) / 100.0::float8] AS vf
	FROM (SELECT 1 + (random() * 9999)::int AS x, 1 + (random() * 9999)::int AS y
	      FROM generate_series(1, $nr)) s;
	VACUUM ANALYZE rows;
});
is($node->safe_psql('postgres', 'SELECT cardinality(f1), cardinality(n1), cardinality(lad) FROM big'),
	"$nf|$nn|" . ($nn < $cap ? $nn : $cap), 'inputs have the sizes asked');
diag(sprintf('inputs: %d float8, %d numeric, %d rows, built in %.0f s (big: %s as stored)',
	$nf, $nn, $nr, time() - $t_data,
	$node->safe_psql('postgres', 'SELECT pg_size_pretty(pg_total_relation_size(\'big\'))')));

my $t_run = time();
my ($stdout, $stderr) = ('', '');
my $ok = IPC::Run::run(
	[ '/usr/bin/python3', "$FindBin::RealBin/cancel_driver.py", $node->connstr('postgres'), 'big', 'small', 'rows' ],
	'>', \$stdout, '2>', \$stderr);
ok($ok, 'the driver ran') or diag($stderr);
my $r = eval { decode_json($stdout) } // BAIL_OUT("driver output is not JSON: $stderr");
diag(sprintf('driver ran in %.0f s', time() - $t_run));

# Every array function and aggregate of the catalog has a case, and every
# case names a function that exists.
is_deeply($r->{catalog}{missing}, [], 'every array function, aggregate and window function has a case');
is_deeply($r->{catalog}{stale}, [], 'every case names a function of the extension');
cmp_ok($r->{catalog}{array_functions}, '>=', 100, 'the catalog query finds the array functions');
cmp_ok($r->{catalog}{aggregates}, '>=', 45, 'the catalog query finds the aggregates');

# A case may finish before the timer fires only at the short sizes: it then
# ended within 100 ms, inside the bar, but proves nothing about the loop
# (the counts are printed).  It cannot finish unnoticed after the timer:
# the scan checks for interrupts before it ends.
my %worst;
for my $c (@{ $r->{cases} })
{
	my $start = $c->{b} > $timeout ? $c->{b} : $timeout;
	my $part = $c->{t} - $start;
	my $label = sprintf('%s: %.0f ms, baseline %.0f ms, pricemath %.0f ms',
		$c->{sig}, 1000 * $c->{t}, 1000 * $c->{b}, 1000 * $part);
	my $state = $c->{state} // 'finished';
	my $expect = $expect_at_size{ $c->{sig} } // $c->{expect};
	$state = '57014' if $state eq 'finished' && $expect eq '57014' && !$stress;
	is($state, $expect, $expect eq '57014' ? "$c->{sig} is cancelled" : "$c->{sig} raises $expect")
	  or diag($c->{message} // 'no error');
	cmp_ok($part, '<=', $margin, $label);
	my $w = $worst{ $c->{class} } //= { part => -1, n => 0, finished => 0 };
	$w->{n}++;
	$w->{finished}++ unless defined $c->{state};
	@$w{qw(part sig t b)} = ($part, @$c{qw(sig t b)}) if $part > $w->{part};
}
for my $class (sort keys %worst)
{
	my $w = $worst{$class};
	diag(sprintf('%-9s %3d cases (%d finished before the timer), worst pricemath part %.0f ms'
		  . ' (%s: %.0f ms, baseline %.0f ms)',
		$class, $w->{n}, $w->{finished}, 1000 * $w->{part}, $w->{sig}, 1000 * $w->{t}, 1000 * $w->{b}));
}

# Memory: after two warm-up rounds, the memory contexts' total may grow by at
# most 64 kB (64 bytes a call) and RssAnon by at most 2 MB (2 kB a call)
# over the cancelled calls.  A context that is reset at abort returns to the
# same size; malloc may keep a few freed blocks, hence the RSS slack.
# RssAnon is the backend's private memory; VmRSS also counts the shared
# buffers it has touched (printed, not asserted).
my $m = $r->{memory};
my ($first, $last) = @{ $m->{samples} }[ 0, -1 ];
diag(sprintf('memory: %d cancelled and %d finished calls (timeout %s) in %.0f s after a warm-up of %d + %d;'
	  . ' contexts %d -> %d bytes, RssAnon %d -> %d kB, VmRSS %d -> %d kB',
	$m->{cancelled}, $m->{finished}, $m->{timeout}, $m->{seconds}, $m->{warmup}{cancelled}, $m->{warmup}{finished},
	$first->{ctx}, $last->{ctx}, $first->{RssAnon}, $last->{RssAnon}, $first->{VmRSS}, $last->{VmRSS}));
diag('memory samples (cancelled: contexts bytes, RssAnon kB, VmRSS kB): '
	  . join(', ', map { "$_->{cancelled}: $_->{ctx}, $_->{RssAnon}, $_->{VmRSS}" } @{ $m->{samples} }));
is_deeply($m->{other}, [], 'the memory phase raised no other error');
cmp_ok($m->{cancelled}, '>=', 1000, '1,000 calls were cancelled in one session');
cmp_ok($last->{ctx} - $first->{ctx}, '<=', 64 * 1024, 'memory contexts stay flat over the cancelled calls');
cmp_ok($last->{RssAnon} - $first->{RssAnon}, '<=', 2048, 'RssAnon stays flat over the cancelled calls');

$node->stop;
done_testing();
