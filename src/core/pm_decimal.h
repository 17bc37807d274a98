/*
 * pm_decimal.h: exact fixed-point decimals in a scaled 128-bit integer.
 * Pure C99 (plus the compiler's 128-bit integer); no PostgreSQL headers.
 */
#ifndef PM_DECIMAL_H
#define PM_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef __SIZEOF_INT128__
#error "pricemath needs a compiler with a 128-bit integer type"
#endif

/*
 * Like PostgreSQL's c.h, ask for no more than 8-byte alignment, because the
 * buffers these live in (palloc, arrays) only promise that much.
 */
typedef __int128 pm_i128 __attribute__((aligned(8)));
typedef unsigned __int128 pm_u128 __attribute__((aligned(8)));

/* Status codes; the glue turns them into SQLSTATEs. */
typedef enum pm_status
{
	PM_OK = 0,
	PM_OVERFLOW,				/* does not fit the fixed-point form: fall back */
	PM_DIV_ZERO,				/* division by zero */
	PM_INEXACT,					/* rounding mode "unnecessary" would change it */
	PM_INVALID					/* argument outside its domain */
} pm_status;

/* Rounding modes, as Java's RoundingMode and Python's decimal name them. */
typedef enum pm_round_mode
{
	PM_ROUND_HALF_EVEN = 0,
	PM_ROUND_HALF_UP,
	PM_ROUND_HALF_DOWN,
	PM_ROUND_UP,
	PM_ROUND_DOWN,
	PM_ROUND_CEILING,
	PM_ROUND_FLOOR,
	PM_ROUND_UNNECESSARY
} pm_round_mode;

#define PM_ROUND_MODE_COUNT 8
/* The list the glue shows in hints. */
#define PM_ROUND_MODE_LIST "half_even, half_up, half_down, up, down, ceiling, floor, unnecessary"

/* value = coef * 10^-scale; scale >= 0 */
typedef struct pm_dec
{
	pm_i128		coef;
	int32_t		scale;
} pm_dec;

/*
 * A long core loop calls its tick function, when given one, every
 * PM_TICK_STRIDE steps, so the caller can check for interrupts (in
 * PostgreSQL it may throw: the core holds no resources across a tick).
 */
typedef void (*pm_tick_fn) (void *arg);

#define PM_TICK_STRIDE 4096

/* Largest power of ten a pm_i128 holds. */
#define PM_MAX_POW10 38

/* Base-10000 digits needed for any pm_i128 at any scale (39 digits + padding). */
#define PM_MAX_GROUPS 12

/* Largest scale the fast path keeps; PostgreSQL's own limit is 16383. */
#define PM_MAX_SCALE 16383

extern const pm_i128 pm_pow10[PM_MAX_POW10 + 1];

/* Rounding-mode names. */
extern bool pm_round_mode_parse(const char *name, size_t len, pm_round_mode *mode);
extern const char *pm_round_mode_name(pm_round_mode mode);

/*
 * The one rounding decision every path shares: whether a truncated quotient
 * moves one unit away from zero under mode, given that the remainder is
 * nonzero.  half compares the remainder with half the divisor (< 0 below,
 * 0 a tie, > 0 above); odd says whether the truncated quotient is odd (only
 * read for a tie under half_even).  PM_INEXACT for "unnecessary".
 */
static inline __attribute__((always_inline)) pm_status
pm_round_away(pm_round_mode mode, bool neg, int half, bool odd, bool *away)
{
	switch (mode)
	{
		case PM_ROUND_UP:
			*away = true;
			return PM_OK;
		case PM_ROUND_DOWN:
			*away = false;
			return PM_OK;
		case PM_ROUND_CEILING:
			*away = !neg;
			return PM_OK;
		case PM_ROUND_FLOOR:
			*away = neg;
			return PM_OK;
		case PM_ROUND_HALF_UP:
			*away = half >= 0;
			return PM_OK;
		case PM_ROUND_HALF_DOWN:
			*away = half > 0;
			return PM_OK;
		case PM_ROUND_HALF_EVEN:
			*away = half > 0 || (half == 0 && odd);
			return PM_OK;
		case PM_ROUND_UNNECESSARY:
			return PM_INEXACT;
	}
	return PM_INVALID;
}

/*
 * Round a truncated quotient q (the remainder r of num/den, num and den
 * nonzero den) according to mode.  neg says whether the exact quotient is
 * negative.  Returns PM_INEXACT for "unnecessary" with r != 0.
 */
extern pm_status pm_round_quotient(pm_i128 *q, pm_i128 r, pm_i128 den,
								   bool neg, pm_round_mode mode);

/* Exact arithmetic; PM_OVERFLOW when the result does not fit. */
extern pm_status pm_dec_add(const pm_dec *a, const pm_dec *b, pm_dec *r);
extern pm_status pm_dec_sub(const pm_dec *a, const pm_dec *b, pm_dec *r);
extern pm_status pm_dec_mul(const pm_dec *a, const pm_dec *b, pm_dec *r);
extern int	pm_dec_cmp(const pm_dec *a, const pm_dec *b, pm_status *status);

/* Change the scale upward exactly. */
extern pm_status pm_dec_rescale_up(const pm_dec *a, int32_t scale, pm_dec *r);

/*
 * r = a / b rounded to "places" decimals with mode; the result scale is
 * max(places, 0), as PostgreSQL's round(numeric, int) gives.
 */
extern pm_status pm_dec_div_round(const pm_dec *a, const pm_dec *b, int32_t places,
								  pm_round_mode mode, pm_dec *r);

/* r = a rounded to "places" decimals (negative: tens, hundreds, ...). */
extern pm_status pm_dec_round(const pm_dec *a, int32_t places,
							  pm_round_mode mode, pm_dec *r);

/* r = a rounded to a multiple of inc (inc > 0), at inc's scale. */
extern pm_status pm_dec_round_to(const pm_dec *a, const pm_dec *inc,
								 pm_round_mode mode, pm_dec *r);

/*
 * Conversion from and to PostgreSQL numeric's base-10000 digit form:
 * value = sign * sum(digits[i] * 10000^(weight - i)), shown with dscale
 * decimals.  The encoder strips leading and trailing zero groups, as
 * PostgreSQL's make_result does, and reports weight 0 for zero.
 */
extern pm_status pm_dec_from_base10000(bool neg, int weight, int dscale,
									   const int16_t *digits, int ndigits,
									   pm_dec *r);
extern int	pm_dec_to_base10000(const pm_dec *a, bool *neg, int *weight,
								int16_t digits[PM_MAX_GROUPS]);

/*
 * The 64-bit lane: most prices fit an int64 at their scale, and the array
 * loops decode, compute and encode them without 128-bit arithmetic.  These
 * are inline because they run once per element; each returns false (or a
 * status other than PM_OK) when the value needs the general pm_dec path,
 * and then gives the same answer that path would.
 */
typedef struct pm_dec64
{
	int64_t		coef;
	int32_t		scale;
} pm_dec64;

/* Base-10000 groups pm_dec64_to_base10000 writes (16 digits). */
#define PM_DEC64_MAX_GROUPS 4

extern const uint64_t pm_pow10_u64[20];

/* n / 10^k for 0 <= k <= 19, by constant divisors (no hardware divide). */
static inline uint64_t
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

static inline uint64_t
pm_dec64_magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t) v : (uint64_t) v;
}

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
 * The value of four base-10000 groups in the lanes of w, the most
 * significant in the lowest lane, each already checked below 10000.
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

/* coef of the groups' value acc (< 10^16: ndigits <= 4 groups, weight) at dscale. */
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
 * pm_dec_to_base10000 for a pm_dec64: digits most significant first, zero
 * groups stripped at both ends; returns the count, or -1 when the value is
 * too wide for this path (then use pm_dec_to_base10000).  It always writes
 * PM_DEC64_MAX_GROUPS digits; those past the count are junk.
 */
static inline int
pm_dec64_to_base10000(const pm_dec64 *a, bool *neg, int *weight, int16_t *digits)
{
	uint64_t	m = pm_dec64_magnitude(a->coef),
				hi,
				lanes;
	uint32_t	lo,
				h8;
	int			rpad,
				top,
				low;

	*neg = false;
	*weight = 0;
	if (m == 0)
		return 0;
	if (a->scale < 0)
		return -1;
	*neg = a->coef < 0;

	/* left-justify the last decimals in their group */
	rpad = a->scale & 3;
	if (rpad != 0)
	{
		if (m > UINT64_MAX / 1000)
			return -1;
		m *= (uint64_t) (rpad == 1 ? 1000 : rpad == 2 ? 100 : 10);
	}
	if (m >= 10000000000000000U)
		return -1;				/* five groups: rare, left to the general path */

	/*
	 * The four groups as 16-bit lanes of one word, the least significant
	 * group in the top lane, so that after shifting out the leading zero
	 * groups one little-endian store writes them in numeric's order.
	 * Counting zero lanes with clz/ctz avoids data-dependent branches,
	 * which random prices would mispredict.
	 */
	hi = m / 100000000U;
	h8 = (uint32_t) hi;
	lo = (uint32_t) (m - hi * 100000000U);
	lanes = ((uint64_t) (lo % 10000) << 48) | ((uint64_t) (lo / 10000) << 32) |
		((uint64_t) (h8 % 10000) << 16) | (uint64_t) (h8 / 10000);
	top = 3 - (__builtin_ctzll(lanes) >> 4); /* index of the leading group */
	low = __builtin_clzll(lanes) >> 4;	/* zero groups at the low end */
	lanes >>= 16 * (3 - top);
	/* the lowest group stands for 10000^-ceil(scale / 4) */
	*weight = top - (a->scale + 3) / 4;
	digits[0] = (int16_t) lanes;
	digits[1] = (int16_t) (lanes >> 16);
	digits[2] = (int16_t) (lanes >> 32);
	digits[3] = (int16_t) (lanes >> 48);
	return top - low + 1;
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

/* Text form, as PostgreSQL prints numeric; buf needs 64 + scale bytes. */
extern size_t pm_dec_to_string(const pm_dec *a, char *buf, size_t buflen);
extern pm_status pm_dec_from_string(const char *s, pm_dec *r);

#endif							/* PM_DECIMAL_H */
