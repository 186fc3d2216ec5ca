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
#include "compare.h"
#include "engine.h"
#include "explain.h"
#include "fmt.h"
#include "form.h"
#include "graph.h"
#include "keys.h"
#include "memory.h"
#include "report.h"

#define PLAIN 0	/* A_NORMAL as a plain int attribute */

int
draw_cells(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The bytes of s that fill at most w cells. */
static int
bytes_in(const char *s, int w)
{
	int i = 0;

	for (int c = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == w)
			break;
	}
	return i;
}

/* Plain ASCII, most of the screen, goes in as one run of cells (htop's
 * RichString way): curses then skips decoding each byte, which is most
 * of a redraw's cost. */
void
draw_put(int y, int x, int w, int attr, const char *s)
{
	chtype run[512];
	int n = 0;

	if (w <= 0)
		return;
	while (n < w && n < (int)(sizeof run / sizeof run[0]) && s[n] != '\0' &&
	       (unsigned char)s[n] >= 32 && (unsigned char)s[n] < 127) {
		run[n] = (chtype)(unsigned char)s[n] | (chtype)attr;
		n++;
	}
	if (s[n] == '\0' || n == w) {
		mvaddchnstr(y, x, run, n);
		return;
	}
	attrset(attr);
	mvaddnstr(y, x, s, bytes_in(s, w));
	attrset(A_NORMAL);
}

/* The core's messages name options as the command line spells them
 * ("give one with --gpu-price"); on the screen they name the form's
 * field ("give one with $/GPU-h"). Returns out. */
static const char *
screen_words(char *out, size_t len, const char *msg)
{
	size_t o = 0;

	for (const char *p = msg; *p != '\0' && o + 1 < len;) {
		size_t n = 0;
		char name[64];
		const struct option_def *d;

		if (p[0] == '-' && p[1] == '-' && (p == msg || p[-1] == ' ' || p[-1] == '(')) {
			while (n + 1 < sizeof name && (islower((unsigned char)p[2 + n]) ||
						       isdigit((unsigned char)p[2 + n]) || p[2 + n] == '-'))
				n++;
			snprintf(name, sizeof name, "%.*s", (int)n, p + 2);
			d = n > 0 ? scenario_option(name) : NULL;
			if (d != NULL && d->label != NULL) {
				o += (size_t)snprintf(out + o, len - o, "%s", d->label);
				o = o < len ? o : len - 1;
				p += 2 + n;
				continue;
			}
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
	return out;
}

/* The same, formatted. */
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
	draw_put(y, x, w, attr, buf);
}

/* Formats into buf; true when it is wider than w columns, so that a
 * line's forms, longest first, chain with && and the shorter ones are
 * formatted only when needed: a narrow pane drops words and figures by
 * priority instead of cutting a number or its unit. */
static bool wide(char *buf, size_t len, int w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
wide(char *buf, size_t len, int w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return draw_cells(buf) > w;
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

/* The title by priority: the layout (GPU count, GPU, TP, PP, replicas,
 * engine) always; then the file tag, the help keys, the program's name,
 * and the model's name in what is left, cut if it must be. */
static void
draw_title(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->title;
	const char *help = "  ? help  q quit", *brand = "gpuplan  ";
	const char *tag = v->tag != NULL ? v->tag : "";
	char where[192], pp[32] = "", rep[40] = "";
	int rem, taglen = (int)strlen(tag), x = r->x + 1;

	fill_line(r->y, r->x, r->w, t->attr[R_TITLE]);
	if (v->p == NULL) {
		put(r->y, r->x, r->w, t->attr[R_TITLE], " gpuplan");
		where[0] = '\0';
	} else {
		const struct layout *lay = &v->p->layout;

		if (lay->pp > 1)
			snprintf(pp, sizeof pp, " PP %llu", (unsigned long long)lay->pp);
		if (lay->replicas > 1)
			snprintf(rep, sizeof rep, ", %llu replicas", (unsigned long long)lay->replicas);
		snprintf(where, sizeof where, "%llu x %s, TP %llu%s%s [%s]",
			 (unsigned long long)lay->gpus, v->g->id, (unsigned long long)lay->tp, pp,
			 rep, engine_id(v->s->engine));
	}
	rem = r->w - 1 - (v->p != NULL ? (int)strlen(where) : 8);
	if (taglen > 0 && rem >= taglen + 1)
		rem -= taglen + 1;
	else
		taglen = 0;
	if (rem < (int)strlen(help))
		help = rem >= 8 ? "  ? help" : "";
	rem -= (int)strlen(help);
	if (v->p != NULL) {
		if (rem < (int)strlen(brand) + 8)
			brand = "";
		rem -= (int)strlen(brand);
		put(r->y, x, r->w - 1, t->attr[R_TITLE], "%s%s", brand, where);
		x += (int)strlen(brand) + (int)strlen(where);
		if (rem > 4)
			put(r->y, x, rem, t->attr[R_TITLE], "  %s", v->m->name);
	}
	if (taglen > 0)
		put(r->y, r->x + r->w - (int)strlen(help) - taglen - 1, taglen + 1,
		    t->attr[R_TITLE], " %s", tag);
	draw_put(r->y, r->x + r->w - (int)strlen(help), (int)strlen(help), t->attr[R_TITLE], help);
}

static void
draw_form(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->form;
	int label_w = 12, in = l->narrow ? 1 : 2;
	size_t nrows = form_row_count(v->s);

	for (int row = 0; row < r->h; row++) {
		size_t i = v->scroll + (size_t)row;
		const struct form_row *f;
		char val[64];
		int attr;

		if (i >= form_row_count(v->s))
			break;
		f = form_row(v->s, i);
		if (f->kind == FR_HEADER) {
			draw_put(r->y + row, r->x, r->w, t->attr[R_HEADER], f->label);
			continue;
		}
		if (f->kind == FR_INFO) {
			if (v->p != NULL) {
				char l1[64];

				if (wide(l1, sizeof l1, r->w - in - 1, "%.1fB total, %.1fB active",
					 v->p->counts.total / 1e9, v->p->counts.active / 1e9))
					snprintf(l1, sizeof l1, "%.1fB, %.1fB active", v->p->counts.total / 1e9,
					 v->p->counts.active / 1e9);
				draw_put(r->y + row, r->x + in, r->w - in, t->attr[R_DIM], l1);
			}
			continue;
		}
		form_value(v->s, v->cat, f->option, val, sizeof val);
		attr = i == v->focus ? t->attr[R_FOCUS] : PLAIN;
		if (i == v->focus)
			fill_line(r->y + row, r->x + in - 1, r->w - in + 1, attr);
		draw_put(r->y + row, r->x + in, label_w, attr, f->label);
		put(r->y + row, r->x + in + label_w, r->w - 1 - in - label_w, attr, "%s%s", val,
		    form_is_picker(f->option) && i == v->focus &&
		    (int)strlen(val) + 2 <= r->w - 1 - in - label_w ? " >" : "");
	}
	attrset(t->attr[R_DIM]);
	mvvline(r->y, r->x + r->w, t->utf8 ? ACS_VLINE : '|', r->h);
	/* scroll marks in the form's last column: rows above, rows below */
	attrset(t->attr[R_HEADER] | A_BOLD);
	if (v->scroll > 0)
		mvaddstr(r->y, r->x + r->w - 1, t->utf8 ? "\u25b2" : "^");
	if (v->scroll + (size_t)r->h < nrows)
		mvaddstr(r->y + r->h - 1, r->x + r->w - 1, t->utf8 ? "\u25bc" : "v");
	attrset(A_NORMAL);
}

/* The fit status as a colour: red does not fit, yellow fits without
 * the headroom or with KV crowding the pool, green fits. */
static enum role
fit_role(const struct plan_memory *mem)
{
	return !mem->fits ? R_ERROR : mem->tight ? R_WARNING : R_GOOD;
}

/* The engine's limit on the bar (gpu_memory_utilization and the like):
 * one cell, in the fit status colour. */
static const char *
budget_glyph(const struct theme *t)
{
	return t->utf8 ? "\u250a" : ":";
}

/* A stacked bar: segments scaled to max(capacity, use), cumulative
 * rounding so the cells add up, over-capacity cells marked, and the
 * engine's budget marked where it is below the capacity. */
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
		/* a run of one glyph in one call: the bar is redrawn on
		 * every key, cell by cell it costs more than the rest */
		while (cell < end) {
			bool over = cell >= cap_cell;
			int stop = over || cap_cell >= end ? end : cap_cell;
			if (stop - cell > 512)
				stop = cell + 512;
			const char *g = over ? t->glyph[SEG_OVER] : t->glyph[s];
			char run[4 * 512 + 1];
			size_t glen = strlen(g), n = 0;

			for (int c = cell; c < stop && n + glen < sizeof run; c++, n += glen)
				memcpy(run + n, g, glen);
			run[n] = '\0';
			attrset(t->attr[over ? R_OVER : segment_role((enum segment)s)]);
			mvaddstr(y, x + cell, run);
			cell = stop;
		}
	}
	attrset(A_NORMAL);
	if (used > (double)mem->capacity && cap_cell < w)
		mvaddstr(y, x + cap_cell, "|");
	if (scale > 0 && mem->budget > 0 && mem->budget < mem->capacity) {
		int mark = (int)((double)mem->budget / scale * w + 0.5);

		if (mark >= w)
			mark = w - 1;
		attrset(t->attr[fit_role(mem)] | A_BOLD);
		mvaddstr(y, x + mark, budget_glyph(t));
		attrset(A_NORMAL);
	}
}

/* The legend: weights, KV and activations on its first line, overhead
 * and free (or over) on the second, as the 80-column design has them.
 * A narrow pane takes short labels, then whole GiB from 100 up, so a
 * figure is never cut. */
enum legend_form { LG_LONG, LG_SHORT, LG_WHOLE };

static int
legend_text(char *buf, size_t len, enum legend_form f, const char *label, const char *brief,
	    double gib)
{
	return snprintf(buf, len, " %s %.*f", f == LG_LONG ? label : brief,
			f == LG_WHOLE && gib >= 100 ? 0 : 1, gib);
}

static void
draw_legend(const struct theme *t, int y, int x, int w, const struct plan_memory *mem)
{
	static const char *const label[5] = {"weights", "KV", "activations", "overhead", NULL};
	static const char *const brief[5] = {"wts", "KV", "act", "ovh", NULL};
	const double gib[5] = {mem->weights / GIB, mem->kv_cache / GIB, mem->activations / GIB,
			       mem->overhead / GIB,
			       (double)(mem->free >= 0 ? mem->free : -mem->free) / GIB};
	const char *last = mem->free >= 0 ? "free" : "over";
	enum legend_form f;
	char text[48];

	for (f = LG_LONG; f < LG_WHOLE; f++) {
		int line[2] = {-2, 3};	/* no gap before the first; "  GiB" after */

		for (int i = 0; i < 5; i++)
			line[i >= 3] += 2 + 1 + legend_text(text, sizeof text, f,
							    i == 4 ? last : label[i],
							    i == 4 ? last : brief[i], gib[i]);
		if (line[0] <= w && line[1] - 2 <= w)
			break;
	}
	for (int i = 0, col = 0; i < 5; i++) {
		int n = legend_text(text, sizeof text, f, i == 4 ? last : label[i],
				    i == 4 ? last : brief[i], gib[i]);
		enum segment seg = i == 4 && mem->free < 0 ? SEG_OVER : (enum segment)i;

		if (i == 3) {
			y++;
			col = 0;
		}
		attrset(t->attr[segment_role(seg)]);
		mvaddstr(y, x + col, t->glyph[seg]);
		attrset(A_NORMAL);
		draw_put(y, x + col + 1, w - col - 1, PLAIN, text);
		col += n + 1 + 2;
		if (i == 4)
			put(y, x + col, w - col, PLAIN, "GiB");
	}
}

/* Which limit a plan that does not fit breaks, as the core found it:
 * never "does not fit" beside "free 5.1 GiB" without saying why. */
static const char *
broken_limit(char *buf, size_t len, const struct plan_memory *mem, bool brief)
{
	double by = mem->short_by / GIB;

	if (brief && mem->broken == ML_BEFORE_KV && mem->room < mem->capacity)
		snprintf(buf, len, "%.1f GiB over %.0f%%", by, mem->engine_fraction * 100);
	else if (brief && mem->broken == ML_BEFORE_KV)
		snprintf(buf, len, "%.1f GiB over the GPU", by);
	else if (brief && mem->broken == ML_OUTSIDE)
		snprintf(buf, len, "short %.1f GiB", by);
	else if (brief)
		snprintf(buf, len, "KV short %.1f GiB", by);
	else if (mem->broken == ML_BEFORE_KV && mem->room < mem->capacity)
		snprintf(buf, len, "%.1f GiB over the %.0f%% budget", by, mem->engine_fraction * 100);
	else if (mem->broken == ML_BEFORE_KV)
		snprintf(buf, len, "%.1f GiB over the whole GPU", by);
	else if (mem->broken == ML_OUTSIDE)
		snprintf(buf, len, "short %.1f GiB outside %.0f%% budget", by,
			 mem->engine_fraction * 100);
	else
		snprintf(buf, len, "KV pool short by %.1f GiB; %llu fit", by,
			 (unsigned long long)mem->max_concurrency);
	return buf;
}

static void
draw_memory(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->memory;
	const struct plan_memory *mem = &v->p->mem;
	uint64_t n = v->p->layout.tp * v->p->layout.pp;
	int label_w = 8, y = r->y;
	char a[64], b[32], l1[160];

	if (mem->budget > 0 && mem->budget < mem->capacity) {
		if (wide(l1, sizeof l1, r->w, "Memory per GPU %.1f GiB %s engine may use %.1f",
			 mem->capacity / GIB, budget_glyph(t), mem->budget / GIB) &&
		    wide(l1, sizeof l1, r->w, "GPU %.1f GiB %s engine may use %.1f",
			 mem->capacity / GIB, budget_glyph(t), mem->budget / GIB))
			snprintf(l1, sizeof l1, "GPU %.1f GiB %s budget %.1f", mem->capacity / GIB,
				 budget_glyph(t), mem->budget / GIB);
	} else if (wide(l1, sizeof l1, r->w, "Memory per GPU  %.1f GiB", mem->capacity / GIB))
		snprintf(l1, sizeof l1, "GPU %.1f GiB", mem->capacity / GIB);
	draw_put(y++, r->x, r->w, t->attr[R_HEADER], l1);
	if (l->bars > 1) {
		for (uint64_t i = 0; i < n; i++) {
			put(y, r->x, label_w, PLAIN, "GPU %llu", (unsigned long long)i);
			draw_bar(t, y++, r->x + label_w, r->w - label_w, mem);
		}
	} else {
		/* "each x64", then a space before the bar, at any count */
		snprintf(b, sizeof b, n == 1 ? "GPU 0" : "each x%llu", (unsigned long long)n);
		label_w = (int)strlen(b) + 1 > label_w ? (int)strlen(b) + 1 : label_w;
		put(y, r->x, label_w, PLAIN, "%s", b);
		draw_bar(t, y++, r->x + label_w, r->w - label_w, mem);
	}
	draw_legend(t, r->y + 1 + l->bars, r->x, r->w, mem);
	y = r->y + 3 + l->bars;
	if (mem->fits) {
		tok(a, sizeof a, mem->kv_pool_tokens);
		tok(b, sizeof b, v->s->context);
		if (wide(l1, sizeof l1, r->w, "fits: pool %.1f GiB, %s tok, %llu seqs @ %s",
			 mem->kv_pool / GIB, a, (unsigned long long)mem->max_concurrency, b) &&
		    wide(l1, sizeof l1, r->w, "fits: %llu seqs @ %s, pool %.1f GiB",
			 (unsigned long long)mem->max_concurrency, b, mem->kv_pool / GIB))
			snprintf(l1, sizeof l1, "fits: %llu seqs @ %s", (unsigned long long)mem->max_concurrency,
			 b);
		draw_put(y, r->x, r->w, t->attr[fit_role(mem)], l1);
	} else {
		if (wide(l1, sizeof l1, r->w, "DOES NOT FIT: %s", broken_limit(a, sizeof a, mem, false)))
			snprintf(l1, sizeof l1, "DOES NOT FIT: %s", broken_limit(a, sizeof a, mem, true));
		draw_put(y, r->x, r->w, t->attr[R_ERROR], l1);
	}
}

static void
draw_speed(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->speed;
	const struct plan_decode *d = &v->p->decode;
	/* a plan that does not fit has no real speed: dimmed */
	int plain = v->p->mem.fits ? PLAIN : t->attr[R_DIM];
	int head = v->p->mem.fits ? t->attr[R_HEADER] : t->attr[R_DIM];
	int y = r->y;
	char l1[160];
	const char *bound = d->memory_bound ? "memory" : "compute";

	if (wide(l1, sizeof l1, r->w, "Speed  batch %llu, %s-bound, %s math",
		 (unsigned long long)v->s->batch, bound, compute_dtype_name(d->compute)) &&
	    wide(l1, sizeof l1, r->w, "Speed batch %llu, %.3s-bound, %s", (unsigned long long)v->s->batch,
		 bound, compute_dtype_name(d->compute)))
		snprintf(l1, sizeof l1, "Speed batch %llu, %s", (unsigned long long)v->s->batch,
		 compute_dtype_name(d->compute));
	draw_put(y++, r->x, r->w, head, l1);
	if (wide(l1, sizeof l1, r->w, "decode %.0f tok/s (bound %.0f), %.1f/user", d->tokens_per_s,
		 d->tokens_per_s_bound, d->per_user_tokens_per_s) &&
	    wide(l1, sizeof l1, r->w, "decode %.0f tok/s, %.1f/user", d->tokens_per_s,
		 d->per_user_tokens_per_s))
		snprintf(l1, sizeof l1, "decode %.0f tok/s", d->tokens_per_s);
	draw_put(y++, r->x, r->w, plain, l1);
	if (wide(l1, sizeof l1, r->w, "TPOT %.1f ms  TTFT %.0f ms  e2e %.1f s  %.2f req/s", d->tpot_ms,
		 v->p->prefill.ttft_ms, v->p->e2e_ms / 1e3, v->p->requests_per_s) &&
	    wide(l1, sizeof l1, r->w, "TPOT %.1f ms  TTFT %.0f ms  e2e %.1f s", d->tpot_ms,
		 v->p->prefill.ttft_ms, v->p->e2e_ms / 1e3))
		snprintf(l1, sizeof l1, "TPOT %.1f ms  TTFT %.0f ms", d->tpot_ms, v->p->prefill.ttft_ms);
	draw_put(y++, r->x, r->w, plain, l1);
	if (d->experts_total > 0) {
		if (wide(l1, sizeof l1, r->w, "experts %.1f/%.0f per layer, %.1f GB/step/GPU",
			 d->experts_touched, d->experts_total, d->bytes_per_step / 1e9) &&
		    wide(l1, sizeof l1, r->w, "experts %.1f/%.0f, %.1f GB/step/GPU",
			 d->experts_touched, d->experts_total, d->bytes_per_step / 1e9))
			snprintf(l1, sizeof l1, "experts %.1f/%.0f per layer", d->experts_touched,
				 d->experts_total);
	} else if (wide(l1, sizeof l1, r->w, "%.1f GB/step/GPU: %.1f weights, %.1f KV",
			d->bytes_per_step / 1e9, d->weight_bytes_per_step / 1e9,
			d->kv_bytes_per_step / 1e9))
		snprintf(l1, sizeof l1, "%.1f GB/step/GPU", d->bytes_per_step / 1e9);
	draw_put(y++, r->x, r->w, plain, l1);
	if (r->h < 5)
		return;		/* a short screen: x explains them */
	if (d->gemm_kernel != NULL) {
		if (wide(l1, sizeof l1, r->w, "GEMMs measured (%s), eta bw %.0f%%; x explains",
			 d->gemm_kernel->format, v->s->eta_bw * 100))
			snprintf(l1, sizeof l1, "GEMMs measured, eta bw %.0f%%", v->s->eta_bw * 100);
	} else if (wide(l1, sizeof l1, r->w, "eta bw %.0f%%, compute %.0f%% of MAMF; x explains",
			v->s->eta_bw * 100, v->s->eta_compute * 100)) {
		snprintf(l1, sizeof l1, "eta bw %.0f%%, compute %.0f%%", v->s->eta_bw * 100,
			 v->s->eta_compute * 100);
	}
	draw_put(y, r->x, r->w, t->attr[R_DIM], l1);
}

static void
draw_cost(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->cost;
	const struct plan_cost *c = &v->p->cost;
	int plain = v->p->mem.fits ? PLAIN : t->attr[R_DIM];
	int head = v->p->mem.fits ? t->attr[R_HEADER] : t->attr[R_DIM];
	char a[32], b[32], mo[32], l1[160];

	if (!c->price_known) {
		put(r->y, r->x, r->w, head, "Cost");
		if (c->onprem_known) {
			fmt_money(a, sizeof a, c->onprem_usd_per_gpu_hour);
			if (wide(l1, sizeof l1, r->w, "no rental price: set $/GPU-h; on-prem %s/GPU-h", a) &&
			    wide(l1, sizeof l1, r->w, "no rental price; on-prem %s/GPU-h", a))
				snprintf(l1, sizeof l1, "on-prem %s/GPU-h", a);
			draw_put(r->y + 1, r->x, r->w, t->attr[R_DIM], l1);
		} else
			draw_put(r->y + 1, r->x, r->w, t->attr[R_DIM],
			      r->w >= 34 ? "no price for this GPU: set $/GPU-h" : "no price: set $/GPU-h");
		return;
	}
	/* owning beside renting, once a capex is typed */
	fmt_money(a, sizeof a, c->usd_per_gpu_hour);
	if (c->onprem_known) {
		fmt_money(b, sizeof b, c->onprem_usd_per_gpu_hour);
		if (wide(l1, sizeof l1, r->w, "Cost  %s/GPU-h, on-prem %s", a, b) &&
		    wide(l1, sizeof l1, r->w, "Cost %s/GPU-h, on-prem %s", a, b))
			snprintf(l1, sizeof l1, "Cost %s/GPU-h", a);
		draw_put(r->y, r->x, r->w, head, l1);
	} else
		put(r->y, r->x, r->w, head, "Cost  %s/GPU-h", a);
	fmt_money(a, sizeof a, c->usd_per_hour);
	fmt_money(b, sizeof b, c->usd_per_month);
	fmt_money(mo, sizeof mo, c->usd_per_m_output);
	if (wide(l1, sizeof l1, r->w, "%s/h  %s/month  %s/M output tok", a, b, mo) &&
	    wide(l1, sizeof l1, r->w, "%s/h %s/mo %s/M out", a, b, mo))
		snprintf(l1, sizeof l1, "%s/h  %s/month", a, b);
	draw_put(r->y + 1, r->x, r->w, plain, l1);
	if (c->api_known) {
		fmt_thousands(a, sizeof a, (unsigned long long)(c->breakeven_m_tokens_month + 0.5));
		fmt_thousands(b, sizeof b, (unsigned long long)(c->capacity_m_tokens_month + 0.5));
		fmt_money(mo, sizeof mo, c->api_usd_per_m_blended);
		if (wide(l1, sizeof l1, r->w, "API %s/M  break-even %sM/mo (max %sM)", mo, a, b) &&
		    wide(l1, sizeof l1, r->w, "API %s/M  break-even %sM/mo", mo, a))
			snprintf(l1, sizeof l1, "API %s/M b/e %sM/mo", mo, a);
		draw_put(r->y + 2, r->x, r->w,
		      !v->p->mem.fits ? plain :
		      c->breakeven_m_tokens_month > c->capacity_m_tokens_month ? t->attr[R_WARNING] :
		      PLAIN, l1);
	}
}

/* How much of p goes on a line of avail columns: up to the last space
 * that fits, or avail when no word break fits. */
static int
wrap_cut(const char *p, int avail)
{
	int n = (int)strlen(p);

	if (n > avail) {
		n = avail;
		while (n > 0 && p[n] != ' ')
			n--;
		if (n == 0)
			n = avail;
	}
	return n;
}

/* The next line of text after p's line of n characters. */
static const char *
wrap_next(const char *p, int n)
{
	p += n;
	while (*p == ' ')
		p++;
	return p;
}

/* Word-wraps text into the rect from row y; returns the next row. */
static int
wrap(int y, int x, int w, int last, int attr, const char *prefix, const char *text)
{
	int plen = (int)strlen(prefix);
	const char *p = text;
	bool first = true;

	while (*p && y <= last && w > plen) {
		int n = wrap_cut(p, w - plen);

		if (first)
			put(y, x, w, attr, "%s%.*s", prefix, n, p);
		else
			put(y, x, w, attr, "%*s%.*s", plen, "", n, p);
		p = wrap_next(p, n);
		first = false;
		y++;
	}
	return y;
}

/* Lines text takes wrapped to w columns beside a prefix of plen. */
static int
wrap_lines(int w, int plen, const char *text)
{
	int n = 0;

	for (const char *p = text; *p && w > plen; n++)
		p = wrap_next(p, wrap_cut(p, w - plen));
	return n;
}

/* The severity marks: the colour's meaning without colour. */
#define WARN_MARK_LEN 3
static const char *
warn_mark(enum warn_severity sev)
{
	return sev == SEV_ERROR ? "!! " : sev == SEV_WARNING ? " ! " : " i ";
}

/* The "fits on" line as the pane shows it: the core's text and the
 * keys that load it. */
static void
hint_text(const struct fit_hint *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", h->text,
		 h->n == 2 ? " (a, A load them)" : h->n == 1 ? " (a loads it)" : "");
}

/* Rows of the pane: the header, the "fits on" line pinned below it,
 * then the warnings' lines. */
static void
warnings_split(const struct layout_screen *l, const struct view *v, int *hint_rows,
	       int *nlines, int *rows)
{
	const struct rect *r = &l->warnings;
	char hint[512];
	int room;

	*hint_rows = 0;
	*nlines = 0;
	if (v->hint != NULL) {
		hint_text(v->hint, hint, sizeof hint);
		*hint_rows = wrap_lines(r->w, 0, hint);
	}
	for (int i = 0; v->p != NULL && i < v->p->n_warnings; i++) {
		char words[PLAN_WARN_LEN + 64];

		screen_words(words, sizeof words, v->p->warnings[i].message);
		*nlines += wrap_lines(r->w, WARN_MARK_LEN, words);
	}
	room = r->h - 1 - *hint_rows;
	if (room < 1) {		/* the hint gives way to one warning row */
		*hint_rows = r->h - 2 > 0 ? r->h - 2 : 0;
		room = r->h - 1 - *hint_rows;
	}
	/* overflowing, the last row says what is out of view */
	*rows = *nlines > room ? room - 1 : room;
	if (*rows < 1)
		*rows = room > 0 ? 1 : 0;
}

void
draw_warnings_extent(const struct layout_screen *l, const struct view *v, int *nlines, int *rows)
{
	int hint_rows;

	warnings_split(l, v, &hint_rows, nlines, rows);
}

static void
draw_warnings(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->warnings;
	int y = r->y, hint_rows, nlines, rows, first, line = 0, above = 0, below = 0;
	bool over;
	char hint[512];

	if (r->h <= 0)
		return;
	warnings_split(l, v, &hint_rows, &nlines, &rows);
	over = nlines > rows;
	first = v->warn_first < nlines - rows ? v->warn_first : nlines - rows;
	if (first < 0 || !over)
		first = 0;
	if (v->warn_focus)
		fill_line(y, r->x, r->w, t->attr[R_FOCUS]);
	if (v->warn_focus) {
		char l1[80];

		if (wide(l1, sizeof l1, r->w, "Warnings %d: up/down, PgUp/PgDn; Esc back", v->p->n_warnings))
			snprintf(l1, sizeof l1, "Warnings %d: up/down; Esc back", v->p->n_warnings);
		draw_put(y, r->x, r->w, t->attr[R_FOCUS], l1);
	} else if (over)
		put(y, r->x, r->w, t->attr[R_HEADER], "Warnings %d (w, PgDn scroll)", v->p->n_warnings);
	else
		put(y, r->x, r->w, t->attr[R_HEADER], "Warnings");
	y++;
	if (v->hint != NULL) {
		hint_text(v->hint, hint, sizeof hint);
		y = wrap(y, r->x, r->w, y + hint_rows - 1, t->attr[v->hint->n > 0 ? R_GOOD : R_WARNING],
			 "", hint);
	}
	if (v->p->n_warnings == 0 && rows > 0)
		put(y, r->x, r->w, t->attr[R_DIM], "none");
	for (int i = 0; i < v->p->n_warnings; i++) {
		const struct warning *w = &v->p->warnings[i];
		enum role role = w->severity == SEV_ERROR ? R_ERROR :
				 w->severity == SEV_WARNING ? R_WARNING : R_INFO;
		char words[PLAN_WARN_LEN + 64];
		int n = wrap_lines(r->w, WARN_MARK_LEN,
				   screen_words(words, sizeof words, w->message)), k = 0;

		if (line < first)
			above++;
		else if (line + n > first + rows)
			below++;
		for (const char *p = words; *p && r->w > WARN_MARK_LEN; k++, line++) {
			int cut = wrap_cut(p, r->w - WARN_MARK_LEN);

			if (line >= first && line < first + rows)
				put(y + line - first, r->x, r->w, t->attr[role], "%s%.*s",
				    k == 0 ? warn_mark(w->severity) : "   ", cut, p);
			p = wrap_next(p, cut);
		}
	}
	if (!over)
		return;
	/* a warning begun above the view counts as above */
	{
		char l1[80];

		if (above > 0 && below > 0) {
			if (wide(l1, sizeof l1, r->w, "+%d more below, %d above (PgUp/PgDn)", below,
				 above))
				snprintf(l1, sizeof l1, "+%d below, %d above", below, above);
		} else if (below > 0) {
			if (wide(l1, sizeof l1, r->w, "+%d more (PgDn or w scrolls)", below))
				snprintf(l1, sizeof l1, "+%d more (PgDn)", below);
		} else if (wide(l1, sizeof l1, r->w, "%d above (PgUp); end of warnings", above))
			snprintf(l1, sizeof l1, "%d above (PgUp)", above);
		draw_put(y + rows, r->x, r->w, t->attr[R_HEADER], l1);
	}
}

/* A question, or a label and the line being typed. The line scrolls
 * to keep the cursor in view (the label goes first when it leaves less
 * than PROMPT_MIN columns); a pre-filled line shows as selected. */
#define PROMPT_MIN 16
static void
draw_prompt(const struct rect *r, const struct view *v)
{
	int label = (int)strlen(v->prompt), x = r->x, w = r->w;
	size_t first = 0;

	if (v->typed == NULL || w - label >= PROMPT_MIN) {
		draw_put(r->y, x, w, A_BOLD, v->prompt);
		x += label;
		w -= label;
	}
	if (v->typed == NULL || w <= 0)
		return;
	if (v->cursor >= (size_t)w)
		first = v->cursor - (size_t)w + 1;
	draw_put(r->y, x, w, v->selected ? A_REVERSE : A_BOLD, v->typed + first);
	if (!v->selected)
		mvchgat(r->y, x + (int)(v->cursor - first), 1, A_REVERSE, 0, NULL);
}

static void
draw_status(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	const struct rect *r = &l->status;
	char hints[256];

	fill_line(r->y, r->x, r->w, A_NORMAL);
	if (v->prompt != NULL) {
		draw_prompt(r, v);
		return;
	}
	if (v->status != NULL) {
		char words[512];

		draw_put(r->y, r->x, r->w, v->status_error ? t->attr[R_ERROR] : PLAIN,
			 screen_words(words, sizeof words, v->status));
		return;
	}
	keys_hints(hints, sizeof hints, r->w, v->graph_keys);
	draw_put(r->y, r->x, r->w, t->attr[R_DIM], hints);
}

void
draw_chrome(const struct theme *t, const struct layout_screen *l, const struct view *v)
{
	erase();
	draw_title(t, l, v);
	draw_status(t, l, v);
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
		if (v->graph != NULL && l->graph.h > 0)
			draw_graph_pane(t, &l->graph, v, v->graph);
	} else {
		char words[512];

		put(l->memory.y, l->memory.x, l->memory.w, t->attr[R_ERROR], "No plan:");
		wrap(l->memory.y + 1, l->memory.x, l->memory.w, l->warnings.y + l->warnings.h - 1,
		     t->attr[R_ERROR], "", screen_words(words, sizeof words,
							v->plan_error ? v->plan_error : "?"));
	}
	draw_status(t, l, v);
}

/* The message word-wrapped and centred, so a tiny window still reads
 * the size it needs. */
void
draw_too_small(const struct theme *t, int rows, int cols)
{
	char msg[128];
	int n, y;

	snprintf(msg, sizeof msg, "terminal too small (need %dx%d) now %dx%d; q quits",
		 LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS, cols, rows);
	erase();
	n = wrap_lines(cols, 0, msg);
	y = rows > n ? (rows - n) / 2 : 0;
	for (const char *p = msg; *p && y < rows; y++) {
		int len = wrap_cut(p, cols);

		put(y, cols > len ? (cols - len) / 2 : 0, cols, p == msg ? t->attr[R_ERROR] : PLAIN,
		    "%.*s", len, p);
		p = wrap_next(p, len);
	}
}

/* A box of h x w centred on the screen, no larger than the screen less
 * a margin; and its inside, past the border and a column of padding. */
static struct rect
dialog_rect(int rows, int cols, int h, int w)
{
	h = h > rows - 2 ? rows - 2 : h;
	w = w > cols - 2 ? cols - 2 : w;
	return (struct rect){(rows - h) / 2, (cols - w) / 2, h, w};
}

static struct rect
dialog_inside(struct rect r)
{
	return (struct rect){r.y + 1, r.x + 2, r.h - 2, r.w - 4};
}

/* A centred box; returns its interior. */
static struct rect
dialog(const struct theme *t, int rows, int cols, int h, int w, const char *title)
{
	struct rect r = dialog_rect(rows, cols, h, w);

	h = r.h;
	w = r.w;
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
	return dialog_inside(r);
}

/* The help box: its width, lines and how many show at once. */
static int
help_box(int rows, int cols, char lines[][KEYS_LINE], int *w, int *shown)
{
	int n;

	*w = KEYS_LINE - 1 + 4 < cols - 2 ? KEYS_LINE - 1 + 4 : cols - 2;
	n = (int)keys_help(lines, KEYS_HELP_MAX, *w - 4 - KEYS_NAME_COLS);
	/* the box's interior is at most rows - 4; overflowing, its last
	 * line says how many more */
	*shown = n + 2 > rows - 2 ? rows - 5 : n;
	if (*shown < 1)
		*shown = 1;
	return n;
}

int
draw_help_last(int rows, int cols)
{
	char lines[KEYS_HELP_MAX][KEYS_LINE];
	int w, shown, n = help_box(rows, cols, lines, &w, &shown);

	return n > shown ? n - shown : 0;
}

void
draw_help(const struct theme *t, int rows, int cols, int first)
{
	char lines[KEYS_HELP_MAX][KEYS_LINE];
	int w, shown, n = help_box(rows, cols, lines, &w, &shown);
	struct rect r = dialog(t, rows, cols, n + 2, w, n > shown ?
			       "gpuplan keys (j/k scroll, other keys close)" : "gpuplan keys");

	if (first > n - shown)
		first = n - shown;
	if (first < 0)
		first = 0;
	for (int i = 0; i < shown && i < r.h; i++)
		draw_put(r.y + i, r.x, r.w, PLAIN, lines[first + i]);
	if (first + shown < n && shown < r.h)
		put(r.y + shown, r.x, r.w, t->attr[R_DIM], "+%d more (j)", n - first - shown);
}

void
draw_explain(const struct theme *t, int rows, int cols, const struct view *v)
{
	enum { MAX = EXPLAIN_MAX_LINES * 4 };
	static char lines[MAX][EXPLAIN_LEN];
	struct explain x;
	struct rect r;
	int n = 0, w = cols - 4 > 100 ? 96 : cols - 8, first, shown;

	if (v->p == NULL)
		return;
	/* the core writes every line; the screen only places them: a line
	 * too wide loses its formula in words, and what is still too wide
	 * wraps, so no number is cut */
	plan_explain(v->s, v->m, v->g, v->p, &x);
	if (w < 20)
		w = 20;
	for (int i = 0; i < x.n; i++) {
		char compact[EXPLAIN_LEN];
		const char *rest = compact;

		if ((int)strlen(x.line[i].text) > w)
			explain_compact(x.line[i].text, compact, sizeof compact);
		else
			snprintf(compact, sizeof compact, "%s", x.line[i].text);
		while (*rest != '\0' && n < MAX) {
			int room = rest == compact ? w : w - 2, len = (int)strlen(rest);

			if (len > room) {
				len = room;
				while (len > room / 2 && rest[len] != ' ')
					len--;
				if (rest[len] != ' ')
					len = room;
			}
			snprintf(lines[n++], EXPLAIN_LEN, "%s%.*s", rest == compact ? "" : "  ",
				 len, rest);
			rest += len;
			while (*rest == ' ')
				rest++;
		}
	}
	r = dialog(t, rows, cols, n + 4, w + 4, n + 4 > rows - 2 ?
		   "why these numbers (j/k scroll, other keys close)" :
		   "why these numbers (any key closes)");
	shown = r.h - 2 < n ? r.h - 2 : n;
	first = v->explain_first < n - shown ? v->explain_first : n - shown;
	if (first < 0)
		first = 0;
	for (int i = 0; i < shown; i++)
		draw_put(r.y + i, r.x, r.w, PLAIN, lines[first + i]);
	if (first + shown < n)
		put(r.y + shown, r.x, r.w, t->attr[R_DIM], "+%d more (j)", n - first - shown);
	else
		draw_put(r.y + shown + 1, r.x, r.w, t->attr[R_DIM], engine_of(v->s)->label);
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

/* The picker's box as draw_picker makes it, and its first row shown. */
static struct rect
picker_box(int rows, int cols, const struct picker *pk, int *list_h, size_t *first)
{
	struct rect r;
	int h = rows - 4, w = 70 > cols - 2 ? cols - 2 : 70;	/* as dialog() clips */

	r.y = (rows - h) / 2 + 1;
	r.x = (cols - w) / 2 + 2;
	r.h = h - 2;
	r.w = w - 4;
	*list_h = r.h - 2;
	*first = 0;
	if (pk != NULL && *list_h > 0 && pk->cursor >= (size_t)*list_h)
		*first = pk->cursor - (size_t)*list_h + 1;
	return r;
}

int
picker_page(int rows, int cols)
{
	int list_h;
	size_t first;

	picker_box(rows, cols, NULL, &list_h, &first);
	return list_h > 1 ? list_h : 1;
}

int
picker_row_at(int rows, int cols, const struct picker *pk, int y, int x)
{
	size_t match[PICKER_MAX], n = picker_matches(pk, match, PICKER_MAX), first;
	int list_h;
	struct rect r = picker_box(rows, cols, pk, &list_h, &first);
	size_t i;

	if (x < r.x || x >= r.x + r.w || y < r.y + 2 || y >= r.y + 2 + list_h)
		return -1;
	i = first + (size_t)(y - r.y - 2);
	return i < n ? (int)i : -1;
}

void
draw_picker(const struct theme *t, int rows, int cols, const struct picker *pk)
{
	size_t match[PICKER_MAX], n = picker_matches(pk, match, PICKER_MAX), first;
	int list_h;
	struct rect r = dialog(t, rows, cols, rows - 4, 70, pk->title);

	picker_box(rows, cols, pk, &list_h, &first);
	put(r.y, r.x, r.w, PLAIN, "search: %s_", pk->filter);
	if (list_h <= 0)
		return;
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

/* Lines of text and the cells of the widest. */
static int
count_lines(const char *text, int *widest)
{
	int n = 0;

	*widest = 0;
	for (const char *p = text; p != NULL && *p; n++) {
		const char *nl = strchr(p, '\n');
		int w = 0;

		for (const char *q = p; *q && q != nl; q++)
			w += ((unsigned char)*q & 0xC0) != 0x80;
		*widest = w > *widest ? w : *widest;
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

static const char *
text_body(const char *text)
{
	while (text != NULL && *text == '\n')	/* no blank first line */
		text++;
	return text != NULL ? text : "";
}

/* The box draw_text draws, and the scroll that shows its last line
 * and its widest line's end. */
static struct rect
text_box(const struct theme *t, int rows, int cols, const char *text, const char *title,
	 int *last_top, int *last_left)
{
	int widest, n = count_lines(text, &widest);
	/* t NULL: measured as dialog() would draw it, not drawn */
	struct rect r = t != NULL ? dialog(t, rows, cols, n + 2, cols - 2, title) :
				    dialog_inside(dialog_rect(rows, cols, n + 2, cols - 2));

	*last_top = n > r.h ? n - r.h : 0;
	*last_left = widest > r.w ? widest - r.w : 0;
	return r;
}

void
draw_text_last(int rows, int cols, const char *text, int *last_top, int *last_left)
{
	text_box(NULL, rows, cols, text_body(text), NULL, last_top, last_left);
}

void
draw_text(const struct theme *t, int rows, int cols, const char *title, const char *text,
	  int top, int left)
{
	const char *p = text_body(text);
	int last_top, last_left, y;
	struct rect r = text_box(t, rows, cols, p, title, &last_top, &last_left);

	top = top < 0 ? 0 : top > last_top ? last_top : top;
	left = left < 0 ? 0 : left > last_left ? last_left : left;
	for (int i = 0; i < top && p != NULL; i++)
		p = (p = strchr(p, '\n')) != NULL ? p + 1 : NULL;
	for (y = r.y; p != NULL && *p && y < r.y + r.h; y++) {
		const char *nl = strchr(p, '\n');
		char line[1024];
		int n = nl ? (int)(nl - p) : (int)strlen(p), skip, cells;

		snprintf(line, sizeof line, "%.*s", n, p);
		cells = draw_cells(line);
		skip = bytes_in(line, left);
		draw_put(y, r.x, r.w, PLAIN, line + skip);
		/* a line that goes on past the box is marked on that side,
		 * so a cut figure never passes for a whole one */
		if (left > 0 && cells > 0)
			draw_put(y, r.x - 1, 1, t->attr[R_HEADER] | A_BOLD, t->utf8 ? "\u2039" : "<");
		if (cells - left > r.w && r.w > 0)
			draw_put(y, r.x + r.w, 1, t->attr[R_HEADER] | A_BOLD, t->utf8 ? "\u203a" : ">");
		p = nl ? nl + 1 : NULL;
	}
	if (top < last_top && r.w > 12)
		put(r.y + r.h, r.x + r.w - 12, 12, t->attr[R_HEADER], " +%d more ", last_top - top);
}

void
draw_compare(const struct theme *t, const struct layout_screen *l,
	     const struct report_input *in, const char *const *names, size_t pins,
	     const char *missing)
{
	struct rect r = {l->memory.y, l->memory.x, l->status.y - l->memory.y, l->memory.w};
	size_t n = pins + (missing == NULL), cols = pins + 1;
	int y = r.y, end = r.y + r.h, label = COMPARE_BRIEF + 1, cw;
	bool with_delta;
	char desc[160];

	for (int i = 0; i < r.h; i++)
		mvhline(r.y + i, r.x, ' ', r.w);
	if (pins == 0 || pins > COMPARE_PINS || r.w < label + 8)
		return;
	put(y++, r.x, r.w, t->attr[R_HEADER], "Compare, each against A  (c closes)");
	for (size_t i = 0; i < cols && y < end; i++) {
		if (i < n)
			compare_describe(desc, sizeof desc, &in[i]);
		if (i < pins)
			put(y++, r.x, r.w, PLAIN, "%c %s%s%s", (int)('A' + i), names[i],
			    names[i][0] ? ": " : "", desc);
		else
			put(y++, r.x, r.w, PLAIN, "now %s", i < n ? desc : missing);
	}
	/* the columns share what the labels leave; a wide one has room
	 * for the change against A beside each value */
	cw = (r.w - label) / (int)cols;
	cw = cw > 20 ? 20 : cw;
	with_delta = cw >= 18;
	if (cw < 9) {	/* "$15,710" and a space: never a cut number */
		put(y, r.x, r.w, t->attr[R_WARNING], "%d more columns show the table",
		    label + 9 * (int)cols - r.w);
		return;
	}
	if (y < end) {	/* each name over its values */
		static const char *const heads[COMPARE_PINS + 1] = {"A", "B", "C", "now"};

		for (size_t i = 0; i <= pins; i++)
			put(y, r.x + label + cw * (int)i, cw, t->attr[R_HEADER], "%*s",
			    with_delta && i > 0 ? cw - 10 : cw - 1,
			    heads[i < pins ? i : COMPARE_PINS]);
		y++;
	}
	for (size_t row = 0; row < compare_rows_n() && y < end; row++, y++) {
		put(y, r.x, label, PLAIN, "%s", compare_label(row, true));
		for (size_t i = 0; i < n; i++) {
			struct compare_cell c;
			int x = r.x + label + cw * (int)i, attr = PLAIN;

			compare_cell(row, &in[0], &in[i], &c);
			if (c.trend != COMPARE_SAME)
				attr = t->attr[c.trend == COMPARE_BETTER ? R_GOOD : R_ERROR];
			/* as on the main screen, a plan that does not fit has
			 * its figures dimmed: they are what it would do */
			if (!in[i].p->mem.fits && strcmp(compare_label(row, false), "fits") != 0)
				attr = t->attr[R_DIM];
			if (with_delta && i > 0 && strlen(c.delta) <= 8)
				put(y, x, cw, attr, "%*s %-8s", cw - 10, c.value, c.delta);
			else
				put(y, x, cw, attr, "%*s", cw - 1, c.value);
		}
	}
	/* the pane covers the warnings: say that there are some */
	if (missing == NULL && in[pins].p->n_warnings > 0 && y + 1 < end)
		put(y + 1, r.x, r.w, t->attr[R_WARNING], "now: %d warning%s; c closes this to read them",
		    in[pins].p->n_warnings, in[pins].p->n_warnings == 1 ? "" : "s");
}
