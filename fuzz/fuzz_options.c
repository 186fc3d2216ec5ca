/* fuzz_options.c - libFuzzer target: the option value parser. The
 * first byte picks an option of the table, the rest is its value;
 * whatever is accepted must plan without crashing or producing NaN or
 * infinity. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catload.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog cat;
static int loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[512];
	struct scenario s;
	struct plan p;
	struct gp_error err;
	const struct model *m;
	const struct gpu *g;

	if (!loaded) {
		const char *dir = getenv("GPUPLAN_DATA_DIR");

		loaded = catalog_load(&cat, dir ? dir : "data", &err) == 0 ? 1 : -1;
	}
	if (size == 0 || size >= sizeof buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	scenario_default(&s);
	scenario_set(&s, scenario_options[(unsigned char)buf[0] % scenario_option_count].name,
		     buf + 1, &err);
	if (loaded != 1)
		return 0;
	m = catalog_model(&cat, s.model);
	g = catalog_gpu(&cat, s.gpu);
	if (m != NULL && g != NULL && plan_compute(&s, m, g, &p, &err) == 0 &&
	    (!isfinite(p.decode.tokens_per_s) || !isfinite(p.decode.tpot_ms) ||
	     !isfinite(p.prefill.ttft_ms) || !isfinite(p.sustained_tokens_per_s) ||
	     !isfinite(p.cost.usd_per_month)))
		abort();	/* NaN or infinity reached the plan */
	return 0;
}
