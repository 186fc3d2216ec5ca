/* test_sweep.c - the graph view's sweeps (src/core/sweep.c), against
 * figures worked by hand for the default scenario: Llama 4 Scout on
 * 4 x H100 SXM, TP 4, vLLM, BF16, context 8k, batch 16. */
#include <stdlib.h>

#include "testutil.h"
#include "fmt.h"
#include "sweep.h"

static void
default_plan(struct scenario *s, struct plan *p, const char *const *opts)
{
	tu_plan(p, s, opts);
}

/* The batches: a sequence of 8k holds 48 layers x 2 (K and V) x 2 KV
 * heads a GPU (8 over TP 4) x 128 dims x 2 bytes x 8,192 tokens =
 * 402,653,184 B of KV on each GPU (Scout's config.json: 48 layers, 8
 * KV heads, head_dim 128), so the pool of 18.3e9 B holds 45 of them
 * (45.4), and the ladder runs 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 and ends
 * at 45; the scenario's 16 is the eighth point. Each y is x x batch x
 * replicas / GPUs: perf.c sets per_user = 1 / step and tokens_per_s =
 * batch / step x replicas (perf.c:757-758), so at batch 1 on one
 * replica of 4 GPUs, y = x / 4: the batch-1 plan's decode throughput
 * over 4 GPUs. */
START_TEST(batch_ladder_and_per_gpu)
{
	static const uint64_t want[] = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 45};
	struct scenario s, one;
	struct plan p, q;
	struct batch_sweep b;
	struct gp_error err;

	default_plan(&s, &p, NULL);
	ck_assert_int_eq(sweep_batch(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &b, &err), 0);
	ck_assert_u64(b.max_batch, 45);
	ck_assert_u64(b.gpus, 4);
	ck_assert_int_eq(b.n, (int)(sizeof want / sizeof want[0]));
	for (int i = 0; i < b.n; i++) {
		ck_assert_u64(b.pt[i].at, want[i]);
		ck_assert(b.pt[i].fits);
		ck_assert_rel(b.pt[i].y, b.pt[i].x * (double)want[i] / 4.0, 1e-12);
	}
	ck_assert_int_eq(b.current, 7);
	ck_assert_rel(b.pt[7].y, p.decode.tokens_per_s / 4.0, 1e-12);
	one = s;
	one.batch = 1;
	ck_assert_int_eq(plan_compute(&one, tu_model(s.model), tu_gpu(s.gpu), &q, &err), 0);
	ck_assert_rel(b.pt[0].y, q.decode.tokens_per_s / 4.0, 1e-12);
	ck_assert_rel(b.pt[0].x, 1000.0 / q.decode.tpot_ms, 1e-12);
	/* a larger batch is never faster for each user */
	for (int i = 1; i < b.n; i++)
		ck_assert_double_le(b.pt[i].x, b.pt[i - 1].x);
	ck_assert_double_eq(b.tpot_per_user, 0);
}
END_TEST

/* A TPOT target of 50 ms is 1000 / 50 = 20 tokens/s per user. A batch
 * beyond the pool (64 > 45) stays on the curve, marked as not fitting,
 * and the ladder reaches it: ... 32, 45, 48, 64. */
START_TEST(batch_tpot_and_beyond)
{
	struct scenario s;
	struct plan p;
	struct batch_sweep b;
	struct gp_error err;

	default_plan(&s, &p, TU_OPTS("slo-tpot-ms", "50", "batch", "64"));
	ck_assert_int_eq(sweep_batch(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &b, &err), 0);
	ck_assert_double_eq_tol(b.tpot_per_user, 20.0, 1e-12);
	ck_assert_u64(b.pt[b.n - 1].at, 64);
	ck_assert_int_eq(b.current, b.n - 1);
	ck_assert(!b.pt[b.current].fits);
	ck_assert_u64(b.pt[b.n - 3].at, 45);
	ck_assert(b.pt[b.n - 3].fits);
	ck_assert_u64(b.pt[b.n - 2].at, 48);
	ck_assert(!b.pt[b.n - 2].fits);
}
END_TEST

/* Memory per GPU at 8k and batch 16: what the plan holds before the KV
 * (weights, the profile run's activations, non-torch memory and CUDA
 * graphs; test_memory.c and test_engines.c check those) plus 16 x
 * 402,653,184 B of KV (above) = 6,442,450,944 B. The level where the
 * KV fills the pool is the same before-KV memory plus the whole pool. */
START_TEST(context_memory_by_hand)
{
	struct scenario s;
	struct plan p;
	struct context_sweep c;
	struct gp_error err;

	default_plan(&s, &p, NULL);
	ck_assert_int_eq(sweep_context(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &c, &err), 0);
	ck_assert_int_ge(c.current, 0);
	ck_assert_u64(c.pt[c.current].at, 8192);
	{
		double before = (double)p.mem.weights + (double)p.mem.activations +
				(double)p.mem.overhead;

		ck_assert_u64(p.mem.kv_per_seq, 402653184);
		ck_assert_double_eq_tol(c.pt[c.current].y, before + 16 * 402653184.0, 1.0);
		ck_assert_double_eq_tol(c.kv_full, before + (double)p.mem.kv_pool, 1.0);
	}
	ck_assert(!c.fits_all);
	/* the stop is a point of the curve: it fits there, and a token
	 * more does not (memory.c's search); every point before it fits,
	 * every one after it does not, and memory grows with context */
	ck_assert_int_ge(c.limit, 0);
	ck_assert_u64(c.pt[c.limit].at, c.fit_limit);
	ck_assert_u64(c.fit_limit, p.mem.max_context);
	for (int i = 0; i < c.n; i++) {
		ck_assert(c.pt[i].fits == (i <= c.limit));
		if (i > 0)
			ck_assert_double_ge(c.pt[i].y, c.pt[i - 1].y);
	}
	/* from 1k, past the stop to a power of two at least twice it */
	ck_assert_u64(c.pt[0].at, 1024);
	ck_assert_u64(c.pt[c.n - 1].at & (c.pt[c.n - 1].at - 1), 0);
	ck_assert_double_ge((double)c.pt[c.n - 1].at, 2.0 * (double)c.fit_limit);
	{
		struct scenario t = s;
		struct plan q;

		t.context = c.fit_limit + 1;
		ck_assert_int_eq(plan_compute(&t, tu_model(s.model), tu_gpu(s.gpu), &q, &err), 0);
		ck_assert(!q.mem.fits);
	}
}
END_TEST

/* A scenario context below 1k starts the curve there. */
START_TEST(context_short)
{
	struct scenario s;
	struct plan p;
	struct context_sweep c;
	struct gp_error err;

	default_plan(&s, &p, TU_OPTS("context", "300", "prompt-tokens", "200",
				     "output-tokens", "100"));
	ck_assert_int_eq(sweep_context(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &c, &err), 0);
	ck_assert_u64(c.pt[0].at, 256);
	ck_assert_u64(c.pt[1].at, 300);
	ck_assert_int_eq(c.current, 1);
}
END_TEST

/* The plots' tick labels (fmt_axis): one decimal under 10 when it is
 * not whole, thousands separated, then k and M of 1,000, never past 6
 * cells. */
START_TEST(axis_labels)
{
	char b[32];

	ck_assert_str_eq(fmt_axis(b, sizeof b, 0), "0");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 2.5), "2.5");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 40), "40");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 1250), "1,250");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 99999), "99,999");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 120000), "120k");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 35e6), "35000k");
	ck_assert_str_eq(fmt_axis(b, sizeof b, 3.5e8), "350M");
	ck_assert_str_eq(fmt_axis(b, sizeof b, -20), "-20");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc = tcase_create("sweep");

	tcase_add_test(tc, batch_ladder_and_per_gpu);
	tcase_add_test(tc, batch_tpot_and_beyond);
	tcase_add_test(tc, context_memory_by_hand);
	tcase_add_test(tc, context_short);
	tcase_add_test(tc, axis_labels);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
