/* test_capacity.c - service levels, tiers and the solver, each against
 * figures worked by hand from the plan's own published inputs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "fitreport.h"
#include "solver.h"


/* Peak requests/s from a monthly volume: 1,000 M tokens a month over
 * 730 h x 3600 s = 380.518 tokens/s; requests of 2,048 + 512 = 2,560
 * tokens -> 0.148640 req/s average; x 2 (peak ratio) = 0.297280. */
START_TEST(peak_from_volume)
{
	struct scenario s;

	scenario_default(&s);
	ck_assert_double_eq_tol(capacity_peak_rps(&s, 1000), 0.297280, 1e-5);
}
END_TEST

/* Without targets the batch is capped by memory alone: the largest
 * batch keeping 10% of the GPU free is the vLLM pool's 45 sequences of
 * 8K for Scout on 4 x H100: pool 76,555,380,327 - weights
 * 54,327,539,968 - the profile run's sampler peak (1,024 rows x (5,120
 * x 2 + 202,048 x 10 B) = 2,079,457,280) - non-torch 590,558,003 -
 * graphs 1,073,741,824 = 18,484,083,252 B, / 402,653,184 per sequence
 * = 45.9. */
START_TEST(batch_capped_by_memory)
{
	struct scenario s;
	struct capacity c;
	struct gp_error err;

	scenario_default(&s);
	ck_assert_int_eq(capacity_at_slo(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &c, &err), 0);
	ck_assert(c.feasible);
	ck_assert_uint_eq(c.batch, 45);
	ck_assert_double_ge(c.headroom, 0.10 - 1e-9);
}
END_TEST

/* A TPOT target: the batch stops where TPOT would pass it, and the
 * next batch up would miss it. */
START_TEST(batch_capped_by_tpot)
{
	struct scenario s, next;
	struct capacity c;
	struct plan p;
	struct gp_error err;

	scenario_default(&s);
	s.slo_tpot_ms = 14.0;
	ck_assert_int_eq(capacity_at_slo(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &c, &err), 0);
	ck_assert(c.feasible);
	ck_assert_double_le(c.tpot_ms, 14.0);
	next = s;
	next.batch = c.batch + 1;
	ck_assert_int_eq(plan_compute(&next, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &p, &err), 0);
	ck_assert_double_gt(p.decode.tpot_ms, 14.0);
}
END_TEST

/* Targets nothing can meet get a plain reason, not an empty answer. */
START_TEST(unmeetable_targets)
{
	struct scenario s;
	struct capacity c;
	struct fit_result r;
	struct fit_options o = {0};
	struct gp_error err;

	scenario_default(&s);
	s.slo_tpot_ms = 0.5;	/* no H100 reads 5 GB in half a millisecond */
	ck_assert_int_eq(capacity_at_slo(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &c, &err), 0);
	ck_assert(!c.feasible);
	ck_assert_ptr_nonnull(strstr(c.why, "misses the 0.5 ms target"));
	ck_assert_int_eq(fit_search(tu_catalog(), tu_model("llama-4-scout"), &s, &o, &r, &err), 0);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_ptr_nonnull(strstr(r.infeasible, "target"));
	fit_free(&r);
}
END_TEST

/* A tier sized by hand: replicas = ceil(peak / replica rps), GPUs =
 * replicas x TP, $/month = GPUs x $/h x 730, utilization = average /
 * (replicas x replica rps). */
START_TEST(tier_by_hand)
{
	struct scenario s;
	struct capacity c;
	struct plan p;
	struct tier t;
	struct gp_error err;
	double peak, replicas;

	scenario_default(&s);
	ck_assert_int_eq(capacity_at_slo(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &c, &err), 0);
	s.batch = c.batch;
	ck_assert_int_eq(plan_compute(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &p, &err), 0);
	capacity_tier(&s, &p, &c, 10000, &t);
	peak = 10000e6 / (730 * 3600.0) / 2560 * 2;
	replicas = ceil(peak / c.replica_rps);
	ck_assert_double_eq_tol(t.peak_rps, peak, 1e-9);
	ck_assert_uint_eq(t.replicas, (uint64_t)replicas);
	ck_assert_uint_eq(t.gpus, (uint64_t)replicas * 4);
	ck_assert_double_eq_tol(t.usd_month, replicas * 4 * 2.69 * 730, 1e-6);
	ck_assert_double_eq_tol(t.utilization, peak / 2 / (replicas * c.replica_rps), 1e-9);
	ck_assert_double_eq_tol(t.usd_per_m, t.usd_month / 10000, 1e-9);
}
END_TEST

/* One tier where the API wins and one where self-hosting does. The API
 * bill is volume x blended price: (0.40 x 2048 + 0.70 x 512) / 2560 =
 * $0.46 per M (SambaNova, the catalog's first Scout price). At 100 M
 * tokens a month one replica of 4 x H100 ($7,855) loses to $46; at a
 * volume that keeps the fleet busy self-hosting wins when its $/M is
 * below $0.46. */
START_TEST(api_vs_self)
{
	struct scenario s;
	struct capacity c;
	struct plan p;
	struct tier low, high;
	struct gp_error err;

	scenario_default(&s);
	s.gpu_price = 1.00;	/* a negotiated rate, so self-hosting can win */
	ck_assert_int_eq(capacity_at_slo(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &c, &err), 0);
	s.batch = c.batch;
	ck_assert_int_eq(plan_compute(&s, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &p, &err), 0);
	capacity_tier(&s, &p, &c, 100, &low);
	ck_assert_double_eq_tol(low.api_usd_month, 46.0, 1e-9);
	ck_assert_double_eq_tol(low.usd_month, 4 * 1.00 * 730, 1e-9);
	ck_assert_double_gt(low.usd_month, low.api_usd_month);
	/* a volume that fills whole replicas: self-hosted $/M below $0.46 */
	capacity_tier(&s, &p, &c, 100000, &high);
	ck_assert_double_lt(high.usd_month, high.api_usd_month);
}
END_TEST

/* The solver's optimum checked by enumerating the same space by hand:
 * Llama 3.1 8B, 8K, batch 16, among three GPUs and BF16 only. Every
 * candidate is one replica, so the cheapest is the one with the lowest
 * GPUs x $/h whose plan fits with 10% free at batch 16. */
START_TEST(solver_matches_enumeration)
{
	static const char *const ids[] = {"h100-sxm", "a100-80gb", "l40s"};
	struct fit_options o = {0};
	struct fit_result r;
	struct scenario s;
	struct gp_error err;
	double best = 1e30;
	const char *best_id = NULL;

	scenario_default(&s);
	snprintf(s.model, sizeof s.model, "llama-3.1-8b");
	o.gpus = ids;
	o.n_gpus = 3;
	o.weights = 1u << WF_BF16;
	o.kv = 1u << KV_BF16;
	ck_assert_int_eq(fit_search(tu_catalog(), tu_model("llama-3.1-8b"), &s, &o, &r, &err), 0);
	ck_assert_uint_gt(r.n, 0);
	for (size_t i = 0; i < 3; i++) {
		const struct gpu *g = tu_gpu(ids[i]);

		for (uint64_t tp = 1; tp <= g->gpus_per_node; tp *= 2) {
			struct scenario t = s;
			struct plan p;

			snprintf(t.gpu, sizeof t.gpu, "%s", ids[i]);
			t.tp = tp;
			if (plan_compute(&t, tu_model("llama-3.1-8b"), g, &p, &err) != 0 || !p.mem.fits ||
			    (double)p.mem.free < 0.10 * (double)p.mem.capacity)
				continue;
			if (p.cost.usd_per_month < best) {
				best = p.cost.usd_per_month;
				best_id = ids[i];
			}
		}
	}
	ck_assert_ptr_nonnull(best_id);
	ck_assert_str_eq(tu_catalog()->gpus[r.items[0].gpu].id, best_id);
	ck_assert_double_eq_tol(r.items[0].usd_month, best, 1e-6);
	for (size_t i = 1; i < r.n; i++)
		ck_assert_double_ge(r.items[i].usd_month, r.items[i - 1].usd_month);
	fit_free(&r);
}
END_TEST

/* A GPU without a price is skipped and named, unless a price is given. */
START_TEST(missing_price)
{
	static const char *const ids[] = {"b300"};
	struct fit_options o = {0};
	struct fit_result r;
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	o.gpus = ids;
	o.n_gpus = 1;
	ck_assert_int_eq(fit_search(tu_catalog(), tu_model("llama-4-scout"), &s, &o, &r, &err), 0);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_uint_eq(r.no_price, 1);
	ck_assert_str_eq(r.no_price_ids, "b300");
	fit_free(&r);
	s.gpu_price = 7.00;
	ck_assert_int_eq(fit_search(tu_catalog(), tu_model("llama-4-scout"), &s, &o, &r, &err), 0);
	ck_assert_uint_gt(r.n, 0);
	ck_assert_double_eq_tol(r.items[0].usd_month, (double)r.items[0].gpus * 7.00 * 730, 1e-6);
	fit_free(&r);
}
END_TEST

/* A scenario of the hint's way, as the screen loads it. */
static void
apply_way(struct scenario *s, const struct fit_candidate *x)
{
	snprintf(s->gpu, sizeof s->gpu, "%s", tu_catalog()->gpus[x->gpu].id);
	s->weights = x->weights;
	s->kv = x->kv;
	s->tp = x->layout.tp;
	s->pp = x->layout.pp;
	s->gpus = 0;
}

/* The review's question: Scout at 32K, batch 64, BF16 on 4 x H100 does
 * not fit (KV 60 GiB per GPU). The hint is the solver's: the fewest
 * H100s at BF16 are 8 (TP 8, with 4 x fewer KV heads per GPU); on 4,
 * BF16 KV at FP8 weights or FP8 KV at BF16 weights are still short
 * (weights 50.6 GiB leave 13 GiB), FP8 both fits (25.3 GiB weights,
 * 30 GiB KV). Each way, planned, fits with 10% free. */
START_TEST(hint_scout_32k)
{
	struct scenario s;
	struct plan p;
	struct fit_hint h;
	struct gp_error err;

	tu_plan(&p, &s, TU_OPTS("context", "32k", "batch", "64"));
	ck_assert(!p.mem.fits);
	ck_assert_int_eq(fit_hint(tu_catalog(), tu_model("llama-4-scout"), &s, &h, &err), 0);
	ck_assert_uint_eq(h.n, 2);
	ck_assert_uint_eq(h.way[0].gpus, 8);
	ck_assert_uint_eq(h.way[0].layout.tp, 8);
	ck_assert_int_eq(h.way[0].weights, WF_BF16);
	ck_assert_int_eq(h.way[0].kv, KV_BF16);
	ck_assert_uint_eq(h.way[1].gpus, 4);
	ck_assert_int_eq(h.way[1].weights, WF_FP8);
	ck_assert_int_eq(h.way[1].kv, KV_FP8);
	ck_assert_str_eq(h.text, "fits on 8 x h100-sxm (TP 8), or on 4 x h100-sxm with FP8 weights and KV");
	ck_assert_uint_gt(h.plans, 0);
	for (size_t i = 0; i < h.n; i++) {
		struct scenario t = s;

		apply_way(&t, &h.way[i]);
		ck_assert_int_eq(plan_compute(&t, tu_model("llama-4-scout"), tu_gpu("h100-sxm"), &p,
					      &err), 0);
		ck_assert(p.mem.fits);
		ck_assert_double_ge((double)p.mem.free, 0.10 * (double)p.mem.capacity);
	}
}
END_TEST

/* A GPU without a price still gets a hint: the hint ranks by GPUs, not
 * cost. A demand does not change the question (this batch, one
 * replica). */
START_TEST(hint_unpriced_and_demand)
{
	struct scenario s;
	struct plan p;
	struct fit_hint h;
	struct gp_error err;

	tu_plan(&p, &s, TU_OPTS("gpu", "b300", "model", "llama-3.1-405b", "tp", "1",
				"demand-tokens", "5000"));
	ck_assert(!p.mem.fits);
	ck_assert_int_eq(fit_hint(tu_catalog(), tu_model("llama-3.1-405b"), &s, &h, &err), 0);
	ck_assert_uint_ge(h.n, 1);
	ck_assert_str_eq(tu_catalog()->gpus[h.way[0].gpu].id, "b300");
	ck_assert_uint_gt(h.way[0].gpus, 1);
	ck_assert_int_eq(h.way[0].weights, WF_BF16);
	ck_assert_uint_eq(h.way[0].layout.replicas, 1);
	ck_assert_has(h.text, "fits on ");
	ck_assert_has(h.text, " x b300 (TP ");
}
END_TEST

/* When no layout of the GPU holds one sequence, the hint says why:
 * Llama 3.1 405B at 10M tokens keeps 126 full layers x 10,485,760 x
 * 8 KV heads x 128 x 2 x 2 B = 4.9 TiB of BF16 KV, more than 64 H100s
 * hold besides the weights. */
START_TEST(hint_nothing_fits)
{
	struct scenario s;
	struct plan p;
	struct fit_hint h;
	struct gp_error err;

	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-405b", "context", "10m", "batch", "1",
				"tp", "1"));
	ck_assert(!p.mem.fits);
	ck_assert_int_eq(fit_hint(tu_catalog(), tu_model("llama-3.1-405b"), &s, &h, &err), 0);
	ck_assert_uint_eq(h.n, 0);
	ck_assert_has(h.text, "nothing fits on h100-sxm: ");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("capacity");
	TCase *tc = tcase_create("capacity");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, peak_from_volume);
	tcase_add_test(tc, batch_capped_by_memory);
	tcase_add_test(tc, batch_capped_by_tpot);
	tcase_add_test(tc, unmeetable_targets);
	tcase_add_test(tc, tier_by_hand);
	tcase_add_test(tc, api_vs_self);
	tcase_add_test(tc, solver_matches_enumeration);
	tcase_add_test(tc, missing_price);
	tcase_add_test(tc, hint_scout_32k);
	tcase_add_test(tc, hint_unpriced_and_demand);
	tcase_add_test(tc, hint_nothing_fits);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
