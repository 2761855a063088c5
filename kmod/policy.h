/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy in force: how a compiled policy becomes one (validated, its
 * lookup tables built, published with one pointer swap), and how a decision
 * is taken against it.
 *
 * A struct ipcwall_policy is immutable once built. Readers reach the one in
 * force under rcu_read_lock() (hooks run with preemption disabled and may
 * not sleep); holders that sleep (a netlink dump) take a reference.
 *
 * policy.c owns the object, its validation and publication; decide.c owns
 * the lookup tables' use. Neither knows about netlink or kprobes.
 */
#ifndef _IPCWALL_POLICY_H
#define _IPCWALL_POLICY_H

#include <linux/limits.h>
#include <linux/types.h>

#include "ruletable.h"
#include "uapi/ipcwall.h"

struct netlink_ext_ack;
struct ipcwall_policy;
struct ipcwall_ruleset;

/**
 * struct ipcwall_request - one interaction to decide
 * @subject:	the acting process's group index, or IPCWALL_GROUP_NONE
 * @target:	the group index of the process or object acted on, or
 *		IPCWALL_GROUP_NONE (unconfined); for PEER objects only
 * @class:	enum ipcwall_class
 * @op:		exactly one IPCWALL_OP_* bit of @class
 * @object:	enum ipcwall_object: which of the fields below is set. A SysV
 *		access sets both @key and @target (the creator's group) and
 *		uses IPCWALL_OBJECT_KEY; a unix peer with an address sets
 *		both @path and @target and uses IPCWALL_OBJECT_PATH
 * @signal:	0 to IPCWALL_SIGNAL_MAX, signal class only
 * @path:	a path, unix address ("@name" when abstract) or POSIX name
 * @path_len:	its length, without a NUL
 * @key:	SysV key
 * @inet:	the address and port acted on
 */
struct ipcwall_request {
	u32 subject;
	u32 target;
	u8 class;
	u32 op;
	u8 object;
	u8 signal;
	const char *path;
	size_t path_len;
	u32 key;
	struct {
		u8 family;		/* IPCWALL_INET4 or IPCWALL_INET6 */
		u8 protocol;		/* one IPCWALL_PROTO_* bit */
		u16 port;		/* host order */
		u8 addr[16];		/* network order */
	} inet;
};

/**
 * struct ipcwall_verdict - the outcome of a decision
 * @allow:	the operation may proceed (after modes: a complain-mode
 *		group's denial allows)
 * @complained:	a complain-mode group would have refused: allowed only
 *		because of its mode
 * @audit:	the decision is to be audited
 * @decided:	a group judged; the fields below are valid
 * @group:	the group whose rule or default decided
 * @direction:	IPCWALL_OUTBOUND or IPCWALL_INBOUND
 * @rule:	the index of the rule within @group's rules, or U32_MAX when
 *		the group's default decided
 */
struct ipcwall_verdict {
	bool allow;
	bool complained;
	bool audit;
	bool decided;
	u32 group;
	u8 direction;
	u32 rule;
};

/*
 * Builds a policy from a compiled one, after checking every byte of it.
 * Returns -EINVAL or -E2BIG with a message in @extack naming what is
 * wrong, or -ENOMEM. The bytes are copied; @blob may be freed after.
 * May sleep.
 */
int ipcwall_policy_build(const void *blob, size_t size,
			 struct netlink_ext_ack *extack,
			 struct ipcwall_policy **out);
/* Frees a policy that was never published. May sleep. */
void ipcwall_policy_discard(struct ipcwall_policy *policy);

/*
 * Makes @policy (or none, for NULL) the policy in force with one pointer
 * swap, after every task has its group in it (tasks.h), and sets
 * *@generation to the new generation. The previous policy is freed once
 * no reader can see it and no reference is held. -ENOMEM when tasks
 * cannot be classified: @policy is then discarded and nothing changed.
 * May sleep.
 */
int ipcwall_policy_publish(struct ipcwall_policy *policy, u64 *generation);

/*
 * Holds off loads and unloads, and returns the policy in force, which
 * stays in force until ipcwall_policy_unlock(). May sleep.
 */
struct ipcwall_policy *ipcwall_policy_lock(void);
void ipcwall_policy_unlock(void);

/* The generation in force: 0 until the first load or unload. */
u64 ipcwall_policy_generation(void);

/* The policy in force, under rcu_read_lock(), or NULL. */
struct ipcwall_policy *ipcwall_policy_current(void);

/* A reference for a holder that sleeps; NULL when there is no policy. */
struct ipcwall_policy *ipcwall_policy_get(void);
void ipcwall_policy_put(struct ipcwall_policy *policy);

/* What a policy was loaded from, byte for byte, and when. */
const void *ipcwall_policy_blob(const struct ipcwall_policy *policy,
				size_t *size);
u64 ipcwall_policy_gen(const struct ipcwall_policy *policy);

/* Group lookup by name (not NUL-terminated): its index or -ENOENT. */
int ipcwall_policy_group_index(const struct ipcwall_policy *policy,
			       const char *name, size_t len);
const char *ipcwall_policy_group_name(const struct ipcwall_policy *policy,
				      u32 index);

/* Its sections and lookup tables, for decide.c and the status. */
const struct ipcwall_ruleset *
ipcwall_policy_ruleset(const struct ipcwall_policy *policy);

/*
 * Decides @req under @policy (NULL: no policy, everything allowed).
 * Never sleeps, never allocates: callable from a kprobe handler.
 */
void ipcwall_decide(const struct ipcwall_policy *policy,
		    const struct ipcwall_request *req,
		    struct ipcwall_verdict *verdict);

/* Module exit: frees the policy in force. */
void ipcwall_policy_exit(void);

#endif /* _IPCWALL_POLICY_H */
