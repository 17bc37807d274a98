/*
 * pricemath.c: module entry point and version reporting.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

/*
 * The Makefile defines PRICEMATH_VERSION as the control file's default_version,
 * the one place the version is written.
 */
#ifndef PRICEMATH_VERSION
#error "PRICEMATH_VERSION is not defined: build with the Makefile, which reads it from pricemath.control"
#endif

/* Version of the loaded shared library (not of the SQL objects). */
PG_FUNCTION_INFO_V1(pricemath_version);
Datum
pricemath_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PRICEMATH_VERSION));
}
