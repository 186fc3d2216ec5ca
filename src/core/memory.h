/* memory.h - what one GPU holds: weights of its share of the model, KV,
 * and what the engine reserves (doc/planning-model.md sections 3, 4
 * and 6). */
#ifndef GPUPLAN_MEMORY_H
#define GPUPLAN_MEMORY_H

#include <stdint.h>

#include "kvcache.h"
#include "plan.h"

/* The budget fraction a scenario's engine applies: vLLM
 * gpu_memory_utilization, SGLang mem_fraction_static (its TP-dependent
 * default when auto), TensorRT-LLM free_gpu_memory_fraction; 1 for the
 * others. m may be NULL (SGLang's default then takes a dense model with
 * MHA attention). */
double memory_engine_fraction(const struct scenario *s, const struct model *m,
			      const struct gpu *g, const struct layout *l);

/* One GPU of one pipeline stage: its layers and the parameters it
 * holds, by group (after TP sharding, before bits). */
struct stage {
	uint32_t first, last;		/* layers [first, last) */
	uint32_t kinds[ATTN_KIND_COUNT];	/* layers whose KV the GPU holds */
	uint32_t n_moe;
	uint32_t n_mixers, n_dense;	/* layers with a mixer (attention or
					 * recurrent), with a dense FFN */
	double params[PG_COUNT];	/* per GPU */
	double bits[PG_COUNT];		/* per parameter of each group: the
					 * format's, or under a GGUF preset
					 * the mean of its tensors' types
					 * over these layers */
	uint64_t weight_bytes;		/* per GPU, a speculative draft's
					 * included (the last stage) */
	double draft_kv_token_bytes;	/* the draft's KV a token keeps */

	/* Kept in host memory instead (llama.cpp -ngl, --cpu-moe), per
	 * GPU share like params; zero for the other engines. */
	uint32_t host_kinds[ATTN_KIND_COUNT];
	double host_params[PG_COUNT];
	double host_bits[PG_COUNT];
	uint64_t host_weight_bytes;
};

void memory_stage(const struct model *m, const struct model_counts *c,
		  enum weight_format f, const struct layout *l, uint64_t index,
		  struct stage *st);

/* Lays the stage out as the engine loads it: its kernels' padding (the
 * loaded hook), then what it keeps in host memory (the offload hook:
 * llama.cpp's -ngl and --cpu-moe), and sizes both parts; for the
 * others everything stays on the GPUs, as stored. */
void memory_offload(const struct scenario *s, const struct model *m, const struct gpu *g,
		    const struct layout *l, enum weight_format f, struct stage *st);

/* The format the routed experts are stored in: the checkpoint's own
 * when its quantization config is read (and f is no GGUF preset) or
 * the model is a GGUF file, else f. */
enum weight_format memory_expert_format(const struct model *m, enum weight_format f);

/* Bits per parameter of group g in format f: the checkpoint's own
 * where its quantization config is read, else the format's. */
double memory_group_bits(const struct model *m, enum weight_format f, enum param_group g,
			 bool moe);

/* The whole model in format f, as one stage on one GPU holds it. */
uint64_t memory_model_bytes(const struct model *m, const struct model_counts *c,
			    enum weight_format f);

/* What a checkpoint in format f holds: the whole model plus the MTP
 * layers it stores (model_mtp_params), their embedding and head copies
 * at the embedding's bits, the rest at the experts'. Compared with a
 * safetensors index's metadata.total_size. */
uint64_t memory_checkpoint_bytes(const struct model *m, const struct model_counts *c,
				 enum weight_format f);

/* Prompt tokens of a request of `prompt` tokens found in the prefix
 * cache (--prefix-hit, --system-prompt-tokens), in whole KV blocks and
 * never the last token, which must run to give the first output; in
 * *shared those of them the system prompt gives every request, held
 * once in the pool where the engine shares blocks. */
uint64_t memory_prefix_hit(const struct scenario *s, uint64_t prompt, uint64_t *shared);

void memory_kv_policy(const struct scenario *s, const struct gpu *g, const struct layout *l,
		      struct kv_policy *p);

/* One GPU of one pipeline stage (llama.cpp: one device of the layer
 * split), for the views that list them. */
struct memory_device {
	uint32_t first, last;		/* layers whose weights it holds */
	uint64_t weights, kv_cache, activations, overhead;
	int64_t free;
	uint64_t host_weights;		/* its layers' share in host RAM */
};

/* Every stage's memory, computed on demand (struct plan keeps only the
 * fullest): fills out[0 .. min(l->pp, max)) and returns l->pp, where l
 * is the plan's layout. */
uint64_t memory_devices(const struct scenario *s, const struct model *m,
			const struct gpu *g, const struct layout *l,
			struct memory_device *out, uint64_t max);

/* Fills p->mem for the fullest stage; returns its index. */
uint64_t memory_compute(const struct scenario *s, const struct model *m,
			const struct gpu *g, const struct layout *l,
			const struct stage *stages, struct plan_memory *mem);

#endif
