/* explain.h - why each number of a plan is what it is: one line per
 * figure, written by the code that owns the formula, with this
 * scenario's values. A checked line reads
 *     NAME = FORMULA = NUMBERS = RESULT UNIT
 * where NUMBERS, evaluated, gives RESULT within the rounding of the
 * printed operands (tests/test_explain.c evaluates every line of every
 * catalog model under every engine). The screen's x overlay and
 * `gpuplan plan --explain` print these lines as they are. */
#ifndef GPUPLAN_EXPLAIN_H
#define GPUPLAN_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

#define EXPLAIN_MAX_LINES 24
#define EXPLAIN_LEN 192

struct explain_line {
	char text[EXPLAIN_LEN];
	bool checked;		/* NUMBERS = RESULT holds; false: a note */
};

struct explain {
	struct explain_line line[EXPLAIN_MAX_LINES];
	int n;
};

void explain_add(struct explain *x, bool checked, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The line without its FORMULA part, "NAME = NUMBERS = RESULT UNIT",
 * for a narrow screen; a line with no formula part is copied. */
void explain_compact(const char *line, char *out, size_t len);

void plan_explain(const struct scenario *s, const struct model *m,
		  const struct gpu *g, const struct plan *p, struct explain *x);

#endif
