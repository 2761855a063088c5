// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions about one process reading or controlling another: ptrace and
 * everything gated by ptrace_may_access().
 *
 * The kernel asks security_ptrace_access_check() before PTRACE_ATTACH and
 * PTRACE_SEIZE, process_vm_readv() and process_vm_writev(), pidfd_getfd(),
 * kcmp(), and before /proc shows one process's memory, environment, maps,
 * file descriptors and the like to another. Its mode says how far the
 * access goes: PTRACE_MODE_ATTACH (ptrace itself, /proc/PID/mem,
 * process_vm_*, pidfd_getfd) is judged as op attach, PTRACE_MODE_READ as
 * op read. It never asks about a process acting on its own threads.
 */
#include <linux/ptrace.h>
#include <linux/sched.h>

#include "audit.h"
#include "ipcwall.h"
#include "policy.h"

static int judge_ptrace(struct task_struct *tracer, struct task_struct *tracee,
			u32 op, bool quiet)
{
	struct ipcwall_request req = {
		.class = IPCWALL_CLASS_PTRACE,
		.op = op,
	};
	struct ipcwall_parties parties = {
		.subject = tracer,
		.target = tracee,
		.quiet = quiet,
	};

	return ipcwall_enforce(&req, &parties);
}

/*
 * PTRACE_MODE_NOAUDIT marks a probe whose failure only hides something
 * (fields of /proc/PID/stat, say): judged the same, never recorded.
 */
int ipcwall_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	u32 op = mode & PTRACE_MODE_ATTACH ? IPCWALL_OP_PTRACE_ATTACH :
					     IPCWALL_OP_PTRACE_READ;

	return judge_ptrace(current, child, op, mode & PTRACE_MODE_NOAUDIT);
}

/* PTRACE_TRACEME: the parent becomes the tracer, so the parent acts. */
int ipcwall_ptrace_traceme(struct task_struct *parent)
{
	return judge_ptrace(parent, current, IPCWALL_OP_PTRACE_ATTACH, false);
}
