/* catalog.h - the models and GPUs gpuplan knows, in memory: what
 * catload.c reads from the versioned JSON files (data/models.json,
 * data/gpus.json) and what config.json import adds. */
#ifndef GPUPLAN_CATALOG_H
#define GPUPLAN_CATALOG_H

#include <stddef.h>

#include "error.h"
#include "gpu.h"
#include "model.h"

struct catalog {
	struct model *models;
	size_t n_models;
	struct gpu *gpus;
	size_t n_gpus;
	/* Imported GPU prices, grouped by GPU; each struct gpu points at
	 * its own (prices_load). */
	struct price_quote *quotes;
	size_t n_quotes;
};

/* An imported model's id when its own is taken: "-imported" appended,
 * the id cut short to keep it whole. */
void catalog_imported_id(char *id, size_t size);

/* Adds a model made elsewhere (an imported config.json); an id already
 * taken gets "-imported" appended. */
int catalog_add_model(struct catalog *c, struct model *m, struct gp_error *err);

void catalog_free(struct catalog *c);

const struct model *catalog_model(const struct catalog *c, const char *id);
const struct gpu *catalog_gpu(const struct catalog *c, const char *id);

#endif
