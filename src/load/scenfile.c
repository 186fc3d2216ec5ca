/* scenfile.c - loading and saving scenario files. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "ini.h"
#include "scenfile.h"

static bool
known_section(const char *sec)
{
	if (strcmp(sec, "gpuplan") == 0)
		return true;
	for (size_t i = 0; i < scenario_option_count; i++) {
		if (strcmp(scenario_options[i].section, sec) == 0)
			return true;
	}
	return false;
}

static int
check_keys(const struct ini_file *f, struct gp_error *err)
{
	int nsec = iniparser_getnsec(f->d);

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(f->d, i);
		int nkeys = iniparser_getsecnkeys(f->d, sec);
		const char *keys[64];

		if (!known_section(sec))
			return ini_fail(f, err, sec, "", "unknown section");
		if (nkeys > 64)
			return ini_fail(f, err, sec, "", "too many keys");
		if (nkeys <= 0 || iniparser_getseckeys(f->d, sec, keys) == NULL)
			continue;
		for (int k = 0; k < nkeys; k++) {
			const char *key = keys[k] + strlen(sec) + 1;	/* "sec:key" */
			const struct option_def *o = scenario_option(key);

			if (strcmp(sec, "gpuplan") == 0 && strcmp(key, "format") == 0)
				continue;
			if (o == NULL)
				return ini_fail(f, err, sec, key, "unknown key");
			if (strcmp(o->section, sec) != 0)
				return ini_fail(f, err, sec, key, "belongs in [%s]", o->section);
		}
	}
	return 0;
}

/* Applies the scenario keys an open INI file has (any other sections
 * are the caller's business); *s is unchanged on error. */
static int
scenfile_apply(const struct ini_file *f, struct scenario *s, struct gp_error *err)
{
	struct scenario tmp = *s;

	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *o = &scenario_options[i];
		char entry[96];
		const char *v;
		struct gp_error sub;

		snprintf(entry, sizeof entry, "%s:%s", o->section, o->name);
		v = iniparser_getstring(f->d, entry, NULL);
		if (v == NULL)
			continue;
		if (scenario_set(&tmp, o->name, v, &sub) != 0) {
			/* sub reads "--name value: reason"; keep the reason */
			const char *reason = strstr(sub.msg, ": ");

			return ini_fail(f, err, o->section, o->name, "%s",
					reason ? reason + 2 : sub.msg);
		}
	}
	*s = tmp;
	return 0;
}

int
scenfile_load(const char *path, struct scenario *s, struct gp_error *err)
{
	struct ini_file f;
	const char *ver;
	int rc = -1;

	if (ini_open(&f, path, SCENFILE_MAX_BYTES, err) != 0)
		return -1;
	ver = iniparser_getstring(f.d, "gpuplan:format", NULL);
	if (ver == NULL)
		gp_error_set(err, "%s: not a gpuplan scenario ([gpuplan] format = %d is missing)",
			     path, SCENFILE_VERSION);
	else if (strcmp(ver, "1") != 0)
		ini_fail(&f, err, "gpuplan", "format",
			 "version %s is not supported (this gpuplan reads version %d)", ver,
			 SCENFILE_VERSION);
	else if (check_keys(&f, err) == 0 && scenfile_apply(&f, s, err) == 0)
		rc = 0;
	ini_close(&f);
	return rc;
}

/* The file's text for a scenario. Returns the length written (as
 * snprintf does). */
static int
scenfile_format(const struct scenario *s, char *buf, size_t len)
{
	const char *section = NULL;
	size_t o = 0;
	int n;

	n = snprintf(buf, len, "# gpuplan scenario; keys are gpuplan plan's long options\n"
			       "[gpuplan]\nformat = %d\n", SCENFILE_VERSION);
	if (n < 0)
		return n;
	o = (size_t)n;
	for (size_t i = 0; i < scenario_option_count; i++) {
		const struct option_def *d = &scenario_options[i];
		char value[SCENARIO_VALUE_LEN];
		bool quote;

		scenario_get(s, d, value, sizeof value);
		if (section == NULL || strcmp(section, d->section) != 0) {
			section = d->section;
			n = snprintf(o < len ? buf + o : NULL, o < len ? len - o : 0,
				     "\n[%s]\n", section);
			o += (size_t)n;
		}
		/* unquoted, iniparser reads ; and # as a comment and strips
		 * the ends' spaces (scenario_set keeps " out) */
		quote = strpbrk(value, ";#") != NULL || value[0] == ' ' ||
			(value[0] != '\0' && value[strlen(value) - 1] == ' ');
		n = snprintf(o < len ? buf + o : NULL, o < len ? len - o : 0, "%s = %s%s%s\n",
			     d->name, quote ? "\"" : "", value, quote ? "\"" : "");
		o += (size_t)n;
	}
	return (int)o;
}

int
scenfile_save(const char *path, const struct scenario *s, struct gp_error *err)
{
	char text[8192];
	int n = scenfile_format(s, text, sizeof text);

	if (n < 0 || (size_t)n >= sizeof text)
		return gp_error_set(err, "%s: scenario too large to format", path);
	return atomic_write(path, text, (size_t)n, err);
}
