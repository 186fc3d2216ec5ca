/* atomicfile.h - writing a file so that it is either the old one or the
 * new one, never half of each. */
#ifndef GPUPLAN_ATOMICFILE_H
#define GPUPLAN_ATOMICFILE_H

#include <stddef.h>

#include "error.h"

/* A temp file in the same directory, written, fsynced, then renamed over
 * path. On failure the temp file is removed and path is untouched. */
int atomic_write(const char *path, const char *data, size_t len, struct gp_error *err);

/* mkdir -p for the directories of a path to be written. */
int atomic_make_parents(const char *path, struct gp_error *err);

#endif
