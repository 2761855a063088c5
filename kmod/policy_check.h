/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks of a compiled policy, shared by the module and the tool.
 *
 * The module refuses a policy that breaks any rule of "The compiled policy"
 * in uapi/ipcwall.h; the tool checks a compiled file, or the module's copy,
 * before it sends or prints one. Both run this one checker, so a policy the
 * tool accepts is one the module accepts (limits on memory aside), and both
 * give the same reason, word for word, for one they refuse.
 *
 * Like glob.c, policy_check.c is freestanding C: it includes only this
 * header and the project's own, allocates nothing and does not recurse. The
 * only check it leaves out is that group names are unique, which needs a
 * table or a sort: each side does that with its own memory and reports a
 * clash with ipcwall_policy_name_clash(), for the same words.
 *
 * The per-class tables (a class's ops, the objects it names, whether it is
 * SysV IPC) live here too, for the module's queries and the tool's compiler
 * and printer.
 */
#ifndef _IPCWALL_POLICY_CHECK_H
#define _IPCWALL_POLICY_CHECK_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#include "uapi/ipcwall.h"

/*
 * Room for any message of the checker with its NUL. The module cuts them at
 * IPCWALL_MSG_MAX (80), which none reaches: the longest, with every number
 * at its widest, is about 70 bytes.
 */
#define IPCWALL_CHECK_MSG_MAX 128

/**
 * struct ipcwall_check_error - why a policy was refused
 * @msg:	one line, NUL-terminated, without a newline: the section, the
 *		entry and the field at fault, then what is wrong with it
 *		("rules[3].ops: 0x0 is not a set of its class's")
 */
struct ipcwall_check_error {
	char msg[IPCWALL_CHECK_MSG_MAX];
};

/*
 * Refuses a policy larger than IPCWALL_MAX_POLICY_SIZE without reading it:
 * for callers that must decide before they copy it. Returns 0 or -E2BIG.
 */
int ipcwall_policy_check_size(size_t size, struct ipcwall_check_error *err);

/*
 * Checks every rule of the format but the uniqueness of group names.
 * @blob must be 8-byte aligned, as the section structs need. Returns 0, or
 * -EINVAL (malformed) or -E2BIG (past a limit of limits.h) with @err set;
 * the first violation in file order is the one reported.
 */
int ipcwall_policy_check(const void *blob, size_t size,
			 struct ipcwall_check_error *err);

/*
 * Section @section of a checked policy, and its entry count in *@count
 * (bytes for the strings).
 */
const void *ipcwall_policy_section(const void *blob, unsigned int section,
				   __u32 *count);

/*
 * Reports that group @group of the checked policy @blob has the name of
 * the earlier group @first. Returns -EINVAL.
 */
int ipcwall_policy_name_clash(const void *blob, __u32 group, __u32 first,
			      struct ipcwall_check_error *err);

/* The entry_size section @section must have. */
__u32 ipcwall_section_entry_size(unsigned int section);

/* Every op bit of @class (IPCWALL_OPS_*); 0 when it is not a class. */
__u32 ipcwall_class_ops(unsigned int class);
/* Whether @class is SysV IPC: shm, msg or sem. */
bool ipcwall_class_is_sysv(unsigned int class);
/* Whether rules of @class may name an @object (enum ipcwall_object). */
bool ipcwall_class_has_object(unsigned int class, unsigned int object);

#endif /* _IPCWALL_POLICY_CHECK_H */
