/*
 * pm_reduce.c: reductions of one array to a scalar: array_sum, array_min,
 * array_max, array_avg and weighted_avg over numeric[] and float8[].
 * NULL elements are ignored; no non-NULL element gives NULL.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "core/pm_float.h"
#include "pm_array.h"
#include "pm_numeric.h"

/* An exact numeric sum: int128 while it fits, then PostgreSQL's numeric. */
typedef struct PmNumSum
{
	bool		slow;
	pm_dec		acc;
	Numeric		sacc;
} PmNumSum;

static void
SumInit(PmNumSum *s)
{
	s->slow = false;
	s->acc.coef = 0;
	s->acc.scale = 0;
	s->sacc = NULL;
}

static void
SumAddNumeric(PmNumSum *s, Numeric n)
{
	Numeric		old;

	if (!s->slow)
	{
		s->sacc = PmDecToNumeric(&s->acc);
		s->slow = true;
	}
	old = s->sacc;
	s->sacc = DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(old),
												  NumericGetDatum(n)));
	pfree(old);
}

/* Add d; orig is the same value as a numeric, or NULL to build it if needed. */
static inline void
SumAddDec(PmNumSum *s, const pm_dec *d, Numeric orig)
{
	if (likely(!s->slow) && pm_dec_add(&s->acc, d, &s->acc) == PM_OK)
		return;
	SumAddNumeric(s, orig != NULL ? orig : PmDecToNumeric(d));
}

static Numeric
SumResult(const PmNumSum *s)
{
	return s->slow ? s->sacc : PmDecToNumeric(&s->acc);
}

static inline bool
NumericIsNegative(PmNumKind k, const pm_dec *d, Numeric n)
{
	if (k == PM_NUM_FAST)
		return d->coef < 0;
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(n),
											 NumericGetDatum(int64_to_numeric(0)))) < 0;
}

/* Sum and count of the non-NULL elements of a numeric[]. */
static int64
NumericArraySum(ArrayType *arr, PmNumSum *sum)
{
	PmArray		a;
	PmVarIter	it;
	int64		count = 0;

	PmArrayInit(&a, arr, NUMERICOID, "a");
	SumInit(sum);
	it.ptr = a.data;
	for (int i = 0; i < a.nitems; i++)
	{
		char	   *p;
		pm_dec		d;
		PmNumKind	k;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&a, i))
			continue;
		p = PmVarIterNext(&it);
		k = PmNumericDecode(p, &d);
		PmCheckNumericKind(k, "a", a.lbound + i);
		if (k == PM_NUM_FAST)
			SumAddDec(sum, &d, NULL);
		else
			SumAddNumeric(sum, DatumGetNumeric(PointerGetDatum(p)));
		count++;
	}
	return count;
}

PG_FUNCTION_INFO_V1(pricemath_array_sum_numeric);
Datum
pricemath_array_sum_numeric(PG_FUNCTION_ARGS)
{
	PmNumSum	sum;

	if (NumericArraySum(PG_GETARG_ARRAYTYPE_P(0), &sum) == 0)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(SumResult(&sum));
}

/* The same value and scale as avg() over the elements: sum / count with numeric_div. */
PG_FUNCTION_INFO_V1(pricemath_array_avg_numeric);
Datum
pricemath_array_avg_numeric(PG_FUNCTION_ARGS)
{
	PmNumSum	sum;
	int64		n = NumericArraySum(PG_GETARG_ARRAYTYPE_P(0), &sum);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, NumericGetDatum(SumResult(&sum)),
										NumericGetDatum(int64_to_numeric(n))));
}

/*
 * min (sign < 0) or max (sign > 0).  Like min()/max(), a later element equal
 * to the best so far replaces it, so the scale shown is the last one's.
 */
static Datum
NumericArrayExtreme(ArrayType *arr, int sign, bool *isnull)
{
	PmArray		a;
	PmVarIter	it;
	char	   *best = NULL;
	pm_dec		bestd = {0};
	PmNumKind	bestk = PM_NUM_FAST;

	PmArrayInit(&a, arr, NUMERICOID, "a");
	it.ptr = a.data;
	for (int i = 0; i < a.nitems; i++)
	{
		char	   *p;
		pm_dec		d;
		PmNumKind	k;
		int			cmp;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&a, i))
			continue;
		p = PmVarIterNext(&it);
		k = PmNumericDecode(p, &d);
		PmCheckNumericKind(k, "a", a.lbound + i);
		if (best == NULL)
		{
			best = p;
			bestd = d;
			bestk = k;
			continue;
		}
		if (k == PM_NUM_FAST && bestk == PM_NUM_FAST)
		{
			pm_status	st;

			cmp = pm_dec_cmp(&bestd, &d, &st);
			if (st != PM_OK)
				cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, PointerGetDatum(best), PointerGetDatum(p)));
		}
		else
			cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, PointerGetDatum(best), PointerGetDatum(p)));
		if (cmp * sign <= 0)
		{
			best = p;
			bestd = d;
			bestk = k;
		}
	}
	*isnull = (best == NULL);
	if (best == NULL)
		return (Datum) 0;
	return PointerGetDatum(DatumGetNumericCopy(PointerGetDatum(best)));
}

PG_FUNCTION_INFO_V1(pricemath_array_min_numeric);
Datum
pricemath_array_min_numeric(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		r = NumericArrayExtreme(PG_GETARG_ARRAYTYPE_P(0), -1, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

PG_FUNCTION_INFO_V1(pricemath_array_max_numeric);
Datum
pricemath_array_max_numeric(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		r = NumericArrayExtreme(PG_GETARG_ARRAYTYPE_P(0), 1, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

static void
ReportNegativeWeight(const char *value, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weight at index %d is negative", subscript),
			 errdetail("Value \"%s\" is below the minimum \"0\".", value)));
}

static void
ReportZeroWeights(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO),
			 errmsg("division by zero"),
			 errdetail("The weights sum to zero.")));
}

/*
 * sum(v * w) / sum(w) over the pairs where both are non-NULL, with the
 * value and scale PostgreSQL gives for that expression.
 */
PG_FUNCTION_INFO_V1(pricemath_weighted_avg_numeric);
Datum
pricemath_weighted_avg_numeric(PG_FUNCTION_ARGS)
{
	PmArray		v,
				w;
	PmVarIter	iv,
				iw;
	PmNumSum	num,
				den;
	int64		pairs = 0;
	Numeric		numr,
				denr;

	PmArrayInit(&v, PG_GETARG_ARRAYTYPE_P(0), NUMERICOID, "values");
	PmArrayInit(&w, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "weights");
	PmCheckSameLength(&v, &w);
	SumInit(&num);
	SumInit(&den);
	iv.ptr = v.data;
	iw.ptr = w.data;
	for (int i = 0; i < v.nitems; i++)
	{
		char	   *vp = NULL,
				   *wp = NULL;
		pm_dec		vd,
					wd,
					pd;
		PmNumKind	vk = PM_NUM_FAST,
					wk = PM_NUM_FAST;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!PmArrayIsNull(&v, i))
		{
			vp = PmVarIterNext(&iv);
			vk = PmNumericDecode(vp, &vd);
			PmCheckNumericKind(vk, "values", v.lbound + i);
		}
		if (!PmArrayIsNull(&w, i))
		{
			wp = PmVarIterNext(&iw);
			wk = PmNumericDecode(wp, &wd);
			PmCheckNumericKind(wk, "weights", w.lbound + i);
			if (NumericIsNegative(wk, &wd, DatumGetNumeric(PointerGetDatum(wp))))
				ReportNegativeWeight(DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(wp))),
									 w.lbound + i);
		}
		if (vp == NULL || wp == NULL)
			continue;
		pairs++;
		if (vk == PM_NUM_FAST && wk == PM_NUM_FAST && pm_dec_mul(&vd, &wd, &pd) == PM_OK)
			SumAddDec(&num, &pd, NULL);
		else
			SumAddNumeric(&num, DatumGetNumeric(DirectFunctionCall2(numeric_mul, PointerGetDatum(vp),
																	PointerGetDatum(wp))));
		if (wk == PM_NUM_FAST)
			SumAddDec(&den, &wd, NULL);
		else
			SumAddNumeric(&den, DatumGetNumeric(PointerGetDatum(wp)));
	}
	if (pairs == 0)
		PG_RETURN_NULL();
	numr = SumResult(&num);
	denr = SumResult(&den);
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(denr),
										  NumericGetDatum(int64_to_numeric(0)))) == 0)
		ReportZeroWeights();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, NumericGetDatum(numr), NumericGetDatum(denr)));
}

/* ---- float8 ---- */

static pg_noinline void
Float8ResultOverflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("The result is not a finite float8 value.")));
}

/* Compensated sum and count of the non-NULL elements. */
static int64
Float8ArraySum(ArrayType *arr, pm_ksum *k)
{
	PmArray		a;
	const double *av;
	int64		count = 0;

	PmArrayInit(&a, arr, FLOAT8OID, "a");
	av = (const double *) a.data;
	k->sum = 0;
	k->comp = 0;
	for (int i = 0; i < a.nitems; i++)
	{
		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&a, i))
			continue;
		PmCheckFloat8Finite(*av, "a", a.lbound + i);
		pm_ksum_add(k, *av++);
		count++;
	}
	if (!isfinite(pm_ksum_result(k)))
		Float8ResultOverflow();
	return count;
}

PG_FUNCTION_INFO_V1(pricemath_array_sum_float8);
Datum
pricemath_array_sum_float8(PG_FUNCTION_ARGS)
{
	pm_ksum		k;

	if (Float8ArraySum(PG_GETARG_ARRAYTYPE_P(0), &k) == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pm_ksum_result(&k));
}

PG_FUNCTION_INFO_V1(pricemath_array_avg_float8);
Datum
pricemath_array_avg_float8(PG_FUNCTION_ARGS)
{
	pm_ksum		k;
	int64		n = Float8ArraySum(PG_GETARG_ARRAYTYPE_P(0), &k);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pm_ksum_result(&k) / (double) n);
}

static Datum
Float8ArrayExtreme(ArrayType *arr, int sign, bool *isnull)
{
	PmArray		a;
	const double *av;
	double		best = 0;
	bool		found = false;

	PmArrayInit(&a, arr, FLOAT8OID, "a");
	av = (const double *) a.data;
	for (int i = 0; i < a.nitems; i++)
	{
		double		x;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&a, i))
			continue;
		x = *av++;
		PmCheckFloat8Finite(x, "a", a.lbound + i);
		if (!found || (sign < 0 ? x < best : x > best))
			best = x;
		found = true;
	}
	*isnull = !found;
	return Float8GetDatum(best);
}

PG_FUNCTION_INFO_V1(pricemath_array_min_float8);
Datum
pricemath_array_min_float8(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		r = Float8ArrayExtreme(PG_GETARG_ARRAYTYPE_P(0), -1, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

PG_FUNCTION_INFO_V1(pricemath_array_max_float8);
Datum
pricemath_array_max_float8(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		r = Float8ArrayExtreme(PG_GETARG_ARRAYTYPE_P(0), 1, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

PG_FUNCTION_INFO_V1(pricemath_weighted_avg_float8);
Datum
pricemath_weighted_avg_float8(PG_FUNCTION_ARGS)
{
	PmArray		v,
				w;
	const double *vv,
			   *wv;
	pm_ksum		num = {0, 0},
				den = {0, 0};
	int64		pairs = 0;
	double		d;

	PmArrayInit(&v, PG_GETARG_ARRAYTYPE_P(0), FLOAT8OID, "values");
	PmArrayInit(&w, PG_GETARG_ARRAYTYPE_P(1), FLOAT8OID, "weights");
	PmCheckSameLength(&v, &w);
	vv = (const double *) v.data;
	wv = (const double *) w.data;
	for (int i = 0; i < v.nitems; i++)
	{
		bool		vnull = PmArrayIsNull(&v, i),
					wnull = PmArrayIsNull(&w, i);
		double		x = 0,
					y = 0;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!vnull)
		{
			x = *vv++;
			PmCheckFloat8Finite(x, "values", v.lbound + i);
		}
		if (!wnull)
		{
			y = *wv++;
			PmCheckFloat8Finite(y, "weights", w.lbound + i);
			if (y < 0)
				ReportNegativeWeight(float8out_internal(y), w.lbound + i);
		}
		if (vnull || wnull)
			continue;
		pm_ksum_add(&num, x * y);
		pm_ksum_add(&den, y);
		pairs++;
	}
	if (pairs == 0)
		PG_RETURN_NULL();
	d = pm_ksum_result(&den);
	if (d == 0)
		ReportZeroWeights();
	d = pm_ksum_result(&num) / d;
	if (!isfinite(d))
		Float8ResultOverflow();
	PG_RETURN_FLOAT8(d);
}
