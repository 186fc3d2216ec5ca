/* cli.h - the command line: gpuplan [COMMAND [ARGS]] [OPTIONS]; the
 * commands and options are tables in cli.c. */
#ifndef GPUPLAN_CLI_H
#define GPUPLAN_CLI_H

/* Returns the exit status: 0 ok, 1 the plan does not fit, 2 usage or
 * input error. */
int cli_main(int argc, char **argv);

#endif
