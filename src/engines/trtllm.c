/* trtllm.c - TensorRT-LLM: KvCacheConfig.free_gpu_memory_fraction of
 * the memory still free once the model and its activation buffers are
 * in place becomes the KV cache. */
#include <stdio.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

extern const struct engine engine_trtllm;

static double
fraction(const struct scenario *s, const struct model *m, const struct gpu *g,
	 const struct layout *l)
{
	(void)m;
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

/* The options file trtllm-serve reads (--extra_llm_api_options); it
 * holds LLM API arguments, which override the flags. */
#define EXTRA_YAML "extra-llm-api-config.yml"

/* trtllm-serve with the PyTorch backend: its flags
 * (https://nvidia.github.io/TensorRT-LLM/1.0.0rc6/commands/trtllm-serve/trtllm-serve.html),
 * and the LLM API options file with the same numbers: KvCacheConfig
 * (https://nvidia.github.io/TensorRT-LLM/examples/kvcacheconfig.html)
 * and the MoE backend, CUTLASS by default (deployment guide for
 * gpt-oss, https://nvidia.github.io/TensorRT-LLM/1.2.0rc2.post2/deployment-guide/deployment-guide-for-gpt-oss-on-trtllm.html).
 * Over several nodes one MPI world runs every rank: srun starts them
 * through trtllm-llmapi-launch (NVIDIA/TensorRT-LLM
 * examples/llm-api/llm_mgmn_trtllm_serve.sh). */
static int
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	uint64_t tokens = engine_batched_tokens(s, in->g);
	char path[SCENARIO_PATH_LEN];

	tb_printf(b, "cat > %s <<'EOF'\n", EXTRA_YAML);
	tb_printf(b, "tensor_parallel_size: %llu\n", (unsigned long long)l->tp);
	tb_printf(b, "pipeline_parallel_size: %llu\n", (unsigned long long)l->pp);
	if (in->m->experts > 0)
		tb_printf(b, "moe_expert_parallel_size: %llu\n", (unsigned long long)l->ep);
	tb_printf(b, "max_batch_size: %llu\n", (unsigned long long)s->batch);
	tb_printf(b, "max_num_tokens: %llu\n", (unsigned long long)tokens);
	tb_printf(b, "max_seq_len: %llu\n", (unsigned long long)s->context);
	tb_printf(b, "kv_cache_config:\n  free_gpu_memory_fraction: %.2f\n", s->kv_free_fraction);
	if (s->kv == KV_FP8)
		tb_printf(b, "  dtype: fp8\n");
	/* the kernel the plan timed: --moe-backend, CUTLASS by default */
	if (in->m->experts > 0)
		tb_printf(b, "moe_config:\n  backend: %s\n",
			  s->moe_backend == MOE_BACKEND_TRITON ? "TRITON" : "CUTLASS");
	tb_printf(b, "EOF\n");
	if (engine_multinode(in))
		tb_printf(b, "srun --nodes %llu --ntasks-per-node %llu --mpi=pmix \\\n  trtllm-llmapi-launch ",
			  (unsigned long long)l->nodes, (unsigned long long)l->node_gpus);
	tb_printf(b, "trtllm-serve %s \\\n", engine_model_path(in, path, sizeof path));
	tb_printf(b, "  --backend pytorch \\\n");
	tb_printf(b, "  --host 0.0.0.0 --port %u \\\n", (unsigned)engine_trtllm.port);
	tb_printf(b, "  --tp_size %llu \\\n", (unsigned long long)l->tp);
	tb_printf(b, "  --pp_size %llu \\\n", (unsigned long long)l->pp);
	if (in->m->experts > 0)
		tb_printf(b, "  --ep_size %llu \\\n", (unsigned long long)l->ep);
	tb_printf(b, "  --max_batch_size %llu \\\n", (unsigned long long)s->batch);
	tb_printf(b, "  --max_num_tokens %llu \\\n", (unsigned long long)tokens);
	tb_printf(b, "  --max_seq_len %llu \\\n", (unsigned long long)s->context);
	tb_printf(b, "  --kv_cache_free_gpu_memory_fraction %.2f \\\n", s->kv_free_fraction);
	tb_printf(b, "  --extra_llm_api_options %s\n", EXTRA_YAML);
	if (s->kv == KV_INT8)
		tb_printf(b, "# the PyTorch backend keeps no INT8 KV cache; dtype: fp8 takes the same memory\n");
	if (s->weights != WF_BF16 && s->weights != WF_FP16)
		tb_printf(b, "# %s weights: serve a checkpoint already quantized to it (TensorRT-LLM reads the method from its config)\n",
			  weight_format_info(s->weights)->label);
	if (in->p->spec.method != SPEC_OFF)
		tb_printf(b, "# speculative decoding (--spec %s) is planned but not written here: set it up in TensorRT-LLM's own options\n",
			  in->s->spec);
	if (engine_of(s) != &engine_trtllm)
		tb_printf(b, "# memory was planned for %s; plan with --engine trtllm for TensorRT-LLM's\n",
			  engine_of(s)->id);
	return 0;
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
	.moe_backend = MOE_BACKEND_CUTLASS,
	.cublas_gemms = true,
	.pp_microbatches = true,
	.iteration = ITER_MIXED,
	.kv_block = 32,
	.uses_util = true,
	.label_in_report = true,
	.fraction = fraction,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.warnings = warnings,
	.launch = launch,
	.port = 8000,
	.image = "nvcr.io/nvidia/tensorrt-llm/release:latest",
	.knobs = knobs,
};
