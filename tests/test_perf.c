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
 * FLOPs / F), and the element-wise kernels between the GEMMs move their
 * bytes at eta_bw: per token and layer two residual adds with norms,
 * 2 x (2 x hidden + 2 x hidden) x 2 B, and the gated activation, (2 x
 * width + width) x 2 B (AIConfigurator's add_norm_1, add_norm_2 and
 * act_gate). Llama-3.1-8B: 32 x (2 x 8 x 4,096 + 6 x 14,336) =
 * 4,849,664 B a token; Scout at TP 4 (shared expert 8,192 / 4 wide):
 * 48 x (2 x 8 x 5,120 + 6 x 2,048) = 4,521,984 B a token. */
#include "testutil.h"
#include "hfimport.h"
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
	 * element-wise 4,849,664 B: bound (eta 1) 15,316,688,896 / 3.35e12
	 * = 4.572146 ms; expected 4.572146 / 0.80 = 5.715183 ms
	 * tokens/s = 1 / 5.715183 ms = 174.973 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_u64(d->seq_len, 2304);
	ck_assert_u64(d->weight_bytes_per_step, 15009849344ull);
	ck_assert_u64(d->kv_bytes_per_step, 301989888ull);
	ck_assert_rel(d->flops_per_step, 16217808896.0, 1e-9);
	ck_assert_rel(d->t_mem_ms, 4.5707, 0.0001);
	ck_assert_rel(d->t_compute_ms, 0.016398, 0.001);
	ck_assert_near(d->t_comm_ms, 0, 0);		/* TP 1 */
	ck_assert(d->memory_bound);
	ck_assert_rel(d->step_bound_ms, 4.572146, 0.0001);
	ck_assert_rel(d->step_ms, 5.715183, 0.0001);
	ck_assert_rel(d->tpot_ms, 5.715183, 0.0001);
	ck_assert_rel(d->elementwise_ms, 4849664 / 3.35e12 / 0.8 * 1e3, 1e-9);
	ck_assert_rel(d->tokens_per_s, 174.973, 0.0001);
	ck_assert_rel(d->per_user_tokens_per_s, 174.973, 0.0001);
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
	 * 1,100,048,498,688 / 989e12 = 1.1123 ms. Element-wise 2,048 x
	 * 4,849,664 = 9,932,111,872 B / 3.35e12 = 2.96481 ms (/0.80 =
	 * 3.70601). Bound 30.0197 + 2.9648 = 32.9845 ms; expected 30.0197 /
	 * 0.562336 + 3.70601 = 53.384 + 3.70601 = 57.0900 ms */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_rel(p.prefill.flops, 29689492013056.0, 1e-9);
	ck_assert_rel(p.prefill.ttft_bound_ms, 32.9845, 0.0001);
	ck_assert_rel(p.prefill.ttft_ms, 57.0900, 0.0001);
	/* prompt tokens/s = 2,048 / 57.0900 ms = 35,873 */
	ck_assert_rel(p.prefill.tokens_per_s, 2048 / 0.0570900, 0.0001);
	/* end-to-end = TTFT + 512 * TPOT */
	ck_assert_rel(p.e2e_ms, p.prefill.ttft_ms + 512 * p.decode.tpot_ms, 1e-12);
	/* Sustained (vLLM: the prompt rides in a decode step). At B = 1 a
	 * cycle is 512 steps, one of which carries the 2,048 prompt tokens
	 * with the decode token: 511 decode GEMM phases (weights
	 * 15,009,849,344 B / 3.35e12 / 0.8 = 5.60069 ms) + one of 2,049
	 * tokens, compute bound (2 x 6,979,588,096 x 2,049 + the head's
	 * 1,050,673,152 = 28,603,402,490,560 FLOPs / (989e12 x 0.562336) =
	 * 51.4311 ms) + 512 decode attention phases (KV 301,989,888 B /
	 * 3.35e12 / 0.8 = 0.112683 ms) + the prompt's attention once
	 * (1.1123 / 0.562336 = 1.97797 ms) = 2,973.055 ms, + the element-wise
	 * kernels of 511 + 2,049 tokens (2,560 x 4,849,664 B / 3.35e12 /
	 * 0.8 = 4.63251 ms) = 2,977.688 ms: 0.335831 requests/s, 171.946
	 * output tokens/s. (Alone, the prefill would read the weights a
	 * second time: 57.0900 + 512 x 5.715183 = 2,983.24 ms.) */
	ck_assert_rel(p.requests_per_s, 0.335831, 0.0001);
	ck_assert_rel(p.sustained_tokens_per_s, 171.946, 0.0001);
}
END_TEST

START_TEST(test_prefix_prefill_by_hand)
{
	struct scenario s;
	struct plan p;

	/* test_dense_prefill_by_hand's prompt with half of it in the
	 * prefix cache (doc/planning-model.md section 5, Prefix caching):
	 * 1,024 tokens cached, 1,024 computed, which attend to every key.
	 * GEMMs 2 * 6,979,588,096 * 1,024 + the head's 1,050,673,152 =
	 * 14,295,247,093,760; attention K(2,048) - K(1,024) keys, K(n) =
	 * n (n + 1) / 2: 2,098,176 - 524,800 = 1,573,376, * 16,384 * 32
	 * layers = 824,902,156,288 (3/4 of the whole prompt's: the newer
	 * half sees more keys). FLOPs 15,120,149,250,048.
	 * GEMMs 14.454244 ms (compute bound against 4.48 ms of weights),
	 * attention 0.834077 ms, element-wise 1,024 x 4,849,664 B /
	 * 3.35e12 = 1.482405 ms. Bound 16.770726 ms; expected
	 * 15.288321 / 0.562336 + 1.482405 / 0.80 = 29.040169 ms (57.0900
	 * uncached) */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1",
				"prefix-hit", "0.5"));
	ck_assert_u64(p.prefill.cached_tokens, 1024);
	ck_assert_rel(p.prefill.flops, 15120149250048.0, 1e-9);
	ck_assert_rel(p.prefill.ttft_bound_ms, 16.770726, 0.0001);
	ck_assert_rel(p.prefill.ttft_ms, 29.040169, 0.0001);
	/* decode does not change: the prefix is still read every step */
	ck_assert_u64(p.decode.kv_bytes_per_step, 301989888ull);
	/* a system prompt of 1,024 tokens hits the same */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1",
				"system-prompt-tokens", "1024"));
	ck_assert_u64(p.prefill.cached_tokens, 1024);
	ck_assert_rel(p.prefill.ttft_ms, 29.040169, 0.0001);
}
END_TEST

/* The measured fused-MoE kernel (gpus.json kernels.moe, H100 FP8
 * CUTLASS, balanced: t0 32.4 us, eta_m 0.787, eta_c 0.715, fitted to
 * AIConfigurator's moe_perf.parquet). Scout under TensorRT-LLM, FP8, 4 x
 * H100, batch 16. Each GPU holds 16 x 3 x 5,120 x 8,192 / 4 =
 * 503,316,480 expert parameters a layer at 1 B; 16 tokens touch
 * 1 - (15/16)^16 = 0.643926 of them: 324,098,502 B / (0.787 x 3.35e12)
 * = 122.930 us; 2 x 503,316,480 x 16 x 1 / 16 FLOPs / (0.715 x 1979e12)
 * = 0.711 us; 32.4 + 122.930 + 0.711 = 156.041 us a layer, x 48 layers
 * = 7.48998 ms. Skewed routing at 16 tokens, EP 1: x 0.731 (the
 * table's point) = 5.47518 ms. */
START_TEST(test_moe_kernel_by_hand)
{
	struct scenario s;
	struct plan p;

	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "weights", "fp8", "routing", "balanced"));
	ck_assert_ptr_nonnull(p.decode.moe_kernel);
	ck_assert_rel(p.decode.moe_kernel_ms, 7.48998, 0.0001);
	ck_assert_rel(p.decode.routing_skew, 1, 1e-12);
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "weights", "fp8"));
	ck_assert_rel(p.decode.moe_kernel_ms, 5.47518, 0.0001);
	ck_assert_rel(p.decode.routing_skew, 0.731, 1e-12);
	/* the kernel replaces the experts' roofline share: GEMMs = the
	 * rest's roofline + the kernel + the element-wise kernels, 16 x
	 * 4,521,984 B / 3.35e12 / 0.8 = 0.0269969 ms */
	ck_assert_rel(p.decode.elementwise_ms, 0.0269969, 0.0001);
	ck_assert_rel(p.decode.gemm_phase_ms,
		      fmax((p.decode.t_weights_ms - p.decode.t_expert_mem_ms) / 0.8,
			   (p.decode.t_gemm_ms - p.decode.t_expert_math_ms) / p.decode.eta_gemm) +
		      p.decode.moe_kernel_ms + p.decode.elementwise_ms, 1e-9);
	/* vLLM's Triton kernel was not measured: the roofline */
	tu_plan(&p, &s, TU_OPTS("weights", "fp8"));
	ck_assert_ptr_null(p.decode.moe_kernel);
	ck_assert_rel(p.decode.routing_skew + 1, 1, 1e-12);
	/* DeepSeek-V3 ships FP8 in 128 x 128 blocks (its config's
	 * quantization_config): planned in that format, its experts run
	 * the block-scaled kernel, not the per-tensor one */
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "model", "deepseek-v3", "gpus", "8", "tp", "8",
				"weights", "fp8"));
	ck_assert_ptr_nonnull(p.decode.moe_kernel);
	ck_assert_str_eq(p.decode.moe_kernel->format, "fp8_block");
	/* nor are there kernels for the A100 */
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "gpu", "a100-80gb"));
	ck_assert_ptr_null(p.decode.moe_kernel);
}
END_TEST

/* The measured dense GEMMs and all-reduce (gpus.json kernels.gemm and
 * kernels.allreduce; the test catalog's h100-sxm-k: bf16 t0 3.18 us,
 * eta_m 0.771, eta_c 0.744, tau_k 0.643 ns, AIConfigurator's
 * gemm_perf.parquet). Llama-3.1-8B under TensorRT-LLM, BF16, one GPU,
 * batch 1:
 * t = t0 + max((n k 2 + 2 (k + n)) / (0.771 x 3.35e12), 2 n k /
 * (0.744 x 989e12), k x 0.643 ns), the bytes term the largest in each:
 *   QKV  n 6,144 = (32 + 2 x 8) x 128, k 4,096: 50,352,128 B, 22.675 us
 *   O    n 4,096, k 4,096:                       33,570,816 B, 16.178 us
 *   gate-up n 28,672 = 2 x 14,336, k 4,096:     234,938,368 B, 94.144 us
 *   down n 4,096, k 14,336:                     117,477,376 B, 48.664 us
 * 181.660 us a layer x 32 + the head (n 128,256, k 4,096,
 * 1,050,937,856 B, 410.071 us) = 6.22319 ms.
 * All-reduce at TP 2, batch 16: 16 x 4,096 = 65,536 elements, halfway
 * in log between the curve's 4,096 (2.8 us) and 1,048,576 (9.41 us):
 * sqrt(2.8 x 9.41) = 5.13303 us, x 2 a layer x 32 = 0.328514 ms. */
START_TEST(test_gemm_kernel_by_hand)
{
	struct scenario s;
	struct plan p;

	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "gpu", "h100-sxm-k", "model", "llama-3.1-8b",
				"weights", "bf16", "batch", "1", "gpus", "1"));
	ck_assert_ptr_nonnull(p.decode.gemm_kernel);
	ck_assert_ptr_null(p.decode.allreduce);
	ck_assert_rel(p.decode.gemm_kernel_ms, 6.22319, 0.0001);
	/* a dense model: the measured GEMMs are the whole GEMM phase but
	 * the element-wise kernels' 4,849,664 B / 3.35e12 / 0.8 */
	ck_assert_rel(p.decode.gemm_phase_ms, 6.22319 + 0.00180957, 0.0001);
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "gpu", "h100-sxm-k", "model", "llama-3.1-8b",
				"weights", "bf16", "batch", "16", "tp", "2", "gpus", "2"));
	ck_assert_ptr_nonnull(p.decode.allreduce);
	ck_assert_rel(p.decode.t_comm_ms, 0.328514, 0.0001);
	/* the simple profile and llama.cpp keep the roofline; so does an
	 * FP8 plan here, the fit being bf16's alone */
	tu_plan(&p, &s, TU_OPTS("gpu", "h100-sxm-k", "model", "llama-3.1-8b", "engine", "simple"));
	ck_assert_ptr_null(p.decode.gemm_kernel);
	tu_plan(&p, &s, TU_OPTS("gpu", "h100-sxm-k", "model", "llama-3.1-8b", "engine", "trtllm",
				"weights", "fp8"));
	ck_assert_ptr_null(p.decode.gemm_kernel);
}
END_TEST

/* MLA decode on the measured small kernels (gpus.json kernels.ops; the
 * test catalog's h100-sxm-mla is h100-sxm-k with data/gpus.json's H100
 * ops, AIConfigurator's generation_mla_perf and mla_bmm_perf fits).
 * DeepSeek-V3 in BF16 under TensorRT-LLM, TP 8, batch 16, bf16 KV at the
 * mid-decode length 2,304: every one of its 61 layers is MLA, and each
 * GPU reads the whole latent, (512 + 64) x 2 = 1,152 B a token:
 *   attention  14.13 us + 16 x 2,304 x 1,152 B / (0.917 x 3.35e12)
 *              = 14.13 + 13.82424 = 27.95424 us, x 61 = 1.705208 ms,
 * the whole attention phase (no layer is left to the roofline).
 * kv_b is absorbed: per GPU 16 heads, W_UK 16 x 128 x 512 and W_UV
 * 16 x 512 x 128 at 2 B (2,097,152 B each) and 2 x 16 x 16 x 640 =
 * 327,680 B of activations each:
 *   pre   6.61 + 2,424,832 / (0.372 x 3.35e12) = 8.555781 us
 *   post  7.12 + 2,424,832 / (0.649 x 3.35e12) + 2 x 16 x 16 x 512 x 128
 *         / (0.071 x 989e12) = 7.12 + 1.115300 + 0.477855 = 8.713155 us
 * in place of kv_b as one GEMM (n 16 x 256 = 4,096, k 512): 3.18 +
 * (4,194,304 + 147,456) B / (0.771 x 3.35e12) = 4.860996 us; the
 * measured GEMMs gain 61 x (8.555781 + 8.713155 - 4.860996) us =
 * 0.756884 ms. */
START_TEST(test_mla_kernels_by_hand)
{
	struct scenario s;
	struct plan p, q;

	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "gpu", "h100-sxm-mla", "model", "deepseek-v3",
				"weights", "bf16", "kv-dtype", "bf16", "batch", "16", "tp", "8",
				"gpus", "8"));
	tu_plan(&q, &s, TU_OPTS("engine", "trtllm", "gpu", "h100-sxm-k", "model", "deepseek-v3",
				"weights", "bf16", "kv-dtype", "bf16", "batch", "16", "tp", "8",
				"gpus", "8"));
	ck_assert_ptr_nonnull(p.decode.mla_kernel);
	ck_assert_ptr_null(q.decode.mla_kernel);
	ck_assert_rel(p.decode.mla_kernel_ms, 1.705208, 0.0001);
	ck_assert_rel(p.decode.attn_phase_ms, 1.705208, 0.0001);
	ck_assert_rel(p.decode.gemm_kernel_ms - q.decode.gemm_kernel_ms, 0.756884, 0.001);
	/* FP8 KV takes the FP8 kernel; llama.cpp keeps the roofline */
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "gpu", "h100-sxm-mla", "model", "deepseek-v3",
				"weights", "bf16", "kv-dtype", "fp8", "batch", "16", "tp", "8",
				"gpus", "8"));
	ck_assert_rel(p.decode.mla_kernel->t0_us, 14.08, 1e-9);
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "gpu", "h100-sxm-mla", "model", "deepseek-v3",
				"weights", "bf16", "batch", "16", "tp", "8", "gpus", "8"));
	ck_assert_ptr_null(p.decode.mla_kernel);
	ck_assert_rel(p.decode.mla_kernel_ms + 1, 1, 1e-12);
}
END_TEST

/* Pipeline stages fed micro-batches (vLLM, as TensorRT-LLM and SGLang):
 * Llama-3.1-8B BF16 on 2 x H100, TP 1, PP 2, batch 2 = two micro-batches
 * of one sequence. The last stage is the slower: 16 layers of 218,112,000
 * parameters (attention 41,943,040 + MLP 176,160,768 + norms 8,192) +
 * the final norm 4,096 + the head 525,336,576 = 4,015,132,672 x 2 B =
 * 8,030,265,344 B of weights; KV 16 x 2,304 x 4,096 B = 150,994,944;
 * element-wise 16 x 151,552 = 2,424,832 B: 8,183,685,120 B / 3.35e12 /
 * 0.8 = 3.053614 ms. A round is 2 x 3.053614 = 6.107228 ms = TPOT, and
 * 2 / 6.107228 ms = 327.48 tokens/s. */
START_TEST(test_pp_microbatches_by_hand)
{
	struct scenario s;
	struct plan p;

	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpus", "2", "tp", "1", "pp", "2",
				"batch", "2"));
	ck_assert_rel(p.decode.pp_microbatch, 1, 1e-12);
	ck_assert_rel(p.decode.tpot_ms, 6.107228, 0.0001);
	ck_assert_rel(p.decode.tokens_per_s, 327.48, 0.0001);
	/* the simple profile passes one batch of 2 through both stages */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpus", "2", "tp", "1", "pp", "2",
				"batch", "2", "engine", "simple"));
	ck_assert_near(p.decode.pp_microbatch, 0, 0);
	ck_assert_rel(p.decode.tpot_ms, p.decode.gemm_phase_ms + p.decode.attn_phase_ms, 1e-9);
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
	 * element-wise: 512 x 4,849,664 = 2,483,027,968 B / 3.35e12 =
	 *   0.741202 ms (/0.80 = 0.926503)
	 * expected 13.8183 + 0.9265 + 4.8078 = 19.5526 ms, 512 / 19.5526 ms
	 * = 26,186 tokens/s; bound 7.7705 + 0.7412 + 3.8462 = 12.3580 ms.
	 * One roofline would have said max(10.408 + 0.741, 13.911) = 13.911
	 * ms. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "512",
				"prompt-tokens", "128", "output-tokens", "128"));
	ck_assert_u64(d->seq_len, 192);
	ck_assert_u64(d->kv_bytes_per_step, 12884901888ull);
	ck_assert_rel(d->step_ms, 19.5526, 0.0001);
	ck_assert_rel(d->step_bound_ms, 12.3580, 0.0001);
	ck_assert_rel(d->tokens_per_s, 26186, 0.0001);
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
	 * element-wise 16 * 4,521,984 = 72,351,744 B / 3.35e12 = 0.021598 ms
	 * bound 11.3377 + 0.0216 + 1.0124 = 12.3717 ms
	 * expected (11.3377 + 0.0216) / 0.80 + 1.0124 = 15.2116 ms
	 * tokens/s 16 / 15.2116 ms = 1,051.83 (one replica) */
	tu_plan(&p, &s, TU_OPTS("comm-latency-us", "10"));
	ck_assert_u64(d->kv_bytes_per_step, 1811939328ull);
	ck_assert_rel(d->t_mem_ms, 11.3377, 0.0001);
	ck_assert_rel(d->t_comm_ms, 1.012429, 0.0001);
	ck_assert_rel(d->t_compute_ms, 0.13981, 0.001);
	ck_assert_rel(d->step_bound_ms, 12.3717, 0.0001);
	ck_assert_rel(d->step_ms, 15.2116, 0.0001);
	ck_assert_rel(d->tokens_per_s, 1051.83, 0.0001);
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
	 * element-wise 2,048 * 4,521,984 = 9,261,023,232 B / 3.35e12 =
	 *   2.76448 ms (/0.80 = 3.45560)
	 * TTFT 27.8352 + 3.4556 + 0.9272 + 7.6709 = 39.8889 ms; bound
	 * 15.9326 + 2.7645 + 0.5214 + 7.6709 = 26.8894 ms */
	tu_plan(&p, &s, TU_OPTS("comm-latency-us", "10"));
	ck_assert_rel(p.prefill.ttft_ms, 39.8889, 0.0001);
	ck_assert_rel(p.prefill.ttft_bound_ms, 26.8894, 0.0001);
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

/* A Mamba2 layer reads and writes its fixed state once per sequence
 * and step; attention layers read their KV. Nemotron 3 Nano BF16, 1 x
 * H100, batch 1, at 2,304 tokens (tests/test_hfconfig.c works out the
 * layers: 6 attention of 1,024 B per token, 23 Mamba2 of 2,134,016 B):
 *   KV     6 x 2,304 x 1,024          =  14,155,776
 *   state  23 x 2 x 2,134,016         =  98,164,736
 *   per step                          = 112,320,512
 * and one sequence of the 8,192-token context holds
 *   6 x 8,192 x 1,024 + 23 x 2,134,016 = 50,331,648 + 49,082,368
 *   = 99,414,016 B. */
START_TEST(test_mamba_state_per_step)
{
	struct model m;
	struct scenario s;
	struct plan p;
	struct gp_error err;

	err.msg[0] = '\0';
	if (hfimport_load(GPUPLAN_TESTDATADIR "/hf/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16/config.json",
			  &m, NULL, &err) != 0)
		ck_abort_msg("%s", err.msg);
	tu_scenario(&s, TU_OPTS("tp", "1", "batch", "1", "gpu", "h100-sxm", "weights", "bf16"));
	ck_assert_int_eq(plan_compute(&s, &m, tu_gpu(s.gpu), &p, &err), 0);
	ck_assert_u64(p.decode.seq_len, 2304);
	ck_assert_u64(p.decode.kv_bytes_per_step, 112320512ull);
	ck_assert_u64(p.mem.kv_per_seq, 99414016ull);
}
END_TEST

/* DeepSeek sparse attention reads, per decoded token and layer, the
 * latent of the 2,048 tokens its indexer picks and the indexer's keys
 * of every token. DeepSeek-V3.2 (tests/test_hfconfig.c works out the
 * bytes), batch 1 at 2,304 tokens, TP 8, on every GPU:
 *   BF16  61 x (2,048 x 1,152 + 2,304 x 132) = 61 x 2,663,424
 *         = 162,468,864 B
 *   FP8   61 x (2,048 x 656 + 2,304 x 132)   = 61 x 1,647,616
 *         = 100,504,576 B
 * and one sequence of the 8,192-token context holds 61 x 8,192 x
 * 1,284 = 641,630,208 B in BF16. Dense MLA would read 61 x 2,304 x
 * 1,152 = 161,906,688 B: at this length the indexer costs more than
 * sparsity saves. */
START_TEST(test_sparse_attention_reads)
{
	struct model m;
	struct scenario s;
	struct plan p;
	struct gp_error err;

	err.msg[0] = '\0';
	if (hfimport_load(GPUPLAN_TESTDATADIR "/hf/DeepSeek-V3.2/config.json", &m, NULL, &err) != 0)
		ck_abort_msg("%s", err.msg);
	tu_scenario(&s, TU_OPTS("tp", "8", "batch", "1", "gpu", "h200", "weights", "fp8"));
	ck_assert_int_eq(plan_compute(&s, &m, tu_gpu(s.gpu), &p, &err), 0);
	ck_assert_u64(p.decode.seq_len, 2304);
	ck_assert_u64(p.decode.kv_bytes_per_step, 162468864ull);
	ck_assert_u64(p.mem.kv_per_seq, 641630208ull);
	tu_scenario(&s, TU_OPTS("tp", "8", "batch", "1", "gpu", "h200", "weights", "fp8",
				"kv-dtype", "fp8"));
	ck_assert_int_eq(plan_compute(&s, &m, tu_gpu(s.gpu), &p, &err), 0);
	ck_assert_u64(p.decode.kv_bytes_per_step, 100504576ull);
}
END_TEST

static Suite *
perf_suite(void)
{
	Suite *s = suite_create("perf");
	TCase *tc = tcase_create("roofline");

	tcase_add_test(tc, test_experts_touched);
	tcase_add_test(tc, test_mamba_state_per_step);
	tcase_add_test(tc, test_sparse_attention_reads);
	tcase_add_test(tc, test_compute_dtype);
	tcase_add_test(tc, test_no_fp8_warning);
	tcase_add_test(tc, test_dense_decode_by_hand);
	tcase_add_test(tc, test_dense_prefill_by_hand);
	tcase_add_test(tc, test_moe_kernel_by_hand);
	tcase_add_test(tc, test_matmul_efficiency);
	tcase_add_test(tc, test_attention_dtype);
	tcase_add_test(tc, test_kernels_in_sequence_by_hand);
	tcase_add_test(tc, test_gemm_kernel_by_hand);
	tcase_add_test(tc, test_mla_kernels_by_hand);
	tcase_add_test(tc, test_pp_microbatches_by_hand);
	tcase_add_test(tc, test_scout_decode_bytes);
	tcase_add_test(tc, test_scout_decode_batch1);
	tcase_add_test(tc, test_scout_step_by_hand);
	tcase_add_test(tc, test_scout_prefill_by_hand);
	tcase_add_test(tc, test_tokens_per_s_identities);
	tcase_add_test(tc, test_moe_as_dense);
	tcase_add_test(tc, test_experts_saturated);
	tcase_add_test(tc, test_unknown_flops);
	tcase_add_test(tc, test_prefix_prefill_by_hand);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(perf_suite());
}
