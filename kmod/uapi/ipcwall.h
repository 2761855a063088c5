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
 * Every command requires CAP_MAC_ADMIN in the initial user namespace, checked
 * against the credentials of the socket that sent the request. Without it
 * the module answers -EPERM with an extended ack message.
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
 * out of range) and an extended ack message that points at the attribute.
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
 *                                one is an operation that was not mediated
 */
#ifndef _UAPI_IPCWALL_H
#define _UAPI_IPCWALL_H

#define IPCWALL_GENL_NAME "ipcwall"
#define IPCWALL_GENL_VERSION 1
#define IPCWALL_ABI_VERSION 1

/* Upper bounds of what a status reply can hold, for readers to size by. */
#define IPCWALL_MAX_HOOKS 64
#define IPCWALL_MAX_HOOK_NAME 64	/* bytes, with the NUL */

enum ipcwall_cmd {
	IPCWALL_CMD_UNSPEC,
	IPCWALL_CMD_GET_STATUS,
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
	__IPCWALL_A_LAST
};
#define IPCWALL_A_MAX (__IPCWALL_A_LAST - 1)

enum ipcwall_hook_attr {
	IPCWALL_HOOK_A_UNSPEC,
	IPCWALL_HOOK_A_NAME,
	IPCWALL_HOOK_A_ARMED,
	IPCWALL_HOOK_A_HITS,
	IPCWALL_HOOK_A_MISSED,
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
	/* At least one hook has missed a call since the module loaded. */
	IPCWALL_DEGRADED_HOOK_MISSED = (1U << 2),
	/* Keep last: the mask below is derived from it. */
	IPCWALL_DEGRADED_LAST = IPCWALL_DEGRADED_HOOK_MISSED,
};
#define IPCWALL_DEGRADED_MASK ((IPCWALL_DEGRADED_LAST << 1) - 1)

#endif /* _UAPI_IPCWALL_H */
