/* model.h - a transformer described by its architecture, and the
 * parameter counts derived from it (doc/planning-model.md section 2). */
#ifndef GPUPLAN_MODEL_H
#define GPUPLAN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define MODEL_MAX_LAYERS 256
#define MODEL_ID_LEN 64
#define MODEL_NAME_LEN 96
#define MODEL_TEXT_LEN 256
#define MODEL_MAX_API_PRICES 8

enum attn_kind {
	ATTN_FULL,	/* every token of the sequence stays resident */
	ATTN_SLIDING,	/* the last `window` tokens */
	ATTN_CHUNKED,	/* Llama 4 chunked-local: tokens of the current chunk */
	ATTN_MLA,	/* DeepSeek latent KV, shared by all heads */
	ATTN_LINEAR,	/* recurrent state, no per-token KV */
	ATTN_MAMBA,	/* Mamba mixer: recurrent state, no per-token KV */
	ATTN_NONE,	/* no mixer: a block of FFN alone (Nemotron-H) */
	ATTN_DSA,	/* DeepSeek sparse attention: MLA over the index_topk
			 * tokens its lightning indexer picks (V3.2, GLM-5) */
	ATTN_KIND_COUNT
};

/* Which tensors carry which weight format: quantizers keep embeddings,
 * lm_head, norms and routers at 16 bit (doc/planning-model.md section 3). */
enum param_group {
	PG_EMBED,	/* input embedding table */
	PG_LM_HEAD,	/* unembedding (0 when tied) */
	PG_ATTN,	/* attention projections (+ biases, sinks) */
	PG_DENSE_FFN,	/* FFN of dense layers */
	PG_EXPERTS,	/* routed experts (+ biases) */
	PG_SHARED,	/* shared experts */
	PG_ROUTER,	/* routers (+ biases) */
	PG_NORM,	/* norms */
	PG_EXTRA,	/* other towers (vision encoder, projector) */
	PG_COUNT
};

#define PG_LAYERED (PG_SHARED - PG_ATTN + 1)	/* the groups inside the layers */

struct api_price {
	char provider[48];
	double usd_per_m_input;
	double usd_per_m_output;
	double usd_per_m_cached_input;	/* < 0: not published */
	char date[24];
	char source[MODEL_TEXT_LEN];
};

struct model {
	char id[MODEL_ID_LEN];
	char name[MODEL_NAME_LEN];
	char hf_repo[MODEL_NAME_LEN];
	char source[MODEL_TEXT_LEN];
	bool user;			/* from the user's own catalog
					 * (gpuplan import) or a private one */

	/* Architecture. */
	uint32_t layers, hidden, heads, kv_heads, head_dim, vocab;
	bool tied_embeddings;
	uint32_t dense_ffn;		/* FFN width of dense layers */
	uint32_t experts, top_k;	/* routed experts; 0 = dense model */
	uint32_t expert_ffn;		/* width of one routed expert */
	uint32_t shared_experts, shared_ffn;
	uint32_t moe_latent;		/* routed experts work in this width,
					 * projected from and back to hidden
					 * (Nemotron 3 LatentMoE); 0: hidden */
	uint32_t window;		/* sliding window, tokens */
	/* Gemma 4's full-attention layers: heads of global_head_dim and
	 * global_kv_heads KV heads (0: as the others), and, k_eq_v, no
	 * v_proj: V is K's projection. */
	uint32_t global_head_dim, global_kv_heads;
	bool k_eq_v;
	uint32_t chunk;			/* chunked-local attention size */
	uint32_t kv_lora_rank, qk_rope_dim;	/* MLA latent */
	uint32_t q_lora_rank, qk_nope_dim, v_head_dim;
	uint32_t index_topk;		/* DeepSeek sparse attention: tokens
					 * each ATTN_DSA layer attends to */
	uint32_t index_heads, index_head_dim;	/* its indexer */
	uint32_t linear_state_bytes;	/* per recurrent (linear or mamba)
					 * layer per sequence, all TP ranks,
					 * in vLLM's dtypes */
	uint32_t linear_state_elems;	/* the same in elements (llama.cpp
					 * keeps them all in F32) */
	/* Gated DeltaNet mixers (ATTN_LINEAR: Qwen3-Next, Qwen3.5): q and
	 * k in gdn_k_heads heads of gdn_k_dim, v and the output gate in
	 * gdn_v_heads of gdn_v_dim, a causal conv1d of gdn_conv taps. */
	uint32_t gdn_k_heads, gdn_k_dim, gdn_v_heads, gdn_v_dim, gdn_conv;
	/* Mamba mixers (ATTN_MAMBA layers), over ssm_inner channels with
	 * a causal conv1d of ssm_conv taps and ssm_state states.
	 * Mamba2 (transformers Mamba2/NemotronH): ssm_heads heads of
	 * ssm_head_dim channels, B and C in ssm_groups groups. Mamba1
	 * (Jamba): dt at rank ssm_dt_rank, B and C per token. */
	uint8_t ssm_version;		/* 1 or 2 */
	uint32_t ssm_inner, ssm_state, ssm_conv;
	uint32_t ssm_heads, ssm_head_dim, ssm_groups;	/* Mamba2 */
	uint32_t ssm_dt_rank;		/* Mamba1 */
	bool ssm_dt_norms;		/* Mamba1: Jamba's dt, B and C RMSNorms */
	bool ssm_conv_bias;		/* conv1d bias */
	bool ssm_bias;			/* in_proj and out_proj biases */
	uint64_t max_context;

	/* Per-tensor details that change exact counts. */
	uint8_t norms_per_layer;	/* 2, or 4 (Gemma 3) */
	bool qk_norm;			/* per-head q/k norm weights */
	bool attn_bias;			/* q, k, v, o biases */
	bool qkv_bias;			/* q, k, v biases alone (Qwen2) */
	bool attn_sinks;		/* one learned sink per head */
	bool attn_gate;			/* q_proj also makes a gate for each
					 * head's output (Qwen3-Next, Qwen3.5) */
	bool expert_bias;		/* biases inside each expert */
	bool router_bias;		/* router bias / score correction */
	bool shared_gate;		/* a sigmoid gate (hidden -> 1) on the
					 * shared expert's output (Qwen2-MoE,
					 * Qwen3-Next, Qwen3.5) */
	bool ffn_ungated;		/* up and down only (Nemotron-H relu2) */
	bool mtp_shares_embed;		/* its MTP layers store no embedding
					 * or head of their own */
	bool norms_by_block;		/* a norm before each part a layer
					 * keeps (NAS blocks), not
					 * norms_per_layer */

	uint8_t attn[MODEL_MAX_LAYERS];	/* enum attn_kind per layer */
	bool moe[MODEL_MAX_LAYERS];	/* routed-expert FFN at this layer */
	bool no_ffn[MODEL_MAX_LAYERS];	/* a block with no FFN (Nemotron-H
					 * mamba and attention blocks) */
	uint32_t ffn_width[MODEL_MAX_LAYERS];	/* a dense layer's own width
						 * (NAS blocks' ffn_mult); 0:
						 * dense_ffn */

	uint64_t extra_params;		/* vision tower etc., memory only */
	uint64_t mtp_params;		/* multi-token prediction, not served */

	/* Published figures, shown beside the derived ones. */
	uint64_t published_total;
	uint64_t published_active;
	bool published_without_mtp;	/* published_total leaves the MTP
					 * layers out (GLM-5's 744B) */
	bool published_text;		/* and the towers (a card that gives
					 * the language model alone) */
	uint64_t checkpoint_bytes;

	/* Weights as the checkpoint stores them, read from its
	 * quantization config (src/load/hfconfig.c): bits per parameter
	 * of each group, block and group scales included, and per layer
	 * the groups the config keeps at 16 bits ("model.layers.0.*").
	 * When quant is set they win over the scenario's format, except
	 * under a GGUF preset, which is a file of its own. quant_note
	 * says why a config that was there could not be used. */
	bool quant;
	bool quant_native_only;		/* a shipped catalog entry: its
					 * checkpoint's bits count under its
					 * own format (quant_format) alone;
					 * another is the scenario's choice */
	bool quant_exact;		/* a GGUF file's own tensors
					 * (src/load/gguf.c): quant_bits win
					 * under every format, GGUF presets
					 * included */
	int quant_format;		/* the enum weight_format it reads as,
					 * or -1 */
	int native_format;		/* the enum weight_format it ships in
					 * (--weights native): its config's,
					 * else BF16 */
	uint8_t native_kv;		/* the enum kv_dtype its config declares
					 * (ModelOpt kv_cache_quant_algo), for
					 * --kv-dtype native; 0, BF16, else */
	double quant_bits[PG_COUNT];
	uint16_t quant_keep[MODEL_MAX_LAYERS];	/* 1u << enum param_group */
	/* Per layer, the bits of PG_ATTN .. PG_SHARED (index g - PG_ATTN)
	 * where a config gives a layer its own (compressed-tensors groups,
	 * partial exclusions): its tensors' mean by size; 0 where unset,
	 * and quant_keep / quant_bits hold. */
	double quant_layer_bits[MODEL_MAX_LAYERS][PG_LAYERED];
	uint16_t quant_block;		/* 1u << enum param_group: groups whose
					 * weights carry block scales
					 * (weight_block_size, strategy block) */
	char quant_note[MODEL_TEXT_LEN];

	struct api_price api[MODEL_MAX_API_PRICES];
	int n_api;
};

/* Everything derived from the architecture, computed once per model. */
struct model_counts {
	uint64_t group[PG_COUNT];	/* parameters per group */
	uint64_t total;			/* all groups incl. extra towers */
	uint64_t text_total;		/* without extra towers */
	uint64_t active;		/* one token's forward pass, w/ input embedding */
	uint64_t active_no_embed;	/* ... without the input embedding */
	uint64_t expert_params;		/* one routed expert (one layer) */
	uint32_t n_attn[ATTN_KIND_COUNT];
	uint32_t n_moe_layers;
	uint32_t n_dense_layers;	/* with a dense FFN */
};

void model_count(const struct model *m, struct model_counts *out);

/* Parameters of one layer's attention. */
uint64_t model_attn_params(const struct model *m);

/* Head size and KV heads of an attention layer of kind k (Gemma 4's
 * full layers have their own), and whether its V is its K. */
uint32_t model_head_dim(const struct model *m, enum attn_kind k);
uint32_t model_kv_heads(const struct model *m, enum attn_kind k);
bool model_k_is_v(const struct model *m, enum attn_kind k);

/* The lightning indexer of an ATTN_DSA layer: wq_b from the query
 * latent, wk and weights_proj from the hidden state, replicated on
 * every rank (vLLM deepseek_v2.py Indexer); its LayerNorm counts with
 * the norms. 0 without sparse attention. */
uint64_t model_indexer_params(const struct model *m);

/* Projections of one layer's mixer of kind k (attention, a Mamba
 * mixer's in_proj, out_proj and Mamba1's x_proj and dt_proj, or a Gated
 * DeltaNet's in_proj and out_proj); the mixer's small tensors are
 * counted as norms (model_layer_norm_params). */
uint64_t model_mixer_params(const struct model *m, enum attn_kind k);

/* Norms and other small per-channel tensors of layer i: its block
 * norms, q/k norms, MLA latent norms, a Mamba mixer's conv1d, dt bias,
 * A_log, D and norms, a Gated DeltaNet's conv1d, dt_bias, A_log and
 * norm. */
uint64_t model_layer_norm_params(const struct model *m, uint32_t i);

/* Weight matrices of one FFN: 3 gated (gate, up, down), 2 ungated. */
uint32_t model_ffn_mats(const struct model *m);

/* Does layer i have a dense FFN? */
bool model_layer_dense(const struct model *m, uint32_t i);
/* Dense layer i's FFN width; the widest of any dense layer. */
uint32_t model_dense_width(const struct model *m, uint32_t i);
uint32_t model_max_dense_width(const struct model *m);

/* Does a layer of kind k keep KV per token? Linear and Mamba layers
 * keep a fixed state (linear_state_bytes) instead; blocks without a
 * mixer keep nothing. */
bool attn_kind_has_kv(enum attn_kind k);
bool attn_kind_recurrent(enum attn_kind k);

/* Parameters of n multi-token-prediction layers as a checkpoint stores
 * them (DeepSeek-V3 layout): each is a decoder layer like the last one
 * plus eh_proj (2d x d), enorm, hnorm and shared_head.norm, and keeps
 * its own copy of the embedding and of the output head. */
uint64_t model_mtp_params(const struct model *m, uint32_t n);

/* Structural checks (zero sizes, heads not multiple of KV heads...). */
int model_validate(const struct model *m, struct gp_error *err);

const char *attn_kind_name(enum attn_kind k);

#endif
