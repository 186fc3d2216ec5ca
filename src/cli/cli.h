/* cli.h - the command line: gpuplan [plan|models|gpus] [options]. */
#ifndef GPUPLAN_CLI_H
#define GPUPLAN_CLI_H

/* Returns the exit status: 0 ok, 1 the plan does not fit, 2 usage or
 * input error. */
int cli_main(int argc, char **argv);

#endif
