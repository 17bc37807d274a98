/*
 * test_ladder.c: unit tests of price ladders, price points inside a cap and
 * the guardrail report (src/core/pm_ladder.c).
 */
#include <stdio.h>
#include <string.h>

#include "pm_test.h"
#include "pm_ladder.h"

/* A ladder from "bound:step:ending,..." (up to 8 bands); false when invalid. */
static bool
LADDER(const char *spec, pm_ladder *l, pm_ladder_band *bands)
{
	char		buf[256],
			   *save = NULL;
	int			bad;

	snprintf(buf, sizeof(buf), "%s", spec);
	l->n = 0;
	l->bands = bands;
	l->ops = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save))
	{
		char	   *s2 = strchr(tok, ':'),
				   *s3;

		*s2++ = '\0';
		s3 = strchr(s2, ':');
		*s3++ = '\0';
		memset(&bands[l->n], 0, sizeof(bands[0]));
		bands[l->n].bound = pm_lv_of(&(pm_dec) {D(tok).coef, D(tok).scale});
		bands[l->n].step = pm_lv_of(&(pm_dec) {D(s2).coef, D(s2).scale});
		bands[l->n].ending = pm_lv_of(&(pm_dec) {D(s3).coef, D(s3).scale});
		l->n++;
	}
	return pm_ladder_prepare(l, &bad, NULL, NULL) == PM_OK;
}

static const char *issue_ladder = "0:1:0.99,10:1:0.95,100:10:9.00";

/* The ladder's point for t under mode, or "ERR<status>". */
static const char *
P(const char *spec, const char *t, pm_ending_mode mode)
{
	pm_ladder	l;
	pm_ladder_band bands[8];
	pm_dec		td = D(t);
	pm_lv		tv = pm_lv_of(&td),
				r;
	pm_status	st;

	if (!LADDER(spec, &l, bands))
		return "BAD";
	if ((st = pm_ladder_point(&l, &tv, mode, &r)) != PM_OK)
		return ERR(st);
	return S(r.d);
}

static void
test_ladder_points(void)
{
	/* one band is apply_ending */
	CHECK_STR(P("0:1:0.99", "12.34", PM_ENDING_NEAREST), "11.99");
	CHECK_STR(P("0:1:0.99", "12.49", PM_ENDING_NEAREST), "12.99");	/* a tie goes up */
	CHECK_STR(P("0:1:0.99", "0.10", PM_ENDING_DOWN), "0.99");	/* never below the smallest point */
	CHECK_STR(P("0:10:9", "24", PM_ENDING_DOWN), "19");
	/* the issue's ladder: under 10 .99, 10 to 100 .95, from 100 on 9.00 steps of 10 */
	CHECK_STR(P(issue_ladder, "5.20", PM_ENDING_NEAREST), "4.99");
	CHECK_STR(P(issue_ladder, "9.99", PM_ENDING_UP), "9.99");
	CHECK_STR(P(issue_ladder, "10.00", PM_ENDING_DOWN), "9.99");	/* a bound is no point here */
	CHECK_STR(P(issue_ladder, "10.00", PM_ENDING_UP), "10.95");
	CHECK_STR(P(issue_ladder, "10.40", PM_ENDING_NEAREST), "9.99");	/* 0.41 down, 0.55 up */
	CHECK_STR(P(issue_ladder, "10.50", PM_ENDING_NEAREST), "10.95");	/* 0.51 down, 0.45 up */
	CHECK_STR(P(issue_ladder, "10.47", PM_ENDING_NEAREST), "10.95");	/* a tie across bands goes up */
	CHECK_STR(P(issue_ladder, "99.96", PM_ENDING_UP), "109.00");	/* 99.95 is band 2's last */
	CHECK_STR(P(issue_ladder, "104", PM_ENDING_NEAREST), "99.95");
	CHECK_STR(P(issue_ladder, "105", PM_ENDING_NEAREST), "109.00");
	CHECK_STR(P(issue_ladder, "250", PM_ENDING_DOWN), "249.00");
	/* the minimum point: bound[0] = 1 leaves 0.99 out, so down keeps 1.82 at 1.99 */
	CHECK_STR(P(issue_ladder, "1.82", PM_ENDING_DOWN), "0.99");
	CHECK_STR(P("1:1:0.99,10:1:0.95", "1.82", PM_ENDING_DOWN), "1.99");
	CHECK_STR(P("1:1:0.99,10:1:0.95", "0.50", PM_ENDING_NEAREST), "1.99");
	/* a band with no point: [10, 10.50) with .95 endings */
	CHECK_STR(P("0:1:0.99,10:1:0.95,10.50:1:0.55", "10.30", PM_ENDING_UP), "10.55");
	CHECK_STR(P("0:1:0.99,10:1:0.95,10.50:1:0.55", "10.30", PM_ENDING_DOWN), "9.99");
	CHECK_STR(P("0:1:0.99,10:1:0.95,10.50:1:0.55", "11.20", PM_ENDING_DOWN), "10.55");
	CHECK_STR(P(issue_ladder, "-1", PM_ENDING_UP), "ERR4");
	CHECK_STR(P("0:1:0.99", "99999999999999999999999999999999999999", PM_ENDING_UP), "ERR1");
	/* invalid ladders */
	CHECK_STR(P("1:1:0.99,1:1:0.95", "1", PM_ENDING_UP), "BAD");	/* not ascending */
	CHECK_STR(P("-1:1:0.99", "1", PM_ENDING_UP), "BAD");
	CHECK_STR(P("0:1:1", "1", PM_ENDING_UP), "BAD");	/* ending >= step */
	CHECK_STR(P("0:0:0", "1", PM_ENDING_UP), "BAD");
}

/* Every point is one of its band, and down <= t <= up with nothing in between. */
static void
test_ladder_random_consistent(void)
{
	pm_ladder	l;
	pm_ladder_band bands[8];

	CHECK(LADDER("0.50:0.25:0.10,3:1:0.99,7.25:0.5:0.45,7.50:5:4.95,40:10:9", &l, bands));
	for (int i = 0; i < 20000; i++)
	{
		pm_dec		td,
					one = {1, 2};
		pm_lv		t,
					d,
					u,
					n,
					x;
		bool		is;
		int			c;

		td.coef = (pm_i128) (rng() % 10000);
		td.scale = 2;
		t = pm_lv_of(&td);
		CHECK(pm_ladder_point(&l, &t, PM_ENDING_DOWN, &d) == PM_OK);
		CHECK(pm_ladder_point(&l, &t, PM_ENDING_UP, &u) == PM_OK);
		CHECK(pm_ladder_point(&l, &t, PM_ENDING_NEAREST, &n) == PM_OK);
		CHECK(pm_ladder_is_point(&l, &d, &is) == PM_OK && is);
		CHECK(pm_ladder_is_point(&l, &u, &is) == PM_OK && is);
		CHECK(pm_dec_cmp(&u.d, &td, &(pm_status) {0}) >= 0);
		c = pm_dec_cmp(&d.d, &td, &(pm_status) {0});
		CHECK(c <= 0 || pm_dec_cmp(&d.d, &bands[0].first.d, &(pm_status) {0}) == 0);
		CHECK(pm_dec_cmp(&n.d, &d.d, &(pm_status) {0}) == 0 || pm_dec_cmp(&n.d, &u.d, &(pm_status) {0}) == 0);
		/* no point strictly between d and u on the cent grid */
		for (pm_dec y = d.d; pm_dec_cmp(&y, &u.d, &(pm_status) {0}) < 0;)
		{
			pm_dec		y2;

			pm_dec_add(&y, &one, &y2);
			y = y2;
			if (pm_dec_cmp(&y, &u.d, &(pm_status) {0}) >= 0)
				break;
			x = pm_lv_of(&y);
			CHECK(pm_ladder_is_point(&l, &x, &is) == PM_OK);
			if (is && c <= 0)
			{
				CHECK(!"a point lies between down and up");
				break;
			}
		}
		/* idempotent */
		CHECK(pm_ladder_point(&l, &n, PM_ENDING_NEAREST, &x) == PM_OK &&
			  pm_dec_cmp(&x.d, &n.d, &(pm_status) {0}) == 0);
	}
}

/* fit(ladder, old, t, lo, hi, mode) as "value how" */
static const char *
FIT(const char *spec, const char *old, const char *t, const char *lo, const char *hi,
	pm_ending_mode mode)
{
	static char out[4][64];
	static int	next;
	char	   *b = out[next++ % 4];
	pm_ladder	l;
	pm_ladder_band bands[8];
	pm_dec		od = D(old),
				td = D(t),
				lod,
				hid;
	pm_lv		ov = pm_lv_of(&od),
				tv = pm_lv_of(&td),
				lov,
				hiv,
				r;
	pm_fit		how;
	pm_status	st;
	static const char *const hows[] = {"point", "capped", "no_point"};

	if (!LADDER(spec, &l, bands))
		return "BAD";
	if (lo)
	{
		lod = D(lo);
		lov = pm_lv_of(&lod);
	}
	if (hi)
	{
		hid = D(hi);
		hiv = pm_lv_of(&hid);
	}
	st = pm_ladder_fit(&l, &ov, &tv, lo ? &lov : NULL, hi ? &hiv : NULL, mode, &r, &how);
	if (st != PM_OK)
		return ERR(st);
	snprintf(b, 64, "%s %s", S(r.d), hows[how]);
	return b;
}

static void
test_ladder_fit(void)
{
	/* the issue: 24.90 with +-10% (band [22.41, 27.39]) and a target above the cap */
	CHECK_STR(FIT("0:1:0.99", "24.90", "30.00", "22.41", "27.39", PM_ENDING_NEAREST), "26.99 capped");
	CHECK_STR(FIT("0:1:0.99", "24.90", "30.00", "22.41", "27.39", PM_ENDING_UP), "26.99 capped");
	CHECK_STR(FIT("0:1:0.99", "24.90", "27.39", "22.41", "27.39", PM_ENDING_DOWN), "26.99 point");
	CHECK_STR(FIT("0:1:0.99", "24.90", "26.00", "22.41", "27.39", PM_ENDING_NEAREST), "25.99 point");
	/* the issue: 3.49 to 2.99 with a 10% cap down: no .99 inside [3.15, 3.83] */
	CHECK_STR(FIT("0:1:0.99", "3.49", "2.99", "3.15", "3.83", PM_ENDING_NEAREST), "3.15 no_point");
	CHECK_STR(FIT("0:1:0.99", "3.49", "2.99", "3.15", NULL, PM_ENDING_DOWN), "3.15 no_point");
	/* target inside the band, its point outside, none on its side: the target */
	CHECK_STR(FIT("0:1:0.99", "3.49", "3.60", "3.15", "3.83", PM_ENDING_NEAREST), "3.60 no_point");
	/* a capped point never crosses old: 25.00 up to 30 with +1% has only 24.99 below old */
	CHECK_STR(FIT("0:1:0.99", "25.00", "30.00", "24.75", "25.25", PM_ENDING_NEAREST), "25.25 no_point");
	/* a decrease that up mode would round above the cap: no point on its side */
	CHECK_STR(FIT("0:1:0.99", "24.90", "24.00", "22.41", "24.90", PM_ENDING_UP), "24.00 no_point");
	/* capped down to a point */
	CHECK_STR(FIT("0:1:0.99", "30.00", "20.00", "27.00", "33.00", PM_ENDING_NEAREST), "27.99 capped");
	/* open sides */
	CHECK_STR(FIT("0:1:0.99", "30.00", "50.00", NULL, "33.00", PM_ENDING_NEAREST), "32.99 capped");
	CHECK_STR(FIT("0:1:0.99", "30.00", "50.00", "27.00", NULL, PM_ENDING_NEAREST), "49.99 point");
	/* the issue's ladder, across bands: 9.50 with +20% and target 15 */
	CHECK_STR(FIT(issue_ladder, "9.50", "15.00", "8.55", "11.40", PM_ENDING_NEAREST), "10.95 capped");
	CHECK_STR(FIT(issue_ladder, "9.50", "15.00", "8.55", "10.90", PM_ENDING_NEAREST), "9.99 capped");
	CHECK_STR(FIT("0:1:0.99", "10", "12", "11", "10", PM_ENDING_NEAREST), "ERR4");
}

/* classify(ladder or NULL, old or NULL, new, lim, unit or NULL) */
static const char *
G(const char *spec, const char *old, const char *new_price, const char *lim, const char *unit)
{
	pm_ladder	l;
	pm_ladder_band bands[8];
	pm_dec		od,
				nd = D(new_price),
				ld = D(lim),
				ud,
				below,
				above;
	pm_lv		ov,
				nv = pm_lv_of(&nd),
				lv = pm_lv_of(&ld);
	pm_guard_tol tol;
	pm_guard	g;

	if (spec && !LADDER(spec, &l, bands))
		return "BAD";
	if (old)
	{
		od = D(old);
		ov = pm_lv_of(&od);
		below = above = od;
		if (unit)
		{
			ud = D(unit);
			pm_dec_sub(&od, &ud, &below);
			pm_dec_add(&od, &ud, &above);
		}
		tol.below = pm_lv_of(&below);
		tol.above = pm_lv_of(&above);
		tol.strict = unit != NULL;
	}
	if (pm_guard_classify(spec ? &l : NULL, PM_ENDING_NEAREST, NULL, old ? &ov : NULL, &nv, &lv,
						  old ? &tol : NULL, &g) != PM_OK)
		return "ERR";
	return g == PM_GUARD_CONTRADICTION ? "contradiction" : pm_guard_names[g];
}

static void
test_guard_classify(void)
{
	CHECK_STR(G(NULL, "10.00", "12.00", "11.00", NULL), "capped_up");
	CHECK_STR(G(NULL, "10.00", "8.50", "9.00", NULL), "capped_down");
	CHECK_STR(G(NULL, "10.00", "10.50", "10.50", NULL), "changed");
	CHECK_STR(G(NULL, "5", "5.0", "5", NULL), "unchanged");
	CHECK_STR(G(NULL, NULL, "12", "12", NULL), "changed");
	CHECK_STR(G(NULL, NULL, "12", "11", NULL), "contradiction");
	/* the issue: 3.49 asked up to 4.99 but limited to 2.99 */
	CHECK_STR(G(NULL, "3.49", "4.99", "2.99", "0.01"), "contradiction");
	CHECK_STR(G(NULL, "3.49", "4.99", "2.99", NULL), "contradiction");
	/* an inward-rounded bound may lie less than one unit past old */
	CHECK_STR(G(NULL, "10.005", "12", "10.00", "0.01"), "capped_up");
	CHECK_STR(G(NULL, "10.005", "12", "10.00", NULL), "contradiction");
	CHECK_STR(G(NULL, "10", "12", "9", "1"), "contradiction");
	CHECK_STR(G(NULL, "10.005", "8", "10.01", "0.01"), "capped_down");
	CHECK_STR(G(NULL, "10", "8", "10.01", "0.01"), "contradiction");
	CHECK_STR(G(NULL, "10", "10", "9", NULL), "contradiction");
	CHECK_STR(G(NULL, "10", "12", "13", NULL), "contradiction");
	/* with endings */
	CHECK_STR(G("0:1:0.99", "24.90", "30.00", "26.99", "0.01"), "capped_up");
	CHECK_STR(G("0:1:0.99", "24.90", "26.00", "25.99", "0.01"), "changed");
	CHECK_STR(G("0:1:0.99", "24.99", "25.10", "24.99", "0.01"), "unchanged");
	CHECK_STR(G("0:1:0.99", "24.90", "30.00", "27.39", "0.01"), "capped_no_ending");
	CHECK_STR(G("0:1:0.99", "3.49", "2.99", "3.15", "0.01"), "capped_no_ending");
	CHECK_STR(G("0:1:0.99", "3.49", "3.60", "3.60", "0.01"), "no_ending");
	CHECK_STR(G("0:1:0.99", "25.00", "30.00", "24.99", "0.01"), "contradiction");	/* crossed old */
	CHECK_STR(G("0:1:0.99", "3.49", "4.99", "2.99", "0.01"), "contradiction");
	CHECK_STR(G("0:1:0.99", "30.00", "20.00", "27.99", "0.01"), "capped_down");
	CHECK_STR(G("0:1:0.99", "30.00", "20.00", "31.00", "0.01"), "contradiction");
	/* a cap bound rounded inward that happens to be a point (old off the grid) */
	CHECK_STR(G("0:0.25:0", "0.00000000246", "1000", "0.00", "0.01"), "capped_up");
	CHECK_STR(G("0:0.25:0", "0.00000000246", "1000", "0.00", NULL), "contradiction");
}

static void
count_tick(void *arg)
{
	(*(int *) arg)++;
}

/*
 * pm_ladder_prepare ticks once per PM_TICK_STRIDE bands in each of its two
 * passes over a long ladder (bands 0, 1, 2, ... with step 1 and ending 0.25),
 * so a SQL call with a ladder of millions of bands can be cancelled.
 */
static void
test_ladder_prepare_ticks(void)
{
	enum
	{
		N = 3 * PM_TICK_STRIDE + 1
	};
	static pm_ladder_band bands[N];
	pm_ladder	l = {N, bands, NULL};
	int			bad,
				ticks = 0;

	for (int i = 0; i < N; i++)
	{
		bands[i].bound = pm_lv_of(&(pm_dec) {i, 0});
		bands[i].step = pm_lv_of(&(pm_dec) {1, 0});
		bands[i].ending = pm_lv_of(&(pm_dec) {25, 2});
	}
	CHECK(pm_ladder_prepare(&l, &bad, count_tick, &ticks) == PM_OK);
	CHECK(ticks == 2 * 4);
	CHECK(bands[N - 1].next == N - 1 && bands[0].prev == 0);
	CHECK(pm_ladder_prepare(&l, &bad, NULL, NULL) == PM_OK);
}

static const pm_unit_test tests[] = {
	T(test_ladder_points),
	T(test_ladder_prepare_ticks),
	T(test_ladder_random_consistent),
	T(test_ladder_fit),
	T(test_guard_classify),
};

PM_SUITE(pm_ladder_suite, tests);
