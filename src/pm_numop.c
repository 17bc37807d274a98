/*
 * pm_numop.c: the element-wise numeric[] operation engine: each element
 * through the 64-bit lane, the int128 core, or PostgreSQL's exact numeric.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "pm_numop.h"

/* a op b in the core's 128-bit form; PM_OVERFLOW sends the element to SlowOp. */
static inline pm_status
FastOp(const PmOpArgs *o, const pm_dec *a, const pm_dec *b, pm_dec *r)
{
	switch (o->op)
	{
		case PMOP_ADD:
			return pm_dec_add(a, b, r);
		case PMOP_SUB:
			return pm_dec_sub(a, b, r);
		case PMOP_MUL:
			return pm_dec_mul(a, b, r);
		case PMOP_DIV:
			return pm_dec_div_round(a, b, o->places, o->mode, r);
		case PMOP_ROUND:
			return pm_dec_round(a, o->places, o->mode, r);
		case PMOP_ROUND_TO:
			return pm_dec_round_to(a, b, o->mode, r);
		case PMOP_MUL_ROUND:
			{
				pm_dec		p;
				pm_status	st = pm_dec_mul(a, b, &p);

				return st == PM_OK ? pm_dec_round(&p, o->places, o->mode, r) : st;
			}
	}
	return PM_INVALID;
}

/*
 * a op b in PostgreSQL's numeric: exact for any finite value.  Mode
 * unnecessary and an inexact result: NULL, and *inexact set, for the caller
 * to report with the element (as the fast lanes' PM_INEXACT).
 */
static Numeric
SlowOp(const PmOpArgs *o, Numeric a, Numeric b, bool *inexact)
{
	Numeric		q;

	*inexact = false;
	switch (o->op)
	{
		case PMOP_ADD:
			return PmNumericAdd(a, b);
		case PMOP_SUB:
			return PmNumericSub(a, b);
		case PMOP_MUL:
			return PmNumericMul(a, b);
		case PMOP_DIV:
			return PmNumericDivRoundChecked(a, b, o->places, o->mode, inexact);
		case PMOP_ROUND:
			return PmNumericDivRoundChecked(a, int64_to_numeric(1), o->places, o->mode, inexact);
		case PMOP_ROUND_TO:
			q = PmNumericDivRoundChecked(a, b, 0, o->mode, inexact);
			return q == NULL ? NULL : PmNumericMul(q, b);
		case PMOP_MUL_ROUND:
			return PmNumericDivRoundChecked(PmNumericMul(a, b), int64_to_numeric(1), o->places, o->mode, inexact);
	}
	elog(ERROR, "unknown pricemath operation %d", (int) o->op);
	return NULL;
}

/*
 * Mode "unnecessary" met an inexact result for the element value of arr.
 * Out of line, as it was before it shared PmReportInexact: the element
 * path then carries only the call.
 */
static pg_noinline void
ReportInexact(const PmOpArgs *o, Numeric value, const PmArray *arr, int subscript)
{
	PmReportInexact(o->op == PMOP_DIV ? PM_INEXACT_QUOTIENT : PM_INEXACT_VALUE, PmNumericText(value),
					o->places, arr, subscript);
}

/* Whether a decoded divisor is zero, from its core form when it has one. */
static inline bool
NumericIsZero(PmNumKind kind, const pm_dec *d, Numeric n)
{
	if (kind == PM_NUM_FAST)
		return d->coef == 0;
	return PmNumericSign(n) == 0;
}

void
PmCheckIncrement(Numeric inc)
{
	if (PmNumericSign(inc) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("increment must be greater than zero"),
				 errdetail("Value \"%s\" is not allowed.", PmNumericText(inc))));
}

/* FastOp in the 64-bit lane; PM_OVERFLOW sends the element to FastOp. */
static pg_attribute_always_inline pm_status
FastOp64(PmOp op, const PmOpArgs *o, const pm_dec64 *a, const pm_dec64 *b, pm_dec64 *r)
{
	switch (op)
	{
		case PMOP_ADD:
			return pm_dec64_add_sub(a, b, false, r);
		case PMOP_SUB:
			return pm_dec64_add_sub(a, b, true, r);
		case PMOP_MUL:
			return pm_dec64_mul(a, b, r);
		case PMOP_ROUND:
			return pm_dec64_round(a, o->places, o->mode, r);
		case PMOP_MUL_ROUND:
			{
				pm_dec64	p;
				pm_status	st = pm_dec64_mul(a, b, &p);

				return st == PM_OK ? pm_dec64_round(&p, o->places, o->mode, r) : st;
			}
		default:
			return PM_OVERFLOW;	/* divisions take the 128-bit path */
	}
}

/*
 * Decode one element (or scalar): into the 64-bit lane when it fits (*is64),
 * else into the core's 128-bit form or, beyond that, PM_NUM_SLOW.
 */
static pg_attribute_always_inline PmNumKind
DecodeElem(const char *p, const char *end, pm_dec64 *d64, bool *is64, pm_dec *d)
{
	if (likely(PmNumericDecode64(p, end, d64)))
	{
		*is64 = true;
		return PM_NUM_FAST;
	}
	*is64 = false;
	return PmNumericDecode(p, d);
}

/* One PmNumericArrayOp call: its arguments, decoded b and result. */
typedef struct NumOpState
{
	const PmOpArgs *o;			/* the operation */
	const char *aname;			/* SQL names of a and b, for messages */
	const char *bname;
	PmArray		a;				/* the array a */
	PmArray		b;				/* the array b, when barray */
	bool		barray;			/* b is an array (else a scalar or none) */
	const char *aend;			/* ends of the arrays' data, for word reads */
	const char *bend;
	Numeric		bscalar;		/* scalar b, or NULL */
	PmNumKind	kb;				/* scalar b, decoded: its kind, */
	pm_dec		bd;				/* its 128-bit form (also when it is in the lane), */
	pm_dec64	b64;			/* and its 64-bit form, */
	bool		bis64;			/* which holds it (or there is no b) */
	bool		isdiv;			/* b is a divisor: DIV or ROUND_TO */
	PmNumBuilder out;			/* the result */
	MemoryContext slowcxt;		/* for the numeric fallback, made on first use */
} NumOpState;

/*
 * A lane's status other than PM_OK for element i (datum ap): the error it
 * means, or for PM_OVERFLOW a return, to try the next wider path.
 */
static inline void
ElemCheckStatus(const NumOpState *s, int i, const char *ap, pm_status st)
{
	if (st == PM_INEXACT)
		ReportInexact(s->o, DatumGetNumeric(PointerGetDatum(ap)), &s->a, s->a.lbound + i);
	if (st != PM_OVERFLOW)
		PmReportStatus(st, "pricemath");
}

/*
 * Element i, a op b, through every path: the 64-bit lane, the int128 core
 * and PostgreSQL's numeric, with every check and error.  ap and bp are the
 * elements' datums (bp the scalar b, or NULL for round); both non-NULL
 * elements.
 */
static void
NumericElem(NumOpState *s, int i, const char *ap, const char *bp)
{
	const PmOpArgs *o = s->o;
	pm_dec		ad,
				bd = s->bd,
				rd;
	pm_dec64	a64 = {0},
				b64 = s->b64,
				r64;
	bool		ais64,
				bis64 = s->bis64;
	PmNumKind	ka,
				kb = s->kb;
	pm_status	st;

	ka = DecodeElem(ap, s->aend, &a64, &ais64, &ad);
	if (unlikely(ka != PM_NUM_FAST))
		PmCheckNumericElem(ka, &s->a, i);
	if (s->barray)
	{
		if (bp == NULL)
			elog(ERROR, "pricemath: array b has no element %d", i);
		kb = DecodeElem(bp, s->bend, &b64, &bis64, &bd);
		if (unlikely(kb != PM_NUM_FAST))
			PmCheckNumericElem(kb, &s->b, i);
		if (s->isdiv && (bis64 ? b64.coef == 0 :
						 NumericIsZero(kb, &bd, DatumGetNumeric(PointerGetDatum(bp)))))
			PmReportDivZero(s->bname, &s->b, s->b.lbound + i);
	}

	if (likely(ais64 && bis64))
	{
		st = FastOp64(o->op, o, &a64, &b64, &r64);
		if (likely(st == PM_OK))
		{
			PmNumBuilderPutDec64(&s->out, i, &r64);
			return;
		}
		ElemCheckStatus(s, i, ap, st);
	}
	/* wider than 64 bits: the 128-bit core */
	if (ais64)
		pm_dec64_to_dec(&a64, &ad);
	if (s->barray && bis64)
		pm_dec64_to_dec(&b64, &bd);

	if (likely(ka == PM_NUM_FAST && kb == PM_NUM_FAST))
	{
		st = FastOp(o, &ad, &bd, &rd);
		if (likely(st == PM_OK))
		{
			PmNumBuilderPutDec(&s->out, i, &rd);
			return;
		}
		ElemCheckStatus(s, i, ap, st);
	}

	/* exact fallback for values beyond the int128 range */
	{
		MemoryContext old = MemoryContextSwitchTo(PmSlowContext(&s->slowcxt));
		Numeric		an = DatumGetNumeric(PointerGetDatum(ap));
		Numeric		bn = (o->op == PMOP_ROUND) ? NULL : DatumGetNumeric(PointerGetDatum(bp));
		bool		inexact;
		Numeric		rn = SlowOp(o, an, bn, &inexact);

		MemoryContextSwitchTo(old);
		if (inexact)
			ElemCheckStatus(s, i, ap, PM_INEXACT);
		PmNumBuilderPutNumeric(&s->out, i, rn);
		MemoryContextReset(s->slowcxt);
	}
}

/*
 * The dense loops hold the result's buffer in locals, which stay in
 * registers (the result has no NULL bitmap there), and bring s->out up to
 * date only around the calls that use it: growing it, and NumericElem.
 */
static pg_attribute_always_inline void
OutReserve(NumOpState *s, char **buf, Size len, Size *cap)
{
	if (unlikely(len + PM_NUMERIC64_MAX_ENCODED > *cap))
	{
		s->out.len = len;
		PmNumBuilderGrow(&s->out, PM_NUMERIC64_MAX_ENCODED);
		*buf = s->out.buf;
		*cap = s->out.cap;
	}
}

/* NumericElem for element i (at ap), with b the scalar, from a dense loop */
static pg_attribute_always_inline void
OutElem(NumOpState *s, int i, const char *ap, char **buf, Size *len, Size *cap)
{
	s->out.len = *len;
	NumericElem(s, i, ap, (const char *) s->bscalar);
	*buf = s->out.buf;
	*len = s->out.len;
	*cap = s->out.cap;
}

/*
 * The common shape: no NULLs, b a scalar in the 64-bit lane (or no b).
 * Elements the lane computes are written here; any other (wider values,
 * NaN, inexact, ...) goes to NumericElem, which redoes it with every check,
 * so errors come out for the same element with the same message.
 */
static pg_attribute_always_inline void
NumericDenseLoop(NumOpState *s, PmOp op)
{
	const PmOpArgs *o = s->o;
	PmVarIter	ia = {s->a.data};
	const char *aend = s->aend;
	pm_dec64	b64 = s->b64;
	const int	nitems = s->a.nitems;

	/* the result's buffer in locals (OutReserve) */
	char	   *buf = s->out.buf;
	Size		len = s->out.len,
				cap = s->out.cap;

	Assert(!s->out.hasnulls);
	for (int i = 0; i < nitems; i++)
	{
		char	   *ap;
		pm_dec64	a64 = {0},
					r64;
		Size		next;

		PM_CHECK_INTERRUPTS_EVERY(i);
		ap = PmVarIterNext(&ia);
		OutReserve(s, &buf, len, &cap);
		if (likely(PmNumericDecode64(ap, aend, &a64)) &&
			likely(FastOp64(op, o, &a64, &b64, &r64) == PM_OK) &&
			likely((next = PmNumericEncode64At(buf, len, &r64)) != 0))
		{
			len = next;
			continue;
		}
		/* everything else, from the element's start: NumericElem redoes it with every check */
		OutElem(s, i, ap, &buf, &len, &cap);
	}
	s->out.len = len;
}

/*
 * The lane of round(a * b, places, mode) and round(a, places, mode) for
 * the dense shape, when the first element of a is a short numeric of
 * dscale D: each element of that dscale, in 4-byte varlena form with one
 * to four digit groups and below 10000^(4 - G) (G = ceil(D / 4) groups
 * after the point), is read straight from its bytes as its value at scale
 * 4G, whole groups with no division, and then multiplied and rounded by
 * one constant 10^k (pm_mul_round_lane, k = 4G + b's scale - places).
 */
typedef struct NumLane
{
	pm_mul_round_lane mr;		/* b, places and the rounding */
	PmEncScale	enc;			/* the result's scale, places */
	uint16		shape;			/* the header word's bits but sign and weight */
	int			groups;			/* G */
	int			pad;			/* 4G - D: decimals that must be zero */
	pm_pow10_divisor paddiv;	/* 10^pad, when pad > 0 */
} NumLane;

/* The header word bits a lane element must share with the first: form and dscale. */
#define NUM_LANE_SHAPE_MASK (PM_NUMFMT_SIGN_MASK | PM_NUMFMT_SHORT_DSCALE_MASK)

/* The lane for s, from its first element; false when s has none. */
static bool
NumLaneInit(const NumOpState *s, NumLane *lane)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const char *p = s->a.data;
	pm_dec64	one = {1, 0};
	uint16		hdr;
	int			dscale;

	if ((s->o->op != PMOP_MUL_ROUND && s->o->op != PMOP_ROUND) || !s->bis64 ||
		!VARATT_IS_4B_U(p) || VARSIZE_4B(p) < VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ)
		return false;
	hdr = pm_numfmt_header(p + VARHDRSZ);
	if (!pm_numfmt_is_short(hdr))
		return false;
	dscale = pm_numfmt_short_dscale(hdr);
	lane->shape = hdr & NUM_LANE_SHAPE_MASK;
	lane->groups = (dscale + PM_NUMFMT_DEC_DIGITS - 1) / PM_NUMFMT_DEC_DIGITS;
	lane->pad = PM_NUMFMT_DEC_DIGITS * lane->groups - dscale;
	lane->paddiv = pm_pow10_divisors[lane->pad];
	if (s->o->places > PM_NUMFMT_SHORT_DSCALE_MAX)
		return false;
	PmEncScaleInit(&lane->enc, s->o->places);
	return pm_mul_round_lane_init(s->o->op == PMOP_ROUND ? &one : &s->b64,
								  PM_NUMFMT_DEC_DIGITS * lane->groups, s->o->places, s->o->mode,
								  &lane->mr);
#else
	return false;
#endif
}

/*
 * Element ap for the lane: its magnitude at scale 4G (*am), its sign and
 * its varlena's size; false: the element is not one the lane reads.
 * 12.34 (D = 2, G = 1) is the 10 bytes 28 00 00 00 00 81 0C 00 48 0D: size
 * 10, two groups, and the eight bytes that end at its last group hold the
 * lanes {0x0000, 0x8100, 12, 3400}; clearing the two below the groups
 * leaves {0, 0, 12, 3400}, whose value 123400 is 12.3400 at scale 4.
 */
static pg_attribute_always_inline bool
NumLaneDecode(const NumLane *lane, const char *ap, Size *size, uint64 *am, bool *neg)
{
	uint16		hdr;
	uint64		w;
	int			ndigits,
				top,
				zeros;

	if (unlikely(!VARATT_IS_4B_U(ap)))
		return false;
	*size = VARSIZE_4B(ap);
	/* one to four groups: 8, 10, 12 or 14 bytes */
	if (unlikely(((*size - (VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ + PM_NUMFMT_GROUP_SIZE)) & ~(Size) 6) != 0))
		return false;
	hdr = pm_numfmt_header(ap + VARHDRSZ);
	if (unlikely((hdr & NUM_LANE_SHAPE_MASK) != lane->shape))
		return false;
	ndigits = (int) (*size - (VARHDRSZ + PM_NUMFMT_SHORT_HDRSZ)) / PM_NUMFMT_GROUP_SIZE;
	/* groups from the first to the point and on to scale 4G, and the zero ones past the last */
	top = pm_numfmt_short_weight(hdr) + 1 + lane->groups;
	zeros = top - ndigits;
	if (unlikely((unsigned) top > PM_DEC64_MAX_GROUPS || zeros < 0))
		return false;
	/* the element has at least 8 bytes, so the word lies inside it */
	memcpy(&w, ap + *size - sizeof(w), sizeof(w));
	w &= ~UINT64_C(0) << (PM_NUMFMT_GROUP_BITS * (PM_NUMFMT_WORD_GROUPS - ndigits));
	if (unlikely(!pm_groups4_valid(w)))
		return false;
	*am = pm_groups4_value(w) * pm_pow10_u64[PM_NUMFMT_DEC_DIGITS * zeros];
	/* the decimals past dscale must be zero (numeric strips them; a crafted value may not) */
	if (lane->pad != 0 && pm_pow10_div(*am, lane->paddiv) * pm_pow10_u64[lane->pad] != *am)
		return false;
	*neg = (hdr & PM_NUMFMT_SHORT_SIGN_MASK) != 0;
	return true;
}

/*
 * NumericDenseLoop through the lane; the elements it does not take go to
 * NumericElem.  Interrupts are checked once per PM_TICK_STRIDE elements,
 * outside the inner loop.
 */
static void
NumericLaneLoop(NumOpState *s, const NumLane *lane)
{
	PmVarIter	ia = {s->a.data};
	const int	nitems = s->a.nitems;
	char	   *buf = s->out.buf;
	Size		len = s->out.len,
				cap = s->out.cap;

	Assert(!s->out.hasnulls);
	for (int chunk = 0; chunk < nitems; chunk += PM_TICK_STRIDE)
	{
		const int	end = Min(nitems - chunk, PM_TICK_STRIDE) + chunk;

		CHECK_FOR_INTERRUPTS();
		for (int i = chunk; i < end; i++)
		{
			char	   *ap = ia.ptr;
			Size		size,
						next;
			uint64		am,
						rm;
			bool		neg,
						rneg;

			OutReserve(s, &buf, len, &cap);
			if (likely(NumLaneDecode(lane, ap, &size, &am, &neg)) &&
				likely(pm_mul_round_lane_apply(&lane->mr, am, neg, &rm, &rneg)) &&
				likely((next = PmNumericEncodeScaledAt(buf, len, rm, rneg, &lane->enc)) != 0))
			{
				len = next;
				ia.ptr = (char *) INTALIGN(ap + size);
				continue;
			}
			/* everything else (a zero result too), from the element's start, as in NumericDenseLoop */
			(void) PmVarIterNext(&ia);
			OutElem(s, i, ap, &buf, &len, &cap);
		}
	}
	s->out.len = len;
}

/* NumericDenseLoop with the operation a constant in each copy. */
static void
NumericDense(NumOpState *s)
{
	NumLane		lane;

	if (NumLaneInit(s, &lane))
	{
		NumericLaneLoop(s, &lane);
		return;
	}
	switch (s->o->op)
	{
		case PMOP_ADD:
			NumericDenseLoop(s, PMOP_ADD);
			break;
		case PMOP_SUB:
			NumericDenseLoop(s, PMOP_SUB);
			break;
		case PMOP_MUL:
			NumericDenseLoop(s, PMOP_MUL);
			break;
		case PMOP_ROUND:
			NumericDenseLoop(s, PMOP_ROUND);
			break;
		case PMOP_MUL_ROUND:
			NumericDenseLoop(s, PMOP_MUL_ROUND);
			break;
		default:
			elog(ERROR, "no dense loop for pricemath operation %d", (int) s->o->op);
	}
}

/*
 * The numeric[] driver: a op b element by element, where b is an array of
 * the same length or a scalar.  Elements go through the 64-bit lane, then
 * the int128 core; any element that fits neither is computed exactly with
 * PostgreSQL's numeric in a short-lived context.  Results are written
 * straight into one array.
 */
static pg_attribute_always_inline ArrayType *
NumericArrayOp(const PmOpArgs *o, ArrayType *aarr, const char *aname,
			   ArrayType *barr, Numeric bscalar, PmNumScalar *bcache, const char *bname)
{
	NumOpState	s;
	bool		hasnulls;

	/* field by field: this runs once per row, and most fields are set below */
	s.o = o;
	s.aname = aname;
	s.bname = bname;
	s.barray = false;
	s.bend = NULL;
	s.bscalar = bscalar;
	s.kb = PM_NUM_FAST;
	s.bd.coef = 0;
	s.bd.scale = 0;
	s.b64.coef = 0;
	s.b64.scale = 0;
	s.bis64 = true;				/* round has no b: any b will do */
	s.isdiv = (o->op == PMOP_DIV || o->op == PMOP_ROUND_TO);
	s.slowcxt = NULL;
	PmArrayInit(&s.a, aarr, NUMERICOID, aname);
	s.aend = (const char *) aarr + ARR_SIZE(aarr);
	if (barr != NULL)
	{
		PmArrayInit(&s.b, barr, NUMERICOID, bname);
		PmCheckSameLength(&s.a, &s.b);
		s.barray = true;
		s.bend = (const char *) barr + ARR_SIZE(barr);
	}
	else if (bcache != NULL && bcache->valid)
	{
		s.kb = bcache->kind;
		s.bd = bcache->d;
		s.b64 = bcache->d64;
		s.bis64 = bcache->is64;
	}
	else if (bscalar != NULL)
	{
		s.kb = DecodeElem((const char *) bscalar, NULL, &s.b64, &s.bis64, &s.bd);
		if (s.bis64)
			pm_dec64_to_dec(&s.b64, &s.bd);	/* for elements that leave the lane */
		PmCheckNumericKind(s.kb, bname, PM_NO_INDEX);
		if (s.isdiv && NumericIsZero(s.kb, &s.bd, bscalar))
		{
			if (o->op == PMOP_DIV)
				PmReportDivZero(bname, NULL, PM_NO_INDEX);
			PmCheckIncrement(bscalar);	/* raises: the increment is zero */
		}
		if (bcache != NULL)
		{
			bcache->kind = s.kb;
			bcache->d = s.bd;
			bcache->d64 = s.b64;
			bcache->is64 = s.bis64;
			bcache->valid = true;
		}
	}
	if (s.a.nitems == 0)
		return construct_empty_array(NUMERICOID);

	hasnulls = PmArrayAnyNull(&s.a) || (s.barray && PmArrayAnyNull(&s.b));
	PmNumBuilderInit(&s.out, &s.a, hasnulls,
					 (ARR_SIZE(aarr) - ARR_DATA_OFFSET(aarr)) + (Size) s.a.nitems * 4);

	/* divisions have no 64-bit lane: they go element by element below */
	if (!hasnulls && !s.barray && s.bis64 && o->op != PMOP_DIV && o->op != PMOP_ROUND_TO)
		NumericDense(&s);
	else
	{
		/* a local: s escapes, so the analyzer would take s.barray as changing */
		bool		barray = s.barray;
		PmVarIter	ia = {s.a.data},
					ib = {barray ? s.b.data : NULL};

		for (int i = 0; i < s.a.nitems; i++)
		{
			char	   *ap = NULL,
					   *bp = (char *) bscalar;

			PM_CHECK_INTERRUPTS_EVERY(i);
			/* Validate every non-NULL element, even where the other side is NULL. */
			if (!PmArrayIsNull(&s.a, i))
				ap = PmVarIterNext(&ia);
			if (barray)
			{
				if (PmArrayIsNull(&s.b, i))
				{
					if (ap != NULL)
					{
						pm_dec64	a64 = {0};
						pm_dec		ad;
						bool		ais64;
						PmNumKind	ka = DecodeElem(ap, s.aend, &a64, &ais64, &ad);

						PmCheckNumericElem(ka, &s.a, i);
					}
					continue;
				}
				bp = PmVarIterNext(&ib);
				if (ap == NULL)
				{
					pm_dec64	b64 = {0};
					pm_dec		bd;
					bool		bis64;
					PmNumKind	kb = DecodeElem(bp, s.bend, &b64, &bis64, &bd);

					PmCheckNumericElem(kb, &s.b, i);
					if (s.isdiv && (bis64 ? b64.coef == 0 :
									NumericIsZero(kb, &bd, DatumGetNumeric(PointerGetDatum(bp)))))
						PmReportDivZero(bname, &s.b, s.b.lbound + i);
					continue;
				}
			}
			if (ap == NULL)
				continue;
			NumericElem(&s, i, ap, bp);
		}
	}
	if (s.slowcxt != NULL)
		MemoryContextDelete(s.slowcxt);
	return PmNumBuilderFinish(&s.out);
}

ArrayType *
PmNumericArrayOp(const PmOpArgs *o, ArrayType *aarr, const char *aname,
				 ArrayType *barr, Numeric bscalar, const char *bname)
{
	return NumericArrayOp(o, aarr, aname, barr, bscalar, NULL, bname);
}

ArrayType *
PmNumericArrayOpCached(const PmOpArgs *o, ArrayType *aarr, const char *aname,
					   Numeric bscalar, PmNumScalar *bcache, const char *bname)
{
	return NumericArrayOp(o, aarr, aname, NULL, bscalar, bcache, bname);
}

/* One numeric through the same fast path and fallback as the arrays. */
Numeric
PmNumericScalarOp(const PmOpArgs *o, Numeric a, const char *aname, Numeric b, const char *bname)
{
	pm_dec		ad,
				bd = {0},
				rd;
	PmNumKind	ka,
				kb = PM_NUM_FAST;
	pm_status	st;

	ka = PmNumericDecode((const char *) a, &ad);
	PmCheckNumericKind(ka, aname, PM_NO_INDEX);
	if (b != NULL)
	{
		kb = PmNumericDecode((const char *) b, &bd);
		PmCheckNumericKind(kb, bname, PM_NO_INDEX);
		if (o->op == PMOP_ROUND_TO)
			PmCheckIncrement(b);
	}
	if (ka == PM_NUM_FAST && kb == PM_NUM_FAST)
	{
		st = FastOp(o, &ad, &bd, &rd);
		if (st == PM_OK)
			return PmDecToNumeric(&rd);
		if (st == PM_INEXACT)
			PmReportInexact(PM_INEXACT_VALUE, PmNumericText(a), o->places, NULL, PM_NO_INDEX);
		if (st != PM_OVERFLOW)
			PmReportStatus(st, "pricemath");
	}
	{
		bool		inexact;
		Numeric		r = SlowOp(o, a, b, &inexact);

		if (inexact)
			PmReportInexact(PM_INEXACT_VALUE, PmNumericText(a), o->places, NULL, PM_NO_INDEX);
		return r;
	}
}
