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

/* The launch commands of engine e for the plan, node by node; 0, or -1
 * on a write error. An engine without a launch writer, or a layout it
 * cannot launch, gets a comment saying so. */
int export_write(FILE *out, const struct engine *e, const struct report_input *r);
/* Kubernetes manifests for the plan's engine: a Deployment (one node a
 * replica) or a LeaderWorkerSet (several), and a Service; refusals as
 * comments, as export_write. */
int export_k8s(FILE *out, const struct report_input *r);

#endif
