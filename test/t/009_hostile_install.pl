# A hostile installer.  pricemath is trusted, so a role that is not a
# superuser but may CREATE in a database can install and update it, and the
# scripts then run as the bootstrap superuser.  Such a role plants, in public
# and in pg_temp, a function of the same name and argument types as every
# pg_catalog function the scripts call (and every overload of it), and an
# operator of the same name and types as each pg_catalog operator they use;
# each plant records that it ran.  Then it runs CREATE EXTENSION (at 0.1.0,
# and at the default version) and ALTER EXTENSION UPDATE, and uses the
# functions, aggregates and the job runner.  No plant may ever run.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('hostile');
$node->init;
$node->start;

# The names the scripts call qualified with pg_catalog, read from the scripts
# themselves, so that a name added later is planted too.
my $sharedir = $node->config_data('--sharedir');
my (%funcs, %ops);
for my $script (glob("$sharedir/extension/pricemath--*.sql"))
{
	my $text = PostgreSQL::Test::Utils::slurp_file($script);
	$funcs{$1} = 1 while $text =~ /pg_catalog\.([a-z_][a-z_0-9]*)\(/g;
	$ops{$1} = 1 while $text =~ /OPERATOR\(pg_catalog\.([^)\s]+)\)/g;
}
cmp_ok(scalar(keys %funcs), '>', 20, 'the scripts call pg_catalog functions by name');
cmp_ok(scalar(keys %ops), '>', 5, 'the scripts use pg_catalog operators');
my $func_list = join(',', map { "'$_'" } sort keys %funcs);
my $op_list = join(',', map { "'$_'" } sort keys %ops);

$node->safe_psql('postgres', q{
	CREATE ROLE mallory LOGIN;
	CREATE DATABASE shop OWNER mallory;
});

# The plants, as SQL that mallory runs: for every pg_catalog overload of those
# names with ordinary (not pseudo) argument and result types, a PL/pgSQL
# function in schema s that records its call and returns NULL; for every
# pg_catalog operator of those names between ordinary types, an operator in
# s calling a recording function.  A DO block writes them from the catalog.
sub plants_sql
{
	my ($schema) = @_;
	return qq{
DO \$plant\$
DECLARE
	p record;
	n int := 0;
BEGIN
	FOR p IN
		SELECT f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid) AS args,
		       pg_catalog.format_type(f.prorettype, NULL) AS ret
		FROM pg_catalog.pg_proc f
		WHERE f.pronamespace = 'pg_catalog'::regnamespace AND f.proname IN ($func_list) AND f.prokind = 'f'
		  AND NOT f.proretset
		  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(f.proargtypes::oid[] || f.prorettype) t
		                  JOIN pg_catalog.pg_type ty ON ty.oid = t WHERE ty.typtype = 'p')
	LOOP
		EXECUTE pg_catalog.format(
			'CREATE FUNCTION $schema.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
			p.proname, p.args, p.ret,
			'BEGIN INSERT INTO public.planted_hits VALUES (' || pg_catalog.quote_literal('$schema.' || p.proname)
			|| '); RETURN NULL; END');
		n := n + 1;
	END LOOP;
	FOR p IN
		SELECT o.oprname, pg_catalog.format_type(o.oprleft, NULL) AS l, pg_catalog.format_type(o.oprright, NULL) AS r,
		       pg_catalog.format_type(o.oprresult, NULL) AS ret, o.oid
		FROM pg_catalog.pg_operator o
		WHERE o.oprnamespace = 'pg_catalog'::regnamespace AND o.oprname IN ($op_list) AND o.oprkind = 'b'
		  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(ARRAY[o.oprleft, o.oprright, o.oprresult]) t
		                  JOIN pg_catalog.pg_type ty ON ty.oid = t WHERE ty.typtype = 'p')
	LOOP
		EXECUTE pg_catalog.format(
			'CREATE FUNCTION $schema.planted_op_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
			p.oid, p.l, p.r, p.ret,
			'BEGIN INSERT INTO public.planted_hits VALUES (' || pg_catalog.quote_literal('$schema.' || p.oprname)
			|| '); RETURN NULL; END');
		EXECUTE pg_catalog.format('CREATE OPERATOR $schema.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = $schema.planted_op_%s)',
			p.oprname, p.l, p.r, p.oid);
		n := n + 1;
	END LOOP;
	RAISE NOTICE 'planted % objects in $schema', n;
END
\$plant\$;
};
}

my $setup = q{
	CREATE TABLE public.planted_hits (what text);
	GRANT INSERT, SELECT ON public.planted_hits TO PUBLIC;
} . plants_sql('public');
my ($ret, $out, $err) = $node->psql('shop', $setup, extra_params => [ '-U', 'mallory' ]);
is($ret, 0, 'mallory plants functions and operators in public') or diag($err);
my ($planted) = $err =~ /planted (\d+) objects in public/;
cmp_ok($planted // 0, '>', 100, 'over a hundred plants in public');

# The plants work: a call that resolves to public's copy records itself.
is($node->safe_psql('shop', q{
	SET search_path = public, pg_catalog;
	SELECT length('x'::text) IS NULL;
	SELECT count(*) FROM public.planted_hits;
	}, extra_params => [ '-U', 'mallory' ]), "t\n1", 'a plant records a call that reaches it');
$node->safe_psql('shop', 'DELETE FROM public.planted_hits', extra_params => [ '-U', 'mallory' ]);

# In one session (pg_temp's plants live as long as it does): plant in
# pg_temp, install 0.1.0, update, use the extension, then count the hits.
my $session = plants_sql('pg_temp') . q{
	SET search_path = public, pg_temp, pg_catalog;
	CREATE EXTENSION pricemath VERSION '0.1.0';
	ALTER EXTENSION pricemath UPDATE;
	CREATE TABLE public.catalog (sku text PRIMARY KEY, prices numeric[]
		CHECK (pricemath.is_price_array(prices, 0, NULL, 2)));
	INSERT INTO public.catalog VALUES ('A', '{1.00, 2.50}'), ('B', '{3.99, 0.10}');
	SELECT pricemath.vec_sum(prices), pricemath.weighted_avg(prices[1], prices[2]),
	       pricemath.laspeyres(prices[1], prices[2], 1::numeric) FROM public.catalog;
	SELECT pricemath.round(pricemath.markup(prices, 0.1), 2) FROM public.catalog;
	INSERT INTO pricemath.job (name, owner) VALUES ('reprice', 'mallory');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column) VALUES
		('reprice', 1, 'write back', 'apply',
		 'SELECT sku, pricemath.round(pricemath.markup(prices, 0.10), 2) FROM public.catalog',
		 'public.catalog', 'sku', 'prices');
};
($ret, $out, $err) = $node->psql('shop', $session, extra_params => [ '-U', 'mallory' ]);
is($ret, 0, 'mallory installs 0.1.0, updates it and uses it, with plants in public and pg_temp') or diag($err);
like($err, qr/planted \d+ objects in pg_temp/, 'the plants in pg_temp were made');
($ret, $out, $err) = $node->psql('shop', q{SET search_path = public, pg_catalog; CALL pricemath.run_job('reprice')},
	extra_params => [ '-U', 'mallory' ]);
is($ret, 0, 'the job runs with the plants first on the search_path')
  or diag($err, $node->safe_psql('shop', q{SELECT r.status, r.failed_stage, r.sqlstate, r.message, s.name, s.status, s.detail
	FROM pricemath.job_run r LEFT JOIN pricemath.job_stage_run s ON s.run_id = r.id}));
is($node->safe_psql('shop', q{SELECT string_agg(sku || '=' || prices::text, ' ' ORDER BY sku) FROM public.catalog}),
	'A={1.10,2.75} B={4.39,0.11}', 'the job changed the prices');
is($node->safe_psql('shop', q{SELECT count(*) FROM public.planted_hits}), '0',
	'no planted function or operator ran during install, update, use or the job')
  or diag($node->safe_psql('shop', q{SELECT what, count(*) FROM public.planted_hits GROUP BY 1 ORDER BY 1}));

# A fresh install at the default version, in another database, likewise.
$node->safe_psql('postgres', 'CREATE DATABASE shop2 OWNER mallory');
($ret, $out, $err) = $node->psql('shop2', $setup . plants_sql('pg_temp') . q{
	SET search_path = public, pg_temp, pg_catalog;
	CREATE EXTENSION pricemath;
	SELECT pricemath.vec_avg(ARRAY[1.5, 2]::numeric[]);
	SELECT count(*) FROM public.planted_hits;
}, extra_params => [ '-U', 'mallory' ]);
is($ret, 0, 'mallory installs the default version with plants in public and pg_temp') or diag($err);
like($out, qr/^0$/m, 'no plant ran during the fresh install');
is($node->safe_psql('shop2', q{SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'mallory'}), 'f',
	'mallory is still not a superuser');

$node->stop;
done_testing();
