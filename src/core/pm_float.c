/*
 * pm_float.c: rounding doubles by their shortest decimal text.  A cheap
 * floating-point test settles almost every element; only values within a
 * few ulps of a tie or of a multiple of the increment take the exact path.
 */
#include "pm_float.h"

#include <stdio.h>
#include <stdlib.h>

/* Powers of ten that are exact in a double. */
static const double dpow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

#define TWO_POW_40 1099511627776.0
#define TWO_POW_53 9007199254740992.0

int
pm_float_shortest(double x, uint64_t *digits, int *exp10)
{
	char		buf[40];
	double		ax = fabs(x);
	int			p;
	uint64_t	m = 0;
	int			e;
	char	   *s;

	/*
	 * At most one decimal of 15 or fewer digits lies in a double's rounding
	 * interval, so the correctly rounded 15-digit text is the shortest one
	 * whenever it round-trips; otherwise try 16, then 17 digits, taking the
	 * nearest each time, as shortest-representation printers do.
	 */
	/* Subnormals have fewer bits, so shorter texts can round-trip. */
	for (p = ax < 2.2250738585072014e-308 ? 1 : 15; p < 17; p++)
	{
		snprintf(buf, sizeof(buf), "%.*e", p - 1, ax);
		if (strtod(buf, NULL) == ax)
			break;
	}
	if (p == 17)
		snprintf(buf, sizeof(buf), "%.*e", p - 1, ax);

	for (s = buf; *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			m = m * 10 + (uint64_t) (*s - '0');
	e = atoi(s + 1) - (p - 1);

	/*
	 * At a power of two the rounding interval is half as wide below x as
	 * above it, so the nearest 16-digit decimal may lie below, outside it,
	 * while the next one up lies inside: that one is the shortest text (2^-24
	 * prints as 5.960464477539063e-08, not with 17 digits).
	 */
	if (p == 17)
	{
		uint64_t	m16;
		int			e16;
		char		alt[40];

		snprintf(buf, sizeof(buf), "%.15e", ax);
		m16 = 0;
		for (s = buf; *s != 'e'; s++)
			if (*s >= '0' && *s <= '9')
				m16 = m16 * 10 + (uint64_t) (*s - '0');
		e16 = atoi(s + 1) - 15;
		m16 = strtod(buf, NULL) < ax ? m16 + 1 : m16 - 1;
		snprintf(alt, sizeof(alt), "%llue%d", (unsigned long long) m16, e16);
		if (m16 >= UINT64_C(1000000000000000) && m16 < UINT64_C(10000000000000000) &&
			strtod(alt, NULL) == ax)
		{
			m = m16;
			e = e16;
			p = 16;
		}
	}
	while (m != 0 && m % 10 == 0)
	{
		m /= 10;
		e++;
		p--;
	}
	*digits = m;
	*exp10 = e;
	return p;
}

/* The exact decimal coef * 10^-scale as the nearest double. */
static double
dec_to_double(const pm_dec *d)
{
	char		buf[64];
	char		rev[48];
	int			n = 0,
				pos = 0;
	pm_u128		mag = d->coef < 0 ? -(pm_u128) d->coef : (pm_u128) d->coef;

	do
	{
		rev[n++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag != 0);
	if (d->coef < 0)
		buf[pos++] = '-';
	while (n > 0)
		buf[pos++] = rev[--n];
	snprintf(buf + pos, sizeof(buf) - pos, "e%d", -d->scale);
	return strtod(buf, NULL);
}

/*
 * pm_round_away's decision for a value that is not a tie (above_half says on
 * which side of the half it lies); the caller has answered "unnecessary".
 * XXX: written again because calling pm_round_away here made the float
 * rounding loop markedly slower in a micro-benchmark: GCC compiles it to a
 * jump table over all eight modes, and this switch to a few compares.
 */
static inline bool
away_from_zero(pm_round_mode mode, bool neg, bool above_half)
{
	switch (mode)
	{
		case PM_ROUND_UP:
			return true;
		case PM_ROUND_CEILING:
			return !neg;
		case PM_ROUND_FLOOR:
			return neg;
		case PM_ROUND_HALF_UP:
		case PM_ROUND_HALF_DOWN:
		case PM_ROUND_HALF_EVEN:
			return above_half;
		default:
			return false;
	}
}

/* Exact path: round the shortest decimal of x in the fixed-point core. */
static pm_status
round_exact(double x, const pm_dec *inc, pm_round_mode mode, double *out)
{
	uint64_t	m;
	int			e;
	pm_dec		d,
				r;
	pm_status	st;
	double		v;

	pm_float_shortest(x, &m, &e);
	if (e >= 0 && inc->coef == 1)
	{
		/* an integer is already a multiple of 10^-scale */
		*out = x;
		return PM_OK;
	}
	if (e >= 0)
	{
		pm_dec		mant = {(pm_i128) m, 0};

		if (e > PM_MAX_POW10)
			return PM_OVERFLOW;
		st = pm_dec_rescale_up(&mant, e, &d);
		if (st != PM_OK)
			return st;
		d.scale = 0;
	}
	else
	{
		if (-e > PM_MAX_SCALE)
			return PM_OVERFLOW;
		d.coef = (pm_i128) m;
		d.scale = -e;
	}
	if (x < 0)
		d.coef = -d.coef;
	st = pm_dec_round_to(&d, inc, mode, &r);
	if (st != PM_OK)
		return st;
	if (r.coef == 0)
	{
		*out = 0.0;
		return PM_OK;
	}
	v = dec_to_double(&r);
	if (!isfinite(v))
		return PM_OVERFLOW;
	*out = v;
	return PM_OK;
}

pm_status
pm_float_round(double x, const pm_dec *inc, pm_round_mode mode, double *out)
{
	double		ax = fabs(x);
	bool		neg = x < 0;

	if (inc->coef <= 0)
		return PM_INVALID;
	if ((int) mode < 0 || mode >= PM_ROUND_MODE_COUNT)
		return PM_INVALID;
	if (x == 0)
	{
		*out = 0.0;
		return PM_OK;
	}
	if (inc->coef < (pm_i128) TWO_POW_53 && inc->scale >= 0 && inc->scale <= 22)
	{
		double		s = dpow10[inc->scale];
		double		c = (double) inc->coef;
		double		y = ax * s / c;

		if (y < TWO_POW_40)
		{
			/*
			 * y is within a relative 3 ulps of the exact quotient of the
			 * shortest decimal by the increment; eps covers that with room.
			 */
			double		f = floor(y);
			double		frac = y - f;
			double		eps = (y + 1.0) * 1e-14;

			if (frac > eps && frac < 1.0 - eps && fabs(frac - 0.5) > eps)
			{
				double		n,
							r;

				if (mode == PM_ROUND_UNNECESSARY)
					return PM_INEXACT;
				n = f + (away_from_zero(mode, neg, frac > 0.5) ? 1.0 : 0.0);
				if (n * c < TWO_POW_53)
				{
					r = n * c / s;
					*out = (neg && r != 0) ? -r : r;
					return PM_OK;
				}
			}
			else if (f == 0 && frac <= eps)
			{
				/* far below the first multiple: 0 or one increment */
				if (mode == PM_ROUND_UNNECESSARY)
					return PM_INEXACT;
				if (away_from_zero(mode, neg, false))
				{
					*out = neg ? -(c / s) : c / s;
					return PM_OK;
				}
				*out = 0.0;
				return PM_OK;
			}
			else if (frac <= eps || frac >= 1.0 - eps)
			{
				/*
				 * Next to a multiple k * inc.  If that multiple has at most
				 * 15 digits and round-trips to x, it is x's shortest decimal:
				 * x is exact and stays as it is.
				 */
				double		kc = (frac <= eps ? f : f + 1.0) * c;

				if (kc < 1e15 && kc / s == ax)
				{
					*out = x;
					return PM_OK;
				}
			}
		}
	}
	return round_exact(x, inc, mode, out);
}
