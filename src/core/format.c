/* format.c - bits per weight of each format, with scales included.
 * GGUF mixes are llama.cpp's measured whole-file averages (tools/quantize
 * README, Llama 2 7B table), so they cover embeddings and output too. */
#include <string.h>

#include "format.h"

#define QUANT_README "llama.cpp tools/quantize/README.md (Llama 2 7B BPW table)"

static const struct weight_format_info formats[WF_COUNT] = {
	[WF_BF16] = {"bf16", "BF16", 16, true, CD_BF16, "IEEE/bfloat16: 2 bytes", false},
	[WF_FP16] = {"fp16", "FP16", 16, true, CD_FP16, "IEEE half: 2 bytes", false},
	[WF_FP8] = {"fp8", "FP8 (E4M3)", 8, true, CD_FP8,
		    "1 byte; per-channel scales are negligible", false},
	[WF_INT8] = {"int8", "INT8 (W8A8)", 8, true, CD_INT8,
		     "1 byte; per-channel scales are negligible", false},
	[WF_INT4] = {"int4", "INT4 g128 (AWQ/GPTQ)", 4.25, true, CD_BF16,
		     "4 bits + 16-bit scale and zero per group of 128", false},
	[WF_MXFP4] = {"mxfp4", "MXFP4", 4.25, true, CD_BF16,
		      "OCP MX: 4 bits + 8-bit scale per block of 32; on MoE models "
		      "the experts only (gpt-oss quantization_config "
		      "modules_to_not_convert: attention, router, embeddings, head)",
		      true},
	[WF_NVFP4] = {"nvfp4", "NVFP4", 4.5, true, CD_FP4,
		      "4 bits + FP8 scale per block of 16", false},
	[WF_Q8_0] = {"q8_0", "GGUF Q8_0", 8.5, false, CD_BF16, QUANT_README, false},
	[WF_Q6_K] = {"q6_k", "GGUF Q6_K", 6.56, false, CD_BF16, QUANT_README, false},
	[WF_Q5_K_M] = {"q5_k_m", "GGUF Q5_K_M", 5.68, false, CD_BF16, QUANT_README, false},
	[WF_Q4_K_M] = {"q4_k_m", "GGUF Q4_K_M", 4.84, false, CD_BF16, QUANT_README, false},
	[WF_Q3_K_M] = {"q3_k_m", "GGUF Q3_K_M", 3.91, false, CD_BF16, QUANT_README, false},
	[WF_Q2_K] = {"q2_k", "GGUF Q2_K", 3.35, false, CD_BF16, QUANT_README, false},
};

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
