/* catalog.c - lookups in the catalog held in memory. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "scenario.h"
#include "spec.h"

void
catalog_imported_id(char *id, size_t size)
{
	size_t len = strlen(id);

	if (len + sizeof "-imported" > size)
		len = size - sizeof "-imported";
	memcpy(id + len, "-imported", sizeof "-imported");
}

int
catalog_add_model(struct catalog *c, struct model *m, struct gp_error *err)
{
	if (catalog_model(c, m->id) != NULL) {
		catalog_imported_id(m->id, sizeof m->id);
		if (catalog_model(c, m->id) != NULL)
			return gp_error_set(err, "model id %s is taken twice", m->id);
	}
	{
		struct model *p = realloc(c->models, (c->n_models + 1) * sizeof *p);

		if (p == NULL)
			return gp_error_set(err, "out of memory");
		c->models = p;
	}
	c->models[c->n_models++] = *m;
	return 0;
}

void
catalog_free(struct catalog *c)
{
	free(c->models);
	free(c->gpus);
	free(c->quotes);
	free(c->skipped);
	memset(c, 0, sizeof *c);
}

const struct model *
catalog_model(const struct catalog *c, const char *id)
{
	for (size_t i = 0; i < c->n_models; i++) {
		if (strcmp(c->models[i].id, id) == 0)
			return &c->models[i];
	}
	return NULL;
}

const struct gpu *
catalog_gpu(const struct catalog *c, const char *id)
{
	for (size_t i = 0; i < c->n_gpus; i++) {
		if (strcmp(c->gpus[i].id, id) == 0)
			return &c->gpus[i];
	}
	return NULL;
}

void
catalog_resolve_draft(const struct catalog *c, struct scenario *s)
{
	enum spec_method method;
	char id[MODEL_ID_LEN];

	s->draft_model = NULL;
	if (spec_parse(s->spec, &method, id, sizeof id) == 0 && method == SPEC_DRAFT)
		s->draft_model = catalog_model(c, id);
}

bool
catalog_knows(const struct catalog *c, bool gpu, const char *id)
{
	if (gpu ? catalog_gpu(c, id) != NULL : catalog_model(c, id) != NULL)
		return true;
	for (size_t i = 0; i < c->n_skipped; i++) {
		if (c->skipped[i].gpu == gpu && strcmp(c->skipped[i].id, id) == 0)
			return true;
	}
	return false;
}
