/* report.c - text, JSON and Markdown views of a plan. The JSON field
 * names are a contract documented in gpuplan(1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cost.h"
#include "price.h"
#include "engine.h"
#include "explain.h"
#include "fmt.h"
#include "memory.h"
#include "perf.h"
#include "report.h"


static const char *
billions(char *buf, size_t len, uint64_t v)
{
	snprintf(buf, len, "%.2fB", (double)v / 1e9);
	return buf;
}

static const char *
tokens(char *buf, size_t len, uint64_t v)
{
	return fmt_thousands(buf, len, v);
}

static const char *
money(char *buf, size_t len, double v)
{
	return fmt_money(buf, len, v);
}

/* "12 global + 36 chunked" */
static void
layer_kinds(const struct model *m, char *buf, size_t len)
{
	uint32_t n[ATTN_KIND_COUNT];
	size_t o = 0;

	kv_count_kinds(m, 0, m->layers, n);
	buf[0] = '\0';
	for (int k = 0; k < ATTN_KIND_COUNT; k++) {
		if (n[k] == 0 || k == ATTN_NONE)
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%u %s", o ? " + " : "", n[k],
				      k == ATTN_FULL ? "full" : attn_kind_name((enum attn_kind)k));
		if (o >= len)
			return;
	}
	o += (size_t)snprintf(buf + o, len - o, " attention");
	if (n[ATTN_NONE] > 0 && o < len)
		snprintf(buf + o, len - o, ", %u blocks without", n[ATTN_NONE]);
}

static void
text_model(FILE *out, const struct report_input *r)
{
	const struct model *m = r->m;
	const struct plan *p = r->p;
	char a[32], b[32], c[32], kinds[96];

	layer_kinds(m, kinds, sizeof kinds);
	fprintf(out, "Model       %s: %s params", m->name, billions(a, sizeof a, p->counts.text_total));
	if (p->counts.group[PG_EXTRA])
		fprintf(out, " + %s other towers = %s", billions(b, sizeof b, p->counts.group[PG_EXTRA]),
			billions(c, sizeof c, p->counts.total));
	fprintf(out, "\n            %s active per token (%s without the input embedding)\n",
		billions(a, sizeof a, p->counts.active), billions(b, sizeof b, p->counts.active_no_embed));
	if (m->experts > 0)
		fprintf(out, "            MoE: %u routed experts, top-%u%s, %u of %u layers; MoE %s\n",
			m->experts, m->top_k, m->shared_experts ? " + shared" : "",
			p->counts.n_moe_layers, m->layers, r->s->moe ? "on" : "OFF (sized as dense)");
	fprintf(out, "            %u layers: %s\n", m->layers, kinds);
}

/* What the engine's own start-up log should say, device by device, so
 * a user can hold the plan against it line by line. */
static void
text_device_log(FILE *out, const struct report_input *r)
{
	const struct engine *e = engine_of(r->s);
	struct memory_device d[MODEL_MAX_LAYERS];
	char line[256];
	uint64_t n;

	if (e->device_log == NULL)
		return;
	n = memory_devices(r->s, r->m, r->g, &r->p->layout, d, MODEL_MAX_LAYERS);
	if (n > MODEL_MAX_LAYERS)
		n = MODEL_MAX_LAYERS;
	fprintf(out, "  %s should report (MiB = 2^20 B):\n", e->name);
	for (uint64_t i = 0; i <= n; i++) {
		struct textbuf b = TEXTBUF(line);

		line[0] = '\0';
		e->device_log(&b, r->g, d, n, i);
		if (line[0] != '\0')
			fprintf(out, "    %s\n", line);
	}
}

static void
text_memory(FILE *out, const struct report_input *r)
{
	const struct plan_memory *mem = &r->p->mem;
	const struct scenario *s = r->s;
	const struct engine *e = engine_of(s);
	char a[32], b[32], note[256];
	struct textbuf nb = TEXTBUF(note);

	note[0] = '\0';
	if (e->budget_note != NULL)
		e->budget_note(&nb, s, mem);
	fprintf(out, "\nMemory per GPU, %.1f GiB usable%s", mem->capacity / GIB, note);
	if (r->p->layout.pp > 1)
		fprintf(out, " (fullest stage: %u layers)", mem->layers_per_stage);
	fprintf(out, "\n");
	fprintf(out, "  weights      %8.2f GiB  %s, %.1f GiB for the whole model\n",
		mem->weights / GIB,
		r->m->quant_exact ? "the GGUF file's tensors" : weight_format_info(s->weights)->label,
		r->p->weight_bytes_model / GIB);
	if (r->p->spec.draft_layers > 0)
		fprintf(out, "  draft        %8.2f GiB  of the weights, and %.1f KiB of KV a token: %s\n",
			r->p->spec.draft_weight_bytes / GIB, r->p->spec.draft_kv_token_bytes / 1024,
			r->p->spec.method == SPEC_MTP ? "the model's MTP layers" :
			r->p->spec.method == SPEC_EAGLE ? "an EAGLE-3 head" :
			s->draft_model != NULL ? s->draft_model->id : "the draft model");
	if (mem->kv_shared > 0)
		fprintf(out, "  KV cache     %8.2f GiB  %.3f GiB shared prefix + %s x %.3f GiB (%s tokens, %s, ",
			mem->kv_cache / GIB, mem->kv_shared / GIB, tokens(a, sizeof a, s->batch),
			(mem->kv_per_seq - mem->kv_shared) / GIB, tokens(b, sizeof b, s->context),
			kv_dtype_id(s->kv));
	else
		fprintf(out, "  KV cache     %8.2f GiB  %s x %.3f GiB (%s tokens, %s, ",
			mem->kv_cache / GIB, tokens(a, sizeof a, s->batch), mem->kv_per_seq / GIB,
			tokens(b, sizeof b, s->context), kv_dtype_id(s->kv));
	if (r->m->kv_lora_rank > 0)
		fprintf(out, "MLA latent on every GPU)\n");
	else
		fprintf(out, "%llu KV head%s per GPU)\n", (unsigned long long)mem->kv_heads_per_gpu,
			mem->kv_heads_per_gpu == 1 ? "" : "s");
	fprintf(out, "  activations  %8.2f GiB%s%s", mem->activations / GIB,
		e->activation_note != NULL && s->activation_gib < 0 ? "  " : "",
		e->activation_note != NULL && s->activation_gib < 0 ? e->activation_note : "");
	if (mem->outside_budget > 0 && e->outside_what != NULL && !e->outside_is_overhead)
		fprintf(out, "  outside the budget, with the CUDA graphs");
	fprintf(out, "\n  overhead     %8.2f GiB", mem->overhead / GIB);
	if (mem->outside_budget > 0 && e->outside_what != NULL && e->outside_is_overhead)
		fprintf(out, "  %.2f GiB of %s outside the budget", mem->outside_budget / GIB,
			e->outside_what);
	fprintf(out, "\n");
	fprintf(out, "  free         %8.2f GiB  %s\n", (double)mem->free / GIB,
		mem->fits ? "fits" : "DOES NOT FIT");
	if (mem->kv_per_seq != mem->kv_per_seq_naive)
		fprintf(out, "  KV layout    hybrid %s: %.3f GiB per sequence, %.3f GiB if every layer kept the full context\n",
			mem->hybrid_used ? "on" : "off", mem->kv_per_seq / GIB,
			mem->kv_per_seq_naive / GIB);
	fprintf(out, "  KV pool      %8.2f GiB  %s tokens; %llu sequences of %s tokens (%.2fx)\n",
		mem->kv_pool / GIB, tokens(a, sizeof a, mem->kv_pool_tokens),
		(unsigned long long)mem->max_concurrency, tokens(b, sizeof b, s->context),
		mem->engine_concurrency);
	if (e->expected_log != NULL) {
		char log[512];
		struct textbuf lb = TEXTBUF(log);

		log[0] = '\0';
		e->expected_log(&lb, s, mem);
		fprintf(out, "  engine log   %s should log: %s\n", e->name, log);
	}
	if (mem->host_weights + mem->host_kv > 0)
		fprintf(out, "  host RAM     %8.2f GiB  %.2f weights + %.2f KV; %u of %s%u layers on the GPUs%s\n",
			(mem->host_weights + mem->host_kv) / GIB, mem->host_weights / GIB,
			mem->host_kv / GIB, mem->gpu_layers,
			r->p->layout.pp > 1 ? "the stage's " : "", mem->layers_per_stage,
			s->cpu_moe ? ", routed experts in RAM (--cpu-moe)" : "");
	fprintf(out, "  max context  %s tokens at batch %llu; largest batch keeping %.0f%% free: %llu\n",
		tokens(a, sizeof a, mem->max_context), (unsigned long long)s->batch,
		PLAN_HEADROOM * 100, (unsigned long long)mem->max_batch_headroom);
	text_device_log(out, r);
}

/* Whether the GPU has a dense figure for the decode's math: without
 * one the plan leaves compute out (unknown-flops), and a 0 ms would
 * read as free. */
static bool
compute_known(const struct report_input *r)
{
	return r->g->tflops[r->p->decode.compute] > 0;
}

static void
text_speed(FILE *out, const struct report_input *r)
{
	const struct plan *p = r->p;
	const struct plan_decode *d = &p->decode;
	const struct scenario *s = r->s;
	char a[32], eta[192];

	fprintf(out, "\nDecode, batch %llu per replica at %s tokens (%s math, %s-bound)\n",
		(unsigned long long)s->batch, tokens(a, sizeof a, d->seq_len),
		compute_dtype_name(d->compute), d->memory_bound ? "memory" : "compute");
	if (d->experts_total > 0)
		fprintf(out, "  experts      %.1f of %.0f touched per MoE layer per step\n",
			d->experts_touched, d->experts_total);
	fprintf(out, "  per step     %.2f GB read per GPU (%.2f weights + %.2f KV); mem %.2f ms, ",
		d->bytes_per_step / 1e9, d->weight_bytes_per_step / 1e9, d->kv_bytes_per_step / 1e9,
		d->t_mem_ms);
	/* no figure is not no time: say so rather than print 0 ms */
	if (compute_known(r))
		fprintf(out, "compute %.2f ms, ", d->t_compute_ms);
	else
		fprintf(out, "compute unknown (no published %s FLOPS), ", compute_dtype_name(d->compute));
	fprintf(out, "TP comm %.2f ms\n", d->t_comm_ms);
	fprintf(out, "  kernels      weight GEMMs %.2f ms (%.2f of it norms and activations), then attention %.2f ms (%s math), expected\n",
		d->gemm_phase_ms, d->elementwise_ms, d->attn_phase_ms,
		compute_dtype_name(d->attn_compute));
	if (d->pp_microbatch > 0)
		fprintf(out, "  pipeline     %llu micro-batches of %.1f sequences: a token every %llu x the slowest stage's step\n",
			(unsigned long long)p->layout.pp, d->pp_microbatch,
			(unsigned long long)p->layout.pp);
	if (d->gemm_kernel != NULL)
		fprintf(out, "  GEMMs        %.2f ms of them on the measured %s kernels (%.1f us + max(reads / %.2f BW, math / %.2f spec, k x %.2f ns))\n",
			d->gemm_kernel_ms, d->gemm_kernel->format, d->gemm_kernel->t0_us,
			d->gemm_kernel->eta_mem, d->gemm_kernel->eta_compute, d->gemm_kernel->tau_k_ns);
	if (d->moe_kernel != NULL)
		fprintf(out, "  MoE layers   %.2f ms of the GEMMs on the measured %s %s kernel (roofline %.2f ms), %s routing x %.2f\n",
			d->moe_kernel_ms, d->moe_kernel->backend, d->moe_kernel->format,
			d->moe_roofline_ms, s->routing == ROUTING_SKEWED ? "skewed" : "balanced",
			d->routing_skew);
	else if (d->experts_total > 0 && s->moe)
		fprintf(out, "  MoE layers   roofline: no measured %s fused-MoE kernel on this GPU for these experts\n",
			perf_moe_backend(s) != NULL ? perf_moe_backend(s) : "engine");
	if (d->host_bytes_per_step > 0)
		fprintf(out, "  host RAM     %.2f GB per step at %.1f GB/s: %.2f ms, after the GPU part\n",
			d->host_bytes_per_step / 1e9, s->host_bw_gbs, d->t_host_ms);
	fprintf(out, "  TPOT         %.2f ms expected (%.2f ms bound at 100%% efficiency)\n",
		d->tpot_ms, d->step_bound_ms);
	if (p->spec.method != SPEC_OFF)
		fprintf(out, "  speculative  %s, %llu drafted a step at acceptance %.3f%s: %.2f tokens a step; verify %.2f ms + %llu x %.2f ms drafting; %.2f ms without (%.2fx)\n",
			spec_method_info(p->spec.method)->id, (unsigned long long)p->spec.k,
			p->spec.accept, p->spec.accept_default ? " (published)" : "",
			p->spec.tokens_per_step, d->spec_verify_ms, (unsigned long long)p->spec.k,
			d->spec_draft_ms, d->base_tpot_ms,
			d->tpot_ms > 0 ? d->base_tpot_ms / d->tpot_ms : 0);
	fprintf(out, "  throughput   %.0f tokens/s expected, %.0f bound, across %llu replica%s; %.1f tokens/s per user\n",
		d->tokens_per_s, d->tokens_per_s_bound, (unsigned long long)p->layout.replicas,
		p->layout.replicas == 1 ? "" : "s", d->per_user_tokens_per_s);
	fprintf(out, "  sustained    %.0f output tokens/s with every request's prefill (%llu prompts per %llu steps)\n",
		p->sustained_tokens_per_s, (unsigned long long)s->batch,
		(unsigned long long)s->output_tokens);
	fprintf(out, "Prefill, one prompt of %s tokens\n", tokens(a, sizeof a, s->prompt_tokens));
	fprintf(out, "  TTFT         %.1f ms expected (%.1f ms bound), %s prompt tokens/s%s\n",
		p->prefill.ttft_ms, p->prefill.ttft_bound_ms,
		tokens(a, sizeof a, (uint64_t)llround(p->prefill.tokens_per_s)),
		compute_known(r) ? "" : "; memory time only, the compute is unknown");
	if (p->prefill.cached_tokens > 0) {
		char c[32];

		fprintf(out, "  prefix cache %s of them cached, %s computed; its keys still attended\n",
			tokens(a, sizeof a, p->prefill.cached_tokens),
			tokens(c, sizeof c, s->prompt_tokens - p->prefill.cached_tokens));
	}
	fprintf(out, "  request      %.2f s end to end (%llu output tokens); %.2f requests/s\n",
		p->e2e_ms / 1e3, (unsigned long long)s->output_tokens, p->requests_per_s);
	perf_eta_text(d, r->g, s->eta_compute, eta, sizeof eta);
	fprintf(out, "  assumptions  bandwidth efficiency %.0f%%; %s; ", s->eta_bw * 100, eta);
	if (d->allreduce != NULL)
		fprintf(out, "all-reduce on the measured TP %u curve", d->allreduce->tp);
	else
		fprintf(out, "%.0f us per all-reduce", s->comm_latency_us);
	if (d->host_bytes_per_step > 0)
		fprintf(out, ", host memory %.1f GB/s (host compute not modelled)", s->host_bw_gbs);
	fprintf(out, "\n");
	if (engine_of(s)->label_in_report)
		fprintf(out, "  engine       %s\n", engine_of(s)->label);
}

/* The price's kind (on-demand or spot) when its provider ("RunPod
 * spot") does not already say it. */
static bool
kind_unsaid(const struct plan_cost *c)
{
	return c->price_kind[0] != '\0' && strstr(c->price_provider, c->price_kind) == NULL;
}

/* Owning the GPUs, beside the rental: the two parts and what they rest
 * on, so the sum can be checked by hand. */
static void
text_onprem(FILE *out, const struct report_input *r)
{
	const struct plan_cost *c = &r->p->cost;
	char a[32], b[32], d[32], e[32];

	if (!c->onprem_known)
		return;
	fprintf(out, "  on-prem      %s per GPU-hour: %s capex (%s over %g years) + %s power\n",
		money(a, sizeof a, c->onprem_usd_per_gpu_hour),
		money(b, sizeof b, c->onprem_capex_per_hour), money(d, sizeof d, r->s->gpu_capex),
		r->s->amortize_years, money(e, sizeof e, c->onprem_power_per_hour));
	fprintf(out, "               (%.2f kW%s x PUE %.2f x $%.3f/kWh); fleet %s/month\n",
		c->onprem_power_kw, r->s->power_kw < 0 ? " TDP" : "", r->s->pue,
		r->s->usd_per_kwh, money(a, sizeof a, c->onprem_usd_per_month));
}

static void
text_cost(FILE *out, const struct report_input *r)
{
	const struct plan_cost *c = &r->p->cost;
	char a[32], b[32], t[32];

	fprintf(out, "\nCost\n");
	if (!c->price_known) {
		if (r->g->no_price[0] != '\0')
			fprintf(out, "  no GPU price: %s; give --gpu-price USD\n", r->g->no_price);
		else
			fprintf(out, "  no GPU price known: give --gpu-price USD\n");
		text_onprem(out, r);
		return;
	}
	fprintf(out, "  GPU-hour     %s (%s%s%s%s%s%s%s)\n", money(a, sizeof a, c->usd_per_gpu_hour),
		c->price_provider, c->price_region[0] ? " " : "", c->price_region,
		kind_unsaid(c) ? ", " : "", kind_unsaid(c) ? c->price_kind : "",
		c->price_instance[0] ? ", " : "", c->price_instance);
	if (c->price_date[0])
		fprintf(out, "               %s, %s%s\n", c->price_date,
			c->price_origin == PRICE_IMPORTED ? "imported from " : "", c->price_source);
	/* the rule, where a rule chose */
	if (c->price_origin == PRICE_IMPORTED && c->price_others > 0)
		fprintf(out, "               rule: newest import, on-demand before spot, cheapest region (of %d)\n",
			c->price_others + 1);
	text_onprem(out, r);
	fprintf(out, "  fleet        %s/hour, %s/month (%.0f h)\n", money(a, sizeof a, c->usd_per_hour),
		money(b, sizeof b, c->usd_per_month), HOURS_PER_MONTH);
	fprintf(out, "  per token    %s per M output tokens at %.0f%% utilization\n",
		money(a, sizeof a, c->usd_per_m_output), r->s->utilization * 100);
	if (c->api_known) {
		fmt_thousands(t, sizeof t, (unsigned long long)llround(c->breakeven_m_tokens_month));
		fprintf(out, "  vs API       %s per M tokens blended (in:out %llu:%llu) vs %s self-hosted\n",
			money(a, sizeof a, c->api_usd_per_m_blended),
			(unsigned long long)r->s->prompt_tokens, (unsigned long long)r->s->output_tokens,
			money(b, sizeof b, c->self_usd_per_m_blended));
		if (r->p->prefill.cached_tokens > 0) {
			fmt_thousands(t, sizeof t, r->p->prefill.cached_tokens);
			fmt_thousands(b, sizeof b, r->s->prompt_tokens);
			fprintf(out, "               %s of the %s prompt tokens cached, at %s per M%s\n",
				t, b, money(a, sizeof a, c->api_usd_per_m_cached),
				c->api_cached_known ? "" : " (the input price: no cached price known)");
			fmt_thousands(t, sizeof t, (unsigned long long)llround(c->breakeven_m_tokens_month));
		}
		fmt_thousands(b, sizeof b, (unsigned long long)llround(c->capacity_m_tokens_month));
		fprintf(out, "  break-even   %s M tokens/month; this fleet serves at most %s M/month%s\n",
			t, b,
			c->breakeven_m_tokens_month > c->capacity_m_tokens_month ?
			": the API is cheaper even at full load" : "");
	}
}

static void
text_report(FILE *out, const struct report_input *r)
{
	const struct plan *p = r->p;
	const struct scenario *s = r->s;
	char a[32], b[32];

	fprintf(out, "%s on %llu x %s (TP %llu, PP %llu, EP %llu, %llu replica%s), %s profile\n",
		r->m->name, (unsigned long long)p->layout.gpus, r->g->name,
		(unsigned long long)p->layout.tp, (unsigned long long)p->layout.pp,
		(unsigned long long)p->layout.ep, (unsigned long long)p->layout.replicas,
		p->layout.replicas == 1 ? "" : "s", engine_id(s->engine));
	fprintf(out, "Workload    %s-token context, batch %llu per replica, prompt %s",
		tokens(a, sizeof a, s->context), (unsigned long long)s->batch,
		tokens(b, sizeof b, s->prompt_tokens));
	fprintf(out, " + output %s tokens\n", tokens(a, sizeof a, s->output_tokens));
	text_model(out, r);
	text_memory(out, r);
	text_speed(out, r);
	text_cost(out, r);
	if (p->n_warnings > 0) {
		fprintf(out, "\nWarnings\n");
		for (int i = 0; i < p->n_warnings; i++)
			fprintf(out, "  %-7s %s [%s]\n", warn_severity_name(p->warnings[i].severity),
				p->warnings[i].message, warn_code_id(p->warnings[i].code));
	}
}

static void
add_num(cJSON *o, const char *k, double v)
{
	cJSON_AddNumberToObject(o, k, isfinite(v) ? v : 0);
}

/* memory.devices: every pipeline stage (llama.cpp: every GPU of the
 * layer split), where per_gpu is only the fullest. */
static void
json_devices(cJSON *o, const struct report_input *r)
{
	struct memory_device d[MODEL_MAX_LAYERS];
	cJSON *a = cJSON_AddArrayToObject(o, "devices");
	uint64_t n = memory_devices(r->s, r->m, r->g, &r->p->layout, d, MODEL_MAX_LAYERS);

	for (uint64_t i = 0; i < n && i < MODEL_MAX_LAYERS; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON *layers = cJSON_AddArrayToObject(e, "layers");

		cJSON_AddItemToArray(layers, cJSON_CreateNumber(d[i].first));
		cJSON_AddItemToArray(layers, cJSON_CreateNumber(d[i].last));
		add_num(e, "weights_bytes", (double)d[i].weights);
		add_num(e, "kv_cache_bytes", (double)d[i].kv_cache);
		add_num(e, "compute_buffer_bytes", (double)d[i].activations);
		add_num(e, "overhead_bytes", (double)d[i].overhead);
		add_num(e, "free_bytes", (double)d[i].free);
		cJSON_AddItemToArray(a, e);
	}
}

/* The JSON document, with the explain lines when asked (caller frees
 * it with cJSON_Delete); NULL when out of memory. */
static cJSON *
json_document(const struct report_input *r, bool explain)
{
	const struct plan *p = r->p;
	const struct plan_memory *mem = &p->mem;
	const struct plan_decode *d = &p->decode;
	const struct scenario *s = r->s;
	cJSON *root = cJSON_CreateObject();
	cJSON *o, *g, *w;
	char buf[SCENARIO_VALUE_LEN];

	if (root == NULL)
		return NULL;
	add_num(root, "format_version", 1);

	o = cJSON_AddObjectToObject(root, "scenario");
	for (size_t i = 0; i < scenario_option_count; i++) {
		scenario_get(s, &scenario_options[i], buf, sizeof buf);
		cJSON_AddStringToObject(o, scenario_options[i].name, buf);
	}

	o = cJSON_AddObjectToObject(root, "layout");
	add_num(o, "gpus", (double)p->layout.gpus);
	add_num(o, "tp", (double)p->layout.tp);
	add_num(o, "pp", (double)p->layout.pp);
	add_num(o, "ep", (double)p->layout.ep);
	add_num(o, "replicas", (double)p->layout.replicas);
	add_num(o, "nodes", (double)p->layout.nodes);
	add_num(o, "node_gpus", (double)p->layout.node_gpus);

	o = cJSON_AddObjectToObject(root, "model");
	cJSON_AddStringToObject(o, "id", r->m->id);
	cJSON_AddStringToObject(o, "name", r->m->name);
	/* the format planned, which scenario.weights "native" resolved to,
	 * and the checkpoint's own */
	cJSON_AddStringToObject(o, "weights_format", weight_format_info(s->weights)->id);
	cJSON_AddStringToObject(o, "native_format",
				weight_format_info((enum weight_format)r->m->native_format)->id);
	/* and the KV dtype, which "native" resolved the same way */
	cJSON_AddStringToObject(o, "kv_dtype", kv_dtype_id(s->kv));
	cJSON_AddStringToObject(o, "native_kv_dtype", kv_dtype_id((enum kv_dtype)r->m->native_kv));
	add_num(o, "total_params", (double)p->counts.total);
	add_num(o, "text_params", (double)p->counts.text_total);
	add_num(o, "active_params", (double)p->counts.active);
	add_num(o, "active_params_no_embedding", (double)p->counts.active_no_embed);
	add_num(o, "layers", r->m->layers);
	add_num(o, "experts", r->m->experts);
	add_num(o, "experts_per_token", r->m->top_k);
	add_num(o, "weight_bytes", (double)p->weight_bytes_model);
	/* as stored: the safetensors index's (or the catalog's) figure,
	 * else the checkpoint's own bits (memory_checkpoint_bytes) */
	add_num(o, "checkpoint_bytes", r->m->checkpoint_bytes > 0 ? (double)r->m->checkpoint_bytes :
		(double)memory_checkpoint_bytes(r->m, &p->counts, s->weights));

	o = cJSON_AddObjectToObject(root, "gpu");
	cJSON_AddStringToObject(o, "id", r->g->id);
	cJSON_AddStringToObject(o, "name", r->g->name);
	cJSON_AddStringToObject(o, "vendor", r->g->vendor);

	o = cJSON_AddObjectToObject(root, "memory");
	g = cJSON_AddObjectToObject(o, "per_gpu");
	add_num(g, "capacity_bytes", (double)mem->capacity);
	add_num(g, "budget_bytes", (double)mem->budget);
	add_num(g, "weights_bytes", (double)mem->weights);
	add_num(g, "kv_cache_bytes", (double)mem->kv_cache);
	add_num(g, "kv_pool_bytes", (double)mem->kv_pool);
	add_num(g, "kv_budget_bytes", (double)mem->kv_budget);
	add_num(g, "activations_bytes", (double)mem->activations);
	add_num(g, "overhead_bytes", (double)mem->overhead);
	add_num(g, "nontorch_bytes", (double)mem->nontorch);
	add_num(g, "cuda_graphs_bytes", (double)mem->graphs);
	if (mem->graph_sizes > 0) {
		cJSON *c = cJSON_AddObjectToObject(g, "cuda_graphs");

		add_num(c, "sizes", mem->graph_sizes);
		add_num(c, "pieces_per_size", mem->graph_pieces);
		add_num(c, "full_graphs", mem->graph_sizes_full);
		cJSON_AddBoolToObject(c, "in_kv_budget", mem->graphs_in_budget);
	}
	add_num(g, "free_bytes", (double)mem->free);
	add_num(g, "kv_per_sequence_bytes", (double)mem->kv_per_seq);
	add_num(g, "kv_shared_prefix_bytes", (double)mem->kv_shared);
	add_num(g, "kv_per_sequence_naive_bytes", (double)mem->kv_per_seq_naive);
	add_num(g, "kv_heads", (double)mem->kv_heads_per_gpu);
	if (p->layout.pp > 1)
		json_devices(o, r);
	cJSON_AddBoolToObject(o, "fits", mem->fits);
	cJSON_AddBoolToObject(o, "hybrid_kv_used", mem->hybrid_used);
	add_num(o, "kv_pool_tokens", (double)mem->kv_pool_tokens);
	if (engine_of(s)->expected_log != NULL) {
		char log[512];
		struct textbuf lb = TEXTBUF(log);

		log[0] = '\0';
		engine_of(s)->expected_log(&lb, s, mem);
		cJSON_AddStringToObject(o, "engine_log", log);
	}
	add_num(o, "max_concurrency", (double)mem->max_concurrency);
	add_num(o, "engine_concurrency", mem->engine_concurrency);
	add_num(o, "max_context", (double)mem->max_context);
	add_num(o, "max_batch_with_headroom", (double)mem->max_batch_headroom);
	add_num(o, "weights_total_bytes", (double)mem->weights_total);

	o = cJSON_AddObjectToObject(root, "decode");
	add_num(o, "tokens_per_s", d->tokens_per_s);
	add_num(o, "tokens_per_s_bound", d->tokens_per_s_bound);
	add_num(o, "sustained_tokens_per_s", p->sustained_tokens_per_s);
	add_num(o, "per_user_tokens_per_s", d->per_user_tokens_per_s);
	add_num(o, "tpot_ms", d->tpot_ms);
	add_num(o, "tpot_bound_ms", d->step_bound_ms);
	add_num(o, "experts_touched_per_layer", d->experts_touched);
	if (p->spec.method != SPEC_OFF) {
		cJSON *sp = cJSON_AddObjectToObject(o, "speculative");
		const struct spec_method_info *mi = spec_method_info(p->spec.method);

		cJSON_AddStringToObject(sp, "method", mi->id);
		add_num(sp, "tokens", (double)p->spec.k);
		add_num(sp, "accept", p->spec.accept);
		cJSON_AddStringToObject(sp, "accept_source", p->spec.accept_default ? mi->source : "given");
		add_num(sp, "tokens_per_step", p->spec.tokens_per_step);
		add_num(sp, "verify_ms", d->spec_verify_ms);
		add_num(sp, "draft_ms", d->spec_draft_ms);
		add_num(sp, "tpot_without_ms", d->base_tpot_ms);
		add_num(sp, "draft_weight_bytes", (double)p->spec.draft_weight_bytes);
		add_num(sp, "draft_kv_bytes_per_token", p->spec.draft_kv_token_bytes);
	} else {
		cJSON_AddNullToObject(o, "speculative");
	}
	if (d->experts_total > 0) {
		const char *b = perf_moe_backend(s);

		if (b != NULL)
			cJSON_AddStringToObject(o, "moe_backend", b);
		else
			cJSON_AddNullToObject(o, "moe_backend");
		cJSON_AddBoolToObject(o, "moe_kernel_measured", d->moe_kernel != NULL);
		add_num(o, "moe_kernel_ms", d->moe_kernel_ms);
		add_num(o, "moe_roofline_ms", d->moe_roofline_ms);
		add_num(o, "routing_skew", d->routing_skew);
	}
	cJSON_AddBoolToObject(o, "gemm_kernel_measured", d->gemm_kernel != NULL);
	add_num(o, "gemm_kernel_ms", d->gemm_kernel_ms);
	add_num(o, "elementwise_ms", d->elementwise_ms);
	add_num(o, "pp_microbatch_seqs", d->pp_microbatch);
	cJSON_AddBoolToObject(o, "allreduce_measured", d->allreduce != NULL);
	add_num(o, "bytes_per_step", (double)d->bytes_per_step);
	add_num(o, "memory_ms", d->t_mem_ms);
	add_num(o, "compute_ms", d->t_compute_ms);
	cJSON_AddBoolToObject(o, "compute_known", compute_known(r));
	add_num(o, "comm_ms", d->t_comm_ms);
	cJSON_AddBoolToObject(o, "memory_bound", d->memory_bound);
	cJSON_AddStringToObject(o, "compute_dtype", compute_dtype_name(d->compute));
	add_num(o, "gemm_ms", d->t_gemm_ms);
	add_num(o, "attention_ms", d->t_attn_ms);
	add_num(o, "gemm_phase_ms", d->gemm_phase_ms);
	add_num(o, "attention_phase_ms", d->attn_phase_ms);
	cJSON_AddStringToObject(o, "attention_dtype", compute_dtype_name(d->attn_compute));
	add_num(o, "eta_gemm", d->eta_gemm);
	add_num(o, "eta_attention", d->eta_attn);
	cJSON_AddStringToObject(o, "matmul_ceiling",
				d->mamf == MAMF_MEASURED ? "measured" :
				d->mamf == MAMF_OTHER_DTYPE ? "other-dtype" : "typical");

	o = cJSON_AddObjectToObject(root, "prefill");
	add_num(o, "ttft_ms", p->prefill.ttft_ms);
	add_num(o, "ttft_bound_ms", p->prefill.ttft_bound_ms);
	add_num(o, "tokens_per_s", p->prefill.tokens_per_s);
	cJSON_AddNumberToObject(o, "cached_tokens", (double)p->prefill.cached_tokens);

	o = cJSON_AddObjectToObject(root, "latency");
	add_num(o, "end_to_end_ms", p->e2e_ms);
	add_num(o, "requests_per_s", p->requests_per_s);

	o = cJSON_AddObjectToObject(root, "cost");
	cJSON_AddBoolToObject(o, "price_known", p->cost.price_known);
	add_num(o, "usd_per_gpu_hour", p->cost.usd_per_gpu_hour);
	add_num(o, "usd_per_hour", p->cost.usd_per_hour);
	add_num(o, "usd_per_month", p->cost.usd_per_month);
	add_num(o, "usd_per_million_output_tokens", p->cost.usd_per_m_output);
	add_num(o, "api_usd_per_million_blended", p->cost.api_usd_per_m_blended);
	add_num(o, "api_usd_per_million_cached_input", p->cost.api_usd_per_m_cached);
	cJSON_AddBoolToObject(o, "api_cached_price_known", p->cost.api_cached_known);
	add_num(o, "self_usd_per_million_blended", p->cost.self_usd_per_m_blended);
	add_num(o, "breakeven_million_tokens_per_month", p->cost.breakeven_m_tokens_month);
	add_num(o, "capacity_million_tokens_per_month", p->cost.capacity_m_tokens_month);
	{
		static const char *const origin[] = {"none", "typed", "config", "imported", "catalog"};
		cJSON *src = cJSON_AddObjectToObject(o, "price_source");

		cJSON_AddStringToObject(src, "origin", origin[p->cost.price_origin]);
		cJSON_AddStringToObject(src, "provider", p->cost.price_provider);
		cJSON_AddStringToObject(src, "region", p->cost.price_region);
		cJSON_AddStringToObject(src, "kind", p->cost.price_kind);
		cJSON_AddStringToObject(src, "instance", p->cost.price_instance);
		cJSON_AddStringToObject(src, "date", p->cost.price_date);
		cJSON_AddStringToObject(src, "source", p->cost.price_source);
		if (p->cost.price_age_days >= 0)
			cJSON_AddNumberToObject(src, "age_days", p->cost.price_age_days);
		else
			cJSON_AddNullToObject(src, "age_days");
	}
	if (p->cost.onprem_known) {
		cJSON *op = cJSON_AddObjectToObject(o, "onprem");

		add_num(op, "usd_per_gpu_hour", p->cost.onprem_usd_per_gpu_hour);
		add_num(op, "capex_usd_per_gpu_hour", p->cost.onprem_capex_per_hour);
		add_num(op, "power_usd_per_gpu_hour", p->cost.onprem_power_per_hour);
		add_num(op, "power_kw", p->cost.onprem_power_kw);
		add_num(op, "usd_per_month", p->cost.onprem_usd_per_month);
	} else {
		cJSON_AddNullToObject(o, "onprem");
	}

	w = cJSON_AddArrayToObject(root, "warnings");
	for (int i = 0; i < p->n_warnings; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "code", warn_code_id(p->warnings[i].code));
		cJSON_AddStringToObject(e, "severity", warn_severity_name(p->warnings[i].severity));
		cJSON_AddStringToObject(e, "message", p->warnings[i].message);
		cJSON_AddItemToArray(w, e);
	}
	if (explain) {
		struct explain x;

		plan_explain(r->s, r->m, r->g, p, &x);
		w = cJSON_AddArrayToObject(root, "explain");
		for (int i = 0; i < x.n; i++)
			cJSON_AddItemToArray(w, cJSON_CreateString(x.line[i].text));
	}
	return root;
}

/* The core's explain lines: text indents them, Markdown keeps them in a
 * code block so their x and * read as written. */
static void
explain_write(FILE *out, const struct report_input *r, bool md)
{
	struct explain x;

	plan_explain(r->s, r->m, r->g, r->p, &x);
	fprintf(out, md ? "\n## Why these numbers\n\n" : "\nWhy these numbers\n");
	for (int i = 0; i < x.n; i++)
		fprintf(out, "%s%s\n", md ? "    " : "  ", x.line[i].text);
}

static void
markdown_report(FILE *out, const struct report_input *r)
{
	const struct plan *p = r->p;
	const struct plan_memory *mem = &p->mem;
	const struct scenario *s = r->s;
	char a[32], b[32], eta[192];

	fprintf(out, "# %s on %llu x %s\n\n", r->m->name, (unsigned long long)p->layout.gpus, r->g->name);
	fprintf(out, "TP %llu, PP %llu, EP %llu, %llu replica%s; %s weights, %s KV; %s profile.  \n",
		(unsigned long long)p->layout.tp, (unsigned long long)p->layout.pp,
		(unsigned long long)p->layout.ep, (unsigned long long)p->layout.replicas,
		p->layout.replicas == 1 ? "" : "s", weight_format_info(s->weights)->label,
		kv_dtype_id(s->kv), engine_id(s->engine));
	fprintf(out, "Context %s tokens, batch %llu per replica, prompt %llu + output %llu tokens.\n\n",
		tokens(a, sizeof a, s->context), (unsigned long long)s->batch,
		(unsigned long long)s->prompt_tokens, (unsigned long long)s->output_tokens);
	fprintf(out, "| Memory per GPU | GiB |\n|---|---:|\n");
	fprintf(out, "| capacity | %.2f |\n| weights | %.2f |\n| KV cache | %.2f |\n", mem->capacity / GIB,
		mem->weights / GIB, mem->kv_cache / GIB);
	fprintf(out, "| activations | %.2f |\n| overhead | %.2f |\n| free | %.2f |\n\n",
		mem->activations / GIB, mem->overhead / GIB, (double)mem->free / GIB);
	fprintf(out, "Fits: **%s**. Max concurrency at this context: %llu. KV pool: %s tokens.\n\n",
		mem->fits ? "yes" : "no", (unsigned long long)mem->max_concurrency,
		tokens(b, sizeof b, mem->kv_pool_tokens));
	fprintf(out, "| Speed | expected | bound |\n|---|---:|---:|\n");
	fprintf(out, "| decode tokens/s | %.0f | %.0f |\n| TPOT ms | %.2f | %.2f |\n| TTFT ms | %.1f | %.1f |\n\n",
		p->decode.tokens_per_s, p->decode.tokens_per_s_bound, p->decode.tpot_ms,
		p->decode.step_bound_ms, p->prefill.ttft_ms, p->prefill.ttft_bound_ms);
	if (p->spec.method != SPEC_OFF)
		fprintf(out, "Speculative decoding: %s, %llu drafted a step at acceptance %.3f, %.2f tokens a step; TPOT %.2f ms, %.2f ms without.\n\n",
			spec_method_info(p->spec.method)->id, (unsigned long long)p->spec.k,
			p->spec.accept, p->spec.tokens_per_step, p->decode.tpot_ms,
			p->decode.base_tpot_ms);
	if (p->cost.price_known) {
		char c[32], gh[32];

		fprintf(out, "| Cost | |\n|---|---:|\n| per GPU-hour | %s |\n| per hour | %s |\n| per month | %s |\n| per M output tokens | %s |\n",
			money(gh, sizeof gh, p->cost.usd_per_gpu_hour),
			money(a, sizeof a, p->cost.usd_per_hour), money(b, sizeof b, p->cost.usd_per_month),
			money(c, sizeof c, p->cost.usd_per_m_output));
		if (p->cost.onprem_known) {
			fprintf(out, "| on-prem per GPU-hour | %s |\n",
				money(a, sizeof a, p->cost.onprem_usd_per_gpu_hour));
			fprintf(out, "| on-prem per month | %s |\n",
				money(a, sizeof a, p->cost.onprem_usd_per_month));
		}
		fprintf(out, "\nPrice: %s%s%s%s%s%s%s.\n\n", p->cost.price_provider,
			p->cost.price_region[0] ? " " : "", p->cost.price_region,
			kind_unsaid(&p->cost) ? ", " : "", kind_unsaid(&p->cost) ? p->cost.price_kind : "",
			p->cost.price_date[0] ? ", " : "", p->cost.price_date);
	} else if (p->cost.onprem_known) {
		fprintf(out, "| Cost | |\n|---|---:|\n| on-prem per GPU-hour | %s |\n| on-prem per month | %s |\n\n",
			money(a, sizeof a, p->cost.onprem_usd_per_gpu_hour),
			money(b, sizeof b, p->cost.onprem_usd_per_month));
	}
	if (p->n_warnings > 0) {
		fprintf(out, "Warnings:\n\n");
		for (int i = 0; i < p->n_warnings; i++)
			fprintf(out, "- **%s** %s (`%s`)\n", warn_severity_name(p->warnings[i].severity),
				p->warnings[i].message, warn_code_id(p->warnings[i].code));
		fprintf(out, "\n");
	}
	if (p->decode.host_bytes_per_step > 0)
		fprintf(out, "Host RAM: %.2f GiB of weights and %.2f GiB of KV; %.2f GB read per decode step at %.1f GB/s (%.2f ms).\n\n",
			mem->host_weights / GIB, mem->host_kv / GIB,
			p->decode.host_bytes_per_step / 1e9, s->host_bw_gbs, p->decode.t_host_ms);
	perf_eta_text(&p->decode, r->g, s->eta_compute, eta, sizeof eta);
	fprintf(out, "Assumptions: %s; bandwidth efficiency %.0f%%; %s.\n",
		engine_of(s)->source, s->eta_bw * 100, eta);
}

int
report_print_json(FILE *out, cJSON *root)
{
	char *text = cJSON_Print(root);

	cJSON_Delete(root);
	if (text == NULL)
		return -1;
	fprintf(out, "%s\n", text);
	cJSON_free(text);
	return 0;
}

static int
write_report(FILE *out, enum report_format f, const struct report_input *r, bool explain)
{
	cJSON *json;

	switch (f) {
	case REPORT_JSON:
		json = json_document(r, explain);
		if (json == NULL || report_print_json(out, json) != 0)
			return -1;
		break;
	case REPORT_MARKDOWN:
		markdown_report(out, r);
		if (explain)
			explain_write(out, r, true);
		break;
	default:
		text_report(out, r);
		if (explain)
			explain_write(out, r, false);
		break;
	}
	return ferror(out) ? -1 : 0;
}

int
report_write(FILE *out, enum report_format f, const struct report_input *r)
{
	return write_report(out, f, r, false);
}

int
report_write_explained(FILE *out, enum report_format f, const struct report_input *r)
{
	return write_report(out, f, r, true);
}
