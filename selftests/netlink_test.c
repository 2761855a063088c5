// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink interface of the live module, driven with raw
 * messages: what a well-formed GET_STATUS returns, and the exact errno and
 * extended ack of each way a request can be malformed or unauthorized.
 *
 * Runs as root with the module loaded (the VM runner loads it first). A
 * missing family is a failure, not a skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipcwall.h"
#include "netlink.h"
#include "harness.h"

#define NOBODY 65534

FIXTURE(ipcwall) {
	struct nl_sock sock;
	int family;
	struct nl_msg msg;
	struct nl_reply reply;
};

static int open_family(struct nl_sock *sock)
{
	int family;

	ASSERT_EQ(0, nl_open(sock, 5000));
	family = nl_family_id(sock, IPCWALL_GENL_NAME);
	ASSERT_LT(0, family) {
		TH_LOG("generic netlink family \"%s\" not found (%s): the module must be loaded (insmod \"$IPCWALL_KO\") before this test",
		       IPCWALL_GENL_NAME, strerror(-family));
	}
	return family;
}

FIXTURE_SETUP(ipcwall)
{
	self->sock.fd = -1;
	self->family = open_family(&self->sock);
}

FIXTURE_TEARDOWN(ipcwall)
{
	nl_close(&self->sock);
}

/* Starts a request of the family: header only, no attribute. */
static struct nl_msg *request(FIXTURE_DATA(ipcwall) *self, uint8_t cmd)
{
	nl_msg_init(&self->msg, self->family, cmd, IPCWALL_GENL_VERSION);
	return &self->msg;
}

static struct nl_msg *status_request(FIXTURE_DATA(ipcwall) *self)
{
	struct nl_msg *m = request(self, IPCWALL_CMD_GET_STATUS);

	nl_put_u32(m, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	return m;
}

/* Sends self->msg; the kernel must answer with an ack. */
static struct nl_reply *transact(FIXTURE_DATA(ipcwall) *self)
{
	int err = nl_transact(&self->sock, &self->msg, &self->reply);

	ASSERT_EQ(0, err) TH_LOG("no answer: %s", strerror(-err));
	ASSERT_TRUE(self->reply.acked);
	if (self->reply.error)
		TH_LOG("kernel answered %s, extack: \"%s\"",
		       strerrorname_np(self->reply.error), self->reply.ext_msg);
	return &self->reply;
}

/* Offsets, from the request's netlink header, of its first two attributes. */
#define FIRST_ATTR (NLMSG_HDRLEN + GENL_HDRLEN)
#define SECOND_ATTR (FIRST_ATTR + NLA_HDRLEN + sizeof(uint32_t))
#define ANYWHERE (-1)

/*
 * The request must fail with this errno and a non-empty extack message
 * that, unless "at" is ANYWHERE, points at the attribute at that offset.
 */
static void assert_rejected(FIXTURE_DATA(ipcwall) *self, int error, int at)
{
	struct nl_reply *r = transact(self);

	ASSERT_EQ(error, r->error) TH_LOG("expected %s", strerrorname_np(error));
	ASSERT_EQ(0, r->nreplies);
	ASSERT_TRUE(r->has_ext_msg)
		TH_LOG("no extended ack message (ack flags 0x%x)", r->ack_flags);
	ASSERT_NE(0, strlen(r->ext_msg));
	if (at == ANYWHERE)
		return;
	ASSERT_TRUE(r->has_ext_offs) TH_LOG("the extack points at no attribute");
	ASSERT_EQ(at, r->ext_offs);
}

/*
 * A well-formed GET_STATUS must still succeed: a rejected request leaves
 * the module as it was.
 */
static void assert_status_ok(FIXTURE_DATA(ipcwall) *self)
{
	struct nl_reply *r;

	status_request(self);
	r = transact(self);
	ASSERT_EQ(0, r->error);
	ASSERT_EQ(1, r->nreplies);
}

TEST_F(ipcwall, get_status)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	const struct nlattr *hook[IPCWALL_HOOK_A_MAX + 1];
	const struct nlattr *pos;
	const char *module_version, *release, *name;
	unsigned int hooks = 0;
	struct utsname uts;
	struct nl_reply *r;
	uint32_t abi, degraded;
	uint64_t generation, hits, missed;
	uint8_t armed, covered;
	int rem;

	status_request(self);
	r = transact(self);
	ASSERT_EQ(0, r->error);
	ASSERT_EQ(1, r->nreplies);
	ASSERT_EQ(IPCWALL_CMD_GET_STATUS, r->cmd);

	/* Strict: the reply holds no attribute the header does not define. */
	ASSERT_EQ(0, nl_parse(r->attrs, r->attrs_len, tb, IPCWALL_A_MAX));

	ASSERT_TRUE(nl_attr_u32(tb[IPCWALL_A_ABI_VERSION], &abi));
	ASSERT_EQ(IPCWALL_ABI_VERSION, abi);

	module_version = nl_attr_str(tb[IPCWALL_A_MODULE_VERSION]);
	ASSERT_NE(NULL, module_version);
	ASSERT_LT(0, strlen(module_version));
	TH_LOG("module version %s", module_version);

	ASSERT_EQ(0, uname(&uts));
	release = nl_attr_str(tb[IPCWALL_A_KERNEL_RELEASE]);
	ASSERT_NE(NULL, release);
	ASSERT_STREQ(uts.release, release);

	ASSERT_TRUE(nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], &generation));
	ASSERT_EQ(0, generation);

	ASSERT_TRUE(nl_attr_u32(tb[IPCWALL_A_DEGRADED], &degraded));
	EXPECT_EQ(0, degraded & ~IPCWALL_DEGRADED_MASK)
		TH_LOG("degraded flags outside IPCWALL_DEGRADED_MASK");
	EXPECT_EQ(0, degraded)
		TH_LOG("degraded: 0x%x (hook disarmed %d, kprobes disabled %d, hook missed %d)",
		       degraded, !!(degraded & IPCWALL_DEGRADED_HOOK_DISARMED),
		       !!(degraded & IPCWALL_DEGRADED_KPROBES_DISABLED),
		       !!(degraded & IPCWALL_DEGRADED_HOOK_MISSED));

	ASSERT_NE(NULL, tb[IPCWALL_A_HOOKS]);
	nl_for_each_attr(pos, nl_attr_data(tb[IPCWALL_A_HOOKS]),
			 nl_attr_len(tb[IPCWALL_A_HOOKS]), rem) {
		hooks++;
		ASSERT_EQ(IPCWALL_A_HOOK, pos->nla_type & NLA_TYPE_MASK);
		ASSERT_EQ(0, nl_parse_nested(pos, hook, IPCWALL_HOOK_A_MAX));

		name = nl_attr_str(hook[IPCWALL_HOOK_A_NAME]);
		ASSERT_NE(NULL, name) TH_LOG("hook %u has no name", hooks);
		ASSERT_EQ(0, strncmp(name, "security_", strlen("security_")))
			TH_LOG("hook name \"%s\"", name);
		ASSERT_TRUE(nl_attr_u8(hook[IPCWALL_HOOK_A_ARMED], &armed))
			TH_LOG("hook %s", name);
		ASSERT_TRUE(nl_attr_u64(hook[IPCWALL_HOOK_A_HITS], &hits))
			TH_LOG("hook %s", name);
		ASSERT_TRUE(nl_attr_u64(hook[IPCWALL_HOOK_A_MISSED], &missed))
			TH_LOG("hook %s", name);
		ASSERT_TRUE(nl_attr_u8(hook[IPCWALL_HOOK_A_MISSED_COVERED],
				       &covered))
			TH_LOG("hook %s", name);
		TH_LOG("hook %s armed %u hits %llu missed %llu covered %u",
		       name, armed, (unsigned long long)hits,
		       (unsigned long long)missed, covered);
		EXPECT_EQ(1, armed) TH_LOG("hook %s", name);
		/*
		 * Only security_task_free() has covered misses: its calls
		 * from RCU callbacks may interrupt another probe's handler.
		 */
		EXPECT_EQ(!strcmp(name, "security_task_free"), covered)
			TH_LOG("hook %s", name);
		if (!covered)
			EXPECT_EQ(0, missed) TH_LOG("hook %s", name);
	}
	ASSERT_EQ(0, rem) TH_LOG("trailing bytes in IPCWALL_A_HOOKS");
	ASSERT_LT(0, hooks);
}

TEST_F(ipcwall, missing_abi_version)
{
	request(self, IPCWALL_CMD_GET_STATUS);
	assert_rejected(self, EINVAL, ANYWHERE);
	assert_status_ok(self);
}

/* The ext ack names the ABI version the module speaks, as a number. */
static void assert_names_abi(const char *msg)
{
	char want[16];
	const char *p;
	size_t n;

	n = snprintf(want, sizeof(want), "%d", IPCWALL_ABI_VERSION);
	for (p = strstr(msg, want); p; p = strstr(p + 1, want)) {
		bool digit_before = p > msg && p[-1] >= '0' && p[-1] <= '9';
		bool digit_after = p[n] >= '0' && p[n] <= '9';

		if (!digit_before && !digit_after)
			return;
	}
	ASSERT_TRUE(0) TH_LOG("\"%s\" does not name ABI version %s", msg, want);
}

TEST_F(ipcwall, newer_abi_version)
{
	request(self, IPCWALL_CMD_GET_STATUS);
	nl_put_u32(&self->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION + 1);
	assert_rejected(self, EPROTONOSUPPORT, ANYWHERE);
	assert_names_abi(self->reply.ext_msg);
	assert_status_ok(self);
}

TEST_F(ipcwall, zero_abi_version)
{
	request(self, IPCWALL_CMD_GET_STATUS);
	nl_put_u32(&self->msg, IPCWALL_A_ABI_VERSION, 0);
	assert_rejected(self, EPROTONOSUPPORT, ANYWHERE);
	assert_names_abi(self->reply.ext_msg);
	assert_status_ok(self);
}

TEST_F(ipcwall, oversized_abi_version)
{
	uint64_t v = IPCWALL_ABI_VERSION;

	request(self, IPCWALL_CMD_GET_STATUS);
	nl_put(&self->msg, IPCWALL_A_ABI_VERSION, &v, sizeof(v));
	assert_rejected(self, EINVAL, FIRST_ATTR);
	assert_status_ok(self);
}

TEST_F(ipcwall, short_abi_version)
{
	uint16_t v = IPCWALL_ABI_VERSION;

	request(self, IPCWALL_CMD_GET_STATUS);
	nl_put(&self->msg, IPCWALL_A_ABI_VERSION, &v, sizeof(v));
	assert_rejected(self, EINVAL, FIRST_ATTR);
	assert_status_ok(self);
}

TEST_F(ipcwall, unknown_attribute)
{
	status_request(self);
	nl_put_u32(&self->msg, IPCWALL_A_MAX + 1, 0);
	assert_rejected(self, EINVAL, SECOND_ATTR);
	assert_status_ok(self);
}

TEST_F(ipcwall, far_unknown_attribute)
{
	status_request(self);
	nl_put_u32(&self->msg, 0x3fff, 0);	/* highest type: NLA_TYPE_MASK */
	assert_rejected(self, EINVAL, SECOND_ATTR);
	assert_status_ok(self);
}

TEST_F(ipcwall, reply_only_attributes)
{
	static const struct {
		uint16_t type;
		const char *name;
	} reply_only[] = {
		{ IPCWALL_A_MODULE_VERSION, "IPCWALL_A_MODULE_VERSION" },
		{ IPCWALL_A_KERNEL_RELEASE, "IPCWALL_A_KERNEL_RELEASE" },
		{ IPCWALL_A_POLICY_GENERATION, "IPCWALL_A_POLICY_GENERATION" },
		{ IPCWALL_A_DEGRADED, "IPCWALL_A_DEGRADED" },
		{ IPCWALL_A_HOOKS, "IPCWALL_A_HOOKS" },
		{ IPCWALL_A_HOOK, "IPCWALL_A_HOOK" },
	};
	uint64_t zero = 0;
	unsigned int i;

	for (i = 0; i < sizeof(reply_only) / sizeof(reply_only[0]); i++) {
		TH_LOG("sending %s", reply_only[i].name);
		status_request(self);
		if (reply_only[i].type == IPCWALL_A_HOOKS ||
		    reply_only[i].type == IPCWALL_A_HOOK) {
			nl_nest_start(&self->msg, reply_only[i].type);
			nl_nest_end(&self->msg);
		} else {
			/* A payload of the size the reply uses. */
			nl_put(&self->msg, reply_only[i].type, &zero,
			       reply_only[i].type == IPCWALL_A_DEGRADED ? 4 : 8);
		}
		assert_rejected(self, EINVAL, SECOND_ATTR);
	}
	assert_status_ok(self);
}

TEST_F(ipcwall, unknown_command)
{
	struct nl_reply *r;

	status_request(self);
	((struct genlmsghdr *)(self->msg.buf + NLMSG_HDRLEN))->cmd = 200;
	r = transact(self);
	/* The genl core answers it and attaches no message: errno only. */
	ASSERT_EQ(EOPNOTSUPP, r->error);
	ASSERT_EQ(0, r->nreplies);
	assert_status_ok(self);
}

TEST_F(ipcwall, unspec_command)
{
	struct nl_reply *r;

	status_request(self);
	((struct genlmsghdr *)(self->msg.buf + NLMSG_HDRLEN))->cmd =
		IPCWALL_CMD_UNSPEC;
	r = transact(self);
	ASSERT_EQ(EOPNOTSUPP, r->error);
	assert_status_ok(self);
}

/* An attribute whose length runs past the end of the message. */
TEST_F(ipcwall, attribute_past_end)
{
	uint32_t v = IPCWALL_ABI_VERSION;

	request(self, IPCWALL_CMD_GET_STATUS);
	nl_put_attr_raw(&self->msg, NLA_HDRLEN + 64, IPCWALL_A_ABI_VERSION,
			&v, sizeof(v));
	assert_rejected(self, EINVAL, ANYWHERE);
	assert_status_ok(self);
}

/* Well-formed ABI version followed by a lone, truncated attribute header. */
TEST_F(ipcwall, trailing_garbage)
{
	static const unsigned char junk[2] = { 0xff, 0xff };
	struct nl_msg *m = status_request(self);

	nl_put_bytes(m, junk, sizeof(junk));
	/* Exactly 2 bytes more than the attributes, not the aligned 4. */
	nl_msg_set_len(m, m->len - 2);
	assert_rejected(self, EINVAL, ANYWHERE);
	assert_status_ok(self);
}

/* nlmsg_len too short for the genl header. */
TEST_F(ipcwall, truncated_genl_header)
{
	struct nl_reply *r;

	request(self, IPCWALL_CMD_GET_STATUS);
	nl_msg_set_len(&self->msg, NLMSG_HDRLEN + 2);
	self->msg.len = NLMSG_HDRLEN + 2;
	r = transact(self);
	ASSERT_EQ(EINVAL, r->error);
	ASSERT_EQ(0, r->nreplies);
	assert_status_ok(self);
}

/*
 * nlmsg_len claims more bytes than were sent: netlink itself drops such a
 * message without an answer (netlink_rcv_skb() stops at it), so the test
 * wants silence, then a working module.
 */
TEST_F(ipcwall, truncated_message)
{
	struct nl_sock quick;
	struct nl_reply *r = &self->reply;
	struct nl_msg *m = status_request(self);
	int err;

	nl_msg_set_len(m, m->len + 64);
	ASSERT_EQ(0, nl_open(&quick, 1000));
	err = nl_transact(&quick, m, r);
	nl_close(&quick);
	if (!err)
		TH_LOG("answered: %s \"%s\"", nl_strerror(r->error), r->ext_msg);
	ASSERT_EQ(-EAGAIN, err);
	assert_status_ok(self);
}

/* Drops to nobody with no capability at all; _exit()s on failure. */
static void become_nobody(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { 0 };

	ASSERT_EQ(0, setgroups(0, NULL));
	ASSERT_EQ(0, setgid(NOBODY));
	ASSERT_EQ(0, setuid(NOBODY));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, syscall(SYS_capset, &hdr, data));
	ASSERT_EQ(0, syscall(SYS_capget, &hdr, data));
	ASSERT_EQ(0, data[0].effective | data[1].effective |
		     data[0].permitted | data[1].permitted);
	ASSERT_EQ(NOBODY, geteuid());
}

TEST_F(ipcwall, unprivileged)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nl_sock sock;
		static struct nl_reply r;
		struct nl_msg m;
		int family;

		become_nobody();
		/* Resolving the family needs no privilege. */
		ASSERT_EQ(0, nl_open(&sock, 5000));
		family = nl_family_id(&sock, IPCWALL_GENL_NAME);
		ASSERT_EQ(self->family, family);
		nl_msg_init(&m, family, IPCWALL_CMD_GET_STATUS,
			    IPCWALL_GENL_VERSION);
		nl_put_u32(&m, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
		ASSERT_EQ(0, nl_transact(&sock, &m, &r));
		TH_LOG("as nobody: %s, extack: \"%s\"", nl_strerror(r.error),
		       r.ext_msg);
		ASSERT_EQ(EPERM, r.error);
		ASSERT_EQ(0, r.nreplies);
		ASSERT_TRUE(r.has_ext_msg);
		ASSERT_NE(0, strlen(r.ext_msg));
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	assert_status_ok(self);
}

/* Privilege is checked before anything else the module looks at. */
TEST_F(ipcwall, unprivileged_bad_abi)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nl_sock sock;
		static struct nl_reply r;
		struct nl_msg m;

		become_nobody();
		ASSERT_EQ(0, nl_open(&sock, 5000));
		nl_msg_init(&m, self->family, IPCWALL_CMD_GET_STATUS,
			    IPCWALL_GENL_VERSION);
		nl_put_u32(&m, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION + 1);
		ASSERT_EQ(0, nl_transact(&sock, &m, &r));
		ASSERT_EQ(EPERM, r.error)
			TH_LOG("extack: \"%s\"", r.ext_msg);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* Many requests on one socket: answers stay matched to their requests. */
TEST_F(ipcwall, repeated_status)
{
	int i;

	for (i = 0; i < 1000; i++)
		assert_status_ok(self);
}

TEST_HARNESS_MAIN
