/*
 * pm_statefmt.c: the aggregate states' flat form, decoded with every field
 * checked and encoded back byte for byte (the format: pm_statefmt.h).
 */
#include "pm_statefmt.h"

#include <math.h>
#include <string.h>

#include "pm_numfmt.h"

const pm_idx_layout pm_statefmt_idx_layout[PM_IDX_CARLI + 1] = {
	[PM_IDX_WAVG] = {2, 0},		/* sum(v w), sum(w) */
	[PM_IDX_LASPEYRES] = {2, 0},	/* sum(p1 q0), sum(p0 q0) */
	[PM_IDX_PAASCHE] = {2, 0},	/* sum(p1 q1), sum(p0 q1) */
	[PM_IDX_FISHER] = {4, 0},	/* both of the above */
	[PM_IDX_TORNQVIST] = {2, 2},	/* sum(p0 q0), sum(p1 q1); sum(p0 q0 ln r), sum(p1 q1 ln r) */
	[PM_IDX_JEVONS] = {0, 1},	/* sum(ln r) */
	[PM_IDX_DUTOT] = {2, 0},	/* sum(p1), sum(p0) */
	[PM_IDX_CARLI] = {0, 1},	/* sum(r) */
};

static const char *const details[PM_STATE_NERRORS] = {
	[PM_STATE_OK] = "The state is valid.",
	[PM_STATE_ENDS_EARLY] = "The state ends early.",
	[PM_STATE_NOT_VEC] = "The value is not of type vec_state.",
	[PM_STATE_NOT_IDX] = "The value is not of type index_state.",
	[PM_STATE_VERSION] = "The state's format version is unknown.",
	[PM_STATE_TRAILING] = "The state has trailing bytes.",
	[PM_STATE_VALUE_KIND] = "A value has an invalid kind.",
	[PM_STATE_VALUE_SCALE] = "A value has an invalid scale.",
	[PM_STATE_NUMERIC_LENGTH] = "A numeric value has an invalid length.",
	[PM_STATE_NUMERIC_SIGN] = "A numeric value has an invalid sign.",
	[PM_STATE_NUMERIC_DSCALE] = "A numeric value has an invalid display scale.",
	[PM_STATE_NUMERIC_DIGIT] = "A numeric value has an invalid digit.",
	[PM_STATE_NUMERIC_NOT_FINITE] = "A numeric value is not a finite number.",
	[PM_STATE_NUMERIC_FORM] = "A numeric value is not in numeric_send's form.",
	[PM_STATE_SUM_COUNTS] = "A sum has invalid counts.",
	[PM_STATE_SUM_VALUE] = "A sum's value does not match its counts.",
	[PM_STATE_KIND] = "The state has an unknown kind.",
	[PM_STATE_LENGTH] = "The array length does not match the state's size.",
	[PM_STATE_SUBSCRIPTS] = "The array's subscripts overflow.",
	[PM_STATE_ROW_COUNTS] = "The state has invalid row counts.",
	[PM_STATE_EMPTY_VALUE] = "A position without values has a value.",
	[PM_STATE_NOT_FINITE] = "A value is not finite.",
	[PM_STATE_POS_COUNT] = "A position has an invalid count.",
	[PM_STATE_NEGATIVE_ROWS] = "The state has a negative row count.",
	[PM_STATE_SUM_ROWS] = "A sum's count differs from the row count.",
	[PM_STATE_XACC] = "An accumulator is not normalized.",
};

const char *
pm_statefmt_detail(pm_state_error e)
{
	if ((int) e < 0 || e >= PM_STATE_NERRORS)
		return "The state is invalid.";
	return details[e];
}

/* numeric_send's sign words (numeric.c's NUMERIC_POS ... NUMERIC_NINF). */
#define SEND_POS 0x0000
#define SEND_NEG 0x4000
#define SEND_NAN 0xC000
#define SEND_PINF 0xD000
#define SEND_NINF 0xF000

/* numeric_send's header: ndigits, weight, sign, dscale. */
#define SEND_HDRSZ 8

/* Bytes of a kind 0 value (kind byte, int128, scale) and of a sum's counts. */
#define DEC_VALUE_SIZE 21
#define SUM_COUNTS_SIZE 20

/* The smallest number of bytes a vec_state position takes (float8 and count). */
#define VEC_MIN_POS_BYTES 16

/* ---- big-endian fields ---- */

static inline uint16_t
get16(const unsigned char *p)
{
	return (uint16_t) ((unsigned) p[0] << 8 | p[1]);
}

static inline uint32_t
get32(const unsigned char *p)
{
	return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static inline uint64_t
get64(const unsigned char *p)
{
	return (uint64_t) get32(p) << 32 | get32(p + 4);
}

static inline size_t
put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char) (v >> 8);
	p[1] = (unsigned char) v;
	return 2;
}

static inline size_t
put32(unsigned char *p, uint32_t v)
{
	put16(p, (uint16_t) (v >> 16));
	put16(p + 2, (uint16_t) v);
	return 4;
}

static inline size_t
put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t) (v >> 32));
	put32(p + 4, (uint32_t) v);
	return 8;
}

static inline size_t
put_f8(unsigned char *p, double d)
{
	uint64_t	u;

	memcpy(&u, &d, sizeof(u));
	return put64(p, u);
}

/* ---- reading: each takes the bytes or says the state ends early ---- */

static inline size_t
left(const pm_statefmt_reader *r)
{
	return r->len - r->pos;
}

/* n bytes in place, or NULL when fewer are left. */
static inline const unsigned char *
take(pm_statefmt_reader *r, size_t n)
{
	const unsigned char *p;

	if (n > left(r))
		return NULL;
	p = r->data + r->pos;
	r->pos += n;
	return p;
}

#define TAKE(p, r, n) \
	do { \
		if (((p) = take((r), (n))) == NULL) \
			return PM_STATE_ENDS_EARLY; \
	} while (0)

static pm_state_error
read_u8(pm_statefmt_reader *r, int *v)
{
	const unsigned char *p;

	TAKE(p, r, 1);
	*v = p[0];
	return PM_STATE_OK;
}

static pm_state_error
read_i32(pm_statefmt_reader *r, int32_t *v)
{
	const unsigned char *p;

	TAKE(p, r, 4);
	*v = (int32_t) get32(p);
	return PM_STATE_OK;
}

static pm_state_error
read_i64(pm_statefmt_reader *r, int64_t *v)
{
	const unsigned char *p;

	TAKE(p, r, 8);
	*v = (int64_t) get64(p);
	return PM_STATE_OK;
}

/* A float8's bits as written: infinities and NaN (any payload) come back as they were. */
static pm_state_error
read_f8(pm_statefmt_reader *r, double *v)
{
	const unsigned char *p;
	uint64_t	u;

	TAKE(p, r, 8);
	u = get64(p);
	memcpy(v, &u, sizeof(u));
	return PM_STATE_OK;
}

#define TRY(expr) \
	do { \
		pm_state_error e_ = (expr); \
		if (e_ != PM_STATE_OK) \
			return e_; \
	} while (0)

static pm_state_error
read_ksum(pm_statefmt_reader *r, pm_ksum *k)
{
	TRY(read_f8(r, &k->sum));
	return read_f8(r, &k->comp);
}

/* The tag and version. */
static pm_state_error
read_begin(pm_statefmt_reader *r, const void *data, size_t len, char tag)
{
	int			b;

	r->data = data;
	r->len = len;
	r->pos = 0;
	TRY(read_u8(r, &b));
	if (b != (unsigned char) tag)
		return tag == PM_STATEFMT_VEC_TAG ? PM_STATE_NOT_VEC : PM_STATE_NOT_IDX;
	TRY(read_u8(r, &b));
	if (b != PM_STATEFMT_VERSION)
		return PM_STATE_VERSION;
	return PM_STATE_OK;
}

pm_state_error
pm_statefmt_end(const pm_statefmt_reader *r)
{
	return left(r) == 0 ? PM_STATE_OK : PM_STATE_TRAILING;
}

/* ---- numerics ---- */

/* Group i of n, as stored in either byte order. */
static inline unsigned
numeric_group(const pm_statefmt_numeric *n, int i)
{
	const unsigned char *p = n->groups + (size_t) i * PM_NUMFMT_GROUP_SIZE;

	return n->big_endian ? get16(p) : (uint16_t) pm_numfmt_digit((const char *) p, 0);
}

/*
 * The digits of the last group that lie beyond dscale must be zero: what
 * numeric_recv's trunc_var would cut.  The last group, i = ndigits - 1,
 * weighs 10000^(weight - i); its decimals run to 4 * (i - weight), and
 * those past dscale are its low 4 * (i - weight) - dscale digits.  For
 * 12.34 (weight 0, groups {12, 3400}, dscale 2) that is 4 - 2 = 2 digits,
 * the 00 of 3400.  A whole group beyond dscale is nonzero (no zero group
 * ends a canonical value), so it fails too.
 */
static bool
numeric_hides_digits(const pm_statefmt_numeric *n)
{
	/* int64: weight and ndigits are 16-bit, dscale 14-bit */
	int64_t		beyond = (int64_t) 4 * (n->ndigits - 1 - (int64_t) n->weight) - n->dscale;

	if (n->ndigits == 0 || beyond <= 0)
		return false;
	if (beyond >= 4)
		return true;
	return numeric_group(n, n->ndigits - 1) % (unsigned) pm_pow10_u64[beyond] != 0;
}

/*
 * A kind 1 value: its length, then numeric_send's form, accepted only when
 * numeric_recv would take it and numeric_send write the same bytes back.
 * The checks come in numeric_recv's order (sign, dscale, digits), then
 * finiteness, then the canonical form.
 */
static pm_state_error
read_numeric(pm_statefmt_reader *r, pm_statefmt_numeric *n)
{
	int32_t		len;
	const unsigned char *p;
	unsigned	sign,
				dscale;

	TRY(read_i32(r, &len));
	if (len < SEND_HDRSZ || (size_t) len > left(r))
		return PM_STATE_NUMERIC_LENGTH;
	p = take(r, (size_t) len);
	if ((size_t) len != SEND_HDRSZ + (size_t) get16(p) * PM_NUMFMT_GROUP_SIZE)
		return PM_STATE_NUMERIC_LENGTH;
	n->ndigits = get16(p);
	n->weight = (int16_t) get16(p + 2);
	sign = get16(p + 4);
	dscale = get16(p + 6);
	n->groups = p + SEND_HDRSZ;
	n->big_endian = true;
	if (sign != SEND_POS && sign != SEND_NEG && sign != SEND_NAN && sign != SEND_PINF && sign != SEND_NINF)
		return PM_STATE_NUMERIC_SIGN;
	if ((dscale & PM_NUMFMT_DSCALE_MASK) != dscale)
		return PM_STATE_NUMERIC_DSCALE;
	for (int i = 0; i < n->ndigits; i++)
		if (numeric_group(n, i) >= PM_NUMFMT_NBASE)
			return PM_STATE_NUMERIC_DIGIT;
	if (sign != SEND_POS && sign != SEND_NEG)
		return PM_STATE_NUMERIC_NOT_FINITE;
	n->neg = sign == SEND_NEG;
	n->dscale = (int) dscale;
	if (n->ndigits == 0 ? (n->weight != 0 || n->neg)
		: (numeric_group(n, 0) == 0 || numeric_group(n, n->ndigits - 1) == 0 || numeric_hides_digits(n)))
		return PM_STATE_NUMERIC_FORM;
	return PM_STATE_OK;
}

static pm_state_error
read_value(pm_statefmt_reader *r, pm_statefmt_value *v)
{
	int			kind;

	memset(v, 0, sizeof(*v));
	TRY(read_u8(r, &kind));
	if (kind == 0)
	{
		int64_t		hi,
					lo;

		TRY(read_i64(r, &hi));
		TRY(read_i64(r, &lo));
		v->d.coef = (pm_i128) (((pm_u128) (uint64_t) hi << 64) | (uint64_t) lo);
		TRY(read_i32(r, &v->d.scale));
		if (v->d.scale < 0 || v->d.scale > PM_MAX_SCALE)
			return PM_STATE_VALUE_SCALE;
		return PM_STATE_OK;
	}
	if (kind == 1)
	{
		v->is_numeric = true;
		return read_numeric(r, &v->n);
	}
	return PM_STATE_VALUE_KIND;
}

static bool
value_is_zero(const pm_statefmt_value *v)
{
	return v->is_numeric ? v->n.ndigits == 0 : v->d.coef == 0;
}

/*
 * A sum, checked as far as a sum can be: an empty sum is an exact zero of
 * scale 0, and a sum of values has the largest scale among them.
 */
static pm_state_error
read_sum(pm_statefmt_reader *r, pm_statefmt_sum *s)
{
	int32_t		scale;

	TRY(read_value(r, &s->v));
	TRY(read_i32(r, &s->st.maxscale));
	TRY(read_i64(r, &s->st.nmax));
	TRY(read_i64(r, &s->count));
	if (s->count < 0 || s->st.nmax < 0 || s->st.nmax > s->count || (s->count > 0) != (s->st.nmax > 0) ||
		s->st.maxscale < 0 || s->st.maxscale > PM_MAX_SCALE)
		return PM_STATE_SUM_COUNTS;
	scale = pm_statefmt_value_scale(&s->v);
	if (s->count == 0 ? (s->v.is_numeric || s->v.d.coef != 0 || scale != 0 || s->st.maxscale != 0)
		: scale != s->st.maxscale)
		return PM_STATE_SUM_VALUE;
	return PM_STATE_OK;
}

/* ---- vec_state ---- */

pm_state_error
pm_statefmt_vec_begin(pm_statefmt_reader *r, const void *data, size_t len, pm_statefmt_vec_head *h)
{
	TRY(read_begin(r, data, len, PM_STATEFMT_VEC_TAG));
	TRY(read_i32(r, &h->kind));
	TRY(read_i32(r, &h->len));
	TRY(read_i32(r, &h->lbound));
	if (h->kind < PM_VEC_NUM_SUM || h->kind > PM_VEC_F8_MAX)
		return PM_STATE_KIND;
	/* no allocation beyond what the input could describe */
	if (h->len < 0 || (size_t) h->len > left(r) / VEC_MIN_POS_BYTES || h->len > PM_STATEFMT_VEC_MAX_LEN)
		return PM_STATE_LENGTH;
	if (h->len > 0 && h->lbound > INT32_MAX - (h->len - 1))
		return PM_STATE_SUBSCRIPTS;
	TRY(read_i64(r, &h->nrows));
	TRY(read_i64(r, &h->nminlb));
	if (h->nrows < 0 || h->nminlb < 0 || h->nminlb > h->nrows || (h->nrows > 0) != (h->nminlb > 0))
		return PM_STATE_ROW_COUNTS;
	return PM_STATE_OK;
}

/*
 * A position: each count at most the rows, float8 extremes finite, an
 * extreme without values zero (kind 0, scale 0), each sum consistent.
 */
pm_state_error
pm_statefmt_vec_next(pm_statefmt_reader *r, const pm_statefmt_vec_head *h, pm_statefmt_vec_pos *p)
{
	memset(p, 0, sizeof(*p));
	switch (h->kind)
	{
		case PM_VEC_NUM_SUM:
			TRY(read_sum(r, &p->sum));
			p->count = p->sum.count;
			break;
		case PM_VEC_NUM_MIN:
		case PM_VEC_NUM_MAX:
			TRY(read_value(r, &p->sum.v));
			TRY(read_i64(r, &p->count));
			if (p->count == 0 && (p->sum.v.is_numeric || !value_is_zero(&p->sum.v) || p->sum.v.d.scale != 0))
				return PM_STATE_EMPTY_VALUE;
			break;
		case PM_VEC_F8_SUM:
			TRY(read_ksum(r, &p->k));
			TRY(read_i64(r, &p->count));
			break;
		default:
			TRY(read_f8(r, &p->f));
			TRY(read_i64(r, &p->count));
			if (!isfinite(p->f))
				return PM_STATE_NOT_FINITE;
			break;
	}
	if (p->count < 0 || p->count > h->nrows)
		return PM_STATE_POS_COUNT;
	return PM_STATE_OK;
}

/* ---- index_state ---- */

pm_state_error
pm_statefmt_idx_decode(const void *data, size_t len, pm_statefmt_idx *s)
{
	pm_statefmt_reader r;
	int			isnum,
				nsums,
				nx;

	memset(s, 0, sizeof(*s));
	TRY(read_begin(&r, data, len, PM_STATEFMT_IDX_TAG));
	TRY(read_i32(&r, &s->kind));
	TRY(read_u8(&r, &isnum));
	if (s->kind < PM_IDX_WAVG || s->kind > PM_IDX_CARLI || (isnum != 0 && isnum != 1))
		return PM_STATE_KIND;
	s->isnum = isnum;
	TRY(read_i64(&r, &s->n));
	if (s->n < 0)
		return PM_STATE_NEGATIVE_ROWS;
	nsums = pm_statefmt_idx_layout[s->kind].nsums;
	nx = pm_statefmt_idx_layout[s->kind].nx;
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
		{
			TRY(read_sum(&r, &s->s[i]));
			if (s->s[i].count != s->n)
				return PM_STATE_SUM_ROWS;
		}
		for (int i = 0; i < nx; i++)
		{
			for (int j = 0; j < PM_XACC_LIMBS; j++)
				TRY(read_i64(&r, &s->x[i].limb[j]));
			if (!pm_xacc_valid(&s->x[i]))
				return PM_STATE_XACC;
		}
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			TRY(read_ksum(&r, &s->k[i]));
	return pm_statefmt_end(&r);
}

/* ---- encoding ---- */

size_t
pm_statefmt_put_begin(unsigned char *dst, char tag)
{
	dst[0] = (unsigned char) tag;
	dst[1] = PM_STATEFMT_VERSION;
	return PM_STATEFMT_BEGIN_SIZE;
}

static size_t
value_size(const pm_statefmt_value *v)
{
	return v->is_numeric ? 1 + 4 + SEND_HDRSZ + (size_t) v->n.ndigits * PM_NUMFMT_GROUP_SIZE : DEC_VALUE_SIZE;
}

static size_t
put_value(unsigned char *dst, const pm_statefmt_value *v)
{
	unsigned char *p = dst;

	*p++ = v->is_numeric;
	if (!v->is_numeric)
	{
		p += put64(p, (uint64_t) ((pm_u128) v->d.coef >> 64));
		p += put64(p, (uint64_t) (pm_u128) v->d.coef);
		p += put32(p, (uint32_t) v->d.scale);
		return (size_t) (p - dst);
	}
	p += put32(p, (uint32_t) (SEND_HDRSZ + v->n.ndigits * PM_NUMFMT_GROUP_SIZE));
	p += put16(p, (uint16_t) v->n.ndigits);
	p += put16(p, (uint16_t) v->n.weight);
	p += put16(p, v->n.neg ? SEND_NEG : SEND_POS);
	p += put16(p, (uint16_t) v->n.dscale);
	for (int i = 0; i < v->n.ndigits; i++)
		p += put16(p, (uint16_t) numeric_group(&v->n, i));
	return (size_t) (p - dst);
}

static size_t
sum_size(const pm_statefmt_sum *s)
{
	return value_size(&s->v) + SUM_COUNTS_SIZE;
}

static size_t
put_sum(unsigned char *dst, const pm_statefmt_sum *s)
{
	unsigned char *p = dst + put_value(dst, &s->v);

	p += put32(p, (uint32_t) s->st.maxscale);
	p += put64(p, (uint64_t) s->st.nmax);
	p += put64(p, (uint64_t) s->count);
	return (size_t) (p - dst);
}

static size_t
put_ksum(unsigned char *dst, const pm_ksum *k)
{
	put_f8(dst, k->sum);
	return 8 + put_f8(dst + 8, k->comp);
}

size_t
pm_statefmt_vec_put_head(unsigned char *dst, const pm_statefmt_vec_head *h)
{
	unsigned char *p = dst;

	p += put32(p, (uint32_t) h->kind);
	p += put32(p, (uint32_t) h->len);
	p += put32(p, (uint32_t) h->lbound);
	p += put64(p, (uint64_t) h->nrows);
	p += put64(p, (uint64_t) h->nminlb);
	return (size_t) (p - dst);
}

size_t
pm_statefmt_vec_pos_size(int kind, const pm_statefmt_vec_pos *p)
{
	switch (kind)
	{
		case PM_VEC_NUM_SUM:
			return sum_size(&p->sum);
		case PM_VEC_NUM_MIN:
		case PM_VEC_NUM_MAX:
			return value_size(&p->sum.v) + 8;
		case PM_VEC_F8_SUM:
			return 24;
		default:
			return VEC_MIN_POS_BYTES;
	}
}

size_t
pm_statefmt_vec_put_pos(unsigned char *dst, int kind, const pm_statefmt_vec_pos *p)
{
	switch (kind)
	{
		case PM_VEC_NUM_SUM:
			return put_sum(dst, &p->sum);
		case PM_VEC_NUM_MIN:
		case PM_VEC_NUM_MAX:
			{
				size_t		n = put_value(dst, &p->sum.v);

				return n + put64(dst + n, (uint64_t) p->count);
			}
		case PM_VEC_F8_SUM:
			put_ksum(dst, &p->k);
			return 16 + put64(dst + 16, (uint64_t) p->count);
		default:
			put_f8(dst, p->f);
			return 8 + put64(dst + 8, (uint64_t) p->count);
	}
}

size_t
pm_statefmt_idx_size(const pm_statefmt_idx *s)
{
	int			nsums = pm_statefmt_idx_layout[s->kind].nsums,
				nx = pm_statefmt_idx_layout[s->kind].nx;
	size_t		n = PM_STATEFMT_BEGIN_SIZE + 4 + 1 + 8;

	if (!s->isnum)
		return n + (size_t) (nsums + nx) * 16;
	for (int i = 0; i < nsums; i++)
		n += sum_size(&s->s[i]);
	return n + (size_t) nx * PM_XACC_LIMBS * 8;
}

size_t
pm_statefmt_idx_put(unsigned char *dst, const pm_statefmt_idx *s)
{
	int			nsums = pm_statefmt_idx_layout[s->kind].nsums,
				nx = pm_statefmt_idx_layout[s->kind].nx;
	unsigned char *p = dst + pm_statefmt_put_begin(dst, PM_STATEFMT_IDX_TAG);

	p += put32(p, (uint32_t) s->kind);
	*p++ = s->isnum;
	p += put64(p, (uint64_t) s->n);
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
			p += put_sum(p, &s->s[i]);
		for (int i = 0; i < nx; i++)
			for (int j = 0; j < PM_XACC_LIMBS; j++)
				p += put64(p, (uint64_t) s->x[i].limb[j]);
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			p += put_ksum(p, &s->k[i]);
	return (size_t) (p - dst);
}

/* ---- numerics ---- */

bool
pm_statefmt_numeric_from_stored(const char *data, size_t len, pm_statefmt_numeric *n)
{
	pm_numfmt	v;

	if (!pm_numfmt_parse(data, len, &v) || v.special)
		return false;
	n->neg = v.neg;
	n->weight = v.weight;
	n->dscale = v.dscale;
	n->ndigits = v.ndigits;
	n->groups = (const unsigned char *) v.digits;
	n->big_endian = false;
	return true;
}

size_t
pm_statefmt_numeric_stored_size(const pm_statefmt_numeric *n)
{
	return pm_numfmt_header_size_for(n->weight, n->dscale) + (size_t) n->ndigits * PM_NUMFMT_GROUP_SIZE;
}

size_t
pm_statefmt_numeric_to_stored(const pm_statefmt_numeric *n, char *dst)
{
	size_t		len = pm_numfmt_put_header(dst, n->neg, n->weight, n->dscale);

	for (int i = 0; i < n->ndigits; i++)
	{
		int16_t		g = (int16_t) numeric_group(n, i);

		memcpy(dst + len, &g, sizeof(g));
		len += sizeof(g);
	}
	return len;
}
