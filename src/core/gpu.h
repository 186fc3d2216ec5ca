/* gpu.h - an accelerator as the planner sees it. */
#ifndef GPUPLAN_GPU_H
#define GPUPLAN_GPU_H

#include <stdbool.h>
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
	char price_date[24];
	char price_source[GPU_TEXT_LEN];
};

/* What a typical measured matmul ceiling is of the spec: the median
 * of the MAMF table (stas00/ml-engineering), for GPUs never measured. */
#define GPU_MAMF_TYPICAL 0.77

/* Where a matmul ceiling came from. */
enum mamf_basis { MAMF_MEASURED, MAMF_OTHER_DTYPE, MAMF_TYPICAL };

const char *compute_dtype_name(enum compute_dtype d);
double gpu_matmul_efficiency(const struct gpu *g, enum compute_dtype d,
			     enum mamf_basis *basis);
const char *link_kind_name(enum link_kind k);

#endif
