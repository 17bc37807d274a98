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

/*
 * A checked tier table, decoded for the core when every value fits: a
 * threshold table (thresholds, unit_prices) or a billing table (up_to,
 * unit_prices, flat_amounts).  Both go through one decoder and one check.
 */
typedef struct TierCall
{
	Numeric		q;				/* the quantity */
	pm_dec		qd;				/* ... decoded, when it fits */
	bool		fast;			/* every value fits the core */
	bool		upto;			/* a billing table: inclusive up_to bounds */
	bool		open;			/* up_to: the last bound is NULL, an unbounded last tier */
	int			n;				/* the number of tiers */
	PmArray		b,				/* the bounds: thresholds or up_to */
				p,				/* unit_prices (billing_tier has none) */
				f;				/* flat_amounts, when given */
	Datum	   *bv,				/* the bounds as numeric Datums (bv[n-1] unset when open) */
			   *pv,				/* the unit prices */
			   *fv;				/* the flat amounts, NULL without them */
	pm_dec	   *bd,				/* the bounds decoded for the core */
			   *pd,				/* the unit prices decoded */
			   *fd;				/* the flat amounts decoded */
	pm_bill_table tab;			/* up_to: the table as the core reads it */
} TierCall;

/* tier_total's and billing_total's mode argument, parsed in the core. */
static PM_MODE_ARG_PARSER(ParseTierMode, pm_tier_mode, pm_tier_mode_parse, "tier", PM_TIER_MODE_LIST)

/* Decode and check the quantity: finite, not negative; false when it needs numeric. */
static bool
DecodeQuantity(Numeric q, pm_dec *qd)
{
	PmNumKind	qk = PmNumericDecode((const char *) q, qd);

	PmCheckNumericKind(qk, "quantity", PM_NO_INDEX);
	if (PmNumericSign(q) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantity must not be negative"),
				 errdetail("Value \"%s\" of argument \"quantity\" is below the minimum \"0\".",
						   PmNumericText(q))));
	return qk != PM_NUM_SLOW;
}

/* The error for a table too large for its scratch arrays, named by its bounds. */
static const char TierTooLarge[] = "tier table is too large";

/*
 * Decode one array of the table into fresh scratch: *v its elements as
 * numeric Datums, *d decoded for the core (clearing c->fast when one does
 * not fit).  Only finite values; no NULLs except, for up_to, a NULL last
 * element, which sets c->open.  With what, amounts must not be negative
 * ("unit price at index 2 is negative").
 */
static void
DecodeColumn(TierCall *c, const PmArray *a, Datum **v, pm_dec **d, bool open_ok, const char *what)
{
	PmVarIter	it = {a->data};

	*v = PmAllocArray(c->n, sizeof(Datum), TierTooLarge, c->b.argname);
	*d = PmAllocArray(c->n, sizeof(pm_dec), TierTooLarge, c->b.argname);
	for (int i = 0; i < a->nitems; i++)
	{
		char	   *ptr;
		PmNumKind	k;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(a, i))
		{
			if (open_ok && i == a->nitems - 1)
			{
				c->open = true;
				break;
			}
			PmReportNullElement(a, i, open_ok ?
							  psprintf("Only the last element of \"%s\" may be NULL, for an unbounded last tier.",
									   a->argname) : NULL);
		}
		ptr = PmVarIterNext(&it);
		k = PmNumericDecode(ptr, &(*d)[i]);
		PmCheckNumericKind(k, a->argname, a->lbound + i);
		if (k == PM_NUM_SLOW)
			c->fast = false;
		(*v)[i] = PointerGetDatum(ptr);
		if (what != NULL)
		{
			bool		neg = k == PM_NUM_FAST ? (*d)[i].coef < 0 : PmNumericSign((Numeric) ptr) < 0;

			if (neg)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s at index %d is negative", what, a->lbound + i),
						 errdetail("Value \"%s\" of argument \"%s\" is below the minimum \"0\".",
								   PmNumericDatumText((*v)[i]), a->argname)));
		}
	}
}

/* Bound i (0-based) of the table breaks its order: the first's rule, or ascending. */
static void
ReportBadBound(const TierCall *c, int i)
{
	if (i == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 c->upto ? errmsg("the first up_to bound must be above 0") :
				 errmsg("the first threshold must be 0"),
				 errdetail("Element %d of argument \"%s\" is \"%s\".",
						   c->b.lbound, c->b.argname, PmNumericDatumText(c->bv[0]))));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 c->upto ? errmsg("up_to bounds must be strictly ascending") :
			 errmsg("thresholds must be strictly ascending"),
			 errdetail("Element %d of argument \"%s\" is \"%s\", not above element %d, \"%s\".",
					   c->b.lbound + i, c->b.argname, PmNumericDatumText(c->bv[i]), c->b.lbound + i - 1,
					   PmNumericDatumText(c->bv[i - 1]))));
}

/*
 * Check the table's arguments and fill c's table part (c->fast: every value
 * of the table fits the core).  Errors name the argument and the element.
 * a holds the bounds (thresholds, or up_to when upto), then, when
 * nprices > 0, unit_prices and (nprices = 2) flat_amounts.  Thresholds
 * start at 0; up_to bounds start above 0 and only the last may be NULL.
 */
static void
TierInitTable(TierCall *c, ArrayType *const a[3], bool upto, int nprices)
{
	int			nb;

	c->upto = upto;
	c->fast = true;
	PmArrayInit(&c->b, a[0], NUMERICOID, upto ? "up_to" : "thresholds");
	if (nprices > 0)
	{
		PmArrayInit(&c->p, a[1], NUMERICOID, "unit_prices");
		PmCheckSameLength(&c->b, &c->p);
	}
	if (nprices > 1)
	{
		PmArrayInit(&c->f, a[2], NUMERICOID, "flat_amounts");
		PmCheckSameLength(&c->b, &c->f);
	}
	c->n = c->b.nitems;
	if (c->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the tier table must not be empty"),
				 upto ?
				 errdetail("Argument \"up_to\" has no elements; give at least one tier, with NULL for an unbounded one.") :
				 errdetail("Argument \"thresholds\" has no elements; the first threshold must be 0.")));
	DecodeColumn(c, &c->b, &c->bv, &c->bd, upto, NULL);
	if (nprices > 0)
		DecodeColumn(c, &c->p, &c->pv, &c->pd, false, upto ? "unit price" : NULL);
	if (nprices > 1)
		DecodeColumn(c, &c->f, &c->fv, &c->fd, false, "flat amount");
	c->tab.up_to = c->bd;
	c->tab.price = c->pd;
	c->tab.flat = nprices > 1 ? c->fd : NULL;
	c->tab.n = c->n;
	c->tab.open = c->open;

	if (c->fast)
	{
		size_t		bad;
		pm_status	st = upto ? pm_bill_check(&c->tab, &bad) : pm_tier_check(c->bd, c->n, &bad);

		if (st == PM_INVALID)
			ReportBadBound(c, (int) bad);
		if (st == PM_OK)
			return;
		c->fast = false;		/* a comparison beyond 128 bits */
	}
	nb = c->open ? c->n - 1 : c->n;
	if (nb > 0 && (upto ? PmNumericSign((Numeric) DatumGetPointer(c->bv[0])) <= 0 :
				   PmNumericSign((Numeric) DatumGetPointer(c->bv[0])) != 0))
		ReportBadBound(c, 0);
	for (int i = 1; i < nb; i++)
		if (PmNumericDatumCmp(c->bv[i - 1], c->bv[i]) >= 0)
			ReportBadBound(c, i);
}

/*
 * A checked table kept across the calls of one call site, for the usual
 * query where the table is a constant: copies of the arrays it was decoded
 * from (the key, compared byte for byte, so a PL/pgSQL variable that
 * changes between calls is decoded again) and the decoded table, all in
 * cxt, a child of fn_mcxt.
 */
typedef struct TierCache
{
	MemoryContext cxt;
	bool		valid;
	ArrayType  *key[3];
	TierCall	c;
} TierCache;

/*
 * Check every argument; fill c.  Arguments: quantity, the bounds, then, when
 * nprices > 0, unit_prices and (nprices = 2) flat_amounts at argument
 * positions 2 and 4 (3 is the mode).  The quantity is checked first, then
 * the table, which is decoded once per call site while it stays the same.
 */
static void
TierInit(FunctionCallInfo fcinfo, TierCall *c, bool upto, int nprices)
{
	static const int argno[3] = {1, 2, 4};
	Numeric		q = PG_GETARG_NUMERIC(0);
	pm_dec		qd;
	bool		qfast = DecodeQuantity(q, &qd);
	ArrayType  *a[3] = {NULL, NULL, NULL};
	int			narr = 1 + nprices;
	bool		stable = true;
	TierCache  *tc = (TierCache *) fcinfo->flinfo->fn_extra;
	bool		hit = tc != NULL && tc->valid;

	for (int i = 0; i < narr; i++)
	{
		a[i] = PG_GETARG_ARRAYTYPE_P(argno[i]);
		stable = stable && get_fn_expr_arg_stable(fcinfo->flinfo, argno[i]);
		hit = hit && VARSIZE(a[i]) == VARSIZE(tc->key[i]) &&
			memcmp(a[i], tc->key[i], VARSIZE(a[i])) == 0;
	}
	if (hit)
		*c = tc->c;
	else if (!stable)
	{
		memset(c, 0, sizeof(*c));
		TierInitTable(c, a, upto, nprices); /* a table per row: no copies */
	}
	else
	{
		MemoryContext old;

		if (tc == NULL)
		{
			tc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TierCache));
			tc->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pricemath tier table",
											ALLOCSET_SMALL_SIZES);
			fcinfo->flinfo->fn_extra = tc;
		}
		tc->valid = false;
		MemoryContextReset(tc->cxt);
		old = MemoryContextSwitchTo(tc->cxt);
		memset(c, 0, sizeof(*c));
		for (int i = 0; i < narr; i++)
		{
			tc->key[i] = palloc(VARSIZE(a[i]));
			memcpy(tc->key[i], a[i], VARSIZE(a[i]));
		}
		TierInitTable(c, tc->key, upto, nprices);
		MemoryContextSwitchTo(old);
		tc->c = *c;
		tc->valid = true;		/* only once the table passed every check */
	}
	c->q = q;
	c->qd = qd;
	c->fast = c->fast && qfast;
}

/* The tier holding q: the last i with t[i] <= q. */
static int
TierFind(TierCall *c)
{
	if (c->fast)
	{
		size_t		tier;

		if (pm_tier_find(&c->qd, c->bd, c->n, &tier) == PM_OK)
			return (int) tier;
	}
	for (int i = c->n - 1; i > 0; i--)
		if (PmNumericDatumCmp(c->bv[i], NumericGetDatum(c->q)) <= 0)
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

		if (i > 0 && PmNumericDatumCmp(c->bv[i], q) >= 0)
			break;
		full = i + 1 < c->n && PmNumericDatumCmp(c->bv[i + 1], q) <= 0;
		term = DirectFunctionCall2(numeric_mul,
								   DirectFunctionCall2(numeric_sub, full ? c->bv[i + 1] : q, c->bv[i]),
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

	TierInit(fcinfo, &c, false, 1);
	k = TierFind(&c);
	/* the element itself, with its own scale, in a 4-byte header */
	PG_RETURN_NUMERIC(DatumGetNumericCopy(c.pv[k]));
}

/* tier_total(quantity, thresholds, unit_prices, mode): volume or graduated total */
PG_FUNCTION_INFO_V1(pricemath_tier_total);
Datum
pricemath_tier_total(PG_FUNCTION_ARGS)
{
	pm_tier_mode mode = ParseTierMode(PG_GETARG_TEXT_PP(3));
	TierCall	c;
	pm_dec		r;

	TierInit(fcinfo, &c, false, 1);
	if (mode == PM_TIER_VOLUME)
	{
		int			k = TierFind(&c);

		if (c.fast && pm_dec_mul(&c.qd, &c.pd[k], &r) == PM_OK)
			PG_RETURN_NUMERIC(PmDecToNumeric(&r));
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_mul, NumericGetDatum(c.q), c.pv[k]));
	}
	if (c.fast && pm_tier_graduated(&c.qd, c.bd, c.pd, c.n, &r) == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&r));
	PG_RETURN_DATUM(GraduatedSlow(&c));
}

/* ---- billing tier tables: inclusive up_to bounds, the last may be NULL ---- */

/* The tier q falls in (0-based): the first bound q does not exceed. */
static int
BillFind(TierCall *c)
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
		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmNumericDatumCmp(NumericGetDatum(c->q), c->bv[i]) <= 0)
			return i;
	}
	if (c->open)
		return c->n - 1;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("quantity is above the last tier"),
			 errdetail("Value \"%s\" of argument \"quantity\" is above element %d of argument \"up_to\", \"%s\".",
					   PmNumericText(c->q), c->b.lbound + c->n - 1,
					   PmNumericDatumText(c->bv[c->n - 1])),
			 errhint("Make the last element of \"up_to\" NULL for an unbounded last tier.")));
	return 0;					/* keep the compiler quiet */
}

/* w * price[i], plus flat[i] when there are flat amounts, in numeric. */
static Datum
BillTermSlow(TierCall *c, int i, Datum w)
{
	Datum		term = DirectFunctionCall2(numeric_mul, w, c->pv[i]);

	if (c->fv != NULL)
		term = DirectFunctionCall2(numeric_add, term, c->fv[i]);
	return term;
}

/* The total in numeric, the same expression pm_bill_total computes. */
static Datum
BillTotalSlow(TierCall *c, int k, bool graduated)
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

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (i < k || (i < nb && PmNumericDatumCmp(c->bv[i], q) == 0))
			upper = c->bv[i];
		width = i == 0 ? upper : DirectFunctionCall2(numeric_sub, upper, c->bv[i - 1]);
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
	TierCall	c;

	TierInit(fcinfo, &c, true, 0);
	PG_RETURN_INT32(c.b.lbound + BillFind(&c));
}

/* billing_price(quantity, up_to, unit_prices): the unit price of quantity's tier */
PG_FUNCTION_INFO_V1(pricemath_billing_price);
Datum
pricemath_billing_price(PG_FUNCTION_ARGS)
{
	TierCall	c;

	TierInit(fcinfo, &c, true, 1);
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
	bool		graduated = ParseTierMode(PG_GETARG_TEXT_PP(3)) == PM_TIER_GRADUATED;
	TierCall	c;
	pm_dec		r;
	int			k;

	TierInit(fcinfo, &c, true, PG_NARGS() > 4 ? 2 : 1);
	k = BillFind(&c);
	if (c.fast && pm_bill_total(&c.qd, &c.tab, graduated, &r) == PM_OK)
		PG_RETURN_NUMERIC(PmDecToNumeric(&r));
	PG_RETURN_DATUM(BillTotalSlow(&c, k, graduated));
}
