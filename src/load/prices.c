/* prices.c - importing SkyPilot and OpenRouter price files, and
 * gpuplan's own price files in the user's data directory. */
/* realpath() is XSI in glibc's headers */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "atomicfile.h"
#include "catload.h"
#include "csv.h"
#include "datadir.h"
#include "jsondoc.h"
#include "prices.h"

#define MAX_PROBLEMS 100000
#define COPY(dst, src) copy((dst), sizeof(dst), (src))

/* Cut to fit: names and paths here are labels, never parsed again. */
static void
copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- the name tables (data/price-aliases.json) ---- */

static cJSON *
aliases_load(const char *data_dir, struct gp_error *err)
{
	char path[PRICES_PATH_LEN];
	struct jdoc_ctx x = {.file = path, .index = -1, .err = err};
	size_t len;
	char *text;
	cJSON *root;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, PRICES_ALIASES) >= sizeof path)
		return gp_error_set(err, "%s: path too long", data_dir), NULL;
	if ((text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err)) == NULL)
		return NULL;
	root = jdoc_parse(&x, text, len);
	free(text);
	x.list = "accelerators";
	if (root != NULL && jdoc_header(&x, root, "gpuplan-price-aliases", 1) == NULL) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* The value field of the entry of list whose key field is name
 * (case-insensitive: providers write "H100" and "h100"). */
static const char *
alias(const cJSON *root, const char *list, const char *key, const char *value,
      const char *name)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, list)) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, key);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, value);

		if (cJSON_IsString(k) && cJSON_IsString(v) && strcasecmp(k->valuestring, name) == 0)
			return v->valuestring;
	}
	return NULL;
}

/* ---- collecting ---- */

static int
problem(struct prices_import *im, unsigned long line, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
problem(struct prices_import *im, unsigned long line, const char *where, const char *fmt, ...)
{
	struct prices_problem *p;
	va_list ap;

	if (im->n_problems >= MAX_PROBLEMS)
		return 0;
	p = realloc(im->problems, (im->n_problems + 1) * sizeof *p);
	if (p == NULL)
		return -1;
	im->problems = p;
	p = &im->problems[im->n_problems++];
	p->line = line;
	COPY(p->where, where != NULL ? where : "");
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
	return 0;
}

/* Keeps the cheapest price per GPU, region and kind: a provider sells
 * one GPU in several instance types and zones. */
static int
add_quote(struct prices_import *im, const char *gpu, const char *region, const char *kind,
	  const char *instance, double usd)
{
	struct price_quote *q;

	for (size_t i = 0; i < im->n_quotes; i++) {
		q = &im->quotes[i];
		if (strcmp(q->gpu, gpu) == 0 && strcmp(q->region, region) == 0 &&
		    strcmp(q->kind, kind) == 0) {
			if (usd < q->usd_per_hour) {
				q->usd_per_hour = usd;
				COPY(q->instance, instance);
			}
			return 0;
		}
	}
	q = realloc(im->quotes, (im->n_quotes + 1) * sizeof *q);
	if (q == NULL)
		return -1;
	im->quotes = q;
	q = &im->quotes[im->n_quotes++];
	memset(q, 0, sizeof *q);
	COPY(q->gpu, gpu);
	COPY(q->region, region);
	COPY(q->kind, kind);
	COPY(q->instance, instance);
	COPY(q->provider, im->provider);
	COPY(q->date, im->date);
	COPY(q->source, im->source);
	q->usd_per_hour = usd;
	q->age_days = -1;
	return 0;
}

/* A price as a provider writes it: a plain decimal, nothing after it. */
static int
parse_price(const char *s, double max, double *out)
{
	char *end;

	while (*s == ' ')
		s++;
	errno = 0;
	*out = strtod(s, &end);
	while (*end == ' ')
		end++;
	return errno == 0 && end != s && *end == '\0' && isfinite(*out) && *out >= 0 &&
	       *out <= max ? 0 : -1;
}

/* ---- SkyPilot catalog CSV ----
 * The columns of a SkyPilot catalog's vms.csv move between schemas and
 * clouds (github skypilot-org/skypilot-catalog):
 *   README.md, schema v5: InstanceType,vCPUs,MemoryGiB,AcceleratorName,
 *     AcceleratorCount,GPUInfo,Region,AvailabilityZone,Price,SpotPrice
 *   catalogs/v8/aws/vms.csv: InstanceType,AcceleratorName,
 *     AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,
 *     AvailabilityZone,Arch
 *   catalogs/v8/lambda/vms.csv: InstanceType,AcceleratorName,
 *     AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice
 * so columns are found by name. Price and SpotPrice are USD per
 * instance-hour; CPU instances leave AcceleratorName empty, and spot
 * prices differ by zone (the cheapest zone's is kept, add_quote). */
enum { C_INSTANCE, C_ACCEL, C_COUNT, C_PRICE, C_SPOT, C_REGION, C_N };
static const char *const columns[C_N] = {
	"InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "SpotPrice", "Region",
};

static int
csv_row(struct prices_import *im, const cJSON *aliases, const struct catalog *cat,
	char **f, const int *col, unsigned long line)
{
	const char *acc = f[col[C_ACCEL]], *region = f[col[C_REGION]];
	const char *inst = f[col[C_INSTANCE]], *gpu;
	const char *od = f[col[C_PRICE]], *spot = col[C_SPOT] >= 0 ? f[col[C_SPOT]] : "";
	double count, p_od = -1, p_spot = -1;

	if (*acc == '\0') {
		im->rows_no_gpu++;	/* a CPU instance: nothing to price */
		return 0;
	}
	if (!csv_utf8_valid(acc) || !csv_utf8_valid(region) || !csv_utf8_valid(inst))
		return problem(im, line, NULL, "not UTF-8 text");
	if ((gpu = alias(aliases, "accelerators", "name", "gpu", acc)) == NULL)
		return problem(im, line, NULL, "accelerator \"%.40s\" is not in %s", acc,
			       PRICES_ALIASES);
	if (catalog_gpu(cat, gpu) == NULL)
		return problem(im, line, NULL, "accelerator %.40s maps to %s, not in the GPU catalog",
			       acc, gpu);
	if (parse_price(f[col[C_COUNT]], 1024, &count) != 0 || count <= 0)
		return problem(im, line, NULL, "AcceleratorCount \"%.20s\": not a positive number",
			       f[col[C_COUNT]]);
	if (*region == '\0')
		return problem(im, line, NULL, "no Region");
	if (*od != '\0' && parse_price(od, 1e6, &p_od) != 0)
		return problem(im, line, NULL, "Price \"%.20s\": not a price", od);
	if (*spot != '\0' && parse_price(spot, 1e6, &p_spot) != 0)
		return problem(im, line, NULL, "SpotPrice \"%.20s\": not a price", spot);
	/* 0 is how some catalogs leave a price unknown */
	if (p_od <= 0 && p_spot <= 0)
		return problem(im, line, NULL, "no price (Price and SpotPrice empty or 0)");
	im->rows_used++;
	if ((p_od > 0 && add_quote(im, gpu, region, "on-demand", inst, p_od / count) != 0) ||
	    (p_spot > 0 && add_quote(im, gpu, region, "spot", inst, p_spot / count) != 0))
		return -1;
	return 0;
}

static int
csv_read(struct prices_import *im, const char *text, size_t len, const cJSON *aliases,
	 const struct catalog *cat, const char *path, char *buf, struct gp_error *err)
{
	char *f[CSV_MAX_FIELDS];
	int col[C_N], nh, nf;
	unsigned long line;
	struct csv r;
	struct gp_error e;

	if (buf == NULL)
		return gp_error_set(err, "out of memory");
	im->format = "skypilot";
	csv_open(&r, text, len);
	nh = csv_record(&r, buf, f, &line, &e);
	if (nh <= 0)
		return gp_error_set(err, "%s: line 1: %s", path, nh < 0 ? e.msg : "empty file");
	for (int c = 0; c < C_N; c++) {
		col[c] = -1;
		for (int i = 0; i < nh; i++) {
			if (strcasecmp(f[i], columns[c]) == 0)
				col[c] = i;
		}
		if (col[c] < 0 && c != C_SPOT)
			return gp_error_set(err,
			    "%s: line 1: no \"%s\" column (a SkyPilot vms.csv has InstanceType, AcceleratorName, AcceleratorCount, Price, SpotPrice and Region)",
			    path, columns[c]);
	}
	while ((nf = csv_record(&r, buf, f, &line, &e)) != 0) {
		int rc;

		if (nf < 0) {
			im->rows++;
			rc = problem(im, line, NULL, "%s", e.msg);
		} else if (nf == 1 && f[0][0] == '\0') {
			continue;	/* a blank line */
		} else if (im->rows++, nf != nh) {
			rc = problem(im, line, NULL, "%d fields, the header has %d", nf, nh);
		} else {
			rc = csv_row(im, aliases, cat, f, col, line);
		}
		if (rc != 0)
			return gp_error_set(err, "out of memory");
	}
	return 0;
}

/* The record buffer is on the heap, not static: an import keeps no
 * state for the next. */
static int
import_csv(struct prices_import *im, const char *text, size_t len, const cJSON *aliases,
	   const struct catalog *cat, const char *path, struct gp_error *err)
{
	char *buf = malloc(CSV_MAX_RECORD);
	int rc = csv_read(im, text, len, aliases, cat, path, buf, err);

	free(buf);
	return rc;
}

/* ---- OpenRouter models JSON ----
 * GET https://openrouter.ai/api/v1/models: {"data": [{"id": ...,
 * "pricing": {"prompt": "0.0000004", "completion": ...,
 * "input_cache_read": ...}}]}, USD per token as decimal strings
 * (openrouter.ai/docs, the models API reference). */
static int
per_token(const cJSON *pricing, const char *key, double *per_m)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(pricing, key);
	double d;

	*per_m = -1;
	if (v == NULL || cJSON_IsNull(v))
		return 1;
	if (cJSON_IsNumber(v))
		d = v->valuedouble;
	else if (!cJSON_IsString(v) || parse_price(v->valuestring, 1, &d) != 0)
		return -1;
	if (!isfinite(d) || d < 0 || d > 1)
		return -1;
	*per_m = d * 1e6;
	return 0;
}

static int
import_openrouter(struct prices_import *im, const char *text, size_t len,
		  const cJSON *aliases, const struct catalog *cat, const char *path,
		  struct gp_error *err)
{
	struct jdoc_ctx x = {.file = path, .index = -1, .err = err};
	cJSON *root = jdoc_parse(&x, text, len);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data"), *e;
	int i = -1;

	im->format = "openrouter";
	if (root == NULL)
		return -1;
	if (!cJSON_IsArray(data)) {
		cJSON_Delete(root);
		return jdoc_fail(&x, "field \"data\": expected a list (an OpenRouter /api/v1/models response)");
	}
	cJSON_ArrayForEach(e, data) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(e, "pricing");
		const char *model;
		char where[64];
		double in, out, cached;
		struct prices_api *a;
		bool dup = false;

		i++;
		im->rows++;
		if (!cJSON_IsString(id)) {
			snprintf(where, sizeof where, "data[%d]", i);
			if (problem(im, 0, where, "no \"id\"") != 0)
				goto oom;
			continue;
		}
		snprintf(where, sizeof where, "data[%d] (\"%.40s\")", i, id->valuestring);
		if ((model = alias(aliases, "openrouter", "id", "model", id->valuestring)) == NULL) {
			im->unmapped++;	/* most of OpenRouter is not in the catalog */
			continue;
		}
		if (catalog_model(cat, model) == NULL) {
			if (problem(im, 0, where, "maps to %s, not in the model catalog", model) != 0)
				goto oom;
			continue;
		}
		if (!cJSON_IsObject(pr) || per_token(pr, "prompt", &in) != 0 ||
		    per_token(pr, "completion", &out) != 0) {
			if (problem(im, 0, where, "pricing.prompt and pricing.completion must be USD per token, from 0 to 1") != 0)
				goto oom;
			continue;
		}
		if (in <= 0 && out <= 0) {
			/* free variants: no price to break even against */
			if (problem(im, 0, where, "free (prompt and completion 0)") != 0)
				goto oom;
			continue;
		}
		if (per_token(pr, "input_cache_read", &cached) < 0) {
			if (problem(im, 0, where, "pricing.input_cache_read: not USD per token") != 0)
				goto oom;
			continue;
		}
		for (size_t k = 0; k < im->n_api; k++)
			dup = dup || strcmp(im->api[k].model, model) == 0;
		if (dup)
			continue;	/* the first listing of a model */
		if ((a = realloc(im->api, (im->n_api + 1) * sizeof *a)) == NULL)
			goto oom;
		im->api = a;
		a = &im->api[im->n_api++];
		memset(a, 0, sizeof *a);
		COPY(a->model, model);
		COPY(a->from_id, id->valuestring);
		a->in = in;
		a->out = out;
		a->cached = cached;
		im->rows_used++;
	}
	cJSON_Delete(root);
	return 0;
oom:
	cJSON_Delete(root);
	return gp_error_set(err, "out of memory");
}

/* ---- the import ---- */

static void
day_text(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(buf, len, "1970-01-01");
	else
		strftime(buf, len, "%Y-%m-%d", &tm);
}

int
prices_import_file(const char *path, const char *provider, const char *data_dir,
		   const struct catalog *cat, struct prices_import *im, struct gp_error *err)
{
	char abs[PATH_MAX];
	struct stat st;
	cJSON *aliases;
	const char *p;
	size_t len;
	char *text;
	int rc;

	memset(im, 0, sizeof *im);
	if (provider != NULL && *provider) {
		COPY(im->provider, provider);
	} else {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		const char *dot = strrchr(base, '.');
		size_t n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);

		snprintf(im->provider, sizeof im->provider, "%.*s", (int)n, base);
		if (n >= sizeof im->provider)
			im->provider[0] = '\0';
	}
	if (im->provider[0] == '\0' || strlen(im->provider) >= PRICE_NAME_LEN ||
	    !price_name_ok(im->provider))
		return gp_error_set(err, "%s: \"%s\" is no provider name (letters, digits, '-', '_', '.'): give --provider NAME",
				    path, im->provider);
	if ((text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err)) == NULL)
		return -1;
	/* the file's own date: when the provider's list was fetched */
	day_text(stat(path, &st) == 0 ? st.st_mtime : time(NULL), im->date, sizeof im->date);
	COPY(im->source, realpath(path, abs) != NULL ? abs : path);
	if ((aliases = aliases_load(data_dir, err)) == NULL) {
		free(text);
		return -1;
	}
	for (p = text; p < text + len && strchr(" \t\r\n", *p) != NULL && *p; p++)
		;
	rc = p < text + len && *p == '{' ?
		import_openrouter(im, text, len, aliases, cat, path, err) :
		import_csv(im, text, len, aliases, cat, path, err);
	cJSON_Delete(aliases);
	free(text);
	if (rc != 0)
		prices_import_free(im);
	return rc;
}

void
prices_import_free(struct prices_import *im)
{
	free(im->quotes);
	free(im->api);
	free(im->problems);
	im->quotes = NULL;
	im->api = NULL;
	im->problems = NULL;
	im->n_quotes = im->n_api = im->n_problems = 0;
}

int
prices_dir(char *out, size_t len, const char *xdg, const char *home, struct gp_error *err)
{
	return datadir_user(out, len, xdg, home, "prices", "prices", err);
}

/* cJSON keeps numbers as doubles and prints 17 digits where needed;
 * a price is rounded to 1e-6 USD so files read as written. */
static double
round6(double v)
{
	return round(v * 1e6) / 1e6;
}

int
prices_write(const struct prices_import *im, const char *dir, char *written, size_t len,
	     struct gp_error *err)
{
	cJSON *root = cJSON_CreateObject(), *gl, *al;
	char *text;
	int rc;

	if ((size_t)snprintf(written, len, "%s/%s.json", dir, im->provider) >= len)
		return gp_error_set(err, "%s: path too long", dir);
	if (root == NULL)
		return gp_error_set(err, "out of memory");
	cJSON_AddStringToObject(root, "format", PRICES_FORMAT);
	cJSON_AddNumberToObject(root, "version", PRICES_VERSION);
	cJSON_AddStringToObject(root, "provider", im->provider);
	cJSON_AddStringToObject(root, "date", im->date);
	cJSON_AddStringToObject(root, "source", im->source);
	cJSON_AddStringToObject(root, "from", im->format);
	gl = cJSON_AddArrayToObject(root, "gpu_prices");
	al = cJSON_AddArrayToObject(root, "api_prices");
	for (size_t i = 0; gl != NULL && i < im->n_quotes; i++) {
		const struct price_quote *q = &im->quotes[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToArray(gl, o);
		cJSON_AddStringToObject(o, "gpu", q->gpu);
		cJSON_AddStringToObject(o, "region", q->region);
		cJSON_AddStringToObject(o, "kind", q->kind);
		cJSON_AddNumberToObject(o, "usd_per_hour", round6(q->usd_per_hour));
		cJSON_AddStringToObject(o, "instance", q->instance);
	}
	for (size_t i = 0; al != NULL && i < im->n_api; i++) {
		const struct prices_api *a = &im->api[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddItemToArray(al, o);
		cJSON_AddStringToObject(o, "model", a->model);
		cJSON_AddStringToObject(o, "id", a->from_id);
		cJSON_AddNumberToObject(o, "usd_per_m_input", round6(a->in));
		cJSON_AddNumberToObject(o, "usd_per_m_output", round6(a->out));
		if (a->cached >= 0)
			cJSON_AddNumberToObject(o, "usd_per_m_cached_input", round6(a->cached));
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return gp_error_set(err, "out of memory");
	rc = atomic_make_parents(written, err) != 0 ? -1 :
	     atomic_write(written, text, strlen(text), err);
	cJSON_free(text);
	return rc;
}

long
prices_today(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	/* reproducible-builds.org/specs/source-date-epoch: seconds since
	 * the epoch, UTC; a malformed value is ignored */
	if (e != NULL && *e) {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0)
			return (long)(t / 86400);
	}
	return (long)(time(NULL) / 86400);
}

/* ---- loading gpuplan's price files ---- */

struct api_pending {
	char model[MODEL_ID_LEN];
	struct api_price a;
};

static int
load_one(struct catalog *cat, const char *path, struct api_pending **api, size_t *n_api,
	 struct gp_error *err)
{
	struct jdoc_ctx x = {.file = path, .list = "gpu_prices", .index = -1, .err = err};
	char provider[PRICE_NAME_LEN], date[PRICE_DATE_LEN], source[GPU_TEXT_LEN];
	const cJSON *list, *e;
	size_t len;
	char *text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err);
	cJSON *root;
	int rc = -1;

	if (text == NULL)
		return -1;
	root = jdoc_parse(&x, text, len);
	free(text);
	if (root == NULL || (list = jdoc_header(&x, root, PRICES_FORMAT, PRICES_VERSION)) == NULL ||
	    jdoc_text(&x, root, "provider", provider, sizeof provider, true) ||
	    jdoc_text(&x, root, "date", date, sizeof date, true) ||
	    jdoc_text(&x, root, "source", source, sizeof source, false))
		goto out;
	if (price_date_days(date) < 0) {
		jdoc_fail(&x, "field \"date\": expected YYYY-MM-DD, not \"%.30s\"", date);
		goto out;
	}
	cJSON_ArrayForEach(e, list) {
		struct price_quote q = {.age_days = -1};
		struct price_quote *p;

		x.index++;
		if (jdoc_text(&x, e, "gpu", q.gpu, sizeof q.gpu, true) ||
		    jdoc_text(&x, e, "region", q.region, sizeof q.region, false) ||
		    jdoc_text(&x, e, "kind", q.kind, sizeof q.kind, true) ||
		    jdoc_text(&x, e, "instance", q.instance, sizeof q.instance, false) ||
		    jdoc_num(&x, e, "usd_per_hour", 1e-6, 1e5, true, &q.usd_per_hour))
			goto out;
		if (strcmp(q.kind, "on-demand") != 0 && strcmp(q.kind, "spot") != 0) {
			jdoc_fail(&x, "field \"kind\": expected on-demand or spot");
			goto out;
		}
		if (catalog_gpu(cat, q.gpu) == NULL)
			continue;	/* another catalog's GPU (--data-dir) */
		COPY(q.provider, provider);
		COPY(q.date, date);
		COPY(q.source, source);
		if ((p = realloc(cat->quotes, (cat->n_quotes + 1) * sizeof *p)) == NULL) {
			gp_error_set(err, "out of memory");
			goto out;
		}
		cat->quotes = p;
		cat->quotes[cat->n_quotes++] = q;
	}
	x.list = "api_prices";
	x.index = -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "api_prices")) {
		struct api_pending pa = {.a = {.usd_per_m_cached_input = -1}};
		struct api_pending *p;

		x.index++;
		if (jdoc_text(&x, e, "model", pa.model, sizeof pa.model, true) ||
		    jdoc_num(&x, e, "usd_per_m_input", 0, 1e4, true, &pa.a.usd_per_m_input) ||
		    jdoc_num(&x, e, "usd_per_m_output", 0, 1e4, true, &pa.a.usd_per_m_output) ||
		    jdoc_num(&x, e, "usd_per_m_cached_input", 0, 1e4, false,
			     &pa.a.usd_per_m_cached_input))
			goto out;
		COPY(pa.a.provider, provider);
		COPY(pa.a.date, date);
		snprintf(pa.a.source, sizeof pa.a.source, "%.200s", source);
		if ((p = realloc(*api, (*n_api + 1) * sizeof *p)) == NULL) {
			gp_error_set(err, "out of memory");
			goto out;
		}
		*api = p;
		(*api)[(*n_api)++] = pa;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

static int
by_gpu(const void *a, const void *b)
{
	const struct price_quote *x = a, *y = b;
	int c = strcmp(x->gpu, y->gpu);

	if (c == 0)
		c = strcmp(x->provider, y->provider);
	if (c == 0)
		c = strcmp(x->region, y->region);
	return c != 0 ? c : strcmp(x->kind, y->kind);
}

/* Oldest first, so that putting each in front leaves the newest first
 * (and, on one date, the provider first in name order, as for GPUs). */
static int
by_age(const void *a, const void *b)
{
	const struct api_pending *x = a, *y = b;
	int c = strcmp(x->a.date, y->a.date);

	return c != 0 ? c : -strcmp(x->a.provider, y->a.provider);
}

static int
json_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

static int
age(const char *date, long today)
{
	long d = price_date_days(date);

	return d < 0 ? -1 : d > today ? 0 : (int)(today - d);
}

void
prices_stamp(struct catalog *cat, long today)
{
	for (size_t i = 0; i < cat->n_gpus; i++) {
		if (!cat->gpus[i].price_pinned)
			cat->gpus[i].price_age_days = age(cat->gpus[i].price_date, today);
	}
	for (size_t i = 0; i < cat->n_quotes; i++)
		cat->quotes[i].age_days = age(cat->quotes[i].date, today);
}

int
prices_load(struct catalog *cat, const char *dir, long today, struct gp_error *err)
{
	struct dirent **names = NULL;
	struct api_pending *api = NULL;
	size_t n_api = 0;
	int n = scandir(dir, &names, json_name, alphasort), bad = 0;

	for (int i = 0; i < n; i++) {
		char path[PRICES_PATH_LEN];
		struct gp_error e;
		size_t quotes = cat->n_quotes, apis = n_api;

		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < sizeof path &&
		    load_one(cat, path, &api, &n_api, &e) != 0) {
			/* a bad file counts for nothing, not for half */
			cat->n_quotes = quotes;
			n_api = apis;
			if (bad++ == 0)
				*err = e;
		}
		free(names[i]);
	}
	free(names);
	/* qsort's pointer must not be NULL, even for no elements */
	if (cat->n_quotes > 0)
		qsort(cat->quotes, cat->n_quotes, sizeof *cat->quotes, by_gpu);
	for (size_t i = 0; i < cat->n_gpus; i++) {
		struct gpu *g = &cat->gpus[i];

		g->quotes = NULL;
		g->n_quotes = 0;
		for (size_t k = 0; k < cat->n_quotes; k++) {
			if (strcmp(cat->quotes[k].gpu, g->id) != 0)
				continue;
			if (g->quotes == NULL)
				g->quotes = &cat->quotes[k];
			g->n_quotes++;
		}
	}
	if (n_api > 0)
		qsort(api, n_api, sizeof *api, by_age);
	for (size_t i = 0; i < n_api; i++) {
		struct model *m = NULL;

		for (size_t k = 0; k < cat->n_models && m == NULL; k++) {
			if (strcmp(cat->models[k].id, api[i].model) == 0)
				m = &cat->models[k];
		}
		if (m == NULL)
			continue;
		if (m->n_api == MODEL_MAX_API_PRICES)
			m->n_api--;
		memmove(&m->api[1], &m->api[0], (size_t)m->n_api * sizeof m->api[0]);
		m->api[0] = api[i].a;
		m->n_api++;
	}
	free(api);
	prices_stamp(cat, today);
	return bad;
}
