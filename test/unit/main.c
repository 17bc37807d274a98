/*
 * main.c: runs every suite of the core's unit tests and ends with the
 * line "N passed, M failed".
 */
#include "pm_test.h"

int			checks_failed_in_test;

extern const pm_unit_suite pm_core_suite;
extern const pm_unit_suite pm_rules_suite;
extern const pm_unit_suite pm_currency_suite;
extern const pm_unit_suite pm_ladder_suite;
extern const pm_unit_suite pm_price_suite;
extern const pm_unit_suite pm_numfmt_suite;
extern const pm_unit_suite pm_statefmt_suite;

static const pm_unit_suite *const suites[] = {&pm_core_suite, &pm_rules_suite, &pm_currency_suite,
											  &pm_ladder_suite, &pm_price_suite, &pm_numfmt_suite,
											  &pm_statefmt_suite};

int
main(void)
{
	int			passed = 0,
				failed = 0,
				n = 0;

	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		for (size_t i = 0; i < suites[s]->count; i++)
		{
			const pm_unit_test *t = &suites[s]->tests[i];

			checks_failed_in_test = 0;
			t->fn();
			n++;
			if (checks_failed_in_test == 0)
			{
				printf("ok %d - %s\n", n, t->name);
				passed++;
			}
			else
			{
				printf("not ok %d - %s\n", n, t->name);
				failed++;
			}
		}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
