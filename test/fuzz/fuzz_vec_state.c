/*
 * fuzz_vec_state.c: the vec_state decoder (pm_statefmt_vec_begin, _next,
 * pm_statefmt_end) on raw bytes, the flat form a receive or input function
 * gets.  Its verdict equals the reference reader's (fuzz_state.h), rule for
 * rule; it reads nothing past the input; an accepted state encodes back to
 * exactly the input, position by position, and each numeric in it goes
 * through the stored form (against the reference's bytes) and back to the
 * same bytes.
 */
#include "fuzz_state.h"

/* The reference: the verdict on a whole vec_state. */
static pm_state_error
rf_vec(const uint8_t *data, size_t size)
{
	rf_in		in = {data, size, 0, false};
	pm_state_error e = rf_begin(&in, 'v');
	int32_t		kind,
				len,
				lbound;
	int64_t		nrows,
				nminlb;

	if (e != PM_STATE_OK)
		return e;
	kind = (int32_t) (uint32_t) rf_be(&in, 4);
	len = (int32_t) (uint32_t) rf_be(&in, 4);
	lbound = (int32_t) (uint32_t) rf_be(&in, 4);
	RF_SHORT(&in);
	if (kind < 1 || kind > 6)
		return PM_STATE_KIND;
	/* every position takes at least 16 bytes */
	if (len < 0 || (int64_t) len * 16 > (int64_t) (in.n - in.pos) || len > 134217727)
		return PM_STATE_LENGTH;
	if (len > 0 && (int64_t) lbound + len - 1 > INT32_MAX)
		return PM_STATE_SUBSCRIPTS;
	nrows = (int64_t) rf_be(&in, 8);
	nminlb = (int64_t) rf_be(&in, 8);
	RF_SHORT(&in);
	if (nrows < 0 || nminlb < 0 || nminlb > nrows || (nrows == 0) != (nminlb == 0))
		return PM_STATE_ROW_COUNTS;
	for (int32_t i = 0; i < len; i++)
	{
		int64_t		count = 0;

		if (kind == PM_VEC_NUM_SUM)
		{
			if ((e = rf_sum(&in, &count)) != PM_STATE_OK)
				return e;
		}
		else if (kind == PM_VEC_NUM_MIN || kind == PM_VEC_NUM_MAX)
		{
			bool		is_numeric,
						zero;
			int			scale;

			if ((e = rf_value(&in, &is_numeric, &scale, &zero)) != PM_STATE_OK)
				return e;
			count = (int64_t) rf_be(&in, 8);
			RF_SHORT(&in);
			if (count == 0 && (is_numeric || !zero || scale != 0))
				return PM_STATE_EMPTY_VALUE;
		}
		else if (kind == PM_VEC_F8_SUM)
		{
			rf_be(&in, 8);
			rf_be(&in, 8);
			count = (int64_t) rf_be(&in, 8);
			RF_SHORT(&in);
		}
		else
		{
			uint64_t	bits = rf_be(&in, 8);

			count = (int64_t) rf_be(&in, 8);
			RF_SHORT(&in);
			/* exponent all ones: an infinity or a NaN */
			if (((bits >> 52) & 0x7FF) == 0x7FF)
				return PM_STATE_NOT_FINITE;
		}
		if (count < 0 || count > nrows)
			return PM_STATE_POS_COUNT;
	}
	return in.pos == in.n ? PM_STATE_OK : PM_STATE_TRAILING;
}

/* Position p (at bytes at, n long) encodes back to those bytes, also with its numeric read from the stored form. */
static void
check_pos(int kind, const pm_statefmt_vec_pos *p, const uint8_t *at, size_t n, uint8_t *out)
{
	size_t		size = pm_statefmt_vec_pos_size(kind, p);
	size_t		wrote;

	FZ_CHECK(size == n, "kind %d position: %zu bytes announced, %zu read", kind, size, n);
	wrote = pm_statefmt_vec_put_pos(out, kind, p);
	FZ_CHECK(wrote == n && memcmp(out, at, n) == 0, "kind %d position re-encodes to its %zu bytes (wrote %zu)",
			 kind, n, wrote);
	if ((kind == PM_VEC_NUM_SUM || kind == PM_VEC_NUM_MIN || kind == PM_VEC_NUM_MAX) && p->sum.v.is_numeric)
	{
		pm_statefmt_vec_pos q = *p;
		char	   *stored;

		fz_check_stored(&p->sum.v.n, &q.sum.v.n, &stored);
		wrote = pm_statefmt_vec_put_pos(out, kind, &q);
		FZ_CHECK(wrote == n && memcmp(out, at, n) == 0, "a position's numeric through the stored form re-encodes");
		free(stored);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *buf = fz_exact_copy(data, size);
	uint8_t    *out = malloc(size + PM_STATEFMT_VEC_HEAD_SIZE + PM_STATEFMT_BEGIN_SIZE);
	pm_statefmt_reader r;
	pm_statefmt_vec_head h;
	pm_state_error got,
				want = rf_vec(buf, size);

	got = pm_statefmt_vec_begin(&r, buf, size, &h);
	if (got == PM_STATE_OK)
	{
		FZ_CHECK(pm_statefmt_put_begin(out, PM_STATEFMT_VEC_TAG) == PM_STATEFMT_BEGIN_SIZE &&
				 pm_statefmt_vec_put_head(out + PM_STATEFMT_BEGIN_SIZE, &h) == PM_STATEFMT_VEC_HEAD_SIZE &&
				 memcmp(out, buf, PM_STATEFMT_BEGIN_SIZE + PM_STATEFMT_VEC_HEAD_SIZE) == 0,
				 "the head re-encodes to its bytes");
		FZ_CHECK(r.pos == PM_STATEFMT_BEGIN_SIZE + PM_STATEFMT_VEC_HEAD_SIZE, "the head is %zu bytes", r.pos);
		for (int32_t i = 0; i < h.len && got == PM_STATE_OK; i++)
		{
			pm_statefmt_vec_pos p;
			size_t		at = r.pos;

			got = pm_statefmt_vec_next(&r, &h, &p);
			FZ_CHECK(r.pos <= size, "position %d read past the end", i);
			if (got == PM_STATE_OK)
				check_pos(h.kind, &p, buf + at, r.pos - at, out);
		}
		if (got == PM_STATE_OK)
			got = pm_statefmt_end(&r);
	}
	FZ_CHECK(got == want, "%zu bytes: the decoder says \"%s\", the reference \"%s\"", size,
			 pm_statefmt_detail(got), pm_statefmt_detail(want));
	free(out);
	free(buf);
	return 0;
}
