/* userconfig.h - $XDG_CONFIG_HOME/gpuplan/config.ini: a default
 * scenario, screen preferences, negotiated prices per GPU and private
 * catalog directories. */
#ifndef GPUPLAN_USERCONFIG_H
#define GPUPLAN_USERCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"

#define USERCONFIG_MAX_DIRS 8
#define USERCONFIG_MAX_PRICES 64
#define USERCONFIG_PATH_LEN 1024

struct user_price {
	char gpu[GPU_ID_LEN];
	double usd_per_hour;
};

struct user_config {
	bool loaded;
	char path[USERCONFIG_PATH_LEN];
	bool no_color, ascii;
	char scenario[USERCONFIG_PATH_LEN];	/* default scenario file, or "" */
	char dirs[USERCONFIG_MAX_DIRS][USERCONFIG_PATH_LEN];
	int n_dirs;
	struct user_price prices[USERCONFIG_MAX_PRICES];
	int n_prices;
};

/* $XDG_CONFIG_HOME/gpuplan/config.ini, or ~/.config/gpuplan/config.ini;
 * 0 when neither variable is set. */
int userconfig_default_path(char *out, size_t len, const char *xdg_config_home,
			    const char *home);

/* A missing file is no error (u->loaded stays false). */
int userconfig_load(const char *path, struct user_config *u, struct gp_error *err);

/* Adds the private catalogs and applies the price overrides. */
int userconfig_apply(const struct user_config *u, struct catalog *c,
		     struct gp_error *err);

#endif
