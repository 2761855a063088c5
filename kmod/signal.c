// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions about signals sent from one process to another.
 */
#include "ipcwall.h"

/*
 * Called for every signal a process aims at another one, whatever the
 * syscall: kill, tkill, tgkill, rt_(tg)sigqueueinfo, pidfd_send_signal and
 * SIGIO/SIGURG owners all reach security_task_kill.
 *
 * Until a policy is loaded every process is unconfined, so every signal is
 * allowed, exactly as without the module.
 */
int ipcwall_task_kill(struct task_struct *target, struct kernel_siginfo *info,
		      int sig, const struct cred *cred)
{
	return 0;
}
