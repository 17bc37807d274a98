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

/* Check for interrupts every this many elements. */
#define PM_INTERRUPT_STRIDE 4096

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

/* pm_numeric.c */

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
extern void PmNumBuilderPutDec(PmNumBuilder *b, int i, const pm_dec *d);
extern void PmNumBuilderPutNumeric(PmNumBuilder *b, int i, Numeric n);
extern ArrayType *PmNumBuilderFinish(PmNumBuilder *b);

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
