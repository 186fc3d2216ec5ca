/* ini.c - iniparser behind a quiet, line-aware interface. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catload.h"
#include "ini.h"

/* iniparser reports syntax errors through one process-wide callback
 * with no user pointer; this buffer keeps the latest so that nothing
 * is printed while the screen is up. */
static char ini_error[256];

static int
ini_error_cb(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
ini_error_cb(const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t i;

	va_start(ap, fmt);
	n = vsnprintf(ini_error, sizeof ini_error, fmt, ap);
	va_end(ap);
	/* one line: iniparser adds the offending line after a newline */
	for (i = 0; ini_error[i]; i++) {
		if (ini_error[i] == '\n') {
			ini_error[i] = '\0';
			break;
		}
	}
	return n;
}

int
ini_open(struct ini_file *f, const char *path, size_t max, struct gp_error *err)
{
	size_t len;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->text = catalog_read_file(path, max, &len, err);
	if (f->text == NULL)
		return -1;
	if (strlen(f->text) != len) {
		ini_close(f);
		return gp_error_set(err, "%s: binary data (a NUL byte), not an INI file", path);
	}
	ini_error[0] = '\0';
	/* iniparser's prototype has no format attribute to match ours */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-format-attribute"
	iniparser_set_error_callback(ini_error_cb);
#pragma GCC diagnostic pop
	f->d = iniparser_load(path);
	if (f->d == NULL || ini_error[0] != '\0') {
		gp_error_set(err, "%s: %s", path, ini_error[0] ? ini_error : "cannot be parsed as INI");
		ini_close(f);
		return -1;
	}
	return 0;
}

void
ini_close(struct ini_file *f)
{
	if (f->d != NULL)
		iniparser_freedict(f->d);
	free(f->text);
	f->d = NULL;
	f->text = NULL;
}

/* The line of "key" inside "[section]", or of the section itself when
 * key is empty; 0 when not found. */
static int
line_of(const char *text, const char *section, const char *key)
{
	size_t klen = strlen(key), slen = strlen(section);
	bool in = false;
	int line = 1;

	for (const char *p = text; p != NULL && *p; line++) {
		const char *q = p;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '[') {
			in = strncasecmp(q + 1, section, slen) == 0 && q[1 + slen] == ']';
			if (in && klen == 0)
				return line;
		} else if (in && klen > 0 && strncasecmp(q, key, klen) == 0 &&
			   strchr(" \t=:", q[klen]) != NULL) {
			return line;
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return 0;
}

int
ini_fail(const struct ini_file *f, struct gp_error *err, const char *section,
	 const char *key, const char *fmt, ...)
{
	char msg[GP_ERROR_LEN];
	int line = f->text ? line_of(f->text, section, key) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		return gp_error_set(err, "%s:%d: [%s]%s%s: %s", f->path, line, section,
				    *key ? " " : "", key, msg);
	return gp_error_set(err, "%s: [%s]%s%s: %s", f->path, section, *key ? " " : "", key, msg);
}
