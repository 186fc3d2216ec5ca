/* catalog.c - loading and validating the JSON catalogs with cJSON. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "catload.h"
#include "fmt.h"
#include "hfconfig.h"
#include "jsondoc.h"

char *
catalog_read_file(const char *path, size_t max, size_t *len, struct gp_error *err)
{
	struct stat st;
	FILE *f;
	char *buf;
	size_t n;

	f = fopen(path, "rb");
	if (f == NULL)
		return gp_error_set(err, "%s: %s", path, strerror(errno)), NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return gp_error_set(err, "%s: not a regular file", path), NULL;
	}
	if ((size_t)st.st_size > max) {
		fclose(f);
		return gp_error_set(err, "%s: file is %lld bytes, larger than the %zu allowed",
				    path, (long long)st.st_size, max), NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return gp_error_set(err, "%s: out of memory", path), NULL;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		gp_error_set(err, "%s: read error: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

static int
get_u64(const struct jdoc_ctx *x, const cJSON *o, const char *key, uint64_t *out)
{
	double d = -1;

	if (jdoc_num(x, o, key, 0, 9e15, false, &d) != 0)
		return -1;
	if (d >= 0) {
		if (d != floor(d))
			return jdoc_fail(x, "field \"%s\": expected a whole number", key);
		*out = (uint64_t)d;
	}
	return 0;
}

static bool
valid_id(const char *id)
{
	for (const char *p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || *p == '_'))
			return false;
	}
	return *id != '\0';
}

static int
parse_api_prices(const struct jdoc_ctx *x, const cJSON *list, struct model *m)
{
	const cJSON *e;

	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return jdoc_fail(x, "field \"api_prices\": expected a list");
	cJSON_ArrayForEach(e, list) {
		struct api_price *a;

		if (m->n_api >= MODEL_MAX_API_PRICES)
			break;
		a = &m->api[m->n_api];
		if (!cJSON_IsObject(e))
			return jdoc_fail(x, "api_prices[%d]: expected an object", m->n_api);
		a->usd_per_m_input = a->usd_per_m_output = -1;
		if (jdoc_text(x, e, "provider", a->provider, sizeof a->provider, true) ||
		    jdoc_num(x, e, "usd_per_m_input", 0, 1e4, false, &a->usd_per_m_input) ||
		    jdoc_num(x, e, "usd_per_m_output", 0, 1e4, false, &a->usd_per_m_output) ||
		    jdoc_text(x, e, "date", a->date, sizeof a->date, false) ||
		    jdoc_text(x, e, "source", a->source, sizeof a->source, false))
			return -1;
		if (a->usd_per_m_input < 0 || a->usd_per_m_output < 0)
			return jdoc_fail(x, "api_prices[%d]: usd_per_m_input and usd_per_m_output are required",
				    m->n_api);
		m->n_api++;
	}
	return 0;
}

static int
parse_model(struct jdoc_ctx *x, const cJSON *e, struct model *m)
{
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(e, "config");
	struct gp_error sub;

	memset(m, 0, sizeof *m);
	if (!cJSON_IsObject(e))
		return jdoc_fail(x, "expected an object");
	if (jdoc_text(x, e, "id", m->id, sizeof m->id, true))
		return -1;
	x->id = m->id;
	if (!valid_id(m->id))
		return jdoc_fail(x, "field \"id\": use lowercase letters, digits and - . _");
	if (jdoc_text(x, e, "name", m->name, sizeof m->name, true) ||
	    jdoc_text(x, e, "hf_repo", m->hf_repo, sizeof m->hf_repo, false) ||
	    jdoc_text(x, e, "source", m->source, sizeof m->source, false) ||
	    get_u64(x, e, "published_total_params", &m->published_total) ||
	    get_u64(x, e, "published_active_params", &m->published_active) ||
	    get_u64(x, e, "checkpoint_bytes", &m->checkpoint_bytes) ||
	    get_u64(x, e, "extra_params", &m->extra_params) ||
	    get_u64(x, e, "mtp_params", &m->mtp_params) ||
	    parse_api_prices(x, cJSON_GetObjectItemCaseSensitive(e, "api_prices"), m))
		return -1;
	if (!cJSON_IsObject(cfg))
		return jdoc_fail(x, "field \"config\": expected the model's config.json fields");
	if (hfconfig_to_model(cfg, m, &sub) != 0)
		return jdoc_fail(x, "config: %s", sub.msg);
	return 0;
}

static int
parse_gpu(struct jdoc_ctx *x, const cJSON *e, struct gpu *g)
{
	static const char *const dtypes[CD_COUNT] = {"bf16", "fp16", "fp8", "int8", "fp4"};
	static const char *const links[] = {"nvlink", "pcie", "xgmi", "ethernet", "none"};
	const cJSON *tf = cJSON_GetObjectItemCaseSensitive(e, "tflops_dense");
	const cJSON *mf = cJSON_GetObjectItemCaseSensitive(e, "mamf_tflops");
	const cJSON *ic = cJSON_GetObjectItemCaseSensitive(e, "interconnect");
	const cJSON *price = cJSON_GetObjectItemCaseSensitive(e, "price");
	double usable_mib = 0, runtime_mib = 0, nodes = 0;
	char kind[16] = "none";

	memset(g, 0, sizeof *g);
	if (!cJSON_IsObject(e))
		return jdoc_fail(x, "expected an object");
	if (jdoc_text(x, e, "id", g->id, sizeof g->id, true))
		return -1;
	x->id = g->id;
	if (!valid_id(g->id))
		return jdoc_fail(x, "field \"id\": use lowercase letters, digits and - . _");
	if (jdoc_text(x, e, "name", g->name, sizeof g->name, true) ||
	    jdoc_text(x, e, "vendor", g->vendor, sizeof g->vendor, false) ||
	    jdoc_text(x, e, "source", g->source, sizeof g->source, false) ||
	    jdoc_num(x, e, "memory_gb", 0, 1e6, false, &g->memory_gb) ||
	    jdoc_num(x, e, "usable_mib", 0, 1e9, false, &usable_mib) ||
	    jdoc_num(x, e, "runtime_total_mib", 0, 1e9, false, &runtime_mib) ||
	    jdoc_num(x, e, "bandwidth_tbs", 0, 1e4, false, &g->bandwidth_tbs) ||
	    jdoc_num(x, e, "tdp_w", 0, 1e6, false, &g->tdp_w))
		return -1;
	if (g->memory_gb <= 0)
		return jdoc_fail(x, "field \"memory_gb\": must be a positive number");
	if (g->bandwidth_tbs <= 0)
		return jdoc_fail(x, "field \"bandwidth_tbs\": must be a positive number");
	/* Without a driver figure, "80 GB" HBM is taken as 80 GiB. */
	g->usable_bytes = usable_mib > 0 ? (uint64_t)(usable_mib * 1048576.0)
					 : (uint64_t)(g->memory_gb * GIB);
	if (runtime_mib > usable_mib && usable_mib > 0)
		return jdoc_fail(x, "field \"runtime_total_mib\": above usable_mib");
	/* The runtime reports less than nvidia-smi: 438 MiB on H100 SXM
	 * (81,559 vs 79.22 GiB), 605 MiB on H200 (143,771 vs 139.81 GiB),
	 * both from vLLM start-up logs (data/gpus.json); 512 MiB, about
	 * their mean, stands in where no log names the GPU. */
	g->runtime_bytes = runtime_mib > 0 ? (uint64_t)(runtime_mib * 1048576.0) :
			   g->usable_bytes > GPU_RUNTIME_RESERVE ? g->usable_bytes - GPU_RUNTIME_RESERVE :
			   g->usable_bytes;
	if (tf != NULL && !cJSON_IsObject(tf))
		return jdoc_fail(x, "field \"tflops_dense\": expected an object");
	for (int d = 0; d < CD_COUNT && tf != NULL; d++) {
		if (jdoc_num(x, tf, dtypes[d], 0, 1e6, false, &g->tflops[d]))
			return -1;
	}
	if (mf != NULL && !cJSON_IsObject(mf))
		return jdoc_fail(x, "field \"mamf_tflops\": expected an object");
	for (int d = 0; d < CD_COUNT && mf != NULL; d++) {
		if (jdoc_num(x, mf, dtypes[d], 0, 1e6, false, &g->mamf[d]))
			return -1;
		/* a ceiling off the spec by 100x either way is a typo */
		if (g->mamf[d] > g->tflops[d] ||
		    (g->mamf[d] > 0 && g->mamf[d] < g->tflops[d] / 100))
			return jdoc_fail(x, "field \"mamf_tflops.%s\": %g is %s the spec's %g (tflops_dense.%s)",
					 dtypes[d], g->mamf[d],
					 g->mamf[d] > g->tflops[d] ? "above" : "below 1% of",
					 g->tflops[d], dtypes[d]);
	}
	if (ic != NULL && !cJSON_IsNull(ic)) {
		size_t i;

		if (!cJSON_IsObject(ic))
			return jdoc_fail(x, "field \"interconnect\": expected an object");
		if (jdoc_text(x, ic, "kind", kind, sizeof kind, false) ||
		    jdoc_num(x, ic, "gbs", 0, 1e6, false, &g->link_gbs) ||
		    jdoc_num(x, ic, "gpus_per_node", 0, 1e6, false, &nodes))
			return -1;
		for (i = 0; i < sizeof links / sizeof links[0]; i++) {
			if (strcmp(kind, links[i]) == 0)
				break;
		}
		if (kind[0] != '\0' && i == sizeof links / sizeof links[0])
			return jdoc_fail(x, "field \"interconnect.kind\": expected nvlink, pcie, xgmi, ethernet or none");
		g->link = i < sizeof links / sizeof links[0] ? (enum link_kind)i : LINK_NONE;
	} else {
		g->link = LINK_NONE;
	}
	g->gpus_per_node = nodes > 0 ? (uint32_t)nodes : 1;
	if (price != NULL && !cJSON_IsNull(price)) {
		if (!cJSON_IsObject(price))
			return jdoc_fail(x, "field \"price\": expected an object");
		if (jdoc_num(x, price, "usd_per_hour", 0, 1e5, false, &g->usd_per_hour) ||
		    jdoc_text(x, price, "provider", g->price_provider, sizeof g->price_provider, false) ||
		    jdoc_text(x, price, "date", g->price_date, sizeof g->price_date, false) ||
		    jdoc_text(x, price, "source", g->price_source, sizeof g->price_source, false))
			return -1;
	}
	return 0;
}

static int
grow(void **items, size_t n, size_t add, size_t size)
{
	void *p;

	if (add == 0)
		return 0;
	p = realloc(*items, (n + add) * size);
	if (p == NULL)
		return -1;
	*items = p;
	return 0;
}

int
catalog_parse_models(struct catalog *c, const char *text, size_t len,
		     const char *file, struct gp_error *err)
{
	struct jdoc_ctx x = {file, "models", -1, NULL, err};
	cJSON *root = jdoc_parse(&x, text, len);
	const cJSON *items, *e;
	size_t base = c->n_models;
	int rc = -1;

	if (root == NULL)
		return -1;
	items = jdoc_header(&x, root, "gpuplan-models", CATALOG_VERSION);
	if (items == NULL)
		goto out;
	if (grow((void **)&c->models, c->n_models, (size_t)cJSON_GetArraySize(items),
		 sizeof *c->models) != 0) {
		jdoc_fail(&x, "out of memory");
		goto out;
	}
	x.index = 0;
	cJSON_ArrayForEach(e, items) {
		struct model *m = &c->models[c->n_models];

		x.id = NULL;
		if (parse_model(&x, e, m) != 0)
			goto out;
		if (catalog_model(c, m->id) != NULL) {
			jdoc_fail(&x, "duplicate id");
			goto out;
		}
		c->n_models++;
		x.index++;
	}
	rc = 0;
out:
	if (rc != 0)
		c->n_models = base;
	cJSON_Delete(root);
	return rc;
}

int
catalog_parse_gpus(struct catalog *c, const char *text, size_t len,
		   const char *file, struct gp_error *err)
{
	struct jdoc_ctx x = {file, "gpus", -1, NULL, err};
	cJSON *root = jdoc_parse(&x, text, len);
	const cJSON *items, *e;
	size_t base = c->n_gpus;
	int rc = -1;

	if (root == NULL)
		return -1;
	items = jdoc_header(&x, root, "gpuplan-gpus", CATALOG_VERSION);
	if (items == NULL)
		goto out;
	if (grow((void **)&c->gpus, c->n_gpus, (size_t)cJSON_GetArraySize(items),
		 sizeof *c->gpus) != 0) {
		jdoc_fail(&x, "out of memory");
		goto out;
	}
	x.index = 0;
	cJSON_ArrayForEach(e, items) {
		struct gpu *g = &c->gpus[c->n_gpus];

		x.id = NULL;
		if (parse_gpu(&x, e, g) != 0)
			goto out;
		if (catalog_gpu(c, g->id) != NULL) {
			jdoc_fail(&x, "duplicate id");
			goto out;
		}
		c->n_gpus++;
		x.index++;
	}
	rc = 0;
out:
	if (rc != 0)
		c->n_gpus = base;
	cJSON_Delete(root);
	return rc;
}

int
catalog_load_file(struct catalog *c, const char *dir, const char *name,
		  enum catalog_kind kind, bool missing_ok, struct gp_error *err)
{
	char path[4096];
	struct stat st;
	size_t len;
	char *text;
	int rc;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return gp_error_set(err, "%s: path too long", dir);
	if (missing_ok && stat(path, &st) != 0)
		return 0;
	text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err);
	if (text == NULL)
		return -1;
	rc = (kind == CATALOG_GPUS ? catalog_parse_gpus : catalog_parse_models)(c, text, len,
										 path, err);
	free(text);
	return rc;
}

int
catalog_load(struct catalog *c, const char *dir, struct gp_error *err)
{
	memset(c, 0, sizeof *c);
	if (catalog_load_file(c, dir, "models.json", CATALOG_MODELS, false, err) != 0 ||
	    catalog_load_file(c, dir, "gpus.json", CATALOG_GPUS, false, err) != 0) {
		catalog_free(c);
		return -1;
	}
	return 0;
}

