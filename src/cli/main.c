/* main.c - gpuplan: GPU capacity planning for LLM inference. */
#include <locale.h>
#include <signal.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");	/* numbers stay in the C locale */
	/* past the file size limit (ulimit -f) a write then fails with
	 * EFBIG, reported, rather than killing gpuplan mid-save */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv);
}
