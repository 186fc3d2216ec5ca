/* form.c - form rows and value stepping. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "form.h"

const struct form_row form_rows[] = {
	{FR_HEADER, "Model", NULL},
	{FR_FIELD, "model", "model"},
	{FR_INFO, "params", NULL},
	{FR_FIELD, "config.json", "model-config"},
	{FR_FIELD, "MoE", "moe"},
	{FR_HEADER, "Precision", NULL},
	{FR_FIELD, "weights", "weights"},
	{FR_FIELD, "KV dtype", "kv-dtype"},
	{FR_HEADER, "Workload", NULL},
	{FR_FIELD, "context", "context"},
	{FR_FIELD, "batch", "batch"},
	{FR_FIELD, "prompt", "prompt-tokens"},
	{FR_FIELD, "output", "output-tokens"},
	{FR_HEADER, "Hardware", NULL},
	{FR_FIELD, "GPU", "gpu"},
	{FR_FIELD, "GPUs", "gpus"},
	{FR_FIELD, "TP", "tp"},
	{FR_FIELD, "PP", "pp"},
	{FR_FIELD, "EP", "ep"},
	{FR_HEADER, "Engine", NULL},
	{FR_FIELD, "profile", "engine"},
	{FR_FIELD, "mem util", "gpu-mem-util"},
	{FR_FIELD, "hybrid KV", "hybrid-kv"},
	{FR_HEADER, "Price", NULL},
	{FR_FIELD, "$/GPU-h", "gpu-price"},
	{FR_FIELD, "API $/M in", "api-price-in"},
	{FR_FIELD, "API $/M out", "api-price-out"},
	{FR_FIELD, "utilization", "utilization"},
	{FR_HEADER, "Demand (t: tiers, f: fit)", NULL},
	{FR_FIELD, "M tok/month", "demand-tokens"},
	{FR_FIELD, "peak ratio", "peak-ratio"},
	{FR_FIELD, "TTFT ms", "slo-ttft-ms"},
	{FR_FIELD, "TPOT ms", "slo-tpot-ms"},
};
const size_t form_row_count = sizeof form_rows / sizeof form_rows[0];

bool
form_is_picker(const char *option)
{
	const struct option_def *o = scenario_option(option);

	/* catalog ids and choices come from lists; a path is typed */
	return o != NULL && (o->type == OPT_ENUM ||
			     (o->type == OPT_STRING && strcmp(option, "model-config") != 0));
}

size_t
form_next_field(size_t i, int dir)
{
	size_t n = form_row_count, j = i;

	for (size_t k = 0; k < n; k++) {
		j = dir > 0 ? (j + 1) % n : (j + n - 1) % n;
		if (form_rows[j].kind == FR_FIELD)
			return j;
	}
	return i;
}

static double
api_price(const struct scenario *s, const struct catalog *c, bool input)
{
	const struct model *m = catalog_model(c, s->model);
	double v = input ? s->api_in : s->api_out;

	if (v >= 0)
		return v;
	if (m != NULL && m->n_api > 0)
		return input ? m->api[0].usd_per_m_input : m->api[0].usd_per_m_output;
	return 0;
}

void
form_value(const struct scenario *s, const struct catalog *c, const char *option,
	   char *buf, size_t len)
{
	const struct option_def *o = scenario_option(option);
	struct layout l;

	if (o == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	if (strcmp(option, "model-config") == 0 && s->model_config[0] == '\0') {
		snprintf(buf, len, "none (Enter)");
		return;
	}
	if ((strcmp(option, "gpus") == 0 && s->gpus == 0) ||
	    (strcmp(option, "tp") == 0 && s->tp == 0)) {
		if (scenario_layout(s, &l, NULL) == 0)
			snprintf(buf, len, "auto (%llu)", (unsigned long long)
				 (option[0] == 'g' ? l.gpus : l.tp));
		else
			snprintf(buf, len, "auto");
		return;
	}
	if (strcmp(option, "gpu-price") == 0 && s->gpu_price < 0) {
		const struct gpu *g = catalog_gpu(c, s->gpu);

		if (g != NULL && g->usd_per_hour > 0)
			snprintf(buf, len, "auto (%.2f)", g->usd_per_hour);
		else
			snprintf(buf, len, "unknown");
		return;
	}
	if ((strcmp(option, "api-price-in") == 0 && s->api_in < 0) ||
	    (strcmp(option, "api-price-out") == 0 && s->api_out < 0)) {
		const struct model *m = catalog_model(c, s->model);

		if (m == NULL || m->n_api == 0) {
			snprintf(buf, len, "none");
			return;
		}
		snprintf(buf, len, "auto (%.2f)", api_price(s, c, strcmp(option, "api-price-in") == 0));
		return;
	}
	scenario_get(s, o, buf, len);
}

static int
set_u64(struct scenario *s, const char *option, uint64_t v, struct gp_error *err)
{
	char text[32];

	snprintf(text, sizeof text, "%llu", (unsigned long long)v);
	return scenario_set(s, option, text, err);
}

static int
set_double(struct scenario *s, const char *option, double v, struct gp_error *err)
{
	const struct option_def *o = scenario_option(option);
	char text[32];

	if (v < o->min)
		v = o->min;
	if (v > o->max)
		v = o->max;
	snprintf(text, sizeof text, "%.4g", v);
	return scenario_set(s, option, text, err);
}

static uint64_t
field_u64(const struct scenario *s, const struct option_def *o)
{
	uint64_t v;

	memcpy(&v, (const char *)s + o->offset, sizeof v);
	return v;
}

static double
field_double(const struct scenario *s, const struct option_def *o)
{
	double v;

	memcpy(&v, (const char *)s + o->offset, sizeof v);
	return v;
}

/* Doubling or halving within the option's range. */
static uint64_t
scale(uint64_t v, int dir, const struct option_def *o)
{
	uint64_t lo = o->min > 1 ? (uint64_t)o->min : 1;

	if (dir > 0)
		v = v * 2 > (uint64_t)o->max ? (uint64_t)o->max : v * 2;
	else
		v = v / 2 < lo ? lo : v / 2;
	return v;
}

static int
step_picker(struct scenario *s, const struct catalog *c, bool gpu, int dir,
	    struct gp_error *err)
{
	size_t n = gpu ? c->n_gpus : c->n_models, i;

	for (i = 0; i < n; i++) {
		const char *id = gpu ? c->gpus[i].id : c->models[i].id;

		if (strcmp(id, gpu ? s->gpu : s->model) == 0)
			break;
	}
	if (n == 0)
		return 0;
	i = i == n ? 0 : (i + n + (dir > 0 ? 1 : n - 1)) % n;
	return scenario_set(s, gpu ? "gpu" : "model", gpu ? c->gpus[i].id : c->models[i].id, err);
}

/* Keep the replica count when TP or PP changes: GPUs follow. */
static int
step_parallel(struct scenario *s, const char *option, int dir, struct gp_error *err)
{
	struct layout l;
	uint64_t tp, pp, v;

	if (scenario_layout(s, &l, err) != 0)
		return -1;
	tp = l.tp;
	pp = l.pp;
	v = option[0] == 't' ? tp : pp;
	v = dir > 0 ? v * 2 : (v / 2 ? v / 2 : 1);
	if (v > 1024)
		v = 1024;
	if (option[0] == 't')
		tp = v;
	else
		pp = v;
	s->tp = tp;
	s->pp = pp;
	if (s->gpus != 0)
		s->gpus = tp * pp * l.replicas;
	if (s->ep > tp || tp % s->ep != 0)
		s->ep = 1;
	return 0;
}

int
form_step(struct scenario *s, const struct catalog *c, const char *option,
	  int dir, struct gp_error *err)
{
	const struct option_def *o = scenario_option(option);
	struct layout l;
	int e;

	if (o == NULL)
		return gp_error_set(err, "unknown field %s", option);
	switch (o->type) {
	case OPT_STRING:
		if (strcmp(option, "model-config") == 0)
			return 0;	/* a path: Enter types it */
		if (strcmp(option, "model") == 0)
			s->model_config[0] = '\0';	/* a catalog model now */
		return step_picker(s, c, strcmp(option, "gpu") == 0, dir, err);
	case OPT_BOOL:
		*(bool *)((char *)s + o->offset) = !*(bool *)((char *)s + o->offset);
		return 0;
	case OPT_ENUM:
		memcpy(&e, (char *)s + o->offset, sizeof e);
		for (int n = 0; o->choices[n] != NULL; n++) {
			if (o->choices[n + 1] == NULL) {
				e = (e + (dir > 0 ? 1 : n)) % (n + 1);
				break;
			}
		}
		return scenario_set(s, option, o->choices[e], err);
	case OPT_TOKENS:
		return set_u64(s, option, scale(field_u64(s, o), dir, o), err);
	case OPT_UINT:
		if (strcmp(option, "tp") == 0 || strcmp(option, "pp") == 0)
			return step_parallel(s, option, dir, err);
		if (scenario_layout(s, &l, err) != 0)
			return -1;
		if (strcmp(option, "gpus") == 0) {
			uint64_t group = l.tp * l.pp;

			s->tp = l.tp;	/* more GPUs are more replicas, not more TP */
			uint64_t v = dir > 0 ? l.gpus + group : (l.gpus > group ? l.gpus - group : group);

			return set_u64(s, option, v > 65536 ? l.gpus : v, err);
		}
		if (strcmp(option, "ep") == 0) {
			uint64_t v = s->ep ? s->ep : 1;

			do {
				v = dir > 0 ? (v >= l.tp ? 1 : v + 1) : (v <= 1 ? l.tp : v - 1);
			} while (l.tp % v != 0);
			return set_u64(s, option, v, err);
		}
		return set_u64(s, option, scale(field_u64(s, o), dir, o), err);
	case OPT_AUTO:
	case OPT_DOUBLE: {
		double v = field_double(s, o), step = 0.05;

		if (strcmp(option, "gpu-mem-util") == 0)
			step = 0.01;
		else if (strcmp(option, "demand-tokens") == 0)
			return set_double(s, option, dir > 0 ? (v > 0 ? v * 2 : 100) : v / 2, err);
		else if (strcmp(option, "slo-ttft-ms") == 0 || strcmp(option, "slo-tpot-ms") == 0)
			step = strcmp(option, "slo-ttft-ms") == 0 ? 100 : 5;
		else if (strcmp(option, "peak-ratio") == 0)
			step = 0.5;
		else if (strcmp(option, "comm-latency-us") == 0)
			step = 1;
		else if (strcmp(option, "gpu-price") == 0 || strcmp(option, "activation-gib") == 0 ||
			 strcmp(option, "overhead-gib") == 0)
			step = 0.10;
		if (o->type == OPT_AUTO && v < 0) {
			/* "auto" steps from the value it stands for */
			if (strcmp(option, "gpu-price") == 0) {
				const struct gpu *g = catalog_gpu(c, s->gpu);

				v = g != NULL ? g->usd_per_hour : 0;
			} else if (strcmp(option, "api-price-in") == 0) {
				v = api_price(s, c, true);
			} else if (strcmp(option, "api-price-out") == 0) {
				v = api_price(s, c, false);
			} else {
				v = 0;
			}
		}
		return set_double(s, option, round((v + dir * step) / step) * step, err);
	}
	}
	return 0;
}
