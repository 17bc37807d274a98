/*
 * pm_aggsum.c: the exact numeric sum's general path and its (de)serialized
 * form, and the error reports the aggregates and reductions share.
 */
#include "postgres.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "pm_aggsum.h"

/* ---- aggregate states ---- */

void
PmKsumWrite(StringInfo buf, const pm_ksum *k)
{
	pq_sendfloat8(buf, k->sum);
	pq_sendfloat8(buf, k->comp);
}

/*
 * Infinities and NaN are read as they were written: a sum that overflowed
 * stays overflowed, and the final function reports it.
 */
void
PmKsumRead(PmStateReader *r, pm_ksum *k)
{
	k->sum = PmReadFloat8(r);
	k->comp = PmReadFloat8(r);
}

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

/*
 * A value of the exact sum's form, written: a kind byte, then for kind 0 the
 * int128 coefficient (high, low int64) and its scale (int32), for kind 1 the
 * numeric in numeric_send's form after its length (int32).
 */
void
PmDecOrNumericWrite(StringInfo buf, const pm_dec *d, Numeric slow)
{
	pq_sendbyte(buf, slow != NULL);
	if (slow == NULL)
	{
		pq_sendint64(buf, (int64) (d->coef >> 64));
		pq_sendint64(buf, (int64) (uint64) d->coef);
		pq_sendint32(buf, d->scale);
	}
	else
	{
		bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(slow)));

		pq_sendint32(buf, VARSIZE_ANY_EXHDR(b));
		pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	}
}

/*
 * numeric_send's form: ndigits, weight, sign, dscale (int16 each), then the
 * digits (int16 each).  numeric_recv checks each field; the length is
 * checked here, so that every error is 22P03.
 */
#define PM_NUMERIC_SEND_HDRSZ 8

void
PmDecOrNumericRead(PmStateReader *r, MemoryContext cxt, pm_dec *d, Numeric *slow)
{
	int			flag = PmReadByte(r);

	*slow = NULL;
	d->coef = 0;
	d->scale = 0;
	if (flag == 0)
	{
		int64		hi = PmReadInt64(r);
		uint64		lo = (uint64) PmReadInt64(r);

		d->coef = (pm_i128) (((pm_u128) (uint64) hi << 64) | lo);
		d->scale = PmReadInt32(r);
		if (d->scale < 0 || d->scale > PM_MAX_SCALE)
			PmCorruptState("A value has an invalid scale.");
	}
	else if (flag == 1)
	{
		int			len = PmReadInt32(r);
		StringInfoData nb;
		uint16		ndigits;
		Numeric		n;

		if (len < PM_NUMERIC_SEND_HDRSZ || len > PmReadLeft(r))
			PmCorruptState("A numeric value has an invalid length.");
		nb.data = (char *) PmReadBytes(r, len);
		memcpy(&ndigits, nb.data, sizeof(ndigits));
		if (len != PM_NUMERIC_SEND_HDRSZ + 2 * (int) pg_ntoh16(ndigits))
			PmCorruptState("A numeric value has an invalid length.");
		nb.len = len;
		nb.maxlen = 0;
		nb.cursor = 0;
		n = DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&nb),
												ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		if (nb.cursor != nb.len || numeric_is_nan(n) || numeric_is_inf(n))
			PmCorruptState("A numeric value is not a finite number.");
		/* numeric_recv drops digits beyond the scale: only its own form is accepted */
		{
			bytea	   *again = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(n)));

			if (VARSIZE_ANY_EXHDR(again) != (Size) len || memcmp(VARDATA_ANY(again), nb.data, len) != 0)
				PmCorruptState("A numeric value is not in numeric_send's form.");
		}
		*slow = PmNumericCopyTo(cxt, n);
	}
	else
		PmCorruptState("A value has an invalid kind.");
}

/* The sum, written: its value, the scale tracker's largest scale (int32) and count (int64), the count (int64). */
void
PmAggSumWrite(StringInfo buf, const PmAggSum *s)
{
	PmDecOrNumericWrite(buf, &s->acc, s->slow);
	pq_sendint32(buf, s->st.maxscale);
	pq_sendint64(buf, s->st.nmax);
	pq_sendint64(buf, s->count);
}

/*
 * A sum read back, checked as far as a sum can be: an empty sum is an exact
 * zero of scale 0, and a sum of values has the largest scale among them.
 */
void
PmAggSumRead(PmStateReader *r, MemoryContext cxt, PmAggSum *s)
{
	int32		scale;

	PmDecOrNumericRead(r, cxt, &s->acc, &s->slow);
	s->st.maxscale = PmReadInt32(r);
	s->st.nmax = PmReadInt64(r);
	s->count = PmReadInt64(r);
	if (s->count < 0 || s->st.nmax < 0 || s->st.nmax > s->count || (s->count > 0) != (s->st.nmax > 0) ||
		s->st.maxscale < 0 || s->st.maxscale > PM_MAX_SCALE)
		PmCorruptState("A sum has invalid counts.");
	scale = s->slow != NULL ? PmNumericDscale((const char *) s->slow) : s->acc.scale;
	if (s->count == 0 ? (s->slow != NULL || s->acc.coef != 0 || scale != 0 || s->st.maxscale != 0)
		: scale != s->st.maxscale)
		PmCorruptState("A sum's value does not match its counts.");
}
