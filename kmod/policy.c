// SPDX-License-Identifier: GPL-2.0
/*
 * The policy in force: a compiled policy checked byte by byte, given its
 * lookup tables (ruletable.c), and published with one pointer swap.
 *
 * Nothing in a compiled policy is trusted. Every rule of "The compiled
 * policy" in uapi/ipcwall.h is checked before anything reads the policy
 * for a decision, by policy_check.c, which the tool runs too, and the
 * first violation found is reported with the section, the entry and the
 * field, so that whoever wrote the compiler can tell which of its bytes is
 * wrong.
 *
 * Publication: one RCU pointer. Writers (load, unload, module exit, and a
 * process joining a group) are serialized by policy_lock; readers are hooks and queries under
 * rcu_read_lock(), and dumps, which sleep, with a reference. A replaced
 * policy is freed once its last reference is dropped and a grace period
 * has passed, so a reader that found it under RCU may still take one.
 */
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ipcwall.h"
#include "limits.h"
#include "policy.h"
#include "policy_check.h"
#include "ruletable.h"
#include "tasks.h"

/**
 * struct ipcwall_policy - a loaded policy; immutable once built
 * @ref:	one for being in force, one per holder that sleeps
 * @rcu:	frees it a grace period after the last reference is gone
 * @generation:	the generation it was published as; 0 until then
 * @blob:	the compiled policy, as it was loaded
 * @size:	its size in bytes
 * @rs:		its sections and lookup tables
 */
struct ipcwall_policy {
	struct kref ref;
	struct rcu_head rcu;
	u64 generation;
	void *blob;
	size_t size;
	struct ipcwall_ruleset rs;
};

static DEFINE_MUTEX(policy_lock);
static struct ipcwall_policy __rcu *policy_current;
static u64 policy_generation;

/* Points @rs at the sections of the checked policy @blob. */
static void policy_sections(struct ipcwall_ruleset *rs, const void *blob)
{
	u32 strings_size, count;

	rs->strings = ipcwall_policy_section(blob, IPCWALL_SECTION_STRINGS,
					     &strings_size);
	rs->groups = ipcwall_policy_section(blob, IPCWALL_SECTION_GROUPS,
					    &rs->group_count);
	rs->rules = ipcwall_policy_section(blob, IPCWALL_SECTION_RULES,
					   &rs->rule_count);
	rs->selectors = ipcwall_policy_section(blob, IPCWALL_SECTION_SELECTORS,
					       &rs->selector_count);
	rs->refs = ipcwall_policy_section(blob, IPCWALL_SECTION_REFS, &count);
	rs->ids = ipcwall_policy_section(blob, IPCWALL_SECTION_IDS, &count);
}

/*
 * Group names are unique: checked on the names table once it is built,
 * which is the only check policy_check.c cannot make without memory.
 */
static int check_unique_names(const struct ipcwall_policy *policy,
			      struct ipcwall_check_error *why)
{
	const struct ipcwall_ruleset *rs = &policy->rs;
	const char *name;
	int found;
	u32 g;

	for (g = 0; g < rs->group_count; g++) {
		name = rs->strings + rs->groups[g].name;
		found = ipcwall_ruleset_group(rs, name, strlen(name));
		if (found != g)
			return ipcwall_policy_name_clash(policy->blob, g, found,
							 why);
	}
	return 0;
}

static void policy_free(struct ipcwall_policy *policy)
{
	ipcwall_ruleset_free(&policy->rs);
	kvfree(policy->blob);
	kfree(policy);
}

int ipcwall_policy_build(const void *blob, size_t size,
			 struct netlink_ext_ack *extack,
			 struct ipcwall_policy **out)
{
	struct ipcwall_policy *policy;
	struct ipcwall_check_error why;
	size_t used = sizeof(*policy) + size;
	int err;

	/* Before anything is allocated for it. */
	err = ipcwall_policy_check_size(size, &why);
	if (err)
		goto err_report;
	policy = kzalloc(sizeof(*policy), GFP_KERNEL_ACCOUNT);
	if (!policy)
		return -ENOMEM;
	kref_init(&policy->ref);
	/* Aligned for the section structs: kvmalloc gives at least 8. */
	policy->blob = kvmalloc(size ? size : 1, GFP_KERNEL_ACCOUNT);
	if (!policy->blob) {
		err = -ENOMEM;
		goto err_free;
	}
	memcpy(policy->blob, blob, size);
	policy->size = size;

	err = ipcwall_policy_check(policy->blob, size, &why);
	if (err)
		goto err_free_report;
	policy_sections(&policy->rs, policy->blob);
	err = ipcwall_ruleset_build(&policy->rs,
				    IPCWALL_MAX_POLICY_MEMORY - used, extack);
	if (err)
		goto err_free;
	err = check_unique_names(policy, &why);
	if (err)
		goto err_free_report;

	*out = policy;
	return 0;

err_free_report:
	policy_free(policy);
err_report:
	ipcwall_extack_fmt(extack, "%s", why.msg);
	return err;
err_free:
	policy_free(policy);
	return err;
}

void ipcwall_policy_discard(struct ipcwall_policy *policy)
{
	if (policy)
		policy_free(policy);
}

/*
 * RCU callback: no reader can reach the policy any more. kvfree() may run
 * here, in softirq context: vfree() defers the work it cannot do there.
 */
static void policy_free_rcu(struct rcu_head *head)
{
	policy_free(container_of(head, struct ipcwall_policy, rcu));
}

static void policy_release(struct kref *ref)
{
	struct ipcwall_policy *policy =
		container_of(ref, struct ipcwall_policy, ref);

	call_rcu(&policy->rcu, policy_free_rcu);
}

int ipcwall_policy_publish(struct ipcwall_policy *policy, u64 *generation)
{
	struct ipcwall_policy *old;
	int err = 0;

	mutex_lock(&policy_lock);
	old = rcu_dereference_protected(policy_current,
					lockdep_is_held(&policy_lock));
	if (policy) {
		policy->generation = policy_generation + 1;
		/* Every task gets its group in the new policy first. */
		err = ipcwall_tasks_reclassify(old, policy);
		if (err) {
			mutex_unlock(&policy_lock);
			ipcwall_policy_discard(policy);
			return err;
		}
	}
	WRITE_ONCE(policy_generation, policy_generation + 1);
	rcu_assign_pointer(policy_current, policy);
	if (policy)
		ipcwall_tasks_reclassified();
	*generation = policy_generation;
	mutex_unlock(&policy_lock);

	if (old)
		kref_put(&old->ref, policy_release);
	return 0;
}

struct ipcwall_policy *ipcwall_policy_lock(void)
{
	mutex_lock(&policy_lock);
	return rcu_dereference_protected(policy_current,
					 lockdep_is_held(&policy_lock));
}

void ipcwall_policy_unlock(void)
{
	mutex_unlock(&policy_lock);
}

u64 ipcwall_policy_generation(void)
{
	return READ_ONCE(policy_generation);
}

struct ipcwall_policy *ipcwall_policy_current(void)
{
	return rcu_dereference(policy_current);
}

struct ipcwall_policy *ipcwall_policy_get(void)
{
	struct ipcwall_policy *policy;

	rcu_read_lock();
	do {
		policy = rcu_dereference(policy_current);
		/*
		 * A zero count means a writer has just replaced it: the
		 * pointer already names its successor.
		 */
	} while (policy && !kref_get_unless_zero(&policy->ref));
	rcu_read_unlock();
	return policy;
}

void ipcwall_policy_put(struct ipcwall_policy *policy)
{
	if (policy)
		kref_put(&policy->ref, policy_release);
}

const void *ipcwall_policy_blob(const struct ipcwall_policy *policy,
				size_t *size)
{
	*size = policy->size;
	return policy->blob;
}

u64 ipcwall_policy_gen(const struct ipcwall_policy *policy)
{
	return policy->generation;
}

const struct ipcwall_ruleset *
ipcwall_policy_ruleset(const struct ipcwall_policy *policy)
{
	return &policy->rs;
}

int ipcwall_policy_group_index(const struct ipcwall_policy *policy,
			       const char *name, size_t len)
{
	return ipcwall_ruleset_group(&policy->rs, name, len);
}

const char *ipcwall_policy_group_name(const struct ipcwall_policy *policy,
				      u32 index)
{
	if (index >= policy->rs.group_count)
		return NULL;
	return policy->rs.strings + policy->rs.groups[index].name;
}

void ipcwall_policy_exit(void)
{
	struct ipcwall_policy *old;

	mutex_lock(&policy_lock);
	old = rcu_replace_pointer(policy_current, NULL,
				  lockdep_is_held(&policy_lock));
	mutex_unlock(&policy_lock);
	if (old)
		kref_put(&old->ref, policy_release);
	/* Every policy_free_rcu() has run before the module text goes. */
	rcu_barrier();
}
