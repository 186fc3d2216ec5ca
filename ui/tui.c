/* tui.c - the interactive planner (the screen arrives with issue 3;
 * until then the terminal gets the text plan). */
#include <stdbool.h>

#include "tui.h"

bool
tui_available(const char **why)
{
	*why = "the interactive screen is not built yet";
	return false;
}

int
tui_run(const struct catalog *c, struct scenario *s, const struct tui_options *o)
{
	(void)c;
	(void)s;
	(void)o;
	return 2;
}
