/* main.c - gpuplan: GPU capacity planning for LLM inference. */
#include <locale.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");	/* numbers stay in the C locale */
	return cli_main(argc, argv);
}
