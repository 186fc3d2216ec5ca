/* gpu.h - an accelerator as the planner sees it. */
#ifndef GPUPLAN_GPU_H
#define GPUPLAN_GPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GPU_ID_LEN 48
#define GPU_NAME_LEN 80
#define GPU_TEXT_LEN 256

/* Dense tensor throughput by compute dtype, TFLOPS (TOPS for int8).
 * 0 means unknown or unsupported. */
enum compute_dtype { CD_BF16, CD_FP16, CD_FP8, CD_INT8, CD_FP4, CD_COUNT };

enum link_kind { LINK_NVLINK, LINK_PCIE, LINK_XGMI, LINK_ETHERNET, LINK_NONE };

/* nvidia-smi total minus the runtime's, where no log gives the latter
 * (catload.c). */
#define GPU_RUNTIME_RESERVE (UINT64_C(512) << 20)

/* One fused-MoE kernel's measured cost on this GPU (gpus.json
 * "kernels.moe"), per MoE layer on one GPU under balanced routing:
 *   t0 + touched experts' bytes / (eta_mem x bandwidth)
 *      + FLOPs / (eta_compute x tflops of the format's math),
 * fitted to NVIDIA AIConfigurator's per-op tables, never to end-to-end
 * results. The touched bytes are the fit's own: every expert a GPU
 * holds, times 1 - (1 - 1/E)^(T x k). Skewed (power-law) routing
 * multiplies it by the measured ratio at T tokens, for EP 1 and for
 * EP > 1. */
#define GPU_SKEW_POINTS 8

struct gpu_moe_kernel {
	char backend[16];		/* "cutlass" (TensorRT-LLM's) */
	char format[16];		/* bf16, fp8, fp8_block, nvfp4 */
	double t0_us, eta_mem, eta_compute;
	double error;			/* the fit's median |error| */
	unsigned n_skew;		/* 0: no skew measured */
	double skew_tokens[GPU_SKEW_POINTS];	/* rising */
	double skew_ep1[GPU_SKEW_POINTS], skew_ep[GPU_SKEW_POINTS];
};

#define GPU_MOE_KERNELS 12

/* One dense GEMM's measured cost (gpus.json "kernels.gemm"), for an
 * m x k activation times a k x n weight of the format:
 *   t0 + max((n k bytes + 2 m (k + n)) / (eta_mem x bandwidth),
 *            2 m n k / (eta_compute x tflops of the format's math),
 *            k x tau_k)
 * The last term is the K-serial latency of small-m GEMMs (NVFP4 on
 * B200 is bound by it at decode sizes). */
struct gpu_gemm_kernel {
	char format[16];		/* bf16, fp8, fp8_block, nvfp4 */
	double t0_us, eta_mem, eta_compute, tau_k_ns;
	double error;			/* the fit's median |error| */
};

#define GPU_GEMM_KERNELS 4

/* One TP size's measured all-reduce (gpus.json "kernels.allreduce"):
 * microseconds at rising message sizes in bf16 elements, read log-log
 * between the points. */
#define GPU_AR_POINTS 24

struct gpu_allreduce {
	uint32_t tp;
	unsigned n;
	double elements[GPU_AR_POINTS], us[GPU_AR_POINTS];
};

#define GPU_AR_CURVES 4

/* Small kernels' measured costs (gpus.json "kernels.ops"), each
 *   t0 + bytes / (eta_mem x bandwidth) + FLOPs / (eta_compute x tflops)
 * (no FLOPs term where eta_compute is 0): MLA's decode pieces, its
 * attention kernel over bf16 or FP8 KV and the two absorbed BMMs
 * (q_nope x W_UK before it, the latent output x W_UV after). */
enum gpu_op {
	GOP_MLA_DECODE_BF16,
	GOP_MLA_DECODE_FP8,
	GOP_MLA_BMM_PRE,
	GOP_MLA_BMM_POST,
	GOP_COUNT
};

struct gpu_op_kernel {
	bool measured;
	double t0_us, eta_mem, eta_compute;
	double error;			/* the fit's median |error| */
};

struct price_quote;

struct gpu {
	char id[GPU_ID_LEN];
	char name[GPU_NAME_LEN];
	char vendor[16];
	char source[GPU_TEXT_LEN];

	double memory_gb;		/* marketing name, e.g. 80 */
	uint64_t usable_bytes;		/* nvidia-smi's memory.total */
	uint64_t runtime_bytes;		/* the CUDA runtime's total
					 * (cudaMemGetInfo), what engines
					 * plan with */
	uint64_t runtime_free_bytes;	/* free after the CUDA context, as
					 * an engine first finds it; 0
					 * unknown */
	double bandwidth_tbs;		/* HBM/GDDR, 1e12 B/s */
	double tflops[CD_COUNT];	/* dense */
	double mamf[CD_COUNT];		/* measured matmul ceiling, 0 unknown */
	double link_gbs;		/* per GPU, bidirectional, 1e9 B/s */
	enum link_kind link;
	uint32_t gpus_per_node;		/* largest TP group on one link */
	double tdp_w;

	/* Rental price per GPU-hour, 0 when unknown. */
	double usd_per_hour;
	char price_provider[48];
	char price_kind[16];		/* "on-demand", "spot" or "" */
	char price_date[24];
	char price_source[GPU_TEXT_LEN];
	/* Why no rental price exists ("bought, not rented"), said in the
	 * plan in its place; "" when there is one or nobody said. */
	char no_price[GPU_TEXT_LEN];

	int price_age_days;		/* at load (prices_stamp); < 0 unknown */
	bool price_pinned;		/* the user configuration set it: it
					 * beats imported prices */

	/* Imported prices for this GPU (price.h), owned by the catalog. */
	const struct price_quote *quotes;
	size_t n_quotes;

	struct gpu_moe_kernel moe_kernels[GPU_MOE_KERNELS];
	unsigned n_moe_kernels;
	char kernels_source[GPU_TEXT_LEN];
	struct gpu_gemm_kernel gemm_kernels[GPU_GEMM_KERNELS];
	unsigned n_gemm_kernels;
	char gemm_source[GPU_TEXT_LEN];
	struct gpu_allreduce allreduce[GPU_AR_CURVES];
	unsigned n_allreduce;
	char allreduce_source[GPU_TEXT_LEN];
	struct gpu_op_kernel ops[GOP_COUNT];
	char ops_source[GPU_TEXT_LEN];
};

/* What a typical measured matmul ceiling is of the spec: the median
 * of the MAMF table (stas00/ml-engineering), for GPUs never measured. */
#define GPU_MAMF_TYPICAL 0.77

/* Where a matmul ceiling came from. */
enum mamf_basis { MAMF_MEASURED, MAMF_OTHER_DTYPE, MAMF_TYPICAL };

const char *compute_dtype_name(enum compute_dtype d);
const char *gpu_op_name(enum gpu_op op);
double gpu_matmul_efficiency(const struct gpu *g, enum compute_dtype d,
			     enum mamf_basis *basis);
const char *link_kind_name(enum link_kind k);

#endif
