/* tui.c - the interactive planner: terminal set-up and restore, the
 * event loop, and key handling. After each key the scenario changes,
 * plan_compute() runs, and the screen is drawn once (htop's
 * ScreenManager loop: handlers return flags, the loop acts on them). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_NCURSESW_CURSES_H
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#else
#include <curses.h>
#include <term.h>
#endif

#include "atomicfile.h"
#include "capacity.h"
#include "compare.h"
#include "draw.h"
#include "export.h"
#include "fitreport.h"
#include "form.h"
#include "graph.h"
#include "gguf.h"
#include "hfimport.h"
#include "keys.h"
#include "layout.h"
#include "plan.h"
#include "scenfile.h"
#include "solver.h"
#include "tui.h"

enum { H_NONE = 0, H_REDRAW = 1, H_REPLAN = 2, H_QUIT = 4 };
enum overlay { OV_NONE, OV_HELP, OV_EXPLAIN, OV_PICKER, OV_EDIT, OV_CONFIRM_QUIT,
	       OV_CONFIRM_OVERWRITE, OV_CONFIRM_RESET, OV_EXPORT, OV_TIERS,
	       OV_GRAPH };
enum edit_purpose { EDIT_VALUE, EDIT_SAVE, EDIT_EXPORT };
enum picker_purpose { PICK_OPTION, PICK_FILE, PICK_FIT };

#define MAX_FILES 256
_Static_assert(MAX_FILES <= PICKER_MAX, "saved scenarios go through the picker");
#define PATH_LEN 1024
#define UNDO_MAX 32	/* changes u can take back */
#define HINT_CACHE 8	/* scenarios whose "fits on" line is kept */
#define CTRL_A 1	/* line editing, as readline */
#define CTRL_E 5
#define CTRL_U 21

struct tui {
	struct catalog *cat;		/* imported configs are added */
	struct scenario *s;
	struct scenario initial;	/* for r */
	struct scenario last;		/* as last planned */
	struct scenario undo[UNDO_MAX];	/* a ring of the scenarios before */
	size_t undo_head, undo_n;	/* next slot, how many are kept */
	struct scenario saved;		/* as last saved or opened */
	char file[PATH_LEN];		/* its path, or "" */
	char dir[PATH_LEN];		/* where scenarios are saved */
	struct theme theme;
	struct layout_screen lay;
	struct plan plan;
	bool plan_ok;
	struct gp_error plan_err;
	size_t focus, scroll;
	enum overlay overlay;
	struct picker picker;
	enum picker_purpose picker_purpose;
	const char *picker_option;
	const char *picker_ids[PICKER_MAX];
	const char *picker_labels[PICKER_MAX];
	char picker_marked[PICKER_MAX][MODEL_NAME_LEN + 16];	/* "name (yours)" */
	char files[MAX_FILES][256];
	enum edit_purpose edit_purpose;
	char edit[PATH_LEN];
	size_t edit_pos;		/* the cursor, a byte offset into edit */
	bool edit_selected;		/* pre-filled, not yet edited */
	char target[PATH_LEN * 3];	/* the file a save or export writes */
	char prompt[PATH_LEN * 3 + 64];	/* a question, or the label of edit */
	char status[GP_ERROR_LEN + 32];
	bool status_error;
	struct pin {			/* plans A, B, C, for compare */
		struct scenario s;
		struct plan p;
		char name[64];		/* its file, or "" */
	} pins[COMPARE_PINS];
	size_t n_pins;
	bool compare_open;		/* the compare pane, kept while editing */
	int export_kind;
	char *overlay_text;		/* export or tiers text */
	int text_top, text_left;	/* its scroll: first line, first cell */
	bool quit_after_save;		/* s at the quit prompt */
	struct fit_result fit;		/* the last "find cheapest" list */
	char fit_rows[64][128];
	/* What would fit, for the plans that do not: a ring of recent
	 * scenarios, so keys that go back and forth do not search again. */
	struct {
		struct scenario s;
		struct fit_hint h;
	} hints[HINT_CACHE];
	size_t hint_next, hint_n;
	const struct fit_hint *hint;	/* the current plan's, or NULL */
	int warn_first;			/* first warning line shown */
	int explain_first;		/* first explain line shown */
	int help_first;			/* first help line shown */
	bool warn_focus;		/* up/down scroll the warnings */
	struct graph_data graph;	/* the graph view's sweeps, of the
					 * plan while the view or pane is open */
	bool graph_pane;		/* G: the graph under the warnings */
};

/* SIGTERM and SIGHUP quit at once, keeping unsaved changes in a
 * recovery file; SIGINT (Ctrl-C) is asked about as q is. The handlers
 * only set these; the loop reads them. */
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t interrupted;
static bool screen_active;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		interrupted = 1;
	else
		quit_signal = sig;
}

static void
restore_terminal(void)
{
	if (screen_active && !isendwin())
		endwin();
	screen_active = false;
}

bool
tui_available(const char **why)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*why = "standard input or output is not a terminal";
		return false;
	}
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		*why = "the terminal (TERM) cannot draw a screen";
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*why = "the terminal type (TERM) is unknown here";
		return false;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		*why = "the terminal (TERM) cannot move the cursor";
		del_curterm(cur_term);
		return false;
	}
	del_curterm(cur_term);
	return true;
}

/* scenario_equal, after the fields keys change most: it prints every
 * option, which a lookup in the ring should not do eight times. */
static bool
same_scenario(const struct scenario *a, const struct scenario *b)
{
	return a->batch == b->batch && a->context == b->context && a->weights == b->weights &&
	       a->kv == b->kv && a->tp == b->tp && a->pp == b->pp && a->gpus == b->gpus &&
	       strcmp(a->model, b->model) == 0 && strcmp(a->gpu, b->gpu) == 0 &&
	       scenario_equal(a, b);
}

/* Asked on every redraw: the quick fields first. */
static bool
modified(const struct tui *t)
{
	return !same_scenario(t->s, &t->saved);
}

static void set_status(struct tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A config.json typed into the form or named by an opened scenario
 * joins the catalog under its own id and becomes s's model; its
 * checkpoint format becomes the weights. Only s changes, so a caller
 * that gets -1 keeps its scenario: a path that cannot be imported is
 * never planned, shown or saved. */
static int
import_config(struct tui *t, struct scenario *s, struct gp_error *err)
{
	if (s->model_file[0] != '\0') {
		t->hint_n = 0;
		return gguf_into(t->cat, s, s->model_file, HFIMPORT_REUSE_ID, err);
	}
	if (s->model_config[0] == '\0')
		return 0;
	/* a config imported again under its id may be another model */
	t->hint_n = 0;
	return hfimport_into(t->cat, s, s->model_config, HFIMPORT_REUSE_ID, err);
}

/* The "fits on" line of a plan that does not fit: the solver's, from
 * the ring when this scenario was asked before. A plan that fits never
 * gets here, so the search stays off the keys that keep it fitting. */
static const struct fit_hint *
hint_for(struct tui *t, const struct model *m)
{
	struct gp_error err;
	size_t slot;

	for (size_t i = 0; i < t->hint_n; i++) {
		if (same_scenario(&t->hints[i].s, t->s))
			return &t->hints[i].h;
	}
	slot = t->hint_next;
	if (fit_hint(t->cat, m, t->s, &t->hints[slot].h, &err) != 0)
		return NULL;
	t->hints[slot].s = *t->s;
	t->hint_next = (slot + 1) % HINT_CACHE;
	if (t->hint_n < HINT_CACHE)
		t->hint_n++;
	return &t->hints[slot].h;
}

/* The sweeps of the plan: a few dozen plans, run only while the graph
 * view is open (tuibench keeps a key there under 1 ms). */
static void
graph_update(struct tui *t)
{
	const struct model *m = catalog_model(t->cat, t->s->model);
	const struct gpu *g = catalog_gpu(t->cat, t->s->gpu);
	struct gp_error err;

	t->graph.batch_ok = t->graph.context_ok = false;
	if (!t->plan_ok || m == NULL || g == NULL)
		return;
	t->graph.batch_ok = sweep_batch(t->s, m, g, &t->plan, &t->graph.batch, &err) == 0;
	t->graph.context_ok = sweep_context(t->s, m, g, &t->plan, &t->graph.context, &err) == 0;
}

static void
replan(struct tui *t)
{
	const struct model *m = catalog_model(t->cat, t->s->model);
	const struct gpu *g = catalog_gpu(t->cat, t->s->gpu);

	/* another engine has other rows: keep the focus on a field */
	if (t->focus >= form_row_count(t->s) || form_row(t->s, t->focus)->kind != FR_FIELD)
		t->focus = form_next_field(t->s, t->focus < form_row_count(t->s) ? t->focus :
					   form_row_count(t->s) - 1, -1);
	t->plan_ok = false;
	/* under native formats a new model brings its own */
	scenario_resolve(t->s, m);
	catalog_resolve_draft(t->cat, t->s);
	if (m == NULL)
		gp_error_set(&t->plan_err, "model %s is not in the catalog", t->s->model);
	else if (g == NULL)
		gp_error_set(&t->plan_err, "GPU %s is not in the catalog", t->s->gpu);
	else
		t->plan_ok = plan_compute(t->s, m, g, &t->plan, &t->plan_err) == 0;
	t->hint = t->plan_ok && !t->plan.mem.fits ? hint_for(t, m) : NULL;
	if (t->overlay == OV_GRAPH || t->graph_pane)
		graph_update(t);
}

/* Each change that replans can be taken back: the scenario before it
 * goes into the ring, whose oldest entry gives way. Only a real change
 * counts (a value typed again is none). */
static void
remember(struct tui *t)
{
	if (same_scenario(t->s, &t->last))
		return;
	t->undo[t->undo_head] = t->last;
	t->undo_head = (t->undo_head + 1) % UNDO_MAX;
	if (t->undo_n < UNDO_MAX)
		t->undo_n++;
	t->last = *t->s;
}

/* The layout depends on the size and on how many GPUs get a bar. */
static void
relayout(struct tui *t)
{
	int gpus = t->plan_ok ? (int)(t->plan.layout.tp * t->plan.layout.pp) : 1;

	layout_compute(LINES, COLS, gpus > 1000 ? 1000 : gpus, &t->lay);
	if (t->graph_pane)
		layout_graph_pane(&t->lay);
}

static void
set_status(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_error = error;
}

/* Keep the focused row on screen, and its section header when it fits. */
static void
scroll_to_focus(struct tui *t)
{
	size_t h = t->lay.form.h > 0 ? (size_t)t->lay.form.h : 1;
	size_t top = t->focus > 0 && form_row(t->s, t->focus - 1)->kind == FR_HEADER ?
		     t->focus - 1 : t->focus;

	if (top < t->scroll)
		t->scroll = top;
	if (t->focus >= t->scroll + h)
		t->scroll = t->focus - h + 1;
	if (form_row_count(t->s) <= h)
		t->scroll = 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* What the screen shows; title holds the tag. */
static void
fill_view(struct tui *t, struct view *out, char *title, size_t len)
{
	struct view v = {
		t->cat, t->s, catalog_model(t->cat, t->s->model), catalog_gpu(t->cat, t->s->gpu),
		t->plan_ok ? &t->plan : NULL, t->plan_err.msg, t->focus, t->scroll,
		t->status[0] ? t->status : NULL, t->status_error,
		t->overlay == OV_EDIT || t->overlay == OV_CONFIRM_QUIT ||
		t->overlay == OV_CONFIRM_OVERWRITE || t->overlay == OV_CONFIRM_RESET ?
		t->prompt : NULL,
		NULL,
		t->overlay == OV_EDIT ? t->edit : NULL, t->edit_pos, t->edit_selected,
		t->hint, t->warn_first, t->warn_focus, t->explain_first, false,
		t->graph_pane && t->lay.graph.h > 0 ? &t->graph : NULL,
	};

	/* title NULL: a caller that needs no tag (the warnings' extent) */
	if (title != NULL)
		snprintf(title, len, "%s%s%s", t->file[0] ? base_name(t->file) : "",
			 modified(t) ? (t->file[0] ? " [modified]" : "[modified]") : "",
			 (const char *[]){"", " [A pinned]", " [A B pinned]",
					  " [A B C pinned]"}[t->n_pins]);
	v.tag = title;
	*out = v;
}

/* Keeps the warnings' scroll within their lines, which change with the
 * plan and the size. */
static void
clamp_warnings(struct tui *t)
{
	struct view v;
	int nlines, rows;

	if (t->lay.too_small)
		return;
	fill_view(t, &v, NULL, 0);
	draw_warnings_extent(&t->lay, &v, &nlines, &rows);
	if (t->warn_first > nlines - rows)
		t->warn_first = nlines - rows;
	if (t->warn_first < 0)
		t->warn_first = 0;
}

static void draw_compare_pane(struct tui *t);
static void draw_export(struct tui *t);

static void
draw(struct tui *t)
{
	char title[PATH_LEN + 32];
	struct view v;

	fill_view(t, &v, title, sizeof title);
	if (t->lay.too_small) {
		draw_too_small(&t->theme, LINES, COLS);
	} else if (t->overlay == OV_GRAPH) {
		v.graph_keys = true;
		draw_graph(&t->theme, &t->lay, &v, &t->graph);
	} else {
		draw_screen(&t->theme, &t->lay, &v);
		if (t->compare_open)
			draw_compare_pane(t);
		if (t->overlay == OV_HELP)
			draw_help(&t->theme, LINES, COLS, t->help_first);
		else if (t->overlay == OV_EXPLAIN)
			draw_explain(&t->theme, LINES, COLS, &v);
		else if (t->overlay == OV_PICKER)
			draw_picker(&t->theme, LINES, COLS, &t->picker);
		else if (t->overlay == OV_TIERS)
			draw_text(&t->theme, LINES, COLS,
				  "traffic tiers and demand (arrows scroll, any other key closes)",
				  t->overlay_text, t->text_top, t->text_left);
		else if (t->overlay == OV_EXPORT)
			draw_export(t);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void
open_option_picker(struct tui *t, const char *option, const char *filter)
{
	const struct option_def *o = scenario_option(option);
	struct picker *pk = &t->picker;
	char current[SCENARIO_VALUE_LEN];
	size_t match[PICKER_MAX], n;

	memset(pk, 0, sizeof *pk);
	pk->items = t->picker_ids;
	pk->labels = t->picker_labels;
	if (strcmp(option, "model") == 0) {
		pk->title = "model (type to search, Enter picks, Esc cancels)";
		for (size_t i = 0; i < t->cat->n_models && pk->n < PICKER_MAX; i++, pk->n++) {
			const struct model *m = &t->cat->models[i];

			t->picker_ids[pk->n] = m->id;
			t->picker_labels[pk->n] = m->name;
			if (m->user) {
				snprintf(t->picker_marked[pk->n], sizeof t->picker_marked[pk->n],
					 "%s (yours)", m->name);
				t->picker_labels[pk->n] = t->picker_marked[pk->n];
			}
		}
	} else if (strcmp(option, "gpu") == 0) {
		pk->title = "GPU (type to search, Enter picks, Esc cancels)";
		for (size_t i = 0; i < t->cat->n_gpus && pk->n < PICKER_MAX; i++, pk->n++) {
			t->picker_ids[pk->n] = t->cat->gpus[i].id;
			t->picker_labels[pk->n] = t->cat->gpus[i].name;
		}
	} else {
		pk->title = o->help;
		pk->labels = NULL;
		for (int i = 0; o->choice(i) != NULL && pk->n < PICKER_MAX; i++, pk->n++)
			t->picker_ids[pk->n] = o->choice(i);
	}
	snprintf(pk->filter, sizeof pk->filter, "%s", filter);
	scenario_get(t->s, o, current, sizeof current);
	n = picker_matches(pk, match, PICKER_MAX);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(pk->items[match[i]], current) == 0)
			pk->cursor = i;
	}
	t->picker_option = option;
	t->picker_purpose = PICK_OPTION;
	t->overlay = OV_PICKER;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* o: the saved scenarios in a picker. */
static int
open_file_picker(struct tui *t, int arg)
{
	struct picker *pk = &t->picker;
	DIR *d = opendir(t->dir);
	struct dirent *e;
	size_t n = 0;

	(void)arg;
	if (d == NULL) {
		set_status(t, true, "no saved scenarios yet in %s (s saves one)", t->dir);
		return H_REDRAW;
	}
	while ((e = readdir(d)) != NULL && n < MAX_FILES) {
		size_t len = strlen(e->d_name);

		if (len > 4 && len < sizeof t->files[0] && strcmp(e->d_name + len - 4, ".ini") == 0)
			memcpy(t->files[n++], e->d_name, len + 1);
	}
	closedir(d);
	if (n == 0) {
		set_status(t, true, "no saved scenarios yet in %s (s saves one)", t->dir);
		return H_REDRAW;
	}
	qsort(t->files, n, sizeof t->files[0], by_name);
	memset(pk, 0, sizeof *pk);
	pk->title = "open a saved scenario (Enter opens, Esc cancels)";
	pk->items = t->picker_ids;
	for (size_t i = 0; i < n; i++)
		t->picker_ids[i] = t->files[i];
	pk->n = n;
	t->picker_purpose = PICK_FILE;
	t->overlay = OV_PICKER;
	return H_REDRAW;
}

static int
open_scenario(struct tui *t, const char *path)
{
	struct scenario s;
	struct gp_error err;

	scenario_default(&s);
	if (scenfile_load(path, &s, &err) != 0 || import_config(t, &s, &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	*t->s = s;
	t->saved = s;
	snprintf(t->file, sizeof t->file, "%.*s", (int)sizeof t->file - 1, path);
	set_status(t, false, "opened %s", path);
	return H_REPLAN;
}

/* Formats loaded from fit: another one is the user's choice now, the
 * same one stays native. */
static void
take_formats(struct scenario *s, enum weight_format w, enum kv_dtype kv)
{
	s->weights_native = s->weights_native && w == s->weights;
	s->weights = w;
	s->kv_native = s->kv_native && kv == s->kv;
	s->kv = kv;
}

/* Enter on a "find cheapest" row: its choices go into the form. */
static int
load_fit_row(struct tui *t, size_t i)
{
	const struct fit_candidate *x = &t->fit.items[i];

	snprintf(t->s->gpu, sizeof t->s->gpu, "%s", t->cat->gpus[x->gpu].id);
	take_formats(t->s, x->weights, x->kv);
	t->s->engine = x->engine;
	t->s->tp = x->layout.tp;
	t->s->pp = x->layout.pp;
	t->s->ep = x->layout.ep;
	t->s->gpus = x->gpus;
	if (t->s->demand_m_tokens > 0 || t->s->demand_rps > 0)
		t->s->batch = x->cap.batch;
	set_status(t, false, "loaded plan %zu of the cheapest list", i + 1);
	return H_REPLAN;
}

/* f: the cheapest plans that work, in a picker. */
static int
open_fit(struct tui *t, int arg)
{
	const struct model *m = catalog_model(t->cat, t->s->model);
	struct fit_options o = {0};
	struct picker *pk = &t->picker;
	struct gp_error err;
	size_t n;

	(void)arg;
	fit_free(&t->fit);
	if (m == NULL || fit_search(t->cat, m, t->s, &o, &t->fit, &err) != 0) {
		set_status(t, true, "%s", m == NULL ? "no model" : err.msg);
		return H_REDRAW;
	}
	if (t->fit.n == 0) {
		set_status(t, true, "no configuration works: %s",
			   t->fit.infeasible[0] ? t->fit.infeasible : "nothing has a price");
		return H_REDRAW;
	}
	memset(pk, 0, sizeof *pk);
	pk->title = "cheapest plans that work ($/month; Enter loads one, Esc cancels)";
	pk->items = t->picker_ids;
	pk->labels = t->picker_labels;
	n = t->fit.n < 64 ? t->fit.n : 64;
	for (size_t i = 0; i < n; i++) {
		const struct fit_candidate *x = &t->fit.items[i];

		snprintf(t->fit_rows[i], sizeof t->fit_rows[i],
			 "%2zu %-12.12s %3llu x TP%-2llu PP%llu %-5s KV %-4s $%-7.0f %5.0f tok/s",
			 i + 1, t->cat->gpus[x->gpu].id, (unsigned long long)x->gpus,
			 (unsigned long long)x->layout.tp, (unsigned long long)x->layout.pp,
			 weight_format_info(x->weights)->id, kv_dtype_id(x->kv), x->usd_month,
			 x->tokens_per_s);
		t->picker_ids[i] = t->fit_rows[i];
		t->picker_labels[i] = NULL;
	}
	pk->n = n;
	t->picker_purpose = PICK_FIT;
	t->overlay = OV_PICKER;
	set_status(t, false, "%zu configurations evaluated, %zu work", t->fit.evaluated, t->fit.n);
	return H_REDRAW;
}

static void
fill_tiers(FILE *f, struct tui *t)
{
	const struct model *m = catalog_model(t->cat, t->s->model);
	const struct gpu *g = catalog_gpu(t->cat, t->s->gpu);
	struct capacity cap;
	struct scenario s = *t->s;
	struct plan p;
	struct gp_error err;

	if (m == NULL || g == NULL) {
		fprintf(f, "no plan: the model or GPU is not in the catalog\n");
		return;
	}
	if (capacity_at_slo(&s, m, g, &cap, &err) != 0) {
		fprintf(f, "no plan: %s\n", err.msg);
		return;
	}
	if (cap.feasible)
		s.batch = cap.batch;
	if (plan_compute(&s, m, g, &p, &err) != 0) {
		fprintf(f, "no plan: %s\n", err.msg);
		return;
	}
	if (!p.cost.price_known) {
		fprintf(f, "no price for this GPU: set $/GPU-h\n");
		return;
	}
	tiers_write(f, REPORT_TEXT, &s, &p, &cap);
}

static int
picker_key(struct tui *t, int ch)
{
	struct picker *pk = &t->picker;
	size_t match[PICKER_MAX], n = picker_matches(pk, match, PICKER_MAX);
	size_t len = strlen(pk->filter), page;
	struct gp_error err;
	char path[PATH_LEN + 256];

	switch (ch) {
	case 27:
		t->overlay = OV_NONE;
		return H_REDRAW;
	case KEY_UP:
		if (pk->cursor > 0)
			pk->cursor--;
		return H_REDRAW;
	case KEY_DOWN:
		if (pk->cursor + 1 < n)
			pk->cursor++;
		return H_REDRAW;
	case KEY_PPAGE:
	case KEY_NPAGE:
		page = (size_t)picker_page(LINES, COLS);
		if (ch == KEY_PPAGE)
			pk->cursor = pk->cursor > page ? pk->cursor - page : 0;
		else if (n > 0)
			pk->cursor = pk->cursor + page < n ? pk->cursor + page : n - 1;
		return H_REDRAW;
	case KEY_HOME:
		pk->cursor = 0;
		return H_REDRAW;
	case KEY_END:
		pk->cursor = n > 0 ? n - 1 : 0;
		return H_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			pk->filter[len - 1] = '\0';
		pk->cursor = 0;
		return H_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->overlay = OV_NONE;
		if (n == 0)
			return H_REDRAW;
		if (t->picker_purpose == PICK_FILE) {
			snprintf(path, sizeof path, "%s/%s", t->dir, pk->items[match[pk->cursor]]);
			return open_scenario(t, path);
		}
		if (t->picker_purpose == PICK_FIT)
			return load_fit_row(t, match[pk->cursor]);
		if (scenario_set(t->s, t->picker_option, pk->items[match[pk->cursor]], &err) != 0) {
			set_status(t, true, "%s", err.msg);
			return H_REDRAW;
		}
		if (strcmp(t->picker_option, "model") == 0)
			t->s->model_config[0] = t->s->model_file[0] = '\0';	/* a catalog model now */
		return H_REPLAN;
	default:
		if (ch >= 32 && ch < 127 && len + 1 < sizeof pk->filter) {
			pk->filter[len] = (char)ch;
			pk->filter[len + 1] = '\0';
			pk->cursor = 0;
		}
		return H_REDRAW;
	}
}

static void
update_prompt(struct tui *t)
{
	const char *what = t->edit_purpose == EDIT_SAVE ? "save as (a name, or a path)" :
			   t->edit_purpose == EDIT_EXPORT ? "write to" :
			   form_row(t->s, t->focus)->option;

	snprintf(t->prompt, sizeof t->prompt, "%s (Enter, Esc cancels): ", what);
}

/* A pre-filled text starts selected: the first character typed
 * replaces it, an editing key keeps it. */
static void
start_edit(struct tui *t, enum edit_purpose purpose, const char *initial)
{
	t->edit_purpose = purpose;
	snprintf(t->edit, sizeof t->edit, "%.*s", (int)sizeof t->edit - 1, initial);
	t->edit_pos = strlen(t->edit);
	t->edit_selected = t->edit[0] != '\0';
	t->overlay = OV_EDIT;
	update_prompt(t);
}

/* The editing keys of a typed line; false when ch is not one. */
static bool
edit_line_key(struct tui *t, int ch)
{
	size_t len = strlen(t->edit), pos = t->edit_pos;

	switch (ch) {
	case KEY_LEFT:
		pos -= pos > 0;
		break;
	case KEY_RIGHT:
		pos += pos < len;
		break;
	case KEY_HOME:
	case CTRL_A:
		pos = 0;
		break;
	case KEY_END:
	case CTRL_E:
		pos = len;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (pos == 0)
			break;
		memmove(t->edit + pos - 1, t->edit + pos, len - pos + 1);
		pos--;
		break;
	case KEY_DC:
		if (pos < len)
			memmove(t->edit + pos, t->edit + pos + 1, len - pos);
		break;
	case CTRL_U:
		t->edit[0] = '\0';
		pos = 0;
		break;
	default:
		if (ch < 32 || ch >= 127)
			return false;
		if (t->edit_selected) {
			t->edit[0] = '\0';
			len = pos = 0;
		}
		if (len + 1 < sizeof t->edit) {
			memmove(t->edit + pos + 1, t->edit + pos, len - pos + 1);
			t->edit[pos++] = (char)ch;
		}
		break;
	}
	t->edit_pos = pos;
	t->edit_selected = false;
	return true;
}

/* The file a save writes: "name" under the scenarios directory as
 * name.ini, a path with a slash as it is. */
static void
save_path(const struct tui *t, const char *name, char *out, size_t size)
{
	size_t len = strlen(name);

	if (strchr(name, '/') != NULL)
		snprintf(out, size, "%s", name);
	else
		snprintf(out, size, "%s/%s%s", t->dir, name,
			 len > 4 && strcmp(name + len - 4, ".ini") == 0 ? "" : ".ini");
}

/* Writes the scenario (s) or the export text (w) to t->target; the
 * quit question's s quits once it is saved. */
static int
write_target(struct tui *t)
{
	struct gp_error err;
	bool save = t->edit_purpose == EDIT_SAVE, quit = t->quit_after_save;
	const char *path = t->target;

	t->quit_after_save = false;
	if (atomic_make_parents(path, &err) != 0 ||
	    (save ? scenfile_save(path, t->s, &err) :
	     atomic_write(path, t->overlay_text, strlen(t->overlay_text), &err)) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	if (!save) {
		set_status(t, false, "wrote %s", path);
		return H_REDRAW;
	}
	t->saved = *t->s;
	snprintf(t->file, sizeof t->file, "%.*s", (int)sizeof t->file - 1, path);
	set_status(t, false, "saved %s", path);
	return quit ? H_QUIT : H_REDRAW;
}

/* A question on the status line; the overlay's key handler answers it. */
static int __attribute__((format(printf, 3, 4)))
ask(struct tui *t, enum overlay ov, const char *fmt, ...)
{
	va_list ap;

	t->overlay = ov;
	va_start(ap, fmt);
	vsnprintf(t->prompt, sizeof t->prompt, fmt, ap);
	va_end(ap);
	return H_REDRAW;
}

/* Enter on a save or export path. Replacing a file asks first, except
 * the scenario's own file, which s is there to update. */
static int
commit_path(struct tui *t)
{
	bool save = t->edit_purpose == EDIT_SAVE;

	if (t->edit[0] == '\0' || (!save && t->overlay_text == NULL)) {
		t->quit_after_save = false;
		set_status(t, true, "no name given; nothing %s", save ? "saved" : "written");
		return H_REDRAW;
	}
	if (save)
		save_path(t, t->edit, t->target, sizeof t->target);
	else
		snprintf(t->target, sizeof t->target, "%s", t->edit);
	if (access(t->target, F_OK) != 0 || (save && strcmp(t->target, t->file) == 0))
		return write_target(t);
	return ask(t, OV_CONFIRM_OVERWRITE, "%s exists: overwrite? y/n",
		   strlen(t->target) + 24 <= (size_t)COLS ? t->target : base_name(t->target));
}

static char *
capture(void (*fill)(FILE *, struct tui *), struct tui *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	fill(f, t);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void fill_compare(FILE *f, struct tui *t);

static void
fill_export(FILE *f, struct tui *t)
{
	struct report_input r = {t->s, catalog_model(t->cat, t->s->model),
				 catalog_gpu(t->cat, t->s->gpu), &t->plan};

	/* the engines' launch lines, the Kubernetes manifests, then the
	 * Markdown report */
	if ((size_t)t->export_kind == export_count() + 2)
		fill_compare(f, t);
	else if ((size_t)t->export_kind == export_count())
		export_k8s(f, &r);
	else if ((size_t)t->export_kind > export_count())
		report_write(f, REPORT_MARKDOWN, &r);
	else
		export_write(f, export_engine((size_t)t->export_kind), &r);
}

/* The pins and, when there is one, the current plan, for compare;
 * returns how many. */
static size_t
compare_inputs(struct tui *t, struct report_input *in, const char **names)
{
	size_t n = 0;

	for (; n < t->n_pins; n++) {
		struct pin *p = &t->pins[n];

		in[n] = (struct report_input){&p->s, catalog_model(t->cat, p->s.model),
					      catalog_gpu(t->cat, p->s.gpu), &p->p};
		names[n] = p->name;
	}
	if (t->plan_ok) {
		in[n] = (struct report_input){t->s, catalog_model(t->cat, t->s->model),
					      catalog_gpu(t->cat, t->s->gpu), &t->plan};
		names[n++] = "now";
	}
	return n;
}

static void
fill_compare(FILE *f, struct tui *t)
{
	struct report_input in[COMPARE_PINS + 1];
	const char *names[COMPARE_PINS + 1];
	size_t n = compare_inputs(t, in, names);

	compare_write(f, REPORT_MARKDOWN, in, names, n);
}

static void
draw_compare_pane(struct tui *t)
{
	struct report_input in[COMPARE_PINS + 1];
	const char *names[COMPARE_PINS + 1];

	compare_inputs(t, in, names);
	draw_compare(&t->theme, &t->lay, in, names, t->n_pins,
		     t->plan_ok ? NULL : t->plan_err.msg);
}

static void
set_overlay_text(struct tui *t, char *text)
{
	free(t->overlay_text);
	t->overlay_text = text;
}

/* Opens overlay ov, with the text fill writes when there is one. */
static int
show_overlay(struct tui *t, enum overlay ov, void (*fill)(FILE *, struct tui *))
{
	if (fill != NULL)
		set_overlay_text(t, capture(fill, t));
	t->overlay = ov;
	t->text_top = t->text_left = 0;
	return H_REDRAW;
}

/* A typed value; a config.json path is imported first, and when it
 * cannot be the field and the model stay as they were. */
static int
set_typed(struct tui *t, const char *option, const char *value)
{
	struct scenario s = *t->s;
	struct gp_error err;
	bool config = strcmp(option, "model-config") == 0;

	if (config)
		s.model_file[0] = '\0';	/* a typed config.json wins */
	if (scenario_set(&s, option, value, &err) != 0 ||
	    (config && import_config(t, &s, &err) != 0)) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	*t->s = s;
	if (config && s.model_config[0] != '\0')
		set_status(t, false, "imported %s as %s", s.model_config, s.model);
	return H_REPLAN;
}

static int
edit_key(struct tui *t, int ch)
{
	switch (ch) {
	case 27:
		t->overlay = t->edit_purpose == EDIT_EXPORT ? OV_EXPORT : OV_NONE;
		t->quit_after_save = false;
		return H_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->overlay = OV_NONE;
		if (t->edit_purpose != EDIT_VALUE)
			return commit_path(t);
		return set_typed(t, form_row(t->s, t->focus)->option, t->edit);
	default:
		return edit_line_key(t, ch) ? H_REDRAW : H_NONE;
	}
}

/* Scrolls the export or tiers box: up/down and PgUp/PgDn by lines, h/l
 * (and the arrows, sideways: tiers alone, export's pick formats) by 8
 * cells; false for a key that is not a scroll. */
static bool
scroll_text(struct tui *t, int ch, bool arrows_sideways)
{
	const struct key_binding *b = keys_lookup(ch);
	int last_top, last_left, by;

	if (b == NULL || ch == '\t' || ch == KEY_BTAB)	/* Tab: the next format */
		return false;
	draw_text_last(LINES, COLS, t->overlay_text, &last_top, &last_left);
	if (b->action == KA_MOVE || b->action == KA_PAGE) {
		by = b->arg * (b->action == KA_PAGE ? LINES / 2 : 1);
		t->text_top = t->text_top + by < 0 ? 0 :
			      t->text_top + by > last_top ? last_top : t->text_top + by;
		return true;
	}
	if (b->action == KA_STEP && (arrows_sideways || (ch != KEY_LEFT && ch != KEY_RIGHT))) {
		by = b->arg * 8;
		t->text_left = t->text_left + by < 0 ? 0 :
			       t->text_left + by > last_left ? last_left : t->text_left + by;
		return true;
	}
	return false;
}

/* The export box, its title naming what it shows. */
static void
draw_export(struct tui *t)
{
	char title[160], what[64];
	size_t k = (size_t)t->export_kind;

	snprintf(what, sizeof what, "%s%s",
		 k < export_count() ? export_engine(k)->name :
		 k == export_count() ? "Kubernetes manifests" :
		 k == export_count() + 1 ? "Markdown report" : "compare, Markdown",
		 k < export_count() ? " launch" : "");
	/* the keys in words where the box is wide enough, else short */
	if (snprintf(title, sizeof title,
		     "export: %s (Tab: next format, up/down h/l: scroll, w: write, Esc: close)",
		     what) > COLS - 8)
		snprintf(title, sizeof title, "export: %s  Tab format  w write  Esc close", what);
	draw_text(&t->theme, LINES, COLS, title, t->overlay_text, t->text_top, t->text_left);
}

static int
export_key(struct tui *t, int ch)
{
	char path[PATH_LEN * 2], name[256];
	int kinds;

	if (scroll_text(t, ch, false))
		return H_REDRAW;
	switch (ch) {
	case '\t':
	case KEY_RIGHT:
	case KEY_BTAB:
	case KEY_LEFT:
		t->text_top = t->text_left = 0;
		kinds = (int)export_count() + 2 + (t->n_pins > 0);
		t->export_kind = (t->export_kind + (ch == '\t' || ch == KEY_RIGHT ? 1 : kinds - 1)) % kinds;
		set_overlay_text(t, capture(fill_export, t));
		return H_REDRAW;
	case 'w':
		snprintf(name, sizeof name, "%.*s", (int)sizeof name - 1,
			 t->file[0] ? base_name(t->file) : t->s->model);
		if (strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".ini") == 0)
			name[strlen(name) - 4] = '\0';
		if ((size_t)t->export_kind < export_count())
			snprintf(path, sizeof path, "%s/%s.%s.sh", t->dir, name,
				 export_engine((size_t)t->export_kind)->id);
		else if ((size_t)t->export_kind == export_count())
			snprintf(path, sizeof path, "%s/%s.k8s.yaml", t->dir, name);
		else if ((size_t)t->export_kind == export_count() + 2)
			snprintf(path, sizeof path, "%s/%s.compare.md", t->dir, name);
		else
			snprintf(path, sizeof path, "%s/%s.md", t->dir, name);
		start_edit(t, EDIT_EXPORT, path);
		return H_REDRAW;
	default:
		t->overlay = OV_NONE;	/* q too: it closes the view, not the program */
		return H_REDRAW;
	}
}

static int
step(struct tui *t, int dir)
{
	struct gp_error err;

	if (form_step(t->s, t->cat, form_row(t->s, t->focus)->option, dir, &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	return H_REPLAN;
}

#ifdef BUTTON5_PRESSED
#define WHEEL_UP BUTTON4_PRESSED
#define WHEEL_DOWN BUTTON5_PRESSED
#else
#define WHEEL_UP 0
#define WHEEL_DOWN 0
#endif
#define MOUSE_CLICK (BUTTON1_CLICKED | BUTTON1_PRESSED)

/* The mouse, wherever the screen is: the wheel scrolls what is under
 * it (form, warnings, list, help, explain), a click picks a form field
 * or a list row, and a click on the row already chosen takes it as
 * Enter. Nothing else reacts: an event is never "any key". */
static int
mouse_key(struct tui *t, int arg)
{
	MEVENT ev;
	int wheel;
	size_t row;

	(void)arg;
	if (getmouse(&ev) != OK || t->lay.too_small)
		return H_NONE;
	wheel = (ev.bstate & WHEEL_UP) && WHEEL_UP ? -1 : (ev.bstate & WHEEL_DOWN) && WHEEL_DOWN ? 1 : 0;
	switch (t->overlay) {
	case OV_PICKER:
		if (wheel != 0)
			return picker_key(t, wheel < 0 ? KEY_UP : KEY_DOWN);
		if (ev.bstate & MOUSE_CLICK) {
			int i = picker_row_at(LINES, COLS, &t->picker, ev.y, ev.x);

			if (i < 0)
				return H_NONE;
			if ((size_t)i == t->picker.cursor)
				return picker_key(t, '\n');
			t->picker.cursor = (size_t)i;
			return H_REDRAW;
		}
		return H_NONE;
	case OV_HELP:
		t->help_first += wheel * 3;
		t->help_first = t->help_first < 0 ? 0 :
				t->help_first > draw_help_last(LINES, COLS) ? draw_help_last(LINES, COLS) :
				t->help_first;
		return wheel != 0 ? H_REDRAW : H_NONE;
	case OV_EXPLAIN:
		t->explain_first += wheel * 3;
		if (t->explain_first < 0)
			t->explain_first = 0;
		return wheel != 0 ? H_REDRAW : H_NONE;
	case OV_NONE:
		break;
	default:
		return H_NONE;
	}
	if (wheel != 0 && ev.x > t->lay.warnings.x && ev.y >= t->lay.warnings.y &&
	    ev.y < t->lay.warnings.y + t->lay.warnings.h) {
		t->warn_first += wheel;
		clamp_warnings(t);
		return H_REDRAW;
	}
	if (ev.x >= t->lay.form.w || ev.y < t->lay.form.y || ev.y >= t->lay.form.y + t->lay.form.h)
		return H_NONE;
	if (wheel != 0) {
		t->focus = form_next_field(t->s, t->focus, wheel);
		return H_REDRAW;
	}
	if (!(ev.bstate & MOUSE_CLICK))
		return H_NONE;
	row = t->scroll + (size_t)(ev.y - t->lay.form.y);
	if (row < form_row_count(t->s) && form_row(t->s, row)->kind == FR_FIELD)
		t->focus = row;
	return H_REDRAW;
}

static int
quit_key(struct tui *t, int arg)
{
	(void)arg;
	if (!modified(t))
		return H_QUIT;
	return ask(t, OV_CONFIRM_QUIT,
		   "Unsaved changes. y quits without saving, s saves first, any other key goes back");
}

/* The form does not wrap: at either end the status line says so. */
static int
move_key(struct tui *t, int dir)
{
	size_t was = t->focus;

	t->focus = form_next_field(t->s, t->focus, dir);
	if (t->focus == was)
		set_status(t, false, "%s", dir < 0 ? "the first field (End: the last)" :
			   "the last field (Home: the first)");
	return H_REDRAW;
}

static int
ends_key(struct tui *t, int dir)
{
	t->focus = form_edge_field(t->s, dir);
	return H_REDRAW;
}

/* g, G: the next section's first field, this one's or the one before. */
static int
section_key(struct tui *t, int dir)
{
	size_t was = t->focus;

	t->focus = form_section_field(t->s, t->focus, dir);
	if (t->focus == was)
		set_status(t, false, "%s", dir < 0 ? "the first section" : "the last section");
	return H_REDRAW;
}

static int
edit_value_key(struct tui *t, int arg)
{
	const char *opt = form_row(t->s, t->focus)->option;

	(void)arg;
	if (form_is_picker(opt))
		open_option_picker(t, opt, "");
	else
		start_edit(t, EDIT_VALUE, "");
	return H_REDRAW;
}

static int
search_key(struct tui *t, int arg)
{
	const char *opt = form_row(t->s, t->focus)->option;

	(void)arg;
	if (!form_is_picker(opt) || scenario_option(opt)->type != OPT_STRING) {
		for (size_t i = 0; i < form_row_count(t->s); i++) {
			if (form_row(t->s, i)->option != NULL && strcmp(form_row(t->s, i)->option, "model") == 0)
				t->focus = i;
		}
		opt = "model";
	}
	open_option_picker(t, opt, "");
	return H_REDRAW;
}

static int
moe_key(struct tui *t, int arg)
{
	(void)arg;
	t->s->moe = !t->s->moe;
	set_status(t, false, "%s", t->s->moe ?
		   "MoE on: memory for all experts, compute for the active ones" :
		   "MoE off: sized as dense (every expert, every step)");
	return H_REPLAN;
}

static int
save_key(struct tui *t, int arg)
{
	(void)arg;
	start_edit(t, EDIT_SAVE, t->file[0] ? t->file : "");
	return H_REDRAW;
}

/* p pins the current plan as the next of A, B and C, named by its file
 * when it is the file's as saved; P unpins them all. */
static int
pin_key(struct tui *t, int arg)
{
	struct pin *p;

	if (arg != 0) {
		t->n_pins = 0;
		t->compare_open = false;
		set_status(t, false, "unpinned");
		return H_REDRAW;
	}
	if (!t->plan_ok) {
		set_status(t, true, "no plan to pin: %s", t->plan_err.msg);
		return H_REDRAW;
	}
	if (t->n_pins == COMPARE_PINS) {
		set_status(t, true, "A, B and C are pinned: P unpins them");
		return H_REDRAW;
	}
	p = &t->pins[t->n_pins];
	p->s = *t->s;
	p->p = t->plan;
	snprintf(p->name, sizeof p->name, "%.*s", (int)sizeof p->name - 1,
		 t->file[0] && !modified(t) ? base_name(t->file) : "");
	set_status(t, false, "pinned as %c: change inputs, c compares, P unpins",
		   (int)('A' + t->n_pins));
	t->n_pins++;
	return H_REDRAW;
}

/* c: the compare pane, which stays while the form takes the keys. */
static int
compare_key(struct tui *t, int arg)
{
	(void)arg;
	if (t->compare_open) {
		t->compare_open = false;
		return H_REDRAW;
	}
	if (t->n_pins == 0) {
		set_status(t, true, "nothing pinned: p pins the current plan as A");
		return H_REDRAW;
	}
	t->compare_open = true;
	set_status(t, false, "compare: edit on the left, e exports it as Markdown, c closes");
	return H_REDRAW;
}

static int
export_open_key(struct tui *t, int arg)
{
	(void)arg;
	if (t->compare_open)
		t->export_kind = (int)export_count() + 2;	/* the compare table */
	else if ((size_t)t->export_kind > export_count() + 1)
		t->export_kind = 0;
	return t->plan_ok ? show_overlay(t, OV_EXPORT, fill_export) : H_NONE;
}

static int undo_key(struct tui *t, int arg);
static int redraw_key(struct tui *t, int arg);

/* g: the graph view, where there are columns for its two plots. */
static int
graph_key(struct tui *t, int arg)
{
	(void)arg;
	if (COLS < GRAPH_MIN_COLS) {
		set_status(t, true, "the graph needs %d columns; this screen has %d", GRAPH_MIN_COLS,
			   COLS);
		return H_REDRAW;
	}
	if (!t->plan_ok) {
		set_status(t, true, "no plan to graph: %s", t->plan_err.msg);
		return H_REDRAW;
	}
	t->overlay = OV_GRAPH;
	graph_update(t);
	return H_REDRAW;
}

/* G: the graph as a pane under the warnings, where the screen has the
 * columns and rows for it; again, no pane. Kept on across resizes, it
 * shows whenever there is room. */
static int
graph_pane_key(struct tui *t, int arg)
{
	struct layout_screen l = t->lay;

	(void)arg;
	if (t->graph_pane) {
		t->graph_pane = false;
		relayout(t);
		set_status(t, false, "graph pane hidden");
		return H_REDRAW;
	}
	if (!layout_graph_pane(&l)) {
		if (COLS < LAYOUT_PANE_COLS)
			set_status(t, true, "the graph pane needs %d columns; this screen has %d (g opens the graph view)",
				   LAYOUT_PANE_COLS, COLS);
		else
			set_status(t, true, "the graph pane needs %d more rows (g opens the graph view)",
				   LAYOUT_PANE_WARN + LAYOUT_PANE_MIN - l.warnings.h);
		return H_REDRAW;
	}
	t->graph_pane = true;
	relayout(t);
	graph_update(t);
	set_status(t, false, "graph pane: it follows every change; G hides it");
	return H_REDRAW;
}

/* In the graph view the arrows move along its curves: left/right the
 * batch, up/down the context (up longer); u undoes; any other key, q
 * and Esc too, closes it. */
static int
graph_view_key(struct tui *t, int ch)
{
	const struct key_binding *b = keys_lookup(ch);
	struct gp_error err;
	const char *opt;
	int dir;

	t->status[0] = '\0';
	if (b != NULL && (b->action == KA_STEP || b->action == KA_MOVE)) {
		opt = b->action == KA_STEP ? "batch" : "context";
		dir = b->action == KA_STEP ? b->arg : -b->arg;
		if (form_step(t->s, t->cat, opt, dir, &err) != 0) {
			set_status(t, true, "%s", err.msg);
			return H_REDRAW;
		}
		return H_REPLAN;
	}
	if (b != NULL && b->action == KA_UNDO)
		return undo_key(t, 0);
	if (b != NULL && b->action == KA_REDRAW)
		return redraw_key(t, 0);
	t->overlay = OV_NONE;
	return H_REDRAW;
}

static int
explain_key(struct tui *t, int arg)
{
	(void)arg;
	t->explain_first = 0;
	return show_overlay(t, OV_EXPLAIN, NULL);
}

static int
tiers_key(struct tui *t, int arg)
{
	(void)arg;
	return show_overlay(t, OV_TIERS, fill_tiers);
}

static int
help_key(struct tui *t, int arg)
{
	(void)arg;
	t->help_first = 0;
	return show_overlay(t, OV_HELP, NULL);
}

static int
reset_key(struct tui *t, int arg)
{
	(void)arg;
	if (scenario_equal(t->s, &t->initial)) {
		set_status(t, false, "this is the starting scenario");
		return H_REDRAW;
	}
	return ask(t, OV_CONFIRM_RESET,
		   "Back to the starting scenario? y resets (u undoes it), any other key goes back");
}

/* The scenario before the last change; undoing is no change to undo.
 * The catalog keeps every config.json imported, so a scenario from the
 * ring plans without importing again. */
static int
undo_key(struct tui *t, int arg)
{
	(void)arg;
	if (t->undo_n == 0) {
		set_status(t, true, "nothing to undo");
		return H_REDRAW;
	}
	t->undo_head = (t->undo_head + UNDO_MAX - 1) % UNDO_MAX;
	t->undo_n--;
	*t->s = t->undo[t->undo_head];
	t->last = *t->s;
	set_status(t, false, "undid a change; %zu more to undo", t->undo_n);
	return H_REPLAN;
}

/* w: the warnings pane takes up/down (and gives them back). */
static int
warnings_key(struct tui *t, int arg)
{
	(void)arg;
	t->warn_focus = !t->warn_focus;
	if (t->warn_focus)
		set_status(t, false, "warnings: up/down scroll, PgUp/PgDn page; w or Esc: the form");
	return H_REDRAW;
}

/* Scrolls the warnings by lines (up/down) or pages (PgUp/PgDn). */
static int
scroll_warnings(struct tui *t, int by)
{
	t->warn_first += by;
	clamp_warnings(t);
	return H_REDRAW;
}

static int
page_key(struct tui *t, int dir)
{
	struct view v;
	int nlines, rows;

	if (t->lay.too_small)
		return H_NONE;
	fill_view(t, &v, NULL, 0);
	draw_warnings_extent(&t->lay, &v, &nlines, &rows);
	return scroll_warnings(t, dir * (rows > 1 ? rows - 1 : 1));
}

/* a, A: the "fits on" line's first or second way into the form, on
 * the scenario's GPU and engine; replicas are kept. u undoes it. */
static int
hint_key(struct tui *t, int i)
{
	const struct fit_candidate *x;
	struct layout now;
	struct gp_error err;

	if (!t->plan_ok || t->plan.mem.fits) {
		set_status(t, true, "the plan fits: nothing to load");
		return H_REDRAW;
	}
	if (t->hint == NULL || (size_t)i >= t->hint->n) {
		set_status(t, true, "%s", t->hint != NULL && t->hint->n > 0 ?
			   "the \"fits on\" line has one way: a loads it" :
			   "nothing fits on this GPU type (f searches the others)");
		return H_REDRAW;
	}
	x = &t->hint->way[i];
	if (form_layout(t->s, t->cat, &now, &err) != 0)
		now.replicas = 1;
	take_formats(t->s, x->weights, x->kv);
	t->s->tp = x->layout.tp;
	t->s->pp = x->layout.pp;
	t->s->ep = 1;
	t->s->gpus = t->s->gpus ? x->gpus * now.replicas : 0;
	set_status(t, false, "loaded what fits: %llu x %s, TP %llu, PP %llu, %s weights, %s KV; u undoes it",
		   (unsigned long long)x->gpus, t->s->gpu, (unsigned long long)x->layout.tp,
		   (unsigned long long)x->layout.pp, weight_format_info(x->weights)->id,
		   kv_dtype_id(x->kv));
	return H_REPLAN;
}

static int
redraw_key(struct tui *t, int arg)
{
	(void)t;
	(void)arg;
	clearok(curscr, TRUE);
	return H_REDRAW;
}

/* What each action of keys_table[] runs; arg is the binding's. */
static int (*const key_actions[KA_COUNT])(struct tui *, int) = {
	[KA_QUIT] = quit_key,
	[KA_MOVE] = move_key,
	[KA_ENDS] = ends_key,
	[KA_SECTION] = section_key,
	[KA_STEP] = step,
	[KA_EDIT] = edit_value_key,
	[KA_SEARCH] = search_key,
	[KA_MOE] = moe_key,
	[KA_EXPLAIN] = explain_key,
	[KA_GRAPH] = graph_key,
	[KA_GRAPH_PANE] = graph_pane_key,
	[KA_SAVE] = save_key,
	[KA_OPEN] = open_file_picker,
	[KA_FIT] = open_fit,
	[KA_TIERS] = tiers_key,
	[KA_PIN] = pin_key,
	[KA_COMPARE] = compare_key,
	[KA_EXPORT] = export_open_key,
	[KA_RESET] = reset_key,
	[KA_UNDO] = undo_key,
	[KA_WARNINGS] = warnings_key,
	[KA_PAGE] = page_key,
	[KA_HINT] = hint_key,
	[KA_REDRAW] = redraw_key,
	[KA_HELP] = help_key,
	[KA_MOUSE] = mouse_key,
};

static int
handle_key(struct tui *t, int ch)
{
	const struct key_binding *b;

	if (ch == KEY_RESIZE) {
		/* not a key: it answers no question, closes no box but the
		 * graph, which has no room under 80 columns */
		if (t->overlay == OV_GRAPH && COLS < GRAPH_MIN_COLS) {
			t->overlay = OV_NONE;
			set_status(t, false, "the graph closed: it needs %d columns", GRAPH_MIN_COLS);
		}
		return H_REDRAW;
	}
	if (ch == KEY_MOUSE)
		return mouse_key(t, 0);	/* nor is the mouse */
	switch (t->overlay) {
	case OV_PICKER:
		return picker_key(t, ch);
	case OV_EDIT:
		return edit_key(t, ch);
	case OV_EXPORT:
		return export_key(t, ch);
	case OV_GRAPH:
		return graph_view_key(t, ch);
	case OV_CONFIRM_OVERWRITE:
		t->overlay = OV_NONE;
		if (ch == 'y' || ch == 'Y')
			return write_target(t);
		t->quit_after_save = false;
		if (t->edit_purpose == EDIT_EXPORT)
			t->overlay = OV_EXPORT;
		set_status(t, false, "%s is kept; nothing %s", base_name(t->target),
			   t->edit_purpose == EDIT_SAVE ? "saved" : "written");
		return H_REDRAW;
	case OV_CONFIRM_RESET:
		t->overlay = OV_NONE;
		if (ch != 'y' && ch != 'Y') {
			set_status(t, false, "nothing reset");
			return H_REDRAW;
		}
		*t->s = t->initial;
		set_status(t, false, "back to the starting scenario; u undoes it");
		return H_REPLAN;
	case OV_CONFIRM_QUIT:
		t->overlay = OV_NONE;
		if (ch == 'y' || ch == 'Y')
			return H_QUIT;
		if (ch == 's' || ch == 'S') {
			t->quit_after_save = true;
			start_edit(t, EDIT_SAVE, t->file[0] ? t->file : "");
		}
		return H_REDRAW;
	case OV_EXPLAIN:
		/* the moves scroll it (draw_explain keeps it in range) */
		b = keys_lookup(ch);
		if (b != NULL && (b->action == KA_MOVE || b->action == KA_PAGE)) {
			t->explain_first += b->arg * (b->action == KA_PAGE ? 10 : 1);
			if (t->explain_first < 0)
				t->explain_first = 0;
			return H_REDRAW;
		}
		t->overlay = OV_NONE;
		return H_REDRAW;
	case OV_HELP:
		/* the moves scroll it when it does not fit */
		b = keys_lookup(ch);
		if (b != NULL && (b->action == KA_MOVE || b->action == KA_PAGE ||
				  b->action == KA_ENDS)) {
			int last = draw_help_last(LINES, COLS);

			t->help_first += b->action == KA_ENDS ? b->arg * last :
					 b->arg * (b->action == KA_PAGE ? 10 : 1);
			t->help_first = t->help_first < 0 ? 0 : t->help_first > last ? last :
					t->help_first;
			return H_REDRAW;
		}
		t->overlay = OV_NONE;
		return H_REDRAW;
	case OV_TIERS:
		if (scroll_text(t, ch, true))
			return H_REDRAW;
		t->overlay = OV_NONE;	/* any other key, q too, closes only the box */
		return H_REDRAW;
	default:
		break;
	}
	t->status[0] = '\0';
	b = keys_lookup(ch);
	if (t->compare_open && ch == 27 && !t->warn_focus) {
		t->compare_open = false;
		return H_REDRAW;
	}
	if (t->warn_focus) {
		/* the moves scroll the warnings; Esc and any other key go
		 * back to the form (and do what they do there) */
		if (ch == 27) {
			t->warn_focus = false;
			return H_REDRAW;
		}
		if (b != NULL && b->action == KA_MOVE)
			return scroll_warnings(t, b->arg);
		if (b != NULL && b->action != KA_WARNINGS && b->action != KA_PAGE)
			t->warn_focus = false;
	}
	if (b == NULL || key_actions[b->action] == NULL)
		return H_NONE;
	return key_actions[b->action](t, b->arg);
}

/* Ctrl-C, from wherever the screen is: q's question, or quit when
 * nothing would be lost. Asked already, it stays asked. */
static int
interrupt_key(struct tui *t)
{
	if (t->lay.too_small)
		return modified(t) ? H_NONE : H_QUIT;
	if (t->overlay == OV_CONFIRM_QUIT)
		return H_NONE;
	t->overlay = OV_NONE;
	t->quit_after_save = false;
	t->status[0] = '\0';
	return quit_key(t, 0);
}

/* Nothing can be asked on the "too small" screen: q quits only when
 * nothing would be lost. */
static int
too_small_key(struct tui *t, int ch)
{
	const struct key_binding *b = keys_lookup(ch);

	return b != NULL && b->action == KA_QUIT && !modified(t) ? H_QUIT : H_NONE;
}

static bool
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void
scenarios_dir(char *out, size_t len)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		snprintf(out, len, "%s/gpuplan/scenarios", xdg);
	else if (home != NULL && *home)
		snprintf(out, len, "%s/.local/share/gpuplan/scenarios", home);
	else
		snprintf(out, len, "gpuplan-scenarios");
}

#define RECOVERY_PREFIX "recovered-"

/* After a hang-up or SIGTERM the unsaved changes go to a file of their
 * own in the scenarios directory (nano's ".save"), never over a saved
 * scenario: recovered-YYYYMMDD-HHMMSS.ini, -2, -3... if that is taken. */
static int
save_recovery(const struct tui *t, char *out, size_t len, struct gp_error *err)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "0";

	if (localtime_r(&now, &tm) != NULL)
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(out, len, "%s/" RECOVERY_PREFIX "%s.ini", t->dir, stamp);
	for (int i = 2; access(out, F_OK) == 0; i++) {
		if (i > 99)
			return gp_error_set(err, "%s: too many recovery files", t->dir);
		snprintf(out, len, "%s/" RECOVERY_PREFIX "%s-%d.ini", t->dir, stamp, i);
	}
	if (atomic_make_parents(out, err) != 0 || scenfile_save(out, t->s, err) != 0)
		return -1;
	return 0;
}

static bool
later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec : a->tv_nsec > b->tv_nsec;
}

/* The newest recovery file's name, for the status line at start-up;
 * 0 when there is none, or when a scenario was saved in the directory
 * since (the user has seen it, most likely opened and saved it). The
 * names sort by time. */
static int
newest_recovery(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct timespec recovered = {0, 0}, saved = {0, 0};

	out[0] = '\0';
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[PATH_LEN + 256];
		struct stat st;
		bool recovery = strncmp(e->d_name, RECOVERY_PREFIX, strlen(RECOVERY_PREFIX)) == 0;

		if (n <= 4 || strcmp(e->d_name + n - 4, ".ini") != 0 ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
		    stat(path, &st) != 0)
			continue;
		if (!recovery) {
			if (later(&st.st_mtim, &saved))
				saved = st.st_mtim;
		} else if (n < len && strcmp(e->d_name, out) > 0) {
			memcpy(out, e->d_name, n + 1);
			recovered = st.st_mtim;
		}
	}
	closedir(d);
	return out[0] != '\0' && !later(&saved, &recovered);
}

int
tui_run(struct catalog *c, struct scenario *s, const struct tui_options *o)
{
	static struct tui t;	/* large; one screen per process */
	struct sigaction sa;
	SCREEN *scr;
	const char *nc = getenv("NO_COLOR");
	char recovered[PATH_LEN + 64];
	struct gp_error err;

	memset(&t, 0, sizeof t);
	t.cat = c;
	t.s = s;
	t.initial = *s;
	t.last = *s;
	t.saved = *s;
	if (o->scenario_file != NULL)
		snprintf(t.file, sizeof t.file, "%s", o->scenario_file);
	scenarios_dir(t.dir, sizeof t.dir);
	t.focus = form_next_field(t.s, 0, 1);
	if (form_row(t.s, 0)->kind == FR_FIELD)
		t.focus = 0;

	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		fprintf(stderr, "gpuplan: cannot start the screen on this terminal; use gpuplan plan\n");
		return 2;
	}
	screen_active = true;
	atexit(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	/* no look for typed-ahead keys while a redraw goes out: it is a
	 * poll() every few lines (three a key, tuibench under strace), to
	 * save a slow line a screen that the next key redraws anyway */
	typeahead(-1);
	curs_set(0);
	timeout(200);
	/* Clicks only where the terminal reports them itself (kmous); on
	 * the Linux console ncurses goes through libgpm instead, which
	 * leaks and is rarely there over SSH. */
	{
		const char *kmous = tigetstr("kmous"), *term = getenv("TERM");

		if (kmous != NULL && kmous != (char *)-1 &&
		    (term == NULL || strncmp(term, "linux", 5) != 0))
			mousemask(MOUSE_CLICK | WHEEL_UP | WHEEL_DOWN, NULL);
	}
	theme_init(&t.theme, !o->no_color && (nc == NULL || *nc == '\0'),
		   !o->ascii && locale_is_utf8());
	if (newest_recovery(t.dir, recovered, sizeof recovered))
		set_status(&t, false, "changes kept at a hang-up: %s (o opens it)", recovered);
	replan(&t);
	relayout(&t);
	scroll_to_focus(&t);
	draw(&t);

	while (!quit_signal) {
		int ch = getch(), flags;

		/* getch returns within its 200 ms timeout, key or not, so
		 * a Ctrl-C never waits for the next key */
		if (interrupted) {
			interrupted = 0;
			if (ch != ERR)
				ungetch(ch);	/* the next pass reads it */
			flags = interrupt_key(&t);
		} else if (ch == ERR) {
			continue;
		} else {
			if (ch == KEY_RESIZE)
				relayout(&t);
			flags = t.lay.too_small && ch != KEY_RESIZE ? too_small_key(&t, ch) :
				handle_key(&t, ch);
		}
		if (flags & H_QUIT)
			break;
		if (flags & H_REPLAN) {
			replan(&t);
			remember(&t);
			relayout(&t);
		}
		if (flags & (H_REPLAN | H_REDRAW)) {
			clamp_warnings(&t);
			scroll_to_focus(&t);
			draw(&t);
		}
	}
	restore_terminal();
	delscreen(scr);
	/* the terminal may be gone, so stderr is the only word left */
	if (quit_signal != 0 && modified(&t)) {
		if (save_recovery(&t, recovered, sizeof recovered, &err) == 0)
			fprintf(stderr, "gpuplan: %s: the unsaved changes are in %s\n",
				quit_signal == SIGHUP ? "hang-up" : "terminated", recovered);
		else
			fprintf(stderr, "gpuplan: the unsaved changes are lost: %s\n", err.msg);
	}
	set_overlay_text(&t, NULL);
	fit_free(&t.fit);
	return quit_signal == 0 ? 0 : 128 + quit_signal;
}
