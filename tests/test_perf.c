/* test_perf.c - the decode/prefill roofline (doc/planning-model.md
 * section 7).
 *
 * Inputs (gpus.json, dense figures): H100 SXM 3.35 TB/s, BF16 989
 * TFLOPS, FP8 1979, NVLink 900 GB/s bidirectional = 450 GB/s one way.
 * Scenario defaults written out where a derivation depends on them:
 * prompt 2,048, output 512 (mid-decode length 2,048 + 512/2 = 2,304),
 * eta_bw 0.80, eta_compute 0.70 of the measured matmul ceiling: H100
 * SXM MAMF BF16 794.5 TFLOPS (gpus.json, from stas00/ml-engineering's
 * MAMF table), so BF16 runs at 0.70 * 794.5 / 989 = 0.562336 of spec.
 * A step runs the weight GEMMs, then the attention, each on its own
 * roofline: max(weights / bw, GEMM FLOPs / F) + max(KV / bw, attention
 * FLOPs / F). */
#include "testutil.h"
#include "perf.h"

/* Scout per GPU at TP 4 (test_memory.c): non-expert parameters that a
 * decode step reads - attention 754,974,720 + shared 1,509,949,440 +
 * lm_head 258,621,440 + norms 496,640 + routers 3,932,160
 * = 2,527,974,400 (the input embedding is gathered, not streamed);
 * routed experts 24,159,191,040 (16 per layer). */
#define SCOUT_NONEXPERT 2527974400.0
#define SCOUT_EXPERTS 24159191040.0

START_TEST(test_experts_touched)
{
	/* E * (1 - (1 - k/E)^B) (doc/planning-model.md section 7) */
	/* Scout E 16, k 1: B 1 -> 16 * (1 - 15/16) = 1 */
	ck_assert_near(perf_experts_touched(16, 1, 1), 1.0, 1e-12);
	/* B 16: (15/16)^16 = 0.356074; 16 * 0.643926 = 10.303 */
	ck_assert_rel(perf_experts_touched(16, 1, 16), 10.30, 0.001);
	/* B 64: (15/16)^64 = 0.016075; 16 * 0.983925 = 15.743 */
	ck_assert_rel(perf_experts_touched(16, 1, 64), 15.74, 0.001);
	/* Maverick E 128, k 1, B 16: (127/128)^16 = 0.882076;
	 * 128 * 0.117924 = 15.095 */
	ck_assert_rel(perf_experts_touched(128, 1, 16), 15.1, 0.001);
	/* Mixtral E 8, k 2, B 1: 8 * (1 - 6/8) = 2 = k */
	ck_assert_near(perf_experts_touched(8, 2, 1), 2.0, 1e-12);
	/* dense: 0; k >= E: every expert */
	ck_assert_near(perf_experts_touched(0, 0, 16), 0, 0);
	ck_assert_near(perf_experts_touched(16, 16, 1), 16, 0);
}
END_TEST

START_TEST(test_compute_dtype)
{
	/* FP8 compute needs Hopper or newer (section 7): A100 has no
	 * FP8 (gpus.json fp8 0) -> BF16; H100 FP8 1979 -> FP8. */
	ck_assert_int_eq(perf_compute_dtype(WF_FP8, tu_gpu("a100-80gb")), CD_BF16);
	ck_assert_int_eq(perf_compute_dtype(WF_FP8, tu_gpu("h100-sxm")), CD_FP8);
	ck_assert_int_eq(perf_compute_dtype(WF_BF16, tu_gpu("h100-sxm")), CD_BF16);
	/* NVFP4 runs FP4 on B200 (9000) but not on H100 (0) */
	ck_assert_int_eq(perf_compute_dtype(WF_NVFP4, tu_gpu("b200")), CD_FP4);
	ck_assert_int_eq(perf_compute_dtype(WF_NVFP4, tu_gpu("h100-sxm")), CD_BF16);
	/* T4 has no BF16 (gpus.json 0) but FP16 65: fall back to FP16 */
	ck_assert_int_eq(perf_compute_dtype(WF_BF16, tu_gpu("t4")), CD_FP16);
}
END_TEST

START_TEST(test_no_fp8_warning)
{
	struct scenario s;
	struct plan p;

	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1",
				"gpu", "a100-80gb", "weights", "fp8"));
	ck_assert_int_eq(p.decode.compute, CD_BF16);
	ck_assert_ptr_nonnull(tu_warning(&p, W_NO_FP8));

	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1",
				"gpu", "h100-sxm", "weights", "fp8"));
	ck_assert_int_eq(p.decode.compute, CD_FP8);
	ck_assert_ptr_null(tu_warning(&p, W_NO_FP8));
}
END_TEST

START_TEST(test_dense_decode_by_hand)
{
	struct scenario s;
	struct plan p;
	const struct plan_decode *d = &p.decode;

	/* Llama-3.1-8B BF16, 1 x H100, batch 1.
	 * weights read: all but the input embedding,
	 *   8,030,261,248 - 525,336,576 = 7,504,924,672 * 2 B
	 *   = 15,009,849,344
	 * KV read at 2,304 tokens: 32 * 2,304 * 4,096 = 301,989,888
	 * T_mem = 15,311,839,232 / 3.35e12 = 4.5707 ms
	 * FLOPs = 2 * 7,504,924,672 + 4 * 32 heads * 128 * 2,304 keys * 32
	 *   layers = 15,009,849,344 + 1,207,959,552 = 16,217,808,896
	 * T_compute = 16,217,808,896 / 989e12 = 0.0164 ms: memory bound
	 * bound (eta 1) 4.5707 ms; expected 4.5707 / 0.80 = 5.7134 ms
	 * tokens/s = 1 / 5.7134 ms = 175.03 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_u64(d->seq_len, 2304);
	ck_assert_u64(d->weight_bytes_per_step, 15009849344ull);
	ck_assert_u64(d->kv_bytes_per_step, 301989888ull);
	ck_assert_rel(d->flops_per_step, 16217808896.0, 1e-9);
	ck_assert_rel(d->t_mem_ms, 4.5707, 0.0001);
	ck_assert_rel(d->t_compute_ms, 0.016398, 0.001);
	ck_assert_near(d->t_comm_ms, 0, 0);		/* TP 1 */
	ck_assert(d->memory_bound);
	ck_assert_rel(d->step_bound_ms, 4.5707, 0.0001);
	ck_assert_rel(d->step_ms, 5.7134, 0.0001);
	ck_assert_rel(d->tpot_ms, 5.7134, 0.0001);
	ck_assert_rel(d->tokens_per_s, 175.03, 0.0001);
	ck_assert_rel(d->per_user_tokens_per_s, 175.03, 0.0001);
	ck_assert_near(d->experts_touched, 0, 0);	/* dense */
	ck_assert_near(d->experts_total, 0, 0);
}
END_TEST

START_TEST(test_dense_prefill_by_hand)
{
	struct scenario s;
	struct plan p;

	/* Llama-3.1-8B, one prompt of 2,048 tokens (section 7:
	 * 2 * active * prompt + attention, quadratic). Engines compute
	 * logits for the last prompt position only (vLLM's sampler takes
	 * the last token's hidden state), so the head counts once:
	 * active without the head 7,504,924,672 - 128,256 * 4,096
	 *   = 6,979,588,096; 2 * 6,979,588,096 * 2,048 = 28,588,392,841,216
	 * head 2 * 525,336,576 = 1,050,673,152
	 * attention 4 * 32 * 128 * (2,048 * 2,049 / 2) * 32 layers
	 *   = 16,384 * 2,098,176 * 32 = 1,100,048,498,688
	 * FLOPs 29,689,492,013,056. GEMMs 28,589,443,514,368 / 989e12 =
	 * 28.9074 ms against the weights' 15,009,849,344 B / 3.35e12 =
	 * 4.48 ms: compute bound. Attention (no KV read in prefill)
	 * 1,100,048,498,688 / 989e12 = 1.1123 ms. Bound 30.0197 ms;
	 * expected 30.0197 / 0.562336 = 53.384 ms */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_rel(p.prefill.flops, 29689492013056.0, 1e-9);
	ck_assert_rel(p.prefill.ttft_bound_ms, 30.0197, 0.0001);
	ck_assert_rel(p.prefill.ttft_ms, 53.384, 0.0001);
	/* prompt tokens/s = 2,048 / 53.384 ms = 38,364 */
	ck_assert_rel(p.prefill.tokens_per_s, 2048 / 0.053384, 0.0001);
	/* end-to-end = TTFT + 512 * TPOT. Sustained, a batch of B pays B
	 * prefills and 512 steps: at B = 1 one request takes its prefill
	 * plus 512 steps, 53.384 ms + 512 * 5.7134 ms = 2.97865 s, so
	 * 0.335723 requests/s and 171.89 output tokens/s */
	ck_assert_rel(p.e2e_ms, p.prefill.ttft_ms + 512 * p.decode.tpot_ms, 1e-12);
	ck_assert_rel(p.requests_per_s, 1e3 / (p.prefill.ttft_ms + 512 * p.decode.tpot_ms), 1e-12);
	ck_assert_rel(p.requests_per_s, 0.335723, 0.0001);
	ck_assert_rel(p.sustained_tokens_per_s, 171.89, 0.0001);
}
END_TEST

/* Measured matmul ceilings (gpus.json mamf_tflops, stas00/ml-engineering
 * MAMF table): a dtype never measured takes the FP8, then BF16 ratio of
 * the same GPU; a GPU never measured, GPU_MAMF_TYPICAL. */
START_TEST(test_matmul_efficiency)
{
	enum mamf_basis basis;

	/* H100 SXM FP8 1402.6 of 1979 */
	ck_assert_rel(gpu_matmul_efficiency(tu_gpu("h100-sxm"), CD_FP8, &basis),
		      1402.6 / 1979, 1e-12);
	ck_assert_int_eq(basis, MAMF_MEASURED);
	/* B200 FP4 was not measured: FP8's 3432.5 / 4500 = 0.76278 */
	ck_assert_rel(gpu_matmul_efficiency(tu_gpu("b200"), CD_FP4, &basis),
		      3432.5 / 4500, 1e-12);
	ck_assert_int_eq(basis, MAMF_OTHER_DTYPE);
	/* MI300X has BF16 only: 668.4 / 1307.4 = 0.51124 for FP8 too */
	ck_assert_rel(gpu_matmul_efficiency(tu_gpu("mi300x"), CD_FP8, &basis),
		      668.4 / 1307.4, 1e-12);
	ck_assert_int_eq(basis, MAMF_OTHER_DTYPE);
	/* RTX 4090: not in the table */
	ck_assert_rel(gpu_matmul_efficiency(tu_gpu("rtx-4090"), CD_BF16, &basis),
		      GPU_MAMF_TYPICAL, 1e-12);
	ck_assert_int_eq(basis, MAMF_TYPICAL);
}
END_TEST

START_TEST(test_attention_dtype)
{
	struct scenario s;
	struct plan p;

	/* FP8 KV with FP8 or FP4 GEMMs: FP8 attention; never FP4 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "gpu", "b200",
				"weights", "nvfp4", "kv-dtype", "fp8"));
	ck_assert_int_eq(p.decode.compute, CD_FP4);
	ck_assert_int_eq(p.decode.attn_compute, CD_FP8);
	/* 16-bit KV: 16-bit attention whatever the weights */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "gpu", "b200",
				"weights", "nvfp4"));
	ck_assert_int_eq(p.decode.attn_compute, CD_BF16);
	/* expected efficiency: 0.70 of B200's measured ceilings; FP4 on
	 * FP8's ratio 3432.5 / 4500, BF16 attention on 1745.0 / 2250 */
	ck_assert_rel(p.decode.eta_gemm, 0.70 * 3432.5 / 4500, 1e-12);
	ck_assert_rel(p.decode.eta_attn, 0.70 * 1745.0 / 2250, 1e-12);
	ck_assert_int_eq(p.decode.mamf, MAMF_OTHER_DTYPE);
}
END_TEST

/* At a large batch the GEMMs are compute bound while the attention
 * streams the KV: the two kernels run one after the other, so their
 * times add; one roofline over the whole step would overlap them. */
START_TEST(test_kernels_in_sequence_by_hand)
{
	struct scenario s;
	struct plan p;
	const struct plan_decode *d = &p.decode;

	/* Llama-3.1-8B BF16, 1 x H100, batch 512, prompt 128 + output 128:
	 * mid-decode length 128 + 64 = 192.
	 * GEMMs: weights 15,009,849,344 B / 3.35e12 = 4.4806 ms (/0.80 =
	 *   5.6007); FLOPs 2 * 7,504,924,672 * 512 = 7,685,042,864,128 /
	 *   989e12 = 7.7705 ms (/0.562336 = 13.8183): compute bound
	 * attention: KV 32 layers * 192 * 4,096 B * 512 = 12,884,901,888 B
	 *   / 3.35e12 = 3.8462 ms (/0.80 = 4.8078); FLOPs 4 * 32 * 128 *
	 *   192 * 32 * 512 = 51,539,607,552 / 989e12 = 0.0521 ms: memory
	 * expected 13.8183 + 4.8078 = 18.6261 ms, 512 / 18.6261 ms =
	 * 27,488 tokens/s; bound 7.7705 + 3.8462 = 11.6168 ms. One roofline
	 * would have said max(10.408, 13.911) = 13.911 ms. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "512",
				"prompt-tokens", "128", "output-tokens", "128"));
	ck_assert_u64(d->seq_len, 192);
	ck_assert_u64(d->kv_bytes_per_step, 12884901888ull);
	ck_assert_rel(d->step_ms, 18.6261, 0.0001);
	ck_assert_rel(d->step_bound_ms, 11.6168, 0.0001);
	ck_assert_rel(d->tokens_per_s, 27488, 0.0001);
	ck_assert(!d->memory_bound);
}
END_TEST

START_TEST(test_scout_decode_bytes)
{
	struct scenario s;
	struct plan p;
	double touched = 16 * (1 - pow(15.0 / 16, 16));	/* 10.3028 */

	/* Defaults: Scout BF16, batch 16, 4 x H100 TP 4. Per GPU:
	 * (2,527,974,400 + 24,159,191,040 * 10.3028 / 16) * 2 B
	 * = (2,527,974,400 + 15,556,728,098) * 2 = 36,169,404,996 B
	 * x 4 GPUs = 144.68 GB: "a batch-16 decode step reads ~145 GB of
	 * BF16 weights" (doc/planning-model.md section 7) */
	tu_plan(&p, &s, NULL);
	ck_assert_rel(p.decode.experts_touched, touched, 1e-9);
	ck_assert_near(p.decode.experts_total, 16, 0);
	ck_assert_rel(p.decode.weight_bytes_per_step,
		      (SCOUT_NONEXPERT + SCOUT_EXPERTS * touched / 16) * 2, 1e-9);
	ck_assert_rel(p.decode.weight_bytes_per_step * 4.0, 145e9, 0.01);
}
END_TEST

START_TEST(test_scout_decode_batch1)
{
	struct scenario s;
	struct plan p;

	/* Batch 1 touches 1 expert: per GPU (2,527,974,400 + 24,159,191,040
	 * / 16) * 2 B = 8,075,847,680; x 4 = 32,303,390,720 B = 32.3 GB.
	 * That is 2 B x the active parameters without the input embedding
	 * (16,138,408,960 * 2 = 32,276,817,920) plus the norms and routers
	 * each GPU reads again (3 * 4,428,800 * 2 B = 26,572,800).
	 * The quoted "34 GB of 17B active" counts the 2.07 GB input
	 * embedding table too, which decode only gathers B rows of: within
	 * 7% of 17.17e9 * 2 B = 34.35 GB. */
	tu_plan(&p, &s, TU_OPTS("batch", "1"));
	ck_assert_near(p.decode.experts_touched, 1.0, 1e-12);
	ck_assert_rel(p.decode.weight_bytes_per_step * 4.0, 32303390720.0, 1e-9);
	ck_assert_rel(p.decode.weight_bytes_per_step * 4.0, 34.35e9, 0.07);
	/* batch 16 reads 4.5x what batch 1 does: the crossover */
	tu_plan(&p, &s, NULL);
	ck_assert(p.decode.weight_bytes_per_step * 4.0 > 4 * 32303390720.0);
}
END_TEST

START_TEST(test_scout_step_by_hand)
{
	struct scenario s;
	struct plan p;
	const struct plan_decode *d = &p.decode;

	/* Defaults + comm latency 10 us (written out). Per GPU:
	 * weights 36,169,404,996 B (test_scout_decode_bytes)
	 * KV: 16 sequences * 48 layers * 2,304 tokens * 1,024 B
	 *   = 1,811,939,328 B (chunked layers keep all 2,304 < 8,192)
	 * T_mem = 37,981,344,324 / 3.35e12 = 11.3377 ms
	 * T_comm: 2 all-reduces * 48 layers, each of 16 * 5,120 * 2 B
	 *   = 163,840 B; ring 2 * 3/4 * 163,840 = 245,760 B over 450 GB/s
	 *   = 0.546 us + 10 us = 10.546 us; * 96 = 1.01243 ms
	 * T_compute: (2 * (2,527,974,400 + 24,159,191,040/16) * 16
	 *   + 4 * 10 heads * 128 * 2,304 * 48 * 16) / 989e12 = 0.1398 ms
	 * bound 11.3377 + 1.0124 = 12.3501 ms
	 * expected 11.3377 / 0.80 + 1.0124 = 15.1846 ms
	 * tokens/s 16 / 15.1846 ms = 1,053.70 (one replica) */
	tu_plan(&p, &s, TU_OPTS("comm-latency-us", "10"));
	ck_assert_u64(d->kv_bytes_per_step, 1811939328ull);
	ck_assert_rel(d->t_mem_ms, 11.3377, 0.0001);
	ck_assert_rel(d->t_comm_ms, 1.012429, 0.0001);
	ck_assert_rel(d->t_compute_ms, 0.13981, 0.001);
	ck_assert_rel(d->step_bound_ms, 12.3501, 0.0001);
	ck_assert_rel(d->step_ms, 15.1846, 0.0001);
	ck_assert_rel(d->tokens_per_s, 1053.70, 0.0001);
	ck_assert(d->memory_bound);
}
END_TEST

START_TEST(test_scout_prefill_by_hand)
{
	struct scenario s;
	struct plan p;

	/* Defaults + comm latency 10 us: one prompt of 2,048 tokens, per
	 * GPU at TP 4. Active without the head: 2,527,974,400 - 258,621,440
	 * + 24,159,191,040 / 16 = 3,779,302,400.
	 * GEMMs 2 * 3,779,302,400 * 2,048 + 2 * 258,621,440 (head, last
	 *   token) = 15,480,539,873,280 / 989e12 = 15.6527 ms (/0.562336 =
	 *   27.8352); weights: 2,048 tokens touch all 16 experts,
	 *   53,374,330,880 B / 3.35e12 = 15.9326 ms (/0.80 = 19.9158):
	 *   compute bound
	 * attention: 48 layers, all causal at 2,048 < 8,192: 4 * 10 heads *
	 *   128 * 2,048 * 2,049 / 2 * 48 = 515,647,733,760 / 989e12 =
	 *   0.52138 ms (/0.562336 = 0.92718)
	 * comm: 96 all-reduces of 2,048 * 5,120 * 2 B; ring 1.5 *
	 *   20,971,520 B / 450 GB/s = 69.905 us + 10 us; * 96 = 7.6709 ms
	 * TTFT 27.8352 + 0.9272 + 7.6709 = 36.4333 ms; bound 15.9326 +
	 * 0.5214 + 7.6709 = 24.1249 ms */
	tu_plan(&p, &s, TU_OPTS("comm-latency-us", "10"));
	ck_assert_rel(p.prefill.ttft_ms, 36.4332, 0.0001);
	ck_assert_rel(p.prefill.ttft_bound_ms, 24.1249, 0.0001);
}
END_TEST

START_TEST(test_tokens_per_s_identities)
{
	struct scenario s;
	struct plan p;
	const struct plan_decode *d = &p.decode;

	/* 8 GPUs at TP 4: 2 replicas. tokens/s = B / t * replicas; per-user
	 * = 1 / t; TPOT = t (doc/planning-model.md section 7) */
	tu_plan(&p, &s, TU_OPTS("gpus", "8", "tp", "4"));
	ck_assert_u64(p.layout.replicas, 2);
	ck_assert_rel(d->tokens_per_s, 16.0 / (d->step_ms / 1e3) * 2, 1e-12);
	ck_assert_rel(d->tokens_per_s_bound, 16.0 / (d->step_bound_ms / 1e3) * 2, 1e-12);
	ck_assert_rel(d->per_user_tokens_per_s, 1.0 / (d->step_ms / 1e3), 1e-12);
	ck_assert_rel(d->tpot_ms, d->step_ms, 1e-12);
	/* the bound (eta = 1) is never slower than the expected value */
	ck_assert(d->tokens_per_s_bound >= d->tokens_per_s);
	ck_assert(d->step_bound_ms <= d->step_ms);
	ck_assert(p.prefill.ttft_bound_ms <= p.prefill.ttft_ms);
	/* twice the GPUs, twice the tokens of one replica */
	{
		struct plan one;

		tu_plan(&one, &s, NULL);
		ck_assert_rel(d->tokens_per_s, 2 * one.decode.tokens_per_s, 1e-12);
	}
}
END_TEST

START_TEST(test_moe_as_dense)
{
	struct scenario s;
	struct plan p;

	/* --moe off: every step reads all 16 experts (sections 7, 9) */
	tu_plan(&p, &s, TU_OPTS("moe", "off"));
	ck_assert_near(p.decode.experts_touched, 16, 0);
	ck_assert_ptr_nonnull(tu_warning(&p, W_MOE_AS_DENSE));
	ck_assert_rel(p.decode.weight_bytes_per_step,
		      (SCOUT_NONEXPERT + SCOUT_EXPERTS) * 2, 1e-9);
}
END_TEST

START_TEST(test_experts_saturated)
{
	struct scenario s;
	struct plan p;

	/* batch 64 touches 15.74 of 16 experts (>= 90%): warned */
	tu_plan(&p, &s, TU_OPTS("batch", "64"));
	ck_assert_rel(p.decode.experts_touched, 15.74, 0.001);
	ck_assert_ptr_nonnull(tu_warning(&p, W_EXPERTS_SATURATED));
	/* batch 16 touches 10.3: not */
	tu_plan(&p, &s, NULL);
	ck_assert_ptr_null(tu_warning(&p, W_EXPERTS_SATURATED));
}
END_TEST

START_TEST(test_unknown_flops)
{
	struct scenario s;
	struct plan p;

	/* A10G has no confirmed tensor throughput (gpus.json all 0): speed
	 * is a bandwidth bound, and the user is told. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "gpu", "a10g",
				"weights", "int4"));
	ck_assert_near(p.decode.t_compute_ms, 0, 0);
	ck_assert_ptr_nonnull(tu_warning(&p, W_UNKNOWN_FLOPS));
	ck_assert(p.decode.step_ms > 0);
}
END_TEST

static Suite *
perf_suite(void)
{
	Suite *s = suite_create("perf");
	TCase *tc = tcase_create("roofline");

	tcase_add_test(tc, test_experts_touched);
	tcase_add_test(tc, test_compute_dtype);
	tcase_add_test(tc, test_no_fp8_warning);
	tcase_add_test(tc, test_dense_decode_by_hand);
	tcase_add_test(tc, test_dense_prefill_by_hand);
	tcase_add_test(tc, test_matmul_efficiency);
	tcase_add_test(tc, test_attention_dtype);
	tcase_add_test(tc, test_kernels_in_sequence_by_hand);
	tcase_add_test(tc, test_scout_decode_bytes);
	tcase_add_test(tc, test_scout_decode_batch1);
	tcase_add_test(tc, test_scout_step_by_hand);
	tcase_add_test(tc, test_scout_prefill_by_hand);
	tcase_add_test(tc, test_tokens_per_s_identities);
	tcase_add_test(tc, test_moe_as_dense);
	tcase_add_test(tc, test_experts_saturated);
	tcase_add_test(tc, test_unknown_flops);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(perf_suite());
}
