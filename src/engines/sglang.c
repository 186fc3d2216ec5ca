/* sglang.c - SGLang (model_runner profile_max_num_token): the KV pool is
 * what is free after loading the weights less (1 - mem_fraction_static)
 * of what was free before, after CUDA and NCCL set up: pool =
 * f x free_before - weights. Activations and CUDA graphs live in the
 * rest. doc/planning-model.md section 6. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "explain.h"
#include "plan.h"

extern const struct engine engine_sglang;

/* The releases whose accounting differs: 0.4 took mem_fraction_static's
 * default from a table by TP degree; from the 0.5 line (PR #10975,
 * "General heuristics for --mem-fraction-static", autumn 2025) it is
 * worked out from the GPU's memory. The first release with it is not
 * pinned down. Both apply it to the memory free before loading. */
static const char *const releases[] = {"0.4", "0.5", NULL};
enum { R_0_4, R_0_5 };

/* server_args.py _handle_gpu_memory_settings: by nvidia-smi's total
 * (MiB), the chunked prefill size and the largest CUDA-graph batch. */
static void
buckets(double gib, uint64_t tp, double *chunk, double *graph_bs)
{
	if (gib < 20) {
		*chunk = 2048, *graph_bs = 8;
	} else if (gib < 35) {
		*chunk = 2048, *graph_bs = tp < 4 ? 24 : 80;
	} else if (gib < 60) {
		*chunk = 4096, *graph_bs = tp < 4 ? 32 : 160;
	} else if (gib < 160) {
		*chunk = 8192, *graph_bs = tp < 4 ? 256 : 512;
	} else {
		*chunk = 16384, *graph_bs = 512;
	}
}

static double
fraction(const struct scenario *s, const struct gpu *g, const struct layout *l)
{
	double mib, chunk, graph_bs, reserved;

	if (s->mem_fraction_static >= 0)
		return s->mem_fraction_static;
	if (engine_release(&engine_sglang, s) <= R_0_4)
		/* server_args.py: "depends on the tensor parallelism size" */
		return l->tp >= 16 ? 0.79 : l->tp >= 8 ? 0.81 : l->tp >= 4 ? 0.85 :
		       l->tp >= 2 ? 0.87 : 0.88;
	/* reserved = 512 + 1.5 x max(chunked prefill, 2048) + 2 x graph
	 * batch + TP x PP / 8 x 1024 MiB, at least 10 GiB above 60 GiB;
	 * fraction = round((total - reserved) / total, 3) */
	/* get_device_memory_capacity: nvidia-smi's memory.total on CUDA,
	 * torch's total_memory (the runtime's) on ROCm */
	mib = (double)(strcmp(g->vendor, "amd") == 0 ? g->runtime_bytes : g->usable_bytes) /
	      1048576.0;
	buckets(mib / 1024, l->tp, &chunk, &graph_bs);
	reserved = 512 + 1.5 * fmax(chunk, 2048) + 2 * graph_bs +
		   (double)(l->tp * l->pp) / 8 * 1024;
	if (mib > 60 * 1024)
		reserved = fmax(reserved, 10 * 1024);
	return round((mib - reserved) / mib * 1000) / 1000;
}

static uint64_t
less(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* What is free when the weights start to load (init_torch_distributed's
 * min_per_gpu_memory): the GPU's free memory after the CUDA context
 * where the catalog has it, less NCCL's set-up under TP (the non-torch
 * memory beyond TP1's); else the runtime's total less the non-torch
 * memory. */
static uint64_t
free_before_load(const struct plan_memory *mem)
{
	uint64_t tp1 = (uint64_t)(engine_sglang.sizes.nontorch_gib_tp1 * GIB);

	if (mem->start_free > 0)
		return less(mem->start_free, less(mem->nontorch, tp1));
	return less(mem->capacity, mem->nontorch);
}

static void
budget(const struct scenario *s, struct plan_memory *mem, uint64_t nontorch, uint64_t graphs)
{
	/* The fraction applies to what is free before the weights load,
	 * so the memory held by then (CUDA context, NCCL) is outside it:
	 * an SGLang log of March 2025 (QwQ-32B on 4 x L4, f 0.85) shows
	 * "avail mem=21.63 GB" before loading, 15.54 GB of weights and
	 * K + V = 2.84 GB = 0.85 x 21.63 - 15.54. */
	uint64_t before = free_before_load(mem);
	uint64_t held = mem->weights;

	(void)s;
	(void)nontorch;
	mem->before_kv = held;
	mem->budget = (uint64_t)((double)before * mem->engine_fraction);
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
explain_pool(struct explain *x, const struct scenario *s, const struct plan_memory *mem)
{
	bool clipped = mem->before_kv > mem->budget;

	(void)s;
	explain_add(x, true, "KV pool = mem_fraction_static x free before loading - weights = %s%.3f x %.2f - %.2f%s = %.2f GiB",
		    clipped ? "max(0, " : "", mem->engine_fraction, free_before_load(mem) / GIB,
		    mem->weights / GIB, clipped ? ")" : "", mem->kv_pool / GIB);
	explain_add(x, false, "free before loading = %s = %.2f GiB",
		    mem->start_free > 0 ? "free after the CUDA context (catalog) - NCCL under TP"
					: "runtime total - non-torch memory",
		    free_before_load(mem) / GIB);
}

/* model_runner.py: "KV Cache is allocated. #tokens: N, K size: X GB,
 * V size: Y GB", GB there being 2^30 bytes */
static void
expected_log(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	char t[32];
	double half = (double)mem->kv_pool / 2;	/* the pool is K and V alike */

	(void)s;
	/* SGLang keeps Mamba and linear-attention states in a pool of
	 * their own beside the KV pool, not laid out here */
	if (mem->kinds[ATTN_MAMBA] + mem->kinds[ATTN_LINEAR] > 0) {
		tb_printf(b, "not predicted for a model with Mamba or linear-attention layers (a state pool of its own)");
		return;
	}
	tb_printf(b, "KV Cache is allocated. #tokens: %s, K size: %.2f GB, V size: %.2f GB",
		  fmt_thousands(t, sizeof t, mem->log_kv_tokens), half / GIB, half / GIB);
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

/* The head's address and port where the ranks meet: the same line on
 * every node but --node-rank, with --dist-init-addr HEAD:PORT and
 * --nnodes N (https://docs.sglang.io/advanced_features/server_arguments.html,
 * "Common launch commands"). */
#define DIST_PORT 5000

static int
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	char path[SCENARIO_PATH_LEN];

	tb_printf(b, "python3 -m sglang.launch_server --model-path %s \\\n",
		  engine_model_path(in, path, sizeof path));
	tb_printf(b, "  --host 0.0.0.0 --port %u \\\n", (unsigned)engine_sglang.port);
	/* --tp is the degree over all nodes, as the plan's */
	tb_printf(b, "  --tp %llu \\\n", (unsigned long long)l->tp);
	if (l->pp > 1)
		tb_printf(b, "  --pp-size %llu \\\n", (unsigned long long)l->pp);
	if (l->ep > 1)
		tb_printf(b, "  --ep-size %llu \\\n", (unsigned long long)l->ep);
	if (engine_multinode(in)) {
		tb_printf(b, "  --nnodes %llu --node-rank %s \\\n", (unsigned long long)l->nodes,
			  in->role == LAUNCH_HEAD ? "0" : "${NODE_RANK}");
		tb_printf(b, "  --dist-init-addr ${HEAD_IP}:%d \\\n", DIST_PORT);
	}
	tb_printf(b, "  --context-length %llu \\\n", (unsigned long long)s->context);
	tb_printf(b, "  --max-running-requests %llu \\\n", (unsigned long long)s->batch);
	if (s->kv == KV_FP8)
		tb_printf(b, "  --kv-cache-dtype fp8_e4m3 \\\n");
	if (s->weights == WF_FP8)
		tb_printf(b, "  --quantization fp8 \\\n");
	/* SGLang's own fraction: the plan's when it was planned for
	 * SGLang, else SGLang's default for this TP degree. */
	tb_printf(b, "  --mem-fraction-static %.3f\n", fraction(s, in->g, l));
	/* DP attention gives each rank its own requests and their latent
	 * KV, a 1/dp share of the batch's per GPU; the plan keeps every
	 * sequence's latent on every GPU of the TP group, so the flag
	 * would launch a different plan. */
	if (in->m->kv_lora_rank > 0 && l->tp > 1 && in->role == LAUNCH_HEAD)
		tb_printf(b, "# MLA model: --enable-dp-attention --dp %llu would hold 1/%llu of the KV per GPU; not planned here (every GPU holds all of it)\n",
			  (unsigned long long)l->tp, (unsigned long long)l->tp);
	if (engine_of(s) != &engine_sglang && in->role == LAUNCH_HEAD)
		tb_printf(b, "# memory was planned for %s; plan with --engine sglang for SGLang's\n",
			  engine_of(s)->id);
	return 0;
}

static const char *const knobs[] = {"engine-version", "mem-fraction-static", NULL};

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
	.moe_backend = MOE_BACKEND_TRITON,
	.cublas_gemms = true,
	.pp_microbatches = true,
	.iteration = ITER_PREFILL_BATCHES,
	.kv_block = 1,
	.uses_util = true,
	.label_in_report = true,
	.outside_what = "activations and CUDA graphs",
	.fraction = fraction,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.expected_log = expected_log,
	.warnings = warnings,
	.launch = launch,
	.port = 30000,
	.image = "lmsysorg/sglang:latest",
	.node_pods = true,
	.knobs = knobs,
	.releases = releases,
};
