/*
 * pm_reduce.c: reductions of one array to a scalar: array_sum, array_min,
 * array_max, array_avg and weighted_avg over numeric[] and float8[].
 * NULL elements are ignored; no non-NULL element gives NULL.  Numeric sums
 * use the aggregates' exact sum (pm_aggsum.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "core/pm_float.h"
#include "pm_aggsum.h"
#include "pm_array.h"
#include "pm_numeric.h"

/* What a reduction computes of the non-NULL elements. */
typedef enum ReduceOp
{
	REDUCE_SUM,
	REDUCE_AVG,
	REDUCE_MIN,
	REDUCE_MAX
} ReduceOp;

/*
 * A reduction of a numeric[].  Sums are exact, in the aggregates' sum type
 * (in the current memory context); the average has the value and scale
 * avg() gives.  Like min() and max(), a later element equal to the best so
 * far replaces it, so the scale shown is the last one's.
 */
static Datum
NumericArrayReduce(FunctionCallInfo fcinfo, ReduceOp op)
{
	PmArray		a;
	PmVarIter	it;
	PmAggSum	sum;
	PmNumArg	best;
	bool		found = false;

	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(0), NUMERICOID, "a");
	memset(&sum, 0, sizeof(sum));
	it.ptr = a.data;
	for (int i = 0; i < a.nitems; i++)
	{
		PmNumArg	v;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(&a, i))
			continue;
		PmNumArgInit(&v, PmVarIterNext(&it), "a", a.lbound + i);
		if (op == REDUCE_SUM || op == REDUCE_AVG)
			PmAggSumAddArg(CurrentMemoryContext, &sum, &v);
		else if (found)
		{
			pm_status	st = PM_OVERFLOW;
			int			cmp = 0;

			if (best.kind == PM_NUM_FAST && v.kind == PM_NUM_FAST)
				cmp = pm_dec_cmp(&best.d, &v.d, &st);
			if (st != PM_OK)
				cmp = PmNumericCmp(PmNumArgNumeric(&best), PmNumArgNumeric(&v));
			if (cmp * (op == REDUCE_MIN ? -1 : 1) <= 0)
				best = v;
		}
		else
			best = v;
		found = true;
	}
	if (!found)
		PG_RETURN_NULL();
	switch (op)
	{
		case REDUCE_SUM:
			PG_RETURN_NUMERIC(PmAggSumValue(&sum));
		case REDUCE_AVG:
			PG_RETURN_NUMERIC(PmAggSumAvg(&sum));
		default:
			PG_RETURN_NUMERIC(DatumGetNumericCopy(PointerGetDatum(best.p)));
	}
}

/*
 * sum(v * w) / sum(w) over the pairs where both are non-NULL, with the
 * value and scale PostgreSQL gives for that expression.
 */
PG_FUNCTION_INFO_V1(pricemath_weighted_avg_numeric);
Datum
pricemath_weighted_avg_numeric(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = CurrentMemoryContext;
	PmArray		v,
				w;
	PmVarIter	iv,
				iw;
	PmAggSum	num,
				den;

	PmArrayInit(&v, PG_GETARG_ARRAYTYPE_P(0), NUMERICOID, "values");
	PmArrayInit(&w, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "weights");
	PmCheckSameLength(&v, &w);
	memset(&num, 0, sizeof(num));
	memset(&den, 0, sizeof(den));
	iv.ptr = v.data;
	iw.ptr = w.data;
	for (int i = 0; i < v.nitems; i++)
	{
		PmNumArg	va,
					wa;
		bool		vnull = PmArrayIsNull(&v, i),
					wnull = PmArrayIsNull(&w, i);

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (!vnull)
			PmNumArgInit(&va, PmVarIterNext(&iv), "values", v.lbound + i);
		if (!wnull)
		{
			PmNumArgInit(&wa, PmVarIterNext(&iw), "weights", w.lbound + i);
			if (PmNumArgSign(&wa) < 0)
				PmReportNegativeWeight(PmNumericText(PmNumArgNumeric(&wa)), w.lbound + i);
		}
		if (vnull || wnull)
			continue;
		PmAggSumApplyProduct(cxt, &num, &va, &wa, false, NULL);
		PmAggSumAddArg(cxt, &den, &wa);
	}
	if (den.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PmAggSumWeightedAvg(&num, &den));
}

/* ---- float8 ---- */

/* A reduction of a float8[]; sums are compensated. */
static Datum
Float8ArrayReduce(FunctionCallInfo fcinfo, ReduceOp op)
{
	PmArray		a;
	const double *av;
	pm_ksum		k = {0, 0};
	double		best = 0,
				d;
	int64		count = 0;

	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(0), FLOAT8OID, "a");
	av = PmFloat8Data(a.data);
	for (int i = 0; i < a.nitems; i++)
	{
		double		x;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(&a, i))
			continue;
		x = *av++;
		PmCheckFloat8Finite(x, "a", a.lbound + i);
		if (op == REDUCE_SUM || op == REDUCE_AVG)
			pm_ksum_add(&k, x);
		else if (count == 0 || (op == REDUCE_MIN ? x < best : x > best))
			best = x;
		count++;
	}
	if (count == 0)
		PG_RETURN_NULL();
	if (op == REDUCE_MIN || op == REDUCE_MAX)
		PG_RETURN_FLOAT8(best);
	d = PmCheckResult(pm_ksum_result(&k));
	PG_RETURN_FLOAT8(op == REDUCE_AVG ? d / (double) count : d);
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
	vv = PmFloat8Data(v.data);
	wv = PmFloat8Data(w.data);
	for (int i = 0; i < v.nitems; i++)
	{
		bool		vnull = PmArrayIsNull(&v, i),
					wnull = PmArrayIsNull(&w, i);
		double		x = 0,
					y = 0;

		PM_CHECK_INTERRUPTS_EVERY(i);
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
				PmReportNegativeWeight(float8out_internal(y), w.lbound + i);
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
		PmReportDivZeroDetail("The weights sum to zero.");
	PG_RETURN_FLOAT8(PmCheckResult(pm_ksum_result(&num) / d));
}

/* The SQL entry points of the reductions (PM_SQL_FUNC: each returns one call). */
PM_SQL_FUNC(pricemath_array_sum_numeric, NumericArrayReduce(fcinfo, REDUCE_SUM))
PM_SQL_FUNC(pricemath_array_avg_numeric, NumericArrayReduce(fcinfo, REDUCE_AVG))
PM_SQL_FUNC(pricemath_array_min_numeric, NumericArrayReduce(fcinfo, REDUCE_MIN))
PM_SQL_FUNC(pricemath_array_max_numeric, NumericArrayReduce(fcinfo, REDUCE_MAX))
PM_SQL_FUNC(pricemath_array_sum_float8, Float8ArrayReduce(fcinfo, REDUCE_SUM))
PM_SQL_FUNC(pricemath_array_avg_float8, Float8ArrayReduce(fcinfo, REDUCE_AVG))
PM_SQL_FUNC(pricemath_array_min_float8, Float8ArrayReduce(fcinfo, REDUCE_MIN))
PM_SQL_FUNC(pricemath_array_max_float8, Float8ArrayReduce(fcinfo, REDUCE_MAX))
