/* sweep.h - the graph view's curves: plan_compute() run over a range of
 * batches or of contexts, everything else of the scenario kept. Pure,
 * no I/O; a few dozen plans, well under a millisecond. */
#ifndef GPUPLAN_SWEEP_H
#define GPUPLAN_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"

/* Points a curve holds: the batches 1, 2, 3, 4, 6, 8, 12 ... up to
 * SWEEP_MAX_BATCH take 33, the contexts from 16 to 2^24 as many, plus
 * the scenario's own value and the limit. */
#define SWEEP_MAX 64
#define SWEEP_MAX_BATCH 65536u
#define SWEEP_MAX_CONTEXT (1ull << 24)

struct sweep_point {
	uint64_t at;	/* the batch or the context planned */
	double x, y;	/* in the curve's units (below) */
	bool fits;	/* the plan's memory fits */
};

/* Throughput per GPU against speed per user as the batch grows: x is
 * output tokens/s of one sequence (1 / TPOT), y output tokens/s per GPU
 * (decode, all replicas over all their GPUs); at[] ascends. */
struct batch_sweep {
	struct sweep_point pt[SWEEP_MAX];
	int n;
	int current;		/* the point of the scenario's batch */
	uint64_t max_batch;	/* the largest that fits at its context,
				 * 0: not even one */
	double tpot_per_user;	/* the TPOT target as x (1000 / ms), 0:
				 * no target */
	double tpot_ms;		/* ... and as set */
	uint64_t gpus;		/* the GPUs y is divided by */
};

/* Memory per GPU against context at the scenario's batch: x is tokens,
 * y bytes the fullest GPU holds (weights, activations, overhead and the
 * sequences' KV: capacity - free); at[] = x ascends. */
struct context_sweep {
	struct sweep_point pt[SWEEP_MAX];
	int n;
	int current;		/* the point of the scenario's context */
	int limit;		/* the point of fit_limit, or -1: none */
	uint64_t fit_limit;	/* the longest context whose KV fits the
				 * pool at this batch (plan.mem.max_context) */
	bool fits_all;		/* it fits up to the model's context and
				 * the scenario's: no stop in view */
	double kv_full;		/* y where the KV fills the pool: what
				 * comes before it + the pool, bytes */
	double capacity;	/* bytes of one GPU */
};

/* p is the scenario's own plan (plan_compute of s, m, g). Points whose
 * plan fails are left out; -1 only when none is left. */
int sweep_batch(const struct scenario *s, const struct model *m, const struct gpu *g,
		const struct plan *p, struct batch_sweep *out, struct gp_error *err);
int sweep_context(const struct scenario *s, const struct model *m, const struct gpu *g,
		  const struct plan *p, struct context_sweep *out, struct gp_error *err);

#endif
