/* model.c - exact parameter counts from the architecture
 * (doc/planning-model.md section 2). FFNs are gated (gate, up, down),
 * as SwiGLU/GeGLU, unless the model says ffn_ungated (Nemotron-H's up,
 * down and relu2). */
#include <stddef.h>
#include <string.h>

#include "model.h"

static const char *const attn_names[ATTN_KIND_COUNT] = {
	"full", "sliding", "chunked", "mla", "linear", "mamba", "none", "dsa",
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
static bool
global_shape(const struct model *m, enum attn_kind k)
{
	return k == ATTN_FULL && (m->global_head_dim > 0 || m->global_kv_heads > 0 || m->k_eq_v);
}

uint32_t
model_head_dim(const struct model *m, enum attn_kind k)
{
	return global_shape(m, k) && m->global_head_dim > 0 ? m->global_head_dim : m->head_dim;
}

uint32_t
model_kv_heads(const struct model *m, enum attn_kind k)
{
	return global_shape(m, k) && m->global_kv_heads > 0 ? m->global_kv_heads : m->kv_heads;
}

bool
model_k_is_v(const struct model *m, enum attn_kind k)
{
	return global_shape(m, k) && m->k_eq_v;
}

static uint64_t
attn_params(const struct model *m, enum attn_kind k)
{
	uint64_t d = m->hidden, dh = model_head_dim(m, k);
	uint64_t q = (uint64_t)m->heads * dh;
	uint64_t kv = (uint64_t)model_kv_heads(m, k) * dh;
	uint64_t kv_mats = model_k_is_v(m, k) ? 1 : 2;
	uint64_t n;

	if (m->kv_lora_rank > 0)
		return mla_attn_params(m);
	n = d * q + kv_mats * d * kv + q * d;
	if (m->attn_gate)
		n += d * q;
	if (m->attn_bias || m->qkv_bias)
		n += q + kv_mats * kv + (m->attn_bias ? d : 0);
	if (m->attn_sinks)
		n += m->heads;
	return n;
}

uint64_t
model_attn_params(const struct model *m)
{
	return attn_params(m, ATTN_SLIDING);
}

uint64_t
model_indexer_params(const struct model *m)
{
	if (m->index_topk == 0)
		return 0;
	return (uint64_t)m->q_lora_rank * m->index_heads * m->index_head_dim +
	       (uint64_t)m->hidden * ((uint64_t)m->index_head_dim + m->index_heads);
}

bool
attn_kind_recurrent(enum attn_kind k)
{
	return k == ATTN_LINEAR || k == ATTN_MAMBA;
}

bool
attn_kind_has_kv(enum attn_kind k)
{
	return (unsigned)k < ATTN_KIND_COUNT && !attn_kind_recurrent(k) && k != ATTN_NONE;
}

static enum attn_kind
layer_kind(const struct model *m, uint32_t i)
{
	return m->attn[i] < ATTN_KIND_COUNT ? (enum attn_kind)m->attn[i] : ATTN_FULL;
}

/* transformers NemotronHMamba2Mixer / Mamba2Mixer: in_proj maps d to
 * the gate and x (d_inner each), B and C (groups x state each) and dt
 * (one per head); out_proj d_inner to d. JambaMambaMixer (Mamba1):
 * in_proj to x and the gate, x_proj from d_inner to dt (at dt_rank), B
 * and C, dt_proj from dt_rank back to d_inner, out_proj. */
static uint64_t
mamba_proj_params(const struct model *m)
{
	uint64_t d = m->hidden, di = m->ssm_inner, in, n;

	if (m->ssm_version == 1) {
		in = 2 * di;
		n = d * in + di * ((uint64_t)m->ssm_dt_rank + 2ull * m->ssm_state) +
		    (uint64_t)m->ssm_dt_rank * di + di * d;
	} else {
		in = 2 * di + 2ull * m->ssm_groups * m->ssm_state + m->ssm_heads;
		n = d * in + di * d;
	}
	if (m->ssm_bias)
		n += in + d;
	return n;
}

/* The rest of a Mamba mixer: the depthwise conv1d (conv_kernel taps
 * per channel, and a bias) and, Mamba2, dt_bias, A_log and D (one per
 * head) and the gated RMSNorm over d_inner, or, Mamba1, dt_proj's bias,
 * A_log (d_inner x state), D and Jamba's dt, B and C norms. */
static uint64_t
mamba_small_params(const struct model *m)
{
	uint64_t di = m->ssm_inner, conv, n;

	if (m->ssm_version == 1) {
		conv = di;
		n = di + di * m->ssm_state + di;
		if (m->ssm_dt_norms)
			n += m->ssm_dt_rank + 2ull * m->ssm_state;
	} else {
		conv = di + 2ull * m->ssm_groups * m->ssm_state;
		n = 3ull * m->ssm_heads + di;
	}
	return n + conv * m->ssm_conv + (m->ssm_conv_bias ? conv : 0);
}

/* transformers Qwen3NextGatedDeltaNet: in_proj_qkvz maps d to q and k
 * (key_dim each) and v and the gate z (value_dim each), in_proj_ba to
 * b and a (one per value head); out_proj value_dim back to d. Qwen3.5
 * splits in_proj into in_proj_qkv, _z, _b and _a, of the same sizes. */
static uint64_t
gdn_proj_params(const struct model *m)
{
	uint64_t key = (uint64_t)m->gdn_k_heads * m->gdn_k_dim;
	uint64_t value = (uint64_t)m->gdn_v_heads * m->gdn_v_dim;

	return m->hidden * (2 * key + 2 * value + 2ull * m->gdn_v_heads) + value * m->hidden;
}

/* The rest of it: the depthwise conv1d over q, k and v (no bias),
 * dt_bias and A_log (one per value head) and the gated RMSNorm over
 * one head's value. */
static uint64_t
gdn_small_params(const struct model *m)
{
	uint64_t conv = 2ull * m->gdn_k_heads * m->gdn_k_dim +
			(uint64_t)m->gdn_v_heads * m->gdn_v_dim;

	return conv * m->gdn_conv + 2ull * m->gdn_v_heads + m->gdn_v_dim;
}

uint64_t
model_mixer_params(const struct model *m, enum attn_kind k)
{
	if (k == ATTN_NONE)
		return 0;
	if (k == ATTN_MAMBA)
		return mamba_proj_params(m);
	if (k == ATTN_LINEAR && m->gdn_v_heads > 0)
		return gdn_proj_params(m);
	if (k == ATTN_DSA)
		return model_attn_params(m) + model_indexer_params(m);
	return attn_params(m, k);
}

uint64_t
model_layer_norm_params(const struct model *m, uint32_t i)
{
	enum attn_kind k = layer_kind(m, i);
	uint64_t n = (uint64_t)m->norms_per_layer * m->hidden;

	if (m->norms_by_block)
		n = (uint64_t)((k != ATTN_NONE) + !m->no_ffn[i]) * m->hidden;

	if (k == ATTN_MAMBA)
		return n + mamba_small_params(m);
	if (k == ATTN_LINEAR && m->gdn_v_heads > 0)
		return n + gdn_small_params(m);
	if (k == ATTN_DSA)
		n += 2ull * m->index_head_dim;	/* the indexer's k_norm */
	if (k == ATTN_NONE)
		return n;
	if (m->qk_norm)
		n += 2ull * model_head_dim(m, k);
	if (m->kv_lora_rank > 0)
		n += m->kv_lora_rank + m->q_lora_rank;	/* latent norms */
	return n;
}

uint32_t
model_ffn_mats(const struct model *m)
{
	return m->ffn_ungated ? 2 : 3;
}

bool
model_layer_dense(const struct model *m, uint32_t i)
{
	return !m->no_ffn[i] && !(m->experts > 0 && m->moe[i]);
}

uint32_t
model_dense_width(const struct model *m, uint32_t i)
{
	return m->ffn_width[i] > 0 ? m->ffn_width[i] : m->dense_ffn;
}

uint32_t
model_max_dense_width(const struct model *m)
{
	uint32_t w = 0;

	for (uint32_t i = 0; i < m->layers; i++) {
		if (model_layer_dense(m, i) && model_dense_width(m, i) > w)
			w = model_dense_width(m, i);
	}
	return w;
}

/* The width routed experts read and write: hidden, or a LatentMoE's
 * latent. */
static uint64_t
expert_width(const struct model *m)
{
	return m->moe_latent > 0 ? m->moe_latent : m->hidden;
}

static uint64_t
expert_params(const struct model *m)
{
	uint64_t n = (uint64_t)model_ffn_mats(m) * expert_width(m) * m->expert_ffn;

	if (m->expert_bias)
		n += 2ull * m->expert_ffn + expert_width(m);
	return n;
}

static uint64_t
router_params(const struct model *m)
{
	uint64_t n = (uint64_t)m->hidden * m->experts;

	if (m->router_bias)
		n += m->experts;
	if (m->shared_gate)
		n += m->hidden;
	return n;
}

/* Shared experts, and a LatentMoE's fc1_latent_proj and
 * fc2_latent_proj (hidden to latent and back), which every token runs
 * through as it does the shared experts. */
static uint64_t
shared_params(const struct model *m)
{
	return (uint64_t)m->shared_experts * model_ffn_mats(m) * m->hidden * m->shared_ffn +
	       2ull * m->hidden * m->moe_latent;
}

/* Parameters of one layer's FFN: none, dense, or routed + shared
 * experts and the router. */
static uint64_t
model_layer_ffn_params(const struct model *m, uint32_t layer)
{
	if (m->no_ffn[layer])
		return 0;
	if (m->experts > 0 && m->moe[layer])
		return m->experts * expert_params(m) + shared_params(m) +
		       router_params(m);
	return (uint64_t)model_ffn_mats(m) * m->hidden * model_dense_width(m, layer);
}

void
model_count(const struct model *m, struct model_counts *c)
{
	uint64_t embed = (uint64_t)m->vocab * m->hidden;
	uint64_t act_ffn = 0;
	uint32_t top_k = m->top_k < m->experts ? m->top_k : m->experts;

	memset(c, 0, sizeof *c);
	c->expert_params = m->experts > 0 ? expert_params(m) : 0;
	for (uint32_t i = 0; i < m->layers; i++) {
		enum attn_kind k = layer_kind(m, i);

		c->n_attn[k]++;
		c->group[PG_ATTN] += model_mixer_params(m, k);
		c->group[PG_NORM] += model_layer_norm_params(m, i);
		if (m->no_ffn[i])
			continue;
		if (m->experts > 0 && m->moe[i]) {
			c->n_moe_layers++;
			c->group[PG_EXPERTS] += m->experts * c->expert_params;
			c->group[PG_SHARED] += shared_params(m);
			c->group[PG_ROUTER] += router_params(m);
			act_ffn += top_k * c->expert_params;
		} else {
			c->n_dense_layers++;
			c->group[PG_DENSE_FFN] += model_layer_ffn_params(m, i);
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
 * (doc/planning-model.md section 2). Qwen3-Next's mtp.* stores no
 * copy: its fc (2d -> d), three norms and one decoder layer. */
uint64_t
model_mtp_params(const struct model *m, uint32_t n)
{
	uint64_t d = m->hidden, embed = (uint64_t)m->vocab * m->hidden;
	uint64_t layer;

	if (n == 0 || m->layers == 0)
		return 0;
	layer = model_mixer_params(m, layer_kind(m, m->layers - 1)) +
		model_layer_norm_params(m, m->layers - 1) +
		model_layer_ffn_params(m, m->layers - 1);
	return n * (layer + 2 * d * d + 3 * d + (m->mtp_shares_embed ? 0 : 2 * embed));
}

/* Sizes a file may give, bounded far above any model's (DeepSeek-V3's
 * hidden is 7,168, Qwen3.5's experts 512, Gemma's vocabulary 262,144)
 * so that the uint64 count of one layer cannot wrap; the total is then
 * bounded in double. Named as config.json names them. */
#define MODEL_MAX_WIDTH (1u << 20)
#define MODEL_MAX_COUNT (1u << 16)
#define MODEL_MAX_VOCAB (1u << 24)
#define MODEL_MAX_PARAMS 1e15	/* 500 x the largest open model */

static const struct {
	const char *name;
	size_t offset;
	uint32_t max;
} model_sizes[] = {
#define SIZE(field, name, max) { name, offsetof(struct model, field), max }
	SIZE(hidden, "hidden_size", MODEL_MAX_WIDTH),
	SIZE(heads, "num_attention_heads", MODEL_MAX_COUNT),
	SIZE(kv_heads, "num_key_value_heads", MODEL_MAX_COUNT),
	SIZE(head_dim, "head_dim", MODEL_MAX_WIDTH),
	SIZE(vocab, "vocab_size", MODEL_MAX_VOCAB),
	SIZE(dense_ffn, "intermediate_size", MODEL_MAX_WIDTH),
	SIZE(experts, "num_experts", MODEL_MAX_COUNT),
	SIZE(expert_ffn, "moe_intermediate_size", MODEL_MAX_WIDTH),
	SIZE(shared_experts, "n_shared_experts", MODEL_MAX_COUNT),
	SIZE(shared_ffn, "shared_expert_intermediate_size", MODEL_MAX_WIDTH),
	SIZE(moe_latent, "moe_latent_size", MODEL_MAX_WIDTH),
	SIZE(global_head_dim, "global_head_dim", MODEL_MAX_WIDTH),
	SIZE(global_kv_heads, "num_global_key_value_heads", MODEL_MAX_COUNT),
	SIZE(kv_lora_rank, "kv_lora_rank", MODEL_MAX_WIDTH),
	SIZE(qk_rope_dim, "qk_rope_head_dim", MODEL_MAX_WIDTH),
	SIZE(q_lora_rank, "q_lora_rank", MODEL_MAX_WIDTH),
	SIZE(qk_nope_dim, "qk_nope_head_dim", MODEL_MAX_WIDTH),
	SIZE(v_head_dim, "v_head_dim", MODEL_MAX_WIDTH),
	SIZE(index_heads, "index_n_heads", MODEL_MAX_COUNT),
	SIZE(index_head_dim, "index_head_dim", MODEL_MAX_WIDTH),
	SIZE(gdn_k_heads, "linear_num_key_heads", MODEL_MAX_COUNT),
	SIZE(gdn_k_dim, "linear_key_head_dim", MODEL_MAX_WIDTH),
	SIZE(gdn_v_heads, "linear_num_value_heads", MODEL_MAX_COUNT),
	SIZE(gdn_v_dim, "linear_value_head_dim", MODEL_MAX_WIDTH),
	SIZE(gdn_conv, "linear_conv_kernel_dim", MODEL_MAX_WIDTH),
	SIZE(ssm_inner, "the Mamba inner width", MODEL_MAX_WIDTH),
	SIZE(ssm_state, "ssm_state_size", MODEL_MAX_WIDTH),
	SIZE(ssm_conv, "conv_kernel", MODEL_MAX_WIDTH),
	SIZE(ssm_heads, "mamba_num_heads", MODEL_MAX_COUNT),
	SIZE(ssm_head_dim, "mamba_head_dim", MODEL_MAX_WIDTH),
	SIZE(ssm_groups, "n_groups", MODEL_MAX_COUNT),
	SIZE(ssm_dt_rank, "time_step_rank", MODEL_MAX_WIDTH),
#undef SIZE
};

/* Every size within its bound, and the parameters they give within
 * MODEL_MAX_PARAMS, before anything counts them in uint64. */
static int
validate_sizes(const struct model *m, struct gp_error *err)
{
	double total = 2.0 * m->vocab * m->hidden + (double)m->extra_params + (double)m->mtp_params;

	for (size_t i = 0; i < sizeof model_sizes / sizeof model_sizes[0]; i++) {
		uint32_t v;

		memcpy(&v, (const char *)m + model_sizes[i].offset, sizeof v);
		if (v > model_sizes[i].max)
			return gp_error_set(err, "%s is %u, more than %u", model_sizes[i].name,
					    v, model_sizes[i].max);
	}
	for (uint32_t i = 0; i < m->layers; i++) {
		if (m->ffn_width[i] > MODEL_MAX_WIDTH)
			return gp_error_set(err, "layer %u: its FFN width is %u, more than %u", i,
					    m->ffn_width[i], MODEL_MAX_WIDTH);
		total += (double)model_mixer_params(m, layer_kind(m, i)) +
			 (double)model_layer_ffn_params(m, i);
	}
	if (total > MODEL_MAX_PARAMS)
		return gp_error_set(err, "its sizes give %.3g parameters, more than %.0e", total,
				    MODEL_MAX_PARAMS);
	return 0;
}

int
model_validate(const struct model *m, struct gp_error *err)
{
	if (m->layers == 0 || m->layers > MODEL_MAX_LAYERS)
		return gp_error_set(err, "num_hidden_layers must be 1..%d, not %u",
				    MODEL_MAX_LAYERS, m->layers);
	if (validate_sizes(m, err) != 0)
		return -1;
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
		if (m->global_kv_heads > 0 && (m->global_kv_heads > m->heads ||
		    m->heads % m->global_kv_heads != 0))
			return gp_error_set(err,
			    "num_global_key_value_heads (%u) must divide num_attention_heads (%u)",
			    m->global_kv_heads, m->heads);
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
		if (model_layer_dense(m, i)) {
			if (model_dense_width(m, i) == 0)
				return gp_error_set(err,
				    "layer %u is dense but intermediate_size is missing", i);
		}
		if (m->attn[i] == ATTN_SLIDING && m->window == 0)
			return gp_error_set(err, "layer %u slides but sliding_window is missing", i);
		if (m->attn[i] == ATTN_CHUNKED && m->chunk == 0)
			return gp_error_set(err, "layer %u is chunked but attention_chunk_size is missing", i);
		if (m->attn[i] == ATTN_MAMBA && (m->ssm_inner == 0 || m->ssm_state == 0 ||
		    m->ssm_conv < 2 || (m->ssm_version == 1 ? m->ssm_dt_rank == 0 :
		    m->ssm_version != 2 || m->ssm_heads == 0 || m->ssm_groups == 0)))
			return gp_error_set(err, "layer %u is a Mamba mixer without its inner width, state size, conv kernel (2 or more) and heads and groups (Mamba2) or dt rank (Mamba1)", i);
		if (m->attn[i] >= ATTN_KIND_COUNT)
			return gp_error_set(err, "layer %u: unknown mixer kind %u", i, m->attn[i]);
	}
	return 0;
}
