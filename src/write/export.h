/* export.h - engine launch lines from a plan: the same numbers, as the
 * flags the engine takes. Each engine descriptor with a launch writer
 * has one (src/engines/). */
#ifndef GPUPLAN_EXPORT_H
#define GPUPLAN_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "engine.h"
#include "report.h"

/* The engines that have a launch line, in engines[] order. */
size_t export_count(void);
const struct engine *export_engine(size_t i);

int export_write(FILE *out, const struct engine *e, const struct report_input *r);

#endif
