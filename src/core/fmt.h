/* fmt.h - the one place numbers become text: money, token counts,
 * thousands, and a bounded text buffer the core writes into. The CLI,
 * the reports and the screen all format through it, so the same fleet
 * reads the same everywhere. */
#ifndef GPUPLAN_FMT_H
#define GPUPLAN_FMT_H

#include <stddef.h>
#include <stdint.h>

#define GIB 1073741824.0
#define MIB 1048576.0	/* llama.cpp prints buffers in it */

/* Text appended into a caller's array; what does not fit is cut, and
 * the text stays NUL-terminated. */
struct textbuf {
	char *buf;
	size_t cap, len;
};
#define TEXTBUF(array) { (array), sizeof(array), 0 }

void tb_printf(struct textbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tb_reset(struct textbuf *b);

/* 1234567 -> "1,234,567". Each returns buf. */
const char *fmt_thousands(char *buf, size_t len, uint64_t v);
/* Dollars: "$0.42", "$10.76", "$7,855" (whole dollars from $1,000). */
const char *fmt_money(char *buf, size_t len, double usd);
/* Token counts the way they are typed: "8k", "1m", else "2,304" (or
 * "2304" with sep 0, as an INI file keeps it). */
const char *fmt_tokens(char *buf, size_t len, uint64_t v, int sep);

/* An axis tick, at most 6 cells: "0", "2.5", "40", "1,250", "120k",
 * "350M" (of 1,000: a rate or bytes, not a token count). */
const char *fmt_axis(char *buf, size_t len, double v);

#endif
