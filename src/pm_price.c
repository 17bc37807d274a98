/*
 * pm_price.c: pricing rules over numeric[] and numeric: scaling (markup,
 * discount, margin, tax, FX), price endings, clamps and caps on change.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_ladder.h"
#include "core/pm_price.h"
#include "pm_array.h"
#include "pm_numeric.h"
#include "pm_numop.h"

/* ---- parameters ---- */

/*
 * Per-call-site cache of the parsed scalar parameters.  Jobs call these
 * functions once per row with the same constants, so the checks and the
 * factor are computed once and kept in fn_extra, keyed on the raw bytes of
 * the parameter arguments.  kinds names each argument from "first" on:
 * 'v' varlena, 'b' by value.  When every one of them is a Const of the
 * call's expression, their values cannot change while fn_extra lives, and a
 * hit needs no comparison (PmArgIsConst).
 */
typedef struct PmArgCache
{
	Size		keylen;
	char	   *key;
	bool		stable;			/* the key's arguments are the plan's constants */
	/* the payload holds structs of pointers: aligned as palloc aligns */
	char		payload[FLEXIBLE_ARRAY_MEMBER] pg_attribute_aligned(MAXIMUM_ALIGNOF);
} PmArgCache;

static inline Size
ArgKeyPart(FunctionCallInfo fcinfo, int i, char kind, const char **bytes)
{
	Datum		d = PG_GETARG_DATUM(i);

	if (PG_ARGISNULL(i))
	{
		*bytes = "";
		return 0;
	}
	if (kind == 'v')
	{
		*bytes = (const char *) DatumGetPointer(d);
		return VARSIZE_ANY(DatumGetPointer(d));
	}
	*bytes = (const char *) &fcinfo->args[i].value;
	return sizeof(Datum);
}

/*
 * The cached payload for the current arguments, or NULL after setting up
 * an empty one in *fresh (in fn_mcxt) for the caller to fill.
 */
static void *
ArgCacheLookup(FunctionCallInfo fcinfo, int first, const char *kinds, Size payload_size,
			   void **fresh)
{
	PmArgCache *c = (PmArgCache *) fcinfo->flinfo->fn_extra;
	int			nargs = (int) strlen(kinds);
	Size		keylen = 0,
				off = 0;
	char	   *key;

	if (c != NULL && c->stable)
		return c->payload;
	if (c != NULL)
	{
		bool		hit = true;

		for (int i = 0; i < nargs && hit; i++)
		{
			const char *b;
			Size		n = ArgKeyPart(fcinfo, first + i, kinds[i], &b);

			/* one byte of null flag, the length, then the bytes */
			if (off + 1 + sizeof(Size) + n > c->keylen ||
				c->key[off] != (char) PG_ARGISNULL(first + i) ||
				memcmp(c->key + off + 1, &n, sizeof(Size)) != 0 ||
				memcmp(c->key + off + 1 + sizeof(Size), b, n) != 0)
				hit = false;
			off += 1 + sizeof(Size) + n;
		}
		if (hit && off == c->keylen)
			return c->payload;
		pfree(c->key);
		pfree(c);
		fcinfo->flinfo->fn_extra = NULL;
	}
	for (int i = 0; i < nargs; i++)
	{
		const char *b;

		keylen += 1 + sizeof(Size) + ArgKeyPart(fcinfo, first + i, kinds[i], &b);
	}
	key = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, keylen);
	off = 0;
	for (int i = 0; i < nargs; i++)
	{
		const char *b;
		Size		n = ArgKeyPart(fcinfo, first + i, kinds[i], &b);

		key[off] = (char) PG_ARGISNULL(first + i);
		memcpy(key + off + 1, &n, sizeof(Size));
		memcpy(key + off + 1 + sizeof(Size), b, n);
		off += 1 + sizeof(Size) + n;
	}
	c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, offsetof(PmArgCache, payload) + payload_size);
	c->keylen = keylen;
	c->key = key;
	c->stable = true;
	for (int i = 0; i < nargs; i++)
		c->stable &= PmArgIsConst(fcinfo, first + i);
	/* published by the caller once filled, so an error leaves no half-made entry */
	*fresh = c;
	return NULL;
}

static inline void
ArgCachePublish(FunctionCallInfo fcinfo, void *fresh)
{
	fcinfo->flinfo->fn_extra = fresh;
}

static inline void *
ArgCachePayload(void *fresh)
{
	return ((PmArgCache *) fresh)->payload;
}

/*
 * Fills a zeroed cache payload from the call's arguments, checking them;
 * what it keeps beyond the payload goes in fn_mcxt.  how is the caller's
 * (a PmScale, a PmPoints), for parsers that serve several functions.
 */
typedef void (*PmArgParse) (FunctionCallInfo fcinfo, void *payload, int how);

/*
 * The payload cached for the current arguments (from first on, kinds as
 * ArgCacheLookup takes them), made by parse on a miss and published only
 * once parse has returned, so that an error leaves no half-made entry.
 * Inlined: a hit costs what the lookup costs, once per row.
 */
static pg_attribute_always_inline void *
ArgCached(FunctionCallInfo fcinfo, int first, const char *kinds, Size payload_size, PmArgParse parse,
		  int how)
{
	void	   *fresh;
	void	   *payload = ArgCacheLookup(fcinfo, first, kinds, payload_size, &fresh);

	if (payload != NULL)
		return payload;
	payload = ArgCachePayload(fresh);
	parse(fcinfo, payload, how);
	ArgCachePublish(fcinfo, fresh);
	return payload;
}

/* 22023 for the value of a scalar parameter; detail says what it must be. */
static pg_noinline void ReportInvalidParameter(const char *name, Numeric value,
											   const char *detail) pg_attribute_noreturn();

static pg_noinline void
ReportInvalidParameter(const char *name, Numeric value, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for parameter \"%s\": \"%s\"", name, PmNumericText(value)),
			 errdetail("%s", detail)));
}

/* Rules a scalar parameter must satisfy; NaN and infinities never do. */
typedef enum PmRule
{
	PM_RULE_GT_MINUS_ONE,		/* > -1 */
	PM_RULE_GE_ZERO,			/* >= 0 */
	PM_RULE_GT_ZERO,			/* > 0 */
	PM_RULE_UNIT,				/* 0 <= x <= 1 */
	PM_RULE_UNIT_OPEN			/* 0 <= x < 1 */
} PmRule;

static void
CheckParam(Numeric v, const char *name, PmRule rule)
{
	static const char *const text[] = {
		[PM_RULE_GT_MINUS_ONE] = "greater than -1",
		[PM_RULE_GE_ZERO] = "greater than or equal to 0",
		[PM_RULE_GT_ZERO] = "greater than 0",
		[PM_RULE_UNIT] = "between 0 and 1",
		[PM_RULE_UNIT_OPEN] = "at least 0 and less than 1",
	};
	Numeric		zero = int64_to_numeric(0),
				one = int64_to_numeric(1);
	bool		ok;

	if (numeric_is_nan(v) || numeric_is_inf(v))
		ok = false;
	else
		switch (rule)
		{
			case PM_RULE_GT_MINUS_ONE:
				ok = PmNumericCmp(v, int64_to_numeric(-1)) > 0;
				break;
			case PM_RULE_GE_ZERO:
				ok = PmNumericCmp(v, zero) >= 0;
				break;
			case PM_RULE_GT_ZERO:
				ok = PmNumericCmp(v, zero) > 0;
				break;
			case PM_RULE_UNIT:
				ok = PmNumericCmp(v, zero) >= 0 && PmNumericCmp(v, one) <= 0;
				break;
			case PM_RULE_UNIT_OPEN:
				ok = PmNumericCmp(v, zero) >= 0 && PmNumericCmp(v, one) < 0;
				break;
			default:
				elog(ERROR, "unknown parameter rule %d", (int) rule);
		}
	if (!ok)
		ReportInvalidParameter(name, v, psprintf("Parameter \"%s\" must be %s.", name,
												 numeric_is_nan(v) || numeric_is_inf(v) ?
												 "a finite number" : text[rule]));
}

/* The factor 1 + sign * param (sign 1 or -1) of a rule, exactly; param itself for sign 0. */
static Numeric
FactorOf(Numeric param, int sign)
{
	if (sign > 0)
		return PmNumericAdd(int64_to_numeric(1), param);
	if (sign < 0)
		return PmNumericSub(int64_to_numeric(1), param);
	return param;
}

/* A rounded rule's places and mode, arguments 2 and 3 of every such function. */
static void
ParsePlacesMode(FunctionCallInfo fcinfo, PmOpArgs *o)
{
	o->places = PG_GETARG_INT32(2);
	o->mode = PmParseRoundMode(PG_GETARG_TEXT_PP(3));
	PmCheckPlaces(o->places);
}

/* ---- scaling: one multiplication or division by a validated factor ---- */

typedef enum PmScale
{
	PM_SCALE_MARKUP,			/* p * (1 + pct) */
	PM_SCALE_DISCOUNT,			/* p * (1 - pct) */
	PM_SCALE_ADD_TAX,			/* p * (1 + rate) */
	PM_SCALE_MARGIN,			/* round(p / (1 - margin), places, mode) */
	PM_SCALE_REMOVE_TAX,		/* round(p / (1 + rate), places, mode) */
	PM_SCALE_CONVERT			/* round(p * rate, places, mode) */
} PmScale;

static const struct
{
	const char *param;
	PmRule		rule;
	int			sign;			/* factor = 1 + sign * param; 0: factor = param */
	PmOp		op;
}			scale_rules[] = {
	[PM_SCALE_MARKUP] = {"pct", PM_RULE_GT_MINUS_ONE, 1, PMOP_MUL},
	[PM_SCALE_DISCOUNT] = {"pct", PM_RULE_UNIT, -1, PMOP_MUL},
	[PM_SCALE_ADD_TAX] = {"rate", PM_RULE_GE_ZERO, 1, PMOP_MUL},
	[PM_SCALE_MARGIN] = {"margin", PM_RULE_UNIT_OPEN, -1, PMOP_DIV},
	[PM_SCALE_REMOVE_TAX] = {"rate", PM_RULE_GE_ZERO, 1, PMOP_DIV},
	[PM_SCALE_CONVERT] = {"rate", PM_RULE_GT_ZERO, 0, PMOP_MUL_ROUND},
};

typedef struct PmScaleSetup
{
	PmOpArgs	o;
	Numeric		factor;
} PmScaleSetup;

/*
 * Check a scaling rule's parameter and set up its op and factor; the
 * arguments are (prices, param) or (prices, param, places, mode).
 */
static void
ScaleParse(FunctionCallInfo fcinfo, void *payload, int which)
{
	PmScaleSetup *ss = payload;
	Numeric		param = PG_GETARG_NUMERIC(1);

	CheckParam(param, scale_rules[which].param, scale_rules[which].rule);
	ss->o.op = scale_rules[which].op;
	ss->o.places = 0;
	ss->o.mode = PM_ROUND_HALF_EVEN;
	if (ss->o.op != PMOP_MUL)
		ParsePlacesMode(fcinfo, &ss->o);
	ss->factor = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, FactorOf(param, scale_rules[which].sign));
}

/* The prices (argument 0, an array or a scalar) scaled by factor as o says. */
static pg_attribute_always_inline Datum
ScaleBy(FunctionCallInfo fcinfo, bool isarray, const PmOpArgs *o, const char *argname, Numeric factor,
		const char *factorname)
{
	if (isarray)
		PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(o, PG_GETARG_ARRAYTYPE_P(0), argname, NULL, factor,
											   factorname));
	PG_RETURN_NUMERIC(PmNumericScalarOp(o, PG_GETARG_NUMERIC(0), argname, factor, factorname));
}

/* A scaling rule with its checks and factor cached per call site. */
static pg_attribute_always_inline Datum
Scale(FunctionCallInfo fcinfo, bool isarray, PmScale which, const char *argname)
{
	const PmScaleSetup *ss = ArgCached(fcinfo, 1, scale_rules[which].op != PMOP_MUL ? "vbv" : "v",
									   sizeof(PmScaleSetup), ScaleParse, which);

	return ScaleBy(fcinfo, isarray, &ss->o, argname, ss->factor, scale_rules[which].param);
}

PM_SQL_ARRAY_SCALAR(markup, Scale, PM_SCALE_MARKUP, "prices")
PM_SQL_ARRAY_SCALAR(discount, Scale, PM_SCALE_DISCOUNT, "prices")
PM_SQL_ARRAY_SCALAR(add_tax, Scale, PM_SCALE_ADD_TAX, "net")
PM_SQL_ARRAY_SCALAR(margin_price, Scale, PM_SCALE_MARGIN, "costs")
PM_SQL_ARRAY_SCALAR(remove_tax, Scale, PM_SCALE_REMOVE_TAX, "gross")
PM_SQL_ARRAY_SCALAR(convert, Scale, PM_SCALE_CONVERT, "amounts")

/* ---- per-element operands: an array, a scalar, or a NULL scalar ---- */

/* An element or scalar handed out by ArgNext. */
typedef struct PmNumVal
{
	Numeric		num;			/* the value as stored */
	PmNumKind	kind;			/* PM_NUM_FAST when dec holds it */
	pm_dec		dec;			/* the value in the core's form, when it fits */
} PmNumVal;

/* An operand read element by element. */
typedef struct PmNumArg
{
	const char *name;			/* the SQL argument's name, for messages */
	bool		isarray;		/* an array; else the same scalar for every element */
	bool		absent;			/* a NULL scalar (or NULL array): NULL everywhere */
	PmArray		arr;			/* the array */
	PmVarIter	it;				/* ... and where its next element starts */
	PmNumVal	sval;			/* the scalar, decoded */
} PmNumArg;

/* n, a scalar argument, decoded; NaN and infinities raise 22003 naming it. */
static inline void
ValOf(Numeric n, const char *name, PmNumVal *v)
{
	v->num = n;
	v->kind = PmNumericDecode((const char *) n, &v->dec);
	PmCheckNumericKind(v->kind, name, PM_NO_INDEX);
}

/* Argument argno decoded as ValOf does; false when it is NULL. */
static inline bool
ScalarArg(FunctionCallInfo fcinfo, int argno, const char *name, PmNumVal *v)
{
	if (PG_ARGISNULL(argno))
		return false;
	ValOf(PG_GETARG_NUMERIC(argno), name, v);
	return true;
}

static void
ArgInitArray(PmNumArg *arg, ArrayType *arr, const char *name, const PmArray *shape)
{
	memset(arg, 0, sizeof(*arg));
	arg->name = name;
	arg->isarray = true;
	PmArrayInit(&arg->arr, arr, NUMERICOID, name);
	if (shape != NULL)
		PmCheckSameLength(shape, &arg->arr);
	arg->it.ptr = arg->arr.data;
}

/* A scalar operand: n, or NULL for a NULL one. */
static void
ArgInitScalar(PmNumArg *arg, Numeric n, const char *name)
{
	memset(arg, 0, sizeof(*arg));
	arg->name = name;
	if (n == NULL)
		arg->absent = true;
	else
		ValOf(n, name, &arg->sval);
}

/*
 * The old_prices (arg 0, NULL: all new products) and new_prices (arg 1)
 * arrays of the array forms of limit_change, of the same length.
 */
static void
ArgInitOldNew(FunctionCallInfo fcinfo, PmNumArg *olda, PmNumArg *newa)
{
	ArgInitArray(newa, PG_GETARG_ARRAYTYPE_P(1), "new_prices", NULL);
	if (PG_ARGISNULL(0))
		ArgInitScalar(olda, NULL, "old_prices");
	else
	{
		ArgInitArray(olda, PG_GETARG_ARRAYTYPE_P(0), "old_prices", NULL);
		PmCheckSameLength(&olda->arr, &newa->arr);
	}
}

/*
 * Element i of the array operand arg, whose datum is at ptr, into *v;
 * non-finite elements raise 22003 naming their subscript.
 */
static inline void
ArgDecode(const PmNumArg *arg, int i, char *ptr, PmNumVal *v)
{
	v->num = (Numeric) ptr;
	v->kind = PmNumericDecode(ptr, &v->dec);
	PmCheckNumericElem(v->kind, &arg->arr, i);
}

/*
 * Element i (called once for every i in order) into *v; false when it is
 * NULL.  Non-finite elements raise 22003 naming their subscript.
 */
static inline bool
ArgNext(PmNumArg *arg, int i, PmNumVal *v)
{
	if (!arg->isarray)
	{
		if (arg->absent)
			return false;
		*v = arg->sval;
		return true;
	}
	if (PmArrayIsNull(&arg->arr, i))
		return false;
	ArgDecode(arg, i, PmVarIterNext(&arg->it), v);
	return true;
}

/* v in the 64-bit lane of the core; false when it does not fit there. */
static inline bool
ValTo64(const PmNumVal *v, pm_dec64 *r)
{
	if (v->kind != PM_NUM_FAST || v->dec.coef < PG_INT64_MIN || v->dec.coef > PG_INT64_MAX)
		return false;
	r->coef = (int64) v->dec.coef;
	r->scale = v->dec.scale;
	return true;
}

/* The end of an array's data: the 64-bit lane reads elements as words before it. */
static inline const char *
ArrayDataEnd(const PmArray *a)
{
	return (const char *) a->arr + ARR_SIZE(a->arr);
}

/* Exact comparison of two finite values, in the core when both fit. */
static inline int
ValCmp(const PmNumVal *a, const PmNumVal *b)
{
	if (a->kind == PM_NUM_FAST && b->kind == PM_NUM_FAST)
	{
		pm_status	st;
		int			c = pm_dec_cmp(&a->dec, &b->dec, &st);

		if (st == PM_OK)
			return c;
	}
	return PmNumericCmp(a->num, b->num);
}

static inline Size
DataEstimate(ArrayType *arr)
{
	return ARR_SIZE(arr) - ARR_DATA_OFFSET(arr);
}

/*
 * Start a result shaped like the array operand shape, with room for as
 * much data as it has; false when it is empty, and the result is '{}'.
 */
static inline bool
ResultStart(PmNumBuilder *out, const PmNumArg *shape)
{
	if (shape->arr.nitems == 0)
		return false;
	/* room for the last element of the 64-bit lane too, whose check wants its largest size */
	PmNumBuilderInit(out, &shape->arr, PmArrayAnyNull(&shape->arr),
					 DataEstimate(shape->arr.arr) + PM_NUMERIC64_MAX_ENCODED);
	return true;
}

/*
 * Write element i computed by the exact fallback, then empty the
 * fallback's context.  The caller switches from old into slowcxt and
 * computes n in the argument list, so that n and everything made on the
 * way live in slowcxt: PutSlow(&out, i, EndingSlow(...), old, slowcxt).
 */
static inline void
PutSlow(PmNumBuilder *out, int i, Numeric n, MemoryContext old, MemoryContext slowcxt)
{
	MemoryContextSwitchTo(old);
	PmNumBuilderPutNumeric(out, i, n);
	MemoryContextReset(slowcxt);
}

/* The finished result, once the fallback's context, if one was made, is gone. */
static inline ArrayType *
ResultFinish(PmNumBuilder *out, MemoryContext slowcxt)
{
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	return PmNumBuilderFinish(out);
}

/* "at index N" for arrays, nothing for scalars (PM_NO_INDEX) */
static const char *
AtIndex(int subscript)
{
	return subscript == PM_NO_INDEX ? "" : psprintf(" at index %d", subscript);
}

/* ---- per-element rates, stacked discounts, margin_of ---- */

/* Names the element of a rate array whose check failed. */
typedef struct PmElemContext
{
	const char *name;
	int			subscript;
} PmElemContext;

static void
ElemErrorContext(void *arg)
{
	const PmElemContext *ec = arg;

	errcontext("element %d of argument \"%s\"", ec->subscript, ec->name);
}

/*
 * Whether a value decoded into the core surely satisfies rule; false sends
 * it to CheckParam, which decides (and raises).
 */
static inline bool
RuleFastOk(PmRule rule, const pm_dec *v)
{
	static const pm_dec minus_one = {-1, 0},
				one = {1, 0};
	pm_status	st;
	int			c;

	switch (rule)
	{
		case PM_RULE_GT_MINUS_ONE:
			c = pm_dec_cmp(v, &minus_one, &st);
			return st == PM_OK && c > 0;
		case PM_RULE_GE_ZERO:
			return v->coef >= 0;
		case PM_RULE_GT_ZERO:
			return v->coef > 0;
		case PM_RULE_UNIT:
		case PM_RULE_UNIT_OPEN:
			c = pm_dec_cmp(v, &one, &st);
			return st == PM_OK && v->coef >= 0 && (rule == PM_RULE_UNIT ? c <= 0 : c < 0);
	}
	return false;
}

/* Check one element of a parameter array against its rule (22023 naming the element). */
static void
CheckParamElem(Numeric v, PmNumKind kind, const pm_dec *d, const char *name, PmRule rule,
			   int subscript)
{
	PmElemContext ec = {name, subscript};
	ErrorContextCallback errcb;

	if (kind == PM_NUM_FAST && RuleFastOk(rule, d))
		return;
	errcb.callback = ElemErrorContext;
	errcb.arg = &ec;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	CheckParam(v, name, rule);
	error_context_stack = errcb.previous;
}

/*
 * One factor per price for a scaling rule whose parameter is a numeric[]:
 * 1 + sign * rate (the rate itself for sign 0), every rate checked against
 * the rule.  A NULL rate gives a NULL factor, so a NULL result element.
 */
static ArrayType *
RateFactors(PmScale which, ArrayType *parr, const char *pname, ArrayType *rarr)
{
	const char *name = scale_rules[which].param;
	int			sign = scale_rules[which].sign;
	PmArray		prices,
				rates;
	PmVarIter	it;
	PmNumBuilder out;
	const pm_dec one_dec = {1, 0};

	PmArrayInit(&prices, parr, NUMERICOID, pname);
	PmArrayInit(&rates, rarr, NUMERICOID, name);
	PmCheckSameLength(&prices, &rates);
	it.ptr = rates.data;
	if (sign != 0 && rates.nitems > 0)
		PmNumBuilderInit(&out, &rates, PmArrayAnyNull(&rates),
						 DataEstimate(rarr) + (Size) rates.nitems * 4);
	for (int i = 0; i < rates.nitems; i++)
	{
		Numeric		r;
		PmNumKind	kind;
		pm_dec		d,
					f;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(&rates, i))
			continue;
		r = (Numeric) PmVarIterNext(&it);
		kind = PmNumericDecode((const char *) r, &d);
		CheckParamElem(r, kind, &d, name, scale_rules[which].rule, rates.lbound + i);
		if (sign == 0)
			continue;
		/* 1 + rate has the rate's scale, as numeric's + gives */
		if (kind == PM_NUM_FAST &&
			(sign > 0 ? pm_dec_add(&one_dec, &d, &f) : pm_dec_sub(&one_dec, &d, &f)) == PM_OK)
			PmNumBuilderPutDec(&out, i, &f);
		else
			PmNumBuilderPutNumeric(&out, i, FactorOf(r, sign));
	}
	if (sign == 0 || rates.nitems == 0)
		return rarr;
	return PmNumBuilderFinish(&out);
}

/* markup, discount, add_tax and convert with one rate per element */
static pg_attribute_always_inline Datum
Rates(FunctionCallInfo fcinfo, PmScale which, const char *argname)
{
	PmOpArgs	o = {scale_rules[which].op, 0, PM_ROUND_HALF_EVEN};
	ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0);

	if (o.op != PMOP_MUL)
		ParsePlacesMode(fcinfo, &o);
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, parr, argname,
										   RateFactors(which, parr, argname, PG_GETARG_ARRAYTYPE_P(1)),
										   NULL, scale_rules[which].param));
}

PM_SQL_FUNC(pricemath_markup_rates, Rates(fcinfo, PM_SCALE_MARKUP, "prices"))
PM_SQL_FUNC(pricemath_discount_rates, Rates(fcinfo, PM_SCALE_DISCOUNT, "prices"))
PM_SQL_FUNC(pricemath_add_tax_rates, Rates(fcinfo, PM_SCALE_ADD_TAX, "net"))
PM_SQL_FUNC(pricemath_convert_rates, Rates(fcinfo, PM_SCALE_CONVERT, "amounts"))

/*
 * The factor of a discount stack, (1 - r1) * (1 - r2) * ..., exact (its
 * scale is the sum of the rates' scales, as the products in turn would
 * have); every rate is checked as discount's pct.  '{}' gives 1.
 */
static Numeric
StackFactor(ArrayType *rarr)
{
	PmArray		rates;
	PmVarIter	it;
	Numeric		f = int64_to_numeric(1);

	PmArrayInit(&rates, rarr, NUMERICOID, "rates");
	it.ptr = rates.data;
	for (int i = 0; i < rates.nitems; i++)
	{
		Numeric		r;
		PmNumKind	kind;
		pm_dec		d;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(&rates, i))
			PmReportNullElement(&rates, i, NULL);
		r = (Numeric) PmVarIterNext(&it);
		kind = PmNumericDecode((const char *) r, &d);
		CheckParamElem(r, kind, &d, "rates", PM_RULE_UNIT, rates.lbound + i);
		f = PmNumericMul(f, FactorOf(r, -1));
	}
	return f;
}

/*
 * discount_stack(prices, rates numeric[], places int, mode text): NULL
 * places keeps the exact product; otherwise it is rounded once.  The
 * factor and the checks are cached per call site, as ScaleSetup does.
 */
static bool
StackSetup(FunctionCallInfo fcinfo, PmOpArgs *o, Numeric *factor)
{
	void	   *fresh = NULL;
	PmScaleSetup *ss = NULL;
	Pointer		raw;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return false;
	/* only inline rates are keyed by their bytes (an expanded or TOAST pointer is not the value) */
	raw = DatumGetPointer(PG_GETARG_DATUM(1));
	if (!VARATT_IS_EXTERNAL(raw) && !VARATT_IS_COMPRESSED(raw))
	{
		ss = ArgCacheLookup(fcinfo, 1, "vbv", sizeof(PmScaleSetup), &fresh);
		if (ss != NULL)
		{
			*o = ss->o;
			*factor = ss->factor;
			return true;
		}
	}
	o->op = PMOP_MUL;
	o->places = 0;
	o->mode = PmParseRoundMode(PG_GETARG_TEXT_PP(3));
	if (!PG_ARGISNULL(2))
	{
		o->op = PMOP_MUL_ROUND;
		o->places = PG_GETARG_INT32(2);
		PmCheckPlaces(o->places);
	}
	*factor = StackFactor(PG_GETARG_ARRAYTYPE_P(1));
	if (fresh != NULL)
	{
		ss = ArgCachePayload(fresh);
		ss->o = *o;
		ss->factor = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, *factor);
		ArgCachePublish(fcinfo, fresh);
	}
	return true;
}

static pg_attribute_always_inline Datum
DiscountStack(FunctionCallInfo fcinfo, bool isarray)
{
	PmOpArgs	o;
	Numeric		factor;

	if (!StackSetup(fcinfo, &o, &factor))
		PG_RETURN_NULL();
	return ScaleBy(fcinfo, isarray, &o, "prices", factor, "rates");
}

PM_SQL_FUNC(pricemath_discount_stack_array, DiscountStack(fcinfo, true))
PM_SQL_FUNC(pricemath_discount_stack_scalar, DiscountStack(fcinfo, false))

/*
 * margin_of(prices, costs, places, mode): round((price - cost) / price,
 * places, mode): the exact difference first, then one rounded division.
 */
static pg_attribute_always_inline Datum
MarginOf(FunctionCallInfo fcinfo, bool isarray)
{
	PmOpArgs	sub = {PMOP_SUB, 0, PM_ROUND_HALF_EVEN},
				div = {PMOP_DIV, 0, PM_ROUND_HALF_EVEN};

	ParsePlacesMode(fcinfo, &div);
	if (isarray)
	{
		ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0);
		ArrayType  *diff = PmNumericArrayOp(&sub, parr, "prices", PG_GETARG_ARRAYTYPE_P(1), NULL, "costs");

		PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&div, diff, "prices", parr, NULL, "prices"));
	}
	else
	{
		Numeric		price = PG_GETARG_NUMERIC(0);
		Numeric		diff = PmNumericScalarOp(&sub, price, "prices", PG_GETARG_NUMERIC(1), "costs");

		PG_RETURN_NUMERIC(PmNumericScalarOp(&div, diff, "prices", price, "prices"));
	}
}

PM_SQL_FUNC(pricemath_margin_of_array, MarginOf(fcinfo, true))
PM_SQL_FUNC(pricemath_margin_of_scalar, MarginOf(fcinfo, false))

/* ---- price endings ---- */

typedef struct PmEnding
{
	PmNumVal	step;
	PmNumVal	ending;
	pm_ending_mode mode;
	bool		lane64;			/* step and ending fit the 64-bit lane: */
	pm_dec64	step64;			/* ... there they are */
	pm_dec64	ending64;
} PmEnding;

/* apply_ending's, apply_ladder's and the price points' mode argument, parsed in the core. */
static PM_MODE_ARG_PARSER(ParseEndingMode, pm_ending_mode, pm_ending_mode_parse, "ending",
						  PM_ENDING_MODE_LIST)

/* The contract of a price ending: step > 0, 0 <= ending < step. */
static void
CheckStepEnding(Numeric step, Numeric ending)
{
	CheckParam(step, "step", PM_RULE_GT_ZERO);
	CheckParam(ending, "ending", PM_RULE_GE_ZERO);
	if (PmNumericCmp(ending, step) >= 0)
		ReportInvalidParameter("ending", ending,
							   psprintf("Parameter \"ending\" must be less than step \"%s\".", PmNumericText(step)));
}

/* Check and decode step, ending and mode (args 1..3). */
static void
EndingParse(FunctionCallInfo fcinfo, void *payload, int how)
{
	PmEnding   *e = payload;
	Numeric		step = PG_GETARG_NUMERIC(1),
				ending = PG_GETARG_NUMERIC(2);

	e->mode = ParseEndingMode(PG_GETARG_TEXT_PP(3));
	CheckStepEnding(step, ending);
	e->step.num = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, step);
	e->step.kind = PmNumericDecode((const char *) step, &e->step.dec);
	e->ending.num = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, ending);
	e->ending.kind = PmNumericDecode((const char *) ending, &e->ending.dec);
	e->lane64 = ValTo64(&e->step, &e->step64) && ValTo64(&e->ending, &e->ending64);
}

/* A price at an index (PM_NO_INDEX: a scalar) is below 0. */
static pg_noinline void ReportNegativePrice(const char *what, Numeric value, const PmArray *arr,
											int subscript) pg_attribute_noreturn();

static pg_noinline void
ReportNegativePrice(const char *what, Numeric value, const PmArray *arr, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s%s is negative", what, AtIndex(subscript)),
			 PmErrdetailElem(arr, subscript, "Value \"%s\" is below the minimum \"0\".", PmNumericText(value))));
}

/*
 * The price point for p exactly in numeric, where the core's answer was st:
 * PM_INVALID (a negative price) or PM_OVERFLOW (beyond 128 bits, where the
 * sign is still to check).
 */
static Numeric
EndingSlow(const PmEnding *e, const PmNumVal *p, pm_status st, const PmArray *prices, int subscript)
{
	static const pm_round_mode how[] = {
		[PM_ENDING_NEAREST] = PM_ROUND_HALF_UP,
		[PM_ENDING_DOWN] = PM_ROUND_FLOOR,
		[PM_ENDING_UP] = PM_ROUND_CEILING,
	};
	Numeric		k;

	if (st == PM_INVALID || PmNumericSign(p->num) < 0)
		ReportNegativePrice("price", p->num, prices, subscript);
	k = PmNumericDivRound(PmNumericSub(p->num, e->ending.num), e->step.num, 0, how[e->mode]);
	if (PmNumericSign(k) < 0)
		k = int64_to_numeric(0);
	return PmNumericAdd(PmNumericMul(k, e->step.num), e->ending.num);
}

static inline pm_status
EndingFast(const PmEnding *e, const PmNumVal *p, pm_dec *r)
{
	if (p->kind != PM_NUM_FAST || e->step.kind != PM_NUM_FAST || e->ending.kind != PM_NUM_FAST)
		return PM_OVERFLOW;
	return pm_price_ending(&p->dec, &e->step.dec, &e->ending.dec, e->mode, r);
}

/*
 * Price i of apply_ending's array, whose datum is at ptr, through the core
 * and the exact fallback, with every check and error.
 */
static void
EndingElem(const PmEnding *e, const PmNumArg *prices, int i, char *ptr, PmNumBuilder *out,
		   MemoryContext *slowcxt)
{
	PmNumVal	p;
	pm_dec		rd;
	pm_status	st;
	MemoryContext old;

	ArgDecode(prices, i, ptr, &p);
	st = EndingFast(e, &p, &rd);
	if (likely(st == PM_OK))
	{
		PmNumBuilderPutDec(out, i, &rd);
		return;
	}
	old = MemoryContextSwitchTo(PmSlowContext(slowcxt));
	PutSlow(out, i, EndingSlow(e, &p, st, &prices->arr, prices->arr.lbound + i), old, *slowcxt);
}

/* apply_ending(numeric[], step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ending_array);
Datum
pricemath_apply_ending_array(PG_FUNCTION_ARGS)
{
	/* a copy: the loop reads it many times, and no store can change it */
	PmEnding	e = *(PmEnding *) ArgCached(fcinfo, 1, "vvv", sizeof(PmEnding), EndingParse, 0);
	PmNumArg	prices;
	PmNumBuilder out;
	MemoryContext slowcxt = NULL;

	ArgInitArray(&prices, PG_GETARG_ARRAYTYPE_P(0), "prices", NULL);
	if (!ResultStart(&out, &prices))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	if (e.lane64 && !out.hasnulls)
	{
		/*
		 * The common shape: no NULLs, prices in the 64-bit lane.  Any other
		 * element goes to EndingElem, which redoes it with every check.
		 */
		const char *end = ArrayDataEnd(&prices.arr);

		for (int i = 0; i < prices.arr.nitems; i++)
		{
			char	   *ptr;
			pm_dec64	p64 = {0},
						r64;

			PM_CHECK_INTERRUPTS_EVERY(i);
			ptr = PmVarIterNext(&prices.it);
			if (likely(PmNumericDecode64(ptr, end, &p64)) &&
				likely(pm_price_ending64(&p64, &e.step64, &e.ending64, e.mode, &r64) == PM_OK))
				PmNumBuilderPutDec64(&out, i, &r64);
			else
				EndingElem(&e, &prices, i, ptr, &out, &slowcxt);
		}
	}
	else
		for (int i = 0; i < prices.arr.nitems; i++)
		{
			PM_CHECK_INTERRUPTS_EVERY(i);
			if (!PmArrayIsNull(&prices.arr, i))
				EndingElem(&e, &prices, i, PmVarIterNext(&prices.it), &out, &slowcxt);
		}
	PG_RETURN_ARRAYTYPE_P(ResultFinish(&out, slowcxt));
}

/* apply_ending(numeric, step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ending_scalar);
Datum
pricemath_apply_ending_scalar(PG_FUNCTION_ARGS)
{
	const PmEnding *e = ArgCached(fcinfo, 1, "vvv", sizeof(PmEnding), EndingParse, 0);
	PmNumVal	p;
	pm_dec		rd;
	pm_status	st;

	ValOf(PG_GETARG_NUMERIC(0), "prices", &p);
	st = EndingFast(e, &p, &rd);
	if (st == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&rd));
	PG_RETURN_NUMERIC(EndingSlow(e, &p, st, NULL, PM_NO_INDEX));
}

/* ---- clamp ---- */

/* The bounds cross at an element of prices (PM_NO_INDEX: the scalar form). */
static pg_noinline void ReportCrossedBounds(const PmNumVal *l, const PmNumVal *h, const PmArray *prices,
											int subscript) pg_attribute_noreturn();

static pg_noinline void
ReportCrossedBounds(const PmNumVal *l, const PmNumVal *h, const PmArray *prices, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("lower bound is greater than upper bound%s", AtIndex(subscript)),
			 PmErrdetailElem(prices, subscript, "Lower bound \"%s\" is greater than upper bound \"%s\".",
							 PmNumericText(l->num), PmNumericText(h->num))));
}

/*
 * p clamped to [l, h] (l, h NULL: no bound; they must not cross): p itself
 * or the bound it crossed, unchanged.
 */
static inline const PmNumVal *
ClampOne(const PmNumVal *p, const PmNumVal *l, const PmNumVal *h)
{
	if (l != NULL && ValCmp(p, l) < 0)
		return l;
	if (h != NULL && ValCmp(p, h) > 0)
		return h;
	return p;
}

/*
 * clamp(prices, lo, hi) for every combination of scalar and array bounds.
 * A NULL bound, or a NULL element of a bound array, is no bound.  The
 * result element is the price itself or the bound it crossed, unchanged.
 */
static Datum
ClampArray(FunctionCallInfo fcinfo, bool lo_array, bool hi_array)
{
	PmNumArg	prices,
				lo,
				hi;
	PmNumBuilder out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	ArgInitArray(&prices, PG_GETARG_ARRAYTYPE_P(0), "prices", NULL);
	if (lo_array && !PG_ARGISNULL(1))
		ArgInitArray(&lo, PG_GETARG_ARRAYTYPE_P(1), "lo", &prices.arr);
	else
		ArgInitScalar(&lo, PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1), "lo");
	if (hi_array && !PG_ARGISNULL(2))
		ArgInitArray(&hi, PG_GETARG_ARRAYTYPE_P(2), "hi", &prices.arr);
	else
		ArgInitScalar(&hi, PG_ARGISNULL(2) ? NULL : PG_GETARG_NUMERIC(2), "hi");
	if (!ResultStart(&out, &prices))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	for (int i = 0; i < prices.arr.nitems; i++)
	{
		PmNumVal	p,
					l,
					h;
		bool		hasp,
					hasl,
					hash;

		PM_CHECK_INTERRUPTS_EVERY(i);
		hasp = ArgNext(&prices, i, &p);
		hasl = ArgNext(&lo, i, &l);
		hash = ArgNext(&hi, i, &h);
		if (hasl && hash && ValCmp(&l, &h) > 0)
			ReportCrossedBounds(&l, &h, &prices.arr, prices.arr.lbound + i);
		if (hasp)
			PmNumBuilderPutNumeric(&out, i, ClampOne(&p, hasl ? &l : NULL, hash ? &h : NULL)->num);
	}
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

PM_SQL_FUNC(pricemath_clamp_array, ClampArray(fcinfo, false, false))
PM_SQL_FUNC(pricemath_clamp_array_arrays, ClampArray(fcinfo, true, true))
PM_SQL_FUNC(pricemath_clamp_array_lo_array, ClampArray(fcinfo, true, false))
PM_SQL_FUNC(pricemath_clamp_array_hi_array, ClampArray(fcinfo, false, true))

/* clamp(numeric, lo, hi) */
PG_FUNCTION_INFO_V1(pricemath_clamp_scalar);
Datum
pricemath_clamp_scalar(PG_FUNCTION_ARGS)
{
	PmNumVal	p,
				l,
				h;
	bool		hasl,
				hash;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	ValOf(PG_GETARG_NUMERIC(0), "prices", &p);
	hasl = ScalarArg(fcinfo, 1, "lo", &l);
	hash = ScalarArg(fcinfo, 2, "hi", &h);
	if (hasl && hash && ValCmp(&l, &h) > 0)
		ReportCrossedBounds(&l, &h, NULL, PM_NO_INDEX);
	PG_RETURN_NUMERIC(ClampOne(&p, hasl ? &l : NULL, hash ? &h : NULL)->num);
}

/* ---- limit_change ---- */

typedef struct PmLimitArgs
{
	Numeric		max_up;			/* NULL: unlimited */
	Numeric		max_down;		/* NULL: unlimited */
	Numeric		up_factor;		/* 1 + max_up */
	Numeric		down_factor;	/* 1 - max_down */
	pm_dec		up_dec,			/* the factors in the core's form, when fast */
				down_dec;
	bool		fast;			/* both factors fit the core */
	pm_limit	lim;			/* the cap for the core: the factors and places */
	bool		lane64;			/* both factors fit the 64-bit lane, */
	pm_limit64	lim64;			/* ... and the cap there */
} PmLimitArgs;

/*
 * One side of the cap from argument argno (not NULL): the parameter,
 * checked against rule, in *param and its factor 1 + sign * param as the
 * result, both in fn_mcxt, and the factor decoded into *dec (clearing
 * *fast when it does not fit the core).
 */
static Numeric
LimitSide(FunctionCallInfo fcinfo, int argno, const char *name, PmRule rule, int sign, Numeric *param,
		  pm_dec *dec, bool *fast)
{
	Numeric		v = PG_GETARG_NUMERIC(argno),
				factor;

	CheckParam(v, name, rule);
	*param = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, v);
	factor = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, FactorOf(v, sign));
	*fast &= PmNumericDecode((const char *) factor, dec) == PM_NUM_FAST;
	return factor;
}

/* Check args 2..4: max_up, max_down, places (each may be NULL). */
static void
LimitParse(FunctionCallInfo fcinfo, void *payload, int how)
{
	PmLimitArgs *la = payload;

	la->fast = true;
	if (!PG_ARGISNULL(2))
	{
		la->up_factor = LimitSide(fcinfo, 2, "max_up", PM_RULE_GE_ZERO, 1, &la->max_up, &la->up_dec,
								  &la->fast);
		la->lim.up_factor = &la->up_dec;
	}
	if (!PG_ARGISNULL(3))
	{
		la->down_factor = LimitSide(fcinfo, 3, "max_down", PM_RULE_UNIT, -1, &la->max_down,
									&la->down_dec, &la->fast);
		la->lim.down_factor = &la->down_dec;
	}
	if (!PG_ARGISNULL(4))
	{
		la->lim.has_places = true;
		la->lim.places = PG_GETARG_INT32(4);
		PmCheckPlaces(la->lim.places);
	}
	la->lane64 = la->fast && pm_limit64_of(&la->lim, &la->lim64);
}

/* The cap of a limit_change call, cached per call site for as long as the cache lives. */
static inline const PmLimitArgs *
LimitSetup(FunctionCallInfo fcinfo)
{
	return ArgCached(fcinfo, 2, "vvb", sizeof(PmLimitArgs), LimitParse, 0);
}

/* n truncated to places decimals, exactly: n's value itself when it lies on that grid. */
static inline Numeric
NumToPlaces(Numeric n, int32 places)
{
	return PmNumericDivRound(n, int64_to_numeric(1), places, PM_ROUND_DOWN);
}

static pg_noinline void ReportOffGrid(const PmLimitArgs *la, Numeric value, const PmArray *news,
									  int subscript) pg_attribute_noreturn();

static pg_noinline void
ReportOffGrid(const PmLimitArgs *la, Numeric value, const PmArray *news, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("new price%s has more than %d decimal places", AtIndex(subscript),
					la->lim.places),
			 PmErrdetailElem(news, subscript, "Value \"%s\" is not a multiple of 10^%d.", PmNumericText(value),
							 -la->lim.places),
			 errhint("Round the new prices to %d places first, or leave places NULL.",
					 la->lim.places)));
}

/* The new price on the places grid, exactly in numeric; off the grid raises 22003. */
static Numeric
OnGridSlow(const PmLimitArgs *la, Numeric new, const PmArray *news, int subscript)
{
	Numeric		v;

	if (!la->lim.has_places)
		return new;
	v = NumToPlaces(new, la->lim.places);
	if (PmNumericCmp(v, new) != 0)
		ReportOffGrid(la, new, news, subscript);
	return v;
}

static pg_noinline void ReportEmptyCap(const PmLimitArgs *la, Numeric old, const PmArray *olds,
									   int subscript) pg_attribute_noreturn();

static pg_noinline void
ReportEmptyCap(const PmLimitArgs *la, Numeric old, const PmArray *olds, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no price with %d decimal places lies within the cap%s", la->lim.places,
					AtIndex(subscript)),
			 PmErrdetailElem(olds, subscript,
							 "Old price \"%s\" with max_up \"%s\" and max_down \"%s\" allows no such price.",
							 PmNumericText(old), PmNumericText(la->max_up), PmNumericText(la->max_down))));
}

/* The cap's bounds for old (>= 0), exactly in numeric; NULL for an open side. */
static void
LimitBoundsSlow(const PmLimitArgs *la, Numeric old, const PmArray *olds, int subscript, Numeric *lo,
				Numeric *hi)
{
	Numeric		one = int64_to_numeric(1);

	*lo = *hi = NULL;
	if (la->up_factor != NULL)
	{
		*hi = PmNumericMul(old, la->up_factor);
		if (la->lim.has_places)
			*hi = PmNumericDivRound(*hi, one, la->lim.places, PM_ROUND_FLOOR);
	}
	if (la->down_factor != NULL)
	{
		*lo = PmNumericMul(old, la->down_factor);
		if (la->lim.has_places)
			*lo = PmNumericDivRound(*lo, one, la->lim.places, PM_ROUND_CEILING);
	}
	if (*hi != NULL && *lo != NULL && PmNumericCmp(*lo, *hi) > 0)
		ReportEmptyCap(la, old, olds, subscript);
}

/*
 * The capped price, exactly in numeric, for values beyond the core; old
 * NULL passes the new price through (a new product), on the places grid.
 */
static Numeric
LimitSlow(const PmLimitArgs *la, const PmNumVal *old, const PmNumVal *new, const PmArray *olds,
		  const PmArray *news, int subscript)
{
	Numeric		v,
				hi,
				lo;

	if (old == NULL)
		return OnGridSlow(la, new->num, news, subscript);
	if (PmNumericSign(old->num) < 0)
		ReportNegativePrice("old price", old->num, olds, subscript);
	v = OnGridSlow(la, new->num, news, subscript);
	LimitBoundsSlow(la, old->num, olds, subscript, &lo, &hi);
	if (hi != NULL && PmNumericCmp(v, hi) > 0)
		v = hi;
	if (lo != NULL && PmNumericCmp(v, lo) < 0)
		v = lo;
	return v;
}

/*
 * One element in the core: false when a value does not fit it (the caller
 * goes to LimitSlow).  old NULL passes the new price through (a new
 * product), put on the places grid when places is given.
 */
static inline bool
LimitFast(const PmLimitArgs *la, const PmNumVal *old, const PmNumVal *new, const PmArray *olds,
		  const PmArray *news, int subscript, pm_dec *r)
{
	pm_status	st;

	if (!la->fast || new->kind != PM_NUM_FAST || (old != NULL && old->kind != PM_NUM_FAST))
		return false;
	if (old == NULL)
	{
		if (!la->lim.has_places)
		{
			*r = new->dec;
			return true;
		}
		st = pm_dec_round(&new->dec, la->lim.places, PM_ROUND_UNNECESSARY, r);
	}
	else
		st = pm_price_limit(&old->dec, &new->dec, &la->lim, r);
	if (likely(st == PM_OK))
		return true;
	if (st == PM_INEXACT)
		ReportOffGrid(la, new->num, news, subscript);
	/* only pm_price_limit (old given) refuses a price as invalid */
	if (st == PM_INVALID && old != NULL)
	{
		if (old->dec.coef < 0)
			ReportNegativePrice("old price", old->num, olds, subscript);
		ReportEmptyCap(la, old->num, olds, subscript);
	}
	return false;
}

/* limit_change(old numeric, new numeric, max_up, max_down, places) */
PG_FUNCTION_INFO_V1(pricemath_limit_change_scalar);
Datum
pricemath_limit_change_scalar(PG_FUNCTION_ARGS)
{
	const PmLimitArgs *la;
	PmNumVal	o,
				n;
	const PmNumVal *op = NULL;
	pm_dec		rd;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	la = LimitSetup(fcinfo);
	ValOf(PG_GETARG_NUMERIC(1), "new_prices", &n);
	if (ScalarArg(fcinfo, 0, "old_prices", &o))
		op = &o;
	if (LimitFast(la, op, &n, NULL, NULL, PM_NO_INDEX, &rd))
		PG_RETURN_NUMERIC(PmDecToNumeric(&rd));
	PG_RETURN_NUMERIC(LimitSlow(la, op, &n, NULL, NULL, PM_NO_INDEX));
}

/* ---- values for the ladder core: a pm_dec, or a numeric beyond it ---- */

/* Where the core's numeric fallback allocates: a given context, or a lazy slow one. */
typedef struct PmLvCtx
{
	MemoryContext cxt;			/* NULL: *lazy, or the current context */
	MemoryContext *lazy;
} PmLvCtx;

static inline void
LvOfVal(const PmNumVal *v, pm_lv *r)
{
	r->d = v->dec;
	r->big = v->kind == PM_NUM_FAST ? NULL : v->num;
}

static Numeric
LvNumeric(const pm_lv *v)
{
	return v->big != NULL ? (Numeric) v->big : PmDecToNumeric(&v->d);
}

/* n in the core's form when it fits, so that later steps stay fast */
static void
LvSet(Numeric n, pm_lv *r)
{
	r->big = PmNumericDecode((const char *) n, &r->d) == PM_NUM_FAST ? NULL : n;
}

static MemoryContext
LvEnter(void *arg)
{
	PmLvCtx    *c = arg;

	if (c->cxt != NULL)
		return MemoryContextSwitchTo(c->cxt);
	if (c->lazy != NULL)
		return MemoryContextSwitchTo(PmSlowContext(c->lazy));
	return CurrentMemoryContext;
}

static int
LvCmpOp(void *arg, const pm_lv *a, const pm_lv *b)
{
	MemoryContext old = LvEnter(arg);
	int			c = PmNumericCmp(LvNumeric(a), LvNumeric(b));

	MemoryContextSwitchTo(old);
	return c;
}

static void
LvSnapOp(void *arg, const pm_lv *x, const pm_lv *step, const pm_lv *ending, pm_round_mode how,
		 int off, pm_lv *r)
{
	MemoryContext old = LvEnter(arg);
	Numeric		s = LvNumeric(step),
				e = LvNumeric(ending),
				k = PmNumericDivRound(PmNumericSub(LvNumeric(x), e), s, 0, how);

	if (off != 0)
		k = PmNumericAdd(k, int64_to_numeric(off));
	LvSet(PmNumericAdd(PmNumericMul(k, s), e), r);
	MemoryContextSwitchTo(old);
}

static int
LvMidOp(void *arg, const pm_lv *t, const pm_lv *d, const pm_lv *u)
{
	MemoryContext old = LvEnter(arg);
	Numeric		tn = LvNumeric(t);
	int			c = PmNumericSign(PmNumericSub(PmNumericSub(PmNumericAdd(tn, tn), LvNumeric(d)), LvNumeric(u)));

	MemoryContextSwitchTo(old);
	return c;
}

/* The ops for one call, allocating as ctx says. */
static pm_lv_ops
LvOps(PmLvCtx *ctx)
{
	pm_lv_ops	ops = {ctx, LvCmpOp, LvSnapOp, LvMidOp};

	return ops;
}

/* Ops that allocate in the current memory context, for the calls that need no other. */
static PmLvCtx LvCurrent = {NULL, NULL};
static const pm_lv_ops LvCurrentOps = {&LvCurrent, LvCmpOp, LvSnapOp, LvMidOp};

/* The sign of a finite value. */
static inline int
ValSign(const PmNumVal *v)
{
	if (v->kind == PM_NUM_FAST)
		return (v->dec.coef > 0) - (v->dec.coef < 0);
	return PmNumericSign(v->num);
}

/* A numeric in fn_mcxt unless the core holds it, as a cached ladder needs. */
static void
LvKeep(FunctionCallInfo fcinfo, const PmNumVal *v, pm_lv *r)
{
	LvOfVal(v, r);
	if (r->big != NULL)
		r->big = PmNumericCopyTo(fcinfo->flinfo->fn_mcxt, v->num);
}

/* ---- ladders: bands of price points ---- */

typedef struct PmLadderArgs
{
	pm_ladder	l;				/* bands in fn_mcxt; ops are set per call */
	pm_ending_mode mode;
} PmLadderArgs;

/* Derive the bands' first and last points, keeping them in fn_mcxt. */
static void
LadderPrepare(FunctionCallInfo fcinfo, PmLadderArgs *la)
{
	PmLvCtx		ctx = {fcinfo->flinfo->fn_mcxt, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	int			bad;

	la->l.ops = &ops;
	if (pm_ladder_prepare(&la->l, &bad, PmTickInterrupts, NULL) != PM_OK)
		elog(ERROR, "price ladder band %d failed its checks", bad);
	la->l.ops = NULL;
}

/* The one-band ladder of a price ending: points k * step + ending from 0 on. */
static void
LadderFromEnding(FunctionCallInfo fcinfo, int first, PmLadderArgs *la)
{
	PmNumVal	sv,
				ev;
	pm_ladder_band *b = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(pm_ladder_band));

	CheckStepEnding(PG_GETARG_NUMERIC(first), PG_GETARG_NUMERIC(first + 1));
	ValOf(PG_GETARG_NUMERIC(first), "step", &sv);
	ValOf(PG_GETARG_NUMERIC(first + 1), "ending", &ev);
	LvKeep(fcinfo, &sv, &b->step);
	LvKeep(fcinfo, &ev, &b->ending);
	la->l.n = 1;
	la->l.bands = b;
	LadderPrepare(fcinfo, la);
}

/* 22023 for an element of a ladder's array; rule says what it must be. */
static pg_noinline void ReportLadderElement(const char *argname, int subscript, Numeric value,
											const char *rule) pg_attribute_noreturn();

static pg_noinline void
ReportLadderElement(const char *argname, int subscript, Numeric value, const char *rule)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value in argument \"%s\" at index %d: \"%s\"", argname, subscript,
					PmNumericText(value)),
			 errdetail("%s", rule)));
}

/*
 * A ladder from (bounds, steps, endings) at args first..first+2: one band
 * per element, the prices from bounds[i] up to bounds[i + 1].
 */
static void
LadderFromArrays(FunctionCallInfo fcinfo, int first, PmLadderArgs *la)
{
	static const char *const names[3] = {"bounds", "steps", "endings"};
	PmNumArg	args[3];
	pm_ladder_band *bands;
	int			n;

	for (int a = 0; a < 3; a++)
		ArgInitArray(&args[a], PG_GETARG_ARRAYTYPE_P(first + a), names[a],
					 a == 0 ? NULL : &args[0].arr);
	n = args[0].arr.nitems;
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the price ladder must not be empty"),
				 errdetail("Argument \"bounds\" has no elements; the first bound is the ladder's minimum price point.")));
	PmCheckArraySize(n, sizeof(pm_ladder_band), "price ladder is too large", "bounds");
	/*
	 * Each band is zeroed when the loop reaches it: zeroing a ladder of
	 * millions of bands at once (hundreds of MB) would not check for
	 * interrupts.
	 */
	bands = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, n * sizeof(pm_ladder_band));
	for (int i = 0; i < n; i++)
	{
		PmNumVal	v[3];
		int			subscript = args[0].arr.lbound + i;

		PM_CHECK_INTERRUPTS_EVERY(i);
		memset(&bands[i], 0, sizeof(bands[i]));
		for (int a = 0; a < 3; a++)
			if (!ArgNext(&args[a], i, &v[a]))
				PmReportNullElement(&args[a].arr, i, NULL);
		if (i == 0 && ValSign(&v[0]) < 0)
			ReportLadderElement("bounds", subscript, v[0].num,
								"The first bound, the ladder's minimum price point, must not be negative.");
		if (i > 0)
		{
			PmNumVal	prev;

			prev.num = (Numeric) (bands[i - 1].bound.big != NULL ? bands[i - 1].bound.big :
								  PmDecToNumeric(&bands[i - 1].bound.d));
			prev.kind = bands[i - 1].bound.big != NULL ? PM_NUM_SLOW : PM_NUM_FAST;
			prev.dec = bands[i - 1].bound.d;
			if (ValCmp(&v[0], &prev) <= 0)
				ReportLadderElement("bounds", subscript, v[0].num,
									psprintf("Bounds must be strictly ascending; element %d is \"%s\".",
											 subscript - 1, PmNumericText(prev.num)));
		}
		if (ValSign(&v[1]) <= 0)
			ReportLadderElement("steps", args[1].arr.lbound + i, v[1].num,
								"Each step must be greater than 0.");
		if (ValSign(&v[2]) < 0 || ValCmp(&v[2], &v[1]) >= 0)
			ReportLadderElement("endings", args[2].arr.lbound + i, v[2].num,
								psprintf("Each ending must be at least 0 and less than its band's step \"%s\".",
										 PmNumericText(v[1].num)));
		LvKeep(fcinfo, &v[0], &bands[i].bound);
		LvKeep(fcinfo, &v[1], &bands[i].step);
		LvKeep(fcinfo, &v[2], &bands[i].ending);
	}
	la->l.n = n;
	la->l.bands = bands;
	LadderPrepare(fcinfo, la);
}

/* Which form of price points a function takes. */
typedef enum PmPoints
{
	PM_POINTS_NONE,				/* no price points (limit_change without them) */
	PM_POINTS_ENDING,			/* step, ending */
	PM_POINTS_LADDER			/* bounds, steps, endings */
} PmPoints;

/*
 * Set up the price points at args first.. and the mode after them; the
 * result's ladder has no ops: each call sets its own on a copy.
 */
static void
LadderParse(FunctionCallInfo fcinfo, PmPoints form, int first, PmLadderArgs *la)
{
	int			modearg = first + (form == PM_POINTS_ENDING ? 2 : 3);

	la->mode = ParseEndingMode(PG_GETARG_TEXT_PP(modearg));
	if (form == PM_POINTS_ENDING)
		LadderFromEnding(fcinfo, first, la);
	else
		LadderFromArrays(fcinfo, first, la);
}

/* Whether any of nargs arguments from first is NULL. */
static bool
AnyArgNull(FunctionCallInfo fcinfo, int first, int nargs)
{
	for (int i = first; i < first + nargs; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/* Write a result value: in the core's form, or as the numeric it is. */
static inline void
PutLv(PmNumBuilder *out, int i, const pm_lv *v)
{
	if (v->big == NULL)
		PmNumBuilderPutDec(out, i, &v->d);
	else
		PmNumBuilderPutNumeric(out, i, (Numeric) v->big);
}

/* apply_ladder: the ladder's point for one price (>= 0) */
static void
LadderPointOne(const pm_ladder *l, pm_ending_mode mode, const PmNumVal *p, const PmArray *prices,
			   int subscript, pm_lv *r)
{
	pm_lv		t;
	pm_status	st;

	if (ValSign(p) < 0)
		ReportNegativePrice("price", p->num, prices, subscript);
	LvOfVal(p, &t);
	if ((st = pm_ladder_point(l, &t, mode, r)) != PM_OK)
		elog(ERROR, "price ladder gave status %d", (int) st);
}

static void
ApplyLadderParse(FunctionCallInfo fcinfo, void *payload, int how)
{
	LadderParse(fcinfo, PM_POINTS_LADDER, 1, payload);
}

/* apply_ladder's cached ladder (args 1..4), into *l with this call's ops. */
static pm_ending_mode
ApplyLadderSetup(FunctionCallInfo fcinfo, const pm_lv_ops *ops, pm_ladder *l)
{
	const PmLadderArgs *la = ArgCached(fcinfo, 1, "vvvv", sizeof(PmLadderArgs), ApplyLadderParse, 0);

	*l = la->l;
	l->ops = ops;
	return la->mode;
}

/* apply_ladder(prices numeric[], bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ladder_array);
Datum
pricemath_apply_ladder_array(PG_FUNCTION_ARGS)
{
	MemoryContext slowcxt = NULL;
	PmLvCtx		ctx = {NULL, &slowcxt};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l;
	pm_ending_mode mode = ApplyLadderSetup(fcinfo, &ops, &l);
	PmNumArg	prices;
	PmNumBuilder out;

	ArgInitArray(&prices, PG_GETARG_ARRAYTYPE_P(0), "prices", NULL);
	if (!ResultStart(&out, &prices))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	for (int i = 0; i < prices.arr.nitems; i++)
	{
		PmNumVal	p;
		pm_lv		r;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (!ArgNext(&prices, i, &p))
			continue;
		LadderPointOne(&l, mode, &p, &prices.arr, prices.arr.lbound + i, &r);
		PutLv(&out, i, &r);
		if (slowcxt != NULL)
			MemoryContextReset(slowcxt);
	}
	PG_RETURN_ARRAYTYPE_P(ResultFinish(&out, slowcxt));
}

/* apply_ladder(price numeric, bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ladder_scalar);
Datum
pricemath_apply_ladder_scalar(PG_FUNCTION_ARGS)
{
	pm_ladder	l;
	pm_ending_mode mode = ApplyLadderSetup(fcinfo, &LvCurrentOps, &l);
	PmNumVal	p;
	pm_lv		r;

	ValOf(PG_GETARG_NUMERIC(0), "prices", &p);
	LadderPointOne(&l, mode, &p, NULL, PM_NO_INDEX, &r);
	PG_RETURN_NUMERIC(LvNumeric(&r));
}

/* ---- limit_change with price points: the best point inside the cap ---- */

typedef struct PmFitArgs
{
	PmLimitArgs lim;			/* the cap */
	PmLadderArgs lad;			/* the price points and the mode */
} PmFitArgs;

/* With places, every price point must lie on the places grid. */
static void
CheckPointsOnGrid(const PmFitArgs *fa, PmPoints form)
{
	int32		places = fa->lim.lim.places;

	if (!fa->lim.lim.has_places)
		return;
	for (int i = 0; i < fa->lad.l.n; i++)
	{
		const pm_ladder_band *b = &fa->lad.l.bands[i];
		const pm_lv *v[2] = {&b->step, &b->ending};

		PM_CHECK_INTERRUPTS_EVERY(i);
		for (int k = 0; k < 2; k++)
		{
			Numeric		n = LvNumeric(v[k]);
			const char *why;

			if (PmNumericCmp(NumToPlaces(n, places), n) == 0)
				continue;
			why = psprintf("With places %d, steps and endings must be multiples of 10^%d, so that every price point lies on the places grid.",
						   places, -places);
			if (form == PM_POINTS_ENDING)
				ReportInvalidParameter(k == 0 ? "step" : "ending", n, why);
			ReportLadderElement(k == 0 ? "steps" : "endings", i + 1, n, why);
		}
	}
}

/* args: old, new, max_up, max_down, places, then the points (form) and the mode */
static void
FitParse(FunctionCallInfo fcinfo, void *payload, int form)
{
	PmFitArgs  *fa = payload;

	LimitParse(fcinfo, &fa->lim, 0);
	LadderParse(fcinfo, form, 5, &fa->lad);
	CheckPointsOnGrid(fa, form);
}

/*
 * The cached setup of a limit_change with price points, its ladder into
 * *l with ops that allocate in the current context; NULL when a NULL
 * argument makes the result NULL.
 */
static const PmFitArgs *
FitSetup(FunctionCallInfo fcinfo, PmPoints form, pm_ladder *l)
{
	const PmFitArgs *fa;

	if (PG_ARGISNULL(1) || AnyArgNull(fcinfo, 5, form == PM_POINTS_ENDING ? 3 : 4))
		return NULL;
	fa = ArgCached(fcinfo, 2, form == PM_POINTS_ENDING ? "vvbvvv" : "vvbvvvv", sizeof(PmFitArgs),
				   FitParse, form);
	*l = fa->lad.l;
	l->ops = &LvCurrentOps;
	return fa;
}

/* v rescaled to places, exactly (every candidate lies on the grid) */
static void
LvToPlaces(int32 places, pm_lv *v)
{
	if (v->big == NULL)
	{
		pm_dec		r;
		pm_status	st = pm_dec_round(&v->d, places, PM_ROUND_UNNECESSARY, &r);

		if (st == PM_OK)
		{
			v->d = r;
			return;
		}
		if (st != PM_OVERFLOW)
			elog(ERROR, "price point is off the places grid");
	}
	LvSet(NumToPlaces(LvNumeric(v), places), v);
}

/* One element: the best point for new inside old's cap (old NULL: a new price). */
static void
FitOne(const PmFitArgs *fa, const pm_ladder *l, const PmNumVal *old, const PmNumVal *new,
	   const PmArray *olds, const PmArray *news, int subscript, pm_lv *r)
{
	const PmLimitArgs *la = &fa->lim;
	pm_lv		ov,
				tv,
				lo,
				hi;
	pm_fit		how;
	pm_status	st;

	if (ValSign(new) < 0)
		ReportNegativePrice("new price", new->num, news, subscript);
	if (la->lim.has_places)
	{
		pm_dec		g;

		st = new->kind == PM_NUM_FAST ?
			pm_dec_round(&new->dec, la->lim.places, PM_ROUND_UNNECESSARY, &g) : PM_OVERFLOW;
		if (st == PM_INEXACT ||
			(st == PM_OVERFLOW && PmNumericCmp(NumToPlaces(new->num, la->lim.places), new->num) != 0))
			ReportOffGrid(la, new->num, news, subscript);
	}
	LvOfVal(new, &tv);
	if (old != NULL)
	{
		if (ValSign(old) < 0)
			ReportNegativePrice("old price", old->num, olds, subscript);
		LvOfVal(old, &ov);
		st = (la->fast && old->kind == PM_NUM_FAST) ?
			pm_price_limit_bounds(&old->dec, &la->lim, &lo.d, &hi.d) : PM_OVERFLOW;
		lo.big = hi.big = NULL;
		if (st == PM_INVALID)
			ReportEmptyCap(la, old->num, olds, subscript);
		if (st != PM_OK)
		{
			Numeric		lon,
						hin;

			LimitBoundsSlow(la, old->num, olds, subscript, &lon, &hin);
			if (lon != NULL)
				LvSet(lon, &lo);
			if (hin != NULL)
				LvSet(hin, &hi);
		}
	}
	st = pm_ladder_fit(l, old ? &ov : NULL, &tv, old && la->down_factor ? &lo : NULL,
					   old && la->up_factor ? &hi : NULL, fa->lad.mode, r, &how);
	if (st != PM_OK)
		elog(ERROR, "price points inside the cap gave status %d", (int) st);
	if (la->lim.has_places)
		LvToPlaces(la->lim.places, r);
}

/*
 * Element i of limit_change without price points, through the core and the
 * exact fallback, with every check and error: optr is the old price's
 * datum (NULL for a NULL old price or old_prices), nptr the new one's.
 */
static void
LimitElem(const PmLimitArgs *la, const PmNumArg *olda, const PmNumArg *newa, int i, char *optr,
		  char *nptr, PmNumBuilder *out, MemoryContext *slowcxt)
{
	PmNumVal	o,
				n;
	const PmNumVal *op = NULL;
	pm_dec		rd;
	int			subscript = newa->arr.lbound + i;
	MemoryContext old;

	if (optr != NULL)
	{
		ArgDecode(olda, i, optr, &o);
		op = &o;
	}
	ArgDecode(newa, i, nptr, &n);
	if (likely(LimitFast(la, op, &n, &olda->arr, &newa->arr, subscript, &rd)))
	{
		PmNumBuilderPutDec(out, i, &rd);
		return;
	}
	/* the fallback's numerics live until the element is written */
	old = MemoryContextSwitchTo(PmSlowContext(slowcxt));
	PutSlow(out, i, LimitSlow(la, op, &n, &olda->arr, &newa->arr, subscript), old, *slowcxt);
}

/*
 * limit_change over arrays: the capped price (form PM_POINTS_NONE) or the
 * best price point inside the cap.  Inlined into each entry point, so
 * that each form gets a loop of its own.
 */
static pg_attribute_always_inline Datum
LimitChangeArray(FunctionCallInfo fcinfo, PmPoints form)
{
	const PmLimitArgs *la;
	const PmFitArgs *fa = NULL;
	pm_ladder	l;
	MemoryContext slowcxt = NULL;
	PmNumArg	olda,
				newa;
	PmNumBuilder out;

	if (form == PM_POINTS_NONE)
	{
		if (PG_ARGISNULL(1))
			PG_RETURN_NULL();
		la = LimitSetup(fcinfo);
	}
	else
	{
		if ((fa = FitSetup(fcinfo, form, &l)) == NULL)
			PG_RETURN_NULL();
		la = &fa->lim;
	}
	ArgInitOldNew(fcinfo, &olda, &newa);
	if (!ResultStart(&out, &newa))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	if (form == PM_POINTS_NONE && la->lane64 && olda.isarray && !out.hasnulls &&
		!PmArrayAnyNull(&olda.arr))
	{
		/*
		 * The common shape: both arrays without NULLs, in the 64-bit lane.
		 * Any other element goes to LimitElem, which redoes it with every
		 * check, so errors come out for the same element in the same order.
		 */
		const char *oend = ArrayDataEnd(&olda.arr),
				   *nend = ArrayDataEnd(&newa.arr);

		for (int i = 0; i < newa.arr.nitems; i++)
		{
			char	   *optr,
					   *nptr;
			pm_dec64	o64 = {0},
						n64 = {0},
						r64;

			PM_CHECK_INTERRUPTS_EVERY(i);
			optr = PmVarIterNext(&olda.it);
			nptr = PmVarIterNext(&newa.it);
			if (likely(PmNumericDecode64(optr, oend, &o64)) &&
				likely(PmNumericDecode64(nptr, nend, &n64)) &&
				likely(pm_price_limit64(&o64, &n64, &la->lim64, &r64) == PM_OK))
				PmNumBuilderPutDec64(&out, i, &r64);
			else
				LimitElem(la, &olda, &newa, i, optr, nptr, &out, &slowcxt);
		}
		PG_RETURN_ARRAYTYPE_P(ResultFinish(&out, slowcxt));
	}
	for (int i = 0; i < newa.arr.nitems; i++)
	{
		PmNumVal	o,
					n;
		const PmNumVal *op;
		pm_lv		r;
		int			subscript = newa.arr.lbound + i;
		MemoryContext old;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (form == PM_POINTS_NONE)
		{
			char	   *optr = NULL;

			if (olda.isarray && !PmArrayIsNull(&olda.arr, i))
				optr = PmVarIterNext(&olda.it);
			if (!PmArrayIsNull(&newa.arr, i))
				LimitElem(la, &olda, &newa, i, optr, PmVarIterNext(&newa.it), &out, &slowcxt);
			else if (optr != NULL)
				ArgDecode(&olda, i, optr, &o);	/* checked even where new is NULL */
			continue;
		}
		op = ArgNext(&olda, i, &o) ? &o : NULL;
		if (!ArgNext(&newa, i, &n))
			continue;
		/* the fallback's numerics live until the element is written */
		old = MemoryContextSwitchTo(PmSlowContext(&slowcxt));
		FitOne(fa, &l, op, &n, &olda.arr, &newa.arr, subscript, &r);
		MemoryContextSwitchTo(old);
		PutLv(&out, i, &r);
		MemoryContextReset(slowcxt);
	}
	PG_RETURN_ARRAYTYPE_P(ResultFinish(&out, slowcxt));
}

static Datum
LimitChangePointsScalar(FunctionCallInfo fcinfo, PmPoints form)
{
	pm_ladder	l;
	const PmFitArgs *fa = FitSetup(fcinfo, form, &l);
	PmNumVal	o,
				n;
	bool		haso;
	pm_lv		r;

	if (fa == NULL)
		PG_RETURN_NULL();
	haso = ScalarArg(fcinfo, 0, "old_prices", &o);
	ValOf(PG_GETARG_NUMERIC(1), "new_prices", &n);
	FitOne(fa, &l, haso ? &o : NULL, &n, NULL, NULL, PM_NO_INDEX, &r);
	PG_RETURN_NUMERIC(LvNumeric(&r));
}

/*
 * limit_change(old numeric[], new numeric[], max_up, max_down, places), and
 * with price points: limit_change(old, new, max_up, max_down, places, step,
 * ending, mode) and limit_change(old, new, max_up, max_down, places,
 * bounds, steps, endings, mode)
 */
PM_SQL_FUNC(pricemath_limit_change_array, LimitChangeArray(fcinfo, PM_POINTS_NONE))
PM_SQL_FUNC(pricemath_limit_change_ending_array, LimitChangeArray(fcinfo, PM_POINTS_ENDING))
PM_SQL_FUNC(pricemath_limit_change_ending_scalar, LimitChangePointsScalar(fcinfo, PM_POINTS_ENDING))
PM_SQL_FUNC(pricemath_limit_change_ladder_array, LimitChangeArray(fcinfo, PM_POINTS_LADDER))
PM_SQL_FUNC(pricemath_limit_change_ladder_scalar, LimitChangePointsScalar(fcinfo, PM_POINTS_LADDER))

/* ---- guard_report ---- */

/*
 * How far past old an inward-rounded cap may lie: less than one unit of
 * places (PM_GUARD_UNIT_LIMITED: of the limited price's own scale, which
 * is places for limit_change with places >= 0), or not at all.
 */
typedef enum PmGuardTolKind
{
	PM_GUARD_UNIT_EXACT,		/* places NULL: the bounds were exact */
	PM_GUARD_UNIT_PLACES,		/* one unit of places */
	PM_GUARD_UNIT_LIMITED		/* the 0.1.0 form, which has no places */
} PmGuardTolKind;

typedef struct PmGuardArgs
{
	PmGuardTolKind tol;			/* how far past old a cap may lie */
	int32		places;			/* PM_GUARD_UNIT_PLACES: the places */
	bool		has_points;		/* price points were given (lad is set) */
	PmLadderArgs lad;			/* the price points and the mode */
} PmGuardArgs;

/* old -+ 10^-places, compared strictly */
static void
GuardTolerance(const PmNumVal *old, int32 places, pm_guard_tol *tol)
{
	pm_dec		unit = {1, places};

	tol->strict = true;
	if (places < 0 && -places <= PM_MAX_POW10)
	{
		unit.coef = pm_pow10[-places];
		unit.scale = 0;
	}
	if (old->kind == PM_NUM_FAST && (places >= 0 || -places <= PM_MAX_POW10) &&
		pm_dec_sub(&old->dec, &unit, &tol->below.d) == PM_OK &&
		pm_dec_add(&old->dec, &unit, &tol->above.d) == PM_OK)
	{
		tol->below.big = tol->above.big = NULL;
		return;
	}
	{
		Numeric		u = PmNumericPow10(-places);

		LvSet(PmNumericSub(old->num, u), &tol->below);
		LvSet(PmNumericAdd(old->num, u), &tol->above);
	}
}

/* The guard reason for one element; numerics the ops need go in the current context. */
static const char *
GuardOne(const PmGuardArgs *ga, const pm_ladder *l, const PmNumVal *old, const PmNumVal *nv,
		 const PmNumVal *lim, const PmArray *news, int subscript)
{
	pm_lv		ov,
				newv,
				limv;
	pm_guard_tol tol;
	pm_guard	g;
	pm_status	st;

	if (l != NULL && ValSign(nv) < 0)
		ReportNegativePrice("new price", nv->num, news, subscript);
	LvOfVal(nv, &newv);
	LvOfVal(lim, &limv);
	if (old != NULL)
	{
		LvOfVal(old, &ov);
		if (ga->tol == PM_GUARD_UNIT_EXACT)
		{
			tol.below = tol.above = ov;
			tol.strict = false;
		}
		else
			GuardTolerance(old, ga->tol == PM_GUARD_UNIT_PLACES ? ga->places :
						   PmNumericDscale((const char *) lim->num), &tol);
	}
	st = pm_guard_classify(l, ga->lad.mode, &LvCurrentOps, old ? &ov : NULL, &newv, &limv,
						   old ? &tol : NULL, &g);
	if (st != PM_OK)
		elog(ERROR, "guard_report gave status %d", (int) st);
	if (g == PM_GUARD_CONTRADICTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("limited price%s does not move the new price toward the old price",
						AtIndex(subscript)),
				 PmErrdetailElem(news, subscript, "Old price \"%s\", new price \"%s\", limited price \"%s\".",
								 old ? PmNumericText(old->num) : "NULL", PmNumericText(nv->num), PmNumericText(lim->num)),
				 errhint("A capped price lies between the old and the new price; a cap rounded to places may lie less than one unit past the old price.")));
	return pm_guard_names[g];
}

/* args from 3: places, then (form) step, ending or bounds, steps, endings, and mode */
static void
GuardParse(FunctionCallInfo fcinfo, void *payload, int form)
{
	PmGuardArgs *ga = payload;

	ga->tol = PG_ARGISNULL(3) ? PM_GUARD_UNIT_EXACT : PM_GUARD_UNIT_PLACES;
	if (!PG_ARGISNULL(3))
	{
		ga->places = PG_GETARG_INT32(3);
		PmCheckPlaces(ga->places);
	}
	if (form == PM_POINTS_ENDING && PG_ARGISNULL(4) != PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step and ending must be given together"),
				 errdetail("Parameter \"%s\" is NULL.", PG_ARGISNULL(4) ? "step" : "ending")));
	ga->has_points = form == PM_POINTS_LADDER || !PG_ARGISNULL(4);
	if (ga->has_points)
		LadderParse(fcinfo, form, 4, &ga->lad);
}

/* Whether the function must return NULL for NULL parameters of its points. */
static bool
GuardPointsNull(FunctionCallInfo fcinfo, PmPoints form, bool with_places)
{
	if (!with_places)
		return false;
	if (form == PM_POINTS_LADDER)
		return AnyArgNull(fcinfo, 4, 4);
	return PG_ARGISNULL(6);
}

/*
 * The cached setup of a guard_report call (the 0.1.0 form without places
 * needs none), its ladder into *l with ops that allocate in the current
 * context; NULL when a NULL argument makes the result NULL.
 */
static const PmGuardArgs *
GuardSetup(FunctionCallInfo fcinfo, PmPoints form, bool with_places, pm_ladder *l)
{
	static const PmGuardArgs plain = {PM_GUARD_UNIT_LIMITED};
	const PmGuardArgs *ga = &plain;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || GuardPointsNull(fcinfo, form, with_places))
		return NULL;
	if (with_places)
		ga = ArgCached(fcinfo, 3, form == PM_POINTS_LADDER ? "bvvvv" : "bvvv", sizeof(PmGuardArgs),
					   GuardParse, form);
	*l = ga->lad.l;
	l->ops = &LvCurrentOps;
	return ga;
}

static Datum
GuardReportArray(FunctionCallInfo fcinfo, PmPoints form, bool with_places)
{
	pm_ladder	l;
	const PmGuardArgs *ga = GuardSetup(fcinfo, form, with_places, &l);
	MemoryContext slowcxt = NULL,
				old;
	PmNumArg	olda,
				newa,
				lima;
	Datum		codes[PM_GUARD_REASONS];
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				lbound;

	if (ga == NULL)
		PG_RETURN_NULL();
	ArgInitArray(&newa, PG_GETARG_ARRAYTYPE_P(1), "new_prices", NULL);
	ArgInitArray(&lima, PG_GETARG_ARRAYTYPE_P(2), "new_limited", &newa.arr);
	if (PG_ARGISNULL(0))
		ArgInitScalar(&olda, NULL, "old_prices");
	else
		ArgInitArray(&olda, PG_GETARG_ARRAYTYPE_P(0), "old_prices", &newa.arr);
	n = newa.arr.nitems;
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	for (int k = 0; k < PM_GUARD_REASONS; k++)
		codes[k] = PointerGetDatum(cstring_to_text(pm_guard_names[k]));
	elems = palloc(sizeof(Datum) * n);
	nulls = palloc(sizeof(bool) * n);
	for (int i = 0; i < n; i++)
	{
		PmNumVal	o,
					nv,
					lv;
		bool		haso = ArgNext(&olda, i, &o),
					hasn = ArgNext(&newa, i, &nv),
					hasl = ArgNext(&lima, i, &lv);
		const char *why;

		PM_CHECK_INTERRUPTS_EVERY(i);
		nulls[i] = !(hasn && hasl);
		elems[i] = (Datum) 0;
		if (nulls[i])
			continue;
		old = MemoryContextSwitchTo(PmSlowContext(&slowcxt));
		why = GuardOne(ga, ga->has_points ? &l : NULL, haso ? &o : NULL, &nv, &lv, &newa.arr,
					   newa.arr.lbound + i);
		MemoryContextSwitchTo(old);
		MemoryContextReset(slowcxt);
		for (int k = 0; k < PM_GUARD_REASONS; k++)
			if (why == pm_guard_names[k])
				elems[i] = codes[k];
	}
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	lbound = newa.arr.lbound;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, &n, &lbound,
											 TEXTOID, -1, false, TYPALIGN_INT));
}

static Datum
GuardReportScalar(FunctionCallInfo fcinfo, PmPoints form, bool with_places)
{
	pm_ladder	l;
	const PmGuardArgs *ga = GuardSetup(fcinfo, form, with_places, &l);
	PmNumVal	o,
				nv,
				lv;
	bool		haso;

	if (ga == NULL)
		PG_RETURN_NULL();
	haso = ScalarArg(fcinfo, 0, "old_prices", &o);
	ValOf(PG_GETARG_NUMERIC(1), "new_prices", &nv);
	ValOf(PG_GETARG_NUMERIC(2), "new_limited", &lv);
	PG_RETURN_TEXT_P(cstring_to_text(GuardOne(ga, ga->has_points ? &l : NULL, haso ? &o : NULL, &nv, &lv,
											  NULL, PM_NO_INDEX)));
}

/*
 * guard_report(old, new, new_limited): the 0.1.0 form.  It has no places,
 * so a cap may lie less than one unit of the limited price's own scale
 * past old (limit_change gives scale places for places >= 0).  Then
 * guard_report(old, new, new_limited, places, step, ending, mode) and
 * guard_report(old, new, new_limited, places, bounds, steps, endings, mode).
 */
PM_SQL_FUNC(pricemath_guard_report_array, GuardReportArray(fcinfo, PM_POINTS_ENDING, false))
PM_SQL_FUNC(pricemath_guard_report_scalar, GuardReportScalar(fcinfo, PM_POINTS_ENDING, false))
PM_SQL_FUNC(pricemath_guard_report_ending_array, GuardReportArray(fcinfo, PM_POINTS_ENDING, true))
PM_SQL_FUNC(pricemath_guard_report_ending_scalar, GuardReportScalar(fcinfo, PM_POINTS_ENDING, true))
PM_SQL_FUNC(pricemath_guard_report_ladder_array, GuardReportArray(fcinfo, PM_POINTS_LADDER, true))
PM_SQL_FUNC(pricemath_guard_report_ladder_scalar, GuardReportScalar(fcinfo, PM_POINTS_LADDER, true))
