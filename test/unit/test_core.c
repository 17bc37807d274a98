/*
 * test_core.c: unit tests of the core's number formats: fixed-point decimals
 * and their rounding, float8 rounding and sums, base-10000 digit groups, the
 * aggregates' state math and the 64-bit lane.  Price rules are in
 * test_price.c.  Built with AddressSanitizer and UndefinedBehaviorSanitizer
 * by `make unit`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "pm_test.h"
#include "pm_agg.h"
#include "pm_dec64.h"
#include "pm_decimal.h"
#include "pm_float.h"

/* Round s to places with the named mode; "ERR<n>" on a status. */
static const char *
R(const char *s, int places, const char *mode)
{
	pm_round_mode m;
	pm_dec		a = D(s),
				r;
	pm_status	st;

	if (!pm_round_mode_parse(mode, strlen(mode), &m))
		return "BADMODE";
	st = pm_dec_round(&a, places, m, &r);
	if (st != PM_OK)
		return ERR(st);
	return S(r);
}

static void
test_decimal_string_roundtrip(void)
{
	CHECK_STR(S(D("0")), "0");
	CHECK_STR(S(D("-0.00")), "0.00");
	CHECK_STR(S(D("12.340")), "12.340");
	CHECK_STR(S(D("-0.05")), "-0.05");
	CHECK_STR(S(D("170141183460469231731687303715884105727")),
			  "170141183460469231731687303715884105727");
	{
		pm_dec		d;

		CHECK(pm_dec_from_string("170141183460469231731687303715884105728", &d) == PM_OVERFLOW);
		CHECK(pm_dec_from_string("1e5", &d) == PM_INVALID);
		CHECK(pm_dec_from_string("", &d) == PM_INVALID);
	}
}

static void
test_decimal_add_sub_mul(void)
{
	pm_dec		a = D("1.5"),
				b = D("-2.25"),
				r;

	CHECK(pm_dec_add(&a, &b, &r) == PM_OK);
	CHECK_STR(S(r), "-0.75");
	CHECK(pm_dec_sub(&a, &b, &r) == PM_OK);
	CHECK_STR(S(r), "3.75");
	CHECK(pm_dec_mul(&a, &b, &r) == PM_OK);
	CHECK_STR(S(r), "-3.375");
	a = D("12.34");
	b = D("1.0725");
	CHECK(pm_dec_mul(&a, &b, &r) == PM_OK);
	CHECK_STR(S(r), "13.234650");

	/* overflow is reported, never wrapped */
	a = D("170141183460469231731687303715884105727");
	b = D("1");
	CHECK(pm_dec_add(&a, &b, &r) == PM_OVERFLOW);
	b = D("0.1");
	CHECK(pm_dec_add(&a, &b, &r) == PM_OVERFLOW);
	a = D("-170141183460469231731687303715884105727");
	b = D("2");
	CHECK(pm_dec_sub(&a, &b, &r) == PM_OVERFLOW);
	a = D("13043817825332782212");	/* ~sqrt(2^127) */
	b = D("13043817825332782213");
	CHECK(pm_dec_mul(&a, &b, &r) == PM_OVERFLOW);
	a = D("-9223372036854775808");
	b = D("18446744073709551616");	/* 2^64: -2^127 exactly fits */
	CHECK(pm_dec_mul(&a, &b, &r) == PM_OK);
	CHECK_STR(S(r), "-170141183460469231731687303715884105728");
	a = D("9223372036854775808");
	CHECK(pm_dec_mul(&a, &b, &r) == PM_OVERFLOW);
}

static void
test_round_modes_ties(void)
{
	/* positive and negative ties, every mode */
	CHECK_STR(R("2.5", 0, "half_even"), "2");
	CHECK_STR(R("3.5", 0, "half_even"), "4");
	CHECK_STR(R("-2.5", 0, "half_even"), "-2");
	CHECK_STR(R("2.5", 0, "half_up"), "3");
	CHECK_STR(R("-2.5", 0, "half_up"), "-3");
	CHECK_STR(R("2.5", 0, "half_down"), "2");
	CHECK_STR(R("-2.5", 0, "half_down"), "-2");
	CHECK_STR(R("2.1", 0, "up"), "3");
	CHECK_STR(R("-2.1", 0, "up"), "-3");
	CHECK_STR(R("2.9", 0, "down"), "2");
	CHECK_STR(R("-2.9", 0, "down"), "-2");
	CHECK_STR(R("2.1", 0, "ceiling"), "3");
	CHECK_STR(R("-2.9", 0, "ceiling"), "-2");
	CHECK_STR(R("2.9", 0, "floor"), "2");
	CHECK_STR(R("-2.1", 0, "floor"), "-3");
	CHECK_STR(R("2.50", 1, "unnecessary"), "2.5");
	CHECK_STR(R("2.55", 1, "unnecessary"), "ERR3");
	CHECK_STR(R("-0.001", 2, "floor"), "-0.01");
	CHECK_STR(R("-0.001", 2, "half_up"), "0.00");
	CHECK_STR(R("1.005", 2, "half_up"), "1.01");
	CHECK_STR(R("1.005", 2, "half_even"), "1.00");
	CHECK_STR(R("1.015", 2, "half_even"), "1.02");
	CHECK_STR(R("2.6", 0, "half_down"), "3");
}

static void
test_round_places(void)
{
	CHECK_STR(R("1234.5678", 2, "half_even"), "1234.57");
	CHECK_STR(R("1234.5678", 0, "half_even"), "1235");
	CHECK_STR(R("1250", -2, "half_even"), "1200");
	CHECK_STR(R("1350", -2, "half_even"), "1400");
	CHECK_STR(R("-1250.1", -2, "half_even"), "-1300");
	CHECK_STR(R("1.5", 3, "half_even"), "1.500");
	CHECK_STR(R("49.99", -2, "half_up"), "0");
	CHECK_STR(R("0.0", 5, "up"), "0.00000");
	CHECK_STR(R("0.00001", 38, "up"), "0.00001000000000000000000000000000000000");
	CHECK_STR(R("0.00001", 40, "up"), "0.0000100000000000000000000000000000000000");
	CHECK_STR(R("0.00001", 44, "up"), "ERR1");
	{
		pm_round_mode m;

		CHECK(pm_round_mode_parse("HALF_EVEN", 9, &m) && m == PM_ROUND_HALF_EVEN);
		CHECK(!pm_round_mode_parse("half", 4, &m));
		CHECK(!pm_round_mode_parse("half_evenx", 10, &m));
		/* every name parses back to its mode (the parser compares lengths first) */
		for (int i = 0; i < PM_ROUND_MODE_COUNT; i++)
		{
			const char *name = pm_round_mode_name((pm_round_mode) i);

			CHECK(pm_round_mode_parse(name, strlen(name), &m) && m == (pm_round_mode) i);
		}
	}
}

static void
test_round_to_increment(void)
{
	pm_dec		a,
				inc,
				r;

	a = D("12.346");
	inc = D("0.05");
	CHECK(pm_dec_round_to(&a, &inc, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "12.35");
	a = D("12.34");
	inc = D("5");
	CHECK(pm_dec_round_to(&a, &inc, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "10");
	a = D("12.375");
	inc = D("0.25");
	CHECK(pm_dec_round_to(&a, &inc, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "12.50");
	a = D("-12.375");
	CHECK(pm_dec_round_to(&a, &inc, PM_ROUND_HALF_DOWN, &r) == PM_OK);
	CHECK_STR(S(r), "-12.25");
	inc = D("0");
	CHECK(pm_dec_round_to(&a, &inc, PM_ROUND_HALF_DOWN, &r) == PM_INVALID);
}

static void
test_div_round(void)
{
	pm_dec		a = D("10"),
				b = D("3"),
				z = D("0.00"),
				r;

	CHECK(pm_dec_div_round(&a, &b, 2, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "3.33");
	CHECK(pm_dec_div_round(&a, &b, 2, PM_ROUND_UP, &r) == PM_OK);
	CHECK_STR(S(r), "3.34");
	a = D("-10");
	CHECK(pm_dec_div_round(&a, &b, 2, PM_ROUND_FLOOR, &r) == PM_OK);
	CHECK_STR(S(r), "-3.34");
	CHECK(pm_dec_div_round(&a, &b, -1, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "0");
	CHECK(pm_dec_div_round(&a, &z, 2, PM_ROUND_HALF_EVEN, &r) == PM_DIV_ZERO);
	a = D("1.25");
	b = D("0.5");
	CHECK(pm_dec_div_round(&a, &b, 0, PM_ROUND_HALF_EVEN, &r) == PM_OK);
	CHECK_STR(S(r), "2");
	CHECK(pm_dec_div_round(&a, &b, 0, PM_ROUND_HALF_UP, &r) == PM_OK);
	CHECK_STR(S(r), "3");
}

/* value <-> base-10000 groups, as PostgreSQL numeric stores them */
static void
test_base10000_roundtrip(void)
{
	static const char *const vals[] = {
		"0", "0.00", "1", "-1", "12.34", "0.0001", "0.00001", "10000", "-99999.99999",
		"123456789012345678.123456789012", "0.000000000000000000000000000001",
		"170141183460469231731687303715884105727", "1.000", "100000000"
	};

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
	{
		pm_dec		a = D(vals[i]),
					b;
		int16_t		digits[PM_MAX_GROUPS];
		bool		neg;
		int			weight;
		int			n = pm_dec_to_base10000(&a, &neg, &weight, digits);

		CHECK(n >= 0 && n <= PM_MAX_GROUPS);
		if (n > 0)
		{
			CHECK(digits[0] != 0);
			CHECK(digits[n - 1] != 0);
		}
		CHECK(pm_dec_from_base10000(neg, weight, a.scale, digits, n, &b) == PM_OK);
		CHECK_STR(S(b), vals[i]);
	}
	{
		/* 12.34 is weight 0, digits {12, 3400} */
		pm_dec		a = D("12.34");
		int16_t		digits[PM_MAX_GROUPS];
		bool		neg;
		int			weight;
		int			n = pm_dec_to_base10000(&a, &neg, &weight, digits);

		CHECK(n == 2 && weight == 0 && digits[0] == 12 && digits[1] == 3400 && !neg);
		a = D("100000000");		/* weight 2, one digit {1} */
		n = pm_dec_to_base10000(&a, &neg, &weight, digits);
		CHECK(n == 1 && weight == 2 && digits[0] == 1);
	}
	{
		/* 41 decimal digits do not fit */
		int16_t		big[11] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
		pm_dec		r;

		CHECK(pm_dec_from_base10000(false, 10, 0, big, 11, &r) == PM_OVERFLOW);
		CHECK(pm_dec_from_base10000(false, 10, 0, big, 1, &r) == PM_OVERFLOW);
		big[0] = 12345;
		CHECK(pm_dec_from_base10000(false, 0, 0, big, 1, &r) == PM_INVALID);
	}
}


/* float8 rounding by shortest decimal text */
static double
FR(double x, const char *inc, const char *mode)
{
	pm_round_mode m;
	pm_dec		i = D(inc);
	double		r = -12345.678;

	if (!pm_round_mode_parse(mode, strlen(mode), &m) || pm_float_round(x, &i, m, &r) != PM_OK)
		return -12345.678;
	return r;
}

static void
test_float_round_known(void)
{
	CHECK(FR(2.675, "0.01", "half_up") == 2.68);
	CHECK(FR(1.005, "0.01", "half_up") == 1.01);
	CHECK(FR(1.005, "0.01", "half_even") == 1.0);
	CHECK(FR(-2.5, "1", "half_even") == -2.0);
	CHECK(FR(-2.5, "1", "half_up") == -3.0);
	CHECK(FR(0.125, "0.01", "half_even") == 0.12);
	CHECK(FR(0.135, "0.01", "half_even") == 0.14);
	CHECK(FR(12.346, "0.05", "half_even") == 12.35);
	CHECK(FR(12.34, "5", "half_even") == 10.0);
	CHECK(FR(1250.0, "100", "half_even") == 1200.0);
	CHECK(FR(1e-300, "0.01", "up") == 0.01);
	CHECK(FR(-1e-300, "0.01", "up") == -0.01);
	CHECK(FR(-1e-300, "0.01", "half_up") == 0.0);
	CHECK(!signbit(FR(-0.001, "0.01", "half_even")));
	CHECK(FR(1e300, "0.01", "half_even") == 1e300);
	CHECK(FR(12.34, "0.01", "ceiling") == 12.34);
	CHECK(FR(12.34, "0.01", "floor") == 12.34);
	CHECK(FR(0.1 + 0.2, "0.01", "ceiling") == 0.31);	/* 0.30000000000000004 */
	CHECK(FR(12.34, "0.01", "unnecessary") == 12.34);
	{
		pm_dec		i = D("0.01");
		double		r;

		CHECK(pm_float_round(12.345, &i, PM_ROUND_UNNECESSARY, &r) == PM_INEXACT);
	}
}

static void
test_float_shortest(void)
{
	uint64_t	m;
	int			e;

	CHECK(pm_float_shortest(2.675, &m, &e) == 4 && m == 2675 && e == -3);
	CHECK(pm_float_shortest(0.1 + 0.2, &m, &e) == 17 && m == 30000000000000004ULL && e == -17);
	CHECK(pm_float_shortest(1e23, &m, &e) == 1 && m == 1 && e == 23);
	CHECK(pm_float_shortest(5e-324, &m, &e) == 1 && m == 5 && e == -324);
	/* powers of two: the 16-digit decimal above x, when the nearest one lies outside */
	CHECK(pm_float_shortest(ldexp(1, -24), &m, &e) == 16 && m == 5960464477539063ULL && e == -23);
	CHECK(pm_float_shortest(ldexp(1, 89), &m, &e) == 16 && m == 6189700196426902ULL && e == 11);
	CHECK(pm_float_shortest(ldexp(1, -44), &m, &e) == 16 && m == 5684341886080802ULL && e == -29);
}

/* Reference: round the shortest decimal exactly in the fixed-point core. */
static double
float_round_reference(double x, const pm_dec *inc, pm_round_mode mode)
{
	uint64_t	m;
	int			e;
	pm_dec		d,
				r;
	char		buf[128];

	if (x == 0)
		return 0.0;
	pm_float_shortest(x, &m, &e);
	d.coef = (pm_i128) m;
	d.scale = 0;
	if (e >= 0)
	{
		pm_dec		p = {pm_pow10[e], 0};

		if (pm_dec_mul(&d, &p, &d) != PM_OK)
			return NAN;
	}
	else
		d.scale = -e;
	if (x < 0)
		d.coef = -d.coef;
	if (pm_dec_round_to(&d, inc, mode, &r) != PM_OK)
		return NAN;
	pm_dec_to_string(&r, buf, sizeof(buf));
	return strtod(buf, NULL) + 0.0;
}

/* The fast floating-point decision agrees with the exact path everywhere. */
static void
test_float_round_fast_matches_exact(void)
{
	static const char *const incs[] = {"0.01", "1", "0.05", "0.25", "5", "100", "0.001", "0.1"};
	int			mismatches = 0;

	for (int iter = 0; iter < 400000; iter++)
	{
		uint64_t	r = rng();
		pm_dec		inc = D(incs[r % 8]);
		pm_round_mode mode = (pm_round_mode) ((r >> 8) % 7);	/* not unnecessary */
		double		x;
		double		got,
					want;

		switch ((r >> 16) % 4)
		{
			case 0:				/* cents and half cents: ties */
				x = (double) (int64_t) ((r >> 24) % 2000000) / 200.0;
				break;
			case 1:				/* prices times a rate */
				x = (double) ((r >> 24) % 1000000) / 100.0 * 1.0725;
				break;
			case 2:				/* random doubles of moderate size */
				x = (double) (r >> 11) / 9007199254740992.0 * 1e6;
				break;
			default:			/* three decimals */
				x = (double) ((r >> 24) % 10000000) / 1000.0;
				break;
		}
		if (r & (1ULL << 63))
			x = -x;
		if (pm_float_round(x, &inc, mode, &got) != PM_OK)
		{
			mismatches++;
			continue;
		}
		want = float_round_reference(x, &inc, mode);
		if (got != want)
		{
			if (mismatches < 5)
				fprintf(stderr, "  x=%.17g inc=%s mode=%s got=%.17g want=%.17g\n",
						x, incs[r % 8], pm_round_mode_name(mode), got, want);
			mismatches++;
		}
	}
	CHECK(mismatches == 0);
}

/* A double next to a tie or a multiple of 10^-p: (k + 0.5 or k) * 10^-p, nudged n ulps. */
static double
near_tie(uint64_t r)
{
	static const double p10[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
	double		x = (double) ((r >> 20) % 10000000) + ((r & 1) ? 0.5 : 0.0);
	int			n = (int) ((r >> 1) % 9) - 4;

	x /= p10[(r >> 5) % 7];
	for (; n > 0; n--)
		x = nextafter(x, INFINITY);
	for (; n < 0; n++)
		x = nextafter(x, 0.0);
	return (r & 2) ? -x : x;
}

/*
 * pm_float_round_dense writes exactly pm_float_round's result or leaves the
 * element to it (NaN), counts those right, and settles nearly all ordinary
 * prices itself.
 */
static void
test_float_round_dense_matches_scalar(void)
{
	static const char *const incs[] = {"0.01", "1", "0.05", "0.25", "5", "100", "0.001", "0.1",
	"0.0000001", "0.0000000000000000000001", "0.00000000000000000000001", "1000000"};
	enum
	{
		N = 1000
	};
	static double x[N],
				out[N];
	int			mismatches = 0;
	size_t		settled_prices = 0,
				prices = 0;

	for (int iter = 0; iter < 3000; iter++)
	{
		uint64_t	r = rng();
		pm_dec		inc = D(incs[r % 12]);
		pm_round_mode mode = (pm_round_mode) ((r >> 8) % PM_ROUND_MODE_COUNT);
		int			kind = (int) ((r >> 16) % 4);
		size_t		n = (size_t) ((r >> 24) % N) + 1,
					hard,
					nan_count = 0;
		bool		inplace = (r >> 40) & 1;
		pm_float_rounder fr;

		for (size_t i = 0; i < n; i++)
		{
			uint64_t	v = rng();

			switch (kind)
			{
				case 0:
					x[i] = near_tie(v);
					break;
				case 1:			/* prices times a rate */
					x[i] = (double) (v % 10000000) / 100.0 * 1.0725;
					break;
				case 2:			/* any bits */
					memcpy(&x[i], &v, sizeof(double));
					break;
				default:
					{
						static const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN,
							5e-324, -1e-300, 1e300, 1099511627776.0, 0.005, 0.015, 2.675, 1e15, 12.34};

						x[i] = (v & 1) ? specials[(v >> 1) % 14] : near_tie(v);
					}
			}
		}
		CHECK(pm_float_rounder_init(&fr, &inc, mode) == PM_OK);
		if (inplace)
		{
			memcpy(out, x, n * sizeof(double));
			hard = pm_float_round_dense(&fr, out, out, n);
		}
		else
			hard = pm_float_round_dense(&fr, x, out, n);
		for (size_t i = 0; i < n; i++)
		{
			double		want = 0;
			pm_status	st;

			if (isnan(out[i]))
			{
				nan_count++;
				continue;
			}
			st = isfinite(x[i]) ? pm_float_round(x[i], &inc, mode, &want) : PM_INVALID;
			if (st != PM_OK || memcmp(&want, &out[i], sizeof(double)) != 0)
			{
				if (mismatches < 5)
					fprintf(stderr, "  x=%.17g (%a) inc=%s mode=%s dense=%.17g scalar=%d %.17g\n",
							x[i], x[i], incs[r % 12], pm_round_mode_name(mode), out[i],
							(int) st, want);
				mismatches++;
			}
		}
		CHECK(hard == nan_count);
		if (kind == 1 && mode != PM_ROUND_UNNECESSARY && inc.scale <= 3)
		{
			prices += n;
			settled_prices += n - hard;
		}
	}
	CHECK(mismatches == 0);
	/* the dense loop does the work: at most 1% of ordinary prices left over */
	CHECK(prices > 0 && settled_prices * 100 >= prices * 99);
	{
		pm_float_rounder fr;
		pm_dec		bad = D("0");

		CHECK(pm_float_rounder_init(&fr, &bad, PM_ROUND_HALF_UP) == PM_INVALID);
	}
}

/*
 * pm_float_mul_round_dense gives, element by element, what rounding the
 * stored products gives, leaves the products mul must check (an underflow
 * to zero, an infinity), and in a half mode settles every ordinary price
 * times a rate but the ties.
 */
static void
test_float_mul_round_dense_matches_two_passes(void)
{
	enum
	{
		N = 777
	};
	static double x[N],
				b[N],
				prod[N],
				want[N],
				out[N];
	static const double rates[] = {1.0725, 1.0831, 0.9, 1.35};
	static const char *const incs[] = {"0.01", "1", "0.05", "0.001"};
	int			mismatches = 0;
	size_t		settled = 0,
				total = 0;

	for (int iter = 0; iter < 2000; iter++)
	{
		uint64_t	r = rng();
		pm_dec		inc = D(incs[r % 4]);
		pm_round_mode mode = (pm_round_mode) ((r >> 8) % PM_ROUND_MODE_COUNT);
		bool		vec = (r >> 16) & 1;
		double		bs = rates[(r >> 17) % 4];
		size_t		n = (size_t) ((r >> 24) % N) + 1,
					hard,
					hard2;
		pm_float_rounder fr;

		for (size_t i = 0; i < n; i++)
		{
			uint64_t	v = rng();

			x[i] = (double) (v % 10000000) / 100.0;
			b[i] = vec ? rates[(v >> 32) % 4] : bs;
			if (vec && (v >> 40) % 97 == 0)
				x[i] = b[i] = 1e-300;	/* an underflow */
			if (vec && (v >> 40) % 89 == 0)
				x[i] = b[i] = 1e300;	/* an infinity */
			prod[i] = x[i] * b[i];
		}
		CHECK(pm_float_rounder_init(&fr, &inc, mode) == PM_OK);
		hard = pm_float_mul_round_dense(&fr, x, vec ? b : NULL, bs, out, n);
		hard2 = pm_float_round_dense(&fr, prod, want, n);
		for (size_t i = 0; i < n; i++)
		{
			bool		must_leave = (prod[i] == 0 && x[i] != 0) || !isfinite(prod[i]);

			if (must_leave ? !isnan(out[i])
				: memcmp(&out[i], &want[i], sizeof(double)) != 0 && !(isnan(out[i]) && isnan(want[i])))
			{
				if (mismatches < 5)
					fprintf(stderr, "  x=%a b=%a inc=%s mode=%s fused=%a two passes=%a\n",
							x[i], b[i], incs[r % 4], pm_round_mode_name(mode), out[i], want[i]);
				mismatches++;
			}
		}
		/* the only extra lanes left are the underflows, which round would settle */
		for (size_t i = 0; i < n; i++)
			if (prod[i] == 0 && x[i] != 0 && !isnan(want[i]))
				hard2++;
		CHECK(hard == hard2);
		if (!vec && (mode == PM_ROUND_HALF_UP || mode == PM_ROUND_HALF_DOWN ||
					 mode == PM_ROUND_HALF_EVEN))
		{
			total += n;
			settled += n - hard;
		}
	}
	CHECK(mismatches == 0);
	/*
	 * In a half mode, at most 5% left over: the ties (a price times 0.9 at
	 * 0.01 is one a tenth of the time); the measured share is about 4%.
	 */
	CHECK(total > 0 && settled * 100 >= total * 95);
}

static void
test_ksum_compensates(void)
{
	pm_ksum		k = {0, 0};
	double		naive = 0;

	for (int i = 0; i < 1000000; i++)
	{
		pm_ksum_add(&k, 0.1);
		naive += 0.1;
	}
	CHECK(fabs(pm_ksum_result(&k) - 100000.0) < 1e-9);
	CHECK(fabs(naive - 100000.0) > 1e-9);
	k.sum = 1e100;
	k.comp = 0;
	pm_ksum_add(&k, 1.0);
	pm_ksum_add(&k, -1e100);
	CHECK(pm_ksum_result(&k) == 1.0);
}

/* The 64-bit rounding path agrees with the general division path. */
static void
test_round_fast_matches_general(void)
{
	static const pm_dec one = {1, 0};
	int			mismatches = 0;

	for (int iter = 0; iter < 300000; iter++)
	{
		uint64_t	r1 = rng(),
					r2 = rng();
		pm_dec		a,
					x,
					y;
		int32_t		places;
		pm_round_mode mode = (pm_round_mode) (r2 % 7);
		pm_status	s1,
					s2;

		a.coef = (pm_i128) (r1 >> (r2 % 64));
		if (r2 & 64)
			a.coef = -a.coef;
		if ((r2 & 128) && (r2 & 256))
			a.coef *= (pm_i128) 1000000007;	/* beyond 64 bits */
		a.scale = (int32_t) ((r2 >> 9) % 25);
		places = (int32_t) ((r2 >> 16) % 30) - 6;
		s1 = pm_dec_round(&a, places, mode, &x);
		s2 = pm_dec_div_round(&a, &one, places, mode, &y);
		if (places >= a.scale)
			continue;			/* rescale path, not a division */
		if (s1 != s2 || (s1 == PM_OK && (x.coef != y.coef || x.scale != y.scale)))
		{
			if (mismatches < 5)
				fprintf(stderr, "  %s places=%d mode=%s: %s vs %s\n", S(a), places,
						pm_round_mode_name(mode), S(x), S(y));
			mismatches++;
		}
	}
	CHECK(mismatches == 0);
}

/* Random values survive the trip through base-10000 digits. */
static void
test_base10000_random_roundtrip(void)
{
	int			failures = 0;

	for (int iter = 0; iter < 300000; iter++)
	{
		uint64_t	r1 = rng(),
					r2 = rng();
		pm_dec		a,
					b;
		int16_t		digits[PM_MAX_GROUPS];
		bool		neg;
		int			weight,
					n;

		a.coef = (pm_i128) (r1 >> (r2 % 64));
		if (r2 & 64)
			a.coef = -a.coef * (pm_i128) ((r2 >> 32) | 1);
		a.scale = (int32_t) ((r2 >> 8) % 40);
		n = pm_dec_to_base10000(&a, &neg, &weight, digits);
		if (pm_dec_from_base10000(neg, weight, a.scale, digits, n, &b) != PM_OK ||
			b.coef != a.coef || b.scale != a.scale ||
			(n > 0 && (digits[0] == 0 || digits[n - 1] == 0)))
			failures++;
	}
	CHECK(failures == 0);
}

/* ---- aggregate state math (pm_agg) ---- */

/* A random finite double of any magnitude and sign, subnormals included. */
static double
rng_double(void)
{
	uint64_t	bits = rng();
	double		d;

	if (((bits >> 52) & 0x7FF) == 0x7FF)
		bits &= ~(UINT64_C(1) << 62);
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static double
xsum(const double *v, int n)
{
	pm_xacc		x;
	double		r = -1;

	pm_xacc_init(&x);
	for (int i = 0; i < n; i++)
		pm_xacc_add(&x, v[i]);
	if (pm_xacc_result(&x, &r) != PM_OK)
		return NAN;
	return r;
}

static void
test_agg_xacc_exact(void)
{
	double		v[] = {1e100, 1, -1e100};
	double		w[] = {0.1, 0.2, -0.3};
	double		tiny[] = {5e-324, 5e-324, -1e-320};
	double		big[] = {1.7976931348623157e308, 1.7976931348623157e308, -1.7976931348623157e308};
	double		r;
	pm_xacc		x;

	CHECK(xsum(v, 3) == 1.0);
	/* the exact sum of the three doubles, rounded once */
	CHECK(same_bits(xsum(w, 3), 2.7755575615628914e-17));
	CHECK(same_bits(xsum(tiny, 3), 1e-323 - 1e-320));
	CHECK(same_bits(xsum(big, 3), 1.7976931348623157e308));
	CHECK(xsum(NULL, 0) == 0.0);
	/* ties: 2^53 + 1 rounds to even, 2^53 + 1 + 2^-10 rounds up */
	{
		double		t1[] = {9007199254740992.0, 1.0};
		double		t2[] = {9007199254740992.0, 1.0, 0.0009765625};
		double		t3[] = {9007199254740992.0, 3.0};

		CHECK(xsum(t1, 2) == 9007199254740992.0);
		CHECK(xsum(t2, 3) == 9007199254740994.0);
		CHECK(xsum(t3, 2) == 9007199254740996.0);
	}
	/* overflow of the final double is reported */
	pm_xacc_init(&x);
	pm_xacc_add(&x, big[0]);
	pm_xacc_add(&x, big[0]);
	CHECK(pm_xacc_result(&x, &r) == PM_OVERFLOW);
	/* beyond the result range in between, exact again afterwards */
	pm_xacc_add(&x, -big[0]);
	CHECK(pm_xacc_result(&x, &r) == PM_OK && r == big[0]);
}

/* The same terms in any order and any split give the same bits. */
static void
test_agg_xacc_order_independent(void)
{
	enum { N = 3000 };
	static double v[N];

	for (int round = 0; round < 20; round++)
	{
		pm_xacc		a,
					b,
					all;
		double		r1,
					r2,
					r3;
		int			split = (int) (rng() % N);

		for (int i = 0; i < N; i++)
		{
			/* mixed magnitudes: prices, huge, tiny and cancelling terms */
			switch (rng() % 4)
			{
				case 0:
					v[i] = (double) (rng() % 1000000) / 100;
					break;
				case 1:
					v[i] = rng_double();
					break;
				case 2:
					v[i] = ldexp((double) (rng() % 1000), (int) (rng() % 200) - 100);
					break;
				default:
					v[i] = i > 0 ? -v[i - 1] : 1.0;
			}
		}
		pm_xacc_init(&all);
		for (int i = 0; i < N; i++)
			pm_xacc_add(&all, v[i]);
		/* reversed, in two parts merged */
		pm_xacc_init(&a);
		pm_xacc_init(&b);
		for (int i = N - 1; i >= 0; i--)
			pm_xacc_add(i < split ? &a : &b, v[i]);
		pm_xacc_merge(&b, &a);
		CHECK(pm_xacc_valid(&b));
		r1 = r2 = 0;
		CHECK(pm_xacc_result(&all, &r1) == PM_OK || pm_xacc_result(&b, &r2) == PM_OVERFLOW);
		pm_xacc_result(&b, &r2);
		CHECK(same_bits(r1, r2) || (isnan(r1) && isnan(r2)));
		/* every term removed again: exactly zero */
		for (int i = 0; i < N; i++)
			pm_xacc_add(&all, -v[i]);
		CHECK(pm_xacc_is_zero(&all));
		CHECK(pm_xacc_result(&all, &r3) == PM_OK && r3 == 0.0);
	}
}

/* Deserialized states must be normalized; anything else is rejected. */
static void
test_agg_xacc_valid(void)
{
	pm_xacc		x;

	pm_xacc_init(&x);
	pm_xacc_add(&x, -3.5);
	CHECK(!pm_xacc_valid(&x));	/* additions pending */
	pm_xacc_normalize(&x);
	CHECK(pm_xacc_valid(&x));
	x.limb[3] = -1;
	CHECK(!pm_xacc_valid(&x));
	x.limb[3] = INT64_C(1) << 32;
	CHECK(!pm_xacc_valid(&x));
	x.limb[3] = 0;
	x.limb[PM_XACC_LIMBS - 1] = INT64_MAX;
	CHECK(!pm_xacc_valid(&x));
}

static double
ratio_of(const char *a, const char *b, pm_status *st)
{
	pm_dec		x = D(a),
				y = D(b);
	double		r = -1;

	*st = pm_dec_ratio(&x, &y, &r);
	return r;
}

static void
test_agg_ratio_correctly_rounded(void)
{
	pm_status	st;
	pm_dec		d;
	double		r;

	/* small operands: IEEE division is the reference */
	for (int i = 0; i < 100000; i++)
	{
		uint64_t	a = rng() >> (11 + rng() % 50),
					b = (rng() >> (11 + rng() % 50)) | 1;
		pm_dec		x = {(pm_i128) a, 0},
					y = {(pm_i128) b, 0};

		CHECK(pm_dec_ratio(&x, &y, &r) == PM_OK && same_bits(r, (double) a / (double) b));
	}
	/* wide operands: the long division with a sticky bit */
	CHECK(same_bits(ratio_of("100000000000000000000000000000000000000", "30000000000000000000000000000000000000", &st), 10.0 / 3.0) && st == PM_OK);
	CHECK(ratio_of("1267650600228229401496703205377", "1267650600228229401496703205376", &st) == 1.0);	/* 1 + 2^-100 */
	CHECK(ratio_of("9007199254740993", "1", &st) == 9007199254740992.0);	/* tie to even */
	CHECK(ratio_of("36028797018963973", "4", &st) == 9007199254740994.0);	/* 2^53 + 1.25 */
	CHECK(ratio_of("-18014398509481990", "2", &st) == -9007199254740996.0);	/* -(2^53 + 3) */
	CHECK(same_bits(ratio_of("24.7", "23.5", &st), 1.0510638297872341));
	CHECK(same_bits(ratio_of("0.00000000000000000000000000001", "3", &st), 1e-29 / 3));
	CHECK(ratio_of("0", "-7.5", &st) == 0.0 && st == PM_OK);
	ratio_of("1", "0.00", &st);
	CHECK(st == PM_DIV_ZERO);
	/* a common scale beyond int128: the caller falls back */
	ratio_of("170141183460469231731687303715884105727", "0.1", &st);
	CHECK(st == PM_OVERFLOW);
	d = D("123.45");
	CHECK(pm_dec_to_double(&d, &r) == PM_OK && r == 123.45);
	d = D("-0.1");
	CHECK(pm_dec_to_double(&d, &r) == PM_OK && r == -0.1);
	CHECK(pm_round_to_double(3, true, -2) == 0.75);	/* 0.75 + a tiny remainder */
	CHECK(pm_round_to_double((UINT64_C(1) << 53) + 1, true, 0) == 9007199254740994.0);
	CHECK(pm_round_to_double((UINT64_C(1) << 53) + 1, false, 0) == 9007199254740992.0);
	/* subnormal results are rounded once, at 2^-1074 */
	CHECK(pm_round_to_double(256, true, -1083) == ldexp(1, -1074));
	CHECK(pm_round_to_double(256, false, -1083) == 0.0);	/* exactly half: to even */
	CHECK(pm_round_to_double(768, false, -1083) == ldexp(2, -1074));	/* 1.5: to even */
	CHECK(pm_round_to_double((UINT64_C(1) << 59) + (1 << 15) + (1 << 6), false, -1090) ==
		  ldexp((double) ((UINT64_C(1) << 43) + 1), -1074));
	CHECK(pm_round_to_double(UINT64_C(0xFFFFFFFFFFFFFFFF), false, -1138) == ldexp(1, -1074));
	CHECK(pm_round_to_double(UINT64_C(1) << 63, false, -1138) == 0.0);
	CHECK(pm_round_to_double(UINT64_C(1) << 63, true, -1138) == ldexp(1, -1074));
	CHECK(pm_round_to_double(UINT64_C(1) << 63, true, -1139) == 0.0);
}

static void
test_agg_scale_track(void)
{
	pm_scale_track t = {0, 0},
				u = {0, 0};

	pm_scale_track_add(&t, 2);
	pm_scale_track_add(&t, 3);
	pm_scale_track_add(&t, 3);
	pm_scale_track_add(&t, 1);
	CHECK(t.maxscale == 3 && t.nmax == 2);
	CHECK(pm_scale_track_remove(&t, 1));
	CHECK(pm_scale_track_remove(&t, 3));
	CHECK(!pm_scale_track_remove(&t, 3));	/* the last value of the largest scale */
	pm_scale_track_add(&u, 3);
	pm_scale_track_merge(&u, &(pm_scale_track) {5, 4});
	CHECK(u.maxscale == 5 && u.nmax == 4);
	pm_scale_track_merge(&u, &(pm_scale_track) {5, 1});
	pm_scale_track_merge(&u, &(pm_scale_track) {0, 0});
	CHECK(u.maxscale == 5 && u.nmax == 5);
}

/* ---- the 64-bit lane against the general path ---- */

/* A random int64 coefficient, biased to prices and to the edges of the range. */
static int64_t
rand_coef64(void)
{
	static const int64_t edges[] = {
		0, 1, -1, 9999, 10000, 99999999, 100000000, 999999999999LL,
		1000000000000000LL, 9999999999999999LL, 10000000000000000LL,
		999999999999999999LL, 1000000000000000000LL, INT64_MAX, INT64_MAX - 1,
		INT64_MIN, INT64_MIN + 1, -1000000000000000000LL
	};
	uint64_t	r = rng();
	int64_t		c;

	switch (r % 4)
	{
		case 0:
			return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
		case 1:
			c = (int64_t) ((r >> 8) % 100000000);	/* prices */
			break;
		default:
			c = (int64_t) (rng() >> (r % 64));
			break;
	}
	return (r & 4) ? -c : c;
}

static bool
same_dec(const pm_dec *a, const pm_dec *b)
{
	return a->coef == b->coef && a->scale == b->scale;
}

/* pm_dec64_to_base10000 gives pm_dec_to_base10000's digits, or declines. */
static void
test_dec64_encode_matches_general(void)
{
	int			failures = 0,
				declined = 0;

	for (int iter = 0; iter < 400000; iter++)
	{
		pm_dec64	a;
		pm_dec		w;
		int16_t		d64[PM_DEC64_MAX_GROUPS],
					dg[PM_MAX_GROUPS];
		bool		n64,
					ng;
		int			w64,
					wg,
					c64,
					cg;

		a.coef = rand_coef64();
		a.scale = (int32_t) (rng() % 24);
		pm_dec64_to_dec(&a, &w);
		c64 = pm_dec64_to_base10000(&a, &n64, &w64, d64);
		cg = pm_dec_to_base10000(&w, &ng, &wg, dg);
		if (c64 < 0)
		{
			/* declined only for more than 16 digits once padded to whole groups */
			if (pm_dec64_magnitude(a.coef) < 1000000000000U)
				failures++;
			declined++;
			continue;
		}
		if (c64 != cg || (c64 > 0 && (n64 != ng || w64 != wg)) ||
			memcmp(d64, dg, c64 * sizeof(int16_t)) != 0)
		{
			if (failures < 5)
				fprintf(stderr, "  encode %s: %d groups vs %d\n", S(w), c64, cg);
			failures++;
		}
	}
	CHECK(failures == 0);
	CHECK(declined > 0 && declined < 200000);
}

/* pm_dec64_from_base10000 decodes what the general path does, or declines. */
/* The multiply-high division the decoder uses, over its whole domain's edges and at random. */
/* Every group a numeric can hold, and the lane helpers against plain arithmetic. */
static void
test_group_div_pow10(void)
{
	for (int k = 1; k <= 3; k++)
		for (uint32_t g = 0; g < 10000; g++)
			CHECK(pm_group_div_pow10(g, k) == g / (uint32_t) pm_pow10_u64[k]);
	for (int i = 0; i < 200000; i++)
	{
		uint16_t	g[4];
		uint64_t	w = 0,
					v = 0;
		bool		ok = true;

		for (int j = 0; j < 4; j++)
		{
			/* mostly valid groups, sometimes one of 10000..65535 */
			g[j] = (uint16_t) (rng() % 8 == 0 ? rng() : rng() % 10000);
			ok = ok && g[j] < 10000;
			w |= (uint64_t) g[j] << (16 * j);
			v = v * 10000 + g[j];
		}
		CHECK(pm_groups4_valid(w) == ok);
		if (ok)
			CHECK(pm_groups4_value(w) == v);
	}
}

/*
 * pm_dec64_cents2 gives what the general decoder gives for two groups of
 * weight 0 and dscale 2, and refuses what it refuses: every cents lane with
 * units at the edges, every units lane with cents at the edges.
 */
static bool
cents2_ref(uint32_t units, uint32_t cents, uint32_t *coef)
{
	int16_t		digits[2] = {(int16_t) (uint16_t) units, (int16_t) (uint16_t) cents};
	pm_dec64	d;

	if (!pm_dec64_from_base10000(false, 0, 2, digits, 2, &d))
		return false;
	*coef = (uint32_t) d.coef;
	return true;
}

static void
test_dec64_cents2(void)
{
	static const uint32_t units_edge[] = {0, 1, 12, 9998, 9999, 10000, 10001, 43699, 65535};
	static const uint32_t cents_edge[] = {0, 1, 99, 100, 3400, 9800, 9900, 9901, 9999, 10000, 10100,
	43600, 43700, 65500, 65535};
	int			failures = 0;
	uint32_t	c;

	for (size_t i = 0; i < sizeof(units_edge) / sizeof(units_edge[0]); i++)
		for (uint32_t cents = 0; cents < 65536; cents++)
		{
			uint64_t	w = ((uint64_t) cents << 48) | ((uint64_t) units_edge[i] << 32) | 0x81000028U;
			uint32_t	r = 7,
						got = 7;
			bool		ok = cents2_ref(units_edge[i], cents, &r);

			if (pm_dec64_cents2(w, &got) != ok || got != r)
				failures++;
		}
	for (size_t i = 0; i < sizeof(cents_edge) / sizeof(cents_edge[0]); i++)
		for (uint32_t units = 0; units < 65536; units++)
		{
			uint64_t	w = ((uint64_t) cents_edge[i] << 48) | ((uint64_t) units << 32) | UINT64_C(0xFFFFFFFF);
			uint32_t	r = 7,
						got = 7;
			bool		ok = cents2_ref(units, cents_edge[i], &r);

			if (pm_dec64_cents2(w, &got) != ok || got != r)
				failures++;
		}
	CHECK(failures == 0);
	/* 9999.99, the largest it takes; 12.34; 1.01 */
	CHECK(pm_dec64_cents2(UINT64_C(0x26AC270F00000000), &c) && c == PM_DEC64_CENTS2_MAX);
	CHECK(pm_dec64_cents2(UINT64_C(0x0D48000C81000028), &c) && c == 1234);
	CHECK(pm_dec64_cents2(UINT64_C(0x0064000100000000), &c) && c == 101);
	/* the first it refuses: {10000, 0}, {9999, 9901}, {0, 10000} */
	CHECK(!pm_dec64_cents2(UINT64_C(0x0000271000000000), &c));
	CHECK(!pm_dec64_cents2(UINT64_C(0x26AD270F00000000), &c));
	CHECK(!pm_dec64_cents2(UINT64_C(0x2710000000000000), &c));
}

/*
 * pm_dec64_place_max is the largest coefficient pm_dec64_place gives for
 * each digit count and shift: it gives that bound, and refuses (or leaves
 * the groups' range at) the next value up.
 */
static void
test_dec64_place_max(void)
{
	for (int n = 1; n <= 4; n++)
		for (int sh = -3; sh <= 18; sh++)
		{
			int			dscale = ((sh % 4) + 4) % 4,
						weight = (sh - dscale) / 4 + n - 1;
			uint64_t	bound = pm_dec64_place_max(n, sh),
						top = pm_pow10_u64[4 * n],	/* the groups read as one integer stay below */
						step = sh < 0 ? pm_pow10_u64[-sh] : 1,
						acc = sh < 0 ? bound * step : bound / pm_pow10_u64[sh];
			pm_dec64	d;

			CHECK(4 * (weight - n + 1) + dscale == sh);
			CHECK(acc < top);
			CHECK(pm_dec64_place(false, weight, dscale, acc, n, &d) && (uint64_t) d.coef == bound);
			CHECK(acc + step >= top || !pm_dec64_place(false, weight, dscale, acc + step, n, &d));
		}
	CHECK(pm_dec64_place_max(2, -2) == PM_DEC64_CENTS2_MAX);
	CHECK(pm_dec64_place_max(1, 2) == 999900);
	CHECK(pm_dec64_place_max(4, 2) == UINT64_C(999999999999999900));
	CHECK(pm_dec64_place_max(4, 18) == pm_dec64_mul_limit[18] * pm_pow10_u64[18]);
}

static void
test_dec64_div_pow10_small(void)
{
	const uint64_t top = UINT64_C(10000000000000000);	/* four groups: below 10^16 */

	for (int k = 1; k <= 3; k++)
	{
		uint64_t	d = pm_pow10_u64[k];

		for (uint64_t n = 0; n < 100000; n++)
			CHECK(pm_div_pow10_small(n, k) == n / d);
		for (uint64_t n = top - 100000; n < top; n++)
			CHECK(pm_div_pow10_small(n, k) == n / d);
		for (int i = 0; i < 1000000; i++)
		{
			uint64_t	n = rng() % top,
						m = n - n % d;

			CHECK(pm_div_pow10_small(n, k) == n / d);
			CHECK(pm_div_pow10_small(m, k) == m / d);
			if (m > 0)
				CHECK(pm_div_pow10_small(m - 1, k) == (m - 1) / d);
		}
	}
}

static void
test_dec64_decode_matches_general(void)
{
	int			failures = 0,
				taken = 0;

	for (int iter = 0; iter < 400000; iter++)
	{
		uint64_t	r = rng();
		int16_t		digits[6];
		int			n = (int) (r % 6),
					weight = (int) ((r >> 8) % 12) - 6,
					dscale = (int) ((r >> 16) % 26);
		bool		neg = (r >> 24) & 1;
		pm_dec64	d64;
		pm_dec		dg,
					w;
		pm_status	sg;
		bool		ok64;

		for (int i = 0; i < n; i++)
		{
			uint64_t	x = rng();

			/* mostly valid groups, some 0 and 9999, rarely invalid */
			digits[i] = (int16_t) ((x & 7) == 0 ? 0 : (x & 7) == 1 ? 9999 :
								   (x & 1023) == 2 ? 10000 + (x >> 10) % 20000 :
								   (x >> 10) % 10000);
		}
		ok64 = pm_dec64_from_base10000(neg, weight, dscale, digits, n, &d64);
		sg = pm_dec_from_base10000(neg, weight, dscale, digits, n, &dg);
		{
			/* the word-reading variant agrees, whatever lies past ndigits */
			int16_t		padded[6];
			pm_dec64	d4;
			bool		ok4;

			for (int i = 0; i < 6; i++)
				padded[i] = i < n ? digits[i] : (int16_t) rng();
			ok4 = pm_dec64_from_base10000_4(neg, weight, dscale, padded, n, &d4);
			if (ok4 != ok64 || (ok4 && (d4.coef != d64.coef || d4.scale != d64.scale)))
			{
				if (failures < 5)
					fprintf(stderr, "  decode_4 n=%d weight=%d dscale=%d differs\n", n, weight, dscale);
				failures++;
			}
		}
		if (ok64)
		{
			taken++;
			pm_dec64_to_dec(&d64, &w);
			if (sg != PM_OK || !same_dec(&w, &dg))
			{
				if (failures < 5)
					fprintf(stderr, "  decode n=%d weight=%d dscale=%d: %s vs %s\n",
							n, weight, dscale, S(w), S(dg));
				failures++;
			}
		}
		else if (sg == PM_OK && dg.coef != 0 && dg.coef >= INT64_MIN / 1000 && dg.coef <= INT64_MAX / 1000 &&
				 n <= 4 && dscale - 4 * (weight - n + 1) <= 3 && dscale <= 18)
		{
			/* small values with at most three padding decimals must take the lane */
			if (failures < 5)
				fprintf(stderr, "  decode declined n=%d weight=%d dscale=%d: %s\n",
						n, weight, dscale, S(dg));
			failures++;
		}
	}
	{
		/* boundaries: 9999 9999 9999 9999, 2^63 - 1, and zero with a scale */
		int16_t		max4[4] = {9999, 9999, 9999, 9999};
		int16_t		i64max[5] = {922, 3372, 368, 5477, 5807};
		pm_dec64	d;

		CHECK(pm_dec64_from_base10000(false, 3, 0, max4, 4, &d) && d.coef == 9999999999999999LL);
		CHECK(pm_dec64_from_base10000(true, 3, 2, max4, 4, &d) && d.coef == -999999999999999900LL);
		CHECK(!pm_dec64_from_base10000(false, 3, 3, max4, 4, &d));	/* beyond int64 */
		CHECK(!pm_dec64_from_base10000(false, 4, 0, i64max, 5, &d));	/* five groups */
		CHECK(pm_dec64_from_base10000(false, 0, 7, max4, 0, &d) && d.coef == 0 && d.scale == 7);
		max4[3] = 10000;
		CHECK(!pm_dec64_from_base10000(false, 3, 0, max4, 4, &d));	/* invalid group */
	}
	CHECK(failures == 0);
	CHECK(taken > 100000);
}

/* mul, add, sub and round in 64 bits agree with the 128-bit core. */
static void
test_dec64_ops_match_general(void)
{
	int			failures = 0,
				taken = 0;

	for (int iter = 0; iter < 400000; iter++)
	{
		uint64_t	r = rng();
		pm_dec64	a,
					b,
					r64;
		pm_dec		aw,
					bw,
					rg,
					r64w;
		pm_status	s64,
					sg;
		int			op = (int) (r % 4);
		int32_t		places = (int32_t) ((r >> 8) % 30) - 6;
		pm_round_mode mode = (pm_round_mode) ((r >> 16) % PM_ROUND_MODE_COUNT);

		a.coef = rand_coef64();
		a.scale = (int32_t) ((r >> 24) % 21);
		b.coef = (r >> 40) & 1 ? rand_coef64() : (int64_t) ((r >> 41) % 100000);
		b.scale = (int32_t) ((r >> 32) % 8);
		pm_dec64_to_dec(&a, &aw);
		pm_dec64_to_dec(&b, &bw);
		switch (op)
		{
			case 0:
				s64 = pm_dec64_mul(&a, &b, &r64);
				sg = pm_dec_mul(&aw, &bw, &rg);
				break;
			case 1:
				s64 = pm_dec64_add_sub(&a, &b, false, &r64);
				sg = pm_dec_add(&aw, &bw, &rg);
				break;
			case 2:
				s64 = pm_dec64_add_sub(&a, &b, true, &r64);
				sg = pm_dec_sub(&aw, &bw, &rg);
				break;
			default:
				s64 = pm_dec64_round(&a, places, mode, &r64);
				sg = pm_dec_round(&aw, places, mode, &rg);
				break;
		}
		if (s64 == PM_OVERFLOW)
			continue;			/* the glue then asks the general path */
		taken++;
		pm_dec64_to_dec(&r64, &r64w);
		if (s64 != sg || (s64 == PM_OK && !same_dec(&r64w, &rg)))
		{
			if (failures < 5)
				fprintf(stderr, "  op %d on %s, %s (places %d, %s): status %d vs %d, %s vs %s\n",
						op, S(aw), S(bw), places, pm_round_mode_name(mode), (int) s64,
						(int) sg, S(r64w), S(rg));
			failures++;
		}
	}
	CHECK(failures == 0);
	CHECK(taken > 100000);
}

/* pm_pow10_div against the hardware division: the theorem's bound, edges and random dividends. */
static void
test_dec64_pow10_div_exact(void)
{
	const uint64_t top = (uint64_t) INT64_MAX;

	for (int k = 1; k <= 18; k++)
	{
		pm_pow10_divisor dv = pm_pow10_divisors[k];
		uint64_t	d = pm_pow10_u64[k];
		int			l = dv.shift + 1;
		unsigned __int128 md = (unsigned __int128) dv.mul * d,
					lo = (unsigned __int128) 1 << (63 + l);

		/* Granlund and Montgomery: 2^(63 + l) <= mul * d <= 2^(63 + l) + 2^l, and 10^k <= 2^l */
		CHECK(md >= lo && md - lo <= ((unsigned __int128) 1 << l));
		CHECK(d <= (UINT64_C(1) << l) && d > (UINT64_C(1) << (l - 1)));
		for (uint64_t n = 0; n < 3000; n++)
		{
			CHECK(pm_pow10_div(n, dv) == n / d);
			CHECK(pm_pow10_div(top - n, dv) == (top - n) / d);
		}
		for (int i = 0; i < 200000; i++)
		{
			uint64_t	n = (rng() & top) >> (rng() % 63),
						m = n - n % d;

			CHECK(pm_pow10_div(n, dv) == n / d);
			CHECK(pm_pow10_div(m, dv) == m / d);
			if (m > 0)
				CHECK(pm_pow10_div(m - 1, dv) == (m - 1) / d);
		}
	}
}

/*
 * The mul_round lane gives pm_dec64_mul and pm_dec64_round's result, for
 * every mode it takes, ties included, and declines only products of 2^63
 * and beyond.
 */
static void
test_dec64_mul_round_lane_matches(void)
{
	int			failures = 0,
				taken = 0;
	pm_mul_round_lane l;
	pm_dec64	one = {1, 0};

	CHECK(!pm_mul_round_lane_init(&one, 4, 2, PM_ROUND_UNNECESSARY, &l));
	CHECK(!pm_mul_round_lane_init(&one, 2, 2, PM_ROUND_HALF_UP, &l));	/* k = 0 */
	CHECK(!pm_mul_round_lane_init(&one, 4, -1, PM_ROUND_HALF_UP, &l));	/* places < 0 */
	CHECK(!pm_mul_round_lane_init(&one, 20, 1, PM_ROUND_HALF_UP, &l));	/* k = 19 */
	CHECK(pm_mul_round_lane_init(&one, 19, 1, PM_ROUND_HALF_UP, &l));	/* k = 18 */
	for (int iter = 0; iter < 600000; iter++)
	{
		uint64_t	r = rng();
		pm_dec64	a,
					b,
					p,
					want;
		int			ascale = (int) (r % 13),
					places = (int) ((r >> 8) % 8);
		pm_round_mode mode = (pm_round_mode) ((r >> 16) % (PM_ROUND_MODE_COUNT - 1));
		uint64_t	rm;
		bool		rneg,
					ok;
		pm_status	st;

		a.scale = ascale;
		b.scale = (int32_t) ((r >> 24) % 7);
		/* small magnitudes make ties and exact results common */
		a.coef = (r >> 32) & 1 ? rand_coef64() : (int64_t) (rng() % 2000000) - 1000000;
		b.coef = (r >> 33) & 1 ? (int64_t) (rng() % 40000) - 20000 :
			(r >> 34) & 1 ? 5 * (int64_t) pm_pow10_u64[b.scale] / 10 : rand_coef64() >> (rng() % 64);
		if ((r >> 35) % 8 == 0)
			b.coef = 0;
		if (!pm_mul_round_lane_init(&b, ascale, places, mode, &l))
		{
			int			k = ascale + b.scale - places;

			if (k >= 1 && k <= 18)
				failures++;		/* declined a lane it should have */
			continue;
		}
		ok = pm_mul_round_lane_apply(&l, pm_dec64_magnitude(a.coef), a.coef < 0, &rm, &rneg);
		st = pm_dec64_mul(&a, &b, &p);
		if (st == PM_OK)
			st = pm_dec64_round(&p, places, mode, &want);
		if (!ok)
		{
			unsigned __int128 prod = (unsigned __int128) pm_dec64_magnitude(a.coef) * pm_dec64_magnitude(b.coef);

			if (prod <= (unsigned __int128) INT64_MAX)
				failures++;
			continue;
		}
		if (st != PM_OK)
			continue;			/* the general path then answers; the lane's answer is checked elsewhere */
		taken++;
		if (want.scale != places || pm_dec64_magnitude(want.coef) != rm ||
			(want.coef != 0 && (want.coef < 0) != rneg))
		{
			if (failures < 5)
				fprintf(stderr, "  lane: %lld e-%d * %lld e-%d at %d (%s): %s%llu vs %lld\n",
						(long long) a.coef, a.scale, (long long) b.coef, b.scale, places,
						pm_round_mode_name(mode), rneg ? "-" : "", (unsigned long long) rm,
						(long long) want.coef);
			failures++;
		}
	}
	CHECK(failures == 0);
	CHECK(taken > 200000);
}

static const pm_unit_test tests[] = {
	T(test_decimal_string_roundtrip),
	T(test_decimal_add_sub_mul),
	T(test_round_modes_ties),
	T(test_round_places),
	T(test_round_to_increment),
	T(test_div_round),
	T(test_base10000_roundtrip),
	T(test_float_round_known),
	T(test_float_shortest),
	T(test_float_round_fast_matches_exact),
	T(test_float_round_dense_matches_scalar),
	T(test_float_mul_round_dense_matches_two_passes),
	T(test_ksum_compensates),
	T(test_round_fast_matches_general),
	T(test_base10000_random_roundtrip),
	T(test_agg_xacc_exact),
	T(test_agg_xacc_order_independent),
	T(test_agg_xacc_valid),
	T(test_agg_ratio_correctly_rounded),
	T(test_agg_scale_track),
	T(test_dec64_encode_matches_general),
	T(test_dec64_div_pow10_small),
	T(test_group_div_pow10),
	T(test_dec64_cents2),
	T(test_dec64_place_max),
	T(test_dec64_decode_matches_general),
	T(test_dec64_ops_match_general),
	T(test_dec64_pow10_div_exact),
	T(test_dec64_mul_round_lane_matches),
};

PM_SUITE(pm_core_suite, tests);
