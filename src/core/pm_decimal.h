/*
 * pm_decimal.h: exact fixed-point decimals in a scaled 128-bit integer.
 * Pure C99 (plus the compiler's 128-bit integer); no PostgreSQL headers.
 */
#ifndef PM_DECIMAL_H
#define PM_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Text form, as PostgreSQL prints numeric; buf needs 64 + scale bytes. */
extern size_t pm_dec_to_string(const pm_dec *a, char *buf, size_t buflen);
extern pm_status pm_dec_from_string(const char *s, pm_dec *r);

#endif							/* PM_DECIMAL_H */
