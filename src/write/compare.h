/* compare.h - plans side by side, each with its change against the
 * first (the pinned plan A). The CLI writes the table; the screen draws
 * the same cells, so the two cannot disagree. */
#ifndef GPUPLAN_COMPARE_H
#define GPUPLAN_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report.h"

int compare_write(FILE *out, enum report_format f, const struct report_input *in,
		  const char *const *names, size_t n);

/* The table's rows, one figure of a plan each; brief labels take at
 * most COMPARE_BRIEF columns. */
#define COMPARE_BRIEF 12
size_t compare_rows_n(void);
const char *compare_label(size_t row, bool brief);

enum compare_trend { COMPARE_SAME, COMPARE_BETTER, COMPARE_WORSE };

struct compare_cell {
	char value[24];		/* "7,855", "$4.28", "yes" */
	char delta[16];		/* against the first: "+12.5%", "=", "now
				 * fits"; "" in the first's own column */
	enum compare_trend trend;	/* better or worse for the user */
};

/* Row row of plan in, against first (in == first: its own column). */
void compare_cell(size_t row, const struct report_input *first, const struct report_input *in,
		  struct compare_cell *c);

/* "llama-4-scout, 4 x h100-sxm, TP 4, bf16/bf16". */
void compare_describe(char *buf, size_t len, const struct report_input *r);

#endif
