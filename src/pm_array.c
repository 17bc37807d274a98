/*
 * pm_array.c: input contracts at the edge (shape, lengths, finiteness,
 * modes), the error reports the glue shares, float8[] results and scratch.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "pm_array.h"

/* Validate shape and element type; only 0-D (empty) and 1-D arrays pass. */
void
PmArrayInit(PmArray *a, ArrayType *arr, Oid elemtype, const char *argname)
{
	if (ARR_ELEMTYPE(arr) != elemtype)
		elog(ERROR, "argument \"%s\" has element type %u, expected %u",
			 argname, ARR_ELEMTYPE(arr), elemtype);
	if (ARR_NDIM(arr) > 1)
		PmReportNotOneDim(argname, ARR_NDIM(arr));
	a->arr = arr;
	a->argname = argname;
	a->nitems = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	a->lbound = ARR_NDIM(arr) == 0 ? 1 : ARR_LBOUND(arr)[0];
	a->nulls = ARR_NULLBITMAP(arr);
	a->data = ARR_DATA_PTR(arr);
}

/* Element-wise operands must have the same number of elements. */
void
PmCheckSameLength(const PmArray *a, const PmArray *b)
{
	if (a->nitems != b->nitems)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array lengths differ"),
				 errdetail("Argument \"%s\" has %d elements and argument \"%s\" has %d.",
						   a->argname, a->nitems, b->argname, b->nitems)));
}

bool
PmArgIsConst(FunctionCallInfo fcinfo, int argno)
{
	Node	   *expr = fcinfo->flinfo != NULL ? fcinfo->flinfo->fn_expr : NULL;
	List	   *args;

	if (expr == NULL || !IsA(expr, FuncExpr))
		return false;
	args = ((FuncExpr *) expr)->args;
	return argno < list_length(args) && IsA(list_nth(args, argno), Const);
}

bool
PmArrayAnyNull(const PmArray *a)
{
	return a->nulls != NULL && array_contains_nulls(a->arr);
}

/*
 * A float8[] shaped like "shape" with room for nvalues non-NULL values.  The
 * NULL bitmap, when present, starts all NULL; callers set the bits of the
 * elements they fill, and write every one of the nvalues values.  Only the
 * header and bitmap are zeroed: zeroing a result of hundreds of MB would be
 * one more pass over it, its pages faulted in one by one, without an
 * interrupt check.
 */
ArrayType *
PmFloat8ArrayCreate(const PmArray *shape, bool hasnulls, int nvalues)
{
	Size		overhead,
				nbytes;
	ArrayType  *r;

	overhead = hasnulls ? ARR_OVERHEAD_WITHNULLS(1, shape->nitems) : ARR_OVERHEAD_NONULLS(1);
	nbytes = overhead + (Size) nvalues * sizeof(float8);
	if (nvalues < 0 || (Size) nvalues > MaxArraySize || !AllocSizeIsValid(nbytes))
		PmReportArrayTooLarge();
	r = (ArrayType *) palloc(nbytes);
	memset(r, 0, overhead);
	SET_VARSIZE(r, nbytes);
	r->ndim = 1;
	r->dataoffset = hasnulls ? (int32) overhead : 0;
	r->elemtype = FLOAT8OID;
	ARR_DIMS(r)[0] = shape->nitems;
	ARR_LBOUND(r)[0] = shape->lbound;
	return r;
}

PM_MODE_ARG_PARSER(PmParseRoundMode, pm_round_mode, pm_round_mode_parse, "rounding", PM_ROUND_MODE_LIST)

void
PmCheckPlaces(int32 places)
{
	if (!PmPlacesValid(places))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("places must be between %d and %d", -PM_PLACES_LIMIT, PM_PLACES_LIMIT),
				 errdetail("Value \"%d\" is out of range.", places)));
}

/* Raise for a non-finite float8 element (subscript >= 0) or scalar argument. */
void
PmCheckFloat8Finite(double v, const char *argname, int subscript)
{
	if (likely(isfinite(v)))
		return;
	PmReportNonFinite(float8out_internal(v), argname, NULL, subscript);
}

/*
 * An element error's excerpt of its array: up to PM_EXCERPT_RADIUS elements
 * on each side of element i (0-based), each cut to PM_EXCERPT_ELEM_CHARS
 * characters, as in "Array: {..., 2.00, -1.50, 3.00, ...} (element 7 of
 * 1000)." or, for a lower bound other than 1, "(element 0, subscripts 0 to
 * 999)."  ASCII "..." rather than an ellipsis character: the server
 * encoding need not be UTF-8.  Walks the array up to i (an error path only).
 */
#define PM_EXCERPT_RADIUS 2
#define PM_EXCERPT_ELEM_CHARS 40

static void
AppendArrayExcerpt(StringInfo buf, const PmArray *a, int i)
{
	int			lo = Max(i - PM_EXCERPT_RADIUS, 0),
				hi = Min(i + PM_EXCERPT_RADIUS, a->nitems - 1);
	Oid			typoutput;
	bool		typisvarlena;
	ArrayIterator it;
	Datum		d;
	bool		isnull;

	getTypeOutputInfo(ARR_ELEMTYPE(a->arr), &typoutput, &typisvarlena);
	appendStringInfoString(buf, lo > 0 ? "Array: {..., " : "Array: {");
	it = array_create_iterator(a->arr, 0, NULL);
	for (int k = 0; k <= hi && array_iterate(it, &d, &isnull); k++)
	{
		char	   *s;

		if (k < lo)
			continue;
		if (k > lo)
			appendStringInfoString(buf, ", ");
		s = isnull ? "NULL" : OidOutputFunctionCall(typoutput, d);
		if (strlen(s) > PM_EXCERPT_ELEM_CHARS)
		{
			appendBinaryStringInfo(buf, s, PM_EXCERPT_ELEM_CHARS - 3);
			appendStringInfoString(buf, "...");
		}
		else
			appendStringInfoString(buf, s);
	}
	array_free_iterator(it);
	appendStringInfoString(buf, hi < a->nitems - 1 ? ", ...} " : "} ");
	if (a->lbound == 1)
		appendStringInfo(buf, "(element %d of %d).", i + 1, a->nitems);
	else
		appendStringInfo(buf, "(element %d, subscripts %d to %d).", a->lbound + i,
						 a->lbound, a->lbound + a->nitems - 1);
}

/*
 * errdetail for an error about one element: the sentence fmt, then the
 * excerpt of array a around the element with this SQL subscript, so that
 * an error inside a statement over many rows points to its row.  With a
 * NULL or subscript PM_NO_INDEX (a scalar argument), the sentence alone.
 * Call it inside ereport(), in place of errdetail().
 */
int
PmErrdetailElem(const PmArray *a, int subscript, const char *fmt,...)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	if (a != NULL && subscript != PM_NO_INDEX &&
		subscript >= a->lbound && subscript - a->lbound < a->nitems)
	{
		appendStringInfoChar(&buf, ' ');
		AppendArrayExcerpt(&buf, a, subscript - a->lbound);
	}
	return errdetail_internal("%s", buf.data);
}

/* ---- error reports ---- */

void
PmReportStatus(pm_status st, const char *what)
{
	switch (st)
	{
		case PM_DIV_ZERO:
			PmReportDivZero(NULL, NULL, PM_NO_INDEX);
			break;
		case PM_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range in %s", what)));
			break;
		default:
			break;
	}
	elog(ERROR, "unexpected pricemath core status %d in %s", (int) st, what);
}

void
PmReportDivZeroDetail(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO),
			 errmsg("division by zero"),
			 errdetail("%s", detail)));
}

void
PmReportDivZero(const char *argname, const PmArray *arr, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO),
			 errmsg("division by zero"),
			 argname == NULL ? 0 :
			 subscript == PM_NO_INDEX ? errdetail("Argument \"%s\" is zero.", argname) :
			 PmErrdetailElem(arr, subscript, "Element %d of argument \"%s\" is zero.", subscript,
							 argname)));
}

void
PmReportInexact(PmInexact what, const char *value, int32 places, const PmArray *arr, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 subscript == PM_NO_INDEX ? errmsg("rounding is necessary") :
			 errmsg("rounding is necessary for element %d", subscript),
			 what == PM_INEXACT_VALUE ?
			 PmErrdetailElem(arr, subscript, "Value \"%s\" is not exact at the requested precision and the mode is \"unnecessary\".",
							 value) :
			 what == PM_INEXACT_QUOTIENT ?
			 PmErrdetailElem(arr, subscript, "The quotient of \"%s\" is not exact at %d places and the mode is \"unnecessary\".",
							 value, places) :
			 errdetail("Mode \"unnecessary\" requires results that are exact at %d places.", places)));
}

void
PmReportNonFinite(const char *value, const char *argname, const PmArray *arr, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 subscript == PM_NO_INDEX ? errmsg("argument \"%s\" is not a finite number", argname) :
			 errmsg("element %d of argument \"%s\" is not a finite number", subscript, argname),
			 PmErrdetailElem(arr, subscript, "Value \"%s\" is not allowed; only finite values are.",
							 value)));
}

void
PmReportNotOneDim(const char *argname, int ndim)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("array must be one-dimensional"),
			 errdetail("Argument \"%s\" has %d dimensions.", argname, ndim)));
}

void
PmReportNullElement(const PmArray *a, int i, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("array must not contain nulls"),
			 errdetail("Element %d of argument \"%s\" is NULL.", a->lbound + i, a->argname),
			 hint != NULL ? errhint("%s", hint) : 0));
}

void
PmReportNegativeWeight(const char *value, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weight at index %d is negative", subscript),
			 errdetail("Value \"%s\" is below the minimum \"0\".", value)));
}

void
PmReportInvalidMode(const char *kind, text *mode, const char *list)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s mode \"%s\"", kind, text_to_cstring(mode)),
			 errhint("Valid modes are: %s.", list)));
}

void
PmReportArrayTooLarge(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("array size exceeds the maximum allowed (%d)",
					(int) MaxAllocSize)));
}

void
PmTickInterrupts(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

void
PmCheckArraySize(Size n, Size size, const char *toolarge, const char *argname)
{
	if (n > MaxAllocSize / size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s", toolarge),
				 errdetail("Argument \"%s\" has %zu elements.", argname, n)));
}

void *
PmAllocArray(Size n, Size size, const char *toolarge, const char *argname)
{
	PmCheckArraySize(n, size, toolarge, argname);
	return palloc(Max(n, 1) * size);
}
