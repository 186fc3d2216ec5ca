/* sglang.c - SGLang: capacity x mem_fraction_static holds the weights,
 * the memory held before profiling and the KV pool; activations and
 * CUDA graphs live in the rest of the GPU (model_runner.py
 * profile_max_num_token). */
#include <stdio.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

extern const struct engine engine_sglang;

static double
fraction(const struct scenario *s, uint64_t tp)
{
	if (s->mem_fraction_static >= 0)
		return s->mem_fraction_static;
	/* server_args.py: "depends on the tensor parallelism size" */
	return tp >= 16 ? 0.79 : tp >= 8 ? 0.81 : tp >= 4 ? 0.85 :
	       tp >= 2 ? 0.87 : 0.88;
}

static void
budget(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch, uint64_t graphs)
{
	/* Weights and the memory held before profiling count against the
	 * static budget; activations and graphs must fit in the rest. */
	uint64_t held = mem->weights + nontorch;

	(void)s;
	mem->before_kv = held;
	mem->budget = (uint64_t)((double)mem->capacity * mem->engine_fraction);
	mem->room = mem->budget;
	mem->outside_budget = mem->activations + graphs;
	mem->kv_pool = mem->budget > held ? mem->budget - held : 0;
	mem->fits = mem->budget >= held && mem->kv_pool >= mem->kv_cache &&
		    mem->kv_pool >= mem->kv_per_seq &&
		    mem->outside_budget <= mem->capacity - mem->budget;
}

static void
budget_note(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	tb_printf(b, "; weights + KV pool may use %.0f%% = %.1f GiB (mem_fraction_static%s)",
		  mem->engine_fraction * 100, mem->budget / GIB,
		  s->mem_fraction_static < 0 ? ", SGLang's default for this TP" : "");
}

static void
explain_pool(struct explain *x, const struct plan_memory *mem)
{
	bool clipped = mem->before_kv > mem->budget;

	explain_add(x, true, "KV pool = capacity x mem_fraction_static - weights - non-torch = %s%.2f x %.2f - %.2f - %.2f%s = %.2f GiB",
		    clipped ? "max(0, " : "", mem->capacity / GIB, mem->engine_fraction,
		    mem->weights / GIB, mem->nontorch / GIB, clipped ? ")" : "",
		    mem->kv_pool / GIB);
}

static void
warnings(const struct scenario *s, const struct plan_memory *mem, struct plan *p)
{
	(void)s;
	/* model_runner.py: "Not enough memory. Please try to increase
	 * --mem-fraction-static." when the pool comes out empty. */
	if (mem->kv_pool == 0)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "SGLang would refuse to start: weights take %.1f GiB of the %.1f GiB that mem_fraction_static %.2f allows, nothing is left for the KV pool",
			  mem->weights / GIB, mem->budget / GIB, mem->engine_fraction);
	else if (mem->outside_budget > mem->capacity - mem->budget)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "SGLang would run out of memory: activations and CUDA graphs need %.1f GiB outside mem_fraction_static %.2f, which leaves %.1f GiB; lower --mem-fraction-static",
			  mem->outside_budget / GIB, mem->engine_fraction,
			  (mem->capacity - mem->budget) / GIB);
}

static void
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	char path[SCENARIO_PATH_LEN];

	tb_printf(b, "python3 -m sglang.launch_server --model-path %s \\\n",
		  engine_model_path(in, path, sizeof path));
	tb_printf(b, "  --tp %llu \\\n", (unsigned long long)l->tp);
	if (l->pp > 1)
		tb_printf(b, "  --pp-size %llu \\\n", (unsigned long long)l->pp);
	if (l->ep > 1)
		tb_printf(b, "  --ep-size %llu \\\n", (unsigned long long)l->ep);
	tb_printf(b, "  --context-length %llu \\\n", (unsigned long long)s->context);
	tb_printf(b, "  --max-running-requests %llu \\\n", (unsigned long long)s->batch);
	if (s->kv == KV_FP8)
		tb_printf(b, "  --kv-cache-dtype fp8_e4m3 \\\n");
	if (s->weights == WF_FP8)
		tb_printf(b, "  --quantization fp8 \\\n");
	/* SGLang's own fraction: the plan's when it was planned for
	 * SGLang, else SGLang's default for this TP degree. */
	tb_printf(b, "  --mem-fraction-static %.2f\n", fraction(s, l->tp));
	if (engine_of(s) != &engine_sglang)
		tb_printf(b, "# memory was planned for %s; plan with --engine sglang for SGLang's\n",
			  engine_of(s)->id);
}

static const char *const knobs[] = {"mem-fraction-static", NULL};

/* No SGLang breakdown of activations and graphs is published, so
 * vLLM's measured sizes stand in (SGLang's own reserve on 80 GB cards
 * is 9.5 + TP*PP/2 GiB, server_args.py). */
const struct engine engine_sglang = {
	.id = "sglang",
	.name = "SGLang",
	.label = "SGLang (mem_fraction_static holds weights + KV, token pages)",
	.source = "SGLang python/sglang/srt/server_args.py (mem_fraction_static "
		  "0.88 TP1, 0.87 TP2, 0.85 TP4, 0.81 TP8, 0.79 TP16; page_size 1) "
		  "and model_executor/model_runner.py profile_max_num_token; "
		  "activations, non-torch memory and CUDA graphs as measured for "
		  "vLLM on H100 (llm-d Planner)",
	.sizes = ENGINE_LLMD_SIZES,
	.kv_dtypes = ENGINE_KV_GPU,
	.kv_block = 1,
	.uses_util = true,
	.label_in_report = true,
	.outside_what = "activations and CUDA graphs",
	.fraction = fraction,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.warnings = warnings,
	.launch = launch,
	.knobs = knobs,
};
