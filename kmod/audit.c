// SPDX-License-Identifier: GPL-2.0
/*
 * The audit record of a decided interaction, in the kernel audit
 * subsystem: auditd, ausearch and journald read it, and with no audit
 * daemon the kernel prints it to its log. Key=value fields, in the
 * manner of AppArmor's records:
 *
 *   ipcwall=denied class=signal op=send signal=15 pid=812 tgid=812
 *   comm="sh" uid=33 group=webapp target_pid=790 target_comm="vault"
 *   target_group=vault decided_by=vault direction=inbound rule=2
 *   generation=3
 *
 * Records are written from the hook itself, as the kernel's own security
 * modules write theirs: audit_log_start() with GFP_ATOMIC neither sleeps
 * nor waits for a full backlog, it drops and counts.
 */
#include <linux/audit.h>
#include <linux/bitops.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "audit.h"
#include "names.h"
#include "policy.h"

static const char *const class_names[IPCWALL_CLASS_LAST + 1] =
	IPCWALL_CLASS_NAMES;
static const char *const op_names[IPCWALL_CLASS_LAST + 1][IPCWALL_OPS_MAX] =
	IPCWALL_OP_NAMES;

/* A SIGIO is sent for its owner: no process sends it at that moment. */
static const char *op_name(const struct ipcwall_request *req,
			   const struct ipcwall_parties *parties)
{
	if (req->class == IPCWALL_CLASS_SIGNAL && !parties->subject)
		return "sigio";
	return op_names[req->class][__ffs(req->op)];
}

static const char *group_name(const struct ipcwall_policy *policy, u32 group)
{
	if (group == IPCWALL_GROUP_NONE)
		return "unconfined";
	return ipcwall_policy_group_name(policy, group);
}

/*
 * A name a process chose, such as its comm: quoted, or in hex when a
 * quote, a blank or a control character would let it forge fields, as
 * audit_log_untrustedstring() does (which modules cannot call).
 */
static void log_untrusted(struct audit_buffer *ab, const char *key,
			  const char *s)
{
	const unsigned char *p;

	for (p = s; *p; p++) {
		if (*p == '"' || *p < 0x21 || *p > 0x7e)
			break;
	}
	if (!*p) {
		audit_log_format(ab, " %s=\"%s\"", key, s);
		return;
	}
	audit_log_format(ab, " %s=", key);
	for (p = s; *p; p++)
		audit_log_format(ab, "%02X", *p);
}

/*
 * Copied without the task lock, which the kernel may hold around the
 * check (ptrace_attach() does): a name being renamed may come out torn.
 */
static void log_comm(struct audit_buffer *ab, const char *key,
		     struct task_struct *task)
{
	char comm[TASK_COMM_LEN];

	memcpy(comm, task->comm, sizeof(comm));
	comm[sizeof(comm) - 1] = '\0';
	log_untrusted(ab, key, comm);
}

void ipcwall_audit(const struct ipcwall_policy *policy,
		   const struct ipcwall_request *req,
		   const struct ipcwall_verdict *verdict,
		   const struct ipcwall_parties *parties)
{
	struct task_struct *subject = parties->subject;
	struct audit_buffer *ab;

	/* A SIGIO may be sent from softirq context, for no task's sake. */
	ab = audit_log_start(in_task() ? audit_context() : NULL,
			     GFP_ATOMIC | __GFP_NOWARN, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "ipcwall=%s class=%s op=%s",
			 !verdict->allow ? "denied" :
			 verdict->complained ? "complained" : "allowed",
			 class_names[req->class], op_name(req, parties));
	if (req->class == IPCWALL_CLASS_SIGNAL)
		audit_log_format(ab, " signal=%u", req->signal);
	if (subject) {
		audit_log_format(ab, " pid=%d tgid=%d", task_pid_nr(subject),
				 task_tgid_nr(subject));
		log_comm(ab, "comm", subject);
		audit_log_format(ab, " uid=%u",
				 from_kuid(&init_user_ns, task_uid(subject)));
	}
	audit_log_format(ab, " group=%s", group_name(policy, req->subject));
	if (parties->target) {
		audit_log_format(ab, " target_pid=%d",
				 task_pid_nr(parties->target));
		log_comm(ab, "target_comm", parties->target);
		audit_log_format(ab, " target_group=%s",
				 group_name(policy, req->target));
	}
	audit_log_format(ab, " decided_by=%s direction=%s",
			 group_name(policy, verdict->group),
			 verdict->direction == IPCWALL_OUTBOUND ? "outbound" :
								  "inbound");
	if (verdict->rule == U32_MAX)
		audit_log_format(ab, " rule=default");
	else
		audit_log_format(ab, " rule=%u", verdict->rule + 1);
	audit_log_format(ab, " generation=%llu", ipcwall_policy_gen(policy));
	audit_log_end(ab);
}
