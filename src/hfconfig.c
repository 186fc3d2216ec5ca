/* hfconfig.c - derive an architecture from Hugging Face config fields.
 * Layer rules follow transformers' configuration_*.py: Llama 4
 * (interleave_moe_layer_step, no_rope_layer_interval 4), DeepSeek
 * (first_k_dense_replace, moe_layer_freq), Qwen3 (decoder_sparse_step,
 * mlp_only_layers), Gemma 3 (sliding_window_pattern), gpt-oss
 * (layer_types). */
#include <stdio.h>
#include <string.h>

#include "hfconfig.h"

/* Reads an optional non-negative integer field; -1 when absent or null,
 * -2 (with err set) when present but not a whole number in range. */
static long long
get_uint(const cJSON *c, const char *key, unsigned long long max,
	 struct gp_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

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

static const char *
get_string(const cJSON *c, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
get_bool(const cJSON *c, const char *key, bool *out, struct gp_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return gp_error_set(err, "field \"%s\": expected true or false", key);
	*out = cJSON_IsTrue(v);
	return 0;
}

static bool
type_is(const char *type, const char *prefix)
{
	return type != NULL && strncmp(type, prefix, strlen(prefix)) == 0;
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
		    "field \"layer_types\": %d entries for %u layers",
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
			    "field \"layer_types\"[%d]: unknown kind \"%s\"", i, t);
		i++;
	}
	return 0;
}

static int
read_attention(const cJSON *c, const char *type, struct model *m,
	       struct gp_error *err)
{
	const cJSON *types = cJSON_GetObjectItemCaseSensitive(c, "layer_types");
	const cJSON *nope = cJSON_GetObjectItemCaseSensitive(c, "no_rope_layers");
	uint32_t pattern = 0, interval = 4;
	bool use_sw = true;

	if (get_u32(c, "sliding_window", &m->window, err) ||
	    get_u32(c, "attention_chunk_size", &m->chunk, err) ||
	    get_u32(c, "sliding_window_pattern", &pattern, err) ||
	    get_u32(c, "no_rope_layer_interval", &interval, err) ||
	    get_bool(c, "use_sliding_window", &use_sw, err))
		return -1;

	for (uint32_t i = 0; i < m->layers; i++)
		m->attn[i] = ATTN_FULL;
	if (m->kv_lora_rank > 0) {
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = ATTN_MLA;
		return 0;
	}
	if (types != NULL && !cJSON_IsNull(types))
		return read_layer_types(types, m, err);
	if (m->chunk > 0 && type_is(type, "llama4")) {
		/* transformers Llama4TextConfig: no_rope_layers[i] = 1 (RoPE,
		 * chunked) unless (i+1) % interval == 0 (global NoPE). */
		int n = cJSON_IsArray(nope) ? cJSON_GetArraySize(nope) : 0;

		if (interval == 0)
			return gp_error_set(err, "field \"no_rope_layer_interval\": must be > 0");
		if (n != 0 && (uint32_t)n != m->layers)
			return gp_error_set(err,
			    "field \"no_rope_layers\": %d entries for %u layers",
			    n, m->layers);
		for (uint32_t i = 0; i < m->layers; i++) {
			bool rope = n ? cJSON_IsTrue(cJSON_GetArrayItem(nope, (int)i)) ||
				(cJSON_IsNumber(cJSON_GetArrayItem(nope, (int)i)) &&
				 cJSON_GetArrayItem(nope, (int)i)->valuedouble != 0)
				: (i + 1) % interval != 0;
			m->attn[i] = rope ? ATTN_CHUNKED : ATTN_FULL;
		}
		return 0;
	}
	if (m->window > 0 && pattern > 0) {
		/* Gemma 3: every pattern-th layer is global. */
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = (i + 1) % pattern == 0 ? ATTN_FULL : ATTN_SLIDING;
		return 0;
	}
	if (m->window > 0 && use_sw && m->window < m->max_context) {
		for (uint32_t i = 0; i < m->layers; i++)
			m->attn[i] = ATTN_SLIDING;
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
read_moe(const cJSON *c, const char *type, struct model *m,
	 struct gp_error *err)
{
	uint32_t step = 0, first_dense = 0, freq = 1, sparse_step = 0;
	uint32_t moe_width = 0, shared_width = 0, n_shared = 0;
	const cJSON *mlp_only = cJSON_GetObjectItemCaseSensitive(c, "mlp_only_layers");

	if (get_u32(c, "num_local_experts", &m->experts, err) ||
	    get_u32(c, "n_routed_experts", &m->experts, err) ||
	    get_u32(c, "num_experts", &m->experts, err) ||
	    get_u32(c, "num_experts_per_tok", &m->top_k, err) ||
	    get_u32(c, "experts_per_token", &m->top_k, err) ||
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
	if (type_is(type, "llama4")) {
		m->shared_experts = 1;
		m->shared_ffn = m->expert_ffn;
	} else if (n_shared > 0) {
		m->shared_experts = 1;
		m->shared_ffn = n_shared * m->expert_ffn;
	} else if (shared_width > 0) {
		m->shared_experts = 1;
		m->shared_ffn = shared_width;
	}

	for (uint32_t i = 0; i < m->layers; i++) {
		bool moe = true;

		if (step > 0)
			moe = i % step == step - 1;
		else if (first_dense > 0 || cJSON_GetObjectItemCaseSensitive(c, "moe_layer_freq"))
			moe = i >= first_dense && (freq == 0 || i % freq == 0);
		else if (sparse_step > 0)
			moe = (i + 1) % sparse_step == 0;
		if (cJSON_IsArray(mlp_only) && read_int_list_contains(mlp_only, i))
			moe = false;
		m->moe[i] = moe;
	}
	return 0;
}

int
hfconfig_to_model(const cJSON *config, struct model *m, struct gp_error *err)
{
	const cJSON *c = config;
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(config, "text_config");
	const char *type;
	uint32_t mlp_width = 0, nextn = 0;
	long long maxpos;

	if (!cJSON_IsObject(config))
		return gp_error_set(err, "expected a JSON object");
	if (cJSON_IsObject(text))
		c = text;
	type = get_string(c, "model_type");
	if (type == NULL)
		type = get_string(config, "model_type");

	m->norms_per_layer = 2;
	m->tied_embeddings = type_is(type, "gemma");
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
	    get_bool(c, "tie_word_embeddings", &m->tied_embeddings, err) ||
	    get_bool(config, "tie_word_embeddings", &m->tied_embeddings, err) ||
	    get_bool(c, "attention_bias", &m->attn_bias, err))
		return -1;
	if (m->layers == 0 || m->layers > MODEL_MAX_LAYERS)
		return gp_error_set(err,
		    "field \"num_hidden_layers\": missing or not 1..%d",
		    MODEL_MAX_LAYERS);
	if (m->kv_heads == 0)
		m->kv_heads = m->heads;		/* no GQA field: MHA */
	if (m->head_dim == 0 && m->heads > 0)
		m->head_dim = m->hidden / m->heads;
	if (m->vocab == 0 && type_is(type, "gemma3"))
		m->vocab = 262208;	/* Gemma3TextConfig default */
	maxpos = get_uint(c, "max_position_embeddings", 1ull << 40, err);
	if (maxpos == -2)
		return -1;
	m->max_context = maxpos > 0 ? (uint64_t)maxpos : 0;

	if (type_is(type, "gemma3")) {
		m->norms_per_layer = 4;
		m->qk_norm = true;
	} else if (type_is(type, "gemma2")) {
		m->norms_per_layer = 4;
	} else if (type_is(type, "qwen3")) {
		m->qk_norm = true;
	} else if (type_is(type, "gpt_oss")) {
		m->attn_sinks = true;
		m->expert_bias = true;
		m->router_bias = true;
	} else if (type_is(type, "deepseek_v3")) {
		m->router_bias = true;	/* e_score_correction_bias */
	}

	if (read_moe(c, type, m, err) || read_attention(c, type, m, err))
		return -1;
	if (mlp_width > 0)
		m->dense_ffn = mlp_width;	/* Llama 4 dense layers */
	if (m->kv_lora_rank > 0 && m->v_head_dim == 0)
		m->v_head_dim = m->qk_nope_dim;
	(void)nextn;
	return model_validate(m, err);
}
