/* gguf.c - the header of a GGUF file, read with bounds: metadata and
 * tensor infos, never the tensor data. Layout: ggml/docs/gguf.md and
 * ggml/src/gguf.cpp (gguf_init_from_file_impl) in ggml-org/llama.cpp;
 * little-endian, version 2 and 3 (version 1 had 32-bit counts and is
 * refused). The {arch}.* keys and tensor names are llama.cpp's
 * (src/llama-arch.cpp LLM_KV_NAMES, LLM_TENSOR_NAMES). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "format.h"
#include "gguf.h"
#include "hfimport.h"

/* ggml/include/ggml.h enum ggml_type and ggml/src/ggml-common.h block
 * structs (their static_asserts give the bytes), ggml-org/llama.cpp,
 * read 2026-12-02. Numbers 4, 5 and 31..38 are types ggml removed. */
static const struct gguf_type ggml_types[] = {
	[0] = {"F32", 1, 4},
	[1] = {"F16", 1, 2},
	[2] = {"Q4_0", 32, 18},		/* f16 d + 16 B nibbles */
	[3] = {"Q4_1", 32, 20},		/* f16 d, m + 16 B */
	[6] = {"Q5_0", 32, 22},		/* f16 d + 4 B high bits + 16 B */
	[7] = {"Q5_1", 32, 24},
	[8] = {"Q8_0", 32, 34},		/* f16 d + 32 int8 */
	[9] = {"Q8_1", 32, 36},
	[10] = {"Q2_K", 256, 84},	/* 2 f16 + 16 scales + 64 quants */
	[11] = {"Q3_K", 256, 110},	/* f16 + 64 + 32 + 12 */
	[12] = {"Q4_K", 256, 144},	/* 2 f16 + 12 scales + 128 */
	[13] = {"Q5_K", 256, 176},	/* 2 f16 + 12 + 128 + 32 */
	[14] = {"Q6_K", 256, 210},	/* f16 + 16 + 128 + 64 */
	[15] = {"Q8_K", 256, 292},	/* f32 + 256 + 16 int16 */
	[16] = {"IQ2_XXS", 256, 66},
	[17] = {"IQ2_XS", 256, 74},
	[18] = {"IQ3_XXS", 256, 98},
	[19] = {"IQ1_S", 256, 50},
	[20] = {"IQ4_NL", 32, 18},
	[21] = {"IQ3_S", 256, 110},
	[22] = {"IQ2_S", 256, 82},
	[23] = {"IQ4_XS", 256, 136},
	[24] = {"I8", 1, 1},
	[25] = {"I16", 1, 2},
	[26] = {"I32", 1, 4},
	[27] = {"I64", 1, 8},
	[28] = {"F64", 1, 8},
	[29] = {"IQ1_M", 256, 56},
	[30] = {"BF16", 1, 2},
	[34] = {"TQ1_0", 256, 54},
	[35] = {"TQ2_0", 256, 66},
	[39] = {"MXFP4", 32, 17},	/* E8M0 scale + 16 B of E2M1 */
	[40] = {"NVFP4", 64, 36},	/* 4 UE4M3 scales + 32 B of E2M1 */
	[41] = {"Q1_0", 128, 18},	/* f16 d + 16 B of bits */
};
#define N_TYPES (sizeof ggml_types / sizeof ggml_types[0])

const struct gguf_type *
gguf_type_info(uint32_t t)
{
	return t < N_TYPES && ggml_types[t].name != NULL ? &ggml_types[t] : NULL;
}

/* gguf_type of the metadata values (ggml/include/gguf.h). */
enum {
	V_U8, V_I8, V_U16, V_I16, V_U32, V_I32, V_F32, V_BOOL, V_STRING,
	V_ARRAY, V_U64, V_I64, V_F64, V_COUNT
};
static const uint8_t value_size[V_COUNT] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
static const char *const value_name[V_COUNT] = {
	"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
	"bool", "string", "array", "uint64", "int64", "float64",
};

/* ------------------------------------------------------------------ */
/* The byte reader: every read checks the end, every error the offset.  */
/* ------------------------------------------------------------------ */

struct rd {
	FILE *f;
	const char *path;
	uint64_t off, size;
	struct gp_error *err;
};

static int rd_fail(struct rd *r, uint64_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
rd_fail(struct rd *r, uint64_t at, const char *fmt, ...)
{
	char why[GP_ERROR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return gp_error_set(r->err, "%s: byte %llu: %s", r->path, (unsigned long long)at, why);
}

static int
rd_bytes(struct rd *r, void *buf, uint64_t n, const char *what)
{
	if (n > r->size - r->off)
		return rd_fail(r, r->off, "the file ends inside %s (%llu bytes)", what,
			       (unsigned long long)r->size);
	if (n > 0 && fread(buf, 1, (size_t)n, r->f) != n)
		return rd_fail(r, r->off, "cannot read %s: %s", what,
			       ferror(r->f) ? strerror(errno) : "short read");
	r->off += n;
	return 0;
}

static int
rd_skip(struct rd *r, uint64_t n, const char *what)
{
	if (n > r->size - r->off)
		return rd_fail(r, r->off, "the file ends inside %s (%llu bytes)", what,
			       (unsigned long long)r->size);
	if (fseeko(r->f, (off_t)(r->off + n), SEEK_SET) != 0)
		return rd_fail(r, r->off, "cannot seek past %s: %s", what, strerror(errno));
	r->off += n;
	return 0;
}

/* Little-endian, whatever the host. */
static int
rd_uint(struct rd *r, unsigned n, uint64_t *out, const char *what)
{
	unsigned char b[8];

	if (rd_bytes(r, b, n, what) != 0)
		return -1;
	*out = 0;
	for (unsigned i = n; i-- > 0;)
		*out = *out << 8 | b[i];
	return 0;
}

static int
rd_u32(struct rd *r, uint32_t *out, const char *what)
{
	uint64_t v;

	if (rd_uint(r, 4, &v, what) != 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* A gguf_string: u64 length, then the bytes. One longer than len - 1
 * is refused (keys and kept values are short); NULL buf skips it. */
static int
rd_string(struct rd *r, char *buf, size_t len, const char *what)
{
	uint64_t n, at = r->off;

	if (rd_uint(r, 8, &n, what) != 0)
		return -1;
	if (n > GGUF_MAX_STRING)
		return rd_fail(r, at, "%s length %llu is more than the %u gpuplan reads", what,
			       (unsigned long long)n, GGUF_MAX_STRING);
	if (n > r->size - r->off)
		return rd_fail(r, at, "%s length %llu runs past the end of the file (%llu bytes)",
			       what, (unsigned long long)n, (unsigned long long)r->size);
	if (buf == NULL)
		return rd_skip(r, n, what);
	if (n >= len)
		return rd_fail(r, at, "%s length %llu is more than the %zu gpuplan reads", what,
			       (unsigned long long)n, len - 1);
	if (rd_bytes(r, buf, n, what) != 0)
		return -1;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL)
		return rd_fail(r, at, "%s has a NUL byte", what);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Metadata kept: scalars, short strings, per-layer integer arrays.     */
/* ------------------------------------------------------------------ */

#define KEY_LEN 96
#define STR_LEN 128
#define KEEP_KV 1024		/* keys kept per part; files have ~50 */

struct kv {
	char key[KEY_LEN];
	uint32_t type;			/* V_* of the value, or of the
					 * array's elements */
	bool array;
	bool neg;			/* a negative integer */
	uint64_t u;			/* an integer's magnitude */
	double f;			/* a float's value */
	char s[STR_LEN];
	uint32_t n;			/* array elements kept in a[] */
	uint64_t at;			/* where the value starts */
	uint32_t a[MODEL_MAX_LAYERS];
};

struct header {
	uint32_t version;
	uint64_t n_tensors, n_kv;
	struct kv *kv;			/* KEEP_KV of them */
	uint32_t n_keep;
};

static bool
is_int(uint32_t t)
{
	return t <= V_I32 || t == V_U64 || t == V_I64 || t == V_BOOL;
}

static bool
is_signed(uint32_t t)
{
	return t == V_I8 || t == V_I16 || t == V_I32 || t == V_I64;
}

/* A scalar of type t into k (NULL: skipped). */
static int
rd_scalar(struct rd *r, uint32_t t, struct kv *k, const char *what)
{
	uint64_t v;

	if (t == V_STRING) {
		uint64_t at = r->off, n;

		if (k == NULL)
			return rd_string(r, NULL, 0, what);
		/* a long string we keep only the start of */
		if (rd_uint(r, 8, &n, what) != 0)
			return -1;
		if (n > GGUF_MAX_STRING)
			return rd_fail(r, at, "%s length %llu is more than the %u gpuplan reads",
				       what, (unsigned long long)n, GGUF_MAX_STRING);
		if (n > r->size - r->off)
			return rd_fail(r, at, "%s length %llu runs past the end of the file (%llu bytes)",
				       what, (unsigned long long)n, (unsigned long long)r->size);
		if (rd_bytes(r, k->s, n < STR_LEN ? n : STR_LEN - 1, what) != 0)
			return -1;
		k->s[n < STR_LEN ? n : STR_LEN - 1] = '\0';
		return n < STR_LEN ? 0 : rd_skip(r, n - (STR_LEN - 1), what);
	}
	if (rd_uint(r, value_size[t], &v, what) != 0)
		return -1;
	if (k == NULL)
		return 0;
	if (t == V_F32) {
		float x;
		uint32_t w = (uint32_t)v;

		memcpy(&x, &w, sizeof x);
		k->f = x;
	} else if (t == V_F64) {
		memcpy(&k->f, &v, sizeof k->f);
	} else {
		unsigned bits = 8u * value_size[t];

		if (is_signed(t) && bits < 64 && (v >> (bits - 1)) & 1)
			v |= ~0ull << bits;	/* sign-extend */
		k->neg = is_signed(t) && (int64_t)v < 0;
		k->u = k->neg ? 0 - v : v;
		k->f = k->neg ? -(double)k->u : (double)k->u;
	}
	return 0;
}

/* The metadata keys gpuplan reads start with one of these; the rest
 * (tokenizer.*) is skipped. */
static bool
wanted(const char *key)
{
	return strncmp(key, "tokenizer.", 10) != 0;
}

static int
rd_kv(struct rd *r, struct header *h)
{
	char key[KEY_LEN], what[KEY_LEN + 32];
	uint64_t at = r->off, n;
	uint32_t t;
	struct kv *k = NULL;

	/* a key too long to keep is read past and not kept */
	if (rd_uint(r, 8, &n, "a metadata key") != 0)
		return -1;
	if (n > GGUF_MAX_STRING)
		return rd_fail(r, at, "metadata key length %llu is more than the %u gpuplan reads",
			       (unsigned long long)n, GGUF_MAX_STRING);
	if (n < KEY_LEN) {
		if (rd_bytes(r, key, n, "a metadata key") != 0)
			return -1;
		key[n] = '\0';
		if (memchr(key, '\0', (size_t)n) != NULL)
			return rd_fail(r, at, "metadata key has a NUL byte");
	} else {
		if (rd_skip(r, n, "a metadata key") != 0)
			return -1;
		key[0] = '\0';
	}
	snprintf(what, sizeof what, "key %s", key[0] ? key : "(long)");
	if (rd_u32(r, &t, what) != 0)
		return -1;
	if (t >= V_COUNT)
		return rd_fail(r, r->off - 4, "%s: value type %u is none of GGUF's 0..%u", what, t,
			       V_COUNT - 1);
	if (key[0] && wanted(key)) {
		if (h->n_keep == KEEP_KV)
			return rd_fail(r, at, "more than %d metadata keys besides tokenizer.*: gpuplan keeps no more",
				       KEEP_KV);
		for (uint32_t i = 0; i < h->n_keep; i++) {
			if (strcmp(h->kv[i].key, key) == 0)
				return rd_fail(r, at, "key %s appears twice", key);
		}
		k = &h->kv[h->n_keep];
		memset(k, 0, sizeof *k);
		snprintf(k->key, sizeof k->key, "%s", key);
		k->at = r->off;
	}
	if (t == V_ARRAY) {
		uint32_t et;
		uint64_t cnt, n_at;

		if (rd_u32(r, &et, what) != 0)
			return -1;
		if (et >= V_COUNT || et == V_ARRAY)
			return rd_fail(r, r->off - 4, "%s: array element type %u is not one GGUF arrays hold",
				       what, et);
		n_at = r->off;
		if (rd_uint(r, 8, &cnt, what) != 0)
			return -1;
		if (cnt > GGUF_MAX_ARRAY)
			return rd_fail(r, n_at, "%s: array of %llu elements is more than the %u gpuplan reads",
				       what, (unsigned long long)cnt, GGUF_MAX_ARRAY);
		if (k != NULL) {
			k->type = et;
			k->array = true;
		}
		if (et == V_STRING) {
			for (uint64_t i = 0; i < cnt; i++) {
				if (rd_string(r, NULL, 0, what) != 0)
					return -1;
			}
		} else if (k != NULL && is_int(et) && cnt <= MODEL_MAX_LAYERS) {
			struct kv one;

			for (uint64_t i = 0; i < cnt; i++) {
				memset(&one, 0, sizeof one);
				if (rd_scalar(r, et, &one, what) != 0)
					return -1;
				k->a[i] = one.neg || one.u > UINT32_MAX ? UINT32_MAX : (uint32_t)one.u;
			}
			k->n = (uint32_t)cnt;
		} else if (cnt > (r->size - r->off) / value_size[et]) {
			return rd_fail(r, n_at, "%s: array of %llu %s runs past the end of the file",
				       what, (unsigned long long)cnt, value_name[et]);
		} else if (rd_skip(r, cnt * value_size[et], what) != 0) {
			return -1;
		}
	} else {
		if (k != NULL)
			k->type = t;
		if (rd_scalar(r, t, k, what) != 0)
			return -1;
	}
	if (k != NULL)
		h->n_keep++;
	return 0;
}

static const struct kv *
find_kv(const struct header *h, const char *key)
{
	for (uint32_t i = 0; i < h->n_keep; i++) {
		if (strcmp(h->kv[i].key, key) == 0)
			return &h->kv[i];
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Tensors: summed per parameter group as they are read.               */
/* ------------------------------------------------------------------ */

struct tensors {
	uint64_t n;			/* over all parts */
	uint64_t bytes;			/* their data, exact */
	uint64_t group_bytes[PG_COUNT], group_elems[PG_COUNT];
	uint64_t type_bytes[N_TYPES];
	uint32_t type_count[N_TYPES];
	uint64_t embd_ne[2];		/* token_embd's shape */
	bool have_embd, have_output;
	bool moe_layer[MODEL_MAX_LAYERS];
	uint32_t max_layer;		/* 1 + the highest blk.N seen */
	/* per-tensor details, for the counts (norms: blk.0's) */
	bool attn_bias, o_bias, qk_norm, sinks, expert_bias, router_bias, shexp;
	uint32_t norms0;
	uint64_t mtp_elems, mtp_bytes;	/* nextn layers: not served */
};

static bool
ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* The group of a tensor by its llama.cpp name (LLM_TENSOR_NAMES):
 * blk.N.<part>.weight|bias, or a model-wide one. */
static enum param_group
tensor_group(const char *name, long *layer, const char **part)
{
	char *end;

	*layer = -1;
	*part = name;
	if (strncmp(name, "blk.", 4) == 0 && isdigit((unsigned char)name[4])) {
		*layer = strtol(name + 4, &end, 10);
		if (*end == '.')
			*part = end + 1;
	}
	if (strstr(*part, "norm") != NULL)
		return PG_NORM;
	if (*layer < 0) {
		if (strncmp(name, "token_embd.", 11) == 0)
			return PG_EMBED;
		if (strncmp(name, "output.", 7) == 0)
			return PG_LM_HEAD;
		return PG_EXTRA;	/* rope_freqs, vision towers ... */
	}
	if (strstr(*part, "_exps") != NULL || strncmp(*part, "exp_probs_b", 11) == 0)
		return strncmp(*part, "exp_probs_b", 11) == 0 ? PG_ROUTER : PG_EXPERTS;
	if (strstr(*part, "_shexp") != NULL)
		return PG_SHARED;
	if (strncmp(*part, "ffn_gate_inp", 12) == 0)
		return PG_ROUTER;
	if (strncmp(*part, "ffn_", 4) == 0)
		return PG_DENSE_FFN;
	if (strncmp(*part, "attn_", 5) == 0)
		return PG_ATTN;
	return PG_EXTRA;
}

/* One tensor info: name, n_dims, dims, type, offset. */
static int
rd_tensor(struct rd *r, struct tensors *ts, uint64_t index, uint32_t alignment,
	  uint32_t nextn_from, uint64_t *data_end)
{
	char name[64 + 1], what[96];
	uint64_t at = r->off, ne[GGUF_MAX_DIMS] = {1, 1, 1, 1}, elems = 1, offset, rows, bytes;
	uint32_t n_dims, type;
	const struct gguf_type *ti;
	const char *part;
	long layer;
	enum param_group g;

	snprintf(what, sizeof what, "tensor %llu's name", (unsigned long long)index);
	if (rd_string(r, name, sizeof name, what) != 0)
		return -1;
	snprintf(what, sizeof what, "tensor %s", name);
	if (rd_u32(r, &n_dims, what) != 0)
		return -1;
	if (n_dims == 0 || n_dims > GGUF_MAX_DIMS)
		return rd_fail(r, r->off - 4, "tensor %s: %u dimensions, ggml has 1..%u", name, n_dims,
			       GGUF_MAX_DIMS);
	for (uint32_t d = 0; d < n_dims; d++) {
		if (rd_uint(r, 8, &ne[d], what) != 0)
			return -1;
		if (ne[d] > INT64_MAX || (ne[d] > 0 && elems > INT64_MAX / ne[d]))
			return rd_fail(r, r->off - 8, "tensor %s: dimension %u (%llu) overflows its element count",
				       name, d, (unsigned long long)ne[d]);
		elems *= ne[d];
	}
	if (rd_u32(r, &type, what) != 0)
		return -1;
	if ((ti = gguf_type_info(type)) == NULL)
		return rd_fail(r, r->off - 4, "tensor %s: ggml type %u is not one gpuplan knows (ggml.h enum ggml_type)",
			       name, type);
	if (ne[0] % ti->block != 0)
		return rd_fail(r, r->off - 4, "tensor %s: row length %llu is not a multiple of %s's block of %u",
			       name, (unsigned long long)ne[0], ti->name, ti->block);
	if (rd_uint(r, 8, &offset, what) != 0)
		return -1;
	if (offset % alignment != 0)
		return rd_fail(r, r->off - 8, "tensor %s: data offset %llu is not a multiple of the alignment %u",
			       name, (unsigned long long)offset, alignment);
	/* ggml_nbytes: rows x (row length / block) x block bytes */
	rows = elems / (ne[0] > 0 ? ne[0] : 1);
	bytes = ne[0] / ti->block * ti->bytes;
	if (ne[0] == 0 || rows == 0) {
		bytes = 0;
	} else if (bytes > UINT64_MAX / 2 / rows) {
		return rd_fail(r, at, "tensor %s: %llu elements of %s overflow its size", name,
			       (unsigned long long)elems, ti->name);
	} else {
		bytes *= rows;
	}
	if (offset > UINT64_MAX / 2 - bytes)
		return rd_fail(r, r->off - 8, "tensor %s: data offset %llu overflows", name,
			       (unsigned long long)offset);
	if (offset + bytes > *data_end)
		*data_end = offset + bytes;

	g = tensor_group(name, &layer, &part);
	ts->n++;
	ts->bytes += bytes;
	ts->type_bytes[type] += bytes;
	ts->type_count[type]++;
	if (layer >= 0 && (uint64_t)layer >= (uint64_t)nextn_from) {
		ts->mtp_elems += elems;
		ts->mtp_bytes += bytes;
		return 0;
	}
	ts->group_bytes[g] += bytes;
	ts->group_elems[g] += elems;
	if (g == PG_EMBED && strcmp(name, "token_embd.weight") == 0) {
		ts->have_embd = true;
		ts->embd_ne[0] = ne[0];
		ts->embd_ne[1] = ne[1];
	}
	if (strcmp(name, "output.weight") == 0)
		ts->have_output = true;
	if (layer >= 0 && layer < MODEL_MAX_LAYERS) {
		if ((uint32_t)layer + 1 > ts->max_layer)
			ts->max_layer = (uint32_t)layer + 1;
		if (strncmp(part, "ffn_gate_inp.", 13) == 0)
			ts->moe_layer[layer] = true;
		if (strstr(part, "_shexp.") != NULL)
			ts->shexp = true;
	} else if (layer >= MODEL_MAX_LAYERS) {
		return rd_fail(r, at, "tensor %s: layer %ld is more than the %d gpuplan plans", name,
			       layer, MODEL_MAX_LAYERS);
	}
	if (layer >= 0) {
		ts->attn_bias |= strncmp(part, "attn_q.bias", 11) == 0;
		ts->o_bias |= strncmp(part, "attn_output.bias", 16) == 0;
		ts->qk_norm |= strncmp(part, "attn_q_norm.", 12) == 0;
		ts->sinks |= strncmp(part, "attn_sinks", 10) == 0;
		ts->expert_bias |= g == PG_EXPERTS && ends_with(part, ".bias");
		ts->router_bias |= g == PG_ROUTER && (ends_with(part, ".bias") ||
						      strncmp(part, "exp_probs_b", 11) == 0);
	}
	/* norms around attention and FFN: 2, or 4 (Gemma's post-norms) */
	if (layer == 0)
		ts->norms0 += g == PG_NORM && ends_with(part, ".weight") &&
			      strstr(part, "attn_q_norm") == NULL && strstr(part, "attn_k_norm") == NULL &&
			      strstr(part, "_a_norm") == NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* One part: header, kept metadata, tensor infos.                      */
/* ------------------------------------------------------------------ */

static int
get_u32_kv(struct rd *r, const struct kv *k, uint32_t *out)
{
	if (!is_int(k->type) || k->array)
		return rd_fail(r, k->at, "key %s is %s%s, not a whole number", k->key,
			       k->array ? "an array of " : "", value_name[k->type]);
	if (k->neg || k->u > UINT32_MAX)
		return rd_fail(r, k->at, "key %s: %s%llu is not a count", k->key, k->neg ? "-" : "",
			       (unsigned long long)k->u);
	*out = (uint32_t)k->u;
	return 0;
}

static int
read_part(const char *path, struct header *h, struct tensors *ts,
	  uint32_t nextn_from, struct gp_error *err)
{
	struct rd r = {NULL, path, 0, 0, err};
	unsigned char magic[4];
	uint64_t data_end = 0, data_start;
	uint32_t alignment = 32;
	const struct kv *k;
	int rc = -1;

	if ((r.f = fopen(path, "rb")) == NULL)
		return gp_error_set(err, "%s: %s", path, strerror(errno));
	if (fseeko(r.f, 0, SEEK_END) != 0 || (off_t)(r.size = (uint64_t)ftello(r.f)) < 0 ||
	    fseeko(r.f, 0, SEEK_SET) != 0) {
		gp_error_set(err, "%s: cannot find its size: %s", path, strerror(errno));
		goto out;
	}
	if (rd_bytes(&r, magic, 4, "the magic") != 0)
		goto out;
	if (memcmp(magic, "GGUF", 4) != 0) {
		rd_fail(&r, 0, "not a GGUF file (it starts %02x %02x %02x %02x, not \"GGUF\")",
			magic[0], magic[1], magic[2], magic[3]);
		goto out;
	}
	if (rd_u32(&r, &h->version, "the version") != 0)
		goto out;
	if (h->version == 1) {
		rd_fail(&r, 4, "GGUF version 1 (32-bit counts, before August 2023) is not read: convert the model again");
		goto out;
	}
	if (h->version != 2 && h->version != 3) {
		rd_fail(&r, 4, "GGUF version %u is none of the 2 and 3 gpuplan reads%s", h->version,
			(h->version & 0xffff) == 0 ? " (a big-endian file?)" : "");
		goto out;
	}
	if (rd_uint(&r, 8, &h->n_tensors, "the tensor count") != 0)
		goto out;
	if (h->n_tensors > GGUF_MAX_TENSORS) {
		rd_fail(&r, 8, "tensor count %llu is more than the %u gpuplan reads",
			(unsigned long long)h->n_tensors, GGUF_MAX_TENSORS);
		goto out;
	}
	if (rd_uint(&r, 8, &h->n_kv, "the metadata count") != 0)
		goto out;
	if (h->n_kv > GGUF_MAX_KV) {
		rd_fail(&r, 16, "metadata count %llu is more than the %u gpuplan reads",
			(unsigned long long)h->n_kv, GGUF_MAX_KV);
		goto out;
	}
	h->n_keep = 0;
	for (uint64_t i = 0; i < h->n_kv; i++) {
		if (rd_kv(&r, h) != 0)
			goto out;
	}
	if ((k = find_kv(h, "general.alignment")) != NULL) {
		if (get_u32_kv(&r, k, &alignment) != 0)
			goto out;
		if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
			rd_fail(&r, k->at, "general.alignment %u is not a power of two", alignment);
			goto out;
		}
	}
	for (uint64_t i = 0; i < h->n_tensors; i++) {
		if (rd_tensor(&r, ts, i, alignment, nextn_from, &data_end) != 0)
			goto out;
	}
	/* the data starts at the next multiple of the alignment */
	data_start = (r.off + alignment - 1) / alignment * alignment;
	if (data_start > r.size || data_end > r.size - data_start) {
		rd_fail(&r, r.off, "the tensors' data needs %llu bytes from byte %llu, the file has %llu",
			(unsigned long long)data_end, (unsigned long long)data_start,
			(unsigned long long)r.size);
		goto out;
	}
	rc = 0;
out:
	fclose(r.f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Architectures.                                                      */
/* ------------------------------------------------------------------ */

/* What llama.cpp's llama-model.cpp load_hparams sets per architecture
 * beyond the keys: its sliding-window pattern (set_swa_pattern(n):
 * layer i slides when i % n < n - 1), Llama 4's chunked attention
 * (n_swa 8192, pattern 4) and DeepSeek's MLA. */
struct arch {
	const char *name;
	uint32_t swa_pattern;
	uint32_t chunk;
	bool mla;
};

static const struct arch arches[] = {
	{"llama", 0, 0, false},
	{"llama4", 4, 8192, false},
	{"mistral3", 0, 0, false},
	{"qwen2", 0, 0, false},
	{"qwen2moe", 0, 0, false},
	{"qwen3", 0, 0, false},
	{"qwen3moe", 0, 0, false},
	{"deepseek2", 0, 0, true},
	{"gpt-oss", 2, 0, false},
	{"gemma", 0, 0, false},
	{"gemma2", 2, 0, false},
	{"gemma3", 6, 0, false},
	{"phi3", 0, 0, false},
	{"glm4", 0, 0, false},
	{"glm4moe", 0, 0, false},
	{"command-r", 0, 0, false},
	{"cohere2", 4, 0, false},
	{"granite", 0, 0, false},
	{"olmo2", 0, 0, false},
	{"smollm3", 0, 0, false},
	{"ernie4_5", 0, 0, false},
	{"ernie4_5-moe", 0, 0, false},
	{"dots1", 0, 0, false},
};

static const struct arch *
find_arch(const char *name)
{
	for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++) {
		if (strcmp(arches[i].name, name) == 0)
			return &arches[i];
	}
	return NULL;
}

/* An {arch}.suffix key: absent is 0 and no error unless required. A
 * per-layer array gives its largest value (note says so when the
 * layers differ). */
static int
arch_u32(struct rd *r, const struct header *h, const char *arch, const char *suffix,
	 bool required, uint32_t *out, struct hf_import *info)
{
	char key[KEY_LEN];
	const struct kv *k;

	snprintf(key, sizeof key, "%.48s.%.40s", arch, suffix);
	if ((k = find_kv(h, key)) == NULL) {
		if (required)
			return gp_error_set(r->err, "%s: key %s is missing (it is required)", r->path, key);
		return 0;
	}
	if (k->array && is_int(k->type) && k->n > 0) {
		uint32_t max = 0, min = UINT32_MAX;

		for (uint32_t i = 0; i < k->n; i++) {
			max = k->a[i] > max ? k->a[i] : max;
			min = k->a[i] < min ? k->a[i] : min;
		}
		*out = max;
		if (min != max && info != NULL && info->n_notes < HF_MAX_NOTES)
			snprintf(info->notes[info->n_notes++], HF_NOTE_LEN,
				 "%s differs by layer (%u..%u): %u taken for every layer", key, min, max, max);
		return 0;
	}
	return get_u32_kv(r, k, out);
}

static void
note(struct hf_import *info, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct hf_import *info, const char *fmt, ...)
{
	va_list ap;

	if (info->n_notes >= HF_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(info->notes[info->n_notes++], HF_NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* The weight format a file reads as: that of its dominant type, by
 * bytes, among the quantized or 16-bit ones. */
static int
dominant_format(const struct tensors *ts, uint32_t *type)
{
	static const struct { uint32_t t; enum weight_format f; } map[] = {
		{0, WF_FP16}, {1, WF_FP16}, {30, WF_BF16}, {8, WF_Q8_0}, {9, WF_Q8_0},
		{14, WF_Q6_K}, {13, WF_Q5_K_M}, {6, WF_Q5_K_M}, {7, WF_Q5_K_M},
		{12, WF_Q4_K_M}, {3, WF_Q4_K_M}, {23, WF_Q4_K_M}, {20, WF_Q4_K_M},
		{2, WF_Q4_0}, {11, WF_Q3_K_M}, {18, WF_Q3_K_M}, {21, WF_Q3_K_M},
		{10, WF_Q2_K}, {16, WF_Q2_K}, {17, WF_Q2_K}, {22, WF_Q2_K}, {19, WF_Q2_K},
		{29, WF_Q2_K}, {34, WF_Q2_K}, {35, WF_Q2_K}, {41, WF_Q2_K},
		{39, WF_MXFP4}, {40, WF_NVFP4}, {24, WF_INT8}, {15, WF_Q8_0},
	};
	uint64_t best = 0;
	int f = WF_BF16;

	*type = 30;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		/* F32 only when nothing else is there: norms are F32 */
		uint64_t b = map[i].t == 0 ? ts->type_bytes[0] / 2 : ts->type_bytes[map[i].t];

		if (b > best) {
			best = b;
			f = map[i].f;
			*type = map[i].t;
		}
	}
	return f;
}

/* "X-00001-of-00003.gguf": its prefix X, this part's number and the count. */
static bool
split_name(const char *path, size_t *prefix, unsigned *no, unsigned *count)
{
	size_t n = strlen(path);
	unsigned a, b;
	char tail[32];

	if (n < 20 || strcmp(path + n - 5, ".gguf") != 0)
		return false;
	if (sscanf(path + n - 20, "-%5u-of-%5u%31s", &a, &b, tail) != 3 ||
	    strcmp(tail, ".gguf") != 0 || path[n - 20] != '-' || !isdigit((unsigned char)path[n - 19]))
		return false;
	*prefix = n - 20;
	*no = a;
	*count = b;
	return a >= 1 && a <= b;
}

static void
base_name(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');

	const char *b = slash ? slash + 1 : path;
	size_t n = strlen(b) < len ? strlen(b) : len - 1;

	memcpy(out, b, n);
	out[n] = '\0';
}

static void
make_id(const char *name, char *out, size_t len)
{
	size_t o = 0, n = strlen(name);

	if (n > 5 && strcmp(name + n - 5, ".gguf") == 0)
		n -= 5;
	if (n > 15 && strncmp(name + n - 15, "-00001-of-", 10) == 0)
		n -= 15;
	for (size_t i = 0; i < n && o + 1 < len; i++) {
		char ch = (char)tolower((unsigned char)name[i]);

		out[o++] = (unsigned char)ch < 0x80 && (isalnum((unsigned char)ch) || ch == '-' ||
							ch == '.' || ch == '_') ? ch : '-';
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, len, "gguf");
}

/* An architecture gpuplan does not plan: named, with those it does. */
static int
refuse_arch(struct rd *r, const char *arch_name)
{
	char list[GP_ERROR_LEN / 2];
	size_t o = 0;

	list[0] = '\0';
	for (size_t i = 0; i < sizeof arches / sizeof arches[0] && o + 1 < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
				      arches[i].name);
	return gp_error_set(r->err, "%s: general.architecture \"%s\" is not one gpuplan plans (known: %s)",
			    r->path, arch_name, list);
}

/* The architecture from part 1's keys, the counts from every part's
 * tensors. */
static int
to_model(struct rd *r, const struct header *h, const struct tensors *ts, const char *arch_name,
	 uint32_t block_count, uint32_t nextn, struct model *m, struct hf_import *info)
{
	const struct arch *a = find_arch(arch_name);
	uint32_t ctx = 0, key_len = 0, val_len = 0, key_mla = 0, val_mla = 0, shared_count = 0;
	uint32_t pattern = 0, pattern_key = 0;
	char key[KEY_LEN];
	const struct kv *pk;
	struct model_counts c;

	if (a == NULL)
		return refuse_arch(r, arch_name);
	m->layers = block_count - nextn;
	if (m->layers == 0 || m->layers > MODEL_MAX_LAYERS)
		return gp_error_set(r->err, "%s: %s.block_count %u: gpuplan plans 1..%d layers",
				    r->path, arch_name, block_count, MODEL_MAX_LAYERS);
	if (arch_u32(r, h, arch_name, "context_length", true, &ctx, info) ||
	    arch_u32(r, h, arch_name, "embedding_length", true, &m->hidden, info) ||
	    arch_u32(r, h, arch_name, "feed_forward_length", true, &m->dense_ffn, info) ||
	    arch_u32(r, h, arch_name, "attention.head_count", true, &m->heads, info) ||
	    arch_u32(r, h, arch_name, "attention.head_count_kv", false, &m->kv_heads, info) ||
	    arch_u32(r, h, arch_name, "attention.key_length", false, &key_len, info) ||
	    arch_u32(r, h, arch_name, "attention.value_length", false, &val_len, info) ||
	    arch_u32(r, h, arch_name, "attention.key_length_mla", false, &key_mla, info) ||
	    arch_u32(r, h, arch_name, "attention.value_length_mla", false, &val_mla, info) ||
	    arch_u32(r, h, arch_name, "attention.sliding_window", false, &m->window, info) ||
	    arch_u32(r, h, arch_name, "attention.kv_lora_rank", false, &m->kv_lora_rank, info) ||
	    arch_u32(r, h, arch_name, "attention.q_lora_rank", false, &m->q_lora_rank, info) ||
	    arch_u32(r, h, arch_name, "rope.dimension_count", false, &m->qk_rope_dim, info) ||
	    arch_u32(r, h, arch_name, "expert_count", false, &m->experts, info) ||
	    arch_u32(r, h, arch_name, "expert_used_count", false, &m->top_k, info) ||
	    arch_u32(r, h, arch_name, "expert_feed_forward_length", false, &m->expert_ffn, info) ||
	    arch_u32(r, h, arch_name, "expert_shared_count", false, &shared_count, info) ||
	    arch_u32(r, h, arch_name, "expert_shared_feed_forward_length", false, &m->shared_ffn, info))
		return -1;
	m->max_context = ctx;
	if (m->hidden == 0 || m->heads == 0)
		return gp_error_set(r->err, "%s: %s.embedding_length and %s.attention.head_count must not be 0",
				    r->path, arch_name, arch_name);
	if (m->kv_heads == 0)
		m->kv_heads = m->heads;
	m->head_dim = key_len > 0 && !a->mla ? key_len : m->hidden / m->heads;
	if (a->mla) {
		uint32_t k = key_mla > 0 ? key_mla : key_len, v = val_mla > 0 ? val_mla : val_len;

		if (m->kv_lora_rank == 0 || m->qk_rope_dim == 0 || k <= m->qk_rope_dim || v == 0)
			return gp_error_set(r->err, "%s: %s needs %s.attention.kv_lora_rank, .key_length(_mla), .value_length(_mla) and .rope.dimension_count",
					    r->path, arch_name, arch_name);
		m->qk_nope_dim = k - m->qk_rope_dim;
		m->v_head_dim = v;
		m->kv_heads = m->heads;
	} else {
		m->kv_lora_rank = m->q_lora_rank = 0;
		m->qk_rope_dim = 0;
	}

	/* vocabulary: token_embd is [hidden, vocab] */
	if (!ts->have_embd)
		return gp_error_set(r->err, "%s: no token_embd.weight tensor: the vocabulary comes from its shape",
				    r->path);
	if (ts->embd_ne[0] != m->hidden || ts->embd_ne[1] == 0 || ts->embd_ne[1] > UINT32_MAX)
		return gp_error_set(r->err, "%s: token_embd.weight is [%llu, %llu], not [%u, vocabulary]",
				    r->path, (unsigned long long)ts->embd_ne[0],
				    (unsigned long long)ts->embd_ne[1], m->hidden);
	m->vocab = (uint32_t)ts->embd_ne[1];
	m->tied_embeddings = !ts->have_output;

	/* experts: the layers with a router are the MoE ones */
	if (m->experts > 0) {
		uint32_t n = 0;

		for (uint32_t i = 0; i < m->layers; i++)
			n += m->moe[i] = ts->moe_layer[i];
		if (n == 0)
			return gp_error_set(r->err, "%s: %s.expert_count is %u but no layer has a router (ffn_gate_inp)",
					    r->path, arch_name, m->experts);
		if (m->expert_ffn == 0) {
			m->expert_ffn = m->dense_ffn;
			note(info, "%s.expert_feed_forward_length absent: experts as wide as feed_forward_length %u",
			     arch_name, m->dense_ffn);
		}
		if (ts->shexp) {
			m->shared_experts = shared_count > 0 ? shared_count : 1;
			if (m->shared_ffn == 0)
				m->shared_ffn = m->expert_ffn;
		} else {
			m->shared_experts = m->shared_ffn = 0;
		}
		if (m->top_k == 0 || m->top_k > m->experts)
			return gp_error_set(r->err, "%s: %s.expert_used_count %u must be 1..%u", r->path,
					    arch_name, m->top_k, m->experts);
	}

	/* attention by layer */
	pattern = a->swa_pattern;
	snprintf(key, sizeof key, "%.48s.attention.sliding_window_pattern", arch_name);
	pk = find_kv(h, key);
	if (pk != NULL && !pk->array) {
		if (get_u32_kv(r, pk, &pattern_key) != 0)
			return -1;
		pattern = pattern_key;
	}
	m->chunk = a->chunk;
	for (uint32_t i = 0; i < m->layers; i++) {
		bool swa = pk != NULL && pk->array ? i < pk->n && pk->a[i] != 0 :
			   pattern > 0 && i % pattern < pattern - 1;

		m->attn[i] = a->mla ? ATTN_MLA :
			     swa && a->chunk > 0 ? ATTN_CHUNKED :
			     swa && m->window > 0 ? ATTN_SLIDING : ATTN_FULL;
	}
	if (a->chunk == 0 && pattern > 0 && m->window == 0)
		note(info, "%s.attention.sliding_window absent: every layer taken as full attention",
		     arch_name);

	/* what the tensors show */
	m->attn_bias = ts->attn_bias && ts->o_bias;
	m->qkv_bias = ts->attn_bias && !ts->o_bias;	/* Qwen2's */
	m->qk_norm = ts->qk_norm;
	m->attn_sinks = ts->sinks;
	m->expert_bias = ts->expert_bias;
	m->router_bias = ts->router_bias;
	m->norms_per_layer = ts->norms0 >= 4 ? 4 : 2;
	m->mtp_params = ts->mtp_elems;
	if (nextn > 0)
		note(info, "%u next-token-prediction layers (%llu bytes) are in the file but not served",
		     nextn, (unsigned long long)ts->mtp_bytes);

	if (model_validate(m, r->err) != 0) {
		char why[GP_ERROR_LEN];

		snprintf(why, sizeof why, "%s", r->err->msg);
		return gp_error_set(r->err, "%s: %s", r->path, why);
	}

	/* The weights as stored: each group's bits are its exact bytes
	 * over the parameters memory.c counts for it. Bytes of a group
	 * the architecture has no parameters for go to the extra tower
	 * (PG_EXTRA), with their own element count. The bits are
	 * shortened by 1e-14 so that the rounding of params x bits lands
	 * below each group's bytes, never above: memory.c's ceil of the
	 * sum is then the exact total for files up to 10^13 bytes. */
	{
		uint64_t bytes[PG_COUNT], extra_elems = ts->group_elems[PG_EXTRA];

		memcpy(bytes, ts->group_bytes, sizeof bytes);
		m->extra_params = 0;
		model_count(m, &c);
		for (int g = 0; g < PG_COUNT; g++) {
			if (g != PG_EXTRA && bytes[g] > 0 && c.group[g] == 0) {
				bytes[PG_EXTRA] += bytes[g];
				extra_elems += ts->group_elems[g];
				bytes[g] = 0;
			}
		}
		m->extra_params = bytes[PG_EXTRA] > 0 ? extra_elems : 0;
		model_count(m, &c);
		for (int g = 0; g < PG_COUNT; g++)
			m->quant_bits[g] = c.group[g] > 0 ?
				8.0 * (double)bytes[g] / (double)c.group[g] * (1 - 1e-14) : 0;
		/* llama.cpp's copy of a tied head on the GPU reads token_embd */
		if (m->tied_embeddings)
			m->quant_bits[PG_LM_HEAD] = m->quant_bits[PG_EMBED];
		m->published_total = 0;
		for (int g = 0; g < PG_COUNT; g++)
			m->published_total += ts->group_elems[g];
	}
	m->quant = m->quant_exact = true;
	memset(m->quant_keep, 0, sizeof m->quant_keep);
	memset(m->quant_layer_bits, 0, sizeof m->quant_layer_bits);
	return 0;
}

int
gguf_load(const char *path, struct model *m, struct hf_import *info,
	  struct gp_error *err)
{
	struct hf_import local;
	struct header h = {0};
	struct tensors *ts;
	struct rd r = {NULL, path, 0, 0, err};
	char arch[STR_LEN], part[HF_PATH_LEN], first[HF_PATH_LEN], name[MODEL_NAME_LEN];
	const struct kv *k;
	size_t prefix = 0;
	unsigned no = 0, count = 0;
	uint32_t block_count = 0, nextn = 0, split_count = 1, type;
	int rc = -1, f;

	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	memset(m, 0, sizeof *m);
	if (strlen(path) >= sizeof first)
		return gp_error_set(err, "%s: path too long", path);
	snprintf(first, sizeof first, "%s", path);
	if (split_name(path, &prefix, &no, &count))
		snprintf(first, sizeof first, "%.*s-%05u-of-%05u.gguf", (int)prefix, path, 1u, count);
	r.path = first;
	h.kv = calloc(KEEP_KV, sizeof *h.kv);
	ts = calloc(1, sizeof *ts);
	if (h.kv == NULL || ts == NULL) {
		gp_error_set(err, "%s: out of memory", path);
		goto out;
	}

	/* Part 1 holds the metadata; the tensors of a layer beyond the
	 * served ones are counted only once their number is known, so
	 * the header is read once for the keys and once more for the
	 * tensors. */
	if (read_part(first, &h, ts, UINT32_MAX, err) != 0)
		goto out;
	if ((k = find_kv(&h, "general.architecture")) == NULL || k->type != V_STRING || k->array) {
		gp_error_set(err, "%s: general.architecture is %s", first,
			     k == NULL ? "missing (it is required)" : "not a string");
		goto out;
	}
	snprintf(arch, sizeof arch, "%s", k->s);
	if (find_arch(arch) == NULL) {
		refuse_arch(&r, arch);
		goto out;
	}
	{
		char key[KEY_LEN];

		snprintf(key, sizeof key, "%.48s.block_count", arch);
		if ((k = find_kv(&h, key)) == NULL) {
			gp_error_set(err, "%s: key %s is missing (it is required)", first, key);
			goto out;
		}
		if (get_u32_kv(&r, k, &block_count) != 0)
			goto out;
		snprintf(key, sizeof key, "%.48s.nextn_predict_layers", arch);
		if ((k = find_kv(&h, key)) != NULL && get_u32_kv(&r, k, &nextn) != 0)
			goto out;
		if (nextn >= block_count)
			nextn = 0;
	}
	if ((k = find_kv(&h, "split.count")) != NULL && get_u32_kv(&r, k, &split_count) != 0)
		goto out;
	if (split_count == 0)
		split_count = 1;
	if (split_count > GGUF_MAX_PARTS) {
		rd_fail(&r, k->at, "split.count %u is more than the %u parts gpuplan reads", split_count,
			GGUF_MAX_PARTS);
		goto out;
	}
	if (split_count > 1 && (count == 0 || count != split_count)) {
		gp_error_set(err, "%s: split.count is %u, but the name is not X-00001-of-%05u.gguf",
			     first, split_count, split_count);
		goto out;
	}
	memset(ts, 0, sizeof *ts);
	for (unsigned p = 1; p <= split_count; p++) {
		struct header hp = {0};

		if (split_count > 1)
			snprintf(part, sizeof part, "%.*s-%05u-of-%05u.gguf", (int)prefix, path, p, count);
		else
			snprintf(part, sizeof part, "%s", first);
		if (p > 1 && access(part, R_OK) != 0) {
			gp_error_set(err, "%s: part %u of %u: %s", part, p, split_count, strerror(errno));
			goto out;
		}
		if (p > 1) {
			hp.kv = calloc(KEEP_KV, sizeof *hp.kv);
			if (hp.kv == NULL) {
				gp_error_set(err, "%s: out of memory", part);
				goto out;
			}
		}
		if (read_part(part, p == 1 ? &h : &hp, ts, block_count - nextn, err) != 0) {
			if (p > 1)
				free(hp.kv);
			goto out;
		}
		if (p > 1) {
			const struct kv *sn = find_kv(&hp, "split.no");
			uint32_t v = 0;
			struct rd rp = {NULL, part, 0, 0, err};

			if (sn != NULL && (get_u32_kv(&rp, sn, &v) != 0 || v != p - 1)) {
				if (v != p - 1)
					rd_fail(&rp, sn->at, "split.no is %u, not %u", v, p - 1);
				free(hp.kv);
				goto out;
			}
			free(hp.kv);
		}
	}
	if ((k = find_kv(&h, "split.tensors.count")) != NULL) {
		uint32_t want;

		if (get_u32_kv(&r, k, &want) != 0)
			goto out;
		if (want != ts->n) {
			gp_error_set(err, "%s: split.tensors.count is %u, the %u parts hold %llu", first, want,
				     split_count, (unsigned long long)ts->n);
			goto out;
		}
	}
	if (to_model(&r, &h, ts, arch, block_count, nextn, m, info) != 0)
		goto out;

	f = dominant_format(ts, &type);
	m->quant_format = m->native_format = f;
	base_name(first, name, sizeof name);
	make_id(name, m->id, sizeof m->id);
	snprintf(m->name, sizeof m->name, "%s", name);
	snprintf(m->source, sizeof m->source, "%s", path);
	snprintf(info->path, sizeof info->path, "%s", path);
	snprintf(info->model_type, sizeof info->model_type, "%.47s", arch);
	snprintf(info->quant_method, sizeof info->quant_method, "gguf");
	info->has_weights = true;
	info->weights = (enum weight_format)f;
	info->checkpoint_bytes = ts->bytes;
	{
		char types[HF_NOTE_LEN];
		size_t o = 0;

		for (uint32_t t = 0; t < N_TYPES && o + 1 < sizeof types; t++) {
			if (ts->type_count[t] > 0)
				o += (size_t)snprintf(types + o, sizeof types - o, "%s%u %s",
						      o ? ", " : "", ts->type_count[t], ggml_types[t].name);
		}
		note(info, "GGUF v%u, %u part%s, %llu tensors: %s", h.version, split_count,
		     split_count == 1 ? "" : "s", (unsigned long long)ts->n, types);
		note(info, "weights: the tensors' exact bytes (%s dominant, read as --weights %s)",
		     ggml_types[type].name, weight_format_info((enum weight_format)f)->id);
	}
	if ((k = find_kv(&h, "general.name")) != NULL && k->type == V_STRING && !k->array)
		note(info, "general.name: %s", k->s);
	rc = 0;
out:
	free(h.kv);
	free(ts);
	if (rc != 0)
		memset(m, 0, sizeof *m);
	return rc;
}

int
gguf_into(struct catalog *c, struct scenario *s, const char *path, int flags,
	  struct gp_error *err)
{
	struct model m;

	if (gguf_load(path, &m, NULL, err) != 0)
		return -1;
	if (!((flags & HFIMPORT_REUSE_ID) && catalog_model(c, m.id) != NULL) &&
	    catalog_add_model(c, &m, err) != 0)
		return -1;
	snprintf(s->model, sizeof s->model, "%s", m.id);
	s->weights = (enum weight_format)m.quant_format;
	return 0;
}
