/*
 * pm_agg.c: aggregates: vec_sum, vec_avg, vec_min, vec_max over numeric[]
 * and float8[]; weighted_avg and the price indices over numeric and float8.
 * States live in the aggregate context; numeric sums are exact, so every
 * numeric result is the same however rows are split among workers.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "core/pm_agg.h"
#include "core/pm_float.h"
#include "pm_array.h"
#include "pm_numeric.h"

/* ---- exact numeric sums in aggregate memory ---- */

/* int128 while it fits, then PostgreSQL's numeric (allocated in aggcontext). */
typedef struct AggSum
{
	pm_dec		acc;
	Numeric		slow;
	pm_scale_track st;			/* largest scale, for moving aggregates */
	int64		count;			/* values summed */
} AggSum;

/* A decoded finite numeric argument or element. */
typedef struct NumArg
{
	PmNumKind	kind;
	pm_dec		d;
	const char *p;				/* the varlena */
} NumArg;

static inline Numeric
NumArgNumeric(const NumArg *a)
{
	return DatumGetNumeric(PointerGetDatum(a->p));
}

static inline int32
NumArgScale(const NumArg *a)
{
	return a->kind == PM_NUM_FAST ? a->d.scale : PmNumericDscale(a->p);
}

static Numeric
NumericCopyTo(MemoryContext cxt, Numeric n)
{
	Numeric		c = MemoryContextAlloc(cxt, VARSIZE(n));

	memcpy(c, n, VARSIZE(n));
	return c;
}

/* s op= n in PostgreSQL's numeric; the result goes to aggcontext. */
static pg_noinline void
AggSumSlow(MemoryContext agg, AggSum *s, Numeric n, bool subtract)
{
	Numeric		r;

	if (s->slow == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(agg);

		s->slow = PmDecToNumeric(&s->acc);
		MemoryContextSwitchTo(old);
	}
	r = DatumGetNumeric(DirectFunctionCall2(subtract ? numeric_sub : numeric_add,
											NumericGetDatum(s->slow), NumericGetDatum(n)));
	pfree(s->slow);
	s->slow = NumericCopyTo(agg, r);
}

/* Add (or subtract) a value; pd is its decoded form or NULL, n its numeric or NULL. */
static inline void
AggSumApply(MemoryContext agg, AggSum *s, const pm_dec *pd, Numeric n, bool subtract)
{
	if (pd != NULL && likely(s->slow == NULL))
	{
		if (likely((subtract ? pm_dec_sub(&s->acc, pd, &s->acc) : pm_dec_add(&s->acc, pd, &s->acc)) == PM_OK))
			return;
	}
	AggSumSlow(agg, s, n != NULL ? n : PmDecToNumeric(pd), subtract);
}

/*
 * s += v * 10^-scale in the fast lane: the int128 sum at its own scale, or
 * at a smaller one v is brought to.  Returns false, having changed nothing,
 * when the general path (AggSumApply) must take it: a slow sum, a larger
 * scale, overflow.  The result is what AggSumApply would give.
 */
static pg_attribute_always_inline bool
AggSumAddFast(AggSum *s, pm_i128 v, int32 scale)
{
	pm_i128		r;

	if (unlikely(s->slow != NULL))
		return false;
	if (unlikely(scale != s->acc.scale))
	{
		int32		k = s->acc.scale - scale;

		/* |v| < 2^63 and 10^18 < 2^60: the product fits an int128 */
		if (k < 0 || k > 18 || v < PG_INT64_MIN || v > PG_INT64_MAX)
			return false;
		v = (pm_i128) (int64) v * (int64) pm_pow10_u64[k];
	}
	if (unlikely(__builtin_add_overflow(s->acc.coef, v, &r)))
		return false;
	s->acc.coef = r;
	pm_scale_track_add(&s->st, scale);
	s->count++;
	return true;
}

/* s += v * 10^-scale: the fast lane, else the general path. */
static pg_attribute_always_inline void
AggSumAddScaled(MemoryContext agg, AggSum *s, pm_i128 v, int32 scale)
{
	pm_dec		d;

	if (likely(AggSumAddFast(s, v, scale)))
		return;
	d.coef = v;
	d.scale = scale;
	AggSumApply(agg, s, &d, NULL, false);
	pm_scale_track_add(&s->st, scale);
	s->count++;
}

static inline void
AggSumAddArg(MemoryContext agg, AggSum *s, const NumArg *a)
{
	if (a->kind == PM_NUM_FAST)
		AggSumApply(agg, s, &a->d, NULL, false);
	else
		AggSumApply(agg, s, NULL, NumArgNumeric(a), false);
	pm_scale_track_add(&s->st, NumArgScale(a));
	s->count++;
}

/* No values left (moving aggregate): start from an exact zero of scale 0. */
static void
AggSumReset(AggSum *s)
{
	if (s->slow != NULL)
		pfree(s->slow);
	memset(s, 0, sizeof(*s));
}

/* false when the sum's scale may shrink: the caller recomputes from scratch. */
static inline bool
AggSumSubArg(MemoryContext agg, AggSum *s, const NumArg *a)
{
	bool		ok;

	if (a->kind == PM_NUM_FAST)
		AggSumApply(agg, s, &a->d, NULL, true);
	else
		AggSumApply(agg, s, NULL, NumArgNumeric(a), true);
	s->count--;
	ok = pm_scale_track_remove(&s->st, NumArgScale(a));
	if (s->count == 0)
	{
		AggSumReset(s);
		return true;
	}
	return ok;
}

/* The exact product a * b, added to (or subtracted from) s. */
static void
AggSumApplyProduct(MemoryContext agg, AggSum *s, const NumArg *a, const NumArg *b,
				   bool subtract, bool *scale_ok)
{
	pm_dec		pd;
	bool		ok;
	int32		scale;

	if (a->kind == PM_NUM_FAST && b->kind == PM_NUM_FAST && pm_dec_mul(&a->d, &b->d, &pd) == PM_OK)
	{
		AggSumApply(agg, s, &pd, NULL, subtract);
		scale = pd.scale;
	}
	else
	{
		Numeric		n = DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(NumArgNumeric(a)),
															NumericGetDatum(NumArgNumeric(b))));

		AggSumApply(agg, s, NULL, n, subtract);
		scale = PmNumericDscale((const char *) n);
	}
	if (!subtract)
	{
		pm_scale_track_add(&s->st, scale);
		s->count++;
		return;
	}
	s->count--;
	ok = pm_scale_track_remove(&s->st, scale);
	if (s->count == 0)
	{
		AggSumReset(s);
		ok = true;
	}
	if (scale_ok)
		*scale_ok = *scale_ok && ok;
}

static void
AggSumMerge(MemoryContext agg, AggSum *s, const AggSum *o)
{
	if (o->slow == NULL)
		AggSumApply(agg, s, &o->acc, NULL, false);
	else
		AggSumApply(agg, s, NULL, o->slow, false);
	pm_scale_track_merge(&s->st, &o->st);
	s->count += o->count;
}

/* The sum as a numeric in the current memory context. */
static Numeric
AggSumValue(const AggSum *s)
{
	if (s->slow != NULL)
		return DatumGetNumericCopy(NumericGetDatum(s->slow));
	return PmDecToNumeric(&s->acc);
}

static int
AggSumSign(const AggSum *s)
{
	if (s->slow == NULL)
		return (s->acc.coef > 0) - (s->acc.coef < 0);
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(s->slow),
											 NumericGetDatum(int64_to_numeric(0))));
}

static void
AggSumCopySlow(MemoryContext agg, AggSum *s)
{
	if (s->slow != NULL)
		s->slow = NumericCopyTo(agg, s->slow);
}

static void
AggSumSerialize(StringInfo buf, const AggSum *s)
{
	pq_sendbyte(buf, s->slow != NULL);
	if (s->slow == NULL)
	{
		pq_sendint64(buf, (int64) (s->acc.coef >> 64));
		pq_sendint64(buf, (int64) (uint64) s->acc.coef);
		pq_sendint32(buf, s->acc.scale);
	}
	else
	{
		bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(s->slow)));

		pq_sendint32(buf, VARSIZE_ANY_EXHDR(b));
		pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	}
	pq_sendint32(buf, s->st.maxscale);
	pq_sendint64(buf, s->st.nmax);
	pq_sendint64(buf, s->count);
}

static pg_noinline void
CorruptState(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized aggregate state"),
			 errdetail("%s", what)));
}

static void
AggSumDeserialize(MemoryContext agg, StringInfo buf, AggSum *s)
{
	int			flag = pq_getmsgbyte(buf);

	s->slow = NULL;
	s->acc.coef = 0;
	s->acc.scale = 0;
	if (flag == 0)
	{
		int64		hi = pq_getmsgint64(buf);
		uint64		lo = (uint64) pq_getmsgint64(buf);

		s->acc.coef = (pm_i128) (((pm_u128) (uint64) hi << 64) | lo);
		s->acc.scale = pq_getmsgint(buf, 4);
		if (s->acc.scale < 0 || s->acc.scale > PM_MAX_SCALE)
			CorruptState("A sum has an invalid scale.");
	}
	else if (flag == 1)
	{
		int			len = pq_getmsgint(buf, 4);
		StringInfoData nb;
		Numeric		n;

		if (len < 0 || len > buf->len - buf->cursor)
			CorruptState("A numeric sum has an invalid length.");
		nb.data = (char *) pq_getmsgbytes(buf, len);
		nb.len = len;
		nb.maxlen = 0;
		nb.cursor = 0;
		n = DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&nb),
												ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		if (nb.cursor != nb.len || numeric_is_nan(n) || numeric_is_inf(n))
			CorruptState("A numeric sum is not a finite number.");
		s->slow = NumericCopyTo(agg, n);
	}
	else
		CorruptState("A sum has an invalid kind.");
	s->st.maxscale = pq_getmsgint(buf, 4);
	s->st.nmax = pq_getmsgint64(buf);
	s->count = pq_getmsgint64(buf);
	if (s->count < 0 || s->st.nmax < 0 || s->st.nmax > s->count || (s->count > 0) != (s->st.nmax > 0) ||
		s->st.maxscale < 0 || s->st.maxscale > PM_MAX_SCALE)
		CorruptState("A sum has invalid counts.");
}

/* ---- helpers ---- */

/* A read-only StringInfo over a bytea's data. */
static void
ReadBuffer(StringInfo buf, bytea *b)
{
	buf->data = VARDATA_ANY(b);
	buf->len = VARSIZE_ANY_EXHDR(b);
	buf->maxlen = 0;
	buf->cursor = 0;
}

static MemoryContext
AggContext(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext agg;

	if (!AggCheckCallContext(fcinfo, &agg))
		elog(ERROR, "%s called in non-aggregate context", fname);
	return agg;
}

static pg_noinline void
ResultOutOfRange(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("The result is not a finite float8 value.")));
}

static inline double
CheckResult(double d)
{
	if (unlikely(!isfinite(d)))
		ResultOutOfRange();
	return d;
}

static pg_noinline void
DivisionByZero(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO),
			 errmsg("division by zero"),
			 errdetail("%s", detail)));
}

static Numeric
NumericPow2(int k)
{
	Numeric		h;
	Datum		r;

	if (k < 62)
		return int64_to_numeric(INT64CONST(1) << k);
	h = NumericPow2(k / 2);
	r = DirectFunctionCall2(numeric_mul, NumericGetDatum(h), NumericGetDatum(h));
	if (k & 1)
		r = DirectFunctionCall2(numeric_mul, r, NumericGetDatum(int64_to_numeric(2)));
	return DatumGetNumeric(r);
}

/*
 * The double nearest a / b (b nonzero) in PostgreSQL's numeric, for values
 * beyond the core: q = trunc(|a| 2^k / |b|) with 56 or 57 bits, the
 * remainder as a sticky bit, rounded once.
 */
static double
NumericRatioToFloat8(Numeric a, Numeric b)
{
	Datum		za = NumericGetDatum(int64_to_numeric(0));
	int			sa = DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), za)),
				sb = DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(b), za));
	Datum		A,
				B,
				est;
	Numeric		lo = NumericPow2(55),
				hi = NumericPow2(57);
	int			k;

	if (sb == 0)
		DivisionByZero("The denominator is zero.");
	if (sa == 0)
		return 0.0;
	A = DirectFunctionCall1(numeric_abs, NumericGetDatum(a));
	B = DirectFunctionCall1(numeric_abs, NumericGetDatum(b));
	est = DirectFunctionCall2(numeric_sub, DirectFunctionCall1(numeric_ln, A),
							  DirectFunctionCall1(numeric_ln, B));
	k = 55 - (int) floor(DatumGetFloat8(DirectFunctionCall1(numeric_float8, est)) / M_LN2);
	if (k < -1100 || k > 1200)
		ResultOutOfRange();
	for (int tries = 0; tries < 8; tries++)
	{
		Datum		X = k >= 0 ? DirectFunctionCall2(numeric_mul, A, NumericGetDatum(NumericPow2(k))) : A;
		Datum		Y = k >= 0 ? B : DirectFunctionCall2(numeric_mul, B, NumericGetDatum(NumericPow2(-k)));
		Datum		q = DirectFunctionCall2(numeric_div_trunc, X, Y);
		Datum		r;
		double		d;

		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, q, NumericGetDatum(lo))) < 0)
		{
			k++;
			continue;
		}
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, q, NumericGetDatum(hi))) >= 0)
		{
			k--;
			continue;
		}
		r = DirectFunctionCall2(numeric_sub, X, DirectFunctionCall2(numeric_mul, q, Y));
		d = pm_round_to_double((uint64) DatumGetInt64(DirectFunctionCall1(numeric_int8, q)),
							   DatumGetInt32(DirectFunctionCall2(numeric_cmp, r, za)) != 0, -k);
		if (!isfinite(d) || d < DBL_MIN)
			ResultOutOfRange();
		return (sa < 0) != (sb < 0) ? -d : d;
	}
	elog(ERROR, "ratio estimate did not converge");
	return 0.0;					/* keep compiler quiet */
}

/* The double nearest n / d of two exact sums; d must be nonzero. */
static double
AggSumRatio(const AggSum *n, const AggSum *d)
{
	double		r;

	if (n->slow == NULL && d->slow == NULL)
	{
		pm_status	st = pm_dec_ratio(&n->acc, &d->acc, &r);

		if (st == PM_OK)
			return r;
		if (st == PM_DIV_ZERO)
			DivisionByZero("The denominator is zero.");
	}
	return NumericRatioToFloat8(AggSumValue(n), AggSumValue(d));
}

/* The double nearest p1 / p0 (both positive). */
static double
NumArgRatio(const NumArg *p1, const NumArg *p0)
{
	double		r;

	if (p1->kind == PM_NUM_FAST && p0->kind == PM_NUM_FAST && pm_dec_ratio(&p1->d, &p0->d, &r) == PM_OK)
		return r;
	return NumericRatioToFloat8(NumArgNumeric(p1), NumArgNumeric(p0));
}

static void
NumArgDecode(NumArg *a, Datum v, const char *argname)
{
	a->p = (const char *) PG_DETOAST_DATUM_PACKED(v);
	a->kind = PmNumericDecode(a->p, &a->d);
	PmCheckNumericKind(a->kind, argname, PM_NO_INDEX);
}

static int
NumArgSign(const NumArg *a)
{
	if (a->kind == PM_NUM_FAST)
		return (a->d.coef > 0) - (a->d.coef < 0);
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, PointerGetDatum(a->p),
											 NumericGetDatum(int64_to_numeric(0))));
}

static pg_noinline void
ReportBelowMin(const char *what, const char *argname, const char *value, bool zero_ok)
{
	if (zero_ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s \"%s\" is negative", what, argname),
				 errdetail("Value \"%s\" is below the minimum \"0\".", value)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s \"%s\" is not positive", what, argname),
			 errdetail("Value \"%s\" must be greater than \"0\".", value)));
}

/* Prices must be > 0; quantities and weights >= 0. */
static inline void
NumArgCheckMin(const NumArg *a, const char *what, const char *argname, bool zero_ok)
{
	int			s = NumArgSign(a);

	if (s > 0 || (s == 0 && zero_ok))
		return;
	ReportBelowMin(what, argname,
				   DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(a->p))), zero_ok);
}

static inline void
Float8CheckMin(double v, const char *what, const char *argname, bool zero_ok)
{
	PmCheckFloat8Finite(v, argname, PM_NO_INDEX);
	if (v > 0 || (v == 0 && zero_ok))
		return;
	ReportBelowMin(what, argname, float8out_internal(v), zero_ok);
}

/* ================= vec_sum, vec_avg, vec_min, vec_max ================= */

typedef enum VecKind
{
	VEC_NUM_SUM = 1,
	VEC_NUM_MIN,
	VEC_NUM_MAX,
	VEC_F8_SUM,
	VEC_F8_MIN,
	VEC_F8_MAX
} VecKind;

/* numeric min/max per position: the decoded value, or a copy when too wide */
typedef struct NumBest
{
	pm_dec		d;
	Numeric		slow;
	int64		count;			/* values seen; 0: none yet */
} NumBest;

typedef struct F8Sum
{
	pm_ksum		k;
	int64		count;
} F8Sum;

typedef struct F8Best
{
	double		v;
	int64		count;
} F8Best;

/*
 * One state for every vec_* aggregate.  The result's lower bound is the
 * smallest one among the rows (nminlb rows have it), so it does not depend
 * on row order.
 */
/*
 * The fixed decoding parameters of a numeric shape (VecNumShape,
 * NumDatumShape): its digit groups and scale, and how the groups' value
 * becomes the coefficient at that scale, as pm_dec64_place does it.
 */
typedef struct NumShapeParams
{
	uint64		factor;			/* k = 0: 10^sh, sh the decimal shift of the groups;
								 * else 10^(4 - k), the weight of the groups before
								 * the last */
	uint64		limit;			/* k = 0: largest value that times factor fits an int64 */
	int32		ndigits;		/* base-10000 groups, 1 to 4 */
	int32		scale;
	int32		k;				/* sh < 0: zeros the last group pads beyond the scale
								 * (-sh, 1 to 3); else 0 */
	uint32		kpow;			/* 10^k */
} NumShapeParams;

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
	NumShapeParams p;
} VecNumShape;

/* varlena header and numeric short header, without the sign bit (little-endian) */
#define VEC_SHAPE_MASK UINT64CONST(0x0000DFFFFFFFFFFF)
#define VEC_SHAPE_NEG_BIT 45
#define VEC_SHAPES 2

typedef struct VecState
{
	int32		kind;
	int32		len;
	int32		lbound;
	int64		nrows;
	int64		nminlb;
	void	   *pos;			/* len entries of the kind's position type */
	VecNumShape shape[VEC_SHAPES];	/* numeric vec_sum: latest first */

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
} VecState;

static Size
VecPosSize(int kind)
{
	switch (kind)
	{
		case VEC_NUM_SUM:
			return sizeof(AggSum);
		case VEC_NUM_MIN:
		case VEC_NUM_MAX:
			return sizeof(NumBest);
		case VEC_F8_SUM:
			return sizeof(F8Sum);
		default:
			return sizeof(F8Best);
	}
}

static VecState *
VecStateNew(MemoryContext agg, int kind, int len, int lbound)
{
	VecState   *s = MemoryContextAllocZero(agg, sizeof(VecState));

	s->kind = kind;
	s->len = len;
	s->lbound = lbound;
	s->pos = MemoryContextAllocZero(agg, Max(VecPosSize(kind) * (Size) len, 1));
	s->uniform = -1;
	return s;
}

/* Numeric vec_sum: position i, with the state's pending rows counted. */
static inline AggSum
VecNumSumAt(const VecState *s, int i)
{
	AggSum		a = ((const AggSum *) s->pos)[i];

	a.count += s->pending;
	a.st.nmax += s->pending;
	return a;
}

/* Numeric vec_sum: count the pending rows into every position. */
static void
VecNumSumFlush(VecState *s)
{
	AggSum	   *sums = (AggSum *) s->pos;

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
	const AggSum *sums = (const AggSum *) s->pos;
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
VecStateForRow(MemoryContext agg, VecState *s, int kind, const PmArray *a)
{
	if (s == NULL)
		s = VecStateNew(agg, kind, a->nitems, a->lbound);
	else if (s->kind != kind)
		elog(ERROR, "pricemath: aggregate state of kind %d used for kind %d", s->kind, kind);
	else if (s->nrows == 0)
	{
		/* every row removed (moving aggregate): start afresh */
		if (s->len != a->nitems)
		{
			pfree(s->pos);
			s->pos = MemoryContextAllocZero(agg, Max(VecPosSize(kind) * (Size) a->nitems, 1));
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
	const int16_t *digits = (const int16_t *) (data + sizeof(uint16));
	uint16		hdr;
	Size		len;
	bool		neg;
	int			weight,
				dscale,
				ndigits;

	if (unlikely(!VARATT_IS_4B_U(p)))
		return false;
	*size = VARSIZE_4B(p);
	len = *size - VARHDRSZ;
	if (unlikely(*size < VARHDRSZ + sizeof(uint16) || len > sizeof(uint16) + 4 * sizeof(int16)))
		return false;
	hdr = PmReadU16(data);
	if (unlikely((hdr & PMN_SIGN_MASK) != PMN_SHORT))
		return false;
	neg = (hdr & PMN_SHORT_SIGN_MASK) != 0;
	weight = (int) (hdr & PMN_SHORT_WEIGHT_MASK) -
		((hdr & PMN_SHORT_WEIGHT_SIGN_MASK) ? PMN_SHORT_WEIGHT_MASK + 1 : 0);
	dscale = (hdr & PMN_SHORT_DSCALE_MASK) >> PMN_SHORT_DSCALE_SHIFT;
	ndigits = (int) ((len - sizeof(uint16)) / sizeof(int16));
	if (likely((const char *) (digits + 4) <= end))
		return pm_dec64_from_base10000_4(neg, weight, dscale, digits, ndigits, d);
	/* the array's last element: no word beyond it to read */
	return pm_dec64_from_base10000(neg, weight, dscale, digits, ndigits, d);
}

/*
 * The shape parameters of a numeric whose len bytes after the varlena header
 * start at data; false, leaving *sp as it was, when values like it cannot
 * have a shape: not the short header form with one to four groups and no
 * stray byte, or scale or shift out of the 64-bit lane's range.
 */
static bool
NumShapeParse(const char *data, Size len, NumShapeParams *sp)
{
	uint16		hdr;
	int			ndigits,
				weight,
				dscale,
				sh;

	if (len < sizeof(uint16) + sizeof(int16) || len > sizeof(uint16) + 4 * sizeof(int16) ||
		len % 2 != 0)
		return false;
	hdr = PmReadU16(data);
	if ((hdr & PMN_SIGN_MASK) != PMN_SHORT)
		return false;
	ndigits = (int) ((len - sizeof(uint16)) / sizeof(int16));
	weight = (int) (hdr & PMN_SHORT_WEIGHT_MASK) -
		((hdr & PMN_SHORT_WEIGHT_SIGN_MASK) ? PMN_SHORT_WEIGHT_MASK + 1 : 0);
	dscale = (hdr & PMN_SHORT_DSCALE_MASK) >> PMN_SHORT_DSCALE_SHIFT;
	/* as in pm_dec64_place */
	sh = 4 * (weight - ndigits + 1) + dscale;
	if (dscale > PM_MAX_SCALE || sh > 18 || sh < -3)
		return false;
	sp->ndigits = ndigits;
	sp->scale = dscale;
	sp->k = sh < 0 ? -sh : 0;
	sp->kpow = (uint32) pm_pow10_u64[sp->k];
	sp->factor = pm_pow10_u64[sh < 0 ? 4 + sh : sh];
	sp->limit = sh < 0 ? 0 : pm_dec64_mul_limit[sh];
	return true;
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
	if (!NumShapeParse(p + VARHDRSZ, size - VARHDRSZ, &shape->p))
		return;
	shape->key = head & VEC_SHAPE_MASK;
	shape->lanes = ~UINT64CONST(0) << (16 * (4 - shape->p.ndigits));
	shape->tail = (int32) size - 8;
	shape->step = (int32) INTALIGN(size);
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
 * bytes, so nothing beyond the element is read.
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
		uint32		last = (uint32) (w >> 48);
		uint32		q = pm_group_div_pow10(last, shape->p.k);

		if (q * shape->p.kpow != last)
			return false;
		acc = pm_groups4_value(w << 16) * shape->p.factor + q;
	}
	else
	{
		acc = pm_groups4_value(w);
		if (acc > shape->p.limit)
			return false;
		acc *= shape->p.factor;
	}
	/* all ones when the sign bit is set */
	neg = (int64) (head << (63 - VEC_SHAPE_NEG_BIT)) >> 63;
	*coef = ((int64) acc ^ neg) - neg;
	return true;
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

	if (unlikely(__builtin_add_overflow((int64) (uint64) (cur >> 64),
										(v >> 63) + (int64) (lo < (uint64) cur), &hi)))
		return false;
	*acc = (pm_i128) (((pm_u128) (uint64) hi << 64) | lo);
	return true;
}

/* One element of VecNumSumAddRange outside the fast lane (or refused by its sum). */
static pg_noinline void
VecNumSumAddSlow(MemoryContext agg, AggSum *sum, const char *p, int subscript)
{
	NumArg		v;

	v.p = p;
	v.kind = PmNumericDecode(v.p, &v.d);
	PmCheckNumericKind(v.kind, "a", subscript);
	AggSumAddArg(agg, sum, &v);
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
	AggSum	   *sum = &((AggSum *) s->pos)[i];
	pm_dec64	d;
	Size		size;
	PmVarIter	it = {(char *) p};

	if (learn)
		VecNumShapeLearn(s->shape, p);
	if (likely(VecElemDecode64(p, end, &d, &size)) &&
		likely(AggSumAddFast(sum, d.coef, d.scale)))
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
	AggSum	   *sums = (AggSum *) s->pos;
	VecNumShape shape = s->shape[0];	/* a local copy stays in registers */
	const char *end = (const char *) a->arr + ARR_SIZE(a->arr);
	const char *last = end - 8;		/* the last place a head word can be read */

	for (int i = start; i < stop; i++)
	{
		AggSum	   *sum = &sums[i];
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
				/* AggSumAddFast, knowing the sum's scale is the value's */
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
 * Elements start..stop-1 of a row without NULLs, from *p, when every
 * position's sum has scale VecState.uniform: the per-element fast lane, for
 * elements of either shape of that scale, without its per-position checks
 * and counters.  Returns the first element not added (stop when all were),
 * with *p pointing to it; the elements before it are in their int128 sums
 * but not in their counts.
 */
static pg_attribute_always_inline int
VecNumSumUniformRange(VecState *s, const PmArray *a, int start, int stop, const char **p)
{
	AggSum	   *sums = (AggSum *) s->pos;
	const VecNumShape sh0 = s->shape[0];
	const VecNumShape sh1 = s->shape[1];
	/* 0 matches no element: its varlena header is not 0 */
	const uint64 k0 = sh0.p.scale == s->uniform ? sh0.key : 0;
	const uint64 k1 = sh1.p.scale == s->uniform ? sh1.key : 0;
	const char *q = *p;
	const char *last = (const char *) a->arr + ARR_SIZE(a->arr) - 8;
	int			i;

	for (i = start; i < stop; i++)
	{
		AggSum	   *sum = &sums[i];
		uint64		head;
		uint64		key;
		int64		coef;
		const VecNumShape *shape;

		if (unlikely(q > last))
			break;
		memcpy(&head, q, sizeof(head));
		key = head & VEC_SHAPE_MASK;
		if (likely(key == k0))
			shape = &sh0;
		else if (key == k1)
			shape = &sh1;
		else
			break;
		if (unlikely(!VecNumShapeDecode(shape, q, head, &coef)) ||
			!VecInt128AddInt64(&sum->acc.coef, coef))
			break;
		q += shape->step;
	}
	*p = q;
	return i;
}

/*
 * Numeric row, added: elements of the learnt shape, then those that decode
 * in the 64-bit lane, go straight into their position's int128 sum; the rest
 * take the general path, with the same result.  While every position's sum
 * has the shape's scale, a row without NULLs whose elements all have the
 * shape is added by VecNumSumUniformRange and counted once for the whole
 * row (VecState.pending).
 */
static void
VecNumSumAddRow(MemoryContext agg, VecState *s, const PmArray *a)
{
	const char *p = a->data;
	int			start = 0;

	PmPrefetchNextRow(a->arr);
	if (a->nulls == NULL && s->uniform >= 0)
	{
		AggSum	   *sums = (AggSum *) s->pos;
		int			done = 0;

		for (; start < a->nitems; start += PM_INTERRUPT_STRIDE)
		{
			int			stop = Min(a->nitems, start + PM_INTERRUPT_STRIDE);

			if (start > 0)
				CHECK_FOR_INTERRUPTS();
			done = VecNumSumUniformRange(s, a, start, stop, &p);
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
	/* the general path's scale tracking needs every count up to date */
	VecNumSumFlush(s);
	while (start < a->nitems)
	{
		int			stop = Min(a->nitems, (start / PM_INTERRUPT_STRIDE + 1) * PM_INTERRUPT_STRIDE);

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
	AggSum	   *sums = (AggSum *) s->pos;
	PmVarIter	it;
	bool		ok = true;

	it.ptr = a->data;
	for (int i = 0; i < a->nitems; i++)
	{
		NumArg		v;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(a, i))
			continue;
		v.p = PmVarIterNext(&it);
		v.kind = PmNumericDecode(v.p, &v.d);
		PmCheckNumericKind(v.kind, "a", a->lbound + i);
		if (!subtract)
			AggSumAddArg(agg, &sums[i], &v);
		else if (!AggSumSubArg(agg, &sums[i], &v))
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
		NumArg		v;
		NumBest    *b = &best[i];
		int			cmp = 0;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(a, i))
			continue;
		v.p = PmVarIterNext(&it);
		v.kind = PmNumericDecode(v.p, &v.d);
		PmCheckNumericKind(v.kind, "a", a->lbound + i);
		if (b->count++ > 0)
		{
			pm_status	st = PM_OVERFLOW;

			if (b->slow == NULL && v.kind == PM_NUM_FAST)
				cmp = pm_dec_cmp(&v.d, &b->d, &st);
			if (st != PM_OK)
			{
				Numeric		cur = b->slow != NULL ? b->slow : PmDecToNumeric(&b->d);

				cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, PointerGetDatum(v.p),
														NumericGetDatum(cur)));
			}
			if (cmp * sign < 0)
				continue;
			if (cmp == 0 && NumArgScale(&v) <= (b->slow != NULL ? PmNumericDscale((char *) b->slow) : b->d.scale))
				continue;
		}
		if (b->slow != NULL)
			pfree(b->slow);
		b->slow = NULL;
		if (v.kind == PM_NUM_FAST)
			b->d = v.d;
		else
			b->slow = NumericCopyTo(agg, NumArgNumeric(&v));
	}
}

static void
VecF8SumRow(VecState *s, const PmArray *a)
{
	F8Sum	   *sums = (F8Sum *) s->pos;
	const double *av = (const double *) a->data;

	for (int i = 0; i < a->nitems; i++)
	{
		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
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

static void
VecF8BestRow(VecState *s, const PmArray *a, int sign)
{
	F8Best	   *best = (F8Best *) s->pos;
	const double *av = (const double *) a->data;

	for (int i = 0; i < a->nitems; i++)
	{
		double		x;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
		if (a->nulls != NULL && PmArrayIsNull(a, i))
			continue;
		x = *av++;
		PmCheckFloat8Finite(x, "a", a->lbound + i);
		if (best[i].count++ == 0 || F8Cmp(x, best[i].v) * sign > 0)
			best[i].v = x;
	}
}

static Datum
VecAccum(FunctionCallInfo fcinfo, int kind, const char *fname)
{
	MemoryContext agg = AggContext(fcinfo, fname);
	VecState   *s = PG_ARGISNULL(0) ? NULL : (VecState *) PG_GETARG_POINTER(0);
	PmArray		a;
	bool		isnum = kind <= VEC_NUM_MAX;

	if (PG_ARGISNULL(1))
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(1), isnum ? NUMERICOID : FLOAT8OID, "a");
	s = VecStateForRow(agg, s, kind, &a);
	switch (kind)
	{
		case VEC_NUM_SUM:
			VecNumSumAddRow(agg, s, &a);
			break;
		case VEC_NUM_MIN:
		case VEC_NUM_MAX:
			VecNumBestRow(agg, s, &a, kind == VEC_NUM_MIN ? -1 : 1);
			break;
		case VEC_F8_SUM:
			VecF8SumRow(s, &a);
			break;
		default:
			VecF8BestRow(s, &a, kind == VEC_F8_MIN ? -1 : 1);
			break;
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(pricemath_vec_sum_accum_numeric);
Datum
pricemath_vec_sum_accum_numeric(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_NUM_SUM, "vec_sum_accum");
}

PG_FUNCTION_INFO_V1(pricemath_vec_sum_accum_float8);
Datum
pricemath_vec_sum_accum_float8(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_F8_SUM, "vec_sum_accum");
}

PG_FUNCTION_INFO_V1(pricemath_vec_min_accum_numeric);
Datum
pricemath_vec_min_accum_numeric(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_NUM_MIN, "vec_min_accum");
}

PG_FUNCTION_INFO_V1(pricemath_vec_max_accum_numeric);
Datum
pricemath_vec_max_accum_numeric(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_NUM_MAX, "vec_max_accum");
}

PG_FUNCTION_INFO_V1(pricemath_vec_min_accum_float8);
Datum
pricemath_vec_min_accum_float8(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_F8_MIN, "vec_min_accum");
}

PG_FUNCTION_INFO_V1(pricemath_vec_max_accum_float8);
Datum
pricemath_vec_max_accum_float8(PG_FUNCTION_ARGS)
{
	return VecAccum(fcinfo, VEC_F8_MAX, "vec_max_accum");
}

/*
 * Inverse transition of numeric vec_sum/vec_avg: exact subtraction.  NULL
 * (recompute from scratch) when a position's display scale or the
 * result's lower bound could change.
 */
PG_FUNCTION_INFO_V1(pricemath_vec_sum_inv_numeric);
Datum
pricemath_vec_sum_inv_numeric(PG_FUNCTION_ARGS)
{
	MemoryContext agg = AggContext(fcinfo, "vec_sum_inv");
	VecState   *s = PG_ARGISNULL(0) ? NULL : (VecState *) PG_GETARG_POINTER(0);
	PmArray		a;
	bool		ok;

	if (s == NULL)
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);
	PmArrayInit(&a, PG_GETARG_ARRAYTYPE_P(1), NUMERICOID, "a");
	if (s->nrows <= 0 || s->len != a.nitems || a.lbound < s->lbound)
		elog(ERROR, "vec_sum_inv: row was not aggregated");
	VecNumSumFlush(s);
	ok = VecNumSumRow(agg, s, &a, true);
	s->uniform = VecNumSumUniform(s);
	s->nrows--;
	if (a.lbound == s->lbound && --s->nminlb == 0 && s->nrows > 0)
		ok = false;
	if (!ok)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

/* Deep copy into aggcontext (combine with an empty left state). */
static VecState *
VecStateCopy(MemoryContext agg, const VecState *o)
{
	VecState   *s = VecStateNew(agg, o->kind, o->len, o->lbound);

	s->nrows = o->nrows;
	s->nminlb = o->nminlb;
	memcpy(s->pos, o->pos, VecPosSize(o->kind) * (Size) o->len);
	for (int i = 0; i < s->len; i++)
	{
		if (s->kind == VEC_NUM_SUM)
		{
			((AggSum *) s->pos)[i] = VecNumSumAt(o, i);
			AggSumCopySlow(agg, &((AggSum *) s->pos)[i]);
		}
		else if (s->kind == VEC_NUM_MIN || s->kind == VEC_NUM_MAX)
		{
			NumBest    *b = &((NumBest *) s->pos)[i];

			if (b->slow != NULL)
				b->slow = NumericCopyTo(agg, b->slow);
		}
	}
	return s;
}

PG_FUNCTION_INFO_V1(pricemath_vec_combine);
Datum
pricemath_vec_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = AggContext(fcinfo, "vec_combine");
	VecState   *s = PG_ARGISNULL(0) ? NULL : (VecState *) PG_GETARG_POINTER(0);
	VecState   *o = PG_ARGISNULL(1) ? NULL : (VecState *) PG_GETARG_POINTER(1);

	if (o == NULL || o->nrows == 0)
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	if (s == NULL || s->nrows == 0)
		PG_RETURN_POINTER(VecStateCopy(agg, o));
	if (s->kind != o->kind)
		elog(ERROR, "vec_combine: states of different kinds");
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
	if (s->kind == VEC_NUM_SUM)
		VecNumSumFlush(s);
	for (int i = 0; i < s->len; i++)
	{
		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
		switch (s->kind)
		{
			case VEC_NUM_SUM:
				{
					AggSum		ob = VecNumSumAt(o, i);

					AggSumMerge(agg, &((AggSum *) s->pos)[i], &ob);
					break;
				}
			case VEC_NUM_MIN:
			case VEC_NUM_MAX:
				{
					NumBest    *b = &((NumBest *) s->pos)[i];
					const NumBest *ob = &((NumBest *) o->pos)[i];
					int			sign = s->kind == VEC_NUM_MIN ? -1 : 1;
					Numeric		x,
								y;
					int			cmp;

					if (ob->count == 0)
						break;
					if (b->count == 0)
					{
						*b = *ob;
						if (b->slow != NULL)
							b->slow = NumericCopyTo(agg, b->slow);
						break;
					}
					b->count += ob->count;
					x = ob->slow != NULL ? ob->slow : PmDecToNumeric(&ob->d);
					y = b->slow != NULL ? b->slow : PmDecToNumeric(&b->d);
					cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(x),
															NumericGetDatum(y)));
					if (cmp * sign < 0 ||
						(cmp == 0 && PmNumericDscale((char *) x) <= PmNumericDscale((char *) y)))
						break;
					if (b->slow != NULL)
						pfree(b->slow);
					b->d = ob->d;
					b->slow = ob->slow != NULL ? NumericCopyTo(agg, ob->slow) : NULL;
					break;
				}
			case VEC_F8_SUM:
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
					int			sign = s->kind == VEC_F8_MIN ? -1 : 1;

					if (b->count > 0 && (a->count == 0 || F8Cmp(b->v, a->v) * sign > 0))
						a->v = b->v;
					a->count += b->count;
					break;
				}
		}
	}
	if (s->kind == VEC_NUM_SUM)
		s->uniform = VecNumSumUniform(s);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(pricemath_vec_serialize);
Datum
pricemath_vec_serialize(PG_FUNCTION_ARGS)
{
	VecState   *s = (VecState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	(void) AggContext(fcinfo, "vec_serialize");
	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->kind);
	pq_sendint32(&buf, s->len);
	pq_sendint32(&buf, s->lbound);
	pq_sendint64(&buf, s->nrows);
	pq_sendint64(&buf, s->nminlb);
	for (int i = 0; i < s->len; i++)
	{
		switch (s->kind)
		{
			case VEC_NUM_SUM:
				{
					AggSum		a = VecNumSumAt(s, i);

					AggSumSerialize(&buf, &a);
					break;
				}
			case VEC_NUM_MIN:
			case VEC_NUM_MAX:
				{
					NumBest    *b = &((NumBest *) s->pos)[i];
					AggSum		t;

					/* an AggSum carries the same value-or-numeric form */
					memset(&t, 0, sizeof(t));
					t.acc = b->d;
					t.slow = b->slow;
					t.count = b->count;
					t.st.nmax = b->count;
					AggSumSerialize(&buf, &t);
					break;
				}
			case VEC_F8_SUM:
				{
					F8Sum	   *a = &((F8Sum *) s->pos)[i];

					pq_sendfloat8(&buf, a->k.sum);
					pq_sendfloat8(&buf, a->k.comp);
					pq_sendint64(&buf, a->count);
					break;
				}
			default:
				{
					F8Best	   *a = &((F8Best *) s->pos)[i];

					pq_sendfloat8(&buf, a->v);
					pq_sendint64(&buf, a->count);
					break;
				}
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(pricemath_vec_deserialize);
Datum
pricemath_vec_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext agg = AggContext(fcinfo, "vec_deserialize");
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	VecState   *s;
	int			kind,
				len,
				lbound;

	ReadBuffer(&buf, b);
	kind = pq_getmsgint(&buf, 4);
	len = pq_getmsgint(&buf, 4);
	lbound = pq_getmsgint(&buf, 4);
	if (kind < VEC_NUM_SUM || kind > VEC_F8_MAX)
		CorruptState("The state has an unknown kind.");
	/* every position takes at least 16 bytes: no allocation beyond the input */
	if (len < 0 || len > (buf.len - buf.cursor) / 16)
		CorruptState("The array length does not match the state's size.");
	s = VecStateNew(agg, kind, len, lbound);
	s->nrows = pq_getmsgint64(&buf);
	s->nminlb = pq_getmsgint64(&buf);
	if (s->nrows < 0 || s->nminlb < 0 || s->nminlb > s->nrows || (s->nrows > 0) != (s->nminlb > 0))
		CorruptState("The state has invalid row counts.");
	for (int i = 0; i < len; i++)
	{
		int64		count;

		switch (kind)
		{
			case VEC_NUM_SUM:
				AggSumDeserialize(agg, &buf, &((AggSum *) s->pos)[i]);
				count = ((AggSum *) s->pos)[i].count;
				break;
			case VEC_NUM_MIN:
			case VEC_NUM_MAX:
				{
					NumBest    *nb = &((NumBest *) s->pos)[i];
					AggSum		t;

					AggSumDeserialize(agg, &buf, &t);
					nb->d = t.acc;
					nb->slow = t.slow;
					nb->count = count = t.count;
					break;
				}
			case VEC_F8_SUM:
				{
					F8Sum	   *a = &((F8Sum *) s->pos)[i];

					a->k.sum = pq_getmsgfloat8(&buf);
					a->k.comp = pq_getmsgfloat8(&buf);
					a->count = count = pq_getmsgint64(&buf);
					break;
				}
			default:
				{
					F8Best	   *a = &((F8Best *) s->pos)[i];

					a->v = pq_getmsgfloat8(&buf);
					a->count = count = pq_getmsgint64(&buf);
					if (!isfinite(a->v))
						CorruptState("A value is not finite.");
					break;
				}
		}
		if (count < 0 || count > s->nrows)
			CorruptState("A position has an invalid count.");
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(s);
}

/* A PmArray describing the result's shape, for the array builders. */
static void
VecShape(const VecState *s, PmArray *shape)
{
	memset(shape, 0, sizeof(*shape));
	shape->nitems = s->len;
	shape->lbound = s->lbound;
}

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
		int64		c = s->kind == VEC_NUM_SUM ? VecNumSumAt(s, i).count : ((NumBest *) s->pos)[i].count;

		if (c == 0)
			hasnulls = true;
	}
	PmNumBuilderInit(&b, &shape, hasnulls, (Size) s->len * 12);
	for (int i = 0; i < s->len; i++)
	{
		if ((i & (PM_INTERRUPT_STRIDE - 1)) == PM_INTERRUPT_STRIDE - 1)
			CHECK_FOR_INTERRUPTS();
		if (s->kind == VEC_NUM_SUM)
		{
			AggSum		at = VecNumSumAt(s, i);
			const AggSum *a = &at;

			if (a->count == 0)
				continue;
			if (avg)
				PmNumBuilderPutNumeric(&b, i, DatumGetNumeric(
											   DirectFunctionCall2(numeric_div, NumericGetDatum(AggSumValue(a)),
																   NumericGetDatum(int64_to_numeric(a->count)))));
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
		if ((s->kind == VEC_F8_SUM ? ((F8Sum *) s->pos)[i].count : ((F8Best *) s->pos)[i].count) > 0)
			nvalues++;
	r = PmFloat8ArrayCreate(&shape, nvalues < s->len, nvalues);
	out = (double *) ARR_DATA_PTR(r);
	bitmap = ARR_NULLBITMAP(r);
	for (int i = 0; i < s->len; i++)
	{
		double		v;

		if (s->kind == VEC_F8_SUM)
		{
			const F8Sum *a = &((F8Sum *) s->pos)[i];

			if (a->count == 0)
				continue;
			v = pm_ksum_result(&a->k);
			if (!isfinite(v))
				ResultOutOfRange();
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

static Datum
VecFinal(FunctionCallInfo fcinfo, bool avg)
{
	VecState   *s = PG_ARGISNULL(0) ? NULL : (VecState *) PG_GETARG_POINTER(0);

	(void) AggContext(fcinfo, "vec final function");
	if (s == NULL || s->nrows == 0)
		PG_RETURN_NULL();
	if (s->kind <= VEC_NUM_MAX)
		return VecNumFinal(s, avg);
	return VecF8Final(s, avg);
}

PG_FUNCTION_INFO_V1(pricemath_vec_sum_final);
Datum
pricemath_vec_sum_final(PG_FUNCTION_ARGS)
{
	return VecFinal(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pricemath_vec_avg_final);
Datum
pricemath_vec_avg_final(PG_FUNCTION_ARGS)
{
	return VecFinal(fcinfo, true);
}

PG_FUNCTION_INFO_V1(pricemath_vec_extreme_final);
Datum
pricemath_vec_extreme_final(PG_FUNCTION_ARGS)
{
	return VecFinal(fcinfo, false);
}

/* ================= weighted_avg and price indices ================= */

typedef enum IdxKind
{
	IDX_WAVG = 1,
	IDX_LASPEYRES,
	IDX_PAASCHE,
	IDX_FISHER,
	IDX_TORNQVIST,
	IDX_JEVONS,
	IDX_DUTOT,
	IDX_CARLI
} IdxKind;

/* Exact sums and double accumulators each kind keeps. */
static const struct
{
	int			nsums;
	int			nx;
} IdxLayout[] = {
	[IDX_WAVG] = {2, 0},		/* sum(v w), sum(w) */
	[IDX_LASPEYRES] = {2, 0},	/* sum(p1 q0), sum(p0 q0) */
	[IDX_PAASCHE] = {2, 0},		/* sum(p1 q1), sum(p0 q1) */
	[IDX_FISHER] = {4, 0},		/* both of the above */
	[IDX_TORNQVIST] = {2, 2},	/* sum(p0 q0), sum(p1 q1); sum(p0 q0 ln r), sum(p1 q1 ln r) */
	[IDX_JEVONS] = {0, 1},		/* sum(ln r) */
	[IDX_DUTOT] = {2, 0},		/* sum(p1), sum(p0) */
	[IDX_CARLI] = {0, 1},		/* sum(r) */
};

/*
 * The shape most values of one numeric argument share: the same 1-byte
 * varlena header (how heap tuples store short numerics) and numeric short
 * header, sign aside; hence the same size, digit count, weight and scale.  A
 * value of that shape decodes with fixed parameters, and when its last
 * base-10000 group pads zeros beyond the scale (the cents of 12.34 are the
 * group 3400) only that group is divided, by a 32-bit multiply.  Only a
 * hint, learnt from the last value that did not match; never serialized.
 */
typedef struct NumDatumShape
{
	uint32		key;			/* the datum's first 3 bytes, sign bit clear; 0: none */
	NumShapeParams p;
} NumDatumShape;

#define NUM_DATUM_SHAPE_MASK 0x00DFFFFFU
#define NUM_DATUM_SHAPE_NEG 0x00200000U

/*
 * numeric: exact sums and exact double accumulators; float8: compensated
 * sums in the same slots (sums first, then the accumulators).
 */
typedef struct IdxState
{
	int32		kind;
	bool		isnum;
	int64		n;				/* rows */
	AggSum		s[4];
	pm_ksum		k[4];
	NumDatumShape shape[4];		/* numeric arguments' shapes */
	pm_xacc		x[FLEXIBLE_ARRAY_MEMBER];
} IdxState;

static IdxState *
IdxStateNew(MemoryContext agg, int kind, bool isnum)
{
	int			nx = isnum ? IdxLayout[kind].nx : 0;
	IdxState   *s = MemoryContextAllocZero(agg, offsetof(IdxState, x) + nx * sizeof(pm_xacc));

	s->kind = kind;
	s->isnum = isnum;
	return s;
}

static inline IdxState *
IdxStateGet(FunctionCallInfo fcinfo, MemoryContext agg, int kind, bool isnum)
{
	IdxState   *s;

	if (PG_ARGISNULL(0))
		return IdxStateNew(agg, kind, isnum);
	s = (IdxState *) PG_GETARG_POINTER(0);
	if (s->kind != kind || s->isnum != isnum)
		elog(ERROR, "pricemath: aggregate state of kind %d used for kind %d", s->kind, kind);
	return s;
}

static const char *const IdxArgNames[] = {"p0", "p1", "q0", "q1"};

/*
 * One numeric row for kind; args are p0, p1 and then the quantities (or
 * value, weight for weighted_avg).  Returns false when an inverse step
 * cannot be taken exactly (weighted_avg's display scale).
 */
static bool
IdxNumRow(MemoryContext agg, IdxState *s, NumArg *a, bool subtract)
{
	bool		ok = true;
	double		r,
				lr;

	switch (s->kind)
	{
		case IDX_WAVG:
			AggSumApplyProduct(agg, &s->s[0], &a[0], &a[1], subtract, &ok);
			if (!subtract)
				AggSumAddArg(agg, &s->s[1], &a[1]);
			else if (!AggSumSubArg(agg, &s->s[1], &a[1]))
				ok = false;
			break;
		case IDX_LASPEYRES:
		case IDX_PAASCHE:
			AggSumApplyProduct(agg, &s->s[0], &a[1], &a[2], subtract, NULL);
			AggSumApplyProduct(agg, &s->s[1], &a[0], &a[2], subtract, NULL);
			break;
		case IDX_FISHER:
			AggSumApplyProduct(agg, &s->s[0], &a[1], &a[2], subtract, NULL);
			AggSumApplyProduct(agg, &s->s[1], &a[0], &a[2], subtract, NULL);
			AggSumApplyProduct(agg, &s->s[2], &a[1], &a[3], subtract, NULL);
			AggSumApplyProduct(agg, &s->s[3], &a[0], &a[3], subtract, NULL);
			break;
		case IDX_TORNQVIST:
			{
				NumArg		w0,
							w1;
				pm_dec		d0,
							d1;

				AggSumApplyProduct(agg, &s->s[0], &a[0], &a[2], subtract, NULL);
				AggSumApplyProduct(agg, &s->s[1], &a[1], &a[3], subtract, NULL);
				lr = log(NumArgRatio(&a[1], &a[0]));
				/* expenditures as doubles, rounded once from their exact value */
				w0.kind = w1.kind = PM_NUM_SLOW;
				if (a[0].kind == PM_NUM_FAST && a[2].kind == PM_NUM_FAST && pm_dec_mul(&a[0].d, &a[2].d, &d0) == PM_OK)
				{
					w0.kind = PM_NUM_FAST;
					w0.d = d0;
				}
				if (w0.kind != PM_NUM_FAST || pm_dec_to_double(&w0.d, &r) != PM_OK)
					r = NumericRatioToFloat8(DatumGetNumeric(DirectFunctionCall2(numeric_mul, PointerGetDatum(a[0].p), PointerGetDatum(a[2].p))),
											 int64_to_numeric(1));
				pm_xacc_add(&s->x[0], subtract ? -(r * lr) : r * lr);
				if (a[1].kind == PM_NUM_FAST && a[3].kind == PM_NUM_FAST && pm_dec_mul(&a[1].d, &a[3].d, &d1) == PM_OK)
				{
					w1.kind = PM_NUM_FAST;
					w1.d = d1;
				}
				if (w1.kind != PM_NUM_FAST || pm_dec_to_double(&w1.d, &r) != PM_OK)
					r = NumericRatioToFloat8(DatumGetNumeric(DirectFunctionCall2(numeric_mul, PointerGetDatum(a[1].p), PointerGetDatum(a[3].p))),
											 int64_to_numeric(1));
				pm_xacc_add(&s->x[1], subtract ? -(r * lr) : r * lr);
				break;
			}
		case IDX_JEVONS:
			lr = log(NumArgRatio(&a[1], &a[0]));
			pm_xacc_add(&s->x[0], subtract ? -lr : lr);
			break;
		case IDX_DUTOT:
			if (!subtract)
			{
				AggSumAddArg(agg, &s->s[0], &a[1]);
				AggSumAddArg(agg, &s->s[1], &a[0]);
			}
			else
			{
				(void) AggSumSubArg(agg, &s->s[0], &a[1]);
				(void) AggSumSubArg(agg, &s->s[1], &a[0]);
			}
			break;
		case IDX_CARLI:
			r = NumArgRatio(&a[1], &a[0]);
			pm_xacc_add(&s->x[0], subtract ? -r : r);
			break;
	}
	s->n += subtract ? -1 : 1;
	return ok;
}

/* Decode and check the row's arguments; false when one is NULL (row skipped). */
static bool
IdxNumArgs(FunctionCallInfo fcinfo, int kind, NumArg *a, int nargs)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i + 1))
			return false;
	for (int i = 0; i < nargs; i++)
	{
		const char *name = kind == IDX_WAVG ? (i == 0 ? "value" : "weight") :
			(nargs == 3 && i == 2 && kind == IDX_PAASCHE) ? "q1" : IdxArgNames[i];

		NumArgDecode(&a[i], PG_GETARG_DATUM(i + 1), name);
		if (kind == IDX_WAVG)
		{
			if (i == 1)
				NumArgCheckMin(&a[i], "weight", name, true);
		}
		else if (i < 2)
			NumArgCheckMin(&a[i], "price", name, false);
		else
			NumArgCheckMin(&a[i], "quantity", name, true);
	}
	return true;
}

/* Learn the shape of datum p, if it can have one (else leave shape as it is). */
static pg_noinline void
NumDatumShapeLearn(NumDatumShape *shape, const char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	Size		size;
	uint32		head;

	if (!VARATT_IS_1B(p) || VARATT_IS_1B_E(p))
		return;
	size = VARSIZE_1B(p);
	if (!NumShapeParse(p + VARHDRSZ_SHORT, size - VARHDRSZ_SHORT, &shape->p))
		return;
	/* at least 5 bytes */
	memcpy(&head, p, sizeof(head));
	shape->key = head & NUM_DATUM_SHAPE_MASK;
#endif
}

/*
 * n (at most 4) base-10000 groups at digits (any alignment) as the lanes of
 * one word, the most significant in the lowest, unused lanes zero.  Built in
 * registers: a narrower store read back as a word would stall
 * store-to-load forwarding.
 */
static pg_attribute_always_inline uint64
NumGroupsRead(const char *digits, int n)
{
	uint32		lo;

	switch (n)
	{
		case 4:
			{
				uint64		w;

				memcpy(&w, digits, sizeof(w));
				return w;
			}
		case 3:
			memcpy(&lo, digits, sizeof(lo));
			return lo | (uint64) PmReadU16(digits + sizeof(lo)) << 32;
		case 2:
			memcpy(&lo, digits, sizeof(lo));
			return lo;
		case 1:
			return PmReadU16(digits);
		default:
			return 0;
	}
}

/*
 * Datum p's value, if it has shape's shape; false: take the general path.
 * The same checks and the same value as NumDatumDecode64.
 */
static pg_attribute_always_inline bool
NumDatumShapeDecode(const NumDatumShape *shape, const char *p, pm_dec64 *d)
{
	const char *digits = p + VARHDRSZ_SHORT + sizeof(uint16);
	int			n = shape->p.ndigits;
	uint32		head;
	uint64		w,
				acc;

	/* the size byte first: a match means at least 5 bytes to read */
	if ((uint8) p[0] != (uint8) shape->key)
		return false;
	memcpy(&head, p, sizeof(head));
	if ((head & NUM_DATUM_SHAPE_MASK) != shape->key)
		return false;
	w = NumGroupsRead(digits, n);
	if (!pm_groups4_valid(w))
		return false;
	/* (one or two groups, the common prices, skip the general combination) */
	if (shape->p.k == 0)
	{
		acc = n == 1 ? w : pm_groups4_value(w << (16 * (4 - n)));
		if (acc > shape->p.limit)
			return false;
		acc *= shape->p.factor;
	}
	else
	{
		/* only zero padding may lie beyond the scale: divide the last group alone */
		uint32		last = (uint32) (w >> (16 * (n - 1))) & 0xFFFF;
		uint32		q = pm_group_div_pow10(last, shape->p.k);

		if (q * shape->p.kpow != last)
			return false;
		if (n == 1)
			acc = q;
		else
			acc = (n == 2 ? (w & 0xFFFF) : pm_groups4_value(w << (16 * (5 - n)))) * shape->p.factor + q;
	}
	d->coef = (head & NUM_DATUM_SHAPE_NEG) != 0 ? -(int64) acc : (int64) acc;
	d->scale = shape->p.scale;
	return true;
}

/*
 * A scalar numeric datum (any varlena header, any alignment: heap tuples
 * keep short-header values unaligned) in the 64-bit lane; false: use
 * NumArgDecode, which gives the same value or the error.
 */
static pg_attribute_always_inline bool
NumDatumDecode64(Datum v, pm_dec64 *d)
{
	const char *p = DatumGetPointer(v);
	const char *data;
	Size		len;
	uint16		hdr;
	uint64		w;
	int			weight,
				ndigits;

	if (likely(VARATT_IS_1B(p)))
	{
		if (unlikely(VARATT_IS_1B_E(p)))
			return false;
		data = p + VARHDRSZ_SHORT;
		len = VARSIZE_1B(p) - VARHDRSZ_SHORT;
	}
	else
	{
		if (unlikely(!VARATT_IS_4B_U(p)))
			return false;
		data = p + VARHDRSZ;
		len = VARSIZE_4B(p) - VARHDRSZ;
	}
	/* the short header form with at most four groups */
	if (unlikely(len < sizeof(uint16) || len > sizeof(uint16) + sizeof(w)))
		return false;
	hdr = PmReadU16(data);
	if (unlikely((hdr & PMN_SIGN_MASK) != PMN_SHORT))
		return false;
	weight = (int) (hdr & PMN_SHORT_WEIGHT_MASK) -
		((hdr & PMN_SHORT_WEIGHT_SIGN_MASK) ? PMN_SHORT_WEIGHT_MASK + 1 : 0);
	ndigits = (int) ((len - sizeof(uint16)) / sizeof(int16));
	w = NumGroupsRead(data + sizeof(uint16), ndigits);
	return pm_dec64_from_base10000_4((hdr & PMN_SHORT_SIGN_MASK) != 0, weight,
									 (hdr & PMN_SHORT_DSCALE_MASK) >> PMN_SHORT_DSCALE_SHIFT,
									 (const int16_t *) &w, ndigits, d);
}

/* Argument i's datum v outside its shape: learn v's shape, then NumDatumDecode64. */
static pg_noinline bool
IdxArgDecodeOther(IdxState *s, int i, Datum v, pm_dec64 *d)
{
	NumDatumShapeLearn(&s->shape[i], DatumGetPointer(v));
	return NumDatumDecode64(v, d);
}

/* Argument i's datum v in the 64-bit lane; false: use NumArgDecode. */
static pg_attribute_always_inline bool
IdxArgDecode64(IdxState *s, int i, Datum v, pm_dec64 *d)
{
	if (likely(NumDatumShapeDecode(&s->shape[i], DatumGetPointer(v), d)))
		return true;
	return IdxArgDecodeOther(s, i, v, d);
}

/* AggSumAddScaled when the fast lane refused: out of line, the aggregate context fetched here. */
static pg_noinline void
AggSumAddScaledSlow(FunctionCallInfo fcinfo, AggSum *s, pm_i128 v, int32 scale)
{
	AggSumAddScaled(AggContext(fcinfo, "pricemath index transition"), s, v, scale);
}

static pg_attribute_always_inline void
AggSumAddScaledFc(FunctionCallInfo fcinfo, AggSum *s, pm_i128 v, int32 scale)
{
	if (unlikely(!AggSumAddFast(s, v, scale)))
		AggSumAddScaledSlow(fcinfo, s, v, scale);
}

/*
 * The common row of weighted_avg, laspeyres and paasche over an existing
 * state: no NULL, every argument decodes to an int64 and passes its bound,
 * so each product is an exact int128 and goes straight into its sum.
 * false, having changed nothing, for any other row: IdxNumAccum then gives
 * the same sums or the same error.  Scales come from short headers (at
 * most 63), so no sum of two exceeds PM_MAX_SCALE.
 *
 * The state is only ever made by IdxNumAccum, under AggCheckCallContext;
 * an internal argument cannot come from SQL, so the check is not repeated
 * per row here.
 */
static pg_attribute_always_inline bool
IdxNumRowFast(FunctionCallInfo fcinfo, int kind, int nargs)
{
	IdxState   *s;
	pm_dec64	a,
				b,
				c;

	if (unlikely(PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
				 (nargs > 2 && PG_ARGISNULL(3))))
		return false;
	s = (IdxState *) PG_GETARG_POINTER(0);
	if (unlikely(s->kind != kind || !s->isnum))
		return false;
	if (!IdxArgDecode64(s, 0, PG_GETARG_DATUM(1), &a) || !IdxArgDecode64(s, 1, PG_GETARG_DATUM(2), &b))
		return false;
	if (kind == IDX_WAVG)
	{
		/* value, weight >= 0: sum(v w), sum(w) */
		if (unlikely(b.coef < 0))
			return false;
		AggSumAddScaledFc(fcinfo, &s->s[0], (pm_i128) a.coef * b.coef, a.scale + b.scale);
		AggSumAddScaledFc(fcinfo, &s->s[1], b.coef, b.scale);
		s->n++;
		return true;
	}
	/* p0 > 0, p1 > 0, q >= 0: sum(p1 q), sum(p0 q) */
	if (!IdxArgDecode64(s, 2, PG_GETARG_DATUM(3), &c) ||
		unlikely(a.coef <= 0 || b.coef <= 0 || c.coef < 0))
		return false;
	AggSumAddScaledFc(fcinfo, &s->s[0], (pm_i128) b.coef * c.coef, b.scale + c.scale);
	AggSumAddScaledFc(fcinfo, &s->s[1], (pm_i128) a.coef * c.coef, a.scale + c.scale);
	s->n++;
	return true;
}

static pg_noinline Datum
IdxNumAccum(FunctionCallInfo fcinfo, int kind, int nargs, bool subtract)
{
	MemoryContext agg = AggContext(fcinfo, "pricemath index transition");
	IdxState   *s;
	NumArg		a[4];

	if (subtract && PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = IdxStateGet(fcinfo, agg, kind, true);
	if (!IdxNumArgs(fcinfo, kind, a, nargs))
		PG_RETURN_POINTER(s);
	if (!IdxNumRow(agg, s, a, subtract))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

/*
 * The common float8 row of weighted_avg, laspeyres and paasche over an
 * existing state: no NULL and every argument finite and within its bound,
 * checked inline.  false, having changed nothing, otherwise: IdxF8Accum then
 * reports the same error.  The sums are the very same operations as there.
 * (As for IdxNumRowFast, the state was made under AggCheckCallContext.)
 */
static pg_attribute_always_inline bool
IdxF8RowFast(FunctionCallInfo fcinfo, int kind, int nargs)
{
	IdxState   *s;
	double		a,
				b,
				c;

	if (unlikely(PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
				 (nargs > 2 && PG_ARGISNULL(3))))
		return false;
	s = (IdxState *) PG_GETARG_POINTER(0);
	if (unlikely(s->kind != kind || s->isnum))
		return false;
	a = PG_GETARG_FLOAT8(1);
	b = PG_GETARG_FLOAT8(2);
	if (kind == IDX_WAVG)
	{
		/* value finite, weight in [0, DBL_MAX]; NaN fails every comparison */
		if (unlikely(!(a >= -DBL_MAX && a <= DBL_MAX && b >= 0 && b <= DBL_MAX)))
			return false;
		pm_ksum_add(&s->k[0], a * b);
		pm_ksum_add(&s->k[1], b);
		s->n++;
		return true;
	}
	c = PG_GETARG_FLOAT8(3);
	if (unlikely(!(a > 0 && a <= DBL_MAX && b > 0 && b <= DBL_MAX && c >= 0 && c <= DBL_MAX)))
		return false;
	pm_ksum_add(&s->k[0], b * c);
	pm_ksum_add(&s->k[1], a * c);
	s->n++;
	return true;
}

static pg_noinline Datum
IdxF8Accum(FunctionCallInfo fcinfo, int kind, int nargs)
{
	MemoryContext agg = AggContext(fcinfo, "pricemath index transition");
	IdxState   *s = IdxStateGet(fcinfo, agg, kind, false);
	double		p0,
				p1,
				q0,
				q1,
				lr;

	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i + 1))
			PG_RETURN_POINTER(s);
	p0 = PG_GETARG_FLOAT8(1);
	p1 = PG_GETARG_FLOAT8(2);
	q0 = nargs > 2 ? PG_GETARG_FLOAT8(3) : 0;
	q1 = nargs > 3 ? PG_GETARG_FLOAT8(4) : 0;
	if (kind == IDX_WAVG)
	{
		PmCheckFloat8Finite(p0, "value", PM_NO_INDEX);
		Float8CheckMin(p1, "weight", "weight", true);
		pm_ksum_add(&s->k[0], p0 * p1);
		pm_ksum_add(&s->k[1], p1);
		s->n++;
		PG_RETURN_POINTER(s);
	}
	Float8CheckMin(p0, "price", "p0", false);
	Float8CheckMin(p1, "price", "p1", false);
	if (nargs > 2)
		Float8CheckMin(q0, "quantity", kind == IDX_PAASCHE ? "q1" : "q0", true);
	if (nargs > 3)
		Float8CheckMin(q1, "quantity", "q1", true);
	switch (kind)
	{
		case IDX_LASPEYRES:
		case IDX_PAASCHE:
			pm_ksum_add(&s->k[0], p1 * q0);
			pm_ksum_add(&s->k[1], p0 * q0);
			break;
		case IDX_FISHER:
			pm_ksum_add(&s->k[0], p1 * q0);
			pm_ksum_add(&s->k[1], p0 * q0);
			pm_ksum_add(&s->k[2], p1 * q1);
			pm_ksum_add(&s->k[3], p0 * q1);
			break;
		case IDX_TORNQVIST:
			lr = log(p1 / p0);
			pm_ksum_add(&s->k[0], p0 * q0);
			pm_ksum_add(&s->k[1], p1 * q1);
			pm_ksum_add(&s->k[2], p0 * q0 * lr);
			pm_ksum_add(&s->k[3], p1 * q1 * lr);
			break;
		case IDX_JEVONS:
			pm_ksum_add(&s->k[0], log(p1 / p0));
			break;
		case IDX_DUTOT:
			pm_ksum_add(&s->k[0], p1);
			pm_ksum_add(&s->k[1], p0);
			break;
		case IDX_CARLI:
			pm_ksum_add(&s->k[0], p1 / p0);
			break;
	}
	s->n++;
	PG_RETURN_POINTER(s);
}

#define IDX_ACCUM(name, kind, nargs) \
PG_FUNCTION_INFO_V1(pricemath_##name##_accum_numeric); \
Datum \
pricemath_##name##_accum_numeric(PG_FUNCTION_ARGS) \
{ \
	if ((kind == IDX_WAVG || kind == IDX_LASPEYRES || kind == IDX_PAASCHE) && \
		likely(IdxNumRowFast(fcinfo, kind, nargs))) \
		PG_RETURN_POINTER(PG_GETARG_POINTER(0)); \
	return IdxNumAccum(fcinfo, kind, nargs, false); \
} \
PG_FUNCTION_INFO_V1(pricemath_##name##_inv_numeric); \
Datum \
pricemath_##name##_inv_numeric(PG_FUNCTION_ARGS) \
{ \
	return IdxNumAccum(fcinfo, kind, nargs, true); \
} \
PG_FUNCTION_INFO_V1(pricemath_##name##_accum_float8); \
Datum \
pricemath_##name##_accum_float8(PG_FUNCTION_ARGS) \
{ \
	if ((kind == IDX_WAVG || kind == IDX_LASPEYRES || kind == IDX_PAASCHE) && \
		likely(IdxF8RowFast(fcinfo, kind, nargs))) \
		PG_RETURN_POINTER(PG_GETARG_POINTER(0)); \
	return IdxF8Accum(fcinfo, kind, nargs); \
}

IDX_ACCUM(weighted_avg, IDX_WAVG, 2)
IDX_ACCUM(laspeyres, IDX_LASPEYRES, 3)
IDX_ACCUM(paasche, IDX_PAASCHE, 3)
IDX_ACCUM(fisher, IDX_FISHER, 4)
IDX_ACCUM(tornqvist, IDX_TORNQVIST, 4)
IDX_ACCUM(jevons, IDX_JEVONS, 2)
IDX_ACCUM(dutot, IDX_DUTOT, 2)
IDX_ACCUM(carli, IDX_CARLI, 2)

/*
 * The numeric aggregates over integer arguments (int2, int4 or int8
 * throughout): each row's integers become numeric and take the numeric
 * path, so an aggregate over integer constants or columns resolves to the
 * exact numeric flavour instead of float8 (README "Type resolution").
 */
#define IDX_INT(name, mask) \
PM_INT_OVERLOADS(pricemath_##name##_accum_numeric, mask) \
PM_INT_OVERLOADS(pricemath_##name##_inv_numeric, mask)

#define IDX_ARGS2 (PM_ARG(1) | PM_ARG(2))
#define IDX_ARGS3 (IDX_ARGS2 | PM_ARG(3))
#define IDX_ARGS4 (IDX_ARGS3 | PM_ARG(4))

IDX_INT(weighted_avg, IDX_ARGS2)
IDX_INT(laspeyres, IDX_ARGS3)
IDX_INT(paasche, IDX_ARGS3)
IDX_INT(fisher, IDX_ARGS4)
IDX_INT(tornqvist, IDX_ARGS4)
IDX_INT(jevons, IDX_ARGS2)
IDX_INT(dutot, IDX_ARGS2)
IDX_INT(carli, IDX_ARGS2)

PG_FUNCTION_INFO_V1(pricemath_idx_combine);
Datum
pricemath_idx_combine(PG_FUNCTION_ARGS)
{
	MemoryContext agg = AggContext(fcinfo, "idx_combine");
	IdxState   *s = PG_ARGISNULL(0) ? NULL : (IdxState *) PG_GETARG_POINTER(0);
	IdxState   *o = PG_ARGISNULL(1) ? NULL : (IdxState *) PG_GETARG_POINTER(1);
	int			nsums,
				nx;

	if (o == NULL)
	{
		if (s == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s);
	}
	if (s == NULL)
		s = IdxStateNew(agg, o->kind, o->isnum);
	if (s->kind != o->kind || s->isnum != o->isnum)
		elog(ERROR, "idx_combine: states of different kinds");
	nsums = IdxLayout[s->kind].nsums;
	nx = IdxLayout[s->kind].nx;
	s->n += o->n;
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
			AggSumMerge(agg, &s->s[i], &o->s[i]);
		for (int i = 0; i < nx; i++)
			pm_xacc_merge(&s->x[i], &o->x[i]);
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			pm_ksum_merge(&s->k[i], &o->k[i]);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(pricemath_idx_serialize);
Datum
pricemath_idx_serialize(PG_FUNCTION_ARGS)
{
	IdxState   *s = (IdxState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			nsums = IdxLayout[s->kind].nsums,
				nx = IdxLayout[s->kind].nx;

	(void) AggContext(fcinfo, "idx_serialize");
	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->kind);
	pq_sendbyte(&buf, s->isnum);
	pq_sendint64(&buf, s->n);
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
			AggSumSerialize(&buf, &s->s[i]);
		for (int i = 0; i < nx; i++)
		{
			pm_xacc		t = s->x[i];

			pm_xacc_normalize(&t);
			for (int j = 0; j < PM_XACC_LIMBS; j++)
				pq_sendint64(&buf, t.limb[j]);
		}
	}
	else
		for (int i = 0; i < nsums + nx; i++)
		{
			pq_sendfloat8(&buf, s->k[i].sum);
			pq_sendfloat8(&buf, s->k[i].comp);
		}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(pricemath_idx_deserialize);
Datum
pricemath_idx_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext agg = AggContext(fcinfo, "idx_deserialize");
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	IdxState   *s;
	int			kind,
				isnum,
				nsums,
				nx;

	ReadBuffer(&buf, b);
	kind = pq_getmsgint(&buf, 4);
	isnum = pq_getmsgbyte(&buf);
	if (kind < IDX_WAVG || kind > IDX_CARLI || (isnum != 0 && isnum != 1))
		CorruptState("The state has an unknown kind.");
	s = IdxStateNew(agg, kind, isnum);
	s->n = pq_getmsgint64(&buf);
	if (s->n < 0)
		CorruptState("The state has a negative row count.");
	nsums = IdxLayout[kind].nsums;
	nx = IdxLayout[kind].nx;
	if (isnum)
	{
		for (int i = 0; i < nsums; i++)
		{
			AggSumDeserialize(agg, &buf, &s->s[i]);
			if (s->s[i].count != s->n)
				CorruptState("A sum's count differs from the row count.");
		}
		for (int i = 0; i < nx; i++)
		{
			for (int j = 0; j < PM_XACC_LIMBS; j++)
				s->x[i].limb[j] = pq_getmsgint64(&buf);
			if (!pm_xacc_valid(&s->x[i]))
				CorruptState("An accumulator is not normalized.");
		}
	}
	else
		for (int i = 0; i < nsums + nx; i++)
		{
			s->k[i].sum = pq_getmsgfloat8(&buf);
			s->k[i].comp = pq_getmsgfloat8(&buf);
		}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(s);
}

static double
XaccValue(const pm_xacc *x)
{
	double		d;

	if (pm_xacc_result(x, &d) != PM_OK)
		ResultOutOfRange();
	return d;
}

static double
KsumDen(const pm_ksum *k)
{
	double		d = pm_ksum_result(k);

	if (d == 0)
		DivisionByZero("The denominator is zero.");
	return CheckResult(d);
}

static void
AggSumDen(const AggSum *s)
{
	if (AggSumSign(s) == 0)
		DivisionByZero("The denominator is zero.");
}

/* Final value of a price index (float8); NULL after zero rows. */
PG_FUNCTION_INFO_V1(pricemath_index_final);
Datum
pricemath_index_final(PG_FUNCTION_ARGS)
{
	IdxState   *s = PG_ARGISNULL(0) ? NULL : (IdxState *) PG_GETARG_POINTER(0);
	double		r = 0;

	(void) AggContext(fcinfo, "index final function");
	if (s == NULL || s->n == 0)
		PG_RETURN_NULL();
	if (s->isnum)
	{
		switch (s->kind)
		{
			case IDX_LASPEYRES:
			case IDX_PAASCHE:
			case IDX_DUTOT:
				AggSumDen(&s->s[1]);
				r = AggSumRatio(&s->s[0], &s->s[1]);
				break;
			case IDX_FISHER:
				AggSumDen(&s->s[1]);
				AggSumDen(&s->s[3]);
				r = sqrt(AggSumRatio(&s->s[0], &s->s[1]) * AggSumRatio(&s->s[2], &s->s[3]));
				break;
			case IDX_TORNQVIST:
				{
					AggSum		one;
					double		e0,
								e1;

					AggSumDen(&s->s[0]);
					AggSumDen(&s->s[1]);
					memset(&one, 0, sizeof(one));
					one.acc.coef = 1;
					e0 = AggSumRatio(&s->s[0], &one);
					e1 = AggSumRatio(&s->s[1], &one);
					r = exp(0.5 * (XaccValue(&s->x[0]) / e0 + XaccValue(&s->x[1]) / e1));
					break;
				}
			case IDX_JEVONS:
				r = exp(XaccValue(&s->x[0]) / (double) s->n);
				break;
			case IDX_CARLI:
				r = XaccValue(&s->x[0]) / (double) s->n;
				break;
			default:
				elog(ERROR, "index_final: unexpected kind %d", s->kind);
		}
	}
	else
	{
		const pm_ksum *k = s->k;

		switch (s->kind)
		{
			case IDX_LASPEYRES:
			case IDX_PAASCHE:
			case IDX_DUTOT:
				r = CheckResult(pm_ksum_result(&k[0])) / KsumDen(&k[1]);
				break;
			case IDX_FISHER:
				r = sqrt((CheckResult(pm_ksum_result(&k[0])) / KsumDen(&k[1])) *
						 (CheckResult(pm_ksum_result(&k[2])) / KsumDen(&k[3])));
				break;
			case IDX_TORNQVIST:
				r = exp(0.5 * (CheckResult(pm_ksum_result(&k[2])) / KsumDen(&k[0]) +
							   CheckResult(pm_ksum_result(&k[3])) / KsumDen(&k[1])));
				break;
			case IDX_JEVONS:
				r = exp(CheckResult(pm_ksum_result(&k[0])) / (double) s->n);
				break;
			case IDX_CARLI:
				r = CheckResult(pm_ksum_result(&k[0])) / (double) s->n;
				break;
			default:
				elog(ERROR, "index_final: unexpected kind %d", s->kind);
		}
	}
	PG_RETURN_FLOAT8(CheckResult(r));
}

/* weighted_avg: numeric sum(v w) / sum(w) with numeric_div's scale, or float8. */
PG_FUNCTION_INFO_V1(pricemath_weighted_avg_final);
Datum
pricemath_weighted_avg_final(PG_FUNCTION_ARGS)
{
	IdxState   *s = PG_ARGISNULL(0) ? NULL : (IdxState *) PG_GETARG_POINTER(0);

	(void) AggContext(fcinfo, "weighted_avg final function");
	if (s == NULL || s->n == 0)
		PG_RETURN_NULL();
	if (s->kind != IDX_WAVG)
		elog(ERROR, "weighted_avg_final: unexpected kind %d", s->kind);
	if (s->isnum)
	{
		if (AggSumSign(&s->s[1]) == 0)
			DivisionByZero("The weights sum to zero.");
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, NumericGetDatum(AggSumValue(&s->s[0])),
											NumericGetDatum(AggSumValue(&s->s[1]))));
	}
	if (pm_ksum_result(&s->k[1]) == 0)
		DivisionByZero("The weights sum to zero.");
	PG_RETURN_FLOAT8(CheckResult(CheckResult(pm_ksum_result(&s->k[0])) / CheckResult(pm_ksum_result(&s->k[1]))));
}
