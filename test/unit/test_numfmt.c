/*
 * test_numfmt.c: unit tests of the numeric stored-form accessors
 * (pm_numfmt.h) against exact bytes PostgreSQL 15 stores.
 */
#include <stdlib.h>
#include <string.h>

#include "pm_test.h"

#include "pm_numfmt.h"

/*
 * A stored numeric: its text, the bytes after the varlena header as a heap
 * tuple holds them (read with pageinspect's heap_page_items from a numeric
 * column; the same bytes follow the 4-byte header of an array element),
 * and the fields they encode.  The bytes are little-endian, as on x86-64
 * and arm64, where these tests run.
 */
typedef struct numfmt_vector
{
	const char *text;			/* the value, as inserted */
	unsigned char bytes[16];	/* the stored form after the varlena header */
	size_t		len;			/* bytes used */
	bool		special;		/* NaN or an infinity */
	bool		neg;			/* the sign of a finite value */
	int			weight;			/* power of 10000 of the first group */
	int			dscale;			/* decimals shown */
	int			ndigits;		/* groups */
	int16_t		digits[4];		/* the groups, most significant first */
	bool		wide;			/* beyond the core's 128-bit coefficient */
} numfmt_vector;

static const numfmt_vector vectors[] = {
	/* the worked example: weight 0, dscale 2, groups {12, 3400}, short header 0x8100 */
	{"12.34", {0x00, 0x81, 0x0C, 0x00, 0x48, 0x0D}, 6, false, false, 0, 2, 2, {12, 3400}, false},
	{"-12.34", {0x00, 0xA1, 0x0C, 0x00, 0x48, 0x0D}, 6, false, true, 0, 2, 2, {12, 3400}, false},
	/* zero has no groups; its dscale still shows */
	{"0", {0x00, 0x80}, 2, false, false, 0, 0, 0, {0}, false},
	{"0.00", {0x00, 0x81}, 2, false, false, 0, 2, 0, {0}, false},
	/* negative short weights: 0.0010 is {10} at weight -1 */
	{"0.001", {0xFF, 0x81, 0x0A, 0x00}, 4, false, false, -1, 3, 1, {10}, false},
	{"-0.5", {0xFF, 0xA0, 0x88, 0x13}, 4, false, true, -1, 1, 1, {5000}, false},
	/* four groups: 1 2345 6789 .5000 */
	{"123456789.5", {0x82, 0x80, 0x01, 0x00, 0x29, 0x09, 0x85, 0x1A, 0x88, 0x13}, 10,
	false, false, 2, 1, 4, {1, 2345, 6789, 5000}, false},
	/* the short form's limits: dscale 63, weight 63 */
	{"0.000000000000000000000000000000000000000000000000000000000000001",
	{0xF0, 0x9F, 0x0A, 0x00}, 4, false, false, -16, 63, 1, {10}, false},
	{"1e252", {0x3F, 0x80, 0x01, 0x00}, 4, false, false, 63, 0, 1, {1}, true},
	/* just past them: the long form, weight in its own int16 */
	{"1e256", {0x00, 0x00, 0x40, 0x00, 0x01, 0x00}, 6, false, false, 64, 0, 1, {1}, true},
	{"1e300", {0x00, 0x00, 0x4B, 0x00, 0x01, 0x00}, 6, false, false, 75, 0, 1, {1}, true},
	{"-1e300", {0x00, 0x40, 0x4B, 0x00, 0x01, 0x00}, 6, false, true, 75, 0, 1, {1}, true},
	{"1.0000000000000000000000000000000000000000000000000000000000000000",
	{0x40, 0x00, 0x00, 0x00, 0x01, 0x00}, 6, false, false, 0, 64, 1, {1}, true},
	/* the specials: one header word each */
	{"NaN", {0x00, 0xC0}, 2, true, false, 0, 0, 0, {0}, false},
	{"Infinity", {0x00, 0xD0}, 2, true, false, 0, 0, 0, {0}, false},
	{"-Infinity", {0x00, 0xF0}, 2, true, false, 0, 0, 0, {0}, false},
};

#define NVECTORS (sizeof(vectors) / sizeof(vectors[0]))

/* Every vector parses into its fields, through the view and each accessor. */
static void
test_numfmt_decode_vectors(void)
{
	for (size_t k = 0; k < NVECTORS; k++)
	{
		const numfmt_vector *t = &vectors[k];
		const char *data = (const char *) t->bytes;
		pm_numfmt	v;
		uint16_t	h;

		CHECK(pm_numfmt_parse(data, t->len, &v));
		h = pm_numfmt_header(data);
		CHECK(v.header == h);
		CHECK(v.special == t->special);
		CHECK(pm_numfmt_is_special(h) == t->special);
		if (t->special)
		{
			CHECK(pm_numfmt_is_nan(h) == (strcmp(t->text, "NaN") == 0));
			CHECK(pm_numfmt_is_pinf(h) == (strcmp(t->text, "Infinity") == 0));
			CHECK(pm_numfmt_is_ninf(h) == (strcmp(t->text, "-Infinity") == 0));
			CHECK(v.ndigits == 0);
			CHECK(pm_numfmt_header_size(h) == PM_NUMFMT_SHORT_HDRSZ);
			continue;
		}
		CHECK(!pm_numfmt_is_nan(h) && !pm_numfmt_is_pinf(h) && !pm_numfmt_is_ninf(h));
		CHECK(v.neg == t->neg && pm_numfmt_neg(h) == t->neg);
		CHECK(v.weight == t->weight && pm_numfmt_weight(data, h) == t->weight);
		CHECK(v.dscale == t->dscale && pm_numfmt_dscale(h) == t->dscale);
		CHECK(v.ndigits == t->ndigits && pm_numfmt_ndigits(t->len, h) == t->ndigits);
		CHECK(v.digits == pm_numfmt_digits(data, h));
		for (int i = 0; i < t->ndigits; i++)
			CHECK(pm_numfmt_digit(v.digits, i) == t->digits[i]);
		CHECK((size_t) (v.digits - data) == pm_numfmt_header_size(h));
		if (pm_numfmt_is_short(h))
		{
			CHECK(pm_numfmt_header_size(h) == PM_NUMFMT_SHORT_HDRSZ);
			CHECK(pm_numfmt_short_neg(h) == t->neg);
			CHECK(pm_numfmt_short_weight(h) == t->weight);
			CHECK(pm_numfmt_short_dscale(h) == t->dscale);
			CHECK(pm_numfmt_short_digits(data) == v.digits);
			CHECK(pm_numfmt_short_ndigits(t->len) == t->ndigits);
		}
		else
			CHECK(pm_numfmt_header_size(h) == PM_NUMFMT_LONG_HDRSZ);
	}
}

/* Encoding every finite vector's fields gives PostgreSQL's bytes back. */
static void
test_numfmt_encode_vectors(void)
{
	for (size_t k = 0; k < NVECTORS; k++)
	{
		const numfmt_vector *t = &vectors[k];
		char		buf[16];
		size_t		n;

		if (t->special)
			continue;
		memset(buf, 0x5A, sizeof(buf));
		n = pm_numfmt_encode(buf, t->neg, t->weight, t->dscale, t->digits, t->ndigits);
		CHECK(n == t->len);
		CHECK(memcmp(buf, t->bytes, t->len) == 0);
		CHECK(buf[t->len] == 0x5A);
		CHECK(pm_numfmt_header_size_for(t->weight, t->dscale) + 2 * (size_t) t->ndigits == t->len);
		CHECK(PM_NUMFMT_CAN_BE_SHORT(t->weight, t->dscale) ==
			  pm_numfmt_is_short(pm_numfmt_header((const char *) t->bytes)));
	}
}

/* The values the core can hold decode to their text and encode back to the same bytes. */
static void
test_numfmt_core_roundtrip(void)
{
	for (size_t k = 0; k < NVECTORS; k++)
	{
		const numfmt_vector *t = &vectors[k];
		pm_numfmt	v;
		pm_dec		d;
		int16_t		digits[PM_MAX_GROUPS],
					in[4];
		bool		neg;
		int			weight,
					n;
		char		text[128],
					buf[32];

		if (t->special)
			continue;
		CHECK(pm_numfmt_parse((const char *) t->bytes, t->len, &v));
		for (int i = 0; i < v.ndigits; i++)
			in[i] = (int16_t) pm_numfmt_digit(v.digits, i);
		if (t->wide)
		{
			CHECK(pm_dec_from_base10000(v.neg, v.weight, v.dscale, in, v.ndigits, &d) == PM_OVERFLOW);
			continue;
		}
		CHECK(pm_dec_from_base10000(v.neg, v.weight, v.dscale, in, v.ndigits, &d) == PM_OK);
		pm_dec_to_string(&d, text, sizeof(text));
		CHECK_STR(text, t->text);
		n = pm_dec_to_base10000(&d, &neg, &weight, digits);
		CHECK(pm_numfmt_encode(buf, neg, weight, d.scale, digits, n) == t->len);
		CHECK(memcmp(buf, t->bytes, t->len) == 0);
	}
}

/* The short form's boundaries, as make_result draws them. */
static void
test_numfmt_short_limits(void)
{
	char		buf[8];

	CHECK(PM_NUMFMT_CAN_BE_SHORT(63, 63));
	CHECK(PM_NUMFMT_CAN_BE_SHORT(-64, 0));
	CHECK(!PM_NUMFMT_CAN_BE_SHORT(64, 0));
	CHECK(!PM_NUMFMT_CAN_BE_SHORT(-65, 0));
	CHECK(!PM_NUMFMT_CAN_BE_SHORT(0, 64));

	/* every short weight survives the sign extension */
	for (int w = PM_NUMFMT_SHORT_WEIGHT_MIN; w <= PM_NUMFMT_SHORT_WEIGHT_MAX; w++)
		for (int neg = 0; neg <= 1; neg++)
		{
			uint16_t	h = (uint16_t) PM_NUMFMT_SHORT_HEADER(neg, w, 63);

			CHECK(pm_numfmt_is_short(h) && !pm_numfmt_is_special(h));
			CHECK(pm_numfmt_short_weight(h) == w && pm_numfmt_weight(NULL, h) == w);
			CHECK(pm_numfmt_short_neg(h) == neg && pm_numfmt_short_dscale(h) == 63);
		}
	/* the weight sign alone is -64, all seven bits -1 */
	CHECK(pm_numfmt_short_weight(PM_NUMFMT_SHORT | 0x0040) == -64);
	CHECK(pm_numfmt_short_weight(PM_NUMFMT_SHORT | 0x007F) == -1);

	/* the long form carries any int16 weight and the largest dscale */
	CHECK(pm_numfmt_put_header(buf, true, -32768, PM_NUMFMT_DSCALE_MAX) == PM_NUMFMT_LONG_HDRSZ);
	CHECK(pm_numfmt_header(buf) == (PM_NUMFMT_NEG | PM_NUMFMT_DSCALE_MAX));
	CHECK(pm_numfmt_weight(buf, pm_numfmt_header(buf)) == -32768);
	CHECK(pm_numfmt_neg(pm_numfmt_header(buf)));
	CHECK(pm_numfmt_dscale(pm_numfmt_header(buf)) == PM_NUMFMT_DSCALE_MAX);
}

/* Data too short for the header its first word announces does not parse. */
static void
test_numfmt_truncated(void)
{
	static const char long_form[] = {0x00, 0x00, 0x4B, 0x00, 0x01, 0x00};
	static const char short_form[] = {0x00, (char) 0x81};
	pm_numfmt	v;

	CHECK(!pm_numfmt_parse(short_form, 0, &v));
	CHECK(!pm_numfmt_parse(short_form, 1, &v));
	CHECK(pm_numfmt_parse(short_form, 2, &v) && v.ndigits == 0);
	CHECK(!pm_numfmt_parse(long_form, 2, &v));
	CHECK(!pm_numfmt_parse(long_form, 3, &v));
	CHECK(pm_numfmt_parse(long_form, 4, &v) && v.ndigits == 0 && v.weight == 75);
	/* a stray odd byte is no group */
	CHECK(pm_numfmt_parse(long_form, 5, &v) && v.ndigits == 0);
	CHECK(pm_numfmt_parse(long_form, 6, &v) && v.ndigits == 1);
}

/*
 * Up to four groups read as one word, one group per lane and the unused
 * lanes zero, reading no byte past them (each vector's groups are copied
 * to a buffer of exactly their size, which ASan guards).
 */
static void
test_numfmt_groups_word(void)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (size_t k = 0; k < NVECTORS; k++)
	{
		const numfmt_vector *t = &vectors[k];
		pm_numfmt	v;
		char	   *groups;
		uint64_t	w;

		CHECK(pm_numfmt_parse((const char *) t->bytes, t->len, &v));
		if (t->special || v.ndigits > PM_NUMFMT_WORD_GROUPS)
			continue;
		groups = malloc(v.ndigits > 0 ? (size_t) v.ndigits * PM_NUMFMT_GROUP_SIZE : 1);
		memcpy(groups, v.digits, (size_t) v.ndigits * PM_NUMFMT_GROUP_SIZE);
		w = pm_numfmt_groups_word(groups, v.ndigits);
		for (int i = 0; i < PM_NUMFMT_WORD_GROUPS; i++)
			CHECK(pm_numfmt_word_group(w, i) == (i < t->ndigits ? (uint16_t) t->digits[i] : 0));
		free(groups);
	}
	/* the worked example: 12.34's groups {12, 3400} */
	CHECK(pm_numfmt_groups_word((const char *) vectors[0].bytes + 2, 2) == UINT64_C(0x00000D48000C));
	/* a group is read as its 16 bits, whatever its value */
	CHECK(pm_numfmt_word_group(pm_numfmt_groups_word("\xFF\xFF\x01\x80", 2), 1) == 0x8001);
#endif
}

/* Short header words agree under the shape mask exactly when their dscale and weight do. */
static void
test_numfmt_short_shape(void)
{
	static bool seen[0x10000];

	for (int w = PM_NUMFMT_SHORT_WEIGHT_MIN; w <= PM_NUMFMT_SHORT_WEIGHT_MAX; w++)
		for (int d = 0; d <= PM_NUMFMT_SHORT_DSCALE_MAX; d++)
		{
			uint16_t	pos = (uint16_t) PM_NUMFMT_SHORT_HEADER(false, w, d),
						neg = (uint16_t) PM_NUMFMT_SHORT_HEADER(true, w, d),
						shape = pos & PM_NUMFMT_SHORT_SHAPE_MASK;

			CHECK(shape == pos && (neg & PM_NUMFMT_SHORT_SHAPE_MASK) == shape);
			CHECK(!seen[shape]);
			seen[shape] = true;
		}
	/* the worked examples: 12.34 and -56.78 share a shape, 12.3 has another */
	CHECK((0x8100 & PM_NUMFMT_SHORT_SHAPE_MASK) == (0xA100 & PM_NUMFMT_SHORT_SHAPE_MASK));
	CHECK((0x8080 & PM_NUMFMT_SHORT_SHAPE_MASK) != (0x8100 & PM_NUMFMT_SHORT_SHAPE_MASK));
	/* the shape keeps the form bits: no long or special word has a short word's shape */
	CHECK((PM_NUMFMT_NEG & PM_NUMFMT_SHORT_SHAPE_MASK) == PM_NUMFMT_NEG);
	CHECK((PM_NUMFMT_SPECIAL & PM_NUMFMT_SHORT_SHAPE_MASK) == PM_NUMFMT_SPECIAL);
}

static const pm_unit_test tests[] = {
	T(test_numfmt_decode_vectors),
	T(test_numfmt_encode_vectors),
	T(test_numfmt_core_roundtrip),
	T(test_numfmt_short_limits),
	T(test_numfmt_truncated),
	T(test_numfmt_groups_word),
	T(test_numfmt_short_shape),
};

PM_SUITE(pm_numfmt_suite, tests);
