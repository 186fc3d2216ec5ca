/* inspect.h - the derived architecture of a model, for `gpuplan inspect`. */
#ifndef GPUPLAN_INSPECT_H
#define GPUPLAN_INSPECT_H

#include <stdio.h>

#include "hfconfig.h"
#include "model.h"

/* Parameters by group, totals, active parameters under both
 * conventions, layers by attention and FFN kind, KV bytes per token per
 * layer kind (BF16 and FP8), and, with info (may be NULL), what the
 * import read and assumed. Returns -1 on a write error. */
int inspect_write(FILE *out, const struct model *m, const struct hf_import *info);

#endif
