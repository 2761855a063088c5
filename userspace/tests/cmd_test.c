// SPDX-License-Identifier: GPL-2.0
/*
 * The command line as a user meets it: the built tool is run (found
 * through $IPCWALL_BIN, which `make test' sets) and its exit status and
 * output are checked. Only `status' may reach for the kernel; where no
 * module is loaded it must fail cleanly with exit status 1.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "common.h"
#include "tool_run.h"
#include "ipcwall.h"


static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

FIXTURE(cmd) {
	struct tool_run r;
};

FIXTURE_SETUP(cmd)
{
	ASSERT_EQ(0, access(tool_path(), X_OK)) TH_LOG("no tool at %s", tool_path());
}

FIXTURE_TEARDOWN(cmd)
{
}

TEST_F(cmd, no_arguments_is_a_usage_error)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_TRUE(starts_with(self->r.err, "Usage: ipcwall <command> [<arguments>]\n"))
		TH_LOG("stderr: %s", self->r.err);
}

TEST_F(cmd, unknown_command_is_a_usage_error)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "nosuch", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_TRUE(starts_with(self->r.err,
		"ipcwall: unknown command `nosuch'\n\nUsage: ipcwall <command> [<arguments>]\n"))
		TH_LOG("stderr: %s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "\n  status [--json]\n"));
}

/* An option where a command belongs is just an unknown command. */
TEST_F(cmd, unknown_option_is_a_usage_error)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "--json", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_TRUE(starts_with(self->r.err, "ipcwall: unknown command `--json'\n"));
}

TEST_F(cmd, help_lists_every_command)
{
	static const char *const forms[] = { "help", "--help", "-h" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		ASSERT_EQ(0, tool_run(&self->r, NULL, forms[i], NULL));
		EXPECT_EQ(0, self->r.status) TH_LOG("%s", forms[i]);
		EXPECT_STREQ("", self->r.err);
		EXPECT_TRUE(starts_with(self->r.out, "Usage: ipcwall <command> [<arguments>]\n"));
		EXPECT_NE(NULL, strstr(self->r.out, "\n  status [--json]\n"));
		EXPECT_NE(NULL, strstr(self->r.out, "\n  help [<command>]\n"));
		EXPECT_NE(NULL, strstr(self->r.out, "\n  --version "));
		EXPECT_NE(NULL, strstr(self->r.out, "IPCWALL_MODULE"));
	}
}

TEST_F(cmd, help_for_a_command)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "help", "status", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_TRUE(starts_with(self->r.out, "Usage: ipcwall status [--json]\n"));
	EXPECT_NE(NULL, strstr(self->r.out, "also when enforcement is\nDEGRADED"));

	ASSERT_EQ(0, tool_run(&self->r, NULL, "status", "--help", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_TRUE(starts_with(self->r.out, "Usage: ipcwall status [--json]\n"));
}

TEST_F(cmd, help_for_an_unknown_command)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "help", "nosuch", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_TRUE(starts_with(self->r.err, "ipcwall: unknown command `nosuch'\n"));

	ASSERT_EQ(0, tool_run(&self->r, NULL, "help", "status", "extra", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("Usage: ipcwall help [<command>]\n", self->r.err);
}

TEST_F(cmd, version)
{
	char abi[32];
	size_t len;

	ASSERT_EQ(0, tool_run(&self->r, NULL, "--version", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("", self->r.err);
	EXPECT_TRUE(starts_with(self->r.out, "ipcwall "));
	snprintf(abi, sizeof(abi), " (ABI %u)\n", IPCWALL_ABI_VERSION);
	len = strlen(self->r.out);
	ASSERT_GT(len, strlen(abi));
	EXPECT_STREQ(abi, self->r.out + len - strlen(abi));
}

/* Refused before any socket is opened, so this holds on every host. */
TEST_F(cmd, status_rejects_unknown_arguments)
{
	ASSERT_EQ(0, tool_run(&self->r, "/nonexistent/ipcwall.ko", "status", "--bogus", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("ipcwall: status: unknown argument `--bogus'\n"
		     "Usage: ipcwall status [--json]\n", self->r.err);
}

/*
 * With the module absent and IPCWALL_MODULE naming no file, status fails
 * with one clear message and exit status 1, and prints nothing on stdout.
 */
static void status_without_module(FIXTURE_DATA(cmd) *self, const char *opt)
{
	ASSERT_EQ(0, tool_run(&self->r, "/nonexistent/ipcwall.ko", "status", opt, NULL));
	if (self->r.status == 0)
		SKIP(return, "the ipcwall module is loaded on this host");
	ASSERT_EQ(1, self->r.status) TH_LOG("stderr: %s", self->r.err);
	EXPECT_STREQ("", self->r.out);
	EXPECT_TRUE(starts_with(self->r.err, "ipcwall: ")) TH_LOG("stderr: %s", self->r.err);
	if (geteuid() == 0)
		EXPECT_NE(NULL, strstr(self->r.err, "/nonexistent/ipcwall.ko"))
			TH_LOG("stderr: %s", self->r.err);
	else
		EXPECT_NE(NULL, strstr(self->r.err, "loading it needs root"))
			TH_LOG("stderr: %s", self->r.err);
}

TEST_F(cmd, status_without_module)
{
	status_without_module(self, NULL);
}

TEST_F(cmd, status_json_without_module)
{
	status_without_module(self, "--json");
}

TEST_HARNESS_MAIN
