/* report.h - a plan as text, JSON or Markdown. */
#ifndef GPUPLAN_REPORT_H
#define GPUPLAN_REPORT_H

#include <stdio.h>

#include "plan.h"

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_MARKDOWN };

struct report_input {
	const struct scenario *s;
	const struct model *m;
	const struct gpu *g;
	const struct plan *p;
};

int report_write(FILE *out, enum report_format f, const struct report_input *r);

/* "1,234,567" */
void report_thousands(char *buf, size_t len, unsigned long long v);

#endif
