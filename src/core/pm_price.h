/*
 * pm_price.h: pricing rules on the core's fixed-point decimals: price
 * endings and caps on change.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_PRICE_H
#define PM_PRICE_H

#include "pm_decimal.h"

/* How apply_ending picks a price point. */
typedef enum pm_ending_mode
{
	PM_ENDING_NEAREST = 0,		/* closest point; ties go up */
	PM_ENDING_DOWN,				/* largest point <= price */
	PM_ENDING_UP				/* smallest point >= price */
} pm_ending_mode;

/* The list the glue shows in hints. */
#define PM_ENDING_MODE_LIST "nearest, down, up"

/* Ending-mode names: "Nearest" parses as PM_ENDING_NEAREST. */
extern bool pm_ending_mode_parse(const char *name, size_t len, pm_ending_mode *mode);

/*
 * r = the price point k * step + ending (k >= 0 an integer) that mode picks
 * for p.  Requires step > 0 and 0 <= ending < step (the caller checks);
 * p must be >= 0, else PM_INVALID.  r's scale is max(step, ending scale).
 * For p 12.34, step 1 and ending 0.99 the points are 11.99 and 12.99:
 * nearest picks 11.99 (0.35 below against 0.65 above), up 12.99.
 */
extern pm_status pm_price_ending(const pm_dec *p, const pm_dec *step, const pm_dec *ending,
								 pm_ending_mode mode, pm_dec *r);

/* Bounds of a cap on change; a NULL factor leaves that side open. */
typedef struct pm_limit
{
	const pm_dec *up_factor;	/* 1 + max_up, or NULL */
	const pm_dec *down_factor;	/* 1 - max_down, or NULL */
	bool		has_places;		/* whether the bounds are rounded to places */
	int32_t		places;			/* decimals of the price grid, when has_places */
} pm_limit;

/*
 * The cap's bounds for old_price: lo = old * down_factor rounded up and hi
 * = old * up_factor rounded down to places (when given); a NULL factor
 * leaves its bound unset.  PM_INVALID for old < 0 or crossed bounds.
 */
extern pm_status pm_price_limit_bounds(const pm_dec *old_price, const pm_limit *lim,
									   pm_dec *lo, pm_dec *hi);

/*
 * r = new_price capped to [old * down_factor, old * up_factor].  With
 * places, the upper bound is rounded down and the lower bound up to places
 * decimals (so the result never breaks the cap), new_price must already be
 * exact at places (else PM_INEXACT), and r has scale max(places, 0).
 * old < 0, or places that leave no grid point inside the cap, give
 * PM_INVALID; a value that does not fit gives PM_OVERFLOW.
 */
extern pm_status pm_price_limit(const pm_dec *old_price, const pm_dec *new_price,
								const pm_limit *lim, pm_dec *r);

#endif							/* PM_PRICE_H */
