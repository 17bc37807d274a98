/*
 * fuzz_price.c: pricing rules.  pm_price_ending picks the price point
 * k * step + ending (k >= 0) that its mode defines (the largest <= p, the
 * smallest >= p, the nearest with ties up), at scale max(step, ending),
 * and is idempotent; pm_price_limit keeps the result inside the exact cap
 * [old * down, old * up], on the places grid when given, leaves a price
 * inside the cap alone, is idempotent, and gives PM_INVALID, PM_INEXACT
 * and PM_OVERFLOW only where documented; their 64-bit lanes, where they
 * answer, give the same value and scale.  Ladders (pm_ladder): every point
 * a mode picks is a point, on its side of the price, with no point between
 * down and up; pm_ladder_fit stays inside the cap, never crosses old when
 * the cap binds, and guard classification explains its result.
 */
#include <strings.h>

#include "fuzz.h"
#include "pm_ladder.h"
#include "pm_price.h"

/* A price-like value: modest scales, so the reference's alignments stay exact. */
static pm_dec
fz_price(fz_in *in)
{
	pm_dec		d;
	uint8_t		sel = fz_u8(in);

	if (sel < 200)
	{
		d.coef = (fz_i128) (fz_bytes(in, 3) % (sel < 100 ? 100000 : 10000000));
		d.scale = sel % 5;
		if (sel % 50 == 7)
			d.coef = -d.coef;
	}
	else
	{
		d.coef = fz_coef(in);
		d.scale = sel % 40;
	}
	return d;
}

static pm_dec
nonneg(pm_dec d)
{
	if (d.coef < 0)
		d.coef = d.coef == FZ_I128_MIN ? FZ_I128_MAX : -d.coef;
	return d;
}

static bool
rdec_fits(const rdec *a)
{
	return sbn_fits_i128(&a->v);
}

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

static void
check_ending(fz_in *in)
{
	pm_dec		p = fz_price(in),
				step = nonneg(fz_price(in)),
				ending = nonneg(fz_price(in)),
				r,
				r2;
	pm_ending_mode mode = (pm_ending_mode) (fz_u8(in) % 3);
	static const char *const names[] = {"nearest", "down", "up"};
	rdec		rp,
				rs,
				re,
				d,
				want;
	int32_t		sc;
	bn			k,
				rem;
	pm_status	st;
	bool		wide;

	if (step.coef == 0)
		step.coef = 1 + fz_u8(in) % 100;
	/* 0 <= ending < step: ending mod step, at the larger scale */
	rs = rdec_of(&step);
	re = rdec_of(&ending);
	if (rdec_cmp(&re, &rs) >= 0)
	{
		int32_t		s = step.scale > ending.scale ? step.scale : ending.scale;
		sbn			e = rdec_at(&re, s),
					t = rdec_at(&rs, s);
		bn			q;

		bn_divmod(&e.m, &t.m, &q, &rem);
		if (!bn_below_pow2(&rem, 127))
			return;
		ending.coef = (fz_i128) bn_to_u128(&rem);
		ending.scale = s;
		re = rdec_of(&ending);
	}
	rp = rdec_of(&p);
	sc = step.scale > ending.scale ? step.scale : ending.scale;

	st = pm_price_ending(&p, &step, &ending, mode, &r);
	/* the 64-bit lane, where it answers, answers the same */
	{
		pm_dec64	p64,
					s64,
					e64,
					r64;

		if (to64(&p, &p64) && to64(&step, &s64) && to64(&ending, &e64) &&
			pm_price_ending64(&p64, &s64, &e64, mode, &r64) == PM_OK)
			FZ_CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale,
					 "64-bit apply_ending(%s, %s, %s, %s) is %lld e-%d", fz_dec_str(&p),
					 fz_dec_str(&step), fz_dec_str(&ending), names[mode], (long long) r64.coef,
					 r64.scale);
	}
	if (p.coef < 0)
	{
		FZ_CHECK(st == PM_INVALID, "apply_ending(%s) of a negative price gives %s", fz_dec_str(&p),
				 fz_status_name(st));
		return;
	}

	/* k = how many steps above ending, by mode; 0 below the first point */
	d = rdec_sub(&rp, &re);
	memset(&k, 0, sizeof(k));
	if (!d.v.neg)
	{
		int32_t		s = d.scale > step.scale ? d.scale : step.scale;
		sbn			dd = rdec_at(&d, s),
					ss = rdec_at(&rs, s);
		bn			twice;
		bn			one = bn_u128(1);

		bn_divmod(&dd.m, &ss.m, &k, &rem);
		twice = bn_add(&rem, &rem);
		if (!bn_is_zero(&rem) &&
			(mode == PM_ENDING_UP || (mode == PM_ENDING_NEAREST && bn_cmp(&twice, &ss.m) >= 0)))
			k = bn_add(&k, &one);
	}
	{
		rdec		rk = {sbn_make(false, &k), 0},
					ks = rdec_mul(&rk, &rs);

		want = rdec_add(&ks, &re);
		/* the core subtracts, divides (one side scaled), multiplies and adds in 128 bits */
		wide = !rdec_fits_at(&rp, d.scale) || !rdec_fits_at(&re, d.scale) || !rdec_fits(&d) ||
			!rdec_fits_at(&d, d.scale > step.scale ? d.scale : step.scale) ||
			!rdec_fits_at(&rs, d.scale > step.scale ? d.scale : step.scale) ||
			!rdec_fits(&ks) || !rdec_fits(&want) ||
			!rdec_fits_at(&ks, sc) || !rdec_fits_at(&re, sc);
	}
	FZ_CHECK(want.scale == sc, "reference scale");
	if (st != PM_OK)
	{
		FZ_CHECK(st == PM_OVERFLOW && wide, "apply_ending(%s, %s, %s, %s) gives %s", fz_dec_str(&p),
				 fz_dec_str(&step), fz_dec_str(&ending), names[mode], fz_status_name(st));
		return;
	}
	FZ_CHECK(rdec_is(&want, &r), "apply_ending(%s, %s, %s, %s) is %s", fz_dec_str(&p),
			 fz_dec_str(&step), fz_dec_str(&ending), names[mode], fz_dec_str(&r));

	/* and the properties directly: on the grid, the right side of p, within a step */
	{
		rdec		rr = rdec_of(&r),
					off = rdec_sub(&rr, &re),
					dist = rdec_sub(&rr, &rp);
		int			c = rdec_cmp(&rr, &rp);

		FZ_CHECK(!off.v.neg, "apply_ending result %s is below the ending", fz_dec_str(&r));
		{
			int32_t		s = off.scale > step.scale ? off.scale : step.scale;
			sbn			o = rdec_at(&off, s),
						t = rdec_at(&rs, s);
			bn			q;

			bn_divmod(&o.m, &t.m, &q, &rem);
			FZ_CHECK(bn_is_zero(&rem), "apply_ending result %s is not on the grid of %s + k * %s",
					 fz_dec_str(&r), fz_dec_str(&ending), fz_dec_str(&step));
		}
		if (mode == PM_ENDING_DOWN)
			FZ_CHECK(c <= 0 || rdec_cmp(&rr, &re) == 0, "down: %s is above %s", fz_dec_str(&r), fz_dec_str(&p));
		if (mode == PM_ENDING_UP)
			FZ_CHECK(c >= 0, "up: %s is below %s", fz_dec_str(&r), fz_dec_str(&p));
		dist.v.neg = false;
		FZ_CHECK(rdec_cmp(&dist, &rs) < 0 || rdec_cmp(&rr, &re) == 0,
				 "apply_ending result %s is a step or more from %s", fz_dec_str(&r), fz_dec_str(&p));
	}

	/* a price point stays where it is */
	st = pm_price_ending(&r, &step, &ending, mode, &r2);
	FZ_CHECK(st == PM_OK && r2.coef == r.coef && r2.scale == r.scale,
			 "apply_ending is not idempotent: %s -> %s -> %s %s", fz_dec_str(&p), fz_dec_str(&r),
			 fz_status_name(st), fz_dec_str(&r2));
}

/* The reference cap: a bound, rounded toward the inside with places. */
static rdec
ref_bound(const rdec *old, const rdec *factor, bool has_places, int32_t places, bool up, bool *wide)
{
	rdec		b = rdec_mul(old, factor);

	*wide |= !rdec_fits(&b) || b.scale > PM_MAX_SCALE;
	if (has_places)
	{
		/* floor (up) or ceiling (down) to places decimals, scale max(places, 0) */
		int64_t		k = (int64_t) b.scale - places;
		bool		neg = b.v.neg;

		if (k <= 0)
			b.v = rdec_at(&b, b.scale - (int32_t) k);
		else
		{
			bn			p = bn_pow10((int) k),
						q,
						r,
						one = bn_u128(1);

			bn_divmod(&b.v.m, &p, &q, &r);
			if (!bn_is_zero(&r) && (up ? neg : !neg))
				q = bn_add(&q, &one);
			b.v = sbn_make(neg, &q);
			if (places < 0)
				b.v.m = bn_mul_pow10(&b.v.m, -places);
		}
		b.scale = places > 0 ? places : 0;
		*wide |= !rdec_fits(&b) || k > 38;
	}
	return b;
}

static void
check_limit(fz_in *in)
{
	pm_dec		old = fz_price(in),
				new_price = fz_price(in),
				max_up = nonneg(fz_price(in)),
				max_down = nonneg(fz_price(in)),
				upf,
				downf,
				r,
				r2;
	uint8_t		sel = fz_u8(in);
	pm_limit	lim = {NULL, NULL, (sel & 4) != 0, fz_range(in, -2, 6)};
	rdec		ro,
				rn,
				v,
				hi,
				lo,
				rr;
	pm_status	st;
	bool		wide = false;

	if ((sel & 0x20) && old.coef < 0)
		old = nonneg(old);
	/* factors: 1 + max_up >= 1, 1 - max_down in [0, 1], as the glue checks */
	if (sel & 1)
	{
		pm_dec		one = {1, 0};

		if (pm_dec_add(&one, &max_up, &upf) != PM_OK)
			return;
		lim.up_factor = &upf;
	}
	if (sel & 2)
	{
		pm_dec		one = {1, 0};
		rdec		md = rdec_of(&max_down),
					r1 = {sbn_i128(1), 0};

		if (rdec_cmp(&md, &r1) > 0)
			max_down.coef %= pm_pow10[max_down.scale < 38 ? max_down.scale : 38];
		if (pm_dec_sub(&one, &max_down, &downf) != PM_OK)
			return;
		lim.down_factor = &downf;
	}
	ro = rdec_of(&old);
	rn = rdec_of(&new_price);

	st = pm_price_limit(&old, &new_price, &lim, &r);
	/* the 64-bit lane, where it answers, answers the same */
	{
		pm_dec64	o64,
					n64,
					r64;
		pm_limit64	lim64;

		if (pm_limit64_of(&lim, &lim64) && to64(&old, &o64) && to64(&new_price, &n64) &&
			pm_price_limit64(&o64, &n64, &lim64, &r64) == PM_OK)
			FZ_CHECK(st == PM_OK && r.coef == r64.coef && r.scale == r64.scale,
					 "64-bit limit_change(%s, %s, places %d) is %lld e-%d", fz_dec_str(&old),
					 fz_dec_str(&new_price), lim.has_places ? lim.places : -99,
					 (long long) r64.coef, r64.scale);
	}
	if (old.coef < 0)
	{
		FZ_CHECK(st == PM_INVALID, "limit_change with old price %s gives %s", fz_dec_str(&old),
				 fz_status_name(st));
		return;
	}

	/* the new price, on the grid when places are given */
	v = rn;
	if (lim.has_places)
	{
		int64_t		k = (int64_t) rn.scale - lim.places;

		if (k > 0)
		{
			bn			p = bn_pow10((int) k),
						q,
						rem;

			bn_divmod(&rn.v.m, &p, &q, &rem);
			if (!bn_is_zero(&rem))
			{
				FZ_CHECK(st == PM_INEXACT || (st == PM_OVERFLOW && k > 38),
						 "limit_change: new price %s is off the %d-place grid but gives %s",
						 fz_dec_str(&new_price), lim.places, fz_status_name(st));
				return;
			}
			v.v = sbn_make(rn.v.neg, &q);
			if (lim.places < 0)
				v.v.m = bn_mul_pow10(&v.v.m, -lim.places);
		}
		else
			v.v = rdec_at(&rn, lim.places);
		v.scale = lim.places > 0 ? lim.places : 0;
		wide |= !rdec_fits(&v) || k > 38;
	}
	if (lim.up_factor)
	{
		rdec		f = rdec_of(lim.up_factor);

		hi = ref_bound(&ro, &f, lim.has_places, lim.places, true, &wide);
	}
	if (lim.down_factor)
	{
		rdec		f = rdec_of(lim.down_factor);

		lo = ref_bound(&ro, &f, lim.has_places, lim.places, false, &wide);
	}
	if (lim.up_factor && lim.down_factor)
	{
		wide |= !rdec_fits_at(&lo, hi.scale > lo.scale ? hi.scale : lo.scale) ||
			!rdec_fits_at(&hi, hi.scale > lo.scale ? hi.scale : lo.scale);
		if (rdec_cmp(&lo, &hi) > 0)
		{
			FZ_CHECK(st == PM_INVALID || (st == PM_OVERFLOW && wide),
					 "limit_change(%s, %s) with a cap that leaves no grid point gives %s",
					 fz_dec_str(&old), fz_dec_str(&new_price), fz_status_name(st));
			return;
		}
	}
	rr = v;
	if (lim.up_factor)
	{
		wide |= !rdec_fits_at(&v, hi.scale > v.scale ? hi.scale : v.scale) ||
			!rdec_fits_at(&hi, hi.scale > v.scale ? hi.scale : v.scale);
		if (rdec_cmp(&rr, &hi) > 0)
			rr = hi;
	}
	if (lim.down_factor)
	{
		wide |= !rdec_fits_at(&rr, lo.scale > rr.scale ? lo.scale : rr.scale) ||
			!rdec_fits_at(&lo, lo.scale > rr.scale ? lo.scale : rr.scale);
		if (rdec_cmp(&rr, &lo) < 0)
			rr = lo;
	}
	if (st != PM_OK)
	{
		FZ_CHECK(st == PM_OVERFLOW && wide, "limit_change(%s, %s, places %d) gives %s", fz_dec_str(&old),
				 fz_dec_str(&new_price), lim.has_places ? lim.places : -99, fz_status_name(st));
		return;
	}
	FZ_CHECK(rdec_is(&rr, &r), "limit_change(%s, %s, places %d) is %s", fz_dec_str(&old),
			 fz_dec_str(&new_price), lim.has_places ? lim.places : -99, fz_dec_str(&r));

	/* directly: inside the exact cap, a price already inside kept, idempotent */
	{
		rdec		res = rdec_of(&r);
		bool		inside = true;

		if (lim.up_factor)
		{
			rdec		f = rdec_of(lim.up_factor),
						b = rdec_mul(&ro, &f);

			FZ_CHECK(rdec_cmp(&res, &b) <= 0, "limit_change result %s is above old * up", fz_dec_str(&r));
			inside &= rdec_cmp(&rn, &b) <= 0;
		}
		if (lim.down_factor)
		{
			rdec		f = rdec_of(lim.down_factor),
						b = rdec_mul(&ro, &f);

			FZ_CHECK(rdec_cmp(&res, &b) >= 0, "limit_change result %s is below old * down", fz_dec_str(&r));
			inside &= rdec_cmp(&rn, &b) >= 0;
		}
		if (inside)
			FZ_CHECK(rdec_cmp(&res, &rn) == 0, "limit_change moved %s, inside the cap, to %s",
					 fz_dec_str(&new_price), fz_dec_str(&r));
		st = pm_price_limit(&old, &r, &lim, &r2);
		FZ_CHECK(st == PM_OK && r2.coef == r.coef && r2.scale == r.scale,
				 "limit_change is not idempotent: %s -> %s -> %s %s", fz_dec_str(&new_price),
				 fz_dec_str(&r), fz_status_name(st), fz_dec_str(&r2));
	}
}

/* A small decimal: coef < lim at scale 0..2. */
static pm_dec
fz_small(fz_in *in, uint64_t lim)
{
	pm_dec		d;

	d.coef = (fz_i128) (fz_bytes(in, 3) % lim);
	d.scale = fz_u8(in) % 3;
	return d;
}

static int
dcmp(const pm_lv *a, const pm_lv *b)
{
	pm_status	st;

	return pm_dec_cmp(&a->d, &b->d, &st);
}

static void
check_ladder(fz_in *in)
{
	pm_ladder_band bands[6];
	pm_ladder	l = {1 + fz_u8(in) % 6, bands, NULL};
	pm_dec		bound = {0, 0},
				tiny = {1, 3},
				td;
	pm_lv		t,
				d,
				u,
				n,
				x,
				old,
				lo,
				hi,
				r;
	pm_ending_mode mode = (pm_ending_mode) (fz_u8(in) % 3);
	pm_fit		how;
	pm_guard	g;
	pm_guard_tol tol;
	bool		is;
	int			bad;

	memset(bands, 0, sizeof(bands));
	for (int i = 0; i < l.n; i++)
	{
		pm_dec		step = fz_small(in, 2000),
					ending = fz_small(in, 2000),
					gap = fz_small(in, 5000),
					nb;

		if (step.coef == 0)
			step.coef = 1;
		/* 0 <= ending < step, at the larger scale */
		if (pm_dec_cmp(&ending, &step, &(pm_status) {0}) >= 0)
			ending.coef = 0;
		if (i > 0 && gap.coef == 0)
			gap.coef = 1;
		if (pm_dec_add(&bound, &gap, &nb) != PM_OK)
			return;
		bound = nb;
		bands[i].bound = pm_lv_of(&bound);
		bands[i].step = pm_lv_of(&step);
		bands[i].ending = pm_lv_of(&ending);
	}
	FZ_CHECK(pm_ladder_prepare(&l, &bad, NULL, NULL) == PM_OK, "a valid ladder fails band %d", bad);

	td = fz_small(in, 100000);
	t = pm_lv_of(&td);
	FZ_CHECK(pm_ladder_point(&l, &t, PM_ENDING_DOWN, &d) == PM_OK &&
			 pm_ladder_point(&l, &t, PM_ENDING_UP, &u) == PM_OK &&
			 pm_ladder_point(&l, &t, PM_ENDING_NEAREST, &n) == PM_OK, "ladder point of %s fails",
			 fz_dec_str(&td));
	FZ_CHECK(pm_ladder_is_point(&l, &d, &is) == PM_OK && is, "down point %s is no point", fz_dec_str(&d.d));
	FZ_CHECK(pm_ladder_is_point(&l, &u, &is) == PM_OK && is, "up point %s is no point", fz_dec_str(&u.d));
	FZ_CHECK(dcmp(&u, &t) >= 0, "up point %s is below %s", fz_dec_str(&u.d), fz_dec_str(&td));
	FZ_CHECK(dcmp(&n, &d) == 0 || dcmp(&n, &u) == 0, "nearest %s is neither down nor up",
			 fz_dec_str(&n.d));
	FZ_CHECK(pm_ladder_point(&l, &n, PM_ENDING_NEAREST, &x) == PM_OK && dcmp(&x, &n) == 0,
			 "nearest is not idempotent at %s", fz_dec_str(&n.d));
	if (dcmp(&d, &t) <= 0 && dcmp(&d, &u) < 0)
	{
		/* no point strictly between down and up: the next point up from just above down is up */
		pm_dec		above;

		FZ_CHECK(pm_dec_add(&d.d, &tiny, &above) == PM_OK, "add");
		x = pm_lv_of(&above);
		FZ_CHECK(pm_ladder_point(&l, &x, PM_ENDING_UP, &r) == PM_OK && dcmp(&r, &u) == 0,
				 "a point %s lies between down %s and up %s of %s", fz_dec_str(&r.d),
				 fz_dec_str(&d.d), fz_dec_str(&u.d), fz_dec_str(&td));
	}
	else
		FZ_CHECK(dcmp(&d, &t) <= 0 || dcmp(&d, &bands[bands[0].next].first) == 0,
				 "down point %s is above %s and not the smallest point", fz_dec_str(&d.d), fz_dec_str(&td));

	/* inside a cap [lo, hi] around old */
	{
		pm_dec		od = fz_small(in, 100000),
					w1 = fz_small(in, 5000),
					w2 = fz_small(in, 5000),
					lod,
					hid;
		uint8_t		sides = fz_u8(in);

		if (pm_dec_sub(&od, &w1, &lod) != PM_OK || pm_dec_add(&od, &w2, &hid) != PM_OK)
			return;
		if (lod.coef < 0)
			lod.coef = 0;
		old = pm_lv_of(&od);
		lo = pm_lv_of(&lod);
		hi = pm_lv_of(&hid);
		FZ_CHECK(pm_ladder_fit(&l, &old, &t, (sides & 1) ? &lo : NULL, (sides & 2) ? &hi : NULL, mode,
							   &r, &how) == PM_OK, "fit fails");
		FZ_CHECK(!(sides & 1) || dcmp(&r, &lo) >= 0, "fit %s is below the cap %s", fz_dec_str(&r.d),
				 fz_dec_str(&lod));
		FZ_CHECK(!(sides & 2) || dcmp(&r, &hi) <= 0, "fit %s is above the cap %s", fz_dec_str(&r.d),
				 fz_dec_str(&hid));
		if (how == PM_FIT_CAPPED)
			FZ_CHECK(dcmp(&t, &old) > 0 ? dcmp(&r, &old) >= 0 && dcmp(&r, &t) < 0 :
					 dcmp(&r, &old) <= 0 && dcmp(&r, &t) > 0,
					 "capped point %s crosses old %s or the target %s", fz_dec_str(&r.d),
					 fz_dec_str(&od), fz_dec_str(&td));
		tol.below = tol.above = old;
		tol.strict = false;
		FZ_CHECK(pm_guard_classify(&l, mode, NULL, &old, &t, &r, &tol, &g) == PM_OK &&
				 g != PM_GUARD_CONTRADICTION, "fit(%s, %s) = %s is reported as a contradiction",
				 fz_dec_str(&od), fz_dec_str(&td), fz_dec_str(&r.d));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};
	pm_ending_mode em;
	char		name[8];
	size_t		len = (size_t) fz_range(&in, 0, 7);

	check_ending(&in);
	check_limit(&in);
	check_ladder(&in);

	/* ending-mode names, any case */
	for (size_t i = 0; i < len; i++)
		name[i] = "nearstdowupNEARSTDOWUP"[fz_u8(&in) % 22];
	if (pm_ending_mode_parse(name, len, &em))
	{
		static const char *const names[] = {"nearest", "down", "up"};

		FZ_CHECK((int) em >= 0 && em <= PM_ENDING_UP && strlen(names[em]) == len &&
				 strncasecmp(name, names[em], len) == 0, "\"%.*s\" parsed as ending mode %d",
				 (int) len, name, (int) em);
	}
	return 0;
}
