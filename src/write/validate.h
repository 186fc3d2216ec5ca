/* validate.h - `gpuplan validate`: plan every entry of the measurements
 * ledger (data/measurements.json) and compare with what was measured. */
#ifndef GPUPLAN_VALIDATE_H
#define GPUPLAN_VALIDATE_H

#include <stdio.h>

#include "catalog.h"
#include "error.h"

#define VALIDATE_FORMAT "gpuplan-measurements"
#define VALIDATE_VERSION 1
#define VALIDATE_MAX_BYTES (4u << 20)
#define VALIDATE_BATCH_CAP 512	/* offline batch: largest that fits, capped */
#define VALIDATE_DEFAULT_INPUT 1024	/* when an entry gives no input length */

/* Median and worst absolute relative error by kind. An entry the
 * planner cannot plan (does not fit) counts as a 100% error. */
struct validate_summary {
	int n_memory, n_throughput;
	double memory_median, memory_worst;
	double throughput_median, throughput_worst;
	char memory_worst_id[64], throughput_worst_id[64];
	int n_not_planned;	/* did not fit on the entry's hardware */
};

/* Plans each entry of the ledger at ledger_path against catalog c and
 * writes predicted vs measured to out (may be NULL). Errors in the
 * ledger name the file, the entry and the field. */
int validate_run(const struct catalog *c, const char *ledger_path, FILE *out,
		 struct validate_summary *sum, struct gp_error *err);

#endif
