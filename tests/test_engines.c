/* test_engines.c - how each engine profile reserves memory
 * (doc/planning-model.md section 6) and what llama.cpp offload does
 * to speed (section 7). Expected values are worked by hand from the sources
 * cited in memory.c. Shared numbers:
 *   H100 SXM usable 81,559 MiB = 85,520,809,984 B (gpus.json)
 *   Llama-3.1-8B BF16 weights 2 x 8,030,261,248 = 16,060,522,496 B
 *   non-torch 0.13 GiB = 139,586,437 B; CUDA graphs 1 GiB; activations
 *   5.6 GiB = 6,012,954,214 B dense (llm-d Planner, memory.c) */
#include "engine.h"
#include "testutil.h"
#include "memory.h"
#include "report.h"

#define H100_BYTES 85061533696ull	/* the runtime's total, 81,121 MiB */
#define L8B_BF16 16060522496ull

/* ------------------------------------------------------------------ */
/* SGLang.                                                             */
/* ------------------------------------------------------------------ */

START_TEST(test_sglang_default_fraction)
{
	struct scenario s;
	const struct gpu *h100 = tu_gpu("h100-sxm");
	struct layout l = {.gpus = 1, .tp = 1, .pp = 1, .ep = 1, .replicas = 1};

	/* SGLang 0.4, server_args.py: 0.88 TP1, 0.87 TP2, 0.85 TP4, 0.81
	 * TP8, 0.79 TP16 */
	tu_scenario(&s, TU_OPTS("engine", "sglang", "engine-version", "0.4.6"));
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.88, 1e-12);
	l.tp = 4;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.85, 1e-12);
	l.tp = 16;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.79, 1e-12);
	/* 0.5 (_handle_gpu_memory_settings), on an H100's 81,559 MiB:
	 * chunked prefill 8,192, CUDA-graph batch 256 below TP 4 and 512
	 * from it; reserved = 512 + 1.5 x 8,192 + 2 x 256 + 1/8 x 1,024 =
	 * 13,440 MiB at TP 1, (81,559 - 13,440) / 81,559 = 0.8352 -> 0.835;
	 * TP 4: 512 + 12,288 + 1,024 + 512 = 14,336 -> 0.82422 -> 0.824;
	 * TP 8: 512 + 12,288 + 1,024 + 1,024 = 14,848 -> 0.81795 -> 0.818. */
	tu_scenario(&s, TU_OPTS("engine", "sglang", "engine-version", "0.5.9"));
	l.tp = 1;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.835, 1e-12);
	l.tp = 4;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.824, 1e-12);
	l.tp = 8;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.818, 1e-12);
	/* From 0.5.15 (memory_hook.py reserve_for_graph_mb) the prefill
	 * CUDA graphs too, on by default on CUDA: 8 MiB for each of the 58
	 * token counts captured up to the chunked prefill's 8,192 (8 of
	 * 4..32, 14 of 48..256, 8 of 288..512, 8 of 576..1,024, 12 of
	 * 1,280..4,096, 8 of 4,608..8,192) = 464 MiB. TP 1: 13,440 + 464 =
	 * 13,904, (81,559 - 13,904) / 81,559 = 0.82952 -> 0.830; TP 8:
	 * 14,848 + 464 = 15,312 -> 0.81226 -> 0.812. An MLA model reserves
	 * 1.5 GiB for them instead: TP 8 14,848 + 1,536 = 16,384 ->
	 * 0.79911 -> 0.799. */
	tu_scenario(&s, TU_OPTS("engine", "sglang"));
	l.tp = 1;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.830, 1e-12);
	l.tp = 8;
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.812, 1e-12);
	ck_assert_near(memory_engine_fraction(&s, tu_model("deepseek-v3"), h100, &l), 0.799,
		       1e-12);
	/* ROCm takes torch's total_memory, the runtime's: an MI300X of
	 * 192 GiB less 512 MiB = 196,096 MiB; above 160 GiB chunked prefill
	 * 16,384 and graph batch 512: reserved = 512 + 24,576 + 1,024 + 128
	 * = 26,240 MiB, (196,096 - 26,240) / 196,096 = 0.86619 -> 0.866
	 * (0.867 on the 196,608 MiB total). No prefill graphs on ROCm (the
	 * default tc_piecewise backend is off on HIP), in every release. */
	l.tp = 1;
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("mi300x"), &l), 0.866, 1e-12);
	/* TP 8: 512 + 24,576 + 1,024 + 1,024 = 27,136, 168,960 / 196,096 =
	 * 0.86162 -> 0.862. Above 8,192 tokens of context the aiter
	 * backend (ROCm's default) cuts it by 0.85: 0.862 x 0.85 = 0.7327,
	 * for an MLA model too at 128 / 8 = 16 KV heads a GPU, not at TP 4
	 * (32 heads: triton). From 0.5.15 a given value is kept; 0.5 cut it
	 * as well: 0.8 x 0.85 = 0.68. An H100 has no aiter. */
	l.tp = 8;
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("mi300x"), &l), 0.862, 1e-12);
	tu_scenario(&s, TU_OPTS("engine", "sglang", "context", "32k"));
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("mi300x"), &l), 0.7327, 1e-12);
	ck_assert_near(memory_engine_fraction(&s, tu_model("deepseek-v3"), tu_gpu("mi300x"), &l),
		       0.7327, 1e-12);
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.812, 1e-12);
	l.tp = 4;
	/* TP 4: 512 + 24,576 + 512 + 1,024 = 26,624 -> 0.86423 -> 0.864 */
	ck_assert_near(memory_engine_fraction(&s, tu_model("deepseek-v3"), tu_gpu("mi300x"), &l),
		       0.864, 1e-12);
	l.tp = 8;
	tu_scenario(&s, TU_OPTS("engine", "sglang", "context", "32k", "mem-fraction-static", "0.8"));
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("mi300x"), &l), 0.8, 1e-12);
	tu_scenario(&s, TU_OPTS("engine", "sglang", "context", "32k", "mem-fraction-static", "0.8",
				"engine-version", "0.5"));
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("mi300x"), &l), 0.68, 1e-12);
	/* 0.5.15 gave 20-35 GiB cards chunked prefill 4,096 and graph
	 * batch 48 (TP < 4): an L4's 23,034 MiB reserves 512 + 6,144 + 128
	 * + 96 + 8 x 50 (the sizes up to 4,096) = 7,280 MiB, (23,034 -
	 * 7,280) / 23,034 = 0.68395 -> 0.684; 0.5 had 2,048 and 24: 512 +
	 * 3,072 + 128 + 48 = 3,760 -> 0.83676 -> 0.837. */
	l.tp = 1;
	tu_scenario(&s, TU_OPTS("engine", "sglang"));
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("l4"), &l), 0.684, 1e-12);
	tu_scenario(&s, TU_OPTS("engine", "sglang", "engine-version", "0.5"));
	ck_assert_near(memory_engine_fraction(&s, NULL, tu_gpu("l4"), &l), 0.837, 1e-12);
	l.tp = 8;
	tu_scenario(&s, TU_OPTS("engine", "sglang", "mem-fraction-static", "0.7"));
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.7, 1e-12);
	/* vLLM keeps gpu_memory_utilization, TensorRT-LLM its own 0.9 */
	tu_scenario(&s, TU_OPTS("gpu-mem-util", "0.8"));
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.8, 1e-12);
	tu_scenario(&s, TU_OPTS("engine", "trtllm"));
	ck_assert_near(memory_engine_fraction(&s, NULL, h100, &l), 0.9, 1e-12);
}
END_TEST

START_TEST(test_sglang_pool)
{
	struct plan p;
	struct scenario s;

	/* model_runner.py profile_max_num_token: pool = what is free after
	 * loading - (1 - f) x what was free before, i.e. f x free before -
	 * weights. Free before = the runtime's 85,061,533,696 - non-torch
	 * 139,586,437 = 84,921,947,259; f = 0.830 (one H100, TP 1, above):
	 * (uint64)(0.83 x 84,921,947,259) = 70,485,216,224;
	 * pool = 70,485,216,224 - 16,060,522,496 = 54,424,693,728 */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1"));
	ck_assert_u64(p.mem.budget, 70485216224ull);
	ck_assert_u64(p.mem.kv_pool, 54424693728ull);
	/* activations 5.6 GiB + graphs 1 GiB live in the other 17% */
	ck_assert_u64(p.mem.outside_budget, 6012954214ull + 1073741824ull);
	ck_assert(p.mem.fits);
	/* token pages: the pool in tokens is pool / 131,072 B, no rounding
	 * to 16 */
	ck_assert_u64(p.mem.kv_pool_tokens, 54424693728ull / 131072ull);
	/* 0.5's 0.835: (uint64)(0.835 x 84,921,947,259) = 70,909,825,961,
	 * pool 54,849,303,465 */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "engine-version", "0.5"));
	ck_assert_u64(p.mem.kv_pool, 54849303465ull);
	/* Eight MI300X at 32K, Llama-3.1-70B: free before loading = the
	 * runtime's 196,096 MiB = 205,621,559,296 B - non-torch under TP
	 * 0.55 GiB (590,558,003 B) = 205,031,001,293 B; f = 0.862 x 0.85
	 * (aiter) = 0.7327: budget 0.7327 x 205,031,001,293 =
	 * 150,226,214,647 B, the weights' eighth below it */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "model", "llama-3.1-70b", "gpu", "mi300x",
				"gpus", "8", "tp", "8", "context", "32k"));
	ck_assert_rel(p.mem.budget, 150226214647.0, 1e-9);
	ck_assert_u64(p.mem.kv_pool, p.mem.budget - p.mem.weights);
	/* SGLang 0.4's default fraction for TP 1 was 0.88, on the same
	 * free memory: (uint64)(0.88 x 84,921,947,259) = 74,731,313,587;
	 * pool = 74,731,313,587 - 16,060,522,496 = 58,670,791,091 */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "engine-version", "0.4"));
	ck_assert_u64(p.mem.kv_pool, 58670791091ull);
}
END_TEST

START_TEST(test_sglang_refuses)
{
	struct plan p;
	struct scenario s;
	const struct warning *w;

	/* Llama-3.1-70B BF16 on one H200: 141.1 GB of weights, budget
	 * 0.88 x 141 GiB = 124 GiB: no KV pool at all, SGLang stops with
	 * "Not enough memory. Please try to increase --mem-fraction-static" */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "model", "llama-3.1-70b",
				"gpu", "h200", "gpus", "1", "tp", "1"));
	ck_assert_u64(p.mem.kv_pool, 0);
	ck_assert(!p.mem.fits);
	w = tu_warning(&p, W_ENGINE_REFUSES);
	ck_assert_ptr_nonnull(w);
	ck_assert_has(w->message, "SGLang would refuse to start");
	ck_assert_ptr_nonnull(tu_warning(&p, W_DOES_NOT_FIT));
}
END_TEST

/* ------------------------------------------------------------------ */
/* TensorRT-LLM.                                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_trtllm_pool)
{
	struct plan p;
	struct scenario s;

	/* KvCacheConfig.free_gpu_memory_fraction 0.9 of what is free after
	 * weights, activations and overhead:
	 * 85,061,533,696 - 16,060,522,496 - 6,012,954,214 - (139,586,437 +
	 * 1,073,741,824) = 61,774,728,725; x 0.9 = 55,597,255,852 */
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1"));
	ck_assert_u64(p.mem.kv_pool, 55597255852ull);
	ck_assert_near(p.mem.engine_fraction, 0.9, 1e-12);
	/* 32-token blocks: 131,072 B x 32 per block, whole blocks only */
	ck_assert_u64(p.mem.kv_pool_tokens, 55597255852ull / (131072ull * 32) * 32);
	tu_plan(&p, &s, TU_OPTS("engine", "trtllm", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "kv-free-fraction", "0.5"));
	ck_assert_u64(p.mem.kv_pool, 30887364362ull);	/* 61,774,728,725 / 2 */
}
END_TEST

/* ------------------------------------------------------------------ */
/* vLLM keeps its rule and refuses exactly when vLLM does.             */
/* ------------------------------------------------------------------ */

START_TEST(test_vllm_batched_tokens_default)
{
	struct plan p;
	struct scenario s;

	/* EngineArgs.get_batch_defaults for vllm serve: 8,192 tokens per
	 * step on GPUs of 70 GiB or more but the A100, 2,048 elsewhere. On
	 * an A10G the profile run's forward pass over 2,048 tokens of
	 * Llama-3.1-8B is 2 x 2,048 x 4,096 x 2 + 3 x 2,048 x 14,336 x 2 =
	 * 33,554,432 + 176,160,768 = 209,715,200 B, below the sampler's 256
	 * rows x 1,290,752 B = 330,432,512 B, which is the peak, on top of
	 * the input buffers of 2,048 rows x (13 + 4,096 x 2) = 16,803,840 B:
	 * 347,236,352 B. */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a10g", "tp", "1",
				"batch", "1"));
	ck_assert_u64(engine_batched_tokens(&s, tu_gpu("a10g")), 2048);
	ck_assert_u64(p.mem.activations, 347236352ull);
	ck_assert_u64(engine_batched_tokens(&s, tu_gpu("h100-sxm")), 8192);
	ck_assert_u64(engine_batched_tokens(&s, tu_gpu("a100-80gb")), 2048);
	/* given, it is the user's */
	tu_scenario(&s, TU_OPTS("max-batched-tokens", "16k"));
	ck_assert_u64(engine_batched_tokens(&s, tu_gpu("a10g")), 16384);
}
END_TEST

START_TEST(test_vllm_refuses_exactly)
{
	struct plan p;
	struct scenario s;

	/* Llama-3.1-8B on an A100 40GB with --enforce-eager, as in a
	 * vLLM 0.15.1 log that starts at 128K and reports "Available KV
	 * cache memory: 19.28 GiB" (data/measurements.json). No logged
	 * runtime total for the 40GB card: 40,960 - 512 MiB = 40,448 MiB;
	 * budget ceil(0.9 x 42,412,802,048) = 38,171,521,844; weights
	 * 16,060,522,496, the profile run's forward pass over the log's
	 * max_num_batched_tokens 8,192 (vllm.LLM's default) 838,860,800
	 * (test_memory.c) and, eager, down_proj's output beside gate_up
	 * 8,192 x 4,096 x 2 = 67,108,864, with the input buffers'
	 * 67,215,360, non-torch 139,586,437: pool 20,998,227,887 B,
	 * 19.56 GiB (the log's 19.28 is 1.4% less). One sequence of 160K needs
	 * 163,840 x 131,072 B = 20 GiB: vLLM refuses ("max seq len ...
	 * larger than the maximum number of tokens that can be stored in KV
	 * cache"). */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"tp", "1", "context", "160k", "batch", "1", "enforce-eager", "on",
				"max-batched-tokens", "8192"));
	ck_assert_u64(p.mem.kv_pool, 20998227887ull);
	ck_assert_u64(p.mem.kv_per_seq, 21474836480ull);
	ck_assert_ptr_nonnull(tu_warning(&p, W_ENGINE_REFUSES));
	/* 128K: 16 GiB fits the 19.7 GiB pool, it starts, as logged */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "a100-40gb", "gpus", "1",
				"tp", "1", "context", "128k", "batch", "1", "enforce-eager", "on",
				"max-batched-tokens", "8192"));
	ck_assert_ptr_null(tu_warning(&p, W_ENGINE_REFUSES));
	ck_assert(p.mem.fits);
	/* and the vLLM log figures stay: GPU KV cache size and concurrency */
	ck_assert_u64(p.mem.kv_pool_tokens, p.mem.kv_pool / (131072ull * 16) * 16);
	ck_assert_rel(p.mem.engine_concurrency,
		      (double)p.mem.kv_pool / (131072.0 * 131072.0), 1e-9);
}
END_TEST

START_TEST(test_vllm_marlin_mxfp4)
{
	struct plan p;
	struct scenario s;

	/* gpt-oss-120b on one H100, which has no FP4 math: vLLM runs the
	 * MXFP4 experts on Marlin, whose Mxfp4MoEMethod.create_weights pads
	 * the intermediate size 2,880 to 2,944 (128) and the hidden size
	 * 2,880 to 3,072 (256). The checkpoint's experts are 114,701,598,720
	 * params x 4.25 / 8 = 60,935,224,320 B (test_memory.c); padded
	 * x 2,944 x 3,072 / (2,880 x 2,880) = 66,441,963,110.4 B; with the
	 * 4,255,115,904 B kept in BF16, 70,697,079,014 B = 65.84 GiB.
	 * vLLM 0.10.1 logs "Model loading took 65.9651 GiB" (vllm#23278). */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4",
				"gpu", "h100-pcie", "tp", "1", "batch", "1"));
	ck_assert_rel(p.mem.weights, 70697079014.0, 1e-9);
	ck_assert_rel(p.mem.weights, 65.9651 * 1073741824.0, 0.005);
	/* a GPU with FP4 math runs other kernels: the checkpoint's size */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4",
				"gpu", "b200", "tp", "1", "batch", "1"));
	ck_assert_rel(p.mem.weights, 60935224320.0 + 4255115904.0, 1e-9);
	/* TP 4 on A100s: 2,880 / 4 = 720 pads to 768, so each rank's
	 * experts take 768 x 3,072 / (720 x 2,880) = 1.1378 of their share;
	 * the log has 17.2217 GiB a rank (dennislee22/vLLM-benchmarking) */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4",
				"gpu", "a100-80gb", "gpus", "4", "tp", "4", "batch", "1"));
	ck_assert_rel(p.mem.weights, 17.2217 * 1073741824.0, 0.01);
	/* vLLM counts the hybrid pool's tokens as if every layer kept them
	 * (report_kv_cache_config: blocks / groups x block size): 36 layers
	 * x 2 KV heads x 64 x 2 x 2 B = 18,432 B a token on each rank */
	ck_assert_u64(p.mem.log_kv_tokens, p.mem.kv_pool / (18432ull * 16) * 16);
}
END_TEST

START_TEST(test_vllm_max_num_seqs_default)
{
	struct plan p;
	struct scenario s;

	/* PR #16158 kept V1's 1,024 sequences on the H100 and H200 only,
	 * for every modelled release: the 0.10 profile run of
	 * Llama-3.1-8B on an H100 samples 1,024 rows of (4,096 x 2 +
	 * 128,256 x 10) B = 1,321,730,048 B, above the forward pass over
	 * 8,192 tokens (838,860,800 B, test_memory.c), plus the input
	 * buffers' 67,215,360 B */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "h100-sxm", "tp", "1",
				"batch", "1", "engine-version", "0.10", "sampler", "flashinfer"));
	ck_assert_u64(p.mem.activations, 1388945408ull);
}
END_TEST

START_TEST(test_vllm_sampler_sort)
{
	struct plan p;
	struct scenario s;

	/* Before 0.16 a `pip install vllm` samples the profile's dummy
	 * top-k/top-p pass with PyTorch's sort: 38 B a logit (vllm.c).
	 * gpt-oss-120b on one H100, 0.10: 1,024 rows x (2,880 x 2 +
	 * 201,088 x 38) = 7,830,634,496 B, far above the forward pass, with
	 * the input buffers 8,192 x (13 + 2,880 x 2) = 47,292,416 B. On
	 * an H100 of 81,559 MiB the budget ceil(0.9 x (81,559 - 512 MiB) =
	 * 85,009,924,096 B) = 76,508,931,687 less the Marlin weights (70,697,079,014,
	 * test_vllm_marlin_mxfp4), that and the non-torch 139,586,437 B
	 * leaves -2,158,368,260 B, -2.01 GiB; vLLM 0.10.1 logged -2.14 GiB
	 * on an H100 PCIe (vllm#23278) and refused to start. The test
	 * catalog's H100 PCIe has no nvidia-smi total, so 80 GiB - 512 MiB
	 * = 85,362,475,008 B, budget 76,826,227,508 B: -1,841,072,440 B,
	 * less the buffers: -1,888,364,856 B. */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4", "gpu", "h100-pcie",
				"tp", "1", "batch", "1", "engine-version", "0.10.1",
				"context", "128k"));
	ck_assert_u64(p.mem.activations, 7877926912ull);
	ck_assert_rel((double)p.mem.kv_budget, -1888364856.0, 1e-6);
	ck_assert_ptr_nonnull(tu_warning(&p, W_ENGINE_REFUSES));
	/* FlashInfer (the official image) holds 10 B a logit; the input
	 * buffers stay */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4", "gpu", "h100-pcie",
				"tp", "1", "batch", "1", "engine-version", "0.10.1",
				"sampler", "flashinfer"));
	ck_assert_u64(p.mem.activations, 1024ull * (2880 * 2 + 201088 * 10) + 47292416ull);
	/* from 0.16 the Triton kernel, as small */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4", "gpu", "h100-pcie",
				"tp", "1", "batch", "1", "engine-version", "0.16"));
	ck_assert_u64(p.mem.activations, 1024ull * (2880 * 2 + 201088 * 10) + 47292416ull);
}
END_TEST

START_TEST(test_sglang_free_after_context)
{
	struct plan p;
	struct scenario s;

	/* QwQ-32B on 4 x L4 at mem_fraction_static 0.85, as in a public
	 * SGLang log (data/measurements.json). The catalog's L4 has 22,282
	 * MiB free after the CUDA context (21.63 + 0.13 GiB in that log);
	 * NCCL under TP takes the non-torch memory beyond TP1's, 0.55 -
	 * 0.13 GiB = 450,971,566 B: 23,364,370,432 - 450,971,566 =
	 * 22,913,398,866 B free before loading, x 0.85 = 19,476,389,036 B.
	 * Weights per GPU, the 32,763,876,352 params less 660,480 of
	 * replicated norms split 4 ways, x 2 B = 16,382,928,896 B (the
	 * plan leaves out the q/k/v biases, 0.001%). The pool, 64 layers x
	 * 2 KV heads x 128 x 2 x 2 B = 65,536 B a token, is about 47,203
	 * tokens; the log has "#tokens: 46611". */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang", "engine-version", "0.4", "model", "qwq-32b",
				"gpu", "l4", "gpus", "4", "tp", "4", "mem-fraction-static", "0.85",
				"batch", "1"));
	ck_assert_u64(p.mem.budget, 19476389036ull);
	ck_assert_rel(p.mem.weights, 16382928896.0, 1e-4);
	ck_assert_u64(p.mem.log_kv_tokens, p.mem.kv_pool / 65536);
	ck_assert_rel(p.mem.log_kv_tokens, 46611, 0.02);
}
END_TEST

/* ------------------------------------------------------------------ */
/* llama.cpp.                                                          */
/* ------------------------------------------------------------------ */

START_TEST(test_llamacpp_memory)
{
	struct plan p;
	struct scenario s;

	/* Every layer and the output on the GPU, the token embedding
	 * (128,256 x 4,096 x 2 B = 1,050,673,152) in host memory:
	 * 16,060,522,496 - 1,050,673,152 = 15,009,849,344 B on the GPU. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "context", "1000", "batch", "2"));
	ck_assert_u64(p.mem.weights, 15009849344ull);
	ck_assert_u64(p.mem.host_weights, 1050673152ull);
	/* compute buffer: 512 x 4 B x (128,256 + 2 x 14,336) = 321,388,544 */
	ck_assert_u64(p.mem.activations, 321388544ull);
	/* KV cells padded to 256 with flash attention: 1,000 -> 1,024
	 * tokens x 131,072 B = 134,217,728 per sequence */
	ck_assert_u64(p.mem.kv_per_seq, 134217728ull);
	ck_assert_u64(p.mem.kv_cache, 2 * 134217728ull);
	/* no cap: the pool is everything left */
	ck_assert_u64(p.mem.budget, H100_BYTES);
	ck_assert_u64(p.mem.kv_pool, H100_BYTES - p.mem.weights - p.mem.activations -
				     p.mem.overhead);
	ck_assert_uint_eq(p.mem.gpu_layers, 32);
}
END_TEST

START_TEST(test_llamacpp_compute_buffer)
{
	struct plan p;
	struct scenario s;

	/* --ubatch 1024, flash attention on (auto): 1,024 x 4 B x (128,256
	 * + 2 x 14,336) = 642,777,088 */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "context", "8k", "batch", "1",
				"ubatch", "1024"));
	ck_assert_u64(p.mem.activations, 642777088ull);
	/* Flash attention off, 8,192 cells, 512 tokens, 32 heads: scores
	 * 8,192 x 512 x 32 x 4 B = 536,870,912, mask 8,192 x 512 x 4 B =
	 * 16,777,216, layer input, its norm, q and the output 512 x 4 B x
	 * (2 x 4,096 + 2 x 32 x 128) = 33,554,432: 587,202,560 B = 560 MiB,
	 * above the 306 MiB of the FFN and logits phase. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "context", "8k", "batch", "1",
				"flash-attn", "off"));
	ck_assert_u64(p.mem.activations, 587202560ull);
	ck_assert_ptr_null(tu_warning(&p, W_ENGINE_REFUSES));
	/* n_kv is one slot's cells: --parallel 4 keeps 4 streams of 8,192 */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "context", "8k", "batch", "4",
				"flash-attn", "off"));
	ck_assert_u64(p.mem.activations, 587202560ull);
	/* A logged pair (llama.cpp issue ikawrakow/ik_llama.cpp#514 thread,
	 * mainline build 5622): Qwen3-30B-A3B Q4_K_M, -c 16384, FA off,
	 * experts on the CPU, two GPUs, "CUDA0 compute buffer size =
	 * 1080.00 MiB" on each: 16,384 x 512 x 32 x 4 + 16,384 x 512 x 4 +
	 * 512 x 4 x (2 x 2,048 + 2 x 32 x 128) = 1,073,741,824 + 33,554,432
	 * + 25,165,824 = 1,132,462,080 B = 1,080 MiB. Its file, "17.28 GiB
	 * (4.86 BPW)". */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "qwen3-30b-a3b",
				"weights", "q4_k_m", "gpus", "2", "gpu", "rtx-4090",
				"context", "16384", "batch", "1", "flash-attn", "off",
				"cpu-moe", "on"));
	ck_assert_u64(p.mem.activations, 1132462080ull);
	ck_assert_rel(p.weight_bytes_model / TU_GIB, 17.28, 0.0005);
	/* Sliding layers keep window + n_ubatch cells (llama-kv-cache-
	 * iswa.cpp): gpt-oss-120b at 8,192 tokens, 18 full and 18 sliding
	 * layers (window 128) of 2 x 8 x 64 x 2 B = 2,048 B a token:
	 * --ubatch 1024 keeps 128 + 1,024 = 1,152 -> 1,280 cells, so
	 * 18 x 2,048 x (8,192 + 1,280) = 349,175,808 B per sequence
	 * (512: 640 -> 768 cells, 330,301,440). */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "context", "8k", "batch", "1",
				"ubatch", "1024"));
	ck_assert_u64(p.mem.kv_per_seq, 349175808ull);
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "context", "8k", "batch", "1"));
	ck_assert_u64(p.mem.kv_per_seq, 330301440ull);
	/* a quantized V cache needs flash attention */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "kv-dtype", "q8_0", "flash-attn", "off"));
	ck_assert_ptr_nonnull(tu_warning(&p, W_ENGINE_REFUSES));
	ck_assert_has(tu_warning(&p, W_ENGINE_REFUSES)->message, "requires flash attention");
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b",
				"gpus", "1", "tp", "1", "kv-dtype", "q8_0"));
	ck_assert_ptr_null(tu_warning(&p, W_ENGINE_REFUSES));
}
END_TEST

START_TEST(test_llamacpp_ngl)
{
	struct plan p;
	struct scenario s;
	double more, plain;

	/* -ngl 20 on 80 layers: the output layer and the last 19 blocks on
	 * the GPU (llama-model.cpp i_gpu_start = 80 + 1 - 20 = 61). */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-70b",
				"gpus", "1", "tp", "1", "ngl", "20", "weights", "q4_k_m",
				"context", "8k", "batch", "1"));
	ck_assert_uint_eq(p.mem.gpu_layers, 19);
	/* Q4_K_M by layer (llama-quant.cpp): q, k, o, gate, up Q4_K,
	 * 612,368,384 x 4.5 / 8 = 344,457,216 B; norms 16,384 x 4 B =
	 * 65,536; attn_v 8,388,608 and ffn_down 234,881,024 Q6_K on
	 * use_more_bits layers (6,881,280 + 192,675,840), else Q5_K (the
	 * 70B rule lifts Q4_K) and Q4_K (5,767,168 + 132,120,576): 544,079,872
	 * or 482,410,496 B a layer. use_more_bits(i, 80): i < 10, i >= 70,
	 * i = 12, 15, ..., 69. */
	more = 544079872.0;
	plain = 482410496.0;
	/* GPU: layers 61-79, 13 of them more (62, 65, 68, 70-79), the head
	 * 1,050,673,152 x 6.5625 / 8 = 861,880,320 and the final norm
	 * 32,768: 10,829,414,400. Host: layers 0-60, 27 more, and the
	 * embedding at Q4_K, 591,003,648: 31,683,117,056. */
	ck_assert_u64(p.mem.weights, 10829414400ull);
	ck_assert_u64(p.mem.host_weights, 31683117056ull);
	/* KV of the 61 CPU layers is in host memory: 61 x 8,192 x 4,096 B */
	ck_assert_u64(p.mem.host_kv, 61ull * 8192 * 4096);
	ck_assert_u64(p.mem.kv_per_seq, 19ull * 8192 * 4096);
	/* decode reads the host part at host bandwidth, after the GPU */
	ck_assert_rel(p.decode.t_host_ms,
		      (27 * more + 34 * plain + 61.0 * 2304 * 4096) / 307.2e9 * 1e3, 1e-3);
	/* -ngl 0: nothing but the compute buffer and the context on the GPU */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-70b",
				"gpus", "1", "tp", "1", "ngl", "0", "weights", "q4_k_m"));
	ck_assert_uint_eq(p.mem.gpu_layers, 0);
	ck_assert_u64(p.mem.weights, 0);
	ck_assert_u64(p.mem.kv_cache, 0);
}
END_TEST

START_TEST(test_llamacpp_cpu_moe)
{
	struct plan p;
	struct scenario s;
	double expert = 24891840.0 * 4.25 / 8;	/* one gpt-oss-120b expert, MXFP4 */

	/* --cpu-moe: 128 x 36 experts in host memory; a token reads its 4
	 * per layer there: 144 x 13,223,790 B = 1.904 GB at 307.2 GB/s =
	 * 6.199 ms (doc/planning-model.md section 7, host part). */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "tp", "1", "cpu-moe", "on",
				"gpu", "rtx-4090", "context", "32k", "batch", "1"));
	ck_assert(p.mem.fits);
	/* and the token embedding, Q8_0 in the MXFP4_MOE file
	 * (test_llamacpp_mxfp4_moe_file): 579,133,440 x 8.5 / 8 B */
	ck_assert_rel(p.mem.host_weights, 128 * 36 * expert + 579133440.0 * 8.5 / 8, 1e-6);
	ck_assert_rel(p.decode.host_bytes_per_step, 144 * expert, 1e-6);
	ck_assert_rel(p.decode.t_host_ms, 144 * expert / 307.2e9 * 1e3, 1e-6);
	/* a faster host halves that part */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "tp", "1", "cpu-moe", "on",
				"gpu", "rtx-4090", "context", "32k", "batch", "1",
				"host-bw-gbs", "614.4"));
	ck_assert_rel(p.decode.t_host_ms, 144 * expert / 614.4e9 * 1e3, 1e-6);
	/* without it the experts are on the GPU and do not fit 24 GB */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "tp", "1",
				"gpu", "rtx-4090", "context", "32k", "batch", "1"));
	ck_assert(!p.mem.fits);
	ck_assert_u64(p.decode.host_bytes_per_step, 0);
}
END_TEST

START_TEST(test_llamacpp_mxfp4_moe_file)
{
	struct plan p;
	struct scenario s;

	/* gpt-oss-120b as llama.cpp's MXFP4_MOE GGUF (llama-quant.cpp):
	 * experts MXFP4, 114,701,598,720 x 4.25 / 8 = 60,935,224,320 B;
	 * token_embd, output and the 36 x (q, k, v, o) Q8_0, (2 x 201,088 x
	 * 2,880 + 36 x 26,542,080) = 2,113,781,760 x 8.5 / 8 =
	 * 2,245,893,120 B; routers 36 x (2,880 x 128 + 128) and norms 36 x
	 * 2 x 2,880 + 2,880 in F32, 53,943,552 B; attention biases and sinks
	 * (36 x 8,064) go with the Q8_0 projections, 308,448 B. In all
	 * 63,235,369,440 B, the token embedding in host memory. The file is
	 * "59.02 GiB" (llama.cpp#15253), 63,372,698,000 B or so: the rest is
	 * the experts' F32 biases, planned at MXFP4. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b", "weights", "mxfp4",
				"gpu", "rtx-pro-6000", "gpus", "1", "tp", "1", "batch", "1"));
	ck_assert_rel((double)p.mem.weights + (double)p.mem.host_weights, 63235369440.0, 1e-4);
	ck_assert_rel((double)p.mem.weights + (double)p.mem.host_weights,
		      59.02 * 1073741824.0, 0.005);
	/* vLLM loads the checkpoint's BF16 attention and embeddings */
	tu_plan(&p, &s, TU_OPTS("model", "gpt-oss-120b", "weights", "mxfp4",
				"gpu", "b200", "tp", "1", "batch", "1"));
	ck_assert_rel(p.mem.weights, 60935224320.0 + 4255115904.0, 1e-9);
}
END_TEST

START_TEST(test_llamacpp_layer_split)
{
	struct plan p;
	struct scenario s;
	struct memory_device dev[4];

	/* Two GPUs split by layers (llama.cpp's default --split-mode
	 * layer), run in turn, so TP 1 and two stages. load_tensors puts
	 * block il on GPU upper_bound({1/2, 1}, il / 81), the 81st slot
	 * being the output layer: blocks 0-40 on the first (40 / 81 <
	 * 1/2), 41-79 and the output on the second. use_more_bits (i < 10,
	 * i >= 70, (i - 10) % 3 == 2) marks 20 of each GPU's blocks: the
	 * first holds 20 x 544,079,872 + 21 x 482,410,496 = 21,012,217,856
	 * B (test_llamacpp_ngl's Q4_K_M blocks), the second 20 x
	 * 544,079,872 + 19 x 482,410,496 + the output head at Q6_K
	 * (861,880,320) + the final norm (8,192 x 4 B) = 20,909,309,952 B;
	 * the embedding stays in host memory. With 41 blocks of KV the
	 * first is the fullest. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-70b",
				"gpus", "2", "weights", "q4_k_m", "gpu", "rtx-4090"));
	ck_assert_u64(p.layout.tp, 1);
	ck_assert_u64(p.layout.pp, 2);
	ck_assert_uint_eq(p.mem.layers_per_stage, 41);
	ck_assert_u64(p.mem.weights, 21012217856ull);
	ck_assert_u64(memory_devices(&s, tu_model("llama-3.1-70b"), tu_gpu("rtx-4090"),
				     &p.layout, dev, 4), 2);
	ck_assert_uint_eq(dev[0].first, 0);
	ck_assert_uint_eq(dev[0].last, 41);
	ck_assert_uint_eq(dev[1].first, 41);
	ck_assert_uint_eq(dev[1].last, 80);
	ck_assert_u64(dev[0].weights, p.mem.weights);
	ck_assert_u64(dev[1].weights, 20909309952ull);
	ck_assert_u64(dev[0].weights + dev[1].weights, p.mem.weights_total);
	ck_assert_u64(dev[0].kv_cache, p.mem.kv_cache);
	ck_assert_u64(dev[0].kv_cache * 39, dev[1].kv_cache * 41);
	ck_assert_int_eq(dev[0].free, p.mem.free);
	/* the first device holds no output: no logits in its compute
	 * buffer, 512 x 4 B x 2 x 28,672 = 117,440,512 */
	ck_assert_u64(dev[0].activations, 117440512ull);
	ck_assert_u64(p.mem.activations, 117440512ull);
	/* -ngl 41 keeps blocks 0-39 on the CPU (i_gpu_start = 81 - 41):
	 * the 41 offloaded slots split as blocks 40-60 (21, the first
	 * stage) and 61-79 plus the output */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-70b",
				"gpus", "2", "weights", "q4_k_m", "gpu", "rtx-4090", "ngl", "41"));
	ck_assert_u64(memory_devices(&s, tu_model("llama-3.1-70b"), tu_gpu("rtx-4090"),
				     &p.layout, dev, 4), 2);
	ck_assert_uint_eq(dev[0].first, 40);
	ck_assert_uint_eq(dev[0].last, 61);
	ck_assert_uint_eq(dev[1].first, 61);
	ck_assert_uint_eq(dev[1].last, 80);
	/* --split-mode row keeps the tensor split */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-70b",
				"gpus", "2", "weights", "q4_k_m", "gpu", "rtx-4090",
				"split-mode", "row"));
	ck_assert_u64(p.layout.tp, 2);
	ck_assert_u64(p.layout.pp, 1);
}
END_TEST

START_TEST(test_llamacpp_n_cpu_moe)
{
	struct plan p;
	struct scenario s;
	double expert = 24891840.0 * 4.25 / 8;	/* one gpt-oss-120b expert, MXFP4 */

	/* --n-cpu-moe 10: the 128 experts of the first 10 of 36 layers in
	 * host memory, with the embedding (579,133,440 params at Q8_0);
	 * a token reads its 4 experts in each of those 10 layers there. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "gpt-oss-120b",
				"weights", "mxfp4", "gpus", "1", "n-cpu-moe", "10",
				"gpu", "rtx-4090", "context", "32k", "batch", "1"));
	ck_assert_rel(p.mem.host_weights, 128 * 10 * expert + 579133440.0 * 8.5 / 8, 1e-6);
	ck_assert_rel(p.decode.host_bytes_per_step, 40 * expert, 1e-6);
}
END_TEST

START_TEST(test_llamacpp_q4_0)
{
	struct plan p;
	struct scenario s;

	/* Q4_0 (llama-quant.cpp): every weight 18 B per 32 but the output,
	 * Q6_K 210 B per 256; norms F32. Llama-3.1-8B: 32 layers of
	 * 218,103,808 weights = 6,979,321,856 x 18 / 32 = 3,925,868,544;
	 * output 128,256 x 4,096 / 256 x 210 = 430,940,160; norms 32 x 2 x
	 * 4,096 x 4 + 4,096 x 4 = 1,064,960: 4,357,873,664 B on the GPU =
	 * 4155.99 MiB, what llama.cpp logs for Meta-Llama-3-8B Q4_0
	 * ("CUDA0 buffer size = 4155.99 MiB", data/measurements.json).
	 * token_embd stays in host memory: 128,256 x 4,096 x 18 / 32 =
	 * 295,501,824 B = 281.81 MiB, as logged. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b", "gpus", "1",
				"weights", "q4_0", "context", "8192", "batch", "1"));
	ck_assert_u64(p.mem.weights, 4357873664ull);
	ck_assert_u64(p.mem.host_weights, 295501824ull);
}
END_TEST

START_TEST(test_llamacpp_block_kv_types)
{
	struct scenario s;
	struct plan p;

	/* Llama 3.1 8B: 32 layers, 8 KV heads of 128. q4_0 stores 18 B per
	 * 32 elements (ggml-common.h block_q4_0): 2 x 8 x 128 x 18 / 32 =
	 * 1,152 B per token per layer; at 8,192 tokens (a multiple of the
	 * 256-cell padding) 32 x 8,192 x 1,152 = 301,989,888 B. q8_0, 34 B
	 * per 32: 2 x 8 x 128 x 34 / 32 = 2,176 B, so 570,425,344 B. */
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b", "tp", "1",
				"kv-dtype", "q4_0"));
	ck_assert_u64(p.mem.kv_per_seq, 301989888ull);
	ck_assert_ptr_null(tu_warning(&p, W_KV_DTYPE));
	tu_plan(&p, &s, TU_OPTS("engine", "llamacpp", "model", "llama-3.1-8b", "tp", "1",
				"kv-dtype", "q8_0"));
	ck_assert_u64(p.mem.kv_per_seq, 570425344ull);
	/* vLLM has no such cache: said, still planned */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "kv-dtype", "q8_0"));
	ck_assert_ptr_nonnull(tu_warning(&p, W_KV_DTYPE));
	ck_assert_has(tu_warning(&p, W_KV_DTYPE)->message, "vLLM has no q8_0 KV cache");
}
END_TEST

START_TEST(test_other_engines_keep_everything_on_gpu)
{
	static const char *const others[] = {"simple", "vllm", "sglang", "trtllm"};

	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct plan p;
		struct scenario s;

		/* -ngl and --cpu-moe are llama.cpp's: the others ignore them */
		tu_plan(&p, &s, TU_OPTS("engine", others[i], "ngl", "3", "cpu-moe", "on"));
		ck_assert_u64(p.mem.host_weights, 0);
		ck_assert_u64(p.decode.host_bytes_per_step, 0);
		ck_assert_uint_eq(p.mem.gpu_layers, 48);
	}
}
END_TEST

START_TEST(test_profiles_table)
{
	static const char *const ids[] = {
		"simple", "vllm", "sglang", "trtllm", "llamacpp",
	};

	ck_assert_uint_eq(engine_count, sizeof ids / sizeof ids[0]);
	for (unsigned e = 0; e < engine_count; e++) {
		const struct engine *p = engine_get(e);

		ck_assert_str_eq(p->id, ids[e]);
		ck_assert_str_eq(engine_id(e), ids[e]);
		ck_assert(p->source != NULL && strlen(p->source) > 20);
		ck_assert(p->kv_block >= 1);
	}
	/* pages: vLLM 16, SGLang 1, TensorRT-LLM 32, llama.cpp 256 */
	ck_assert_uint_eq(engine_get(tu_engine("vllm"))->kv_block, 16);
	ck_assert_uint_eq(engine_get(tu_engine("sglang"))->kv_block, 1);
	ck_assert_uint_eq(engine_get(tu_engine("trtllm"))->kv_block, 32);
	ck_assert_uint_eq(engine_get(tu_engine("llamacpp"))->kv_block, 256);
	/* vLLM stays the default */
	{
		struct scenario s;

		scenario_default(&s);
		ck_assert_str_eq(engine_id(s.engine), "vllm");
		ck_assert_near(s.host_bw_gbs, 307.2, 1e-9);
		ck_assert(s.ngl < 0);
		ck_assert(!s.cpu_moe);
	}
}
END_TEST

START_TEST(test_report_names_the_profile)
{
	static const char *const want[][2] = {
		{"sglang", "mem_fraction_static"},
		{"trtllm", "free after weights"},
		{"llamacpp", "compute buffer"},
	};

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct plan p;
		struct scenario s;
		char *buf = NULL;
		size_t len;
		FILE *out = open_memstream(&buf, &len);
		struct report_input r;

		tu_plan(&p, &s, TU_OPTS("engine", want[i][0]));
		r = (struct report_input){&s, tu_model(s.model), tu_gpu(s.gpu), &p};
		ck_assert_int_eq(report_write(out, REPORT_TEXT, &r), 0);
		fclose(out);
		ck_assert_has(buf, want[i][1]);
		ck_assert_has(buf, engine_get(s.engine)->label);
		ck_assert_has(buf, "bandwidth efficiency 80%");
		free(buf);
	}
}
END_TEST

static Suite *
engines_suite(void)
{
	Suite *s = suite_create("engines");
	TCase *sg = tcase_create("sglang");
	TCase *trt = tcase_create("trtllm");
	TCase *vl = tcase_create("vllm");
	TCase *lc = tcase_create("llamacpp");
	TCase *all = tcase_create("profiles");

	tcase_add_test(sg, test_sglang_default_fraction);
	tcase_add_test(sg, test_sglang_pool);
	tcase_add_test(sg, test_sglang_refuses);
	tcase_add_test(trt, test_trtllm_pool);
	tcase_add_test(vl, test_vllm_refuses_exactly);
	tcase_add_test(vl, test_vllm_batched_tokens_default);
	tcase_add_test(lc, test_llamacpp_memory);
	tcase_add_test(lc, test_llamacpp_compute_buffer);
	tcase_add_test(lc, test_llamacpp_ngl);
	tcase_add_test(lc, test_llamacpp_cpu_moe);
	tcase_add_test(lc, test_llamacpp_block_kv_types);
	tcase_add_test(lc, test_llamacpp_q4_0);
	tcase_add_test(lc, test_llamacpp_layer_split);
	tcase_add_test(lc, test_llamacpp_n_cpu_moe);
	tcase_add_test(all, test_other_engines_keep_everything_on_gpu);
	tcase_add_test(all, test_profiles_table);
	tcase_add_test(all, test_vllm_marlin_mxfp4);
	tcase_add_test(all, test_vllm_max_num_seqs_default);
	tcase_add_test(all, test_vllm_sampler_sort);
	tcase_add_test(all, test_sglang_free_after_context);
	tcase_add_test(all, test_llamacpp_mxfp4_moe_file);
	tcase_add_test(all, test_report_names_the_profile);
	suite_add_tcase(s, sg);
	suite_add_tcase(s, trt);
	suite_add_tcase(s, vl);
	suite_add_tcase(s, lc);
	suite_add_tcase(s, all);
	return s;
}

int
main(void)
{
	return tu_run(engines_suite());
}
