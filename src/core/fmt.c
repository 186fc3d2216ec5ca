/* fmt.c - money, token counts and thousands as every view prints them. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "fmt.h"

void
tb_reset(struct textbuf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->buf[0] = '\0';
}

void
tb_printf(struct textbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->len += (size_t)n < b->cap - b->len ? (size_t)n : b->cap - b->len - 1;
}

const char *
fmt_thousands(char *buf, size_t len, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
	size_t o = 0;

	if (len == 0)
		return buf;
	for (int i = 0; i < n && o + 1 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + 2 < len)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *
fmt_money(char *buf, size_t len, double usd)
{
	if (len < 2)
		return buf;
	if (!isfinite(usd) || fabs(usd) >= 1e18)
		snprintf(buf, len, "$%.3g", usd);
	else if (usd >= 999.995) {
		buf[0] = '$';
		fmt_thousands(buf + 1, len - 1, (uint64_t)llround(usd));
	} else {
		snprintf(buf, len, "$%.2f", usd);
	}
	return buf;
}

const char *
fmt_tokens(char *buf, size_t len, uint64_t v, int sep)
{
	if (v >= 1048576 && v % 1048576 == 0)
		snprintf(buf, len, "%llum", (unsigned long long)(v >> 20));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, len, "%lluk", (unsigned long long)(v >> 10));
	else if (sep)
		fmt_thousands(buf, len, v);
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

const char *
fmt_axis(char *buf, size_t len, double v)
{
	double a = fabs(v);
	char tmp[32];

	if (!isfinite(v))
		snprintf(buf, len, "?");
	else if (a < 10 && fabs(v - round(v)) > 1e-9)
		snprintf(buf, len, "%.1f", v);
	else if (a < 1e5)
		snprintf(buf, len, "%s%s", v < 0 ? "-" : "",
			 fmt_thousands(tmp, sizeof tmp, (uint64_t)llround(a)));
	else if (a < 1e8)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else
		snprintf(buf, len, "%.0fM", v / 1e6);
	return buf;
}
