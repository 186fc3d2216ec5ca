/* perf.c - decode and prefill step times.
 *
 * A step runs the weight GEMMs, then the attention, each bound by its
 * own roofline: max(weight reads, matmul FLOPs) + max(KV reads,
 * attention FLOPs) + T_comm per pipeline stage. A token passes the
 * stages one after another (no micro-batch overlap, so PP throughput is
 * a floor). The weights read are the stage's non-expert weights and the
 * routed experts the batch touches; the FLOPs multiply the active
 * parameters. Expected compute runs at eta_compute of the GPU's
 * measured matmul ceiling (MAMF), the bound at the spec. */
#include <math.h>
#include <stdio.h>

#include "perf.h"

double
perf_experts_touched(double experts, double top_k, double tokens)
{
	if (experts <= 0 || top_k <= 0)
		return 0;
	if (top_k >= experts)
		return experts;
	return experts * (1.0 - pow(1.0 - top_k / experts, tokens));
}

enum compute_dtype
perf_compute_dtype(enum weight_format f, const struct gpu *g)
{
	enum compute_dtype want = weight_format_info(f)->compute;

	if (g->tflops[want] > 0)
		return want;
	return g->tflops[CD_BF16] > 0 ? CD_BF16 : CD_FP16;
}

/* Attention runs at FP8 only where the engine keeps FP8 KV and FP8
 * GEMMs (TRT-LLM's FP8 FMHA); otherwise at 16 bits, never at FP4. */
static enum compute_dtype
perf_attention_dtype(const struct scenario *s, const struct gpu *g)
{
	enum compute_dtype w = perf_compute_dtype(s->weights, g);

	if (s->kv == KV_FP8 && (w == CD_FP8 || w == CD_FP4) && g->tflops[CD_FP8] > 0)
		return CD_FP8;
	return g->tflops[CD_BF16] > 0 ? CD_BF16 : CD_FP16;
}

/* Attention FLOPs of one query token against `kv` keys per layer, one
 * GPU: QK^T and AV are 2 * heads * dim multiply-adds per key. MLA
 * attends in the latent space (absorbed weights). */
static double
attn_flops_per_key(const struct model *m, uint64_t tp)
{
	double heads = (double)m->heads / (double)tp;

	if (m->kv_lora_rank > 0)
		return 2.0 * heads * (2.0 * m->kv_lora_rank + m->qk_rope_dim);
	return 4.0 * heads * m->head_dim;
}

/* Keys a layer of each kind attends to, summed over a prompt of len
 * tokens (causal), or for one token at position len when one_token. */
static double
keys_attended(const struct model *m, enum attn_kind k, double len, bool one_token)
{
	double w = k == ATTN_SLIDING ? m->window : 0;
	double c = k == ATTN_CHUNKED ? m->chunk : 0;

	if (k == ATTN_LINEAR)
		return 0;
	if (c > 0 && c < len) {
		/* A token sees only the earlier tokens of its own chunk. */
		double full = floor(len / c), rest = len - full * c;

		if (one_token)
			return rest > 0 ? rest : c;
		return full * c * (c + 1) / 2 + rest * (rest + 1) / 2;
	}
	if (one_token)
		return w > 0 && w < len ? w : len;
	if (w <= 0 || w >= len)
		return len * (len + 1) / 2;
	return w * (w + 1) / 2 + (len - w) * w;
}

/* Bytes of the parameters of a stage held by one GPU (or its host
 * part), the routed experts alone or everything but them, at their
 * bits. */
static double
group_bytes(const double params[PG_COUNT], const double bits[PG_COUNT], bool experts)
{
	double sum = 0;

	for (int g = 0; g < PG_COUNT; g++) {
		if ((g == PG_EXPERTS) != experts || g == PG_EMBED || g == PG_EXTRA)
			continue;
		sum += params[g] * bits[g];
	}
	return sum / 8;
}

/* One stage's step at the spec roofline, split by kernel: the weight
 * GEMMs and the attention run one after the other. */
struct step {
	double gemm_mem_s, gemm_s;	/* weight reads, matmul FLOPs */
	double kv_s, attn_s;		/* KV reads, attention FLOPs */
	double comm_s;
	double host_s;			/* host-RAM part (llama.cpp offload) */
	double weight_bytes, kv_bytes, host_bytes, flops, gemm_flops, attn_flops;
};

/* One stage processing `tokens` tokens: new tokens of a prefill (keys
 * summed causally) or one token for each of `tokens` sequences at
 * position seq_len. */
static void
stage_step(const struct scenario *s, const struct model *m, const struct gpu *g,
	   const struct layout *l, const struct stage *st, double tokens,
	   double seq_len, bool decode, double touched, struct step *out)
{
	struct kv_policy p;
	double expert_share, act_params = 0, keys = 0, ffn_active, head;
	double bw = g->bandwidth_tbs * 1e12;
	double flops = g->tflops[perf_compute_dtype(s->weights, g)] * 1e12;
	double attn_rate = g->tflops[perf_attention_dtype(s, g)] * 1e12;
	uint32_t n = st->last - st->first;
	double top_k = s->moe ? m->top_k : m->experts;

	memory_kv_policy(s, g, l, &p);
	p.block = 1;
	expert_share = m->experts > 0 ? touched / m->experts : 0;
	out->weight_bytes = group_bytes(st->params, st->bits, false) +
			    group_bytes(st->params, st->bits, true) * expert_share;
	/* A tied output head is the embedding matrix, held once (PG_EMBED)
	 * but read and multiplied as the head on the last stage. */
	head = st->last == m->layers ? (m->tied_embeddings ?
		(double)m->vocab * m->hidden / (double)l->tp : st->params[PG_LM_HEAD]) : 0;
	if (m->tied_embeddings)
		out->weight_bytes += head * st->bits[PG_LM_HEAD] / 8;
	/* Weights kept in host RAM are read there, once for the whole TP
	 * group (stage params are per GPU), by the CPU: llama.cpp computes
	 * CPU-resident layers and --cpu-moe experts on the host, so only
	 * the touched experts are read (doc/planning-model.md section 7, host
	 * part). */
	out->host_bytes = (group_bytes(st->host_params, st->host_bits, false) +
			   group_bytes(st->host_params, st->host_bits, true) *
			   expert_share) * (double)l->tp;
	out->kv_bytes = 0;
	if (decode) {
		for (int k = 0; k < ATTN_KIND_COUNT; k++) {
			/* what attention reads: the window or the current chunk,
			 * whatever the engine keeps resident */
			double t = keys_attended(m, (enum attn_kind)k, seq_len, true);
			double b = kv_layer_token_bytes(m, (enum attn_kind)k, &p);

			out->kv_bytes += tokens * st->kinds[k] * t * b;
			out->host_bytes += tokens * st->host_kinds[k] * t * b * (double)l->tp;
		}
	}

	/* Parameters one token multiplies on this GPU: all but the routed
	 * experts, plus top-k of them (every expert when MoE is off). */
	for (int gi = 0; gi < PG_COUNT; gi++) {
		if (gi != PG_EXPERTS && gi != PG_EMBED && gi != PG_EXTRA && gi != PG_LM_HEAD)
			act_params += st->params[gi];
	}
	ffn_active = m->experts > 0 ? st->params[PG_EXPERTS] * top_k / m->experts : 0;
	act_params += ffn_active;
	for (int k = 0; k < ATTN_KIND_COUNT; k++)
		keys += st->kinds[k] * keys_attended(m, (enum attn_kind)k, seq_len, decode);
	/* FLOPs of host-resident layers run on the CPU and are not
	 * modelled: the host part is taken as bandwidth-bound. */
	/* logits: every decoded token, but only the last prompt token */
	{
		double attn = attn_flops_per_key(m, l->tp) * keys * (decode ? tokens : 1);
		double gemm = 2.0 * act_params * tokens + 2.0 * head * (decode ? tokens : 1);

		out->flops = gemm + attn;
		out->gemm_flops = gemm;
		out->attn_flops = attn;
		out->gemm_s = flops > 0 ? gemm / flops : 0;
		out->attn_s = attn_rate > 0 ? attn / attn_rate : 0;
	}
	out->gemm_mem_s = bw > 0 ? out->weight_bytes / bw : 0;
	out->kv_s = bw > 0 ? out->kv_bytes / bw : 0;
	out->host_s = out->host_bytes > 0 && s->host_bw_gbs > 0 ?
		out->host_bytes / (s->host_bw_gbs * 1e9) : 0;

	/* Two all-reduces of the hidden state per layer, ring algorithm:
	 * 2 (TP-1)/TP of the message crosses each GPU's link one way. */
	out->comm_s = 0;
	if (l->tp > 1) {
		double msg = tokens * m->hidden * 2.0;
		double link = g->link_gbs / 2 * 1e9;
		double ring = 2.0 * (double)(l->tp - 1) / (double)l->tp * msg;

		out->comm_s = 2.0 * n * ((link > 0 ? ring / link : 0) +
					 s->comm_latency_us * 1e-6);
	}
}

/* Efficiencies of one step: memory, and compute of the GEMMs and of
 * the attention as fractions of the spec FLOPS. */
struct eta {
	double bw, gemm, attn;
};

/* Each kernel is bound by its own roofline; the GPU and host parts of
 * the weight GEMMs run one after the other. */
static double
gemm_phase_s(const struct step *st, const struct eta *e)
{
	return fmax((st->gemm_mem_s + st->host_s) / e->bw, st->gemm_s / e->gemm);
}

static double
attn_phase_s(const struct step *st, const struct eta *e)
{
	return fmax(st->kv_s / e->bw, st->attn_s / e->attn);
}

static double
phase_s(const struct step *st, const struct eta *e)
{
	return gemm_phase_s(st, e) + attn_phase_s(st, e) + st->comm_s;
}

void
perf_compute(const struct scenario *s, const struct model *m, const struct gpu *g,
	     const struct layout *l, const struct stage *stages, struct plan *p)
{
	struct plan_decode *d = &p->decode;
	struct plan_prefill *pf = &p->prefill;
	double B = (double)s->batch;
	double top_k = s->moe ? m->top_k : m->experts;
	double exp_s = 0, bound_s = 0, pexp_s = 0, pbound_s = 0;
	double P = (double)s->prompt_tokens;
	double mem_s = 0, comp_s = 0;
	struct eta e;
	const struct eta spec = {1, 1, 1};

	d->compute = perf_compute_dtype(s->weights, g);
	d->attn_compute = perf_attention_dtype(s, g);
	d->eta_gemm = s->eta_compute * gpu_matmul_efficiency(g, d->compute, &d->mamf);
	d->eta_attn = s->eta_compute * gpu_matmul_efficiency(g, d->attn_compute, NULL);
	e.bw = s->eta_bw;
	e.gemm = d->eta_gemm;
	e.attn = d->eta_attn;
	d->seq_len = s->prompt_tokens + s->output_tokens / 2;
	if (d->seq_len > s->context)
		d->seq_len = s->context;
	d->experts_total = m->experts;
	d->experts_touched = perf_experts_touched(m->experts, top_k, B);
	d->t_mem_ms = d->t_compute_ms = d->t_comm_ms = 0;
	d->t_weights_ms = d->t_kv_ms = d->t_gemm_ms = d->t_attn_ms = 0;
	d->gemm_phase_ms = d->attn_phase_ms = 0;
	d->weight_bytes_per_step = d->kv_bytes_per_step = d->host_bytes_per_step = 0;
	d->t_host_ms = 0;
	d->flops_per_step = d->gemm_flops = d->attn_flops = 0;
	pf->flops = 0;

	for (uint64_t i = 0; i < l->pp; i++) {
		struct step st, pre;
		double gemm, attn;

		stage_step(s, m, g, l, &stages[i], B, (double)d->seq_len, true,
			   d->experts_touched, &st);
		d->t_weights_ms += st.gemm_mem_s * 1e3;
		d->t_kv_ms += st.kv_s * 1e3;
		d->t_gemm_ms += st.gemm_s * 1e3;
		d->t_attn_ms += st.attn_s * 1e3;
		gemm = gemm_phase_s(&st, &e);
		attn = attn_phase_s(&st, &e);
		d->gemm_phase_ms += gemm * 1e3;
		d->attn_phase_ms += attn * 1e3;
		d->t_comm_ms += st.comm_s * 1e3;
		d->weight_bytes_per_step += (uint64_t)st.weight_bytes;
		d->kv_bytes_per_step += (uint64_t)st.kv_bytes;
		d->host_bytes_per_step += (uint64_t)st.host_bytes;
		d->t_host_ms += st.host_s * 1e3;
		d->flops_per_step += st.flops;
		d->gemm_flops += st.gemm_flops;
		d->attn_flops += st.attn_flops;
		exp_s += gemm + attn + st.comm_s;
		bound_s += phase_s(&st, &spec);
		mem_s += (st.gemm_mem_s + st.kv_s + st.host_s) / e.bw;
		comp_s += st.gemm_s / e.gemm + st.attn_s / e.attn;

		/* Prefill of one prompt: its P tokens route to nearly all
		 * experts, and the causal attention grows with P^2. */
		stage_step(s, m, g, l, &stages[i], P, P, false,
			   perf_experts_touched(m->experts, top_k, P), &pre);
		pf->flops += pre.flops;
		pexp_s += phase_s(&pre, &e);
		pbound_s += phase_s(&pre, &spec);
	}
	d->t_mem_ms = d->t_weights_ms + d->t_kv_ms;
	d->t_compute_ms = d->t_gemm_ms + d->t_attn_ms;
	d->bytes_per_step = d->weight_bytes_per_step + d->kv_bytes_per_step;
	d->memory_bound = mem_s >= comp_s;
	d->step_ms = exp_s * 1e3;
	d->step_bound_ms = bound_s * 1e3;
	d->tpot_ms = d->step_ms;
	d->per_user_tokens_per_s = exp_s > 0 ? 1.0 / exp_s : 0;
	d->tokens_per_s = exp_s > 0 ? B / exp_s * (double)l->replicas : 0;
	d->tokens_per_s_bound = bound_s > 0 ? B / bound_s * (double)l->replicas : 0;

	pf->ttft_ms = pexp_s * 1e3;
	pf->ttft_bound_ms = pbound_s * 1e3;
	pf->tokens_per_s = pexp_s > 0 ? P / pexp_s : 0;

	p->e2e_ms = pf->ttft_ms + (double)s->output_tokens * d->tpot_ms;
	/* Sustained: a batch of B requests costs B prefills and O decode
	 * steps, so output tokens/s = replicas x B x O / (O x TPOT + B x
	 * TTFT); requests/s follow. Decode tokens/s above leaves the
	 * prefills out. */
	{
		double O = (double)s->output_tokens;
		double denom = O * d->tpot_ms / 1e3 + B * pf->ttft_ms / 1e3;

		p->sustained_tokens_per_s = denom > 0 ?
			(double)l->replicas * B * O / denom : 0;
		p->requests_per_s = O > 0 ? p->sustained_tokens_per_s / O : 0;
	}
}

void
perf_eta_text(const struct plan_decode *d, const struct gpu *g, double eta_compute,
	      char *buf, size_t len)
{
	enum compute_dtype c = d->compute;
	double ceiling = eta_compute > 0 ? d->eta_gemm / eta_compute : 0;

	switch (d->mamf) {
	case MAMF_MEASURED:
		snprintf(buf, len, "compute %.0f%% of the measured %s matmul ceiling "
			 "(MAMF %g of %g TFLOPS) = %.0f%% of spec",
			 eta_compute * 100, compute_dtype_name(c), g->mamf[c], g->tflops[c],
			 d->eta_gemm * 100);
		break;
	case MAMF_OTHER_DTYPE:
		snprintf(buf, len, "compute %.0f%% of a matmul ceiling of %.0f%% (%s not "
			 "measured: another dtype's) = %.0f%% of spec",
			 eta_compute * 100, ceiling * 100, compute_dtype_name(c), d->eta_gemm * 100);
		break;
	default:
		snprintf(buf, len, "compute %.0f%% of a typical matmul ceiling of %.0f%% "
			 "(GPU not measured) = %.0f%% of spec",
			 eta_compute * 100, ceiling * 100, d->eta_gemm * 100);
		break;
	}
}
