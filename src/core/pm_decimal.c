/*
 * pm_decimal.c: exact decimal arithmetic, rounding and digit-group conversion
 * on a scaled 128-bit integer.  Every operation reports overflow instead of
 * wrapping, so that callers can fall back to arbitrary precision.
 */
#include "pm_decimal.h"
#include "pm_dec64.h"

#include <string.h>

#define PM_I128_MAX ((pm_i128) (((pm_u128) 1 << 127) - 1))
#define PM_I128_MIN (-PM_I128_MAX - 1)

#define P10(n) ((pm_i128) n##ULL)
#define P10X(hi, lo) ((pm_i128) hi##ULL * (pm_i128) 10000000000000000000ULL + (pm_i128) lo##ULL)

const pm_i128 pm_pow10[PM_MAX_POW10 + 1] = {
	P10(1), P10(10), P10(100), P10(1000), P10(10000), P10(100000),
	P10(1000000), P10(10000000), P10(100000000), P10(1000000000),
	P10(10000000000), P10(100000000000), P10(1000000000000),
	P10(10000000000000), P10(100000000000000), P10(1000000000000000),
	P10(10000000000000000), P10(100000000000000000),
	P10(1000000000000000000), P10(10000000000000000000),
	P10X(10, 0), P10X(100, 0), P10X(1000, 0), P10X(10000, 0),
	P10X(100000, 0), P10X(1000000, 0), P10X(10000000, 0),
	P10X(100000000, 0), P10X(1000000000, 0), P10X(10000000000, 0),
	P10X(100000000000, 0), P10X(1000000000000, 0),
	P10X(10000000000000, 0), P10X(100000000000000, 0),
	P10X(1000000000000000, 0), P10X(10000000000000000, 0),
	P10X(100000000000000000, 0), P10X(1000000000000000000, 0),
	P10X(10000000000000000000, 0)
};

const uint64_t pm_pow10_u64[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
	1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
	1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL, 10000000000000000000ULL
};

const uint64_t pm_dec64_mul_limit[19] = {
	INT64_MAX, INT64_MAX / 10, INT64_MAX / 100, INT64_MAX / 1000, INT64_MAX / 10000,
	INT64_MAX / 100000, INT64_MAX / 1000000, INT64_MAX / 10000000,
	INT64_MAX / 100000000, INT64_MAX / 1000000000, INT64_MAX / 10000000000,
	INT64_MAX / 100000000000, INT64_MAX / 1000000000000,
	INT64_MAX / 10000000000000, INT64_MAX / 100000000000000,
	INT64_MAX / 1000000000000000, INT64_MAX / 10000000000000000,
	INT64_MAX / 100000000000000000, INT64_MAX / 1000000000000000000
};

/* See pm_pow10_div: mul = ceil(2^(63 + l) / 10^k), shift = l - 1, l = ceil(log2(10^k)). */
const pm_pow10_divisor pm_pow10_divisors[19] = {
	{0, 0},
	{UINT64_C(0xcccccccccccccccd), 3}, {UINT64_C(0xa3d70a3d70a3d70b), 6},
	{UINT64_C(0x83126e978d4fdf3c), 9}, {UINT64_C(0xd1b71758e219652c), 13},
	{UINT64_C(0xa7c5ac471b478424), 16}, {UINT64_C(0x8637bd05af6c69b6), 19},
	{UINT64_C(0xd6bf94d5e57a42bd), 23}, {UINT64_C(0xabcc77118461cefd), 26},
	{UINT64_C(0x89705f4136b4a598), 29}, {UINT64_C(0xdbe6fecebdedd5bf), 33},
	{UINT64_C(0xafebff0bcb24aaff), 36}, {UINT64_C(0x8cbccc096f5088cc), 39},
	{UINT64_C(0xe12e13424bb40e14), 43}, {UINT64_C(0xb424dc35095cd810), 46},
	{UINT64_C(0x901d7cf73ab0acda), 49}, {UINT64_C(0xe69594bec44de15c), 53},
	{UINT64_C(0xb877aa3236a4b44a), 56}, {UINT64_C(0x9392ee8e921d5d08), 59}
};

/* The names, in the order of pm_round_mode. */
static const pm_name mode_names[PM_ROUND_MODE_COUNT] = {
	PM_NAME("half_even"), PM_NAME("half_up"), PM_NAME("half_down"), PM_NAME("up"),
	PM_NAME("down"), PM_NAME("ceiling"), PM_NAME("floor"), PM_NAME("unnecessary")
};

PM_NAME_PARSER(pm_round_mode_parse, pm_round_mode, mode_names)

const char *
pm_round_mode_name(pm_round_mode mode)
{
	if ((int) mode < 0 || mode >= PM_ROUND_MODE_COUNT)
		return "?";
	return mode_names[mode].name;
}

/* Whether v fits an int64, where 64-bit instructions do the work faster. */
static inline bool
fits_i64(pm_i128 v)
{
	return v >= INT64_MIN && v <= INT64_MAX;
}

/* |v|, also for the most negative pm_i128 (computed unsigned). */
static inline pm_u128
magnitude(pm_i128 v)
{
	return v < 0 ? -(pm_u128) v : (pm_u128) v;
}

/*
 * Checked multiply.  __builtin_mul_overflow on 128-bit operands needs a
 * runtime helper that libgcc lacks under clang, so the wide case is done
 * by hand in 64-bit halves.
 */
static inline bool
mul_i128(pm_i128 a, pm_i128 b, pm_i128 *r)
{
	pm_u128		ua,
				ub,
				lo,
				cross,
				prod;
	uint64_t	ah,
				al,
				bh,
				bl;
	bool		neg;

	if (fits_i64(a) && fits_i64(b))
	{
		*r = a * b;				/* |a*b| < 2^126: cannot overflow */
		return true;
	}
	neg = (a < 0) != (b < 0);
	ua = magnitude(a);
	ub = magnitude(b);
	ah = (uint64_t) (ua >> 64);
	al = (uint64_t) ua;
	bh = (uint64_t) (ub >> 64);
	bl = (uint64_t) ub;
	if (ah != 0 && bh != 0)
		return false;
	cross = (pm_u128) ah * bl + (pm_u128) al * bh;
	if (cross >> 64)
		return false;
	lo = (pm_u128) al * bl;
	prod = lo + (cross << 64);
	if (prod < lo)
		return false;
	if (neg)
	{
		if (prod > (pm_u128) 1 << 127)
			return false;
		*r = (pm_i128) (0 - prod);
	}
	else
	{
		if (prod > (pm_u128) PM_I128_MAX)
			return false;
		*r = (pm_i128) prod;
	}
	return true;
}

/* Exact a * 10^k for 0 <= k; false when it does not fit. */
static inline bool
mul_pow10(pm_i128 a, int64_t k, pm_i128 *r)
{
	if (a == 0)
	{
		*r = 0;
		return true;
	}
	if (k < 0 || k > PM_MAX_POW10)
		return false;
	return mul_i128(a, pm_pow10[k], r);
}

/* Truncating division; den != 0 and not (INT128_MIN / -1). */
static inline void
divmod_i128(pm_i128 num, pm_i128 den, pm_i128 *q, pm_i128 *r)
{
	if (fits_i64(num) && fits_i64(den) && !(num == INT64_MIN && den == -1))
	{
		int64_t		n = (int64_t) num,
					d = (int64_t) den;

		*q = n / d;
		*r = n % d;
	}
	else
	{
		*q = num / den;
		*r = num % den;
	}
}

/*
 * Round the truncated quotient q of num / den, whose remainder is r, by
 * mode; neg says whether the exact quotient is negative.  For 7 / 2 (q 3,
 * r 1) the remainder is exactly half of den, so half_even gives 4 and
 * half_down 3.  PM_INEXACT for "unnecessary" with r != 0.
 */
static inline pm_status
round_quotient(pm_i128 *q, pm_i128 r, pm_i128 den, bool neg,
			   pm_round_mode mode)
{
	pm_u128		ar,
				rest;
	bool		inc;
	pm_status	st;

	if (r == 0)
		return PM_OK;
	ar = magnitude(r);
	rest = magnitude(den) - ar; /* distance to the next multiple */
	st = pm_round_away(mode, neg, (ar > rest) - (ar < rest), (*q & 1) != 0, &inc);
	if (st != PM_OK)
		return st;
	if (inc)
	{
		if (__builtin_add_overflow(*q, neg ? -1 : 1, q))
			return PM_OVERFLOW;
	}
	return PM_OK;
}

pm_status
pm_dec_rescale_up(const pm_dec *a, int32_t scale, pm_dec *r)
{
	pm_i128		c;

	if (scale < a->scale || scale > PM_MAX_SCALE)
		return PM_OVERFLOW;
	if (!mul_pow10(a->coef, (int64_t) scale - a->scale, &c))
		return PM_OVERFLOW;
	r->coef = c;
	r->scale = scale;
	return PM_OK;
}

/* Bring a and b to their common (larger) scale. */
static inline pm_status
align(const pm_dec *a, const pm_dec *b, pm_i128 *ca, pm_i128 *cb, int32_t *scale)
{
	*ca = a->coef;
	*cb = b->coef;
	*scale = a->scale;
	if (a->scale < b->scale)
	{
		*scale = b->scale;
		if (!mul_pow10(a->coef, (int64_t) b->scale - a->scale, ca))
			return PM_OVERFLOW;
	}
	else if (b->scale < a->scale)
	{
		if (!mul_pow10(b->coef, (int64_t) a->scale - b->scale, cb))
			return PM_OVERFLOW;
	}
	return PM_OK;
}

/* a + b, or a - b when sub; inlined into both, where sub is a constant. */
static inline __attribute__((always_inline)) pm_status
add_sub(const pm_dec *a, const pm_dec *b, bool sub, pm_dec *r)
{
	pm_i128		ca,
				cb,
				c;
	int32_t		s;
	bool		ovf;

	if (align(a, b, &ca, &cb, &s) != PM_OK)
		return PM_OVERFLOW;
	ovf = sub ? __builtin_sub_overflow(ca, cb, &c) : __builtin_add_overflow(ca, cb, &c);
	if (ovf)
		return PM_OVERFLOW;
	r->coef = c;
	r->scale = s;
	return PM_OK;
}

pm_status
pm_dec_add(const pm_dec *a, const pm_dec *b, pm_dec *r)
{
	return add_sub(a, b, false, r);
}

pm_status
pm_dec_sub(const pm_dec *a, const pm_dec *b, pm_dec *r)
{
	return add_sub(a, b, true, r);
}

pm_status
pm_dec_mul(const pm_dec *a, const pm_dec *b, pm_dec *r)
{
	pm_i128		c;
	int64_t		s = (int64_t) a->scale + b->scale;

	if (s > PM_MAX_SCALE || !mul_i128(a->coef, b->coef, &c))
		return PM_OVERFLOW;
	r->coef = c;
	r->scale = (int32_t) s;
	return PM_OK;
}

int
pm_dec_cmp(const pm_dec *a, const pm_dec *b, pm_status *status)
{
	pm_i128		ca,
				cb;
	int32_t		s;

	*status = align(a, b, &ca, &cb, &s);
	if (*status != PM_OK)
		return 0;
	return (ca > cb) - (ca < cb);
}

/*
 * Both operands are brought to integers whose quotient has "places"
 * decimals: 1 / 3 at places 2 divides 100 by 3, giving 33 with remainder 1,
 * which round_quotient then settles.
 */
pm_status
pm_dec_div_round(const pm_dec *a, const pm_dec *b, int32_t places,
				 pm_round_mode mode, pm_dec *r)
{
	int64_t		e = (int64_t) b->scale - a->scale + places;
	pm_i128		num = a->coef,
				den = b->coef,
				q,
				rem;
	pm_status	st;

	if (den == 0)
		return PM_DIV_ZERO;
	if (places > PM_MAX_SCALE || places < -PM_MAX_SCALE)
		return PM_OVERFLOW;
	if (e > 0 && !mul_pow10(num, e, &num))
		return PM_OVERFLOW;
	if (e < 0 && !mul_pow10(den, -e, &den))
		return PM_OVERFLOW;
	if (num == PM_I128_MIN && den == -1)
		return PM_OVERFLOW;
	divmod_i128(num, den, &q, &rem);
	st = round_quotient(&q, rem, den, (num < 0) != (den < 0), mode);
	if (st != PM_OK)
		return st;
	/* q counts units of 10^-places: for places < 0, back to an integer */
	if (places < 0)
	{
		if (!mul_pow10(q, -(int64_t) places, &q))
			return PM_OVERFLOW;
		places = 0;
	}
	r->coef = q;
	r->scale = places;
	return PM_OK;
}

pm_status
pm_dec_round(const pm_dec *a, int32_t places, pm_round_mode mode, pm_dec *r)
{
	static const pm_dec one = {1, 0};
	int64_t		k = (int64_t) a->scale - places;

	if (k <= 0)
		return pm_dec_rescale_up(a, places, r);
	if (k <= 18 && fits_i64(a->coef))
	{
		/*
		 * The common case, a 64-bit coefficient and a power-of-ten divisor,
		 * is the 64-bit lane's; its PM_OVERFLOW (a result that needs more
		 * than 64 bits) leaves the answer to the general division.
		 */
		pm_dec64	a64 = {(int64_t) a->coef, a->scale},
					r64;
		pm_status	st = pm_dec64_round(&a64, places, mode, &r64);

		if (st == PM_OK)
			pm_dec64_to_dec(&r64, r);
		if (st != PM_OVERFLOW)
			return st;
	}
	return pm_dec_div_round(a, &one, places, mode, r);
}

pm_status
pm_dec_round_to(const pm_dec *a, const pm_dec *inc, pm_round_mode mode, pm_dec *r)
{
	pm_dec		q;
	pm_status	st;

	if (inc->coef <= 0)
		return PM_INVALID;
	st = pm_dec_div_round(a, inc, 0, mode, &q);
	if (st != PM_OK)
		return st;
	if (!mul_i128(q.coef, inc->coef, &r->coef))
		return PM_OVERFLOW;
	r->scale = inc->scale;
	return PM_OK;
}

pm_status
pm_dec_from_base10000(bool neg, int weight, int dscale, const int16_t *digits,
					  int ndigits, pm_dec *r)
{
	pm_u128		mag = 0;
	int64_t		e;
	int			i = 0;

	if (dscale < 0 || dscale > PM_MAX_SCALE)
		return PM_OVERFLOW;
	if (ndigits == 0)
	{
		r->coef = 0;
		r->scale = dscale;
		return PM_OK;
	}
	if (ndigits > 10)
		return PM_OVERFLOW;

	/*
	 * Prices (at most four groups, a value that fits an int64) are the
	 * 64-bit lane's.  What it refuses, the general path below decides:
	 * a group out of range, padding that is not zero, or a wider value.
	 * The lane computes the shift in an int, which any weight numeric's
	 * int16 header holds cannot overflow.
	 */
	if (ndigits <= 4 && weight >= INT16_MIN && weight <= INT16_MAX)
	{
		pm_dec64	r64;

		if (pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, &r64))
		{
			pm_dec64_to_dec(&r64, r);
			return PM_OK;
		}
	}

	/* Up to four groups fit a uint64 (10^16 < 2^64). */
	{
		uint64_t	acc = 0;
		int			n = ndigits < 4 ? ndigits : 4;

		for (; i < n; i++)
		{
			if (digits[i] < 0 || digits[i] >= 10000)
				return PM_INVALID;
			acc = acc * 10000 + (uint64_t) digits[i];
		}
		mag = acc;
	}
	for (; i < ndigits; i++)
	{
		if (digits[i] < 0 || digits[i] >= 10000)
			return PM_INVALID;
		if (mag > (((pm_u128) 1 << 127) - 1) / 10000)
			return PM_OVERFLOW;
		mag = mag * 10000 + (pm_u128) digits[i];
	}
	if (mag > (pm_u128) PM_I128_MAX)
		return PM_OVERFLOW;

	/* The last group stands for 10000^(weight - ndigits + 1). */
	e = 4 * ((int64_t) weight - ndigits + 1) + dscale;
	if (e >= 0)
	{
		pm_i128		c;

		if (!mul_pow10((pm_i128) mag, e, &c))
			return PM_OVERFLOW;
		r->coef = neg ? -c : c;
	}
	else
	{
		/* Only zero padding may lie beyond dscale. */
		if (-e > PM_MAX_POW10)
			return PM_OVERFLOW;
		if (mag <= UINT64_MAX && -e < 20)
		{
			uint64_t	m = (uint64_t) mag,
						q = pm_div_pow10_u64(m, (int) -e);

			if (q * pm_pow10_u64[-e] != m)
				return PM_OVERFLOW;
			mag = q;
		}
		else
		{
			pm_u128		p = (pm_u128) pm_pow10[-e];

			if (mag % p != 0)
				return PM_OVERFLOW;
			mag /= p;
		}
		r->coef = neg ? -(pm_i128) mag : (pm_i128) mag;
	}
	r->scale = dscale;
	return PM_OK;
}

/*
 * The groups are cut from the low end: {1234, 2} (12.34) has two decimals
 * left over past whole groups (rpad 2), which fill the lowest group
 * left-justified as 3400; the 12 above them is the next group, so the
 * digits are {12, 3400} with weight 0.
 */
int
pm_dec_to_base10000(const pm_dec *a, bool *neg, int *weight,
					int16_t digits[PM_MAX_GROUPS])
{
	int16_t		tmp[PM_MAX_GROUPS];
	int			n = 0;
	int			low_weight;
	int			rpad = a->scale % 4;
	int			first,
				count;
	pm_u128		mag = magnitude(a->coef);

	*neg = false;
	*weight = 0;
	if (mag == 0)
		return 0;
	*neg = a->coef < 0;

	low_weight = -(a->scale / 4);
	if (rpad != 0)
		low_weight--;
	if (mag <= UINT64_MAX)
	{
		/* the common case, in 64-bit arithmetic (division by constants) */
		uint64_t	m = (uint64_t) mag;

		switch (rpad)
		{
			case 1:
				tmp[n++] = (int16_t) ((m % 10) * 1000);
				m /= 10;
				break;
			case 2:
				tmp[n++] = (int16_t) ((m % 100) * 100);
				m /= 100;
				break;
			case 3:
				tmp[n++] = (int16_t) ((m % 1000) * 10);
				m /= 1000;
				break;
		}
		while (m != 0)
		{
			tmp[n++] = (int16_t) (m % 10000);
			m /= 10000;
		}
	}
	else
	{
		if (rpad != 0)
		{
			/* The lowest group holds the last rpad decimals, left-justified. */
			uint32_t	p = (uint32_t) pm_pow10[rpad];

			tmp[n++] = (int16_t) ((uint32_t) (mag % p) * (10000 / p));
			mag /= p;
		}
		while (mag != 0)
		{
			tmp[n++] = (int16_t) (mag % 10000);
			mag /= 10000;
		}
	}
	/* tmp is least significant first; drop zero groups at the low end */
	first = 0;
	while (first < n && tmp[first] == 0)
		first++;
	count = n - first;
	*weight = low_weight + n - 1;
	for (int i = 0; i < count; i++)
		digits[i] = tmp[n - 1 - i];
	return count;
}

size_t
pm_dec_to_string(const pm_dec *a, char *buf, size_t buflen)
{
	char		rev[48];
	int			nd = 0;
	pm_u128		mag = magnitude(a->coef);
	size_t		pos = 0;

	do
	{
		rev[nd++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag != 0);

	if (a->scale < 0 || buflen < (size_t) nd + (size_t) a->scale + 4)
	{
		if (buflen > 0)
			buf[0] = '\0';
		return 0;
	}
	if (a->coef < 0)
		buf[pos++] = '-';
	/* rev is least significant first: the integer digits are rev[nd - 1 ..= scale] */
	if (nd <= a->scale)
		buf[pos++] = '0';
	else
		for (int i = nd - 1; i >= a->scale; i--)
			buf[pos++] = rev[i];
	if (a->scale > 0)
	{
		buf[pos++] = '.';
		for (int i = a->scale - 1; i >= 0; i--)
			buf[pos++] = i < nd ? rev[i] : '0';
	}
	buf[pos] = '\0';
	return pos;
}

pm_status
pm_dec_from_string(const char *s, pm_dec *r)
{
	bool		neg = false,
				seen_point = false,
				any = false;
	pm_i128		c = 0;
	int32_t		scale = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s; s++)
	{
		if (*s == '.' && !seen_point)
		{
			seen_point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return PM_INVALID;
		any = true;
		if (!mul_i128(c, 10, &c) || __builtin_add_overflow(c, *s - '0', &c))
			return PM_OVERFLOW;
		if (seen_point && ++scale > PM_MAX_SCALE)
			return PM_OVERFLOW;
	}
	if (!any)
		return PM_INVALID;
	r->coef = neg ? -c : c;
	r->scale = scale;
	return PM_OK;
}
