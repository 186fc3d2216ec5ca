/* compare.c - the compare table in text, JSON and Markdown. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "compare.h"
#include "fmt.h"


static double get_gpus(const struct report_input *r) { return (double)r->p->layout.gpus; }
static double get_fits(const struct report_input *r) { return r->p->mem.fits; }
static double get_weights(const struct report_input *r) { return r->p->mem.weights / GIB; }
static double get_kv(const struct report_input *r) { return r->p->mem.kv_cache / GIB; }
static double get_free(const struct report_input *r) { return (double)r->p->mem.free / GIB; }
static double get_conc(const struct report_input *r) { return (double)r->p->mem.max_concurrency; }
static double get_tps(const struct report_input *r) { return r->p->decode.tokens_per_s; }
static double get_user(const struct report_input *r) { return r->p->decode.per_user_tokens_per_s; }
static double get_tpot(const struct report_input *r) { return r->p->decode.tpot_ms; }
static double get_ttft(const struct report_input *r) { return r->p->prefill.ttft_ms; }
static double get_month(const struct report_input *r) { return r->p->cost.usd_per_month; }
static double get_per_m(const struct report_input *r) { return r->p->cost.usd_per_m_output; }

/* One figure of a plan: a row of the compare table. */
struct compare_row {
	const char *label;
	const char *json;	/* key in the JSON output */
	int decimals;		/* shown after the point */
	double (*get)(const struct report_input *r);
	bool higher_is_better;
};

static const struct compare_row compare_rows[] = {
	{"GPUs", "gpus", 0, get_gpus, false},
	{"fits", "fits", 0, get_fits, true},
	{"weights/GPU GiB", "weights_gib_per_gpu", 2, get_weights, false},
	{"KV cache/GPU GiB", "kv_cache_gib_per_gpu", 2, get_kv, false},
	{"free/GPU GiB", "free_gib_per_gpu", 2, get_free, true},
	{"max concurrency", "max_concurrency", 0, get_conc, true},
	{"decode tok/s", "tokens_per_s", 0, get_tps, true},
	{"tok/s per user", "per_user_tokens_per_s", 1, get_user, true},
	{"TPOT ms", "tpot_ms", 2, get_tpot, false},
	{"TTFT ms", "ttft_ms", 1, get_ttft, false},
	{"$/month", "usd_per_month", 0, get_month, false},
	{"$/M output tokens", "usd_per_million_output_tokens", 2, get_per_m, false},
};
static const size_t compare_row_count = sizeof compare_rows / sizeof compare_rows[0];

static void
delta(char *buf, size_t len, const struct compare_row *row, double a, double b)
{
	if (strcmp(row->json, "fits") == 0) {
		snprintf(buf, len, "%s", a == b ? "=" : b > a ? "now fits" : "no longer fits");
		return;
	}
	if (a == b) {
		snprintf(buf, len, "=");
		return;
	}
	if (fabs(a) > 1e-12)
		snprintf(buf, len, "%+.1f%%", (b - a) / fabs(a) * 100);
	else
		snprintf(buf, len, "%+g", b - a);
}

static void
describe(char *buf, size_t len, const struct report_input *r)
{
	snprintf(buf, len, "%s, %llu x %s, TP %llu, %s/%s", r->m->id,
		 (unsigned long long)r->p->layout.gpus, r->g->id,
		 (unsigned long long)r->p->layout.tp, weight_format_info(r->s->weights)->id,
		 kv_dtype_id(r->s->kv));
}

static void
text(FILE *out, const struct report_input *in, const char *const *names, size_t n,
     bool markdown)
{
	char v[64], d[32], desc[160];

	if (markdown) {
		fprintf(out, "| |");
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %c: %s |", (int)('A' + (i % 26)), names[i]);
		fprintf(out, "\n|---|");
		for (size_t i = 0; i < n; i++)
			fprintf(out, "---:|");
		fprintf(out, "\n| scenario |");
		for (size_t i = 0; i < n; i++) {
			describe(desc, sizeof desc, &in[i]);
			fprintf(out, " %s |", desc);
		}
		fprintf(out, "\n");
	} else {
		for (size_t i = 0; i < n; i++) {
			describe(desc, sizeof desc, &in[i]);
			fprintf(out, "%c  %s: %s\n", (int)('A' + (i % 26)), names[i], desc);
		}
		fprintf(out, "\n%-20s", "");
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %14c%s", (int)('A' + (i % 26)), i ? "  vs A   " : "");
		fprintf(out, "\n");
	}
	for (size_t r = 0; r < compare_row_count; r++) {
		const struct compare_row *row = &compare_rows[r];
		double a = row->get(&in[0]);

		fprintf(out, markdown ? "| %s |" : "%-20s", row->label);
		for (size_t i = 0; i < n; i++) {
			double b = row->get(&in[i]);

			if (strcmp(row->json, "fits") == 0)
				snprintf(v, sizeof v, "%s", b ? "yes" : "no");
			else
				snprintf(v, sizeof v, "%.*f", row->decimals, b);
			if (i == 0) {
				fprintf(out, markdown ? " %s |" : " %14s", v);
				continue;
			}
			delta(d, sizeof d, row, a, b);
			fprintf(out, markdown ? " %s (%s) |" : " %14s  %-8s", v, d);
		}
		fprintf(out, "\n");
	}
}

static int
json(FILE *out, const struct report_input *in, const char *const *names, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "scenarios");

	for (size_t i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject(), *v, *d;
		char desc[160];

		describe(desc, sizeof desc, &in[i]);
		cJSON_AddStringToObject(e, "name", names[i]);
		cJSON_AddStringToObject(e, "summary", desc);
		v = cJSON_AddObjectToObject(e, "values");
		d = i ? cJSON_AddObjectToObject(e, "delta_vs_first") : NULL;
		for (size_t r = 0; r < compare_row_count; r++) {
			double b = compare_rows[r].get(&in[i]), a = compare_rows[r].get(&in[0]);

			cJSON_AddNumberToObject(v, compare_rows[r].json, isfinite(b) ? b : 0);
			if (d != NULL)
				cJSON_AddNumberToObject(d, compare_rows[r].json, isfinite(b - a) ? b - a : 0);
		}
		cJSON_AddItemToArray(list, e);
	}
	return report_print_json(out, root);
}

int
compare_write(FILE *out, enum report_format f, const struct report_input *in,
	      const char *const *names, size_t n)
{
	if (n == 0)
		return 0;
	if (f == REPORT_JSON)
		return json(out, in, names, n);
	text(out, in, names, n, f == REPORT_MARKDOWN);
	return ferror(out) ? -1 : 0;
}
