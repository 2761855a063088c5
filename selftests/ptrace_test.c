// SPDX-License-Identifier: GPL-2.0
/*
 * Ptrace mediation end to end: every way one process reads or controls
 * another (PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_TRACEME, process_vm_readv,
 * process_vm_writev, /proc/PID/mem, environ, maps, auxv, the fd/N, exe and
 * cwd links, pidfd_getfd, kcmp), judged by YAML policies loaded with the
 * tool, in every direction, with the audit records the decisions leave.
 *
 * The processes under test are puppets (puppet.h): copies of this program
 * under the paths the policies' exe selectors match (TEST_DIR/appA, appB,
 * appC), or that no group selects (TEST_DIR/free: unconfined), started
 * with PUPPET_ENV set. A puppet obeys commands read on file descriptor 3
 * and answers on 4. Every puppet is both an actor (it performs an access on
 * command, checks what it obtained and answers "ok", "err ERRNO" or "bad
 * WHAT") and a victim: it holds a secret in its memory, a scratch buffer
 * for others to overwrite, TEST_DIR/held open, its cwd in TEST_DIR and
 * SECRET_ENV in its environment.
 *
 * Errnos, as the kernel maps the module's -EPERM on each path:
 * ptrace(2) attach and seize, PTRACE_TRACEME, process_vm_readv/writev
 * (mm_access()'s EACCES turned into EPERM), pidfd_getfd and kcmp answer
 * EPERM; every /proc file (mem, environ, maps, auxv, and the fd/N, exe and
 * cwd links) answers EACCES at open or readlink.
 *
 * Runs as root in a test VM with the module loaded and no policy; needs
 * $IPCWALL, the tool, and /dev/kmsg (no audit daemon: the kernel prints
 * audit records there).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "audit_log.h"
#include "puppet_common.h"

#define TEST_DIR	"/tmp/ptrace-test"
#define HELD_FILE	TEST_DIR "/held"
#define POLICY_FILE	TEST_DIR "/policy.yaml"
#define PUPPET_ENV	"IPCWALL_PTRACE_TEST_PUPPET"
#define TRACEME_ENV	"IPCWALL_PTRACE_TEST_TRACEME"
#define SECRET_ENV	"IPCWALL_PTRACE_TEST_SECRET"
#define SECRET_VALUE	"environ-secret"

/* What others try to read and to overwrite in a puppet. */
#define SECRET_SIZE	32
static char secret[SECRET_SIZE] = "ptrace-test-secret-0123456789";
#define SCRATCH		"scratch-untouched"
#define WRITTEN		"scratch-overwritten"
static char scratch[SECRET_SIZE] = SCRATCH;

/* The errnos a refused access answers (see the top of the file). */
#define EPERM_ANSWER	"err 1"
#define EACCES_ANSWER	"err 13"

/* ---- The puppet side: runs instead of the tests when PUPPET_ENV is set ---- */

static void say_result(int err)
{
	if (err)
		puppet_say("err %d", err);
	else
		puppet_say("ok");
}

static bool all_zero(const void *buf, size_t size)
{
	const unsigned char *p = buf;

	while (size--)
		if (*p++)
			return false;
	return true;
}

/* The TracerPid of @pid, from /proc/PID/status (no ptrace check there). */
static pid_t tracer_of(pid_t pid)
{
	char path[64], line[256];
	int tracer = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	fclose(f);
	return tracer;
}

/*
 * A child told to call PTRACE_TRACEME exits with 0 when its parent became
 * its tracer, with the errno when the call failed, 100 otherwise.
 */
static void traceme_and_exit(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(errno < 100 ? errno : 100);
	_exit(tracer_of(getpid()) == getppid() ? 0 : 100);
}

static void do_attach(pid_t pid, bool seize)
{
	int status;

	if (ptrace(seize ? PTRACE_SEIZE : PTRACE_ATTACH, pid, NULL, NULL)) {
		puppet_say("err %d", errno);
		return;
	}
	if (tracer_of(pid) != getpid()) {
		puppet_say("bad tracer %d", tracer_of(pid));
		return;
	}
	/* A seized tracee runs on: stop it, as DETACH needs. */
	if (seize && ptrace(PTRACE_INTERRUPT, pid, NULL, NULL)) {
		puppet_say("bad interrupt %d", errno);
		return;
	}
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status)) {
		puppet_say("bad wait %d %#x", errno, status);
		return;
	}
	if (ptrace(PTRACE_DETACH, pid, NULL, NULL)) {
		puppet_say("bad detach %d", errno);
		return;
	}
	puppet_say("ok");
}

/* Seizes @pid and keeps tracing it, until do_release(). */
static void do_hold(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL))
		puppet_say("err %d", errno);
	else
		puppet_say("ok");
}

static void do_release(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL))
		puppet_say("bad interrupt %d", errno);
	else if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status))
		puppet_say("bad wait %d %#x", errno, status);
	else if (ptrace(PTRACE_DETACH, pid, NULL, NULL))
		puppet_say("bad detach %d", errno);
	else
		puppet_say("ok");
}

static void do_vm_read(pid_t pid, unsigned long addr)
{
	char buf[SECRET_SIZE] = { 0 };
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { (void *)addr, sizeof(buf) };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

	if (n < 0)
		puppet_say(all_zero(buf, sizeof(buf)) ? "err %d" :
			   "bad err %d, yet bytes were read", errno);
	else if (n != sizeof(buf) || memcmp(buf, secret, sizeof(buf)))
		puppet_say("bad read %zd bytes: %.*s", n, (int)sizeof(buf), buf);
	else
		puppet_say("ok");
}

static void do_vm_write(pid_t pid, unsigned long addr)
{
	char buf[SECRET_SIZE] = WRITTEN;
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { (void *)addr, sizeof(buf) };
	ssize_t n = process_vm_writev(pid, &local, 1, &remote, 1, 0);

	if (n < 0)
		puppet_say("err %d", errno);
	else if (n != sizeof(buf))
		puppet_say("bad wrote %zd bytes", n);
	else
		puppet_say("ok");
}

static void do_mem(pid_t pid, unsigned long addr)
{
	char path[64], buf[SECRET_SIZE] = { 0 };
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		puppet_say("err %d", errno);
		return;
	}
	n = pread(fd, buf, sizeof(buf), addr);
	if (n < 0)
		puppet_say(all_zero(buf, sizeof(buf)) ? "err %d" :
			   "bad err %d, yet bytes were read", errno);
	else if (n != sizeof(buf) || memcmp(buf, secret, sizeof(buf)))
		puppet_say("bad read %zd bytes", n);
	else
		puppet_say("ok");
	close(fd);
}

/* Reads /proc/PID/@name whole; 0 or an errno. */
static int read_proc(pid_t pid, const char *name, char *buf, size_t size,
		     size_t *len)
{
	char path[64];
	ssize_t n = 0;
	int fd;

	*len = 0;
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	while (*len < size - 1 &&
	       (n = read(fd, buf + *len, size - 1 - *len)) > 0)
		*len += n;
	if (n < 0 && !*len) {
		close(fd);
		return errno;
	}
	buf[*len] = '\0';
	close(fd);
	return 0;
}

static void do_environ(pid_t pid)
{
	static char buf[65536];
	const char *want = SECRET_ENV "=" SECRET_VALUE;
	size_t len, i;
	int err = read_proc(pid, "environ", buf, sizeof(buf), &len);

	if (err) {
		puppet_say(len ? "bad err %d, yet bytes were read" : "err %d",
			   err);
		return;
	}
	for (i = 0; i < len; i += strlen(buf + i) + 1)
		if (!strcmp(buf + i, want)) {
			puppet_say("ok");
			return;
		}
	puppet_say("bad no %s in %zu bytes", want, len);
}

static void do_maps(pid_t pid, const char *exe)
{
	static char buf[65536];
	size_t len;
	int err = read_proc(pid, "maps", buf, sizeof(buf), &len);

	if (err)
		puppet_say(len ? "bad err %d, yet bytes were read" : "err %d",
			   err);
	else if (!strstr(buf, exe))
		puppet_say("bad no %s in %zu bytes", exe, len);
	else
		puppet_say("ok");
}

static void do_auxv(pid_t pid)
{
	Elf64_auxv_t auxv[128];
	size_t len, i;
	int err = read_proc(pid, "auxv", (char *)auxv, sizeof(auxv), &len);

	if (err) {
		puppet_say(len ? "bad err %d, yet bytes were read" : "err %d",
			   err);
		return;
	}
	for (i = 0; i < len / sizeof(auxv[0]); i++)
		if (auxv[i].a_type == AT_PAGESZ &&
		    auxv[i].a_un.a_val == (uint64_t)sysconf(_SC_PAGESIZE)) {
			puppet_say("ok");
			return;
		}
	puppet_say("bad no AT_PAGESZ in %zu bytes", len);
}

/* readlink /proc/PID/@name, which must read @want. */
static void do_link(pid_t pid, const char *name, const char *want)
{
	char path[128], buf[256] = { 0 };
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		puppet_say(all_zero(buf, sizeof(buf)) ? "err %d" :
			   "bad err %d, yet bytes were read", errno);
	else if (strcmp(buf, want))
		puppet_say("bad %s reads %s", path, buf);
	else
		puppet_say("ok");
}

/* The file descriptor @fd must be TEST_DIR/held. */
static bool is_held_file(int fd)
{
	struct stat got, want;

	return !fstat(fd, &got) && !stat(HELD_FILE, &want) &&
	       got.st_dev == want.st_dev && got.st_ino == want.st_ino;
}

static void do_getfd(pid_t pid, int target_fd)
{
	int pidfd = syscall(SYS_pidfd_open, pid, 0);
	int fd;

	if (pidfd < 0) {
		puppet_say("bad pidfd_open %d", errno);
		return;
	}
	fd = syscall(SYS_pidfd_getfd, pidfd, target_fd, 0);
	if (fd < 0)
		puppet_say("err %d", errno);
	else if (!is_held_file(fd))
		puppet_say("bad fd %d is another file", fd);
	else
		puppet_say("ok");
	if (fd >= 0)
		close(fd);
	close(pidfd);
}

/* The file of @fd in @pid compared with itself: the same (0). */
static void do_kcmp(pid_t pid, int fd)
{
	long ret = syscall(SYS_kcmp, pid, pid, KCMP_FILE, fd, fd);

	if (ret < 0)
		puppet_say("err %d", errno);
	else if (ret)
		puppet_say("bad kcmp %ld", ret);
	else
		puppet_say("ok");
}

/*
 * Fields 26 (startcode) and 28 (startstack) of /proc/PID/stat, which the
 * kernel shows only when a PTRACE_MODE_NOAUDIT read check passes.
 */
static void do_stat(pid_t pid)
{
	unsigned long long field[64];
	char buf[2048], *p;
	int n = 0, used;
	size_t len;
	int err = read_proc(pid, "stat", buf, sizeof(buf), &len);

	if (err) {
		puppet_say("err %d", err);
		return;
	}
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ') {
		puppet_say("bad stat %s", buf);
		return;
	}
	/* Field 3 is the state letter; field 4 on are numbers. */
	for (p += 4; n < 64 && sscanf(p, "%llu%n", &field[n], &used) == 1;
	     p += used)
		n++;
	if (n < 25)
		puppet_say("bad stat %s", buf);
	else
		puppet_say("stat %llu %llu", field[26 - 4], field[28 - 4]);
}

/*
 * Forks a child that executes @path and calls PTRACE_TRACEME there;
 * @tell_pid prefixes the answer with "child PID ".
 */
static void do_traceme(const char *path, bool tell_pid)
{
	char prefix[32] = "";
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		puppet_say("bad fork %d", errno);
		return;
	}
	if (!pid) {
		setenv(TRACEME_ENV, "1", 1);
		execl(path, path, (char *)NULL);
		_exit(101);
	}
	if (tell_pid)
		snprintf(prefix, sizeof(prefix), "child %d ", pid);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		puppet_say("%sbad child status %#x", prefix, status);
	else if (WEXITSTATUS(status) >= 100)
		puppet_say("%sbad child exit %d", prefix, WEXITSTATUS(status));
	else if (WEXITSTATUS(status))
		puppet_say("%serr %d", prefix, WEXITSTATUS(status));
	else
		puppet_say("%sok", prefix);
}

static void puppet_command(char *line);

static void *command_thread(void *line)
{
	puppet_command(line);
	return NULL;
}

static void puppet_command(char *line)
{
	char path[256], name[64];
	unsigned long addr;
	pthread_t thread;
	int pid, fd;

	if (!strncmp(line, "thread ", 7)) {
		/* The same command, from another thread of this process. */
		if (pthread_create(&thread, NULL, command_thread, line + 7) ||
		    pthread_join(thread, NULL))
			_exit(2);
	} else if (sscanf(line, "exec %255s", path) == 1) {
		/* On success the new image says "ready ..." instead. */
		execl(path, path, (char *)NULL);
		puppet_say("err %d", errno);
	} else if (sscanf(line, "hold %d", &pid) == 1) {
		do_hold(pid);
	} else if (sscanf(line, "release %d", &pid) == 1) {
		do_release(pid);
	} else if (sscanf(line, "attach %d", &pid) == 1) {
		do_attach(pid, false);
	} else if (sscanf(line, "seize %d", &pid) == 1) {
		do_attach(pid, true);
	} else if (sscanf(line, "vmread %d %lx", &pid, &addr) == 2) {
		do_vm_read(pid, addr);
	} else if (sscanf(line, "vmwrite %d %lx", &pid, &addr) == 2) {
		do_vm_write(pid, addr);
	} else if (sscanf(line, "mem %d %lx", &pid, &addr) == 2) {
		do_mem(pid, addr);
	} else if (sscanf(line, "environ %d", &pid) == 1) {
		do_environ(pid);
	} else if (sscanf(line, "maps %d %255s", &pid, path) == 2) {
		do_maps(pid, path);
	} else if (sscanf(line, "auxv %d", &pid) == 1) {
		do_auxv(pid);
	} else if (sscanf(line, "link %d %63s %255s", &pid, name, path) == 3) {
		do_link(pid, name, path);
	} else if (sscanf(line, "getfd %d %d", &pid, &fd) == 2) {
		do_getfd(pid, fd);
	} else if (sscanf(line, "kcmp %d %d", &pid, &fd) == 2) {
		do_kcmp(pid, fd);
	} else if (sscanf(line, "stat %d", &pid) == 1) {
		do_stat(pid);
	} else if (sscanf(line, "traceme-pid %255s", path) == 1) {
		do_traceme(path, true);
	} else if (sscanf(line, "traceme %255s", path) == 1) {
		do_traceme(path, false);
	} else if (!strcmp(line, "scratch")) {
		puppet_say("scratch %.*s", SECRET_SIZE, scratch);
	} else if (!strcmp(line, "reset")) {
		memset(scratch, 0, sizeof(scratch));
		strcpy(scratch, SCRATCH);
		puppet_say("ok");
	} else if (!strncmp(line, "name ", 5)) {
		say_result(prctl(PR_SET_NAME, line + 5) ? errno : 0);
	} else {
		puppet_say("unknown %s", line);
	}
}

static void __attribute__((constructor)) puppet_main_when_asked(void)
{
	int held;

	if (getenv(TRACEME_ENV))
		traceme_and_exit();
	if (!getenv(PUPPET_ENV))
		return;
	held = open(HELD_FILE, O_RDONLY | O_CLOEXEC);
	if (held < 0 || chdir(TEST_DIR))
		_exit(2);
	puppet_say("ready %d %lx %lx %d", getpid(), (unsigned long)secret,
		   (unsigned long)scratch, held);
	puppet_serve(puppet_command);
}

/* ---- The test side ---- */

struct puppet {
	pid_t pid;
	struct puppet_io io;
	const char *exe;
	unsigned long secret;	/* addresses in the puppet */
	unsigned long scratch;
	int held;		/* its descriptor of HELD_FILE */
};

/* The line a puppet says after each exec, of image @exe. */
static void puppet_ready(struct puppet *p, const char *exe)
{
	char line[128];
	int pid = 0;

	puppet_answer(p, line, sizeof(line));
	ASSERT_EQ(4, sscanf(line, "ready %d %lx %lx %d", &pid, &p->secret,
			    &p->scratch, &p->held))
		TH_LOG("%s answered \"%s\"", exe, line);
	ASSERT_EQ(p->pid, pid);
	p->exe = exe;
}

/* Starts a puppet: TEST_DIR/@name, a copy of us. */
static void puppet_start(struct puppet *p, const char *exe)
{
	static const char *const env[] = {
		PUPPET_ENV, "1", SECRET_ENV, SECRET_VALUE, NULL
	};

	p->pid = puppet_io_start(&p->io, exe, env);
	puppet_ready(p, exe);
}

#define APP_A	TEST_DIR "/appA"
#define APP_B	TEST_DIR "/appB"
#define APP_C	TEST_DIR "/appC"
#define FREE	TEST_DIR "/free"	/* selected by no group */

/*
 * @actor does one access and must answer @want; what it tried is named
 * when it does not.
 */
#define EXPECT_ACCESS(actor, want, fmt, ...) do {			\
	char __answer[600];						\
									\
	puppet_ask(actor, __answer, sizeof(__answer), fmt, ##__VA_ARGS__); \
	EXPECT_STREQ(want, __answer)					\
		TH_LOG("%s (%d): " fmt, (actor)->exe, (actor)->pid,	\
		       ##__VA_ARGS__);					\
} while (0)

enum verdict { ALLOWED, DENIED };

static const char *want(enum verdict v, const char *refusal)
{
	return v == ALLOWED ? "ok" : refusal;
}

/*
 * Every entry point the kernel judges in attach mode: ptrace attach and
 * seize, process_vm_readv and _writev (the victim's scratch must be
 * overwritten exactly when allowed), /proc/PID/mem, pidfd_getfd.
 */
static void expect_attach_mode(struct puppet *actor, struct puppet *victim,
			       enum verdict v)
{
	char answer[128];

	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "attach %d", victim->pid);
	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "seize %d", victim->pid);
	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "vmread %d %lx",
		      victim->pid, victim->secret);
	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "vmwrite %d %lx",
		      victim->pid, victim->scratch);
	puppet_ask(victim, answer, sizeof(answer), "scratch");
	EXPECT_STREQ(v == ALLOWED ? "scratch " WRITTEN : "scratch " SCRATCH,
		     answer)
		TH_LOG("%s wrote to %s", actor->exe, victim->exe);
	puppet_ask(victim, answer, sizeof(answer), "reset");
	ASSERT_STREQ("ok", answer);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "mem %d %lx",
		      victim->pid, victim->secret);
	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "getfd %d %d",
		      victim->pid, victim->held);
}

/*
 * Every entry point judged in read mode: environ, maps, auxv, the fd/N,
 * exe and cwd links, kcmp.
 */
static void expect_read_mode(struct puppet *actor, struct puppet *victim,
			     enum verdict v)
{
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "environ %d",
		      victim->pid);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "maps %d %s",
		      victim->pid, victim->exe);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "auxv %d", victim->pid);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "link %d fd/%d %s",
		      victim->pid, victim->held, HELD_FILE);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "link %d exe %s",
		      victim->pid, victim->exe);
	EXPECT_ACCESS(actor, want(v, EACCES_ANSWER), "link %d cwd %s",
		      victim->pid, TEST_DIR);
	EXPECT_ACCESS(actor, want(v, EPERM_ANSWER), "kcmp %d %d",
		      victim->pid, victim->held);
}

static void expect_ptrace(struct puppet *actor, struct puppet *victim,
			  enum verdict attach, enum verdict read)
{
	expect_attach_mode(actor, victim, attach);
	expect_read_mode(actor, victim, read);
}

/* ---- Policies ---- */

/* Loads @yaml with `ipcwall load'; returns the generation it reports. */
static unsigned long long load_policy(const char *yaml)
{
	return tool_load(POLICY_FILE, yaml);
}

/* The groups every policy here has; the rules follow each. */
#define GROUP(name)							\
	"  - group: " name "\n"						\
	"    members:\n"						\
	"      - exe: " TEST_DIR "/" name "\n"
#define RULES	"    rules:\n"
#define RULE(action, peer_key, peer)					\
	"      - " action ": ptrace\n"					\
	"        " peer_key ": " peer "\n"
#define RULE_OPS(action, peer_key, peer, ops)				\
	RULE(action, peer_key, peer)					\
	"        ops: " ops "\n"

/* ---- The audit records, as the kernel prints them to /dev/kmsg ---- */

#define MAX_RECORDS	8

struct records {
	unsigned int count;
	char text[MAX_RECORDS][AUDIT_RECORD_MAX];
};

/*
 * The kernel prints audit records at most 10 in 5 s (printk_ratelimit()),
 * and the tests before have used that up: wait until the window is over,
 * then open the log at its end.
 */
static int kmsg_open_quiet(void)
{
	int fd = audit_log_open_quiet();

	ASSERT_LE(0, fd) TH_LOG("/dev/kmsg: %s", strerror(-fd));
	return fd;
}

/*
 * Collects for @ms milliseconds the ipcwall records the kernel prints
 * about what process @actor did (kauditd prints them asynchronously, so
 * those of the tests before may still come), each as the text after its
 * "audit(SECONDS.MILLIS:SERIAL): " header, which must be well formed.
 */
static void kmsg_collect(int fd, struct records *r, int ms, pid_t actor)
{
	int n = audit_log_collect(fd, r->text, MAX_RECORDS, 0, 0, ms, actor);
	int i;

	ASSERT_LE(0, n) TH_LOG("/dev/kmsg: %s", strerror(-n));
	for (i = 0; i < n && i < MAX_RECORDS; i++)
		TH_LOG("record: %s", r->text[i]);
	ASSERT_GE(MAX_RECORDS, n);
	r->count = n;
}

/* ---- The fixture ---- */

FIXTURE(ptrace) {
	struct puppet a, a2, b, b2, c, free;
};

FIXTURE_SETUP(ptrace)
{
	static const char *const copies[] = { APP_A, APP_B, APP_C, FREE };
	unsigned int i;

	remove_tree(TEST_DIR);
	ASSERT_EQ(0, mkdir(TEST_DIR, 0755));
	write_file(HELD_FILE, "held open by every puppet\n", 0644);
	for (i = 0; i < sizeof(copies) / sizeof(copies[0]); i++)
		copy_self(copies[i], 0755);
	puppet_start(&self->a, APP_A);
	puppet_start(&self->a2, APP_A);
	puppet_start(&self->b, APP_B);
	puppet_start(&self->b2, APP_B);
	puppet_start(&self->c, APP_C);
	puppet_start(&self->free, FREE);
}

/*
 * The policy goes first: a group whose default denies inbound refuses
 * our SIGKILL too.
 */
FIXTURE_TEARDOWN(ptrace)
{
	char out[4096];
	unsigned int i;

	EXPECT_EQ(0, tool(out, sizeof(out), "unload", NULL))
		TH_LOG("the tool said: %s", out);
	for (i = 0; i < doomed_count; i++)
		EXPECT_EQ(0, kill(doomed[i], SIGKILL))
			TH_LOG("kill %d: %s", doomed[i], strerror(errno));
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	remove_tree(TEST_DIR);
}

/* ---- Without a policy ---- */

/* The battery itself works: with nothing loaded, everything succeeds. */
TEST_F(ptrace, no_policy_allows_all)
{
	expect_ptrace(&self->a, &self->b, ALLOWED, ALLOWED);
	expect_ptrace(&self->free, &self->a, ALLOWED, ALLOWED);
}

/* Groups with no rules change nothing. */
TEST_F(ptrace, groups_without_rules_allow_all)
{
	load_policy("groups:\n" GROUP("appA") GROUP("appB") GROUP("appC"));
	expect_ptrace(&self->a, &self->b, ALLOWED, ALLOWED);
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
	expect_ptrace(&self->free, &self->c, ALLOWED, ALLOWED);
	expect_ptrace(&self->c, &self->free, ALLOWED, ALLOWED);
}

/* ---- Directions ---- */

/* The acting group's outbound rule refuses, whatever the target says. */
TEST_F(ptrace, across_groups_outbound_deny)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES RULE("deny", "to", "appB")
		    GROUP("appB") GROUP("appC"));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);
	expect_ptrace(&self->a, &self->c, ALLOWED, ALLOWED);
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
	expect_ptrace(&self->c, &self->b, ALLOWED, ALLOWED);
}

/* The target group's inbound rule refuses, whatever the actor says. */
TEST_F(ptrace, across_groups_inbound_deny)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("deny", "from", "appA")
		    GROUP("appC"));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);
	expect_ptrace(&self->c, &self->b, ALLOWED, ALLOWED);
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
	expect_ptrace(&self->free, &self->b, ALLOWED, ALLOWED);
}

/* Within a group only a rule naming the group judges. */
TEST_F(ptrace, same_group_only_named_rules_judge)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    "    default: {inbound: deny, outbound: deny}\n"
		    RULES RULE("deny", "to", "\"*\"")
		    RULE("deny", "from", "\"*\"")
		    GROUP("appB") RULES RULE("deny", "to", "appB"));
	/* "*" and the defaults do not apply between members of appA. */
	expect_ptrace(&self->a, &self->a2, ALLOWED, ALLOWED);
	expect_ptrace(&self->a2, &self->a, ALLOWED, ALLOWED);
	/* They do apply across groups. */
	expect_ptrace(&self->a, &self->c, DENIED, DENIED);
	expect_ptrace(&self->c, &self->a, DENIED, DENIED);
	/* appB names itself: its members cannot trace one another. */
	expect_ptrace(&self->b, &self->b2, DENIED, DENIED);
	expect_ptrace(&self->b2, &self->b, DENIED, DENIED);
}

/* The same, decided on the inbound side. */
TEST_F(ptrace, same_group_inbound_rule)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES RULE_OPS("deny", "from", "appA",
						 "attach")
		    GROUP("appB"));
	expect_ptrace(&self->a, &self->a2, DENIED, ALLOWED);
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
}

TEST_F(ptrace, from_unconfined)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("deny", "from", "unconfined"));
	expect_ptrace(&self->free, &self->b, DENIED, DENIED);
	expect_ptrace(&self->a, &self->b, ALLOWED, ALLOWED);
	expect_ptrace(&self->free, &self->a, ALLOWED, ALLOWED);
}

/* An unconfined target judges nothing: the actor's group alone decides. */
TEST_F(ptrace, to_unconfined)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES RULE("deny", "to", "unconfined")
		    GROUP("appB"));
	expect_ptrace(&self->a, &self->free, DENIED, DENIED);
	expect_ptrace(&self->a, &self->b, ALLOWED, ALLOWED);
	expect_ptrace(&self->free, &self->a, ALLOWED, ALLOWED);
	expect_ptrace(&self->b, &self->free, ALLOWED, ALLOWED);
}

/* ---- Read and attach are separate operations ---- */

TEST_F(ptrace, read_allowed_attach_denied)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES
		    RULE_OPS("allow", "from", "appA", "read")
		    RULE_OPS("deny", "from", "appA", "attach"));
	expect_ptrace(&self->a, &self->b, DENIED, ALLOWED);
}

TEST_F(ptrace, attach_allowed_read_denied)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES
		    RULE_OPS("deny", "to", "appB", "read")
		    RULE_OPS("allow", "to", "appB", "attach")
		    GROUP("appB"));
	expect_ptrace(&self->a, &self->b, ALLOWED, DENIED);
}

/* ---- Precedence ---- */

/*
 * ssh-agent: the target's group alone protects it, from everyone,
 * unconfined root included; the tracer's group has no rules.
 */
TEST_F(ptrace, inbound_protection_from_everyone)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("deny", "from", "\"*\""));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);
	expect_ptrace(&self->free, &self->b, DENIED, DENIED);
	/* Inbound only, and not between members. */
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
	expect_ptrace(&self->b, &self->b2, ALLOWED, ALLOWED);
}

/* A named peer is more specific than "*", whatever the order. */
TEST_F(ptrace, named_peer_beats_star)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("deny", "from", "\"*\"")
		    RULE_OPS("allow", "from", "appA", "read")
		    GROUP("appC"));
	expect_ptrace(&self->a, &self->b, DENIED, ALLOWED);
	expect_ptrace(&self->c, &self->b, DENIED, DENIED);
	expect_ptrace(&self->free, &self->b, DENIED, DENIED);
}

/* Between equally specific rules deny beats allow, op by op. */
TEST_F(ptrace, deny_beats_allow)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("allow", "from", "appA")
		    RULE_OPS("deny", "from", "appA", "read"));
	expect_ptrace(&self->a, &self->b, ALLOWED, DENIED);
}

/* Neither side can grant what the other refuses. */
TEST_F(ptrace, both_sides_judge)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES RULE("allow", "to", "appB")
		    GROUP("appB") RULES RULE("deny", "from", "appA"));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);

	load_policy("groups:\n"
		    GROUP("appA") RULES RULE("deny", "to", "\"*\"")
		    GROUP("appB") RULES RULE("allow", "from", "appA"));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);
	expect_ptrace(&self->b, &self->a, ALLOWED, ALLOWED);
}

/* A default decides when no rule matches, never within the group. */
TEST_F(ptrace, inbound_default_deny)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") "    default: {inbound: deny}\n"
		    RULES RULE_OPS("allow", "from", "appA", "read"));
	expect_ptrace(&self->a, &self->b, DENIED, ALLOWED);
	expect_ptrace(&self->free, &self->b, DENIED, DENIED);
	expect_ptrace(&self->b, &self->b2, ALLOWED, ALLOWED);
}

/* ---- PTRACE_TRACEME: the parent, which becomes the tracer, acts ---- */

TEST_F(ptrace, traceme_denied_inbound)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE_OPS("deny", "from", "appA",
						 "attach"));
	/* A's child executes appB (joining it), then asks A to trace it. */
	EXPECT_ACCESS(&self->a, EPERM_ANSWER, "traceme %s", APP_B);
	/* The child is the target: a parent in C is not refused. */
	EXPECT_ACCESS(&self->c, "ok", "traceme %s", APP_B);
}

TEST_F(ptrace, traceme_denied_outbound)
{
	load_policy("groups:\n"
		    GROUP("appA") RULES RULE("deny", "to", "appB")
		    GROUP("appB"));
	EXPECT_ACCESS(&self->a, EPERM_ANSWER, "traceme %s", APP_B);
	/* The child, in B, is not the one acting. */
	EXPECT_ACCESS(&self->b, "ok", "traceme %s", APP_A);
}

TEST_F(ptrace, traceme_is_attach)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE_OPS("deny", "from", "\"*\"",
						 "read"));
	EXPECT_ACCESS(&self->a, "ok", "traceme %s", APP_B);
	EXPECT_ACCESS(&self->free, "ok", "traceme %s", APP_B);
}

TEST_F(ptrace, traceme_from_unconfined_parent)
{
	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE("deny", "from", "unconfined"));
	EXPECT_ACCESS(&self->free, EPERM_ANSWER, "traceme %s", APP_B);
	EXPECT_ACCESS(&self->a, "ok", "traceme %s", APP_B);
}

/* ---- A traced process that executes a program ---- */

/*
 * A traced process that execs into another group is judged as if its
 * tracer attached to it there: refused, the exec fails with EPERM and
 * the process runs on, in its group, still traced.
 */
TEST_F(ptrace, traced_exec_judged_as_attach)
{
	char answer[128];

	load_policy("groups:\n"
		    GROUP("appA")
		    GROUP("appB") RULES RULE_OPS("deny", "from", "appA",
						 "attach")
		    GROUP("appC"));
	EXPECT_ACCESS(&self->a, "ok", "hold %d", self->c.pid);
	puppet_ask(&self->c, answer, sizeof(answer), "exec %s", APP_B);
	EXPECT_STREQ(EPERM_ANSWER, answer);
	/* Still the same image, in appC, traced by A. */
	EXPECT_ACCESS(&self->b, "ok", "link %d exe %s", self->c.pid, APP_C);
	/* An exec that leaves it in appC, which A may attach to, succeeds. */
	puppet_ask(&self->c, NULL, 0, "exec %s", FREE);
	puppet_ready(&self->c, FREE);
	EXPECT_ACCESS(&self->a, "ok", "release %d", self->c.pid);
	/* Untraced, the exec into appB goes through. */
	puppet_ask(&self->c, NULL, 0, "exec %s", APP_B);
	puppet_ready(&self->c, APP_B);
	expect_ptrace(&self->a, &self->c, DENIED, ALLOWED);
}

/* ---- A process acting on itself ---- */

/*
 * Every access to oneself, from the main thread or another thread,
 * succeeds under a policy that denies everything else, the group's own
 * members included.
 */
TEST_F(ptrace, self_never_refused)
{
	struct puppet *a = &self->a;
	const char *const via[] = { "", "thread " };
	char answer[128];
	unsigned int i;

	load_policy("groups:\n"
		    GROUP("appA")
		    "    default: {inbound: deny, outbound: deny}\n"
		    RULES RULE("deny", "to", "appA")
		    RULE("deny", "from", "appA")
		    RULE("deny", "to", "\"*\"")
		    RULE("deny", "from", "\"*\""));
	for (i = 0; i < 2; i++) {
		EXPECT_ACCESS(a, "ok", "%svmread %d %lx", via[i], a->pid,
			      a->secret);
		EXPECT_ACCESS(a, "ok", "%svmwrite %d %lx", via[i], a->pid,
			      a->scratch);
		puppet_ask(a, answer, sizeof(answer), "scratch");
		EXPECT_STREQ("scratch " WRITTEN, answer);
		puppet_ask(a, answer, sizeof(answer), "reset");
		EXPECT_ACCESS(a, "ok", "%smem %d %lx", via[i], a->pid,
			      a->secret);
		EXPECT_ACCESS(a, "ok", "%sgetfd %d %d", via[i], a->pid,
			      a->held);
		EXPECT_ACCESS(a, "ok", "%senviron %d", via[i], a->pid);
		EXPECT_ACCESS(a, "ok", "%smaps %d %s", via[i], a->pid, APP_A);
		EXPECT_ACCESS(a, "ok", "%sauxv %d", via[i], a->pid);
		EXPECT_ACCESS(a, "ok", "%slink %d fd/%d %s", via[i], a->pid,
			      a->held, HELD_FILE);
		EXPECT_ACCESS(a, "ok", "%slink %d exe %s", via[i], a->pid,
			      APP_A);
		EXPECT_ACCESS(a, "ok", "%slink %d cwd %s", via[i], a->pid,
			      TEST_DIR);
		EXPECT_ACCESS(a, "ok", "%skcmp %d %d", via[i], a->pid,
			      a->held);
	}
	/* The policy is in force: another member is refused. */
	expect_ptrace(a, &self->a2, DENIED, DENIED);
}

/* ---- Complain mode, audit ---- */

/*
 * Every field of the record of one refused PTRACE_ATTACH, then of one
 * refused PTRACE_TRACEME, where the parent is the subject.
 */
TEST_F(ptrace, denied_record)
{
	char answer[128], want[AUDIT_RECORD_MAX];
	unsigned long long generation;
	struct records r;
	int kmsg, child = 0;

	generation = load_policy("groups:\n"
				 GROUP("appA")
				 GROUP("appB") RULES
				 RULE_OPS("allow", "from", "appA", "read")
				 RULE_OPS("deny", "from", "appA", "attach"));
	kmsg = kmsg_open_quiet();
	EXPECT_ACCESS(&self->a, EPERM_ANSWER, "attach %d", self->b.pid);
	kmsg_collect(kmsg, &r, 2000, self->a.pid);
	ASSERT_EQ(1, r.count);
	snprintf(want, sizeof(want),
		 "ipcwall=denied class=ptrace op=attach pid=%d tgid=%d comm=\"appA\" uid=0 group=appA target_pid=%d target_comm=\"appB\" target_group=appB decided_by=appB direction=inbound rule=2 generation=%llu",
		 self->a.pid, self->a.pid, self->b.pid, generation);
	EXPECT_STREQ(want, r.text[0]);

	puppet_ask(&self->a, answer, sizeof(answer), "traceme-pid %s", APP_B);
	ASSERT_EQ(1, sscanf(answer, "child %d err 1", &child))
		TH_LOG("traceme: %s", answer);
	kmsg_collect(kmsg, &r, 2000, self->a.pid);
	close(kmsg);
	ASSERT_EQ(1, r.count);
	snprintf(want, sizeof(want),
		 "ipcwall=denied class=ptrace op=attach pid=%d tgid=%d comm=\"appA\" uid=0 group=appA target_pid=%d target_comm=\"appB\" target_group=appB decided_by=appB direction=inbound rule=2 generation=%llu",
		 self->a.pid, self->a.pid, child, generation);
	EXPECT_STREQ(want, r.text[0]);
}

/*
 * A complain-mode group's denial lets the access through, with a
 * "complained" record; an enforcing group's denial on the other side
 * still refuses.
 */
TEST_F(ptrace, complain_mode)
{
	unsigned long long generation;
	struct records r;
	char want[AUDIT_RECORD_MAX];
	int kmsg;

	generation = load_policy("groups:\n"
				 GROUP("appA") "    mode: complain\n"
				 RULES RULE("deny", "to", "appB")
				 GROUP("appB"));
	kmsg = kmsg_open_quiet();
	EXPECT_ACCESS(&self->a, "ok", "environ %d", self->b.pid);
	kmsg_collect(kmsg, &r, 2000, self->a.pid);
	close(kmsg);
	ASSERT_EQ(1, r.count);
	snprintf(want, sizeof(want),
		 "ipcwall=complained class=ptrace op=read pid=%d tgid=%d comm=\"appA\" uid=0 group=appA target_pid=%d target_comm=\"appB\" target_group=appB decided_by=appA direction=outbound rule=1 generation=%llu",
		 self->a.pid, self->a.pid, self->b.pid, generation);
	EXPECT_STREQ(want, r.text[0]);
	expect_ptrace(&self->a, &self->b, ALLOWED, ALLOWED);

	load_policy("groups:\n"
		    GROUP("appA") "    mode: complain\n"
		    RULES RULE("deny", "to", "appB")
		    GROUP("appB") RULES RULE("deny", "from", "appA"));
	expect_ptrace(&self->a, &self->b, DENIED, DENIED);
}

/*
 * An allow rule with audit: true leaves an "allowed" record; a comm with
 * a blank in it is hex-encoded.
 */
TEST_F(ptrace, audited_allow)
{
	unsigned long long generation;
	struct records r;
	char want[AUDIT_RECORD_MAX];
	int kmsg;

	generation = load_policy("groups:\n"
				 GROUP("appA")
				 GROUP("appB") RULES
				 RULE_OPS("allow", "from", "appA", "read")
				 "        audit: true\n");
	EXPECT_ACCESS(&self->a, "ok", "name my app");
	kmsg = kmsg_open_quiet();
	EXPECT_ACCESS(&self->a, "ok", "environ %d", self->b.pid);
	kmsg_collect(kmsg, &r, 2000, self->a.pid);
	close(kmsg);
	ASSERT_EQ(1, r.count);
	snprintf(want, sizeof(want),
		 "ipcwall=allowed class=ptrace op=read pid=%d tgid=%d comm=6D7920617070 uid=0 group=appA target_pid=%d target_comm=\"appB\" target_group=appB decided_by=appB direction=inbound rule=1 generation=%llu",
		 self->a.pid, self->a.pid, self->b.pid, generation);
	EXPECT_STREQ(want, r.text[0]);
}

/*
 * /proc/PID/stat shows a process's code and stack addresses only when a
 * read check with PTRACE_MODE_NOAUDIT passes (do_task_stat(), on 6.1 as
 * on 6.12): startcode reads 1 and startstack 0 otherwise. Refused there,
 * the check leaves no record; the next audited refusal does.
 */
TEST_F(ptrace, noaudit_check_not_recorded)
{
	unsigned long long startcode = 0, startstack = 0;
	struct records r;
	char answer[128], want[AUDIT_RECORD_MAX];
	unsigned long long generation;
	int kmsg;

	puppet_ask(&self->free, answer, sizeof(answer), "stat %d",
		   self->b.pid);
	ASSERT_EQ(2, sscanf(answer, "stat %llu %llu", &startcode,
			    &startstack)) TH_LOG("%s", answer);
	EXPECT_LT(1, startcode);
	EXPECT_NE(0, startstack);

	generation = load_policy("groups:\n"
				 GROUP("appB") RULES
				 RULE("deny", "from", "\"*\""));
	kmsg = kmsg_open_quiet();
	puppet_ask(&self->free, answer, sizeof(answer), "stat %d",
		   self->b.pid);
	EXPECT_STREQ("stat 1 0", answer);
	kmsg_collect(kmsg, &r, 2000, self->free.pid);
	EXPECT_EQ(0, r.count);

	EXPECT_ACCESS(&self->free, EACCES_ANSWER, "environ %d", self->b.pid);
	kmsg_collect(kmsg, &r, 2000, self->free.pid);
	close(kmsg);
	ASSERT_EQ(1, r.count);
	snprintf(want, sizeof(want),
		 "ipcwall=denied class=ptrace op=read pid=%d tgid=%d comm=\"free\" uid=0 group=unconfined target_pid=%d target_comm=\"appB\" target_group=appB decided_by=appB direction=inbound rule=1 generation=%llu",
		 self->free.pid, self->free.pid, self->b.pid, generation);
	EXPECT_STREQ(want, r.text[0]);
}

TEST_HARNESS_MAIN
