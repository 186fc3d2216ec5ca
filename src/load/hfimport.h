/* hfimport.h - a Hugging Face config.json imported from disk: the file,
 * the checkpoint directory around it and the catalog entry it becomes.
 * hfconfig.h maps the parsed JSON; this side never shows it. */
#ifndef GPUPLAN_HFIMPORT_H
#define GPUPLAN_HFIMPORT_H

#include <cjson/cJSON.h>

#include "catalog.h"
#include "error.h"
#include "model.h"
#include "scenario.h"

/* config.json is a few KiB; the safetensors index lists every tensor
 * (DeepSeek-V3's is about 9 MiB). */
#define HF_CONFIG_MAX_BYTES (4u << 20)
#define HF_INDEX_MAX_BYTES (64u << 20)

struct hf_import;			/* hfconfig.h */

/* Reads a config.json from disk (size-limited), derives the model and
 * names it: id from the parent directory (lowercased) or "imported",
 * name from the directory or _name_or_path. A model.safetensors.index.json
 * in the same directory gives the checkpoint bytes. Errors start with
 * the path. info may be NULL. */
int hfimport_load(const char *path, struct model *m, struct hf_import *info,
		  struct gp_error *err);

enum {
	HFIMPORT_KEEP_WEIGHTS = 1 << 0,	/* the user chose s->weights */
	HFIMPORT_REUSE_ID = 1 << 1,	/* a model with the id is this one */
};

/* Imports the config.json at path into c under its own id (on a clash
 * catalog_add_model appends "-imported", unless HFIMPORT_REUSE_ID takes
 * the model already there), makes it s->model and, unless
 * HFIMPORT_KEEP_WEIGHTS, its checkpoint format s->weights. On error c
 * and s are unchanged. */
int hfimport_into(struct catalog *c, struct scenario *s, const char *path,
		  int flags, struct gp_error *err);

/* The catalog entry (as in data/models.json) for the checkpoint at
 * path, a config.json or its folder: its id, name, repo, checkpoint
 * bytes, the config itself and a ModelOpt hf_quant_config.json beside
 * it, `source` naming the file and `imported` the day (today), which
 * makes the entry a checkpoint: its own bits size its weights. Its id is the one
 * hfimport_load derives, with "-imported" appended when a model of
 * the shipped catalog c has it; a model of the user's own is replaced.
 * The caller frees *entry with cJSON_Delete. */
int hfimport_entry(const char *path, const struct catalog *c, const char *today,
		   cJSON **entry, struct gp_error *err);

#endif
