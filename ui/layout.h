/* layout.h - where each part of the screen goes: a pure function of the
 * terminal size, tested over a sweep of sizes without curses. */
#ifndef GPUPLAN_LAYOUT_H
#define GPUPLAN_LAYOUT_H

#include <stdbool.h>

/* The smallest screen drawn; below it a "too small" message. 80x24 is
 * the full design, 80x23 an 80x24 terminal under a tmux status line. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 20
#define LAYOUT_FULL_COLS 80
#define LAYOUT_FULL_ROWS 24

struct rect {
	int y, x, h, w;
};

struct layout_screen {
	bool too_small;
	struct rect title;	/* one line at the top */
	struct rect form;	/* the inputs, left */
	struct rect memory;	/* VRAM bars and figures */
	struct rect speed;
	struct rect cost;
	struct rect warnings;	/* whatever rows are left */
	struct rect graph;	/* the graph pane under them, or h 0 */
	struct rect status;	/* one line at the bottom */
	int bars;		/* one bar per GPU, or 1 for all alike */
	bool narrow;		/* under 80 columns: the compact form */
};

/* gpus: GPUs of one replica; each gets a bar when the rows allow.
 * Under 24 rows the speed pane drops its efficiency line; under 80
 * columns the form narrows and the panes pick their shorter lines. */
void layout_compute(int rows, int cols, int gpus, struct layout_screen *l);

/* The graph as a pane (issue 16: "at 120 or more it may also stand as a
 * pane"): the lower part of the warnings' rows, which keep
 * LAYOUT_PANE_WARN; false, and l unchanged, on a screen under
 * LAYOUT_PANE_COLS or with too few rows for both. */
#define LAYOUT_PANE_COLS 120
#define LAYOUT_PANE_WARN 6
#define LAYOUT_PANE_MIN 14
bool layout_graph_pane(struct layout_screen *l);

#endif
