/*
 * pm_tier.h: tiered (volume and graduated) pricing on exact decimals.
 * Pure C99; no PostgreSQL headers.
 *
 * A tier table is n thresholds t[0] = 0 < t[1] < ... < t[n-1] and n unit
 * prices; tier i holds the quantities in [t[i], t[i+1]) (the last tier is
 * open-ended).
 */
#ifndef PM_TIER_H
#define PM_TIER_H

#include "pm_decimal.h"

/*
 * PM_OK when t[0] = 0 and t is strictly ascending; PM_INVALID otherwise with
 * *bad the position of the first offending threshold (0 also for n = 0);
 * PM_OVERFLOW when a comparison needs more than 128 bits.
 */
extern pm_status pm_tier_check(const pm_dec *t, size_t n, size_t *bad);

/* The tier holding q (q >= 0, table checked): the last i with t[i] <= q. */
extern pm_status pm_tier_find(const pm_dec *q, const pm_dec *t, size_t n, size_t *tier);

/*
 * Graduated total: the sum over the tiers reached of width * p[i], where the
 * width is t[i+1] - t[i] for a tier q fills (t[i+1] <= q) and q - t[i] for
 * the tier holding q; tier 0 always counts, so q = 0 gives 0 * p[0].  The
 * scale is what numeric's -, * and + give for that sum.
 */
extern pm_status pm_tier_graduated(const pm_dec *q, const pm_dec *t, const pm_dec *p,
								   size_t n, pm_dec *out);

#endif							/* PM_TIER_H */
