/* fuzz_gguf.c - libFuzzer target: any bytes as a GGUF file
 * (src/load/gguf.c reads a path, so the input goes through one temp
 * file, in.gguf in a temp directory: one part, whatever split.count
 * says). A model
 * that loads must also plan its weights without trouble. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gguf.h"
#include "memory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/gpuplan-fuzz-XXXXXX", path[64];

static void
remove_temp(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct model_counts c;
	struct gp_error err;
	int fd;
	bool ok;

	if (path[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			return 0;
		snprintf(path, sizeof path, "%s/in.gguf", dir);
		atexit(remove_temp);
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		return 0;
	ok = write(fd, data, size) == (ssize_t)size;
	if (close(fd) == 0 && ok && gguf_load(path, &m, NULL, &err) == 0) {
		model_count(&m, &c);
		(void)memory_model_bytes(&m, &c, (enum weight_format)m.quant_format);
	}
	return 0;
}
