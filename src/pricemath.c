/*
 * pricemath.c: module entry point and version reporting.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

#define PRICEMATH_LIBRARY_VERSION "0.3.0"

/* Version of the loaded shared library (not of the SQL objects). */
PG_FUNCTION_INFO_V1(pricemath_version);
Datum
pricemath_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PRICEMATH_LIBRARY_VERSION));
}
