/* tui.h - the interactive planner. */
#ifndef GPUPLAN_TUI_H
#define GPUPLAN_TUI_H

#include <stdbool.h>

#include "catalog.h"
#include "scenario.h"

struct tui_options {
	bool no_color;
	bool ascii;
	const char *scenario_file;	/* opened with --scenario, or NULL */
};

/* Whether the terminal can host the screen; when not, why (for a
 * one-line message). */
bool tui_available(const char **why);

/* Runs until the user quits; returns the exit status. A config.json
 * typed into the form is imported into c. */
int tui_run(struct catalog *c, struct scenario *s,
	    const struct tui_options *o);

#endif
