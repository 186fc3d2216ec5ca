/* trtllm.c - TensorRT-LLM: KvCacheConfig.free_gpu_memory_fraction of
 * the memory still free once the model and its activation buffers are
 * in place becomes the KV cache. */
#include <stdio.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

static double
fraction(const struct scenario *s, const struct gpu *g, const struct layout *l)
{
	(void)g;
	(void)l;
	return s->kv_free_fraction;
}

static void
budget(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch, uint64_t graphs)
{
	uint64_t fixed = mem->weights + mem->activations + mem->overhead;
	uint64_t left = mem->capacity > fixed ? mem->capacity - fixed : 0;

	(void)s;
	(void)nontorch;
	(void)graphs;
	mem->before_kv = fixed;
	mem->kv_pool = (uint64_t)((double)left * mem->engine_fraction);
	mem->budget = fixed + mem->kv_pool;
	mem->room = mem->capacity;	/* what is fixed must fit the whole GPU */
	mem->fits = mem->capacity >= fixed && mem->kv_pool >= mem->kv_cache &&
		    mem->kv_pool >= mem->kv_per_seq;
}

static void
budget_note(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	tb_printf(b, "; KV takes %.0f%% of what is free after weights, activations and overhead",
		  mem->engine_fraction * 100);
}

static void
explain_pool(struct explain *x, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	bool clipped = mem->before_kv > mem->capacity;

	explain_add(x, true, "KV pool = free_gpu_memory_fraction x (capacity - fixed) = %.2f x %s%.2f - %.2f weights - %.2f act - %.2f other%s = %.2f GiB",
		    mem->engine_fraction, clipped ? "max(0, " : "(", mem->capacity / GIB,
		    mem->weights / GIB, mem->activations / GIB, mem->overhead / GIB, ")",
		    mem->kv_pool / GIB);
}

static void
warnings(const struct scenario *s, const struct plan_memory *mem, struct plan *p)
{
	(void)s;
	if (mem->before_kv > mem->capacity)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "TensorRT-LLM would fail to start: weights and activations need %.1f GiB of the %.1f GiB, nothing is free for the KV cache",
			  mem->before_kv / GIB, mem->capacity / GIB);
}

static const char *const knobs[] = {"kv-free-fraction", NULL};

/* The activation peak is vLLM's measured one at 8192 batched tokens,
 * TensorRT-LLM's max_num_tokens default. */
const struct engine engine_trtllm = {
	.id = "trtllm",
	.name = "TensorRT-LLM",
	.label = "TensorRT-LLM (KV = free_gpu_memory_fraction of free memory, 32-token blocks)",
	.source = "TensorRT-LLM docs examples/kvcacheconfig.html and llm-api "
		  "KvCacheConfig (free_gpu_memory_fraction 0.9 of free memory, "
		  "tokens_per_block 32); activation peak as measured for vLLM on "
		  "H100 at 8192 batched tokens (llm-d Planner), TRT-LLM's "
		  "max_num_tokens default",
	.sizes = ENGINE_LLMD_SIZES,
	.kv_dtypes = ENGINE_KV_GPU,
	.kv_block = 32,
	.uses_util = true,
	.label_in_report = true,
	.fraction = fraction,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.warnings = warnings,
	.knobs = knobs,
};
