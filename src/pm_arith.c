/*
 * pm_arith.c: the SQL entry points of arithmetic and rounding over numeric[]
 * (on the pm_numop engine) and float8[] (their kernels here), and planner support.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "core/pm_dec64.h"
#include "core/pm_float.h"
#include "pm_numop.h"

/* ---- float8[] ---- */

static pg_noinline void
Float8Overflow(const char *what, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: %s", what),
			 errdetail("The result for element %d is not a finite float8 value.", subscript)));
}

/* a op b for float8, with float8_pl/mi/mul/div's overflow and underflow rules. */
static inline double
Float8Op(PmOp op, double x, double y, int subscript, const char *bname)
{
	double		r = 0;

	switch (op)
	{
		case PMOP_ADD:
			r = x + y;
			break;
		case PMOP_SUB:
			r = x - y;
			break;
		case PMOP_MUL:
			r = x * y;
			if (unlikely(r == 0.0) && x != 0.0 && y != 0.0)
				Float8Overflow("underflow", subscript);
			break;
		case PMOP_DIV:
			if (unlikely(y == 0.0))
				PmReportDivZero(bname, NULL, subscript);
			r = x / y;
			if (unlikely(r == 0.0) && x != 0.0)
				Float8Overflow("underflow", subscript);
			break;
		default:
			elog(ERROR, "unsupported float8 operation %d", (int) op);
	}
	if (unlikely(isinf(r)))
		Float8Overflow("overflow", subscript);
	return r;
}

/* Dense elements checked as one block; a block with an error is redone one by one. */
#define PM_F8_BLOCK 256

/*
 * Bit tests on float8 that the compiler can vectorise (plain integer ops, no
 * branches); bit 63 of the result is the answer.
 */
static inline uint64
F8Bits(double v)
{
	uint64		u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static inline uint64
F8NonFinite(uint64 u)
{
	/* the exponent field all ones carries into bit 63 */
	return (u & UINT64CONST(0x7FF0000000000000)) + UINT64CONST(0x0010000000000000);
}

static inline uint64
F8IsZero(uint64 u)
{
	/* +0 and -0 borrow into bit 63 */
	return (u & UINT64CONST(0x7FFFFFFFFFFFFFFF)) - 1;
}

/* bit 63 set when r = x * y needs Float8Op's checks (an error or NaN) */
static inline uint64
F8MulBad(uint64 xb, uint64 yb, uint64 rb)
{
	return F8NonFinite(xb) | F8NonFinite(yb) | F8NonFinite(rb) |
		(F8IsZero(rb) & ~F8IsZero(xb) & ~F8IsZero(yb));
}

/*
 * r = x op y over one block of dense elements (y a scalar when yv is NULL).
 * False when some element needs Float8Op's checks: a non-finite operand or
 * result, an underflow or a zero divisor; r is then partly written.  The
 * arithmetic is the same IEEE operation per element as Float8Op's, so the
 * results are bit-identical; only the checks are batched.
 */
static pg_attribute_always_inline bool
Float8Block(PmOp op, const double *restrict x, const double *restrict yv, double y,
			double *restrict r)
{
	uint64		bad = 0;

	for (int i = 0; i < PM_F8_BLOCK; i++)
	{
		double		xi = x[i],
					yi = yv ? yv[i] : y,
					ri;
		uint64		xb = F8Bits(xi),
					yb = F8Bits(yi),
					rb;

		switch (op)
		{
			case PMOP_ADD:
				ri = xi + yi;
				break;
			case PMOP_SUB:
				ri = xi - yi;
				break;
			case PMOP_MUL:
				ri = xi * yi;
				break;
			default:
				ri = xi / yi;
				break;
		}
		r[i] = ri;
		rb = F8Bits(ri);
		if (op == PMOP_MUL)
			bad |= F8MulBad(xb, yb, rb);
		else
			bad |= F8NonFinite(xb) | F8NonFinite(yb) | F8NonFinite(rb);
		if (op == PMOP_DIV)
			bad |= F8IsZero(yb) | (F8IsZero(rb) & ~F8IsZero(xb));
	}
	return (bad >> 63) == 0;
}

/* Float8Block for a run-time op, each case a loop of its own. */
static bool
Float8BlockOp(PmOp op, const double *x, const double *yv, double y, double *r)
{
	switch (op)
	{
		case PMOP_ADD:
			return yv ? Float8Block(PMOP_ADD, x, yv, 0, r) : Float8Block(PMOP_ADD, x, NULL, y, r);
		case PMOP_SUB:
			return yv ? Float8Block(PMOP_SUB, x, yv, 0, r) : Float8Block(PMOP_SUB, x, NULL, y, r);
		case PMOP_MUL:
			return yv ? Float8Block(PMOP_MUL, x, yv, 0, r) : Float8Block(PMOP_MUL, x, NULL, y, r);
		case PMOP_DIV:
			return yv ? Float8Block(PMOP_DIV, x, yv, 0, r) : Float8Block(PMOP_DIV, x, NULL, y, r);
		default:
			return false;
	}
}

/*
 * r = x op y over n dense values (y a scalar when yv is NULL; asub and bsub
 * the SQL subscripts of x[0] and yv[0], for errors).  r may be x: the
 * values are then overwritten in place.  Blocks' checks are batched so the
 * loop vectorises; a block that fails them is redone one element at a time,
 * which raises the error of its first bad element exactly as the plain loop
 * would.  In place, blocks go through tmp, so that a failing block still has
 * its inputs.
 */
static void
Float8OpDense(PmOp op, const double *x, const double *yv, double y, double *r, int n,
			  int asub, int bsub, const char *bname)
{
	double		tmp[PM_F8_BLOCK];
	bool		inplace = (r == x);

	for (int base = 0; base < n; base += PM_TICK_STRIDE)
	{
		int			end = Min(n, base + PM_TICK_STRIDE);

		CHECK_FOR_INTERRUPTS();
		for (int c = base; c < end; c += PM_F8_BLOCK)
		{
			int			stop = Min(end, c + PM_F8_BLOCK);

			if (stop - c == PM_F8_BLOCK &&
			/* cppcheck-suppress legacyUninitvar ; tmp is Float8BlockOp's output, read only once it is filled */
				likely(Float8BlockOp(op, x + c, yv ? yv + c : NULL, y, inplace ? tmp : r + c)))
			{
				if (inplace)
					memcpy(r + c, tmp, sizeof(tmp));
				continue;
			}
			for (int i = c; i < stop; i++)
			{
				double		xi = x[i],
							yi = yv ? yv[i] : y;

				PmCheckFloat8Finite(xi, "a", asub + i);
				if (yv)
					PmCheckFloat8Finite(yi, bname, bsub + i);
				r[i] = Float8Op(op, xi, yi, asub + i, bname);
			}
		}
	}
}

/* Whether a NULL-free result can overwrite the array a in place. */
static inline bool
Float8InPlace(const PmArray *a, bool reuse_a)
{
	return reuse_a && a->nulls == NULL &&
		ARR_SIZE(a->arr) == ARR_OVERHEAD_NONULLS(1) + (Size) a->nitems * sizeof(float8);
}

/*
 * a op b over float8[].  reuse_a says the caller owns aarr (a detoasted
 * copy): a NULL-free result then overwrites it in place, which saves
 * allocating and faulting in a second array as large as the input.
 */
static ArrayType *
Float8ArrayOp(PmOp op, ArrayType *aarr, bool reuse_a, ArrayType *barr, double bscalar,
			  const char *bname)
{
	PmArray		a,
				b;
	const double *av,
			   *bv = NULL;
	double	   *rv;
	ArrayType  *r;
	bits8	   *rbits;
	int			nvalues = 0;
	bool		hasnulls;

	PmArrayInit(&a, aarr, FLOAT8OID, "a");
	if (barr != NULL)
	{
		PmArrayInit(&b, barr, FLOAT8OID, bname);
		PmCheckSameLength(&a, &b);
		bv = PmFloat8Data(b.data);
	}
	else
	{
		PmCheckFloat8Finite(bscalar, bname, PM_NO_INDEX);
		if (op == PMOP_DIV && bscalar == 0.0)
			PmReportDivZero(bname, NULL, PM_NO_INDEX);
	}
	if (a.nitems == 0)
		return construct_empty_array(FLOAT8OID);

	hasnulls = PmArrayAnyNull(&a) || (barr != NULL && PmArrayAnyNull(&b));
	if (!hasnulls)
		nvalues = a.nitems;
	else
		for (int i = 0; i < a.nitems; i++)
		{
			PM_CHECK_INTERRUPTS_EVERY(i);
			nvalues += !PmArrayIsNull(&a, i) && (barr == NULL || !PmArrayIsNull(&b, i));
		}

	/* in place only where the result is laid out byte for byte like a */
	if (!hasnulls && Float8InPlace(&a, reuse_a))
		r = aarr;
	else
		r = PmFloat8ArrayCreate(&a, hasnulls, nvalues);
	rv = PmFloat8Data(ARR_DATA_PTR(r));
	rbits = ARR_NULLBITMAP(r);
	av = PmFloat8Data(a.data);

	if (!hasnulls)
	{
		/* the common case: dense values */
		Float8OpDense(op, av, bv, bscalar, rv, a.nitems, a.lbound, bv ? b.lbound : 0, bname);
		return r;
	}

	for (int i = 0; i < a.nitems; i++)
	{
		bool		anull = PmArrayIsNull(&a, i);
		bool		bnull = bv != NULL && PmArrayIsNull(&b, i);
		double		x = 0,
					y = bscalar;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (!anull)
		{
			x = *av++;
			PmCheckFloat8Finite(x, "a", a.lbound + i);
		}
		if (bv != NULL && !bnull)
		{
			y = *bv++;
			PmCheckFloat8Finite(y, bname, b.lbound + i);
		}
		if (anull || bnull)
			continue;
		*rv++ = Float8Op(op, x, y, a.lbound + i, bname);
		rbits[i >> 3] |= (bits8) (1 << (i & 7));
	}
	return r;
}

/* ---- SQL-callable functions ---- */

/*
 * A rounding operation's arguments: the mode parsed, then places checked
 * (so a bad mode is reported first).  round_to passes places 0.
 */
static inline PmOpArgs
RoundedOp(PmOp op, int32 places, text *mode)
{
	PmOpArgs	o = {op, places, PmParseRoundMode(mode)};

	PmCheckPlaces(places);
	return o;
}

/*
 * RoundedOp of the places and mode in arguments argno and argno + 1.  Jobs
 * and queries pass them as constants, so while both are Consts of the
 * call's expression (PmArgIsConst) the parsed pair is kept in fn_extra and
 * each later row skips the mode's parse; RoundedOpCache.fixed false
 * remembers that they are not.  The first call raises any error, as every
 * call would.  The cache also holds a constant scalar b, decoded once
 * (bconst, b); *cache is set to it (NULL for a direct call, without flinfo).
 */
typedef struct RoundedOpCache
{
	bool		fixed;			/* places and mode are constants: o holds them */
	PmOpArgs	o;
	bool		bconst;			/* argument 1 is a Const: b keeps it decoded */
	PmNumScalar b;
} RoundedOpCache;

static pg_attribute_always_inline PmOpArgs
RoundedOpArgs(FunctionCallInfo fcinfo, PmOp op, int argno, RoundedOpCache **cache)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	RoundedOpCache *c = flinfo != NULL ? (RoundedOpCache *) flinfo->fn_extra : NULL;
	PmOpArgs	o;

	*cache = c;
	if (likely(c != NULL && c->fixed))
		return c->o;
	o = RoundedOp(op, PG_GETARG_INT32(argno), PG_GETARG_TEXT_PP(argno + 1));
	/* (a direct call, without flinfo, parses every time) */
	if (c == NULL && flinfo != NULL)
	{
		c = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(RoundedOpCache));
		c->fixed = PmArgIsConst(fcinfo, argno) && PmArgIsConst(fcinfo, argno + 1);
		c->bconst = argno == 2 && PmArgIsConst(fcinfo, 1);
		c->o = o;
		flinfo->fn_extra = c;
		*cache = c;
	}
	return o;
}

/* op(float8[], float8[] | float8): b, argument 1, an array (isarray) or one value */
static pg_attribute_always_inline Datum
Float8Binary(FunctionCallInfo fcinfo, bool isarray, PmOp op)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);

	PG_RETURN_ARRAYTYPE_P(Float8ArrayOp(op, a, PM_ARG_IS_COPY(0, a),
										isarray ? PG_GETARG_ARRAYTYPE_P(1) : NULL,
										isarray ? 0.0 : PG_GETARG_FLOAT8(1), "b"));
}

/* a op b over numeric[] (argument 0), b (argument 1) an array (isarray) or one numeric */
static pg_attribute_always_inline Datum
NumericOp(FunctionCallInfo fcinfo, bool isarray, const PmOpArgs *o)
{
	PmShortArrayBuf abuf;

	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(o, PmGetArgArray(fcinfo, 0, &abuf), "a",
										   isarray ? PG_GETARG_ARRAYTYPE_P(1) : NULL,
										   isarray ? NULL : PG_GETARG_NUMERIC(1), "b"));
}

/* op(numeric[], numeric[] | numeric): exact, no rounding */
static pg_attribute_always_inline Datum
NumericBinary(FunctionCallInfo fcinfo, bool isarray, PmOp op)
{
	PmOpArgs	o = {op, 0, PM_ROUND_HALF_EVEN};

	return NumericOp(fcinfo, isarray, &o);
}

/* op(numeric[], numeric[] | numeric) and op(float8[], float8[] | float8) */
PM_SQL_ARRAY_SCALAR(add_numeric, NumericBinary, PMOP_ADD)
PM_SQL_ARRAY_SCALAR(sub_numeric, NumericBinary, PMOP_SUB)
PM_SQL_ARRAY_SCALAR(mul_numeric, NumericBinary, PMOP_MUL)
PM_SQL_ARRAY_SCALAR(add_float8, Float8Binary, PMOP_ADD)
PM_SQL_ARRAY_SCALAR(sub_float8, Float8Binary, PMOP_SUB)
PM_SQL_ARRAY_SCALAR(mul_float8, Float8Binary, PMOP_MUL)

/*
 * op(numeric[], int2 | int4 | int8): an integer matches these exactly, so
 * an untyped array literal next to it resolves to numeric[], not float8[]
 * (README "Type resolution").
 */
PM_INT_OVERLOADS(pricemath_add_numeric_scalar, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_sub_numeric_scalar, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_mul_numeric_scalar, PM_ARG(1))

/*
 * op(numeric[], numeric[] | numeric, places, mode): div is the exact
 * quotient rounded; mul_round is round(mul(a, b), places, mode) in one pass.
 * The mode and places are checked before the arrays are read.
 */
static pg_attribute_always_inline Datum
NumericRounded(FunctionCallInfo fcinfo, bool isarray, PmOp op)
{
	RoundedOpCache *c;
	PmOpArgs	o = RoundedOpArgs(fcinfo, op, 2, &c);
	PmShortArrayBuf abuf;

	if (isarray || c == NULL || !c->bconst)
		return NumericOp(fcinfo, isarray, &o);
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOpCached(&o, PmGetArgArray(fcinfo, 0, &abuf), "a",
												 PG_GETARG_NUMERIC(1), &c->b, "b"));
}

PM_SQL_ARRAY_SCALAR(div_numeric, NumericRounded, PMOP_DIV)
PM_SQL_ARRAY_SCALAR(mul_round_numeric, NumericRounded, PMOP_MUL_ROUND)

/*
 * div(numeric[], b) without places.  numeric division always rounds to
 * places decimals; the two-argument numeric forms exist only so that a
 * numeric[] or untyped first argument never resolves to div(float8[], ...)
 * (numeric[] casts to float8[] implicitly).  Not STRICT: a NULL is no
 * excuse for the missing places.
 */
PG_FUNCTION_INFO_V1(pricemath_div_numeric_needs_places);
Datum
pricemath_div_numeric_needs_places(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_FUNCTION),
			 errmsg("numeric division needs places"),
			 errdetail("pricemath.div on numeric[] rounds the exact quotient to places decimals, and places has no default."),
			 errhint("Call pricemath.div(a, b, places), or cast a to float8[] for float division.")));
	PG_RETURN_NULL();
}

PM_SQL_ARRAY_SCALAR(div_float8, Float8Binary, PMOP_DIV)

/* round(numeric[], places, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_numeric_array);
Datum
pricemath_round_numeric_array(PG_FUNCTION_ARGS)
{
	RoundedOpCache *c;
	PmOpArgs	o = RoundedOpArgs(fcinfo, PMOP_ROUND, 1, &c);
	PmShortArrayBuf abuf;

	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PmGetArgArray(fcinfo, 0, &abuf), "a", NULL, NULL, "places"));
}

/*
 * Planner support for round(numeric[] | float8[], int, text):
 * round(mul(a, b), places, mode) becomes mul_round(a, b, places, mode), one
 * pass instead of two.  Only where nothing observable changes: our own mul
 * in the same schema, places and mode non-NULL constants that round would
 * accept (so neither call raises its own argument errors, and strictness
 * gives NULL in the same cases).  numeric: pricemath.mul_round, and not in
 * mode "unnecessary", whose error shows the product; it reports element
 * errors for a and b with the same wording and index.  float8:
 * pricemath_internal.mul_round (a public overload would draw untyped
 * literals to float8[], README "Type resolution"), whose results and errors
 * are the two calls' in every mode (Float8MulRoundArray).
 */
PG_FUNCTION_INFO_V1(pricemath_round_support);
Datum
pricemath_round_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	FuncExpr   *round,
			   *mul;
	Const	   *places,
			   *mode;
	Oid			ns,
				fusedns,
				argtypes[4],
				fused,
				arraytype,
				elemtype;
	char	   *name;
	pm_round_mode m;
	text	   *mtext;
	FuncExpr   *result;
	Node	   *b;
	Oid			btype;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	round = req->fcall;
	arraytype = round->funcresulttype;
	if (arraytype != NUMERICARRAYOID && arraytype != FLOAT8ARRAYOID)
		PG_RETURN_POINTER(NULL);
	elemtype = arraytype == NUMERICARRAYOID ? NUMERICOID : FLOAT8OID;
	if (list_length(round->args) != 3 || !IsA(linitial(round->args), FuncExpr) ||
		!IsA(lsecond(round->args), Const) || !IsA(lthird(round->args), Const))
		PG_RETURN_POINTER(NULL);
	mul = (FuncExpr *) linitial(round->args);
	places = (Const *) lsecond(round->args);
	mode = (Const *) lthird(round->args);
	if (places->constisnull || mode->constisnull ||
		places->consttype != INT4OID || mode->consttype != TEXTOID)
		PG_RETURN_POINTER(NULL);
	if (!PmPlacesValid(DatumGetInt32(places->constvalue)))
		PG_RETURN_POINTER(NULL);
	mtext = DatumGetTextPP(mode->constvalue);
	if (!pm_round_mode_parse(VARDATA_ANY(mtext), VARSIZE_ANY_EXHDR(mtext), &m) ||
		(m == PM_ROUND_UNNECESSARY && arraytype == NUMERICARRAYOID))
		PG_RETURN_POINTER(NULL);

	/* the inner call must be this extension's mul(a, b), a and its result of round's type */
	ns = get_func_namespace(round->funcid);
	name = get_func_name(mul->funcid);
	if (name == NULL || strcmp(name, "mul") != 0 || get_func_namespace(mul->funcid) != ns ||
		mul->funcretset || mul->funcresulttype != arraytype ||
		list_length(mul->args) != 2 ||
		exprType(linitial(mul->args)) != arraytype)
		PG_RETURN_POINTER(NULL);
	/* mul(a, integer) was already planned as mul(a, numeric): IntOverloadSupport */
	b = (Node *) lsecond(mul->args);
	btype = exprType(b);
	if (btype != elemtype && btype != arraytype)
		PG_RETURN_POINTER(NULL);

	/* the float8 form lives where this support function does */
	fusedns = arraytype == NUMERICARRAYOID ? ns : get_func_namespace(fcinfo->flinfo->fn_oid);
	argtypes[0] = arraytype;
	argtypes[1] = btype;
	argtypes[2] = INT4OID;
	argtypes[3] = TEXTOID;
	/* by catalog, not by name: the caller may have no USAGE on pricemath_internal */
	fused = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid, CStringGetDatum("mul_round"),
							PointerGetDatum(buildoidvector(argtypes, 4)), ObjectIdGetDatum(fusedns));
	if (!OidIsValid(fused))
		PG_RETURN_POINTER(NULL);
	result = makeFuncExpr(fused, arraytype,
	/* cppcheck-suppress unknownEvaluationOrder ; list_makeN's cells are independent: their order of evaluation does not matter */
						  list_make4(linitial(mul->args), b, places, mode),
						  InvalidOid, round->inputcollid, COERCE_EXPLICIT_CALL);
	result->location = round->location;
	PG_RETURN_POINTER(result);
}

/*
 * Planner support for the integer overloads (README "Type resolution"):
 * op(a, b integer) is planned as the numeric form op(a, b::numeric), with a
 * constant b converted once, at plan time.  The overloads' C entry points do
 * the same conversion per call, for calls that are not planned.  The integer
 * argument is always the second: b of add, sub and mul, min of the input
 * contracts.  Fully constant calls are folded before this runs.
 */
PG_FUNCTION_INFO_V1(pricemath_int_overload_support);
Datum
pricemath_int_overload_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	FuncExpr   *call;
	Node	   *arg;
	Oid			argtype,
				argtypes[FUNC_MAX_ARGS],
				target;
	List	   *args = NIL;
	ListCell   *lc;
	int			n = 0;
	FuncExpr   *result;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	call = ((SupportRequestSimplify *) rawreq)->fcall;
	if (list_length(call->args) < 2)
		PG_RETURN_POINTER(NULL);
	arg = (Node *) lsecond(call->args);
	argtype = exprType(arg);
	if (argtype != INT2OID && argtype != INT4OID && argtype != INT8OID)
		PG_RETURN_POINTER(NULL);
	if (IsA(arg, Const) && !((Const *) arg)->constisnull)
	{
		Datum		v = ((Const *) arg)->constvalue;
		int64		i = argtype == INT8OID ? DatumGetInt64(v) :
			argtype == INT4OID ? DatumGetInt32(v) : DatumGetInt16(v);

		arg = (Node *) makeConst(NUMERICOID, -1, InvalidOid, -1,
								 NumericGetDatum(int64_to_numeric(i)), false, false);
	}
	else if (IsA(arg, Const))
		arg = (Node *) makeNullConst(NUMERICOID, -1, InvalidOid);
	else
		arg = coerce_to_target_type(NULL, arg, argtype, NUMERICOID, -1, COERCION_IMPLICIT,
									COERCE_IMPLICIT_CAST, -1);
	if (arg == NULL)
		PG_RETURN_POINTER(NULL);
	foreach(lc, call->args)
	{
		Node	   *a = n == 1 ? arg : (Node *) lfirst(lc);

		argtypes[n++] = exprType(a);
		args = lappend(args, a);
	}
	/* by catalog, not by name: a view's reader may have no USAGE on the schema */
	target = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
							 CStringGetDatum(get_func_name(call->funcid)),
							 PointerGetDatum(buildoidvector(argtypes, n)),
							 ObjectIdGetDatum(get_func_namespace(call->funcid)));
	if (!OidIsValid(target) || get_func_rettype(target) != call->funcresulttype)
		PG_RETURN_POINTER(NULL);
	result = makeFuncExpr(target, call->funcresulttype, args, call->funccollid,
						  call->inputcollid, COERCE_EXPLICIT_CALL);
	result->location = call->location;
	PG_RETURN_POINTER(result);
}

/* round_to(numeric[], increment, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_to_numeric_array);
Datum
pricemath_round_to_numeric_array(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = RoundedOp(PMOP_ROUND_TO, 0, PG_GETARG_TEXT_PP(2));

	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", NULL,
										 PG_GETARG_NUMERIC(1), "increment"));
}

/* round(numeric, places, mode): the scalar form */
PG_FUNCTION_INFO_V1(pricemath_round_numeric);
Datum
pricemath_round_numeric(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = RoundedOp(PMOP_ROUND, PG_GETARG_INT32(1), PG_GETARG_TEXT_PP(2));

	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), "x", NULL, NULL));
}

/* round_to(numeric, increment, mode): the scalar form */
PG_FUNCTION_INFO_V1(pricemath_round_to_numeric);
Datum
pricemath_round_to_numeric(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = RoundedOp(PMOP_ROUND_TO, 0, PG_GETARG_TEXT_PP(2));

	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), "x", PG_GETARG_NUMERIC(1), "increment"));
}

/* ---- float8 rounding ---- */

/* A rounding increment for doubles: in the core's form when it fits. */
typedef struct PmFloatInc
{
	pm_dec		dec;
	bool		fast;
	Numeric		num;
} PmFloatInc;

/*
 * Exact route through numeric for values the core cannot hold.  A result
 * beyond float8 raises the same error as mul's, naming the element
 * (numeric_float8's would show the 309-digit decimal and no element).
 */
static double
Float8RoundSlow(double x, const PmFloatInc *inc, pm_round_mode mode, int subscript)
{
	Numeric		q;
	char	   *text;
	double		r;

	if (x == 0)
		return 0.0;
	/* x is finite: the decimal it prints as */
	q = PmNumericDivRound(PmFloat8ToNumeric(x), inc->num, 0, mode);
	q = PmNumericMul(q, inc->num);
	/* numeric_float8's conversion (float8in's strtod), its range errors ours */
	text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(q)));
	errno = 0;
	r = strtod(text, NULL);
	if (unlikely(errno == ERANGE) && (r == 0.0 || isinf(r)))
		Float8Overflow(r == 0.0 ? "underflow" : "overflow", subscript);
	pfree(text);
	return r + 0.0;
}

/* One element the dense loop left over: pm_float_round's checks and paths. */
static double
Float8RoundOne(double x, const PmFloatInc *inc, pm_round_mode mode, int subscript)
{
	pm_status	st = PM_OVERFLOW;
	double		r = 0;

	PmCheckFloat8Finite(x, "a", subscript);
	if (inc->fast)
		st = pm_float_round(x, &inc->dec, mode, &r);
	if (unlikely(st != PM_OK))
	{
		if (st == PM_INEXACT)
			PmReportInexact(PM_INEXACT_VALUE, float8out_internal(x), 0, NULL, subscript);
		r = Float8RoundSlow(x, inc, mode, subscript);
	}
	return r;
}

/*
 * Rounds n stored values x of a, from stored value first on, into r (which
 * may be x: in place).  The core's dense loop rounds them in chunks; the few
 * it leaves (NaN in its output: an element next to a tie, a non-finite one,
 * one off the grid in mode "unnecessary") are then redone one by one in
 * order, which raises the error of the first bad element as an
 * element-by-element loop would.  With NULLs in a, first is 0.
 */
static void
Float8RoundValues(const pm_float_rounder *fr, const PmArray *a, bool hasnulls,
				  const double *x, double *r, int n, int first,
				  const PmFloatInc *inc, pm_round_mode mode)
{
	/* in place, a chunk goes through tmp: left-over elements need their input */
	double		tmp[PM_TICK_STRIDE];
	bool		inplace = (r == x);
	int			elem = 0,		/* the element of stored value val, for errors */
				val = 0;

	Assert(first == 0 || !hasnulls);
	for (int base = 0; base < n; base += PM_TICK_STRIDE)
	{
		int			len = Min(n - base, PM_TICK_STRIDE);
		/* cppcheck-suppress legacyUninitvar ; tmp is pm_float_round_dense's output, read only once it is filled */
		double	   *out = inplace ? tmp : r + base;

		CHECK_FOR_INTERRUPTS();
		if (pm_float_round_dense(fr, x + base, out, len) > 0)
			for (int v = base; v < base + len; v++)
			{
				if (likely(!isnan(out[v - base])))
					continue;
				/* the element of value v: walk the bitmap forward */
				if (hasnulls)
					for (; val < v || PmArrayIsNull(a, elem); elem++)
						val += !PmArrayIsNull(a, elem);
				else
					elem = first + v;
				out[v - base] = Float8RoundOne(x[v], inc, mode, a->lbound + elem);
			}
		if (inplace)
			/* cppcheck-suppress uninitvar ; pm_float_round_dense filled tmp's first len values above */
			memcpy(r + base, tmp, len * sizeof(double));
	}
}

/* The dense loop's rounder, or one that leaves every value to the exact path. */
static void
Float8Rounder(pm_float_rounder *fr, const PmFloatInc *inc, pm_round_mode mode)
{
	/* an increment the core cannot hold leaves every element to the slow path */
	if (!inc->fast || pm_float_rounder_init(fr, &inc->dec, mode) != PM_OK)
		fr->dense = false;
}

/*
 * round / round_to over float8[] (Float8RoundValues).  reuse_a says the
 * caller owns aarr (a detoasted copy), which a NULL-free result then
 * overwrites.
 */
static ArrayType *
Float8RoundArray(ArrayType *aarr, bool reuse_a, const PmFloatInc *inc, pm_round_mode mode)
{
	PmArray		a;
	ArrayType  *r;
	int			nvalues = 0;
	bool		hasnulls;
	pm_float_rounder fr;

	PmArrayInit(&a, aarr, FLOAT8OID, "a");
	if (a.nitems == 0)
		return construct_empty_array(FLOAT8OID);
	hasnulls = PmArrayAnyNull(&a);
	if (!hasnulls)
		nvalues = a.nitems;
	else
		for (int i = 0; i < a.nitems; i++)
		{
			PM_CHECK_INTERRUPTS_EVERY(i);
			nvalues += !PmArrayIsNull(&a, i);
		}
	r = !hasnulls && Float8InPlace(&a, reuse_a) ? aarr : PmFloat8ArrayCreate(&a, hasnulls, nvalues);
	if (hasnulls)
	{
		bits8	   *rbits = ARR_NULLBITMAP(r);

		Assert(rbits != NULL);
		if (rbits != NULL)
			memcpy(rbits, a.nulls, (a.nitems + 7) / 8);
	}
	Float8Rounder(&fr, inc, mode);
	Float8RoundValues(&fr, &a, hasnulls, PmFloat8Data(a.data), PmFloat8Data(ARR_DATA_PTR(r)),
					  nvalues, 0, inc, mode);
	return r;
}

/*
 * round(mul(a, b), places, mode) over float8[], which the planner asks for
 * (pricemath_round_support): the core's dense pass rounds each product as
 * it makes it, so products are never stored, and writes into a's detoasted
 * copy when the call owns it, so no intermediate array is allocated.
 * Results and errors are the two calls': mul raises every error of the
 * products before round raises any.  The few products the pass leaves are
 * made again one by one; one that mul's checks reject, or whose rounding
 * could fail or take the exact path through numeric, ends the fused pass:
 * from its chunk on, which is still a's input, the products are made first
 * and then rounded, as by two calls.  With NULLs, or an increment the dense
 * pass cannot use, it is two calls.
 */
static ArrayType *
Float8MulRoundArray(ArrayType *aarr, bool reuse_a, ArrayType *barr, double bscalar,
					const PmFloatInc *inc, pm_round_mode mode)
{
	PmArray		a,
				b;
	ArrayType  *r;
	const double *av,
			   *bv = NULL;
	double	   *rv;
	bool		inplace;
	pm_float_rounder fr;
	double		tmp[PM_TICK_STRIDE];

	/* mul's checks, in its order */
	PmArrayInit(&a, aarr, FLOAT8OID, "a");
	if (barr != NULL)
	{
		PmArrayInit(&b, barr, FLOAT8OID, "b");
		PmCheckSameLength(&a, &b);
		bv = PmFloat8Data(b.data);
	}
	else
		PmCheckFloat8Finite(bscalar, "b", PM_NO_INDEX);
	Float8Rounder(&fr, inc, mode);
	if (a.nitems == 0 || !fr.dense || PmArrayAnyNull(&a) || (barr != NULL && PmArrayAnyNull(&b)))
		return Float8RoundArray(Float8ArrayOp(PMOP_MUL, aarr, reuse_a, barr, bscalar, "b"),
								true, inc, mode);

	inplace = Float8InPlace(&a, reuse_a);
	r = inplace ? aarr : PmFloat8ArrayCreate(&a, false, a.nitems);
	av = PmFloat8Data(a.data);
	rv = PmFloat8Data(ARR_DATA_PTR(r));
	for (int base = 0; base < a.nitems; base += PM_TICK_STRIDE)
	{
		int			len = Min(a.nitems - base, PM_TICK_STRIDE);
		double	   *out = inplace ? tmp : rv + base;
		int			bsub = bv ? b.lbound + base : 0;

		CHECK_FOR_INTERRUPTS();
		/* cppcheck-suppress legacyUninitvar ; tmp is the dense pass's output, read only once it is filled */
		if (pm_float_mul_round_dense(&fr, av + base, bv ? bv + base : NULL, bscalar, out, len) > 0)
			for (int v = 0; v < len; v++)
			{
				double		x = av[base + v],
							y = bv ? bv[base + v] : bscalar,
							p = x * y;

				if (likely(!isnan(out[v])) ||
					(!(F8MulBad(F8Bits(x), F8Bits(y), F8Bits(p)) >> 63) &&
					 pm_float_round(p, &inc->dec, mode, &out[v]) == PM_OK))
					continue;
				/* this chunk's input is still whole: two calls from here on */
				Float8OpDense(PMOP_MUL, av + base, bv ? bv + base : NULL, bscalar, rv + base,
							  a.nitems - base, a.lbound + base, bsub, "b");
				Float8RoundValues(&fr, &a, false, rv + base, rv + base, a.nitems - base, base,
								  inc, mode);
				return r;
			}
		if (inplace)
			/* cppcheck-suppress uninitvar ; pm_float_round_dense filled tmp's first len values above */
			memcpy(rv + base, tmp, len * sizeof(double));
	}
	return r;
}

static void
Float8IncFromNumeric(PmFloatInc *inc, Numeric n)
{
	PmNumKind	k = PmNumericDecode((const char *) n, &inc->dec);

	PmCheckNumericKind(k, "increment", PM_NO_INDEX);
	PmCheckIncrement(n);
	inc->fast = (k == PM_NUM_FAST);
	inc->num = n;
}

/* round(float8[], places, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_float8_array);
Datum
pricemath_round_float8_array(PG_FUNCTION_ARGS)
{
	int32		places = PG_GETARG_INT32(1);
	pm_round_mode mode = PmParseRoundMode(PG_GETARG_TEXT_PP(2));
	PmFloatInc	inc;
	ArrayType  *a;

	PmCheckPlaces(places);
	Float8IncFromNumeric(&inc, PmNumericPow10(-places));
	a = PG_GETARG_ARRAYTYPE_P(0);
	PG_RETURN_ARRAYTYPE_P(Float8RoundArray(a, PM_ARG_IS_COPY(0, a), &inc, mode));
}

/* round_to(float8[], increment, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_to_float8_array);
Datum
pricemath_round_to_float8_array(PG_FUNCTION_ARGS)
{
	PmFloatInc	inc;
	pm_round_mode mode = PmParseRoundMode(PG_GETARG_TEXT_PP(2));
	ArrayType  *a;

	Float8IncFromNumeric(&inc, PG_GETARG_NUMERIC(1));
	a = PG_GETARG_ARRAYTYPE_P(0);
	PG_RETURN_ARRAYTYPE_P(Float8RoundArray(a, PM_ARG_IS_COPY(0, a), &inc, mode));
}

/*
 * pricemath_internal.mul_round(float8[], float8 | float8[], places, mode):
 * round(mul(a, b), places, mode), which pricemath_round_support plans it
 * for.  round's argument checks, which the planner has already made for a
 * constant places and mode, come after mul's errors here as in two calls.
 */
static pg_attribute_always_inline Datum
Float8MulRound(FunctionCallInfo fcinfo, bool isarray, PmOp op)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *b = isarray ? PG_GETARG_ARRAYTYPE_P(1) : NULL;
	double		bscalar = isarray ? 0.0 : PG_GETARG_FLOAT8(1);
	int32		places = PG_GETARG_INT32(2);
	text	   *mtext = PG_GETARG_TEXT_PP(3);
	pm_round_mode mode;
	PmFloatInc	inc;

	Assert(op == PMOP_MUL_ROUND);
	if (!pm_round_mode_parse(VARDATA_ANY(mtext), VARSIZE_ANY_EXHDR(mtext), &mode) ||
		!PmPlacesValid(places))
	{
		/* arguments round rejects: the products' errors first, as in two calls */
		(void) Float8ArrayOp(PMOP_MUL, a, false, b, bscalar, "b");
		mode = PmParseRoundMode(mtext);
		PmCheckPlaces(places);
	}
	Float8IncFromNumeric(&inc, PmNumericPow10(-places));
	PG_RETURN_ARRAYTYPE_P(Float8MulRoundArray(a, PM_ARG_IS_COPY(0, a), b, bscalar, &inc, mode));
}

PM_SQL_ARRAY_SCALAR(mul_round_float8, Float8MulRound, PMOP_MUL_ROUND)
