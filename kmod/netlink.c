// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "ipcwall": every way userspace talks to the
 * module. The protocol is described in uapi/ipcwall.h.
 */
#include <linux/capability.h>
#include <linux/stringify.h>
#include <linux/utsname.h>
#include <net/genetlink.h>

#include "ipcwall.h"
#include "uapi/ipcwall.h"

static struct genl_family ipcwall_family;

/*
 * Checks shared by every command, in this order: the genl core has already
 * rejected malformed attributes (-EINVAL, -ERANGE); then the caller needs
 * CAP_MAC_ADMIN (-EPERM); then the request must carry the ABI version this
 * module speaks (-EINVAL when absent, -EPROTONOSUPPORT when different).
 */
static int check_request(struct sk_buff *skb, struct genl_info *info)
{
	u32 abi;

	if (!netlink_capable(skb, CAP_MAC_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "CAP_MAC_ADMIN is required");
		return -EPERM;
	}

	/* Also tells the reader which attribute is missing. */
	if (GENL_REQ_ATTR_CHECK(info, IPCWALL_A_ABI_VERSION)) {
		NL_SET_ERR_MSG(info->extack, "missing IPCWALL_A_ABI_VERSION");
		return -EINVAL;
	}

	abi = nla_get_u32(info->attrs[IPCWALL_A_ABI_VERSION]);
	if (abi != IPCWALL_ABI_VERSION) {
		/* A constant: 6.1 has no formatted extack messages. */
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[IPCWALL_A_ABI_VERSION],
				    "unsupported ABI version, the module speaks ABI version "
				    __stringify(IPCWALL_ABI_VERSION));
		return -EPROTONOSUPPORT;
	}
	return 0;
}

/*
 * A hook is armed when its probe is enabled and kprobes fire at all: writing
 * 0 to debugfs kprobes/enabled disarms every probe without flagging it.
 */
static void hook_state(unsigned int index, bool firing,
		       struct ipcwall_hook_state *hook)
{
	ipcwall_hooks_state(index, hook);
	hook->armed &= firing;
}

static u32 degraded_flags(bool firing)
{
	struct ipcwall_hook_state hook;
	unsigned int i;
	u32 flags = 0;

	if (!firing)
		flags |= IPCWALL_DEGRADED_KPROBES_DISABLED;

	for (i = 0; i < ipcwall_hooks_count(); i++) {
		ipcwall_hooks_state(i, &hook);
		if (!hook.armed)
			flags |= IPCWALL_DEGRADED_HOOK_DISARMED;
		if (hook.missed)
			flags |= IPCWALL_DEGRADED_HOOK_MISSED;
	}
	return flags;
}

static int put_hooks(struct sk_buff *msg, bool firing)
{
	struct ipcwall_hook_state hook;
	struct nlattr *list, *entry;
	unsigned int i;

	list = nla_nest_start(msg, IPCWALL_A_HOOKS);
	if (!list)
		return -EMSGSIZE;

	for (i = 0; i < ipcwall_hooks_count(); i++) {
		hook_state(i, firing, &hook);
		entry = nla_nest_start(msg, IPCWALL_A_HOOK);
		if (!entry ||
		    nla_put_string(msg, IPCWALL_HOOK_A_NAME, hook.name) ||
		    nla_put_u8(msg, IPCWALL_HOOK_A_ARMED, hook.armed) ||
		    nla_put_u64_64bit(msg, IPCWALL_HOOK_A_HITS, hook.hits,
				      IPCWALL_HOOK_A_UNSPEC) ||
		    nla_put_u64_64bit(msg, IPCWALL_HOOK_A_MISSED, hook.missed,
				      IPCWALL_HOOK_A_UNSPEC))
			return -EMSGSIZE;
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, list);
	return 0;
}

static int get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	bool firing;
	void *hdr;
	int err;

	err = check_request(skb, info);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &ipcwall_family, 0,
				IPCWALL_CMD_GET_STATUS);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	firing = ipcwall_hooks_firing();

	/* No policy can be loaded yet, so the generation is still 0. */
	err = -EMSGSIZE;
	if (nla_put_u32(msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION) ||
	    nla_put_string(msg, IPCWALL_A_MODULE_VERSION, IPCWALL_VERSION) ||
	    nla_put_string(msg, IPCWALL_A_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(msg, IPCWALL_A_POLICY_GENERATION, 0,
			      IPCWALL_A_UNSPEC) ||
	    nla_put_u32(msg, IPCWALL_A_DEGRADED, degraded_flags(firing)))
		goto err_free;
	err = put_hooks(msg, firing);
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * A request may carry only the attributes its command reads: the policy of
 * each command ends at the last of them, and strict validation rejects any
 * attribute past that, including every reply-only one.
 */
static const struct nla_policy get_status_policy[IPCWALL_A_ABI_VERSION + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
};

static const struct genl_ops ipcwall_ops[] = {
	{
		.cmd = IPCWALL_CMD_GET_STATUS,
		.doit = get_status_doit,
		.policy = get_status_policy,
		.maxattr = ARRAY_SIZE(get_status_policy) - 1,
	},
};

static struct genl_family ipcwall_family __ro_after_init = {
	.name = IPCWALL_GENL_NAME,
	.version = IPCWALL_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = ipcwall_ops,
	.n_ops = ARRAY_SIZE(ipcwall_ops),
	/* Zero: the reserved header bytes of every command must be zero. */
	.resv_start_op = 0,
	.netnsok = false,
};

int __init ipcwall_netlink_init(void)
{
	return genl_register_family(&ipcwall_family);
}

void ipcwall_netlink_exit(void)
{
	genl_unregister_family(&ipcwall_family);
}

/* Lets the kernel load the module when the family is first asked for. */
MODULE_ALIAS_GENL_FAMILY(IPCWALL_GENL_NAME);
