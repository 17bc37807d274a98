/*
 * pm_price.c: pricing rules over numeric[] and numeric: scaling (markup,
 * discount, margin, tax, FX), price endings, clamps and caps on change.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_price.h"
#include "pm_glue.h"

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
	if (!pm_ending_mode_parse(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), &e->mode))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid ending mode \"%s\"", text_to_cstring(mode)),
				 errhint("Valid modes are: %s.", PM_ENDING_MODE_LIST)));
	CheckParam(step, "step", PM_RULE_GT_ZERO);
	CheckParam(ending, "ending", PM_RULE_GE_ZERO);
	if (NumCmp(ending, step) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for parameter \"ending\": \"%s\"", NumOut(ending)),
				 errdetail("Parameter \"ending\" must be less than step \"%s\".", NumOut(step))));
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
static const PmLimitArgs *
LimitSetup(FunctionCallInfo fcinfo)
{
	void	   *fresh;
	PmLimitArgs *la = ArgCacheLookup(fcinfo, 2, "vvb", sizeof(PmLimitArgs), &fresh);
	Numeric		one = int64_to_numeric(1);

	if (la != NULL)
		return la;
	la = ArgCachePayload(fresh);
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

/* The capped price, exactly in numeric, for values beyond the core. */
static Numeric
LimitSlow(const PmLimitArgs *la, Numeric old, Numeric new, const PmArray *olds,
		  const PmArray *news, int subscript)
{
	Numeric		one = int64_to_numeric(1),
				v = new,
				hi = NULL,
				lo = NULL;

	if (NumCmp(old, int64_to_numeric(0)) < 0)
		ReportNegativePrice("old price", old, olds, subscript);
	if (la->lim.has_places)
	{
		v = PmNumericDivRound(new, one, la->lim.places, PM_ROUND_DOWN);
		if (NumCmp(v, new) != 0)
			ReportOffGrid(la, new, news, subscript);
	}
	if (la->up_factor != NULL)
	{
		hi = NumMul(old, la->up_factor);
		if (la->lim.has_places)
			hi = PmNumericDivRound(hi, one, la->lim.places, PM_ROUND_FLOOR);
	}
	if (la->down_factor != NULL)
	{
		lo = NumMul(old, la->down_factor);
		if (la->lim.has_places)
			lo = PmNumericDivRound(lo, one, la->lim.places, PM_ROUND_CEILING);
	}
	if (hi != NULL && lo != NULL && NumCmp(lo, hi) > 0)
		ReportEmptyCap(la, old, olds, subscript);
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
	ArgInitArray(&newa, narr, "new_prices", NULL);
	if (PG_ARGISNULL(0))
		ArgInitScalar(&olda, NULL, "old_prices");
	else
	{
		ArgInitArray(&olda, PG_GETARG_ARRAYTYPE_P(0), "old_prices", NULL);
		PmCheckSameLength(&olda.arr, &newa.arr);
	}
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

/* ---- guard_report ---- */

typedef enum PmGuard
{
	PM_GUARD_UNCHANGED = 0,
	PM_GUARD_CHANGED,
	PM_GUARD_CAPPED_UP,
	PM_GUARD_CAPPED_DOWN
} PmGuard;

static const char *const guard_names[] = {"unchanged", "changed", "capped_up", "capped_down"};

/*
 * What the guardrails did to one element: new_limited equal to new_prices
 * is "unchanged" or "changed"; otherwise it must have moved new_prices back
 * toward old_prices.
 */
static PmGuard
GuardClassify(const PmNumVal *old, const PmNumVal *new, const PmNumVal *lim, const PmArray *news,
			  int subscript)
{
	int			c_ln = ValCmp(lim, new);

	if (c_ln == 0)
		return (old != NULL && ValCmp(new, old) == 0) ? PM_GUARD_UNCHANGED : PM_GUARD_CHANGED;
	if (old != NULL)
	{
		int			c_no = ValCmp(new, old);

		/*
		 * Only the direction is checked against old: a bound rounded inward
		 * to places may lie just past the old price.
		 */
		if (c_no > 0 && c_ln < 0)
			return PM_GUARD_CAPPED_UP;
		if (c_no < 0 && c_ln > 0)
			return PM_GUARD_CAPPED_DOWN;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("limited price%s does not move the new price toward the old price",
					AtIndex(subscript)),
			 PmErrdetailElem(news, subscript, "Old price \"%s\", new price \"%s\", limited price \"%s\".",
							 old ? NumOut(old->num) : "NULL", NumOut(new->num), NumOut(lim->num))));
	return PM_GUARD_CHANGED;	/* keep compiler quiet */
}

/* guard_report(old numeric[], new numeric[], new_limited numeric[]) */
PG_FUNCTION_INFO_V1(pricemath_guard_report_array);
Datum
pricemath_guard_report_array(PG_FUNCTION_ARGS)
{
	PmNumArg	olda,
				newa,
				lima;
	Datum		codes[4];
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				lbound;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
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
	for (int k = 0; k < 4; k++)
		codes[k] = PointerGetDatum(cstring_to_text(guard_names[k]));
	elems = palloc(sizeof(Datum) * n);
	nulls = palloc(sizeof(bool) * n);
	for (int i = 0; i < n; i++)
	{
		PmNumVal	o,
					nv,
					l;
		bool		haso = ArgNext(&olda, i, &o),
					hasn = ArgNext(&newa, i, &nv),
					hasl = ArgNext(&lima, i, &l);

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		nulls[i] = !(hasn && hasl);
		elems[i] = nulls[i] ? (Datum) 0 :
			codes[GuardClassify(haso ? &o : NULL, &nv, &l, &newa.arr, newa.arr.lbound + i)];
	}
	lbound = newa.arr.lbound;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, &n, &lbound,
											 TEXTOID, -1, false, TYPALIGN_INT));
}

/* guard_report(old numeric, new numeric, new_limited numeric) */
PG_FUNCTION_INFO_V1(pricemath_guard_report_scalar);
Datum
pricemath_guard_report_scalar(PG_FUNCTION_ARGS)
{
	PmNumArg	olda,
				newa,
				lima;
	PmNumVal	o,
				nv,
				l;
	bool		haso;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	ArgInitScalar(&olda, PG_ARGISNULL(0) ? NULL : PG_GETARG_NUMERIC(0), "old_prices");
	ArgInitScalar(&newa, PG_GETARG_NUMERIC(1), "new_prices");
	ArgInitScalar(&lima, PG_GETARG_NUMERIC(2), "new_limited");
	haso = ArgNext(&olda, 0, &o);
	(void) ArgNext(&newa, 0, &nv);
	(void) ArgNext(&lima, 0, &l);
	PG_RETURN_TEXT_P(cstring_to_text(guard_names[GuardClassify(haso ? &o : NULL, &nv, &l, NULL,
															   PM_NO_INDEX)]));
}
