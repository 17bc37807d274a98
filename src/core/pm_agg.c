/*
 * pm_agg.c: aggregate state math: scale tracking, the exact double
 * accumulator and correctly rounded ratios.  Pure C99; no PostgreSQL headers.
 */
#include <math.h>
#include <string.h>

#include "pm_agg.h"

bool
pm_scale_track_remove(pm_scale_track *t, int32_t scale)
{
	if (t->nmax <= 0 || scale > t->maxscale)
		return false;
	if (scale == t->maxscale && --t->nmax == 0)
		return false;
	return true;
}

void
pm_scale_track_merge(pm_scale_track *t, const pm_scale_track *o)
{
	if (o->nmax == 0)
		return;
	if (t->nmax == 0 || o->maxscale > t->maxscale)
		*t = *o;
	else if (o->maxscale == t->maxscale)
		t->nmax += o->nmax;
}

/* ---- exact double accumulator ---- */

#define LIMB_BASE (INT64_C(1) << 32)
#define LIMB_MASK UINT64_C(0xFFFFFFFF)

void
pm_xacc_init(pm_xacc *x)
{
	memset(x, 0, sizeof(*x));
}

void
pm_xacc_normalize(pm_xacc *x)
{
	int64_t		carry = 0;

	for (int i = 0; i < PM_XACC_LIMBS - 1; i++)
	{
		int64_t		v = x->limb[i] + carry;
		int64_t		low = (int64_t) ((uint64_t) v & LIMB_MASK);

		/* exact floor division: no shifts of negative values */
		carry = (v - low) / LIMB_BASE;
		x->limb[i] = low;
	}
	x->limb[PM_XACC_LIMBS - 1] += carry;
	x->pending = 0;
}

void
pm_xacc_add(pm_xacc *x, double v)
{
	uint64_t	bits,
				m;
	int			exp,
				off,
				i;
	pm_u128		w;
	int64_t		c0,
				c1,
				c2;

	memcpy(&bits, &v, sizeof(bits));
	exp = (int) ((bits >> 52) & 0x7FF);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (exp == 0)
		off = 0;				/* subnormal or zero: m * 2^-1074 */
	else
	{
		m |= UINT64_C(1) << 52;
		off = exp - 1;			/* m * 2^(exp - 1075) */
	}
	if (m == 0)
		return;
	if (x->pending >= PM_XACC_PENDING_MAX)
		pm_xacc_normalize(x);
	i = off >> 5;
	w = (pm_u128) m << (off & 31);
	c0 = (int64_t) (uint64_t) (w & LIMB_MASK);
	c1 = (int64_t) (uint64_t) ((w >> 32) & LIMB_MASK);
	c2 = (int64_t) (uint64_t) (w >> 64);
	if (bits >> 63)
	{
		x->limb[i] -= c0;
		x->limb[i + 1] -= c1;
		x->limb[i + 2] -= c2;
	}
	else
	{
		x->limb[i] += c0;
		x->limb[i + 1] += c1;
		x->limb[i + 2] += c2;
	}
	x->pending++;
}

void
pm_xacc_merge(pm_xacc *x, const pm_xacc *o)
{
	pm_xacc		t = *o;

	pm_xacc_normalize(x);
	pm_xacc_normalize(&t);
	for (int i = 0; i < PM_XACC_LIMBS; i++)
		x->limb[i] += t.limb[i];
	pm_xacc_normalize(x);
}

bool
pm_xacc_valid(const pm_xacc *x)
{
	if (x->pending != 0)
		return false;
	for (int i = 0; i < PM_XACC_LIMBS - 1; i++)
		if (x->limb[i] < 0 || x->limb[i] >= LIMB_BASE)
			return false;
	/* far beyond any count of rows times the largest double */
	return x->limb[PM_XACC_LIMBS - 1] > -LIMB_BASE && x->limb[PM_XACC_LIMBS - 1] < LIMB_BASE;
}

bool
pm_xacc_is_zero(const pm_xacc *x)
{
	pm_xacc		t = *x;

	pm_xacc_normalize(&t);
	for (int i = 0; i < PM_XACC_LIMBS; i++)
		if (t.limb[i] != 0)
			return false;
	return true;
}

double
pm_round_to_double(uint64_t q, bool sticky, int e)
{
	int			nb;

	if (q == 0)
		return 0.0;
	nb = 64 - __builtin_clzll(q);
	/* Keep the sticky bit strictly below the rounding position. */
	if (sticky && nb < 55)
	{
		q <<= 55 - nb;
		e -= 55 - nb;
		nb = 55;
	}
	/*
	 * A subnormal result has fewer than 53 bits, all above 2^-1074: round
	 * once, there (the conversion to double and then ldexp would round
	 * twice).
	 */
	if (e + nb - 1 < -1022 && -1074 - e > 0)
	{
		int			s = -1074 - e;	/* bits of q below 2^-1074 */
		uint64_t	r,
					rem,
					half;

		if (s > 64)
			return 0.0;			/* below 2^-1075 */
		r = s == 64 ? 0 : q >> s;
		rem = s == 64 ? q : q & ((UINT64_C(1) << s) - 1);
		half = UINT64_C(1) << (s - 1);
		if (rem > half || (rem == half && (sticky || (r & 1) != 0)))
			r++;
		return ldexp((double) r, -1074);
	}
	return ldexp((double) (q | (sticky ? 1 : 0)), e);
}

pm_status
pm_xacc_result(const pm_xacc *x, double *out)
{
	pm_xacc		t = *x;
	bool		neg,
				sticky = false;
	int			h,
				e,
				nb;
	pm_u128		v;
	double		d;

	pm_xacc_normalize(&t);
	neg = t.limb[PM_XACC_LIMBS - 1] < 0;
	if (neg)
	{
		for (int i = 0; i < PM_XACC_LIMBS; i++)
			t.limb[i] = -t.limb[i];
		pm_xacc_normalize(&t);
	}
	for (h = PM_XACC_LIMBS - 1; h >= 0 && t.limb[h] == 0; h--)
		;
	if (h < 0)
	{
		*out = 0.0;
		return PM_OK;
	}
	/* The top three limbs, the rest as a sticky bit. */
	v = (pm_u128) (uint64_t) t.limb[h] << 64;
	if (h >= 1)
		v |= (pm_u128) (uint64_t) t.limb[h - 1] << 32;
	if (h >= 2)
		v |= (pm_u128) (uint64_t) t.limb[h - 2];
	for (int i = 0; i < h - 2; i++)
		if (t.limb[i] != 0)
			sticky = true;
	e = 32 * (h - 2) - 1074;
	nb = 128 - (v >> 64 ? __builtin_clzll((uint64_t) (v >> 64)) : 64 + __builtin_clzll((uint64_t) v));
	if (nb > 64)
	{
		int			s = nb - 64;

		if (v & (((pm_u128) 1 << s) - 1))
			sticky = true;
		v >>= s;
		e += s;
	}
	d = pm_round_to_double((uint64_t) v, sticky, e);
	if (!isfinite(d))
		return PM_OVERFLOW;
	*out = neg ? -d : d;
	return PM_OK;
}

/* ---- ratios ---- */

static pm_u128
abs_u128(pm_i128 v)
{
	return v < 0 ? (pm_u128) 0 - (pm_u128) v : (pm_u128) v;
}

/* The double nearest a / b for magnitudes a, b > 0 (b <= 2^127). */
static double
ratio_u128(pm_u128 a, pm_u128 b)
{
	const pm_u128 lo = (pm_u128) 1 << 55,
				hi = (pm_u128) 1 << 56;
	pm_u128		q,
				r;
	int			e = 0;
	bool		sticky = false;

	/* Both exact in a double: IEEE division is correctly rounded. */
	if (a < ((pm_u128) 1 << 53) && b < ((pm_u128) 1 << 53))
		return (double) (uint64_t) a / (double) (uint64_t) b;
	q = a / b;
	r = a % b;
	if (q >= lo)
	{
		sticky = r != 0;
		while (q >= hi)
		{
			sticky |= (q & 1) != 0;
			q >>= 1;
			e++;
		}
	}
	else
	{
		/* binary long division; r < b <= 2^127, so 2r fits */
		while (q < lo)
		{
			r <<= 1;
			q <<= 1;
			if (r >= b)
			{
				r -= b;
				q |= 1;
			}
			e--;
		}
		sticky = r != 0;
	}
	return pm_round_to_double((uint64_t) q, sticky, e);
}

pm_status
pm_dec_ratio(const pm_dec *a, const pm_dec *b, double *out)
{
	pm_dec		ca = *a,
				cb = *b;
	pm_u128		ua,
				ub;
	double		d;

	if (b->coef == 0)
		return PM_DIV_ZERO;
	if (a->coef == 0)
	{
		*out = 0.0;
		return PM_OK;
	}
	if (ca.scale < cb.scale && pm_dec_rescale_up(a, cb.scale, &ca) != PM_OK)
		return PM_OVERFLOW;
	if (cb.scale < ca.scale && pm_dec_rescale_up(b, ca.scale, &cb) != PM_OK)
		return PM_OVERFLOW;
	ua = abs_u128(ca.coef);
	ub = abs_u128(cb.coef);
	d = ratio_u128(ua, ub);
	*out = ((a->coef < 0) != (b->coef < 0)) ? -d : d;
	return PM_OK;
}

pm_status
pm_dec_to_double(const pm_dec *a, double *out)
{
	pm_dec		one;

	if (a->scale > PM_MAX_POW10)
		return PM_OVERFLOW;
	one.coef = pm_pow10[a->scale];
	one.scale = a->scale;
	return pm_dec_ratio(a, &one, out);
}
