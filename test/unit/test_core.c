/*
 * test_core.c: unit tests of the pure C core (no server needed).
 * Built with AddressSanitizer and UndefinedBehaviorSanitizer by `make unit`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_decimal.h"

static int	checks_failed_in_test;

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			checks_failed_in_test++; \
		} \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_, w_) != 0) { \
			fprintf(stderr, "  %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
			checks_failed_in_test++; \
		} \
	} while (0)

static pm_dec
D(const char *s)
{
	pm_dec		d;

	if (pm_dec_from_string(s, &d) != PM_OK)
	{
		fprintf(stderr, "bad literal %s\n", s);
		exit(2);
	}
	return d;
}

static const char *
S(pm_dec d)
{
	static char bufs[8][128];
	static int	next;
	char	   *b = bufs[next++ % 8];

	pm_dec_to_string(&d, b, 128);
	return b;
}

/* Round s to places with the named mode; "ERR<n>" on a status. */
static const char *
R(const char *s, int places, const char *mode)
{
	static char err[8][16];
	static int	next;
	pm_round_mode m;
	pm_dec		a = D(s),
				r;
	pm_status	st;

	if (!pm_round_mode_parse(mode, strlen(mode), &m))
		return "BADMODE";
	st = pm_dec_round(&a, places, m, &r);
	if (st != PM_OK)
	{
		char	   *e = err[next++ % 8];

		snprintf(e, 16, "ERR%d", (int) st);
		return e;
	}
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

typedef struct
{
	const char *name;
	void		(*fn) (void);
} unit_test;

#define T(f) {#f, f}
static const unit_test tests[] = {
	T(test_decimal_string_roundtrip),
	T(test_decimal_add_sub_mul),
	T(test_round_modes_ties),
	T(test_round_places),
	T(test_round_to_increment),
	T(test_div_round),
	T(test_base10000_roundtrip),
};

int
main(void)
{
	int			passed = 0,
				failed = 0;

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
	{
		checks_failed_in_test = 0;
		tests[i].fn();
		if (checks_failed_in_test == 0)
		{
			printf("ok %zu - %s\n", i + 1, tests[i].name);
			passed++;
		}
		else
		{
			printf("not ok %zu - %s\n", i + 1, tests[i].name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
