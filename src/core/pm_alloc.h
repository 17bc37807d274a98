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
	pm_i128		rem;			/* the share's remainder, in units times the weight sum */
	int64_t		index;			/* the share's 0-based position */
} pm_alloc_slot;

/*
 * Split total into n shares proportional to weights (each >= 0), every share
 * a multiple of 10^-places: 10.00 by weights {1, 1, 1} at places 2 gives
 * {3.34, 3.33, 3.33}, the leftover cent going to the first of three equal
 * remainders.  Each share is first rounded toward zero; the
 * units left over then go, one each, to the largest remainders, ties to the
 * lowest index.  The shares sum to total exactly, each differs from its
 * exact proportional value by less than one unit, zero weights get 0, and a
 * negative total is split as -allocate(-total).  Shares have scale
 * max(places, 0).
 *
 * shares may be the weights buffer itself; slots is n entries of scratch;
 * tick (when not NULL) is called with tick_arg every PM_TICK_STRIDE steps.
 * The time taken is O(n log n) at most, whatever the weights.
 * Statuses, in the order they are checked:
 *   PM_INVALID   a weight is negative (*bad is its position)
 *   PM_INEXACT   total is not a multiple of 10^-places
 *   PM_DIV_ZERO  the weights sum to zero (or n is 0)
 *   PM_OVERFLOW  an intermediate does not fit 128 bits: use arbitrary precision
 */
extern pm_status pm_alloc(const pm_dec *total, const pm_dec *weights, size_t n,
						  int32_t places, pm_dec *shares, pm_alloc_slot *slots,
						  size_t *bad, pm_tick_fn tick, void *tick_arg);

/* Whether a comes before b (< 0) or after it (> 0); never 0 for two distinct elements. */
typedef int (*pm_order_fn) (const void *a, const void *b, void *arg);

/* Largest element size pm_top_k handles. */
#define PM_TOP_K_MAX_SIZE 64

/*
 * Rearrange the n elements of base, each size bytes, so that its first k
 * are the k that come first in order's order, in no particular order among
 * themselves (a partial sort; the set is unique since no two elements are
 * equal).  O(n log k) comparisons with no allocation; tick as for pm_alloc.
 */
extern void pm_top_k(void *base, size_t n, size_t size, size_t k, pm_order_fn order,
					 void *order_arg, pm_tick_fn tick, void *tick_arg);

#endif							/* PM_ALLOC_H */
