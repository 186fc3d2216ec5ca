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
	 .help = "move between fields", .hint = "up/down move", .action = KA_MOVE, .arg = -1},
	{.keys = {KEY_DOWN, 'j', '\t'}, .action = KA_MOVE, .arg = 1},
	{.keys = {KEY_LEFT, 'h', '-', '_'}, .names = "left/right, h/l, -/+",
	 .help = "change the value (token counts and batch double or halve)",
	 .hint = "left/right or +/- change", .action = KA_STEP, .arg = -1},
	{.keys = {KEY_RIGHT, 'l', '+', '='}, .action = KA_STEP, .arg = 1},
	{.keys = {'\n', '\r', KEY_ENTER}, .names = "Enter",
	 .help = "type a value (8k, 1m) or pick from a list (model, GPU, ...)",
	 .hint = "Enter edit", .action = KA_EDIT},
	{.keys = {'/'}, .names = "/", .help = "search the model or GPU list",
	 .hint = "/ search", .action = KA_SEARCH},
	{.keys = {'m', 'M'}, .names = "m", .help = "MoE on/off (off: sized as dense)",
	 .hint = "m MoE", .action = KA_MOE},
	{.keys = {'x', 'X'}, .names = "x",
	 .help = "explain the numbers: formulas with this scenario's values",
	 .hint = "x explain", .action = KA_EXPLAIN},
	{.keys = {'s', 'S'}, .names = "s", .help = "save", .action = KA_SAVE},
	{.keys = {'o', 'O'}, .names = "o", .help = "open a scenario file", .flags = KB_JOIN,
	 .action = KA_OPEN},
	{.keys = {'f', 'F'}, .names = "f", .help = "find the cheapest plans", .action = KA_FIT},
	{.keys = {'t', 'T'}, .names = "t", .help = "tiers", .flags = KB_JOIN,
	 .action = KA_TIERS},
	{.keys = {'p', 'P'}, .names = "p", .help = "pin this plan as A; c compares",
	 .action = KA_PIN},
	{.keys = {'c', 'C'}, .names = "c", .help = "compare this plan with A",
	 .flags = KB_NOHELP, .action = KA_COMPARE},
	{.keys = {'e', 'E'}, .names = "e",
	 .help = "export: engine launch lines, Markdown report; w writes it",
	 .action = KA_EXPORT},
	{.keys = {'r'}, .names = "r", .help = "back to the starting scenario", .action = KA_RESET},
	{.keys = {CTRL_L}, .names = "Ctrl-L", .help = "redraw the whole screen",
	 .flags = KB_NOHELP, .action = KA_REDRAW},
	{.keys = {'?'}, .names = "?", .help = "this help (any key closes it)", .action = KA_HELP},
	/* Ctrl-C is SIGINT, which the loop handles */
	{.keys = {'q', 'Q'}, .names = "q, Ctrl-C", .help = "quit (asks if unsaved)",
	 .action = KA_QUIT},
	{.keys = {KEY_MOUSE}, .action = KA_MOUSE},
	{.keys = {KEY_RESIZE}, .action = KA_RESIZE},
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
help_entry(char out[][KEYS_LINE], size_t max, const char *names, const char *help)
{
	size_t n = 0;

	for (const char *p = help; *p != '\0' && n < max; n++) {
		size_t cut = line_cut(p, KEYS_HELP_COLS);

		snprintf(out[n], KEYS_LINE, "%-*s%.*s", KEYS_NAME_COLS, n == 0 ? names : "",
			 (int)cut, p);
		p += cut;
		p += strspn(p, " ");
	}
	return n;
}

size_t
keys_help(char out[][KEYS_LINE], size_t max)
{
	char names[KEYS_LINE], help[2 * KEYS_LINE];
	size_t n = 0;

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
			n += help_entry(out + n, max - n, names, help);
		if (b != NULL) {
			snprintf(names, sizeof names, "%s", b->names);
			snprintf(help, sizeof help, "%s", b->help);
		}
	}
	return n;
}

void
keys_hints(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < keys_count && used < len; i++) {
		if (keys_table[i].hint != NULL)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "  " : "",
						 keys_table[i].hint);
	}
}
