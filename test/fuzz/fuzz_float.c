/*
 * fuzz_float.c: rounding doubles by their printed decimal.  pm_float_shortest
 * gives the shortest decimal that round-trips (the nearest one when two
 * qualify), checked against candidates cut from the double's exact decimal
 * expansion; pm_float_round equals the double nearest the exact decimal
 * result of rounding that shortest decimal to a multiple of the increment
 * (bignum reference), +0 for zero, PM_INEXACT exactly for "unnecessary" off
 * the grid, PM_OVERFLOW only when the decimal is too wide for 128 bits.
 */
#include <float.h>
#include <math.h>

#include "fuzz.h"
#include "pm_float.h"

static double
fz_double(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	double		v;
	uint64_t	bits;
	static const double p10[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

	switch (sel % 6)
	{
		case 0:
			/* a price, or a tie of one */
			v = (double) (int64_t) (fz_u64(in) >> (fz_u8(in) % 64));
			if (sel & 0x40)
				v += 0.5;
			v /= p10[fz_u8(in) % 11];
			break;
		case 1:
			v = ldexp(1.0, fz_range(in, -1074, 1023));
			for (int i = fz_range(in, 0, 2); i > 0; i--)
				v = nextafter(v, (sel & 0x40) ? 0.0 : INFINITY);
			break;
		case 2:
			v = (double) (int32_t) fz_bytes(in, 4) * pow(10.0, fz_range(in, -30, 30));
			break;
		default:
			bits = fz_u64(in);
			memcpy(&v, &bits, sizeof(v));
			if (!isfinite(v))
				v = (double) (bits >> 11);
			return v;
	}
	/* nudge by a few ulps: right next to a tie or a multiple */
	for (int i = (sel >> 3) & 3; i > 0 && i < 3; i--)
		v = nextafter(v, (sel & 0x80) ? -INFINITY : INFINITY);
	return (sel & 0x80) ? -v : v;
}

/*
 * The shortest decimal of |x| (finite, nonzero) from its exact expansion:
 * for p = 1, 2, ..., the p-digit cuts below and above; the first p where one
 * round-trips wins, the nearer when both do (the even one when equally
 * near).  Digits and exponent as pm_float_shortest reports them (no
 * trailing zeros).
 */
static void
ref_shortest(double ax, uint64_t *digits, int *exp10)
{
	char		buf[840];
	char		mant[800];
	int			nm = 0,
				e;
	char	   *s;

	snprintf(buf, sizeof(buf), "%.780e", ax);	/* glibc prints the exact value */
	for (s = buf; *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			mant[nm++] = *s;
	e = atoi(s + 1);			/* ax = 0.mant * 10^(e + 1) */
	for (int p = 1; p <= 17; p++)
	{
		uint64_t	lo = 0,
					hi;
		bool		rest = false;
		char		t[64];
		bool		lo_ok,
					hi_ok;
		int			x10 = e - p + 1;
		int			cmp_half = 0;

		for (int i = 0; i < p; i++)
			lo = lo * 10 + (uint64_t) (mant[i] - '0');
		for (int i = p; i < nm; i++)
			rest |= mant[i] != '0';
		if (!rest)
		{
			/* exact at p digits */
			*digits = lo;
			*exp10 = x10;
			goto strip;
		}
		hi = lo + 1;
		snprintf(t, sizeof(t), "%llue%d", (unsigned long long) lo, x10);
		lo_ok = strtod(t, NULL) == ax;
		snprintf(t, sizeof(t), "%llue%d", (unsigned long long) hi, x10);
		hi_ok = strtod(t, NULL) == ax;
		if (!lo_ok && !hi_ok)
			continue;
		/* the cut-off digits against one half */
		if (mant[p] > '5')
			cmp_half = 1;
		else if (mant[p] < '5')
			cmp_half = -1;
		else
		{
			cmp_half = 0;
			for (int i = p + 1; i < nm; i++)
				if (mant[i] != '0')
					cmp_half = 1;
		}
		/* both: the nearer; equally near, the even one, as PostgreSQL's Ryu prints */
		if (lo_ok && (!hi_ok || cmp_half < 0 || (cmp_half == 0 && lo % 2 == 0)))
			*digits = lo;
		else
			*digits = hi;
		*exp10 = x10;
		goto strip;
	}
	FZ_CHECK(false, "no 17-digit decimal round-trips to %a", ax);
strip:
	while (*digits % 10 == 0)
	{
		*digits /= 10;
		(*exp10)++;
	}
}

static pm_dec
fz_increment(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	pm_dec		d = {1, 0};

	switch (sel % 8)
	{
		case 0:
		case 1:
			d.scale = sel % 7;
			break;
		case 2:
			d.coef = 5;
			d.scale = sel % 4;
			break;
		case 3:
			d.coef = 25;
			d.scale = 2;
			break;
		case 4:
			d.coef = 1 + fz_u16(in);
			d.scale = fz_range(in, 0, 20);
			break;
		case 5:
			d.coef = 1;
			d.scale = fz_range(in, 0, 340);
			break;
		default:
			d = fz_dec(in);
			if (d.coef <= 0)
				d.coef = d.coef == 0 ? 1 : d.coef == FZ_I128_MIN ? 3 : -d.coef;
			break;
	}
	return d;
}

/* Whether a coefficient c (pm_dec at scale) times 10^k fits 128 bits. */
static bool
fits_shifted(fz_i128 c, int64_t k)
{
	pm_dec		d = {c, 0};
	bool		huge;
	sbn			v;

	if (k <= 0)
		return true;
	v = sbn_at_scale(&d, k, &huge);
	return !huge && sbn_fits_i128(&v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};
	double		x = fz_double(&in),
				out = 12345,
				want;
	pm_dec		inc = fz_increment(&in);
	pm_round_mode mode = (pm_round_mode) (fz_u8(&in) % PM_ROUND_MODE_COUNT);
	uint64_t	m,
				rm;
	int			e,
				re,
				nd;
	pm_status	st;

	/* pm_float_shortest */
	if (x != 0)
	{
		int			digits = 0;

		nd = pm_float_shortest(x, &m, &e);
		ref_shortest(fabs(x), &rm, &re);
		for (uint64_t t = m; t != 0; t /= 10)
			digits++;
		FZ_CHECK(nd == digits, "pm_float_shortest(%a) says %d digits for %llu", x, nd,
				 (unsigned long long) m);
		FZ_CHECK(m == rm && e == re,
				 "shortest decimal of %.17g (%a) is %llue%d, want %llue%d", x, x,
				 (unsigned long long) m, e, (unsigned long long) rm, re);
	}

	/* pm_float_round against the exact decimal */
	st = pm_float_round(x, &inc, mode, &out);
	if (x == 0)
	{
		FZ_CHECK(st == PM_OK && out == 0 && !signbit(out), "round(%g) gives %s %g", x, fz_status_name(st), out);
		return 0;
	}
	{
		/* x's decimal: rm * 10^re, as coefficient and scale */
		pm_dec		xd;
		rdec		rx,
					ri = rdec_of(&inc);
			bool		wide;
		int32_t		s;
		sbn			n,
					d;
		bn			q;
		pm_status	want_st;
		const char *mn = pm_round_mode_name(mode);

		xd.coef = (fz_i128) rm;
		xd.scale = re < 0 ? -re : 0;
		rx = rdec_of(&xd);
		if (re > 0)
			rx.v.m = bn_mul_pow10(&rx.v.m, re);
		rx.v.neg = x < 0;

		/* as the core does it: x's decimal at scale max(-re, 0), then divided by inc */
		wide = re > 0 && !fits_shifted((fz_i128) rm, re);
		if (!wide)
		{
			int64_t		k = (int64_t) inc.scale - xd.scale;
			fz_i128		dcoef = sbn_to_i128(&rx.v);

			wide = (k > 0 && !fits_shifted(dcoef, k)) || (k < 0 && !fits_shifted(inc.coef, -k));
		}

		s = rx.scale > ri.scale ? rx.scale : ri.scale;
		if (bn_bits(&rx.v.m) + (s - rx.scale) * 3.33 > 1250)
		{
			/* x's coefficient at the increment's scale is beyond 10^370: only an integer x fits 10^-k */
			FZ_CHECK(st == PM_OVERFLOW || (st == PM_OK && out == x && inc.coef == 1 && re >= 0),
					 "round(%.17g, %s, %s) gives %s %.17g, want OVERFLOW", x,
					 fz_dec_str(&inc), mn, fz_status_name(st), out);
			return 0;
		}
		n = rdec_at(&rx, s);
		d = rdec_at(&ri, s);
		want_st = ref_round_div(&n.m, &d.m, rx.v.neg, mode, &q);
		if (want_st == PM_INEXACT)
		{
			FZ_CHECK(st == PM_INEXACT || (st == PM_OVERFLOW && wide),
					 "round(%.17g, %s, %s) gives %s, want INEXACT", x, fz_dec_str(&inc), mn,
					 fz_status_name(st));
			return 0;
		}
		{
			sbn			qs = sbn_make(rx.v.neg, &q);
			sbn			r = sbn_mul(&qs, &ri.v);
			char		t[460],
						digits[400];

			/* the result's coefficient need not fit: an integer x stays itself for inc 10^-k */
			wide |= !sbn_fits_i128(&r);
			snprintf(t, sizeof(t), "%s%se-%d", r.neg ? "-" : "", bn_str(&r.m, digits), inc.scale);
			want = strtod(t, NULL);
			if (want == 0)
				want = 0.0;		/* +0 */
			if (!isfinite(want))
			{
				FZ_CHECK(st == PM_OVERFLOW, "round(%.17g, %s, %s) is %s %g beyond DBL_MAX",
						 x, fz_dec_str(&inc), mn, fz_status_name(st), out);
				return 0;
			}
		}
		if (st == PM_OVERFLOW)
		{
			FZ_CHECK(wide, "round(%.17g, %s, %s) overflows; want %.17g", x, fz_dec_str(&inc), mn, want);
			return 0;
		}
		FZ_CHECK(st == PM_OK && out == want && signbit(out) == signbit(want),
				 "round(%.17g (%a), %s, %s) gives %s %.17g (%a), want %.17g (%a)", x, x,
				 fz_dec_str(&inc), mn, fz_status_name(st), out, out, want, want);
	}
	return 0;
}
