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

#endif
