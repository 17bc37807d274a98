/*
 * pm_numeric.c: numeric <-> core decimal conversion over the stored format's
 * accessors (core/pm_numfmt.h), numeric[] results, the exact numeric fallback.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "core/pm_float.h"
#include "pm_numeric.h"

/* Decode one numeric varlena (any header form) into the core's form. */
PmNumKind
PmNumericDecode(const char *varlena, pm_dec *d)
{
	pm_numfmt	v;
	const char *digits;
	int16		buf[16];

	if (!pm_numfmt_parse(VARDATA_ANY(varlena), VARSIZE_ANY_EXHDR(varlena), &v))
		elog(ERROR, "invalid numeric datum");
	if (v.special)
		return pm_numfmt_is_pinf(v.header) ? PM_NUM_PINF :
			pm_numfmt_is_ninf(v.header) ? PM_NUM_NINF : PM_NUM_NAN;
	if (v.ndigits > 10)
		return PM_NUM_SLOW;
	/* Short-header datums (only outside arrays) may leave digits unaligned. */
	digits = v.digits;
	if (((uintptr_t) digits & 1) != 0)
	{
		memcpy(buf, digits, v.ndigits * sizeof(int16));
		digits = (const char *) buf;
	}
	if (pm_dec_from_base10000(v.neg, v.weight, v.dscale, (const int16_t *) digits, v.ndigits,
							  d) != PM_OK)
		return PM_NUM_SLOW;
	return PM_NUM_FAST;
}

/* Display scale of a finite numeric varlena (any header form). */
int
PmNumericDscale(const char *varlena)
{
	if (VARSIZE_ANY_EXHDR(varlena) < PM_NUMFMT_SHORT_HDRSZ)
		elog(ERROR, "invalid numeric datum");
	return pm_numfmt_dscale(pm_numfmt_header(VARDATA_ANY(varlena)));
}

/* Raise 22003 for NaN and infinities, naming the argument or its element (of a). */
static pg_noinline void
ReportNonFinite(PmNumKind kind, const char *argname, const PmArray *a, int subscript)
{
	PmReportNonFinite(kind == PM_NUM_NAN ? "NaN" : kind == PM_NUM_PINF ? "Infinity" : "-Infinity",
					  argname, a, subscript);
}

void
PmCheckNumericKind(PmNumKind kind, const char *argname, int subscript)
{
	if (likely(kind == PM_NUM_FAST || kind == PM_NUM_SLOW))
		return;
	ReportNonFinite(kind, argname, NULL, subscript);
}

/* The same for element i (0-based) of array a. */
void
PmCheckNumericElem(PmNumKind kind, const PmArray *a, int i)
{
	if (likely(kind == PM_NUM_FAST || kind == PM_NUM_SLOW))
		return;
	ReportNonFinite(kind, a->argname, a, a->lbound + i);
}

Size
PmNumericEncodedSize(const pm_dec *d)
{
	int16_t		digits[PM_MAX_GROUPS];
	bool		neg;
	int			weight;
	int			n = pm_dec_to_base10000(d, &neg, &weight, digits);

	return VARHDRSZ + pm_numfmt_header_size_for(weight, d->scale) + n * PM_NUMFMT_GROUP_SIZE;
}

/*
 * Write d as a complete numeric varlena (4-byte header) at dst, byte for
 * byte what PostgreSQL's make_result() builds; returns its size.
 */
Size
PmNumericEncode(const pm_dec *d, char *dst)
{
	int16_t		digits[PM_MAX_GROUPS];
	bool		neg;
	int			weight;
	int			n = pm_dec_to_base10000(d, &neg, &weight, digits);
	Size		size;

	if (d->scale < 0 || d->scale > PM_NUMFMT_DSCALE_MAX)
		elog(ERROR, "numeric scale %d out of range", d->scale);
	size = VARHDRSZ + pm_numfmt_encode(dst + VARHDRSZ, neg, weight, d->scale, digits, n);
	SET_VARSIZE(dst, size);
	return size;
}

Numeric
PmDecToNumeric(const pm_dec *d)
{
	char	   *buf = palloc(PmNumericEncodedSize(d));

	PmNumericEncode(d, buf);
	return (Numeric) buf;
}

/* ---- numeric[] builder ---- */

static inline void
builder_reserve(PmNumBuilder *b, Size need)
{
	if (unlikely(b->len + need > b->cap))
		PmNumBuilderGrow(b, need);
}

/* Make room for need more bytes (out of line: the fast paths rarely grow). */
void
PmNumBuilderGrow(PmNumBuilder *b, Size need)
{
	Size		newcap;

	if (b->len + need <= b->cap)
		return;
	if (b->len + need > MaxAllocSize)
		PmReportArrayTooLarge();
	newcap = Max(b->cap * 2, b->len + need);
	newcap = Min(newcap, MaxAllocSize);
	b->buf = repalloc(b->buf, newcap);
	b->cap = newcap;
}

void
PmNumBuilderInit(PmNumBuilder *b, const PmArray *shape, bool hasnulls,
				 Size data_estimate)
{
	Size		overhead = hasnulls ? ARR_OVERHEAD_WITHNULLS(1, shape->nitems) : ARR_OVERHEAD_NONULLS(1);
	ArrayType  *r;

	b->cap = overhead + Min(data_estimate, MaxAllocSize / 2);
	/* zero only the header and bitmap: untouched pages of a generous estimate then cost nothing */
	b->buf = palloc(b->cap);
	/* a constant size without NULLs, which the compiler stores inline */
	if (hasnulls)
		memset(b->buf, 0, overhead);
	else
		memset(b->buf, 0, ARR_OVERHEAD_NONULLS(1));
	b->len = overhead;
	b->nitems = shape->nitems;
	b->hasnulls = hasnulls;
	r = (ArrayType *) b->buf;
	r->ndim = 1;
	r->dataoffset = hasnulls ? (int32) overhead : 0;
	r->elemtype = NUMERICOID;
	ARR_DIMS(r)[0] = shape->nitems;
	ARR_LBOUND(r)[0] = shape->lbound;
}

/* Largest encoding of a pm_dec: 4-byte varlena, the long header, digits. */
#define PM_NUMERIC_MAX_ENCODED (VARHDRSZ + PM_NUMFMT_LONG_HDRSZ + PM_MAX_GROUPS * PM_NUMFMT_GROUP_SIZE)

/*
 * Room for element i of up to maxsize bytes at its int alignment, pads
 * zeroed as palloc0 would leave them; the caller then commits the size.
 */
static inline char *
builder_slot(PmNumBuilder *b, int i, Size maxsize)
{
	Size		start = INTALIGN(b->len);

	builder_reserve(b, (start - b->len) + maxsize);
	while (b->len < start)
		b->buf[b->len++] = 0;
	if (b->hasnulls)
	{
		bits8	   *bitmap = ARR_NULLBITMAP((ArrayType *) b->buf);

		bitmap[i >> 3] |= (bits8) (1 << (i & 7));
	}
	return b->buf + start;
}

void
PmNumBuilderPutDec(PmNumBuilder *b, int i, const pm_dec *d)
{
	b->len += PmNumericEncode(d, builder_slot(b, i, PM_NUMERIC_MAX_ENCODED));
}

void
PmNumBuilderPutNumeric(PmNumBuilder *b, int i, Numeric n)
{
	Size		size = VARSIZE(n);

	memcpy(builder_slot(b, i, size), n, size);
	b->len += size;
}

ArrayType *
PmNumBuilderFinish(PmNumBuilder *b)
{
	/* construct_md_array counts the last element's alignment padding too */
	Size		end = INTALIGN(b->len);

	builder_reserve(b, end - b->len);
	/* at most three bytes: no memset call */
	while (b->len < end)
		b->buf[b->len++] = 0;
	SET_VARSIZE(b->buf, b->len);
	return (ArrayType *) b->buf;
}

/* ---- PostgreSQL's numeric ---- */

Numeric
PmNumericCopyTo(MemoryContext cxt, Numeric n)
{
	Numeric		c = MemoryContextAlloc(cxt, VARSIZE(n));

	memcpy(c, n, VARSIZE(n));
	return c;
}

char *
PmNumericText(Numeric n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
}

int
PmNumericCmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

int
PmNumericSign(Numeric n)
{
	return PmNumericCmp(n, int64_to_numeric(0));
}

Numeric
PmNumericFromCString(const char *s)
{
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

Numeric
PmNumericPow10(int32 k)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), "1e%d", k);
	return PmNumericFromCString(buf);
}

/*
 * Exact round(a / b, places) with mode, for values beyond the fast path:
 * q = trunc(a * 10^places / b), r = a * 10^places - q * b, then the mode
 * decides from sign and |2r| against |b| whether q moves away from zero.
 * b must be nonzero; both finite.
 */
Numeric
PmNumericDivRoundChecked(Numeric a, Numeric b, int32 places, pm_round_mode mode, bool *inexact)
{
	Datum		num,
				q,
				rem;
	int			rsign;
	bool		neg,
				odd = false,
				inc = false;

	num = DirectFunctionCall2(numeric_mul, NumericGetDatum(a),
							  NumericGetDatum(PmNumericPow10(places)));
	q = DirectFunctionCall2(numeric_div_trunc, num, NumericGetDatum(b));
	rem = DirectFunctionCall2(numeric_sub, num,
							  DirectFunctionCall2(numeric_mul, q, NumericGetDatum(b)));
	rsign = PmNumericSign(DatumGetNumeric(rem));
	neg = (PmNumericSign(DatumGetNumeric(num)) < 0) != (PmNumericSign(b) < 0);
	if (rsign != 0)
	{
		Datum		twice = DirectFunctionCall1(numeric_abs,
												DirectFunctionCall2(numeric_add, rem, rem));
		int			half = PmNumericCmp(DatumGetNumeric(twice),
										DatumGetNumeric(DirectFunctionCall1(numeric_abs,
																			NumericGetDatum(b))));

		/* the parity of q matters only for a tie under half_even */
		if (mode == PM_ROUND_HALF_EVEN && half == 0)
			odd = PmNumericSign(DatumGetNumeric(DirectFunctionCall2(numeric_mod, q,
																	NumericGetDatum(int64_to_numeric(2))))) != 0;
		if (pm_round_away(mode, neg, half, odd, &inc) == PM_INEXACT)
		{
			if (inexact == NULL)
				PmReportInexact(PM_INEXACT_PLACES, NULL, places, NULL, PM_NO_INDEX);
			*inexact = true;
			return NULL;
		}
	}
	if (inc)
		q = DirectFunctionCall2(numeric_add, q,
								NumericGetDatum(int64_to_numeric(neg ? -1 : 1)));
	/* q * 10^-places has scale max(places, 0), like round(numeric, int) */
	return DatumGetNumeric(DirectFunctionCall2(numeric_mul, q,
											   NumericGetDatum(PmNumericPow10(-places))));
}

/*
 * A float8 as the decimal PostgreSQL prints for it (the shortest text that
 * reads back as the same float8: 0.1 is 0.1); NaN and +-Infinity map to
 * numeric's own.
 */
Numeric
PmFloat8ToNumeric(double v)
{
	uint64_t	digits;
	int			exp10;
	char		buf[64];

	if (isnan(v) || isinf(v))
		return DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(v)));
	if (v == 0)
		return int64_to_numeric(0);
	pm_float_shortest(v, &digits, &exp10);
	snprintf(buf, sizeof(buf), "%s" UINT64_FORMAT "e%d", v < 0 ? "-" : "", digits, exp10);
	return PmNumericFromCString(buf);
}

/*
 * Calls the numeric entry point target with the arguments named in mask (bit
 * i for argument i, each of type argtype: int2, int4, int8 or float8) converted to
 * numeric, once per call; NULL arguments stay NULL.  This is how the
 * overloads of README "Type resolution" reuse the numeric path: 3 becomes
 * the numeric 3, scale 0, so mul(a, 3) equals mul(a, 3::numeric) in value
 * and scale; a float8 becomes the decimal it prints as.
 */
Datum
PmCallWithNumericArgs(FunctionCallInfo fcinfo, PGFunction target, uint32 mask, PmArgType argtype)
{
	LOCAL_FCINFO(nfc, PM_MAX_OVERLOAD_ARGS);
	Datum		result;

	if (fcinfo->nargs > PM_MAX_OVERLOAD_ARGS)
		elog(ERROR, "numeric overload with %d arguments", fcinfo->nargs);
	InitFunctionCallInfoData(*nfc, fcinfo->flinfo, fcinfo->nargs, fcinfo->fncollation,
							 fcinfo->context, fcinfo->resultinfo);
	for (int i = 0; i < fcinfo->nargs; i++)
	{
		Datum		v = fcinfo->args[i].value;

		nfc->args[i] = fcinfo->args[i];
		if ((mask & ((uint32) 1 << i)) == 0 || fcinfo->args[i].isnull)
			continue;
		switch (argtype)
		{
			case PM_ARGS_INT2:
				v = NumericGetDatum(int64_to_numeric(DatumGetInt16(v)));
				break;
			case PM_ARGS_INT4:
				v = NumericGetDatum(int64_to_numeric(DatumGetInt32(v)));
				break;
			case PM_ARGS_INT8:
				v = NumericGetDatum(int64_to_numeric(DatumGetInt64(v)));
				break;
			case PM_ARGS_FLOAT8:
				v = NumericGetDatum(PmFloat8ToNumeric(DatumGetFloat8(v)));
				break;
		}
		nfc->args[i].value = v;
	}
	result = target(nfc);
	fcinfo->isnull = nfc->isnull;
	return result;
}
