/*
 * fuzz_numfmt.c: numeric's stored form (pm_numfmt.h).  Any bytes parse
 * exactly when they hold the header they announce, into the fields a
 * bit-level reference reads, with no read past them; every parse encodes
 * back to the same bytes when they are in PostgreSQL's canonical header
 * form; encoded fields parse back; canonical values round-trip through the
 * core's base-10000 codec byte for byte; up to four groups read as one word
 * lane by lane; a short header's shape is its word without the sign.
 *
 * Input: a mode byte, then for even modes the bytes after a varlena header;
 * for odd modes the fields to encode: sign (1 byte), weight (int16), dscale
 * (uint16, taken mod 16384), a group count (1 byte, taken mod 9) and that
 * many int16 groups.
 */
#include "fuzz.h"
#include "pm_numfmt.h"

#define FZ_MAX_GROUPS 8

/* The fields of a finite value, read with plain shifts, apart from the accessors. */
typedef struct ref_fields
{
	bool		neg;
	int			weight;
	int			dscale;
	size_t		hdrsz;
} ref_fields;

/* The fields of the len >= 2 bytes at b; false when the long form's weight is missing. */
static bool
ref_read(const uint8_t *b, size_t len, ref_fields *out)
{
	unsigned	h = (unsigned) b[0] | (unsigned) b[1] << 8;
	ref_fields	r;

	if ((h >> 14) == 2)
	{
		/* short: 1 0 s dddddd wwwwwww, the weight a 7-bit two's complement */
		int			w7 = (int) (h & 0x7F);

		r.neg = (h >> 13) & 1;
		r.dscale = (int) ((h >> 7) & 0x3F);
		r.weight = w7 >= 64 ? w7 - 128 : w7;
		r.hdrsz = 2;
	}
	else
	{
		/* long: 0 s dddddddddddddd, then the weight as a little-endian int16 */
		unsigned	w;

		if (len < 4)
			return false;
		w = (unsigned) b[2] | (unsigned) b[3] << 8;
		r.neg = (h >> 14) == 1;
		r.dscale = (int) (h & 0x3FFF);
		r.weight = w >= 32768 ? (int) w - 65536 : (int) w;
		r.hdrsz = 4;
	}
	*out = r;
	return true;
}

/* Parse data (len bytes, a private copy so ASan sees any read past it) and check it. */
static void
check_parse(const uint8_t *data, size_t len)
{
	pm_numfmt	v;
	bool		ok = pm_numfmt_parse((const char *) data, len, &v);
	unsigned	h;
	ref_fields	r;
	char		out[4 + 2 * 64];
	int16_t		groups[64];
	size_t		n,
				used;

	if (len < 2)
	{
		FZ_CHECK(!ok, "%zu bytes parsed", len);
		return;
	}
	h = (unsigned) data[0] | (unsigned) data[1] << 8;
	FZ_CHECK(pm_numfmt_header((const char *) data) == h, "header word %04x", h);
	if ((h >> 14) == 3)
	{
		int			kinds = pm_numfmt_is_nan(h) + pm_numfmt_is_pinf(h) + pm_numfmt_is_ninf(h);

		FZ_CHECK(ok && v.special && v.ndigits == 0 && !v.neg && v.weight == 0 && v.dscale == 0,
				 "special %04x: ok %d special %d ndigits %d", h, ok, v.special, v.ndigits);
		FZ_CHECK(kinds == 1, "special %04x is %d kinds", h, kinds);
		FZ_CHECK(pm_numfmt_is_pinf(h) == ((h & 0xF000) == 0xD000) &&
				 pm_numfmt_is_ninf(h) == ((h & 0xF000) == 0xF000), "special %04x misread", h);
		FZ_CHECK(pm_numfmt_header_size(h) == 2, "special %04x header size", h);
		return;
	}
	FZ_CHECK(!pm_numfmt_is_special(h) && !pm_numfmt_is_nan(h), "finite %04x read as special", h);
	if (!ref_read(data, len, &r))
	{
		FZ_CHECK(!ok, "%04x parsed from %zu bytes", h, len);
		return;
	}
	FZ_CHECK(ok && !v.special, "%04x in %zu bytes refused", h, len);
	FZ_CHECK(v.header == h && v.neg == r.neg && v.weight == r.weight && v.dscale == r.dscale,
			 "%04x: neg %d weight %d dscale %d, reference %d %d %d", h, v.neg, v.weight, v.dscale,
			 r.neg, r.weight, r.dscale);
	FZ_CHECK(pm_numfmt_is_short(h) == (r.hdrsz == 2) && pm_numfmt_header_size(h) == r.hdrsz,
			 "%04x: header size", h);
	FZ_CHECK(v.digits == (const char *) data + r.hdrsz && v.ndigits == (int) ((len - r.hdrsz) / 2),
			 "%04x: %d groups at offset %td in %zu bytes", h, v.ndigits,
			 v.digits - (const char *) data, len);
	if (pm_numfmt_is_short(h))
	{
		FZ_CHECK(pm_numfmt_short_weight(h) == r.weight && pm_numfmt_short_dscale(h) == r.dscale &&
				 pm_numfmt_short_neg(h) == r.neg &&
				 pm_numfmt_short_digits((const char *) data) == v.digits &&
				 pm_numfmt_short_ndigits(len) == v.ndigits, "%04x: short accessors", h);
		/* the shape is the word without its sign: the positive word of the same fields */
		FZ_CHECK((h & PM_NUMFMT_SHORT_SHAPE_MASK) == (unsigned) PM_NUMFMT_SHORT_HEADER(false, r.weight, r.dscale),
				 "%04x: shape", h);
	}
	/* up to four groups as one word, lane by lane, reading nothing past them */
	if (v.ndigits <= PM_NUMFMT_WORD_GROUPS)
	{
		uint64_t	w = pm_numfmt_groups_word(v.digits, v.ndigits);

		for (int i = 0; i < PM_NUMFMT_WORD_GROUPS; i++)
			FZ_CHECK(pm_numfmt_word_group(w, i) ==
					 (i < v.ndigits ? (unsigned) (data[r.hdrsz + 2 * i] | data[r.hdrsz + 2 * i + 1] << 8) : 0u),
					 "%04x: lane %d of %d groups", h, i, v.ndigits);
	}

	/* encode the fields back: the canonical header form gives the same bytes */
	if (v.ndigits > 64)
		return;
	for (int i = 0; i < v.ndigits; i++)
	{
		groups[i] = (int16_t) pm_numfmt_digit(v.digits, i);
		FZ_CHECK(groups[i] == (int16_t) (data[r.hdrsz + 2 * i] | data[r.hdrsz + 2 * i + 1] << 8),
				 "group %d misread", i);
	}
	n = pm_numfmt_encode(out, v.neg, v.weight, v.dscale, groups, v.ndigits);
	used = r.hdrsz + 2 * (size_t) v.ndigits;
	if (PM_NUMFMT_CAN_BE_SHORT(v.weight, v.dscale) == (r.hdrsz == 2))
		FZ_CHECK(n == used && memcmp(out, data, used) == 0, "%04x: re-encoded differently", h);
	else
		FZ_CHECK(r.hdrsz == 4 && n == used - 2 && pm_numfmt_is_short(pm_numfmt_header(out)) &&
				 memcmp(out + 2, data + 4, used - 4) == 0, "%04x: not re-encoded short", h);
}

/* Encode fields, then check the header word bit by bit and parse them back. */
static void
check_encode(bool neg, int weight, int dscale, const int16_t *groups, int ngroups)
{
	char	   *out = malloc(4 + 2 * FZ_MAX_GROUPS);
	size_t		n = pm_numfmt_encode(out, neg, weight, dscale, groups, ngroups);
	bool		isshort = dscale <= 63 && weight >= -64 && weight <= 63;
	unsigned	want = isshort ?
		0x8000u | (neg ? 0x2000u : 0) | (unsigned) dscale << 7 | ((unsigned) weight & 0x7F) :
		(neg ? 0x4000u : 0) | (unsigned) dscale;
	pm_numfmt	v;

	FZ_CHECK(PM_NUMFMT_CAN_BE_SHORT(weight, dscale) == isshort, "weight %d dscale %d", weight, dscale);
	FZ_CHECK(n == (isshort ? 2u : 4u) + 2 * (size_t) ngroups &&
			 n == pm_numfmt_header_size_for(weight, dscale) + 2 * (size_t) ngroups,
			 "weight %d dscale %d %d groups: %zu bytes", weight, dscale, ngroups, n);
	FZ_CHECK(pm_numfmt_header(out) == want, "header %04x, want %04x", pm_numfmt_header(out), want);
	if (isshort)
		FZ_CHECK((uint16_t) PM_NUMFMT_SHORT_HEADER(neg, weight, dscale) == want, "short header");
	else
		FZ_CHECK(pm_numfmt_long_header(neg, dscale) == want &&
				 (int16_t) pm_numfmt_read_u16(out + 2) == weight, "long header");
	FZ_CHECK(pm_numfmt_parse(out, n, &v) && !v.special && v.neg == neg && v.weight == weight &&
			 v.dscale == dscale && v.ndigits == ngroups &&
			 memcmp(v.digits, groups, 2 * (size_t) ngroups) == 0,
			 "neg %d weight %d dscale %d %d groups did not parse back", neg, weight, dscale, ngroups);
	free(out);
}

/*
 * Canonical groups (each 0..9999, no zero group at either end, zero as no
 * groups at weight 0, positive) that the core decodes round-trip through
 * its encoder to the same bytes: pricemath writes what PostgreSQL stores.
 */
static void
check_core(bool neg, int weight, int dscale, const int16_t *groups, int ngroups)
{
	pm_dec		d;
	int16_t		digits[PM_MAX_GROUPS];
	bool		dneg;
	int			dweight,
				n;
	char		a[4 + 2 * FZ_MAX_GROUPS],
				b[4 + 2 * PM_MAX_GROUPS];
	size_t		na,
				nb;

	for (int i = 0; i < ngroups; i++)
		if (groups[i] < 0 || groups[i] > 9999)
			return;
	if (ngroups == 0 ? (neg || weight != 0) : (groups[0] == 0 || groups[ngroups - 1] == 0))
		return;
	if (pm_dec_from_base10000(neg, weight, dscale, groups, ngroups, &d) != PM_OK)
		return;
	n = pm_dec_to_base10000(&d, &dneg, &dweight, digits);
	na = pm_numfmt_encode(a, neg, weight, dscale, groups, ngroups);
	nb = pm_numfmt_encode(b, dneg, dweight, d.scale, digits, n);
	FZ_CHECK(na == nb && memcmp(a, b, na) == 0,
			 "neg %d weight %d dscale %d %d groups: the core re-encodes %d groups at weight %d",
			 neg, weight, dscale, ngroups, n, dweight);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};
	uint8_t		mode = fz_u8(&in);

	if ((mode & 1) == 0)
	{
		uint8_t    *copy = malloc(in.n > 0 ? in.n : 1);

		memcpy(copy, in.p, in.n);
		check_parse(copy, in.n);
		free(copy);
	}
	else
	{
		bool		neg = fz_u8(&in) & 1;
		int			weight = (int16_t) fz_u16(&in);
		int			dscale = fz_u16(&in) % 16384;
		int			ngroups = fz_u8(&in) % (FZ_MAX_GROUPS + 1);
		int16_t		groups[FZ_MAX_GROUPS];

		/* mostly a price's weight and scale, so the short form and the core get most inputs */
		if (mode & 2)
		{
			weight = weight % 12;
			dscale = dscale % 40;
		}
		for (int i = 0; i < ngroups; i++)
			groups[i] = (int16_t) fz_u16(&in);
		check_encode(neg, weight, dscale, groups, ngroups);
		check_core(neg, weight, dscale, groups, ngroups);
	}
	return 0;
}
