// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions about one process reading or controlling another: ptrace and
 * everything gated by ptrace_may_access().
 */
#include "ipcwall.h"

/*
 * Until a policy is loaded every process is unconfined, so every access is
 * left to the kernel's own checks, exactly as without the module.
 */
int ipcwall_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	return 0;
}

int ipcwall_ptrace_traceme(struct task_struct *parent)
{
	return 0;
}
