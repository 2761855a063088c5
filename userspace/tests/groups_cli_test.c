// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall run' and `ipcwall ps' as far as a host without the module
 * takes them: their command lines, refused before any socket is opened,
 * with exact messages and exit statuses; `run' never loading the module;
 * and the messages for a refused join, from extended acks built here.
 */
#include <errno.h>
#include <unistd.h>

#include "harness.h"
#include "common.h"
#include "genl.h"
#include "run.h"
#include "tool_run.h"

#define RUN_USAGE "Usage: ipcwall run --group <name> -- <command> [<argument>...]\n"
#define PS_USAGE "Usage: ipcwall ps [--json] [--group <name>]\n"

/* No module can be loaded from here, whatever the host. */
#define NO_MODULE "/nonexistent/ipcwall.ko"

FIXTURE(cli) {
	struct tool_run r;
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, access(tool_path(), X_OK)) TH_LOG("no tool at %s", tool_path());
}

FIXTURE_TEARDOWN(cli)
{
}

/* The last run: exit status @want_status, no stdout, exactly @want_err. */
#define EXPECT_REFUSED(want_status, want_err) do {			\
	EXPECT_EQ(want_status, self->r.status);				\
	EXPECT_STREQ("", self->r.out);					\
	EXPECT_STREQ(want_err, self->r.err);				\
} while (0)

TEST_F(cli, run_without_double_dash)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "g", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: expected `--' and a command\n" RUN_USAGE);
}

TEST_F(cli, run_command_before_double_dash)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "g", "sleep", "1", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: expected `--' before the command `sleep'\n" RUN_USAGE);
}

TEST_F(cli, run_without_command)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "g", "--", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: no command after `--'\n" RUN_USAGE);
}

TEST_F(cli, run_without_group)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--", "true", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: `--group NAME' is required\n" RUN_USAGE);
}

TEST_F(cli, run_group_without_name)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: `--group' needs a NAME\n" RUN_USAGE);
}

TEST_F(cli, run_group_twice)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "a", "--group", "b",
			      "--", "true", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: `--group' given twice\n" RUN_USAGE);
}

TEST_F(cli, run_unknown_option)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "g", "--json",
			      "--", "true", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: unknown argument `--json'\n" RUN_USAGE);
}

/* What follows `--' is the command's, options included. */
TEST_F(cli, run_help_after_double_dash_is_the_commands)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--", "--help", NULL));
	EXPECT_REFUSED(2, "ipcwall: run: `--group NAME' is required\n" RUN_USAGE);
}

TEST_F(cli, run_help)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "help", "run", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("", self->r.err);
	EXPECT_EQ(0, strncmp(self->r.out, RUN_USAGE, strlen(RUN_USAGE)))
		TH_LOG("stdout: %s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "Never loads the module."));
}

/*
 * The module is never loaded by `run': IPCWALL_MODULE is not even looked
 * at, and the message says what is wrong.
 */
TEST_F(cli, run_without_module)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "run", "--group", "g", "--", "true", NULL));
	/* Loaded, the module itself refuses: there is no policy here. */
	if (strstr(self->r.err, "cannot join group"))
		SKIP(return, "the ipcwall module is loaded on this host");
	EXPECT_REFUSED(1, "ipcwall: the ipcwall module is not loaded\n");
}

TEST_F(cli, ps_group_without_name)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "ps", "--group", NULL));
	EXPECT_REFUSED(2, "ipcwall: ps: `--group' needs a NAME\n" PS_USAGE);
}

TEST_F(cli, ps_group_twice)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "ps", "--group", "a", "--group", "b", NULL));
	EXPECT_REFUSED(2, "ipcwall: ps: `--group' given twice\n" PS_USAGE);
}

TEST_F(cli, ps_unknown_argument)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "ps", "web", NULL));
	EXPECT_REFUSED(2, "ipcwall: ps: unknown argument `web'\n" PS_USAGE);
}

TEST_F(cli, ps_help)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "ps", "--help", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("", self->r.err);
	EXPECT_EQ(0, strncmp(self->r.out, PS_USAGE, strlen(PS_USAGE)))
		TH_LOG("stdout: %s", self->r.out);
}

TEST_F(cli, help_lists_ps_and_run)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "help", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_NE(NULL, strstr(self->r.out,
		"\n  ps [--json] [--group <name>]\n      List every process with its group\n"));
	EXPECT_NE(NULL, strstr(self->r.out,
		"\n  run --group <name> -- <command> [<argument>...]\n"
		"      Run a command in a group of the policy in force\n"));
}

/* ---- A refused join ---- */

FIXTURE(join) {
	struct capture out;
	struct ipcwall_extack ext;
};

FIXTURE_SETUP(join)
{
	ASSERT_EQ(0, capture_open(&self->out));
	memset(&self->ext, 0, sizeof(self->ext));
}

FIXTURE_TEARDOWN(join)
{
	capture_close(&self->out);
}

static void set_msg(struct ipcwall_extack *ext, int error, const char *msg)
{
	ext->error = error;
	ext->has_msg = true;
	snprintf(ext->msg, sizeof(ext->msg), "%s", msg);
}

TEST_F(join, not_in_the_launch_list)
{
	set_msg(&self->ext, EPERM, "uid 1002 is not in the group's launch list");
	run_report_join(self->out.f, "sandbox", EPERM, &self->ext);
	EXPECT_STREQ("ipcwall: cannot join group `sandbox': uid 1002 is not in the group's launch list, and CAP_MAC_ADMIN is missing\n",
		     capture_text(&self->out));
}

/* The message already names the capability: it is not said twice. */
TEST_F(join, already_in_a_group)
{
	set_msg(&self->ext, EPERM, "in group `web': moving needs CAP_MAC_ADMIN");
	run_report_join(self->out.f, "sandbox", EPERM, &self->ext);
	EXPECT_STREQ("ipcwall: cannot join group `sandbox': in group `web': moving needs CAP_MAC_ADMIN\n",
		     capture_text(&self->out));
}

TEST_F(join, no_such_group)
{
	set_msg(&self->ext, ENOENT, "no such group in the policy in force");
	run_report_join(self->out.f, "nosuch", ENOENT, &self->ext);
	EXPECT_STREQ("ipcwall: cannot join group `nosuch': no such group in the policy in force\n",
		     capture_text(&self->out));
}

TEST_F(join, other_threads)
{
	set_msg(&self->ext, EBUSY, "the process has other threads, which would stay behind");
	run_report_join(self->out.f, "g", EBUSY, &self->ext);
	EXPECT_STREQ("ipcwall: cannot join group `g': the process has other threads, which would stay behind\n",
		     capture_text(&self->out));
}

/* Without extended acks, the errno alone. */
TEST_F(join, refusal_without_message)
{
	run_report_join(self->out.f, "g", EPERM, &self->ext);
	EXPECT_STREQ("ipcwall: cannot join group `g': Operation not permitted\n",
		     capture_text(&self->out));
}

/* Anything else is reported as every other request's failure is. */
TEST_F(join, other_errors)
{
	set_msg(&self->ext, EINVAL, "missing attribute");
	run_report_join(self->out.f, "g", EINVAL, &self->ext);
	EXPECT_STREQ("ipcwall: kernel reports: missing attribute: Invalid argument\n",
		     capture_text(&self->out));
}

TEST_HARNESS_MAIN
