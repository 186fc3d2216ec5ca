/* memory.c - per-GPU memory. Engine constants are measured values with
 * their source; every one can be overridden from the scenario. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "fmt.h"
#include "memory.h"
#include "spec.h"

double
memory_engine_fraction(const struct scenario *s, const struct model *m, const struct gpu *g,
		       const struct layout *l)
{
	const struct engine *e = engine_of(s);

	return e->fraction != NULL ? e->fraction(s, m, g, l) : 1.0;
}

/* The checkpoint's own rule applies unless the format is a GGUF
 * preset (llama.cpp converts the checkpoint to a file of its own); a
 * GGUF file's tensors are that file already. A shipped entry's rule
 * holds in its own format only. */
static bool
uses_checkpoint(const struct model *m, enum weight_format f)
{
	return m->quant && (m->quant_exact || weight_format_info(f)->gguf == GT_NONE) &&
	       (!m->quant_native_only || (int)f == m->quant_format);
}

static bool
uses_preset(const struct model *m, enum weight_format f)
{
	return !m->quant_exact && weight_format_info(f)->gguf != GT_NONE;
}

enum weight_format
memory_expert_format(const struct model *m, enum weight_format f)
{
	return uses_checkpoint(m, f) ? (enum weight_format)m->quant_format : f;
}

double
memory_group_bits(const struct model *m, enum weight_format f, enum param_group g, bool moe)
{
	return uses_checkpoint(m, f) ? m->quant_bits[g] : weight_format_group_bits(f, g, moe);
}

uint64_t
memory_model_bytes(const struct model *m, const struct model_counts *c,
		   enum weight_format f)
{
	struct layout one = {.gpus = 1, .tp = 1, .pp = 1, .ep = 1, .replicas = 1};
	struct stage st;

	memory_stage(m, c, f, &one, 0, &st);
	return st.weight_bytes;
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
		mtp = copies * memory_group_bits(m, f, PG_EMBED, moe) / 8 +
		      ((double)m->mtp_params - copies) * memory_group_bits(m, f, PG_EXPERTS, moe) / 8;
	}
	return memory_model_bytes(m, c, f) + (uint64_t)ceil(mtp);
}

/* Layers of stage `index`: where the engine cut them (l->cut), else
 * L layers split over pp stages as evenly as possible, the earlier
 * stages taking the remainder. */
static void
stage_range(uint32_t layers, const struct layout *l, uint64_t index, uint32_t *first,
	    uint32_t *last)
{
	uint64_t base = layers / l->pp, rem = layers % l->pp;

	if (l->pp <= LAYOUT_MAX_CUTS && l->cut[l->pp] == layers && layers > 0) {
		*first = l->cut[index];
		*last = l->cut[index + 1];
		return;
	}
	*first = (uint32_t)(index * base + (index < rem ? index : rem));
	*last = (uint32_t)(*first + base + (index < rem ? 1 : 0));
}

/* Bits of one weight of tensor role r at layer i under a GGUF preset. */
static double
gguf_bits(enum weight_format f, const struct model *m, enum gguf_role r,
	  uint32_t i, uint64_t ne0)
{
	return ggml_type_bits(weight_format_gguf_type(f, m, r, i, ne0));
}

/* Under a GGUF preset llama.cpp picks a type per tensor and layer
 * (weight_format_gguf_type): each group's bits become its tensors' mean
 * weighted by the parameters one GPU holds (q and o split TP ways, k
 * and v by kv_share, MLA's down-projections replicated). What the
 * tensors leave of a group is biases and sinks, kept F32. */
static void
gguf_bits_of(const struct model *m, enum weight_format f, const struct layout *l,
	     uint32_t first, uint32_t last, const double params[PG_COUNT],
	     double bits[PG_COUNT])
{
	double sum[PG_COUNT] = {0}, w[PG_COUNT] = {0};
	double d = m->hidden, h = m->heads, tp = (double)l->tp;
	double kv_share = m->kv_lora_rank == 0 ?
		(double)kv_heads_per_gpu(m, l->tp) / m->kv_heads : 1;

	for (uint32_t i = first; i < last; i++) {
		double a[5] = {0}, ab[5] = {0}, per, ffn, n_ffn;
		enum param_group g = PG_DENSE_FFN;

		if (m->attn[i] == ATTN_MAMBA) {
			/* in_proj and out_proj, split TP ways; the types of
			 * attn_q and attn_output stand for ssm_in and ssm_out */
			double proj = (double)model_mixer_params(m, ATTN_MAMBA) / tp;
			double out = d * m->ssm_inner / tp;

			a[0] = proj - out;
			ab[0] = gguf_bits(f, m, GR_ATTN_Q, i, m->hidden);
			a[3] = out;
			ab[3] = gguf_bits(f, m, GR_ATTN_O, i, m->ssm_inner);
		} else if (m->attn[i] == ATTN_NONE) {
			/* no mixer */
		} else if (m->kv_lora_rank == 0) {
			double q = h * m->head_dim, kv = (double)m->kv_heads * m->head_dim;

			a[0] = d * q / tp;
			ab[0] = gguf_bits(f, m, GR_ATTN_Q, i, m->hidden);
			a[1] = d * kv * kv_share;
			ab[1] = gguf_bits(f, m, GR_ATTN_K, i, m->hidden);
			a[2] = a[1];
			ab[2] = gguf_bits(f, m, GR_ATTN_V, i, m->hidden);
			a[3] = a[0];
			ab[3] = gguf_bits(f, m, GR_ATTN_O, i, (uint64_t)q);
		} else {
			/* q (or q_a + q_b) and kv_a_mqa at the base type,
			 * kv_b by the attn_v rule, o by attn_output's */
			double qk = (double)m->qk_nope_dim + m->qk_rope_dim;

			a[0] = m->q_lora_rank > 0 ? d * m->q_lora_rank : d * h * qk / tp;
			ab[0] = gguf_bits(f, m, GR_ATTN_Q, i, m->hidden);
			a[1] = m->q_lora_rank > 0 ? (double)m->q_lora_rank * h * qk / tp : 0;
			ab[1] = gguf_bits(f, m, GR_ATTN_Q, i, m->q_lora_rank);
			a[4] = d * ((double)m->kv_lora_rank + m->qk_rope_dim);
			ab[4] = ab[0];
			a[2] = (double)m->kv_lora_rank * h * ((double)m->qk_nope_dim + m->v_head_dim) / tp;
			ab[2] = gguf_bits(f, m, GR_ATTN_V, i, m->kv_lora_rank);
			a[3] = h * m->v_head_dim * d / tp;
			ab[3] = gguf_bits(f, m, GR_ATTN_O, i, (uint64_t)(h * m->v_head_dim));
		}
		for (int t = 0; t < 5; t++) {
			sum[PG_ATTN] += a[t] * ab[t];
			w[PG_ATTN] += a[t];
		}

		/* gate and up read rows of d (a LatentMoE's experts of the
		 * latent), down rows of the FFN width */
		for (int part = 0; part < 2 && !m->no_ffn[i]; part++) {
			if (m->experts > 0 && m->moe[i]) {
				g = part == 0 ? PG_EXPERTS : PG_SHARED;
				ffn = part == 0 ? m->expert_ffn : m->shared_ffn;
				n_ffn = part == 0 ? m->experts : m->shared_experts;
			} else if (part == 0) {
				g = PG_DENSE_FFN;
				ffn = model_dense_width(m, i);
				n_ffn = 1;
			} else {
				break;
			}
			per = (g == PG_EXPERTS && m->moe_latent > 0 ? m->moe_latent : d) *
			      ffn * n_ffn / tp;
			sum[g] += per * ((m->ffn_ungated ? 0 : gguf_bits(f, m, GR_FFN_GATE, i, m->hidden)) +
					 gguf_bits(f, m, GR_FFN_UP, i, m->hidden) +
					 gguf_bits(f, m, GR_FFN_DOWN, i, (uint64_t)ffn));
			w[g] += model_ffn_mats(m) * per;
		}
	}
	for (int g = 0; g < PG_COUNT; g++) {
		double rest = params[g] - w[g];

		bits[g] = weight_format_group_bits(f, (enum param_group)g, m->experts > 0);
		if (w[g] > 0 && params[g] > 0)
			bits[g] = (sum[g] + (rest > 0 ? rest : 0) * 32) /
				  (w[g] + (rest > 0 ? rest : 0));
	}
	bits[PG_EMBED] = gguf_bits(f, m, GR_EMBED, 0, m->hidden);
	bits[PG_LM_HEAD] = gguf_bits(f, m, GR_OUTPUT, 0, m->hidden);
}

/* Under the checkpoint's own rule a group's bits over layers
 * [first, last) are its layers' mean, each layer at its own bits
 * (quant_layer_bits; else 16 where quant_keep lists the group, the
 * group's bits elsewhere), weighted by the group's parameters in
 * the layer: the mixer group (attention or Mamba) is in every layer
 * with a mixer, its size by kind; the dense FFN in the dense layers,
 * experts and shared experts in the MoE ones, the same size from layer
 * to layer. */
static void
quant_bits_of(const struct model *m, uint32_t first, uint32_t last, double bits[PG_COUNT])
{
	static const enum param_group layered[] = {PG_ATTN, PG_DENSE_FFN, PG_EXPERTS, PG_SHARED};
	double sum[PG_COUNT] = {0}, n[PG_COUNT] = {0};

	for (uint32_t i = first; i < last; i++) {
		bool moe = m->experts > 0 && m->moe[i];

		for (size_t k = 0; k < sizeof layered / sizeof layered[0]; k++) {
			enum param_group g = layered[k];
			double w = 1, b;

			if (g == PG_ATTN ? m->attn[i] == ATTN_NONE :
			    m->no_ffn[i] || (g == PG_DENSE_FFN) == moe)
				continue;
			if (g == PG_ATTN)
				w = (double)model_mixer_params(m, (enum attn_kind)m->attn[i]);
			b = m->quant_layer_bits[i][g - PG_ATTN];
			if (b <= 0)
				b = m->quant_keep[i] & (1u << g) ? 16 : m->quant_bits[g];
			sum[g] += w * b;
			n[g] += w;
		}
	}
	for (int g = 0; g < PG_COUNT; g++)
		bits[g] = n[g] > 0 ? sum[g] / n[g] : m->quant_bits[g];
}

static double
stage_weight_bits(const double params[PG_COUNT], const double bits[PG_COUNT])
{
	double sum = 0;

	for (int g = 0; g < PG_COUNT; g++)
		sum += params[g] * bits[g];
	return sum;
}

/* One attention layer's projections on one GPU: heads split TP ways,
 * K and V projections no longer shrinking once each GPU is down to one
 * KV head; MLA's q_a_proj and kv_a_proj_with_mqa (to the latents) kept
 * whole on every rank, as vLLM and SGLang do, the rest split by heads.
 * An indexer's projections are not in it. */
static double
attn_on_gpu(const struct model *m, enum attn_kind k, uint64_t tp)
{
	double a = (double)model_mixer_params(m, k) - (k == ATTN_DSA ? model_indexer_params(m) : 0);

	if (m->kv_lora_rank == 0) {
		double heads = model_kv_heads(m, k);
		double kv = (model_k_is_v(m, k) ? 1.0 : 2.0) * m->hidden * heads *
			    model_head_dim(m, k);
		double share = (double)kv_kind_heads_per_gpu(m, k, tp) / heads;

		return (a - kv) / (double)tp + kv * share;
	} else {
		double down = (double)m->hidden * ((double)m->q_lora_rank + m->kv_lora_rank +
						   m->qk_rope_dim);

		return (a - down) / (double)tp + down;
	}
}

void
memory_stage(const struct model *m, const struct model_counts *c,
	     enum weight_format f, const struct layout *l, uint64_t index,
	     struct stage *st)
{
	double tp = (double)l->tp, norms = 0, dense_width = 0;
	uint32_t n_dense = 0;
	bool moe = c->n_moe_layers > 0;

	stage_range(m->layers, l, index, &st->first, &st->last);
	kv_count_kinds(m, st->first, st->last, st->kinds);
	st->draft_kv_token_bytes = 0;
	st->n_moe = st->n_mixers = 0;
	for (uint32_t i = st->first; i < st->last; i++) {
		st->n_moe += m->experts > 0 && m->moe[i] && !m->no_ffn[i];
		st->n_mixers += m->attn[i] != ATTN_NONE;
		if (model_layer_dense(m, i)) {
			n_dense++;
			dense_width += model_dense_width(m, i);
		}
		norms += (double)model_layer_norm_params(m, i);
	}
	st->n_dense = n_dense;
	for (int g = 0; g < PG_COUNT; g++)
		st->params[g] = 0;
	/* Mamba projections split by channels (vLLM MambaMixer,
	 * MambaMixer2), Gated DeltaNet ones by heads (vLLM
	 * Qwen3NextGatedDeltaNet), unless its sizes are unknown; the small
	 * tensors are counted with the norms, unsplit. */
	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		double n = st->kinds[k];

		if (k == ATTN_NONE || n == 0)
			continue;
		if (k == ATTN_MAMBA || (k == ATTN_LINEAR && m->gdn_v_heads > 0))
			st->params[PG_ATTN] += n * (double)model_mixer_params(m, (enum attn_kind)k) / tp;
		else
			st->params[PG_ATTN] += n * attn_on_gpu(m, (enum attn_kind)k, l->tp);
	}
	st->params[PG_ATTN] += st->kinds[ATTN_DSA] * (double)model_indexer_params(m);
	st->params[PG_NORM] = norms;
	st->params[PG_DENSE_FFN] = dense_width * model_ffn_mats(m) * m->hidden / tp;
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
		st->bits[g] = st->host_bits[g] = weight_format_group_bits(f, (enum param_group)g, moe);
	if (uses_preset(m, f)) {
		gguf_bits_of(m, f, l, st->first, st->last, st->params, st->bits);
	} else if (uses_checkpoint(m, f)) {
		quant_bits_of(m, st->first, st->last, st->bits);
		memcpy(st->host_bits, st->bits, sizeof st->bits);
	}
	st->weight_bytes = (uint64_t)ceil(stage_weight_bits(st->params, st->bits) / 8);
}

void
memory_offload(const struct scenario *s, const struct model *m, const struct gpu *g,
	       const struct layout *l, enum weight_format f, struct stage *st)
{
	const struct engine *e = engine_of(s);
	uint32_t host = 0;

	for (int i = 0; i < PG_COUNT; i++)
		st->host_params[i] = 0;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		st->host_kinds[k] = 0;
	st->host_weight_bytes = 0;
	if (e->loaded != NULL) {
		e->loaded(s, m, g, l, memory_expert_format(m, f), st);
		st->weight_bytes = (uint64_t)ceil(stage_weight_bits(st->params, st->bits) / 8);
	}
	if (e->offload == NULL)
		return;
	e->offload(s, m, l, st);
	/* The host keeps the stage's first layers (llama.cpp's
	 * i_gpu_start): under a GGUF preset each part takes the types of
	 * its own layers; routed experts moved from GPU layers
	 * (--n-cpu-moe) are sized at the host layers' bits. */
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		host += st->host_kinds[k];
	if (uses_preset(m, f)) {
		gguf_bits_of(m, f, l, st->first + host, st->last, st->params, st->bits);
		gguf_bits_of(m, f, l, st->first, host > 0 ? st->first + host : st->last,
			     st->host_params, st->host_bits);
	}
	st->weight_bytes = (uint64_t)ceil(stage_weight_bits(st->params, st->bits) / 8);
	st->host_weight_bytes = (uint64_t)ceil(stage_weight_bits(st->host_params,
								 st->host_bits) / 8);
}

uint64_t
memory_prefix_hit(const struct scenario *s, uint64_t prompt, uint64_t *shared)
{
	const struct engine *e = engine_of(s);
	uint64_t block = e->kv_block ? e->kv_block : 1, most = prompt ? prompt - 1 : 0;
	uint64_t sys = s->system_prompt_tokens < most ? s->system_prompt_tokens : most;
	double hit = fmax(s->prefix_hit * (double)prompt, (double)sys);

	if (hit > (double)most)
		hit = (double)most;
	/* vLLM and TensorRT-LLM find whole blocks only (kv_cache_manager
	 * get_computed_blocks); SGLang's radix tree pages of 1 token */
	if (shared != NULL)
		*shared = e->prefix_private ? 0 : sys / block * block;
	return (uint64_t)hit / block * block;
}

void
memory_kv_policy(const struct scenario *s, const struct gpu *g, const struct layout *l,
		 struct kv_policy *p)
{
	const struct engine *e = engine_of(s);

	p->dtype = s->kv;
	p->tp = l->tp;
	p->hybrid = s->hybrid_kv;
	p->block = e->kv_block;
	p->state_f32 = e->state_f32;
	p->extra_tokens = e->window_plus_batched ? engine_batched_tokens(s, g) :
			  e->window_plus_ubatch ? s->ubatch : e->window_extra;
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

/* Whether batch sequences of len tokens fit in pool, the shared
 * prefix's bytes held once. */
static bool
batch_fits(const struct model *m, const struct stage *st, uint64_t batch, uint64_t len,
	   uint64_t pool, uint64_t shared, const struct kv_policy *p)
{
	double one = (double)kv_seq_bytes(m, st->kinds, len, p);

	return (double)shared + (double)batch * fmax(one - (double)shared, 0) <= (double)pool;
}

/* Largest len whose batch of sequences fits in pool. */
static uint64_t
max_context(const struct model *m, const struct stage *st, uint64_t batch,
	    uint64_t pool, uint64_t shared, uint64_t hi, const struct kv_policy *p)
{
	uint64_t lo = 0;

	if (batch_fits(m, st, batch, hi, pool, shared, p))
		return hi;
	while (lo + 1 < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (batch_fits(m, st, batch, mid, pool, shared, p))
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
	uint64_t used_fixed, hi, nontorch = 0, graphs = 0, own;
	double per_token = 0, frac = memory_engine_fraction(s, m, g, l);

	memset(mem, 0, sizeof *mem);
	memory_kv_policy(s, g, l, &p);
	naive = p;
	naive.hybrid = false;

	mem->capacity = g->runtime_bytes;
	mem->start_free = g->runtime_free_bytes;
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
		if (e->eager != NULL && e->eager(s))
			graphs = 0;
		else if (e->graphs != NULL)
			graphs = e->graphs(s, m, g, l, st, mem);
		else
			graphs = gib(z->graphs_gib);
		mem->overhead = nontorch + graphs;
	} else {
		mem->overhead = (uint64_t)((double)st->weight_bytes * z->overhead_frac);
	}

	mem->kv_heads_per_gpu = kv_heads_per_gpu(m, l->tp);
	mem->kv_per_token_layer = (uint64_t)kv_layer_token_bytes(m,
		m->index_topk ? ATTN_DSA : m->kv_lora_rank ? ATTN_MLA : ATTN_FULL,
		&(struct kv_policy){.dtype = s->kv, .tp = 1});
	mem->kv_draft_per_seq = (uint64_t)(st->draft_kv_token_bytes * (double)s->context);
	mem->kv_per_seq = kv_seq_bytes(m, st->kinds, s->context, &p) + mem->kv_draft_per_seq;
	mem->kv_per_seq_naive = kv_seq_bytes(m, st->kinds, s->context, &naive) +
				mem->kv_draft_per_seq;
	mem->hybrid_used = s->hybrid_kv &&
		(st->kinds[ATTN_SLIDING] + st->kinds[ATTN_CHUNKED]) > 0;
	/* a system prompt's blocks are held once for all the sequences,
	 * in the layers that keep every token (a window or a state is each
	 * sequence's own) */
	{
		uint32_t whole[ATTN_KIND_COUNT] = {0};
		uint64_t shared;

		(void)memory_prefix_hit(s, s->prompt_tokens, &shared);
		whole[ATTN_FULL] = st->kinds[ATTN_FULL];
		whole[ATTN_MLA] = st->kinds[ATTN_MLA];
		whole[ATTN_DSA] = st->kinds[ATTN_DSA];
		mem->kv_shared = shared ? kv_seq_bytes(m, whole, shared, &p) : 0;
		if (mem->kv_shared > mem->kv_per_seq)
			mem->kv_shared = mem->kv_per_seq;
	}
	mem->kv_cache = s->batch ? sat_add(mem->kv_shared,
					   sat_mul(s->batch, mem->kv_per_seq - mem->kv_shared)) : 0;
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

	own = mem->kv_per_seq - mem->kv_shared;
	mem->max_concurrency = own && mem->kv_pool > mem->kv_shared ?
		(mem->kv_pool - mem->kv_shared) / own : 0;
	mem->engine_concurrency = mem->kv_per_seq ?
		(double)mem->kv_pool / (double)mem->kv_per_seq : 0;
	/* vLLM's report_kv_cache_config counts the pool's blocks over its
	 * KV-cache groups, so with the hybrid manager its tokens are the
	 * pool over what a token takes if every layer kept it in full
	 * (gpt-oss-120b, TP4: 45.32 GiB, "2,640,144 tokens" = 45.32 GiB /
	 * 36 layers x 512 B); the plan's own count of the hybrid pool is
	 * its sequences' tokens, which count the windows. */
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		per_token += st->kinds[k] * kv_layer_token_bytes(m, (enum attn_kind)k, &p);
	if (per_token > 0)
		mem->log_kv_tokens = (uint64_t)((double)mem->kv_pool / (per_token * p.block)) *
				     p.block;
	if (mem->hybrid_used || per_token <= 0)
		mem->kv_pool_tokens = (uint64_t)(mem->engine_concurrency * (double)s->context);
	else
		mem->kv_pool_tokens = mem->log_kv_tokens;
	hi = m->max_context > s->context ? m->max_context : s->context;
	if (hi > (1ull << 30))
		hi = 1ull << 30;
	mem->max_context = max_context(m, st, s->batch, mem->kv_pool, mem->kv_shared, hi, &p);
	{
		double keep = (1 - PLAN_HEADROOM) * (double)mem->capacity - (double)used_fixed -
			      (double)mem->kv_shared;

		mem->max_batch_headroom = keep > 0 && own ? (uint64_t)(keep / (double)own) : 0;
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
	struct plan_memory tight = {0};
	bool have_tight = false;

	for (uint64_t i = 0; i < l->pp; i++) {
		struct plan_memory tmp;

		stage_memory(s, m, g, l, &stages[i], &tmp);
		total += stages[i].weight_bytes * l->tp;
		if (tmp.free < worst_free) {
			worst_free = tmp.free;
			worst = i;
			*mem = tmp;
		}
		if (tmp.kv_per_seq > 0 && (!have_tight || tmp.max_concurrency < tight.max_concurrency)) {
			tight = tmp;
			have_tight = true;
		}
	}
	/* The fullest stage may keep no KV (llama.cpp's last device, the
	 * output layer alone): the sequences the plan holds are then the
	 * tightest KV-keeping stage's, not its zero. */
	if (mem->kv_per_seq == 0 && have_tight) {
		mem->max_concurrency = tight.max_concurrency;
		mem->engine_concurrency = tight.engine_concurrency;
		mem->kv_pool_tokens = tight.kv_pool_tokens;
		mem->max_context = tight.max_context;
		mem->max_batch_headroom = tight.max_batch_headroom;
	}
	mem->weights_total = total;
	return worst;
}

uint64_t
memory_devices(const struct scenario *s, const struct model *m,
	       const struct gpu *g, const struct layout *l,
	       struct memory_device *out, uint64_t max)
{
	struct model_counts c;

	model_count(m, &c);
	for (uint64_t i = 0; i < l->pp && i < max; i++) {
		struct memory_device *d = &out[i];
		struct plan_memory mem;
		struct spec_setup sp;
		struct stage st;
		uint32_t host = 0;

		memory_stage(m, &c, s->weights, l, i, &st);
		memory_offload(s, m, g, l, s->weights, &st);
		/* the last holds the speculative draft, as plan_compute
		 * lays it out (a scenario that plans resolves) */
		if (i == l->pp - 1 && spec_resolve(s, m, s->draft_model, g, l, 0, &sp, NULL) == 0) {
			st.weight_bytes += sp.draft_weight_bytes;
			st.draft_kv_token_bytes = sp.draft_kv_token_bytes;
		}
		stage_memory(s, m, g, l, &st, &mem);
		for (int k = 0; k < ATTN_KIND_COUNT; k++)
			host += st.host_kinds[k];
		d->first = st.first + host < st.last ? st.first + host : st.last;
		d->last = st.last;
		d->weights = mem.weights;
		d->kv_cache = mem.kv_cache;
		d->activations = mem.activations;
		d->overhead = mem.overhead;
		d->free = mem.free;
		d->host_weights = st.host_weight_bytes;
	}
	return l->pp;
}
