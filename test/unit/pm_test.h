/*
 * pm_test.h: the small harness shared by the core's unit tests.
 */
#ifndef PM_TEST_H
#define PM_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm_decimal.h"

/* Failed checks in the running test; main.c resets it before each test. */
extern int	checks_failed_in_test;

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			checks_failed_in_test++; \
		} \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_, w_) != 0) { \
			fprintf(stderr, "  %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
			checks_failed_in_test++; \
		} \
	} while (0)

/* A decimal literal; exits on a malformed one (a bug in the test itself). */
static inline pm_dec
D(const char *s)
{
	pm_dec		d;

	if (pm_dec_from_string(s, &d) != PM_OK)
	{
		fprintf(stderr, "bad literal %s\n", s);
		exit(2);
	}
	return d;
}

/*
 * One of eight rotating 128-byte buffers for the text helpers below, so that
 * a check may compare a few results at once: CHECK_STR(S(a), S(b)).
 */
static inline char *
text_buf(void)
{
	static char bufs[8][128];
	static int	next;

	return bufs[next++ % 8];
}

/* The text of d. */
static inline const char *
S(pm_dec d)
{
	char	   *b = text_buf();

	pm_dec_to_string(&d, b, 128);
	return b;
}

/* A status as "ERR<n>" (PM_INEXACT is "ERR3"). */
static inline const char *
ERR(pm_status st)
{
	char	   *b = text_buf();

	snprintf(b, 128, "ERR%d", (int) st);
	return b;
}

/*
 * The unit tests' one pseudo-random generator, Marsaglia's xorshift64 from a
 * fixed seed, so every run draws the same numbers.  The state is static: each
 * test file has its own, so a file's tests draw the same sequence whatever
 * the other files draw.
 */
static uint64_t rng_state = UINT64_C(88172645463325252);

static inline uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A number in lo..hi, both included (the modulo's slight bias does no harm here). */
static inline int64_t
rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t) (rng() % (uint64_t) (hi - lo + 1));
}

typedef struct pm_unit_test
{
	const char *name;
	void		(*fn) (void);
} pm_unit_test;

#define T(f) {#f, f}

/* Each test file exports one suite. */
typedef struct pm_unit_suite
{
	const pm_unit_test *tests;
	size_t		count;
} pm_unit_suite;

#define PM_SUITE(name, table) \
	const pm_unit_suite name = {table, sizeof(table) / sizeof(table[0])}

#endif							/* PM_TEST_H */
