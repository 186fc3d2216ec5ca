/* bench.c - what a plan costs: plans per second for a spread of
 * scenarios, the catalog load, and start-up to the first plan. Prints
 * figures; it never fails on a slow machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catload.h"
#include "plan.h"
#include "sim.h"
#include "solver.h"
#include "sweep.h"

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void
bench_plans(const struct catalog *cat, const char *model, const char *gpu,
	    const char *const *opts)
{
	const struct model *m = catalog_model(cat, model);
	const struct gpu *g = catalog_gpu(cat, gpu);
	struct scenario s;
	struct plan p;
	struct gp_error err;
	double t0, dt;
	long n = 0, iters = 20000;
	volatile double sink = 0;

	if (m == NULL || g == NULL)
		return;
	scenario_default(&s);
	for (int i = 0; opts[i] != NULL; i += 2) {
		if (scenario_set(&s, opts[i], opts[i + 1], &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return;
		}
	}
	t0 = now();
	for (long i = 0; i < iters; i++) {
		s.batch = 1 + (uint64_t)(i % 64);	/* a held + key */
		if (plan_compute(&s, m, g, &p, &err) == 0)
			n++;
		sink += p.decode.tokens_per_s;
	}
	dt = now() - t0;
	{
		char label[64] = "";

		for (int i = 0; opts[i] != NULL; i += 2)
			snprintf(label + strlen(label), sizeof label - strlen(label),
				 "%s%s %s", i ? ", " : "", opts[i], opts[i + 1]);
		printf("  %-18s %-10s %-18s %8.2f us/plan  %9.0f plans/s\n", model, gpu,
		       label[0] ? label : "defaults", dt / (double)n * 1e6, (double)n / dt);
	}
	(void)sink;
}

/* fit_hint as the screen calls it on a key that leaves the plan not
 * fitting and misses its cache. */
static void
bench_hint(const struct catalog *cat, const char *model, const char *gpu,
	   const char *const *opts)
{
	const struct model *m = catalog_model(cat, model);
	struct scenario s;
	struct fit_hint h;
	struct gp_error err;
	double t0, dt;
	int iters = 20;

	if (m == NULL || catalog_gpu(cat, gpu) == NULL)
		return;
	scenario_default(&s);
	snprintf(s.model, sizeof s.model, "%s", model);
	snprintf(s.gpu, sizeof s.gpu, "%s", gpu);
	for (int i = 0; opts[i] != NULL; i += 2)
		scenario_set(&s, opts[i], opts[i + 1], &err);
	t0 = now();
	for (int i = 0; i < iters; i++) {
		if (fit_hint(cat, m, &s, &h, &err) != 0)
			return;
	}
	dt = (now() - t0) / iters;
	printf("  %-18s %-10s %zu plans, %.2f ms: %s\n", model, gpu, h.plans, dt * 1e3,
	       h.text);
}

/* The graph view's two sweeps, as the screen runs them on each key
 * while the view is open. */
static void
bench_sweeps(const struct catalog *cat, const char *model, const char *gpu)
{
	const struct model *m = catalog_model(cat, model);
	const struct gpu *g = catalog_gpu(cat, gpu);
	struct scenario s;
	struct plan p;
	struct batch_sweep b;
	struct context_sweep c;
	struct gp_error err;
	double t0, dt;
	int iters = 200;

	if (m == NULL || g == NULL)
		return;
	scenario_default(&s);
	snprintf(s.model, sizeof s.model, "%s", model);
	snprintf(s.gpu, sizeof s.gpu, "%s", gpu);
	if (plan_compute(&s, m, g, &p, &err) != 0)
		return;
	t0 = now();
	for (int i = 0; i < iters; i++) {
		if (sweep_batch(&s, m, g, &p, &b, &err) != 0 ||
		    sweep_context(&s, m, g, &p, &c, &err) != 0)
			return;
	}
	dt = (now() - t0) / iters;
	printf("  %-18s %-10s %d + %d plans, %.3f ms\n", model, gpu, b.n, c.n, dt * 1e3);
}

/* gpuplan simulate: 10,000 requests, the step tables built and the
 * scheduler run, at a rate the replica keeps up with and at one it
 * does not (a queue that only grows). */
static void
bench_sim(const struct catalog *cat, const char *model, const char *gpu, const char *rate,
	  const char *const *opts)
{
	const struct model *m = catalog_model(cat, model);
	const struct gpu *g = catalog_gpu(cat, gpu);
	struct scenario s;
	struct plan p;
	struct sim_result r;
	struct gp_error err;
	double t0, dt;
	int iters = 5;

	if (m == NULL || g == NULL)
		return;
	scenario_default(&s);
	snprintf(s.model, sizeof s.model, "%s", model);
	snprintf(s.gpu, sizeof s.gpu, "%s", gpu);
	for (size_t i = 0; opts[i] != NULL; i += 2) {
		if (scenario_set(&s, opts[i], opts[i + 1], &err) != 0)
			return;
	}
	if (scenario_set(&s, "rate", rate, &err) != 0 ||
	    scenario_set(&s, "requests", "10000", &err) != 0 ||
	    plan_compute(&s, m, g, &p, &err) != 0)
		return;
	t0 = now();
	for (int i = 0; i < iters; i++) {
		if (sim_run(&s, m, g, &p, NULL, &r, &err) != 0) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return;
		}
	}
	dt = (now() - t0) / iters;
	printf("  %-18s %-10s %5s req/s, batch %3llu: %llu iterations, %.2f ms\n", model, gpu,
	       rate, (unsigned long long)s.batch, (unsigned long long)r.iterations, dt * 1e3);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "data";
	static const char *const none[] = {NULL};
	static const char *const pp[] = {"pp", "4", "tp", "8", NULL};
	static const char *const longctx[] = {"context", "1m", NULL};
	static const char *const ctx32k[] = {"context", "32k", "batch", "64", NULL};
	static const char *const batch256[] = {"batch", "256", "gpus", "1", NULL};
	static const char *const ep8[] = {"gpus", "8", "weights", "fp8", "engine", "sglang", NULL};
	struct catalog cat;
	struct gp_error err;
	struct scenario s;
	struct plan p;
	double t0, t_load = 0, t_some = 0, t_first;
	int loads = 50;

	/* cold, as gpuplan plan starts: the scenario, then the one model
	 * and GPU it names built from the catalog (a fresh process's first
	 * touch of memory is most of it: a full load is 10 times as slow
	 * cold as warm) */
	t0 = now();
	scenario_default(&s);
	if (catalog_load_some(&cat, dir, s.model, s.gpu, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	plan_compute(&s, catalog_model(&cat, s.model), catalog_gpu(&cat, s.gpu), &p, &err);
	t_first = now() - t0;
	catalog_free(&cat);

	for (int i = 0; i < loads; i++) {
		t0 = now();
		catalog_load(&cat, dir, &err);
		t_load += now() - t0;
		catalog_free(&cat);
	}
	/* what gpuplan plan reads: one model and one GPU built */
	for (int i = 0; i < loads; i++) {
		t0 = now();
		catalog_load_some(&cat, dir, s.model, s.gpu, &err);
		t_some += now() - t0;
		catalog_free(&cat);
	}
	catalog_load(&cat, dir, &err);
	printf("gpuplan bench\n");
	printf("  catalog load (%zu models, %zu GPUs): %.3f ms\n", cat.n_models, cat.n_gpus,
	       t_load / loads * 1e3);
	printf("  catalog load of one model and GPU (plan): %.3f ms\n", t_some / loads * 1e3);
	printf("  start-up to first plan (cold, as gpuplan plan): %.3f ms\n", t_first * 1e3);
	printf("plan_compute, batch swept 1..64:\n");
	bench_plans(&cat, "llama-4-scout", "h100-sxm", none);
	bench_plans(&cat, "llama-4-scout", "h100-sxm", longctx);
	bench_plans(&cat, "llama-4-maverick", "h200", pp);
	bench_plans(&cat, "deepseek-v3", "b200", none);
	bench_plans(&cat, "llama-3.1-405b", "h100-sxm", pp);
	{
		struct fit_options o = {0};
		struct fit_result r;
		const struct model *m = catalog_model(&cat, "llama-4-scout");
		double t_fit;

		scenario_default(&s);
		printf("gpuplan fit, default search space (every priced GPU x bf16/fp8/int4 x KV bf16/fp8 x TP/PP):\n");
		t_fit = now();
		if (m != NULL && fit_search(&cat, m, &s, &o, &r, &err) == 0) {
			printf("  no demand:        %zu candidates, %zu plans, %.1f ms\n", r.evaluated,
			       r.plans, (now() - t_fit) * 1e3);
			fit_free(&r);
		}
		s.demand_m_tokens = 5000;
		s.slo_tpot_ms = 30;
		s.slo_ttft_ms = 500;
		t_fit = now();
		if (m != NULL && fit_search(&cat, m, &s, &o, &r, &err) == 0) {
			printf("  demand and SLOs:  %zu candidates, %zu plans, %.1f ms\n", r.evaluated,
			       r.plans, (now() - t_fit) * 1e3);
			fit_free(&r);
		}
		/* the same with the tail: p99s met by simulation */
		s.slo_ttft_p99_ms = 2000;
		s.slo_tpot_p99_ms = 50;
		t_fit = now();
		if (m != NULL && fit_search(&cat, m, &s, &o, &r, &err) == 0) {
			printf("  and p99 targets:  %zu candidates, %zu plans, %.1f ms\n", r.evaluated,
			       r.plans, (now() - t_fit) * 1e3);
			fit_free(&r);
		}
	}
	printf("fit hint for a plan that does not fit (the screen's \"fits on\" line, uncached):\n");
	bench_hint(&cat, "llama-4-scout", "h100-sxm", ctx32k);
	bench_hint(&cat, "llama-3.1-405b", "h100-sxm", ctx32k);
	bench_hint(&cat, "deepseek-v3", "b200", ctx32k);
	printf("graph view sweeps (by batch + by context, each key while it is open):\n");
	bench_sweeps(&cat, "llama-4-scout", "h100-sxm");
	bench_sweeps(&cat, "llama-3.1-8b", "h100-sxm");
	printf("gpuplan simulate, 10,000 requests of 2,048 + 512 tokens:\n");
	bench_sim(&cat, "llama-4-scout", "h100-sxm", "1", none);
	bench_sim(&cat, "llama-4-scout", "h100-sxm", "100", none);
	bench_sim(&cat, "llama-3.1-8b", "h100-sxm", "5", batch256);
	bench_sim(&cat, "deepseek-v3", "h200", "1", ep8);
	catalog_free(&cat);
	return 0;
}
