/* fuzz_hfconfig.c - libFuzzer target: any bytes as a Hugging Face
 * config.json read from disk (hfimport_load: the size limit, the JSON
 * parse, the field rules of every family). A model it accepts is
 * planned on one GPU of the catalog at one and at eight GPUs; what it
 * reports must not be NaN or infinite. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catload.h"
#include "hfconfig.h"
#include "hfimport.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog cat;
static int loaded;
static char dir[] = "/tmp/gpuplan-fuzz-hf-XXXXXX";
static char path[sizeof dir + 16];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

static void
check(const struct model *m, uint64_t tp)
{
	const struct gpu *g = catalog_gpu(&cat, "h100-sxm");
	struct scenario s;
	struct plan p;
	struct gp_error err;

	if (g == NULL)
		g = &cat.gpus[0];
	scenario_default(&s);
	snprintf(s.gpu, sizeof s.gpu, "%s", g->id);
	s.tp = tp;
	s.gpus = tp;
	if (plan_compute(&s, m, g, &p, &err) != 0)
		return;
	if (!isfinite(p.decode.tokens_per_s) || !isfinite(p.decode.tpot_ms) ||
	    !isfinite(p.prefill.ttft_ms) || !isfinite(p.cost.usd_per_month) ||
	    !isfinite(p.sustained_tokens_per_s))
		abort();	/* NaN or infinity reached the plan */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct hf_import info;
	struct gp_error err;
	FILE *f;

	if (!loaded) {
		const char *d = getenv("GPUPLAN_DATA_DIR");

		loaded = catalog_load(&cat, d ? d : "data", &err) == 0 && cat.n_gpus > 0 ? 1 : -1;
		if (mkdtemp(dir) == NULL)
			loaded = -1;
		snprintf(path, sizeof path, "%s/config.json", dir);
		atexit(cleanup);
	}
	if (loaded != 1)
		return 0;
	f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	if ((fwrite(data, 1, size, f) == size) + (fclose(f) == 0) == 2) {
		memset(&m, 0, sizeof m);
		if (hfimport_load(path, &m, &info, &err) == 0) {
			check(&m, 1);
			check(&m, 8);
		}
	}
	unlink(path);
	return 0;
}
