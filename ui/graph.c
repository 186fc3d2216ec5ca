/* graph.c - the graph view: two plots of the core's sweeps. A plot is
 * a canvas of dots, two across and four down a cell, that lines are
 * drawn into and that becomes one braille character a cell (U+2800
 * plus a bit per dot, the Unicode Braille Patterns block's dot order),
 * or one ASCII character a cell that holds any dot. Axes, ticks and
 * labels go around it; every number comes from src/core/fmt.c. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_NCURSESW_CURSES_H
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#include "draw.h"
#include "fmt.h"
#include "graph.h"

#define PLAIN_ATTR 0	/* A_NORMAL as a plain int attribute */

/* The largest canvas, in cells; a larger screen leaves a margin. */
#define CANVAS_W 240
#define CANVAS_H 96

/* What a cell shows, by priority: a curve over a guide line. */
enum cell_kind { CK_EMPTY, CK_HGUIDE, CK_VGUIDE, CK_OVER, CK_CURVE };

struct canvas {
	int w, h;			/* cells */
	uint8_t dot[CANVAS_H][CANVAS_W];
	uint8_t kind[CANVAS_H][CANVAS_W];
};

/* One axis: values lo..hi onto dots 0..n-1, linear or by log2. */
struct scale {
	double lo, hi;
	bool log;
	int n;
};

/* Where a plot's parts go on the screen. */
struct frame {
	int x, y, w, h;		/* the plot's rect */
	int cx, cy, cw, ch;	/* the canvas's */
	int ylw;		/* the y tick labels' width */
};

/* The dot at column c (0, 1) and row r (0..3) of a cell, as the
 * Braille Patterns block numbers them: dots 1-3 down the left, 4-6
 * down the right, 7 and 8 under them. */
static const uint8_t braille_bit[4][2] = {
	{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80},
};

static struct canvas cv;	/* one plot at a time */

static void
canvas_clear(int w, int h)
{
	cv.w = w < CANVAS_W ? w : CANVAS_W;
	cv.h = h < CANVAS_H ? h : CANVAS_H;
	for (int r = 0; r < cv.h; r++) {
		memset(cv.dot[r], 0, (size_t)cv.w);
		memset(cv.kind[r], 0, (size_t)cv.w);
	}
}

static void
canvas_dot(int px, int py, enum cell_kind k)
{
	int c = px >> 1, r = py >> 2;

	if (px < 0 || py < 0 || c >= cv.w || r >= cv.h)
		return;
	cv.dot[r][c] |= braille_bit[py & 3][px & 1];
	if (cv.kind[r][c] < k)
		cv.kind[r][c] = (uint8_t)k;
}

/* A line of dots from one point to the other; dashed: two on, two off. */
static void
canvas_line(int x0, int y0, int x1, int y1, enum cell_kind k, bool dashed)
{
	int dx = x1 - x0, dy = y1 - y0;
	int steps = abs(dx) > abs(dy) ? abs(dx) : abs(dy);

	if (steps == 0) {
		canvas_dot(x0, y0, k);
		return;
	}
	for (int i = 0; i <= steps; i++) {
		if (dashed && (i / 2) % 2 == 1)
			continue;
		canvas_dot(x0 + (int)lround((double)dx * i / steps),
			   y0 + (int)lround((double)dy * i / steps), k);
	}
}

static double
scale_t(const struct scale *s, double v)
{
	if (s->log)
		return v > 0 && s->lo > 0 && s->hi > s->lo ? log2(v / s->lo) / log2(s->hi / s->lo) : 0;
	return s->hi > s->lo ? (v - s->lo) / (s->hi - s->lo) : 0;
}

/* The dot of v: 0 at lo; flip counts from the top (a y axis). */
static int
scale_dot(const struct scale *s, double v, bool flip)
{
	double t = scale_t(s, v);

	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return (int)lround((flip ? 1 - t : t) * (s->n - 1));
}

/* 1, 2 or 5 x 10^k: about n steps over range. */
static double
nice_step(double range, int n)
{
	double raw = range / (n > 0 ? n : 1), mag, f;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* The y axis from 0 to a tick at or above max, in about 4 steps. */
static void
y_axis(double max, double *top, double *step)
{
	*step = nice_step(max > 0 ? max : 1, 4);
	*top = ceil((max > 0 ? max : 1) / *step - 1e-9) * *step;
}

/* Lays the plot out in r: the y labels' width from the widest tick. */
static bool
frame_layout(struct frame *f, int x, int y, int w, int h, double ytop, double ystep)
{
	char b[32];

	f->x = x;
	f->y = y;
	f->w = w;
	f->h = h;
	f->ylw = 1;
	for (double v = 0; v <= ytop + ystep / 2; v += ystep) {
		int n = draw_cells(fmt_axis(b, sizeof b, v));

		if (n > f->ylw)
			f->ylw = n;
	}
	/* name, y unit; canvas; x axis, tick labels, x unit */
	f->cy = y + 2;
	f->ch = h - 5;
	f->cx = x + f->ylw + 1;
	f->cw = w - f->ylw - 2;	/* a column for a last tick label's half */
	if (f->ch > CANVAS_H)
		f->ch = CANVAS_H;
	if (f->cw > CANVAS_W)
		f->cw = CANVAS_W;
	return f->ch >= 3 && f->cw >= 10;
}

/* The y ticks and the axis line. */
static void
draw_y_axis(const struct theme *t, const struct frame *f, double top, double step)
{
	char b[32];
	int last = -1;

	/* one call for the line: a cell at a time, each would be decoded */
	attrset(t->attr[R_DIM]);
	mvvline(f->cy, f->cx - 1, t->utf8 ? ACS_VLINE : '|', f->ch);
	attrset(A_NORMAL);
	for (double v = 0; v <= top + step / 2; v += step) {
		int r = (int)lround((1 - v / top) * (f->ch - 1));

		if (r == last)
			continue;
		last = r;
		fmt_axis(b, sizeof b, v);
		draw_put(f->cy + r, f->cx - 1 - draw_cells(b), draw_cells(b), PLAIN_ATTR, b);
	}
}

/* The x axis line; then its tick labels go under it by x_label. */
static void
draw_x_line(const struct theme *t, const struct frame *f)
{
	int y = f->cy + f->ch;

	attrset(t->attr[R_DIM]);
	mvaddch(y, f->cx - 1, t->utf8 ? ACS_LLCORNER : '+');
	mvhline(y, f->cx, t->utf8 ? ACS_HLINE : '-', f->cw);
	attrset(A_NORMAL);
}

/* A tick at canvas column c, its label centred under it unless it would
 * run into the one before (*end: the first free column). */
static void
x_label(const struct theme *t, const struct frame *f, int c, const char *label, int *end)
{
	int n = draw_cells(label), x = f->cx + c - n / 2;

	if (x + n > f->x + f->w)
		x = f->x + f->w - n;
	if (x < f->cx - 1 || x < *end)
		return;
	draw_put(f->cy + f->ch, f->cx + c, 1, t->attr[R_DIM], t->utf8 ? "\u2534" : "+");
	draw_put(f->cy + f->ch + 1, x, n, PLAIN_ATTR, label);
	*end = x + n + 1;
}

/* The canvas as characters, a run of cells of one kind at a time. */
static void
draw_canvas(const struct theme *t, const struct frame *f)
{
	static const char ascii[] = {' ', '-', '|', '~', '*'};
	int attr[] = {PLAIN_ATTR, t->attr[R_DIM], t->attr[R_WARNING], t->attr[R_ERROR],
		      t->attr[R_INFO] | A_BOLD};
	char run[CANVAS_W * 3 + 1];

	for (int r = 0; r < cv.h; r++) {
		for (int c = 0; c < cv.w;) {
			int k = cv.kind[r][c], start = c, n = 0;

			if (k == CK_EMPTY) {
				c++;
				continue;
			}
			for (; c < cv.w && cv.kind[r][c] == k; c++) {
				unsigned d = cv.dot[r][c];

				if (!t->utf8) {
					run[n++] = ascii[k];
					continue;
				}
				/* U+2800 + d in UTF-8: E2, A0 + d >> 6, 80 + d & 3F */
				run[n++] = (char)0xE2;
				run[n++] = (char)(0xA0 | (d >> 6));
				run[n++] = (char)(0x80 | (d & 0x3F));
			}
			run[n] = '\0';
			draw_put(f->cy + r, f->cx + start, c - start, attr[k], run);
		}
	}
}

/* A marker glyph over the cell of dot (px, py). */
static void
marker(const struct frame *f, int px, int py, int attr, const char *glyph)
{
	int c = px >> 1, r = py >> 2;

	if (c >= 0 && c < f->cw && r >= 0 && r < f->ch)
		draw_put(f->cy + r, f->cx + c, 1, attr, glyph);
}

/* The name; the y unit and the legend; the note and the x unit. Each
 * pair shares a line, the right one kept when both do not fit. */
static void
draw_labels(const struct theme *t, const struct frame *f, const char *name, const char *yunit,
	    const char *legend, const char *note, const char *xunit)
{
	int y = f->y + f->h - 1;

	draw_put(f->y, f->x, f->w, t->attr[R_HEADER], name);
	draw_put(f->y + 1, f->x, f->w, t->attr[R_DIM], yunit);
	if (draw_cells(yunit) + 2 + draw_cells(legend) <= f->w)
		draw_put(f->y + 1, f->x + f->w - draw_cells(legend), draw_cells(legend), PLAIN_ATTR, legend);
	draw_put(y, f->x + f->w - draw_cells(xunit), draw_cells(xunit), t->attr[R_DIM], xunit);
	if (draw_cells(note) + 2 + draw_cells(xunit) <= f->w)
		draw_put(y, f->x, draw_cells(note), PLAIN_ATTR, note);
}

/* The curve through the points, dashed where a plan does not fit. */
static void
curve(const struct sweep_point *pt, int n, const struct scale *xs, const struct scale *ys)
{
	for (int i = 0; i < n; i++) {
		int x1 = scale_dot(xs, pt[i].x, false), y1 = scale_dot(ys, pt[i].y, true);
		bool fits = pt[i].fits && (i == 0 || pt[i - 1].fits);

		if (i == 0) {
			canvas_dot(x1, y1, fits ? CK_CURVE : CK_OVER);
			continue;
		}
		canvas_line(scale_dot(xs, pt[i - 1].x, false), scale_dot(ys, pt[i - 1].y, true), x1,
			    y1, fits ? CK_CURVE : CK_OVER, !fits);
	}
}

static void
plot_batch(const struct theme *t, const struct view *v, const struct batch_sweep *b, int x,
	   int y, int w, int h)
{
	struct frame f;
	struct scale xs = {0}, ys = {0};
	double xmax = b->tpot_per_user * 1.05, ymax = 0, top, step, xstep;
	char legend[96], note[64], name[64], lb[32];
	int end = 0;

	for (int i = 0; i < b->n; i++) {
		xmax = fmax(xmax, b->pt[i].x);
		ymax = fmax(ymax, b->pt[i].y);
	}
	y_axis(ymax, &top, &step);
	if (!frame_layout(&f, x, y, w, h, top, step))
		return;
	xstep = nice_step(xmax > 0 ? xmax : 1, f.cw / 8);
	xs.hi = ceil((xmax > 0 ? xmax : 1) / xstep - 1e-9) * xstep;
	xs.n = f.cw * 2;
	ys.hi = top;
	ys.n = f.ch * 4;
	canvas_clear(f.cw, f.ch);
	if (b->tpot_per_user > 0) {
		int gx = scale_dot(&xs, b->tpot_per_user, false);

		for (int py = 0; py < ys.n; py += 2)
			canvas_dot(gx, py, CK_VGUIDE);
	}
	curve(b->pt, b->n, &xs, &ys);
	draw_canvas(t, &f);
	draw_y_axis(t, &f, top, step);
	draw_x_line(t, &f);
	for (double xv = 0; xv <= xs.hi + xstep / 2; xv += xstep)
		x_label(t, &f, scale_dot(&xs, xv, false) / 2, fmt_axis(lb, sizeof lb, xv), &end);
	if (b->current >= 0) {
		const struct sweep_point *c = &b->pt[b->current];

		marker(&f, scale_dot(&xs, c->x, false), scale_dot(&ys, c->y, true),
		       (c->fits ? PLAIN_ATTR : t->attr[R_ERROR]) | A_BOLD, t->utf8 ? "\u25cf" : "O");
	}
	snprintf(legend, sizeof legend, "%s batch %llu", t->utf8 ? "\u25cf" : "O",
		 (unsigned long long)v->s->batch);
	if (b->tpot_ms > 0)
		snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "  %s TPOT %s ms",
			 t->utf8 ? "\u250a" : "|", fmt_axis(lb, sizeof lb, b->tpot_ms));
	if (b->max_batch > 0)
		snprintf(note, sizeof note, "fits to batch %llu", (unsigned long long)b->max_batch);
	else
		snprintf(note, sizeof note, "no batch fits");
	snprintf(name, sizeof name, "%s",
		 w >= 38 ? "Throughput per GPU as the batch grows" : "Throughput per GPU by batch");
	draw_labels(t, &f, name, "tok/s per GPU", legend, note, "tok/s per user");
}

static void
plot_context(const struct theme *t, const struct view *v, const struct context_sweep *cs,
	     int x, int y, int w, int h)
{
	struct frame f;
	struct scale xs = {0}, ys = {0};
	struct sweep_point pt[SWEEP_MAX];
	double ymax = cs->kv_full / GIB, top, step, span;
	char legend[96], note[64], name[64], lb[32];
	int end = 0, stride = 1, e0, e1;

	/* GiB on the axis */
	for (int i = 0; i < cs->n; i++) {
		pt[i] = cs->pt[i];
		pt[i].y /= GIB;
		ymax = fmax(ymax, pt[i].y);
	}
	y_axis(ymax, &top, &step);
	if (!frame_layout(&f, x, y, w, h, top, step))
		return;
	xs.lo = pt[0].x;
	xs.hi = pt[cs->n - 1].x > xs.lo ? pt[cs->n - 1].x : xs.lo * 2;
	xs.log = true;
	xs.n = f.cw * 2;
	ys.hi = top;
	ys.n = f.ch * 4;
	canvas_clear(f.cw, f.ch);
	{
		int gy = scale_dot(&ys, cs->kv_full / GIB, true);

		for (int px = 0; px < xs.n; px += 2)
			canvas_dot(px, gy, CK_HGUIDE);
	}
	curve(pt, cs->n, &xs, &ys);
	draw_canvas(t, &f);
	draw_y_axis(t, &f, top, step);
	draw_x_line(t, &f);
	/* ticks at powers of two, as many as their labels leave room */
	e0 = (int)ceil(log2(xs.lo) - 1e-9);
	e1 = (int)floor(log2(xs.hi) + 1e-9);
	span = log2(xs.hi / xs.lo);
	while (span > 0 && stride < 16 && f.cw * stride / span < 6)
		stride++;
	for (int e = e0; e <= e1; e += stride)
		x_label(t, &f, scale_dot(&xs, ldexp(1, e), false) / 2,
			fmt_tokens(lb, sizeof lb, 1ull << e, 1), &end);
	if (cs->current >= 0)
		marker(&f, scale_dot(&xs, pt[cs->current].x, false),
		       scale_dot(&ys, pt[cs->current].y, true),
		       (pt[cs->current].fits ? PLAIN_ATTR : t->attr[R_ERROR]) | A_BOLD,
		       t->utf8 ? "\u25cf" : "O");
	if (cs->limit >= 0)
		marker(&f, scale_dot(&xs, pt[cs->limit].x, false), scale_dot(&ys, pt[cs->limit].y, true),
		       t->attr[R_ERROR] | A_BOLD, t->utf8 ? "\u00d7" : "X");
	fmt_tokens(lb, sizeof lb, v->s->context, 1);
	snprintf(legend, sizeof legend, "%s %s  ", t->utf8 ? "\u25cf" : "O", lb);
	if (cs->fits_all)
		snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "fits to %s",
			 fmt_tokens(lb, sizeof lb, (uint64_t)xs.hi, 1));
	else if (cs->fit_limit > 0)
		snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "%s KV fits to %s",
			 t->utf8 ? "\u00d7" : "X", fmt_tokens(lb, sizeof lb, cs->fit_limit, 1));
	else
		snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "no context fits");
	snprintf(note, sizeof note, "%s KV full %.1f GiB", t->utf8 ? "\u2504" : "-",
		 cs->kv_full / GIB);
	snprintf(name, sizeof name, "Memory per GPU by context, batch %llu",
		 (unsigned long long)v->s->batch);
	draw_labels(t, &f, name, "GiB per GPU", legend, note, "context, tokens");
}

/* The two plots side by side in a rect, two columns apart; or why not. */
static void
plots(const struct theme *t, int x, int y, int w, int h, const struct view *v,
      const struct graph_data *g)
{
	int pw = (w - 2) / 2;

	if (v->p == NULL || !g->batch_ok || !g->context_ok) {
		draw_put(y + 1, x + 1, w - 2, t->attr[R_ERROR], "No plan to draw:");
		draw_put(y + 2, x + 1, w - 2, PLAIN_ATTR,
		    v->p == NULL && v->plan_error != NULL ? v->plan_error : "no point of it plans");
		return;
	}
	plot_batch(t, v, &g->batch, x, y, pw, h);
	plot_context(t, v, &g->context, x + w - pw, y, pw, h);
}

void
draw_graph(const struct theme *t, const struct layout_screen *l, const struct view *v,
	   const struct graph_data *g)
{
	draw_chrome(t, l, v);
	plots(t, 0, l->title.y + 1, l->title.w, l->status.y - l->title.y - 1, v, g);
}

void
draw_graph_pane(const struct theme *t, const struct rect *r, const struct view *v,
		const struct graph_data *g)
{
	plots(t, r->x, r->y, r->w, r->h, v, g);
}
