/* simple.c - the rule of thumb: activations 3% and runtime 2% of the
 * weights, all of the GPU usable. Kept to reproduce published sizing
 * tables that use it. */
#include "engine.h"

const struct engine engine_simple = {
	.id = "simple",
	.name = "the simple profile",
	.label = "simple (activations 3% + runtime 2% of weights)",
	.source = "a common rule of thumb, kept so tables built on it can be "
		  "reproduced (doc/planning-model.md section 6)",
	.sizes = {
		.activation_frac = 0.03,
		.overhead_frac = 0.02,
	},
	.kv_dtypes = ~0u,	/* a rule of thumb: any size */
	.kv_block = 1,
	.budget = engine_budget_capacity,
	.explain_pool = engine_explain_pool_capacity,
};
