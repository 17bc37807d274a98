/*
 * test_price.c: unit tests of the core's price rules (src/core/pm_price.c):
 * price endings and the cap of limit_change.
 */
#include "pm_test.h"
#include "pm_price.h"

/* d in the 64-bit lane, when its coefficient fits an int64. */
static bool
to64(const pm_dec *d, pm_dec64 *r)
{
	if (d->coef < INT64_MIN || d->coef > INT64_MAX)
		return false;
	r->coef = (int64_t) d->coef;
	r->scale = d->scale;
	return true;
}

/*
 * pm_price_ending64 for the same arguments: where it answers, it gives
 * pm_price_ending's value and scale.  Returns whether it answered.
 */
static bool
ending_lane_agrees(const pm_dec *p, const pm_dec *step, const pm_dec *ending, pm_ending_mode mode)
{
	pm_dec		r;
	pm_dec64	p64,
				s64,
				e64,
				r64;
	pm_status	st = pm_price_ending(p, step, ending, mode, &r);

	if (!to64(p, &p64) || !to64(step, &s64) || !to64(ending, &e64) ||
		pm_price_ending64(&p64, &s64, &e64, mode, &r64) != PM_OK)
		return false;
	CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale);
	return true;
}

/* The same for pm_price_limit64 against pm_price_limit. */
static bool
limit_lane_agrees(const pm_dec *o, const pm_dec *n, const pm_limit *lim)
{
	pm_dec		r;
	pm_dec64	o64,
				n64,
				r64;
	pm_limit64	lim64;
	pm_status	st = pm_price_limit(o, n, lim, &r);

	if (!pm_limit64_of(lim, &lim64) || !to64(o, &o64) || !to64(n, &n64) ||
		pm_price_limit64(&o64, &n64, &lim64, &r64) != PM_OK)
		return false;
	CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale);
	return true;
}

/* apply_ending: s -> the point for each mode; "ERR" on a status */
static const char *
E(const char *p, const char *step, const char *ending, pm_ending_mode mode)
{
	pm_dec		a = D(p),
				st = D(step),
				en = D(ending),
				r;

	ending_lane_agrees(&a, &st, &en, mode);
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
	limit_lane_agrees(&o, &n, &lim);
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

/* xorshift64*: a fixed sequence, so a failure reproduces */
static uint64_t
next_random(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

/* A price-like decimal: up to 10^digits units at scale 0..maxscale, negative now and then. */
static pm_dec
random_price(uint64_t *x, int digits, int maxscale)
{
	uint64_t	r = next_random(x);
	pm_dec		d;

	d.coef = (pm_i128) ((r >> 8) % pm_pow10_u64[digits]);
	d.scale = (int32_t) ((r & 0xFF) % (uint64_t) (maxscale + 1));
	if (((r >> 4) & 15) == 0)
		d.coef = -d.coef;
	return d;
}

/*
 * The 64-bit lanes against the general functions on random prices: they
 * agree wherever the lane answers, and the lane answers for most of them.
 */
static void
test_price_lanes_match_general(void)
{
	uint64_t	x = UINT64_C(0x9E3779B97F4A7C15);
	int			answered = 0;

	for (int iter = 0; iter < 200000; iter++)
	{
		pm_dec		p = random_price(&x, (int) (next_random(&x) % 19), 4),
					step = random_price(&x, 4, 3),
					ending = random_price(&x, 4, 3);
		pm_ending_mode mode = (pm_ending_mode) (next_random(&x) % 3);
		pm_status	st;

		if (step.coef < 0)
			step.coef = -step.coef;
		if (step.coef == 0)
			step.coef = 1;
		if (ending.coef < 0)
			ending.coef = -ending.coef;
		/* 0 <= ending < step */
		if (pm_dec_cmp(&ending, &step, &st) >= 0)
			ending.coef = 0;
		answered += ending_lane_agrees(&p, &step, &ending, mode);
	}
	CHECK(answered > 150000);

	answered = 0;
	for (int iter = 0; iter < 200000; iter++)
	{
		pm_dec		o = random_price(&x, (int) (next_random(&x) % 19), 4),
					n = random_price(&x, (int) (next_random(&x) % 19), 4),
					up = random_price(&x, 3, 3),
					down = random_price(&x, 3, 3),
					one = {1, 0},
					upf,
					downf;
		uint64_t	sel = next_random(&x);
		pm_limit	lim = {NULL, NULL, (sel & 4) != 0, (int32_t) ((sel >> 8) % 7) - 2};
		pm_status	st;

		/* max_up >= 0, 0 <= max_down <= 1, as the glue checks */
		if (up.coef < 0)
			up.coef = -up.coef;
		if (down.coef < 0)
			down.coef = -down.coef;
		if (pm_dec_cmp(&down, &one, &st) > 0)
			down.coef = 0;
		if ((sel & 1) && pm_dec_add(&one, &up, &upf) == PM_OK)
			lim.up_factor = &upf;
		if ((sel & 2) && pm_dec_sub(&one, &down, &downf) == PM_OK)
			lim.down_factor = &downf;
		/* half the time a new price near old, so the cap binds or not */
		if (sel & 16)
		{
			n = o;
			n.coef += (pm_i128) ((sel >> 16) % 2001) - 1000;
		}
		answered += limit_lane_agrees(&o, &n, &lim);
	}
	CHECK(answered > 50000);
}

static const pm_unit_test tests[] = {
	T(test_price_ending),
	T(test_price_limit),
	T(test_price_lanes_match_general),
};

PM_SUITE(pm_price_suite, tests);
