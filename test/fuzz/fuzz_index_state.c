/*
 * fuzz_index_state.c: the index_state decoder (pm_statefmt_idx_decode) on
 * raw bytes, the flat form a receive or input function gets.  Its verdict
 * equals the reference reader's (fuzz_state.h), rule for rule; it reads
 * nothing past the input; an accepted state encodes back to exactly the
 * input (pm_statefmt_idx_size and _put), also with each numeric read back
 * from its stored form (checked against the reference's bytes).
 */
#include "fuzz_state.h"

/* Sums and accumulators per kind, as the format defines them (pm_statefmt.h). */
static const int rf_nsums[9] = {0, 2, 2, 2, 4, 2, 0, 2, 0};
static const int rf_nx[9] = {0, 0, 0, 0, 0, 2, 1, 0, 1};

/* The reference: the verdict on a whole index_state. */
static pm_state_error
rf_idx(const uint8_t *data, size_t size)
{
	rf_in		in = {data, size, 0, false};
	pm_state_error e = rf_begin(&in, 'i');
	int32_t		kind;
	int			isnum;
	int64_t		n;

	if (e != PM_STATE_OK)
		return e;
	kind = (int32_t) (uint32_t) rf_be(&in, 4);
	isnum = (int) rf_be(&in, 1);
	RF_SHORT(&in);
	if (kind < 1 || kind > 8 || isnum > 1)
		return PM_STATE_KIND;
	n = (int64_t) rf_be(&in, 8);
	RF_SHORT(&in);
	if (n < 0)
		return PM_STATE_NEGATIVE_ROWS;
	if (isnum)
	{
		for (int i = 0; i < rf_nsums[kind]; i++)
		{
			int64_t		count = 0;

			if ((e = rf_sum(&in, &count)) != PM_STATE_OK)
				return e;
			if (count != n)
				return PM_STATE_SUM_ROWS;
		}
		for (int i = 0; i < rf_nx[kind]; i++)
		{
			bool		normalized = true;

			/* 70 limbs of 32 bits, low first; the top one signed, the others in [0, 2^32) */
			for (int j = 0; j < 70; j++)
			{
				int64_t		limb = (int64_t) rf_be(&in, 8);

				if (j < 69 ? (limb < 0 || limb > (int64_t) UINT32_MAX) : (limb <= -((int64_t) 1 << 32) ||
																		   limb >= ((int64_t) 1 << 32)))
					normalized = false;
			}
			RF_SHORT(&in);
			if (!normalized)
				return PM_STATE_XACC;
		}
	}
	else
	{
		for (int i = 0; i < rf_nsums[kind] + rf_nx[kind]; i++)
			rf_be(&in, 8), rf_be(&in, 8);
		RF_SHORT(&in);
	}
	return in.pos == in.n ? PM_STATE_OK : PM_STATE_TRAILING;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *buf = fz_exact_copy(data, size);
	pm_statefmt_idx s;
	pm_state_error got = pm_statefmt_idx_decode(buf, size, &s),
				want = rf_idx(buf, size);

	FZ_CHECK(got == want, "%zu bytes: the decoder says \"%s\", the reference \"%s\"", size,
			 pm_statefmt_detail(got), pm_statefmt_detail(want));
	if (got == PM_STATE_OK)
	{
		size_t		n = pm_statefmt_idx_size(&s);
		uint8_t    *out;
		char	   *stored[PM_STATEFMT_IDX_MAX_SUMS] = {NULL};

		FZ_CHECK(pm_statefmt_idx_layout[s.kind].nsums == rf_nsums[s.kind] &&
				 pm_statefmt_idx_layout[s.kind].nx == rf_nx[s.kind], "kind %d's layout", s.kind);
		FZ_CHECK(n == size, "an accepted state of %zu bytes announces %zu", size, n);
		out = malloc(n);
		FZ_CHECK(pm_statefmt_idx_put(out, &s) == n && memcmp(out, buf, n) == 0,
				 "an accepted state of %zu bytes re-encodes to them", size);
		for (int i = 0; s.isnum && i < rf_nsums[s.kind]; i++)
			if (s.s[i].v.is_numeric)
			{
				pm_statefmt_numeric decoded = s.s[i].v.n;

				fz_check_stored(&decoded, &s.s[i].v.n, &stored[i]);
			}
		FZ_CHECK(pm_statefmt_idx_put(out, &s) == n && memcmp(out, buf, n) == 0,
				 "an accepted state's numerics through the stored form re-encode");
		for (int i = 0; i < PM_STATEFMT_IDX_MAX_SUMS; i++)
			free(stored[i]);
		free(out);
	}
	free(buf);
	return 0;
}
