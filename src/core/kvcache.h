/* kvcache.h - KV-cache bytes per token, per layer and per sequence
 * (doc/planning-model.md section 5). */
#ifndef GPUPLAN_KVCACHE_H
#define GPUPLAN_KVCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "format.h"
#include "model.h"

/* How an engine stores KV; the same for every layer of a plan. */
struct kv_policy {
	enum kv_dtype dtype;
	uint64_t tp;
	bool hybrid;		/* sliding/chunked layers keep only their window */
	uint64_t extra_tokens;	/* tokens kept beyond the window (vLLM: the
				 * tokens of one scheduler step) */
	uint32_t block;		/* paging granularity in tokens, 1 = none */
	bool state_f32;		/* recurrent states in F32 (llama.cpp) */
};

/* KV heads one GPU holds: Hkv/TP, but never fewer than one, so beyond
 * TP = Hkv the heads are replicated. MLA's latent is not split. */
uint64_t kv_heads_per_gpu(const struct model *m, uint64_t tp);
/* The same for a layer of kind k (Gemma 4's full layers have their own). */
uint64_t kv_kind_heads_per_gpu(const struct model *m, enum attn_kind k, uint64_t tp);

/* Bytes per token of one layer on one GPU (0 for recurrent layers
 * and blocks without a mixer). */
double kv_layer_token_bytes(const struct model *m, enum attn_kind kind,
			    const struct kv_policy *p);

/* The part of an ATTN_DSA layer's bytes per token that its indexer
 * keeps (read for every token of the context, where the latent is
 * read for the index_topk picked). */
double kv_indexer_token_bytes(const struct model *m);

/* Bytes of the fixed state one recurrent (linear or mamba) layer keeps
 * per sequence on one GPU of p->tp. */
double kv_layer_state_bytes(const struct model *m, const struct kv_policy *p);

/* Tokens a layer keeps resident for a sequence of len tokens. */
uint64_t kv_layer_tokens(const struct model *m, enum attn_kind kind,
			 uint64_t len, const struct kv_policy *p);

/* Layers of each attention kind in [first, last). */
void kv_count_kinds(const struct model *m, uint32_t first, uint32_t last,
		    uint32_t n[ATTN_KIND_COUNT]);

/* Bytes one sequence of len tokens holds on one GPU over layers counted
 * by kind (kv_count_kinds), block-rounded per layer. */
uint64_t kv_seq_bytes(const struct model *m, const uint32_t n[ATTN_KIND_COUNT],
		      uint64_t len, const struct kv_policy *p);

#endif
