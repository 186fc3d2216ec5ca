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

#endif
