/* format.h - weight formats and KV-cache dtypes with their real cost in
 * bits (doc/planning-model.md section 3). */
#ifndef GPUPLAN_FORMAT_H
#define GPUPLAN_FORMAT_H

#include <stdbool.h>

#include "gpu.h"
#include "model.h"

enum weight_format {
	WF_BF16, WF_FP16, WF_FP8, WF_INT8, WF_INT4, WF_MXFP4, WF_NVFP4,
	WF_Q8_0, WF_Q6_K, WF_Q5_K_M, WF_Q4_K_M, WF_Q4_0, WF_Q3_K_M, WF_Q2_K,
	WF_COUNT
};

/* ggml's tensor types that llama.cpp's k-quant presets write. */
enum ggml_type {
	GT_NONE, GT_F32, GT_F16, GT_Q8_0, GT_Q6_K, GT_Q5_K, GT_Q4_K, GT_Q3_K,
	GT_Q2_K, GT_Q5_1, GT_Q5_0, GT_Q4_0, GT_COUNT
};

/* What a GGUF tensor is, for llama.cpp's choice of its type. */
enum gguf_role {
	GR_EMBED,	/* token_embd */
	GR_OUTPUT,	/* output (the head) */
	GR_ATTN_Q,	/* attn_q; MLA attn_q_a, attn_q_b, attn_kv_a_mqa */
	GR_ATTN_K,
	GR_ATTN_V,	/* attn_v; MLA attn_kv_b */
	GR_ATTN_O,	/* attn_output */
	GR_FFN_GATE,	/* ffn_gate, _exps, _shexp */
	GR_FFN_UP,
	GR_FFN_DOWN,
	GR_F32,		/* norms, router, biases: never quantized */
	GR_COUNT
};

/* q8_0 and q4_0 are llama.cpp's block types for the KV cache. */
enum kv_dtype { KV_BF16, KV_FP16, KV_FP8, KV_INT8, KV_Q8_0, KV_Q4_0, KV_COUNT };

struct weight_format_info {
	const char *id;		/* CLI spelling */
	const char *label;
	double bits;		/* per quantized weight, scales included */
	bool keep_16bit_embed;	/* embeddings, lm_head stay 16 bit */
	enum compute_dtype compute;	/* matmul dtype where the GPU has it */
	const char *source;
	bool moe_experts_only;	/* on MoE models only the experts take it */
	enum ggml_type gguf;	/* a llama.cpp preset: its base type */
};

const struct weight_format_info *weight_format_info(enum weight_format f);
int weight_format_parse(const char *s, enum weight_format *out);

/* Bits per parameter of one group under a format: norms and routers stay
 * 16 bit; embeddings and lm_head too unless the format quantizes them;
 * on an MoE model (moe) an experts-only format leaves attention and
 * dense FFNs at 16 bit. */
double weight_format_group_bits(enum weight_format f, enum param_group g, bool moe);

/* Bits per weight of a ggml type, block scales included. */
double ggml_type_bits(enum ggml_type t);

/* The type llama.cpp's quantizer gives tensor r of layer i of model m
 * under GGUF preset f (src/llama-quant.cpp llama_tensor_get_type_impl),
 * ne0 being its row length; GT_NONE for a format that is no preset. */
enum ggml_type weight_format_gguf_type(enum weight_format f, const struct model *m,
				       enum gguf_role r, uint32_t i, uint64_t ne0);

const char *kv_dtype_id(enum kv_dtype d);
/* Bytes per KV element; inline, as KV sizing asks it per layer kind
 * many times a plan. */
extern const double kv_dtype_byte_table[KV_COUNT];

static inline double
kv_dtype_bytes(enum kv_dtype d)
{
	return (unsigned)d < KV_COUNT ? kv_dtype_byte_table[d] : 2;
}
int kv_dtype_parse(const char *s, enum kv_dtype *out);

#endif
