/* atomicfile.c - write-then-rename (htop Settings_write style). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

int
atomic_write(const char *path, const char *data, size_t len, struct gp_error *err)
{
	char tmp[4096];
	size_t done = 0;
	int fd, e;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
		return gp_error_set(err, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return gp_error_set(err, "%s: cannot create a file there: %s", path, strerror(errno));
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w <= 0) {
			e = w < 0 ? errno : ENOSPC;
			goto fail;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || fchmod(fd, 0644) != 0) {
		e = errno;
		goto fail;
	}
	if (close(fd) != 0) {
		e = errno;
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return gp_error_set(err, "%s: cannot replace: %s (the old file is untouched)",
				    path, strerror(e));
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return gp_error_set(err, "%s: write failed: %s (the old file is untouched)", path,
			    strerror(e));
}

int
atomic_make_parents(const char *path, struct gp_error *err)
{
	char dir[4096];

	if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
		return gp_error_set(err, "%s: path too long", path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return gp_error_set(err, "%s: cannot create: %s", dir, strerror(errno));
		*p = '/';
	}
	return 0;
}
