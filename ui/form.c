/* form.c - form rows and value stepping. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cost.h"
#include "engine.h"
#include "memory.h"
#include "form.h"

/* The form's groups, in the options table's order of sections; their
 * headers carry the screen's key hints, so they live here. */
static const struct {
	const char *section, *header;
} groups[] = {
	{"model", "Model"},
	{"precision", "Precision"},
	{"workload", "Workload"},
	{"hardware", "Hardware"},
	{"engine", "Engine"},
	{"price", "Price"},
	{"demand", "Demand (t: tiers, f: fit)"},
};

#define FORM_MAX_ROWS 80
#define FORM_MAX_ENGINES 16

static bool
knob_of(const struct engine *e, const char *name)
{
	for (int i = 0; e->knobs != NULL && e->knobs[i] != NULL; i++) {
		if (strcmp(e->knobs[i], name) == 0)
			return true;
	}
	return false;
}

/* An option with a form label, unless it is another engine's knob: the
 * form shows the knobs of the engine the scenario names (its
 * descriptor's list) and the options every engine reads. */
static bool
shown(const struct option_def *o, const struct engine *e)
{
	bool someone = false;

	if (o->label == NULL)
		return false;
	for (unsigned i = 0; i < engine_count; i++)
		someone = someone || knob_of(engines[i], o->name);
	return !someone || knob_of(e, o->name);
}

/* Rows from the options table: each option shown, in table order, a
 * header where the section changes, and the parameter count after the
 * model. */
static size_t
build(struct form_row *rows, size_t max, const struct engine *e)
{
	const char *section = NULL;
	size_t n = 0;

	for (size_t i = 0; i < scenario_option_count && n + 3 <= max; i++) {
		const struct option_def *o = &scenario_options[i];

		if (!shown(o, e))
			continue;
		if (section == NULL || strcmp(section, o->section) != 0) {
			const char *header = o->section;

			for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
				if (strcmp(groups[g].section, o->section) == 0)
					header = groups[g].header;
			}
			rows[n++] = (struct form_row){FR_HEADER, header, NULL};
			section = o->section;
		}
		rows[n++] = (struct form_row){FR_FIELD, o->label, o->name};
		if (strcmp(o->name, "model") == 0)
			rows[n++] = (struct form_row){FR_INFO, "params", NULL};
	}
	return n;
}

/* Built once per engine, on first use. */
static const struct form_row *
rows_get(const struct scenario *s, size_t *count)
{
	static struct form_row rows[FORM_MAX_ENGINES][FORM_MAX_ROWS];
	static size_t n[FORM_MAX_ENGINES];
	unsigned e = s->engine < engine_count && s->engine < FORM_MAX_ENGINES ? s->engine : 0;

	if (n[e] == 0)
		n[e] = build(rows[e], FORM_MAX_ROWS, engine_get(e));
	*count = n[e];
	return rows[e];
}

size_t
form_row_count(const struct scenario *s)
{
	size_t n;

	(void)rows_get(s, &n);
	return n;
}

const struct form_row *
form_row(const struct scenario *s, size_t i)
{
	size_t n;
	const struct form_row *rows = rows_get(s, &n);

	return &rows[i < n ? i : n - 1];
}

bool
form_is_picker(const char *option)
{
	const struct option_def *o = scenario_option(option);

	/* catalog ids and choices come from lists; a path or a release
	 * number is typed */
	return o != NULL && o->step_kind != STEP_TYPED &&
	       (o->type == OPT_ENUM || o->type == OPT_STRING);
}

size_t
form_next_field(const struct scenario *s, size_t i, int dir)
{
	size_t n = form_row_count(s), j = i;

	/* no wrap: past the last field (or before the first) is the end */
	while (dir > 0 ? j + 1 < n : j > 0) {
		j = dir > 0 ? j + 1 : j - 1;
		if (form_row(s, j)->kind == FR_FIELD)
			return j;
	}
	return i;
}

size_t
form_edge_field(const struct scenario *s, int dir)
{
	size_t end = dir > 0 ? form_row_count(s) - 1 : 0;

	return form_row(s, end)->kind == FR_FIELD ? end : form_next_field(s, end, -dir);
}

size_t
form_section_field(const struct scenario *s, size_t i, int dir)
{
	size_t n = form_row_count(s), head = i;

	/* the header of i's section */
	while (head > 0 && form_row(s, head)->kind != FR_HEADER)
		head--;
	if (dir > 0) {
		for (size_t j = i + 1; j < n; j++) {
			if (form_row(s, j)->kind == FR_HEADER)
				return form_next_field(s, j, 1) > j ? form_next_field(s, j, 1) : i;
		}
		return i;
	}
	/* back: this section's first field, or when i is it, the one before */
	if (form_next_field(s, head, 1) < i)
		return form_next_field(s, head, 1);
	while (head > 0) {
		head--;
		if (form_row(s, head)->kind == FR_HEADER)
			return form_next_field(s, head, 1);
	}
	return i;
}

int
form_layout(const struct scenario *s, const struct catalog *c, struct layout *l,
	    struct gp_error *err)
{
	const struct gpu *g = catalog_gpu(c, s->gpu);

	return scenario_layout(s, g != NULL ? g->gpus_per_node : 0, l, err);
}

/* An OPT_ENUM field's choice index, as scenario_set stores it. */
static int
field_enum(const struct scenario *s, const struct option_def *o)
{
	int v;

	memcpy(&v, (const char *)s + o->offset, sizeof v);
	return v;
}

void
form_value(const struct scenario *s, const struct catalog *c, const char *option,
	   char *buf, size_t len)
{
	const struct option_def *o = scenario_option(option);
	struct cost_prices pr;
	struct layout l;

	if (o == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	if (strcmp(option, "model-config") == 0 && s->model_config[0] == '\0') {
		snprintf(buf, len, "none (Enter)");
		return;
	}
	if (strcmp(option, "mem-fraction-static") == 0 && s->mem_fraction_static < 0 &&
	    catalog_gpu(c, s->gpu) != NULL && form_layout(s, c, &l, NULL) == 0) {
		/* the fraction SGLang works out for this GPU and layout */
		snprintf(buf, len, "auto (%.3f)",
			 memory_engine_fraction(s, catalog_model(c, s->model), catalog_gpu(c, s->gpu), &l));
		return;
	}
	if (strcmp(option, "engine-version") == 0 && s->engine_version[0] == '\0') {
		const struct engine *e = engine_of(s);
		int r = engine_release(e, s);

		snprintf(buf, len, "newest%s%s%s", e->releases ? " (" : "",
			 e->releases ? e->releases[r] : "", e->releases ? "+)" : "");
		return;
	}
	if (scenario_native(s, o)) {
		/* the model's own, which the plan resolved */
		snprintf(buf, len, "native (%s)", o->choice(field_enum(s, o)));
		return;
	}
	if ((strcmp(option, "gpus") == 0 && s->gpus == 0) ||
	    (strcmp(option, "tp") == 0 && s->tp == 0)) {
		if (form_layout(s, c, &l, NULL) == 0)
			snprintf(buf, len, "auto (%llu)", (unsigned long long)
				 (option[0] == 'g' ? l.gpus : l.tp));
		else
			snprintf(buf, len, "auto");
		return;
	}
	cost_prices(s, catalog_model(c, s->model), catalog_gpu(c, s->gpu), &pr);
	if (strcmp(option, "gpu-price") == 0 && s->gpu_price < 0) {
		if (pr.gpu_known)
			snprintf(buf, len, "auto (%.2f)", pr.gpu_per_hour);
		else
			snprintf(buf, len, "unknown");
		return;
	}
	if ((strcmp(option, "api-price-in") == 0 && s->api_in < 0) ||
	    (strcmp(option, "api-price-out") == 0 && s->api_out < 0) ||
	    (strcmp(option, "api-price-cached") == 0 && s->api_cached < 0)) {
		double v = option[10] == 'i' ? pr.api_in : option[10] == 'o' ? pr.api_out :
			   pr.api_cached;

		if (v < 0)
			snprintf(buf, len, "none");
		else
			snprintf(buf, len, "auto (%.2f)", v);
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
step_parallel(struct scenario *s, const struct catalog *c, const char *option, int dir,
	      struct gp_error *err)
{
	struct layout l;
	uint64_t tp, pp, v;

	if (form_layout(s, c, &l, err) != 0)
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

/* The value an "auto" price stands for, to step from. */
static double
auto_value(const struct scenario *s, const struct catalog *c, const char *option)
{
	struct cost_prices pr;
	double v = 0;

	cost_prices(s, catalog_model(c, s->model), catalog_gpu(c, s->gpu), &pr);
	if (strcmp(option, "gpu-price") == 0)
		v = pr.gpu_per_hour;
	else if (strcmp(option, "api-price-in") == 0)
		v = pr.api_in;
	else if (strcmp(option, "api-price-out") == 0)
		v = pr.api_out;
	else if (strcmp(option, "api-price-cached") == 0)
		v = pr.api_cached;
	else if (strcmp(option, "ngl") == 0 && catalog_model(c, s->model) != NULL)
		/* auto is every layer and the output layer */
		v = (double)catalog_model(c, s->model)->layers + 1;
	else if (strcmp(option, "mem-fraction-static") == 0 && catalog_gpu(c, s->gpu) != NULL) {
		struct layout l;

		if (form_layout(s, c, &l, NULL) == 0)
			v = memory_engine_fraction(s, catalog_model(c, s->model),
						   catalog_gpu(c, s->gpu), &l);
	}
	return v > 0 ? v : 0;
}

int
form_step(struct scenario *s, const struct catalog *c, const char *option,
	  int dir, struct gp_error *err)
{
	const struct option_def *o = scenario_option(option);
	struct layout l;
	uint64_t v;
	double d, step;

	if (o == NULL)
		return gp_error_set(err, "unknown field %s", option);
	switch (o->step_kind) {
	case STEP_TYPED:
		return 0;	/* a path: Enter types it */
	case STEP_CATALOG:
		if (strcmp(option, "model") == 0)
			s->model_config[0] = s->model_file[0] = '\0';	/* a catalog model now */
		return step_picker(s, c, strcmp(option, "gpu") == 0, dir, err);
	case STEP_PARALLEL:
		return step_parallel(s, c, option, dir, err);
	case STEP_REPLICAS:
		if (form_layout(s, c, &l, err) != 0)
			return -1;
		s->tp = l.tp;	/* more GPUs are more replicas, not more TP */
		v = dir > 0 ? l.gpus + l.tp * l.pp :
		    (l.gpus > l.tp * l.pp ? l.gpus - l.tp * l.pp : l.tp * l.pp);
		return set_u64(s, option, v > (uint64_t)o->max ? l.gpus : v, err);
	case STEP_DIVISOR:
		if (form_layout(s, c, &l, err) != 0)
			return -1;
		v = s->ep ? s->ep : 1;
		do {
			v = dir > 0 ? (v >= l.tp ? 1 : v + 1) : (v <= 1 ? l.tp : v - 1);
		} while (l.tp % v != 0);
		return set_u64(s, option, v, err);
	case STEP_DOUBLE:
		d = field_double(s, o);
		return set_double(s, option, dir > 0 ? (d > 0 ? d * 2 : o->step) : d / 2, err);
	case STEP_AUTO:
		break;
	}
	switch (o->type) {
	case OPT_STRING:
		return 0;
	case OPT_BOOL:
		*(bool *)((char *)s + o->offset) = !*(bool *)((char *)s + o->offset);
		return 0;
	case OPT_ENUM: {
		/* the native spelling, where there is one, is the first stop
		 * of the cycle (position 0), the choices after it */
		int first = o->native != NULL, count = first, pos, e = field_enum(s, o);

		while (o->choice(count - first) != NULL)
			count++;
		pos = scenario_native(s, o) ? 0 : e + first;
		pos = (pos + (dir > 0 ? 1 : count - 1)) % count;
		return scenario_set(s, option, first && pos == 0 ? o->native : o->choice(pos - first),
				    err);
	}
	case OPT_TOKENS:
	case OPT_UINT:
		return set_u64(s, option, scale(field_u64(s, o), dir, o), err);
	case OPT_AUTO:
	case OPT_DOUBLE:
		d = field_double(s, o);
		step = o->step > 0 ? o->step : 0.05;
		if (o->type == OPT_AUTO && d < 0)
			d = auto_value(s, c, option);	/* from what "auto" stands for */
		return set_double(s, option, round((d + dir * step) / step) * step, err);
	}
	return 0;
}
