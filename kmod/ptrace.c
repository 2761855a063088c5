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
 * A traced process that execs is judged again, as if attached anew.
 */
#include <linux/binfmts.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "audit.h"
#include "ipcwall.h"
#include "policy.h"

static int judge_ptrace(struct ipcwall_parties *parties, u32 op)
{
	struct ipcwall_request req = {
		.class = IPCWALL_CLASS_PTRACE,
		.op = op,
	};

	return ipcwall_enforce(&req, parties);
}

/*
 * PTRACE_MODE_NOAUDIT marks a probe whose failure only hides something
 * (fields of /proc/PID/stat, say): judged the same, never recorded.
 */
int ipcwall_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	struct ipcwall_parties parties = {
		.subject = current,
		.target = child,
		.quiet = mode & PTRACE_MODE_NOAUDIT,
	};

	return judge_ptrace(&parties, mode & PTRACE_MODE_ATTACH ?
				      IPCWALL_OP_PTRACE_ATTACH :
				      IPCWALL_OP_PTRACE_READ);
}

/* PTRACE_TRACEME: the parent becomes the tracer, so the parent acts. */
int ipcwall_ptrace_traceme(struct task_struct *parent)
{
	struct ipcwall_parties parties = {
		.subject = parent,
		.target = current,
	};

	return judge_ptrace(&parties, IPCWALL_OP_PTRACE_ATTACH);
}

/*
 * A traced process execs. Its tracer keeps all the access it has, with no
 * further check, so it must be allowed to attach to the group the exec
 * puts the process in, as if it attached now: else tracing a process
 * and letting it exec a protected program would bypass the protection.
 * Refused, the exec fails with EPERM before anything changed, as with the
 * kernel's own security modules.
 */
int ipcwall_ptrace_exec(const struct linux_binprm *bprm)
{
	struct ipcwall_parties parties = {
		.target = current,
		.target_execs = true,
	};
	int err = 0;

	if (!(bprm->unsafe & LSM_UNSAFE_PTRACE))
		return 0;
	rcu_read_lock();
	parties.subject = ptrace_parent(current);
	if (parties.subject)
		err = judge_ptrace(&parties, IPCWALL_OP_PTRACE_ATTACH);
	rcu_read_unlock();
	return err;
}
