/* validate.c - predicted vs measured over the shipped ledger of public
 * measurements (doc/planning-model.md section 11). Every entry is planned
 * with the same defaults a user gets: no constant is tuned per entry.
 *
 * Throughput entries are MLPerf-style runs: every request is prefilled
 * and decoded on the same GPUs, so the prediction charges a batch of B
 * requests B prefills (the plan's TTFT) and output-length decode steps
 * (the plan's TPOT), at the largest batch that fits the KV pool at
 * input + output tokens, capped at VALIDATE_BATCH_CAP; a server entry
 * with a TPOT limit takes the largest such batch that meets it. The
 * plan's decode-only throughput is printed beside it.
 *
 * Memory entries are checkpoint sizes: gpuplan's weight bytes for the
 * whole model in the checkpoint's format (plus the MTP layers a
 * checkpoint stores) against metadata.total_size.
 *
 * Start-up entries are what an engine logged when it started (vLLM's
 * "Available KV cache memory"), planned with the entry's own release
 * and flags, given as scenario options. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "catload.h"
#include "fmt.h"
#include "jsondoc.h"
#include "memory.h"
#include "plan.h"
#include "report.h"
#include "sim.h"
#include "validate.h"

#define MAX_ENTRIES 512

/* EK_LATENCY: a serving benchmark's TPOT at a fixed concurrency,
 * prompts interleaved with the decode steps as the engine runs them. */
enum entry_kind { EK_THROUGHPUT, EK_MEMORY, EK_STARTUP, EK_LATENCY };

struct entry {
	char id[64];
	enum entry_kind kind;
	char model[MODEL_ID_LEN], gpu[GPU_ID_LEN];
	char engine[16], weights[16], kv[16], scenario[16], unit[48];
	uint64_t gpus, tp, pp, ep, input, output, batch;	/* 0: not given */
	double measured, tpot_limit_ms, ttft_limit_ms;
	const cJSON *options;		/* start-up: scenario options */
};

static int
get_count(const struct jdoc_ctx *x, const cJSON *o, const char *key, uint64_t *out,
	  bool required)
{
	double v = 0;

	*out = 0;
	if (jdoc_num(x, o, key, 1, 1e12, required, &v) != 0)
		return -1;
	if (v != floor(v))
		return jdoc_fail(x, "field \"%s\": expected a whole number >= 1", key);
	*out = (uint64_t)v;
	return 0;
}

static int
get_positive(const struct jdoc_ctx *x, const cJSON *o, const char *key, double *out,
	     bool required)
{
	*out = 0;
	if (jdoc_num(x, o, key, 0, 1e30, required, out) != 0)
		return -1;
	if (required && *out <= 0)
		return jdoc_fail(x, "field \"%s\": expected a positive number", key);
	return 0;
}

/* What a start-up entry measures, on the fullest GPU: vLLM's
 * "Available KV cache memory" (GiB) and "GPU KV cache size" (tokens),
 * SGLang's "KV Cache is allocated. #tokens", the weights as loaded
 * (vLLM's "Model loading took", SGLang's "Load weight end ... mem
 * usage", GiB), llama.cpp's "CUDA0 compute buffer size", "model
 * buffer size" and "KV buffer size" (MiB), or vLLM's "Graph capturing
 * finished in N secs, took X GiB". */
enum startup_unit {
	SU_KV_GIB, SU_COMPUTE_MIB, SU_MODEL_MIB, SU_KV_MIB, SU_WEIGHTS_GIB, SU_KV_TOKENS,
	SU_GRAPHS_GIB, SU_COUNT
};

static const struct {
	const char *unit, *what, *scale;
	double per_gib;			/* the unit's size of a GiB, for
					 * the 0.5 GiB floor; 0: none */
	bool ungated;			/* reported, outside the bounds */
} startup_units[SU_COUNT] = {
	[SU_KV_GIB] = {"kv_cache_gib_per_gpu", "KV budget", "GiB", 1},
	[SU_COMPUTE_MIB] = {"compute_buffer_mib_per_gpu", "compute buffer", "MiB", 1024},
	[SU_MODEL_MIB] = {"model_buffer_mib_per_gpu", "model buffer", "MiB", 1024},
	[SU_KV_MIB] = {"kv_buffer_mib_per_gpu", "KV buffer", "MiB", 1024},
	[SU_WEIGHTS_GIB] = {"weights_gib_per_gpu", "weights as loaded", "GiB", 1},
	/* tokens have no GiB floor: the bound is the percentage */
	[SU_KV_TOKENS] = {"kv_tokens_per_gpu", "KV pool tokens", "tok", 0},
	/* The logs disagree fourfold for like models (Qwen2-7B 0.50 GiB,
	 * Qwen3-8B 2.24 GiB, both piecewise at 67 sizes), more than any
	 * formula of sizes and layers explains: reported, not bounded. */
	[SU_GRAPHS_GIB] = {"cuda_graphs_gib_per_gpu", "CUDA graphs", "GiB", 1, true},
};

static int
startup_unit(const char *unit)
{
	for (int i = 0; i < SU_COUNT; i++) {
		if (strcmp(unit, startup_units[i].unit) == 0)
			return i;
	}
	return -1;
}

static int
parse_entry(struct jdoc_ctx *x, const cJSON *o, const struct catalog *c, struct entry *e)
{
	char kind[16];

	memset(e, 0, sizeof *e);
	if (!cJSON_IsObject(o))
		return jdoc_fail(x, "expected an object");
	if (jdoc_text(x, o, "id", e->id, sizeof e->id, true))
		return -1;
	x->id = e->id;
	if (jdoc_text(x, o, "kind", kind, sizeof kind, true) ||
	    jdoc_text(x, o, "model", e->model, sizeof e->model, true) ||
	    jdoc_text(x, o, "weights", e->weights, sizeof e->weights, true) ||
	    jdoc_text(x, o, "unit", e->unit, sizeof e->unit, true))
		return -1;
	if (catalog_model(c, e->model) == NULL)
		return jdoc_fail(x, "field \"model\": \"%s\" is not in the catalog", e->model);
	if (strcmp(kind, "startup") == 0) {
		/* a logged KV budget may be negative: vLLM's "No available
		 * memory for the cache blocks" */
		e->kind = EK_STARTUP;
		if (startup_unit(e->unit) < 0)
			return jdoc_fail(x, "field \"unit\": start-up entries measure kv_cache_gib_per_gpu, kv_tokens_per_gpu, weights_gib_per_gpu, cuda_graphs_gib_per_gpu, compute_buffer_mib_per_gpu, model_buffer_mib_per_gpu or kv_buffer_mib_per_gpu, not \"%s\"",
				    e->unit);
		e->options = cJSON_GetObjectItemCaseSensitive(o, "options");
		if (e->options != NULL && !cJSON_IsObject(e->options))
			return jdoc_fail(x, "field \"options\": expected an object of scenario options");
		if (jdoc_num(x, o, "measured", -1e12, 1e12, true, &e->measured) ||
		    jdoc_text(x, o, "gpu", e->gpu, sizeof e->gpu, true) ||
		    jdoc_text(x, o, "engine", e->engine, sizeof e->engine, true) ||
		    get_count(x, o, "gpus", &e->gpus, true) ||
		    get_count(x, o, "tp", &e->tp, true))
			return -1;
		if (catalog_gpu(c, e->gpu) == NULL)
			return jdoc_fail(x, "field \"gpu\": \"%s\" is not in the catalog", e->gpu);
		return 0;
	}
	if (get_positive(x, o, "measured", &e->measured, true))
		return -1;
	if (strcmp(kind, "memory") == 0) {
		e->kind = EK_MEMORY;
		if (strcmp(e->unit, "checkpoint_bytes") != 0)
			return jdoc_fail(x, "field \"unit\": memory entries measure checkpoint_bytes, not \"%s\"",
				    e->unit);
		return 0;
	}
	if (strcmp(kind, "latency") == 0) {
		e->kind = EK_LATENCY;
		if (strcmp(e->unit, "tpot_ms") != 0)
			return jdoc_fail(x, "field \"unit\": latency entries measure tpot_ms, not \"%s\"",
				    e->unit);
	} else if (strcmp(kind, "throughput") == 0) {
		e->kind = EK_THROUGHPUT;
		if (strcmp(e->unit, "output_tokens_per_s_total") != 0 &&
		    strcmp(e->unit, "output_tokens_per_s_per_gpu") != 0)
			return jdoc_fail(x, "field \"unit\": expected output_tokens_per_s_total or output_tokens_per_s_per_gpu, not \"%s\"",
				    e->unit);
	} else {
		return jdoc_fail(x, "field \"kind\": expected throughput, latency, memory or startup, not \"%s\"",
				 kind);
	}
	if (jdoc_text(x, o, "gpu", e->gpu, sizeof e->gpu, true) ||
	    jdoc_text(x, o, "engine", e->engine, sizeof e->engine, true) ||
	    jdoc_text(x, o, "kv_dtype", e->kv, sizeof e->kv, true) ||
	    jdoc_text(x, o, "scenario", e->scenario, sizeof e->scenario, true) ||
	    get_count(x, o, "gpus", &e->gpus, true) ||
	    get_count(x, o, "tp", &e->tp, true) ||
	    get_count(x, o, "pp", &e->pp, false) ||
	    get_count(x, o, "ep", &e->ep, false) ||
	    get_count(x, o, "input_tokens", &e->input, false) ||
	    get_count(x, o, "output_tokens", &e->output, true) ||
	    get_count(x, o, "batch", &e->batch, e->kind == EK_LATENCY) ||
	    get_positive(x, o, "tpot_limit_ms", &e->tpot_limit_ms, false) ||
	    get_positive(x, o, "ttft_limit_ms", &e->ttft_limit_ms, false))
		return -1;
	if (catalog_gpu(c, e->gpu) == NULL)
		return jdoc_fail(x, "field \"gpu\": \"%s\" is not in the catalog", e->gpu);
	if (strcmp(e->scenario, "offline") != 0 && strcmp(e->scenario, "server") != 0)
		return jdoc_fail(x, "field \"scenario\": expected offline or server, not \"%s\"",
			    e->scenario);
	return 0;
}

/* A scenario for the entry at batch b; option values go through
 * scenario_set, so the ledger is checked like the command line. */
static int
entry_scenario(const struct jdoc_ctx *x, const struct entry *e, uint64_t batch,
	       struct scenario *s)
{
	const char *const opts[][2] = {
		{"model", e->model}, {"gpu", e->gpu}, {"engine", e->engine},
		{"weights", e->weights}, {"kv-dtype", e->kv},
	};
	uint64_t input = e->input ? e->input : VALIDATE_DEFAULT_INPUT;
	struct gp_error sub;

	scenario_default(s);
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		if (scenario_set(s, opts[i][0], opts[i][1], &sub) != 0)
			return jdoc_fail(x, "%s", sub.msg);
	}
	s->gpus = e->gpus;
	s->tp = e->tp;
	s->pp = e->pp ? e->pp : 1;
	s->ep = e->ep ? e->ep : 1;
	s->prompt_tokens = input;
	s->output_tokens = e->output;
	s->context = input + e->output;
	s->batch = batch;
	return 0;
}

struct result {
	double predicted;		/* decode and prefill of the batch */
	double decode_only;		/* the plan's decode tokens/s */
	double bound;
	uint64_t batch;
	bool planned;
	const char *batch_rule;
	struct layout layout;
};

static int
plan_at(const struct jdoc_ctx *x, const struct entry *e, const struct catalog *c,
	uint64_t batch, struct plan *p)
{
	struct scenario s;
	struct gp_error sub;

	if (entry_scenario(x, e, batch, &s) != 0)
		return -1;
	if (plan_compute(&s, catalog_model(c, e->model), catalog_gpu(c, e->gpu), p, &sub) != 0)
		return jdoc_fail(x, "%s", sub.msg);
	return 0;
}

/* A server entry with both latency limits, as MLPerf's Server scenario
 * runs it: Poisson arrivals, and the highest rate at which the 99th
 * percentiles of TTFT and TPOT stay within them (loadgen's
 * target_latency_percentile 99). The rate is found by bisection over
 * gpuplan simulate runs of VALIDATE_SERVER_REQUESTS requests, at the
 * largest batch that fits; the prediction is the output tokens/s at it. */
static int
predict_server(const struct jdoc_ctx *x, const struct entry *e, const struct catalog *c,
	       uint64_t batch, struct result *r)
{
	struct scenario s;
	struct plan p;
	struct sim_result sr;
	struct gp_error sub;
	const struct model *m = catalog_model(c, e->model);
	const struct gpu *g = catalog_gpu(c, e->gpu);
	double rate, best;
	int runs = 0;

	if (entry_scenario(x, e, batch, &s) != 0)
		return -1;
	if (plan_compute(&s, m, g, &p, &sub) != 0)
		return jdoc_fail(x, "%s", sub.msg);
	r->planned = p.mem.fits;
	r->batch = batch;
	r->batch_rule = "sim";
	r->decode_only = p.decode.tokens_per_s;
	r->bound = p.decode.tokens_per_s_bound;
	r->layout = p.layout;
	s.requests = VALIDATE_SERVER_REQUESTS;
	if (sim_max_rate(&s, m, g, &p, e->ttft_limit_ms, e->tpot_limit_ms, 0,
			 1.5 * p.sustained_tokens_per_s / (double)e->output, 14, &rate, &sr, &runs,
			 &sub) != 0)
		return jdoc_fail(x, "%s", sub.msg);
	best = rate > 0 ? sr.throughput_tokens_per_s : 0;
	r->predicted = best;
	if (strcmp(e->unit, "output_tokens_per_s_per_gpu") == 0) {
		r->predicted /= (double)p.layout.gpus;
		r->decode_only /= (double)p.layout.gpus;
		r->bound /= (double)p.layout.gpus;
	}
	return 0;
}

static int
predict_throughput(const struct jdoc_ctx *x, const struct entry *e,
		   const struct catalog *c, struct result *r)
{
	struct plan p;
	uint64_t batch, cap;

	memset(r, 0, sizeof *r);
	if (plan_at(x, e, c, 1, &p) != 0)
		return -1;
	r->layout = p.layout;
	if (!p.mem.fits)
		return 0;
	cap = p.mem.max_concurrency < VALIDATE_BATCH_CAP ? p.mem.max_concurrency
							 : VALIDATE_BATCH_CAP;
	r->batch_rule = p.mem.max_concurrency < VALIDATE_BATCH_CAP ? "fits" : "cap";
	if (cap == 0)
		return 0;
	batch = cap;
	if (e->batch > 0) {
		batch = e->batch;
		r->batch_rule = "given";
	} else if (e->tpot_limit_ms > 0 && e->ttft_limit_ms > 0) {
		return predict_server(x, e, c, cap, r);
	} else if (e->tpot_limit_ms > 0) {
		/* TPOT grows with the batch: the largest batch within the
		 * benchmark's limit, by bisection. */
		uint64_t lo = 1, hi = cap;

		if (plan_at(x, e, c, cap, &p) != 0)
			return -1;
		if (p.decode.tpot_ms > e->tpot_limit_ms) {
			while (lo < hi) {
				uint64_t mid = lo + (hi - lo + 1) / 2;

				if (plan_at(x, e, c, mid, &p) != 0)
					return -1;
				if (p.decode.tpot_ms <= e->tpot_limit_ms)
					lo = mid;
				else
					hi = mid - 1;
			}
			batch = lo;
			r->batch_rule = "tpot";
		}
	}
	if (plan_at(x, e, c, batch, &p) != 0)
		return -1;
	r->planned = p.mem.fits;
	r->batch = batch;
	r->decode_only = p.decode.tokens_per_s;
	/* the plan's sustained rate: B prefills and O decode steps */
	r->predicted = p.sustained_tokens_per_s;
	r->bound = p.decode.tokens_per_s_bound;
	if (strcmp(e->unit, "output_tokens_per_s_per_gpu") == 0) {
		r->predicted /= (double)p.layout.gpus;
		r->decode_only /= (double)p.layout.gpus;
		r->bound /= (double)p.layout.gpus;
	}
	return 0;
}

/* TPOT at the entry's concurrency: a cycle of the plan (every
 * sequence's output tokens and, interleaved, the prompts of the
 * requests that replace them) over its output tokens. */
static int
predict_latency(const struct jdoc_ctx *x, const struct entry *e, const struct catalog *c,
		struct result *r)
{
	struct plan p;

	memset(r, 0, sizeof *r);
	if (plan_at(x, e, c, e->batch, &p) != 0)
		return -1;
	r->layout = p.layout;
	r->planned = p.mem.fits;
	r->batch = e->batch;
	r->batch_rule = "given";
	r->predicted = p.cycle_ms / (double)e->output;
	r->decode_only = p.decode.tpot_ms;
	r->bound = p.decode.step_bound_ms;
	return 0;
}

/* Checkpoint bytes: the whole model in the format and the MTP layers
 * the checkpoint stores (memory_checkpoint_bytes). */
static int
predict_memory(const struct jdoc_ctx *x, const struct entry *e, const struct catalog *c,
	       struct result *r)
{
	const struct model *m = catalog_model(c, e->model);
	struct model_counts counts;
	enum weight_format f;

	memset(r, 0, sizeof *r);
	if (weight_format_parse(e->weights, &f) != 0)
		return jdoc_fail(x, "field \"weights\": unknown format \"%s\"", e->weights);
	model_count(m, &counts);
	r->predicted = (double)memory_checkpoint_bytes(m, &counts, f);
	r->bound = r->predicted;
	r->planned = true;
	return 0;
}

/* The plan's signed KV budget per GPU, in GiB, with the entry's own
 * options applied through scenario_set like a command line. */
static int
predict_startup(const struct jdoc_ctx *x, const struct entry *e, const struct catalog *c,
		struct result *r)
{
	const struct model *m = catalog_model(c, e->model);
	struct scenario s;
	struct plan p;
	struct gp_error sub;
	const cJSON *opt;
	const char *const base[][2] = {
		{"model", e->model}, {"gpu", e->gpu}, {"engine", e->engine},
		{"weights", e->weights},
	};

	memset(r, 0, sizeof *r);
	scenario_default(&s);
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
		if (scenario_set(&s, base[i][0], base[i][1], &sub) != 0)
			return jdoc_fail(x, "%s", sub.msg);
	}
	s.gpus = e->gpus;
	s.tp = e->tp;
	cJSON_ArrayForEach(opt, e->options) {
		if (!cJSON_IsString(opt))
			return jdoc_fail(x, "field \"options\": \"%s\" is not a string", opt->string);
		if (scenario_set(&s, opt->string, opt->valuestring, &sub) != 0)
			return jdoc_fail(x, "field \"options\": %s", sub.msg);
	}
	if (plan_compute(&s, m, catalog_gpu(c, e->gpu), &p, &sub) != 0)
		return jdoc_fail(x, "%s", sub.msg);
	switch (startup_unit(e->unit)) {
	case SU_COMPUTE_MIB:
		r->predicted = (double)p.mem.activations / 1048576.0;
		break;
	case SU_MODEL_MIB:
		r->predicted = (double)p.mem.weights / 1048576.0;
		break;
	case SU_KV_MIB:
		r->predicted = (double)p.mem.kv_cache / 1048576.0;
		break;
	case SU_WEIGHTS_GIB:
		r->predicted = (double)p.mem.weights / GIB;
		break;
	case SU_KV_TOKENS:
		r->predicted = (double)p.mem.log_kv_tokens;
		break;
	case SU_GRAPHS_GIB:
		r->predicted = (double)p.mem.graphs / GIB;
		break;
	default:
		r->predicted = (double)p.mem.kv_budget / GIB;
		break;
	}
	r->bound = r->predicted;
	r->planned = true;
	r->layout = p.layout;
	return 0;
}

/* The summary's slot of an engine's start-up entries, taken in the
 * order the ledger first names them; -1 when there are too many. */
static int
engine_slot(struct validate_summary *sum, const char *engine)
{
	struct validate_engine *v;

	for (int k = 0; k < sum->n_engines; k++) {
		if (strcmp(sum->engines[k].engine, engine) == 0)
			return k;
	}
	if (sum->n_engines == VALIDATE_MAX_ENGINES)
		return -1;
	v = &sum->engines[sum->n_engines];
	snprintf(v->engine, sizeof v->engine, "%s", engine);
	v->ok = true;
	return sum->n_engines++;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
write_row(FILE *out, const struct entry *e, const struct result *r, double error)
{
	char a[32], b[32], c[32];

	if (out == NULL)
		return;
	if (e->kind == EK_MEMORY) {
		fprintf(out, "%-42s %10.2f GB  %10.2f GB  %+8.2f%% %10s  %s weights, whole checkpoint\n",
			e->id, e->measured / 1e9, r->predicted / 1e9, error * 100, "", e->weights);
		return;
	}
	if (e->kind == EK_STARTUP) {
		int u = startup_unit(e->unit);
		const char *scale = startup_units[u].scale;

		if (u == SU_KV_TOKENS) {
			fmt_thousands(a, sizeof a, (unsigned long long)llround(e->measured));
			fmt_thousands(b, sizeof b, (unsigned long long)llround(r->predicted));
			fprintf(out, "%-42s %10s %s %10s %s %+8.2f%% %10s  %s %s per GPU, %s TP%llu PP%llu\n",
				e->id, a, scale, b, scale, error * 100, "", e->engine,
				startup_units[u].what, e->weights, (unsigned long long)r->layout.tp,
				(unsigned long long)r->layout.pp);
			return;
		}
		fprintf(out, "%-42s %10.2f %s %10.2f %s %+8.2f%% %10s  %s %s per GPU, %s TP%llu PP%llu\n",
			e->id, e->measured, scale, r->predicted, scale, error * 100, "", e->engine,
			startup_units[u].what, e->weights, (unsigned long long)r->layout.tp,
			(unsigned long long)r->layout.pp);
		return;
	}
	if (e->kind == EK_LATENCY) {
		fprintf(out, "%-42s %10.2f ms  %10.2f ms  %+8.1f%% %7.2f ms  %s %s/%s TP%llu EP%llu, concurrency %llu, %llu+%llu tok%s\n",
			e->id, e->measured, r->predicted, error * 100, r->decode_only, e->engine,
			e->weights, e->kv, (unsigned long long)r->layout.tp,
			(unsigned long long)(e->ep ? e->ep : 1), (unsigned long long)e->batch,
			(unsigned long long)(e->input ? e->input : VALIDATE_DEFAULT_INPUT),
			(unsigned long long)e->output, r->planned ? "" : " (does not fit)");
		return;
	}
	fmt_thousands(a, sizeof a, (unsigned long long)llround(e->measured));
	fmt_thousands(b, sizeof b, (unsigned long long)llround(r->predicted));
	if (!r->planned) {
		fprintf(out, "%-42s %10s t/s %14s %9s %10s  does not fit as TP %llu x %llu replicas\n",
			e->id, a, "-", "-100%", "-", (unsigned long long)r->layout.tp,
			(unsigned long long)r->layout.replicas);
		return;
	}
	fmt_thousands(c, sizeof c, (unsigned long long)llround(r->decode_only));
	fprintf(out, "%-42s %10s t/s %10s t/s %+8.1f%% %10s  %s %s/%s TP%llux%llu, batch %llu (%s), %llu%s+%llu tok%s\n",
		e->id, a, b, error * 100, c, e->engine, e->weights, e->kv,
		(unsigned long long)r->layout.tp, (unsigned long long)r->layout.replicas,
		(unsigned long long)r->batch, r->batch_rule,
		(unsigned long long)(e->input ? e->input : VALIDATE_DEFAULT_INPUT),
		e->input ? "" : "*", (unsigned long long)e->output,
		strcmp(e->unit, "output_tokens_per_s_per_gpu") == 0 ? ", per GPU" : "");
}

static int
load_ledger(const char *path, struct gp_error *err, cJSON **root, const cJSON **items)
{
	struct jdoc_ctx x = {path, "measurements", -1, NULL, err};
	size_t len;
	char *text = catalog_read_file(path, VALIDATE_MAX_BYTES, &len, err);

	if (text == NULL)
		return -1;
	*root = jdoc_parse(&x, text, len);
	free(text);
	if (*root == NULL)
		return -1;
	*items = jdoc_header(&x, *root, VALIDATE_FORMAT, VALIDATE_VERSION);
	if (*items == NULL)
		return -1;
	if (cJSON_GetArraySize(*items) > MAX_ENTRIES)
		return jdoc_fail(&x, "more than %d measurements", MAX_ENTRIES);
	return 0;
}

int
validate_run(const struct catalog *c, const char *ledger_path, FILE *out,
	     struct validate_summary *sum, struct gp_error *err)
{
	double mem_err[MAX_ENTRIES], thr_err[MAX_ENTRIES], start_err[MAX_ENTRIES];
	double graph_err[MAX_ENTRIES], kind_err[2][MAX_ENTRIES], gate_err[2][MAX_ENTRIES];
	double lat_err[MAX_ENTRIES], server_err[MAX_ENTRIES];
	int n_kind[2] = {0, 0}, n_gate[2] = {0, 0};
	double kind_worst[2] = {0, 0}, gate_worst[2] = {0, 0};
	char kind_worst_id[2][64] = {"-", "-"}, gate_worst_id[2][64] = {"-", "-"};
	int start_engine[MAX_ENTRIES];
	struct jdoc_ctx x = {ledger_path, "measurements", -1, NULL, err};
	const cJSON *items, *o;
	cJSON *root = NULL;
	int rc = -1;

	memset(sum, 0, sizeof *sum);
	sum->startup_ok = true;
	if (load_ledger(ledger_path, err, &root, &items) != 0)
		goto out;
	if (out != NULL) {
		struct scenario def;

		scenario_default(&def);
		fprintf(out, "gpuplan validate: %d measurements from %s\n",
			cJSON_GetArraySize(items), ledger_path);
		fprintf(out, "Throughput: output tokens/s of the plan at default efficiencies, none tuned per entry:\n"
			"%.0f%% of bandwidth, %.0f%% of each GPU's measured matmul ceiling. Each batch pays its prefills\n"
			"and decode steps: replicas x B x out / (out x TPOT + B x TTFT). B is the largest batch that\n"
			"fits the KV pool at input + output tokens (\"fits\"), capped at %d (\"cap\"). Server entries with\n"
			"both limits are gpuplan simulate runs (Poisson, %d requests) at the highest rate whose p99 TTFT\n"
			"and TPOT meet them (\"sim\"); with a TPOT limit only, the largest batch meeting it (\"tpot\").\n"
			"DECODE is the plan's decode-only tokens/s. * no input length in the ledger: %d assumed.\n"
			"Memory: weight bytes of the whole model in the checkpoint's format vs metadata.total_size.\n"
			"Start-up: what an engine logged at start on one GPU (KV budget, tokens, weights, buffers, CUDA\n"
			"graphs), planned with its release and flags.\n"
			"Latency: a serving benchmark's TPOT at a fixed concurrency, the plan's cycle (prompts interleaved\n"
			"with the decode steps) over its output tokens; DECODE is the plan's decode-only TPOT.\n\n",
			def.eta_bw * 100, def.eta_compute * 100, VALIDATE_BATCH_CAP, VALIDATE_SERVER_REQUESTS,
			VALIDATE_DEFAULT_INPUT);
		fprintf(out, "%-42s %14s %14s %9s %10s  %s\n", "ID", "MEASURED", "PREDICTED", "ERROR",
			"DECODE", "HOW");
	}
	x.index = 0;
	cJSON_ArrayForEach(o, items) {
		struct entry e;
		struct result r;
		double error;

		x.id = NULL;
		if (parse_entry(&x, o, c, &e) != 0)
			goto out;
		if ((e.kind == EK_MEMORY ? predict_memory(&x, &e, c, &r) :
		     e.kind == EK_STARTUP ? predict_startup(&x, &e, c, &r) :
		     e.kind == EK_LATENCY ? predict_latency(&x, &e, c, &r) :
		     predict_throughput(&x, &e, c, &r)) != 0)
			goto out;
		error = r.planned ? (r.predicted - e.measured) / fabs(e.measured) : -1.0;
		if (!r.planned)
			sum->n_not_planned++;
		if (e.kind == EK_STARTUP && startup_units[startup_unit(e.unit)].ungated) {
			graph_err[sum->n_graphs++] = fabs(error);
			if (fabs(error) >= sum->graphs_worst) {
				sum->graphs_worst = fabs(error);
				snprintf(sum->graphs_worst_id, sizeof sum->graphs_worst_id, "%s", e.id);
			}
		} else if (e.kind == EK_STARTUP) {
			struct validate_engine *v;
			int k = engine_slot(sum, e.engine);

			if (k < 0) {
				jdoc_fail(&x, "more than %d engines", VALIDATE_MAX_ENGINES);
				goto out;
			}
			v = &sum->engines[k];
			start_engine[sum->n_startup] = k;
			start_err[sum->n_startup++] = fabs(error);
			v->n++;
			if (fabs(error) > VALIDATE_STARTUP_WORST &&
			    fabs(r.predicted - e.measured) >
			    VALIDATE_STARTUP_SLACK_GIB * startup_units[startup_unit(e.unit)].per_gib)
				v->ok = false;
			if (fabs(error) >= v->worst) {
				v->worst = fabs(error);
				snprintf(v->worst_id, sizeof v->worst_id, "%s", e.id);
			}
			if (fabs(error) >= sum->startup_worst) {
				sum->startup_worst = fabs(error);
				snprintf(sum->startup_worst_id, sizeof sum->startup_worst_id, "%s", e.id);
			}
		} else if (e.kind == EK_LATENCY) {
			lat_err[sum->n_latency++] = fabs(error);
			if (fabs(error) >= sum->latency_worst) {
				sum->latency_worst = fabs(error);
				snprintf(sum->latency_worst_id, sizeof sum->latency_worst_id, "%s", e.id);
			}
		} else if (e.kind == EK_MEMORY) {
			mem_err[sum->n_memory++] = fabs(error);
			if (fabs(error) >= sum->memory_worst) {
				sum->memory_worst = fabs(error);
				snprintf(sum->memory_worst_id, sizeof sum->memory_worst_id, "%s", e.id);
			}
		} else {
			int moe = catalog_model(c, e.model)->experts > 0;

			kind_err[moe][n_kind[moe]++] = fabs(error);
			if (fabs(error) >= kind_worst[moe]) {
				kind_worst[moe] = fabs(error);
				snprintf(kind_worst_id[moe], sizeof kind_worst_id[moe], "%s", e.id);
			}
			/* server entries hold a latency limit under Poisson
			 * arrivals, which needs the load simulation: reported,
			 * not gated */
			if (strcmp(e.scenario, "offline") == 0) {
				gate_err[moe][n_gate[moe]++] = fabs(error);
				if (fabs(error) >= gate_worst[moe]) {
					gate_worst[moe] = fabs(error);
					snprintf(gate_worst_id[moe], sizeof gate_worst_id[moe], "%s", e.id);
				}
			} else if (r.batch_rule != NULL && strcmp(r.batch_rule, "sim") == 0) {
				server_err[sum->n_server++] = fabs(error);
				if (fabs(error) >= sum->server_worst) {
					sum->server_worst = fabs(error);
					snprintf(sum->server_worst_id, sizeof sum->server_worst_id, "%s",
						 e.id);
				}
			}
			thr_err[sum->n_throughput++] = fabs(error);
			if (fabs(error) >= sum->throughput_worst) {
				sum->throughput_worst = fabs(error);
				snprintf(sum->throughput_worst_id, sizeof sum->throughput_worst_id,
					 "%s", e.id);
			}
		}
		write_row(out, &e, &r, error);
		x.index++;
	}
	sum->memory_median = median(mem_err, sum->n_memory);
	sum->throughput_median = median(thr_err, sum->n_throughput);
	for (int k = 0; k < sum->n_engines; k++) {
		struct validate_engine *v = &sum->engines[k];
		double one[MAX_ENTRIES];
		int n = 0;

		for (int i = 0; i < sum->n_startup; i++) {
			if (start_engine[i] == k)
				one[n++] = start_err[i];
		}
		v->median = median(one, n);
		if (v->median > VALIDATE_STARTUP_MEDIAN)
			v->ok = false;
		sum->startup_ok = sum->startup_ok && v->ok;
	}
	sum->startup_median = median(start_err, sum->n_startup);
	sum->throughput_ok = true;
	for (int k = 0; k < 2; k++) {
		sum->gate_median[k] = median(gate_err[k], n_gate[k]);
		sum->gate_worst[k] = gate_worst[k];
		sum->n_gated[k] = n_gate[k];
		if (sum->gate_median[k] > VALIDATE_THROUGHPUT_MEDIAN ||
		    gate_worst[k] > VALIDATE_THROUGHPUT_WORST)
			sum->throughput_ok = false;
	}
	sum->server_median = median(server_err, sum->n_server);
	sum->graphs_median = median(graph_err, sum->n_graphs);
	sum->latency_median = median(lat_err, sum->n_latency);
	if (out != NULL) {
		fprintf(out, "\nSummary (absolute relative error)\n");
		fprintf(out, "  memory      %2d entries: median %.2f%%, worst %.2f%% (%s)\n",
			sum->n_memory, sum->memory_median * 100, sum->memory_worst * 100,
			sum->n_memory ? sum->memory_worst_id : "-");
		fprintf(out, "  throughput  %2d entries: median %.1f%%, worst %.1f%% (%s)\n",
			sum->n_throughput, sum->throughput_median * 100,
			sum->throughput_worst * 100,
			sum->n_throughput ? sum->throughput_worst_id : "-");
		for (int k = 0; k < 2; k++) {
			fprintf(out, "    %-9s %2d entries: median %.1f%%, worst %.1f%% (%s)\n",
				k ? "MoE" : "dense", n_kind[k], median(kind_err[k], n_kind[k]) * 100,
				kind_worst[k] * 100, kind_worst_id[k]);
			fprintf(out, "      offline %2d entries: median %.1f%%, worst %.1f%% (%s); bounds %s\n",
				n_gate[k], sum->gate_median[k] * 100, gate_worst[k] * 100,
				gate_worst_id[k],
				sum->gate_median[k] <= VALIDATE_THROUGHPUT_MEDIAN &&
				gate_worst[k] <= VALIDATE_THROUGHPUT_WORST ? "met" : "missed");
		}
		fprintf(out, "    server    %2d entries: median %.1f%%, worst %.1f%% (%s); simulated at the p99 TTFT and TPOT limits; bounds %s, not gated yet\n",
			sum->n_server, sum->server_median * 100, sum->server_worst * 100,
			sum->n_server ? sum->server_worst_id : "-",
			sum->server_median <= VALIDATE_THROUGHPUT_MEDIAN &&
			sum->server_worst <= VALIDATE_THROUGHPUT_WORST ? "met" : "missed");
		fprintf(out, "  start-up    %2d entries: median %.1f%%, worst %.1f%% (%s); bounds %s\n",
			sum->n_startup, sum->startup_median * 100, sum->startup_worst * 100,
			sum->n_startup ? sum->startup_worst_id : "-",
			sum->startup_ok ? "met" : "missed");
		for (int k = 0; k < sum->n_engines; k++) {
			const struct validate_engine *v = &sum->engines[k];

			fprintf(out, "    %-9s %2d entries: median %.1f%%, worst %.1f%% (%s); bounds %s\n",
				v->engine, v->n, v->median * 100, v->worst * 100, v->worst_id,
				v->ok ? "met" : "missed");
		}
		if (sum->n_latency)
			fprintf(out, "  TPOT        %2d entries: median %.1f%%, worst %.1f%% (%s); within %.0f%%: %s\n",
				sum->n_latency, sum->latency_median * 100, sum->latency_worst * 100,
				sum->latency_worst_id, VALIDATE_LATENCY_WORST * 100,
				sum->latency_worst <= VALIDATE_LATENCY_WORST ? "yes" : "no");
		if (sum->n_graphs)
			fprintf(out, "  CUDA graphs %2d entries: median %.1f%%, worst %.1f%% (%s); reported, not bounded\n",
				sum->n_graphs, sum->graphs_median * 100, sum->graphs_worst * 100,
				sum->graphs_worst_id);
		if (sum->n_not_planned)
			fprintf(out, "  %d entr%s did not fit as laid out and count as 100%% errors\n",
				sum->n_not_planned, sum->n_not_planned == 1 ? "y" : "ies");
	}
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}
