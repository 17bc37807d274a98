/*
 * pm_numeric.h: numeric in the glue: stored numerics to and from the core's
 * decimals (through core/pm_numfmt.h), numeric[] results, numeric helpers.
 */
#ifndef PM_NUMERIC_H
#define PM_NUMERIC_H

#include "fmgr.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "core/pm_dec64.h"
#include "core/pm_numfmt.h"
#include "pm_array.h"

/* ---- decoding ---- */

/* Result of decoding one numeric. */
typedef enum PmNumKind
{
	PM_NUM_FAST,				/* decoded into pm_dec */
	PM_NUM_SLOW,				/* finite but too wide: use PostgreSQL's numeric */
	PM_NUM_NAN,
	PM_NUM_PINF,
	PM_NUM_NINF
} PmNumKind;

/*
 * Decode the short-form numeric whose data (after the varlena header) is at
 * data, len bytes, into the 64-bit lane; false: use PmNumericDecode.
 * word_ok says eight bytes may be read at the digits (the array goes on), so
 * the four groups are read as one word.  The arithmetic's element decoder
 * (PmNumericDecode64) and vec_sum's (VecElemDecode64) share this reading.
 */
static pg_attribute_always_inline bool
PmNumericShortDecode64(const char *data, Size len, bool word_ok, pm_dec64 *d)
{
	uint16		hdr = pm_numfmt_header(data);
	const int16_t *digits = (const int16_t *) pm_numfmt_short_digits(data);
	bool		neg;
	int			weight,
				dscale,
				ndigits;

	if (unlikely(!pm_numfmt_is_short(hdr)))
		return false;
	/* (the fields read once, before the branch: the loops were tuned with this shape) */
	neg = pm_numfmt_short_neg(hdr);
	weight = pm_numfmt_short_weight(hdr);
	dscale = pm_numfmt_short_dscale(hdr);
	ndigits = pm_numfmt_short_ndigits(len);
	if (word_ok)
		return pm_dec64_from_base10000_4(neg, weight, dscale, digits, ndigits, d);
	return pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, d);
}

/*
 * Decode a numeric varlena in the 64-bit lane; false: use PmNumericDecode.
 * end, when not NULL, bounds the memory readable after the datum (the end of
 * its array), which lets the digits be read as one word.
 */
static pg_attribute_always_inline bool
PmNumericDecode64(const char *varlena, const char *end, pm_dec64 *d)
{
	const char *data;
	Size		len;

	if (VARATT_IS_1B(varlena))
	{
		data = varlena + VARHDRSZ_SHORT;
		len = VARSIZE_1B(varlena) - VARHDRSZ_SHORT;
	}
	else
	{
		data = varlena + VARHDRSZ;
		len = VARSIZE_4B(varlena) - VARHDRSZ;
	}
	/* the short header form, with its digits int16-aligned, is the common one */
	if (unlikely(len < PM_NUMFMT_SHORT_HDRSZ || ((uintptr_t) data & 1) != 0))
		return false;
	/* the four groups can be read as one word while a word's bytes remain before end */
	return PmNumericShortDecode64(data, len, end != NULL &&
								  data + PM_NUMFMT_SHORT_HDRSZ + PM_NUMFMT_WORD_GROUPS * PM_NUMFMT_GROUP_SIZE <= end,
								  d);
}

extern PmNumKind PmNumericDecode(const char *varlena, pm_dec *d);
extern int	PmNumericDscale(const char *varlena);
extern void PmCheckNumericKind(PmNumKind kind, const char *argname, int subscript);
extern void PmCheckNumericElem(PmNumKind kind, const PmArray *a, int i);

/* ---- encoding ---- */

extern Size PmNumericEncodedSize(const pm_dec *d);
extern Size PmNumericEncode(const pm_dec *d, char *dst);
extern Numeric PmDecToNumeric(const pm_dec *d);

/* Largest element PmNumericEncode64At writes, alignment padding included. */
#define PM_NUMERIC64_MAX_ENCODED (3 + VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ + PM_DEC64_MAX_GROUPS * sizeof(int16))

/*
 * Write d as an array element at buf + len (int-aligned, the padding zeroed
 * as palloc0 would have left it), in the canonical form PmNumericEncode
 * writes; returns the new length, or 0 when d needs PmNumericEncode (a
 * value too wide or a scale beyond the short header).  The caller provides
 * PM_NUMERIC64_MAX_ENCODED bytes of room.
 */
static pg_attribute_always_inline Size
PmNumericEncode64At(char *buf, Size len, const pm_dec64 *d)
{
	bool		neg;
	int			weight,
				n;
	Size		start,
				size;
	char	   *p;
	uint16		hdr;

	memset(buf + len, 0, sizeof(uint32));
	start = INTALIGN(len);
	p = buf + start;
	/* digits go straight to their place, after the varlena and numeric headers */
	n = pm_dec64_to_base10000(d, &neg, &weight,
							  (int16_t *) (p + VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ));
	if (unlikely(n < 0 || !PM_NUMFMT_CAN_BE_SHORT(weight, d->scale)))
		return 0;
	size = VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ + n * PM_NUMFMT_GROUP_SIZE;
	SET_VARSIZE(p, size);
	hdr = PM_NUMFMT_SHORT_HEADER(neg, weight, d->scale);
	memcpy(p + VARHDRSZ, &hdr, sizeof(hdr));
	return start + size;
}

/*
 * PmNumericEncode64At for many values of one scale, 0 <= scale <=
 * PM_NUMFMT_SHORT_DSCALE_MAX, with the scale's constants worked out once
 * (PmEncScaleInit): the same bytes for the magnitude m and sign neg of a
 * coefficient at that scale.  Returns 0 for zero and for values of more
 * than four groups, which then go to PmNumericEncode64At.  Every weight of
 * four groups at such a scale (-16 to 3) fits the short header.
 */
typedef struct PmEncScale
{
	uint32		rpad;			/* pm_base10000_rpad[scale & 3] */
	uint64		limit;			/* 10^16 / rpad: magnitudes of four groups are below it */
	int			groups;			/* ceil(scale / 4): groups after the point */
	uint16		hdr;			/* the short header word for the scale, positive, weight 0 */
} PmEncScale;

static inline void
PmEncScaleInit(PmEncScale *e, int scale)
{
	Assert(scale >= 0 && scale <= PM_NUMFMT_SHORT_DSCALE_MAX);
	e->rpad = pm_base10000_rpad[scale & 3];
	e->limit = UINT64_C(10000000000000000) / e->rpad;
	e->groups = (scale + PM_NUMFMT_DEC_DIGITS - 1) / PM_NUMFMT_DEC_DIGITS;
	e->hdr = (uint16) PM_NUMFMT_SHORT_HEADER(false, 0, scale);
}

static pg_attribute_always_inline Size
PmNumericEncodeScaledAt(char *buf, Size len, uint64 m, bool neg, const PmEncScale *e)
{
	int			top,
				n;
	Size		start,
				size;
	char	   *p;
	uint16		hdr;

	/* 0 < m < limit, in one unsigned comparison */
	if (unlikely(m - 1 >= e->limit - 1))
		return 0;
	m *= e->rpad;
	memset(buf + len, 0, sizeof(uint32));
	start = INTALIGN(len);
	p = buf + start;
	n = pm_base10000_groups(m, &top, (int16_t *) (p + VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ));
	size = VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ + n * PM_NUMFMT_GROUP_SIZE;
	SET_VARSIZE(p, size);
	/* the weight's 7-bit two's complement is the sign bit 0x40 and its low six bits */
	hdr = e->hdr | (neg ? PM_NUMFMT_SHORT_SIGN_MASK : 0) |
		((top - e->groups) & (PM_NUMFMT_SHORT_WEIGHT_SIGN_MASK | PM_NUMFMT_SHORT_WEIGHT_MASK));
	memcpy(p + VARHDRSZ, &hdr, sizeof(hdr));
	return start + size;
}

/* ---- numeric[] results ---- */

/* Builds a one-dimensional numeric[] in one growing buffer. */
typedef struct PmNumBuilder
{
	char	   *buf;			/* the ArrayType under construction */
	Size		cap;			/* bytes allocated at buf */
	Size		len;			/* bytes written, the last element's padding not yet */
	int			nitems;			/* elements of the result, NULLs included */
	bool		hasnulls;		/* the result has a NULL bitmap */
} PmNumBuilder;

extern void PmNumBuilderInit(PmNumBuilder *b, const PmArray *shape, bool hasnulls,
							 Size data_estimate);
extern void PmNumBuilderGrow(PmNumBuilder *b, Size need);
extern void PmNumBuilderPutDec(PmNumBuilder *b, int i, const pm_dec *d);
extern void PmNumBuilderPutNumeric(PmNumBuilder *b, int i, Numeric n);
extern ArrayType *PmNumBuilderFinish(PmNumBuilder *b);

/* Append element i from the 64-bit lane. */
static pg_attribute_always_inline void
PmNumBuilderPutDec64(PmNumBuilder *b, int i, const pm_dec64 *d)
{
	Size		len;

	if (unlikely(b->len + PM_NUMERIC64_MAX_ENCODED > b->cap))
		PmNumBuilderGrow(b, PM_NUMERIC64_MAX_ENCODED);
	len = PmNumericEncode64At(b->buf, b->len, d);
	if (unlikely(len == 0))
	{
		pm_dec		wide;

		pm_dec64_to_dec(d, &wide);
		PmNumBuilderPutDec(b, i, &wide);
		return;
	}
	b->len = len;
	if (b->hasnulls)
	{
		bits8	   *bitmap = ARR_NULLBITMAP((ArrayType *) b->buf);

		bitmap[i >> 3] |= (bits8) (1 << (i & 7));
	}
}

/* ---- PostgreSQL's numeric ---- */

/*
 * n as numeric_out writes it, palloc'd.  n may be any varlena form of a
 * numeric, an array element's short header included: numeric_out detoasts.
 */
extern char *PmNumericText(Numeric n);

/* A copy of n (any varlena form kept as it is) in cxt, to outlive the call. */
extern Numeric PmNumericCopyTo(MemoryContext cxt, Numeric n);

/*
 * numeric_cmp(a, b): -1, 0 or 1; NaN is equal to itself and above every
 * number.  Any varlena form, as for PmNumericText.
 */
extern int	PmNumericCmp(Numeric a, Numeric b);

/* PmNumericText and PmNumericCmp of numerics held as Datums. */
static inline char *
PmNumericDatumText(Datum n)
{
	return PmNumericText((Numeric) DatumGetPointer(n));
}

static inline int
PmNumericDatumCmp(Datum a, Datum b)
{
	return PmNumericCmp((Numeric) DatumGetPointer(a), (Numeric) DatumGetPointer(b));
}

/* a + b, a - b and a * b in PostgreSQL's numeric: exact, at the scale numeric gives. */
static inline Numeric
PmNumericAdd(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a), NumericGetDatum(b)));
}

static inline Numeric
PmNumericSub(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(a), NumericGetDatum(b)));
}

static inline Numeric
PmNumericMul(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a), NumericGetDatum(b)));
}

/* PmNumericCmp(n, 0): the sign of n, and 1 for NaN. */
extern int	PmNumericSign(Numeric n);

/* numeric_in of s (typmod -1): the value and scale the text shows. */
extern Numeric PmNumericFromCString(const char *s);

/* 10^k as numeric, scale max(-k, 0). */
extern Numeric PmNumericPow10(int32 k);

/*
 * *cxt, the short-lived context where an array loop computes its elements
 * that need PostgreSQL's numeric, created on first use (*cxt NULL until
 * then): a loop resets it after each such element and deletes it at the end.
 */
static inline MemoryContext
PmSlowContext(MemoryContext *cxt)
{
	if (*cxt == NULL)
		*cxt = AllocSetContextCreate(CurrentMemoryContext, "pricemath fallback",
									 ALLOCSET_SMALL_SIZES);
	return *cxt;
}

/*
 * Exact round(a / b, places) with mode, in PostgreSQL's numeric.  Mode
 * unnecessary and an inexact result: with inexact NULL an error that names
 * no element; else *inexact set and NULL returned, for the caller to report
 * with its element.
 */
extern Numeric PmNumericDivRoundChecked(Numeric a, Numeric b, int32 places, pm_round_mode mode, bool *inexact);

static inline Numeric
PmNumericDivRound(Numeric a, Numeric b, int32 places, pm_round_mode mode)
{
	return PmNumericDivRoundChecked(a, b, places, mode, NULL);
}

/*
 * The decimal a float8 prints as (the shortest text that reads back as the
 * same float8: 0.1 is 0.1), as a numeric; NaN and infinities map to
 * numeric's own.
 */
extern Numeric PmFloat8ToNumeric(double v);

/*
 * Overloads that exist for type resolution (README "Type resolution"): call
 * a numeric entry point with some arguments converted to numeric (see
 * PmCallWithNumericArgs).  PM_INT_OVERLOADS(sym, mask) defines sym_int2,
 * sym_int4 and sym_int8 for the numeric entry point sym, the arguments in
 * mask taken as int2, int4 or int8.
 */
#define PM_MAX_OVERLOAD_ARGS 8
#define PM_ARG(i) ((uint32) 1 << (i))
typedef enum PmArgType
{
	PM_ARGS_INT2,
	PM_ARGS_INT4,
	PM_ARGS_INT8,
	PM_ARGS_FLOAT8
} PmArgType;
extern Datum PmCallWithNumericArgs(FunctionCallInfo fcinfo, PGFunction target, uint32 mask,
								   PmArgType argtype);
#define PM_INT_OVERLOADS(sym, mask) \
PM_SQL_FUNC(sym##_int2, PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT2)) \
PM_SQL_FUNC(sym##_int4, PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT4)) \
PM_SQL_FUNC(sym##_int8, PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT8))

#endif							/* PM_NUMERIC_H */
