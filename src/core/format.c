/* format.c - bits per weight of each format, with scales included.
 * GGUF presets are llama.cpp's per-tensor type choice over ggml's block
 * types (weight_format_gguf_type), not a whole-file average. */
#include <string.h>

#include "format.h"

#define GGML_BLOCKS "ggml/src/ggml-common.h block sizes; llama.cpp " \
	"src/llama-quant.cpp per-tensor types"

static const struct weight_format_info formats[WF_COUNT] = {
	[WF_BF16] = {.id = "bf16", .label = "BF16", .bits = 16, .keep_16bit_embed = true,
		     .compute = CD_BF16, .source = "IEEE/bfloat16: 2 bytes"},
	[WF_FP16] = {.id = "fp16", .label = "FP16", .bits = 16, .keep_16bit_embed = true,
		     .compute = CD_FP16, .source = "IEEE half: 2 bytes"},
	[WF_FP8] = {.id = "fp8", .label = "FP8 (E4M3)", .bits = 8, .keep_16bit_embed = true,
		    .compute = CD_FP8,
		    .source = "1 byte; per-channel scales are negligible"},
	[WF_INT8] = {.id = "int8", .label = "INT8 (W8A8)", .bits = 8, .keep_16bit_embed = true,
		     .compute = CD_INT8,
		     .source = "1 byte; per-channel scales are negligible"},
	[WF_INT4] = {.id = "int4", .label = "INT4 g128 (AWQ/GPTQ)", .bits = 4.25,
		     .keep_16bit_embed = true, .compute = CD_BF16,
		     .source = "4 bits + 16-bit scale and zero per group of 128"},
	[WF_MXFP4] = {.id = "mxfp4", .label = "MXFP4", .bits = 4.25, .keep_16bit_embed = true,
		      .compute = CD_BF16,
		      .source = "OCP MX: 4 bits + 8-bit scale per block of 32; on MoE "
				"models the experts only (gpt-oss quantization_config "
				"modules_to_not_convert: attention, router, embeddings, head)",
		      .moe_experts_only = true},
	[WF_NVFP4] = {.id = "nvfp4", .label = "NVFP4", .bits = 4.5, .keep_16bit_embed = true,
		      .compute = CD_FP4, .source = "4 bits + FP8 scale per block of 16"},
	[WF_Q8_0] = {.id = "q8_0", .label = "GGUF Q8_0", .bits = 8.5, .compute = CD_BF16,
		     .source = GGML_BLOCKS, .gguf = GT_Q8_0},
	[WF_Q6_K] = {.id = "q6_k", .label = "GGUF Q6_K", .bits = 6.5625, .compute = CD_BF16,
		     .source = GGML_BLOCKS, .gguf = GT_Q6_K},
	[WF_Q5_K_M] = {.id = "q5_k_m", .label = "GGUF Q5_K_M", .bits = 5.5, .compute = CD_BF16,
		       .source = GGML_BLOCKS, .gguf = GT_Q5_K},
	[WF_Q4_K_M] = {.id = "q4_k_m", .label = "GGUF Q4_K_M", .bits = 4.5, .compute = CD_BF16,
		       .source = GGML_BLOCKS, .gguf = GT_Q4_K},
	/* Q4_0: the base type everywhere but the output (Q6_K); no
	 * layer is raised without an imatrix */
	[WF_Q4_0] = {.id = "q4_0", .label = "GGUF Q4_0", .bits = 4.5, .compute = CD_BF16,
		     .source = GGML_BLOCKS, .gguf = GT_Q4_0},
	[WF_Q3_K_M] = {.id = "q3_k_m", .label = "GGUF Q3_K_M", .bits = 3.4375, .compute = CD_BF16,
		       .source = GGML_BLOCKS, .gguf = GT_Q3_K},
	[WF_Q2_K] = {.id = "q2_k", .label = "GGUF Q2_K", .bits = 2.625, .compute = CD_BF16,
		     .source = GGML_BLOCKS, .gguf = GT_Q2_K},
};

/* ggml/src/ggml-common.h (its static_asserts): elements and bytes per
 * block. The k-quants pack 256 weights with 6-bit sub-block scales
 * (Q4_K 144 B = 4.5 bits); the legacy types 32 with an fp16 scale. */
static const struct {
	unsigned block, bytes;
} ggml_types[GT_COUNT] = {
	[GT_NONE] = {1, 2},
	[GT_F32] = {1, 4},
	[GT_F16] = {1, 2},
	[GT_Q8_0] = {32, 34},
	[GT_Q6_K] = {256, 210},
	[GT_Q5_K] = {256, 176},
	[GT_Q4_K] = {256, 144},
	[GT_Q3_K] = {256, 110},
	[GT_Q2_K] = {256, 84},
	[GT_Q5_1] = {32, 24},
	[GT_Q5_0] = {32, 22},
	[GT_Q4_0] = {32, 18},
};

double
ggml_type_bits(enum ggml_type t)
{
	unsigned i = (unsigned)t < GT_COUNT ? (unsigned)t : GT_F16;

	return 8.0 * ggml_types[i].bytes / ggml_types[i].block;
}

/* llama-quant.cpp use_more_bits: the first and last eighth of the
 * layers and every third one between. */
static bool
use_more_bits(uint32_t i, uint32_t n)
{
	return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

/* llama-quant.cpp tensor_type_fallback: a row that is no whole number
 * of blocks takes a 32-element type, else F16. */
static enum ggml_type
fallback(enum ggml_type t, uint64_t ne0)
{
	if (ggml_types[t].block > 32 && ne0 % ggml_types[t].block != 0) {
		switch (t) {
		case GT_Q6_K:
			t = GT_Q8_0;
			break;
		case GT_Q5_K:
			t = GT_Q5_1;
			break;
		case GT_Q4_K:
			t = GT_Q5_0;
			break;
		default:
			t = GT_Q4_0;	/* Q2_K, Q3_K */
			break;
		}
	}
	return ne0 % ggml_types[t].block != 0 ? GT_F16 : t;
}

/* llama-quant.cpp llama_tensor_get_type_impl for the presets gpuplan
 * knows, non-Falcon, without --output-tensor-type or an imatrix. The
 * attn_v counter i_attention_wv is the layer index, as every layer
 * carries attention here. */
enum ggml_type
weight_format_gguf_type(enum weight_format f, const struct model *m,
			enum gguf_role r, uint32_t i, uint64_t ne0)
{
	enum ggml_type base = weight_format_info(f)->gguf, t = base;
	enum ggml_type out = base == GT_Q8_0 ? GT_Q8_0 : GT_Q6_K;
	uint32_t n = m->layers;
	bool more = use_more_bits(i, n), mixtral = m->experts == 8;
	/* LLM_TYPE_70B: llama-model.cpp gives it to 80-layer Llama and
	 * Qwen2 models with grouped KV heads */
	bool is_70b = n == 80 && m->experts == 0 && m->kv_heads < m->heads;

	if (base == GT_NONE)
		return GT_NONE;
	switch (r) {
	case GR_F32:
		return GT_F32;
	case GR_EMBED:
		/* a tied table is the output tensor and takes its type */
		t = m->tied_embeddings ? out : base;
		break;
	case GR_OUTPUT:
		t = out;
		break;
	case GR_ATTN_K:
		if (mixtral)
			t = GT_Q8_0;	/* "trades just ~128MB" */
		break;
	case GR_ATTN_V:
		if (f == WF_Q2_K)
			t = m->kv_heads > 0 && m->heads / m->kv_heads >= 4 ? GT_Q4_K : GT_Q3_K;
		else if (f == WF_Q3_K_M)
			t = i < 2 ? GT_Q5_K : GT_Q4_K;
		else if ((f == WF_Q4_K_M || f == WF_Q5_K_M) && more)
			t = GT_Q6_K;
		if (is_70b && (t == GT_Q3_K || t == GT_Q4_K))
			t = GT_Q5_K;
		if (mixtral)
			t = GT_Q8_0;
		break;
	case GR_ATTN_O:
		if (mixtral && (f == WF_Q2_K || f == WF_Q3_K_M || f == WF_Q4_K_M))
			t = GT_Q5_K;
		else if (!mixtral && f == WF_Q2_K)
			t = GT_Q3_K;
		else if (!mixtral && f == WF_Q3_K_M)
			t = GT_Q4_K;
		break;
	case GR_FFN_DOWN:
		/* by layer index, dense, routed and shared experts alike */
		if (f == WF_Q2_K)
			t = GT_Q3_K;
		else if (f == WF_Q3_K_M)
			t = i < n / 16 ? GT_Q5_K : GT_Q4_K;
		else if ((f == WF_Q4_K_M || f == WF_Q5_K_M) && more)
			t = GT_Q6_K;
		break;
	default:
		break;
	}
	return fallback(t, ne0);
}

static const char *const kv_ids[KV_COUNT] = {"bf16", "fp16", "fp8", "int8", "q8_0", "q4_0"};
/* ggml/src/ggml-common.h: block_q8_0 is 32 int8 and an fp16 scale (34 B
 * per 32), block_q4_0 32 nibbles and an fp16 scale (18 B per 32). */
const double kv_dtype_byte_table[KV_COUNT] = {2, 2, 1, 1, 34.0 / 32, 18.0 / 32};

const struct weight_format_info *
weight_format_info(enum weight_format f)
{
	return (unsigned)f < WF_COUNT ? &formats[f] : &formats[WF_BF16];
}

int
weight_format_parse(const char *s, enum weight_format *out)
{
	for (int i = 0; i < WF_COUNT; i++) {
		if (strcmp(s, formats[i].id) == 0) {
			*out = (enum weight_format)i;
			return 0;
		}
	}
	return -1;
}

double
weight_format_group_bits(enum weight_format f, enum param_group g, bool moe)
{
	const struct weight_format_info *w = weight_format_info(f);

	if (w->gguf != GT_NONE) {
		/* the preset's base type; memory_stage applies the
		 * per-tensor choice */
		if (g == PG_NORM || g == PG_ROUTER)
			return 32;
		if (g == PG_LM_HEAD)
			return ggml_type_bits(w->gguf == GT_Q8_0 ? GT_Q8_0 : GT_Q6_K);
		return g == PG_EXTRA ? 16 : w->bits;
	}
	switch (g) {
	case PG_ATTN:
	case PG_DENSE_FFN:
		return moe && w->moe_experts_only ? 16 : w->bits;
	case PG_NORM:
	case PG_ROUTER:
		return w->bits > 16 ? w->bits : 16;
	case PG_EXTRA:
		return 16;	/* vision towers ship unquantized */
	case PG_EMBED:
	case PG_LM_HEAD:
		return w->keep_16bit_embed ? 16 : w->bits;
	default:
		return w->bits;
	}
}

const char *
kv_dtype_id(enum kv_dtype d)
{
	return (unsigned)d < KV_COUNT ? kv_ids[d] : "?";
}

int
kv_dtype_parse(const char *s, enum kv_dtype *out)
{
	for (int i = 0; i < KV_COUNT; i++) {
		if (strcmp(s, kv_ids[i]) == 0) {
			*out = (enum kv_dtype)i;
			return 0;
		}
	}
	return -1;
}
