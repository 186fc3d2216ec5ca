/* draw.c - the panes. Everything goes to stdscr's virtual screen; the
 * caller flushes once per event, so curses sends only changed cells. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>

#ifdef HAVE_NCURSESW_CURSES_H
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#include "cost.h"
#include "draw.h"
#include "engine.h"
#include "explain.h"
#include "fmt.h"
#include "form.h"
#include "keys.h"
#include "memory.h"
#include "report.h"

#define PLAIN 0	/* A_NORMAL as a plain int attribute */

/* Prints at (y, x), clipped to w columns; the text is ASCII. */
static void
put(int y, int x, int w, int attr, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
put(int y, int x, int w, int attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (w <= 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	attrset(attr);
	mvaddnstr(y, x, buf, w);
	attrset(A_NORMAL);
}

static void
fill_line(int y, int x, int w, int attr)
{
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

static const char *
tok(char *buf, size_t len, uint64_t v)
{
	return fmt_tokens(buf, len, v, 1);
}

static void
draw_title(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->title;

	fill_line(r->y, r->x, r->w, t->attr[R_TITLE]);
	if (v->p != NULL)
		put(r->y, r->x, r->w - 16 - (v->tag ? (int)strlen(v->tag) + 1 : 0), t->attr[R_TITLE],
		    " gpuplan  %s on %llu x %s, TP %llu%s  [%s]",
		    v->m->name, (unsigned long long)v->p->layout.gpus, v->g->id,
		    (unsigned long long)v->p->layout.tp, v->p->layout.pp > 1 ? " PP" : "",
		    engine_id(v->s->engine));
	else
		put(r->y, r->x, r->w, t->attr[R_TITLE], " gpuplan");
	if (v->tag != NULL && *v->tag) {
		int len = (int)strlen(v->tag);

		put(r->y, r->x + r->w - 17 - len, len + 1, t->attr[R_TITLE], " %s", v->tag);
	}
	put(r->y, r->x + r->w - 16, 16, t->attr[R_TITLE], "  ? help  q quit");
}

static void
draw_form(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->form;
	int label_w = 12;

	for (int row = 0; row < r->h; row++) {
		size_t i = v->scroll + (size_t)row;
		const struct form_row *f;
		char val[64];
		int attr;

		if (i >= form_row_count(v->s))
			break;
		f = form_row(v->s, i);
		if (f->kind == FR_HEADER) {
			put(r->y + row, r->x, r->w, t->attr[R_HEADER], "%s", f->label);
			continue;
		}
		if (f->kind == FR_INFO) {
			if (v->p != NULL)
				put(r->y + row, r->x + 2, r->w - 2, t->attr[R_DIM],
				    "%.1fB total, %.1fB active", v->p->counts.total / 1e9,
				    v->p->counts.active / 1e9);
			continue;
		}
		form_value(v->s, v->cat, f->option, val, sizeof val);
		attr = i == v->focus ? t->attr[R_FOCUS] : PLAIN;
		if (i == v->focus)
			fill_line(r->y + row, r->x + 1, r->w - 1, attr);
		put(r->y + row, r->x + 2, label_w, attr, "%s", f->label);
		put(r->y + row, r->x + 2 + label_w, r->w - 3 - label_w, attr, "%s%s", val,
		    form_is_picker(f->option) && i == v->focus ? " >" : "");
	}
	attrset(t->attr[R_DIM]);
	mvvline(r->y, r->x + r->w, t->utf8 ? ACS_VLINE : '|', r->h);
	attrset(A_NORMAL);
}

/* A stacked bar: segments scaled to max(capacity, use), cumulative
 * rounding so the cells add up, over-capacity cells marked. */
static void
draw_bar(const struct theme *t, int y, int x, int w, const struct plan_memory *mem)
{
	double seg[SEG_COUNT] = {0};
	double used, scale, acc = 0;
	int cell = 0, cap_cell;

	seg[SEG_WEIGHTS] = (double)mem->weights;
	seg[SEG_KV] = (double)mem->kv_cache;
	seg[SEG_ACT] = (double)mem->activations;
	seg[SEG_OVERHEAD] = (double)mem->overhead;
	used = seg[SEG_WEIGHTS] + seg[SEG_KV] + seg[SEG_ACT] + seg[SEG_OVERHEAD];
	seg[SEG_FREE] = mem->free > 0 ? (double)mem->free : 0;
	scale = used > (double)mem->capacity ? used : (double)mem->capacity;
	cap_cell = scale > 0 ? (int)((double)mem->capacity / scale * w + 0.5) : w;
	for (int s = 0; s <= SEG_FREE && scale > 0; s++) {
		int end;

		acc += seg[s];
		end = (int)(acc / scale * w + 0.5);
		if (end > w)
			end = w;
		for (; cell < end; cell++) {
			bool over = cell >= cap_cell;

			attrset(t->attr[over ? R_OVER : segment_role((enum segment)s)]);
			mvaddstr(y, x + cell, over ? t->glyph[SEG_OVER] : t->glyph[s]);
		}
	}
	attrset(A_NORMAL);
	if (used > (double)mem->capacity && cap_cell < w)
		mvaddstr(y, x + cap_cell, "|");
}

static void
legend_item(const struct theme *t, enum segment s, const char *label, double gib)
{
	attrset(t->attr[segment_role(s)]);
	addstr(t->glyph[s]);
	attrset(A_NORMAL);
	printw(" %s %.1f  ", label, gib);
}

static void
draw_memory(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->memory;
	const struct plan_memory *mem = &v->p->mem;
	uint64_t n = v->p->layout.tp * v->p->layout.pp;
	int label_w = 8, y = r->y;
	char a[32], b[32];

	if (engine_of(v->s)->uses_util)
		put(y++, r->x, r->w, t->attr[R_HEADER], "Memory per GPU  %.1f GiB, engine may use %.1f",
		    mem->capacity / GIB, mem->budget / GIB);
	else
		put(y++, r->x, r->w, t->attr[R_HEADER], "Memory per GPU  %.1f GiB", mem->capacity / GIB);
	if (l->bars > 1) {
		for (uint64_t i = 0; i < n; i++) {
			put(y, r->x, label_w, PLAIN, "GPU %llu", (unsigned long long)i);
			draw_bar(t, y++, r->x + label_w, r->w - label_w, mem);
		}
	} else {
		if (n == 1)
			put(y, r->x, label_w, PLAIN, "GPU 0");
		else
			put(y, r->x, label_w, PLAIN, "each x%llu", (unsigned long long)n);
		draw_bar(t, y++, r->x + label_w, r->w - label_w, mem);
	}
	y = r->y + 1 + l->bars;
	move(y++, r->x);
	legend_item(t, SEG_WEIGHTS, "weights", mem->weights / GIB);
	legend_item(t, SEG_KV, "KV", mem->kv_cache / GIB);
	legend_item(t, SEG_ACT, "activations", mem->activations / GIB);
	move(y++, r->x);
	legend_item(t, SEG_OVERHEAD, "overhead", mem->overhead / GIB);
	legend_item(t, mem->free >= 0 ? SEG_FREE : SEG_OVER, mem->free >= 0 ? "free" : "over",
		    (double)(mem->free >= 0 ? mem->free : -mem->free) / GIB);
	printw("GiB");
	if (mem->fits)
		put(y, r->x, r->w, t->attr[R_GOOD], "fits: pool %.1f GiB, %s tok, %llu seqs @ %s",
		    mem->kv_pool / GIB, tok(a, sizeof a, mem->kv_pool_tokens),
		    (unsigned long long)mem->max_concurrency, tok(b, sizeof b, v->s->context));
	else
		put(y, r->x, r->w, t->attr[R_ERROR], "DOES NOT FIT: max %llu seqs @ %s, or %s tok",
		    (unsigned long long)mem->max_concurrency, tok(a, sizeof a, v->s->context),
		    tok(b, sizeof b, mem->max_context));
}

static void
draw_speed(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->speed;
	const struct plan_decode *d = &v->p->decode;
	int y = r->y;

	put(y++, r->x, r->w, t->attr[R_HEADER], "Speed  batch %llu, %s-bound, %s math",
	    (unsigned long long)v->s->batch, d->memory_bound ? "memory" : "compute",
	    compute_dtype_name(d->compute));
	put(y++, r->x, r->w, PLAIN, "decode %.0f tok/s (bound %.0f), %.1f/user",
	    d->tokens_per_s, d->tokens_per_s_bound, d->per_user_tokens_per_s);
	put(y++, r->x, r->w, PLAIN, "TPOT %.1f ms  TTFT %.0f ms  e2e %.1f s  %.2f req/s",
	    d->tpot_ms, v->p->prefill.ttft_ms, v->p->e2e_ms / 1e3, v->p->requests_per_s);
	if (d->experts_total > 0)
		put(y++, r->x, r->w, PLAIN, "experts %.1f/%.0f per layer, %.1f GB/step/GPU",
		    d->experts_touched, d->experts_total, d->bytes_per_step / 1e9);
	else
		put(y++, r->x, r->w, PLAIN, "%.1f GB/step/GPU: %.1f weights, %.1f KV",
		    d->bytes_per_step / 1e9, d->weight_bytes_per_step / 1e9, d->kv_bytes_per_step / 1e9);
	put(y, r->x, r->w, t->attr[R_DIM], "eta bw %.0f%%, compute %.0f%% of MAMF; x explains",
	    v->s->eta_bw * 100, v->s->eta_compute * 100);
}

static void
draw_cost(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->cost;
	const struct plan_cost *c = &v->p->cost;
	char a[32], b[32], mo[32];

	if (!c->price_known) {
		put(r->y, r->x, r->w, t->attr[R_HEADER], "Cost");
		put(r->y + 1, r->x, r->w, t->attr[R_DIM], "no price for this GPU: set $/GPU-h");
		return;
	}
	put(r->y, r->x, r->w, t->attr[R_HEADER], "Cost  %s/GPU-h",
	    fmt_money(a, sizeof a, c->usd_per_gpu_hour));
	put(r->y + 1, r->x, r->w, PLAIN, "%s/h  %s/month  %s/M output tok",
	    fmt_money(a, sizeof a, c->usd_per_hour), fmt_money(b, sizeof b, c->usd_per_month),
	    fmt_money(mo, sizeof mo, c->usd_per_m_output));
	if (c->api_known) {
		fmt_thousands(a, sizeof a, (unsigned long long)(c->breakeven_m_tokens_month + 0.5));
		fmt_thousands(b, sizeof b, (unsigned long long)(c->capacity_m_tokens_month + 0.5));
		put(r->y + 2, r->x, r->w,
		    c->breakeven_m_tokens_month > c->capacity_m_tokens_month ? t->attr[R_WARNING] : PLAIN,
		    "API %s/M  break-even %sM/mo (max %sM)",
		    fmt_money(mo, sizeof mo, c->api_usd_per_m_blended), a, b);
	}
}

/* Word-wraps text into the rect from row y; returns the next row. */
static int
wrap(int y, int x, int w, int last, int attr, const char *prefix, const char *text)
{
	int plen = (int)strlen(prefix);
	const char *p = text;
	bool first = true;

	while (*p && y <= last) {
		int avail = w - plen, n = (int)strlen(p);

		if (n > avail) {
			n = avail;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = avail;
		}
		if (first)
			put(y, x, w, attr, "%s%.*s", prefix, n, p);
		else
			put(y, x, w, attr, "%*s%.*s", plen, "", n, p);
		p += n;
		while (*p == ' ')
			p++;
		first = false;
		y++;
	}
	return y;
}

static void
draw_warnings(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->warnings;
	int y = r->y, last = r->y + r->h - 1;

	if (r->h <= 0)
		return;
	put(y++, r->x, r->w, t->attr[R_HEADER], "Warnings");
	if (v->p->n_warnings == 0)
		put(y, r->x, r->w, t->attr[R_DIM], "none");
	for (int i = 0; i < v->p->n_warnings && y <= last; i++) {
		const struct warning *w = &v->p->warnings[i];
		enum role role = w->severity == SEV_ERROR ? R_ERROR :
				 w->severity == SEV_WARNING ? R_WARNING : R_INFO;
		const char *mark = w->severity == SEV_ERROR ? "!! " :
				   w->severity == SEV_WARNING ? " ! " : " i ";

		y = wrap(y, r->x, r->w, last, t->attr[role], mark, w->message);
	}
}

static void
draw_status(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->status;
	char hints[256];

	fill_line(r->y, r->x, r->w, A_NORMAL);
	if (v->prompt != NULL) {
		put(r->y, r->x, r->w, A_BOLD, "%s", v->prompt);
		return;
	}
	if (v->status != NULL) {
		put(r->y, r->x, r->w, v->status_error ? t->attr[R_ERROR] : PLAIN, "%s", v->status);
		return;
	}
	keys_hints(hints, sizeof hints);
	put(r->y, r->x, r->w, t->attr[R_DIM], "%s", hints);
}

void
draw_screen(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	erase();
	draw_title(t, l, v);
	draw_form(t, l, v);
	if (v->p != NULL) {
		draw_memory(t, l, v);
		draw_speed(t, l, v);
		draw_cost(t, l, v);
		draw_warnings(t, l, v);
	} else {
		put(l->memory.y, l->memory.x, l->memory.w, t->attr[R_ERROR], "No plan:");
		wrap(l->memory.y + 1, l->memory.x, l->memory.w, l->warnings.y + l->warnings.h - 1,
		     t->attr[R_ERROR], "", v->plan_error ? v->plan_error : "?");
	}
	draw_status(t, l, v);
}

void
draw_too_small(const struct theme *t, int rows, int cols)
{
	char msg[64];
	int len = snprintf(msg, sizeof msg, "terminal too small (need %dx%d)",
			   LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	int y = rows / 2, x = cols > len ? (cols - len) / 2 : 0;

	erase();
	put(y > 0 ? y - 1 : 0, x, cols - x, t->attr[R_ERROR], "%s", msg);
	snprintf(msg, sizeof msg, "now %dx%d; q quits", cols, rows);
	if (rows > 1)
		put(y, cols > (int)strlen(msg) ? (cols - (int)strlen(msg)) / 2 : 0, cols, PLAIN,
		    "%s", msg);
}

/* A centred box; returns its interior. */
static struct rect
dialog(const struct theme *t, int rows, int cols, int h, int w, const char *title)
{
	struct rect r;

	if (h > rows - 2)
		h = rows - 2;
	if (w > cols - 2)
		w = cols - 2;
	r.y = (rows - h) / 2;
	r.x = (cols - w) / 2;
	r.h = h;
	r.w = w;
	for (int y = r.y; y < r.y + h; y++)
		fill_line(y, r.x, w, A_NORMAL);
	attrset(t->attr[R_HEADER]);
	if (t->utf8) {
		mvwhline(stdscr, r.y, r.x, ACS_HLINE, w);
		mvwhline(stdscr, r.y + h - 1, r.x, ACS_HLINE, w);
		mvwvline(stdscr, r.y, r.x, ACS_VLINE, h);
		mvwvline(stdscr, r.y, r.x + w - 1, ACS_VLINE, h);
		mvaddch(r.y, r.x, ACS_ULCORNER);
		mvaddch(r.y, r.x + w - 1, ACS_URCORNER);
		mvaddch(r.y + h - 1, r.x, ACS_LLCORNER);
		mvaddch(r.y + h - 1, r.x + w - 1, ACS_LRCORNER);
	} else {
		mvhline(r.y, r.x, '-', w);
		mvhline(r.y + h - 1, r.x, '-', w);
		mvvline(r.y + 1, r.x, '|', h - 2);
		mvvline(r.y + 1, r.x + w - 1, '|', h - 2);
	}
	put(r.y, r.x + 2, w - 4, t->attr[R_HEADER], " %s ", title);
	attrset(A_NORMAL);
	r.y += 1;
	r.x += 2;
	r.h -= 2;
	r.w -= 4;
	return r;
}

void
draw_help(const struct theme *t, int rows, int cols)
{
	char lines[KEYS_HELP_MAX][KEYS_LINE];
	int n = (int)keys_help(lines, KEYS_HELP_MAX);
	struct rect r = dialog(t, rows, cols, n + 2, KEYS_LINE - 1 + 4, "gpuplan keys");

	for (int i = 0; i < n && i < r.h; i++)
		put(r.y + i, r.x, r.w, PLAIN, "%s", lines[i]);
}

void
draw_explain(const struct theme *t, int rows, int cols, const struct view *v)
{
	struct explain x;
	struct rect r;

	if (v->p == NULL)
		return;
	/* the core writes every line; the screen only places them */
	plan_explain(v->s, v->m, v->g, v->p, &x);
	r = dialog(t, rows, cols, x.n + 4, cols - 4 > 100 ? 100 : cols - 4,
		   "why these numbers (any key closes)");
	for (int i = 0; i < x.n && i < r.h - 2; i++) {
		char compact[EXPLAIN_LEN];

		/* too wide: the numbers and the result matter more than the
		 * formula in words */
		if ((int)strlen(x.line[i].text) > r.w)
			explain_compact(x.line[i].text, compact, sizeof compact);
		else
			snprintf(compact, sizeof compact, "%s", x.line[i].text);
		put(r.y + i, r.x, r.w, PLAIN, "%s", compact);
	}
	put(r.y + (x.n < r.h - 2 ? x.n : r.h - 2) + 1, r.x, r.w, t->attr[R_DIM], "%s",
	    engine_of(v->s)->label);
}

/* Case-insensitive substring test (strcasestr is not POSIX). */
static bool
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

size_t
picker_matches(const struct picker *pk, size_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < pk->n && n < max; i++) {
		if (contains(pk->items[i], pk->filter) ||
		    (pk->labels != NULL && pk->labels[i] != NULL &&
		     contains(pk->labels[i], pk->filter)))
			out[n++] = i;
	}
	return n;
}

void
draw_picker(const struct theme *t, int rows, int cols, const struct picker *pk)
{
	size_t match[PICKER_MAX], n = picker_matches(pk, match, PICKER_MAX), first = 0;
	struct rect r = dialog(t, rows, cols, rows - 4, 70, pk->title);
	int list_h = r.h - 2;

	put(r.y, r.x, r.w, PLAIN, "search: %s_", pk->filter);
	if (list_h <= 0)
		return;
	if (pk->cursor >= (size_t)list_h)
		first = pk->cursor - (size_t)list_h + 1;
	for (int i = 0; i < list_h && first + (size_t)i < n; i++) {
		size_t k = match[first + (size_t)i];
		int attr = first + (size_t)i == pk->cursor ? t->attr[R_FOCUS] : PLAIN;

		fill_line(r.y + 2 + i, r.x, r.w, attr);
		put(r.y + 2 + i, r.x, r.w, attr, "%-18s %s", pk->items[k],
		    pk->labels != NULL && pk->labels[k] != NULL ? pk->labels[k] : "");
	}
	if (n == 0)
		put(r.y + 2, r.x, r.w, t->attr[R_DIM], "no match");
}

/* Lines of text into a box, clipped to it. */
static int
text_lines(const struct rect *r, int y, const char *text)
{
	const char *p = text;

	while (p != NULL && *p && y < r->y + r->h) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		put(y++, r->x, r->w, PLAIN, "%.*s", n, p);
		p = nl ? nl + 1 : NULL;
	}
	return y;
}

static int
count_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		n++;
	return n;
}

void
draw_text(const struct theme *t, int rows, int cols, const char *title, const char *text)
{
	struct rect r;

	while (text != NULL && *text == '\n')	/* no blank first line */
		text++;
	r = dialog(t, rows, cols, count_lines(text) + 2, cols - 2, title);
	text_lines(&r, r.y, text ? text : "");
}

void
draw_compare(const struct theme *t, int rows, int cols, const char *text,
	     const struct plan_memory *a, const struct plan_memory *b)
{
	struct rect r = dialog(t, rows, cols, count_lines(text) + 5, cols - 2,
			       "A (pinned) vs now; any key closes");

	put(r.y, r.x, 10, PLAIN, "A per GPU");
	draw_bar(t, r.y, r.x + 10, r.w - 10, a);
	put(r.y + 1, r.x, 10, PLAIN, "B per GPU");
	draw_bar(t, r.y + 1, r.x + 10, r.w - 10, b);
	text_lines(&r, r.y + 3, text ? text : "");
}
