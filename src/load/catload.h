/* catload.h - reading the catalog from versioned JSON files
 * (data/models.json, data/gpus.json). */
#ifndef GPUPLAN_CATLOAD_H
#define GPUPLAN_CATLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "error.h"

#define CATALOG_VERSION 1
#define CATALOG_MAX_BYTES (64u << 20)

/* Reads dir/models.json and dir/gpus.json. On error the catalog is
 * left empty and err names the file, the entry and the field. */
int catalog_load(struct catalog *c, const char *dir, struct gp_error *err);

/* The same, building only the model and the GPU of those ids (NULL: all
 * of them), here and in every file later appended. The other entries
 * are checked as JSON and for their ids, and catalog_knows them; their
 * fields are read by the loads that need every entry. */
int catalog_load_some(struct catalog *c, const char *dir, const char *model, const char *gpu,
		      struct gp_error *err);

/* Parse one file's text; `file` names it in errors. Entries are
 * appended, so a private catalog can add to the shipped one. */
int catalog_parse_models(struct catalog *c, const char *text, size_t len,
			 const char *file, struct gp_error *err);
int catalog_parse_gpus(struct catalog *c, const char *text, size_t len,
		       const char *file, struct gp_error *err);

/* Reads dir/name, a models or a GPUs file, and appends its entries.
 * CATALOG_MISSING_OK: a file that is not there is no error (a private
 * catalog may hold only models or only GPUs); CATALOG_USERS: its models
 * are marked as the user's own. */
enum catalog_kind { CATALOG_MODELS, CATALOG_GPUS };
enum { CATALOG_MISSING_OK = 1 << 0, CATALOG_USERS = 1 << 1 };
int catalog_load_file(struct catalog *c, const char *dir, const char *name,
		      enum catalog_kind kind, unsigned flags, struct gp_error *err);

/* The user's own catalog, models.json in the user's data directory
 * (datadir_user), that gpuplan import writes. */
#define CATALOG_USER_FILE "models.json"

/* Reads a whole regular file of at most max bytes, NUL-terminated. */
char *catalog_read_file(const char *path, size_t max, size_t *len,
			struct gp_error *err);

#endif
