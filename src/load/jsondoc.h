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

/* Parses text[span] into a (start with {NULL}; one arena takes many
 * parses); errors name lines and bytes of the whole text. */
struct jdoc_span {
	size_t off, len;
};
cJSON *jdoc_parse_arena(const struct jdoc_ctx *x, const char *text, struct jdoc_span span,
			struct jdoc_arena *a);
void jdoc_arena_free(struct jdoc_arena *a);

/* A versioned file's top-level list, found without building a tree. A
 * command that plans one model on one GPU needs two entries of a
 * hundred, and cJSON's tree of the rest was most of its start-up. */
struct jdoc_entry {
	struct jdoc_span value;
	struct jdoc_span id;	/* the "id" string's bytes; len 0: none, or escaped */
};

struct jdoc_index {
	struct jdoc_span list;	/* the value of the member x->list; len 0: absent */
	struct jdoc_entry *entry;	/* its entries when it is a list */
	size_t n, cap;
};

/* Checks that text is one JSON document (RFC 8259, nested at most 1000
 * deep, as cJSON allows) and indexes x->list; on error says where. */
int jdoc_index(const struct jdoc_ctx *x, const char *text, size_t len, struct jdoc_index *ix);
void jdoc_index_free(struct jdoc_index *ix);

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
