/*
 * pm_agg.h: aggregate state math: exact decimal sums with scale tracking,
 * an exact (order-independent) accumulator of doubles, and correctly
 * rounded ratios.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_AGG_H
#define PM_AGG_H

#include <stdbool.h>
#include <stdint.h>

#include "pm_decimal.h"

/*
 * Largest scale of the values in a sum and how many of them have it, so an
 * inverse (moving-aggregate) step knows when the sum's display scale would
 * shrink: then the sum must be recomputed from scratch, as PostgreSQL's own
 * numeric moving aggregates do.
 */
typedef struct pm_scale_track
{
	int32_t		maxscale;		/* the largest scale among the values (while nmax > 0) */
	int64_t		nmax;			/* how many of them have it; 0: no values, or the
								 * last of that scale was removed */
} pm_scale_track;

static inline void
pm_scale_track_add(pm_scale_track *t, int32_t scale)
{
	if (t->nmax == 0 || scale > t->maxscale)
	{
		t->maxscale = scale;
		t->nmax = 1;
	}
	else if (scale == t->maxscale)
		t->nmax++;
}

/* false: the largest scale may have changed, recompute the aggregate */
extern bool pm_scale_track_remove(pm_scale_track *t, int32_t scale);
extern void pm_scale_track_merge(pm_scale_track *t, const pm_scale_track *o);

/*
 * Exact accumulator of doubles (a Kulisch-style fixed-point register):
 * every finite double is a multiple of 2^-1074 below 2^1024, so the sum is
 * kept exactly as an integer in 32-bit limbs (held in int64 to absorb
 * carries).  Additions and subtractions are exact, so the result does not
 * depend on the order or grouping of the terms: it is the double nearest
 * the exact sum.
 */
#define PM_XACC_LIMBS 70
/* Normalize (propagate carries) after this many additions. */
#define PM_XACC_PENDING_MAX (INT64_C(1) << 30)

typedef struct pm_xacc
{
	int64_t		limb[PM_XACC_LIMBS];	/* limb i weighs 2^(32 i - 1074) */
	int64_t		pending;				/* additions since the last normalize */
} pm_xacc;

extern void pm_xacc_init(pm_xacc *x);
/* x must be finite. */
extern void pm_xacc_add(pm_xacc *x, double v);
extern void pm_xacc_merge(pm_xacc *x, const pm_xacc *o);
/* Carries propagated: limbs 0..n-2 in [0, 2^32), top limb signed. */
extern void pm_xacc_normalize(pm_xacc *x);
/* The double nearest the exact sum; PM_OVERFLOW when beyond float8. */
extern pm_status pm_xacc_result(const pm_xacc *x, double *out);
/* Whether x is a normalized state, as a deserialized state must be. */
extern bool pm_xacc_valid(const pm_xacc *x);
extern bool pm_xacc_is_zero(const pm_xacc *x);

/*
 * The double nearest a / b, exactly rounded (round half even).
 * PM_DIV_ZERO when b is zero, PM_OVERFLOW when the two do not fit one
 * common scale (callers fall back to arbitrary precision).
 */
extern pm_status pm_dec_ratio(const pm_dec *a, const pm_dec *b, double *out);
/* The double nearest a; PM_OVERFLOW beyond the core's range. */
extern pm_status pm_dec_to_double(const pm_dec *a, double *out);

/*
 * The double nearest q * 2^e, where the exact value is q * 2^e plus a
 * nonzero remainder below 2^e when sticky; q < 2^64.
 */
extern double pm_round_to_double(uint64_t q, bool sticky, int e);

#endif							/* PM_AGG_H */
