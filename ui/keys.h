/* keys.h - the screen's key bindings: one table that dispatch, the help
 * overlay, the footer hints and `gpuplan keys` all read (htop's
 * Action_setBindings and helpLeft[]/helpRight[] in one). No curses
 * calls, so the CLI lists the keys without starting a screen. */
#ifndef GPUPLAN_KEYS_H
#define GPUPLAN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* What a binding does; tui.c maps each to its handler. */
enum key_action {
	KA_QUIT,
	KA_MOVE,		/* arg: -1 up, 1 down */
	KA_ENDS,		/* arg: -1 the first field, 1 the last */
	KA_SECTION,		/* arg: -1 this or the previous section, 1 the next */
	KA_STEP,		/* arg: -1 smaller, 1 larger */
	KA_EDIT,
	KA_SEARCH,
	KA_MOE,
	KA_EXPLAIN,
	KA_GRAPH,		/* the graph view */
	KA_GRAPH_PANE,		/* the graph as a pane, or not */
	KA_SAVE,
	KA_OPEN,
	KA_FIT,
	KA_TIERS,
	KA_PIN,
	KA_COMPARE,
	KA_EXPORT,
	KA_RESET,
	KA_UNDO,
	KA_WARNINGS,		/* focus the warnings pane, or back */
	KA_PAGE,		/* arg: -1 PgUp, 1 PgDn: scroll the warnings */
	KA_HINT,		/* arg: which way of the "fits on" line */
	KA_REDRAW,
	KA_HELP,
	KA_MOUSE,
	KA_COUNT
};

#define KB_JOIN		0x1	/* help overlay: on the line before, " / " between */
#define KB_NOHELP	0x2	/* left off the help overlay (it must fit 80x24) */

#define KEYS_CODES	4	/* key codes a binding can have */

struct key_binding {
	int keys[KEYS_CODES];	/* curses key codes; unused ones are 0 */
	const char *names;	/* as the help, `gpuplan keys` and gpuplan(1)
				 * spell them; NULL: named by the binding before
				 * (the other direction), or not listed (mouse) */
	const char *help;	/* what it does, one line */
	const char *hint;	/* "KEY word" for the footer, or NULL */
	const char *graph_hint;	/* the same in the graph view, which shows
				 * them in table order; NULL: not there */
	int rank;		/* the footer's order: 1 first; a narrow one
				 * keeps the lowest ranks */
	unsigned flags;		/* KB_* */
	enum key_action action;
	int arg;		/* passed to the action: a direction */
};

extern const struct key_binding keys_table[];
extern const size_t keys_count;

/* The binding of key code ch, or NULL. */
const struct key_binding *keys_lookup(int ch);

/* The help overlay's lines: names in a column, help word-wrapped beside
 * them. Returns how many were written, at most max. */
#define KEYS_NAME_COLS	26
#define KEYS_HELP_COLS	32
#define KEYS_LINE	(KEYS_NAME_COLS + KEYS_HELP_COLS + 1)
#define KEYS_HELP_MAX	48
/* help_cols: the help column's width, at most KEYS_HELP_COLS (a narrow
 * box wraps it into more lines). */
size_t keys_help(char out[][KEYS_LINE], size_t max, int help_cols);

/* The footer: the hints by rank (graph: the graph view's, in table
 * order), two spaces apart, as many as fit in width columns. */
void keys_hints(char *buf, size_t len, int width, bool graph);

#endif
