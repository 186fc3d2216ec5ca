/* test_explain.c - every explain line balances: for each catalog model
 * under each engine and several layouts, the NUMBERS part of each
 * checked line ("NAME = FORMULA = NUMBERS = RESULT UNIT"), evaluated
 * here, gives the RESULT it prints, within the rounding of the printed
 * operands. The evaluator works on intervals: a printed 12.14 stands for
 * [12.135, 12.145], an integer without a decimal point is exact, so a
 * line passes exactly when some true values behind its rounded operands
 * produce its rounded result. It would have caught the three wrong
 * lines of the first screen: DeepSeek-V3's KV/token (224 B printed, the
 * core's 1,152 B), SGLang's pool (operands 8.15, result 16.55 GiB) and
 * $/M divided by the decode rather than the sustained rate. The same
 * check then runs over seeded random scenarios of test_invariants.c's
 * generator (tests/randscen.h). */
#include <ctype.h>

#include "engine.h"
#include "explain.h"
#include "hfimport.h"
#include "testutil.h"
#include "randscen.h"

struct iv {
	double lo, hi;
};

struct ev {
	const char *p;
	bool bad;
};

static struct iv ev_expr(struct ev *e);

static void
skip(struct ev *e)
{
	while (*e->p == ' ')
		e->p++;
}

/* A label word (not the "x" operator, not a function): "weights",
 * "host", "GB". */
static bool
label_word(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)p[0]))
		return false;
	while (isalpha((unsigned char)p[n]) || p[n] == '_' || p[n] == '-')
		n++;
	if (n == 1 && p[0] == 'x')
		return false;
	if (p[n] == '(')
		return false;
	return true;
}

static void
skip_labels(struct ev *e)
{
	for (;;) {
		skip(e);
		if (!label_word(e->p))
			return;
		while (isalpha((unsigned char)*e->p) || *e->p == '_' || *e->p == '-')
			e->p++;
	}
}

/* A printed number and the interval it stands for. */
static struct iv
number(const char *p, const char **end, bool *ok)
{
	char *q;
	double v = strtod(p, &q);
	const char *dot = NULL, *ex = NULL;
	int decimals = 0, exp10 = 0;
	struct iv r = {v, v};

	*ok = q != p;
	if (!*ok)
		return r;
	for (const char *c = p; c < q; c++) {
		if (*c == '.')
			dot = c;
		if (*c == 'e' || *c == 'E')
			ex = c;
	}
	if (dot != NULL) {
		decimals = (int)((ex != NULL ? ex : q) - dot - 1);
		if (ex != NULL)
			exp10 = atoi(ex + 1);
		r.lo = v - 0.5 * pow(10, exp10 - decimals);
		r.hi = v + 0.5 * pow(10, exp10 - decimals);
	}
	*end = q;
	return r;
}

static struct iv
iv_mul(struct iv a, struct iv b)
{
	double c[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
	struct iv r = {c[0], c[0]};

	for (int i = 1; i < 4; i++) {
		r.lo = fmin(r.lo, c[i]);
		r.hi = fmax(r.hi, c[i]);
	}
	return r;
}

static struct iv
iv_div(struct iv a, struct iv b)
{
	if (b.lo <= 0 && b.hi >= 0)
		return (struct iv){-HUGE_VAL, HUGE_VAL};
	return iv_mul(a, (struct iv){1 / b.hi, 1 / b.lo});
}

static struct iv
ev_primary(struct ev *e)
{
	struct iv r = {0, 0};
	bool ok;

	skip_labels(e);
	if (*e->p == '-') {
		e->p++;
		r = ev_primary(e);
		return (struct iv){-r.hi, -r.lo};
	}
	if (*e->p == '(') {
		e->p++;
		r = ev_expr(e);
		skip_labels(e);
		if (*e->p++ != ')')
			e->bad = true;
		return r;
	}
	if (strncmp(e->p, "max(", 4) == 0 || strncmp(e->p, "floor(", 6) == 0) {
		bool is_max = e->p[0] == 'm';

		e->p += is_max ? 4 : 6;
		r = ev_expr(e);
		if (is_max) {
			skip_labels(e);
			while (*e->p == ',') {
				struct iv b;

				e->p++;
				b = ev_expr(e);
				r.lo = fmax(r.lo, b.lo);
				r.hi = fmax(r.hi, b.hi);
				skip_labels(e);
			}
		} else {
			r.lo = floor(r.lo);
			r.hi = floor(r.hi);
		}
		skip_labels(e);
		if (*e->p++ != ')')
			e->bad = true;
		return r;
	}
	r = number(e->p, &e->p, &ok);
	if (!ok) {
		e->bad = true;
		return r;
	}
	if (*e->p == '%') {
		e->p++;
		r.lo /= 100;
		r.hi /= 100;
	}
	skip_labels(e);
	return r;
}

static struct iv
ev_power(struct ev *e)
{
	struct iv b = ev_primary(e), x;

	skip_labels(e);
	if (*e->p != '^')
		return b;
	e->p++;
	x = ev_primary(e);
	if (x.lo != x.hi || b.lo < 0) {
		e->bad = true;	/* exponents here are exact counts */
		return b;
	}
	return (struct iv){pow(b.lo, x.lo), pow(b.hi, x.lo)};
}

static struct iv
ev_term(struct ev *e)
{
	struct iv r = ev_power(e);

	for (;;) {
		skip_labels(e);
		if (e->p[0] == 'x' && e->p[1] == ' ') {
			e->p++;
			r = iv_mul(r, ev_power(e));
		} else if (*e->p == '/') {
			e->p++;
			r = iv_div(r, ev_power(e));
		} else {
			return r;
		}
	}
}

static struct iv
ev_expr(struct ev *e)
{
	struct iv r = ev_term(e);

	for (;;) {
		skip_labels(e);
		if (*e->p == '+') {
			struct iv b;

			e->p++;
			b = ev_term(e);
			r = (struct iv){r.lo + b.lo, r.hi + b.hi};
		} else if (*e->p == '-' && e->p[1] == ' ') {
			struct iv b;

			e->p++;
			b = ev_term(e);
			r = (struct iv){r.lo - b.hi, r.hi - b.lo};
		} else {
			return r;
		}
	}
}

/* Whether a line's numbers give its result; why not in why. */
static bool
balances(const char *line, char *why, size_t len)
{
	const char *last = NULL, *prev = NULL, *q;
	char numbers[EXPLAIN_LEN], result[32];
	size_t j = 0;
	struct ev e;
	struct iv got, want;
	bool ok;

	for (q = strstr(line, " = "); q != NULL; q = strstr(q + 1, " = ")) {
		prev = last;
		last = q;
	}
	if (prev == NULL) {
		snprintf(why, len, "not NAME = NUMBERS = RESULT");
		return false;
	}
	snprintf(numbers, sizeof numbers, "%.*s", (int)(last - prev - 3), prev + 3);
	/* the result: "$1,234", "12.14 GiB", "32" */
	for (q = last + 3; *q == '$'; q++)
		;
	for (; (isdigit((unsigned char)*q) || *q == ',' || *q == '.' || *q == '-' ||
		*q == 'e') && j + 1 < sizeof result; q++) {
		if (*q != ',')
			result[j++] = *q;
	}
	result[j] = '\0';
	want = number(result, &q, &ok);
	if (!ok) {
		snprintf(why, len, "no result number after the last \" = \"");
		return false;
	}
	if (want.lo == want.hi) {	/* a result printed whole is rounded too */
		want.lo -= 0.5;
		want.hi += 0.5;
	}
	e.p = numbers;
	e.bad = false;
	got = ev_expr(&e);
	skip_labels(&e);
	if (e.bad || *e.p != '\0') {
		snprintf(why, len, "cannot evaluate \"%s\" at \"%s\"", numbers, e.p);
		return false;
	}
	/* a hair of slack for the binary doubles behind exact decimals */
	if (got.hi < want.lo - 1e-9 * fabs(want.lo) || got.lo > want.hi + 1e-9 * fabs(want.hi)) {
		snprintf(why, len, "\"%s\" gives [%.6g, %.6g], the line says %s", numbers,
			 got.lo, got.hi, result);
		return false;
	}
	return true;
}

START_TEST(test_checker_catches_wrong_lines)
{
	char why[512];

	/* the evaluator itself: right lines pass, the old bugs fail */
	ck_assert(balances("a = b = 2 x 3 = 6", why, sizeof why));
	ck_assert(!balances("a = b = 2 x 3 = 7", why, sizeof why));
	ck_assert(balances("pool = f = 71.7 - 50.6 weights - 7.4 act - 1.55 other = 12.14 GiB",
			   why, sizeof why));
	ck_assert_msg(!balances("KV pool = 71.7 - 50.6 weights - 7.4 act - 1.55 other = 16.55 GiB",
				why, sizeof why), "the first screen's SGLang line");
	/* $/M by the decode rate 1054 instead of the sustained 980.2 */
	ck_assert(!balances("$/M out = f = 10.76 / (980.2 x 3600 x 100% / 1e6) = $2.84", why,
			    sizeof why));
	ck_assert(balances("$/M out = f = 10.76 / (980.2 x 3600 x 100% / 1e6) = $3.05", why,
			   sizeof why));
	ck_assert(!balances("KV = f = 2 x 1 x 56 x 2 = 1152 B", why, sizeof why));
	ck_assert(balances("e = f = 16 x (1 - (1 - 1/16)^16) = 10.30", why, sizeof why));
	ck_assert(balances("m = f = floor(12.14 / 0.3750) = 32", why, sizeof why));
	ck_assert(balances("g = f = max((11.338 + 0.000) / 0.80, 1.2 / 0.5) = 14.172 ms", why,
			   sizeof why));
	ck_assert(balances("w = f = 27.1700e9 x 16.000 / 8 / 2^30 = 50.61 GiB", why, sizeof why));
	ck_assert(balances("b = f = 7855.80 / 1.2345 = 6364 M tok/month", why, sizeof why));
	ck_assert(!balances("no arithmetic here", why, sizeof why));
	/* NAME = NUMBERS = RESULT, the screen's narrow form, balances too */
	ck_assert(balances("a = 2 x 3 = 6", why, sizeof why));
	{
		char c[64];

		explain_compact("KV = 2 x heads = 2 x 4 = 8 B", c, sizeof c);
		ck_assert_str_eq(c, "KV = 2 x 4 = 8 B");
		explain_compact("a = 2 x 3 = 6", c, sizeof c);
		ck_assert_str_eq(c, "a = 2 x 3 = 6");
	}
}
END_TEST

static const char *const variants[][12] = {
	{NULL},
	{"tp", "8", NULL},
	{"tp", "1", "gpus", "2", "kv-dtype", "fp8", NULL},
	{"pp", "2", "tp", "2", NULL},
	{"batch", "256", "context", "32k", "weights", "fp8", NULL},
	{"weights", "int4", "moe", "off", "batch", "1", NULL},
	{"hybrid-kv", "off", "gpu", "a100-80gb", NULL},
	{"ngl", "4", "cpu-moe", "on", "gpu", "rtx-4090", "tp", "1", NULL},
	{"spec", "eagle", NULL},
	{"spec", "ngram", "spec-accept", "1", "pp", "2", "tp", "2", NULL},
};

/* Every checked line of one model's plans, under every engine and
 * variant, balances; returns how many lines were checked. */
static int
model_lines_balance(const struct catalog *c, const struct model *m)
{
	int lines = 0;

	for (unsigned e = 0; e < engine_count; e++) {
		for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
			struct scenario s;
			struct plan p;
			struct explain x;
			struct gp_error err;
			const char *const *opts = variants[v];

			tu_scenario(&s, opts[0] != NULL ? opts : NULL);
			if (catalog_model(c, m->id) != NULL)
				ck_assert_int_eq(scenario_set(&s, "model", m->id, &err), 0);
			ck_assert_int_eq(scenario_set(&s, "engine", engines[e]->id, &err), 0);
			if (s.pp > m->layers)
				continue;
			ck_assert_ptr_nonnull(catalog_gpu(c, s.gpu));
			ck_assert_msg(plan_compute(&s, m, catalog_gpu(c, s.gpu), &p, &err) == 0,
				      "%s: %s", m->id, err.msg);
			plan_explain(&s, m, catalog_gpu(c, s.gpu), &p, &x);
			ck_assert_int_ge(x.n, 10);
			for (int i = 0; i < x.n; i++) {
				char why[512], compact[EXPLAIN_LEN];

				if (!x.line[i].checked)
					continue;
				lines++;
				ck_assert_msg(balances(x.line[i].text, why, sizeof why),
					      "%s, %s, variant %zu: \"%s\": %s", m->id,
					      engines[e]->id, v, x.line[i].text, why);
				/* the screen's narrow form keeps the same numbers */
				explain_compact(x.line[i].text, compact, sizeof compact);
				ck_assert_msg(balances(compact, why, sizeof why), "\"%s\": %s",
					      compact, why);
			}
		}
	}
	return lines;
}

/* Every catalog model, every engine, every variant. */
START_TEST(test_every_line_balances)
{
	const struct catalog *c = tu_catalog();
	int lines = 0;

	for (size_t mi = 0; mi < c->n_models; mi++)
		lines += model_lines_balance(c, &c->models[mi]);
	ck_assert_int_gt(lines, 1000);
}
END_TEST

/* The kinds the pinned catalog has no model of: DeepSeek's sparse
 * attention (its KV line adds the indexer's keys). */
START_TEST(test_imported_lines_balance)
{
	struct model m;
	struct gp_error err;

	err.msg[0] = '\0';
	if (hfimport_load(GPUPLAN_TESTDATADIR "/hf/DeepSeek-V3.2/config.json", &m, NULL, &err) != 0)
		ck_abort_msg("%s", err.msg);
	ck_assert_int_gt(model_lines_balance(tu_catalog(), &m), 100);
}
END_TEST

#define RANDOM_CASES (3000 / RANDOM_SHARE)

/* Every checked line of every plan drawn at random, and its narrow form. */
START_TEST(test_random_lines_balance)
{
	const struct catalog *c = tu_catalog();
	uint64_t x = 0xd1b54a32d192ed03ull;
	unsigned planned = 0, lines = 0;

	for (uint64_t i = 0; i < RANDOM_CASES; i++) {
		struct scenario s;
		struct plan p;
		struct explain e;
		struct gp_error err;
		const struct model *m;
		const struct gpu *g;

		draw(&x, &s);
		m = catalog_model(c, s.model);
		g = catalog_gpu(c, s.gpu);
		if (plan_compute(&s, m, g, &p, &err) != 0)
			continue;	/* a layout the model refuses */
		planned++;
		plan_explain(&s, m, g, &p, &e);
		for (int k = 0; k < e.n; k++) {
			char why[512], compact[EXPLAIN_LEN];

			if (!e.line[k].checked)
				continue;
			lines++;
			ck_assert_msg(balances(e.line[k].text, why, sizeof why),
				      "case %llu (%s on %s, %s): \"%s\": %s", (unsigned long long)i,
				      s.model, s.gpu, engine_id(s.engine), e.line[k].text, why);
			explain_compact(e.line[k].text, compact, sizeof compact);
			ck_assert_msg(balances(compact, why, sizeof why), "case %llu: \"%s\": %s",
				      (unsigned long long)i, compact, why);
		}
	}
	ck_assert_uint_gt(planned, RANDOM_CASES / 2);
	ck_assert_uint_gt(lines, 10 * planned);
}
END_TEST

static const char *
find_line(const struct explain *x, const char *prefix)
{
	for (int i = 0; i < x->n; i++) {
		if (strncmp(x->line[i].text, prefix, strlen(prefix)) == 0)
			return x->line[i].text;
	}
	return "";
}

START_TEST(test_the_three_first_screen_bugs)
{
	struct scenario s;
	struct plan p;
	struct explain x;

	/* DeepSeek-V3 (MLA): (kv_lora_rank 512 + qk_rope_head_dim 64) x 2 B
	 * = 1,152 B per token per layer, on every GPU (DeepSeek-V3 paper,
	 * section 2.1.1; config.json) */
	tu_plan(&p, &s, TU_OPTS("model", "deepseek-v3", "gpu", "h200", "tp", "8"));
	plan_explain(&s, tu_model("deepseek-v3"), tu_gpu("h200"), &p, &x);
	ck_assert_has(find_line(&x, "KV/token/layer"), "(512 + 64) x 2 = 1152 B");

	/* SGLang: pool = mem_fraction_static x (capacity - non-torch) - weights
	 * (model_runner.py), not vLLM's rule; the default f at TP 4 on an
	 * H100 is round((81,559 - 14,800) / 81,559, 3) = 0.819 (test_engines) */
	tu_plan(&p, &s, TU_OPTS("engine", "sglang"));
	plan_explain(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &x);
	ck_assert_has(find_line(&x, "KV pool"), "mem_fraction_static");
	ck_assert_has(find_line(&x, "KV pool"), "0.819 x 78.67 - ");

	/* $/M output tokens divides by the sustained rate, as cost.c does */
	tu_plan(&p, &s, NULL);
	plan_explain(&s, tu_model(s.model), tu_gpu(s.gpu), &p, &x);
	ck_assert_has(find_line(&x, "$/M out"), "sustained");
	{
		char want[32];

		snprintf(want, sizeof want, "(%.1f x 3600", p.sustained_tokens_per_s);
		ck_assert_has(find_line(&x, "$/M out"), want);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("lines");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_checker_catches_wrong_lines);
	tcase_add_test(tc, test_every_line_balances);
	tcase_add_test(tc, test_imported_lines_balance);
	tcase_add_test(tc, test_the_three_first_screen_bugs);
	tcase_add_test(tc, test_random_lines_balance);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
