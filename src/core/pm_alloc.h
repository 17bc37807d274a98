/*
 * pm_alloc.h: largest-remainder allocation of a decimal total by weights.
 * Pure C99; no PostgreSQL headers.
 */
#ifndef PM_ALLOC_H
#define PM_ALLOC_H

#include "pm_decimal.h"

/* Scratch space for one share: its remainder and its position. */
typedef struct pm_alloc_slot
{
	pm_i128		rem;
	int64_t		index;
} pm_alloc_slot;

/*
 * Split total into n shares proportional to weights (each >= 0), every share
 * a multiple of 10^-places.  Each share is first rounded toward zero; the
 * units left over then go, one each, to the largest remainders, ties to the
 * lowest index.  The shares sum to total exactly, each differs from its
 * exact proportional value by less than one unit, zero weights get 0, and a
 * negative total is split as -allocate(-total).  Shares have scale
 * max(places, 0).
 *
 * shares may be the weights buffer itself; slots is n entries of scratch.
 * Statuses, in the order they are checked:
 *   PM_INVALID   a weight is negative (*bad is its position)
 *   PM_INEXACT   total is not a multiple of 10^-places
 *   PM_DIV_ZERO  the weights sum to zero (or n is 0)
 *   PM_OVERFLOW  an intermediate does not fit 128 bits: use arbitrary precision
 */
extern pm_status pm_alloc(const pm_dec *total, const pm_dec *weights, size_t n,
						  int32_t places, pm_dec *shares, pm_alloc_slot *slots,
						  size_t *bad);

/*
 * total as a whole number of units of 10^-places: PM_INEXACT when it is not
 * one, PM_OVERFLOW when it does not fit.
 */
extern pm_status pm_alloc_units(const pm_dec *total, int32_t places, pm_i128 *units);

#endif							/* PM_ALLOC_H */
