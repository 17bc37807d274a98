/*
 * pm_ladder.h: price ladders (bands of price points, each with its own step
 * and ending), price points inside a cap on change, and the guardrail
 * report.  Pure C99; no PostgreSQL headers.
 */
#ifndef PM_LADDER_H
#define PM_LADDER_H

#include "pm_price.h"

/*
 * A value for these rules: a pm_dec, or (big != NULL) a value beyond the
 * core's range that only the caller's ops can handle (in PostgreSQL, a
 * numeric).  The core never reads big; it hands such values to the ops.
 */
typedef struct pm_lv
{
	pm_dec		d;				/* the value, when big is NULL */
	const void *big;			/* the caller's own value, or NULL */
} pm_lv;

/*
 * Exact arithmetic the core delegates when a value is big or a pm_dec
 * operation overflows.  With no ops (NULL), such a case gives PM_OVERFLOW,
 * and the caller can retry with ops.
 */
typedef struct pm_lv_ops
{
	void	   *arg;			/* passed to each operation */
	/* the sign of a - b */
	int			(*cmp) (void *arg, const pm_lv *a, const pm_lv *b);
	/* r = (round((x - ending) / step, how) + off) * step + ending */
	void		(*snap) (void *arg, const pm_lv *x, const pm_lv *step, const pm_lv *ending,
						 pm_round_mode how, int off, pm_lv *r);
	/* the sign of (t - d) - (u - t): which of d <= t <= u is nearer t */
	int			(*mid) (void *arg, const pm_lv *t, const pm_lv *d, const pm_lv *u);
} pm_lv_ops;

/* A pm_dec as a value for these rules. */
static inline pm_lv
pm_lv_of(const pm_dec *d)
{
	pm_lv		v = {*d, NULL};

	return v;
}

/*
 * One band of a ladder: the prices from bound up to (not including) the
 * next band's bound; its points are k * step + ending (k >= 0) inside it.
 * pm_ladder_prepare fills first, last, has_points, prev and next.
 */
typedef struct pm_ladder_band
{
	pm_lv		bound;			/* the band's lowest price */
	pm_lv		step;			/* the distance between points, > 0 */
	pm_lv		ending;			/* the points' offset, 0 <= ending < step */
	pm_lv		first;			/* the smallest point >= bound */
	pm_lv		last;			/* the largest point < the next bound (not in the top band) */
	bool		has_points;		/* whether any point lies inside the band */
	int			prev;			/* the nearest band at or below with points, or -1 */
	int			next;			/* the nearest band at or above with points */
} pm_ladder_band;

typedef struct pm_ladder
{
	int			n;				/* the number of bands, >= 1 */
	pm_ladder_band *bands;		/* the bands, by ascending bound */
	const pm_lv_ops *ops;		/* arithmetic for big values, or NULL */
} pm_ladder;

/*
 * Check a ladder (n >= 1, bound[0] >= 0, bounds strictly ascending,
 * step > 0, 0 <= ending < step in every band: else PM_INVALID with *bad the
 * 0-based band) and fill its derived fields.  The top band always has
 * points; a narrow band may have none.  tick (when not NULL) is called
 * with tick_arg every PM_TICK_STRIDE bands of each pass.
 */
extern pm_status pm_ladder_prepare(pm_ladder *l, int *bad, pm_tick_fn tick, void *tick_arg);

/*
 * r = the ladder's point for t >= 0 under mode: down the largest point
 * <= t, up the smallest point >= t, nearest the closer of the two (ties
 * up).  A t below the smallest point gets the smallest point in every mode
 * (as apply_ending never goes below its ending).  t < 0 gives PM_INVALID.
 */
extern pm_status pm_ladder_point(const pm_ladder *l, const pm_lv *t, pm_ending_mode mode, pm_lv *r);

/* Whether v is a point of the ladder. */
extern pm_status pm_ladder_is_point(const pm_ladder *l, const pm_lv *v, bool *is);

/* What pm_ladder_fit did. */
typedef enum pm_fit
{
	PM_FIT_POINT = 0,			/* the uncapped point lies inside the cap */
	PM_FIT_CAPPED,				/* the cap moved it to another point */
	PM_FIT_NO_POINT				/* no point fits: the target capped, without ending */
} pm_fit;

/*
 * r = the best point for target t inside the cap [lo, hi] (NULL: that side
 * is open) around old (NULL: a new price, r is the point for t):
 *  1. e = pm_ladder_point(t); if lo <= e <= hi, r = e.
 *  2. e > hi and t > old: r = the largest point in [max(lo, old), hi].
 *     e < lo and t < old: r = the smallest point in [lo, min(hi, old)].
 *  3. otherwise (no such point): r = t limited to [lo, hi].
 * So a capped point never crosses old: the price moves toward the target
 * or not at all.  Requires lo <= hi and t >= 0 (else PM_INVALID).
 */
extern pm_status pm_ladder_fit(const pm_ladder *l, const pm_lv *old, const pm_lv *t,
							   const pm_lv *lo, const pm_lv *hi, pm_ending_mode mode,
							   pm_lv *r, pm_fit *how);

/* guard_report's reasons, in the order of their names. */
typedef enum pm_guard
{
	PM_GUARD_UNCHANGED = 0,
	PM_GUARD_CHANGED,
	PM_GUARD_CAPPED_UP,
	PM_GUARD_CAPPED_DOWN,
	PM_GUARD_CAPPED_NO_ENDING,
	PM_GUARD_NO_ENDING,
	PM_GUARD_CONTRADICTION		/* no rule gives these values: the glue raises */
} pm_guard;

#define PM_GUARD_REASONS 6
extern const char *const pm_guard_names[PM_GUARD_REASONS];

/*
 * Tolerance for an inward-rounded bound: a cap rounded to places may lie
 * less than one unit of places past old.  below = old - unit and above =
 * old + unit, compared strictly; with no places both are old, compared
 * inclusively.
 */
typedef struct pm_guard_tol
{
	pm_lv		below;			/* old less one unit of places (old without places) */
	pm_lv		above;			/* old plus one unit of places (old without places) */
	bool		strict;			/* whether below and above themselves are excluded */
} pm_guard_tol;

/*
 * What the guardrails did to one price (old NULL: a new price), given the
 * ladder the limit used (NULL: none) and its mode.  Let target = the
 * ladder's point for new (or new without a ladder):
 *  - lim = target: unchanged when lim = old, else changed;
 *  - capped_up: old <= lim < new (lim within tol below old: a cap bound
 *    rounded inward); capped_down: new < lim <= old likewise;
 *  - with a ladder, lim not a point: capped_no_ending when it is a cap
 *    bound on the way (the relations above, within tol), no_ending when
 *    lim = new (the target kept, as no point fitted);
 *  - anything else: PM_GUARD_CONTRADICTION.
 * ops handle big values (l->ops is not used: a ladder may be NULL).
 */
extern pm_status pm_guard_classify(const pm_ladder *l, pm_ending_mode mode, const pm_lv_ops *ops,
								   const pm_lv *old,
								   const pm_lv *new_price, const pm_lv *lim,
								   const pm_guard_tol *tol, pm_guard *g);

#endif							/* PM_LADDER_H */
