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

/* How tier_total and billing_total price a quantity. */
typedef enum pm_tier_mode
{
	PM_TIER_VOLUME = 0,			/* every unit at the price of the quantity's tier */
	PM_TIER_GRADUATED			/* each tier's units at that tier's own price */
} pm_tier_mode;

/* The list the glue shows in hints. */
#define PM_TIER_MODE_LIST "volume, graduated"

/* The mode that name (len bytes, any ASCII case) spells; false for none. */
extern bool pm_tier_mode_parse(const char *name, size_t len, pm_tier_mode *mode);

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

/*
 * Billing tier tables, as Stripe and other billing systems write them: n
 * inclusive upper bounds up_to[0] < up_to[1] < ..., the first above 0.
 * Tier 0 holds the quantities in [0, up_to[0]] and tier i those in
 * (up_to[i-1], up_to[i]]; when open, the last tier is unbounded and
 * up_to[n-1] is never read.  Volume and graduated agree on these tiers.
 */
typedef struct pm_bill_table
{
	const pm_dec *up_to;
	const pm_dec *price;		/* unit prices */
	const pm_dec *flat;			/* flat amounts, or NULL for none */
	size_t		n;
	bool		open;
} pm_bill_table;

/*
 * PM_OK when n > 0, up_to[0] > 0 and the bounds ascend strictly;
 * PM_INVALID otherwise, with *bad the position of the first offending bound
 * (0 also for n = 0); PM_OVERFLOW when a comparison needs more than 128 bits.
 */
extern pm_status pm_bill_check(const pm_bill_table *b, size_t *bad);

/*
 * The tier q (>= 0, table checked) falls in: the first i with
 * q <= up_to[i], or the open last tier.  PM_INVALID when q is above the
 * last bound of a table that is not open.
 */
extern pm_status pm_bill_find(const pm_dec *q, const pm_bill_table *b, size_t *tier);

/*
 * The total for q, with the scale numeric's -, * and + give:
 * volume: q * price[k] + flat[k] for q's tier k.
 * graduated: the sum over the tiers q reaches (tier 0 always; tier i > 0
 * when q > up_to[i-1]) of width * price[i] + flat[i], where the width is
 * up_to[i] - up_to[i-1] for a tier q fills (up_to[i] <= q) and
 * q - up_to[i-1] for the tier it ends in; tier 0's lower bound is an
 * implicit 0, so its width is up_to[0] or q itself.  Without flat amounts
 * the "+ flat" terms are absent.  PM_INVALID as pm_bill_find.
 */
extern pm_status pm_bill_total(const pm_dec *q, const pm_bill_table *b, bool graduated,
							   pm_dec *out);

#endif							/* PM_TIER_H */
