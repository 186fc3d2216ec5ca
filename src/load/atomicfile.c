/* atomicfile.c - write-then-rename (htop Settings_write style). */
#define _XOPEN_SOURCE 700	/* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

/* Where to write: a symbolic link is followed, so that the file it
 * names is replaced and the link stays a link (a dotfile repository's
 * links keep working); a directory or a device is refused before
 * anything is created. *mode gets the old file's permissions. */
static int
target(const char *path, char *out, size_t len, mode_t *mode, struct gp_error *err)
{
	struct stat st;

	*mode = 0644;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return gp_error_set(err, "%s: %s: nothing written", path, strerror(errno));
		if ((size_t)snprintf(out, len, "%s", path) >= len)
			return gp_error_set(err, "%s: path too long", path);
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);

		if (real == NULL)
			return gp_error_set(err, "%s: a symbolic link to nothing usable: %s: nothing written",
					    path, strerror(errno));
		if (strlen(real) >= len) {
			free(real);
			return gp_error_set(err, "%s: path too long", path);
		}
		memcpy(out, real, strlen(real) + 1);
		free(real);
		if (stat(out, &st) != 0)
			return gp_error_set(err, "%s: %s: nothing written", path, strerror(errno));
	} else if ((size_t)snprintf(out, len, "%s", path) >= len) {
		return gp_error_set(err, "%s: path too long", path);
	}
	if (S_ISDIR(st.st_mode))
		return gp_error_set(err, "%s: is a directory, not a file: nothing written", path);
	if (!S_ISREG(st.st_mode))
		return gp_error_set(err, "%s: not a regular file: nothing written", path);
	*mode = st.st_mode & 0777;
	return 0;
}

int
atomic_write(const char *path, const char *data, size_t len, struct gp_error *err)
{
	char dest[4096], tmp[4096 + 8];
	size_t done = 0;
	mode_t mode;
	int fd, e;

	if (target(path, dest, sizeof dest, &mode, err) != 0)
		return -1;
	/* mkstemp: a name no other process (another gpuplan saving the
	 * same file) can be using */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", dest) >= sizeof tmp)
		return gp_error_set(err, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return gp_error_set(err, "%s: cannot create a file in its directory: %s "
				    "(the old file is untouched)", path, strerror(errno));
	/* A full disk is ENOSPC; the file size limit (ulimit -f) is EFBIG
	 * as long as SIGXFSZ is ignored, as main() does. */
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w <= 0) {
			e = w < 0 ? errno : ENOSPC;
			goto fail;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || fchmod(fd, mode) != 0) {
		e = errno;
		goto fail;
	}
	if (close(fd) != 0) {
		e = errno;
		fd = -1;
		goto fail;
	}
	if (rename(tmp, dest) != 0) {
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
