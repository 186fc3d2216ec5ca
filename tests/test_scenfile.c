/* test_scenfile.c - scenario files: every field survives save and load;
 * bad files are refused with file, line and key, and leave the scenario
 * as it was; a failed save leaves the old file intact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "scenfile.h"

TU_SCRATCH_DIR(dir, "/tmp/gpuplan-scenfile-XXXXXX")

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
read_all(const char *path)
{
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Every option set away from its default, saved, loaded back. */
START_TEST(round_trip_every_field)
{
	static const char *const values[][2] = {
		{"model", "deepseek-v3"}, {"model-config", "/srv/models/x/config.json"},
		{"model-file", "/srv/models/x-Q4_K_M.gguf"}, {"moe", "off"}, {"weights", "q4_k_m"},
		{"kv-dtype", "fp8"}, {"context", "128k"}, {"batch", "48"},
		{"prompt-tokens", "3000"}, {"output-tokens", "1k"}, {"gpu", "b200"},
		{"gpus", "16"}, {"tp", "8"}, {"pp", "1"}, {"ep", "8"}, {"engine", "simple"},
		{"gpu-mem-util", "0.85"}, {"hybrid-kv", "off"}, {"max-batched-tokens", "16k"},
		{"activation-gib", "3.5"}, {"overhead-gib", "0.75"}, {"eta-bw", "0.7"},
		{"eta-compute", "0.45"}, {"comm-latency-us", "12"}, {"gpu-price", "3.25"},
		{"api-price-in", "0.2"}, {"api-price-out", "0.8"}, {"api-price-cached", "0.05"}, {"utilization", "0.6"},
		{"mem-fraction-static", "0.8"}, {"kv-free-fraction", "0.85"}, {"ngl", "20"},
		{"cpu-moe", "on"}, {"n-cpu-moe", "12"}, {"flash-attn", "off"}, {"ubatch", "256"},
		{"split-mode", "row"}, {"host-bw-gbs", "460.8"}, {"engine-version", "0.10.1"},
		{"max-num-seqs", "512"}, {"enforce-eager", "on"}, {"sampler", "pytorch"},
		{"multimodal", "off"}, {"routing", "balanced"}, {"moe-backend", "cutlass"},
		{"demand-tokens", "2500"}, {"prefix-hit", "0.4"}, {"system-prompt-tokens", "1024"},
		{"demand-rps", "12.5"}, {"peak-ratio", "3"}, {"slo-ttft-ms", "800"},
		{"slo-tpot-ms", "40"}, {"slo-ttft-p99-ms", "2500"}, {"slo-tpot-p99-ms", "60"},
		{"tier-low", "50"}, {"tier-medium", "500"},
		{"tier-high", "5000"}, {"provider", "aws"}, {"region", "us-east-1"},
		{"gpu-capex", "30000"}, {"amortize-years", "4"}, {"power-kw", "0.7"},
		{"usd-per-kwh", "0.15"}, {"pue", "1.2"}, {"rate", "7.5"}, {"burstiness", "0.5"},
		{"requests", "20000"}, {"seed", "42"}, {"length-dist", "uniform:0.8-1"},
		{"trace", "/srv/traces/AzureLLMInferenceTrace_conv.csv"},
		{"spec", "draft:llama-3.1-8b"}, {"spec-tokens", "5"}, {"spec-accept", "0.65"},
	};
	struct scenario a, b;
	struct gp_error err;
	char path[256], va[96], vb[96];
	size_t n = sizeof values / sizeof values[0];

	scenario_default(&a);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(scenario_set(&a, values[i][0], values[i][1], &err) == 0, "%s", err.msg);
	/* every option of the table is covered above */
	ck_assert_uint_eq(n, scenario_option_count);
	snprintf(path, sizeof path, "%s/all.ini", dir);
	ck_assert_msg(scenfile_save(path, &a, &err) == 0, "%s", err.msg);
	scenario_default(&b);
	ck_assert_msg(scenfile_load(path, &b, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < scenario_option_count; i++) {
		scenario_get(&a, &scenario_options[i], va, sizeof va);
		scenario_get(&b, &scenario_options[i], vb, sizeof vb);
		ck_assert_str_eq(va, vb);
	}
	ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
}
END_TEST

/* The longest paths a scenario holds come back whole: a save once cut
 * a model-config path to 95 characters without a word. */
START_TEST(round_trip_longest_paths)
{
	struct scenario a, b;
	struct gp_error err;
	char path[256], cfg[SCENARIO_PATH_LEN], gguf[SCENARIO_PATH_LEN];

	memset(cfg, 'c', sizeof cfg - 1);
	cfg[0] = '/';
	strcpy(cfg + sizeof cfg - 1 - strlen("/config.json"), "/config.json");
	memset(gguf, 'g', sizeof gguf - 1);
	gguf[0] = '/';
	strcpy(gguf + sizeof gguf - 1 - strlen(".gguf"), ".gguf");
	ck_assert_uint_eq(strlen(cfg), SCENARIO_PATH_LEN - 1);
	scenario_default(&a);
	ck_assert_msg(scenario_set(&a, "model-config", cfg, &err) == 0, "%s", err.msg);
	ck_assert_msg(scenario_set(&a, "model-file", gguf, &err) == 0, "%s", err.msg);
	snprintf(path, sizeof path, "%s/long.ini", dir);
	ck_assert_msg(scenfile_save(path, &a, &err) == 0, "%s", err.msg);
	scenario_default(&b);
	ck_assert_msg(scenfile_load(path, &b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(b.model_config, cfg);
	ck_assert_str_eq(b.model_file, gguf);
}
END_TEST

/* A folder named with ; and # (an INI comment's marks) comes back as
 * it went, and what one line cannot keep is refused when it is set. */
START_TEST(round_trip_comment_marks)
{
	struct scenario a, b;
	struct gp_error err;
	char path[256];

	scenario_default(&a);
	ck_assert_msg(scenario_set(&a, "model-config", "/tmp/we;ird #dir ", &err) == 0, "%s",
		      err.msg);
	snprintf(path, sizeof path, "%s/marks.ini", dir);
	ck_assert_msg(scenfile_save(path, &a, &err) == 0, "%s", err.msg);
	scenario_default(&b);
	ck_assert_msg(scenfile_load(path, &b, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(b.model_config, "/tmp/we;ird #dir ");

	ck_assert_int_eq(scenario_set(&a, "model-config", "/tmp/a\"b", &err), -1);
	ck_assert_str_eq(err.msg, "--model-config: a control character or a double quote cannot "
				  "be kept in a scenario file");
	ck_assert_int_eq(scenario_set(&a, "model-config", "/tmp/a\nb", &err), -1);
	ck_assert_str_eq(a.model_config, "/tmp/we;ird #dir ");	/* unchanged */
}
END_TEST

static void
expect_error(const char *name, const char *text, const char *want)
{
	struct scenario s, before;
	struct gp_error err;
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, text);
	scenario_default(&s);
	s.batch = 7;
	before = s;
	ck_assert_int_eq(scenfile_load(path, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, want) != NULL, "\"%s\" lacks \"%s\"", err.msg, want);
	ck_assert_msg(strstr(err.msg, name) != NULL, "\"%s\" does not name the file", err.msg);
	ck_assert_int_eq(memcmp(&s, &before, sizeof s), 0);	/* unchanged */
}

START_TEST(bad_files)
{
	expect_error("empty.ini", "", "not a gpuplan scenario");
	expect_error("future.ini", "[gpuplan]\nformat = 2\n", "version 2 is not supported");
	expect_error("key.ini", "[gpuplan]\nformat = 1\n[workload]\nbatch = 4\ncontxt = 8k\n",
		     ":5: [workload] contxt: unknown key");
	expect_error("value.ini", "[gpuplan]\nformat = 1\n[workload]\nbatch = 4\ncontext = 8q\n",
		     ":5: [workload] context: must be a whole number");
	expect_error("section.ini", "[gpuplan]\nformat = 1\n[gpu]\nid = h100\n",
		     ":3: [gpu]: unknown section");
	/* A truncated file: the value line cut in the middle of the key. */
	expect_error("truncated.ini", "[gpuplan]\nformat = 1\n[workload]\nbat", "syntax error");
	/* All-valid lines before a bad one change nothing either. */
	expect_error("partial.ini",
		     "[gpuplan]\nformat = 1\n[workload]\nbatch = 64\n[hardware]\ntp = 0x\n",
		     "[hardware] tp");
}
END_TEST

START_TEST(binary_file)
{
	struct scenario s;
	struct gp_error err;
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/binary.ini", dir);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite("[gpuplan]\0format = 1\n", 1, 21, f);
	fclose(f);
	scenario_default(&s);
	ck_assert_int_eq(scenfile_load(path, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "binary") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(failed_save_keeps_old_file)
{
	struct scenario s;
	struct gp_error err;
	char path[300], sub[256], old[16384];

	snprintf(sub, sizeof sub, "%s/ro", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(path, sizeof path, "%s/plan.ini", sub);
	scenario_default(&s);
	ck_assert_int_eq(scenfile_save(path, &s, &err), 0);
	strcpy(old, read_all(path));
	ck_assert_int_eq(chmod(sub, 0555), 0);
	s.batch = 99;
	if (geteuid() == 0) {
		/* root writes anyway; the atomic path is covered below */
		ck_assert_int_eq(chmod(sub, 0755), 0);
		return;
	}
	ck_assert_int_eq(scenfile_save(path, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "old file is untouched") != NULL ||
		      strstr(err.msg, "cannot create") != NULL, "%s", err.msg);
	ck_assert_str_eq(read_all(path), old);
}
END_TEST

START_TEST(save_into_missing_dir)
{
	struct scenario s;
	struct gp_error err;
	char path[256];

	snprintf(path, sizeof path, "%s/no/such/dir/plan.ini", dir);
	scenario_default(&s);
	ck_assert_int_eq(scenfile_save(path, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "plan.ini") != NULL, "%s", err.msg);
}
END_TEST

/* A write that fails midway (here: a file-size limit, which also stops
 * root) leaves the old file as it was and no temp file behind. */
START_TEST(write_failure_keeps_old_file)
{
	struct scenario s;
	struct gp_error err;
	struct rlimit small = {64, 64};
	char path[256], cmd[512], before[16384];
	pid_t pid;
	int status;

	snprintf(path, sizeof path, "%s/keep.ini", dir);
	scenario_default(&s);
	ck_assert_int_eq(scenfile_save(path, &s, &err), 0);
	strcpy(before, read_all(path));
	s.batch = 1234;
	/* In a child of its own, away from Check's files and stdout. */
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &small) != 0)
			_exit(3);
		if (scenfile_save(path, &s, &err) == 0)
			_exit(1);
		_exit(strstr(err.msg, "old file is untouched") != NULL ? 0 : 2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child status %d", status);
	ck_assert_str_eq(read_all(path), before);
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A directory in the file's place is refused before any temp file is
 * made: the error says so and nothing is left beside it. */
START_TEST(rename_failure_cleans_up)
{
	struct scenario s;
	struct gp_error err;
	char path[256], cmd[512];

	snprintf(path, sizeof path, "%s/taken", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	scenario_default(&s);
	ck_assert_int_eq(scenfile_save(path, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "taken: is a directory, not a file: nothing written") != NULL,
		      "%s", err.msg);
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A save replaces the file whole and leaves no temp file behind. */
START_TEST(save_is_atomic)
{
	struct scenario s;
	struct gp_error err;
	char path[256], cmd[512];

	snprintf(path, sizeof path, "%s/a.ini", dir);
	write_file(path, "old contents that are longer than nothing at all\n");
	scenario_default(&s);
	ck_assert_int_eq(scenfile_save(path, &s, &err), 0);
	ck_assert_ptr_nonnull(strstr(read_all(path), "[gpuplan]\nformat = 1\n"));
	ck_assert_ptr_null(strstr(read_all(path), "old contents"));
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("scenfile");
	TCase *tc = tcase_create("scenfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip_every_field);
	tcase_add_test(tc, round_trip_longest_paths);
	tcase_add_test(tc, round_trip_comment_marks);
	tcase_add_test(tc, bad_files);
	tcase_add_test(tc, binary_file);
	tcase_add_test(tc, failed_save_keeps_old_file);
	tcase_add_test(tc, save_into_missing_dir);
	tcase_add_test(tc, save_is_atomic);
	tcase_add_test(tc, write_failure_keeps_old_file);
	tcase_add_test(tc, rename_failure_cleans_up);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
