/* layout.c - the screen's rectangles. Left: the form, 27 to 40 columns.
 * Right: memory, speed and cost stacked, warnings below; extra rows go
 * to one bar per GPU first (up to 8), then to warnings; fewer rows than
 * 24 take the speed pane's last line (efficiencies, which x explains). */
#include "layout.h"

static struct rect
rect(int y, int x, int h, int w)
{
	struct rect r = {y, x, h, w};

	return r;
}

void
layout_compute(int rows, int cols, int gpus, struct layout_screen *l)
{
	int form_w, right_x, right_w, y, avail, extra;

	*l = (struct layout_screen){0};
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		l->too_small = true;
		return;
	}
	l->narrow = cols < LAYOUT_FULL_COLS;
	/* narrow: a one-column indent, 12 for the label, 13 for the value */
	form_w = cols >= 140 ? 40 : cols >= 100 ? 34 : l->narrow ? 27 : 31;
	right_x = form_w + 1;
	right_w = cols - right_x;

	l->title = rect(0, 0, 1, cols);
	l->status = rect(rows - 1, 0, 1, cols);
	l->form = rect(1, 0, rows - 2, form_w);

	/* Memory: header, bars, two legend lines, one fit line. */
	avail = rows - 2;
	extra = avail - (LAYOUT_FULL_ROWS - 2);	/* rows beyond the 80x24 design */
	l->bars = 1;
	if (gpus > 1 && gpus <= 8 && extra >= gpus - 1 + 4)
		l->bars = gpus;
	y = 1;
	l->memory = rect(y, right_x, 4 + l->bars, right_w);
	y += l->memory.h;
	l->speed = rect(y, right_x, rows < LAYOUT_FULL_ROWS ? 4 : 5, right_w);
	y += l->speed.h;
	l->cost = rect(y, right_x, 3, right_w);
	y += l->cost.h;
	l->warnings = rect(y, right_x, rows - 1 - y, right_w);
}

bool
layout_graph_pane(struct layout_screen *l)
{
	struct rect *w = &l->warnings;

	if (l->too_small || l->title.w < LAYOUT_PANE_COLS ||
	    w->h < LAYOUT_PANE_WARN + LAYOUT_PANE_MIN)
		return false;
	l->graph = rect(w->y + LAYOUT_PANE_WARN, w->x, w->h - LAYOUT_PANE_WARN, w->w);
	w->h = LAYOUT_PANE_WARN;
	return true;
}
