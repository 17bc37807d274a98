/*
 * pm_tier.c: tier lookup and graduated totals, exact, with every compare,
 * subtract, multiply and add checked for overflow.
 */
#include "pm_tier.h"

pm_status
pm_tier_check(const pm_dec *t, size_t n, size_t *bad)
{
	pm_status	st;

	*bad = 0;
	if (n == 0 || t[0].coef != 0)
		return PM_INVALID;
	for (size_t i = 1; i < n; i++)
	{
		int			c = pm_dec_cmp(&t[i - 1], &t[i], &st);

		if (st != PM_OK)
			return st;
		if (c >= 0)
		{
			*bad = i;
			return PM_INVALID;
		}
	}
	return PM_OK;
}

pm_status
pm_tier_find(const pm_dec *q, const pm_dec *t, size_t n, size_t *tier)
{
	size_t		lo = 0,
				hi = n;			/* t[lo] <= q; the answer is below hi */
	pm_status	st;

	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			c = pm_dec_cmp(&t[mid], q, &st);

		if (st != PM_OK)
			return st;
		if (c <= 0)
			lo = mid;
		else
			hi = mid;
	}
	*tier = lo;
	return PM_OK;
}

pm_status
pm_tier_graduated(const pm_dec *q, const pm_dec *t, const pm_dec *p, size_t n,
				  pm_dec *out)
{
	pm_status	st;

	for (size_t i = 0; i < n; i++)
	{
		pm_dec		width,
					term;
		bool		full = false;

		if (i > 0)
		{
			int			c = pm_dec_cmp(&t[i], q, &st);

			if (st != PM_OK)
				return st;
			if (c >= 0)
				break;			/* tier i not reached */
		}
		if (i + 1 < n)
		{
			int			c = pm_dec_cmp(&t[i + 1], q, &st);

			if (st != PM_OK)
				return st;
			full = c <= 0;
		}
		st = pm_dec_sub(full ? &t[i + 1] : q, &t[i], &width);
		if (st == PM_OK)
			st = pm_dec_mul(&width, &p[i], &term);
		if (st == PM_OK && i > 0)
			st = pm_dec_add(out, &term, &term);
		if (st != PM_OK)
			return st;
		*out = term;
	}
	return PM_OK;
}
