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

enum row_kind { ROW_NUMBER, ROW_COUNT, ROW_MONEY, ROW_YESNO };

/* One figure of a plan: a row of the compare table. */
struct compare_row {
	const char *label;
	const char *brief;	/* at most COMPARE_BRIEF columns, for the screen */
	const char *json;	/* key in the JSON output */
	enum row_kind kind;
	int decimals;		/* shown after the point (ROW_NUMBER) */
	double (*get)(const struct report_input *r);
	bool higher_is_better;
};

static const struct compare_row compare_rows[] = {
	{"GPUs", "GPUs", "gpus", ROW_COUNT, 0, get_gpus, false},
	{"fits", "fits", "fits", ROW_YESNO, 0, get_fits, true},
	{"weights/GPU GiB", "weights GiB", "weights_gib_per_gpu", ROW_NUMBER, 2, get_weights, false},
	{"KV cache/GPU GiB", "KV GiB", "kv_cache_gib_per_gpu", ROW_NUMBER, 2, get_kv, false},
	{"free/GPU GiB", "free GiB", "free_gib_per_gpu", ROW_NUMBER, 2, get_free, true},
	{"max concurrency", "max seqs", "max_concurrency", ROW_COUNT, 0, get_conc, true},
	{"decode tok/s", "decode tok/s", "tokens_per_s", ROW_COUNT, 0, get_tps, true},
	{"tok/s per user", "tok/s/user", "per_user_tokens_per_s", ROW_NUMBER, 1, get_user, true},
	{"TPOT ms", "TPOT ms", "tpot_ms", ROW_NUMBER, 2, get_tpot, false},
	{"TTFT ms", "TTFT ms", "ttft_ms", ROW_NUMBER, 1, get_ttft, false},
	{"$/month", "per month", "usd_per_month", ROW_MONEY, 0, get_month, false},
	{"$/M output tokens", "per M out", "usd_per_million_output_tokens", ROW_MONEY, 2, get_per_m,
	 false},
};
static const size_t compare_row_count = sizeof compare_rows / sizeof compare_rows[0];

size_t
compare_rows_n(void)
{
	return compare_row_count;
}

const char *
compare_label(size_t row, bool brief)
{
	return row < compare_row_count ? brief ? compare_rows[row].brief : compare_rows[row].label : "";
}

void
compare_cell(size_t row, const struct report_input *first, const struct report_input *in,
	     struct compare_cell *c)
{
	const struct compare_row *r = &compare_rows[row < compare_row_count ? row : 0];
	double a = r->get(first), b = r->get(in);

	switch (r->kind) {
	case ROW_YESNO:
		snprintf(c->value, sizeof c->value, "%s", b != 0 ? "yes" : "no");
		break;
	case ROW_COUNT:
		if (isfinite(b) && b >= 0 && b < 1e18)
			fmt_thousands(c->value, sizeof c->value, (uint64_t)llround(b));
		else
			snprintf(c->value, sizeof c->value, "%g", b);
		break;
	case ROW_MONEY:
		fmt_money(c->value, sizeof c->value, b);
		break;
	default:
		snprintf(c->value, sizeof c->value, "%.*f", r->decimals, b);
		break;
	}
	c->trend = COMPARE_SAME;
	c->delta[0] = '\0';
	if (in == first)
		return;
	if (r->kind == ROW_YESNO) {
		snprintf(c->delta, sizeof c->delta, "%s",
			 (a != 0) == (b != 0) ? "=" : b != 0 ? "now fits" : "no longer fits");
	} else if (a == b || !isfinite(a) || !isfinite(b)) {
		snprintf(c->delta, sizeof c->delta, "=");
		return;
	} else if (fabs(a) > 1e-12) {
		snprintf(c->delta, sizeof c->delta, "%+.1f%%", (b - a) / fabs(a) * 100);
	} else {
		snprintf(c->delta, sizeof c->delta, "%+g", b - a);
	}
	if (strcmp(c->delta, "=") != 0)
		c->trend = (b > a) == r->higher_is_better ? COMPARE_BETTER : COMPARE_WORSE;
}

void
compare_describe(char *buf, size_t len, const struct report_input *r)
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
	struct compare_cell c;
	char desc[160];

	if (markdown) {
		fprintf(out, "| |");
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %c%s%s |", (int)('A' + (i % 26)), names[i][0] ? ": " : "",
				names[i]);
		fprintf(out, "\n|---|");
		for (size_t i = 0; i < n; i++)
			fprintf(out, "---:|");
		fprintf(out, "\n| scenario |");
		for (size_t i = 0; i < n; i++) {
			compare_describe(desc, sizeof desc, &in[i]);
			fprintf(out, " %s |", desc);
		}
		fprintf(out, "\n");
	} else {
		for (size_t i = 0; i < n; i++) {
			compare_describe(desc, sizeof desc, &in[i]);
			fprintf(out, "%c  %s%s%s\n", (int)('A' + (i % 26)), names[i],
				names[i][0] ? ": " : "", desc);
		}
		fprintf(out, "\n%-20s", "");
		for (size_t i = 0; i < n; i++)
			fprintf(out, " %14c%s", (int)('A' + (i % 26)), i ? "  vs A   " : "");
		fprintf(out, "\n");
	}
	for (size_t r = 0; r < compare_row_count; r++) {
		fprintf(out, markdown ? "| %s |" : "%-20s", compare_rows[r].label);
		for (size_t i = 0; i < n; i++) {
			compare_cell(r, &in[0], &in[i], &c);
			if (i == 0)
				fprintf(out, markdown ? " %s |" : " %14s", c.value);
			else
				fprintf(out, markdown ? " %s (%s) |" : " %14s  %-8s", c.value, c.delta);
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

		compare_describe(desc, sizeof desc, &in[i]);
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
