/* usercat.h - the user's own catalog that gpuplan import writes:
 * models.json in the user's data directory, read with the shipped one. */
#ifndef GPUPLAN_USERCAT_H
#define GPUPLAN_USERCAT_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "error.h"

/* Adds entry (a models.json entry; usercat_add takes it) to the
 * catalog file at path, replacing the entry of the same id, and writes
 * the file whole and atomically, creating its directories. A file
 * that is there but cannot be read is an error and stays as it was;
 * so does a result that would not load. *replaced says whether the id
 * was there. */
int usercat_add(const char *path, cJSON *entry, bool *replaced, struct gp_error *err);

#endif
