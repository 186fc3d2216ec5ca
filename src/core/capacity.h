/* capacity.h - what one replica sustains within the service levels, and
 * what a demand then costs (doc/planning-model.md section 10). */
#ifndef GPUPLAN_CAPACITY_H
#define GPUPLAN_CAPACITY_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"

#define CAPACITY_TIERS 3

struct capacity {
	bool feasible;
	char why[200];		/* when not feasible, in plain words */
	uint64_t batch;		/* sequences per replica within the SLOs */
	double tpot_ms, ttft_ms;
	double replica_rps;	/* requests/s one replica completes */
	double replica_tokens_s;	/* output tokens/s of one replica */
	double headroom;	/* free / capacity per GPU at that batch */
	int plans;		/* plans computed to find it */
	/* With percentile targets: the highest Poisson rate a replica
	 * takes within them (replica_rps then), found by simulation, and
	 * its p99s there. */
	bool simulated;
	double p99_ttft_ms, p99_tpot_ms;
	int sims;		/* simulations run to find it */
};

/* Requests in each simulation of a percentile search, and its steps. */
#define CAPACITY_SIM_REQUESTS 400
#define CAPACITY_SIM_STEPS 8

/* The largest batch (continuous batching) whose KV fits with 10% of the
 * GPU free and whose TPOT meets the target; the TTFT target is checked
 * against a lone prompt's prefill. With --slo-ttft-p99-ms or
 * --slo-tpot-p99-ms, the replica's rate is then the highest Poisson
 * rate at that batch whose simulated 99th percentiles meet them
 * (bisection, CAPACITY_SIM_STEPS runs of CAPACITY_SIM_REQUESTS). */
int capacity_at_slo(const struct scenario *s, const struct model *m,
		    const struct gpu *g, struct capacity *c, struct gp_error *err);

struct tier {
	double m_tokens_month;	/* input + output, millions */
	double avg_rps, peak_rps;
	uint64_t replicas, gpus;
	double utilization;	/* average load / what the replicas sustain */
	double usd_month;
	double usd_per_m;	/* per M tokens in + out, at that utilization */
	double usd_per_m_output;	/* per M output tokens */
	double api_usd_month;	/* the same tokens through the API */
};

/* Peak requests/s for a monthly volume: average x the peak ratio. */
double capacity_peak_rps(const struct scenario *s, double m_tokens_month);

/* Sizes a fleet of replicas like p's for a monthly volume (or, when
 * m_tokens_month is 0, the scenario's peak requests/s). */
void capacity_tier(const struct scenario *s, const struct plan *p,
		   const struct capacity *c, double m_tokens_month, struct tier *t);

#endif
