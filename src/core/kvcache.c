/* kvcache.c - KV-cache sizes. Per token per layer, K and V:
 * 2 * kv_heads * head_dim * bytes; MLA: (kv_lora_rank + qk_rope_head_dim)
 * * bytes (DeepSeek-V3 paper, section 2.1.1). */
#include "kvcache.h"

/* n KV heads split TP ways: each GPU keeps at least one whole head */
static uint64_t
split_heads(uint64_t n, uint64_t tp)
{
	if (tp == 0 || tp >= n)
		return tp == 0 ? n : 1;
	return (n + tp - 1) / tp;
}

uint64_t
kv_heads_per_gpu(const struct model *m, uint64_t tp)
{
	return m->kv_lora_rank > 0 ? 1 : split_heads(m->kv_heads, tp);
}

uint64_t
kv_kind_heads_per_gpu(const struct model *m, enum attn_kind k, uint64_t tp)
{
	return m->kv_lora_rank > 0 ? 1 : split_heads(model_kv_heads(m, k), tp);
}

double
kv_layer_token_bytes(const struct model *m, enum attn_kind kind,
		     const struct kv_policy *p)
{
	double b = kv_dtype_bytes(p->dtype);

	switch (kind) {
	case ATTN_MLA:
		return ((double)m->kv_lora_rank + m->qk_rope_dim) * b;
	case ATTN_DSA:
		/* vLLM lays an FP8 cache out as FlashMLA's sparse kernels
		 * read it ("fp8_ds_mla", 656 B for DeepSeek-V3.2: the latent
		 * in FP8, a float scale per 128 of it, the rope part in
		 * BF16; flashmla_sparse.py get_kv_cache_shape) */
		if (p->dtype == KV_FP8)
			return (double)m->kv_lora_rank + m->kv_lora_rank / 128 * 4.0 +
			       2.0 * m->qk_rope_dim + kv_indexer_token_bytes(m);
		return ((double)m->kv_lora_rank + m->qk_rope_dim) * b + kv_indexer_token_bytes(m);
	case ATTN_LINEAR:
	case ATTN_MAMBA:
	case ATTN_NONE:
		return 0;
	default:
		/* a layer whose V is its K (Gemma 4) still gets both in the
		 * cache: vLLM's attention layer stores the key and the value
		 * it is given */
		return 2.0 * (double)kv_kind_heads_per_gpu(m, kind, p->tp) *
		       model_head_dim(m, kind) * b;
	}
}

/* The indexer's keys: FP8 whatever the cache's dtype, with a float
 * scale per 128 (vLLM deepseek_v2.py DeepseekV32IndexerCache,
 * head_dim + head_dim // 128 * 4: 132 B for V3.2), one per token on
 * every rank. */
double
kv_indexer_token_bytes(const struct model *m)
{
	return m->index_topk > 0 ? m->index_head_dim + m->index_head_dim / 128 * 4.0 : 0;
}

/* vLLM MambaStateShapeCalculator: the conv and temporal states of a
 * Mamba or Gated DeltaNet layer split their heads (channels) TP ways;
 * Mamba2 groups that do not divide are replicated, left out here.
 * llama.cpp's llama_memory_recurrent holds both in F32. */
double
kv_layer_state_bytes(const struct model *m, const struct kv_policy *p)
{
	double bytes = p->state_f32 ? 4.0 * m->linear_state_elems : m->linear_state_bytes;

	return bytes / (double)(p->tp > 0 ? p->tp : 1);
}

uint64_t
kv_layer_tokens(const struct model *m, enum attn_kind kind, uint64_t len,
		const struct kv_policy *p)
{
	uint64_t cap;

	if (!attn_kind_has_kv(kind))
		return 0;
	if (!p->hybrid)
		return len;
	switch (kind) {
	case ATTN_SLIDING:
		cap = m->window + p->extra_tokens;
		break;
	case ATTN_CHUNKED:
		cap = m->chunk + p->extra_tokens;
		break;
	default:
		return len;
	}
	return len < cap ? len : cap;
}

void
kv_count_kinds(const struct model *m, uint32_t first, uint32_t last,
	       uint32_t n[ATTN_KIND_COUNT])
{
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		n[k] = 0;
	for (uint32_t i = first; i < last && i < m->layers; i++)
		n[m->attn[i] < ATTN_KIND_COUNT ? m->attn[i] : ATTN_FULL]++;
}

uint64_t
kv_seq_bytes(const struct model *m, const uint32_t n[ATTN_KIND_COUNT],
	     uint64_t len, const struct kv_policy *p)
{
	uint64_t block = p->block ? p->block : 1;
	double total = 0;

	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		uint64_t t;

		if (n[k] == 0)
			continue;
		t = kv_layer_tokens(m, (enum attn_kind)k, len, p);
		t = (t + block - 1) / block * block;
		total += (double)n[k] * (double)t *
			 kv_layer_token_bytes(m, (enum attn_kind)k, p);
		if (attn_kind_recurrent((enum attn_kind)k))
			total += (double)n[k] * kv_layer_state_bytes(m, p);
	}
	/* saturate: converting a double beyond 2^64 is undefined */
	return total < 4.6e18 ? (uint64_t)total : UINT64_C(1) << 62;
}
