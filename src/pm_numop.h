/*
 * pm_numop.h: the element-wise numeric[] operation engine that arithmetic,
 * rounding and the pricing rules share: a op b over arrays or one numeric.
 */
#ifndef PM_NUMOP_H
#define PM_NUMOP_H

#include "pm_numeric.h"

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

/* One operation and its rounding. */
typedef struct PmOpArgs
{
	PmOp		op;
	int32		places;			/* decimals of DIV, ROUND and MUL_ROUND */
	pm_round_mode mode;			/* rounding of DIV, ROUND, ROUND_TO and MUL_ROUND */
} PmOpArgs;

/*
 * a op b element by element, b an array of a's length (barr) or a scalar
 * (bscalar; both NULL for ROUND); NULL elements give NULL.  aname and bname
 * name the arguments in errors.
 */
extern ArrayType *PmNumericArrayOp(const PmOpArgs *o, ArrayType *aarr, const char *aname,
								   ArrayType *barr, Numeric bscalar, const char *bname);

/*
 * A scalar b as PmNumericArrayOp decodes it, kept by a call site whose b is
 * a constant of the query (PmArgIsConst), zeroed until the first call.
 */
typedef struct PmNumScalar
{
	bool		valid;			/* the fields below hold b, decoded and checked */
	PmNumKind	kind;
	pm_dec		d;
	pm_dec64	d64;
	bool		is64;
} PmNumScalar;

/*
 * PmNumericArrayOp with scalar b, which *bcache holds when valid; else b is
 * decoded and checked as there, and kept in *bcache.
 */
extern ArrayType *PmNumericArrayOpCached(const PmOpArgs *o, ArrayType *aarr, const char *aname,
										 Numeric bscalar, PmNumScalar *bcache, const char *bname);

/* a op b for one numeric (b NULL for ROUND), through the same paths. */
extern Numeric PmNumericScalarOp(const PmOpArgs *o, Numeric a, const char *aname,
								 Numeric b, const char *bname);

/* 22023 unless the rounding increment inc is greater than zero. */
extern void PmCheckIncrement(Numeric inc);

#endif							/* PM_NUMOP_H */
