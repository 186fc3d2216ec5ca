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

struct cJSON;
/* Prints root as JSON and a newline, then frees it; -1 when out of
 * memory. The writers' one way to end a JSON document. */
int report_print_json(FILE *out, struct cJSON *root);
/* The same with the formula behind each figure (the core's explain
 * lines): after the text or Markdown report, or in JSON's "explain". */
int report_write_explained(FILE *out, enum report_format f, const struct report_input *r);

#endif
