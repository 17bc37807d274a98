/*
 * fuzz_xacc.c: the exact double accumulator and the compensated sum.  For
 * a sequence of finite doubles, pm_xacc gives the same result in every
 * order and grouping (reversed, sorted, split and merged, with values added
 * and taken out again), that result is the correctly rounded sum computed
 * by an independent reference (Shewchuk's exact partials, rounded half
 * even), PM_OVERFLOW exactly when that sum is beyond DBL_MAX, and states
 * stay valid; Neumaier's pm_ksum stays within its documented error bound.
 */
#include <float.h>
#include <math.h>

#include "fuzz.h"
#include "pm_agg.h"
#include "pm_float.h"

#define MAX_N 256

/* A finite double: often a price, sometimes any bit pattern, near the edges of the range. */
static double
fz_double(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	uint64_t	bits;
	double		v;

	switch (sel % 6)
	{
		case 0:
			return (double) (int32_t) fz_bytes(in, 4) / 100.0;
		case 1:
			return ldexp((double) (int64_t) fz_u64(in), fz_range(in, -1100, 980));
		case 2:
			/* a neighbour of a power of two, to meet carries and cancellation */
			v = ldexp(1.0, fz_range(in, -1074, 1023));
			for (int i = fz_range(in, 0, 3); i > 0; i--)
				v = nextafter(v, (sel & 0x40) ? 0.0 : INFINITY);
			return (sel & 0x80) ? -v : v;
		case 3:
			return (sel & 0x80) ? -DBL_MAX : DBL_MAX;
		default:
			bits = fz_u64(in);
			memcpy(&v, &bits, sizeof(v));
			if (!isfinite(v))
				v = (double) (bits >> 40);
			return v;
	}
}

/* ---- reference: exact partials (Shewchuk), then one rounding ---- */

typedef struct partials
{
	double		p[2200];		/* nonoverlapping, increasing in magnitude */
	int			n;
	bool		overflow;		/* an intermediate left the double range */
} partials;

static void
partials_add(partials *s, double x)
{
	int			j = 0;

	for (int i = 0; i < s->n; i++)
	{
		double		y = s->p[i],
					hi,
					lo;

		if (fabs(x) < fabs(y))
		{
			double		t = x;

			x = y;
			y = t;
		}
		hi = x + y;
		lo = y - (hi - x);
		if (!isfinite(hi))
		{
			s->overflow = true;
			return;
		}
		if (lo != 0.0)
			s->p[j++] = lo;
		x = hi;
	}
	s->n = j;
	s->p[s->n++] = x;
}

/* The sum of the partials rounded once, half to even. */
static double
partials_round(const partials *s)
{
	int			n = s->n;
	double		hi = 0.0,
				lo = 0.0;

	if (n == 0)
		return 0.0;
	hi = s->p[--n];
	/* add from the top until the sum is inexact */
	while (n > 0)
	{
		double		x = hi,
					y = s->p[--n],
					yr;

		hi = x + y;
		yr = hi - x;
		lo = y - yr;
		if (lo != 0.0)
			break;
	}
	/*
	 * hi + lo is exact; when lo is exactly half an ulp of hi, the rounding
	 * went to even, and any partial below with lo's sign means the exact
	 * sum is beyond the halfway point: round the other way.
	 */
	if (n > 0 && ((lo < 0 && s->p[n - 1] < 0) || (lo > 0 && s->p[n - 1] > 0)))
	{
		double		y = lo * 2,
					x = hi + y,
					yr = x - hi;

		if (y == yr)
			hi = x;
	}
	return hi;
}

static void
check_result_eq(const pm_xacc *x, pm_status st, double want, const char *what)
{
	double		got = 0;
	pm_status	s = pm_xacc_result(x, &got);

	FZ_CHECK(s == st && (s != PM_OK || (got == want && (got != 0 || !signbit(got)))),
			 "%s: %s %.17g, want %s %.17g", what, fz_status_name(s), got, fz_status_name(st), want);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};
	int			n = fz_range(&in, 0, MAX_N);
	int			cut = fz_range(&in, 0, n);
	static double v[MAX_N],
				sorted[MAX_N];
	static partials ref;
	static pm_xacc x,
				y,
				z;
	double		want = 0,
				got = 0,
				abs_sum = 0;
	pm_status	st;
	pm_ksum		k = {0, 0};
	bool		ksum_ok = true;

	for (int i = 0; i < n; i++)
		v[i] = fz_double(&in);

	/* in order */
	pm_xacc_init(&x);
	for (int i = 0; i < n; i++)
		pm_xacc_add(&x, v[i]);
	st = pm_xacc_result(&x, &got);
	FZ_CHECK(st == PM_OK || st == PM_OVERFLOW, "result status %s", fz_status_name(st));
	if (st == PM_OK)
	{
		FZ_CHECK(isfinite(got) && (signbit(got) != 0) == (got < 0), "result %.17g (a zero is +0)", got);
		FZ_CHECK((got == 0) == pm_xacc_is_zero(&x), "result %.17g but is_zero says %d",
				 got, pm_xacc_is_zero(&x));
	}

	/* the reference, when its partials stay finite */
	ref.n = 0;
	ref.overflow = false;
	for (int i = 0; i < n && !ref.overflow; i++)
		partials_add(&ref, v[i]);
	if (!ref.overflow)
	{
		want = partials_round(&ref);
		if (isfinite(want))
		{
			FZ_CHECK(st == PM_OK && got == want,
					 "sum of %d doubles is %s %.17g (%a), the correctly rounded sum is %.17g (%a)",
					 n, fz_status_name(st), got, got, want, want);
		}
		else
			FZ_CHECK(st == PM_OVERFLOW, "sum beyond DBL_MAX gives %s %.17g", fz_status_name(st), got);
	}

	/* reversed */
	pm_xacc_init(&y);
	for (int i = n - 1; i >= 0; i--)
		pm_xacc_add(&y, v[i]);
	check_result_eq(&y, st, got, "reversed");

	/* sorted */
	memcpy(sorted, v, sizeof(double) * n);
	qsort(sorted, n, sizeof(double), cmp_double);
	pm_xacc_init(&y);
	for (int i = 0; i < n; i++)
		pm_xacc_add(&y, sorted[i]);
	check_result_eq(&y, st, got, "sorted");

	/* split at cut into two states, merged either way round */
	pm_xacc_init(&y);
	pm_xacc_init(&z);
	for (int i = 0; i < cut; i++)
		pm_xacc_add(&y, v[i]);
	for (int i = cut; i < n; i++)
		pm_xacc_add(&z, v[i]);
	{
		pm_xacc	   *zy = malloc(sizeof(pm_xacc));

		*zy = z;
		pm_xacc_merge(zy, &y);
		pm_xacc_merge(&y, &z);
		FZ_CHECK(pm_xacc_valid(&y) && pm_xacc_valid(zy), "a merged state is not valid");
		FZ_CHECK(memcmp(y.limb, zy->limb, sizeof(y.limb)) == 0, "merge is not commutative");
		check_result_eq(&y, st, got, "split and merged");
		free(zy);
	}

	/* extra values added and taken out again change nothing */
	z = x;
	for (int i = 0; i < n; i += 2)
		pm_xacc_add(&z, sorted[i]);
	for (int i = 0; i < n; i += 2)
		pm_xacc_add(&z, -sorted[i]);
	check_result_eq(&z, st, got, "with values added and subtracted");

	/* normalize gives a valid state with the same result */
	pm_xacc_normalize(&x);
	FZ_CHECK(pm_xacc_valid(&x), "normalized state is not valid");
	check_result_eq(&x, st, got, "normalized");

	/* the negated sequence sums to the negated result */
	pm_xacc_init(&y);
	for (int i = 0; i < n; i++)
		pm_xacc_add(&y, -v[i]);
	{
		double		neg = 0;
		pm_status	s = pm_xacc_result(&y, &neg);

		FZ_CHECK(s == st && (s != PM_OK || neg == -got), "negated sequence: %s %.17g, want %.17g",
				 fz_status_name(s), neg, -got);
	}

	/* Neumaier: |ksum - sum| <= about 2 eps sum|x_i|, when nothing overflows */
	for (int i = 0; i < n; i++)
	{
		abs_sum += fabs(v[i]);
		pm_ksum_add(&k, v[i]);
	}
	ksum_ok = abs_sum < DBL_MAX / 4 && st == PM_OK && isfinite(pm_ksum_result(&k));
	if (ksum_ok)
	{
		double		eps = DBL_EPSILON / 2;
		double		err = fabs(pm_ksum_result(&k) - got);
		double		bound = (2 * eps + (double) n * n * eps * eps) * abs_sum * 1.0000001 +
			(n + 2) * DBL_TRUE_MIN;

		/* got is itself within half an ulp of the exact sum */
		bound += eps * fabs(got);
		FZ_CHECK(err <= bound, "Neumaier sum of %d doubles is %.17g, exact %.17g: error %g > bound %g",
				 n, pm_ksum_result(&k), got, err, bound);
	}
	return 0;
}
