/* test_memory.c - weight bytes, what one GPU holds and the engine's
 * reservations (doc/planning-model.md sections 1, 3, 4 and 6).
 *
 * Inputs used throughout (gpus.json, doc/planning-model.md section 1):
 *   H100 SXM usable 81,559 MiB = 81,559 * 1,048,576 = 85,520,809,984 B
 *   vLLM budget 0.90 * 85,520,809,984 = 76,968,728,985.6 B
 * Scout, from test_model.c's derivations:
 *   attention 62,914,560 per layer; one expert 125,829,120; router
 *   81,920 and norms 10,240 per layer; embedding = head = 1,034,485,760;
 *   vision 871,932,416; total 108,641,793,536. */
#include "engine.h"
#include "hfimport.h"
#include "testutil.h"
#include "format.h"
#include "memory.h"

#define H100_USABLE 85520809984.0	/* 81,559 MiB */
/* vLLM's budget: ceil(total x 0.90), total as the CUDA runtime reports
 * it, 81,121 MiB = 85,061,533,696 B (data/gpus.json runtime_total_mib):
 * ceil(76,555,380,326.4) */
#define H100_BUDGET 76555380327.0

/* Scout per GPU at TP 4 (doc/planning-model.md section 4: heads, FFN
 * columns, embeddings and the vision tower split TP ways; norms and
 * routers replicated):
 * split: attention 48 * 62,914,560 = 3,019,898,880
 *        experts 48 * 16 * 125,829,120 = 96,636,764,160
 *        shared 48 * 125,829,120 = 6,039,797,760
 *        embedding + head 2,068,971,520; vision 871,932,416
 *        sum 108,637,364,736 / 4 = 27,159,341,184
 * replicated: norms 48 * 10,240 + 5,120 = 496,640
 *             routers 48 * 81,920 = 3,932,160
 * per GPU 27,163,769,984 params * 2 B = 54,327,539,968 B */
#define SCOUT_TP4_WEIGHTS 54327539968ull

START_TEST(test_format_bits)
{
	/* doc/planning-model.md section 3: BF16/FP16 16, FP8 8, INT8 8,
	 * INT4 g128 4.25, MXFP4 4.25, NVFP4 4.5, Q8_0 8.5 */
	ck_assert_near(weight_format_info(WF_BF16)->bits, 16, 0);
	ck_assert_near(weight_format_info(WF_FP16)->bits, 16, 0);
	ck_assert_near(weight_format_info(WF_FP8)->bits, 8, 0);
	ck_assert_near(weight_format_info(WF_INT8)->bits, 8, 0);
	ck_assert_near(weight_format_info(WF_INT4)->bits, 4.25, 0);
	ck_assert_near(weight_format_info(WF_MXFP4)->bits, 4.25, 0);
	ck_assert_near(weight_format_info(WF_NVFP4)->bits, 4.5, 0);
	ck_assert_near(weight_format_info(WF_Q8_0)->bits, 8.5, 0);
	/* GGUF presets carry their base type, ggml-common.h blocks:
	 * Q6_K 210 B / 256, Q5_K 176, Q4_K 144, Q3_K 110, Q2_K 84 */
	ck_assert_near(weight_format_info(WF_Q6_K)->bits, 6.5625, 0);
	ck_assert_near(weight_format_info(WF_Q5_K_M)->bits, 5.5, 0);
	ck_assert_near(weight_format_info(WF_Q4_K_M)->bits, 4.5, 0);
	ck_assert_near(weight_format_info(WF_Q3_K_M)->bits, 3.4375, 0);
	ck_assert_near(weight_format_info(WF_Q2_K)->bits, 2.625, 0);
	ck_assert_near(ggml_type_bits(GT_Q8_0), 8.5, 0);
	ck_assert_near(ggml_type_bits(GT_Q5_0), 5.5, 0);
	ck_assert_near(ggml_type_bits(GT_F32), 32, 0);
}
END_TEST

START_TEST(test_gguf_tensor_types)
{
	const struct model *m = tu_model("llama-3.1-8b");
	const struct model *mx = tu_model("mixtral-8x7b");

	/* llama-quant.cpp, Q4_K_M on 32 layers: use_more_bits(i, 32) holds
	 * for i < 4, i >= 28 and (i - 4) % 3 == 2 (6, 9, ..., 27) */
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_ATTN_V, 0, 4096), GT_Q6_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_ATTN_V, 4, 4096), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_FFN_DOWN, 6, 14336), GT_Q6_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_FFN_DOWN, 7, 14336), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_FFN_DOWN, 31, 14336), GT_Q6_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_ATTN_Q, 0, 4096), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_OUTPUT, 0, 4096), GT_Q6_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_EMBED, 0, 4096), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q8_0, m, GR_OUTPUT, 0, 4096), GT_Q8_0);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_F32, 0, 4096), GT_F32);
	/* Q3_K_M: attn_v Q5_K for the first two, ffn_down Q5_K below n/16 */
	ck_assert_int_eq(weight_format_gguf_type(WF_Q3_K_M, m, GR_ATTN_V, 1, 4096), GT_Q5_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q3_K_M, m, GR_ATTN_V, 2, 4096), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q3_K_M, m, GR_FFN_DOWN, 1, 14336), GT_Q5_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q3_K_M, m, GR_FFN_DOWN, 2, 14336), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q3_K_M, m, GR_ATTN_O, 9, 4096), GT_Q4_K);
	/* Q2_K: 32 / 8 = 4 heads per KV head, so attn_v Q4_K */
	ck_assert_int_eq(weight_format_gguf_type(WF_Q2_K, m, GR_ATTN_V, 9, 4096), GT_Q4_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q2_K, m, GR_FFN_DOWN, 9, 14336), GT_Q3_K);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q2_K, m, GR_FFN_UP, 9, 4096), GT_Q2_K);
	/* 8 experts: attn_v and attn_k Q8_0 */
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, mx, GR_ATTN_V, 4, 4096), GT_Q8_0);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, mx, GR_ATTN_K, 4, 4096), GT_Q8_0);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, mx, GR_ATTN_O, 4, 4096), GT_Q5_K);
	/* a row of 2,880 (gpt-oss) is no whole number of 256-blocks:
	 * Q4_K falls back to Q5_0, Q6_K to Q8_0 */
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_ATTN_Q, 5, 2880), GT_Q5_0);
	ck_assert_int_eq(weight_format_gguf_type(WF_Q4_K_M, m, GR_OUTPUT, 5, 2880), GT_Q8_0);
	ck_assert_int_eq(weight_format_gguf_type(WF_BF16, m, GR_ATTN_Q, 5, 4096), GT_NONE);
}
END_TEST

START_TEST(test_model_bytes_gguf)
{
	const struct model *m = tu_model("llama-3.1-8b");
	struct model_counts c = tu_counts("llama-3.1-8b");

	/* Llama 3.1 8B Q4_K_M by hand (d 4,096, 32 layers, 8 KV heads of
	 * 128, FFN 14,336, vocab 128,256), bits per weight Q4_K 4.5,
	 * Q6_K 6.5625, F32 32:
	 *   token_embd Q4_K 525,336,576 x 4.5 / 8    =   295,501,824
	 *   output     Q6_K 525,336,576 x 6.5625 / 8 =   430,940,160
	 * per layer q, o 16,777,216, k, v 4,194,304, gate, up, down
	 * 58,720,256; attn_v and ffn_down Q6_K on the 16 use_more_bits
	 * layers (0-3, 6, 9, ..., 27, 28-31), Q4_K on the other 16:
	 *   Q4_K always 2 x 16,777,216 + 4,194,304 + 2 x 58,720,256
	 *     = 155,189,248 x 32 x 4.5 / 8 = 2,793,406,464
	 *   attn_v + ffn_down 62,914,560 x (16 x 6.5625 + 16 x 4.5) / 8
	 *     = 1,391,984,640
	 *   norms (32 x 8,192 + 4,096) x 4 B = 1,064,960
	 * sum 4,912,898,048 B = 4.58 GiB, 4.894 bits over the
	 * 8,030,261,248 parameters: llama.cpp's quantize prints "file size
	 * = 4.58 GiB (4.89 BPW)" for this model. */
	ck_assert_u64(memory_model_bytes(m, &c, WF_Q4_K_M), 4912898048ull);
	ck_assert_rel(8.0 * memory_model_bytes(m, &c, WF_Q4_K_M) / (double)c.total, 4.89, 0.001);
}
END_TEST

START_TEST(test_format_group_bits)
{
	/* Quantizers keep embeddings, lm_head, norms and routers at 16 bit
	 * (doc/planning-model.md section 3). */
	ck_assert_near(weight_format_group_bits(WF_BF16, PG_EMBED, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_EMBED, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_LM_HEAD, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_NORM, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_ROUTER, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_ATTN, false), 8, 0);
	ck_assert_near(weight_format_group_bits(WF_FP8, PG_EXPERTS, false), 8, 0);
	ck_assert_near(weight_format_group_bits(WF_INT4, PG_EMBED, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_INT4, PG_DENSE_FFN, false), 4.25, 0);
	ck_assert_near(weight_format_group_bits(WF_MXFP4, PG_EXPERTS, false), 4.25, 0);
	ck_assert_near(weight_format_group_bits(WF_NVFP4, PG_LM_HEAD, false), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_MXFP4, PG_NORM, false), 16, 0);
	/* MXFP4 on an MoE model: experts only (gpt-oss modules_to_not_convert). */
	ck_assert_near(weight_format_group_bits(WF_MXFP4, PG_EXPERTS, true), 4.25, 0);
	ck_assert_near(weight_format_group_bits(WF_MXFP4, PG_ATTN, true), 16, 0);
	ck_assert_near(weight_format_group_bits(WF_MXFP4, PG_ATTN, false), 4.25, 0);
	/* GGUF: the preset's base type for the table, Q6_K for the head,
	 * F32 norms (memory_stage picks per tensor) */
	ck_assert_near(weight_format_group_bits(WF_Q4_K_M, PG_EMBED, false), 4.5, 0);
	ck_assert_near(weight_format_group_bits(WF_Q4_K_M, PG_LM_HEAD, false), 6.5625, 0);
	ck_assert_near(weight_format_group_bits(WF_Q4_K_M, PG_NORM, false), 32, 0);
	/* vision towers ship unquantized */
	ck_assert_near(weight_format_group_bits(WF_INT4, PG_EXTRA, false), 16, 0);
}
END_TEST

START_TEST(test_format_parse)
{
	enum weight_format f;
	enum kv_dtype k;

	ck_assert_int_eq(weight_format_parse("q4_k_m", &f), 0);
	ck_assert_int_eq(f, WF_Q4_K_M);
	ck_assert_int_eq(weight_format_parse("mxfp4", &f), 0);
	ck_assert_int_eq(f, WF_MXFP4);
	ck_assert_int_ne(weight_format_parse("fp7", &f), 0);
	ck_assert_int_eq(kv_dtype_parse("fp8", &k), 0);
	ck_assert_int_eq(k, KV_FP8);
	ck_assert_int_ne(kv_dtype_parse("fp4", &k), 0);
	ck_assert_str_eq(kv_dtype_id(KV_BF16), "bf16");
}
END_TEST

START_TEST(test_model_bytes_bf16)
{
	struct model_counts c = tu_counts("llama-4-scout");
	uint64_t b = memory_model_bytes(tu_model("llama-4-scout"), &c, WF_BF16);

	/* 108,641,793,536 * 2 B = 217,283,587,072 B = 217.28 GB
	 * = 202.36 GiB, not "203 GB" (doc/planning-model.md section 3) */
	ck_assert_u64(b, 217283587072ull);
	ck_assert_rel(b / TU_GIB, 202.4, 0.0005);
	ck_assert_rel(b / 1e9, 217.3, 0.0005);

	/* Checkpoints (metadata.total_size, the memory entries of
	 * data/measurements.json; BF16 = 2 B/param):
	 * Llama-3.1-8B 16,060,522,496; 70B 141,107,412,992;
	 * Mistral-7B 14,483,464,192; Qwen3-30B-A3B 61,064,245,248 */
	c = tu_counts("llama-3.1-8b");
	ck_assert_u64(memory_model_bytes(tu_model("llama-3.1-8b"), &c, WF_BF16), 16060522496ull);
	c = tu_counts("llama-3.1-70b");
	ck_assert_u64(memory_model_bytes(tu_model("llama-3.1-70b"), &c, WF_BF16), 141107412992ull);
	c = tu_counts("mistral-7b");
	ck_assert_u64(memory_model_bytes(tu_model("mistral-7b"), &c, WF_BF16), 14483464192ull);
	c = tu_counts("qwen3-30b-a3b");
	ck_assert_u64(memory_model_bytes(tu_model("qwen3-30b-a3b"), &c, WF_BF16), 61064245248ull);
}
END_TEST

START_TEST(test_model_bytes_fp8)
{
	struct model_counts c = tu_counts("llama-3.1-8b");

	/* FP8 keeps embedding, head and norms at 16 bit:
	 * embedding + head 2 * 525,336,576 * 2 B = 2,101,346,304
	 * attention + FFN 32 * (41,943,040 + 176,160,768) * 1 B
	 *   = 6,979,321,856
	 * norms (32 * 8,192 + 4,096) * 2 B = 532,480
	 * sum 9,081,200,640 */
	ck_assert_u64(memory_model_bytes(tu_model("llama-3.1-8b"), &c, WF_FP8), 9081200640ull);
}
END_TEST

START_TEST(test_model_bytes_gpt_oss_mxfp4)
{
	struct model_counts c = tu_counts("gpt-oss-120b");

	/* The checkpoint: MXFP4 experts, everything else BF16 (models.json
	 * notes: attention, router, embeddings, lm_head not converted).
	 * experts 36 * 128 * 24,891,840 = 114,701,598,720 params
	 *   * 4.25 / 8 = 60,935,224,320 B
	 * rest 116,829,156,672 - 114,701,598,720 = 2,127,557,952 params
	 *   * 2 B = 4,255,115,904 B
	 * sum 65,190,340,224 B vs the checkpoint's 65,248,815,744
	 * (data/measurements.json; the gap is the expert biases, stored BF16):
	 * within 0.5%. */
	ck_assert_rel(memory_model_bytes(tu_model("gpt-oss-120b"), &c, WF_MXFP4), 65248815744.0, 0.005);
}
END_TEST

START_TEST(test_stage_scout_tp4)
{
	const struct model *m = tu_model("llama-4-scout");
	struct model_counts c = tu_counts("llama-4-scout");
	struct layout l = {.gpus = 4, .tp = 4, .pp = 1, .ep = 1, .replicas = 1};
	struct stage st;

	memory_stage(m, &c, WF_BF16, &l, 0, &st);
	ck_assert_uint_eq(st.first, 0);
	ck_assert_uint_eq(st.last, 48);
	ck_assert_uint_eq(st.n_moe, 48);
	ck_assert_uint_eq(st.kinds[ATTN_FULL], 12);
	ck_assert_uint_eq(st.kinds[ATTN_CHUNKED], 36);
	/* 8 KV heads / TP 4 = 2 per GPU, so the whole attention splits
	 * 4 ways: 3,019,898,880 / 4 = 754,974,720 */
	ck_assert_near(st.params[PG_ATTN], 754974720.0, 0.5);
	ck_assert_near(st.params[PG_EXPERTS], 96636764160.0 / 4, 0.5);
	ck_assert_near(st.params[PG_NORM], 496640.0, 0.5);
	ck_assert_near(st.params[PG_ROUTER], 3932160.0, 0.5);
	ck_assert_near(st.params[PG_EMBED], 1034485760.0 / 4, 0.5);
	/* SCOUT_TP4_WEIGHTS (derivation at the top) */
	ck_assert_u64(st.weight_bytes, SCOUT_TP4_WEIGHTS);
	/* ~ a quarter of the whole model, 217,283,587,072 / 4
	 * = 54,320,896,768; replicated norms and routers add 3/4 *
	 * 4,428,800 * 2 B = 6,643,200 */
	ck_assert_rel(st.weight_bytes, 217283587072.0 / 4, 0.001);
}
END_TEST

START_TEST(test_stage_pipeline)
{
	const struct model *m = tu_model("llama-3.1-8b");
	struct model_counts c = tu_counts("llama-3.1-8b");
	struct layout l = {.gpus = 2, .tp = 1, .pp = 2, .ep = 1, .replicas = 1};
	const struct model *big = tu_model("llama-3.1-405b");
	struct model_counts cb = tu_counts("llama-3.1-405b");
	struct layout l4 = {.gpus = 4, .tp = 1, .pp = 4, .ep = 1, .replicas = 1};
	struct stage st;

	/* PP 2 of 32 layers: 16 each. 16 layers * 218,112,000 =
	 * 3,489,792,000 params.
	 * stage 0 + embedding 525,336,576 = 4,015,128,576 * 2 B
	 *   = 8,030,257,152
	 * stage 1 + head 525,336,576 + final norm 4,096 = 4,015,132,672
	 *   * 2 B = 8,030,265,344; together 16,060,522,496 (the checkpoint) */
	memory_stage(m, &c, WF_BF16, &l, 0, &st);
	ck_assert_uint_eq(st.first, 0);
	ck_assert_uint_eq(st.last, 16);
	ck_assert_u64(st.weight_bytes, 8030257152ull);
	memory_stage(m, &c, WF_BF16, &l, 1, &st);
	ck_assert_uint_eq(st.first, 16);
	ck_assert_uint_eq(st.last, 32);
	ck_assert_u64(st.weight_bytes, 8030265344ull);

	/* 126 layers over 4 stages: 31 r 2, the first two take one more:
	 * [0,32) [32,64) [64,95) [95,126) */
	memory_stage(big, &cb, WF_BF16, &l4, 1, &st);
	ck_assert_uint_eq(st.first, 32);
	ck_assert_uint_eq(st.last, 64);
	memory_stage(big, &cb, WF_BF16, &l4, 3, &st);
	ck_assert_uint_eq(st.first, 95);
	ck_assert_uint_eq(st.last, 126);
}
END_TEST

static void
load_hf(const char *dir, struct model *m, struct model_counts *c)
{
	char path[512];
	struct gp_error err;

	err.msg[0] = '\0';
	snprintf(path, sizeof path, GPUPLAN_TESTDATADIR "/hf/%s/config.json", dir);
	if (hfimport_load(path, m, NULL, &err) != 0)
		ck_abort_msg("%s: %s", path, err.msg);
	model_count(m, c);
}

/* A hybrid's stage holds the mixers and FFNs its own layers have
 * (tests/test_hfconfig.c works out the per-layer counts). Nemotron 3
 * Nano, TP 2: attention 6 x 23,396,352 / 2 (1 of the 2 KV heads per
 * GPU, so all of it halves) = 70,189,056; Mamba2 projections 23 x
 * 38,707,200 / 2 = 445,132,800; experts 29,374,808,064 / 2; shared
 * 458,981,376 / 2; routers 7,916,416 and norms 947,648 whole;
 * embedding and head 352,321,536 / 2 each:
 *   70,189,056 + 445,132,800 + 14,687,404,032 + 229,490,688
 *   + 7,916,416 + 947,648 + 2 x 176,160,768 = 15,793,402,176 params
 *   x 2 B = 31,586,804,352 B per GPU. */
START_TEST(test_stage_hybrid)
{
	struct model m;
	struct model_counts c;
	struct layout tp2 = {.gpus = 2, .tp = 2, .pp = 1, .ep = 1, .replicas = 1};
	struct layout pp2 = {.gpus = 2, .tp = 1, .pp = 2, .ep = 1, .replicas = 1};
	struct stage st;

	load_hf("NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", &m, &c);
	memory_stage(&m, &c, WF_BF16, &tp2, 0, &st);
	ck_assert_uint_eq(st.kinds[ATTN_MAMBA], 23);
	ck_assert_uint_eq(st.n_moe, 23);
	ck_assert_near(st.params[PG_ATTN], 70189056.0 + 445132800.0, 0.5);
	ck_assert_near(st.params[PG_DENSE_FFN], 0, 0);
	ck_assert_near(st.params[PG_NORM], 947648.0, 0.5);
	ck_assert_u64(st.weight_bytes, 31586804352ull);

	/* Nemotron-H-56B, PP 2 of 118 layers: [0,59) holds 27 Mamba2, 5
	 * attention and 27 MLP blocks, [59,118) the same:
	 *   27 x (438,304,768 + 119,552) + 5 x 150,994,944
	 *   + 27 x 536,870,912 + 59 x 8192 norms = 27,088,429,312,
	 *   + embedding 1,073,741,824 = 28,162,171,136 x 2 B
	 *   = 56,324,342,272; the last stage adds the head and the final
	 *   norm: 28,162,179,328 x 2 B = 56,324,358,656 */
	load_hf("Nemotron-H-56B-Base-8K", &m, &c);
	memory_stage(&m, &c, WF_BF16, &pp2, 0, &st);
	ck_assert_uint_eq(st.kinds[ATTN_FULL], 5);
	ck_assert_uint_eq(st.kinds[ATTN_MAMBA], 27);
	ck_assert_uint_eq(st.kinds[ATTN_NONE], 27);
	ck_assert_u64(st.weight_bytes, 56324342272ull);
	memory_stage(&m, &c, WF_BF16, &pp2, 1, &st);
	ck_assert_u64(st.weight_bytes, 56324358656ull);
}
END_TEST

START_TEST(test_vllm_budget_and_pool)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* Defaults: Scout BF16 on 4 x H100 SXM, TP 4, vLLM at 0.90. */
	tu_plan(&p, &s, NULL);
	ck_assert_u64(mem->capacity, 85061533696ull);		/* 81,121 MiB */
	ck_assert_near(mem->budget, H100_BUDGET, 1.0);		/* x 0.90 */
	ck_assert_u64(mem->weights, SCOUT_TP4_WEIGHTS);
	/* one replica, all 4 GPUs: 4 * 54,327,539,968 = 217,310,159,872 */
	ck_assert_u64(mem->weights_total, 4ull * SCOUT_TP4_WEIGHTS);
	/* kv_pool = budget - weights - activations - overhead, graphs
	 * included as from vLLM 0.21 (doc/planning-model.md section 6) */
	ck_assert_u64(mem->kv_pool,
		      mem->budget - mem->weights - mem->activations - mem->overhead);
	ck_assert(mem->fits);
	ck_assert_ptr_null(tu_warning(&p, W_DOES_NOT_FIT));
	ck_assert_int_eq(mem->broken, ML_NONE);
	ck_assert(!mem->tight);		/* 19 GiB free, KV 35% of the pool */
	/* free = capacity - weights - activations - overhead - KV */
	ck_assert_int_eq(mem->free, (int64_t)mem->capacity -
			 (int64_t)(mem->weights + mem->activations +
				   mem->overhead + mem->kv_cache));
	/* 40 sequences of 0.375 GiB take 15 of the 17.2 GiB pool, over
	 * 80%: it fits, tightly, and the warning says so */
	tu_plan(&p, &s, TU_OPTS("batch", "40"));
	ck_assert(mem->fits && mem->tight);
	ck_assert_ptr_nonnull(tu_warning(&p, W_KV_CROWDS_OUT));
}
END_TEST

START_TEST(test_vllm_pool_by_hand)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* Activation peak 7.4 GiB and non-torch 0.55 GiB set explicitly
	 * (no CUDA graphs then): activations (uint64)(7.4 * 2^30) =
	 * 7,945,689,497 B, overhead 590,558,003 B;
	 * pool = 76,555,380,327 - 54,327,539,968 - 7,945,689,497
	 *        - 590,558,003 = 13,691,592,859 (~12.75 GiB) */
	tu_plan(&p, &s, TU_OPTS("activation-gib", "7.4", "overhead-gib", "0.55"));
	ck_assert_u64(mem->activations, 7945689497ull);
	ck_assert_u64(mem->overhead, 590558003ull);
	ck_assert_u64(mem->kv_pool, 13691592859ull);
	/* one sequence at 8K per GPU: 48 * 8,192 * 1,024 = 402,653,184
	 * max concurrency floor(13,691,592,859 / 402,653,184)
	 * = floor(34.003) = 34 (the inverse questions of
	 * doc/planning-model.md section 6) */
	ck_assert_u64(mem->kv_per_seq, 402653184ull);
	ck_assert_u64(mem->max_concurrency, 34);
	ck_assert_rel(mem->engine_concurrency, 34.003, 0.0001);
	ck_assert_u64(mem->max_concurrency, mem->kv_pool / mem->kv_per_seq);
	/* batch 16 uses 16 * 402,653,184 = 6,442,450,944 of it: fits;
	 * free = 85,061,533,696 - 54,327,539,968 - 7,945,689,497
	 *        - 590,558,003 - 6,442,450,944 = 15,755,295,284 */
	ck_assert(mem->fits);
	ck_assert_int_eq(mem->free, 15755295284ll);
	/* batch that keeps 10% of the GPU free:
	 * (0.9 * 85,061,533,696 - 62,863,787,468) / 402,653,184 = 34.003 */
	ck_assert_u64(mem->max_batch_headroom, 34);
}
END_TEST

START_TEST(test_vllm_dense_kv_tokens)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* Llama-3.1-8B BF16 on 1 x H100, activations 5.6 GiB and non-torch
	 * 0.13 GiB set:
	 * pool = 76,555,380,327 - 16,060,522,496 - 6,012,954,214
	 *        - 139,586,437 = 54,342,317,180
	 * vLLM blocks: pool // (16 tokens * 32 layers * 4,096 B = 2,097,152)
	 *   = 25,912 -> "GPU KV cache size" 25,912 * 16 = 414,592 tokens
	 *   (vLLM's log line, doc/planning-model.md section 5)
	 * per sequence at 8K: 32 * 8,192 * 4,096 = 1 GiB; concurrency
	 *   54,342,317,180 / 1,073,741,824 = 50.61 -> 50 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1",
				"activation-gib", "5.6", "overhead-gib", "0.13"));
	ck_assert_u64(mem->weights, 16060522496ull);
	ck_assert_u64(mem->kv_pool, 54342317180ull);
	ck_assert_u64(mem->kv_per_seq, 1073741824ull);
	ck_assert_u64(mem->kv_pool_tokens, 414592);
	ck_assert_u64(mem->max_concurrency, 50);
	ck_assert_rel(mem->engine_concurrency, 50.610, 0.0001);
	/* the longest context for 16 sequences: 16 * 131,072 B * ceil16(len)
	 * <= 54,342,317,180 -> ceil16(len) <= 25,912.1 -> 25,904 tokens */
	ck_assert_u64(mem->max_context, 25904);
}
END_TEST

START_TEST(test_prefix_hit_tokens)
{
	struct scenario s;
	uint64_t shared = 99;

	/* doc/planning-model.md section 5, Prefix caching: H = min(P - 1,
	 * max(F P, min(S, P - 1))) rounded down to the KV block.
	 * vLLM (block 16), P 2,048, F 0.3: 614.4 -> 614 -> 608 */
	tu_scenario(&s, TU_OPTS("prefix-hit", "0.3"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, &shared), 608);
	ck_assert_u64(shared, 0);
	/* F 1: all but the last token, 2,047 -> 2,032 */
	tu_scenario(&s, TU_OPTS("prefix-hit", "1"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, NULL), 2032);
	/* SGLang's radix cache pages 1 token: 614 and 2,047 */
	tu_scenario(&s, TU_OPTS("engine", "sglang", "prefix-hit", "0.3"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, NULL), 614);
	tu_scenario(&s, TU_OPTS("engine", "sglang", "prefix-hit", "1"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, NULL), 2047);
	/* a system prompt of 1,000 tokens: 1,000 -> 992 hit and shared,
	 * more than F 0.3 asks */
	tu_scenario(&s, TU_OPTS("prefix-hit", "0.3", "system-prompt-tokens", "1000"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, &shared), 992);
	ck_assert_u64(shared, 992);
	/* longer than the prompt: capped at P - 1 = 511 -> 496 */
	tu_scenario(&s, TU_OPTS("system-prompt-tokens", "4096"));
	ck_assert_u64(memory_prefix_hit(&s, 512, &shared), 496);
	ck_assert_u64(shared, 496);
	/* llama.cpp's slots do not share: hit, but nothing held once
	 * (its cells pad to 256: 1,000 -> 768) */
	tu_scenario(&s, TU_OPTS("engine", "llamacpp", "system-prompt-tokens", "1000"));
	ck_assert_u64(memory_prefix_hit(&s, 2048, &shared), 768);
	ck_assert_u64(shared, 0);
	/* a one-token prompt has nothing to find */
	tu_scenario(&s, TU_OPTS("prefix-hit", "1", "system-prompt-tokens", "64"));
	ck_assert_u64(memory_prefix_hit(&s, 1, &shared), 0);
	ck_assert_u64(shared, 0);
}
END_TEST

START_TEST(test_vllm_shared_prefix)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* test_vllm_dense_kv_tokens' Llama-3.1-8B with a 1,024-token
	 * system prompt: 32 layers * 1,024 * 4,096 B = 134,217,728 B
	 * (0.125 GiB) held once, each sequence's own part 1 GiB - that =
	 * 939,524,096 B. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1",
				"activation-gib", "5.6", "overhead-gib", "0.13",
				"system-prompt-tokens", "1024"));
	ck_assert_u64(mem->kv_pool, 54342317180ull);
	ck_assert_u64(mem->kv_per_seq, 1073741824ull);
	ck_assert_u64(mem->kv_shared, 134217728ull);
	/* batch 16: 134,217,728 + 16 * 939,524,096 = 15,166,603,264 */
	ck_assert_u64(mem->kv_cache, 15166603264ull);
	/* (54,342,317,180 - 134,217,728) / 939,524,096 = 57.70 -> 57
	 * (50 without); vLLM's own log line still divides by the whole
	 * sequence: 50.61x */
	ck_assert_u64(mem->max_concurrency, 57);
	ck_assert_rel(mem->engine_concurrency, 50.610, 0.0001);
	ck_assert_u64(mem->kv_pool_tokens, 414592);
	/* 134,217,728 + 16 (131,072 L - 134,217,728) <= 54,342,317,180
	 * -> L <= 56,355,583,100 / 2,097,152 = 26,872.4 -> 26,864 (a
	 * multiple of 16; 25,904 without) */
	ck_assert_u64(mem->max_context, 26864);
	/* headroom: (0.9 * 85,061,533,696 - 22,213,063,147 - 134,217,728)
	 * / 939,524,096 = 57.70 -> 57 */
	ck_assert_u64(mem->max_batch_headroom, 57);

	/* llama.cpp: each slot keeps its own copy */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "engine", "llamacpp",
				"system-prompt-tokens", "1024"));
	ck_assert_u64(mem->kv_shared, 0);
	ck_assert_u64(mem->kv_cache, 16 * mem->kv_per_seq);
}
END_TEST

START_TEST(test_stage_without_kv)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* gpt-oss-20b's 24 layers over 16 llama.cpp devices, the output
	 * layer on one of its own: at 8K with an FP8 cache that device is
	 * the fullest (0.57 GiB of head, 0.38 of logits buffer) and keeps
	 * no KV. The sequences the plan holds are the KV-keeping devices',
	 * not its zero (found by tests/test_invariants.c: context x2 had
	 * "raised" concurrency from 0). The tightest of them holds a full
	 * and a sliding layer, 1,024 B a token each (8 KV heads x 64 x 2 x
	 * 1 B): 8,192 + 768 (128 + 512 padded to 256) tokens = 9,175,040 B
	 * a sequence. */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-20b", "gpu", "gb200", "engine", "llamacpp",
				"tp", "8", "pp", "2", "gpus", "16", "batch", "7",
				"weights", "mxfp4", "kv-dtype", "fp8"));
	ck_assert_u64(mem->kv_per_seq, 0);
	ck_assert_u64(mem->layers_per_stage, 0);
	ck_assert_uint_gt(mem->max_concurrency, 0);
	ck_assert_rel((double)mem->kv_pool_tokens / (double)mem->max_concurrency, 8192, 0.001);
}
END_TEST

START_TEST(test_vllm_profile_run)
{
	struct scenario s;
	struct plan p;

	/* The profile run's torch peak (gpu_model_runner.profile_run),
	 * Llama-3.1-8B on one H100 at T = max_num_batched_tokens 8,192:
	 * forward: residual 2 x 8,192 x 4,096 x 2 B = 134,217,728 plus the
	 *   larger of attention (8,192 x 2 x (2 x 4,096 + 2 x 1,024) =
	 *   167,772,160) and the MLP (3 x 8,192 x 14,336 x 2 = 704,643,072)
	 *   = 838,860,800;
	 * sampler: min(8,192, max_num_seqs 1,024 on an H100) rows x (4,096 x
	 *   2 + 128,256 x 10 B) = 1,024 x 1,290,752 = 1,321,730,048;
	 * the peak is the larger, 1,321,730,048 B, on top of the model
	 * runner's input buffers of 8,192 rows x (4 + 8 + 1 + 4,096 x 2) =
	 * 67,215,360 B: 1,388,945,408 B (1.29 GiB). */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1"));
	ck_assert_u64(p.mem.activations, 1388945408ull);
	/* 256 sequences: sampler 256 x 1,290,752 = 330,432,512, so the
	 * forward pass is the peak: 838,860,800 + 67,215,360 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "max-num-seqs", "256"));
	ck_assert_u64(p.mem.activations, 906076160ull);
	/* before 0.21 the graphs are not in the budget: the pool grows by
	 * them, and they must fit the other 10% of the GPU. 0.10 captures
	 * 67 sizes (1, 2, 4, 8..512 step 8) piecewise in 32 + 1 pieces:
	 * 67 x 33 x 0.25 MiB = 552.75 MiB = 579,600,384 B. 0.10 allocates
	 * the model runner's input buffers as well (67,215,360 B). */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "max-num-seqs", "256",
				"engine-version", "0.10.1", "sampler", "flashinfer"));
	ck_assert(!p.mem.graphs_in_budget);
	ck_assert_u64(p.mem.kv_pool, 76555380327ull - 16060522496ull - 838860800ull -
				     67215360ull - 139586437ull);
	ck_assert_u64(p.mem.outside_budget, 579600384ull);
	/* a vision tower's encoder cache, kept through the forward and the
	 * sampler: Scout at T 8,192, H 5,120: 8,192 x 5,120 x 2 B =
	 * 83,886,080 B; none for a text-only model or --multimodal off */
	{
		uint64_t with;

		tu_plan(&p, &s, TU_OPTS("model", "llama-4-scout"));
		with = p.mem.activations;
		tu_plan(&p, &s, TU_OPTS("model", "llama-4-scout", "multimodal", "off"));
		ck_assert_u64(with - p.mem.activations, 83886080ull);
	}
	/* --enforce-eager: no graphs at all */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "enforce-eager", "on"));
	ck_assert_u64(p.mem.graphs, 0);
	ck_assert_u64(p.mem.overhead, 139586437ull);
	/* a release older than any modelled is refused, not guessed */
	{
		struct gp_error err;

		tu_scenario(&s, TU_OPTS("engine-version", "0.6.3"));
		ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &err), 0);
		ck_assert_has(err.msg, "older than vLLM 0.8");
	}
}
END_TEST

/* The batch sizes vLLM captures, as its logs print them. */
START_TEST(test_vllm_graph_sizes)
{
	struct scenario s;
	struct plan p;

	/* 0.19.1, max_num_seqs 256 (an A100): "PIECEWISE=51 (largest=512),
	 * FULL=35 (largest=256)" (Qwen3-8B on an A100-40GB,
	 * dariustanrd/tokenkaki): 1, 2, 4, 8..256 step 8 (32), 272..512
	 * step 16 (16); the full ones are the 35 up to 256. Llama-3.1-8B
	 * has 32 layers: 33 pieces. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"engine-version", "0.19.1"));
	ck_assert_uint_eq(p.mem.graph_sizes, 51);
	ck_assert_uint_eq(p.mem.graph_sizes_full, 35);
	ck_assert_uint_eq(p.mem.graph_pieces, 33);
	/* 0.11.0: "PIECEWISE: 67/67", "decode, FULL: 35/35" (vllm issue
	 * #27782, max_num_seqs 256): the old list, step 8 to 512 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"engine-version", "0.11.0"));
	ck_assert_uint_eq(p.mem.graph_sizes, 67);
	ck_assert_uint_eq(p.mem.graph_sizes_full, 35);
	/* 0.10: piecewise only */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"engine-version", "0.10.1"));
	ck_assert_uint_eq(p.mem.graph_sizes, 67);
	ck_assert_uint_eq(p.mem.graph_sizes_full, 0);
	/* max_num_seqs 8: the largest size is 2 x 8 = 16, so 1, 2, 4, 8,
	 * 16; the full ones up to 8. 5 x 33 x 0.25 + 4 x 7 = 69.25 MiB =
	 * 72,613,888 B; TP 1, no NCCL */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"max-num-seqs", "8"));
	ck_assert_uint_eq(p.mem.graph_sizes, 5);
	ck_assert_uint_eq(p.mem.graph_sizes_full, 4);
	ck_assert_u64(p.mem.graphs, 72613888ull);
	/* TP 2 on one node adds NCCL's 0.15 GiB */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "2",
				"tp", "2", "max-num-seqs", "8"));
	ck_assert_near(p.mem.graphs, 72613888.0 + 0.15 * 1073741824.0, 1.0);
}
END_TEST

START_TEST(test_simple_profile)
{
	struct scenario s;
	struct plan p;
	const struct plan_memory *mem = &p.mem;

	/* The rule of thumb (doc/planning-model.md section 6, simple):
	 * activations 3% and runtime 2% of the per-GPU weights, no
	 * utilization cap:
	 * 0.03 * 54,327,539,968 = 1,629,826,199.04
	 * 0.02 * 54,327,539,968 = 1,086,550,799.36 */
	tu_plan(&p, &s, TU_OPTS("engine", "simple"));
	ck_assert_u64(mem->weights, SCOUT_TP4_WEIGHTS);
	ck_assert_near(mem->activations, 1629826199.04, 1.0);
	ck_assert_near(mem->overhead, 1086550799.36, 1.0);
	ck_assert_u64(mem->budget, mem->capacity);
	ck_assert_u64(mem->kv_pool,
		      mem->budget - mem->weights - mem->activations - mem->overhead);
	/* no pages: 48 * 8,192 * 1,024 per sequence, as with vLLM at 8K */
	ck_assert_u64(mem->kv_per_seq, 402653184ull);
}
END_TEST

START_TEST(test_does_not_fit)
{
	struct scenario s;
	struct plan p;
	const struct warning *w;

	/* Llama 3.1 405B BF16 on one H100: 405,853,388,800 * 2 B =
	 * 811,706,777,600 B of weights against a budget of
	 * 76,968,728,985.6 B. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-405b", "tp", "1"));
	ck_assert_u64(p.layout.gpus, 1);
	ck_assert_u64(p.mem.weights, 811706777600ull);
	/* Nothing is left for the KV cache: the signed budget says by how
	 * much. Budget 76,555,380,327 - weights 811,706,777,600 - the
	 * profile run's forward pass (residual 2 x 8,192 x 16,384 x 2 =
	 * 536,870,912 + MLP 3 x 8,192 x 53,248 x 2 = 2,617,245,696) - the
	 * input buffers 8,192 x (13 + 16,384 x 2) = 268,541,952 -
	 * non-torch 0.13 GiB (139,586,437) - graphs (0.21 captures 51 sizes
	 * in 126 + 1 pieces, all 51 up to max_num_seqs 1,024 whole too:
	 * (51 x 127 x 0.25 + 51 x 7) MiB = 1,976.25 MiB = 2,072,248,320) =
	 * -740,785,890,590 B; the pool itself stays 0. */
	ck_assert_int_eq(p.mem.kv_budget, -740785890590ll);
	ck_assert_u64(p.mem.kv_pool, 0);
	/* and vLLM stops: "No available memory for the cache blocks" */
	ck_assert_ptr_nonnull(tu_warning(&p, W_ENGINE_REFUSES));
	ck_assert_has(tu_warning(&p, W_ENGINE_REFUSES)->message, "No available memory");
	ck_assert(!p.mem.fits);
	ck_assert_int_lt(p.mem.free, 0);
	w = tu_warning(&p, W_DOES_NOT_FIT);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(w->severity, SEV_ERROR);
	ck_assert_has(w->message, "short by");	/* by how much (section 9) */
	/* the limit broken is the budget, before any KV: 811,706,777,600
	 * + 536,870,912 + 2,617,245,696 + 268,541,952 + 139,586,437 +
	 * 2,072,248,320 = 817,341,270,917 B need - 76,555,380,327 B budget */
	ck_assert_int_eq(p.mem.broken, ML_BEFORE_KV);
	ck_assert_u64(p.mem.short_by, 740785890590ull);
	/* errors sort first */
	ck_assert_int_eq(p.warnings[0].severity, SEV_ERROR);
}
END_TEST

START_TEST(test_batch_kv_does_not_fit)
{
	struct scenario s;
	struct plan p;

	/* Scout at 128K, batch 16, TP 4, with the pool of
	 * test_vllm_pool_by_hand (14,104,941,516.8 B). Per GPU per
	 * sequence: 12 full layers * 131,072 * 1,024 + 36 chunked * (8,192
	 * + 8,192) * 1,024 = 1,610,612,736 + 603,979,776 = 2,214,592,512;
	 * 16 sequences need 35,433,480,192 B > the pool: 6 fit
	 * (14,104,941,516.8 / 2,214,592,512 = 6.37). The scenario as asked
	 * does not fit, and says by how much (doc/planning-model.md
	 * section 9). */
	tu_plan(&p, &s, TU_OPTS("context", "128k", "activation-gib", "7.4",
				"overhead-gib", "0.55"));
	ck_assert_u64(p.mem.kv_per_seq, 2214592512ull);
	ck_assert_u64(p.mem.kv_cache, 35433480192ull);
	ck_assert_u64(p.mem.max_concurrency, 6);
	ck_assert_int_lt(p.mem.free, 0);
	ck_assert_msg(!p.mem.fits, "16 x 2.06 GiB of KV cannot fit a 13.1 GiB pool");
	ck_assert_ptr_nonnull(tu_warning(&p, W_DOES_NOT_FIT));
	/* the KV pool is the limit broken, short by what 16 sequences need
	 * beyond it */
	ck_assert_int_eq(p.mem.broken, ML_KV_POOL);
	ck_assert_u64(p.mem.short_by, p.mem.kv_cache - p.mem.kv_pool);
	ck_assert_u64(p.mem.short_by, 35433480192ull - p.mem.kv_pool);
}
END_TEST

START_TEST(test_engine_profiles)
{
	const struct engine *v = engine_get(tu_engine("vllm"));
	const struct engine *si = engine_get(tu_engine("simple"));

	/* vLLM pages KV in 16-token blocks (doc/planning-model.md section 5)
	 * and budgets usable x utilization (section 6). */
	ck_assert_uint_eq(v->kv_block, 16);
	ck_assert(v->uses_util);
	/* simple: 3% + 2% of weights (doc/planning-model.md section 6) */
	ck_assert_near(si->sizes.activation_frac, 0.03, 1e-12);
	ck_assert_near(si->sizes.overhead_frac, 0.02, 1e-12);
	ck_assert(!si->uses_util);
	ck_assert_str_eq(v->id, "vllm");
	ck_assert_str_eq(si->id, "simple");
}
END_TEST

static Suite *
memory_suite(void)
{
	Suite *s = suite_create("memory");
	TCase *fmt = tcase_create("formats");
	TCase *w = tcase_create("weights");
	TCase *plan = tcase_create("plan");

	tcase_add_test(fmt, test_format_bits);
	tcase_add_test(fmt, test_format_group_bits);
	tcase_add_test(fmt, test_format_parse);
	tcase_add_test(fmt, test_gguf_tensor_types);
	suite_add_tcase(s, fmt);

	tcase_add_test(w, test_model_bytes_bf16);
	tcase_add_test(w, test_model_bytes_fp8);
	tcase_add_test(w, test_model_bytes_gguf);
	tcase_add_test(w, test_model_bytes_gpt_oss_mxfp4);
	tcase_add_test(w, test_stage_scout_tp4);
	tcase_add_test(w, test_stage_pipeline);
	tcase_add_test(w, test_stage_hybrid);
	suite_add_tcase(s, w);

	tcase_add_test(plan, test_vllm_budget_and_pool);
	tcase_add_test(plan, test_vllm_pool_by_hand);
	tcase_add_test(plan, test_vllm_dense_kv_tokens);
	tcase_add_test(plan, test_vllm_profile_run);
	tcase_add_test(plan, test_vllm_graph_sizes);
	tcase_add_test(plan, test_simple_profile);
	tcase_add_test(plan, test_does_not_fit);
	tcase_add_test(plan, test_batch_kv_does_not_fit);
	tcase_add_test(plan, test_engine_profiles);
	tcase_add_test(plan, test_prefix_hit_tokens);
	tcase_add_test(plan, test_vllm_shared_prefix);
	tcase_add_test(plan, test_stage_without_kv);
	suite_add_tcase(s, plan);
	return s;
}

int
main(void)
{
	return tu_run(memory_suite());
}
