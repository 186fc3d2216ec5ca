/* memory.h - what one GPU holds: weights of its share of the model, KV,
 * and what the engine reserves (PLANNING.md sections 3, 4 and 6). */
#ifndef GPUPLAN_MEMORY_H
#define GPUPLAN_MEMORY_H

#include <stdint.h>

#include "kvcache.h"
#include "plan.h"

struct engine_profile {
	const char *id;
	const char *label;
	double activation_frac;		/* of weights (simple) */
	double overhead_frac;		/* of weights (simple) */
	double activation_gib_dense;	/* profile-run peak (vllm) */
	double activation_gib_moe;
	double nontorch_gib_tp1;	/* CUDA context + allocator */
	double nontorch_gib_tp;		/* ... plus NCCL buffers, TP > 1 */
	double graphs_gib;		/* CUDA graphs */
	uint32_t block;			/* KV page, tokens */
	bool uses_util;			/* budget = capacity x utilization */
	bool extra_window_tokens;	/* keeps window + one step's tokens */
	const char *source;
};

const struct engine_profile *engine_profile(enum engine_kind e);

/* One GPU of one pipeline stage: its layers and the parameters it
 * holds, by group (after TP sharding, before bits). */
struct stage {
	uint32_t first, last;		/* layers [first, last) */
	uint32_t kinds[ATTN_KIND_COUNT];
	uint32_t n_moe;
	double params[PG_COUNT];	/* per GPU */
	uint64_t weight_bytes;		/* per GPU */
};

void memory_stage(const struct model *m, const struct model_counts *c,
		  enum weight_format f, const struct layout *l, uint64_t index,
		  struct stage *st);

uint64_t memory_model_bytes(const struct model_counts *c, enum weight_format f);

void memory_kv_policy(const struct scenario *s, const struct layout *l,
		      struct kv_policy *p);

/* Fills p->mem for the fullest stage; returns its index. */
uint64_t memory_compute(const struct scenario *s, const struct model *m,
			const struct gpu *g, const struct layout *l,
			const struct stage *stages, struct plan_memory *mem);

#endif
