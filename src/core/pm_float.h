/*
 * pm_float.h: float8 kernels: decimal rounding of doubles and compensated
 * summation.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_FLOAT_H
#define PM_FLOAT_H

#include <math.h>

#include "pm_decimal.h"

/*
 * Round x to a multiple of inc (inc->coef > 0) with mode, treating x as the
 * shortest decimal that round-trips to it (the text PostgreSQL prints), so
 * 2.675 rounds half up to 2.68.  The result is the double nearest the exact
 * decimal result; zero is returned as +0.  PM_INEXACT for mode
 * "unnecessary" when x is not a multiple; PM_OVERFLOW when the value is too
 * wide for the core (callers fall back to arbitrary precision).  x must be
 * finite.
 */
extern pm_status pm_float_round(double x, const pm_dec *inc, pm_round_mode mode,
								double *out);

/*
 * Dense rounding: many doubles to one increment and mode in one pass.  The
 * loop settles the elements pm_float_round's floating-point test settles
 * away from a tie (in a directed mode, also away from a multiple the element
 * is not), in branch-free code that compilers vectorise, and writes exactly
 * the value pm_float_round would.  Every other element (non-finite, next to
 * a tie, too small or too large for the test, or off the grid in mode
 * "unnecessary") gets a NaN in out, to be redone with pm_float_round, which
 * also raises its errors in element order.
 */
typedef struct pm_float_rounder
{
	bool		dense;			/* false: the increment is outside the test */
	double		s;				/* 10^scale */
	double		c;				/* the increment's coefficient */
	pm_round_mode mode;
} pm_float_rounder;

/* Prepare a rounder; PM_INVALID for a bad increment or mode. */
extern pm_status pm_float_rounder_init(pm_float_rounder *r, const pm_dec *inc,
									   pm_round_mode mode);

/*
 * Round x[0..n) into out[0..n) (the two may be the same array) and return
 * how many elements were left to pm_float_round (marked NaN in out).
 */
extern size_t pm_float_round_dense(const pm_float_rounder *r, const double *x,
								   double *out, size_t n);

/*
 * pm_float_round_dense over the products x[i] * b[i] (b[i] the scalar bs
 * when b is NULL), each the one IEEE multiplication, never stored: out[i]
 * is what pm_float_round_dense gives for the product.  A product that is
 * not finite, or zero of two nonzero factors (an underflow), is left like
 * any element the test does not settle, so the caller redoes the product
 * with its checks.  out may be x or b.
 */
extern size_t pm_float_mul_round_dense(const pm_float_rounder *r, const double *x,
									   const double *b, double bs, double *out, size_t n);

/*
 * Shortest decimal that round-trips to |x| (x finite, nonzero): |x| =
 * digits * 10^exp10 with no trailing zeros in digits.  Returns the number
 * of significant digits (1..17).
 */
extern int	pm_float_shortest(double x, uint64_t *digits, int *exp10);

/*
 * Neumaier's compensated sum: the error is bounded by about
 * 2 * eps * sum(|x_i|) (eps = 2^-53) independently of the number of terms,
 * against (n - 1) * eps * sum(|x_i|) for naive summation.
 */
typedef struct pm_ksum
{
	double		sum;			/* the running sum, rounded */
	double		comp;			/* the low-order parts its additions lost */
} pm_ksum;

/* Add x: whichever of sum and x is larger keeps its low-order bits in comp. */
static inline void
pm_ksum_add(pm_ksum *k, double x)
{
	double		t = k->sum + x;

	if (fabs(k->sum) >= fabs(x))
		k->comp += (k->sum - t) + x;
	else
		k->comp += (x - t) + k->sum;
	k->sum = t;
}

/* Merge two partial sums (for aggregate combine functions). */
static inline void
pm_ksum_merge(pm_ksum *k, const pm_ksum *other)
{
	pm_ksum_add(k, other->sum);
	k->comp += other->comp;
}

/* The compensated sum: 1e100 + 1.0 - 1e100 gives 1.0, where naive addition gives 0. */
static inline double
pm_ksum_result(const pm_ksum *k)
{
	return k->sum + k->comp;
}

#endif							/* PM_FLOAT_H */
