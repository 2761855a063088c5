// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall status' without a kernel: replies are built in memory with
 * libnl the way the module builds them, then parsed and printed. The exact
 * text and JSON are the interface scripts rely on; every malformed reply
 * must be refused with a reason, never shown.
 */
#include <errno.h>
#include <stdint.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "harness.h"
#include "common.h"
#include "ipcwall.h"
#include "status.h"

#define RELEASE "6.1.0-56-amd64"

struct hook_spec {
	const char *name;
	uint8_t armed;
	uint64_t hits;
	uint64_t missed;
	uint8_t missed_covered;
};

static const struct hook_spec healthy[] = {
	{ "security_task_kill", 1, 12, 0, 0 },
	{ "security_ptrace_access_check", 1, 3, 0, 0 },
	{ "security_ptrace_traceme", 1, 0, 0, 0 },
};

static const struct hook_spec degraded[] = {
	{ "security_task_kill", 1, 5, 2, 0 },
	{ "security_ptrace_access_check", 0, 0, 0, 0 },
	{ "security_ptrace_traceme", 1, 0, 0, 0 },
};

FIXTURE(status) {
	struct nl_msg *msg;
	struct capture out;
	struct ipcwall_status st;
	char why[256];
};

FIXTURE_SETUP(status)
{
	self->msg = nlmsg_alloc_size(65536);
	ASSERT_NE(NULL, self->msg);
	ASSERT_NE(NULL, genlmsg_put(self->msg, 0, 0, 0x20, 0, 0,
				    IPCWALL_CMD_GET_STATUS,
				    IPCWALL_GENL_VERSION));
	ASSERT_EQ(0, capture_open(&self->out));
}

FIXTURE_TEARDOWN(status)
{
	nlmsg_free(self->msg);
	capture_close(&self->out);
}

/* The kernel's nla_nest_start() marks nests; libnl 3.7's does not. */
static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

static void put_tasks(struct nl_msg *msg)
{
	nla_put_u64(msg, IPCWALL_A_TASKS_LIVE, 214);
	nla_put_u64(msg, IPCWALL_A_TASKS_TOTAL, 10230);
}

static void put_scalars(struct nl_msg *msg, uint64_t generation,
			uint32_t flags)
{
	nla_put_u32(msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(msg, IPCWALL_A_POLICY_GENERATION, generation);
	/* A module that loaded a policy; what follows an unload is tested apart. */
	if (generation) {
		nla_put_u32(msg, IPCWALL_A_POLICY_GROUPS, 2);
		nla_put_u32(msg, IPCWALL_A_POLICY_RULES, 20);
	}
	put_tasks(msg);
	nla_put_u32(msg, IPCWALL_A_DEGRADED, flags);
}

static void put_hook(struct nl_msg *msg, const struct hook_spec *h)
{
	struct nlattr *e = nest_start(msg, IPCWALL_A_HOOK);

	nla_put_string(msg, IPCWALL_HOOK_A_NAME, h->name);
	nla_put_u8(msg, IPCWALL_HOOK_A_ARMED, h->armed);
	nla_put_u64(msg, IPCWALL_HOOK_A_HITS, h->hits);
	nla_put_u64(msg, IPCWALL_HOOK_A_MISSED, h->missed);
	nla_put_u8(msg, IPCWALL_HOOK_A_MISSED_COVERED, h->missed_covered);
	nla_nest_end(msg, e);
}

static void put_hooks(struct nl_msg *msg, const struct hook_spec *h,
		      size_t n)
{
	struct nlattr *list;
	size_t i;

	/* libnl drops an empty nest on nla_nest_end(); the kernel keeps it. */
	if (!n) {
		nla_put(msg, IPCWALL_A_HOOKS | NLA_F_NESTED, 0, NULL);
		return;
	}
	list = nest_start(msg, IPCWALL_A_HOOKS);
	for (i = 0; i < n; i++)
		put_hook(msg, &h[i]);
	nla_nest_end(msg, list);
}

static void put_reply(struct nl_msg *msg, uint64_t generation, uint32_t flags,
		      const struct hook_spec *h, size_t n)
{
	put_scalars(msg, generation, flags);
	put_hooks(msg, h, n);
}

/* What `status' adds from the TASK_GET dump when a policy is loaded. */
static const struct ipcwall_group_count members[] = {
	{ "web", 2 },
	{ "admin-scripts", 1 },
};

static void set_members(struct ipcwall_status *st)
{
	st->has_members = true;
	st->groups = members;
	st->nr_groups = ARRAY_SIZE(members);
	st->unconfined_processes = 97;
}

#define parse_self() \
	ipcwall_status_parse(nlmsg_hdr(self->msg), &self->st, self->why, \
			     sizeof(self->why))

/* Refused, with a reason that contains @part. */
#define ASSERT_REFUSED(part) do {					\
	ASSERT_EQ(-EBADMSG, parse_self());				\
	EXPECT_NE(NULL, strstr(self->why, part))			\
		TH_LOG("reason: %s", self->why);			\
} while (0)

static const char *text(FIXTURE_DATA(status) *self)
{
	ipcwall_status_print(self->out.f, &self->st);
	return capture_text(&self->out);
}

static const char *json(FIXTURE_DATA(status) *self)
{
	if (ipcwall_status_print_json(self->out.f, &self->st))
		return "(json_end failed)";
	return capture_text(&self->out);
}

TEST_F(status, healthy_text)
{
	put_reply(self->msg, 0, 0, healthy, ARRAY_SIZE(healthy));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_STREQ(
		"ipcwall 0.1 (ABI 1) on Linux 6.1.0-56-amd64\n"
		"policy: none loaded\n"
		"tasks: 214 live, 10230 since load\n"
		"enforcement: complete\n"
		"hooks: 3 armed of 3\n"
		"  security_task_kill            armed    hits 12   missed 0\n"
		"  security_ptrace_access_check  armed    hits 3    missed 0\n"
		"  security_ptrace_traceme       armed    hits 0    missed 0\n",
		text(self));
}

TEST_F(status, healthy_json)
{
	put_reply(self->msg, 0, 0, healthy, ARRAY_SIZE(healthy));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_STREQ(
		"{\"module_version\":\"0.1\",\"abi_version\":1,"
		"\"kernel_release\":\"6.1.0-56-amd64\",\"policy_generation\":0,\"policy\":null,"
		"\"tasks\":{\"live\":214,\"total\":10230},"
		"\"groups\":null,\"unconfined_processes\":null,"
		"\"degraded\":[],\"hooks\":["
		"{\"name\":\"security_task_kill\",\"armed\":true,\"hits\":12,\"missed\":0},"
		"{\"name\":\"security_ptrace_access_check\",\"armed\":true,\"hits\":3,\"missed\":0},"
		"{\"name\":\"security_ptrace_traceme\",\"armed\":true,\"hits\":0,\"missed\":0}]}\n",
		json(self));
}

TEST_F(status, degraded_text)
{
	put_reply(self->msg, 7, IPCWALL_DEGRADED_MASK, degraded,
		  ARRAY_SIZE(degraded));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	set_members(&self->st);
	EXPECT_STREQ(
		"ipcwall 0.1 (ABI 1) on Linux 6.1.0-56-amd64\n"
		"policy: generation 7, 2 groups, 20 rules\n"
		"tasks: 214 live, 10230 since load\n"
		"groups: 2\n"
		"  web            2 processes\n"
		"  admin-scripts  1 process\n"
		"  (no group)    97 processes\n"
		"enforcement: DEGRADED: hook security_ptrace_access_check disarmed, "
		"kprobes disabled system-wide (debugfs kprobes/enabled), "
		"hooks missed calls\n"
		"hooks: 2 armed of 3\n"
		"  security_task_kill            armed    hits 5   missed 2\n"
		"  security_ptrace_access_check  disarmed hits 0   missed 0\n"
		"  security_ptrace_traceme       armed    hits 0   missed 0\n",
		text(self));
}

TEST_F(status, degraded_json)
{
	put_reply(self->msg, 7, IPCWALL_DEGRADED_MASK, degraded,
		  ARRAY_SIZE(degraded));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	set_members(&self->st);
	EXPECT_STREQ(
		"{\"module_version\":\"0.1\",\"abi_version\":1,"
		"\"kernel_release\":\"6.1.0-56-amd64\",\"policy_generation\":7,"
		"\"policy\":{\"groups\":2,\"rules\":20},"
		"\"tasks\":{\"live\":214,\"total\":10230},"
		"\"groups\":[{\"name\":\"web\",\"processes\":2},"
		"{\"name\":\"admin-scripts\",\"processes\":1}],"
		"\"unconfined_processes\":97,"
		"\"degraded\":[\"hook_disarmed\",\"kprobes_disabled\",\"hook_missed\"],"
		"\"hooks\":["
		"{\"name\":\"security_task_kill\",\"armed\":true,\"hits\":5,\"missed\":2},"
		"{\"name\":\"security_ptrace_access_check\",\"armed\":false,\"hits\":0,\"missed\":0},"
		"{\"name\":\"security_ptrace_traceme\",\"armed\":true,\"hits\":0,\"missed\":0}]}\n",
		json(self));
}

TEST_F(status, kprobes_disabled_only)
{
	put_reply(self->msg, 0, IPCWALL_DEGRADED_KPROBES_DISABLED, healthy, 1);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(text(self),
		"\nenforcement: DEGRADED: kprobes disabled system-wide (debugfs kprobes/enabled)\n"));
}

TEST_F(status, disarmed_flag_without_a_disarmed_hook)
{
	put_reply(self->msg, 0, IPCWALL_DEGRADED_HOOK_DISARMED, healthy, 1);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(text(self),
		"\nenforcement: DEGRADED: a hook is disarmed\n"));
}

/* Hooks that prove a degradation the flags forgot still say DEGRADED. */
TEST_F(status, hooks_override_missing_flags)
{
	put_reply(self->msg, 0, 0, degraded, ARRAY_SIZE(degraded));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_EQ(IPCWALL_DEGRADED_HOOK_DISARMED | IPCWALL_DEGRADED_HOOK_MISSED,
		  ipcwall_status_degraded(&self->st));
	EXPECT_NE(NULL, strstr(text(self),
		"\nenforcement: DEGRADED: hook security_ptrace_access_check disarmed, hooks missed calls\n"));
}

/* Misses of a hook whose misses are covered are shown, not degrading. */
TEST_F(status, covered_misses_do_not_degrade)
{
	static const struct hook_spec h[] = {
		{ "security_task_free", 1, 90, 3, 1 },
		{ "security_task_kill", 1, 12, 0, 0 },
	};

	put_reply(self->msg, 0, 0, h, ARRAY_SIZE(h));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_EQ(0, ipcwall_status_degraded(&self->st));
	EXPECT_NE(NULL, strstr(text(self), "\nenforcement: complete\n"));
	EXPECT_NE(NULL, strstr(text(self),
		"  security_task_free        armed    hits 90   missed 3 (covered)\n"));
}

TEST_F(status, refuses_covered_out_of_range)
{
	static const struct hook_spec h = { "security_task_free", 1, 0, 0, 2 };

	put_reply(self->msg, 0, 0, &h, 1);
	ASSERT_REFUSED("hook security_task_free has IPCWALL_HOOK_A_MISSED_COVERED 2, expected 0 or 1");
}

TEST_F(status, unknown_flags_are_shown)
{
	put_reply(self->msg, 0, 0x30, healthy, 1);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(text(self),
		"\nenforcement: DEGRADED: unknown reasons (flags 0x30)\n"));
	capture_reset(&self->out);
	EXPECT_NE(NULL, strstr(json(self),
		"\"degraded\":[\"unknown_0x10\",\"unknown_0x20\"]"));
}

TEST_F(status, no_hooks)
{
	put_reply(self->msg, 0, 0, NULL, 0);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(text(self), "enforcement: complete\nhooks: 0 armed of 0\n"));
	capture_reset(&self->out);
	EXPECT_NE(NULL, strstr(json(self), "\"degraded\":[],\"hooks\":[]}\n"));
}

TEST_F(status, large_counters_and_long_names)
{
	static const struct hook_spec h[] = {
		{ "security_a_function_with_a_long_name", 1, UINT64_MAX, 1, 0 },
		{ "s", 1, 0, 0, 0 },
	};

	put_reply(self->msg, UINT64_MAX, 0, h, ARRAY_SIZE(h));
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(text(self),
		"policy: generation 18446744073709551615, 2 groups, 20 rules\n"
		"tasks: 214 live, 10230 since load\n"
		"enforcement: DEGRADED: hooks missed calls\n"
		"hooks: 2 armed of 2\n"
		"  security_a_function_with_a_long_name  armed    hits 18446744073709551615   missed 1\n"
		"  s                                     armed    hits 0                      missed 0\n"));
}

TEST_F(status, strings_are_escaped_in_json)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1\"x\\");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, "6.1\t\x01");
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	put_tasks(self->msg);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, NULL, 0);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_NE(NULL, strstr(json(self),
		"{\"module_version\":\"0.1\\\"x\\\\\",\"abi_version\":1,"
		"\"kernel_release\":\"6.1\\t\\u0001\","));
}

/* 64-bit values as the kernel sends them where alignment needs padding. */
TEST_F(status, padding_attributes_are_accepted)
{
	struct nlattr *list, *e;

	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put(self->msg, IPCWALL_A_UNSPEC, 0, NULL);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 3);
	put_tasks(self->msg);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	list = nest_start(self->msg, IPCWALL_A_HOOKS);
	e = nest_start(self->msg, IPCWALL_A_HOOK);
	nla_put_string(self->msg, IPCWALL_HOOK_A_NAME, "security_task_kill");
	nla_put_u8(self->msg, IPCWALL_HOOK_A_ARMED, 1);
	nla_put(self->msg, IPCWALL_HOOK_A_UNSPEC, 0, NULL);
	nla_put_u64(self->msg, IPCWALL_HOOK_A_HITS, 4);
	nla_put(self->msg, IPCWALL_HOOK_A_UNSPEC, 0, NULL);
	nla_put_u64(self->msg, IPCWALL_HOOK_A_MISSED, 0);
	nla_put(self->msg, IPCWALL_HOOK_A_UNSPEC, 0, NULL);
	nla_put_u8(self->msg, IPCWALL_HOOK_A_MISSED_COVERED, 0);
	nla_nest_end(self->msg, e);
	nla_nest_end(self->msg, list);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_EQ(3, self->st.policy_generation);
	ASSERT_EQ(1, self->st.nr_hooks);
	EXPECT_EQ(4, self->st.hooks[0].hits);
}

/* ---- Replies that must be refused ---- */

TEST_F(status, refuses_missing_attribute)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_REFUSED("IPCWALL_A_DEGRADED is missing from the status");
}

/* A module older than task tracking is not one this tool speaks to. */
TEST_F(status, refuses_missing_task_counts)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_REFUSED("IPCWALL_A_TASKS_LIVE is missing from the status");
}

TEST_F(status, refuses_unknown_attribute)
{
	char want[64];

	put_reply(self->msg, 0, 0, healthy, 1);
	nla_put_u32(self->msg, IPCWALL_A_MAX + 1, 0);
	snprintf(want, sizeof(want), "unknown attribute type %d in the status",
		 IPCWALL_A_MAX + 1);
	ASSERT_REFUSED(want);
}

/* After an unload the generation goes on, with no policy. */
TEST_F(status, unloaded_policy)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 9);
	put_tasks(self->msg);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_FALSE(self->st.policy_loaded);
	EXPECT_NE(NULL, strstr(text(self), "\npolicy: none loaded (generation 9)\n"));
	EXPECT_NE(NULL, strstr(json(self), "\"policy_generation\":9,\"policy\":null,"));
}

/* A policy's size comes whole: groups and rules, or neither. */
TEST_F(status, refuses_groups_without_rules)
{
	put_reply(self->msg, 0, 0, healthy, 1);
	nla_put_u32(self->msg, IPCWALL_A_POLICY_GROUPS, 1);
	ASSERT_REFUSED("IPCWALL_A_POLICY_GROUPS and IPCWALL_A_POLICY_RULES come together");
}

/* An attribute of the family that a status reply never carries. */
TEST_F(status, refuses_attribute_of_another_command)
{
	put_reply(self->msg, 0, 0, healthy, 1);
	nla_put_u32(self->msg, IPCWALL_A_POLICY_SIZE, 0);
	ASSERT_REFUSED("unknown attribute type 8 in the status");
}

TEST_F(status, refuses_hook_outside_the_list)
{
	put_scalars(self->msg, 0, 0);
	put_hook(self->msg, &healthy[0]);
	ASSERT_REFUSED("unknown attribute type 7 in the status");
}

TEST_F(status, refuses_nonzero_type_zero)
{
	put_reply(self->msg, 0, 0, healthy, 1);
	nla_put_u32(self->msg, IPCWALL_A_UNSPEC, 0);
	ASSERT_REFUSED("unknown attribute type 0 in the status");
}

TEST_F(status, refuses_repeated_attribute)
{
	put_reply(self->msg, 0, 0, healthy, 1);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	ASSERT_REFUSED("IPCWALL_A_DEGRADED appears twice in the status");
}

TEST_F(status, refuses_wrong_integer_size)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	put_tasks(self->msg);
	nla_put_u64(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_REFUSED("IPCWALL_A_DEGRADED in the status has a bad size (8 bytes)");
}

TEST_F(status, refuses_short_integer)
{
	nla_put_u16(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	ASSERT_REFUSED("IPCWALL_A_ABI_VERSION in the status has a bad size (2 bytes)");
}

TEST_F(status, refuses_unterminated_string)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put(self->msg, IPCWALL_A_MODULE_VERSION, 3, "0.1");
	ASSERT_REFUSED("IPCWALL_A_MODULE_VERSION in the status has a bad size (3 bytes) or format");
}

TEST_F(status, refuses_string_with_inner_nul)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put(self->msg, IPCWALL_A_MODULE_VERSION, 4, "0\0x");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	put_tasks(self->msg);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_REFUSED("a version string has a NUL inside");
}

TEST_F(status, refuses_overlong_release)
{
	char release[STATUS_MAX_RELEASE + 1];

	memset(release, 'r', sizeof(release) - 1);
	release[sizeof(release) - 1] = '\0';
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, release);
	ASSERT_REFUSED("IPCWALL_A_KERNEL_RELEASE in the status has a bad size (66 bytes)");
}

TEST_F(status, refuses_other_abi_version)
{
	nla_put_u32(self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION + 1);
	nla_put_string(self->msg, IPCWALL_A_MODULE_VERSION, "0.1");
	nla_put_string(self->msg, IPCWALL_A_KERNEL_RELEASE, RELEASE);
	nla_put_u64(self->msg, IPCWALL_A_POLICY_GENERATION, 0);
	put_tasks(self->msg);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	put_hooks(self->msg, healthy, 1);
	ASSERT_REFUSED("the module speaks ABI version 2, this tool speaks ABI version 1");
}

TEST_F(status, refuses_other_command)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(self->msg));

	put_reply(self->msg, 0, 0, healthy, 1);
	gh->cmd = IPCWALL_CMD_UNSPEC;
	ASSERT_REFUSED("it answers command 0, not IPCWALL_CMD_GET_STATUS");
}

TEST_F(status, refuses_other_family_version)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(self->msg));

	put_reply(self->msg, 0, 0, healthy, 1);
	gh->version = IPCWALL_GENL_VERSION + 1;
	ASSERT_REFUSED("family version 2, expected 1");
}

TEST_F(status, refuses_message_without_genl_header)
{
	nlmsg_hdr(self->msg)->nlmsg_len = NLMSG_HDRLEN;
	ASSERT_REFUSED("the message is too short (16 bytes)");
}

TEST_F(status, refuses_stray_bytes)
{
	put_reply(self->msg, 0, 0, healthy, 1);
	ASSERT_EQ(0, nlmsg_append(self->msg, "xx", 2, 0));
	ASSERT_REFUSED("2 stray bytes after the attributes of the status");
}

TEST_F(status, refuses_foreign_attribute_in_hook_list)
{
	struct nlattr *list;

	put_scalars(self->msg, 0, 0);
	list = nest_start(self->msg, IPCWALL_A_HOOKS);
	put_hook(self->msg, &healthy[0]);
	nla_put_u32(self->msg, IPCWALL_A_DEGRADED, 0);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("attribute type 5 in IPCWALL_A_HOOKS, expected only IPCWALL_A_HOOK");
}

TEST_F(status, refuses_too_many_hooks)
{
	struct hook_spec h[STATUS_MAX_HOOKS + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(h); i++)
		h[i] = healthy[0];
	put_reply(self->msg, 0, 0, h, STATUS_MAX_HOOKS);
	ASSERT_EQ(0, parse_self()) TH_LOG("%s", self->why);
	EXPECT_EQ(STATUS_MAX_HOOKS, self->st.nr_hooks);

	nlmsg_free(self->msg);
	self->msg = nlmsg_alloc_size(65536);
	ASSERT_NE(NULL, self->msg);
	genlmsg_put(self->msg, 0, 0, 0x20, 0, 0, IPCWALL_CMD_GET_STATUS,
		    IPCWALL_GENL_VERSION);
	put_reply(self->msg, 0, 0, h, ARRAY_SIZE(h));
	ASSERT_REFUSED("more than 64 hooks");
}

TEST_F(status, refuses_hook_without_missed)
{
	struct nlattr *list, *e;

	put_scalars(self->msg, 0, 0);
	list = nest_start(self->msg, IPCWALL_A_HOOKS);
	e = nest_start(self->msg, IPCWALL_A_HOOK);
	nla_put_string(self->msg, IPCWALL_HOOK_A_NAME, "security_task_kill");
	nla_put_u8(self->msg, IPCWALL_HOOK_A_ARMED, 1);
	nla_put_u64(self->msg, IPCWALL_HOOK_A_HITS, 0);
	nla_nest_end(self->msg, e);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("IPCWALL_HOOK_A_MISSED is missing from a hook");
}

TEST_F(status, refuses_armed_out_of_range)
{
	static const struct hook_spec h = { "security_task_kill", 2, 0, 0, 0 };

	put_scalars(self->msg, 0, 0);
	put_hooks(self->msg, &h, 1);
	ASSERT_REFUSED("hook security_task_kill has IPCWALL_HOOK_A_ARMED 2, expected 0 or 1");
}

TEST_F(status, refuses_empty_hook_name)
{
	static const struct hook_spec h = { "", 1, 0, 0, 0 };

	put_scalars(self->msg, 0, 0);
	put_hooks(self->msg, &h, 1);
	ASSERT_REFUSED("a hook has an empty name");
}

TEST_F(status, refuses_unknown_hook_attribute)
{
	struct nlattr *list, *e;

	put_scalars(self->msg, 0, 0);
	list = nest_start(self->msg, IPCWALL_A_HOOKS);
	e = nest_start(self->msg, IPCWALL_A_HOOK);
	nla_put_string(self->msg, IPCWALL_HOOK_A_NAME, "security_task_kill");
	nla_put_u32(self->msg, IPCWALL_HOOK_A_MAX + 1, 0);
	nla_nest_end(self->msg, e);
	nla_nest_end(self->msg, list);
	ASSERT_REFUSED("unknown attribute type 6 in a hook");
}

/* Every prefix of a good reply: refused or parsed, never out of bounds. */
TEST_F(status, every_truncation)
{
	struct nlmsghdr *nlh;
	uint32_t full, len;

	put_reply(self->msg, 1, 0, degraded, ARRAY_SIZE(degraded));
	nlh = nlmsg_hdr(self->msg);
	full = nlh->nlmsg_len;
	for (len = NLMSG_HDRLEN; len < full; len++) {
		struct nlmsghdr *copy = exact_copy(nlh, len);

		ASSERT_NE(NULL, copy);
		copy->nlmsg_len = len;
		EXPECT_EQ(-EBADMSG, ipcwall_status_parse(copy, &self->st,
				self->why, sizeof(self->why))) TH_LOG("len %u", len);
		free(copy);
	}
}

TEST_HARNESS_MAIN
