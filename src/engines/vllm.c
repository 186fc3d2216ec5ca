/* vllm.c - vLLM V1: gpu_memory_utilization x capacity holds the
 * weights, the profile run's activation peak, non-torch memory, CUDA
 * graphs and the KV cache (gpu_worker.determine_available_memory). */
#include <stdio.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

static double
fraction(const struct scenario *s, uint64_t tp)
{
	(void)tp;
	return s->gpu_mem_util;
}

static void
budget(struct plan_memory *mem, uint64_t nontorch, uint64_t graphs)
{
	uint64_t fixed = mem->weights + mem->activations + mem->overhead;

	(void)nontorch;
	(void)graphs;
	mem->before_kv = fixed;
	mem->budget = (uint64_t)((double)mem->capacity * mem->engine_fraction);
	mem->room = mem->budget;
	mem->kv_pool = mem->budget > fixed ? mem->budget - fixed : 0;
	mem->fits = mem->budget >= fixed && mem->kv_pool >= mem->kv_cache &&
		    mem->kv_pool >= mem->kv_per_seq;
}

static void
budget_note(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	tb_printf(b, "; the engine may use %.0f%% = %.1f GiB", mem->engine_fraction * 100,
		  mem->budget / GIB);
}

static void
explain_pool(struct explain *x, const struct plan_memory *mem)
{
	bool clipped = mem->before_kv > mem->budget;

	explain_add(x, true, "KV pool = capacity x util - fixed = %s%.2f x %.2f - %.2f weights - %.2f act - %.2f other%s = %.2f GiB",
		    clipped ? "max(0, " : "", mem->capacity / GIB, mem->engine_fraction,
		    mem->weights / GIB, mem->activations / GIB, mem->overhead / GIB,
		    clipped ? ")" : "", mem->kv_pool / GIB);
}

static void
warnings(const struct scenario *s, const struct plan_memory *mem, struct plan *p)
{
	/* vllm/v1/core/kv_cache_utils.py check_enough_kv_cache_memory:
	 * "max seq len ... larger than the maximum number of tokens that
	 * can be stored in KV cache". When nothing is left at all ("No
	 * available memory for the cache blocks") does-not-fit already
	 * says the weights exceed the budget. */
	if (mem->before_kv <= mem->budget && mem->kv_per_seq > mem->kv_pool)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "vLLM would refuse to start: one sequence of %llu tokens needs %.2f GiB of KV, the cache holds %.2f GiB (%llu tokens)",
			  (unsigned long long)s->context, mem->kv_per_seq / GIB,
			  mem->kv_pool / GIB, (unsigned long long)mem->kv_pool_tokens);
}

static void
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	char path[SCENARIO_PATH_LEN];

	tb_printf(b, "vllm serve %s \\\n", engine_model_path(in, path, sizeof path));
	tb_printf(b, "  --tensor-parallel-size %llu \\\n", (unsigned long long)l->tp);
	if (l->pp > 1)
		tb_printf(b, "  --pipeline-parallel-size %llu \\\n", (unsigned long long)l->pp);
	if (l->ep > 1)
		tb_printf(b, "  --enable-expert-parallel \\\n");
	tb_printf(b, "  --max-model-len %llu \\\n", (unsigned long long)s->context);
	tb_printf(b, "  --max-num-seqs %llu \\\n", (unsigned long long)s->batch);
	tb_printf(b, "  --max-num-batched-tokens %llu \\\n", (unsigned long long)s->max_batched_tokens);
	if (s->kv == KV_FP8)
		tb_printf(b, "  --kv-cache-dtype fp8 \\\n");
	if (s->weights == WF_FP8)
		tb_printf(b, "  --quantization fp8 \\\n");
	tb_printf(b, "  --gpu-memory-utilization %.2f\n", s->gpu_mem_util);
	if (s->weights != WF_BF16 && s->weights != WF_FP16 && s->weights != WF_FP8)
		tb_printf(b, "# %s weights: serve a checkpoint already quantized to it (vLLM reads the method from its config)\n",
			  weight_format_info(s->weights)->label);
}

static const char *const knobs[] = {"gpu-mem-util", "max-batched-tokens", NULL};

const struct engine engine_vllm = {
	.id = "vllm",
	.name = "vLLM",
	.label = "vLLM (gpu_memory_utilization, profile run, 16-token pages)",
	.source = "llm-d Planner docs/empirical-vllm-memory-results.md (H100, "
		  "util 0.9): activations 4.8-5.6 GiB dense, 7.4 GiB MoE; "
		  "non-torch 0.13 GiB TP1, 0.55 GiB TP2; CUDA graphs up to 1.0 GiB. "
		  "KV pages: vllm/v1/core/kv_cache_utils.py, block_size 16",
	.sizes = ENGINE_LLMD_SIZES,
	.kv_dtypes = ENGINE_KV_GPU,
	.kv_block = 16,
	.uses_util = true,
	.window_plus_batched = true,
	.fraction = fraction,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.warnings = warnings,
	.launch = launch,
	.knobs = knobs,
};
