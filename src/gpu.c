/* gpu.c - names of GPU enums. */
#include "gpu.h"

const char *
compute_dtype_name(enum compute_dtype d)
{
	static const char *const names[CD_COUNT] = {"BF16", "FP16", "FP8", "INT8", "FP4"};

	return (unsigned)d < CD_COUNT ? names[d] : "?";
}

const char *
link_kind_name(enum link_kind k)
{
	static const char *const names[] = {"NVLink", "PCIe", "Infinity Fabric",
					    "Ethernet", "none"};

	return (unsigned)k <= LINK_NONE ? names[k] : "?";
}
