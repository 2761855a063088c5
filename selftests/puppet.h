/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The line protocol of the suites whose processes under test are puppets:
 * copies of the test program itself, started with an environment variable
 * that makes a constructor run the puppet instead of the tests. A puppet
 * reads one command a line and answers each with one line; after every
 * exec it announces itself with a line that begins "ready PID" (what
 * follows is the suite's).
 *
 * The puppet side is here; the test side, which asserts, is
 * puppet_common.h. A puppet speaks on file descriptors 3 (commands) and 4
 * (answers) unless it sets puppet_cmd_fd and puppet_ack_fd to others
 * before its first word.
 */
#ifndef IPCWALL_SELFTESTS_PUPPET_H
#define IPCWALL_SELFTESTS_PUPPET_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define PUPPET_CMD_FD	3	/* a puppet reads its commands here */
#define PUPPET_ACK_FD	4	/* and answers here */
#define PUPPET_LINE_MAX	1024	/* a command or answer, its newline included */

/* ---- The puppet side ---- */

extern int puppet_cmd_fd, puppet_ack_fd;

/* One answer line; _exit(2) when it cannot be said whole. */
void puppet_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One command line, without its newline, byte by byte: nothing of the
 * next one is read ahead. _exit(0) when the test is gone.
 */
void puppet_read(char *line, size_t size);

/* Obeys command after command, each by @command, until the test is gone. */
void puppet_serve(void (*command)(char *line)) __attribute__((noreturn));

/* ---- Both sides ---- */

/*
 * Writes one line (a newline after the formatted text) to @fd: 0, -E2BIG
 * when it is longer than PUPPET_LINE_MAX, or -errno when the write failed.
 */
int puppet_vwrite(int fd, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Forks a child that executes @path with the variables of @env set (names
 * and values in turn, then NULL); when @cmd is not negative, the child has
 * @cmd as PUPPET_CMD_FD and @ack as PUPPET_ACK_FD. The child's pid, or -1
 * if fork() failed; the child exits 3 if it could not set up, 4 if the
 * exec failed.
 */
pid_t puppet_fork_exec(const char *path, const char *const env[], int cmd,
		       int ack);

#endif /* IPCWALL_SELFTESTS_PUPPET_H */
