/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records of decided interactions, for the administrator: one per denial,
 * per denial a complain-mode group let through, and per allow of a rule
 * marked audit. docs/mediation.md shows them.
 */
#ifndef _IPCWALL_AUDIT_H
#define _IPCWALL_AUDIT_H

#include <linux/types.h>

struct ipcwall_policy;
struct ipcwall_request;
struct ipcwall_verdict;
struct task_struct;

/**
 * struct ipcwall_parties - the processes of one interaction
 * @subject:	the acting task, or NULL when no process acts at that
 *		moment: the group of @owner's owner acts (a SIGIO sent on
 *		behalf of the process that aimed it)
 * @owner:	the object whose owner acts, when @subject is NULL
 * @target:	the task acted on
 * @target_execs: @target is current, in an exec that can still fail: it
 *		is judged in the group the exec gives it
 * @quiet:	judged, but never audited (the kernel asks with
 *		PTRACE_MODE_NOAUDIT: probing, not acting)
 */
struct ipcwall_parties {
	struct task_struct *subject;
	const void *owner;
	struct task_struct *target;
	bool target_execs;
	bool quiet;
};

/*
 * Writes the record of @verdict on @req, under @policy, to the kernel
 * audit subsystem (type AUDIT_KERNEL_OTHER). Never sleeps; under
 * rcu_read_lock().
 */
void ipcwall_audit(const struct ipcwall_policy *policy,
		   const struct ipcwall_request *req,
		   const struct ipcwall_verdict *verdict,
		   const struct ipcwall_parties *parties);

/*
 * Decides the interaction of @parties described by @req (its class, op
 * and signal; the groups are filled in here) under the policy in force,
 * and records it when the verdict says so. 0 to let it happen, -EPERM
 * to refuse it. Never sleeps.
 */
int ipcwall_enforce(struct ipcwall_request *req,
		    const struct ipcwall_parties *parties);

#endif /* _IPCWALL_AUDIT_H */
