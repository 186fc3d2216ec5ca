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

#endif
