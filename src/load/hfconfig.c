/* hfconfig.c - derive an architecture from Hugging Face config fields.
 * Layer rules follow transformers' configuration_*.py: Llama 4
 * (interleave_moe_layer_step, no_rope_layer_interval 4), DeepSeek
 * (first_k_dense_replace, moe_layer_freq), Qwen3 (decoder_sparse_step,
 * mlp_only_layers), Gemma 2/3 (sliding_window_pattern), gpt-oss
 * (layer_types), Qwen3-Next (full_attention_interval, linear layers),
 * Nemotron-H (hybrid_override_pattern: Mamba2, attention, MLP, MoE),
 * Jamba (attn_layer_period/offset, expert_layer_period/offset, Mamba1).
 * Field-name variants: doc/planning-model.md section 2. */
#include <ctype.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hfconfig.h"
#include "jsondoc.h"

/* Records what the import assumed; silently drops notes beyond the
 * table (the first ones are the important ones). */
static void
note(struct hf_import *info, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct hf_import *info, const char *fmt, ...)
{
	va_list ap;

	if (info == NULL || info->n_notes >= HF_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(info->notes[info->n_notes], HF_NOTE_LEN, fmt, ap);
	va_end(ap);
	/* a config and its hf_quant_config.json can say the same */
	for (int i = 0; i < info->n_notes; i++) {
		if (strcmp(info->notes[i], info->notes[info->n_notes]) == 0)
			return;
	}
	info->n_notes++;
}

/* Reads an optional non-negative integer field; -1 when absent or null,
 * -2 (with err set) when present but not a whole number in range. */
static long long
get_uint(const cJSON *c, const char *key, unsigned long long max,
	 struct gp_error *err)
{
	const cJSON *v = jdoc_get(c, key);

	if (v == NULL || cJSON_IsNull(v))
		return -1;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble > (double)max ||
	    v->valuedouble != (double)(long long)v->valuedouble) {
		gp_error_set(err, "field \"%s\": expected a whole number 0..%llu",
			     key, max);
		return -2;
	}
	return (long long)v->valuedouble;
}

static int
get_u32(const cJSON *c, const char *key, uint32_t *out, struct gp_error *err)
{
	long long v = get_uint(c, key, 0xffffffffull, err);

	if (v == -2)
		return -1;
	if (v >= 0)
		*out = (uint32_t)v;
	return 0;
}

static bool
has(const cJSON *c, const char *key)
{
	const cJSON *v = jdoc_get(c, key);

	return v != NULL && !cJSON_IsNull(v);
}

static const char *
get_string(const cJSON *c, const char *key)
{
	const cJSON *v = jdoc_get(c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
get_bool(const cJSON *c, const char *key, bool *out, struct gp_error *err)
{
	const cJSON *v = jdoc_get(c, key);

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return gp_error_set(err, "field \"%s\": expected true or false", key);
	*out = cJSON_IsTrue(v);
	return 0;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
read_layer_types(const cJSON *list, struct model *m, struct gp_error *err)
{
	int i = 0;
	const cJSON *v;

	if (!cJSON_IsArray(list))
		return gp_error_set(err, "field \"layer_types\": expected a list");
	if ((uint32_t)cJSON_GetArraySize(list) != m->layers)
		return gp_error_set(err,
		    "field \"layer_types\": %d entries for %u layers (num_hidden_layers)",
		    cJSON_GetArraySize(list), m->layers);
	cJSON_ArrayForEach(v, list) {
		const char *t = cJSON_IsString(v) ? v->valuestring : "";

		if (strcmp(t, "full_attention") == 0)
			m->attn[i] = ATTN_FULL;
		else if (strcmp(t, "sliding_attention") == 0)
			m->attn[i] = ATTN_SLIDING;
		else if (strcmp(t, "chunked_attention") == 0)
			m->attn[i] = ATTN_CHUNKED;
		else if (strcmp(t, "linear_attention") == 0)
			m->attn[i] = ATTN_LINEAR;
		else
			return gp_error_set(err,
			    "field \"layer_types\"[%d]: unknown kind \"%s\" (full_attention, sliding_attention, chunked_attention or linear_attention; a family whose layers are others is not laid out)",
			    i, t);
		i++;
	}
	return 0;
}

/* transformers Qwen3NextConfig: layer i is full attention iff
 * (i+1) % full_attention_interval == 0 (default 4), the rest Gated
 * DeltaNet (linear). */
static int
qwen3_next_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
		  struct hf_import *info, struct gp_error *err)
{
	(void)c;
	(void)err;
	if (f->full_every == 0) {
		f->full_every = 4;
		note(info, "full_attention_interval absent: Qwen3-Next default 4 (every 4th layer full, the rest linear)");
	}
	for (uint32_t i = 0; i < m->layers; i++)
		m->attn[i] = (i + 1) % f->full_every == 0 ? ATTN_FULL : ATTN_LINEAR;
	return 1;
}

/* Bounds on a Mamba mixer's sizes, far beyond any published one, that
 * keep its counts and state inside 64 bits. */
#define SSM_MAX_INNER (1u << 24)
#define SSM_MAX_STATE (1u << 16)
#define SSM_MAX_CONV 1024u

/* One letter of Nemotron-H's hybrid_override_pattern (transformers
 * NemotronHConfig.layers_block_type): each layer is one block, a norm
 * and one of a Mamba2 mixer, attention, an MLP or a MoE. */
static const struct {
	char letter;
	enum attn_kind mixer;
	bool ffn, moe;
} nemotron_blocks[] = {
	{'M', ATTN_MAMBA, false, false},
	{'*', ATTN_FULL, false, false},
	{'-', ATTN_NONE, true, false},
	{'E', ATTN_NONE, true, true},
};

/* Bytes of one 16- or 32-bit state dtype named as torch names it. */
static int
state_dtype_bytes(const cJSON *c, const char *key, uint32_t def, uint32_t *out,
		  struct gp_error *err)
{
	const char *v = get_string(c, key);

	*out = def;
	if (!has(c, key))
		return 0;
	if (v != NULL && strcmp(v, "float32") == 0)
		*out = 4;
	else if (v != NULL && (strcmp(v, "bfloat16") == 0 || strcmp(v, "float16") == 0))
		*out = 2;
	else
		return gp_error_set(err, "field \"%s\": expected \"float32\", \"bfloat16\" or \"float16\"",
				    key);
	return 0;
}

/* Mamba state per layer per sequence (vLLM MambaStateShapeCalculator
 * mamba2_state_shape, mamba1_state_shape): the conv window,
 * (conv_kernel - 1) x its channels (Mamba2: d_inner + 2 n_groups
 * ssm_state_size; Mamba1: d_inner), in the model dtype (16 bit), and
 * the SSM state, d_inner x ssm_state_size, in mamba_ssm_cache_dtype. */
static int
mamba_state(struct model *m, uint32_t ssm_bytes, struct gp_error *err)
{
	uint64_t di = m->ssm_inner;
	uint64_t conv = m->ssm_version == 1 ? di : di + 2ull * m->ssm_groups * m->ssm_state;
	uint64_t elems = (m->ssm_conv - 1) * conv + di * m->ssm_state;
	uint64_t bytes = 2ull * (m->ssm_conv - 1) * conv + (uint64_t)ssm_bytes * di * m->ssm_state;

	if (bytes > 0xffffffffull)
		return gp_error_set(err, "Mamba2 state of %llu bytes per layer is out of range",
				    (unsigned long long)bytes);
	m->linear_state_bytes = (uint32_t)bytes;
	m->linear_state_elems = (uint32_t)elems;
	return 0;
}

/* transformers NemotronHConfig and NemotronHBlock: hybrid_override_pattern
 * places every layer; the MLPs are up and down projections (relu2), the
 * MoE has one shared expert of moe_shared_expert_intermediate_size and
 * an e_score_correction_bias. vLLM keeps the SSM state in the config's
 * mamba_ssm_cache_dtype, float32 when absent
 * (NemotronHForCausalLMConfig, DEFAULT_MAMBA_SSM_CACHE_DTYPE). */
/* The blocks as letters: hybrid_override_pattern, or the
 * layers_block_type list newer configs write instead (transformers 5:
 * "mamba", "attention", "mlp", "moe"). */
static int
nemotron_h_pattern(const cJSON *c, const struct model *m, char *pat, const char **field,
		   struct gp_error *err)
{
	static const char *const names[] = {"mamba", "attention", "mlp", "moe"};
	const cJSON *list = jdoc_get(c, "layers_block_type"), *v;
	const char *s = get_string(c, "hybrid_override_pattern");
	uint32_t i = 0;

	*field = "hybrid_override_pattern";
	if (s != NULL || !cJSON_IsArray(list)) {
		if (s == NULL)
			return gp_error_set(err, "field \"hybrid_override_pattern\": %s",
					    has(c, *field) ? "expected a string" : "missing (nor layers_block_type)");
		if (strlen(s) != m->layers)
			return gp_error_set(err,
			    "field \"hybrid_override_pattern\": %zu blocks for %u layers (num_hidden_layers)",
			    strlen(s), m->layers);
		memcpy(pat, s, m->layers);
		return 0;
	}
	*field = "layers_block_type";
	if ((uint32_t)cJSON_GetArraySize(list) != m->layers)
		return gp_error_set(err,
		    "field \"layers_block_type\": %d entries for %u layers (num_hidden_layers)",
		    cJSON_GetArraySize(list), m->layers);
	cJSON_ArrayForEach(v, list) {
		size_t k = 0;

		while (k < 4 && !(cJSON_IsString(v) && strcmp(v->valuestring, names[k]) == 0))
			k++;
		if (k == 4)
			return gp_error_set(err,
			    "field \"layers_block_type\"[%u]: unknown block \"%s\" (mamba, attention, mlp, moe)",
			    i, cJSON_IsString(v) ? v->valuestring : "");
		pat[i++] = nemotron_blocks[k].letter;
	}
	return 0;
}

static int
nemotron_h_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
		  struct hf_import *info, struct gp_error *err)
{
	char pat[MODEL_MAX_LAYERS];
	const char *field;
	uint32_t ssm_bytes = 4, shared = 0, n_mamba = 0, n_attn = 0;

	(void)f;
	if (nemotron_h_pattern(c, m, pat, &field, err) != 0)
		return -1;
	m->ssm_version = 2;
	m->ssm_groups = 1;
	m->ssm_conv_bias = true;
	if (get_u32(c, "mamba_num_heads", &m->ssm_heads, err) ||
	    get_u32(c, "mamba_head_dim", &m->ssm_head_dim, err) ||
	    get_u32(c, "n_groups", &m->ssm_groups, err) ||
	    get_u32(c, "ssm_state_size", &m->ssm_state, err) ||
	    get_u32(c, "conv_kernel", &m->ssm_conv, err) ||
	    get_u32(c, "moe_shared_expert_intermediate_size", &shared, err) ||
	    get_u32(c, "moe_latent_size", &m->moe_latent, err) ||
	    get_bool(c, "use_conv_bias", &m->ssm_conv_bias, err) ||
	    get_bool(c, "use_bias", &m->ssm_bias, err) ||
	    state_dtype_bytes(c, "mamba_ssm_cache_dtype", 4, &ssm_bytes, err))
		return -1;
	for (uint32_t i = 0; i < m->layers; i++) {
		size_t b = 0, n = sizeof nemotron_blocks / sizeof nemotron_blocks[0];

		while (b < n && nemotron_blocks[b].letter != pat[i])
			b++;
		if (b == n)
			return gp_error_set(err,
			    "field \"hybrid_override_pattern\"[%u]: unknown block '%c' (M mamba, * attention, - MLP, E MoE)",
			    i, pat[i]);
		if (nemotron_blocks[b].moe && m->experts == 0)
			return gp_error_set(err,
			    "field \"%s\"[%u]: a MoE block but n_routed_experts is missing", field, i);
		m->attn[i] = nemotron_blocks[b].mixer;
		m->no_ffn[i] = !nemotron_blocks[b].ffn;
		m->moe[i] = nemotron_blocks[b].moe;
		n_mamba += m->attn[i] == ATTN_MAMBA;
		n_attn += m->attn[i] == ATTN_FULL;
	}
	if (shared > 0 && m->experts > 0) {
		m->shared_experts = 1;
		m->shared_ffn = shared;
	}
	if (n_mamba > 0) {
		if (m->ssm_heads == 0 || m->ssm_head_dim == 0 || m->ssm_state == 0 ||
		    m->ssm_state > SSM_MAX_STATE || m->ssm_conv < 2 || m->ssm_conv > SSM_MAX_CONV ||
		    m->ssm_groups == 0 || m->ssm_heads % m->ssm_groups != 0 ||
		    (uint64_t)m->ssm_heads * m->ssm_head_dim > SSM_MAX_INNER)
			return gp_error_set(err,
			    "Mamba2 blocks need mamba_num_heads and mamba_head_dim (at most 2^24 channels), ssm_state_size (1..65536), conv_kernel (2..1024) and n_groups dividing the heads");
		m->ssm_inner = m->ssm_heads * m->ssm_head_dim;
		if (mamba_state(m, ssm_bytes, err) != 0)
			return -1;
		note(info, "%u Mamba2 blocks: state %u bytes per layer per sequence (conv 16 bit, SSM %s bit)",
		     n_mamba, m->linear_state_bytes, ssm_bytes == 4 ? "32" : "16");
	}
	if (m->moe_latent > 0)
		note(info, "LatentMoE: experts work in %u channels, projected from and back to %u (counted with the shared expert)",
		     m->moe_latent, m->hidden);
	note(info, "%s: %u attention, %u Mamba2, %u MLP/MoE blocks", field,
	     n_attn, n_mamba, m->layers - n_attn - n_mamba);
	return 1;
}

/* transformers JambaConfig and JambaDecoderLayer: layer i is attention
 * when i % attn_layer_period == attn_layer_offset, else a Mamba1 mixer
 * over mamba_expand x d channels; its FFN is a MoE (experts of
 * intermediate_size) when i % expert_layer_period ==
 * expert_layer_offset, else dense. mamba_dt_rank "auto" is ceil(d /
 * 16). vLLM keeps both states in the model dtype unless told
 * otherwise (MambaStateDtypeCalculator, mamba_ssm_cache_dtype auto). */
static int
jamba_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
	     struct hf_import *info, struct gp_error *err)
{
	uint32_t ap = 8, ao = 4, ep = 2, eo = 1, expand = 2, ssm_bytes = 2, n_mamba = 0;
	const cJSON *rank = jdoc_get(c, "mamba_dt_rank");

	(void)f;
	m->ssm_version = 1;
	m->ssm_state = 16;
	m->ssm_conv = 4;
	m->ssm_conv_bias = true;
	m->ssm_dt_norms = true;
	if (get_u32(c, "attn_layer_period", &ap, err) ||
	    get_u32(c, "attn_layer_offset", &ao, err) ||
	    get_u32(c, "expert_layer_period", &ep, err) ||
	    get_u32(c, "expert_layer_offset", &eo, err) ||
	    get_u32(c, "mamba_expand", &expand, err) ||
	    get_u32(c, "mamba_d_state", &m->ssm_state, err) ||
	    get_u32(c, "mamba_d_conv", &m->ssm_conv, err) ||
	    get_bool(c, "mamba_conv_bias", &m->ssm_conv_bias, err) ||
	    get_bool(c, "mamba_proj_bias", &m->ssm_bias, err) ||
	    state_dtype_bytes(c, "mamba_ssm_cache_dtype", 2, &ssm_bytes, err))
		return -1;
	if (ap == 0 || ao >= ap)
		return gp_error_set(err, "field \"attn_layer_offset\": %u is not below attn_layer_period %u",
				    ao, ap);
	if (ep == 0 || eo >= ep)
		return gp_error_set(err, "field \"expert_layer_offset\": %u is not below expert_layer_period %u",
				    eo, ep);
	if (expand == 0 || (uint64_t)expand * m->hidden > SSM_MAX_INNER)
		return gp_error_set(err, "field \"mamba_expand\": %u x hidden_size %u channels is out of range",
				    expand, m->hidden);
	m->ssm_inner = expand * m->hidden;
	if (rank == NULL || cJSON_IsNull(rank) ||
	    (cJSON_IsString(rank) && strcmp(rank->valuestring, "auto") == 0))
		m->ssm_dt_rank = (m->hidden + 15) / 16;
	else if (get_u32(c, "mamba_dt_rank", &m->ssm_dt_rank, err) != 0)
		return gp_error_set(err, "field \"mamba_dt_rank\": expected a whole number or \"auto\"");
	if (m->ssm_state == 0 || m->ssm_state > SSM_MAX_STATE || m->ssm_conv < 2 ||
	    m->ssm_conv > SSM_MAX_CONV || m->ssm_dt_rank == 0 || m->ssm_dt_rank > SSM_MAX_INNER)
		return gp_error_set(err, "Mamba layers need mamba_d_state (1..65536), mamba_d_conv (2..1024) and mamba_dt_rank (1..2^24)");
	for (uint32_t i = 0; i < m->layers; i++) {
		m->attn[i] = i % ap == ao ? ATTN_FULL : ATTN_MAMBA;
		m->moe[i] = m->experts > 0 && i % ep == eo;
		n_mamba += m->attn[i] == ATTN_MAMBA;
	}
	if (n_mamba > 0) {
		if (mamba_state(m, ssm_bytes, err) != 0)
			return -1;
		note(info, "%u Mamba1 layers: state %u bytes per layer per sequence (16 bit, vLLM's default)",
		     n_mamba, m->linear_state_bytes);
	}
	return 1;
}

/* One NAS block's sub-block (DeciLM block_configs[i].attention or
 * .ffn): 1 present, 0 a no_op, -1 what gpuplan cannot lay out, said. */
static int
nas_part(const cJSON *b, const char *part, uint32_t i, struct gp_error *err)
{
	static const char *const unread[] = {"replace_with_linear", "sparsify", "window_length",
					     "num_sink_tokens"};
	const cJSON *o = jdoc_get(b, part);

	if (!cJSON_IsObject(o))
		return gp_error_set(err, "field \"block_configs\"[%u].%s: expected an object", i, part);
	for (size_t k = 0; k < sizeof unread / sizeof unread[0]; k++) {
		const cJSON *v = jdoc_get(o, unread[k]);

		if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsFalse(v))
			return gp_error_set(err,
			    "field \"block_configs\"[%u].%s.%s: a block gpuplan does not lay out (give the model by hand)",
			    i, part, unread[k]);
	}
	return cJSON_IsTrue(jdoc_get(o, "no_op")) ? 0 : 1;
}

/* Llama-Nemotron's NAS layout (model_type nemotron-nas, DeciLM): each
 * of block_configs gives its layer's attention, with
 * num_attention_heads / n_heads_in_group KV heads, or none (no_op),
 * and its FFN of ffn_mult, or none. A block has a norm before each
 * part it keeps. The FFN width is DeciLM's
 * _ffn_mult_to_intermediate_size: int(2 ffn_mult d / 3) rounded up to
 * a multiple of 256 (vLLM model_executor/models/nemotron_nas.py). */
static int
nas_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
	   struct hf_import *info, struct gp_error *err)
{
	const cJSON *list = jdoc_get(c, "block_configs"), *b;
	uint32_t i = 0, group = 0, n_attn = 0, n_ffn = 0;

	(void)f;
	if (!cJSON_IsArray(list) || (uint32_t)cJSON_GetArraySize(list) != m->layers)
		return gp_error_set(err, "field \"block_configs\": expected one entry per layer (%u)",
				    m->layers);
	m->norms_by_block = true;
	cJSON_ArrayForEach(b, list) {
		const cJSON *mult = jdoc_get(jdoc_get(b, "ffn"), "ffn_mult");
		int attn, ffn;
		uint32_t g = 0;

		if ((attn = nas_part(b, "attention", i, err)) < 0 ||
		    (ffn = nas_part(b, "ffn", i, err)) < 0)
			return -1;
		m->attn[i] = attn ? ATTN_FULL : ATTN_NONE;
		m->no_ffn[i] = !ffn;
		if (attn) {
			char field[64];

			snprintf(field, sizeof field, "block_configs[%u].attention.n_heads_in_group", i);
			if (get_u32(jdoc_get(b, "attention"), "n_heads_in_group", &g, err) != 0)
				return -1;
			if (g == 0 || m->heads % g != 0)
				return gp_error_set(err, "field \"%s\": expected a divisor of num_attention_heads (%u)",
						    field, m->heads);
			if (group != 0 && g != group)
				return gp_error_set(err,
				    "field \"%s\": %u, but an earlier block has %u: KV heads that vary by layer are not laid out",
				    field, g, group);
			group = g;
			n_attn++;
		}
		if (ffn) {
			uint64_t w;

			if (!cJSON_IsNumber(mult) || mult->valuedouble <= 0 || mult->valuedouble > 64)
				return gp_error_set(err, "field \"block_configs\"[%u].ffn.ffn_mult: expected a number in (0, 64]",
						    i);
			w = (uint64_t)(2 * mult->valuedouble * m->hidden / 3);
			m->ffn_width[i] = (uint32_t)((w + 255) / 256 * 256);
			n_ffn++;
		}
		i++;
	}
	if (group > 0)
		m->kv_heads = m->heads / group;
	note(info, "block_configs (NAS): %u attention blocks of %u KV heads, %u FFNs of their own widths, %u blocks without attention",
	     n_attn, m->kv_heads, n_ffn, m->layers - n_attn);
	return 1;
}

/* transformers Llama4TextConfig, with chunked attention:
 * no_rope_layers[i] = 1 (RoPE, chunked) unless (i+1) % interval == 0
 * (global NoPE). */
static int
llama4_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
	      struct hf_import *info, struct gp_error *err)
{
	const cJSON *nope = jdoc_get(c, "no_rope_layers");
	int n = cJSON_IsArray(nope) ? cJSON_GetArraySize(nope) : 0;

	if (m->chunk == 0)
		return 0;
	if (f->interval == 0)
		return gp_error_set(err, "field \"no_rope_layer_interval\": must be > 0");
	if (n != 0 && (uint32_t)n != m->layers)
		return gp_error_set(err,
		    "field \"no_rope_layers\": %d entries for %u layers (num_hidden_layers)",
		    n, m->layers);
	for (uint32_t i = 0; i < m->layers; i++) {
		bool rope = n ? cJSON_IsTrue(cJSON_GetArrayItem(nope, (int)i)) ||
			(cJSON_IsNumber(cJSON_GetArrayItem(nope, (int)i)) &&
			 cJSON_GetArrayItem(nope, (int)i)->valuedouble != 0)
			: (i + 1) % f->interval != 0;
		m->attn[i] = rope ? ATTN_CHUNKED : ATTN_FULL;
	}
	if (n == 0)
		note(info, "no_rope_layers empty: transformers default, layer i global (NoPE) when (i+1) %% %u == 0, the rest chunked",
		     f->interval);
	return 1;
}

/* Gemma2Config: sliding on even layers, global on odd; the generic
 * pattern rule then lays them out. */
static int
gemma2_layers(const cJSON *c, struct hf_layer_fields *f, struct model *m,
	      struct hf_import *info, struct gp_error *err)
{
	(void)c;
	(void)err;
	if (m->window > 0 && f->pattern == 0) {
		f->pattern = 2;
		note(info, "Gemma 2 without layer_types: local and global layers alternate");
	}
	return 0;
}

#define GEMMA	.tied_default = true
#define GEMMA2	GEMMA, .norms_per_layer = 4, .layers = gemma2_layers
#define GEMMA4	GEMMA, .norms_per_layer = 4, .qk_norm = true, .dense_beside_moe = true
#define GEMMA3	GEMMA, .norms_per_layer = 4, .qk_norm = true, \
		.default_vocab = 262208, .config_class = "Gemma3TextConfig"
#define QWEN3	.qk_norm = true
/* Qwen3NextAttention's q_proj always makes the output gate too */
#define QWEN3_NEXT QWEN3, .attn_gate = true, .mtp_shares_embed = true, \
		.layers = qwen3_next_layers
/* Qwen2Attention: q, k and v with biases, o without */
#define QWEN2	.qkv_bias = true
#define GPT_OSS	.attn_sinks = true, .expert_bias = true, .router_bias = true
#define DEEPSEEK_V3 .router_bias = true	/* e_score_correction_bias */
#define LLAMA4	.shared_like_routed = true, .layers = llama4_layers
#define JAMBA	.layers = jamba_layers
#define NEMOTRON_NAS .layers = nas_layers
#define NEMOTRON_H .norms_per_layer = 1, .ffn_ungated = true, .router_bias = true, \
		.block_list = true, .own_mtp = true, .layers = nemotron_h_layers

/* Each family's facts are written once, in the macros above. The exact
 * rows are the model_type values transformers ships; the prefix rows
 * catch their variants (gemma3n, qwen3_vl_moe) and are tried in order,
 * longest first, so that "qwen3" cannot take qwen3_next. */
static const struct hf_family families[] = {
	{ .model_type = "gemma", .match = HF_EXACT, GEMMA },
	{ .model_type = "gemma2", .match = HF_EXACT, GEMMA2 },
	{ .model_type = "gemma3", .match = HF_EXACT, GEMMA3 },
	{ .model_type = "gemma3_text", .match = HF_EXACT, GEMMA3 },
	{ .model_type = "gemma4", .match = HF_EXACT, GEMMA4 },
	{ .model_type = "gemma4_text", .match = HF_EXACT, GEMMA4 },
	{ .model_type = "qwen3", .match = HF_EXACT, QWEN3 },
	{ .model_type = "qwen3_moe", .match = HF_EXACT, QWEN3 },
	{ .model_type = "qwen3_next", .match = HF_EXACT, QWEN3_NEXT },
	{ .model_type = "gpt_oss", .match = HF_EXACT, GPT_OSS },
	{ .model_type = "deepseek_v3", .match = HF_EXACT, DEEPSEEK_V3 },
	/* V3.2's sparse attention (read_sparse) on V3's layers, and
	 * GLM-5's (e_score_correction_bias too) */
	{ .model_type = "deepseek_v32", .match = HF_EXACT, DEEPSEEK_V3 },
	{ .model_type = "glm_moe_dsa", .match = HF_EXACT, DEEPSEEK_V3 },
	{ .model_type = "llama4", .match = HF_EXACT, LLAMA4 },
	{ .model_type = "llama4_text", .match = HF_EXACT, LLAMA4 },
	/* Kimi K2 is DeepSeek-V3's layout under a name of its own */
	{ .model_type = "kimi_k2", .match = HF_EXACT, DEEPSEEK_V3 },
	{ .model_type = "nemotron_h", .match = HF_EXACT, NEMOTRON_H },
	{ .model_type = "jamba", .match = HF_EXACT, JAMBA },
	{ .model_type = "nemotron-nas", .match = HF_EXACT, NEMOTRON_NAS },
	/* plain attention and MLP (or Mixtral-style MoE) layers: the
	 * generic rules, checked against these families' published counts
	 * (data/models.json) */
	{ .model_type = "llama", .match = HF_EXACT },
	{ .model_type = "mistral", .match = HF_EXACT },
	{ .model_type = "mixtral", .match = HF_EXACT },
	{ .model_type = "qwen2", .match = HF_EXACT, QWEN2 },
	{ .model_type = "qwen2_moe", .match = HF_EXACT, QWEN2 },
	{ .model_type = "phi3", .match = HF_EXACT },
	/* MiniMax-M2 and M2.5/M2.7: full GQA attention on all 62 layers
	 * and 256 routed experts, sigmoid-routed with a bias; its q/k
	 * norms span the whole layer ((H + Hkv) dh, qk_norm_type
	 * per_layer), counted here per head: 0.4M short of 229B. Its MTP
	 * modules are not counted. */
	{ .model_type = "minimax_m2", .match = HF_EXACT, QWEN3, .router_bias = true },
	{ .model_type = "olmo2", .match = HF_EXACT },
	/* GLM-4.5/4.6 (Glm4MoeForCausalLM): DeepSeek-V3's MoE layers
	 * (e_score_correction_bias) and MTP layout under GQA attention
	 * with q, k and v biases, q/k norms by use_qk_norm */
	{ .model_type = "glm4_moe", .match = HF_EXACT, QWEN2, .router_bias = true,
	  .qk_norm_field = true },

	{ .model_type = "qwen3_next", .match = HF_PREFIX, QWEN3_NEXT },
	{ .model_type = "qwen3", .match = HF_PREFIX, QWEN3 },
	{ .model_type = "gemma4", .match = HF_PREFIX, GEMMA4 },
	{ .model_type = "gemma3", .match = HF_PREFIX, GEMMA3 },
	{ .model_type = "gemma2", .match = HF_PREFIX, GEMMA2 },
	{ .model_type = "gemma", .match = HF_PREFIX, GEMMA },
	{ .model_type = "gpt_oss", .match = HF_PREFIX, GPT_OSS },
	{ .model_type = "deepseek_v3", .match = HF_PREFIX, DEEPSEEK_V3 },
	{ .model_type = "llama4", .match = HF_PREFIX, LLAMA4 },
};

#undef GEMMA
#undef GEMMA2
#undef GEMMA3
#undef GEMMA4
#undef QWEN3
#undef QWEN3_NEXT
#undef QWEN2
#undef GPT_OSS
#undef DEEPSEEK_V3
#undef LLAMA4
#undef NEMOTRON_H
#undef JAMBA
#undef NEMOTRON_NAS


/* A config without model_type, or one whose layer_types places every
 * layer: the generic rules only. */
static const struct hf_family generic_family = { .model_type = "" };

const struct hf_family *
hfconfig_family(const char *model_type)
{
	const size_t n = sizeof families / sizeof families[0];

	if (model_type == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (families[i].match == HF_EXACT &&
		    strcmp(model_type, families[i].model_type) == 0)
			return &families[i];
	}
	for (size_t i = 0; i < n; i++) {
		if (families[i].match == HF_PREFIX &&
		    starts_with(model_type, families[i].model_type))
			return &families[i];
	}
	return NULL;
}

/* DeepSeek sparse attention (V3.2, GLM-5): vLLM makes every MLA config
 * with index_topk sparse (deepseek_v2.py, is_v32 = hasattr(config,
 * "index_topk"), vLLM 002d6073aa03), each layer with a lightning
 * indexer of index_n_heads x index_head_dim unless IndexShare
 * (index_topk_freq, index_topk_pattern) has it reuse another layer's
 * picks, which is not modelled: such a config is refused. */
static int
read_sparse(const cJSON *c, struct model *m, struct hf_import *info, struct gp_error *err)
{
	const cJSON *pattern = jdoc_get(c, "index_topk_pattern");
	uint32_t freq = 1;

	if (!has(c, "index_topk"))
		return 0;
	if (get_u32(c, "index_topk", &m->index_topk, err) ||
	    get_u32(c, "index_n_heads", &m->index_heads, err) ||
	    get_u32(c, "index_head_dim", &m->index_head_dim, err) ||
	    get_u32(c, "index_topk_freq", &freq, err))
		return -1;
	if (m->q_lora_rank == 0)
		return gp_error_set(err, "field \"index_topk\": sparse attention needs MLA's q_lora_rank");
	if (m->index_topk == 0 || m->index_heads == 0 || m->index_head_dim == 0 ||
	    m->index_head_dim % 128 != 0)
		return gp_error_set(err, "fields \"index_topk\", \"index_n_heads\", \"index_head_dim\": "
				    "expected whole numbers, the head a multiple of 128");
	if (freq != 1 || (pattern != NULL && !cJSON_IsNull(pattern)))
		return gp_error_set(err, "field \"%s\": layers that reuse another layer's top-k "
				    "(IndexShare) are not modelled",
				    freq != 1 ? "index_topk_freq" : "index_topk_pattern");
	for (uint32_t i = 0; i < m->layers; i++)
		m->attn[i] = ATTN_DSA;
	note(info, "DeepSeek sparse attention: every layer attends to %u tokens its indexer "
	     "(%u heads of %u) picks; the indexer keeps %u B of FP8 keys per token",
	     m->index_topk, m->index_heads, m->index_head_dim, m->index_head_dim + m->index_head_dim / 32);
	return 0;
}

static int
read_attention(const cJSON *c, const struct hf_family *fam, struct model *m,
	       struct hf_import *info, struct gp_error *err)
{
	const cJSON *types = jdoc_get(c, "layer_types");
	struct hf_layer_fields f = { .pattern = 0, .interval = 4, .full_every = 0 };
	bool use_sw = true;
	int rc;

	if (get_u32(c, "sliding_window", &m->window, err) ||
	    get_u32(c, "attention_chunk_size", &m->chunk, err) ||
	    get_u32(c, "sliding_window_pattern", &f.pattern, err) ||
	    get_u32(c, "no_rope_layer_interval", &f.interval, err) ||
	    get_u32(c, "full_attention_interval", &f.full_every, err) ||
	    get_bool(c, "use_sliding_window", &use_sw, err))
		return -1;

	for (uint32_t i = 0; i < m->layers; i++)
		m->attn[i] = ATTN_FULL;
	if (m->kv_lora_rank > 0) {
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = ATTN_MLA;
		return read_sparse(c, m, info, err);
	}
	if (types != NULL && !cJSON_IsNull(types))
		return read_layer_types(types, m, err);
	if (fam->layers != NULL && (rc = fam->layers(c, &f, m, info, err)) != 0)
		return rc < 0 ? -1 : 0;
	if (m->window > 0 && f.pattern > 0) {
		/* Gemma 3: every pattern-th layer is global. */
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = (i + 1) % f.pattern == 0 ? ATTN_FULL : ATTN_SLIDING;
		return 0;
	}
	if (m->window > 0 && use_sw && m->window < m->max_context) {
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = ATTN_SLIDING;
		if (has(c, "max_window_layers"))
			note(info, "use_sliding_window with max_window_layers: every layer taken as sliding");
	}
	return 0;
}

static int
read_int_list_contains(const cJSON *list, uint32_t i)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, list) {
		if (cJSON_IsNumber(v) && v->valuedouble == (double)i)
			return 1;
	}
	return 0;
}

static int
read_moe(const cJSON *c, const struct hf_family *fam, struct model *m,
	 struct hf_import *info, struct gp_error *err)
{
	uint32_t step = 0, first_dense = 0, freq = 1, sparse_step = 0;
	uint32_t moe_width = 0, shared_width = 0, n_shared = 0;
	const cJSON *mlp_only = jdoc_get(c, "mlp_only_layers");

	if (get_u32(c, "num_local_experts", &m->experts, err) ||
	    get_u32(c, "n_routed_experts", &m->experts, err) ||
	    get_u32(c, "num_experts", &m->experts, err) ||
	    get_u32(c, "num_experts_per_tok", &m->top_k, err) ||
	    get_u32(c, "experts_per_token", &m->top_k, err) ||
	    get_u32(c, "top_k_experts", &m->top_k, err) ||	/* Gemma 4 */
	    get_u32(c, "moe_intermediate_size", &moe_width, err) ||
	    get_u32(c, "shared_expert_intermediate_size", &shared_width, err) ||
	    get_u32(c, "n_shared_experts", &n_shared, err) ||
	    get_u32(c, "interleave_moe_layer_step", &step, err) ||
	    get_u32(c, "first_k_dense_replace", &first_dense, err) ||
	    get_u32(c, "moe_layer_freq", &freq, err) ||
	    get_u32(c, "decoder_sparse_step", &sparse_step, err))
		return -1;
	if (m->experts <= 1) {
		m->experts = 0;		/* Qwen3 dense configs say num_experts 0 */
		m->top_k = 0;
		return 0;
	}

	/* The routed-expert width: Mixtral, gpt-oss and Llama 4 call it
	 * intermediate_size; DeepSeek and Qwen3 moe_intermediate_size. */
	m->expert_ffn = moe_width ? moe_width : m->dense_ffn;
	if (moe_width == 0 && m->dense_ffn > 0)
		note(info, "no moe_intermediate_size: intermediate_size %u taken as the expert width",
		     m->dense_ffn);
	if (fam->shared_like_routed) {
		m->shared_experts = 1;
		m->shared_ffn = m->expert_ffn;
	} else if (n_shared > 0) {
		m->shared_experts = 1;
		m->shared_ffn = n_shared * m->expert_ffn;
	} else if (shared_width > 0) {
		/* Qwen2MoeSparseMoeBlock and its Qwen3-Next and Qwen3.5
		 * heirs gate their one shared expert by shared_expert_gate,
		 * hidden -> 1 */
		m->shared_experts = 1;
		m->shared_ffn = shared_width;
		m->shared_gate = true;
	} else if (fam->dense_beside_moe && m->dense_ffn > 0) {
		/* Gemma 4's MoE layers keep their dense MLP beside the routed
		 * experts: every token runs it, as a shared expert */
		m->shared_experts = 1;
		m->shared_ffn = m->dense_ffn;
	}
	if (first_dense > m->layers)
		return gp_error_set(err,
		    "field \"first_k_dense_replace\": %u dense layers but num_hidden_layers is %u",
		    first_dense, m->layers);

	for (uint32_t i = 0; i < m->layers; i++) {
		bool moe = true;

		if (step > 0)
			moe = i % step == step - 1;
		else if (first_dense > 0 || has(c, "moe_layer_freq"))
			moe = i >= first_dense && (freq == 0 || i % freq == 0);
		else if (sparse_step > 0)
			moe = (i + 1) % sparse_step == 0;
		if (cJSON_IsArray(mlp_only) && read_int_list_contains(mlp_only, i))
			moe = false;
		m->moe[i] = moe;
	}
	return 0;
}

/* Gemma 4's full-attention layers (transformers Gemma4TextAttention):
 * heads of global_head_dim; with attention_k_eq_v no v_proj (V is K)
 * and num_global_key_value_heads KV heads. Layers that reuse another's
 * KV, and per-layer input embeddings (the E2B and E4B sizes), are not
 * modelled: such a config is refused, never planned as another. */
static int
read_global_attention(const cJSON *c, struct model *m, struct hf_import *info,
		      struct gp_error *err)
{
	uint32_t shared = 0, ple = 0;

	if (get_u32(c, "global_head_dim", &m->global_head_dim, err) ||
	    get_u32(c, "num_global_key_value_heads", &m->global_kv_heads, err) ||
	    get_bool(c, "attention_k_eq_v", &m->k_eq_v, err) ||
	    get_u32(c, "num_kv_shared_layers", &shared, err) ||
	    get_u32(c, "hidden_size_per_layer_input", &ple, err))
		return -1;
	if (shared > 0)
		return gp_error_set(err, "field \"num_kv_shared_layers\": layers that reuse another layer's KV cache are not modelled");
	if (ple > 0)
		return gp_error_set(err, "field \"hidden_size_per_layer_input\": per-layer input embeddings are not counted");
	if (!m->k_eq_v)
		m->global_kv_heads = 0;	/* transformers reads it only then */
	if (m->global_head_dim == m->head_dim)
		m->global_head_dim = 0;
	if (m->global_head_dim > 0 || m->global_kv_heads > 0 || m->k_eq_v)
		note(info, "full-attention layers: %u KV heads of %u%s",
		     m->global_kv_heads ? m->global_kv_heads : m->kv_heads,
		     m->global_head_dim ? m->global_head_dim : m->head_dim,
		     m->k_eq_v ? ", V the same projection as K (both held in the KV cache)" : "");
	return 0;
}

/* Gated DeltaNet state per layer per sequence (Qwen3-Next): the
 * recurrent matrix of each value head, v_heads x k_dim x v_dim, plus the
 * short-convolution window, (kernel - 1) x (2 k_heads k_dim + v_heads
 * v_dim); both held in 16 bit (vLLM mamba_ssm_cache_dtype "auto" = the
 * model dtype). */
static int
read_linear_state(const cJSON *c, struct model *m, struct hf_import *info,
		  struct gp_error *err)
{
	uint32_t kh = 0, kd = 0, vh = 0, vd = 0, conv = 0, n = 0, n_mamba = 0;
	uint64_t bytes;

	for (uint32_t i = 0; i < m->layers; i++) {
		n += m->attn[i] == ATTN_LINEAR;
		n_mamba += m->attn[i] == ATTN_MAMBA;
	}
	if (info != NULL) {
		info->linear_layers = n + n_mamba;
		info->linear_state_bytes = m->linear_state_bytes;
	}
	if (n == 0)
		return 0;	/* a Mamba2 state is the family's (nemotron_h_layers) */
	if (get_u32(c, "linear_num_key_heads", &kh, err) ||
	    get_u32(c, "linear_key_head_dim", &kd, err) ||
	    get_u32(c, "linear_num_value_heads", &vh, err) ||
	    get_u32(c, "linear_value_head_dim", &vd, err) ||
	    get_u32(c, "linear_conv_kernel_dim", &conv, err))
		return -1;
	if (vh == 0 || kd == 0 || vd == 0) {
		note(info, "%u linear-attention layers: no linear_num_value_heads / linear_key_head_dim / linear_value_head_dim, their state is left at 0",
		     n);
		return 0;
	}
	if (kh > SSM_MAX_STATE || kd > SSM_MAX_STATE || vh > SSM_MAX_STATE ||
	    vd > SSM_MAX_STATE || conv > SSM_MAX_CONV)
		return gp_error_set(err, "linear_num_key_heads, linear_key_head_dim, linear_num_value_heads and linear_value_head_dim must be at most %u, linear_conv_kernel_dim at most %u",
				    SSM_MAX_STATE, SSM_MAX_CONV);
	bytes = 2ull * vh * kd * vd;
	if (conv > 1)
		bytes += 2ull * (conv - 1) * (2ull * kh * kd + (uint64_t)vh * vd);
	if (bytes > 0xffffffffull)
		return gp_error_set(err, "linear-attention state of %llu bytes per layer is out of range",
				    (unsigned long long)bytes);
	m->linear_state_bytes = (uint32_t)bytes;
	m->linear_state_elems = (uint32_t)(bytes / 2);	/* all 16 bit */
	m->gdn_k_heads = kh;
	m->gdn_k_dim = kd;
	m->gdn_v_heads = vh;
	m->gdn_v_dim = vd;
	m->gdn_conv = conv;
	if (info != NULL)
		info->linear_state_bytes = bytes;
	note(info, "%u linear-attention layers (Gated DeltaNet): state %llu bytes per layer per sequence (16 bit)",
	     n, (unsigned long long)bytes);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Quantization configs: the checkpoint's bits per tensor group.       */
/* ------------------------------------------------------------------ */

/* How a config's list of modules left unquantized names them. */
enum quant_match {
	QM_HF,		/* transformers modules_to_not_convert: `key in name`, or a glob */
	QM_FBGEMM,	/* fbgemm_fp8's: `key + "." in name`, `key == name`, or the
			 * module's own name */
	QM_GLOB,	/* ModelOpt exclude_modules: fnmatch, Python's */
	QM_CT,		/* compressed-tensors ignore and targets: "re:" regex, else a
			 * module's exact name or a class name */
};

/* How one rule stores a weight: bits with the group or block scales
 * spread over them, and a scale per output row (per channel) of
 * row_bits, spread over the row's in_features weights. */
struct quant_rule {
	double bits;
	double row_bits;
	bool has_format;		/* format is the nearest --weights */
	enum weight_format format;
	bool block;			/* scales per 2-D block (block-FP8 kernels) */
	const char *name;		/* compressed-tensors: its config group */
};

#define QUANT_MAX_RULES 16

/* A module name, glob or "re:" regex of a config, compiled once. */
struct pattern {
	const char *text;
	bool regex;			/* compressed-tensors "re:" */
	bool ok;			/* the regex compiled */
	regex_t re;
	char literal[64];		/* a regex ".*X.*" or ".*X" of plain
					 * X: a substring search, as fast */
	int rule;			/* a target: the rule it selects */
	bool used;			/* a target: it selected a tensor */
};

/* One scheme as read, before it is applied to the model: one rule, or
 * one per compressed-tensors config group, each taking the modules its
 * targets select. */
struct quant_scheme {
	struct quant_rule rules[QUANT_MAX_RULES];
	int n_rules;
	int chosen;			/* the rule over most weights: the format */
	bool experts_only;		/* transformers' Mxfp4 swaps GptOssExperts only */
	bool lm_head;			/* GPTQ "lm_head": true */
	const cJSON *exclude;		/* module patterns kept at 16 bits */
	const char *exclude_field;
	enum quant_match match;
	struct pattern *excl;
	size_t n_excl;
	struct pattern *targets;	/* none: rule 0 takes every linear layer */
	size_t n_targets;
	const char *shared;		/* the shared expert's module, when the
					 * family's naming is not the model's */
	char unread[MODEL_TEXT_LEN];	/* the first pattern that could not be
					 * read, for the plan's warning */
};

/* Python's re syntax as POSIX ERE, for what module patterns use: \d
 * and \D, (?:...), lazy quantifiers (whether a match exists is the
 * same either way), \A and \Z, escaped punctuation inside [...].
 * Lookarounds, named groups, inline flags and other escapes have no
 * ERE form: false. Anchored at the start, as Python's re.match. */
static bool
python_to_ere(const char *py, char *out, size_t n)
{
	size_t o = 0;
	bool bracket = false;

	if (n < 8)
		return false;
	memcpy(out, "^(", 2);
	o = 2;
	for (size_t i = 0; py[i] != '\0'; i++) {
		const char *add = NULL;
		char one[4] = {py[i], 0, 0, 0};
		char c = py[i], d = py[i + 1];

		if (bracket) {
			if (c == '\\') {
				if (d == 'd')
					add = "0-9";
				else if (d != '\0' && strchr(".+*?()|{}$/_:,", d) != NULL)
					one[0] = d;
				else
					return false;
				i++;
			} else if (c == ']') {
				bracket = false;
			}
		} else if (c == '\\') {
			if (d == 'd')
				add = "[0-9]";
			else if (d == 'D')
				add = "[^0-9]";
			else if (d == 'A')
				add = "^";
			else if (d == 'Z')
				add = "$";
			else if (d != '\0' && (strchr("wWsSbB", d) != NULL || ispunct((unsigned char)d)))
				one[1] = d;	/* GNU ERE knows \w \s \b */
			else
				return false;
			i++;
		} else if (c == '(' && d == '?') {
			if (py[i + 2] != ':')
				return false;
			i += 2;
		} else if ((c == '*' || c == '+' || c == '?' || c == '}') && d == '?') {
			i++;
		} else if (c == '[') {
			bracket = true;
			if (d == '^') {
				one[1] = d;
				i++;
			}
			if (py[i + 1] == ']') {	/* a leading ] is literal */
				one[one[1] ? 2 : 1] = ']';
				i++;
			}
		}
		if (add == NULL)
			add = one;
		if (o + strlen(add) + 2 > n)
			return false;
		memcpy(out + o, add, strlen(add));
		o += strlen(add);
	}
	if (bracket)
		return false;
	memcpy(out + o, ")", 2);
	return true;
}

/* ".*X.*" or ".*X", X of letters, digits, _ and \\. alone: what
 * re.match finds wherever X is in the name. X, unescaped, into out. */
static bool
regex_literal(const char *py, char *out, size_t n)
{
	size_t o = 0;

	if (strncmp(py, ".*", 2) != 0)
		return false;
	for (py += 2; *py != '\0' && strcmp(py, ".*") != 0; py++) {
		if (py[0] == '\\' && py[1] == '.')
			py++;
		else if (!isalnum((unsigned char)*py) && *py != '_')
			o = n;
		if (o + 1 >= n) {
			out[0] = '\0';
			return false;
		}
		out[o++] = *py;
	}
	out[o] = '\0';
	return o > 0;
}

/* Reads a list of module patterns into p (n entries); a "re:" regex of
 * compressed-tensors that POSIX cannot read is said, and matches
 * nothing. */
static int
patterns_read(const cJSON *list, const char *field, enum quant_match how, int rule,
	      struct pattern **p, size_t *n, char *unread, struct hf_import *info,
	      struct gp_error *err)
{
	const cJSON *v;
	struct pattern *grown;
	size_t want;

	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return gp_error_set(err, "field \"%s\": expected a list of module names", field);
	want = *n + (size_t)cJSON_GetArraySize(list);
	if (want == *n)
		return 0;
	if ((grown = realloc(*p, want * sizeof **p)) == NULL)
		return gp_error_set(err, "field \"%s\": out of memory", field);
	*p = grown;
	cJSON_ArrayForEach(v, list) {
		struct pattern *e = &(*p)[*n];
		char ere[512];

		if (!cJSON_IsString(v))
			return gp_error_set(err, "field \"%s\": expected a list of module names", field);
		memset(e, 0, sizeof *e);
		e->text = v->valuestring;
		e->rule = rule;
		e->regex = how == QM_CT && starts_with(e->text, "re:");
		if (e->regex && regex_literal(e->text + 3, e->literal, sizeof e->literal)) {
			e->ok = true;
		} else if (e->regex) {
			e->ok = python_to_ere(e->text + 3, ere, sizeof ere) &&
				regcomp(&e->re, ere, REG_EXTENDED | REG_NOSUB) == 0;
			if (!e->ok) {
				note(info, "%s: \"%.80s\" is a regex gpuplan cannot read: it selects nothing",
				     field, e->text);
				if (unread[0] == '\0')
					snprintf(unread, MODEL_TEXT_LEN,
						 "field \"%s\": \"%.80s\" is a regex gpuplan cannot read (it selects nothing: the bits may be off)",
						 field, e->text);
			}
		}
		(*n)++;
	}
	return 0;
}

static void
patterns_free(struct pattern *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i].regex && p[i].ok && p[i].literal[0] == '\0')
			regfree(&p[i].re);
	}
	free(p);
}

/* The last byte of a wildcard, a bracket expression or an escape */
static bool
is_glob_end(char c)
{
	return c == '*' || c == '?' || c == ']' || c == '\\';
}

/* Does module `name` match pattern `pat` (QM_HF, QM_FBGEMM, QM_GLOB)?
 * A pattern also covers the modules below the one it names: gpt-oss's
 * "model.layers.*.self_attn" covers its q_proj, as transformers skips
 * the whole submodule. */
static bool
module_matches(const char *pat, const char *name, enum quant_match how)
{
	char prefix[160];
	const char *tail, *hit, *leaf = strrchr(name, '.');
	size_t n = strlen(name), lit, tail_n, pn = strlen(pat);

	if (how == QM_HF && strstr(name, pat) != NULL)
		return true;
	if (how == QM_FBGEMM) {
		/* transformers' _replace_with_fbgemm_fp8_linear, which wrote
		 * the fbgemm checkpoints (integrations/fbgemm_fp8.py, 4.43 to
		 * 4.5x): `name not in modules_to_not_convert` for the child's
		 * own name, then `(key + "." in current_key_name_str) or (key
		 * == current_key_name_str)`; "model.layers.1" does not reach
		 * layer 12 (transformers 5's should_convert_module, a re.match
		 * prefix, would) */
		if (strcmp(name, pat) == 0 || strcmp(leaf != NULL ? leaf + 1 : name, pat) == 0)
			return true;
		for (hit = strstr(name, pat); hit != NULL; hit = strstr(hit + 1, pat)) {
			if (hit[pn] == '.')
				return true;
		}
		return false;
	}
	/* Every prefix fnmatch could accept starts with the pattern's literal
	 * head, and an all-literal pattern names one module: most pairs are
	 * settled here, as fnmatch over every layer's tensors was most of a
	 * plan's start-up. */
	lit = strcspn(pat, "*?[\\");
	if (lit > n || strncmp(pat, name, lit) != 0)
		return false;
	if (pat[lit] == '\0')
		return lit > 0 && (name[lit] == '\0' || name[lit] == '.');
	/* and ends with its literal tail, the text after the last wildcard */
	tail = pat + strlen(pat);
	while (tail > pat && !is_glob_end(tail[-1]))
		tail--;
	tail_n = strlen(tail);
	for (size_t len = lit > 0 ? lit : 1; len <= n && len < sizeof prefix; len++) {
		if ((len < n && name[len] != '.') || len < tail_n ||
		    memcmp(name + len - tail_n, tail, tail_n) != 0)
			continue;
		memcpy(prefix, name, len);
		prefix[len] = '\0';
		if (fnmatch(pat, prefix, 0) == 0)
			return true;
	}
	return false;
}

/* A compressed-tensors entry naming a class: match.py _match_class
 * takes any class of the module's MRO ("Linear" also vLLM's
 * LinearBase). The tensors counted here are nn.Linear, but the
 * embedding, an nn.Embedding; all are Modules. Other classes (a
 * decoder layer, an attention module) hold no weight of their own. */
static bool
class_matches(const char *text, bool linear)
{
	return strcmp(text, "Module") == 0 || strcmp(text, linear ? "Linear" : "Embedding") == 0;
}

/* Does a compressed-tensors entry select module `name`? A regex by
 * re.match, a name only exactly (match.py match_name: `target ==
 * name`; an ignored parent does not cover its children, as SGLang's
 * PR 32736 found llm-compressor writing them), or a class. */
static int
ct_match(const struct pattern *p, const char *name, bool linear)
{
	if (p->regex && p->literal[0] != '\0')
		return strstr(name, p->literal) != NULL ? 1 : -1;
	if (p->regex)
		return p->ok && regexec(&p->re, name, 0, NULL, 0) == 0 ? 1 : -1;
	if (strcmp(p->text, name) == 0)
		return 0;
	return class_matches(p->text, linear) ? 2 : -1;
}

static bool
excluded(const struct quant_scheme *q, const char *name, bool linear)
{
	for (size_t k = 0; k < q->n_excl; k++) {
		if (q->match == QM_CT ? ct_match(&q->excl[k], name, linear) >= 0 :
		    module_matches(q->excl[k].text, name, q->match))
			return true;
	}
	return false;
}

/* The rule a tensor's module takes, -1 for none (16 bits): excluded,
 * or no target selects it. Among the targets that select it,
 * compressed-tensors takes an exact name first, then a regex, then a
 * class, each kind in sorted order, and the group that lists a target
 * last (apply.py apply_quantization_config, match.py match_targets,
 * commit ac8e2ba8). vLLM's find_matched_target tries names and
 * regexes in config order instead (compressed-tensors issue 862): the
 * checkpoint holds what compressed-tensors wrote. */
static int
rule_of(struct quant_scheme *q, const char *name, bool linear)
{
	struct pattern *best = NULL;
	int best_kind = 3;

	if (excluded(q, name, linear))
		return -1;
	if (q->n_targets == 0)
		return linear ? 0 : -1;
	for (size_t k = 0; k < q->n_targets; k++) {
		struct pattern *p = &q->targets[k];
		int kind = q->match == QM_CT ? ct_match(p, name, linear) :
			   module_matches(p->text, name, q->match) ? 0 : -1;

		if (kind < 0)
			continue;
		p->used = true;
		if (kind < best_kind || (kind == best_kind && strcmp(p->text, best->text) < 0)) {
			best = p;
			best_kind = kind;
		}
	}
	return best != NULL ? best->rule : -1;
}

/* The tensors that stand for each quantized group of a layer.
 * Transformers' Llama, Mixtral-style and DeepSeek/Qwen MoE models name
 * them one way, Gated DeltaNet mixers linear_attn; the families with
 * Mamba mixers their own: Nemotron-H (backbone.layers.N.mixer, one
 * block each, up/down MLPs) and Jamba (mamba, self_attn, feed_forward). */
enum { LT_ATTN, LT_MAMBA, LT_GDN, LT_DENSE, LT_EXPERTS, LT_SHARED, LT_COUNT };

struct tensor_naming {
	const char *layers;		/* the layers' module path */
	const char *module[LT_COUNT];	/* each group's module in a layer */
	const char *embed;
	bool gdn_fused;			/* Qwen3-Next's in_proj_qkvz and
					 * in_proj_ba, not Qwen3.5's five */
};

static const enum param_group lt_group[LT_COUNT] = {
	PG_ATTN, PG_ATTN, PG_ATTN, PG_DENSE_FFN, PG_EXPERTS, PG_SHARED,
};

static const struct tensor_naming naming_llama = {"model.layers",
	{"self_attn", NULL, "linear_attn", "mlp", "mlp.experts.0", "mlp.shared_experts"},
	"model.embed_tokens", false};
static const struct tensor_naming naming_nemotron_h = {"backbone.layers",
	{"mixer", "mixer", NULL, "mixer", "mixer.experts.0", "mixer.shared_experts"},
	"backbone.embeddings", false};
static const struct tensor_naming naming_jamba = {"model.layers",
	{"self_attn", "mamba", NULL, "feed_forward", "feed_forward.experts.0", NULL},
	"model.embed_tokens", false};

/* One weight tensor: its name under the layer and its [out, in]. */
struct tensor {
	const char *name;
	uint64_t out, in;
};

#define TENSORS_MAX 6

/* Group lt's tensors in a layer of kind k, with the shapes model.c
 * counts: attention's q/k/v/o (q with its output gate, no v where V is
 * K) or MLA's q_a/q_b (q without a q LoRA), kv_a_proj_with_mqa, kv_b
 * and o; Gated DeltaNet's input projections and out_proj
 * (transformers Qwen3_5GatedDeltaNet, Qwen3NextGatedDeltaNet); Mamba2's
 * in_proj and out_proj, Mamba1's in_proj, x_proj, dt_proj and
 * out_proj; an FFN's gate, up and down (up and down ungated). */
static int
group_tensors(const struct model *m, const struct tensor_naming *tn, int lt,
	      enum attn_kind k, struct tensor t[TENSORS_MAX])
{
	uint64_t d = m->hidden, h = m->heads, di = m->ssm_inner, f = 0, w = d;
	int n = 0;

	if (lt == LT_GDN) {
		uint64_t key = (uint64_t)m->gdn_k_heads * m->gdn_k_dim;
		uint64_t value = (uint64_t)m->gdn_v_heads * m->gdn_v_dim;

		if (tn->gdn_fused) {
			t[n++] = (struct tensor){"in_proj_qkvz", 2 * key + 2 * value, d};
			t[n++] = (struct tensor){"in_proj_ba", 2ull * m->gdn_v_heads, d};
		} else {
			t[n++] = (struct tensor){"in_proj_qkv", 2 * key + value, d};
			t[n++] = (struct tensor){"in_proj_z", value, d};
			t[n++] = (struct tensor){"in_proj_b", m->gdn_v_heads, d};
			t[n++] = (struct tensor){"in_proj_a", m->gdn_v_heads, d};
		}
		t[n++] = (struct tensor){"out_proj", d, value};
		return n;
	}

	if (lt == LT_ATTN && m->kv_lora_rank > 0) {
		uint64_t qk = (uint64_t)m->qk_nope_dim + m->qk_rope_dim;

		if (m->q_lora_rank > 0) {
			t[n++] = (struct tensor){"q_a_proj", m->q_lora_rank, d};
			t[n++] = (struct tensor){"q_b_proj", h * qk, m->q_lora_rank};
		} else {
			t[n++] = (struct tensor){"q_proj", h * qk, d};
		}
		t[n++] = (struct tensor){"kv_a_proj_with_mqa", (uint64_t)m->kv_lora_rank + m->qk_rope_dim, d};
		t[n++] = (struct tensor){"kv_b_proj", h * ((uint64_t)m->qk_nope_dim + m->v_head_dim),
					 m->kv_lora_rank};
		t[n++] = (struct tensor){"o_proj", d, h * m->v_head_dim};
		return n;
	}
	if (lt == LT_ATTN) {
		uint64_t q = h * model_head_dim(m, k);
		uint64_t kv = (uint64_t)model_kv_heads(m, k) * model_head_dim(m, k);

		t[n++] = (struct tensor){"q_proj", m->attn_gate ? 2 * q : q, d};
		t[n++] = (struct tensor){"k_proj", kv, d};
		if (!model_k_is_v(m, k))
			t[n++] = (struct tensor){"v_proj", kv, d};
		t[n++] = (struct tensor){"o_proj", d, q};
		return n;
	}
	if (lt == LT_MAMBA && m->ssm_version == 1) {
		t[n++] = (struct tensor){"in_proj", 2 * di, d};
		t[n++] = (struct tensor){"x_proj", (uint64_t)m->ssm_dt_rank + 2ull * m->ssm_state, di};
		t[n++] = (struct tensor){"dt_proj", di, m->ssm_dt_rank};
		t[n++] = (struct tensor){"out_proj", d, di};
		return n;
	}
	if (lt == LT_MAMBA) {
		t[n++] = (struct tensor){"in_proj",
			2 * di + 2ull * m->ssm_groups * m->ssm_state + m->ssm_heads, d};
		t[n++] = (struct tensor){"out_proj", d, di};
		return n;
	}
	if (lt == LT_DENSE)
		f = m->dense_ffn;
	else if (lt == LT_EXPERTS)
		f = m->expert_ffn, w = m->moe_latent > 0 ? m->moe_latent : d;
	else
		f = m->shared_ffn;
	if (!m->ffn_ungated)
		t[n++] = (struct tensor){"gate_proj", f, w};
	t[n++] = (struct tensor){"up_proj", f, w};
	t[n++] = (struct tensor){"down_proj", w, f};
	return n;
}

/* Does layer i hold the tensors of lt? */
static bool
layer_has(const struct model *m, uint32_t i, int lt)
{
	bool moe = m->experts > 0 && m->moe[i];
	bool gdn = m->attn[i] == ATTN_LINEAR && m->gdn_v_heads > 0;

	switch (lt) {
	case LT_ATTN:
		return m->attn[i] != ATTN_MAMBA && m->attn[i] != ATTN_NONE && !gdn;
	case LT_GDN:
		return gdn;
	case LT_MAMBA:
		return m->attn[i] == ATTN_MAMBA;
	case LT_DENSE:
		return !m->no_ffn[i] && !moe;
	case LT_SHARED:
		return !m->no_ffn[i] && moe && m->shared_experts > 0;
	default:
		return !m->no_ffn[i] && moe;
	}
}

/* Bits of one weight of a [out, in] tensor under rule r (-1: 16). */
static double
rule_bits(const struct quant_scheme *q, int r, uint64_t in)
{
	return r < 0 ? 16 : q->rules[r].bits + (in > 0 ? q->rules[r].row_bits / (double)in : 0);
}

/* The rule of a module outside the layers (the head, the embedding). */
static int
outer_rule(struct quant_scheme *q, const char *name, bool linear)
{
	if (q->n_targets > 0)
		return rule_of(q, name, linear);
	return linear && q->lm_head && !excluded(q, name, true) ? 0 : -1;
}

/* The checkpoint's own names, where the config's lists show them: a
 * multimodal wrapper's model.language_model.layers, Qwen's single
 * mlp.shared_expert, Qwen3-Next's fused in_proj_qkvz. ModelOpt and
 * compressed-tensors write the module names of the model they
 * quantized, so "layers.<N or *>" in a listed name gives the path (not
 * in the MTP modules' "mtp.layers.0", which sit beside the model). */
static void
naming_from(const struct pattern *p, size_t n, struct tensor_naming *tn, char *path,
	    size_t path_len, char *embed, size_t embed_len)
{
	bool found = tn->layers == path;

	for (size_t k = 0; k < n; k++) {
		const char *t = p[k].text, *at, *se;

		for (at = strstr(t, "layers."); !found && at != NULL; at = strstr(at + 1, "layers.")) {
			if ((at == t || at[-1] == '.') && (isdigit((unsigned char)at[7]) || at[7] == '*') &&
			    (size_t)(at - t) + 7 < path_len && !starts_with(t, "mtp")) {
				snprintf(path, path_len, "%.*s", (int)(at - t) + 6, t);
				tn->layers = path;
				if (tn->module[LT_GDN] != NULL) {	/* the Llama naming */
					snprintf(embed, embed_len, "%.*sembed_tokens", (int)(at - t), t);
					tn->embed = embed;
				}
				found = true;
			}
		}
		if ((se = strstr(t, "shared_expert")) != NULL && se[13] != 's' &&
		    tn->module[LT_GDN] != NULL)
			tn->module[LT_SHARED] = "mlp.shared_expert";
		if (strstr(t, "in_proj_qkvz") != NULL)
			tn->gdn_fused = true;
	}
}

/* Sets m's checkpoint bits from a scheme, tensor by tensor: each
 * linear layer of the blocks takes its rule's bits, a group's bits in
 * a layer are its tensors' mean by size; embeddings, norms and routers
 * stay at 16 (no engine quantizes them: vLLM's quant methods apply to
 * LinearBase), so does the head unless GPTQ or a compressed-tensors
 * target takes it, and every excluded module. */
static void
quant_apply(struct quant_scheme *q, struct model *m, struct hf_import *info)
{
	struct tensor_naming names = m->ssm_version == 2 ? naming_nemotron_h :
				     m->ssm_version == 1 ? naming_jamba : naming_llama;
	const struct tensor_naming *tn = &names;
	double sum[PG_COUNT] = {0}, size[PG_COUNT] = {0};
	double by_rule[QUANT_MAX_RULES] = {0}, rule_sum[QUANT_MAX_RULES] = {0};
	uint32_t kept = 0, partial = 0, unused = 0;
	const struct pattern *first_unused = NULL;
	char path[64], embed[80];
	int r;

	if (q->shared != NULL)
		names.module[LT_SHARED] = q->shared;
	naming_from(q->targets, q->n_targets, &names, path, sizeof path, embed, sizeof embed);
	naming_from(q->excl, q->n_excl, &names, path, sizeof path, embed, sizeof embed);
	for (int g = 0; g < PG_COUNT; g++)
		m->quant_bits[g] = 16;
	memset(m->quant_keep, 0, sizeof m->quant_keep);
	memset(m->quant_layer_bits, 0, sizeof m->quant_layer_bits);
	m->quant_block = 0;
	for (uint32_t i = 0; i < m->layers; i++) {
		for (int t = 0; t < LT_COUNT; t++) {
			enum param_group g = lt_group[t];
			struct tensor ts[TENSORS_MAX];
			double bits = 0, all = 0;
			int n, n16 = 0, n_excl = 0;

			if (!layer_has(m, i, t) || tn->module[t] == NULL ||
			    (n = group_tensors(m, tn, t, (enum attn_kind)m->attn[i], ts)) == 0)
				continue;
			for (int k = 0; k < n; k++) {
				char name[160];
				double w = (double)ts[k].out * (double)ts[k].in, b;

				snprintf(name, sizeof name, "%s.%u.%s.%s", tn->layers, i,
					 tn->module[t], ts[k].name);
				r = q->experts_only && t != LT_EXPERTS ? -1 : rule_of(q, name, true);
				b = rule_bits(q, r, ts[k].in);
				bits += w * b;
				all += w;
				if (r < 0) {
					n16++;
					n_excl += (!q->experts_only || t == LT_EXPERTS) &&
						  excluded(q, name, true);
					continue;
				}
				sum[g] += w * b;
				size[g] += w;
				if (q->rules[r].block)
					m->quant_block |= (uint16_t)(1u << g);
				w *= t == LT_EXPERTS ? m->experts : 1;
				by_rule[r] += w;
				rule_sum[r] += w * b;
			}
			m->quant_layer_bits[i][g - PG_ATTN] = bits / all;
			if (n16 == n && n_excl > 0) {
				m->quant_keep[i] |= (uint16_t)(1u << g);
				kept++;
			} else if (n16 > 0 && n16 < n) {
				partial++;
			}
		}
	}
	for (int g = PG_ATTN; g <= PG_SHARED; g++)
		m->quant_bits[g] = size[g] > 0 ? sum[g] / size[g] : 16;
	if ((r = outer_rule(q, "lm_head", true)) >= 0) {
		double w = m->tied_embeddings ? 0 : (double)m->vocab * m->hidden;

		m->quant_bits[PG_LM_HEAD] = rule_bits(q, r, m->hidden);
		by_rule[r] += w;
		rule_sum[r] += w * m->quant_bits[PG_LM_HEAD];
	}
	if ((r = outer_rule(q, tn->embed, false)) >= 0) {
		double w = (double)m->vocab * m->hidden;

		m->quant_bits[PG_EMBED] = rule_bits(q, r, m->hidden);
		by_rule[r] += w;
		rule_sum[r] += w * m->quant_bits[PG_EMBED];
	}
	q->chosen = 0;
	for (int k = 1; k < q->n_rules; k++) {
		if (by_rule[k] > by_rule[q->chosen])
			q->chosen = k;
	}
	for (size_t k = 0; q->match == QM_CT && k < q->n_targets; k++) {
		if (!q->targets[k].used && (!q->targets[k].regex || q->targets[k].ok)) {
			first_unused = first_unused ? first_unused : &q->targets[k];
			unused++;
		}
	}
	m->quant = true;
	note(info, "checkpoint weights at %.5g bits (scales included), %u layer group%s kept at 16 bits",
	     by_rule[q->chosen] > 0 ? rule_sum[q->chosen] / by_rule[q->chosen] : q->rules[q->chosen].bits,
	     kept, kept == 1 ? "" : "s");
	if (partial > 0)
		note(info, "%u layer group%s partly at 16 bits: counted by their tensors' sizes",
		     partial, partial == 1 ? "" : "s");
	if (unused > 0)
		note(info, "compressed-tensors: %u target%s select%s no tensor gpuplan counts (\"%.60s\" of %.24s%s): %s",
		     unused, unused == 1 ? "" : "s", unused == 1 ? "s" : "", first_unused->text,
		     q->rules[first_unused->rule].name, unused > 1 ? " and more" : "",
		     "a class other than Linear or Embedding, or a module not modelled");
}

/* An optional positive whole number, def when absent; -1 stays -1
 * (AWQ/GPTQ group_size -1: one group per row). */
static int
get_group(const cJSON *q, const char *key, long long def, long long *out,
	  struct gp_error *err)
{
	const cJSON *v = jdoc_get(q, key);

	*out = def;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble ||
	    v->valuedouble == 0 || v->valuedouble < -1 || v->valuedouble > 1 << 20)
		return gp_error_set(err, "field \"%s\": expected a group size (-1 or 1..%d)",
				    key, 1 << 20);
	*out = (long long)v->valuedouble;
	return 0;
}

/* Bits of one weight with a scale (and a zero) shared by `group`
 * weights; group -1 is a row, whose scales are negligible. */
static double
grouped_bits(double bits, double scale_bits, double zero_bits, long long group)
{
	return group > 0 ? bits + (scale_bits + zero_bits) / (double)group : bits;
}

/* A [rows, cols] block size, as DeepSeek-V3's weight_block_size. */
static int
get_block(const cJSON *q, const char *key, long long *elems, struct gp_error *err)
{
	const cJSON *v = jdoc_get(q, key), *d;

	*elems = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return gp_error_set(err, "field \"%s\": expected [rows, cols]", key);
	*elems = 1;
	cJSON_ArrayForEach(d, v) {
		if (!cJSON_IsNumber(d) || d->valuedouble < 1 || d->valuedouble > 1 << 16 ||
		    d->valuedouble != (double)(long long)d->valuedouble)
			return gp_error_set(err, "field \"%s\": expected [rows, cols]", key);
		*elems *= (long long)d->valuedouble;
	}
	return 0;
}

static void
set_format(struct quant_rule *r, enum weight_format f)
{
	r->has_format = true;
	r->format = f;
}

/* One ModelOpt quant_algo's weights: FP8 is per-tensor scaled; NVFP4,
 * and W4A16_NVFP4 with 16-bit activations, take an E4M3 scale per 16
 * weights (group_size) and one FP32 per tensor, negligible. field
 * names where algo came from, for the message. */
static int
modelopt_rule(const cJSON *q, const char *algo, const char *field, struct quant_rule *r,
	      struct gp_error *err)
{
	long long group;

	r->name = algo;
	if (strcmp(algo, "FP8") == 0) {
		r->bits = 8;
		set_format(r, WF_FP8);
	} else if (strcmp(algo, "NVFP4") == 0 || strcmp(algo, "W4A16_NVFP4") == 0) {
		if (get_group(q, "group_size", 16, &group, err) != 0)
			return -1;
		r->bits = grouped_bits(4, 8, 0, group);
		set_format(r, WF_NVFP4);
	} else {
		return gp_error_set(err, "field \"%s\": \"%s\" not recognised", field, algo);
	}
	return 0;
}

/* ModelOpt's MIXED_PRECISION: quantized_layers names each module that
 * has a format of its own ({"quant_algo", "group_size"}); a module
 * named covers the tensors below it (Qwen's fused mlp.experts), and a
 * module not named keeps 16 bits. One rule per format. */
static int
modelopt_mixed(const cJSON *q, struct quant_scheme *s, struct gp_error *err)
{
	const cJSON *layers = jdoc_get(q, "quantized_layers"), *e;
	int n = cJSON_IsObject(layers) ? cJSON_GetArraySize(layers) : 0;

	s->n_rules = 0;
	if (n == 0)
		return gp_error_set(err, "field \"quantized_layers\": %s",
				    layers == NULL ? "missing" : "expected an object of modules");
	if ((s->targets = calloc((size_t)n, sizeof *s->targets)) == NULL)
		return gp_error_set(err, "field \"quantized_layers\": out of memory");
	cJSON_ArrayForEach(e, layers) {
		const char *algo = get_string(e, "quant_algo");
		char field[200];
		struct quant_rule r;
		int k;

		snprintf(field, sizeof field, "quantized_layers.%.120s.quant_algo", e->string);
		memset(&r, 0, sizeof r);
		if (!cJSON_IsObject(e) || algo == NULL)
			return gp_error_set(err, "field \"%s\": missing", field);
		if (modelopt_rule(e, algo, field, &r, err) != 0)
			return -1;
		for (k = 0; k < s->n_rules; k++) {
			if (s->rules[k].bits == r.bits && s->rules[k].format == r.format)
				break;
		}
		if (k == s->n_rules) {
			if (k == QUANT_MAX_RULES)
				return gp_error_set(err, "field \"quantized_layers\": more than %d formats",
						    QUANT_MAX_RULES);
			s->rules[s->n_rules++] = r;
		}
		s->targets[s->n_targets++] = (struct pattern){.text = e->string, .rule = k};
	}
	return 0;
}

/* ModelOpt's quant_algo (hf_quant_config.json "quantization", or
 * config.json quantization_config with quant_method "modelopt"). */
static int
scheme_modelopt(const cJSON *q, const char *algo, struct quant_scheme *s,
		struct gp_error *err)
{
	s->n_rules = 1;
	s->match = QM_GLOB;
	s->exclude_field = has(q, "exclude_modules") ? "exclude_modules" : "ignore";
	s->exclude = jdoc_get(q, s->exclude_field);
	if (algo == NULL || *algo == '\0')
		return gp_error_set(err, "field \"quant_algo\": %s",
				    has(q, "quant_algo") ? "expected \"FP8\", \"NVFP4\" or \"MIXED_PRECISION\"" :
				    "missing");
	if (strcmp(algo, "MIXED_PRECISION") == 0)
		return modelopt_mixed(q, s, err);
	return modelopt_rule(q, algo, "quant_algo", &s->rules[0], err);
}

/* One compressed-tensors group's weights (QuantizationArgs): num_bits,
 * type, strategy, group_size or block_structure, symmetric. Scales are
 * in the model's 16-bit dtype, E4M3 for 4-bit floats (NVFP4), one per
 * group or block, or per output row under strategy channel
 * (lifecycle/initialize.py, expected_shape (out, 1)); an asymmetric
 * scheme packs a zero point at num_bits. No weights: the group
 * quantizes activations only, its modules keep 16-bit weights. */
static int
ct_weights(const cJSON *w, const char *group, struct quant_rule *r, struct gp_error *err)
{
	const char *kind = get_string(w, "type"), *strategy = get_string(w, "strategy");
	uint32_t bits = 8;
	long long size = -1;
	bool sym = true, fl;
	double scale;

	r->name = group;
	r->bits = 16;
	if (w == NULL || cJSON_IsNull(w))
		return 0;
	if (!cJSON_IsObject(w))
		return gp_error_set(err, "field \"config_groups.%s.weights\": expected an object", group);
	if (get_u32(w, "num_bits", &bits, err) || get_bool(w, "symmetric", &sym, err))
		return -1;
	if (bits < 2 || bits > 16)
		return gp_error_set(err, "field \"config_groups.%s.weights.num_bits\": expected 2..16",
				    group);
	fl = kind != NULL && strcmp(kind, "float") == 0;
	scale = fl && bits == 4 ? 8 : 16;
	if (strategy == NULL && has(w, "group_size")) {
		/* quant_args.py validate_model_after: no strategy is group
		 * for a group_size > 0, channel for -1, else tensor */
		if (get_group(w, "group_size", -1, &size, err) != 0)
			return -1;
		strategy = size > 0 ? "group" : "channel";
	}
	if (strategy != NULL && (strcmp(strategy, "group") == 0 ||
				 strcmp(strategy, "tensor_group") == 0)) {
		if (get_group(w, "group_size", -1, &size, err) != 0)
			return -1;
		if (size < 1)
			return gp_error_set(err, "field \"config_groups.%s.weights.group_size\": strategy %s needs one",
					    group, strategy);
	} else if (strategy != NULL && strcmp(strategy, "block") == 0) {
		if (get_block(w, "block_structure", &size, err) != 0)
			return -1;
		if (size < 1)
			return gp_error_set(err, "field \"config_groups.%s.weights.block_structure\": strategy block needs one",
					    group);
		r->block = true;
	} else if (strategy != NULL && strcmp(strategy, "channel") == 0) {
		r->row_bits = scale + (sym ? 0 : bits);
	}
	r->bits = grouped_bits(bits, size > 0 ? scale : 0, sym || size < 1 ? 0 : bits, size);
	if (bits == 8)
		set_format(r, fl ? WF_FP8 : WF_INT8);
	else if (bits == 4)
		set_format(r, fl ? WF_NVFP4 : WF_INT4);
	return 0;
}

/* compressed-tensors (llm-compressor): one rule per config group, each
 * taking the modules its targets select (rule_of); `ignore` keeps
 * modules at 16 bits. A target repeated in a later group is that
 * group's (apply.py fills an OrderedDict target -> scheme). */
static int
scheme_ct(const cJSON *q, struct quant_scheme *s, struct hf_import *info,
	  struct gp_error *err)
{
	const cJSON *groups = jdoc_get(q, "config_groups"), *grp;
	int with_weights = 0;

	s->match = QM_CT;
	s->exclude_field = "ignore";
	s->exclude = jdoc_get(q, "ignore");
	if (!cJSON_IsObject(groups) || groups->child == NULL)
		return gp_error_set(err, "field \"config_groups\": expected groups with \"weights\"");
	if (cJSON_GetArraySize(groups) > QUANT_MAX_RULES)
		return gp_error_set(err, "field \"config_groups\": %d groups, at most %d read",
				    cJSON_GetArraySize(groups), QUANT_MAX_RULES);
	cJSON_ArrayForEach(grp, groups) {
		const cJSON *targets = jdoc_get(grp, "targets");
		char field[96];
		size_t first = s->n_targets;

		if (!cJSON_IsObject(grp))
			return gp_error_set(err, "field \"config_groups.%s\": expected an object",
					    grp->string);
		if (ct_weights(jdoc_get(grp, "weights"), grp->string,
			       &s->rules[s->n_rules], err) != 0)
			return -1;
		with_weights += s->rules[s->n_rules].bits < 16;
		snprintf(field, sizeof field, "config_groups.%s.targets", grp->string);
		if (!cJSON_IsArray(targets))
			return gp_error_set(err, "field \"%s\": expected a list of module names, \"re:\" regexes or classes",
					    field);
		if (patterns_read(targets, field, QM_CT, s->n_rules, &s->targets, &s->n_targets,
				  s->unread, info, err) != 0)
			return -1;
		/* a target an earlier group listed is now this group's */
		for (size_t k = first; k < s->n_targets; k++) {
			for (size_t e = 0; e < first; e++) {
				if (strcmp(s->targets[e].text, s->targets[k].text) == 0)
					s->targets[e].rule = s->n_rules;
			}
		}
		s->n_rules++;
	}
	if (with_weights == 0)
		return gp_error_set(err, "field \"config_groups\": expected groups with \"weights\"");
	if (s->n_rules > 1)
		note(info, "compressed-tensors: %d config_groups, each module taking the group its targets select (a name, then a re: regex, then a class); the rest stay 16 bit",
		     s->n_rules);
	return 0;
}

/* The scheme of a config.json quantization_config; 1 when it is no
 * checkpoint rule (bitsandbytes quantizes at load time). */
static int
scheme_of(const cJSON *q, const char *method, struct quant_scheme *s,
	  struct hf_import *info, struct gp_error *err)
{
	struct quant_rule *r = &s->rules[0];
	uint32_t bits = 0;
	long long group, block;
	bool zero = true;

	s->n_rules = 1;
	s->match = QM_HF;
	s->exclude_field = "modules_to_not_convert";
	s->exclude = jdoc_get(q, s->exclude_field);
	if (strcmp(method, "modelopt") == 0)
		return scheme_modelopt(q, get_string(q, "quant_algo"), s, err);
	if (strcmp(method, "compressed-tensors") == 0) {
		s->n_rules = 0;
		return scheme_ct(q, s, info, err);
	}
	if (strcmp(method, "fbgemm_fp8") == 0) {
		s->match = QM_FBGEMM;
		/* transformers FbgemmFp8Linear: e4m3 weights and a float32
		 * weight_scale of shape (out_features, 1), one per row
		 * (integrations/fbgemm_fp8.py, commit 000c33fd) */
		r->bits = 8;
		r->row_bits = 32;
		set_format(r, WF_FP8);
		return 0;
	}
	if (strcmp(method, "fp8") == 0) {
		/* transformers FineGrainedFP8: one FP32 scale per
		 * weight_block_size block (DeepSeek-V3: 128 x 128) */
		if (get_block(q, "weight_block_size", &block, err) != 0)
			return -1;
		r->bits = grouped_bits(8, 32, 0, block > 0 ? block : -1);
		r->block = block > 0;
		set_format(r, WF_FP8);
		return 0;
	}
	if (strcmp(method, "mxfp4") == 0) {
		/* OCP MX: an E8M0 scale per 32 weights, experts only */
		r->bits = grouped_bits(4, 8, 0, 32);
		s->experts_only = true;
		set_format(r, WF_MXFP4);
		return 0;
	}
	if (strcmp(method, "bitsandbytes") == 0) {
		bool b4 = false, b8 = false;

		if (get_bool(q, "load_in_4bit", &b4, err) || get_bool(q, "load_in_8bit", &b8, err))
			return -1;
		if (b4 || b8)
			set_format(r, b4 ? WF_INT4 : WF_INT8);
		return 1;
	}
	if (!starts_with(method, "awq") && !starts_with(method, "gptq"))
		return gp_error_set(err, "field \"quant_method\": \"%s\" not recognised", method);
	/* AutoAWQ packs 4-bit zeros per group beside a 16-bit scale
	 * (qzeros, scales; zero_point false drops the zeros); AutoGPTQ
	 * stores qzeros even when symmetric. g_idx (one int32 per input
	 * row) is left out. */
	if (get_u32(q, "bits", &bits, err) || get_group(q, "group_size", 128, &group, err) ||
	    get_bool(q, "zero_point", &zero, err) || get_bool(q, "lm_head", &s->lm_head, err))
		return -1;
	if (bits == 0) {
		bits = 4;
		note(info, "quantization_config %s without bits: 4 assumed", method);
	}
	if (bits < 2 || bits > 8)
		return gp_error_set(err, "field \"bits\": expected 2..8");
	r->bits = grouped_bits(bits, 16, zero ? bits : 0, group);
	if (bits == 4 || bits == 8)
		set_format(r, bits == 4 ? WF_INT4 : WF_INT8);
	else
		note(info, "quantization_config %s with %u bits: no matching --weights format, the checkpoint's bits used",
		     method, bits);
	if (info != NULL)
		info->quant_group = group > 0 ? (uint32_t)group : 0;
	return 0;
}

/* The last component of a path. */
static const char *
file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* A config that cannot be used: said in the import's notes and in the
 * model (the plan warns with it), and the weights left to --weights. */
static void
quant_fallback(struct model *m, struct hf_import *info, const char *file,
	       const char *field, const char *why)
{
	m->quant = false;
	snprintf(m->quant_note, sizeof m->quant_note, "%s: %s: %s; weights left to --weights",
		 file_name(file), field, why);
	note(info, "%s", m->quant_note);
	if (info != NULL)
		info->has_weights = false;
}

static void
quant_use(const cJSON *q, const char *method, bool modelopt, const char *file,
	  const char *field, const char *shared, struct model *m,
	  struct hf_import *info)
{
	struct quant_scheme s;
	struct gp_error sub;
	const struct quant_rule *r;
	int rc;

	memset(&s, 0, sizeof s);
	s.shared = shared;
	sub.msg[0] = '\0';
	m->quant = false;
	m->quant_note[0] = '\0';
	if (info != NULL) {
		snprintf(info->quant_method, sizeof info->quant_method, "%s", method);
		/* hf_quant_config.json's object is its "quantization" */
		info->quant_from = strcmp(field, "quantization") == 0 ? "hf_quant_config.json" :
				   "quantization_config";
		info->has_weights = false;
	}
	rc = modelopt ? scheme_modelopt(q, method, &s, &sub) : scheme_of(q, method, &s, info, &sub);
	if (rc == 0) {
		rc = patterns_read(s.exclude, s.exclude_field, s.match, -1, &s.excl, &s.n_excl,
				   s.unread, info, &sub);
		if (rc == 0)
			quant_apply(&s, m, info);
	}
	patterns_free(s.excl, s.n_excl);
	patterns_free(s.targets, s.n_targets);
	if (rc < 0) {
		quant_fallback(m, info, file, field, sub.msg);
		return;
	}
	if (s.unread[0] != '\0' && rc == 0)	/* used, but said in the plan */
		snprintf(m->quant_note, sizeof m->quant_note, "%.40s: %.24s: %.180s", file_name(file),
			 field, s.unread);
	r = &s.rules[s.chosen];
	if (r->has_format)
		m->native_format = r->format;
	if (info != NULL) {
		info->has_weights = r->has_format;
		info->weights = r->format;
		info->quant_bits = r->bits;
	}
}

/* The KV cache a ModelOpt config declares. vLLM's --kv-cache-dtype
 * auto, its default, takes kv_cache_quant_algo "fp8" (any case), or a
 * kv_cache_scheme of static 8-bit floats, as FP8; any other value it
 * warns of and keeps the model's dtype (vllm/utils/torch_utils.py
 * get_kv_cache_quant_algo_string, issue 34752). */
static void
read_kv_quant(const cJSON *q, struct model *m, struct hf_import *info)
{
	const char *field = "kv_cache_scheme";
	const cJSON *v = jdoc_get(q, field);
	bool fp8 = false;

	m->native_kv = KV_BF16;
	if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
		v = jdoc_get(q, field = "kv_cache_quant_algo");
	if (v == NULL || cJSON_IsNull(v))
		return;
	if (cJSON_IsObject(v)) {
		const cJSON *bits = jdoc_get(v, "num_bits");
		const char *type = get_string(v, "type");

		fp8 = cJSON_IsFalse(jdoc_get(v, "dynamic")) && cJSON_IsNumber(bits) &&
		      bits->valuedouble == 8 && type != NULL && strcmp(type, "float") == 0;
	} else if (cJSON_IsString(v)) {
		fp8 = strcasecmp(v->valuestring, "fp8") == 0;
	}
	if (fp8) {
		m->native_kv = KV_FP8;
		note(info, "%s: the KV cache in FP8, as vLLM's --kv-cache-dtype auto takes it (--kv-dtype native)",
		     field);
	} else {
		note(info, "%s: not a KV format vLLM reads, which keeps the model's dtype: bf16 under --kv-dtype native",
		     field);
	}
}

/* config.json quantization_config. */
static void
read_quant(const cJSON *q, const char *file, const char *shared, struct model *m,
	   struct hf_import *info)
{
	const char *method = get_string(q, "quant_method");
	bool modelopt = false;

	if (q == NULL || cJSON_IsNull(q))
		return;
	if (!cJSON_IsObject(q)) {
		quant_fallback(m, info, file, "quantization_config", "expected an object");
		return;
	}
	if (method == NULL && (method = get_string(q, "quant_algo")) != NULL)
		modelopt = true;	/* NVIDIA ModelOpt, older exports */
	if (method == NULL) {
		quant_fallback(m, info, file, "quantization_config",
			       "field \"quant_method\": missing");
		return;
	}
	quant_use(q, method, modelopt, file, "quantization_config", shared, m, info);
	if (modelopt || starts_with(method, "modelopt"))
		read_kv_quant(q, m, info);
}

void
hfconfig_modelopt(const cJSON *doc, const char *path, const char *parse_error,
		  struct model *m, struct hf_import *info)
{
	const cJSON *q = jdoc_get(doc, "quantization");
	const char *algo = get_string(q, "quant_algo");

	if (doc == NULL) {
		quant_fallback(m, info, path, "the file", parse_error);
		return;
	}
	if (!cJSON_IsObject(q)) {
		quant_fallback(m, info, path, "quantization", "expected an object");
		return;
	}
	quant_use(q, algo != NULL ? algo : "", true, path, "quantization", NULL, m, info);
	read_kv_quant(q, m, info);
}

/* The vision tower of Qwen3-VL and Qwen3.5 (transformers
 * Qwen3VLVisionModel): a Conv3d patch embedding with bias, a learned
 * position table, depth blocks of two LayerNorms, qkv and proj, and an
 * MLP, all with biases; a patch merger (LayerNorm over one patch,
 * then m^2 h -> m^2 h -> out_hidden_size) and one more per
 * deepstack_visual_indexes entry, normed after the shuffle. Qwen3-VL-8B:
 * 576,388,336, the published 8,767,123,696 less its text model. 0 for
 * another tower, which is not counted. */
static uint64_t
vision_tower(const cJSON *v, struct hf_import *info)
{
	static const char *const keys[] = {
		"depth", "hidden_size", "intermediate_size", "in_channels", "patch_size",
		"temporal_patch_size", "spatial_merge_size", "out_hidden_size",
		"num_position_embeddings",
	};
	double x[sizeof keys / sizeof keys[0]], h, I, mm, merger, deep, n;
	const char *type = get_string(v, "model_type");
	const cJSON *ds = jdoc_get(v, "deepstack_visual_indexes");

	if (type == NULL || (!starts_with(type, "qwen3_vl") && !starts_with(type, "qwen3_5")))
		return 0;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const cJSON *f = jdoc_get(v, keys[k]);

		if (!cJSON_IsNumber(f) || f->valuedouble < 1 || f->valuedouble > 1 << 20 ||
		    f->valuedouble != (double)(uint64_t)f->valuedouble) {
			note(info, "vision_config.%s missing or out of range: the vision tower is not in the count",
			     keys[k]);
			return 0;
		}
		x[k] = f->valuedouble;
	}
	/* in doubles, exact to 2^53, so that a hostile config cannot wrap */
	h = x[1];
	I = x[2];
	mm = x[6] * x[6] * h;
	merger = mm * mm + mm + mm * x[7] + x[7];
	deep = cJSON_IsArray(ds) ? (double)cJSON_GetArraySize(ds) : 0;
	n = x[3] * x[5] * x[4] * x[4] * h + h + x[8] * h +
	    x[0] * (4 * h + 3 * h * h + 3 * h + h * h + h + 2 * h * I + I + h) +
	    2 * h + merger + deep * (2 * mm + merger);
	if (n > 1e13) {
		note(info, "vision_config: a tower of %.3g parameters is out of range: not in the count", n);
		return 0;
	}
	return (uint64_t)n;
}

/* Fields the formulas cannot do without, named together. */
static int
require(const struct model *m, struct gp_error *err)
{
	static const char *const names[] = {
		"num_hidden_layers", "hidden_size", "num_attention_heads", "vocab_size",
	};
	const uint32_t values[] = {m->layers, m->hidden, m->heads, m->vocab};
	char list[160] = "";
	int n = 0;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (values[i] != 0)
			continue;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			 n++ ? ", " : "", names[i]);
	}
	if (n > 0)
		return gp_error_set(err, "missing field%s: %s", n > 1 ? "s" : "", list);
	if (m->layers > MODEL_MAX_LAYERS)
		return gp_error_set(err, "field \"num_hidden_layers\": %u layers, at most %d supported",
				    m->layers, MODEL_MAX_LAYERS);
	return 0;
}

static const char *const context_fields[] = {
	"max_position_embeddings", "max_sequence_length", "seq_length",
	"n_positions", "model_max_length",
};

static int
read_context(const cJSON *c, const cJSON *top, struct model *m,
	     struct hf_import *info, struct gp_error *err)
{
	for (size_t i = 0; i < sizeof context_fields / sizeof context_fields[0]; i++) {
		long long v = get_uint(c, context_fields[i], 1ull << 40, err);

		if (v == -1 && c != top)
			v = get_uint(top, context_fields[i], 1ull << 40, err);
		if (v == -2)
			return -1;
		if (v > 0) {
			m->max_context = (uint64_t)v;
			if (i > 0)
				note(info, "no max_position_embeddings: %s %lld taken as the maximum context",
				     context_fields[i], v);
			return 0;
		}
	}
	m->max_context = 0;
	note(info, "no max_position_embeddings: the model's maximum context is unknown");
	return 0;
}

int
hfconfig_read(const cJSON *config, struct model *m, struct hf_import *info,
	      struct gp_error *err)
{
	return hfconfig_read_file(config, "config.json", m, info, err);
}

int
hfconfig_read_file(const cJSON *config, const char *file, struct model *m,
		   struct hf_import *info, struct gp_error *err)
{
	const cJSON *c = config;
	const cJSON *text = jdoc_get(config, "text_config");
	const cJSON *quant;
	const struct hf_family *fam;
	const char *type;
	uint32_t mlp_width = 0, nextn = 0;
	bool tie_given;

	if (info != NULL)
		memset(info, 0, sizeof *info);
	if (!cJSON_IsObject(config))
		return gp_error_set(err, "expected a JSON object");
	if (cJSON_IsObject(text)) {
		c = text;
		if (info != NULL)
			info->nested = true;
	}
	type = get_string(c, "model_type");
	if (type == NULL)
		type = get_string(config, "model_type");
	if (info != NULL && type != NULL)
		snprintf(info->model_type, sizeof info->model_type, "%s", type);

	/* A named family not listed may have layers the rules cannot
	 * place (Mamba, linear attention): refused, never guessed, unless
	 * layer_types places every layer itself. No model_type at all is
	 * a hand-written config (a catalog entry): the generic rules. */
	if ((fam = hfconfig_family(type)) == NULL) {
		const cJSON *arch = jdoc_get(config, "architectures");
		const char *name = cJSON_IsArray(arch) && cJSON_IsString(cJSON_GetArrayItem(arch, 0)) ?
				   cJSON_GetArrayItem(arch, 0)->valuestring : NULL;

		if (type != NULL && !has(c, "layer_types"))
			return gp_error_set(err, "field \"model_type\": \"%s\"%s%s%s is not a family gpuplan lays out, so its layers could be other than attention and MLP; a model of plain attention and MLP layers can give one that is (llama, qwen2, mistral, mixtral), or list every layer in layer_types",
					    type, name ? " (" : "", name ? name : "", name ? ")" : "");
		fam = &generic_family;
	}

	m->norms_per_layer = fam->norms_per_layer ? fam->norms_per_layer : 2;
	m->tied_embeddings = fam->tied_default;
	m->attn_gate = fam->attn_gate;
	tie_given = has(c, "tie_word_embeddings") || has(config, "tie_word_embeddings");
	if (get_u32(c, "num_hidden_layers", &m->layers, err) ||
	    get_u32(c, "hidden_size", &m->hidden, err) ||
	    get_u32(c, "num_attention_heads", &m->heads, err) ||
	    get_u32(c, "num_key_value_heads", &m->kv_heads, err) ||
	    get_u32(c, "head_dim", &m->head_dim, err) ||
	    get_u32(c, "vocab_size", &m->vocab, err) ||
	    get_u32(c, "intermediate_size", &m->dense_ffn, err) ||
	    get_u32(c, "intermediate_size_mlp", &mlp_width, err) ||
	    get_u32(c, "kv_lora_rank", &m->kv_lora_rank, err) ||
	    get_u32(c, "qk_rope_head_dim", &m->qk_rope_dim, err) ||
	    get_u32(c, "qk_nope_head_dim", &m->qk_nope_dim, err) ||
	    get_u32(c, "v_head_dim", &m->v_head_dim, err) ||
	    get_u32(c, "q_lora_rank", &m->q_lora_rank, err) ||
	    get_u32(c, "num_nextn_predict_layers", &nextn, err) ||
	    (nextn == 0 && get_u32(c, "mtp_num_hidden_layers", &nextn, err)) ||
	    get_bool(c, "tie_word_embeddings", &m->tied_embeddings, err) ||
	    get_bool(config, "tie_word_embeddings", &m->tied_embeddings, err) ||
	    get_bool(c, "attention_bias", &m->attn_bias, err) ||
	    get_bool(c, "attn_output_gate", &m->attn_gate, err) ||
	    read_global_attention(c, m, info, err))
		return -1;
	if (m->head_dim == 0 && get_u32(c, "attention_head_dim", &m->head_dim, err) != 0)
		return -1;	/* Nemotron-H 8B/47B/56B */
	if (m->vocab == 0 && c != config && get_u32(config, "vocab_size", &m->vocab, err) != 0)
		return -1;	/* some multimodal configs keep it at the top */
	if (m->vocab == 0 && fam->default_vocab > 0) {
		m->vocab = fam->default_vocab;
		note(info, "vocab_size absent: %s default %u", fam->config_class,
		     fam->default_vocab);
	}
	if (m->layers == 0 && fam->block_list &&
	    cJSON_IsArray(jdoc_get(c, "layers_block_type"))) {
		m->layers = (uint32_t)cJSON_GetArraySize(jdoc_get(c, "layers_block_type"));
		note(info, "num_hidden_layers absent: the %u entries of layers_block_type", m->layers);
	}
	if (require(m, err) != 0)
		return -1;
	if (m->kv_heads == 0 && m->kv_lora_rank == 0 && has(c, "block_configs")) {
		m->kv_heads = m->heads;		/* the blocks' own (nas_layers) */
	} else if (m->kv_heads == 0 && m->kv_lora_rank == 0) {
		m->kv_heads = m->heads;		/* no GQA field: MHA */
		note(info, "num_key_value_heads absent: multi-head attention, %u KV heads", m->heads);
	} else if (m->kv_heads == 0) {
		m->kv_heads = m->heads;
	}
	if (m->head_dim == 0 && m->kv_lora_rank == 0) {
		if (m->hidden % m->heads != 0)
			return gp_error_set(err,
			    "head_dim is missing and hidden_size %u is not a multiple of num_attention_heads %u",
			    m->hidden, m->heads);
		m->head_dim = m->hidden / m->heads;
		note(info, "head_dim absent: hidden_size / num_attention_heads = %u", m->head_dim);
	} else if (m->head_dim == 0) {
		m->head_dim = m->hidden / m->heads;
	}
	if (!tie_given && !fam->tied_default)
		note(info, "tie_word_embeddings absent: the output head taken as a separate matrix");
	if (read_context(c, config, m, info, err) != 0)
		return -1;

	m->qk_norm |= fam->qk_norm;
	/* Glm4MoeAttention's q_norm and k_norm; Llama 4's use_qk_norm is an
	 * L2 norm without weights, so only the families that say so */
	if (fam->qk_norm_field && get_bool(c, "use_qk_norm", &m->qk_norm, err) != 0)
		return -1;
	m->ffn_ungated = fam->ffn_ungated;
	m->attn_sinks |= fam->attn_sinks;
	m->expert_bias |= fam->expert_bias;
	m->router_bias |= fam->router_bias;
	if (fam->qkv_bias) {
		/* attention_bias, where given, says whether they are there */
		m->qkv_bias = !has(c, "attention_bias") || m->attn_bias;
		m->attn_bias = false;
	}
	/* Qwen3.5's mtp_use_dedicated_embeddings false: the same */
	m->mtp_shares_embed = fam->mtp_shares_embed ||
			      cJSON_IsFalse(jdoc_get(c, "mtp_use_dedicated_embeddings"));
	if (read_moe(c, fam, m, info, err) || read_attention(c, fam, m, info, err) ||
	    read_linear_state(c, m, info, err))
		return -1;
	if (mlp_width > 0)
		m->dense_ffn = mlp_width;	/* Llama 4 dense layers */
	if (m->kv_lora_rank > 0 && m->v_head_dim == 0)
		m->v_head_dim = m->qk_nope_dim;
	if (cJSON_IsObject(jdoc_get(config, "vision_config")) && m->extra_params == 0 &&
	    (m->extra_params = vision_tower(jdoc_get(config, "vision_config"), info)) > 0)
		note(info, "vision tower (vision_config, Qwen3-VL's layout): %llu parameters, in memory, not in the text count",
		     (unsigned long long)m->extra_params);
	else if (cJSON_IsObject(jdoc_get(config, "vision_config")) && m->extra_params == 0)
		note(info, "vision_config present: the vision tower is not in the count (text model only)");

	quant = jdoc_get(config, "quantization_config");
	if (quant == NULL && c != config)
		quant = jdoc_get(c, "quantization_config");
	m->native_format = WF_BF16;
	/* Qwen2-MoE and Qwen3-Next name their one shared expert
	 * mlp.shared_expert (transformers Qwen2MoeSparseMoeBlock), DeepSeek
	 * its mlp.shared_experts */
	read_quant(quant, file, has(c, "shared_expert_intermediate_size") ? "mlp.shared_expert" : NULL,
		   m, info);
	if (model_validate(m, err) != 0)
		return -1;

	/* Multi-token prediction: in the checkpoint, not served unless MTP
	 * speculative decoding is on (doc/planning-model.md section 2). */
	if (nextn > 0 && fam->own_mtp) {
		if (info != NULL)
			info->mtp_layers = nextn;
		note(info, "%u multi-token-prediction layer%s of a layout of its own: left out of serving and of the count",
		     nextn, nextn == 1 ? "" : "s");
	} else if (nextn > 0) {
		uint64_t mtp = model_mtp_params(m, nextn);

		if (m->mtp_params == 0)
			m->mtp_params = mtp;
		if (info != NULL) {
			info->mtp_layers = nextn;
			info->mtp_params = m->mtp_params;
		}
		note(info, "%u multi-token-prediction layer%s (%.2fB params) left out of serving",
		     nextn, nextn == 1 ? "" : "s", (double)m->mtp_params / 1e9);
	}
	return 0;
}

int
hfconfig_to_model(const cJSON *config, struct model *m, struct gp_error *err)
{
	int rc = hfconfig_read_file(config, "config.json", m, NULL, err);

	/* a catalog entry is the model, whose format the scenario picks:
	 * its checkpoint's bits (Kimi K2.5's INT4 of 32 on the experts
	 * alone) hold in the format it ships in, not in another */
	m->quant_native_only = m->quant;
	m->quant_format = m->quant ? m->native_format : -1;
	return rc;
}

void
hfconfig_index(const cJSON *index, const char *path, struct model *m,
	       struct hf_import *info)
{
	const cJSON *meta = jdoc_get(index, "metadata");
	const cJSON *total = meta ? jdoc_get(meta, "total_size") : NULL;

	if (!cJSON_IsNumber(total) || total->valuedouble <= 0 || total->valuedouble > 9e18) {
		note(info, "%s has no metadata.total_size: checkpoint bytes unknown", path);
		return;
	}
	m->checkpoint_bytes = (uint64_t)total->valuedouble;
	if (info != NULL) {
		info->checkpoint_bytes = m->checkpoint_bytes;
		snprintf(info->index_path, sizeof info->index_path, "%s", path);
	}
}

void
hfconfig_settle_format(struct model *m, const struct hf_import *info)
{
	m->quant_format = m->quant && info->has_weights ? (int)info->weights : -1;
}
