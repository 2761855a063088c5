// SPDX-License-Identifier: GPL-2.0
/*
 * Process groups, as docs/groups.md defines them: which group a process is
 * in after fork, vfork, threads and exec (scripts, setuid programs,
 * cgroups), joining a group, what a policy load does to every process, and
 * that the module's task records neither leak nor go missing.
 *
 * The processes under test are puppets (puppet.h): copies of this very
 * program under the names the policies' exe selectors match
 * (/tmp/groups-test/appA...), started with PUPPET_ENV set, which makes
 * them obey commands read on file descriptor 3 and answer on 4 instead of
 * running the tests. After every exec a puppet announces itself
 * ("ready PID RUID EUID"), so a test
 * walks one process through exec after exec and asks the module, between
 * steps, which group it is in (TASK_GET).
 *
 * Runs as root in a test VM with the module loaded and no policy; /tmp
 * must allow setuid programs and cgroup2 must be mounted at
 * /sys/fs/cgroup (the VM runner does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "policy_common.h"
#include "puppet_common.h"
#include "tasks_nl.h"

#define TEST_DIR	"/tmp/groups-test"
#define PUPPET_ENV	"IPCWALL_GROUPS_TEST_PUPPET"
#define CGROUP		"/sys/fs/cgroup/groups-test-cg"
#define NOBODY		65534

/* ---- The puppet side: runs instead of the tests when PUPPET_ENV is set ---- */

static void *sleep_forever(void *unused)
{
	for (;;)
		pause();
	return unused;
}

static pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (!pid)
		sleep_forever(NULL);
	return pid;
}

static void *thread_fork(void *pid)
{
	*(pid_t *)pid = fork_sleeper();
	return NULL;
}

/* vfork's child shares our stack: it only makes system calls. */
static void vfork_and_wait(void)
{
	char line[32], digits[16];
	unsigned int n = 0, len = 0;
	pid_t pid, me;

	pid = vfork();
	if (!pid) {
		me = syscall(SYS_getpid);
		do
			digits[n++] = '0' + me % 10;
		while (me /= 10);
		memcpy(line, "pid ", 4);
		len = 4;
		while (n)
			line[len++] = digits[--n];
		line[len++] = '\n';
		syscall(SYS_write, puppet_ack_fd, line, len);
		for (;;)
			syscall(SYS_pause);
	}
	if (pid < 0) {
		puppet_say("error %d", errno);
		return;
	}
	/* Resumed: the test has looked at the child and killed it. */
	waitpid(pid, NULL, 0);
	puppet_say("ok");
}

static void join_and_say(const char *group)
{
	struct policy_conn c;
	int err = pc_open(&c);

	if (err) {
		puppet_say("join %d no ipcwall family", err);
		return;
	}
	err = tn_group_join(&c, group, NULL);
	puppet_say("join %d %s", err, err > 0 ? c.reply.ext_msg : c.problem);
	pc_close(&c);
}

static void *puppet_loop(void *unused);

static void puppet_command(char *line)
{
	char *arg = strchr(line, ' ');
	pthread_t thread;
	pid_t pid = -1;
	uid_t id;

	if (arg)
		*arg++ = '\0';
	if (!strcmp(line, "exec") && arg) {
		execl(arg, arg, (char *)NULL);
		puppet_say("error %d", errno);
	} else if (!strcmp(line, "join") && arg) {
		join_and_say(arg);
	} else if (!strcmp(line, "uid") && arg) {
		id = strtoul(arg, NULL, 10);
		if (setgroups(0, NULL) || setresgid(id, id, id) ||
		    setresuid(id, id, id))
			puppet_say("error %d", errno);
		else
			puppet_say("ok");
	} else if (!strcmp(line, "fork")) {
		pid = fork_sleeper();
		puppet_say("pid %d", pid);
	} else if (!strcmp(line, "thread-fork")) {
		if (pthread_create(&thread, NULL, thread_fork, &pid) ||
		    pthread_join(thread, NULL))
			_exit(2);
		puppet_say("pid %d", pid);
	} else if (!strcmp(line, "vfork")) {
		vfork_and_wait();
	} else if (!strcmp(line, "thread")) {
		if (pthread_create(&thread, NULL, sleep_forever, NULL))
			_exit(2);
		puppet_say("ok");
	} else if (!strcmp(line, "main-exit")) {
		/* Another thread takes the commands; the leader exits. */
		if (pthread_create(&thread, NULL, puppet_loop, NULL))
			_exit(2);
		puppet_say("ok");
		/*
		 * Not pthread_exit(): it unwinds the stack, which reaches
		 * through our constructor into the loader and aborts.
		 */
		syscall(SYS_exit, 0);
	} else if (!strcmp(line, "exit")) {
		_exit(0);
	} else {
		puppet_say("unknown %s", line);
	}
}

static void *puppet_loop(void *unused)
{
	puppet_serve(puppet_command);
	return unused;
}

static void __attribute__((constructor)) puppet_main_when_asked(void)
{
	uid_t ruid, euid, suid;

	if (!getenv(PUPPET_ENV))
		return;
	getresuid(&ruid, &euid, &suid);
	puppet_say("ready %d %u %u", getpid(), ruid, euid);
	puppet_loop(NULL);
}

/* ---- The test side ---- */

struct puppet {
	pid_t pid;
	struct puppet_io io;
	uid_t ruid;	/* as announced after the last exec */
	uid_t euid;
};

static void puppet_ready(struct puppet *p, const char *path)
{
	char line[128];
	int pid = 0;

	puppet_answer(p, line, sizeof(line));
	ASSERT_EQ(3, sscanf(line, "ready %d %u %u", &pid, &p->ruid, &p->euid))
		TH_LOG("exec %s: the puppet answered \"%s\"", path, line);
	ASSERT_EQ(p->pid, pid);
}

/* Starts a puppet by forking us and executing @path. */
static void puppet_start(struct puppet *p, const char *path)
{
	static const char *const env[] = { PUPPET_ENV, "1", NULL };

	p->pid = puppet_io_start(&p->io, path, env);
	puppet_ready(p, path);
}

static void puppet_exec(struct puppet *p, const char *path)
{
	puppet_ask(p, NULL, 0, "exec %s", path);
	puppet_ready(p, path);
}

static void puppet_ok(struct puppet *p, const char *command)
{
	char answer[128];

	puppet_ask(p, answer, sizeof(answer), "%s", command);
	ASSERT_STREQ("ok", answer);
}

static void puppet_setuid(struct puppet *p, uid_t uid)
{
	char command[32];

	snprintf(command, sizeof(command), "uid %u", uid);
	puppet_ok(p, command);
}

/* Asks the puppet for a new process; returns its pid. */
static pid_t puppet_spawn(struct puppet *p, const char *command)
{
	char answer[64];
	int pid = 0;

	puppet_ask(p, answer, sizeof(answer), "%s", command);
	ASSERT_EQ(1, sscanf(answer, "pid %d", &pid))
		TH_LOG("%s: the puppet answered \"%s\"", command, answer);
	ASSERT_LT(0, pid);
	doom(pid);
	return pid;
}

/* The puppet joins @group: the errno the module answered, its message. */
static int puppet_join(struct puppet *p, const char *group, char *msg,
		       size_t size)
{
	char answer[600];
	int err = 0, at = 0;

	puppet_ask(p, answer, sizeof(answer), "join %s", group);
	ASSERT_EQ(1, sscanf(answer, "join %d %n", &err, &at))
		TH_LOG("join: the puppet answered \"%s\"", answer);
	ASSERT_LE(0, err) TH_LOG("join: no valid answer: %s", answer + at);
	snprintf(msg, size, "%s", answer + at);
	return err;
}

static void task_of(struct policy_conn *c, pid_t pid, struct tn_task *t)
{
	ASSERT_EQ(0, logged(c, "TASK_GET", tn_task_get(c, pid, t)));
	ASSERT_TRUE(t->listed) TH_LOG("pid %d is not in the dump", pid);
}

/* Process @pid is in @group ("-": none), launched or not. */
#define EXPECT_GROUP(c, pid, name, is_launched) do {			\
	struct tn_task __t;						\
									\
	task_of(c, pid, &__t);						\
	EXPECT_STREQ(name, __t.in_group ? __t.group : "-")		\
		TH_LOG("pid %d", (int)(pid));				\
	EXPECT_EQ(is_launched, __t.launched)				\
		TH_LOG("pid %d", (int)(pid));				\
} while (0)

/* ---- Files ---- */

/* A copy of this program as TEST_DIR/@name, which runs as a puppet. */
static void puppet_file(const char *name, mode_t mode)
{
	char path[256];

	snprintf(path, sizeof(path), TEST_DIR "/%s", name);
	copy_self(path, mode);
}

/* ---- Policies ---- */

static void group(struct policy_blob *pb, const char *name)
{
	pb_group(pb, name, IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW, IPCWALL_ALLOW);
}

/* A group of the processes that execute @exe. */
static void exe_group(struct policy_blob *pb, const char *name,
		      const char *exe)
{
	group(pb, name);
	pb_exe_selector(pb, exe);
}

/* A group of the processes of real uid @uid, whatever they execute. */
static void uid_group(struct policy_blob *pb, const char *name, uint32_t uid)
{
	struct ipcwall_policy_selector *s;
	uint32_t id;

	group(pb, name);
	id = pb_id(pb, uid);
	s = pb_selector(pb);
	s->uid_first = id;
	s->uid_count = 1;
}

static uint64_t load(struct policy_conn *c, struct policy_blob *pb)
{
	uint64_t generation;
	size_t size;
	void *blob = build(pb, &size);

	generation = load_ok(c, blob, size);
	free(blob);
	pb_free(pb);
	return generation;
}

/* ---- The fixture ---- */

FIXTURE(groups) {
	struct policy_conn c;
};

FIXTURE_SETUP(groups)
{
	conn_open(&self->c);
	/* Orphans of puppets come to us, to be reaped in the teardown. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	remove_tree(TEST_DIR);
	ASSERT_EQ(0, mkdir(TEST_DIR, 0755));
	ASSERT_EQ(0, chmod(TEST_DIR, 0755));
	puppet_file("other", 0755);
	puppet_file("appA", 0755);
	puppet_file("appB", 0755);
}

FIXTURE_TEARDOWN(groups)
{
	uint64_t generation;
	unsigned int i;
	int err;

	for (i = 0; i < doomed_count; i++)
		kill(doomed[i], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	EXPECT_EQ(ECHILD, errno);
	err = pc_unload(&self->c, &generation);
	EXPECT_EQ(0, err) TH_LOG("UNLOAD: %s \"%s\"", strerror(err),
				 self->c.reply.ext_msg);
	pc_close(&self->c);
	if (rmdir(CGROUP) && errno != ENOENT)
		TH_LOG("rmdir %s: %s", CGROUP, strerror(errno));
	remove_tree(TEST_DIR);
}

/* ---- Children inherit ---- */

/* Loads A (exe appA) and starts a puppet in it. */
static void puppet_in_A(struct policy_conn *c, struct puppet *p)
{
	struct policy_blob pb;

	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	load(c, &pb);
	puppet_start(p, TEST_DIR "/appA");
	EXPECT_GROUP(c, p->pid, "A", 0);
}

TEST_F(groups, fork_child_inherits)
{
	struct puppet p;
	pid_t child;

	puppet_in_A(&self->c, &p);
	child = puppet_spawn(&p, "fork");
	EXPECT_GROUP(&self->c, child, "A", 0);
}

TEST_F(groups, thread_forks_child_in_group)
{
	struct puppet p;
	pid_t child;

	puppet_in_A(&self->c, &p);
	child = puppet_spawn(&p, "thread-fork");
	EXPECT_GROUP(&self->c, child, "A", 0);
}

/* The process stays listed, with its group, by its zombie leader's pid. */
TEST_F(groups, main_thread_exit_keeps_group)
{
	struct puppet p;
	pid_t child;
	char state;

	puppet_in_A(&self->c, &p);
	puppet_ok(&p, "main-exit");
	state = wait_state(p.pid, 'Z');
	ASSERT_EQ('Z', state) TH_LOG("the leader did not exit: state %c", state);
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	/* The remaining thread still forks into the group. */
	child = puppet_spawn(&p, "fork");
	EXPECT_GROUP(&self->c, child, "A", 0);
}

TEST_F(groups, vfork_child_inherits)
{
	char answer[32];
	struct puppet p;
	pid_t child;

	puppet_in_A(&self->c, &p);
	child = puppet_spawn(&p, "vfork");
	EXPECT_GROUP(&self->c, child, "A", 0);
	ASSERT_EQ(0, kill(child, SIGKILL));
	puppet_answer(&p, answer, sizeof(answer));
	EXPECT_STREQ("ok", answer);
}

/* ---- Exec ---- */

TEST_F(groups, exec_chain)
{
	struct policy_blob pb;
	struct puppet p;

	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	exe_group(&pb, "B", TEST_DIR "/appB");
	load(&self->c, &pb);

	puppet_start(&p, TEST_DIR "/other");
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
	puppet_exec(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	/* Matching nothing, an exec never leaves the group. */
	puppet_exec(&p, TEST_DIR "/other");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	puppet_exec(&p, TEST_DIR "/appB");
	EXPECT_GROUP(&self->c, p.pid, "B", 0);
	puppet_exec(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
}

/* Policy order decides, not how precise a selector is. */
TEST_F(groups, first_matching_group_wins)
{
	struct policy_blob pb;
	struct puppet p;

	puppet_file("both", 0755);
	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	exe_group(&pb, "First", TEST_DIR "/bo*");
	exe_group(&pb, "Second", TEST_DIR "/both");
	load(&self->c, &pb);

	puppet_start(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	puppet_exec(&p, TEST_DIR "/both");
	EXPECT_GROUP(&self->c, p.pid, "First", 0);
}

/*
 * For a #! script the script's path decides; its interpreter's group,
 * first in policy order, is not the one joined.
 */
TEST_F(groups, script_path_decides)
{
	struct policy_blob pb;
	struct puppet p;

	puppet_file("interp", 0755);
	write_file(TEST_DIR "/script", "#!" TEST_DIR "/interp\n", 0755);
	pb_init(&pb);
	exe_group(&pb, "I", TEST_DIR "/interp");
	exe_group(&pb, "S", TEST_DIR "/script");
	load(&self->c, &pb);

	puppet_start(&p, TEST_DIR "/other");
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
	puppet_exec(&p, TEST_DIR "/script");
	EXPECT_GROUP(&self->c, p.pid, "S", 0);
	/* The interpreter run directly is in its own group. */
	puppet_exec(&p, TEST_DIR "/interp");
	EXPECT_GROUP(&self->c, p.pid, "I", 0);
}

/*
 * Setuid changes the effective uid, not the real one the selectors
 * match; setresuid() itself changes nothing until the next exec.
 */
TEST_F(groups, setuid_exec_keeps_real_uid_group)
{
	struct ipcwall_policy_selector *s;
	struct policy_blob pb;
	struct puppet p, root;
	uint32_t exe, id;

	puppet_file("suid", 04755);
	pb_init(&pb);
	group(&pb, "root-run");
	exe = pb_ref(&pb, pb_string(&pb, TEST_DIR "/suid"));
	id = pb_id(&pb, 0);
	s = pb_selector(&pb);
	s->exe_first = exe;
	s->exe_count = 1;
	s->uid_first = id;
	s->uid_count = 1;
	uid_group(&pb, "nobody", NOBODY);
	load(&self->c, &pb);

	/* Root running it is what root-run selects. */
	puppet_start(&root, TEST_DIR "/other");
	EXPECT_GROUP(&self->c, root.pid, "-", 0);
	puppet_exec(&root, TEST_DIR "/suid");
	EXPECT_GROUP(&self->c, root.pid, "root-run", 0);

	puppet_start(&p, TEST_DIR "/other");
	puppet_setuid(&p, NOBODY);
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
	puppet_exec(&p, TEST_DIR "/other");
	EXPECT_EQ(NOBODY, p.ruid);
	EXPECT_GROUP(&self->c, p.pid, "nobody", 0);
	puppet_exec(&p, TEST_DIR "/suid");
	ASSERT_EQ(0, p.euid) TH_LOG("the setuid bit did not take: is /tmp nosuid?");
	EXPECT_EQ(NOBODY, p.ruid);
	EXPECT_GROUP(&self->c, p.pid, "nobody", 0);
}

TEST_F(groups, setuid_exec_matching_nothing_keeps_group)
{
	struct policy_blob pb;
	struct puppet p;

	puppet_file("suid-other", 04755);
	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	uid_group(&pb, "root", 0);
	load(&self->c, &pb);

	puppet_start(&p, TEST_DIR "/other");
	EXPECT_GROUP(&self->c, p.pid, "root", 0);
	puppet_setuid(&p, NOBODY);
	puppet_exec(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	puppet_exec(&p, TEST_DIR "/suid-other");
	ASSERT_EQ(0, p.euid) TH_LOG("the setuid bit did not take: is /tmp nosuid?");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
}

/* The cgroup a process is in when it executes, not before, decides. */
TEST_F(groups, cgroup_at_exec_decides)
{
	struct ipcwall_policy_selector *s;
	struct policy_blob pb;
	struct puppet p;
	uint32_t exe, cgroup;
	char pid[16];

	puppet_file("appC", 0755);
	pb_init(&pb);
	group(&pb, "C");
	exe = pb_ref(&pb, pb_string(&pb, TEST_DIR "/appC"));
	cgroup = pb_ref(&pb, pb_string(&pb, "/groups-test-cg"));
	s = pb_selector(&pb);
	s->exe_first = exe;
	s->exe_count = 1;
	s->cgroup_first = cgroup;
	s->cgroup_count = 1;
	load(&self->c, &pb);

	ASSERT_EQ(0, mkdir(CGROUP, 0755)) TH_LOG("%s: %s", CGROUP,
						 strerror(errno));
	puppet_start(&p, TEST_DIR "/other");
	puppet_exec(&p, TEST_DIR "/appC");
	EXPECT_GROUP(&self->c, p.pid, "-", 0);

	snprintf(pid, sizeof(pid), "%d", p.pid);
	write_file(CGROUP "/cgroup.procs", pid, 0644);
	/* Moving is no exec: nothing changes yet. */
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
	puppet_exec(&p, TEST_DIR "/appC");
	EXPECT_GROUP(&self->c, p.pid, "C", 0);
}

/* ---- Joining ---- */

/* A (exe appA), B (exe appB, launch 65534), L (launch 1000 only). */
static void load_join_policy(struct policy_conn *c)
{
	struct policy_blob pb;

	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	exe_group(&pb, "B", TEST_DIR "/appB");
	pb_launch(&pb, NOBODY);
	group(&pb, "L");
	pb_launch(&pb, 1000);
	load(c, &pb);
}

TEST_F(groups, join_refused_outside_launch_list)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	puppet_setuid(&p, NOBODY);
	EXPECT_EQ(EPERM, puppet_join(&p, "L", msg, sizeof(msg)));
	EXPECT_STREQ("uid 65534 is not in the group's launch list", msg);
	EXPECT_EQ(EPERM, puppet_join(&p, "A", msg, sizeof(msg)));
	EXPECT_STREQ("uid 65534 is not in the group's launch list", msg);
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
}

TEST_F(groups, join_refused_from_a_group)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	puppet_setuid(&p, NOBODY);
	puppet_exec(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	/* Even into a group whose launch list has the uid. */
	EXPECT_EQ(EPERM, puppet_join(&p, "B", msg, sizeof(msg)));
	EXPECT_STREQ("in group `A': moving needs CAP_MAC_ADMIN", msg);
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
}

TEST_F(groups, join_allowed_by_launch_list)
{
	struct puppet p;
	char msg[512];
	pid_t child;

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	puppet_setuid(&p, NOBODY);
	EXPECT_EQ(0, puppet_join(&p, "B", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	EXPECT_GROUP(&self->c, p.pid, "B", 1);
	child = puppet_spawn(&p, "fork");
	EXPECT_GROUP(&self->c, child, "B", 1);
	/* In a group now, it cannot move again by itself. */
	EXPECT_EQ(EPERM, puppet_join(&p, "B", msg, sizeof(msg)));
	EXPECT_STREQ("in group `B': moving needs CAP_MAC_ADMIN", msg);
}

TEST_F(groups, join_privileged_from_any_group)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "A", 0);
	/* L's launch list does not have root: CAP_MAC_ADMIN is enough. */
	EXPECT_EQ(0, puppet_join(&p, "L", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	EXPECT_GROUP(&self->c, p.pid, "L", 1);
	EXPECT_EQ(0, puppet_join(&p, "B", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	EXPECT_GROUP(&self->c, p.pid, "B", 1);
}

TEST_F(groups, launched_keeps_group_across_exec)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	EXPECT_EQ(0, puppet_join(&p, "L", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	EXPECT_GROUP(&self->c, p.pid, "L", 1);
	puppet_exec(&p, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, p.pid, "L", 1);
	puppet_exec(&p, TEST_DIR "/appB");
	EXPECT_GROUP(&self->c, p.pid, "L", 1);
}

TEST_F(groups, join_multithreaded_busy)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	puppet_ok(&p, "thread");
	EXPECT_EQ(EBUSY, puppet_join(&p, "B", msg, sizeof(msg)));
	EXPECT_STREQ("the process has other threads, which would stay behind",
		     msg);
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
}

TEST_F(groups, join_unknown_group)
{
	struct puppet p;
	char msg[512];

	load_join_policy(&self->c);
	puppet_start(&p, TEST_DIR "/other");
	EXPECT_EQ(ENOENT, puppet_join(&p, "nosuch", msg, sizeof(msg)));
	EXPECT_STREQ("no such group in the policy in force", msg);
	EXPECT_GROUP(&self->c, p.pid, "-", 0);
}

TEST_F(groups, join_without_policy)
{
	struct puppet p;
	char msg[512];

	puppet_start(&p, TEST_DIR "/other");
	EXPECT_EQ(ENOENT, puppet_join(&p, "A", msg, sizeof(msg)));
	EXPECT_STREQ("no policy is loaded", msg);
}

/* ---- Policy loads ---- */

/*
 * docs/groups.md "Policy loads reclassify every process", one process per
 * step, each also matching what the steps after it would decide:
 *   launched in L, image `other'   -> 1. L, launched (not X by image)
 *   in A by image appA             -> 2. A2 by image (not A by name)
 *   in K by image appK             -> 3. K by name
 *   in D by image appD             -> 4. none
 */
static void load_reload_policy(struct policy_conn *c)
{
	struct policy_blob pb;

	pb_init(&pb);
	exe_group(&pb, "X", TEST_DIR "/other");
	exe_group(&pb, "A2", TEST_DIR "/appA");
	exe_group(&pb, "A", TEST_DIR "/nothing-a");
	exe_group(&pb, "K", TEST_DIR "/nothing-k");
	group(&pb, "L");
	load(c, &pb);
}

TEST_F(groups, load_reclassifies_every_process)
{
	struct puppet launched, imaged, named, dropped;
	struct policy_blob pb;
	char msg[512];

	puppet_file("appK", 0755);
	puppet_file("appD", 0755);
	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	exe_group(&pb, "K", TEST_DIR "/appK");
	exe_group(&pb, "D", TEST_DIR "/appD");
	group(&pb, "L");
	load(&self->c, &pb);

	puppet_start(&launched, TEST_DIR "/other");
	EXPECT_EQ(0, puppet_join(&launched, "L", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	puppet_start(&imaged, TEST_DIR "/appA");
	puppet_start(&named, TEST_DIR "/appK");
	puppet_start(&dropped, TEST_DIR "/appD");
	EXPECT_GROUP(&self->c, launched.pid, "L", 1);
	EXPECT_GROUP(&self->c, imaged.pid, "A", 0);
	EXPECT_GROUP(&self->c, named.pid, "K", 0);
	EXPECT_GROUP(&self->c, dropped.pid, "D", 0);

	load_reload_policy(&self->c);
	EXPECT_GROUP(&self->c, launched.pid, "L", 1);
	EXPECT_GROUP(&self->c, imaged.pid, "A2", 0);
	EXPECT_GROUP(&self->c, named.pid, "K", 0);
	EXPECT_GROUP(&self->c, dropped.pid, "-", 0);

	/* A launched process is launched in its new group too. */
	puppet_exec(&launched, TEST_DIR "/appA");
	EXPECT_GROUP(&self->c, launched.pid, "L", 1);
}

/* Unloading: all unconfined; the next load classifies by image alone. */
TEST_F(groups, unload_then_load_by_image_alone)
{
	struct puppet launched, imaged, named;
	struct policy_blob pb;
	char msg[512];

	puppet_file("appK", 0755);
	pb_init(&pb);
	exe_group(&pb, "K", TEST_DIR "/appK");
	group(&pb, "L");
	load(&self->c, &pb);
	puppet_start(&launched, TEST_DIR "/other");
	EXPECT_EQ(0, puppet_join(&launched, "L", msg, sizeof(msg)))
		TH_LOG("extack \"%s\"", msg);
	puppet_start(&imaged, TEST_DIR "/appA");
	puppet_start(&named, TEST_DIR "/appK");
	EXPECT_GROUP(&self->c, launched.pid, "L", 1);
	EXPECT_GROUP(&self->c, imaged.pid, "-", 0);
	EXPECT_GROUP(&self->c, named.pid, "K", 0);

	unload(&self->c);
	EXPECT_GROUP(&self->c, launched.pid, "-", 0);
	EXPECT_GROUP(&self->c, imaged.pid, "-", 0);
	EXPECT_GROUP(&self->c, named.pid, "-", 0);
	EXPECT_GROUP(&self->c, getpid(), "-", 0);
	EXPECT_GROUP(&self->c, 1, "-", 0);

	load_reload_policy(&self->c);
	EXPECT_GROUP(&self->c, launched.pid, "X", 0);
	EXPECT_GROUP(&self->c, imaged.pid, "A2", 0);
	EXPECT_GROUP(&self->c, named.pid, "-", 0);
}

/* ---- Records ---- */

/*
 * 100,000 processes born and reaped. Under emulation (no KVM) a fork()
 * costs about 10 ms, so 90,000 of them are made with clone(CLONE_VM): a
 * process all the same, with its own pid, reaped by waitpid(), through
 * the same hooks (security_task_alloc(), sched_process_free,
 * security_task_free()), but without the copy of the address space the
 * module never looks at. Two workers at once, one per CPU of the VM, also
 * make records come and go concurrently.
 */
#define LEAK_WORKERS	2
#define LEAK_CLONES	45000	/* per worker */
#define LEAK_FORKS	5000	/* per worker, real fork()s */
#define LEAK_CYCLES	(LEAK_WORKERS * (LEAK_CLONES + LEAK_FORKS))

/*
 * LIVE must equal the number of tasks in /proc exactly, before and after.
 * Besides, from before to after it may move only by the tasks the system
 * itself starts or ends meanwhile: in the test VM nothing else runs, but
 * the kernel adds worker threads to its workqueue pools while the loop
 * keeps them busy, and reaps idle ones only after minutes
 * (IDLE_WORKER_TIMEOUT): observed 0 to 4, at most 8.
 */
#define LEAK_TOLERANCE	8

static char clone_stack[16384] __attribute__((aligned(16)));

static int exit_at_once(void *unused)
{
	(void)unused;
	return 0;
}

static void reap(pid_t pid, int i)
{
	int status;

	ASSERT_LT(0, pid) TH_LOG("cycle %d: %s", i, strerror(errno));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
}

static void births_and_deaths(void)
{
	pid_t pid;
	int i;

	for (i = 0; i < LEAK_FORKS; i++) {
		pid = fork();
		if (!pid)
			_exit(0);
		reap(pid, i);
	}
	/* One child at a time: the stack is free again once it is reaped. */
	for (i = 0; i < LEAK_CLONES; i++)
		reap(clone(exit_at_once, clone_stack + sizeof(clone_stack),
			   CLONE_VM | SIGCHLD, NULL), i);
}

static void counts(struct policy_conn *c, struct tn_counts *n)
{
	ASSERT_EQ(0, logged(c, "GET_STATUS", tn_counts(c, n)));
}

static bool is_pid(const char *name)
{
	return *name && strspn(name, "0123456789") == strlen(name);
}

/* The tasks (threads) of the system, zombies included, as /proc has them. */
static long proc_tasks(void)
{
	struct dirent *p, *t;
	char path[300];
	DIR *procs, *tasks;
	long n = 0;

	procs = opendir("/proc");
	ASSERT_NE(NULL, procs);
	while ((p = readdir(procs))) {
		if (!is_pid(p->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", p->d_name);
		tasks = opendir(path);
		if (!tasks)
			continue;	/* reaped meanwhile */
		while ((t = readdir(tasks)))
			n += is_pid(t->d_name);
		closedir(tasks);
	}
	closedir(procs);
	return n;
}

/*
 * Waits up to 10 s for LIVE to equal the tasks /proc lists, as it does
 * when no task is being born or freed: records are created before a task
 * shows in /proc and removed a grace period after it left. Returns the
 * last LIVE and /proc count seen in *n and *tasks.
 */
static void wait_live_matches_proc(struct policy_conn *c, struct tn_counts *n,
				   long *tasks)
{
	long again;
	int i;

	for (i = 0; i < 100; i++) {
		*tasks = proc_tasks();
		counts(c, n);
		again = proc_tasks();
		if (again == *tasks && (long)n->live == *tasks)
			return;
		usleep(100000);
	}
}

TEST_F_TIMEOUT(groups, fork_exit_does_not_leak_records, 840)
{
	struct tn_counts before, after;
	struct timespec start, end;
	pid_t workers[LEAK_WORKERS];
	long tasks_before, tasks_after;
	struct policy_blob pb;
	int i, status;

	pb_init(&pb);
	exe_group(&pb, "A", TEST_DIR "/appA");
	load(&self->c, &pb);

	wait_live_matches_proc(&self->c, &before, &tasks_before);
	ASSERT_EQ(tasks_before, before.live)
		TH_LOG("the module tracks %llu tasks, /proc lists %ld",
		       (unsigned long long)before.live, tasks_before);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (i = 0; i < LEAK_WORKERS; i++) {
		workers[i] = fork();
		if (!workers[i]) {
			births_and_deaths();
			_exit(0);
		}
		ASSERT_LT(0, workers[i]);
	}
	for (i = 0; i < LEAK_WORKERS; i++) {
		ASSERT_EQ(workers[i], waitpid(workers[i], &status, 0));
		EXPECT_EQ(0, status) TH_LOG("worker %d", i);
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	TH_LOG("%d births and deaths in %ld s", LEAK_CYCLES,
	       (long)(end.tv_sec - start.tv_sec));

	/* Records go a grace period after the task is reaped: wait for it. */
	wait_live_matches_proc(&self->c, &after, &tasks_after);
	TH_LOG("tasks live %llu -> %llu (/proc: %ld -> %ld), total %llu -> %llu",
	       (unsigned long long)before.live,
	       (unsigned long long)after.live, tasks_before, tasks_after,
	       (unsigned long long)before.total,
	       (unsigned long long)after.total);
	/* Not one record more or less than there are tasks. */
	EXPECT_EQ(tasks_after, after.live);
	EXPECT_LE(before.live, after.live + LEAK_TOLERANCE);
	EXPECT_GE(before.live + LEAK_TOLERANCE, after.live);
	/* The workers were born too. */
	EXPECT_LE(before.total + LEAK_CYCLES + LEAK_WORKERS, after.total);
	EXPECT_EQ(0, after.degraded);
}

TEST_HARNESS_MAIN
