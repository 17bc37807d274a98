/*
 * pm_ladder.c: price ladders, price points inside a cap, and the guardrail
 * report, over pm_lv values (a pm_dec, or a big value the caller's ops own).
 */
#include "pm_ladder.h"

const char *const pm_guard_names[PM_GUARD_REASONS] = {
	"unchanged", "changed", "capped_up", "capped_down", "capped_no_ending", "no_ending",
};

/* ---- the three operations, in the core when they fit ---- */

/* *c = the sign of a - b. */
static pm_status
lv_cmp(const pm_lv_ops *ops, const pm_lv *a, const pm_lv *b, int *c)
{
	if (a->big == NULL && b->big == NULL)
	{
		pm_status	st;

		*c = pm_dec_cmp(&a->d, &b->d, &st);
		if (st == PM_OK)
			return PM_OK;
	}
	if (ops == NULL)
		return PM_OVERFLOW;
	*c = ops->cmp(ops->arg, a, b);
	return PM_OK;
}

/* r = (round((x - ending) / step, how) + off) * step + ending */
static pm_status
lv_snap(const pm_lv_ops *ops, const pm_lv *x, const pm_lv *step, const pm_lv *ending,
		pm_round_mode how, int off, pm_lv *r)
{
	if (x->big == NULL && step->big == NULL && ending->big == NULL)
	{
		pm_dec		d,
					k,
					ks;
		pm_status	st;

		if ((st = pm_dec_sub(&x->d, &ending->d, &d)) == PM_OK &&
			(st = pm_dec_div_round(&d, &step->d, 0, how, &k)) == PM_OK &&
			!__builtin_add_overflow(k.coef, (pm_i128) off, &k.coef) &&
			(st = pm_dec_mul(&k, &step->d, &ks)) == PM_OK &&
			(st = pm_dec_add(&ks, &ending->d, &r->d)) == PM_OK)
		{
			r->big = NULL;
			return PM_OK;
		}
		if (st != PM_OK && st != PM_OVERFLOW)
			return st;
	}
	if (ops == NULL)
		return PM_OVERFLOW;
	ops->snap(ops->arg, x, step, ending, how, off, r);
	return PM_OK;
}

/* the sign of (t - d) - (u - t), that is of 2t - d - u */
static pm_status
lv_mid(const pm_lv_ops *ops, const pm_lv *t, const pm_lv *d, const pm_lv *u, int *c)
{
	if (t->big == NULL && d->big == NULL && u->big == NULL)
	{
		pm_dec		t2,
					a,
					b;

		if (pm_dec_add(&t->d, &t->d, &t2) == PM_OK &&
			pm_dec_sub(&t2, &d->d, &a) == PM_OK &&
			pm_dec_sub(&a, &u->d, &b) == PM_OK)
		{
			*c = (b.coef > 0) - (b.coef < 0);
			return PM_OK;
		}
	}
	if (ops == NULL)
		return PM_OVERFLOW;
	*c = ops->mid(ops->arg, t, d, u);
	return PM_OK;
}

/* Return any status other than PM_OK at once. */
#define TRY(expr) do { pm_status st_ = (expr); if (st_ != PM_OK) return st_; } while (0)

/* Whether a is a pm_dec below zero; the glue checks the sign of its big values itself. */
static bool
lv_negative(const pm_lv *a)
{
	return a->big == NULL && a->d.coef < 0;
}

/* ---- ladders ---- */

pm_status
pm_ladder_prepare(pm_ladder *l, int *bad, pm_tick_fn tick, void *tick_arg)
{
	const pm_lv_ops *ops = l->ops;
	pm_lv		zero = {{0, 0}, NULL};
	int			c,
				last_with = -1;

	if (l->n < 1)
	{
		*bad = 0;
		return PM_INVALID;
	}
	for (int i = 0; i < l->n; i++)
	{
		pm_ladder_band *b = &l->bands[i];

		if (tick != NULL && i % PM_TICK_STRIDE == 0)
			tick(tick_arg);
		*bad = i;
		/* bound[0] >= 0, bounds ascending, step > 0, 0 <= ending < step */
		TRY(lv_cmp(ops, &b->bound, i == 0 ? &zero : &l->bands[i - 1].bound, &c));
		if (i == 0 ? c < 0 : c <= 0)
			return PM_INVALID;
		TRY(lv_cmp(ops, &b->step, &zero, &c));
		if (c <= 0)
			return PM_INVALID;
		TRY(lv_cmp(ops, &b->ending, &zero, &c));
		if (c < 0)
			return PM_INVALID;
		TRY(lv_cmp(ops, &b->ending, &b->step, &c));
		if (c >= 0)
			return PM_INVALID;
	}
	for (int i = 0; i < l->n; i++)
	{
		pm_ladder_band *b = &l->bands[i];

		if (tick != NULL && i % PM_TICK_STRIDE == 0)
			tick(tick_arg);
		/* bound >= 0 > ending - step, so k >= 0 here */
		TRY(lv_snap(ops, &b->bound, &b->step, &b->ending, PM_ROUND_CEILING, 0, &b->first));
		b->has_points = true;
		if (i + 1 < l->n)
		{
			const pm_lv *nb = &l->bands[i + 1].bound;

			/* the point just below the next bound */
			TRY(lv_snap(ops, nb, &b->step, &b->ending, PM_ROUND_CEILING, -1, &b->last));
			TRY(lv_cmp(ops, &b->first, nb, &c));
			b->has_points = c < 0;
		}
		if (b->has_points)
			last_with = i;
		b->prev = last_with;
	}
	for (int i = l->n - 1, next_with = l->n - 1; i >= 0; i--)
	{
		if (l->bands[i].has_points)
			next_with = i;
		l->bands[i].next = next_with;
	}
	*bad = -1;
	return PM_OK;
}

/* The band t lies in (the last whose bound is <= t), or -1 below the first. */
static pm_status
band_of(const pm_ladder *l, const pm_lv *t, int *j)
{
	int			lo = 0,
				hi = l->n - 1,
				c;

	TRY(lv_cmp(l->ops, t, &l->bands[0].bound, &c));
	if (c < 0)
	{
		*j = -1;
		return PM_OK;
	}
	while (lo < hi)
	{
		int			mid = lo + (hi - lo + 1) / 2;

		TRY(lv_cmp(l->ops, t, &l->bands[mid].bound, &c));
		if (c >= 0)
			lo = mid;
		else
			hi = mid - 1;
	}
	*j = lo;
	return PM_OK;
}

static const pm_lv *
smallest_point(const pm_ladder *l)
{
	return &l->bands[l->bands[0].next].first;
}

/*
 * t's band *j (-1 below the first) and, when that band has points, *r = t
 * snapped to its grid with how (*snapped says whether it was).  The snapped
 * point may still lie outside the band: the callers check.
 */
static pm_status
snap_in_band(const pm_ladder *l, const pm_lv *t, pm_round_mode how, int *j, pm_lv *r,
			 bool *snapped)
{
	const pm_ladder_band *b;

	TRY(band_of(l, t, j));
	*snapped = *j >= 0 && l->bands[*j].has_points;
	if (!*snapped)
		return PM_OK;
	b = &l->bands[*j];
	return lv_snap(l->ops, t, &b->step, &b->ending, how, 0, r);
}

/* The largest point <= t; *found false when every point is above t. */
static pm_status
ladder_down(const pm_ladder *l, const pm_lv *t, pm_lv *r, bool *found)
{
	int			j,
				c,
				k;
	bool		snapped;

	TRY(snap_in_band(l, t, PM_ROUND_FLOOR, &j, r, &snapped));
	*found = false;
	if (snapped)
	{
		TRY(lv_cmp(l->ops, r, &l->bands[j].first, &c));
		if (c >= 0)
		{
			*found = true;
			return PM_OK;
		}
	}
	/* else the last point of the nearest band below with points, if any */
	k = j > 0 ? l->bands[j - 1].prev : -1;
	if (k >= 0)
	{
		*r = l->bands[k].last;
		*found = true;
	}
	return PM_OK;
}

/* The smallest point >= t (there always is one: the top band is unbounded). */
static pm_status
ladder_up(const pm_ladder *l, const pm_lv *t, pm_lv *r)
{
	int			j,
				c;
	bool		snapped;

	TRY(snap_in_band(l, t, PM_ROUND_CEILING, &j, r, &snapped));
	if (j < 0)
	{
		*r = *smallest_point(l);
		return PM_OK;
	}
	if (snapped)
	{
		if (j == l->n - 1)
			return PM_OK;
		TRY(lv_cmp(l->ops, r, &l->bands[j].last, &c));
		if (c <= 0)
			return PM_OK;
	}
	/* j is not the top band here, which always has points */
	*r = l->bands[l->bands[j + 1].next].first;
	return PM_OK;
}

pm_status
pm_ladder_point(const pm_ladder *l, const pm_lv *t, pm_ending_mode mode, pm_lv *r)
{
	pm_lv		d,
				u;
	bool		found;
	int			c;

	if (lv_negative(t))
		return PM_INVALID;
	if (mode == PM_ENDING_UP)
		return ladder_up(l, t, r);
	TRY(ladder_down(l, t, &d, &found));
	if (!found)
	{
		*r = *smallest_point(l);
		return PM_OK;
	}
	if (mode == PM_ENDING_DOWN)
	{
		*r = d;
		return PM_OK;
	}
	TRY(lv_cmp(l->ops, &d, t, &c));
	if (c == 0)
	{
		*r = d;
		return PM_OK;
	}
	TRY(ladder_up(l, t, &u));
	TRY(lv_mid(l->ops, t, &d, &u, &c));
	*r = c >= 0 ? u : d;		/* a tie goes up */
	return PM_OK;
}

pm_status
pm_ladder_is_point(const pm_ladder *l, const pm_lv *v, bool *is)
{
	pm_lv		d;
	bool		found;
	int			c = 1;

	*is = false;
	if (lv_negative(v))
		return PM_OK;
	TRY(ladder_down(l, v, &d, &found));
	if (found)
		TRY(lv_cmp(l->ops, &d, v, &c));
	*is = found && c == 0;
	return PM_OK;
}

/* ---- points inside a cap ---- */

pm_status
pm_ladder_fit(const pm_ladder *l, const pm_lv *old, const pm_lv *t, const pm_lv *lo,
			  const pm_lv *hi, pm_ending_mode mode, pm_lv *r, pm_fit *how)
{
	const pm_lv_ops *ops = l->ops;
	pm_lv		e,
				p;
	int			c,
				c_lo = 1,
				c_hi = -1;

	if (lo != NULL && hi != NULL)
	{
		TRY(lv_cmp(ops, lo, hi, &c));
		if (c > 0)
			return PM_INVALID;
	}
	TRY(pm_ladder_point(l, t, mode, &e));
	*how = PM_FIT_POINT;
	*r = e;
	if (old == NULL)
		return PM_OK;
	if (lo != NULL)
		TRY(lv_cmp(ops, &e, lo, &c_lo));
	if (hi != NULL)
		TRY(lv_cmp(ops, &e, hi, &c_hi));
	if (c_lo >= 0 && c_hi <= 0)
		return PM_OK;

	*how = PM_FIT_CAPPED;
	TRY(lv_cmp(ops, t, old, &c));
	if (c_hi > 0 && c > 0)
	{
		/* the largest point <= hi, if it is >= old and >= lo */
		bool		found;

		TRY(ladder_down(l, hi, &p, &found));
		if (found)
			TRY(lv_cmp(ops, &p, old, &c));
		if (found && c >= 0 && lo != NULL)
			TRY(lv_cmp(ops, &p, lo, &c));
		if (found && c >= 0)
		{
			*r = p;
			return PM_OK;
		}
	}
	else if (c_lo < 0 && c < 0)
	{
		/* the smallest point >= lo, if it is <= old and <= hi */
		TRY(ladder_up(l, lo, &p));
		TRY(lv_cmp(ops, &p, old, &c));
		if (c <= 0 && hi != NULL)
			TRY(lv_cmp(ops, &p, hi, &c));
		if (c <= 0)
		{
			*r = p;
			return PM_OK;
		}
	}

	/* no point on the target's side: the target itself, capped */
	*how = PM_FIT_NO_POINT;
	*r = *t;
	if (hi != NULL)
	{
		TRY(lv_cmp(ops, t, hi, &c));
		if (c > 0)
			*r = *hi;
	}
	if (lo != NULL)
	{
		TRY(lv_cmp(ops, t, lo, &c));
		if (c < 0)
			*r = *lo;
	}
	return PM_OK;
}

/* ---- the guardrail report ---- */

/* Whether lim lies on the way from old to new: old <= lim < new, or new < lim <= old. */
static pm_status
on_the_way(const pm_lv_ops *ops, const pm_lv *old, const pm_lv *new_price, const pm_lv *lim,
		   const pm_guard_tol *tol, bool *up, bool *down)
{
	int			c_no,
				c_ln,
				c;

	*up = *down = false;
	TRY(lv_cmp(ops, new_price, old, &c_no));
	TRY(lv_cmp(ops, lim, new_price, &c_ln));
	if (c_no > 0 && c_ln < 0)
	{
		if (tol == NULL)
			TRY(lv_cmp(ops, lim, old, &c));
		else
			TRY(lv_cmp(ops, lim, &tol->below, &c));
		*up = (tol != NULL && tol->strict) ? c > 0 : c >= 0;
	}
	else if (c_no < 0 && c_ln > 0)
	{
		if (tol == NULL)
			TRY(lv_cmp(ops, lim, old, &c));
		else
			TRY(lv_cmp(ops, lim, &tol->above, &c));
		*down = (tol != NULL && tol->strict) ? c < 0 : c <= 0;
	}
	return PM_OK;
}

pm_status
pm_guard_classify(const pm_ladder *l, pm_ending_mode mode, const pm_lv_ops *ops,
				  const pm_lv *old, const pm_lv *new_price, const pm_lv *lim,
				  const pm_guard_tol *tol, pm_guard *g)
{
	pm_lv		target = *new_price;
	bool		up,
				down,
				is_point;
	int			c;

	if (l != NULL)
		TRY(pm_ladder_point(l, new_price, mode, &target));
	TRY(lv_cmp(ops, lim, &target, &c));
	if (c == 0)
	{
		*g = PM_GUARD_CHANGED;
		if (old != NULL)
		{
			TRY(lv_cmp(ops, lim, old, &c));
			if (c == 0)
				*g = PM_GUARD_UNCHANGED;
		}
		return PM_OK;
	}
	*g = PM_GUARD_CONTRADICTION;
	if (old == NULL)
		return PM_OK;
	if (l == NULL)
	{
		TRY(on_the_way(ops, old, new_price, lim, tol, &up, &down));
		if (up)
			*g = PM_GUARD_CAPPED_UP;
		else if (down)
			*g = PM_GUARD_CAPPED_DOWN;
		return PM_OK;
	}
	TRY(pm_ladder_is_point(l, lim, &is_point));
	if (is_point)
	{
		/* a point the fit chose never crosses old, but a cap bound may be a point */
		TRY(on_the_way(ops, old, new_price, lim, tol, &up, &down));
		if (up)
			*g = PM_GUARD_CAPPED_UP;
		else if (down)
			*g = PM_GUARD_CAPPED_DOWN;
		return PM_OK;
	}
	TRY(lv_cmp(ops, lim, new_price, &c));
	if (c == 0)
	{
		*g = PM_GUARD_NO_ENDING;
		return PM_OK;
	}
	TRY(on_the_way(ops, old, new_price, lim, tol, &up, &down));
	if (up || down)
		*g = PM_GUARD_CAPPED_NO_ENDING;
	return PM_OK;
}
