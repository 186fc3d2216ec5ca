/* spec.c - speculative decoding's acceptance and its draft's size. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "memory.h"
#include "spec.h"

/* Acceptance per drafted token is fitted to each source's mean
 * acceptance length AL (tokens a verification step yields, the bonus
 * token included) at its K: AL = 1 + A + ... + A^K. MTP has two such
 * points, and A between them goes linearly with K (later positions are
 * accepted less often, so a longer draft has a lower mean rate). */
static const struct spec_point {
	enum spec_method method;
	uint64_t k;
	double accept;
} points[] = {
	/* DeepSeek-V3 technical report (arXiv 2412.19437, section 5.4.3):
	 * "the acceptance rate of the second token prediction ranges
	 * between 85% and 90%" at one MTP token; the lower end. */
	{SPEC_MTP, 1, 0.85},
	/* nebius/MTP-DeepSeek-V3-0324 model card (2025): mean acceptance
	 * length 3.20 at 7 speculative tokens, A = 0.707. */
	{SPEC_MTP, 7, 0.707},
	/* vLLM tests/v1/spec_decode/test_acceptance_length.py (2025):
	 * EAGLE-3 on Llama-3.1-8B-Instruct, MT-Bench, K = 3, AL 2.60,
	 * A = 0.717. */
	{SPEC_EAGLE, 3, 0.717},
	/* SpecDecode-Bench (2025), n-gram prompt lookup on ShareGPT,
	 * K = 3: acceptance 0.29 (AL 1.40). */
	{SPEC_NGRAM, 3, 0.29},
};

static const struct spec_method_info methods[SPEC_COUNT] = {
	[SPEC_OFF] = {"off", 0, 0, ""},
	[SPEC_MTP] = {"mtp", 1, 0.85,
		      "DeepSeek-V3 report (85% at K=1) and nebius MTP-DeepSeek-V3-0324 (AL 3.20 at K=7)"},
	[SPEC_EAGLE] = {"eagle", 3, 0.717,
			"vLLM's EAGLE-3 acceptance test, Llama-3.1-8B on MT-Bench (AL 2.60 at K=3)"},
	[SPEC_NGRAM] = {"ngram", 3, 0.29, "SpecDecode-Bench, n-gram on ShareGPT (K=3)"},
	[SPEC_DRAFT] = {"draft", 3, -1, "none: acceptance depends on the pair; give --spec-accept"},
};

/* EAGLE-3's draft (vLLM llama_eagle3.py, the speculators Eagle3
 * config): one decoder layer whose q, k and v read the embedding and
 * the hidden state side by side (2 x hidden in), an fc folding three of
 * the target's hidden states into one (3 x hidden -> hidden), its own
 * head over a 32K draft vocabulary, three norms; the embedding is the
 * target's. Published in BF16. */
#define EAGLE_DRAFT_VOCAB 32000
#define EAGLE_BITS 16

const struct spec_method_info *
spec_method_info(enum spec_method m)
{
	return m < SPEC_COUNT ? &methods[m] : &methods[SPEC_OFF];
}

int
spec_parse(const char *v, enum spec_method *method, char *draft, size_t len)
{
	if (draft != NULL && len > 0)
		*draft = '\0';
	if (*v == '\0' || strcmp(v, "off") == 0) {
		*method = SPEC_OFF;
		return 0;
	}
	for (int i = SPEC_MTP; i < SPEC_DRAFT; i++) {
		if (strcmp(v, methods[i].id) == 0) {
			*method = (enum spec_method)i;
			return 0;
		}
	}
	if (strncmp(v, "draft:", 6) != 0 || v[6] == '\0' || strlen(v + 6) >= MODEL_ID_LEN)
		return -1;
	*method = SPEC_DRAFT;
	if (draft != NULL)
		snprintf(draft, len, "%s", v + 6);
	return 0;
}

double
spec_tokens_per_step(double accept, uint64_t k)
{
	if (accept >= 1)
		return (double)k + 1;
	return (1 - pow(accept, (double)k + 1)) / (1 - accept);
}

/* The method's acceptance at K: its one point, or between its two. */
static double
default_accept(enum spec_method method, uint64_t k)
{
	const struct spec_point *lo = NULL, *hi = NULL;

	for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
		if (points[i].method != method)
			continue;
		if (lo == NULL)
			lo = &points[i];
		hi = &points[i];
	}
	if (lo == NULL)
		return -1;
	if (k <= lo->k || hi == lo)
		return lo->accept;
	if (k >= hi->k)
		return hi->accept;
	return lo->accept + (double)(k - lo->k) / (double)(hi->k - lo->k) *
	       (hi->accept - lo->accept);
}

/* DeepSeek-V3's layout (model_mtp_params): each MTP layer a decoder
 * layer like the last, served with the target's embedding and head, so
 * the copies a checkpoint keeps of them are not loaded (vLLM
 * deepseek_mtp.py shares them). */
static int
mtp_setup(const struct scenario *s, const struct model *m, const struct layout *l,
	  const struct kv_policy *p, double touched, struct spec_setup *o, struct gp_error *err)
{
	struct model_counts c;
	uint64_t one = model_mtp_params(m, 1);
	double n, copies, unique, experts, bits_e, bits_a, bits_h, head;
	double tp = (double)l->tp;
	uint32_t last = m->layers - 1;
	bool moe;

	if (m->mtp_params == 0 || one == 0)
		return gp_error_set(err, "--spec mtp: %s has no multi-token-prediction layers", m->id);
	model_count(m, &c);
	moe = c.n_moe_layers > 0;
	n = fmax(1, round((double)m->mtp_params / (double)one));
	copies = m->mtp_shares_embed ? 0 : n * 2.0 * m->vocab * m->hidden;
	unique = (double)m->mtp_params - (copies < (double)m->mtp_params ? copies : 0);
	experts = m->moe[last] && c.n_moe_layers > 0 ?
		n * (double)c.group[PG_EXPERTS] / c.n_moe_layers : 0;
	bits_e = memory_group_bits(m, s->weights, PG_EXPERTS, moe);
	bits_a = memory_group_bits(m, s->weights, PG_ATTN, moe);
	bits_h = memory_group_bits(m, s->weights, PG_LM_HEAD, moe);
	head = (double)m->vocab * m->hidden;

	o->draft_layers = (uint32_t)n;
	o->draft_params = unique / tp;
	o->draft_weight_bytes = (uint64_t)(((unique - experts) * bits_a + experts * bits_e) / 8 / tp);
	o->draft_step_params = (unique - experts + (m->experts > 0 ? experts * m->top_k / m->experts : 0) +
				head) / tp;
	o->draft_step_bytes = ((unique - experts) * bits_a +
			       (m->experts > 0 ? experts * touched / m->experts : 0) * bits_e +
			       head * bits_h) / 8 / tp;
	o->draft_kv_token_bytes = n * kv_layer_token_bytes(m, (enum attn_kind)m->attn[last], p);
	return 0;
}

static void
eagle_setup(const struct model *m, const struct layout *l, const struct kv_policy *p,
	    struct spec_setup *o)
{
	double d = m->hidden, hd = model_head_dim(m, ATTN_FULL);
	double w = model_max_dense_width(m);
	double params;

	if (w <= 0)
		w = m->dense_ffn > 0 ? m->dense_ffn :
		    (double)m->expert_ffn * (m->top_k > 0 ? m->top_k : 1) +
		    (double)m->shared_experts * m->shared_ffn;
	params = 2 * d * ((double)m->heads + 2.0 * m->kv_heads) * hd + (double)m->heads * hd * d +
		 3 * d * w + 3 * d * d + (double)EAGLE_DRAFT_VOCAB * d + 3 * d;
	o->draft_layers = 1;
	o->draft_params = o->draft_step_params = params / (double)l->tp;
	o->draft_step_bytes = o->draft_params * EAGLE_BITS / 8;
	o->draft_weight_bytes = (uint64_t)o->draft_step_bytes;
	o->draft_kv_token_bytes = kv_layer_token_bytes(m, ATTN_FULL, p);
}

/* A model of its own, at the scenario's format, split as the target. */
static void
draft_setup(const struct scenario *s, const struct model *d, const struct layout *l,
	    const struct kv_policy *p, struct spec_setup *o)
{
	struct model_counts c;
	double tp = (double)l->tp, bytes;

	model_count(d, &c);
	bytes = (double)memory_model_bytes(d, &c, s->weights);
	o->draft_layers = d->layers;
	o->draft_params = (double)c.total / tp;
	o->draft_weight_bytes = (uint64_t)(bytes / tp);
	o->draft_step_params = (double)c.active_no_embed / tp;
	o->draft_step_bytes = c.total > 0 ? bytes / tp * (double)c.active_no_embed / (double)c.total : 0;
	o->draft_kv_token_bytes = 0;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		o->draft_kv_token_bytes += c.n_attn[k] * kv_layer_token_bytes(d, (enum attn_kind)k, p);
}

int
spec_resolve(const struct scenario *s, const struct model *m, const struct model *draft,
	     const struct gpu *g, const struct layout *l, double touched,
	     struct spec_setup *out, struct gp_error *err)
{
	char id[MODEL_ID_LEN];
	struct kv_policy p;
	const struct spec_method_info *mi;

	memset(out, 0, sizeof *out);
	if (spec_parse(s->spec, &out->method, id, sizeof id) != 0)
		return gp_error_set(err, "--spec %s: expected off, mtp, eagle, ngram or draft:MODEL",
				    s->spec);
	if (out->method == SPEC_OFF) {
		out->tokens_per_step = 1;
		return 0;
	}
	mi = spec_method_info(out->method);
	out->k = s->spec_tokens > 0 ? s->spec_tokens : mi->tokens;
	out->accept = s->spec_accept >= 0 ? s->spec_accept : default_accept(out->method, out->k);
	out->accept_default = s->spec_accept < 0;
	memory_kv_policy(s, g, l, &p);
	switch (out->method) {
	case SPEC_MTP:
		if (mtp_setup(s, m, l, &p, touched, out, err) != 0)
			return -1;
		break;
	case SPEC_EAGLE:
		eagle_setup(m, l, &p, out);
		break;
	case SPEC_DRAFT:
		if (draft == NULL)
			return gp_error_set(err, "--spec draft:%s: no such model in the catalog", id);
		if (out->accept < 0)
			return gp_error_set(err, "--spec draft:%s: give --spec-accept A, the share of drafted tokens the target accepts (no published figure for this pair)", id);
		draft_setup(s, draft, l, &p, out);
		break;
	default:
		break;
	}
	out->tokens_per_step = spec_tokens_per_step(out->accept, out->k);
	return 0;
}
