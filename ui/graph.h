/* graph.h - the graph view (issue 16, "Plots where people would rather
 * look than read"): the core's sweeps (src/core/sweep.c) as two plots
 * side by side, throughput per GPU against speed per user as the batch
 * grows, and memory per GPU against context. Drawn in braille cells,
 * U+2800..U+28FF, two dots across and four down a cell (the way
 * drawille and btop plot), or in ASCII where the theme has no UTF-8
 * (--ascii, or a locale that is not UTF-8). */
#ifndef GPUPLAN_GRAPH_H
#define GPUPLAN_GRAPH_H

#include <stdbool.h>

#include "draw.h"
#include "sweep.h"

/* Two plots with their axes need 80 columns. */
#define GRAPH_MIN_COLS 80

struct graph_data {
	bool batch_ok, context_ok;	/* each sweep had a point */
	struct batch_sweep batch;
	struct context_sweep context;
};

/* The whole screen: the title, the two plots, the status line. */
void draw_graph(const struct theme *t, const struct layout_screen *l, const struct view *v,
		const struct graph_data *g);

/* The same plots in the main screen's graph pane (layout_graph_pane). */
void draw_graph_pane(const struct theme *t, const struct rect *r, const struct view *v,
		     const struct graph_data *g);

#endif
