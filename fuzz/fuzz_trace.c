/* fuzz_trace.c - libFuzzer target: any bytes as a request trace for
 * gpuplan simulate --trace (CSV with a header, or JSON Lines). What it
 * accepts must be arrivals from 0 that never go back and lengths of at
 * least one token, and it must simulate (Llama-3.1-8B on an H100 of the
 * shipped catalog, $GPUPLAN_DATA_DIR, its first 200 requests) to
 * finite figures. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catload.h"
#include "sim.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct catalog cat;
	static struct scenario s;
	static struct plan p;
	static const struct model *m;
	static const struct gpu *g;
	struct sim_trace t;
	struct sim_result r;
	struct gp_error err;

	if (m == NULL) {
		const char *dir = getenv("GPUPLAN_DATA_DIR");

		if (dir == NULL || catalog_load(&cat, dir, &err) != 0)
			abort();
		scenario_default(&s);
		if (scenario_set(&s, "model", "llama-3.1-8b", &err) != 0 ||
		    scenario_set(&s, "gpus", "1", &err) != 0 ||
		    scenario_set(&s, "requests", "200", &err) != 0 ||
		    (m = catalog_model(&cat, s.model)) == NULL ||
		    (g = catalog_gpu(&cat, s.gpu)) == NULL || plan_compute(&s, m, g, &p, &err) != 0)
			abort();
	}
	if (trace_parse("fuzz", (const char *)data, size, &t, &err) != 0)
		return 0;
	for (uint64_t i = 0; i < t.n; i++) {
		if (!isfinite(t.arrival[i]) || t.arrival[i] < 0 || t.prompt[i] < 1 ||
		    t.output[i] < 1 || (i > 0 && t.arrival[i] < t.arrival[i - 1]))
			abort();
	}
	if (sim_run(&s, m, g, &p, &t, &r, &err) == 0 &&
	    (!isfinite(r.ttft_ms.p99) || !isfinite(r.e2e_ms.mean) || !isfinite(r.tpot_ms.mean) ||
	     !isfinite(r.throughput_tokens_per_s) || r.ttft_ms.p50 < 0))
		abort();
	trace_free(&t);
	return 0;
}
