/* export.h - engine launch lines from a plan: the same numbers, as the
 * flags vLLM, SGLang and llama.cpp take. */
#ifndef GPUPLAN_EXPORT_H
#define GPUPLAN_EXPORT_H

#include <stdio.h>

#include "report.h"

enum export_kind { EXPORT_VLLM, EXPORT_SGLANG, EXPORT_LLAMACPP };

int export_write(FILE *out, enum export_kind k, const struct report_input *r);

#endif
