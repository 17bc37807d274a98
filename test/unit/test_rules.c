/*
 * test_rules.c: unit tests of the core's pricing rules: largest-remainder
 * allocation (with a randomised property test) and tiered pricing (tables
 * and mode names).
 * Built with AddressSanitizer and UndefinedBehaviorSanitizer by `make unit`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_test.h"

#include "pm_alloc.h"
#include "pm_decimal.h"
#include "pm_tier.h"

/* Text of n decimals as "{a,b,...}" or "ERR<status>". */
static const char *
LIST(const pm_dec *v, size_t n, pm_status st)
{
	static char bufs[4][4096];
	static int	next;
	char	   *b = bufs[next++ % 4];
	size_t		len = 0;

	if (st != PM_OK)
		return ERR(st);
	b[len++] = '{';
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0)
			b[len++] = ',';
		len += pm_dec_to_string(&v[i], b + len, 4096 - len);
	}
	b[len++] = '}';
	b[len] = '\0';
	return b;
}

/* The decimals of "a,b,..." into out; their count. */
static size_t
parse_list(const char *s, pm_dec *out)
{
	char		buf[1024],
			   *tok,
			   *save = NULL;
	size_t		n = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		out[n++] = D(tok);
	return n;
}

/* allocate(total, "w1,w2,...", places) as text */
static const char *
ALLOC(const char *total, const char *weights, int places)
{
	pm_dec		t = D(total),
				w[64],
				shares[64];
	pm_alloc_slot slots[64];
	size_t		n = parse_list(weights, w),
				bad = 0;

	return LIST(shares, n, pm_alloc(&t, w, n, places, shares, slots, &bad, NULL, NULL));
}

static void
test_alloc_classic(void)
{
	CHECK_STR(ALLOC("0.05", "30,70", 2), "{0.02,0.03}");
	CHECK_STR(ALLOC("100.00", "1,1,1", 2), "{33.34,33.33,33.33}");
	CHECK_STR(ALLOC("0.01", "1,1,1,1,1,1,1,1,1,1", 2),
			  "{0.01,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00}");
	CHECK_STR(ALLOC("-100", "1,1,1", 2), "{-33.34,-33.33,-33.33}");
	CHECK_STR(ALLOC("10", "0,1,0,3", 0), "{0,3,0,7}");
	CHECK_STR(ALLOC("10.000", "1,2", 2), "{3.33,6.67}");
	CHECK_STR(ALLOC("0", "1,2", 3), "{0.000,0.000}");
	CHECK_STR(ALLOC("1", "0.5,0.25,0.25", 4), "{0.5000,0.2500,0.2500}");
	CHECK_STR(ALLOC("2", "1,1,1", 0), "{1,1,0}");
	/* equal remainders go to the lowest index, larger ones first */
	CHECK_STR(ALLOC("1.00", "1,2,1,2", 2), "{0.17,0.33,0.17,0.33}");
	CHECK_STR(ALLOC("0.02", "1,1,1", 2), "{0.01,0.01,0.00}");
	/* negative places: shares are multiples of 10^-places */
	CHECK_STR(ALLOC("1000", "1,1,1", -2), "{400,300,300}");
	CHECK_STR(ALLOC("1000", "1,1,1", -1), "{340,330,330}");
	/* contracts */
	CHECK_STR(ALLOC("0.005", "1,1", 2), "ERR3");	/* PM_INEXACT */
	CHECK_STR(ALLOC("1050", "1", -2), "ERR3");
	CHECK_STR(ALLOC("1", "1,-1", 2), "ERR4");	/* PM_INVALID */
	CHECK_STR(ALLOC("1", "0,0", 2), "ERR2");	/* PM_DIV_ZERO */
	CHECK_STR(ALLOC("1", "0.000", 2), "ERR2");
	/* too wide for 128 bits */
	CHECK_STR(ALLOC("99999999999999999999999999999999999", "99999999999,1", 2), "ERR1");
	CHECK_STR(ALLOC("1", "1", 40), "ERR1");
	{
		pm_dec		t = D("1"),
					w[3] = {D("1"), D("-2"), D("-3")},
					s[3];
		pm_alloc_slot sl[3];
		size_t		bad = 99;

		CHECK(pm_alloc(&t, w, 3, 2, s, sl, &bad, NULL, NULL) == PM_INVALID && bad == 1);
		CHECK(pm_alloc(&t, w, 0, 2, s, sl, &bad, NULL, NULL) == PM_DIV_ZERO);
	}
	/* in place: shares over the weights */
	{
		pm_dec		t = D("100.00"),
					w[3] = {D("1"), D("1"), D("1")};
		pm_alloc_slot sl[3];
		size_t		bad;

		CHECK_STR(LIST(w, 3, pm_alloc(&t, w, 3, 2, w, sl, &bad, NULL, NULL)), "{33.34,33.33,33.33}");
	}
}

/*
 * The property test: random totals (some negative, some zero, some smaller
 * than the number of parts), weights with zeros and mixed scales, places
 * 0..4.  Checks against exact integer arithmetic: the sum, the one-unit
 * bound, the largest-remainder rule with ties to the lowest index,
 * symmetry and determinism.
 */
static void
test_alloc_property(void)
{
	enum
	{
		CASES = 20000, MAXN = 16
	};
	int			bad_sum = 0,
				bad_bound = 0,
				bad_rule = 0,
				bad_sym = 0,
				bad_det = 0,
				bad_status = 0,
				zero_sum_cases = 0;

	for (int c = 0; c < CASES; c++)
	{
		int			places = (int) rng_range(0, 4);
		size_t		n = (size_t) rng_range(1, MAXN),
					bad;
		pm_dec		w[MAXN],
					s1[MAXN],
					s2[MAXN],
					s3[MAXN],
					total,
					negtotal;
		pm_alloc_slot sl[MAXN];
		pm_i128		wi[MAXN],
					wsum = 0,
					t,
					got = 0;
		int32_t		wscale = 0;
		pm_status	st;
		int64_t		k = rng_range(0, 9);

		/* total: mostly prices, sometimes tiny (fewer units than parts) */
		total.scale = (int32_t) rng_range(0, places);
		total.coef = k < 2 ? rng_range(0, 20) : k < 8 ? rng_range(0, 10000000) :
			(pm_i128) rng_range(0, 1000000000000) * 1000;
		if (rng() & 1)
			total.coef = -total.coef;
		for (size_t i = 0; i < n; i++)
		{
			w[i].scale = (int32_t) rng_range(0, 4);
			w[i].coef = rng_range(0, 9) < 3 ? 0 : rng_range(1, rng() & 1 ? 100 : 1000000000);
			if (w[i].scale > wscale)
				wscale = w[i].scale;
		}
		for (size_t i = 0; i < n; i++)
		{
			wi[i] = w[i].coef * pm_pow10[wscale - w[i].scale];
			wsum += wi[i];
		}
		st = pm_alloc(&total, w, n, places, s1, sl, &bad, NULL, NULL);
		if (wsum == 0)
		{
			zero_sum_cases++;
			bad_status += st != PM_DIV_ZERO;
			continue;
		}
		if (st != PM_OK)
		{
			bad_status++;
			continue;
		}
		/* t: the total in units of 10^-places */
		t = total.coef * pm_pow10[places - total.scale];
		for (size_t i = 0; i < n; i++)
		{
			pm_i128		exact_num = t * wi[i],	/* share = exact_num / wsum */
						diff;

			if (s1[i].scale != places)
				bad_status++;
			got += s1[i].coef;
			/* |share * wsum - t * w| < wsum: less than one unit off */
			diff = s1[i].coef * wsum - exact_num;
			if (diff <= -wsum || diff >= wsum)
				bad_bound++;
			/* rounded toward zero, then at most one unit added, away from zero */
			if (wi[i] == 0 && s1[i].coef != 0)
				bad_bound++;
		}
		if (got != t)
			bad_sum++;
		/* largest remainders first, ties to the lowest index */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
			{
				pm_i128		at = t < 0 ? -t : t,
							qi = at * wi[i] / wsum,
							qj = at * wi[j] / wsum,
							ri = at * wi[i] % wsum,
							rj = at * wi[j] % wsum;
				pm_i128		ui = (s1[i].coef < 0 ? -s1[i].coef : s1[i].coef) - qi,
							uj = (s1[j].coef < 0 ? -s1[j].coef : s1[j].coef) - qj;

				if (ui < 0 || ui > 1)
					bad_rule++;
				if (ui == 1 && uj == 0 && (ri < rj || (ri == rj && i > j)))
					bad_rule++;
			}
		/* symmetry and determinism */
		negtotal = total;
		negtotal.coef = -total.coef;
		if (pm_alloc(&negtotal, w, n, places, s2, sl, &bad, NULL, NULL) != PM_OK ||
			pm_alloc(&total, w, n, places, s3, sl, &bad, NULL, NULL) != PM_OK)
		{
			bad_status++;
			continue;
		}
		for (size_t i = 0; i < n; i++)
		{
			bad_sym += s2[i].coef != -s1[i].coef || s2[i].scale != s1[i].scale;
			bad_det += s3[i].coef != s1[i].coef || s3[i].scale != s1[i].scale;
		}
	}
	if (bad_sum + bad_bound + bad_rule + bad_sym + bad_det + bad_status)
		fprintf(stderr, "  sum %d, bound %d, rule %d, symmetry %d, determinism %d, status %d\n",
				bad_sum, bad_bound, bad_rule, bad_sym, bad_det, bad_status);
	CHECK(bad_sum == 0);
	CHECK(bad_bound == 0);
	CHECK(bad_rule == 0);
	CHECK(bad_sym == 0);
	CHECK(bad_det == 0);
	CHECK(bad_status == 0);
	CHECK(zero_sum_cases > 0 && zero_sum_cases < CASES / 10);
}

/* Tier helpers: tables are "t1,t2,..." and "p1,p2,...", parsed by parse_list. */
static const char *
GRAD(const char *q, const char *ts, const char *ps)
{
	pm_dec		t[32],
				p[32],
				qd = D(q),
				r;
	size_t		n = parse_list(ts, t);

	parse_list(ps, p);
	return LIST(&r, 1, pm_tier_graduated(&qd, t, p, n, &r)) + 0;
}

static int
FIND(const char *q, const char *ts)
{
	pm_dec		t[32],
				qd = D(q);
	size_t		n = parse_list(ts, t),
				tier = 999;

	if (pm_tier_find(&qd, t, n, &tier) != PM_OK)
		return -1;
	return (int) tier;
}

static int
TCHECK(const char *ts)
{
	pm_dec		t[32];
	size_t		n = ts[0] ? parse_list(ts, t) : 0,
				bad = 999;
	pm_status	st = pm_tier_check(t, n, &bad);

	return st == PM_OK ? -1 : st == PM_INVALID ? (int) bad : 100 + (int) st;
}

/*
 * Billing helpers: up_to is "u1,u2,..." with a last "NULL" for an open
 * table; flats NULL for none.
 */
static size_t
parse_bill(const char *us, pm_dec *u, bool *open)
{
	size_t		len = strlen(us);

	*open = len >= 4 && strcmp(us + len - 4, "NULL") == 0;
	if (!*open)
		return us[0] ? parse_list(us, u) : 0;
	if (len == 4)
		return 1;
	{
		char		buf[1024];

		snprintf(buf, sizeof(buf), "%.*s", (int) (len - 5), us);
		return parse_list(buf, u) + 1;
	}
}

static const char *
BILL(const char *q, const char *us, const char *ps, const char *fs, bool graduated)
{
	pm_dec		u[32],
				p[32],
				f[32],
				qd = D(q),
				r;
	pm_bill_table b = {u, p, fs ? f : NULL, 0, false};

	b.n = parse_bill(us, u, &b.open);
	parse_list(ps, p);
	if (fs)
		parse_list(fs, f);
	return LIST(&r, 1, pm_bill_total(&qd, &b, graduated, &r)) + 0;
}

static int
BFIND(const char *q, const char *us)
{
	pm_dec		u[32],
				qd = D(q);
	pm_bill_table b = {u, NULL, NULL, 0, false};
	size_t		tier = 999;
	pm_status	st;

	b.n = parse_bill(us, u, &b.open);
	st = pm_bill_find(&qd, &b, &tier);
	return st == PM_OK ? (int) tier : -1 - (int) st;
}

static int
BCHECK(const char *us)
{
	pm_dec		u[32];
	pm_bill_table b = {u, NULL, NULL, 0, false};
	size_t		bad = 999;
	pm_status	st;

	b.n = parse_bill(us, u, &b.open);
	st = pm_bill_check(&b, &bad);
	return st == PM_OK ? -1 : st == PM_INVALID ? (int) bad : 100 + (int) st;
}

/* Elements for pm_top_k: a key (unique) and padding up to the largest size. */
typedef struct topk_elem
{
	int64_t		key;
	char		pad[PM_TOP_K_MAX_SIZE - sizeof(int64_t)];
} topk_elem;

/* Smaller key first; the size-8 array of bare keys uses the same order. */
static int
topk_order(const void *a, const void *b, void *arg)
{
	int64_t		x,
				y;

	(void) arg;
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return (x > y) - (x < y);
}

static int
int64_cmp(const void *a, const void *b)
{
	return topk_order(a, b, NULL);
}

static void
count_tick(void *arg)
{
	(*(int *) arg)++;
}

/*
 * pm_top_k keeps exactly the k first elements (compared with a full sort),
 * with elements of 8 and of PM_TOP_K_MAX_SIZE bytes, moving the padding
 * with its key; its ticks come every PM_TICK_STRIDE elements.
 */
static void
test_top_k(void)
{
	enum
	{
	MAXN = 600};
	static int64_t keys[MAXN],
				sorted[MAXN],
				got[MAXN];
	static topk_elem elems[MAXN];
	int			bad_set = 0,
				bad_pad = 0;

	for (int round = 0; round < 3000; round++)
	{
		size_t		n = (size_t) rng_range(0, round < 2000 ? 40 : MAXN),
					k = (size_t) rng_range(0, (int64_t) n + 1);

		/* unique keys, some far apart, some adjacent */
		for (size_t i = 0; i < n; i++)
			keys[i] = (int64_t) i * (rng() & 1 ? 1 : 1000003) - (int64_t) rng_range(0, 1) * 500;
		for (size_t i = n; i > 1; i--)
		{
			size_t		j = (size_t) rng_range(0, (int64_t) i - 1);
			int64_t		t = keys[i - 1];

			keys[i - 1] = keys[j];
			keys[j] = t;
		}
		/* the shuffle may have left duplicates from the -500: make keys unique */
		for (size_t i = 0; i < n; i++)
			keys[i] = keys[i] * (int64_t) MAXN + (int64_t) i;
		memcpy(sorted, keys, n * sizeof(int64_t));
		qsort(sorted, n, sizeof(int64_t), int64_cmp);

		memcpy(got, keys, n * sizeof(int64_t));
		pm_top_k(got, n, sizeof(int64_t), k, topk_order, NULL, NULL, NULL);
		qsort(got, k < n ? k : n, sizeof(int64_t), int64_cmp);
		bad_set += memcmp(got, sorted, (k < n ? k : n) * sizeof(int64_t)) != 0;

		for (size_t i = 0; i < n; i++)
		{
			elems[i].key = keys[i];
			memset(elems[i].pad, (int) (keys[i] & 0x7F), sizeof(elems[i].pad));
		}
		pm_top_k(elems, n, sizeof(topk_elem), k, topk_order, NULL, NULL, NULL);
		for (size_t i = 0; i < n; i++)
		{
			got[i] = elems[i].key;
			for (size_t j = 0; j < sizeof(elems[i].pad); j++)
				bad_pad += elems[i].pad[j] != (char) (elems[i].key & 0x7F);
		}
		qsort(got, k < n ? k : n, sizeof(int64_t), int64_cmp);
		bad_set += memcmp(got, sorted, (k < n ? k : n) * sizeof(int64_t)) != 0;
	}
	CHECK(bad_set == 0);
	CHECK(bad_pad == 0);

	/* ticks: at least one per PM_TICK_STRIDE elements, with a tick function only */
	{
		enum
		{
		BIG = 5 * PM_TICK_STRIDE + 7};
		static int64_t big[BIG];
		int			ticks = 0;

		for (size_t i = 0; i < BIG; i++)
			big[i] = (int64_t) ((i * 7919) % BIG);
		pm_top_k(big, BIG, sizeof(int64_t), 100, topk_order, NULL, count_tick, &ticks);
		CHECK(ticks >= BIG / PM_TICK_STRIDE);
		qsort(big, 100, sizeof(int64_t), int64_cmp);
		CHECK(big[0] == 0 && big[99] == 99);
	}
}

/*
 * allocate ticks in each of its four passes over the weights (exactly, when
 * the shares come out even) and in the selection of the largest remainders.
 */
static void
test_alloc_ticks(void)
{
	enum
	{
	N = 3 * PM_TICK_STRIDE + 11};
	static pm_dec w[N],
				shares[N];
	static pm_alloc_slot slots[N];
	pm_dec		even = {7 * (pm_i128) N, 2},	/* 0.07 each */
				odd = {N + N / 2, 2};	/* 0.01 each, N / 2 units left over */
	size_t		bad = 0;
	int			ticks = 0;
	pm_i128		sum = 0;

	for (size_t i = 0; i < N; i++)
	{
		w[i].coef = 1;
		w[i].scale = 0;
	}
	CHECK(pm_alloc(&even, w, N, 2, shares, slots, &bad, count_tick, &ticks) == PM_OK);
	CHECK(ticks == 4 * (N / PM_TICK_STRIDE));
	CHECK(shares[0].coef == 7 && shares[N - 1].coef == 7);

	ticks = 0;
	CHECK(pm_alloc(&odd, w, N, 2, shares, slots, &bad, count_tick, &ticks) == PM_OK);
	CHECK(ticks > 4 * (N / PM_TICK_STRIDE));
	for (size_t i = 0; i < N; i++)
		sum += shares[i].coef;
	/* equal remainders: the extra units go to the lowest indexes */
	CHECK(sum == odd.coef && shares[N / 2 - 1].coef == 2 && shares[N / 2].coef == 1);
}

static void
test_tier_known(void)
{
	CHECK(TCHECK("0,10,50") == -1);
	CHECK(TCHECK("0") == -1);
	CHECK(TCHECK("0.00,0.5,1") == -1);
	CHECK(TCHECK("") == 0);
	CHECK(TCHECK("1,10") == 0);
	CHECK(TCHECK("0,10,10") == 2);
	CHECK(TCHECK("0,10,5") == 2);
	CHECK(TCHECK("0,10.0,10") == 2);
	CHECK(TCHECK("0,0.000000000000000000000000000001,99999999999999999999") == 100 + PM_OVERFLOW);

	CHECK(FIND("0", "0,10,50") == 0);
	CHECK(FIND("9.99", "0,10,50") == 0);
	CHECK(FIND("10", "0,10,50") == 1);
	CHECK(FIND("49", "0,10,50") == 1);
	CHECK(FIND("50", "0,10,50") == 2);
	CHECK(FIND("1000000", "0,10,50") == 2);
	CHECK(FIND("5", "0") == 0);
	CHECK(FIND("7", "0,1,2,3,4,5,6,7,8,9") == 7);
	CHECK(FIND("7.5", "0,1,2,3,4,5,6,7,8,9") == 7);

	/* 10 units at 1.00, 40 at 0.90, the rest at 0.80 */
	CHECK_STR(GRAD("0", "0,10,50", "1.00,0.90,0.80"), "{0.00}");
	CHECK_STR(GRAD("5", "0,10,50", "1.00,0.90,0.80"), "{5.00}");
	CHECK_STR(GRAD("10", "0,10,50", "1.00,0.90,0.80"), "{10.00}");
	CHECK_STR(GRAD("11", "0,10,50", "1.00,0.90,0.80"), "{10.90}");
	CHECK_STR(GRAD("50", "0,10,50", "1.00,0.90,0.80"), "{46.00}");
	CHECK_STR(GRAD("60", "0,10,50", "1.00,0.90,0.80"), "{54.00}");
	CHECK_STR(GRAD("12.5", "0,10,50", "1.00,0.90,0.80"), "{12.250}");
	CHECK_STR(GRAD("3", "0", "2.5"), "{7.5}");
	CHECK_STR(GRAD("1", "0,99999999999999999999", "0.00000000000000000001,1"), "{0.00000000000000000001}");
	CHECK_STR(GRAD("10000", "0", "99999999999999999999999999999999999"), "ERR1");
}

/*
 * Graduated totals against unit-by-unit pricing: with whole thresholds and
 * quantities, unit u (the quantity range [u, u+1)) costs the price of the
 * tier holding u.
 */
static void
test_tier_graduated_units(void)
{
	int			bad = 0;

	for (int c = 0; c < 3000; c++)
	{
		size_t		n = (size_t) rng_range(1, 8);
		pm_dec		t[8],
					p[8],
					qd,
					r;
		int64_t		th[8],
					pc[8],
					q = rng_range(0, 300),
					want = 0;

		th[0] = 0;
		for (size_t i = 1; i < n; i++)
			th[i] = th[i - 1] + rng_range(1, 60);
		for (size_t i = 0; i < n; i++)
		{
			pc[i] = rng_range(0, 100000);
			t[i].coef = th[i];
			t[i].scale = 0;
			p[i].coef = pc[i];
			p[i].scale = 2;
		}
		for (int64_t u = 0; u < q; u++)
		{
			size_t		k = 0;

			while (k + 1 < n && th[k + 1] <= u)
				k++;
			want += pc[k];
		}
		qd.coef = q;
		qd.scale = 0;
		if (pm_tier_graduated(&qd, t, p, n, &r) != PM_OK || r.coef != want || r.scale != 2)
			bad++;
		/* volume: the tier holding q */
		{
			size_t		k = 0,
						tier;

			while (k + 1 < n && th[k + 1] <= q)
				k++;
			if (pm_tier_find(&qd, t, n, &tier) != PM_OK || tier != k)
				bad++;
		}
	}
	CHECK(bad == 0);
}

/* Tier-mode names: the two words in any ASCII case, nothing longer, shorter or else. */
static void
test_tier_mode_parse(void)
{
	pm_tier_mode m = PM_TIER_GRADUATED;

	CHECK(pm_tier_mode_parse("volume", 6, &m) && m == PM_TIER_VOLUME);
	CHECK(pm_tier_mode_parse("graduated", 9, &m) && m == PM_TIER_GRADUATED);
	CHECK(pm_tier_mode_parse("VOLUME", 6, &m) && m == PM_TIER_VOLUME);
	CHECK(pm_tier_mode_parse("Graduated", 9, &m) && m == PM_TIER_GRADUATED);
	CHECK(pm_tier_mode_parse("volume and more", 6, &m) && m == PM_TIER_VOLUME);
	m = PM_TIER_VOLUME;
	CHECK(!pm_tier_mode_parse("graduate", 8, &m) && m == PM_TIER_VOLUME);
	CHECK(!pm_tier_mode_parse("volumes", 7, &m));
	CHECK(!pm_tier_mode_parse("volume", 5, &m));
	CHECK(!pm_tier_mode_parse("", 0, &m));
	CHECK(!pm_tier_mode_parse("tiered", 6, &m));
	CHECK(!pm_tier_mode_parse("v\xd3lume", 6, &m));
	CHECK_STR(PM_TIER_MODE_LIST, "volume, graduated");
}

/* Billing tables: Stripe's documented examples, boundaries, flat amounts. */
static void
test_bill_known(void)
{
	CHECK(BCHECK("5,10,NULL") == -1);
	CHECK(BCHECK("NULL") == -1);
	CHECK(BCHECK("10,100") == -1);
	CHECK(BCHECK("0.5,1.25,NULL") == -1);
	CHECK(BCHECK("") == 0);
	CHECK(BCHECK("0,10,NULL") == 0);
	CHECK(BCHECK("-1,NULL") == 0);
	CHECK(BCHECK("10,10.0,NULL") == 1);
	CHECK(BCHECK("10,50,20") == 2);
	CHECK(BCHECK("0.000000000000000000000000000001,99999999999999999999,NULL") == 100 + PM_OVERFLOW);

	/* inclusive bounds: 5 is the first tier's, 5.0001 the second's */
	CHECK(BFIND("0", "5,10,NULL") == 0);
	CHECK(BFIND("5", "5,10,NULL") == 0);
	CHECK(BFIND("5.000", "5,10,NULL") == 0);
	CHECK(BFIND("5.0001", "5,10,NULL") == 1);
	CHECK(BFIND("10", "5,10,NULL") == 1);
	CHECK(BFIND("11", "5,10,NULL") == 2);
	CHECK(BFIND("1000000", "5,10,NULL") == 2);
	CHECK(BFIND("3", "NULL") == 0);
	CHECK(BFIND("100", "10,100") == 1);
	CHECK(BFIND("100.01", "10,100") == -1 - PM_INVALID);
	CHECK(BFIND("8", "1,2,3,4,5,6,7,8,9,NULL") == 7);
	CHECK(BFIND("7.5", "1,2,3,4,5,6,7,8,9,NULL") == 7);

	/* Stripe: 1-5 at 7, 6-10 at 6.5, 11+ at 6 */
	CHECK_STR(BILL("6", "5,10,NULL", "7,6.5,6", NULL, false), "{39.0}");
	CHECK_STR(BILL("25", "5,10,NULL", "7,6.5,6", NULL, false), "{150}");
	CHECK_STR(BILL("5", "5,10,NULL", "7,6.5,6", NULL, true), "{35}");
	CHECK_STR(BILL("6", "5,10,NULL", "7,6.5,6", NULL, true), "{41.5}");
	CHECK_STR(BILL("20", "5,10,NULL", "7,6.5,6", NULL, true), "{127.5}");
	CHECK_STR(BILL("25", "5,10,NULL", "7,6.5,6", NULL, true), "{157.5}");

	/* flat amounts: graduated adds every reached tier's, volume its own */
	CHECK_STR(BILL("0", "5,10,NULL", "5.00,4.00,3.00", "10,20,30", true), "{10.00}");
	CHECK_STR(BILL("6", "5,10,NULL", "5.00,4.00,3.00", "10,20,30", true), "{59.00}");
	CHECK_STR(BILL("6", "5,10,NULL", "5.00,4.00,3.00", "10,20,30", false), "{44.00}");
	CHECK_STR(BILL("11", "5,10,NULL", "5.00,4.00,3.00", "10,20,30", true), "{108.00}");
	CHECK_STR(BILL("0", "1000,NULL", "0,0.04", "200,0", true), "{200}");
	CHECK_STR(BILL("1500", "1000,NULL", "0,0.04", "200,0", true), "{220.00}");

	/* scales: on a bound the bound's width counts; the partial tier's is q's */
	CHECK_STR(BILL("10.000", "10,NULL", "2,1", NULL, true), "{20}");
	CHECK_STR(BILL("10.000", "10,NULL", "2,1", NULL, false), "{20.000}");
	CHECK_STR(BILL("10", "10.00,NULL", "2,1", NULL, true), "{20.00}");
	CHECK_STR(BILL("250.125", "10,100,NULL", "0.10,0.08,0.05", NULL, true), "{15.70625}");
	CHECK_STR(BILL("100", "10,100", "2,1", NULL, true), "{110}");
	CHECK_STR(BILL("101", "10,100", "2,1", NULL, true), "ERR4");
	CHECK_STR(BILL("10000", "NULL", "99999999999999999999999999999999999", NULL, true), "ERR1");
	CHECK_STR(BILL("1", "NULL", "1", "170141183460469231731687303715884105727", true), "ERR1");
}

/*
 * Billing totals against unit-by-unit pricing with whole bounds: unit u
 * (1-based) costs the price of the first tier whose up_to is >= u, and
 * every tier some unit reaches (tier 0 always) adds its flat amount.
 * Graduated over up_to {u1, ..., NULL} is pm_tier_graduated over
 * thresholds {0, u1, ...}, value and scale.
 */
static void
test_bill_graduated_units(void)
{
	int			bad = 0;

	for (int c = 0; c < 3000; c++)
	{
		size_t		n = (size_t) rng_range(1, 8),
					kq = 0;
		bool		open = rng_range(0, 3) != 0;
		pm_dec		u[8],
					t[8],
					p[8],
					f[8],
					qd,
					r,
					r2;
		int64_t		ub[8],
					pc[8],
					fc[8],
					q,
					want = 0,
					reached = 0;
		pm_bill_table b = {u, p, f, n, open};

		for (size_t i = 0; i < n; i++)
		{
			ub[i] = (i == 0 ? 0 : ub[i - 1]) + rng_range(1, 60);
			pc[i] = rng_range(0, 100000);
			fc[i] = rng_range(0, 3) == 0 ? 0 : rng_range(0, 5000);
			u[i].coef = ub[i];
			u[i].scale = 0;
			t[i].coef = i == 0 ? 0 : ub[i - 1];
			t[i].scale = 0;
			p[i].coef = pc[i];
			p[i].scale = 2;
			f[i].coef = fc[i];
			f[i].scale = 2;
		}
		q = rng_range(0, open || n == 1 ? 300 : ub[n - 1]);
		if (!open && q > ub[n - 1])
			q = ub[n - 1];
		for (int64_t v = 1; v <= q; v++)
		{
			size_t		k = 0;

			while (k + 1 < n && ub[k] < v)
				k++;
			want += pc[k];
			reached = (int64_t) k;
		}
		for (int64_t i = 0; i <= reached; i++)
			want += fc[i];
		while (kq + 1 < n && ub[kq] < q)
			kq++;
		qd.coef = q;
		qd.scale = 0;
		if (pm_bill_total(&qd, &b, true, &r) != PM_OK || r.coef != want || r.scale != 2)
			bad++;
		if (pm_bill_total(&qd, &b, false, &r) != PM_OK || r.coef != q * pc[kq] + fc[kq] || r.scale != 2)
			bad++;
		b.flat = NULL;
		if (open && (pm_bill_total(&qd, &b, true, &r) != PM_OK ||
					 pm_tier_graduated(&qd, t, p, n, &r2) != PM_OK ||
					 r.coef != r2.coef || r.scale != r2.scale))
			bad++;
	}
	CHECK(bad == 0);
}


static const pm_unit_test tests[] = {
	T(test_alloc_classic),
	T(test_alloc_property),
	T(test_top_k),
	T(test_alloc_ticks),
	T(test_tier_known),
	T(test_tier_graduated_units),
	T(test_tier_mode_parse),
	T(test_bill_known),
	T(test_bill_graduated_units),
};

PM_SUITE(pm_rules_suite, tests);
