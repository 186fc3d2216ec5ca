/* simreport.c - gpuplan simulate's results: the latency percentiles,
 * throughput against the plan's capacity, goodput and the KV pool. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "engine.h"
#include "simreport.h"

static cJSON *
stat_json(cJSON *parent, const char *name, const struct sim_stat *st)
{
	cJSON *o = cJSON_AddObjectToObject(parent, name);

	cJSON_AddNumberToObject(o, "mean", st->mean);
	cJSON_AddNumberToObject(o, "p50", st->p50);
	cJSON_AddNumberToObject(o, "p90", st->p90);
	cJSON_AddNumberToObject(o, "p99", st->p99);
	return o;
}

static int
sim_json(FILE *out, const struct report_input *in, const struct sim_result *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *sc = cJSON_AddObjectToObject(root, "scenario");
	cJSON *sim = cJSON_AddObjectToObject(root, "simulation");
	cJSON *q;

	cJSON_AddStringToObject(sc, "model", in->m->id);
	cJSON_AddStringToObject(sc, "gpu", in->g->id);
	cJSON_AddNumberToObject(sc, "gpus", (double)in->p->layout.gpus);
	cJSON_AddNumberToObject(sc, "tp", (double)in->p->layout.tp);
	cJSON_AddNumberToObject(sc, "pp", (double)in->p->layout.pp);
	cJSON_AddNumberToObject(sc, "replicas", (double)in->p->layout.replicas);
	cJSON_AddStringToObject(sc, "engine", engine_of(in->s)->id);
	cJSON_AddNumberToObject(sc, "prompt_tokens", (double)in->s->prompt_tokens);
	cJSON_AddNumberToObject(sc, "output_tokens", (double)in->s->output_tokens);
	cJSON_AddStringToObject(sc, "length_dist", in->s->length_dist);
	cJSON_AddNumberToObject(sc, "rate_rps", in->s->rate_rps);
	cJSON_AddNumberToObject(sc, "burstiness", in->s->burstiness);
	cJSON_AddNumberToObject(sc, "requests", (double)in->s->requests);
	cJSON_AddNumberToObject(sc, "seed", (double)in->s->seed);
	cJSON_AddStringToObject(sc, "trace", in->s->trace);
	cJSON_AddBoolToObject(sim, "trace_lengths", r->traced_lengths);
	cJSON_AddNumberToObject(sim, "trace_rows_left_out", (double)r->trace_skipped);
	cJSON_AddNumberToObject(sim, "rate_rps", r->rate_rps);

	cJSON_AddNumberToObject(sim, "requests", (double)r->requests);
	cJSON_AddNumberToObject(sim, "duration_s", r->duration_s);
	stat_json(sim, "ttft_ms", &r->ttft_ms);
	stat_json(sim, "tpot_ms", &r->tpot_ms);
	stat_json(sim, "itl_ms", &r->itl_ms);
	stat_json(sim, "e2e_ms", &r->e2e_ms);
	q = cJSON_AddObjectToObject(sim, "queue_ms");
	cJSON_AddNumberToObject(q, "mean", r->queue_ms_mean);
	cJSON_AddNumberToObject(sim, "throughput_tokens_per_s", r->throughput_tokens_per_s);
	cJSON_AddNumberToObject(sim, "capacity_tokens_per_s", r->capacity_tokens_per_s);
	cJSON_AddNumberToObject(sim, "goodput_rps", r->goodput_rps);
	cJSON_AddNumberToObject(sim, "good_requests", (double)r->good);
	cJSON_AddNumberToObject(sim, "preemptions", (double)r->preemptions);
	cJSON_AddNumberToObject(sim, "kv_pool_tokens", (double)r->pool_tokens);
	cJSON_AddNumberToObject(sim, "kv_block_tokens", (double)r->block_tokens);
	cJSON_AddNumberToObject(sim, "kv_peak_fraction", r->kv_peak_share);
	cJSON_AddNumberToObject(sim, "iterations", (double)r->iterations);
	cJSON_AddNumberToObject(sim, "mean_running", r->mean_batch);
	cJSON_AddNumberToObject(sim, "max_num_seqs", (double)r->max_seqs);
	cJSON_AddNumberToObject(sim, "max_batched_tokens", (double)r->max_tokens);
	cJSON_AddBoolToObject(sim, "pp_stages_in_turn", r->pp_serial);
	cJSON_AddBoolToObject(sim, "pp_microbatches", r->pp_microbatches);
	cJSON_AddBoolToObject(sim, "overcommitted", r->overcommitted);
	return report_print_json(out, root);
}

static void
stat_row(FILE *out, bool md, const char *name, const struct sim_stat *st)
{
	if (md)
		fprintf(out, "| %s | %.1f | %.1f | %.1f | %.1f |\n", name, st->mean, st->p50,
			st->p90, st->p99);
	else
		fprintf(out, "  %-10s %10.1f %10.1f %10.1f %10.1f\n", name, st->mean, st->p50,
			st->p90, st->p99);
}

static void
sim_text(FILE *out, bool md, const struct report_input *in, const struct sim_result *r)
{
	const struct scenario *s = in->s;
	const struct layout *l = &in->p->layout;
	const char *li = md ? "- " : "  ";

	fprintf(out, "%s%s on %llu x %s (TP %llu, PP %llu, %llu replica%s), %s profile\n",
		md ? "## " : "", in->m->name, (unsigned long long)l->gpus, in->g->name,
		(unsigned long long)l->tp, (unsigned long long)l->pp,
		(unsigned long long)l->replicas, l->replicas == 1 ? "" : "s",
		engine_of(s)->id);
	if (r->traced)
		fprintf(out, "%llu requests a replica from the trace %s (%.3g requests/s as recorded, %.3g a replica, round robin over %llu), %s lengths%s\n\n",
			(unsigned long long)r->requests, s->trace, r->rate_rps, r->replica_rate_rps,
			(unsigned long long)l->replicas,
			r->traced_lengths ? "its" : s->length_dist,
			r->trace_skipped ? "; rows of no output tokens left out" : "");
	else
		fprintf(out, "%llu requests at %.3g requests/s (%s; %.3g a replica), %llu + %llu tokens (%s), seed %llu\n\n",
			(unsigned long long)r->requests, r->rate_rps,
			s->burstiness == 1 ? "Poisson" : "gamma gaps", r->replica_rate_rps,
			(unsigned long long)s->prompt_tokens, (unsigned long long)s->output_tokens,
			s->length_dist, (unsigned long long)s->seed);
	if (md)
		fprintf(out, "| ms | mean | p50 | p90 | p99 |\n|---|---:|---:|---:|---:|\n");
	else
		fprintf(out, "  %-10s %10s %10s %10s %10s\n", "ms", "mean", "p50", "p90", "p99");
	stat_row(out, md, "TTFT", &r->ttft_ms);
	stat_row(out, md, "TPOT", &r->tpot_ms);
	stat_row(out, md, "ITL", &r->itl_ms);
	stat_row(out, md, "E2E", &r->e2e_ms);
	fprintf(out, "\n%squeue       %.1f ms on average from arrival to first scheduling\n", li,
		r->queue_ms_mean);
	fprintf(out, "%sthroughput  %.0f output tokens/s over %.1f s; the plan's sustained capacity %.0f",
		li, r->throughput_tokens_per_s, r->duration_s, r->capacity_tokens_per_s);
	if (r->capacity_tokens_per_s > 0)
		fprintf(out, " (%.0f%% of it)", 100 * r->throughput_tokens_per_s / r->capacity_tokens_per_s);
	fprintf(out, "\n");
	if (s->slo_ttft_ms > 0 || s->slo_tpot_ms > 0)
		fprintf(out, "%sgoodput     %.3g requests/s meet the SLOs (%llu of %llu requests)\n", li,
			r->goodput_rps, (unsigned long long)r->good, (unsigned long long)r->requests);
	else
		fprintf(out, "%sgoodput     %.3g requests/s (no SLO given: --slo-ttft-ms, --slo-tpot-ms)\n",
			li, r->goodput_rps);
	fprintf(out, "%sKV pool     %llu tokens in blocks of %llu a replica, at most %.0f%% in use; %llu preemption%s\n",
		li, (unsigned long long)r->pool_tokens, (unsigned long long)r->block_tokens,
		100 * r->kv_peak_share, (unsigned long long)r->preemptions,
		r->preemptions == 1 ? "" : "s");
	fprintf(out, "%sscheduler   at most %llu sequences and %llu tokens an iteration; %llu iterations, %.1f running on average\n",
		li, (unsigned long long)r->max_seqs, (unsigned long long)r->max_tokens,
		(unsigned long long)r->iterations, r->mean_batch);
	if (r->overcommitted)
		fprintf(out, "%snote        %llu sequences at the full context do not fit the pool: the scheduler admits by the blocks free and preempts when they run out\n",
			li, (unsigned long long)r->max_seqs);
	if (r->pp_microbatches)
		fprintf(out, "%snote        PP %llu: iterations of at least %llu sequences run as %llu micro-batches paced by the slowest stage; fewer, and prompts' attention, pass the stages in turn\n",
			li, (unsigned long long)l->pp, (unsigned long long)l->pp,
			(unsigned long long)l->pp);
	if (r->pp_serial)
		fprintf(out, "%snote        PP %llu: an iteration passes the stages in turn, without micro-batches, so throughput is a lower bound\n",
			li, (unsigned long long)l->pp);
}

int
simreport_write(FILE *out, enum report_format f, const struct report_input *in,
		const struct sim_result *r)
{
	if (f == REPORT_JSON)
		return sim_json(out, in, r);
	sim_text(out, f == REPORT_MARKDOWN, in, r);
	return ferror(out) ? -1 : 0;
}
