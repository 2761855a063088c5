/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ipcwall status': the reply of IPCWALL_CMD_GET_STATUS, parsed into a
 * plain struct, and its two renderings. Parsing and printing need no
 * socket, so tests feed them messages built in memory.
 */
#ifndef IPCWALL_STATUS_H
#define IPCWALL_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipcwall.h"

struct nlmsghdr;

/*
 * Limits on what a reply may hold. They are far above what the module
 * sends; a reply beyond them is refused as not understood.
 */
#define STATUS_MAX_HOOKS IPCWALL_MAX_HOOKS
#define STATUS_MAX_VERSION 64		/* bytes, with the NUL */
#define STATUS_MAX_RELEASE 65		/* __NEW_UTS_LEN + 1 */
#define STATUS_MAX_HOOK_NAME IPCWALL_MAX_HOOK_NAME

struct ipcwall_hook_status {
	const char *name;
	bool armed;
	uint64_t hits;
	uint64_t missed;
	bool missed_covered;	/* missed calls leave nothing undone */
};

/* How many processes a group of the policy in force has. */
struct ipcwall_group_count {
	const char *name;
	uint64_t processes;
};

/**
 * struct ipcwall_status - one IPCWALL_CMD_GET_STATUS reply
 * @abi_version:	always IPCWALL_ABI_VERSION once parsed
 * @module_version:	points into the reply message, which must outlive it;
 *			so do @kernel_release and every hook name
 * @policy_loaded:	a policy is in force, of @policy_groups groups and
 *			@policy_rules rules
 * @tasks_live:		tasks (threads) the module tracks now
 * @tasks_total:	tasks it tracked since it was loaded
 * @has_members:	@groups and @unconfined_processes are known: the
 *			reply does not carry them, the TASK_GET dump does
 * @groups:		with a policy loaded, each of its groups in policy
 *			order with its member processes, @nr_groups of them
 * @unconfined_processes: the processes in no group
 * @degraded:		IPCWALL_DEGRADED_* flags as the module sent them
 * @nr_hooks:		entries used in @hooks, in the module's order
 */
struct ipcwall_status {
	uint32_t abi_version;
	const char *module_version;
	const char *kernel_release;
	uint64_t policy_generation;
	bool policy_loaded;
	uint32_t policy_groups;
	uint32_t policy_rules;
	uint64_t tasks_live;
	uint64_t tasks_total;
	bool has_members;
	const struct ipcwall_group_count *groups;
	size_t nr_groups;
	uint64_t unconfined_processes;
	uint32_t degraded;
	unsigned int nr_hooks;
	struct ipcwall_hook_status hooks[STATUS_MAX_HOOKS];
};

int ipcwall_status_parse(const struct nlmsghdr *nlh, struct ipcwall_status *st,
			 char *why, size_t whylen);
uint32_t ipcwall_status_degraded(const struct ipcwall_status *st);
void ipcwall_status_print(FILE *f, const struct ipcwall_status *st);
int ipcwall_status_print_json(FILE *f, const struct ipcwall_status *st);

#endif /* IPCWALL_STATUS_H */
