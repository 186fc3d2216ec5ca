/* catalog.h - the models and GPUs gpuplan knows, in memory: what
 * catload.c reads from the versioned JSON files (data/models.json,
 * data/gpus.json) and what config.json import adds. */
#ifndef GPUPLAN_CATALOG_H
#define GPUPLAN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "gpu.h"
#include "model.h"

struct scenario;

struct catalog {
	struct model *models;
	size_t n_models;
	struct gpu *gpus;
	size_t n_gpus;
	/* Imported GPU prices, grouped by GPU; each struct gpu points at
	 * its own (prices_load). */
	struct price_quote *quotes;
	size_t n_quotes;
	/* A load of a few entries (catload.h): the ids it reads, empty for
	 * every entry, and the ids of the entries it passed over. */
	char want_model[MODEL_ID_LEN];
	char want_gpu[GPU_ID_LEN];
	struct catalog_skipped *skipped;
	size_t n_skipped;
};

struct catalog_skipped {
	char id[MODEL_ID_LEN];
	bool gpu;
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
/* Points s->draft_model at the catalog's model for --spec draft:MODEL,
 * or NULL (another method, or no such model: planning says which). */
void catalog_resolve_draft(const struct catalog *c, struct scenario *s);

/* Whether the catalog has an entry of that id, read or passed over. */
bool catalog_knows(const struct catalog *c, bool gpu, const char *id);

#endif
