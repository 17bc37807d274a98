/*
 * pm_array.h: the glue's edge: validated input arrays and their iteration,
 * argument checks, the shared error reports, interrupt checks, scratch
 * memory and the macros that define SQL entry points and mode parsers.
 */
#ifndef PM_ARRAY_H
#define PM_ARRAY_H

#include "access/tupmacs.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"

#include "core/pm_decimal.h"

/*
 * Cancellation: a long loop over elements checks for interrupts once every
 * PM_TICK_STRIDE elements, the stride at which the core's loops call their
 * tick function (PmTickInterrupts), so that glue and core answer a cancel
 * equally fast.  PM_CHECK_INTERRUPTS_EVERY(i) goes at the top of the loop
 * body, i the element's 0-based index: it checks at elements 0, 4096, ...
 * A loop that works in chunks steps by PM_TICK_STRIDE itself and calls
 * CHECK_FOR_INTERRUPTS() once per chunk.
 */
StaticAssertDecl((PM_TICK_STRIDE & (PM_TICK_STRIDE - 1)) == 0,
				 "PM_TICK_STRIDE must be a power of two");

#define PM_CHECK_INTERRUPTS_EVERY(i) \
	do { \
		if (((i) & (PM_TICK_STRIDE - 1)) == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} while (0)

/* A core tick function (pm_tick_fn): CHECK_FOR_INTERRUPTS. */
extern void PmTickInterrupts(void *arg);

/*
 * Whether detoasting argument n (already fetched as arr) made a private copy
 * for this call, which the function may then overwrite as its result.
 */
#define PM_ARG_IS_COPY(n, arr) ((Pointer) (arr) != DatumGetPointer(PG_GETARG_DATUM(n)))

/*
 * A SQL entry point whose body is one call to the implementation it shares
 * with its siblings: PM_SQL_FUNC(pricemath_clamp_array, ClampArray(fcinfo,
 * false, false)) defines pricemath_clamp_array, which returns that call.
 * PM_SQL_ARRAY_SCALAR(name, impl, ...) defines the pair
 * pricemath_<name>_array and pricemath_<name>_scalar over impl(fcinfo,
 * isarray, ...), for functions whose first or second argument is an array
 * or one value.  Make impl pg_attribute_always_inline: each entry point
 * then compiles to a copy specialised for its constant arguments.
 */
#define PM_SQL_FUNC(sym, call) \
PG_FUNCTION_INFO_V1(sym); \
Datum \
sym(PG_FUNCTION_ARGS) \
{ \
	return call; \
}

#define PM_SQL_ARRAY_SCALAR(name, impl, ...) \
PM_SQL_FUNC(pricemath_##name##_array, impl(fcinfo, true, __VA_ARGS__)) \
PM_SQL_FUNC(pricemath_##name##_scalar, impl(fcinfo, false, __VA_ARGS__))

/* "Subscript" of a scalar argument in error reports. */
#define PM_NO_INDEX PG_INT32_MIN

/* A validated one-dimensional (or empty) input array. */
typedef struct PmArray
{
	ArrayType  *arr;			/* the detoasted array */
	const char *argname;		/* SQL parameter name, for messages */
	int			nitems;			/* elements, NULLs included */
	int			lbound;			/* SQL subscript of the first element */
	bits8	   *nulls;			/* NULL when there are no NULL elements */
	char	   *data;			/* the first non-NULL element */
} PmArray;

/* Iteration over variable-length elements (numeric). */
typedef struct PmVarIter
{
	char	   *ptr;			/* the next non-NULL element's varlena */
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

/*
 * The elements of a float8[] from its data pointer.  PostgreSQL stores them
 * as doubles aligned to 8 bytes (typalign 'd'), so the cast is sound.
 */
static inline double *
PmFloat8Data(char *data)
{
	/* cppcheck-suppress invalidPointerCast ; the bytes are doubles, see above */
	return (double *) data;
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

/*
 * Room for an array stored with a 1-byte varlena header (every array below
 * 127 bytes in a table row, such as a row of eight prices), in the 4-byte
 * form ArrayType needs, aligned as palloc would align it.
 */
typedef union PmShortArrayBuf
{
	ArrayType	a;
	char		bytes[VARHDRSZ + VARATT_SHORT_MAX];
	double		align;
} PmShortArrayBuf;

/*
 * Argument n as an array to read during the call (not to return or keep).
 * A short-header array is copied into *buf, the copy detoasting would make
 * in palloc'd memory, without its allocation; any other is
 * PG_GETARG_ARRAYTYPE_P(n).
 */
static inline ArrayType *
PmGetArgArray(FunctionCallInfo fcinfo, int n, PmShortArrayBuf *buf)
{
	const char *v = (const char *) PG_GETARG_POINTER(n);

	/* (a toast pointer's 1-byte header passes VARATT_IS_SHORT too) */
	if (VARATT_IS_SHORT(v) && !VARATT_IS_EXTERNAL(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		SET_VARSIZE(buf->bytes, len + VARHDRSZ);
#if defined(__GNUC__)

		/*
		 * Hide len's bound (below 127) from GCC, which would expand the
		 * memcpy into rep movsq, whose start-up costs more than copying a
		 * row of prices; the C library's memcpy is quicker at this size.
		 */
		__asm__("" : "+r"(len));
#endif
		memcpy(buf->bytes + VARHDRSZ, v + VARHDRSZ_SHORT, len);
		return &buf->a;
	}
	return PG_GETARG_ARRAYTYPE_P(n);
}

/*
 * Whether argument argno of the call is a Const of its expression: then its
 * value cannot change while fn_extra lives, and a cache there needs no key.
 * Not get_fn_expr_arg_stable: an external Param of a PL/pgSQL simple
 * expression changes value under one FmgrInfo (a loop variable).
 */
extern bool PmArgIsConst(FunctionCallInfo fcinfo, int argno);
extern void PmArrayInit(PmArray *a, ArrayType *arr, Oid elemtype, const char *argname);
extern void PmCheckSameLength(const PmArray *a, const PmArray *b);
extern bool PmArrayAnyNull(const PmArray *a);
extern ArrayType *PmFloat8ArrayCreate(const PmArray *shape, bool hasnulls, int nvalues);
extern pm_round_mode PmParseRoundMode(text *mode);
extern void PmCheckFloat8Finite(double v, const char *argname, int subscript);
extern int	PmErrdetailElem(const PmArray *a, int subscript, const char *fmt,...) pg_attribute_printf(3, 4);

/*
 * Places from -1000 to 1000, PostgreSQL's display limits, are what every
 * places argument takes; beyond them PmCheckPlaces raises 22023 (an error,
 * not a clamp).
 */
#define PM_PLACES_LIMIT 1000

static inline bool
PmPlacesValid(int32 places)
{
	return places >= -PM_PLACES_LIMIT && places <= PM_PLACES_LIMIT;
}

extern void PmCheckPlaces(int32 places);

/*
 * Scratch memory for n elements of size bytes each, one per element of the
 * argument argname.  When n * size exceeds MaxAllocSize, 54000 (program
 * limit exceeded) with the message toolarge (e.g. "tier table is too
 * large") and the detail "Argument "argname" has n elements.".
 * PmCheckArraySize does the check alone, for callers that allocate
 * elsewhere; PmAllocArray also pallocs, uninitialised, in the current
 * context (at least one element, so n may be 0).
 */
extern void PmCheckArraySize(Size n, Size size, const char *toolarge, const char *argname);
extern void *PmAllocArray(Size n, Size size, const char *toolarge, const char *argname);

/*
 * ---- error reports ----
 *
 * Each message that more than one place raises, written once.  They never
 * return, and stay out of line so that the loops that call them keep only
 * the test.  Where an element is named, subscript is its SQL subscript
 * (PM_NO_INDEX for a scalar argument) and the array, when the caller has
 * it (else NULL), adds its excerpt to the detail (PmErrdetailElem).
 */

/* Statuses with no per-element context of their own; what names the operation. */
extern pg_noinline pg_attribute_cold void PmReportStatus(pm_status st, const char *what)
			pg_attribute_noreturn();

/* 22012 "division by zero" with detail, a full sentence saying what was zero. */
extern pg_noinline pg_attribute_cold void PmReportDivZeroDetail(const char *detail) pg_attribute_noreturn();
/*
 * 22012 "division by zero", the detail naming the zero: the scalar
 * argument argname or its element (of arr); argname NULL gives no detail.
 */
extern pg_noinline pg_attribute_cold void PmReportDivZero(const char *argname, const PmArray *arr,
														  int subscript) pg_attribute_noreturn();

/* How PmReportInexact's detail says what mode "unnecessary" would have had to round. */
typedef enum PmInexact
{
	PM_INEXACT_VALUE,			/* the result for value, at the requested precision */
	PM_INEXACT_QUOTIENT,		/* the quotient of value, at places */
	PM_INEXACT_PLACES			/* a result at places (value unused) */
} PmInexact;

/*
 * 22003 "rounding is necessary" ("... for element N" for an element): mode
 * "unnecessary" met a result it would have to round.  value is the input
 * as PostgreSQL prints it.
 */
extern pg_noinline pg_attribute_cold void PmReportInexact(PmInexact what, const char *value,
														  int32 places, const PmArray *arr,
														  int subscript) pg_attribute_noreturn();

/* 22003 for NaN or an infinity (value, as printed) in argument argname or its element. */
extern pg_noinline pg_attribute_cold void PmReportNonFinite(const char *value, const char *argname,
															const PmArray *arr,
															int subscript) pg_attribute_noreturn();

/* 2202E "array must be one-dimensional": argument argname has ndim dimensions. */
extern pg_noinline pg_attribute_cold void PmReportNotOneDim(const char *argname, int ndim)
			pg_attribute_noreturn();

/* 22004 "array must not contain nulls" for element i (0-based) of a; hint NULL for none. */
extern pg_noinline pg_attribute_cold void PmReportNullElement(const PmArray *a, int i,
															  const char *hint) pg_attribute_noreturn();

/* 22023 for a weight below zero, value as PostgreSQL prints it. */
extern pg_noinline pg_attribute_cold void PmReportNegativeWeight(const char *value, int subscript)
			pg_attribute_noreturn();

/*
 * 22023 "invalid <kind> mode" for the mode argument, the valid names (list,
 * as the core's PM_*_MODE_LIST gives them) in the hint.
 */
extern pg_noinline pg_attribute_cold void PmReportInvalidMode(const char *kind, text *mode,
															  const char *list) pg_attribute_noreturn();

/*
 * Defines type fn(text *mode), a mode argument parsed by the core's parser
 * parse (one of PM_NAME_PARSER's); an unknown name raises
 * PmReportInvalidMode(kind, mode, list).  Put static before it for a
 * parser of one file: static PM_MODE_ARG_PARSER(ParseTierMode,
 * pm_tier_mode, pm_tier_mode_parse, "tier", PM_TIER_MODE_LIST).
 */
#define PM_MODE_ARG_PARSER(fn, type, parse, kind, list) \
type \
fn(text *mode) \
{ \
	type		m; \
\
	if (!parse(VARDATA_ANY(mode), VARSIZE_ANY_EXHDR(mode), &m)) \
		PmReportInvalidMode(kind, mode, list); \
	return m; \
}

/* 54000 for a result array beyond MaxAllocSize bytes, as PostgreSQL's arrays say it. */
extern pg_noinline pg_attribute_cold void PmReportArrayTooLarge(void) pg_attribute_noreturn();

#endif							/* PM_ARRAY_H */
