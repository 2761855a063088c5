/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test side of the puppet suites (puppet.h), built on harness.h:
 * include it after harness.h, from the test file (its functions are static
 * and assert, so they stop the calling test). Talking to a puppet, the
 * processes to kill when a test ends, the files a suite makes (copies of
 * itself, scripts, policies) and the tool ($IPCWALL).
 *
 * A suite's own record of a puppet has a struct puppet_io named io, which
 * puppet_ask() and puppet_answer() use.
 */
#ifndef IPCWALL_SELFTESTS_PUPPET_COMMON_H
#define IPCWALL_SELFTESTS_PUPPET_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "puppet.h"

/* The two ends of the line to one puppet, at the test. */
struct puppet_io {
	int cmd;	/* we write commands here */
	int ack;	/* and read answers here */
	char who[40];	/* the puppet, in messages */
};

/* One answer line, waiting up to 10 s for it. */
static void __TH_UNUSED puppet_io_answer(struct puppet_io *io, char *line,
					 size_t size)
{
	struct pollfd pfd = { .fd = io->ack, .events = POLLIN };
	size_t n = 0;
	char ch;

	for (;;) {
		ASSERT_EQ(1, poll(&pfd, 1, 10000))
			TH_LOG("%s: no answer within 10 s", io->who);
		ASSERT_EQ(1, read(io->ack, &ch, 1))
			TH_LOG("%s: gone without an answer", io->who);
		if (ch == '\n' || n == size - 1)
			break;
		line[n++] = ch;
	}
	line[n] = '\0';
}

/* Sends a command; with @answer, waits for the answer line too. */
static void __TH_UNUSED __attribute__((format(printf, 4, 5)))
puppet_io_ask(struct puppet_io *io, char *answer, size_t size,
	      const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = puppet_vwrite(io->cmd, fmt, ap);
	va_end(ap);
	ASSERT_EQ(0, err) TH_LOG("%s: the command: %s", io->who, strerror(-err));
	if (answer)
		puppet_io_answer(io, answer, size);
}

/* The same, of a suite's puppet @p (anything with a struct puppet_io io). */
#define puppet_answer(p, line, size) puppet_io_answer(&(p)->io, line, size)
#define puppet_ask(p, answer, size, ...)				\
	puppet_io_ask(&(p)->io, answer, size, __VA_ARGS__)

/* Processes to kill when the test ends, whatever happened. */
static pid_t doomed[64];
static unsigned int doomed_count;

static void __TH_UNUSED doom(pid_t pid)
{
	ASSERT_GT(sizeof(doomed) / sizeof(doomed[0]), doomed_count);
	doomed[doomed_count++] = pid;
}

/*
 * Starts a puppet by forking us and executing @path, with the variables
 * of @env (as puppet_fork_exec() takes them), speaking on pipes at its
 * file descriptors 3 and 4: its pid, doomed.
 */
static pid_t __TH_UNUSED puppet_io_start(struct puppet_io *io,
					 const char *path,
					 const char *const env[])
{
	int cmd[2], ack[2];
	pid_t pid;

	ASSERT_EQ(0, pipe2(cmd, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ack, O_CLOEXEC));
	pid = puppet_fork_exec(path, env, cmd[0], ack[1]);
	ASSERT_LE(0, pid);
	doom(pid);
	close(cmd[0]);
	close(ack[1]);
	io->cmd = cmd[1];
	io->ack = ack[0];
	snprintf(io->who, sizeof(io->who), "puppet %d", pid);
	return pid;
}

/* ---- Processes ---- */

/* The state letter of /proc/PID/stat. */
static char __TH_UNUSED proc_state(pid_t pid)
{
	char path[64], stat[512], *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	ASSERT_LT(0, n);
	stat[n] = '\0';
	paren = strrchr(stat, ')');
	ASSERT_NE(NULL, paren);
	return paren[2];
}

/* Waits up to 5 s for the process to be in state @state: the last seen. */
static char __TH_UNUSED wait_state(pid_t pid, char state)
{
	char seen = 0;
	int i;

	for (i = 0; i < 500; i++) {
		seen = proc_state(pid);
		if (seen == state)
			break;
		usleep(10000);
	}
	return seen;
}

/* ---- Files ---- */

/* Copies @from to the new file @to, of @mode: 0 or -errno. */
static int __TH_UNUSED copy_file(const char *from, const char *to,
				 mode_t mode)
{
	char buf[65536];
	int in, out, err = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		err = -errno;
		close(in);
		return err;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			err = -EIO;
			break;
		}
	if (n < 0)
		err = -errno;
	/* fchmod(), unlike open(), is not filtered by the umask. */
	if (!err && fchmod(out, mode))
		err = -errno;
	close(out);
	close(in);
	return err;
}

/* A copy of this program at @path, which runs as a puppet. */
static void __TH_UNUSED copy_self(const char *path, mode_t mode)
{
	int err = copy_file("/proc/self/exe", path, mode);

	ASSERT_EQ(0, err) TH_LOG("copying us to %s: %s", path, strerror(-err));
}

static void __TH_UNUSED write_file(const char *path, const char *text,
				   mode_t mode)
{
	ssize_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_EQ(len, write(fd, text, len));
	ASSERT_EQ(0, fchmod(fd, mode));
	ASSERT_EQ(0, close(fd));
}

static int __TH_UNUSED remove_one(const char *path, const struct stat *st,
				  int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void __TH_UNUSED remove_tree(const char *path)
{
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		TH_LOG("removing %s: %s", path, strerror(errno));
}

/* ---- The tool ---- */

/*
 * Runs `$IPCWALL ARG1 [ARG2]', its output in @out; returns its exit
 * status. Forks: never call it with a pid namespace pending whose init is
 * gone.
 */
static int __TH_UNUSED tool(char *out, size_t size, const char *arg1,
			    const char *arg2)
{
	const char *ipcwall = getenv("IPCWALL");
	int fds[2], status = 0;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	ASSERT_NE(NULL, ipcwall) TH_LOG("$IPCWALL must name the tool");
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execl(ipcwall, ipcwall, arg1, arg2, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (len < size - 1 && (n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(fds[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/*
 * Writes @yaml to @path and loads it with `ipcwall load': the generation
 * the tool reports.
 */
static uint64_t __TH_UNUSED tool_load(const char *path, const char *yaml)
{
	uint64_t generation = 0;
	char out[4096];

	write_file(path, yaml, 0644);
	ASSERT_EQ(0, tool(out, sizeof(out), "load", path))
		TH_LOG("ipcwall load:\n%s\npolicy:\n%s", out, yaml);
	ASSERT_EQ(1, sscanf(out, "policy loaded: generation %" SCNu64,
			    &generation)) TH_LOG("ipcwall load: %s", out);
	return generation;
}

#endif /* IPCWALL_SELFTESTS_PUPPET_COMMON_H */
