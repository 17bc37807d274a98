# Dump and restore: pg_dump -Fc of a database that uses pricemath, restored
# with pg_restore into a new database, keeps the extension at its version and
# the job runner's config tables (jobs, stages, the run ledger and the
# before-images) with their contents, their sequences' positions and their
# row-level security.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dump');
$node->init;
$node->start;
my $dir = PostgreSQL::Test::Utils::tempdir;

# The config tables and an ordering that makes their text comparable.
my @config = (
	[ 'pricemath.job', 'id' ],
	[ 'pricemath.job_stage', 'job COLLATE "C", position' ],
	[ 'pricemath.job_run', 'id' ],
	[ 'pricemath.job_stage_run', 'run_id, attempt, position' ],
	[ 'pricemath.job_change', 'run_id, position, key COLLATE "C", old_value COLLATE "C"' ]);

# Every row of a config table as text, in a fixed order (the whole row's text
# breaks ties); the caller is the superuser, who bypasses row-level security,
# so this is the whole table.
sub table_rows
{
	my ($db, $table, $order) = @_;
	return $node->safe_psql($db, qq{SELECT t::text FROM $table t ORDER BY $order, t::text COLLATE "C"});
}

# Roles are global, so both databases see them: the jobs' owner and a role
# that owns nothing (row-level security must hide every row from it).
$node->safe_psql('postgres', q{
	CREATE ROLE pricer;
	CREATE ROLE outsider;
	CREATE DATABASE src;
});

# database "src": a catalog, two jobs with stages, and a ledger ---------------

$node->safe_psql('src', q{
	CREATE EXTENSION pricemath;
	GRANT USAGE ON SCHEMA pricemath TO pricer, outsider;
	CREATE TABLE public.catalog (sku text PRIMARY KEY, prices numeric[]);
	GRANT SELECT, UPDATE ON public.catalog TO pricer;
	INSERT INTO public.catalog VALUES
		('A-100', '{24.90, 23.50, 21.75}'),
		('A-200', '{3.49, 3.19, 2.89}'),
		('B-300', '{129.00, 124.50, 119.99}');

	INSERT INTO pricemath.job (name, description, owner, params) VALUES
		('reprice', 'a 35% markup on the catalog, guarded by the price contract', 'pricer', '{"pct": "0.35"}'),
		('audit', 'counts the catalog; changes nothing', 'pricer', '{}');
	-- one stage of each kind; the apply stage names its target and columns
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql) VALUES
		('reprice', 1, 'count', 'step', 'SELECT count(*) FROM public.catalog'),
		('reprice', 2, 'contract', 'check',
			'SELECT bool_and(pricemath.is_price_array(prices, 0, NULL, 2)) FROM public.catalog'),
		('audit', 1, 'count', 'step', 'SELECT count(*) FROM public.catalog');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
		('reprice', 3, 'write back', 'apply',
			'SELECT sku, pricemath.round(pricemath.markup(prices, 0.35), 2) FROM public.catalog',
			'public.catalog', 'sku', 'prices');

	-- a ledger written directly, so the test does not need the runner
	INSERT INTO pricemath.job_run (job, owner, status, started_at, finished_at, duration, attempts, params,
			triggered_by, pid, warnings, rows_changed, changes_kept) VALUES
		('reprice', 'pricer', 'succeeded', '2024-05-01 10:00:00+00', '2024-05-01 10:00:02.5+00', '2.5 seconds',
			1, '{"pct": "0.35"}', 'manual', 4242, '{}', 3, true),
		('audit', 'pricer', 'succeeded', '2024-05-01 11:00:00+00', '2024-05-01 11:00:00.25+00', '0.25 seconds',
			1, '{}', 'pg_cron', 4243, '{"catalog is small"}', 0, false),
		('reprice', 'pricer', 'succeeded', '2024-05-02 10:00:00+00', '2024-05-02 10:00:01+00', '1 second',
			2, '{"pct": "0.35"}', 'manual', 4244, '{}', 1, true);
	INSERT INTO pricemath.job_stage_run (run_id, attempt, position, name, kind, status, started_at, duration,
			rows, detail, target, key_column, value_column) VALUES
		(1, 1, 1, 'count', 'step', 'succeeded', '2024-05-01 10:00:00+00', '0.5 seconds', 1, NULL, NULL, NULL, NULL),
		(1, 1, 2, 'contract', 'check', 'succeeded', '2024-05-01 10:00:00.5+00', '0.5 seconds', 0, NULL, NULL, NULL, NULL),
		(1, 1, 3, 'write back', 'apply', 'succeeded', '2024-05-01 10:00:01+00', '1.5 seconds', 3,
			'{"changed": 3}', 'public.catalog', 'sku', 'prices'),
		(2, 1, 1, 'count', 'step', 'succeeded', '2024-05-01 11:00:00+00', '0.25 seconds', 1, NULL, NULL, NULL, NULL),
		(3, 2, 3, 'write back', 'apply', 'succeeded', '2024-05-02 10:00:00+00', '1 second', 1,
			'{"changed": 1}', 'public.catalog', 'sku', 'prices');
	-- before- and after-images, one with a NULL key and value (text columns allow them)
	INSERT INTO pricemath.job_change (run_id, position, key, old_value, new_value, owner) VALUES
		(1, 3, 'A-100', '{18.44,17.41,16.11}', '{24.90,23.50,21.75}', 'pricer'),
		(1, 3, 'A-200', '{2.59,2.36,2.14}', '{3.49,3.19,2.89}', 'pricer'),
		(1, 3, 'B-300', '{95.56,92.22,88.88}', '{129.00,124.50,119.99}', 'pricer'),
		(3, 3, NULL, NULL, 'line 1
line 2, with a tab	and a backslash \ in it', 'pricer');
});

# When the runner exists, a real run (step, check and apply) goes into the
# ledger too, with its stage rows and before-images.
my $has_run_job = $node->safe_psql('src', q{
	SELECT EXISTS (SELECT FROM pg_catalog.pg_proc
	               WHERE proname = 'run_job' AND pronamespace = 'pricemath'::regnamespace AND prokind = 'p')});
if ($has_run_job eq 't')
{
	my ($ret, $out, $err) = $node->psql('src', q{CALL pricemath.run_job('reprice')});
	is($ret, 0, 'src: CALL pricemath.run_job succeeds') or diag($err);
	is($node->safe_psql('src', q{
		SELECT r.status || ' ' || (SELECT count(*) FROM pricemath.job_stage_run s WHERE s.run_id = r.id)
		       || ' ' || (SELECT count(*) FROM pricemath.job_change c WHERE c.run_id = r.id)
		FROM pricemath.job_run r WHERE r.id = (SELECT max(id) FROM pricemath.job_run)}), 'succeeded 3 3',
		'src: the run is in the ledger with its 3 stages and 3 before-images');
}
else
{
	note('pricemath.run_job does not exist yet: the ledger holds only the rows written directly');
}

my $version = $node->safe_psql('src', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'");
is($version, '0.3.0', 'src: the extension is at 0.3.0');
my %src_rows;
for my $t (@config)
{
	$src_rows{ $t->[0] } = table_rows('src', @$t);
	isnt($src_rows{ $t->[0] }, '', "src: $t->[0] has rows");
}
# each sequence's position: last_value and is_called
my $seq_sql = q{SELECT (SELECT last_value || ' ' || is_called FROM pricemath.job_id_seq),
	(SELECT last_value || ' ' || is_called FROM pricemath.job_run_id_seq)};
my $src_seqs = $node->safe_psql('src', $seq_sql);
my $rls_sql = q{
	SELECT c.oid::regclass || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity || ' '
	       || (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
	FROM pg_catalog.pg_class c
	WHERE c.oid IN ('pricemath.job'::regclass, 'pricemath.job_stage'::regclass, 'pricemath.job_run'::regclass,
	                'pricemath.job_stage_run'::regclass, 'pricemath.job_change'::regclass)
	ORDER BY c.relname COLLATE "C"};
my $src_rls = $node->safe_psql('src', $rls_sql);

# dump, restore --------------------------------------------------------------

$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/src.dump", $node->connstr('src') ], 'pg_dump -Fc src');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
# exit status 0 and nothing on stderr: no error was skipped, no warning given
$node->command_checks_all([ 'pg_restore', '-d', $node->connstr('dst'), "$dir/src.dump" ],
	0, [qr/^$/], [qr/^$/], 'pg_restore into dst');

# database "dst": the same extension, rows, sequences and security -----------

is($node->safe_psql('dst', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	$version, 'dst: the extension is at the same version');
for my $t (@config)
{
	is(table_rows('dst', @$t), $src_rows{ $t->[0] }, "dst: $t->[0] has the same rows");
}
is($node->safe_psql('dst', $seq_sql), $src_seqs, 'dst: the sequences are where they were in src');
for my $seq ([ 'pricemath.job_id_seq', 'pricemath.job' ], [ 'pricemath.job_run_id_seq', 'pricemath.job_run' ])
{
	is($node->safe_psql('dst', "SELECT nextval('$seq->[0]') > (SELECT max(id) FROM $seq->[1])"), 't',
		"dst: $seq->[0] continues past the restored ids");
}
# a new run gets a fresh id: the primary key does not collide with a restored one
is($node->safe_psql('dst', q{
	WITH old AS (SELECT max(id) AS id FROM pricemath.job_run),
	     new AS (INSERT INTO pricemath.job_run (job, owner, status, started_at, triggered_by, pid)
	             VALUES ('audit', 'pricer', 'succeeded', '2024-06-01 00:00:00+00', 'manual', 1) RETURNING id)
	SELECT new.id > old.id FROM new, old}), 't',
	'dst: a new ledger row takes an id past the restored ones');
# table, row security enabled, forced, number of policies (job_change has one
# each for reading, deleting and inserting)
my %policies = (job => 1, job_change => 3, job_run => 1, job_stage => 1, job_stage_run => 1);
is($src_rls, join("\n", map { "pricemath.$_ true true $policies{$_}" } sort keys %policies),
	'src: row-level security is enabled and forced on every config table');
is($node->safe_psql('dst', $rls_sql), $src_rls, 'dst: row-level security is still enabled and forced, with the policies');
is($node->safe_psql('dst', q{SELECT count(*) FROM public.catalog}), '3', 'dst: the user table is restored');

# The schema pricemath_internal (the aggregates' support functions) belongs to
# the extension: CREATE EXTENSION in the restore makes it, with the same
# functions, and the aggregates find them, also for a role without USAGE on it.
my $internal_sql = q{SELECT pg_catalog.string_agg(p.oid::pg_catalog.regprocedure::text, ' ' ORDER BY p.oid::pg_catalog.regprocedure::text COLLATE "C")
	FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'pricemath_internal'::pg_catalog.regnamespace};
my $src_internal = $node->safe_psql('src', $internal_sql);
like($src_internal, qr/pricemath_internal\.vec_sum_accum\(pricemath\.vec_state,numeric\[\]\)/,
	'src: the support functions are in pricemath_internal');
is($node->safe_psql('dst', $internal_sql), $src_internal, 'dst: pricemath_internal has the same functions');
my $src_sum = $node->safe_psql('src', q{SELECT pricemath.vec_sum(prices) FROM public.catalog});
like($src_sum, qr/^\{[0-9.]+,[0-9.]+,[0-9.]+\}$/, 'src: vec_sum over the catalog');
is($node->safe_psql('dst', q{SET ROLE pricer; SELECT pricemath.vec_sum(prices) FROM public.catalog}),
	$src_sum, 'dst: an aggregate works for a role without USAGE on pricemath_internal');

# The policies work, not only exist: the owner's role sees its jobs, another
# role sees none.
is($node->safe_psql('dst', q{SET ROLE pricer; SELECT count(*) FROM pricemath.job}), '2',
	'dst: the owner role sees its jobs');
is($node->safe_psql('dst', q{SET ROLE outsider;
	SELECT (SELECT count(*) FROM pricemath.job) + (SELECT count(*) FROM pricemath.job_stage)
	       + (SELECT count(*) FROM pricemath.job_run)
	       + (SELECT count(*) FROM pricemath.job_stage_run) + (SELECT count(*) FROM pricemath.job_change)}), '0',
	'dst: another role sees no jobs, stages, runs or changes');

# The restored stages still pass the definition trigger: updating the apply
# stage revalidates its target and columns in dst (rolled back, so the rows
# keep their physical order for the dump comparison below).
is($node->safe_psql('dst', q{BEGIN;
	UPDATE pricemath.job_stage SET name = name WHERE kind = 'apply' RETURNING target::text;
	ROLLBACK;}),
	'catalog', 'dst: the apply stage still validates against the restored table');

# Whole-database check: a plain dump of dst is the plain dump of src, once the
# ledger row and the sequence calls above are undone.  A fixed restrict key
# keeps the two dumps comparable.
$node->safe_psql('dst', q{DELETE FROM pricemath.job_run WHERE pid = 1});  # pid 1: only the row added in dst
for my $seq ('pricemath.job_id_seq', 'pricemath.job_run_id_seq')
{
	my $pos = $node->safe_psql('src', "SELECT last_value || ', ' || is_called FROM $seq");
	$node->safe_psql('dst', "SELECT setval('$seq', $pos)");
}
my @plain = ('pg_dump', '--restrict-key=pricemath');
my ($src_plain) = run_command([ @plain, $node->connstr('src') ]);
my ($dst_plain) = run_command([ @plain, $node->connstr('dst') ]);
like($src_plain, qr/COPY pricemath\.job_run /, 'the plain dump has the ledger');
unlike($src_plain, qr/pricemath_internal/, 'the plain dump leaves pricemath_internal to CREATE EXTENSION');
if (!ok($src_plain eq $dst_plain, 'a plain dump of dst equals a plain dump of src'))
{
	# both dumps go to the log directory for diff; the first difference is shown
	my $log = $PostgreSQL::Test::Utils::log_path;
	PostgreSQL::Test::Utils::append_to_file("$log/005_src.sql", $src_plain);
	PostgreSQL::Test::Utils::append_to_file("$log/005_dst.sql", $dst_plain);
	my @s = split /\n/, $src_plain;
	my @d = split /\n/, $dst_plain;
	my $i = 0;
	$i++ while $i < @s && $i < @d && $s[$i] eq $d[$i];
	diag("dumps in $log/005_{src,dst}.sql; first difference at line " . ($i + 1)
		  . "\nsrc: " . ($s[$i] // '(end)') . "\ndst: " . ($d[$i] // '(end)'));
}

$node->stop;
done_testing();
