/* error.c - formatting of core errors. */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int
gp_error_set(struct gp_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}
