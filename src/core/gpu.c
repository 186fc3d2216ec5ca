/* gpu.c - names of GPU enums and the measured matmul ceiling. */
#include <stddef.h>

#include "gpu.h"

const char *
compute_dtype_name(enum compute_dtype d)
{
	static const char *const names[CD_COUNT] = {"BF16", "FP16", "FP8", "INT8", "FP4"};

	return (unsigned)d < CD_COUNT ? names[d] : "?";
}

/* gpus.json's names of the measured small kernels */
const char *
gpu_op_name(enum gpu_op op)
{
	static const char *const names[GOP_COUNT] = {
		"mla_decode_bf16", "mla_decode_fp8", "mla_bmm_pre", "mla_bmm_post",
	};

	return (unsigned)op < GOP_COUNT ? names[op] : "?";
}

const char *
link_kind_name(enum link_kind k)
{
	static const char *const names[] = {"NVLink", "PCIe", "Infinity Fabric",
					    "Ethernet", "none"};

	return (unsigned)k <= LINK_NONE ? names[k] : "?";
}

/* MAMF / spec of dtype d. A dtype never measured on this GPU takes the
 * ratio of the nearest one that was (FP4 and INT8 run on the FP8 path's
 * hardware generation); a GPU never measured, the typical ratio. */
double
gpu_matmul_efficiency(const struct gpu *g, enum compute_dtype d, enum mamf_basis *basis)
{
	const enum compute_dtype order[] = {d, CD_FP8, CD_BF16, CD_FP16};

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		enum compute_dtype c = order[i];

		if (g->mamf[c] > 0 && g->tflops[c] > 0) {
			if (basis != NULL)
				*basis = c == d ? MAMF_MEASURED : MAMF_OTHER_DTYPE;
			return g->mamf[c] / g->tflops[c];
		}
	}
	if (basis != NULL)
		*basis = MAMF_TYPICAL;
	return GPU_MAMF_TYPICAL;
}
