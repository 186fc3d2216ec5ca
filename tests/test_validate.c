/* test_validate.c - the shipped ledger of measurements, planned
 * (doc/planning-model.md section 11). The first bars were memory errors
 * at most 5% and a median throughput error at most 25%; they are
 * tightened to what the model now meets with room to spare (worst
 * memory 0.09%, median throughput 13.7%). Tighten them further as the model improves, never
 * tune constants per entry to meet them. */
#include <unistd.h>

#include "testutil.h"
#include "validate.h"

#define LEDGER GPUPLAN_SRCDATADIR "/measurements.json"

static void
run(const char *path, struct validate_summary *sum, char **text)
{
	struct gp_error err;
	size_t len;
	FILE *out = open_memstream(text, &len);

	ck_assert_ptr_nonnull(out);
	err.msg[0] = '\0';
	if (validate_run(tu_shipped_catalog(), path, out, sum, &err) != 0) {
		fclose(out);
		ck_abort_msg("validate_run: %s", err.msg);
	}
	fclose(out);
}

START_TEST(test_ledger_loads)
{
	struct validate_summary sum;
	char *text = NULL;

	run(LEDGER, &sum, &text);
	/* 16 usable MLPerf figures (the suspicious v5.0 H100 row left out)
	 * and nine checkpoint sizes (doc/planning-model.md section 11) */
	ck_assert_int_eq(sum.n_throughput, 16);
	ck_assert_int_eq(sum.n_memory, 9);
	/* 32 engine start-up logs of three engines, each engine within
	 * the bounds, and five CUDA-graph captures, reported apart */
	ck_assert_int_eq(sum.n_startup, 32);
	ck_assert_int_eq(sum.n_graphs, 5);
	ck_assert_int_eq(sum.n_engines, 3);
	for (int k = 0; k < sum.n_engines; k++)
		ck_assert_msg(sum.engines[k].ok, "%s misses its bounds", sum.engines[k].engine);
	ck_assert(sum.startup_ok);
	ck_assert_has(text, "start-vllm-llama-3.1-8b-a100-40gb-eager");
	ck_assert_has(text, "capped at 512");
	ck_assert_has(text, "mlperf41-h200x8-llama2-70b-offline");
	ck_assert_has(text, "Summary");
	free(text);
}
END_TEST

#define MEMORY_WORST_BAR 0.01
#define THROUGHPUT_MEDIAN_BAR 0.20

START_TEST(test_within_bars)
{
	struct validate_summary sum;
	char *text = NULL;

	run(LEDGER, &sum, &text);
	if (sum.memory_worst > MEMORY_WORST_BAR || sum.throughput_median > THROUGHPUT_MEDIAN_BAR)
		fputs(text, stderr);
	free(text);
	ck_assert_int_eq(sum.n_not_planned, 0);
	ck_assert_msg(sum.memory_worst <= MEMORY_WORST_BAR,
		      "worst memory error %.2f%% (%s), the bar is %.0f%% (table on stderr)",
		      sum.memory_worst * 100, sum.memory_worst_id, MEMORY_WORST_BAR * 100);
	ck_assert_msg(sum.throughput_median <= THROUGHPUT_MEDIAN_BAR,
		      "median throughput error %.1f%%, the bar is %.0f%% (table on stderr)",
		      sum.throughput_median * 100, THROUGHPUT_MEDIAN_BAR * 100);
}
END_TEST

/* A broken ledger names the file, the entry and the field. */
START_TEST(test_ledger_errors)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"{\"format\": \"gpuplan-models\", \"version\": 1, \"measurements\": []}",
		 "field \"format\": expected \"gpuplan-measurements\""},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 2, \"measurements\": []}",
		 "version 2 is not supported"},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"x\", \"kind\": \"memory\", \"model\": \"llama-9\","
		 " \"weights\": \"bf16\", \"unit\": \"checkpoint_bytes\", \"measured\": 1}]}",
		 "measurements[0] (\"x\"): field \"model\": \"llama-9\" is not in the catalog"},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"y\", \"kind\": \"throughput\", \"model\": \"llama-3.1-8b\","
		 " \"weights\": \"bf16\", \"unit\": \"output_tokens_per_s_total\", \"measured\": 1,"
		 " \"gpu\": \"h100-sxm\", \"engine\": \"vllm\", \"kv_dtype\": \"bf16\","
		 " \"scenario\": \"offline\", \"gpus\": 1, \"tp\": 1}]}",
		 "measurements[0] (\"y\"): field \"output_tokens\" is missing"},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"z\", \"kind\": \"throughput\", \"model\": \"llama-3.1-8b\","
		 " \"weights\": \"fp7\", \"unit\": \"output_tokens_per_s_total\", \"measured\": 1,"
		 " \"gpu\": \"h100-sxm\", \"engine\": \"vllm\", \"kv_dtype\": \"bf16\","
		 " \"scenario\": \"offline\", \"gpus\": 1, \"tp\": 1, \"output_tokens\": 10}]}",
		 "measurements[0] (\"z\"): --weights fp7"},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"w\", \"kind\": \"speed\", \"model\": \"llama-3.1-8b\","
		 " \"weights\": \"bf16\", \"unit\": \"x\", \"measured\": 1}]}",
		 "field \"kind\": expected throughput, latency, memory or startup"},
		/* a TPOT is measured at a concurrency: the batch is required */
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"l\", \"kind\": \"latency\", \"model\": \"llama-3.1-8b\","
		 " \"weights\": \"bf16\", \"unit\": \"tpot_ms\", \"measured\": 10,"
		 " \"gpu\": \"h100-sxm\", \"engine\": \"vllm\", \"kv_dtype\": \"bf16\","
		 " \"scenario\": \"server\", \"gpus\": 1, \"tp\": 1, \"output_tokens\": 10}]}",
		 "measurements[0] (\"l\"): field \"batch\""},
		{"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		 " [{\"id\": \"m\", \"kind\": \"latency\", \"model\": \"llama-3.1-8b\","
		 " \"weights\": \"bf16\", \"unit\": \"ms\", \"measured\": 10}]}",
		 "field \"unit\": latency entries measure tpot_ms, not \"ms\""},
	};
	char path[] = "/tmp/gpuplan-ledger-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct validate_summary sum;
		struct gp_error err;
		FILE *f = fopen(path, "w");

		fputs(cases[i].json, f);
		fclose(f);
		err.msg[0] = '\0';
		ck_assert_int_ne(validate_run(tu_catalog(), path, NULL, &sum, &err), 0);
		ck_assert_has(err.msg, path);
		ck_assert_has(err.msg, cases[i].want);
	}
	remove(path);
}
END_TEST

/* Writes json to a new temporary ledger; path (a mkstemp template)
 * names it. */
static void
write_ledger(char *path, const char *json)
{
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	ck_assert_ptr_nonnull(f);
	fputs(json, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A small ledger with a known answer: the checkpoint of Llama-3.1-8B in
 * BF16 is exactly 2 x 8,030,261,248 bytes (doc/planning-model.md
 * section 2). */
START_TEST(test_exact_memory_entry)
{
	struct validate_summary sum;
	struct gp_error err;
	char path[] = "/tmp/gpuplan-ledger-XXXXXX";

	write_ledger(path, "{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		     " [{\"id\": \"m\", \"kind\": \"memory\", \"model\": \"llama-3.1-8b\","
		     " \"weights\": \"bf16\", \"unit\": \"checkpoint_bytes\","
		     " \"measured\": 16060522496}]}");
	ck_assert_int_eq(validate_run(tu_catalog(), path, NULL, &sum, &err), 0);
	ck_assert_int_eq(sum.n_memory, 1);
	ck_assert_int_eq(sum.n_throughput, 0);
	ck_assert_near(sum.memory_worst, 0, 1e-12);
	remove(path);
}
END_TEST

/* A latency entry's prediction is the plan's cycle over its output
 * tokens: Llama-3.1-8B BF16 on one H100 under vLLM, one in flight,
 * 2,048 + 512 tokens: the cycle is 2,977.688 ms (test_perf.c
 * test_dense_prefill_by_hand), 2,977.688 / 512 = 5.81580 ms. Measured
 * 5.81580 x 1.1 = 6.39738 ms: an error of 1 / 1.1 - 1 = -9.0909%. */
START_TEST(test_latency_entry)
{
	struct validate_summary sum;
	struct gp_error err;
	char path[] = "/tmp/gpuplan-ledger-XXXXXX";

	write_ledger(path, "{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		     " [{\"id\": \"l\", \"kind\": \"latency\", \"model\": \"llama-3.1-8b\","
		     " \"weights\": \"bf16\", \"unit\": \"tpot_ms\", \"measured\": 6.39738,"
		     " \"gpu\": \"h100-sxm\", \"engine\": \"vllm\", \"kv_dtype\": \"bf16\","
		     " \"scenario\": \"server\", \"gpus\": 1, \"tp\": 1, \"batch\": 1,"
		     " \"input_tokens\": 2048, \"output_tokens\": 512}]}");
	ck_assert_int_eq(validate_run(tu_catalog(), path, NULL, &sum, &err), 0);
	ck_assert_int_eq(sum.n_latency, 1);
	ck_assert_int_eq(sum.n_throughput, 0);
	ck_assert_rel(sum.latency_worst, 1 - 1 / 1.1, 0.0001);
	remove(path);
}
END_TEST

/* A server entry with both latency limits is run as loadgen's Server
 * scenario through simulate. Llama-3.1-8B BF16 on one H100 under vLLM,
 * 2,048 + 512 tokens, at the batch validate takes (the largest that
 * fits at 2,560 tokens, at most 512): with limits no latency reaches,
 * the highest rate is what the replica sustains, so the prediction is
 * within 10% of the plan's sustained rate (test_sim: a saturated run
 * is within 5% of it); with a TTFT limit of 1 ms, below any prompt's
 * prefill, no rate meets it, the prediction is 0 and the error -100%. */
START_TEST(test_server_entry)
{
	static const char *const fmt =
		"{\"format\": \"gpuplan-measurements\", \"version\": 1, \"measurements\":"
		" [{\"id\": \"s\", \"kind\": \"throughput\", \"model\": \"llama-3.1-8b\","
		" \"weights\": \"bf16\", \"unit\": \"output_tokens_per_s_total\", \"measured\": %g,"
		" \"gpu\": \"h100-sxm\", \"engine\": \"vllm\", \"kv_dtype\": \"bf16\","
		" \"scenario\": \"server\", \"gpus\": 1, \"tp\": 1, \"ttft_limit_ms\": %g,"
		" \"tpot_limit_ms\": 1000, \"input_tokens\": 2048, \"output_tokens\": 512}]}";
	struct validate_summary sum;
	struct gp_error err;
	struct scenario s;
	struct plan p;
	char path[] = "/tmp/gpuplan-ledger-XXXXXX", json[1024];
	uint64_t batch;

	/* the plan at the batch validate takes: the largest that fits,
	 * capped at 512 */
	tu_plan(&p, &s, TU_OPTS("model", "llama-3.1-8b", "gpu", "h100-sxm", "gpus", "1",
				"prompt-tokens", "2048", "output-tokens", "512", "context", "2560",
				"batch", "1"));
	batch = p.mem.max_concurrency < VALIDATE_BATCH_CAP ? p.mem.max_concurrency : VALIDATE_BATCH_CAP;
	s.batch = batch;
	ck_assert_int_eq(plan_compute(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &err), 0);
	snprintf(json, sizeof json, fmt, p.sustained_tokens_per_s, 1e6);
	write_ledger(path, json);
	ck_assert_int_eq(validate_run(tu_catalog(), path, NULL, &sum, &err), 0);
	ck_assert_int_eq(sum.n_server, 1);
	ck_assert_double_lt(sum.server_worst, 0.10);
	remove(path);
	snprintf(path, sizeof path, "/tmp/gpuplan-ledger-XXXXXX");
	snprintf(json, sizeof json, fmt, 1000.0, 1.0);
	write_ledger(path, json);
	ck_assert_int_eq(validate_run(tu_catalog(), path, NULL, &sum, &err), 0);
	ck_assert_int_eq(sum.n_server, 1);
	ck_assert_rel(sum.server_worst, 1.0, 1e-12);
	remove(path);
}
END_TEST

static Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *ledger = tcase_create("ledger");
	TCase *bounds = tcase_create("bounds");

	tcase_add_test(ledger, test_ledger_loads);
	tcase_add_test(ledger, test_ledger_errors);
	tcase_add_test(ledger, test_exact_memory_entry);
	tcase_add_test(ledger, test_latency_entry);
	tcase_add_test(ledger, test_server_entry);
	tcase_add_test(bounds, test_within_bars);
	suite_add_tcase(s, ledger);
	suite_add_tcase(s, bounds);
	return s;
}

int
main(void)
{
	return tu_run(validate_suite());
}
