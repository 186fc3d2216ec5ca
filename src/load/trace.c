/* trace.c - request traces: arrivals and lengths recorded from real
 * traffic, for gpuplan simulate --trace.
 *
 * Columns (CSV) or keys (JSON Lines) are found by name, in any order,
 * case ignored:
 *   time:   timestamp, arrival_time, time, arrival (seconds, or a date
 *           and time "YYYY-MM-DD HH:MM:SS[.frac]" as the Azure traces
 *           write them);
 *   prompt: contexttokens (Azure), request tokens (BurstGPT),
 *           prompt_tokens, input_tokens, input_length, prompt_len;
 *   output: generatedtokens (Azure), response tokens (BurstGPT),
 *           output_tokens, output_length, output_len. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catload.h"
#include "csv.h"
#include "trace.h"

enum { T_TIME, T_PROMPT, T_OUTPUT, T_N };

static const char *const names[T_N][7] = {
	[T_TIME] = {"timestamp", "arrival_time", "time", "arrival", NULL},
	[T_PROMPT] = {"contexttokens", "request tokens", "prompt_tokens", "input_tokens",
		      "input_length", "prompt_len", NULL},
	[T_OUTPUT] = {"generatedtokens", "response tokens", "output_tokens", "output_length",
		      "output_len", NULL},
};
static const char *const what[T_N] = {"time", "prompt tokens", "output tokens"};

static int
column_of(const char *name)
{
	for (int c = 0; c < T_N; c++) {
		for (int i = 0; names[c][i] != NULL; i++) {
			if (strcasecmp(name, names[c][i]) == 0)
				return c;
		}
	}
	return -1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard
 * Hinnant's days_from_civil). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Seconds: a plain number below TRACE_MAX_SECONDS (past it, a step of
 * a few ms would not move the clock), or "YYYY-MM-DD HH:MM:SS[.frac]"
 * (a 'T' between them too). -1 when it is neither. */
static int
parse_time(const char *v, double *out)
{
	char *end;
	int y, mo, d, h, mi, n = 0;
	double sec;

	while (isspace((unsigned char)*v))
		v++;
	*out = strtod(v, &end);
	if (end != v && *end == '\0' && *out >= 0 && *out < TRACE_MAX_SECONDS)
		return 0;
	if (sscanf(v, "%4d-%2d-%2d%*1[ T]%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
	    v[n] != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    !(sec >= 0 && sec < 61) || y < 1970 || y > 9999)
		return -1;
	*out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
	return 0;
}

static int
trace_tokens(const char *v, uint32_t *out)
{
	char *end;
	double x;

	while (isspace((unsigned char)*v))
		v++;
	x = strtod(v, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end != '\0' || !(x >= 0) || x > 1e9 || x != floor(x))
		return -1;
	*out = (uint32_t)x;
	return 0;
}

static int
grow(struct sim_trace *t, uint64_t *cap)
{
	uint64_t c = *cap ? *cap * 2 : 1024;
	double *a;
	uint32_t *p, *o;

	if (c > TRACE_MAX_ROWS)
		c = TRACE_MAX_ROWS;
	a = realloc(t->arrival, c * sizeof *a);
	if (a != NULL)
		t->arrival = a;
	p = realloc(t->prompt, c * sizeof *p);
	if (p != NULL)
		t->prompt = p;
	o = realloc(t->output, c * sizeof *o);
	if (o != NULL)
		t->output = o;
	if (a == NULL || p == NULL || o == NULL)
		return -1;
	*cap = c;
	return 0;
}

/* One row's values: kept, left out (0 output tokens), or an error. */
static int
add_row(const char *name, unsigned long line, struct sim_trace *t, uint64_t *cap,
	const char *const v[T_N], struct gp_error *err)
{
	double when;
	uint32_t prompt, output;

	if (parse_time(v[T_TIME], &when) != 0)
		return gp_error_set(err, "%s: line %lu: time \"%.40s\": expected seconds (0 to 1e11) or YYYY-MM-DD HH:MM:SS",
				    name, line, v[T_TIME]);
	if (trace_tokens(v[T_PROMPT], &prompt) != 0 || prompt == 0)
		return gp_error_set(err, "%s: line %lu: prompt tokens \"%.40s\": expected a whole number >= 1",
				    name, line, v[T_PROMPT]);
	if (trace_tokens(v[T_OUTPUT], &output) != 0)
		return gp_error_set(err, "%s: line %lu: output tokens \"%.40s\": expected a whole number",
				    name, line, v[T_OUTPUT]);
	if (output == 0) {
		t->skipped++;
		return 0;
	}
	if (t->n > 0 && when < t->arrival[t->n - 1])
		return gp_error_set(err, "%s: line %lu: time %.6f goes back from %.6f: a trace's rows come in arrival order",
				    name, line, when, t->arrival[t->n - 1]);
	if (t->n == TRACE_MAX_ROWS)
		return gp_error_set(err, "%s: line %lu: more than %u requests", name, line,
				    TRACE_MAX_ROWS);
	if (t->n == *cap && grow(t, cap) != 0)
		return gp_error_set(err, "%s: out of memory at line %lu", name, line);
	t->arrival[t->n] = when;
	t->prompt[t->n] = prompt;
	t->output[t->n++] = output;
	return 0;
}

static int
parse_csv(const char *name, const char *text, size_t len, struct sim_trace *t,
	  struct gp_error *err)
{
	char *f[CSV_MAX_FIELDS], *buf = malloc(CSV_MAX_RECORD);
	int col[T_N] = {-1, -1, -1}, nh, nf, rc = -1;
	unsigned long line;
	uint64_t cap = 0;
	struct csv r;
	struct gp_error e;

	if (buf == NULL)
		return gp_error_set(err, "out of memory");
	csv_open(&r, text, len);
	nh = csv_record(&r, buf, f, &line, &e);
	if (nh <= 0) {
		gp_error_set(err, "%s: line 1: %s", name, nh < 0 ? e.msg : "empty file");
		goto out;
	}
	for (int i = 0; i < nh; i++) {
		int c = column_of(f[i]);

		if (c >= 0 && col[c] < 0)
			col[c] = i;
	}
	for (int c = 0; c < T_N; c++) {
		if (col[c] < 0) {
			gp_error_set(err, "%s: line 1: no %s column (%s, %s, ...)", name, what[c],
				     names[c][0], names[c][1]);
			goto out;
		}
	}
	while ((nf = csv_record(&r, buf, f, &line, &e)) != 0) {
		const char *v[T_N];

		if (nf < 0) {
			gp_error_set(err, "%s: line %lu: %s", name, line, e.msg);
			goto out;
		}
		if (nf == 1 && f[0][0] == '\0')
			continue;	/* a blank line */
		if (nf != nh) {
			gp_error_set(err, "%s: line %lu: %d fields, the header has %d", name, line, nf,
				     nh);
			goto out;
		}
		for (int c = 0; c < T_N; c++)
			v[c] = f[col[c]];
		if (add_row(name, line, t, &cap, v, err) != 0)
			goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

/* A JSON value as the text the CSV path parses. */
static int
json_text(const cJSON *o, int c, char *buf, size_t len)
{
	const cJSON *v = NULL;

	for (const cJSON *k = o != NULL ? o->child : NULL; k != NULL && v == NULL; k = k->next) {
		if (k->string != NULL && column_of(k->string) == c)
			v = k;
	}
	if (cJSON_IsNumber(v))
		snprintf(buf, len, "%.17g", v->valuedouble);
	else if (cJSON_IsString(v))
		snprintf(buf, len, "%s", v->valuestring);
	else
		return -1;
	return 0;
}

static int
parse_jsonl(const char *name, const char *text, size_t len, struct sim_trace *t,
	    struct gp_error *err)
{
	const char *p = text, *end = text + len;
	unsigned long line = 0;
	uint64_t cap = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);
		char vals[T_N][64];
		const char *v[T_N];
		cJSON *o;
		int rc;

		line++;
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0) {
			p = nl != NULL ? nl + 1 : end;
			continue;
		}
		o = cJSON_ParseWithLength(p, n);
		if (!cJSON_IsObject(o)) {
			cJSON_Delete(o);
			return gp_error_set(err, "%s: line %lu: not a JSON object", name, line);
		}
		for (int c = 0; c < T_N; c++) {
			if (json_text(o, c, vals[c], sizeof vals[c]) != 0) {
				cJSON_Delete(o);
				return gp_error_set(err, "%s: line %lu: no %s (\"%s\", \"%s\", ...) as a number or string",
						    name, line, what[c], names[c][0], names[c][1]);
			}
			v[c] = vals[c];
		}
		cJSON_Delete(o);
		if ((rc = add_row(name, line, t, &cap, v, err)) != 0)
			return rc;
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

int
trace_parse(const char *name, const char *text, size_t len, struct sim_trace *t,
	    struct gp_error *err)
{
	size_t i = 0;
	int rc;

	memset(t, 0, sizeof *t);
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (memchr(text, '\0', len) != NULL)
		rc = gp_error_set(err, "%s: a NUL byte: not a text trace", name);
	else
		rc = i < len && text[i] == '{' ? parse_jsonl(name, text, len, t, err) :
			parse_csv(name, text, len, t, err);
	if (rc == 0 && t->n == 0)
		rc = gp_error_set(err, "%s: no request with output tokens", name);
	if (rc != 0) {
		trace_free(t);
		return -1;
	}
	/* seconds from the first arrival */
	for (uint64_t k = t->n; k-- > 0;)
		t->arrival[k] -= t->arrival[0];
	return 0;
}

int
trace_load(const char *path, struct sim_trace *t, struct gp_error *err)
{
	size_t len;
	char *text = catalog_read_file(path, TRACE_MAX_BYTES, &len, err);
	int rc;

	memset(t, 0, sizeof *t);
	if (text == NULL)
		return -1;
	rc = trace_parse(path, text, len, t, err);
	free(text);
	return rc;
}

void
trace_free(struct sim_trace *t)
{
	free(t->arrival);
	free(t->prompt);
	free(t->output);
	memset(t, 0, sizeof *t);
}
