/*
 * pm_numfmt.h: PostgreSQL numeric's stored form, byte by byte: the one set
 * of accessors every decoder and encoder in pricemath goes through.  Pure
 * C99; no PostgreSQL headers.
 *
 * The format (numeric.c; stable on disk since 9.1, infinities since 14).
 * A numeric is a varlena; the bytes after its varlena header ("data", len
 * bytes) are a uint16 header word, in the long form an int16 weight, and
 * then base-10000 digit groups as int16, most significant first, all in
 * the machine's byte order (the examples below are little-endian):
 *
 *   value = sign * sum(group[i] * 10000^(weight - i)), shown with dscale
 *   decimals.
 *
 * The header word's top two bits say which form follows:
 *
 *   00 long, positive    0x0000 | dscale (14 bits), then int16 weight
 *   01 long, negative    0x4000 | dscale (14 bits), then int16 weight
 *   10 short             0x8000 | sign 0x2000 | dscale << 7 (6 bits)
 *                              | weight sign 0x0040 | weight (6 bits)
 *   11 special           0xC000 NaN, 0xD000 Infinity, 0xF000 -Infinity
 *
 * The short weight is a 7-bit two's complement number, -64 to 63.
 * PostgreSQL writes the short form whenever dscale <= 63 and the weight
 * fits it (make_result), strips zero groups at both ends, and writes zero
 * as no groups at weight 0, positive.
 *
 * Worked example: 12.34 is 12 * 10000^0 + 3400 * 10000^-1, so weight 0,
 * dscale 2, groups {12, 3400}.  Its header word is 0x8000 | 2 << 7 =
 * 0x8100, and the data bytes (little-endian) are 00 81 0C 00 48 0D.  As an
 * array element it has a 4-byte varlena header, 10 bytes in all: 28 00 00
 * 00 00 81 0C 00 48 0D.  -12.34 differs only in the sign bit: 00 A1.
 * 0.001 is {10} at weight -1 (0.0010), dscale 3: 0x8000 | 3 << 7 | 0x0040
 * | (-1 & 0x3F) = 0x81FF, bytes FF 81 0A 00.  1e300 is {1} at weight 75,
 * beyond the short weight, so the long form: 00 00 4B 00 01 00.
 *
 * Readers take the header word h = pm_numfmt_header(data) once and pass
 * it to the accessors; none reads past the byte ranges it documents.
 */
#ifndef PM_NUMFMT_H
#define PM_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Flag bits: the top two bits of the header word. */
#define PM_NUMFMT_SIGN_MASK 0xC000
#define PM_NUMFMT_POS 0x0000
#define PM_NUMFMT_NEG 0x4000
#define PM_NUMFMT_SHORT 0x8000
#define PM_NUMFMT_SPECIAL 0xC000

/* Special values, told apart by the top four bits. */
#define PM_NUMFMT_EXT_MASK 0xF000
#define PM_NUMFMT_NAN 0xC000
#define PM_NUMFMT_PINF 0xD000
#define PM_NUMFMT_NINF 0xF000

/* The short header word's fields. */
#define PM_NUMFMT_SHORT_SIGN_BIT 13
#define PM_NUMFMT_SHORT_SIGN_MASK (1 << PM_NUMFMT_SHORT_SIGN_BIT)	/* 0x2000 */
#define PM_NUMFMT_SHORT_DSCALE_MASK 0x1F80
#define PM_NUMFMT_SHORT_DSCALE_SHIFT 7
#define PM_NUMFMT_SHORT_DSCALE_MAX (PM_NUMFMT_SHORT_DSCALE_MASK >> PM_NUMFMT_SHORT_DSCALE_SHIFT)
#define PM_NUMFMT_SHORT_WEIGHT_SIGN_MASK 0x0040
#define PM_NUMFMT_SHORT_WEIGHT_MASK 0x003F
#define PM_NUMFMT_SHORT_WEIGHT_MAX PM_NUMFMT_SHORT_WEIGHT_MASK
#define PM_NUMFMT_SHORT_WEIGHT_MIN (-(PM_NUMFMT_SHORT_WEIGHT_MASK + 1))

/* The long header word's display scale; its weight is the next int16. */
#define PM_NUMFMT_DSCALE_MASK 0x3FFF
#define PM_NUMFMT_DSCALE_MAX PM_NUMFMT_DSCALE_MASK

/* Bytes of the header (word, and weight in the long form) and per group. */
#define PM_NUMFMT_SHORT_HDRSZ sizeof(uint16_t)
#define PM_NUMFMT_LONG_HDRSZ (sizeof(uint16_t) + sizeof(int16_t))
#define PM_NUMFMT_GROUP_SIZE sizeof(int16_t)

/* Digit groups are base 10000: four decimal digits each. */
#define PM_NUMFMT_NBASE 10000
#define PM_NUMFMT_DEC_DIGITS 4

/*
 * A group's bits, for code that holds several groups in one integer: the
 * 64-bit "groups word" below has four 16-bit lanes, group 0 in the lowest.
 */
#define PM_NUMFMT_GROUP_BITS ((int) (8 * PM_NUMFMT_GROUP_SIZE))
#define PM_NUMFMT_GROUP_MASK ((1U << PM_NUMFMT_GROUP_BITS) - 1)	/* 0xFFFF */
#define PM_NUMFMT_WORD_GROUPS ((int) (sizeof(uint64_t) / PM_NUMFMT_GROUP_SIZE))

/*
 * The short header word's shape: every bit but the sign.  Two short words
 * equal under this mask announce the same dscale and weight, so their
 * values differ only in sign and digit groups: 12.34 (0x8100) and -56.78
 * (0xA100) share the shape 0x8100, 12.3 (0x8080) does not.  The
 * aggregates learn the shape most of their values share and decode a
 * value of that shape without reading its fields one by one.
 */
#define PM_NUMFMT_SHORT_SHAPE_MASK (0xFFFF & ~PM_NUMFMT_SHORT_SIGN_MASK)	/* 0xDFFF */

/* ---- reading ---- */

/* A uint16 at p, any alignment (short-header datums leave numerics unaligned). */
static inline uint16_t
pm_numfmt_read_u16(const char *p)
{
	uint16_t	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The header word: the first two bytes of data (the caller checks len >= 2). */
static inline uint16_t
pm_numfmt_header(const char *data)
{
	return pm_numfmt_read_u16(data);
}

/* NaN, Infinity or -Infinity. */
static inline bool
pm_numfmt_is_special(uint16_t h)
{
	return (h & PM_NUMFMT_SIGN_MASK) == PM_NUMFMT_SPECIAL;
}

/* For a special h: Infinity, -Infinity; any other special word is NaN. */
static inline bool
pm_numfmt_is_pinf(uint16_t h)
{
	return (h & PM_NUMFMT_EXT_MASK) == PM_NUMFMT_PINF;
}

static inline bool
pm_numfmt_is_ninf(uint16_t h)
{
	return (h & PM_NUMFMT_EXT_MASK) == PM_NUMFMT_NINF;
}

static inline bool
pm_numfmt_is_nan(uint16_t h)
{
	return pm_numfmt_is_special(h) && !pm_numfmt_is_pinf(h) && !pm_numfmt_is_ninf(h);
}

/* A finite value in the short form (the common one: every price). */
static inline bool
pm_numfmt_is_short(uint16_t h)
{
	return (h & PM_NUMFMT_SIGN_MASK) == PM_NUMFMT_SHORT;
}

/*
 * Whether the header is one word, without a weight after it: the short
 * form and the specials (numeric.c's NUMERIC_HEADER_IS_SHORT).
 */
static inline bool
pm_numfmt_header_is_word(uint16_t h)
{
	return (h & PM_NUMFMT_SHORT) != 0;
}

/* Bytes of the header: 2, or 4 in the long form. */
static inline size_t
pm_numfmt_header_size(uint16_t h)
{
	return pm_numfmt_header_is_word(h) ? PM_NUMFMT_SHORT_HDRSZ : PM_NUMFMT_LONG_HDRSZ;
}

/* The short form's fields, for callers that checked pm_numfmt_is_short. */
static inline bool
pm_numfmt_short_neg(uint16_t h)
{
	return (h & PM_NUMFMT_SHORT_SIGN_MASK) != 0;
}

static inline int
pm_numfmt_short_dscale(uint16_t h)
{
	return (h & PM_NUMFMT_SHORT_DSCALE_MASK) >> PM_NUMFMT_SHORT_DSCALE_SHIFT;
}

/*
 * The short weight, a 7-bit two's complement number: its sign bit (bit 6)
 * weighs -64, so the weight is the low six bits less that bit (0x7F is
 * 63 - 64 = -1, 0x40 is -64).  The one sign extension of the short weight;
 * written as a subtraction, which GCC compiles to two ands and a sub in
 * every decoder (a conditional fill of the high bits cost the aggregates'
 * decoders a cmov).
 */
static inline int
pm_numfmt_short_weight(uint16_t h)
{
	return (int) (h & PM_NUMFMT_SHORT_WEIGHT_MASK) - (int) (h & PM_NUMFMT_SHORT_WEIGHT_SIGN_MASK);
}

/* The short form's groups: after the header word, (len - 2) / 2 of them. */
static inline const char *
pm_numfmt_short_digits(const char *data)
{
	return data + PM_NUMFMT_SHORT_HDRSZ;
}

static inline int
pm_numfmt_short_ndigits(size_t len)
{
	return (int) ((len - PM_NUMFMT_SHORT_HDRSZ) / PM_NUMFMT_GROUP_SIZE);
}

/* Sign of a finite value, either form. */
static inline bool
pm_numfmt_neg(uint16_t h)
{
	return pm_numfmt_header_is_word(h) ? pm_numfmt_short_neg(h) :
		(h & PM_NUMFMT_SIGN_MASK) == PM_NUMFMT_NEG;
}

/* Display scale of a finite value, either form (numeric.c's NUMERIC_DSCALE). */
static inline int
pm_numfmt_dscale(uint16_t h)
{
	return pm_numfmt_header_is_word(h) ? pm_numfmt_short_dscale(h) :
		(int) (h & PM_NUMFMT_DSCALE_MASK);
}

/*
 * Weight of a finite value, either form; the long form reads the int16
 * after the header word, so data must hold pm_numfmt_header_size(h) bytes.
 */
static inline int
pm_numfmt_weight(const char *data, uint16_t h)
{
	return pm_numfmt_header_is_word(h) ? pm_numfmt_short_weight(h) :
		(int) (int16_t) pm_numfmt_read_u16(data + PM_NUMFMT_SHORT_HDRSZ);
}

/* The first digit group (any alignment) and the number of groups in len bytes. */
static inline const char *
pm_numfmt_digits(const char *data, uint16_t h)
{
	return data + pm_numfmt_header_size(h);
}

static inline int
pm_numfmt_ndigits(size_t len, uint16_t h)
{
	return (int) ((len - pm_numfmt_header_size(h)) / PM_NUMFMT_GROUP_SIZE);
}

/* Group i of digits, any alignment. */
static inline int
pm_numfmt_digit(const char *digits, int i)
{
	return (int16_t) pm_numfmt_read_u16(digits + (size_t) i * PM_NUMFMT_GROUP_SIZE);
}

/*
 * The first n <= 4 groups at digits (any alignment; exactly 2 * n bytes
 * are read) as the lanes of one groups word, for little-endian machines
 * (the callers check): group 0 in the lowest lane, the unused lanes zero.
 * For 12.34, groups {12, 3400}, the word is 0x0000_0000_0D48_000C.  Built
 * in registers: reading back a narrower store as a word would stall
 * store-to-load forwarding.
 */
static inline __attribute__((always_inline)) uint64_t
pm_numfmt_groups_word(const char *digits, int n)
{
	uint32_t	lo;

	switch (n)
	{
		case 4:
			{
				uint64_t	w;

				memcpy(&w, digits, sizeof(w));
				return w;
			}
		case 3:
			memcpy(&lo, digits, sizeof(lo));
			return lo | (uint64_t) pm_numfmt_read_u16(digits + sizeof(lo)) << (2 * PM_NUMFMT_GROUP_BITS);
		case 2:
			memcpy(&lo, digits, sizeof(lo));
			return lo;
		case 1:
			return pm_numfmt_read_u16(digits);
		default:
			return 0;
	}
}

/* Lane i (0 to 3) of a groups word: group i, as its unsigned 16 bits. */
static inline uint32_t
pm_numfmt_word_group(uint64_t w, int i)
{
	return (uint32_t) (w >> (PM_NUMFMT_GROUP_BITS * i)) & PM_NUMFMT_GROUP_MASK;
}

/* A numeric's fields, read once. */
typedef struct pm_numfmt
{
	uint16_t	header;			/* the header word, as stored */
	bool		special;		/* NaN or an infinity: the fields below are 0 */
	bool		neg;			/* the sign of a finite value */
	int			weight;			/* the power of 10000 of the first group */
	int			dscale;			/* decimals shown */
	const char *digits;			/* the first group, any alignment */
	int			ndigits;		/* groups; a stray odd byte is ignored */
} pm_numfmt;

/*
 * Read the len bytes at data into *v; false when they are too short for
 * the header their first word announces (a corrupt datum).  The groups
 * themselves are not checked: each decoder checks them as it reads.
 */
static inline bool
pm_numfmt_parse(const char *data, size_t len, pm_numfmt *v)
{
	uint16_t	h;

	if (len < PM_NUMFMT_SHORT_HDRSZ)
		return false;
	h = pm_numfmt_header(data);
	v->header = h;
	v->special = pm_numfmt_is_special(h);
	if (v->special)
	{
		v->neg = false;
		v->weight = 0;
		v->dscale = 0;
		v->digits = data + PM_NUMFMT_SHORT_HDRSZ;
		v->ndigits = 0;
		return true;
	}
	if (len < pm_numfmt_header_size(h))
		return false;
	v->neg = pm_numfmt_neg(h);
	v->weight = pm_numfmt_weight(data, h);
	v->dscale = pm_numfmt_dscale(h);
	v->digits = pm_numfmt_digits(data, h);
	v->ndigits = pm_numfmt_ndigits(len, h);
	return true;
}

/* ---- writing ---- */

/*
 * Whether a finite value (0 <= dscale) takes the short form: PostgreSQL's
 * make_result uses it whenever it fits, and pricemath writes what
 * PostgreSQL would.  This and PM_NUMFMT_SHORT_HEADER are macros, as in
 * numeric.c, because the per-element encoder tests them inside unlikely():
 * an inline function's result reaches GCC's branch hints through a merge
 * of its paths, and the loops it sits in were laid out differently (and
 * ran measurably slower).  Arguments are evaluated more than once.
 */
#define PM_NUMFMT_CAN_BE_SHORT(weight, dscale) \
	((dscale) <= PM_NUMFMT_SHORT_DSCALE_MAX && \
	 (weight) <= PM_NUMFMT_SHORT_WEIGHT_MAX && (weight) >= PM_NUMFMT_SHORT_WEIGHT_MIN)

/* The short header word (an int); weight and dscale must fit it (PM_NUMFMT_CAN_BE_SHORT). */
#define PM_NUMFMT_SHORT_HEADER(neg, weight, dscale) \
	(((neg) ? (PM_NUMFMT_SHORT | PM_NUMFMT_SHORT_SIGN_MASK) : PM_NUMFMT_SHORT) | \
	 ((dscale) << PM_NUMFMT_SHORT_DSCALE_SHIFT) | \
	 ((weight) < 0 ? PM_NUMFMT_SHORT_WEIGHT_SIGN_MASK : 0) | \
	 ((weight) & PM_NUMFMT_SHORT_WEIGHT_MASK))

/* The long header word (0 <= dscale <= PM_NUMFMT_DSCALE_MAX); the weight follows it. */
static inline uint16_t
pm_numfmt_long_header(bool neg, int dscale)
{
	return (uint16_t) ((neg ? PM_NUMFMT_NEG : PM_NUMFMT_POS) | (dscale & PM_NUMFMT_DSCALE_MASK));
}

/* Bytes of the header a finite value with this weight and dscale takes. */
static inline size_t
pm_numfmt_header_size_for(int weight, int dscale)
{
	return PM_NUMFMT_CAN_BE_SHORT(weight, dscale) ? PM_NUMFMT_SHORT_HDRSZ : PM_NUMFMT_LONG_HDRSZ;
}

/*
 * Write the header of a finite value at dst, short when it fits, and
 * return its size (2 or 4).  weight must fit an int16 and 0 <= dscale <=
 * PM_NUMFMT_DSCALE_MAX: the caller checks.
 */
static inline size_t
pm_numfmt_put_header(char *dst, bool neg, int weight, int dscale)
{
	uint16_t	h;
	int16_t		w;

	if (PM_NUMFMT_CAN_BE_SHORT(weight, dscale))
	{
		h = (uint16_t) PM_NUMFMT_SHORT_HEADER(neg, weight, dscale);
		memcpy(dst, &h, sizeof(h));
		return PM_NUMFMT_SHORT_HDRSZ;
	}
	h = pm_numfmt_long_header(neg, dscale);
	w = (int16_t) weight;
	memcpy(dst, &h, sizeof(h));
	memcpy(dst + sizeof(h), &w, sizeof(w));
	return PM_NUMFMT_LONG_HDRSZ;
}

/*
 * Write a finite value (header, then ndigits groups) at dst and return the
 * bytes written, pm_numfmt_header_size_for(weight, dscale) + 2 * ndigits.
 * For PostgreSQL's canonical bytes the groups have their zeros stripped at
 * both ends, and zero is no groups at weight 0, positive.
 */
static inline size_t
pm_numfmt_encode(char *dst, bool neg, int weight, int dscale, const int16_t *digits, int ndigits)
{
	size_t		n = pm_numfmt_put_header(dst, neg, weight, dscale);

	memcpy(dst + n, digits, (size_t) ndigits * PM_NUMFMT_GROUP_SIZE);
	return n + (size_t) ndigits * PM_NUMFMT_GROUP_SIZE;
}

#endif							/* PM_NUMFMT_H */
