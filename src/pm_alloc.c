/*
 * pm_alloc.c: allocate(): splits a total by numeric or float8 weights with
 * the largest-remainder method (int128 core, exact numeric fallback), and
 * allocate_share(), the same split as a window function.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "core/pm_alloc.h"
#include "core/pm_float.h"
#include "pm_array.h"
#include "pm_numeric.h"

/* The decoded call: the total and one weight per element (0 for NULL). */
typedef struct AllocCall
{
	Numeric		total;
	pm_dec		td;
	bool		fast;			/* every value decoded into the core's form */
	int32		places;
	PmArray		w;
	bool		isfloat;
	pm_dec	   *wd;
} AllocCall;

/* Scratch for n elements of size bytes, one per weight (or row of the partition). */
static inline void *
AllocScratch(Size n, Size size)
{
	return PmAllocArray(n, size, "array is too large to allocate over", "weights");
}

/* A positive finite float8 in the core's form; false when it does not fit. */
static bool
Float8ToDec(double v, pm_dec *d)
{
	uint64_t	digits;
	int			exp10;

	d->coef = 0;
	d->scale = 0;
	if (v == 0)
		return true;
	pm_float_shortest(v, &digits, &exp10);
	if (exp10 >= 0)
	{
		pm_dec		m = {(pm_i128) digits, 0};

		if (exp10 > PM_MAX_POW10)
			return false;
		d->coef = pm_pow10[exp10];
		return pm_dec_mul(&m, d, d) == PM_OK;
	}
	d->coef = (pm_i128) digits;
	d->scale = -exp10;
	return true;
}

static void
ReportInexactTotal(const AllocCall *c)
{
	if (c->places >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("total has more decimal places than places allows"),
				 errdetail("Value \"%s\" of argument \"total\" has more than %d decimal places.",
						   PmNumericText(c->total), c->places),
				 errhint("Round the total to %d places first, or allocate with more places.",
						 c->places)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("total is not a multiple of the unit that places gives"),
			 errdetail("Value \"%s\" of argument \"total\" is not a multiple of 1e%d.",
					   PmNumericText(c->total), -c->places)));
}

static void
ReportZeroWeights(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weights must not sum to zero"),
			 errdetail("Argument \"weights\" has no positive element, so there is nothing to split the total by.")));
}

/* Decode and check every weight: NaN and infinities 22003, negatives 22023. */
static void
DecodeWeights(AllocCall *c)
{
	PmArray    *w = &c->w;
	PmVarIter	it = {w->data};
	const double *fv = PmFloat8Data(w->data);

	for (int i = 0; i < w->nitems; i++)
	{
		pm_dec	   *d = &c->wd[i];

		PM_CHECK_INTERRUPTS_EVERY(i);
		d->coef = 0;
		d->scale = 0;
		if (PmArrayIsNull(w, i))
			continue;
		if (c->isfloat)
		{
			double		v = *fv++;

			PmCheckFloat8Finite(v, w->argname, w->lbound + i);
			if (v < 0)
			{
				char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

				double_to_shortest_decimal_buf(v, buf);
				PmReportNegativeWeight(buf, w->lbound + i);
			}
			if (!Float8ToDec(v, d))
				c->fast = false;
		}
		else
		{
			char	   *p = PmVarIterNext(&it);
			PmNumKind	k = PmNumericDecode(p, d);

			PmCheckNumericKind(k, w->argname, w->lbound + i);
			if (k == PM_NUM_SLOW)
			{
				Numeric		n = DatumGetNumeric(PointerGetDatum(p));

				c->fast = false;
				if (PmNumericSign(n) < 0)
					PmReportNegativeWeight(PmNumericText(n), w->lbound + i);
			}
			else if (d->coef < 0)
				PmReportNegativeWeight(PmNumericText((Numeric) p), w->lbound + i);
		}
	}
}

/* Remainders for the fallback's ordering. */
typedef struct SlowSlot
{
	Datum		rem;
	int			index;
} SlowSlot;

static int
SlowSlotCmp(const void *a, const void *b, void *arg)
{
	const SlowSlot *x = a,
			   *y = b;
	int			c = PmNumericDatumCmp(x->rem, y->rem);

	if (c != 0)
		return -c;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * The same split in PostgreSQL's numeric, for totals and weights beyond 128
 * bits: shares in units of 10^-places by exact truncating division, then
 * one more unit to each of the largest remainders.
 */
static void
AllocateSlow(const AllocCall *c, PmNumBuilder *out)
{
	const PmArray *w = &c->w;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "pricemath allocate",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	Datum		zero = NumericGetDatum(int64_to_numeric(0));
	Datum		t,
				wsum = zero,
				given = zero,
			   *wv = AllocScratch(w->nitems, sizeof(Datum)),
			   *q = AllocScratch(w->nitems, sizeof(Datum)),
				unit = NumericGetDatum(PmNumericPow10(-c->places));
	SlowSlot   *slots = AllocScratch(w->nitems, sizeof(SlowSlot));
	PmVarIter	it = {w->data};
	const double *fv = PmFloat8Data(w->data);
	int			nslots = 0;
	int64		left;
	bool		neg;

	for (int i = 0; i < w->nitems; i++)
	{
		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(w, i))
			wv[i] = zero;
		else if (c->isfloat)
			wv[i] = NumericGetDatum(PmFloat8ToNumeric(*fv++));
		else
			wv[i] = PointerGetDatum(PmVarIterNext(&it));
		wsum = DirectFunctionCall2(numeric_add, wsum, wv[i]);
	}

	t = DirectFunctionCall2(numeric_mul, NumericGetDatum(c->total),
							NumericGetDatum(PmNumericPow10(c->places)));
	if (PmNumericDatumCmp(t, DirectFunctionCall2(numeric_trunc, t, Int32GetDatum(0))) != 0)
		ReportInexactTotal(c);
	if (PmNumericDatumCmp(wsum, zero) == 0)
		ReportZeroWeights();
	neg = PmNumericDatumCmp(t, zero) < 0;
	t = DirectFunctionCall1(numeric_abs, t);

	for (int i = 0; i < w->nitems; i++)
	{
		Datum		prod = DirectFunctionCall2(numeric_mul, t, wv[i]),
					r;

		PM_CHECK_INTERRUPTS_EVERY(i);
		q[i] = DirectFunctionCall2(numeric_div_trunc, prod, wsum);
		r = DirectFunctionCall2(numeric_sub, prod, DirectFunctionCall2(numeric_mul, q[i], wsum));
		given = DirectFunctionCall2(numeric_add, given, q[i]);
		if (PmNumericDatumCmp(r, zero) != 0)
		{
			slots[nslots].rem = r;
			slots[nslots].index = i;
			nslots++;
		}
	}
	left = DatumGetInt64(DirectFunctionCall1(numeric_int8,
											 DirectFunctionCall2(numeric_sub, t, given)));
	if (left < 0 || left > nslots)
		elog(ERROR, "pricemath allocate: %lld units left for %d remainders",
			 (long long) left, nslots);
	if (left > 0)
	{
		pm_top_k(slots, nslots, sizeof(SlowSlot), (size_t) left, SlowSlotCmp, NULL,
				 PmTickInterrupts, NULL);
		for (int j = 0; j < left; j++)
			q[slots[j].index] = DirectFunctionCall2(numeric_add, q[slots[j].index],
													NumericGetDatum(int64_to_numeric(1)));
	}

	for (int i = 0; i < w->nitems; i++)
	{
		Datum		share;

		if (PmArrayIsNull(w, i))
			continue;
		share = DirectFunctionCall2(numeric_mul, q[i], unit);
		if (neg)
			share = DirectFunctionCall1(numeric_uminus, share);
		PmNumBuilderPutNumeric(out, i, DatumGetNumeric(share));
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

static ArrayType *
Allocate(Numeric total, ArrayType *weights, const char *wname, int32 places, bool isfloat)
{
	AllocCall	c;
	PmNumBuilder out;
	pm_alloc_slot *slots;
	pm_status	st;
	size_t		bad;
	PmNumKind	tk;

	c.total = total;
	c.places = places;
	c.isfloat = isfloat;
	c.fast = true;
	tk = PmNumericDecode((const char *) c.total, &c.td);
	PmCheckNumericKind(tk, "total", PM_NO_INDEX);
	if (tk == PM_NUM_SLOW)
		c.fast = false;
	PmCheckPlaces(c.places);
	PmArrayInit(&c.w, weights, isfloat ? FLOAT8OID : NUMERICOID, wname);
	c.wd = AllocScratch(c.w.nitems, sizeof(pm_dec));
	DecodeWeights(&c);

	PmNumBuilderInit(&out, &c.w, PmArrayAnyNull(&c.w), (Size) c.w.nitems * 8);
	if (c.fast)
	{
		slots = AllocScratch(c.w.nitems, sizeof(pm_alloc_slot));
		/* the shares overwrite the decoded weights */
		st = pm_alloc(&c.td, c.wd, c.w.nitems, c.places, c.wd, slots, &bad,
					  PmTickInterrupts, NULL);
		pfree(slots);
		switch (st)
		{
			case PM_OK:
				for (int i = 0; i < c.w.nitems; i++)
				{
					PM_CHECK_INTERRUPTS_EVERY(i);
					if (!PmArrayIsNull(&c.w, i))
						PmNumBuilderPutDec(&out, i, &c.wd[i]);
				}
				return PmNumBuilderFinish(&out);
			case PM_INEXACT:
				ReportInexactTotal(&c);
				break;
			case PM_DIV_ZERO:
				ReportZeroWeights();
				break;
			case PM_OVERFLOW:
				break;			/* beyond 128 bits: the numeric path below */
			default:
				PmReportStatus(st, "allocate");
		}
	}
	AllocateSlow(&c, &out);
	return PmNumBuilderFinish(&out);
}

/* allocate(total numeric, weights numeric[], places int) */
PG_FUNCTION_INFO_V1(pricemath_allocate_numeric);
Datum
pricemath_allocate_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(Allocate(PG_GETARG_NUMERIC(0), PG_GETARG_ARRAYTYPE_P(1), "weights",
								   PG_GETARG_INT32(2), false));
}

/* allocate(total numeric, weights float8[], places int) */
PG_FUNCTION_INFO_V1(pricemath_allocate_float8);
Datum
pricemath_allocate_float8(PG_FUNCTION_ARGS)
{
	PG_RETURN_ARRAYTYPE_P(Allocate(PG_GETARG_NUMERIC(0), PG_GETARG_ARRAYTYPE_P(1), "weights",
								   PG_GETARG_INT32(2), true));
}

/* ---- allocate_share: allocate over a window partition ---- */

/* The shares of one partition, computed on its first row; index = row position. */
typedef struct ShareState
{
	bool		done;
	Datum	   *shares;
	bool	   *nulls;
} ShareState;

static void
ShareErrorContext(void *arg)
{
	errcontext("allocate_share over a window partition of " INT64_FORMAT
			   " rows; an index is the row's position in the window's order",
			   *(const int64 *) arg);
}

static void
ReportTotalDiffers(Datum first, bool first_null, int64 row, Datum other, bool other_null)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("total differs between rows of the window partition"),
			 errdetail("Row 1 has total %s and row " INT64_FORMAT " has %s.",
					   first_null ? "NULL" : psprintf("\"%s\"", PmNumericDatumText(first)),
					   row + 1,
					   other_null ? "NULL" : psprintf("\"%s\"", PmNumericDatumText(other))),
			 errhint("Give every row of a partition the same total, for example with PARTITION BY the column it belongs to.")));
}

/*
 * Read the whole partition, check that total and places are the same on
 * every row, and split the total by allocate()'s rules over the weights in
 * the window's order.  The shares live in the partition's memory.
 */
static void
ShareCompute(FunctionCallInfo fcinfo, WindowObject winobj, ShareState *ss)
{
	MemoryContext partcxt = GetMemoryChunkContext(ss);
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "pricemath allocate_share",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	int64		n = WinGetPartitionRowCount(winobj);
	Datum		total = (Datum) 0,
				places = (Datum) 0,
			   *w;
	bool		total_null = false,
				places_null = false,
			   *wnull;
	int			dims[1],
				lbs[1] = {1};
	ArrayType  *shares;
	ErrorContextCallback errcb;
	/* a constant (or parameter) total or places cannot differ: read it once */
	bool		total_fixed = get_fn_expr_arg_stable(fcinfo->flinfo, 0),
				places_fixed = get_fn_expr_arg_stable(fcinfo->flinfo, 2);

	if (n > (int64) MaxArraySize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("window partition is too large to allocate over"),
				 errdetail("The partition has " INT64_FORMAT " rows; at most %d are allowed.",
						   n, (int) MaxArraySize)));
	w = AllocScratch((Size) n, sizeof(Datum));
	wnull = AllocScratch((Size) n, sizeof(bool));
	for (int64 i = 0; i < n; i++)
	{
		bool		isnull,
					isout;
		Datum		v;

		PM_CHECK_INTERRUPTS_EVERY(i);
		/* a fetched value lives only until the next fetch: copy what is kept */
		if (i == 0 || !total_fixed)
		{
			v = WinGetFuncArgInPartition(winobj, 0, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
			if (i == 0)
			{
				total_null = isnull;
				if (!isnull)
					total = PointerGetDatum(PG_DETOAST_DATUM_COPY(v));
			}
			else if (isnull != total_null ||
					 (!isnull && PmNumericDatumCmp(total, v) != 0))
				ReportTotalDiffers(total, total_null, i, v, isnull);
		}
		if (i == 0 || !places_fixed)
		{
			v = WinGetFuncArgInPartition(winobj, 2, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
			if (i == 0)
			{
				places_null = isnull;
				places = v;
			}
			else if (isnull != places_null || (!isnull && DatumGetInt32(v) != DatumGetInt32(places)))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("places differs between rows of the window partition"),
						 errhint("Give every row of a partition the same places.")));
		}
		v = WinGetFuncArgInPartition(winobj, 1, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		wnull[i] = isnull;
		w[i] = isnull ? (Datum) 0 : PointerGetDatum(PG_DETOAST_DATUM_COPY(v));
	}

	ss->nulls = MemoryContextAlloc(partcxt, Max(n, 1) * sizeof(bool));
	ss->shares = MemoryContextAllocZero(partcxt, Max(n, 1) * sizeof(Datum));
	if (total_null || places_null)
	{
		/* NULL in, NULL out, as for allocate() */
		memset(ss->nulls, true, Max(n, 1) * sizeof(bool));
	}
	else
	{
		Datum	   *elems;
		bool	   *enulls;
		int			nelems;

		dims[0] = (int) n;
		errcb.callback = ShareErrorContext;
		errcb.arg = &n;
		errcb.previous = error_context_stack;
		error_context_stack = &errcb;
		shares = Allocate(DatumGetNumeric(total),
						  construct_md_array(w, wnull, 1, dims, lbs, NUMERICOID, -1, false,
											 TYPALIGN_INT),
						  "weight", DatumGetInt32(places), false);
		error_context_stack = errcb.previous;
		MemoryContextSwitchTo(partcxt);
		{
			ArrayType  *kept = palloc(VARSIZE(shares));

			memcpy(kept, shares, VARSIZE(shares));
			deconstruct_array(kept, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &enulls, &nelems);
		}
		if (nelems != n)
			elog(ERROR, "allocate_share: %d shares for " INT64_FORMAT " rows", nelems, n);
		memcpy(ss->shares, elems, n * sizeof(Datum));
		memcpy(ss->nulls, enulls, n * sizeof(bool));
	}
	ss->done = true;
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

/* allocate_share(total numeric, weight numeric, places int) OVER (...) */
PG_FUNCTION_INFO_V1(pricemath_allocate_share);
Datum
pricemath_allocate_share(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	ShareState *ss = WinGetPartitionLocalMemory(winobj, sizeof(ShareState));
	int64		pos = WinGetCurrentPosition(winobj);

	if (!ss->done)
		ShareCompute(fcinfo, winobj, ss);
	/* rows before this one are never read again */
	WinSetMarkPosition(winobj, pos);
	if (ss->nulls[pos])
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ss->shares[pos]);
}
