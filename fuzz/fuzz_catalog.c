/* fuzz_catalog.c - libFuzzer target: any bytes as models.json and as
 * gpus.json. Each accepted model is planned once on a fixed GPU, and
 * what it reports must not be NaN or infinite; each accepted GPU plans
 * a fixed model. A load of one entry alone, as `gpuplan plan` makes,
 * must build it exactly as the load of every entry did. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catload.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file holds models or GPUs, never both: the other half is these. */
static const char fixed[] =
	"{\"format\": \"gpuplan-models\", \"version\": 1, \"models\": [{\"id\": \"m\","
	" \"name\": \"m\", \"config\": {\"hidden_size\": 64, \"intermediate_size\": 128,"
	" \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2,"
	" \"head_dim\": 16, \"vocab_size\": 100}}]}";
static const char fixed_gpu[] =
	"{\"format\": \"gpuplan-gpus\", \"version\": 1, \"gpus\": [{\"id\": \"g\","
	" \"name\": \"g\", \"memory_gb\": 80, \"bandwidth_tbs\": 3,"
	" \"tflops_dense\": {\"bf16\": 900}}]}";

static void
check_plans(const struct catalog *c)
{
	for (size_t i = 0; i < c->n_models; i++) {
		for (size_t k = 0; k < c->n_gpus; k++) {
			struct scenario s;
			struct plan p;
			struct gp_error err;

			scenario_default(&s);
			s.tp = 1;
			if (plan_compute(&s, &c->models[i], &c->gpus[k], &p, &err) == 0 &&
			    (!isfinite(p.decode.tokens_per_s) || !isfinite(p.decode.tpot_ms) ||
			     !isfinite(p.prefill.ttft_ms) || !isfinite(p.cost.usd_per_month)))
				abort();	/* NaN or infinity reached the plan */
		}
	}
}

/* The first entry read alone comes out as it did read with the rest. */
static void
check_one(const struct catalog *all, const char *text, size_t size, bool gpus)
{
	struct catalog one = {0};
	struct gp_error err;
	int rc;

	if (gpus ? all->n_gpus == 0 : all->n_models == 0)
		return;
	if (gpus) {
		snprintf(one.want_gpu, sizeof one.want_gpu, "%s", all->gpus[0].id);
		rc = catalog_parse_gpus(&one, text, size, "fuzz.json", &err);
	} else {
		snprintf(one.want_model, sizeof one.want_model, "%s", all->models[0].id);
		rc = catalog_parse_models(&one, text, size, "fuzz.json", &err);
	}
	if (rc != 0 || (gpus ? one.n_gpus : one.n_models) != 1 ||
	    (gpus ? memcmp(&one.gpus[0], &all->gpus[0], sizeof one.gpus[0])
		  : memcmp(&one.models[0], &all->models[0], sizeof one.models[0])) != 0)
		abort();
	catalog_free(&one);
}

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
	if (catalog_parse_models(&c, text, size, "fuzz.json", &err) == 0) {
		check_one(&c, text, size, false);
		if (catalog_parse_gpus(&c, fixed_gpu, sizeof fixed_gpu - 1, "gpu.json", &err) == 0)
			check_plans(&c);
	}
	catalog_free(&c);
	if (catalog_parse_gpus(&c, text, size, "fuzz.json", &err) == 0) {
		check_one(&c, text, size, true);
		if (catalog_parse_models(&c, fixed, sizeof fixed - 1, "model.json", &err) == 0)
			check_plans(&c);
	}
	catalog_free(&c);
	free(text);
	return 0;
}
