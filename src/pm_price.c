/*
 * pm_price.c: pricing rules over numeric[] and numeric: scaling (markup,
 * discount, margin, tax, FX), price endings, clamps and caps on change.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_ladder.h"
#include "core/pm_price.h"
#include "pm_array.h"
#include "pm_numeric.h"
#include "pm_numop.h"

/* ---- parameters ---- */

static inline char *
NumOut(Numeric n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
}

static inline int
NumCmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

static inline Numeric
NumAdd(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a), NumericGetDatum(b)));
}

static inline Numeric
NumSub(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(a), NumericGetDatum(b)));
}

static inline Numeric
NumMul(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a), NumericGetDatum(b)));
}

/*
 * Per-call-site cache of the parsed scalar parameters.  Jobs call these
 * functions once per row with the same constants, so the checks and the
 * factor are computed once and kept in fn_extra, keyed on the raw bytes of
 * the parameter arguments.  kinds names each argument from "first" on:
 * 'v' varlena, 'b' by value.
 */
typedef struct PmArgCache
{
	Size		keylen;
	char	   *key;
	char		payload[FLEXIBLE_ARRAY_MEMBER];
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

/* A copy of n in fn_mcxt, to live in a cache payload. */
static Numeric
NumCopyTo(FunctionCallInfo fcinfo, Numeric n)
{
	Numeric		c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(n));

	memcpy(c, n, VARSIZE(n));
	return c;
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
				ok = NumCmp(v, int64_to_numeric(-1)) > 0;
				break;
			case PM_RULE_GE_ZERO:
				ok = NumCmp(v, zero) >= 0;
				break;
			case PM_RULE_GT_ZERO:
				ok = NumCmp(v, zero) > 0;
				break;
			case PM_RULE_UNIT:
				ok = NumCmp(v, zero) >= 0 && NumCmp(v, one) <= 0;
				break;
			case PM_RULE_UNIT_OPEN:
				ok = NumCmp(v, zero) >= 0 && NumCmp(v, one) < 0;
				break;
			default:
				elog(ERROR, "unknown parameter rule %d", (int) rule);
		}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for parameter \"%s\": \"%s\"", name, NumOut(v)),
				 errdetail("Parameter \"%s\" must be %s.", name,
						   numeric_is_nan(v) || numeric_is_inf(v) ? "a finite number" : text[rule])));
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
 * Set up o and the factor for a scaling rule; args are (prices, param) or
 * (prices, param, places, mode).  Cached per call site.
 */
static Numeric
ScaleSetup(FunctionCallInfo fcinfo, PmScale which, PmOpArgs *o)
{
	bool		rounded = scale_rules[which].op != PMOP_MUL;
	void	   *fresh;
	PmScaleSetup *ss = ArgCacheLookup(fcinfo, 1, rounded ? "vbv" : "v", sizeof(PmScaleSetup), &fresh);
	Numeric		param,
				one = int64_to_numeric(1),
				factor;

	if (ss != NULL)
	{
		*o = ss->o;
		return ss->factor;
	}
	param = PG_GETARG_NUMERIC(1);
	CheckParam(param, scale_rules[which].param, scale_rules[which].rule);
	o->op = scale_rules[which].op;
	o->places = 0;
	o->mode = PM_ROUND_HALF_EVEN;
	if (rounded)
	{
		o->places = PG_GETARG_INT32(2);
		o->mode = PmParseRoundMode(PG_GETARG_TEXT_PP(3));
		PmCheckPlaces(o->places);
	}
	if (scale_rules[which].sign > 0)
		factor = NumAdd(one, param);
	else if (scale_rules[which].sign < 0)
		factor = NumSub(one, param);
	else
		factor = param;
	ss = ArgCachePayload(fresh);
	ss->o = *o;
	ss->factor = NumCopyTo(fcinfo, factor);
	ArgCachePublish(fcinfo, fresh);
	return ss->factor;
}

#define PM_SCALE_FUNCS(sqlname, WHICH, ARGNAME) \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_array); \
Datum \
pricemath_##sqlname##_array(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o; \
	Numeric		factor = ScaleSetup(fcinfo, WHICH, &o); \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), ARGNAME, NULL, factor, \
										   scale_rules[WHICH].param)); \
} \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_scalar); \
Datum \
pricemath_##sqlname##_scalar(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o; \
	Numeric		factor = ScaleSetup(fcinfo, WHICH, &o); \
	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), ARGNAME, factor, \
										scale_rules[WHICH].param)); \
}

PM_SCALE_FUNCS(markup, PM_SCALE_MARKUP, "prices")
PM_SCALE_FUNCS(discount, PM_SCALE_DISCOUNT, "prices")
PM_SCALE_FUNCS(add_tax, PM_SCALE_ADD_TAX, "net")
PM_SCALE_FUNCS(margin_price, PM_SCALE_MARGIN, "costs")
PM_SCALE_FUNCS(remove_tax, PM_SCALE_REMOVE_TAX, "gross")
PM_SCALE_FUNCS(convert, PM_SCALE_CONVERT, "amounts")

/* ---- per-element operands: an array, a scalar, or a NULL scalar ---- */

typedef struct PmNumArg
{
	const char *name;
	bool		isarray;
	bool		absent;			/* a NULL scalar (or NULL array): NULL everywhere */
	PmArray		arr;
	PmVarIter	it;
	Numeric		scalar;
	PmNumKind	skind;
	pm_dec		sdec;
} PmNumArg;

/* An element or scalar handed out by ArgNext. */
typedef struct PmNumVal
{
	Numeric		num;
	PmNumKind	kind;
	pm_dec		dec;
} PmNumVal;

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

static void
ArgInitScalar(PmNumArg *arg, Numeric n, const char *name)
{
	memset(arg, 0, sizeof(*arg));
	arg->name = name;
	if (n == NULL)
	{
		arg->absent = true;
		return;
	}
	arg->scalar = n;
	arg->skind = PmNumericDecode((const char *) n, &arg->sdec);
	PmCheckNumericKind(arg->skind, name, PM_NO_INDEX);
}

/*
 * The old_prices (arg 0, NULL: all new products) and new_prices arrays of the
 * array forms of limit_change, of the same length.
 */
static void
ArgInitOldNew(FunctionCallInfo fcinfo, ArrayType *narr, PmNumArg *olda, PmNumArg *newa)
{
	ArgInitArray(newa, narr, "new_prices", NULL);
	if (PG_ARGISNULL(0))
		ArgInitScalar(olda, NULL, "old_prices");
	else
	{
		ArgInitArray(olda, PG_GETARG_ARRAYTYPE_P(0), "old_prices", NULL);
		PmCheckSameLength(&olda->arr, &newa->arr);
	}
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
		v->num = arg->scalar;
		v->kind = arg->skind;
		v->dec = arg->sdec;
		return true;
	}
	if (PmArrayIsNull(&arg->arr, i))
		return false;
	v->num = (Numeric) PmVarIterNext(&arg->it);
	v->kind = PmNumericDecode((const char *) v->num, &v->dec);
	PmCheckNumericElem(v->kind, &arg->arr, i);
	return true;
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
	return NumCmp(a->num, b->num);
}

/* A short-lived context for the exact fallback, created on first use. */
static inline MemoryContext
SlowContext(MemoryContext *cxt)
{
	if (*cxt == NULL)
		*cxt = AllocSetContextCreate(CurrentMemoryContext, "pricemath fallback",
									 ALLOCSET_SMALL_SIZES);
	return *cxt;
}

static inline Size
DataEstimate(ArrayType *arr)
{
	return ARR_SIZE(arr) - ARR_DATA_OFFSET(arr);
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
	Numeric		one = int64_to_numeric(1);
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

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
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
			PmNumBuilderPutNumeric(&out, i, sign > 0 ? NumAdd(one, r) : NumSub(one, r));
	}
	if (sign == 0 || rates.nitems == 0)
		return rarr;
	return PmNumBuilderFinish(&out);
}

/* markup, discount, add_tax and convert with one rate per element */
#define PM_RATES_FUNC(sqlname, WHICH, ARGNAME) \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_rates); \
Datum \
pricemath_##sqlname##_rates(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o = {scale_rules[WHICH].op, 0, PM_ROUND_HALF_EVEN}; \
	ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0); \
\
	if (o.op != PMOP_MUL) \
	{ \
		o.places = PG_GETARG_INT32(2); \
		o.mode = PmParseRoundMode(PG_GETARG_TEXT_PP(3)); \
		PmCheckPlaces(o.places); \
	} \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, parr, ARGNAME, \
										   RateFactors(WHICH, parr, ARGNAME, PG_GETARG_ARRAYTYPE_P(1)), \
										   NULL, scale_rules[WHICH].param)); \
}

PM_RATES_FUNC(markup, PM_SCALE_MARKUP, "prices")
PM_RATES_FUNC(discount, PM_SCALE_DISCOUNT, "prices")
PM_RATES_FUNC(add_tax, PM_SCALE_ADD_TAX, "net")
PM_RATES_FUNC(convert, PM_SCALE_CONVERT, "amounts")

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
	Numeric		one = int64_to_numeric(1),
				f = one;

	PmArrayInit(&rates, rarr, NUMERICOID, "rates");
	it.ptr = rates.data;
	for (int i = 0; i < rates.nitems; i++)
	{
		Numeric		r;
		PmNumKind	kind;
		pm_dec		d;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&rates, i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("array must not contain nulls"),
					 errdetail("Element %d of argument \"rates\" is NULL.", rates.lbound + i)));
		r = (Numeric) PmVarIterNext(&it);
		kind = PmNumericDecode((const char *) r, &d);
		CheckParamElem(r, kind, &d, "rates", PM_RULE_UNIT, rates.lbound + i);
		f = NumMul(f, NumSub(one, r));
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
		ss->factor = NumCopyTo(fcinfo, *factor);
		ArgCachePublish(fcinfo, fresh);
	}
	return true;
}

PG_FUNCTION_INFO_V1(pricemath_discount_stack_array);
Datum
pricemath_discount_stack_array(PG_FUNCTION_ARGS)
{
	PmOpArgs	o;
	Numeric		factor;

	if (!StackSetup(fcinfo, &o, &factor))
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "prices", NULL, factor,
										   "rates"));
}

PG_FUNCTION_INFO_V1(pricemath_discount_stack_scalar);
Datum
pricemath_discount_stack_scalar(PG_FUNCTION_ARGS)
{
	PmOpArgs	o;
	Numeric		factor;

	if (!StackSetup(fcinfo, &o, &factor))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), "prices", factor, "rates"));
}

/* margin_of(prices, costs, places, mode): round((price - cost) / price, places, mode) */
static void
MarginOfSetup(FunctionCallInfo fcinfo, PmOpArgs *sub, PmOpArgs *div)
{
	sub->op = PMOP_SUB;
	sub->places = 0;
	sub->mode = PM_ROUND_HALF_EVEN;
	div->op = PMOP_DIV;
	div->places = PG_GETARG_INT32(2);
	div->mode = PmParseRoundMode(PG_GETARG_TEXT_PP(3));
	PmCheckPlaces(div->places);
}

PG_FUNCTION_INFO_V1(pricemath_margin_of_array);
Datum
pricemath_margin_of_array(PG_FUNCTION_ARGS)
{
	PmOpArgs	sub,
				div;
	ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *diff;

	MarginOfSetup(fcinfo, &sub, &div);
	/* the exact difference first, then one rounded division */
	diff = PmNumericArrayOp(&sub, parr, "prices", PG_GETARG_ARRAYTYPE_P(1), NULL, "costs");
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&div, diff, "prices", parr, NULL, "prices"));
}

PG_FUNCTION_INFO_V1(pricemath_margin_of_scalar);
Datum
pricemath_margin_of_scalar(PG_FUNCTION_ARGS)
{
	PmOpArgs	sub,
				div;
	Numeric		price = PG_GETARG_NUMERIC(0);

	MarginOfSetup(fcinfo, &sub, &div);
	PG_RETURN_NUMERIC(PmNumericScalarOp(&div,
										PmNumericScalarOp(&sub, price, "prices", PG_GETARG_NUMERIC(1), "costs"),
										"prices", price, "prices"));
}

/* ---- price endings ---- */

typedef struct PmEnding
{
	PmNumVal	step;
	PmNumVal	ending;
	pm_ending_mode mode;
} PmEnding;

static pm_ending_mode
ParseEndingMode(text *mode)
{
	pm_ending_mode m;

	if (!pm_ending_mode_parse(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), &m))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid ending mode \"%s\"", text_to_cstring(mode)),
				 errhint("Valid modes are: %s.", PM_ENDING_MODE_LIST)));
	return m;
}

/* The contract of a price ending: step > 0, 0 <= ending < step. */
static void
CheckStepEnding(Numeric step, Numeric ending)
{
	CheckParam(step, "step", PM_RULE_GT_ZERO);
	CheckParam(ending, "ending", PM_RULE_GE_ZERO);
	if (NumCmp(ending, step) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for parameter \"ending\": \"%s\"", NumOut(ending)),
				 errdetail("Parameter \"ending\" must be less than step \"%s\".", NumOut(step))));
}

/* Check and decode step, ending and mode (args 1..3); cached per call site. */
static void
EndingSetup(FunctionCallInfo fcinfo, PmEnding *out)
{
	void	   *fresh;
	PmEnding   *e = ArgCacheLookup(fcinfo, 1, "vvv", sizeof(PmEnding), &fresh);
	Numeric		step,
				ending;
	text	   *mode;

	if (e != NULL)
	{
		*out = *e;
		return;
	}
	step = PG_GETARG_NUMERIC(1);
	ending = PG_GETARG_NUMERIC(2);
	mode = PG_GETARG_TEXT_PP(3);
	e = ArgCachePayload(fresh);
	e->mode = ParseEndingMode(mode);
	CheckStepEnding(step, ending);
	e->step.num = NumCopyTo(fcinfo, step);
	e->step.kind = PmNumericDecode((const char *) step, &e->step.dec);
	e->ending.num = NumCopyTo(fcinfo, ending);
	e->ending.kind = PmNumericDecode((const char *) ending, &e->ending.dec);
	ArgCachePublish(fcinfo, fresh);
	*out = *e;
}

static void
ReportNegativePrice(const char *what, Numeric value, const PmArray *arr, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s%s is negative", what, AtIndex(subscript)),
			 PmErrdetailElem(arr, subscript, "Value \"%s\" is below the minimum \"0\".", NumOut(value))));
}

/* The price point for one value, in the core or exactly in numeric. */
static Numeric
EndingSlow(const PmEnding *e, Numeric p)
{
	static const pm_round_mode how[] = {
		[PM_ENDING_NEAREST] = PM_ROUND_HALF_UP,
		[PM_ENDING_DOWN] = PM_ROUND_FLOOR,
		[PM_ENDING_UP] = PM_ROUND_CEILING,
	};
	Numeric		k = PmNumericDivRound(NumSub(p, e->ending.num), e->step.num, 0, how[e->mode]);

	if (NumCmp(k, int64_to_numeric(0)) < 0)
		k = int64_to_numeric(0);
	return NumAdd(NumMul(k, e->step.num), e->ending.num);
}

static inline pm_status
EndingFast(const PmEnding *e, const PmNumVal *p, pm_dec *r)
{
	if (p->kind != PM_NUM_FAST || e->step.kind != PM_NUM_FAST || e->ending.kind != PM_NUM_FAST)
		return PM_OVERFLOW;
	return pm_price_ending(&p->dec, &e->step.dec, &e->ending.dec, e->mode, r);
}

/* apply_ending(numeric[], step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ending_array);
Datum
pricemath_apply_ending_array(PG_FUNCTION_ARGS)
{
	ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0);
	PmEnding	e;
	PmNumArg	prices;
	PmNumBuilder out;
	MemoryContext slowcxt = NULL;

	EndingSetup(fcinfo, &e);
	ArgInitArray(&prices, parr, "prices", NULL);
	if (prices.arr.nitems == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	PmNumBuilderInit(&out, &prices.arr, PmArrayAnyNull(&prices.arr), DataEstimate(parr));
	for (int i = 0; i < prices.arr.nitems; i++)
	{
		PmNumVal	p;
		pm_dec		rd;
		pm_status	st;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!ArgNext(&prices, i, &p))
			continue;
		st = EndingFast(&e, &p, &rd);
		if (likely(st == PM_OK))
		{
			PmNumBuilderPutDec(&out, i, &rd);
			continue;
		}
		if (st == PM_INVALID || NumCmp(p.num, int64_to_numeric(0)) < 0)
			ReportNegativePrice("price", p.num, &prices.arr, prices.arr.lbound + i);
		{
			MemoryContext old = MemoryContextSwitchTo(SlowContext(&slowcxt));
			Numeric		rn = EndingSlow(&e, p.num);

			MemoryContextSwitchTo(old);
			PmNumBuilderPutNumeric(&out, i, rn);
			MemoryContextReset(slowcxt);
		}
	}
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

/* apply_ending(numeric, step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ending_scalar);
Datum
pricemath_apply_ending_scalar(PG_FUNCTION_ARGS)
{
	PmEnding	e;
	PmNumVal	p;
	pm_dec		rd;
	pm_status	st;

	EndingSetup(fcinfo, &e);
	p.num = PG_GETARG_NUMERIC(0);
	p.kind = PmNumericDecode((const char *) p.num, &p.dec);
	PmCheckNumericKind(p.kind, "prices", PM_NO_INDEX);
	st = EndingFast(&e, &p, &rd);
	if (st == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&rd));
	if (st == PM_INVALID || NumCmp(p.num, int64_to_numeric(0)) < 0)
		ReportNegativePrice("price", p.num, NULL, PM_NO_INDEX);
	PG_RETURN_NUMERIC(EndingSlow(&e, p.num));
}

/* ---- clamp ---- */

/*
 * clamp(prices, lo, hi) for every combination of scalar and array bounds.
 * A NULL bound, or a NULL element of a bound array, is no bound.  The
 * result element is the price itself or the bound it crossed, unchanged.
 */
static Datum
ClampArray(FunctionCallInfo fcinfo, bool lo_array, bool hi_array)
{
	ArrayType  *parr;
	PmNumArg	prices,
				lo,
				hi;
	PmNumBuilder out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	parr = PG_GETARG_ARRAYTYPE_P(0);
	ArgInitArray(&prices, parr, "prices", NULL);
	if (lo_array && !PG_ARGISNULL(1))
		ArgInitArray(&lo, PG_GETARG_ARRAYTYPE_P(1), "lo", &prices.arr);
	else
		ArgInitScalar(&lo, PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1), "lo");
	if (hi_array && !PG_ARGISNULL(2))
		ArgInitArray(&hi, PG_GETARG_ARRAYTYPE_P(2), "hi", &prices.arr);
	else
		ArgInitScalar(&hi, PG_ARGISNULL(2) ? NULL : PG_GETARG_NUMERIC(2), "hi");
	if (prices.arr.nitems == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));

	PmNumBuilderInit(&out, &prices.arr, PmArrayAnyNull(&prices.arr), DataEstimate(parr));
	for (int i = 0; i < prices.arr.nitems; i++)
	{
		PmNumVal	p,
					l,
					h;
		bool		hasp,
					hasl,
					hash;
		const PmNumVal *r;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		hasp = ArgNext(&prices, i, &p);
		hasl = ArgNext(&lo, i, &l);
		hash = ArgNext(&hi, i, &h);
		if (hasl && hash && ValCmp(&l, &h) > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower bound is greater than upper bound at index %d",
							prices.arr.lbound + i),
					 PmErrdetailElem(&prices.arr, prices.arr.lbound + i,
									 "Lower bound \"%s\" is greater than upper bound \"%s\".",
									 NumOut(l.num), NumOut(h.num))));
		if (!hasp)
			continue;
		r = &p;
		if (hasl && ValCmp(&p, &l) < 0)
			r = &l;
		else if (hash && ValCmp(&p, &h) > 0)
			r = &h;
		PmNumBuilderPutNumeric(&out, i, r->num);
	}
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

PG_FUNCTION_INFO_V1(pricemath_clamp_array);
Datum
pricemath_clamp_array(PG_FUNCTION_ARGS)
{
	return ClampArray(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(pricemath_clamp_array_arrays);
Datum
pricemath_clamp_array_arrays(PG_FUNCTION_ARGS)
{
	return ClampArray(fcinfo, true, true);
}

PG_FUNCTION_INFO_V1(pricemath_clamp_array_lo_array);
Datum
pricemath_clamp_array_lo_array(PG_FUNCTION_ARGS)
{
	return ClampArray(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(pricemath_clamp_array_hi_array);
Datum
pricemath_clamp_array_hi_array(PG_FUNCTION_ARGS)
{
	return ClampArray(fcinfo, false, true);
}

/* clamp(numeric, lo, hi) */
PG_FUNCTION_INFO_V1(pricemath_clamp_scalar);
Datum
pricemath_clamp_scalar(PG_FUNCTION_ARGS)
{
	PmNumArg	lo,
				hi;
	PmNumVal	p,
				l,
				h;
	bool		hasl,
				hash;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	p.num = PG_GETARG_NUMERIC(0);
	p.kind = PmNumericDecode((const char *) p.num, &p.dec);
	PmCheckNumericKind(p.kind, "prices", PM_NO_INDEX);
	ArgInitScalar(&lo, PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1), "lo");
	ArgInitScalar(&hi, PG_ARGISNULL(2) ? NULL : PG_GETARG_NUMERIC(2), "hi");
	hasl = ArgNext(&lo, 0, &l);
	hash = ArgNext(&hi, 0, &h);
	if (hasl && hash && ValCmp(&l, &h) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower bound is greater than upper bound"),
				 errdetail("Lower bound \"%s\" is greater than upper bound \"%s\".",
						   NumOut(l.num), NumOut(h.num))));
	if (hasl && ValCmp(&p, &l) < 0)
		PG_RETURN_NUMERIC(l.num);
	if (hash && ValCmp(&p, &h) > 0)
		PG_RETURN_NUMERIC(h.num);
	PG_RETURN_NUMERIC(p.num);
}

/* ---- limit_change ---- */

typedef struct PmLimitArgs
{
	Numeric		max_up;			/* NULL: unlimited */
	Numeric		max_down;
	Numeric		up_factor;		/* 1 + max_up */
	Numeric		down_factor;	/* 1 - max_down */
	pm_dec		up_dec,
				down_dec;
	bool		fast;			/* both factors fit the core */
	pm_limit	lim;
} PmLimitArgs;

/*
 * Check args 2..4: max_up, max_down, places (each may be NULL).  Cached per
 * call site; the returned struct lives as long as the cache.
 */
static void
LimitParse(FunctionCallInfo fcinfo, PmLimitArgs *la)
{
	Numeric		one = int64_to_numeric(1);

	la->fast = true;
	if (!PG_ARGISNULL(2))
	{
		Numeric		max_up = PG_GETARG_NUMERIC(2);

		CheckParam(max_up, "max_up", PM_RULE_GE_ZERO);
		la->max_up = NumCopyTo(fcinfo, max_up);
		la->up_factor = NumCopyTo(fcinfo, NumAdd(one, max_up));
		la->fast &= PmNumericDecode((const char *) la->up_factor, &la->up_dec) == PM_NUM_FAST;
		la->lim.up_factor = &la->up_dec;
	}
	if (!PG_ARGISNULL(3))
	{
		Numeric		max_down = PG_GETARG_NUMERIC(3);

		CheckParam(max_down, "max_down", PM_RULE_UNIT);
		la->max_down = NumCopyTo(fcinfo, max_down);
		la->down_factor = NumCopyTo(fcinfo, NumSub(one, max_down));
		la->fast &= PmNumericDecode((const char *) la->down_factor, &la->down_dec) == PM_NUM_FAST;
		la->lim.down_factor = &la->down_dec;
	}
	if (!PG_ARGISNULL(4))
	{
		la->lim.has_places = true;
		la->lim.places = PG_GETARG_INT32(4);
		PmCheckPlaces(la->lim.places);
	}
}

static const PmLimitArgs *
LimitSetup(FunctionCallInfo fcinfo)
{
	void	   *fresh;
	PmLimitArgs *la = ArgCacheLookup(fcinfo, 2, "vvb", sizeof(PmLimitArgs), &fresh);

	if (la != NULL)
		return la;
	la = ArgCachePayload(fresh);
	LimitParse(fcinfo, la);
	ArgCachePublish(fcinfo, fresh);
	return la;
}

static void
ReportOffGrid(const PmLimitArgs *la, Numeric value, const PmArray *news, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("new price%s has more than %d decimal places", AtIndex(subscript),
					la->lim.places),
			 PmErrdetailElem(news, subscript, "Value \"%s\" is not a multiple of 10^%d.", NumOut(value),
							 -la->lim.places),
			 errhint("Round the new prices to %d places first, or leave places NULL.",
					 la->lim.places)));
}

static void
ReportEmptyCap(const PmLimitArgs *la, Numeric old, const PmArray *olds, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no price with %d decimal places lies within the cap%s", la->lim.places,
					AtIndex(subscript)),
			 PmErrdetailElem(olds, subscript,
							 "Old price \"%s\" with max_up \"%s\" and max_down \"%s\" allows no such price.",
							 NumOut(old), NumOut(la->max_up), NumOut(la->max_down))));
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
		*hi = NumMul(old, la->up_factor);
		if (la->lim.has_places)
			*hi = PmNumericDivRound(*hi, one, la->lim.places, PM_ROUND_FLOOR);
	}
	if (la->down_factor != NULL)
	{
		*lo = NumMul(old, la->down_factor);
		if (la->lim.has_places)
			*lo = PmNumericDivRound(*lo, one, la->lim.places, PM_ROUND_CEILING);
	}
	if (*hi != NULL && *lo != NULL && NumCmp(*lo, *hi) > 0)
		ReportEmptyCap(la, old, olds, subscript);
}

/* The capped price, exactly in numeric, for values beyond the core. */
static Numeric
LimitSlow(const PmLimitArgs *la, Numeric old, Numeric new, const PmArray *olds,
		  const PmArray *news, int subscript)
{
	Numeric		one = int64_to_numeric(1),
				v = new,
				hi,
				lo;

	if (NumCmp(old, int64_to_numeric(0)) < 0)
		ReportNegativePrice("old price", old, olds, subscript);
	if (la->lim.has_places)
	{
		v = PmNumericDivRound(new, one, la->lim.places, PM_ROUND_DOWN);
		if (NumCmp(v, new) != 0)
			ReportOffGrid(la, new, news, subscript);
	}
	LimitBoundsSlow(la, old, olds, subscript, &lo, &hi);
	if (hi != NULL && NumCmp(v, hi) > 0)
		v = hi;
	if (lo != NULL && NumCmp(v, lo) < 0)
		v = lo;
	return v;
}

/*
 * One element: old NULL passes the new price through (a new product), put
 * on the places grid when places is given.
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
	if (st == PM_INVALID)
	{
		if (old->dec.coef < 0)
			ReportNegativePrice("old price", old->num, olds, subscript);
		ReportEmptyCap(la, old->num, olds, subscript);
	}
	return false;
}

static Numeric
LimitSlowOrNew(const PmLimitArgs *la, const PmNumVal *old, const PmNumVal *new,
			   const PmArray *olds, const PmArray *news, int subscript)
{
	if (old != NULL)
		return LimitSlow(la, old->num, new->num, olds, news, subscript);
	if (la->lim.has_places)
	{
		Numeric		v = PmNumericDivRound(new->num, int64_to_numeric(1), la->lim.places,
										  PM_ROUND_DOWN);

		if (NumCmp(v, new->num) != 0)
			ReportOffGrid(la, new->num, news, subscript);
		return v;
	}
	return new->num;
}

/* limit_change(old numeric[], new numeric[], max_up, max_down, places) */
PG_FUNCTION_INFO_V1(pricemath_limit_change_array);
Datum
pricemath_limit_change_array(PG_FUNCTION_ARGS)
{
	ArrayType  *narr;
	PmNumArg	olda,
				newa;
	const PmLimitArgs *la;
	PmNumBuilder out;
	MemoryContext slowcxt = NULL;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	la = LimitSetup(fcinfo);
	narr = PG_GETARG_ARRAYTYPE_P(1);
	ArgInitOldNew(fcinfo, narr, &olda, &newa);
	if (newa.arr.nitems == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));

	PmNumBuilderInit(&out, &newa.arr, PmArrayAnyNull(&newa.arr), DataEstimate(narr));
	for (int i = 0; i < newa.arr.nitems; i++)
	{
		PmNumVal	o,
					n;
		bool		haso,
					hasn;
		pm_dec		rd;
		int			subscript = newa.arr.lbound + i;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		haso = ArgNext(&olda, i, &o);
		hasn = ArgNext(&newa, i, &n);
		if (!hasn)
			continue;
		if (likely(LimitFast(la, haso ? &o : NULL, &n, &olda.arr, &newa.arr, subscript, &rd)))
		{
			PmNumBuilderPutDec(&out, i, &rd);
			continue;
		}
		{
			MemoryContext old = MemoryContextSwitchTo(SlowContext(&slowcxt));
			Numeric		rn = LimitSlowOrNew(la, haso ? &o : NULL, &n, &olda.arr, &newa.arr, subscript);

			MemoryContextSwitchTo(old);
			PmNumBuilderPutNumeric(&out, i, rn);
			MemoryContextReset(slowcxt);
		}
	}
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

/* limit_change(old numeric, new numeric, max_up, max_down, places) */
PG_FUNCTION_INFO_V1(pricemath_limit_change_scalar);
Datum
pricemath_limit_change_scalar(PG_FUNCTION_ARGS)
{
	const PmLimitArgs *la;
	PmNumVal	o,
				n;
	pm_dec		rd;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	la = LimitSetup(fcinfo);
	n.num = PG_GETARG_NUMERIC(1);
	n.kind = PmNumericDecode((const char *) n.num, &n.dec);
	PmCheckNumericKind(n.kind, "new_prices", PM_NO_INDEX);
	if (!PG_ARGISNULL(0))
	{
		o.num = PG_GETARG_NUMERIC(0);
		o.kind = PmNumericDecode((const char *) o.num, &o.dec);
		PmCheckNumericKind(o.kind, "old_prices", PM_NO_INDEX);
	}
	if (LimitFast(la, PG_ARGISNULL(0) ? NULL : &o, &n, NULL, NULL, PM_NO_INDEX, &rd))
		PG_RETURN_NUMERIC(PmDecToNumeric(&rd));
	PG_RETURN_NUMERIC(LimitSlowOrNew(la, PG_ARGISNULL(0) ? NULL : &o, &n, NULL, NULL, PM_NO_INDEX));
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
		return MemoryContextSwitchTo(SlowContext(c->lazy));
	return CurrentMemoryContext;
}

static int
LvCmpOp(void *arg, const pm_lv *a, const pm_lv *b)
{
	MemoryContext old = LvEnter(arg);
	int			c = NumCmp(LvNumeric(a), LvNumeric(b));

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
				k = PmNumericDivRound(NumSub(LvNumeric(x), e), s, 0, how);

	if (off != 0)
		k = NumAdd(k, int64_to_numeric(off));
	LvSet(NumAdd(NumMul(k, s), e), r);
	MemoryContextSwitchTo(old);
}

static int
LvMidOp(void *arg, const pm_lv *t, const pm_lv *d, const pm_lv *u)
{
	MemoryContext old = LvEnter(arg);
	Numeric		tn = LvNumeric(t);
	int			c = NumCmp(NumSub(NumSub(NumAdd(tn, tn), LvNumeric(d)), LvNumeric(u)),
						   int64_to_numeric(0));

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

/* The sign of a finite value. */
static inline int
ValSign(const PmNumVal *v)
{
	if (v->kind == PM_NUM_FAST)
		return (v->dec.coef > 0) - (v->dec.coef < 0);
	return NumCmp(v->num, int64_to_numeric(0));
}

/* A numeric in fn_mcxt unless the core holds it, as a cached ladder needs. */
static void
LvKeep(FunctionCallInfo fcinfo, const PmNumVal *v, pm_lv *r)
{
	LvOfVal(v, r);
	if (r->big != NULL)
		r->big = NumCopyTo(fcinfo, v->num);
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
	if (pm_ladder_prepare(&la->l, &bad) != PM_OK)
		elog(ERROR, "price ladder band %d failed its checks", bad);
	la->l.ops = NULL;
}

/* The one-band ladder of a price ending: points k * step + ending from 0 on. */
static void
LadderFromEnding(FunctionCallInfo fcinfo, int first, PmLadderArgs *la)
{
	PmNumArg	sa,
				ea;
	PmNumVal	sv,
				ev;
	pm_ladder_band *b = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(pm_ladder_band));

	CheckStepEnding(PG_GETARG_NUMERIC(first), PG_GETARG_NUMERIC(first + 1));
	ArgInitScalar(&sa, PG_GETARG_NUMERIC(first), "step");
	ArgInitScalar(&ea, PG_GETARG_NUMERIC(first + 1), "ending");
	(void) ArgNext(&sa, 0, &sv);
	(void) ArgNext(&ea, 0, &ev);
	LvKeep(fcinfo, &sv, &b->step);
	LvKeep(fcinfo, &ev, &b->ending);
	la->l.n = 1;
	la->l.bands = b;
	LadderPrepare(fcinfo, la);
}

static void
ReportLadderElement(const char *argname, int subscript, Numeric value, const char *rule)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value in argument \"%s\" at index %d: \"%s\"", argname, subscript,
					NumOut(value)),
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
	if ((Size) n > MaxAllocSize / sizeof(pm_ladder_band))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("price ladder is too large"),
				 errdetail("Argument \"bounds\" has %d elements.", n)));
	bands = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, n * sizeof(pm_ladder_band));
	for (int i = 0; i < n; i++)
	{
		PmNumVal	v[3];
		int			subscript = args[0].arr.lbound + i;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int a = 0; a < 3; a++)
		{
			if (!ArgNext(&args[a], i, &v[a]))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("array must not contain nulls"),
						 errdetail("Element %d of argument \"%s\" is NULL.",
								   args[a].arr.lbound + i, names[a])));
		}
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
											 subscript - 1, NumOut(prev.num)));
		}
		if (ValSign(&v[1]) <= 0)
			ReportLadderElement("steps", args[1].arr.lbound + i, v[1].num,
								"Each step must be greater than 0.");
		if (ValSign(&v[2]) < 0 || ValCmp(&v[2], &v[1]) >= 0)
			ReportLadderElement("endings", args[2].arr.lbound + i, v[2].num,
								psprintf("Each ending must be at least 0 and less than its band's step \"%s\".",
										 NumOut(v[1].num)));
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
	PM_POINTS_NONE,				/* no price points (guard_report without an ending) */
	PM_POINTS_ENDING,			/* step, ending */
	PM_POINTS_LADDER			/* bounds, steps, endings */
} PmPoints;

/* Set up the price points at args first.. and the mode after them. */
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

static const PmLadderArgs *
ApplyLadderSetup(FunctionCallInfo fcinfo)
{
	void	   *fresh;
	PmLadderArgs *la = ArgCacheLookup(fcinfo, 1, "vvvv", sizeof(PmLadderArgs), &fresh);

	if (la != NULL)
		return la;
	la = ArgCachePayload(fresh);
	LadderParse(fcinfo, PM_POINTS_LADDER, 1, la);
	ArgCachePublish(fcinfo, fresh);
	return la;
}

/* apply_ladder(prices numeric[], bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ladder_array);
Datum
pricemath_apply_ladder_array(PG_FUNCTION_ARGS)
{
	ArrayType  *parr = PG_GETARG_ARRAYTYPE_P(0);
	const PmLadderArgs *la = ApplyLadderSetup(fcinfo);
	MemoryContext slowcxt = NULL;
	PmLvCtx		ctx = {NULL, &slowcxt};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l = la->l;
	PmNumArg	prices;
	PmNumBuilder out;

	l.ops = &ops;
	ArgInitArray(&prices, parr, "prices", NULL);
	if (prices.arr.nitems == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	PmNumBuilderInit(&out, &prices.arr, PmArrayAnyNull(&prices.arr), DataEstimate(parr));
	for (int i = 0; i < prices.arr.nitems; i++)
	{
		PmNumVal	p;
		pm_lv		r;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!ArgNext(&prices, i, &p))
			continue;
		LadderPointOne(&l, la->mode, &p, &prices.arr, prices.arr.lbound + i, &r);
		PutLv(&out, i, &r);
		if (slowcxt != NULL)
			MemoryContextReset(slowcxt);
	}
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

/* apply_ladder(price numeric, bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_apply_ladder_scalar);
Datum
pricemath_apply_ladder_scalar(PG_FUNCTION_ARGS)
{
	const PmLadderArgs *la = ApplyLadderSetup(fcinfo);
	PmLvCtx		ctx = {NULL, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l = la->l;
	PmNumArg	pa;
	PmNumVal	p;
	pm_lv		r;

	l.ops = &ops;
	ArgInitScalar(&pa, PG_GETARG_NUMERIC(0), "prices");
	(void) ArgNext(&pa, 0, &p);
	LadderPointOne(&l, la->mode, &p, NULL, PM_NO_INDEX, &r);
	PG_RETURN_NUMERIC(LvNumeric(&r));
}

/* ---- limit_change with price points: the best point inside the cap ---- */

typedef struct PmFitArgs
{
	PmLimitArgs lim;
	PmLadderArgs lad;
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

		for (int k = 0; k < 2; k++)
		{
			Numeric		n = LvNumeric(v[k]);

			if (NumCmp(PmNumericDivRound(n, int64_to_numeric(1), places, PM_ROUND_DOWN), n) == 0)
				continue;
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 form == PM_POINTS_ENDING ?
					 errmsg("invalid value for parameter \"%s\": \"%s\"", k == 0 ? "step" : "ending",
							NumOut(n)) :
					 errmsg("invalid value in argument \"%s\" at index %d: \"%s\"",
							k == 0 ? "steps" : "endings", i + 1, NumOut(n)),
					 errdetail("With places %d, steps and endings must be multiples of 10^%d, so that every price point lies on the places grid.",
							   places, -places)));
		}
	}
}

/* args: old, new, max_up, max_down, places, then the points and the mode */
static const PmFitArgs *
FitSetup(FunctionCallInfo fcinfo, PmPoints form)
{
	void	   *fresh;
	PmFitArgs  *fa = ArgCacheLookup(fcinfo, 2, form == PM_POINTS_ENDING ? "vvbvvv" : "vvbvvvv",
									sizeof(PmFitArgs), &fresh);

	if (fa != NULL)
		return fa;
	fa = ArgCachePayload(fresh);
	LimitParse(fcinfo, &fa->lim);
	LadderParse(fcinfo, form, 5, &fa->lad);
	CheckPointsOnGrid(fa, form);
	ArgCachePublish(fcinfo, fresh);
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
	LvSet(PmNumericDivRound(LvNumeric(v), int64_to_numeric(1), places, PM_ROUND_DOWN), v);
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
			(st == PM_OVERFLOW &&
			 NumCmp(PmNumericDivRound(new->num, int64_to_numeric(1), la->lim.places, PM_ROUND_DOWN),
					new->num) != 0))
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

static Datum
LimitChangePointsArray(FunctionCallInfo fcinfo, PmPoints form)
{
	const PmFitArgs *fa;
	MemoryContext slowcxt = NULL,
				old;
	PmLvCtx		ctx = {NULL, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l;
	ArrayType  *narr;
	PmNumArg	olda,
				newa;
	PmNumBuilder out;

	if (PG_ARGISNULL(1) || AnyArgNull(fcinfo, 5, form == PM_POINTS_ENDING ? 3 : 4))
		PG_RETURN_NULL();
	fa = FitSetup(fcinfo, form);
	l = fa->lad.l;
	l.ops = &ops;
	narr = PG_GETARG_ARRAYTYPE_P(1);
	ArgInitOldNew(fcinfo, narr, &olda, &newa);
	if (newa.arr.nitems == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(NUMERICOID));
	PmNumBuilderInit(&out, &newa.arr, PmArrayAnyNull(&newa.arr), DataEstimate(narr));
	for (int i = 0; i < newa.arr.nitems; i++)
	{
		PmNumVal	o,
					n;
		bool		haso,
					hasn;
		pm_lv		r;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		haso = ArgNext(&olda, i, &o);
		hasn = ArgNext(&newa, i, &n);
		if (!hasn)
			continue;
		/* the fallback's numerics live until the element is written */
		old = MemoryContextSwitchTo(SlowContext(&slowcxt));
		FitOne(fa, &l, haso ? &o : NULL, &n, &olda.arr, &newa.arr, newa.arr.lbound + i, &r);
		MemoryContextSwitchTo(old);
		PutLv(&out, i, &r);
		MemoryContextReset(slowcxt);
	}
	if (slowcxt != NULL)
		MemoryContextDelete(slowcxt);
	PG_RETURN_ARRAYTYPE_P(PmNumBuilderFinish(&out));
}

static Datum
LimitChangePointsScalar(FunctionCallInfo fcinfo, PmPoints form)
{
	const PmFitArgs *fa;
	PmLvCtx		ctx = {NULL, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l;
	PmNumArg	oa,
				na;
	PmNumVal	o,
				n;
	bool		haso;
	pm_lv		r;

	if (PG_ARGISNULL(1) || AnyArgNull(fcinfo, 5, form == PM_POINTS_ENDING ? 3 : 4))
		PG_RETURN_NULL();
	fa = FitSetup(fcinfo, form);
	l = fa->lad.l;
	l.ops = &ops;
	ArgInitScalar(&oa, PG_ARGISNULL(0) ? NULL : PG_GETARG_NUMERIC(0), "old_prices");
	ArgInitScalar(&na, PG_GETARG_NUMERIC(1), "new_prices");
	haso = ArgNext(&oa, 0, &o);
	(void) ArgNext(&na, 0, &n);
	FitOne(fa, &l, haso ? &o : NULL, &n, NULL, NULL, PM_NO_INDEX, &r);
	PG_RETURN_NUMERIC(LvNumeric(&r));
}

/* limit_change(old numeric[], new numeric[], max_up, max_down, places, step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_limit_change_ending_array);
Datum
pricemath_limit_change_ending_array(PG_FUNCTION_ARGS)
{
	return LimitChangePointsArray(fcinfo, PM_POINTS_ENDING);
}

PG_FUNCTION_INFO_V1(pricemath_limit_change_ending_scalar);
Datum
pricemath_limit_change_ending_scalar(PG_FUNCTION_ARGS)
{
	return LimitChangePointsScalar(fcinfo, PM_POINTS_ENDING);
}

/* limit_change(old, new, max_up, max_down, places, bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_limit_change_ladder_array);
Datum
pricemath_limit_change_ladder_array(PG_FUNCTION_ARGS)
{
	return LimitChangePointsArray(fcinfo, PM_POINTS_LADDER);
}

PG_FUNCTION_INFO_V1(pricemath_limit_change_ladder_scalar);
Datum
pricemath_limit_change_ladder_scalar(PG_FUNCTION_ARGS)
{
	return LimitChangePointsScalar(fcinfo, PM_POINTS_LADDER);
}

/* ---- guard_report ---- */

/*
 * How far past old an inward-rounded cap may lie: less than one unit of
 * places (PM_GUARD_UNIT_LIMITED: of the limited price's own scale, which
 * is places for limit_change with places >= 0), or not at all.
 */
typedef enum PmGuardTolKind
{
	PM_GUARD_UNIT_EXACT,		/* places NULL: the bounds were exact */
	PM_GUARD_UNIT_PLACES,
	PM_GUARD_UNIT_LIMITED		/* the 0.1.0 form, which has no places */
} PmGuardTolKind;

typedef struct PmGuardArgs
{
	PmGuardTolKind tol;
	int32		places;
	bool		has_points;
	PmLadderArgs lad;
} PmGuardArgs;

/* old -+ 10^-places, compared strictly */
static void
GuardTolerance(const PmNumVal *old, int32 places, pm_guard_tol *tol)
{
	pm_dec		unit = {1, places};
	pm_status	st = PM_OVERFLOW;

	tol->strict = true;
	if (places < 0 && -places <= PM_MAX_POW10)
	{
		unit.coef = pm_pow10[-places];
		unit.scale = 0;
	}
	if (old->kind == PM_NUM_FAST && (places >= 0 || -places <= PM_MAX_POW10) &&
		(st = pm_dec_sub(&old->dec, &unit, &tol->below.d)) == PM_OK &&
		(st = pm_dec_add(&old->dec, &unit, &tol->above.d)) == PM_OK)
	{
		tol->below.big = tol->above.big = NULL;
		return;
	}
	{
		Numeric		u = DatumGetNumeric(DirectFunctionCall3(numeric_in,
															CStringGetDatum(psprintf("1e%d", -places)),
															ObjectIdGetDatum(InvalidOid),
															Int32GetDatum(-1)));

		LvSet(NumSub(old->num, u), &tol->below);
		LvSet(NumAdd(old->num, u), &tol->above);
	}
}

static const char *
GuardOne(const PmGuardArgs *ga, const pm_ladder *l, const pm_lv_ops *ops, const PmNumVal *old, const PmNumVal *nv,
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
	st = pm_guard_classify(l, ga->lad.mode, ops, old ? &ov : NULL, &newv, &limv, old ? &tol : NULL, &g);
	if (st != PM_OK)
		elog(ERROR, "guard_report gave status %d", (int) st);
	if (g == PM_GUARD_CONTRADICTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("limited price%s does not move the new price toward the old price",
						AtIndex(subscript)),
				 PmErrdetailElem(news, subscript, "Old price \"%s\", new price \"%s\", limited price \"%s\".",
								 old ? NumOut(old->num) : "NULL", NumOut(nv->num), NumOut(lim->num)),
				 errhint("A capped price lies between the old and the new price; a cap rounded to places may lie less than one unit past the old price.")));
	return pm_guard_names[g];
}

/* args from 3: places, then (form) step, ending or bounds, steps, endings, and mode */
static const PmGuardArgs *
GuardSetup(FunctionCallInfo fcinfo, PmPoints form, bool with_places)
{
	static const PmGuardArgs plain = {PM_GUARD_UNIT_LIMITED};
	void	   *fresh;
	PmGuardArgs *ga;

	if (!with_places)
		return &plain;
	ga = ArgCacheLookup(fcinfo, 3, form == PM_POINTS_LADDER ? "bvvvv" : "bvvv",
						sizeof(PmGuardArgs), &fresh);
	if (ga != NULL)
		return ga;
	ga = ArgCachePayload(fresh);
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
	ArgCachePublish(fcinfo, fresh);
	return ga;
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

static Datum
GuardReportArray(FunctionCallInfo fcinfo, PmPoints form, bool with_places)
{
	const PmGuardArgs *ga;
	MemoryContext slowcxt = NULL,
				old;
	PmLvCtx		ctx = {NULL, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l;
	PmNumArg	olda,
				newa,
				lima;
	Datum		codes[PM_GUARD_REASONS];
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				lbound;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || GuardPointsNull(fcinfo, form, with_places))
		PG_RETURN_NULL();
	ga = GuardSetup(fcinfo, form, with_places);
	l = ga->lad.l;
	l.ops = &ops;
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

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		nulls[i] = !(hasn && hasl);
		elems[i] = (Datum) 0;
		if (nulls[i])
			continue;
		old = MemoryContextSwitchTo(SlowContext(&slowcxt));
		why = GuardOne(ga, ga->has_points ? &l : NULL, &ops, haso ? &o : NULL, &nv, &lv, &newa.arr,
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
	const PmGuardArgs *ga;
	PmLvCtx		ctx = {NULL, NULL};
	pm_lv_ops	ops = LvOps(&ctx);
	pm_ladder	l;
	PmNumArg	olda,
				newa,
				lima;
	PmNumVal	o,
				nv,
				lv;
	bool		haso;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || GuardPointsNull(fcinfo, form, with_places))
		PG_RETURN_NULL();
	ga = GuardSetup(fcinfo, form, with_places);
	l = ga->lad.l;
	l.ops = &ops;
	ArgInitScalar(&olda, PG_ARGISNULL(0) ? NULL : PG_GETARG_NUMERIC(0), "old_prices");
	ArgInitScalar(&newa, PG_GETARG_NUMERIC(1), "new_prices");
	ArgInitScalar(&lima, PG_GETARG_NUMERIC(2), "new_limited");
	haso = ArgNext(&olda, 0, &o);
	(void) ArgNext(&newa, 0, &nv);
	(void) ArgNext(&lima, 0, &lv);
	PG_RETURN_TEXT_P(cstring_to_text(GuardOne(ga, ga->has_points ? &l : NULL, &ops, haso ? &o : NULL,
											  &nv, &lv, NULL, PM_NO_INDEX)));
}

/*
 * guard_report(old, new, new_limited): the 0.1.0 form.  It has no places,
 * so a cap may lie less than one unit of the limited price's own scale
 * past old (limit_change gives scale places for places >= 0).
 */
PG_FUNCTION_INFO_V1(pricemath_guard_report_array);
Datum
pricemath_guard_report_array(PG_FUNCTION_ARGS)
{
	return GuardReportArray(fcinfo, PM_POINTS_ENDING, false);
}

PG_FUNCTION_INFO_V1(pricemath_guard_report_scalar);
Datum
pricemath_guard_report_scalar(PG_FUNCTION_ARGS)
{
	return GuardReportScalar(fcinfo, PM_POINTS_ENDING, false);
}

/* guard_report(old, new, new_limited, places, step, ending, mode) */
PG_FUNCTION_INFO_V1(pricemath_guard_report_ending_array);
Datum
pricemath_guard_report_ending_array(PG_FUNCTION_ARGS)
{
	return GuardReportArray(fcinfo, PM_POINTS_ENDING, true);
}

PG_FUNCTION_INFO_V1(pricemath_guard_report_ending_scalar);
Datum
pricemath_guard_report_ending_scalar(PG_FUNCTION_ARGS)
{
	return GuardReportScalar(fcinfo, PM_POINTS_ENDING, true);
}

/* guard_report(old, new, new_limited, places, bounds, steps, endings, mode) */
PG_FUNCTION_INFO_V1(pricemath_guard_report_ladder_array);
Datum
pricemath_guard_report_ladder_array(PG_FUNCTION_ARGS)
{
	return GuardReportArray(fcinfo, PM_POINTS_LADDER, true);
}

PG_FUNCTION_INFO_V1(pricemath_guard_report_ladder_scalar);
Datum
pricemath_guard_report_ladder_scalar(PG_FUNCTION_ARGS)
{
	return GuardReportScalar(fcinfo, PM_POINTS_LADDER, true);
}
