/* fuzz_catalog.c - libFuzzer target: any bytes as models.json and as
 * gpus.json; each accepted model is planned once, and what it reports
 * must not be NaN or infinite. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catload.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog c = {0};
	struct gp_error err;
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	catalog_parse_models(&c, text, size, "fuzz.json", &err);
	catalog_parse_gpus(&c, text, size, "fuzz.json", &err);
	for (size_t i = 0; i < c.n_models && c.n_gpus > 0; i++) {
		struct scenario s;
		struct plan p;

		scenario_default(&s);
		s.tp = 1;
		if (plan_compute(&s, &c.models[i], &c.gpus[0], &p, &err) == 0 &&
		    (!isfinite(p.decode.tokens_per_s) || !isfinite(p.decode.tpot_ms) ||
		     !isfinite(p.prefill.ttft_ms) || !isfinite(p.cost.usd_per_month)))
			abort();	/* NaN or infinity reached the plan */
	}
	catalog_free(&c);
	free(text);
	return 0;
}
