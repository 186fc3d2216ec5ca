/* gguf.h - a llama.cpp GGUF file (or its split parts) read as a model:
 * the header's metadata and tensor infos, never the tensor data
 * (doc/planning-model.md, "GGUF files"). */
#ifndef GPUPLAN_GGUF_H
#define GPUPLAN_GGUF_H

#include <stdint.h>

#include "catalog.h"
#include "error.h"
#include "hfconfig.h"
#include "model.h"
#include "scenario.h"

/* Bounds on what a header may ask of the reader: more is refused with
 * the byte offset, so no count from the file sizes an allocation. */
#define GGUF_MAX_TENSORS 65536u		/* per part */
#define GGUF_MAX_KV 65536u
#define GGUF_MAX_STRING (1u << 20)	/* one key or string value */
#define GGUF_MAX_ARRAY (1u << 24)	/* elements of one array value */
#define GGUF_MAX_PARTS 256u		/* split files */
#define GGUF_MAX_DIMS 4u		/* ggml's GGML_MAX_DIMS */

/* A ggml tensor type (ggml/include/ggml.h enum ggml_type numbering):
 * its name, elements per block and bytes per block; NULL name for a
 * number ggml does not use. */
struct gguf_type {
	const char *name;
	uint32_t block;
	uint32_t bytes;
};

/* The type numbered t, or NULL when ggml has none by that number. */
const struct gguf_type *gguf_type_info(uint32_t t);

/* Reads path (any part of a split file brings all of them from its
 * directory) into m: architecture from the {arch}.* keys, vocabulary
 * from token_embd, and the weights as the file stores them: m->quant
 * and m->quant_exact set, m->quant_bits[g] such that memory.c's total
 * is the tensors' exact bytes. info (may be NULL) gets the path, the
 * architecture as model_type, the tensor bytes as checkpoint_bytes, the
 * dominant type as weights and notes. Errors name the file, the byte
 * offset where one applies, and the reason. */
int gguf_load(const char *path, struct model *m, struct hf_import *info,
	      struct gp_error *err);

/* Loads path into c under its own id (a model already there with the
 * id is replaced when HFIMPORT_REUSE_ID is given, else the id gets
 * catalog_add_model's suffix), makes it s->model and its dominant type
 * s->weights. On error c and s are unchanged. */
int gguf_into(struct catalog *c, struct scenario *s, const char *path,
	      int flags, struct gp_error *err);

#endif
