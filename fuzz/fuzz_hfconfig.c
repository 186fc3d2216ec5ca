/* fuzz_hfconfig.c - libFuzzer target: any bytes as a Hugging Face
 * checkpoint folder read from disk (hfimport_load: the size limits, the
 * JSON parse, the field rules of every family, the safetensors index and
 * ModelOpt's quantization file). The input is split at SEP into
 * config.json, model.safetensors.index.json and hf_quant_config.json; a
 * file with no part is absent. A model it accepts is planned on one GPU
 * of the catalog at one and at eight GPUs; what it reports must not be
 * NaN or infinite. */
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
#define SEP "\n--gpuplan-fuzz-file--\n"	/* fuzz/run.sh joins seeds with it */
static const char *const names[] = {
	"config.json", "model.safetensors.index.json", "hf_quant_config.json",
};
#define N_FILES (sizeof names / sizeof names[0])
static char dir[] = "/tmp/gpuplan-fuzz-hf-XXXXXX";
static char paths[N_FILES][sizeof dir + 32];

static void
remove_files(void)
{
	for (size_t i = 0; i < N_FILES; i++)
		unlink(paths[i]);
}

static void
cleanup(void)
{
	remove_files();
	rmdir(dir);
}

static int
write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	return (fwrite(data, 1, size, f) == size) + (fclose(f) == 0) == 2 ? 0 : -1;
}

/* The length of the part of data from at to SEP or the end; 0 when
 * none is left. */
static int
next_part(const uint8_t *data, size_t size, size_t at, size_t *len)
{
	const size_t sep = sizeof SEP - 1;

	if (at > size)
		return 0;
	for (size_t i = at; i + sep <= size; i++)
		if (memcmp(data + i, SEP, sep) == 0) {
			*len = i - at;
			return 1;
		}
	*len = size - at;
	return 1;
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
	size_t at = 0, len;
	int ok = 1;

	if (!loaded) {
		const char *d = getenv("GPUPLAN_DATA_DIR");

		loaded = catalog_load(&cat, d ? d : "data", &err) == 0 && cat.n_gpus > 0 ? 1 : -1;
		if (mkdtemp(dir) == NULL)
			loaded = -1;
		for (size_t i = 0; i < N_FILES; i++)
			snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
		atexit(cleanup);
	}
	if (loaded != 1)
		return 0;
	for (size_t i = 0; i < N_FILES && next_part(data, size, at, &len); i++) {
		if (write_file(paths[i], data + at, len) != 0)
			ok = 0;
		at += len + sizeof SEP - 1;
	}
	memset(&m, 0, sizeof m);
	if (ok && hfimport_load(dir, &m, &info, &err) == 0) {
		check(&m, 1);
		check(&m, 8);
	}
	remove_files();
	return 0;
}
