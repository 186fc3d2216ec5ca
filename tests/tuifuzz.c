/* tuifuzz.c - random keys and resizes into the screen (issue 16): runs
 * gpuplan in a pseudo-terminal, types TUIFUZZ_KEYS random keys from a
 * fixed seed (printable, arrows, Home/End, PgUp/PgDn, Enter, Esc, Tab,
 * F-keys, Ctrl-keys, mouse reports) with random resizes among them,
 * then closes what is open and quits. It passes when every run of the
 * program exits 0 (a key that quits, q y or Ctrl-C, starts another
 * run), the last one is alive at the end and quits cleanly, every run
 * leaves the terminal restored (out of the alternate screen, the cursor
 * shown, echo and line mode back on), and the terminal never shows a
 * sanitizer's report. Under the ASan/UBSan build
 * that is "no error and no leak"; `make tuifuzz-long` runs it long.
 *
 * Left out of the keys: Ctrl-Z, Ctrl-\ (the terminal would stop or
 * core the program), Ctrl-S and Ctrl-Q (flow control would stop its
 * output), and "/", so that no typed save or export path can leave the
 * scratch directory the program runs in.
 *
 * After the keys comes a SIGWINCH storm: TUIFUZZ_STORM (1000) resizes
 * back to back, after which the program must still draw and quit.
 *
 * Environment: GPUPLAN, top_srcdir (from make); TUIFUZZ_KEYS (2000),
 * TUIFUZZ_SEED (16), TUIFUZZ_SECONDS (60: keys stop early past it). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng;

/* xorshift64*: the same keys for the same seed on every machine */
static uint32_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

static uint32_t
below(uint32_t n)
{
	return next() % n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct run {
	pid_t pid;
	int fd;
	char tail[4096];	/* the terminal's last bytes, for a report */
	size_t tail_n;
	bool sanitizer;		/* a sanitizer's report went by */
	bool alternate;		/* on the alternate screen (smcup last) */
	bool hidden;		/* the cursor hidden (civis last) */
};

static const char *const reports[] = {
	"AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
	"SUMMARY: ",
};

/* The offset of the last s in buf, or -1. */
static long
last_at(const char *buf, size_t n, const char *s)
{
	const char *p = buf, *hit = NULL;
	size_t len = strlen(s);

	while ((p = memmem(p, n - (size_t)(p - buf), s, len)) != NULL)
		hit = p++;
	return hit != NULL ? hit - buf : -1;
}

/* Which of on and off came last in buf sets *state; neither keeps it. */
static void
track(const char *buf, size_t n, const char *on, const char *off, bool *state)
{
	long a = last_at(buf, n, on), b = last_at(buf, n, off);

	if (a >= 0 || b >= 0)
		*state = a > b;
}

/* Output: kept in the tail; searched, with the end of the read before
 * it (a sequence may straddle two reads), for reports and for xterm's
 * smcup/rmcup and civis/cnorm. */
static void
took(struct run *r, const char *buf, size_t n)
{
	static char look[8192 + 64];
	size_t keep = r->tail_n < 64 ? r->tail_n : 64, len;

	if (n > sizeof look - keep)
		n = sizeof look - keep;	/* drain reads at most 8192 */
	memcpy(look, r->tail + r->tail_n - keep, keep);
	memcpy(look + keep, buf, n);
	len = keep + n;
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++)
		if (memmem(look, len, reports[i], strlen(reports[i])))
			r->sanitizer = true;
	track(look, len, "\033[?1049h", "\033[?1049l", &r->alternate);
	track(look, len, "\033[?25l", "\033[?25h", &r->hidden);
	if (n >= sizeof r->tail) {
		memcpy(r->tail, buf + n - sizeof r->tail, sizeof r->tail);
		r->tail_n = sizeof r->tail;
	} else {
		if (r->tail_n + n > sizeof r->tail) {
			size_t drop = r->tail_n + n - sizeof r->tail;

			memmove(r->tail, r->tail + drop, r->tail_n - drop);
			r->tail_n -= drop;
		}
		memcpy(r->tail + r->tail_n, buf, n);
		r->tail_n += n;
	}
}

/* Reads what comes, waiting up to ms for the first bytes and then
 * until the terminal is quiet for quiet ms (at most 5 s: a screen
 * that never stops writing is a failure of its own, seen at the end);
 * false at the end of the terminal (the program is gone). */
static bool
drain_quiet(struct run *r, int ms, int quiet)
{
	struct pollfd p = {r->fd, POLLIN, 0};
	char buf[8192];
	double until = now() + 5;

	while (poll(&p, 1, ms) > 0 && now() < until) {
		ssize_t n = read(r->fd, buf, sizeof buf);

		if (n <= 0)
			return n < 0 && errno == EAGAIN;
		took(r, buf, (size_t)n);
		ms = quiet;
	}
	return true;
}

static bool
drain(struct run *r, int ms)
{
	return drain_quiet(r, ms, 0);
}

/* Writes all of s, reading the output meanwhile: a program blocked on
 * a full terminal must not wait for us while we wait for it. */
static bool
type(struct run *r, const char *s, size_t n)
{
	while (n > 0) {
		struct pollfd p = {r->fd, POLLIN | POLLOUT, 0};

		if (poll(&p, 1, 5000) <= 0)
			return false;
		if ((p.revents & POLLIN) && !drain(r, 0))
			return false;
		if (p.revents & POLLOUT) {
			ssize_t w = write(r->fd, s, n);

			if (w < 0 && errno != EAGAIN)
				return false;
			if (w > 0) {
				s += w;
				n -= (size_t)w;
			}
		}
		if (p.revents & (POLLERR | POLLHUP))
			return false;
	}
	return true;
}

static char scratch[] = "/tmp/gpuplan-tuifuzz.XXXXXX";

static int
start(struct run *r, const char *exe, const char *data, struct winsize *ws)
{
	memset(r, 0, sizeof *r);
	r->pid = forkpty(&r->fd, NULL, NULL, ws);
	if (r->pid < 0) {
		perror("tuifuzz: forkpty");
		return -1;
	}
	if (r->pid == 0) {
		char path[sizeof scratch + 32];

		if (chdir(scratch) != 0)
			_exit(126);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("HOME", scratch, 1);
		snprintf(path, sizeof path, "%s/data", scratch);
		setenv("XDG_DATA_HOME", path, 1);
		snprintf(path, sizeof path, "%s/none.ini", scratch);
		setenv("GPUPLAN_CONFIG", path, 1);
		/* UBSan's reports end the program, so none goes unseen */
		setenv("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1", 0);
		execl(exe, exe, "--data-dir", data, (char *)NULL);
		_exit(127);
	}
	fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) | O_NONBLOCK);
	return drain(r, 300) ? 0 : -1;
}

/* One random key (or mouse report) into buf; returns its length. */
static size_t
random_key(char *buf, size_t len, int cols, int rows)
{
	static const char *const special[] = {
		"\033[A", "\033[B", "\033[C", "\033[D", "\033OA", "\033OB", "\033OC", "\033OD",
		"\033OH", "\033OF", "\033[H", "\033[F", "\033[5~", "\033[6~", "\033[3~", "\033[2~",
		"\r", "\r", "\t", "\033[Z", "\033", "\033", "\177", "\b",
	};
	static const char *const fkeys[] = {
		"\033OP", "\033OQ", "\033OR", "\033OS", "\033[15~", "\033[17~", "\033[18~",
		"\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~",
	};
	/* Ctrl-A..Ctrl-_ but Ctrl-Q, Ctrl-S, Ctrl-Z, Ctrl-\ */
	static const char ctrl[] = "\001\002\003\004\005\006\007\013\014\016\017\020\022\024"
				   "\025\026\027\030\031\033\035\036\037";
	uint32_t k = below(100);
	int x = (int)below((uint32_t)(cols > 0 ? cols : 1)) + 1;
	int y = (int)below((uint32_t)(rows > 0 ? rows : 1)) + 1;

	if (k < 45) {
		char c;

		do
			c = (char)(32 + below(95));
		while (c == '/');
		buf[0] = c;
		return 1;
	}
	if (k < 75)
		return (size_t)snprintf(buf, len, "%s", special[below(sizeof special / sizeof special[0])]);
	if (k < 81)
		return (size_t)snprintf(buf, len, "%s", fkeys[below(sizeof fkeys / sizeof fkeys[0])]);
	if (k < 87) {
		buf[0] = ctrl[below(sizeof ctrl - 1)];
		return 1;
	}
	if (k < 89)
		return (size_t)snprintf(buf, len, "\303\251");	/* a UTF-8 character */
	/* the mouse: SGR reports (xterm-256color's kmous) of a click or
	 * the wheel, and now and then a bare X10 one */
	if (k < 93)
		return (size_t)snprintf(buf, len, "\033[<0;%d;%dM\033[<0;%d;%dm", x, y, x, y);
	if (k < 98)
		return (size_t)snprintf(buf, len, "\033[<%d;%d;%dM", below(2) ? 64 : 65, x, y);
	return (size_t)snprintf(buf, len, "\033[M%c%c%c", (char)(32 + below(4)),
				(char)(33 + (x > 200 ? 200 : x)), (char)(33 + (y > 200 ? 200 : y)));
}

static void
random_size(struct winsize *ws)
{
	static const unsigned short sizes[][2] = {
		{20, 10}, {1, 1}, {60, 20}, {59, 19}, {80, 23}, {80, 24}, {79, 24}, {120, 40},
		{200, 60}, {30, 5}, {160, 48},
	};

	if (below(3) == 0) {
		ws->ws_col = (unsigned short)(1 + below(250));
		ws->ws_row = (unsigned short)(1 + below(80));
	} else {
		size_t i = below(sizeof sizes / sizeof sizes[0]);

		ws->ws_col = sizes[i][0];
		ws->ws_row = sizes[i][1];
	}
}

/* The program gave the terminal back as it found it: off the
 * alternate screen (rmcup after its last smcup), the cursor shown
 * (cnorm after its last civis), and the pty in line mode with echo, as
 * endwin() leaves it. */
static bool
restored(const struct run *r, const char **why)
{
	struct termios tio;

	*why = NULL;
	if (r->alternate)
		*why = "still on the alternate screen";
	else if (r->hidden)
		*why = "the cursor left hidden";
	else if (tcgetattr(r->fd, &tio) == 0 && (tio.c_lflag & (ICANON | ECHO)) != (ICANON | ECHO))
		*why = "echo or line mode left off";
	return *why == NULL;
}

/* How a run ended; true when it exited 0 and restored the terminal. */
static bool
ended_well(const struct run *r, int status, const char *when)
{
	const char *why = NULL;

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !r->sanitizer &&
	    restored(r, &why))
		return true;
	if (why != NULL)
		fprintf(stderr, "tuifuzz: gpuplan exited 0 %s, but with the terminal %s\n", when, why);
	else if (WIFSIGNALED(status))
		fprintf(stderr, "tuifuzz: gpuplan killed by signal %d %s\n", WTERMSIG(status), when);
	else
		fprintf(stderr, "tuifuzz: gpuplan exited %d %s%s\n", WEXITSTATUS(status), when,
			r->sanitizer ? ", after a sanitizer report" : "");
	fprintf(stderr, "tuifuzz: the terminal's last bytes:\n%.*s\n", (int)r->tail_n, r->tail);
	return false;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static long
env_long(const char *name, long dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v ? strtol(v, NULL, 10) : dflt;
}

int
main(void)
{
	const char *exe = getenv("GPUPLAN"), *top = getenv("top_srcdir");
	long keys = env_long("TUIFUZZ_KEYS", 2000), seed = env_long("TUIFUZZ_SEED", 16);
	long storm = env_long("TUIFUZZ_STORM", 1000);
	double limit = (double)env_long("TUIFUZZ_SECONDS", 60), t0 = now();
	struct winsize ws = {24, 80, 0, 0};
	char data[4096], key[64];
	struct run r;
	long sent = 0, resizes = 0, runs = 1;
	pid_t done = 0;
	int status;
	bool ok = true;

	if (exe == NULL || top == NULL) {
		fprintf(stderr, "tuifuzz: GPUPLAN and top_srcdir must be set (make check sets them)\n");
		return 99;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(data, sizeof data, "%s/data", top);
	rng = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1;
	if (mkdtemp(scratch) == NULL) {
		perror("tuifuzz: mkdtemp");
		return 99;
	}
	if (start(&r, exe, data, &ws) != 0)
		return 99;
	for (; sent < keys && now() - t0 < limit; sent++) {
		done = waitpid(r.pid, &status, WNOHANG);
		if (done == r.pid) {
			/* a key that quits: fine when it exits 0; go on */
			close(r.fd);
			if (!ended_well(&r, status, "during the keys")) {
				ok = false;
				break;
			}
			ws.ws_col = 80;
			ws.ws_row = 24;
			if (start(&r, exe, data, &ws) != 0)
				return 99;
			runs++;
		}
		if (below(100) < 3) {
			random_size(&ws);
			ioctl(r.fd, TIOCSWINSZ, &ws);	/* SIGWINCH to the program */
			resizes++;
		} else if (!type(&r, key, random_key(key, sizeof key, ws.ws_col, ws.ws_row))) {
			drain(&r, 100);	/* it may be on its way out: waitpid says */
		}
		/* as typed: the next key once the screen has answered this one */
		drain_quiet(&r, 3, 1);
	}
	if (ok) {
		/* a SIGWINCH storm: TUIFUZZ_STORM resizes back to back, no
		 * key and no wait between them */
		for (long i = 0; i < storm; i++) {
			random_size(&ws);
			ioctl(r.fd, TIOCSWINSZ, &ws);
			drain(&r, 0);
		}
		resizes += storm;
		/* the end: a size it draws, every box and question closed
		 * (Esc), then q and y in case it asks about unsaved changes */
		drain_quiet(&r, 300, 100);
		/* by way of another size: a storm that ended at 80x24 would
		 * make the resize below a no-op, with no SIGWINCH and nothing
		 * drawn; and a sanitizer build on a busy machine may take
		 * well over 300 ms to answer, so wait up to 2 s for it */
		ws.ws_col = 79;
		ws.ws_row = 23;
		ioctl(r.fd, TIOCSWINSZ, &ws);
		drain_quiet(&r, 2000, 200);
		ws.ws_col = 80;
		ws.ws_row = 24;
		r.tail_n = 0;
		ioctl(r.fd, TIOCSWINSZ, &ws);
		drain_quiet(&r, 2000, 200);
		/* drawn at 80x24 after the storm: the title went out since the
		 * last resize - its "q quit", or where a long layout and file
		 * tag leave no room for the keys (draw_title drops them
		 * first), its layout */
		if (waitpid(r.pid, &status, WNOHANG) == 0 && last_at(r.tail, r.tail_n, "q quit") < 0 &&
		    last_at(r.tail, r.tail_n, ", TP ") < 0) {
			fprintf(stderr, "tuifuzz: no screen at 80x24 after %ld resizes\n%.*s\n", storm,
				(int)r.tail_n, r.tail);
			ok = false;
		}
		if (ok && waitpid(r.pid, &status, WNOHANG) == r.pid) {
			/* the last keys quit it: check that run, quit a new one */
			close(r.fd);
			ok = ended_well(&r, status, "on the last keys");
			if (ok && start(&r, exe, data, &ws) != 0)
				return 99;
			runs += ok;
		}
	}
	if (ok) {
		for (int i = 0; i < 4; i++) {
			type(&r, "\033", 1);
			drain(&r, 150);
		}
		type(&r, "q", 1);
		drain(&r, 400);
		type(&r, "y", 1);
		/* an ASan build looks for leaks on the way out: seconds */
		for (double until = now() + 30; (done = waitpid(r.pid, &status, WNOHANG)) == 0 &&
		     now() < until;)
			drain(&r, 100);
		if (done == 0) {
			fprintf(stderr, "tuifuzz: gpuplan did not quit on Esc, q, y\n%.*s\n",
				(int)r.tail_n, r.tail);
			kill(r.pid, SIGKILL);
			waitpid(r.pid, &status, 0);
			ok = false;
		} else {
			drain(&r, 50);
			ok = ended_well(&r, status, "at the end");
		}
	}
	close(r.fd);
	nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	printf("tuifuzz: seed %ld, %ld keys, %ld resizes, %ld runs of gpuplan, %.1f s: %s\n", seed,
	       sent, resizes, runs, now() - t0, ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
