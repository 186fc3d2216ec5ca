/* hfimport.h - a Hugging Face config.json imported from disk: the file,
 * the checkpoint directory around it and the catalog entry it becomes.
 * hfconfig.h maps the parsed JSON; this side never shows it. */
#ifndef GPUPLAN_HFIMPORT_H
#define GPUPLAN_HFIMPORT_H

#include "error.h"
#include "model.h"

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

#endif
