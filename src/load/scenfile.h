/* scenfile.h - scenarios as INI files: every option of the form under
 * its section, keys named like the long options, with a format version.
 * Read with iniparser; written by hand, to a temp file then renamed. */
#ifndef GPUPLAN_SCENFILE_H
#define GPUPLAN_SCENFILE_H

#include <stddef.h>

#include "error.h"
#include "ini.h"
#include "scenario.h"

#define SCENFILE_VERSION 1
#define SCENFILE_MAX_BYTES (1u << 20)

/* Applies the file's values over *s; on any error *s is unchanged and
 * err names the file, the line, the key and the reason. */
int scenfile_load(const char *path, struct scenario *s, struct gp_error *err);

/* Writes atomically: a temp file in the same directory, fsync, rename.
 * A failed save leaves any existing file as it was. */
int scenfile_save(const char *path, const struct scenario *s,
		  struct gp_error *err);

#endif
