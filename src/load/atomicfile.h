/* atomicfile.h - writing a file so that it is either the old one or the
 * new one, never half of each. */
#ifndef GPUPLAN_ATOMICFILE_H
#define GPUPLAN_ATOMICFILE_H

#include <stddef.h>

#include "error.h"

/* A temp file (a unique mkstemp name) in the same directory, written,
 * fsynced, then renamed over path, keeping the old file's permissions
 * (0644 for a new one). A symbolic link is followed: the file it names
 * is replaced, the link stays. A directory or other non-regular file
 * is refused with nothing written. On failure the temp file is removed,
 * path is untouched and err names path and the reason. */
int atomic_write(const char *path, const char *data, size_t len, struct gp_error *err);

/* mkdir -p for the directories of a path to be written. */
int atomic_make_parents(const char *path, struct gp_error *err);

#endif
