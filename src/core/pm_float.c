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
#define TWO_POW_52 4503599627370496.0
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

/*
 * The multiple n * c / s of the increment as the nearest double (n * c and
 * s exact, so the one division rounds correctly), with x's sign (+0 for
 * zero).  False, for the exact path, when n * c is too large for that.
 */
static inline bool
round_to_n(double n, double c, double s, bool neg, double *out)
{
	double		r;

	if (!(n * c < TWO_POW_53))
		return false;
	r = n * c / s;
	*out = (neg && r != 0) ? -r : r;
	return true;
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
				 * Next to a multiple K = k * inc.  If K has at most 15 digits
				 * and round-trips to x, it is x's shortest decimal: x is
				 * exact and stays as it is.  If K does not round-trip, it
				 * lies outside x's rounding interval, so x's shortest decimal
				 * (inside it) is on x's side of K, and next to it.
				 */
				double		k = frac <= eps ? f : f + 1.0;
				double		kc = k * c;

				if (kc < TWO_POW_53)
				{
					double		tk = kc / s;

					if (tk == ax)
					{
						if (kc < 1e15)
						{
							*out = x;
							return PM_OK;
						}
					}
					else if (mode == PM_ROUND_UNNECESSARY)
						return PM_INEXACT;
					else if (ax > tk ? round_to_n(k + (away_from_zero(mode, neg, false) ? 1.0 : 0.0), c, s, neg, out)
							 : round_to_n(k - 1.0 + (away_from_zero(mode, neg, true) ? 1.0 : 0.0), c, s, neg, out))
						return PM_OK;
				}
			}
			else
			{
				/*
				 * Next to the tie T = (f + 1/2) * inc.  T round-trips to x
				 * exactly when it is x's shortest decimal, if it has at most
				 * 15 digits: at most one decimal that short lies in a
				 * double's rounding interval.  Otherwise x's shortest
				 * decimal is on x's side of T, as for a multiple above.
				 */
				double		t5 = (2.0 * f + 1.0) * c * 5.0;

				if (t5 < 1e15 && inc->scale < 22)
				{
					double		t = t5 / dpow10[inc->scale + 1];
					bool		away;

					if (mode == PM_ROUND_UNNECESSARY)
						return PM_INEXACT;
					if (t != ax)
						away = away_from_zero(mode, neg, ax > t);
					else if (mode == PM_ROUND_HALF_EVEN)
						away = fmod(f, 2.0) != 0.0;
					else if (mode == PM_ROUND_HALF_UP)
						away = true;
					else if (mode == PM_ROUND_HALF_DOWN)
						away = false;
					else
						away = away_from_zero(mode, neg, true);
					if (round_to_n(f + (away ? 1.0 : 0.0), c, s, neg, out))
						return PM_OK;
				}
			}
		}
	}
	return round_exact(x, inc, mode, out);
}

pm_status
pm_float_rounder_init(pm_float_rounder *r, const pm_dec *inc, pm_round_mode mode)
{
	memset(r, 0, sizeof(*r));
	if (inc->coef <= 0)
		return PM_INVALID;
	if ((int) mode < 0 || mode >= PM_ROUND_MODE_COUNT)
		return PM_INVALID;
	r->dense = inc->coef < (pm_i128) TWO_POW_53 && inc->scale >= 0 && inc->scale <= 22;
	r->s = r->dense ? dpow10[inc->scale] : 1.0;
	r->c = (double) (r->dense ? inc->coef : 1);
	r->mode = mode;
	return PM_OK;
}

#define PM_FR_BLOCK 256

/* what a dense pass multiplies x by first: nothing, a scalar or an array */
#define PM_FR_NO_MUL 0
#define PM_FR_MUL_SCALAR 1
#define PM_FR_MUL_ARRAY 2

#if defined(__GNUC__)
/*
 * GCC's and clang's portable vector types: two doubles per operation on any
 * target (SSE2 on x86-64, NEON on arm64, scalar code elsewhere).  Each lane
 * runs the IEEE operations of the scalar test, so the results do not depend
 * on the CPU.  Comparisons give all-ones or zero lanes.
 */
#define PM_FR_VECTOR 1
typedef double pm_v2d __attribute__((vector_size(16)));
typedef int64_t pm_v2i __attribute__((vector_size(16)));

/*
 * d where the mask m is set, else +0.  Lane selects are written as sums of
 * these: GCC turns (m & a) | (~m & b) into a select, which SSE2 lacks, and
 * then splits the vector into scalar code.
 */
#define VAND(m, d) ((pm_v2d) ((m) & (pm_v2i) (d)))

/*
 * A comparison's mask, hidden from the optimiser, which would otherwise
 * still see a lane select in VAND and split the vector into scalar code
 * (it costs nothing: the register is left as it is).
 */
static inline pm_v2i
vmask(pm_v2i m)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__("" : "+x"(m));
#elif defined(__aarch64__)
	__asm__("" : "+w"(m));
#endif
	return m;
}

/*
 * One block of pm_float_round's fast test, lane by lane the same
 * floating-point operations, for one mode (a constant once inlined), over x
 * or, with mul, over the products x * b (b the scalar bs for
 * PM_FR_MUL_SCALAR).  With y = |x| * s / c, f = floor(y) and frac = y - f,
 * the test of the directed modes settles:
 * - a generic fraction (not within eps of 0, 1/2 or 1), which rounds to n *
 *   c / s with n = f, or f + 1 where the mode rounds that fraction away from
 *   zero ("unnecessary" leaves it: it is an error);
 * - an edge (frac within eps of 0 or 1): the nearest multiple k * c, when
 *   k * c / s is |x| itself (and k * c < 10^15), so x stays as it is; zero
 *   is one (k = 0) and gives +0, while a tiny nonzero x is not.
 * A half mode settles every lane not within eps of a tie (below).  Every
 * other lane, y >= 2^40 (NaN and infinities included) and mul's underflows
 * among them, gets NaN.  floor(y) for 0 <= y < 2^40 is y rounded to an
 * integer by adding and removing 2^52 (exact in the default rounding mode,
 * which PostgreSQL never changes), less one where that rounded up.  Returns
 * the count of settled lanes, negated, per lane (each settled lane adds -1).
 */
static inline __attribute__((always_inline)) pm_v2i
round_block(const pm_float_rounder *rd, const double *x, const double *b, double bs,
			double *out, const int mul, const bool unit, const pm_round_mode mode)
{
	const pm_v2d s = {rd->s, rd->s},
				c = {rd->c, rd->c},
				one = {1.0, 1.0},
				zero = {0.0, 0.0},
				half = {0.5, 0.5},
				tiny = {1e-14, 1e-14},
				two40 = {TWO_POW_40, TWO_POW_40},
				two52 = {TWO_POW_52, TWO_POW_52},
				two53 = {TWO_POW_53, TWO_POW_53},
				e15 = {1e15, 1e15},
				nan = {NAN, NAN},
				bsv = {bs, bs};
	const pm_v2i signbit = {INT64_MIN, INT64_MIN},
				ones = {-1, -1};
	pm_v2i		settled = {0, 0};

	for (int i = 0; i < PM_FR_BLOCK; i += 2)
	{
		pm_v2d		xv,
					ax,
					y,
					t,
					f,
					frac,
					eps,
					n,
					m,
					q,
					v;
		pm_v2i		away,
					under = {0, 0},
					low,
					high,
					edge,
					gen,
					ok;

		memcpy(&xv, x + i, sizeof(xv));
		if (mul != PM_FR_NO_MUL)
		{
			pm_v2d		bv = bsv,
						p;

			if (mul == PM_FR_MUL_ARRAY)
				memcpy(&bv, b + i, sizeof(bv));
			p = xv * bv;
			/* a zero product of nonzero factors: mul's underflow */
			under = vmask(p == zero) & vmask(xv != zero) & vmask(bv != zero);
			xv = p;
		}
		ax = (pm_v2d) ((pm_v2i) xv & ~signbit);
		y = unit ? ax * s : ax * s / c;
		t = (y + two52) - two52;
		eps = (y + one) * tiny;
		if (mode == PM_ROUND_HALF_UP || mode == PM_ROUND_HALF_DOWN ||
			mode == PM_ROUND_HALF_EVEN)
		{
			/*
			 * A half mode rounds every lane not next to a tie to t, the
			 * integer nearest y: one next to a multiple k too, as
			 * pm_float_round does (k is t, and k * c / s is |x| when x is
			 * that multiple).  |y - t| is exact, and 1/2 - |y - t| is
			 * |frac - 1/2|.
			 */
			pm_v2d		d = (pm_v2d) ((pm_v2i) (y - t) & ~signbit);

			ok = vmask(y < two40) & vmask(half - d > eps);
			if (!unit)
				ok &= vmask(t * c < e15);
			q = unit ? t / s : t * c / s;
			ok &= ~under;
			v = (pm_v2d) ((pm_v2i) q | ((pm_v2i) xv & signbit)) + VAND(~ok, nan);
			memcpy(out + i, &v, sizeof(v));
			settled += ok;
			continue;
		}
		f = t - VAND(vmask(t > y), one);
		frac = y - f;
		low = vmask(frac <= eps);
		high = vmask(frac >= one - eps);
		edge = low | high;
		switch (mode)
		{
			case PM_ROUND_UP:
				away = ones;
				break;
			case PM_ROUND_CEILING:
				away = vmask(~(xv < zero));
				break;
			case PM_ROUND_FLOOR:
				away = vmask(xv < zero);
				break;
			case PM_ROUND_HALF_UP:
			case PM_ROUND_HALF_DOWN:
			case PM_ROUND_HALF_EVEN:
				away = vmask(frac > half);
				break;
			default:
				away = ~ones;
				break;
		}
		n = f + VAND(away, one);
		/* k - n is -1, 0 or 1, so n + (k - n) is k exactly */
		m = n + VAND(edge, (f + VAND(high, one)) - n);
		q = unit ? m / s : m * c / s;
		/* |frac - 1/2| > eps */
		gen = ~edge & vmask((pm_v2d) ((pm_v2i) (frac - half) & ~signbit) > eps);
		if (!unit)
			gen &= vmask(n * c < two53);
		if (mode == PM_ROUND_UNNECESSARY)
			gen = ~ones;
		ok = vmask(y < two40) & (gen | (edge & vmask((unit ? m : m * c) < e15) & vmask(q == ax)));
		ok &= ~under;
		/* q with x's sign, plus +0 (-0 as +0), or plus NaN */
		v = (pm_v2d) ((pm_v2i) q | ((pm_v2i) xv & signbit)) + VAND(~ok, nan);
		memcpy(out + i, &v, sizeof(v));
		settled += ok;
	}
	return settled;
}

/* round_block for the rounder's mode and increment, and for mul */
static inline __attribute__((always_inline)) pm_v2i
round_block_mode(const pm_float_rounder *r, const double *x, const double *b, double bs,
				 double *out, const int mul)
{
#define PM_FR_MODE(m) \
	case m: \
		return r->c == 1.0 ? round_block(r, x, b, bs, out, mul, true, m) \
			: round_block(r, x, b, bs, out, mul, false, m)

	switch (r->mode)
	{
			PM_FR_MODE(PM_ROUND_UP);
			PM_FR_MODE(PM_ROUND_CEILING);
			PM_FR_MODE(PM_ROUND_FLOOR);
			PM_FR_MODE(PM_ROUND_HALF_UP);
			PM_FR_MODE(PM_ROUND_HALF_DOWN);
			PM_FR_MODE(PM_ROUND_HALF_EVEN);
			PM_FR_MODE(PM_ROUND_UNNECESSARY);
		default:
			return round_block(r, x, b, bs, out, mul, false, PM_ROUND_DOWN);
	}
#undef PM_FR_MODE
}

/* round_block_mode with mul a constant in each instance */
static pm_v2i
round_block_any(const pm_float_rounder *r, const double *x, const double *b, double bs,
				double *out, int mul)
{
	switch (mul)
	{
		case PM_FR_MUL_SCALAR:
			return round_block_mode(r, x, NULL, bs, out, PM_FR_MUL_SCALAR);
		case PM_FR_MUL_ARRAY:
			return round_block_mode(r, x, b, 0.0, out, PM_FR_MUL_ARRAY);
		default:
			return round_block_mode(r, x, NULL, 0.0, out, PM_FR_NO_MUL);
	}
}
#endif

/* the dense pass over x, or over x's products with b (or bs) */
static size_t
round_dense(const pm_float_rounder *r, const double *x, const double *b, double bs,
			double *out, size_t n, int mul)
{
#ifdef PM_FR_VECTOR
	if (r->dense)
	{
		pm_v2i		settled = {0, 0};
		size_t		full = n - n % PM_FR_BLOCK,
					left = 0;

		for (size_t base = 0; base < full; base += PM_FR_BLOCK)
			settled += round_block_any(r, x + base, b ? b + base : NULL, bs, out + base, mul);
		if (full < n)
		{
			/* the tail, padded with zeros; its own lanes counted one by one */
			double		pad[PM_FR_BLOCK],
						bpad[PM_FR_BLOCK],
						buf[PM_FR_BLOCK];

			memset(pad, 0, sizeof(pad));
			memset(bpad, 0, sizeof(bpad));
			memcpy(pad, x + full, (n - full) * sizeof(double));
			if (b)
				memcpy(bpad, b + full, (n - full) * sizeof(double));
			(void) round_block_any(r, pad, bpad, bs, buf, mul);
			memcpy(out + full, buf, (n - full) * sizeof(double));
			for (size_t i = 0; i < n - full; i++)
				left += isnan(buf[i]) ? 1 : 0;
		}
		return full - (size_t) -(settled[0] + settled[1]) + left;
	}
#endif
	/* without vector types, or outside the test: every element one by one */
	for (size_t i = 0; i < n; i++)
		out[i] = NAN;
	return n;
}

size_t
pm_float_round_dense(const pm_float_rounder *r, const double *x, double *out, size_t n)
{
	return round_dense(r, x, NULL, 0.0, out, n, PM_FR_NO_MUL);
}

size_t
pm_float_mul_round_dense(const pm_float_rounder *r, const double *x, const double *b,
						 double bs, double *out, size_t n)
{
	return round_dense(r, x, b, bs, out, n, b ? PM_FR_MUL_ARRAY : PM_FR_MUL_SCALAR);
}
