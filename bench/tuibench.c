/* tuibench.c - what a keystroke costs on the screen: runs gpuplan in a
 * pseudo-terminal of 80x24, types a scripted session, and prints the
 * bytes written to the terminal per keystroke and the CPU time per
 * keystroke (the child's, start-up subtracted), on the main screen, in
 * the graph view (g), whose keys replan and sweep, and with the compare
 * pane open (p, c). Prints figures only. */
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

struct run {
	long keys;
	long bytes;		/* after the first screen */
	long first_bytes;
	double cpu_s;
};

/* Reads until the terminal has been quiet for quiet_ms. */
static long
drain(int fd, int quiet_ms)
{
	char buf[65536];
	long total = 0;
	struct pollfd p = {fd, POLLIN, 0};

	while (poll(&p, 1, quiet_ms) > 0) {
		ssize_t n = read(fd, buf, sizeof buf);

		if (n <= 0)
			break;
		total += n;
	}
	return total;
}

/* start: keys typed first, not counted; quit: the keys that leave (q,
 * or q that closes a view and q that quits), each answered y in case
 * the screen asks about unsaved changes. */
static int
session(const char *exe, const char *data, const char *start, const char *script,
	long rounds, const char *quit, struct run *r)
{
	struct winsize ws = {24, 80, 0, 0};
	struct rusage ru;
	int fd, status;
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);

	if (pid < 0) {
		perror("tuibench: forkpty");
		return -1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(exe, exe, "--data-dir", data, (char *)NULL);
		_exit(127);
	}
	memset(r, 0, sizeof *r);
	r->first_bytes = drain(fd, 400);
	for (const char *k = start; *k; k++) {
		if (write(fd, k, 1) != 1)
			break;
		drain(fd, 15);
	}
	for (long i = 0; i < rounds; i++) {
		for (const char *k = script; *k; k++) {
			if (write(fd, k, 1) != 1)
				break;
			r->bytes += drain(fd, 15);
			r->keys++;
		}
	}
	for (const char *k = quit; *k; k++) {
		if (write(fd, k, 1) != 1 || (drain(fd, 50), write(fd, "y", 1)) < 0) {
			kill(pid, SIGTERM);
			break;
		}
		drain(fd, 50);
	}
	drain(fd, 100);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	close(fd);
	r->cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
		   (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	return 0;
}

int
main(int argc, char **argv)
{
	/* Down to batch once; then each round doubles it twice and halves
	 * it twice, moves up to the context and does the same, and moves
	 * back: every key but the moves changes a value. */
	const char *start = "jjjjjj";
	const char *values = "llhhkllhhj";
	/* The same keys in the graph view: left/right halve and double the
	 * batch, up/down the context, each a replan and both sweeps. Its
	 * start-up also opens the view, so the view's first screen is not
	 * counted against its keys. */
	const char *graph_start = "g";
	/* The main screen's keys again with A pinned and the compare pane
	 * open, which redraws its "now" column on each. */
	const char *compare_start = "pjjjjjjc";
	struct run idle, keys, gidle, gkeys, cidle, ckeys;

	if (argc < 3) {
		fprintf(stderr, "usage: tuibench GPUPLAN DATA_DIR\n");
		return 2;
	}
	if (session(argv[1], argv[2], "", "", 1, "q", &idle) != 0 ||
	    session(argv[1], argv[2], start, values, 30, "q", &keys) != 0 ||
	    session(argv[1], argv[2], graph_start, "", 1, "qq", &gidle) != 0 ||
	    session(argv[1], argv[2], graph_start, values, 30, "qq", &gkeys) != 0 ||
	    session(argv[1], argv[2], compare_start, "", 1, "q", &cidle) != 0 ||
	    session(argv[1], argv[2], compare_start, values, 30, "q", &ckeys) != 0)
		return 1;
	printf("TUI, 80x24, %ld keystrokes (%s x 30)\n", keys.keys, values);
	printf("  first screen        %ld bytes\n", keys.first_bytes);
	printf("  per keystroke       %.0f bytes written to the terminal\n",
	       (double)keys.bytes / (double)keys.keys);
	printf("  per keystroke       %.3f ms CPU (start-up %.1f ms subtracted)\n",
	       (keys.cpu_s - idle.cpu_s) / (double)keys.keys * 1e3, idle.cpu_s * 1e3);
	printf("graph view (g), 80x24, %ld keystrokes (%s x 30)\n", gkeys.keys, values);
	printf("  per keystroke       %.0f bytes written to the terminal\n",
	       (double)gkeys.bytes / (double)gkeys.keys);
	printf("  per keystroke       %.3f ms CPU (start-up and g %.1f ms subtracted)\n",
	       (gkeys.cpu_s - gidle.cpu_s) / (double)gkeys.keys * 1e3, gidle.cpu_s * 1e3);
	printf("compare pane (p, c), 80x24, %ld keystrokes (%s x 30)\n", ckeys.keys, values);
	printf("  per keystroke       %.0f bytes written to the terminal\n",
	       (double)ckeys.bytes / (double)ckeys.keys);
	printf("  per keystroke       %.3f ms CPU (start-up, p and c %.1f ms subtracted)\n",
	       (ckeys.cpu_s - cidle.cpu_s) / (double)ckeys.keys * 1e3, cidle.cpu_s * 1e3);
	return 0;
}
