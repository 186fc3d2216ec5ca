/* solver.h - the cheapest plans that work: search GPU type, count,
 * weight format, KV dtype, TP/PP/EP, replicas and engine; keep what fits
 * with headroom and meets the service levels; rank. */
#ifndef GPUPLAN_SOLVER_H
#define GPUPLAN_SOLVER_H

#include <stddef.h>
#include <stdint.h>

#include "capacity.h"
#include "catalog.h"

enum fit_rank { RANK_MONTH, RANK_PER_M, RANK_GPUS };

struct fit_options {
	uint32_t weights;		/* bit per enum weight_format; 0: defaults */
	uint32_t kv;			/* bit per enum kv_dtype; 0: defaults */
	uint32_t engines;		/* bit per engines[] index; 0: the scenario's */
	const char *const *gpus;	/* ids to try; NULL: every GPU */
	size_t n_gpus;
	uint32_t max_per_node;		/* cap on TP; 0: the GPU's node size */
	uint64_t max_gpus;		/* cap on the whole fleet; 0: 1024 */
	enum fit_rank rank;
	bool min_viable;		/* per GPU x format: the fewest GPUs */
	bool unpriced;			/* keep GPUs without a price (cost 0) */
	size_t top;			/* the best wanted (percentile targets
					 * simulate only what could be among
					 * them); 0: 10 */
};

struct fit_candidate {
	size_t gpu;			/* index into the catalog */
	struct layout layout;		/* of one replica; .replicas = fleet */
	enum weight_format weights;
	enum kv_dtype kv;
	unsigned engine;
	struct capacity cap;
	struct tier tier;		/* the demand, sized */
	uint64_t gpus;
	double usd_month, usd_per_m, tokens_per_s;
};

struct fit_result {
	struct fit_candidate *items;	/* best first */
	size_t n, cap;
	size_t evaluated;		/* configurations planned */
	size_t plans;			/* plan_compute calls */
	size_t no_price;		/* GPUs skipped: no price known */
	char no_price_ids[256];		/* their ids, comma-separated */
	char infeasible[200];		/* why nothing works, when n == 0 */
	double elapsed_ms;
	bool min_viable;		/* the search was --min-viable */
	size_t simulated;		/* candidates sized by simulation */
	size_t unsimulated;		/* left out: their mean-based cost,
					 * a bound, already lost to the top */
};

int fit_search(const struct catalog *c, const struct model *m, const struct scenario *base,
	       const struct fit_options *o, struct fit_result *r, struct gp_error *err);
void fit_free(struct fit_result *r);

/* What would make a plan that does not fit work, found by fit_search
 * on the scenario's own GPU type and engine, for its batch on one
 * replica with the headroom `fit` keeps: the fewest GPUs at its weight
 * format and KV dtype, and at its GPU count or fewer the lightest
 * change of formats (KV before weights, FP8 before INT4). The search is
 * one GPU type: formats x TP up to a node x PP up to 8, each point a
 * capacity_at_slo, so a few hundred plans. */
#define FIT_HINT_WAYS 2
struct fit_hint {
	size_t n;			/* ways found */
	struct fit_candidate way[FIT_HINT_WAYS];	/* more GPUs first */
	char text[448];			/* "fits on 8 x h100-sxm (TP 8), or
					 * on 4 x h100-sxm with FP8 weights
					 * and KV", or why nothing does */
	size_t plans;			/* plan_compute calls it took */
};

int fit_hint(const struct catalog *c, const struct model *m, const struct scenario *s,
	     struct fit_hint *h, struct gp_error *err);

#endif
