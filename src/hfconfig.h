/* hfconfig.h - a Hugging Face config.json, read into an architecture. */
#ifndef GPUPLAN_HFCONFIG_H
#define GPUPLAN_HFCONFIG_H

#include <cjson/cJSON.h>

#include "error.h"
#include "model.h"

/* Fills the architecture fields of m from a parsed config (a nested
 * text_config wins). Field-name variants are those of ground-truth.md
 * section 1. On error, err names the field and the reason. */
int hfconfig_to_model(const cJSON *config, struct model *m,
		      struct gp_error *err);

#endif
