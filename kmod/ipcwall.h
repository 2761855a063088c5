/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces between the parts of the ipcwall module.
 *
 * The decision core (signal.c, ptrace.c, ...) exposes one function per
 * security hook, with the hook's own signature and return convention: 0 lets
 * the operation proceed, a negative errno refuses it. The core does not know
 * how it is attached; kprobes.c is today's front end and a built-in LSM
 * (DEFINE_LSM) could call the same functions.
 */
#ifndef _IPCWALL_H
#define _IPCWALL_H

#include <linux/compiler.h>
#include <linux/types.h>

struct task_struct;
struct kernel_siginfo;
struct cred;
struct linux_binprm;
struct file;
struct fown_struct;

/*
 * Task lifecycle (tasks.c): every task's record and group. A task's
 * record goes when it is reaped (the sched_process_free tracepoint) or
 * freed (security_task_free(), also on fork's error path): both call
 * ipcwall_task_free(), which does nothing the second time.
 */
int ipcwall_task_alloc(struct task_struct *task, unsigned long clone_flags);
void ipcwall_task_free(struct task_struct *task);
int ipcwall_bprm_creds_for_exec(struct linux_binprm *bprm);
void ipcwall_bprm_committed_creds(const struct linux_binprm *bprm);

/* Decision core: signals and ptrace. */
int ipcwall_task_kill(struct task_struct *target, struct kernel_siginfo *info,
		      int sig, const struct cred *cred);
void ipcwall_file_set_fowner(struct file *file);
int ipcwall_file_send_sigiotask(struct task_struct *task,
				struct fown_struct *fown, int sig);
void ipcwall_file_free(struct file *file);
int ipcwall_ptrace_access_check(struct task_struct *child, unsigned int mode);
int ipcwall_ptrace_traceme(struct task_struct *parent);
int ipcwall_ptrace_exec(const struct linux_binprm *bprm);

/* Hook front end: attachment and the health of every hook. */
/*
 * @missed_covered: a missed call cannot leave an operation unmediated
 * (another attachment does the same work), so it does not degrade
 * enforcement.
 */
struct ipcwall_hook_state {
	const char *name;
	bool armed;
	bool missed_covered;
	u64 hits;
	u64 missed;
};

int ipcwall_hooks_attach(void);
void ipcwall_hooks_detach(void);
unsigned int ipcwall_hooks_count(void);
void ipcwall_hooks_state(unsigned int index, struct ipcwall_hook_state *state);
bool ipcwall_hooks_firing(void);

/* Control plane. */
int ipcwall_netlink_init(void);
void ipcwall_netlink_exit(void);

struct netlink_ext_ack;

/*
 * A formatted extended ack message, at most IPCWALL_MSG_MAX bytes with its
 * NUL (longer ones are cut): the size 6.2 and later give NL_SET_ERR_MSG_FMT,
 * so that a message reads the same on every kernel.
 */
#define IPCWALL_MSG_MAX 80
__printf(2, 3)
void ipcwall_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...);

#endif /* _IPCWALL_H */
