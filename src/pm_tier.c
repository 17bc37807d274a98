/*
 * pm_tier.c: tier_price and tier_total over threshold tables, billing_tier,
 * billing_price and billing_total over billing (up_to) tables: volume and
 * graduated pricing (int128 core, exact numeric fallback for wide values).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_tier.h"
#include "pm_array.h"
#include "pm_numeric.h"

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

/* Decode and check the quantity: finite, not negative; false when it needs numeric. */
static bool
DecodeQuantity(Numeric q, pm_dec *qd, Datum zero)
{
	PmNumKind	qk = PmNumericDecode((const char *) q, qd);

	PmCheckNumericKind(qk, "quantity", PM_NO_INDEX);
	if (NumCmp(NumericGetDatum(q), zero) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantity must not be negative"),
				 errdetail("Value \"%s\" of argument \"quantity\" is below the minimum \"0\".",
						   DatumText(NumericGetDatum(q)))));
	return qk != PM_NUM_SLOW;
}

/* A NULL element where none may be; hint at the open last tier for up_to. */
static void ReportNullElement(const PmArray *a, int i, bool open_ok) pg_attribute_noreturn();

static void
ReportNullElement(const PmArray *a, int i, bool open_ok)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("array must not contain nulls"),
			 errdetail("Element %d of argument \"%s\" is NULL.", a->lbound + i, a->argname),
			 open_ok ? errhint("Only the last element of \"%s\" may be NULL, for an unbounded last tier.",
							   a->argname) : 0));
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
			ReportNullElement(a, i, false);
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
TierScratchFor(int n, Size size, const char *argname)
{
	if ((Size) n > MaxAllocSize / size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tier table is too large"),
				 errdetail("Argument \"%s\" has %d elements.", argname, n)));
	return palloc(Max(n, 1) * size);
}

static void *
TierScratch(int n, Size size)
{
	return TierScratchFor(n, size, "thresholds");
}

/* Check every argument; fill c.  Errors name the argument and the element. */
static void
TierInit(FunctionCallInfo fcinfo, TierCall *c)
{
	Datum		zero = NumericGetDatum(int64_to_numeric(0));

	c->q = PG_GETARG_NUMERIC(0);
	c->fast = DecodeQuantity(c->q, &c->qd, zero);
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

/* ---- billing tier tables: inclusive up_to bounds, the last may be NULL ---- */

/* A checked billing table, decoded for the core when every value fits. */
typedef struct BillCall
{
	Numeric		q;
	pm_dec		qd;
	bool		fast;
	bool		open;			/* the last up_to is NULL: an unbounded last tier */
	int			n;
	PmArray		u,
				p,
				f;
	Datum	   *uv,				/* the elements as numeric Datums (fv NULL */
			   *pv,				/* without flat amounts; uv[n-1] unset when */
			   *fv;				/* open) */
	pm_dec	   *ud,
			   *pd,
			   *fd;
	pm_bill_table tab;
} BillCall;

/*
 * Decode one billing array: only finite values; no NULLs except, when
 * open_ok, a NULL last element, which sets *open.  Amounts (nonneg) must
 * not be negative.
 */
static void
DecodeBillArray(BillCall *c, const PmArray *a, Datum *v, pm_dec *d, bool open_ok, bool *open,
				const char *what)
{
	PmVarIter	it = {a->data};
	Datum		zero = (Datum) 0;

	for (int i = 0; i < a->nitems; i++)
	{
		char	   *ptr;
		PmNumKind	k;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(a, i))
		{
			if (open_ok && i == a->nitems - 1)
			{
				*open = true;
				break;
			}
			ReportNullElement(a, i, open_ok);
		}
		ptr = PmVarIterNext(&it);
		k = PmNumericDecode(ptr, &d[i]);
		PmCheckNumericKind(k, a->argname, a->lbound + i);
		if (k == PM_NUM_SLOW)
			c->fast = false;
		v[i] = PointerGetDatum(ptr);
		if (what != NULL)
		{
			bool		neg;

			if (k == PM_NUM_FAST)
				neg = d[i].coef < 0;
			else
			{
				if (zero == (Datum) 0)
					zero = NumericGetDatum(int64_to_numeric(0));
				neg = NumCmp(v[i], zero) < 0;
			}
			if (neg)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s at index %d is negative", what, a->lbound + i),
						 errdetail("Value \"%s\" of argument \"%s\" is below the minimum \"0\".",
								   DatumText(v[i]), a->argname)));
		}
	}
}

static void
ReportBadBound(const BillCall *c, int i)
{
	if (i == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the first up_to bound must be above 0"),
				 errdetail("Element %d of argument \"up_to\" is \"%s\".",
						   c->u.lbound, DatumText(c->uv[0]))));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("up_to bounds must be strictly ascending"),
			 errdetail("Element %d of argument \"up_to\" is \"%s\", not above element %d, \"%s\".",
					   c->u.lbound + i, DatumText(c->uv[i]), c->u.lbound + i - 1,
					   DatumText(c->uv[i - 1]))));
}

/*
 * Check every argument; fill c.  Arguments: quantity, up_to, then, when
 * nprices > 0, unit_prices and (nprices = 2) flat_amounts at argument
 * positions 2 and 4 (3 is the mode).
 */
static void
BillInit(FunctionCallInfo fcinfo, BillCall *c, int nprices)
{
	Datum		zero = NumericGetDatum(int64_to_numeric(0));
	int			nb;

	memset(c, 0, sizeof(*c));
	c->q = PG_GETARG_NUMERIC(0);
	c->fast = DecodeQuantity(c->q, &c->qd, zero);
	PmArrayInit(&c->u, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "up_to");
	if (nprices > 0)
	{
		PmArrayInit(&c->p, PG_GETARG_ARRAYTYPE_P(2), NUMERICOID, "unit_prices");
		PmCheckSameLength(&c->u, &c->p);
	}
	if (nprices > 1)
	{
		PmArrayInit(&c->f, PG_GETARG_ARRAYTYPE_P(4), NUMERICOID, "flat_amounts");
		PmCheckSameLength(&c->u, &c->f);
	}
	c->n = c->u.nitems;
	if (c->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the tier table must not be empty"),
				 errdetail("Argument \"up_to\" has no elements; give at least one tier, with NULL for an unbounded one.")));
	c->uv = TierScratchFor(c->n, sizeof(Datum), "up_to");
	c->ud = TierScratchFor(c->n, sizeof(pm_dec), "up_to");
	DecodeBillArray(c, &c->u, c->uv, c->ud, true, &c->open, NULL);
	if (nprices > 0)
	{
		c->pv = TierScratchFor(c->n, sizeof(Datum), "up_to");
		c->pd = TierScratchFor(c->n, sizeof(pm_dec), "up_to");
		DecodeBillArray(c, &c->p, c->pv, c->pd, false, NULL, "unit price");
	}
	if (nprices > 1)
	{
		c->fv = TierScratchFor(c->n, sizeof(Datum), "up_to");
		c->fd = TierScratchFor(c->n, sizeof(pm_dec), "up_to");
		DecodeBillArray(c, &c->f, c->fv, c->fd, false, NULL, "flat amount");
	}
	c->tab.up_to = c->ud;
	c->tab.price = c->pd;
	c->tab.flat = nprices > 1 ? c->fd : NULL;
	c->tab.n = c->n;
	c->tab.open = c->open;

	if (c->fast)
	{
		size_t		bad;
		pm_status	st = pm_bill_check(&c->tab, &bad);

		if (st == PM_INVALID)
			ReportBadBound(c, (int) bad);
		if (st == PM_OK)
			return;
		c->fast = false;		/* a comparison beyond 128 bits */
	}
	nb = c->open ? c->n - 1 : c->n;
	if (nb > 0 && NumCmp(c->uv[0], zero) <= 0)
		ReportBadBound(c, 0);
	for (int i = 1; i < nb; i++)
		if (NumCmp(c->uv[i - 1], c->uv[i]) >= 0)
			ReportBadBound(c, i);
}

/* The tier q falls in (0-based): the first bound q does not exceed. */
static int
BillFind(BillCall *c)
{
	int			nb = c->open ? c->n - 1 : c->n;

	if (c->fast)
	{
		size_t		tier;
		pm_status	st = pm_bill_find(&c->qd, &c->tab, &tier);

		if (st == PM_OK)
			return (int) tier;
		if (st == PM_INVALID)
			nb = c->n;			/* beyond a closed table: report below */
	}
	for (int i = 0; i < nb; i++)
	{
		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (NumCmp(NumericGetDatum(c->q), c->uv[i]) <= 0)
			return i;
	}
	if (c->open)
		return c->n - 1;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("quantity is above the last tier"),
			 errdetail("Value \"%s\" of argument \"quantity\" is above element %d of argument \"up_to\", \"%s\".",
					   DatumText(NumericGetDatum(c->q)), c->u.lbound + c->n - 1,
					   DatumText(c->uv[c->n - 1])),
			 errhint("Make the last element of \"up_to\" NULL for an unbounded last tier.")));
	return 0;					/* keep the compiler quiet */
}

/* w * price[i], plus flat[i] when there are flat amounts, in numeric. */
static Datum
BillTermSlow(BillCall *c, int i, Datum w)
{
	Datum		term = DirectFunctionCall2(numeric_mul, w, c->pv[i]);

	if (c->fv != NULL)
		term = DirectFunctionCall2(numeric_add, term, c->fv[i]);
	return term;
}

/* The total in numeric, the same expression pm_bill_total computes. */
static Datum
BillTotalSlow(BillCall *c, int k, bool graduated)
{
	Datum		q = NumericGetDatum(c->q),
				acc = (Datum) 0;
	int			nb = c->open ? c->n - 1 : c->n;

	if (!graduated)
		return BillTermSlow(c, k, q);
	for (int i = 0; i <= k; i++)
	{
		Datum		upper = q,
					width,
					term;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (i < k || (i < nb && NumCmp(c->uv[i], q) == 0))
			upper = c->uv[i];
		width = i == 0 ? upper : DirectFunctionCall2(numeric_sub, upper, c->uv[i - 1]);
		term = BillTermSlow(c, i, width);
		acc = i == 0 ? term : DirectFunctionCall2(numeric_add, acc, term);
	}
	return acc;
}

/* billing_tier(quantity, up_to): the subscript of the tier quantity falls in */
PG_FUNCTION_INFO_V1(pricemath_billing_tier);
Datum
pricemath_billing_tier(PG_FUNCTION_ARGS)
{
	BillCall	c;

	BillInit(fcinfo, &c, 0);
	PG_RETURN_INT32(c.u.lbound + BillFind(&c));
}

/* billing_price(quantity, up_to, unit_prices): the unit price of quantity's tier */
PG_FUNCTION_INFO_V1(pricemath_billing_price);
Datum
pricemath_billing_price(PG_FUNCTION_ARGS)
{
	BillCall	c;

	BillInit(fcinfo, &c, 1);
	/* the element itself, with its own scale, in a 4-byte header */
	PG_RETURN_NUMERIC(DatumGetNumericCopy(c.pv[BillFind(&c)]));
}

/*
 * billing_total(quantity, up_to, unit_prices, mode [, flat_amounts]):
 * volume or graduated total over a billing table
 */
PG_FUNCTION_INFO_V1(pricemath_billing_total);
Datum
pricemath_billing_total(PG_FUNCTION_ARGS)
{
	bool		graduated = ParseTierMode(PG_GETARG_TEXT_PP(3)) == TIER_GRADUATED;
	BillCall	c;
	pm_dec		r;
	int			k;

	BillInit(fcinfo, &c, PG_NARGS() > 4 ? 2 : 1);
	k = BillFind(&c);
	if (c.fast && pm_bill_total(&c.qd, &c.tab, graduated, &r) == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&r));
	PG_RETURN_DATUM(BillTotalSlow(&c, k, graduated));
}
