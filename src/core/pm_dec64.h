/*
 * pm_dec64.h: the inline 64-bit lane of the decimal core, for the prices that
 * fit an int64 at their scale.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_DEC64_H
#define PM_DEC64_H

#include "pm_decimal.h"

/*
 * Most prices fit an int64 at their scale, and the array loops decode,
 * compute and encode them in this lane.  Everything here is static inline,
 * because it runs once per element inside those loops.  Each function
 * returns false (or a status other than PM_OK) when the value needs the
 * general pm_dec path of pm_decimal.h, which then gives the answer; when
 * the lane does answer, it is the answer that path would give.
 *
 * The groups are numeric's (see pm_decimal.h): 12.34 is weight 0, dscale 2,
 * groups {12, 3400}, and here the pm_dec64 {coef 1234, scale 2}.
 */
typedef struct pm_dec64
{
	int64_t		coef;			/* the value times 10^scale, as in pm_dec */
	int32_t		scale;			/* decimals shown, 0 ..= PM_MAX_SCALE */
} pm_dec64;

/* Base-10000 groups pm_dec64_to_base10000 writes (16 digits). */
#define PM_DEC64_MAX_GROUPS 4

/*
 * n / 10^k for 0 <= k <= 19, by constant divisors (no hardware divide);
 * always inlined, so that a constant k leaves only its case.
 */
static inline __attribute__((always_inline)) uint64_t
pm_div_pow10_u64(uint64_t n, int k)
{
	switch (k)
	{
		case 0:
			return n;
		case 1:
			return n / 10U;
		case 2:
			return n / 100U;
		case 3:
			return n / 1000U;
		case 4:
			return n / 10000U;
		case 5:
			return n / 100000U;
		case 6:
			return n / 1000000U;
		case 7:
			return n / 10000000U;
		case 8:
			return n / 100000000U;
		case 9:
			return n / 1000000000U;
		case 10:
			return n / 10000000000U;
		case 11:
			return n / 100000000000U;
		case 12:
			return n / 1000000000000U;
		case 13:
			return n / 10000000000000U;
		case 14:
			return n / 100000000000000U;
		case 15:
			return n / 1000000000000000U;
		case 16:
			return n / 10000000000000000U;
		case 17:
			return n / 100000000000000000U;
		case 18:
			return n / 1000000000000000000U;
		default:
			return n / 10000000000000000000U;
	}
}

/* |v|, also for INT64_MIN (computed in unsigned arithmetic). */
static inline uint64_t
pm_dec64_magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t) v : (uint64_t) v;
}

/* The same value as a pm_dec, for an element that leaves the lane. */
static inline void
pm_dec64_to_dec(const pm_dec64 *a, pm_dec *r)
{
	r->coef = a->coef;
	r->scale = a->scale;
}

/* Largest int64 that times 10^k still fits, for 0 <= k <= 18. */
extern const uint64_t pm_dec64_mul_limit[19];

/*
 * acc / 10^k for 1 <= k <= 3 and acc < 2^54, as a multiply-high by
 * floor(2^64 / 10^k) + 1 (exact: the excess acc / 2^64 < 2^-10 stays below
 * 1 / 10^k).  Written out because GCC, judging the caller's block cold,
 * may emit a hardware divide for a plain n / 100U.
 */
static inline uint64_t
pm_div_pow10_small(uint64_t acc, int k)
{
	static const uint64_t inv[4] = {0, UINT64_C(0x199999999999999A),
	UINT64_C(0x028F5C28F5C28F5D), UINT64_C(0x004189374BC6A7F0)};

	return (uint64_t) (((unsigned __int128) acc * inv[k]) >> 64);
}

/*
 * g / 10^k for one base-10000 group g < 10000 and 1 <= k <= 3, as a
 * multiply by ceil(2^32 / 10^k) and a shift (exact over that range).
 */
static inline uint32_t
pm_group_div_pow10(uint32_t g, int k)
{
	static const uint64_t inv[4] = {0, UINT64_C(429496730), UINT64_C(42949673), UINT64_C(4294968)};

	return (uint32_t) (((uint64_t) g * inv[k]) >> 32);
}

/*
 * The value of four base-10000 groups in the 16-bit lanes of w, the most
 * significant in the lowest lane, each already checked below 10000.  Lanes
 * {0, 0, 12, 3400} (lowest first) pair up as 0 * 10000 + 0 and 12 * 10000
 * + 3400 in the two 32-bit halves, and then give 0 * 10^8 + 123400.
 */
static inline uint64_t
pm_groups4_value(uint64_t w)
{
	w = (w & UINT64_C(0x0000FFFF0000FFFF)) * 10000 + ((w >> 16) & UINT64_C(0x0000FFFF0000FFFF));
	return (w & UINT64_C(0xFFFFFFFF)) * 100000000U + (w >> 32);
}

/* Whether every 16-bit lane of w is below 10000 (adding 32768 - 10000 sets no top bit). */
static inline bool
pm_groups4_valid(uint64_t w)
{
	return ((w | (w + UINT64_C(0x58F058F058F058F0))) & UINT64_C(0x8000800080008000)) == 0;
}

/*
 * The coefficient of a price with cents: two base-10000 groups of weight 0
 * and dscale 2 (1.01 to 9999.99 with nonzero cents), the shape most stored
 * prices have.  The groups are the top two 16-bit lanes of w, the integer
 * part below the cents: 12.34 is {12, 3400}, w = 0x0D48_000C_xxxx_xxxx and
 * *coef = 12 * 100 + 3400 / 100 = 1234.  The same value and the same
 * refusals as pm_dec64_place (a group of 10000 or more, digits beyond the
 * scale), without its runtime shift: false leaves *coef as it was.  The
 * result is at most PM_DEC64_CENTS2_MAX.
 */
#define PM_DEC64_CENTS2_MAX UINT32_C(999999)

static inline __attribute__((always_inline)) bool
pm_dec64_cents2(uint64_t w, uint32_t *coef)
{
	uint32_t	units = (uint32_t) (w >> 32) & 0xFFFF,
				cents = (uint32_t) (w >> 48),
				/*
				 * cents * 25^-1 (mod 2^32), rotated right by 2, is cents / 100
				 * when 100 divides cents, and above (2^30 - 1) / 25 otherwise (the
				 * low two bits land on top when 4 does not divide it; the
				 * product mod 2^30 lies above it when 25 does not): the quotient
				 * and the test for digits beyond the scale in one value.
				 */
				y = cents * UINT32_C(0xC28F5C29),
				q = (y >> 2) | (y << 30);

	/* the units below 10000 (as pm_groups4_valid), no digit beyond the scale, the cents below 10000 */
	if ((units >= 10000) | (q >= 100))
		return false;
	*coef = units * 100 + q;
	return true;
}

/*
 * The largest magnitude pm_dec64_place gives for ndigits groups (1 to 4)
 * whose last stands for 10^sh (-3 <= sh <= 18) times the coefficient's unit:
 * a bound for sums of such values in an int64 (for 12.34, ndigits 2 and
 * sh -2: 999999, the coefficient of 9999.99).
 */
static inline uint64_t
pm_dec64_place_max(int ndigits, int sh)
{
	uint64_t	all = pm_pow10_u64[4 * ndigits] - 1;	/* the groups read as one integer */

	if (sh < 0)
		return all / pm_pow10_u64[-sh];
	if (all > pm_dec64_mul_limit[sh])
		all = pm_dec64_mul_limit[sh];
	return all * pm_pow10_u64[sh];
}

/*
 * The coefficient at dscale of acc, the value of ndigits <= 4 groups read
 * as one integer (< 10^16) whose first group has the given weight.  For
 * 12.34 (groups {12, 3400}, weight 0, dscale 2) acc is 123400 and the shift
 * is 4 * (0 - 2 + 1) + 2 = -2: coef 1234.
 */
static inline __attribute__((always_inline)) bool
pm_dec64_place(bool neg, int weight, int dscale, uint64_t acc, int ndigits, pm_dec64 *r)
{
	/* the last group stands for 10000^(weight - ndigits + 1) */
	int			sh = 4 * (weight - ndigits + 1) + dscale;

	if (sh >= 0)
	{
		if (sh > 18 || acc > pm_dec64_mul_limit[sh])
			return false;
		acc *= pm_pow10_u64[sh];
	}
	else
	{
		/* only zero padding may lie beyond dscale */
		uint64_t	q;

		if (sh < -3)
			return false;
		q = pm_div_pow10_small(acc, -sh);
		if (q * pm_pow10_u64[-sh] != acc)
			return false;
		acc = q;
	}
	r->coef = neg ? -(int64_t) acc : (int64_t) acc;
	r->scale = dscale;
	return true;
}

/* pm_dec_from_base10000 for up to four groups whose value fits an int64. */
static inline bool
pm_dec64_from_base10000(bool neg, int weight, int dscale, const int16_t *digits,
						int ndigits, pm_dec64 *r)
{
	uint64_t	acc = 0;

	if (dscale < 0 || dscale > PM_MAX_SCALE || ndigits > 4)
		return false;
	if (ndigits == 0)
	{
		r->coef = 0;
		r->scale = dscale;
		return true;
	}
	for (int i = 0; i < ndigits; i++)
	{
		uint16_t	d = (uint16_t) digits[i];

		if (d >= 10000)
			return false;
		acc = acc * 10000 + d;
	}
	return pm_dec64_place(neg, weight, dscale, acc, ndigits, r);
}

/*
 * pm_dec64_from_base10000 for a caller that guarantees four readable groups
 * at digits, whatever ndigits is: it reads them as one word and combines
 * them without a loop (whose trip count random prices would mispredict).
 * For 12.34 the word holds {12, 3400, x, y} (lowest lane first, x and y the
 * bytes that follow); shifting by two lanes drops x and y and leaves
 * {0, 0, 12, 3400}, whose value pm_groups4_value gives.
 */
static inline __attribute__((always_inline)) bool
pm_dec64_from_base10000_4(bool neg, int weight, int dscale, const int16_t *digits,
						  int ndigits, pm_dec64 *r)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t	w;

	if (dscale < 0 || dscale > PM_MAX_SCALE || ndigits > 4 || ndigits <= 0)
		return pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, r);
	memcpy(&w, digits, sizeof(w));
	/* drop the groups past ndigits; the last group lands in the top lane */
	w <<= 16 * (4 - ndigits);
	if (!pm_groups4_valid(w))
		return false;
	return pm_dec64_place(neg, weight, dscale, pm_groups4_value(w), ndigits, r);
#else
	return pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, r);
#endif
}

/*
 * The base-10000 groups of m, 0 < m < 10^16, whose last four decimals fill
 * the last group: written most significant first, the leading and
 * trailing zero groups stripped; returns their count, and *top the index
 * of the leading group (3 for m of four groups).  It always writes
 * PM_DEC64_MAX_GROUPS digits; those past the count are junk.
 *
 * For m = 1234567890 the lanes (lowest first) are {0, 12, 3456, 7890}.
 * One leading zero lane gives top = 2, none at the low end gives low = 0;
 * shifting out the zero lane leaves the digits {12, 3456, 7890}, count 3.
 */
static inline __attribute__((always_inline)) int
pm_base10000_groups(uint64_t m, int *top, int16_t *digits)
{
	uint64_t	hi,
				lanes;
	uint32_t	lo,
				h8;
	int			low;

	/*
	 * The four groups as 16-bit lanes of one word, the least significant
	 * group in the top lane, so that after shifting out the leading zero
	 * groups one little-endian store writes them in numeric's order.
	 * Counting zero lanes with clz/ctz avoids data-dependent branches,
	 * which random prices would mispredict.
	 */
	if (m < 100000000U)
	{
		/* two groups at most, as most prices at two decimals: no top half */
		lo = (uint32_t) m;
		lanes = ((uint64_t) (lo % 10000) << 48) | ((uint64_t) (lo / 10000) << 32);
	}
	else
	{
		hi = m / 100000000U;
		h8 = (uint32_t) hi;
		lo = (uint32_t) (m - hi * 100000000U);
		lanes = ((uint64_t) (lo % 10000) << 48) | ((uint64_t) (lo / 10000) << 32) |
			((uint64_t) (h8 % 10000) << 16) | (uint64_t) (h8 / 10000);
	}
	*top = 3 - (__builtin_ctzll(lanes) >> 4); /* index of the leading group */
	low = __builtin_clzll(lanes) >> 4;	/* zero groups at the low end */
	lanes >>= 16 * (3 - *top);
	digits[0] = (int16_t) lanes;
	digits[1] = (int16_t) (lanes >> 16);
	digits[2] = (int16_t) (lanes >> 32);
	digits[3] = (int16_t) (lanes >> 48);
	return *top - low + 1;
}

/* The factor that left-justifies the last scale & 3 decimals of a value in their group. */
static const uint16_t pm_base10000_rpad[4] = {1, 1000, 100, 10};

/*
 * pm_dec_to_base10000 for a pm_dec64: digits most significant first, zero
 * groups stripped at both ends; returns the count, or -1 when the value is
 * too wide for this path (then use pm_dec_to_base10000).  It always writes
 * PM_DEC64_MAX_GROUPS digits; those past the count are junk.
 *
 * For {123456789, 3} (123456.789): the three decimals are left-justified
 * to m = 1234567890, whose groups are {12, 3456, 7890} with top = 2
 * (pm_base10000_groups): weight 2 - ceil(3 / 4) = 1.
 */
static inline int
pm_dec64_to_base10000(const pm_dec64 *a, bool *neg, int *weight, int16_t *digits)
{
	uint64_t	m = pm_dec64_magnitude(a->coef);
	uint32_t	scale;
	int			top,
				n;

	*neg = false;
	*weight = 0;
	if (m == 0)
		return 0;
	if (a->scale < 0)
		return -1;
	scale = (uint32_t) a->scale;
	*neg = a->coef < 0;

	/*
	 * Left-justify the last decimals in their group, by a table lookup
	 * rather than a branch on the scale.  One check guards the multiply for
	 * every scale: where the factor is 1, a value above UINT64_MAX / 1000
	 * has five groups and is declined below anyway.
	 */
	if (m > UINT64_MAX / 1000)
		return -1;
	m *= pm_base10000_rpad[scale & 3];
	if (m >= 10000000000000000U)
		return -1;				/* five groups: rare, left to the general path */
	n = pm_base10000_groups(m, &top, digits);
	/* the lowest group stands for 10000^-ceil(scale / 4) */
	*weight = top - (int) ((scale + 3) / 4);
	return n;
}

/* pm_dec_mul in 64 bits; PM_OVERFLOW sends it to the general path. */
static inline pm_status
pm_dec64_mul(const pm_dec64 *a, const pm_dec64 *b, pm_dec64 *r)
{
	int64_t		s = (int64_t) a->scale + b->scale;

	if (s > PM_MAX_SCALE || __builtin_mul_overflow(a->coef, b->coef, &r->coef))
		return PM_OVERFLOW;
	r->scale = (int32_t) s;
	return PM_OK;
}

/* Exact a * 10^k for 0 <= k; false when it does not fit. */
static inline bool
pm_dec64_mul_pow10(int64_t a, int64_t k, int64_t *r)
{
	if (a == 0)
	{
		*r = 0;
		return true;
	}
	if (k > 18)
		return false;
	return !__builtin_mul_overflow(a, (int64_t) pm_pow10_u64[k], r);
}

/* pm_dec_add and pm_dec_sub in 64 bits. */
static inline pm_status
pm_dec64_add_sub(const pm_dec64 *a, const pm_dec64 *b, bool sub, pm_dec64 *r)
{
	int64_t		ca = a->coef,
				cb = b->coef;
	int32_t		s = a->scale;
	bool		ovf;

	if (a->scale < b->scale)
	{
		s = b->scale;
		if (!pm_dec64_mul_pow10(ca, (int64_t) b->scale - a->scale, &ca))
			return PM_OVERFLOW;
	}
	else if (b->scale < a->scale)
	{
		if (!pm_dec64_mul_pow10(cb, (int64_t) a->scale - b->scale, &cb))
			return PM_OVERFLOW;
	}
	ovf = sub ? __builtin_sub_overflow(ca, cb, &r->coef) : __builtin_add_overflow(ca, cb, &r->coef);
	if (ovf)
		return PM_OVERFLOW;
	r->scale = s;
	return PM_OK;
}

/* pm_dec_round in 64 bits, for dropping at most 18 decimals. */
static inline __attribute__((always_inline)) pm_status
pm_dec64_round(const pm_dec64 *a, int32_t places, pm_round_mode mode, pm_dec64 *r)
{
	int64_t		k = (int64_t) a->scale - places;
	int64_t		n = a->coef,
				q;
	uint64_t	p,
				ar,
				rest;
	bool		neg = n < 0,
				inc;
	pm_status	st;

	if (k <= 0)
	{
		if (places > PM_MAX_SCALE || !pm_dec64_mul_pow10(n, -k, &r->coef))
			return PM_OVERFLOW;
		r->scale = places;
		return PM_OK;
	}
	if (k > 18)
		return PM_OVERFLOW;
	p = pm_pow10_u64[k];
	ar = pm_dec64_magnitude(n);
	q = (int64_t) pm_div_pow10_u64(ar, (int) k);	/* truncated |quotient| */
	ar -= (uint64_t) q * p;
	if (ar != 0)
	{
		rest = p - ar;			/* distance to the next multiple */
		st = pm_round_away(mode, neg, (ar > rest) - (ar < rest), (q & 1) != 0, &inc);
		if (st != PM_OK)
			return st;
		q += inc;				/* |q| <= INT64_MAX / 10: no overflow */
	}
	if (neg)
		q = -q;
	if (places < 0)
	{
		if (!pm_dec64_mul_pow10(q, -(int64_t) places, &q))
			return PM_OVERFLOW;
		places = 0;
	}
	r->coef = q;
	r->scale = places;
	return PM_OK;
}

/*
 * n / 10^k for n < 2^63 and 1 <= k <= 18, for a loop where k is constant
 * but known only at run time (one call's places): a multiply-high by mul =
 * ceil(2^(63 + l) / 10^k), l = ceil(log2(10^k)), and a shift by l - 1, with
 * no hardware divide and no switch.  Exact by Granlund and Montgomery's
 * theorem 4.2 with N = 63, as mul * 10^k - 2^(63 + l) < 10^k <= 2^l.  For
 * k = 2: l = 7, mul = 0xA3D70A3D70A3D70B, and 1234 * mul >> 64 >> 6 = 12.
 */
typedef struct pm_pow10_divisor
{
	uint64_t	mul;
	int			shift;			/* l - 1 */
} pm_pow10_divisor;

/* [k] for 1 <= k <= 18 ([0] unused). */
extern const pm_pow10_divisor pm_pow10_divisors[19];

static inline uint64_t
pm_pow10_div(uint64_t n, pm_pow10_divisor d)
{
	return (uint64_t) (((unsigned __int128) n * d.mul) >> 64) >> d.shift;
}

/*
 * A rounding mode as one comparison, for a loop that rounds many values by
 * the same 10^k: with q the truncated |quotient| and r < 10^k the
 * remainder, the result moves away from zero exactly when 2r + bias[neg] +
 * (q & odd) > 10^k, pm_round_away's answer for every mode but
 * "unnecessary" (half_up: bias 1, so 2r >= 10^k; half_down: bias 0;
 * half_even: bias 0 and odd 1, a tie going to the even q; up: bias 10^k,
 * any r > 0; down: bias -10^k, never; ceiling and floor: one of the two by
 * the sign).  No term passes 3 * 10^18, so int64 holds the sum.
 */
typedef struct pm_round_lane
{
	int64_t		bias[2];		/* [0] for a positive result, [1] negative */
	uint64_t	odd;			/* 1 for half_even, else 0 */
	uint64_t	pow;			/* 10^k */
	pm_pow10_divisor div;		/* and its divisor */
} pm_round_lane;

/* The lane rounding by 10^k, 1 <= k <= 18; false for "unnecessary" (it has no lane). */
static inline bool
pm_round_lane_init(pm_round_mode mode, int k, pm_round_lane *l)
{
	int64_t		p;

	if (k < 1 || k > 18)
		return false;
	p = (int64_t) pm_pow10_u64[k];
	l->pow = (uint64_t) p;
	l->div = pm_pow10_divisors[k];
	l->odd = 0;
	switch (mode)
	{
		case PM_ROUND_HALF_EVEN:
			l->bias[0] = l->bias[1] = 0;
			l->odd = 1;
			return true;
		case PM_ROUND_HALF_UP:
			l->bias[0] = l->bias[1] = 1;
			return true;
		case PM_ROUND_HALF_DOWN:
			l->bias[0] = l->bias[1] = 0;
			return true;
		case PM_ROUND_UP:
			l->bias[0] = l->bias[1] = p;
			return true;
		case PM_ROUND_DOWN:
			l->bias[0] = l->bias[1] = -p;
			return true;
		case PM_ROUND_CEILING:
			l->bias[0] = p;
			l->bias[1] = -p;
			return true;
		case PM_ROUND_FLOOR:
			l->bias[0] = -p;
			l->bias[1] = p;
			return true;
		case PM_ROUND_UNNECESSARY:
			break;
	}
	return false;
}

/*
 * |n| / 10^k rounded by the lane, n's magnitude m < 2^63 and neg its sign:
 * the |result|, the same as pm_dec64_round's for n at scale places + k.
 */
static inline __attribute__((always_inline)) uint64_t
pm_round_lane_apply(const pm_round_lane *l, uint64_t m, bool neg)
{
	uint64_t	q = pm_pow10_div(m, l->div),
				r = m - q * l->pow;

	return q + ((int64_t) (2 * r) + l->bias[neg] + (int64_t) (q & l->odd) > (int64_t) l->pow);
}

/*
 * round(a * b, places, mode) for many a of one scale and one b, in the
 * 64-bit lane: a's scale + b's scale - places = k, 1 <= k <= 18, places >=
 * 0 (so the result has scale places, as pm_dec64_round gives it).  round()
 * alone is b = {1, 0}.
 */
typedef struct pm_mul_round_lane
{
	uint64_t	bmag;			/* |b| */
	bool		bneg;			/* b < 0 */
	int32_t		places;
	pm_round_lane round;
} pm_mul_round_lane;

/* The lane for a's scale ascale, b, places and mode; false when it has none. */
static inline bool
pm_mul_round_lane_init(const pm_dec64 *b, int32_t ascale, int32_t places, pm_round_mode mode,
					   pm_mul_round_lane *l)
{
	int64_t		k = (int64_t) ascale + b->scale - places;

	if (places < 0 || ascale < 0 || b->scale < 0 || k < 1 || k > 18)
		return false;
	l->bmag = pm_dec64_magnitude(b->coef);
	l->bneg = b->coef < 0;
	l->places = places;
	return pm_round_lane_init(mode, (int) k, &l->round);
}

/*
 * The lane's result for a = am at the lane's a scale, negative when aneg:
 * the magnitude of its coefficient at scale places (*rm) and its sign
 * (*rneg, which a zero result may carry); false when |a * b| reaches 2^63
 * (the general path then decides).
 */
static inline __attribute__((always_inline)) bool
pm_mul_round_lane_apply(const pm_mul_round_lane *l, uint64_t am, bool aneg, uint64_t *rm, bool *rneg)
{
	uint64_t	p;

	*rneg = aneg != l->bneg;
	if (__builtin_mul_overflow(am, l->bmag, &p) || p > (uint64_t) INT64_MAX)
		return false;
	*rm = pm_round_lane_apply(&l->round, p, *rneg);
	return true;
}

/*
 * pm_dec_div_round in 64 bits: both operands scaled to integers whose
 * quotient has "places" decimals, one hardware division, and the mode
 * settles the remainder.  PM_OVERFLOW when a scaled operand or the result
 * leaves 64 bits (the general path then decides).
 */
static inline __attribute__((always_inline)) pm_status
pm_dec64_div_round(const pm_dec64 *a, const pm_dec64 *b, int32_t places, pm_round_mode mode,
				   pm_dec64 *r)
{
	int64_t		e = (int64_t) b->scale - a->scale + places;
	int64_t		num = a->coef,
				den = b->coef,
				q,
				rem;
	bool		neg,
				inc;
	pm_status	st;

	if (den == 0)
		return PM_DIV_ZERO;
	if (places > PM_MAX_SCALE || places < -PM_MAX_SCALE)
		return PM_OVERFLOW;
	if (e > 0 && !pm_dec64_mul_pow10(num, e, &num))
		return PM_OVERFLOW;
	if (e < 0 && !pm_dec64_mul_pow10(den, -e, &den))
		return PM_OVERFLOW;
	if (num == INT64_MIN && den == -1)
		return PM_OVERFLOW;
	q = num / den;
	rem = num % den;
	neg = (num < 0) != (den < 0);
	if (rem != 0)
	{
		uint64_t	ar = pm_dec64_magnitude(rem),
					rest = pm_dec64_magnitude(den) - ar;	/* distance to the next multiple */

		st = pm_round_away(mode, neg, (ar > rest) - (ar < rest), (q & 1) != 0, &inc);
		if (st != PM_OK)
			return st;
		if (inc && __builtin_add_overflow(q, neg ? -1 : 1, &q))
			return PM_OVERFLOW;
	}
	/* q counts units of 10^-places: for places < 0, back to an integer */
	if (places < 0)
	{
		if (!pm_dec64_mul_pow10(q, -(int64_t) places, &q))
			return PM_OVERFLOW;
		places = 0;
	}
	r->coef = q;
	r->scale = places;
	return PM_OK;
}

/*
 * pm_dec_cmp in 64 bits: -1, 0 or 1, with *status PM_OK; PM_OVERFLOW when
 * aligning the scales leaves 64 bits (the general path then decides).
 */
static inline int
pm_dec64_cmp(const pm_dec64 *a, const pm_dec64 *b, pm_status *status)
{
	int64_t		ca = a->coef,
				cb = b->coef;

	*status = PM_OK;
	if ((a->scale < b->scale && !pm_dec64_mul_pow10(ca, (int64_t) b->scale - a->scale, &ca)) ||
		(b->scale < a->scale && !pm_dec64_mul_pow10(cb, (int64_t) a->scale - b->scale, &cb)))
	{
		*status = PM_OVERFLOW;
		return 0;
	}
	return (ca > cb) - (ca < cb);
}

#endif							/* PM_DEC64_H */
