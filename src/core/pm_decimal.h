/*
 * pm_decimal.h: exact decimals in a scaled 128-bit integer (pm_dec): arithmetic,
 * rounding, and conversion from and to numeric's digit groups and text.
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

/*
 * value = coef * 10^-scale: 12.340 is {12340, 3}, as numeric keeps the
 * scale it was given (its dscale); 1.2E+3 is {1200, 0}.  The array loops
 * try the 64-bit lane of pm_dec64.h first and come here when it refuses.
 */
typedef struct pm_dec
{
	pm_i128		coef;			/* the value times 10^scale, exactly */
	int32_t		scale;			/* decimals shown, 0 ..= PM_MAX_SCALE */
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

/* Largest scale a pm_dec takes: numeric's own limit (NUMERIC_DSCALE_MAX). */
#define PM_MAX_SCALE 16383

/* 10^k, in 128 bits for 0 <= k <= 38 and in 64 bits for 0 <= k <= 19. */
extern const pm_i128 pm_pow10[PM_MAX_POW10 + 1];
extern const uint64_t pm_pow10_u64[20];

/*
 * A mode's name for the mode parsers (rounding, endings, tiers): a SQL
 * argument matches it in any ASCII case.  The length is kept beside it
 * because the parsers run once per row and compare lengths first.
 */
typedef struct pm_name
{
	const char *name;			/* the name, lower case */
	size_t		len;			/* strlen(name) */
} pm_name;

#define PM_NAME(s) {s, sizeof(s) - 1}

/* The index in names[0 .. n) of name (len bytes, any case), or -1. */
static inline int
pm_name_find(const pm_name *names, int n, const char *name, size_t len)
{
	for (int m = 0; m < n; m++)
	{
		size_t		i;

		if (names[m].len != len)
			continue;
		for (i = 0; i < len; i++)
		{
			char		c = name[i];

			if (c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			if (c != names[m].name[i])
				break;
		}
		if (i == len)
			return m;
	}
	return -1;
}

/*
 * Defines the mode parser bool fn(const char *name, size_t len, type
 * *mode): the mode whose name in names[] (a pm_name array in the order of
 * the enum type) name spells in any ASCII case; false, *mode untouched,
 * for none.  Every mode parser of the core is one of these.
 */
#define PM_NAME_PARSER(fn, type, names) \
bool \
fn(const char *name, size_t len, type *mode) \
{ \
	int			m = pm_name_find(names, (int) (sizeof(names) / sizeof(names[0])), name, len); \
\
	if (m < 0) \
		return false; \
	*mode = (type) m; \
	return true; \
}

/* Rounding-mode names: "HALF_even" parses as PM_ROUND_HALF_EVEN. */
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
 * Exact arithmetic at the scales numeric's +, - and * give (the larger
 * scale, and the sum of the scales); PM_OVERFLOW when the result does not
 * fit.  pm_dec_cmp gives the sign of a - b, and sets *status to PM_OVERFLOW
 * (returning 0) when the two cannot be brought to one scale.
 */
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

/*
 * r = a rounded to "places" decimals (negative: tens, hundreds, ...): 12.345
 * with half_even gives 12.34 at places 2 and 10 at places -1.
 */
extern pm_status pm_dec_round(const pm_dec *a, int32_t places,
							  pm_round_mode mode, pm_dec *r);

/* r = a rounded to a multiple of inc (inc > 0), at inc's scale: 12.37 to 0.05 half_up is 12.35. */
extern pm_status pm_dec_round_to(const pm_dec *a, const pm_dec *inc,
								 pm_round_mode mode, pm_dec *r);

/*
 * Conversion from and to PostgreSQL numeric's base-10000 digit form:
 * value = sign * sum(digits[i] * 10000^(weight - i)), shown with dscale
 * decimals.  So 12.34 is weight 0, dscale 2, digits {12, 3400}: the last
 * group stands for 10000^(weight - ndigits + 1) = 10^-4, and the pm_dec is
 * {1234, 2}.  -0.0050 is weight -1, dscale 4, digits {50}; 20000 is weight
 * 1, dscale 0, digits {2}.  The encoder strips leading and trailing zero
 * groups, as PostgreSQL's make_result does, and reports weight 0 for zero.
 * The decoder accepts only zero padding beyond dscale (PM_OVERFLOW
 * otherwise) and gives PM_INVALID for a group outside 0 ..= 9999.
 */
extern pm_status pm_dec_from_base10000(bool neg, int weight, int dscale,
									   const int16_t *digits, int ndigits,
									   pm_dec *r);
extern int	pm_dec_to_base10000(const pm_dec *a, bool *neg, int *weight,
								int16_t digits[PM_MAX_GROUPS]);

/*
 * Text form, as PostgreSQL prints numeric ({-5, 3} is "-0.005"); buf needs
 * 64 + scale bytes, else (or for a negative scale, which no pm_dec has) the
 * result is "" and the length 0.  The parser
 * takes [+-]digits[.digits] (no exponent) and keeps the decimals written.
 */
extern size_t pm_dec_to_string(const pm_dec *a, char *buf, size_t buflen);
extern pm_status pm_dec_from_string(const char *s, pm_dec *r);

#endif							/* PM_DECIMAL_H */
