/* test_form.c - what a key does to a field: doubling token counts and
 * batch, TP keeping the replicas, pickers walking the catalog, choices
 * cycling, prices stepping from the catalog value. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "form.h"


START_TEST(tokens_double_and_halve)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "context", 1, &err), 0);
	ck_assert_uint_eq(s.context, 16384);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "context", -1, &err), 0);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "context", -1, &err), 0);
	ck_assert_uint_eq(s.context, 4096);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "batch", 1, &err), 0);
	ck_assert_uint_eq(s.batch, 32);
	s.batch = 1;
	ck_assert_int_eq(form_step(&s, tu_catalog(), "batch", -1, &err), 0);
	ck_assert_uint_eq(s.batch, 1);		/* never below the minimum */
	s.batch = 65536;
	ck_assert_int_eq(form_step(&s, tu_catalog(), "batch", 1, &err), 0);
	ck_assert_uint_eq(s.batch, 65536);	/* never above the maximum */
}
END_TEST

START_TEST(tp_keeps_replicas)
{
	struct scenario s;
	struct layout l;
	struct gp_error err;

	scenario_default(&s);
	ck_assert_int_eq(scenario_set(&s, "gpus", "8", &err), 0);	/* TP 4 x 2 replicas */
	ck_assert_int_eq(scenario_set(&s, "tp", "4", &err), 0);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "tp", 1, &err), 0);
	ck_assert_int_eq(scenario_layout(&s, 0, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 8);
	ck_assert_uint_eq(l.replicas, 2);
	ck_assert_uint_eq(l.gpus, 16);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "gpus", -1, &err), 0);	/* drop a replica */
	ck_assert_int_eq(scenario_layout(&s, 0, &l, &err), 0);
	ck_assert_uint_eq(l.gpus, 8);
	ck_assert_uint_eq(l.replicas, 1);
}
END_TEST

/* With TP on auto, more GPUs are another replica, not a wider TP. */
START_TEST(gpus_add_replicas)
{
	struct scenario s;
	struct layout l;
	struct gp_error err;

	scenario_default(&s);		/* 4 GPUs, TP auto (4) */
	ck_assert_int_eq(form_step(&s, tu_catalog(), "gpus", 1, &err), 0);
	ck_assert_int_eq(scenario_layout(&s, 0, &l, &err), 0);
	ck_assert_uint_eq(l.gpus, 8);
	ck_assert_uint_eq(l.tp, 4);
	ck_assert_uint_eq(l.replicas, 2);
}
END_TEST

START_TEST(pickers_and_choices)
{
	struct scenario s;
	struct gp_error err;
	char buf[64];

	scenario_default(&s);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "model", 1, &err), 0);
	ck_assert_str_eq(s.model, tu_catalog()->models[1].id);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "model", -1, &err), 0);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "model", -1, &err), 0);
	ck_assert_str_eq(s.model, tu_catalog()->models[tu_catalog()->n_models - 1].id);	/* wraps */
	/* native is the first stop of the cycle, then the formats */
	ck_assert(s.weights_native);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "weights", 1, &err), 0);
	ck_assert(!s.weights_native);
	ck_assert_int_eq(s.weights, WF_BF16);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "weights", 1, &err), 0);
	ck_assert_int_eq(s.weights, WF_FP16);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "weights", -1, &err), 0);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "weights", -1, &err), 0);
	ck_assert(s.weights_native);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "weights", -1, &err), 0);
	ck_assert_int_eq(s.weights, WF_Q2_K);				/* wraps */
	ck_assert(!s.weights_native);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "moe", 1, &err), 0);
	ck_assert(!s.moe);
	form_value(&s, tu_catalog(), "gpus", buf, sizeof buf);
	ck_assert_str_eq(buf, "auto (4)");
}
END_TEST

START_TEST(prices_start_from_catalog)
{
	struct scenario s;
	struct gp_error err;
	const struct gpu *g;

	scenario_default(&s);
	g = catalog_gpu(tu_catalog(), s.gpu);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "gpu-price", 1, &err), 0);
	/* catalog $/GPU-hour + one 0.10 step */
	ck_assert_double_eq_tol(s.gpu_price, g->usd_per_hour + 0.10, 0.051);
	ck_assert_int_eq(form_step(&s, tu_catalog(), "gpu-mem-util", 1, &err), 0);
	ck_assert_double_eq_tol(s.gpu_mem_util, 0.91, 1e-9);
}
END_TEST

START_TEST(form_follows_the_engine)
{
	struct scenario vs, ls;
	bool vllm_seqs = false, llama_seqs = false, llama_fa = false, vllm_fa = false;

	/* each engine's descriptor lists its knobs: the form shows the
	 * current engine's and hides the others' */
	tu_scenario(&vs, NULL);
	tu_scenario(&ls, TU_OPTS("engine", "llamacpp"));
	for (size_t i = 0; i < form_row_count(&vs); i++) {
		const char *o = form_row(&vs, i)->option;

		vllm_seqs = vllm_seqs || (o != NULL && strcmp(o, "max-num-seqs") == 0);
		vllm_fa = vllm_fa || (o != NULL && strcmp(o, "flash-attn") == 0);
	}
	for (size_t i = 0; i < form_row_count(&ls); i++) {
		const char *o = form_row(&ls, i)->option;

		llama_seqs = llama_seqs || (o != NULL && strcmp(o, "max-num-seqs") == 0);
		llama_fa = llama_fa || (o != NULL && strcmp(o, "flash-attn") == 0);
	}
	ck_assert(vllm_seqs && !vllm_fa);
	ck_assert(llama_fa && !llama_seqs);
	/* auto values step from what they stand for: -ngl from every
	 * layer plus the output (Scout: 48 + 1 = 49, one down is 48) */
	{
		struct gp_error err;

		ck_assert_int_eq(form_step(&ls, tu_catalog(), "ngl", -1, &err), 0);
		ck_assert_double_eq_tol(ls.ngl, 48, 1e-9);
	}
	/* a release number is typed, not picked */
	ck_assert(!form_is_picker("engine-version"));
	ck_assert(form_is_picker("engine"));
}
END_TEST

START_TEST(navigation_skips_headers)
{
	struct scenario s;
	size_t i;

	scenario_default(&s);
	i = form_next_field(&s, 0, 1);

	ck_assert_int_eq(form_row(&s, i)->kind, FR_FIELD);
	for (size_t k = 0; k < 3 * form_row_count(&s); k++) {
		i = form_next_field(&s, i, k % 3 == 0 ? -1 : 1);
		ck_assert_int_eq(form_row(&s, i)->kind, FR_FIELD);
		ck_assert_ptr_nonnull(scenario_option(form_row(&s, i)->option));
	}
}
END_TEST

/* The default form, as the screen shows it (tests/golden/tui-80x24-start):
 * row 0 "Model", 1 model, 2 the parameter count, 3 config.json, 4 MoE,
 * 5 routing, 6 "Precision", 7 weights, 8 KV dtype, 9 "Workload", 10
 * context. */
START_TEST(navigation_ends_and_sections)
{
	struct scenario s;
	size_t n, last;

	scenario_default(&s);
	n = form_row_count(&s);
	ck_assert_str_eq(form_row(&s, 1)->option, "model");
	ck_assert_str_eq(form_row(&s, 7)->option, "weights");
	ck_assert_str_eq(form_row(&s, 10)->option, "context");
	/* up on the first field and down on the last stay put: no wrap */
	ck_assert_uint_eq(form_next_field(&s, 1, -1), 1);
	last = form_edge_field(&s, 1);
	ck_assert_uint_eq(form_row(&s, last)->kind, FR_FIELD);
	ck_assert_uint_eq(form_next_field(&s, last, 1), last);
	ck_assert_uint_eq(form_edge_field(&s, -1), 1);
	/* every row after the last field is not a field */
	for (size_t i = last + 1; i < n; i++)
		ck_assert_int_ne(form_row(&s, i)->kind, FR_FIELD);
	/* the parameter count (row 2) is skipped: model, then config.json */
	ck_assert_uint_eq(form_next_field(&s, 1, 1), 3);
	/* sections: model -> weights -> context; back from KV dtype to
	 * weights (its section's first), from weights to model */
	ck_assert_uint_eq(form_section_field(&s, 1, 1), 7);
	ck_assert_uint_eq(form_section_field(&s, 7, 1), 10);
	ck_assert_uint_eq(form_section_field(&s, 8, -1), 7);
	ck_assert_uint_eq(form_section_field(&s, 7, -1), 1);
	ck_assert_uint_eq(form_section_field(&s, 1, -1), 1);
	ck_assert_uint_eq(form_section_field(&s, last, 1), last);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("form");

	tcase_add_test(tc, tokens_double_and_halve);
	tcase_add_test(tc, tp_keeps_replicas);
	tcase_add_test(tc, gpus_add_replicas);
	tcase_add_test(tc, pickers_and_choices);
	tcase_add_test(tc, prices_start_from_catalog);
	tcase_add_test(tc, navigation_skips_headers);
	tcase_add_test(tc, navigation_ends_and_sections);
	tcase_add_test(tc, form_follows_the_engine);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
