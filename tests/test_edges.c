/* test_edges.c - numbers at the edges: every catalog model on every GPU
 * at 1 to 2^30 tokens, batch 1 to 65,536, TP 1 to 1,024 and 0 or absent
 * prices. Nothing may crash, and no NaN or infinity may reach a plan
 * (the screen and the JSON print these fields as they are). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "catload.h"
#include "plan.h"


#define FINITE(x, what) ck_assert_msg(isfinite((double)(x)), "%s is %g for %s on %s, ctx %llu, " \
	"batch %llu, tp %llu", what, (double)(x), m->id, g->id, (unsigned long long)s.context, \
	(unsigned long long)s.batch, (unsigned long long)s.tp)

static void
check_finite(const struct plan *p, const struct model *m, const struct gpu *g,
	     const struct scenario s)
{
	FINITE(p->decode.tokens_per_s, "decode tokens/s");
	FINITE(p->decode.tokens_per_s_bound, "decode bound");
	FINITE(p->decode.tpot_ms, "TPOT");
	FINITE(p->decode.per_user_tokens_per_s, "per-user tokens/s");
	FINITE(p->decode.experts_touched, "experts touched");
	FINITE(p->decode.flops_per_step, "FLOPs");
	FINITE(p->prefill.ttft_ms, "TTFT");
	FINITE(p->prefill.tokens_per_s, "prefill tokens/s");
	FINITE(p->e2e_ms, "end to end");
	FINITE(p->requests_per_s, "requests/s");
	FINITE(p->mem.engine_concurrency, "engine concurrency");
	FINITE(p->cost.usd_per_hour, "$/hour");
	FINITE(p->cost.usd_per_month, "$/month");
	FINITE(p->cost.usd_per_m_output, "$/M output");
	FINITE(p->cost.self_usd_per_m_blended, "self $/M");
	FINITE(p->cost.breakeven_m_tokens_month, "break-even");
	FINITE(p->cost.capacity_m_tokens_month, "capacity");
	ck_assert_int_le(p->n_warnings, PLAN_MAX_WARNINGS);
}

START_TEST(sweep)
{
	static const uint64_t contexts[] = {1, 8192, 1048576, 1ull << 30};
	static const uint64_t batches[] = {1, 4096, 65536};
	static const uint64_t tps[] = {1, 8, 1024};
	static const double prices[] = {-1, 0};
	size_t plans = 0;

	for (size_t mi = 0; mi < tu_catalog()->n_models; mi++) {
		for (size_t gi = 0; gi < tu_catalog()->n_gpus; gi++) {
			const struct model *m = &tu_catalog()->models[mi];
			const struct gpu *g = &tu_catalog()->gpus[gi];

			for (size_t a = 0; a < 4; a++) {
				for (size_t b = 0; b < 3; b++) {
					for (size_t t = 0; t < 3; t++) {
						struct scenario s;
						struct plan p;
						struct gp_error err;

						scenario_default(&s);
						s.context = contexts[a];
						s.prompt_tokens = contexts[a];
						s.output_tokens = contexts[a] > 1 ? contexts[a] / 2 : 1;
						s.batch = batches[b];
						s.tp = tps[t];
						s.gpu_price = prices[(a + b + t) % 2];
						if (plan_compute(&s, m, g, &p, &err) != 0)
							continue;
						plans++;
						check_finite(&p, m, g, s);
					}
				}
			}
		}
	}
	ck_assert_uint_gt(plans, 1000);
}
END_TEST

/* A user catalog may hold a GPU with no published FLOPS and a price of
 * 0: the plan still comes out finite, saying what it left out. */
START_TEST(zero_flops_and_price)
{
	static const char gpus[] =
		"{\"format\":\"gpuplan-gpus\",\"version\":1,\"gpus\":[{\"id\":\"mystery\","
		"\"name\":\"Mystery accelerator\",\"memory_gb\":96,\"bandwidth_tbs\":2,"
		"\"price\":{\"usd_per_hour\":0}}]}";
	struct catalog c = {0};
	struct scenario s;
	struct plan p;
	struct gp_error err;
	const struct model *m = catalog_model(tu_catalog(), "llama-3.1-8b");
	const struct gpu *g;
	bool unknown = false;

	ck_assert_int_eq(catalog_parse_gpus(&c, gpus, sizeof gpus - 1, "user.json", &err), 0);
	g = &c.gpus[0];
	scenario_default(&s);
	s.tp = 1;
	ck_assert_int_eq(plan_compute(&s, m, g, &p, &err), 0);
	check_finite(&p, m, g, s);
	for (int i = 0; i < p.n_warnings; i++)
		unknown |= p.warnings[i].code == W_UNKNOWN_FLOPS;
	ck_assert(unknown);
	ck_assert(!p.cost.price_known);
	catalog_free(&c);
}
END_TEST

/* A model of several trillion parameters (a config far beyond the
 * catalog): counts stay exact in 64 bits and the plan stays finite. */
START_TEST(trillions)
{
	struct model m;
	struct model_counts n;
	struct scenario s;
	struct plan p;
	struct gp_error err;
	const struct gpu *g = catalog_gpu(tu_catalog(), "b200");

	m = *catalog_model(tu_catalog(), "deepseek-v3");
	m.experts = 2048;			/* 8x DeepSeek-V3's experts */
	model_count(&m, &n);
	/* routed experts: 2048 x 58 layers x 3 x 7168 x 2048 */
	ck_assert_uint_eq(n.group[PG_EXPERTS], 2048ull * 58 * 3 * 7168 * 2048);
	ck_assert_uint_gt(n.total, 5000000000000ull);
	scenario_default(&s);
	snprintf(s.gpu, sizeof s.gpu, "b200");
	s.gpus = 1024;
	s.tp = 8;
	s.pp = 8;
	ck_assert_int_eq(plan_compute(&s, &m, g, &p, &err), 0);
	check_finite(&p, &m, g, s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("edges");
	TCase *tc = tcase_create("edges");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sweep);
	tcase_add_test(tc, zero_flops_and_price);
	tcase_add_test(tc, trillions);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
