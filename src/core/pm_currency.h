/*
 * pm_currency.h: ISO 4217 currency codes and their minor units (the number
 * of decimals an amount carries).  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_CURRENCY_H
#define PM_CURRENCY_H

#include <stdbool.h>
#include <stddef.h>

/* Minor unit of the codes ISO 4217 lists as "N.A." (metals, funds, XTS, XXX). */
#define PM_CURRENCY_NO_MINOR (-1)

/* The edition of ISO 4217 list one the table follows. */
#define PM_CURRENCY_EDITION "ISO 4217 list one, published 2026-01-01"

typedef struct pm_currency
{
	char		code[4];		/* three upper-case letters */
	int			places;			/* 0..4, or PM_CURRENCY_NO_MINOR */
} pm_currency;

/*
 * The currency with this alphabetic code (len bytes, ASCII letters in any
 * case), or NULL when ISO 4217 has no such active code.
 */
extern const pm_currency *pm_currency_find(const char *code, size_t len);

/* The table, sorted by code: pm_currency_count() entries from pm_currency_at(0). */
extern size_t pm_currency_count(void);
extern const pm_currency *pm_currency_at(size_t i);

#endif							/* PM_CURRENCY_H */
