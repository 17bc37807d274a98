# pg_upgrade (15 to 15) of a cluster that uses pricemath: a table with the
# domains, a CHECK constraint, a generated column and an expression index, a
# view, a materialized view over the aggregates, and a job with its ledger
# and before-images.  pg_upgrade --check and the upgrade itself succeed; the
# new cluster has the same schema (pg_dump --schema-only), the same rows in
# every table, the same answers, an expression index that amcheck finds
# consistent, and the job runs on it.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $old = PostgreSQL::Test::Cluster->new('old');
$old->init;
$old->start;

$old->safe_psql('postgres', q{
	CREATE ROLE pricer;
	CREATE EXTENSION pricemath;
	CREATE EXTENSION amcheck;
	GRANT USAGE ON SCHEMA pricemath TO pricer;
	CREATE TABLE public.catalog (
		sku text PRIMARY KEY,
		base pricemath.price NOT NULL,
		prices pricemath.price_array NOT NULL,
		rounded numeric[] GENERATED ALWAYS AS (pricemath.round(prices, 0)) STORED,
		CONSTRAINT catalog_two_places CHECK (pricemath.is_price_array(prices, 0, NULL, 2)));
	CREATE INDEX catalog_rounded_idx ON public.catalog ((pricemath.round(prices, 1)));
	GRANT SELECT, UPDATE ON public.catalog TO pricer;
	INSERT INTO public.catalog (sku, base, prices)
	SELECT 'S-' || i, round(1 + i * 0.37, 2), ARRAY[round(1 + i * 0.37, 2), round(2 + i * 0.11, 2), round(3 + i * 0.05, 2)]
	FROM generate_series(1, 500) i;
	CREATE VIEW public.catalog_totals AS
		SELECT count(*) AS items, pricemath.vec_sum(prices) AS total, pricemath.weighted_avg(base, prices[1]) AS wavg,
		       pricemath.laspeyres(prices[1], prices[2], prices[3]) AS laspeyres
		FROM public.catalog;
	CREATE MATERIALIZED VIEW public.catalog_index AS
		SELECT pricemath.vec_avg(prices) AS avg_prices, pricemath.fisher(prices[1], prices[2], prices[3], base) AS fisher
		FROM public.catalog;
	INSERT INTO pricemath.job (name, description, owner, params) VALUES
		('reprice', 'a 10% markup on the catalog', 'pricer', '{"pct": "0.10"}');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
		('reprice', 1, 'contract', 'check',
			'SELECT bool_and(pricemath.is_price_array(prices, 0, NULL, 2)) FROM public.catalog');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
		('reprice', 2, 'write back', 'apply',
			'SELECT sku, pricemath.round(pricemath.markup(prices, 0.10), 2) FROM public.catalog',
			'public.catalog', 'sku', 'prices');
});
my ($ret, $out, $err) = $old->psql('postgres', q{CALL pricemath.run_job('reprice')});
is($ret, 0, 'old: a run of the job succeeds') or diag($err);
$old->safe_psql('postgres', 'REFRESH MATERIALIZED VIEW public.catalog_index');

# What must come through: the answers of the views and the catalog, and the
# rows of the job runner's tables (superuser: row-level security bypassed).
my $answers_sql = q{
	SELECT * FROM public.catalog_totals;
	SELECT * FROM public.catalog_index;
	SELECT md5(string_agg(c::text, '|' ORDER BY sku)) FROM public.catalog c;
	SELECT status, rows_changed FROM pricemath.job_run ORDER BY id;
	SELECT count(*), md5(string_agg(j::text, '|' ORDER BY j::text COLLATE "C")) FROM pricemath.job_change j;
	SELECT pricemath.version();
};
my $answers = $old->safe_psql('postgres', $answers_sql);
like($answers, qr/^500\|\{/m, 'old: the views answer');
like($answers, qr/^succeeded\|500$/m, 'old: the ledger holds the run that changed 500 rows');
my $schema = $old->pg_dump_schema_only('postgres');
like($schema, qr/CREATE TABLE public.catalog.*CREATE MATERIALIZED VIEW public.catalog_index/s, 'old: the schema dump has the user objects');
$old->stop;

my $new = PostgreSQL::Test::Cluster->new('new');
$new->init;
my $bindir = $new->config_data('--bindir');
my @upgrade = ("$bindir/pg_upgrade", '--no-sync', '-d', $old->data_dir, '-D', $new->data_dir,
	'-b', $bindir, '-B', $bindir, '-s', $new->host, '-p', $old->port, '-P', $new->port);
# pg_upgrade writes its logs under the current directory's pg_upgrade_output.d
my $cwd = PostgreSQL::Test::Utils::tempdir;
chdir $cwd or die "chdir $cwd: $!";
command_ok([ @upgrade, '--check' ], 'pg_upgrade --check finds nothing to object to');
command_ok(\@upgrade, 'pg_upgrade succeeds');

$new->start;
is($new->safe_psql('postgres', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.3.0', 'new: the extension is at the same version');
is($new->pg_dump_schema_only('postgres'), $schema, 'new: the same schema (pg_dump --schema-only)');
is($new->safe_psql('postgres', $answers_sql), $answers, 'new: the views, the catalog and the ledger answer the same');
is($new->safe_psql('postgres', q{SELECT bt_index_check('public.catalog_rounded_idx', true)}), '',
	'new: the expression index holds what pricemath.round gives');
$new->safe_psql('postgres', 'REFRESH MATERIALIZED VIEW public.catalog_index');
is($new->safe_psql('postgres', $answers_sql), $answers, 'new: the materialized view, refreshed, has the same rows');
($ret, $out, $err) = $new->psql('postgres', q{CALL pricemath.run_job('reprice')});
is($ret, 0, 'new: the job runs') or diag($err);
is($new->safe_psql('postgres', q{SELECT string_agg(status || ':' || rows_changed, ',' ORDER BY id) FROM pricemath.job_run}),
	'succeeded:500,succeeded:500', 'new: the ledger has both runs, each changing 500 rows');
($ret, $out, $err) = $new->psql('postgres',
	q{INSERT INTO public.catalog (sku, base, prices) VALUES ('BAD', 1, '{1.001}')});
like($err, qr/violates check constraint|invalid price array/, 'new: the contracts still reject a bad price');

$new->stop;
done_testing();

# PostgreSQL::Test::Cluster has no schema-only dump helper: add one.
package PostgreSQL::Test::Cluster;

sub pg_dump_schema_only
{
	my ($self, $db) = @_;
	my $dump = PostgreSQL::Test::Utils::tempdir . '/schema.sql';
	PostgreSQL::Test::Utils::system_or_bail('pg_dump', '--schema-only', '--no-sync', '-f', $dump,
		'-d', $self->connstr($db));
	my $text = PostgreSQL::Test::Utils::slurp_file($dump);
	# pg_dump 15.20 writes a random \restrict key
	$text =~ s/^\\(un)?restrict \S+$//mg;
	return $text;
}
