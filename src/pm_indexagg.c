/*
 * pm_indexagg.c: weighted_avg and the price indices (laspeyres, paasche,
 * fisher, tornqvist, jevons, dutot, carli) as aggregates over numeric and float8.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "utils/builtins.h"
#include "utils/float.h"

#include "core/pm_float.h"
#include "pm_aggsum.h"

/*
 * ---- numeric shape decoders ----
 *
 * Scalar numeric arguments, decoded in the 64-bit lane, and the shapes they
 * learn (see the section of that name in pm_aggsum.h).
 */

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
	PmNumShapeParams p;			/* how its digit groups become the coefficient */
} NumDatumShape;

/*
 * The shape key of a datum: its first 4 bytes as a little-endian word,
 * keeping the 1-byte varlena header and the numeric header word but its
 * sign (see PM_NUM_SHAPE_MASK).  12.34 in a heap tuple is 7 bytes, 0F | 00
 * 81 | 0C 00 48 0D: varlena header (7 << 1 | 1), header word 0x8100 (short,
 * dscale 2, weight 0), groups {12, 3400}.  Its head is 0x0C81_000F and its
 * key 0x0081_000F (the mask 0x00DF_FFFF); -12.34 (0xA100) has the same key,
 * its sign in NUM_DATUM_SHAPE_NEG, 0x0020_0000.
 */
#define NUM_DATUM_SHAPE_MASK PM_NUM_SHAPE_MASK(uint32, VARHDRSZ_SHORT)
#define NUM_DATUM_SHAPE_NEG PM_NUM_SHAPE_NEG(uint32, VARHDRSZ_SHORT)

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
	if (!PmNumShapeParse(p + VARHDRSZ_SHORT, size - VARHDRSZ_SHORT, &shape->p))
		return;
	/* at least 5 bytes */
	memcpy(&head, p, sizeof(head));
	shape->key = head & NUM_DATUM_SHAPE_MASK;
#endif
}

/*
 * Datum p's value, if it has shape's shape; false: take the general path.
 * The same checks and the same value as NumDatumDecode64.
 */
static pg_attribute_always_inline bool
NumDatumShapeDecode(const NumDatumShape *shape, const char *p, pm_dec64 *d)
{
	const char *digits = pm_numfmt_short_digits(p + VARHDRSZ_SHORT);
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
	w = pm_numfmt_groups_word(digits, n);
	if (!pm_groups4_valid(w))
		return false;
	/* (one or two groups, the common prices, skip the general combination) */
	if (shape->p.k == 0)
	{
		acc = n == 1 ? w : pm_groups4_value(w << (PM_NUMFMT_GROUP_BITS * (PM_NUMFMT_WORD_GROUPS - n)));
		if (acc > shape->p.limit)
			return false;
		acc *= shape->p.factor;
	}
	else
	{
		/* only zero padding may lie beyond the scale: divide the last group alone */
		uint32		last = pm_numfmt_word_group(w, n - 1);
		uint32		q = pm_group_div_pow10(last, shape->p.k);

		if (q * shape->p.kpow != last)
			return false;
		if (n == 1)
			acc = q;
		else
			acc = (n == 2 ? pm_numfmt_word_group(w, 0) :
				   pm_groups4_value(w << (PM_NUMFMT_GROUP_BITS * (PM_NUMFMT_WORD_GROUPS + 1 - n)))) *
				shape->p.factor + q;
	}
	d->coef = (head & NUM_DATUM_SHAPE_NEG) != 0 ? -(int64) acc : (int64) acc;
	d->scale = shape->p.scale;
	return true;
}

/*
 * A scalar numeric datum (any varlena header, any alignment: heap tuples
 * keep short-header values unaligned) in the 64-bit lane; false: use
 * PmNumArgInit, which gives the same value or the error.
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
	if (unlikely(len < PM_NUMFMT_SHORT_HDRSZ || len > PM_NUMFMT_SHORT_HDRSZ + sizeof(w)))
		return false;
	hdr = pm_numfmt_header(data);
	if (unlikely(!pm_numfmt_is_short(hdr)))
		return false;
	weight = pm_numfmt_short_weight(hdr);
	ndigits = pm_numfmt_short_ndigits(len);
	w = pm_numfmt_groups_word(pm_numfmt_short_digits(data), ndigits);
	return pm_dec64_from_base10000_4(pm_numfmt_short_neg(hdr), weight, pm_numfmt_short_dscale(hdr),
									 (const int16_t *) &w, ndigits, d);
}

/* ---- states ---- */

/*
 * numeric: exact sums and exact double accumulators; float8: compensated
 * sums in the same slots (sums first, then the accumulators).
 */
typedef struct IdxState
{
	PmAggState	hdr;			/* the expanded object (pm_aggstate.h) */
	int32		kind;			/* a pm_idx_kind (core/pm_statefmt.h) */
	bool		isnum;			/* numeric arguments (else float8) */
	int64		n;				/* rows aggregated (rows with a NULL argument are not) */
	union
	{
		PmAggSum	s[4];		/* numeric: the kind's exact sums */
		pm_ksum		k[4];		/* float8: the kind's sums, then its accumulators */
	};							/* one or the other: a state per group stays small */
	NumDatumShape shape[4];		/* numeric: the learnt shape of each argument, by
								 * position (the fast rows use the first three) */
	pm_xacc		x[FLEXIBLE_ARRAY_MEMBER];	/* numeric: the kind's exact double
											 * accumulators (none for float8) */
} IdxState;

static const PmAggStateFamily IdxFamily;

/* The memory context of s's parts. */
static inline MemoryContext
IdxCxt(const IdxState *s)
{
	return PmAggStateContext(&s->hdr);
}

/* A new empty state of kind under parent. */
static IdxState *
IdxStateNew(MemoryContext parent, int kind, bool isnum)
{
	int			nx = isnum ? pm_statefmt_idx_layout[kind].nx : 0;
	IdxState   *s = (IdxState *) PmAggStateNew(parent, &IdxFamily, offsetof(IdxState, x) + nx * sizeof(pm_xacc), 0);

	s->kind = kind;
	s->isnum = isnum;
	return s;
}

/* A state of another aggregate than the function's (possible from SQL only). */
static pg_noinline void
IdxWrongKind(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("index_state belongs to another aggregate"),
			 errdetail("An index_state is read only by the support functions of the aggregate that made it.")));
}

/* The state argument to change (in place when it is a read-write state), or a new one on the first row. */
static inline IdxState *
IdxStateGet(FunctionCallInfo fcinfo, int kind, bool isnum)
{
	IdxState   *s;

	if (PG_ARGISNULL(0))
		return IdxStateNew(PmAggStateParent(fcinfo), kind, isnum);
	s = (IdxState *) PmAggStateArgForUpdate(fcinfo, 0, &IdxFamily);
	if (s->kind != kind || s->isnum != isnum)
		IdxWrongKind();
	return s;
}

/* ---- ratios and argument checks ---- */

/* 2^k (k >= 0) in PostgreSQL's numeric. */
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
	int			sa = PmNumericSign(a),
				sb = PmNumericSign(b);
	Datum		A,
				B,
				est;
	Numeric		lo = NumericPow2(55),
				hi = NumericPow2(57);
	int			k;

	if (sb == 0)
		PmReportDivZeroDetail("The denominator is zero.");
	if (sa == 0)
		return 0.0;
	A = DirectFunctionCall1(numeric_abs, NumericGetDatum(a));
	B = DirectFunctionCall1(numeric_abs, NumericGetDatum(b));
	est = DirectFunctionCall2(numeric_sub, DirectFunctionCall1(numeric_ln, A),
							  DirectFunctionCall1(numeric_ln, B));
	k = 55 - (int) floor(DatumGetFloat8(DirectFunctionCall1(numeric_float8, est)) / M_LN2);
	if (k < -1100 || k > 1200)
		PmResultOutOfRange();
	for (int tries = 0; tries < 8; tries++)
	{
		Datum		X = k >= 0 ? DirectFunctionCall2(numeric_mul, A, NumericGetDatum(NumericPow2(k))) : A;
		Datum		Y = k >= 0 ? B : DirectFunctionCall2(numeric_mul, B, NumericGetDatum(NumericPow2(-k)));
		Datum		q = DirectFunctionCall2(numeric_div_trunc, X, Y);
		Datum		r;
		double		d;

		if (PmNumericCmp(DatumGetNumeric(q), lo) < 0)
		{
			k++;
			continue;
		}
		if (PmNumericCmp(DatumGetNumeric(q), hi) >= 0)
		{
			k--;
			continue;
		}
		r = DirectFunctionCall2(numeric_sub, X, DirectFunctionCall2(numeric_mul, q, Y));
		d = pm_round_to_double((uint64) DatumGetInt64(DirectFunctionCall1(numeric_int8, q)),
							   PmNumericSign(DatumGetNumeric(r)) != 0, -k);
		if (!isfinite(d) || d < DBL_MIN)
			PmResultOutOfRange();
		return (sa < 0) != (sb < 0) ? -d : d;
	}
	elog(ERROR, "ratio estimate did not converge");
	return 0.0;					/* keep compiler quiet */
}

/* The double nearest n / d of two exact sums; d must be nonzero. */
static double
AggSumRatio(const PmAggSum *n, const PmAggSum *d)
{
	double		r;

	if (n->slow == NULL && d->slow == NULL)
	{
		pm_status	st = pm_dec_ratio(&n->acc, &d->acc, &r);

		if (st == PM_OK)
			return r;
		if (st == PM_DIV_ZERO)
			PmReportDivZeroDetail("The denominator is zero.");
	}
	return NumericRatioToFloat8(PmAggSumValue(n), PmAggSumValue(d));
}

/* The double nearest p1 / p0 (both positive). */
static double
NumArgRatio(const PmNumArg *p1, const PmNumArg *p0)
{
	double		r;

	if (p1->kind == PM_NUM_FAST && p0->kind == PM_NUM_FAST && pm_dec_ratio(&p1->d, &p0->d, &r) == PM_OK)
		return r;
	return NumericRatioToFloat8(PmNumArgNumeric(p1), PmNumArgNumeric(p0));
}

/* The double nearest a * b (an expenditure), rounded once from the exact product. */
static double
NumArgProductToFloat8(const PmNumArg *a, const PmNumArg *b)
{
	pm_dec		d;
	double		r;

	if (a->kind == PM_NUM_FAST && b->kind == PM_NUM_FAST && pm_dec_mul(&a->d, &b->d, &d) == PM_OK &&
		pm_dec_to_double(&d, &r) == PM_OK)
		return r;
	return NumericRatioToFloat8(DatumGetNumeric(DirectFunctionCall2(numeric_mul, PointerGetDatum(a->p),
																	PointerGetDatum(b->p))),
								int64_to_numeric(1));
}

/* A price not above zero, or a quantity or weight below it. */
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
NumArgCheckMin(const PmNumArg *a, const char *what, const char *argname, bool zero_ok)
{
	int			s = PmNumArgSign(a);

	if (s > 0 || (s == 0 && zero_ok))
		return;
	ReportBelowMin(what, argname, PmNumericText(PmNumArgNumeric(a)), zero_ok);
}

/* NumArgCheckMin for float8 arguments, which must also be finite. */
static inline void
Float8CheckMin(double v, const char *what, const char *argname, bool zero_ok)
{
	PmCheckFloat8Finite(v, argname, PM_NO_INDEX);
	if (v > 0 || (v == 0 && zero_ok))
		return;
	ReportBelowMin(what, argname, float8out_internal(v), zero_ok);
}

/* ---- numeric rows ---- */

static const char *const IdxArgNames[] = {"p0", "p1", "q0", "q1"};

/*
 * One numeric row for kind; args are p0, p1 and then the quantities (or
 * value, weight for weighted_avg).  Returns false when an inverse step
 * cannot be taken exactly (weighted_avg's display scale).
 */
static bool
IdxNumRow(MemoryContext agg, IdxState *s, PmNumArg *a, bool subtract)
{
	bool		ok = true;
	double		r,
				lr;

	switch (s->kind)
	{
		case PM_IDX_WAVG:
			PmAggSumApplyProduct(agg, &s->s[0], &a[0], &a[1], subtract, &ok);
			if (!subtract)
				PmAggSumAddArg(agg, &s->s[1], &a[1]);
			else if (!PmAggSumSubArg(agg, &s->s[1], &a[1]))
				ok = false;
			break;
		case PM_IDX_LASPEYRES:
		case PM_IDX_PAASCHE:
			PmAggSumApplyProduct(agg, &s->s[0], &a[1], &a[2], subtract, NULL);
			PmAggSumApplyProduct(agg, &s->s[1], &a[0], &a[2], subtract, NULL);
			break;
		case PM_IDX_FISHER:
			PmAggSumApplyProduct(agg, &s->s[0], &a[1], &a[2], subtract, NULL);
			PmAggSumApplyProduct(agg, &s->s[1], &a[0], &a[2], subtract, NULL);
			PmAggSumApplyProduct(agg, &s->s[2], &a[1], &a[3], subtract, NULL);
			PmAggSumApplyProduct(agg, &s->s[3], &a[0], &a[3], subtract, NULL);
			break;
		case PM_IDX_TORNQVIST:
			PmAggSumApplyProduct(agg, &s->s[0], &a[0], &a[2], subtract, NULL);
			PmAggSumApplyProduct(agg, &s->s[1], &a[1], &a[3], subtract, NULL);
			lr = log(NumArgRatio(&a[1], &a[0]));
			r = NumArgProductToFloat8(&a[0], &a[2]);
			pm_xacc_add(&s->x[0], subtract ? -(r * lr) : r * lr);
			r = NumArgProductToFloat8(&a[1], &a[3]);
			pm_xacc_add(&s->x[1], subtract ? -(r * lr) : r * lr);
			break;
		case PM_IDX_JEVONS:
			lr = log(NumArgRatio(&a[1], &a[0]));
			pm_xacc_add(&s->x[0], subtract ? -lr : lr);
			break;
		case PM_IDX_DUTOT:
			if (!subtract)
			{
				PmAggSumAddArg(agg, &s->s[0], &a[1]);
				PmAggSumAddArg(agg, &s->s[1], &a[0]);
			}
			else
			{
				(void) PmAggSumSubArg(agg, &s->s[0], &a[1]);
				(void) PmAggSumSubArg(agg, &s->s[1], &a[0]);
			}
			break;
		case PM_IDX_CARLI:
			r = NumArgRatio(&a[1], &a[0]);
			pm_xacc_add(&s->x[0], subtract ? -r : r);
			break;
	}
	s->n += subtract ? -1 : 1;
	return ok;
}

/* Decode and check the row's arguments; false when one is NULL (row skipped). */
static bool
IdxNumArgs(FunctionCallInfo fcinfo, int kind, PmNumArg *a, int nargs)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i + 1))
			return false;
	for (int i = 0; i < nargs; i++)
	{
		const char *name = kind == PM_IDX_WAVG ? (i == 0 ? "value" : "weight") :
			(nargs == 3 && i == 2 && kind == PM_IDX_PAASCHE) ? "q1" : IdxArgNames[i];

		PmNumArgInit(&a[i], (const char *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(i + 1)), name,
					 PM_NO_INDEX);
		if (kind == PM_IDX_WAVG)
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

/* Argument i's datum v outside its shape: learn v's shape, then NumDatumDecode64. */
static pg_noinline bool
IdxArgDecodeOther(IdxState *s, int i, Datum v, pm_dec64 *d)
{
	NumDatumShapeLearn(&s->shape[i], DatumGetPointer(v));
	return NumDatumDecode64(v, d);
}

/* Argument i's datum v in the 64-bit lane; false: take the general path (IdxNumAccum). */
static pg_attribute_always_inline bool
IdxArgDecode64(IdxState *s, int i, Datum v, pm_dec64 *d)
{
	if (likely(NumDatumShapeDecode(&s->shape[i], DatumGetPointer(v), d)))
		return true;
	return IdxArgDecodeOther(s, i, v, d);
}

/* PmAggSumAddScaled when the fast lane refused: out of line. */
static pg_noinline void
AggSumAddScaledSlow(const IdxState *st, PmAggSum *s, pm_i128 v, int32 scale)
{
	PmAggSumAddScaled(IdxCxt(st), s, v, scale);
}

/* PmAggSumAddScaled on a sum of state st, the general path out of line. */
static pg_attribute_always_inline void
AggSumAddScaledFc(const IdxState *st, PmAggSum *s, pm_i128 v, int32 scale)
{
	if (unlikely(!PmAggSumAddFast(s, v, scale)))
		AggSumAddScaledSlow(st, s, v, scale);
}

/*
 * Whether a row can take the fast lane (IdxNumRowFast, IdxF8RowFast): a
 * read-write state *s of kind and isnum, to change in place, and no NULL
 * argument.
 */
static pg_attribute_always_inline bool
IdxFastRowState(FunctionCallInfo fcinfo, int kind, int nargs, bool isnum, IdxState **s)
{
	if (unlikely(PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
				 (nargs > 2 && PG_ARGISNULL(3))))
		return false;
	*s = (IdxState *) PmAggStateRW(fcinfo, 0, &IdxFamily);
	if (unlikely(*s == NULL || (*s)->kind != kind || (*s)->isnum != isnum))
		return false;
	return true;
}

/*
 * The common row of weighted_avg, laspeyres and paasche over an existing
 * state: no NULL, every argument decodes to an int64 and passes its bound,
 * so each product is an exact int128 and goes straight into its sum.
 * false, having changed nothing, for any other row: IdxNumAccum then gives
 * the same sums or the same error.  Scales come from short headers (at
 * most 63), so no sum of two exceeds PM_MAX_SCALE.
 */
static pg_attribute_always_inline bool
IdxNumRowFast(FunctionCallInfo fcinfo, int kind, int nargs)
{
	IdxState   *s;
	pm_dec64	a,
				b,
				c;

	if (!IdxFastRowState(fcinfo, kind, nargs, true, &s))
		return false;
	if (!IdxArgDecode64(s, 0, PG_GETARG_DATUM(1), &a) || !IdxArgDecode64(s, 1, PG_GETARG_DATUM(2), &b))
		return false;
	if (kind == PM_IDX_WAVG)
	{
		/* value, weight >= 0: sum(v w), sum(w) */
		if (unlikely(b.coef < 0))
			return false;
		AggSumAddScaledFc(s, &s->s[0], (pm_i128) a.coef * b.coef, a.scale + b.scale);
		AggSumAddScaledFc(s, &s->s[1], b.coef, b.scale);
		s->n++;
		return true;
	}
	/* p0 > 0, p1 > 0, q >= 0: sum(p1 q), sum(p0 q) */
	if (!IdxArgDecode64(s, 2, PG_GETARG_DATUM(3), &c) ||
		unlikely(a.coef <= 0 || b.coef <= 0 || c.coef < 0))
		return false;
	AggSumAddScaledFc(s, &s->s[0], (pm_i128) b.coef * c.coef, b.scale + c.scale);
	AggSumAddScaledFc(s, &s->s[1], (pm_i128) a.coef * c.coef, a.scale + c.scale);
	s->n++;
	return true;
}

/* The general numeric transition (or inverse transition) of kind. */
static pg_noinline Datum
IdxNumAccum(FunctionCallInfo fcinfo, int kind, int nargs, bool subtract)
{
	IdxState   *s;
	PmNumArg	a[4];

	if (subtract && PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = IdxStateGet(fcinfo, kind, true);
	if (!IdxNumArgs(fcinfo, kind, a, nargs))
		PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
	if (!IdxNumRow(IdxCxt(s), s, a, subtract))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

/*
 * The common float8 row of weighted_avg, laspeyres and paasche over an
 * existing state: no NULL and every argument finite and within its bound,
 * checked inline.  false, having changed nothing, otherwise: IdxF8Accum then
 * reports the same error.  The sums are the very same operations as there.
 */
static pg_attribute_always_inline bool
IdxF8RowFast(FunctionCallInfo fcinfo, int kind, int nargs)
{
	IdxState   *s;
	double		a,
				b,
				c;

	if (!IdxFastRowState(fcinfo, kind, nargs, false, &s))
		return false;
	a = PG_GETARG_FLOAT8(1);
	b = PG_GETARG_FLOAT8(2);
	if (kind == PM_IDX_WAVG)
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

/* The general float8 transition of kind. */
static pg_noinline Datum
IdxF8Accum(FunctionCallInfo fcinfo, int kind, int nargs)
{
	IdxState   *s = IdxStateGet(fcinfo, kind, false);
	double		p0,
				p1,
				q0,
				q1,
				lr;

	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i + 1))
			PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
	p0 = PG_GETARG_FLOAT8(1);
	p1 = PG_GETARG_FLOAT8(2);
	q0 = nargs > 2 ? PG_GETARG_FLOAT8(3) : 0;
	q1 = nargs > 3 ? PG_GETARG_FLOAT8(4) : 0;
	if (kind == PM_IDX_WAVG)
	{
		PmCheckFloat8Finite(p0, "value", PM_NO_INDEX);
		Float8CheckMin(p1, "weight", "weight", true);
		pm_ksum_add(&s->k[0], p0 * p1);
		pm_ksum_add(&s->k[1], p1);
		s->n++;
		PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
	}
	Float8CheckMin(p0, "price", "p0", false);
	Float8CheckMin(p1, "price", "p1", false);
	if (nargs > 2)
		Float8CheckMin(q0, "quantity", kind == PM_IDX_PAASCHE ? "q1" : "q0", true);
	if (nargs > 3)
		Float8CheckMin(q1, "quantity", "q1", true);
	switch (kind)
	{
		case PM_IDX_LASPEYRES:
		case PM_IDX_PAASCHE:
			pm_ksum_add(&s->k[0], p1 * q0);
			pm_ksum_add(&s->k[1], p0 * q0);
			break;
		case PM_IDX_FISHER:
			pm_ksum_add(&s->k[0], p1 * q0);
			pm_ksum_add(&s->k[1], p0 * q0);
			pm_ksum_add(&s->k[2], p1 * q1);
			pm_ksum_add(&s->k[3], p0 * q1);
			break;
		case PM_IDX_TORNQVIST:
			lr = log(p1 / p0);
			pm_ksum_add(&s->k[0], p0 * q0);
			pm_ksum_add(&s->k[1], p1 * q1);
			pm_ksum_add(&s->k[2], p0 * q0 * lr);
			pm_ksum_add(&s->k[3], p1 * q1 * lr);
			break;
		case PM_IDX_JEVONS:
			pm_ksum_add(&s->k[0], log(p1 / p0));
			break;
		case PM_IDX_DUTOT:
			pm_ksum_add(&s->k[0], p1);
			pm_ksum_add(&s->k[1], p0);
			break;
		case PM_IDX_CARLI:
			pm_ksum_add(&s->k[0], p1 / p0);
			break;
	}
	s->n++;
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

#define IDX_ACCUM(name, kind, nargs) \
PG_FUNCTION_INFO_V1(pricemath_##name##_accum_numeric); \
Datum \
pricemath_##name##_accum_numeric(PG_FUNCTION_ARGS) \
{ \
	if ((kind == PM_IDX_WAVG || kind == PM_IDX_LASPEYRES || kind == PM_IDX_PAASCHE) && \
		likely(IdxNumRowFast(fcinfo, kind, nargs))) \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
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
	if ((kind == PM_IDX_WAVG || kind == PM_IDX_LASPEYRES || kind == PM_IDX_PAASCHE) && \
		likely(IdxF8RowFast(fcinfo, kind, nargs))) \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	return IdxF8Accum(fcinfo, kind, nargs); \
}

IDX_ACCUM(weighted_avg, PM_IDX_WAVG, 2)
IDX_ACCUM(laspeyres, PM_IDX_LASPEYRES, 3)
IDX_ACCUM(paasche, PM_IDX_PAASCHE, 3)
IDX_ACCUM(fisher, PM_IDX_FISHER, 4)
IDX_ACCUM(tornqvist, PM_IDX_TORNQVIST, 4)
IDX_ACCUM(jevons, PM_IDX_JEVONS, 2)
IDX_ACCUM(dutot, PM_IDX_DUTOT, 2)
IDX_ACCUM(carli, PM_IDX_CARLI, 2)

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
	const IdxState *o = PG_ARGISNULL(1) ? NULL : (const IdxState *) PmAggStateArgForRead(fcinfo, 1, &IdxFamily);
	IdxState   *s;
	int			nsums,
				nx;

	if (o == NULL)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PmAggStateDatum(PmAggStateCopy(&o->hdr, PmAggStateParent(fcinfo))));
	s = (IdxState *) PmAggStateArgForUpdate(fcinfo, 0, &IdxFamily);
	if (s->kind != o->kind || s->isnum != o->isnum)
		IdxWrongKind();
	nsums = pm_statefmt_idx_layout[s->kind].nsums;
	nx = pm_statefmt_idx_layout[s->kind].nx;
	s->n += o->n;
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
			PmAggSumMerge(IdxCxt(s), &s->s[i], &o->s[i]);
		for (int i = 0; i < nx; i++)
			pm_xacc_merge(&s->x[i], &o->x[i]);
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			pm_ksum_merge(&s->k[i], &o->k[i]);
	PG_RETURN_DATUM(PmAggStateDatum(&s->hdr));
}

/*
 * ---- the flat form (pricemath.index_state): core/pm_statefmt.h's ----
 *
 * kind, isnum, rows; numeric: the kind's exact sums and exact double
 * accumulators (normalized); float8: its compensated sums and
 * accumulators.  The learnt shapes are hints and not written.
 */
static void
IdxWrite(StringInfo buf, const PmAggState *hdr)
{
	const IdxState *s = (const IdxState *) hdr;
	int			nsums = pm_statefmt_idx_layout[s->kind].nsums,
				nx = pm_statefmt_idx_layout[s->kind].nx;
	pm_statefmt_idx d;

	memset(&d, 0, sizeof(d));
	d.kind = s->kind;
	d.isnum = s->isnum;
	d.n = s->n;
	if (s->isnum)
	{
		for (int i = 0; i < nsums; i++)
			PmAggSumToState(&d.s[i], &s->s[i]);
		for (int i = 0; i < nx; i++)
		{
			d.x[i] = s->x[i];
			pm_xacc_normalize(&d.x[i]);
		}
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			d.k[i] = s->k[i];
	PmStateAdvance(buf, pm_statefmt_idx_put(PmStateRoom(buf, pm_statefmt_idx_size(&d)), &d));
}

/*
 * A state read back from its flat form, decoded and checked whole by the
 * core (a known kind, a row count each exact sum shares, normalized
 * accumulators) before anything is allocated.
 */
static PmAggState *
IdxRead(const char *data, int len, MemoryContext parent)
{
	pm_statefmt_idx d;
	IdxState   *s;
	int			nsums,
				nx;

	PmStateCheck(pm_statefmt_idx_decode(data, len, &d));
	s = IdxStateNew(parent, d.kind, d.isnum);
	s->n = d.n;
	nsums = pm_statefmt_idx_layout[d.kind].nsums;
	nx = pm_statefmt_idx_layout[d.kind].nx;
	if (d.isnum)
	{
		for (int i = 0; i < nsums; i++)
			PmAggSumFromState(&s->s[i], &d.s[i], IdxCxt(s));
		for (int i = 0; i < nx; i++)
			s->x[i] = d.x[i];
	}
	else
		for (int i = 0; i < nsums + nx; i++)
			s->k[i] = d.k[i];
	return &s->hdr;
}

static const PmAggStateFamily IdxFamily = {PM_AGGSTATE_METHODS, "index_state", IdxWrite, IdxRead};

PM_AGGSTATE_SQL_FUNCS(index_state, idx, &IdxFamily)

/* An exact accumulator's double; beyond float8 is an error. */
static double
XaccValue(const pm_xacc *x)
{
	double		d;

	if (pm_xacc_result(x, &d) != PM_OK)
		PmResultOutOfRange();
	return d;
}

/* A compensated sum used as a denominator: finite and nonzero. */
static double
KsumDen(const pm_ksum *k)
{
	double		d = pm_ksum_result(k);

	if (d == 0)
		PmReportDivZeroDetail("The denominator is zero.");
	return PmCheckResult(d);
}

/* An exact sum used as a denominator must be nonzero. */
static void
AggSumDen(const PmAggSum *s)
{
	if (PmAggSumSign(s) == 0)
		PmReportDivZeroDetail("The denominator is zero.");
}

/*
 * Final value of a price index (float8); NULL after zero rows.  kind: the
 * index of the function's SQL name, or 0 for any (the 0.1.0 and 0.2.0
 * function on internal states, which SQL cannot make).
 */
static Datum
IdxFinal(FunctionCallInfo fcinfo, int kind)
{
	const IdxState *s;
	double		r = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (const IdxState *) PmAggStateArgForRead(fcinfo, 0, &IdxFamily);
	if ((kind != 0 && s->kind != kind) || s->kind == PM_IDX_WAVG)
		IdxWrongKind();
	if (s->n == 0)
		PG_RETURN_NULL();
	if (s->isnum)
	{
		switch (s->kind)
		{
			case PM_IDX_LASPEYRES:
			case PM_IDX_PAASCHE:
			case PM_IDX_DUTOT:
				AggSumDen(&s->s[1]);
				r = AggSumRatio(&s->s[0], &s->s[1]);
				break;
			case PM_IDX_FISHER:
				AggSumDen(&s->s[1]);
				AggSumDen(&s->s[3]);
				r = sqrt(AggSumRatio(&s->s[0], &s->s[1]) * AggSumRatio(&s->s[2], &s->s[3]));
				break;
			case PM_IDX_TORNQVIST:
				{
					PmAggSum	one;
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
			case PM_IDX_JEVONS:
				r = exp(XaccValue(&s->x[0]) / (double) s->n);
				break;
			case PM_IDX_CARLI:
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
			case PM_IDX_LASPEYRES:
			case PM_IDX_PAASCHE:
			case PM_IDX_DUTOT:
				r = PmCheckResult(pm_ksum_result(&k[0])) / KsumDen(&k[1]);
				break;
			case PM_IDX_FISHER:
				r = sqrt((PmCheckResult(pm_ksum_result(&k[0])) / KsumDen(&k[1])) *
						 (PmCheckResult(pm_ksum_result(&k[2])) / KsumDen(&k[3])));
				break;
			case PM_IDX_TORNQVIST:
				r = exp(0.5 * (PmCheckResult(pm_ksum_result(&k[2])) / KsumDen(&k[0]) +
							   PmCheckResult(pm_ksum_result(&k[3])) / KsumDen(&k[1])));
				break;
			case PM_IDX_JEVONS:
				r = exp(PmCheckResult(pm_ksum_result(&k[0])) / (double) s->n);
				break;
			case PM_IDX_CARLI:
				r = PmCheckResult(pm_ksum_result(&k[0])) / (double) s->n;
				break;
			default:
				elog(ERROR, "index_final: unexpected kind %d", s->kind);
		}
	}
	PG_RETURN_FLOAT8(PmCheckResult(r));
}

PM_SQL_FUNC(pricemath_laspeyres_final, IdxFinal(fcinfo, PM_IDX_LASPEYRES))
PM_SQL_FUNC(pricemath_paasche_final, IdxFinal(fcinfo, PM_IDX_PAASCHE))
PM_SQL_FUNC(pricemath_fisher_final, IdxFinal(fcinfo, PM_IDX_FISHER))
PM_SQL_FUNC(pricemath_tornqvist_final, IdxFinal(fcinfo, PM_IDX_TORNQVIST))
PM_SQL_FUNC(pricemath_jevons_final, IdxFinal(fcinfo, PM_IDX_JEVONS))
PM_SQL_FUNC(pricemath_dutot_final, IdxFinal(fcinfo, PM_IDX_DUTOT))
PM_SQL_FUNC(pricemath_carli_final, IdxFinal(fcinfo, PM_IDX_CARLI))
/* the 0.1.0 and 0.2.0 catalog's final function of every index */
PM_SQL_FUNC(pricemath_index_final, IdxFinal(fcinfo, 0))

/*
 * weighted_avg: numeric sum(v w) / sum(w) with numeric_div's scale, or
 * float8.  isnum: the flavour of the function's SQL signature (1 numeric, 0
 * float8), or -1 for either (the 0.1.0 and 0.2.0 function).
 */
static Datum
WavgFinal(FunctionCallInfo fcinfo, int isnum)
{
	const IdxState *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (const IdxState *) PmAggStateArgForRead(fcinfo, 0, &IdxFamily);
	if (s->kind != PM_IDX_WAVG || (isnum >= 0 && (isnum != 0) != s->isnum))
		IdxWrongKind();
	if (s->n == 0)
		PG_RETURN_NULL();
	if (s->isnum)
		PG_RETURN_DATUM(PmAggSumWeightedAvg(&s->s[0], &s->s[1]));
	if (pm_ksum_result(&s->k[1]) == 0)
		PmReportDivZeroDetail("The weights sum to zero.");
	PG_RETURN_FLOAT8(PmCheckResult(PmCheckResult(pm_ksum_result(&s->k[0])) / PmCheckResult(pm_ksum_result(&s->k[1]))));
}

PM_SQL_FUNC(pricemath_weighted_avg_final_numeric, WavgFinal(fcinfo, 1))
PM_SQL_FUNC(pricemath_weighted_avg_final_float8, WavgFinal(fcinfo, 0))
/* the 0.1.0 and 0.2.0 catalog's final function */
PM_SQL_FUNC(pricemath_weighted_avg_final, WavgFinal(fcinfo, -1))
