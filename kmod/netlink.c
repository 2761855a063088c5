// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "ipcwall": every way userspace talks to the
 * module. The protocol is described in uapi/ipcwall.h.
 */
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/utsname.h>
#include <linux/version.h>
#include <net/genetlink.h>

#include "ipcwall.h"
#include "limits.h"
#include "policy.h"
#include "policy_check.h"
#include "ruletable.h"
#include "tasks.h"
#include "uapi/ipcwall.h"

static struct genl_family ipcwall_family;

/*
 * A required attribute: -EINVAL when absent, with the missing type
 * reported (NLMSGERR_ATTR_MISS_TYPE) and a message naming it.
 */
#define require_attr(extack, attrs, type)				\
	({								\
		int __missing = NL_REQ_ATTR_CHECK(extack, NULL, attrs,	\
						  type);		\
		if (__missing)						\
			NL_SET_ERR_MSG(extack, "missing " #type);	\
		__missing ? -EINVAL : 0;				\
	})

/*
 * Checks shared by every command, in this order: the genl core has already
 * rejected malformed attributes (-EINVAL, -ERANGE); then the caller needs
 * CAP_MAC_ADMIN (-EPERM); then the request must carry the ABI version this
 * module speaks (-EINVAL when absent, -EPROTONOSUPPORT when different).
 */
static int check_abi(struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	u32 abi;

	if (require_attr(extack, attrs, IPCWALL_A_ABI_VERSION))
		return -EINVAL;

	abi = nla_get_u32(attrs[IPCWALL_A_ABI_VERSION]);
	if (abi != IPCWALL_ABI_VERSION) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[IPCWALL_A_ABI_VERSION],
				    "unsupported ABI version, the module speaks ABI version "
				    __stringify(IPCWALL_ABI_VERSION));
		return -EPROTONOSUPPORT;
	}
	return 0;
}

static int check_caller(struct sk_buff *skb, struct nlattr **attrs,
			struct netlink_ext_ack *extack)
{
	if (!netlink_capable(skb, CAP_MAC_ADMIN)) {
		NL_SET_ERR_MSG(extack, "CAP_MAC_ADMIN is required");
		return -EPERM;
	}
	return check_abi(attrs, extack);
}

static int check_request(struct sk_buff *skb, struct genl_info *info)
{
	return check_caller(skb, info->attrs, info->extack);
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
		if (hook.missed && !hook.missed_covered)
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
				      IPCWALL_HOOK_A_UNSPEC) ||
		    nla_put_u8(msg, IPCWALL_HOOK_A_MISSED_COVERED,
			       hook.missed_covered))
			return -EMSGSIZE;
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, list);
	return 0;
}

/*
 * The generation and, when a policy is in force, its size, all read from
 * one policy: the generation never belongs to another policy than the
 * counts.
 */
static int put_policy_summary(struct sk_buff *msg)
{
	const struct ipcwall_ruleset *rs = NULL;
	struct ipcwall_policy *policy;
	u32 groups = 0, rules = 0;
	u64 generation;

	rcu_read_lock();
	policy = ipcwall_policy_current();
	if (policy) {
		rs = ipcwall_policy_ruleset(policy);
		generation = ipcwall_policy_gen(policy);
		groups = rs->group_count;
		rules = rs->rule_count;
	} else {
		generation = ipcwall_policy_generation();
	}
	rcu_read_unlock();

	if (nla_put_u64_64bit(msg, IPCWALL_A_POLICY_GENERATION, generation,
			      IPCWALL_A_UNSPEC))
		return -EMSGSIZE;
	if (rs && (nla_put_u32(msg, IPCWALL_A_POLICY_GROUPS, groups) ||
		   nla_put_u32(msg, IPCWALL_A_POLICY_RULES, rules)))
		return -EMSGSIZE;
	return 0;
}

static int put_task_counts(struct sk_buff *msg)
{
	u64 live, total;

	ipcwall_tasks_counts(&live, &total);
	if (nla_put_u64_64bit(msg, IPCWALL_A_TASKS_LIVE, live,
			      IPCWALL_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, IPCWALL_A_TASKS_TOTAL, total,
			      IPCWALL_A_UNSPEC))
		return -EMSGSIZE;
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

	err = -EMSGSIZE;
	if (nla_put_u32(msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION) ||
	    nla_put_string(msg, IPCWALL_A_MODULE_VERSION, IPCWALL_VERSION) ||
	    nla_put_string(msg, IPCWALL_A_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    put_policy_summary(msg) ||
	    put_task_counts(msg) ||
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
 * The one policy transaction: module wide, owned by the netlink port that
 * began it, and kept only while that port lives (see release_notify()).
 * Commands run one at a time under the genl mutex; txn_lock also orders
 * them against the release notifier, which runs outside it.
 */
struct transaction {
	struct net *net;
	u32 portid;
	u32 size;
	u32 received;
	u8 *data;
};

static DEFINE_MUTEX(txn_lock);
static struct transaction *txn;

static void txn_free(struct transaction *t)
{
	if (t) {
		kvfree(t->data);
		kfree(t);
	}
}

static void txn_abort(void)
{
	lockdep_assert_held(&txn_lock);
	txn_free(txn);
	txn = NULL;
}

static bool txn_owned(struct genl_info *info)
{
	lockdep_assert_held(&txn_lock);
	return txn && txn->portid == info->snd_portid &&
	       net_eq(txn->net, genl_info_net(info));
}

static int txn_check_owner(struct genl_info *info)
{
	if (txn_owned(info))
		return 0;
	NL_SET_ERR_MSG(info->extack,
		       "no policy transaction is open on this socket");
	return -ENOENT;
}

/* A reply of @cmd carrying only the generation now in force. */
static struct sk_buff *generation_reply(struct genl_info *info, u8 cmd,
					void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &ipcwall_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int send_generation(struct sk_buff *msg, void *hdr,
			   struct genl_info *info, u64 generation)
{
	if (nla_put_u64_64bit(msg, IPCWALL_A_POLICY_GENERATION, generation,
			      IPCWALL_A_UNSPEC)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * policy_begin_doit() - IPCWALL_CMD_POLICY_BEGIN: opens a transaction
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION or IPCWALL_A_POLICY_SIZE is missing,
 *   or the size is smaller than a policy header;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -E2BIG: the size exceeds IPCWALL_MAX_POLICY_SIZE;
 * - -EBUSY: a transaction is already open, on any socket;
 * - -ENOMEM: no memory for the policy's bytes.
 */
static int policy_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct transaction *t;
	u32 size;
	int err;

	err = check_request(skb, info) ?:
	      require_attr(info->extack, info->attrs, IPCWALL_A_POLICY_SIZE);
	if (err)
		return err;

	size = nla_get_u32(info->attrs[IPCWALL_A_POLICY_SIZE]);
	if (size > IPCWALL_MAX_POLICY_SIZE) {
		ipcwall_extack_fmt(info->extack,
				   "policy has %u bytes, the limit is %u",
				   size, IPCWALL_MAX_POLICY_SIZE);
		return -E2BIG;
	}
	if (size < sizeof(struct ipcwall_policy_header)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[IPCWALL_A_POLICY_SIZE],
				    "policy is shorter than its header");
		return -EINVAL;
	}

	mutex_lock(&txn_lock);
	if (txn) {
		NL_SET_ERR_MSG(info->extack,
			       "a policy transaction is already open");
		err = -EBUSY;
		goto out;
	}
	err = -ENOMEM;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		goto out;
	t->data = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!t->data) {
		kfree(t);
		goto out;
	}
	t->net = genl_info_net(info);
	t->portid = info->snd_portid;
	t->size = size;
	txn = t;
	err = 0;
out:
	mutex_unlock(&txn_lock);
	return err;
}

static int chunk_add(struct genl_info *info)
{
	const struct nlattr *data = info->attrs[IPCWALL_A_POLICY_DATA];
	u32 offset = nla_get_u32(info->attrs[IPCWALL_A_POLICY_OFFSET]);
	u32 len = nla_len(data);

	if (offset != txn->received) {
		ipcwall_extack_fmt(info->extack,
				   "chunk at offset %u, expected offset %u",
				   offset, txn->received);
		return -EINVAL;
	}
	if (len > txn->size - txn->received) {
		ipcwall_extack_fmt(info->extack,
				   "chunk ends at %u, past the policy size %u",
				   offset + len, txn->size);
		return -EINVAL;
	}
	memcpy(txn->data + offset, nla_data(data), len);
	txn->received += len;
	return 0;
}

/**
 * policy_chunk_doit() - IPCWALL_CMD_POLICY_CHUNK: the next policy bytes
 * @skb: the request
 * @info: its attributes
 *
 * Any failure on the socket that owns the transaction aborts it.
 *
 * Return: 0 on success, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: a required attribute is missing, the chunk does not start
 *   where the previous one ended, or it goes past the announced size;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOENT: no transaction is open on this socket.
 */
static int policy_chunk_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	mutex_lock(&txn_lock);
	err = check_request(skb, info) ?: txn_check_owner(info) ?:
	      require_attr(info->extack, info->attrs,
			   IPCWALL_A_POLICY_OFFSET) ?:
	      require_attr(info->extack, info->attrs, IPCWALL_A_POLICY_DATA) ?:
	      chunk_add(info);
	if (err && txn_owned(info))
		txn_abort();
	mutex_unlock(&txn_lock);
	return err;
}

/*
 * Takes the complete transaction of this socket out of the module's hands.
 * Validating and building a large policy takes a while, and txn_lock also
 * stands in the way of every netlink socket's release.
 */
static int txn_take(struct genl_info *info, struct transaction **out)
{
	int err;

	mutex_lock(&txn_lock);
	err = txn_check_owner(info);
	if (!err && txn->received != txn->size) {
		ipcwall_extack_fmt(info->extack,
				   "policy incomplete: %u of %u bytes received",
				   txn->received, txn->size);
		err = -EINVAL;
	}
	if (err && txn_owned(info))
		txn_abort();
	if (!err) {
		*out = txn;
		txn = NULL;
	}
	mutex_unlock(&txn_lock);
	return err;
}

/**
 * policy_commit_doit() - IPCWALL_CMD_POLICY_COMMIT: loads the policy sent
 * @skb: the request
 * @info: its attributes
 *
 * The transaction ends here, whatever the outcome; on failure, the policy
 * in force is untouched.
 *
 * Return: 0 on success, with a reply holding the new generation, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION is missing, not every byte arrived, or
 *   the policy is malformed (the message names the section, entry, field);
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOENT: no transaction is open on this socket;
 * - -E2BIG: the policy exceeds a limit of limits.h, which the message names;
 * - -ENOMEM: no memory for the policy or its reply.
 */
static int policy_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipcwall_policy *policy;
	struct transaction *t = NULL;
	struct sk_buff *msg;
	u64 generation;
	void *hdr;
	int err;

	err = check_request(skb, info);
	if (err) {
		mutex_lock(&txn_lock);
		if (txn_owned(info))
			txn_abort();
		mutex_unlock(&txn_lock);
		return err;
	}
	err = txn_take(info, &t);
	if (err)
		return err;

	err = ipcwall_policy_build(t->data, t->size, info->extack, &policy);
	txn_free(t);
	if (err)
		return err;
	/* Before publishing: a load that is done is reported as done. */
	msg = generation_reply(info, IPCWALL_CMD_POLICY_COMMIT, &hdr);
	if (!msg) {
		ipcwall_policy_discard(policy);
		return -ENOMEM;
	}
	err = ipcwall_policy_publish(policy, &generation);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return send_generation(msg, hdr, info, generation);
}

/**
 * policy_abort_doit() - IPCWALL_CMD_POLICY_ABORT: drops this socket's
 * transaction, if it has one
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0, also when there was nothing to drop, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION is missing;
 * - -EPROTONOSUPPORT: the ABI version is not the module's.
 */
static int policy_abort_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = check_request(skb, info);

	mutex_lock(&txn_lock);
	if (txn_owned(info))
		txn_abort();
	mutex_unlock(&txn_lock);
	return err;
}

/**
 * policy_unload_doit() - IPCWALL_CMD_POLICY_UNLOAD: no policy, everything
 * unconfined
 * @skb: the request
 * @info: its attributes
 *
 * An open transaction, of any socket, is left as it is.
 *
 * Return: 0, with a reply holding the new generation, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION is missing;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOMEM: no memory for the reply.
 */
static int policy_unload_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u64 generation;
	void *hdr;
	int err;

	err = check_request(skb, info);
	if (err)
		return err;
	msg = generation_reply(info, IPCWALL_CMD_POLICY_UNLOAD, &hdr);
	if (!msg)
		return -ENOMEM;
	/* Cannot fail: no task needs a group in no policy. */
	ipcwall_policy_publish(NULL, &generation);
	return send_generation(msg, hdr, info, generation);
}

/* The request's attributes, as the genl core parsed them for a dump. */
static struct nlattr **dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* cb->args[] of a POLICY_GET dump. */
enum { DUMP_POLICY, DUMP_OFFSET };

/*
 * The checks of a POLICY_GET, made by its first dumpit call rather than by
 * a .start callback: before 6.2 a dump's .start has no extended ack, and
 * a refusal without its message would leave the user guessing. A refusal
 * thus ends the dump: NLMSG_DONE carries the errno and the message.
 */
static int policy_get_begin(struct netlink_callback *cb)
{
	struct ipcwall_policy *policy;
	int err;

	err = check_caller(cb->skb, dump_attrs(cb), cb->extack);
	if (err)
		return err;
	policy = ipcwall_policy_get();
	if (!policy) {
		NL_SET_ERR_MSG(cb->extack, "no policy is loaded");
		return -ENOENT;
	}
	cb->args[DUMP_POLICY] = (long)policy;
	cb->args[DUMP_OFFSET] = 0;
	return 0;
}

/* Room for the header and the attributes around the data of a message. */
#define DUMP_OVERHEAD 128

/**
 * policy_get_dumpit() - IPCWALL_CMD_POLICY_GET: the policy in force
 * @skb: the message to fill
 * @cb: the dump
 *
 * The first call takes a reference to the policy, held until
 * policy_get_done(), so that every message is of one generation.
 *
 * Return: the length of @skb while messages remain, 0 at the end, or, as
 * the errno of the dump's NLMSG_DONE:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION is missing;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOENT: no policy is loaded.
 */
static int policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ipcwall_policy *policy;
	size_t offset, size, len;
	const u8 *blob;
	void *hdr;
	int err;

	if (!cb->args[DUMP_POLICY]) {
		err = policy_get_begin(cb);
		if (err)
			return err;
	}
	policy = (void *)cb->args[DUMP_POLICY];
	offset = cb->args[DUMP_OFFSET];
	blob = ipcwall_policy_blob(policy, &size);
	if (offset >= size)
		return 0;
	len = min_t(size_t, size - offset, IPCWALL_POLICY_CHUNK_MAX);
	if (skb_tailroom(skb) <= DUMP_OVERHEAD)
		return -EMSGSIZE;
	len = min_t(size_t, len, skb_tailroom(skb) - DUMP_OVERHEAD);

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, &ipcwall_family, NLM_F_MULTI,
			  IPCWALL_CMD_POLICY_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, IPCWALL_A_POLICY_GENERATION,
			      ipcwall_policy_gen(policy), IPCWALL_A_UNSPEC) ||
	    nla_put_u32(skb, IPCWALL_A_POLICY_SIZE, size) ||
	    nla_put_u32(skb, IPCWALL_A_POLICY_OFFSET, offset) ||
	    nla_put(skb, IPCWALL_A_POLICY_DATA, len, blob + offset)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	cb->args[DUMP_OFFSET] = offset + len;
	return skb->len;
}

static int policy_get_done(struct netlink_callback *cb)
{
	ipcwall_policy_put((void *)cb->args[DUMP_POLICY]);
	return 0;
}

/*
 * Whether a query names the attributes its class acts on, and no other:
 * an attribute the class does not read would be silently ignored.
 */
static int query_check_attrs(struct genl_info *info, u8 class)
{
	static const u32 peer = BIT(IPCWALL_A_QUERY_TARGET),
		path = BIT(IPCWALL_A_QUERY_PATH),
		inet = BIT(IPCWALL_A_QUERY_ADDR) | BIT(IPCWALL_A_QUERY_PORT) |
		       BIT(IPCWALL_A_QUERY_PROTO);
	u32 required, allowed;
	int type;

	switch (class) {
	case IPCWALL_CLASS_SIGNAL:
		required = peer | BIT(IPCWALL_A_QUERY_SIGNAL);
		allowed = required;
		break;
	case IPCWALL_CLASS_PTRACE:
		required = peer;
		allowed = required;
		break;
	case IPCWALL_CLASS_SHM:
	case IPCWALL_CLASS_MSG:
	case IPCWALL_CLASS_SEM:
		required = peer;
		allowed = peer | BIT(IPCWALL_A_QUERY_KEY);
		break;
	case IPCWALL_CLASS_UNIX:
		required = peer;
		allowed = peer | path;
		break;
	case IPCWALL_CLASS_INET:
		required = inet;
		allowed = inet;
		break;
	default:
		required = path;
		allowed = path;
	}
	if (class != IPCWALL_CLASS_SIGNAL)
		required |= BIT(IPCWALL_A_QUERY_OP);
	allowed |= BIT(IPCWALL_A_QUERY_OP);

	for (type = IPCWALL_A_QUERY_OP; type <= IPCWALL_A_QUERY_PROTO; type++) {
		if (info->attrs[type] && !(allowed & BIT(type))) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
					    "attribute not used by the class");
			return -EINVAL;
		}
		if (!info->attrs[type] && (required & BIT(type))) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
			NL_SET_ERR_MSG(info->extack,
				       "attribute required by the class is missing");
			return -EINVAL;
		}
	}
	return 0;
}

/* One operation of the class: a single bit of its mask. */
static int query_op(struct genl_info *info, u8 class, u32 *op)
{
	const struct nlattr *attr = info->attrs[IPCWALL_A_QUERY_OP];

	*op = attr ? nla_get_u32(attr) : IPCWALL_OP_SIGNAL_SEND;
	if (!*op || *op & (*op - 1) || *op & ~ipcwall_class_ops(class)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not one operation of the class");
		return -EINVAL;
	}
	return 0;
}

/* The request, but for the groups, which need the policy. */
static int query_request(struct genl_info *info, struct ipcwall_request *req)
{
	struct nlattr **attrs = info->attrs;
	const struct nlattr *addr = attrs[IPCWALL_A_QUERY_ADDR];
	int err;

	memset(req, 0, sizeof(*req));
	req->class = nla_get_u8(attrs[IPCWALL_A_QUERY_CLASS]);
	err = query_check_attrs(info, req->class) ?:
	      query_op(info, req->class, &req->op);
	if (err)
		return err;

	switch (req->class) {
	case IPCWALL_CLASS_INET:
		if (nla_len(addr) != 4 && nla_len(addr) != 16) {
			NL_SET_ERR_MSG_ATTR(info->extack, addr,
					    "an address is 4 or 16 bytes");
			return -EINVAL;
		}
		req->object = IPCWALL_OBJECT_INET;
		req->inet.family = nla_len(addr) == 4 ? IPCWALL_INET4 :
							 IPCWALL_INET6;
		nla_memcpy(req->inet.addr, addr, sizeof(req->inet.addr));
		req->inet.port = nla_get_u16(attrs[IPCWALL_A_QUERY_PORT]);
		req->inet.protocol = nla_get_u8(attrs[IPCWALL_A_QUERY_PROTO]);
		return 0;
	case IPCWALL_CLASS_SIGNAL:
		req->signal = nla_get_u8(attrs[IPCWALL_A_QUERY_SIGNAL]);
		break;
	}

	if (attrs[IPCWALL_A_QUERY_KEY]) {
		req->object = IPCWALL_OBJECT_KEY;
		req->key = nla_get_u32(attrs[IPCWALL_A_QUERY_KEY]);
	} else if (attrs[IPCWALL_A_QUERY_PATH]) {
		req->object = IPCWALL_OBJECT_PATH;
		req->path = nla_data(attrs[IPCWALL_A_QUERY_PATH]);
		req->path_len = strlen(req->path);
	} else {
		req->object = IPCWALL_OBJECT_PEER;
	}
	return 0;
}

/* A group named in a query: "unconfined" is in none. */
static int query_group(const struct ipcwall_policy *policy,
		       struct genl_info *info, int type, u32 *group)
{
	const struct nlattr *attr = info->attrs[type];
	const char *name;
	int index;

	*group = IPCWALL_GROUP_NONE;
	if (!attr)
		return 0;
	name = nla_data(attr);
	if (!strcmp(name, "unconfined"))
		return 0;
	index = policy ? ipcwall_policy_group_index(policy, name,
						      strlen(name)) :
			 -ENOENT;
	if (index < 0 && !policy) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no such group: no policy is loaded");
		return -ENOENT;
	}
	if (index < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no such group in the policy");
		return -ENOENT;
	}
	*group = index;
	return 0;
}

static int put_verdict(struct sk_buff *msg, const struct ipcwall_policy *policy,
		       const struct ipcwall_verdict *v)
{
	struct nlattr *decider;

	if (nla_put_u64_64bit(msg, IPCWALL_A_POLICY_GENERATION,
			      policy ? ipcwall_policy_gen(policy) :
				       ipcwall_policy_generation(),
			      IPCWALL_A_UNSPEC) ||
	    nla_put_u8(msg, IPCWALL_A_VERDICT,
		       v->allow ? IPCWALL_ALLOW : IPCWALL_DENY) ||
	    nla_put_u8(msg, IPCWALL_A_AUDIT, v->audit))
		return -EMSGSIZE;
	if (!v->decided)
		return 0;
	decider = nla_nest_start(msg, IPCWALL_A_DECIDER);
	if (!decider ||
	    nla_put_string(msg, IPCWALL_DECIDER_A_GROUP,
			   ipcwall_policy_group_name(policy, v->group)) ||
	    nla_put_u8(msg, IPCWALL_DECIDER_A_DIRECTION, v->direction) ||
	    (v->rule != U32_MAX &&
	     nla_put_u32(msg, IPCWALL_DECIDER_A_RULE, v->rule)))
		return -EMSGSIZE;
	nla_nest_end(msg, decider);
	return 0;
}

/**
 * query_doit() - IPCWALL_CMD_QUERY: the verdict an interaction would get
 * @skb: the request
 * @info: its attributes
 *
 * Decides with ipcwall_decide(), as the hooks do, under the policy in
 * force; nothing else happens.
 *
 * Return: 0, with the verdict, or:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: a required attribute is missing (the class decides which),
 *   one that the class does not use is present, the operation is not one
 *   of the class's, or the address is neither 4 nor 16 bytes;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOENT: the subject or target names no group of the policy;
 * - -ENOMEM: no memory for the reply.
 */
static int query_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct ipcwall_policy *policy;
	struct ipcwall_request req;
	struct ipcwall_verdict verdict;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = check_request(skb, info) ?:
	      require_attr(info->extack, info->attrs,
			   IPCWALL_A_QUERY_SUBJECT) ?:
	      require_attr(info->extack, info->attrs, IPCWALL_A_QUERY_CLASS) ?:
	      query_request(info, &req);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ipcwall_family, 0,
				IPCWALL_CMD_QUERY);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	rcu_read_lock();
	policy = ipcwall_policy_current();
	err = query_group(policy, info, IPCWALL_A_QUERY_SUBJECT,
			  &req.subject) ?:
	      query_group(policy, info, IPCWALL_A_QUERY_TARGET, &req.target);
	if (!err) {
		ipcwall_decide(policy, &req, &verdict);
		err = put_verdict(msg, policy, &verdict);
	}
	rcu_read_unlock();
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* cb->args[] of a TASK_GET dump. */
enum { DUMP_STARTED, DUMP_NEXT_PID, DUMP_FINISHED };

/* One process: -EMSGSIZE when it does not fit. */
static int put_task(struct sk_buff *skb, const struct ipcwall_policy *policy,
		    pid_t pid, struct task_struct *task)
{
	struct nlattr *entry;
	bool launched;
	u32 group = ipcwall_task_group(policy, task, &launched);

	entry = nla_nest_start(skb, IPCWALL_A_TASK);
	if (!entry || nla_put_u32(skb, IPCWALL_TASK_A_PID, pid) ||
	    (group != IPCWALL_GROUP_NONE &&
	     nla_put_string(skb, IPCWALL_TASK_A_GROUP,
			    ipcwall_policy_group_name(policy, group))) ||
	    nla_put_u8(skb, IPCWALL_TASK_A_LAUNCHED, launched))
		return -EMSGSIZE;
	nla_nest_end(skb, entry);
	return 0;
}

/**
 * task_get_dumpit() - IPCWALL_CMD_TASK_GET: every process and its group
 * @skb: the message to fill
 * @cb: the dump
 *
 * Each message is filled under RCU from one policy, with the processes
 * from the pid after the last one reported, in pid order.
 *
 * Return: the length of @skb while processes remain, 0 at the end, or, as
 * the errno of the dump's NLMSG_DONE:
 * - -EPERM: the caller lacks CAP_MAC_ADMIN;
 * - -EINVAL: IPCWALL_A_ABI_VERSION is missing;
 * - -EPROTONOSUPPORT: the ABI version is not the module's.
 */
static int task_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct ipcwall_policy *policy;
	struct task_struct *task;
	struct nlattr *list;
	struct pid *pid;
	pid_t nr, next;
	int count = 0;
	void *hdr;
	int err;

	if (!cb->args[DUMP_STARTED]) {
		err = check_caller(cb->skb, dump_attrs(cb), cb->extack);
		if (err)
			return err;
		cb->args[DUMP_STARTED] = 1;
	}
	if (cb->args[DUMP_FINISHED])
		return 0;
	next = cb->args[DUMP_NEXT_PID];

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ipcwall_family, NLM_F_MULTI, IPCWALL_CMD_TASK_GET);
	if (!hdr)
		return -EMSGSIZE;

	rcu_read_lock();
	policy = ipcwall_policy_current();
	err = nla_put_u64_64bit(skb, IPCWALL_A_POLICY_GENERATION,
				policy ? ipcwall_policy_gen(policy) :
					 ipcwall_policy_generation(),
				IPCWALL_A_UNSPEC);
	list = err ? NULL : nla_nest_start(skb, IPCWALL_A_TASKS);
	for (pid = list ? find_ge_pid(next, &init_pid_ns) : NULL; pid;
	     pid = find_ge_pid(nr + 1, &init_pid_ns)) {
		nr = pid_nr_ns(pid, &init_pid_ns);
		/* Only pids that name a process: its thread group leader. */
		task = pid_task(pid, PIDTYPE_TGID);
		if (!task)
			continue;
		if (put_task(skb, policy, nr, task))
			break;
		count++;
		next = nr + 1;
	}
	rcu_read_unlock();

	if (!list || (pid && !count)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, list);
	genlmsg_end(skb, hdr);
	cb->args[DUMP_NEXT_PID] = next;
	/* No pid left: the next call ends the dump. */
	cb->args[DUMP_FINISHED] = !pid;
	return skb->len;
}

/* Whether @uid may start processes in group @g of @policy. */
static bool launch_allowed(const struct ipcwall_policy *policy, u32 g, u32 uid)
{
	const struct ipcwall_ruleset *rs = ipcwall_policy_ruleset(policy);
	const struct ipcwall_policy_group *grp = &rs->groups[g];
	u32 i;

	for (i = grp->launch_first; i < grp->launch_first + grp->launch_count;
	     i++)
		if (rs->ids[i] == uid)
			return true;
	return false;
}

/*
 * Without CAP_MAC_ADMIN, only a process in no group may join one, and only
 * when the group's launch list has its real uid: docs/groups.md "No
 * escape".
 */
static int join_allowed(struct sk_buff *skb, const struct ipcwall_policy *policy,
			u32 g, struct netlink_ext_ack *extack)
{
	u32 uid = from_kuid(&init_user_ns, current_uid());
	u32 now;

	if (netlink_capable(skb, CAP_MAC_ADMIN))
		return 0;
	rcu_read_lock();
	now = ipcwall_task_group(policy, current, NULL);
	rcu_read_unlock();
	if (now != IPCWALL_GROUP_NONE) {
		ipcwall_extack_fmt(extack,
				   "in group `%s': moving needs CAP_MAC_ADMIN",
				   ipcwall_policy_group_name(policy, now));
		return -EPERM;
	}
	if (!launch_allowed(policy, g, uid)) {
		ipcwall_extack_fmt(extack,
				   "uid %u is not in the group's launch list",
				   uid);
		return -EPERM;
	}
	return 0;
}

/**
 * group_join_doit() - IPCWALL_CMD_GROUP_JOIN: the sender joins a group
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0, with a reply holding the generation of the policy whose group
 * the sender joined, or:
 * - -EINVAL: IPCWALL_A_ABI_VERSION or IPCWALL_A_GROUP_NAME is missing;
 * - -EPROTONOSUPPORT: the ABI version is not the module's;
 * - -ENOENT: no policy is loaded, or it has no such group;
 * - -EBUSY: the sender has other threads;
 * - -EPERM: see join_allowed();
 * - -ESRCH: the sender has no record yet (see ipcwall_task_join());
 * - -ENOMEM: no memory for the reply.
 */
static int group_join_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipcwall_policy *policy;
	struct nlattr *name = info->attrs[IPCWALL_A_GROUP_NAME];
	struct sk_buff *msg;
	u64 generation = 0;
	void *hdr;
	int g, err;

	err = check_abi(info->attrs, info->extack);
	if (err)
		return err;
	if (require_attr(info->extack, info->attrs, IPCWALL_A_GROUP_NAME))
		return -EINVAL;
	msg = generation_reply(info, IPCWALL_CMD_GROUP_JOIN, &hdr);
	if (!msg)
		return -ENOMEM;

	policy = ipcwall_policy_lock();
	if (!policy) {
		NL_SET_ERR_MSG(info->extack, "no policy is loaded");
		err = -ENOENT;
		goto out;
	}
	g = ipcwall_policy_group_index(policy, nla_data(name),
				       strlen(nla_data(name)));
	if (g < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no such group in the policy in force");
		err = -ENOENT;
		goto out;
	}
	if (get_nr_threads(current) > 1) {
		NL_SET_ERR_MSG(info->extack,
			       "the process has other threads, which would stay behind");
		err = -EBUSY;
		goto out;
	}
	err = join_allowed(skb, policy, g, info->extack);
	if (err)
		goto out;
	err = ipcwall_task_join(policy, g);
	if (err)
		NL_SET_ERR_MSG(info->extack, "the process is not tracked yet");
	generation = ipcwall_policy_gen(policy);
out:
	ipcwall_policy_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return send_generation(msg, hdr, info, generation);
}

/*
 * A request may carry only the attributes its command reads: the policy of
 * each command ends at the last of them, and strict validation rejects any
 * attribute past that, and any before it left out of the policy, which
 * includes every reply-only one.
 */
static const struct nla_policy get_status_policy[IPCWALL_A_ABI_VERSION + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
};

static const struct nla_policy begin_policy[IPCWALL_A_POLICY_SIZE + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
	[IPCWALL_A_POLICY_SIZE] = { .type = NLA_U32 },
};

static const struct nla_policy chunk_policy[IPCWALL_A_POLICY_DATA + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
	[IPCWALL_A_POLICY_OFFSET] = { .type = NLA_U32 },
	/* 1 to IPCWALL_POLICY_CHUNK_MAX bytes: .min and .len. */
	[IPCWALL_A_POLICY_DATA] = {
		.type = NLA_BINARY,
		.validation_type = NLA_VALIDATE_MIN,
		.min = 1,
		.len = IPCWALL_POLICY_CHUNK_MAX,
	},
};

/* COMMIT, ABORT, UNLOAD, POLICY_GET and TASK_GET read only the ABI version. */
static const struct nla_policy abi_only_policy[IPCWALL_A_ABI_VERSION + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
};

static const struct nla_policy query_policy[IPCWALL_A_QUERY_PROTO + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
	[IPCWALL_A_QUERY_SUBJECT] = { .type = NLA_NUL_STRING,
				      .len = IPCWALL_MAX_GROUP_NAME - 1 },
	[IPCWALL_A_QUERY_CLASS] = NLA_POLICY_RANGE(NLA_U8, IPCWALL_CLASS_SIGNAL,
						   IPCWALL_CLASS_LAST),
	[IPCWALL_A_QUERY_OP] = { .type = NLA_U32 },
	[IPCWALL_A_QUERY_TARGET] = { .type = NLA_NUL_STRING,
				     .len = IPCWALL_MAX_GROUP_NAME - 1 },
	[IPCWALL_A_QUERY_SIGNAL] = NLA_POLICY_MAX(NLA_U8, IPCWALL_SIGNAL_MAX),
	[IPCWALL_A_QUERY_PATH] = { .type = NLA_NUL_STRING,
				   .len = IPCWALL_MAX_STRING - 1 },
	[IPCWALL_A_QUERY_KEY] = { .type = NLA_U32 },
	[IPCWALL_A_QUERY_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[IPCWALL_A_QUERY_PORT] = { .type = NLA_U16 },
	[IPCWALL_A_QUERY_PROTO] = NLA_POLICY_RANGE(NLA_U8, IPCWALL_PROTO_TCP,
						   IPCWALL_PROTO_UDP),
};

static const struct nla_policy join_policy[IPCWALL_A_GROUP_NAME + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32 },
	[IPCWALL_A_GROUP_NAME] = { .type = NLA_NUL_STRING,
				   .len = IPCWALL_MAX_GROUP_NAME - 1 },
};

#define OP_POLICY(p) .policy = p, .maxattr = ARRAY_SIZE(p) - 1

static const struct genl_ops ipcwall_ops[] = {
	{
		.cmd = IPCWALL_CMD_GET_STATUS,
		.doit = get_status_doit,
		OP_POLICY(get_status_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_BEGIN,
		.doit = policy_begin_doit,
		OP_POLICY(begin_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_CHUNK,
		.doit = policy_chunk_doit,
		OP_POLICY(chunk_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_COMMIT,
		.doit = policy_commit_doit,
		OP_POLICY(abi_only_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_ABORT,
		.doit = policy_abort_doit,
		OP_POLICY(abi_only_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_UNLOAD,
		.doit = policy_unload_doit,
		OP_POLICY(abi_only_policy),
	},
	{
		.cmd = IPCWALL_CMD_POLICY_GET,
		.dumpit = policy_get_dumpit,
		.done = policy_get_done,
		OP_POLICY(abi_only_policy),
	},
	{
		.cmd = IPCWALL_CMD_QUERY,
		.doit = query_doit,
		OP_POLICY(query_policy),
	},
	{
		.cmd = IPCWALL_CMD_TASK_GET,
		.dumpit = task_get_dumpit,
		OP_POLICY(abi_only_policy),
	},
	{
		.cmd = IPCWALL_CMD_GROUP_JOIN,
		.doit = group_join_doit,
		OP_POLICY(join_policy),
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

/* A transaction ends with the socket that began it. */
static int release_notify(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	const struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	mutex_lock(&txn_lock);
	if (txn && txn->portid == n->portid && net_eq(txn->net, n->net))
		txn_abort();
	mutex_unlock(&txn_lock);
	return NOTIFY_DONE;
}

static struct notifier_block release_notifier = {
	.notifier_call = release_notify,
};

int __init ipcwall_netlink_init(void)
{
	int err;

	err = netlink_register_notifier(&release_notifier);
	if (err)
		return err;
	err = genl_register_family(&ipcwall_family);
	if (err)
		netlink_unregister_notifier(&release_notifier);
	return err;
}

void ipcwall_netlink_exit(void)
{
	genl_unregister_family(&ipcwall_family);
	netlink_unregister_notifier(&release_notifier);
	mutex_lock(&txn_lock);
	txn_abort();
	mutex_unlock(&txn_lock);
}

/* Lets the kernel load the module when the family is first asked for. */
MODULE_ALIAS_GENL_FAMILY(IPCWALL_GENL_NAME);
