/* error.h - errors the core returns instead of printing. */
#ifndef GPUPLAN_ERROR_H
#define GPUPLAN_ERROR_H

#define GP_ERROR_LEN 512

struct gp_error {
	char msg[GP_ERROR_LEN];
};

/* Formats into err (may be NULL) and returns -1, so callers can write
 * `return gp_error_set(err, "...")`. */
int gp_error_set(struct gp_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
