/* plan.c - plan_compute() and the warnings a user must see
 * (doc/planning-model.md section 9). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cost.h"
#include "engine.h"
#include "fmt.h"
#include "memory.h"
#include "perf.h"
#include "plan.h"
#include "price.h"

/* The KV cache "crowds out" the headroom once it takes this share of
 * the pool the weights leave; a batch "saturates" the experts once it
 * touches this share of them per step (doc/planning-model.md section 9). */
#define PLAN_KV_CROWDED 0.80
#define PLAN_EXPERTS_SATURATED 0.9


static const char *const warn_ids[W_COUNT] = {
	[W_DOES_NOT_FIT] = "does-not-fit",
	[W_ENGINE_REFUSES] = "engine-refuses-context",
	[W_LOW_HEADROOM] = "low-headroom",
	[W_KV_CROWDS_OUT] = "kv-crowds-out-headroom",
	[W_MOE_AS_DENSE] = "moe-sized-as-dense",
	[W_TP_BEYOND_KV_HEADS] = "tp-beyond-kv-heads",
	[W_TP_BEYOND_NODE] = "tp-beyond-node",
	[W_TP_SPLIT] = "tp-uneven-split",
	[W_EP_SPLIT] = "ep-uneven-split",
	[W_NO_FP8] = "no-fast-path-for-format",
	[W_CONTEXT_ABOVE_MAX] = "context-above-model-max",
	[W_EXPERTS_SATURATED] = "batch-touches-most-experts",
	[W_NO_PRICE] = "no-gpu-price",
	[W_HYBRID_KV_OFF] = "hybrid-kv-off",
	[W_UNKNOWN_FLOPS] = "unknown-flops",
	[W_REQUEST_ABOVE_CONTEXT] = "request-above-context",
	[W_KV_DTYPE] = "kv-dtype-not-in-engine",
	[W_QUANT_CONFIG] = "quant-config-unread",
	[W_QUANT_FROM_CHECKPOINT] = "weights-from-checkpoint",
	[W_STALE_PRICE] = "stale-price",
	[W_PRICE_UNMATCHED] = "no-price-from-provider",
	[W_SYSTEM_PROMPT_LONG] = "system-prompt-above-prompt",
};

const char *
warn_code_id(enum warn_code c)
{
	return (unsigned)c < W_COUNT ? warn_ids[c] : "?";
}

const char *
warn_severity_name(enum warn_severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

void
plan_warn(struct plan *p, enum warn_code code, enum warn_severity sev,
     const char *fmt, ...)
{
	struct warning *w;
	va_list ap;

	if (p->n_warnings >= PLAN_MAX_WARNINGS)
		return;
	w = &p->warnings[p->n_warnings++];
	w->code = code;
	w->severity = sev;
	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
}

static int
by_severity(const void *a, const void *b)
{
	const struct warning *x = a, *y = b;

	if (x->severity != y->severity)
		return (int)x->severity - (int)y->severity;
	return (int)x->code - (int)y->code;
}

static bool
low_headroom(const struct plan_memory *mem)
{
	return (double)mem->free < PLAN_HEADROOM * (double)mem->capacity;
}

static bool
kv_crowded(const struct plan_memory *mem)
{
	return mem->kv_pool > 0 && (double)mem->kv_cache >= PLAN_KV_CROWDED * (double)mem->kv_pool;
}

/* Which limit a plan that does not fit breaks, and by how much: the
 * engine's budget rule says where what comes before any KV must fit
 * (the whole GPU for TensorRT-LLM). One place decides, so the warning
 * and the screen's fit line cannot name different limits. */
static void
memory_limit(struct plan_memory *mem)
{
	uint64_t need = mem->before_kv, room = mem->room;

	mem->broken = ML_NONE;
	mem->short_by = 0;
	mem->tight = mem->fits && (low_headroom(mem) || kv_crowded(mem));
	if (mem->fits)
		return;
	if (need > room || (mem->kv_pool == 0 && need >= room)) {
		mem->broken = ML_BEFORE_KV;
		mem->short_by = need > room ? need - room : 0;
	} else if (mem->outside_budget > 0 && mem->outside_budget > mem->capacity - mem->budget) {
		mem->broken = ML_OUTSIDE;
		mem->short_by = mem->outside_budget - (mem->capacity - mem->budget);
	} else {
		mem->broken = ML_KV_POOL;
		mem->short_by = mem->kv_cache > mem->kv_pool ? mem->kv_cache - mem->kv_pool :
				mem->kv_per_seq > mem->kv_pool ? mem->kv_per_seq - mem->kv_pool : 0;
	}
}

static void
memory_warnings(const struct scenario *s, const struct model *m, const struct gpu *g,
		const struct stage *st,
		const struct plan_memory *mem, struct plan *p)
{
	const struct engine *e = engine_of(s);

	if (mem->broken == ML_BEFORE_KV)
		plan_warn(p, W_DOES_NOT_FIT, SEV_ERROR,
		          "Does not fit: weights, activations and overhead need %.1f GiB per GPU, the engine may use %.1f GiB (short by %.1f GiB)",
		          mem->before_kv / GIB, mem->room / GIB, mem->short_by / GIB);
	else if (mem->broken == ML_OUTSIDE)
		plan_warn(p, W_DOES_NOT_FIT, SEV_ERROR,
		          "Does not fit: %s need %.1f GiB outside the %.0f%% budget, %.1f GiB is left there",
		          e->outside_what ? e->outside_what : "what the engine keeps outside its budget",
		          mem->outside_budget / GIB, mem->engine_fraction * 100,
		          (mem->capacity - mem->budget) / GIB);
	else if (mem->broken == ML_KV_POOL)
		plan_warn(p, W_DOES_NOT_FIT, SEV_ERROR,
		          "Does not fit: %llu sequences of %llu tokens need %.1f GiB of KV per GPU, the engine has %.1f GiB left for KV (short by %.1f GiB; at most %llu sequences)",
		          (unsigned long long)s->batch, (unsigned long long)s->context,
		          mem->kv_cache / GIB, mem->kv_pool / GIB, mem->short_by / GIB,
		          (unsigned long long)mem->max_concurrency);
	if (e->warnings != NULL)
		e->warnings(s, mem, p);
	if (!(e->kv_dtypes & (1u << s->kv)))
		plan_warn(p, W_KV_DTYPE, SEV_WARNING,
		          "%s has no %s KV cache: it would refuse to start; planned at %g bytes per element anyway",
		          e->name, kv_dtype_id(s->kv), kv_dtype_bytes(s->kv));
	if (mem->fits && low_headroom(mem))
		plan_warn(p, W_LOW_HEADROOM, SEV_WARNING,
		          "Headroom is %.1f GiB, under %.0f%% of the GPU's %.1f GiB",
		          (double)mem->free / GIB, PLAN_HEADROOM * 100, mem->capacity / GIB);
	if (mem->fits && kv_crowded(mem))
		plan_warn(p, W_KV_CROWDS_OUT, SEV_WARNING,
		          "KV cache takes %.0f%% of what the weights leave: at %llu tokens at most %llu sequences fit per replica",
		          100.0 * (double)mem->kv_cache / (double)mem->kv_pool,
		          (unsigned long long)s->context,
		          (unsigned long long)mem->max_concurrency);
	if (!s->hybrid_kv && mem->kv_per_seq_naive > 0) {
		/* the same engine with its hybrid manager on, same stage */
		struct kv_policy pol;
		uint64_t hybrid;

		memory_kv_policy(s, g, &p->layout, &pol);
		pol.hybrid = true;
		hybrid = kv_seq_bytes(m, st->kinds, s->context, &pol);
		if (st->kinds[ATTN_SLIDING] + st->kinds[ATTN_CHUNKED] > 0 && hybrid < mem->kv_per_seq)
			plan_warn(p, W_HYBRID_KV_OFF, SEV_INFO,
			          "KV sized with every layer keeping the full context (hybrid KV off); with it a sequence needs %.2f GiB instead of %.2f GiB per GPU",
			          hybrid / GIB, mem->kv_per_seq / GIB);
	}
	if (s->prompt_tokens + s->output_tokens > s->context)
		plan_warn(p, W_REQUEST_ABOVE_CONTEXT, SEV_WARNING,
		          "A request of %llu prompt + %llu output tokens is longer than the %llu-token context: engines reject it",
		          (unsigned long long)s->prompt_tokens, (unsigned long long)s->output_tokens,
		          (unsigned long long)s->context);
	if (s->system_prompt_tokens > 0 && s->system_prompt_tokens >= s->prompt_tokens)
		plan_warn(p, W_SYSTEM_PROMPT_LONG, SEV_WARNING,
		          "The %llu-token system prompt is not shorter than the %llu-token prompt: %llu tokens of it counted cached, the last computed",
		          (unsigned long long)s->system_prompt_tokens,
		          (unsigned long long)s->prompt_tokens,
		          (unsigned long long)p->prefill.cached_tokens);
}

static void
layout_warnings(const struct scenario *s, const struct model *m,
		const struct gpu *g, struct plan *p)
{
	uint64_t tp = p->layout.tp;
	/* Gemma 4's full layers may have fewer KV heads than the rest */
	uint32_t kvh = model_kv_heads(m, ATTN_FULL) < m->kv_heads && p->mem.kinds[ATTN_FULL] > 0 ?
		       model_kv_heads(m, ATTN_FULL) : m->kv_heads;

	if (m->kv_lora_rank == 0 && tp > kvh)
		plan_warn(p, W_TP_BEYOND_KV_HEADS, SEV_WARNING,
		          "TP %llu exceeds the %u KV heads%s: each GPU keeps a full KV head, replicated %llux, so KV per GPU stops shrinking",
		          (unsigned long long)tp, kvh, kvh != m->kv_heads ? " of the full layers" : "",
		          (unsigned long long)(tp / kvh));
	if (g->gpus_per_node > 0 && tp > g->gpus_per_node)
		plan_warn(p, W_TP_BEYOND_NODE, SEV_WARNING,
		          "TP %llu spans more than the %u GPUs of one %s node: all-reduces leave the fast link (use PP across nodes)",
		          (unsigned long long)tp, g->gpus_per_node, g->name);
	if (m->heads % tp != 0 ||
	    (m->kv_lora_rank == 0 && (tp <= m->kv_heads ? m->kv_heads % tp : tp % m->kv_heads) != 0))
		plan_warn(p, W_TP_SPLIT, SEV_WARNING,
		          "TP %llu does not divide the %u attention heads and %u KV heads evenly; engines refuse or pad",
		          (unsigned long long)tp, m->heads, m->kv_heads);
	if (m->experts > 0 && p->layout.ep > 1 && m->experts % p->layout.ep != 0)
		plan_warn(p, W_EP_SPLIT, SEV_WARNING,
		          "EP %llu does not divide the %u experts evenly",
		          (unsigned long long)p->layout.ep, m->experts);
	if (s->context > m->max_context && m->max_context > 0)
		plan_warn(p, W_CONTEXT_ABOVE_MAX, SEV_WARNING,
		          "Context %llu is above the model's maximum of %llu tokens",
		          (unsigned long long)s->context, (unsigned long long)m->max_context);
}

/* Rental prices move within weeks (issue 17): a dated one past
 * PRICE_STALE_DAYS is named with its date. */
static void
price_warnings(const struct scenario *s, struct plan *p)
{
	const struct plan_cost *c = &p->cost;

	if (c->price_unmatched)
		plan_warn(p, W_PRICE_UNMATCHED, SEV_INFO,
		          "No imported price for %s%s%s%s%s: %s (gpuplan prices lists them)",
		          s->gpu, s->provider[0] ? " from " : "", s->provider,
		          s->region[0] ? " in " : "", s->region,
		          c->price_known ? "the catalog's is used" : "the catalog has none either");
	if (c->price_known && c->price_age_days > PRICE_STALE_DAYS)
		plan_warn(p, W_STALE_PRICE, SEV_INFO,
		          "GPU price (%.40s) dated %s, %d days old: gpuplan prices import a current one, or give --gpu-price",
		          c->price_provider, c->price_date, c->price_age_days);
}

static void
speed_warnings(const struct scenario *s, const struct model *m,
	       const struct gpu *g, struct plan *p)
{
	enum compute_dtype want = weight_format_info(s->weights)->compute;
	const struct plan_decode *d = &p->decode;

	if (m->experts > 0 && !s->moe) {
		struct model_counts real;

		model_count(m, &real);
		plan_warn(p, W_MOE_AS_DENSE, SEV_WARNING,
		          "MoE sized as dense: every step reads and multiplies all %u experts, so speed is up to %.1fx too pessimistic",
		          m->experts, (double)real.text_total / (double)real.active);
	}
	if (g->tflops[want] <= 0 && want != CD_BF16 && want != CD_FP16 &&
	    g->tflops[d->compute] > 0)
		plan_warn(p, W_NO_FP8, SEV_WARNING,
		          "%s has no %s tensor cores: %s weights are dequantized to %s, so they save memory and bandwidth but not compute",
		          g->name, compute_dtype_name(want),
		          weight_format_info(s->weights)->label,
		          compute_dtype_name(d->compute));
	if (m->experts > 0 && s->moe && d->experts_touched >= PLAN_EXPERTS_SATURATED * m->experts)
		plan_warn(p, W_EXPERTS_SATURATED, SEV_INFO,
		          "A batch of %llu touches %.1f of %u experts per MoE layer: each decode step reads nearly the whole model, not just the active parameters",
		          (unsigned long long)s->batch, d->experts_touched, m->experts);
	if (g->tflops[d->compute] <= 0)
		plan_warn(p, W_UNKNOWN_FLOPS, SEV_INFO,
		          "%s has no published dense throughput: compute time is left out, speed is a memory-bandwidth bound",
		          g->name);
	if (!p->cost.price_known && g->no_price[0] != '\0')
		plan_warn(p, W_NO_PRICE, SEV_INFO,
		          "No price for %s: %s; give one with --gpu-price", g->name, g->no_price);
	else if (!p->cost.price_known)
		plan_warn(p, W_NO_PRICE, SEV_INFO,
		          "No price for %s: give one with --gpu-price", g->name);
	price_warnings(s, p);
}

int
plan_compute(const struct scenario *s, const struct model *m,
	     const struct gpu *g, struct plan *p, struct gp_error *err)
{
	struct stage stages[MODEL_MAX_LAYERS];
	struct model_counts real;
	uint64_t worst;

	memset(p, 0, sizeof *p);
	if (scenario_layout(s, g != NULL ? g->gpus_per_node : 0, &p->layout, err) != 0)
		return -1;
	if (engine_of(s)->releases != NULL && engine_release(engine_of(s), s) < 0)
		return gp_error_set(err, "--engine-version %s: older than %s %s, the oldest release modelled",
				    s->engine_version, engine_of(s)->name, engine_of(s)->releases[0]);
	if (engine_of(s)->layout != NULL && engine_of(s)->layout(s, m, &p->layout)) {
		if (p->layout.pp > m->layers)
			return gp_error_set(err, "%llu GPUs split by layers exceed the model's %u layers",
					    (unsigned long long)p->layout.pp, m->layers);
		if (p->layout.pp > LAYOUT_MAX_CUTS)
			return gp_error_set(err, "%llu GPUs split by layers: %s takes at most %d devices",
					    (unsigned long long)p->layout.pp, engine_of(s)->name,
					    LAYOUT_MAX_CUTS);
	}
	if (p->layout.pp > m->layers)
		return gp_error_set(err, "--pp %llu exceeds the model's %u layers",
				    (unsigned long long)p->layout.pp, m->layers);
	if (g->runtime_bytes == 0 || g->bandwidth_tbs <= 0)
		return gp_error_set(err, "GPU %s has no memory size or bandwidth", g->id);

	model_count(m, &real);
	p->counts = real;
	if (m->experts > 0 && !s->moe) {
		p->counts.active = real.text_total;
		p->counts.active_no_embed = real.text_total - real.group[PG_EMBED];
	}
	p->weight_bytes_model = memory_model_bytes(m, &real, s->weights);
	for (uint64_t i = 0; i < p->layout.pp; i++) {
		memory_stage(m, &real, s->weights, &p->layout, i, &stages[i]);
		memory_offload(s, m, g, &p->layout, s->weights, &stages[i]);
	}

	/* the draft runs on the last stage, beside the head */
	{
		struct stage *last = &stages[p->layout.pp - 1];

		if (spec_resolve(s, m, s->draft_model, g, &p->layout,
				 perf_experts_touched(m->experts, s->moe ? m->top_k : m->experts,
						      (double)s->batch),
				 &p->spec, err) != 0)
			return -1;
		last->weight_bytes += p->spec.draft_weight_bytes;
		last->draft_kv_token_bytes = p->spec.draft_kv_token_bytes;
	}
	worst = memory_compute(s, m, g, &p->layout, stages, &p->mem);
	perf_compute(s, m, g, &p->layout, stages, p);
	cost_compute(s, m, g, p);

	if (m->quant_note[0] != '\0')
		plan_warn(p, W_QUANT_CONFIG, SEV_WARNING, "%s", m->quant_note);
	/* never silently: the checkpoint's own rule beats another
	 * --weights */
	if (m->quant_exact && (int)s->weights != m->quant_format)
		plan_warn(p, W_QUANT_FROM_CHECKPOINT, SEV_INFO,
		          "Weights sized as the GGUF file stores them, tensor by tensor; --weights %s does not apply to them",
		          weight_format_info(s->weights)->id);
	else if (m->quant && !m->quant_native_only &&
		 weight_format_info(s->weights)->gguf == GT_NONE &&
		 (int)s->weights != m->quant_format)
		plan_warn(p, W_QUANT_FROM_CHECKPOINT, SEV_INFO,
		          "Weights sized as the checkpoint stores them, from its quantization config; --weights %s does not apply to them",
		          weight_format_info(s->weights)->id);
	memory_limit(&p->mem);
	memory_warnings(s, m, g, &stages[worst], &p->mem, p);
	layout_warnings(s, m, g, p);
	speed_warnings(s, m, g, p);
	qsort(p->warnings, (size_t)p->n_warnings, sizeof p->warnings[0], by_severity);
	return 0;
}
