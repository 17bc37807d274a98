/*
 * fuzz_alloc.c: largest-remainder allocation and the partial sort under it.
 * pm_alloc gives the documented error statuses in their order, or shares
 * that sum exactly to the total, each within one unit of its exact
 * proportional value, equal to a bignum reference of the largest-remainder
 * rule (ties to the lowest index), zero for zero weights, symmetric in the
 * total's sign, the same when shares overwrite the weights; PM_OVERFLOW only
 * when an intermediate is beyond 128 bits.  pm_top_k keeps the elements and
 * selects the same set as qsort.
 */
#include "fuzz.h"
#include "pm_alloc.h"

#define MAX_N 300

static void
count_tick(void *arg)
{
	(*(int *) arg)++;
}

/* A weight: often zero or a small whole number, sometimes wide, rarely negative. */
static pm_dec
fz_weight(fz_in *in, bool allow_negative)
{
	uint8_t		sel = fz_u8(in);
	pm_dec		w = {0, 0};

	if (sel < 64)
		w.scale = sel % 3;
	else if (sel < 160)
		w.coef = 1 + fz_u8(in) % 10;
	else if (sel < 240)
	{
		w.coef = fz_u16(in);
		w.scale = fz_u8(in) % 5;
	}
	else
	{
		w = fz_dec(in);
		if (w.coef < 0 && !allow_negative)
			w.coef = w.coef == FZ_I128_MIN ? FZ_I128_MAX : -w.coef;
	}
	return w;
}

typedef struct ref_alloc
{
	pm_status	st;
	size_t		bad;
	bool		wide;			/* some intermediate is beyond 128 bits */
	bool		huge;			/* beyond what the reference computes (then wide too) */
	sbn			units;			/* the total in units of 10^-places */
	bn			W[MAX_N];		/* weights at the common scale */
	bn			wsum;
	sbn			share[MAX_N];	/* shares in units */
} ref_alloc;

static ref_alloc ref;

typedef struct rem_slot
{
	bn			r;
	size_t		i;
} rem_slot;

/* Larger remainder first, then lower index. */
static int
rem_order(const void *a, const void *b)
{
	const rem_slot *x = a,
			   *y = b;
	int			c = bn_cmp(&y->r, &x->r);

	if (c != 0)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

static void
ref_allocate(const pm_dec *total, const pm_dec *w, size_t n, int32_t places)
{
	int64_t		k = (int64_t) total->scale - places;
	int32_t		wscale = 0;
	bn			T,
				given;
	static rem_slot rems[MAX_N];
	size_t		nrem = 0;

	memset(&ref, 0, sizeof(ref));
	for (size_t i = 0; i < n; i++)
		if (w[i].coef < 0)
		{
			ref.st = PM_INVALID;
			ref.bad = i;
			return;
		}

	/* the total in units */
	if (total->coef != 0 && k > 0)
	{
		bn			p,
					q,
					r,
					m = sbn_i128(total->coef).m;

		if (k > 80)
		{
			ref.st = PM_INEXACT;	/* |coef| < 10^39 */
			return;
		}
		p = bn_pow10((int) k);
		bn_divmod(&m, &p, &q, &r);
		if (!bn_is_zero(&r))
		{
			ref.st = PM_INEXACT;
			return;
		}
		ref.units = sbn_make(total->coef < 0, &q);
	}
	else
	{
		pm_dec		t = *total;

		t.scale = 0;
		ref.units = sbn_at_scale(&t, -k < 0 ? 0 : -k, &ref.huge);
	}
	/* -2^127 units has no positive counterpart */
	ref.wide |= ref.huge || !bn_below_pow2(&ref.units.m, 127);

	for (size_t i = 0; i < n; i++)
		if (w[i].scale > wscale)
			wscale = w[i].scale;
	for (size_t i = 0; i < n; i++)
	{
		bool		h;
		sbn			v = sbn_at_scale(&w[i], wscale, &h);

		ref.huge |= h;
		ref.wide |= h || !sbn_fits_i128(&v);
		ref.W[i] = v.m;
		if (!h)
			ref.wsum = bn_add(&ref.wsum, &v.m);
	}
	ref.wide |= !bn_below_pow2(&ref.wsum, 127);
	if (bn_is_zero(&ref.wsum) && !ref.huge)
	{
		ref.st = PM_DIV_ZERO;
		return;
	}
	if (places < -PM_MAX_POW10)
		ref.wide = true;		/* the unit 10^-places is beyond 128 bits */
	if (ref.huge)
	{
		ref.st = PM_OVERFLOW;
		return;
	}

	/* shares rounded toward zero, then one unit each to the largest remainders */
	T = ref.units.m;
	memset(&given, 0, sizeof(given));
	for (size_t i = 0; i < n; i++)
	{
		bn			prod = bn_mul(&T, &ref.W[i]),
					q,
					r;

		ref.wide |= !bn_below_pow2(&prod, 127);
		bn_divmod(&prod, &ref.wsum, &q, &r);
		ref.share[i].m = q;
		given = bn_add(&given, &q);
		if (!bn_is_zero(&r))
		{
			rems[nrem].r = r;
			rems[nrem].i = i;
			nrem++;
		}
	}
	qsort(rems, nrem, sizeof(rem_slot), rem_order);
	{
		bn			left = bn_sub(&T, &given),
					one = bn_u128(1);
		size_t		nleft = (size_t) bn_to_u128(&left);

		FZ_CHECK(nleft <= nrem, "reference: %zu units left for %zu remainders", nleft, nrem);
		for (size_t j = 0; j < nleft; j++)
			ref.share[rems[j].i].m = bn_add(&ref.share[rems[j].i].m, &one);
	}
	for (size_t i = 0; i < n; i++)
	{
		ref.share[i] = sbn_make(ref.units.neg, &ref.share[i].m);
		if (places < 0 && !bn_is_zero(&ref.share[i].m))
		{
			if (-places > 60)
				ref.wide = true;
			else
			{
				sbn			v = ref.share[i];

				v.m = bn_mul_pow10(&v.m, -places);
				ref.wide |= !sbn_fits_i128(&v);
			}
		}
	}
	ref.st = PM_OK;
}

static void
check_alloc(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	size_t		n = sel < 200 ? sel % 9 : (size_t) fz_range(in, 0, MAX_N);
	pm_dec		total = fz_dec(in);
	int32_t		places = fz_u8(in) < 220 ? fz_range(in, -3, 6) : fz_range(in, -45, 45);
	bool		allow_negative = (fz_u8(in) & 15) == 0;
	pm_dec	   *w = malloc(sizeof(pm_dec) * (n ? n : 1)),
			   *shares = malloc(sizeof(pm_dec) * (n ? n : 1)),
			   *again = malloc(sizeof(pm_dec) * (n ? n : 1));
	pm_alloc_slot *slots = malloc(sizeof(pm_alloc_slot) * (n ? n : 1));
	size_t		bad = (size_t) -1;
	int			ticks = 0;
	pm_status	st;
	int32_t		oscale = places > 0 ? places : 0;

	/* totals that are whole units of 10^-places most of the time */
	if (fz_u8(in) & 3)
	{
		total.scale = places > 0 ? places - fz_range(in, 0, places) : 0;
		if (total.scale > 2 && (fz_u8(in) & 1))
			total.coef /= 100;
	}
	for (size_t i = 0; i < n; i++)
		w[i] = fz_weight(in, allow_negative);

	st = pm_alloc(&total, w, n, places, shares, slots, &bad,
				  (sel & 1) ? count_tick : NULL, &ticks);
	ref_allocate(&total, w, n, places);

	if (ref.st == PM_INVALID || ref.st == PM_INEXACT)
	{
		FZ_CHECK(st == ref.st && (st != PM_INVALID || bad == ref.bad),
				 "allocate(%s, %zu weights, places %d) gives %s (bad %zu), want %s (bad %zu)",
				 fz_dec_str(&total), n, places, fz_status_name(st), bad, fz_status_name(ref.st), ref.bad);
		goto done;
	}
	if (st == PM_OVERFLOW)
	{
		FZ_CHECK(ref.wide, "allocate(%s, %zu weights, places %d) overflows with every "
				 "intermediate within 128 bits (reference %s)", fz_dec_str(&total), n, places,
				 fz_status_name(ref.st));
		goto done;
	}
	FZ_CHECK(st == ref.st, "allocate(%s, %zu weights, places %d) gives %s, want %s",
			 fz_dec_str(&total), n, places, fz_status_name(st), fz_status_name(ref.st));
	if (st != PM_OK)
		goto done;

	/* the shares in units, their sum, their distance to the exact share, zero weights */
	{
		bn			sum;
		bool		sum_neg = ref.units.neg;

		memset(&sum, 0, sizeof(sum));
		for (size_t i = 0; i < n; i++)
		{
			sbn			s = sbn_i128(shares[i].coef);
			bn			lhs,
						rhs,
						diff;

			FZ_CHECK(shares[i].scale == oscale, "share %zu has scale %d, want %d", i, shares[i].scale, oscale);
			if (places < 0)
			{
				bn			p = bn_pow10(-places),
							q,
							r;

				bn_divmod(&s.m, &p, &q, &r);
				FZ_CHECK(bn_is_zero(&r), "share %zu (%s) is not a multiple of 10^%d", i,
						 fz_dec_str(&shares[i]), -places);
				s.m = q;
			}
			FZ_CHECK(bn_is_zero(&s.m) || s.neg == sum_neg, "share %zu (%s) has the wrong sign",
					 i, fz_dec_str(&shares[i]));
			FZ_CHECK(w[i].coef != 0 || bn_is_zero(&s.m), "zero weight %zu got share %s", i,
					 fz_dec_str(&shares[i]));
			sum = bn_add(&sum, &s.m);
			/* | share * wsum - units * W | < wsum */
			lhs = bn_mul(&s.m, &ref.wsum);
			rhs = bn_mul(&ref.units.m, &ref.W[i]);
			diff = bn_cmp(&lhs, &rhs) >= 0 ? bn_sub(&lhs, &rhs) : bn_sub(&rhs, &lhs);
			FZ_CHECK(bn_cmp(&diff, &ref.wsum) < 0, "share %zu (%s) is a unit or more from its exact value",
					 i, fz_dec_str(&shares[i]));
			s = sbn_make(s.neg, &s.m);
			FZ_CHECK(sbn_cmp(&ref.share[i], &s) == 0,
					 "share %zu is %s; the largest-remainder rule gives another (total %s, places %d)",
					 i, fz_dec_str(&shares[i]), fz_dec_str(&total), places);
		}
		FZ_CHECK(bn_cmp(&sum, &ref.units.m) == 0, "shares of %s do not sum to the total", fz_dec_str(&total));
	}

	/* the same with shares written over (a copy of) the weights */
	memcpy(again, w, sizeof(pm_dec) * n);
	st = pm_alloc(&total, again, n, places, again, slots, &bad, NULL, NULL);
	FZ_CHECK(st == PM_OK, "allocate into the weights buffer gives %s", fz_status_name(st));
	for (size_t i = 0; i < n; i++)
		FZ_CHECK(again[i].coef == shares[i].coef && again[i].scale == shares[i].scale,
				 "allocate into the weights buffer: share %zu is %s, not %s", i,
				 fz_dec_str(&again[i]), fz_dec_str(&shares[i]));

	/* a negative total is split as -allocate(-total) */
	if (total.coef != FZ_I128_MIN)
	{
		pm_dec		neg_total = {-total.coef, total.scale};

		st = pm_alloc(&neg_total, w, n, places, again, slots, &bad, NULL, NULL);
		FZ_CHECK(st == PM_OK, "allocate(%s) gives %s, allocate(%s) OK", fz_dec_str(&neg_total),
				 fz_status_name(st), fz_dec_str(&total));
		for (size_t i = 0; i < n; i++)
			FZ_CHECK(again[i].coef == -shares[i].coef && again[i].scale == shares[i].scale,
					 "share %zu of %s is %s, of %s %s", i, fz_dec_str(&neg_total), fz_dec_str(&again[i]),
					 fz_dec_str(&total), fz_dec_str(&shares[i]));
	}
done:
	free(slots);
	free(again);
	free(shares);
	free(w);
}

/* ---- pm_top_k ---- */

typedef struct topk_ctx
{
	size_t		size;
	int			calls;
} topk_ctx;

/* Elements: a 32-bit key (many equal), then a distinct 32-bit id, then filler. */
static int
key_id_order(const void *a, const void *b, void *arg)
{
	topk_ctx   *ctx = arg;
	uint32_t	ka,
				kb,
				ia,
				ib;

	ctx->calls++;
	memcpy(&ka, a, 4);
	memcpy(&kb, b, 4);
	memcpy(&ia, (const char *) a + 4, 4);
	memcpy(&ib, (const char *) b + 4, 4);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return (ia > ib) - (ia < ib);
}

static size_t qsort_size;

static int
qsort_order(const void *a, const void *b)
{
	topk_ctx	ctx = {qsort_size, 0};

	return key_id_order(a, b, &ctx);
}

static int
id_order(const void *a, const void *b)
{
	uint32_t	ia,
				ib;

	memcpy(&ia, (const char *) a + 4, 4);
	memcpy(&ib, (const char *) b + 4, 4);
	return (ia > ib) - (ia < ib);
}

static void
check_top_k(fz_in *in)
{
	size_t		n = (size_t) fz_range(in, 0, 200),
				size = 8 + (size_t) fz_range(in, 0, 60),
				k = (size_t) fz_range(in, 0, (int) n + 1);
	uint32_t	keyspan = 1 + fz_u8(in);
	char	   *base,
			   *orig,
			   *sorted,
			   *a,
			   *b;
	topk_ctx	ctx = {size, 0};
	int			ticks = 0;

	if (fz_u8(in) == 255)
		size = PM_TOP_K_MAX_SIZE + 1;	/* too large: left alone */
	base = malloc(n * size + 1);
	orig = malloc(n * size + 1);
	sorted = malloc(n * size + 1);
	for (size_t i = 0; i < n; i++)
	{
		uint32_t	key = (uint32_t) fz_u16(in) % keyspan,
					id = (uint32_t) (i * 2654435761U);	/* distinct, not in index order */

		memcpy(base + i * size, &key, 4);
		memcpy(base + i * size + 4, &id, 4);
		for (size_t j = 8; j < size; j++)
			base[i * size + j] = (char) (i + j);
	}
	memcpy(orig, base, n * size);
	memcpy(sorted, base, n * size);

	pm_top_k(base, n, size, k, key_id_order, &ctx, count_tick, &ticks);

	if (k == 0 || k >= n || size > PM_TOP_K_MAX_SIZE)
	{
		FZ_CHECK(memcmp(base, orig, n * size) == 0, "pm_top_k(n %zu, k %zu, size %zu) moved elements",
				 n, k, size);
		goto done;
	}
	qsort_size = size;
	qsort(sorted, n, size, qsort_order);

	/* the first k are the k first in order (as sets), the rest the others */
	a = malloc(n * size);
	b = malloc(n * size);
	memcpy(a, base, n * size);
	memcpy(b, sorted, n * size);
	qsort(a, k, size, id_order);
	qsort(b, k, size, id_order);
	FZ_CHECK(memcmp(a, b, k * size) == 0, "pm_top_k(n %zu, k %zu, size %zu) picked another set", n, k, size);
	qsort(a + k * size, n - k, size, id_order);
	qsort(b + k * size, n - k, size, id_order);
	FZ_CHECK(memcmp(a + k * size, b + k * size, (n - k) * size) == 0,
			 "pm_top_k(n %zu, k %zu, size %zu) lost or changed an element", n, k, size);
	free(b);
	free(a);
done:
	free(sorted);
	free(orig);
	free(base);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};

	check_alloc(&in);
	check_top_k(&in);
	return 0;
}
