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
