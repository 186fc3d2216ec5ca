/* price.c - which GPU price a plan uses, and the calendar arithmetic of
 * price dates. Pure: "today" comes in as an age stamped at load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "price.h"

bool
price_name_ok(const char *v)
{
	if (*v == '.')
		return false;
	for (; *v; v++) {
		if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		      (*v >= '0' && *v <= '9') || *v == '-' || *v == '_' || *v == '.'))
			return false;
	}
	return true;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (Howard Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static unsigned
days_in_month(long y, unsigned m)
{
	static const unsigned n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

/* n digits at s, or -1 */
static long
digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long
price_date_days(const char *date)
{
	size_t len = date != NULL ? strlen(date) : 0;
	long y, m = 12, d;

	if ((len != 4 && len != 7 && len != 10) || (y = digits(date, 4)) < 1970)
		return -1;
	if (len >= 7 && (date[4] != '-' || (m = digits(date + 5, 2)) < 1 || m > 12))
		return -1;
	d = days_in_month(y, (unsigned)m);
	if (len == 10) {
		long day = date[7] == '-' ? digits(date + 8, 2) : -1;

		if (day < 1 || day > d)
			return -1;
		d = day;
	}
	return days_from_civil(y, (unsigned)m, (unsigned)d);
}

void
price_days_date(long days, char *buf, size_t len)
{
	/* civil_from_days, the inverse (same source) */
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;

	snprintf(buf, len, "%04ld-%02u-%02u", y + (m <= 2), m, d);
}

static bool
matches(const char *want, const char *have)
{
	return want == NULL || *want == '\0' || strcasecmp(want, have) == 0;
}

/* Whether quote a is preferred to b: newer file, then provider name,
 * then on-demand, then cheaper, then region name (so that equal inputs
 * always give the same choice). */
static bool
better(const struct price_quote *a, const struct price_quote *b)
{
	int c = strcmp(a->date, b->date);
	bool ao = strcmp(a->kind, "spot") != 0, bo = strcmp(b->kind, "spot") != 0;

	if (c != 0)
		return c > 0;
	if ((c = strcmp(a->provider, b->provider)) != 0)
		return c < 0;
	if (ao != bo)
		return ao;
	if (a->usd_per_hour != b->usd_per_hour)
		return a->usd_per_hour < b->usd_per_hour;
	return strcmp(a->region, b->region) < 0;
}

void
price_select(const struct gpu *g, double typed_usd, const char *provider,
	     const char *region, struct price_choice *out)
{
	const struct price_quote *best = NULL;
	int seen = 0;
	bool asked = (provider != NULL && *provider) || (region != NULL && *region);

	memset(out, 0, sizeof *out);
	out->age_days = -1;
	out->provider = out->region = out->kind = out->instance = out->date = out->source = "";
	if (typed_usd >= 0) {
		out->origin = PRICE_TYPED;
		out->usd_per_hour = typed_usd;
		out->provider = "--gpu-price";
		return;
	}
	if (g == NULL)
		return;
	if (!g->price_pinned) {
		for (size_t i = 0; i < g->n_quotes; i++) {
			const struct price_quote *q = &g->quotes[i];

			if (!matches(provider, q->provider) || !matches(region, q->region))
				continue;
			seen++;
			if (best == NULL || better(q, best))
				best = q;
		}
	}
	if (best != NULL) {
		*out = (struct price_choice){
			.origin = PRICE_IMPORTED, .usd_per_hour = best->usd_per_hour,
			.provider = best->provider, .region = best->region, .kind = best->kind,
			.instance = best->instance, .date = best->date, .source = best->source,
			.age_days = best->age_days, .others = seen - 1,
		};
		return;
	}
	out->unmatched = asked && !g->price_pinned;
	if (g->usd_per_hour <= 0)
		return;
	out->origin = g->price_pinned ? PRICE_PINNED : PRICE_CATALOG;
	out->usd_per_hour = g->usd_per_hour;
	out->provider = g->price_provider;
	out->kind = g->price_kind;
	out->date = g->price_date;
	out->source = g->price_source;
	out->age_days = g->price_age_days;
}
