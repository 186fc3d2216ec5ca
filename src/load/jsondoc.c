/* jsondoc.c - field readers shared by the catalog and ledger loaders. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsondoc.h"

int
jdoc_fail(const struct jdoc_ctx *x, const char *fmt, ...)
{
	char msg[GP_ERROR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (x->index < 0 || x->list == NULL)
		return gp_error_set(x->err, "%s: %s", x->file, msg);
	if (x->id != NULL)
		return gp_error_set(x->err, "%s: %s[%d] (\"%s\"): %s", x->file, x->list,
				    x->index, x->id, msg);
	return gp_error_set(x->err, "%s: %s[%d]: %s", x->file, x->list, x->index, msg);
}

/* cJSON keeps every copy of a repeated key and reads the first; in a
 * hand-edited catalog the second is usually the one meant, so a
 * repeat is an error. */
static const char *
duplicate_key(const cJSON *node, int depth)
{
	const cJSON *a, *b;

	if (depth > 64)
		return NULL;
	for (a = node ? node->child : NULL; a != NULL; a = a->next) {
		const char *dup;

		if (cJSON_IsObject(node) && a->string != NULL) {
			/* the first byte settles nearly every pair */
			for (b = a->next; b != NULL; b = b->next) {
				if (b->string != NULL && b->string[0] == a->string[0] &&
				    strcmp(a->string, b->string) == 0)
					return a->string;
			}
		}
		/* leaves, most of a catalog, hold no objects */
		if (a->child != NULL && (dup = duplicate_key(a, depth + 1)) != NULL)
			return dup;
	}
	return NULL;
}

/* "near line N, byte M" of offset off */
static int
line_of(const char *text, size_t len, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		line += text[i] == '\n';
	return line;
}

struct jdoc_block {
	struct jdoc_block *next;
	size_t used, size;
	max_align_t data[];
};

enum { JDOC_BLOCK = 256 * 1024 };

/* cJSON's allocator hooks take no context, so the arena being filled
 * is the one file-scope variable; it is set only inside
 * jdoc_parse_arena. */
static struct jdoc_arena *filling;

static void *
arena_alloc(size_t n)
{
	struct jdoc_block *b = filling->head;
	size_t need = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);

	if (b == NULL || b->size - b->used < need) {
		size_t size = need > JDOC_BLOCK ? need : JDOC_BLOCK;

		b = malloc(sizeof *b + size);
		if (b == NULL)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = filling->head;
		filling->head = b;
	}
	b->used += need;
	return (char *)b->data + b->used - need;
}

static void
arena_release(void *p)
{
	(void)p;	/* the whole arena goes at once */
}

void
jdoc_arena_free(struct jdoc_arena *a)
{
	while (a->head != NULL) {
		struct jdoc_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

static void
drop(cJSON *root, struct jdoc_arena *a)
{
	if (a != NULL)
		jdoc_arena_free(a);
	else
		cJSON_Delete(root);
}

static cJSON *
parse(const struct jdoc_ctx *x, const char *text, size_t len, struct jdoc_arena *a)
{
	const char *end = NULL;
	cJSON *root;
	size_t off;
	const char *dup;

	if (a != NULL) {
		cJSON_Hooks hooks = {arena_alloc, arena_release};

		a->head = NULL;
		filling = a;
		cJSON_InitHooks(&hooks);
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (a != NULL) {
		cJSON_InitHooks(NULL);	/* back to malloc and free */
		filling = NULL;
	}
	off = end != NULL && end >= text ? (size_t)(end - text) : 0;
	if (root == NULL) {
		int line = line_of(text, len, off);

		if (a != NULL)
			jdoc_arena_free(a);
		jdoc_fail(x, "not valid JSON (near line %d, byte %zu)", line, off);
		return NULL;
	}
	/* cJSON stops after the first value; anything but blanks after it
	 * means a damaged file, not a document to half-read. */
	while (off < len && (text[off] == ' ' || text[off] == '\t' ||
			     text[off] == '\n' || text[off] == '\r'))
		off++;
	if (off < len && text[off] != '\0') {
		int line = line_of(text, len, off);

		jdoc_fail(x, "not valid JSON: text after the end of the document (near line %d, byte %zu)",
			  line, off);
		drop(root, a);
		return NULL;
	}
	if ((dup = duplicate_key(root, 0)) != NULL) {
		jdoc_fail(x, "key \"%s\" appears twice in one object", dup);
		drop(root, a);
		return NULL;
	}
	return root;
}

cJSON *
jdoc_parse(const struct jdoc_ctx *x, const char *text, size_t len)
{
	return parse(x, text, len, NULL);
}

cJSON *
jdoc_parse_arena(const struct jdoc_ctx *x, const char *text, size_t len, struct jdoc_arena *a)
{
	return parse(x, text, len, a);
}

const cJSON *
jdoc_get(const cJSON *o, const char *key)
{
	const cJSON *c;

	if (!cJSON_IsObject(o) && !cJSON_IsArray(o))
		return NULL;
	for (c = o->child; c != NULL; c = c->next) {
		if (c->string != NULL && c->string[0] == key[0] && strcmp(c->string, key) == 0)
			return c;
	}
	return NULL;
}

const cJSON *
jdoc_header(const struct jdoc_ctx *x, const cJSON *root, const char *format, int version)
{
	const cJSON *fmt = jdoc_get(root, "format");
	const cJSON *ver = jdoc_get(root, "version");
	const cJSON *items = jdoc_get(root, x->list);

	if (!cJSON_IsObject(root))
		return jdoc_fail(x, "expected a JSON object at the top"), NULL;
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, format) != 0)
		return jdoc_fail(x, "field \"format\": expected \"%s\"", format), NULL;
	if (!cJSON_IsNumber(ver))
		return jdoc_fail(x, "field \"version\" is missing"), NULL;
	/* compared as a double: a huge version must not overflow an int */
	if (ver->valuedouble != version)
		return jdoc_fail(x, "version %g is not supported (this gpuplan reads version %d)",
				 ver->valuedouble, version), NULL;
	if (!cJSON_IsArray(items))
		return jdoc_fail(x, "field \"%s\": expected a list", x->list), NULL;
	return items;
}

int
jdoc_text(const struct jdoc_ctx *x, const cJSON *o, const char *key, char *out,
	  size_t size, bool required)
{
	const cJSON *v = jdoc_get(o, key);
	size_t n;

	out[0] = '\0';
	if (v == NULL || cJSON_IsNull(v))
		return required ? jdoc_fail(x, "field \"%s\" is missing", key) : 0;
	if (!cJSON_IsString(v))
		return jdoc_fail(x, "field \"%s\": expected a string", key);
	if (required && v->valuestring[0] == '\0')
		return jdoc_fail(x, "field \"%s\" is empty", key);
	n = strlen(v->valuestring);
	if (n >= size)
		n = size - 1;	/* cut, as snprintf would; catalog fields fit */
	memcpy(out, v->valuestring, n);
	out[n] = '\0';
	return 0;
}

int
jdoc_num(const struct jdoc_ctx *x, const cJSON *o, const char *key, double min,
	 double max, bool required, double *out)
{
	const cJSON *v = jdoc_get(o, key);

	if (v == NULL || cJSON_IsNull(v))
		return required ? jdoc_fail(x, "field \"%s\" is missing", key) : 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < min ||
	    v->valuedouble > max)
		return jdoc_fail(x, "field \"%s\": expected a number from %g to %g", key, min, max);
	*out = v->valuedouble;
	return 0;
}
