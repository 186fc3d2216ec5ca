/* form.h - the rows of the input form and how a key changes a value.
 * Pure: no curses, so it is tested directly. */
#ifndef GPUPLAN_FORM_H
#define GPUPLAN_FORM_H

#include <stddef.h>

#include "catalog.h"
#include "scenario.h"

enum form_row_kind { FR_HEADER, FR_FIELD, FR_INFO };

struct form_row {
	enum form_row_kind kind;
	const char *label;
	const char *option;	/* scenario option name (FR_FIELD) */
};

/* The rows, derived from the options table (scenario_options[]): an
 * option with a form label is a field, an engine's knobs only under
 * that engine (its descriptor's list). */
size_t form_row_count(const struct scenario *s);
const struct form_row *form_row(const struct scenario *s, size_t i);

/* +1 / -1: the next value the way a planner thinks: token counts and
 * batch double, TP and PP double keeping the replicas, pickers move
 * through the catalog, choices cycle, switches flip. */
int form_step(struct scenario *s, const struct catalog *c, const char *option,
	      int dir, struct gp_error *err);

/* The value as the form shows it, e.g. "8k", "auto (2.69)". */
/* The layout the plan takes: auto TP within the GPU's node. */
int form_layout(const struct scenario *s, const struct catalog *c, struct layout *l,
		struct gp_error *err);
void form_value(const struct scenario *s, const struct catalog *c,
		const char *option, char *buf, size_t len);

/* Whether Enter opens a picker (a list) rather than a typed value. */
bool form_is_picker(const char *option);

/* Next/previous field row from row i (skipping headers and info); i
 * itself at the last (first) field: the form does not wrap. */
size_t form_next_field(const struct scenario *s, size_t i, int dir);
/* The first (dir < 0) or last (dir > 0) field. */
size_t form_edge_field(const struct scenario *s, int dir);
/* The first field of the next section (dir > 0), or of this one and,
 * from there, of the one before (dir < 0); i when there is none. */
size_t form_section_field(const struct scenario *s, size_t i, int dir);

#endif
