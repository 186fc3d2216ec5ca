/* fuzz_scenfile.c - libFuzzer target: any bytes as a scenario INI file
 * (iniparser reads files, so the input goes through a temp file). A
 * scenario it accepts is planned when the catalog ($GPUPLAN_DATA_DIR)
 * knows its model and GPU; what the plan reports must be finite. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "catload.h"
#include "plan.h"
#include "scenfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog cat;
static int loaded;

static void
plan_it(const struct scenario *s)
{
	const struct model *m = catalog_model(&cat, s->model);
	const struct gpu *g = catalog_gpu(&cat, s->gpu);
	struct plan p;
	struct gp_error err;

	if (m != NULL && g != NULL && plan_compute(s, m, g, &p, &err) == 0 &&
	    (!isfinite(p.decode.tokens_per_s) || !isfinite(p.decode.tpot_ms) ||
	     !isfinite(p.prefill.ttft_ms) || !isfinite(p.cost.usd_per_month)))
		abort();	/* NaN or infinity reached the plan */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/gpuplan-fuzz-XXXXXX";
	int fd = mkstemp(path);
	struct scenario s;
	struct gp_error err;

	if (!loaded) {
		const char *dir = getenv("GPUPLAN_DATA_DIR");

		loaded = catalog_load(&cat, dir ? dir : "data", &err) == 0 ? 1 : -1;
	}
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		scenario_default(&s);
		if (scenfile_load(path, &s, &err) == 0 && loaded == 1)
			plan_it(&s);
	}
	close(fd);
	unlink(path);
	return 0;
}
