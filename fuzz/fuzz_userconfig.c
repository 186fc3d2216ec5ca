/* fuzz_userconfig.c - libFuzzer target: any bytes as the user's
 * config.ini. What it accepts is applied to a scratch copy of the GPU
 * table (its private catalog directories left out: the fuzzer must not
 * read the disk at random) and each GPU it prices is planned; the
 * price must stay finite and so must the bill. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catload.h"
#include "plan.h"
#include "userconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct catalog cat;
static int loaded;

static void
plan_priced(const struct user_config *u)
{
	struct catalog c = cat;
	struct gpu *gpus = malloc(cat.n_gpus * sizeof *gpus);
	struct gp_error err;

	if (gpus == NULL)
		return;
	memcpy(gpus, cat.gpus, cat.n_gpus * sizeof *gpus);
	c.gpus = gpus;
	if (userconfig_apply(u, &c, &err) == 0) {
		for (size_t i = 0; i < c.n_gpus; i++) {
			struct scenario s;
			struct plan p;

			if (!c.gpus[i].price_pinned)
				continue;
			if (!isfinite(c.gpus[i].usd_per_hour) || c.gpus[i].usd_per_hour < 0)
				abort();	/* a price no plan can use was accepted */
			scenario_default(&s);
			snprintf(s.gpu, sizeof s.gpu, "%s", c.gpus[i].id);
			if (plan_compute(&s, &c.models[0], &c.gpus[i], &p, &err) == 0 &&
			    (!isfinite(p.cost.usd_per_month) || !isfinite(p.cost.usd_per_m_output)))
				abort();	/* NaN or infinity reached the bill */
		}
	}
	free(gpus);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/gpuplan-fuzz-XXXXXX";
	struct user_config u;
	struct gp_error err;
	int fd;

	if (!loaded) {
		const char *dir = getenv("GPUPLAN_DATA_DIR");

		loaded = catalog_load(&cat, dir ? dir : "data", &err) == 0 && cat.n_models > 0 ? 1 : -1;
	}
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size &&
	    userconfig_load(path, &u, &err) == 0 && loaded == 1) {
		u.n_dirs = 0;
		plan_priced(&u);
	}
	close(fd);
	unlink(path);
	return 0;
}
