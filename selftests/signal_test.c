// SPDX-License-Identifier: GPL-2.0
/*
 * Signal mediation end to end (docs/policy.md, "signal"): every way one
 * process signals another (kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo, pidfd_send_signal, process groups, kill(-1), SIGIO
 * and SIGURG through a file owner) judged by both sides of a policy loaded
 * with the tool, what a denial leaves behind (nothing), what is never
 * judged (a process signalling itself, signals the kernel sends on its own
 * behalf), complain mode and the audit records.
 *
 * The processes under test are peers, puppets (puppet.h) of their own
 * kind: copies of this very program under the paths the policies' exe
 * selectors match (/tmp/signal-test/appA...), started with PEER_ENV set to
 * the base name of two FIFOs, which makes them obey commands read from
 * BASE.cmd and answer on BASE.ack instead of running the tests. FIFOs by
 * name let a peer start another peer (its child) that the test then
 * drives too. Every peer blocks every signal, so whatever reaches it
 * stays pending, where the test reads it (/proc/PID/task/TID/status:
 * SigPnd for the thread, ShdPnd for the process) or the peer takes it
 * with sigtimedwait() to show its siginfo.
 *
 * Runs as root in a test VM with the module loaded and no policy; $IPCWALL
 * is the tool. The test process itself stays in no group (unconfined).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "audit_log.h"
#include "policy_nl.h"
#include "puppet_common.h"
#include "tasks_nl.h"

#define TEST_DIR	"/tmp/signal-test"
#define PEER_DIR	TEST_DIR "/peers"
#define POLICY_FILE	TEST_DIR "/policy.yaml"
#define PEER_ENV	"IPCWALL_SIGNAL_TEST_PEER"

/* Bit of signal @n in a mask of /proc/PID/status. */
#define SIGBIT(n)	(1ULL << ((n) - 1))
#define RTMIN		34	/* as policies and kill -l number it */

/* ---- The peer side: runs instead of the tests when PEER_ENV is set ---- */

static int peer_owned[16];	/* files whose owner the peer set: kept open */
static unsigned int peer_owned_count;

/* The answer to a system call: "ret VALUE ERRNO". */
static void peer_ret(long ret)
{
	puppet_say("ret %ld %d", ret, ret < 0 ? errno : 0);
}

static pthread_barrier_t peer_barrier;
static pid_t peer_thread_tid;

static void *peer_thread(void *unused)
{
	peer_thread_tid = gettid();
	pthread_barrier_wait(&peer_barrier);
	for (;;)
		pause();
	return unused;
}

/* Takes every pending signal of the process and of this thread. */
static void peer_take(void)
{
	struct timespec zero = { 0, 0 };
	char line[900] = "got";
	size_t len = 3;
	siginfo_t si;
	sigset_t all;

	sigfillset(&all);
	while (sigtimedwait(&all, &si, &zero) > 0 && len < sizeof(line) - 64)
		len += snprintf(line + len, sizeof(line) - len, " %d,%d,%d,%d",
				si.si_signo, si.si_code, si.si_pid,
				si.si_code == SI_QUEUE || si.si_code == SI_MESGQ ?
				si.si_value.sival_int : 0);
	puppet_say("%s", line);
}

static void peer_spawn(const char *name, const char *path)
{
	char base[256];
	const char *const env[] = { PEER_ENV, base, NULL };

	snprintf(base, sizeof(base), PEER_DIR "/%s", name);
	puppet_say("pid %d", puppet_fork_exec(path, env, -1, -1));
}

/*
 * A child whose exit signal is @exit_signal, which moves into @group and
 * exits: 0 once it is there. It cannot get there by exec, which resets
 * the exit signal to SIGCHLD.
 */
static void peer_clone_exit(int exit_signal, const char *group)
{
	struct policy_conn c;
	pid_t pid;

	/* A raw clone() without CLONE_VM is a fork with another exit signal. */
	pid = syscall(SYS_clone, exit_signal, NULL, NULL, NULL, 0);
	if (!pid) {
		if (pc_open(&c))
			_exit(2);
		_exit(tn_group_join(&c, group, NULL) ? 3 : 0);
	}
	puppet_say("pid %d", pid);
}

/* Opens FIFO @path and makes @target its owner, @how: pid, tid or pgrp. */
static long peer_own(const char *path, const char *how, pid_t target, int sig)
{
	struct f_owner_ex owner = { .pid = target };
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (peer_owned_count < sizeof(peer_owned) / sizeof(peer_owned[0]))
		peer_owned[peer_owned_count++] = fd;
	if (!strcmp(how, "pid")) {
		if (fcntl(fd, F_SETOWN, target))
			return -1;
	} else if (!strcmp(how, "pgrp")) {
		if (fcntl(fd, F_SETOWN, -target))
			return -1;
	} else {
		owner.type = F_OWNER_TID;
		if (fcntl(fd, F_SETOWN_EX, &owner))
			return -1;
	}
	if (sig && fcntl(fd, F_SETSIG, sig))
		return -1;
	return fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK | O_ASYNC);
}

static long peer_poke(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	long ret;

	if (fd < 0)
		return -1;
	ret = write(fd, "x", 1);
	close(fd);
	return ret;
}

/*
 * A connected pair of sockets, the first owned by @target through
 * ioctl(FIOSETOWN) and made asynchronous by ioctl(FIOASYNC); then a byte
 * written into the second, which sends SIGIO. Both stay open.
 */
static long peer_socket_owner(pid_t target)
{
	int sv[2], on = 1;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) ||
	    ioctl(sv[0], FIOSETOWN, &target) || ioctl(sv[0], FIOASYNC, &on))
		return -1;
	return write(sv[1], "x", 1);
}

/*
 * A TCP connection over loopback whose receiving socket @target owns;
 * then one byte of urgent data, which sends it SIGURG.
 */
static long peer_urgent(pid_t target)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lsn, cli, srv;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lsn = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lsn < 0 || cli < 0 || bind(lsn, (void *)&addr, sizeof(addr)) ||
	    listen(lsn, 1) || getsockname(lsn, (void *)&addr, &len) ||
	    connect(cli, (void *)&addr, sizeof(addr)))
		return -1;
	srv = accept4(lsn, NULL, NULL, SOCK_CLOEXEC);
	if (srv < 0 || fcntl(srv, F_SETOWN, target))
		return -1;
	/* Kept open: the owner is the file's. */
	return send(cli, "!", 1, MSG_OOB);
}

static long peer_timer(pid_t tid, int sig)
{
	struct itimerspec its = { .it_value = { 0, 10 * 1000 * 1000 } };
	struct sigevent sev = { .sigev_signo = sig };
	timer_t timer;

	if (tid) {
		sev.sigev_notify = SIGEV_THREAD_ID;
		sev._sigev_un._tid = tid;
	} else {
		sev.sigev_notify = SIGEV_SIGNAL;
	}
	if (syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &timer))
		return -1;
	return syscall(SYS_timer_settime, timer, 0, &its, NULL);
}

static long peer_mq_notify(const char *name, int sig)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = sig,
		.sigev_value.sival_int = 77,
	};
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0600, NULL);

	if (q < 0)
		return -1;
	return mq_notify(q, &sev);
}

static long peer_mq_send(const char *name)
{
	mqd_t q = mq_open(name, O_WRONLY | O_CLOEXEC);
	long ret;

	if (q < 0)
		return -1;
	ret = mq_send(q, "m", 1, 0);
	mq_close(q);
	return ret;
}

static long peer_sigpipe(void)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	close(fds[0]);
	return write(fds[1], "x", 1);
}

/* rt_tgsigqueueinfo(), which glibc does not wrap, as sigqueue() fills it. */
static long peer_tgsigqueue(pid_t tgid, pid_t tid, int sig, int value)
{
	siginfo_t si = {
		.si_signo = sig,
		.si_code = SI_QUEUE,
	};

	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = value;
	return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si);
}

static long peer_pidfd_send(pid_t pid, int sig)
{
	int fd = syscall(SYS_pidfd_open, pid, 0);
	long ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
	close(fd);
	return ret;
}

/* Writes through @nowhere, which the caller makes NULL. */
static void __attribute__((noinline)) peer_fault(volatile int *nowhere)
{
	*nowhere = 0;
}

static void peer_command(char *line)
{
	char cmd[32] = "", s1[256] = "", s2[256] = "";
	int a = 0, b = 0, c = 0, d = 0, status;
	union sigval value;
	pthread_t thread;

	sscanf(line, "%31s", cmd);
	if (sscanf(line, "kill %d %d", &a, &b) == 2) {
		peer_ret(kill(a, b));
	} else if (sscanf(line, "tkill %d %d", &a, &b) == 2) {
		peer_ret(syscall(SYS_tkill, a, b));
	} else if (sscanf(line, "tgkill %d %d %d", &a, &b, &c) == 3) {
		peer_ret(syscall(SYS_tgkill, a, b, c));
	} else if (sscanf(line, "sigqueue %d %d %d", &a, &b, &c) == 3) {
		value.sival_int = c;
		peer_ret(sigqueue(a, b, value));
	} else if (sscanf(line, "tgsigqueue %d %d %d %d", &a, &b, &c, &d) == 4) {
		peer_ret(peer_tgsigqueue(a, b, c, d));
	} else if (sscanf(line, "pidfd %d %d", &a, &b) == 2) {
		peer_ret(peer_pidfd_send(a, b));
	} else if (!strcmp(cmd, "thread")) {
		pthread_barrier_init(&peer_barrier, NULL, 2);
		if (pthread_create(&thread, NULL, peer_thread, NULL))
			_exit(2);
		pthread_barrier_wait(&peer_barrier);
		puppet_say("tid %d", peer_thread_tid);
	} else if (!strcmp(cmd, "take")) {
		peer_take();
	} else if (sscanf(line, "setpgid %d", &a) == 1) {
		peer_ret(setpgid(0, a));
	} else if (sscanf(line, "spawn %255s %255s", s1, s2) == 2) {
		peer_spawn(s1, s2);
	} else if (sscanf(line, "clone-exit %d %255s", &a, s1) == 2) {
		peer_clone_exit(a, s1);
	} else if (sscanf(line, "wait %d", &a) == 1) {
		if (waitpid(a, &status, __WALL) != a)
			puppet_say("status error %d", errno);
		else
			puppet_say("status %d", status);
	} else if (sscanf(line, "exit %d", &a) == 1) {
		_exit(a);
	} else if (!strcmp(cmd, "segv")) {
		peer_fault(NULL);
	} else if (!strcmp(cmd, "sigpipe")) {
		peer_ret(peer_sigpipe());
	} else if (sscanf(line, "itimer %d", &a) == 1) {
		struct itimerval it = { .it_value = { 0, a } };

		peer_ret(setitimer(ITIMER_REAL, &it, NULL));
	} else if (sscanf(line, "alarm %d", &a) == 1) {
		alarm(a);
		peer_ret(0);
	} else if (sscanf(line, "timer %d %d", &a, &b) == 2) {
		peer_ret(peer_timer(a, b));
	} else if (sscanf(line, "mqnotify %255s %d", s1, &a) == 2) {
		peer_ret(peer_mq_notify(s1, a));
	} else if (sscanf(line, "mqsend %255s", s1) == 1) {
		peer_ret(peer_mq_send(s1));
	} else if (sscanf(line, "pdeathsig %d", &a) == 1) {
		peer_ret(prctl(PR_SET_PDEATHSIG, a));
	} else if (!strncmp(line, "comm ", 5)) {
		peer_ret(prctl(PR_SET_NAME, line + 5));
	} else if (sscanf(line, "own %255s %31s %d %d", s1, s2, &a, &b) == 4) {
		peer_ret(peer_own(s1, s2, a, b));
	} else if (sscanf(line, "poke %255s", s1) == 1) {
		peer_ret(peer_poke(s1));
	} else if (sscanf(line, "sockown %d", &a) == 1) {
		peer_ret(peer_socket_owner(a));
	} else if (sscanf(line, "urgent %d", &a) == 1) {
		peer_ret(peer_urgent(a));
	} else {
		puppet_say("unknown %s", line);
	}
}

static void __attribute__((constructor)) peer_main_when_asked(void)
{
	const char *base = getenv(PEER_ENV);
	struct rlimit no_core = { 0, 0 };
	char path[300], self[32] = "";
	sigset_t all;
	ssize_t n;

	if (!base)
		return;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* A peer that faults on purpose leaves no core behind. */
	setrlimit(RLIMIT_CORE, &no_core);
	snprintf(path, sizeof(path), "%s.cmd", base);
	puppet_cmd_fd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s.ack", base);
	puppet_ack_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (puppet_cmd_fd < 0 || puppet_ack_fd < 0)
		_exit(3);
	/* /proc is the initial pid namespace's: /proc/self is our pid there. */
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (n <= 0)
		_exit(3);
	self[n] = '\0';
	puppet_say("ready %d %s", getpid(), self);
	puppet_serve(peer_command);
}

/* ---- The test side ---- */

struct peer {
	struct puppet_io io;	/* its who: "peer NAME" */
	char comm[16];	/* its program's name, as the kernel names it */
	pid_t pid;	/* in its pid namespace: what other peers aim at */
	pid_t outer;	/* in ours: for /proc and for the test's own signals */
};

/* Has the peer make a system call: 0 when it succeeded, else its errno. */
static int __attribute__((format(printf, 2, 3)))
peer_call(struct peer *p, const char *fmt, ...)
{
	char line[600], answer[64];
	long ret = 0;
	va_list ap;
	int err = 0;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	puppet_ask(p, answer, sizeof(answer), "%s", line);
	ASSERT_EQ(2, sscanf(answer, "ret %ld %d", &ret, &err))
		TH_LOG("%s: %s answered \"%s\"", line, p->io.who, answer);
	if (ret < 0)
		ASSERT_NE(0, err);
	return ret < 0 ? err : 0;
}

/* Two FIFOs for peer @name, open at our end before the peer opens its. */
static void peer_prepare(struct peer *p, const char *name)
{
	char path[300];

	snprintf(p->io.who, sizeof(p->io.who), "peer %s", name);
	snprintf(path, sizeof(path), PEER_DIR "/%s.cmd", name);
	ASSERT_EQ(0, mkfifo(path, 0600)) TH_LOG("%s: %s", path, strerror(errno));
	p->io.cmd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, p->io.cmd);
	snprintf(path, sizeof(path), PEER_DIR "/%s.ack", name);
	ASSERT_EQ(0, mkfifo(path, 0600));
	p->io.ack = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, p->io.ack);
}

static void peer_ready(struct peer *p)
{
	char line[128];

	puppet_answer(p, line, sizeof(line));
	ASSERT_EQ(2, sscanf(line, "ready %d %d", &p->pid, &p->outer))
		TH_LOG("%s answered \"%s\"", p->io.who, line);
	doom(p->outer);
}

/* Starts peer @name, our child, executing TEST_DIR/@app. */
static void peer_start(struct peer *p, const char *name, const char *app)
{
	char base[300], path[300];
	const char *const env[] = { PEER_ENV, base, NULL };
	pid_t pid;

	peer_prepare(p, name);
	snprintf(p->comm, sizeof(p->comm), "%s", app);
	snprintf(base, sizeof(base), PEER_DIR "/%s", name);
	snprintf(path, sizeof(path), TEST_DIR "/%s", app);
	pid = puppet_fork_exec(path, env, -1, -1);
	ASSERT_LE(0, pid);
	doom(pid);
	peer_ready(p);
}

/* Peer @parent starts peer @name, its child, executing TEST_DIR/@app. */
static void peer_start_child(struct peer *parent, struct peer *p,
			     const char *name, const char *app)
{
	char answer[64];
	int pid = 0;

	peer_prepare(p, name);
	snprintf(p->comm, sizeof(p->comm), "%s", app);
	puppet_ask(parent, answer, sizeof(answer), "spawn %s " TEST_DIR "/%s",
		   name, app);
	ASSERT_EQ(1, sscanf(answer, "pid %d", &pid))
		TH_LOG("spawn: \"%s\"", answer);
	peer_ready(p);
	ASSERT_EQ(pid, p->pid);
}

/* A second thread of the peer, blocking every signal too: its tid. */
static pid_t peer_new_thread(struct peer *p)
{
	char answer[64];
	int tid = 0;

	puppet_ask(p, answer, sizeof(answer), "thread");
	ASSERT_EQ(1, sscanf(answer, "tid %d", &tid)) TH_LOG("\"%s\"", answer);
	return tid;
}

/* What the peer takes of its pending signals, as "got SIG,CODE,PID,VALUE...". */
static void peer_take_all(struct peer *p, char *answer, size_t size)
{
	puppet_ask(p, answer, size, "take");
}

/* One field of /proc/@pid/task/@tid/status, in hexadecimal. */
static uint64_t status_mask(pid_t pid, pid_t tid, const char *field)
{
	char path[64], line[256];
	uint64_t mask = 0;
	size_t len = strlen(field);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
	f = fopen(path, "re");
	ASSERT_NE(NULL, f) TH_LOG("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			found = sscanf(line + len + 1, "%" SCNx64, &mask) == 1;
			break;
		}
	fclose(f);
	ASSERT_TRUE(found) TH_LOG("%s: no %s", path, field);
	return mask;
}

/* Signals pending for the peer's process, or for its main thread. */
static uint64_t pending(struct peer *p)
{
	return status_mask(p->outer, p->outer, "ShdPnd") |
	       status_mask(p->outer, p->outer, "SigPnd");
}

/* Signals pending for thread @tid (in the peer's namespace = ours here). */
static uint64_t thread_pending(struct peer *p, pid_t tid)
{
	return status_mask(p->outer, tid, "SigPnd");
}

/* Waits up to 5 s for @mask to be all pending for the peer. */
static uint64_t wait_pending(struct peer *p, uint64_t mask)
{
	uint64_t seen = 0;
	int i;

	for (i = 0; i < 500; i++) {
		seen = pending(p);
		if ((seen & mask) == mask)
			break;
		usleep(10000);
	}
	return seen;
}

/* Drains the peer's pending signals (of the process and main thread). */
static void drain(struct peer *p)
{
	char answer[900];

	peer_take_all(p, answer, sizeof(answer));
	ASSERT_EQ(0, pending(p));
}

/* ---- Policies ---- */

/* Loads the policy written in @yaml with `ipcwall load'; its generation. */
static uint64_t load_policy(const char *yaml)
{
	return tool_load(POLICY_FILE, yaml);
}

/*
 * Policies are written in YAML, as an administrator would. Group X is the
 * processes executing TEST_DIR/appX.
 */
#define POLICY		"groups:\n"
#define GROUP(name)	"  - group: " name "\n"				\
			"    members:\n"				\
			"      - exe: " TEST_DIR "/app" name "\n"
#define COMPLAIN	"    mode: complain\n"
#define DEFAULT(side, action) "    default:\n      " side ": " action "\n"
#define RULES		"    rules:\n"
#define RULE(action, side, peer, signals)				\
			"      - " action ": signal\n"			\
			"        " side ": " peer "\n"			\
			"        signals: " signals "\n"
#define AUDITED		"        audit: true\n"
#define ANYONE		"\"*\""

/* ---- The fixture ---- */

FIXTURE(signal) {
	struct policy_conn c;
};

FIXTURE_SETUP(signal)
{
	static const char *const apps[] = { "appA", "appB", "appC", "other" };
	char path[256];
	unsigned int i;
	int err;

	err = pc_open(&self->c);
	ASSERT_EQ(0, err) TH_LOG("no ipcwall family (%s): load the module first",
				 strerror(-err));
	/* Orphans of peers come to us, to be reaped in the teardown. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	remove_tree(TEST_DIR);
	ASSERT_EQ(0, mkdir(TEST_DIR, 0755));
	ASSERT_EQ(0, mkdir(PEER_DIR, 0755));
	for (i = 0; i < sizeof(apps) / sizeof(apps[0]); i++) {
		snprintf(path, sizeof(path), TEST_DIR "/%s", apps[i]);
		copy_self(path, 0755);
	}
}

FIXTURE_TEARDOWN(signal)
{
	uint64_t generation;
	unsigned int i;
	int err;

	/* First, as a policy may keep us from killing the peers. */
	err = pc_unload(&self->c, &generation);
	EXPECT_EQ(0, err) TH_LOG("UNLOAD: %s \"%s\"", strerror(err),
				 self->c.reply.ext_msg);
	for (i = 0; i < doomed_count; i++)
		kill(doomed[i], SIGKILL);
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
	EXPECT_EQ(ECHILD, errno);
	pc_close(&self->c);
	remove_tree(TEST_DIR);
}

/* ---- Every entry point ---- */

enum entry { BY_KILL, BY_TKILL, BY_TGKILL, BY_SIGQUEUE, BY_TGSIGQUEUE,
	     BY_PIDFD };

/* @from sends @sig to @to: to its process, or to its thread @tid. */
static int send_by(struct peer *from, enum entry e, struct peer *to,
		   pid_t tid, int sig)
{
	switch (e) {
	case BY_KILL:
		return peer_call(from, "kill %d %d", to->pid, sig);
	case BY_TKILL:
		return peer_call(from, "tkill %d %d", tid, sig);
	case BY_TGKILL:
		return peer_call(from, "tgkill %d %d %d", to->pid, tid, sig);
	case BY_SIGQUEUE:
		return peer_call(from, "sigqueue %d %d 7", to->pid, sig);
	case BY_TGSIGQUEUE:
		return peer_call(from, "tgsigqueue %d %d %d 7", to->pid, tid,
				 sig);
	default:
		return peer_call(from, "pidfd %d %d", to->pid, sig);
	}
}

/* B refuses TERM from A, and nothing else. */
static const char entry_policy[] =
	POLICY
	GROUP("A")
	GROUP("B")
	RULES
	RULE("deny", "from", "A", "[TERM]");

static void entry_point_judged(enum entry e)
{
	bool threaded = e == BY_TKILL || e == BY_TGKILL || e == BY_TGSIGQUEUE;
	bool queued = e == BY_SIGQUEUE || e == BY_TGSIGQUEUE;
	char got[900], want[128];
	struct peer a, b;
	pid_t tid;

	load_policy(entry_policy);
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	tid = peer_new_thread(&b);

	EXPECT_EQ(EPERM, send_by(&a, e, &b, tid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, thread_pending(&b, tid));

	EXPECT_EQ(0, send_by(&a, e, &b, tid, SIGUSR1));
	if (threaded) {
		EXPECT_EQ(SIGBIT(SIGUSR1), thread_pending(&b, tid));
		EXPECT_EQ(0, pending(&b));
	} else {
		EXPECT_EQ(SIGBIT(SIGUSR1), pending(&b));
		EXPECT_EQ(0, thread_pending(&b, tid));
		/* Exactly what it would be without the module. */
		peer_take_all(&b, got, sizeof(got));
		snprintf(want, sizeof(want), "got %d,%d,%d,%d", SIGUSR1,
			 queued ? SI_QUEUE : SI_USER, a.pid, queued ? 7 : 0);
		EXPECT_STREQ(want, got);
	}

	/* TERM from anyone else, here the other way round, goes through. */
	EXPECT_EQ(0, send_by(&b, e, &a, a.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&a));
}

TEST_F(signal, kill_judged)
{
	entry_point_judged(BY_KILL);
}

TEST_F(signal, tkill_judged)
{
	entry_point_judged(BY_TKILL);
}

TEST_F(signal, tgkill_judged)
{
	entry_point_judged(BY_TGKILL);
}

TEST_F(signal, rt_sigqueueinfo_judged)
{
	entry_point_judged(BY_SIGQUEUE);
}

TEST_F(signal, rt_tgsigqueueinfo_judged)
{
	entry_point_judged(BY_TGSIGQUEUE);
}

TEST_F(signal, pidfd_send_signal_judged)
{
	entry_point_judged(BY_PIDFD);
}

/*
 * kill(-pgid): every member judged on its own; __kill_pgrp_info() returns
 * 0 when at least one member got the signal, else the last member's error
 * (6.1 and 6.12 alike).
 */
TEST_F(signal, kill_process_group_judges_each_member)
{
	struct peer a, b, c, u, c2, u2;

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", "unconfined", "[USR1]")
		    GROUP("B")
		    GROUP("C")
		    RULES
		    RULE("deny", "from", "A", "[USR1]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	peer_start(&u, "u", "other");
	peer_start(&c2, "c2", "appC");
	peer_start(&u2, "u2", "other");
	/* Two process groups: {b, c, u} and {c2, u2}. */
	ASSERT_EQ(0, peer_call(&b, "setpgid 0"));
	ASSERT_EQ(0, peer_call(&c, "setpgid %d", b.pid));
	ASSERT_EQ(0, peer_call(&u, "setpgid %d", b.pid));
	ASSERT_EQ(0, peer_call(&c2, "setpgid 0"));
	ASSERT_EQ(0, peer_call(&u2, "setpgid %d", c2.pid));

	/* Mixed: only b may get it, and the call succeeds. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", -b.pid, SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&b));
	EXPECT_EQ(0, pending(&c));
	EXPECT_EQ(0, pending(&u));

	/* Nobody may: the last member's EPERM, and nothing anywhere. */
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", -c2.pid, SIGUSR1));
	EXPECT_EQ(0, pending(&c2));
	EXPECT_EQ(0, pending(&u2));
	/* Signal 0 is allowed to both. */
	EXPECT_EQ(0, peer_call(&a, "kill %d 0", -c2.pid));

	/* What every member allows reaches every member. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", -b.pid, SIGHUP));
	EXPECT_EQ(SIGBIT(SIGUSR1) | SIGBIT(SIGHUP), pending(&b));
	EXPECT_EQ(SIGBIT(SIGHUP), pending(&c));
	EXPECT_EQ(SIGBIT(SIGHUP), pending(&u));

	/* From an unconfined process, C's rule does not apply. */
	EXPECT_EQ(0, kill(-c2.outer, SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&c2));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&u2));
}

/*
 * kill(-1) signals every process but init and the caller. It runs in a
 * new pid namespace, where every process is one of our peers, so that
 * it cannot reach anything else of the VM, the test runner included
 * (kill_something_info() only takes the processes with a pid in the
 * caller's namespace). EPERM of single processes does not count: the
 * call returns 0 even when every process was refused.
 */
TEST_F(signal, kill_minus_one_judges_each_process)
{
	struct peer init, a, b, c, u;

	load_policy(POLICY
		    GROUP("A")
		    DEFAULT("outbound", "deny")
		    RULES
		    RULE("allow", "to", "B", "[USR1, 0]")
		    GROUP("B")
		    GROUP("C"));
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	peer_start(&init, "init", "other");
	ASSERT_EQ(1, init.pid);
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	peer_start(&u, "u", "other");

	EXPECT_EQ(0, peer_call(&a, "kill -1 %d", SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&b));
	EXPECT_EQ(0, pending(&c));
	EXPECT_EQ(0, pending(&u));
	EXPECT_EQ(0, pending(&a));
	EXPECT_EQ(0, pending(&init));
	EXPECT_EQ(0, peer_call(&a, "kill -1 0"));
	drain(&b);

	/* Every process refused: still 0, and nothing delivered. */
	load_policy(POLICY
		    GROUP("A")
		    DEFAULT("outbound", "deny")
		    GROUP("B")
		    GROUP("C"));
	EXPECT_EQ(0, peer_call(&a, "kill -1 %d", SIGUSR1));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, pending(&c));
	EXPECT_EQ(0, pending(&u));

	/* An unconfined caller: B and C restrict nothing inbound. */
	EXPECT_EQ(0, peer_call(&u, "kill -1 %d", SIGUSR2));
	EXPECT_EQ(SIGBIT(SIGUSR2), pending(&a));
	EXPECT_EQ(SIGBIT(SIGUSR2), pending(&b));
	EXPECT_EQ(SIGBIT(SIGUSR2), pending(&c));
	EXPECT_EQ(0, pending(&u));
	EXPECT_EQ(0, pending(&init));
}

/* Nobody to signal at all (the caller is init of its namespace): ESRCH. */
TEST_F(signal, kill_minus_one_nobody_esrch)
{
	struct peer a;

	load_policy(POLICY
		    GROUP("A")
		    DEFAULT("outbound", "deny"));
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	peer_start(&a, "a", "appA");
	ASSERT_EQ(1, a.pid);
	EXPECT_EQ(ESRCH, peer_call(&a, "kill -1 %d", SIGUSR1));
}

/* ---- Directions ---- */

/* Between members, "*" and the defaults do not apply. */
TEST_F(signal, same_group_ignores_star_and_defaults)
{
	struct peer a1, a2, u;

	load_policy(POLICY
		    GROUP("A")
		    "    default:\n      inbound: deny\n      outbound: deny\n"
		    RULES
		    RULE("deny", "to", ANYONE, "all")
		    RULE("deny", "from", ANYONE, "all"));
	peer_start(&a1, "a1", "appA");
	peer_start(&a2, "a2", "appA");
	peer_start(&u, "u", "other");
	EXPECT_EQ(0, peer_call(&a1, "kill %d %d", a2.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&a2));
	EXPECT_EQ(EPERM, peer_call(&a1, "kill %d %d", u.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&u, "kill %d %d", a1.pid, SIGTERM));
	EXPECT_EQ(0, pending(&u));
	EXPECT_EQ(0, pending(&a1));
}

/* A rule naming the group itself does judge between members. */
TEST_F(signal, same_group_named_rule_judges)
{
	struct peer a1, a2;

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", "A", "[TERM]")
		    RULE("deny", "from", "A", "[HUP]"));
	peer_start(&a1, "a1", "appA");
	peer_start(&a2, "a2", "appA");
	EXPECT_EQ(EPERM, peer_call(&a1, "kill %d %d", a2.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&a1, "kill %d %d", a2.pid, SIGHUP));
	EXPECT_EQ(0, pending(&a2));
	EXPECT_EQ(0, peer_call(&a1, "kill %d %d", a2.pid, SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&a2));
}

TEST_F(signal, across_groups_outbound_rule)
{
	struct peer a, b, c;

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", "B", "all")
		    GROUP("B")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&b, "kill %d %d", a.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&a));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", c.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&c));
}

/* Only the target's group says anything: the sender's has no rule. */
TEST_F(signal, across_groups_inbound_rule_of_target_alone)
{
	struct peer a, b, c;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "all")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&c, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
	EXPECT_EQ(0, peer_call(&b, "kill %d %d", a.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&a));
}

TEST_F(signal, unconfined_to_group)
{
	struct peer a, b, u;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "unconfined", "[TERM]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&u, "u", "other");
	EXPECT_EQ(EPERM, peer_call(&u, "kill %d %d", b.pid, SIGTERM));
	/* The test process is unconfined too. */
	EXPECT_EQ(-1, kill(b.outer, SIGTERM));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&u, "kill %d %d", b.pid, SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&b));
	/* A named group is not unconfined. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGUSR1) | SIGBIT(SIGTERM), pending(&b));
}

TEST_F(signal, group_to_unconfined)
{
	struct peer a, b, u, u2;

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", "unconfined", "[TERM]")
		    GROUP("B"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&u, "u", "other");
	peer_start(&u2, "u2", "other");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", u.pid, SIGTERM));
	EXPECT_EQ(0, pending(&u));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", u.pid, SIGUSR1));
	EXPECT_EQ(SIGBIT(SIGUSR1), pending(&u));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
	/* Between two unconfined processes nobody judges. */
	EXPECT_EQ(0, peer_call(&u, "kill %d %d", u2.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&u2));
}

/* ---- Signal sets ---- */

TEST_F(signal, ranges_and_realtime_signals)
{
	char got[900], want[900];
	struct peer a, b;
	size_t len;
	int sig;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    DEFAULT("inbound", "deny")
		    RULES
		    RULE("allow", "from", "A", "[RTMIN..RTMIN+3, HUP..QUIT]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	for (sig = RTMIN; sig <= RTMIN + 3; sig++)
		EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, sig))
			TH_LOG("signal %d", sig);
	/* Real-time signals queue: a second one is a second one. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, RTMIN));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, RTMIN + 4));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, 64));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, RTMIN - 1));
	for (sig = SIGHUP; sig <= SIGQUIT; sig++)
		EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, sig))
			TH_LOG("signal %d", sig);
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGILL));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d 0", b.pid));

	EXPECT_EQ(SIGBIT(1) | SIGBIT(2) | SIGBIT(3) | SIGBIT(RTMIN) |
		  SIGBIT(RTMIN + 1) | SIGBIT(RTMIN + 2) | SIGBIT(RTMIN + 3),
		  pending(&b));
	peer_take_all(&b, got, sizeof(got));
	len = snprintf(want, sizeof(want), "got");
	for (sig = SIGHUP; sig <= SIGQUIT; sig++)
		len += snprintf(want + len, sizeof(want) - len, " %d,0,%d,0",
				sig, a.pid);
	len += snprintf(want + len, sizeof(want) - len, " %d,0,%d,0", RTMIN,
			a.pid);
	for (sig = RTMIN; sig <= RTMIN + 3; sig++)
		len += snprintf(want + len, sizeof(want) - len, " %d,0,%d,0",
				sig, a.pid);
	EXPECT_STREQ(want, got);
}

/* Every number from 0 to 64 is judged, KILL and STOP included. */
TEST_F(signal, every_signal_number_judged)
{
	struct peer a, b;
	int sig;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "all"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	for (sig = 0; sig <= 64; sig++)
		EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, sig))
			TH_LOG("signal %d", sig);
	EXPECT_EQ(EINVAL, peer_call(&a, "kill %d 65", b.pid));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ('S', proc_state(b.outer));
	drain(&b);	/* still alive and answering */
}

TEST_F(signal, signal_zero_allowed_alone)
{
	struct peer a, b;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    DEFAULT("inbound", "deny")
		    RULES
		    RULE("allow", "from", "A", "[0]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "kill %d 0", b.pid));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
}

TEST_F(signal, signal_zero_denied_alone)
{
	struct peer a, b;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("allow", "from", "A", "[TERM]")
		    RULE("deny", "from", "A", "[0]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d 0", b.pid));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
}

/* ---- Precedence ---- */

TEST_F(signal, named_group_beats_star)
{
	struct peer a, b, c, u;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", ANYONE, "[TERM]")
		    RULE("allow", "from", "A", "[TERM]")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	peer_start(&u, "u", "other");
	EXPECT_EQ(EPERM, peer_call(&c, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&u, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
}

TEST_F(signal, deny_beats_allow_at_equal_specificity)
{
	struct peer a, b, c;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("allow", "from", "A", "[TERM]")
		    RULE("deny", "from", "A", "all")
		    RULE("allow", "from", ANYONE, "[HUP]")
		    RULE("deny", "from", ANYONE, "[HUP]")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&c, "kill %d %d", b.pid, SIGHUP));
	EXPECT_EQ(0, pending(&b));
	/* What no rule of C's peer matches: the default, allow. */
	EXPECT_EQ(0, peer_call(&c, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
}

TEST_F(signal, defaults_decide_when_no_rule_matches)
{
	struct peer a, b, c, u;

	load_policy(POLICY
		    GROUP("A")
		    DEFAULT("outbound", "deny")
		    GROUP("B")
		    DEFAULT("inbound", "deny")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	peer_start(&u, "u", "other");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", c.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", u.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&c, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(EPERM, peer_call(&u, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, pending(&c));
	EXPECT_EQ(0, pending(&u));
	/* A's inbound and B's outbound defaults are allow. */
	EXPECT_EQ(0, peer_call(&b, "kill %d %d", a.pid, SIGTERM));
	EXPECT_EQ(0, peer_call(&c, "kill %d %d", a.pid, SIGTERM));
	EXPECT_EQ(0, peer_call(&b, "kill %d %d", c.pid, SIGTERM));
	EXPECT_EQ(0, peer_call(&b, "kill %d %d", u.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&a));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&c));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&u));
}

/* Neither side can grant what the other refuses. */
TEST_F(signal, both_sides_judge)
{
	struct peer a, b;

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", ANYONE, "[HUP]")
		    GROUP("B")
		    RULES
		    RULE("allow", "from", "A", "[HUP]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGHUP));
	EXPECT_EQ(0, pending(&b));

	load_policy(POLICY
		    GROUP("A")
		    RULES
		    RULE("deny", "to", ANYONE, "[HUP]")
		    RULE("allow", "to", "B", "[HUP]")
		    GROUP("B")
		    RULES
		    RULE("allow", "from", "A", "[HUP]"));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGHUP));
	EXPECT_EQ(SIGBIT(SIGHUP), pending(&b));
}

/* ---- A denial leaves nothing behind ---- */

TEST_F(signal, denial_has_no_side_effect)
{
	char got[900];
	struct peer a, b;
	enum entry e;
	pid_t tid;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "all"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	tid = peer_new_thread(&b);
	for (e = BY_KILL; e <= BY_PIDFD; e++) {
		EXPECT_EQ(EPERM, send_by(&a, e, &b, tid, SIGTERM))
			TH_LOG("entry point %d", e);
		EXPECT_EQ(EPERM, send_by(&a, e, &b, tid, RTMIN))
			TH_LOG("entry point %d", e);
	}
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, thread_pending(&b, tid));
	/* sigpending() in the target says the same. */
	peer_take_all(&b, got, sizeof(got));
	EXPECT_STREQ("got", got);

	/* KILL and STOP, which no mask holds back, do nothing either. */
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGKILL));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGSTOP));
	usleep(50000);
	EXPECT_EQ('S', proc_state(b.outer));

	/* Nor does CONT, which resumes a stopped process even if blocked. */
	ASSERT_EQ(0, kill(b.outer, SIGSTOP));
	ASSERT_EQ('T', wait_state(b.outer, 'T'));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGCONT));
	usleep(50000);
	EXPECT_EQ('T', proc_state(b.outer));
	ASSERT_EQ(0, kill(b.outer, SIGCONT));
	EXPECT_EQ('S', wait_state(b.outer, 'S'));
	EXPECT_EQ(SIGBIT(SIGCONT), pending(&b));
}

/* ---- Complain mode and audit records ---- */

/*
 * The kernel prints at most 10 audit records per 5 s: wait out whatever
 * the tests before used of it, then open the log at its end.
 */
static int audit_log_fresh(void)
{
	int fd = audit_log_open_quiet();

	ASSERT_LE(0, fd) TH_LOG("/dev/kmsg: %s", strerror(-fd));
	return fd;
}

/* Waits for exactly @want records, then checks nothing more came. */
static void audit_records(int fd, char (*records)[AUDIT_RECORD_MAX], int want)
{
	int n = audit_log_collect(fd, records, want, want, 3000, 500, 0);
	int i;

	ASSERT_LE(0, n) TH_LOG("/dev/kmsg: %s", strerror(-n));
	for (i = 0; i < n && i < want; i++)
		TH_LOG("record %d: %s", i + 1, records[i]);
	ASSERT_EQ(want, n);
}

/*
 * One record of a signal sent by a process, as the module must print it;
 * @comm is the sender's, as printed: quoted, or hex.
 */
static void send_record(char *buf, const char *verdict, int sig,
			const struct peer *from, const char *comm,
			const char *group, const struct peer *to,
			const char *to_group, const char *decided_by,
			const char *direction, const char *rule,
			uint64_t generation)
{
	snprintf(buf, AUDIT_RECORD_MAX,
		 "ipcwall=%s class=signal op=send signal=%d pid=%d tgid=%d comm=%s uid=0 group=%s target_pid=%d target_comm=\"%s\" target_group=%s decided_by=%s direction=%s rule=%s generation=%" PRIu64,
		 verdict, sig, from->outer, from->outer, comm, group,
		 to->outer, to->comm, to_group, decided_by, direction, rule,
		 generation);
}

TEST_F_TIMEOUT(signal, complain_mode_allows_and_records, 60)
{
	char records[3][AUDIT_RECORD_MAX], want[AUDIT_RECORD_MAX];
	struct peer a, b, u;
	uint64_t generation;
	int fd;

	generation = load_policy(POLICY
				 GROUP("A")
				 RULES
				 RULE("deny", "to", "B", "[HUP]")
				 RULE("deny", "to", "unconfined", "[TERM]")
				 GROUP("B")
				 COMPLAIN
				 RULES
				 RULE("deny", "from", "A", "[TERM]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&u, "u", "other");
	fd = audit_log_fresh();

	/* B complains only: TERM goes through. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
	/* A enforces: B's complain mode does not overrule it. */
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGHUP));
	EXPECT_EQ(SIGBIT(SIGTERM), pending(&b));
	/* Toward an unconfined process, only A judges. */
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", u.pid, SIGTERM));
	EXPECT_EQ(0, pending(&u));

	audit_records(fd, records, 3);
	send_record(want, "complained", SIGTERM, &a, "\"appA\"", "A", &b, "B",
		    "B", "inbound", "1", generation);
	EXPECT_STREQ(want, records[0]);
	send_record(want, "denied", SIGHUP, &a, "\"appA\"", "A", &b, "B",
		    "A", "outbound", "1", generation);
	EXPECT_STREQ(want, records[1]);
	send_record(want, "denied", SIGTERM, &a, "\"appA\"", "A", &u,
		    "unconfined", "A", "outbound", "2", generation);
	EXPECT_STREQ(want, records[2]);
	close(fd);
}

/*
 * An allow with audit: true, a denial by a rule, a denial by the default
 * (from a sender whose comm must be hex-encoded), a denial of an
 * unconfined sender: every field of each record.
 */
TEST_F_TIMEOUT(signal, audit_records_every_field, 60)
{
	char records[4][AUDIT_RECORD_MAX], want[AUDIT_RECORD_MAX];
	struct peer a, b, u;
	uint64_t generation;
	int fd;

	generation = load_policy(POLICY
				 GROUP("A")
				 GROUP("B")
				 DEFAULT("inbound", "deny")
				 RULES
				 RULE("allow", "from", "A", "[USR1]")
				 AUDITED
				 RULE("deny", "from", "A", "[TERM]")
				 RULE("allow", "from", "unconfined", "[USR2]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&u, "u", "other");
	fd = audit_log_fresh();

	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGUSR1));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGTERM));
	ASSERT_EQ(0, peer_call(&a, "comm x y"));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGHUP));
	EXPECT_EQ(EPERM, peer_call(&u, "kill %d %d", b.pid, SIGHUP));
	/* Allowed by a rule that is not audited: no record. */
	EXPECT_EQ(0, peer_call(&u, "kill %d %d", b.pid, SIGUSR2));
	EXPECT_EQ(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2), pending(&b));

	audit_records(fd, records, 4);
	send_record(want, "allowed", SIGUSR1, &a, "\"appA\"", "A", &b, "B",
		    "B", "inbound", "1", generation);
	EXPECT_STREQ(want, records[0]);
	send_record(want, "denied", SIGTERM, &a, "\"appA\"", "A", &b, "B",
		    "B", "inbound", "2", generation);
	EXPECT_STREQ(want, records[1]);
	/* "x y" has a space: hex, unquoted. */
	send_record(want, "denied", SIGHUP, &a, "782079", "A", &b, "B",
		    "B", "inbound", "default", generation);
	EXPECT_STREQ(want, records[2]);
	send_record(want, "denied", SIGHUP, &u, "\"other\"", "unconfined", &b,
		    "B", "B", "inbound", "default", generation);
	EXPECT_STREQ(want, records[3]);
	close(fd);
}

/* ---- Never judged ---- */

/*
 * A and B deny every signal in every direction, between members too, and
 * to and from unconfined processes: what still arrives is never judged.
 */
static const char wall_policy[] =
	POLICY
	GROUP("A")
	"    default:\n      inbound: deny\n      outbound: deny\n"
	RULES
	RULE("deny", "to", "A", "all")
	GROUP("B")
	"    default:\n      inbound: deny\n      outbound: deny\n";

/* The wall is up: without it, these tests could not fail. */
static void wall_is_up(struct peer *a, struct peer *b)
{
	EXPECT_EQ(EPERM, peer_call(a, "kill %d %d", b->pid, SIGUSR1));
	EXPECT_EQ(EPERM, peer_call(b, "kill %d %d", a->pid, SIGUSR1));
	EXPECT_EQ(0, pending(a));
	EXPECT_EQ(0, pending(b));
}

TEST_F(signal, self_and_sibling_threads_never_judged)
{
	struct peer a, a2;
	pid_t tid;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start(&a2, "a2", "appA");
	/* Another member is refused: the rule naming A applies. */
	EXPECT_EQ(EPERM, peer_call(&a2, "kill %d %d", a.pid, SIGUSR1));
	EXPECT_EQ(0, pending(&a));

	tid = peer_new_thread(&a);
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", a.pid, SIGUSR1));
	EXPECT_EQ(0, peer_call(&a, "tkill %d %d", a.pid, SIGUSR2));
	EXPECT_EQ(0, peer_call(&a, "sigqueue %d %d 1", a.pid, RTMIN));
	EXPECT_EQ(0, peer_call(&a, "pidfd %d %d", a.pid, SIGHUP));
	EXPECT_EQ(0, peer_call(&a, "kill %d 0", a.pid));
	EXPECT_EQ(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2) | SIGBIT(RTMIN) |
		  SIGBIT(SIGHUP), pending(&a));
	/* To a sibling thread. */
	EXPECT_EQ(0, peer_call(&a, "tgkill %d %d %d", a.pid, tid, SIGTERM));
	EXPECT_EQ(0, peer_call(&a, "tkill %d %d", tid, SIGINT));
	EXPECT_EQ(0, peer_call(&a, "tgsigqueue %d %d %d 1", a.pid, tid,
			       RTMIN + 1));
	EXPECT_EQ(SIGBIT(SIGTERM) | SIGBIT(SIGINT) | SIGBIT(RTMIN + 1),
		  thread_pending(&a, tid));
}

/* Status of a child, as the parent peer's waitpid() saw it. */
static int peer_wait(struct peer *parent, pid_t pid)
{
	char answer[64];
	int status = -1;

	puppet_ask(parent, answer, sizeof(answer), "wait %d", pid);
	ASSERT_EQ(1, sscanf(answer, "status %d", &status))
		TH_LOG("wait: \"%s\"", answer);
	return status;
}

TEST_F(signal, sigchld_never_judged)
{
	struct peer a, b;
	int status;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start_child(&a, &b, "b", "appB");
	wall_is_up(&a, &b);
	puppet_ask(&b, NULL, 0, "exit 7");
	EXPECT_EQ(SIGBIT(SIGCHLD), wait_pending(&a, SIGBIT(SIGCHLD)));
	status = peer_wait(&a, b.pid);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(7, WEXITSTATUS(status));
}

TEST_F(signal, sigsegv_never_judged)
{
	struct peer a, b;
	int status;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start_child(&a, &b, "b", "appB");
	wall_is_up(&a, &b);
	puppet_ask(&b, NULL, 0, "segv");
	status = peer_wait(&a, b.pid);
	EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGSEGV, WTERMSIG(status));
	EXPECT_EQ(SIGBIT(SIGCHLD), pending(&a));
}

TEST_F(signal, sigpipe_never_judged)
{
	struct peer a;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	EXPECT_EQ(EPIPE, peer_call(&a, "sigpipe"));
	EXPECT_EQ(SIGBIT(SIGPIPE), pending(&a));
}

TEST_F(signal, alarm_and_itimer_never_judged)
{
	struct peer a;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	EXPECT_EQ(0, peer_call(&a, "itimer 20000"));
	EXPECT_EQ(SIGBIT(SIGALRM), wait_pending(&a, SIGBIT(SIGALRM)));
	drain(&a);
	EXPECT_EQ(0, peer_call(&a, "alarm 1"));
	EXPECT_EQ(SIGBIT(SIGALRM), wait_pending(&a, SIGBIT(SIGALRM)));
}

TEST_F(signal, posix_timer_never_judged)
{
	struct peer a, b;
	uint64_t seen = 0;
	pid_t tid;
	int i;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "timer 0 %d", RTMIN + 1));
	EXPECT_EQ(SIGBIT(RTMIN + 1), wait_pending(&a, SIGBIT(RTMIN + 1)));

	tid = peer_new_thread(&a);
	EXPECT_EQ(0, peer_call(&a, "timer %d %d", tid, RTMIN + 2));
	for (i = 0; i < 500 && !seen; i++) {
		seen = thread_pending(&a, tid);
		usleep(10000);
	}
	EXPECT_EQ(SIGBIT(RTMIN + 2), seen);
	/* The kernel lets a timer aim only at the caller's own threads. */
	EXPECT_EQ(EINVAL, peer_call(&a, "timer %d %d", b.pid, RTMIN + 3));
}

#define MQ_NAME "/ipcwall-signal-test"

TEST_F(signal, mq_notify_never_judged)
{
	char got[900], want[64];
	struct peer a, b;

	mq_unlink(MQ_NAME);
	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	wall_is_up(&a, &b);
	EXPECT_EQ(0, peer_call(&a, "mqnotify " MQ_NAME " %d", RTMIN + 5));
	EXPECT_EQ(0, peer_call(&b, "mqsend " MQ_NAME));
	EXPECT_EQ(SIGBIT(RTMIN + 5), wait_pending(&a, SIGBIT(RTMIN + 5)));
	peer_take_all(&a, got, sizeof(got));
	snprintf(want, sizeof(want), "got %d,%d,%d,77", RTMIN + 5, SI_MESGQ,
		 b.pid);
	EXPECT_STREQ(want, got);
	mq_unlink(MQ_NAME);
}

/* The child asked for it: its dying parent may not signal it otherwise. */
TEST_F(signal, pdeathsig_never_judged)
{
	struct peer a, b;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start_child(&a, &b, "b", "appB");
	wall_is_up(&a, &b);
	EXPECT_EQ(0, peer_call(&b, "pdeathsig %d", SIGUSR2));
	puppet_ask(&a, NULL, 0, "exit 0");
	EXPECT_EQ(SIGBIT(SIGUSR2), wait_pending(&b, SIGBIT(SIGUSR2)));
}

/*
 * A child of A with exit signal USR2 moves to B, which A may not signal
 * nor be signalled by, and exits: A gets USR2 all the same.
 */
TEST_F(signal, clone_exit_signal_never_judged)
{
	char answer[64];
	struct peer a, b;
	int pid = 0;

	load_policy(wall_policy);
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	wall_is_up(&a, &b);
	puppet_ask(&a, answer, sizeof(answer), "clone-exit %d B", SIGUSR2);
	ASSERT_EQ(1, sscanf(answer, "pid %d", &pid)) TH_LOG("\"%s\"", answer);
	EXPECT_EQ(SIGBIT(SIGUSR2), wait_pending(&a, SIGBIT(SIGUSR2)));
	/* Exit status 0: it had moved to B. */
	EXPECT_EQ(0, peer_wait(&a, pid));
	EXPECT_EQ(SIGBIT(SIGUSR2), pending(&a));
}

/* ---- SIGIO and SIGURG through a file's owner ---- */

#define FIFO1 TEST_DIR "/fifo1"
#define FIFO2 TEST_DIR "/fifo2"

/* The test writes into the FIFO: an unconfined process triggers. */
static void poke(const char *path)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_EQ(1, write(fd, "x", 1));
	close(fd);
}

static void fifos(void)
{
	ASSERT_EQ(0, mkfifo(FIFO1, 0666));
	ASSERT_EQ(0, mkfifo(FIFO2, 0666));
}

/* Whoever does the I/O, the owner's group is the sender's. */
TEST_F(signal, sigio_owner_group_decides)
{
	struct peer a, b, c;

	fifos();
	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "C", "[IO]")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " pid %d 0", b.pid));
	EXPECT_EQ(0, peer_call(&c, "own " FIFO2 " pid %d 0", b.pid));

	/* Owner A: delivered, whoever writes. */
	EXPECT_EQ(0, peer_call(&c, "poke " FIFO1));
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
	drain(&b);
	poke(FIFO1);
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
	drain(&b);

	/* Owner C: refused, whoever writes. */
	EXPECT_EQ(0, peer_call(&a, "poke " FIFO2));
	EXPECT_EQ(0, pending(&b));
	poke(FIFO2);
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&c, "poke " FIFO2));
	EXPECT_EQ(0, pending(&b));
}

/* F_SETSIG's signal is the one judged; F_SETOWN_EX aims at a thread. */
TEST_F(signal, sigio_setown_ex_and_setsig)
{
	struct peer a, b;
	pid_t tid;

	fifos();
	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[RTMIN+2]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	tid = peer_new_thread(&b);
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " tid %d %d", tid, RTMIN + 1));
	EXPECT_EQ(0, peer_call(&a, "own " FIFO2 " tid %d %d", tid, RTMIN + 2));
	poke(FIFO1);
	EXPECT_EQ(SIGBIT(RTMIN + 1), thread_pending(&b, tid));
	EXPECT_EQ(0, pending(&b));
	poke(FIFO2);
	EXPECT_EQ(SIGBIT(RTMIN + 1), thread_pending(&b, tid));
	EXPECT_EQ(0, pending(&b));
}

/* An owner that is a process group: each member judged on its own. */
TEST_F(signal, sigio_to_process_group_judged_per_member)
{
	struct peer a, b, c;

	fifos();
	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    GROUP("C")
		    RULES
		    RULE("deny", "from", "A", "[IO]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	ASSERT_EQ(0, peer_call(&b, "setpgid 0"));
	ASSERT_EQ(0, peer_call(&c, "setpgid %d", b.pid));
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " pgrp %d 0", b.pid));
	poke(FIFO1);
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
	EXPECT_EQ(0, pending(&c));
}

/* The owner set with ioctl(FIOSETOWN) on a socket is judged the same. */
TEST_F(signal, sigio_socket_owner_set_by_ioctl)
{
	struct peer a, b, c;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[IO]")
		    GROUP("C"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	peer_start(&c, "c", "appC");
	EXPECT_EQ(0, peer_call(&a, "sockown %d", b.pid));
	EXPECT_EQ(0, pending(&b));
	EXPECT_EQ(0, peer_call(&c, "sockown %d", b.pid));
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
}

TEST_F(signal, sigurg_judged)
{
	struct peer a, b;

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[URG]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "urgent %d", b.pid));
	usleep(100000);
	EXPECT_EQ(0, pending(&b));

	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[IO]"));
	EXPECT_EQ(0, peer_call(&a, "urgent %d", b.pid));
	EXPECT_EQ(SIGBIT(SIGURG), wait_pending(&b, SIGBIT(SIGURG)));
}

/*
 * The owner keeps the group it had when it set the owner, by name, across
 * loads: not the group its process is in now. When the new policy has no
 * group of that name, the owner is unconfined.
 */
TEST_F(signal, sigio_owner_group_kept_by_name_across_loads)
{
	struct peer a, b;

	fifos();
	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[IO]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " pid %d 0", b.pid));
	poke(FIFO1);
	EXPECT_EQ(0, pending(&b));

	/* The process moves to A2 by its image; a group A still exists. */
	load_policy(POLICY
		    "  - group: A2\n"
		    "    members:\n"
		    "      - exe: " TEST_DIR "/appA\n"
		    "  - group: A\n"
		    "    members:\n"
		    "      - exe: " TEST_DIR "/nothing\n"
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A", "[IO]"));
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGIO));
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
	drain(&b);
	poke(FIFO1);
	EXPECT_EQ(0, pending(&b));

	/* No group A any more: the owner is unconfined. */
	load_policy(POLICY
		    "  - group: A2\n"
		    "    members:\n"
		    "      - exe: " TEST_DIR "/appA\n"
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "A2", "[IO]"));
	EXPECT_EQ(EPERM, peer_call(&a, "kill %d %d", b.pid, SIGIO));
	EXPECT_EQ(0, pending(&b));
	poke(FIFO1);
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
}

/* An owner set while no policy was loaded is unconfined. */
TEST_F(signal, sigio_owner_set_without_policy_is_unconfined)
{
	struct peer a, b;

	fifos();
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " pid %d 0", b.pid));
	load_policy(POLICY
		    GROUP("A")
		    GROUP("B")
		    RULES
		    RULE("deny", "from", "unconfined", "[IO]"));
	poke(FIFO1);
	EXPECT_EQ(0, pending(&b));
	/* The process itself is in A now. */
	EXPECT_EQ(0, peer_call(&a, "kill %d %d", b.pid, SIGIO));
	EXPECT_EQ(SIGBIT(SIGIO), pending(&b));
}

TEST_F_TIMEOUT(signal, sigio_denied_record, 60)
{
	char records[1][AUDIT_RECORD_MAX], want[AUDIT_RECORD_MAX];
	uint64_t generation;
	struct peer a, b;
	int fd;

	fifos();
	generation = load_policy(POLICY
				 GROUP("A")
				 GROUP("B")
				 RULES
				 RULE("deny", "from", "A", "[IO]"));
	peer_start(&a, "a", "appA");
	peer_start(&b, "b", "appB");
	EXPECT_EQ(0, peer_call(&a, "own " FIFO1 " pid %d 0", b.pid));
	fd = audit_log_fresh();
	poke(FIFO1);
	EXPECT_EQ(0, pending(&b));
	audit_records(fd, records, 1);
	snprintf(want, sizeof(want),
		 "ipcwall=denied class=signal op=sigio signal=%d group=A target_pid=%d target_comm=\"%s\" target_group=B decided_by=B direction=inbound rule=1 generation=%" PRIu64,
		 SIGIO, b.outer, b.comm, generation);
	EXPECT_STREQ(want, records[0]);
	close(fd);
}

TEST_HARNESS_MAIN
