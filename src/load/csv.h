/* csv.h - a small RFC 4180 reader: comma-separated fields, quoted
 * fields holding commas, line breaks and doubled quotes, CRLF or LF. */
#ifndef GPUPLAN_CSV_H
#define GPUPLAN_CSV_H

#include <stddef.h>

#include "error.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_RECORD 8192

struct csv {
	const char *p, *end;
	unsigned long line;		/* the next record's first line */
};

void csv_open(struct csv *r, const char *text, size_t len);

/* The next record: its fields NUL-terminated in buf, pointed at by
 * fields[], their count returned, *line the record's first line.
 * 0 at the end of the text; -1 for a record that cannot be read (an
 * unterminated quote, text after a closing quote, too many fields or
 * bytes), explained in err and skipped, so the next call goes on. */
int csv_record(struct csv *r, char *buf, char **fields, unsigned long *line,
	       struct gp_error *err);

/* Whether s is well-formed UTF-8 (no overlongs, no surrogates). */
int csv_utf8_valid(const char *s);

#endif
