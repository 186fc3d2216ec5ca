/* keys.c - the main screen's key bindings and the texts made from them.
 * Overlays (pickers, prompts, export) read their few keys themselves;
 * the help mentions those inside a binding's line ("w writes it"). */
#include "config.h"

#include <stdio.h>
#include <string.h>

/* for the KEY_* constants only */
#ifdef HAVE_NCURSESW_CURSES_H
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#include "keys.h"

#define CTRL_L 12

/* In help order. The help overlay shows 20 lines at 80x24, so some
 * bindings share a line (KB_JOIN) or are left to the man page. */
const struct key_binding keys_table[] = {
	{.keys = {KEY_UP, 'k', KEY_BTAB}, .names = "up/down, k/j, Tab/S-Tab",
	 .help = "move between fields", .hint = "up/down move", .rank = 14,
	 .graph_hint = "up/down context", .action = KA_MOVE, .arg = -1},
	{.keys = {KEY_DOWN, 'j', '\t'}, .action = KA_MOVE, .arg = 1},
	{.keys = {KEY_LEFT, 'h', '-', '_'}, .names = "left/right, h/l, -/+",
	 .help = "change the value (counts double)", .hint = "left/right change", .rank = 15,
	 .graph_hint = "left/right batch", .action = KA_STEP, .arg = -1},
	{.keys = {KEY_RIGHT, 'l', '+', '='}, .action = KA_STEP, .arg = 1},
	{.keys = {KEY_HOME}, .names = "Home/End", .help = "first/last field",
	 .action = KA_ENDS, .arg = -1},
	{.keys = {KEY_END}, .action = KA_ENDS, .arg = 1},
	/* vi's [[ and ]] go by sections; g is the graph's */
	{.keys = {'['}, .names = "[/]", .help = "previous/next section", .flags = KB_JOIN,
	 .action = KA_SECTION, .arg = -1},
	{.keys = {']'}, .action = KA_SECTION, .arg = 1},
	{.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter",
	 .help = "type (8k, 1m) or pick a value", .hint = "Enter edit", .rank = 10,
	 .action = KA_EDIT},
	{.keys = {'/'}, .names = "/", .help = "search the model or GPU list",
	 .hint = "/ search", .rank = 12, .action = KA_SEARCH},
	{.keys = {'m', 'M'}, .names = "m", .help = "MoE on/off (off: sized as dense)",
	 .hint = "m MoE", .rank = 13, .action = KA_MOE},
	{.keys = {'x', 'X'}, .names = "x", .help = "explain the numbers (formulas)",
	 .hint = "x explain", .rank = 11, .action = KA_EXPLAIN},
	{.keys = {'g'}, .names = "g", .help = "plot speed and memory (graph)",
	 .hint = "g graph", .rank = 8, .flags = KB_JOIN, .action = KA_GRAPH},
	{.keys = {'G'}, .names = "G", .help = "graph as a pane (120+ columns)", .flags = KB_JOIN,
	 .action = KA_GRAPH_PANE},
	{.keys = {'w', 'W'}, .names = "w, PgUp/PgDn", .help = "scroll the warnings (w: up/down)",
	 .action = KA_WARNINGS},
	{.keys = {KEY_PPAGE}, .action = KA_PAGE, .arg = -1},
	{.keys = {KEY_NPAGE}, .action = KA_PAGE, .arg = 1},
	{.keys = {'s', 'S'}, .names = "s", .help = "save", .hint = "s save", .rank = 1,
	 .action = KA_SAVE},
	{.keys = {'o', 'O'}, .names = "o", .help = "open a scenario file", .hint = "o open",
	 .rank = 2, .flags = KB_JOIN, .action = KA_OPEN},
	{.keys = {'f', 'F'}, .names = "f", .help = "find the cheapest plans", .hint = "f fit",
	 .rank = 6, .action = KA_FIT},
	{.keys = {'t', 'T'}, .names = "t", .help = "tiers", .hint = "t tiers", .rank = 7,
	 .flags = KB_JOIN, .action = KA_TIERS},
	{.keys = {'a'}, .names = "a/A", .help = "load what would fit", .flags = KB_JOIN,
	 .action = KA_HINT, .arg = 0},
	{.keys = {'A'}, .action = KA_HINT, .arg = 1},
	{.keys = {'p'}, .names = "p/P", .help = "pin as A, B, C / unpin all",
	 .hint = "p pin", .rank = 3, .action = KA_PIN},
	{.keys = {'P'}, .action = KA_PIN, .arg = 1},
	{.keys = {'c', 'C'}, .names = "c", .help = "compare with the pins, or close",
	 .hint = "c compare", .rank = 4, .flags = KB_NOHELP, .action = KA_COMPARE},
	{.keys = {'e', 'E'}, .names = "e",
	 .help = "export: launch, k8s, Markdown", .hint = "e export", .rank = 5,
	 .action = KA_EXPORT},
	{.keys = {'r'}, .names = "r", .help = "back to the starting scenario (asks)",
	 .action = KA_RESET},
	{.keys = {'u'}, .names = "u", .help = "undo the last change", .hint = "u undo",
	 .rank = 9, .flags = KB_JOIN, .graph_hint = "u undo", .action = KA_UNDO},
	{.keys = {CTRL_L}, .names = "Ctrl-L", .help = "redraw the whole screen",
	 .flags = KB_NOHELP, .action = KA_REDRAW},
	{.keys = {'?', KEY_F(1)}, .names = "?, F1", .help = "this help (any key closes it)",
	 .action = KA_HELP},
	/* Ctrl-C is SIGINT, which the loop handles */
	{.keys = {'q', 'Q', KEY_F(10)}, .names = "q, F10, Ctrl-C",
	 .help = "quit (asks if unsaved)", .graph_hint = "Esc/q/g close", .action = KA_QUIT},
	{.keys = {KEY_MOUSE}, .action = KA_MOUSE},
};
const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

const struct key_binding *
keys_lookup(int ch)
{
	for (size_t i = 0; i < keys_count; i++) {
		for (size_t k = 0; k < KEYS_CODES && keys_table[i].keys[k] != 0; k++) {
			if (keys_table[i].keys[k] == ch)
				return &keys_table[i];
		}
	}
	return NULL;
}

/* How much of p goes on a line of w columns: up to the last space that
 * fits, or w when no word break fits. */
static size_t
line_cut(const char *p, size_t w)
{
	size_t n = strlen(p);

	if (n <= w)
		return n;
	for (n = w; n > 0 && p[n] != ' '; n--)
		;
	return n > 0 ? n : w;
}

/* One help entry (names and help, joined bindings included) as lines. */
static size_t
help_entry(char out[][KEYS_LINE], size_t max, const char *names, const char *help,
	   size_t cols)
{
	size_t n = 0;

	for (const char *p = help; *p != '\0' && n < max; n++) {
		size_t cut = line_cut(p, cols);

		snprintf(out[n], KEYS_LINE, "%-*s%.*s", KEYS_NAME_COLS, n == 0 ? names : "",
			 (int)cut, p);
		p += cut;
		p += strspn(p, " ");
	}
	return n;
}

size_t
keys_help(char out[][KEYS_LINE], size_t max, int help_cols)
{
	char names[KEYS_LINE], help[2 * KEYS_LINE];
	size_t n = 0, cols = help_cols < 12 ? 12 : help_cols > KEYS_HELP_COLS ? KEYS_HELP_COLS :
			    (size_t)help_cols;

	names[0] = '\0';
	for (size_t i = 0; i <= keys_count; i++) {
		const struct key_binding *b = i < keys_count ? &keys_table[i] : NULL;

		if (b != NULL && (b->names == NULL || (b->flags & KB_NOHELP)))
			continue;
		if (b != NULL && (b->flags & KB_JOIN) && names[0] != '\0') {
			snprintf(names + strlen(names), sizeof names - strlen(names), " / %s",
				 b->names);
			snprintf(help + strlen(help), sizeof help - strlen(help), " / %s", b->help);
			continue;
		}
		if (names[0] != '\0')
			n += help_entry(out + n, max - n, names, help, cols);
		if (b != NULL) {
			snprintf(names, sizeof names, "%s", b->names);
			snprintf(help, sizeof help, "%s", b->help);
		}
	}
	return n;
}

/* The binding whose hint comes at place k of the footer, or NULL. */
static const char *
nth_hint(size_t k, bool graph)
{
	for (size_t i = 0; i < keys_count; i++) {
		if (graph && keys_table[i].graph_hint != NULL && k-- == 0)
			return keys_table[i].graph_hint;
		if (!graph && keys_table[i].hint != NULL && keys_table[i].rank == (int)k + 1)
			return keys_table[i].hint;
	}
	return NULL;
}

void
keys_hints(char *buf, size_t len, int width, bool graph)
{
	const char *h;
	size_t used = 0;

	buf[0] = '\0';
	/* in order, while the next one fits: a narrow footer keeps the first */
	for (size_t k = 0; (h = nth_hint(k, graph)) != NULL; k++) {
		if (used + (used ? 2 : 0) + strlen(h) > (size_t)width || used + 2 + strlen(h) >= len)
			return;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "  " : "", h);
	}
}
