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
};

int fit_search(const struct catalog *c, const struct model *m, const struct scenario *base,
	       const struct fit_options *o, struct fit_result *r, struct gp_error *err);
void fit_free(struct fit_result *r);

#endif
