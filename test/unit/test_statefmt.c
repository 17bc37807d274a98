/*
 * test_statefmt.c: unit tests of the aggregate states' flat form
 * (pm_statefmt.h): states written byte by byte as the format defines them,
 * each rule broken once, and the numerics' stored form.
 */
#include <string.h>

#include "pm_test.h"

#include "pm_statefmt.h"

/* A state under construction, big-endian fields appended. */
typedef struct sbuf
{
	unsigned char b[1024];
	size_t		n;
} sbuf;

static void
put(sbuf *s, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		s->b[s->n++] = (unsigned char) (v >> (8 * i));
}

/* A kind 1 value: 12.34 in numeric_send's form (2 groups, weight 0, positive, dscale 2). */
static void
put_numeric(sbuf *s, int ndigits, int weight, unsigned sign, unsigned dscale, const int *groups)
{
	put(s, 1, 1);
	put(s, 8 + 2 * (uint64_t) ndigits, 4);
	put(s, (uint64_t) ndigits, 2);
	put(s, (uint16_t) weight, 2);
	put(s, sign, 2);
	put(s, dscale, 2);
	for (int i = 0; i < ndigits; i++)
		put(s, (uint16_t) groups[i], 2);
}

/* A one-position numeric vec_min state around a numeric value: the head, the value, its count. */
static sbuf
vec_min_state(int ndigits, int weight, unsigned sign, unsigned dscale, const int *groups)
{
	sbuf		s = {{0}, 0};

	put(&s, 'v', 1);
	put(&s, 1, 1);
	put(&s, PM_VEC_NUM_MIN, 4);
	put(&s, 1, 4);				/* len */
	put(&s, 1, 4);				/* lbound */
	put(&s, 1, 8);				/* nrows */
	put(&s, 1, 8);				/* nminlb */
	put_numeric(&s, ndigits, weight, sign, dscale, groups);
	put(&s, 1, 8);				/* count */
	return s;
}

/* The verdict on a whole vec_state, and its one position. */
static pm_state_error
vec_decode(const sbuf *s, pm_statefmt_vec_pos *p)
{
	pm_statefmt_reader r;
	pm_statefmt_vec_head h;
	pm_state_error e = pm_statefmt_vec_begin(&r, s->b, s->n, &h);

	for (int i = 0; e == PM_STATE_OK && i < h.len; i++)
		e = pm_statefmt_vec_next(&r, &h, p);
	return e == PM_STATE_OK ? pm_statefmt_end(&r) : e;
}

/* 12.34 decodes into its fields; the state encodes back to its bytes. */
static void
test_statefmt_vec_numeric_round_trip(void)
{
	static const int g[] = {12, 3400};
	sbuf		s = vec_min_state(2, 0, 0x0000, 2, g);
	pm_statefmt_vec_pos p;
	pm_statefmt_vec_head h = {PM_VEC_NUM_MIN, 1, 1, 1, 1};
	unsigned char out[1024];
	size_t		n;

	CHECK(vec_decode(&s, &p) == PM_STATE_OK);
	CHECK(p.sum.v.is_numeric && !p.sum.v.n.neg && p.sum.v.n.weight == 0 && p.sum.v.n.dscale == 2 &&
		  p.sum.v.n.ndigits == 2 && p.count == 1);
	CHECK(pm_statefmt_value_scale(&p.sum.v) == 2);
	n = pm_statefmt_put_begin(out, PM_STATEFMT_VEC_TAG);
	n += pm_statefmt_vec_put_head(out + n, &h);
	CHECK(pm_statefmt_vec_pos_size(PM_VEC_NUM_MIN, &p) == s.n - n);
	n += pm_statefmt_vec_put_pos(out + n, PM_VEC_NUM_MIN, &p);
	CHECK(n == s.n && memcmp(out, s.b, n) == 0);
}

/*
 * Each rule of numeric_send's form, broken once: numeric_recv's checks, then
 * the canonical form (what numeric_recv would silently change).
 */
static void
test_statefmt_numeric_rules(void)
{
	static const struct
	{
		int			ndigits,
					weight;
		unsigned	sign,
					dscale;
		int			groups[3];
		pm_state_error want;
	}			cases[] = {
		{2, 0, 0x0000, 2, {12, 3400}, PM_STATE_OK},	/* 12.34 */
		{2, 0, 0x4000, 2, {12, 3400}, PM_STATE_OK},	/* -12.34 */
		{0, 0, 0x0000, 5, {0}, PM_STATE_OK},	/* 0.00000 */
		{1, -1, 0x0000, 3, {10}, PM_STATE_OK},	/* 0.001 */
		{1, 75, 0x0000, 0, {1}, PM_STATE_OK},	/* 1e300 */
		{2, 0, 0x1234, 2, {12, 3400}, PM_STATE_NUMERIC_SIGN},
		{2, 0, 0x0000, 0x4000, {12, 3400}, PM_STATE_NUMERIC_DSCALE},
		{2, 0, 0x0000, 2, {12, 10000}, PM_STATE_NUMERIC_DIGIT},
		{2, 0, 0x0000, 2, {12, 0x8000}, PM_STATE_NUMERIC_DIGIT},
		{0, 0, 0xC000, 0, {0}, PM_STATE_NUMERIC_NOT_FINITE},	/* NaN */
		{0, 0, 0xD000, 0, {0}, PM_STATE_NUMERIC_NOT_FINITE},	/* Infinity */
		{1, 0, 0xF000, 0, {10000}, PM_STATE_NUMERIC_DIGIT},	/* digits are checked first */
		{2, 0, 0x0000, 1, {12, 3400}, PM_STATE_NUMERIC_FORM},	/* 12.34 at dscale 1 hides the 4 */
		{2, 0, 0x0000, 0, {12, 3400}, PM_STATE_NUMERIC_FORM},	/* a whole group beyond dscale */
		{1, -1, 0x0000, 2, {10}, PM_STATE_NUMERIC_FORM},	/* 0.0010 at dscale 2 */
		{3, 1, 0x0000, 2, {0, 12, 3400}, PM_STATE_NUMERIC_FORM},	/* a leading zero group */
		{2, 0, 0x0000, 4, {12, 0}, PM_STATE_NUMERIC_FORM},	/* a trailing zero group */
		{0, 1, 0x0000, 0, {0}, PM_STATE_NUMERIC_FORM},	/* zero at weight 1 */
		{0, 0, 0x4000, 0, {0}, PM_STATE_NUMERIC_FORM},	/* negative zero */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		sbuf		s = vec_min_state(cases[i].ndigits, cases[i].weight, cases[i].sign, cases[i].dscale,
									  cases[i].groups);
		pm_statefmt_vec_pos p;
		pm_state_error e = vec_decode(&s, &p);

		if (e != cases[i].want)
			fprintf(stderr, "  case %zu: got \"%s\"\n", i, pm_statefmt_detail(e));
		CHECK(e == cases[i].want);
	}
}

/* The numeric's length, then the state's own rules, each broken once by a patch of the 12.34 state. */
static void
test_statefmt_vec_rules(void)
{
	static const int g[] = {12, 3400};
	static const struct
	{
		size_t		at;			/* byte to change */
		unsigned char to;
		pm_state_error want;
	}			cases[] = {
		{0, 'i', PM_STATE_NOT_VEC},
		{1, 2, PM_STATE_VERSION},
		{5, 7, PM_STATE_KIND},	/* kind 7 */
		{9, 3, PM_STATE_LENGTH},	/* len 3: the 41 bytes left hold at most two positions */
		{6, 0x80, PM_STATE_LENGTH},	/* negative len */
		{9, 2, PM_STATE_SUBSCRIPTS},	/* len 2 with lbound 2^31 - 1 (patched below) */
		{29, 2, PM_STATE_ROW_COUNTS},	/* nrows 1, nminlb 2 */
		{30, 2, PM_STATE_VALUE_KIND},
		{34, 7, PM_STATE_NUMERIC_LENGTH},	/* length 7 */
		{34, 14, PM_STATE_NUMERIC_LENGTH},	/* length 14, for 2 groups */
		{54, 2, PM_STATE_POS_COUNT},	/* count 2 of 1 row */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		sbuf		s = vec_min_state(2, 0, 0x0000, 2, g);
		pm_statefmt_vec_pos p;
		pm_state_error e;

		s.b[cases[i].at] = cases[i].to;
		if (cases[i].want == PM_STATE_SUBSCRIPTS)
		{
			s.b[10] = 0x7F;
			s.b[11] = s.b[12] = s.b[13] = 0xFF;
		}
		e = vec_decode(&s, &p);
		if (e != cases[i].want)
			fprintf(stderr, "  case %zu: got \"%s\"\n", i, pm_statefmt_detail(e));
		CHECK(e == cases[i].want);
	}
	/* one byte short anywhere, one byte too many */
	{
		sbuf		s = vec_min_state(2, 0, 0x0000, 2, g);
		pm_statefmt_vec_pos p;

		for (size_t n = 0; n < s.n; n++)
		{
			sbuf		t = s;
			pm_state_error e;

			t.n = n;
			e = vec_decode(&t, &p);
			/* a cut before the position leaves no room for it, one through the numeric too little for its length */
			CHECK(e == (n < 14 ? PM_STATE_ENDS_EARLY : n < 30 ? PM_STATE_LENGTH : n < 35 ? PM_STATE_ENDS_EARLY :
						n < 47 ? PM_STATE_NUMERIC_LENGTH : PM_STATE_ENDS_EARLY));
		}
		s.b[s.n++] = 0;
		CHECK(vec_decode(&s, &p) == PM_STATE_TRAILING);
	}
}

/* float8 extremes must be finite; float8 sums keep infinities, bit for bit. */
static void
test_statefmt_vec_float8(void)
{
	sbuf		s = {{0}, 0};
	pm_statefmt_vec_pos p;

	put(&s, 'v', 1);
	put(&s, 1, 1);
	put(&s, PM_VEC_F8_SUM, 4);
	put(&s, 1, 4);
	put(&s, 1, 4);
	put(&s, 3, 8);
	put(&s, 3, 8);
	put(&s, UINT64_C(0x7FF0000000000000), 8);	/* Infinity */
	put(&s, UINT64_C(0x7FF8000000000001), 8);	/* a NaN with a payload */
	put(&s, 3, 8);
	CHECK(vec_decode(&s, &p) == PM_STATE_OK);
	{
		unsigned char out[64];

		CHECK(pm_statefmt_vec_put_pos(out, PM_VEC_F8_SUM, &p) == 24 && memcmp(out, s.b + 30, 24) == 0);
	}
	s.b[5] = PM_VEC_F8_MAX;
	s.n -= 8;
	CHECK(vec_decode(&s, &p) == PM_STATE_NOT_FINITE);
}

/* An index_state written by the encoder decodes to the same fields; each of its rules, broken once. */
static void
test_statefmt_idx(void)
{
	pm_statefmt_idx s,
				d;
	unsigned char out[2048];
	size_t		n;

	memset(&s, 0, sizeof(s));
	s.kind = PM_IDX_TORNQVIST;
	s.isnum = true;
	s.n = 2;
	for (int i = 0; i < 2; i++)
	{
		s.s[i].v.d = D("12.340");
		s.s[i].st.maxscale = 3;
		s.s[i].st.nmax = 1;
		s.s[i].count = 2;
	}
	s.x[0].limb[69] = -5;
	s.x[1].limb[0] = 7;
	n = pm_statefmt_idx_put(out, &s);
	CHECK(n == pm_statefmt_idx_size(&s));
	CHECK(n == 2 + 4 + 1 + 8 + 2 * (21 + 20) + 2 * 70 * 8);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_OK);
	CHECK(d.kind == s.kind && d.isnum && d.n == 2 && d.s[1].v.d.coef == 12340 && d.s[1].v.d.scale == 3 &&
		  d.x[0].limb[69] == -5 && d.x[1].limb[0] == 7);
	CHECK(pm_statefmt_idx_decode(out, n - 1, &d) == PM_STATE_ENDS_EARLY);
	/* the second sum's count (its last byte) */
	out[2 + 4 + 1 + 8 + 41 + 40] = 3;
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_SUM_ROWS);
	out[2 + 4 + 1 + 8 + 41 + 40] = 2;
	s.x[1].limb[0] = (int64_t) 1 << 32;	/* a carry not propagated */
	n = pm_statefmt_idx_put(out, &s);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_XACC);
	s.x[1].limb[0] = 0;
	s.s[0].st.maxscale = 2;
	n = pm_statefmt_idx_put(out, &s);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_SUM_VALUE);
	s.s[0].st.nmax = 3;
	n = pm_statefmt_idx_put(out, &s);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_SUM_COUNTS);
	s.n = -1;
	n = pm_statefmt_idx_put(out, &s);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_NEGATIVE_ROWS);
	out[5] = 9;					/* kind 9 */
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_KIND);
	out[0] = 'v';
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_NOT_IDX);
	/* float8: compensated sums and accumulators, no checks beyond the length */
	memset(&s, 0, sizeof(s));
	s.kind = PM_IDX_CARLI;
	s.n = 1;
	s.k[0].sum = 1.5;
	n = pm_statefmt_idx_put(out, &s);
	CHECK(n == 2 + 4 + 1 + 8 + 16);
	CHECK(pm_statefmt_idx_decode(out, n, &d) == PM_STATE_OK && d.k[0].sum == 1.5 && !d.isnum);
}

/* The stored form of decoded numerics: PostgreSQL's bytes (test_numfmt.c's vectors). */
static void
test_statefmt_stored(void)
{
	static const int g1234[] = {12, 3400};
	static const int g1[] = {1};
	static const unsigned char want1234[] = {0x00, 0xA1, 0x0C, 0x00, 0x48, 0x0D};	/* -12.34 */
	static const unsigned char want1e300[] = {0x00, 0x00, 0x4B, 0x00, 0x01, 0x00};
	sbuf		s = vec_min_state(2, 0, 0x4000, 2, g1234);
	pm_statefmt_vec_pos p;
	pm_statefmt_numeric back;
	char		out[16];

	CHECK(vec_decode(&s, &p) == PM_STATE_OK);
	CHECK(pm_statefmt_numeric_stored_size(&p.sum.v.n) == sizeof(want1234));
	CHECK(pm_statefmt_numeric_to_stored(&p.sum.v.n, out) == sizeof(want1234));
	CHECK(memcmp(out, want1234, sizeof(want1234)) == 0);
	CHECK(pm_statefmt_numeric_from_stored(out, sizeof(want1234), &back));
	CHECK(back.neg && back.weight == 0 && back.dscale == 2 && back.ndigits == 2 && !back.big_endian);
	s = vec_min_state(1, 75, 0x0000, 0, g1);
	CHECK(vec_decode(&s, &p) == PM_STATE_OK);
	CHECK(pm_statefmt_numeric_to_stored(&p.sum.v.n, out) == sizeof(want1e300));
	CHECK(memcmp(out, want1e300, sizeof(want1e300)) == 0);
	/* NaN is no sum's value */
	out[0] = 0x00;
	out[1] = (char) 0xC0;
	CHECK(!pm_statefmt_numeric_from_stored(out, 2, &back));
}

/* Every status has its own sentence; the ones regress tests show are today's. */
static void
test_statefmt_details(void)
{
	for (int i = 0; i < PM_STATE_NERRORS; i++)
	{
		CHECK(pm_statefmt_detail(i) != NULL && pm_statefmt_detail(i)[0] != '\0');
		for (int j = 0; j < i; j++)
			CHECK(strcmp(pm_statefmt_detail(i), pm_statefmt_detail(j)) != 0);
	}
	CHECK_STR(pm_statefmt_detail(PM_STATE_ENDS_EARLY), "The state ends early.");
	CHECK_STR(pm_statefmt_detail(PM_STATE_NOT_IDX), "The value is not of type index_state.");
	CHECK_STR(pm_statefmt_detail(PM_STATE_NUMERIC_FORM), "A numeric value is not in numeric_send's form.");
	CHECK_STR(pm_statefmt_detail(PM_STATE_NERRORS), "The state is invalid.");
}

static const pm_unit_test tests[] = {
	{"test_statefmt_vec_numeric_round_trip", test_statefmt_vec_numeric_round_trip},
	{"test_statefmt_numeric_rules", test_statefmt_numeric_rules},
	{"test_statefmt_vec_rules", test_statefmt_vec_rules},
	{"test_statefmt_vec_float8", test_statefmt_vec_float8},
	{"test_statefmt_idx", test_statefmt_idx},
	{"test_statefmt_stored", test_statefmt_stored},
	{"test_statefmt_details", test_statefmt_details},
};

const pm_unit_suite pm_statefmt_suite = {tests, sizeof(tests) / sizeof(tests[0])};
