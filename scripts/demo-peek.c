// SPDX-License-Identifier: GPL-2.0
/*
 * demo-peek PID: attach to PID with ptrace, as a debugger does before it
 * reads a process's memory, and say how that went (make demo). Detaches at
 * once when the attach succeeds.
 *
 * Exit status: 0 attached, 1 refused (the error is printed), 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char *end;
	long pid;

	if (argc != 2 || (pid = strtol(argv[1], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: demo-peek PID\n");
		return 2;
	}
	if (ptrace(PTRACE_ATTACH, (pid_t)pid, NULL, NULL)) {
		fprintf(stderr, "demo-peek: ptrace(PTRACE_ATTACH, %ld): %s\n",
			pid, strerror(errno));
		return 1;
	}
	/* The tracee stops on the SIGSTOP the attach sent; detach from there. */
	if (waitpid((pid_t)pid, NULL, __WALL) < 0 ||
	    ptrace(PTRACE_DETACH, (pid_t)pid, NULL, NULL)) {
		fprintf(stderr, "demo-peek: attached to %ld, then: %s\n", pid,
			strerror(errno));
		return 1;
	}
	printf("demo-peek: attached to %ld and detached\n", pid);
	return 0;
}
