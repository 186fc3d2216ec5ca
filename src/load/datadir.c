/* datadir.c - locating data/models.json and data/gpus.json. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"

#ifndef GPUPLAN_PKGDATADIR
#define GPUPLAN_PKGDATADIR "/usr/local/share/gpuplan"
#endif

static int
has_catalogs(const char *dir)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof path, "%s/models.json", dir) >= sizeof path ||
	    access(path, R_OK) != 0)
		return 0;
	snprintf(path, sizeof path, "%s/gpus.json", dir);
	return access(path, R_OK) == 0;
}

static int
copy(char *out, size_t len, const char *dir, struct gp_error *err)
{
	if ((size_t)snprintf(out, len, "%s", dir) >= len)
		return gp_error_set(err, "%s: path too long", dir);
	return 0;
}

int
datadir_find(char *out, size_t len, const char *option, const char *env,
	     const char *exe_dir, struct gp_error *err)
{
	if (option != NULL && *option != '\0') {
		if (!has_catalogs(option))
			return gp_error_set(err, "--data-dir %s: no readable models.json and gpus.json there", option);
		return copy(out, len, option, err);
	}
	if (env != NULL && *env != '\0') {
		if (!has_catalogs(env))
			return gp_error_set(err, "GPUPLAN_DATA_DIR=%s: no readable models.json and gpus.json there", env);
		return copy(out, len, env, err);
	}
#if defined(GPUPLAN_BUILDDIR) && defined(GPUPLAN_SRCDATADIR)
	if (exe_dir != NULL && strncmp(exe_dir, GPUPLAN_BUILDDIR, strlen(GPUPLAN_BUILDDIR)) == 0 &&
	    has_catalogs(GPUPLAN_SRCDATADIR))
		return copy(out, len, GPUPLAN_SRCDATADIR, err);
#else
	(void)exe_dir;
#endif
	if (has_catalogs(GPUPLAN_PKGDATADIR))
		return copy(out, len, GPUPLAN_PKGDATADIR, err);
	return gp_error_set(err,
	    "no catalogs found in %s; give --data-dir DIR or set GPUPLAN_DATA_DIR",
	    GPUPLAN_PKGDATADIR);
}

int
datadir_user(char *out, size_t len, const char *xdg, const char *home, const char *sub,
	     const char *what, struct gp_error *err)
{
	const char *slash = sub != NULL ? "/" : "";
	int n;

	if (sub == NULL)
		sub = "";
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, len, "%s/gpuplan%s%s", xdg, slash, sub);
	else if (home != NULL && *home)
		n = snprintf(out, len, "%s/.local/share/gpuplan%s%s", home, slash, sub);
	else
		return gp_error_set(err, "neither XDG_DATA_HOME nor HOME is set: no place for %s",
				    what);
	if (n < 0 || (size_t)n >= len)
		return gp_error_set(err, "the path for %s is too long", what);
	return 0;
}
