/* validate.h - `gpuplan validate`: plan every entry of the measurements
 * ledger (data/measurements.json) and compare with what was measured. */
#ifndef GPUPLAN_VALIDATE_H
#define GPUPLAN_VALIDATE_H

#include <stdbool.h>
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
	int n_memory, n_throughput, n_startup;
	double memory_median, memory_worst;
	double throughput_median, throughput_worst;
	double startup_median, startup_worst;	/* KV budgets of engine logs */
	char memory_worst_id[64], throughput_worst_id[64], startup_worst_id[64];
	bool startup_ok;	/* within the bounds below */
	int n_not_planned;	/* did not fit on the entry's hardware */
};

/* The bounds on engine start-up logs (validate --check): a median KV
 * budget error of at most 5%, and no entry off by more than 15% unless
 * within 0.5 GiB. */
#define VALIDATE_STARTUP_MEDIAN 0.05
#define VALIDATE_STARTUP_WORST 0.15
#define VALIDATE_STARTUP_SLACK_GIB 0.5

/* Plans each entry of the ledger at ledger_path against catalog c and
 * writes predicted vs measured to out (may be NULL). Errors in the
 * ledger name the file, the entry and the field. */
int validate_run(const struct catalog *c, const char *ledger_path, FILE *out,
		 struct validate_summary *sum, struct gp_error *err);

#endif
