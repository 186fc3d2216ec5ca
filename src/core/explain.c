/* explain.c - the plan's figures as formulas with this scenario's
 * values (explain.h). Every operand printed is a field of the plan or
 * of its inputs, so a line cannot disagree with the number it
 * explains; the engine's own pool rule comes from its descriptor. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "explain.h"
#include "fmt.h"
#include "gpu.h"
#include "memory.h"

void
explain_add(struct explain *x, bool checked, const char *fmt, ...)
{
	struct explain_line *l;
	va_list ap;

	if (x->n >= EXPLAIN_MAX_LINES)
		return;
	l = &x->line[x->n++];
	l->checked = checked;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
}

static void
explain_memory(const struct scenario *s, const struct model *m, const struct gpu *g,
	       const struct plan *p, struct explain *x)
{
	const struct plan_memory *mem = &p->mem;
	struct kv_policy pol;
	char terms[EXPLAIN_LEN], *t = terms;
	size_t left = sizeof terms;

	if (mem->weight_params > 0)
		explain_add(x, true, "weights/GPU = params x bits / 8 = %.4fe9 x %.3f / 8 / 2^30 = %.2f GiB (%s)",
			    mem->weight_params / 1e9,
			    (double)mem->weights * 8 / mem->weight_params, mem->weights / GIB,
			    weight_format_info(s->weights)->label);
	memory_kv_policy(s, g, &p->layout, &pol);
	if (m->index_topk > 0)
		explain_add(x, true, "KV/token/layer = latent and rope%s + indexer keys = %.0f + %.0f = %.0f B (sparse MLA, on every GPU)",
			    s->kv == KV_FP8 ? " (FlashMLA's FP8 record)" : "",
			    kv_layer_token_bytes(m, ATTN_DSA, &pol) - kv_indexer_token_bytes(m),
			    kv_indexer_token_bytes(m), kv_layer_token_bytes(m, ATTN_DSA, &pol));
	else if (m->kv_lora_rank > 0)
		explain_add(x, true, "KV/token/layer = (latent + rope) x bytes = (%u + %u) x %g = %.0f B (MLA, on every GPU)",
			    m->kv_lora_rank, m->qk_rope_dim, kv_dtype_bytes(s->kv),
			    kv_layer_token_bytes(m, ATTN_MLA, &pol));
	else if (model_head_dim(m, ATTN_FULL) != m->head_dim ||
		 model_kv_heads(m, ATTN_FULL) != m->kv_heads) {
		/* Gemma 4: full layers of their own shape */
		explain_add(x, true, "KV/token/layer/GPU, full layers = 2 x KV heads x head_dim x bytes = 2 x %llu x %u x %g = %.0f B%s",
			    (unsigned long long)kv_kind_heads_per_gpu(m, ATTN_FULL, p->layout.tp),
			    model_head_dim(m, ATTN_FULL), kv_dtype_bytes(s->kv),
			    kv_layer_token_bytes(m, ATTN_FULL, &pol),
			    model_k_is_v(m, ATTN_FULL) ? " (V is K, both cached)" : "");
		explain_add(x, true, "KV/token/layer/GPU, other layers = 2 x %llu x %u x %g = %.0f B",
			    (unsigned long long)mem->kv_heads_per_gpu, m->head_dim,
			    kv_dtype_bytes(s->kv), kv_layer_token_bytes(m, ATTN_SLIDING, &pol));
	} else
		explain_add(x, true, "KV/token/layer/GPU = 2 x KV heads x head_dim x bytes = 2 x %llu x %u x %g = %.0f B",
			    (unsigned long long)mem->kv_heads_per_gpu, m->head_dim,
			    kv_dtype_bytes(s->kv), kv_layer_token_bytes(m, ATTN_FULL, &pol));

	/* Each kind of layer keeps its own tokens (windows, chunks), in
	 * whole pages; linear layers keep a fixed state instead. */
	terms[0] = '\0';
	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		uint64_t block = pol.block ? pol.block : 1;
		uint64_t kept = kv_layer_tokens(m, (enum attn_kind)k, s->context, &pol);
		int n;

		if (mem->kinds[k] == 0)
			continue;
		kept = (kept + block - 1) / block * block;
		if (attn_kind_recurrent((enum attn_kind)k))
			n = snprintf(t, left, "%s%u x %.0f", t == terms ? "" : " + ",
				     mem->kinds[k], kv_layer_state_bytes(m, &pol));
		else if (k == ATTN_NONE)
			continue;
		else
			n = snprintf(t, left, "%s%u x %llu x %.0f", t == terms ? "" : " + ",
				     mem->kinds[k], (unsigned long long)kept,
				     kv_layer_token_bytes(m, (enum attn_kind)k, &pol));
		if (n < 0 || (size_t)n >= left)
			break;
		t += n;
		left -= (size_t)n;
	}
	/* the speculative draft's layers keep the sequence's tokens too */
	if (mem->kv_draft_per_seq > 0 && terms[0] != '\0')
		snprintf(t, left, " + %llu x %.0f", (unsigned long long)s->context,
			 p->spec.draft_kv_token_bytes);
	if (terms[0] != '\0')
		explain_add(x, true, "KV/sequence/GPU = layers x tokens kept x bytes = (%s) / 2^30 = %.4f GiB%s",
			    terms, mem->kv_per_seq / GIB,
			    mem->kv_per_seq < mem->kv_per_seq_naive ? " (windows kept small)" : "");
	if (mem->kv_shared > 0)
		explain_add(x, true, "KV cache = shared prefix + batch x (KV/sequence - shared prefix) = %.4f + %llu x (%.4f - %.4f) = %.2f GiB",
			    mem->kv_shared / GIB, (unsigned long long)s->batch, mem->kv_per_seq / GIB,
			    mem->kv_shared / GIB, mem->kv_cache / GIB);
	else
		explain_add(x, true, "KV cache = batch x KV/sequence = %llu x %.4f = %.2f GiB",
			    (unsigned long long)s->batch, mem->kv_per_seq / GIB, mem->kv_cache / GIB);
	engine_of(s)->explain_pool(x, s, mem);
	if (engine_of(s)->expected_log != NULL) {
		char log[EXPLAIN_LEN];
		struct textbuf b = TEXTBUF(log);

		log[0] = '\0';
		engine_of(s)->expected_log(&b, s, mem);
		explain_add(x, false, "%s should log: %s", engine_of(s)->name, log);
	}
	if (mem->kv_shared > 0 && mem->kv_pool > mem->kv_shared)
		explain_add(x, true, "max sequences = floor((pool - shared prefix) / (KV/sequence - shared prefix)) = floor((%.2f - %.4f) / (%.4f - %.4f)) = %llu",
			    mem->kv_pool / GIB, mem->kv_shared / GIB, mem->kv_per_seq / GIB,
			    mem->kv_shared / GIB, (unsigned long long)mem->max_concurrency);
	else if (mem->kv_per_seq > 0 && mem->kv_shared == 0)
		explain_add(x, true, "max sequences = floor(pool / KV/sequence) = floor(%.2f / %.4f) = %llu",
			    mem->kv_pool / GIB, mem->kv_per_seq / GIB,
			    (unsigned long long)mem->max_concurrency);
}
/* The attention phase: on the roofline, or the measured MLA decode
 * kernel plus the roofline for the layers it does not take. */
static void
attention_line(struct explain *x, const struct scenario *s, const struct plan_decode *d)
{
	if (d->mla_kernel_ms > 0)
		explain_add(x, true, "attention = measured MLA kernel + the other layers at the roofline = %.3f + %.3f = %.3f ms",
			    d->mla_kernel_ms, d->attn_phase_ms - d->mla_kernel_ms, d->attn_phase_ms);
	else
		explain_add(x, true, "attention = max(KV reads / eta-bw, math / eta) = max(%.3f / %.2f, %.3f / %.4f) = %.3f ms",
			    d->t_kv_ms, s->eta_bw, d->t_attn_ms, d->eta_attn, d->attn_phase_ms);
}


/* Speculative decoding: the step above verifies K + 1 tokens of each
 * sequence, E of them kept, after K draft steps. */
static void
spec_lines(struct explain *x, const struct plan *p)
{
	const struct plan_decode *d = &p->decode;
	const struct spec_setup *sp = &p->spec;
	unsigned long long k = (unsigned long long)sp->k;

	if (d->pp_microbatch > 0)
		explain_add(x, false, "verify = PP x the slowest stage's step over %llu tokens of each sequence at batch / PP = %.3f ms",
			    k + 1, d->spec_verify_ms);
	else
		explain_add(x, true, "verify = GEMMs + attention + TP comm = %.3f + %.3f + %.3f = %.3f ms (%llu tokens of each sequence, its KV read once)",
			    d->gemm_phase_ms, d->attn_phase_ms, d->t_comm_ms, d->spec_verify_ms, k + 1);
	if (sp->accept < 1)
		explain_add(x, true, "E = (1 - A^(K+1)) / (1 - A) = (1 - %.4f^%llu) / (1 - %.4f) = %.4f tokens a step (%s)",
			    sp->accept, k + 1, sp->accept, sp->tokens_per_step,
			    sp->accept_default ? spec_method_info(sp->method)->source : "--spec-accept");
	else
		explain_add(x, true, "E = K + 1 = %llu + 1 = %.4f tokens a step (every draft accepted)", k,
			    sp->tokens_per_step);
	explain_add(x, true, "TPOT = (verify + K x draft) / E = (%.4f + %llu x %.4f) / %.4f = %.3f ms (%.3f ms without)",
		    d->spec_verify_ms, k, d->spec_draft_ms, sp->tokens_per_step, d->tpot_ms,
		    d->base_tpot_ms);
}

static void
explain_decode(const struct scenario *s, const struct model *m, const struct gpu *g,
	       const struct plan *p, struct explain *x)
{
	const struct plan_decode *d = &p->decode;
	bool staged = p->layout.pp > 1;
	double gemm_tflops = g->tflops[d->compute], attn_tflops = g->tflops[d->attn_compute];

	if (d->experts_total > 0 && p->spec.method != SPEC_OFF)
		explain_add(x, true, "experts touched = E x (1 - (1 - k/E)^(B x (K+1))) = %.0f x (1 - (1 - %u/%.0f)^(%llu x %llu)) = %.2f",
			    d->experts_total, s->moe ? m->top_k : m->experts, d->experts_total,
			    (unsigned long long)s->batch, (unsigned long long)p->spec.k + 1,
			    d->experts_touched);
	else if (d->experts_total > 0)
		explain_add(x, true, "experts touched = E x (1 - (1 - k/E)^B) = %.0f x (1 - (1 - %u/%.0f)^%llu) = %.2f",
			    d->experts_total, s->moe ? m->top_k : m->experts, d->experts_total,
			    (unsigned long long)s->batch, d->experts_touched);
	explain_add(x, true, "read/step/GPU = (weights GB + KV GB) / TB/s = (%.3f + %.3f) / %.2f = %.3f ms",
		    d->weight_bytes_per_step / 1e9, d->kv_bytes_per_step / 1e9, g->bandwidth_tbs,
		    d->t_mem_ms);
	if (gemm_tflops > 0)
		explain_add(x, true, "GEMM math/step/GPU = GFLOP / TFLOPS at spec = %.3f / %g = %.3f ms",
			    d->gemm_flops / 1e9, gemm_tflops, d->t_gemm_ms);
	else
		explain_add(x, false, "GEMM math: %s has no published %s throughput, so compute is left out",
			    g->name, compute_dtype_name(d->compute));
	if (attn_tflops > 0)
		explain_add(x, true, "attention math/step/GPU = GFLOP / TFLOPS at spec = %.3f / %g = %.3f ms",
			    d->attn_flops / 1e9, attn_tflops, d->t_attn_ms);
	explain_add(x, true, "eta GEMMs = eta-compute x %s matmul ceiling = %.2f x %.4f = %.4f of spec",
		    d->mamf == MAMF_MEASURED ? "measured" :
		    d->mamf == MAMF_OTHER_DTYPE ? "another dtype's" : "a typical",
		    s->eta_compute, s->eta_compute > 0 ? d->eta_gemm / s->eta_compute : 0,
		    d->eta_gemm);
	/* With pipeline stages each stage takes its own maximum, so the
	 * sums below are not the maximum of the sums. */
	if (d->moe_kernel != NULL) {
		const struct gpu_moe_kernel *k = d->moe_kernel;

		explain_add(x, false, "MoE layers: the measured %s %s fused MoE, %.1f us + touched bytes / (%.3f x BW) + FLOPs / (%.3f x spec) a layer%s: %.3f ms a step (the roofline: %.3f)",
			    k->backend, k->format, k->t0_us, k->eta_mem, k->eta_compute,
			    d->routing_skew != 1 ? ", x skewed routing" : "", d->moe_kernel_ms,
			    d->moe_roofline_ms);
		if (d->routing_skew > 0 && d->routing_skew != 1)
			explain_add(x, false, "routing: skewed / balanced at %llu tokens = %.3f, the kernel's measured power-law 1.2 ratio",
				    (unsigned long long)s->batch, d->routing_skew);
		explain_add(x, false, "kernel: %s", g->kernels_source);
	}
	if (d->gemm_kernel != NULL) {
		const struct gpu_gemm_kernel *k = d->gemm_kernel;

		explain_add(x, false, "weight GEMMs but the routed experts': the measured %s kernels, each %.1f us + max((n k bytes + 2 m (k + n)) / (%.3f x BW), 2 m n k / (%.3f x spec), k x %.2f ns), per layer QKV, O, the FFN's gate-up and down, the router, and the head: %.3f ms a step",
			    k->format, k->t0_us, k->eta_mem, k->eta_compute, k->tau_k_ns,
			    d->gemm_kernel_ms);
		explain_add(x, false, "kernel: %s", g->gemm_source);
	}
	if (d->mla_kernel != NULL && d->mla_kernel_ms > 0) {
		const struct gpu_op_kernel *k = d->mla_kernel;

		explain_add(x, false, "MLA decode attention: the measured kernel, %.2f us + the batch's KV bytes / (%.3f x BW) a layer: %.3f ms a step; kv_b absorbed into the two measured BMMs per layer where there are some (in the GEMMs above)",
			    k->t0_us, k->eta_mem, d->mla_kernel_ms);
		explain_add(x, false, "kernel: %s", g->ops_source);
	}
	if (d->allreduce != NULL)
		explain_add(x, false, "TP comm: 2 all-reduces a layer on the measured TP %u curve (log-log between %u sizes): %.3f ms a step; %s",
			    d->allreduce->tp, d->allreduce->n, d->t_comm_ms, g->allreduce_source);
	if (!staged && d->gemm_kernel != NULL) {
		double rest = d->gemm_phase_ms - d->gemm_kernel_ms - d->moe_kernel_ms -
			      d->elementwise_ms;

		explain_add(x, true, "GEMMs = measured GEMMs + MoE kernel + the rest at the roofline + norm/act = %.3f + %.3f + %.3f + %.3f = %.3f ms",
			    d->gemm_kernel_ms, d->moe_kernel_ms, rest, d->elementwise_ms,
			    d->gemm_phase_ms);
		attention_line(x, s, d);
	} else if (!staged && d->moe_kernel != NULL) {
		explain_add(x, true, "GEMMs = max((reads - experts + host) / eta-bw, (math - experts) / eta) + MoE + norm/act = max((%.3f - %.3f + %.3f) / %.2f, (%.3f - %.3f) / %.4f) + %.3f + %.3f = %.3f ms",
			    d->t_weights_ms, d->t_expert_mem_ms, d->t_host_ms, s->eta_bw, d->t_gemm_ms,
			    d->t_expert_math_ms, d->eta_gemm, d->moe_kernel_ms, d->elementwise_ms,
			    d->gemm_phase_ms);
		attention_line(x, s, d);
	} else if (!staged) {
		explain_add(x, true, "GEMMs = max((reads + host) / eta-bw, math / eta) + norm/act = max((%.3f + %.3f) / %.2f, %.3f / %.4f) + %.3f = %.3f ms",
			    d->t_weights_ms, d->t_host_ms, s->eta_bw, d->t_gemm_ms, d->eta_gemm,
			    d->elementwise_ms, d->gemm_phase_ms);
		attention_line(x, s, d);
	} else {
		explain_add(x, false, "GEMMs and attention: each of the %llu stages takes max(reads / eta-bw, math / eta); summed %.3f and %.3f ms",
			    (unsigned long long)p->layout.pp, d->gemm_phase_ms, d->attn_phase_ms);
	}
	if (p->spec.method != SPEC_OFF)
		spec_lines(x, p);
	else if (d->pp_microbatch > 0)
		explain_add(x, true, "TPOT = PP x the slowest stage's step at batch / PP = %llu x %.4f = %.2f ms (micro-batches of %.1f; the sums above are at the whole batch)",
			    (unsigned long long)p->layout.pp, d->tpot_ms / (double)p->layout.pp,
			    d->tpot_ms, d->pp_microbatch);
	else
		explain_add(x, true, "TPOT = GEMMs + attention + TP comm = %.3f + %.3f + %.3f = %.2f ms (the kernels run in turn)",
			    d->gemm_phase_ms, d->attn_phase_ms, d->t_comm_ms, d->tpot_ms);
	if (d->tpot_ms > 0)
		explain_add(x, true, "decode = batch / TPOT x replicas = %llu / %.4f x 1000 x %llu = %.1f tok/s",
			    (unsigned long long)s->batch, d->tpot_ms,
			    (unsigned long long)p->layout.replicas, d->tokens_per_s);
	if (s->output_tokens > 0 && p->sustained_tokens_per_s > 0) {
		enum iteration it = engine_of(s)->iteration;

		if (it == ITER_MIXED)
			explain_add(x, false, "cycle: %llu steps bring %llu prompts; %.1f%% of the steps carry a prompt chunk, %.0f tokens with the decode ones, reading the weights once",
				    (unsigned long long)s->output_tokens, (unsigned long long)s->batch,
				    p->prompt_step_share * 100, p->prompt_step_tokens);
		else if (it == ITER_PREFILL_BATCHES)
			explain_add(x, false, "cycle: %llu decode steps, and the %llu prompts in prefill batches of %.0f tokens",
				    (unsigned long long)s->output_tokens, (unsigned long long)s->batch,
				    p->prompt_step_tokens);
		else
			explain_add(x, false, "cycle: %llu decode steps (TPOT %.3f ms) and %llu prefills alone (TTFT %.3f ms)",
				    (unsigned long long)s->output_tokens, d->tpot_ms,
				    (unsigned long long)s->batch, p->prefill.ttft_ms);
		explain_add(x, true, "sustained = replicas x B x O / cycle = %llu x %llu x %llu / %.4f x 1000 = %.1f tok/s",
			    (unsigned long long)p->layout.replicas, (unsigned long long)s->batch,
			    (unsigned long long)s->output_tokens, p->cycle_ms,
			    p->sustained_tokens_per_s);
	}
}

static void
explain_cost(const struct scenario *s, const struct plan *p, struct explain *x)
{
	const struct plan_cost *c = &p->cost;
	char a[32];

	if (c->onprem_known)
		explain_add(x, true, "on-prem $/GPU-h = capex / (years x 8760) + kW x PUE x $/kWh = %.0f / (%g x 8760) + %.2f x %.2f x %.3f = %.4f",
			    s->gpu_capex, s->amortize_years, c->onprem_power_kw, s->pue,
			    s->usd_per_kwh, c->onprem_usd_per_gpu_hour);
	if (!c->price_known)
		return;
	/* paid for prefill time too: per sustained output token */
	if (p->sustained_tokens_per_s > 0)
		explain_add(x, true, "$/M out = $/h / (sustained tok/s x 3600 x util / 1e6) = %.2f / (%.1f x 3600 x %.0f%% / 1e6) = %s",
			    c->usd_per_hour, p->sustained_tokens_per_s, s->utilization * 100,
			    fmt_money(a, sizeof a, c->usd_per_m_output));
	if (c->api_known && p->prefill.cached_tokens > 0)
		explain_add(x, true, "API $/M blended = (in x (prompt - cached) + cached in x cached + out x output) / (prompt + output) = (%.4f x (%llu - %llu) + %.4f x %llu + %.4f x %llu) / (%llu + %llu) = %.4f",
			    c->api_usd_per_m_input, (unsigned long long)s->prompt_tokens,
			    (unsigned long long)p->prefill.cached_tokens, c->api_usd_per_m_cached,
			    (unsigned long long)p->prefill.cached_tokens, c->api_usd_per_m_output,
			    (unsigned long long)s->output_tokens, (unsigned long long)s->prompt_tokens,
			    (unsigned long long)s->output_tokens, c->api_usd_per_m_blended);
	if (c->api_known && c->api_usd_per_m_blended > 0)
		explain_add(x, true, "break-even = $/month / API $/M blended = %.2f / %.4f = %.0f M tok/month",
			    c->usd_per_month, c->api_usd_per_m_blended, c->breakeven_m_tokens_month);
}

void
explain_compact(const char *line, char *out, size_t len)
{
	const char *first = strstr(line, " = "), *last = NULL, *prev = NULL, *q;

	for (q = first; q != NULL; q = strstr(q + 1, " = ")) {
		prev = last;
		last = q;
	}
	/* NAME = FORMULA = NUMBERS = RESULT: keep NAME and from NUMBERS on */
	if (first == NULL || prev == NULL || prev == first)
		snprintf(out, len, "%s", line);
	else
		snprintf(out, len, "%.*s%s", (int)(first - line), line, prev);
}

void
plan_explain(const struct scenario *s, const struct model *m, const struct gpu *g,
	     const struct plan *p, struct explain *x)
{
	x->n = 0;
	explain_memory(s, m, g, p, x);
	explain_decode(s, m, g, p, x);
	explain_cost(s, p, x);
}
