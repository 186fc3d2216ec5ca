/* memory.c - per-GPU memory. Engine constants are measured values with
 * their source; every one can be overridden from the scenario. */
#include <math.h>
#include <string.h>

#include "memory.h"

#define GIB 1073741824.0

static const struct engine_profile profiles[ENGINE_COUNT] = {
	[ENGINE_SIMPLE] = {
		"simple", "simple (activations 3% + runtime 2% of weights)",
		BUDGET_CAPACITY, 0.03, 0.02, 0, 0, 0, 0, 0, 1, false, false, 0,
		"the seed articles' rule of thumb; kept to reproduce their tables",
	},
	[ENGINE_VLLM] = {
		"vllm", "vLLM (gpu_memory_utilization, profile run, 16-token pages)",
		BUDGET_TOTAL_FRACTION, 0, 0, 5.6, 7.4, 0.13, 0.55, 1.0, 16, true, true, 0,
		"llm-d Planner docs/empirical-vllm-memory-results.md (H100, "
		"util 0.9): activations 4.8-5.6 GiB dense, 7.4 GiB MoE; "
		"non-torch 0.13 GiB TP1, 0.55 GiB TP2; CUDA graphs up to 1.0 GiB. "
		"KV pages: vllm/v1/core/kv_cache_utils.py, block_size 16",
	},
	/* SGLang model_runner.py profile_max_num_token: the KV pool is what
	 * is free after loading the weights minus total x (1 -
	 * mem_fraction_static); activations and CUDA graphs use that
	 * remainder. No SGLang breakdown of them is published, so vLLM's
	 * measured sizes stand in (SGLang's own reserve on 80 GB cards is
	 * 9.5 + TP*PP/2 GiB, server_args.py). */
	[ENGINE_SGLANG] = {
		"sglang", "SGLang (mem_fraction_static holds weights + KV, token pages)",
		BUDGET_STATIC_FRACTION, 0, 0, 5.6, 7.4, 0.13, 0.55, 1.0, 1, true, false, 0,
		"SGLang python/sglang/srt/server_args.py (mem_fraction_static "
		"0.88 TP1, 0.87 TP2, 0.85 TP4, 0.81 TP8, 0.79 TP16; page_size 1) "
		"and model_executor/model_runner.py profile_max_num_token; "
		"activations, non-torch memory and CUDA graphs as measured for "
		"vLLM on H100 (llm-d Planner)",
	},
	/* TensorRT-LLM KvCacheConfig.free_gpu_memory_fraction: the KV cache
	 * takes that share of the memory still free once the model and
	 * its activation buffers are in place. */
	[ENGINE_TRTLLM] = {
		"trtllm", "TensorRT-LLM (KV = free_gpu_memory_fraction of free memory, 32-token blocks)",
		BUDGET_FREE_FRACTION, 0, 0, 5.6, 7.4, 0.13, 0.55, 1.0, 32, true, false, 0,
		"TensorRT-LLM docs examples/kvcacheconfig.html and llm-api "
		"KvCacheConfig (free_gpu_memory_fraction 0.9 of free memory, "
		"tokens_per_block 32); activation peak as measured for vLLM on "
		"H100 at 8192 batched tokens (llm-d Planner), TRT-LLM's "
		"max_num_tokens default",
	},
	/* llama.cpp allocates exactly weights + KV for n_ctx + a compute
	 * buffer per device, with no cap. */
	[ENGINE_LLAMACPP] = {
		"llamacpp", "llama.cpp (weights + KV + compute buffer per device, no cap)",
		BUDGET_CAPACITY, 0, 0, 0, 0, 0.13, 0.13, 0, 256, false, false, 512,
		"llama.cpp src/llama-kv-cache.cpp get_padding (KV cells padded "
		"to 256 with flash attention), common/common.h (n_ubatch 512; "
		"sliding/chunked layers keep window + n_ubatch), compute buffer "
		"~ n_ubatch x 4 B x (vocab + 2 x FFN width), 306 MiB vs 296 MiB "
		"logged for Llama-3-8B; the token embedding stays in host memory "
		"(tok_embd in CPU_Mapped in the same log); CUDA context as "
		"vLLM's non-torch 0.13 GiB",
	},
};

const struct engine_profile *
engine_profile(enum engine_kind e)
{
	return &profiles[(unsigned)e < ENGINE_COUNT ? e : ENGINE_VLLM];
}

double
memory_engine_fraction(const struct scenario *s, uint64_t tp)
{
	switch (s->engine) {
	case ENGINE_VLLM:
		return s->gpu_mem_util;
	case ENGINE_SGLANG:
		if (s->mem_fraction_static >= 0)
			return s->mem_fraction_static;
		/* server_args.py: "depends on the tensor parallelism size" */
		return tp >= 16 ? 0.79 : tp >= 8 ? 0.81 : tp >= 4 ? 0.85 :
		       tp >= 2 ? 0.87 : 0.88;
	case ENGINE_TRTLLM:
		return s->kv_free_fraction;
	default:
		return 1.0;
	}
}

uint64_t
memory_llamacpp_compute_bytes(const struct model *m)
{
	double ffn = 0;

	for (uint32_t i = 0; i < m->layers; i++) {
		double w = m->experts > 0 && m->moe[i] ?
			(double)m->top_k * m->expert_ffn + (double)m->shared_experts * m->shared_ffn :
			(double)m->dense_ffn;

		if (w > ffn)
			ffn = w;
	}
	return (uint64_t)(512.0 * 4.0 * ((double)m->vocab + 2.0 * ffn));
}

uint64_t
memory_model_bytes(const struct model_counts *c, enum weight_format f)
{
	double bits = 0;

	for (int g = 0; g < PG_COUNT; g++)
		bits += (double)c->group[g] * weight_format_group_bits(f, (enum param_group)g, c->n_moe_layers > 0);
	return (uint64_t)ceil(bits / 8);
}

uint64_t
memory_checkpoint_bytes(const struct model *m, const struct model_counts *c,
			enum weight_format f)
{
	double mtp = 0;

	if (m->mtp_params > 0) {
		double copies = 2.0 * m->vocab * m->hidden;
		bool moe = c->n_moe_layers > 0;

		if (copies > (double)m->mtp_params)
			copies = 0;
		mtp = copies * weight_format_group_bits(f, PG_EMBED, moe) / 8 +
		      ((double)m->mtp_params - copies) *
		      weight_format_group_bits(f, PG_EXPERTS, moe) / 8;
	}
	return memory_model_bytes(c, f) + (uint64_t)ceil(mtp);
}

/* Layers of stage `index` when L layers are split over pp stages as
 * evenly as possible, the earlier stages taking the remainder. */
static void
stage_range(uint32_t layers, uint64_t pp, uint64_t index, uint32_t *first,
	    uint32_t *last)
{
	uint64_t base = layers / pp, rem = layers % pp;

	*first = (uint32_t)(index * base + (index < rem ? index : rem));
	*last = (uint32_t)(*first + base + (index < rem ? 1 : 0));
}

void
memory_stage(const struct model *m, const struct model_counts *c,
	     enum weight_format f, const struct layout *l, uint64_t index,
	     struct stage *st)
{
	double tp = (double)l->tp;
	uint32_t n = 0;
	double attn = (double)model_attn_params(m);
	double bits = 0;

	stage_range(m->layers, l->pp, index, &st->first, &st->last);
	n = st->last - st->first;
	kv_count_kinds(m, st->first, st->last, st->kinds);
	st->n_moe = 0;
	for (uint32_t i = st->first; i < st->last; i++)
		st->n_moe += m->experts > 0 && m->moe[i];
	for (int g = 0; g < PG_COUNT; g++)
		st->params[g] = 0;

	/* Heads split TP ways; K and V projections stop shrinking once
	 * each GPU is down to one KV head. */
	if (m->kv_lora_rank == 0) {
		double kv = 2.0 * m->hidden * m->kv_heads * m->head_dim;
		double share = (double)kv_heads_per_gpu(m, l->tp) / m->kv_heads;

		attn = (attn - kv) / tp + kv * share;
	} else {
		/* q_a_proj and kv_a_proj_with_mqa (to the latents) are
		 * replicated on every rank in vLLM and SGLang; the rest is
		 * split by heads. */
		double down = (double)m->hidden * ((double)m->q_lora_rank + m->kv_lora_rank +
						   m->qk_rope_dim);

		attn = (attn - down) / tp + down;
	}
	st->params[PG_ATTN] = n * attn;
	st->params[PG_NORM] = n * ((double)c->group[PG_NORM] - m->hidden) / m->layers;
	st->params[PG_DENSE_FFN] = (double)(n - st->n_moe) * 3.0 * m->hidden *
				   m->dense_ffn / tp;
	if (c->n_moe_layers > 0) {
		st->params[PG_EXPERTS] = (double)c->group[PG_EXPERTS] / c->n_moe_layers * st->n_moe / tp;
		st->params[PG_SHARED] = (double)c->group[PG_SHARED] / c->n_moe_layers * st->n_moe / tp;
		st->params[PG_ROUTER] = (double)c->group[PG_ROUTER] / c->n_moe_layers * st->n_moe;
	}
	if (index == 0) {
		st->params[PG_EMBED] = (double)c->group[PG_EMBED] / tp;
		st->params[PG_EXTRA] = (double)c->group[PG_EXTRA] / tp;
	}
	if (index == l->pp - 1) {
		st->params[PG_LM_HEAD] = (double)c->group[PG_LM_HEAD] / tp;
		st->params[PG_NORM] += m->hidden;
	}
	for (int g = 0; g < PG_COUNT; g++)
		bits += st->params[g] * weight_format_group_bits(f, (enum param_group)g,
								 c->n_moe_layers > 0);
	st->weight_bytes = (uint64_t)ceil(bits / 8);
}

static double
stage_weight_bits(const double params[PG_COUNT], enum weight_format f, bool moe)
{
	double bits = 0;

	for (int g = 0; g < PG_COUNT; g++)
		bits += params[g] * weight_format_group_bits(f, (enum param_group)g, moe);
	return bits;
}

static void
move(struct stage *st, enum param_group g, double amount)
{
	if (amount > st->params[g])
		amount = st->params[g];
	st->params[g] -= amount;
	st->host_params[g] += amount;
}

void
memory_offload(const struct scenario *s, const struct model *m,
	       const struct layout *l, enum weight_format f, struct stage *st)
{
	uint32_t n = st->last - st->first, start, cpu_end, n_cpu = 0, cpu_moe = 0;
	bool moe = m->experts > 0, output_on_gpu;
	double ngl, per;

	for (int g = 0; g < PG_COUNT; g++)
		st->host_params[g] = 0;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		st->host_kinds[k] = 0;
	st->host_weight_bytes = 0;
	if (s->engine != ENGINE_LLAMACPP || n == 0)
		return;

	/* src/llama-model.cpp load_tensors: i_gpu_start = max(n_layer + 1 -
	 * n_gpu_layers, 0) over n_layer + 1 slots, the last being the
	 * output layer: -ngl k puts the output layer and the last k - 1
	 * blocks on the GPUs, only k > n_layer offloads every block. */
	ngl = s->ngl < 0 ? (double)m->layers + 1 : floor(s->ngl);
	start = ngl >= (double)m->layers + 1 ? 0 : (uint32_t)((double)m->layers + 1 - ngl);
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
	} else if (m->tied_embeddings && st->last == m->layers)
		/* The GPU gets its own copy of a tied output matrix. */
		st->params[PG_LM_HEAD] += (double)m->vocab * m->hidden / (double)l->tp;
	/* --cpu-moe: the ffn_*_exps tensors of every layer stay in RAM;
	 * shared experts and routers do not match and stay on the GPU. */
	if (s->cpu_moe)
		move(st, PG_EXPERTS, st->params[PG_EXPERTS]);
	st->weight_bytes = (uint64_t)ceil(stage_weight_bits(st->params, f, moe) / 8);
	st->host_weight_bytes = (uint64_t)ceil(stage_weight_bits(st->host_params, f, moe) / 8);
}

void
memory_kv_policy(const struct scenario *s, const struct layout *l,
		 struct kv_policy *p)
{
	const struct engine_profile *e = engine_profile(s->engine);

	p->dtype = s->kv;
	p->tp = l->tp;
	p->hybrid = s->hybrid_kv;
	p->block = e->block;
	p->extra_tokens = e->extra_window_tokens ? s->max_batched_tokens : e->window_extra;
}

/* Byte counts saturate at 2^62 (4 EiB) instead of wrapping: a billion
 * tokens times 65,536 sequences would overflow 64 bits, and a wrapped
 * count would print a plan that fits. */
#define BYTES_MAX (UINT64_C(1) << 62)

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{
	return b != 0 && a > BYTES_MAX / b ? BYTES_MAX : a * b;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > BYTES_MAX || b > BYTES_MAX - a ? BYTES_MAX : a + b;
}

static uint64_t
gib(double v)
{
	return (uint64_t)(v * GIB);
}

/* Largest len whose batch of sequences fits in pool. */
static uint64_t
max_context(const struct model *m, const struct stage *st, uint64_t batch,
	    uint64_t pool, uint64_t hi, const struct kv_policy *p)
{
	uint64_t lo = 0;

	if ((double)batch * (double)kv_seq_bytes(m, st->kinds, hi, p) <= (double)pool)
		return hi;
	while (lo + 1 < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if ((double)batch * (double)kv_seq_bytes(m, st->kinds, mid, p) <= (double)pool)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void
stage_memory(const struct scenario *s, const struct model *m,
	     const struct gpu *g, const struct layout *l, const struct stage *st,
	     struct plan_memory *mem)
{
	const struct engine_profile *e = engine_profile(s->engine);
	struct kv_policy p, naive;
	uint64_t used_fixed, hi, nontorch = 0, graphs = 0;
	double per_token = 0, frac = memory_engine_fraction(s, l->tp);

	memset(mem, 0, sizeof *mem);
	memory_kv_policy(s, l, &p);
	naive = p;
	naive.hybrid = false;

	mem->capacity = g->usable_bytes;
	mem->engine_fraction = frac;
	mem->weights = st->weight_bytes;
	if (s->activation_gib >= 0)
		mem->activations = gib(s->activation_gib);
	else if (s->engine == ENGINE_LLAMACPP)
		mem->activations = memory_llamacpp_compute_bytes(m);
	else if (e->activation_gib_dense > 0)
		mem->activations = gib(m->experts > 0 ? e->activation_gib_moe
						      : e->activation_gib_dense);
	else
		mem->activations = (uint64_t)((double)st->weight_bytes * e->activation_frac);
	if (s->overhead_gib >= 0) {
		mem->overhead = gib(s->overhead_gib);
		nontorch = mem->overhead;
	} else if (e->nontorch_gib_tp1 > 0) {
		nontorch = gib(l->tp > 1 ? e->nontorch_gib_tp : e->nontorch_gib_tp1);
		graphs = gib(e->graphs_gib);
		mem->overhead = nontorch + graphs;
	} else {
		mem->overhead = (uint64_t)((double)st->weight_bytes * e->overhead_frac);
	}

	mem->kv_heads_per_gpu = kv_heads_per_gpu(m, l->tp);
	mem->kv_per_token_layer = (uint64_t)kv_layer_token_bytes(m,
		m->kv_lora_rank ? ATTN_MLA : ATTN_FULL,
		&(struct kv_policy){.dtype = s->kv, .tp = 1});
	mem->kv_per_seq = kv_seq_bytes(m, st->kinds, s->context, &p);
	mem->kv_per_seq_naive = kv_seq_bytes(m, st->kinds, s->context, &naive);
	mem->hybrid_used = s->hybrid_kv &&
		(st->kinds[ATTN_SLIDING] + st->kinds[ATTN_CHUNKED]) > 0;
	mem->kv_cache = sat_mul(s->batch, mem->kv_per_seq);
	mem->host_weights = st->host_weight_bytes * l->tp;
	mem->host_kv = sat_mul(sat_mul(s->batch, kv_seq_bytes(m, st->host_kinds, s->context, &p)),
			       l->tp);
	mem->gpu_layers = st->last - st->first;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		mem->gpu_layers -= st->host_kinds[k];

	used_fixed = mem->weights + mem->activations + mem->overhead;
	mem->before_kv = used_fixed;
	mem->free = (int64_t)mem->capacity - (int64_t)sat_add(used_fixed, mem->kv_cache);
	switch (e->budget) {
	case BUDGET_TOTAL_FRACTION:
		/* vLLM gpu_worker.determine_available_memory */
		mem->budget = (uint64_t)((double)mem->capacity * frac);
		mem->kv_pool = mem->budget > used_fixed ? mem->budget - used_fixed : 0;
		mem->fits = mem->budget >= used_fixed && mem->kv_pool >= mem->kv_cache &&
			    mem->kv_pool >= mem->kv_per_seq;
		break;
	case BUDGET_STATIC_FRACTION: {
		/* Weights and the memory held before profiling count against
		 * the static budget; activations and graphs must fit in the
		 * rest of the GPU. */
		uint64_t held = mem->weights + nontorch;

		mem->before_kv = held;

		mem->budget = (uint64_t)((double)mem->capacity * frac);
		mem->outside_budget = mem->activations + graphs;
		mem->kv_pool = mem->budget > held ? mem->budget - held : 0;
		mem->fits = mem->budget >= held && mem->kv_pool >= mem->kv_cache &&
			    mem->kv_pool >= mem->kv_per_seq &&
			    mem->outside_budget <= mem->capacity - mem->budget;
		break;
	}
	case BUDGET_FREE_FRACTION: {
		uint64_t left = mem->capacity > used_fixed ? mem->capacity - used_fixed : 0;

		mem->kv_pool = (uint64_t)((double)left * frac);
		mem->budget = used_fixed + mem->kv_pool;
		mem->fits = mem->capacity >= used_fixed && mem->kv_pool >= mem->kv_cache &&
			    mem->kv_pool >= mem->kv_per_seq;
		break;
	}
	default:
		mem->budget = mem->capacity;
		mem->kv_pool = mem->budget > used_fixed ? mem->budget - used_fixed : 0;
		mem->fits = mem->free >= 0;
		break;
	}

	mem->max_concurrency = mem->kv_per_seq ? mem->kv_pool / mem->kv_per_seq : 0;
	mem->engine_concurrency = mem->kv_per_seq ?
		(double)mem->kv_pool / (double)mem->kv_per_seq : 0;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		per_token += st->kinds[k] * kv_layer_token_bytes(m, (enum attn_kind)k, &p);
	if (mem->hybrid_used || per_token <= 0) {
		mem->kv_pool_tokens = (uint64_t)(mem->engine_concurrency * (double)s->context);
	} else {
		uint64_t blocks = (uint64_t)((double)mem->kv_pool / (per_token * p.block));

		mem->kv_pool_tokens = blocks * p.block;
	}
	hi = m->max_context > s->context ? m->max_context : s->context;
	if (hi > (1ull << 30))
		hi = 1ull << 30;
	mem->max_context = max_context(m, st, s->batch, mem->kv_pool, hi, &p);
	{
		double keep = (1 - PLAN_HEADROOM) * (double)mem->capacity - (double)used_fixed;

		mem->max_batch_headroom = keep > 0 && mem->kv_per_seq ?
			(uint64_t)(keep / (double)mem->kv_per_seq) : 0;
	}
	mem->layers_per_stage = st->last - st->first;
}

uint64_t
memory_compute(const struct scenario *s, const struct model *m,
	       const struct gpu *g, const struct layout *l,
	       const struct stage *stages, struct plan_memory *mem)
{
	uint64_t worst = 0, total = 0;
	int64_t worst_free = INT64_MAX;

	for (uint64_t i = 0; i < l->pp; i++) {
		struct plan_memory tmp;

		stage_memory(s, m, g, l, &stages[i], &tmp);
		total += stages[i].weight_bytes * l->tp;
		if (tmp.free < worst_free) {
			worst_free = tmp.free;
			worst = i;
			*mem = tmp;
		}
	}
	mem->weights_total = total;
	return worst;
}
