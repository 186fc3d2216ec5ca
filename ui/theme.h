/* theme.h - colours by role and the glyphs that keep bar segments apart
 * without colour (htop CRT.c style). */
#ifndef GPUPLAN_THEME_H
#define GPUPLAN_THEME_H

#include <stdbool.h>

enum role {
	R_NORMAL, R_TITLE, R_HEADER, R_FOCUS, R_DIM,
	R_WEIGHTS, R_KV, R_ACT, R_OVERHEAD, R_FREE, R_OVER,
	R_ERROR, R_WARNING, R_INFO, R_GOOD,
	R_COUNT
};

/* Bar segments, in drawing order. */
enum segment { SEG_WEIGHTS, SEG_KV, SEG_ACT, SEG_OVERHEAD, SEG_FREE, SEG_OVER,
	       SEG_COUNT };

struct theme {
	bool color;
	bool utf8;
	int attr[R_COUNT];		/* curses attributes per role */
	const char *glyph[SEG_COUNT];	/* one cell of each segment */
};

/* Call after initscr(); decides colour from the terminal and the
 * options (NO_COLOR, --no-color) and glyphs from the locale (--ascii). */
void theme_init(struct theme *t, bool want_color, bool want_utf8);

enum role segment_role(enum segment s);

#endif
