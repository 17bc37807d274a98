/*
 * pm_aggstate.c: aggregate states as expanded objects, their flat form, and
 * the input, output, send and receive functions of the state types.
 */
#include "postgres.h"

#include "common/base64.h"
#include "libpq/pqformat.h"
#include "port/pg_bitutils.h"
#include "utils/memutils.h"

#include "pm_aggstate.h"

/* ---- the expanded object ---- */

StaticAssertDecl(offsetof(PmAggStateFamily, methods) == 0,
				 "PmAggStateFamilyOf reads a family from its methods");

/* Writes the flat payload of s (tag, version, body) into buf, in the current context. */
static void
PmAggStateWrite(const PmAggState *s, StringInfo buf)
{
	const PmAggStateFamily *f = PmAggStateFamilyOf(s);

	initStringInfo(buf);
	f->write(buf, s);
}

/* Writes the flat payload of s into s->flat (in the state's context). */
static void
PmAggStateBuildFlat(PmAggState *s)
{
	MemoryContext old = MemoryContextSwitchTo(PmAggStateContext(s));
	StringInfoData buf;

	if (s->flat != NULL)
		pfree(s->flat);
	s->flat = NULL;
	PmAggStateWrite(s, &buf);
	s->flat = buf.data;
	s->flatlen = buf.len;
	MemoryContextSwitchTo(old);
}

Size
PmAggStateGetFlatSize(ExpandedObjectHeader *eohptr)
{
	PmAggState *s = (PmAggState *) eohptr;

	/* rebuilt every time: the state may have changed since the last call */
	PmAggStateBuildFlat(s);
	return VARHDRSZ + (Size) s->flatlen;
}

void
PmAggStateFlattenInto(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	PmAggState *s = (PmAggState *) eohptr;

	if (s->flat == NULL || VARHDRSZ + (Size) s->flatlen != allocated_size)
		PmAggStateBuildFlat(s);
	if (VARHDRSZ + (Size) s->flatlen != allocated_size)
		elog(ERROR, "pricemath: %s changed between get_flat_size and flatten_into", PmAggStateFamilyOf(s)->name);
	SET_VARSIZE(result, allocated_size);
	memcpy(VARDATA(result), s->flat, s->flatlen);
	pfree(s->flat);
	s->flat = NULL;
}

/*
 * The first block of a state's memory context: room for the context's own
 * header, the state and (when small) its first part, each chunk rounded up
 * to a power of 2 as AllocSet rounds it.  A hash aggregate keeps one state
 * per group, so one block per state matters; a part too large for a chunk
 * of its own gets a block of its own anyway.  Only a sizing hint: a wrong
 * guess costs memory, never correctness.
 */
#define PM_AGGSTATE_CONTEXT_OVERHEAD 512
#define PM_AGGSTATE_CHUNK_LIMIT 1024	/* AllocSet's largest chunk at ALLOCSET_SMALL_MAXSIZE */

PmAggState *
PmAggStateNew(MemoryContext parent, const PmAggStateFamily *f, Size size, Size part)
{
	Size		first = PM_AGGSTATE_CONTEXT_OVERHEAD + pg_nextpower2_size_t(MAXALIGN(size));
	MemoryContext cxt;
	PmAggState *s;

	if (part > 0 && part <= PM_AGGSTATE_CHUNK_LIMIT)
		first += pg_nextpower2_size_t(MAXALIGN(part));
	first = MAXALIGN(Min(Max(first, ALLOCSET_SMALL_INITSIZE), ALLOCSET_SMALL_MAXSIZE));
	cxt = AllocSetContextCreate(parent, "pricemath aggregate state", first, ALLOCSET_SMALL_INITSIZE,
								ALLOCSET_SMALL_MAXSIZE);

	Assert(size >= sizeof(PmAggState));
	s = MemoryContextAllocZero(cxt, size);
	EOH_init_header(&s->eoh, &f->methods, cxt);
	return s;
}

MemoryContext
PmAggStateParent(FunctionCallInfo fcinfo)
{
	MemoryContext agg;

	if (AggCheckCallContext(fcinfo, &agg))
		return agg;
	return CurrentMemoryContext;
}

/*
 * A state parsed from the flat payload (tag, version, body) of len bytes,
 * under parent; every byte must belong to it.
 */
static PmAggState *
PmAggStateParse(const char *data, int len, const PmAggStateFamily *f, MemoryContext parent)
{
	return f->read(data, len, parent);
}

/* A state from datum d (flat, possibly toasted, or expanded), under parent. */
static PmAggState *
PmAggStateFromDatum(Datum d, const PmAggStateFamily *f, MemoryContext parent)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	PmAggState *s = PmAggStateParse(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), f, parent);

	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
	return s;
}

PmAggState *
PmAggStateArgForUpdate(FunctionCallInfo fcinfo, int argno, const PmAggStateFamily *f)
{
	PmAggState *s = PmAggStateRW(fcinfo, argno, f);

	if (s != NULL)
		return s;
	return PmAggStateFromDatum(PG_GETARG_DATUM(argno), f, PmAggStateParent(fcinfo));
}

const PmAggState *
PmAggStateArgForRead(FunctionCallInfo fcinfo, int argno, const PmAggStateFamily *f)
{
	Datum		d = PG_GETARG_DATUM(argno);

	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		PmAggState *s = (PmAggState *) DatumGetEOHP(d);

		if (s->eoh.eoh_methods != &f->methods)
			elog(ERROR, "pricemath: argument %d is not a %s", argno + 1, f->name);
		return s;
	}
	return PmAggStateFromDatum(d, f, CurrentMemoryContext);
}

PmAggState *
PmAggStateCopy(const PmAggState *s, MemoryContext parent)
{
	StringInfoData buf;
	PmAggState *copy;

	PmAggStateWrite(s, &buf);
	copy = PmAggStateParse(buf.data, buf.len, PmAggStateFamilyOf(s), parent);
	pfree(buf.data);
	return copy;
}

/* The flat varlena of s, in the current context; s is deleted. */
static Datum
PmAggStateFlatten(PmAggState *s)
{
	Size		size = EOH_get_flat_size(&s->eoh);
	void	   *flat = palloc(size);

	EOH_flatten_into(&s->eoh, flat, size);
	DeleteExpandedObject(PmAggStateDatum(s));
	return PointerGetDatum(flat);
}

/* ---- the type's I/O functions ---- */

/*
 * The text form: the flat payload in base64, on one line.  Input accepts
 * only that (no whitespace), and returns the state rewritten, so that a
 * stored value is always in the canonical form.
 */
Datum
PmAggStateIn(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			len = (int) strlen(str);
	char	   *bytes = palloc(pg_b64_dec_len(len) + 1);
	int			n = pg_b64_decode(str, len, bytes, pg_b64_dec_len(len) + 1);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", f->name),
				 errdetail("A value of type %s is written in base64, as its output function writes it.", f->name)));
	return PmAggStateFlatten(PmAggStateParse(bytes, n, f, CurrentMemoryContext));
}

Datum
PmAggStateOut(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	int			len = VARSIZE_ANY_EXHDR(v);
	int			outlen = pg_b64_enc_len(len);
	char	   *out = palloc(outlen + 1);
	int			n = pg_b64_encode(VARDATA_ANY(v), len, out, outlen);

	if (n < 0)
		elog(ERROR, "pricemath: could not encode a %s", f->name);
	out[n] = '\0';
	PG_RETURN_CSTRING(out);
}

Datum
PmAggStateRecv(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *data = buf->data + buf->cursor;
	int			len = buf->len - buf->cursor;

	buf->cursor = buf->len;
	return PmAggStateFlatten(PmAggStateParse(data, len, f, CurrentMemoryContext));
}

Datum
PmAggStateSend(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	bytea	   *b = palloc(VARHDRSZ + VARSIZE_ANY_EXHDR(v));

	SET_VARSIZE(b, VARHDRSZ + VARSIZE_ANY_EXHDR(v));
	memcpy(VARDATA(b), VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(b);
}

Datum
PmAggStateSerialize(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	const PmAggState *s = PmAggStateArgForRead(fcinfo, 0, f);
	StringInfoData buf;

	pq_begintypsend(&buf);
	f->write(&buf, s);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
PmAggStateDeserialize(FunctionCallInfo fcinfo, const PmAggStateFamily *f)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	return PmAggStateDatum(PmAggStateParse(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), f, PmAggStateParent(fcinfo)));
}

/* ---- the flat form ---- */

void
PmCorruptState(pm_state_error e)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized aggregate state"),
			 errdetail("%s", pm_statefmt_detail(e))));
}
