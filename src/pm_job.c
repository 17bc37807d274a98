/*
 * pm_job.c: the job runner's C helpers.  PL/pgSQL drives a run; this file
 * does what SQL cannot: run a stage's SQL as the job's owner under a timer of
 * its own, hold a run lock across the procedure's COMMITs, keep the run
 * context, and write one-line JSON log entries.
 */
#include "postgres.h"

#include <math.h>

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "storage/latch.h"
#include "storage/lock.h"
#include "tcop/dest.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"

#include "pm_numeric.h"

/*
 * Run locks are advisory locks in a key space of their own: field4 is 1 or
 * 2 for pg_advisory_lock's keys, and this value for pricemath's, so a job's
 * lock never collides with an application's advisory lock.  pg_locks shows
 * them as locktype 'advisory' with objsubid 20557.
 */
#define PM_JOB_LOCK_SPACE 0x504D

/* Which budget, if any, cancelled the last stage. */
typedef enum PmJobTimeout
{
	PM_TIMEOUT_NONE,
	PM_TIMEOUT_STAGE,
	PM_TIMEOUT_RUN
} PmJobTimeout;

static TimeoutId job_timeout_id = MAX_TIMEOUTS;
static volatile sig_atomic_t job_timeout_fired = false;
static PmJobTimeout job_last_timeout = PM_TIMEOUT_NONE;

/* The run lock this backend holds, if any. */
static bool job_lock_held = false;
static bool job_lock_session = false;
static LOCKTAG job_lock_tag;

/* The run context: set by the runner for the duration of a run. */
static int64 job_run_id = 0;
static bool job_run_active = false;
static Jsonb *job_params = NULL;	/* in TopMemoryContext */

static bool job_callback_registered = false;

/* Timer handler (signal context): ask for a query cancel, as statement_timeout does. */
static void
JobTimeoutHandler(void)
{
	job_timeout_fired = true;
	InterruptPending = true;
	QueryCancelPending = true;
	SetLatch(MyLatch);
}

static void
ReleaseJobLock(void)
{
	if (job_lock_held && job_lock_session)
		LockRelease(&job_lock_tag, ExclusiveLock, true);
	job_lock_held = false;
	job_lock_session = false;
}

static void
ClearJobContext(void)
{
	job_run_active = false;
	job_run_id = 0;
	if (job_params != NULL)
		pfree(job_params);
	job_params = NULL;
}

/*
 * A run ends with its top-level transaction when that transaction aborts
 * (an error that escaped the runner, a cancel of the whole CALL): release
 * the session-level run lock then, so a live session never blocks its job,
 * and forget the run context.  A transaction-level lock goes with the
 * transaction by itself.
 */
static void
JobXactCallback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
	{
		if (job_timeout_id < MAX_TIMEOUTS)
			disable_timeout(job_timeout_id, false);
		ReleaseJobLock();
		ClearJobContext();
	}
	else if ((event == XACT_EVENT_COMMIT || event == XACT_EVENT_PREPARE) &&
			 job_lock_held && !job_lock_session)
		job_lock_held = false;
}

static void
EnsureCallbacks(void)
{
	if (!job_callback_registered)
	{
		RegisterXactCallback(JobXactCallback, NULL);
		job_callback_registered = true;
	}
	if (job_timeout_id >= MAX_TIMEOUTS)
		job_timeout_id = RegisterTimeout(USER_TIMEOUT, JobTimeoutHandler);
}

/* Milliseconds in a budget interval; months count 30 days, as interval comparison does. */
static double
IntervalMs(const Interval *iv)
{
	return (double) iv->time / 1000.0 +
		((double) iv->day + 30.0 * iv->month) * (double) USECS_PER_DAY / 1000.0;
}

static char *
IntervalText(Interval *iv)
{
	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(iv)));
}

static void
ReportBudget(PmJobTimeout which, const char *job, const char *stage,
			 Interval *stage_timeout, Interval *run_timeout)
{
	if (which == PM_TIMEOUT_STAGE)
		ereport(ERROR,
				(errcode(ERRCODE_QUERY_CANCELED),
				 errmsg("stage \"%s\" of job \"%s\" exceeded its timeout of %s",
						stage, job, IntervalText(stage_timeout)),
				 errhint("Raise pricemath.job_stage.timeout, or make the stage faster.")));
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("job \"%s\" exceeded its timeout of %s in stage \"%s\"",
					job, IntervalText(run_timeout), stage),
			 errhint("Raise pricemath.job.timeout, or make the job faster.")));
}

/*
 * _job_exec(sql, owner, stage_timeout, run_timeout, deadline, search_path,
 * job, stage, fetch_row): run sql with owner's privileges, the given search_path
 * and a timer that fires at the earlier of stage_timeout from now and
 * deadline (the run's start plus run_timeout, which messages name).
 *
 * The user id changes the way a SECURITY DEFINER function's does
 * (SECURITY_LOCAL_USERID_CHANGE), so the SQL cannot leave the owner's
 * privileges with SET ROLE, RESET ROLE or SET SESSION AUTHORIZATION; and as
 * with a function's SET clause, search_path (even a plain SET of it inside
 * the SQL) and any SET LOCAL go back when the stage ends.  Only a member of
 * owner may call it, so it grants nothing that SET ROLE would not.
 *
 * With fetch_row, at most two rows are read and the first is returned as text
 * with its column types (for checks and apply stages); without, rows are
 * counted and discarded, so a step's memory does not grow with its output.
 */
PG_FUNCTION_INFO_V1(pricemath_job_exec);
Datum
pricemath_job_exec(PG_FUNCTION_ARGS)
{
	char	   *sql;
	Oid			owner;
	Interval   *stage_timeout;
	Interval   *run_timeout;
	TimestampTz deadline;
	char	   *path;
	char	   *job;
	char	   *stage;
	bool		fetch;
	Oid			save_userid;
	int			save_sec;
	double		stage_ms;
	double		run_ms;
	double		budget_ms;
	PmJobTimeout which;
	MemoryContext callercxt = CurrentMemoryContext;
	SPIExecuteOptions opts;
	int			nest;
	int			ret;
	volatile uint64 processed = 0;
	TupleDesc	rettupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	/* Only search_path may be NULL (keep the session's). */
	for (int i = 0; i < 9; i++)
		if (PG_ARGISNULL(i) && i != 5)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument %d of _job_exec must not be null", i + 1)));
	sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	owner = PG_GETARG_OID(1);
	stage_timeout = PG_GETARG_INTERVAL_P(2);
	run_timeout = PG_GETARG_INTERVAL_P(3);
	deadline = PG_GETARG_TIMESTAMPTZ(4);
	path = PG_ARGISNULL(5) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(5));
	job = text_to_cstring(PG_GETARG_TEXT_PP(6));
	stage = text_to_cstring(PG_GETARG_TEXT_PP(7));
	fetch = PG_GETARG_BOOL(8);

	if (get_call_result_type(fcinfo, NULL, &rettupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	GetUserIdAndSecContext(&save_userid, &save_sec);
	if (!is_member_of_role(save_userid, owner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to run stage \"%s\" of job \"%s\" as role \"%s\"",
						stage, job, GetUserNameFromId(owner, false)),
				 errdetail("Only members of a job's owner can run its stages.")));

	EnsureCallbacks();
	job_last_timeout = PM_TIMEOUT_NONE;

	stage_ms = IntervalMs(stage_timeout);
	if (stage_ms <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeout of stage \"%s\" must be positive", stage)));
	run_ms = TIMESTAMP_NOT_FINITE(deadline) ? INFINITY :
		(double) (deadline - GetCurrentTimestamp()) / 1000.0;
	if (run_ms <= 0)
	{
		job_last_timeout = PM_TIMEOUT_RUN;
		ReportBudget(PM_TIMEOUT_RUN, job, stage, stage_timeout, run_timeout);
	}
	which = stage_ms <= run_ms ? PM_TIMEOUT_STAGE : PM_TIMEOUT_RUN;
	budget_ms = Min(stage_ms, run_ms);
	if (budget_ms > (double) INT_MAX)
		budget_ms = (double) INT_MAX;	/* about 24 days; a longer budget never fires */

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	nest = NewGUCNestLevel();
	if (path != NULL)
		(void) set_config_option("search_path", path, PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE);

	memset(&opts, 0, sizeof(opts));
	opts.read_only = false;
	opts.allow_nonatomic = false;
	opts.tcount = fetch ? 2 : 0;
	opts.dest = fetch ? NULL : None_Receiver;

	job_timeout_fired = false;
	enable_timeout_after(job_timeout_id, (int) Max(budget_ms, 1.0));
	PG_TRY();
	{
		ret = SPI_execute_extended(sql, &opts);
		processed = SPI_processed;

		/*
		 * Deferred triggers the SQL queued would fire at COMMIT as whoever
		 * commits (the caller, often a superuser): fire them now, as the
		 * owner, within the stage and its budget.  This leaves every
		 * constraint IMMEDIATE for the rest of the transaction; the runner
		 * starts each run that way too (see _job_run).
		 */
		if (ret >= 0)
		{
			SPITupleTable *keep = SPI_tuptable;

			if (SPI_execute("SET CONSTRAINTS ALL IMMEDIATE", false, 0) < 0)
				elog(ERROR, "SET CONSTRAINTS ALL IMMEDIATE failed");
			SPI_tuptable = keep;
		}
	}
	PG_CATCH();
	{
		bool		ours;
		ErrorData  *edata;

		disable_timeout(job_timeout_id, false);
		SetUserIdAndSecContext(save_userid, save_sec);
		MemoryContextSwitchTo(callercxt);
		edata = CopyErrorData();
		ours = job_timeout_fired && edata->sqlerrcode == ERRCODE_QUERY_CANCELED;
		FreeErrorData(edata);
		if (!ours)
			PG_RE_THROW();
		/* Our timer's cancel: say which budget ran out instead of "user request". */
		FlushErrorState();
		job_last_timeout = which;
		ReportBudget(which, job, stage, stage_timeout, run_timeout);
	}
	PG_END_TRY();
	disable_timeout(job_timeout_id, false);
	if (job_timeout_fired)
	{
		/* The timer fired as the SQL finished: the stage still ran over. */
		QueryCancelPending = false;
		SetUserIdAndSecContext(save_userid, save_sec);
		job_last_timeout = which;
		ReportBudget(which, job, stage, stage_timeout, run_timeout);
	}
	SetUserIdAndSecContext(save_userid, save_sec);
	AtEOXact_GUC(true, nest);

	if (ret < 0)
		elog(ERROR, "SPI_execute_extended failed: %s", SPI_result_code_string(ret));

	MemoryContextSwitchTo(callercxt);
	values[0] = Int64GetDatum((int64) processed);
	if (fetch && SPI_tuptable != NULL && processed > 0)
	{
		TupleDesc	desc = SPI_tuptable->tupdesc;
		int			natts = desc->natts;
		Datum	   *types = palloc(sizeof(Datum) * Max(natts, 1));
		Datum	   *vals = palloc(sizeof(Datum) * Max(natts, 1));
		bool	   *vnulls = palloc(sizeof(bool) * Max(natts, 1));
		int			dims[1];
		int			lbs[1] = {1};

		for (int i = 0; i < natts; i++)
		{
			char	   *v = SPI_getvalue(SPI_tuptable->vals[0], desc, i + 1);

			types[i] = ObjectIdGetDatum(SPI_gettypeid(desc, i + 1));
			vnulls[i] = (v == NULL);
			vals[i] = v ? CStringGetTextDatum(v) : (Datum) 0;
		}
		dims[0] = natts;
		values[1] = PointerGetDatum(construct_array(types, natts, REGTYPEOID, sizeof(Oid), true,
													TYPALIGN_INT));
		values[2] = PointerGetDatum(construct_md_array(vals, vnulls, 1, dims, lbs, TEXTOID, -1,
													   false, TYPALIGN_INT));
	}
	else
	{
		nulls[1] = true;
		nulls[2] = true;
	}
	SPI_finish();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(rettupdesc), values, nulls)));
}

/*
 * _job_query_text(sql, stage): the text of the one query in sql, as the
 * parser delimits it, so that an apply stage's query can become a subquery
 * whatever comments or semicolons surround it: "SELECT 1; -- note" gives
 * "SELECT 1".  Anything but exactly one SELECT, VALUES or WITH ... SELECT
 * raises 42601.
 */
PG_FUNCTION_INFO_V1(pricemath_job_query_text);
Datum
pricemath_job_query_text(PG_FUNCTION_ARGS)
{
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *stage = text_to_cstring(PG_GETARG_TEXT_PP(1));
	List	   *stmts = raw_parser(sql, RAW_PARSE_DEFAULT);
	RawStmt    *raw;
	int			len;

	if (list_length(stmts) != 1 || !IsA(((RawStmt *) linitial(stmts))->stmt, SelectStmt))
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("the SQL of apply stage \"%s\" must be a single query", stage),
				 errdetail("It has %d statements%s.", list_length(stmts),
						   list_length(stmts) == 1 ? ", and that one is not a SELECT, VALUES or WITH query" : ""),
				 errhint("An apply stage's query returns (key, new_value); do other work in a step stage.")));
	raw = (RawStmt *) linitial(stmts);
	len = raw->stmt_len > 0 ? raw->stmt_len : (int) strlen(sql) - raw->stmt_location;
	PG_RETURN_TEXT_P(cstring_to_text_with_len(sql + raw->stmt_location, len));
}

/* _job_timed_out(): 'stage', 'run' or NULL: which budget cancelled the last stage. */
PG_FUNCTION_INFO_V1(pricemath_job_timed_out);
Datum
pricemath_job_timed_out(PG_FUNCTION_ARGS)
{
	switch (job_last_timeout)
	{
		case PM_TIMEOUT_STAGE:
			PG_RETURN_TEXT_P(cstring_to_text("stage"));
		case PM_TIMEOUT_RUN:
			PG_RETURN_TEXT_P(cstring_to_text("run"));
		default:
			PG_RETURN_NULL();
	}
}

/*
 * _job_lock(job, session): take the run lock of a job without waiting.  The
 * job is looked up as the caller, so row-level security decides whether it
 * exists; the lock key is the job's id, not a hash of its name, so two jobs
 * never share a lock.  A session-level lock outlives the procedure's COMMITs
 * (and is released by _job_unlock or when the transaction aborts); a
 * transaction-level one is for a run inside the caller's transaction.
 */
PG_FUNCTION_INFO_V1(pricemath_job_lock);
Datum
pricemath_job_lock(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	bool		session = PG_GETARG_BOOL(1);
	char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	StringInfoData q;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	int64		id;
	bool		isnull;
	LOCKTAG		tag;
	LockAcquireResult res;

	EnsureCallbacks();
	/* A run in progress here means a stage is calling run_job. */
	if (job_run_active)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_IN_USE),
				 errmsg("a job run is already in progress in this session"),
				 errdetail("Stages cannot start another run.")));

	initStringInfo(&q);
	appendStringInfo(&q, "SELECT j.id FROM %s.job j WHERE j.name OPERATOR(pg_catalog.=) $1",
					 quote_identifier(schema));
	args[0] = PointerGetDatum(name);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(q.data, 1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "job lookup failed");
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("job \"%s\" does not exist", text_to_cstring(name))));
	id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) ((uint64) id >> 32), (uint32) id,
						 PM_JOB_LOCK_SPACE);
	/*
	 * LOCKACQUIRE_ALREADY_HELD is a transaction-level lock of an earlier run
	 * of this job in the same transaction block: it stays until that
	 * transaction ends, and this run may go ahead.
	 */
	res = LockAcquire(&tag, ExclusiveLock, session, true);
	if (res == LOCKACQUIRE_NOT_AVAIL)
		PG_RETURN_BOOL(false);
	job_lock_tag = tag;
	job_lock_held = true;
	job_lock_session = session;
	PG_RETURN_BOOL(true);
}

/* _job_unlock(): release the session's run lock, if it holds one. */
PG_FUNCTION_INFO_V1(pricemath_job_unlock);
Datum
pricemath_job_unlock(PG_FUNCTION_ARGS)
{
	ReleaseJobLock();
	PG_RETURN_VOID();
}

/* _job_context(run_id, params): set the run context; NULL run_id clears it. */
PG_FUNCTION_INFO_V1(pricemath_job_context);
Datum
pricemath_job_context(PG_FUNCTION_ARGS)
{
	EnsureCallbacks();
	ClearJobContext();
	if (!PG_ARGISNULL(0))
	{
		Jsonb	   *params = PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1);

		job_run_id = PG_GETARG_INT64(0);
		job_run_active = true;
		if (params != NULL)
		{
			job_params = MemoryContextAlloc(TopMemoryContext, VARSIZE(params));
			memcpy(job_params, params, VARSIZE(params));
		}
	}
	PG_RETURN_VOID();
}

/* current_run_id(): the running job's run id, or NULL outside a run. */
PG_FUNCTION_INFO_V1(pricemath_current_run_id);
Datum
pricemath_current_run_id(PG_FUNCTION_ARGS)
{
	if (!job_run_active)
		PG_RETURN_NULL();
	PG_RETURN_INT64(job_run_id);
}

/*
 * Look up a run parameter: true and *result (NULL for a JSON null) when the
 * run has it.  Strings come back unquoted and numbers as numeric prints
 * them, as ->> does: '{"fx": 1.0831}' gives '1.0831'.
 */
static bool
LookupJobParam(text *name, text **result)
{
	JsonbValue	key;
	JsonbValue *v;

	*result = NULL;
	if (!job_run_active || job_params == NULL)
		return false;
	key.type = jbvString;
	key.val.string.val = VARDATA_ANY(name);
	key.val.string.len = VARSIZE_ANY_EXHDR(name);
	v = findJsonbValueFromContainer(&job_params->root, JB_FOBJECT, &key);
	if (v == NULL)
		return false;
	switch (v->type)
	{
		case jbvNull:
			break;
		case jbvString:
			*result = cstring_to_text_with_len(v->val.string.val, v->val.string.len);
			break;
		case jbvNumeric:
			*result = cstring_to_text(PmNumericText(v->val.numeric));
			break;
		case jbvBool:
			*result = cstring_to_text(v->val.boolean ? "true" : "false");
			break;
		default:
			*result = cstring_to_text(JsonbToCString(NULL, v->val.binary.data, v->val.binary.len));
			break;
	}
	return true;
}

/* job_param(name): the run's parameter; an unknown name raises 22023. */
PG_FUNCTION_INFO_V1(pricemath_job_param);
Datum
pricemath_job_param(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	text	   *result;

	if (!LookupJobParam(name, &result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("job parameter \"%s\" is not set", text_to_cstring(name)),
				 job_run_active ?
				 errhint("Parameters come from pricemath.job.params and run_job's params argument.") :
				 errhint("No job run is in progress in this session.")));
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(result);
}

/* job_param(name, default_value): the run's parameter, or default_value if it has none. */
PG_FUNCTION_INFO_V1(pricemath_job_param_default);
Datum
pricemath_job_param_default(PG_FUNCTION_ARGS)
{
	text	   *result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!LookupJobParam(PG_GETARG_TEXT_PP(0), &result))
	{
		if (PG_ARGISNULL(1))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	}
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(result);
}

/* _job_nonatomic(): whether the calling procedure may COMMIT. */
PG_FUNCTION_INFO_V1(pricemath_job_nonatomic);
Datum
pricemath_job_nonatomic(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SPI_inside_nonatomic_context());
}

/* _job_log(line): one server log line holding line's JSON, with no statement or context lines. */
PG_FUNCTION_INFO_V1(pricemath_job_log);
Datum
pricemath_job_log(PG_FUNCTION_ARGS)
{
	Jsonb	   *line = PG_GETARG_JSONB_P(0);

	ereport(LOG,
			(errmsg_internal("%s", JsonbToCString(NULL, &line->root, VARSIZE(line))),
			 errhidestmt(true),
			 errhidecontext(true)));
	PG_RETURN_VOID();
}
