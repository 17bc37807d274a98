/*
 * pm_price.h: pricing rules on the core's fixed-point decimals: price
 * endings and caps on change.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_PRICE_H
#define PM_PRICE_H

#include "pm_dec64.h"

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

/*
 * ---- the 64-bit lane ----
 *
 * The array loops try these first, with every value in pm_dec64.h's lane.
 * When they return PM_OK, r is what pm_price_ending or pm_price_limit gives
 * (the same value and scale); any other status sends the element to those
 * functions, which decide, errors included.
 */

/* pm_price_ending in 64 bits. */
static inline __attribute__((always_inline)) pm_status
pm_price_ending64(const pm_dec64 *p, const pm_dec64 *step, const pm_dec64 *ending,
				  pm_ending_mode mode, pm_dec64 *r)
{
	pm_dec64	d,
				k,
				ks;
	pm_status	st;

	if (p->coef < 0)
		return PM_INVALID;
	if ((st = pm_dec64_add_sub(p, ending, true, &d)) != PM_OK)
		return st;
	/* modes as in pm_price_ending: k >= 0 here, so half_up sends ties up */
	if ((st = pm_dec64_div_round(&d, step, 0, mode == PM_ENDING_NEAREST ? PM_ROUND_HALF_UP :
								 mode == PM_ENDING_DOWN ? PM_ROUND_FLOOR : PM_ROUND_CEILING,
								 &k)) != PM_OK)
		return st;
	if (k.coef < 0)
		k.coef = 0;
	if ((st = pm_dec64_mul(&k, step, &ks)) != PM_OK)
		return st;
	return pm_dec64_add_sub(&ks, ending, false, r);
}

/* A pm_limit whose factors are in the 64-bit lane. */
typedef struct pm_limit64
{
	bool		has_up;			/* up_factor is set */
	bool		has_down;		/* down_factor is set */
	pm_dec64	up_factor;		/* 1 + max_up */
	pm_dec64	down_factor;	/* 1 - max_down */
	bool		has_places;		/* as in pm_limit */
	int32_t		places;
} pm_limit64;

/* lim in the 64-bit lane; false when a factor does not fit an int64. */
static inline bool
pm_limit64_of(const pm_limit *lim, pm_limit64 *r)
{
	memset(r, 0, sizeof(*r));
	r->has_places = lim->has_places;
	r->places = lim->places;
	if (lim->up_factor != NULL)
	{
		if (lim->up_factor->coef < INT64_MIN || lim->up_factor->coef > INT64_MAX)
			return false;
		r->has_up = true;
		r->up_factor.coef = (int64_t) lim->up_factor->coef;
		r->up_factor.scale = lim->up_factor->scale;
	}
	if (lim->down_factor != NULL)
	{
		if (lim->down_factor->coef < INT64_MIN || lim->down_factor->coef > INT64_MAX)
			return false;
		r->has_down = true;
		r->down_factor.coef = (int64_t) lim->down_factor->coef;
		r->down_factor.scale = lim->down_factor->scale;
	}
	return true;
}

/* One bound of the cap in 64 bits, as limit_bound in pm_price.c. */
static inline __attribute__((always_inline)) pm_status
pm_limit64_bound(const pm_dec64 *old_price, const pm_dec64 *factor, const pm_limit64 *lim,
				 pm_round_mode inward, pm_dec64 *bound)
{
	pm_dec64	b;
	pm_status	st = pm_dec64_mul(old_price, factor, &b);

	if (st == PM_OK && lim->has_places)
		st = pm_dec64_round(&b, lim->places, inward, &b);
	*bound = b;
	return st;
}

/* pm_price_limit in 64 bits. */
static inline __attribute__((always_inline)) pm_status
pm_price_limit64(const pm_dec64 *old_price, const pm_dec64 *new_price, const pm_limit64 *lim,
				 pm_dec64 *r)
{
	pm_dec64	hi = {0, 0},
				lo = {0, 0},
				v = *new_price;
	pm_status	st;

	if (old_price->coef < 0)
		return PM_INVALID;
	if (lim->has_places &&
		(st = pm_dec64_round(new_price, lim->places, PM_ROUND_UNNECESSARY, &v)) != PM_OK)
		return st;
	if (lim->has_up &&
		(st = pm_limit64_bound(old_price, &lim->up_factor, lim, PM_ROUND_FLOOR, &hi)) != PM_OK)
		return st;
	if (lim->has_down &&
		(st = pm_limit64_bound(old_price, &lim->down_factor, lim, PM_ROUND_CEILING, &lo)) != PM_OK)
		return st;
	if (lim->has_up && lim->has_down)
	{
		bool		empty = pm_dec64_cmp(&lo, &hi, &st) > 0;

		if (st != PM_OK)
			return st;
		if (empty)
			return PM_INVALID;
	}
	if (lim->has_up)
	{
		if (pm_dec64_cmp(&v, &hi, &st) > 0)
			v = hi;
		if (st != PM_OK)
			return st;
	}
	if (lim->has_down)
	{
		if (pm_dec64_cmp(&v, &lo, &st) < 0)
			v = lo;
		if (st != PM_OK)
			return st;
	}
	*r = v;
	return PM_OK;
}

#endif							/* PM_PRICE_H */
