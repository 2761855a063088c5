// SPDX-License-Identifier: GPL-2.0
/*
 * The policy commands as a user meets them: load, show, unload and query
 * are run (the tool found through $IPCWALL_BIN), and their exit status
 * and output checked. Everything here is decided before the module is
 * asked anything, so it holds on any host; what needs the module is
 * tested in the VMs.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tool_run.h"
#include "common.h"
#include "policy_image.h"
#include "policy_parse.h"

/* No module can be loaded by anything these tests run. */
#define NO_MODULE "/nonexistent/ipcwall.ko"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int err;

	if (!f)
		return -1;
	err = fwrite(buf, 1, len, f) != len;
	return fclose(f) || err ? -1 : 0;
}

FIXTURE(cli) {
	struct tool_run r;
	char dir[64];
	char path[128];
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, access(tool_path(), X_OK)) TH_LOG("no tool at %s", tool_path());
	strcpy(self->dir, "/tmp/ipcwall-cli-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/policy.bin", self->dir);
}

FIXTURE_TEARDOWN(cli)
{
	unlink(self->path);
	rmdir(self->dir);
}

/* A usage error: exit 2, nothing on stdout, exactly @err on stderr. */
#define EXPECT_USAGE(self, want) do {					\
		EXPECT_EQ(2, (self)->r.status);				\
		EXPECT_STREQ("", (self)->r.out);			\
		EXPECT_STREQ(want, (self)->r.err);			\
	} while (0)

TEST_F(cli, help_lists_the_policy_commands)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "help", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_NE(NULL, strstr(self->r.out, "\n  load <path>...\n"));
	EXPECT_NE(NULL, strstr(self->r.out, "\n  show [--compiled <file>]\n"));
	EXPECT_NE(NULL, strstr(self->r.out, "\n  unload \n"));
	EXPECT_NE(NULL, strstr(self->r.out,
		"\n  query [--json] <subject> <class> [<op>] [<keyword> <value>]...\n"));
}

TEST_F(cli, each_command_has_help)
{
	static const char *const cmds[][2] = {
		{ "load", "Usage: ipcwall load <path>...\n" },
		{ "show", "Usage: ipcwall show [--compiled <file>]\n" },
		{ "unload", "Usage: ipcwall unload\n" },
		{ "query", "Usage: ipcwall query [--json] <subject> <class> [<op>] [<keyword> <value>]...\n" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, cmds[i][0], "--help", NULL));
		EXPECT_EQ(0, self->r.status) TH_LOG("%s", cmds[i][0]);
		EXPECT_STREQ("", self->r.err);
		EXPECT_TRUE(starts_with(self->r.out, cmds[i][1]))
			TH_LOG("%s: %s", cmds[i][0], self->r.out);
		EXPECT_NE(NULL, strstr(self->r.out, "\nExit status: 0 "));

		ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "help", cmds[i][0], NULL));
		EXPECT_EQ(0, self->r.status);
		EXPECT_TRUE(starts_with(self->r.out, cmds[i][1]));
	}
}

TEST_F(cli, load_usage_errors)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", NULL));
	EXPECT_USAGE(self, "ipcwall: load: no policy given\n"
			   "Usage: ipcwall load <path>...\n");
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", "--bogus", "x.yaml", NULL));
	EXPECT_USAGE(self, "ipcwall: load: unknown option `--bogus'\n"
			   "Usage: ipcwall load <path>...\n");
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", "--", NULL));
	EXPECT_USAGE(self, "ipcwall: load: no policy given\n"
			   "Usage: ipcwall load <path>...\n");
}

/* Errors in the policy stop load before the module is asked anything. */
TEST_F(cli, load_reports_policy_errors)
{
	static const char bad[] = "group: web\nrules:\n  - deny: signal\n    form: \"*\"\n";
	char want[512];

	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", "/nonexistent/p.yaml", NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("/nonexistent/p.yaml: error: cannot open: No such file or directory\n",
		     self->r.err);

	snprintf(self->path, sizeof(self->path), "%s/web.yaml", self->dir);
	ASSERT_EQ(0, write_file(self->path, bad, strlen(bad)));
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", self->dir, NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	snprintf(want, sizeof(want), "%s:4:5: error: unknown key `form' in rule 1; did you mean `from'?\n",
		 self->path);
	EXPECT_STREQ(want, self->r.err);
}

TEST_F(cli, load_checks_a_compiled_file_first)
{
	struct policy_image img;
	struct ipcwall_policy_header *hdr;
	char want[512];
	size_t len;
	void *buf;

	ASSERT_EQ(0, policy_image_init(&img));
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	hdr = buf;
	hdr->version = 9;
	ASSERT_EQ(0, write_file(self->path, buf, len));
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "load", self->path, NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	snprintf(want, sizeof(want), "ipcwall: %s is not a valid compiled policy: header.version: 9 is not 1\n",
		 self->path);
	EXPECT_STREQ(want, self->r.err);
	free(buf);
	policy_image_free(&img);
}

static const char policy_yaml[] =
	"group: web\n"
	"members:\n"
	"  - exe: /usr/sbin/nginx\n"
	"rules:\n"
	"  - deny: signal\n"
	"    from: [\"*\", web]\n"
	"    signals: [TERM, KILL, RTMIN..RTMAX]\n"
	"  - allow: file\n"
	"    paths: \"/srv/a: b\"\n"
	"    audit: true\n";

static const char policy_shown[] =
	"groups:\n"
	"  - group: web\n"
	"    mode: enforce\n"
	"    members:\n"
	"      - exe: /usr/sbin/nginx\n"
	"    default:\n"
	"      inbound: allow\n"
	"      outbound: allow\n"
	"    rules:\n"
	"      - deny: signal\n"
	"        from: \"*\"\n"
	"        signals: [KILL, TERM, RTMIN..RTMAX]\n"
	"      - deny: signal\n"
	"        from: web\n"
	"        signals: [KILL, TERM, RTMIN..RTMAX]\n"
	"      - allow: file\n"
	"        paths: \"/srv/a: b\"\n"
	"        audit: true\n";

TEST_F(cli, show_compiled_prints_a_compiled_file)
{
	const char *name = "web.yaml";
	const void *src = policy_yaml;
	size_t src_len = strlen(policy_yaml), len;
	struct policy_image img;
	struct yaml_diags d;
	void *buf;

	yaml_diags_init(&d);
	ASSERT_EQ(0, policy_image_init(&img));
	ASSERT_EQ(0, policy_compile_mem(&name, &src, &src_len, 1, &d, &img)) {
		yaml_diags_print(&d, stderr);
	}
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	ASSERT_EQ(0, write_file(self->path, buf, len));
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "--compiled", self->path, NULL));
	EXPECT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err);
	EXPECT_STREQ("", self->r.err);
	EXPECT_STREQ(policy_shown, self->r.out);
	free(buf);
	yaml_diags_free(&d);
	policy_image_free(&img);
}

TEST_F(cli, show_compiled_refuses_what_is_not_a_policy)
{
	char want[512];

	ASSERT_EQ(0, write_file(self->path, policy_yaml, strlen(policy_yaml)));
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "--compiled", self->path, NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	snprintf(want, sizeof(want), "ipcwall: %s is not a valid compiled policy: header.magic: not a compiled ipcwall policy\n",
		 self->path);
	EXPECT_STREQ(want, self->r.err);

	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "--compiled", "/nonexistent/p.bin", NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("ipcwall: cannot open /nonexistent/p.bin: No such file or directory\n",
		     self->r.err);
}

TEST_F(cli, show_usage_errors)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "--compiled", NULL));
	EXPECT_USAGE(self, "ipcwall: show: `--compiled' needs a FILE\n"
			   "Usage: ipcwall show [--compiled <file>]\n");
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "--compiled", "a", "--compiled", "b", NULL));
	EXPECT_USAGE(self, "ipcwall: show: `--compiled' given twice\n"
			   "Usage: ipcwall show [--compiled <file>]\n");
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "show", "extra", NULL));
	EXPECT_USAGE(self, "ipcwall: show: unknown argument `extra'\n"
			   "Usage: ipcwall show [--compiled <file>]\n");
}

TEST_F(cli, unload_usage_errors)
{
	ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, "unload", "now", NULL));
	EXPECT_USAGE(self, "ipcwall: unload: unknown argument `now'\n"
			   "Usage: ipcwall unload\n");
}

#define QUERY_USAGE "Usage: ipcwall query [--json] <subject> <class> [<op>] [<keyword> <value>]...\n"

TEST_F(cli, query_usage_errors)
{
	static const struct {
		const char *args[10];
		const char *err;
	} cases[] = {
		{ { NULL }, "expected a subject and a class" },
		{ { "web", NULL }, "expected a subject and a class" },
		{ { "--bogus", "web", "file", NULL }, "unknown option `--bogus'" },
		{ { "web", "files", "read", NULL },
		  "unknown class `files'; expected signal, ptrace, shm, msg, sem, posix_shm, posix_mq, unix, inet or file" },
		{ { "web", "file", NULL }, "file needs an op" },
		{ { "web", "signal", NULL }, "signal needs a signal" },
		{ { "web", "file", "append", "path", "/x", NULL },
		  "unknown file op `append'; expected one of: read, write, exec, create" },
		{ { "web", "ptrace", "trace", NULL },
		  "unknown ptrace op `trace'; expected one of: read, attach" },
		{ { "web", "file", "read", NULL }, "file needs `path'" },
		{ { "web", "file", "read", "path", NULL }, "`path' needs a value" },
		{ { "web", "file", "read", "path", "/a", "path", "/b", NULL },
		  "`path' given twice" },
		{ { "web", "file", "read", "to", "db", NULL },
		  "`to' does not apply to file" },
		{ { "web", "file", "read", "via", "x", NULL }, "unknown keyword `via'" },
		{ { "web", "signal", "TREM", "to", "db", NULL },
		  "unknown signal `TREM'; expected a name (TERM or SIGTERM), a number from 0 to 64, RTMIN+n or RTMAX-n" },
		{ { "web", "signal", "65", "to", "db", NULL },
		  "unknown signal `65'; expected a name (TERM or SIGTERM), a number from 0 to 64, RTMIN+n or RTMAX-n" },
		{ { "web", "signal", "TERM", NULL }, "signal needs `to GROUP'" },
		{ { "web", "ptrace", "attach", NULL }, "ptrace needs `to GROUP'" },
		{ { "web", "shm", "read", NULL },
		  "shm needs `owner GROUP'" },
		{ { "web", "shm", "read", "key", "0x1g", NULL },
		  "invalid key `0x1g'; expected a number from 0 to 0xffffffff" },
		{ { "web", "sem", "read", "key", "0x100000000", NULL },
		  "invalid key `0x100000000'; expected a number from 0 to 0xffffffff" },
		{ { "web", "msg", "read", "key", "1", NULL },
		  "unknown msg op `read'; expected one of: send, receive, create, control" },
		{ { "web", "posix_mq", "send", NULL }, "posix_mq needs `name'" },
		{ { "web", "posix_shm", "read", "path", "/x", NULL },
		  "`path' does not apply to posix_shm" },
		{ { "web", "unix", "connect", "path", "/x", NULL }, "unix needs `to GROUP'" },
		{ { "web", "inet", "connect", "port", "443", NULL },
		  "inet needs `tcp|udp ADDRESS'" },
		{ { "web", "inet", "connect", "tcp", "10.0.0.1", NULL },
		  "inet needs `port'" },
		{ { "web", "inet", "connect", "tcp", "10.0.0.256", "port", "1", NULL },
		  "invalid address `10.0.0.256'; expected an IPv4 or IPv6 address" },
		{ { "web", "inet", "connect", "tcp", "::1", "udp", "::2", NULL },
		  "`udp' given twice" },
		{ { "web", "inet", "bind", "udp", "::1", "port", "65536", NULL },
		  "invalid port `65536'; expected a number from 0 to 65535" },
		{ { "web", "inet", "bind", "udp", "::1", "port", "-1", NULL },
		  "invalid port `-1'; expected a number from 0 to 65535" },
	};
	char want[512];
	unsigned int i, n;
	char *argv[12];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		argv[0] = "query";
		for (n = 0; cases[i].args[n]; n++)
			argv[n + 1] = (char *)cases[i].args[n];
		for (n++; n < 12; n++)
			argv[n] = NULL;
		ASSERT_EQ(0, tool_run(&self->r, NO_MODULE, argv[0], argv[1], argv[2], argv[3],
				 argv[4], argv[5], argv[6], argv[7], argv[8],
				 argv[9], argv[10], NULL));
		snprintf(want, sizeof(want), "ipcwall: query: %s\n" QUERY_USAGE,
			 cases[i].err);
		EXPECT_EQ(2, self->r.status) TH_LOG("case %u", i);
		EXPECT_STREQ("", self->r.out);
		EXPECT_STREQ(want, self->r.err) TH_LOG("case %u", i);
	}
}

TEST_HARNESS_MAIN
