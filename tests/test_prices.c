/* test_prices.c - imported prices (issue 17): the calendar, the rule
 * choosing a GPU's price, on-prem cost, and the SkyPilot / OpenRouter
 * readers against the fixtures in tests/data/prices.
 *
 * Hand-worked values:
 *   aws-vms.csv line 2: p5.48xlarge, 8 x H100, $98.32/h on-demand,
 *   $39.33 spot: 98.32 / 8 = 12.29 and 39.33 / 8 = 4.91625 per GPU-hour.
 *   On-prem: $30,000 over 3 years = 30,000 / (3 x 8,760 h) = 30,000 /
 *   26,280 = 1.141553 per hour; 0.7 kW x PUE 1.3 x $0.12/kWh =
 *   0.1092 per hour; together 1.250753 per GPU-hour. */
#include <dirent.h>
#include <unistd.h>

#include "testutil.h"
#include "cost.h"
#include "csv.h"
#include "price.h"
#include "prices.h"

#define FIXTURES GPUPLAN_TESTDATADIR "/prices"

START_TEST(test_dates)
{
	char buf[16];

	ck_assert_int_eq(price_date_days("1970-01-01"), 0);
	/* SOURCE_DATE_EPOCH of the tests: 1,796,083,200 s / 86,400 */
	ck_assert_int_eq(price_date_days("2026-12-01"), 20788);
	/* a month or a year counts as its last day */
	ck_assert_int_eq(price_date_days("2026-03"), price_date_days("2026-03-31"));
	ck_assert_int_eq(price_date_days("2026"), price_date_days("2026-12-31"));
	ck_assert_int_eq(price_date_days("2024-02"), price_date_days("2024-02-29"));
	ck_assert_int_eq(price_date_days("2026-03-10"), 20788 - 266);
	ck_assert_int_eq(price_date_days("2026-02-29"), -1);
	ck_assert_int_eq(price_date_days("2026-13"), -1);
	ck_assert_int_eq(price_date_days("26-01-01"), -1);
	ck_assert_int_eq(price_date_days("undated"), -1);
	ck_assert_int_eq(price_date_days(""), -1);
	price_days_date(20788, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-12-01");
	price_days_date(price_date_days("2000-02-29"), buf, sizeof buf);
	ck_assert_str_eq(buf, "2000-02-29");
}
END_TEST

static struct price_quote
quote(const char *provider, const char *region, const char *kind, double usd,
      const char *date)
{
	struct price_quote q = {.usd_per_hour = usd, .age_days = -1};

	snprintf(q.gpu, sizeof q.gpu, "h100-sxm");
	snprintf(q.provider, sizeof q.provider, "%s", provider);
	snprintf(q.region, sizeof q.region, "%s", region);
	snprintf(q.kind, sizeof q.kind, "%s", kind);
	snprintf(q.date, sizeof q.date, "%s", date);
	return q;
}

START_TEST(test_select)
{
	struct price_quote q[] = {
		quote("aws", "us-east-1", "on-demand", 12.29, "2026-11-30"),
		quote("aws", "us-west-2", "on-demand", 12.00, "2026-11-30"),
		quote("aws", "us-east-1", "spot", 4.92, "2026-11-30"),
		quote("gcp", "us-central1", "on-demand", 11.06, "2026-10-01"),
		quote("azure", "eastus", "spot", 3.00, "2026-11-30"),
	};
	struct gpu g = {.usd_per_hour = 2.69, .price_age_days = 266, .quotes = q, .n_quotes = 5};
	struct price_choice c;

	snprintf(g.price_provider, sizeof g.price_provider, "RunPod spot");
	/* the newest imports are aws and azure (2026-11-30): aws first by
	 * name; its on-demand before its spot; the cheaper region */
	price_select(&g, -1, "", "", &c);
	ck_assert_int_eq(c.origin, PRICE_IMPORTED);
	ck_assert_str_eq(c.provider, "aws");
	ck_assert_str_eq(c.region, "us-west-2");
	ck_assert_double_eq(c.usd_per_hour, 12.00);
	ck_assert_int_eq(c.others, 4);
	/* a region chooses */
	price_select(&g, -1, NULL, "us-east-1", &c);
	ck_assert_str_eq(c.kind, "on-demand");
	ck_assert_double_eq(c.usd_per_hour, 12.29);
	/* a provider chooses, older or not; spot when it has only spot */
	price_select(&g, -1, "gcp", NULL, &c);
	ck_assert_double_eq(c.usd_per_hour, 11.06);
	price_select(&g, -1, "AZURE", NULL, &c);
	ck_assert_str_eq(c.kind, "spot");
	ck_assert_double_eq(c.usd_per_hour, 3.00);
	/* nothing left: the catalog's, and it says so */
	price_select(&g, -1, "lambda", NULL, &c);
	ck_assert_int_eq(c.origin, PRICE_CATALOG);
	ck_assert(c.unmatched);
	ck_assert_double_eq(c.usd_per_hour, 2.69);
	ck_assert_int_eq(c.age_days, 266);
	/* typed beats everything */
	price_select(&g, 1.5, "aws", NULL, &c);
	ck_assert_int_eq(c.origin, PRICE_TYPED);
	ck_assert_double_eq(c.usd_per_hour, 1.5);
	/* the user configuration's [prices] beats imports */
	g.price_pinned = true;
	price_select(&g, -1, "", "", &c);
	ck_assert_int_eq(c.origin, PRICE_PINNED);
	ck_assert(!c.unmatched);
	/* no imports, no catalog price: none */
	g = (struct gpu){.price_age_days = -1};
	price_select(&g, -1, "", "", &c);
	ck_assert_int_eq(c.origin, PRICE_NONE);
}
END_TEST

START_TEST(test_onprem_by_hand)
{
	struct scenario s;
	struct plan p;
	double capex, power;

	ck_assert_rel(cost_onprem_hour(30000, 3, 0.7, 1.3, 0.12, &capex, &power),
		      1.2507525, 1e-6);
	ck_assert_rel(capex, 30000.0 / 26280, 1e-12);
	ck_assert_rel(power, 0.1092, 1e-12);

	/* in a plan: the H100's TDP is 700 W, so the same; 4 GPUs x 730 h */
	tu_plan(&p, &s, TU_OPTS("gpu-capex", "30000"));
	ck_assert(p.cost.onprem_known);
	ck_assert_rel(p.cost.onprem_power_kw, 0.7, 1e-12);
	ck_assert_rel(p.cost.onprem_usd_per_gpu_hour, 1.2507525, 1e-6);
	ck_assert_rel(p.cost.onprem_usd_per_month, 1.2507525 * 4 * 730, 1e-6);
	/* the rental price is untouched */
	ck_assert_rel(p.cost.usd_per_gpu_hour, 2.69, 1e-12);
	/* without a capex, none */
	tu_plan(&p, &s, TU_OPTS("power-kw", "1"));
	ck_assert(!p.cost.onprem_known);
}
END_TEST

START_TEST(test_onprem_ranges)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	ck_assert_int_ne(scenario_set(&s, "pue", "0.9", &err), 0);
	ck_assert_str_eq(err.msg, "--pue 0.9: must be a number from 1 to 5");
	ck_assert_int_ne(scenario_set(&s, "amortize-years", "0", &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "--amortize-years"));
	ck_assert_int_ne(scenario_set(&s, "gpu-capex", "-1", &err), 0);
	ck_assert_int_ne(scenario_set(&s, "usd-per-kwh", "x", &err), 0);
	ck_assert_int_ne(scenario_set(&s, "provider", "../etc", &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "--provider"));
	ck_assert_int_eq(scenario_set(&s, "region", "us-east-1", &err), 0);
}
END_TEST

START_TEST(test_stale_warning)
{
	struct scenario s;
	struct gpu g = *tu_gpu("h100-sxm");
	struct plan p;
	struct gp_error err;
	const struct warning *w;

	tu_scenario(&s, NULL);
	g.price_age_days = 90;	/* not older than 90 days */
	ck_assert_int_eq(plan_compute(&s, tu_model(s.model), &g, &p, &err), 0);
	ck_assert_ptr_null(tu_warning(&p, W_STALE_PRICE));
	g.price_age_days = 91;
	ck_assert_int_eq(plan_compute(&s, tu_model(s.model), &g, &p, &err), 0);
	w = tu_warning(&p, W_STALE_PRICE);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(w->severity, SEV_INFO);
	ck_assert_ptr_nonnull(strstr(w->message, g.price_date));
	ck_assert_ptr_nonnull(strstr(w->message, "91 days"));
	/* a typed price has no date to go stale */
	tu_scenario(&s, TU_OPTS("gpu-price", "2"));
	ck_assert_int_eq(plan_compute(&s, tu_model(s.model), &g, &p, &err), 0);
	ck_assert_ptr_null(tu_warning(&p, W_STALE_PRICE));
}
END_TEST

START_TEST(test_csv_reader)
{
	static const char text[] = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\n\"open,1\n";
	static char buf[CSV_MAX_RECORD];
	char *f[CSV_MAX_FIELDS];
	unsigned long line;
	struct gp_error err;
	struct csv r;

	csv_open(&r, text, sizeof text - 1);
	ck_assert_int_eq(csv_record(&r, buf, f, &line, &err), 3);
	ck_assert_uint_eq(line, 1);
	ck_assert_str_eq(f[1], "b, c");
	ck_assert_str_eq(f[2], "say \"hi\"");
	ck_assert_int_eq(csv_record(&r, buf, f, &line, &err), 3);
	ck_assert_uint_eq(line, 2);
	ck_assert_str_eq(f[0], "two\nlines");
	ck_assert_str_eq(f[2], "");
	/* the third record starts on line 4, and its quote never closes */
	ck_assert_int_eq(csv_record(&r, buf, f, &line, &err), -1);
	ck_assert_uint_eq(line, 4);
	ck_assert_str_eq(err.msg, "quote opened on line 4 never closed");
	ck_assert_int_eq(csv_record(&r, buf, f, &line, &err), 0);
	ck_assert(csv_utf8_valid("H100 \xC3\xA9"));
	ck_assert(!csv_utf8_valid("\xFF\xFE"));
	ck_assert(!csv_utf8_valid("\xC0\xAF"));		/* overlong "/" */
	ck_assert(!csv_utf8_valid("\xED\xA0\x80"));	/* a surrogate */
}
END_TEST

static const struct price_quote *
find(const struct prices_import *im, const char *gpu, const char *region, const char *kind)
{
	for (size_t i = 0; i < im->n_quotes; i++) {
		const struct price_quote *q = &im->quotes[i];

		if (!strcmp(q->gpu, gpu) && !strcmp(q->region, region) && !strcmp(q->kind, kind))
			return q;
	}
	return NULL;
}

START_TEST(test_import_skypilot)
{
	struct prices_import im;
	struct gp_error err;
	const struct price_quote *q;
	static const unsigned long bad_lines[] = {7, 8, 9, 10};

	ck_assert_msg(prices_import_file(FIXTURES "/aws-vms.csv", NULL, GPUPLAN_SRCDATADIR,
					 tu_catalog(), &im, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(im.provider, "aws-vms");	/* the file's name */
	ck_assert_str_eq(im.format, "skypilot");
	ck_assert_uint_eq(im.rows, 9);
	ck_assert_uint_eq(im.rows_used, 4);
	ck_assert_uint_eq(im.rows_no_gpu, 1);
	ck_assert_ptr_nonnull(q = find(&im, "h100-sxm", "us-east-1", "on-demand"));
	ck_assert_rel(q->usd_per_hour, 12.29, 1e-12);
	ck_assert_str_eq(q->instance, "p5.48xlarge");
	ck_assert_ptr_nonnull(q = find(&im, "h100-sxm", "us-east-1", "spot"));
	ck_assert_rel(q->usd_per_hour, 4.91625, 1e-12);
	/* us-west-2 has no spot price: on-demand only */
	ck_assert_ptr_nonnull(find(&im, "h100-sxm", "us-west-2", "on-demand"));
	ck_assert_ptr_null(find(&im, "h100-sxm", "us-west-2", "spot"));
	/* two L4 instances in one region: the cheaper per GPU stays */
	ck_assert_ptr_nonnull(q = find(&im, "l4", "us-east-1", "on-demand"));
	ck_assert_rel(q->usd_per_hour, 0.8048, 1e-12);
	ck_assert_str_eq(q->instance, "g6.xlarge");
	ck_assert_uint_eq(im.n_quotes, 5);
	ck_assert_uint_eq(im.n_problems, 4);
	for (size_t i = 0; i < 4; i++)
		ck_assert_uint_eq(im.problems[i].line, bad_lines[i]);
	ck_assert_ptr_nonnull(strstr(im.problems[0].reason, "Inferentia2"));
	prices_import_free(&im);
}
END_TEST

START_TEST(test_import_quoting)
{
	struct prices_import im;
	struct gp_error err;
	const struct price_quote *q;

	ck_assert_msg(prices_import_file(FIXTURES "/neo-cloud.csv", "neo", GPUPLAN_SRCDATADIR,
					 tu_catalog(), &im, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(im.provider, "neo");
	/* columns in another order, CRLF, no SpotPrice column */
	ck_assert_ptr_nonnull(q = find(&im, "l40s", "eu-west-1", "on-demand"));
	ck_assert_str_eq(q->instance, "gpu.l40s, \"large\"");
	ck_assert_rel(q->usd_per_hour, 3.20, 1e-12);
	ck_assert_ptr_nonnull(find(&im, "mi300x", "eu-west-1", "on-demand"));
	ck_assert_uint_eq(im.n_problems, 2);
	ck_assert_uint_eq(im.problems[0].line, 4);
	ck_assert_str_eq(im.problems[0].reason, "not UTF-8 text");
	ck_assert_uint_eq(im.problems[1].line, 5);
	ck_assert_str_eq(im.problems[1].reason, "Price \"7,5\": not a price");
	prices_import_free(&im);

	/* a header without Price refuses the file */
	ck_assert_int_ne(prices_import_file(FIXTURES "/no-price-column.csv", NULL,
					    GPUPLAN_SRCDATADIR, tu_catalog(), &im, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "no \"Price\" column"));
	/* a provider name must be a file name */
	ck_assert_int_ne(prices_import_file(FIXTURES "/aws-vms.csv", "a/b", GPUPLAN_SRCDATADIR,
					    tu_catalog(), &im, &err), 0);
}
END_TEST

START_TEST(test_import_openrouter)
{
	struct prices_import im;
	struct gp_error err;

	ck_assert_msg(prices_import_file(FIXTURES "/openrouter.json", "openrouter",
					 GPUPLAN_SRCDATADIR, tu_catalog(), &im, &err) == 0,
		      "%s", err.msg);
	ck_assert_str_eq(im.format, "openrouter");
	ck_assert_uint_eq(im.n_api, 2);
	/* USD per token x 1e6: 0.00000008 -> 0.08 per M */
	ck_assert_str_eq(im.api[0].model, "llama-4-scout");
	ck_assert_rel(im.api[0].in, 0.08, 1e-9);
	ck_assert_rel(im.api[0].out, 0.30, 1e-9);
	ck_assert_rel(im.api[0].cached, 0.04, 1e-9);
	ck_assert_str_eq(im.api[1].model, "gpt-oss-120b");
	ck_assert(im.api[1].cached < 0);
	/* -1 (variable), free, no id; claude is not in the table */
	ck_assert_uint_eq(im.n_problems, 3);
	ck_assert_uint_eq(im.unmapped, 1);
	prices_import_free(&im);
}
END_TEST

/* Written, loaded back into a catalog, and no temp file left behind. */
START_TEST(test_write_and_load)
{
	char dir[] = "/tmp/gpuplan-prices-XXXXXX", written[PRICES_PATH_LEN + 64];
	struct prices_import im;
	struct catalog cat;
	struct gp_error err;
	struct dirent *d;
	const struct gpu *g;
	const struct model *m;
	DIR *dh;
	int files = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(prices_import_file(FIXTURES "/aws-vms.csv", "aws", GPUPLAN_SRCDATADIR,
					    tu_catalog(), &im, &err), 0);
	snprintf(im.date, sizeof im.date, "2026-11-30");
	ck_assert_msg(prices_write(&im, dir, written, sizeof written, &err) == 0, "%s", err.msg);
	prices_import_free(&im);
	ck_assert_int_eq(prices_import_file(FIXTURES "/openrouter.json", "openrouter",
					    GPUPLAN_SRCDATADIR, tu_catalog(), &im, &err), 0);
	snprintf(im.date, sizeof im.date, "2026-06-01");
	ck_assert_int_eq(prices_write(&im, dir, written, sizeof written, &err), 0);
	prices_import_free(&im);

	ck_assert_ptr_nonnull(dh = opendir(dir));
	while ((d = readdir(dh)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		files++;
		ck_assert_msg(!strcmp(d->d_name, "aws.json") || !strcmp(d->d_name, "openrouter.json"),
			      "left behind: %s", d->d_name);
	}
	closedir(dh);
	ck_assert_int_eq(files, 2);

	ck_assert_int_eq(catalog_load(&cat, TU_CATALOG_DIR, &err), 0);
	ck_assert_int_eq(prices_load(&cat, dir, 20788, &err), 0);
	g = catalog_gpu(&cat, "h100-sxm");
	ck_assert_uint_eq(g->n_quotes, 3);
	ck_assert_int_eq(g->quotes[0].age_days, 1);
	ck_assert_int_eq(g->price_age_days, 266);	/* the catalog's, 2026-03-10 */
	m = catalog_model(&cat, "llama-4-scout");
	ck_assert_str_eq(m->api[0].provider, "openrouter");
	ck_assert_rel(m->api[0].usd_per_m_input, 0.08, 1e-9);
	ck_assert_int_eq(m->n_api, 4);
	catalog_free(&cat);
	unlink(written);
	snprintf(written, sizeof written, "%s/aws.json", dir);
	unlink(written);
	rmdir(dir);
}
END_TEST

static Suite *
prices_suite(void)
{
	Suite *s = suite_create("prices");
	TCase *tc = tcase_create("prices");

	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_select);
	tcase_add_test(tc, test_onprem_by_hand);
	tcase_add_test(tc, test_onprem_ranges);
	tcase_add_test(tc, test_stale_warning);
	tcase_add_test(tc, test_csv_reader);
	tcase_add_test(tc, test_import_skypilot);
	tcase_add_test(tc, test_import_quoting);
	tcase_add_test(tc, test_import_openrouter);
	tcase_add_test(tc, test_write_and_load);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(prices_suite());
}
