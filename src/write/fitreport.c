/* fitreport.c - output of gpuplan fit and of the tiers. The JSON field
 * names are a contract documented in gpuplan(1). */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fitreport.h"
#include "fmt.h"
#include "memory.h"

static void
money(char *buf, size_t len, double v)
{
	fmt_money(buf, len, v);
}

static void
fit_text(FILE *out, bool md, bool min_viable, const struct catalog *c,
	 const struct model *m, const struct scenario *s, const struct fit_result *r,
	 size_t top)
{
	bool demand = s->demand_m_tokens > 0 || s->demand_rps > 0;
	char a[32], b[32];

	fprintf(out, md ? "## Cheapest plans for %s" : "Cheapest plans for %s", m->name);
	if (demand && s->demand_m_tokens > 0)
		fprintf(out, ", %.0f M tokens/month", s->demand_m_tokens);
	else if (demand)
		fprintf(out, ", %.2f requests/s at peak", s->demand_rps);
	else if (min_viable)
		fprintf(out, ": the fewest GPUs per GPU type and weight format, %llu-token context",
			(unsigned long long)s->context);
	else
		fprintf(out, ", %llu sequence%s of %llu tokens on one replica",
			(unsigned long long)s->batch, s->batch == 1 ? "" : "s",
			(unsigned long long)s->context);
	fprintf(out, md ? "\n\n" : "\n");
	if (s->slo_ttft_ms > 0 || s->slo_tpot_ms > 0 || s->slo_ttft_p99_ms > 0 ||
	    s->slo_tpot_p99_ms > 0) {
		static const char *const names[] = {"TTFT", "TPOT", "p99 TTFT", "p99 TPOT"};
		const double v[] = {s->slo_ttft_ms, s->slo_tpot_ms, s->slo_ttft_p99_ms,
				    s->slo_tpot_p99_ms};
		const char *sep = " ";

		fprintf(out, "Service levels:");
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			if (v[i] > 0) {
				fprintf(out, "%s%s <= %g ms", sep, names[i], v[i]);
				sep = ", ";
			}
		}
		if (s->slo_ttft_p99_ms > 0 || s->slo_tpot_p99_ms > 0)
			fprintf(out, " (p99s simulated under Poisson arrivals, %d runs of %d requests a candidate)",
				CAPACITY_SIM_STEPS + 1, CAPACITY_SIM_REQUESTS);
		fprintf(out, md ? "\n\n" : "\n");
	}
	if (r->n == 0) {
		fprintf(out, "No configuration works%s%s.\n", r->infeasible[0] ? ": " : "",
			r->infeasible);
	} else {
		fprintf(out, md ? "| # | GPU | GPUs | TP | PP | EP | replicas | weights | KV | engine | max seqs | $/month | $/M tok | tok/s | free |\n|---|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|\n"
				: "%3s %-14s %5s %3s %3s %3s %4s %-7s %-5s %-8s %6s %12s %9s %9s %5s\n",
			"#", "GPU", "GPUs", "TP", "PP", "EP", "rep", "weights", "KV", "engine", "seqs",
			"$/month", "$/M tok", "tok/s", "free");
		for (size_t i = 0; i < r->n && i < top; i++) {
			const struct fit_candidate *x = &r->items[i];

			money(a, sizeof a, x->usd_month);
			money(b, sizeof b, x->usd_per_m);
			fprintf(out, md ? "| %zu | %s | %llu | %llu | %llu | %llu | %llu | %s | %s | %s | %llu | %s | %s | %.0f | %.0f%% |\n"
					: "%3zu %-14s %5llu %3llu %3llu %3llu %4llu %-7s %-5s %-8s %6llu %12s %9s %9.0f %4.0f%%\n",
				i + 1, c->gpus[x->gpu].id, (unsigned long long)x->gpus,
				(unsigned long long)x->layout.tp, (unsigned long long)x->layout.pp,
				(unsigned long long)x->layout.ep, (unsigned long long)x->layout.replicas,
				weight_format_info(x->weights)->id, kv_dtype_id(x->kv), engine_id(x->engine),
				(unsigned long long)x->cap.batch, a, b, x->tokens_per_s, x->cap.headroom * 100);
		}
	}
	fprintf(out, "%s%zu configurations evaluated (%zu plans) in %.1f ms", md ? "\n" : "",
		r->evaluated, r->plans, r->elapsed_ms);
	if (r->n > top)
		fprintf(out, "; best %zu of %zu shown", top, r->n);
	if (r->simulated > 0)
		fprintf(out, "; %zu sized by simulation, %zu left out as their mean-based cost cannot beat these",
			r->simulated, r->unsimulated);
	fprintf(out, ".\n");
	if (r->no_price)
		fprintf(out, "Skipped for want of a price (give --gpu-price or [prices] in config.ini): %s.\n",
			r->no_price_ids);
}

static int
fit_json(FILE *out, const struct catalog *c, const struct fit_result *r, size_t top)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(root, "candidates");

	for (size_t i = 0; i < r->n && i < top; i++) {
		const struct fit_candidate *x = &r->items[i];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "gpu", c->gpus[x->gpu].id);
		cJSON_AddNumberToObject(e, "gpus", (double)x->gpus);
		cJSON_AddNumberToObject(e, "tp", (double)x->layout.tp);
		cJSON_AddNumberToObject(e, "pp", (double)x->layout.pp);
		cJSON_AddNumberToObject(e, "ep", (double)x->layout.ep);
		cJSON_AddNumberToObject(e, "replicas", (double)x->layout.replicas);
		cJSON_AddStringToObject(e, "weights", weight_format_info(x->weights)->id);
		cJSON_AddStringToObject(e, "kv_dtype", kv_dtype_id(x->kv));
		cJSON_AddStringToObject(e, "engine", engine_id(x->engine));
		cJSON_AddNumberToObject(e, "batch_per_replica", (double)x->cap.batch);
		cJSON_AddNumberToObject(e, "usd_per_month", x->usd_month);
		cJSON_AddNumberToObject(e, "usd_per_million_output_tokens", x->usd_per_m);
		cJSON_AddNumberToObject(e, "tokens_per_s", x->tokens_per_s);
		cJSON_AddNumberToObject(e, "headroom_fraction", x->cap.headroom);
		cJSON_AddNumberToObject(e, "tpot_ms", x->cap.tpot_ms);
		cJSON_AddNumberToObject(e, "ttft_ms", x->cap.ttft_ms);
		cJSON_AddNumberToObject(e, "utilization", x->tier.utilization);
		cJSON_AddItemToArray(list, e);
	}
	cJSON_AddNumberToObject(root, "evaluated", (double)r->evaluated);
	cJSON_AddNumberToObject(root, "plans", (double)r->plans);
	cJSON_AddNumberToObject(root, "elapsed_ms", r->elapsed_ms);
	cJSON_AddNumberToObject(root, "total_matches", (double)r->n);
	cJSON_AddNumberToObject(root, "simulated", (double)r->simulated);
	cJSON_AddNumberToObject(root, "unsimulated", (double)r->unsimulated);
	cJSON_AddStringToObject(root, "skipped_no_price", r->no_price_ids);
	if (r->n == 0)
		cJSON_AddStringToObject(root, "infeasible", r->infeasible[0] ? r->infeasible :
					"no configuration in the search space works");
	return report_print_json(out, root);
}

int
fitreport_write(FILE *out, enum report_format f, const struct catalog *c,
		const struct model *m, const struct scenario *s, const struct fit_result *r,
		size_t top)
{
	if (f == REPORT_JSON)
		return fit_json(out, c, r, top);
	fit_text(out, f == REPORT_MARKDOWN, r->min_viable, c, m, s, r, top);
	return ferror(out) ? -1 : 0;
}

int
tiers_write(FILE *out, enum report_format f, const struct scenario *s,
	    const struct plan *p, const struct capacity *cap)
{
	static const char *const names[CAPACITY_TIERS] = {"low", "medium", "high"};
	struct tier t[CAPACITY_TIERS];
	char a[32], b[32], api[32];
	bool md = f == REPORT_MARKDOWN;

	if (!cap->feasible) {
		fprintf(out, "\nTraffic tiers: no replica meets the targets: %s.\n", cap->why);
		return 0;
	}
	for (int i = 0; i < CAPACITY_TIERS; i++)
		capacity_tier(s, p, cap, s->tier[i], &t[i]);
	fprintf(out, md ? "\n| Tier | M tokens/month | peak req/s | GPUs | $/month | $/M tokens | utilization | API $/month |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
			: "\nTraffic tiers (replicas of %llu GPUs at batch %llu, %.2f req/s each; peak = %.2gx average)\n  %-7s %14s %10s %6s %12s %10s %6s %12s\n",
		(unsigned long long)(p->layout.tp * p->layout.pp), (unsigned long long)cap->batch,
		cap->replica_rps, s->peak_ratio, "tier", "M tokens/mo", "peak rps", "GPUs",
		"$/month", "$/M tok", "util", "API $/month");
	for (int i = 0; i < CAPACITY_TIERS; i++) {
		money(a, sizeof a, t[i].usd_month);
		money(b, sizeof b, t[i].usd_per_m);
		money(api, sizeof api, t[i].api_usd_month);
		fprintf(out, md ? "| %s | %.0f | %.2f | %llu | %s | %s | %.0f%% | %s |\n"
				: "  %-7s %14.0f %10.2f %6llu %12s %10s %5.0f%% %12s\n",
			names[i], t[i].m_tokens_month, t[i].peak_rps, (unsigned long long)t[i].gpus, a, b,
			t[i].utilization * 100, p->cost.api_known ? api : "-");
	}
	if (s->demand_m_tokens > 0 || s->demand_rps > 0) {
		struct tier d;

		capacity_tier(s, p, cap, s->demand_m_tokens, &d);
		money(a, sizeof a, d.usd_month);
		money(api, sizeof api, d.api_usd_month);
		fprintf(out, "%sAt the entered demand (%.0f M tokens/month, %.2f req/s peak): %llu GPUs, %s/month at %.0f%% utilization",
			md ? "\n" : "  ", d.m_tokens_month, d.peak_rps, (unsigned long long)d.gpus, a,
			d.utilization * 100);
		if (p->cost.api_known && d.api_usd_month > 0) {
			double diff = d.usd_month - d.api_usd_month;

			fprintf(out, "; the API costs %s, so %s wins by %.0f%%", api,
				diff < 0 ? "self-hosting" : "the API",
				fabs(diff) / fmax(d.usd_month, d.api_usd_month) * 100);
		}
		fprintf(out, ".\n");
	}
	return ferror(out) ? -1 : 0;
}
