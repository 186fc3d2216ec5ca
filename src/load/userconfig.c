/* userconfig.c - the user configuration file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "catload.h"
#include "ini.h"
#include "userconfig.h"

int
userconfig_default_path(char *out, size_t len, const char *xdg, const char *home)
{
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, len, "%s/gpuplan/config.ini", xdg);
	else if (home != NULL && *home)
		n = snprintf(out, len, "%s/.config/gpuplan/config.ini", home);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
get_bool(const struct ini_file *f, const char *sec, const char *key, bool *out,
	 struct gp_error *err)
{
	char entry[64];
	const char *v;

	snprintf(entry, sizeof entry, "%s:%s", sec, key);
	v = iniparser_getstring(f->d, entry, NULL);
	if (v == NULL)
		return 0;
	if (!strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "off") || !strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		return ini_fail(f, err, sec, key, "expected on or off, not \"%s\"", v);
	return 0;
}

/* A relative path in the file is relative to the file's directory. */
static int
resolve(const char *base, const char *v, char *out, size_t len)
{
	const char *slash = strrchr(base, '/');
	int n;

	if (v[0] == '/' || slash == NULL)
		n = snprintf(out, len, "%s", v);
	else
		n = snprintf(out, len, "%.*s/%s", (int)(slash - base), base, v);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
read_sections(const struct ini_file *f, struct user_config *u, struct gp_error *err)
{
	static const char *const known[] = {"gpuplan", "ui", "defaults", "catalog", "prices"};
	const char *v;
	int nsec = iniparser_getnsec(f->d);
	bool color = true;

	/* iniparser does not count a section whose name has a colon
	 * ([prices:x]) as one, yet its keys would read as [prices]'s:
	 * such a section is stored as a key without a value */
	for (ssize_t i = 0; i < f->d->size; i++) {
		if (f->d->key[i] != NULL && f->d->val[i] == NULL && strchr(f->d->key[i], ':') != NULL)
			return ini_fail(f, err, f->d->key[i], "",
					"unknown section (a section name has no ':')");
	}
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(f->d, i);
		size_t k;

		for (k = 0; k < sizeof known / sizeof known[0]; k++) {
			if (strcmp(sec, known[k]) == 0)
				break;
		}
		if (k == sizeof known / sizeof known[0])
			return ini_fail(f, err, sec, "", "unknown section (expected ui, defaults, catalog or prices)");
	}
	v = iniparser_getstring(f->d, "gpuplan:format", "1");
	if (strcmp(v, "1") != 0)
		return ini_fail(f, err, "gpuplan", "format", "version %s is not supported (this gpuplan reads version 1)", v);
	if (get_bool(f, "ui", "color", &color, err) || get_bool(f, "ui", "ascii", &u->ascii, err))
		return -1;
	u->no_color = !color;
	v = iniparser_getstring(f->d, "defaults:scenario", NULL);
	if (v != NULL && *v && resolve(f->path, v, u->scenario, sizeof u->scenario) != 0)
		return ini_fail(f, err, "defaults", "scenario", "path too long");
	v = iniparser_getstring(f->d, "catalog:dirs", NULL);
	if (v != NULL) {
		char list[4096], *save = NULL;

		snprintf(list, sizeof list, "%s", v);
		for (char *dir = strtok_r(list, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
			if (u->n_dirs >= USERCONFIG_MAX_DIRS)
				return ini_fail(f, err, "catalog", "dirs", "at most %d directories", USERCONFIG_MAX_DIRS);
			if (resolve(f->path, dir, u->dirs[u->n_dirs], sizeof u->dirs[0]) != 0)
				return ini_fail(f, err, "catalog", "dirs", "path too long");
			u->n_dirs++;
		}
	}
	{
		int n = iniparser_getsecnkeys(f->d, "prices");
		const char *keys[USERCONFIG_MAX_PRICES];

		if (n > USERCONFIG_MAX_PRICES)
			return ini_fail(f, err, "prices", "", "at most %d prices", USERCONFIG_MAX_PRICES);
		if (n > 0 && iniparser_getseckeys(f->d, "prices", keys) != NULL) {
			for (int i = 0; i < n; i++) {
				const char *gpu = keys[i] + strlen("prices:");
				const char *text = iniparser_getstring(f->d, keys[i], "");
				char *end;
				double usd;

				if (text == NULL || strchr(gpu, ':') != NULL)
					return ini_fail(f, err, "prices", gpu, "not a GPU price");
				errno = 0;
				usd = strtod(text, &end);
				if (errno || end == text || *end || !(usd >= 0 && usd <= 1e5))
					return ini_fail(f, err, "prices", gpu,
							"expected USD per GPU-hour from 0 to 100000, not \"%s\"", text);
				snprintf(u->prices[u->n_prices].gpu, sizeof u->prices[0].gpu, "%s", gpu);
				u->prices[u->n_prices++].usd_per_hour = usd;
			}
		}
	}
	return 0;
}

int
userconfig_load(const char *path, struct user_config *u, struct gp_error *err)
{
	struct ini_file f;
	struct stat st;
	int rc;

	memset(u, 0, sizeof *u);
	snprintf(u->path, sizeof u->path, "%s", path);
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;
	if (ini_open(&f, path, 1u << 20, err) != 0)
		return -1;
	rc = read_sections(&f, u, err);
	ini_close(&f);
	if (rc != 0) {
		memset(u, 0, sizeof *u);
		return -1;
	}
	u->loaded = true;
	return 0;
}

int
userconfig_apply(const struct user_config *u, struct catalog *c, struct gp_error *err)
{
	for (int i = 0; i < u->n_dirs; i++) {
		if (catalog_load_file(c, u->dirs[i], "models.json", CATALOG_MODELS,
				      CATALOG_MISSING_OK | CATALOG_USERS, err) != 0 ||
		    catalog_load_file(c, u->dirs[i], "gpus.json", CATALOG_GPUS,
				      CATALOG_MISSING_OK, err) != 0)
			return -1;
	}
	for (int i = 0; i < u->n_prices; i++) {
		struct gpu *g = NULL;

		for (size_t k = 0; k < c->n_gpus; k++) {
			if (strcmp(c->gpus[k].id, u->prices[i].gpu) == 0)
				g = &c->gpus[k];
		}
		if (g == NULL && catalog_knows(c, true, u->prices[i].gpu))
			continue;	/* a GPU this load passed over */
		if (g == NULL)
			return gp_error_set(err, "%s: [prices] %s: no such GPU in the catalog",
					    u->path, u->prices[i].gpu);
		g->usd_per_hour = u->prices[i].usd_per_hour;
		g->price_pinned = true;
		g->price_age_days = -1;
		snprintf(g->price_provider, sizeof g->price_provider, "config.ini");
		g->price_kind[0] = '\0';
		snprintf(g->price_date, sizeof g->price_date, "%s", "");
		snprintf(g->price_source, sizeof g->price_source, "%.200s", u->path);
	}
	return 0;
}
