# The extension on a fresh cluster: it installs, answers in a new backend,
# survives a restart, and a statement_timeout cancels a long call promptly.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('basic');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE EXTENSION pricemath');
is($node->safe_psql('postgres', "SELECT pricemath.add('{1.25, 2}'::numeric[], 0.75)"),
	'{2.00,2.75}', 'numeric add answers');

$node->restart;
is($node->safe_psql('postgres', "SELECT pricemath.version()"),
	$node->safe_psql('postgres', "SELECT extversion FROM pg_extension WHERE extname = 'pricemath'"),
	'library and SQL versions agree after restart');

# A long call is cancelled promptly: the loop checks for interrupts.  The
# values are wider than int128, so every element takes the slow exact path
# and the whole call would run for many seconds.
$node->safe_psql('postgres', q{
	CREATE TABLE big AS
	SELECT array_agg(('1' || repeat('0', 44))::numeric + g) AS a
	FROM generate_series(1, 2000000) g;
});
my $t0 = time();
my ($ret, $stdout, $stderr) = $node->psql('postgres', q{
	SET statement_timeout = '300ms';
	SELECT cardinality(pricemath.add(pricemath.add(a, 1), 1)) FROM big;
});
my $elapsed = time() - $t0;
like($stderr, qr/canceling statement due to statement timeout/, 'long call is cancelled');
cmp_ok($elapsed, '<', 10, 'cancellation is prompt');

# A result that would pass PostgreSQL's 1 GB limit raises 54000; it never
# crashes.  Each "1 + 1e-1000" needs about 500 bytes, so 2.5M of them do not fit.
($ret, $stdout, $stderr) = $node->psql('postgres', qq{\\set VERBOSITY verbose
	SELECT cardinality(pricemath.add(array_fill(1::numeric, ARRAY[2500000]), 1e-1000));});
like($stderr, qr/ERROR:  54000: array size exceeds the maximum allowed/, 'oversized result raises 54000');
is($node->safe_psql('postgres', 'SELECT 1'), '1', 'server still answers');

$node->stop;
done_testing();
