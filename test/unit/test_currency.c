/*
 * test_currency.c: unit tests of the core's ISO 4217 table and its lookup.
 */
#include <string.h>

#include "pm_test.h"

#include "pm_currency.h"

static int
places_of(const char *code)
{
	const pm_currency *c = pm_currency_find(code, strlen(code));

	return c == NULL ? -99 : c->places;
}

/* The minor units a few well-known codes have, in any case. */
static void
test_currency_known(void)
{
	CHECK(places_of("USD") == 2);
	CHECK(places_of("EUR") == 2);
	CHECK(places_of("JPY") == 0);
	CHECK(places_of("KWD") == 3);
	CHECK(places_of("BHD") == 3);
	CHECK(places_of("CLP") == 0);
	CHECK(places_of("ISK") == 0);
	CHECK(places_of("CLF") == 4);
	CHECK(places_of("UYW") == 4);
	CHECK(places_of("jpy") == 0);
	CHECK(places_of("Kwd") == 3);
	/* first and last entries, so the binary search reaches both ends */
	CHECK(places_of("AED") == 2);
	CHECK(places_of("ZWG") == 2);
	CHECK(places_of("XAU") == PM_CURRENCY_NO_MINOR);
	CHECK(places_of("XXX") == PM_CURRENCY_NO_MINOR);
}

/* Withdrawn, malformed and unknown codes are not found. */
static void
test_currency_unknown(void)
{
	CHECK(places_of("HRK") == -99);	/* withdrawn 2023 */
	CHECK(places_of("ANG") == -99);	/* replaced by XCG */
	CHECK(places_of("BGN") == -99);	/* withdrawn 2026 */
	CHECK(places_of("ZZZ") == -99);
	CHECK(places_of("AAA") == -99);
	CHECK(places_of("") == -99);
	CHECK(places_of("US") == -99);
	CHECK(places_of("USDX") == -99);
	CHECK(places_of("US1") == -99);
	CHECK(places_of(" USD") == -99);
	CHECK(pm_currency_find("USD\0", 4) == NULL);
	/* a letter just past 'Z' or 'z' in ASCII */
	CHECK(places_of("US[") == -99);
	CHECK(places_of("us{") == -99);
}

/* The table is sorted, unique, upper case, and every entry is found. */
static void
test_currency_table(void)
{
	size_t		n = pm_currency_count();

	CHECK(n == 178);
	CHECK(pm_currency_at(n) == NULL);
	for (size_t i = 0; i < n; i++)
	{
		const pm_currency *c = pm_currency_at(i);

		CHECK(strlen(c->code) == 3);
		for (int k = 0; k < 3; k++)
			CHECK(c->code[k] >= 'A' && c->code[k] <= 'Z');
		CHECK(c->places == PM_CURRENCY_NO_MINOR || (c->places >= 0 && c->places <= 4));
		if (i > 0)
			CHECK(memcmp(pm_currency_at(i - 1)->code, c->code, 3) < 0);
		CHECK(pm_currency_find(c->code, 3) == c);
	}
}

static const pm_unit_test tests[] = {
	T(test_currency_known),
	T(test_currency_unknown),
	T(test_currency_table),
};

PM_SUITE(pm_currency_suite, tests);
