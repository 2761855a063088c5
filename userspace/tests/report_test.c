// SPDX-License-Identifier: GPL-2.0
/*
 * What the user reads when the kernel refuses a request, and the request
 * the tool builds: no socket needed for either.
 */
#include <errno.h>
#include <stdint.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "harness.h"
#include "common.h"
#include "genl.h"
#include "ipcwall.h"

FIXTURE(report) {
	struct capture c;
	struct ipcwall_extack ext;
};

FIXTURE_SETUP(report)
{
	ASSERT_EQ(0, capture_open(&self->c));
	memset(&self->ext, 0, sizeof(self->ext));
}

FIXTURE_TEARDOWN(report)
{
	capture_close(&self->c);
}

static void set_msg(struct ipcwall_extack *ext, const char *msg)
{
	snprintf(ext->msg, sizeof(ext->msg), "%s", msg);
	ext->has_msg = true;
}

TEST_F(report, without_kernel_message)
{
	ipcwall_report(self->c.f, "cannot get the module's status", EIO, NULL);
	EXPECT_STREQ("ipcwall: cannot get the module's status: Input/output error\n",
		     capture_text(&self->c));
}

TEST_F(report, kernel_message)
{
	set_msg(&self->ext, "Unknown attribute type");
	ipcwall_report(self->c.f, "ignored", EINVAL, &self->ext);
	EXPECT_STREQ("ipcwall: kernel reports: Unknown attribute type: Invalid argument\n",
		     capture_text(&self->c));
}

TEST_F(report, names_the_attribute)
{
	set_msg(&self->ext, "Unknown attribute type");
	self->ext.has_attr = true;
	self->ext.attr = 9;
	ipcwall_report(self->c.f, "ignored", EINVAL, &self->ext);
	EXPECT_STREQ("ipcwall: kernel reports: Unknown attribute type (attribute 9 of the request): Invalid argument\n",
		     capture_text(&self->c));
}

TEST_F(report, missing_attribute_without_message)
{
	self->ext.has_miss_type = true;
	self->ext.miss_type = IPCWALL_A_ABI_VERSION;
	ipcwall_report(self->c.f, "cannot get the module's status", EINVAL,
		       &self->ext);
	EXPECT_STREQ("ipcwall: cannot get the module's status: kernel reports missing attribute 1: Invalid argument\n",
		     capture_text(&self->c));
}

TEST_F(report, eperm_hint)
{
	set_msg(&self->ext, "ipcwall: CAP_MAC_ADMIN is required");
	ipcwall_report(self->c.f, "ignored", EPERM, &self->ext);
	EXPECT_STREQ("ipcwall: kernel reports: ipcwall: CAP_MAC_ADMIN is required: Operation not permitted\n"
		     "ipcwall: hint: ipcwall needs CAP_MAC_ADMIN (run as root)\n",
		     capture_text(&self->c));
}

TEST_F(report, eperm_hint_without_message)
{
	ipcwall_report(self->c.f, "cannot get the module's status", EPERM,
		       &self->ext);
	EXPECT_STREQ("ipcwall: cannot get the module's status: Operation not permitted\n"
		     "ipcwall: hint: ipcwall needs CAP_MAC_ADMIN (run as root)\n",
		     capture_text(&self->c));
}

TEST_F(report, newer_module_means_upgrade_the_tool)
{
	char want[512];

	set_msg(&self->ext, "ipcwall: unsupported ABI version, the module speaks ABI version 99");
	ipcwall_report(self->c.f, "ignored", EPROTONOSUPPORT, &self->ext);
	snprintf(want, sizeof(want),
		 "ipcwall: kernel reports: ipcwall: unsupported ABI version, the module speaks ABI version 99: Protocol not supported\n"
		 "ipcwall: hint: this tool speaks ABI version %u and the module speaks ABI version 99: upgrade the ipcwall tool\n",
		 IPCWALL_ABI_VERSION);
	EXPECT_STREQ(want, capture_text(&self->c));
}

TEST_F(report, older_module_means_upgrade_the_module)
{
	set_msg(&self->ext, "ipcwall: unsupported ABI version, the module speaks ABI version 0");
	ipcwall_report(self->c.f, "ignored", EPROTONOSUPPORT, &self->ext);
	EXPECT_NE(NULL, strstr(capture_text(&self->c),
			       "and the module speaks ABI version 0: upgrade the ipcwall module\n"));
}

TEST_F(report, abi_hint_without_a_version)
{
	char want[512];

	ipcwall_report(self->c.f, "cannot get the module's status",
		       EPROTONOSUPPORT, &self->ext);
	snprintf(want, sizeof(want),
		 "ipcwall: cannot get the module's status: Protocol not supported\n"
		 "ipcwall: hint: the tool and the module speak different ABI versions (this tool speaks ABI version %u): upgrade whichever is older\n",
		 IPCWALL_ABI_VERSION);
	EXPECT_STREQ(want, capture_text(&self->c));
}

/* A module that names our own version as its own is not to be trusted. */
TEST_F(report, abi_hint_when_the_message_names_ours)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "the module speaks ABI version %u",
		 IPCWALL_ABI_VERSION);
	set_msg(&self->ext, msg);
	ipcwall_report(self->c.f, "ignored", EPROTONOSUPPORT, &self->ext);
	EXPECT_NE(NULL, strstr(capture_text(&self->c), "upgrade whichever is older\n"));
}

TEST(request_carries_the_abi_version)
{
	struct nlattr *tb[IPCWALL_A_MAX + 1];
	struct genlmsghdr *gh;
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	struct nlattr *nla;
	int rem, n = 0;

	msg = ipcwall_genl_build(0x21, IPCWALL_CMD_GET_STATUS);
	ASSERT_NE(NULL, msg);
	nlh = nlmsg_hdr(msg);
	EXPECT_EQ(0x21, nlh->nlmsg_type);
	ASSERT_TRUE(genlmsg_valid_hdr(nlh, 0));
	gh = nlmsg_data(nlh);
	EXPECT_EQ(IPCWALL_CMD_GET_STATUS, gh->cmd);
	EXPECT_EQ(IPCWALL_GENL_VERSION, gh->version);
	nla_for_each_attr(nla, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem)
		n++;
	EXPECT_EQ(1, n);
	EXPECT_EQ(0, rem);
	ASSERT_EQ(0, genlmsg_parse(nlh, 0, tb, IPCWALL_A_MAX, NULL));
	ASSERT_NE(NULL, tb[IPCWALL_A_ABI_VERSION]);
	EXPECT_EQ(4, nla_len(tb[IPCWALL_A_ABI_VERSION]));
	EXPECT_EQ(IPCWALL_ABI_VERSION, nla_get_u32(tb[IPCWALL_A_ABI_VERSION]));
	nlmsg_free(msg);
}

TEST_HARNESS_MAIN
