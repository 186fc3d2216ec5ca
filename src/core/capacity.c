/* capacity.c - continuous batching within service levels, replicas for
 * a peak, and the monthly bill. A month is 730 hours
 * (doc/planning-model.md section 10). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"
#include "cost.h"
#include "sim.h"

static bool
meets(const struct scenario *s, const struct plan *p)
{
	double free_frac = (double)p->mem.free / (double)p->mem.capacity;

	return p->mem.fits && free_frac >= PLAN_HEADROOM - 1e-9 &&
	       (s->slo_tpot_ms <= 0 || p->decode.tpot_ms <= s->slo_tpot_ms);
}

static void
record(struct capacity *c, const struct plan *p, uint64_t batch)
{
	c->batch = batch;
	c->tpot_ms = p->decode.tpot_ms;
	c->ttft_ms = p->prefill.ttft_ms;
	c->replica_tokens_s = p->sustained_tokens_per_s / (double)p->layout.replicas;
	c->replica_rps = p->requests_per_s / (double)p->layout.replicas;
	c->headroom = (double)p->mem.free / (double)p->mem.capacity;
}

static int capacity_batch(const struct scenario *base, const struct model *m,
			  const struct gpu *g, struct capacity *c, struct gp_error *err);

/* The highest rate a replica at c->batch takes within the percentile
 * targets, by bisection between a light load and the plan's sustained
 * rate. */
static int
percentile_rate(struct scenario *s, const struct model *m, const struct gpu *g,
		struct capacity *c, struct gp_error *err)
{
	struct plan p;
	struct sim_result r;
	double reps, rate;

	s->batch = c->batch;
	if (plan_compute(s, m, g, &p, err) != 0)
		return -1;
	c->plans++;
	reps = (double)p.layout.replicas;
	s->requests = CAPACITY_SIM_REQUESTS;
	snprintf(s->length_dist, sizeof s->length_dist, "fixed");
	s->trace[0] = '\0';
	c->simulated = true;
	if (sim_max_rate(s, m, g, &p, s->slo_ttft_p99_ms, s->slo_tpot_p99_ms,
			 0.02 * c->replica_rps * reps, c->replica_rps * reps, CAPACITY_SIM_STEPS,
			 &rate, &r, &c->sims, err) != 0)
		return -1;
	c->p99_ttft_ms = r.ttft_ms.p99;
	c->p99_tpot_ms = r.tpot_ms.p99;
	if (rate <= 0) {
		c->feasible = false;
		snprintf(c->why, sizeof c->why,
			 "at light load p99 TTFT %.0f ms and p99 TPOT %.1f ms already miss the targets",
			 r.ttft_ms.p99, r.tpot_ms.p99);
		return 0;
	}
	c->replica_tokens_s *= rate / reps / c->replica_rps;
	c->replica_rps = rate / reps;
	return 0;
}

int
capacity_at_slo(const struct scenario *base, const struct model *m,
		const struct gpu *g, struct capacity *c, struct gp_error *err)
{
	int rc = capacity_batch(base, m, g, c, err);
	struct scenario s = *base;

	if (rc != 0 || !c->feasible || (s.slo_ttft_p99_ms <= 0 && s.slo_tpot_p99_ms <= 0) ||
	    c->replica_rps <= 0)
		return rc;
	return percentile_rate(&s, m, g, c, err);
}

static int
capacity_batch(const struct scenario *base, const struct model *m,
	       const struct gpu *g, struct capacity *c, struct gp_error *err)
{
	struct scenario s = *base;
	struct plan p;
	uint64_t lo, hi;

	memset(c, 0, sizeof *c);
	s.batch = 1;
	if (plan_compute(&s, m, g, &p, err) != 0)
		return -1;
	c->plans = 1;
	if (!p.mem.fits || (double)p.mem.free < PLAN_HEADROOM * (double)p.mem.capacity) {
		snprintf(c->why, sizeof c->why,
			 "one sequence of %llu tokens does not fit with %.0f%% of the GPU free",
			 (unsigned long long)s.context, PLAN_HEADROOM * 100);
		return 0;
	}
	if (s.slo_ttft_ms > 0 && p.prefill.ttft_ms > s.slo_ttft_ms) {
		snprintf(c->why, sizeof c->why, "TTFT %.0f ms for one prompt misses the %.0f ms target",
			 p.prefill.ttft_ms, s.slo_ttft_ms);
		return 0;
	}
	if (!meets(&s, &p)) {
		snprintf(c->why, sizeof c->why, "TPOT %.1f ms at batch 1 misses the %.1f ms target",
			 p.decode.tpot_ms, s.slo_tpot_ms);
		return 0;
	}
	c->feasible = true;
	record(c, &p, 1);

	/* The largest batch that still meets both; KV and TPOT grow with
	 * the batch, so the test is monotonic. */
	lo = 1;
	hi = p.mem.max_batch_headroom;
	if (hi > 65536)
		hi = 65536;
	if (hi <= 1)
		return 0;
	s.batch = hi;
	plan_compute(&s, m, g, &p, err);
	c->plans++;
	if (meets(&s, &p)) {
		record(c, &p, hi);
		return 0;
	}
	while (lo + 1 < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		s.batch = mid;
		plan_compute(&s, m, g, &p, err);
		c->plans++;
		if (meets(&s, &p)) {
			lo = mid;
			record(c, &p, mid);
		} else {
			hi = mid;
		}
	}
	return 0;
}

double
capacity_peak_rps(const struct scenario *s, double m_tokens_month)
{
	double per_req = (double)(s->prompt_tokens + s->output_tokens);
	double avg = m_tokens_month * 1e6 / (HOURS_PER_MONTH * 3600.0) / per_req;

	return avg * (s->peak_ratio > 0 ? s->peak_ratio : 1);
}

void
capacity_tier(const struct scenario *s, const struct plan *p, const struct capacity *c,
	      double m_tokens_month, struct tier *t)
{
	double per_req = (double)(s->prompt_tokens + s->output_tokens);
	double ratio = s->peak_ratio > 0 ? s->peak_ratio : 1;
	uint64_t group = p->layout.tp * p->layout.pp;

	memset(t, 0, sizeof *t);
	if (m_tokens_month > 0) {
		t->m_tokens_month = m_tokens_month;
		t->peak_rps = capacity_peak_rps(s, m_tokens_month);
		t->avg_rps = t->peak_rps / ratio;
	} else {
		t->peak_rps = s->demand_rps;
		t->avg_rps = t->peak_rps / ratio;
		t->m_tokens_month = t->avg_rps * per_req * HOURS_PER_MONTH * 3600.0 / 1e6;
	}
	if (!c->feasible || c->replica_rps <= 0)
		return;
	t->replicas = (uint64_t)ceil(t->peak_rps / c->replica_rps - 1e-9);
	if (t->replicas == 0)
		t->replicas = 1;
	t->gpus = t->replicas * group;
	t->utilization = t->avg_rps / ((double)t->replicas * c->replica_rps);
	t->usd_month = (double)t->gpus * p->cost.usd_per_gpu_hour * HOURS_PER_MONTH;
	t->usd_per_m = t->m_tokens_month > 0 ? t->usd_month / t->m_tokens_month : 0;
	t->usd_per_m_output = t->m_tokens_month > 0 ?
		t->usd_month / (t->m_tokens_month * (double)s->output_tokens / per_req) : 0;
	t->api_usd_month = t->m_tokens_month * p->cost.api_usd_per_m_blended;
}
