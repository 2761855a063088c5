// SPDX-License-Identifier: GPL-2.0
/*
 * From a hook's question to its answer: the groups of both sides, the
 * decision under the policy in force, the record, the errno.
 */
#include <linux/errno.h>
#include <linux/rcupdate.h>

#include "audit.h"
#include "policy.h"
#include "tasks.h"

int ipcwall_enforce(struct ipcwall_request *req,
		    const struct ipcwall_parties *parties)
{
	const struct ipcwall_policy *policy;
	struct ipcwall_verdict verdict;

	rcu_read_lock();
	policy = ipcwall_policy_current();
	if (!policy) {
		/* Everyone is unconfined: nothing to decide. */
		rcu_read_unlock();
		return 0;
	}
	if (parties->subject)
		req->subject = ipcwall_task_group(policy, parties->subject,
						  NULL);
	else
		req->subject = ipcwall_owner_group(policy, parties->owner);
	if (parties->target_execs)
		req->target = ipcwall_task_exec_group(policy, parties->target);
	else
		req->target = ipcwall_task_group(policy, parties->target, NULL);
	req->object = IPCWALL_OBJECT_PEER;

	ipcwall_decide(policy, req, &verdict);
	if (verdict.audit && !parties->quiet)
		ipcwall_audit(policy, req, &verdict, parties);
	rcu_read_unlock();
	return verdict.allow ? 0 : -EPERM;
}
