/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * ipcwall: isolation between process groups, controlled over generic netlink.
 *
 * This header is the whole contract between the ipcwall kernel module and
 * userspace. It is shared verbatim by the module and the ipcwall tool.
 *
 * Family and versions
 * -------------------
 * The generic netlink family is IPCWALL_GENL_NAME ("ipcwall"), family
 * version IPCWALL_GENL_VERSION. Every request carries IPCWALL_A_ABI_VERSION
 * (u32) set to the IPCWALL_ABI_VERSION the sender was built against. The
 * module answers -EPROTONOSUPPORT when that version is not the one it speaks,
 * with the extended ack message "unsupported ABI version, the module
 * speaks ABI version N", so an older or newer tool can tell its user what to
 * upgrade.
 *
 * Privilege
 * ---------
 * Every command but IPCWALL_CMD_GROUP_JOIN requires CAP_MAC_ADMIN in the
 * initial user namespace, held both by the process that sends the request
 * and by the credentials the socket was opened with (netlink_capable()).
 * Without it the module answers -EPERM with an extended ack message.
 *
 * Order of the checks
 * -------------------
 * Attributes are validated first (below), then privilege, then the ABI
 * version: an unprivileged request with a wrong ABI version gets -EPERM, and
 * a malformed one gets -EINVAL whoever sends it. A missing ABI version is
 * -EINVAL with the missing attribute type reported (NLMSGERR_ATTR_MISS_TYPE).
 *
 * Validation
 * ----------
 * Attributes are validated strictly: an unknown attribute, an attribute of
 * the wrong length, or an attribute that is only ever sent by the module
 * (marked "reply only" below) is rejected with -EINVAL (-ERANGE for a value
 * or a binary attribute's length out of range) and an extended ack message
 * that points at the attribute. Such a request is refused before the
 * module sees it, so it changes nothing, not even an open transaction.
 * A command number the family does not know is answered -EOPNOTSUPP by the
 * generic netlink core itself, which attaches no message.
 *
 * Replies
 * -------
 * On architectures that need 64-bit alignment, each NLA_U64 attribute may be
 * preceded by a zero-length pad attribute of type 0 (the enum's *_UNSPEC),
 * as nla_put_u64_64bit() emits it; readers skip type 0.
 *
 * Commands
 * --------
 * IPCWALL_CMD_GET_STATUS: returns the module's state in one message.
 *
 *   Request:
 *     IPCWALL_A_ABI_VERSION: NLA_U32, required
 *
 *   Reply:
 *     IPCWALL_A_ABI_VERSION: NLA_U32
 *     IPCWALL_A_MODULE_VERSION: NLA_NUL_STRING
 *     IPCWALL_A_KERNEL_RELEASE: NLA_NUL_STRING, as uname -r prints it
 *     IPCWALL_A_POLICY_GENERATION: NLA_U64, 0 while no policy was ever loaded
 *     IPCWALL_A_POLICY_GROUPS: NLA_U32, the groups of the policy in force;
 *                              absent when no policy is loaded
 *     IPCWALL_A_POLICY_RULES: NLA_U32, its rules; absent with the above
 *     IPCWALL_A_TASKS_LIVE: NLA_U64, tasks (threads) the module tracks now:
 *                           every task of the system, zombies included,
 *                           until the kernel frees it
 *     IPCWALL_A_TASKS_TOTAL: NLA_U64, tasks tracked since the module loaded,
 *                            those it found at load included
 *     IPCWALL_A_DEGRADED: NLA_U32, a mask of IPCWALL_DEGRADED_* flags; 0 when
 *                         every hook is armed, firing and has missed nothing
 *     IPCWALL_A_HOOKS: NLA_NESTED, always present, one IPCWALL_A_HOOK nest
 *                      per hook (IPCWALL_MAX_HOOKS at most):
 *       IPCWALL_A_HOOK: NLA_NESTED
 *         IPCWALL_HOOK_A_NAME: NLA_NUL_STRING, the kernel function hooked
 *         IPCWALL_HOOK_A_ARMED: NLA_U8, 1 when the probe is armed
 *         IPCWALL_HOOK_A_HITS: NLA_U64, decisions taken at this hook
 *         IPCWALL_HOOK_A_MISSED: NLA_U64, times the hook fired but could not
 *                                run its decision (kprobe reentrancy); each
 *                                one is an operation that was not mediated,
 *                                unless the hook is MISSED_COVERED
 *         IPCWALL_HOOK_A_MISSED_COVERED: NLA_U8, 1 when a missed call of
 *                                this hook leaves nothing undone, because
 *                                another attachment does the same work
 *                                (security_task_free: see docs/design.md);
 *                                its misses never set IPCWALL_DEGRADED_*
 *
 * Loading a policy: one transaction over several messages
 * --------------------------------------------------------
 * A compiled policy (the binary format below) may be far larger than one
 * netlink message, so it travels in a transaction, as one socket's
 * conversation:
 *
 *   IPCWALL_CMD_POLICY_BEGIN
 *     IPCWALL_A_ABI_VERSION: NLA_U32, required
 *     IPCWALL_A_POLICY_SIZE: NLA_U32, required, the size of the whole
 *                            compiled policy in bytes
 *   then IPCWALL_CMD_POLICY_CHUNK, as many times as needed
 *     IPCWALL_A_ABI_VERSION: NLA_U32, required
 *     IPCWALL_A_POLICY_OFFSET: NLA_U32, required, where @DATA goes; chunks
 *                              come in order, each starting where the
 *                              previous one ended
 *     IPCWALL_A_POLICY_DATA: NLA_BINARY, required, 1 to
 *                            IPCWALL_POLICY_CHUNK_MAX bytes
 *   then IPCWALL_CMD_POLICY_COMMIT
 *     IPCWALL_A_ABI_VERSION: NLA_U32, required
 *   which replies
 *     IPCWALL_A_POLICY_GENERATION: NLA_U64, the generation now in force
 *
 * At most one transaction is open at a time, module wide; it belongs to the
 * socket (netlink port) that began it. BEGIN while one is open answers
 * -EBUSY, and CHUNK or COMMIT from any other socket, or without a BEGIN,
 * answers -ENOENT ("no policy transaction is open on this socket"). The
 * transaction is aborted, and its memory freed, when any of its requests
 * that passed attribute validation fails, when its socket closes, or on IPCWALL_CMD_POLICY_ABORT; the policy
 * in force is then untouched. COMMIT validates the whole policy (every
 * offset, count, index, string and value, see below) and builds the lookup
 * tables, then publishes the new policy with a single pointer swap: every
 * decision is taken wholly under the old policy or wholly under the new
 * one. Every generation number is used once; a load or unload increments
 * it.
 *
 * Errors: -E2BIG when the policy exceeds a limit (the message names which);
 * -EINVAL for a malformed policy or out-of-order chunk, with a message
 * naming the section, the entry and the field; -ENOMEM.
 *
 *   IPCWALL_CMD_POLICY_ABORT: drops this socket's open transaction, if any.
 *   IPCWALL_CMD_POLICY_UNLOAD: removes the policy: everything unconfined.
 *     Replies IPCWALL_A_POLICY_GENERATION. An open transaction (of any
 *     socket) is not affected.
 *
 * Reading the policy back
 * -----------------------
 * IPCWALL_CMD_POLICY_GET is a dump (NLM_F_DUMP). It answers -ENOENT when no
 * policy is loaded, and otherwise the compiled policy in force, exactly as
 * it was loaded, in messages of
 *     IPCWALL_A_POLICY_GENERATION: NLA_U64, the same in every message
 *     IPCWALL_A_POLICY_SIZE: NLA_U32, the total size
 *     IPCWALL_A_POLICY_OFFSET: NLA_U32
 *     IPCWALL_A_POLICY_DATA: NLA_BINARY
 * covering the policy in order, all of one generation. Refusals (-EPERM,
 * -EINVAL, -EPROTONOSUPPORT, -ENOENT) come as the error of the NLMSG_DONE
 * that ends the dump, with their extended ack message.
 *
 * Asking for a decision
 * ---------------------
 * IPCWALL_CMD_QUERY evaluates one interaction against the policy in force,
 * with the same code the hooks use, and tells which verdict it gets and
 * why, without anything happening. Request:
 *     IPCWALL_A_ABI_VERSION
 *     IPCWALL_A_QUERY_SUBJECT: NLA_NUL_STRING, the acting group's name, or
 *                              "unconfined"; required
 *     IPCWALL_A_QUERY_CLASS: NLA_U8, an IPCWALL_CLASS_*; required
 *     IPCWALL_A_QUERY_OP: NLA_U32, exactly one of the class's
 *                         IPCWALL_OP_* bits; required except for signals
 *   and what the class acts on:
 *     IPCWALL_A_QUERY_TARGET: NLA_NUL_STRING, the target group's name or
 *                             "unconfined" (signal, ptrace, SysV, unix)
 *     IPCWALL_A_QUERY_SIGNAL: NLA_U8, 0 to IPCWALL_SIGNAL_MAX (signal)
 *     IPCWALL_A_QUERY_PATH: NLA_NUL_STRING, a path, a POSIX IPC name or a
 *                           unix socket address ("@name" when abstract)
 *     IPCWALL_A_QUERY_KEY: NLA_U32, a SysV IPC key
 *     IPCWALL_A_QUERY_ADDR: NLA_BINARY, 4 or 16 bytes, network order (inet)
 *     IPCWALL_A_QUERY_PORT: NLA_U16, host order (inet)
 *     IPCWALL_A_QUERY_PROTO: NLA_U8, IPCWALL_PROTO_TCP or _UDP (inet)
 *   Reply:
 *     IPCWALL_A_POLICY_GENERATION: NLA_U64, the policy that decided
 *     IPCWALL_A_VERDICT: NLA_U8, IPCWALL_ALLOW or IPCWALL_DENY, after the
 *                        modes (a complain-mode group allows and audits)
 *     IPCWALL_A_AUDIT: NLA_U8, 1 when the decision would be audited
 *     IPCWALL_A_DECIDER: NLA_NESTED, absent when nothing ruled (no policy,
 *                        or an interaction no group has a say in); else
 *       IPCWALL_DECIDER_A_GROUP: NLA_NUL_STRING, the group whose rule or
 *                                default decided
 *       IPCWALL_DECIDER_A_DIRECTION: NLA_U8, IPCWALL_OUTBOUND when it
 *                                    judged as the actor, else _INBOUND
 *       IPCWALL_DECIDER_A_RULE: NLA_U32, the index of the rule among its
 *                               group's rules; absent when the default
 *                               decided
 *   The class says which attributes the request carries: TARGET for
 *   signal, ptrace, SysV and unix; SIGNAL for signal; KEY, optional, for
 *   SysV (the question is then about that object, judged by its key before
 *   its owner); PATH for file and POSIX IPC, and optional for unix (judged
 *   by the address before the group that bound it); ADDR, PORT and PROTO
 *   for inet. A missing one is -EINVAL naming it; one the class does not
 *   use is -EINVAL "attribute not used by the class".
 *   -ENOENT with a message when a named group does not exist in the policy.
 *   When both sides allow, the decider is the first side whose decision is
 *   audited, else the actor's side; when one denies, the one that denies
 *   (the actor's side first).
 *
 * Processes and their groups
 * --------------------------
 * IPCWALL_CMD_TASK_GET is a dump (NLM_F_DUMP) of every process (thread
 * group) of the system, in increasing pid order, as its membership stands
 * in the policy in force. Each message holds
 *     IPCWALL_A_POLICY_GENERATION: NLA_U64, the policy the memberships of
 *                                  this message belong to
 *     IPCWALL_A_TASKS: NLA_NESTED, one IPCWALL_A_TASK per process:
 *       IPCWALL_A_TASK: NLA_NESTED
 *         IPCWALL_TASK_A_PID: NLA_U32, its pid (tgid) in the initial pid
 *                             namespace
 *         IPCWALL_TASK_A_GROUP: NLA_NUL_STRING, its group; absent when the
 *                               process is in no group (unconfined)
 *         IPCWALL_TASK_A_LAUNCHED: NLA_U8, 1 when it (or an ancestor) was
 *                                  put in its group by GROUP_JOIN
 * A policy load during the dump shows as a change of generation between
 * messages; a reader wanting one consistent picture starts again. Refusals
 * come as the error of the NLMSG_DONE, as for POLICY_GET.
 *
 * IPCWALL_CMD_GROUP_JOIN moves the process that sends it into a group of
 * the policy in force, for good: it keeps that group across exec, and its
 * children inherit it (see docs/groups.md). Request:
 *     IPCWALL_A_ABI_VERSION
 *     IPCWALL_A_GROUP_NAME: NLA_NUL_STRING, the group; required
 *   Reply: IPCWALL_A_POLICY_GENERATION, the policy whose group it joined.
 *   Allowed with CAP_MAC_ADMIN (as for every other command), or without it
 *   when the sender is in no group and its real uid is in the group's
 *   launch list; otherwise -EPERM with a message saying which. -ENOENT
 *   when no policy is loaded or it has no such group; -EBUSY when the
 *   sender has more than one thread (the others would stay behind).
 */
#ifndef _UAPI_IPCWALL_H
#define _UAPI_IPCWALL_H

#include <linux/types.h>

#define IPCWALL_GENL_NAME "ipcwall"
#define IPCWALL_GENL_VERSION 1
#define IPCWALL_ABI_VERSION 1

/* Upper bounds of what a status reply can hold, for readers to size by. */
#define IPCWALL_MAX_HOOKS 64
#define IPCWALL_MAX_HOOK_NAME 64	/* bytes, with the NUL */

enum ipcwall_cmd {
	IPCWALL_CMD_UNSPEC,
	IPCWALL_CMD_GET_STATUS,
	IPCWALL_CMD_POLICY_BEGIN,
	IPCWALL_CMD_POLICY_CHUNK,
	IPCWALL_CMD_POLICY_COMMIT,
	IPCWALL_CMD_POLICY_ABORT,
	IPCWALL_CMD_POLICY_UNLOAD,
	IPCWALL_CMD_POLICY_GET,
	IPCWALL_CMD_QUERY,
	IPCWALL_CMD_TASK_GET,
	IPCWALL_CMD_GROUP_JOIN,
	__IPCWALL_CMD_MAX
};
#define IPCWALL_CMD_MAX (__IPCWALL_CMD_MAX - 1)

enum ipcwall_attr {
	IPCWALL_A_UNSPEC,
	IPCWALL_A_ABI_VERSION,
	IPCWALL_A_MODULE_VERSION,	/* reply only */
	IPCWALL_A_KERNEL_RELEASE,	/* reply only */
	IPCWALL_A_POLICY_GENERATION,	/* reply only */
	IPCWALL_A_DEGRADED,		/* reply only */
	IPCWALL_A_HOOKS,		/* reply only */
	IPCWALL_A_HOOK,			/* reply only, inside IPCWALL_A_HOOKS */
	IPCWALL_A_POLICY_SIZE,
	IPCWALL_A_POLICY_OFFSET,
	IPCWALL_A_POLICY_DATA,
	IPCWALL_A_QUERY_SUBJECT,
	IPCWALL_A_QUERY_CLASS,
	IPCWALL_A_QUERY_OP,
	IPCWALL_A_QUERY_TARGET,
	IPCWALL_A_QUERY_SIGNAL,
	IPCWALL_A_QUERY_PATH,
	IPCWALL_A_QUERY_KEY,
	IPCWALL_A_QUERY_ADDR,
	IPCWALL_A_QUERY_PORT,
	IPCWALL_A_QUERY_PROTO,
	IPCWALL_A_VERDICT,		/* reply only */
	IPCWALL_A_AUDIT,		/* reply only */
	IPCWALL_A_DECIDER,		/* reply only */
	IPCWALL_A_POLICY_GROUPS,	/* reply only */
	IPCWALL_A_POLICY_RULES,		/* reply only */
	IPCWALL_A_TASKS_LIVE,		/* reply only */
	IPCWALL_A_TASKS_TOTAL,		/* reply only */
	IPCWALL_A_TASKS,		/* reply only */
	IPCWALL_A_TASK,			/* reply only, inside IPCWALL_A_TASKS */
	IPCWALL_A_GROUP_NAME,
	__IPCWALL_A_LAST
};
#define IPCWALL_A_MAX (__IPCWALL_A_LAST - 1)

enum ipcwall_hook_attr {
	IPCWALL_HOOK_A_UNSPEC,
	IPCWALL_HOOK_A_NAME,
	IPCWALL_HOOK_A_ARMED,
	IPCWALL_HOOK_A_HITS,
	IPCWALL_HOOK_A_MISSED,
	IPCWALL_HOOK_A_MISSED_COVERED,
	__IPCWALL_HOOK_A_LAST
};
#define IPCWALL_HOOK_A_MAX (__IPCWALL_HOOK_A_LAST - 1)

/*
 * Why enforcement is not complete. Each flag names a reason that an
 * operation may have escaped mediation; the tool prints every flag set.
 */
enum ipcwall_degraded_flag {
	/* A hook's probe is disabled or its function went away. */
	IPCWALL_DEGRADED_HOOK_DISARMED = (1U << 0),
	/* Kprobes are disabled system wide (debugfs kprobes/enabled is 0). */
	IPCWALL_DEGRADED_KPROBES_DISABLED = (1U << 1),
	/*
	 * At least one hook has missed a call since the module loaded, not
	 * counting hooks whose misses are covered.
	 */
	IPCWALL_DEGRADED_HOOK_MISSED = (1U << 2),
	/* Keep last: the mask below is derived from it. */
	IPCWALL_DEGRADED_LAST = IPCWALL_DEGRADED_HOOK_MISSED,
};
#define IPCWALL_DEGRADED_MASK ((IPCWALL_DEGRADED_LAST << 1) - 1)

enum ipcwall_task_attr {
	IPCWALL_TASK_A_UNSPEC,
	IPCWALL_TASK_A_PID,
	IPCWALL_TASK_A_GROUP,
	IPCWALL_TASK_A_LAUNCHED,
	__IPCWALL_TASK_A_LAST
};
#define IPCWALL_TASK_A_MAX (__IPCWALL_TASK_A_LAST - 1)

enum ipcwall_decider_attr {
	IPCWALL_DECIDER_A_UNSPEC,
	IPCWALL_DECIDER_A_GROUP,
	IPCWALL_DECIDER_A_DIRECTION,
	IPCWALL_DECIDER_A_RULE,
	__IPCWALL_DECIDER_A_LAST
};
#define IPCWALL_DECIDER_A_MAX (__IPCWALL_DECIDER_A_LAST - 1)

/* The largest IPCWALL_A_POLICY_DATA: one attribute, well below 64 KiB. */
#define IPCWALL_POLICY_CHUNK_MAX 32768

/*
 * The compiled policy
 * ===================
 * What the tool compiles YAML into and the module loads. All integers are
 * in the byte order of the machine (a policy is compiled where it is
 * loaded: the magic, read in the wrong order, rejects a foreign one).
 * Nothing in it is trusted: the module checks every rule written below and
 * rejects the whole policy with -EINVAL, or -E2BIG past a limit (limits are
 * the module's, listed in its limits.h), naming what is wrong.
 *
 * Layout. The header, then the sections in enum ipcwall_section order, each
 * starting at the first multiple of 8 after the end of the previous one
 * (the header for the first), padding bytes zero, and the policy ending
 * where the last section ends. So a policy has exactly one layout, and
 * header.size says where it ends. Every reserved field is zero.
 *
 * Strings. IPCWALL_SECTION_STRINGS holds NUL-terminated strings, its first
 * byte a NUL: a string reference is the byte offset of a string's first
 * byte in this section, offset 0 (the empty string) meaning "none". A
 * reference must point at the start of a string, and the section must end
 * with a NUL. Each string is at most the module's IPCWALL_MAX_STRING bytes.
 *
 * Groups. A group's name is 1 to IPCWALL_MAX_GROUP_NAME - 1 bytes of
 * [A-Za-z0-9._-], starting with a letter or digit, unique in the policy,
 * and never "unconfined". Groups come in policy order, the order that
 * decides when several groups' selectors match one process. Each group owns
 * the selectors and rules its ranges give: group 0's ranges start at index
 * 0, each next group's where the previous one's ended, and the last group's
 * end where the section ends. Group indices, used by rules to name a peer,
 * are positions in IPCWALL_SECTION_GROUPS.
 *
 * Selectors. A process matches a selector when it matches each of the
 * selector's non-empty lists, and matches a list when it matches one of its
 * entries. At least one list is non-empty. Exe and cgroup entries are
 * string references to globs (see glob.h; absolute: they start with '/');
 * uid and gid entries are ids in IPCWALL_SECTION_IDS.
 *
 * Rules. See struct ipcwall_policy_rule.
 */
#define IPCWALL_POLICY_MAGIC 0x57435049	/* "IPCW" in little endian */
#define IPCWALL_POLICY_VERSION 1

enum ipcwall_section {
	IPCWALL_SECTION_STRINGS,	/* bytes, entry_size 1 */
	IPCWALL_SECTION_GROUPS,		/* struct ipcwall_policy_group */
	IPCWALL_SECTION_SELECTORS,	/* struct ipcwall_policy_selector */
	IPCWALL_SECTION_REFS,		/* __u32 string references */
	IPCWALL_SECTION_IDS,		/* __u32 uids and gids */
	IPCWALL_SECTION_RULES,		/* struct ipcwall_policy_rule */
	IPCWALL_SECTION_COUNT
};

/**
 * struct ipcwall_policy_section - where one section lies
 * @offset:	from the start of the policy, a multiple of 8
 * @count:	number of entries; may be 0
 * @entry_size:	sizeof the entry type of the section, exactly
 * @reserved:	zero
 */
struct ipcwall_policy_section {
	__u32 offset;
	__u32 count;
	__u32 entry_size;
	__u32 reserved;
};

/**
 * struct ipcwall_policy_header - the first bytes of a compiled policy
 * @magic:	IPCWALL_POLICY_MAGIC
 * @version:	IPCWALL_POLICY_VERSION
 * @size:	bytes in the whole policy, this header included
 * @flags:	zero; none defined
 * @sections:	indexed by enum ipcwall_section
 */
struct ipcwall_policy_header {
	__u32 magic;
	__u32 version;
	__u32 size;
	__u32 flags;
	struct ipcwall_policy_section sections[IPCWALL_SECTION_COUNT];
};

enum ipcwall_mode {
	IPCWALL_MODE_ENFORCE = 1,	/* denials are refused and audited */
	IPCWALL_MODE_COMPLAIN = 2,	/* denials are allowed and audited */
};

/* Rule actions, group defaults and query verdicts. Zero is invalid. */
enum ipcwall_action {
	IPCWALL_ALLOW = 1,
	IPCWALL_DENY = 2,
};

/*
 * Which side of an interaction a group judges: OUTBOUND when its member is
 * the one acting (sending the signal, opening the file), INBOUND when its
 * member is acted on (receiving the signal, being traced).
 */
enum ipcwall_direction {
	IPCWALL_OUTBOUND = 1,
	IPCWALL_INBOUND = 2,
};

/**
 * struct ipcwall_policy_group - one group
 * @name:		string reference; see "Groups" above
 * @description:	string reference, or 0; free text, for people
 * @mode:		enum ipcwall_mode
 * @default_inbound:	enum ipcwall_action, when no inbound rule matches
 * @default_outbound:	enum ipcwall_action, when no outbound rule matches
 * @reserved:		zero
 * @selector_first:	index of its first selector
 * @selector_count:	its selectors; 0 for a group only joined by launch
 * @launch_first:	index in IPCWALL_SECTION_IDS of its first launch uid
 * @launch_count:	uids that may start processes in the group
 * @rule_first:		index of its first rule
 * @rule_count:		its rules, in the order they were written
 * @reserved2:		zero
 */
struct ipcwall_policy_group {
	__u32 name;
	__u32 description;
	__u8 mode;
	__u8 default_inbound;
	__u8 default_outbound;
	__u8 reserved;
	__u32 selector_first;
	__u32 selector_count;
	__u32 launch_first;
	__u32 launch_count;
	__u32 rule_first;
	__u32 rule_count;
	__u32 reserved2;
};

/**
 * struct ipcwall_policy_selector - one way a process joins a group
 * @exe_first:		index in IPCWALL_SECTION_REFS of its first exe glob
 * @exe_count:		exe globs: the path of the executable image
 * @cgroup_first:	index in IPCWALL_SECTION_REFS
 * @cgroup_count:	cgroup v2 path globs, from the cgroup2 root
 * @uid_first:		index in IPCWALL_SECTION_IDS
 * @uid_count:		real uids
 * @gid_first:		index in IPCWALL_SECTION_IDS
 * @gid_count:		real gids
 */
struct ipcwall_policy_selector {
	__u32 exe_first;
	__u32 exe_count;
	__u32 cgroup_first;
	__u32 cgroup_count;
	__u32 uid_first;
	__u32 uid_count;
	__u32 gid_first;
	__u32 gid_count;
};

/* What a rule is about. */
enum ipcwall_class {
	IPCWALL_CLASS_SIGNAL = 1,
	IPCWALL_CLASS_PTRACE,
	IPCWALL_CLASS_SHM,		/* SysV shared memory */
	IPCWALL_CLASS_MSG,		/* SysV message queues */
	IPCWALL_CLASS_SEM,		/* SysV semaphores */
	IPCWALL_CLASS_POSIX_SHM,
	IPCWALL_CLASS_POSIX_MQ,
	IPCWALL_CLASS_UNIX,
	IPCWALL_CLASS_INET,		/* IPv4 and IPv6 */
	IPCWALL_CLASS_FILE,
	/* Keep last. */
	IPCWALL_CLASS_LAST = IPCWALL_CLASS_FILE,
};

/*
 * The operations of each class, as bits of a rule's @ops. A rule's @ops is
 * a non-empty subset of its class's mask; a query names exactly one.
 */
#define IPCWALL_OP_SIGNAL_SEND		(1U << 0)
#define IPCWALL_OPS_SIGNAL		IPCWALL_OP_SIGNAL_SEND

#define IPCWALL_OP_PTRACE_READ		(1U << 0)	/* /proc inspection */
#define IPCWALL_OP_PTRACE_ATTACH	(1U << 1)	/* ptrace(2), traceme */
#define IPCWALL_OPS_PTRACE		((1U << 2) - 1)

/* SysV shm and sem: read, write (attach rw / alter), create, control. */
#define IPCWALL_OP_SYSV_READ		(1U << 0)
#define IPCWALL_OP_SYSV_WRITE		(1U << 1)
#define IPCWALL_OP_SYSV_CREATE		(1U << 2)
#define IPCWALL_OP_SYSV_CONTROL		(1U << 3)	/* *ctl: set, remove */
#define IPCWALL_OPS_SHM			((1U << 4) - 1)
#define IPCWALL_OPS_SEM			((1U << 4) - 1)
/* SysV msg: send and receive are its read and write. */
#define IPCWALL_OP_MSG_SEND		(1U << 0)
#define IPCWALL_OP_MSG_RECEIVE		(1U << 1)
#define IPCWALL_OPS_MSG			((1U << 4) - 1)

#define IPCWALL_OP_POSIX_SHM_READ	(1U << 0)
#define IPCWALL_OP_POSIX_SHM_WRITE	(1U << 1)
#define IPCWALL_OP_POSIX_SHM_CREATE	(1U << 2)
#define IPCWALL_OP_POSIX_SHM_UNLINK	(1U << 3)
#define IPCWALL_OPS_POSIX_SHM		((1U << 4) - 1)

#define IPCWALL_OP_POSIX_MQ_SEND	(1U << 0)
#define IPCWALL_OP_POSIX_MQ_RECEIVE	(1U << 1)
#define IPCWALL_OP_POSIX_MQ_CREATE	(1U << 2)
#define IPCWALL_OP_POSIX_MQ_UNLINK	(1U << 3)
#define IPCWALL_OPS_POSIX_MQ		((1U << 4) - 1)

#define IPCWALL_OP_UNIX_CONNECT		(1U << 0)	/* stream, seqpacket */
#define IPCWALL_OP_UNIX_SEND		(1U << 1)	/* datagram */
#define IPCWALL_OP_UNIX_PASS_FD		(1U << 2)	/* SCM_RIGHTS */
#define IPCWALL_OPS_UNIX		((1U << 3) - 1)

#define IPCWALL_OP_INET_CONNECT		(1U << 0)	/* and udp sendto */
#define IPCWALL_OP_INET_BIND		(1U << 1)
#define IPCWALL_OPS_INET		((1U << 2) - 1)

#define IPCWALL_OP_FILE_READ		(1U << 0)
#define IPCWALL_OP_FILE_WRITE		(1U << 1)
#define IPCWALL_OP_FILE_EXEC		(1U << 2)
#define IPCWALL_OP_FILE_CREATE		(1U << 3)
#define IPCWALL_OPS_FILE		((1U << 4) - 1)

/*
 * What a rule matches, and which classes allow it:
 *   PEER: a group, IPCWALL_PEER_ANY or IPCWALL_PEER_UNCONFINED in @peer;
 *         signal, ptrace, shm, msg, sem (the group of the object's
 *         creator; never with the CREATE op) and unix (the group of the
 *         process that bound the socket). The only object an INBOUND rule
 *         may have.
 *   PATH: a glob in @string; file (an absolute path), unix (an absolute
 *         path, or '@' and an abstract name), posix_shm and posix_mq (a
 *         name: '/' and then no other '/').
 *   KEY:  a SysV IPC key in @key; shm, msg, sem.
 *   INET: @inet; inet.
 */
enum ipcwall_object {
	IPCWALL_OBJECT_PEER = 1,
	IPCWALL_OBJECT_PATH,
	IPCWALL_OBJECT_KEY,
	IPCWALL_OBJECT_INET,
};

#define IPCWALL_PEER_ANY	0xffffffffU	/* "*": anyone, grouped or not */
#define IPCWALL_PEER_UNCONFINED	0xfffffffeU	/* processes in no group */

#define IPCWALL_SIGNAL_MAX 64		/* signals are 0 (the check) to 64 */

/* Rule flags. */
#define IPCWALL_RULE_AUDIT	(1U << 0)	/* audit when this rule decides */
#define IPCWALL_RULE_FLAGS	IPCWALL_RULE_AUDIT

#define IPCWALL_PROTO_TCP	(1U << 0)
#define IPCWALL_PROTO_UDP	(1U << 1)
#define IPCWALL_PROTOS		((1U << 2) - 1)

#define IPCWALL_INET_ANY	0	/* any address, IPv4 or IPv6 */
#define IPCWALL_INET4		4
#define IPCWALL_INET6		6

/**
 * struct ipcwall_policy_rule - one rule of a group
 * @class:	enum ipcwall_class
 * @action:	enum ipcwall_action
 * @direction:	enum ipcwall_direction; INBOUND only with a PEER object
 * @object:	enum ipcwall_object, one the class allows
 * @flags:	IPCWALL_RULE_*
 * @ops:	a non-empty subset of the class's IPCWALL_OPS_*
 * @peer:	PEER: a group index or IPCWALL_PEER_*; otherwise zero
 * @string:	PATH: a string reference, a glob; otherwise zero
 * @key:	KEY: the key; otherwise zero
 * @signals:	signal class: the signals, bit n (of the 128-bit set, word
 *		n / 64) for signal n; non-empty, no bit above
 *		IPCWALL_SIGNAL_MAX. Zero for every other class
 * @inet:	INET: what the rule matches; all zero otherwise
 * @inet.family:	IPCWALL_INET_ANY (then @prefix_len and @addr are
 *			zero), IPCWALL_INET4 or IPCWALL_INET6
 * @inet.prefix_len:	0-32 for IPv4, 0-128 for IPv6
 * @inet.protocols:	a non-empty set of IPCWALL_PROTO_*
 * @inet.reserved:	zero
 * @inet.port_min:	first port of the range, host order
 * @inet.port_max:	last port, at least @port_min
 * @inet.addr:		network order, IPv4 in the first 4 bytes; every bit
 *			past @prefix_len zero
 */
struct ipcwall_policy_rule {
	__u8 class;
	__u8 action;
	__u8 direction;
	__u8 object;
	__u32 flags;
	__u32 ops;
	__u32 peer;
	__u32 string;
	__u32 key;
	__u64 signals[2];
	struct {
		__u8 family;
		__u8 prefix_len;
		__u8 protocols;
		__u8 reserved;
		__u16 port_min;
		__u16 port_max;
		__u8 addr[16];
	} inet;
};

#endif /* _UAPI_IPCWALL_H */
