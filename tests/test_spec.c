/* test_spec.c - speculative decoding against values worked by hand
 * from the cited sources: the acceptance formula, the published
 * acceptance lengths the defaults come from, and the draft's memory
 * from the checkpoints' shapes. */
#include <math.h>

#include "memory.h"
#include "sim.h"
#include "spec.h"
#include "testutil.h"

/* (1 - A^(K+1)) / (1 - A): A = 0.8, K = 3: 1 + 0.8 + 0.64 + 0.512 = 2.952. */
START_TEST(test_tokens_per_step)
{
	ck_assert_double_eq_tol(spec_tokens_per_step(0.8, 3), 2.952, 1e-12);
	ck_assert_double_eq_tol(spec_tokens_per_step(0, 3), 1, 1e-12);
	ck_assert_double_eq_tol(spec_tokens_per_step(1, 3), 4, 1e-12);
	ck_assert_double_eq_tol(spec_tokens_per_step(0.85, 1), 1.85, 1e-12);
}
END_TEST

/* Each default gives back its source's mean acceptance length: EAGLE-3
 * 2.60 at K = 3 (vLLM's acceptance test), MTP 3.20 at K = 7 (nebius),
 * MTP 85% at K = 1 (DeepSeek-V3 report), n-gram 0.29 at K = 3. */
START_TEST(test_defaults_match_sources)
{
	static const struct {
		const char *spec, *k;
		double al;
	} cases[] = {
		{"eagle", "auto", 2.60}, {"mtp", "7", 3.20}, {"mtp", "auto", 1.85},
		{"ngram", "auto", 1 + 0.29 + 0.29 * 0.29 + 0.29 * 0.29 * 0.29},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *opts[] = {"model", "deepseek-v3", "gpu", "h200", "gpus", "8",
				      "spec", cases[i].spec, "spec-tokens", cases[i].k, NULL};
		struct scenario s;
		struct plan p;

		tu_plan(&p, &s, opts);
		ck_assert(p.spec.accept_default);
		ck_assert_msg(fabs(p.spec.tokens_per_step - cases[i].al) < 0.01, "%s K=%s: %f, not %f",
			      cases[i].spec, cases[i].k, p.spec.tokens_per_step, cases[i].al);
	}
}
END_TEST

START_TEST(test_parse)
{
	enum spec_method m;
	char id[MODEL_ID_LEN];

	ck_assert_int_eq(spec_parse("off", &m, id, sizeof id), 0);
	ck_assert_int_eq(m, SPEC_OFF);
	ck_assert_int_eq(spec_parse("eagle", &m, id, sizeof id), 0);
	ck_assert_int_eq(m, SPEC_EAGLE);
	ck_assert_int_eq(spec_parse("draft:llama-3.1-8b", &m, id, sizeof id), 0);
	ck_assert_int_eq(m, SPEC_DRAFT);
	ck_assert_str_eq(id, "llama-3.1-8b");
	ck_assert_int_eq(spec_parse("draft:", &m, id, sizeof id), -1);
	ck_assert_int_eq(spec_parse("medusa", &m, id, sizeof id), -1);
	ck_assert_int_eq(spec_parse("EAGLE", &m, id, sizeof id), -1);
}
END_TEST

/* The verification step reads the weights and each sequence's KV once,
 * and multiplies K + 1 rows a sequence: a dense model's step reads as
 * many bytes as one without speculation and does (K + 1) x its FLOPs. */
START_TEST(test_verify_reads_once)
{
	const char *off[] = {"model", "llama-3.1-70b", "gpu", "h100-sxm", "tp", "4", NULL};
	const char *on[] = {"model", "llama-3.1-70b", "gpu", "h100-sxm", "tp", "4",
			    "spec", "eagle", "spec-tokens", "3", NULL};
	struct scenario s;
	struct plan a, b;

	tu_plan(&a, &s, off);
	tu_plan(&b, &s, on);
	ck_assert_uint_eq(a.decode.weight_bytes_per_step, b.decode.weight_bytes_per_step);
	ck_assert_uint_eq(a.decode.kv_bytes_per_step, b.decode.kv_bytes_per_step);
	ck_assert_double_eq_tol(b.decode.gemm_flops / a.decode.gemm_flops, 4, 1e-9);
	ck_assert_double_eq_tol(b.decode.attn_flops / a.decode.attn_flops, 4, 1e-9);
	ck_assert_double_eq_tol(b.decode.base_tpot_ms, a.decode.tpot_ms, 1e-9);
	/* memory-bound at batch 16: four rows cost less than four steps */
	ck_assert(b.decode.spec_verify_ms < 2 * a.decode.tpot_ms);
	ck_assert_double_eq_tol(b.decode.tpot_ms,
				(b.decode.spec_verify_ms + 3 * b.decode.spec_draft_ms) /
				spec_tokens_per_step(b.spec.accept, 3), 1e-9);
	ck_assert(b.decode.tpot_ms < a.decode.tpot_ms);
	ck_assert_double_eq_tol(b.decode.tokens_per_s * b.decode.tpot_ms / 1e3, 16, 1e-9);
}
END_TEST

/* Llama-3.1-8B as the draft of the 70B at TP 8, in BF16: 8,030,261,248
 * parameters (its model card) x 2 B / 8 = 2,007,565,312 B a GPU, and a
 * token's KV, 32 layers x K and V x 1 of its 8 KV heads x 128 x 2 B =
 * 16,384 B a GPU. */
START_TEST(test_draft_model_memory)
{
	const char *off[] = {"model", "llama-3.1-70b", "gpu", "h100-sxm", "tp", "8", NULL};
	const char *on[] = {"model", "llama-3.1-70b", "gpu", "h100-sxm", "tp", "8",
			    "spec", "draft:llama-3.1-8b", "spec-accept", "0.6", NULL};
	struct scenario s;
	struct plan a, b;
	struct gp_error err;

	tu_plan(&a, &s, off);
	tu_scenario(&s, on);
	ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &b, &err), 0);
	ck_assert_msg(strstr(err.msg, "no such model") != NULL, "%s", err.msg);
	s.draft_model = tu_model("llama-3.1-8b");
	ck_assert_int_eq(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &b, &err), 0);
	ck_assert_int_le(llabs((long long)(b.mem.weights - a.mem.weights) - 2007565312LL), 8);
	ck_assert_uint_eq(b.mem.kv_per_seq - a.mem.kv_per_seq, 16384ull * s.context);
	ck_assert_uint_eq(b.spec.draft_layers, 32);
	/* no acceptance published for a pair: it must be given */
	ck_assert_int_eq(scenario_set(&s, "spec-accept", "auto", &err), 0);
	ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &b, &err), 0);
	ck_assert_msg(strstr(err.msg, "--spec-accept") != NULL, "%s", err.msg);
}
END_TEST

/* DeepSeek-V3's MTP layer as served (README_WEIGHTS.md): 11,610,068,224
 * parameters of its own, the embedding and head shared; in BF16 at TP 8,
 * 11,610,068,224 x 2 / 8 = 2,902,517,056 B a GPU; its KV, one MLA layer's
 * latent and rope key, (512 + 64) x 2 B = 1,152 B a token on every GPU. */
START_TEST(test_mtp_memory)
{
	const char *off[] = {"model", "deepseek-v3", "gpu", "h200", "gpus", "8", "weights", "bf16",
			     NULL};
	const char *on[] = {"model", "deepseek-v3", "gpu", "h200", "gpus", "8", "weights", "bf16",
			    "spec", "mtp", NULL};
	struct scenario s;
	struct plan a, b;
	struct gp_error err;

	tu_plan(&a, &s, off);
	tu_plan(&b, &s, on);
	ck_assert_uint_eq(b.spec.draft_layers, 1);
	ck_assert_int_le(llabs((long long)(b.mem.weights - a.mem.weights) - 2902517056LL), 8);
	ck_assert_uint_eq(b.mem.kv_per_seq - a.mem.kv_per_seq, 1152ull * s.context);
	/* a model without MTP layers says so */
	ck_assert_int_eq(scenario_set(&s, "model", "llama-3.1-8b", &err), 0);
	ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &b, &err), 0);
	ck_assert_msg(strstr(err.msg, "multi-token-prediction") != NULL, "%s", err.msg);
}
END_TEST

/* EAGLE-3's head for Llama-3.1-8B (vLLM llama_eagle3.py shapes): q, k, v
 * from 2 x 4,096 to (32 + 2 x 8) x 128, o 4,096 x 4,096, the MLP
 * 3 x 4,096 x 14,336, fc 3 x 4,096 x 4,096, a 32,000 x 4,096 head and three
 * norms: 50,331,648 + 16,777,216 + 176,160,768 + 50,331,648 +
 * 131,072,000 + 12,288 = 424,685,568 parameters, 849,371,136 B in BF16. */
START_TEST(test_eagle_memory)
{
	const char *off[] = {"model", "llama-3.1-8b", "gpu", "h100-sxm", "tp", "1", NULL};
	const char *on[] = {"model", "llama-3.1-8b", "gpu", "h100-sxm", "tp", "1", "spec", "eagle",
			    NULL};
	struct scenario s;
	struct plan a, b;

	tu_plan(&a, &s, off);
	tu_plan(&b, &s, on);
	ck_assert_uint_eq(b.spec.draft_weight_bytes, 849371136ull);
	ck_assert_uint_eq(b.mem.weights - a.mem.weights, 849371136ull);
	/* one layer's KV: 8 heads x 128 x K and V x 2 B = 4,096 B a token */
	ck_assert_uint_eq(b.mem.kv_per_seq - a.mem.kv_per_seq, 4096ull * s.context);
}
END_TEST

/* n-gram lookup drafts on the host: nothing on the GPU, no draft time. */
START_TEST(test_ngram_free)
{
	const char *off[] = {"model", "llama-3.1-8b", NULL};
	const char *on[] = {"model", "llama-3.1-8b", "spec", "ngram", NULL};
	struct scenario s;
	struct plan a, b;

	tu_plan(&a, &s, off);
	tu_plan(&b, &s, on);
	ck_assert_uint_eq(a.mem.weights, b.mem.weights);
	ck_assert_uint_eq(a.mem.kv_per_seq, b.mem.kv_per_seq);
	ck_assert_double_eq(b.decode.spec_draft_ms, 0);
}
END_TEST

/* The simulator's iterations yield a token a sequence: it refuses. */
START_TEST(test_simulate_refuses)
{
	const char *on[] = {"model", "llama-3.1-8b", "spec", "ngram", NULL};
	struct scenario s;
	struct plan p;
	struct sim_result r;
	struct gp_error err;

	tu_plan(&p, &s, on);
	ck_assert_int_ne(sim_run(&s, tu_model(s.model), tu_gpu(s.gpu), &p, NULL, &r, &err), 0);
	ck_assert_msg(strstr(err.msg, "speculative") != NULL, "%s", err.msg);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tokens_per_step);
	tcase_add_test(tc, test_defaults_match_sources);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_verify_reads_once);
	tcase_add_test(tc, test_draft_model_memory);
	tcase_add_test(tc, test_mtp_memory);
	tcase_add_test(tc, test_eagle_memory);
	tcase_add_test(tc, test_ngram_free);
	tcase_add_test(tc, test_simulate_refuses);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
