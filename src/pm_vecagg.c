/*
 * pm_vecagg.c: the element-wise aggregates vec_sum, vec_avg, vec_min and
 * vec_max over numeric[] and float8[]: one result element per position.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pm_float.h"
#include "pm_aggsum.h"

/*
 * ---- numeric shape decoders ----
 *
 * Array elements of numeric vec_sum, decoded in the 64-bit lane, and the
 * shapes they learn (see the section of that name in pm_aggsum.h).
 */

/*
 * The shape most numeric elements of a vec_sum share: the same varlena and
 * numeric short headers (sign aside), hence the same size, digit count,
 * weight and scale.  An element of that shape decodes with these fixed
 * parameters, without reading its headers field by field, and the next
 * element's address does not wait for its size.  Only a hint, learnt from
 * the elements that did not match; never serialized.  A state keeps two, so
 * prices of one magnitude with and without cents (12.34 and 12.00, whose
 * last base-10000 digit differs) both keep their fast lane.
 */
typedef struct VecNumShape
{
	uint64		key;			/* the element's first 6 bytes, sign clear; 0: none */
	uint64		lanes;			/* the digit lanes of the element's last 8 bytes */
	int32		tail;			/* offset of the element's last 8 bytes */
	int32		step;			/* offset of the next element */
	bool		cents2;			/* two groups, weight 0, dscale 2: pm_dec64_cents2 decodes it */
	uint64		maxabs;			/* the largest magnitude of its coefficients */
	PmNumShapeParams p;			/* how its digit groups become the coefficient */
} VecNumShape;

/*
 * The shape key of an array element: its first 8 bytes as a little-endian
 * word, less the numeric header word's sign and the first digit group (see
 * PM_NUM_SHAPE_MASK).  12.34 as an element is 10 bytes, 28 00 00 00 | 00 81
 * | 0C 00 | 48 0D: varlena header (10 << 2), header word 0x8100 (short,
 * dscale 2, weight 0), groups {12, 3400}.  Its head is 0x000C_8100_0000_0028
 * and its key 0x0000_8100_0000_0028 (the mask 0x0000_DFFF_FFFF_FFFF).
 * -12.34 (header word 0xA100) has the same key, its sign in bit 45: bit 13
 * of the header word, after the 32 bits of varlena header.
 */
#define VEC_SHAPE_MASK PM_NUM_SHAPE_MASK(uint64, VARHDRSZ)
#define VEC_SHAPE_NEG_BIT (8 * VARHDRSZ + PM_NUMFMT_SHORT_SIGN_BIT)
/* the mask with the sign kept: a key matches positive elements only */
#define VEC_SHAPE_SIGNED_MASK (VEC_SHAPE_MASK | (UINT64CONST(1) << VEC_SHAPE_NEG_BIT))
#define VEC_SHAPES 2

/*
 * Element p of a numeric array in the 64-bit lane, and its size; false: take
 * the general path.  Array elements have 4-byte headers and int alignment,
 * so one check covers the header and the digits are read as one word while
 * eight bytes remain before end.
 */
static pg_attribute_always_inline bool
VecElemDecode64(const char *p, const char *end, pm_dec64 *d, Size *size)
{
	const char *data = p + VARHDRSZ;
	const int16_t *digits = (const int16_t *) pm_numfmt_short_digits(data);
	Size		len;

	if (unlikely(!VARATT_IS_4B_U(p)))
		return false;
	*size = VARSIZE_4B(p);
	len = *size - VARHDRSZ;
	if (unlikely(*size < VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ ||
				 len > PM_NUMFMT_SHORT_HDRSZ + PM_NUMFMT_WORD_GROUPS * PM_NUMFMT_GROUP_SIZE))
		return false;
	/* the array's last element has no word beyond it to read */
	return PmNumericShortDecode64(data, len, likely((const char *) (digits + PM_NUMFMT_WORD_GROUPS) <= end), d);
}

/*
 * Make the shape of element p (of at least 8 bytes) the latest of shapes,
 * if it can have one: the older one when it has it, else learnt, replacing
 * the older one.
 */
static pg_noinline void
VecNumShapeLearn(VecNumShape *shapes, const char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	VecNumShape *shape = &shapes[VEC_SHAPES - 1];
	Size		size;
	uint64		head;

	memcpy(&head, p, sizeof(head));
	if (shape->key != 0 && (head & VEC_SHAPE_MASK) == shape->key)
		goto latest;
	if (!VARATT_IS_4B_U(p))
		return;
	size = VARSIZE_4B(p);
	if (!PmNumShapeParse(p + VARHDRSZ, size - VARHDRSZ, &shape->p))
		return;
	shape->key = head & VEC_SHAPE_MASK;
	/* the element ends with its groups: in its last 8 bytes, the top ndigits lanes */
	shape->lanes = ~UINT64CONST(0) << (PM_NUMFMT_GROUP_BITS * (PM_NUMFMT_WORD_GROUPS - shape->p.ndigits));
	shape->tail = (int32) (size - sizeof(uint64));
	shape->step = (int32) INTALIGN(size);
	shape->cents2 = shape->p.ndigits == 2 && shape->p.scale == 2 && shape->p.k == 2;
	shape->maxabs = pm_dec64_place_max(shape->p.ndigits, shape->p.sh);
latest:
	{
		VecNumShape t = *shape;

		memmove(&shapes[1], &shapes[0], sizeof(VecNumShape) * (VEC_SHAPES - 1));
		shapes[0] = t;
	}
#endif
}

/*
 * The value of element p, of shape's shape (head: its first 8 bytes); false:
 * take the general path.  The same checks and the same value as
 * pm_dec64_from_base10000_4, with the digits read from the element's last 8
 * bytes, so nothing beyond the element is read: the groups word of
 * pm_numfmt_groups_word, its groups in the top lanes.  For 12.34 those
 * bytes are 00 00 | 00 81 | 0C 00 48 0D, and shape->lanes keeps the top two
 * lanes: {12, 3400}, 0x0D48_000C_0000_0000.
 */
static pg_attribute_always_inline bool
VecNumShapeDecode(const VecNumShape *shape, const char *p, uint64 head, int64 *coef)
{
	uint64		w,
				acc;
	int64		neg;

	memcpy(&w, p + shape->tail, sizeof(w));
	w &= shape->lanes;
	if (!pm_groups4_valid(w))
		return false;
	if (shape->p.k != 0)
	{
		/* only zero padding may lie beyond the scale: divide the last group (top lane) alone */
		uint32		last = pm_numfmt_word_group(w, PM_NUMFMT_WORD_GROUPS - 1);
		uint32		q = pm_group_div_pow10(last, shape->p.k);

		if (q * shape->p.kpow != last)
			return false;
		acc = pm_groups4_value(w << PM_NUMFMT_GROUP_BITS) * shape->p.factor + q;
	}
	else
	{
		acc = pm_groups4_value(w);
		if (acc > shape->p.limit)
			return false;
		acc *= shape->p.factor;
	}
	/* all ones when the sign bit is set (an arithmetic shift, as gcc and clang do it) */
	/* cppcheck-suppress shiftTooManyBitsSigned ; the sign spreads by design: one shift pair on the hot path */
	neg = (int64) (head << (63 - VEC_SHAPE_NEG_BIT)) >> 63;
	*coef = ((int64) acc ^ neg) - neg;
	return true;
}

/* ---- states ---- */

/*
 * Numeric vec_min or vec_max at one position.  (Numeric vec_sum keeps a
 * PmAggSum per position.)
 */
typedef struct NumBest
{
	pm_dec		d;				/* the best value so far, when slow is NULL */
	Numeric		slow;			/* else a copy of it in the aggregate context (too
								 * wide for pm_dec) */
	int64		count;			/* values seen; 0: none yet */
} NumBest;

/* float8 vec_sum or vec_avg at one position. */
typedef struct F8Sum
{
	pm_ksum		k;				/* compensated sum of the values */
	int64		count;			/* values summed; 0: the result element is NULL */
} F8Sum;

/* float8 vec_min or vec_max at one position. */
typedef struct F8Best
{
	double		v;				/* the best value so far (F8Cmp's order) */
	int64		count;			/* values seen; 0: none yet */
} F8Best;

/*
 * One state for every vec_* aggregate.  The result's lower bound is the
 * smallest one among the rows (nminlb rows have it), so it does not depend
 * on row order.
 */
typedef struct VecState
{
	PmAggState	hdr;			/* the expanded object (pm_aggstate.h) */
	int32		kind;			/* a pm_vec_kind (core/pm_statefmt.h) */
	int32		len;			/* positions: every row's array length */
	int32		lbound;			/* the smallest lower bound among the rows */
	int64		nrows;			/* rows aggregated (NULL arrays are not rows) */
	int64		nminlb;			/* rows whose lower bound is lbound */
	void	   *pos;			/* len entries of the kind's position type */
	VecNumShape shape[VEC_SHAPES];	/* numeric vec_sum: learnt element shapes,
									 * latest first */

	/*
	 * Numeric vec_sum: rows added whole by VecNumSumUniformRange, one value of
	 * scale "uniform" at every position, whose counts and scale trackers
	 * (count, st.nmax) do not include them yet.  VecNumSumFlush adds them;
	 * readers that must not change the state add them on the fly.
	 */
	int64		pending;

	/*
	 * Numeric vec_sum: the scale every position's sum has, with no numeric
	 * fallback and no wider scale among its values (what the per-element fast
	 * lane checks), or -1 when not known to be so.
	 */
	int32		uniform;

	/*
	 * Numeric vec_sum: len int64 partial sums at scale "uniform", which
	 * VecNumSumUniformRange adds to (a 64-bit add in place of the int128
	 * one) and VecNumSumFlush moves into the int128 sums; readers that must
	 * not change the state add them on the fly.  part_room is the magnitude
	 * every partial sum can still take without overflow: each row takes the
	 * largest magnitude its shapes can decode to (VecNumShape.maxabs)
	 * first, and a row that does not fit flushes them.  Nonzero only while
	 * uniform is not -1.
	 */
	int64	   *part;
	uint64		part_room;
} VecState;

/* Size of one position of kind's state. */
static Size
VecPosSize(int kind)
{
	switch (kind)
	{
		case PM_VEC_NUM_SUM:
			return sizeof(PmAggSum);
		case PM_VEC_NUM_MIN:
		case PM_VEC_NUM_MAX:
			return sizeof(NumBest);
		case PM_VEC_F8_SUM:
			return sizeof(F8Sum);
		default:
			return sizeof(F8Best);
	}
}

static const PmAggStateFamily VecFamily;

/* The memory context of s's parts. */
static inline MemoryContext
VecCxt(const VecState *s)
{
	return PmAggStateContext(&s->hdr);
}

/* A new empty state of kind under parent, for arrays of len elements. */
static VecState *
VecStateNew(MemoryContext parent, int kind, int len, int lbound)
{
	VecState   *s = (VecState *) PmAggStateNew(parent, &VecFamily, sizeof(VecState),
											   VecPosSize(kind) * (Size) len);

	s->kind = kind;
	s->len = len;
	s->lbound = lbound;
	s->pos = MemoryContextAllocZero(VecCxt(s), Max(VecPosSize(kind) * (Size) len, 1));
	s->uniform = -1;
	if (kind == PM_VEC_NUM_SUM)
		s->part = MemoryContextAllocZero(VecCxt(s), Max(sizeof(int64) * (Size) len, 1));
	s->part_room = PG_INT64_MAX;
	return s;
}

/* The state in argument 0 (not NULL), to change: in place when it is a read-write state. */
static pg_attribute_always_inline VecState *
VecStateArg(FunctionCallInfo fcinfo)
{
	PmAggState *s = PmAggStateRW(fcinfo, 0, &VecFamily);

	if (likely(s != NULL))
		return (VecState *) s;
	return (VecState *) PmAggStateArgForUpdate(fcinfo, 0, &VecFamily);
}

/* A state of another vec_* aggregate than the function's (possible from SQL only). */
static pg_noinline void
VecWrongKind(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("vec_state belongs to another aggregate"),
			 errdetail("A vec_state is read only by the support functions of the aggregate that made it.")));
}

/*
 * *acc += v, added in 64-bit halves (which GCC keeps in registers); false,
 * leaving *acc as it was, on overflow.  The high half moves by -1, 0 or 1:
 * it alone can overflow.
 */
static pg_attribute_always_inline bool
VecInt128AddInt64(pm_i128 *acc, int64 v)
{
	pm_u128		cur = (pm_u128) *acc;
	uint64		lo = (uint64) cur + (uint64) v;
	int64		hi;

	/* cppcheck-suppress shiftTooManyBitsSigned ; v >> 63 is v's sign as -1 or 0 (arithmetic shift) */
	if (unlikely(__builtin_add_overflow((int64) (uint64) (cur >> 64),
										(v >> 63) + (int64) (lo < (uint64) cur), &hi)))
		return false;
	*acc = (pm_i128) (((pm_u128) (uint64) hi << 64) | lo);
	return true;
}

/*
 * Numeric vec_sum: sum += part, a partial sum at the sum's scale (the
 * state's uniform scale, so the sum has no numeric yet); on int128
 * overflow the general path takes it, its numeric in agg.
 */
static void
VecNumSumAddPart(MemoryContext agg, PmAggSum *sum, int64 part)
{
	pm_dec		d;

	if (likely(VecInt128AddInt64(&sum->acc.coef, part)))
		return;
	d.coef = part;
	d.scale = sum->acc.scale;
	PmAggSumApply(agg, sum, &d, NULL, false);
}

/*
 * Numeric vec_sum: position i, with the state's pending rows counted and
 * its partial sum added (a numeric, if any, in the current context).
 */
static inline PmAggSum
VecNumSumAt(const VecState *s, int i)
{
	PmAggSum	a = ((const PmAggSum *) s->pos)[i];

	a.count += s->pending;
	a.st.nmax += s->pending;
	if (s->part[i] != 0)
		VecNumSumAddPart(CurrentMemoryContext, &a, s->part[i]);
	return a;
}

/*
 * Numeric vec_sum: move the partial sums into the int128 sums.  A sum that
 * overflows takes a numeric, so the state's uniform scale must be
 * recomputed after this (VecNumSumUniform) when it returns false.
 */
static bool
VecNumSumFlushPart(VecState *s)
{
	PmAggSum   *sums = (PmAggSum *) s->pos;
	bool		ok = true;

	for (int i = 0; i < s->len; i++)
	{
		if (s->part[i] == 0)
			continue;
		VecNumSumAddPart(VecCxt(s), &sums[i], s->part[i]);
		ok = ok && sums[i].slow == NULL;
		s->part[i] = 0;
	}
	s->part_room = PG_INT64_MAX;
	return ok;
}

/*
 * Numeric vec_sum: count the pending rows into every position and add the
 * partial sums; the caller recomputes the uniform scale.
 */
static void
VecNumSumFlush(VecState *s)
{
	PmAggSum   *sums = (PmAggSum *) s->pos;

	if (s->part_room != PG_INT64_MAX)
		(void) VecNumSumFlushPart(s);
	if (s->pending == 0)
		return;
	for (int i = 0; i < s->len; i++)
	{
		sums[i].count += s->pending;
		sums[i].st.nmax += s->pending;
	}
	s->pending = 0;
}

/* Numeric vec_sum: the scale every position's sum has (see VecState), or -1. */
static int32
VecNumSumUniform(const VecState *s)
{
	const PmAggSum *sums = (const PmAggSum *) s->pos;
	int32		scale = s->shape[0].p.scale;

	if (s->shape[0].key == 0)
		return -1;
	for (int i = 0; i < s->len; i++)
	{
		if (sums[i].slow != NULL || sums[i].acc.scale != scale || sums[i].st.maxscale != scale)
			return -1;
	}
	return scale;
}

/* A row (or partial state) whose arrays differ in length from the first. */
static pg_noinline void
VecLengthMismatch(int expected, int got)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("array lengths differ"),
			 errdetail("The first row has %d elements and this one has %d.", expected, got)));
}

/* The state for a new row a (validated), created on the first row. */
static VecState *
VecStateForRow(FunctionCallInfo fcinfo, VecState *s, int kind, const PmArray *a)
{
	if (s == NULL)
		s = VecStateNew(PmAggStateParent(fcinfo), kind, a->nitems, a->lbound);
	else if (s->kind != kind)
		VecWrongKind();
	else if (s->nrows == 0)
	{
		/* every row removed (moving aggregate): start afresh */
		if (s->len != a->nitems)
		{
			pfree(s->pos);
			s->pos = MemoryContextAllocZero(VecCxt(s), Max(VecPosSize(kind) * (Size) a->nitems, 1));
			if (s->part != NULL)
			{
				/* the inverse transition flushed them: all zero */
				pfree(s->part);
				s->part = MemoryContextAllocZero(VecCxt(s), Max(sizeof(int64) * (Size) a->nitems, 1));
			}
			s->len = a->nitems;
		}
		s->lbound = a->lbound;
		s->nminlb = 0;
	}
	else if (s->len != a->nitems)
		VecLengthMismatch(s->len, a->nitems);
	if (s->nrows == 0 || a->lbound < s->lbound)
	{
		s->lbound = a->lbound;
		s->nminlb = 1;
	}
	else if (a->lbound == s->lbound)
		s->nminlb++;
	s->nrows++;
	return s;
}

/* One element of VecNumSumAddRange outside the fast lane (or refused by its sum). */
static pg_noinline void
VecNumSumAddSlow(MemoryContext agg, PmAggSum *sum, const char *p, int subscript)
{
	PmNumArg	v;

	PmNumArgInit(&v, p, "a", subscript);
	PmAggSumAddArg(agg, sum, &v);
}

/*
 * Element p of position i outside the shape's fast lane: learn its shape
 * when asked, then the 64-bit lane or the general path.  Returns the next
 * element.
 */
static pg_noinline const char *
VecNumSumAddElem(MemoryContext agg, VecState *s, int i, const char *p, const char *end,
				 bool learn, int subscript)
{
	PmAggSum   *sum = &((PmAggSum *) s->pos)[i];
	pm_dec64	d;
	Size		size;
	PmVarIter	it = {(char *) p};

	if (learn)
		VecNumShapeLearn(s->shape, p);
	if (likely(VecElemDecode64(p, end, &d, &size)) &&
		likely(PmAggSumAddFast(sum, d.coef, d.scale)))
		return p + INTALIGN(size);
	VecNumSumAddSlow(agg, sum, PmVarIterNext(&it), subscript);
	return it.ptr;
}

/*
 * Elements start..stop-1 of a numeric row, from p; nulls is the row's NULL
 * bitmap or NULL (a constant NULL drops the per-element test).  Returns the
 * next element.
 */
static pg_attribute_always_inline const char *
VecNumSumAddRange(MemoryContext agg, VecState *s, const PmArray *a, const bits8 *nulls,
				  int start, int stop, const char *p)
{
	PmAggSum   *sums = (PmAggSum *) s->pos;
	VecNumShape shape = s->shape[0];	/* a local copy stays in registers */
	const char *end = (const char *) a->arr + ARR_SIZE(a->arr);
	const char *last = end - 8;		/* the last place a head word can be read */

	for (int i = start; i < stop; i++)
	{
		PmAggSum   *sum = &sums[i];
		bool		learn = false;

		if (nulls != NULL && (nulls[i >> 3] & (1 << (i & 7))) == 0)
			continue;
		if (likely(p <= last))
		{
			uint64		head;
			int64		coef;

			memcpy(&head, p, sizeof(head));
			if (likely((head & VEC_SHAPE_MASK) == shape.key))
			{
				/* PmAggSumAddFast, knowing the sum's scale is the value's */
				if (likely(sum->slow == NULL && sum->acc.scale == shape.p.scale &&
						   sum->st.maxscale == shape.p.scale) &&
					likely(VecNumShapeDecode(&shape, p, head, &coef)))
				{
					if (!VecInt128AddInt64(&sum->acc.coef, coef))
						goto general;
					sum->st.nmax++;
					sum->count++;
					p += shape.step;
					continue;
				}
			}
			else
				learn = true;
		}
general:
		p = VecNumSumAddElem(agg, s, i, p, end, learn, a->lbound + i);
		shape = s->shape[0];
	}
	return p;
}

/*
 * The coefficient of the cents2 element at q (pm_dec64_cents2's value and
 * refusals): a cents2 element is 10 bytes, its groups the top lanes of its
 * bytes 2 to 9.
 */
static pg_attribute_always_inline bool
VecCents2Decode(const char *q, uint32 *c)
{
	uint64		w;

	memcpy(&w, q + 10 - sizeof(w), sizeof(w));
	return pm_dec64_cents2(w, c);
}

/*
 * Elements start..stop-1 of a row without NULLs, from *p, when every
 * position's sum has scale VecState.uniform: the per-element fast lane, for
 * elements of shape sa or sb (keys ka and kb, 0 for none), without its
 * per-position checks and counters, into the int64 partial sums.  When
 * cents is true (a constant), sa is a cents2 shape, decoded by
 * pm_dec64_cents2 from its fixed offsets; its key is tried first with the
 * sign bit kept, so a positive element (nearly every price) skips the sign's
 * spread.  Returns the first element not added (stop when all were), with
 * *p pointing to it; the elements before it are in their partial sums but
 * not in their counts.
 */
static pg_attribute_always_inline int
VecNumSumUniformRange(VecState *s, const PmArray *a, int start, int stop, const char **p,
					  const VecNumShape *sa, const VecNumShape *sb, uint64 ka, uint64 kb, bool cents)
{
	int64	   *part = s->part + start,
			   *pend = s->part + stop;
	const VecNumShape sha = *sa;
	const VecNumShape shb = *sb;
	const char *q = *p;
	const char *last = (const char *) a->arr + ARR_SIZE(a->arr) - 8;

	for (; part < pend; part++)
	{
		uint64		head;
		uint64		key;
		int64		coef;
		uint32		c;

		if (unlikely(q > last))
			break;
		memcpy(&head, q, sizeof(head));
		if (cents && likely((head & VEC_SHAPE_SIGNED_MASK) == ka))
		{
			/* a positive cents2 element: the sign bit is in the mask, so no sign to spread */
			if (unlikely(!VecCents2Decode(q, &c)))
				break;
			*part += c;
			q += INTALIGN(10);
			continue;
		}
		key = head & VEC_SHAPE_MASK;
		if (cents && key == ka)
		{
			/* a negative one: the same key with the sign bit set */
			if (unlikely(!VecCents2Decode(q, &c)))
				break;
			*part -= c;
			q += INTALIGN(10);
			continue;
		}
		if (!cents && likely(key == ka))
		{
			if (unlikely(!VecNumShapeDecode(&sha, q, head, &coef)))
				break;
			q += sha.step;
		}
		else if (key == kb)
		{
			if (unlikely(!VecNumShapeDecode(&shb, q, head, &coef)))
				break;
			q += shb.step;
		}
		else
			break;
		*part += coef;
	}
	*p = q;
	return (int) (part - s->part);
}

/*
 * The uniform lane for a row: its two shapes of the uniform scale, the cents2
 * one (if any) first, and whether their largest magnitudes still fit the
 * partial sums (flushed when they do not: false when that took a sum out of
 * the lane).
 */
static bool
VecNumSumUniformShapes(VecState *s, const VecNumShape **sa, const VecNumShape **sb,
					   uint64 *ka, uint64 *kb)
{
	const VecNumShape *s0 = &s->shape[0],
			   *s1 = &s->shape[1];
	uint64		rowmax = 0;

	/* 0 matches no element: its varlena header is not 0 */
	*ka = s0->key != 0 && s0->p.scale == s->uniform ? s0->key : 0;
	*kb = s1->key != 0 && s1->p.scale == s->uniform ? s1->key : 0;
	*sa = s0;
	*sb = s1;
	if (!(*ka != 0 && s0->cents2) && *kb != 0 && s1->cents2)
	{
		uint64		k = *ka;

		*sa = s1;
		*sb = s0;
		*ka = *kb;
		*kb = k;
	}
	if (*ka != 0)
		rowmax = (*sa)->maxabs;
	if (*kb != 0)
		rowmax = Max(rowmax, (*sb)->maxabs);
	if (unlikely(s->part_room < rowmax))
	{
		if (!VecNumSumFlushPart(s))
		{
			s->uniform = VecNumSumUniform(s);
			return false;
		}
	}
	s->part_room -= rowmax;
	return true;
}

/*
 * Numeric row, added: elements of the learnt shape, then those that decode
 * in the 64-bit lane, go straight into their position's int128 sum; the rest
 * take the general path, with the same result.  While every position's sum
 * has the shape's scale, a row without NULLs whose elements all have the
 * shape is added by VecNumSumUniformRange into the partial sums and counted
 * once for the whole row (VecState.pending).
 */
static void
VecNumSumAddRow(MemoryContext agg, VecState *s, const PmArray *a)
{
	const char *p = a->data;
	int			start = 0;
	const VecNumShape *sa,
			   *sb;
	uint64		ka,
				kb;

	PmPrefetchNextRow(a->arr);
	if (a->nulls == NULL && s->uniform >= 0 && VecNumSumUniformShapes(s, &sa, &sb, &ka, &kb))
	{
		PmAggSum   *sums = (PmAggSum *) s->pos;
		int			done = 0;
		bool		cents = ka != 0 && sa->cents2;

		for (; start < a->nitems; start += PM_TICK_STRIDE)
		{
			int			stop = Min(a->nitems, start + PM_TICK_STRIDE);

			if (start > 0)
				CHECK_FOR_INTERRUPTS();
			if (cents)
				done = VecNumSumUniformRange(s, a, start, stop, &p, sa, sb, ka, kb, true);
			else
				done = VecNumSumUniformRange(s, a, start, stop, &p, sa, sb, ka, kb, false);
			if (done < stop)
				break;
		}
		if (start >= a->nitems)
		{
			s->pending++;
			return;
		}
		/* count what was added, then go on element by element */
		for (int i = 0; i < done; i++)
		{
			sums[i].count++;
			sums[i].st.nmax++;
		}
		start = done;
	}
	/* the general path's scale tracking needs every count and sum up to date */
	VecNumSumFlush(s);
	while (start < a->nitems)
	{
		int			stop = Min(a->nitems, (start / PM_TICK_STRIDE + 1) * PM_TICK_STRIDE);

		if (start > 0)
			CHECK_FOR_INTERRUPTS();
		if (a->nulls == NULL)
			p = VecNumSumAddRange(agg, s, a, NULL, start, stop, p);
		else
			p = VecNumSumAddRange(agg, s, a, a->nulls, start, stop, p);
		start = stop;
	}
	s->uniform = VecNumSumUniform(s);
}

/* Numeric row: add (or remove) every non-NULL element; false if not invertible. */
static bool
VecNumSumRow(MemoryContext agg, VecState *s, const PmArray *a, bool subtract)
{
	PmAggSum   *sums = (PmAggSum *) s->pos;
	PmVarIter	it;
	bool		ok = true;

	it.ptr = a->data;
	for (int i = 0; i < a->nitems; i++)
	{
		PmNumArg	v;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(a, i))
			continue;
		PmNumArgInit(&v, PmVarIterNext(&it), "a", a->lbound + i);
		if (!subtract)
			PmAggSumAddArg(agg, &sums[i], &v);
		else if (!PmAggSumSubArg(agg, &sums[i], &v))
			ok = false;
	}
	return ok;
}

/*
 * A later value replaces the best when it is better, or equal with a larger
 * scale: among equal values the widest scale wins, whatever the row order.
 */
static void
VecNumBestRow(MemoryContext agg, VecState *s, const PmArray *a, int sign)
{
	NumBest    *best = (NumBest *) s->pos;
	PmVarIter	it;

	it.ptr = a->data;
	for (int i = 0; i < a->nitems; i++)
	{
		PmNumArg	v;
		NumBest    *b = &best[i];
		int			cmp = 0;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (PmArrayIsNull(a, i))
			continue;
		PmNumArgInit(&v, PmVarIterNext(&it), "a", a->lbound + i);
		if (b->count++ > 0)
		{
			pm_status	st = PM_OVERFLOW;

			if (b->slow == NULL && v.kind == PM_NUM_FAST)
				cmp = pm_dec_cmp(&v.d, &b->d, &st);
			if (st != PM_OK)
			{
				Numeric		cur = b->slow != NULL ? b->slow : PmDecToNumeric(&b->d);

				cmp = PmNumericCmp(PmNumArgNumeric(&v), cur);
			}
			if (cmp * sign < 0)
				continue;
			if (cmp == 0 && PmNumArgScale(&v) <= (b->slow != NULL ? PmNumericDscale((char *) b->slow) : b->d.scale))
				continue;
		}
		if (b->slow != NULL)
			pfree(b->slow);
		b->slow = NULL;
		if (v.kind == PM_NUM_FAST)
			b->d = v.d;
		else
			b->slow = PmNumericCopyTo(agg, PmNumArgNumeric(&v));
	}
}

/* float8 row: add every non-NULL element to its compensated sum. */
static void
VecF8SumRow(VecState *s, const PmArray *a)
{
	F8Sum	   *sums = (F8Sum *) s->pos;
	const double *av = PmFloat8Data(a->data);

	for (int i = 0; i < a->nitems; i++)
	{
		PM_CHECK_INTERRUPTS_EVERY(i);
		if (a->nulls != NULL && PmArrayIsNull(a, i))
			continue;
		if (unlikely(!isfinite(*av)))
			PmCheckFloat8Finite(*av, "a", a->lbound + i);
		pm_ksum_add(&sums[i].k, *av++);
		sums[i].count++;
	}
}

/* Total order for min/max with -0 below +0, so results never depend on row order. */
static inline int
F8Cmp(double x, double y)
{
	if (x < y)
		return -1;
	if (x > y)
		return 1;
	return (int) (signbit(y) != 0) - (int) (signbit(x) != 0);
}

/* float8 row: keep the smaller (sign < 0) or larger value per position. */
static void
VecF8BestRow(VecState *s, const PmArray *a, int sign)
{
	F8Best	   *best = (F8Best *) s->pos;
	const double *av = PmFloat8Data(a->data);

	for (int i = 0; i < a->nitems; i++)
	{
		double		x;

		PM_CHECK_INTERRUPTS_EVERY(i);
		if (a->nulls != NULL && PmArrayIsNull(a, i))
			continue;
		x = *av++;
		PmCheckFloat8Finite(x, "a", a->lbound + i);
		if (best[i].count++ == 0 || F8Cmp(x, best[i].v) * sign > 0)
			best[i].v = x;
	}
}

/* The transition of every vec_* aggregate: add row argument 1 to the state. */
static Datum
VecAccum(FunctionCallInfo fcinfo, int kind)
{
	VecState   *s;
	MemoryContext agg;
	PmArray		a;
	bool		isnum = kind <= PM_VEC_NUM_MAX;

	/* a NULL row leaves the state as it is */
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_ARGISNULL(0) ? NULL : VecStateArg(fcinfo);
	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(1), isnum ? NUMERICOID : FLOAT8OID, "a");
	s = VecStateForRow(fcinfo, s, kind, &a);
	agg = VecCxt(s);
	switch (kind)
	{
		case PM_VEC_NUM_SUM:
			VecNumSumAddRow(agg, s, &a);
			break;
		case PM_VEC_NUM_MIN:
		case PM_VEC_NUM_MAX:
			VecNumBestRow(agg, s, &a, kind == PM_VEC_NUM_MIN ? -1 : 1);
			break;
		case PM_VEC_F8_SUM:
			VecF8SumRow(s, &a);
			break;
		default:
			VecF8BestRow(s, &a, kind == PM_VEC_F8_MIN ? -1 : 1);
			break;
	}
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

/* The SQL entry points of the vec_* aggregates (PM_SQL_FUNC: each returns one call). */
PM_SQL_FUNC(pricemath_vec_sum_accum_numeric, VecAccum(fcinfo, PM_VEC_NUM_SUM))
PM_SQL_FUNC(pricemath_vec_sum_accum_float8, VecAccum(fcinfo, PM_VEC_F8_SUM))
PM_SQL_FUNC(pricemath_vec_min_accum_numeric, VecAccum(fcinfo, PM_VEC_NUM_MIN))
PM_SQL_FUNC(pricemath_vec_max_accum_numeric, VecAccum(fcinfo, PM_VEC_NUM_MAX))
PM_SQL_FUNC(pricemath_vec_min_accum_float8, VecAccum(fcinfo, PM_VEC_F8_MIN))
PM_SQL_FUNC(pricemath_vec_max_accum_float8, VecAccum(fcinfo, PM_VEC_F8_MAX))

/*
 * Inverse transition of numeric vec_sum/vec_avg: exact subtraction.  NULL
 * (recompute from scratch) when a position's display scale or the
 * result's lower bound could change.
 */
PG_FUNCTION_INFO_V1(pricemath_vec_sum_inv_numeric);
Datum
pricemath_vec_sum_inv_numeric(PG_FUNCTION_ARGS)
{
	VecState   *s;
	PmArray		a;
	bool		ok;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	s = VecStateArg(fcinfo);
	if (s->kind != PM_VEC_NUM_SUM)
		VecWrongKind();
	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "a");
	if (s->nrows <= 0 || s->len != a.nitems || a.lbound < s->lbound)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the row to remove is not in the state"),
				 errdetail("An inverse transition removes only a row that was added to the state.")));
	VecNumSumFlush(s);
	ok = VecNumSumRow(VecCxt(s), s, &a, true);
	s->uniform = VecNumSumUniform(s);
	s->nrows--;
	if (a.lbound == s->lbound && --s->nminlb == 0 && s->nrows > 0)
		ok = false;
	if (!ok)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

PG_FUNCTION_INFO_V1(pricemath_vec_combine);
Datum
pricemath_vec_combine(PG_FUNCTION_ARGS)
{
	const VecState *o = PG_ARGISNULL(1) ? NULL : (const VecState *) PmAggStateArgForRead(fcinfo, 1, &VecFamily);
	VecState   *s;
	MemoryContext agg;

	if (o == NULL || o->nrows == 0)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_ARGISNULL(0) ? NULL : VecStateArg(fcinfo);
	if (s == NULL || s->nrows == 0)
		PG_RETURN_DATUM(PmAggStateDatum(PmAggStateCopy(&o->hdr, PmAggStateParent(fcinfo))));
	if (s->kind != o->kind)
		VecWrongKind();
	agg = VecCxt(s);
	if (s->len != o->len)
		VecLengthMismatch(s->len, o->len);
	if (o->lbound < s->lbound)
	{
		s->lbound = o->lbound;
		s->nminlb = o->nminlb;
	}
	else if (o->lbound == s->lbound)
		s->nminlb += o->nminlb;
	s->nrows += o->nrows;
	if (s->kind == PM_VEC_NUM_SUM)
		VecNumSumFlush(s);
	for (int i = 0; i < s->len; i++)
	{
		PM_CHECK_INTERRUPTS_EVERY(i);
		switch (s->kind)
		{
			case PM_VEC_NUM_SUM:
				{
					PmAggSum	ob = VecNumSumAt(o, i);

					PmAggSumMerge(agg, &((PmAggSum *) s->pos)[i], &ob);
					break;
				}
			case PM_VEC_NUM_MIN:
			case PM_VEC_NUM_MAX:
				{
					NumBest    *b = &((NumBest *) s->pos)[i];
					const NumBest *ob = &((NumBest *) o->pos)[i];
					int			sign = s->kind == PM_VEC_NUM_MIN ? -1 : 1;
					Numeric		x,
								y;
					int			cmp;

					if (ob->count == 0)
						break;
					if (b->count == 0)
					{
						*b = *ob;
						if (b->slow != NULL)
							b->slow = PmNumericCopyTo(agg, b->slow);
						break;
					}
					b->count += ob->count;
					x = ob->slow != NULL ? ob->slow : PmDecToNumeric(&ob->d);
					y = b->slow != NULL ? b->slow : PmDecToNumeric(&b->d);
					cmp = PmNumericCmp(x, y);
					if (cmp * sign < 0 ||
						(cmp == 0 && PmNumericDscale((char *) x) <= PmNumericDscale((char *) y)))
						break;
					if (b->slow != NULL)
						pfree(b->slow);
					b->d = ob->d;
					b->slow = ob->slow != NULL ? PmNumericCopyTo(agg, ob->slow) : NULL;
					break;
				}
			case PM_VEC_F8_SUM:
				{
					F8Sum	   *a = &((F8Sum *) s->pos)[i];
					const F8Sum *b = &((F8Sum *) o->pos)[i];

					pm_ksum_merge(&a->k, &b->k);
					a->count += b->count;
					break;
				}
			default:
				{
					F8Best	   *a = &((F8Best *) s->pos)[i];
					const F8Best *b = &((F8Best *) o->pos)[i];
					int			sign = s->kind == PM_VEC_F8_MIN ? -1 : 1;

					if (b->count > 0 && (a->count == 0 || F8Cmp(b->v, a->v) * sign > 0))
						a->v = b->v;
					a->count += b->count;
					break;
				}
		}
	}
	if (s->kind == PM_VEC_NUM_SUM)
		s->uniform = VecNumSumUniform(s);
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

/*
 * ---- the flat form (pricemath.vec_state): core/pm_statefmt.h's ----
 *
 * kind, len, lbound, nrows, nminlb, then one entry per position: numeric
 * vec_sum a sum (pending rows counted in), numeric vec_min and vec_max the
 * best value and its count, float8 vec_sum and vec_avg the compensated sum
 * and its count, float8 vec_min and vec_max the best value and its count.
 * The learnt shapes are hints and not written.
 */
StaticAssertDecl(PM_STATEFMT_VEC_MAX_LEN == MaxArraySize, "a vec_state is at most an array long");

static void
VecWrite(StringInfo buf, const PmAggState *hdr)
{
	const VecState *s = (const VecState *) hdr;
	pm_statefmt_vec_head h = {s->kind, s->len, s->lbound, s->nrows, s->nminlb};

	PmStateAdvance(buf, pm_statefmt_put_begin(PmStateRoom(buf, PM_STATEFMT_BEGIN_SIZE), PM_STATEFMT_VEC_TAG));
	PmStateAdvance(buf, pm_statefmt_vec_put_head(PmStateRoom(buf, PM_STATEFMT_VEC_HEAD_SIZE), &h));
	for (int i = 0; i < s->len; i++)
	{
		pm_statefmt_vec_pos p;

		PM_CHECK_INTERRUPTS_EVERY(i);
		switch (s->kind)
		{
			case PM_VEC_NUM_SUM:
				{
					PmAggSum	a = VecNumSumAt(s, i);

					PmAggSumToState(&p.sum, &a);
					break;
				}
			case PM_VEC_NUM_MIN:
			case PM_VEC_NUM_MAX:
				{
					const NumBest *b = &((const NumBest *) s->pos)[i];

					PmStateValueFrom(&p.sum.v, &b->d, b->slow);
					p.count = b->count;
					break;
				}
			case PM_VEC_F8_SUM:
				{
					const F8Sum *a = &((const F8Sum *) s->pos)[i];

					p.k = a->k;
					p.count = a->count;
					break;
				}
			default:
				{
					const F8Best *a = &((const F8Best *) s->pos)[i];

					p.f = a->v;
					p.count = a->count;
					break;
				}
		}
		PmStateAdvance(buf, pm_statefmt_vec_put_pos(PmStateRoom(buf, pm_statefmt_vec_pos_size(s->kind, &p)),
													s->kind, &p));
	}
}

/*
 * A state read back from its flat form, every field checked by the core
 * (pm_statefmt_vec_next says which rules), position by position into the
 * state: numerics become stored numerics in the state's context.
 */
static PmAggState *
VecRead(const char *data, int len, MemoryContext parent)
{
	pm_statefmt_reader r;
	pm_statefmt_vec_head h;
	VecState   *s;
	MemoryContext cxt;

	PmStateCheck(pm_statefmt_vec_begin(&r, data, len, &h));
	s = VecStateNew(parent, h.kind, h.len, h.lbound);
	cxt = VecCxt(s);
	s->nrows = h.nrows;
	s->nminlb = h.nminlb;
	for (int i = 0; i < h.len; i++)
	{
		pm_statefmt_vec_pos p;

		PM_CHECK_INTERRUPTS_EVERY(i);
		PmStateCheck(pm_statefmt_vec_next(&r, &h, &p));
		switch (h.kind)
		{
			case PM_VEC_NUM_SUM:
				PmAggSumFromState(&((PmAggSum *) s->pos)[i], &p.sum, cxt);
				break;
			case PM_VEC_NUM_MIN:
			case PM_VEC_NUM_MAX:
				{
					NumBest    *nb = &((NumBest *) s->pos)[i];

					PmStateValueTo(&p.sum.v, cxt, &nb->d, &nb->slow);
					nb->count = p.count;
					break;
				}
			case PM_VEC_F8_SUM:
				{
					F8Sum	   *a = &((F8Sum *) s->pos)[i];

					a->k = p.k;
					a->count = p.count;
					break;
				}
			default:
				{
					F8Best	   *a = &((F8Best *) s->pos)[i];

					a->v = p.f;
					a->count = p.count;
					break;
				}
		}
	}
	PmStateCheck(pm_statefmt_end(&r));
	return &s->hdr;
}

static const PmAggStateFamily VecFamily = {PM_AGGSTATE_METHODS, "vec_state", VecWrite, VecRead};

PM_AGGSTATE_SQL_FUNCS(vec_state, vec, &VecFamily)

/* A PmArray describing the result's shape, for the array builders. */
static void
VecShape(const VecState *s, PmArray *shape)
{
	memset(shape, 0, sizeof(*shape));
	shape->nitems = s->len;
	shape->lbound = s->lbound;
}

/* numeric result: the sums (or their averages), minima or maxima; NULL where no value. */
static Datum
VecNumFinal(const VecState *s, bool avg)
{
	PmArray		shape;
	PmNumBuilder b;
	bool		hasnulls = false;

	VecShape(s, &shape);
	if (s->len == 0)
		return PointerGetDatum(construct_empty_array(NUMERICOID));
	for (int i = 0; i < s->len; i++)
	{
		int64		c = s->kind == PM_VEC_NUM_SUM ? VecNumSumAt(s, i).count : ((NumBest *) s->pos)[i].count;

		if (c == 0)
			hasnulls = true;
	}
	PmNumBuilderInit(&b, &shape, hasnulls, (Size) s->len * 12);
	for (int i = 0; i < s->len; i++)
	{
		PM_CHECK_INTERRUPTS_EVERY(i);
		if (s->kind == PM_VEC_NUM_SUM)
		{
			PmAggSum	at = VecNumSumAt(s, i);
			const PmAggSum *a = &at;

			if (a->count == 0)
				continue;
			if (avg)
				PmNumBuilderPutNumeric(&b, i, PmAggSumAvg(a));
			else if (a->slow != NULL)
				PmNumBuilderPutNumeric(&b, i, a->slow);
			else
				PmNumBuilderPutDec(&b, i, &a->acc);
		}
		else
		{
			const NumBest *nb = &((NumBest *) s->pos)[i];

			if (nb->count == 0)
				continue;
			if (nb->slow != NULL)
				PmNumBuilderPutNumeric(&b, i, nb->slow);
			else
				PmNumBuilderPutDec(&b, i, &nb->d);
		}
	}
	return PointerGetDatum(PmNumBuilderFinish(&b));
}

/* float8 result: the sums (or their averages), minima or maxima; NULL where no value. */
static Datum
VecF8Final(const VecState *s, bool avg)
{
	PmArray		shape;
	ArrayType  *r;
	int			nvalues = 0;
	double	   *out;
	bits8	   *bitmap;

	VecShape(s, &shape);
	if (s->len == 0)
		return PointerGetDatum(construct_empty_array(FLOAT8OID));
	for (int i = 0; i < s->len; i++)
		if ((s->kind == PM_VEC_F8_SUM ? ((F8Sum *) s->pos)[i].count : ((F8Best *) s->pos)[i].count) > 0)
			nvalues++;
	r = PmFloat8ArrayCreate(&shape, nvalues < s->len, nvalues);
	out = PmFloat8Data(ARR_DATA_PTR(r));
	bitmap = ARR_NULLBITMAP(r);
	for (int i = 0; i < s->len; i++)
	{
		double		v;

		if (s->kind == PM_VEC_F8_SUM)
		{
			const F8Sum *a = &((F8Sum *) s->pos)[i];

			if (a->count == 0)
				continue;
			v = PmCheckResult(pm_ksum_result(&a->k));
			if (avg)
				v /= (double) a->count;
		}
		else
		{
			const F8Best *a = &((F8Best *) s->pos)[i];

			if (a->count == 0)
				continue;
			v = a->v;
		}
		*out++ = v;
		if (bitmap != NULL)
			bitmap[i >> 3] |= (bits8) (1 << (i & 7));
	}
	return PointerGetDatum(r);
}

/* What a final function accepts: the sums or the extremes, of numeric or float8 or either. */
typedef enum VecFinalKind
{
	VEC_FINAL_SUM,				/* vec_sum, vec_avg */
	VEC_FINAL_EXTREME			/* vec_min, vec_max */
} VecFinalKind;

/*
 * The final function of every vec_* aggregate: NULL after zero rows.  isnum
 * is the flavour of the function's SQL signature: 1 numeric, 0 float8, -1
 * either (the 0.1.0 and 0.2.0 functions on internal states, which SQL cannot
 * make).  A state of another aggregate is an error: a numeric result built
 * from float8 positions would be a wrong answer, or a crash.
 */
static Datum
VecFinal(FunctionCallInfo fcinfo, VecFinalKind fk, int isnum, bool avg)
{
	const VecState *s;
	bool		s_isnum;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (const VecState *) PmAggStateArgForRead(fcinfo, 0, &VecFamily);
	s_isnum = s->kind <= PM_VEC_NUM_MAX;
	if ((fk == VEC_FINAL_SUM) != (s->kind == PM_VEC_NUM_SUM || s->kind == PM_VEC_F8_SUM) ||
		(isnum >= 0 && (isnum != 0) != s_isnum))
		VecWrongKind();
	if (s->nrows == 0)
		PG_RETURN_NULL();
	if (s_isnum)
		return VecNumFinal(s, avg);
	return VecF8Final(s, avg);
}

/* vec_avg divides each sum by its count; vec_sum, vec_min and vec_max do not. */
PM_SQL_FUNC(pricemath_vec_sum_final_numeric, VecFinal(fcinfo, VEC_FINAL_SUM, 1, false))
PM_SQL_FUNC(pricemath_vec_sum_final_float8, VecFinal(fcinfo, VEC_FINAL_SUM, 0, false))
PM_SQL_FUNC(pricemath_vec_avg_final_numeric, VecFinal(fcinfo, VEC_FINAL_SUM, 1, true))
PM_SQL_FUNC(pricemath_vec_avg_final_float8, VecFinal(fcinfo, VEC_FINAL_SUM, 0, true))
PM_SQL_FUNC(pricemath_vec_extreme_final_numeric, VecFinal(fcinfo, VEC_FINAL_EXTREME, 1, false))
PM_SQL_FUNC(pricemath_vec_extreme_final_float8, VecFinal(fcinfo, VEC_FINAL_EXTREME, 0, false))
/* the 0.1.0 and 0.2.0 catalog's final functions */
PM_SQL_FUNC(pricemath_vec_sum_final, VecFinal(fcinfo, VEC_FINAL_SUM, -1, false))
PM_SQL_FUNC(pricemath_vec_avg_final, VecFinal(fcinfo, VEC_FINAL_SUM, -1, true))
PM_SQL_FUNC(pricemath_vec_extreme_final, VecFinal(fcinfo, VEC_FINAL_EXTREME, -1, false))
