// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching the decision core to the kernel with kprobes.
 *
 * A module cannot register LSM hooks on the kernels we support: the hook
 * lists are read-only after boot, and static calls on newer kernels. Instead
 * each security_*() function gets a kprobe on its entry. The pre_handler
 * calls the decision core with the function's own arguments. To refuse, it
 * sets the return value register to the errno and points the instruction
 * pointer at a stub that only returns, so security_*() returns the errno to
 * its caller without running; this is what override_function_with_return()
 * does for error injection, which Debian's kernels do not build.
 *
 * Every probe also has a post_handler, even though it has nothing to do:
 * that makes kprobes attach through the IP-modifying ftrace ops (or forbids
 * optimizing an int3 probe), without which a changed instruction pointer
 * would be ignored.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/objtool.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/linkage.h>

#include "ipcwall.h"
#include "uapi/ipcwall.h"

/*
 * The instruction pointer of a refused call is set here: at function entry
 * the return address is on top of the stack, so a bare return goes back to
 * the caller of security_*() with the errno in the return register. It is
 * reached by the ftrace trampoline's return, never by an indirect call, so it
 * carries no ENDBR.
 */
void ipcwall_return_stub(void);
asm(
	".text\n"
	".type ipcwall_return_stub, @function\n"
	".globl ipcwall_return_stub\n"
	"ipcwall_return_stub:\n"
	ANNOTATE_NOENDBR
	ASM_RET
	".size ipcwall_return_stub, .-ipcwall_return_stub\n"
);

#define ARG(regs, n) regs_get_kernel_argument(regs, n)

static int kp_task_alloc(struct pt_regs *regs)
{
	return ipcwall_task_alloc((struct task_struct *)ARG(regs, 0),
				  (unsigned long)ARG(regs, 1));
}

static int kp_task_free(struct pt_regs *regs)
{
	ipcwall_task_free((struct task_struct *)ARG(regs, 0));
	return 0;
}

/* The image first: the ptrace check judges the group the exec gives. */
static int kp_bprm_creds_for_exec(struct pt_regs *regs)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ARG(regs, 0);

	return ipcwall_bprm_creds_for_exec(bprm) ?: ipcwall_ptrace_exec(bprm);
}

static int kp_bprm_committed_creds(struct pt_regs *regs)
{
	ipcwall_bprm_committed_creds((struct linux_binprm *)ARG(regs, 0));
	return 0;
}

static int kp_task_kill(struct pt_regs *regs)
{
	return ipcwall_task_kill((struct task_struct *)ARG(regs, 0),
				 (struct kernel_siginfo *)ARG(regs, 1),
				 (int)ARG(regs, 2),
				 (const struct cred *)ARG(regs, 3));
}

static int kp_file_set_fowner(struct pt_regs *regs)
{
	ipcwall_file_set_fowner((struct file *)ARG(regs, 0));
	return 0;
}

static int kp_file_send_sigiotask(struct pt_regs *regs)
{
	return ipcwall_file_send_sigiotask((struct task_struct *)ARG(regs, 0),
					   (struct fown_struct *)ARG(regs, 1),
					   (int)ARG(regs, 2));
}

static int kp_file_free(struct pt_regs *regs)
{
	ipcwall_file_free((struct file *)ARG(regs, 0));
	return 0;
}

static int kp_ptrace_access_check(struct pt_regs *regs)
{
	return ipcwall_ptrace_access_check((struct task_struct *)ARG(regs, 0),
					   (unsigned int)ARG(regs, 1));
}

static int kp_ptrace_traceme(struct pt_regs *regs)
{
	return ipcwall_ptrace_traceme((struct task_struct *)ARG(regs, 0));
}

/*
 * @missed_covered: see struct ipcwall_hook_state. security_task_free()
 * mostly runs in an RCU callback, which can interrupt any kprobe handler,
 * and kprobes do not nest: such calls are missed. The sched_process_free
 * tracepoint, which has no such limit, removes those tasks' records first.
 */
struct hook {
	struct kprobe kp;
	int (*decide)(struct pt_regs *regs);
	bool missed_covered;
};

#define HOOK(fn, adapter) {					\
	.kp = { .symbol_name = "security_" #fn },		\
	.decide = adapter,					\
}

static struct hook hooks[] = {
	HOOK(task_alloc, kp_task_alloc),
	{
		.kp = { .symbol_name = "security_task_free" },
		.decide = kp_task_free,
		.missed_covered = true,
	},
	HOOK(bprm_creds_for_exec, kp_bprm_creds_for_exec),
	HOOK(bprm_committed_creds, kp_bprm_committed_creds),
	HOOK(task_kill, kp_task_kill),
	HOOK(file_set_fowner, kp_file_set_fowner),
	HOOK(file_send_sigiotask, kp_file_send_sigiotask),
	HOOK(file_free, kp_file_free),
	HOOK(ptrace_access_check, kp_ptrace_access_check),
	HOOK(ptrace_traceme, kp_ptrace_traceme),
};

static_assert(ARRAY_SIZE(hooks) <= IPCWALL_MAX_HOOKS);

static DEFINE_PER_CPU(u64 [ARRAY_SIZE(hooks)], hook_hits);

static int hook_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct hook *hook = container_of(kp, struct hook, kp);
	int err;

	this_cpu_inc(hook_hits[hook - hooks]);
	err = hook->decide(regs);
	if (likely(!err))
		return 0;

	regs_set_return_value(regs, err);
	instruction_pointer_set(regs, (unsigned long)ipcwall_return_stub);
	/* The instruction pointer changed: kprobes must not single-step. */
	return 1;
}

/* Present only so that kprobes honours a changed instruction pointer. */
static void hook_post(struct kprobe *kp, struct pt_regs *regs,
		      unsigned long flags)
{
}

/*
 * Writing 0 to debugfs kprobes/enabled disarms every kprobe in the system
 * without telling their owners. The canary is a probe on a function of our
 * own: calling it shows whether kprobes fire at all.
 */
static atomic_long_t canary_hits;

static noinline void canary(void)
{
	/* Keep the call: the compiler must not see an empty function. */
	barrier();
}

static int canary_pre(struct kprobe *kp, struct pt_regs *regs)
{
	atomic_long_inc(&canary_hits);
	return 0;
}

static struct kprobe canary_kp = {
	.addr = (kprobe_opcode_t *)canary,
	.pre_handler = canary_pre,
};

bool ipcwall_hooks_firing(void)
{
	long before = atomic_long_read(&canary_hits);

	canary();
	return atomic_long_read(&canary_hits) != before;
}

/*
 * The sched_process_free tracepoint: a task is reaped. Modules cannot
 * name a tracepoint the kernel does not export, so it is found by name.
 */
static struct tracepoint *reaped_tp;

static void reaped_probe(void *data, struct task_struct *task)
{
	ipcwall_task_free(task);
}

static void find_reaped_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_free"))
		reaped_tp = tp;
}

static int attach_reaped(void)
{
	int err;

	for_each_kernel_tracepoint(find_reaped_tp, NULL);
	if (!reaped_tp) {
		pr_err("the kernel has no sched_process_free tracepoint\n");
		return -ENOENT;
	}
	err = tracepoint_probe_register(reaped_tp, reaped_probe, NULL);
	if (err)
		pr_err("cannot attach to sched_process_free: %d\n", err);
	return err;
}

static void detach_reaped(void)
{
	tracepoint_probe_unregister(reaped_tp, reaped_probe, NULL);
	/* No call of reaped_probe() is still running after this. */
	tracepoint_synchronize_unregister();
}

static void unregister_hooks(unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		unregister_kprobe(&hooks[i].kp);
}

int ipcwall_hooks_attach(void)
{
	unsigned int i;
	int err;

	err = register_kprobe(&canary_kp);
	if (err) {
		pr_err("cannot probe our own canary: %d; are kprobes available?\n",
		       err);
		return err;
	}
	/* Before task_alloc: every record created must be removable. */
	err = attach_reaped();
	if (err) {
		unregister_kprobe(&canary_kp);
		return err;
	}

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		hooks[i].kp.pre_handler = hook_pre;
		hooks[i].kp.post_handler = hook_post;
		err = register_kprobe(&hooks[i].kp);
		if (err) {
			/* No partial enforcement: all hooks or none. */
			pr_err("cannot hook %s: %d\n",
			       hooks[i].kp.symbol_name, err);
			unregister_hooks(i);
			detach_reaped();
			unregister_kprobe(&canary_kp);
			return err;
		}
	}
	return 0;
}

void ipcwall_hooks_detach(void)
{
	unregister_hooks(ARRAY_SIZE(hooks));
	detach_reaped();
	unregister_kprobe(&canary_kp);
	/*
	 * unregister_kprobe() waited for handlers to finish, but a refused
	 * call may still be about to execute the return stub, which lives in
	 * our text. Tasks RCU waits until every task has passed a voluntary
	 * schedule, which none does inside the stub.
	 */
	synchronize_rcu_tasks();
}

unsigned int ipcwall_hooks_count(void)
{
	return ARRAY_SIZE(hooks);
}

void ipcwall_hooks_state(unsigned int index, struct ipcwall_hook_state *state)
{
	struct hook *hook = &hooks[index];
	int cpu;

	state->name = hook->kp.symbol_name;
	state->armed = !kprobe_disabled(&hook->kp);
	state->missed_covered = hook->missed_covered;
	state->missed = hook->kp.nmissed;
	state->hits = 0;
	for_each_possible_cpu(cpu)
		state->hits += per_cpu(hook_hits, cpu)[index];
}
