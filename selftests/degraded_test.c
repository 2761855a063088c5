// SPDX-License-Identifier: GPL-2.0
/*
 * Degraded enforcement is reported, not hidden: when kprobes are disabled
 * system-wide through debugfs, GET_STATUS says so and shows every hook
 * disarmed; when they are enabled again, it is back to complete.
 *
 * Runs as root with the module loaded and debugfs mounted (the VM runner
 * does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipcwall.h"
#include "netlink.h"
#include "harness.h"

#define KPROBES_ENABLED "/sys/kernel/debug/kprobes/enabled"

struct status {
	uint32_t degraded;
	unsigned int hooks;
	unsigned int armed;
};

static int write_file(const char *path, const char *text)
{
	ssize_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len)
		err = -errno;
	close(fd);
	return err;
}

/* Asks the module for its status; returns 0 or the errno it answered. */
static int get_status(struct status *st)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	const struct nlattr *hook[IPCWALL_HOOK_A_MAX + 1];
	const struct nlattr *pos;
	static struct nl_reply reply;
	struct nl_msg msg;
	struct nl_sock sock;
	uint8_t armed;
	int family, rem;

	memset(st, 0, sizeof(*st));
	ASSERT_EQ(0, nl_open(&sock, 5000));
	family = nl_family_id(&sock, IPCWALL_GENL_NAME);
	ASSERT_LT(0, family) TH_LOG("the ipcwall family is not registered");

	nl_msg_init(&msg, family, IPCWALL_CMD_GET_STATUS, IPCWALL_GENL_VERSION);
	nl_put_u32(&msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	ASSERT_EQ(0, nl_transact(&sock, &msg, &reply));
	nl_close(&sock);
	if (reply.error)
		return reply.error;

	ASSERT_EQ(0, nl_parse(reply.attrs, reply.attrs_len, tb, IPCWALL_A_MAX));
	ASSERT_TRUE(nl_attr_u32(tb[IPCWALL_A_DEGRADED], &st->degraded));
	ASSERT_NE(NULL, tb[IPCWALL_A_HOOKS]);
	nl_for_each_attr(pos, nl_attr_data(tb[IPCWALL_A_HOOKS]),
			 nl_attr_len(tb[IPCWALL_A_HOOKS]), rem) {
		ASSERT_EQ(0, nl_parse_nested(pos, hook, IPCWALL_HOOK_A_MAX));
		ASSERT_TRUE(nl_attr_u8(hook[IPCWALL_HOOK_A_ARMED], &armed));
		st->hooks++;
		st->armed += armed;
	}
	return 0;
}

FIXTURE(kprobes) {
	int unused;
};

FIXTURE_SETUP(kprobes)
{
	ASSERT_EQ(0, access(KPROBES_ENABLED, W_OK))
		TH_LOG("%s: %s (is debugfs mounted?)", KPROBES_ENABLED,
		       strerror(errno));
}

/* Whatever happened, leave kprobes enabled for the suites that follow. */
FIXTURE_TEARDOWN(kprobes)
{
	EXPECT_EQ(0, write_file(KPROBES_ENABLED, "1"));
}

TEST_F(kprobes, complete_when_enabled)
{
	struct status st;

	ASSERT_EQ(0, get_status(&st));
	EXPECT_EQ(0, st.degraded);
	ASSERT_LT(0, st.hooks);
	EXPECT_EQ(st.hooks, st.armed);
}

TEST_F(kprobes, degraded_when_disabled_system_wide)
{
	struct status st;

	ASSERT_EQ(0, write_file(KPROBES_ENABLED, "0"));
	ASSERT_EQ(0, get_status(&st));
	EXPECT_EQ(IPCWALL_DEGRADED_KPROBES_DISABLED, st.degraded);
	ASSERT_LT(0, st.hooks);
	EXPECT_EQ(0, st.armed) TH_LOG("%u of %u hooks still shown armed",
				      st.armed, st.hooks);
}

TEST_F(kprobes, complete_again_when_reenabled)
{
	struct status st;

	ASSERT_EQ(0, write_file(KPROBES_ENABLED, "0"));
	ASSERT_EQ(0, write_file(KPROBES_ENABLED, "1"));
	ASSERT_EQ(0, get_status(&st));
	EXPECT_EQ(0, st.degraded);
	EXPECT_EQ(st.hooks, st.armed);
}

TEST_HARNESS_MAIN
