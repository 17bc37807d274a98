/*
 * fuzz_arith.c: exact decimal arithmetic and rounding.  add, sub, mul, cmp,
 * rescale, round (every mode), div_round and round_to agree with a bignum
 * reference: equal when they succeed, PM_OVERFLOW only when the result (or,
 * for the aligned operands, an intermediate) does not fit 128 bits, and
 * never a refusal of a result that fits; the 64-bit lane agrees with the
 * general path; ratios and pm_round_to_double are correctly rounded.
 */
#include <math.h>

#include "fuzz.h"
#include "pm_agg.h"
#include "pm_dec64.h"

/* A value's (possibly huge) coefficient at a common scale, and whether it fits 128 bits. */
typedef struct aligned
{
	sbn			v;
	bool		huge;
	bool		fits;
} aligned;

static aligned
align_to(const pm_dec *d, int64_t scale)
{
	aligned		a;

	a.v = sbn_at_scale(d, scale, &a.huge);
	a.fits = !a.huge && sbn_fits_i128(&a.v);
	return a;
}

/* Whether r is the decimal v (a fitting reference) at scale. */
static bool
dec_is(const pm_dec *r, const sbn *v, int64_t scale)
{
	return r->scale == scale && sbn_eq_i128(v, r->coef);
}

static void
check_add_sub(const pm_dec *a, const pm_dec *b, bool sub)
{
	int64_t		s = a->scale > b->scale ? a->scale : b->scale;
	aligned		x = align_to(a, s),
				y = align_to(b, s);
	pm_dec		r;
	pm_status	st = sub ? pm_dec_sub(a, b, &r) : pm_dec_add(a, b, &r);
	const char *op = sub ? "sub" : "add";

	if (x.huge || y.huge)
	{
		/* one operand is beyond 10^80 at the common scale: so is the result */
		FZ_CHECK(st == PM_OVERFLOW, "%s(%s, %s) gives %s", op, fz_dec_str(a), fz_dec_str(b),
				 fz_status_name(st));
		return;
	}
	{
		sbn			want = sub ? sbn_sub(&x.v, &y.v) : sbn_add(&x.v, &y.v);
		bool		fits = sbn_fits_i128(&want);

		if (st == PM_OK)
			FZ_CHECK(fits && dec_is(&r, &want, s), "%s(%s, %s) is %s", op,
					 fz_dec_str(a), fz_dec_str(b), fz_dec_str(&r));
		else
			FZ_CHECK(st == PM_OVERFLOW && (!fits || !x.fits || !y.fits),
					 "%s(%s, %s) refused (%s) a result that fits", op,
					 fz_dec_str(a), fz_dec_str(b), fz_status_name(st));
	}
}

static void
check_mul_cmp(const pm_dec *a, const pm_dec *b)
{
	pm_dec		r;
	pm_status	st = pm_dec_mul(a, b, &r);
	int64_t		s = (int64_t) a->scale + b->scale;
	sbn			x = sbn_i128(a->coef),
				y = sbn_i128(b->coef),
				want = sbn_mul(&x, &y);
	bool		fits = sbn_fits_i128(&want) && s <= PM_MAX_SCALE;

	if (st == PM_OK)
		FZ_CHECK(fits && dec_is(&r, &want, s), "mul(%s, %s) is %s",
				 fz_dec_str(a), fz_dec_str(b), fz_dec_str(&r));
	else
		FZ_CHECK(st == PM_OVERFLOW && !fits, "mul(%s, %s) refused (%s) a product that fits",
				 fz_dec_str(a), fz_dec_str(b), fz_status_name(st));

	{
		int64_t		cs = a->scale > b->scale ? a->scale : b->scale;
		aligned		p = align_to(a, cs),
					q = align_to(b, cs);
		int			c = pm_dec_cmp(a, b, &st),
					want_c;

		if (p.huge)
			want_c = p.v.neg ? -1 : 1;
		else if (q.huge)
			want_c = q.v.neg ? 1 : -1;
		else
			want_c = sbn_cmp(&p.v, &q.v);
		if (st == PM_OK)
			FZ_CHECK(c == want_c, "cmp(%s, %s) is %d, want %d", fz_dec_str(a), fz_dec_str(b), c, want_c);
		else
			FZ_CHECK(st == PM_OVERFLOW && (!p.fits || !q.fits),
					 "cmp(%s, %s) refused (%s) operands that fit", fz_dec_str(a), fz_dec_str(b),
					 fz_status_name(st));
	}
}

static void
check_rescale(const pm_dec *a, int32_t to)
{
	pm_dec		r;
	pm_status	st = pm_dec_rescale_up(a, to, &r);

	if (to < a->scale || to > PM_MAX_SCALE)
	{
		FZ_CHECK(st == PM_OVERFLOW, "rescale_up(%s, %d) gives %s", fz_dec_str(a), to, fz_status_name(st));
		return;
	}
	{
		aligned		x = align_to(a, to);

		if (st == PM_OK)
			FZ_CHECK(x.fits && dec_is(&r, &x.v, to), "rescale_up(%s, %d) is %s",
					 fz_dec_str(a), to, fz_dec_str(&r));
		else
			FZ_CHECK(st == PM_OVERFLOW && !x.fits, "rescale_up(%s, %d) refused (%s) a value that fits",
					 fz_dec_str(a), to, fz_status_name(st));
	}
}

/*
 * The reference for rounding the exact quotient n / d (magnitudes, n * 10^en
 * over d * 10^ed, sign neg) to places decimals: PM_OK with *v at scale
 * max(places, 0), PM_INEXACT, or PM_OVERFLOW when the result does not fit.
 * Shifts beyond 10^80 are cut to 80: the decisions stay the same, since n
 * and d are below 2^128 (a nonzero quotient stays far beyond 128 bits, or
 * a zero one below half).
 */
static pm_status
ref_div_round(fz_i128 num, int64_t en, fz_i128 den, int64_t ed, bool neg, int32_t places,
			  pm_round_mode mode, sbn *v)
{
	bn			n = sbn_i128(num).m,
				d = sbn_i128(den).m,
				q;
	int64_t		k = en - ed;
	pm_status	st;

	if (k > 0)
		n = bn_mul_pow10(&n, (int) (k > 80 ? 80 : k));
	else if (k < 0)
		d = bn_mul_pow10(&d, (int) (-k > 80 ? 80 : -k));
	st = ref_round_div(&n, &d, neg, mode, &q);
	if (st != PM_OK)
		return st;
	/* times 10^-places; past 10^60 (or a quotient past 2^130) nothing nonzero fits */
	if (places < 0 && !bn_is_zero(&q) && bn_below_pow2(&q, 130))
		q = bn_mul_pow10(&q, -places > 60 ? 60 : -places);
	*v = sbn_make(neg, &q);
	return sbn_fits_i128(v) ? PM_OK : PM_OVERFLOW;
}

static void
check_round(const pm_dec *a, int32_t places, pm_round_mode mode)
{
	int64_t		k = (int64_t) a->scale - places;
	int32_t		rs = places > 0 ? places : 0;
	pm_dec		r;
	pm_status	st = pm_dec_round(a, places, mode, &r),
				want_st;
	sbn			want;
	const char *mn = pm_round_mode_name(mode);

	/* value / 10^k, rounded, then times 10^-places when places < 0 */
	want_st = ref_div_round(a->coef, k < 0 ? -k : 0, 1, k > 0 ? k : 0, a->coef < 0, places, mode, &want);
	if (places > PM_MAX_SCALE)
		want_st = PM_OVERFLOW;

	if (st == PM_OK)
		FZ_CHECK(want_st == PM_OK && dec_is(&r, &want, rs), "round(%s, %d, %s) is %s",
				 fz_dec_str(a), places, mn, fz_dec_str(&r));
	else if (st == PM_INEXACT)
		FZ_CHECK(want_st == PM_INEXACT, "round(%s, %d, %s) says INEXACT, reference %s",
				 fz_dec_str(a), places, mn, fz_status_name(want_st));
	else
		/* dropping more than 38 digits (or places beyond the core's scale) falls back */
		FZ_CHECK(st == PM_OVERFLOW && (want_st == PM_OVERFLOW || k > PM_MAX_POW10 || places < -PM_MAX_SCALE),
				 "round(%s, %d, %s) gives %s, reference %s", fz_dec_str(a), places, mn,
				 fz_status_name(st), fz_status_name(want_st));

	/* the 64-bit lane */
	if (a->coef >= INT64_MIN && a->coef <= INT64_MAX)
	{
		pm_dec64	a64 = {(int64_t) a->coef, a->scale},
					r64;
		pm_status	st64 = pm_dec64_round(&a64, places, mode, &r64);
		bool		fits64 = want_st == PM_OK && sbn_fits_i128(&want) &&
			sbn_to_i128(&want) >= INT64_MIN && sbn_to_i128(&want) <= INT64_MAX;

		if (st64 == PM_OK)
			FZ_CHECK(st == PM_OK && r64.coef == r.coef && r64.scale == r.scale,
					 "64-bit round(%s, %d, %s) is %lld e-%d, general %s %s", fz_dec_str(a), places, mn,
					 (long long) r64.coef, r64.scale, fz_status_name(st), fz_dec_str(&r));
		else if (st64 == PM_INEXACT)
			FZ_CHECK(want_st == PM_INEXACT, "64-bit round(%s, %d, %s) says INEXACT",
					 fz_dec_str(a), places, mn);
		else
			FZ_CHECK(st64 == PM_OVERFLOW && !(k <= 18 && places <= PM_MAX_SCALE &&
											  (fits64 || want_st == PM_INEXACT)),
					 "64-bit round(%s, %d, %s) gives %s, reference %s", fz_dec_str(a), places, mn,
					 fz_status_name(st64), fz_status_name(want_st));
	}
}

static void
check_div_round(const pm_dec *a, const pm_dec *b, int32_t places, pm_round_mode mode)
{
	pm_dec		r;
	pm_status	st = pm_dec_div_round(a, b, places, mode, &r),
				want_st;
	int64_t		e = (int64_t) b->scale - a->scale + places;
	sbn			want;
	bool		wide = false;
	const char *mn = pm_round_mode_name(mode);

	if (b->coef == 0)
	{
		FZ_CHECK(st == PM_DIV_ZERO, "div_round(%s, 0) gives %s", fz_dec_str(a), fz_status_name(st));
		return;
	}
	/* a / b = (a.coef * 10^e / b.coef) / 10^places */
	want_st = ref_div_round(a->coef, e > 0 ? e : 0, b->coef, e < 0 ? -e : 0,
							(a->coef < 0) != (b->coef < 0), places, mode, &want);
	if (places > PM_MAX_SCALE || places < -PM_MAX_SCALE)
		wide = true;
	else
	{
		/* the core scales the dividend (or the divisor) by 10^|e| first */
		pm_dec		n = {e > 0 ? a->coef : b->coef, 0};
		aligned		x = align_to(&n, e > 0 ? e : -e);

		wide = !x.fits;
	}

	if (st == PM_OK)
		FZ_CHECK(want_st == PM_OK && dec_is(&r, &want, places > 0 ? places : 0),
				 "div_round(%s, %s, %d, %s) is %s", fz_dec_str(a), fz_dec_str(b), places, mn,
				 fz_dec_str(&r));
	else if (st == PM_INEXACT)
		FZ_CHECK(want_st == PM_INEXACT, "div_round(%s, %s, %d, %s) says INEXACT",
				 fz_dec_str(a), fz_dec_str(b), places, mn);
	else
		FZ_CHECK(st == PM_OVERFLOW && (want_st == PM_OVERFLOW || wide),
				 "div_round(%s, %s, %d, %s) gives %s, reference %s", fz_dec_str(a), fz_dec_str(b),
				 places, mn, fz_status_name(st), fz_status_name(want_st));
}

static void
check_round_to(const pm_dec *a, const pm_dec *inc, pm_round_mode mode)
{
	pm_dec		r;
	pm_status	st = pm_dec_round_to(a, inc, mode, &r),
				want_st;
	int64_t		e = (int64_t) inc->scale - a->scale;
	sbn			q,
				want;
	bool		wide;
	const char *mn = pm_round_mode_name(mode);

	if (inc->coef <= 0)
	{
		FZ_CHECK(st == PM_INVALID, "round_to(%s, %s) gives %s", fz_dec_str(a), fz_dec_str(inc),
				 fz_status_name(st));
		return;
	}
	/* q = a / inc rounded to an integer; the result is q * inc at inc's scale */
	want_st = ref_div_round(a->coef, e > 0 ? e : 0, inc->coef, e < 0 ? -e : 0, a->coef < 0, 0, mode, &q);
	if (want_st == PM_OK)
	{
		sbn			c = sbn_i128(inc->coef);

		want = sbn_mul(&q, &c);
		want_st = sbn_fits_i128(&want) ? PM_OK : PM_OVERFLOW;
	}
	{
		pm_dec		n = {e > 0 ? a->coef : inc->coef, 0};
		aligned		x = align_to(&n, e > 0 ? e : -e);

		wide = !x.fits;
	}
	if (st == PM_OK)
		FZ_CHECK(want_st == PM_OK && dec_is(&r, &want, inc->scale), "round_to(%s, %s, %s) is %s",
				 fz_dec_str(a), fz_dec_str(inc), mn, fz_dec_str(&r));
	else if (st == PM_INEXACT)
		FZ_CHECK(want_st == PM_INEXACT, "round_to(%s, %s, %s) says INEXACT",
				 fz_dec_str(a), fz_dec_str(inc), mn);
	else
		FZ_CHECK(st == PM_OVERFLOW && (want_st == PM_OVERFLOW || wide),
				 "round_to(%s, %s, %s) gives %s, reference %s", fz_dec_str(a), fz_dec_str(inc), mn,
				 fz_status_name(st), fz_status_name(want_st));
}

/* The 64-bit lane's mul and add/sub: the general answer, and no refusal of a fitting one. */
static void
check_lane_arith(const pm_dec *a, const pm_dec *b)
{
	pm_dec64	a64 = {(int64_t) a->coef, a->scale},
				b64 = {(int64_t) b->coef, b->scale},
				r64;
	pm_dec		r;
	pm_status	st64,
				st;

	if (a->coef < INT64_MIN || a->coef > INT64_MAX || b->coef < INT64_MIN || b->coef > INT64_MAX)
		return;
	st64 = pm_dec64_mul(&a64, &b64, &r64);
	st = pm_dec_mul(a, b, &r);
	if (st64 == PM_OK)
		FZ_CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale,
				 "64-bit mul(%s, %s) is %lld e-%d", fz_dec_str(a), fz_dec_str(b),
				 (long long) r64.coef, r64.scale);
	else
		FZ_CHECK(st64 == PM_OVERFLOW && (st != PM_OK || r.coef < INT64_MIN || r.coef > INT64_MAX),
				 "64-bit mul(%s, %s) refused (%s) a product that fits", fz_dec_str(a), fz_dec_str(b),
				 fz_status_name(st64));

	for (int sub = 0; sub <= 1; sub++)
	{
		int64_t		s = a->scale > b->scale ? a->scale : b->scale;
		aligned		x = align_to(a, s),
					y = align_to(b, s);
		bool		x64 = x.fits && sbn_to_i128(&x.v) >= INT64_MIN && sbn_to_i128(&x.v) <= INT64_MAX,
					y64 = y.fits && sbn_to_i128(&y.v) >= INT64_MIN && sbn_to_i128(&y.v) <= INT64_MAX;

		st64 = pm_dec64_add_sub(&a64, &b64, sub, &r64);
		st = sub ? pm_dec_sub(a, b, &r) : pm_dec_add(a, b, &r);
		if (st64 == PM_OK)
			FZ_CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale,
					 "64-bit %s(%s, %s) is %lld e-%d", sub ? "sub" : "add", fz_dec_str(a),
					 fz_dec_str(b), (long long) r64.coef, r64.scale);
		else
			FZ_CHECK(st64 == PM_OVERFLOW &&
					 (!x64 || !y64 || st != PM_OK || r.coef < INT64_MIN || r.coef > INT64_MAX),
					 "64-bit %s(%s, %s) refused (%s) a result that fits", sub ? "sub" : "add",
					 fz_dec_str(a), fz_dec_str(b), fz_status_name(st64));
	}
}

/* Compare n / d (magnitudes) with m * 2^f (m > 0). */
static int
cmp_ratio_dyadic(const bn *n, const bn *d, uint64_t m, int f)
{
	bn			bm = bn_u128(m),
				lhs,
				rhs;

	if (f >= 0)
	{
		bn			t = bn_shl(&bm, f);

		lhs = *n;
		rhs = bn_mul(d, &t);
	}
	else
	{
		lhs = bn_shl(n, -f);
		rhs = bn_mul(d, &bm);
	}
	return bn_cmp(&lhs, &rhs);
}

/*
 * Whether x (finite, > 0) is the double nearest n / d, ties to even: n / d
 * lies between the midpoints to x's neighbours, and on a midpoint only when
 * x's significand is even.  sticky_up means the exact value is n / d plus an
 * infinitesimal (a sticky bit below the last one given).
 */
static bool
nearest_double(double x, const bn *n, const bn *d, bool sticky_up)
{
	int			ex;
	double		fr = frexp(x, &ex);	/* x = fr * 2^ex, fr in [0.5, 1) */
	uint64_t	m = (uint64_t) ldexp(fr, 53);
	int			f = ex - 53;	/* x = m * 2^f */
	int			c;

	/* zero: the value is at most half the smallest subnormal (a tie goes to 0, even) */
	if (x == 0)
	{
		c = cmp_ratio_dyadic(n, d, 1, -1075);
		return c < 0 || (c == 0 && !sticky_up);
	}

	/* subnormal x: fewer bits, use the finest unit */
	if (f < -1074)
	{
		m >>= -1074 - f;
		f = -1074;
	}
	/* above: (2m + 1) * 2^(f - 1) */
	c = cmp_ratio_dyadic(n, d, 2 * m + 1, f - 1);
	if (c > 0 || (c == 0 && (sticky_up || (m & 1))))
		return false;
	/* below: (2m - 1) * 2^(f - 1), or (4m - 1) * 2^(f - 2) when x is a power of two */
	if (m == (UINT64_C(1) << 52) && f > -1074)
		c = cmp_ratio_dyadic(n, d, 4 * m - 1, f - 2);
	else
		c = cmp_ratio_dyadic(n, d, 2 * m - 1, f - 1);
	if (c < 0 || (c == 0 && !sticky_up && (m & 1)))
		return false;
	return true;
}

static void
check_ratio(const pm_dec *a, const pm_dec *b)
{
	double		out = -1;
	pm_status	st = pm_dec_ratio(a, b, &out);
	int64_t		s = a->scale > b->scale ? a->scale : b->scale;
	aligned		x = align_to(a, s),
				y = align_to(b, s);

	if (b->coef == 0)
	{
		FZ_CHECK(st == PM_DIV_ZERO, "ratio(%s, 0) gives %s", fz_dec_str(a), fz_status_name(st));
		return;
	}
	if (st != PM_OK)
	{
		FZ_CHECK(st == PM_OVERFLOW && a->coef != 0 && (!x.fits || !y.fits),
				 "ratio(%s, %s) gives %s", fz_dec_str(a), fz_dec_str(b), fz_status_name(st));
		return;
	}
	if (a->coef == 0)
	{
		FZ_CHECK(out == 0 && !signbit(out), "ratio(0, %s) is %g", fz_dec_str(b), out);
		return;
	}
	FZ_CHECK(!x.huge && !y.huge, "ratio(%s, %s) succeeded at an impossible scale", fz_dec_str(a), fz_dec_str(b));
	FZ_CHECK(isfinite(out) && out != 0 && (out < 0) == (x.v.neg != y.v.neg) &&
			 nearest_double(fabs(out), &x.v.m, &y.v.m, false),
			 "ratio(%s, %s) is %.17g, not the nearest double", fz_dec_str(a), fz_dec_str(b), out);

	if (a->scale <= PM_MAX_POW10)
	{
		double		d;

		st = pm_dec_to_double(a, &d);
		if (st == PM_OK)
		{
			bn			p = bn_pow10(a->scale),
						m = sbn_i128(a->coef).m;

			FZ_CHECK((d < 0) == (a->coef < 0) && nearest_double(fabs(d), &m, &p, false),
					 "to_double(%s) is %.17g", fz_dec_str(a), d);
		}
		else
			FZ_CHECK(st == PM_OVERFLOW, "to_double(%s) gives %s", fz_dec_str(a), fz_status_name(st));
	}
}

/* pm_round_to_double: the double nearest q * 2^e (plus a sticky remainder). */
static void
check_round_to_double(fz_in *in)
{
	uint64_t	q = fz_u64(in) >> (fz_u8(in) % 64);
	bool		sticky = fz_u8(in) & 1;
	int			e = fz_range(in, -1200, 1100);
	double		d;
	bn			n,
				one = bn_u128(1);

	if (q == 0)
		q = 1;					/* every caller passes q > 0 */

	d = pm_round_to_double(q, sticky, e);
	n = bn_u128(q);
	if (isinf(d))
	{
		/* beyond DBL_MAX + half an ulp: (2^54 - 1) * 2^970 */
		bn			lim = bn_u128((UINT64_C(1) << 54) - 1);
		int			c;

		FZ_CHECK(e > 0, "round_to_double(%llu, %d, %d) is inf", (unsigned long long) q, sticky, e);
		n = bn_shl(&n, e);
		lim = bn_shl(&lim, 970);
		c = bn_cmp(&n, &lim);
		FZ_CHECK(c >= 0,
				 "round_to_double(%llu, %d, %d) is inf below the overflow threshold",
				 (unsigned long long) q, sticky, e);
		return;
	}
	if (e >= 0)
	{
		n = bn_shl(&n, e > 1100 ? 1100 : e);
		FZ_CHECK(d > 0 && nearest_double(d, &n, &one, sticky),
				 "round_to_double(%llu, %d, %d) is %a", (unsigned long long) q, sticky, e, d);
	}
	else
	{
		bn			den = bn_shl(&one, -e);

		FZ_CHECK(d >= 0, "round_to_double(%llu, %d, %d) is %a", (unsigned long long) q, sticky, e, d);
		FZ_CHECK(nearest_double(d, &n, &den, sticky),
				 "round_to_double(%llu, %d, %d) is %a", (unsigned long long) q, sticky, e, d);
	}
}

static int32_t
fz_places(fz_in *in)
{
	uint8_t		sel = fz_u8(in);

	if (sel < 200)
		return (int32_t) (sel % 50) - 6;
	if (sel < 250)
		return fz_range(in, -60, 60);
	return fz_range(in, -PM_MAX_SCALE - 2, PM_MAX_SCALE + 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};
	pm_dec		a = fz_dec(&in),
				b = fz_dec(&in),
				inc = b;
	int32_t		places = fz_places(&in);
	pm_round_mode mode = (pm_round_mode) (fz_u8(&in) % PM_ROUND_MODE_COUNT);

	/* an increment is mostly positive, as the callers check */
	if (inc.coef < 0 && inc.coef != FZ_I128_MIN && (mode & 1))
		inc.coef = -inc.coef;

	check_add_sub(&a, &b, false);
	check_add_sub(&a, &b, true);
	check_mul_cmp(&a, &b);
	check_rescale(&a, a.scale + fz_range(&in, -1, 45));
	for (int m = 0; m < PM_ROUND_MODE_COUNT; m++)
		check_round(&a, places, (pm_round_mode) m);
	check_div_round(&a, &b, places, mode);
	check_round_to(&a, &inc, mode);
	check_lane_arith(&a, &b);
	check_ratio(&a, &b);
	check_round_to_double(&in);
	return 0;
}
