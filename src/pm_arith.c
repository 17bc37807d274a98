/*
 * pm_arith.c: element-wise arithmetic and rounding over numeric[] (int128
 * fast path, exact numeric fallback) and float8[].
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "core/pm_dec64.h"
#include "core/pm_float.h"
#include "pm_glue.h"


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

static Numeric
SlowOp(const PmOpArgs *o, Numeric a, Numeric b)
{
	switch (o->op)
	{
		case PMOP_ADD:
			return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a), NumericGetDatum(b)));
		case PMOP_SUB:
			return DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(a), NumericGetDatum(b)));
		case PMOP_MUL:
			return DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a), NumericGetDatum(b)));
		case PMOP_DIV:
			return PmNumericDivRound(a, b, o->places, o->mode);
		case PMOP_ROUND:
			return PmNumericDivRound(a, int64_to_numeric(1), o->places, o->mode);
		case PMOP_ROUND_TO:
			return DatumGetNumeric(DirectFunctionCall2(numeric_mul,
													   NumericGetDatum(PmNumericDivRound(a, b, 0, o->mode)),
													   NumericGetDatum(b)));
		case PMOP_MUL_ROUND:
			return PmNumericDivRound(DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a),
																		 NumericGetDatum(b))),
									 int64_to_numeric(1), o->places, o->mode);
	}
	elog(ERROR, "unknown pricemath operation %d", (int) o->op);
	return NULL;
}

static void
ReportInexact(const PmOpArgs *o, Numeric value, const PmArray *arr, int subscript)
{
	if (o->op == PMOP_DIV)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rounding is necessary for element %d", subscript),
				 PmErrdetailElem(arr, subscript, "The quotient of \"%s\" is not exact at %d places and the mode is \"unnecessary\".",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value))),
						   o->places)));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("rounding is necessary for element %d", subscript),
			 PmErrdetailElem(arr, subscript, "Value \"%s\" is not exact at the requested precision and the mode is \"unnecessary\".",
					   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value))))));
}

static void
ReportDivZero(const char *argname, const PmArray *arr, int subscript)
{
	if (subscript == PM_NO_INDEX)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("division by zero"),
				 errdetail("Argument \"%s\" is zero.", argname)));
	ereport(ERROR,
			(errcode(ERRCODE_DIVISION_BY_ZERO),
			 errmsg("division by zero"),
			 PmErrdetailElem(arr, subscript, "Element %d of argument \"%s\" is zero.", subscript, argname)));
}

static inline bool
NumericIsZero(PmNumKind kind, const pm_dec *d, Numeric n)
{
	if (kind == PM_NUM_FAST)
		return d->coef == 0;
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(n),
											 NumericGetDatum(int64_to_numeric(0)))) == 0;
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
	const PmOpArgs *o;
	const char *aname;
	const char *bname;
	PmArray		a;
	PmArray		b;
	bool		barray;			/* b is an array (else a scalar or none) */
	const char *aend;			/* ends of the arrays' data, for word reads */
	const char *bend;
	Numeric		bscalar;
	PmNumKind	kb;				/* scalar b, decoded */
	pm_dec		bd;
	pm_dec64	b64;
	bool		bis64;
	bool		isdiv;
	PmNumBuilder out;
	MemoryContext slowcxt;
} NumOpState;

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
		kb = DecodeElem(bp, s->bend, &b64, &bis64, &bd);
		if (unlikely(kb != PM_NUM_FAST))
			PmCheckNumericElem(kb, &s->b, i);
		if (s->isdiv && (bis64 ? b64.coef == 0 :
						 NumericIsZero(kb, &bd, DatumGetNumeric(PointerGetDatum(bp)))))
			ReportDivZero(s->bname, &s->b, s->b.lbound + i);
	}

	if (likely(ais64 && bis64))
	{
		st = FastOp64(o->op, o, &a64, &b64, &r64);
		if (likely(st == PM_OK))
		{
			PmNumBuilderPutDec64(&s->out, i, &r64);
			return;
		}
		if (st == PM_INEXACT)
			ReportInexact(o, DatumGetNumeric(PointerGetDatum(ap)), &s->a, s->a.lbound + i);
		if (st != PM_OVERFLOW)
			PmReportStatus(st, "pricemath");
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
		if (st == PM_INEXACT)
			ReportInexact(o, DatumGetNumeric(PointerGetDatum(ap)), &s->a, s->a.lbound + i);
		if (st != PM_OVERFLOW)
			PmReportStatus(st, "pricemath");
	}

	/* exact fallback for values beyond the int128 range */
	if (s->slowcxt == NULL)
		s->slowcxt = AllocSetContextCreate(CurrentMemoryContext, "pricemath fallback",
										   ALLOCSET_SMALL_SIZES);
	{
		MemoryContext old = MemoryContextSwitchTo(s->slowcxt);
		Numeric		an = DatumGetNumeric(PointerGetDatum(ap));
		Numeric		bn = (o->op == PMOP_ROUND) ? NULL : DatumGetNumeric(PointerGetDatum(bp));
		Numeric		rn = SlowOp(o, an, bn);

		MemoryContextSwitchTo(old);
		PmNumBuilderPutNumeric(&s->out, i, rn);
		MemoryContextReset(s->slowcxt);
	}
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

	for (int i = 0; i < s->a.nitems; i++)
	{
		char	   *ap;
		pm_dec64	a64 = {0},
					r64;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		ap = PmVarIterNext(&ia);
		if (likely(PmNumericDecode64(ap, aend, &a64)) &&
			likely(FastOp64(op, o, &a64, &b64, &r64) == PM_OK))
			PmNumBuilderPutDec64(&s->out, i, &r64);
		else
			NumericElem(s, i, ap, (const char *) s->bscalar);
	}
}

/* NumericDenseLoop with the operation a constant in each copy. */
static void
NumericDense(NumOpState *s)
{
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
ArrayType *
PmNumericArrayOp(const PmOpArgs *o, ArrayType *aarr, const char *aname,
				 ArrayType *barr, Numeric bscalar, const char *bname)
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
	else if (bscalar != NULL)
	{
		s.kb = DecodeElem((const char *) bscalar, NULL, &s.b64, &s.bis64, &s.bd);
		if (s.bis64)
			pm_dec64_to_dec(&s.b64, &s.bd);	/* for elements that leave the lane */
		PmCheckNumericKind(s.kb, bname, PM_NO_INDEX);
		if (s.isdiv && NumericIsZero(s.kb, &s.bd, bscalar))
		{
			if (o->op == PMOP_DIV)
				ReportDivZero(bname, NULL, PM_NO_INDEX);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("increment must be greater than zero"),
					 errdetail("Value \"%s\" is not allowed.",
							   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(bscalar))))));
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
		PmVarIter	ia = {s.a.data},
					ib = {s.barray ? s.b.data : NULL};

		for (int i = 0; i < s.a.nitems; i++)
		{
			char	   *ap = NULL,
					   *bp = (char *) bscalar;

			if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
				CHECK_FOR_INTERRUPTS();
			/* Validate every non-NULL element, even where the other side is NULL. */
			if (!PmArrayIsNull(&s.a, i))
				ap = PmVarIterNext(&ia);
			if (s.barray)
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
						ReportDivZero(bname, &s.b, s.b.lbound + i);
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

/* ---- float8[] ---- */

static pg_noinline void
Float8Overflow(const char *what, int subscript)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: %s", what),
			 errdetail("The result for element %d is not a finite float8 value.", subscript)));
}

/* a op b for float8, with float8_pl/mi/mul/div's overflow and underflow rules. */
static inline double
Float8Op(PmOp op, double x, double y, int subscript, const char *bname)
{
	double		r = 0;

	switch (op)
	{
		case PMOP_ADD:
			r = x + y;
			break;
		case PMOP_SUB:
			r = x - y;
			break;
		case PMOP_MUL:
			r = x * y;
			if (unlikely(r == 0.0) && x != 0.0 && y != 0.0)
				Float8Overflow("underflow", subscript);
			break;
		case PMOP_DIV:
			if (unlikely(y == 0.0))
				ReportDivZero(bname, NULL, subscript);
			r = x / y;
			if (unlikely(r == 0.0) && x != 0.0)
				Float8Overflow("underflow", subscript);
			break;
		default:
			elog(ERROR, "unsupported float8 operation %d", (int) op);
	}
	if (unlikely(isinf(r)))
		Float8Overflow("overflow", subscript);
	return r;
}

/* Dense elements checked as one block; a block with an error is redone one by one. */
#define PM_F8_BLOCK 256

/*
 * Bit tests on float8 that the compiler can vectorise (plain integer ops, no
 * branches); bit 63 of the result is the answer.
 */
static inline uint64
F8Bits(double v)
{
	uint64		u;

	memcpy(&u, &v, sizeof(u));
	return u;
}

static inline uint64
F8NonFinite(uint64 u)
{
	/* the exponent field all ones carries into bit 63 */
	return (u & UINT64CONST(0x7FF0000000000000)) + UINT64CONST(0x0010000000000000);
}

static inline uint64
F8IsZero(uint64 u)
{
	/* +0 and -0 borrow into bit 63 */
	return (u & UINT64CONST(0x7FFFFFFFFFFFFFFF)) - 1;
}

/*
 * r = x op y over one block of dense elements (y a scalar when yv is NULL).
 * False when some element needs Float8Op's checks: a non-finite operand or
 * result, an underflow or a zero divisor; r is then partly written.  The
 * arithmetic is the same IEEE operation per element as Float8Op's, so the
 * results are bit-identical; only the checks are batched.
 */
static pg_attribute_always_inline bool
Float8Block(PmOp op, const double *restrict x, const double *restrict yv, double y,
			double *restrict r)
{
	uint64		bad = 0;

	for (int i = 0; i < PM_F8_BLOCK; i++)
	{
		double		xi = x[i],
					yi = yv ? yv[i] : y,
					ri;
		uint64		xb = F8Bits(xi),
					yb = F8Bits(yi),
					rb;

		switch (op)
		{
			case PMOP_ADD:
				ri = xi + yi;
				break;
			case PMOP_SUB:
				ri = xi - yi;
				break;
			case PMOP_MUL:
				ri = xi * yi;
				break;
			default:
				ri = xi / yi;
				break;
		}
		r[i] = ri;
		rb = F8Bits(ri);
		bad |= F8NonFinite(xb) | F8NonFinite(yb) | F8NonFinite(rb);
		if (op == PMOP_MUL)
			bad |= F8IsZero(rb) & ~F8IsZero(xb) & ~F8IsZero(yb);
		else if (op == PMOP_DIV)
			bad |= F8IsZero(yb) | (F8IsZero(rb) & ~F8IsZero(xb));
	}
	return (bad >> 63) == 0;
}

/* Float8Block for a run-time op, each case a loop of its own. */
static bool
Float8BlockOp(PmOp op, const double *x, const double *yv, double y, double *r)
{
	switch (op)
	{
		case PMOP_ADD:
			return yv ? Float8Block(PMOP_ADD, x, yv, 0, r) : Float8Block(PMOP_ADD, x, NULL, y, r);
		case PMOP_SUB:
			return yv ? Float8Block(PMOP_SUB, x, yv, 0, r) : Float8Block(PMOP_SUB, x, NULL, y, r);
		case PMOP_MUL:
			return yv ? Float8Block(PMOP_MUL, x, yv, 0, r) : Float8Block(PMOP_MUL, x, NULL, y, r);
		case PMOP_DIV:
			return yv ? Float8Block(PMOP_DIV, x, yv, 0, r) : Float8Block(PMOP_DIV, x, NULL, y, r);
		default:
			return false;
	}
}

/*
 * a op b over float8[].  reuse_a says the caller owns aarr (a detoasted
 * copy): a NULL-free result then overwrites it in place, which saves
 * allocating and faulting in a second array as large as the input.
 */
static ArrayType *
Float8ArrayOp(PmOp op, ArrayType *aarr, bool reuse_a, ArrayType *barr, double bscalar,
			  const char *bname)
{
	PmArray		a,
				b;
	const double *av,
			   *bv = NULL;
	double	   *rv;
	ArrayType  *r;
	bits8	   *rbits;
	int			nvalues = 0;
	bool		hasnulls;

	PmArrayInit(&a, aarr, FLOAT8OID, "a");
	if (barr != NULL)
	{
		PmArrayInit(&b, barr, FLOAT8OID, bname);
		PmCheckSameLength(&a, &b);
		bv = (const double *) b.data;
	}
	else
	{
		PmCheckFloat8Finite(bscalar, bname, PM_NO_INDEX);
		if (op == PMOP_DIV && bscalar == 0.0)
			ReportDivZero(bname, NULL, PM_NO_INDEX);
	}
	if (a.nitems == 0)
		return construct_empty_array(FLOAT8OID);

	hasnulls = PmArrayAnyNull(&a) || (barr != NULL && PmArrayAnyNull(&b));
	if (!hasnulls)
		nvalues = a.nitems;
	else
		for (int i = 0; i < a.nitems; i++)
			nvalues += !PmArrayIsNull(&a, i) && (barr == NULL || !PmArrayIsNull(&b, i));

	/* in place only where the result is laid out byte for byte like a */
	if (reuse_a && !hasnulls && a.nulls == NULL &&
		ARR_SIZE(aarr) == ARR_OVERHEAD_NONULLS(1) + (Size) a.nitems * sizeof(float8))
		r = aarr;
	else
		r = PmFloat8ArrayCreate(&a, hasnulls, nvalues);
	rv = (double *) ARR_DATA_PTR(r);
	rbits = ARR_NULLBITMAP(r);
	av = (const double *) a.data;

	if (!hasnulls)
	{
		/*
		 * The common case: dense values, in blocks whose checks are batched
		 * so the loop vectorises.  A block that fails them is redone one
		 * element at a time, which raises the error of its first bad element
		 * exactly as the plain loop would.  In place, blocks go through tmp,
		 * so that a failing block still has its inputs.
		 */
		double		tmp[PM_F8_BLOCK];
		bool		inplace = (r == aarr);

		for (int base = 0; base < a.nitems; base += PM_INTERRUPT_STRIDE)
		{
			int			end = Min(a.nitems, base + PM_INTERRUPT_STRIDE);

			CHECK_FOR_INTERRUPTS();
			for (int c = base; c < end; c += PM_F8_BLOCK)
			{
				int			stop = Min(end, c + PM_F8_BLOCK);

				if (stop - c == PM_F8_BLOCK &&
					likely(Float8BlockOp(op, av + c, bv ? bv + c : NULL, bscalar,
										 inplace ? tmp : rv + c)))
				{
					if (inplace)
						memcpy(rv + c, tmp, sizeof(tmp));
					continue;
				}
				for (int i = c; i < stop; i++)
				{
					double		x = av[i],
								y = bv ? bv[i] : bscalar;

					PmCheckFloat8Finite(x, "a", a.lbound + i);
					if (bv)
						PmCheckFloat8Finite(y, bname, b.lbound + i);
					rv[i] = Float8Op(op, x, y, a.lbound + i, bname);
				}
			}
		}
		return r;
	}

	for (int i = 0; i < a.nitems; i++)
	{
		bool		anull = PmArrayIsNull(&a, i);
		bool		bnull = bv != NULL && PmArrayIsNull(&b, i);
		double		x = 0,
					y = bscalar;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!anull)
		{
			x = *av++;
			PmCheckFloat8Finite(x, "a", a.lbound + i);
		}
		if (bv != NULL && !bnull)
		{
			y = *bv++;
			PmCheckFloat8Finite(y, bname, b.lbound + i);
		}
		if (anull || bnull)
			continue;
		*rv++ = Float8Op(op, x, y, a.lbound + i, bname);
		rbits[i >> 3] |= (bits8) (1 << (i & 7));
	}
	return r;
}

/* ---- SQL-callable functions ---- */

#define PM_NUMERIC_BINARY(sqlname, OP) \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_numeric_array); \
Datum \
pricemath_##sqlname##_numeric_array(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o = {OP, 0, PM_ROUND_HALF_EVEN}; \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", \
										 PG_GETARG_ARRAYTYPE_P(1), NULL, "b")); \
} \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_numeric_scalar); \
Datum \
pricemath_##sqlname##_numeric_scalar(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o = {OP, 0, PM_ROUND_HALF_EVEN}; \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", NULL, \
										 PG_GETARG_NUMERIC(1), "b")); \
} \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_float8_array); \
Datum \
pricemath_##sqlname##_float8_array(PG_FUNCTION_ARGS) \
{ \
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0); \
\
	PG_RETURN_ARRAYTYPE_P(Float8ArrayOp(OP, a, PM_ARG_IS_COPY(0, a), \
										PG_GETARG_ARRAYTYPE_P(1), 0.0, "b")); \
} \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_float8_scalar); \
Datum \
pricemath_##sqlname##_float8_scalar(PG_FUNCTION_ARGS) \
{ \
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0); \
\
	PG_RETURN_ARRAYTYPE_P(Float8ArrayOp(OP, a, PM_ARG_IS_COPY(0, a), NULL, \
										PG_GETARG_FLOAT8(1), "b")); \
}

PM_NUMERIC_BINARY(add, PMOP_ADD)
PM_NUMERIC_BINARY(sub, PMOP_SUB)
PM_NUMERIC_BINARY(mul, PMOP_MUL)

/*
 * op(numeric[], int2 | int4 | int8): an integer matches these exactly, so
 * an untyped array literal next to it resolves to numeric[], not float8[]
 * (README "Type resolution").
 */
PM_INT_OVERLOADS(pricemath_add_numeric_scalar, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_sub_numeric_scalar, PM_ARG(1))
PM_INT_OVERLOADS(pricemath_mul_numeric_scalar, PM_ARG(1))

/*
 * op(numeric[], numeric[] | numeric, places, mode): div is the exact
 * quotient rounded; mul_round is round(mul(a, b), places, mode) in one pass
 */
#define PM_NUMERIC_ROUNDED(sqlname, OP) \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_numeric_array); \
Datum \
pricemath_##sqlname##_numeric_array(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o = {OP, PG_GETARG_INT32(2), PmParseRoundMode(PG_GETARG_TEXT_PP(3))}; \
	PmCheckPlaces(o.places); \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", \
										   PG_GETARG_ARRAYTYPE_P(1), NULL, "b")); \
} \
PG_FUNCTION_INFO_V1(pricemath_##sqlname##_numeric_scalar); \
Datum \
pricemath_##sqlname##_numeric_scalar(PG_FUNCTION_ARGS) \
{ \
	PmOpArgs	o = {OP, PG_GETARG_INT32(2), PmParseRoundMode(PG_GETARG_TEXT_PP(3))}; \
	PmCheckPlaces(o.places); \
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", NULL, \
										   PG_GETARG_NUMERIC(1), "b")); \
}

PM_NUMERIC_ROUNDED(div, PMOP_DIV)
PM_NUMERIC_ROUNDED(mul_round, PMOP_MUL_ROUND)

/*
 * div(numeric[], b) without places.  numeric division always rounds to
 * places decimals; the two-argument numeric forms exist only so that a
 * numeric[] or untyped first argument never resolves to div(float8[], ...)
 * (numeric[] casts to float8[] implicitly).  Not STRICT: a NULL is no
 * excuse for the missing places.
 */
PG_FUNCTION_INFO_V1(pricemath_div_numeric_needs_places);
Datum
pricemath_div_numeric_needs_places(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_FUNCTION),
			 errmsg("numeric division needs places"),
			 errdetail("pricemath.div on numeric[] rounds the exact quotient to places decimals, and places has no default."),
			 errhint("Call pricemath.div(a, b, places), or cast a to float8[] for float division.")));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(pricemath_div_float8_array);
Datum
pricemath_div_float8_array(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);

	PG_RETURN_ARRAYTYPE_P(Float8ArrayOp(PMOP_DIV, a, PM_ARG_IS_COPY(0, a),
										PG_GETARG_ARRAYTYPE_P(1), 0.0, "b"));
}

PG_FUNCTION_INFO_V1(pricemath_div_float8_scalar);
Datum
pricemath_div_float8_scalar(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);

	PG_RETURN_ARRAYTYPE_P(Float8ArrayOp(PMOP_DIV, a, PM_ARG_IS_COPY(0, a), NULL,
										PG_GETARG_FLOAT8(1), "b"));
}

/* round(numeric[], places, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_numeric_array);
Datum
pricemath_round_numeric_array(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = {PMOP_ROUND, PG_GETARG_INT32(1), PmParseRoundMode(PG_GETARG_TEXT_PP(2))};

	PmCheckPlaces(o.places);
	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", NULL, NULL, "places"));
}

/*
 * Planner support for round(numeric[], int, text): round(mul(a, b), places,
 * mode) becomes mul_round(a, b, places, mode), one pass instead of two.  Only
 * where nothing observable changes: our own mul in the same schema, places
 * and mode non-NULL constants that round would accept (so neither call
 * raises its own argument errors, and strictness gives NULL in the same
 * cases), and not mode "unnecessary", whose error shows the product.  Both
 * report element errors for a and b with the same wording and index.
 */
PG_FUNCTION_INFO_V1(pricemath_round_support);
Datum
pricemath_round_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	FuncExpr   *round,
			   *mul;
	Const	   *places,
			   *mode;
	Oid			ns,
				argtypes[4],
				fused;
	char	   *name;
	pm_round_mode m;
	text	   *mtext;
	FuncExpr   *result;
	Node	   *b;
	Oid			btype;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	round = req->fcall;
	if (list_length(round->args) != 3 || !IsA(linitial(round->args), FuncExpr) ||
		!IsA(lsecond(round->args), Const) || !IsA(lthird(round->args), Const))
		PG_RETURN_POINTER(NULL);
	mul = (FuncExpr *) linitial(round->args);
	places = (Const *) lsecond(round->args);
	mode = (Const *) lthird(round->args);
	if (places->constisnull || mode->constisnull ||
		places->consttype != INT4OID || mode->consttype != TEXTOID)
		PG_RETURN_POINTER(NULL);
	if (DatumGetInt32(places->constvalue) < -1000 || DatumGetInt32(places->constvalue) > 1000)
		PG_RETURN_POINTER(NULL);
	mtext = DatumGetTextPP(mode->constvalue);
	if (!pm_round_mode_parse(VARDATA_ANY(mtext), VARSIZE_ANY_EXHDR(mtext), &m) ||
		m == PM_ROUND_UNNECESSARY)
		PG_RETURN_POINTER(NULL);

	/* the inner call must be this extension's mul(numeric[], numeric[] | numeric) */
	ns = get_func_namespace(round->funcid);
	name = get_func_name(mul->funcid);
	if (name == NULL || strcmp(name, "mul") != 0 || get_func_namespace(mul->funcid) != ns ||
		mul->funcretset || mul->funcresulttype != NUMERICARRAYOID ||
		list_length(mul->args) != 2 ||
		exprType(linitial(mul->args)) != NUMERICARRAYOID)
		PG_RETURN_POINTER(NULL);
	/* mul(a, integer) was already planned as mul(a, numeric): IntOverloadSupport */
	b = (Node *) lsecond(mul->args);
	btype = exprType(b);
	if (btype != NUMERICOID && btype != NUMERICARRAYOID)
		PG_RETURN_POINTER(NULL);

	argtypes[0] = NUMERICARRAYOID;
	argtypes[1] = btype;
	argtypes[2] = INT4OID;
	argtypes[3] = TEXTOID;
	fused = LookupFuncName(list_make2(makeString(get_namespace_name(ns)), makeString("mul_round")),
						   4, argtypes, true);
	if (!OidIsValid(fused))
		PG_RETURN_POINTER(NULL);
	result = makeFuncExpr(fused, NUMERICARRAYOID,
						  list_make4(linitial(mul->args), b, places, mode),
						  InvalidOid, round->inputcollid, COERCE_EXPLICIT_CALL);
	result->location = round->location;
	PG_RETURN_POINTER(result);
}

/*
 * Planner support for the integer overloads (README "Type resolution"):
 * op(a, b integer) is planned as the numeric form op(a, b::numeric), with a
 * constant b converted once, at plan time.  The overloads' C entry points do
 * the same conversion per call, for calls that are not planned.  The integer
 * argument is always the second: b of add, sub and mul, min of the input
 * contracts.  Fully constant calls are folded before this runs.
 */
PG_FUNCTION_INFO_V1(pricemath_int_overload_support);
Datum
pricemath_int_overload_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	FuncExpr   *call;
	Node	   *arg;
	Oid			argtype,
				argtypes[FUNC_MAX_ARGS],
				target;
	List	   *args = NIL;
	ListCell   *lc;
	int			n = 0;
	FuncExpr   *result;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	call = ((SupportRequestSimplify *) rawreq)->fcall;
	if (list_length(call->args) < 2)
		PG_RETURN_POINTER(NULL);
	arg = (Node *) lsecond(call->args);
	argtype = exprType(arg);
	if (argtype != INT2OID && argtype != INT4OID && argtype != INT8OID)
		PG_RETURN_POINTER(NULL);
	if (IsA(arg, Const) && !((Const *) arg)->constisnull)
	{
		Datum		v = ((Const *) arg)->constvalue;
		int64		i = argtype == INT8OID ? DatumGetInt64(v) :
			argtype == INT4OID ? DatumGetInt32(v) : DatumGetInt16(v);

		arg = (Node *) makeConst(NUMERICOID, -1, InvalidOid, -1,
								 NumericGetDatum(int64_to_numeric(i)), false, false);
	}
	else if (IsA(arg, Const))
		arg = (Node *) makeNullConst(NUMERICOID, -1, InvalidOid);
	else
		arg = coerce_to_target_type(NULL, arg, argtype, NUMERICOID, -1, COERCION_IMPLICIT,
									COERCE_IMPLICIT_CAST, -1);
	if (arg == NULL)
		PG_RETURN_POINTER(NULL);
	foreach(lc, call->args)
	{
		Node	   *a = n == 1 ? arg : (Node *) lfirst(lc);

		argtypes[n++] = exprType(a);
		args = lappend(args, a);
	}
	target = LookupFuncName(list_make2(makeString(get_namespace_name(get_func_namespace(call->funcid))),
									   makeString(get_func_name(call->funcid))),
							n, argtypes, true);
	if (!OidIsValid(target) || get_func_rettype(target) != call->funcresulttype)
		PG_RETURN_POINTER(NULL);
	result = makeFuncExpr(target, call->funcresulttype, args, call->funccollid,
						  call->inputcollid, COERCE_EXPLICIT_CALL);
	result->location = call->location;
	PG_RETURN_POINTER(result);
}

/* round_to(numeric[], increment, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_to_numeric_array);
Datum
pricemath_round_to_numeric_array(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = {PMOP_ROUND_TO, 0, PmParseRoundMode(PG_GETARG_TEXT_PP(2))};

	PG_RETURN_ARRAYTYPE_P(PmNumericArrayOp(&o, PG_GETARG_ARRAYTYPE_P(0), "a", NULL,
										 PG_GETARG_NUMERIC(1), "increment"));
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
		if (o->op == PMOP_ROUND_TO && DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(b),
																		 NumericGetDatum(int64_to_numeric(0)))) <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("increment must be greater than zero"),
					 errdetail("Value \"%s\" is not allowed.",
							   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(b))))));
	}
	if (ka == PM_NUM_FAST && kb == PM_NUM_FAST)
	{
		st = FastOp(o, &ad, &bd, &rd);
		if (st == PM_OK)
			return PmDecToNumeric(&rd);
		if (st == PM_INEXACT)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("rounding is necessary"),
					 errdetail("Value \"%s\" is not exact at the requested precision and the mode is \"unnecessary\".",
							   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(a))))));
		if (st != PM_OVERFLOW)
			PmReportStatus(st, "pricemath");
	}
	return SlowOp(o, a, b);
}

/* round(numeric, places, mode): the scalar form */
PG_FUNCTION_INFO_V1(pricemath_round_numeric);
Datum
pricemath_round_numeric(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = {PMOP_ROUND, PG_GETARG_INT32(1), PmParseRoundMode(PG_GETARG_TEXT_PP(2))};

	PmCheckPlaces(o.places);
	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), "x", NULL, NULL));
}

/* round_to(numeric, increment, mode): the scalar form */
PG_FUNCTION_INFO_V1(pricemath_round_to_numeric);
Datum
pricemath_round_to_numeric(PG_FUNCTION_ARGS)
{
	PmOpArgs	o = {PMOP_ROUND_TO, 0, PmParseRoundMode(PG_GETARG_TEXT_PP(2))};

	PG_RETURN_NUMERIC(PmNumericScalarOp(&o, PG_GETARG_NUMERIC(0), "x", PG_GETARG_NUMERIC(1), "increment"));
}

/* ---- float8 rounding ---- */

/* A rounding increment for doubles: in the core's form when it fits. */
typedef struct PmFloatInc
{
	pm_dec		dec;
	bool		fast;
	Numeric		num;
} PmFloatInc;

/* Exact route through numeric for values the core cannot hold. */
static double
Float8RoundSlow(double x, const PmFloatInc *inc, pm_round_mode mode)
{
	uint64_t	m;
	int			e;
	char		buf[64];
	Numeric		xn,
				q;

	if (x == 0)
		return 0.0;
	pm_float_shortest(x, &m, &e);
	snprintf(buf, sizeof(buf), "%s" UINT64_FORMAT "e%d", x < 0 ? "-" : "", m, e);
	xn = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	q = PmNumericDivRound(xn, inc->num, 0, mode);
	q = DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(q), NumericGetDatum(inc->num)));
	/* numeric_float8 raises 22003 when the value is beyond float8 */
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(q))) + 0.0;
}

static ArrayType *
Float8RoundArray(ArrayType *aarr, const PmFloatInc *inc, pm_round_mode mode)
{
	PmArray		a;
	ArrayType  *r;
	const double *av;
	double	   *rv;
	int			nvalues = 0;
	bool		hasnulls;

	PmArrayInit(&a, aarr, FLOAT8OID, "a");
	if (a.nitems == 0)
		return construct_empty_array(FLOAT8OID);
	hasnulls = PmArrayAnyNull(&a);
	for (int i = 0; i < a.nitems; i++)
		nvalues += !PmArrayIsNull(&a, i);
	r = PmFloat8ArrayCreate(&a, hasnulls, nvalues);
	if (hasnulls)
	{
		bits8	   *rbits = ARR_NULLBITMAP(r);

		Assert(rbits != NULL);
		if (rbits != NULL)
			memcpy(rbits, a.nulls, (a.nitems + 7) / 8);
	}
	av = (const double *) a.data;
	rv = (double *) ARR_DATA_PTR(r);
	for (int i = 0, v = 0; i < a.nitems; i++)
	{
		double		x;
		pm_status	st = PM_OVERFLOW;

		if ((i & (PM_INTERRUPT_STRIDE - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
		if (PmArrayIsNull(&a, i))
			continue;
		x = av[v];
		PmCheckFloat8Finite(x, "a", a.lbound + i);
		if (inc->fast)
			st = pm_float_round(x, &inc->dec, mode, &rv[v]);
		if (unlikely(st != PM_OK))
		{
			if (st == PM_INEXACT)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("rounding is necessary for element %d", a.lbound + i),
						 errdetail("Value \"%s\" is not exact at the requested precision and the mode is \"unnecessary\".",
								   float8out_internal(x))));
			rv[v] = Float8RoundSlow(x, inc, mode);
		}
		v++;
	}
	return r;
}

static void
Float8IncFromNumeric(PmFloatInc *inc, Numeric n)
{
	PmNumKind	k = PmNumericDecode((const char *) n, &inc->dec);

	PmCheckNumericKind(k, "increment", PM_NO_INDEX);
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(n),
										  NumericGetDatum(int64_to_numeric(0)))) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("increment must be greater than zero"),
				 errdetail("Value \"%s\" is not allowed.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n))))));
	inc->fast = (k == PM_NUM_FAST);
	inc->num = n;
}

/* round(float8[], places, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_float8_array);
Datum
pricemath_round_float8_array(PG_FUNCTION_ARGS)
{
	int32		places = PG_GETARG_INT32(1);
	pm_round_mode mode = PmParseRoundMode(PG_GETARG_TEXT_PP(2));
	char		buf[32];
	PmFloatInc	inc;

	PmCheckPlaces(places);
	snprintf(buf, sizeof(buf), "1e%d", -places);
	Float8IncFromNumeric(&inc, DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
																   ObjectIdGetDatum(InvalidOid),
																   Int32GetDatum(-1))));
	PG_RETURN_ARRAYTYPE_P(Float8RoundArray(PG_GETARG_ARRAYTYPE_P(0), &inc, mode));
}

/* round_to(float8[], increment, mode) */
PG_FUNCTION_INFO_V1(pricemath_round_to_float8_array);
Datum
pricemath_round_to_float8_array(PG_FUNCTION_ARGS)
{
	PmFloatInc	inc;
	pm_round_mode mode = PmParseRoundMode(PG_GETARG_TEXT_PP(2));

	Float8IncFromNumeric(&inc, PG_GETARG_NUMERIC(1));
	PG_RETURN_ARRAYTYPE_P(Float8RoundArray(PG_GETARG_ARRAYTYPE_P(0), &inc, mode));
}
