/* cost.h - money (doc/planning-model.md section 8). */
#ifndef GPUPLAN_COST_H
#define GPUPLAN_COST_H

#include "plan.h"
#include "price.h"

#define HOURS_PER_MONTH 730.0
/* 365 days: amortization counts calendar hours, busy or idle */
#define HOURS_PER_YEAR 8760.0

/* Blends an input and an output price by the workload's token ratio,
 * the cached of the prompt tokens at the cached-input price. */
double cost_blend(double in, double cached_in, double out, double prompt_tokens,
		  double cached_tokens, double output_tokens);

void cost_compute(const struct scenario *s, const struct model *m,
		  const struct gpu *g, struct plan *p);

/* The prices a scenario plans with: the typed ones, else ("auto") the
 * catalog's GPU price and the model's first API price. The one place
 * "auto" prices are resolved; the plan and the form both use it. */
struct cost_prices {
	double gpu_per_hour;
	bool gpu_known;
	struct price_choice gpu;	/* where gpu_per_hour came from */
	double api_in, api_out;		/* < 0: none */
	double api_cached;		/* cached input: typed, the catalog's,
					 * else api_in (no discount known) */
	bool api_cached_known;		/* typed or published */
	bool api_known;
};

void cost_prices(const struct scenario *s, const struct model *m,
		 const struct gpu *g, struct cost_prices *out);

/* Owning a GPU, per hour: capex spread over years of calendar hours,
 * plus power at the wall (kW x PUE x USD/kWh). capex_h and power_h get
 * the two parts; returns their sum. */
double cost_onprem_hour(double capex_usd, double years, double kw, double pue,
			double usd_per_kwh, double *capex_h, double *power_h);

#endif
