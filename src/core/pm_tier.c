/*
 * pm_tier.c: tier lookup and graduated totals, exact, with every compare,
 * subtract, multiply and add checked for overflow.
 */
#include "pm_tier.h"

/*
 * PM_OK when v[0 .. n) ascends strictly; else PM_INVALID with *bad the
 * first i where v[i] <= v[i - 1].
 */
static pm_status
check_ascending(const pm_dec *v, size_t n, size_t *bad)
{
	pm_status	st;

	for (size_t i = 1; i < n; i++)
	{
		int			c = pm_dec_cmp(&v[i - 1], &v[i], &st);

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
pm_tier_check(const pm_dec *t, size_t n, size_t *bad)
{
	*bad = 0;
	if (n == 0 || t[0].coef != 0)
		return PM_INVALID;
	return check_ascending(t, n, bad);
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

/* The bounds a billing table has: n, less the open last tier. */
static size_t
bill_bounds(const pm_bill_table *b)
{
	return b->open ? b->n - 1 : b->n;
}

pm_status
pm_bill_check(const pm_bill_table *b, size_t *bad)
{
	size_t		nb = bill_bounds(b);

	*bad = 0;
	if (b->n == 0 || (nb > 0 && b->up_to[0].coef <= 0))
		return PM_INVALID;
	return check_ascending(b->up_to, nb, bad);
}

pm_status
pm_bill_find(const pm_dec *q, const pm_bill_table *b, size_t *tier)
{
	size_t		lo = 0,
				hi = bill_bounds(b);	/* up_to[i] < q below lo; q <= up_to[hi] */
	pm_status	st;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			c = pm_dec_cmp(q, &b->up_to[mid], &st);

		if (st != PM_OK)
			return st;
		if (c <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == b->n)
		return PM_INVALID;		/* beyond the last bound of a closed table */
	*tier = lo;
	return PM_OK;
}

/* term = w * price[i], plus flat[i] when the table has flat amounts. */
static pm_status
bill_term(const pm_bill_table *b, size_t i, const pm_dec *w, pm_dec *term)
{
	pm_status	st = pm_dec_mul(w, &b->price[i], term);

	if (st == PM_OK && b->flat != NULL)
		st = pm_dec_add(term, &b->flat[i], term);
	return st;
}

pm_status
pm_bill_total(const pm_dec *q, const pm_bill_table *b, bool graduated, pm_dec *out)
{
	size_t		k;
	pm_status	st = pm_bill_find(q, b, &k);

	if (st != PM_OK)
		return st;
	if (!graduated)
		return bill_term(b, k, q, out);
	for (size_t i = 0; i <= k; i++)
	{
		/*
		 * Tiers below k are full; tier k is full too when q is on its bound
		 * (pm_bill_find gave q <= up_to[k]), and then the width is the
		 * bound's difference, written at the bounds' scales.
		 */
		const pm_dec *upper = q;
		pm_dec		width,
					term;

		if (i < k)
			upper = &b->up_to[i];
		else if (i < bill_bounds(b))
		{
			int			c = pm_dec_cmp(&b->up_to[i], q, &st);

			if (st != PM_OK)
				return st;
			if (c == 0)
				upper = &b->up_to[i];
		}
		width = *upper;
		st = i == 0 ? PM_OK : pm_dec_sub(upper, &b->up_to[i - 1], &width);
		if (st == PM_OK)
			st = bill_term(b, i, &width, &term);
		if (st == PM_OK && i > 0)
			st = pm_dec_add(out, &term, &term);
		if (st != PM_OK)
			return st;
		*out = term;
	}
	return PM_OK;
}

/* Names in pm_tier_mode order; matched in any ASCII case, as the other mode parsers do. */
static const pm_name tier_mode_names[] = {PM_NAME("volume"), PM_NAME("graduated")};

PM_NAME_PARSER(pm_tier_mode_parse, pm_tier_mode, tier_mode_names)
