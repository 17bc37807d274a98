/*
 * fuzz_tier.c: tier tables.  pm_tier_check and pm_tier_find agree with a
 * linear scan; pm_tier_graduated equals the bignum sum of width * price
 * with numeric's scales, is monotone in the quantity for nonnegative
 * prices and moves by at most |dq| * max|price| (it is continuous at the
 * thresholds); PM_OVERFLOW only when an intermediate is beyond 128 bits.
 * Billing tables (pm_bill_*, inclusive up_to bounds, an open last tier,
 * flat amounts) on the same bytes: check and find agree with a scan,
 * totals with their definition, graduated is monotone and volume is
 * q * price + flat of q's tier.  Tier-mode names: exactly the two words,
 * in any ASCII case.
 */
#include <strings.h>

#include "fuzz.h"
#include "pm_tier.h"

#define MAX_TIERS 12

/* A value at a modest scale (the reference aligns scales with exact powers of ten). */
static pm_dec
fz_small_dec(fz_in *in, bool nonneg)
{
	pm_dec		d;
	uint8_t		sel = fz_u8(in);

	if (sel < 200)
	{
		d.coef = fz_u16(in) % (sel < 100 ? 100 : 100000);
		d.scale = sel % 4;
	}
	else
	{
		d.coef = fz_coef(in);
		d.scale = sel % 40;
	}
	if (nonneg && d.coef < 0)
		d.coef = d.coef == FZ_I128_MIN ? FZ_I128_MAX : -d.coef;
	return d;
}

/* Whether a and b compare without overflow in the core (both fit at the larger scale). */
static bool
cmp_fits(const rdec *a, const rdec *b)
{
	int32_t		s = a->scale > b->scale ? a->scale : b->scale;

	return rdec_fits_at(a, s) && rdec_fits_at(b, s);
}

/* The graduated total by its definition, and whether an intermediate is wide. */
static rdec
ref_graduated(const rdec *q, const rdec *t, const rdec *p, size_t n, bool *wide)
{
	rdec		sum = {{false, {{0}}}, 0};

	*wide = false;
	for (size_t i = 0; i < n; i++)
	{
		bool		full = false;
		rdec		width,
					term;
		const rdec *upper = q;

		if (i > 0)
		{
			*wide |= !cmp_fits(&t[i], q);
			if (rdec_cmp(&t[i], q) >= 0)
				break;
		}
		if (i + 1 < n)
		{
			*wide |= !cmp_fits(&t[i + 1], q);
			full = rdec_cmp(&t[i + 1], q) <= 0;
		}
		if (full)
			upper = &t[i + 1];
		*wide |= !cmp_fits(upper, &t[i]);
		width = rdec_sub(upper, &t[i]);
		*wide |= !sbn_fits_i128(&width.v);
		term = rdec_mul(&width, &p[i]);
		*wide |= !sbn_fits_i128(&term.v) || term.scale > PM_MAX_SCALE;
		if (i == 0)
			sum = term;
		else
		{
			*wide |= !cmp_fits(&sum, &term);
			sum = rdec_add(&sum, &term);
			*wide |= !sbn_fits_i128(&sum.v);
		}
	}
	return sum;
}

static int
fuzz_thresholds(fz_in *inp)
{
	fz_in		in = *inp;
	size_t		n = (size_t) fz_range(&in, 0, MAX_TIERS),
				bad = 99,
				want_bad = 0,
				tier = 99;
	pm_dec		t[MAX_TIERS],
				p[MAX_TIERS],
				q[2],
				out[2];
	rdec		rt[MAX_TIERS],
				rp[MAX_TIERS],
				rq[2],
				want[2];
	pm_status	st,
				want_st = PM_OK,
				gst[2];
	bool		cmp_wide = false,
				nonneg = true,
				wide[2];
	uint8_t		shape = fz_u8(&in);

	/* thresholds: 0 then ascending steps, unless the shape byte breaks the table */
	for (size_t i = 0; i < n; i++)
	{
		t[i] = fz_small_dec(&in, true);
		if (i == 0 && (shape & 7) != 0)
			t[i].coef = 0;
		else if (i > 0 && (shape & 0x18) != 0)
		{
			/* t[i-1] + a positive step, computed at the larger scale */
			rdec		prev = rdec_of(&t[i - 1]),
						step = rdec_of(&t[i]),
						sum;

			if (bn_is_zero(&step.v.m))
				step.v = sbn_i128(1);
			sum = rdec_add(&prev, &step);
			if (sbn_fits_i128(&sum.v))
			{
				t[i].coef = sbn_to_i128(&sum.v);
				t[i].scale = sum.scale;
			}
		}
		p[i] = fz_small_dec(&in, (shape & 0x60) != 0);
		rt[i] = rdec_of(&t[i]);
		rp[i] = rdec_of(&p[i]);
		nonneg &= p[i].coef >= 0;
	}

	/* pm_tier_check against a scan */
	st = pm_tier_check(t, n, &bad);
	if (n == 0 || t[0].coef != 0)
		want_st = PM_INVALID;
	else
		for (size_t i = 1; i < n; i++)
		{
			cmp_wide |= !cmp_fits(&rt[i - 1], &rt[i]);
			if (rdec_cmp(&rt[i - 1], &rt[i]) >= 0)
			{
				want_st = PM_INVALID;
				want_bad = i;
				break;
			}
		}
	if (st == PM_OVERFLOW)
	{
		FZ_CHECK(cmp_wide, "tier_check overflows on a table of %zu that compares in 128 bits", n);
		return 0;
	}
	FZ_CHECK(st == want_st && (st != PM_INVALID || bad == want_bad),
			 "tier_check of %zu thresholds gives %s at %zu, want %s at %zu", n, fz_status_name(st),
			 bad, fz_status_name(want_st), want_bad);
	if (st != PM_OK)
		return 0;

	/* two quantities: any, or a threshold and its neighbours */
	for (int j = 0; j < 2; j++)
	{
		uint8_t		sel = fz_u8(&in);

		q[j] = fz_small_dec(&in, true);
		if ((sel & 3) == 0)
		{
			q[j] = t[sel % n];
			if (sel & 4)
			{
				pm_dec		eps = {1, q[j].scale + (sel >> 6)};
				rdec		rq0 = rdec_of(&q[j]),
							re = rdec_of(&eps),
							r = (sel & 8) || q[j].coef == 0 ? rdec_add(&rq0, &re) : rdec_sub(&rq0, &re);

				if (sbn_fits_i128(&r.v))
				{
					q[j].coef = sbn_to_i128(&r.v);
					q[j].scale = r.scale;
				}
			}
		}
		rq[j] = rdec_of(&q[j]);

		/* pm_tier_find: the last tier whose threshold is <= q */
		{
			size_t		want_tier = 0;
			bool		find_wide = false;

			for (size_t i = 0; i < n; i++)
			{
				find_wide |= !cmp_fits(&rt[i], &rq[j]);
				if (rdec_cmp(&rt[i], &rq[j]) <= 0)
					want_tier = i;
			}
			st = pm_tier_find(&q[j], t, n, &tier);
			if (st == PM_OVERFLOW)
				FZ_CHECK(find_wide, "tier_find(%s) overflows", fz_dec_str(&q[j]));
			else
				FZ_CHECK(st == PM_OK && tier == want_tier, "tier_find(%s) gives %s %zu, want %zu",
						 fz_dec_str(&q[j]), fz_status_name(st), tier, want_tier);
		}

		/* pm_tier_graduated against its definition */
		want[j] = ref_graduated(&rq[j], rt, rp, n, &wide[j]);
		gst[j] = pm_tier_graduated(&q[j], t, p, n, &out[j]);
		if (gst[j] == PM_OK)
			FZ_CHECK(rdec_is(&want[j], &out[j]), "graduated total of %s over %zu tiers is %s",
					 fz_dec_str(&q[j]), n, fz_dec_str(&out[j]));
		else
			FZ_CHECK(gst[j] == PM_OVERFLOW && wide[j], "graduated total of %s over %zu tiers gives %s",
					 fz_dec_str(&q[j]), n, fz_status_name(gst[j]));
	}

	if (gst[0] == PM_OK && gst[1] == PM_OK)
	{
		rdec		g0 = rdec_of(&out[0]),
					g1 = rdec_of(&out[1]),
					dq = rdec_sub(&rq[1], &rq[0]),
					dg = rdec_sub(&g1, &g0),
					maxp = {{false, {{0}}}, 0},
					bound;
		int			cq = rdec_cmp(&rq[0], &rq[1]);

		/* monotone for nonnegative prices */
		if (nonneg)
			FZ_CHECK(cq == 0 ? rdec_cmp(&g0, &g1) == 0 : rdec_cmp(&g0, &g1) * cq >= 0,
					 "graduated totals are not monotone: q %s -> %s, q %s -> %s",
					 fz_dec_str(&q[0]), fz_dec_str(&out[0]), fz_dec_str(&q[1]), fz_dec_str(&out[1]));

		/* |G(q1) - G(q0)| <= |q1 - q0| * max |p|: no jump at a threshold */
		for (size_t i = 0; i < n; i++)
		{
			rdec		ap = rp[i];

			ap.v.neg = false;
			if (rdec_cmp(&ap, &maxp) > 0)
				maxp = ap;
		}
		dq.v.neg = false;
		dg.v.neg = false;
		bound = rdec_mul(&dq, &maxp);
		FZ_CHECK(rdec_cmp(&dg, &bound) <= 0,
				 "graduated total jumps: q %s -> %s, q %s -> %s", fz_dec_str(&q[0]),
				 fz_dec_str(&out[0]), fz_dec_str(&q[1]), fz_dec_str(&out[1]));
	}
	return 0;
}

/* ---- billing tables ---- */

/* The bill total by its definition, over every tier; *wide when an intermediate is. */
static rdec
ref_bill(const rdec *q, const rdec *u, const rdec *p, const rdec *f, size_t n, size_t nb,
		 bool graduated, size_t k, bool *wide)
{
	rdec		sum = {{false, {{0}}}, 0};
	bool		first = true;

	*wide = false;
	for (size_t i = 0; i < n; i++)
	{
		const rdec *upper = q;
		rdec		width,
					term;

		if (graduated ? (i > 0 && !(rdec_cmp(q, &u[i - 1]) > 0)) : i != k)
			continue;			/* not reached, or not q's tier */
		if (i > 0)
			*wide |= !cmp_fits(q, &u[i - 1]);
		if (graduated && i < nb)
		{
			*wide |= !cmp_fits(&u[i], q);
			if (rdec_cmp(&u[i], q) <= 0)
				upper = &u[i];
		}
		width = *upper;
		if (graduated && i > 0)
		{
			*wide |= !cmp_fits(upper, &u[i - 1]);
			width = rdec_sub(upper, &u[i - 1]);
			*wide |= !sbn_fits_i128(&width.v);
		}
		term = rdec_mul(&width, &p[i]);
		*wide |= !sbn_fits_i128(&term.v) || term.scale > PM_MAX_SCALE;
		if (f != NULL)
		{
			*wide |= !cmp_fits(&term, &f[i]);
			term = rdec_add(&term, &f[i]);
			*wide |= !sbn_fits_i128(&term.v);
		}
		if (first)
			sum = term;
		else
		{
			*wide |= !cmp_fits(&sum, &term);
			sum = rdec_add(&sum, &term);
			*wide |= !sbn_fits_i128(&sum.v);
		}
		first = false;
	}
	return sum;
}

static void
fuzz_bill(fz_in *in)
{
	size_t		n = (size_t) fz_range(in, 0, MAX_TIERS),
				nb,
				bad = 99,
				want_bad = 0;
	uint8_t		shape = fz_u8(in);
	bool		open = (shape & 1) != 0,
				flats = (shape & 2) != 0,
				cmp_wide = false;
	pm_dec		u[MAX_TIERS],
				p[MAX_TIERS],
				f[MAX_TIERS],
				q[2],
				out[2][2];
	rdec		ru[MAX_TIERS],
				rp[MAX_TIERS],
				rf[MAX_TIERS],
				rq[2];
	pm_status	st,
				want_st = PM_OK,
				tst[2][2];
	pm_bill_table b = {u, p, flats ? f : NULL, n, open};

	nb = open && n > 0 ? n - 1 : n;
	/* bounds: positive ascending steps, unless the shape byte breaks them */
	for (size_t i = 0; i < n; i++)
	{
		u[i] = fz_small_dec(in, (shape & 0x0C) != 0);
		if ((shape & 0x30) != 0 && u[i].coef == 0)
			u[i].coef = 1;
		if (i > 0 && (shape & 0xC0) != 0)
		{
			rdec		prev = rdec_of(&u[i - 1]),
						step = rdec_of(&u[i]),
						sum;

			step.v.neg = false;
			if (bn_is_zero(&step.v.m))
				step.v = sbn_i128(1);
			sum = rdec_add(&prev, &step);
			if (sbn_fits_i128(&sum.v))
			{
				u[i].coef = sbn_to_i128(&sum.v);
				u[i].scale = sum.scale;
			}
		}
		p[i] = fz_small_dec(in, true);
		f[i] = fz_small_dec(in, true);
		ru[i] = rdec_of(&u[i]);
		rp[i] = rdec_of(&p[i]);
		rf[i] = rdec_of(&f[i]);
	}

	/* pm_bill_check against a scan (an open table's last bound is never read) */
	if (n == 0 || (nb > 0 && u[0].coef <= 0))
		want_st = PM_INVALID;
	else
		for (size_t i = 1; i < nb; i++)
		{
			cmp_wide |= !cmp_fits(&ru[i - 1], &ru[i]);
			if (rdec_cmp(&ru[i - 1], &ru[i]) >= 0)
			{
				want_st = PM_INVALID;
				want_bad = i;
				break;
			}
		}
	st = pm_bill_check(&b, &bad);
	if (st == PM_OVERFLOW)
	{
		FZ_CHECK(cmp_wide, "bill_check overflows on a table of %zu that compares in 128 bits", n);
		return;
	}
	FZ_CHECK(st == want_st && (st != PM_INVALID || bad == want_bad),
			 "bill_check of %zu bounds gives %s at %zu, want %s at %zu", n, fz_status_name(st),
			 bad, fz_status_name(want_st), want_bad);
	if (st != PM_OK)
		return;

	for (int j = 0; j < 2; j++)
	{
		uint8_t		sel = fz_u8(in);
		size_t		want_tier = 0,
					tier = 99;
		bool		find_wide = false,
					beyond = true;

		q[j] = fz_small_dec(in, true);
		if ((sel & 3) == 0 && nb > 0)
		{
			/* a bound (perhaps with more decimals), or one unit of a finer place either side of it */
			q[j] = u[sel % nb];
			if ((sel & 0x0C) == 0x08)
			{
				/* the bound written with more decimals */
				pm_dec		r;

				if (pm_dec_rescale_up(&q[j], q[j].scale + 1 + (sel >> 6), &r) == PM_OK)
					q[j] = r;
			}
			else if (sel & 4)
			{
				pm_dec		eps = {1, q[j].scale + (sel >> 6)};
				rdec		rq0 = rdec_of(&q[j]),
							re = rdec_of(&eps),
							r = (sel & 8) ? rdec_add(&rq0, &re) : rdec_sub(&rq0, &re);

				if (sbn_fits_i128(&r.v))
				{
					q[j].coef = sbn_to_i128(&r.v);
					q[j].scale = r.scale;
				}
			}
		}
		rq[j] = rdec_of(&q[j]);

		/* pm_bill_find: the first bound q does not exceed, or the open tier */
		for (size_t i = 0; i < nb; i++)
			find_wide |= !cmp_fits(&ru[i], &rq[j]);	/* a bisection may compare any */
		for (size_t i = 0; i < nb && beyond; i++)
		{
			if (rdec_cmp(&rq[j], &ru[i]) <= 0)
			{
				want_tier = i;
				beyond = false;
			}
		}
		if (beyond && open)
		{
			want_tier = n - 1;
			beyond = false;
		}
		st = pm_bill_find(&q[j], &b, &tier);
		if (st == PM_OVERFLOW)
		{
			FZ_CHECK(find_wide, "bill_find(%s) overflows", fz_dec_str(&q[j]));
			tst[j][0] = tst[j][1] = PM_OVERFLOW;
			continue;
		}
		FZ_CHECK(beyond ? st == PM_INVALID : st == PM_OK && tier == want_tier,
				 "bill_find(%s) gives %s %zu, want %s %zu", fz_dec_str(&q[j]), fz_status_name(st),
				 tier, beyond ? "INVALID" : "OK", want_tier);

		/* both totals against their definition */
		for (int g = 0; g < 2; g++)
		{
			bool		wide;
			rdec		want = ref_bill(&rq[j], ru, rp, flats ? rf : NULL, n, nb, g == 1,
										want_tier, &wide);

			tst[j][g] = pm_bill_total(&q[j], &b, g == 1, &out[j][g]);
			if (beyond)
				FZ_CHECK(tst[j][g] == PM_INVALID, "bill total beyond the table gives %s",
						 fz_status_name(tst[j][g]));
			else if (tst[j][g] == PM_OK)
				FZ_CHECK(rdec_is(&want, &out[j][g]), "%s bill total of %s over %zu tiers is %s",
						 g ? "graduated" : "volume", fz_dec_str(&q[j]), n, fz_dec_str(&out[j][g]));
			else
				FZ_CHECK(tst[j][g] == PM_OVERFLOW && (wide || find_wide),
						 "%s bill total of %s over %zu tiers gives %s", g ? "graduated" : "volume",
						 fz_dec_str(&q[j]), n, fz_status_name(tst[j][g]));
		}
	}

	/* graduated totals never fall as the quantity grows (amounts are >= 0) */
	if (tst[0][1] == PM_OK && tst[1][1] == PM_OK)
	{
		rdec		g0 = rdec_of(&out[0][1]),
					g1 = rdec_of(&out[1][1]);
		int			cq = rdec_cmp(&rq[0], &rq[1]);

		FZ_CHECK(cq == 0 ? rdec_cmp(&g0, &g1) == 0 : rdec_cmp(&g0, &g1) * cq >= 0,
				 "graduated bill totals are not monotone: q %s -> %s, q %s -> %s",
				 fz_dec_str(&q[0]), fz_dec_str(&out[0][1]), fz_dec_str(&q[1]), fz_dec_str(&out[1][1]));
	}
}

/* ---- tier-mode names ---- */

/*
 * pm_tier_mode_parse accepts exactly "volume" and "graduated" in any ASCII
 * case (against strncasecmp over the two names) and reads no byte past len.
 */
static void
fuzz_mode(fz_in *in)
{
	static const char *const names[] = {"volume", "graduated"};
	char	   *name;
	size_t		len = (size_t) fz_range(in, 0, 11);
	pm_tier_mode m = PM_TIER_VOLUME;
	bool		ok;
	int			want = -1;

	/* exactly len bytes on the heap, so ASan catches a read past them */
	name = malloc(len > 0 ? len : 1);
	for (size_t i = 0; i < len; i++)
		name[i] = "volumegradtVOLUMEGRADT\xc9"[fz_u8(in) % 23];
	/* often a real name with its case changed */
	if (fz_u8(in) & 1)
	{
		const char *real = names[fz_u8(in) & 1];

		free(name);
		len = strlen(real);
		name = malloc(len);
		for (size_t i = 0; i < len; i++)
			name[i] = (fz_u8(in) & 1) ? (char) (real[i] - 'a' + 'A') : real[i];
	}
	for (int k = 0; k < 2; k++)
		if (strlen(names[k]) == len && strncasecmp(name, names[k], len) == 0)
			want = k;
	ok = pm_tier_mode_parse(name, len, &m);
	FZ_CHECK(ok == (want >= 0) && (!ok || (int) m == want), "\"%.*s\" parsed as tier mode %d (%d), want %d",
			 (int) len, name, ok ? (int) m : -1, ok, want);
	free(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size},
				bill_in = {data, size},
				mode_in = {data, size};

	fuzz_bill(&bill_in);
	fuzz_mode(&mode_in);
	return fuzz_thresholds(&in);
}
