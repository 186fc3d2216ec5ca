/* cost.h - money (doc/planning-model.md section 8). */
#ifndef GPUPLAN_COST_H
#define GPUPLAN_COST_H

#include "plan.h"

#define HOURS_PER_MONTH 730.0

/* Blends an input and an output price by the workload's token ratio. */
double cost_blend(double in, double out, double prompt_tokens,
		  double output_tokens);

void cost_compute(const struct scenario *s, const struct model *m,
		  const struct gpu *g, struct plan *p);

/* The prices a scenario plans with: the typed ones, else ("auto") the
 * catalog's GPU price and the model's first API price. The one place
 * "auto" prices are resolved; the plan and the form both use it. */
struct cost_prices {
	double gpu_per_hour;
	bool gpu_known;
	double api_in, api_out;		/* < 0: none */
	bool api_known;
};

void cost_prices(const struct scenario *s, const struct model *m,
		 const struct gpu *g, struct cost_prices *out);

#endif
