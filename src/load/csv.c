/* csv.c - RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) records.
 * Written here rather than taken from a library: Debian's libcsv would
 * do, but it is one more build dependency for about a hundred lines,
 * and its callbacks would still need the line numbers kept here. */
#include <string.h>

#include "csv.h"

void
csv_open(struct csv *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	/* a UTF-8 byte order mark, as spreadsheets write */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

/* Past the rest of the physical line, for a record given up on. */
static void
skip_line(struct csv *r)
{
	while (r->p < r->end && *r->p != '\n')
		r->p++;
	if (r->p < r->end) {
		r->p++;
		r->line++;
	}
}

static int
bad(struct csv *r, struct gp_error *err, const char *why)
{
	gp_error_set(err, "%s", why);
	skip_line(r);
	return -1;
}

int
csv_record(struct csv *r, char *buf, char **fields, unsigned long *line,
	   struct gp_error *err)
{
	size_t n = 0;
	int nf = 0;

	if (r->p >= r->end)
		return 0;
	*line = r->line;
	for (;;) {
		if (nf >= CSV_MAX_FIELDS)
			return bad(r, err, "more than 64 fields");
		fields[nf++] = buf + n;
		if (r->p < r->end && *r->p == '"') {
			unsigned long opened = r->line;

			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					gp_error_set(err, "quote opened on line %lu never closed",
						     opened);
					return -1;
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end && r->p[1] == '"') {
						r->p++;		/* "" is one quote */
					} else {
						r->p++;
						break;
					}
				} else if (*r->p == '\n') {
					r->line++;
				}
				if (n + 1 >= CSV_MAX_RECORD)
					return bad(r, err, "record longer than 8192 bytes");
				buf[n++] = *r->p++;
			}
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			       !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
				if (n + 1 >= CSV_MAX_RECORD)
					return bad(r, err, "record longer than 8192 bytes");
				buf[n++] = *r->p++;
			}
		}
		buf[n++] = '\0';
		if (r->p >= r->end)
			return nf;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
			r->p++;
		if (*r->p == '\n') {
			r->p++;
			r->line++;
			return nf;
		}
		return bad(r, err, "text after a closing quote");
	}
}

int
csv_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, need, min, cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1, min = 0x80, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2, min = 0x800, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		p++;
		for (unsigned i = 0; i < need; i++, p++) {
			if ((*p & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (*p & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
	}
	return 1;
}
