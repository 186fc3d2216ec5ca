/* vllm.c - vLLM V1 (gpu_worker.determine_available_memory):
 *   budget = ceil(total x gpu_memory_utilization), total as the CUDA
 *   runtime reports it; KV = budget - weights - the profile run's torch
 *   activation peak - non-torch memory, and from 0.21 on also the CUDA
 *   graphs' estimate, which older releases capture after the KV cache
 *   from the rest of the GPU. doc/planning-model.md section 6. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "explain.h"
#include "memory.h"
#include "plan.h"

/* The releases whose accounting differs (oldest first):
 * 0.8  V1 by default; CUDA graphs are captured after the KV cache is
 *      allocated (compile_or_warm_up_model), so they come out of the
 *      (1 - utilization) rest of the GPU;
 * 0.21 VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS on by default ("CUDA
 *      graph memory profiling is enabled (default since v0.21.0)"): the
 *      graphs' estimate is subtracted from the KV budget (PR #30515). */
static const char *const releases[] = {"0.8", "0.21", NULL};
enum { R_0_8, R_0_21 };

extern const struct engine engine_vllm;

/* The fused-MoE kernel works on chunks of at most this many tokens
 * (envs.py VLLM_FUSED_MOE_CHUNK_SIZE). */
#define MOE_CHUNK 32768.0

/* Bytes the sampler holds per logit of its dummy run: the logits in
 * the model's dtype (2), their fp32 copy (Sampler.forward: logits.to(
 * torch.float32), 4) and the fp32 probabilities (4). */
#define SAMPLER_BYTES 10.0

static double
fraction(const struct scenario *s, const struct gpu *g, const struct layout *l)
{
	(void)g;
	(void)l;
	return s->gpu_mem_util;
}

static bool
eager(const struct scenario *s)
{
	return s->enforce_eager;
}

/* max_num_seqs when not given: EngineArgs.get_batch_defaults, for
 * `vllm serve`: 1024 on GPUs of 70 GiB or more other than the A100,
 * else 256; 0.8's V1 defaults were 256 everywhere. */
static double
max_num_seqs(const struct scenario *s, const struct gpu *g)
{
	if (s->max_num_seqs > 0)
		return s->max_num_seqs;
	if (engine_release(&engine_vllm, s) >= R_0_21 && g->runtime_bytes >= 70 * (uint64_t)GIB &&
	    strncmp(g->id, "a100", 4) != 0)
		return 1024;
	return 256;
}

/* max_num_batched_tokens when not given: EngineArgs.get_batch_defaults
 * for `vllm serve`, 8192 on GPUs of 70 GiB or more other than the A100
 * (PR #17885: large batches slow the A100 down), else 2048. */
static uint64_t
batched_tokens(const struct scenario *s, const struct gpu *g)
{
	(void)s;
	return g->runtime_bytes >= 70 * (uint64_t)GIB && strncmp(g->id, "a100", 4) != 0 ?
	       8192 : 2048;
}

/* The profile run's torch peak on one GPU of stage st
 * (GPUModelRunner.profile_run): one forward pass over T =
 * max_num_batched_tokens tokens, whose largest live set is the
 * residual stream plus the bigger of the attention projections and
 * the MLP (dense: gate_up and its activation; MoE: the Triton fused-MoE
 * workspaces, TritonExperts.workspace_shapes), then the sampler over
 * one row per dummy request, min(T, max_num_seqs) of them, on the last
 * stage. Forward and sampler do not overlap. Activations are 16-bit. */
static uint64_t
activations(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct layout *l, const struct stage *st)
{
	double T = (double)engine_batched_tokens(s, g), tp = (double)l->tp, b = 2;
	double H = m->hidden, d = m->head_dim;
	double q = (double)m->heads * d / tp;
	double kv = (double)kv_heads_per_gpu(m, l->tp) * d;
	double attn = T * b * (2 * q + 2 * kv);
	double mlp = 0, forward, sampler = 0;

	if (st->last > st->n_moe + st->first || m->experts == 0)
		mlp = T * b * 3 * m->dense_ffn / tp;
	if (st->n_moe > 0) {
		double M = T < MOE_CHUNK ? T : MOE_CHUNK, I = m->expert_ffn / tp;
		double k = s->moe ? m->top_k : m->experts;
		double fused = M * b * k * (fmax(I, H) + fmax(2 * I, H)) + M * H * b;
		double shared = T * b * 3 * (double)m->shared_experts * m->shared_ffn / tp;

		mlp = fmax(mlp, fused + shared);
	}
	forward = T * b * 2 * H + fmax(attn, mlp);
	if (st->last == m->layers) {
		double rows = fmin(T, max_num_seqs(s, g));

		sampler = rows * (H * b + (double)m->vocab * SAMPLER_BYTES);
	}
	return (uint64_t)fmax(forward, sampler);
}

static void
budget(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch, uint64_t graphs)
{
	int r = engine_release(&engine_vllm, s);
	uint64_t fixed = mem->weights + mem->activations + nontorch;

	mem->graphs_in_budget = r >= R_0_21;
	if (mem->graphs_in_budget)
		fixed += graphs;
	mem->before_kv = fixed;
	mem->budget = (uint64_t)ceil((double)mem->capacity * mem->engine_fraction);
	mem->room = mem->budget;
	mem->kv_pool = mem->budget > fixed ? mem->budget - fixed : 0;
	/* before 0.21 the graphs need the rest of the GPU */
	mem->outside_budget = mem->graphs_in_budget ? 0 : graphs;
	mem->fits = mem->budget >= fixed && mem->kv_pool >= mem->kv_cache &&
		    mem->kv_pool >= mem->kv_per_seq &&
		    mem->outside_budget <= mem->capacity - mem->budget;
}

static void
budget_note(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	tb_printf(b, "; the engine may use %.0f%% = %.1f GiB", mem->engine_fraction * 100,
		  mem->budget / GIB);
}

static void
explain_pool(struct explain *x, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	bool clipped = mem->before_kv > mem->budget;
	char graphs[48] = "";

	if (mem->graphs_in_budget)
		snprintf(graphs, sizeof graphs, " - %.2f graphs", mem->graphs / GIB);
	explain_add(x, true, "KV pool = capacity x util - weights - act peak - non-torch%s = %s%.2f x %.2f - %.2f - %.2f - %.2f%s%s = %.2f GiB",
		    mem->graphs_in_budget ? " - graphs" : "",
		    clipped ? "max(0, " : "", mem->capacity / GIB, mem->engine_fraction,
		    mem->weights / GIB, mem->activations / GIB, mem->nontorch / GIB, graphs,
		    clipped ? ")" : "", mem->kv_pool / GIB);
}

/* gpu_worker.py and kv_cache_utils.py (report_kv_cache_config) */
static void
expected_log(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	char t[32], c[32];

	tb_printf(b, "Available KV cache memory: %.2f GiB; GPU KV cache size: %s tokens; "
		  "Maximum concurrency for %s tokens per request: %.2fx",
		  (double)mem->kv_budget / GIB, fmt_thousands(t, sizeof t, mem->kv_pool_tokens),
		  fmt_thousands(c, sizeof c, s->context), mem->engine_concurrency);
}

static void
warnings(const struct scenario *s, const struct plan_memory *mem, struct plan *p)
{
	/* gpu_worker / kv_cache_utils.py: with a negative budget vLLM
	 * stops with "No available memory for the cache blocks" */
	if (mem->kv_budget < 0)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "vLLM would refuse to start: \"No available memory for the cache blocks\", the KV budget is %.2f GiB",
			  (double)mem->kv_budget / GIB);
	/* check_enough_kv_cache_memory: "max seq len ... larger than the
	 * maximum number of tokens that can be stored in KV cache" */
	else if (mem->before_kv <= mem->budget && mem->kv_per_seq > mem->kv_pool)
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
	tb_printf(b, "  --max-num-seqs %.0f \\\n", max_num_seqs(s, in->g));
	tb_printf(b, "  --max-num-batched-tokens %llu \\\n",
		  (unsigned long long)engine_batched_tokens(s, in->g));
	if (s->kv == KV_FP8)
		tb_printf(b, "  --kv-cache-dtype fp8 \\\n");
	if (s->weights == WF_FP8)
		tb_printf(b, "  --quantization fp8 \\\n");
	if (s->enforce_eager)
		tb_printf(b, "  --enforce-eager \\\n");
	tb_printf(b, "  --gpu-memory-utilization %.2f\n", s->gpu_mem_util);
	if (s->weights != WF_BF16 && s->weights != WF_FP16 && s->weights != WF_FP8)
		tb_printf(b, "# %s weights: serve a checkpoint already quantized to it (vLLM reads the method from its config)\n",
			  weight_format_info(s->weights)->label);
}

static const char *const knobs[] = {
	"engine-version", "gpu-mem-util", "max-num-seqs", "max-batched-tokens", "enforce-eager", NULL,
};

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
	.outside_what = "CUDA graphs",
	.outside_is_overhead = true,
	.fraction = fraction,
	.activations = activations,
	.batched_tokens = batched_tokens,
	.eager = eager,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.expected_log = expected_log,
	.warnings = warnings,
	.launch = launch,
	.knobs = knobs,
	.releases = releases,
};
