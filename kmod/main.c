// SPDX-License-Identifier: GPL-2.0
/*
 * ipcwall: isolation between process groups, declared by the administrator.
 *
 * Module entry and exit only. The control plane comes up before the hooks
 * are armed and goes down after they are gone, so that a hook never runs
 * without the state it reads.
 */
#include <linux/module.h>

#include "ipcwall.h"
#include "policy.h"
#include "tasks.h"

static int __init ipcwall_init(void)
{
	int err;

	err = ipcwall_tasks_init();
	if (err)
		return err;

	err = ipcwall_netlink_init();
	if (err)
		goto err_tasks;

	err = ipcwall_hooks_attach();
	if (err)
		goto err_netlink;

	/* Once tasks born from now on get records: the others get one here. */
	err = ipcwall_tasks_adopt(NULL);
	if (err)
		goto err_hooks;

	pr_info("version %s loaded, %u hooks armed\n", IPCWALL_VERSION,
		ipcwall_hooks_count());
	return 0;

err_hooks:
	ipcwall_hooks_detach();
err_netlink:
	ipcwall_netlink_exit();
err_tasks:
	ipcwall_tasks_exit();
	return err;
}

static void __exit ipcwall_exit(void)
{
	ipcwall_hooks_detach();
	ipcwall_netlink_exit();
	/* Last: no hook and no command can reach the policy any more. */
	ipcwall_policy_exit();
	ipcwall_tasks_exit();
	pr_info("unloaded\n");
}

module_init(ipcwall_init);
module_exit(ipcwall_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Isolation between process groups: signals, ptrace, IPC, sockets and files");
MODULE_VERSION(IPCWALL_VERSION);
