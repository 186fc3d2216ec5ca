/* fitreport.h - the solver's ranked list and the traffic tiers as text,
 * JSON and Markdown. */
#ifndef GPUPLAN_FITREPORT_H
#define GPUPLAN_FITREPORT_H

#include <stdio.h>

#include "report.h"
#include "solver.h"

int fitreport_write(FILE *out, enum report_format f, const struct catalog *c,
		    const struct model *m, const struct scenario *s,
		    const struct fit_result *r, size_t top);

/* The tiers and the self-host vs API statement for one plan. */
int tiers_write(FILE *out, enum report_format f, const struct scenario *s,
		const struct plan *p, const struct capacity *cap);

#endif
