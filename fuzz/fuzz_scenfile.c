/* fuzz_scenfile.c - libFuzzer target: any bytes as a scenario INI file
 * (iniparser reads files, so the input goes through a temp file). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "scenfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/gpuplan-fuzz-XXXXXX";
	int fd = mkstemp(path);
	struct scenario s;
	struct gp_error err;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		scenario_default(&s);
		scenfile_load(path, &s, &err);
	}
	close(fd);
	unlink(path);
	return 0;
}
