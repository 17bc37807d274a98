/*
 * pm_aggsum.h: the one exact numeric sum of pricemath (int128, then
 * PostgreSQL's numeric), decoded numeric arguments, and the helpers the
 * aggregates (pm_vecagg.c, pm_indexagg.c) and reductions (pm_reduce.c) share.
 */
#ifndef PM_AGGSUM_H
#define PM_AGGSUM_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "core/pm_agg.h"
#include "core/pm_float.h"
#include "pm_aggstate.h"
#include "pm_array.h"
#include "pm_numeric.h"

/*
 * An exact numeric sum: an int128 coefficient at the largest scale among
 * the values while it fits (12.34 + 1.5 is acc = {1384, 2}), then
 * PostgreSQL's numeric.  A sum in an aggregate state keeps its numeric in
 * the aggregate context; a caller outside an aggregate passes
 * CurrentMemoryContext as that context.
 */
typedef struct PmAggSum
{
	pm_dec		acc;			/* the sum while slow is NULL; stale after */
	Numeric		slow;			/* the sum once acc overflowed (or took a value too
								 * wide for it), in the aggregate context; else NULL */
	pm_scale_track st;			/* largest scale among the values and how many have
								 * it, for inverse (moving-aggregate) steps */
	int64		count;			/* values summed */
} PmAggSum;

/* A decoded finite numeric argument or array element. */
typedef struct PmNumArg
{
	PmNumKind	kind;			/* PM_NUM_FAST (d holds the value) or PM_NUM_SLOW
								 * (too wide: only p is usable) */
	pm_dec		d;				/* the value, when kind is PM_NUM_FAST */
	const char *p;				/* the numeric varlena itself (any header form) */
} PmNumArg;

/* ---- float8 results ---- */

/* A float8 result that overflowed to infinity (or is NaN). */
extern void PmResultOutOfRange(void) pg_attribute_noreturn();

/* d, a float8 result, which must be finite. */
static inline double
PmCheckResult(double d)
{
	if (unlikely(!isfinite(d)))
		PmResultOutOfRange();
	return d;
}

/* ---- decoded numeric arguments ---- */

/* The argument as a Numeric, for PostgreSQL's numeric functions. */
static inline Numeric
PmNumArgNumeric(const PmNumArg *a)
{
	return DatumGetNumeric(PointerGetDatum(a->p));
}

/* The argument's display scale. */
static inline int32
PmNumArgScale(const PmNumArg *a)
{
	return a->kind == PM_NUM_FAST ? a->d.scale : PmNumericDscale(a->p);
}

/*
 * Decode the numeric varlena p, which must be finite: argname and subscript
 * (PM_NO_INDEX for a scalar) name it in the error otherwise.
 */
static inline void
PmNumArgInit(PmNumArg *a, const char *p, const char *argname, int subscript)
{
	a->p = p;
	a->kind = PmNumericDecode(p, &a->d);
	PmCheckNumericKind(a->kind, argname, subscript);
}

/* The argument's sign: -1, 0 or 1. */
static inline int
PmNumArgSign(const PmNumArg *a)
{
	if (a->kind == PM_NUM_FAST)
		return (a->d.coef > 0) - (a->d.coef < 0);
	return PmNumericSign(PmNumArgNumeric(a));
}

/* ---- the exact sum ---- */

/* s op= n in PostgreSQL's numeric, the result in agg (the general path). */
extern void PmAggSumSlow(MemoryContext agg, PmAggSum *s, Numeric n, bool subtract);

/*
 * Add (or subtract) a value, counting nothing: pd is its decoded form or
 * NULL, n its numeric or NULL (one of them given).
 */
static inline void
PmAggSumApply(MemoryContext agg, PmAggSum *s, const pm_dec *pd, Numeric n, bool subtract)
{
	if (pd != NULL && likely(s->slow == NULL))
	{
		if (likely((subtract ? pm_dec_sub(&s->acc, pd, &s->acc) : pm_dec_add(&s->acc, pd, &s->acc)) == PM_OK))
			return;
	}
	PmAggSumSlow(agg, s, n != NULL ? n : PmDecToNumeric(pd), subtract);
}

/*
 * s += v * 10^-scale in the fast lane: the int128 sum at its own scale, or
 * at a smaller one v is brought to.  Returns false, having changed nothing,
 * when the general path (PmAggSumApply) must take it: a slow sum, a larger
 * scale, overflow.  The result is what PmAggSumApply would give.
 */
static pg_attribute_always_inline bool
PmAggSumAddFast(PmAggSum *s, pm_i128 v, int32 scale)
{
	pm_i128		r;

	if (unlikely(s->slow != NULL))
		return false;
	if (unlikely(scale != s->acc.scale))
	{
		int32		k = s->acc.scale - scale;

		/* |v| < 2^63 and 10^18 < 2^60: the product fits an int128 */
		if (k < 0 || k > 18 || v < PG_INT64_MIN || v > PG_INT64_MAX)
			return false;
		v = (pm_i128) (int64) v * (int64) pm_pow10_u64[k];
	}
	if (unlikely(__builtin_add_overflow(s->acc.coef, v, &r)))
		return false;
	s->acc.coef = r;
	pm_scale_track_add(&s->st, scale);
	s->count++;
	return true;
}

/* s += v * 10^-scale: the fast lane, else the general path. */
static pg_attribute_always_inline void
PmAggSumAddScaled(MemoryContext agg, PmAggSum *s, pm_i128 v, int32 scale)
{
	pm_dec		d;

	if (likely(PmAggSumAddFast(s, v, scale)))
		return;
	d.coef = v;
	d.scale = scale;
	PmAggSumApply(agg, s, &d, NULL, false);
	pm_scale_track_add(&s->st, scale);
	s->count++;
}

/* Add a decoded argument and count it. */
static inline void
PmAggSumAddArg(MemoryContext agg, PmAggSum *s, const PmNumArg *a)
{
	if (a->kind == PM_NUM_FAST)
		PmAggSumApply(agg, s, &a->d, NULL, false);
	else
		PmAggSumApply(agg, s, NULL, PmNumArgNumeric(a), false);
	pm_scale_track_add(&s->st, PmNumArgScale(a));
	s->count++;
}

/* No values left (moving aggregate): start from an exact zero of scale 0. */
extern void PmAggSumReset(PmAggSum *s);

/* Remove a value; false when the sum's scale may shrink: the caller recomputes from scratch. */
static inline bool
PmAggSumSubArg(MemoryContext agg, PmAggSum *s, const PmNumArg *a)
{
	bool		ok;

	if (a->kind == PM_NUM_FAST)
		PmAggSumApply(agg, s, &a->d, NULL, true);
	else
		PmAggSumApply(agg, s, NULL, PmNumArgNumeric(a), true);
	s->count--;
	ok = pm_scale_track_remove(&s->st, PmNumArgScale(a));
	if (s->count == 0)
	{
		PmAggSumReset(s);
		return true;
	}
	return ok;
}

/*
 * The exact product a * b, added to (or subtracted from) s; on subtracting,
 * *scale_ok (when given) becomes false if the sum's scale may shrink.
 */
extern void PmAggSumApplyProduct(MemoryContext agg, PmAggSum *s, const PmNumArg *a, const PmNumArg *b,
								 bool subtract, bool *scale_ok);
/* s += o (a combine step). */
extern void PmAggSumMerge(MemoryContext agg, PmAggSum *s, const PmAggSum *o);
/* The sum as a numeric in the current memory context. */
extern Numeric PmAggSumValue(const PmAggSum *s);
extern int	PmAggSumSign(const PmAggSum *s);
/* sum / count with numeric_div, the value and scale avg() gives; count > 0. */
extern Numeric PmAggSumAvg(const PmAggSum *s);
/* num / den with numeric_div, as sum(v * w) / sum(w) gives; den zero is an error. */
extern Datum PmAggSumWeightedAvg(const PmAggSum *num, const PmAggSum *den);

/*
 * A value of a sum's form (pm_dec d, or the numeric slow when not NULL) as
 * the core's flat-form value, for its encoder; v points into slow.
 */
extern void PmStateValueFrom(pm_statefmt_value *v, const pm_dec *d, Numeric slow);
/* A decoded flat-form value as a sum's form: *d, or *slow (in cxt; else NULL). */
extern void PmStateValueTo(const pm_statefmt_value *v, MemoryContext cxt, pm_dec *d, Numeric *slow);
/* A sum as the core's flat-form sum (pointing into s), and a decoded one as a sum (its numeric in cxt). */
extern void PmAggSumToState(pm_statefmt_sum *o, const PmAggSum *s);
extern void PmAggSumFromState(PmAggSum *s, const pm_statefmt_sum *o, MemoryContext cxt);

/* ---- numeric shape decoders ---- */

/*
 * The aggregates learn the shape most of their numeric values share (the
 * same headers, sign aside, so the same size, digit count, weight and
 * scale) and decode a value of that shape with fixed parameters.  A shape
 * is only a hint, never serialized: a value of another shape takes the
 * general path, with the same result.  pm_vecagg.c keeps the shapes of
 * array elements (VecNumShape), pm_indexagg.c those of scalar arguments
 * (NumDatumShape); this is their common part.  Every field comes from
 * core/pm_numfmt.h's accessors and constants.
 *
 * A shape is recognised by the value's first bytes read as one
 * little-endian word: the varlena header (vhdrsz bytes: 4 in an array, 1
 * for a short scalar datum), then the numeric header word.  The key keeps
 * all of the varlena header (so the size) and the header word's shape
 * (PM_NUMFMT_SHORT_SHAPE_MASK: form, dscale, weight), and drops its sign,
 * which PM_NUM_SHAPE_NEG picks out.  The callers give worked examples.
 */
#define PM_NUM_SHAPE_MASK(type, vhdrsz) \
	((((type) 1 << (8 * (vhdrsz))) - 1) | ((type) PM_NUMFMT_SHORT_SHAPE_MASK << (8 * (vhdrsz))))
#define PM_NUM_SHAPE_NEG(type, vhdrsz) ((type) PM_NUMFMT_SHORT_SIGN_MASK << (8 * (vhdrsz)))

/*
 * The fixed decoding parameters of a numeric shape: its digit groups and
 * scale, and how the groups' value becomes the coefficient at that scale,
 * as pm_dec64_place does it.  For example 12.34 (weight 0, dscale 2, groups
 * {12, 3400}) has sh = 4 * (0 - 2 + 1) + 2 = -2: its last group pads k = 2
 * zeros beyond the scale, so the coefficient is 12 * 10^2 + 3400 / 10^2 =
 * 1234.
 */
typedef struct PmNumShapeParams
{
	uint64		factor;			/* k = 0: 10^sh, sh the decimal shift of the groups;
								 * else 10^(4 - k), the weight of the groups before
								 * the last */
	uint64		limit;			/* k = 0: largest value that times factor fits an int64 */
	int32		ndigits;		/* base-10000 groups, 1 to 4 */
	int32		scale;			/* the values' scale (dscale), that of the coefficient */
	int32		k;				/* sh < 0: zeros the last group pads beyond the scale
								 * (-sh, 1 to 3); else 0 */
	uint32		kpow;			/* 10^k */
	int32		sh;				/* the decimal shift of the groups, as in pm_dec64_place */
} PmNumShapeParams;

/*
 * The shape parameters of a numeric whose len bytes after the varlena header
 * start at data; false, leaving *sp as it was, when values like it cannot
 * have a shape: not the short header form with one to four groups and no
 * stray byte, or scale or shift out of the 64-bit lane's range.
 */
static inline bool
PmNumShapeParse(const char *data, Size len, PmNumShapeParams *sp)
{
	uint16		hdr;
	int			ndigits,
				weight,
				dscale,
				sh;

	if (len < PM_NUMFMT_SHORT_HDRSZ + PM_NUMFMT_GROUP_SIZE ||
		len > PM_NUMFMT_SHORT_HDRSZ + PM_NUMFMT_WORD_GROUPS * PM_NUMFMT_GROUP_SIZE ||
		(len - PM_NUMFMT_SHORT_HDRSZ) % PM_NUMFMT_GROUP_SIZE != 0)
		return false;
	hdr = pm_numfmt_header(data);
	if (!pm_numfmt_is_short(hdr))
		return false;
	ndigits = pm_numfmt_short_ndigits(len);
	weight = pm_numfmt_short_weight(hdr);
	dscale = pm_numfmt_short_dscale(hdr);
	/* as in pm_dec64_place */
	sh = PM_NUMFMT_DEC_DIGITS * (weight - ndigits + 1) + dscale;
	if (dscale > PM_MAX_SCALE || sh > 18 || sh < -3)
		return false;
	sp->ndigits = ndigits;
	sp->scale = dscale;
	sp->k = sh < 0 ? -sh : 0;
	sp->kpow = (uint32) pm_pow10_u64[sp->k];
	sp->factor = pm_pow10_u64[sh < 0 ? PM_NUMFMT_DEC_DIGITS + sh : sh];
	sp->limit = sh < 0 ? 0 : pm_dec64_mul_limit[sh];
	sp->sh = sh;
	return true;
}

#endif							/* PM_AGGSUM_H */
