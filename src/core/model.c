/* model.c - exact parameter counts from the architecture
 * (doc/planning-model.md section 2). Gated FFNs (gate, up, down)
 * throughout: every model in the catalog uses SwiGLU/GeGLU. */
#include <string.h>

#include "model.h"

static const char *const attn_names[ATTN_KIND_COUNT] = {
	"full", "sliding", "chunked", "mla", "linear",
};

const char *
attn_kind_name(enum attn_kind k)
{
	return (unsigned)k < ATTN_KIND_COUNT ? attn_names[k] : "?";
}

static uint64_t
mla_attn_params(const struct model *m)
{
	uint64_t d = m->hidden, h = m->heads;
	uint64_t qk = (uint64_t)m->qk_nope_dim + m->qk_rope_dim;
	uint64_t n = 0;

	if (m->q_lora_rank > 0)
		n += d * m->q_lora_rank + (uint64_t)m->q_lora_rank * h * qk;
	else
		n += d * h * qk;
	n += d * ((uint64_t)m->kv_lora_rank + m->qk_rope_dim);
	n += (uint64_t)m->kv_lora_rank * h * ((uint64_t)m->qk_nope_dim + m->v_head_dim);
	n += h * m->v_head_dim * d;
	return n;
}

/* Projections, biases and sinks of one layer; its norms are counted
 * with the other norms. */
uint64_t
model_attn_params(const struct model *m)
{
	uint64_t d = m->hidden;
	uint64_t q = (uint64_t)m->heads * m->head_dim;
	uint64_t kv = (uint64_t)m->kv_heads * m->head_dim;
	uint64_t n;

	if (m->kv_lora_rank > 0)
		return mla_attn_params(m);
	n = d * q + 2 * d * kv + q * d;
	if (m->attn_bias)
		n += q + 2 * kv + d;
	if (m->attn_sinks)
		n += m->heads;
	return n;
}

static uint64_t
layer_norm_params(const struct model *m)
{
	uint64_t n = (uint64_t)m->norms_per_layer * m->hidden;

	if (m->qk_norm)
		n += 2ull * m->head_dim;
	if (m->kv_lora_rank > 0)
		n += m->kv_lora_rank + m->q_lora_rank;	/* latent norms */
	return n;
}

static uint64_t
expert_params(const struct model *m)
{
	uint64_t n = 3ull * m->hidden * m->expert_ffn;

	if (m->expert_bias)
		n += 2ull * m->expert_ffn + m->hidden;
	return n;
}

static uint64_t
router_params(const struct model *m)
{
	uint64_t n = (uint64_t)m->hidden * m->experts;

	if (m->router_bias)
		n += m->experts;
	return n;
}

static uint64_t
shared_params(const struct model *m)
{
	return (uint64_t)m->shared_experts * 3ull * m->hidden * m->shared_ffn;
}

/* Parameters of one layer's FFN: dense, or routed + shared experts
 * and the router. */
static uint64_t
model_layer_ffn_params(const struct model *m, int layer)
{
	if (m->experts > 0 && m->moe[layer])
		return m->experts * expert_params(m) + shared_params(m) +
		       router_params(m);
	return 3ull * m->hidden * m->dense_ffn;
}

void
model_count(const struct model *m, struct model_counts *c)
{
	uint64_t attn = model_attn_params(m);
	uint64_t norms = layer_norm_params(m);
	uint64_t embed = (uint64_t)m->vocab * m->hidden;
	uint64_t act_ffn = 0;
	uint32_t top_k = m->top_k < m->experts ? m->top_k : m->experts;

	memset(c, 0, sizeof *c);
	c->expert_params = m->experts > 0 ? expert_params(m) : 0;
	for (uint32_t i = 0; i < m->layers; i++) {
		c->n_attn[m->attn[i] < ATTN_KIND_COUNT ? m->attn[i] : ATTN_FULL]++;
		c->group[PG_ATTN] += attn;
		c->group[PG_NORM] += norms;
		if (m->experts > 0 && m->moe[i]) {
			c->n_moe_layers++;
			c->group[PG_EXPERTS] += m->experts * c->expert_params;
			c->group[PG_SHARED] += shared_params(m);
			c->group[PG_ROUTER] += router_params(m);
			act_ffn += top_k * c->expert_params;
		} else {
			c->group[PG_DENSE_FFN] += 3ull * m->hidden * m->dense_ffn;
		}
	}
	c->group[PG_NORM] += m->hidden;		/* final norm */
	c->group[PG_EMBED] = embed;
	c->group[PG_LM_HEAD] = m->tied_embeddings ? 0 : embed;
	c->group[PG_EXTRA] = m->extra_params;

	for (int g = 0; g < PG_COUNT; g++)
		c->total += c->group[g];
	c->text_total = c->total - c->group[PG_EXTRA];

	/* One token multiplies attention, dense FFNs, shared experts, k
	 * routed experts, routers and the head; a tied head is the
	 * embedding matrix used again. */
	c->active_no_embed = c->group[PG_ATTN] + c->group[PG_NORM] +
			     c->group[PG_DENSE_FFN] + c->group[PG_SHARED] +
			     c->group[PG_ROUTER] + act_ffn +
			     (m->tied_embeddings ? embed : c->group[PG_LM_HEAD]);
	c->active = c->active_no_embed + (m->tied_embeddings ? 0 : embed);
}

/* DeepSeek-V3 README_WEIGHTS.md: the MTP module has 11.5B unique
 * parameters besides the 0.9B embedding and 0.9B output head it shares
 * with the main model, and the checkpoint (layer 61) stores both again:
 * 11,610,068,224 + 2 x 926,679,040 = 13,463,426,304
 * (doc/planning-model.md section 2). */
uint64_t
model_mtp_params(const struct model *m, uint32_t n)
{
	uint64_t d = m->hidden, embed = (uint64_t)m->vocab * m->hidden;
	uint64_t layer;

	if (n == 0 || m->layers == 0)
		return 0;
	layer = model_attn_params(m) + layer_norm_params(m) +
		model_layer_ffn_params(m, (int)m->layers - 1);
	return n * (layer + 2 * d * d + 3 * d + 2 * embed);
}

int
model_validate(const struct model *m, struct gp_error *err)
{
	if (m->layers == 0 || m->layers > MODEL_MAX_LAYERS)
		return gp_error_set(err, "num_hidden_layers must be 1..%d, not %u",
				    MODEL_MAX_LAYERS, m->layers);
	if (m->hidden == 0)
		return gp_error_set(err, "hidden_size is missing or 0");
	if (m->heads == 0)
		return gp_error_set(err, "num_attention_heads is missing or 0");
	if (m->vocab == 0)
		return gp_error_set(err, "vocab_size is missing or 0");
	if (m->kv_lora_rank == 0) {
		if (m->kv_heads == 0 || m->kv_heads > m->heads ||
		    m->heads % m->kv_heads != 0)
			return gp_error_set(err,
			    "num_key_value_heads (%u) must divide num_attention_heads (%u)",
			    m->kv_heads, m->heads);
		if (m->head_dim == 0)
			return gp_error_set(err, "head_dim is missing or 0");
	} else if (m->qk_rope_dim == 0 || m->v_head_dim == 0) {
		return gp_error_set(err,
		    "MLA model needs qk_rope_head_dim and v_head_dim");
	}
	if (m->experts > 0) {
		if (m->top_k == 0 || m->top_k > m->experts)
			return gp_error_set(err,
			    "num_experts_per_tok (%u) must be 1..%u", m->top_k,
			    m->experts);
		if (m->expert_ffn == 0)
			return gp_error_set(err, "expert width (moe_intermediate_size or intermediate_size) is missing");
	}
	for (uint32_t i = 0; i < m->layers; i++) {
		if (m->experts == 0 || !m->moe[i]) {
			if (m->dense_ffn == 0)
				return gp_error_set(err,
				    "layer %u is dense but intermediate_size is missing", i);
		}
		if (m->attn[i] == ATTN_SLIDING && m->window == 0)
			return gp_error_set(err, "layer %u slides but sliding_window is missing", i);
		if (m->attn[i] == ATTN_CHUNKED && m->chunk == 0)
			return gp_error_set(err, "layer %u is chunked but attention_chunk_size is missing", i);
	}
	return 0;
}
