/*
 * fuzz_decimal.c: the decimal codecs.  Base-10000 digit groups (valid or
 * not) decode the same through the general decoder and both 64-bit lanes,
 * and to the value a bignum reference computes; encoding is canonical and
 * round-trips; text output matches a reference and parses back; text input
 * parses to what a string-level reference expects.
 */
#include "fuzz.h"
#include "pm_dec64.h"

/* Exact decimal value of base-10000 groups, as the reference sees them. */
typedef struct ref_groups
{
	bool		valid_digits;
	bool		exists;			/* the value is a whole number of units of 10^-dscale */
	bn			mag;			/* |coef| when it exists */
	bn			groups;			/* the groups as one integer */
	int64_t		sh;				/* decimal shift of the last group */
} ref_groups;

static ref_groups
ref_decode(int weight, int dscale, const int16_t *digits, int nd)
{
	ref_groups	g;

	memset(&g, 0, sizeof(g));
	g.valid_digits = true;
	for (int i = 0; i < nd; i++)
	{
		if (digits[i] < 0 || digits[i] > 9999)
			g.valid_digits = false;
		g.groups = bn_mul_small(&g.groups, 10000);
		if (digits[i] > 0)
		{
			bn			d = bn_u128((fz_u128) digits[i]);

			g.groups = bn_add(&g.groups, &d);
		}
	}
	g.sh = 4 * ((int64_t) weight - nd + 1) + dscale;
	if (bn_is_zero(&g.groups))
	{
		g.exists = true;
		return g;
	}
	if (g.sh >= 0)
	{
		if (g.sh <= 100)
		{
			g.exists = true;
			g.mag = bn_mul_pow10(&g.groups, (int) g.sh);
		}
		/* else beyond any 128-bit coefficient: treated as not fitting */
		return g;
	}
	if (-g.sh <= 100)			/* groups < 10^52: never a multiple of 10^53 */
	{
		bn			p = bn_pow10((int) -g.sh),
					q,
					r;

		bn_divmod(&g.groups, &p, &q, &r);
		if (bn_is_zero(&r))
		{
			g.exists = true;
			g.mag = q;
		}
	}
	return g;
}

/* int16 copy of n groups in a buffer of exactly max(n, min_groups) groups, the rest junk. */
static int16_t *
groups_buffer(const int16_t *digits, int n, int min_groups, fz_in *in)
{
	int			cap = n > min_groups ? n : min_groups;
	int16_t    *b = malloc(sizeof(int16_t) * (cap > 0 ? cap : 1));

	for (int i = 0; i < cap; i++)
		b[i] = i < n ? digits[i] : (int16_t) fz_u16(in);
	return b;
}

static void
check_decode(fz_in *in)
{
	uint8_t		sel = fz_u8(in);
	bool		neg = sel & 1,
				raw = (sel & 0x0E) == 0x0E;	/* one in eight: digits as the bytes say */
	int			weight,
				dscale,
				nd = fz_range(in, 0, 12);
	int16_t		digits[12];
	int16_t    *buf,
			   *buf4;
	pm_dec		g;
	pm_dec64	l1,
				l4;
	pm_status	st;
	bool		ok1,
				ok4;
	ref_groups	ref;
	bool		dscale_ok,
				fits;

	switch ((sel >> 4) & 3)
	{
		case 0:
		case 1:
			weight = fz_range(in, -6, 6);
			break;
		case 2:
			weight = fz_range(in, -64, 63);	/* numeric's short header */
			break;
		default:
			weight = (int16_t) fz_u16(in);
			break;
	}
	switch (sel >> 6)
	{
		case 0:
		case 1:
			dscale = fz_range(in, 0, 8);
			break;
		case 2:
			dscale = fz_range(in, 0, 60);
			break;
		default:
			dscale = fz_range(in, -2, 2) + (fz_u8(in) & 1 ? PM_MAX_SCALE : 0);
			break;
	}
	for (int i = 0; i < nd; i++)
	{
		uint16_t	v = fz_u16(in);

		digits[i] = raw ? (int16_t) v : (int16_t) (v % 10000);
	}

	buf = groups_buffer(digits, nd, 0, in);
	st = pm_dec_from_base10000(neg, weight, dscale, buf, nd, &g);
	ref = ref_decode(weight, dscale, digits, nd);
	dscale_ok = dscale >= 0 && dscale <= PM_MAX_SCALE;
	fits = ref.exists && bn_below_pow2(&ref.mag, 127);

	if (st == PM_OK)
	{
		sbn			want = sbn_make(neg, &ref.mag);

		FZ_CHECK(ref.valid_digits && dscale_ok && ref.exists,
				 "decoder accepted groups that are not a value at dscale %d (weight %d, %d groups)",
				 dscale, weight, nd);
		FZ_CHECK(sbn_eq_i128(&want, g.coef) && g.scale == dscale,
				 "decoder value %s differs from the reference (weight %d, dscale %d, %d groups)",
				 fz_dec_str(&g), weight, dscale, nd);
	}
	else
	{
		bool		wide_groups = !bn_below_pow2(&ref.groups, 127);

		FZ_CHECK(st == PM_OVERFLOW || st == PM_INVALID, "decoder status %s", fz_status_name(st));
		FZ_CHECK(st != PM_INVALID || !ref.valid_digits,
				 "decoder says INVALID for valid groups (weight %d, dscale %d, %d groups)",
				 weight, dscale, nd);
		/* a value that fits must decode, unless the groups alone are too wide */
		FZ_CHECK(!(ref.valid_digits && dscale_ok && fits && nd <= 10 && !wide_groups &&
				   ref.sh >= -PM_MAX_POW10),
				 "decoder refused (%s) a value that fits (weight %d, dscale %d, %d groups, shift %lld)",
				 fz_status_name(st), weight, dscale, nd, (long long) ref.sh);
	}

	/* the 64-bit lane: the general answer whenever it accepts, and every value it should take */
	ok1 = pm_dec64_from_base10000(neg, weight, dscale, buf, nd, &l1);
	if (ok1)
		FZ_CHECK(st == PM_OK && l1.coef == g.coef && l1.scale == g.scale,
				 "64-bit lane gives %lld e-%d, general decoder %s %s (weight %d, dscale %d, %d groups)",
				 (long long) l1.coef, l1.scale, fz_status_name(st), fz_dec_str(&g), weight, dscale, nd);
	else
		FZ_CHECK(!(ref.valid_digits && dscale_ok && ref.exists && nd <= 4 &&
				   (nd == 0 || (ref.sh >= -3 && ref.sh <= 18)) && bn_below_pow2(&ref.mag, 63)),
				 "64-bit lane refused a value that fits int64 (weight %d, dscale %d, %d groups)",
				 weight, dscale, nd);

	/* the four-group lane reads four groups whatever nd is, and agrees with the loop */
	buf4 = groups_buffer(digits, nd, 4, in);
	ok4 = pm_dec64_from_base10000_4(neg, weight, dscale, buf4, nd, &l4);
	FZ_CHECK(ok4 == ok1 && (!ok4 || (l4.coef == l1.coef && l4.scale == l1.scale)),
			 "four-group lane (%d: %lld e-%d) and loop lane (%d: %lld e-%d) differ "
			 "(weight %d, dscale %d, %d groups)",
			 ok4, (long long) l4.coef, l4.scale, ok1, (long long) l1.coef, l1.scale,
			 weight, dscale, nd);
	free(buf4);
	free(buf);
}

static void
check_encode(fz_in *in)
{
	pm_dec		a = fz_dec(in),
				b;
	int16_t    *digits = malloc(sizeof(int16_t) * PM_MAX_GROUPS);
	bool		neg;
	int			weight,
				n;
	int16_t		g[PM_MAX_GROUPS];
	ref_groups	ref;
	pm_status	st;
	int			pad = (4 - a.scale % 4) % 4;
	fz_u128		mag = a.coef < 0 ? -(fz_u128) a.coef : (fz_u128) a.coef;

	n = pm_dec_to_base10000(&a, &neg, &weight, digits);
	FZ_CHECK(n >= 0 && n <= PM_MAX_GROUPS, "encoder wrote %d groups for %s", n, fz_dec_str(&a));
	FZ_CHECK((n == 0) == (a.coef == 0) && neg == (a.coef < 0) && (n > 0 || weight == 0),
			 "encoder: %d groups, neg %d, weight %d for %s", n, neg, weight, fz_dec_str(&a));
	for (int i = 0; i < n; i++)
		FZ_CHECK(digits[i] >= 0 && digits[i] <= 9999, "encoder group %d is %d", i, digits[i]);
	FZ_CHECK(n == 0 || (digits[0] != 0 && digits[n - 1] != 0),
			 "encoder left a zero group at an end for %s", fz_dec_str(&a));
	memcpy(g, digits, sizeof(int16_t) * (n > 0 ? n : 0));

	/* the groups stand for the value, by the reference decoder */
	ref = ref_decode(weight, a.scale, g, n);
	{
		bn			want = bn_u128(mag);

		FZ_CHECK(ref.exists && bn_cmp(&ref.mag, &want) == 0,
				 "encoded groups (weight %d, %d groups) do not stand for %s", weight, n, fz_dec_str(&a));
	}

	/* and decode back, unless the padded groups are too wide for 128 bits */
	st = pm_dec_from_base10000(neg, weight, a.scale, digits, n, &b);
	if (st == PM_OK)
		FZ_CHECK(b.coef == a.coef && b.scale == a.scale,
				 "decode(encode(%s)) is %s", fz_dec_str(&a), fz_dec_str(&b));
	else
		FZ_CHECK(st == PM_OVERFLOW && !bn_below_pow2(&ref.groups, 127),
				 "decode(encode(%s)) failed with %s", fz_dec_str(&a), fz_status_name(st));

	/* the 64-bit encoder: the same groups, or -1 exactly when they need five or more */
	if (a.coef >= INT64_MIN && a.coef <= INT64_MAX)
	{
		pm_dec64	a64 = {(int64_t) a.coef, a.scale};
		int16_t    *d64 = malloc(sizeof(int16_t) * PM_DEC64_MAX_GROUPS);
		bool		neg64;
		int			w64;
		int			n64 = pm_dec64_to_base10000(&a64, &neg64, &w64, d64);
		bool		five = mag * (fz_u128) fz_pow10(pad) >= (fz_u128) UINT64_C(10000000000000000);

		if (n64 < 0)
			FZ_CHECK(n64 == -1 && five, "64-bit encoder refused %s (%d)", fz_dec_str(&a), n64);
		else
		{
			FZ_CHECK(!five, "64-bit encoder took %s, which needs five groups", fz_dec_str(&a));
			FZ_CHECK(n64 == n && neg64 == neg && (n == 0 || w64 == weight) &&
					 memcmp(d64, digits, sizeof(int16_t) * n) == 0,
					 "64-bit encoder (%d groups, weight %d) differs from the general one "
					 "(%d groups, weight %d) for %s", n64, w64, n, weight, fz_dec_str(&a));
		}
		free(d64);
	}
	free(digits);
}

/* The text PostgreSQL prints for a, built from fz_i128_str. */
static void
ref_text(const pm_dec *a, char *out)
{
	char		d[48];
	const char *m = fz_i128_str(a->coef, d) + (a->coef < 0);
	size_t		nd = strlen(m),
				pos = 0;

	if (a->coef < 0)
		out[pos++] = '-';
	if (a->scale == 0)
	{
		strcpy(out + pos, m);
		return;
	}
	if (nd <= (size_t) a->scale)
	{
		out[pos++] = '0';
		out[pos++] = '.';
		for (size_t i = nd; i < (size_t) a->scale; i++)
			out[pos++] = '0';
		strcpy(out + pos, m);
		return;
	}
	memcpy(out + pos, m, nd - a->scale);
	pos += nd - a->scale;
	out[pos++] = '.';
	strcpy(out + pos, m + nd - a->scale);
}

static void
check_to_string(fz_in *in)
{
	pm_dec		a = fz_dec(in),
				b;
	size_t		cap = 64 + (size_t) a.scale;
	char	   *buf = malloc(cap),
			   *want = malloc(cap);
	size_t		len;
	pm_status	st;

	len = pm_dec_to_string(&a, buf, cap);
	ref_text(&a, want);
	FZ_CHECK(len == strlen(buf) && strcmp(buf, want) == 0,
			 "pm_dec_to_string(%s) is \"%.80s\" (%zu), want \"%.80s\"", fz_dec_str(&a), buf, len, want);

	st = pm_dec_from_string(buf, &b);
	if (st == PM_OK)
		FZ_CHECK(b.coef == a.coef && b.scale == a.scale,
				 "\"%.80s\" parses back as %s", buf, fz_dec_str(&b));
	else
		FZ_CHECK(st == PM_OVERFLOW && a.coef == FZ_I128_MIN,
				 "\"%.80s\" does not parse back: %s", buf, fz_status_name(st));

	/* too small a buffer: nothing but an empty string */
	if (cap > 0)
	{
		size_t		small = (size_t) fz_range(in, 0, 3);

		len = pm_dec_to_string(&a, buf, small);
		FZ_CHECK(len == 0 && (small == 0 || buf[0] == '\0'),
				 "pm_dec_to_string with %zu bytes wrote %zu", small, len);
	}
	free(want);
	free(buf);
}

/*
 * Random text: pm_dec_from_string accepts exactly [+-]digits[.digits] (at
 * least one digit) whose digits fit 128 bits, and the value is then the
 * text's, as pm_dec_to_string prints it (leading zeros and "+" dropped).
 */
static void
check_from_string(fz_in *in)
{
	static const char alphabet[] = "0123456789.-+ e0009";
	int			len = fz_range(in, 0, 48);
	char	   *s = malloc((size_t) len + 1);
	char		canon[64],
				digits[64],
				out[128];
	pm_dec		r;
	pm_status	st;
	int			pos = 0,
				nd = 0,
				scale = 0;
	bool		well_formed = true,
				point = false,
				neg = false;

	for (int i = 0; i < len; i++)
		s[i] = alphabet[fz_u8(in) % (sizeof(alphabet) - 1)];
	s[len] = '\0';

	if (pos < len && (s[pos] == '-' || s[pos] == '+'))
		neg = s[pos++] == '-';
	for (; pos < len; pos++)
	{
		if (s[pos] == '.' && !point)
			point = true;
		else if (s[pos] >= '0' && s[pos] <= '9')
		{
			digits[nd++] = s[pos];
			scale += point;
		}
		else
			well_formed = false;
	}
	digits[nd] = '\0';

	st = pm_dec_from_string(s, &r);
	if (!well_formed || nd == 0)
	{
		FZ_CHECK(st != PM_OK, "\"%s\" parsed as %s", s, fz_dec_str(&r));
		FZ_CHECK(!well_formed || st == PM_INVALID, "\"%s\" (no digits) gives %s", s, fz_status_name(st));
		free(s);
		return;
	}

	/* the digits without leading zeros, as an integer coefficient */
	{
		const char *d = digits;
		const char *max = "170141183460469231731687303715884105727";
		size_t		n;

		while (*d == '0')
			d++;
		n = strlen(d);
		if (n > 39 || (n == 39 && strcmp(d, max) > 0))
		{
			FZ_CHECK(st == PM_OVERFLOW, "\"%s\" is too wide but gives %s", s, fz_status_name(st));
			free(s);
			return;
		}
		FZ_CHECK(st == PM_OK, "\"%s\" gives %s", s, fz_status_name(st));
		FZ_CHECK(r.scale == scale, "\"%s\" has scale %d, parsed as %d", s, scale, r.scale);

		/* canonical text: sign unless zero, integer digits without leading zeros, the fraction */
		pos = 0;
		if (neg && n > 0)
			canon[pos++] = '-';
		{
			int			ip = nd - scale;	/* integer digits in the text */
			int			lead = 0;

			while (lead < ip - 1 && digits[lead] == '0')
				lead++;
			if (ip == 0)
				canon[pos++] = '0';
			memcpy(canon + pos, digits + lead, ip - lead);
			pos += ip - lead;
			if (scale > 0)
			{
				canon[pos++] = '.';
				memcpy(canon + pos, digits + ip, scale);
				pos += scale;
			}
			canon[pos] = '\0';
		}
	}
	pm_dec_to_string(&r, out, sizeof(out));
	FZ_CHECK(strcmp(out, canon) == 0, "\"%s\" parsed as \"%s\", want \"%s\"", s, out, canon);
	free(s);
}

/* The word-at-a-time group helpers the aggregates' shape lane builds on. */
static void
check_group_helpers(fz_in *in)
{
	static bool exhaustive_done;
	uint64_t	w = fz_u64(in);
	bool		valid = true;
	uint64_t	value = 0;

	if (!exhaustive_done)
	{
		for (uint32_t g = 0; g < 10000; g++)
			for (int k = 1; k <= 3; k++)
				FZ_CHECK(pm_group_div_pow10(g, k) == g / (uint32_t) pm_pow10_u64[k],
						 "pm_group_div_pow10(%u, %d) is %u", g, k, pm_group_div_pow10(g, k));
		exhaustive_done = true;
	}

	/* bias lanes toward valid groups: clear their top bits when the byte says so */
	if (fz_u8(in) & 1)
		for (int i = 0; i < 4; i++)
		{
			uint64_t	lane = (w >> (16 * i)) & 0xFFFF;

			w = (w & ~(UINT64_C(0xFFFF) << (16 * i))) | ((lane % 10016) << (16 * i));
		}
	for (int i = 0; i < 4; i++)
	{
		uint64_t	lane = (w >> (16 * i)) & 0xFFFF;

		valid &= lane < 10000;
		value = value * 10000 + lane;
	}
	FZ_CHECK(pm_groups4_valid(w) == valid, "pm_groups4_valid(%016llx) is %d",
			 (unsigned long long) w, pm_groups4_valid(w));
	if (valid)
		FZ_CHECK(pm_groups4_value(w) == value, "pm_groups4_value(%016llx) is %llu, want %llu",
				 (unsigned long long) w, (unsigned long long) pm_groups4_value(w),
				 (unsigned long long) value);

	{
		uint64_t	acc = fz_u64(in) >> (10 + fz_u8(in) % 54);	/* < 2^54 */
		int			k = fz_range(in, 1, 3);
		uint64_t	n = fz_u64(in);
		int			k2 = fz_range(in, 0, 19);

		FZ_CHECK(pm_div_pow10_small(acc, k) == acc / pm_pow10_u64[k],
				 "pm_div_pow10_small(%llu, %d) is %llu", (unsigned long long) acc, k,
				 (unsigned long long) pm_div_pow10_small(acc, k));
		FZ_CHECK(pm_div_pow10_u64(n, k2) == n / pm_pow10_u64[k2],
				 "pm_div_pow10_u64(%llu, %d)", (unsigned long long) n, k2);
	}
}

/* Rounding-mode names: every name (any case) parses to its mode, nothing else parses. */
static void
check_mode_names(fz_in *in)
{
	static const char letters[] = "aeghflnopruvy_cdiAEHN";
	char		s[16];
	int			len = fz_range(in, 0, 12);
	pm_round_mode m;
	bool		ok;
	int			match = -1;

	for (int i = 0; i < len; i++)
		s[i] = letters[fz_u8(in) % (sizeof(letters) - 1)];
	s[len] = '\0';
	/* often a real name with its case changed */
	if (len > 0 && (fz_u8(in) & 1))
	{
		const char *name = pm_round_mode_name((pm_round_mode) (fz_u8(in) % PM_ROUND_MODE_COUNT));

		len = (int) strlen(name);
		for (int i = 0; i < len; i++)
			s[i] = (fz_u8(in) & 1) && name[i] != '_' ? (char) (name[i] - 'a' + 'A') : name[i];
		s[len] = '\0';
	}
	for (int k = 0; k < PM_ROUND_MODE_COUNT; k++)
	{
		const char *name = pm_round_mode_name((pm_round_mode) k);
		int			i;

		if ((int) strlen(name) != len)
			continue;
		for (i = 0; i < len; i++)
		{
			char		c = s[i] >= 'A' && s[i] <= 'Z' ? (char) (s[i] - 'A' + 'a') : s[i];

			if (c != name[i])
				break;
		}
		if (i == len)
			match = k;
	}
	ok = pm_round_mode_parse(s, (size_t) len, &m);
	FZ_CHECK(ok == (match >= 0) && (!ok || (int) m == match),
			 "pm_round_mode_parse(\"%s\") gives %d (mode %d), want mode %d", s, ok, ok ? (int) m : -1, match);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_in		in = {data, size};

	check_decode(&in);
	check_encode(&in);
	check_to_string(&in);
	check_from_string(&in);
	check_group_helpers(&in);
	check_mode_names(&in);
	return 0;
}
