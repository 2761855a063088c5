/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every hard limit on a policy, in one place. The module returns -E2BIG,
 * with a message naming the limit, when a policy exceeds one; the tool
 * includes this header too (as "../kmod/limits.h"), so that it reports
 * the same limit, at the file, line and column that exceeds it, before
 * anything is sent.
 *
 * They are generous for any hand-written policy and bound what a broken or
 * hostile one can cost: memory is the compiled size (kept for reading back)
 * plus the lookup tables built from it, both counted against
 * IPCWALL_MAX_POLICY_MEMORY.
 */
#ifndef _IPCWALL_LIMITS_H
#define _IPCWALL_LIMITS_H

#include "glob.h"

/* The compiled policy, header included, in bytes. */
#define IPCWALL_MAX_POLICY_SIZE		(32U << 20)
/* Kernel memory for one policy: its compiled bytes and its lookup tables. */
#define IPCWALL_MAX_POLICY_MEMORY	(128U << 20)

#define IPCWALL_MAX_GROUPS		4096
#define IPCWALL_MAX_SELECTORS		65536
#define IPCWALL_MAX_RULES		262144
#define IPCWALL_MAX_REFS		65536	/* exe and cgroup globs */
#define IPCWALL_MAX_IDS			65536	/* uids and gids */
/* The string section, in bytes. */
#define IPCWALL_MAX_STRINGS_SIZE	(8U << 20)

/* One string, with its NUL: a path is at most PATH_MAX. */
#define IPCWALL_MAX_STRING		4096
/* A group name, with its NUL. */
#define IPCWALL_MAX_GROUP_NAME		64
/* A description, with its NUL. */
#define IPCWALL_MAX_DESCRIPTION		1024
/* Any glob: exe, cgroup, path, socket or IPC name, without a NUL. */
#define IPCWALL_MAX_PATTERN		IPCWALL_GLOB_MAX_LEN

#endif /* _IPCWALL_LIMITS_H */
