/* datadir.h - where the catalogs are found. */
#ifndef GPUPLAN_DATADIR_H
#define GPUPLAN_DATADIR_H

#include <stddef.h>

#include "error.h"

/* In order: an explicit directory (--data-dir), the environment's
 * (GPUPLAN_DATA_DIR), the source tree when the program runs from its
 * build tree (exe_dir is the running binary's directory), and the
 * installed pkgdatadir. */
int datadir_find(char *out, size_t len, const char *option, const char *env,
		 const char *exe_dir, struct gp_error *err);

/* The user's own data, $XDG_DATA_HOME/gpuplan/sub (a relative
 * XDG_DATA_HOME is ignored, as the XDG spec says) or
 * ~/.local/share/gpuplan/sub (sub NULL: the directory itself); what names the purpose in errors. */
int datadir_user(char *out, size_t len, const char *xdg_data_home, const char *home,
		 const char *sub, const char *what, struct gp_error *err);

#endif
