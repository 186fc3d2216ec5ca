/* inspect.c - `gpuplan inspect`: what gpuplan derived from a config,
 * so a user can check it against the model card before planning. */
#include <string.h>

#include "fmt.h"
#include "inspect.h"
#include "kvcache.h"
#include "memory.h"
#include "report.h"

static const char *const group_names[PG_COUNT] = {
	[PG_EMBED] = "embeddings",
	[PG_LM_HEAD] = "output head",
	[PG_ATTN] = "attention",
	[PG_DENSE_FFN] = "dense FFN",
	[PG_EXPERTS] = "routed experts",
	[PG_SHARED] = "shared experts",
	[PG_ROUTER] = "routers",
	[PG_NORM] = "norms",
	[PG_EXTRA] = "other towers",
};

static const char *
num(char *buf, size_t len, uint64_t v)
{
	fmt_thousands(buf, len, v);
	return buf;
}

/* "12 full + 36 chunked" */
static void
attn_kinds(const struct model_counts *c, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int k = 0; k < ATTN_KIND_COUNT && o < len; k++) {
		if (c->n_attn[k] == 0)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%u %s", o ? " + " : "",
				      c->n_attn[k], attn_kind_name((enum attn_kind)k));
	}
}

static void
write_groups(FILE *out, const struct model *m, const struct model_counts *c)
{
	char a[32], b[32];

	fprintf(out, "Parameters by group\n");
	for (int g = 0; g < PG_COUNT; g++) {
		fprintf(out, "  %-16s %19s", group_names[g], num(a, sizeof a, c->group[g]));
		if (g == PG_EMBED)
			fprintf(out, "  %u x %u", m->vocab, m->hidden);
		else if (g == PG_LM_HEAD && m->tied_embeddings)
			fprintf(out, "  tied to the embeddings");
		else if (g == PG_EXPERTS && m->experts > 0)
			fprintf(out, "  %u x %u layers x %s", m->experts, c->n_moe_layers,
				num(b, sizeof b, c->expert_params));
		else if (g == PG_SHARED && m->shared_experts > 0)
			fprintf(out, "  width %u", m->shared_ffn);
		else if (g == PG_EXTRA && c->group[g] > 0)
			fprintf(out, "  vision tower etc., memory only");
		fprintf(out, "\n");
	}
	fprintf(out, "  %-16s %19s\n", "total (text)", num(a, sizeof a, c->text_total));
	if (c->group[PG_EXTRA] > 0)
		fprintf(out, "  %-16s %19s  with other towers\n", "total", num(a, sizeof a, c->total));
	if (m->mtp_params > 0)
		fprintf(out, "  %-16s %19s  in the checkpoint, not served (%s with them)\n",
			"MTP layers", num(a, sizeof a, m->mtp_params),
			num(b, sizeof b, c->total + m->mtp_params));
	if (m->published_total > 0)
		fprintf(out, "  %-16s %19s\n", "published", num(a, sizeof a, m->published_total));
	fprintf(out, "Active per token    %19s  with the input embedding\n",
		num(a, sizeof a, c->active));
	fprintf(out, "                    %19s  without the input embedding\n",
		num(a, sizeof a, c->active_no_embed));
}

static void
write_layers(FILE *out, const struct model *m, const struct model_counts *c)
{
	char kinds[128];
	uint32_t dense = c->n_dense_layers;

	attn_kinds(c, kinds, sizeof kinds);
	fprintf(out, "Layers %u\n", m->layers);
	fprintf(out, "  attention  %s", kinds);
	if (c->n_attn[ATTN_SLIDING] > 0)
		fprintf(out, "; window %u", m->window);
	if (c->n_attn[ATTN_CHUNKED] > 0)
		fprintf(out, "; chunk %u", m->chunk);
	if (m->kv_lora_rank > 0)
		fprintf(out, "; latent %u + rope %u", m->kv_lora_rank, m->qk_rope_dim);
	else
		fprintf(out, "; %u heads, %u KV heads of %u", m->heads, m->kv_heads, m->head_dim);
	if (c->n_attn[ATTN_FULL] > 0 && (model_head_dim(m, ATTN_FULL) != m->head_dim ||
					 model_kv_heads(m, ATTN_FULL) != m->kv_heads))
		fprintf(out, " (full layers %u of %u%s)", model_kv_heads(m, ATTN_FULL),
			model_head_dim(m, ATTN_FULL), model_k_is_v(m, ATTN_FULL) ? ", V = K" : "");
	fprintf(out, "\n  FFN        ");
	if (dense > 0 && c->n_moe_layers > 0)
		fprintf(out, "%u dense + %u MoE", dense, c->n_moe_layers);
	else if (c->n_moe_layers > 0)
		fprintf(out, "%u MoE", c->n_moe_layers);
	else
		fprintf(out, "%u dense", dense);
	if (dense + c->n_moe_layers < m->layers)
		fprintf(out, " (%u blocks without)", m->layers - dense - c->n_moe_layers);
	if (dense > 0) {
		uint32_t lo = UINT32_MAX, hi = model_max_dense_width(m);

		for (uint32_t i = 0; i < m->layers; i++) {
			if (model_layer_dense(m, i) && model_dense_width(m, i) < lo)
				lo = model_dense_width(m, i);
		}
		if (lo < hi)
			fprintf(out, "; dense widths %u to %u", lo, hi);
		else
			fprintf(out, "; dense width %u", hi);
	}
	if (m->experts > 0)
		fprintf(out, "; %u experts of %u, top-%u%s", m->experts, m->expert_ffn, m->top_k,
			m->shared_experts ? " + shared" : "");
	fprintf(out, "\n");
	if (m->max_context > 0) {
		char a[32];

		fprintf(out, "  context    %s tokens\n", num(a, sizeof a, m->max_context));
	}
}

static void
write_kv(FILE *out, const struct model *m, const struct model_counts *c)
{
	struct kv_policy bf16 = {.dtype = KV_BF16, .tp = 1, .block = 1};
	struct kv_policy fp8 = {.dtype = KV_FP8, .tp = 1, .block = 1};
	double all = 0;
	char a[32], b[32];

	fprintf(out, "KV cache per token per layer, all KV heads (TP 1)\n");
	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		enum attn_kind kind = (enum attn_kind)k;

		if (c->n_attn[k] == 0)
			continue;
		if (kind == ATTN_NONE) {
			fprintf(out, "  %-8s  no mixer, no KV x %u layers\n", attn_kind_name(kind),
				c->n_attn[k]);
			continue;
		}
		if (attn_kind_recurrent(kind)) {
			fprintf(out, "  %-8s  no per-token KV; %s B of state per sequence x %u layers\n",
				attn_kind_name(kind), num(a, sizeof a, m->linear_state_bytes),
				c->n_attn[k]);
			continue;
		}
		all += c->n_attn[k] * kv_layer_token_bytes(m, kind, &bf16);
		fprintf(out, "  %-8s %7s B BF16 %7s B FP8  x %u layers",
			attn_kind_name(kind),
			num(a, sizeof a, (uint64_t)kv_layer_token_bytes(m, kind, &bf16)),
			num(b, sizeof b, (uint64_t)kv_layer_token_bytes(m, kind, &fp8)),
			c->n_attn[k]);
		if (kind == ATTN_SLIDING)
			fprintf(out, ", at most %u tokens kept", m->window);
		else if (kind == ATTN_CHUNKED)
			fprintf(out, ", at most %u tokens kept", m->chunk);
		fprintf(out, "\n");
	}
	fprintf(out, "  every layer full-context: %s B per token in BF16\n",
		num(a, sizeof a, (uint64_t)all));
}

static void
write_import(FILE *out, const struct model *m, const struct model_counts *c,
	     const struct hf_import *info)
{
	char a[32], b[32];
	bool gguf = strcmp(info->quant_method, "gguf") == 0;

	if (gguf) {
		fprintf(out, "Checkpoint format  GGUF tensors as stored, read as %s (--weights %s)\n",
			weight_format_info(info->weights)->label, weight_format_info(info->weights)->id);
	} else if (info->quant_method[0] != '\0') {
		fprintf(out, "Checkpoint format  %s %s",
			info->quant_from != NULL ? info->quant_from : "quantization_config",
			info->quant_method);
		if (info->quant_bits > 0)
			fprintf(out, ", %.4g bits per weight, scales included", info->quant_bits);
		if (info->quant_group)
			fprintf(out, ", group %u", info->quant_group);
		/* the format's id, not its label: the label's group (int4
		 * g128) need not be the checkpoint's */
		if (info->has_weights)
			fprintf(out, ": --weights %s, at the checkpoint's own bits",
				weight_format_info(info->weights)->id);
		fprintf(out, "\n");
	}
	if (info->checkpoint_bytes > 0) {
		enum weight_format f = info->has_weights ? info->weights : WF_BF16;
		uint64_t derived = memory_checkpoint_bytes(m, c, f);

		fprintf(out, "Checkpoint bytes   %s (%s), derived %s in %s (%+.2f%%)\n",
			num(a, sizeof a, info->checkpoint_bytes),
			gguf ? "the tensors' data" : "metadata.total_size", num(b, sizeof b, derived),
			weight_format_info(f)->label,
			100.0 * ((double)derived - (double)info->checkpoint_bytes) /
			(double)info->checkpoint_bytes);
	}
	if (info->n_notes > 0) {
		fprintf(out, gguf ? "Read\n" : "Assumed\n");
		for (int i = 0; i < info->n_notes; i++)
			fprintf(out, "  - %s\n", info->notes[i]);
	}
}

int
inspect_write(FILE *out, const struct model *m, const struct hf_import *info)
{
	struct model_counts c;

	model_count(m, &c);
	fprintf(out, "%s", m->name);
	if (info != NULL && info->model_type[0] != '\0')
		fprintf(out, "  (%s%s)", info->model_type, info->nested ? ", text_config" : "");
	fprintf(out, "\n");
	if (info != NULL && info->path[0] != '\0')
		fprintf(out, "from %s\n", info->path);
	else if (m->source[0] != '\0')
		fprintf(out, "from %s\n", m->source);
	fprintf(out, "\n");
	write_groups(out, m, &c);
	fprintf(out, "\n");
	write_layers(out, m, &c);
	fprintf(out, "\n");
	write_kv(out, m, &c);
	if (info != NULL) {
		fprintf(out, "\n");
		write_import(out, m, &c, info);
	}
	return ferror(out) ? -1 : 0;
}
