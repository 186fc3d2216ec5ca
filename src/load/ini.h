/* ini.h - reading INI files (scenarios, the user configuration) with
 * iniparser, with messages that name the file, line and key. */
#ifndef GPUPLAN_INI_H
#define GPUPLAN_INI_H

#include <stddef.h>

#include "config.h"
#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "error.h"

struct ini_file {
	const char *path;
	char *text;		/* the file, for line numbers */
	dictionary *d;
};

/* Reads and parses path (at most max bytes); a syntax error is an
 * error, not a message on stderr. */
int ini_open(struct ini_file *f, const char *path, size_t max, struct gp_error *err);
void ini_close(struct ini_file *f);

/* "path:line: [section] key: reason"; returns -1. */
int ini_fail(const struct ini_file *f, struct gp_error *err, const char *section,
	     const char *key, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
