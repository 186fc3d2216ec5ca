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

/* An entry's id, whole: one cut to fit would name another entry. */
static int
read_id(struct jdoc_ctx *x, const cJSON *e, char *id, size_t size)
{
	const cJSON *v = jdoc_get(e, "id");

	if (jdoc_text(x, e, "id", id, size, true))
		return -1;
	x->id = id;
	if (strlen(v->valuestring) >= size)
		return jdoc_fail(x, "field \"id\": longer than %zu characters", size - 1);
	if (!valid_id(id))
		return jdoc_fail(x, "field \"id\": use lowercase letters, digits and - . _");
	return 0;
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
		a->usd_per_m_input = a->usd_per_m_output = a->usd_per_m_cached_input = -1;
		if (jdoc_text(x, e, "provider", a->provider, sizeof a->provider, true) ||
		    jdoc_num(x, e, "usd_per_m_input", 0, 1e4, false, &a->usd_per_m_input) ||
		    jdoc_num(x, e, "usd_per_m_output", 0, 1e4, false, &a->usd_per_m_output) ||
		    jdoc_num(x, e, "usd_per_m_cached_input", 0, 1e4, false,
			     &a->usd_per_m_cached_input) ||
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

/* What published_total_params counts: "checkpoint", every tensor the
 * checkpoint holds (the default), "without_mtp", or "text", the
 * language model alone (no towers, no MTP). */
static int
read_basis(const struct jdoc_ctx *x, const cJSON *e, struct model *m)
{
	char basis[32];

	if (jdoc_text(x, e, "published_basis", basis, sizeof basis, false))
		return -1;
	if (basis[0] == '\0' || strcmp(basis, "checkpoint") == 0)
		return 0;
	if (strcmp(basis, "text") == 0)
		m->published_text = true;
	else if (strcmp(basis, "without_mtp") != 0)
		return jdoc_fail(x, "field \"published_basis\": expected \"checkpoint\", \"without_mtp\" or \"text\"");
	m->published_without_mtp = true;
	return 0;
}

static int
parse_model(struct jdoc_ctx *x, const cJSON *e, struct model *m)
{
	const cJSON *cfg = jdoc_get(e, "config");
	const cJSON *quant = jdoc_get(e, "hf_quant_config");
	struct hf_import *info;
	struct gp_error sub;
	char imported[16];

	/* m comes zeroed (grow) */
	if (!cJSON_IsObject(e))
		return jdoc_fail(x, "expected an object");
	if (read_id(x, e, m->id, sizeof m->id))
		return -1;
	if (jdoc_text(x, e, "name", m->name, sizeof m->name, true) ||
	    jdoc_text(x, e, "hf_repo", m->hf_repo, sizeof m->hf_repo, false) ||
	    jdoc_text(x, e, "source", m->source, sizeof m->source, false) ||
	    get_u64(x, e, "published_total_params", &m->published_total) ||
	    get_u64(x, e, "published_active_params", &m->published_active) ||
	    get_u64(x, e, "checkpoint_bytes", &m->checkpoint_bytes) ||
	    get_u64(x, e, "extra_params", &m->extra_params) ||
	    get_u64(x, e, "mtp_params", &m->mtp_params) ||
	    read_basis(x, e, m) ||
	    parse_api_prices(x, jdoc_get(e, "api_prices"), m))
		return -1;
	if (!cJSON_IsObject(cfg))
		return jdoc_fail(x, "field \"config\": expected the model's config.json fields");
	if (jdoc_text(x, e, "imported", imported, sizeof imported, false))
		return -1;
	if (imported[0] == '\0') {
		/* the model, whose format the scenario picks */
		if (hfconfig_to_model(cfg, m, &sub) != 0)
			return jdoc_fail(x, "config: %s", sub.msg);
		return quant != NULL ? jdoc_fail(x, "field \"hf_quant_config\": only for an imported checkpoint") : 0;
	}
	/* a checkpoint (gpuplan import): its own bits, as --model-config */
	info = calloc(1, sizeof *info);
	if (info == NULL)
		return jdoc_fail(x, "out of memory");
	if (hfconfig_read_file(cfg, x->file, m, info, &sub) != 0) {
		free(info);
		return jdoc_fail(x, "config: %s", sub.msg);
	}
	if (cJSON_IsObject(quant))
		hfconfig_modelopt(quant, x->file, NULL, m, info);
	hfconfig_settle_format(m, info);
	free(info);
	if (quant != NULL && !cJSON_IsObject(quant))
		return jdoc_fail(x, "field \"hf_quant_config\": expected the checkpoint's hf_quant_config.json");
	return 0;
}

/* One of a kernel's skew arrays: n numbers, each in [lo, hi]. */
static int
parse_points(struct jdoc_ctx *x, const cJSON *o, const char *key, unsigned i, double lo,
	     double hi, double *out, unsigned *n)
{
	const cJSON *a = jdoc_get(o, key), *v;
	unsigned k = 0;

	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return jdoc_fail(x, "field \"kernels.moe[%u].%s\": expected an array", i, key);
	cJSON_ArrayForEach(v, a) {
		if (k == GPU_SKEW_POINTS)
			return jdoc_fail(x, "field \"kernels.moe[%u].%s\": more than %d points", i, key,
					 GPU_SKEW_POINTS);
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo && v->valuedouble <= hi))
			return jdoc_fail(x, "field \"kernels.moe[%u].%s[%u]\": expected a number from %g to %g",
					 i, key, k, lo, hi);
		out[k++] = v->valuedouble;
	}
	if (*n != 0 && k != *n)
		return jdoc_fail(x, "field \"kernels.moe[%u].%s\": %u points, skew_tokens has %u",
				 i, key, k, *n);
	*n = k;
	return 0;
}

static bool
kernel_format_ok(const char *f)
{
	static const char *const formats[] = {"bf16", "fp8", "fp8_block", "nvfp4"};

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(f, formats[i]) == 0)
			return true;
	}
	return false;
}

/* "gemm_source", "gemm": [{format, t0_us, eta_mem, eta_compute,
 * tau_k_ns, median_error}]: measured dense GEMMs, one per format. */
static int
parse_gemm_kernels(struct jdoc_ctx *x, const cJSON *k, struct gpu *g)
{
	const cJSON *a = jdoc_get(k, "gemm"), *o;
	unsigned n = 0;

	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return jdoc_fail(x, "field \"kernels.gemm\": expected an array");
	if (jdoc_text(x, k, "gemm_source", g->gemm_source, sizeof g->gemm_source, true))
		return -1;
	cJSON_ArrayForEach(o, a) {
		struct gpu_gemm_kernel *gk = &g->gemm_kernels[n];

		if (n == GPU_GEMM_KERNELS)
			return jdoc_fail(x, "field \"kernels.gemm\": more than %d kernels", GPU_GEMM_KERNELS);
		if (!cJSON_IsObject(o))
			return jdoc_fail(x, "field \"kernels.gemm[%u]\": expected an object", n);
		if (jdoc_text(x, o, "format", gk->format, sizeof gk->format, true) ||
		    jdoc_num(x, o, "t0_us", 0, 1e4, true, &gk->t0_us) ||
		    jdoc_num(x, o, "eta_mem", 0.01, 2, true, &gk->eta_mem) ||
		    jdoc_num(x, o, "eta_compute", 0.01, 2, true, &gk->eta_compute) ||
		    jdoc_num(x, o, "tau_k_ns", 0, 1e3, true, &gk->tau_k_ns) ||
		    jdoc_num(x, o, "median_error", 0, 10, false, &gk->error))
			return -1;
		if (!kernel_format_ok(gk->format))
			return jdoc_fail(x, "field \"kernels.gemm[%u].format\": expected bf16, fp8, fp8_block or nvfp4, not \"%s\"",
					 n, gk->format);
		n++;
	}
	g->n_gemm_kernels = n;
	return 0;
}

/* "allreduce_source", "allreduce": [{tp, elements: [...], us: [...]}]:
 * measured all-reduce curves, one per TP size. */
static int
parse_allreduce(struct jdoc_ctx *x, const cJSON *k, struct gpu *g)
{
	const cJSON *a = jdoc_get(k, "allreduce"), *o;
	unsigned n = 0;

	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return jdoc_fail(x, "field \"kernels.allreduce\": expected an array");
	if (jdoc_text(x, k, "allreduce_source", g->allreduce_source, sizeof g->allreduce_source,
		      true))
		return -1;
	cJSON_ArrayForEach(o, a) {
		struct gpu_allreduce *c = &g->allreduce[n];
		static const char *const keys[2] = {"elements", "us"};
		double tp;

		if (n == GPU_AR_CURVES)
			return jdoc_fail(x, "field \"kernels.allreduce\": more than %d curves", GPU_AR_CURVES);
		if (!cJSON_IsObject(o))
			return jdoc_fail(x, "field \"kernels.allreduce[%u]\": expected an object", n);
		if (jdoc_num(x, o, "tp", 2, 1024, true, &tp))
			return -1;
		c->tp = (uint32_t)tp;
		c->n = 0;
		for (int j = 0; j < 2; j++) {
			const cJSON *pts = jdoc_get(o, keys[j]), *v;
			double *out = j == 0 ? c->elements : c->us;
			unsigned m = 0;

			if (!cJSON_IsArray(pts))
				return jdoc_fail(x, "field \"kernels.allreduce[%u].%s\": expected an array", n,
						 keys[j]);
			cJSON_ArrayForEach(v, pts) {
				if (m == GPU_AR_POINTS)
					return jdoc_fail(x, "field \"kernels.allreduce[%u].%s\": more than %d points",
							 n, keys[j], GPU_AR_POINTS);
				/* sizes rise; times may dip a little at the
				 * smallest, as measured */
				if (!cJSON_IsNumber(v) || !(v->valuedouble > 0 && v->valuedouble < 1e12) ||
				    (j == 0 && m > 0 && !(v->valuedouble > out[m - 1])))
					return jdoc_fail(x, "field \"kernels.allreduce[%u].%s[%u]\": expected a positive number%s",
							 n, keys[j], m, j == 0 ? " above the one before" : "");
				out[m++] = v->valuedouble;
			}
			if (m < 2 || (j == 1 && m != c->n))
				return jdoc_fail(x, "field \"kernels.allreduce[%u].%s\": %u points, expected %s",
						 n, keys[j], m, j == 0 ? "2 or more" : "one per element count");
			c->n = m;
		}
		n++;
	}
	g->n_allreduce = n;
	return 0;
}

/* "ops_source", "ops": [{op, t0_us, eta_mem, eta_compute, median_error}]:
 * measured small kernels, each op once (gpu.h enum gpu_op). */
static int
parse_ops(struct jdoc_ctx *x, const cJSON *k, struct gpu *g)
{
	const cJSON *a = jdoc_get(k, "ops"), *o;
	unsigned n = 0;

	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return jdoc_fail(x, "field \"kernels.ops\": expected an array");
	if (jdoc_text(x, k, "ops_source", g->ops_source, sizeof g->ops_source, true))
		return -1;
	cJSON_ArrayForEach(o, a) {
		char name[32];
		struct gpu_op_kernel kk = {.measured = true};
		int op = 0;

		if (!cJSON_IsObject(o))
			return jdoc_fail(x, "field \"kernels.ops[%u]\": expected an object", n);
		if (jdoc_text(x, o, "op", name, sizeof name, true) ||
		    jdoc_num(x, o, "t0_us", 0, 1e4, true, &kk.t0_us) ||
		    jdoc_num(x, o, "eta_mem", 0.01, 2, true, &kk.eta_mem) ||
		    jdoc_num(x, o, "eta_compute", 0, 2, false, &kk.eta_compute) ||
		    jdoc_num(x, o, "median_error", 0, 10, false, &kk.error))
			return -1;
		while (op < GOP_COUNT && strcmp(gpu_op_name((enum gpu_op)op), name) != 0)
			op++;
		if (op == GOP_COUNT)
			return jdoc_fail(x, "field \"kernels.ops[%u].op\": unknown op \"%s\"", n, name);
		if (g->ops[op].measured)
			return jdoc_fail(x, "field \"kernels.ops[%u].op\": \"%s\" appears twice", n, name);
		g->ops[op] = kk;
		n++;
	}
	return 0;
}

/* "kernels": {"source": ..., "moe": [{backend, format, t0_us, eta_mem,
 * eta_compute, median_error, skew_tokens, skew_ep1, skew_ep}]}:
 * measured kernel costs. */
static int
parse_kernels(struct jdoc_ctx *x, const cJSON *k, struct gpu *g)
{
	const cJSON *moe, *o;
	unsigned n = 0;

	if (!cJSON_IsObject(k))
		return jdoc_fail(x, "field \"kernels\": expected an object");
	if (jdoc_text(x, k, "source", g->kernels_source, sizeof g->kernels_source, true))
		return -1;
	moe = jdoc_get(k, "moe");
	if (moe != NULL && !cJSON_IsArray(moe))
		return jdoc_fail(x, "field \"kernels.moe\": expected an array");
	cJSON_ArrayForEach(o, moe) {
		struct gpu_moe_kernel *mk = &g->moe_kernels[n];

		if (n == GPU_MOE_KERNELS)
			return jdoc_fail(x, "field \"kernels.moe\": more than %d kernels", GPU_MOE_KERNELS);
		if (!cJSON_IsObject(o))
			return jdoc_fail(x, "field \"kernels.moe[%u]\": expected an object", n);
		if (jdoc_text(x, o, "backend", mk->backend, sizeof mk->backend, true) ||
		    jdoc_text(x, o, "format", mk->format, sizeof mk->format, true) ||
		    jdoc_num(x, o, "t0_us", 0, 1e4, true, &mk->t0_us) ||
		    jdoc_num(x, o, "eta_mem", 0.01, 2, true, &mk->eta_mem) ||
		    jdoc_num(x, o, "eta_compute", 0.01, 2, true, &mk->eta_compute) ||
		    jdoc_num(x, o, "median_error", 0, 10, false, &mk->error) ||
		    parse_points(x, o, "skew_tokens", n, 1, 1e7, mk->skew_tokens, &mk->n_skew) ||
		    parse_points(x, o, "skew_ep1", n, 0.1, 10, mk->skew_ep1, &mk->n_skew) ||
		    parse_points(x, o, "skew_ep", n, 0.1, 10, mk->skew_ep, &mk->n_skew))
			return -1;
		if (!kernel_format_ok(mk->format))
			return jdoc_fail(x, "field \"kernels.moe[%u].format\": expected bf16, fp8, fp8_block or nvfp4, not \"%s\"",
					 n, mk->format);
		for (unsigned i = 1; i < mk->n_skew; i++) {
			if (mk->skew_tokens[i] <= mk->skew_tokens[i - 1])
				return jdoc_fail(x, "field \"kernels.moe[%u].skew_tokens\": expected rising token counts", n);
		}
		n++;
	}
	g->n_moe_kernels = n;
	return parse_gemm_kernels(x, k, g) || parse_allreduce(x, k, g) || parse_ops(x, k, g);
}

static int
parse_gpu(struct jdoc_ctx *x, const cJSON *e, struct gpu *g)
{
	static const char *const dtypes[CD_COUNT] = {"bf16", "fp16", "fp8", "int8", "fp4"};
	static const char *const links[] = {"nvlink", "pcie", "xgmi", "ethernet", "none"};
	const cJSON *tf = jdoc_get(e, "tflops_dense");
	const cJSON *mf = jdoc_get(e, "mamf_tflops");
	const cJSON *ic = jdoc_get(e, "interconnect");
	const cJSON *price = jdoc_get(e, "price");
	const cJSON *kernels = jdoc_get(e, "kernels");
	double usable_mib = 0, runtime_mib = 0, free_mib = 0, nodes = 0;
	char kind[16] = "none";

	/* g comes zeroed (grow) */
	g->price_age_days = -1;	/* until prices_stamp() */
	if (!cJSON_IsObject(e))
		return jdoc_fail(x, "expected an object");
	if (read_id(x, e, g->id, sizeof g->id))
		return -1;
	if (jdoc_text(x, e, "name", g->name, sizeof g->name, true) ||
	    jdoc_text(x, e, "vendor", g->vendor, sizeof g->vendor, false) ||
	    jdoc_text(x, e, "source", g->source, sizeof g->source, false) ||
	    jdoc_num(x, e, "memory_gb", 0, 1e6, false, &g->memory_gb) ||
	    jdoc_num(x, e, "usable_mib", 0, 1e9, false, &usable_mib) ||
	    jdoc_num(x, e, "runtime_total_mib", 0, 1e9, false, &runtime_mib) ||
	    jdoc_num(x, e, "runtime_free_mib", 0, 1e9, false, &free_mib) ||
	    jdoc_num(x, e, "bandwidth_tbs", 0, 1e4, false, &g->bandwidth_tbs) ||
	    jdoc_num(x, e, "tdp_w", 0, 1e6, false, &g->tdp_w) ||
	    jdoc_text(x, e, "no_price", g->no_price, sizeof g->no_price, false))
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
	g->runtime_free_bytes = (uint64_t)(free_mib * 1048576.0);
	if (g->runtime_free_bytes > g->runtime_bytes)
		return jdoc_fail(x, "field \"runtime_free_mib\": above the runtime's total");
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
	if (kernels != NULL && parse_kernels(x, kernels, g) != 0)
		return -1;
	if (price != NULL && !cJSON_IsNull(price)) {
		const cJSON *pk = jdoc_get(price, "kind");

		if (!cJSON_IsObject(price))
			return jdoc_fail(x, "field \"price\": expected an object");
		if (jdoc_num(x, price, "usd_per_hour", 0, 1e5, false, &g->usd_per_hour) ||
		    jdoc_text(x, price, "provider", g->price_provider, sizeof g->price_provider, false) ||
		    jdoc_text(x, price, "kind", g->price_kind, sizeof g->price_kind, false) ||
		    jdoc_text(x, price, "date", g->price_date, sizeof g->price_date, false) ||
		    jdoc_text(x, price, "source", g->price_source, sizeof g->price_source, false))
			return -1;
		/* compared whole: a longer string is cut to the buffer */
		if (cJSON_IsString(pk) && strcmp(pk->valuestring, "on-demand") != 0 &&
		    strcmp(pk->valuestring, "spot") != 0)
			return jdoc_fail(x, "field \"price.kind\": expected on-demand or spot, not \"%.40s\"",
					 pk->valuestring);
	}
	/* the reason stands in for a price, never beside one */
	if (g->no_price[0] != '\0' && g->usd_per_hour > 0)
		return jdoc_fail(x, "field \"no_price\": the GPU has a price (price.usd_per_hour)");
	return 0;
}

/* Room for add more zeroed items. A first list comes from calloc,
 * whose fresh pages need no clearing: a model is 13 KB, and clearing
 * 68 of them byte by byte was a tenth of start-up. */
static int
grow(void **items, size_t n, size_t add, size_t size)
{
	void *p;

	if (add == 0)
		return 0;
	if (*items == NULL) {
		p = calloc(add, size);
	} else {
		p = realloc(*items, (n + add) * size);
		if (p != NULL)
			memset((char *)p + n * size, 0, add * size);
	}
	if (p == NULL)
		return -1;
	*items = p;
	return 0;
}

/* The header checked by cJSON, with the list left out of the text. */
static int
check_header(const struct jdoc_ctx *x, const char *text, size_t len,
	     const struct jdoc_index *ix, const char *format)
{
	struct jdoc_span l = ix->list;
	char *bare = NULL;
	cJSON *root;
	int rc;

	if (l.len > 0 && text[l.off] == '[') {
		bare = malloc(len - l.len + 3);
		if (bare == NULL)
			return jdoc_fail(x, "out of memory");
		memcpy(bare, text, l.off);
		memcpy(bare + l.off, "[]", 2);
		memcpy(bare + l.off + 2, text + l.off + l.len, len - l.off - l.len);
		len = len - l.len + 2;
		bare[len] = '\0';
		text = bare;
	}
	root = jdoc_parse(x, text, len);
	rc = root != NULL && jdoc_header(x, root, format, CATALOG_VERSION) != NULL ? 0 : -1;
	cJSON_Delete(root);
	free(bare);
	return rc;
}

/* An entry to read: one the load wants, or one whose id only cJSON can
 * read (none, or escaped), which is read to say what is wrong with it. */
static bool
to_read(const struct catalog *c, bool gpu, const char *text, const struct jdoc_entry *e)
{
	const char *want = gpu ? c->want_gpu : c->want_model;

	return want[0] == '\0' || e->id.len == 0 ||
	       (strlen(want) == e->id.len && memcmp(want, text + e->id.off, e->id.len) == 0);
}

static int
pass_over(struct catalog *c, bool gpu, const char *id)
{
	if ((c->n_skipped & (c->n_skipped + 1)) == 0) {
		/* full at 0, 1, 3, 7...: room for twice as many */
		struct catalog_skipped *p = realloc(c->skipped, (2 * c->n_skipped + 2) * sizeof *p);

		if (p == NULL)
			return -1;
		c->skipped = p;
	}
	snprintf(c->skipped[c->n_skipped].id, sizeof c->skipped->id, "%s", id);
	c->skipped[c->n_skipped++].gpu = gpu;
	return 0;
}

/* One file's list. Each entry is indexed, its id checked against the
 * catalog's; only those the load wants are built and read. */
static int
parse_list(struct catalog *c, bool gpu, const char *text, size_t len, const char *file,
	   struct gp_error *err)
{
	struct jdoc_ctx x = {file, gpu ? "gpus" : "models", -1, NULL, err};
	struct jdoc_index ix = {0};
	struct jdoc_arena arena = {NULL};
	size_t base_m = c->n_models, base_g = c->n_gpus, base_s = c->n_skipped, n = 0;
	char id[MODEL_ID_LEN];
	int rc = -1;

	if (jdoc_index(&x, text, len, &ix) != 0)
		return -1;
	if (check_header(&x, text, len, &ix, gpu ? "gpuplan-gpus" : "gpuplan-models") != 0)
		goto out;
	for (size_t i = 0; i < ix.n; i++)
		n += to_read(c, gpu, text, &ix.entry[i]);
	if (gpu ? grow((void **)&c->gpus, c->n_gpus, n, sizeof *c->gpus)
		: grow((void **)&c->models, c->n_models, n, sizeof *c->models)) {
		jdoc_fail(&x, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ix.n; i++) {
		const struct jdoc_entry *e = &ix.entry[i];
		const cJSON *tree;

		x.index = (int)i;
		x.id = NULL;
		if (e->id.len > 0) {
			snprintf(id, sizeof id, "%.*s", (int)e->id.len, text + e->id.off);
			x.id = id;
			if (catalog_knows(c, gpu, id)) {
				jdoc_fail(&x, "duplicate id");
				goto out;
			}
			x.id = NULL;
		}
		if (!to_read(c, gpu, text, e)) {
			if (pass_over(c, gpu, id) != 0) {
				jdoc_fail(&x, "out of memory");
				goto out;
			}
			continue;
		}
		if ((tree = jdoc_parse_arena(&x, text, e->value, &arena)) == NULL)
			goto out;
		if (gpu) {
			struct gpu *g = &c->gpus[c->n_gpus];

			if (parse_gpu(&x, tree, g) != 0)
				goto out;
			if (catalog_knows(c, true, g->id)) {
				jdoc_fail(&x, "duplicate id");
				goto out;
			}
			c->n_gpus++;
		} else {
			struct model *m = &c->models[c->n_models];

			if (parse_model(&x, tree, m) != 0)
				goto out;
			if (catalog_knows(c, false, m->id)) {
				jdoc_fail(&x, "duplicate id");
				goto out;
			}
			c->n_models++;
		}
	}
	rc = 0;
out:
	if (rc != 0) {
		c->n_models = base_m;
		c->n_gpus = base_g;
		c->n_skipped = base_s;
	}
	jdoc_arena_free(&arena);
	jdoc_index_free(&ix);
	return rc;
}

int
catalog_parse_models(struct catalog *c, const char *text, size_t len,
		     const char *file, struct gp_error *err)
{
	return parse_list(c, false, text, len, file, err);
}

int
catalog_parse_gpus(struct catalog *c, const char *text, size_t len,
		   const char *file, struct gp_error *err)
{
	return parse_list(c, true, text, len, file, err);
}

int
catalog_load_file(struct catalog *c, const char *dir, const char *name,
		  enum catalog_kind kind, unsigned flags, struct gp_error *err)
{
	char path[4096];
	struct stat st;
	size_t len, base = c->n_models;
	char *text;
	int rc;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return gp_error_set(err, "%s: path too long", dir);
	if ((flags & CATALOG_MISSING_OK) && stat(path, &st) != 0)
		return 0;
	text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err);
	if (text == NULL)
		return -1;
	rc = (kind == CATALOG_GPUS ? catalog_parse_gpus : catalog_parse_models)(c, text, len,
										 path, err);
	free(text);
	for (size_t i = base; rc == 0 && (flags & CATALOG_USERS) && i < c->n_models; i++)
		c->models[i].user = true;
	return rc;
}

int
catalog_load_some(struct catalog *c, const char *dir, const char *model, const char *gpu,
		  struct gp_error *err)
{
	memset(c, 0, sizeof *c);
	snprintf(c->want_model, sizeof c->want_model, "%s", model ? model : "");
	snprintf(c->want_gpu, sizeof c->want_gpu, "%s", gpu ? gpu : "");
	if (catalog_load_file(c, dir, "models.json", CATALOG_MODELS, 0, err) != 0 ||
	    catalog_load_file(c, dir, "gpus.json", CATALOG_GPUS, 0, err) != 0) {
		catalog_free(c);
		return -1;
	}
	return 0;
}


int
catalog_load(struct catalog *c, const char *dir, struct gp_error *err)
{
	return catalog_load_some(c, dir, NULL, NULL, err);
}
