/*
 * pm_aggstate.h: the aggregate states as real SQL types (pricemath.vec_state,
 * pricemath.index_state) that a distributed plan can ship between nodes.
 *
 * In memory a state is a PostgreSQL expanded object: the family's C struct
 * begins with a PmAggState and lives in a memory context of its own, a child
 * of the aggregate context.  A transition function receives it as a
 * read-write pointer and changes it in place, so no row copies it; the
 * executor flattens it only when it leaves the aggregate (a partial
 * aggregate's output, a Citus worker's partial state).
 *
 * The flat form, which the binary send/receive form equals, is a varlena of
 * the family's tag byte, the format version and the family's body (network
 * byte order, pq_send* style), decoded and encoded by core/pm_statefmt.h.
 * The text form is that flat form in base64, which is compact, since
 * partial states travel between nodes.  Input and receive parse the whole
 * payload with the family's reader, which validates every field through
 * the core: bytes that no state of this library wrote raise 22P03.
 */
#ifndef PM_AGGSTATE_H
#define PM_AGGSTATE_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"
#include "utils/expandeddatum.h"

#include "core/pm_statefmt.h"
#include "pm_array.h"			/* PM_SQL_FUNC */

typedef struct PmAggState PmAggState;

/*
 * What each state family provides.  Each family has expanded-object methods
 * of its own (the same functions), so that one pointer compare tells a
 * state of this family from any other expanded object.
 */
typedef struct PmAggStateFamily
{
	ExpandedObjectMethods methods;	/* PM_AGGSTATE_METHODS */
	const char *name;			/* the SQL type, in messages: "vec_state" */
	/* append the flat payload of s (tag, version, body) to buf */
	void		(*write) (StringInfo buf, const PmAggState *s);
	/* a new state in a child of parent, decoded and validated from the whole payload */
	PmAggState *(*read) (const char *data, int len, MemoryContext parent);
} PmAggStateFamily;

/* The head of every state struct: the expanded object header. */
struct PmAggState
{
	ExpandedObjectHeader eoh;	/* its methods are the family's */
	char	   *flat;			/* the flat payload from get_flat_size until
								 * flatten_into, in the state's context; else NULL */
	int			flatlen;		/* its length */
};

/* The family of s: its methods are the first member of the family. */
static inline const PmAggStateFamily *
PmAggStateFamilyOf(const PmAggState *s)
{
	return (const PmAggStateFamily *) s->eoh.eoh_methods;
}

/*
 * A new zeroed state of size bytes (the family struct, which begins with a
 * PmAggState) in a new memory context under parent, sized for the state
 * and a first part of part bytes that the caller allocates next (0: none).
 */
extern PmAggState *PmAggStateNew(MemoryContext parent, const PmAggStateFamily *f, Size size, Size part);

/* The memory context a state's parts belong in. */
static inline MemoryContext
PmAggStateContext(const PmAggState *s)
{
	return s->eoh.eoh_context;
}

/* A state as the read-write datum a transition function returns. */
static inline Datum
PmAggStateDatum(PmAggState *s)
{
	return EOHPGetRWDatum(&s->eoh);
}

/* The methods member of every family: PM_AGGSTATE_METHODS, then the family's name, write and read. */
extern Size PmAggStateGetFlatSize(ExpandedObjectHeader *eohptr);
extern void PmAggStateFlattenInto(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);
#define PM_AGGSTATE_METHODS {PmAggStateGetFlatSize, PmAggStateFlattenInto}

/*
 * Whether fcinfo is the call of a plain or window aggregate (what
 * AggCheckCallContext tests, inline): only then is a state argument the
 * aggregate's own, to change in place, as float8_accum changes its array.
 */
static pg_attribute_always_inline bool
PmCalledAsAggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

/*
 * The state in argument argno (not NULL) when it is a read-write expanded
 * state of family f and the call is an aggregate's, so that it may be
 * changed in place; else NULL.  The transition functions' per-row test: a
 * few loads and compares.
 */
static pg_attribute_always_inline PmAggState *
PmAggStateRW(FunctionCallInfo fcinfo, int argno, const PmAggStateFamily *f)
{
	Datum		d = PG_GETARG_DATUM(argno);
	varatt_expanded ptr;

	if (unlikely(!VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) || !PmCalledAsAggregate(fcinfo)))
		return NULL;
	/* DatumGetEOHP, inline */
	memcpy(&ptr, VARDATA_EXTERNAL(DatumGetPointer(d)), sizeof(ptr));
	if (unlikely(ptr.eohptr->eoh_methods != &f->methods))
		return NULL;
	return (PmAggState *) ptr.eohptr;
}

/*
 * The state in argument argno (not NULL) to change: the argument itself
 * when PmAggStateRW allows, else a copy of it, in the aggregate context
 * when called as an aggregate (else the current context).  Outside an
 * aggregate a state is never changed in place, whoever passed it
 * read-write: a row that fails half way must not leave half of it in a
 * value that outlives the error.
 */
extern PmAggState *PmAggStateArgForUpdate(FunctionCallInfo fcinfo, int argno, const PmAggStateFamily *f);

/* The state in argument argno (not NULL) to read: the object itself, or its flat form parsed. */
extern const PmAggState *PmAggStateArgForRead(FunctionCallInfo fcinfo, int argno, const PmAggStateFamily *f);

/* A deep copy of s (the same family) in a new context under parent. */
extern PmAggState *PmAggStateCopy(const PmAggState *s, MemoryContext parent);

/* The memory context a new state of a support function goes under. */
extern MemoryContext PmAggStateParent(FunctionCallInfo fcinfo);

/*
 * The SQL entry points of family f: its type's input, output, receive and
 * send functions (pricemath_<type>_in, ...), and the 0.1.0 and 0.2.0
 * catalog's serialize and deserialize functions on internal states
 * (pricemath_<old>_serialize, _deserialize).
 */
#define PM_AGGSTATE_SQL_FUNCS(type, old, f) \
PM_SQL_FUNC(pricemath_##type##_in, PmAggStateIn(fcinfo, f)) \
PM_SQL_FUNC(pricemath_##type##_out, PmAggStateOut(fcinfo, f)) \
PM_SQL_FUNC(pricemath_##type##_recv, PmAggStateRecv(fcinfo, f)) \
PM_SQL_FUNC(pricemath_##type##_send, PmAggStateSend(fcinfo, f)) \
PM_SQL_FUNC(pricemath_##old##_serialize, PmAggStateSerialize(fcinfo, f)) \
PM_SQL_FUNC(pricemath_##old##_deserialize, PmAggStateDeserialize(fcinfo, f))

/* The type's input, output, receive and send functions, for family f. */
extern Datum PmAggStateIn(FunctionCallInfo fcinfo, const PmAggStateFamily *f);
extern Datum PmAggStateOut(FunctionCallInfo fcinfo, const PmAggStateFamily *f);
extern Datum PmAggStateRecv(FunctionCallInfo fcinfo, const PmAggStateFamily *f);
extern Datum PmAggStateSend(FunctionCallInfo fcinfo, const PmAggStateFamily *f);

/*
 * The 0.1.0 and 0.2.0 serialize and deserialize functions (internal state,
 * bytea), which a catalog not yet updated calls: the flat form as bytea, and
 * a state from it.
 */
extern Datum PmAggStateSerialize(FunctionCallInfo fcinfo, const PmAggStateFamily *f);
extern Datum PmAggStateDeserialize(FunctionCallInfo fcinfo, const PmAggStateFamily *f);

/* ---- the flat form, through core/pm_statefmt.h ---- */

/* Bytes that no state of this library wrote: 22P03, e's sentence the detail. */
extern void PmCorruptState(pm_state_error e) pg_attribute_noreturn();

/* A core decoder's status: nothing when PM_STATE_OK, else the 22P03 error. */
static inline void
PmStateCheck(pm_state_error e)
{
	if (unlikely(e != PM_STATE_OK))
		PmCorruptState(e);
}

/* Room for n more bytes at the end of buf, for a core encoder to write. */
static inline unsigned char *
PmStateRoom(StringInfo buf, Size n)
{
	enlargeStringInfo(buf, (int) n);
	return (unsigned char *) buf->data + buf->len;
}

/* The n bytes a core encoder wrote at PmStateRoom, appended. */
static inline void
PmStateAdvance(StringInfo buf, Size n)
{
	buf->len += (int) n;
	buf->data[buf->len] = '\0';
}

#endif							/* PM_AGGSTATE_H */
