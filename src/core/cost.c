/* cost.c - $/hour, $/month, $/M tokens and the API break-even. */
#include "cost.h"

double
cost_blend(double in, double out, double prompt_tokens, double output_tokens)
{
	double n = prompt_tokens + output_tokens;

	return n > 0 ? (in * prompt_tokens + out * output_tokens) / n : 0;
}

void
cost_prices(const struct scenario *s, const struct model *m, const struct gpu *g,
	    struct cost_prices *out)
{
	out->gpu_per_hour = s->gpu_price >= 0 ? s->gpu_price : g != NULL ? g->usd_per_hour : 0;
	out->gpu_known = s->gpu_price >= 0 || (g != NULL && g->usd_per_hour > 0);
	out->api_in = s->api_in;
	out->api_out = s->api_out;
	if (m != NULL && m->n_api > 0) {
		if (out->api_in < 0)
			out->api_in = m->api[0].usd_per_m_input;
		if (out->api_out < 0)
			out->api_out = m->api[0].usd_per_m_output;
	}
	out->api_known = out->api_in >= 0 && out->api_out >= 0;
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
		cost_blend(pr.api_in, pr.api_out, prompt, output) : 0;
	c->breakeven_m_tokens_month = c->api_usd_per_m_blended > 0 ?
		c->usd_per_month / c->api_usd_per_m_blended : 0;
}
