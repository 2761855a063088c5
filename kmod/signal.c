// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions about signals sent from one process to another.
 *
 * Every signal a process aims at another reaches security_task_kill():
 * kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo and
 * pidfd_send_signal, and every member of kill(-pgid) and kill(-1), each
 * judged on its own. The kernel asks only for signals sent on a process's
 * request (si_fromuser()), never for those it sends on its own behalf:
 * SIGCHLD, SIGPIPE, SIGSEGV, a process's own alarms and timers, mq_notify
 * (which only ever signals the process that registered) or a tty's
 * SIGINT. So none of these is ever refused.
 *
 * SIGIO and SIGURG are the exception: a process aims them at another with
 * F_SETOWN, and the kernel sends them later, from whatever context the
 * I/O completes in, through security_file_send_sigiotask(). The sender is
 * the process that aimed them, judged with the group it was in then: the
 * file's owner, claimed at security_file_set_fowner().
 */
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/version.h>

#include "audit.h"
#include "ipcwall.h"
#include "policy.h"
#include "tasks.h"

static int judge_signal(const struct ipcwall_parties *parties, int sig)
{
	struct ipcwall_request req = {
		.class = IPCWALL_CLASS_SIGNAL,
		.op = IPCWALL_OP_SIGNAL_SEND,
		.signal = sig,
	};

	/* valid_signal() was checked by the kernel before asking. */
	if (WARN_ON_ONCE(sig < 0 || sig > IPCWALL_SIGNAL_MAX))
		return -EPERM;
	return ipcwall_enforce(&req, parties);
}

/*
 * Not judged, beyond what the kernel itself leaves out:
 * - a process signalling itself or one of its threads: no other process
 *   takes part;
 * - a signal from a process that is exiting: it is the kernel sending the
 *   PR_SET_PDEATHSIG its child asked for;
 * - @cred set: the kernel completes a USB request on behalf of the process
 *   that submitted it, and signals that very process.
 */
int ipcwall_task_kill(struct task_struct *target, struct kernel_siginfo *info,
		      int sig, const struct cred *cred)
{
	struct ipcwall_parties parties = {
		.subject = current,
		.target = target,
	};

	if (cred || same_thread_group(current, target) ||
	    (current->flags & PF_EXITING))
		return 0;
	return judge_signal(&parties, sig);
}

static struct file *fown_file(struct fown_struct *fown)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return fown->file;
#else
	return container_of(fown, struct file, f_owner);
#endif
}

/* F_SETOWN and its kin: the caller aims the file's SIGIO from now on. */
void ipcwall_file_set_fowner(struct file *file)
{
	ipcwall_owner_claim(file);
}

/*
 * @sig is the F_SETSIG signal, 0 meaning SIGIO, or SIGURG. Refused, the
 * signal is simply not sent, as when the owner's uid may not signal @task.
 */
int ipcwall_file_send_sigiotask(struct task_struct *task,
				struct fown_struct *fown, int sig)
{
	struct ipcwall_parties parties = {
		.owner = fown_file(fown),
		.target = task,
	};

	return judge_signal(&parties, sig ?: SIGIO);
}

void ipcwall_file_free(struct file *file)
{
	ipcwall_owner_forget(file);
}
