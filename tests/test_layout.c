/* test_layout.c - the screen layout over a sweep of sizes: below the
 * minimum it says so; at and above it, every pane is inside the screen,
 * panes do not overlap, and the 80x24 design keeps its warnings rows. */
#include <stdlib.h>

#include "testutil.h"
#include "layout.h"

static int
inside(const struct rect *r, int rows, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->h >= 0 && r->w >= 0 &&
	       r->y + r->h <= rows && r->x + r->w <= cols;
}

static int
overlap(const struct rect *a, const struct rect *b)
{
	if (a->h == 0 || b->h == 0 || a->w == 0 || b->w == 0)
		return 0;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	       a->y < b->y + b->h && b->y < a->y + a->h;
}

START_TEST(too_small)
{
	struct layout_screen l;

	layout_compute(19, 200, 4, &l);
	ck_assert(l.too_small);
	layout_compute(100, 59, 4, &l);
	ck_assert(l.too_small);
	layout_compute(20, 60, 4, &l);
	ck_assert(!l.too_small);
	layout_compute(1, 1, 1, &l);
	ck_assert(l.too_small);
	layout_compute(0, 0, 1, &l);
	ck_assert(l.too_small);
}
END_TEST

START_TEST(design_80x24)
{
	struct layout_screen l;

	layout_compute(24, 80, 4, &l);
	ck_assert(!l.too_small);
	ck_assert_int_eq(l.title.y, 0);
	ck_assert_int_eq(l.status.y, 23);
	ck_assert_int_eq(l.form.h, 22);		/* rows 1..22 */
	ck_assert_int_eq(l.bars, 1);		/* one bar for all four GPUs */
	ck_assert_int_eq(l.memory.h, 5);	/* header, bar, 2 legend, fit */
	ck_assert_int_ge(l.warnings.h, 8);	/* room for several warnings */
	ck_assert_int_ge(l.memory.w, 48);	/* a legend line fits */
}
END_TEST

/* 80x23: an 80x24 terminal under a tmux status line. The form keeps
 * its width; the speed pane gives up its efficiency line, so the
 * warnings keep 9 rows (rows 13..21: 23 - title - status - memory 5 -
 * speed 4 - cost 3). */
START_TEST(compact_80x23)
{
	struct layout_screen l;

	layout_compute(23, 80, 4, &l);
	ck_assert(!l.too_small);
	ck_assert(!l.narrow);
	ck_assert_int_eq(l.form.w, 31);
	ck_assert_int_eq(l.form.h, 21);
	ck_assert_int_eq(l.speed.h, 4);
	ck_assert_int_eq(l.warnings.y, 13);
	ck_assert_int_eq(l.warnings.h, 9);
	ck_assert_int_eq(l.status.y, 22);
}
END_TEST

/* 60x20, the smallest drawn: a 27-column form (indent 1, label 12,
 * value 13, separator 1), 32 columns right; 18 rows between title and
 * status leave the warnings 18 - 5 - 4 - 3 = 6 rows. */
START_TEST(compact_60x20)
{
	struct layout_screen l;

	layout_compute(20, 60, 8, &l);
	ck_assert(!l.too_small);
	ck_assert(l.narrow);
	ck_assert_int_eq(l.form.w, 27);
	ck_assert_int_eq(l.memory.x, 28);
	ck_assert_int_eq(l.memory.w, 32);
	ck_assert_int_eq(l.bars, 1);
	ck_assert_int_eq(l.warnings.h, 6);
	ck_assert_int_eq(l.warnings.y + l.warnings.h, l.status.y);
}
END_TEST

START_TEST(sweep)
{
	for (int rows = LAYOUT_MIN_ROWS; rows <= 200; rows += rows < 30 ? 1 : 7) {
		for (int cols = LAYOUT_MIN_COLS; cols <= 500; cols += cols < 90 ? 1 : 13) {
		for (int gpus = 1; gpus <= 16; gpus *= 2) {
			struct layout_screen l;
			const struct rect *panes[] = {&l.title, &l.form, &l.memory, &l.speed,
						      &l.cost, &l.warnings, &l.status};
			size_t n = sizeof panes / sizeof panes[0];

			layout_compute(rows, cols, gpus, &l);
			ck_assert(!l.too_small);
			/* a bar per GPU, or one for all */
			ck_assert(l.bars == 1 || l.bars == gpus);
			ck_assert_int_le(l.bars, 8);
			for (size_t i = 0; i < n; i++) {
				ck_assert_msg(inside(panes[i], rows, cols),
					      "pane %zu outside %dx%d", i, cols, rows);
				for (size_t j = i + 1; j < n; j++)
					ck_assert_msg(!overlap(panes[i], panes[j]),
						      "panes %zu and %zu overlap at %dx%d", i, j, cols, rows);
			}
			/* Extra height goes to bars first, then warnings;
			 * under 24 rows they give up rows to the panes. */
			ck_assert_int_ge(l.warnings.h, rows >= LAYOUT_FULL_ROWS ? 8 : 6);
		}
		}
	}
}
END_TEST

START_TEST(bars_when_room)
{
	struct layout_screen l;

	layout_compute(48, 160, 4, &l);
	ck_assert_int_eq(l.bars, 4);
	layout_compute(48, 160, 16, &l);
	ck_assert_int_eq(l.bars, 1);		/* more than 8: one bar */
	layout_compute(26, 100, 8, &l);
	ck_assert_int_eq(l.bars, 1);		/* no room for 8 */
}
END_TEST

/* The graph pane: at 120x40 with 4 bars the warnings have rows 17..38
 * (40 - title - status - memory 8 - speed 5 - cost 3 = 22 rows); they
 * keep 6 and the pane takes the other 16, up to the status line. Under
 * 120 columns, or at 120x30 (15 warning rows < 6 + 14), no pane. */
START_TEST(graph_pane)
{
	struct layout_screen l;

	layout_compute(40, 120, 4, &l);
	ck_assert(layout_graph_pane(&l));
	ck_assert_int_eq(l.warnings.y, 17);
	ck_assert_int_eq(l.warnings.h, 6);
	ck_assert_int_eq(l.graph.y, 23);
	ck_assert_int_eq(l.graph.h, 16);
	ck_assert_int_eq(l.graph.y + l.graph.h, l.status.y);
	ck_assert_int_eq(l.graph.w, l.warnings.w);
	layout_compute(40, 119, 4, &l);
	ck_assert(!layout_graph_pane(&l));
	ck_assert_int_eq(l.graph.h, 0);
	layout_compute(30, 120, 4, &l);
	ck_assert(!layout_graph_pane(&l));
	ck_assert_int_eq(l.warnings.h, 15);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, too_small);
	tcase_add_test(tc, design_80x24);
	tcase_add_test(tc, compact_80x23);
	tcase_add_test(tc, compact_60x20);
	tcase_add_test(tc, sweep);
	tcase_add_test(tc, bars_when_room);
	tcase_add_test(tc, graph_pane);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
