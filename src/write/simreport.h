/* simreport.h - gpuplan simulate's results as text, JSON and Markdown. */
#ifndef GPUPLAN_SIMREPORT_H
#define GPUPLAN_SIMREPORT_H

#include <stdio.h>

#include "report.h"
#include "sim.h"

int simreport_write(FILE *out, enum report_format f, const struct report_input *in,
		    const struct sim_result *r);

#endif
