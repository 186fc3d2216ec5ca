/* compare.h - plans side by side, each with its change against the
 * first (the pinned plan A). */
#ifndef GPUPLAN_COMPARE_H
#define GPUPLAN_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* One figure of a plan, for the compare table and the screen's deltas. */
struct compare_row {
	const char *label;
	const char *json;	/* key in the JSON output */
	int decimals;		/* shown after the point */
	double (*get)(const struct report_input *r);
	bool higher_is_better;
};

extern const struct compare_row compare_rows[];
extern const size_t compare_row_count;

int compare_write(FILE *out, enum report_format f, const struct report_input *in,
		  const char *const *names, size_t n);

#endif
