/* price.h - GPU rental prices imported from the ecosystem (gpuplan
 * prices import), and the one rule choosing the price a plan uses. */
#ifndef GPUPLAN_PRICE_H
#define GPUPLAN_PRICE_H

#include <stdbool.h>
#include <stddef.h>

#include "gpu.h"

#define PRICE_NAME_LEN 48
#define PRICE_DATE_LEN 24
/* A price older than this many days is flagged in a plan. */
#define PRICE_STALE_DAYS 90

struct price_quote {
	char gpu[GPU_ID_LEN];
	char provider[PRICE_NAME_LEN];
	char region[PRICE_NAME_LEN];
	char kind[16];			/* "on-demand" or "spot" */
	char instance[64];		/* the instance type it came from */
	double usd_per_hour;		/* per GPU */
	char date[PRICE_DATE_LEN];	/* the imported file's, YYYY-MM-DD */
	char source[GPU_TEXT_LEN];	/* the imported file */
	int age_days;			/* at load; < 0: unknown */
};

/* Where a plan's GPU price came from. */
enum price_origin { PRICE_NONE, PRICE_TYPED, PRICE_PINNED, PRICE_IMPORTED, PRICE_CATALOG };

struct price_choice {
	enum price_origin origin;
	double usd_per_hour;
	const char *provider, *region, *kind, *instance, *date, *source;
	int age_days;			/* < 0: unknown */
	int others;			/* other imported prices it was chosen
					 * from */
	bool unmatched;			/* a provider or region was asked
					 * for and no import has it */
};

/* The price in effect for g. Typed (--gpu-price, usd >= 0) beats the
 * user configuration's [prices], which beats an import, which beats the
 * catalog. Among imports: the newest file's (ties: the provider first
 * in name order), on-demand before spot, then the cheapest region.
 * provider and region ("" or NULL: any) narrow the imports; when none
 * is left the catalog's price is used and .unmatched says so. */
/* A provider or region name, which becomes a file name and a table
 * cell: letters, digits, '-', '_' and '.', not starting with '.'; ""
 * passes (none). */
bool price_name_ok(const char *v);

void price_select(const struct gpu *g, double typed_usd, const char *provider,
		  const char *region, struct price_choice *out);

/* "2026-03-10", "2026-03" or "2026" as days since 1970-01-01 UTC; a
 * month or a year counts as its last day, so a coarse date is never
 * called older than it may be. -1 when it is no such date. */
long price_date_days(const char *date);

/* Days since 1970-01-01 as "YYYY-MM-DD". */
void price_days_date(long days, char *buf, size_t len);

#endif
