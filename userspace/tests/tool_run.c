// SPDX-License-Identifier: GPL-2.0
/*
 * Running the tool from a unit test: see tool_run.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_run.h"

#define TOOL_MAX_ARGS 32

const char *tool_path(void)
{
	const char *bin = getenv("IPCWALL_BIN");

	return bin && *bin ? bin : "./ipcwall";
}

static size_t read_back(FILE *f, char *buf)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, TOOL_OUT_MAX - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

int tool_run(struct tool_run *r, const char *module, ...)
{
	char *argv[TOOL_MAX_ARGS + 1] = { (char *)tool_path() };
	FILE *out = tmpfile(), *err = tmpfile();
	int i = 1, status;
	va_list ap;
	pid_t pid;

	if (!out || !err)
		return -1;
	va_start(ap, module);
	while (i < TOOL_MAX_ARGS && (argv[i] = va_arg(ap, char *)))
		i++;
	va_end(ap);
	argv[i] = NULL;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		if (module)
			setenv("IPCWALL_MODULE", module, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->out_len = read_back(out, r->out);
	read_back(err, r->err);
	return 0;
}
