/* llamacpp.c - llama.cpp allocates exactly the weights, the KV for
 * n_ctx and a compute buffer per device, with no cap; -ngl and
 * --cpu-moe keep layers or experts in host memory. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "gpu.h"
#include "memory.h"
#include "plan.h"

extern const struct engine engine_llamacpp;

/* common/common.h: the default micro-batch, n_ubatch, and logical
 * batch, n_batch; n_ubatch = min(n_batch, n_ubatch) in llama_context. */
#define N_UBATCH 512
#define N_BATCH 2048
/* ggml.h GGML_KQ_MASK_PAD: the mask's token rows are padded to it. */
#define KQ_MASK_PAD 64
/* llama-context.cpp pads n_ctx to 256 cells (GGML_PAD(n_ctx, 256)),
 * with or without flash attention; older builds' get_padding gave 32
 * without it. */
#define KV_PAD 256

/* The tokens of one micro-batch: --ubatch, at most n_ctx (-c, all
 * slots; llama_context caps n_batch at n_ctx). */
static double
ubatch_tokens(const struct scenario *s)
{
	double ub = (double)s->ubatch, n_ctx = (double)s->context * (double)s->batch;

	return ub < n_ctx ? ub : n_ctx;
}

/* The compute buffer of one GPU: the peak of the graph the allocator
 * reserves for one micro-batch (llama-context.cpp sched_reserve), each
 * device holding the nodes of its own layers.
 * - FFN: the f32 gate and up activations of the widest FFN a token
 *   uses; the stage holding the output adds the f32 logits of every
 *   token. 306 MiB against 296 MiB logged for Llama-3-8B.
 * - Flash attention off (build_attn_mha): the f32 scores kq [n_kv,
 *   n_ubatch, n_head] of one layer (reused by the next; soft_max runs
 *   in place, ggml-alloc ggml_op_can_inplace), with the f32 KQ mask
 *   [n_kv, n_ubatch padded to 64], the layer input and its normed copy
 *   (n_ubatch x d) and q and the attention output (n_ubatch x n_head x
 *   head_dim). The buffer is the larger of the two phases. n_kv is one
 *   slot's context: with --parallel the cache is per sequence (not
 *   kv_unified), each stream attends its n_ctx / n_seq_max cells. */
static uint64_t
activations(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct layout *l, const struct stage *st)
{
	double ffn = 0, ub = ubatch_tokens(s), buf, attn, n_kv, ub_pad, heads, hd;
	uint32_t gpu_layers = 0;

	for (uint32_t i = st->first; i < st->last; i++) {
		double w = m->no_ffn[i] ? 0 : m->experts > 0 && m->moe[i] ?
			(double)m->top_k * m->expert_ffn + (double)m->shared_experts * m->shared_ffn :
			(double)model_dense_width(m, i);

		if (w > ffn)
			ffn = w;
	}
	(void)g;
	buf = ub * 4.0 * 2.0 * ffn;
	if (st->last == m->layers && st->params[PG_LM_HEAD] > 0)
		buf += ub * 4.0 * m->vocab;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		if (attn_kind_has_kv((enum attn_kind)k))
			gpu_layers += st->kinds[k];
	if (s->flash_attn != FA_OFF || gpu_layers == 0)
		return (uint64_t)buf;

	/* the cells one slot keeps, padded as the cache is (kv_block) */
	n_kv = ceil((double)s->context / KV_PAD) * KV_PAD;
	if (st->kinds[ATTN_FULL] + st->kinds[ATTN_MLA] + st->kinds[ATTN_DSA] == 0) {
		double win = (double)(m->window > m->chunk ? m->window : m->chunk) + ub;

		if (win < n_kv)
			n_kv = ceil(win / KV_PAD) * KV_PAD;
	}
	ub_pad = ceil(ub / KQ_MASK_PAD) * KQ_MASK_PAD;
	heads = (double)m->heads / (double)l->tp;
	/* the widest head: Gemma 4's full layers have their own */
	hd = model_head_dim(m, ATTN_FULL) > m->head_dim ? model_head_dim(m, ATTN_FULL) : m->head_dim;
	attn = n_kv * ub * heads * 4.0 + n_kv * ub_pad * 4.0 +
	       ub * 4.0 * (2.0 * m->hidden + 2.0 * heads * hd);
	return (uint64_t)(attn > buf ? attn : buf);
}

static void
move(struct stage *st, enum param_group g, double amount)
{
	if (amount > st->params[g])
		amount = st->params[g];
	st->params[g] -= amount;
	st->host_params[g] += amount;
}

/* MXFP4 weights under llama.cpp are a GGUF file of the MXFP4_MOE type
 * (llama-quant.cpp: 3-D expert tensors to MXFP4, every other quantized
 * tensor to Q8_0), and the router (ffn_gate_inp is never quantized),
 * norms, biases and sinks stay F32: gpt-oss-120b's file holds 108
 * MXFP4, 146 Q8_0 (36 x q, k, v, o, token_embd and output) and 433
 * F32 tensors, 59.02 GiB (llama.cpp#15253). */
static void
loaded(const struct scenario *s, const struct model *m, const struct gpu *g,
       const struct layout *l, enum weight_format experts, struct stage *st)
{
	static const enum param_group q8[] = {
		PG_EMBED, PG_LM_HEAD, PG_ATTN, PG_DENSE_FFN, PG_SHARED, PG_EXTRA,
	};
	double q8_bits = ggml_type_bits(GT_Q8_0), f32_bits = ggml_type_bits(GT_F32);

	(void)g;
	(void)l;
	if (experts != WF_MXFP4 || weight_format_info(s->weights)->gguf != GT_NONE ||
	    m->quant_exact)
		return;
	for (size_t i = 0; i < sizeof q8 / sizeof q8[0]; i++)
		st->bits[q8[i]] = st->host_bits[q8[i]] = q8_bits;
	st->bits[PG_ROUTER] = st->host_bits[PG_ROUTER] = f32_bits;
	st->bits[PG_NORM] = st->host_bits[PG_NORM] = f32_bits;
}

/* The first block on the GPUs: llama_model::load_tensors' i_gpu_start
 * = max(n_layer + 1 - n_gpu_layers, 0), over n_layer + 1 slots, the
 * last being the output layer. */
static uint32_t
gpu_start(const struct scenario *s, const struct model *m)
{
	double ngl = s->ngl < 0 ? (double)m->layers + 1 : floor(s->ngl);

	return ngl >= (double)m->layers + 1 ? 0 : (uint32_t)((double)m->layers + 1 - ngl);
}

static void
offload(const struct scenario *s, const struct model *m, const struct layout *l,
	struct stage *st)
{
	uint32_t n = st->last - st->first, start, cpu_end, n_cpu = 0, cpu_moe = 0;
	bool moe = m->experts > 0, output_on_gpu;
	double ngl, per;

	if (n == 0)
		return;
	/* -ngl k puts the output layer and the last k - 1 blocks on the
	 * GPUs; only k > n_layer offloads every block (gpu_start). */
	ngl = s->ngl < 0 ? (double)m->layers + 1 : floor(s->ngl);
	start = gpu_start(s, m);
	output_on_gpu = ngl >= 1;
	cpu_end = start < st->last ? start : st->last;
	for (uint32_t i = st->first; i < cpu_end; i++) {
		enum attn_kind k = m->attn[i] < ATTN_KIND_COUNT ? (enum attn_kind)m->attn[i] : ATTN_FULL;

		n_cpu++;
		cpu_moe += moe && m->moe[i];
		st->kinds[k]--;
		st->host_kinds[k]++;
	}
	if (n_cpu > 0) {
		double norms = st->params[PG_NORM] - (l->pp > 0 && st->last == m->layers ? m->hidden : 0);

		move(st, PG_ATTN, st->params[PG_ATTN] * n_cpu / n);
		move(st, PG_NORM, norms * n_cpu / n);
		if (n > st->n_moe)
			move(st, PG_DENSE_FFN, st->params[PG_DENSE_FFN] *
			     (double)(n_cpu - cpu_moe) / (double)(n - st->n_moe));
		if (st->n_moe > 0) {
			per = (double)cpu_moe / st->n_moe;
			move(st, PG_EXPERTS, st->params[PG_EXPERTS] * per);
			move(st, PG_SHARED, st->params[PG_SHARED] * per);
			move(st, PG_ROUTER, st->params[PG_ROUTER] * per);
		}
	}
	/* The input layer always stays on the CPU (a row lookup). */
	move(st, PG_EMBED, st->params[PG_EMBED]);
	if (!output_on_gpu) {
		move(st, PG_LM_HEAD, st->params[PG_LM_HEAD]);
		if (st->last == m->layers)
			move(st, PG_NORM, m->hidden);	/* output_norm */
	} else if (m->tied_embeddings && st->last == m->layers) {
		/* The GPU gets its own copy of a tied output matrix. */
		st->params[PG_LM_HEAD] += (double)m->vocab * m->hidden / (double)l->tp;
	}
	/* --cpu-moe: the ffn_*_exps tensors of every layer stay in RAM;
	 * shared experts and routers do not match and stay on the GPU.
	 * --n-cpu-moe N: those of the first N layers (common/arg.cpp). */
	if (s->cpu_moe) {
		move(st, PG_EXPERTS, st->params[PG_EXPERTS]);
	} else if (s->n_cpu_moe > 0 && st->n_moe > cpu_moe) {
		uint32_t from = cpu_end > st->first ? cpu_end : st->first, n_exp = 0;

		for (uint32_t i = from; i < st->last && i < s->n_cpu_moe; i++)
			n_exp += moe && m->moe[i];
		move(st, PG_EXPERTS, st->params[PG_EXPERTS] * n_exp / (double)(st->n_moe - cpu_moe));
	}
}

/* --split-mode layer (the default): each GPU of the group holds whole
 * layers and runs them in turn, a pipeline without micro-batches; row
 * splits the tensors, as tensor parallelism. load_tensors gives block
 * il to GPU upper_bound(splits, (il - i_gpu_start) / act) of the
 * cumulative splits, by free memory when no --tensor-split is given:
 * d / n on n like GPUs, act = min(n_gpu_layers, n_layer + 1). So GPU d
 * starts at i_gpu_start + ceil(d x act / n): Llama-3.1-70B's 80 blocks
 * go 41 + 39 on two GPUs, the output layer with the last. The blocks
 * kept on the CPU belong to the first stage (offload moves them). */
static bool
layout(const struct scenario *s, const struct model *m, struct layout *l)
{
	uint32_t start = gpu_start(s, m), act = m->layers + 1 - start;

	if (s->split_mode != SPLIT_LAYER || l->tp <= 1)
		return false;
	l->pp *= l->tp;
	l->tp = 1;
	l->ep = 1;
	if (l->pp > LAYOUT_MAX_CUTS)
		return true;
	l->cut[0] = 0;
	for (uint64_t d = 1; d < l->pp; d++) {
		uint64_t c = start + (d * act + l->pp - 1) / l->pp;

		l->cut[d] = (uint32_t)(c < m->layers ? c : m->layers);
	}
	l->cut[l->pp] = m->layers;
	return true;
}

static void
budget_note(struct textbuf *b, const struct scenario *s, const struct plan_memory *mem)
{
	(void)s;
	(void)mem;
	tb_printf(b, "; weights, KV and a compute buffer, no cap");
}

static int
launch(struct textbuf *b, const struct engine_launch_input *in)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	uint64_t n = l->tp * l->pp;
	const char *cache = s->kv == KV_BF16 ? "bf16" : s->kv == KV_FP16 ? "f16" :
			    s->kv == KV_Q4_0 ? "q4_0" : "q8_0";

	if (engine_multinode(in))
		return engine_refuse_multinode(b, &engine_llamacpp, in);
	/* llama-server's -c is the context of all slots together. */
	if (s->model_file[0])
		tb_printf(b, "llama-server -m %s \\\n", s->model_file);
	else
		tb_printf(b, "llama-server -m %s-%s.gguf \\\n", in->m->id,
			  weight_format_info(s->weights)->id);
	tb_printf(b, "  --host 0.0.0.0 --port %u \\\n", (unsigned)engine_llamacpp.port);
	tb_printf(b, "  -c %llu --parallel %llu \\\n",
		  (unsigned long long)(s->context * s->batch), (unsigned long long)s->batch);
	if (s->ngl >= 0)
		tb_printf(b, "  -ngl %.0f \\\n", floor(s->ngl));
	else
		tb_printf(b, "  -ngl 999 \\\n");
	if (s->cpu_moe)
		tb_printf(b, "  --cpu-moe \\\n");
	if (n > 1) {
		tb_printf(b, "  --split-mode %s \\\n", s->split_mode == SPLIT_ROW ? "row" : "layer");
		/* the even split the plan's stages assume, not one by each
		 * GPU's free memory at start-up (load_tensors' default) */
		tb_printf(b, "  --tensor-split ");
		for (uint64_t i = 0; i < n; i++)
			tb_printf(b, "%s1", i > 0 ? "," : "");
		tb_printf(b, " \\\n");
	}
	if (s->n_cpu_moe > 0 && !s->cpu_moe)
		tb_printf(b, "  --n-cpu-moe %llu \\\n", (unsigned long long)s->n_cpu_moe);
	if (s->ubatch > N_BATCH)
		tb_printf(b, "  --batch-size %llu \\\n", (unsigned long long)s->ubatch);
	if (s->ubatch != N_UBATCH)
		tb_printf(b, "  --ubatch-size %llu \\\n", (unsigned long long)s->ubatch);
	tb_printf(b, "  --flash-attn %s \\\n", s->flash_attn == FA_OFF ? "off" :
		  s->flash_attn == FA_ON ? "on" : "auto");
	tb_printf(b, "  --cache-type-k %s --cache-type-v %s\n", cache, cache);
	if (s->kv == KV_FP8)
		tb_printf(b, "# llama.cpp has no FP8 KV cache; q8_0 is the nearest (8.5 bits)\n");
	if (l->ep > 1)
		tb_printf(b, "# llama.cpp has no expert parallelism: --ep %llu is not launched\n",
			  (unsigned long long)l->ep);
	if (in->p->spec.method != SPEC_OFF)
		tb_printf(b, "# speculative decoding (--spec %s) is planned but not written here: set it up in llama.cpp's own options\n",
			  in->s->spec);
	if (engine_of(s) != &engine_llamacpp)
		tb_printf(b, "# memory was planned for %s; plan with --engine llamacpp for llama.cpp's\n",
			  engine_of(s)->id);
	return 0;
}

static void
warnings(const struct scenario *s, const struct plan_memory *mem, struct plan *p)
{
	(void)mem;
	/* llama-context.cpp: "quantized V cache was requested, but this
	 * requires Flash Attention" (fp8 and int8 are launched as q8_0) */
	if (s->flash_attn == FA_OFF && s->kv != KV_BF16 && s->kv != KV_FP16)
		plan_warn(p, W_ENGINE_REFUSES, SEV_ERROR,
			  "llama.cpp would refuse to start: a quantized V cache (%s) requires flash attention, and --flash-attn is off",
			  kv_dtype_id(s->kv));
}

/* llama.cpp's start-up lines, in its units (MiB = 2^20 B, "%.2f"):
 * load_tensors "<dev> model buffer size", llama_kv_cache "<dev> KV
 * buffer size", llama_context "<dev> compute buffer size", and the
 * host part as "CPU_Mapped model buffer size", which maps the file
 * from its first host tensor to its last and so can hold GPU tensors
 * too. Devices are named by backend: CUDA0, ROCm0 (HIP), SYCL0, Metal. */
static void
device_log(struct textbuf *b, const struct gpu *g, const struct memory_device *d,
	   uint64_t n, uint64_t i)
{
	const char *dev = strcmp(g->vendor, "amd") == 0 ? "ROCm" :
			  strcmp(g->vendor, "intel") == 0 ? "SYCL" :
			  strcmp(g->vendor, "apple") == 0 ? "Metal" : "CUDA";
	char name[16];
	uint64_t host = 0;

	if (i == n) {
		for (uint64_t k = 0; k < n; k++)
			host += d[k].host_weights;
		if (host > 0)
			tb_printf(b, "CPU_Mapped model buffer size = %.2f MiB or more (it maps a span of the file)",
				  host / MIB);
		return;
	}
	if (strcmp(dev, "Metal") == 0)
		snprintf(name, sizeof name, "%s", dev);
	else
		snprintf(name, sizeof name, "%s%llu", dev, (unsigned long long)i);
	tb_printf(b, "%s model buffer size = %.2f MiB, KV buffer size = %.2f MiB, compute buffer size = %.2f MiB",
		  name, d[i].weights / MIB, d[i].kv_cache / MIB, d[i].activations / MIB);
}

static const char *const knobs[] = {
	"ngl", "cpu-moe", "n-cpu-moe", "flash-attn", "ubatch", "split-mode", "host-bw-gbs", NULL,
};

const struct engine engine_llamacpp = {
	.id = "llamacpp",
	.name = "llama.cpp",
	.label = "llama.cpp (weights + KV + compute buffer per device, no cap)",
	.source = "llama.cpp src/llama-context.cpp (n_ctx padded to 256; "
		  "sched_reserve), common/common.h (n_ubatch 512; sliding/chunked "
		  "layers keep window + n_ubatch, llama-kv-cache-iswa.cpp), compute buffer ~ n_ubatch x 4 B "
		  "x (vocab + 2 x FFN width), 306 MiB vs 296 MiB logged for "
		  "Llama-3-8B, plus the f32 attention scores n_kv x n_ubatch x "
		  "heads x 4 B with flash attention off; the token embedding "
		  "stays in host memory "
		  "(tok_embd in CPU_Mapped in the same log); CUDA context as "
		  "vLLM's non-torch 0.13 GiB",
	.sizes = {
		.nontorch_gib_tp1 = ENGINE_LLMD_NONTORCH_TP1_GIB,
		.nontorch_gib_tp = ENGINE_LLMD_NONTORCH_TP1_GIB,
	},
	/* fp8 and int8 are written as q8_0, the nearest (launch line) */
	.kv_dtypes = ENGINE_KV_GPU | (1u << KV_Q8_0) | (1u << KV_Q4_0),
	.iteration = ITER_MIXED,
	.kv_block = KV_PAD,
	/* llama-kv-cache-iswa.cpp: the SWA cache holds n_swa + n_ubatch
	 * cells per sequence */
	.window_plus_ubatch = true,
	/* llama-model.cpp create_memory: llama_memory_recurrent and the
	 * hybrid's recurrent part take GGML_TYPE_F32 for r and s */
	.state_f32 = true,
	/* server.cpp: a slot reuses its own cells of an earlier prompt
	 * (cache_prompt), never another slot's */
	.prefix_private = true,
	.label_in_report = true,
	.activation_note = "compute buffer of one --ubatch micro-batch",
	.activations = activations,
	.layout = layout,
	.loaded = loaded,
	.offload = offload,
	.budget = engine_budget_capacity,
	.budget_note = budget_note,
	.explain_pool = engine_explain_pool_capacity,
	.warnings = warnings,
	.device_log = device_log,
	.launch = launch,
	.port = 8080,
	.image = "ghcr.io/ggml-org/llama.cpp:server-cuda",
	/* the server images keep the binary in /app, off PATH (its
	 * entrypoint is /app/llama-server); the GGUF file is the user's */
	.image_setup = "# mount the GGUF file at /models\n"
		       "PATH=\"/app:$PATH\"\n"
		       "cd /models\n",
	.knobs = knobs,
};
