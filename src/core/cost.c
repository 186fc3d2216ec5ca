/* cost.c - $/hour, $/month, $/M tokens and the API break-even. */
#include "cost.h"

double
cost_blend(double in, double out, double prompt_tokens, double output_tokens)
{
	double n = prompt_tokens + output_tokens;

	return n > 0 ? (in * prompt_tokens + out * output_tokens) / n : 0;
}

void
cost_compute(const struct scenario *s, const struct model *m,
	     const struct gpu *g, struct plan *p)
{
	struct plan_cost *c = &p->cost;
	double in = s->api_in, out = s->api_out;
	double prompt = (double)s->prompt_tokens, output = (double)s->output_tokens;
	double tokens_per_req = prompt + output;
	double served_per_s;	/* input + output tokens, whole fleet */

	c->usd_per_gpu_hour = s->gpu_price >= 0 ? s->gpu_price : g->usd_per_hour;
	c->price_known = s->gpu_price >= 0 || g->usd_per_hour > 0;
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

	if (m->n_api > 0) {
		if (in < 0)
			in = m->api[0].usd_per_m_input;
		if (out < 0)
			out = m->api[0].usd_per_m_output;
	}
	c->api_known = in >= 0 && out >= 0;
	c->api_usd_per_m_blended = c->api_known ? cost_blend(in, out, prompt, output) : 0;
	c->breakeven_m_tokens_month = c->api_usd_per_m_blended > 0 ?
		c->usd_per_month / c->api_usd_per_m_blended : 0;
}
