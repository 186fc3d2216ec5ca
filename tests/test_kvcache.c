/* test_kvcache.c - KV bytes per token, per layer and per sequence
 * (doc/planning-model.md sections 4 and 5).
 *
 * Per token per layer: 2 (K and V) * KV heads * head_dim * bytes;
 * MLA: (kv_lora_rank + qk_rope_head_dim) * bytes, not split by TP. */
#include "testutil.h"
#include "kvcache.h"

/* A policy: dtype, TP, hybrid, extra tokens kept beyond the window,
 * page size in tokens (1 = no paging). */
static struct kv_policy
policy(enum kv_dtype dtype, uint64_t tp, bool hybrid, uint64_t extra,
       uint32_t block)
{
	struct kv_policy p;

	memset(&p, 0, sizeof p);
	p.dtype = dtype;
	p.tp = tp;
	p.hybrid = hybrid;
	p.extra_tokens = extra;
	p.block = block;
	return p;
}

/* Bytes of one sequence of len tokens over all the model's layers. */
static uint64_t
seq_bytes(const struct model *m, uint64_t len, const struct kv_policy *p)
{
	uint32_t n[ATTN_KIND_COUNT];

	kv_count_kinds(m, 0, m->layers, n);
	return kv_seq_bytes(m, n, len, p);
}

START_TEST(test_scout_layer_token_bytes)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy bf16 = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy fp8 = policy(KV_FP8, 1, false, 0, 1);

	/* 2 * 8 KV heads * 128 * 2 B = 4,096 B (doc/planning-model.md
	 * section 5) - the same for full and chunked layers. */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_FULL, &bf16), 4096, 0);
	ck_assert_near(kv_layer_token_bytes(m, ATTN_CHUNKED, &bf16), 4096, 0);
	/* FP8 KV: 1 byte per value -> 2,048 B */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_FULL, &fp8), 2048, 0);
	ck_assert_near(kv_dtype_bytes(KV_BF16), 2, 0);
	ck_assert_near(kv_dtype_bytes(KV_FP8), 1, 0);
}
END_TEST

START_TEST(test_scout_8k_naive)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy p = policy(KV_BF16, 1, false, 0, 1);
	uint64_t per_seq = seq_bytes(m, 8192, &p);

	/* 48 layers * 8,192 tokens * 4,096 B = 1,610,612,736 B = 1.5 GiB
	 * per sequence (doc/planning-model.md section 5) */
	ck_assert_u64(per_seq, 1610612736ull);
	ck_assert_near(per_seq / TU_GIB, 1.5, 0);
	/* batch 16: 16 * 1.5 GiB = 24 GiB = 25,769,803,776 B */
	ck_assert_u64(16 * per_seq, 25769803776ull);
}
END_TEST

START_TEST(test_scout_1m_naive_vs_hybrid)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy naive = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy hybrid = policy(KV_BF16, 1, true, 0, 1);

	/* naive: 48 * 1,048,576 * 4,096 = 206,158,430,208 B = 192 GiB */
	ck_assert_u64(seq_bytes(m, 1048576, &naive), 206158430208ull);
	/* hybrid: 12 global layers keep every token:
	 *   12 * 1,048,576 * 4,096 = 51,539,607,552 (48 GiB)
	 * 36 chunked layers keep 8,192:
	 *   36 * 8,192 * 4,096 = 1,207,959,552 (1.125 GiB)
	 * sum 52,747,567,104 B = 49.125 GiB (doc/planning-model.md
	 * section 5) */
	ck_assert_u64(seq_bytes(m, 1048576, &hybrid), 52747567104ull);
	ck_assert_rel(seq_bytes(m, 1048576, &hybrid) / TU_GIB, 49.1, 0.005);
	/* Chunked layers keep min(len, C): */
	ck_assert_u64(kv_layer_tokens(m, ATTN_CHUNKED, 1048576, &hybrid), 8192);
	ck_assert_u64(kv_layer_tokens(m, ATTN_CHUNKED, 5000, &hybrid), 5000);
	ck_assert_u64(kv_layer_tokens(m, ATTN_FULL, 1048576, &hybrid), 1048576);
	ck_assert_u64(kv_layer_tokens(m, ATTN_CHUNKED, 1048576, &naive), 1048576);
}
END_TEST

START_TEST(test_scout_128k_ground_truth)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy naive = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy hybrid = policy(KV_BF16, 1, true, 0, 1);

	/* doc/planning-model.md section 5, 128K (131,072): naive
	 * 48 * 131,072 * 4,096 = 25.77 GB; layout 12 * 131,072 * 4,096
	 * + 36 * 8,192 * 4,096
	 * = 6,442,450,944 + 1,207,959,552 = 7.65 GB (decimal) */
	ck_assert_rel(seq_bytes(m, 131072, &naive) / 1e9, 25.77, 0.01);
	ck_assert_rel(seq_bytes(m, 131072, &hybrid) / 1e9, 7.65, 0.01);
	ck_assert_u64(seq_bytes(m, 131072, &hybrid), 7650410496ull);
}
END_TEST

START_TEST(test_extra_window_tokens)
{
	const struct model *m = tu_model("llama-4-scout");
	const struct model *oss = tu_model("gpt-oss-120b");
	struct kv_policy p = policy(KV_BF16, 1, true, 8192, 1);

	/* vLLM keeps min(C + max_num_batched_tokens, len) (section 5):
	 * 8,192 + 8,192 = 16,384 tokens per chunked layer at 1M */
	ck_assert_u64(kv_layer_tokens(m, ATTN_CHUNKED, 1048576, &p), 16384);
	/* gpt-oss window 128 + 8,192 = 8,320 */
	ck_assert_u64(kv_layer_tokens(oss, ATTN_SLIDING, 131072, &p), 8320);
	/* still capped by the sequence itself */
	ck_assert_u64(kv_layer_tokens(oss, ATTN_SLIDING, 1000, &p), 1000);
	/* Scout at 1M: 12 * 1,048,576 * 4,096 + 36 * 16,384 * 4,096
	 * = 51,539,607,552 + 2,415,919,104 = 53,955,526,656 */
	ck_assert_u64(seq_bytes(m, 1048576, &p), 53955526656ull);
}
END_TEST

START_TEST(test_deepseek_mla)
{
	const struct model *m = tu_model("deepseek-v3");
	struct kv_policy tp1 = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy tp8 = policy(KV_BF16, 8, false, 0, 1);

	/* kv_lora_rank 512 + qk_rope_head_dim 64 = 576 values * 2 B
	 * = 1,152 B per layer per token (doc/planning-model.md section 5) */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_MLA, &tp1), 1152, 0);
	/* the latent is shared by all heads: not divided by TP */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_MLA, &tp8), 1152, 0);
	ck_assert_u64(kv_heads_per_gpu(m, 8), 1);
	/* 61 layers * 1,152 B = 70,272 B per token, at any TP */
	ck_assert_u64(seq_bytes(m, 1, &tp1), 70272);
	ck_assert_u64(seq_bytes(m, 1, &tp8), 70272);
	/* 8K: 61 * 8,192 * 1,152 = 575,668,224 */
	ck_assert_u64(seq_bytes(m, 8192, &tp8), 575668224ull);
}
END_TEST

START_TEST(test_kv_heads_per_gpu)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy tp8 = policy(KV_BF16, 8, false, 0, 1);
	struct kv_policy tp16 = policy(KV_BF16, 16, false, 0, 1);

	/* Hkv / TP while TP <= Hkv (8); beyond that one full head per GPU,
	 * replicated (doc/planning-model.md section 4) */
	ck_assert_u64(kv_heads_per_gpu(m, 1), 8);
	ck_assert_u64(kv_heads_per_gpu(m, 2), 4);
	ck_assert_u64(kv_heads_per_gpu(m, 4), 2);
	ck_assert_u64(kv_heads_per_gpu(m, 8), 1);
	ck_assert_u64(kv_heads_per_gpu(m, 16), 1);
	/* so KV per GPU stops shrinking: 2 * 1 * 128 * 2 = 512 B at TP 8
	 * and at TP 16 */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_FULL, &tp8), 512, 0);
	ck_assert_near(kv_layer_token_bytes(m, ATTN_FULL, &tp16), 512, 0);
}
END_TEST

START_TEST(test_block_rounding)
{
	const struct model *m = tu_model("llama-4-scout");
	struct kv_policy paged = policy(KV_BF16, 1, false, 0, 16);
	struct kv_policy flat = policy(KV_BF16, 1, false, 0, 1);

	/* vLLM pages of 16 tokens (section 5): 17 tokens take 2 pages
	 * = 32 tokens: 48 * 32 * 4,096 = 6,291,456 B */
	ck_assert_u64(seq_bytes(m, 17, &paged), 6291456ull);
	/* unpaged: 48 * 17 * 4,096 = 3,342,336 */
	ck_assert_u64(seq_bytes(m, 17, &flat), 3342336ull);
	/* exactly one page: 48 * 16 * 4,096 = 3,145,728 */
	ck_assert_u64(seq_bytes(m, 16, &paged), 3145728ull);
	/* a zero block counts as 1 (no paging) */
	paged.block = 0;
	ck_assert_u64(seq_bytes(m, 17, &paged), 3342336ull);
}
END_TEST

START_TEST(test_gpt_oss_128k)
{
	const struct model *m = tu_model("gpt-oss-120b");
	const struct model *m20 = tu_model("gpt-oss-20b");
	struct kv_policy naive = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy hybrid = policy(KV_BF16, 1, true, 0, 1);

	/* 2 * 8 * 64 * 2 B = 2,048 B per layer per token (section 5) */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_FULL, &naive), 2048, 0);
	/* 120b naive: 36 * 131,072 * 2,048 = 9,663,676,416 = 9.66 GB */
	ck_assert_rel(seq_bytes(m, 131072, &naive) / 1e9, 9.66, 0.01);
	/* 120b layout: 18 * 131,072 * 2,048 + 18 * 128 * 2,048
	 * = 4,831,838,208 + 4,718,592 = 4,836,556,800 = 4.84 GB */
	ck_assert_rel(seq_bytes(m, 131072, &hybrid) / 1e9, 4.84, 0.01);
	ck_assert_u64(seq_bytes(m, 131072, &hybrid), 4836556800ull);
	/* 20b: 24 layers -> 6.44 GB vs 12 * 131,072 * 2,048 + 12 * 128
	 * * 2,048 = 3.22 GB (doc/planning-model.md section 5) */
	ck_assert_rel(seq_bytes(m20, 131072, &naive) / 1e9, 6.44, 0.01);
	ck_assert_rel(seq_bytes(m20, 131072, &hybrid) / 1e9, 3.22, 0.01);
}
END_TEST

START_TEST(test_gemma3_128k)
{
	const struct model *m = tu_model("gemma-3-27b");
	struct kv_policy naive = policy(KV_BF16, 1, false, 0, 1);
	struct kv_policy hybrid = policy(KV_BF16, 1, true, 0, 1);

	/* 2 * 16 * 128 * 2 B = 8,192 B per layer per token */
	ck_assert_near(kv_layer_token_bytes(m, ATTN_SLIDING, &naive), 8192, 0);
	/* naive 62 * 131,072 * 8,192 = 66,571,993,088 = 66.57 GB;
	 * layout 10 * 131,072 * 8,192 + 52 * 1,024 * 8,192
	 * = 10,737,418,240 + 436,207,616 = 11,173,625,856 = 11.17 GB
	 * (doc/planning-model.md section 5) */
	ck_assert_rel(seq_bytes(m, 131072, &naive) / 1e9, 66.57, 0.01);
	ck_assert_rel(seq_bytes(m, 131072, &hybrid) / 1e9, 11.17, 0.01);
	ck_assert_u64(seq_bytes(m, 131072, &hybrid), 11173625856ull);
}
END_TEST

START_TEST(test_dense_128k)
{
	struct kv_policy p = policy(KV_BF16, 1, true, 0, 1);

	/* doc/planning-model.md section 5, full attention, 128K:
	 * 8B   32 * 131,072 * 4,096 = 17.18 GB
	 * 70B  80 * 131,072 * 4,096 = 42.95 GB
	 * 405B 126 * 131,072 * 4,096 = 67.65 GB
	 * Qwen3-30B 48 * 131,072 * 2,048 (2 * 4 * 128 * 2) = 12.88 GB */
	ck_assert_rel(seq_bytes(tu_model("llama-3.1-8b"), 131072, &p) / 1e9, 17.18, 0.01);
	ck_assert_rel(seq_bytes(tu_model("llama-3.1-70b"), 131072, &p) / 1e9, 42.95, 0.01);
	ck_assert_rel(seq_bytes(tu_model("llama-3.1-405b"), 131072, &p) / 1e9, 67.65, 0.01);
	ck_assert_rel(seq_bytes(tu_model("qwen3-30b-a3b"), 131072, &p) / 1e9, 12.88, 0.01);
}
END_TEST

START_TEST(test_mistral_sliding)
{
	const struct model *m = tu_model("mistral-7b");
	struct kv_policy hybrid = policy(KV_BF16, 1, true, 0, 1);

	/* v0.1 slides 4,096 on all 32 layers: at 32K a sequence keeps
	 * 32 * 4,096 * 4,096 = 536,870,912 B (0.5 GiB) */
	ck_assert_u64(seq_bytes(m, 32768, &hybrid), 536870912ull);
}
END_TEST

START_TEST(test_count_kinds_range)
{
	const struct model *m = tu_model("llama-4-scout");
	uint32_t n[ATTN_KIND_COUNT];

	/* layers [0, 24): globals at idx 3, 7, 11, 15, 19, 23 = 6 full,
	 * 18 chunked */
	kv_count_kinds(m, 0, 24, n);
	ck_assert_uint_eq(n[ATTN_FULL], 6);
	ck_assert_uint_eq(n[ATTN_CHUNKED], 18);
	/* [24, 48): idx 27, ..., 47 = 6 full, 18 chunked */
	kv_count_kinds(m, 24, 48, n);
	ck_assert_uint_eq(n[ATTN_FULL], 6);
	ck_assert_uint_eq(n[ATTN_CHUNKED], 18);
	/* a range past the last layer stops at it */
	kv_count_kinds(m, 40, 100, n);
	ck_assert_uint_eq(n[ATTN_FULL] + n[ATTN_CHUNKED], 8);
}
END_TEST

START_TEST(test_linear_layers)
{
	struct model m = *tu_model("llama-3.1-8b");
	struct kv_policy p = policy(KV_BF16, 1, true, 0, 1);
	uint32_t n[ATTN_KIND_COUNT];

	/* A recurrent layer keeps a fixed state per sequence, no per-token
	 * KV (doc/planning-model.md sections 2 and 5). Make layers 0..23
	 * linear with a 1 MiB state:
	 * 8 full * 1,000 * 4,096 + 24 * 1,048,576
	 * = 32,768,000 + 25,165,824 = 57,933,824 */
	for (int i = 0; i < 24; i++)
		m.attn[i] = ATTN_LINEAR;
	m.linear_state_bytes = 1048576;
	ck_assert_near(kv_layer_token_bytes(&m, ATTN_LINEAR, &p), 0, 0);
	ck_assert_u64(kv_layer_tokens(&m, ATTN_LINEAR, 1000, &p), 0);
	kv_count_kinds(&m, 0, m.layers, n);
	ck_assert_uint_eq(n[ATTN_LINEAR], 24);
	ck_assert_u64(kv_seq_bytes(&m, n, 1000, &p), 57933824ull);
}
END_TEST

/* The plan reports the per-GPU KV of its layout. */
START_TEST(test_plan_kv_default)
{
	struct scenario s;
	struct plan p;

	/* Defaults: Scout, BF16, 8K, 4 x H100 at TP 4, vLLM (16-token pages,
	 * hybrid on, window + 8,192 batched tokens). 2 KV heads per GPU:
	 * 2 * 2 * 128 * 2 B = 1,024 B per layer per token; 8,192 < 16,384
	 * so every layer keeps all 8,192 tokens (already page-aligned):
	 * 48 * 8,192 * 1,024 = 402,653,184 B = 1.5 GiB / 4 */
	tu_plan(&p, &s, NULL);
	ck_assert_u64(p.mem.kv_heads_per_gpu, 2);
	ck_assert_u64(p.mem.kv_per_token_layer, 4096);	/* all heads, TP 1 */
	ck_assert_u64(p.mem.kv_per_seq, 402653184ull);
	ck_assert_u64(p.mem.kv_per_seq_naive, 402653184ull);
	ck_assert_u64(p.mem.kv_cache, 16ull * 402653184ull);
	ck_assert(p.mem.hybrid_used);
}
END_TEST

START_TEST(test_plan_tp16_kv)
{
	struct scenario s;
	struct plan p;

	/* TP 16 > Hkv 8: one KV head per GPU as at TP 8, and a warning;
	 * 16 GPUs also exceed the H100 node of 8 (gpus.json). */
	tu_plan(&p, &s, TU_OPTS("tp", "16"));
	ck_assert_u64(p.mem.kv_heads_per_gpu, 1);
	/* 48 * 8,192 * 512 = 201,326,592 B, the TP 8 figure */
	ck_assert_u64(p.mem.kv_per_seq, 201326592ull);
	ck_assert_ptr_nonnull(tu_warning(&p, W_TP_BEYOND_KV_HEADS));
	ck_assert_ptr_nonnull(tu_warning(&p, W_TP_BEYOND_NODE));

	tu_plan(&p, &s, TU_OPTS("tp", "8"));
	ck_assert_u64(p.mem.kv_per_seq, 201326592ull);
	ck_assert_ptr_null(tu_warning(&p, W_TP_BEYOND_KV_HEADS));
	ck_assert_ptr_null(tu_warning(&p, W_TP_BEYOND_NODE));
}
END_TEST

START_TEST(test_plan_hybrid_off)
{
	struct scenario s;
	struct plan p;

	/* Scout at 1M, TP 4, hybrid off: every layer keeps 1,048,576
	 * tokens: 48 * 1,048,576 * 1,024 = 51,539,607,552 per GPU, and the
	 * plan says what hybrid KV would save (doc/planning-model.md
	 * section 5: both figures are shown). */
	tu_plan(&p, &s, TU_OPTS("context", "1m", "hybrid-kv", "off", "batch", "1"));
	ck_assert_u64(p.mem.kv_per_seq, 51539607552ull);
	ck_assert(!p.mem.hybrid_used);
	ck_assert_ptr_nonnull(tu_warning(&p, W_HYBRID_KV_OFF));
}
END_TEST

static Suite *
kvcache_suite(void)
{
	Suite *s = suite_create("kvcache");
	TCase *tc = tcase_create("core");
	TCase *plan = tcase_create("plan");

	tcase_add_test(tc, test_scout_layer_token_bytes);
	tcase_add_test(tc, test_scout_8k_naive);
	tcase_add_test(tc, test_scout_1m_naive_vs_hybrid);
	tcase_add_test(tc, test_scout_128k_ground_truth);
	tcase_add_test(tc, test_extra_window_tokens);
	tcase_add_test(tc, test_deepseek_mla);
	tcase_add_test(tc, test_kv_heads_per_gpu);
	tcase_add_test(tc, test_block_rounding);
	tcase_add_test(tc, test_gpt_oss_128k);
	tcase_add_test(tc, test_gemma3_128k);
	tcase_add_test(tc, test_dense_128k);
	tcase_add_test(tc, test_mistral_sliding);
	tcase_add_test(tc, test_count_kinds_range);
	tcase_add_test(tc, test_linear_layers);
	suite_add_tcase(s, tc);

	tcase_add_test(plan, test_plan_kv_default);
	tcase_add_test(plan, test_plan_tp16_kv);
	tcase_add_test(plan, test_plan_hybrid_off);
	suite_add_tcase(s, plan);
	return s;
}

int
main(void)
{
	return tu_run(kvcache_suite());
}
