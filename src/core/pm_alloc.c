/*
 * pm_alloc.c: largest-remainder allocation on scaled 128-bit integers.  The
 * whole split is done in units of 10^-places with exact integer division,
 * so the shares always sum to the total.
 */
#include "pm_alloc.h"

#include <string.h>

/*
 * total as a whole number of units of 10^-places: 12.34 at places 2 is
 * 1234 units, at places -1 (tens) it is PM_INEXACT; PM_OVERFLOW when the
 * count does not fit.
 */
static pm_status
alloc_units(const pm_dec *total, int32_t places, pm_i128 *units)
{
	int64_t		k = (int64_t) total->scale - places;
	pm_dec		t = {total->coef, 0},
				r;

	if (total->coef == 0)
	{
		*units = 0;
		return PM_OK;
	}
	if (k <= 0)
	{
		/* scale up: t * 10^-k, checked */
		if (-k > PM_MAX_POW10)
			return PM_OVERFLOW;
		{
			pm_dec		p = {pm_pow10[-k], 0};

			if (pm_dec_mul(&t, &p, &r) != PM_OK)
				return PM_OVERFLOW;
		}
		*units = r.coef;
		return PM_OK;
	}
	/* |coef| < 10^39, so a nonzero coef is never a multiple of 10^39 */
	if (k > PM_MAX_POW10 || total->coef % pm_pow10[k] != 0)
		return PM_INEXACT;
	*units = total->coef / pm_pow10[k];
	return PM_OK;
}

/* Larger remainder first; equal remainders in index order. */
static int
slot_order(const void *a, const void *b, void *arg)
{
	const pm_alloc_slot *x = a,
			   *y = b;

	(void) arg;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static void
swap_bytes(char *a, char *b, size_t size)
{
	char		t[PM_TOP_K_MAX_SIZE];

	memcpy(t, a, size);
	memcpy(a, b, size);
	memcpy(b, t, size);
}

/*
 * Restore the heap below node i of heap h (k elements): every node comes
 * after its children in order's order, so the root is the last of them.
 */
static void
sift_down(char *h, size_t i, size_t k, size_t size, pm_order_fn order, void *arg)
{
	for (;;)
	{
		size_t		c = 2 * i + 1;

		if (c >= k)
			return;
		if (c + 1 < k && order(h + (c + 1) * size, h + c * size, arg) > 0)
			c++;				/* the later child */
		if (order(h + c * size, h + i * size, arg) < 0)
			return;
		swap_bytes(h + c * size, h + i * size, size);
		i = c;
	}
}

void
pm_top_k(void *base, size_t n, size_t size, size_t k, pm_order_fn order, void *order_arg,
		 pm_tick_fn tick, void *tick_arg)
{
	char	   *b = base;

	if (k == 0 || k >= n || size == 0 || size > PM_TOP_K_MAX_SIZE)
		return;
	/* the first k as a heap whose root is the last of them */
	for (size_t i = k / 2; i-- > 0;)
	{
		if (tick != NULL && i % PM_TICK_STRIDE == 0)
			tick(tick_arg);
		sift_down(b, i, k, size, order, order_arg);
	}
	/* each later element that comes before the root replaces it */
	for (size_t i = k; i < n; i++)
	{
		if (tick != NULL && i % PM_TICK_STRIDE == 0)
			tick(tick_arg);
		if (order(b + i * size, b, order_arg) < 0)
		{
			swap_bytes(b + i * size, b, size);
			sift_down(b, 0, k, size, order, order_arg);
		}
	}
}

/* num / den and num % den for num >= 0, den > 0, in 64 bits when they fit. */
static inline void
udivmod(pm_i128 num, pm_i128 den, pm_i128 *q, pm_i128 *r)
{
	if ((num >> 63) == 0 && (den >> 63) == 0)
	{
		uint64_t	n = (uint64_t) num,
					d = (uint64_t) den;

		*q = (pm_i128) (n / d);
		*r = (pm_i128) (n % d);
	}
	else
	{
		*q = num / den;
		*r = num % den;
	}
}

pm_status
pm_alloc(const pm_dec *total, const pm_dec *weights, size_t n, int32_t places,
		 pm_dec *shares, pm_alloc_slot *slots, size_t *bad, pm_tick_fn tick, void *tick_arg)
{
	int32_t		wscale = 0,
				oscale = places > 0 ? places : 0;
	pm_i128		t,
				wsum = 0,
				given = 0,
				left;
	size_t		nrem = 0;
	bool		neg;
	pm_status	st;
	pm_dec		unit = {1, 0};

	for (size_t i = 0; i < n; i++)
	{
		if (tick != NULL && i % PM_TICK_STRIDE == PM_TICK_STRIDE - 1)
			tick(tick_arg);
		if (weights[i].coef < 0)
		{
			*bad = i;
			return PM_INVALID;
		}
		if (weights[i].scale > wscale)
			wscale = weights[i].scale;
	}
	st = alloc_units(total, places, &t);
	if (st != PM_OK)
		return st;
	for (size_t i = 0; i < n; i++)
	{
		pm_dec		w;

		if (tick != NULL && i % PM_TICK_STRIDE == PM_TICK_STRIDE - 1)
			tick(tick_arg);
		if (pm_dec_rescale_up(&weights[i], wscale, &w) != PM_OK ||
			__builtin_add_overflow(wsum, w.coef, &wsum))
			return PM_OVERFLOW;
	}
	if (wsum == 0)
		return PM_DIV_ZERO;
	if (places < 0)
	{
		if (-(int64_t) places > PM_MAX_POW10)
			return PM_OVERFLOW;
		unit.coef = pm_pow10[-places];
	}
	if (t < -(pm_i128) (((pm_u128) 1 << 127) - 1))
		return PM_OVERFLOW;		/* -2^127 has no positive counterpart */
	neg = t < 0;
	t = neg ? -t : t;

	/* Shares rounded toward zero, in units; remember the remainders. */
	for (size_t i = 0; i < n; i++)
	{
		pm_dec		w,
					tt = {t, 0},
					prod;
		pm_i128		q,
					r;

		if (tick != NULL && i % PM_TICK_STRIDE == PM_TICK_STRIDE - 1)
			tick(tick_arg);
		/* cannot fail: it succeeded above */
		(void) pm_dec_rescale_up(&weights[i], wscale, &w);
		w.scale = 0;
		if (pm_dec_mul(&tt, &w, &prod) != PM_OK)
			return PM_OVERFLOW;
		udivmod(prod.coef, wsum, &q, &r);
		given += q;
		shares[i].coef = q;
		shares[i].scale = oscale;
		if (r != 0)
		{
			slots[nrem].rem = r;
			slots[nrem].index = (int64_t) i;
			nrem++;
		}
	}

	/* sum(r) = left * wsum with every r < wsum, so left < nrem */
	left = t - given;
	if (left > 0)
	{
		pm_top_k(slots, nrem, sizeof(pm_alloc_slot), (size_t) left, slot_order, NULL,
				 tick, tick_arg);
		for (pm_i128 j = 0; j < left; j++)
			shares[slots[j].index].coef += 1;
	}

	for (size_t i = 0; i < n; i++)
	{
		pm_i128		c = shares[i].coef;

		if (tick != NULL && i % PM_TICK_STRIDE == PM_TICK_STRIDE - 1)
			tick(tick_arg);

		if (places < 0 && c != 0)
		{
			pm_dec		q = {c, 0},
						r;

			if (pm_dec_mul(&q, &unit, &r) != PM_OK)
				return PM_OVERFLOW;
			c = r.coef;
		}
		shares[i].coef = neg ? -c : c;
	}
	return PM_OK;
}
