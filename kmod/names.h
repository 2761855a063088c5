/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy language's words for the object classes and their
 * operations, shared by the module (audit records) and the tool (policy
 * printing), so that a record says what a rule says.
 *
 * Initializers rather than arrays, so that each user declares the table it
 * needs: IPCWALL_CLASS_NAMES is indexed by enum ipcwall_class, and
 * IPCWALL_OP_NAMES by class, then by bit number of IPCWALL_OP_*.
 */
#ifndef _IPCWALL_NAMES_H
#define _IPCWALL_NAMES_H

#include "uapi/ipcwall.h"

#define IPCWALL_OPS_MAX 4	/* operations of the class that has most */

#define IPCWALL_CLASS_NAMES {						\
	[IPCWALL_CLASS_SIGNAL] = "signal",				\
	[IPCWALL_CLASS_PTRACE] = "ptrace",				\
	[IPCWALL_CLASS_SHM] = "shm",					\
	[IPCWALL_CLASS_MSG] = "msg",					\
	[IPCWALL_CLASS_SEM] = "sem",					\
	[IPCWALL_CLASS_POSIX_SHM] = "posix_shm",			\
	[IPCWALL_CLASS_POSIX_MQ] = "posix_mq",				\
	[IPCWALL_CLASS_UNIX] = "unix",					\
	[IPCWALL_CLASS_INET] = "inet",					\
	[IPCWALL_CLASS_FILE] = "file",					\
}

#define IPCWALL_OP_NAMES {						\
	[IPCWALL_CLASS_SIGNAL] = { "send" },				\
	[IPCWALL_CLASS_PTRACE] = { "read", "attach" },			\
	[IPCWALL_CLASS_SHM] = { "read", "write", "create", "control" },	\
	[IPCWALL_CLASS_MSG] = { "send", "receive", "create", "control" }, \
	[IPCWALL_CLASS_SEM] = { "read", "write", "create", "control" },	\
	[IPCWALL_CLASS_POSIX_SHM] = { "read", "write", "create", "unlink" }, \
	[IPCWALL_CLASS_POSIX_MQ] = { "send", "receive", "create", "unlink" }, \
	[IPCWALL_CLASS_UNIX] = { "connect", "send", "pass_fd" },	\
	[IPCWALL_CLASS_INET] = { "connect", "bind" },			\
	[IPCWALL_CLASS_FILE] = { "read", "write", "exec", "create" },	\
}

#endif /* _IPCWALL_NAMES_H */
