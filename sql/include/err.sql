-- The error helpers of the regress tests, included with \i sql/include/err.sql
-- (pg_regress runs psql in the top directory with the test on stdin).
-- err(q): run q (in a subtransaction) and show its SQLSTATE, message, detail,
-- hint and the first line of its context, unless that only names PL/pgSQL
-- or the statement (so a context that names an array's element shows).
-- last_error(sqlstate, message): psql's LAST_ERROR_SQLSTATE and
-- LAST_ERROR_MESSAGE, for an error of a top-level CALL.
-- Both pass their text through err_shown(t), all of t here: a file whose
-- errors name ids that change from run to run replaces err_shown.
CREATE FUNCTION pg_temp.err_shown(t text) RETURNS text LANGUAGE sql AS $f$ SELECT t $f$;
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE s text; m text; d text; h text; c text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL,
                          h = PG_EXCEPTION_HINT, c = PG_EXCEPTION_CONTEXT;
  c := split_part(c, E'\n', 1);
  RETURN pg_temp.err_shown(s || ': ' || m || coalesce(E'\nDETAIL: ' || nullif(d, ''), '')
         || coalesce(E'\nHINT: ' || nullif(h, ''), '')
         || CASE WHEN c LIKE 'PL/pgSQL%' OR c LIKE 'SQL statement%' OR c = '' THEN '' ELSE E'\nCONTEXT: ' || c END);
END $f$;
CREATE FUNCTION pg_temp.last_error(s text, m text) RETURNS text LANGUAGE sql AS $f$
  SELECT s || ': ' || pg_temp.err_shown(m)
$f$;
