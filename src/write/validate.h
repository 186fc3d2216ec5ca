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
#define VALIDATE_SERVER_REQUESTS 3000	/* a server entry's simulated runs */

#define VALIDATE_MAX_ENGINES 8

/* The start-up entries of one engine. */
struct validate_engine {
	char engine[16];
	int n;
	double median, worst;
	char worst_id[64];
	bool ok;		/* within the bounds below */
};

/* Median and worst absolute relative error by kind, and of start-up
 * logs by engine. An entry the planner cannot plan (does not fit)
 * counts as a 100% error. */
struct validate_summary {
	int n_memory, n_throughput, n_startup;
	double memory_median, memory_worst;
	double throughput_median, throughput_worst;
	double startup_median, startup_worst;	/* KV budgets of engine logs */
	int n_graphs;				/* vLLM's CUDA graphs, unbounded */
	int n_latency;				/* TPOT at a concurrency */
	double latency_median, latency_worst;
	char latency_worst_id[64];
	double graphs_median, graphs_worst;
	char memory_worst_id[64], throughput_worst_id[64], startup_worst_id[64];
	char graphs_worst_id[64];
	bool startup_ok;	/* every engine within the bounds below */
	/* Offline throughput entries, dense [0] and MoE [1]; server
	 * entries are reported, not gated, until the load simulation. */
	int n_gated[2];
	double gate_median[2], gate_worst[2];
	bool throughput_ok;	/* both within the bounds below */
	struct validate_engine engines[VALIDATE_MAX_ENGINES];
	int n_engines;
	int n_not_planned;	/* did not fit on the entry's hardware */
	/* Server entries planned by simulation at their latency limits:
	 * reported against the throughput bounds, not gated yet. */
	int n_server;
	double server_median, server_worst;
	char server_worst_id[64];
};

/* The bounds on each engine's start-up logs (validate --check): a
 * median error of at most 5%, and no entry off by more than 15% unless
 * within 0.5 GiB. */
#define VALIDATE_STARTUP_MEDIAN 0.05
#define VALIDATE_STARTUP_WORST 0.15
#define VALIDATE_STARTUP_SLACK_GIB 0.5

/* The bounds on offline throughput, dense and MoE apart: a median
 * error of at most 10%, and no entry off by more than 25%. */
#define VALIDATE_THROUGHPUT_MEDIAN 0.10
#define VALIDATE_THROUGHPUT_WORST 0.25

/* Issue 14's check of TPOT at a fixed concurrency (DeepSeek-V3 at TP 8,
 * 16 in flight): each entry within 15%. Reported; --check does not
 * hold to it yet. */
#define VALIDATE_LATENCY_WORST 0.15

/* Plans each entry of the ledger at ledger_path against catalog c and
 * writes predicted vs measured to out (may be NULL). Errors in the
 * ledger name the file, the entry and the field. */
int validate_run(const struct catalog *c, const char *ledger_path, FILE *out,
		 struct validate_summary *sum, struct gp_error *err);

#endif
