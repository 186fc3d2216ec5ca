#!/usr/bin/env bash
# core-pure.sh - the planning core (src/libcore.a) does no I/O: none of
# its objects references a stdio stream, printf-family output (snprintf
# into a buffer is fine), a file or directory call, getenv, or a clock.
# Readers and writers live in src/libload.a and src/libwrite.a.
set -u
lib="${top_builddir:?}/src/libcore.a"
nm=${NM:-nm}

forbidden='^(stdin|stdout|stderr|printf|fprintf|vprintf|vfprintf|dprintf|vdprintf|puts|fputs|putc|fputc|putchar|fwrite|fread|fgets|fgetc|getc|getchar|scanf|fscanf|perror|fopen|fdopen|freopen|fclose|fflush|ferror|open|openat|creat|read|write|pread|pwrite|close|lseek|stat|fstat|lstat|access|unlink|rename|mkdir|rmdir|opendir|readdir|closedir|readlink|fsync|getenv|secure_getenv|setenv|time|clock|clock_gettime|gettimeofday|localtime|gmtime|strftime|system|popen|exit|abort)$'

echo "1..2"
if [ ! -f "$lib" ]; then
	echo "not ok 1 - $lib exists"
	echo "not ok 2 - # SKIP no library"
	exit 0
fi
echo "ok 1 - $lib exists"
bad=$("$nm" -A -u "$lib" 2>/dev/null | awk '{ print $1, $NF }' |
	awk -v re="$forbidden" '{ s = $2; sub(/@.*/, "", s); if (s ~ re) print }')
if [ -z "$bad" ]; then
	echo "ok 2 - no core object references I/O, getenv or a clock"
else
	echo "not ok 2 - core objects reference I/O:"
	printf '%s\n' "$bad" | sed 's/^/# /'
fi
