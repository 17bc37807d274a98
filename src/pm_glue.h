/*
 * pm_glue.h: shared fmgr glue: array checks at the edge, numeric <-> core
 * conversion, result array builders and core-status reporting.
 */
#ifndef PM_GLUE_H
#define PM_GLUE_H

#include "postgres.h"

#include "access/tupmacs.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/numeric.h"

#include "core/pm_decimal.h"
#include "core/pm_dec64.h"

/* Check for interrupts every this many elements. */
#define PM_INTERRUPT_STRIDE 4096

/*
 * Whether detoasting argument n (already fetched as arr) made a private copy
 * for this call, which the function may then overwrite as its result.
 */
#define PM_ARG_IS_COPY(n, arr) ((Pointer) (arr) != DatumGetPointer(PG_GETARG_DATUM(n)))

/* "Subscript" of a scalar argument in error reports. */
#define PM_NO_INDEX PG_INT32_MIN

/* A validated one-dimensional (or empty) input array. */
typedef struct PmArray
{
	ArrayType  *arr;
	const char *argname;		/* SQL parameter name, for messages */
	int			nitems;
	int			lbound;			/* SQL subscript of the first element */
	bits8	   *nulls;			/* NULL when there are no NULL elements */
	char	   *data;
} PmArray;

/* Iteration over variable-length elements (numeric). */
typedef struct PmVarIter
{
	char	   *ptr;
} PmVarIter;

static inline bool
PmArrayIsNull(const PmArray *a, int i)
{
	return a->nulls != NULL && (a->nulls[i >> 3] & (1 << (i & 7))) == 0;
}

/*
 * Hint the CPU to fetch the 512 bytes below datum d, where a sequential scan
 * usually finds the next row: heap pages fill from their end downward, so
 * the tuple a scan returns next sits just below the current one.  A
 * transition function that reads its whole argument calls this first, so
 * the next row arrives while it works on this one.  Only a hint: prefetches
 * never fault, and the addresses are formed as integers.
 */
#define PM_PREFETCH_BELOW_LINES 8

static inline void
PmPrefetchNextRow(const void *d)
{
#if defined(__GNUC__) || defined(__clang__)
	for (int k = 1; k <= PM_PREFETCH_BELOW_LINES; k++)
		__builtin_prefetch((const void *) ((uintptr_t) d - 64 * (uintptr_t) k));
#endif
}

/* Pointer to element i's varlena and advance; call only for non-NULL i. */
static inline char *
PmVarIterNext(PmVarIter *it)
{
	char	   *p = it->ptr;

	it->ptr = att_addlength_pointer(p, -1, p);
	it->ptr = (char *) att_align_nominal(it->ptr, TYPALIGN_INT);
	return p;
}

/* pm_array.c */
extern void PmArrayInit(PmArray *a, ArrayType *arr, Oid elemtype, const char *argname);
extern void PmCheckSameLength(const PmArray *a, const PmArray *b);
extern bool PmArrayAnyNull(const PmArray *a);
extern ArrayType *PmFloat8ArrayCreate(const PmArray *shape, bool hasnulls, int nvalues);
extern pm_round_mode PmParseRoundMode(text *mode);
extern void PmReportStatus(pm_status st, const char *what) pg_attribute_noreturn();
extern void PmCheckFloat8Finite(double v, const char *argname, int subscript);
extern void PmCheckPlaces(int32 places);
extern int	PmErrdetailElem(const PmArray *a, int subscript, const char *fmt,...) pg_attribute_printf(3, 4);
/* A core tick function (pm_tick_fn): CHECK_FOR_INTERRUPTS. */
extern void PmTickInterrupts(void *arg);

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
extern Numeric PmFloat8ToNumeric(double v);
extern Datum PmCallWithNumericArgs(FunctionCallInfo fcinfo, PGFunction target, uint32 mask,
								   PmArgType argtype);
#define PM_INT_OVERLOADS(sym, mask) \
PG_FUNCTION_INFO_V1(sym##_int2); \
Datum \
sym##_int2(PG_FUNCTION_ARGS) \
{ \
	return PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT2); \
} \
PG_FUNCTION_INFO_V1(sym##_int4); \
Datum \
sym##_int4(PG_FUNCTION_ARGS) \
{ \
	return PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT4); \
} \
PG_FUNCTION_INFO_V1(sym##_int8); \
Datum \
sym##_int8(PG_FUNCTION_ARGS) \
{ \
	return PmCallWithNumericArgs(fcinfo, sym, (mask), PM_ARGS_INT8); \
}


/* pm_numeric.c */
/*
 * PostgreSQL's numeric storage format (numeric.c; stable on disk since 9.1,
 * infinities since 14).  After the varlena header comes a uint16 header word
 * and, in the long form, an int16 weight; then base-10000 int16 digits.
 */
#define PMN_SIGN_MASK 0xC000
#define PMN_POS 0x0000
#define PMN_NEG 0x4000
#define PMN_SHORT 0x8000
#define PMN_SPECIAL 0xC000
#define PMN_EXT_MASK 0xF000
#define PMN_NAN 0xC000
#define PMN_PINF 0xD000
#define PMN_NINF 0xF000
#define PMN_SHORT_SIGN_MASK 0x2000
#define PMN_SHORT_DSCALE_MASK 0x1F80
#define PMN_SHORT_DSCALE_SHIFT 7
#define PMN_SHORT_DSCALE_MAX (PMN_SHORT_DSCALE_MASK >> PMN_SHORT_DSCALE_SHIFT)
#define PMN_SHORT_WEIGHT_SIGN_MASK 0x0040
#define PMN_SHORT_WEIGHT_MASK 0x003F
#define PMN_SHORT_WEIGHT_MAX PMN_SHORT_WEIGHT_MASK
#define PMN_SHORT_WEIGHT_MIN (-(PMN_SHORT_WEIGHT_MASK + 1))
#define PMN_DSCALE_MASK 0x3FFF

static inline uint16
PmReadU16(const char *p)
{
	uint16		v;

	memcpy(&v, p, sizeof(v));
	return v;
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
	uint16		hdr;
	int			weight,
				dscale,
				ndigits;
	bool		neg;
	const int16_t *digits;

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
	if (unlikely(len < sizeof(uint16) || ((uintptr_t) data & 1) != 0))
		return false;
	hdr = PmReadU16(data);
	if (unlikely((hdr & PMN_SIGN_MASK) != PMN_SHORT))
		return false;
	neg = (hdr & PMN_SHORT_SIGN_MASK) != 0;
	weight = (hdr & PMN_SHORT_WEIGHT_SIGN_MASK) ?
		(int) (~PMN_SHORT_WEIGHT_MASK | (hdr & PMN_SHORT_WEIGHT_MASK)) :
		(int) (hdr & PMN_SHORT_WEIGHT_MASK);
	dscale = (hdr & PMN_SHORT_DSCALE_MASK) >> PMN_SHORT_DSCALE_SHIFT;
	digits = (const int16_t *) (data + sizeof(uint16));
	ndigits = (int) ((len - sizeof(uint16)) / sizeof(int16));
	if (end != NULL && (const char *) (digits + 4) <= end)
		return pm_dec64_from_base10000_4(neg, weight, dscale, digits, ndigits, d);
	return pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, d);
}

/* Result of decoding one numeric. */
typedef enum PmNumKind
{
	PM_NUM_FAST,				/* decoded into pm_dec */
	PM_NUM_SLOW,				/* finite but too wide: use PostgreSQL's numeric */
	PM_NUM_NAN,
	PM_NUM_PINF,
	PM_NUM_NINF
} PmNumKind;

extern PmNumKind PmNumericDecode(const char *varlena, pm_dec *d);
extern int	PmNumericDscale(const char *varlena);
extern Size PmNumericEncodedSize(const pm_dec *d);
extern Size PmNumericEncode(const pm_dec *d, char *dst);
extern Numeric PmDecToNumeric(const pm_dec *d);
extern void PmCheckNumericKind(PmNumKind kind, const char *argname, int subscript);
extern void PmCheckNumericElem(PmNumKind kind, const PmArray *a, int i);

/* Builds a one-dimensional numeric[] in one growing buffer. */
typedef struct PmNumBuilder
{
	char	   *buf;			/* the ArrayType under construction */
	Size		cap;
	Size		len;
	int			nitems;
	bool		hasnulls;
} PmNumBuilder;

extern void PmNumBuilderInit(PmNumBuilder *b, const PmArray *shape, bool hasnulls,
							 Size data_estimate);
extern void PmNumBuilderGrow(PmNumBuilder *b, Size need);
extern void PmNumBuilderPutDec(PmNumBuilder *b, int i, const pm_dec *d);
extern void PmNumBuilderPutNumeric(PmNumBuilder *b, int i, Numeric n);
extern ArrayType *PmNumBuilderFinish(PmNumBuilder *b);

/* Largest element PmNumericEncode64At writes, alignment padding included. */
#define PM_NUMERIC64_MAX_ENCODED (3 + VARHDRSZ + sizeof(uint16) + PM_DEC64_MAX_GROUPS * sizeof(int16))

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
							  (int16_t *) (p + VARHDRSZ + sizeof(uint16)));
	if (unlikely(n < 0 || d->scale > PMN_SHORT_DSCALE_MAX ||
				 weight > PMN_SHORT_WEIGHT_MAX || weight < PMN_SHORT_WEIGHT_MIN))
		return 0;
	size = VARHDRSZ + sizeof(uint16) + n * sizeof(int16);
	SET_VARSIZE(p, size);
	hdr = (neg ? (PMN_SHORT | PMN_SHORT_SIGN_MASK) : PMN_SHORT) |
		(d->scale << PMN_SHORT_DSCALE_SHIFT) |
		(weight < 0 ? PMN_SHORT_WEIGHT_SIGN_MASK : 0) |
		(weight & PMN_SHORT_WEIGHT_MASK);
	memcpy(p + VARHDRSZ, &hdr, sizeof(hdr));
	return start + size;
}

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

/* pm_arith.c: the numeric[] engine the pricing functions build on */
typedef enum PmOp
{
	PMOP_ADD,
	PMOP_SUB,
	PMOP_MUL,
	PMOP_DIV,					/* round(a / b, places, mode) */
	PMOP_ROUND,					/* round(a, places, mode); b unused */
	PMOP_ROUND_TO,				/* round(a / b, 0, mode) * b */
	PMOP_MUL_ROUND				/* round(a * b, places, mode) */
} PmOp;

typedef struct PmOpArgs
{
	PmOp		op;
	int32		places;
	pm_round_mode mode;
} PmOpArgs;

extern ArrayType *PmNumericArrayOp(const PmOpArgs *o, ArrayType *aarr, const char *aname,
								   ArrayType *barr, Numeric bscalar, const char *bname);
extern Numeric PmNumericScalarOp(const PmOpArgs *o, Numeric a, const char *aname,
								 Numeric b, const char *bname);

/* Exact round(a / b, places) with mode, in PostgreSQL's numeric. */
extern Numeric PmNumericDivRound(Numeric a, Numeric b, int32 places, pm_round_mode mode);

#endif							/* PM_GLUE_H */
