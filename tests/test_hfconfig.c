/* test_hfconfig.c - importing a Hugging Face config.json from disk
 * (doc/planning-model.md section 2). The fixtures in tests/data/hf/ are
 * config.json copies written from published, sourced field values (the
 * sources are named in data/models.json), nested text_config for Llama 4
 * and Gemma 3 as Hugging Face ships them. Every derived total must be
 * within 0.5% of the published count (doc/planning-model.md section 2). */
#include "testutil.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "inspect.h"
#include "kvcache.h"
#include "memory.h"
#include "model.h"

#define HF GPUPLAN_TESTDATADIR "/hf/"
#define AIC GPUPLAN_TESTDATADIR "/aic/"

static void
load(const char *dir, struct model *m, struct hf_import *info)
{
	struct gp_error err;

	err.msg[0] = '\0';
	if (hfimport_load(dir, m, info, &err) != 0)
		ck_abort_msg("%s: %s", dir, err.msg);
}

static bool
has_note(const struct hf_import *info, const char *needle)
{
	for (int i = 0; i < info->n_notes; i++) {
		if (strstr(info->notes[i], needle) != NULL)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Published totals, every model of the reference models.json.         */
/* ------------------------------------------------------------------ */

struct published {
	const char *dir;
	uint64_t total;		/* what the derived count is compared with */
	bool with_mtp;		/* the published count includes MTP layers */
	const char *why;
};

/* exact_total_params of the reference models.json; for the multimodal
 * checkpoints (Scout, Maverick, Gemma 3) the fixture has no vision
 * tower, so the text-only count of doc/planning-model.md section 2
 * applies. */
static const struct published published[] = {
	{"Llama-3.1-8B", 8030261248ull, false, "exact_total_params"},
	{"Llama-3.1-70B", 70553706496ull, false, "exact_total_params"},
	{"Llama-3.1-405B", 405853388800ull, false, "exact_total_params"},
	{"Llama-4-Scout-17B-16E-Instruct", 107769861120ull, false,
	 "text model: 108,641,793,536 - 871,932,416 vision"},
	{"Llama-4-Maverick-17B-128E-Instruct", 400711848960ull, false,
	 "text model: 401,583,781,376 - 871,932,416 vision"},
	{"Mistral-7B-v0.1", 7241732096ull, false, "exact_total_params"},
	{"Mixtral-8x7B-v0.1", 46702792704ull, false, "exact_total_params"},
	{"DeepSeek-V3", 684489845504ull, true,
	 "671,026,419,200 main + 13,463,426,304 MTP"},
	{"DeepSeek-V3.2", 685000000000ull, true, "685B, the Hugging Face model card"},
	{"GLM-5-FP8", 744000000000ull, false, "744B, Z.ai's GLM-5 announcement"},
	{"Qwen3-30B-A3B", 30532122624ull, false, "exact_total_params"},
	{"gpt-oss-120b", 116829156672ull, false, "exact_total_params"},
	{"gpt-oss-20b", 20914757184ull, false, "exact_total_params"},
	{"gemma-3-27b-it", 27009346304ull, false,
	 "text model: 27,432,406,640 - 423,060,336 SigLIP"},
	{"NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", 31600000000ull, false,
	 "31.6B total, NVIDIA model card"},
	{"NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16", 550000000000ull, false,
	 "550B, the checkpoint's name (A55B)"},
};

START_TEST(test_published_totals)
{
	const struct published *p = &published[_i];
	char path[512];
	struct model m;
	struct hf_import info;
	struct model_counts c;
	uint64_t total;

	snprintf(path, sizeof path, HF "%s/config.json", p->dir);
	load(path, &m, &info);
	model_count(&m, &c);
	total = c.text_total + (p->with_mtp ? m.mtp_params : 0);
	ck_assert_msg(fabs((double)total - (double)p->total) <= 0.005 * (double)p->total,
		      "%s: derived %llu, published %llu (%s), off by %.3f%%", p->dir,
		      (unsigned long long)total, (unsigned long long)p->total, p->why,
		      100.0 * ((double)total - (double)p->total) / (double)p->total);
}
END_TEST

/* Checkpoints whose every tensor was summed (tests/data/hf/README): the
 * count to the parameter, once the scale tensors, worked out by hand
 * from the shapes, are taken off. */
START_TEST(test_tensor_counts)
{
	static const struct {
		const char *dir;
		uint64_t elements, scales, mtp;
		const char *why;
	} cases[] = {
		{"DeepSeek-R1-Distill-Qwen-7B", 7615616512ull, 0, 0,
		 "qwen2: q, k, v biases (3584 + 2 x 512 per layer), none on o"},
		/* the MTP layer is in the checkpoint, not in the config: a
		 * full-attention MoE layer (27,262,976 + 4,608 norms +
		 * 1,614,809,088 with the shared expert's gate), fc 2 x 2048^2,
		 * three norms of 2048 */
		{"Qwen3-Next-80B-A3B-Instruct", 81324862720ull, 0, 1650471424ull,
		 "gated full attention, Gated DeltaNet, shared_expert_gate"},
		/* one FP32 weight_scale_inv per 128 x 128 block of every FP8
		 * linear layer, the MTP layer's too */
		{"DeepSeek-V3.1", 684531386000ull, 41540496ull, 0, "V3's layout"},
		/* one FP32 weight_scale per output row of every FP8 linear
		 * layer and the MTP head (tests/data/hf/README) */
		{"GLM-4.5-FP8", 358458543424ull, 120752128ull, 0,
		 "glm4_moe: q, k, v biases, q/k norms, DeepSeek's MTP layout"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512];
		struct model m;
		struct hf_import info;
		struct model_counts c;

		snprintf(path, sizeof path, HF "%s/config.json", cases[i].dir);
		load(path, &m, &info);
		model_count(&m, &c);
		ck_assert_msg(c.text_total + m.mtp_params + cases[i].mtp + cases[i].scales ==
			      cases[i].elements, "%s (%s): %llu + %llu MTP", cases[i].dir, cases[i].why,
			      (unsigned long long)c.text_total, (unsigned long long)m.mtp_params);
	}
}
END_TEST

/* The fixtures reproduce the hand-checked catalog counts exactly. */
START_TEST(test_matches_catalog)
{
	static const char *const pairs[][2] = {
		{"Llama-3.1-8B", "llama-3.1-8b"},
		{"Llama-4-Scout-17B-16E-Instruct", "llama-4-scout"},
		{"Llama-4-Maverick-17B-128E-Instruct", "llama-4-maverick"},
		{"DeepSeek-V3", "deepseek-v3"},
		{"gpt-oss-120b", "gpt-oss-120b"},
		{"gemma-3-27b-it", "gemma-3-27b"},
		{"Qwen3-30B-A3B", "qwen3-30b-a3b"},
	};

	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char path[512];
		struct model m;
		struct model_counts c, want;

		snprintf(path, sizeof path, HF "%s/config.json", pairs[i][0]);
		load(path, &m, NULL);
		model_count(&m, &c);
		want = tu_counts(pairs[i][1]);
		ck_assert_u64(c.text_total, want.text_total);
		ck_assert_u64(c.active, want.active);
		ck_assert_u64(c.n_moe_layers, want.n_moe_layers);
		for (int k = 0; k < ATTN_KIND_COUNT; k++)
			ck_assert_uint_eq(c.n_attn[k], want.n_attn[k]);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* What the import learns beyond the architecture.                     */
/* ------------------------------------------------------------------ */

START_TEST(test_nested_text_config)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;

	load(HF "Llama-4-Scout-17B-16E-Instruct/config.json", &m, &info);
	ck_assert(info.nested);
	ck_assert_str_eq(info.model_type, "llama4_text");
	model_count(&m, &c);
	/* 12 global NoPE layers (idx 3, 7, ..., 47) + 36 chunked
	 * (doc/planning-model.md section 2), all 48 MoE */
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 12);
	ck_assert_uint_eq(c.n_attn[ATTN_CHUNKED], 36);
	ck_assert_uint_eq(c.n_moe_layers, 48);
	ck_assert_uint_eq(m.max_context, 10485760);
	ck_assert(has_note(&info, "vision_config"));

	load(HF "gemma-3-27b-it/config.json", &m, &info);
	ck_assert(info.nested);
	/* vocab_size is not in Gemma 3's config: the Gemma3TextConfig
	 * default 262208 applies, tied (as in data/models.json) */
	ck_assert_uint_eq(m.vocab, 262208);
	ck_assert(m.tied_embeddings);
	ck_assert(has_note(&info, "vocab_size"));
	model_count(&m, &c);
	/* 10 global (i+1) % 6 == 0, 52 local of 1024 */
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 10);
	ck_assert_uint_eq(c.n_attn[ATTN_SLIDING], 52);
	ck_assert_uint_eq(m.window, 1024);
}
END_TEST

START_TEST(test_quantization_config)
{
	struct model m;
	struct hf_import info;

	/* DeepSeek-V3: fp8 e4m3, block [128, 128] */
	load(HF "DeepSeek-V3/config.json", &m, &info);
	ck_assert_str_eq(info.quant_method, "fp8");
	ck_assert(info.has_weights);
	ck_assert_int_eq(info.weights, WF_FP8);
	/* gpt-oss: MXFP4 on the experts */
	load(HF "gpt-oss-20b/config.json", &m, &info);
	ck_assert_str_eq(info.quant_method, "mxfp4");
	ck_assert_int_eq(info.weights, WF_MXFP4);
	/* none in a BF16 checkpoint */
	load(HF "Llama-3.1-70B/config.json", &m, &info);
	ck_assert_str_eq(info.quant_method, "");
	ck_assert(!info.has_weights);
}
END_TEST

static int
import_text(const char *json, struct model *m, struct hf_import *info,
	    struct gp_error *err)
{
	cJSON *cfg = cJSON_Parse(json);
	int rc;

	ck_assert_msg(cfg != NULL, "test literal is not JSON: %s", json);
	memset(m, 0, sizeof *m);
	err->msg[0] = '\0';
	rc = hfconfig_read(cfg, m, info, err);
	cJSON_Delete(cfg);
	return rc;
}

#define TINY_LLAMA							\
	"\"model_type\": \"llama\", \"hidden_size\": 4096,"		\
	" \"intermediate_size\": 14336, \"num_hidden_layers\": 32,"	\
	" \"num_attention_heads\": 32, \"num_key_value_heads\": 8,"	\
	" \"vocab_size\": 128256, \"tie_word_embeddings\": false,"	\
	" \"max_position_embeddings\": 131072"

START_TEST(test_awq_gptq_bits)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"awq\", \"bits\": 4, \"group_size\": 128}}",
		&m, &info, &err), 0);
	ck_assert_int_eq(info.weights, WF_INT4);
	ck_assert_uint_eq(info.quant_group, 128);
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"gptq\", \"bits\": 8, \"group_size\": 128}}",
		&m, &info, &err), 0);
	ck_assert_int_eq(info.weights, WF_INT8);
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"gptq\", \"bits\": 3}}", &m, &info, &err), 0);
	ck_assert(!info.has_weights);
	ck_assert(has_note(&info, "3 bits"));
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"hqq\"}}", &m, &info, &err), 0);
	ck_assert(has_note(&info, "\"hqq\" not recognised"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* The checkpoint's own bits (doc/planning-model.md section 3).        */
/* ------------------------------------------------------------------ */

/* Llama-3.1-8B by hand: per layer attention 4096 x 4096 (q, o) +
 * 2 x 4096 x 1024 (k, v) = 41,943,040 and FFN 3 x 4096 x 14336 =
 * 176,160,768, together L1 = 218,103,808 linear weights; 32 layers
 * 6,979,321,856. Embedding and head 2 x 128256 x 4096 = 1,050,673,152,
 * norms 65 x 4096 = 266,240: E = 1,050,939,392 weights kept at 2 bytes,
 * 2,101,878,784 B. */
#define L8_LINEAR 6979321856.0
#define L8_KEPT_BYTES 2101878784ull

static uint64_t
model_bytes(const struct model *m, enum weight_format f)
{
	struct model_counts c;

	model_count(m, &c);
	return memory_model_bytes(m, &c, f);
}

START_TEST(test_modelopt_exclusions)
{
	struct model m, plain;
	struct hf_import info;

	load(HF "Llama-3.1-8B-Instruct-FP8/config.json", &m, &info);
	ck_assert(m.quant);
	ck_assert_str_eq(info.quant_method, "FP8");
	ck_assert_int_eq(info.weights, WF_FP8);
	/* "model.layers.0.*": attention and FFN of layer 0 only */
	ck_assert_uint_eq(m.quant_keep[0], (1u << PG_ATTN) | (1u << PG_DENSE_FFN));
	ck_assert_uint_eq(m.quant_keep[1], 0);
	ck_assert(m.quant_bits[PG_LM_HEAD] == 16);
	/* 31 x L1 at 1 byte + L1 at 2 + E at 2 = 6,761,218,048 +
	 * 436,207,616 + 2,101,878,784 = 9,299,304,448 */
	ck_assert_u64(model_bytes(&m, WF_BF16), 9299304448ull);
	ck_assert_u64(model_bytes(&m, WF_FP8), 9299304448ull);	/* the checkpoint wins */
	/* plain --weights fp8: 6,979,321,856 + 2,101,878,784; the
	 * difference is the excluded layer's L1 weights, one byte each */
	plain = m;
	plain.quant = false;
	ck_assert_u64(model_bytes(&plain, WF_FP8), 9081200640ull);
	ck_assert_u64(model_bytes(&m, WF_FP8) - model_bytes(&plain, WF_FP8), 218103808ull);
	/* a GGUF preset is a file of its own: the checkpoint is not used */
	ck_assert_u64(model_bytes(&m, WF_Q8_0), model_bytes(&plain, WF_Q8_0));
}
END_TEST

/* ModelOpt's own checkpoints (tests/data/aic), in bytes worked out by
 * hand from each config.json and hf_quant_config.json: FP8 1 byte, NVFP4
 * and W4A16_NVFP4 4 + 8/16 bits, every module the config does not
 * quantize 2 bytes. The module names are the checkpoint's
 * (model.language_model.layers, linear_attn, mlp.shared_expert). Each
 * Qwen checkpoint also holds its vision tower, 16 bit, worked out below
 * from vision_config (test_vision_tower): 27B 460,730,096, 35B-A3B
 * 446,571,248, 122B 451,290,864 parameters, twice that in bytes. */
START_TEST(test_modelopt_mixed)
{
	struct model m;
	struct hf_import info;

	/* Qwen3.6-27B MIXED_PRECISION: d 5120, V 248320, 64 layers, 16
	 * gated full (q 2 x 24 x 256, k and v 4 x 256, o) and 48 Gated
	 * DeltaNet (k 16 x 128, v 48 x 128) at FP8, MLPs 3 x 5120 x 17408
	 * and lm_head at NVFP4; kept: embedding 2,542,796,800 B,
	 * in_proj_b/a 2 x 48 x 5120 per layer, convs, norms. */
	load(AIC "nvidia--Qwen3.6-27B-NVFP4", &m, &info);
	ck_assert(m.quant && m.native_format == WF_NVFP4);
	ck_assert_int_eq(m.native_kv, KV_FP8);	/* kv_cache_quant_algo "FP8" */
	ck_assert_u64(model_bytes(&m, WF_BF16), 20150565888ull + 2 * 460730096ull);
	ck_assert(m.quant_layer_bits[3][0] == 8);	/* full attention, FP8 */
	ck_assert(m.quant_layer_bits[0][PG_DENSE_FFN - PG_ATTN] == 4.5);
	/* the 35B-A3B names its fused experts once: "mlp.experts" covers
	 * each expert's gate, up and down */
	load(AIC "nvidia--Qwen3.6-35B-A3B-NVFP4", &m, &info);
	ck_assert(m.quant_layer_bits[0][PG_EXPERTS - PG_ATTN] == 4.5);
	ck_assert_u64(model_bytes(&m, WF_BF16), 20824909056ull + 2 * 446571248ull);
	/* Nemotron 3.5 Lightning: Mamba in/out_proj FP8, routed (up, down
	 * of 1856) and shared (3712) experts NVFP4, the 6 attention
	 * blocks excluded, at 16 bits */
	load(AIC "nvidia--NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4", &m, &info);
	ck_assert_u64(model_bytes(&m, WF_BF16), 18873080448ull);
	ck_assert(m.quant_keep[5] == 1u << PG_ATTN);
	/* Qwen3.5-122B-A10B NVFP4 excludes every linear_attn, self_attn
	 * and shared expert: only the 48 x 256 x 3 x 3072 x 1024 =
	 * 115,964,116,992 routed weights are 4.5 bits, 65,229,815,808 B;
	 * the other 6,147,409,920 weights (with 48 shared_expert_gate of
	 * 3072) 2 bytes */
	load(AIC "nvidia--Qwen3.5-122B-A10B-NVFP4", &m, &info);
	ck_assert_u64(model_bytes(&m, WF_BF16), 77524635648ull + 2 * 451290864ull);
	/* a checkpoint that declares no KV quantization keeps BF16 */
	load(AIC "Qwen--Qwen3.5-122B-A10B", &m, &info);
	ck_assert_int_eq(m.native_kv, KV_BF16);
}
END_TEST

/* Qwen3-VL's vision tower (Qwen3VLVisionModel), by hand: patch_embed
 * 3 x 2 x 16^2 x h + h, pos_embed 2304 x h, per block 2 LayerNorms
 * (4h), qkv 3h^2 + 3h, proj h^2 + h, MLP 2hI + I + h; the merger 2h +
 * (4h)^2 + 4h + 4h x out + out, and a deepstack merger per index, its
 * norm over 4h. Qwen3-VL-8B (h 1152, I 4304, 27 blocks, out 4096, 3
 * deepstack): 576,388,336, and with its 8,190,735,360-parameter text
 * model the 8,767,123,696 that NVIDIA's Cosmos-Reason2-8B card gives
 * for its base (and the Hub's safetensors total); Qwen3-VL-2B (h 1024,
 * I 4096, 24 blocks, out 2048) 406,957,056, 2,127,532,032 in all, as
 * public repositories count it (sum of p.numel()). */
START_TEST(test_vision_tower)
{
	static const struct {
		const char *dir;
		uint64_t tower, total;
	} cases[] = {
		{"Qwen--Qwen3-VL-8B-Instruct", 576388336ull, 8767123696ull},
		{"Qwen--Qwen3-VL-2B-Instruct", 406957056ull, 2127532032ull},
		{"Qwen--Qwen3.5-27B", 460730096ull, 0},
	};
	struct model m;
	struct hf_import info;
	struct model_counts c;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512];

		snprintf(path, sizeof path, AIC "%s", cases[i].dir);
		load(path, &m, &info);
		model_count(&m, &c);
		ck_assert_u64(m.extra_params, cases[i].tower);
		if (cases[i].total > 0)
			ck_assert_u64(c.total, cases[i].total);
	}
	/* another tower is not counted, and said so */
	load(AIC "google--gemma-4-26B-A4B", &m, &info);
	ck_assert(has_note(&info, "vision tower is not in the count"));
	/* nor is one a hostile config makes too big to be one */
	{
		struct gp_error err;

		ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"vision_config\": {\"model_type\": \"qwen3_vl\","
			" \"depth\": 1048576, \"hidden_size\": 1048576, \"intermediate_size\": 1048576,"
			" \"in_channels\": 3, \"patch_size\": 16, \"temporal_patch_size\": 2,"
			" \"spatial_merge_size\": 1048576, \"out_hidden_size\": 1048576,"
			" \"num_position_embeddings\": 1}}", &m, &info, &err), 0);
		ck_assert_u64(m.extra_params, 0);
		ck_assert(has_note(&info, "out of range"));
	}
}
END_TEST

/* Llama-Nemotron's NAS blocks: a layer without attention keeps no KV
 * and one norm, an FFN's width is int(2 ffn_mult d / 3) rounded up to
 * 256 (DeciLM _ffn_mult_to_intermediate_size): 0.5 x 4096 gives 1365,
 * so 1536; 3.5 gives 9557, so 9728. What the planner cannot lay out is
 * refused, naming the block. */
#define NAS_HEAD							\
	"\"model_type\": \"nemotron-nas\", \"hidden_size\": 4096,"	\
	" \"num_hidden_layers\": 2, \"num_attention_heads\": 32,"	\
	" \"num_key_value_heads\": null, \"intermediate_size\": null,"	\
	" \"vocab_size\": 1000, \"max_position_embeddings\": 4096"
#define NAS_ATTN(g) "{\"n_heads_in_group\": " #g ", \"no_op\": false, \"replace_with_linear\": false}"
#define NAS_NONE "{\"n_heads_in_group\": null, \"no_op\": true}"
#define NAS_FFN(x) "{\"ffn_mult\": " #x ", \"no_op\": false}"

START_TEST(test_nas_blocks)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
	struct model_counts c;

	ck_assert_int_eq(import_text("{" NAS_HEAD ", \"block_configs\": ["
		"{\"attention\": " NAS_ATTN(8) ", \"ffn\": " NAS_FFN(0.5) "},"
		"{\"attention\": " NAS_NONE ", \"ffn\": " NAS_FFN(3.5) "}]}", &m, &info, &err), 0);
	ck_assert_uint_eq(m.kv_heads, 4);
	ck_assert_uint_eq(m.attn[0], ATTN_FULL);
	ck_assert_uint_eq(m.attn[1], ATTN_NONE);
	ck_assert_uint_eq(model_dense_width(&m, 0), 1536);
	ck_assert_uint_eq(model_dense_width(&m, 1), 9728);
	model_count(&m, &c);
	/* attention 2 x 4096^2 + 2 x 4096 x 512; FFNs 3 x 4096 x (1536 +
	 * 9728); norms 3 x 4096 + the final one */
	ck_assert_u64(c.group[PG_ATTN], 37748736ull);
	ck_assert_u64(c.group[PG_DENSE_FFN], 138412032ull);
	ck_assert_u64(c.group[PG_NORM], 16384ull);
	ck_assert_int_eq(import_text("{" NAS_HEAD ", \"block_configs\": ["
		"{\"attention\": " NAS_ATTN(8) ", \"ffn\": " NAS_FFN(1) "},"
		"{\"attention\": " NAS_ATTN(4) ", \"ffn\": " NAS_FFN(1) "}]}", &m, &info, &err), -1);
	ck_assert_has(err.msg, "block_configs[1].attention.n_heads_in_group");
	ck_assert_int_eq(import_text("{" NAS_HEAD ", \"block_configs\": ["
		"{\"attention\": {\"replace_with_linear\": true}, \"ffn\": " NAS_FFN(1) "},"
		"{\"attention\": " NAS_NONE ", \"ffn\": " NAS_FFN(1) "}]}", &m, &info, &err), -1);
	ck_assert_has(err.msg, "\"block_configs\"[0].attention.replace_with_linear");
	ck_assert_int_eq(import_text("{" NAS_HEAD ", \"block_configs\": []}", &m, &info, &err), -1);
	ck_assert_has(err.msg, "one entry per layer (2)");
}
END_TEST

/* ModelOpt's KV declaration as vLLM's --kv-cache-dtype auto reads it:
 * "fp8" in any case, or a static 8-bit float kv_cache_scheme; anything
 * else stays BF16 and is said. */
START_TEST(test_modelopt_kv)
{
	static const struct {
		const char *kv;
		int dtype;
	} cases[] = {
		{"\"kv_cache_quant_algo\": \"fp8\"", KV_FP8},
		{"\"kv_cache_quant_algo\": \"FP8\"", KV_FP8},
		{"\"kv_cache_scheme\": {\"num_bits\": 8, \"type\": \"float\", \"dynamic\": false}", KV_FP8},
		{"\"kv_cache_scheme\": {\"num_bits\": 8, \"type\": \"float\", \"dynamic\": true}", KV_BF16},
		{"\"kv_cache_quant_algo\": \"NVFP4\"", KV_BF16},
		{"\"kv_cache_quant_algo\": null", KV_BF16},
	};
	struct model m;
	struct hf_import info;
	struct gp_error err;
	char text[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "{" TINY_LLAMA ", \"quantization_config\":"
			 " {\"quant_method\": \"modelopt\", \"quant_algo\": \"FP8\", %s}}",
			 cases[i].kv);
		ck_assert_int_eq(import_text(text, &m, &info, &err), 0);
		ck_assert_msg(m.native_kv == cases[i].dtype, "%s: %d", cases[i].kv, m.native_kv);
	}
	snprintf(text, sizeof text, "{" TINY_LLAMA ", \"quantization_config\":"
		 " {\"quant_method\": \"modelopt\", \"quant_algo\": \"FP8\", %s}}", cases[4].kv);
	ck_assert_int_eq(import_text(text, &m, &info, &err), 0);
	ck_assert(has_note(&info, "not a KV format vLLM reads"));
}
END_TEST

/* Whole-number results of bits x weights: each scheme's per-weight bits
 * times L8_LINEAR / 8, plus the kept 2,101,878,784 B. */
static const struct {
	const char *quant;
	double bits;		/* per linear weight, scales included */
	uint64_t bytes;
	enum weight_format nearest;
	const char *why;
} schemes[] = {
	{"{\"quant_method\": \"fp8\", \"weight_block_size\": [128, 128]}",
	 8 + 32.0 / 16384, 9082904576ull, WF_FP8,
	 "DeepSeek-V3: e4m3 + one fp32 per 128 x 128 block: 8.001953125 bits,"
	 " 6,981,025,792 + 2,101,878,784"},
	{"{\"quant_method\": \"awq\", \"bits\": 4, \"group_size\": 128, \"zero_point\": true}",
	 4 + 20.0 / 128, 5727854592ull, WF_INT4,
	 "AWQ: fp16 scale + 4-bit zero per 128: 4.15625 bits, 3,625,975,808 + 2,101,878,784"},
	{"{\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": -1}",
	 4, 5591539712ull, WF_INT4,
	 "GPTQ per row: 4 bits, 3,489,660,928 + 2,101,878,784"},
	{"{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"group_0\":"
	 " {\"targets\": [\"Linear\"], \"weights\": {\"num_bits\": 4, \"type\": \"int\","
	 " \"strategy\": \"group\", \"group_size\": 128, \"symmetric\": true}}},"
	 " \"ignore\": [\"lm_head\"]}",
	 4 + 16.0 / 128, 5700591616ull, WF_INT4,
	 "w4a16: bf16 scale per 128: 4.125 bits, 3,598,712,832 + 2,101,878,784"},
};

START_TEST(test_scheme_bytes)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
	char json[1024];

	snprintf(json, sizeof json, "{" TINY_LLAMA ", \"quantization_config\": %s}",
		 schemes[_i].quant);
	ck_assert_int_eq(import_text(json, &m, &info, &err), 0);
	ck_assert_msg(m.quant, "%s: %s", schemes[_i].why, m.quant_note);
	ck_assert(fabs(m.quant_bits[PG_ATTN] - schemes[_i].bits) < 1e-12);
	ck_assert(m.quant_bits[PG_EMBED] == 16 && m.quant_bits[PG_LM_HEAD] == 16);
	ck_assert_int_eq(info.weights, schemes[_i].nearest);
	ck_assert_msg(model_bytes(&m, WF_BF16) == schemes[_i].bytes, "%s: %llu", schemes[_i].why,
		      (unsigned long long)model_bytes(&m, WF_BF16));
}
END_TEST

/* A row scale's bits spread over its row (16 / 14336) have no exact
 * binary form, and memory.c rounds the summed bits up: the hand-worked
 * bytes, or one above. */
static bool
near_bytes(uint64_t got, uint64_t want)
{
	if (got != want && got != want + 1)
		fprintf(stderr, "bytes %llu, by hand %llu\n", (unsigned long long)got,
			(unsigned long long)want);
	return got == want || got == want + 1;
}

/* compressed-tensors' own test of target precedence
 * (tests/test_quantization/lifecycle/test_apply.py
 * test_target_prioritization, vllm-project/compressed-tensors commit
 * ac8e2ba8), its config_groups verbatim, on Llama-3.1-8B's shapes:
 * group_1 "Linear" 8 bits, group_2 "re:.*down_proj" 4 bits, group_3
 * "model.layers.0.mlp.down_proj" 2 bits (strategy absent: per tensor,
 * scales negligible), no ignore. An exact name beats a regex, which
 * beats a class, so by hand, per layer:
 *   attention 41,943,040 x 1 B (Linear)             x 32 = 1,342,177,280
 *   gate, up 2 x 4096 x 14336 = 117,440,512 x 1 B   x 32 = 3,758,096,384
 *   down 58,720,256 x 0.5 B (regex)                 x 31 =   910,163,968
 *   down of layer 0 x 0.25 B (its name)                  =    14,680,064
 * and outside the layers the head, an nn.Linear that no ignore keeps,
 * 128256 x 4096 = 525,336,576 x 1 B; the embedding (an nn.Embedding,
 * not a Linear) and norms at 2 B: 1,050,673,152 + 532,480. Together
 * 7,601,659,904 B. */
START_TEST(test_ct_target_precedence)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"format\": \"fakequant\","
		" \"config_groups\": {"
		"  \"group_1\": {\"weights\": {\"num_bits\": 8}, \"targets\": [\"Linear\"]},"
		"  \"group_2\": {\"weights\": {\"num_bits\": 4}, \"targets\": [\"re:.*down_proj\"]},"
		"  \"group_3\": {\"weights\": {\"num_bits\": 2},"
		"   \"targets\": [\"model.layers.0.mlp.down_proj\"]}}}}", &m, &info, &err), 0);
	ck_assert_msg(m.quant, "%s", m.quant_note);
	/* layer 0's FFN: (2 x 8 + 2) / 3 = 6 bits, the others (2 x 8 + 4) / 3 */
	ck_assert(m.quant_layer_bits[0][PG_DENSE_FFN - PG_ATTN] == 6);
	ck_assert(fabs(m.quant_layer_bits[1][PG_DENSE_FFN - PG_ATTN] - 20.0 / 3) < 1e-12);
	ck_assert(m.quant_layer_bits[5][PG_ATTN - PG_ATTN] == 8);
	ck_assert(m.quant_bits[PG_LM_HEAD] == 8 && m.quant_bits[PG_EMBED] == 16);
	ck_assert_u64(model_bytes(&m, WF_BF16), 7601659904ull);
	/* group_1 holds most weights: 8-bit int */
	ck_assert_int_eq(info.weights, WF_INT8);
	ck_assert(has_note(&info, "3 config_groups"));
}
END_TEST

/* Two groups of different formats, as vLLM PR 22468 loads them
 * (nm-testing/llama-fp8-nvfp4-test: NVFP4 with FP8 down_proj; its
 * config.json is not in the corpora, so the groups are written here):
 * NVFP4 on every Linear (E4M3 scale per 16: 4.5 bits), FP8 per channel
 * on down_proj (a bf16 scale per output row, lifecycle/initialize.py
 * expected_shape (out, 1)), ignore lm_head. Per layer by hand:
 *   attention 41,943,040 x 4.5 / 8       x 32 =   754,974,720
 *   gate, up 117,440,512 x 4.5 / 8       x 32 = 2,113,929,216
 *   down 58,720,256 x 1 + 4096 rows x 2  x 32 = 1,879,310,336
 * with the kept 2,101,878,784 B: 6,850,093,056 B. A module no group
 * targets (here none) would stay in the model's 16 bits. */
START_TEST(test_ct_mixed_formats)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"format\": \"mixed-precision\","
		" \"config_groups\": {"
		"  \"group_0\": {\"format\": \"nvfp4-pack-quantized\", \"targets\": [\"Linear\"],"
		"   \"weights\": {\"num_bits\": 4, \"type\": \"float\", \"strategy\": \"tensor_group\","
		"    \"group_size\": 16, \"symmetric\": true}},"
		"  \"group_1\": {\"format\": \"float-quantized\", \"targets\": [\"re:.*down_proj\"],"
		"   \"weights\": {\"num_bits\": 8, \"type\": \"float\", \"strategy\": \"channel\","
		"    \"symmetric\": true}}},"
		" \"ignore\": [\"lm_head\"]}}", &m, &info, &err), 0);
	ck_assert_msg(m.quant, "%s", m.quant_note);
	ck_assert(m.quant_bits[PG_ATTN] == 4.5 && m.quant_bits[PG_LM_HEAD] == 16);
	ck_assert(near_bytes(model_bytes(&m, WF_BF16), 6850093056ull));
	ck_assert_int_eq(info.weights, WF_NVFP4);

	/* the attention group only: the FFNs no target selects stay 16 bit,
	 * 32 x 176,160,768 x 2 B = 11,274,289,152 beside the 1,342,177,280 B
	 * of attention at 8 bits and the kept 2,101,878,784 B */
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"config_groups\": {"
		"  \"group_0\": {\"targets\": [\"re:.*self_attn.*\"],"
		"   \"weights\": {\"num_bits\": 8, \"type\": \"float\"}}}}}", &m, &info, &err), 0);
	ck_assert(m.quant_bits[PG_ATTN] == 8 && m.quant_bits[PG_DENSE_FFN] == 16);
	ck_assert_u64(model_bytes(&m, WF_BF16), 14718345216ull);

	/* no strategy but a group_size: a group (quant_args.py
	 * validate_model_after), 4 + 16 / 128 bits */
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"config_groups\": {"
		"  \"group_0\": {\"targets\": [\"Linear\"],"
		"   \"weights\": {\"num_bits\": 4, \"group_size\": 128}}}}}", &m, &info, &err), 0);
	ck_assert(m.quant_bits[PG_ATTN] == 4.125);
}
END_TEST

/* Qwen2-MoE names its shared expert mlp.shared_expert, singular
 * (transformers Qwen2MoeSparseMoeBlock): a regex written for it selects
 * it. Shared experts at FP8, routed ones at 4 bits + a bf16 scale per
 * 128. */
START_TEST(test_ct_shared_expert_name)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_eq(import_text("{\"model_type\": \"qwen2_moe\", \"hidden_size\": 2048,"
		" \"num_hidden_layers\": 2, \"num_attention_heads\": 16, \"num_key_value_heads\": 16,"
		" \"vocab_size\": 1000, \"intermediate_size\": 5632, \"moe_intermediate_size\": 1408,"
		" \"num_experts\": 4, \"num_experts_per_tok\": 2,"
		" \"shared_expert_intermediate_size\": 5632, \"max_position_embeddings\": 4096,"
		" \"quantization_config\": {\"quant_method\": \"compressed-tensors\", \"config_groups\": {"
		"  \"group_0\": {\"targets\": [\"re:.*mlp\\\\.experts\\\\..*\"], \"weights\": {\"num_bits\": 4,"
		"   \"type\": \"int\", \"strategy\": \"group\", \"group_size\": 128}},"
		"  \"group_1\": {\"targets\": [\"re:.*shared_expert\\\\.(gate|up|down)_proj$\"],"
		"   \"weights\": {\"num_bits\": 8, \"type\": \"float\"}}}}}", &m, &info, &err), 0);
	ck_assert_msg(m.quant, "%s", m.quant_note);
	ck_assert(m.quant_bits[PG_EXPERTS] == 4.125);
	ck_assert(m.quant_bits[PG_SHARED] == 8);
	ck_assert(m.quant_bits[PG_ATTN] == 16);
}
END_TEST

/* What a target or ignore entry cannot be read as is said: a Python
 * regex POSIX has no form for (a lookahead), and a target that selects
 * no tensor counted (a decoder layer class: compressed-tensors gives
 * only Linear and Embedding modules weights, apply.py). */
START_TEST(test_ct_unreadable_targets)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"config_groups\": {"
		"  \"group_0\": {\"targets\": [\"Linear\", \"LlamaDecoderLayer\"],"
		"   \"weights\": {\"num_bits\": 8, \"type\": \"float\"}}},"
		" \"ignore\": [\"lm_head\", \"re:.*(?=mlp).*\", \"re:model\\\\.layers\\\\.\\\\d+\\\\.mlp\\\\.down_proj$\"]}}",
		&m, &info, &err), 0);
	ck_assert(m.quant);
	ck_assert(has_note(&info, "\"re:.*(?=mlp).*\" is a regex gpuplan cannot read"));
	ck_assert(has_note(&info, "1 target selects no tensor gpuplan counts (\"LlamaDecoderLayer\" of group_0"));
	/* and the plan warns with it */
	ck_assert_has(m.quant_note, "field \"ignore\": \"re:.*(?=mlp).*\" is a regex gpuplan cannot read");
	/* \d read as [0-9]: every down_proj kept, gate and up at 8 bits */
	ck_assert(fabs(m.quant_layer_bits[3][PG_DENSE_FFN - PG_ATTN] - (2.0 * 8 + 16) / 3) < 1e-12);
	/* a group with no weights and targets that are no list */
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"compressed-tensors\", \"config_groups\": {"
		"  \"group_0\": {\"targets\": \"Linear\", \"weights\": {\"num_bits\": 8}}}}}",
		&m, &info, &err), 0);
	ck_assert(!m.quant);
	ck_assert_has(m.quant_note, "field \"config_groups.group_0.targets\"");
}
END_TEST

/* moonshotai/Kimi-K2.5's config.json, verbatim (tests/data/hf/README):
 * one group, 4-bit int per 32 with a bf16 scale (4.5 bits) on every
 * Linear, but ignore keeps lm_head, "re:.*self_attn.*",
 * "re:.*shared_experts.*" and the dense MLP
 * "re:.*mlp\\.(gate|up|gate_up|down)_proj.*" at 16 bits: only the
 * routed experts are 4-bit. By hand (DeepSeek-V3's layout, 61 layers,
 * layer 0 dense, 384 experts of 2048 in layers 1-60, hidden 7168):
 *   experts 60 x 384 x 3 x 7168 x 2048 = 1,014,686,023,680 x 4.5 / 8
 *     = 570,760,888,320 B
 *   the rest at 2 B: embedding and head 2 x 163840 x 7168 =
 *     2,348,810,240; MLA attention (64 heads) 7168 x 1536 + 1536 x 64 x
 *     192 + 7168 x 576 + 512 x 64 x 256 + 64 x 128 x 7168 = 101,122,048
 *     x 61 = 6,168,444,928; dense FFN 3 x 7168 x 18432 = 396,361,728;
 *     shared experts 3 x 7168 x 2048 x 60 = 2,642,411,520; routers
 *     (384 x 7168 + 384) x 60 = 165,173,760; norms (2 x 7168 + 512 +
 *     1536) x 61 + 7168 = 1,006,592: 11,722,208,768 x 2 =
 *     23,444,417,536 B
 * 594,205,305,856 B in all. */
START_TEST(test_ct_kimi_k25)
{
	struct model m;
	struct hf_import info;

	load(HF "Kimi-K2.5/config.json", &m, &info);
	ck_assert_msg(m.quant, "%s", m.quant_note);
	ck_assert_str_eq(info.quant_method, "compressed-tensors");
	ck_assert_int_eq(info.weights, WF_INT4);
	ck_assert(m.quant_bits[PG_EXPERTS] == 4.5);
	ck_assert(m.quant_bits[PG_ATTN] == 16 && m.quant_bits[PG_SHARED] == 16 &&
		  m.quant_bits[PG_DENSE_FFN] == 16 && m.quant_bits[PG_LM_HEAD] == 16);
	ck_assert_u64(model_bytes(&m, WF_BF16), 594205305856ull);
}
END_TEST

/* Meta's Llama-3.1-405B-Instruct-FP8 (fbgemm_fp8): FP8 weights with a
 * float32 scale per output row (transformers FbgemmFp8Linear
 * weight_scale (out_features, 1)) in the FFNs of layers 1-124 only;
 * every attention projection, layers 0 and 125 and lm_head stay BF16
 * (the fixture, tests/data/hf/README). By hand:
 *   FFN weights 124 x 3 x 16384 x 53248 = 324,538,466,304 x 1 B
 *   their scales 124 x (53248 + 53248 + 16384) rows x 4 B = 60,948,480
 *   the rest (405,853,388,800 - 324,538,466,304) x 2 B = 162,629,844,992
 * 487,229,259,776 B. The same exclusions written as transformers'
 * quantize_fp8_llama.py writes them (whole modules "model.layers.0",
 * "model.layers.125", "model.layers.N.self_attn") give the same. */
START_TEST(test_fbgemm_405b)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
	cJSON *cfg, *q, *list;
	char *text;
	FILE *f;
	long n;

	load(HF "Llama-3.1-405B-Instruct-FP8/config.json", &m, &info);
	ck_assert_msg(m.quant, "%s", m.quant_note);
	ck_assert_str_eq(info.quant_method, "fbgemm_fp8");
	ck_assert_int_eq(info.weights, WF_FP8);
	ck_assert_uint_eq(m.quant_keep[0], (1u << PG_ATTN) | (1u << PG_DENSE_FFN));
	ck_assert_uint_eq(m.quant_keep[7], 1u << PG_ATTN);
	ck_assert_uint_eq(m.quant_keep[125], (1u << PG_ATTN) | (1u << PG_DENSE_FFN));
	ck_assert(near_bytes(model_bytes(&m, WF_BF16), 487229259776ull));

	f = fopen(HF "Llama-3.1-405B/config.json", "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	cfg = cJSON_Parse(text);
	free(text);
	q = cJSON_AddObjectToObject(cfg, "quantization_config");
	cJSON_AddStringToObject(q, "quant_method", "fbgemm_fp8");
	list = cJSON_AddArrayToObject(q, "modules_to_not_convert");
	cJSON_AddItemToArray(list, cJSON_CreateString("model.layers.0"));
	cJSON_AddItemToArray(list, cJSON_CreateString("model.layers.125"));
	cJSON_AddItemToArray(list, cJSON_CreateString("lm_head"));
	for (int i = 1; i < 125; i++) {
		char name[48];

		snprintf(name, sizeof name, "model.layers.%d.self_attn", i);
		cJSON_AddItemToArray(list, cJSON_CreateString(name));
	}
	memset(&m, 0, sizeof m);
	ck_assert_int_eq(hfconfig_read(cfg, &m, &info, &err), 0);
	cJSON_Delete(cfg);
	ck_assert(near_bytes(model_bytes(&m, WF_BF16), 487229259776ull));

	/* the rule that wrote them, _replace_with_fbgemm_fp8_linear:
	 * "model.layers.1" + "." is in layer 1's names only, not layer
	 * 12's; a bare "q_proj" is the module's own name */
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"fbgemm_fp8\", \"modules_to_not_convert\":"
		" [\"model.layers.1\", \"lm_head\"]}}", &m, &info, &err), 0);
	ck_assert_uint_eq(m.quant_keep[1], (1u << PG_ATTN) | (1u << PG_DENSE_FFN));
	ck_assert_uint_eq(m.quant_keep[12], 0);
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"fbgemm_fp8\", \"modules_to_not_convert\":"
		" [\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"]}}", &m, &info, &err), 0);
	ck_assert_uint_eq(m.quant_keep[7], 1u << PG_ATTN);
}
END_TEST

/* gpt-oss-20b's mxfp4 (modules_to_not_convert: self_attn, router,
 * embed_tokens, lm_head) is what --weights mxfp4 already assumed:
 * experts at 4 + 8/32 = 4.25 bits, the rest 16. */
START_TEST(test_mxfp4_experts_only)
{
	struct model m, plain;
	struct hf_import info;

	load(HF "gpt-oss-20b/config.json", &m, &info);
	ck_assert(m.quant);
	ck_assert(m.quant_bits[PG_EXPERTS] == 4.25 && m.quant_bits[PG_ATTN] == 16);
	plain = m;
	plain.quant = false;
	ck_assert_u64(model_bytes(&m, WF_BF16), model_bytes(&plain, WF_MXFP4));
}
END_TEST

/* A config that cannot be used is said, file and field, and the
 * weights fall back to --weights: the plan warns with it. */
START_TEST(test_quant_fallback)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	load(HF "quant-bad-algo/config.json", &m, &info);
	ck_assert(!m.quant && !info.has_weights);
	ck_assert_has(m.quant_note, "hf_quant_config.json: quantization: field \"quant_algo\": \"INT3\" not recognised; weights left to --weights");
	ck_assert(has_note(&info, "INT3"));
	load(HF "quant-not-json/config.json", &m, &info);
	ck_assert(!m.quant);
	ck_assert_has(m.quant_note, "hf_quant_config.json: the file:");
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"awq\", \"bits\": \"four\"}}", &m, &info, &err), 0);
	ck_assert(!m.quant);
	ck_assert_has(m.quant_note, "config.json: quantization_config: field \"bits\"");
	/* a quant_algo that is no string is said so, not as "" */
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"modelopt\", \"quant_algo\": 42}}", &m, &info, &err), 0);
	ck_assert(!m.quant);
	ck_assert_has(m.quant_note, "field \"quant_algo\": expected \"FP8\", \"NVFP4\" or \"MIXED_PRECISION\"");
	ck_assert_int_eq(import_text("{" TINY_LLAMA ", \"quantization_config\":"
		" {\"quant_method\": \"fp8\", \"modules_to_not_convert\": \"lm_head\"}}",
		&m, &info, &err), 0);
	ck_assert_has(m.quant_note, "field \"modules_to_not_convert\"");
	{
		const struct gpu *g = tu_gpu("h100-sxm");
		struct scenario s;
		struct plan p;

		scenario_default(&s);
		ck_assert_int_eq(plan_compute(&s, &m, g, &p, &err), 0);
		ck_assert_ptr_nonnull(tu_warning(&p, W_QUANT_CONFIG));
		ck_assert_has(tu_warning(&p, W_QUANT_CONFIG)->message, "modules_to_not_convert");
	}
}
END_TEST

START_TEST(test_checkpoint_total_size)
{
	struct model m;
	struct hf_import info;

	/* metadata.total_size of Llama-3.1-8B's index: 16,060,522,496
	 * (data/measurements.json) = 2 bytes x 8,030,261,248 */
	load(HF "Llama-3.1-8B/config.json", &m, &info);
	ck_assert_u64(info.checkpoint_bytes, 16060522496ull);
	ck_assert_u64(m.checkpoint_bytes, 16060522496ull);
	ck_assert_has(info.index_path, "model.safetensors.index.json");
	/* no index beside it */
	load(HF "Llama-3.1-70B/config.json", &m, &info);
	ck_assert_u64(info.checkpoint_bytes, 0);
	ck_assert_str_eq(info.index_path, "");
}
END_TEST

START_TEST(test_id_and_name)
{
	struct model m;
	struct hf_import info;

	load(HF "Llama-4-Scout-17B-16E-Instruct/config.json", &m, &info);
	ck_assert_str_eq(m.id, "llama-4-scout-17b-16e-instruct");
	ck_assert_str_eq(m.name, "Llama-4-Scout-17B-16E-Instruct");
	load(HF "Llama-3.1-8B/config.json", &m, &info);
	ck_assert_str_eq(m.hf_repo, "meta-llama/Llama-3.1-8B");
	ck_assert_has(info.path, "Llama-3.1-8B/config.json");
}
END_TEST

START_TEST(test_assumptions_recorded)
{
	struct model m;
	struct hf_import info;

	/* Llama 3.1 has no head_dim field: 4096 / 32 = 128, said */
	load(HF "Llama-3.1-8B/config.json", &m, &info);
	ck_assert_uint_eq(m.head_dim, 128);
	ck_assert(has_note(&info, "head_dim absent"));
}
END_TEST

START_TEST(test_deepseek_mtp)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;

	/* One MTP layer: MoE decoder layer 11,507,286,272 + eh_proj
	 * 2 x 7168^2 = 102,760,448 + 3 norms 21,504 + its copies of the
	 * embedding and head 2 x 926,679,040 = 13,463,426,304
	 * (doc/planning-model.md section 2), not served. */
	load(HF "DeepSeek-V3/config.json", &m, &info);
	ck_assert_uint_eq(info.mtp_layers, 1);
	ck_assert_u64(info.mtp_params, 13463426304ull);
	ck_assert_u64(m.mtp_params, 13463426304ull);
	model_count(&m, &c);
	ck_assert_u64(c.text_total, 671026419200ull);
	ck_assert(has_note(&info, "multi-token-prediction"));
	/* MLA: one latent per layer, all 61 layers */
	ck_assert_uint_eq(c.n_attn[ATTN_MLA], 61);
}
END_TEST

/* DeepSeek sparse attention: V3's layers and MLA, each with a lightning
 * indexer (vLLM deepseek_v2.py Indexer, index_n_heads 64 x
 * index_head_dim 128 from the query latent of 1,536):
 *   wq_b           1,536 x 64 x 128     = 12,582,912
 *   wk, weights    7,168 x (128 + 64)   =  1,376,256
 *   k_norm         2 x 128              =        256
 *   per layer                            = 13,959,424
 * so the text model is V3's 671,026,419,200 + 61 x 13,959,424 =
 * 671,877,944,064. Per token and layer the cache keeps the latent
 * (512 + 64) x 2 = 1,152 B in BF16, or FlashMLA's sparse FP8 record
 * 512 + 512 / 128 x 4 + 64 x 2 = 656 B, and the indexer's FP8 keys
 * with a float scale, 128 + 4 = 132 B, in both. */
START_TEST(test_deepseek_sparse_attention)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct kv_policy bf16 = {.dtype = KV_BF16, .tp = 8}, fp8 = {.dtype = KV_FP8, .tp = 8};
	struct gp_error err;

	load(HF "DeepSeek-V3.2/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_u64(model_indexer_params(&m), 13959168ull);
	ck_assert_u64(c.text_total, 671877944064ull);
	ck_assert_uint_eq(c.n_attn[ATTN_DSA], 61);
	ck_assert_uint_eq(m.index_topk, 2048);
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_DSA, &bf16), 1152 + 132);
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_DSA, &fp8), 656 + 132);
	ck_assert(has_note(&info, "DeepSeek sparse attention"));
	/* GLM-5.2's IndexShare (index_topk_freq 4) is refused by name */
	err.msg[0] = '\0';
	ck_assert_int_ne(hfimport_load(HF "GLM-5.2-NVFP4/config.json", &m, NULL, &err), 0);
	ck_assert_has(err.msg, "field \"index_topk_freq\": layers that reuse another layer's top-k");
}
END_TEST

/* A family gpuplan does not know is refused, never planned on a guess:
 * Nemotron-H's Mamba layers planned as attention came to 102B params
 * instead of about 31.6B (issue 13's corpus). Falcon-H1 runs attention
 * and a Mamba2 mixer side by side in every layer, which the per-layer
 * kinds cannot place: refused. */
START_TEST(test_unknown_family_refused)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_ne(import_text("{\"model_type\": \"falcon_h1\", \"architectures\":"
		" [\"FalconH1ForCausalLM\"], \"hidden_size\": 3072, \"num_hidden_layers\": 44,"
		" \"num_attention_heads\": 12, \"num_key_value_heads\": 2, \"vocab_size\": 130049,"
		" \"intermediate_size\": 12288, \"mamba_d_ssm\": 3072, \"mamba_n_heads\": 24}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"model_type\": \"falcon_h1\" (FalconH1ForCausalLM) is not a family gpuplan lays out");
	ck_assert_has(err.msg, "llama, qwen2, mistral, mixtral");
	/* the same config said to be Llama's is the user's statement */
	ck_assert_int_eq(import_text("{\"model_type\": \"llama\", \"hidden_size\": 4096,"
		" \"num_hidden_layers\": 2, \"num_attention_heads\": 32, \"vocab_size\": 1000,"
		" \"intermediate_size\": 1024}", &m, &info, &err), 0);
}
END_TEST

/* Gemma 4 (tests/data/aic), worked by hand from transformers'
 * Gemma4TextAttention: full layers have heads of global_head_dim and,
 * attention_k_eq_v, no v_proj and num_global_key_value_heads.
 * 31B (hidden 5,376, 32 heads, tied embedding 262,144 x 5,376):
 *   50 sliding: q and o 5,376 x 8,192, k and v 5,376 x 4,096
 *     = 132,120,576                          x 50 =  6,606,028,800
 *   10 full: q and o 5,376 x 16,384, k 5,376 x 2,048
 *     = 187,170,816                          x 10 =  1,871,708,160
 *   MLP 3 x 5,376 x 21,504                   x 60 = 20,808,990,720
 *   norms 4 x 5,376 x 60, q/k 512 x 50 + 1,024 x 10, final 5,376
 *                                                 =      1,331,456
 *   embedding                                     =  1,409,286,144
 *                                                   30,697,345,280
 * against the model card's 30.7B. 26B-A4B (hidden 2,816, 16 heads): 25
 * sliding of 34,603,008 and 5 full of 49,020,928; 30 MoE layers of 128
 * experts of 3 x 2,816 x 704 (top_k_experts 8), each beside the dense
 * MLP of 3 x 2,816 x 2,112 and a router of 2,816 x 128; norms 358,656;
 * embedding 738,197,504: 25,232,800,000 against the card's 25.2B, and
 * 3,822,188,800 active against its 3.8B. */
START_TEST(test_gemma4_shapes)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct kv_policy p = {.dtype = KV_BF16, .tp = 1};

	load(GPUPLAN_TESTDATADIR "/aic/nvidia--Gemma-4-31B-IT-NVFP4/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_u64(c.text_total, 30697345280ull);
	ck_assert_u64(model_mixer_params(&m, ATTN_FULL), 187170816ull);
	ck_assert_u64(model_mixer_params(&m, ATTN_SLIDING), 132120576ull);
	/* the full layers' cache: 2 x 4 x 512 x 2 B; at TP 8 each GPU
	 * keeps one of the 4 heads */
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_FULL, &p), 8192);
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_SLIDING, &p), 16384);
	p.tp = 8;
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_FULL, &p), 2048);
	ck_assert_double_eq(kv_layer_token_bytes(&m, ATTN_SLIDING, &p), 2048);

	load(GPUPLAN_TESTDATADIR "/aic/google--gemma-4-26B-A4B/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_u64(c.text_total, 25232800000ull);
	ck_assert_u64(c.active, 3822188800ull);
	ck_assert_uint_eq(m.top_k, 8);
	ck_assert_uint_eq(m.shared_ffn, 2112);
}
END_TEST

/* Qwen3.5-27B (tests/data/aic), its Gated DeltaNet and gated attention
 * worked by hand from transformers' Qwen3NextGatedDeltaNet and
 * Qwen3NextAttention (q_proj makes the query and the output gate):
 *   embeddings, untied: 2 x 248,320 x 5,120          =  2,542,796,800
 *   16 full layers: q 5,120 x 12,288 (24 x 256 x 2), k and v 5,120 x
 *     1,024, o 6,144 x 5,120 = 104,857,600; q/k norms 512
 *                                         x 16        =  1,677,729,792
 *   48 Gated DeltaNet layers (16 k heads, 48 v heads, all of 128):
 *     in_proj_qkvz 5,120 x 16,384, in_proj_ba 5,120 x 96, conv1d
 *     10,240 x 4, dt_bias and A_log 96, norm 128, out_proj
 *     6,144 x 5,120 = 115,876,064           x 48      =  5,562,051,072
 *   MLPs: 3 x 5,120 x 17,408                x 64      = 17,112,760,320
 *   block norms 2 x 5,120 x 64, final 5,120            =        660,480
 *                                                       26,895,998,464
 * (the published "27B" adds the vision tower). */
START_TEST(test_gated_deltanet_params)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct gp_error err;

	load(GPUPLAN_TESTDATADIR "/aic/Qwen--Qwen3.5-27B/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_u64(c.text_total, 26895998464ull);
	ck_assert_u64(model_mixer_params(&m, ATTN_LINEAR), 115876064ull - 40960 - 96 - 128);
	ck_assert_u64(model_mixer_params(&m, ATTN_FULL), 104857600ull);
	ck_assert(m.attn_gate);
	ck_assert(!has_note(&info, "counted as standard attention"));
	/* Qwen3-Next has no attn_output_gate field: its attention always gates */
	ck_assert_int_eq(import_text("{\"model_type\": \"qwen3_next\", \"hidden_size\": 64,"
				     " \"intermediate_size\": 128, \"num_hidden_layers\": 4,"
				     " \"num_attention_heads\": 4, \"num_key_value_heads\": 2,"
				     " \"head_dim\": 16, \"vocab_size\": 100}", &m, NULL, &err), 0);
	ck_assert(m.attn_gate);
	ck_assert_u64(model_mixer_params(&m, ATTN_FULL), 64ull * 64 * 2 + 2ull * 64 * 32 + 64ull * 64);
}
END_TEST

START_TEST(test_linear_attention_state)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
	struct model_counts c;

	/* Qwen3-Next style: no layer_types, full_attention_interval 4;
	 * state = 2 B x 8 v-heads x 64 x 64 = 65,536 + conv
	 * 2 B x 3 x (2 x 4 x 64 + 8 x 64) = 6,144 -> 71,680 bytes */
	ck_assert_int_eq(import_text("{\"model_type\": \"qwen3_next\","
		" \"hidden_size\": 512, \"intermediate_size\": 1024,"
		" \"num_hidden_layers\": 8, \"num_attention_heads\": 8,"
		" \"num_key_value_heads\": 2, \"head_dim\": 64, \"vocab_size\": 1000,"
		" \"tie_word_embeddings\": false, \"max_position_embeddings\": 4096,"
		" \"linear_num_key_heads\": 4, \"linear_key_head_dim\": 64,"
		" \"linear_num_value_heads\": 8, \"linear_value_head_dim\": 64,"
		" \"linear_conv_kernel_dim\": 4}", &m, &info, &err), 0);
	model_count(&m, &c);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 2);
	ck_assert_uint_eq(c.n_attn[ATTN_LINEAR], 6);
	ck_assert_uint_eq(m.linear_state_bytes, 71680);
	ck_assert_u64(info.linear_state_bytes, 71680);
	ck_assert_uint_eq(info.linear_layers, 6);
	/* without the linear_* fields the state stays 0, and it says so */
	ck_assert_int_eq(import_text("{\"model_type\": \"x\", \"hidden_size\": 512,"
		" \"intermediate_size\": 1024, \"num_hidden_layers\": 2,"
		" \"num_attention_heads\": 8, \"vocab_size\": 1000,"
		" \"layer_types\": [\"linear_attention\", \"full_attention\"]}",
		&m, &info, &err), 0);
	ck_assert_uint_eq(m.linear_state_bytes, 0);
	ck_assert(has_note(&info, "state is left at 0"));
}
END_TEST

/* Nemotron 3 Nano (nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16): each
 * of the 52 layers is one block of hybrid_override_pattern, 23 Mamba2
 * (M), 23 MoE (E), 6 attention (*). Its model card: 31.6B total,
 * about 3.2B active (3.6B with the embeddings). By hand, d = 2688:
 *   embedding and head   2 x 131,072 x 2688           =    704,643,072
 *   Mamba2 in_proj       2688 x (2 x 4096 + 2 x 8 x 128 + 64)
 *                        = 27,697,152; out_proj 4096 x 2688 = 11,010,048
 *                        x 23                          =    890,265,600
 *   attention            2688 x (2 x 4096 + 2 x 256) x 6 = 140,378,112
 *   routed experts       128 x 2 x 2688 x 1856 x 23     = 29,374,808,064
 *   shared expert        2 x 2688 x 3712 x 23           =    458,981,376
 *   routers              (2688 x 128 + 128) x 23        =      7,916,416
 *   norms                (52 + 1) x 2688 + 23 x (6144 x 4 + 6144
 *                        conv1d + 3 x 64 + 4096 gated norm) = 947,648
 *   total                                               = 31,577,940,288
 * State per Mamba2 layer and sequence (vLLM mamba2_state_shape): conv
 * 3 x (4096 + 2 x 8 x 128) x 2 B = 36,864, SSM 64 x 64 x 128 x 4 B
 * (mamba_ssm_cache_dtype float32) = 2,097,152; 2,134,016 B. KV per
 * token: 6 layers x 2 x 2 KV heads x 128 x 2 B = 6,144 B, not the
 * 53,248 B of 52 attention layers (the 8.7x of issue 13). */
START_TEST(test_nemotron_h_moe)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct kv_policy p = {.dtype = KV_BF16, .tp = 1, .block = 1};
	double kv = 0;

	load(HF "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 6);
	ck_assert_uint_eq(c.n_attn[ATTN_MAMBA], 23);
	ck_assert_uint_eq(c.n_attn[ATTN_NONE], 23);
	ck_assert_uint_eq(c.n_moe_layers, 23);
	ck_assert_uint_eq(c.n_dense_layers, 0);
	ck_assert_u64(c.group[PG_ATTN], 1030643712ull);
	ck_assert_u64(c.group[PG_EXPERTS], 29374808064ull);
	ck_assert_u64(c.group[PG_SHARED], 458981376ull);
	ck_assert_u64(c.group[PG_ROUTER], 7916416ull);
	ck_assert_u64(c.group[PG_NORM], 947648ull);
	ck_assert_u64(c.text_total, 31577940288ull);
	/* active: 1,030,643,712 + 947,648 + 458,981,376 + 7,916,416 + 6
	 * experts x 23 x 9,977,856 + head 352,321,536 = 3,227,754,816 */
	ck_assert_u64(c.active_no_embed, 3227754816ull);
	ck_assert_uint_eq(m.linear_state_bytes, 2134016);
	ck_assert_uint_eq(info.linear_layers, 23);
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		kv += c.n_attn[k] * kv_layer_token_bytes(&m, (enum attn_kind)k, &p);
	ck_assert_near(kv, 6144, 0);
	/* one 1,000-token sequence: 1,000 x 6,144 + 23 x 2,134,016 */
	ck_assert_u64(kv_seq_bytes(&m, c.n_attn, 1000, &p), 6144000ull + 49082368ull);
	/* TP 4: each GPU one of the 2 KV heads (replicated), a quarter of
	 * each state (heads split): 1,000 x 6 x 2 x 128 x 2 + 23 x 533,504 */
	p.tp = 4;
	ck_assert_u64(kv_seq_bytes(&m, c.n_attn, 1000, &p), 3072000ull + 12270592ull);
	/* llama.cpp keeps both states in F32 (llama_memory_recurrent
	 * GGML_TYPE_F32): 3 x 6,144 + 64 x 64 x 128 = 542,720 elements x
	 * 4 B = 2,170,880 B per layer; at TP 1, 6,144,000 + 23 x 2,170,880 */
	ck_assert_uint_eq(m.linear_state_elems, 542720);
	p.tp = 1;
	p.state_f32 = true;
	ck_assert_u64(kv_seq_bytes(&m, c.n_attn, 1000, &p), 6144000ull + 49930240ull);
}
END_TEST

/* Nemotron-H-56B-Base-8K: 54 Mamba2, 54 MLP and 10 attention blocks
 * (NVIDIA's Nemotron-H page), "56B model parameters" (its model card,
 * rounded). By hand, d = 8192, head_dim from attention_head_dim 128:
 *   embedding and head   2 x 131,072 x 8192           =  2,147,483,648
 *   Mamba2 in_proj       8192 x (2 x 16,384 + 2 x 8 x 256 + 256)
 *                        = 304,087,040; out_proj 16,384 x 8192 =
 *                        134,217,728; x 54                = 23,668,457,472
 *   attention            8192 x (2 x 8192 + 2 x 1024) x 10 = 1,509,949,440
 *   MLP (up, down; relu2) 2 x 8192 x 32,768 x 54      = 28,991,029,248
 *   norms                119 x 8192 + 54 x (20,480 x 5 + 768 + 16,384)
 *                                                       =      7,430,656
 *   total                                               = 56,324,350,464
 * 0.58% above the rounded 56B. State: conv 3 x 20,480 x 2 B = 122,880,
 * SSM 256 x 64 x 256 x 4 B = 16,777,216; 16,900,096 B per layer. */
START_TEST(test_nemotron_h_dense)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;

	load(HF "Nemotron-H-56B-Base-8K/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_uint_eq(m.head_dim, 128);
	ck_assert(!has_note(&info, "head_dim absent"));
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 10);
	ck_assert_uint_eq(c.n_attn[ATTN_MAMBA], 54);
	ck_assert_uint_eq(c.n_attn[ATTN_NONE], 54);
	ck_assert_uint_eq(c.n_dense_layers, 54);
	ck_assert_uint_eq(c.n_moe_layers, 0);
	ck_assert_u64(c.group[PG_DENSE_FFN], 28991029248ull);
	ck_assert_u64(c.text_total, 56324350464ull);
	ck_assert_uint_eq(m.linear_state_bytes, 16900096);
}
END_TEST

/* Jamba 1.5 Mini (ai21labs/AI21-Jamba-1.5-Mini; the model card: 12B
 * active, 52B total, rounded). Layer i is attention when i % 8 == 4
 * (4, 12, 20, 28), else a Mamba1 mixer; MoE when i % 2 == 1. By hand,
 * d = 4096, d_inner = 2 x 4096 = 8192, dt rank 256, 16 states:
 *   embedding and head   2 x 65,536 x 4096              =    536,870,912
 *   attention            4096 x (2 x 4096 + 2 x 1024) x 4 =  167,772,160
 *   Mamba1               in_proj 4096 x 16,384 = 67,108,864, x_proj
 *                        8192 x (256 + 32) = 2,359,296, dt_proj
 *                        256 x 8192 = 2,097,152, out_proj 8192 x 4096
 *                        = 33,554,432; x 28            =  2,943,352,832
 *   experts              16 x 3 x 4096 x 14,336 x 16    = 45,097,156,608
 *   dense FFN            3 x 4096 x 14,336 x 16         =  2,818,572,288
 *   routers              4096 x 16 x 16                 =      1,048,576
 *   norms                (64 + 1) x 4096 + 28 x (8192 x 4 + 8192 conv1d
 *                        + 8192 dt bias + 8192 x 16 A_log + 8192 D
 *                        + 256 + 2 x 16 dt/B/C norms)   =      5,549,952
 *   total                                               = 51,570,323,328
 * 0.83% under the card's rounded 52B. State per Mamba1 layer (vLLM
 * mamba1_state_shape, model dtype): conv 3 x 8192 x 2 B = 49,152, SSM
 * 8192 x 16 x 2 B = 262,144; 311,296 B. KV: 4 x 2 x 8 x 128 x 2 B =
 * 16,384 B per token. */
START_TEST(test_jamba)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct gp_error err;

	load(HF "AI21-Jamba-1.5-Mini/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 4);
	ck_assert_uint_eq(c.n_attn[ATTN_MAMBA], 28);
	ck_assert_uint_eq(m.attn[4], ATTN_FULL);
	ck_assert_uint_eq(m.attn[28], ATTN_FULL);
	ck_assert_uint_eq(c.n_moe_layers, 16);
	ck_assert(m.moe[1] && !m.moe[0]);
	ck_assert_uint_eq(c.n_dense_layers, 16);
	ck_assert_u64(c.group[PG_ATTN], 3111124992ull);
	ck_assert_u64(c.group[PG_NORM], 5549952ull);
	ck_assert_u64(c.text_total, 51570323328ull);
	ck_assert_rel((double)c.text_total, 52e9, 0.01);
	/* active: 167,772,160 + 2,943,352,832 + 2,818,572,288 + 1,048,576
	 * + 5,549,952 + 2 x 16 x 176,160,768 + 2 x 268,435,456
	 * = 12,110,311,296 ("12B") */
	ck_assert_u64(c.active, 12110311296ull);
	ck_assert_uint_eq(m.linear_state_bytes, 311296);
	ck_assert_uint_eq(info.linear_layers, 28);
	ck_assert_near(c.n_attn[ATTN_FULL] * kv_layer_token_bytes(&m, ATTN_FULL,
		&(struct kv_policy){.dtype = KV_BF16, .tp = 1}), 16384, 0);

	ck_assert_int_ne(import_text("{\"model_type\": \"jamba\", \"hidden_size\": 256,"
		" \"num_hidden_layers\": 8, \"num_attention_heads\": 4, \"vocab_size\": 1000,"
		" \"intermediate_size\": 512, \"attn_layer_period\": 4, \"attn_layer_offset\": 4}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"attn_layer_offset\": 4 is not below attn_layer_period 4");
	/* mamba_dt_rank "auto": ceil(256 / 16) = 16 */
	ck_assert_int_eq(import_text("{\"model_type\": \"jamba\", \"hidden_size\": 256,"
		" \"num_hidden_layers\": 8, \"num_attention_heads\": 4, \"vocab_size\": 1000,"
		" \"intermediate_size\": 512, \"mamba_dt_rank\": \"auto\"}", &m, &info, &err), 0);
	ck_assert_uint_eq(m.ssm_dt_rank, 16);
}
END_TEST

/* Nemotron-H names its tensors backbone.layers.N.mixer.*: the NVFP4
 * checkpoint of Nemotron 3 Nano keeps its 6 attention blocks (5, 12,
 * 19, 26, 33, 42) and the Mamba2 in_proj/out_proj of the 6 blocks
 * before them (4, 11, 18, 25, 32, 41) in BF16. NVFP4 is 4 + 8/16 = 4.5
 * bits. By hand (counts of test_nemotron_h_moe), in bytes:
 *   embedding, head      2 x 352,321,536 x 2          =  1,409,286,144
 *   attention            140,378,112 x 2              =    280,756,224
 *   Mamba2 kept          6 x 38,707,200 x 2           =    464,486,400
 *   Mamba2 quantized     17 x 38,707,200 x 4.5 / 8    =    370,137,600
 *   routed experts       29,374,808,064 x 4.5 / 8     = 16,523,329,536
 *   shared expert        458,981,376 x 4.5 / 8        =    258,177,024
 *   routers, norms       (7,916,416 + 947,648) x 2    =     17,728,128
 *   total                                             = 19,323,901,056 */
START_TEST(test_nemotron_h_nvfp4_exclusions)
{
	struct model m;
	struct hf_import info;

	load(HF "NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4/config.json", &m, &info);
	ck_assert(m.quant);
	ck_assert_int_eq(info.weights, WF_NVFP4);
	ck_assert_uint_eq(m.quant_keep[5], 1u << PG_ATTN);	/* attention */
	ck_assert_uint_eq(m.quant_keep[4], 1u << PG_ATTN);	/* Mamba2 before it */
	ck_assert_uint_eq(m.quant_keep[2], 0);
	ck_assert_uint_eq(m.quant_keep[1], 0);			/* a MoE block */
	ck_assert(has_note(&info, "12 layer groups kept at 16 bits"));
	ck_assert_u64(model_bytes(&m, WF_NVFP4), 19323901056ull);
}
END_TEST

/* Nemotron 3 Super (research.nvidia.com/labs/nemotron/Nemotron-3-Super:
 * "12B active 120B total"): 88 blocks, 40 Mamba2, 40 LatentMoE, 8
 * attention. A LatentMoE's 512 experts work in moe_latent_size 1024
 * channels (up 1024 -> 2688, down back), fc1/fc2_latent_proj take the
 * hidden state there and back; router and shared expert stay at d.
 * By hand, d = 4096:
 *   embedding and head   2 x 131,072 x 4096             =  1,073,741,824
 *   Mamba2               4096 x (2 x 8192 + 2 x 8 x 128 + 128)
 *                        + 8192 x 4096 = 109,576,192; x 40 = 4,383,047,680
 *   attention            4096 x (2 x 4096 + 2 x 256) x 8 =   285,212,672
 *   routed experts       512 x 2 x 1024 x 2688 x 40     = 112,742,891,520
 *   shared + latent      (2 x 4096 x 5376 + 2 x 4096 x 1024) x 40
 *                                                        =  2,097,152,000
 *   routers              (4096 x 512 + 512) x 40         =     83,906,560
 *   norms                89 x 4096 + 40 x (10,240 x 5 + 384 + 8192)
 *                                                        =      2,755,584
 *   total                                                = 120,668,707,840
 * active without the input embedding: 120,668,707,840 - 536,870,912
 *   - 40 x (512 - 22) x 5,505,024 = 12,233,366,528 ("12B").
 * Its one MTP layer (mtp_hybrid_override_pattern "*E") is not
 * DeepSeek's layout: left out of the count, said so. The weights are
 * FP8 by hf_quant_config.json. */
START_TEST(test_nemotron_h_latent_moe)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;

	load(HF "NVIDIA-Nemotron-3-Super-120B-A12B-FP8/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_uint_eq(m.moe_latent, 1024);
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 8);
	ck_assert_uint_eq(c.n_attn[ATTN_MAMBA], 40);
	ck_assert_uint_eq(c.n_moe_layers, 40);
	ck_assert_u64(c.expert_params, 5505024ull);
	ck_assert_u64(c.group[PG_SHARED], 2097152000ull);
	ck_assert_u64(c.group[PG_NORM], 2755584ull);
	ck_assert_u64(c.text_total, 120668707840ull);
	ck_assert_u64(c.active_no_embed, 12233366528ull);
	ck_assert_rel((double)c.text_total, 120e9, 0.01);
	ck_assert_u64(m.mtp_params, 0);
	ck_assert_uint_eq(info.mtp_layers, 1);
	ck_assert(has_note(&info, "layout of its own"));
	ck_assert(info.has_weights);
	ck_assert_int_eq(info.weights, WF_FP8);
}
END_TEST

/* Nemotron 3 Ultra lists its blocks in layers_block_type and has no
 * num_hidden_layers: the list's 108 entries are the layers, 12
 * attention, 48 mamba, 48 moe. By hand, d = 8192 (LatentMoE of 2048):
 *   embedding and head   2 x 131,072 x 8192             =  2,147,483,648
 *   Mamba2               8192 x (2 x 16,384 + 2048 + 256) + 16,384 x 8192
 *                        = 421,527,552; x 48            = 20,233,322,496
 *   attention            8192 x (2 x 8192 + 512) x 12   =  1,660,944,384
 *   routed experts       512 x 2 x 2048 x 5120 x 48     = 515,396,075,520
 *   shared + latent      (2 x 8192 x 10,240 + 2 x 8192 x 2048) x 48
 *                                                        =  9,663,676,416
 *   routers              (8192 x 512 + 512) x 48         =    201,351,168
 *   norms                109 x 8192 + 48 x (18,432 x 5 + 768 + 16,384)
 *                                                        =      6,139,904
 *   total                                                = 549,308,993,536
 * (the published table checks it against the 550B of its name). */
START_TEST(test_nemotron_h_block_list)
{
	struct model m;
	struct hf_import info;
	struct model_counts c;
	struct gp_error err;

	load(HF "NVIDIA-Nemotron-3-Ultra-550B-A55B-BF16/config.json", &m, &info);
	model_count(&m, &c);
	ck_assert_uint_eq(m.layers, 108);
	ck_assert(has_note(&info, "num_hidden_layers absent"));
	ck_assert_uint_eq(c.n_attn[ATTN_FULL], 12);
	ck_assert_uint_eq(c.n_attn[ATTN_MAMBA], 48);
	ck_assert_uint_eq(c.n_moe_layers, 48);
	ck_assert_u64(c.group[PG_ATTN], 21894266880ull);
	ck_assert_u64(c.text_total, 549308993536ull);

	ck_assert_int_ne(import_text("{\"model_type\": \"nemotron_h\", \"hidden_size\": 256,"
		" \"num_attention_heads\": 4, \"vocab_size\": 1000, \"intermediate_size\": 512,"
		" \"mamba_num_heads\": 8, \"mamba_head_dim\": 64, \"ssm_state_size\": 16,"
		" \"conv_kernel\": 4, \"layers_block_type\": [\"mamba\", \"mlp\", \"hybrid\"]}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"layers_block_type\"[2]: unknown block \"hybrid\"");
}
END_TEST

/* A block letter it does not know, or a pattern of the wrong length,
 * is refused naming the field. */
START_TEST(test_nemotron_h_refused)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
#define NEMO_H "\"model_type\": \"nemotron_h\", \"hidden_size\": 256," \
	" \"num_hidden_layers\": 4, \"num_attention_heads\": 4, \"num_key_value_heads\": 2," \
	" \"head_dim\": 64, \"vocab_size\": 1000, \"intermediate_size\": 512," \
	" \"mamba_num_heads\": 8, \"mamba_head_dim\": 64, \"n_groups\": 1," \
	" \"ssm_state_size\": 16, \"conv_kernel\": 4"

	ck_assert_int_eq(import_text("{" NEMO_H ", \"hybrid_override_pattern\": \"M*-M\"}",
				     &m, &info, &err), 0);
	ck_assert_int_ne(import_text("{" NEMO_H ", \"hybrid_override_pattern\": \"M*XM\"}",
				     &m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"hybrid_override_pattern\"[2]: unknown block 'X'");
	ck_assert_int_ne(import_text("{" NEMO_H ", \"hybrid_override_pattern\": \"M*-\"}",
				     &m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"hybrid_override_pattern\": 3 blocks for 4 layers");
	ck_assert_int_ne(import_text("{" NEMO_H "}", &m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"hybrid_override_pattern\": missing (nor layers_block_type)");
	ck_assert_int_ne(import_text("{" NEMO_H ", \"hybrid_override_pattern\": \"M*EM\"}",
				     &m, &info, &err), 0);
	ck_assert_has(err.msg, "a MoE block but n_routed_experts is missing");
	ck_assert_int_ne(import_text("{" NEMO_H ", \"hybrid_override_pattern\": \"M*-M\","
				     " \"mamba_ssm_cache_dtype\": \"int8\"}", &m, &info, &err), 0);
	ck_assert_has(err.msg, "field \"mamba_ssm_cache_dtype\"");
#undef NEMO_H
}
END_TEST

/* ------------------------------------------------------------------ */
/* Configs it cannot understand.                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_missing_fields_named)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;

	ck_assert_int_ne(import_text("{\"model_type\": \"llama\","
		" \"intermediate_size\": 100, \"num_attention_heads\": 4}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "missing fields: num_hidden_layers, hidden_size, vocab_size");
	/* head_dim absent and hidden not a multiple of heads */
	ck_assert_int_ne(import_text("{\"model_type\": \"llama\", \"hidden_size\": 100,"
		" \"intermediate_size\": 100, \"num_hidden_layers\": 2,"
		" \"num_attention_heads\": 3, \"vocab_size\": 10}", &m, &info, &err), 0);
	ck_assert_has(err.msg, "head_dim is missing");
	ck_assert_has(err.msg, "num_attention_heads 3");
	/* experts without a top-k */
	ck_assert_int_ne(import_text("{" TINY_LLAMA ", \"num_local_experts\": 8}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "num_experts_per_tok");
	/* layer_types that disagree with num_hidden_layers */
	ck_assert_int_ne(import_text("{" TINY_LLAMA ", \"sliding_window\": 128,"
		" \"layer_types\": [\"sliding_attention\"]}", &m, &info, &err), 0);
	ck_assert_has(err.msg, "layer_types");
	ck_assert_has(err.msg, "num_hidden_layers");
	/* more dense layers than layers */
	ck_assert_int_ne(import_text("{" TINY_LLAMA ", \"n_routed_experts\": 8,"
		" \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 128,"
		" \"first_k_dense_replace\": 40}", &m, &info, &err), 0);
	ck_assert_has(err.msg, "first_k_dense_replace");
	/* MLA without the rope part */
	ck_assert_int_ne(import_text("{" TINY_LLAMA ", \"kv_lora_rank\": 512}",
		&m, &info, &err), 0);
	ck_assert_has(err.msg, "qk_rope_head_dim");
}
END_TEST

/* --model-config DIR: a checkpoint folder is read as its config.json
 * with the files beside it; the folder still names the model. */
START_TEST(test_load_folder)
{
	struct model file, dir, slash;
	struct hf_import info;
	struct gp_error err;
	struct model_counts c;

	load(HF "Llama-3.1-8B-Instruct-FP8/config.json", &file, NULL);
	load(HF "Llama-3.1-8B-Instruct-FP8", &dir, &info);
	load(HF "Llama-3.1-8B-Instruct-FP8//", &slash, NULL);
	ck_assert_str_eq(dir.id, "llama-3.1-8b-instruct-fp8");
	ck_assert_str_eq(slash.id, dir.id);
	ck_assert_str_eq(file.id, dir.id);
	/* Llama-3.1-8B's shapes: 8,030,261,248, its safetensors count */
	model_count(&dir, &c);
	ck_assert_uint_eq(c.text_total, 8030261248ull);
	ck_assert_str_eq(info.path, HF "Llama-3.1-8B-Instruct-FP8/config.json");
	/* the hf_quant_config.json beside it is read from the folder too */
	ck_assert(dir.quant && file.quant);
	ck_assert_uint_eq(dir.quant_bits[PG_ATTN], file.quant_bits[PG_ATTN]);
	/* a folder without a config.json is refused by its name */
	err.msg[0] = '\0';
	ck_assert_int_ne(hfimport_load(HF, &dir, NULL, &err), 0);
	ck_assert_has(err.msg, "a checkpoint folder needs its config.json");
}
END_TEST

START_TEST(test_load_errors_name_the_file)
{
	struct model m;
	struct gp_error err;
	char path[] = "/tmp/gpuplan-hf-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("{\"hidden_size\": 64,\n \"num_hidden_layers\": }", f);
	fclose(f);
	err.msg[0] = '\0';
	ck_assert_int_ne(hfimport_load(path, &m, NULL, &err), 0);
	ck_assert_has(err.msg, path);
	ck_assert_has(err.msg, "not valid JSON (near line 2, byte ");
	f = fopen(path, "w");
	fputs("{\"hidden_size\": 64, \"num_attention_heads\": 4}", f);
	fclose(f);
	ck_assert_int_ne(hfimport_load(path, &m, NULL, &err), 0);
	ck_assert_has(err.msg, path);
	ck_assert_has(err.msg, "num_hidden_layers");
	remove(path);
	ck_assert_int_ne(hfimport_load(HF "no-such-dir/config.json", &m, NULL, &err), 0);
	ck_assert_has(err.msg, "no-such-dir/config.json");
}
END_TEST

/* ------------------------------------------------------------------ */
/* gpuplan inspect.                                                    */
/* ------------------------------------------------------------------ */

static char *
inspect_text(const char *dir, size_t *len)
{
	char path[512];
	struct model m;
	struct hf_import info;
	char *buf = NULL;
	FILE *out;

	snprintf(path, sizeof path, HF "%s/config.json", dir);
	load(path, &m, &info);
	out = open_memstream(&buf, len);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(inspect_write(out, &m, &info), 0);
	fclose(out);
	return buf;
}

START_TEST(test_inspect_scout)
{
	size_t len;
	char *t = inspect_text("Llama-4-Scout-17B-16E-Instruct", &len);

	ck_assert_has(t, "107,769,861,120");	/* text total */
	ck_assert_has(t, "routed experts");
	ck_assert_has(t, "shared experts");
	ck_assert_has(t, "routers");
	ck_assert_has(t, "without the input embedding");
	ck_assert_has(t, "12 full");
	ck_assert_has(t, "36 chunked");
	ck_assert_has(t, "48 MoE");
	/* KV per token per layer: 2 x 8 x 128 x 2 B = 4,096 BF16, 2,048 FP8 */
	ck_assert_has(t, "4,096");
	ck_assert_has(t, "2,048");
	ck_assert_has(t, "Assumed");
	free(t);
}
END_TEST

START_TEST(test_inspect_deepseek)
{
	size_t len;
	char *t = inspect_text("DeepSeek-V3", &len);

	/* MLA latent: 576 values x 2 B = 1,152 B per layer per token */
	ck_assert_has(t, "1,152");
	ck_assert_has(t, "61 mla");
	ck_assert_has(t, "3 dense + 58 MoE");
	ck_assert_has(t, "13,463,426,304");	/* MTP, not served */
	ck_assert_has(t, "FP8");
	free(t);
}
END_TEST

START_TEST(test_inspect_catalog_model)
{
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);

	/* A catalog model has no import record: no assumptions section. */
	ck_assert_int_eq(inspect_write(out, tu_model("gpt-oss-120b"), NULL), 0);
	fclose(out);
	ck_assert_has(buf, "116,829,156,672");
	ck_assert_has(buf, "18 full + 18 sliding");
	ck_assert(strstr(buf, "Assumed") == NULL);
	free(buf);
}
END_TEST

/* The one import path the CLI and the TUI share. */
START_TEST(test_import_into_catalog)
{
	const char *path = HF "DeepSeek-V3/config.json";
	struct catalog cat;
	struct scenario s;
	struct gp_error err;

	memset(&cat, 0, sizeof cat);
	scenario_default(&s);
	s.weights = WF_BF16;
	ck_assert_int_eq(hfimport_into(&cat, &s, path, 0, &err), 0);
	ck_assert_str_eq(s.model, "deepseek-v3");
	ck_assert_int_eq(s.weights, WF_FP8);	/* the checkpoint's format */

	/* The id is taken: a second copy under a suffix. The checkpoint's
	 * quantization_config wins over the user's --weights, except a
	 * GGUF preset (llama.cpp converts the checkpoint). */
	s.weights = WF_BF16;
	ck_assert_int_eq(hfimport_into(&cat, &s, path, HFIMPORT_KEEP_WEIGHTS, &err), 0);
	ck_assert_str_eq(s.model, "deepseek-v3-imported");
	ck_assert_int_eq(s.weights, WF_FP8);
	ck_assert_uint_eq(cat.n_models, 2);
	s.weights = WF_Q4_K_M;
	ck_assert_int_eq(hfimport_into(&cat, &s, path,
				       HFIMPORT_KEEP_WEIGHTS | HFIMPORT_REUSE_ID, &err), 0);
	ck_assert_int_eq(s.weights, WF_Q4_K_M);

	/* Or the model already there is taken as this one. */
	ck_assert_int_eq(hfimport_into(&cat, &s, path, HFIMPORT_REUSE_ID, &err), 0);
	ck_assert_str_eq(s.model, "deepseek-v3");
	ck_assert_uint_eq(cat.n_models, 2);

	/* A failed import changes nothing. */
	ck_assert_int_ne(hfimport_into(&cat, &s, HF "no-such-dir/config.json", 0, &err), 0);
	ck_assert_str_eq(s.model, "deepseek-v3");
	ck_assert_uint_eq(cat.n_models, 2);
	catalog_free(&cat);
}
END_TEST

/* Exact names win over prefixes, and the prefixes go longest first:
 * "qwen3" must not take qwen3_next's linear layers. A variant the table
 * does not name falls to its family's prefix; a family it does not know
 * at all (Zamba2's Mamba layers) has no row, and import refuses it. */
static const struct {
	const char *type;
	const char *row;		/* NULL: no family */
	enum hf_match match;
	bool layers;			/* has its own layer rule */
	bool generic;			/* plain attention and MLP: no facts */
} family_cases[] = {
	{ .type = "qwen3", .row = "qwen3", .match = HF_EXACT },
	{ .type = "qwen3_moe", .row = "qwen3_moe", .match = HF_EXACT },
	{ .type = "qwen3_next", .row = "qwen3_next", .match = HF_EXACT, .layers = true },
	{ .type = "qwen3_vl_moe", .row = "qwen3", .match = HF_PREFIX },
	{ .type = "gemma3n_text", .row = "gemma3", .match = HF_PREFIX },
	{ .type = "mistral", .row = "mistral", .match = HF_EXACT, .generic = true },
	{ .type = "qwen2", .row = "qwen2", .match = HF_EXACT, .generic = true },
	{ .type = "zamba2" },
	{ .type = "falcon_h1" },
	{ .type = "granitemoehybrid" },
	{ .type = NULL },
};

START_TEST(test_family_lookup)
{
	const struct hf_family *f = hfconfig_family(family_cases[_i].type);

	if (family_cases[_i].row == NULL) {
		ck_assert_ptr_null(f);
		return;
	}
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->model_type, family_cases[_i].row);
	ck_assert_int_eq(f->match, family_cases[_i].match);
	if (family_cases[_i].generic) {
		ck_assert(!f->qk_norm && f->layers == NULL);
		return;
	}
	ck_assert(f->qk_norm);		/* every Qwen3 and Gemma 3 */
	ck_assert_int_eq(f->layers != NULL, family_cases[_i].layers);
}
END_TEST

static Suite *
hfconfig_suite(void)
{
	Suite *s = suite_create("hfconfig");
	TCase *pub = tcase_create("published");
	TCase *imp = tcase_create("import");
	TCase *bad = tcase_create("errors");
	TCase *ins = tcase_create("inspect");

	tcase_add_loop_test(pub, test_published_totals, 0,
			    (int)(sizeof published / sizeof published[0]));
	tcase_add_test(pub, test_matches_catalog);
	tcase_add_test(pub, test_tensor_counts);
	tcase_add_test(imp, test_nested_text_config);
	tcase_add_test(imp, test_unknown_family_refused);
	tcase_add_test(imp, test_quantization_config);
	tcase_add_test(imp, test_awq_gptq_bits);
	tcase_add_test(imp, test_modelopt_exclusions);
	tcase_add_test(imp, test_modelopt_mixed);
	tcase_add_test(imp, test_modelopt_kv);
	tcase_add_test(imp, test_nas_blocks);
	tcase_add_test(imp, test_vision_tower);
	tcase_add_loop_test(imp, test_scheme_bytes, 0, (int)(sizeof schemes / sizeof schemes[0]));
	tcase_add_test(imp, test_ct_target_precedence);
	tcase_add_test(imp, test_ct_mixed_formats);
	tcase_add_test(imp, test_ct_unreadable_targets);
	tcase_add_test(imp, test_ct_shared_expert_name);
	tcase_add_test(imp, test_ct_kimi_k25);
	tcase_add_test(imp, test_fbgemm_405b);
	tcase_add_test(imp, test_mxfp4_experts_only);
	tcase_add_test(imp, test_quant_fallback);
	tcase_add_test(imp, test_checkpoint_total_size);
	tcase_add_test(imp, test_id_and_name);
	tcase_add_test(imp, test_assumptions_recorded);
	tcase_add_test(imp, test_deepseek_mtp);
	tcase_add_test(imp, test_linear_attention_state);
	tcase_add_test(imp, test_gated_deltanet_params);
	tcase_add_test(imp, test_gemma4_shapes);
	tcase_add_test(imp, test_nemotron_h_moe);
	tcase_add_test(imp, test_nemotron_h_dense);
	tcase_add_test(imp, test_jamba);
	tcase_add_test(imp, test_nemotron_h_latent_moe);
	tcase_add_test(imp, test_nemotron_h_nvfp4_exclusions);
	tcase_add_test(imp, test_nemotron_h_block_list);
	tcase_add_test(bad, test_nemotron_h_refused);
	tcase_add_loop_test(imp, test_family_lookup, 0,
			    (int)(sizeof family_cases / sizeof family_cases[0]));
	tcase_add_test(imp, test_import_into_catalog);
	tcase_add_test(bad, test_missing_fields_named);
	tcase_add_test(bad, test_load_errors_name_the_file);
	tcase_add_test(bad, test_load_folder);
	tcase_add_test(bad, test_deepseek_sparse_attention);
	tcase_add_test(ins, test_inspect_scout);
	tcase_add_test(ins, test_inspect_deepseek);
	tcase_add_test(ins, test_inspect_catalog_model);
	suite_add_tcase(s, pub);
	suite_add_tcase(s, imp);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ins);
	return s;
}

int
main(void)
{
	return tu_run(hfconfig_suite());
}
