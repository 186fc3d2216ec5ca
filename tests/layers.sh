#!/usr/bin/env bash
# layers.sh - the tree keeps its layers:
#  - the planning core (src/libcore.a) does no I/O: none of its objects
#    references a stdio stream, printf-family output (snprintf into a
#    buffer is fine), a file or directory call, getenv, or a clock;
#    readers and writers live in src/libload.a and src/libwrite.a;
#  - nothing outside src/engines/ asks which engine a scenario names:
#    no reference to a descriptor, no comparison or switch on the
#    engine field, no comparison with an engine's id.
set -u
lib="${top_builddir:?}/src/libcore.a"
nm=${NM:-nm}

forbidden='^(stdin|stdout|stderr|printf|fprintf|vprintf|vfprintf|dprintf|vdprintf|puts|fputs|putc|fputc|putchar|fwrite|fread|fgets|fgetc|getc|getchar|scanf|fscanf|perror|fopen|fdopen|freopen|fclose|fflush|ferror|open|openat|creat|read|write|pread|pwrite|close|lseek|stat|fstat|lstat|access|unlink|rename|mkdir|rmdir|opendir|readdir|closedir|readlink|fsync|getenv|secure_getenv|setenv|time|clock|clock_gettime|gettimeofday|localtime|gmtime|strftime|system|popen|exit|abort)$'

echo "1..3"
if [ ! -f "$lib" ]; then
	echo "not ok 1 - $lib exists"
	echo "ok 2 - # SKIP no library"
	engines_check
	exit 0
fi
engines_check() {
	local src="${top_srcdir:?}" hits
	hits=$(cd "$src" && grep -rnE \
		'engine_(simple|vllm|sglang|trtllm|llamacpp)\b|(->|\.)engine *[!=]=|switch *\([^)]*engine *\)|"(simple|vllm|sglang|trtllm|llamacpp)" *\)' \
		src ui | grep -v '^src/engines/')
	if [ -z "$hits" ]; then
		echo "ok 3 - nothing outside src/engines/ switches on the engine"
	else
		echo "not ok 3 - engine kinds used outside src/engines/:"
		printf '%s\n' "$hits" | sed 's/^/# /'
	fi
}

echo "ok 1 - $lib exists"
bad=$("$nm" -A -u "$lib" 2>/dev/null | awk '{ print $1, $NF }' |
	awk -v re="$forbidden" '{ s = $2; sub(/@.*/, "", s); if (s ~ re) print }')
if [ -z "$bad" ]; then
	echo "ok 2 - no core object references I/O, getenv or a clock"
else
	echo "not ok 2 - core objects reference I/O:"
	printf '%s\n' "$bad" | sed 's/^/# /'
fi
engines_check
