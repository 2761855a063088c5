// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks and their groups: one record per task, from security_task_alloc()
 * to the task being freed, and the membership rules of docs/groups.md.
 * Objects' owners have records too, in a table of their own, without an
 * image: a policy load moves them to the group of the same name.
 *
 * Records live in an rhashtable keyed by the task's address and are freed
 * a grace period after they leave it, so a hook finds one under RCU. Only
 * the task itself changes its own record's image and memberships (at exec
 * and when it joins a group), apart from a policy load, which fills the
 * slot of the policy being loaded; each record's spinlock orders those
 * writers. Readers (decisions) take no lock: a slot is one 64-bit word.
 *
 * A membership slot is a policy generation's low 32 bits, a launched bit
 * and a group index (SLOT_NONE for no group). slot[gen & 1] holds the
 * membership in the policy of generation gen when its tag says so; the
 * other slot belongs to the policy before or after it. Generations grow
 * by one per load or unload, so the two policies that can be in use at
 * once (the one in force and the one being loaded) never share a slot.
 *
 * A policy load (ipcwall_tasks_reclassify()):
 *   1. gives a record to any task that has none yet;
 *   2. publishes the policy being loaded as "pending", then waits for a
 *      grace period: every hook that started before saw no pending policy
 *      and has finished, and every hook that starts after sees it, so a
 *      fork or exec from then on fills the pending slot itself;
 *   3. fills the pending slot of every record.
 * Then policy.c publishes the new policy with one pointer swap and the
 * pending one is withdrawn. Every decision reads the slot of the policy it
 * decides with, so it sees the old memberships with the old policy and the
 * new ones with the new policy.
 *
 * A record is removed when the task is reaped (the sched_process_free
 * tracepoint, which runs in an RCU callback: a kprobe there would miss
 * every call that interrupts another kprobe's handler) or freed
 * (security_task_free(), which also covers fork's error path). A reaped
 * task is unhashed from its pids, so no hook can be asked about it after.
 */
#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernfs.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "ipcwall.h"
#include "policy.h"
#include "tasks.h"

/*
 * A process's image as recorded at its exec (or when the module found it
 * running), shared by the process and the children it forks.
 */
struct recorded_image {
	refcount_t ref;
	u32 uid;
	u32 gid;
	u16 exe_len;
	u16 cgroup_len;
	char str[];	/* the exe path, a NUL, the cgroup path, a NUL */
};

#define SLOT_LAUNCHED	BIT(31)
#define SLOT_NONE	(SLOT_LAUNCHED - 1)

/**
 * struct record - what the module knows of one task, or of one object's owner
 * @node:	in the records table, or in the owners table
 * @key:	the task or the object; never dereferenced, it may be gone
 * @rcu:	frees the record a grace period after it left the table
 * @lock:	orders the writers of everything below
 * @slot:	memberships, see the top of this file
 * @image:	the image of the task's last exec; NULL for kernel threads
 *		and objects
 * @exec_image:	the image of an exec in progress, recorded by
 *		security_bprm_creds_for_exec() (which may still fail it) and
 *		taken by security_bprm_committed_creds()
 */
struct record {
	struct rhash_head node;
	const void *key;
	struct rcu_head rcu;
	spinlock_t lock;
	u64 slot[2];
	struct recorded_image *image;
	struct recorded_image *exec_image;
};

static const struct rhashtable_params record_params = {
	.key_len = sizeof(const void *),
	.key_offset = offsetof(struct record, key),
	.head_offset = offsetof(struct record, node),
	.automatic_shrinking = true,
};

static struct rhashtable records;
static struct kmem_cache *record_cache;
static atomic_long_t records_live;
static atomic64_t records_total;

/* Objects' owners: records without an image, keyed by the object. */
static struct rhashtable owners;
static atomic_long_t owners_live;

/* The policy being loaded, between the steps 2 and 3 above and the swap. */
static const struct ipcwall_policy *pending;

/* Room for the paths of an exec's image, per CPU: hooks do not sleep. */
struct image_buf {
	char exe[PATH_MAX];
	char cgroup[PATH_MAX];
};
static struct image_buf __percpu *image_bufs;

/* Images. */

static void image_put(struct recorded_image *img)
{
	if (img && refcount_dec_and_test(&img->ref))
		kfree(img);
}

static struct recorded_image *image_get(struct recorded_image *img)
{
	if (img)
		refcount_inc(&img->ref);
	return img;
}

/* A path that cannot be had (too long, say) is empty: it matches no glob. */
static size_t path_len(const char *path)
{
	return IS_ERR_OR_NULL(path) ? 0 : min_t(size_t, strlen(path), U16_MAX);
}

static struct recorded_image *image_new(const char *exe, const char *cgroup,
					kuid_t uid, kgid_t gid, gfp_t gfp)
{
	size_t exe_len = path_len(exe), cgroup_len = path_len(cgroup);
	struct recorded_image *img;

	img = kmalloc(struct_size(img, str, exe_len + cgroup_len + 2), gfp);
	if (!img)
		return NULL;
	refcount_set(&img->ref, 1);
	img->uid = from_kuid(&init_user_ns, uid);
	img->gid = from_kgid(&init_user_ns, gid);
	img->exe_len = exe_len;
	img->cgroup_len = cgroup_len;
	memcpy(img->str, exe_len ? exe : "", exe_len);
	img->str[exe_len] = '\0';
	memcpy(img->str + exe_len + 1, cgroup_len ? cgroup : "", cgroup_len);
	img->str[exe_len + 1 + cgroup_len] = '\0';
	return img;
}

/* @task's cgroup v2 path into @buf, or an error pointer. */
static const char *cgroup_path_of(struct task_struct *task, char *buf)
{
	struct cgroup *cgrp;
	int len;

	rcu_read_lock();
	cgrp = task_dfl_cgroup(task);
	len = kernfs_path(cgrp->kn, buf, PATH_MAX);
	rcu_read_unlock();
	if (len < 0 || len >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	return buf;
}

/* The image of the exec @bprm, in a hook: the script's path for a script. */
static struct recorded_image *image_of_exec(const struct linux_binprm *bprm)
{
	struct image_buf *buf = this_cpu_ptr(image_bufs);
	const char *exe = d_path(&bprm->file->f_path, buf->exe,
				 sizeof(buf->exe));

	return image_new(exe, cgroup_path_of(current, buf->cgroup),
			 bprm->cred->uid, bprm->cred->gid,
			 GFP_ATOMIC | __GFP_NOWARN);
}

static struct file *mm_exe_file(struct mm_struct *mm)
{
	struct file *file;

	rcu_read_lock();
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	file = get_file_rcu(&mm->exe_file);
#else
	file = rcu_dereference(mm->exe_file);
	if (file && !get_file_rcu(file))
		file = NULL;
#endif
	rcu_read_unlock();
	return file;
}

/*
 * The image of a task the module found running, which may sleep: its
 * executable (the interpreter, for a script), cgroup and ids now. NULL
 * with no error for a kernel thread, which has none.
 */
static int image_of_task(struct task_struct *task, struct image_buf *buf,
			 struct recorded_image **out)
{
	const char *exe = ERR_PTR(-ENOENT);
	struct mm_struct *mm;
	struct file *file;
	const struct cred *cred;
	kuid_t uid;
	kgid_t gid;

	*out = NULL;
	if (task->flags & PF_KTHREAD)
		return 0;
	mm = get_task_mm(task);
	if (!mm)
		return 0;	/* exiting: it will never exec again */
	file = mm_exe_file(mm);
	mmput(mm);
	if (file) {
		exe = d_path(&file->f_path, buf->exe, sizeof(buf->exe));
		fput(file);
	}
	rcu_read_lock();
	cred = __task_cred(task);
	uid = cred->uid;
	gid = cred->gid;
	rcu_read_unlock();
	*out = image_new(exe, cgroup_path_of(task, buf->cgroup), uid, gid,
			 GFP_KERNEL);
	return *out ? 0 : -ENOMEM;
}

/* Memberships. */

static u64 slot_make(const struct ipcwall_policy *policy, u32 group,
		     bool launched)
{
	u32 low = group == IPCWALL_GROUP_NONE ? SLOT_NONE : group;

	if (launched && group != IPCWALL_GROUP_NONE)
		low |= SLOT_LAUNCHED;
	return (u64)(u32)ipcwall_policy_gen(policy) << 32 | low;
}

static u64 *slot_of(struct record *r, const struct ipcwall_policy *policy)
{
	return &r->slot[ipcwall_policy_gen(policy) & 1];
}

/* The slot of @policy, or 0 when it holds another policy's membership. */
static u64 slot_read(struct record *r,
		     const struct ipcwall_policy *policy)
{
	u64 slot = READ_ONCE(*slot_of(r, policy));

	if (slot >> 32 != (u32)ipcwall_policy_gen(policy))
		return 0;
	return slot;
}

static u32 slot_group(u64 slot)
{
	u32 group = slot & SLOT_NONE;

	return !slot || group == SLOT_NONE ? IPCWALL_GROUP_NONE : group;
}

static void slot_write(struct record *r,
		       const struct ipcwall_policy *policy, u64 slot)
{
	WRITE_ONCE(*slot_of(r, policy), slot);
}

static u32 image_group(const struct ipcwall_policy *policy,
		       const struct recorded_image *img)
{
	struct ipcwall_image image;

	if (!img)
		return IPCWALL_GROUP_NONE;
	image = (struct ipcwall_image) {
		.exe = img->str,
		.exe_len = img->exe_len,
		.cgroup = img->str + img->exe_len + 1,
		.cgroup_len = img->cgroup_len,
		.uid = img->uid,
		.gid = img->gid,
	};
	return ipcwall_ruleset_classify(ipcwall_policy_ruleset(policy), &image);
}

/*
 * @r's membership in @next, from its membership in @prev (NULL: none), as
 * docs/groups.md "Policy loads reclassify every process" says. Under the
 * record's lock.
 */
static u64 reclassify(struct record *r, const struct ipcwall_policy *prev,
		      const struct ipcwall_policy *next)
{
	u64 old = prev ? slot_read(r, prev) : 0;
	u32 group = slot_group(old);
	int same = -ENOENT;
	const char *name;

	if (group != IPCWALL_GROUP_NONE) {
		name = ipcwall_policy_group_name(prev, group);
		same = ipcwall_policy_group_index(next, name, strlen(name));
	}
	if (same >= 0 && (old & SLOT_LAUNCHED))
		return slot_make(next, same, true);
	group = image_group(next, r->image);
	if (group == IPCWALL_GROUP_NONE && same >= 0)
		group = same;
	return slot_make(next, group, false);
}

/*
 * The policies a hook must keep memberships for: the one in force and the
 * one being loaded, NULL when there is none or it is the one in force.
 * Pending is read first: it is withdrawn after the new policy is in
 * force, so seeing it gone means seeing its successor in force.
 */
static void policies_in_use(const struct ipcwall_policy **cur,
			    const struct ipcwall_policy **next)
{
	*next = smp_load_acquire(&pending);
	*cur = ipcwall_policy_current();
	if (*next == *cur)
		*next = NULL;
}

/*
 * Copies @from's memberships into @slot, filling first its membership in
 * a policy being loaded: what a child of the task, or an object it
 * claims, starts with. Under @from's lock.
 */
static void inherit(struct record *from, u64 slot[2])
{
	const struct ipcwall_policy *cur, *next;

	policies_in_use(&cur, &next);
	if (next && !slot_read(from, next))
		slot_write(from, next, reclassify(from, cur, next));
	slot[0] = from->slot[0];
	slot[1] = from->slot[1];
}

/* Records. */

static struct record *record_find(struct rhashtable *table, const void *key)
{
	return rhashtable_lookup(table, &key, record_params);
}

static struct record *record_new(const void *key, gfp_t gfp)
{
	struct record *r = kmem_cache_zalloc(record_cache, gfp);

	if (!r)
		return NULL;
	r->key = key;
	spin_lock_init(&r->lock);
	return r;
}

static void record_free(struct record *r)
{
	image_put(r->image);
	image_put(r->exec_image);
	kmem_cache_free(record_cache, r);
}

static void record_free_rcu(struct rcu_head *head)
{
	record_free(container_of(head, struct record, rcu));
}

/*
 * Adds @r. A record already there for the same address belongs to a task
 * freed without the module seeing it (security_task_alloc() failing after
 * our probe ran): no live task has that address but @r's, so it goes.
 */
static int record_insert(struct record *r)
{
	struct record *old;
	int err;

	old = rhashtable_lookup_get_insert_fast(&records, &r->node,
						record_params);
	if (IS_ERR(old))
		return PTR_ERR(old);
	if (old) {
		err = rhashtable_replace_fast(&records, &old->node, &r->node,
					      record_params);
		if (err)
			return err;
		call_rcu(&old->rcu, record_free_rcu);
	} else {
		atomic_long_inc(&records_live);
	}
	atomic64_inc(&records_total);
	return 0;
}

static void record_remove(struct rhashtable *table, atomic_long_t *live,
			  const void *key)
{
	struct record *r;

	rcu_read_lock();
	r = record_find(table, key);
	/* Both the tracepoint and the hook may get here: one removes it. */
	if (r && !rhashtable_remove_fast(table, &r->node, record_params)) {
		atomic_long_dec(live);
		call_rcu(&r->rcu, record_free_rcu);
	}
	rcu_read_unlock();
}

/* Hooks. */

/*
 * A new task, process or thread, starts with its parent's memberships and
 * image. Failing here fails the fork: no task goes untracked.
 */
int ipcwall_task_alloc(struct task_struct *task, unsigned long clone_flags)
{
	struct record *child, *parent;
	int err;

	child = record_new(task, GFP_ATOMIC | __GFP_NOWARN);
	if (!child)
		return -ENOMEM;

	rcu_read_lock();
	parent = record_find(&records, current);
	if (parent) {
		spin_lock(&parent->lock);
		inherit(parent, child->slot);
		child->image = image_get(parent->image);
		spin_unlock(&parent->lock);
	}
	err = record_insert(child);
	rcu_read_unlock();
	if (err) {
		record_free(child);
		return -ENOMEM;
	}
	return 0;
}

/* At reaping (the tracepoint) or freeing, whichever comes first. */
void ipcwall_task_free(struct task_struct *task)
{
	record_remove(&records, &records_live, task);
}

/*
 * Records the image of an exec that may still fail. Failing here (no
 * memory) fails the exec before anything changed.
 */
int ipcwall_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	struct recorded_image *img, *old = NULL;
	struct record *r;

	img = image_of_exec(bprm);
	if (!img)
		return -ENOMEM;
	rcu_read_lock();
	r = record_find(&records, current);
	if (r) {
		spin_lock(&r->lock);
		old = r->exec_image;
		r->exec_image = img;
		img = NULL;
		spin_unlock(&r->lock);
	}
	rcu_read_unlock();
	image_put(old);
	image_put(img);
	return 0;
}

/*
 * @r's membership in @policy once it has executed @img: the first group
 * whose selectors match, unless launched; matching none, it keeps its
 * group. Under @r's lock.
 */
static u64 exec_slot(struct record *r, const struct ipcwall_policy *policy,
		     const struct recorded_image *img)
{
	u64 slot = slot_read(r, policy);
	u32 group;

	if (slot & SLOT_LAUNCHED)
		return slot;
	group = image_group(policy, img);
	if (group != IPCWALL_GROUP_NONE || !slot)
		return slot_make(policy, group, false);
	return slot;
}

/* The exec can no longer fail: its image becomes the task's. */
void ipcwall_bprm_committed_creds(const struct linux_binprm *bprm)
{
	const struct ipcwall_policy *cur, *next;
	struct recorded_image *old = NULL;
	struct record *r;

	rcu_read_lock();
	r = record_find(&records, current);
	if (r) {
		spin_lock(&r->lock);
		if (r->exec_image) {
			old = r->image;
			r->image = r->exec_image;
			r->exec_image = NULL;
			policies_in_use(&cur, &next);
			if (cur)
				slot_write(r, cur, exec_slot(r, cur, r->image));
			if (next)
				slot_write(r, next, reclassify(r, cur, next));
		}
		spin_unlock(&r->lock);
	}
	rcu_read_unlock();
	image_put(old);
}

/* Reading and changing memberships. */

u32 ipcwall_task_group(const struct ipcwall_policy *policy,
		       struct task_struct *task, bool *launched)
{
	struct record *r;
	u64 slot = 0;

	if (policy) {
		r = record_find(&records, task);
		if (r)
			slot = slot_read(r, policy);
	}
	if (launched)
		*launched = slot & SLOT_LAUNCHED;
	return slot_group(slot);
}

u32 ipcwall_task_exec_group(const struct ipcwall_policy *policy,
			    struct task_struct *task)
{
	struct record *r;
	u64 slot;

	if (!policy)
		return IPCWALL_GROUP_NONE;
	r = record_find(&records, task);
	if (!r)
		return IPCWALL_GROUP_NONE;
	spin_lock(&r->lock);
	slot = r->exec_image ? exec_slot(r, policy, r->exec_image) :
			       slot_read(r, policy);
	spin_unlock(&r->lock);
	return slot_group(slot);
}

int ipcwall_task_join(const struct ipcwall_policy *policy, u32 group)
{
	struct record *r;

	rcu_read_lock();
	r = record_find(&records, current);
	if (r) {
		spin_lock(&r->lock);
		slot_write(r, policy, slot_make(policy, group, true));
		spin_unlock(&r->lock);
	}
	rcu_read_unlock();
	return r ? 0 : -ESRCH;
}

void ipcwall_tasks_counts(u64 *live, u64 *total)
{
	*live = atomic_long_read(&records_live);
	*total = atomic64_read(&records_total);
}

/* Objects' owners. */

void ipcwall_owner_claim(const void *object)
{
	struct record *task, *owner, *old;
	u64 slot[2] = {};

	rcu_read_lock();
	task = record_find(&records, current);
	if (task) {
		spin_lock(&task->lock);
		inherit(task, slot);
		spin_unlock(&task->lock);
	}
	owner = record_find(&owners, object);
	if (!owner) {
		owner = record_new(object, GFP_ATOMIC | __GFP_NOWARN);
		if (!owner)
			goto out;
		old = rhashtable_lookup_get_insert_fast(&owners, &owner->node,
							record_params);
		if (old) {
			/* Claimed at the same moment elsewhere, or failed. */
			record_free(owner);
			owner = IS_ERR(old) ? NULL : old;
			if (!owner)
				goto out;
		} else {
			atomic_long_inc(&owners_live);
		}
	}
	spin_lock(&owner->lock);
	owner->slot[0] = slot[0];
	owner->slot[1] = slot[1];
	spin_unlock(&owner->lock);
out:
	rcu_read_unlock();
	if (!owner)
		pr_warn_ratelimited("out of memory: an owner is left unconfined\n");
}

u32 ipcwall_owner_group(const struct ipcwall_policy *policy,
			const void *object)
{
	struct record *r;

	if (!policy)
		return IPCWALL_GROUP_NONE;
	r = record_find(&owners, object);
	return r ? slot_group(slot_read(r, policy)) : IPCWALL_GROUP_NONE;
}

void ipcwall_owner_forget(const void *object)
{
	/* Most objects never had an owner: this runs for every file freed. */
	if (atomic_long_read(&owners_live))
		record_remove(&owners, &owners_live, object);
}

/* Loading policies. */

/*
 * Every task there is, each with a reference, in a kvmalloc()ed array:
 * the list cannot be walked while allocating and sleeping.
 */
static int collect_tasks(struct task_struct ***out, size_t *count)
{
	struct task_struct *p, *t, **tasks;
	size_t cap = 1024, n;

	for (;;) {
		tasks = kvmalloc_array(cap, sizeof(*tasks), GFP_KERNEL);
		if (!tasks)
			return -ENOMEM;
		n = 0;
		rcu_read_lock();
		for_each_process_thread(p, t) {
			if (n == cap)
				goto grow;
			tasks[n++] = get_task_struct(t);
		}
		rcu_read_unlock();
		*out = tasks;
		*count = n;
		return 0;
grow:
		rcu_read_unlock();
		while (n)
			put_task_struct(tasks[--n]);
		kvfree(tasks);
		cap *= 2;
	}
}

int ipcwall_tasks_adopt(const struct ipcwall_policy *policy)
{
	struct task_struct **tasks;
	struct image_buf *buf;
	struct record *r;
	size_t i, count;
	bool known;
	int err;

	buf = kmalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = collect_tasks(&tasks, &count);
	if (err)
		goto out_buf;

	for (i = 0; i < count && !err; i++) {
		rcu_read_lock();
		known = record_find(&records, tasks[i]);
		rcu_read_unlock();
		if (known)
			continue;
		err = -ENOMEM;
		r = record_new(tasks[i], GFP_KERNEL);
		if (!r)
			break;
		err = image_of_task(tasks[i], buf, &r->image);
		if (!err && policy)
			slot_write(r, policy, reclassify(r, NULL, policy));
		/* Only we insert records of tasks that are not being born. */
		if (!err)
			err = record_insert(r);
		if (err)
			record_free(r);
	}

	for (i = 0; i < count; i++)
		put_task_struct(tasks[i]);
	kvfree(tasks);
out_buf:
	kfree(buf);
	return err;
}

/*
 * Fills @next's slot of every record of @table. An owner claimed since the
 * policy became pending has it filled already, from its claimer's
 * membership, which @keep_filled keeps.
 *
 * One walk without sleeping: a walk that stops and starts again may miss
 * records removed meanwhile. A resize restarts it (-EAGAIN), which visits
 * records twice, harmlessly.
 */
static void reclassify_table(struct rhashtable *table,
			     const struct ipcwall_policy *prev,
			     const struct ipcwall_policy *next,
			     bool keep_filled)
{
	struct rhashtable_iter iter;
	struct record *r;

	rhashtable_walk_enter(table, &iter);
	rhashtable_walk_start(&iter);
	while ((r = rhashtable_walk_next(&iter))) {
		if (IS_ERR(r))
			continue;
		spin_lock(&r->lock);
		if (!keep_filled || !slot_read(r, next))
			slot_write(r, next, reclassify(r, prev, next));
		spin_unlock(&r->lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

int ipcwall_tasks_reclassify(const struct ipcwall_policy *prev,
			     const struct ipcwall_policy *next)
{
	int err;

	err = ipcwall_tasks_adopt(prev);
	if (err)
		return err;

	smp_store_release(&pending, next);
	synchronize_rcu();

	reclassify_table(&records, prev, next, false);
	reclassify_table(&owners, prev, next, true);
	return 0;
}

void ipcwall_tasks_reclassified(void)
{
	smp_store_release(&pending, NULL);
}

/* Module init and exit. */

int ipcwall_tasks_init(void)
{
	int err;

	record_cache = kmem_cache_create("ipcwall_task",
					 sizeof(struct record), 0, 0,
					 NULL);
	if (!record_cache)
		return -ENOMEM;
	image_bufs = alloc_percpu(struct image_buf);
	if (!image_bufs) {
		err = -ENOMEM;
		goto err_cache;
	}
	err = rhashtable_init(&records, &record_params);
	if (err)
		goto err_bufs;
	err = rhashtable_init(&owners, &record_params);
	if (err)
		goto err_records;
	return 0;

err_records:
	rhashtable_destroy(&records);
err_bufs:
	free_percpu(image_bufs);
err_cache:
	kmem_cache_destroy(record_cache);
	return err;
}

static void record_free_at_exit(void *ptr, void *arg)
{
	record_free(ptr);
}

void ipcwall_tasks_exit(void)
{
	rhashtable_free_and_destroy(&records, record_free_at_exit, NULL);
	rhashtable_free_and_destroy(&owners, record_free_at_exit, NULL);
	/* Records removed earlier are freed by call_rcu(): wait for them. */
	rcu_barrier();
	kmem_cache_destroy(record_cache);
	free_percpu(image_bufs);
}
