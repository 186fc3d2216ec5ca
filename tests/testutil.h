/* testutil.h - helpers shared by the unit tests (Check).
 *
 * Everything here is a macro or static inline, so each test program
 * includes it once and nothing needs linking. Expected values in the
 * tests are worked out by hand from doc/planning-model.md, the sources
 * it cites and the catalogs; these helpers only load inputs and compare
 * numbers. The tests plan against pinned copies of the catalogs
 * (tests/data/catalog-planning/README), so that an update to data/
 * cannot change their arithmetic. */
#ifndef GPUPLAN_TESTUTIL_H
#define GPUPLAN_TESTUTIL_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catload.h"
#include "engine.h"
#include "plan.h"
#include "scenario.h"

#ifndef GPUPLAN_SRCDATADIR
#error "GPUPLAN_SRCDATADIR must name the source tree's data directory"
#endif
#ifndef GPUPLAN_TESTDATADIR
#error "GPUPLAN_TESTDATADIR must name the source tree's tests/data directory"
#endif

/* Pinned copies of data/models.json and data/gpus.json. */
#define TU_CATALOG_DIR GPUPLAN_TESTDATADIR "/catalog-planning"

#define TU_GIB 1073741824.0	/* 2^30 */
#define TU_MIB 1048576.0	/* 2^20 */

/* actual within a relative tolerance of expected: |a - e| <= tol * |e|. */
#define ck_assert_rel(actual, expected, tol) do {				\
	double tu_a_ = (double)(actual), tu_e_ = (double)(expected);		\
	double tu_t_ = (double)(tol);						\
	ck_assert_msg(fabs(tu_a_ - tu_e_) <= tu_t_ * fabs(tu_e_),		\
	    "%s = %.12g, expected %.12g within %g%% (off by %.4g%%)",		\
	    #actual, tu_a_, tu_e_, tu_t_ * 100.0,				\
	    tu_e_ != 0 ? 100.0 * (tu_a_ - tu_e_) / tu_e_ : HUGE_VAL);		\
} while (0)

/* actual within an absolute tolerance of expected. */
#define ck_assert_near(actual, expected, tol) do {				\
	double tu_a_ = (double)(actual), tu_e_ = (double)(expected);		\
	double tu_t_ = (double)(tol);						\
	ck_assert_msg(fabs(tu_a_ - tu_e_) <= tu_t_,				\
	    "%s = %.12g, expected %.12g +- %g", #actual, tu_a_, tu_e_, tu_t_);	\
} while (0)

/* Exact unsigned 64-bit equality, printed as integers. */
#define ck_assert_u64(actual, expected) do {					\
	unsigned long long tu_a_ = (unsigned long long)(actual);		\
	unsigned long long tu_e_ = (unsigned long long)(expected);		\
	ck_assert_msg(tu_a_ == tu_e_, "%s = %llu, expected %llu",		\
	    #actual, tu_a_, tu_e_);						\
} while (0)

/* A string (an error message) contains a substring. */
#define ck_assert_has(haystack, needle) do {					\
	const char *tu_h_ = (haystack), *tu_n_ = (needle);			\
	ck_assert_msg(tu_h_ != NULL && strstr(tu_h_, tu_n_) != NULL,		\
	    "expected \"%s\" in \"%s\"", tu_n_, tu_h_ ? tu_h_ : "(null)");	\
} while (0)

/* A NULL-terminated list of option name/value pairs for tu_plan():
 * TU_OPTS("model", "llama-3.1-8b", "tp", "1"). */
#define TU_OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Loads the catalog in dir into *cat once per process (each forked test
 * loads its own copy; it stays reachable through the caller's static,
 * so leak checkers do not count it). */
static inline const struct catalog *
tu_catalog_once(struct catalog *cat, int *loaded, const char *dir)
{
	struct gp_error err;

	if (!*loaded) {
		err.msg[0] = '\0';
		if (catalog_load(cat, dir, &err) != 0)
			ck_abort_msg("cannot load the catalog from %s: %s", dir, err.msg);
		*loaded = 1;
	}
	return cat;
}

/* The test catalog (TU_CATALOG_DIR). */
static inline const struct catalog *
tu_catalog(void)
{
	static struct catalog cat;
	static int loaded;

	return tu_catalog_once(&cat, &loaded, TU_CATALOG_DIR);
}

/* The shipped catalog in data/, for the tests that are about it (the
 * measurement ledger). */
static inline const struct catalog *
tu_shipped_catalog(void)
{
	static struct catalog cat;
	static int loaded;

	return tu_catalog_once(&cat, &loaded, GPUPLAN_SRCDATADIR);
}

static inline const struct model *
tu_model(const char *id)
{
	const struct model *m = catalog_model(tu_catalog(), id);

	ck_assert_msg(m != NULL, "model \"%s\" is not in the test catalog", id);
	return m;
}

static inline const struct gpu *
tu_gpu(const char *id)
{
	const struct gpu *g = catalog_gpu(tu_catalog(), id);

	ck_assert_msg(g != NULL, "GPU \"%s\" is not in the test catalog", id);
	return g;
}

static inline struct model_counts
tu_counts(const char *id)
{
	struct model_counts c;

	model_count(tu_model(id), &c);
	return c;
}

/* The engines[] index of an engine id. */
static inline unsigned
tu_engine(const char *id)
{
	unsigned e = 0;

	ck_assert_msg(engine_parse(id, &e) == 0, "no engine \"%s\"", id);
	return e;
}

/* Defaults, then each name/value pair of opts (may be NULL). */
static inline void
tu_scenario(struct scenario *s, const char *const *opts)
{
	scenario_default(s);
	for (size_t i = 0; opts != NULL && opts[i] != NULL; i += 2) {
		struct gp_error err;

		err.msg[0] = '\0';
		ck_assert_msg(opts[i + 1] != NULL, "option %s has no value", opts[i]);
		if (scenario_set(s, opts[i], opts[i + 1], &err) != 0)
			ck_abort_msg("--%s %s: %s", opts[i], opts[i + 1], err.msg);
	}
}

/* Computes the plan of defaults + opts against the test catalog;
 * the scenario used is left in *s. */
static inline void
tu_plan(struct plan *p, struct scenario *s, const char *const *opts)
{
	struct gp_error err;

	err.msg[0] = '\0';
	tu_scenario(s, opts);
	if (plan_compute(s, tu_model(s->model), tu_gpu(s->gpu), p, &err) != 0)
		ck_abort_msg("plan_compute failed: %s", err.msg);
}

static inline const struct warning *
tu_warning(const struct plan *p, enum warn_code code)
{
	for (int i = 0; i < p->n_warnings; i++) {
		if (p->warnings[i].code == code)
			return &p->warnings[i];
	}
	return NULL;
}

/* Runs one suite; the exit status of a test program. */
static inline int
tu_run(Suite *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* A scratch directory per test, as a checked fixture: TU_SCRATCH_DIR(dir,
 * "/tmp/gpuplan-x-XXXXXX") defines the path `dir` and the setup and
 * teardown that make it and remove it (read-only files and all), then
 * put the template back for the next test. */
#define TU_SCRATCH_DIR(dir, template)						\
static char dir[] = template;							\
static void									\
setup(void)									\
{										\
	ck_assert_ptr_nonnull(mkdtemp(dir));					\
}										\
static void									\
teardown(void)									\
{										\
	char tu_cmd_[2 * sizeof dir + 40];					\
										\
	snprintf(tu_cmd_, sizeof tu_cmd_, "chmod -R u+w %s; rm -rf %s", dir, dir); \
	ck_assert_int_eq(system(tu_cmd_), 0);					\
	strcpy(dir, template);							\
}

#endif
