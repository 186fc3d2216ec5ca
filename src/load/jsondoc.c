/* jsondoc.c - field readers shared by the catalog and ledger loaders. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
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

static cJSON *
parse(const struct jdoc_ctx *x, const char *text, struct jdoc_span span, struct jdoc_arena *a)
{
	const char *start = text + span.off, *end = NULL;
	size_t off, stop = span.off + span.len;
	cJSON *root;
	const char *dup;

	if (a != NULL) {
		cJSON_Hooks hooks = {arena_alloc, arena_release};

		filling = a;
		cJSON_InitHooks(&hooks);
	}
	root = cJSON_ParseWithLengthOpts(start, span.len, &end, 0);
	if (a != NULL) {
		cJSON_InitHooks(NULL);	/* back to malloc and free */
		filling = NULL;
	}
	off = end != NULL && end >= start ? (size_t)(end - text) : span.off;
	if (root == NULL) {
		jdoc_fail(x, "not valid JSON (near line %d, byte %zu)", line_of(text, stop, off), off);
		return NULL;
	}
	/* cJSON stops after the first value; anything but blanks after it
	 * means a damaged file, not a document to half-read. */
	while (off < stop && (text[off] == ' ' || text[off] == '\t' ||
			      text[off] == '\n' || text[off] == '\r'))
		off++;
	if (off < stop && text[off] != '\0') {
		jdoc_fail(x, "not valid JSON: text after the end of the document (near line %d, byte %zu)",
			  line_of(text, stop, off), off);
		goto fail;
	}
	if ((dup = duplicate_key(root, 0)) != NULL) {
		jdoc_fail(x, "key \"%s\" appears twice in one object", dup);
		goto fail;
	}
	return root;
fail:
	if (a == NULL)
		cJSON_Delete(root);	/* an arena's tree goes with the arena */
	return NULL;
}

cJSON *
jdoc_parse(const struct jdoc_ctx *x, const char *text, size_t len)
{
	return parse(x, text, (struct jdoc_span){0, len}, NULL);
}

cJSON *
jdoc_parse_arena(const struct jdoc_ctx *x, const char *text, struct jdoc_span span,
		 struct jdoc_arena *a)
{
	return parse(x, text, span, a);
}

/* The index: a validating walk that builds nothing. */
enum { JDOC_DEPTH = 1000 };	/* cJSON's CJSON_NESTING_LIMIT */

enum role { ROOT, LIST, ENTRY, OTHER };

struct scan {
	const char *text, *p, *end;
	const char *list;
	size_t list_len;
	struct jdoc_index *ix;
	const char *why;	/* a reason beyond "not valid JSON", or NULL */
};

static bool scan_value(struct scan *s, int depth, enum role role);

/* Byte classes: 1 a blank, 2 a byte a string holds as it is (not a
 * control byte, '"' or '\\'). A table, as the tests per byte were
 * most of the walk. */
#define PLAIN16 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2
static const unsigned char byte_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,		/* \t \n \r */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,		/* ' ' '"' */
	PLAIN16, PLAIN16,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2,		/* '\\' */
	PLAIN16, PLAIN16,
	PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16, PLAIN16,
};
#undef PLAIN16

static void
scan_blanks(struct scan *s)
{
	const char *p = s->p;

	while (p < s->end && (byte_class[(unsigned char)*p] & 1))
		p++;
	s->p = p;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* At '"': past the closing quote; *escaped says whether it held a \. */
static bool
scan_string(struct scan *s, bool *escaped)
{
	const char *p = s->p + 1, *end = s->end;

	*escaped = false;
	for (;;) {
		/* most of a catalog's bytes are here */
		while (p < end && (byte_class[(unsigned char)*p] & 2))
			p++;
		if (p >= end || *p != '\\') {
			s->p = p;
			if (p >= end || *p != '"')
				return false;	/* unterminated, or a raw control byte */
			s->p++;
			return true;
		}
		*escaped = true;
		if (++p >= end)
			break;
		if (*p == 'u') {
			for (int i = 1; i <= 4; i++) {
				if (p + i >= end || !is_hex(p[i])) {
					s->p = p;
					return false;
				}
			}
			p += 5;
		} else if (strchr("\"\\/bfnrt", *p) != NULL && *p != '\0') {
			p++;
		} else {
			break;
		}
	}
	s->p = p;
	return false;
}

static const char *
scan_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
scan_number(struct scan *s)
{
	const char *p = s->p, *end = s->end, *q;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		p = scan_digits(p, end);
	else
		goto bad;
	if (p < end && *p == '.') {
		q = p + 1;
		if ((p = scan_digits(q, end)) == q)
			goto bad;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		q = ++p;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if ((p = scan_digits(q, end)) == q)
			goto bad;
	}
	s->p = p;
	return true;
bad:
	s->p = p;
	return false;
}

static bool
scan_word(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return false;
	s->p += n;
	return true;
}

static bool
add_entry(struct scan *s, struct jdoc_span value)
{
	struct jdoc_index *ix = s->ix;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 128;
		struct jdoc_entry *e = realloc(ix->entry, cap * sizeof *e);

		if (e == NULL) {
			s->why = "out of memory";
			return false;
		}
		ix->entry = e;
		ix->cap = cap;
	}
	/* the id is found while the entry is walked, so it is set first */
	ix->entry[ix->n++] = (struct jdoc_entry){value, {0, 0}};
	return true;
}

static bool
scan_object(struct scan *s, int depth, enum role role)
{
	s->p++;
	scan_blanks(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return true;
	}
	for (;;) {
		const char *key = s->p + 1, *at;
		size_t key_len;
		bool escaped;
		enum role inner = OTHER;

		if (s->p >= s->end || *s->p != '"' || !scan_string(s, &escaped))
			return false;
		key_len = (size_t)(s->p - 1 - key);
		scan_blanks(s);
		if (s->p >= s->end || *s->p != ':')
			return false;
		s->p++;
		scan_blanks(s);
		at = s->p;
		if (role == ROOT && !escaped && key_len == s->list_len &&
		    memcmp(key, s->list, key_len) == 0) {
			inner = LIST;
			s->ix->n = 0;	/* a second list is an error the header finds */
		}
		if (!scan_value(s, depth, inner))
			return false;
		if (inner == LIST)
			s->ix->list = (struct jdoc_span){(size_t)(at - s->text), (size_t)(s->p - at)};
		if (role == ENTRY && !escaped && key_len == 2 && memcmp(key, "id", 2) == 0 &&
		    *at == '"' && memchr(at + 1, '\\', (size_t)(s->p - at - 2)) == NULL)
			s->ix->entry[s->ix->n - 1].id =
				(struct jdoc_span){(size_t)(at + 1 - s->text), (size_t)(s->p - at - 2)};
		scan_blanks(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			scan_blanks(s);
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return true;
		}
		return false;
	}
}

static bool
scan_array(struct scan *s, int depth, enum role role)
{
	s->p++;
	scan_blanks(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return true;
	}
	for (;;) {
		const char *at = s->p;

		if (role == LIST && !add_entry(s, (struct jdoc_span){(size_t)(at - s->text), 0}))
			return false;
		if (!scan_value(s, depth, role == LIST ? ENTRY : OTHER))
			return false;
		if (role == LIST)
			s->ix->entry[s->ix->n - 1].value.len = (size_t)(s->p - at);
		scan_blanks(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			scan_blanks(s);
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			return true;
		}
		return false;
	}
}

static bool
scan_value(struct scan *s, int depth, enum role role)
{
	bool escaped;

	if (s->p >= s->end)
		return false;
	if ((*s->p == '{' || *s->p == '[') && depth >= JDOC_DEPTH) {
		s->why = "nested more than 1000 deep";
		return false;
	}
	switch (*s->p) {
	case '{':
		return scan_object(s, depth + 1, role);
	case '[':
		return scan_array(s, depth + 1, role);
	case '"':
		return scan_string(s, &escaped);
	case 't':
		return scan_word(s, "true");
	case 'f':
		return scan_word(s, "false");
	case 'n':
		return scan_word(s, "null");
	default:
		return scan_number(s);
	}
}

int
jdoc_index(const struct jdoc_ctx *x, const char *text, size_t len, struct jdoc_index *ix)
{
	struct scan s = {text, text, text + len, x->list, x->list ? strlen(x->list) : 0, ix, NULL};
	size_t off;

	memset(ix, 0, sizeof *ix);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		s.p += 3;	/* a byte-order mark, which cJSON skips too */
	scan_blanks(&s);
	if (!scan_value(&s, 0, ROOT)) {
		off = (size_t)(s.p - text);
		jdoc_fail(x, "not valid JSON%s%s (near line %d, byte %zu)", s.why ? ": " : "",
			  s.why ? s.why : "", line_of(text, len, off), off);
		jdoc_index_free(ix);
		return -1;
	}
	scan_blanks(&s);
	off = (size_t)(s.p - text);
	if (off < len && text[off] != '\0') {
		jdoc_fail(x, "not valid JSON: text after the end of the document (near line %d, byte %zu)",
			  line_of(text, len, off), off);
		jdoc_index_free(ix);
		return -1;
	}
	return 0;
}

void
jdoc_index_free(struct jdoc_index *ix)
{
	free(ix->entry);
	memset(ix, 0, sizeof *ix);
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
