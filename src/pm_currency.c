/*
 * pm_currency.c: currency_places() and currencies(): the ISO 4217 minor
 * units compiled into the core, read from SQL.
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/pm_currency.h"

/* Minor units of an ISO 4217 code; 22023 for an unknown code or one without. */
static int32
CurrencyPlaces(text *code)
{
	const char *s = VARDATA_ANY(code);
	size_t		len = VARSIZE_ANY_EXHDR(code);
	const pm_currency *c = pm_currency_find(s, len);

	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown currency code \"%s\"", text_to_cstring(code)),
				 errdetail("pricemath knows the active codes of %s.", PM_CURRENCY_EDITION),
				 errhint("Use a three-letter code such as \"USD\" (see pricemath.currencies()), "
						 "or pass the number of decimal places instead.")));
	if (c->places == PM_CURRENCY_NO_MINOR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("currency \"%s\" has no minor unit", c->code),
				 errdetail("ISO 4217 gives no number of decimal places for \"%s\" (a metal, fund or testing code).",
						   c->code),
				 errhint("Pass the number of decimal places instead.")));
	return c->places;
}

/* currency_places(code text) */
PG_FUNCTION_INFO_V1(pricemath_currency_places);
Datum
pricemath_currency_places(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(CurrencyPlaces(PG_GETARG_TEXT_PP(0)));
}

/* currencies(): every code with its minor units (NULL where ISO 4217 has none) */
PG_FUNCTION_INFO_V1(pricemath_currencies);
Datum
pricemath_currencies(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (size_t i = 0; i < pm_currency_count(); i++)
	{
		const pm_currency *c = pm_currency_at(i);
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = PointerGetDatum(cstring_to_text(c->code));
		if (c->places == PM_CURRENCY_NO_MINOR)
			nulls[1] = true;
		else
			values[1] = Int32GetDatum(c->places);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
