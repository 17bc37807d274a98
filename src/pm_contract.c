/*
 * pm_contract.c: input contracts for price arrays: is_price_array,
 * price_array_violation, assert_price_array and check_price_array over
 * numeric[] and float8[].  One checker finds the first broken rule; four
 * front ends report it.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "core/pm_float.h"
#include "pm_array.h"
#include "pm_numeric.h"

/* The rules, in the order each element is checked against them. */
typedef enum PriceRule
{
	RULE_OK = 0,
	RULE_SHAPE,					/* more than one dimension */
	RULE_NULL,					/* a NULL element, allow_nulls false */
	RULE_NONFINITE,				/* NaN or an infinity */
	RULE_BELOW,					/* below min */
	RULE_ABOVE,					/* above max */
	RULE_PLACES					/* more than max_places decimals */
} PriceRule;

/* The first broken rule and what to say about it. */
typedef struct Violation
{
	PriceRule	rule;
	int			subscript;
	int			ndim;
	const char *value;			/* the element, as PostgreSQL prints it */
	const char *bound;			/* min or max, as PostgreSQL prints it */
	int32		places;
	PmArray		arr;			/* the array, for the excerpt in errors */
} Violation;

/* The call's arguments; min and max in the flavour's element type. */
typedef struct PriceArgs
{
	ArrayType  *prices;
	bool		has_min,
				has_max,
				has_places,
				allow_nulls;
	int32		places;
	/* numeric flavour */
	Numeric		min,
				max;
	PmNumKind	mink,
				maxk;
	pm_dec		mind,
				maxd;
	/* float8 flavour */
	double		fmin,
				fmax;
} PriceArgs;

static char *
Float8Text(double v)
{
	char	   *buf = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);

	double_to_shortest_decimal_buf(v, buf);
	return buf;
}

static void
ReportBadParam(const char *param, const char *value, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"%s\": \"%s\"", param, value),
			 errdetail("%s", why)));
}

/* Arguments 1..4 (min, max, max_places, allow_nulls); NULL min/max: no limit. */
static void
ParseArgs(FunctionCallInfo fcinfo, bool isfloat, PriceArgs *a)
{
	memset(a, 0, sizeof(*a));
	a->prices = PG_GETARG_ARRAYTYPE_P(0);
	a->has_min = !PG_ARGISNULL(1);
	a->has_max = !PG_ARGISNULL(2);
	a->has_places = !PG_ARGISNULL(3);
	/* NULL allow_nulls is false: a NULL result would let a CHECK pass */
	a->allow_nulls = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	if (a->has_places)
	{
		char		buf[16];

		a->places = PG_GETARG_INT32(3);
		snprintf(buf, sizeof(buf), "%d", a->places);
		if (a->places < 0 || a->places > PM_PLACES_LIMIT)
			ReportBadParam("max_places", buf,
						   psprintf("The number of decimal places must be between 0 and %d.",
									PM_PLACES_LIMIT));
	}
	if (isfloat)
	{
		a->fmin = a->has_min ? PG_GETARG_FLOAT8(1) : 0;
		a->fmax = a->has_max ? PG_GETARG_FLOAT8(2) : 0;
	}
	else
	{
		if (a->has_min)
		{
			a->min = PG_GETARG_NUMERIC(1);
			a->mink = PmNumericDecode((const char *) a->min, &a->mind);
		}
		if (a->has_max)
		{
			a->max = PG_GETARG_NUMERIC(2);
			a->maxk = PmNumericDecode((const char *) a->max, &a->maxd);
		}
	}
	if (a->has_min && (isfloat ? isnan(a->fmin) : a->mink == PM_NUM_NAN))
		ReportBadParam("min", "NaN", "A bound must be a number or an infinity.");
	if (a->has_max && (isfloat ? isnan(a->fmax) : a->maxk == PM_NUM_NAN))
		ReportBadParam("max", "NaN", "A bound must be a number or an infinity.");
	if (a->has_min && a->has_max &&
		(isfloat ? a->fmin > a->fmax :
		 PmNumericCmp(a->min, a->max) > 0))
		ReportBadParam("min", isfloat ? Float8Text(a->fmin) : PmNumericText(a->min),
					   psprintf("The minimum is above the maximum \"%s\".",
								isfloat ? Float8Text(a->fmax) : PmNumericText(a->max)));
}

/* Compare element x with a bound: <0, 0, >0 (bounds may be infinite). */
static int
CompareWithBound(PmNumKind xk, const pm_dec *xd, const char *xp,
				 PmNumKind bk, const pm_dec *bd, Numeric b)
{
	if (xk == PM_NUM_FAST && bk == PM_NUM_FAST)
	{
		pm_status	st;
		int			c = pm_dec_cmp(xd, bd, &st);

		if (st == PM_OK)
			return c;
	}
	return PmNumericCmp((Numeric) xp, b);
}

/* Does the element have more than places decimals (trailing zeros don't count)? */
static bool
TooManyPlaces(PmNumKind xk, const pm_dec *xd, const char *xp, int32 places)
{
	if (xk == PM_NUM_FAST)
	{
		int64		k = (int64) xd->scale - places;

		if (k <= 0 || xd->coef == 0)
			return false;
		/* |coef| < 10^39: a nonzero coef is no multiple of 10^39 */
		return k > PM_MAX_POW10 || xd->coef % pm_pow10[k] != 0;
	}
	return PmNumericDatumCmp(PointerGetDatum(xp),
							 DirectFunctionCall2(numeric_trunc, PointerGetDatum(xp),
												 Int32GetDatum(places))) != 0;
}

/* Decimals of x as PostgreSQL prints it (the shortest round-trip text). */
static int
Float8Places(double x)
{
	uint64_t	digits;
	int			exp10;

	if (x == 0)
		return 0;
	pm_float_shortest(x, &digits, &exp10);
	return exp10 < 0 ? -exp10 : 0;
}

/* The first rule a numeric element (a varlena at p) breaks, RULE_OK for none. */
static inline PriceRule
NumericRule(const PriceArgs *a, const char *p)
{
	pm_dec		d;
	PmNumKind	k = PmNumericDecode(p, &d);

	if (k != PM_NUM_FAST && k != PM_NUM_SLOW)
		return RULE_NONFINITE;
	if (a->has_min && a->mink != PM_NUM_NINF &&
		(a->mink == PM_NUM_PINF || CompareWithBound(k, &d, p, a->mink, &a->mind, a->min) < 0))
		return RULE_BELOW;
	if (a->has_max && a->maxk != PM_NUM_PINF &&
		(a->maxk == PM_NUM_NINF || CompareWithBound(k, &d, p, a->maxk, &a->maxd, a->max) > 0))
		return RULE_ABOVE;
	if (a->has_places && TooManyPlaces(k, &d, p, a->places))
		return RULE_PLACES;
	return RULE_OK;
}

/* The first rule a float8 element breaks, RULE_OK for none. */
static inline PriceRule
Float8Rule(const PriceArgs *a, double x)
{
	if (!isfinite(x))
		return RULE_NONFINITE;
	if (a->has_min && x < a->fmin)
		return RULE_BELOW;
	if (a->has_max && x > a->fmax)
		return RULE_ABOVE;
	if (a->has_places && Float8Places(x) > a->places)
		return RULE_PLACES;
	return RULE_OK;
}

/*
 * Record the broken rule of the element at v->subscript: the numeric at p,
 * or (p NULL) the float8 x.  With want_text, the element and the bound it
 * crossed as PostgreSQL prints them.
 */
static pg_noinline void
DescribeViolation(const PriceArgs *a, Violation *v, PriceRule rule, bool want_text, const char *p,
				  double x)
{
	v->rule = rule;
	if (rule == RULE_PLACES)
		v->places = a->places;
	if (!want_text)
		return;
	if (p != NULL)
	{
		v->value = PmNumericText((Numeric) p);
		if (rule == RULE_BELOW || rule == RULE_ABOVE)
			v->bound = PmNumericText(rule == RULE_BELOW ? a->min : a->max);
	}
	else
	{
		v->value = Float8Text(x);
		if (rule == RULE_BELOW || rule == RULE_ABOVE)
			v->bound = Float8Text(rule == RULE_BELOW ? a->fmin : a->fmax);
	}
}

/*
 * Find the first broken rule.  With want_text false the caller only needs
 * to know whether one is broken, and no text is built.  Inlined into Check
 * once per flavour, so each gets a loop of its own.
 */
static pg_attribute_always_inline void
CheckElements(const PriceArgs *a, Violation *v, bool want_text, bool isfloat)
{
	Oid			elemtype = isfloat ? FLOAT8OID : NUMERICOID;
	PmArray		arr;
	PmVarIter	it;
	const double *xs;

	memset(v, 0, sizeof(*v));
	if (ARR_ELEMTYPE(a->prices) != elemtype)
		elog(ERROR, "argument \"prices\" has element type %u, expected %u",
			 ARR_ELEMTYPE(a->prices), elemtype);
	if (ARR_NDIM(a->prices) > 1)
	{
		v->rule = RULE_SHAPE;
		v->ndim = ARR_NDIM(a->prices);
		return;
	}
	PmArrayInit(&arr, a->prices, elemtype, "prices");
	v->arr = arr;
	it.ptr = arr.data;
	xs = PmFloat8Data(arr.data);
	for (int i = 0; i < arr.nitems; i++)
	{
		const char *p = NULL;
		double		x = 0;
		PriceRule	rule;

		PM_CHECK_INTERRUPTS_EVERY(i);
		v->subscript = arr.lbound + i;
		if (PmArrayIsNull(&arr, i))
		{
			if (a->allow_nulls)
				continue;
			v->rule = RULE_NULL;
			v->value = "NULL";
			return;
		}
		if (isfloat)
			rule = Float8Rule(a, x = *xs++);
		else
			rule = NumericRule(a, p = PmVarIterNext(&it));
		if (unlikely(rule != RULE_OK))
		{
			DescribeViolation(a, v, rule, want_text, p, x);
			return;
		}
	}
	v->subscript = 0;
}

static void
Check(FunctionCallInfo fcinfo, bool isfloat, Violation *v, bool want_text)
{
	PriceArgs	a;

	ParseArgs(fcinfo, isfloat, &a);
	if (isfloat)
		CheckElements(&a, v, want_text, true);
	else
		CheckElements(&a, v, want_text, false);
}

/* The violation as one line, such as "element 3: -1.50 is below the minimum 0". */
static char *
ViolationCString(const Violation *v)
{
	switch (v->rule)
	{
		case RULE_OK:
			return NULL;
		case RULE_SHAPE:
			return psprintf("array has %d dimensions, expected 1", v->ndim);
		case RULE_NULL:
			return psprintf("element %d: NULL is not allowed", v->subscript);
		case RULE_NONFINITE:
			return psprintf("element %d: %s is not a finite number", v->subscript, v->value);
		case RULE_BELOW:
			return psprintf("element %d: %s is below the minimum %s",
							v->subscript, v->value, v->bound);
		case RULE_ABOVE:
			return psprintf("element %d: %s is above the maximum %s",
							v->subscript, v->value, v->bound);
		case RULE_PLACES:
			return psprintf("element %d: %s has more than %d decimal places",
							v->subscript, v->value, v->places);
	}
	return NULL;
}

/* The violation as text, for listing offending rows. */
static text *
ViolationText(const Violation *v)
{
	char	   *s = ViolationCString(v);

	return s == NULL ? NULL : cstring_to_text(s);
}

/*
 * check_price_array's error: 23514, as a CHECK constraint would raise, with
 * the broken rule in the detail (the price_array_violation text as a
 * sentence, then the array's excerpt) and a hint on how to fix it.
 */
static void
RaiseCheckViolation(const Violation *v)
{
	char	   *reason;
	const char *fix = NULL;

	if (v->rule == RULE_OK)
		return;
	reason = ViolationCString(v);
	reason[0] = pg_ascii_toupper((unsigned char) reason[0]);
	switch (v->rule)
	{
		case RULE_OK:
			break;
		case RULE_SHAPE:
			fix = "Store the prices as a one-dimensional array.";
			break;
		case RULE_NULL:
			fix = "Remove the NULL element, or accept NULL elements with allow_nulls => true.";
			break;
		case RULE_NONFINITE:
			fix = "Store a finite value: NaN and infinities are not prices.";
			break;
		case RULE_BELOW:
			fix = "Correct the price, or lower the minimum of the check.";
			break;
		case RULE_ABOVE:
			fix = "Correct the price, or raise the maximum of the check.";
			break;
		case RULE_PLACES:
			fix = psprintf("Round the prices to %d decimal places before storing them.", v->places);
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("invalid price array"),
			 v->rule == RULE_SHAPE ? errdetail("%s.", reason) :
			 PmErrdetailElem(&v->arr, v->subscript, "%s.", reason),
			 errhint("%s To list every row of a table that breaks the check, use pricemath.price_array_violations().",
					 fix)));
}

static void
RaiseViolation(const Violation *v)
{
	switch (v->rule)
	{
		case RULE_OK:
			return;
		case RULE_SHAPE:
			PmReportNotOneDim("prices", v->ndim);
			break;
		case RULE_NULL:
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("price at index %d is null", v->subscript),
					 PmErrdetailElem(&v->arr, v->subscript, "Element %d is NULL.", v->subscript),
					 errhint("Pass allow_nulls => true to accept NULL elements.")));
			break;
		case RULE_NONFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("price at index %d is not a finite number", v->subscript),
					 PmErrdetailElem(&v->arr, v->subscript,
									 "Element %d is \"%s\"; only finite values are allowed.",
									 v->subscript, v->value)));
			break;
		case RULE_BELOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("price at index %d is below the minimum", v->subscript),
					 PmErrdetailElem(&v->arr, v->subscript, "Element %d is \"%s\"; the minimum is \"%s\".",
									 v->subscript, v->value, v->bound)));
			break;
		case RULE_ABOVE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("price at index %d is above the maximum", v->subscript),
					 PmErrdetailElem(&v->arr, v->subscript, "Element %d is \"%s\"; the maximum is \"%s\".",
									 v->subscript, v->value, v->bound)));
			break;
		case RULE_PLACES:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("price at index %d has too many decimal places", v->subscript),
					 PmErrdetailElem(&v->arr, v->subscript,
									 "Element %d is \"%s\"; at most %d decimal places are allowed.",
									 v->subscript, v->value, v->places)));
			break;
	}
}

/* The four front ends over one checker. */
typedef enum PriceFront
{
	FRONT_IS,					/* is_price_array: whether every rule holds */
	FRONT_VIOLATION,			/* price_array_violation: the broken rule as text, or NULL */
	FRONT_ASSERT,				/* assert_price_array: raise for it, else return the array */
	FRONT_CHECK					/* check_price_array: raise 23514 for it, else true */
} PriceFront;

/* One front end over one flavour; inlined into each SQL entry point. */
static pg_attribute_always_inline Datum
PriceContract(FunctionCallInfo fcinfo, bool isfloat, PriceFront front)
{
	Violation	v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	Check(fcinfo, isfloat, &v, front != FRONT_IS);
	switch (front)
	{
		case FRONT_IS:
			break;
		case FRONT_VIOLATION:
			if (v.rule == RULE_OK)
				PG_RETURN_NULL();
			PG_RETURN_TEXT_P(ViolationText(&v));
		case FRONT_ASSERT:
			RaiseViolation(&v);
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		case FRONT_CHECK:
			RaiseCheckViolation(&v);
			PG_RETURN_BOOL(true);
	}
	PG_RETURN_BOOL(v.rule == RULE_OK);
}

/* The four front ends over one flavour, their names ending in suffix. */
#define PM_CONTRACT_FUNCS(suffix, ISFLOAT) \
PM_SQL_FUNC(pricemath_is_price_array_##suffix, PriceContract(fcinfo, ISFLOAT, FRONT_IS)) \
PM_SQL_FUNC(pricemath_price_array_violation_##suffix, PriceContract(fcinfo, ISFLOAT, FRONT_VIOLATION)) \
PM_SQL_FUNC(pricemath_assert_price_array_##suffix, PriceContract(fcinfo, ISFLOAT, FRONT_ASSERT)) \
PM_SQL_FUNC(pricemath_check_price_array_##suffix, PriceContract(fcinfo, ISFLOAT, FRONT_CHECK))

/* is_price_array, price_array_violation, assert_price_array, check_price_array over numeric[] */
PM_CONTRACT_FUNCS(numeric, false)
/* ... and over float8[] */
PM_CONTRACT_FUNCS(float8, true)

/*
 * The numeric[] forms with an integer min (smallint, integer or bigint; max
 * stays numeric): an integer min matches these exactly, so an untyped array literal resolves to
 * numeric[], not float8[] (README "Type resolution").
 */
PM_INT_OVERLOADS(pricemath_is_price_array_numeric, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_price_array_violation_numeric, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_assert_price_array_numeric, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_check_price_array_numeric, PM_ARG(1))

/*
 * The numeric[] forms with float8 bounds, each bound taken as the decimal it
 * prints as.  They exist for the NULL bounds: a bare NULL min or max leans
 * to float8, PostgreSQL's preferred numeric type, so without these forms
 * is_price_array(prices, NULL, NULL, 2) on numeric[] prices would have no
 * single best match among the numeric and integer forms, and an untyped
 * literal with NULL bounds would resolve to float8[].
 */
#define PM_FLOAT8_BOUNDS(sym) \
PM_SQL_FUNC(sym##_float8_bounds, PmCallWithNumericArgs(fcinfo, sym, PM_ARG(1) | PM_ARG(2), PM_ARGS_FLOAT8))

PM_FLOAT8_BOUNDS(pricemath_is_price_array_numeric)
PM_FLOAT8_BOUNDS(pricemath_price_array_violation_numeric)
PM_FLOAT8_BOUNDS(pricemath_assert_price_array_numeric)
PM_FLOAT8_BOUNDS(pricemath_check_price_array_numeric)
