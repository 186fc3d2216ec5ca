/* memory.h - what one GPU holds: weights of its share of the model, KV,
 * and what the engine reserves (PLANNING.md sections 3, 4 and 6). */
#ifndef GPUPLAN_MEMORY_H
#define GPUPLAN_MEMORY_H

#include <stdint.h>

#include "kvcache.h"
#include "plan.h"

/* What an engine's memory budget covers (PLANNING.md section 6). */
enum budget_rule {
	BUDGET_CAPACITY,	/* all the GPU has: simple, llama.cpp */
	BUDGET_TOTAL_FRACTION,	/* vLLM: capacity x utilization holds
				 * weights, activations, overhead and KV */
	BUDGET_STATIC_FRACTION,	/* SGLang: capacity x mem_fraction_static
				 * holds weights and KV; activations and
				 * CUDA graphs live in the rest */
	BUDGET_FREE_FRACTION,	/* TensorRT-LLM: KV = fraction x what is
				 * free after weights and activations */
};

struct engine_profile {
	const char *id;
	const char *label;
	enum budget_rule budget;
	double activation_frac;		/* of weights (simple) */
	double overhead_frac;		/* of weights (simple) */
	double activation_gib_dense;	/* profile-run peak (vllm) */
	double activation_gib_moe;
	double nontorch_gib_tp1;	/* CUDA context + allocator */
	double nontorch_gib_tp;		/* ... plus NCCL buffers, TP > 1 */
	double graphs_gib;		/* CUDA graphs */
	uint32_t block;			/* KV page, tokens */
	bool uses_util;			/* reserves a budget below capacity */
	bool extra_window_tokens;	/* keeps window + one step's tokens */
	uint32_t window_extra;		/* ... or window + this many */
	const char *source;
};

const struct engine_profile *engine_profile(enum engine_kind e);

/* The budget fraction a scenario's engine applies: vLLM
 * gpu_memory_utilization, SGLang mem_fraction_static (its TP-dependent
 * default when auto), TensorRT-LLM free_gpu_memory_fraction; 1 for the
 * others. */
double memory_engine_fraction(const struct scenario *s, uint64_t tp);

/* llama.cpp's compute buffer for one device: the f32 logits and FFN
 * activations of one micro-batch of 512 tokens. */
uint64_t memory_llamacpp_compute_bytes(const struct model *m);

/* One GPU of one pipeline stage: its layers and the parameters it
 * holds, by group (after TP sharding, before bits). */
struct stage {
	uint32_t first, last;		/* layers [first, last) */
	uint32_t kinds[ATTN_KIND_COUNT];	/* layers whose KV the GPU holds */
	uint32_t n_moe;
	double params[PG_COUNT];	/* per GPU */
	uint64_t weight_bytes;		/* per GPU */

	/* Kept in host memory instead (llama.cpp -ngl, --cpu-moe), per
	 * GPU share like params; zero for the other engines. */
	uint32_t host_kinds[ATTN_KIND_COUNT];
	double host_params[PG_COUNT];
	uint64_t host_weight_bytes;
};

void memory_stage(const struct model *m, const struct model_counts *c,
		  enum weight_format f, const struct layout *l, uint64_t index,
		  struct stage *st);

/* Moves what llama.cpp keeps in host memory out of the stage: layers
 * below --n-gpu-layers (with their KV), the token embedding, the output
 * layer unless every layer is offloaded, and with --cpu-moe the routed
 * experts. No-op for the other engines. */
void memory_offload(const struct scenario *s, const struct model *m,
		    const struct layout *l, enum weight_format f,
		    struct stage *st);

uint64_t memory_model_bytes(const struct model_counts *c, enum weight_format f);

/* What a checkpoint in format f holds: the whole model plus the MTP
 * layers it stores (model_mtp_params), their embedding and head copies
 * at the embedding's bits, the rest at the experts'. Compared with a
 * safetensors index's metadata.total_size. */
uint64_t memory_checkpoint_bytes(const struct model *m, const struct model_counts *c,
				 enum weight_format f);

void memory_kv_policy(const struct scenario *s, const struct layout *l,
		      struct kv_policy *p);

/* Fills p->mem for the fullest stage; returns its index. */
uint64_t memory_compute(const struct scenario *s, const struct model *m,
			const struct gpu *g, const struct layout *l,
			const struct stage *stages, struct plan_memory *mem);

#endif
