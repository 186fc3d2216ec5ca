/* jsondoc.c - field readers shared by the catalog and ledger loaders. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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
		if ((dup = duplicate_key(a, depth + 1)) != NULL)
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

cJSON *
jdoc_parse(const struct jdoc_ctx *x, const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	size_t off = end != NULL && end >= text ? (size_t)(end - text) : 0;
	const char *dup;

	if (root == NULL) {
		int line = line_of(text, len, off);

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
		cJSON_Delete(root);
		return NULL;
	}
	if ((dup = duplicate_key(root, 0)) != NULL) {
		jdoc_fail(x, "key \"%s\" appears twice in one object", dup);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

const cJSON *
jdoc_header(const struct jdoc_ctx *x, const cJSON *root, const char *format, int version)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, x->list);

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
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
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
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (v == NULL || cJSON_IsNull(v))
		return required ? jdoc_fail(x, "field \"%s\" is missing", key) : 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < min ||
	    v->valuedouble > max)
		return jdoc_fail(x, "field \"%s\": expected a number from %g to %g", key, min, max);
	*out = v->valuedouble;
	return 0;
}
