/* tui.c - the interactive planner: terminal set-up and restore, the
 * event loop, and key handling. After each key the scenario changes,
 * plan_compute() runs, and the screen is drawn once (htop's
 * ScreenManager loop: handlers return flags, the loop acts on them). */
#include "config.h"

#include <dirent.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include "hfimport.h"
#include "keys.h"
#include "layout.h"
#include "plan.h"
#include "scenfile.h"
#include "solver.h"
#include "tui.h"

enum { H_NONE = 0, H_REDRAW = 1, H_REPLAN = 2, H_QUIT = 4 };
enum overlay { OV_NONE, OV_HELP, OV_EXPLAIN, OV_PICKER, OV_EDIT, OV_CONFIRM_QUIT,
	       OV_COMPARE, OV_EXPORT, OV_TIERS };
enum edit_purpose { EDIT_VALUE, EDIT_SAVE, EDIT_EXPORT };
enum picker_purpose { PICK_OPTION, PICK_FILE, PICK_FIT };

#define MAX_FILES 256
_Static_assert(MAX_FILES <= PICKER_MAX, "saved scenarios go through the picker");
#define PATH_LEN 1024

struct tui {
	struct catalog *cat;		/* imported configs are added */
	char imported[SCENARIO_PATH_LEN];	/* the config.json last imported */
	struct scenario *s;
	struct scenario initial;	/* for r */
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
	char files[MAX_FILES][256];
	enum edit_purpose edit_purpose;
	char edit[PATH_LEN];
	char prompt[PATH_LEN + 64];
	char status[GP_ERROR_LEN + 32];
	bool status_error;
	bool pinned;			/* plan A, for compare */
	struct scenario pin_s;
	struct plan pin_p;
	int export_kind;
	char *overlay_text;		/* export, compare or tiers text */
	bool quit_after_save;		/* s at the quit prompt */
	struct fit_result fit;		/* the last "find cheapest" list */
	char fit_rows[64][128];
};

static volatile sig_atomic_t quit_signal;
static bool screen_active;

static void
on_signal(int sig)
{
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

static bool
modified(const struct tui *t)
{
	return !scenario_equal(t->s, &t->saved);
}

static void set_status(struct tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A config.json typed into the form joins the catalog under its own id
 * and becomes the model; its checkpoint format becomes the weights. */
static void
import_config(struct tui *t)
{
	struct gp_error err;

	if (t->s->model_config[0] == '\0' || strcmp(t->s->model_config, t->imported) == 0)
		return;
	snprintf(t->imported, sizeof t->imported, "%s", t->s->model_config);
	if (hfimport_into(t->cat, t->s, t->s->model_config, HFIMPORT_REUSE_ID, &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return;
	}
	set_status(t, false, "imported %s as %s", t->s->model_config, t->s->model);
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
	if (m == NULL)
		gp_error_set(&t->plan_err, "model %s is not in the catalog", t->s->model);
	else if (g == NULL)
		gp_error_set(&t->plan_err, "GPU %s is not in the catalog", t->s->gpu);
	else
		t->plan_ok = plan_compute(t->s, m, g, &t->plan, &t->plan_err) == 0;
}

/* The layout depends on the size and on how many GPUs get a bar. */
static void
relayout(struct tui *t)
{
	int gpus = t->plan_ok ? (int)(t->plan.layout.tp * t->plan.layout.pp) : 1;

	layout_compute(LINES, COLS, gpus > 1000 ? 1000 : gpus, &t->lay);
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

static void
draw(struct tui *t)
{
	char title[PATH_LEN + 32];
	struct view v = {
		t->cat, t->s, catalog_model(t->cat, t->s->model), catalog_gpu(t->cat, t->s->gpu),
		t->plan_ok ? &t->plan : NULL, t->plan_err.msg, t->focus, t->scroll,
		t->status[0] ? t->status : NULL, t->status_error,
		t->overlay == OV_EDIT || t->overlay == OV_CONFIRM_QUIT ? t->prompt : NULL,
		NULL,
	};

	snprintf(title, sizeof title, "%s%s%s", t->file[0] ? base_name(t->file) : "",
		 modified(t) ? (t->file[0] ? " [modified]" : "[modified]") : "",
		 t->pinned ? " [A pinned]" : "");
	v.tag = title;
	if (t->lay.too_small) {
		draw_too_small(&t->theme, LINES, COLS);
	} else {
		draw_screen(&t->theme, &t->lay, &v);
		if (t->overlay == OV_HELP)
			draw_help(&t->theme, LINES, COLS);
		else if (t->overlay == OV_EXPLAIN)
			draw_explain(&t->theme, LINES, COLS, &v);
		else if (t->overlay == OV_PICKER)
			draw_picker(&t->theme, LINES, COLS, &t->picker);
		else if (t->overlay == OV_COMPARE && t->plan_ok)
			draw_compare(&t->theme, LINES, COLS, t->overlay_text, &t->pin_p.mem,
				     &t->plan.mem);
		else if (t->overlay == OV_TIERS)
			draw_text(&t->theme, LINES, COLS, "traffic tiers and demand (any key closes)",
				  t->overlay_text);
		else if (t->overlay == OV_EXPORT)
			draw_text(&t->theme, LINES, COLS,
				  "export (Tab: next format, w: write to a file, Esc: close)",
				  t->overlay_text);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void
open_option_picker(struct tui *t, const char *option, const char *filter)
{
	const struct option_def *o = scenario_option(option);
	struct picker *pk = &t->picker;
	char current[64];
	size_t match[PICKER_MAX], n;

	memset(pk, 0, sizeof *pk);
	pk->items = t->picker_ids;
	pk->labels = t->picker_labels;
	if (strcmp(option, "model") == 0) {
		pk->title = "model (type to search, Enter picks, Esc cancels)";
		for (size_t i = 0; i < t->cat->n_models && pk->n < PICKER_MAX; i++, pk->n++) {
			t->picker_ids[pk->n] = t->cat->models[i].id;
			t->picker_labels[pk->n] = t->cat->models[i].name;
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
	if (scenfile_load(path, &s, &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	*t->s = s;
	t->saved = s;
	snprintf(t->file, sizeof t->file, "%.*s", (int)sizeof t->file - 1, path);
	set_status(t, false, "opened %s", path);
	return H_REPLAN;
}

/* Enter on a "find cheapest" row: its choices go into the form. */
static int
load_fit_row(struct tui *t, size_t i)
{
	const struct fit_candidate *x = &t->fit.items[i];

	snprintf(t->s->gpu, sizeof t->s->gpu, "%s", t->cat->gpus[x->gpu].id);
	t->s->weights = x->weights;
	t->s->kv = x->kv;
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
	size_t len = strlen(pk->filter);
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
			t->s->model_config[0] = '\0';	/* a catalog model now */
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

	snprintf(t->prompt, sizeof t->prompt, "%s (Enter, Esc cancels): %s_", what, t->edit);
}

static void
start_edit(struct tui *t, enum edit_purpose purpose, const char *initial)
{
	t->edit_purpose = purpose;
	snprintf(t->edit, sizeof t->edit, "%.*s", (int)sizeof t->edit - 1, initial);
	t->overlay = OV_EDIT;
	update_prompt(t);
}

/* "name" saves under the scenarios directory as name.ini; a path with a
 * slash is taken as it is. */
static int
save_scenario(struct tui *t, const char *name)
{
	char path[PATH_LEN * 3];
	struct gp_error err;
	size_t len = strlen(name);

	if (len == 0) {
		set_status(t, true, "no name given; nothing saved");
		return H_REDRAW;
	}
	if (strchr(name, '/') != NULL)
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "%s/%s%s", t->dir, name,
			 len > 4 && strcmp(name + len - 4, ".ini") == 0 ? "" : ".ini");
	if (atomic_make_parents(path, &err) != 0 || scenfile_save(path, t->s, &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	t->saved = *t->s;
	snprintf(t->file, sizeof t->file, "%.*s", (int)sizeof t->file - 1, path);
	set_status(t, false, "saved %s", path);
	return H_REDRAW;
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

static void
fill_export(FILE *f, struct tui *t)
{
	struct report_input r = {t->s, catalog_model(t->cat, t->s->model),
				 catalog_gpu(t->cat, t->s->gpu), &t->plan};

	/* the engines' launch lines, then the Markdown report */
	if ((size_t)t->export_kind == export_count())
		report_write(f, REPORT_MARKDOWN, &r);
	else
		export_write(f, export_engine((size_t)t->export_kind), &r);
}

static void
fill_compare(FILE *f, struct tui *t)
{
	struct report_input in[2] = {
		{&t->pin_s, catalog_model(t->cat, t->pin_s.model), catalog_gpu(t->cat, t->pin_s.gpu),
		 &t->pin_p},
		{t->s, catalog_model(t->cat, t->s->model), catalog_gpu(t->cat, t->s->gpu), &t->plan},
	};
	const char *names[2] = {"pinned", "now"};

	compare_write(f, REPORT_TEXT, in, names, 2);
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
	return H_REDRAW;
}

static int
write_export(struct tui *t, const char *path)
{
	struct gp_error err;

	if (t->overlay_text == NULL || *path == '\0')
		return H_REDRAW;
	if (atomic_make_parents(path, &err) != 0 ||
	    atomic_write(path, t->overlay_text, strlen(t->overlay_text), &err) != 0) {
		set_status(t, true, "%s", err.msg);
		return H_REDRAW;
	}
	set_status(t, false, "wrote %s", path);
	return H_REDRAW;
}

static int
edit_key(struct tui *t, int ch)
{
	size_t len = strlen(t->edit);
	struct gp_error err;

	switch (ch) {
	case 27:
		t->overlay = t->edit_purpose == EDIT_EXPORT ? OV_EXPORT : OV_NONE;
		t->quit_after_save = false;
		return H_REDRAW;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			t->edit[len - 1] = '\0';
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->overlay = OV_NONE;
		if (t->edit_purpose == EDIT_SAVE) {
			int flags = save_scenario(t, t->edit);
			bool quit = t->quit_after_save && !modified(t);

			t->quit_after_save = false;
			return quit ? H_QUIT : flags;
		}
		if (t->edit_purpose == EDIT_EXPORT)
			return write_export(t, t->edit);
		if (scenario_set(t->s, form_row(t->s, t->focus)->option, t->edit, &err) != 0) {
			set_status(t, true, "%s", err.msg);
			return H_REDRAW;
		}
		return H_REPLAN;
	default:
		if (ch >= 32 && ch < 127 && len + 1 < sizeof t->edit) {
			t->edit[len] = (char)ch;
			t->edit[len + 1] = '\0';
		}
		break;
	}
	update_prompt(t);
	return H_REDRAW;
}

static int quit_key(struct tui *t, int arg);

static int
export_key(struct tui *t, int ch)
{
	char path[PATH_LEN * 2], name[256];
	int kinds;

	switch (ch) {
	case '\t':
	case KEY_RIGHT:
	case KEY_BTAB:
	case KEY_LEFT:
		kinds = (int)export_count() + 1;
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
		else
			snprintf(path, sizeof path, "%s/%s.md", t->dir, name);
		start_edit(t, EDIT_EXPORT, path);
		return H_REDRAW;
	default:
		t->overlay = OV_NONE;
		return ch == 'q' ? quit_key(t, 0) : H_REDRAW;
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

static int
mouse_key(struct tui *t, int arg)
{
	MEVENT ev;
	size_t row;

	(void)arg;
	if (getmouse(&ev) != OK || t->lay.too_small)
		return H_NONE;
	if (ev.x >= t->lay.form.w || ev.y < t->lay.form.y || ev.y >= t->lay.form.y + t->lay.form.h)
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
	t->overlay = OV_CONFIRM_QUIT;
	snprintf(t->prompt, sizeof t->prompt,
		 "Unsaved changes. y quits without saving, s saves first, any other key goes back");
	return H_REDRAW;
}

static int
move_key(struct tui *t, int dir)
{
	t->focus = form_next_field(t->s, t->focus, dir);
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

static int
pin_key(struct tui *t, int arg)
{
	(void)arg;
	if (t->pinned) {
		t->pinned = false;
		set_status(t, false, "unpinned");
	} else if (t->plan_ok) {
		t->pinned = true;
		t->pin_s = *t->s;
		t->pin_p = t->plan;
		set_status(t, false, "pinned as A: change inputs, c compares, p unpins");
	}
	return H_REDRAW;
}

static int
compare_key(struct tui *t, int arg)
{
	(void)arg;
	if (!t->pinned) {
		set_status(t, true, "nothing pinned: p pins the current plan as A");
		return H_REDRAW;
	}
	if (!t->plan_ok) {
		set_status(t, true, "no plan to compare: %s", t->plan_err.msg);
		return H_REDRAW;
	}
	return show_overlay(t, OV_COMPARE, fill_compare);
}

static int
export_open_key(struct tui *t, int arg)
{
	(void)arg;
	return t->plan_ok ? show_overlay(t, OV_EXPORT, fill_export) : H_NONE;
}

static int
explain_key(struct tui *t, int arg)
{
	(void)arg;
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
	return show_overlay(t, OV_HELP, NULL);
}

static int
reset_key(struct tui *t, int arg)
{
	(void)arg;
	*t->s = t->initial;
	set_status(t, false, "back to the starting scenario");
	return H_REPLAN;
}

static int
resize_key(struct tui *t, int arg)
{
	(void)t;
	(void)arg;
	return H_REDRAW;	/* the loop has laid the screen out again */
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
	[KA_STEP] = step,
	[KA_EDIT] = edit_value_key,
	[KA_SEARCH] = search_key,
	[KA_MOE] = moe_key,
	[KA_EXPLAIN] = explain_key,
	[KA_SAVE] = save_key,
	[KA_OPEN] = open_file_picker,
	[KA_FIT] = open_fit,
	[KA_TIERS] = tiers_key,
	[KA_PIN] = pin_key,
	[KA_COMPARE] = compare_key,
	[KA_EXPORT] = export_open_key,
	[KA_RESET] = reset_key,
	[KA_REDRAW] = redraw_key,
	[KA_HELP] = help_key,
	[KA_MOUSE] = mouse_key,
	[KA_RESIZE] = resize_key,
};

static int
handle_key(struct tui *t, int ch)
{
	const struct key_binding *b;

	switch (t->overlay) {
	case OV_PICKER:
		return picker_key(t, ch);
	case OV_EDIT:
		return edit_key(t, ch);
	case OV_EXPORT:
		return export_key(t, ch);
	case OV_CONFIRM_QUIT:
		t->overlay = OV_NONE;
		if (ch == 'y' || ch == 'Y')
			return H_QUIT;
		if (ch == 's' || ch == 'S') {
			t->quit_after_save = true;
			start_edit(t, EDIT_SAVE, t->file[0] ? t->file : "");
		}
		return H_REDRAW;
	case OV_HELP:
	case OV_EXPLAIN:
	case OV_COMPARE:
	case OV_TIERS:
		t->overlay = OV_NONE;
		return ch == 'q' ? quit_key(t, 0) : H_REDRAW;
	default:
		break;
	}
	t->status[0] = '\0';
	b = keys_lookup(ch);
	if (b == NULL || key_actions[b->action] == NULL)
		return H_NONE;
	return key_actions[b->action](t, b->arg);
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

int
tui_run(struct catalog *c, struct scenario *s, const struct tui_options *o)
{
	static struct tui t;	/* large; one screen per process */
	struct sigaction sa;
	SCREEN *scr;
	const char *nc = getenv("NO_COLOR");

	memset(&t, 0, sizeof t);
	t.cat = c;
	t.s = s;
	t.initial = *s;
	t.saved = *s;
	/* the command line already imported its config.json */
	snprintf(t.imported, sizeof t.imported, "%s", s->model_config);
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
	curs_set(0);
	timeout(200);
	/* Clicks only where the terminal reports them itself (kmous); on
	 * the Linux console ncurses goes through libgpm instead, which
	 * leaks and is rarely there over SSH. */
	{
		const char *kmous = tigetstr("kmous"), *term = getenv("TERM");

		if (kmous != NULL && kmous != (char *)-1 &&
		    (term == NULL || strncmp(term, "linux", 5) != 0))
			mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	}
	theme_init(&t.theme, !o->no_color && (nc == NULL || *nc == '\0'),
		   !o->ascii && locale_is_utf8());
	replan(&t);
	relayout(&t);
	scroll_to_focus(&t);
	draw(&t);

	while (!quit_signal) {
		int ch = getch(), flags;

		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE)
			relayout(&t);
		if (t.lay.too_small && ch != KEY_RESIZE) {
			/* nothing can be asked on this screen: quit only when
			 * nothing would be lost */
			const struct key_binding *b = keys_lookup(ch);

			if (b != NULL && b->action == KA_QUIT && !modified(&t))
				break;
			continue;
		}
		flags = handle_key(&t, ch);
		if (flags & H_QUIT)
			break;
		if (flags & H_REPLAN) {
			import_config(&t);
			replan(&t);
			relayout(&t);
		}
		if (flags & (H_REPLAN | H_REDRAW)) {
			scroll_to_focus(&t);
			draw(&t);
		}
	}
	restore_terminal();
	delscreen(scr);
	set_overlay_text(&t, NULL);
	fit_free(&t.fit);
	return quit_signal == SIGINT || quit_signal == 0 ? 0 : 128 + quit_signal;
}
