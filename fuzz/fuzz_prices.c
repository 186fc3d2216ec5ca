/* fuzz_prices.c - libFuzzer target: any bytes as a price file to import
 * (a SkyPilot CSV, or OpenRouter JSON when it starts with "{"), mapped
 * through the shipped data/price-aliases.json and catalog
 * ($GPUPLAN_DATA_DIR). The importer reads a path, so the bytes go
 * through one temp file. Every price it keeps must be a finite,
 * non-negative number. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catload.h"
#include "prices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void
remove_temp(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct catalog cat;
	static const char *dir;
	struct prices_import im;
	struct gp_error err;
	FILE *f;

	if (dir == NULL) {
		int fd;

		dir = getenv("GPUPLAN_DATA_DIR");
		snprintf(path, sizeof path, "/tmp/fuzz-prices-XXXXXX");
		if (dir == NULL || catalog_load(&cat, dir, &err) != 0 || (fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		atexit(remove_temp);
	}
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (prices_import_file(path, "fuzz", dir, &cat, &im, &err) == 0) {
		for (size_t i = 0; i < im.n_quotes; i++)
			if (!isfinite(im.quotes[i].usd_per_hour) || im.quotes[i].usd_per_hour < 0)
				abort();	/* a price no plan can use */
		for (size_t i = 0; i < im.n_api; i++)
			if (!isfinite(im.api[i].in) || !isfinite(im.api[i].out))
				abort();
		prices_import_free(&im);
	}
	return 0;
}
