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
 * 0.11 CUDA graphs FULL_AND_PIECEWISE by default (PR #26574, October
 *      2025, "change default CUDAGraphMode from PIECEWISE to
 *      FULL_AND_PIECEWISE"; a 0.11.0 log captures "decode, FULL: 35/35",
 *      vllm issue #27782);
 * 0.13 VllmConfig._set_cudagraph_sizes' list, step 8 to 256, then 16
 *      (a 0.13.0 log prints it; 0.11.0 still captured 67 sizes);
 * 0.16 the top-k/top-p sampler runs a Triton kernel when a batch has 8
 *      rows or more (PR #33538, merged February 2026; the release is
 *      inferred from the date); before, the PyTorch sort, unless
 *      FlashInfer was installed (0.8-0.11.0, the official image has it,
 *      `pip install vllm` not) or enabled (VLLM_USE_FLASHINFER_SAMPLER=1
 *      after PR #26859, October 2025);
 * 0.21 VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS on by default ("CUDA
 *      graph memory profiling is enabled (default since v0.21.0)"): the
 *      graphs' estimate is subtracted from the KV budget (PR #30515). */
static const char *const releases[] = {"0.8", "0.11", "0.13", "0.16", "0.21", NULL};
enum { R_0_8, R_0_11, R_0_13, R_0_16, R_0_21 };

extern const struct engine engine_vllm;

/* The fused-MoE kernel works on chunks of at most this many tokens
 * (envs.py VLLM_FUSED_MOE_CHUNK_SIZE). */
#define MOE_CHUNK 32768.0

/* Bytes the sampler's dummy run (top_k = vocab - 1, top_p = 0.9, so
 * the whole top-k/top-p path) holds per logit at its peak. All keep
 * the logits in the model's dtype (2) and Sampler.forward's fp32 copy
 * (logits.to(torch.float32), 4).
 * FlashInfer and Triton mask and sample in place: the fp32
 *   probabilities (4), 10 B; Triton's gather buffers add about 80 MiB
 *   (PR #33538), left out.
 * PyTorch (apply_top_k_top_p) peaks in logits.sort(): its fp32 values
 *   (4) and int64 indices (8) out, the int64 index input PyTorch's
 *   stable segmented sort builds (8) and cub's alternate key and value
 *   buffers (4 + 8), 38 B. PR #32558 measured 1.25 GB above the fp32
 *   input for top-k alone at 256 x 131,072 (37 B). */
#define SAMPLER_BYTES 10.0
#define SAMPLER_SORT_BYTES 38.0

/* The sampler a run of release r uses when --sampler is auto. */
static int
sampler_of(const struct scenario *s)
{
	if (s->sampler != SAMPLER_AUTO)
		return s->sampler;
	return engine_release(&engine_vllm, s) >= R_0_16 ? SAMPLER_TRITON : SAMPLER_PYTORCH;
}

static double
fraction(const struct scenario *s, const struct model *m, const struct gpu *g,
	 const struct layout *l)
{
	(void)m;
	(void)g;
	(void)l;
	return s->gpu_mem_util;
}

static bool
eager(const struct scenario *s)
{
	return s->enforce_eager;
}

/* max_num_seqs when not given, for `vllm serve`: V1 raised it to 1024,
 * and PR #16158 (April 2025, "Revert the default max_num_seqs to V0
 * values for most hardware") kept 1024 only on the H100 and H200, which
 * EngineArgs.get_batch_defaults later put as GPUs of 70 GiB or more
 * other than the A100; 256 elsewhere. */
static double
max_num_seqs(const struct scenario *s, const struct gpu *g)
{
	if (s->max_num_seqs > 0)
		return s->max_num_seqs;
	if (g->runtime_bytes >= 70 * (uint64_t)GIB && strncmp(g->id, "a100", 4) != 0)
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
 * stage. Forward and sampler do not overlap. Activations are 16-bit.
 * A model with a vision tower first runs its encoder on dummy images
 * and keeps the outputs (encoder_cache["tmp_i"]) through both, until
 * encoder_cache.clear(): an encoder budget of max_num_batched_tokens
 * (compute_encoder_budget; an item larger than that is not modelled)
 * x the language model's hidden size. The model runner's persistent
 * input buffers of max_num_tokens rows are live through it as well
 * (GPUModelRunner.__init__, allocated after the memory snapshot the
 * peak is measured from): input_ids int32, positions int64,
 * is_token_ids bool and inputs_embeds of the hidden size in the model
 * dtype, 13 + 2H bytes a token, allocated for text-only models too
 * (vllm#35975, which would skip inputs_embeds there, is not merged).
 * Eager (--enforce-eager), tensors live as long as Python holds them:
 * the dense MLP's forward names gate_up and keeps it through down_proj
 * (Qwen2MLP at vLLM 013a2792, LlamaMLP at 0035bdf2), so down_proj's
 * output of H is live beside it; compiled, the graph frees gate_up
 * once the activation has read it. */
static uint64_t
activations(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct layout *l, const struct stage *st)
{
	double T = (double)engine_batched_tokens(s, g), tp = (double)l->tp, b = 2;
	double H = m->hidden, attn = 0;
	double mlp = 0, forward, sampler = 0, encoder = 0;
	double buffers = T * (4 + 8 + 1 + H * b);

	/* q, k and v of the widest attention layer (Gemma 4's full layers
	 * have heads of their own) */
	for (int k = ATTN_FULL; k <= ATTN_SLIDING; k++) {
		double d = model_head_dim(m, (enum attn_kind)k);
		double q = (double)m->heads * d / tp;
		double kv = (double)kv_kind_heads_per_gpu(m, (enum attn_kind)k, l->tp) * d;

		if (T * b * (2 * q + 2 * kv) > attn)
			attn = T * b * (2 * q + 2 * kv);
	}

	if (st->last > st->n_moe + st->first || m->experts == 0)
		mlp = T * b * (3 * (double)model_max_dense_width(m) / tp + (s->enforce_eager ? H : 0));
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

		sampler = rows * (H * b + (double)m->vocab * (sampler_of(s) == SAMPLER_PYTORCH ?
								  SAMPLER_SORT_BYTES : SAMPLER_BYTES));
	}
	if (m->extra_params > 0 && s->multimodal)
		encoder = T * H * b;
	return (uint64_t)(buffers + encoder + fmax(forward, sampler));
}

/* CUDA graphs. vLLM captures every batch size of its list piecewise:
 * the forward is cut at each attention op, one graph per piece, about
 * layers + 1 of them (compilation splitting_ops); from 0.11 the sizes
 * up to max_num_seqs are captured again as one full graph each
 * (uniform decode). All share one memory pool, captured largest
 * first, so a size's activations are reused by the smaller ones; what
 * grows with the count is each instantiated graph's own memory.
 *
 * GRAPH_PIECE: per piece. The lazy-capture PRs logged each size of
 *   Llama-3.1-8B (33 pieces) alone: "Graph capturing for 272 input
 *   tokens ... took 6.00 MiB", 6-8 MiB for the sizes up to 272
 *   (vllm PR #22897, #23184): 0.18-0.24 MiB a piece; whole captures
 *   logged 0.24 (DeepSeek-R1-Distill-Qwen-1.5B, 67 x 29 pieces, 0.45
 *   GiB) and 0.26 MiB (Qwen2-7B, 0.50 GiB). 0.25.
 * GRAPH_FULL: per full graph. Logged: ~24 MiB (vllm issue #50780,
 *   "the real FULL graphs cost ~24 MiB each"); Qwen3-8B on an A100
 *   took 2.24 GiB piecewise only (0.9.2) and 2.44 GiB with 35 full
 *   graphs and 16 fewer sizes (0.19.1), 7 MiB each; an H100 NVL run
 *   of 51 + 51 on 48 layers took 0.66 GiB in all, under 2 MiB each.
 *   The middle of the three, 7 MiB; the spread is the attention
 *   backend's metadata, not modelled.
 * GRAPH_TP: NCCL and custom all-reduce buffers registered during
 *   capture: Qwen2-7B took 0.50 GiB at TP 1, 0.65 at TP 2 on one node
 *   and 1.00 across two (dennislee22/vLLM-benchmarking logs, 0.10.1). */
#define GRAPH_PIECE_MIB 0.25
#define GRAPH_FULL_MIB 7.0
#define GRAPH_TP_GIB 0.15
#define GRAPH_TP_NODES_GIB 0.50

/* The batch sizes vLLM captures. 0.8-0.10
 * (SchedulerConfig.cuda_graph_sizes): [1, 2, 4] and every multiple of
 * 8 up to min(2 x max_num_seqs, 512); from 0.13
 * (VllmConfig._set_cudagraph_sizes): the same bound, multiples of 8
 * up to 256, then of 16. Both drop sizes above
 * max_num_batched_tokens. Returns how many; *full the ones up to
 * max_num_seqs, which from 0.11 are also captured whole. */
static uint32_t
capture_sizes(const struct scenario *s, const struct gpu *g, uint32_t *full)
{
	int r = engine_release(&engine_vllm, s);
	double seqs = max_num_seqs(s, g);
	double top = fmin(fmin(2 * seqs, 512), (double)engine_batched_tokens(s, g));
	uint32_t n = 0, nf = 0;

	for (uint32_t b = 1; b <= top; b = b < 4 ? b * 2 : b < 8 ? 8 :
	     b + (r >= R_0_13 && b >= 256 ? 16 : 8)) {
		n++;
		nf += b <= seqs;
	}
	*full = r >= R_0_11 ? nf : 0;
	return n;
}

/* NCCL's share of the graphs' memory on a layout */
static double
graph_comm_gib(const struct gpu *g, const struct layout *l)
{
	if (l->tp <= 1)
		return 0;
	return g->gpus_per_node > 0 && l->tp > g->gpus_per_node ? GRAPH_TP_NODES_GIB : GRAPH_TP_GIB;
}

static uint64_t
graphs(const struct scenario *s, const struct model *m, const struct gpu *g,
       const struct layout *l, const struct stage *st, struct plan_memory *mem)
{
	double mib;

	(void)m;
	mem->graph_sizes = capture_sizes(s, g, &mem->graph_sizes_full);
	mem->graph_pieces = st->last - st->first + 1;
	mib = mem->graph_sizes * (double)mem->graph_pieces * GRAPH_PIECE_MIB +
	      mem->graph_sizes_full * GRAPH_FULL_MIB;
	mem->graph_comm_gib = graph_comm_gib(g, l);
	return (uint64_t)((mib / 1024 + mem->graph_comm_gib) * GIB);
}

static double
round_up(double x, double to)
{
	return ceil(x / to) * to;
}

/* On a GPU without FP4 math vLLM runs MXFP4 experts on the Marlin
 * kernel ("Weight-only FP4 compression will be used leveraging the
 * Marlin kernel"), and Mxfp4MoEMethod.create_weights pads each rank's
 * expert intermediate size to a multiple of 128 and the hidden size to
 * 256 ("The moe marlin kernel requires that for each linear n % 256 ==
 * 0 and k % 128 == 0", quantization/mxfp4.py): gpt-oss's 2880 x 2880
 * experts load as 2944 x 3072, the scales padded alike. GPUs with FP4
 * math run other kernels, planned unpadded. */
static void
loaded(const struct scenario *s, const struct model *m, const struct gpu *g,
       const struct layout *l, enum weight_format experts, struct stage *st)
{
	double H = m->hidden, I = (double)m->expert_ffn / (double)l->tp;

	(void)s;
	/* Marlin is CUDA's; ROCm pads to its own alignment, not modelled */
	if (experts != WF_MXFP4 || g->tflops[CD_FP4] > 0 || strcmp(g->vendor, "nvidia") != 0 ||
	    st->n_moe == 0 || I <= 0)
		return;
	st->bits[PG_EXPERTS] *= round_up(I, 128) * round_up(H, 256) / (I * H);
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
	char term[48] = "";

	if (mem->graph_sizes > 0)
		explain_add(x, true, "CUDA graphs = sizes x pieces x piece + full x graph + NCCL = %u x %u x %.2f / 1024 + %u x %.0f / 1024 + %.2f = %.2f GiB",
			    mem->graph_sizes, mem->graph_pieces, GRAPH_PIECE_MIB,
			    mem->graph_sizes_full, GRAPH_FULL_MIB, mem->graph_comm_gib,
			    mem->graphs / GIB);
	if (mem->graphs_in_budget)
		snprintf(term, sizeof term, " - %.2f graphs", mem->graphs / GIB);
	explain_add(x, true, "KV pool = capacity x util - weights - act peak - non-torch%s = %s%.2f x %.2f - %.2f - %.2f - %.2f%s%s = %.2f GiB",
		    mem->graphs_in_budget ? " - graphs" : "",
		    clipped ? "max(0, " : "", mem->capacity / GIB, mem->engine_fraction,
		    mem->weights / GIB, mem->activations / GIB, mem->nontorch / GIB, term,
		    clipped ? ")" : "", mem->kv_pool / GIB);
}

/* gpu_worker.py and kv_cache_utils.py (report_kv_cache_config) */
static void
expected_log(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	char t[32], c[32];

	/* vLLM's hybrid allocator gives each recurrent layer a page that
	 * holds a whole state and raises the attention block size to
	 * match: its token count and concurrency follow from pages the
	 * plan does not lay out, so they are not predicted. */
	if (mem->kinds[ATTN_MAMBA] + mem->kinds[ATTN_LINEAR] > 0) {
		tb_printf(b, "Available KV cache memory: %.2f GiB (its token count and concurrency with Mamba or linear-attention layers are not predicted)",
			  (double)mem->kv_budget / GIB);
		return;
	}
	tb_printf(b, "Available KV cache memory: %.2f GiB; GPU KV cache size: %s tokens; "
		  "Maximum concurrency for %s tokens per request: %.2fx",
		  (double)mem->kv_budget / GIB, fmt_thousands(t, sizeof t, mem->log_kv_tokens),
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

/* Ray's default port: the other nodes join the head's Ray cluster
 * through it and vLLM places its ranks there; ray start --head and
 * --address, then vllm serve --distributed-executor-backend ray on the
 * head, TP within a node and PP across nodes (docs/serving/
 * parallelism_scaling.md, examples/online_serving/multi-node-serving.sh,
 * https://docs.vllm.ai/en/stable/examples/online_serving/multi-node-serving/). */
#define RAY_PORT 6379

static int
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct model *m = in->m;
	const struct layout *l = &in->p->layout;
	bool multi = engine_multinode(in);
	char path[SCENARIO_PATH_LEN];

	if (in->role == LAUNCH_WORKER) {
		tb_printf(b, "ray start --address=${HEAD_IP}:%d --block\n", RAY_PORT);
		return 0;
	}
	if (multi)
		tb_printf(b, "ray start --head --port=%d\n"
			  "# start ray on the other nodes too: vllm serve waits for their GPUs\n", RAY_PORT);
	/* a sampler given by hand is the one the plan reserved for */
	if (s->sampler == SAMPLER_FLASHINFER || s->sampler == SAMPLER_PYTORCH)
		tb_printf(b, "VLLM_USE_FLASHINFER_SAMPLER=%d ", s->sampler == SAMPLER_FLASHINFER);
	tb_printf(b, "vllm serve %s \\\n", engine_model_path(in, path, sizeof path));
	tb_printf(b, "  --host 0.0.0.0 --port %u \\\n", (unsigned)engine_vllm.port);
	tb_printf(b, "  --tensor-parallel-size %llu \\\n", (unsigned long long)l->tp);
	if (l->pp > 1)
		tb_printf(b, "  --pipeline-parallel-size %llu \\\n", (unsigned long long)l->pp);
	if (multi)
		tb_printf(b, "  --distributed-executor-backend ray \\\n");
	/* vLLM's EP spans the whole TP group */
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
	if (!s->multimodal && m->extra_params > 0)
		tb_printf(b, "  --limit-mm-per-prompt '{\"image\": 0}' \\\n");
	/* planned with every layer's KV at full context */
	if (!s->hybrid_kv && (m->window > 0 || m->chunk > 0))
		tb_printf(b, "  --disable-hybrid-kv-cache-manager \\\n");
	/* speculative decoding as planned (vLLM's SpeculativeConfig) */
	if (in->p->spec.method != SPEC_OFF) {
		static const char *const method[SPEC_COUNT] = {
			[SPEC_MTP] = "mtp", [SPEC_EAGLE] = "eagle3", [SPEC_NGRAM] = "ngram",
			[SPEC_DRAFT] = "draft_model",
		};
		enum spec_method sm = in->p->spec.method;

		tb_printf(b, "  --speculative-config '{\"method\": \"%s\"", method[sm]);
		if (sm == SPEC_EAGLE || sm == SPEC_DRAFT)
			tb_printf(b, ", \"model\": \"%s\"", engine_draft_path(in));
		tb_printf(b, ", \"num_speculative_tokens\": %llu%s}' \\\n",
			  (unsigned long long)in->p->spec.k,
			  sm == SPEC_NGRAM ? ", \"prompt_lookup_max\": 4" : "");
	}
	tb_printf(b, "  --gpu-memory-utilization %.2f\n", s->gpu_mem_util);
	if (in->p->spec.method == SPEC_EAGLE)
		tb_printf(b, "# EAGLE3_HEAD: an EAGLE-3 head trained for this model; the plan sized one of its shape\n");
	if (l->ep > 1 && l->ep != l->tp)
		tb_printf(b, "# vLLM spreads the experts over all %llu GPUs of the TP group, not --ep %llu of them\n",
			  (unsigned long long)l->tp, (unsigned long long)l->ep);
	if (s->kv == KV_INT8)
		tb_printf(b, "# vLLM has no INT8 KV cache; --kv-cache-dtype fp8 takes the same memory\n");
	if (s->weights != WF_BF16 && s->weights != WF_FP16 && s->weights != WF_FP8)
		tb_printf(b, "# %s weights: serve a checkpoint already quantized to it (vLLM reads the method from its config)\n",
			  weight_format_info(s->weights)->label);
	/* a dense model's replicas can share one server; an MoE model's
	 * data-parallel ranks would spread its experts differently */
	if (l->replicas > 1 && m->experts == 0 && !multi)
		tb_printf(b, "# or all %llu replicas in one server: --data-parallel-size %llu on %llu GPUs\n",
			  (unsigned long long)l->replicas, (unsigned long long)l->replicas,
			  (unsigned long long)l->gpus);
	if (engine_of(s) != &engine_vllm)
		tb_printf(b, "# memory was planned for %s; plan with --engine vllm for vLLM's\n",
			  engine_of(s)->id);
	return 0;
}

static const char *const knobs[] = {
	"engine-version", "gpu-mem-util", "max-num-seqs", "enforce-eager", "sampler", "multimodal",
	NULL,
};

const struct engine engine_vllm = {
	.id = "vllm",
	.name = "vLLM",
	.label = "vLLM (gpu_memory_utilization, profile run, 16-token pages)",
	.source = "profile run: vllm/v1/worker/gpu_model_runner.py; llm-d Planner "
		  "docs/empirical-vllm-memory-results.md (H100, util 0.9): non-torch "
		  "0.13 GiB TP1, 0.55 GiB TP2; CUDA graphs per captured size and piece "
		  "from vLLM's logs (PR #22897, issue #50780). "
		  "KV pages: vllm/v1/core/kv_cache_utils.py, block_size 16",
	.sizes = ENGINE_LLMD_SIZES,
	.kv_dtypes = ENGINE_KV_GPU,
	.moe_backend = MOE_BACKEND_TRITON,
	.cublas_gemms = true,
	.pp_microbatches = true,
	.iteration = ITER_MIXED,
	.kv_block = 16,
	.uses_util = true,
	.window_plus_batched = true,
	.outside_what = "CUDA graphs",
	.outside_is_overhead = true,
	.fraction = fraction,
	.activations = activations,
	.loaded = loaded,
	.batched_tokens = batched_tokens,
	.eager = eager,
	.graphs = graphs,
	.budget = budget,
	.budget_note = budget_note,
	.explain_pool = explain_pool,
	.expected_log = expected_log,
	.warnings = warnings,
	.launch = launch,
	.port = 8000,
	.image = "vllm/vllm-openai:latest",
	.node_pods = true,
	.knobs = knobs,
	.releases = releases,
};
