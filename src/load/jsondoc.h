/* jsondoc.h - reading gpuplan's versioned JSON files (catalogs, the
 * measurements ledger, config.json) with messages that name the file,
 * the entry and the field. */
#ifndef GPUPLAN_JSONDOC_H
#define GPUPLAN_JSONDOC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "error.h"

/* Where a read went wrong: "file: list[3] (\"id\"): ". */
struct jdoc_ctx {
	const char *file;
	const char *list;	/* the top-level list being read */
	int index;		/* its entry, or -1 */
	const char *id;		/* the entry's id once known */
	struct gp_error *err;
};

int jdoc_fail(const struct jdoc_ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parses text; on error says where (line and byte). */
cJSON *jdoc_parse(const struct jdoc_ctx *x, const char *text, size_t len);

/* A read-only tree kept in a few large blocks: a catalog holds some
 * 40,000 nodes, and a malloc and a free for each was half of start-up.
 * Free it with jdoc_arena_free, never cJSON_Delete. */
struct jdoc_arena {
	struct jdoc_block *head;
};

cJSON *jdoc_parse_arena(const struct jdoc_ctx *x, const char *text, size_t len,
			struct jdoc_arena *a);
void jdoc_arena_free(struct jdoc_arena *a);

/* cJSON_GetObjectItemCaseSensitive, a first-byte test before strcmp. */
const cJSON *jdoc_get(const cJSON *o, const char *key);

/* {"format": format, "version": version, list: [...]}: returns the list. */
const cJSON *jdoc_header(const struct jdoc_ctx *x, const cJSON *root, const char *format,
			 int version);

/* A string field; required ones must be non-empty. */
int jdoc_text(const struct jdoc_ctx *x, const cJSON *o, const char *key, char *out,
	      size_t size, bool required);

/* A number field in [min, max]; an absent optional one leaves *out. */
int jdoc_num(const struct jdoc_ctx *x, const cJSON *o, const char *key, double min,
	     double max, bool required, double *out);

#endif
