/* cost.c - $/hour, $/month, $/M tokens and the API break-even. */
#include <stdio.h>

#include "cost.h"

double
cost_blend(double in, double cached_in, double out, double prompt_tokens,
	   double cached_tokens, double output_tokens)
{
	double n = prompt_tokens + output_tokens;

	return n > 0 ? (in * (prompt_tokens - cached_tokens) + cached_in * cached_tokens +
			out * output_tokens) / n : 0;
}

void
cost_prices(const struct scenario *s, const struct model *m, const struct gpu *g,
	    struct cost_prices *out)
{
	price_select(g, s->gpu_price, s->provider, s->region, &out->gpu);
	out->gpu_per_hour = out->gpu.usd_per_hour;
	out->gpu_known = out->gpu.origin != PRICE_NONE;
	out->api_in = s->api_in;
	out->api_out = s->api_out;
	out->api_cached = s->api_cached;
	if (m != NULL && m->n_api > 0) {
		if (out->api_in < 0)
			out->api_in = m->api[0].usd_per_m_input;
		if (out->api_out < 0)
			out->api_out = m->api[0].usd_per_m_output;
		if (out->api_cached < 0)
			out->api_cached = m->api[0].usd_per_m_cached_input;
	}
	out->api_known = out->api_in >= 0 && out->api_out >= 0;
	out->api_cached_known = out->api_cached >= 0;
	if (!out->api_cached_known)
		out->api_cached = out->api_in;
}

double
cost_onprem_hour(double capex_usd, double years, double kw, double pue, double usd_per_kwh,
		 double *capex_h, double *power_h)
{
	*capex_h = years > 0 ? capex_usd / (years * HOURS_PER_YEAR) : 0;
	*power_h = kw * pue * usd_per_kwh;
	return *capex_h + *power_h;
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static void
cost_source(const struct price_choice *pc, struct plan_cost *c)
{
	c->price_origin = pc->origin;
	COPY(c->price_provider, pc->provider);
	COPY(c->price_region, pc->region);
	COPY(c->price_kind, pc->kind);
	COPY(c->price_instance, pc->instance);
	COPY(c->price_date, pc->date);
	COPY(c->price_source, pc->source);
	c->price_age_days = pc->age_days;
	c->price_unmatched = pc->unmatched;
	c->price_others = pc->others;
}

/* Only with a capex: power alone is not what owning a GPU costs. The
 * power draw, unless typed, is the GPU's TDP (gpus.json tdp_w). */
static void
cost_onprem(const struct scenario *s, const struct gpu *g, const struct layout *l,
	    struct plan_cost *c)
{
	if (s->gpu_capex <= 0)
		return;
	c->onprem_power_kw = s->power_kw >= 0 ? s->power_kw : g != NULL ? g->tdp_w / 1e3 : 0;
	c->onprem_usd_per_gpu_hour = cost_onprem_hour(s->gpu_capex, s->amortize_years,
						      c->onprem_power_kw, s->pue, s->usd_per_kwh,
						      &c->onprem_capex_per_hour,
						      &c->onprem_power_per_hour);
	c->onprem_usd_per_month = c->onprem_usd_per_gpu_hour * (double)l->gpus * HOURS_PER_MONTH;
	c->onprem_known = true;
}

void
cost_compute(const struct scenario *s, const struct model *m,
	     const struct gpu *g, struct plan *p)
{
	struct plan_cost *c = &p->cost;
	struct cost_prices pr;
	double prompt = (double)s->prompt_tokens, output = (double)s->output_tokens;
	double tokens_per_req = prompt + output;
	double served_per_s;	/* input + output tokens, whole fleet */

	cost_prices(s, m, g, &pr);
	c->usd_per_gpu_hour = pr.gpu_per_hour;
	c->price_known = pr.gpu_known;
	cost_source(&pr.gpu, c);
	cost_onprem(s, g, &p->layout, c);
	c->usd_per_hour = (double)p->layout.gpus * c->usd_per_gpu_hour;
	c->usd_per_month = c->usd_per_hour * HOURS_PER_MONTH;
	/* paid for prefill time too: at the sustained rate */
	c->usd_per_m_output = p->sustained_tokens_per_s > 0 ?
		c->usd_per_hour / (p->sustained_tokens_per_s * 3600 * s->utilization / 1e6) : 0;

	/* Each request is prompt + output tokens; requests finish at the
	 * decode rate, so the fleet serves this many tokens per second. */
	served_per_s = p->requests_per_s * tokens_per_req;
	c->capacity_m_tokens_month = served_per_s * 3600 * HOURS_PER_MONTH / 1e6;
	c->self_usd_per_m_blended = served_per_s > 0 ?
		c->usd_per_hour / (served_per_s * 3600 * s->utilization / 1e6) : 0;

	c->api_known = pr.api_known;
	c->api_usd_per_m_blended = c->api_known ?
		cost_blend(pr.api_in, pr.api_cached, pr.api_out, prompt,
			   (double)p->prefill.cached_tokens, output) : 0;
	c->api_usd_per_m_input = pr.api_in;
	c->api_usd_per_m_output = pr.api_out;
	c->api_usd_per_m_cached = pr.api_cached;
	c->api_cached_known = pr.api_cached_known;
	c->breakeven_m_tokens_month = c->api_usd_per_m_blended > 0 ?
		c->usd_per_month / c->api_usd_per_m_blended : 0;
}
