/* scenario.c - defaults, the options table, and parsing of values. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario.h"

static const char *const weight_ids[] = {
	"bf16", "fp16", "fp8", "int8", "int4", "mxfp4", "nvfp4", "q8_0",
	"q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "q2_k", NULL,
};
static const char *const kv_ids[] = {"bf16", "fp16", "fp8", "int8", NULL};
static const char *const engine_ids[] = {
	"simple", "vllm", "sglang", "trtllm", "llamacpp", NULL,
};

#define F(field) offsetof(struct scenario, field)
#define SZ(field) sizeof(((struct scenario *)0)->field)

const struct option_def scenario_options[] = {
	{"model", "model", OPT_STRING, 1, 0, "ID",
	 "model from the catalog (gpuplan models)", F(model), SZ(model), NULL},
	{"model-config", "model", OPT_STRING, 0, 0, "FILE|\"\"",
	 "plan a model from its Hugging Face config.json instead (offline)",
	 F(model_config), SZ(model_config), NULL},
	{"moe", "model", OPT_BOOL, 0, 1, "on|off",
	 "off sizes an MoE model as dense: every expert read every step",
	 F(moe), 0, NULL},
	{"weights", "precision", OPT_ENUM, 0, 0, "FORMAT",
	 "weight format", F(weights), 0, weight_ids},
	{"kv-dtype", "precision", OPT_ENUM, 0, 0, "DTYPE",
	 "KV-cache dtype", F(kv), 0, kv_ids},
	{"context", "workload", OPT_TOKENS, 1, 1ull << 30, "N",
	 "tokens each sequence may reach (max model length)", F(context), 0, NULL},
	{"batch", "workload", OPT_UINT, 1, 65536, "N",
	 "concurrent sequences per replica", F(batch), 0, NULL},
	{"prompt-tokens", "workload", OPT_TOKENS, 1, 1ull << 30, "N",
	 "prompt length of a request", F(prompt_tokens), 0, NULL},
	{"output-tokens", "workload", OPT_TOKENS, 1, 1ull << 30, "N",
	 "generated tokens per request", F(output_tokens), 0, NULL},
	{"gpu", "hardware", OPT_STRING, 1, 0, "ID",
	 "GPU from the catalog (gpuplan gpus)", F(gpu), SZ(gpu), NULL},
	{"gpus", "hardware", OPT_UINT, 0, 65536, "N",
	 "GPUs in all; beyond tp x pp they are replicas (0: tp x pp)",
	 F(gpus), 0, NULL},
	{"tp", "hardware", OPT_UINT, 0, 1024, "N",
	 "tensor-parallel degree (0: gpus / pp, or 4 when gpus is 0 too)", F(tp), 0, NULL},
	{"pp", "hardware", OPT_UINT, 1, 1024, "N",
	 "pipeline-parallel stages", F(pp), 0, NULL},
	{"ep", "hardware", OPT_UINT, 1, 1024, "N",
	 "expert-parallel degree within the TP group", F(ep), 0, NULL},
	{"engine", "engine", OPT_ENUM, 0, 0, "PROFILE",
	 "how memory is reserved", F(engine), 0, engine_ids},
	{"gpu-mem-util", "engine", OPT_DOUBLE, 0.05, 1, "F",
	 "vLLM gpu_memory_utilization", F(gpu_mem_util), 0, NULL},
	{"hybrid-kv", "engine", OPT_BOOL, 0, 1, "on|off",
	 "engine keeps sliding/chunked-layer KV small (vLLM hybrid KV manager)",
	 F(hybrid_kv), 0, NULL},
	{"max-batched-tokens", "engine", OPT_TOKENS, 1, 1ull << 24, "N",
	 "vLLM max_num_batched_tokens", F(max_batched_tokens), 0, NULL},
	{"activation-gib", "engine", OPT_AUTO, 0, 1024, "GIB|auto",
	 "activation peak per GPU (auto: the engine profile's)",
	 F(activation_gib), 0, NULL},
	{"overhead-gib", "engine", OPT_AUTO, 0, 1024, "GIB|auto",
	 "CUDA context, NCCL and graphs per GPU (auto: the profile's)",
	 F(overhead_gib), 0, NULL},
	{"eta-bw", "engine", OPT_DOUBLE, 0.01, 1, "F",
	 "fraction of memory bandwidth reached in decode", F(eta_bw), 0, NULL},
	{"eta-compute", "engine", OPT_DOUBLE, 0.01, 1, "F",
	 "fraction of the measured matmul ceiling (MAMF) reached", F(eta_compute), 0, NULL},
	{"comm-latency-us", "engine", OPT_DOUBLE, 0, 10000, "US",
	 "latency of one TP all-reduce call", F(comm_latency_us), 0, NULL},
	{"mem-fraction-static", "engine", OPT_AUTO, 0.05, 1, "F|auto",
	 "SGLang mem_fraction_static, weights + KV pool (auto: its per-TP default)",
	 F(mem_fraction_static), 0, NULL},
	{"kv-free-fraction", "engine", OPT_DOUBLE, 0.01, 1, "F",
	 "TensorRT-LLM free_gpu_memory_fraction: KV share of the free memory",
	 F(kv_free_fraction), 0, NULL},
	{"ngl", "engine", OPT_AUTO, 0, 4096, "N|auto",
	 "llama.cpp --n-gpu-layers (auto: every layer and the output layer)",
	 F(ngl), 0, NULL},
	{"cpu-moe", "engine", OPT_BOOL, 0, 1, "on|off",
	 "llama.cpp --cpu-moe: routed experts stay in host RAM", F(cpu_moe), 0, NULL},
	{"host-bw-gbs", "engine", OPT_DOUBLE, 1, 100000, "GB/S",
	 "host RAM bandwidth for what llama.cpp keeps there",
	 F(host_bw_gbs), 0, NULL},
	{"gpu-price", "price", OPT_AUTO, 0, 10000, "USD|auto",
	 "USD per GPU-hour (auto: the catalog's)", F(gpu_price), 0, NULL},
	{"api-price-in", "price", OPT_AUTO, 0, 10000, "USD|auto",
	 "API USD per million input tokens (auto: the catalog's)",
	 F(api_in), 0, NULL},
	{"api-price-out", "price", OPT_AUTO, 0, 10000, "USD|auto",
	 "API USD per million output tokens (auto: the catalog's)",
	 F(api_out), 0, NULL},
	{"utilization", "price", OPT_DOUBLE, 0.01, 1, "F",
	 "busy fraction of the fleet for $/M tokens", F(utilization), 0, NULL},
	{"demand-tokens", "demand", OPT_DOUBLE, 0, 1e9, "M",
	 "demand: million tokens (input + output) per month (0: none)",
	 F(demand_m_tokens), 0, NULL},
	{"demand-rps", "demand", OPT_DOUBLE, 0, 1e7, "RPS",
	 "demand: requests per second at peak (0: none)", F(demand_rps), 0, NULL},
	{"peak-ratio", "demand", OPT_DOUBLE, 1, 100, "F",
	 "peak load / average load", F(peak_ratio), 0, NULL},
	{"slo-ttft-ms", "demand", OPT_DOUBLE, 0, 1e7, "MS",
	 "service level: time to first token (0: none)", F(slo_ttft_ms), 0, NULL},
	{"slo-tpot-ms", "demand", OPT_DOUBLE, 0, 1e7, "MS",
	 "service level: time per output token (0: none)", F(slo_tpot_ms), 0, NULL},
	{"tier-low", "demand", OPT_DOUBLE, 0, 1e9, "M",
	 "traffic tier: million tokens per month", F(tier[0]), 0, NULL},
	{"tier-medium", "demand", OPT_DOUBLE, 0, 1e9, "M",
	 "traffic tier: million tokens per month", F(tier[1]), 0, NULL},
	{"tier-high", "demand", OPT_DOUBLE, 0, 1e9, "M",
	 "traffic tier: million tokens per month", F(tier[2]), 0, NULL},
};
const size_t scenario_option_count =
	sizeof scenario_options / sizeof scenario_options[0];

/* Efficiencies: decode kernels reach roughly 70-85% of peak HBM
 * bandwidth and prefill GEMMs roughly half of dense peak on H100-class
 * parts; both are inputs, shown with the result, never hidden. */
void
scenario_default(struct scenario *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->model, sizeof s->model, "llama-4-scout");
	snprintf(s->gpu, sizeof s->gpu, "h100-sxm");
	s->moe = true;
	s->weights = WF_BF16;
	s->kv = KV_BF16;
	s->context = 8192;
	s->batch = 16;
	s->prompt_tokens = 2048;
	s->output_tokens = 512;
	s->gpus = 0;
	s->tp = 0;
	s->pp = 1;
	s->ep = 1;
	s->engine = ENGINE_VLLM;
	s->gpu_mem_util = 0.90;		/* vLLM default */
	s->hybrid_kv = true;
	s->max_batched_tokens = 8192;	/* vLLM V1 online-serving default */
	s->eta_bw = 0.80;
	s->eta_compute = 0.70;
	s->comm_latency_us = 10;
	s->gpu_price = -1;
	s->api_in = -1;
	s->api_out = -1;
	s->utilization = 1.0;
	s->activation_gib = -1;
	s->overhead_gib = -1;
	s->mem_fraction_static = -1;	/* SGLang picks it from the TP size */
	s->kv_free_fraction = 0.90;	/* TensorRT-LLM KvCacheConfig default */
	s->ngl = -1;			/* every layer on the GPUs */
	s->cpu_moe = false;
	/* One socket of 8 DDR5-4800 channels (Intel Xeon 4th gen, Sapphire
	 * Rapids: frankdenneman.nl, 2023-02-28): 8 x 4800 MT/s x 8 B =
	 * 307.2 GB/s peak. eta-bw applies to it as to HBM. */
	s->host_bw_gbs = 307.2;
	/* Traffic is burstier than its average; 2x is a planning default,
	 * editable like the tiers (100 M, 1 B and 10 B tokens a month). */
	s->peak_ratio = 2.0;
	s->tier[0] = 100;
	s->tier[1] = 1000;
	s->tier[2] = 10000;
}

const struct option_def *
scenario_option(const char *name)
{
	for (size_t i = 0; i < scenario_option_count; i++) {
		if (strcmp(scenario_options[i].name, name) == 0)
			return &scenario_options[i];
	}
	return NULL;
}

int
parse_tokens(const char *s, uint64_t *out)
{
	char *end;
	double v;
	double mult = 1;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024.0 * 1024, end++;
	if (*end != '\0')
		return -1;
	v *= mult;
	if (v > 9e15 || v != floor(v))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static int
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "yes", "true", "1"};
	static const char *const no[] = {"off", "no", "false", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *out = false, 0;
	}
	return -1;
}

static int
parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno != 0 || end == s || *end != '\0' || !isfinite(*out)) ? -1 : 0;
}

static int
range_error(const struct option_def *o, const char *value, struct gp_error *err)
{
	if (o->type == OPT_DOUBLE || o->type == OPT_AUTO)
		return gp_error_set(err, "--%s %s: must be a number from %g to %g%s",
				    o->name, value, o->min, o->max,
				    o->type == OPT_AUTO ? ", or auto" : "");
	return gp_error_set(err, "--%s %s: must be a whole number from %.0f to %.0f%s",
			    o->name, value, o->min, o->max,
			    o->type == OPT_TOKENS ? " (8k = 8192, 1m = 1048576)" : "");
}

int
scenario_set(struct scenario *s, const char *name, const char *value,
	     struct gp_error *err)
{
	const struct option_def *o = scenario_option(name);
	char *field;
	uint64_t u;
	double d;

	if (o == NULL)
		return gp_error_set(err, "unknown option \"%s\"", name);
	if (value == NULL)
		return gp_error_set(err, "--%s needs a value (%s)", o->name, o->metavar);
	field = (char *)s + o->offset;
	switch (o->type) {
	case OPT_STRING:
		/* min 1: required (an id); min 0: may be empty (none) */
		if ((*value == '\0' && o->min > 0) || strlen(value) >= o->size)
			return gp_error_set(err, "--%s: expected %d to %zu characters",
					    o->name, (int)o->min, o->size - 1);
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case OPT_BOOL:
		if (parse_bool(value, (bool *)field) != 0)
			return gp_error_set(err, "--%s %s: expected on or off",
					    o->name, value);
		return 0;
	case OPT_TOKENS:
	case OPT_UINT:
		if ((o->type == OPT_TOKENS ? parse_tokens(value, &u)
					   : parse_tokens(value, &u) ||
					     strpbrk(value, "kKmM.") != NULL) ||
		    (double)u < o->min || (double)u > o->max)
			return range_error(o, value, err);
		memcpy(field, &u, sizeof u);
		return 0;
	case OPT_AUTO:
		if (strcasecmp(value, "auto") == 0 || strcasecmp(value, "catalog") == 0) {
			d = -1;
			memcpy(field, &d, sizeof d);
			return 0;
		}
		/* fall through */
	case OPT_DOUBLE:
		if (parse_double(value, &d) != 0 || d < o->min || d > o->max)
			return range_error(o, value, err);
		memcpy(field, &d, sizeof d);
		return 0;
	case OPT_ENUM:
		for (int i = 0; o->choices[i] != NULL; i++) {
			if (strcmp(value, o->choices[i]) == 0) {
				memcpy(field, &i, sizeof i);
				return 0;
			}
		}
		{
			char list[256] = "";
			for (int i = 0; o->choices[i] != NULL; i++) {
				strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
				strncat(list, o->choices[i], sizeof list - strlen(list) - 1);
			}
			return gp_error_set(err, "--%s %s: expected one of %s",
					    o->name, value, list);
		}
	}
	return gp_error_set(err, "--%s: unsupported option type", o->name);
}

static void
format_tokens(uint64_t v, char *buf, size_t len)
{
	if (v >= 1048576 && v % 1048576 == 0)
		snprintf(buf, len, "%llum", (unsigned long long)(v / 1048576));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, len, "%lluk", (unsigned long long)(v / 1024));
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

void
scenario_get(const struct scenario *s, const struct option_def *o, char *buf,
	     size_t len)
{
	const char *field = (const char *)s + o->offset;
	uint64_t u;
	double d;
	int e;

	switch (o->type) {
	case OPT_STRING:
		snprintf(buf, len, "%s", field);
		break;
	case OPT_BOOL:
		snprintf(buf, len, "%s", *(const bool *)field ? "on" : "off");
		break;
	case OPT_TOKENS:
		memcpy(&u, field, sizeof u);
		format_tokens(u, buf, len);
		break;
	case OPT_UINT:
		memcpy(&u, field, sizeof u);
		snprintf(buf, len, "%llu", (unsigned long long)u);
		break;
	case OPT_AUTO:
	case OPT_DOUBLE:
		memcpy(&d, field, sizeof d);
		if (o->type == OPT_AUTO && d < 0)
			snprintf(buf, len, "auto");
		else	/* enough digits that a saved file plans the same */
			snprintf(buf, len, "%.15g", d);
		break;
	case OPT_ENUM:
		memcpy(&e, field, sizeof e);
		snprintf(buf, len, "%s", o->choices[e]);
		break;
	}
}

bool
scenario_equal(const struct scenario *a, const struct scenario *b)
{
	char va[SCENARIO_PATH_LEN + 8], vb[SCENARIO_PATH_LEN + 8];

	for (size_t i = 0; i < scenario_option_count; i++) {
		scenario_get(a, &scenario_options[i], va, sizeof va);
		scenario_get(b, &scenario_options[i], vb, sizeof vb);
		if (strcmp(va, vb) != 0)
			return false;
	}
	return true;
}

int
scenario_layout(const struct scenario *s, struct layout *l, struct gp_error *err)
{
	l->pp = s->pp ? s->pp : 1;
	l->ep = s->ep ? s->ep : 1;
	if (s->tp > 0)
		l->tp = s->tp;
	else if (s->gpus > 0)
		l->tp = s->gpus / l->pp;
	else
		l->tp = 4;
	if (l->tp == 0)
		return gp_error_set(err, "--gpus %llu is fewer than --pp %llu",
				    (unsigned long long)s->gpus,
				    (unsigned long long)l->pp);
	l->gpus = s->gpus > 0 ? s->gpus : l->tp * l->pp;
	if (l->gpus % (l->tp * l->pp) != 0)
		return gp_error_set(err,
		    "--gpus %llu is not a multiple of tp x pp = %llu",
		    (unsigned long long)l->gpus,
		    (unsigned long long)(l->tp * l->pp));
	if (l->ep > l->tp || l->tp % l->ep != 0)
		return gp_error_set(err,
		    "--ep %llu must divide the TP degree %llu (experts are spread over the TP group)",
		    (unsigned long long)l->ep, (unsigned long long)l->tp);
	l->replicas = l->gpus / (l->tp * l->pp);
	return 0;
}

const char *
engine_id(enum engine_kind e)
{
	return (unsigned)e < ENGINE_COUNT ? engine_ids[e] : "?";
}
