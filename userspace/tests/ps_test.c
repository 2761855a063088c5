// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall ps' without a kernel: the TASK_GET messages built in memory the
 * way the module builds them and parsed; processes read from a /proc made
 * of plain files; the table and the JSON printed from plain rows. The
 * exact text is the interface people and scripts read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "harness.h"
#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "ps.h"

/* ---- Printing ---- */

FIXTURE(print) {
	struct capture out;
};

FIXTURE_SETUP(print)
{
	ASSERT_EQ(0, capture_open(&self->out));
}

FIXTURE_TEARDOWN(print)
{
	capture_close(&self->out);
}

static struct ps_process row(uint32_t pid, const char *group, bool launched,
			     const char *user, const char *command)
{
	struct ps_process p = {
		.pid = pid, .group = group, .launched = launched,
		.command = (char *)command,
	};

	snprintf(p.user, sizeof(p.user), "%s", user);
	return p;
}

TEST_F(print, table_as_documented)
{
	struct ps_process procs[] = {
		row(1, NULL, false, "root", "/sbin/init"),
		row(812, "web", false, "root", "nginx: master process /usr/sbin/nginx"),
		row(813, "web", false, "www-data", "nginx: worker process"),
		row(1207, "sandbox", true, "alice", "./untrusted"),
	};

	ps_print(self->out.f, procs, ARRAY_SIZE(procs));
	EXPECT_STREQ(
		"    PID  GROUP       USER      COMMAND\n"
		"      1  -           root      /sbin/init\n"
		"    812  web         root      nginx: master process /usr/sbin/nginx\n"
		"    813  web         www-data  nginx: worker process\n"
		"   1207  sandbox*    alice     ./untrusted\n",
		capture_text(&self->out));
}

/* Columns widen to the longest group (with its `*') and user. */
TEST_F(print, columns_widen)
{
	struct ps_process procs[] = {
		row(4194304, "a-rather-long-group", true, "systemd-timesync", "[kworker/0:1]"),
		row(2, NULL, false, "4000000000", "x"),
	};

	ps_print(self->out.f, procs, ARRAY_SIZE(procs));
	EXPECT_STREQ(
		"    PID  GROUP                 USER              COMMAND\n"
		"4194304  a-rather-long-group*  systemd-timesync  [kworker/0:1]\n"
		"      2  -                     4000000000        x\n",
		capture_text(&self->out));
}

TEST_F(print, empty_table_is_the_header)
{
	ps_print(self->out.f, NULL, 0);
	EXPECT_STREQ("    PID  GROUP       USER      COMMAND\n",
		     capture_text(&self->out));
}

TEST_F(print, json)
{
	struct ps_process procs[] = {
		row(1, NULL, false, "root", "/sbin/init"),
		row(1207, "sandbox", true, "alice", "./untrusted \"x\""),
	};

	ASSERT_EQ(0, ps_print_json(self->out.f, procs, ARRAY_SIZE(procs)));
	EXPECT_STREQ(
		"[{\"pid\":1,\"group\":null,\"launched\":false,\"user\":\"root\",\"command\":\"/sbin/init\"},"
		"{\"pid\":1207,\"group\":\"sandbox\",\"launched\":true,\"user\":\"alice\","
		"\"command\":\"./untrusted \\\"x\\\"\"}]\n",
		capture_text(&self->out));
}

TEST_F(print, empty_json_is_an_empty_array)
{
	ASSERT_EQ(0, ps_print_json(self->out.f, NULL, 0));
	EXPECT_STREQ("[]\n", capture_text(&self->out));
}

/* ---- Reading /proc ---- */

FIXTURE(proc) {
	char dir[64];
	struct ps_process p;
};

FIXTURE_SETUP(proc)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/ipcwall-ps-test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	self->p.command = NULL;
}

FIXTURE_TEARDOWN(proc)
{
	char cmd[128];

	free(self->p.command);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		fprintf(stderr, "# cannot remove %s\n", self->dir);
}

static int put_file(const char *dir, unsigned int pid, const char *name,
		    const char *data, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%u", dir, pid);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%u/%s", dir, pid, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

#define PUT(pid, name, lit) \
	ASSERT_EQ(0, put_file(self->dir, pid, name, lit, sizeof(lit) - 1))

/* The real uid is the first of the four. */
#define STATUS_OF(uid) "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t" uid "\t1\t2\t3\nGid:\t0\t0\t0\t0\n"

TEST_F(proc, command_line_arguments_joined_by_spaces)
{
	PUT(42, "status", STATUS_OF("0"));
	PUT(42, "cmdline", "/usr/sbin/nginx\0-g\0daemon off;\0");
	PUT(42, "comm", "nginx\n");
	ASSERT_EQ(0, ps_read_process(self->dir, 42, &self->p));
	EXPECT_EQ(42, self->p.pid);
	EXPECT_STREQ("root", self->p.user);
	EXPECT_STREQ("/usr/sbin/nginx -g daemon off;", self->p.command);
}

/* Kernel threads and zombies have no command line: their name, bracketed. */
TEST_F(proc, empty_command_line_is_the_name_in_brackets)
{
	PUT(2, "status", STATUS_OF("0"));
	PUT(2, "cmdline", "");
	PUT(2, "comm", "kthreadd\n");
	ASSERT_EQ(0, ps_read_process(self->dir, 2, &self->p));
	EXPECT_STREQ("[kthreadd]", self->p.command);
}

/* A process rewrites its own command line with what it likes. */
TEST_F(proc, control_characters_and_bad_utf8_become_question_marks)
{
	PUT(7, "status", STATUS_OF("0"));
	PUT(7, "cmdline", "a\nb\tc\x7f\xff\xc3\xa9\xe2\x82\0d\0\0");
	PUT(7, "comm", "x\n");
	ASSERT_EQ(0, ps_read_process(self->dir, 7, &self->p));
	EXPECT_STREQ("a?b?c??\xc3\xa9?? d", self->p.command);
}

/* No user by that uid: the number. */
TEST_F(proc, unknown_uid_is_the_number)
{
	PUT(9, "status", STATUS_OF("3999999999"));
	PUT(9, "cmdline", "sleep\0" "100\0");
	ASSERT_EQ(0, ps_read_process(self->dir, 9, &self->p));
	EXPECT_STREQ("3999999999", self->p.user);
	EXPECT_STREQ("sleep 100", self->p.command);
}

/* Gone between the dump and /proc: left out. */
TEST_F(proc, vanished_process)
{
	EXPECT_EQ(-ENOENT, ps_read_process(self->dir, 12345, &self->p));
	PUT(13, "status", STATUS_OF("0"));
	EXPECT_EQ(-ENOENT, ps_read_process(self->dir, 13, &self->p));
}

/* This very process, through the real /proc. */
TEST_F(proc, real_proc)
{
	ASSERT_EQ(0, ps_read_process("/proc", getpid(), &self->p));
	EXPECT_NE(NULL, strstr(self->p.command, "ps_test")) TH_LOG("%s", self->p.command);
}

/* ---- TASK_GET messages ---- */

FIXTURE(tasks) {
	struct nl_msg *msg;
	struct ipcwall_tasks t;
	char why[256];
};

static struct nl_msg *new_msg(void)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	if (msg && !genlmsg_put(msg, 0, 0, 0x20, 0, NLM_F_MULTI,
				IPCWALL_CMD_TASK_GET, IPCWALL_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

FIXTURE_SETUP(tasks)
{
	self->msg = new_msg();
	ASSERT_NE(NULL, self->msg);
	memset(&self->t, 0, sizeof(self->t));
}

FIXTURE_TEARDOWN(tasks)
{
	nlmsg_free(self->msg);
	ipcwall_tasks_free(&self->t);
}

/* The kernel's nla_nest_start() marks nests; libnl 3.7's does not. */
static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

static void put_task(struct nl_msg *msg, uint32_t pid, const char *group,
		     uint8_t launched)
{
	struct nlattr *e = nest_start(msg, IPCWALL_A_TASK);

	nla_put_u32(msg, IPCWALL_TASK_A_PID, pid);
	if (group)
		nla_put_string(msg, IPCWALL_TASK_A_GROUP, group);
	nla_put_u8(msg, IPCWALL_TASK_A_LAUNCHED, launched);
	nla_nest_end(msg, e);
}

#define parse(self, m) \
	ipcwall_tasks_parse(nlmsg_hdr(m), &(self)->t, (self)->why, sizeof((self)->why))

#define ASSERT_REFUSED(part) do {					\
	ASSERT_EQ(-EBADMSG, parse(self, self->msg));			\
	EXPECT_NE(NULL, strstr(self->why, part))			\
		TH_LOG("reason: %s", self->why);			\
} while (0)

TEST_F(tasks, two_messages)
{
	struct nl_msg *second = new_msg();
	struct nlattr *list;

	ASSERT_NE(NULL, second);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 3);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 1, NULL, 0);
	put_task(self->msg, 812, "web", 0);
	nla_nest_end(self->msg, list);
	nla_put_u64(second, IPCWALL_A_POLICY_GENERATION, 3);
	list = nest_start(second, IPCWALL_A_TASKS);
	put_task(second, 1207, "sandbox", 1);
	nla_nest_end(second, list);

	ASSERT_EQ(0, parse(self, self->msg)) TH_LOG("%s", self->why);
	ASSERT_EQ(0, parse(self, second)) TH_LOG("%s", self->why);
	nlmsg_free(second);
	EXPECT_EQ(3, self->t.generation);
	ASSERT_EQ(3, self->t.n);
	EXPECT_EQ(1, self->t.tasks[0].pid);
	EXPECT_FALSE(self->t.tasks[0].has_group);
	EXPECT_FALSE(self->t.tasks[0].launched);
	EXPECT_EQ(812, self->t.tasks[1].pid);
	EXPECT_TRUE(self->t.tasks[1].has_group);
	EXPECT_STREQ("web", self->t.tasks[1].group);
	EXPECT_FALSE(self->t.tasks[1].launched);
	EXPECT_EQ(1207, self->t.tasks[2].pid);
	EXPECT_STREQ("sandbox", self->t.tasks[2].group);
	EXPECT_TRUE(self->t.tasks[2].launched);
}

/* A load between two messages: the caller dumps again. */
TEST_F(tasks, generation_change_is_eagain)
{
	struct nl_msg *second = new_msg();
	struct nlattr *list;

	ASSERT_NE(NULL, second);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 3);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 1, NULL, 0);
	nla_nest_end(self->msg, list);
	nla_put_u64(second, IPCWALL_A_POLICY_GENERATION, 4);
	list = nest_start(second, IPCWALL_A_TASKS);
	put_task(second, 2, "web", 0);
	nla_nest_end(second, list);

	ASSERT_EQ(0, parse(self, self->msg));
	EXPECT_EQ(-EAGAIN, parse(self, second));
	nlmsg_free(second);
	EXPECT_EQ(1, self->t.n);
	EXPECT_EQ(3, self->t.generation);
}

/* The padding the kernel puts before a u64 on some architectures. */
TEST_F(tasks, padding_is_accepted)
{
	struct nlattr *list;

	nla_put(self->msg, IPCWALL_A_UNSPEC, 0, NULL);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 1, NULL, 0);
	nla_nest_end(self->msg, list);
	ASSERT_EQ(0, parse(self, self->msg)) TH_LOG("%s", self->why);
	EXPECT_EQ(1, self->t.n);
}

TEST_F(tasks, refuses_pids_out_of_order)
{
	struct nlattr *list;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 5, NULL, 0);
	put_task(self->msg, 5, NULL, 0);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("process 5 after process 5: pids out of order");
	EXPECT_EQ(0, self->t.n);
}

TEST_F(tasks, refuses_launched_flag_past_one)
{
	struct nlattr *list;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 5, "web", 2);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("process 5 has launched flag 2, expected 0 or 1");
}

TEST_F(tasks, refuses_group_name_with_inner_nul)
{
	struct nlattr *list, *e;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	e = nest_start(self->msg, IPCWALL_A_TASK);
	nla_put_u32(self->msg, IPCWALL_TASK_A_PID, 5);
	nla_put(self->msg, IPCWALL_TASK_A_GROUP, 6, "web\0x");
	nla_put_u8(self->msg, IPCWALL_TASK_A_LAUNCHED, 0);
	nla_nest_end(self->msg, e);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("process 5 has a group name that is empty, too long or not one string");
}

TEST_F(tasks, refuses_missing_pid)
{
	struct nlattr *list, *e;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	e = nest_start(self->msg, IPCWALL_A_TASK);
	nla_put_u8(self->msg, IPCWALL_TASK_A_LAUNCHED, 0);
	nla_nest_end(self->msg, e);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("a process lacks its pid or launched flag");
}

TEST_F(tasks, refuses_unknown_attribute)
{
	struct nlattr *list;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	nla_put_u32(self->msg, IPCWALL_A_POLICY_SIZE, 0);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 5, NULL, 0);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("unexpected attribute type 8");
}

TEST_F(tasks, refuses_missing_generation)
{
	struct nlattr *list;

	list = nest_start(self->msg, IPCWALL_A_TASKS);
	put_task(self->msg, 5, NULL, 0);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("a message lacks the generation or the processes");
}

/* Many processes: the list grows past its first allocation. */
TEST_F(tasks, many_processes)
{
	struct nlattr *list;
	uint32_t pid;

	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 1);
	list = nest_start(self->msg, IPCWALL_A_TASKS);
	for (pid = 1; pid <= 1000; pid++)
		put_task(self->msg, pid, pid % 2 ? "web" : NULL, 0);
	nla_nest_end(self->msg, list);
	ASSERT_EQ(0, parse(self, self->msg)) TH_LOG("%s", self->why);
	ASSERT_EQ(1000, self->t.n);
	EXPECT_EQ(1000, self->t.tasks[999].pid);
	EXPECT_FALSE(self->t.tasks[999].has_group);
	EXPECT_STREQ("web", self->t.tasks[998].group);
}

TEST_HARNESS_MAIN
