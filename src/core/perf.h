/* perf.h - roofline speed of decode and prefill
 * (doc/planning-model.md section 7). */
#ifndef GPUPLAN_PERF_H
#define GPUPLAN_PERF_H

#include <stddef.h>

#include "memory.h"
#include "plan.h"

/* Expected distinct experts a step of `tokens` tokens touches in one
 * MoE layer under uniform top-k routing: E * (1 - (1 - k/E)^tokens). */
double perf_experts_touched(double experts, double top_k, double tokens);

/* The compute dtype a format runs at on a GPU, falling back to BF16
 * (FP16 where BF16 is missing) when the GPU lacks the fast path. */
enum compute_dtype perf_compute_dtype(enum weight_format f, const struct gpu *g);

/* One line on the compute efficiency a plan assumed: eta_compute of
 * which matmul ceiling, measured or not, and the share of spec. */
void perf_eta_text(const struct plan_decode *d, const struct gpu *g, double eta_compute,
		   char *buf, size_t len);

/* The fused-MoE backend a scenario runs (its --moe-backend, or the
 * engine's own), NULL when neither names one; and that backend's
 * measured kernel on the GPU for the experts' format, NULL when none
 * was measured. */
const char *perf_moe_backend(const struct scenario *s);
const struct gpu_moe_kernel *perf_moe_kernel(const struct scenario *s, const struct model *m,
					     const struct gpu *g);

/* The measured dense GEMMs for the weights' format on the GPU, where
 * the engine runs such kernels; the measured all-reduce curve of the
 * layout's TP size within a node. NULL: none measured. */
const struct gpu_gemm_kernel *perf_gemm_kernel(const struct scenario *s, const struct model *m,
					       const struct gpu *g);
const struct gpu_allreduce *perf_allreduce(const struct layout *l, const struct gpu *g);

void perf_compute(const struct scenario *s, const struct model *m, const struct gpu *g,
		  const struct layout *l, const struct stage *stages,
		  struct plan *p);

/* One replica's iteration times for the simulator (sim.h), tabulated
 * from the same step model as perf_compute, every stage in turn (or
 * pipelined, below). An
 * iteration of d decode sequences and c prompt tokens takes
 *   gemm(d, c) + (d > 0: floor + d x per_seq(mean length)) +
 *   the prompt chunks' causal attention, prompt(end) - prompt(start),
 * gemm bilinear between its grid points and the rest linear; the
 * plan's batch and prompt are grid points, so that a step of those
 * is the plan's own step to the rounding. */
#define PERF_GRID 40

struct perf_steps {
	double d[PERF_GRID], c[PERF_GRID];	/* rising, from 0 */
	unsigned nd, nc;
	double gemm_s[PERF_GRID][PERF_GRID];	/* GEMMs and all-reduces */
	double floor_s;				/* a decode step's attention
						 * floor (measured MLA kernels) */
	double len[PERF_GRID], per_seq_s[PERF_GRID];
	unsigned nlen;
	double pos[PERF_GRID], prompt_s[PERF_GRID];	/* cumulative */
	unsigned npos;
	/* Stages fed micro-batches (engine.pp_microbatches, PP > 1): an
	 * iteration of d >= pp sequences takes PP x the slowest stage's
	 * step at d / PP (as the plan's TPOT); gemm_s holds that for those
	 * d, and these the decode attention's floor and part of each. */
	unsigned pp;			/* 1: the stages in turn */
	double floor_pp_s, per_seq_pp_s[PERF_GRID];
};

void perf_step_model(const struct scenario *s, const struct model *m, const struct gpu *g,
		     const struct layout *l, const struct stage *stages, uint64_t max_seqs,
		     uint64_t max_tokens, uint64_t max_len, struct perf_steps *out);
/* An iteration's time, seconds: d decode sequences of mean length len,
 * c prompt tokens (their attention not included: perf_steps_prompt). */
double perf_steps_iteration(const struct perf_steps *t, double d, double c, double len);
/* A run of decode iterations of d sequences from mean length len, each
 * a token longer: the first takes a seconds and each next b more, for
 * the n that stay on one segment of the length grid (n >= 1). */
void perf_steps_decode_ramp(const struct perf_steps *t, double d, double len, double *a,
			    double *b, uint64_t *n);
/* The causal attention of a prompt's first `pos` tokens, seconds. */
double perf_steps_prompt(const struct perf_steps *t, double pos);

#endif
