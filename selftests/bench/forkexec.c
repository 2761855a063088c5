// SPDX-License-Identifier: GPL-2.0
/*
 * The process life cycle, timed: ITERATIONS times fork(), in the child
 * either execve() of PROGRAM or _exit() at once, and waitpid() in the
 * parent, each iteration timed on its own. Prints the median time of one
 * iteration, in microseconds, as the only line on standard output: under
 * emulation on a shared host, some iterations wait for a CPU the host gave
 * to something else, and the median leaves them out where a mean would
 * not. scripts/bench runs it in a VM, in several rounds and
 * configurations, and makes the table.
 *
 *   forkexec [-n ITERATIONS] [-w WARMUP] fork-exec PROGRAM [ARG...]
 *   forkexec [-n ITERATIONS] [-w WARMUP] fork-exit
 *   forkexec exit
 *
 * `exit' exits 0 at once. Built static, this program is also the one the
 * fork-exec loop of scripts/bench executes: no dynamic loader and no
 * libraries whose cost would hide what the exec costs the kernel.
 *
 * WARMUP iterations run first, untimed, so that the pages and caches the
 * loop needs are in place before the clock starts. Any failure (fork,
 * exec, a child that does not exit 0) ends the run with status 1: a figure
 * from a loop that did not do what it says would be no figure at all.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG_NAME "forkexec"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-n ITERATIONS] [-w WARMUP] fork-exec PROGRAM [ARG...]\n"
		"       %s [-n ITERATIONS] [-w WARMUP] fork-exit\n"
		"       %s exit\n"
		"Prints the median time of one fork + (execve +) exit + waitpid, in\n"
		"microseconds. Defaults: 1000 iterations after 100 untimed ones.\n"
		"`exit' exits 0 at once: a program to execute.\n",
		PROG_NAME, PROG_NAME, PROG_NAME);
}

/* What the child does: NULL @argv is fork-exit. */
static int one_iteration(char *const *argv)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		perror(PROG_NAME ": fork");
		return -1;
	}
	if (pid == 0) {
		if (argv) {
			execv(argv[0], argv);
			/* stdio is the parent's: write nothing, say it by status */
			_exit(127);
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror(PROG_NAME ": waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			fprintf(stderr, "%s: cannot execute `%s'\n", PROG_NAME,
				argv[0]);
		else
			fprintf(stderr, "%s: the child ended with status 0x%x\n",
				PROG_NAME, status);
		return -1;
	}
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* @n iterations; the time of each in @us_out[] unless it is NULL. */
static int run(unsigned long n, char *const *argv, double *us_out)
{
	unsigned long i;
	double start;

	for (i = 0; i < n; i++) {
		start = now_us();
		if (one_iteration(argv))
			return -1;
		if (us_out)
			us_out[i] = now_us() - start;
	}
	return 0;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int parse_count(const char *s, const char *what, unsigned long *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > INT_MAX) {
		fprintf(stderr, "%s: %s `%s' is not a number from 0 to %d\n",
			PROG_NAME, what, s, INT_MAX);
		return -1;
	}
	*out = v;
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned long iterations = 1000, warmup = 100;
	char *const *child_argv;
	double *us, median;
	int opt;

	if (argc == 2 && !strcmp(argv[1], "exit"))
		return 0;

	while ((opt = getopt(argc, argv, "+n:w:h")) != -1) {
		switch (opt) {
		case 'n':
			if (parse_count(optarg, "iteration count", &iterations))
				return 2;
			break;
		case 'w':
			if (parse_count(optarg, "warmup count", &warmup))
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[optind], "fork-exec") && optind + 1 < argc) {
		child_argv = argv + optind + 1;
	} else if (!strcmp(argv[optind], "fork-exit") && optind + 1 == argc) {
		child_argv = NULL;
	} else {
		usage(stderr);
		return 2;
	}
	if (iterations == 0) {
		fprintf(stderr, "%s: at least one iteration is needed\n",
			PROG_NAME);
		return 2;
	}

	us = calloc(iterations, sizeof(*us));
	if (!us) {
		perror(PROG_NAME);
		return 1;
	}
	if (run(warmup, child_argv, NULL) || run(iterations, child_argv, us))
		return 1;
	qsort(us, iterations, sizeof(*us), compare_double);
	median = iterations % 2 ? us[iterations / 2] :
		 (us[iterations / 2 - 1] + us[iterations / 2]) / 2;
	printf("%.3f\n", median);
	return fflush(stdout) ? 1 : 0;
}
