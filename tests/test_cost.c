/* test_cost.c - money (doc/planning-model.md section 8).
 *
 * Prices: H100 SXM 2.69 USD per GPU-hour (gpus.json: RunPod spot,
 * deploybase.ai 2026-03-10); Llama 4 Scout API
 * SambaNova 0.40 in / 0.70 out per M tokens, the first listed in
 * models.json (llmpricing.site, 2026-05-27). Workload defaults: 2,048
 * prompt and
 * 512 output tokens per request. */
#include "testutil.h"
#include "cost.h"

START_TEST(test_blend)
{
	/* (0.40 * 2,048 + 0.70 * 512) / 2,560 = (819.2 + 358.4) / 2,560
	 * = 1,177.6 / 2,560 = 0.46 */
	ck_assert_rel(cost_blend(0.40, 0.40, 0.70, 2048, 0, 512), 0.46, 1e-12);
	/* equal parts: the mean */
	ck_assert_rel(cost_blend(1.0, 1.0, 3.0, 100, 0, 100), 2.0, 1e-12);
	/* output only */
	ck_assert_rel(cost_blend(0.40, 0.40, 0.70, 0, 0, 512), 0.70, 1e-12);
	/* no tokens: 0, not a division by zero */
	ck_assert_near(cost_blend(0.40, 0.40, 0.70, 0, 0, 0), 0, 0);
	/* 1,536 of the prompt's tokens cached at 0.10: (0.40 * 512 +
	 * 0.10 * 1,536 + 0.70 * 512) / 2,560 = (204.8 + 153.6 + 358.4) /
	 * 2,560 = 0.28 */
	ck_assert_rel(cost_blend(0.40, 0.10, 0.70, 2048, 1536, 512), 0.28, 1e-12);
}
END_TEST

START_TEST(test_hour_and_month)
{
	struct scenario s;
	struct plan p;

	/* 4 GPUs * 2.69 = 10.76 USD/hour; * 730 = 7,854.80 USD/month */
	tu_plan(&p, &s, NULL);
	ck_assert(p.cost.price_known);
	ck_assert_rel(p.cost.usd_per_gpu_hour, 2.69, 1e-12);
	ck_assert_rel(p.cost.usd_per_hour, 10.76, 1e-12);
	ck_assert_rel(p.cost.usd_per_month, 7854.8, 1e-12);
	ck_assert_near(HOURS_PER_MONTH, 730, 0);

	/* 8 GPUs (2 replicas): 8 * 2.69 = 21.52/hour, 15,709.60/month */
	tu_plan(&p, &s, TU_OPTS("gpus", "8", "tp", "4"));
	ck_assert_rel(p.cost.usd_per_hour, 21.52, 1e-12);
	ck_assert_rel(p.cost.usd_per_month, 15709.6, 1e-12);
}
END_TEST

START_TEST(test_per_million_output)
{
	struct scenario s;
	struct plan p;

	/* $/M output = $/hour / (tokens/s * 3600 / 1e6) at utilization 1,
	 * with tokens/s the sustained rate: the GPUs are paid while they
	 * prefill too */
	tu_plan(&p, &s, NULL);
	ck_assert_rel(p.cost.usd_per_m_output,
		      p.cost.usd_per_hour / (p.sustained_tokens_per_s * 3600 / 1e6), 1e-12);

	/* Llama-3.1-8B on 1 x H100, batch 1: 171.946 tokens/s sustained
	 * (test_perf.c test_dense_prefill_by_hand); 2.69 USD/hour:
	 * 2.69 / (171.946 * 3600 / 1e6) = 2.69 / 0.619006 = 4.34568 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_rel(p.cost.usd_per_hour, 2.69, 1e-12);
	ck_assert_rel(p.cost.usd_per_m_output, 4.34568, 0.0001);
	/* busy half the time: twice the price, 8.69137 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1",
				"utilization", "0.5"));
	ck_assert_rel(p.cost.usd_per_m_output, 8.69137, 0.0001);
}
END_TEST

START_TEST(test_scout_per_million_by_hand)
{
	struct scenario s;
	struct plan p;

	/* Scout, 4 x H100, batch 16, 2,048 + 512 tokens under vLLM: a
	 * cycle of 512 steps brings 16 prompts, C = 16 x 2,048 / 512 = 64
	 * prompt tokens a step, a whole prompt at a time, so 64 / 2,048 =
	 * 1/32 of the steps carry one with the 16 decode tokens: 2,064
	 * tokens. The cost follows the sustained rate: $10.76 an hour /
	 * (sustained x 3600 / 1e6). (The cycle itself is checked by hand
	 * for Llama-3.1-8B in test_perf.c.) */
	tu_plan(&p, &s, TU_OPTS("comm-latency-us", "10"));
	ck_assert_rel(p.prompt_step_share, 1.0 / 32, 1e-12);
	ck_assert_rel(p.prompt_step_tokens, 2064, 1e-12);
	ck_assert_rel(p.sustained_tokens_per_s, 16 * 512 / (p.cycle_ms / 1e3), 1e-12);
	ck_assert_rel(p.cost.usd_per_m_output,
		      10.76 / (p.sustained_tokens_per_s * 3600 / 1e6), 1e-9);
}
END_TEST

START_TEST(test_capacity_and_self_blended)
{
	struct scenario s;
	struct plan p;

	/* Llama-3.1-8B, 1 x H100, batch 1: a request's cycle is 2.977688 s
	 * (test_perf.c), so 0.335831 per s, each 2,048 + 512 = 2,560
	 * tokens: 859.727 tokens/s served; per month 859.727 * 3600 * 730 /
	 * 1e6 = 2,259.36 M tokens; self-hosted 2.69 / (859.727 * 3600 /
	 * 1e6) = 0.869140 USD/M */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "batch", "1"));
	ck_assert_rel(p.requests_per_s, 0.335831, 0.0001);
	ck_assert_rel(p.cost.capacity_m_tokens_month, 2259.36, 0.0001);
	ck_assert_rel(p.cost.self_usd_per_m_blended, 0.869140, 0.0001);
}
END_TEST

START_TEST(test_breakeven)
{
	struct scenario s;
	struct plan p;

	/* Scout API (SambaNova) blended 0.46 USD/M; break-even volume
	 * = 7,854.80 / 0.46 = 17,075.65 M tokens per month (section 8) */
	tu_plan(&p, &s, NULL);
	ck_assert(p.cost.api_known);
	ck_assert_rel(p.cost.api_usd_per_m_blended, 0.46, 1e-12);
	ck_assert_rel(p.cost.breakeven_m_tokens_month, 17075.652, 1e-6);
	ck_assert_rel(p.cost.breakeven_m_tokens_month,
		      p.cost.usd_per_month / p.cost.api_usd_per_m_blended, 1e-12);

	/* DeepInfra's 0.08 / 0.30 given on the command line:
	 * (0.08 * 2,048 + 0.30 * 512) / 2,560 = (163.84 + 153.6) / 2,560
	 * = 0.124; 7,854.80 / 0.124 = 63,345.16 */
	tu_plan(&p, &s, TU_OPTS("api-price-in", "0.08", "api-price-out", "0.30"));
	ck_assert_rel(p.cost.api_usd_per_m_blended, 0.124, 1e-12);
	ck_assert_rel(p.cost.breakeven_m_tokens_month, 63345.16, 1e-6);
}
END_TEST

START_TEST(test_no_api_price)
{
	struct scenario s;
	struct plan p;

	/* models.json lists no API price for Llama-3.1-8B */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "tp", "1"));
	ck_assert(!p.cost.api_known);
	ck_assert_near(p.cost.breakeven_m_tokens_month, 0, 0);
}
END_TEST

START_TEST(test_no_gpu_price)
{
	struct scenario s;
	struct plan p;
	const struct warning *w;

	/* gpus.json has no price for the H100 PCIe */
	tu_plan(&p, &s, TU_OPTS("gpu", "h100-pcie"));
	ck_assert(!p.cost.price_known);
	ck_assert_near(p.cost.usd_per_hour, 0, 0);
	w = tu_warning(&p, W_NO_PRICE);
	ck_assert_ptr_nonnull(w);
	ck_assert_has(w->message, "--gpu-price");

	/* a price given by the user: 4 * 2.00 = 8.00/hour, 5,840/month */
	tu_plan(&p, &s, TU_OPTS("gpu", "h100-pcie", "gpu-price", "2"));
	ck_assert(p.cost.price_known);
	ck_assert_rel(p.cost.usd_per_hour, 8.0, 1e-12);
	ck_assert_rel(p.cost.usd_per_month, 5840.0, 1e-12);
	ck_assert_ptr_null(tu_warning(&p, W_NO_PRICE));

	/* and an override beats the catalog: H100 SXM at 4.76 (RunPod
	 * on-demand, gpus.json notes): 4 * 4.76 = 19.04 */
	tu_plan(&p, &s, TU_OPTS("gpu-price", "4.76"));
	ck_assert_rel(p.cost.usd_per_hour, 19.04, 1e-12);
}
END_TEST

static Suite *
cost_suite(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("cost");

	tcase_add_test(tc, test_blend);
	tcase_add_test(tc, test_hour_and_month);
	tcase_add_test(tc, test_per_million_output);
	tcase_add_test(tc, test_scout_per_million_by_hand);
	tcase_add_test(tc, test_capacity_and_self_blended);
	tcase_add_test(tc, test_breakeven);
	tcase_add_test(tc, test_no_api_price);
	tcase_add_test(tc, test_no_gpu_price);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(cost_suite());
}
