/*
 * fuzz_currency.c: the ISO 4217 lookup.  pm_currency_find finds a code for
 * exactly the inputs that are three ASCII letters spelling an entry of the
 * table in some case (checked against a linear scan), never reads past len,
 * and returns that entry.
 */
#include "fuzz.h"
#include "pm_currency.h"

static char
upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so ASan catches a read past len */
	char	   *buf = malloc(size > 0 ? size : 1);
	const pm_currency *got,
			   *want = NULL;

	memcpy(buf, data, size);
	got = pm_currency_find(buf, size);
	if (size == 3)
		for (size_t i = 0; i < pm_currency_count(); i++)
		{
			const pm_currency *c = pm_currency_at(i);
			bool		letters = true;

			for (int k = 0; k < 3; k++)
				letters &= ((buf[k] >= 'A' && buf[k] <= 'Z') || (buf[k] >= 'a' && buf[k] <= 'z')) &&
					upper(buf[k]) == c->code[k];
			if (letters)
				want = c;
		}
	FZ_CHECK(got == want, "lookup of %zu bytes \"%.*s\": got %s, want %s", size, (int) size, buf,
			 got ? got->code : "none", want ? want->code : "none");
	free(buf);
	return 0;
}
