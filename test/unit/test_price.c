/*
 * test_price.c: unit tests of the core's price rules (src/core/pm_price.c):
 * price endings and the cap of limit_change.
 */
#include "pm_test.h"
#include "pm_price.h"

/* apply_ending: s -> the point for each mode; "ERR" on a status */
static const char *
E(const char *p, const char *step, const char *ending, pm_ending_mode mode)
{
	pm_dec		a = D(p),
				st = D(step),
				en = D(ending),
				r;

	if (pm_price_ending(&a, &st, &en, mode, &r) != PM_OK)
		return "ERR";
	return S(r);
}

static void
test_price_ending(void)
{
	pm_ending_mode m;

	CHECK_STR(E("12.34", "1", "0.99", PM_ENDING_NEAREST), "11.99");
	CHECK_STR(E("12.48", "1", "0.99", PM_ENDING_NEAREST), "11.99");
	CHECK_STR(E("12.49", "1", "0.99", PM_ENDING_NEAREST), "12.99");	/* 0.50 either way: a tie goes up */
	CHECK_STR(E("12.50", "1", "0.99", PM_ENDING_NEAREST), "12.99");
	CHECK_STR(E("13.49", "1", "0.99", PM_ENDING_NEAREST), "13.99");	/* a tie goes up */
	CHECK_STR(E("12.34", "1", "0.99", PM_ENDING_DOWN), "11.99");
	CHECK_STR(E("12.34", "1", "0.99", PM_ENDING_UP), "12.99");
	CHECK_STR(E("12.99", "1", "0.99", PM_ENDING_UP), "12.99");
	CHECK_STR(E("12.99", "1", "0.99", PM_ENDING_DOWN), "12.99");
	CHECK_STR(E("0.10", "1", "0.99", PM_ENDING_DOWN), "0.99");	/* never below ending */
	CHECK_STR(E("0", "1", "0.99", PM_ENDING_NEAREST), "0.99");
	CHECK_STR(E("24", "10", "9", PM_ENDING_NEAREST), "29");
	CHECK_STR(E("24", "10", "9", PM_ENDING_DOWN), "19");
	CHECK_STR(E("3.13", "0.25", "0", PM_ENDING_NEAREST), "3.25");
	CHECK_STR(E("3.12", "0.25", "0", PM_ENDING_NEAREST), "3.00");
	CHECK_STR(E("12", "5", "4.99", PM_ENDING_UP), "14.99");
	CHECK_STR(E("-1", "1", "0.99", PM_ENDING_UP), "ERR");
	CHECK_STR(E("99999999999999999999999999999999999999", "0.01", "0", PM_ENDING_UP), "ERR");	/* overflow: fall back */
	CHECK(pm_ending_mode_parse("Nearest", 7, &m) && m == PM_ENDING_NEAREST);
	CHECK(pm_ending_mode_parse("down", 4, &m) && m == PM_ENDING_DOWN);
	CHECK(!pm_ending_mode_parse("downx", 5, &m));
	CHECK(!pm_ending_mode_parse("", 0, &m));
}

/* limit_change: old, new, 1 + max_up, 1 - max_down (NULL: open), places (-9999: none) */
static const char *
L(const char *old, const char *new, const char *upf, const char *downf, int places)
{
	pm_dec		o = D(old),
				n = D(new),
				u,
				d,
				r;
	pm_limit	lim = {NULL, NULL, places != -9999, places};
	pm_status	st;

	if (upf)
	{
		u = D(upf);
		lim.up_factor = &u;
	}
	if (downf)
	{
		d = D(downf);
		lim.down_factor = &d;
	}
	st = pm_price_limit(&o, &n, &lim, &r);
	if (st == PM_INEXACT)
		return "INEXACT";
	if (st == PM_INVALID)
		return "INVALID";
	if (st != PM_OK)
		return "ERR";
	return S(r);
}

static void
test_price_limit(void)
{
	CHECK_STR(L("10.00", "12.00", "1.10", "0.90", 2), "11.00");
	CHECK_STR(L("10.00", "8.50", "1.10", "0.90", 2), "9.00");
	CHECK_STR(L("10.00", "10.5", "1.10", "0.90", 2), "10.50");	/* rescaled to places */
	CHECK_STR(L("10.00", "12.00", "1.10", "0.90", -9999), "11.0000");	/* exact bound */
	CHECK_STR(L("9.99", "20.00", "1.10", "0.90", 2), "10.98");	/* 10.989 rounded down */
	CHECK_STR(L("9.99", "1.00", "1.10", "0.90", 2), "9.00");	/* 8.991 rounded up */
	CHECK_STR(L("10", "99", NULL, "0.90", 2), "99.00");
	CHECK_STR(L("10", "1", "1.10", NULL, 2), "1.00");
	CHECK_STR(L("10", "10.001", "1.10", "0.90", 2), "INEXACT");
	CHECK_STR(L("10.005", "10.00", "1", "1", 2), "INVALID");	/* no grid point in [10.01, 10.00] */
	CHECK_STR(L("-1", "1", "1.1", "0.9", 2), "INVALID");
	CHECK_STR(L("0", "5", "1.5", "0.5", -9999), "0.0");
	CHECK_STR(L("10", "15", "1.1", "0.9", -1), "INEXACT");
	CHECK_STR(L("100", "150", "1.1", "0.9", -1), "110");
}

static const pm_unit_test tests[] = {
	T(test_price_ending),
	T(test_price_limit),
};

PM_SUITE(pm_price_suite, tests);
