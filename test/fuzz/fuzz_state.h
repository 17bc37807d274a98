/*
 * fuzz_state.h: what fuzz_vec_state and fuzz_index_state share: a slow
 * reference reader of the flat states, written from the format's
 * definition (pm_statefmt.h's comment and PostgreSQL's numeric.c) without
 * the core's code, and the checks of each decoded numeric's conversions.
 *
 * The reference reads each field with a cursor that goes past the end and
 * remembers it, then checks the rules in the order the format states them;
 * its numeric check replays what the glue did before the core decoded
 * states: numeric_recv (sign, dscale and digit checks, then trunc_var to
 * dscale and strip_var, as numeric.c does them), then numeric_send, whose
 * bytes must be the input's.
 */
#ifndef PM_FUZZ_STATE_H
#define PM_FUZZ_STATE_H

#include "fuzz.h"
#include "pm_numfmt.h"
#include "pm_statefmt.h"

/* ---- the reference reader ---- */

typedef struct rf_in
{
	const uint8_t *p;
	size_t		n;
	size_t		pos;
	bool		short_read;		/* a read went past the end */
} rf_in;

/* The next k bytes as a big-endian number; past the end, 0 and short_read. */
static inline uint64_t
rf_be(rf_in *in, int k)
{
	uint64_t	v = 0;

	if (in->short_read || in->n - in->pos < (size_t) k)
	{
		in->short_read = true;
		return 0;
	}
	for (int i = 0; i < k; i++)
		v = v * 256 + in->p[in->pos++];
	return v;
}

#define RF_SHORT(in) \
	do { \
		if ((in)->short_read) \
			return PM_STATE_ENDS_EARLY; \
	} while (0)

/*
 * numeric_recv then numeric_send on the len bytes at p (len >= 8 and the
 * digits' count checked): PM_STATE_OK when they come back unchanged.
 */
static inline pm_state_error
rf_numeric_body(const uint8_t *p, size_t len, int *dscale_out, bool *zero_out)
{
	static int	dig[65536];
	int			nd = p[0] << 8 | p[1],
				weight = (int16_t) (uint16_t) (p[2] << 8 | p[3]),
				sign = p[4] << 8 | p[5],
				dscale = p[6] << 8 | p[7];
	int			n,
				w,
				first;
	uint8_t		again[8];

	(void) len;
	if (!(sign == 0x0000 || sign == 0x4000 || sign == 0xC000 || sign == 0xD000 || sign == 0xF000))
		return PM_STATE_NUMERIC_SIGN;
	if ((dscale & 0x3FFF) != dscale)
		return PM_STATE_NUMERIC_DSCALE;
	for (int i = 0; i < nd; i++)
	{
		dig[i] = (int16_t) (uint16_t) (p[8 + 2 * i] << 8 | p[9 + 2 * i]);
		if (dig[i] < 0 || dig[i] >= 10000)
			return PM_STATE_NUMERIC_DIGIT;
	}
	if (sign != 0x0000 && sign != 0x4000)
		return PM_STATE_NUMERIC_NOT_FINITE;
	/* trunc_var(value, dscale) */
	n = nd;
	w = weight;
	first = 0;
	{
		int			di = (w + 1) * 4 + dscale;

		if (di <= 0)
		{
			n = 0;
			w = 0;
			sign = 0x0000;
		}
		else
		{
			int			keep = (di + 3) / 4;

			if (keep <= n)
			{
				static const int round_powers[4] = {0, 1000, 100, 10};

				n = keep;
				di %= 4;
				if (di > 0)
					dig[n - 1] -= dig[n - 1] % round_powers[di];
			}
		}
	}
	/* strip_var, then make_result's zero */
	while (n > 0 && dig[first] == 0)
	{
		first++;
		w--;
		n--;
	}
	while (n > 0 && dig[first + n - 1] == 0)
		n--;
	if (n == 0)
	{
		w = 0;
		sign = 0x0000;
	}
	/* numeric_send, compared as it goes */
	again[0] = (uint8_t) (n >> 8);
	again[1] = (uint8_t) n;
	again[2] = (uint8_t) ((unsigned) w >> 8);
	again[3] = (uint8_t) w;
	again[4] = (uint8_t) (sign >> 8);
	again[5] = (uint8_t) sign;
	again[6] = (uint8_t) (dscale >> 8);
	again[7] = (uint8_t) dscale;
	if (n != nd || memcmp(again, p, 8) != 0)
		return PM_STATE_NUMERIC_FORM;
	for (int i = 0; i < n; i++)
		if ((p[8 + 2 * i] << 8 | p[9 + 2 * i]) != dig[first + i])
			return PM_STATE_NUMERIC_FORM;
	*dscale_out = dscale;
	*zero_out = n == 0;
	return PM_STATE_OK;
}

/* A value: kind, then an int128 and scale, or a numeric in numeric_send's form. */
static inline pm_state_error
rf_value(rf_in *in, bool *is_numeric, int *scale, bool *zero)
{
	int			kind = (int) rf_be(in, 1);

	RF_SHORT(in);
	*is_numeric = kind == 1;
	if (kind == 0)
	{
		uint64_t	hi = rf_be(in, 8),
					lo = rf_be(in, 8);
		int32_t		sc = (int32_t) (uint32_t) rf_be(in, 4);

		RF_SHORT(in);
		if (sc < 0 || sc > 16383)
			return PM_STATE_VALUE_SCALE;
		*scale = sc;
		*zero = hi == 0 && lo == 0;
		return PM_STATE_OK;
	}
	if (kind == 1)
	{
		int32_t		len = (int32_t) (uint32_t) rf_be(in, 4);
		const uint8_t *p;

		RF_SHORT(in);
		if (len < 8 || (int64_t) len > (int64_t) (in->n - in->pos))
			return PM_STATE_NUMERIC_LENGTH;
		p = in->p + in->pos;
		in->pos += (size_t) len;
		if (len != 8 + 2 * (p[0] << 8 | p[1]))
			return PM_STATE_NUMERIC_LENGTH;
		return rf_numeric_body(p, (size_t) len, scale, zero);
	}
	return PM_STATE_VALUE_KIND;
}

/* A sum: a value and its counts, consistent with each other. */
static inline pm_state_error
rf_sum(rf_in *in, int64_t *count_out)
{
	bool		is_numeric,
				zero;
	int			scale;
	pm_state_error e = rf_value(in, &is_numeric, &scale, &zero);
	int32_t		maxscale;
	int64_t		nmax,
				count;

	if (e != PM_STATE_OK)
		return e;
	maxscale = (int32_t) (uint32_t) rf_be(in, 4);
	nmax = (int64_t) rf_be(in, 8);
	count = (int64_t) rf_be(in, 8);
	RF_SHORT(in);
	if (count < 0 || nmax < 0 || nmax > count || (count == 0 && nmax != 0) || (count > 0 && nmax == 0) ||
		maxscale < 0 || maxscale > 16383)
		return PM_STATE_SUM_COUNTS;
	if (count == 0 && (is_numeric || !zero || scale != 0 || maxscale != 0))
		return PM_STATE_SUM_VALUE;
	if (count > 0 && scale != maxscale)
		return PM_STATE_SUM_VALUE;
	*count_out = count;
	return PM_STATE_OK;
}

/* The tag and version. */
static inline pm_state_error
rf_begin(rf_in *in, int tag)
{
	int			t = (int) rf_be(in, 1);

	RF_SHORT(in);
	if (t != tag)
		return tag == 'v' ? PM_STATE_NOT_VEC : PM_STATE_NOT_IDX;
	if (rf_be(in, 1) != 1)
	{
		RF_SHORT(in);
		return PM_STATE_VERSION;
	}
	return PM_STATE_OK;
}

/* ---- a decoded numeric's conversions ---- */

/*
 * The stored form of n, as PostgreSQL's make_result writes it (little-endian
 * machines): the short header when dscale <= 63 and -64 <= weight <= 63
 * (0x8000, the sign 0x2000, dscale << 7, the weight's 7 bits), else the
 * long one (sign 0x4000 | dscale, then the int16 weight); then the groups.
 */
static inline size_t
rf_stored(const pm_statefmt_numeric *n, const uint8_t *groups_be, uint8_t *out)
{
	size_t		k = 0;

	if (n->dscale <= 63 && n->weight >= -64 && n->weight <= 63)
	{
		unsigned	h = 0x8000 | (n->neg ? 0x2000 : 0) | (unsigned) n->dscale << 7 | ((unsigned) n->weight & 0x7F);

		out[k++] = (uint8_t) h;
		out[k++] = (uint8_t) (h >> 8);
	}
	else
	{
		unsigned	h = (n->neg ? 0x4000 : 0) | (unsigned) n->dscale;

		out[k++] = (uint8_t) h;
		out[k++] = (uint8_t) (h >> 8);
		out[k++] = (uint8_t) n->weight;
		out[k++] = (uint8_t) ((unsigned) n->weight >> 8);
	}
	for (int i = 0; i < n->ndigits; i++)
	{
		out[k++] = groups_be[2 * i + 1];
		out[k++] = groups_be[2 * i];
	}
	return k;
}

/*
 * A decoded numeric (its groups big-endian, in the input) through the stored
 * form and back: the stored bytes are the reference's, and reading them
 * back gives the same fields; *back is that reading (the groups in the
 * malloc'd *stored, which the caller frees).
 */
static inline void
fz_check_stored(const pm_statefmt_numeric *n, pm_statefmt_numeric *back, char **stored)
{
	size_t		size = pm_statefmt_numeric_stored_size(n);
	char	   *buf = malloc(size > 0 ? size : 1);
	uint8_t    *want = malloc(4 + 2 * (size_t) n->ndigits);
	size_t		wrote = pm_statefmt_numeric_to_stored(n, buf);
	size_t		wlen = rf_stored(n, n->groups, want);

	FZ_CHECK(n->big_endian, "a decoded numeric's groups are numeric_send's");
	FZ_CHECK(wrote == size && wlen == size && memcmp(buf, want, size) == 0,
			 "stored form of %d groups, weight %d, dscale %d: %zu bytes written, %zu announced, reference %zu",
			 n->ndigits, n->weight, n->dscale, wrote, size, wlen);
	FZ_CHECK(pm_statefmt_numeric_from_stored(buf, size, back), "a stored numeric reads back");
	FZ_CHECK(back->neg == n->neg && back->weight == n->weight && back->dscale == n->dscale &&
			 back->ndigits == n->ndigits && !back->big_endian,
			 "stored numeric reads back its fields (weight %d/%d, dscale %d/%d, groups %d/%d)",
			 back->weight, n->weight, back->dscale, n->dscale, back->ndigits, n->ndigits);
	free(want);
	*stored = buf;
}

/* A copy of the size input bytes, exactly that long, so that ASan sees any read past them. */
static inline uint8_t *
fz_exact_copy(const uint8_t *data, size_t size)
{
	uint8_t    *buf = malloc(size > 0 ? size : 1);

	memcpy(buf, data, size);
	return buf;
}

#endif							/* PM_FUZZ_STATE_H */
