/* test_scenario.c - option parsing, the options table and the parallel
 * layout a scenario implies (doc/planning-model.md section 4). */
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* Token counts.                                                       */
/* ------------------------------------------------------------------ */

START_TEST(test_parse_tokens)
{
	uint64_t v = 0;

	/* k = 1,024 and m = 1,048,576 tokens */
	ck_assert_int_eq(parse_tokens("8k", &v), 0);
	ck_assert_u64(v, 8192);
	ck_assert_int_eq(parse_tokens("8K", &v), 0);
	ck_assert_u64(v, 8192);
	ck_assert_int_eq(parse_tokens("128k", &v), 0);
	ck_assert_u64(v, 131072);
	ck_assert_int_eq(parse_tokens("1m", &v), 0);
	ck_assert_u64(v, 1048576);
	ck_assert_int_eq(parse_tokens("10M", &v), 0);
	ck_assert_u64(v, 10485760);	/* Scout Instruct's max context */
	ck_assert_int_eq(parse_tokens("32768", &v), 0);
	ck_assert_u64(v, 32768);
	ck_assert_int_eq(parse_tokens("0", &v), 0);
	ck_assert_u64(v, 0);
	/* a fraction that comes out whole: 1.5 * 1,024 = 1,536 */
	ck_assert_int_eq(parse_tokens("1.5k", &v), 0);
	ck_assert_u64(v, 1536);
}
END_TEST

START_TEST(test_parse_tokens_rejects)
{
	static const char *const bad[] = {
		"8x", "-1", "", "1.5", "0.3k" /* 307.2 */, "k", "8kk", "8 k",
		"abc", "inf", "nan", "1e300",
	};
	uint64_t v = 12345;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(parse_tokens(bad[i], &v) != 0, "\"%s\" accepted", bad[i]);
		ck_assert_msg(v == 12345, "\"%s\" changed the value", bad[i]);
	}
	ck_assert_int_ne(parse_tokens(NULL, &v), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* scenario_set / scenario_get.                                        */
/* ------------------------------------------------------------------ */

/* Sets an option expecting failure; returns the message. */
static const char *
set_fails(struct scenario *s, const char *name, const char *value,
	  struct gp_error *err)
{
	struct scenario before;

	memcpy(&before, s, sizeof before);	/* padding included */
	err->msg[0] = '\0';
	ck_assert_msg(scenario_set(s, name, value, err) != 0,
		      "--%s %s was accepted", name, value ? value : "(null)");
	ck_assert_msg(memcmp(&before, s, sizeof before) == 0,
		      "a rejected --%s changed the scenario", name);
	return err->msg;
}

START_TEST(test_set_values)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	err.msg[0] = '\0';
	ck_assert_int_eq(scenario_set(&s, "context", "128k", &err), 0);
	ck_assert_u64(s.context, 131072);
	ck_assert_int_eq(scenario_set(&s, "batch", "64", &err), 0);
	ck_assert_u64(s.batch, 64);
	ck_assert_int_eq(scenario_set(&s, "weights", "q4_k_m", &err), 0);
	ck_assert_int_eq(s.weights, WF_Q4_K_M);
	ck_assert_int_eq(scenario_set(&s, "kv-dtype", "fp8", &err), 0);
	ck_assert_int_eq(s.kv, KV_FP8);
	ck_assert_int_eq(scenario_set(&s, "engine", "simple", &err), 0);
	ck_assert_str_eq(engine_id(s.engine), "simple");
	ck_assert_int_eq(scenario_set(&s, "moe", "off", &err), 0);
	ck_assert(!s.moe);
	ck_assert_int_eq(scenario_set(&s, "hybrid-kv", "no", &err), 0);
	ck_assert(!s.hybrid_kv);
	ck_assert_int_eq(scenario_set(&s, "gpu-mem-util", "0.85", &err), 0);
	ck_assert_near(s.gpu_mem_util, 0.85, 1e-12);
	ck_assert_int_eq(scenario_set(&s, "gpu-price", "3.5", &err), 0);
	ck_assert_near(s.gpu_price, 3.5, 1e-12);
	ck_assert_int_eq(scenario_set(&s, "gpu-price", "auto", &err), 0);
	ck_assert(s.gpu_price < 0);
	ck_assert_int_eq(scenario_set(&s, "model", "deepseek-v3", &err), 0);
	ck_assert_str_eq(s.model, "deepseek-v3");
	ck_assert_int_eq(scenario_set(&s, "gpu", "b200", &err), 0);
	ck_assert_str_eq(s.gpu, "b200");
}
END_TEST

START_TEST(test_set_range_errors)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	/* each names the option, the value and the valid range */
	ck_assert_has(set_fails(&s, "batch", "0", &err),
		      "--batch 0: must be a whole number from 1 to 65536");
	ck_assert_has(set_fails(&s, "context", "0", &err), "--context 0");
	ck_assert_has(err.msg, "from 1 to 1073741824");
	ck_assert_has(err.msg, "8k = 8192");	/* the token suffixes */
	ck_assert_has(set_fails(&s, "gpu-mem-util", "1.5", &err),
		      "--gpu-mem-util 1.5: must be a number from 0.05 to 1");
	ck_assert_has(set_fails(&s, "gpu-mem-util", "0", &err), "--gpu-mem-util 0");
	ck_assert_has(set_fails(&s, "eta-bw", "2", &err), "--eta-bw 2");
	ck_assert_has(set_fails(&s, "gpu-price", "-5", &err), "--gpu-price -5");
	ck_assert_has(err.msg, "or auto");
	ck_assert_has(set_fails(&s, "context", "8x", &err), "--context 8x");
	/* a count is not a token size */
	ck_assert_has(set_fails(&s, "batch", "1k", &err), "--batch 1k");
	ck_assert_has(set_fails(&s, "batch", "2.5", &err), "--batch 2.5");
	ck_assert_has(set_fails(&s, "pp", "0", &err), "--pp 0");
	ck_assert_has(set_fails(&s, "gpu-mem-util", "lots", &err), "--gpu-mem-util lots");
}
END_TEST

START_TEST(test_set_choice_errors)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	/* an unknown format lists the choices (the formats of
	 * doc/planning-model.md section 3) */
	ck_assert_has(set_fails(&s, "weights", "fp7", &err),
		      "--weights fp7: expected one of native, bf16, fp16, fp8, int8, int4, "
		      "mxfp4, nvfp4, q8_0, q6_k, q5_k_m, q4_k_m, q4_0, q3_k_m, q2_k");
	ck_assert_has(set_fails(&s, "kv-dtype", "fp4", &err),
		      "--kv-dtype fp4: expected one of native, bf16, fp16, fp8, int8");
	ck_assert_has(set_fails(&s, "engine", "tgi", &err),
		      "--engine tgi: expected one of simple, vllm");
	ck_assert_has(set_fails(&s, "moe", "maybe", &err), "--moe maybe: expected on or off");
	ck_assert_has(set_fails(&s, "frobnicate", "1", &err), "unknown option \"frobnicate\"");
	ck_assert_has(set_fails(&s, "batch", NULL, &err), "--batch needs a value");
	ck_assert_has(set_fails(&s, "model", "", &err), "--model");
	{
		char longid[MODEL_ID_LEN + 8];

		memset(longid, 'a', sizeof longid - 1);
		longid[sizeof longid - 1] = '\0';
		ck_assert_has(set_fails(&s, "model", longid, &err), "--model");
	}
}
END_TEST

START_TEST(test_native_weights)
{
	struct scenario s;
	struct gp_error err;

	/* --weights native takes the format the checkpoint ships in, from
	 * its quantization_config (models.json): gpt-oss-120b MXFP4,
	 * DeepSeek-V3 block FP8, Llama 3.1 8B none, so BF16 */
	tu_scenario(&s, NULL);
	scenario_resolve(&s, tu_model("gpt-oss-120b"));
	ck_assert_int_eq(s.weights, WF_MXFP4);
	scenario_resolve(&s, tu_model("deepseek-v3"));
	ck_assert_int_eq(s.weights, WF_FP8);
	scenario_resolve(&s, tu_model("llama-3.1-8b"));
	ck_assert_int_eq(s.weights, WF_BF16);
	/* a format given by hand stays, whatever the model */
	ck_assert_int_eq(scenario_set(&s, "weights", "int4", &err), 0);
	ck_assert(!s.weights_native);
	scenario_resolve(&s, tu_model("gpt-oss-120b"));
	ck_assert_int_eq(s.weights, WF_INT4);
	/* and native again, saved and shown as such */
	ck_assert_int_eq(scenario_set(&s, "weights", "native", &err), 0);
	scenario_resolve(&s, tu_model("gpt-oss-120b"));
	ck_assert_int_eq(s.weights, WF_MXFP4);
	{
		char buf[32];

		scenario_get(&s, scenario_option("weights"), buf, sizeof buf);
		ck_assert_str_eq(buf, "native");
	}
}
END_TEST

START_TEST(test_defaults)
{
	struct scenario s;
	char buf[128];

	scenario_default(&s);
	/* vLLM's gpu_memory_utilization default 0.90; the vLLM profile is
	 * the default, not "simple" (doc/planning-model.md section 6); MoE
	 * sized as MoE; hybrid KV modelled */
	scenario_get(&s, scenario_option("gpu-mem-util"), buf, sizeof buf);
	ck_assert_str_eq(buf, "0.9");
	scenario_get(&s, scenario_option("engine"), buf, sizeof buf);
	ck_assert_str_eq(buf, "vllm");
	scenario_get(&s, scenario_option("moe"), buf, sizeof buf);
	ck_assert_str_eq(buf, "on");
	scenario_get(&s, scenario_option("context"), buf, sizeof buf);
	ck_assert_str_eq(buf, "8k");
	scenario_get(&s, scenario_option("batch"), buf, sizeof buf);
	ck_assert_str_eq(buf, "16");
	/* the checkpoint's own format, BF16 until a model says otherwise */
	scenario_get(&s, scenario_option("weights"), buf, sizeof buf);
	ck_assert_str_eq(buf, "native");
	ck_assert(s.weights_native && s.weights == WF_BF16);
	/* and the checkpoint's KV dtype: FP8 where it declares it, the
	 * user's once set by hand */
	scenario_get(&s, scenario_option("kv-dtype"), buf, sizeof buf);
	ck_assert_str_eq(buf, "native");
	ck_assert(s.kv_native && s.kv == KV_BF16);
	{
		struct model m = *catalog_model(tu_catalog(), s.model);
		struct scenario t = s;

		m.native_kv = KV_FP8;
		scenario_resolve(&t, &m);
		ck_assert_int_eq(t.kv, KV_FP8);
		ck_assert_int_eq(scenario_set(&t, "kv-dtype", "bf16", NULL), 0);
		scenario_resolve(&t, &m);
		ck_assert(!t.kv_native && t.kv == KV_BF16);
	}
	scenario_get(&s, scenario_option("gpu-price"), buf, sizeof buf);
	ck_assert_str_eq(buf, "auto");
	scenario_get(&s, scenario_option("utilization"), buf, sizeof buf);
	ck_assert_str_eq(buf, "1");
	/* a catalog model and GPU */
	ck_assert_ptr_nonnull(catalog_model(tu_catalog(), s.model));
	ck_assert_ptr_nonnull(catalog_gpu(tu_catalog(), s.gpu));
}
END_TEST

START_TEST(test_get_round_trips_defaults)
{
	struct scenario def, s;
	struct gp_error err;
	char buf[256];

	/* Every option's default, printed and read back, is unchanged. */
	scenario_default(&def);
	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *o = &scenario_options[i];

		scenario_get(&def, o, buf, sizeof buf);
		/* only an optional path (model-config) may be empty: none */
		ck_assert_msg(buf[0] != '\0' || (o->type == OPT_STRING && o->min == 0),
			      "--%s prints nothing", o->name);
		scenario_default(&s);
		err.msg[0] = '\0';
		ck_assert_msg(scenario_set(&s, o->name, buf, &err) == 0,
			      "--%s %s (its default) rejected: %s", o->name, buf, err.msg);
		ck_assert_msg(memcmp(&s, &def, sizeof s) == 0,
			      "--%s %s does not read back as the default", o->name, buf);
	}
}
END_TEST

START_TEST(test_get_round_trips_values)
{
	static const char *const pairs[] = {
		"context", "1m", "context", "12345", "context", "128k",
		"batch", "7", "weights", "nvfp4", "kv-dtype", "int8",
		"gpu-mem-util", "0.75", "moe", "off", "hybrid-kv", "off",
		"activation-gib", "5.6", "overhead-gib", "auto", "tp", "8",
		"gpus", "16", "api-price-out", "0.7",
	};
	struct scenario s;
	struct gp_error err;
	char buf[256];

	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i += 2) {
		scenario_default(&s);
		err.msg[0] = '\0';
		ck_assert_msg(scenario_set(&s, pairs[i], pairs[i + 1], &err) == 0,
			      "%s", err.msg);
		scenario_get(&s, scenario_option(pairs[i]), buf, sizeof buf);
		ck_assert_msg(strcmp(buf, pairs[i + 1]) == 0, "--%s %s printed as %s",
			      pairs[i], pairs[i + 1], buf);
	}
}
END_TEST

START_TEST(test_options_table)
{
	/* one table serves the CLI, the INI files and the form: every entry
	 * is complete and its name unique */
	ck_assert_uint_ge(scenario_option_count, 20);
	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *o = &scenario_options[i];

		ck_assert_ptr_nonnull(o->name);
		ck_assert_ptr_nonnull(o->section);
		ck_assert_ptr_nonnull(o->help);
		ck_assert_ptr_nonnull(o->metavar);
		ck_assert(o->offset < sizeof(struct scenario));
		ck_assert_msg(o->type != OPT_ENUM || o->choice != NULL, "--%s", o->name);
		ck_assert_ptr_eq(scenario_option(o->name), o);
		{
			/* its default parses as a user's value would */
			struct scenario d;
			struct gp_error err;

			memset(&d, 0, sizeof d);
			ck_assert_ptr_nonnull(o->def);
			ck_assert_msg(scenario_set(&d, o->name, o->def, &err) == 0, "--%s %s: %s",
				      o->name, o->def, err.msg);
		}
		for (size_t j = i + 1; j < scenario_option_count; j++)
			ck_assert_str_ne(o->name, scenario_options[j].name);
	}
	ck_assert_ptr_null(scenario_option("frobnicate"));
	ck_assert_str_eq(engine_id(tu_engine("vllm")), "vllm");
	ck_assert_str_eq(engine_id(tu_engine("simple")), "simple");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Layout.                                                             */
/* ------------------------------------------------------------------ */

/* The layout of defaults + opts; fails the test on error. */
static struct layout
layout_of(const char *const *opts)
{
	struct scenario s;
	struct layout l;
	struct gp_error err;

	tu_scenario(&s, opts);
	err.msg[0] = '\0';
	memset(&l, 0, sizeof l);
	ck_assert_msg(scenario_layout(&s, 0, &l, &err) == 0, "%s", err.msg);
	return l;
}

/* The error of a layout that must fail. */
static void
layout_fails(const char *const *opts, struct gp_error *err)
{
	struct scenario s;
	struct layout l;

	tu_scenario(&s, opts);
	err->msg[0] = '\0';
	ck_assert_int_ne(scenario_layout(&s, 0, &l, err), 0);
}

START_TEST(test_layout_default)
{
	/* nothing given: one replica of TP 4 on 4 GPUs */
	struct layout l = layout_of(NULL);

	ck_assert_u64(l.gpus, 4);
	ck_assert_u64(l.tp, 4);
	ck_assert_u64(l.pp, 1);
	ck_assert_u64(l.ep, 1);
	ck_assert_u64(l.replicas, 1);
}
END_TEST

START_TEST(test_layout_replicas)
{
	/* 8 GPUs at TP 4: 2 replicas (DP, doc/planning-model.md section 4) */
	struct layout l = layout_of(TU_OPTS("gpus", "8", "tp", "4"));

	ck_assert_u64(l.gpus, 8);
	ck_assert_u64(l.tp, 4);
	ck_assert_u64(l.replicas, 2);
	/* 16 GPUs at TP 4, PP 2: 16 / 8 = 2 replicas */
	l = layout_of(TU_OPTS("gpus", "16", "tp", "4", "pp", "2"));
	ck_assert_u64(l.replicas, 2);
}
END_TEST

START_TEST(test_layout_nodes)
{
	struct scenario s;
	struct layout l;
	struct gp_error err;

	/* a replica's nodes: TP 8 x PP 2 on nodes of 8 is 2 of 8 GPUs;
	 * TP 4 x PP 3 (12) is 2 of 6, the fewest that split it evenly;
	 * TP 3 x PP 3 (9) is 3 of 3; within one node, or with no node
	 * size, one node of all of them */
	tu_scenario(&s, TU_OPTS("tp", "8", "pp", "2"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.nodes, 2);
	ck_assert_uint_eq(l.node_gpus, 8);
	tu_scenario(&s, TU_OPTS("tp", "4", "pp", "3"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.nodes, 2);
	ck_assert_uint_eq(l.node_gpus, 6);
	tu_scenario(&s, TU_OPTS("tp", "3", "pp", "3"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.nodes, 3);
	ck_assert_uint_eq(l.node_gpus, 3);
	tu_scenario(&s, TU_OPTS("gpus", "16", "tp", "8"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.nodes, 1);
	ck_assert_uint_eq(l.node_gpus, 8);
	ck_assert_int_eq(scenario_layout(&s, 0, &l, &err), 0);
	ck_assert_uint_eq(l.nodes, 1);
	ck_assert_uint_eq(l.node_gpus, 8);
}
END_TEST

START_TEST(test_layout_implied)
{
	/* --tp 2 alone: 2 GPUs */
	struct layout l = layout_of(TU_OPTS("tp", "2"));

	ck_assert_u64(l.gpus, 2);
	ck_assert_u64(l.tp, 2);
	ck_assert_u64(l.replicas, 1);
	/* --gpus 8 alone: TP 8 */
	l = layout_of(TU_OPTS("gpus", "8"));
	ck_assert_u64(l.tp, 8);
	ck_assert_u64(l.replicas, 1);
	/* --gpus 8 --pp 2: TP 4 per stage */
	l = layout_of(TU_OPTS("gpus", "8", "pp", "2"));
	ck_assert_u64(l.tp, 4);
	ck_assert_u64(l.pp, 2);
	ck_assert_u64(l.replicas, 1);
	/* --tp 4 --pp 2: 8 GPUs */
	l = layout_of(TU_OPTS("tp", "4", "pp", "2"));
	ck_assert_u64(l.gpus, 8);
	/* EP within the TP group */
	l = layout_of(TU_OPTS("ep", "2"));
	ck_assert_u64(l.ep, 2);
	l = layout_of(TU_OPTS("ep", "4"));
	ck_assert_u64(l.ep, 4);
}
END_TEST

START_TEST(test_layout_node)
{
	struct scenario s;
	struct layout l;
	struct gp_error err;

	/* auto TP stays within a node of 8 (an HGX H100): 16 GPUs are TP 8
	 * and 2 replicas, 12 are TP 4 (the largest power of two of at most 8
	 * dividing 12) and 3 replicas, 8 stay TP 8; a TP given by hand, or
	 * no node size, keeps gpus / pp */
	tu_scenario(&s, TU_OPTS("gpus", "16"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 8);
	ck_assert_uint_eq(l.replicas, 2);
	tu_scenario(&s, TU_OPTS("gpus", "12"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 4);
	ck_assert_uint_eq(l.replicas, 3);
	tu_scenario(&s, TU_OPTS("gpus", "8"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 8);
	tu_scenario(&s, TU_OPTS("gpus", "16", "tp", "16"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 16);
	tu_scenario(&s, TU_OPTS("gpus", "16", "pp", "2"));
	ck_assert_int_eq(scenario_layout(&s, 8, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 8);
	ck_assert_uint_eq(l.replicas, 1);
	tu_scenario(&s, TU_OPTS("gpus", "16"));
	ck_assert_int_eq(scenario_layout(&s, 0, &l, &err), 0);
	ck_assert_uint_eq(l.tp, 16);
}
END_TEST

START_TEST(test_layout_errors)
{
	struct gp_error err;

	/* 6 GPUs cannot hold whole TP 4 replicas */
	layout_fails(TU_OPTS("gpus", "6", "tp", "4"), &err);
	ck_assert_has(err.msg, "--gpus 6");
	ck_assert_has(err.msg, "4");
	/* EP 3 does not divide TP 4 */
	layout_fails(TU_OPTS("ep", "3"), &err);
	ck_assert_has(err.msg, "--ep 3");
	/* EP larger than TP */
	layout_fails(TU_OPTS("tp", "2", "ep", "4"), &err);
	ck_assert_has(err.msg, "--ep 4");
	/* fewer GPUs than stages */
	layout_fails(TU_OPTS("gpus", "1", "pp", "2"), &err);
	ck_assert_has(err.msg, "--pp 2");
}
END_TEST

START_TEST(test_plan_rejects_bad_layout)
{
	struct scenario s;
	struct plan p;
	struct gp_error err;

	/* more stages than layers: Llama-3.1-8B has 32 */
	tu_scenario(&s, TU_OPTS("model", "llama-3.1-8b", "tp", "1", "pp", "64"));
	err.msg[0] = '\0';
	ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &err), 0);
	ck_assert_has(err.msg, "32 layers");
	/* a layout error comes back through plan_compute too */
	tu_scenario(&s, TU_OPTS("gpus", "6", "tp", "4"));
	ck_assert_int_ne(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &err), 0);
	ck_assert_has(err.msg, "--gpus 6");
}
END_TEST

/* scenario_equal compares what the user sees, not padding bytes: two
 * scenarios built differently but asking for the same plan are equal;
 * one changed option makes them differ. */
START_TEST(test_equal)
{
	struct scenario a, b;
	struct gp_error err;

	scenario_default(&a);
	memset(&b, 0xa5, sizeof b);	/* garbage in the padding */
	scenario_default(&b);
	ck_assert(scenario_equal(&a, &b));
	ck_assert_int_eq(scenario_set(&b, "context", "16k", &err), 0);
	ck_assert(!scenario_equal(&a, &b));
	ck_assert_int_eq(scenario_set(&b, "context", "8192", &err), 0);
	ck_assert(scenario_equal(&a, &b));	/* 8k and 8192 are one value */
}
END_TEST

static Suite *
scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tok = tcase_create("tokens");
	TCase *opt = tcase_create("options");
	TCase *lay = tcase_create("layout");

	tcase_add_test(tok, test_parse_tokens);
	tcase_add_test(tok, test_parse_tokens_rejects);
	suite_add_tcase(s, tok);

	tcase_add_test(opt, test_set_values);
	tcase_add_test(opt, test_native_weights);
	tcase_add_test(opt, test_set_range_errors);
	tcase_add_test(opt, test_set_choice_errors);
	tcase_add_test(opt, test_defaults);
	tcase_add_test(opt, test_get_round_trips_defaults);
	tcase_add_test(opt, test_get_round_trips_values);
	tcase_add_test(opt, test_options_table);
	suite_add_tcase(s, opt);

	tcase_add_test(lay, test_layout_default);
	tcase_add_test(lay, test_layout_replicas);
	tcase_add_test(lay, test_layout_node);
	tcase_add_test(lay, test_layout_nodes);
	tcase_add_test(lay, test_layout_implied);
	tcase_add_test(lay, test_layout_errors);
	tcase_add_test(lay, test_plan_rejects_bad_layout);
	tcase_add_test(lay, test_equal);
	suite_add_tcase(s, lay);
	return s;
}

int
main(void)
{
	return tu_run(scenario_suite());
}
