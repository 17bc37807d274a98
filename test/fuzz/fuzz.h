/*
 * fuzz.h: what the core's libFuzzer targets share: a reader that turns the
 * input bytes into values, the failure report, and an independent reference
 * for exact decimals (a small unsigned bignum) that checks the core's
 * results without using any of its code.
 */
#ifndef PM_FUZZ_H
#define PM_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_decimal.h"

typedef unsigned __int128 fz_u128;
typedef __int128 fz_i128;

#define FZ_I128_MAX ((fz_i128) (((fz_u128) 1 << 127) - 1))
#define FZ_I128_MIN (-FZ_I128_MAX - 1)

/* ---- failure report ---- */

/* A broken property: say which, and abort so libFuzzer keeps the input. */
static inline void __attribute__((noreturn, format(printf, 4, 5)))
fz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list		ap;

	fprintf(stderr, "\n%s:%d: property violated: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* ---- input reader: past the end every read gives zeros ---- */

typedef struct fz_in
{
	const uint8_t *p;
	size_t		n;
} fz_in;

/* The next nbytes (<= 8) as a little-endian integer. */
static inline uint64_t
fz_bytes(fz_in *in, int nbytes)
{
	uint64_t	v = 0;

	for (int i = 0; i < nbytes; i++)
	{
		uint64_t	b = 0;

		if (in->n > 0)
		{
			b = *in->p++;
			in->n--;
		}
		v |= b << (8 * i);
	}
	return v;
}

static inline uint8_t
fz_u8(fz_in *in)
{
	return (uint8_t) fz_bytes(in, 1);
}

static inline uint16_t
fz_u16(fz_in *in)
{
	return (uint16_t) fz_bytes(in, 2);
}

static inline uint64_t
fz_u64(fz_in *in)
{
	return fz_bytes(in, 8);
}

/* An integer in [lo, hi], from one or two bytes. */
static inline int
fz_range(fz_in *in, int lo, int hi)
{
	unsigned	span = (unsigned) (hi - lo) + 1;
	unsigned	v = span <= 256 ? fz_u8(in) : fz_u16(in);

	return lo + (int) (v % span);
}

/* 10^k as an unsigned 128-bit integer, 0 <= k <= 38; the reference's own table. */
static inline fz_u128
fz_pow10(int k)
{
	fz_u128		p = 1;

	while (k-- > 0)
		p *= 10;
	return p;
}

/*
 * A coefficient of varied size, with extra weight on the values where code
 * changes paths: zero, one, powers of ten and their neighbours, ties (5 *
 * 10^k), the 64-bit and 128-bit limits.
 */
static inline fz_i128
fz_coef(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	bool		neg = sel & 0x80;
	fz_u128		m;

	switch (sel & 7)
	{
		case 0:
			m = fz_u8(in);
			break;
		case 1:
			m = fz_u16(in);
			break;
		case 2:
			m = fz_bytes(in, 4);
			break;
		case 3:
			m = fz_u64(in);
			break;
		case 4:
			m = ((fz_u128) fz_u64(in) << 64 | fz_u64(in)) >> (fz_u8(in) % 128);
			break;
		case 5:
			{
				int			k = fz_range(in, 0, 38);
				int			d = fz_range(in, -2, 2);

				m = fz_pow10(k) + (fz_u128) (fz_i128) d;
				break;
			}
		case 6:
			m = 5 * fz_pow10(fz_range(in, 0, 37)) * (1 + fz_u8(in) % 3);
			break;
		default:
			{
				static const fz_u128 edges[] = {
					0, 1, 2, 9999, 10000, 10001, INT64_MAX, (fz_u128) INT64_MAX + 1,
					UINT64_MAX, (fz_u128) UINT64_MAX + 1, ((fz_u128) 1 << 126),
					((fz_u128) 1 << 127) - 1, (fz_u128) 1 << 127
				};

				m = edges[fz_u8(in) % (sizeof(edges) / sizeof(edges[0]))];
				break;
			}
	}
	if (m > ((fz_u128) 1 << 127))
		m = ((fz_u128) 1 << 127) - 1;
	if (m == ((fz_u128) 1 << 127))
		return neg ? FZ_I128_MIN : FZ_I128_MAX;
	return neg ? -(fz_i128) m : (fz_i128) m;
}

/* A scale: mostly a price's, sometimes wide, rarely at the core's limit. */
static inline int32_t
fz_scale(fz_in *in)
{
	uint8_t		sel = fz_u8(in);

	if (sel < 160)
		return sel % 9;
	if (sel < 240)
		return sel % 45;
	if (sel < 250)
		return fz_range(in, 0, 400);
	return PM_MAX_SCALE - (sel & 1);
}

static inline pm_dec
fz_dec(fz_in *in)
{
	pm_dec		d;

	d.coef = fz_coef(in);
	d.scale = fz_scale(in);
	return d;
}

/* ---- printing, without the core's own formatter ---- */

/* v in decimal, into buf (at least 48 bytes). */
static inline const char *
fz_i128_str(fz_i128 v, char *buf)
{
	fz_u128		m = v < 0 ? -(fz_u128) v : (fz_u128) v;
	const uint64_t e19 = UINT64_C(10000000000000000000);
	uint64_t	lo = (uint64_t) (m % e19);
	fz_u128		rest = m / e19;
	uint64_t	mid = (uint64_t) (rest % e19),
				hi = (uint64_t) (rest / e19);
	const char *sign = v < 0 ? "-" : "";

	if (hi != 0)
		snprintf(buf, 48, "%s%llu%019llu%019llu", sign, (unsigned long long) hi,
				 (unsigned long long) mid, (unsigned long long) lo);
	else if (mid != 0)
		snprintf(buf, 48, "%s%llu%019llu", sign, (unsigned long long) mid,
				 (unsigned long long) lo);
	else
		snprintf(buf, 48, "%s%llu", sign, (unsigned long long) lo);
	return buf;
}

/* "coef e-scale", for messages; a few rotating buffers. */
static inline const char *
fz_dec_str(const pm_dec *d)
{
	static char bufs[8][80];
	static int	next;
	char	   *b = bufs[next++ % 8];
	char		c[48];

	snprintf(b, 80, "%se-%d", fz_i128_str(d->coef, c), (int) d->scale);
	return b;
}

/* ---- reference bignum: unsigned magnitudes in 32-bit limbs ---- */

#define BN_LIMBS 40				/* 1280 bits: up to 2^1200 for checks on doubles */

typedef struct bn
{
	uint32_t	l[BN_LIMBS];	/* least significant first */
} bn;

static inline bn
bn_u128(fz_u128 v)
{
	bn			r;

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < 4; i++)
		r.l[i] = (uint32_t) (v >> (32 * i));
	return r;
}

/* Limbs in use. */
static inline int
bn_len(const bn *a)
{
	int			n = BN_LIMBS;

	while (n > 0 && a->l[n - 1] == 0)
		n--;
	return n;
}

static inline bool
bn_is_zero(const bn *a)
{
	return bn_len(a) == 0;
}

static inline int
bn_cmp(const bn *a, const bn *b)
{
	for (int i = BN_LIMBS - 1; i >= 0; i--)
		if (a->l[i] != b->l[i])
			return a->l[i] > b->l[i] ? 1 : -1;
	return 0;
}

static inline bn
bn_add(const bn *a, const bn *b)
{
	bn			r;
	uint64_t	c = 0;

	for (int i = 0; i < BN_LIMBS; i++)
	{
		c += (uint64_t) a->l[i] + b->l[i];
		r.l[i] = (uint32_t) c;
		c >>= 32;
	}
	FZ_CHECK(c == 0, "reference bignum overflow in add");
	return r;
}

/* a - b for a >= b. */
static inline bn
bn_sub(const bn *a, const bn *b)
{
	bn			r;
	int64_t		c = 0;

	for (int i = 0; i < BN_LIMBS; i++)
	{
		c += (int64_t) a->l[i] - b->l[i];
		r.l[i] = (uint32_t) c;
		c = c < 0 ? -1 : 0;
	}
	FZ_CHECK(c == 0, "reference bignum: subtraction went negative");
	return r;
}

static inline bn
bn_mul(const bn *a, const bn *b)
{
	bn			r;
	int			na = bn_len(a),
				nb = bn_len(b);

	memset(&r, 0, sizeof(r));
	for (int i = 0; i < na; i++)
	{
		uint64_t	c = 0;

		for (int j = 0; j < nb; j++)
		{
			FZ_CHECK(i + j < BN_LIMBS, "reference bignum overflow in mul");
			c += (uint64_t) a->l[i] * b->l[j] + r.l[i + j];
			r.l[i + j] = (uint32_t) c;
			c >>= 32;
		}
		if (c != 0)
		{
			FZ_CHECK(i + nb < BN_LIMBS, "reference bignum overflow in mul");
			r.l[i + nb] = (uint32_t) c;
		}
	}
	return r;
}

static inline bn
bn_mul_small(const bn *a, uint32_t m)
{
	bn			r;
	uint64_t	c = 0;

	for (int i = 0; i < BN_LIMBS; i++)
	{
		c += (uint64_t) a->l[i] * m;
		r.l[i] = (uint32_t) c;
		c >>= 32;
	}
	FZ_CHECK(c == 0, "reference bignum overflow in mul_small");
	return r;
}

/* a * 10^k, 0 <= k <= 400 (and the product within the bignum). */
static inline bn
bn_mul_pow10(const bn *a, int k)
{
	bn			r = *a;

	FZ_CHECK(k >= 0 && k <= 400, "reference bignum: 10^%d out of range", k);
	for (; k >= 9; k -= 9)
		r = bn_mul_small(&r, 1000000000U);
	for (; k > 0; k--)
		r = bn_mul_small(&r, 10);
	return r;
}

static inline bn
bn_pow10(int k)
{
	bn			one = bn_u128(1);

	return bn_mul_pow10(&one, k);
}

/* q = a / b, r = a % b (b nonzero), by binary long division over the limbs in use. */
static inline void
bn_divmod(const bn *a, const bn *b, bn *q, bn *r)
{
	int			na = bn_len(a),
				nb = bn_len(b),
				nr;

	FZ_CHECK(nb > 0, "reference bignum: division by zero");
	nr = nb < BN_LIMBS ? nb + 1 : BN_LIMBS;	/* r < 2b */
	memset(q, 0, sizeof(*q));
	memset(r, 0, sizeof(*r));
	for (int bit = 32 * na - 1; bit >= 0; bit--)
	{
		int			c = 0;

		for (int i = nr - 1; i > 0; i--)
			r->l[i] = (r->l[i] << 1) | (r->l[i - 1] >> 31);
		r->l[0] = (r->l[0] << 1) | ((a->l[bit / 32] >> (bit % 32)) & 1);
		for (int i = nr - 1; i >= 0 && c == 0; i--)
			if (r->l[i] != b->l[i])
				c = r->l[i] > b->l[i] ? 1 : -1;
		if (c >= 0)
		{
			int64_t		borrow = 0;

			for (int i = 0; i < nr; i++)
			{
				borrow += (int64_t) r->l[i] - b->l[i];
				r->l[i] = (uint32_t) borrow;
				borrow = borrow < 0 ? -1 : 0;
			}
			q->l[bit / 32] |= UINT32_C(1) << (bit % 32);
		}
	}
}

/* Bits in a (0 for zero). */
static inline int
bn_bits(const bn *a)
{
	int			n = bn_len(a);

	return n == 0 ? 0 : 32 * (n - 1) + (32 - __builtin_clz(a->l[n - 1]));
}

/* Whether a < 2^bits. */
static inline bool
bn_below_pow2(const bn *a, int bits)
{
	for (int i = BN_LIMBS - 1; i >= 0; i--)
	{
		if (a->l[i] == 0)
			continue;
		return 32 * i + (32 - __builtin_clz(a->l[i])) <= bits;
	}
	return true;
}

/* a << k. */
static inline bn
bn_shl(const bn *a, int k)
{
	bn			r;
	int			w = k / 32,
				b = k % 32;

	for (int i = BN_LIMBS - 1; i >= 0; i--)
	{
		uint32_t	hi = i - w >= 0 ? a->l[i - w] : 0,
					lo = i - w - 1 >= 0 ? a->l[i - w - 1] : 0;

		r.l[i] = b == 0 ? hi : (hi << b) | (lo >> (32 - b));
	}
	FZ_CHECK(bn_below_pow2(a, 32 * BN_LIMBS - k), "reference bignum overflow in shl");
	return r;
}

static inline fz_u128
bn_to_u128(const bn *a)
{
	fz_u128		v = 0;

	FZ_CHECK(bn_below_pow2(a, 128), "reference bignum: does not fit 128 bits");
	for (int i = 3; i >= 0; i--)
		v = v << 32 | a->l[i];
	return v;
}

/* a / d, *rem = a % d, for a small divisor. */
static inline bn
bn_div_small(const bn *a, uint32_t d, uint32_t *rem)
{
	bn			q;
	uint64_t	r = 0;

	for (int i = BN_LIMBS - 1; i >= 0; i--)
	{
		uint64_t	cur = (r << 32) | a->l[i];

		q.l[i] = (uint32_t) (cur / d);
		r = cur % d;
	}
	*rem = (uint32_t) r;
	return q;
}

/* a in decimal (buf of at least 400 bytes). */
static inline const char *
bn_str(const bn *a, char *buf)
{
	uint32_t	chunks[48];
	int			n = 0;
	bn			v = *a;
	size_t		pos = 0;

	do
	{
		v = bn_div_small(&v, 1000000000U, &chunks[n++]);
	} while (!bn_is_zero(&v));
	pos += (size_t) sprintf(buf, "%u", chunks[n - 1]);
	for (int i = n - 2; i >= 0; i--)
		pos += (size_t) sprintf(buf + pos, "%09u", chunks[i]);
	return buf;
}

/* ---- signed reference values ---- */

typedef struct sbn
{
	bool		neg;			/* never set for zero */
	bn			m;
} sbn;

static inline sbn
sbn_i128(fz_i128 v)
{
	sbn			r;

	r.neg = v < 0;
	r.m = bn_u128(v < 0 ? -(fz_u128) v : (fz_u128) v);
	return r;
}

static inline sbn
sbn_make(bool neg, const bn *m)
{
	sbn			r;

	r.m = *m;
	r.neg = neg && !bn_is_zero(m);
	return r;
}

static inline sbn
sbn_neg(const sbn *a)
{
	return sbn_make(!a->neg, &a->m);
}

static inline sbn
sbn_add(const sbn *a, const sbn *b)
{
	if (a->neg == b->neg)
	{
		bn			m = bn_add(&a->m, &b->m);

		return sbn_make(a->neg, &m);
	}
	if (bn_cmp(&a->m, &b->m) >= 0)
	{
		bn			m = bn_sub(&a->m, &b->m);

		return sbn_make(a->neg, &m);
	}
	else
	{
		bn			m = bn_sub(&b->m, &a->m);

		return sbn_make(b->neg, &m);
	}
}

static inline sbn
sbn_sub(const sbn *a, const sbn *b)
{
	sbn			nb = sbn_neg(b);

	return sbn_add(a, &nb);
}

static inline sbn
sbn_mul(const sbn *a, const sbn *b)
{
	bn			m = bn_mul(&a->m, &b->m);

	return sbn_make(a->neg != b->neg, &m);
}

static inline int
sbn_cmp(const sbn *a, const sbn *b)
{
	int			c;

	if (a->neg != b->neg)
		return a->neg ? -1 : 1;
	c = bn_cmp(&a->m, &b->m);
	return a->neg ? -c : c;
}

/* Whether v fits a signed 128-bit integer. */
static inline bool
sbn_fits_i128(const sbn *v)
{
	bn			lim = bn_u128((fz_u128) 1 << 127);

	return v->neg ? bn_cmp(&v->m, &lim) <= 0 : bn_cmp(&v->m, &lim) < 0;
}

static inline fz_i128
sbn_to_i128(const sbn *v)
{
	fz_u128		m = bn_to_u128(&v->m);

	return v->neg ? (fz_i128) (0 - m) : (fz_i128) m;
}

/* Whether v is exactly pm_dec d's coefficient. */
static inline bool
sbn_eq_i128(const sbn *v, fz_i128 c)
{
	sbn			w = sbn_i128(c);

	return sbn_cmp(v, &w) == 0;
}

/*
 * A decimal's coefficient at a scale >= its own: coef * 10^(to - scale), or
 * (for a shift past 10^80) *huge set and the value left unscaled: it is
 * then beyond 10^80, far past any 128-bit value, and only its sign matters.
 */
static inline sbn
sbn_at_scale(const pm_dec *d, int64_t to, bool *huge)
{
	sbn			v = sbn_i128(d->coef);
	int64_t		k = to - d->scale;

	*huge = false;
	FZ_CHECK(k >= 0, "sbn_at_scale: scale goes down");
	if (d->coef == 0)
		return v;
	if (k > 80)
	{
		*huge = true;
		return v;
	}
	v.m = bn_mul_pow10(&v.m, (int) k);
	return v;
}

/*
 * The reference rounding of the exact quotient n / d (d > 0 magnitudes, neg
 * the quotient's sign) to an integer: PM_OK and the rounded magnitude, or
 * PM_INEXACT for "unnecessary" when it is not an integer.  The decision is
 * spelt out per mode, apart from the core's pm_round_away.
 */
static inline pm_status
ref_round_div(const bn *n, const bn *d, bool neg, pm_round_mode mode, bn *q)
{
	bn			r,
				twice;
	int			half;
	bool		away;

	bn_divmod(n, d, q, &r);
	if (bn_is_zero(&r))
		return PM_OK;
	twice = bn_add(&r, &r);
	half = bn_cmp(&twice, d);	/* remainder against half the divisor */
	switch (mode)
	{
		case PM_ROUND_UP:
			away = true;
			break;
		case PM_ROUND_DOWN:
			away = false;
			break;
		case PM_ROUND_CEILING:
			away = !neg;
			break;
		case PM_ROUND_FLOOR:
			away = neg;
			break;
		case PM_ROUND_HALF_UP:
			away = half >= 0;
			break;
		case PM_ROUND_HALF_DOWN:
			away = half > 0;
			break;
		case PM_ROUND_HALF_EVEN:
			away = half > 0 || (half == 0 && (q->l[0] & 1));
			break;
		default:
			return PM_INEXACT;
	}
	if (away)
	{
		bn			one = bn_u128(1);

		*q = bn_add(q, &one);
	}
	return PM_OK;
}

/* ---- reference decimals: a bignum coefficient and a scale ---- */

typedef struct rdec
{
	sbn			v;
	int32_t		scale;
} rdec;

static inline rdec
rdec_of(const pm_dec *d)
{
	rdec		r;

	r.v = sbn_i128(d->coef);
	r.scale = d->scale;
	return r;
}

/* a's coefficient at scale s >= a's (s - scale <= 400). */
static inline sbn
rdec_at(const rdec *a, int32_t s)
{
	sbn			v = a->v;

	FZ_CHECK(s >= a->scale, "rdec_at: scale goes down");
	v.m = bn_mul_pow10(&v.m, s - a->scale);
	return v;
}

static inline rdec
rdec_add(const rdec *a, const rdec *b)
{
	rdec		r;
	sbn			x,
				y;

	r.scale = a->scale > b->scale ? a->scale : b->scale;
	x = rdec_at(a, r.scale);
	y = rdec_at(b, r.scale);
	r.v = sbn_add(&x, &y);
	return r;
}

static inline rdec
rdec_sub(const rdec *a, const rdec *b)
{
	rdec		nb = *b;

	nb.v = sbn_neg(&b->v);
	return rdec_add(a, &nb);
}

static inline rdec
rdec_mul(const rdec *a, const rdec *b)
{
	rdec		r;

	r.v = sbn_mul(&a->v, &b->v);
	r.scale = a->scale + b->scale;
	return r;
}

static inline int
rdec_cmp(const rdec *a, const rdec *b)
{
	int32_t		s = a->scale > b->scale ? a->scale : b->scale;
	sbn			x = rdec_at(a, s),
				y = rdec_at(b, s);

	return sbn_cmp(&x, &y);
}

/* Whether a's coefficient at scale s fits 128 bits. */
static inline bool
rdec_fits_at(const rdec *a, int32_t s)
{
	sbn			v = rdec_at(a, s);

	return sbn_fits_i128(&v);
}

/* Whether pm_dec d is a, value and scale. */
static inline bool
rdec_is(const rdec *a, const pm_dec *d)
{
	return d->scale == a->scale && sbn_eq_i128(&a->v, d->coef);
}

static inline const char *
fz_status_name(pm_status st)
{
	switch (st)
	{
		case PM_OK:
			return "OK";
		case PM_OVERFLOW:
			return "OVERFLOW";
		case PM_DIV_ZERO:
			return "DIV_ZERO";
		case PM_INEXACT:
			return "INEXACT";
		case PM_INVALID:
			return "INVALID";
	}
	return "?";
}

#endif							/* PM_FUZZ_H */
