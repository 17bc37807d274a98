/*
 * pm_price.c: price endings (the point k * step + ending a mode picks) and
 * caps on change (the bounds old * factor, rounded inward) over pm_dec.
 */
#include "pm_price.h"

/* The names, indexed by pm_ending_mode. */
static const pm_name ending_names[] = {
	[PM_ENDING_NEAREST] = PM_NAME("nearest"),
	[PM_ENDING_DOWN] = PM_NAME("down"),
	[PM_ENDING_UP] = PM_NAME("up"),
};

PM_NAME_PARSER(pm_ending_mode_parse, pm_ending_mode, ending_names)

pm_status
pm_price_ending(const pm_dec *p, const pm_dec *step, const pm_dec *ending,
				pm_ending_mode mode, pm_dec *r)
{
	static const pm_round_mode how[] = {
		[PM_ENDING_NEAREST] = PM_ROUND_HALF_UP,	/* k >= 0 here, so ties go up */
		[PM_ENDING_DOWN] = PM_ROUND_FLOOR,
		[PM_ENDING_UP] = PM_ROUND_CEILING,
	};
	pm_dec		d,
				k,
				ks;
	pm_status	st;

	if (p->coef < 0)
		return PM_INVALID;
	/* k = the chosen integer multiple of step above ending, at least 0 */
	if ((st = pm_dec_sub(p, ending, &d)) != PM_OK)
		return st;
	if ((st = pm_dec_div_round(&d, step, 0, how[mode], &k)) != PM_OK)
		return st;
	if (k.coef < 0)
		k.coef = 0;
	if ((st = pm_dec_mul(&k, step, &ks)) != PM_OK)
		return st;
	return pm_dec_add(&ks, ending, r);
}

/*
 * One bound of a cap: old * factor, rounded inward (with "inward", toward
 * old) to the cap's places when it has them.  With old 9.99, max_up 10%
 * (factor 1.10) and places 2, the upper bound 10.9890 rounds down to 10.98,
 * so that the capped price never breaks the cap.
 */
static pm_status
limit_bound(const pm_dec *old_price, const pm_dec *factor, const pm_limit *lim,
			pm_round_mode inward, pm_dec *bound)
{
	pm_status	st = pm_dec_mul(old_price, factor, bound);

	if (st == PM_OK && lim->has_places)
		st = pm_dec_round(bound, lim->places, inward, bound);
	return st;
}

pm_status
pm_price_limit_bounds(const pm_dec *old_price, const pm_limit *lim, pm_dec *lo, pm_dec *hi)
{
	pm_status	st;

	if (old_price->coef < 0)
		return PM_INVALID;
	if (lim->up_factor != NULL &&
		(st = limit_bound(old_price, lim->up_factor, lim, PM_ROUND_FLOOR, hi)) != PM_OK)
		return st;
	if (lim->down_factor != NULL &&
		(st = limit_bound(old_price, lim->down_factor, lim, PM_ROUND_CEILING, lo)) != PM_OK)
		return st;
	/* rounding inward can leave no point of the grid inside the cap */
	if (lim->up_factor != NULL && lim->down_factor != NULL)
	{
		bool		empty = pm_dec_cmp(lo, hi, &st) > 0;

		if (st != PM_OK)
			return st;
		if (empty)
			return PM_INVALID;
	}
	return PM_OK;
}

pm_status
pm_price_limit(const pm_dec *old_price, const pm_dec *new_price,
			   const pm_limit *lim, pm_dec *r)
{
	pm_dec		hi,
				lo,
				v = *new_price;
	pm_status	st;

	if (old_price->coef < 0)
		return PM_INVALID;
	/* with places, the new price must already lie on the places grid */
	if (lim->has_places &&
		(st = pm_dec_round(new_price, lim->places, PM_ROUND_UNNECESSARY, &v)) != PM_OK)
		return st;
	if ((st = pm_price_limit_bounds(old_price, lim, &lo, &hi)) != PM_OK)
		return st;
	if (lim->up_factor != NULL)
	{
		if (pm_dec_cmp(&v, &hi, &st) > 0)
			v = hi;
		if (st != PM_OK)
			return st;
	}
	if (lim->down_factor != NULL)
	{
		if (pm_dec_cmp(&v, &lo, &st) < 0)
			v = lo;
		if (st != PM_OK)
			return st;
	}
	*r = v;
	return PM_OK;
}
