# Upgraded equals fresh: a database that ran ALTER EXTENSION pricemath UPDATE
# from 0.1.0 has exactly the objects of a fresh CREATE EXTENSION, its users'
# objects built on 0.1.0 keep working with the same answers, and the 0.3.0
# library still serves a database whose SQL objects are at 0.1.0.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->start;

# Everything the extension defines, one object or sub-object per line, with
# OIDs replaced by names so that two databases can be compared as text.  The
# objects of both schemas (pricemath, and pricemath_internal for the support
# functions) are listed whether or not they are extension members, so a stray
# object left behind by an update shows up too.
my $catalog_sql = <<'SQL';
WITH ext AS (
	SELECT e.oid, e.extname, e.extrelocatable, e.extnamespace, e.extconfig, e.extcondition
	FROM pg_catalog.pg_extension e WHERE e.extname = 'pricemath'
), nsp AS (
	SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname IN ('pricemath', 'pricemath_internal')
), listing(section, ident, detail) AS (
	-- the extension row itself (its version is compared separately)
	SELECT 'extension', x.extname::text,
	       pg_catalog.json_build_object('relocatable', x.extrelocatable,
	         'schema', x.extnamespace::regnamespace::text)::text
	FROM ext x
	UNION ALL
	-- config tables and their dump filters, by name
	SELECT 'extconfig', c.cfg::regclass::text,
	       pg_catalog.json_build_object('condition', x.extcondition[c.i])::text
	FROM ext x, LATERAL pg_catalog.unnest(x.extconfig) WITH ORDINALITY AS c(cfg, i)
	UNION ALL
	-- every member of the extension
	SELECT 'member', o.type || ' ' || o.identity,
	       pg_catalog.json_build_object('describe', pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid))::text
	FROM pg_catalog.pg_depend d
	JOIN ext x ON d.refobjid = x.oid
	CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, d.objsubid) o
	WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
	UNION ALL
	-- initial privileges of members: pg_dump compares against these
	SELECT 'init_privs', pg_catalog.pg_describe_object(i.classoid, i.objoid, i.objsubid),
	       pg_catalog.json_build_object('privtype', i.privtype, 'acl', i.initprivs::text)::text
	FROM pg_catalog.pg_init_privs i
	WHERE EXISTS (SELECT FROM pg_catalog.pg_depend d JOIN ext x ON d.refobjid = x.oid
	              WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
	                AND d.classid = i.classoid AND d.objid = i.objoid)
	UNION ALL
	-- the schemas
	SELECT 'schema', n.nspname::text,
	       pg_catalog.json_build_object('owner', pg_catalog.pg_get_userbyid(n.nspowner), 'acl', n.nspacl::text,
	         'comment', pg_catalog.obj_description(n.oid, 'pg_namespace'))::text
	FROM pg_catalog.pg_namespace n WHERE n.oid IN (SELECT oid FROM nsp)
	UNION ALL
	-- functions, procedures and aggregates
	SELECT 'function', p.oid::regprocedure::text,
	       pg_catalog.json_build_object('kind', p.prokind, 'volatile', p.provolatile, 'strict', p.proisstrict,
	         'parallel', p.proparallel, 'secdef', p.prosecdef, 'leakproof', p.proleakproof,
	         'config', p.proconfig, 'returns', p.prorettype::regtype::text, 'retset', p.proretset,
	         'result', pg_catalog.pg_get_function_result(p.oid),
	         'argnames', p.proargnames, 'argmodes', p.proargmodes,
	         'arguments', pg_catalog.pg_get_function_arguments(p.oid),
	         'language', l.lanname, 'cost', p.procost, 'rows', p.prorows,
	         'support', p.prosupport::regprocedure::text,
	         'src', p.prosrc, 'bin', p.probin, 'owner', pg_catalog.pg_get_userbyid(p.proowner),
	         'acl', p.proacl::text, 'comment', pg_catalog.obj_description(p.oid, 'pg_proc'))::text
	FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
	WHERE p.pronamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- the complete definition of plain functions and procedures (not aggregates)
	SELECT 'functiondef', p.oid::regprocedure::text,
	       pg_catalog.to_json(pg_catalog.pg_get_functiondef(p.oid))::text
	FROM pg_catalog.pg_proc p
	WHERE p.pronamespace IN (SELECT oid FROM nsp) AND p.prokind IN ('f', 'p')
	UNION ALL
	-- aggregates: every column that changes how they run
	SELECT 'aggregate', a.aggfnoid::regprocedure::text,
	       pg_catalog.json_build_object('kind', a.aggkind, 'direct_args', a.aggnumdirectargs,
	         'transfn', a.aggtransfn::regprocedure::text, 'finalfn', a.aggfinalfn::regprocedure::text,
	         'combinefn', a.aggcombinefn::regprocedure::text, 'serialfn', a.aggserialfn::regprocedure::text,
	         'deserialfn', a.aggdeserialfn::regprocedure::text, 'mtransfn', a.aggmtransfn::regprocedure::text,
	         'minvtransfn', a.aggminvtransfn::regprocedure::text, 'mfinalfn', a.aggmfinalfn::regprocedure::text,
	         'finalextra', a.aggfinalextra, 'mfinalextra', a.aggmfinalextra,
	         'finalmodify', a.aggfinalmodify, 'mfinalmodify', a.aggmfinalmodify,
	         'sortop', a.aggsortop::regoperator::text,
	         'transtype', a.aggtranstype::regtype::text, 'transspace', a.aggtransspace,
	         'mtranstype', a.aggmtranstype::regtype::text, 'mtransspace', a.aggmtransspace,
	         'initval', a.agginitval, 'minitval', a.aggminitval)::text
	FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
	WHERE p.pronamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- what each function and aggregate depends on (an aggregate on its support
	-- functions, a function on its types), so that a replaced aggregate
	-- depends on exactly what a fresh one does
	SELECT 'depends', p.oid::regprocedure::text,
	       pg_catalog.json_build_object('on', pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid),
	         'type', d.deptype)::text
	FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
	WHERE p.pronamespace IN (SELECT oid FROM nsp) AND d.deptype = 'n'
	UNION ALL
	-- tables, views, sequences and indexes
	SELECT 'relation', c.oid::regclass::text,
	       pg_catalog.json_build_object('kind', c.relkind, 'persistence', c.relpersistence,
	         'rowsecurity', c.relrowsecurity, 'forcerowsecurity', c.relforcerowsecurity,
	         'options', c.reloptions, 'replident', c.relreplident, 'owner', pg_catalog.pg_get_userbyid(c.relowner),
	         'acl', c.relacl::text, 'am', (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam),
	         'rowtype', c.reltype::regtype::text, 'comment', pg_catalog.obj_description(c.oid, 'pg_class'))::text
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- columns, numbered among the live ones so that a dropped column does not
	-- shift the rest; this server stamps every column's attoptions with a
	-- pg_attver=<n> that differs from table to table, so that entry is left out
	SELECT 'column', a.attrelid::regclass::text || '.' || pg_catalog.quote_ident(a.attname),
	       pg_catalog.json_build_object(
	         'position', pg_catalog.row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
	         'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'notnull', a.attnotnull,
	         'default', pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), 'identity', a.attidentity,
	         'generated', a.attgenerated,
	         'collation', (SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation),
	         'acl', a.attacl::text, 'statistics', a.attstattarget,
	         'options', ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o
	                          WHERE o NOT LIKE 'pg\_attver=%' ORDER BY o COLLATE "C"),
	         'comment', pg_catalog.col_description(a.attrelid, a.attnum))::text
	FROM pg_catalog.pg_attribute a
	JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	WHERE c.relnamespace IN (SELECT oid FROM nsp) AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	-- table and domain constraints, by name
	SELECT 'constraint',
	       CASE WHEN con.conrelid <> 0 THEN con.conrelid::regclass::text ELSE con.contypid::regtype::text END
	         || ' ' || pg_catalog.quote_ident(con.conname),
	       pg_catalog.json_build_object('type', con.contype, 'def', pg_catalog.pg_get_constraintdef(con.oid),
	         'deferrable', con.condeferrable, 'deferred', con.condeferred, 'validated', con.convalidated,
	         'noinherit', con.connoinherit,
	         'comment', pg_catalog.obj_description(con.oid, 'pg_constraint'))::text
	FROM pg_catalog.pg_constraint con
	WHERE con.connamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- indexes, as the statement that recreates them
	SELECT 'index', i.indexrelid::regclass::text,
	       pg_catalog.json_build_object('def', pg_catalog.pg_get_indexdef(i.indexrelid),
	         'table', i.indrelid::regclass::text, 'primary', i.indisprimary, 'unique', i.indisunique,
	         'valid', i.indisvalid, 'replident', i.indisreplident)::text
	FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	WHERE c.relnamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- triggers (internal ones implement foreign keys and have OIDs in their names)
	SELECT 'trigger', t.tgrelid::regclass::text || ' ' || pg_catalog.quote_ident(t.tgname),
	       pg_catalog.json_build_object('def', pg_catalog.pg_get_triggerdef(t.oid), 'enabled', t.tgenabled,
	         'comment', pg_catalog.obj_description(t.oid, 'pg_trigger'))::text
	FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
	WHERE c.relnamespace IN (SELECT oid FROM nsp) AND NOT t.tgisinternal
	UNION ALL
	-- view definitions
	SELECT 'view', c.oid::regclass::text, pg_catalog.to_json(pg_catalog.pg_get_viewdef(c.oid))::text
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace IN (SELECT oid FROM nsp) AND c.relkind IN ('v', 'm')
	UNION ALL
	-- rules other than the ones that implement views
	SELECT 'rule', r.ev_class::regclass::text || ' ' || pg_catalog.quote_ident(r.rulename),
	       pg_catalog.to_json(pg_catalog.pg_get_ruledef(r.oid))::text
	FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
	WHERE c.relnamespace IN (SELECT oid FROM nsp) AND r.rulename <> '_RETURN'
	UNION ALL
	-- row-level security policies, every column of pg_policies
	SELECT 'policy', pg_catalog.quote_ident(p.schemaname) || '.' || pg_catalog.quote_ident(p.tablename) || ' '
	         || pg_catalog.quote_ident(p.policyname),
	       pg_catalog.json_build_object('permissive', p.permissive, 'roles', p.roles, 'cmd', p.cmd,
	         'qual', p.qual, 'with_check', p.with_check)::text
	FROM pg_catalog.pg_policies p WHERE p.schemaname IN ('pricemath', 'pricemath_internal')
	UNION ALL
	-- sequence parameters, and the column that owns the sequence, if any
	SELECT 'sequence', s.seqrelid::regclass::text,
	       pg_catalog.json_build_object('type', s.seqtypid::regtype::text, 'start', s.seqstart,
	         'increment', s.seqincrement, 'max', s.seqmax, 'min', s.seqmin, 'cache', s.seqcache,
	         'cycle', s.seqcycle,
	         'owned_by', (SELECT d.refobjid::regclass::text || '.' || pg_catalog.quote_ident(a.attname)
	                      FROM pg_catalog.pg_depend d
	                      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
	                      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid
	                        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')))::text
	FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
	WHERE c.relnamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- types: domains, the tables' row types and every array type
	SELECT 'type', t.oid::regtype::text,
	       pg_catalog.json_build_object('type', t.typtype, 'category', t.typcategory, 'len', t.typlen,
	         'byval', t.typbyval, 'align', t.typalign, 'storage', t.typstorage,
	         'base', pg_catalog.format_type(t.typbasetype, t.typtypmod), 'notnull', t.typnotnull,
	         'default', t.typdefault, 'elem', t.typelem::regtype::text, 'array', t.typarray::regtype::text,
	         'relation', t.typrelid::regclass::text,
	         'input', t.typinput::regprocedure::text, 'output', t.typoutput::regprocedure::text,
	         'receive', t.typreceive::regprocedure::text, 'send', t.typsend::regprocedure::text,
	         'collation', (SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = t.typcollation),
	         'owner', pg_catalog.pg_get_userbyid(t.typowner), 'acl', t.typacl::text,
	         'comment', pg_catalog.obj_description(t.oid, 'pg_type'))::text
	FROM pg_catalog.pg_type t
	WHERE t.typnamespace IN (SELECT oid FROM nsp)
	UNION ALL
	-- operators (none yet; listed so that one added later is compared too)
	SELECT 'operator', o.oid::regoperator::text,
	       pg_catalog.json_build_object('code', o.oprcode::regprocedure::text,
	         'comment', pg_catalog.obj_description(o.oid, 'pg_operator'))::text
	FROM pg_catalog.pg_operator o WHERE o.oprnamespace IN (SELECT oid FROM nsp)
)
SELECT l.section || ' ' || l.ident || ' ' || COALESCE(l.detail, 'null')
FROM listing l
ORDER BY l.section COLLATE "C", l.ident COLLATE "C", l.detail COLLATE "C";
SQL

# The listing of database $db, optionally after $before in the same
# transaction (rolled back, so the database is left as it was).
sub listing
{
	my ($db, $before) = @_;
	return $node->safe_psql($db, $catalog_sql) unless defined $before;
	return $node->safe_psql($db, "BEGIN;\n$before;\n$catalog_sql\nROLLBACK;");
}

# Lines in one listing and not the other, as a diff would show them.
sub listing_diff
{
	my ($got, $want) = @_;
	my (%count, @out);
	$count{$_}++ for split /\n/, $want;
	$count{$_}-- for split /\n/, $got;
	for my $line (sort keys %count)
	{
		push @out, ($count{$line} > 0 ? '- ' : '+ ') . $line for 1 .. abs($count{$line});
	}
	return join("\n", @out);
}

# Compares two listings; on a mismatch prints the differing lines and saves
# both listings in the test's log directory for diff.
sub listings_equal
{
	my ($got, $want, $name, $tag) = @_;
	my $ok = ok($got eq $want, $name);
	if (!$ok)
	{
		my $dir = $PostgreSQL::Test::Utils::log_path;
		PostgreSQL::Test::Utils::append_to_file("$dir/004_${tag}_got.txt", "$got\n");
		PostgreSQL::Test::Utils::append_to_file("$dir/004_${tag}_want.txt", "$want\n");
		diag("- only in the expected (fresh) listing, + only in the tested one; "
			  . "both in $dir/004_${tag}_{got,want}.txt\n"
			  . listing_diff($got, $want));
	}
	return $ok;
}

is($node->safe_psql('postgres',
		"SELECT default_version FROM pg_catalog.pg_available_extensions WHERE name = 'pricemath'"),
	'0.3.0', 'the control file defaults to 0.3.0');

# Objects of a user's schema that depend on pricemath, as definitions: the
# update must neither drop nor rewrite them.
my $shop_defs_sql = q{
	SELECT line FROM (
	SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' '
	       || pg_catalog.format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
	FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	WHERE c.relnamespace = 'shop'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT 'constraint ' || con.conname || ' ' || pg_catalog.pg_get_constraintdef(con.oid)
	FROM pg_catalog.pg_constraint con WHERE con.connamespace = 'shop'::regnamespace
	UNION ALL
	SELECT 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
	FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	WHERE c.relnamespace = 'shop'::regnamespace
	UNION ALL
	SELECT 'generated ' || ad.adrelid::regclass || '.' || a.attname || ' ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)
	FROM pg_catalog.pg_attrdef ad
	JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
	JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
	WHERE c.relnamespace = 'shop'::regnamespace
	UNION ALL
	SELECT 'view ' || c.relkind::text || ' ' || c.oid::regclass || ' ' || pg_catalog.pg_get_viewdef(c.oid)
	FROM pg_catalog.pg_class c WHERE c.relnamespace = 'shop'::regnamespace AND c.relkind IN ('v', 'm')
	) s(line)
	ORDER BY line COLLATE "C"
};

# What the user's objects answer: the views (one with a moving window
# aggregate), the materialized view, the generated column, a lookup through
# the expression index (with its plan) and the errors of the domain and the
# CHECK constraint.
my $shop_answers_sql = q{
	SELECT * FROM shop.item_totals;
	SELECT * FROM shop.item_marked_up ORDER BY sku;
	SELECT * FROM shop.item_running ORDER BY sku;
	SELECT * FROM shop.item_index;
	SELECT sku, list_rounded FROM shop.item ORDER BY sku;
	SET enable_seqscan = off;
	SELECT sku FROM shop.item WHERE pricemath.round(prices, 0) = '{10,20,30}'::numeric[] ORDER BY sku;
	EXPLAIN (COSTS OFF) SELECT sku FROM shop.item WHERE pricemath.round(prices, 0) = '{10,20,30}'::numeric[];
};
sub shop_errors
{
	my %err;
	for my $bad (
		[ 'domain price', q{INSERT INTO shop.item VALUES ('BAD-1', -1, '{1.00, 2.00, 3.00}')} ],
		[ 'domain price_array', q{INSERT INTO shop.item VALUES ('BAD-2', 1, '{1.00, -2.00, 3.00}')} ],
		[ 'check constraint', q{INSERT INTO shop.item VALUES ('BAD-3', 1, '{1.00, 2.001, 3.00}')} ])
	{
		my ($ret, $out, $err) = $node->psql('upgraded', "\\set VERBOSITY verbose\n$bad->[1]");
		$err =~ s/\n\s*LOCATION:.*//s;
		$err{ $bad->[0] } = $err;
	}
	return \%err;
}

# database "upgraded": 0.1.0 with user objects, then updated ------------------

$node->safe_psql('postgres', 'CREATE DATABASE upgraded');
$node->safe_psql('upgraded', q{
	CREATE EXTENSION pricemath VERSION '0.1.0';
	CREATE EXTENSION amcheck;
	CREATE SCHEMA shop;
	-- both domains, and a CHECK with a stricter contract (at most 2 decimals)
	CREATE TABLE shop.item (
		sku text PRIMARY KEY,
		base pricemath.price NOT NULL,
		prices pricemath.price_array NOT NULL,
		list_rounded numeric[] GENERATED ALWAYS AS (pricemath.round(prices, 0)) STORED,
		CONSTRAINT item_prices_two_places CHECK (pricemath.is_price_array(prices, 0, NULL, 2)));
	CREATE INDEX item_rounded_idx ON shop.item ((pricemath.round(prices, 0)));
	CREATE VIEW shop.item_totals AS
		SELECT count(*) AS items, pricemath.vec_sum(prices) AS list_total,
		       pricemath.vec_sum(pricemath.markup(prices, 0.35)) AS marked_up_total
		FROM shop.item;
	CREATE VIEW shop.item_marked_up AS
		SELECT sku, pricemath.markup(base, 0.10) AS base, pricemath.markup(prices, 0.35) AS prices
		FROM shop.item;
	-- 0.3.0 gives every aggregate a new state type (issue 13): a window
	-- view and a materialized view over the aggregates of both families
	CREATE VIEW shop.item_running AS
		SELECT sku, pricemath.vec_sum(prices) OVER w AS pair_total,
		       pricemath.weighted_avg(base, prices[1]) OVER w AS pair_wavg
		FROM shop.item
		WINDOW w AS (ORDER BY sku ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
	CREATE MATERIALIZED VIEW shop.item_index AS
		SELECT pricemath.vec_avg(prices) AS avg_prices, pricemath.vec_min(prices) AS min_prices,
		       pricemath.vec_max(prices::float8[]) AS max_prices_f8,
		       pricemath.weighted_avg(base, prices[2]) AS wavg,
		       pricemath.laspeyres(prices[1] + 1, prices[2] + 1, prices[3]) AS laspeyres,
		       pricemath.fisher(prices[1] + 1, prices[2] + 1, prices[3], base) AS fisher
		FROM shop.item;
	INSERT INTO shop.item VALUES
		('A-100', 24.90, '{24.90, 23.50, 21.75}'),
		('A-200', 3.49, '{3.49, 3.19, 2.89}'),
		('B-300', 10, '{9.50, 20.49, 30.00}'),
		('C-400', 0, '{0, 0.01, 999999999999.99}');
	ANALYZE shop.item;
	REFRESH MATERIALIZED VIEW shop.item_index;
});
is($node->safe_psql('upgraded', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.1.0', 'upgraded: starts at 0.1.0');
my $defs_before = $node->safe_psql('upgraded', $shop_defs_sql);
# the aggregates by OID: the update replaces them in place
my $agg_oids_sql = q{SELECT p.oid::regprocedure::text || ' ' || p.oid FROM pg_catalog.pg_proc p
	WHERE p.pronamespace = 'pricemath'::regnamespace AND p.prokind = 'a' ORDER BY p.oid};
my $internal_states_sql = q{SELECT count(*) FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
	WHERE p.pronamespace = 'pricemath'::regnamespace AND 'internal'::regtype IN (a.aggtranstype, a.aggmtranstype)};
my $agg_oids_before = $node->safe_psql('upgraded', $agg_oids_sql);
is($node->safe_psql('upgraded', $internal_states_sql), '24', 'upgraded: before the update the 24 aggregates have internal states');
my $answers_before = $node->safe_psql('upgraded', $shop_answers_sql);
my $errors_before = shop_errors();
# guard against comparing two empty or broken outputs below
like($answers_before, qr/^4\|\{37\.89,47\.19,1000000000054\.63\}\|/m, 'upgraded: the view answers before the update');
like($answers_before, qr/^\{9\.4725000000000000,11\.7975000000000000,250000000013\.65750000\}\|\{0,0\.01,2\.89\}\|/m,
	'upgraded: the materialized view answers before the update');
like($answers_before, qr/^B-300\|\{10,20,30\}$/m, 'upgraded: the generated column before the update');
like($answers_before, qr/Index (Only )?Scan (using|on) item_rounded_idx/, 'upgraded: the expression index is used before the update');
like($errors_before->{'check constraint'}, qr/23514.*item_prices_two_places/, 'upgraded: the CHECK rejects 3 decimals before the update');

$node->safe_psql('upgraded', 'ALTER EXTENSION pricemath UPDATE');
is($node->safe_psql('upgraded', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.3.0', 'upgraded: ALTER EXTENSION UPDATE reaches 0.3.0');
is($node->safe_psql('upgraded', $shop_defs_sql), $defs_before, 'upgraded: user objects keep their definitions');
is($node->safe_psql('upgraded', $shop_answers_sql), $answers_before, 'upgraded: user views and index give the same answers');
is($node->safe_psql('upgraded', $internal_states_sql), '0', 'upgraded: after the update no aggregate has an internal state');
my $agg_oids_after = $node->safe_psql('upgraded', $agg_oids_sql);
my @agg_lost = grep { index("\n$agg_oids_after\n", "\n$_\n") < 0 } split /\n/, $agg_oids_before;
is(scalar(@agg_lost), 0, 'upgraded: every 0.1.0 aggregate keeps its OID (replaced in place)')
  or diag("lost: @agg_lost");
# the materialized view's stored rows are the old ones: computing them again
# with the new states gives the same rows
$node->safe_psql('upgraded', 'REFRESH MATERIALIZED VIEW shop.item_index');
is($node->safe_psql('upgraded', $shop_answers_sql), $answers_before,
	'upgraded: the materialized view, refreshed with the new states, has the same rows');
# The same rows are rejected with the same SQLSTATE; only the price_array
# domain's error changes, on purpose: 0.3.0 checks it with check_price_array,
# which says why.
my $errors_after = shop_errors();
is($errors_after->{'domain price'}, $errors_before->{'domain price'},
	'upgraded: the price domain rejects the same row with the same error');
is($errors_after->{'check constraint'}, $errors_before->{'check constraint'},
	'upgraded: the CHECK rejects the same row with the same error');
like($errors_before->{'domain price_array'}, qr/23514: value for domain pricemath\.price_array violates check constraint "price_array_valid"/,
	'upgraded: before the update the price_array domain names only its constraint');
like($errors_after->{'domain price_array'},
	qr/23514: invalid price array\nDETAIL:  Element 2: -2\.00 is below the minimum 0\. Array: \{1\.00, -2\.00, 3\.00\} \(element 2 of 3\)\./,
	'upgraded: after the update the price_array domain says why');
# heapallindexed recomputes each row's pricemath.round with the new library
# and checks the index holds exactly that value
is($node->safe_psql('upgraded', q{SELECT bt_index_check('shop.item_rounded_idx', true)}), '',
	'upgraded: the expression index matches the new library');
$node->safe_psql('upgraded', q{INSERT INTO shop.item VALUES ('D-500', 7.99, '{7.99, 7.49, 6.99}')});
is($node->safe_psql('upgraded', q{SELECT items, list_total FROM shop.item_totals}),
	'5|{45.88,54.68,1000000000061.62}', 'upgraded: new rows are accepted and counted after the update');

# database "fresh": the default version, straight from the chain ---------------

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION pricemath');
is($node->safe_psql('fresh', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.3.0', 'fresh: CREATE EXTENSION installs 0.3.0');

my $fresh = listing('fresh');
my $upgraded = listing('upgraded');
listings_equal($upgraded, $fresh, 'upgraded and fresh have the same objects, definitions, privileges and comments',
	'upgraded');

# The listing must be able to tell: it covers every kind of object, and the
# runner's objects are in it once they exist.
my @lines = split /\n/, $fresh;
cmp_ok(scalar(@lines), '>', 300, 'the listing has a line per object and sub-object');
for my $want (
	'member function pricemath.add(numeric[],numeric) ',
	'function pricemath.round(numeric[],integer,text) ',
	'aggregate pricemath.vec_sum(numeric[]) ',
	'type pricemath.price_array ',
	'constraint pricemath.price price_finite_nonnegative ',
	'member schema pricemath_internal ',
	'schema pricemath_internal ',
	'member function pricemath_internal.vec_sum_accum(pricemath.vec_state,numeric[]) ',
	'function pricemath_internal.vec_sum_accum(pricemath.vec_state,numeric[]) ',
	'type pricemath.vec_state ',
	'type pricemath.index_state ',
	'functiondef pricemath_internal.round_support(internal) ')
{
	ok((grep { index($_, $want) == 0 } @lines), "the listing has '$want'");
}
my ($has_job_run, $has_run_job) = split /\|/, $node->safe_psql('fresh', q{
	SELECT pg_catalog.to_regclass('pricemath.job_run') IS NOT NULL,
	       EXISTS (SELECT FROM pg_catalog.pg_proc
	               WHERE proname = 'run_job' AND pronamespace = 'pricemath'::regnamespace AND prokind = 'p')});
is($has_job_run, 't', 'fresh: 0.2.0 has the table pricemath.job_run');
if ($has_job_run eq 't')
{
	for my $want (
		'member table pricemath.job_run ',
		'relation pricemath.job_run {"kind" : "r", "persistence" : "p", "rowsecurity" : true, "forcerowsecurity" : true,',
		'column pricemath.job_run.id ',
		'constraint pricemath.job_run job_run_status_valid ',
		'index pricemath.job_run_job_id_idx ',
		'policy pricemath.job_run job_run_of_member_roles ',
		'sequence pricemath.job_run_id_seq ',
		'extconfig pricemath.job_run ',
		'extconfig pricemath.job_run_id_seq ',
		'trigger pricemath.job_stage job_stage_validate ')
	{
		ok((grep { index($_, $want) == 0 } @lines), "the listing has '$want'");
	}
}
if ($has_run_job eq 't')
{
	ok((grep { /^member procedure pricemath\.run_job\(/ } @lines), 'the listing has the procedure pricemath.run_job');
	ok((grep { /^functiondef pricemath\.run_job\(/ } @lines), 'the listing has the definition of pricemath.run_job');
}
else
{
	note('pricemath.run_job does not exist yet: not asserted');
}

# Each change below, made in "upgraded" and rolled back, must show up in the
# comparison as a difference on the named object: the listing is sensitive to
# every section, not only to objects appearing or disappearing.
my @probes = (
	[ 'ALTER FUNCTION pricemath.add(numeric[], numeric) VOLATILE', 'function pricemath.add(numeric[],numeric) ' ],
	[ 'ALTER FUNCTION pricemath.add(numeric[], numeric) SET search_path = public',
		'functiondef pricemath.add(numeric[],numeric) ' ],
	[ q{COMMENT ON FUNCTION pricemath.markup(numeric, numeric) IS 'changed'}, 'function pricemath.markup(numeric,numeric) ' ],
	[ 'GRANT EXECUTE ON FUNCTION pricemath.version() TO pg_monitor', 'function pricemath.version() ' ],
	[ 'ALTER EXTENSION pricemath DROP FUNCTION pricemath.version()', 'member function pricemath.version() ' ],
	[ q{UPDATE pg_catalog.pg_aggregate SET aggminvtransfn = 0
		WHERE aggfnoid = 'pricemath.vec_sum(numeric[])'::pg_catalog.regprocedure},
		'aggregate pricemath.vec_sum(numeric[]) ' ],
	[ 'ALTER DOMAIN pricemath.price DROP CONSTRAINT price_finite_nonnegative',
		'constraint pricemath.price price_finite_nonnegative ' ],
	[ q{COMMENT ON DOMAIN pricemath.price_array IS 'changed'}, 'type pricemath.price_array ' ],
	[ 'GRANT USAGE ON SCHEMA pricemath_internal TO PUBLIC', 'schema pricemath_internal ' ],
	[ 'ALTER FUNCTION pricemath_internal.vec_sum_accum(pricemath.vec_state, numeric[]) VOLATILE',
		'function pricemath_internal.vec_sum_accum(pricemath.vec_state,numeric[]) ' ],
	[ 'ALTER FUNCTION pricemath_internal.vec_combine(pricemath.vec_state, pricemath.vec_state) SET SCHEMA pricemath',
		'function pricemath_internal.vec_combine(pricemath.vec_state,pricemath.vec_state) ' ],
	[ q{COMMENT ON TYPE pricemath.index_state IS 'changed'}, 'type pricemath.index_state ' ],
	[ q{UPDATE pg_catalog.pg_aggregate SET aggtranstype = 'internal'::pg_catalog.regtype
		WHERE aggfnoid = 'pricemath.vec_avg(numeric[])'::pg_catalog.regprocedure},
		'aggregate pricemath.vec_avg(numeric[]) ' ],
	[ q{DELETE FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
		AND objid = 'pricemath.laspeyres(numeric,numeric,numeric)'::pg_catalog.regprocedure
		AND refobjid = 'pricemath_internal.idx_combine(pricemath.index_state,pricemath.index_state)'::pg_catalog.regprocedure},
		'depends pricemath.laspeyres(numeric,numeric,numeric) ' ],
	[ 'CREATE FUNCTION pricemath_internal.stray() RETURNS int LANGUAGE sql AS $$SELECT 1$$',
		'function pricemath_internal.stray() ' ]);
push @probes, (
	[ 'ALTER TABLE pricemath.job_run NO FORCE ROW LEVEL SECURITY', 'relation pricemath.job_run ' ],
	[ 'REVOKE INSERT ON pricemath.job FROM PUBLIC', 'relation pricemath.job ' ],
	[ 'ALTER TABLE pricemath.job ALTER COLUMN keep_runs SET DEFAULT 5', 'column pricemath.job.keep_runs ' ],
	[ q{COMMENT ON COLUMN pricemath.job_run.pid IS 'changed'}, 'column pricemath.job_run.pid ' ],
	[ 'ALTER TABLE pricemath.job DROP CONSTRAINT job_keep_runs_positive', 'constraint pricemath.job job_keep_runs_positive ' ],
	[ 'DROP INDEX pricemath.job_run_reverts_idx', 'index pricemath.job_run_reverts_idx ' ],
	[ 'ALTER TABLE pricemath.job_stage DISABLE TRIGGER job_stage_validate', 'trigger pricemath.job_stage job_stage_validate ' ],
	[ 'ALTER POLICY job_run_of_member_roles ON pricemath.job_run USING (true)',
		'policy pricemath.job_run job_run_of_member_roles ' ],
	[ 'ALTER SEQUENCE pricemath.job_run_id_seq INCREMENT BY 2', 'sequence pricemath.job_run_id_seq ' ],
	[ q{UPDATE pg_catalog.pg_extension SET extcondition[1] = 'WHERE false' WHERE extname = 'pricemath'},
		'extconfig ' ])
  if $has_job_run eq 't';
for my $probe (@probes)
{
	my ($change, $object) = @$probe;
	my $changed = listing('upgraded', $change);
	my @diff = grep { index($_, "- $object") == 0 || index($_, "+ $object") == 0 }
	  split /\n/, listing_diff($changed, $fresh);
	ok(@diff > 0, "the comparison sees: $change") or diag(listing_diff($changed, $fresh));
}
listings_equal(listing('upgraded'), $fresh, 'upgraded is unchanged after the probes', 'probes');

# database "old": the 0.3.0 library serves the 0.1.0 SQL objects ------------

$node->safe_psql('postgres', 'CREATE DATABASE old');
$node->safe_psql('old', q{CREATE EXTENSION pricemath VERSION '0.1.0'});
is($node->safe_psql('old', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.1.0', 'old: the SQL objects are at 0.1.0');
is($node->safe_psql('old', 'SELECT pricemath.version()'), '0.3.0', 'old: the library loaded is 0.3.0');

# One line per call, labelled, so a mismatch names the call.
my @calls = (
	[ 'add numeric', q{pricemath.add('{1.25, 2, NULL}'::numeric[], 0.75)}, '{2.00,2.75,NULL}' ],
	[ 'add numeric arrays', q{pricemath.add('{1.1, 2}'::numeric[], '{0.005, 1e30}'::numeric[])},
		'{1.105,1000000000000000000000000000002}' ],
	[ 'add float8', q{pricemath.add('{1.5, 2.25}'::float8[], '{0.25, 0.5}'::float8[])}, '{1.75,2.75}' ],
	[ 'round half_even', q{pricemath.round('{2.345, 2.355, -2.5}'::numeric[], 2)}, '{2.34,2.36,-2.50}' ],
	[ 'round half_up places 0', q{pricemath.round('{2.5, -2.5}'::numeric[], 0, 'half_up')}, '{3,-3}' ],
	[ 'round float8', q{pricemath.round('{2.675}'::float8[], 2, 'half_up')}, '{2.68}' ],
	[ 'round scalar', q{pricemath.round(2.5, 0, 'half_even')}, '2' ],
	[ 'vec_sum numeric', q{(SELECT pricemath.vec_sum(a) FROM (VALUES ('{1.10, 2}'::numeric[]), ('{3, 4.005}'), (NULL)) v(a))},
		'{4.10,6.005}' ],
	[ 'vec_sum float8', q{(SELECT pricemath.vec_sum(a) FROM (VALUES ('{1.5, 2}'::float8[]), ('{3, 4}')) v(a))}, '{4.5,6}' ],
	[ 'allocate numeric', q{pricemath.allocate(100.00, '{1, 1, 1}'::numeric[])}, '{33.34,33.33,33.33}' ],
	[ 'allocate float8', q{pricemath.allocate(10, '{0.5, 0.25, 0.25}'::float8[], 2)}, '{5.00,2.50,2.50}' ],
	[ 'markup', q{pricemath.markup(10.00, 0.35)}, '13.5000' ]);
my $calls_sql = join("\nUNION ALL\n",
	map { "SELECT '$_->[0]' || ' = ' || ($_->[1])::text" } @calls);
my $old_answers = $node->safe_psql('old', $calls_sql);
my $fresh_answers = $node->safe_psql('fresh', $calls_sql);
is($old_answers, $fresh_answers, 'old and fresh give the same answers');
is($fresh_answers, join("\n", map { "$_->[0] = $_->[2]" } @calls), 'and those answers are the documented ones');

# Errors too: the 0.1.0 objects raise the same SQLSTATE and message.
my $bad_sql = "\\set VERBOSITY verbose\nSELECT pricemath.add('{1, NaN}'::numeric[], 1);";
my (undef, undef, $old_err) = $node->psql('old', $bad_sql);
my (undef, undef, $fresh_err) = $node->psql('fresh', $bad_sql);
like($fresh_err, qr/ERROR:  22003: /, 'fresh: NaN raises 22003');
is($old_err, $fresh_err, 'old: the same error as fresh');

# database "released": the objects of the 0.1.0 script as released ------------
# sql/pricemath--0.1.0.sql may be reformatted (sections, wrapped lines), but it
# must create exactly the objects of the released text, since databases made
# from that text take the same upgrade scripts.  The released text comes from
# git history, so this needs git and the checkout (test/pg/tap passes its path
# in PM_SOURCE_DIR); without them it is skipped.  The text runs as plain SQL
# the way CREATE EXTENSION runs a script (\echo lines dropped, @extschema@ and
# MODULE_PATHNAME replaced, the schema first on the search_path), and its
# listing must equal that of "old", made by CREATE EXTENSION from the
# installed script, less the lines only an extension has (its row, its
# members and their initial privileges).
my $released_commit = 'c153217';    # the last commit before the script was regrouped
SKIP:
{
	my $src = $ENV{PM_SOURCE_DIR};
	my $released;
	$released = `git -c safe.directory='*' -C '$src' show $released_commit:sql/pricemath--0.1.0.sql 2>/dev/null`
	  if defined $src && -d $src;
	skip("the released 0.1.0 script needs git and commit $released_commit in the checkout (PM_SOURCE_DIR)", 1)
	  unless defined $released && $? == 0 && $released ne '';
	my ($sharedir) = $node->config_data('--sharedir');
	my ($module) = PostgreSQL::Test::Utils::slurp_file("$sharedir/extension/pricemath.control")
	  =~ /^module_pathname\s*=\s*'([^']*)'/m;
	$released =~ s/^\\echo.*$//mg;
	$released =~ s/\@extschema\@/pricemath/g;
	$released =~ s/MODULE_PATHNAME/$module/g;
	$node->safe_psql('postgres', 'CREATE DATABASE released');
	$node->safe_psql('released', "CREATE SCHEMA pricemath;\nSET search_path = pricemath, pg_temp;\n$released");
	my $old_objects = join("\n", grep { !/^(extension|extconfig|member|init_privs) / } split /\n/, listing('old'));
	listings_equal($old_objects, listing('released'),
		"CREATE EXTENSION pricemath VERSION '0.1.0' makes exactly the objects of the released script",
		'released');
}

# database "v020": a 0.2.0 database with a job that ran, then updated ---------
# Jobs, runs and before-images are rows: the update keeps them, and a run
# made before the update can be reverted after it.

$node->safe_psql('postgres', 'CREATE DATABASE v020');
$node->safe_psql('v020', q{
	CREATE EXTENSION pricemath VERSION '0.2.0';
	CREATE TABLE public.catalog (sku text PRIMARY KEY, prices numeric[]);
	INSERT INTO public.catalog VALUES ('A-1', '{10.00,20.00}'), ('B-2', '{5.00}');
	INSERT INTO pricemath.job (name) VALUES ('reprice');
	INSERT INTO pricemath.job_stage (job, position, name, kind, sql, target, key_column, value_column)
	VALUES ('reprice', 1, 'markup', 'apply',
		'SELECT sku, pricemath.round(pricemath.markup(prices, 0.10), 2) FROM public.catalog',
		'public.catalog', 'sku', 'prices');
});
$node->safe_psql('v020', q{CALL pricemath.run_job('reprice')});
is($node->safe_psql('v020', q{SELECT string_agg(sku || '=' || prices::text, ' ' ORDER BY sku) FROM public.catalog}),
	'A-1={11.00,22.00} B-2={5.50}', 'v020: the job ran at 0.2.0');
is($node->safe_psql('v020', 'SELECT pricemath.version()'), '0.3.0', 'v020: the 0.3.0 library serves 0.2.0 objects');
$node->safe_psql('v020', 'ALTER EXTENSION pricemath UPDATE');
is($node->safe_psql('v020', "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pricemath'"),
	'0.3.0', 'v020: ALTER EXTENSION UPDATE reaches 0.3.0');
is($node->safe_psql('v020', q{SELECT count(*) || ' ' || min(status) || ' ' || sum(rows_changed) FROM pricemath.job_run}),
	'1 succeeded 2', 'v020: the run ledger survives the update');
is($node->safe_psql('v020', 'SELECT count(*) FROM pricemath.job_change'), '2', 'v020: the before-images survive the update');
my $v020_run = $node->safe_psql('v020', 'SELECT min(id) FROM pricemath.job_run');
$node->safe_psql('v020', "CALL pricemath.revert_run($v020_run)");
is($node->safe_psql('v020', q{SELECT string_agg(sku || '=' || prices::text, ' ' ORDER BY sku) FROM public.catalog}),
	'A-1={10.00,20.00} B-2={5.00}', 'v020: a run made at 0.2.0 is reverted after the update');
$node->safe_psql('v020', 'DROP TABLE public.catalog');
$node->safe_psql('v020', 'TRUNCATE pricemath.job_change, pricemath.job_stage_run, pricemath.job_run, pricemath.job_stage, pricemath.job');
listings_equal(listing('v020'), listing('fresh'), 'v020: updated from 0.2.0, it has the objects of a fresh install', 'v020');

# Every update path the extension offers, whatever versions there are: an
# empty database at the source version, updated to the target, has the
# objects of a fresh install of the target (CREATE EXTENSION ... VERSION).
my @paths = map { [ split /\|/ ] } split /\n/, $node->safe_psql('postgres', q{
	SELECT source, target FROM pg_catalog.pg_extension_update_paths('pricemath')
	WHERE path IS NOT NULL ORDER BY source, target});
cmp_ok(scalar(@paths), '>=', 3, 'the update paths include 0.1.0 to 0.2.0, 0.1.0 to 0.3.0 and 0.2.0 to 0.3.0');
my %fresh_of;
for my $p (@paths)
{
	my ($source, $target) = @$p;
	(my $tag = "${source}_to_$target") =~ s/\./_/g;
	if (!defined $fresh_of{$target})
	{
		(my $db = "fresh_$target") =~ s/\./_/g;
		$node->safe_psql('postgres', "CREATE DATABASE $db");
		$node->safe_psql($db, "CREATE EXTENSION pricemath VERSION '$target'");
		$fresh_of{$target} = listing($db);
	}
	$node->safe_psql('postgres', "CREATE DATABASE path_$tag");
	$node->safe_psql("path_$tag", "CREATE EXTENSION pricemath VERSION '$source'");
	$node->safe_psql("path_$tag", "ALTER EXTENSION pricemath UPDATE TO '$target'");
	listings_equal(listing("path_$tag"), $fresh_of{$target},
		"update path $source to $target: the objects of a fresh $target install", "path_$tag");
}

$node->stop;
done_testing();
