/* sweep.c - a scenario planned again at other batches and contexts,
 * for the graph view (issue 16: "computed from plan_compute sweeps").
 * The values step by half-octaves, 1, 2, 3, 4, 6, 8, 12 ..., which an
 * axis of either kind spaces evenly enough for a line between them. */
#include <stdlib.h>
#include <string.h>

#include "sweep.h"

/* The half-octave ladder from lo to hi, then the extras, sorted with
 * no repeats; returns how many (at most SWEEP_MAX). */
static int
ladder(uint64_t lo, uint64_t hi, const uint64_t *extra, int n_extra, uint64_t *out)
{
	int n = 0;

	for (uint64_t v = 1; v <= hi && n < SWEEP_MAX - n_extra; v *= 2) {
		if (v >= lo)
			out[n++] = v;
		if (v >= 2 && v + v / 2 >= lo && v + v / 2 <= hi && n < SWEEP_MAX - n_extra)
			out[n++] = v + v / 2;
	}
	for (int i = 0; i < n_extra; i++) {
		if (extra[i] >= lo && extra[i] <= hi)
			out[n++] = extra[i];
	}
	/* insertion sort: a few dozen values */
	for (int i = 1; i < n; i++) {
		uint64_t v = out[i];
		int j = i;

		for (; j > 0 && out[j - 1] > v; j--)
			out[j] = out[j - 1];
		out[j] = v;
	}
	{
		int k = 0;

		for (int i = 0; i < n; i++) {
			if (k == 0 || out[i] != out[k - 1])
				out[k++] = out[i];
		}
		n = k;
	}
	return n;
}

static int
index_of(const struct sweep_point *pt, int n, uint64_t at)
{
	for (int i = 0; i < n; i++) {
		if (pt[i].at == at)
			return i;
	}
	return -1;
}

static uint64_t
pow2_ceil(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < SWEEP_MAX_CONTEXT)
		p *= 2;
	return p;
}

int
sweep_batch(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct plan *p, struct batch_sweep *out, struct gp_error *err)
{
	uint64_t at[SWEEP_MAX], extra[2], hi;
	struct scenario t = *s;
	struct plan q;
	int n;

	memset(out, 0, sizeof *out);
	out->current = -1;
	out->gpus = p->layout.replicas * p->layout.tp * p->layout.pp;
	if (out->gpus == 0)
		out->gpus = 1;
	out->max_batch = p->mem.max_concurrency;
	out->tpot_ms = s->slo_tpot_ms > 0 ? s->slo_tpot_ms : 0;
	out->tpot_per_user = s->slo_tpot_ms > 0 ? 1000.0 / s->slo_tpot_ms : 0;
	/* 1 .. the largest batch the pool holds at this context, and the
	 * scenario's own batch when it holds fewer */
	hi = out->max_batch > s->batch ? out->max_batch : s->batch;
	if (hi > SWEEP_MAX_BATCH)
		hi = SWEEP_MAX_BATCH;
	if (hi < 1)
		hi = 1;
	extra[0] = out->max_batch;
	extra[1] = s->batch;
	n = ladder(1, hi, extra, 2, at);
	for (int i = 0; i < n; i++) {
		struct sweep_point *pt = &out->pt[out->n];

		t.batch = at[i];
		if (plan_compute(&t, m, g, &q, err) != 0)
			continue;
		pt->at = at[i];
		pt->x = q.decode.per_user_tokens_per_s;
		pt->y = q.decode.tokens_per_s / (double)out->gpus;
		pt->fits = q.mem.fits;
		out->n++;
	}
	out->current = index_of(out->pt, out->n, s->batch);
	if (out->n == 0)
		return -1;
	return 0;
}

int
sweep_context(const struct scenario *s, const struct model *m, const struct gpu *g,
	      const struct plan *p, struct context_sweep *out, struct gp_error *err)
{
	uint64_t at[SWEEP_MAX], extra[2], lo, hi, reach, top;
	const struct plan_memory *mem = &p->mem;
	struct scenario t = *s;
	struct plan q;
	int n;

	memset(out, 0, sizeof *out);
	out->current = out->limit = -1;
	out->capacity = (double)mem->capacity;
	/* what is held whatever the context, and the pool on top of it:
	 * memory.c sizes both before the KV, so the line is level */
	out->kv_full = (double)mem->capacity - (double)mem->free - (double)mem->kv_cache +
		       (double)mem->kv_pool;
	/* memory.c searches max_context up to the model's context or the
	 * scenario's, whichever is longer: at that cap it is no limit */
	reach = m->max_context > s->context ? m->max_context : s->context;
	if (reach > (1ull << 30))
		reach = 1ull << 30;
	out->fit_limit = mem->max_context;
	out->fits_all = mem->max_context >= reach;
	/* a range that shows the stop and as much again past it; from 1k,
	 * or below the scenario's context when it is shorter */
	top = out->fits_all ? pow2_ceil(reach) :
	      pow2_ceil(2 * (mem->max_context > s->context ? mem->max_context : s->context));
	if (top < 4096)
		top = 4096;
	hi = top < SWEEP_MAX_CONTEXT ? top : SWEEP_MAX_CONTEXT;
	for (lo = 1024; lo > 16 && lo > s->context; lo /= 2)
		;
	extra[0] = s->context;
	extra[1] = out->fits_all ? 0 : mem->max_context;
	n = ladder(lo, hi, extra, 2, at);
	for (int i = 0; i < n; i++) {
		struct sweep_point *pt = &out->pt[out->n];

		t.context = at[i];
		if (plan_compute(&t, m, g, &q, err) != 0)
			continue;
		pt->at = at[i];
		pt->x = (double)at[i];
		pt->y = (double)q.mem.capacity - (double)q.mem.free;
		pt->fits = q.mem.fits;
		out->n++;
	}
	out->current = index_of(out->pt, out->n, s->context);
	if (!out->fits_all)
		out->limit = index_of(out->pt, out->n, mem->max_context);
	if (out->n == 0)
		return -1;
	return 0;
}
