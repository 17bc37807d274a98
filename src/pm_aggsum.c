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
PmCorruptState(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized aggregate state"),
			 errdetail("%s", what)));
}

void
PmSerializeBegin(FunctionCallInfo fcinfo, const char *fname, StringInfo buf)
{
	(void) PmAggContext(fcinfo, fname);
	pq_begintypsend(buf);
}

MemoryContext
PmDeserializeBegin(FunctionCallInfo fcinfo, const char *fname, StringInfo buf)
{
	MemoryContext agg = PmAggContext(fcinfo, fname);
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	buf->data = VARDATA_ANY(b);
	buf->len = VARSIZE_ANY_EXHDR(b);
	buf->maxlen = 0;
	buf->cursor = 0;
	return agg;
}

void
PmKsumSerialize(StringInfo buf, const pm_ksum *k)
{
	pq_sendfloat8(buf, k->sum);
	pq_sendfloat8(buf, k->comp);
}

void
PmKsumDeserialize(StringInfo buf, pm_ksum *k)
{
	k->sum = pq_getmsgfloat8(buf);
	k->comp = pq_getmsgfloat8(buf);
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

void
PmAggSumCopySlow(MemoryContext agg, PmAggSum *s)
{
	if (s->slow != NULL)
		s->slow = PmNumericCopyTo(agg, s->slow);
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
 * The serialized sum: a kind byte, then for kind 0 the int128 coefficient
 * (high, low int64) and its scale (int32), for kind 1 the numeric in
 * numeric_send's form after its length (int32); then the scale tracker's
 * largest scale (int32) and count (int64), and the count of values (int64).
 */
void
PmAggSumSerialize(StringInfo buf, const PmAggSum *s)
{
	pq_sendbyte(buf, s->slow != NULL);
	if (s->slow == NULL)
	{
		pq_sendint64(buf, (int64) (s->acc.coef >> 64));
		pq_sendint64(buf, (int64) (uint64) s->acc.coef);
		pq_sendint32(buf, s->acc.scale);
	}
	else
	{
		bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(s->slow)));

		pq_sendint32(buf, VARSIZE_ANY_EXHDR(b));
		pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	}
	pq_sendint32(buf, s->st.maxscale);
	pq_sendint64(buf, s->st.nmax);
	pq_sendint64(buf, s->count);
}

void
PmAggSumDeserialize(MemoryContext agg, StringInfo buf, PmAggSum *s)
{
	int			flag = pq_getmsgbyte(buf);

	s->slow = NULL;
	s->acc.coef = 0;
	s->acc.scale = 0;
	if (flag == 0)
	{
		int64		hi = pq_getmsgint64(buf);
		uint64		lo = (uint64) pq_getmsgint64(buf);

		s->acc.coef = (pm_i128) (((pm_u128) (uint64) hi << 64) | lo);
		s->acc.scale = pq_getmsgint(buf, 4);
		if (s->acc.scale < 0 || s->acc.scale > PM_MAX_SCALE)
			PmCorruptState("A sum has an invalid scale.");
	}
	else if (flag == 1)
	{
		int			len = pq_getmsgint(buf, 4);
		StringInfoData nb;
		Numeric		n;

		if (len < 0 || len > buf->len - buf->cursor)
			PmCorruptState("A numeric sum has an invalid length.");
		nb.data = (char *) pq_getmsgbytes(buf, len);
		nb.len = len;
		nb.maxlen = 0;
		nb.cursor = 0;
		n = DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&nb),
												ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		if (nb.cursor != nb.len || numeric_is_nan(n) || numeric_is_inf(n))
			PmCorruptState("A numeric sum is not a finite number.");
		s->slow = PmNumericCopyTo(agg, n);
	}
	else
		PmCorruptState("A sum has an invalid kind.");
	s->st.maxscale = pq_getmsgint(buf, 4);
	s->st.nmax = pq_getmsgint64(buf);
	s->count = pq_getmsgint64(buf);
	if (s->count < 0 || s->st.nmax < 0 || s->st.nmax > s->count || (s->count > 0) != (s->st.nmax > 0) ||
		s->st.maxscale < 0 || s->st.maxscale > PM_MAX_SCALE)
		PmCorruptState("A sum has invalid counts.");
}
