/* test_catalog.c - loading the JSON catalogs, and the errors a broken
 * one gives: each names the file, the entry and the field. */
#include <errno.h>

#include "testutil.h"
#include "catload.h"
#include "jsondoc.h"
#include "memory.h"

#define MODELS_HEAD "{\"format\": \"gpuplan-models\", \"version\": 1, \"models\": "
#define GPUS_HEAD "{\"format\": \"gpuplan-gpus\", \"version\": 1, \"gpus\": "
/* A valid config: 2 layers, d 64, 4 heads of 16, 2 KV heads. */
#define TINY_CONFIG							\
	"{\"hidden_size\": 64, \"intermediate_size\": 128,"		\
	" \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"	\
	" \"num_key_value_heads\": 2, \"head_dim\": 16, \"vocab_size\": 100}"

/* Parses text as a models file named file into a fresh catalog; returns
 * the status and leaves the message in err. */
static int
parse_models(const char *text, const char *file, struct gp_error *err)
{
	struct catalog c;
	int rc;

	memset(&c, 0, sizeof c);
	err->msg[0] = '\0';
	rc = catalog_parse_models(&c, text, strlen(text), file, err);
	if (rc != 0)
		ck_assert_uint_eq(c.n_models, 0);
	catalog_free(&c);
	return rc;
}

static int
parse_gpus(const char *text, const char *file, struct gp_error *err)
{
	struct catalog c;
	int rc;

	memset(&c, 0, sizeof c);
	err->msg[0] = '\0';
	rc = catalog_parse_gpus(&c, text, strlen(text), file, err);
	if (rc != 0)
		ck_assert_uint_eq(c.n_gpus, 0);
	catalog_free(&c);
	return rc;
}

/* Reads a fixture of tests/data and parses it as a models or GPUs file
 * under its real path. */
static int
parse_fixture(const char *name, bool gpus, struct gp_error *err, char *path,
	      size_t pathlen)
{
	struct catalog c;
	size_t len = 0;
	char *text;
	int rc;

	snprintf(path, pathlen, "%s/%s", GPUPLAN_TESTDATADIR, name);
	err->msg[0] = '\0';
	text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, err);
	ck_assert_msg(text != NULL, "cannot read fixture %s: %s", path, err->msg);
	memset(&c, 0, sizeof c);
	rc = gpus ? catalog_parse_gpus(&c, text, len, path, err)
		  : catalog_parse_models(&c, text, len, path, err);
	free(text);
	catalog_free(&c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The shipped catalog.                                                */
/* ------------------------------------------------------------------ */

START_TEST(test_shipped_loads)
{
	struct catalog c;
	struct gp_error err;

	err.msg[0] = '\0';
	ck_assert_msg(catalog_load(&c, GPUPLAN_SRCDATADIR, &err) == 0, "%s", err.msg);
	/* data/models.json: at least 62 models; data/gpus.json: at least
	 * 31 GPUs, each figure with its source */
	ck_assert_uint_ge(c.n_models, 62);
	ck_assert_uint_ge(c.n_gpus, 31);
	/* every shipped price says whether it is on-demand or spot */
	for (size_t i = 0; i < c.n_gpus; i++)
		ck_assert_msg(c.gpus[i].usd_per_hour == 0 || c.gpus[i].price_kind[0] != '\0',
			      "%s: price without a kind", c.gpus[i].id);
	catalog_free(&c);
	ck_assert_uint_eq(c.n_models, 0);
	ck_assert_ptr_null(c.models);
}
END_TEST

/* Its fields as read, from the pinned copy tu_catalog() loads. */
START_TEST(test_shipped_models)
{
	static const char *const ids[] = {
		"llama-4-scout", "llama-4-maverick", "llama-3.1-8b",
		"llama-3.1-70b", "llama-3.1-405b", "mistral-7b", "mixtral-8x7b",
		"deepseek-v3", "qwen3-30b-a3b", "gpt-oss-120b", "gpt-oss-20b",
		"gemma-3-27b",
	};
	const struct model *m;

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		m = catalog_model(tu_catalog(), ids[i]);
		ck_assert_msg(m != NULL, "%s missing", ids[i]);
		ck_assert_str_eq(m->id, ids[i]);
		ck_assert_msg(m->name[0] != '\0', "%s has no name", ids[i]);
	}
	ck_assert_ptr_null(catalog_model(tu_catalog(), "llama-5"));
	ck_assert_ptr_null(catalog_model(tu_catalog(), ""));

	/* models.json fields carried over */
	m = tu_model("llama-4-scout");
	ck_assert_u64(m->published_total, 108641793536ull);
	ck_assert_u64(m->extra_params, 871932416ull);
	ck_assert_u64(m->max_context, 10485760ull);	/* Instruct */
	ck_assert_int_eq(m->n_api, 3);
	ck_assert_str_eq(m->api[0].provider, "SambaNova");
	ck_assert_near(m->api[0].usd_per_m_input, 0.40, 1e-12);
	ck_assert_near(m->api[0].usd_per_m_output, 0.70, 1e-12);
	ck_assert_u64(tu_model("deepseek-v3")->mtp_params, 13463426304ull);
	ck_assert_u64(tu_model("llama-3.1-8b")->checkpoint_bytes, 16060522496ull);
	ck_assert_int_eq(tu_model("llama-3.1-8b")->n_api, 0);
}
END_TEST

/* Half a unit of a published figure's last significant digit: "120B"
 * (120,000,000,000) is 5B either way, 31,600,000,000 0.05B. */
static double
rounding_of(uint64_t n)
{
	double unit = 1;

	while (n > 0 && n % 10 == 0) {
		n /= 10;
		unit *= 10;
	}
	return unit / 2;
}

/* Every catalog model with a published total comes within 0.5% of it,
 * or within its rounding when that is coarser. The published figure
 * counts what the checkpoint holds: the text model, the towers
 * (extra_params) and the MTP layers (mtp_params), unless the entry's
 * published_basis says it leaves the MTP layers out, or counts the
 * language model alone. */
START_TEST(test_catalog_counts)
{
	struct catalog all;
	const struct catalog *c = &all;
	struct gp_error err;
	size_t checked = 0;

	ck_assert_msg(catalog_load(&all, GPUPLAN_SRCDATADIR, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < c->n_models; i++) {
		const struct model *m = &c->models[i];
		struct model_counts n;
		double got, want = (double)m->published_total, tol;

		if (m->published_total == 0)
			continue;
		model_count(m, &n);
		got = (double)(n.text_total + (m->published_text ? 0 : m->extra_params) +
			       (m->published_without_mtp ? 0 : m->mtp_params));
		tol = rounding_of(m->published_total);
		if (tol < 0.005 * want)
			tol = 0.005 * want;
		ck_assert_msg(fabs(got - want) <= tol, "%s: %.0f against the published %.0f (+-%.3g)",
			      m->id, got, want, tol);
		checked++;
	}
	ck_assert_uint_ge(checked, 60);
	catalog_free(&all);
}
END_TEST

/* Kimi K2.5 ships compressed-tensors INT4 with a 16-bit scale per 32
 * weights on the routed experts alone: 60 MoE layers x 384 x 3 x 7168
 * x 2048 = 1,014,686,023,680 weights at 4.5 bits, 570,760,888,320 B;
 * the other 11,722,208,768 of the 1,026,408,232,448 and the ~425M
 * tower at 2 bytes, 24,294,417,536 B. In another format the scenario's
 * bits hold. */
START_TEST(test_shipped_checkpoint_bits)
{
	struct catalog all;
	struct gp_error err;
	const struct model *m;
	struct model_counts n;

	ck_assert_msg(catalog_load(&all, GPUPLAN_SRCDATADIR, &err) == 0, "%s", err.msg);
	m = catalog_model(&all, "kimi-k2.5");
	ck_assert_ptr_nonnull(m);
	model_count(m, &n);
	ck_assert_u64(n.text_total, 1026408232448ull);
	ck_assert_int_eq(m->native_format, WF_INT4);
	ck_assert_u64(memory_model_bytes(m, &n, WF_INT4), 595055305856ull);
	ck_assert_u64(memory_model_bytes(m, &n, WF_BF16), 2 * n.total);
	catalog_free(&all);
}
END_TEST

/* The shipped GEMM fits against rows of the tables they were fitted to
 * (AIConfigurator @095f58a51c4c systems/data/gb200/gemm/trtllm/1.3.0rc20/
 * gemm_perf.parquet, and the same for a100_sxm (1.0.0), b300_sxm and gb300;
 * latency in ms), n = k = 8,192. By hand, with data/gpus.json's constants,
 * t = t0 + max(bytes / (eta_m BW), 2 m n k / (eta_c F), k tau_k), bytes =
 * n k b + 2 m (k + n), nvfp4 b = 0.5625 (one FP8 scale per 16):
 * GB200, 8.0 TB/s, nvfp4 at 10,000 TF:
 *   m 1     21.004 us measured; K-serial 8,192 x 1.81 ns = 14.83 + 6.33
 *   m 256   23.136 us; reads 46.1 MB / (0.365 x 8e12) = 15.80 + 6.33
 *   m 2,048 82.065 us; math 275 GF / (0.318 x 1e16) = 86.44 + 6.33
 *   bf16 m 256 31.749 us; reads 142.6 MB / (0.664 x 8e12) = 26.85 + 2.46
 * A100-80GB bf16 m 16, 91.716 us; 134.7 MB / (0.713 x 2.039e12) = 92.68
 *   + 5.52
 * B300 nvfp4 m 2,048, 75.115 us; 275 GF / (0.273 x 1.4e16) = 71.92 + 7.54
 * GB300 nvfp4 m 2,048, 72.086 us; 275 GF / (0.278 x 1.5e16) = 65.92 + 7.57
 * Each within 15% (the fits' median errors are 6-11%). */
static double
gemm_us(const struct gpu *g, const char *format, double bytes, double m, double n, double k)
{
	static const struct { const char *format; enum compute_dtype dt; } math[] = {
		{"bf16", CD_BF16}, {"nvfp4", CD_FP4},
	};
	const struct gpu_gemm_kernel *gk = NULL;
	double tf = 0;

	ck_assert_ptr_nonnull(g);
	for (unsigned i = 0; i < g->n_gemm_kernels; i++)
		if (strcmp(g->gemm_kernels[i].format, format) == 0)
			gk = &g->gemm_kernels[i];
	for (size_t i = 0; i < sizeof math / sizeof math[0]; i++)
		if (strcmp(math[i].format, format) == 0)
			tf = g->tflops[math[i].dt];
	ck_assert_msg(gk != NULL && tf > 0, "%s: no %s GEMM fit", g->id, format);
	return gk->t0_us + 1e6 * fmax(fmax((n * k * bytes + 2 * m * (k + n)) /
					   (gk->eta_mem * g->bandwidth_tbs * 1e12),
					   2 * m * n * k / (gk->eta_compute * tf * 1e12)),
				      k * gk->tau_k_ns * 1e-9);
}

START_TEST(test_shipped_gemm_fits)
{
	struct catalog c;
	struct gp_error err;
	const struct gpu *g;

	ck_assert_msg(catalog_load(&c, GPUPLAN_SRCDATADIR, &err) == 0, "%s", err.msg);
	g = catalog_gpu(&c, "gb200");
	ck_assert_ptr_nonnull(g);
	ck_assert_rel(gemm_us(g, "nvfp4", 0.5625, 1, 8192, 8192), 21.004, 0.15);
	ck_assert_rel(gemm_us(g, "nvfp4", 0.5625, 256, 8192, 8192), 23.136, 0.15);
	ck_assert_rel(gemm_us(g, "nvfp4", 0.5625, 2048, 8192, 8192), 82.065, 0.15);
	ck_assert_rel(gemm_us(g, "bf16", 2, 256, 8192, 8192), 31.749, 0.15);
	/* and its all-reduce: TP 2 and 4 only, as measured */
	ck_assert_uint_eq(g->n_allreduce, 2);
	ck_assert_rel(gemm_us(catalog_gpu(&c, "a100-80gb"), "bf16", 2, 16, 8192, 8192), 91.716, 0.15);
	ck_assert_rel(gemm_us(catalog_gpu(&c, "b300"), "nvfp4", 0.5625, 2048, 8192, 8192), 75.115, 0.15);
	ck_assert_rel(gemm_us(catalog_gpu(&c, "gb300"), "nvfp4", 0.5625, 2048, 8192, 8192), 72.086, 0.15);
	catalog_free(&c);
}
END_TEST

START_TEST(test_shipped_gpus)
{
	const struct gpu *g = tu_gpu("h100-sxm");

	/* gpus.json: H100 SXM 80 GB, usable 81,559 MiB
	 * = 85,520,809,984 B, 3.35 TB/s, dense BF16 989 / FP8 1979, NVLink
	 * 900 GB/s, 8 per node, 700 W, RunPod spot 2.69 */
	ck_assert_near(g->memory_gb, 80, 0);
	ck_assert_u64(g->usable_bytes, 85520809984ull);
	ck_assert_near(g->bandwidth_tbs, 3.35, 1e-12);
	ck_assert_near(g->tflops[CD_BF16], 989, 0);
	ck_assert_near(g->tflops[CD_FP8], 1979, 0);
	ck_assert_near(g->tflops[CD_FP4], 0, 0);
	ck_assert_int_eq(g->link, LINK_NVLINK);
	ck_assert_near(g->link_gbs, 900, 0);
	ck_assert_uint_eq(g->gpus_per_node, 8);
	ck_assert_near(g->tdp_w, 700, 0);
	ck_assert_near(g->usd_per_hour, 2.69, 1e-12);

	/* B200 "180 GB" is 180 GiB: 184,320 MiB = 193,273,528,320 B
	 * (capacity units, doc/planning-model.md section 1) */
	ck_assert_u64(tu_gpu("b200")->usable_bytes, 193273528320ull);
	/* A100 80GB has no usable_mib: 80 GiB, the nvidia-smi capacity
	 * (gpus.json notes) = 85,899,345,920 B; no FP8 */
	ck_assert_u64(tu_gpu("a100-80gb")->usable_bytes, 85899345920ull);
	ck_assert_near(tu_gpu("a100-80gb")->tflops[CD_FP8], 0, 0);
	/* B300 INT8 cut to 153.5 (spec trap 3) */
	ck_assert_near(tu_gpu("b300")->tflops[CD_INT8], 153.5, 1e-12);
	ck_assert_int_eq(tu_gpu("mi300x")->link, LINK_XGMI);
	ck_assert_int_eq(tu_gpu("l40s")->link, LINK_PCIE);
	/* no price in the catalog */
	ck_assert_near(tu_gpu("h100-pcie")->usd_per_hour, 0, 0);
	ck_assert_ptr_null(catalog_gpu(tu_catalog(), "h900"));
}
END_TEST

START_TEST(test_private_catalog)
{
	struct catalog c;
	struct gp_error err;
	struct model_counts mc;
	const struct gpu *g;

	/* tests/data/catalog-tiny: one model, one GPU */
	err.msg[0] = '\0';
	ck_assert_msg(catalog_load(&c, GPUPLAN_TESTDATADIR "/catalog-tiny", &err) == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(c.n_models, 1);
	ck_assert_uint_eq(c.n_gpus, 1);
	/* attention 64*64 + 2*64*32 + 64*64 = 12,288; FFN 3*64*128 = 24,576;
	 * norms 128; layer 36,992 x 2 = 73,984; embed + head 2 * 100*64 =
	 * 12,800; final norm 64: 86,848 */
	model_count(catalog_model(&c, "tiny"), &mc);
	ck_assert_u64(mc.total, 86848);
	ck_assert_u64(catalog_model(&c, "tiny")->published_total, 86848);
	g = catalog_gpu(&c, "test-gpu");
	ck_assert_ptr_nonnull(g);
	/* 16,000 MiB = 16,777,216,000 B */
	ck_assert_u64(g->usable_bytes, 16777216000ull);
	ck_assert_uint_eq(g->gpus_per_node, 4);
	ck_assert_int_eq(g->link, LINK_PCIE);

	/* Entries append: the test catalog's models file adds its 12 after
	 * "tiny". */
	{
		char path[4096];
		size_t len;
		char *text;

		snprintf(path, sizeof path, "%s/models.json", TU_CATALOG_DIR);
		text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, &err);
		ck_assert_ptr_nonnull(text);
		ck_assert_int_eq(catalog_parse_models(&c, text, len, path, &err), 0);
		free(text);
		ck_assert_uint_eq(c.n_models, 1 + tu_catalog()->n_models);
		ck_assert_ptr_nonnull(catalog_model(&c, "tiny"));
		ck_assert_ptr_nonnull(catalog_model(&c, "llama-4-scout"));
	}
	catalog_free(&c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Broken catalogs.                                                    */
/* ------------------------------------------------------------------ */

START_TEST(test_not_json)
{
	struct gp_error err;

	ck_assert_int_ne(parse_models("{\"format\": \"gpuplan-models\",\n \"version\": 1,,",
				      "broken.json", &err), 0);
	ck_assert_has(err.msg, "broken.json: ");
	ck_assert_has(err.msg, "not valid JSON");
	ck_assert_has(err.msg, "line 2");
	/* empty text */
	ck_assert_int_ne(parse_models("", "empty.json", &err), 0);
	ck_assert_has(err.msg, "empty.json: not valid JSON");
}
END_TEST

START_TEST(test_wrong_format)
{
	struct gp_error err;

	/* a GPUs file where models are expected */
	ck_assert_int_ne(parse_models("{\"format\": \"gpuplan-gpus\", \"version\": 1,"
				      " \"models\": []}", "m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: ");
	ck_assert_has(err.msg, "field \"format\"");
	ck_assert_has(err.msg, "gpuplan-models");
	/* no format at all */
	ck_assert_int_ne(parse_gpus("{\"version\": 1, \"gpus\": []}", "g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: field \"format\"");
	/* not an object at the top */
	ck_assert_int_ne(parse_gpus("[1, 2]", "g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: ");
}
END_TEST

START_TEST(test_version)
{
	struct gp_error err;

	ck_assert_int_ne(parse_models("{\"format\": \"gpuplan-models\", \"version\": 2,"
				      " \"models\": []}", "v2.json", &err), 0);
	ck_assert_has(err.msg, "v2.json: ");
	ck_assert_has(err.msg, "version 2 is not supported");
	ck_assert_int_ne(parse_models("{\"format\": \"gpuplan-models\","
				      " \"models\": []}", "v.json", &err), 0);
	ck_assert_has(err.msg, "field \"version\"");
}
END_TEST

START_TEST(test_missing_list)
{
	struct gp_error err;

	ck_assert_int_ne(parse_models("{\"format\": \"gpuplan-models\", \"version\": 1}",
				      "m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: ");
	ck_assert_has(err.msg, "field \"models\"");
	ck_assert_int_ne(parse_gpus(GPUS_HEAD "{}}", "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"gpus\"");
	/* an empty list is a valid (empty) catalog */
	ck_assert_int_eq(parse_models(MODELS_HEAD "[]}", "m.json", &err), 0);
}
END_TEST

START_TEST(test_model_without_id)
{
	struct gp_error err;

	ck_assert_int_ne(parse_models(MODELS_HEAD "[{\"name\": \"No id\", \"config\": "
				      TINY_CONFIG "}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: models[0]: field \"id\" is missing");
	/* ids are lowercase letters, digits and - . _ */
	ck_assert_int_ne(parse_models(MODELS_HEAD "[{\"id\": \"Big Model\", \"name\": \"x\","
				      " \"config\": " TINY_CONFIG "}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "field \"id\"");
	/* and a name is required */
	ck_assert_int_ne(parse_models(MODELS_HEAD "[{\"id\": \"tiny\", \"config\": "
				      TINY_CONFIG "}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "models[0] (\"tiny\"): field \"name\"");
}
END_TEST

START_TEST(test_duplicate_id)
{
	struct gp_error err;
	char path[4096];

	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"a\", \"config\": " TINY_CONFIG "},"
		" {\"id\": \"tiny\", \"name\": \"b\", \"config\": " TINY_CONFIG "}]}",
		"m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: models[1] (\"tiny\"): duplicate id");

	ck_assert_int_ne(parse_gpus(GPUS_HEAD
		"[{\"id\": \"g\", \"name\": \"a\", \"memory_gb\": 8, \"bandwidth_tbs\": 1},"
		" {\"id\": \"g\", \"name\": \"b\", \"memory_gb\": 8, \"bandwidth_tbs\": 1}]}",
		"g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: gpus[1] (\"g\"): duplicate id");

	/* the same from a file (tests/data/models-duplicate.json) */
	ck_assert_int_ne(parse_fixture("models-duplicate.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, path);
	ck_assert_has(err.msg, "duplicate id");
}
END_TEST

/* A GPU's measured kernels: each bad field is named, with its index. */
START_TEST(test_bad_kernels)
{
#define GPU_K(k) GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8, " \
	"\"bandwidth_tbs\": 1, \"kernels\": " k "}]}"
#define MOE_K(f) "{\"source\": \"s\", \"moe\": [{\"backend\": \"cutlass\", " f "}]}"
	struct gp_error err;

	ck_assert_int_eq(parse_gpus(GPU_K(MOE_K("\"format\": \"fp8\", \"t0_us\": 30, "
						"\"eta_mem\": 0.8, \"eta_compute\": 0.7")),
				    "g.json", &err), 0);
	ck_assert_int_ne(parse_gpus(GPU_K("[]"), "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"kernels\": expected an object");
	ck_assert_int_ne(parse_gpus(GPU_K("{\"moe\": []}"), "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"source\" is missing");
	ck_assert_int_ne(parse_gpus(GPU_K(MOE_K("\"format\": \"fp6\", \"t0_us\": 30, "
						"\"eta_mem\": 0.8, \"eta_compute\": 0.7")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: gpus[0] (\"g\"): field \"kernels.moe[0].format\"");
	ck_assert_has(err.msg, "not \"fp6\"");
	ck_assert_int_ne(parse_gpus(GPU_K(MOE_K("\"format\": \"fp8\", \"t0_us\": 30, "
						"\"eta_mem\": 0, \"eta_compute\": 0.7")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "eta_mem");
	ck_assert_int_ne(parse_gpus(GPU_K(MOE_K("\"format\": \"fp8\", \"t0_us\": 30, "
						"\"eta_mem\": 0.8, \"eta_compute\": 0.7, "
						"\"skew_tokens\": [1, 16], \"skew_ep1\": [1]")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "kernels.moe[0].skew_ep1\": 1 points, skew_tokens has 2");
	ck_assert_int_ne(parse_gpus(GPU_K(MOE_K("\"format\": \"fp8\", \"t0_us\": 30, "
						"\"eta_mem\": 0.8, \"eta_compute\": 0.7, "
						"\"skew_tokens\": [16, 1], \"skew_ep1\": [1, 1]")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "expected rising token counts");
	/* dense GEMMs and all-reduce curves */
#define GEMM_K(f) "{\"source\": \"s\", \"gemm_source\": \"s\", \"gemm\": [{" f "}]}"
#define AR_K(f) "{\"source\": \"s\", \"allreduce_source\": \"s\", \"allreduce\": [{" f "}]}"
	ck_assert_int_eq(parse_gpus(GPU_K(GEMM_K("\"format\": \"nvfp4\", \"t0_us\": 6, \"eta_mem\": 0.4, "
						 "\"eta_compute\": 0.3, \"tau_k_ns\": 1.9")),
				    "g.json", &err), 0);
	ck_assert_int_ne(parse_gpus(GPU_K(GEMM_K("\"format\": \"nvfp4\", \"t0_us\": 6, \"eta_mem\": 0.4, "
						 "\"eta_compute\": 0.3")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "tau_k_ns");
	ck_assert_int_ne(parse_gpus(GPU_K("{\"source\": \"s\", \"gemm\": []}"), "g.json", &err), 0);
	ck_assert_has(err.msg, "gemm_source");
	ck_assert_int_eq(parse_gpus(GPU_K(AR_K("\"tp\": 2, \"elements\": [128, 4096], \"us\": [2.7, 2.6]")),
				    "g.json", &err), 0);
	ck_assert_int_ne(parse_gpus(GPU_K(AR_K("\"tp\": 2, \"elements\": [4096, 128], \"us\": [2.7, 2.8]")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"kernels.allreduce[0].elements[1]\": expected a positive number above the one before");
	ck_assert_int_ne(parse_gpus(GPU_K(AR_K("\"tp\": 2, \"elements\": [128, 4096], \"us\": [2.7]")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "kernels.allreduce[0].us\": 1 points, expected one per element count");
	ck_assert_int_ne(parse_gpus(GPU_K(AR_K("\"tp\": 1, \"elements\": [128, 4096], \"us\": [2.7, 3]")),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "\"tp\"");
#undef AR_K
#undef GEMM_K
#undef MOE_K
#undef GPU_K
}
END_TEST

START_TEST(test_config_wrong_type)
{
	struct gp_error err;

	/* a string where a number is expected names the field */
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"config\": {\"hidden_size\": \"64\","
		" \"num_hidden_layers\": 2, \"num_attention_heads\": 4}}]}",
		"m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: models[0] (\"tiny\"): config: ");
	ck_assert_has(err.msg, "field \"hidden_size\"");
	/* a fraction where a whole number is expected */
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"config\": {\"hidden_size\": 64.5,"
		" \"num_hidden_layers\": 2, \"num_attention_heads\": 4}}]}",
		"m.json", &err), 0);
	ck_assert_has(err.msg, "field \"hidden_size\"");
	/* a model entry's own number fields too */
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"published_total_params\": \"many\","
		" \"config\": " TINY_CONFIG "}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "field \"published_total_params\"");
	/* a model without config */
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\"}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "field \"config\"");
	/* an invalid architecture is reported through the config */
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"config\": {\"hidden_size\": 64,"
		" \"intermediate_size\": 128, \"num_hidden_layers\": 2,"
		" \"num_attention_heads\": 4, \"num_key_value_heads\": 3,"
		" \"head_dim\": 16, \"vocab_size\": 100}}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "num_key_value_heads");
}
END_TEST

START_TEST(test_api_price_errors)
{
	struct gp_error err;

	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"api_prices\": [{\"provider\": \"X\","
		" \"usd_per_m_input\": 1.0}], \"config\": " TINY_CONFIG "}]}",
		"m.json", &err), 0);
	ck_assert_has(err.msg, "models[0] (\"tiny\")");
	ck_assert_has(err.msg, "usd_per_m_output");
	ck_assert_int_ne(parse_models(MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"Tiny\", \"api_prices\": [{\"provider\": \"X\","
		" \"usd_per_m_input\": -1, \"usd_per_m_output\": 1}], \"config\": "
		TINY_CONFIG "}]}", "m.json", &err), 0);
	ck_assert_has(err.msg, "usd_per_m_input");
}
END_TEST

/* A GPU entry with one bad field: the message names the file, the
 * entry and the field. Each case's JSON follows "id": "g", "name": "G". */
START_TEST(test_gpu_field_errors)
{
	static const struct {
		const char *fields, *want;
	} cases[] = {
		{"\"memory_gb\": 0, \"bandwidth_tbs\": 1",
		 "g.json: gpus[0] (\"g\"): field \"memory_gb\""},
		/* missing memory is the same error */
		{"\"bandwidth_tbs\": 1", "field \"memory_gb\""},
		{"\"memory_gb\": 8, \"bandwidth_tbs\": -1", "field \"bandwidth_tbs\""},
		/* a string TFLOPS figure */
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"tflops_dense\": {\"bf16\": \"fast\"}",
		 "field \"bf16\""},
		/* a measured matmul ceiling off the spec by 100x is a typo */
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"tflops_dense\": {\"fp8\": 1979},"
		 " \"mamf_tflops\": {\"fp8\": 14026}",
		 "g.json: gpus[0] (\"g\"): field \"mamf_tflops.fp8\": 14026 is above"},
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"tflops_dense\": {\"bf16\": 989},"
		 " \"mamf_tflops\": {\"bf16\": 7.945}",
		 "field \"mamf_tflops.bf16\": 7.945 is below 1% of the spec's 989"},
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"mamf_tflops\": 800",
		 "field \"mamf_tflops\": expected an object"},
		/* more free after the CUDA context than the runtime's total */
		{"\"memory_gb\": 8, \"usable_mib\": 8192, \"runtime_free_mib\": 8000, \"bandwidth_tbs\": 1",
		 "g.json: gpus[0] (\"g\"): field \"runtime_free_mib\": above the runtime's total"},
		{"\"memory_gb\": 8, \"runtime_free_mib\": \"lots\", \"bandwidth_tbs\": 1",
		 "field \"runtime_free_mib\""},
		/* a price's kind is on-demand or spot, nothing else */
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"usd_per_hour\": 2.5,"
		 " \"provider\": \"X\", \"kind\": \"reserved\"}",
		 "g.json: gpus[0] (\"g\"): field \"price.kind\": expected on-demand or spot, not \"reserved\""},
		/* case matters, and a near miss is still wrong */
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"kind\": \"Spot\"}",
		 "field \"price.kind\": expected on-demand or spot"},
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"kind\": \"on-demand-ish\"}",
		 "field \"price.kind\": expected on-demand or spot"},
		{"\"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"kind\": 1}",
		 "field \"kind\": expected a string"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct gp_error err;
		char json[512];

		snprintf(json, sizeof json, GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\", %s}]}",
			 cases[i].fields);
		ck_assert_int_ne(parse_gpus(json, "g.json", &err), 0);
		ck_assert_has(err.msg, cases[i].want);
	}
}
END_TEST

/* price.kind as read: on-demand, spot, or absent (""). */
START_TEST(test_gpu_price_kind)
{
	static const char *const kinds[] = {"on-demand", "spot"};
	struct catalog c;
	struct gp_error err;
	char json[512];

	for (size_t i = 0; i < 3; i++) {
		memset(&c, 0, sizeof c);
		if (i < 2)
			snprintf(json, sizeof json, GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\","
				 " \"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"usd_per_hour\": 1.5,"
				 " \"provider\": \"X\", \"kind\": \"%s\", \"date\": \"2026-03\"}}]}", kinds[i]);
		else
			snprintf(json, sizeof json, GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\","
				 " \"memory_gb\": 8, \"bandwidth_tbs\": 1, \"price\": {\"usd_per_hour\": 1.5}}]}");
		ck_assert_msg(catalog_parse_gpus(&c, json, strlen(json), "g.json", &err) == 0, "%s", err.msg);
		ck_assert_str_eq(c.gpus[0].price_kind, i < 2 ? kinds[i] : "");
		ck_assert_near(c.gpus[0].usd_per_hour, 1.5, 0);
		catalog_free(&c);
	}
}
END_TEST

/* no_price: the reason there is no rental price is kept to be said in
 * the plan; beside a price it is an error, not a second opinion. */
START_TEST(test_gpu_no_price)
{
	struct catalog c;
	struct gp_error err;
	const char *json = GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8,"
		" \"bandwidth_tbs\": 1, \"no_price\": \"bought, not rented\"}]}";

	memset(&c, 0, sizeof c);
	ck_assert_msg(catalog_parse_gpus(&c, json, strlen(json), "g.json", &err) == 0, "%s", err.msg);
	ck_assert_str_eq(c.gpus[0].no_price, "bought, not rented");
	ck_assert_near(c.gpus[0].usd_per_hour, 0, 0);
	catalog_free(&c);

	ck_assert_int_ne(parse_gpus(GPUS_HEAD
		"[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8, \"bandwidth_tbs\": 1,"
		" \"price\": {\"usd_per_hour\": 2}, \"no_price\": \"bought, not rented\"}]}",
		"g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: gpus[0] (\"g\"): field \"no_price\": the GPU has a price");
	ck_assert_int_ne(parse_gpus(GPUS_HEAD
		"[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8, \"bandwidth_tbs\": 1,"
		" \"no_price\": 3}]}", "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"no_price\": expected a string");
}
END_TEST

/* kernels.ops (gpu.h enum gpu_op): an unknown op, one given twice and
 * an efficiency out of range are refused, naming the entry; a good one
 * is read whole. */
#define OPS_GPU(ops) GPUS_HEAD "[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8," \
	" \"bandwidth_tbs\": 1, \"kernels\": {\"source\": \"s\", \"ops_source\": \"t\"," \
	" \"ops\": [" ops "]}}]}"
START_TEST(test_gpu_ops)
{
	struct gp_error err;

	ck_assert_int_ne(parse_gpus(OPS_GPU("{\"op\": \"mla_prefill\", \"t0_us\": 1, \"eta_mem\": 0.5}"),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: gpus[0] (\"g\"): field \"kernels.ops[0].op\": unknown op \"mla_prefill\"");
	ck_assert_int_ne(parse_gpus(OPS_GPU("{\"op\": \"mla_bmm_pre\", \"t0_us\": 1, \"eta_mem\": 0.5},"
					    " {\"op\": \"mla_bmm_pre\", \"t0_us\": 2, \"eta_mem\": 0.5}"),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"kernels.ops[1].op\": \"mla_bmm_pre\" appears twice");
	ck_assert_int_ne(parse_gpus(OPS_GPU("{\"op\": \"mla_bmm_pre\", \"t0_us\": 1, \"eta_mem\": 0}"),
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "eta_mem");
	ck_assert_int_eq(parse_gpus(OPS_GPU("{\"op\": \"mla_decode_fp8\", \"t0_us\": 10.5,"
					    " \"eta_mem\": 0.8, \"median_error\": 0.1}"),
				    "g.json", &err), 0);
}
END_TEST
#undef OPS_GPU

START_TEST(test_gpu_link_kind)
{
	struct gp_error err;
	char path[4096];

	ck_assert_int_ne(parse_gpus(GPUS_HEAD
		"[{\"id\": \"g\", \"name\": \"G\", \"memory_gb\": 8, \"bandwidth_tbs\": 1,"
		" \"interconnect\": {\"kind\": \"warp-drive\", \"gbs\": 9000}}]}",
		"g.json", &err), 0);
	ck_assert_has(err.msg, "g.json: gpus[0] (\"g\"): field \"interconnect.kind\"");
	ck_assert_has(err.msg, "nvlink");	/* lists the valid kinds */

	/* from a file: tests/data/gpus-warpdrive.json */
	ck_assert_int_ne(parse_fixture("gpus-warpdrive.json", true, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, path);
	ck_assert_has(err.msg, "gpus[0] (\"fast-gpu\"): field \"interconnect.kind\"");
}
END_TEST

START_TEST(test_fixture_files)
{
	struct gp_error err;
	char path[4096];

	/* The fixtures the CLI test uses, through the library. */
	ck_assert_int_ne(parse_fixture("models-version2.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, path);
	ck_assert_has(err.msg, "version 2 is not supported");

	ck_assert_int_ne(parse_fixture("models-notjson.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, "not valid JSON (near line 2");

	ck_assert_int_ne(parse_fixture("models-noid.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, "models[0]: field \"id\" is missing");

	ck_assert_int_ne(parse_fixture("models-wrongformat.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, "field \"format\": expected \"gpuplan-models\"");

	ck_assert_int_ne(parse_fixture("models-badfield.json", false, &err, path,
				       sizeof path), 0);
	ck_assert_has(err.msg, "models[0] (\"tiny\"): config: field \"hidden_size\"");
}
END_TEST

START_TEST(test_load_bad_gpu_file)
{
	struct catalog c;
	struct gp_error err;

	/* models.json is fine, gpus.json has memory_gb 0: the error names
	 * the GPUs file, and nothing stays loaded. */
	err.msg[0] = '\0';
	ck_assert_int_ne(catalog_load(&c, GPUPLAN_TESTDATADIR "/catalog-badgpu", &err), 0);
	ck_assert_has(err.msg, "catalog-badgpu/gpus.json: gpus[0] (\"zero-gpu\"): field \"memory_gb\"");
	ck_assert_uint_eq(c.n_models, 0);
	ck_assert_uint_eq(c.n_gpus, 0);
	ck_assert_ptr_null(c.models);
	ck_assert_ptr_null(c.gpus);
}
END_TEST

START_TEST(test_load_missing_dir)
{
	struct catalog c;
	struct gp_error err;

	err.msg[0] = '\0';
	ck_assert_int_ne(catalog_load(&c, GPUPLAN_TESTDATADIR "/no-such-dir", &err), 0);
	ck_assert_has(err.msg, "no-such-dir/models.json");
	ck_assert_has(err.msg, strerror(ENOENT));
	ck_assert_uint_eq(c.n_models, 0);
}
END_TEST

/* An entry gpuplan import wrote ("imported") is a checkpoint: its own
 * quantization config sizes it, a ModelOpt file beside the config
 * first. Any other entry is the model, whose format the scenario picks. */
START_TEST(test_imported_entry_keeps_its_bits)
{
	struct catalog c;
	struct gp_error err;
	const struct model *m;
	static const char text[] = MODELS_HEAD
		"[{\"id\": \"ckpt\", \"name\": \"a\", \"imported\": \"2026-12-02\", \"config\": "
		"{\"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 2,"
		" \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"head_dim\": 16,"
		" \"vocab_size\": 100, \"quantization_config\": {\"quant_method\": \"fp8\"}},"
		" \"hf_quant_config\": {\"quantization\": {\"quant_algo\": \"NVFP4\","
		" \"group_size\": 16}}},"
		" {\"id\": \"model\", \"name\": \"b\", \"config\": "
		"{\"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 2,"
		" \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"head_dim\": 16,"
		" \"vocab_size\": 100, \"quantization_config\": {\"quant_method\": \"fp8\"}}}]}";
	static const char stray[] = MODELS_HEAD
		"[{\"id\": \"m\", \"name\": \"a\", \"config\": " TINY_CONFIG ","
		" \"hf_quant_config\": {}}]}";

	memset(&c, 0, sizeof c);
	ck_assert_msg(catalog_parse_models(&c, text, strlen(text), "u.json", &err) == 0, "%s", err.msg);
	m = catalog_model(&c, "ckpt");
	/* ModelOpt NVFP4 wins: 4 bits + one E4M3 scale per 16 = 4.5 */
	ck_assert(m->quant);
	ck_assert_int_eq(m->quant_format, WF_NVFP4);
	ck_assert_double_eq_tol(m->quant_bits[PG_ATTN], 4.5, 1e-9);
	ck_assert(!m->quant_native_only);
	/* a shipped entry's bits hold in its own format alone */
	m = catalog_model(&c, "model");
	ck_assert(m->quant && m->quant_native_only);
	ck_assert_int_eq(m->native_format, WF_FP8);
	ck_assert_int_eq(m->quant_format, WF_FP8);
	catalog_free(&c);
	ck_assert_int_ne(parse_models(stray, "s.json", &err), 0);
	ck_assert_has(err.msg, "s.json: models[0] (\"m\"): field \"hf_quant_config\": only for an imported checkpoint");
}
END_TEST

START_TEST(test_failed_parse_keeps_earlier_entries)
{
	struct catalog c;
	struct gp_error err;
	static const char good[] = MODELS_HEAD
		"[{\"id\": \"tiny\", \"name\": \"a\", \"config\": " TINY_CONFIG "}]}";
	static const char bad[] = MODELS_HEAD
		"[{\"id\": \"other\", \"name\": \"b\", \"config\": " TINY_CONFIG "},"
		" {\"name\": \"no id\", \"config\": " TINY_CONFIG "}]}";

	/* A file that fails halfway adds none of its entries. */
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(catalog_parse_models(&c, good, strlen(good), "a.json", &err), 0);
	ck_assert_int_ne(catalog_parse_models(&c, bad, strlen(bad), "b.json", &err), 0);
	ck_assert_has(err.msg, "b.json: models[1]: field \"id\" is missing");
	ck_assert_uint_eq(c.n_models, 1);
	ck_assert_ptr_nonnull(catalog_model(&c, "tiny"));
	ck_assert_ptr_null(catalog_model(&c, "other"));
	catalog_free(&c);
}
END_TEST

/* A plan reads its model and GPU alone: each must come out as a load of
 * everything builds it, and the rest be known by id. */
START_TEST(test_partial_load_matches_full)
{
	struct catalog all, one;
	struct gp_error err;

	ck_assert_msg(catalog_load(&all, GPUPLAN_SRCDATADIR, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < all.n_models; i++) {
		const struct model *m = &all.models[i];
		const struct gpu *g = &all.gpus[i % all.n_gpus];

		ck_assert_msg(catalog_load_some(&one, GPUPLAN_SRCDATADIR, m->id, g->id, &err) == 0,
			      "%s", err.msg);
		ck_assert_uint_eq(one.n_models, 1);
		ck_assert_uint_eq(one.n_gpus, 1);
		ck_assert_uint_eq(one.n_skipped, all.n_models + all.n_gpus - 2);
		ck_assert_msg(memcmp(&one.models[0], m, sizeof *m) == 0, "%s differs", m->id);
		ck_assert_msg(memcmp(&one.gpus[0], g, sizeof *g) == 0, "%s differs", g->id);
		ck_assert(catalog_knows(&one, false, all.models[(i + 1) % all.n_models].id));
		ck_assert(catalog_knows(&one, true, all.gpus[(i + 1) % all.n_gpus].id));
		catalog_free(&one);
	}
	catalog_free(&all);
}
END_TEST

/* What a load that reads one entry still checks in the others: the
 * JSON of the whole file, the header and every id; not their fields. */
START_TEST(test_partial_load_checks)
{
	static const char bad_field[] = MODELS_HEAD
		"[{\"id\": \"a\", \"name\": \"A\", \"config\": " TINY_CONFIG "},\n"
		" {\"id\": \"b\", \"name\": \"B\", \"config\": {\"hidden_size\": -1}}]}";
	static const char bad_json[] = MODELS_HEAD
		"[{\"id\": \"a\", \"name\": \"A\", \"config\": " TINY_CONFIG "},\n"
		" {\"id\": \"b\", \"name\": \"B\", \"config\": tru}]}";
	static const char dup[] = MODELS_HEAD
		"[{\"id\": \"a\", \"name\": \"A\", \"config\": " TINY_CONFIG "},\n"
		" {\"id\": \"b\"}, {\"id\": \"b\"}]}";
	static const char no_id[] = MODELS_HEAD
		"[{\"id\": \"a\", \"name\": \"A\", \"config\": " TINY_CONFIG "},\n"
		" {\"name\": \"B\"}]}";
	struct catalog c;
	struct gp_error err;

	memset(&c, 0, sizeof c);
	snprintf(c.want_model, sizeof c.want_model, "a");
	ck_assert_msg(catalog_parse_models(&c, bad_field, strlen(bad_field), "m.json", &err) == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(c.n_models, 1);
	ck_assert_str_eq(c.models[0].id, "a");
	ck_assert(catalog_knows(&c, false, "b"));
	ck_assert(!catalog_knows(&c, true, "b"));
	catalog_free(&c);
	ck_assert_int_ne(parse_models(bad_field, "m.json", &err), 0);
	ck_assert_has(err.msg, "models[1] (\"b\"): config: field \"hidden_size\"");

	/* "tru" is at byte 284: the newline ending line 1 is byte 247 (53
	 * of head, 194 of "[" and the first entry and its comma), and
	 * ` {"id": "b", "name": "B", "config": ` is 36 more */
	memset(&c, 0, sizeof c);
	snprintf(c.want_model, sizeof c.want_model, "a");
	ck_assert_int_ne(catalog_parse_models(&c, bad_json, strlen(bad_json), "m.json", &err), 0);
	ck_assert_uint_eq(c.n_models, 0);
	ck_assert_has(err.msg, "m.json: not valid JSON (near line 2, byte 284)");
	catalog_free(&c);

	memset(&c, 0, sizeof c);
	snprintf(c.want_model, sizeof c.want_model, "a");
	ck_assert_int_ne(catalog_parse_models(&c, dup, strlen(dup), "m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: models[2] (\"b\"): duplicate id");
	ck_assert_uint_eq(c.n_models, 0);
	ck_assert_uint_eq(c.n_skipped, 0);
	catalog_free(&c);

	/* an id too long for its field is refused, not cut to another's
	 * (found by fuzz_catalog: the partial load missed the cut id) */
	ck_assert_int_ne(parse_gpus(GPUS_HEAD "[{\"id\": \""
				    "g123456789012345678901234567890123456789012345678\","
				    " \"name\": \"a\", \"memory_gb\": 8, \"bandwidth_tbs\": 1}]}",
				    "g.json", &err), 0);
	ck_assert_has(err.msg, "field \"id\": longer than 47 characters");

	/* an entry without an id is read, to say so */
	memset(&c, 0, sizeof c);
	snprintf(c.want_model, sizeof c.want_model, "a");
	ck_assert_int_ne(catalog_parse_models(&c, no_id, strlen(no_id), "m.json", &err), 0);
	ck_assert_has(err.msg, "m.json: models[1]: field \"id\" is missing");
	catalog_free(&c);
}
END_TEST

/* The index walks JSON as RFC 8259 writes it, nested at most 1000 deep
 * as cJSON allows, and finds where each entry and its id lie. */
START_TEST(test_json_index)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
		{"{}", true}, {" [1, -0.5e+3, true, false, null, \"\\u00e9\\n\"] ", true},
		{"\xEF\xBB\xBF{}", true}, {"", false}, {"{,}", false}, {"[1,]", false},
		{"01", false}, {"1.", false}, {"-", false}, {"1e", false}, {".5", false},
		{"\"a\tb\"", false}, {"\"\\x\"", false}, {"\"\\u12g4\"", false}, {"\"abc", false},
		{"nul", false}, {"{\"a\" 1}", false}, {"[1 2]", false}, {"{} {}", false},
		{"{}\n\0", true},
	};
	struct jdoc_ctx x = {"t.json", "models", -1, NULL, NULL};
	struct jdoc_index ix;
	struct gp_error err;
	char deep[2 * 1001 + 1];
	const char *doc = "{\"models\": [ {\"id\": \"ab\", \"x\": {\"id\": \"no\"}}, 7,"
			  " {\"id\": \"c\\u0064\"} ], \"id\": \"top\"}";

	x.err = &err;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = strlen(cases[i].text) + (i == sizeof cases / sizeof cases[0] - 1);
		int rc = jdoc_index(&x, cases[i].text, len, &ix);

		ck_assert_msg((rc == 0) == cases[i].ok, "case %zu: %s", i, rc ? err.msg : "accepted");
		jdoc_index_free(&ix);
	}
	for (int n = 1000; n <= 1001; n++) {
		memset(deep, '[', (size_t)n);
		memset(deep + n, ']', (size_t)n);
		ck_assert_int_eq(jdoc_index(&x, deep, 2 * (size_t)n, &ix), n == 1000 ? 0 : -1);
		jdoc_index_free(&ix);
	}
	ck_assert_has(err.msg, "not valid JSON: nested more than 1000 deep (near line 1, byte 1000)");

	ck_assert_int_eq(jdoc_index(&x, doc, strlen(doc), &ix), 0);
	ck_assert_uint_eq(ix.n, 3);
	ck_assert_uint_eq(ix.list.off, 11);
	ck_assert_int_eq(doc[ix.list.off + ix.list.len - 1], ']');
	ck_assert_uint_eq(ix.entry[0].value.off, 13);
	ck_assert_int_eq(doc[ix.entry[0].value.off + ix.entry[0].value.len - 1], '}');
	ck_assert_uint_eq(ix.entry[0].id.len, 2);	/* "ab", not the inner "no" */
	ck_assert_int_eq(memcmp(doc + ix.entry[0].id.off, "ab", 2), 0);
	ck_assert_uint_eq(ix.entry[1].value.len, 1);
	ck_assert_uint_eq(ix.entry[1].id.len, 0);	/* not an object */
	ck_assert_uint_eq(ix.entry[2].id.len, 0);	/* escaped: for cJSON to read */
	jdoc_index_free(&ix);
}
END_TEST

START_TEST(test_read_file)
{
	struct gp_error err;
	char path[4096];
	size_t len = 0;
	char *text;

	/* a directory is not a catalog */
	err.msg[0] = '\0';
	ck_assert_ptr_null(catalog_read_file(GPUPLAN_TESTDATADIR, CATALOG_MAX_BYTES,
					     &len, &err));
	ck_assert_has(err.msg, GPUPLAN_TESTDATADIR);
	ck_assert_has(err.msg, "not a regular file");

	/* a missing file: the path and the system's reason */
	ck_assert_ptr_null(catalog_read_file(GPUPLAN_TESTDATADIR "/missing.json",
					     CATALOG_MAX_BYTES, &len, &err));
	ck_assert_has(err.msg, GPUPLAN_TESTDATADIR "/missing.json: ");
	ck_assert_has(err.msg, strerror(ENOENT));

	/* larger than allowed */
	snprintf(path, sizeof path, "%s/models-version2.json", GPUPLAN_TESTDATADIR);
	ck_assert_ptr_null(catalog_read_file(path, 10, &len, &err));
	ck_assert_has(err.msg, "larger than");

	/* a small file whole, NUL-terminated: tests/data/models-version2.json
	 * is {"format": "gpuplan-models", "version": 2, "models": []} */
	text = catalog_read_file(path, CATALOG_MAX_BYTES, &len, &err);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_has(text, "\"version\": 2");
	free(text);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *ok = tcase_create("shipped");
	TCase *bad = tcase_create("broken");

	tcase_add_test(ok, test_shipped_loads);
	tcase_add_test(ok, test_shipped_models);
	tcase_add_test(ok, test_shipped_gpus);
	tcase_add_test(ok, test_shipped_gemm_fits);
	tcase_add_test(ok, test_catalog_counts);
	tcase_add_test(ok, test_shipped_checkpoint_bits);
	tcase_add_test(ok, test_private_catalog);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_not_json);
	tcase_add_test(bad, test_wrong_format);
	tcase_add_test(bad, test_version);
	tcase_add_test(bad, test_missing_list);
	tcase_add_test(bad, test_model_without_id);
	tcase_add_test(bad, test_duplicate_id);
	tcase_add_test(bad, test_config_wrong_type);
	tcase_add_test(bad, test_bad_kernels);
	tcase_add_test(bad, test_api_price_errors);
	tcase_add_test(bad, test_gpu_field_errors);
	tcase_add_test(bad, test_gpu_price_kind);
	tcase_add_test(bad, test_gpu_no_price);
	tcase_add_test(bad, test_gpu_link_kind);
	tcase_add_test(bad, test_gpu_ops);
	tcase_add_test(bad, test_fixture_files);
	tcase_add_test(bad, test_load_bad_gpu_file);
	tcase_add_test(bad, test_load_missing_dir);
	tcase_add_test(bad, test_failed_parse_keeps_earlier_entries);
	tcase_add_test(bad, test_imported_entry_keeps_its_bits);
	tcase_add_test(bad, test_read_file);
	tcase_add_test(bad, test_partial_load_matches_full);
	tcase_add_test(bad, test_partial_load_checks);
	tcase_add_test(bad, test_json_index);
	suite_add_tcase(s, bad);
	return s;
}

int
main(void)
{
	return tu_run(catalog_suite());
}
