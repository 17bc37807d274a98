/*
 * pm_tier.c: tier_price and tier_total: volume and graduated pricing over a
 * tier table (int128 core, exact numeric fallback for wide values).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_tier.h"
#include "pm_glue.h"

typedef enum TierMode
{
	TIER_VOLUME,
	TIER_GRADUATED
} TierMode;

/* A checked tier table, decoded for the core when every value fits. */
typedef struct TierCall
{
	Numeric		q;
	pm_dec		qd;
	bool		fast;
	int			n;
	PmArray		t,
				p;
	Datum	   *tv,				/* the elements as numeric Datums */
			   *pv;
	pm_dec	   *td,
			   *pd;
} TierCall;

static char *
DatumText(Datum n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, n));
}

static int
NumCmp(Datum a, Datum b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, a, b));
}

static TierMode
ParseTierMode(text *mode)
{
	const char *s = VARDATA_ANY(mode);
	int			len = VARSIZE_ANY_EXHDR(mode);

	if (len == 6 && pg_strncasecmp(s, "volume", 6) == 0)
		return TIER_VOLUME;
	if (len == 9 && pg_strncasecmp(s, "graduated", 9) == 0)
		return TIER_GRADUATED;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid tier mode \"%s\"", text_to_cstring(mode)),
			 errhint("Valid modes are: volume, graduated.")));
	return TIER_GRADUATED;		/* keep the compiler quiet */
}

/* Decode one tier array: no NULLs, only finite values. */
static void
DecodeTierArray(TierCall *c, const PmArray *a, Datum *v, pm_dec *d)
{
	PmVarIter	it = {a->data};

	for (int i = 0; i < a->nitems; i++)
	{
		char	   *ptr;
		PmNumKind	k;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(a, i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("array must not contain nulls"),
					 errdetail("Element %d of argument \"%s\" is NULL.", a->lbound + i, a->argname)));
		ptr = PmVarIterNext(&it);
		k = PmNumericDecode(ptr, &d[i]);
		PmCheckNumericKind(k, a->argname, a->lbound + i);
		if (k == PM_NUM_SLOW)
			c->fast = false;
		v[i] = PointerGetDatum(ptr);
	}
}

static void
ReportBadThreshold(const TierCall *c, int i)
{
	if (i == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the first threshold must be 0"),
				 errdetail("Element %d of argument \"thresholds\" is \"%s\".",
						   c->t.lbound, DatumText(c->tv[0]))));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("thresholds must be strictly ascending"),
			 errdetail("Element %d of argument \"thresholds\" is \"%s\", not above element %d, \"%s\".",
					   c->t.lbound + i, DatumText(c->tv[i]), c->t.lbound + i - 1,
					   DatumText(c->tv[i - 1]))));
}

static void *
TierScratch(int n, Size size)
{
	if ((Size) n > MaxAllocSize / size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tier table is too large"),
				 errdetail("Argument \"thresholds\" has %d elements.", n)));
	return palloc(Max(n, 1) * size);
}

/* Check every argument; fill c.  Errors name the argument and the element. */
static void
TierInit(FunctionCallInfo fcinfo, TierCall *c)
{
	PmNumKind	qk;
	Datum		zero = NumericGetDatum(int64_to_numeric(0));

	c->q = PG_GETARG_NUMERIC(0);
	c->fast = true;
	qk = PmNumericDecode((const char *) c->q, &c->qd);
	PmCheckNumericKind(qk, "quantity", PM_NO_INDEX);
	if (qk == PM_NUM_SLOW)
		c->fast = false;
	if (NumCmp(NumericGetDatum(c->q), zero) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantity must not be negative"),
				 errdetail("Value \"%s\" of argument \"quantity\" is below the minimum \"0\".",
						   DatumText(NumericGetDatum(c->q)))));
	PmArrayInit(&c->t, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "thresholds");
	PmArrayInit(&c->p, PG_GETARG_ARRAYTYPE_P(2), NUMERICOID, "unit_prices");
	PmCheckSameLength(&c->t, &c->p);
	c->n = c->t.nitems;
	if (c->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the tier table must not be empty"),
				 errdetail("Argument \"thresholds\" has no elements; the first threshold must be 0.")));
	c->tv = TierScratch(c->n, sizeof(Datum));
	c->pv = TierScratch(c->n, sizeof(Datum));
	c->td = TierScratch(c->n, sizeof(pm_dec));
	c->pd = TierScratch(c->n, sizeof(pm_dec));
	DecodeTierArray(c, &c->t, c->tv, c->td);
	DecodeTierArray(c, &c->p, c->pv, c->pd);

	if (c->fast)
	{
		size_t		bad;
		pm_status	st = pm_tier_check(c->td, c->n, &bad);

		if (st == PM_INVALID)
			ReportBadThreshold(c, (int) bad);
		if (st == PM_OK)
			return;
		c->fast = false;		/* a comparison beyond 128 bits */
	}
	if (NumCmp(c->tv[0], zero) != 0)
		ReportBadThreshold(c, 0);
	for (int i = 1; i < c->n; i++)
		if (NumCmp(c->tv[i - 1], c->tv[i]) >= 0)
			ReportBadThreshold(c, i);
}

/* The tier holding q: the last i with t[i] <= q. */
static int
TierFind(TierCall *c)
{
	if (c->fast)
	{
		size_t		tier;

		if (pm_tier_find(&c->qd, c->td, c->n, &tier) == PM_OK)
			return (int) tier;
	}
	for (int i = c->n - 1; i > 0; i--)
		if (NumCmp(c->tv[i], NumericGetDatum(c->q)) <= 0)
			return i;
	return 0;
}

/* The graduated total in numeric, the same sum the core computes. */
static Datum
GraduatedSlow(TierCall *c)
{
	Datum		q = NumericGetDatum(c->q),
				acc = (Datum) 0;

	for (int i = 0; i < c->n; i++)
	{
		bool		full;
		Datum		term;

		if (i > 0 && NumCmp(c->tv[i], q) >= 0)
			break;
		full = i + 1 < c->n && NumCmp(c->tv[i + 1], q) <= 0;
		term = DirectFunctionCall2(numeric_mul,
								   DirectFunctionCall2(numeric_sub, full ? c->tv[i + 1] : q, c->tv[i]),
								   c->pv[i]);
		acc = i == 0 ? term : DirectFunctionCall2(numeric_add, acc, term);
	}
	return acc;
}

/* tier_price(quantity, thresholds, unit_prices): the unit price of q's tier */
PG_FUNCTION_INFO_V1(pricemath_tier_price);
Datum
pricemath_tier_price(PG_FUNCTION_ARGS)
{
	TierCall	c;
	int			k;

	TierInit(fcinfo, &c);
	k = TierFind(&c);
	/* the element itself, with its own scale, in a 4-byte header */
	PG_RETURN_NUMERIC(DatumGetNumericCopy(c.pv[k]));
}

/* tier_total(quantity, thresholds, unit_prices, mode): volume or graduated total */
PG_FUNCTION_INFO_V1(pricemath_tier_total);
Datum
pricemath_tier_total(PG_FUNCTION_ARGS)
{
	TierMode	mode = ParseTierMode(PG_GETARG_TEXT_PP(3));
	TierCall	c;
	pm_dec		r;

	TierInit(fcinfo, &c);
	if (mode == TIER_VOLUME)
	{
		int			k = TierFind(&c);

		if (c.fast && pm_dec_mul(&c.qd, &c.pd[k], &r) == PM_OK)
			PG_RETURN_NUMERIC(PmDecToNumeric(&r));
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_mul, NumericGetDatum(c.q), c.pv[k]));
	}
	if (c.fast && pm_tier_graduated(&c.qd, c.td, c.pd, c.n, &r) == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&r));
	PG_RETURN_DATUM(GraduatedSlow(&c));
}
