/* draw.h - painting a computed plan; nothing here computes one. */
#ifndef GPUPLAN_DRAW_H
#define GPUPLAN_DRAW_H

#include <stddef.h>

#include "catalog.h"
#include "layout.h"
#include "plan.h"
#include "report.h"
#include "solver.h"
#include "theme.h"

struct graph_data;

/* Columns a UTF-8 string takes: the glyphs drawn are one cell each. */
int draw_cells(const char *s);

/* Prints s at (y, x) with attr, clipped to w columns. */
void draw_put(int y, int x, int w, int attr, const char *s);

struct view {
	const struct catalog *cat;
	const struct scenario *s;
	const struct model *m;
	const struct gpu *g;
	const struct plan *p;		/* NULL when the plan failed */
	const char *plan_error;
	size_t focus;			/* form row with the cursor */
	size_t scroll;			/* first form row shown */
	const char *status;		/* message, or NULL for key hints */
	bool status_error;
	const char *prompt;		/* a question, or the label of the
					 * line being typed; NULL: neither */
	const char *tag;		/* file name, [modified], [A pinned] */
	const char *typed;		/* the line being typed, or NULL */
	size_t cursor;			/* its cursor, a byte offset */
	bool selected;			/* pre-filled: typing replaces it */
	const struct fit_hint *hint;	/* what would fit, when the plan
					 * does not; NULL otherwise */
	int warn_first;			/* first wrapped warning line shown */
	bool warn_focus;		/* the warnings pane has the keys */
	int explain_first;		/* first explain line shown */
	bool graph_keys;		/* the footer lists the graph view's keys */
	const struct graph_data *graph;	/* the graph pane's sweeps, or NULL */
};

/* The warnings pane's extent: how many lines the warnings take wrapped
 * to its width (nlines) and how many of them it shows at once (rows);
 * nlines > rows means a scroll and a "+N more" row. */
void draw_warnings_extent(const struct layout_screen *l, const struct view *v, int *nlines,
			  int *rows);

void draw_screen(const struct theme *t, const struct layout_screen *l,
		 const struct view *v);
/* The title and the status line alone, on a cleared screen: a view
 * that takes the rest (the graph) draws in between. */
void draw_chrome(const struct theme *t, const struct layout_screen *l, const struct view *v);
void draw_too_small(const struct theme *t, int rows, int cols);
/* The keys from keys_table[], from line first; a box too short for them
 * scrolls, its first line at most draw_help_last(). */
void draw_help(const struct theme *t, int rows, int cols, int first);
int draw_help_last(int rows, int cols);
void draw_explain(const struct theme *t, int rows, int cols, const struct view *v);

/* A box of preformatted lines (export, tiers), from line top and cell
 * left of each (scrolled; kept in range); a line that goes on past
 * either side is marked there. draw_text_last gives the largest top and
 * left that still fill the box. */
void draw_text(const struct theme *t, int rows, int cols, const char *title,
	       const char *text, int top, int left);
void draw_text_last(int rows, int cols, const char *text, int *last_top, int *last_left);
/* The compare pane, over the panes right of the form: the pinned plans
 * A, B, C (in[0..pins), named by their files or "") and the current
 * one (in[pins]) as "now", each against A, better and worse in colour.
 * missing: why there is no current plan (in has pins entries), or NULL. */
#define COMPARE_PINS 3	/* A, B and C */
void draw_compare(const struct theme *t, const struct layout_screen *l,
		  const struct report_input *in, const char *const *names, size_t pins,
		  const char *missing);

/* The most items a picker holds: tui.c fills at most this many and
 * draw_picker lists as many matches, so the two cannot disagree. */
#define PICKER_MAX 512

struct picker {
	const char *title;
	const char *const *items;	/* ids */
	const char *const *labels;	/* names beside them, may be NULL */
	size_t n;
	char filter[64];
	size_t cursor;			/* index among the matching items */
};

/* Items matching the filter, in order; returns how many. */
size_t picker_matches(const struct picker *pk, size_t *out, size_t max);
void draw_picker(const struct theme *t, int rows, int cols, const struct picker *pk);
/* The picker's visible rows, for keys and the mouse: how many, and the
 * match shown on screen row y (-1: none). */
int picker_page(int rows, int cols);
int picker_row_at(int rows, int cols, const struct picker *pk, int y, int x);

#endif
