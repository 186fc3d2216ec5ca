/* memory.c - per-GPU memory. Engine constants are measured values with
 * their source; every one can be overridden from the scenario. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "fmt.h"
#include "memory.h"

double
memory_engine_fraction(const struct scenario *s, const struct gpu *g, const struct layout *l)
{
	const struct engine *e = engine_of(s);

	return e->fraction != NULL ? e->fraction(s, g, l) : 1.0;
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

void
memory_offload(const struct scenario *s, const struct model *m,
	       const struct layout *l, enum weight_format f, struct stage *st)
{
	const struct engine *e = engine_of(s);
	bool moe = m->experts > 0;

	for (int g = 0; g < PG_COUNT; g++)
		st->host_params[g] = 0;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		st->host_kinds[k] = 0;
	st->host_weight_bytes = 0;
	if (e->offload == NULL)
		return;
	e->offload(s, m, l, st);
	st->weight_bytes = (uint64_t)ceil(stage_weight_bits(st->params, f, moe) / 8);
	st->host_weight_bytes = (uint64_t)ceil(stage_weight_bits(st->host_params, f, moe) / 8);
}

void
memory_kv_policy(const struct scenario *s, const struct layout *l,
		 struct kv_policy *p)
{
	const struct engine *e = engine_of(s);

	p->dtype = s->kv;
	p->tp = l->tp;
	p->hybrid = s->hybrid_kv;
	p->block = e->kv_block;
	p->extra_tokens = e->window_plus_batched ? s->max_batched_tokens : e->window_extra;
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
	const struct engine *e = engine_of(s);
	const struct engine_sizes *z = &e->sizes;
	struct kv_policy p, naive;
	uint64_t used_fixed, hi, nontorch = 0, graphs = 0;
	double per_token = 0, frac = memory_engine_fraction(s, g, l);

	memset(mem, 0, sizeof *mem);
	memory_kv_policy(s, l, &p);
	naive = p;
	naive.hybrid = false;

	mem->capacity = g->runtime_bytes;
	mem->engine_fraction = frac;
	mem->weights = st->weight_bytes;
	if (s->activation_gib >= 0)
		mem->activations = gib(s->activation_gib);
	else if (e->activations != NULL)
		mem->activations = e->activations(s, m, g, l, st);
	else if (z->activation_gib_dense > 0)
		mem->activations = gib(m->experts > 0 ? z->activation_gib_moe
						      : z->activation_gib_dense);
	else
		mem->activations = (uint64_t)((double)st->weight_bytes * z->activation_frac);
	if (s->overhead_gib >= 0) {
		mem->overhead = gib(s->overhead_gib);
		nontorch = mem->overhead;
	} else if (z->nontorch_gib_tp1 > 0) {
		nontorch = gib(l->tp > 1 ? z->nontorch_gib_tp : z->nontorch_gib_tp1);
		graphs = e->eager != NULL && e->eager(s) ? 0 : gib(z->graphs_gib);
		mem->overhead = nontorch + graphs;
	} else {
		mem->overhead = (uint64_t)((double)st->weight_bytes * z->overhead_frac);
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
	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		mem->gpu_layers -= st->host_kinds[k];
		mem->kinds[k] = st->kinds[k];
	}
	for (int i = 0; i < PG_COUNT; i++)
		mem->weight_params += st->params[i];

	mem->nontorch = nontorch;
	mem->graphs = graphs;
	used_fixed = mem->weights + mem->activations + mem->overhead;
	mem->free = (int64_t)mem->capacity - (int64_t)sat_add(used_fixed, mem->kv_cache);
	e->budget(s, mem, nontorch, graphs);
	/* signed: how far what must fit before the KV cache is short of
	 * its room when no pool is left (vLLM: "No available memory for
	 * the cache blocks") */
	mem->kv_budget = mem->kv_pool > 0 ? (int64_t)mem->kv_pool :
			 (int64_t)mem->room - (int64_t)mem->before_kv;

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
