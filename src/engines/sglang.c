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
 * worked out from the GPU's memory. 0.5.15 brought the phase-aware CUDA
 * graph config ("SGLang 0.5.15 introduces a phase-aware CUDA Graph
 * runtime with separate prefill and decode execution paths",
 * github.com/sgl-project/sglang-omni/issues/1048): the prefill graphs
 * are captured by default on CUDA and reserved for. The newest source
 * read (arg_groups/memory_hook.py @031ed82d, attention_hook.py
 * @7843466, cuda_graph_hook.py @399499ca) is taken for that line; when
 * its other changes landed (the 20-35 GiB bucket, aiter honouring an
 * explicit fraction) is not pinned down, nor the first 0.5 release
 * with PR #10975. All apply the fraction to the memory free before
 * loading. */
static const char *const releases[] = {"0.4", "0.5", "0.5.15", NULL};
enum { R_0_4, R_0_5, R_0_5_15 };

/* _handle_gpu_memory_settings (server_args.py; memory_hook.py
 * handle_gpu_memory_settings @031ed82d): by the capacity (MiB), the
 * chunked prefill size and the largest decode CUDA-graph batch. 0.5.15
 * gave 20-35 GiB cards 4,096 and 48 / 160 ("32GB Blackwell (RTX 5090)
 * can hold decode cuda graphs well past bs=24"), 2,048 and 24 / 80
 * before. Above 160 GiB ("B200, MI300") 16,384 and 512 at any TP. */
static void
buckets(int r, double gib, uint64_t tp, double *chunk, double *graph_bs)
{
	if (gib < 20) {
		*chunk = 2048, *graph_bs = 8;
	} else if (gib < 35) {
		if (r >= R_0_5_15)
			*chunk = 4096, *graph_bs = tp < 4 ? 48 : 160;
		else
			*chunk = 2048, *graph_bs = tp < 4 ? 24 : 80;
	} else if (gib < 60) {
		*chunk = 4096, *graph_bs = tp < 4 ? 32 : 160;
	} else if (gib < 160) {
		*chunk = 8192, *graph_bs = tp < 4 ? 256 : 512;
	} else {
		*chunk = 16384, *graph_bs = 512;
	}
}

/* cuda_graph_hook.py generate_prefill_cuda_graph_batch_sizes
 * (@399499ca): the token counts captured for prefill, up to max_bs:
 * 4..32 by 4, 48..256 by 16, 288..512 by 32, 576..1,024 by 64,
 * 1,280..4,096 by 256, then by 512. 58 of them up to 8,192, 74 up to
 * 16,384. */
static unsigned
prefill_graph_sizes(double max_bs)
{
	static const struct { double from, to, step; } runs[] = {
		{4, 32, 4}, {48, 256, 16}, {288, 512, 32},
		{576, 1024, 64}, {1280, 4096, 256}, {4608, 1e18, 512},
	};
	unsigned n = 0;

	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
		for (double t = runs[i].from; t <= runs[i].to && t <= max_bs; t += runs[i].step)
			n++;
	return n;
}

static bool
mla(const struct model *m)
{
	return m != NULL && m->kv_lora_rank > 0;
}

/* On ROCm SGLang picks the aiter attention backend
 * (_get_default_attn_backend, server_args.py @001067ff): always for
 * MHA/GQA models; for MLA only at 16 or 128 KV heads per GPU ("current
 * aiter only support head number 16 or 128"), else triton. Model
 * overrides that force another backend are not followed here. */
static bool
aiter(const struct model *m, const struct gpu *g, const struct layout *l)
{
	uint64_t heads;

	if (strcmp(g->vendor, "amd") != 0)
		return false;
	if (!mla(m))
		return true;
	heads = m->kv_heads / (l->tp > 0 ? l->tp : 1);
	return heads == 16 || heads == 128;
}

/* The fraction before the aiter cut below: the scenario's, else
 * SGLang's default. */
static double
base_fraction(const struct scenario *s, const struct model *m, const struct gpu *g,
	      const struct layout *l)
{
	int r = engine_release(&engine_sglang, s);
	double mib, chunk, graph_bs, reserved;

	if (s->mem_fraction_static >= 0)
		return s->mem_fraction_static;
	if (r <= R_0_4)
		/* server_args.py: "depends on the tensor parallelism size" */
		return l->tp >= 16 ? 0.79 : l->tp >= 8 ? 0.81 : l->tp >= 4 ? 0.85 :
		       l->tp >= 2 ? 0.87 : 0.88;
	/* get_device_memory_capacity: nvidia-smi's memory.total on CUDA;
	 * on ROCm torch's total_memory // 1 MiB, the runtime's total
	 * (get_amdgpu_memory_capacity, utils/common.py) */
	if (strcmp(g->vendor, "amd") == 0)
		mib = floor((double)g->runtime_bytes / 1048576.0);
	else
		mib = (double)g->usable_bytes / 1048576.0;
	buckets(r, mib / 1024, l->tp, &chunk, &graph_bs);
	/* reserved = 512 + 1.5 x max(chunked prefill, 2048) + TP x PP / 8
	 * x 1024 + the graphs' reserve, at least 10 GiB above 60 GiB;
	 * fraction = round((total - reserved) / total, 3). The graphs'
	 * reserve (reserve_for_graph_mb) is 2 MiB a decode batch size up
	 * to the largest, and from 0.5.15 the prefill graphs': 8 MiB a
	 * captured size up to the chunked prefill (non-MLA), 1.5 GiB with
	 * MLA. Prefill graphs are on by default only on CUDA: elsewhere the
	 * default backend is tc_piecewise (cuda_graph_config.py
	 * default_prefill_backend @08d6c016), which "non-CUDA hardware
	 * (HIP/NPU/CPU/MPS/XPU)" turns off (cuda_graph_hook.py
	 * disable_tc_piecewise_cudagraph_if_incompatible), and under PP the
	 * breakable backend is off by default (apply_cuda_graph_compatibility). */
	reserved = 512 + 1.5 * fmax(chunk, 2048) + (double)(l->tp * l->pp) / 8 * 1024 +
		   2 * graph_bs;
	if (r >= R_0_5_15 && strcmp(g->vendor, "amd") != 0 && l->pp <= 1)
		reserved += mla(m) ? 1.5 * 1024 : 8.0 * prefill_graph_sizes(chunk);
	if (mib > 60 * 1024)
		reserved = fmax(reserved, 10 * 1024);
	return round((mib - reserved) / mib * 1000) / 1000;
}

/* _handle_attention_backend_compatibility: "if
 * self.attention_backend == 'aiter': if model_config.context_len >
 * 8192: self.mem_fraction_static *= 0.85" (server_args.py @001067ff),
 * after the default above and to a value given as well. The newest
 * (attention_hook.py @7843466) cuts only the default: "an explicit
 * value is honored". The context is --context-length, which the
 * launch line always passes. A v0.5.7 log on an MI355X
 * (github.com/sgl-project/sglang/issues/18262, TP 1, 262,144 context)
 * has K + V = 209.66 GB = 0.911 x 0.85 x 287.20 free - 12.79 loaded. */
static bool
aiter_cut(const struct scenario *s, const struct model *m, const struct gpu *g,
	  const struct layout *l)
{
	int r = engine_release(&engine_sglang, s);

	if (r < R_0_5 || s->context <= 8192 || !aiter(m, g, l))
		return false;
	return r < R_0_5_15 || s->mem_fraction_static < 0;
}

static double
fraction(const struct scenario *s, const struct model *m, const struct gpu *g,
	 const struct layout *l)
{
	double f = base_fraction(s, m, g, l);

	return aiter_cut(s, m, g, l) ? f * 0.85 : f;
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
	/* speculative decoding as planned: K steps of one token, K + 1
	 * verified (server_args.py speculative_*) */
	if (in->p->spec.method != SPEC_OFF) {
		static const char *const algo[SPEC_COUNT] = {
			[SPEC_MTP] = "NEXTN", [SPEC_EAGLE] = "EAGLE3", [SPEC_NGRAM] = "NGRAM",
			[SPEC_DRAFT] = "STANDALONE",
		};
		unsigned long long k = (unsigned long long)in->p->spec.k;

		tb_printf(b, "  --speculative-algorithm %s \\\n", algo[in->p->spec.method]);
		if (in->p->spec.method == SPEC_EAGLE || in->p->spec.method == SPEC_DRAFT)
			tb_printf(b, "  --speculative-draft-model-path %s \\\n", engine_draft_path(in));
		tb_printf(b, "  --speculative-num-steps %llu --speculative-eagle-topk 1 --speculative-num-draft-tokens %llu \\\n",
			  k, k + 1);
	}
	/* SGLang's own fraction: the plan's when it was planned for
	 * SGLang, else SGLang's default for this TP degree. */
	/* Before 0.5.15 SGLang cuts a given value for aiter too, so the
	 * flag carries the value before the cut; from 0.5.15 it keeps a
	 * given value, so the flag carries the planned one. */
	tb_printf(b, "  --mem-fraction-static %.3f\n",
		  engine_release(&engine_sglang, s) < R_0_5_15 ? base_fraction(s, in->m, in->g, l)
								: fraction(s, in->m, in->g, l));
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
