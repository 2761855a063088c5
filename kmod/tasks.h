/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every task's group, from the moment the kernel allocates the task until
 * it frees it (docs/groups.md says what a member is; this is how the
 * module keeps track), and the group owning an object a task claimed.
 *
 * The kernels we support give a module no room in struct task_struct, so
 * each task has a record in an RCU hash table keyed by its address. A
 * record holds the task's membership in two slots, each tagged with the
 * generation of the policy it belongs to: the policy in force reads one
 * while a policy being loaded fills the other, so that publishing the new
 * policy switches every membership at once.
 *
 * Lifecycle hooks (ipcwall_task_alloc() and the others in ipcwall.h) keep
 * the records; policy.c calls the reclassification around each load;
 * netlink.c reads memberships and lets a process join a group.
 */
#ifndef _IPCWALL_TASKS_H
#define _IPCWALL_TASKS_H

#include <linux/types.h>

struct ipcwall_policy;
struct task_struct;
struct netlink_ext_ack;

int ipcwall_tasks_init(void);
/* After every hook is detached: frees every record. May sleep. */
void ipcwall_tasks_exit(void);

/*
 * Gives a record to every task that has none: the tasks that existed
 * before the module loaded, classified by @policy (NULL: none). Called
 * once the lifecycle hooks are armed, so that no task born later is
 * missed. -ENOMEM when a record cannot be allocated. May sleep.
 */
int ipcwall_tasks_adopt(const struct ipcwall_policy *policy);

/*
 * Loading a policy, under the policy lock: ipcwall_tasks_reclassify()
 * returns once every task has a membership in @next (the one about to be
 * published), computed from its membership in @prev (the one in force, or
 * NULL); the caller then publishes @next and calls
 * ipcwall_tasks_reclassified(). Between the two, forks and execs keep
 * both memberships up to date. -ENOMEM (nothing changed) when tasks that
 * had no record yet cannot be given one. May sleep.
 */
int ipcwall_tasks_reclassify(const struct ipcwall_policy *prev,
			     const struct ipcwall_policy *next);
void ipcwall_tasks_reclassified(void);

/*
 * @task's group in @policy, or IPCWALL_GROUP_NONE, under rcu_read_lock();
 * *@launched (may be NULL) tells whether it was put there by a join.
 * Never sleeps: callable from a hook.
 */
u32 ipcwall_task_group(const struct ipcwall_policy *policy,
		       struct task_struct *task, bool *launched);

/*
 * The group @task will be in once its exec in progress (recorded by
 * ipcwall_bprm_creds_for_exec()) completes, under @policy, as the exec
 * will classify it. From the task itself, under rcu_read_lock().
 */
u32 ipcwall_task_exec_group(const struct ipcwall_policy *policy,
			    struct task_struct *task);

/*
 * Moves the calling task into @group of @policy, the policy in force,
 * for good (launched). Under the policy lock. -ESRCH when the task has
 * no record, which only a task forked while the module was loading can
 * lack until the next policy load.
 */
int ipcwall_task_join(const struct ipcwall_policy *policy, u32 group);

/*
 * Objects' owners. An object a process claims (a file whose SIGIO it
 * aimed, see signal.c) is owned by the group the process is in at that
 * moment, or by none. Across policy loads the owner keeps a group of the
 * same name, as a process that no selector matches does, or becomes
 * unconfined. An object never claimed since the module loaded has no
 * owner: IPCWALL_GROUP_NONE. The three never sleep: callable from hooks.
 *
 * ipcwall_owner_claim(): by the calling task, replacing any owner before;
 * out of memory, the object is left without one (and a warning logged).
 * ipcwall_owner_group(): under rcu_read_lock().
 * ipcwall_owner_forget(): when the object is freed.
 */
void ipcwall_owner_claim(const void *object);
u32 ipcwall_owner_group(const struct ipcwall_policy *policy,
			const void *object);
void ipcwall_owner_forget(const void *object);

/* Records now, and records created since the module loaded. */
void ipcwall_tasks_counts(u64 *live, u64 *total);

#endif /* _IPCWALL_TASKS_H */
