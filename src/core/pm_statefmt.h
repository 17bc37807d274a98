/*
 * pm_statefmt.h: the flat (serialized) form of the aggregate states,
 * pricemath.vec_state and pricemath.index_state, decoded and encoded byte
 * by byte.  Pure C99; no PostgreSQL headers.  The glue (pm_aggstate.c,
 * pm_vecagg.c, pm_indexagg.c) keeps the states in memory and maps a
 * decoder's status to its 22P03 error (pm_statefmt_detail is the DETAIL).
 *
 * A flat state is a tag byte ('v' or 'i'), the format version (1), then the
 * family's body, every integer and float8 in network byte order (as
 * PostgreSQL's pq_send* writes them).  The body's parts:
 *
 *   value     a kind byte; kind 0: an int128 coefficient (high, low int64)
 *             and its scale (int32, 0 to PM_MAX_SCALE); kind 1: a length
 *             (int32), then a finite numeric in numeric_send's form:
 *             ndigits, weight, sign, dscale (int16 each), then ndigits
 *             base-10000 groups (int16 each).  12.34 in kind 1 is
 *             01 | 00 00 00 0C | 00 02 00 00 00 00 00 02 | 00 0C 0D 48.
 *   sum       a value, the largest scale among the summed values (int32),
 *             how many have it (int64), the count of values (int64).
 *   vec_state kind, len, lbound (int32 each), nrows, nminlb (int64 each),
 *             then len positions: PM_VEC_NUM_SUM a sum; NUM_MIN and NUM_MAX
 *             the best value and its count (int64); F8_SUM the compensated
 *             sum (sum, comp: float8 each) and its count; F8_MIN and F8_MAX
 *             the best value (float8) and its count.
 *   index_state kind (int32), isnum (byte), rows (int64); numeric: the
 *             kind's sums, then its exact double accumulators
 *             (PM_XACC_LIMBS int64 limbs each, normalized); float8: its
 *             compensated sums and accumulators (pm_ksum each).
 *
 * Decoding checks every rule below and accepts only bytes some state of
 * this library wrote; so an accepted input encodes back to exactly the same
 * bytes.  A numeric must be what numeric_send writes for the value
 * numeric_recv makes of it: a known sign, a dscale of 14 bits, groups below
 * 10000, finite, no zero group at either end, zero as no groups at weight
 * 0 and positive, and no nonzero digit beyond dscale (numeric_recv would
 * drop it silently).
 */
#ifndef PM_STATEFMT_H
#define PM_STATEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pm_agg.h"
#include "pm_decimal.h"
#include "pm_float.h"

/* The tag bytes and the format version, the first two bytes of a state. */
#define PM_STATEFMT_VEC_TAG 'v'
#define PM_STATEFMT_IDX_TAG 'i'
#define PM_STATEFMT_VERSION 1
#define PM_STATEFMT_BEGIN_SIZE 2

/* Longest vec_state: PostgreSQL's MaxArraySize (the glue asserts it). */
#define PM_STATEFMT_VEC_MAX_LEN 134217727

/* A decoder's verdict: the rule the bytes break, or PM_STATE_OK. */
typedef enum pm_state_error
{
	PM_STATE_OK = 0,
	PM_STATE_ENDS_EARLY,
	PM_STATE_NOT_VEC,
	PM_STATE_NOT_IDX,
	PM_STATE_VERSION,
	PM_STATE_TRAILING,
	PM_STATE_VALUE_KIND,
	PM_STATE_VALUE_SCALE,
	PM_STATE_NUMERIC_LENGTH,
	PM_STATE_NUMERIC_SIGN,
	PM_STATE_NUMERIC_DSCALE,
	PM_STATE_NUMERIC_DIGIT,
	PM_STATE_NUMERIC_NOT_FINITE,
	PM_STATE_NUMERIC_FORM,
	PM_STATE_SUM_COUNTS,
	PM_STATE_SUM_VALUE,
	PM_STATE_KIND,
	PM_STATE_LENGTH,
	PM_STATE_SUBSCRIPTS,
	PM_STATE_ROW_COUNTS,
	PM_STATE_EMPTY_VALUE,
	PM_STATE_NOT_FINITE,
	PM_STATE_POS_COUNT,
	PM_STATE_NEGATIVE_ROWS,
	PM_STATE_SUM_ROWS,
	PM_STATE_XACC,
	PM_STATE_NERRORS			/* not a status: the count */
} pm_state_error;

/* The DETAIL sentence of a status: "The state ends early." */
extern const char *pm_statefmt_detail(pm_state_error e);

/* The aggregate a vec_state serves; the values are the format's. */
typedef enum pm_vec_kind
{
	PM_VEC_NUM_SUM = 1,			/* numeric vec_sum and vec_avg */
	PM_VEC_NUM_MIN,
	PM_VEC_NUM_MAX,
	PM_VEC_F8_SUM,				/* float8 vec_sum and vec_avg */
	PM_VEC_F8_MIN,
	PM_VEC_F8_MAX
} pm_vec_kind;

/* The aggregate an index_state serves; the values are the format's. */
typedef enum pm_idx_kind
{
	PM_IDX_WAVG = 1,
	PM_IDX_LASPEYRES,
	PM_IDX_PAASCHE,
	PM_IDX_FISHER,
	PM_IDX_TORNQVIST,
	PM_IDX_JEVONS,
	PM_IDX_DUTOT,
	PM_IDX_CARLI
} pm_idx_kind;

#define PM_STATEFMT_IDX_MAX_SUMS 4
#define PM_STATEFMT_IDX_MAX_XACC 2

/* Exact sums and double accumulators each index kind keeps. */
typedef struct pm_idx_layout
{
	int			nsums;			/* sums (numeric), or the first compensated sums (float8) */
	int			nx;				/* exact double accumulators (numeric), or the next
								 * compensated sums (float8) */
} pm_idx_layout;

/* Indexed by pm_idx_kind (entry 0 unused). */
extern const pm_idx_layout pm_statefmt_idx_layout[PM_IDX_CARLI + 1];

/*
 * A finite numeric's fields and its groups, in either byte order: in
 * place in a flat state (numeric_send's, big-endian), or in a stored
 * numeric (the machine's, as core/pm_numfmt.h reads it).
 */
typedef struct pm_statefmt_numeric
{
	bool		neg;
	int			weight;			/* power of 10000 of the first group */
	int			dscale;			/* decimals shown */
	int			ndigits;		/* groups, 0 to 65535 */
	const unsigned char *groups;	/* the first group, any alignment */
	bool		big_endian;		/* the groups as numeric_send writes them */
} pm_statefmt_numeric;

/* A value of the exact sum's form: a pm_dec, or a numeric too wide for it. */
typedef struct pm_statefmt_value
{
	bool		is_numeric;
	pm_dec		d;				/* !is_numeric */
	pm_statefmt_numeric n;		/* is_numeric */
} pm_statefmt_value;

/* An exact sum: its value and counts (see PmAggSum). */
typedef struct pm_statefmt_sum
{
	pm_statefmt_value v;
	pm_scale_track st;
	int64_t		count;
} pm_statefmt_sum;

/* A vec_state's fields before its positions. */
typedef struct pm_statefmt_vec_head
{
	int32_t		kind;			/* a pm_vec_kind */
	int32_t		len;			/* positions */
	int32_t		lbound;			/* lower bound of the result */
	int64_t		nrows;			/* rows aggregated */
	int64_t		nminlb;			/* rows with that lower bound */
} pm_statefmt_vec_head;

/* One vec_state position; the kind says which fields hold it. */
typedef struct pm_statefmt_vec_pos
{
	pm_statefmt_sum sum;		/* NUM_SUM: the sum; NUM_MIN, NUM_MAX: sum.v the best value */
	pm_ksum		k;				/* F8_SUM */
	double		f;				/* F8_MIN, F8_MAX: the best value */
	int64_t		count;			/* values seen (NUM_SUM: also in sum.count, which is written) */
} pm_statefmt_vec_pos;

/* A whole index_state. */
typedef struct pm_statefmt_idx
{
	int32_t		kind;			/* a pm_idx_kind */
	bool		isnum;
	int64_t		n;				/* rows aggregated */
	pm_statefmt_sum s[PM_STATEFMT_IDX_MAX_SUMS];	/* numeric: the kind's nsums sums */
	pm_xacc		x[PM_STATEFMT_IDX_MAX_XACC];	/* numeric: its nx accumulators */
	pm_ksum		k[PM_STATEFMT_IDX_MAX_SUMS + PM_STATEFMT_IDX_MAX_XACC];	/* float8: nsums + nx */
} pm_statefmt_idx;

/* A bounds-checked cursor over a flat state. */
typedef struct pm_statefmt_reader
{
	const unsigned char *data;
	size_t		len;
	size_t		pos;
} pm_statefmt_reader;

/* ---- decoding: values point into the input, which must outlive them ---- */

/*
 * A vec_state: begin reads the tag, version and head (len bytes at data),
 * next each of h->len positions in turn, end checks that nothing is left.
 * Stop at the first status other than PM_STATE_OK.
 */
extern pm_state_error pm_statefmt_vec_begin(pm_statefmt_reader *r, const void *data, size_t len,
											pm_statefmt_vec_head *h);
extern pm_state_error pm_statefmt_vec_next(pm_statefmt_reader *r, const pm_statefmt_vec_head *h,
										   pm_statefmt_vec_pos *p);
extern pm_state_error pm_statefmt_end(const pm_statefmt_reader *r);

/* A whole index_state (tag, version, body, nothing after). */
extern pm_state_error pm_statefmt_idx_decode(const void *data, size_t len, pm_statefmt_idx *s);

/* A value's scale: its pm_dec's, or its numeric's dscale. */
static inline int32_t
pm_statefmt_value_scale(const pm_statefmt_value *v)
{
	return v->is_numeric ? v->n.dscale : v->d.scale;
}

/* ---- encoding: each writes at dst, which has room, and returns the bytes written ---- */

extern size_t pm_statefmt_put_begin(unsigned char *dst, char tag);

#define PM_STATEFMT_VEC_HEAD_SIZE 28
extern size_t pm_statefmt_vec_put_head(unsigned char *dst, const pm_statefmt_vec_head *h);
/* Bytes of position p of a vec_state of kind. */
extern size_t pm_statefmt_vec_pos_size(int kind, const pm_statefmt_vec_pos *p);
extern size_t pm_statefmt_vec_put_pos(unsigned char *dst, int kind, const pm_statefmt_vec_pos *p);

/* Bytes of s's flat form (tag and version included), and the form itself. */
extern size_t pm_statefmt_idx_size(const pm_statefmt_idx *s);
extern size_t pm_statefmt_idx_put(unsigned char *dst, const pm_statefmt_idx *s);

/* ---- numerics: the flat state's form and the stored form ---- */

/*
 * The fields of the stored numeric (after its varlena header, len bytes at
 * data, as core/pm_numfmt.h reads it), which must be finite; false when it
 * is not, or too short for its header.
 */
extern bool pm_statefmt_numeric_from_stored(const char *data, size_t len, pm_statefmt_numeric *n);

/*
 * The stored form of n (after the varlena header), as PostgreSQL's
 * make_result writes it: its size, then the bytes.  n must be canonical
 * (decoded from a flat state, or read from a stored numeric).
 */
extern size_t pm_statefmt_numeric_stored_size(const pm_statefmt_numeric *n);
extern size_t pm_statefmt_numeric_to_stored(const pm_statefmt_numeric *n, char *dst);

#endif							/* PM_STATEFMT_H */
