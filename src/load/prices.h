/* prices.h - prices from the ecosystem, offline: reading the files
 * users can already get (a SkyPilot catalog vms.csv, an OpenRouter
 * models JSON), writing gpuplan's own price file for each provider into
 * the user's data directory, and loading those files into the catalog. */
#ifndef GPUPLAN_PRICES_H
#define GPUPLAN_PRICES_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "price.h"

#define PRICES_FORMAT "gpuplan-prices"
#define PRICES_VERSION 1
#define PRICES_ALIASES "price-aliases.json"
#define PRICES_PATH_LEN 4096

/* A row that was not imported, and why. */
struct prices_problem {
	unsigned long line;		/* CSV line; 0 for JSON */
	char where[64];			/* JSON: "data[3] (\"id\")" */
	char reason[192];
};

struct prices_api {
	char model[MODEL_ID_LEN];	/* the catalog's id */
	char from_id[96];		/* OpenRouter's */
	double in, out, cached;		/* USD per M tokens; cached < 0: none */
};

struct prices_import {
	char provider[PRICE_NAME_LEN];
	char date[PRICE_DATE_LEN];	/* the file's mtime, UTC */
	char source[GPU_TEXT_LEN];	/* its absolute path */
	const char *format;		/* "skypilot" or "openrouter" */
	struct price_quote *quotes;	/* cheapest per GPU, region, kind */
	size_t n_quotes;
	struct prices_api *api;
	size_t n_api;
	size_t rows;			/* data rows (CSV) or entries read */
	size_t rows_used;		/* rows that gave a price */
	size_t rows_no_gpu;		/* CSV rows of CPU-only instances */
	size_t unmapped;		/* JSON entries of models not in the table */
	struct prices_problem *problems;
	size_t n_problems;
};

/* Reads path (SkyPilot CSV or OpenRouter JSON, told apart by the first
 * character) into im, mapping names through data_dir/price-aliases.json
 * to ids of cat. provider NULL or "": the file's base name without its
 * extension. Bad rows go into im->problems; -1 only for a file that
 * cannot be read at all (err says why). */
int prices_import_file(const char *path, const char *provider, const char *data_dir,
		       const struct catalog *cat, struct prices_import *im,
		       struct gp_error *err);
void prices_import_free(struct prices_import *im);

/* $XDG_DATA_HOME/gpuplan/prices, else ~/.local/share/gpuplan/prices. */
int prices_dir(char *out, size_t len, const char *xdg_data_home, const char *home,
	       struct gp_error *err);

/* Writes im as dir/PROVIDER.json, atomically; its path into written. */
int prices_write(const struct prices_import *im, const char *dir, char *written,
		 size_t len, struct gp_error *err);

/* Today as days since 1970-01-01: SOURCE_DATE_EPOCH when set (so tests
 * and golden files do not move with the calendar), else the clock. */
long prices_today(void);

/* Loads every price file dir/NAME.json into cat (GPU prices linked to
 * their GPUs, API prices put first in their models' lists, newest
 * first) and stamps every price's age against today. A missing
 * directory is no error; a bad file is skipped, the first such named
 * in err, and the count of bad files returned. */
int prices_load(struct catalog *cat, const char *dir, long today, struct gp_error *err);

/* Ages of the catalog's own prices (prices_load does it too). */
void prices_stamp(struct catalog *cat, long today);

#endif
