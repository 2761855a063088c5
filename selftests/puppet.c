// SPDX-License-Identifier: GPL-2.0
/*
 * The puppet side of the line protocol of the puppet suites: see puppet.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "puppet.h"

int puppet_cmd_fd = PUPPET_CMD_FD, puppet_ack_fd = PUPPET_ACK_FD;

int puppet_vwrite(int fd, const char *fmt, va_list ap)
{
	char line[PUPPET_LINE_MAX];
	int len = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	ssize_t n;

	if (len < 0 || len > (int)sizeof(line) - 2)
		return -E2BIG;
	line[len++] = '\n';
	n = write(fd, line, len);
	if (n < 0)
		return -errno;
	return n == len ? 0 : -EIO;
}

void puppet_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (puppet_vwrite(puppet_ack_fd, fmt, ap))
		_exit(2);
	va_end(ap);
}

void puppet_read(char *line, size_t size)
{
	size_t n = 0;
	char ch;

	for (;;) {
		if (read(puppet_cmd_fd, &ch, 1) != 1) {
			if (errno == EINTR)
				continue;
			_exit(0);	/* the test is gone */
		}
		if (ch == '\n' || n == size - 1)
			break;
		line[n++] = ch;
	}
	line[n] = '\0';
}

void puppet_serve(void (*command)(char *line))
{
	char line[PUPPET_LINE_MAX];

	for (;;) {
		puppet_read(line, sizeof(line));
		command(line);
	}
}

pid_t puppet_fork_exec(const char *path, const char *const env[], int cmd,
		       int ack)
{
	pid_t pid = fork();
	int in, out;

	if (pid)
		return pid;
	if (cmd >= 0) {
		/*
		 * Out of the way of 3 and 4 first, whatever they are now;
		 * dup2() then leaves the copies open across exec.
		 */
		in = fcntl(cmd, F_DUPFD_CLOEXEC, 10);
		out = fcntl(ack, F_DUPFD_CLOEXEC, 10);
		if (in < 0 || out < 0 || dup2(in, PUPPET_CMD_FD) < 0 ||
		    dup2(out, PUPPET_ACK_FD) < 0)
			_exit(3);
	}
	for (; env && env[0]; env += 2)
		if (setenv(env[0], env[1], 1))
			_exit(3);
	execl(path, path, (char *)NULL);
	_exit(4);
}
