/* compare.h - plans side by side, each with its change against the
 * first (the pinned plan A). */
#ifndef GPUPLAN_COMPARE_H
#define GPUPLAN_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

int compare_write(FILE *out, enum report_format f, const struct report_input *in,
		  const char *const *names, size_t n);

#endif
