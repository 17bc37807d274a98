/*
 * pm_aggsum.c: the exact numeric sum's general path and its (de)serialized
 * form, and the error reports the aggregates and reductions share.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "pm_aggsum.h"

/* ---- float8 results ---- */

void
PmResultOutOfRange(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("The result is not a finite float8 value.")));
}

/* ---- the exact sum ---- */

pg_noinline void
PmAggSumSlow(MemoryContext agg, PmAggSum *s, Numeric n, bool subtract)
{
	Numeric		r;

	if (s->slow == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(agg);

		s->slow = PmDecToNumeric(&s->acc);
		MemoryContextSwitchTo(old);
	}
	r = DatumGetNumeric(DirectFunctionCall2(subtract ? numeric_sub : numeric_add,
											NumericGetDatum(s->slow), NumericGetDatum(n)));
	pfree(s->slow);
	/* outside an aggregate (agg is the current context) r is already in place */
	s->slow = agg == CurrentMemoryContext ? r : PmNumericCopyTo(agg, r);
}

void
PmAggSumReset(PmAggSum *s)
{
	if (s->slow != NULL)
		pfree(s->slow);
	memset(s, 0, sizeof(*s));
}

void
PmAggSumApplyProduct(MemoryContext agg, PmAggSum *s, const PmNumArg *a, const PmNumArg *b,
					 bool subtract, bool *scale_ok)
{
	pm_dec		pd;
	bool		ok;
	int32		scale;

	if (a->kind == PM_NUM_FAST && b->kind == PM_NUM_FAST && pm_dec_mul(&a->d, &b->d, &pd) == PM_OK)
	{
		PmAggSumApply(agg, s, &pd, NULL, subtract);
		scale = pd.scale;
	}
	else
	{
		Numeric		n = DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(PmNumArgNumeric(a)),
															NumericGetDatum(PmNumArgNumeric(b))));

		PmAggSumApply(agg, s, NULL, n, subtract);
		scale = PmNumericDscale((const char *) n);
	}
	if (!subtract)
	{
		pm_scale_track_add(&s->st, scale);
		s->count++;
		return;
	}
	s->count--;
	ok = pm_scale_track_remove(&s->st, scale);
	if (s->count == 0)
	{
		PmAggSumReset(s);
		ok = true;
	}
	if (scale_ok)
		*scale_ok = *scale_ok && ok;
}

void
PmAggSumMerge(MemoryContext agg, PmAggSum *s, const PmAggSum *o)
{
	if (o->slow == NULL)
		PmAggSumApply(agg, s, &o->acc, NULL, false);
	else
		PmAggSumApply(agg, s, NULL, o->slow, false);
	pm_scale_track_merge(&s->st, &o->st);
	s->count += o->count;
}

Numeric
PmAggSumValue(const PmAggSum *s)
{
	if (s->slow != NULL)
		return DatumGetNumericCopy(NumericGetDatum(s->slow));
	return PmDecToNumeric(&s->acc);
}

int
PmAggSumSign(const PmAggSum *s)
{
	if (s->slow == NULL)
		return (s->acc.coef > 0) - (s->acc.coef < 0);
	return PmNumericSign(s->slow);
}

Numeric
PmAggSumAvg(const PmAggSum *s)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_div, NumericGetDatum(PmAggSumValue(s)),
											   NumericGetDatum(int64_to_numeric(s->count))));
}

Datum
PmAggSumWeightedAvg(const PmAggSum *num, const PmAggSum *den)
{
	if (PmAggSumSign(den) == 0)
		PmReportDivZeroDetail("The weights sum to zero.");
	return DirectFunctionCall2(numeric_div, NumericGetDatum(PmAggSumValue(num)),
							   NumericGetDatum(PmAggSumValue(den)));
}

/* ---- aggregate states: the flat form is core/pm_statefmt.h's ---- */

void
PmStateValueFrom(pm_statefmt_value *v, const pm_dec *d, Numeric slow)
{
	memset(v, 0, sizeof(*v));
	v->is_numeric = slow != NULL;
	if (slow == NULL)
		v->d = *d;
	else if (!pm_statefmt_numeric_from_stored(VARDATA_ANY(slow), VARSIZE_ANY_EXHDR(slow), &v->n))
		elog(ERROR, "pricemath: a sum's numeric is not finite");
}

/*
 * The numeric is built from the decoded fields in its stored form, as
 * make_result would write it (one allocation, no numeric_recv): the core
 * accepted only values numeric_recv takes unchanged.
 */
void
PmStateValueTo(const pm_statefmt_value *v, MemoryContext cxt, pm_dec *d, Numeric *slow)
{
	*slow = NULL;
	d->coef = 0;
	d->scale = 0;
	if (!v->is_numeric)
		*d = v->d;
	else
	{
		Size		size = pm_statefmt_numeric_stored_size(&v->n);
		struct varlena *n = MemoryContextAlloc(cxt, VARHDRSZ + size);

		SET_VARSIZE(n, VARHDRSZ + size);
		pm_statefmt_numeric_to_stored(&v->n, VARDATA(n));
		*slow = (Numeric) n;
	}
}

void
PmAggSumToState(pm_statefmt_sum *o, const PmAggSum *s)
{
	PmStateValueFrom(&o->v, &s->acc, s->slow);
	o->st = s->st;
	o->count = s->count;
}

void
PmAggSumFromState(PmAggSum *s, const pm_statefmt_sum *o, MemoryContext cxt)
{
	PmStateValueTo(&o->v, cxt, &s->acc, &s->slow);
	s->st = o->st;
	s->count = o->count;
}
