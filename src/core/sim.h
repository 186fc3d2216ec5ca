/* sim.h - serving under load: the engine's scheduler replayed over
 * arriving requests (gpuplan simulate; doc/planning-model.md,
 * "Serving under load"). */
#ifndef GPUPLAN_SIM_H
#define GPUPLAN_SIM_H

#include <stdint.h>

#include "error.h"
#include "plan.h"

/* A statistic over requests (or, for inter-token latency, over every
 * gap between two tokens of a request), milliseconds. */
struct sim_stat {
	double mean, p50, p90, p99;
};

struct sim_result {
	uint64_t requests;		/* simulated, all finished */
	double rate_rps;		/* offered, all replicas */
	double replica_rate_rps;	/* each replica's share */
	double duration_s;		/* first arrival to last finish */
	struct sim_stat ttft_ms, tpot_ms, itl_ms, e2e_ms;
	double queue_ms_mean;		/* arrival to first scheduling */
	double throughput_tokens_per_s;	/* output tokens, all replicas */
	double goodput_rps;		/* requests meeting the SLOs */
	uint64_t good;			/* requests meeting them */
	uint64_t preemptions;
	uint64_t iterations;		/* of one replica */
	double kv_peak_share;		/* of the pool's blocks, at most */
	uint64_t pool_tokens, block_tokens;
	uint64_t max_seqs, max_tokens;	/* the scheduler's caps */
	double mean_batch;		/* running sequences an iteration */
	double capacity_tokens_per_s;	/* the plan's sustained rate */
	bool pp_serial;			/* PP > 1: stages in turn */
	bool pp_microbatches;		/* PP > 1, pipelined (perf_steps) */
	bool overcommitted;		/* the batch at full context does not
					 * fit the pool: preemptions may come */
	bool traced;			/* arrivals from a trace */
	bool traced_lengths;		/* and its lengths */
	uint64_t trace_skipped;		/* its rows of no output, left out */
};

/* Recorded arrivals (gpuplan simulate --trace; src/load/trace.c reads
 * them): seconds from the first, never going back, and each request's
 * prompt and output tokens (both >= 1). */
struct sim_trace {
	uint64_t n;
	double *arrival;
	uint32_t *prompt, *output;
	uint64_t skipped;		/* rows of no output tokens, left out */
};

/* Simulates s->requests requests arriving at s->rate_rps over the
 * plan's replicas (each replica taking an equal random share), with
 * lengths from s->length_dist; or, with a trace, its first s->requests
 * rows, every replicas-th of them to the replica simulated (round
 * robin), with the trace's lengths unless s->length_dist is uniform.
 * p is plan_compute's plan of s. Returns
 * 0, SIM_BAD for an option it cannot run with, SIM_NOFIT when the pool
 * cannot hold a request, or SIM_FAILED (memory). */
enum { SIM_BAD = -1, SIM_NOFIT = -2, SIM_FAILED = -3 };

struct perf_steps;

/* The iteration tables sim_run builds for p (perf.h), for runs that
 * differ only in their arrivals: malloc'd, the caller frees them.
 * NULL when out of memory. */
struct perf_steps *sim_steps(const struct scenario *s, const struct model *m,
			     const struct gpu *g, const struct plan *p);
/* The highest rate, requests/s over all replicas, in [lo, hi] at which
 * s's simulated p99 TTFT and p99 TPOT stay within ttft_ms and tpot_ms
 * (<= 0: no limit), by `steps` bisections, the step tables built once.
 * lo > 0 is run first: *rate is 0 when even it misses (and *at that
 * run); lo 0 is taken as met. *at: the run at the rate found; *runs
 * counts the simulations. */
int sim_max_rate(const struct scenario *s, const struct model *m, const struct gpu *g,
		 const struct plan *p, double ttft_ms, double tpot_ms, double lo, double hi,
		 int steps, double *rate, struct sim_result *at, int *runs, struct gp_error *err);

/* sim_run on tables sim_steps made for the same scenario but its load
 * options; steps NULL builds them. */
int sim_run_steps(const struct scenario *s, const struct model *m, const struct gpu *g,
		  const struct plan *p, const struct sim_trace *trace,
		  const struct perf_steps *steps, struct sim_result *r, struct gp_error *err);

int sim_run(const struct scenario *s, const struct model *m, const struct gpu *g,
	    const struct plan *p, const struct sim_trace *trace, struct sim_result *r,
	    struct gp_error *err);

#endif
