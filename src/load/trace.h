/* trace.h - request traces for gpuplan simulate --trace: a CSV with a
 * header (the Azure LLM inference traces, BurstGPT, or any with
 * columns of those names) or JSON Lines. */
#ifndef GPUPLAN_TRACE_H
#define GPUPLAN_TRACE_H

#include <stddef.h>

#include "error.h"
#include "sim.h"

#define TRACE_MAX_BYTES (512u << 20)
#define TRACE_MAX_ROWS 10000000u
#define TRACE_MAX_SECONDS 1e11	/* 3,000 years; dates since 1970 are below */

/* Reads text (named `name` in messages) into t: the arrival of each
 * row, seconds from the first, and its prompt and output tokens. A
 * row with 0 output tokens (BurstGPT's failures) is left out and
 * counted. Errors name the line, the column or key and the reason.
 * On success the caller frees t with trace_free. */
int trace_parse(const char *name, const char *text, size_t len, struct sim_trace *t,
		struct gp_error *err);
int trace_load(const char *path, struct sim_trace *t, struct gp_error *err);
void trace_free(struct sim_trace *t);

#endif
