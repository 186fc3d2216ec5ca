/* theme.c - colour pairs and glyphs. */
#include "config.h"

#ifdef HAVE_NCURSESW_CURSES_H
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#include "theme.h"

static const char *const utf8_glyphs[SEG_COUNT] = {
	"\u2588", "\u2593", "\u2592", "\u2591", "\u00b7", "!",
};
static const char *const ascii_glyphs[SEG_COUNT] = {"#", "=", "+", "-", ".", "!"};

enum role
segment_role(enum segment s)
{
	static const enum role roles[SEG_COUNT] = {R_WEIGHTS, R_KV, R_ACT, R_OVERHEAD,
						   R_FREE, R_OVER};

	return roles[s];
}

void
theme_init(struct theme *t, bool want_color, bool want_utf8)
{
	static const struct {
		enum role role;
		short fg;
	} pairs[] = {
		{R_WEIGHTS, COLOR_BLUE}, {R_KV, COLOR_MAGENTA}, {R_ACT, COLOR_YELLOW},
		{R_OVERHEAD, COLOR_CYAN}, {R_FREE, COLOR_GREEN}, {R_OVER, COLOR_RED},
		{R_ERROR, COLOR_RED}, {R_WARNING, COLOR_YELLOW}, {R_INFO, COLOR_CYAN},
		{R_GOOD, COLOR_GREEN}, {R_HEADER, COLOR_CYAN},
	};

	t->utf8 = want_utf8;
	for (int s = 0; s < SEG_COUNT; s++)
		t->glyph[s] = want_utf8 ? utf8_glyphs[s] : ascii_glyphs[s];
	t->color = want_color && has_colors();
	for (int r = 0; r < R_COUNT; r++)
		t->attr[r] = A_NORMAL;
	t->attr[R_TITLE] = A_REVERSE | A_BOLD;
	t->attr[R_HEADER] = A_BOLD;
	t->attr[R_FOCUS] = A_REVERSE;
	t->attr[R_DIM] = A_DIM;
	t->attr[R_ERROR] = A_BOLD;
	t->attr[R_OVER] = A_BOLD;
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		init_pair((short)(i + 1), pairs[i].fg, -1);
		t->attr[pairs[i].role] |= (int)COLOR_PAIR(i + 1);
	}
}
