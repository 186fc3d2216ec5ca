/* test_compare.c - the compare table's cells (src/write/compare.c):
 * values in the one number format, the change against A, and which way
 * is better for the user. The plans are set by hand, so each figure
 * here is worked out on paper, not read back from the planner. */
#include <string.h>

#include "testutil.h"
#include "compare.h"

/* The row whose long label is label. */
static size_t
row_of(const char *label)
{
	for (size_t r = 0; r < compare_rows_n(); r++)
		if (strcmp(compare_label(r, false), label) == 0)
			return r;
	ck_abort_msg("no row \"%s\"", label);
	return 0;
}

START_TEST(test_cells_by_hand)
{
	static struct plan a, b;	/* large */
	struct report_input ra = {NULL, NULL, NULL, &a}, rb = {NULL, NULL, NULL, &b};
	struct compare_cell c;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.layout.gpus = 4;
	b.layout.gpus = 2;
	a.mem.fits = true;
	b.mem.fits = false;
	a.decode.tokens_per_s = 735.2;
	b.decode.tokens_per_s = 1194.4;
	a.decode.tpot_ms = 10.88;
	b.decode.tpot_ms = 14.68;
	/* 4 x 2.69 x 730 and 2 x 3.59 x 730 */
	a.cost.usd_per_month = 7854.8;
	b.cost.usd_per_month = 5241.4;

	/* A's own column: its value, no change */
	compare_cell(row_of("GPUs"), &ra, &ra, &c);
	ck_assert_str_eq(c.value, "4");
	ck_assert_str_eq(c.delta, "");
	ck_assert_int_eq(c.trend, COMPARE_SAME);

	/* 4 -> 2 GPUs: (2 - 4) / 4 = -50.0%, fewer is better */
	compare_cell(row_of("GPUs"), &ra, &rb, &c);
	ck_assert_str_eq(c.delta, "-50.0%");
	ck_assert_int_eq(c.trend, COMPARE_BETTER);

	/* 1,194.4 tokens/s shown whole, with the thousands:
	 * (1194.4 - 735.2) / 735.2 = 0.62459 -> +62.5%, more is better */
	compare_cell(row_of("decode tok/s"), &ra, &rb, &c);
	ck_assert_str_eq(c.value, "1,194");
	ck_assert_str_eq(c.delta, "+62.5%");
	ck_assert_int_eq(c.trend, COMPARE_BETTER);

	/* (14.68 - 10.88) / 10.88 = 3.80 / 10.88 = 0.34926 -> +34.9%,
	 * a longer step is worse */
	compare_cell(row_of("TPOT ms"), &ra, &rb, &c);
	ck_assert_str_eq(c.value, "14.68");
	ck_assert_str_eq(c.delta, "+34.9%");
	ck_assert_int_eq(c.trend, COMPARE_WORSE);

	/* money as the screen writes it: $7,855 and $5,241;
	 * (5241.4 - 7854.8) / 7854.8 = -0.33271 -> -33.3%, cheaper is better */
	compare_cell(row_of("$/month"), &ra, &ra, &c);
	ck_assert_str_eq(c.value, "$7,855");
	compare_cell(row_of("$/month"), &ra, &rb, &c);
	ck_assert_str_eq(c.value, "$5,241");
	ck_assert_str_eq(c.delta, "-33.3%");
	ck_assert_int_eq(c.trend, COMPARE_BETTER);

	/* a plan that stops fitting is worse, in words */
	compare_cell(row_of("fits"), &ra, &rb, &c);
	ck_assert_str_eq(c.value, "no");
	ck_assert_str_eq(c.delta, "no longer fits");
	ck_assert_int_eq(c.trend, COMPARE_WORSE);

	/* an equal figure is "=" and neither way */
	compare_cell(row_of("TTFT ms"), &ra, &rb, &c);
	ck_assert_str_eq(c.delta, "=");
	ck_assert_int_eq(c.trend, COMPARE_SAME);
}
END_TEST

START_TEST(test_brief_labels_fit)
{
	/* the screen's label column is COMPARE_BRIEF wide */
	for (size_t r = 0; r < compare_rows_n(); r++)
		ck_assert_uint_le(strlen(compare_label(r, true)), COMPARE_BRIEF);
	ck_assert_str_eq(compare_label(compare_rows_n(), true), "");
}
END_TEST

static Suite *
compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("compare");

	tcase_add_test(tc, test_cells_by_hand);
	tcase_add_test(tc, test_brief_labels_fit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(compare_suite());
}
