/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ipcwall ps': every process with its group. Also what `status' shares
 * with it: the groups of the policy in force with every process's
 * membership, read as one picture of one policy generation. The /proc
 * readers and the printers take plain data, so tests need no kernel.
 */
#ifndef IPCWALL_PS_H
#define IPCWALL_PS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "genl.h"

/**
 * struct ipcwall_membership - the policy's groups and every process's
 * @policy_loaded:	a policy is in force; @groups and @generation are its
 * @generation:		the generation of the policy in force
 * @groups:		its group names in policy order, @n_groups of them,
 *			read only when asked for (else NULL and 0)
 * @tasks:		every process, of that same generation
 */
struct ipcwall_membership {
	bool policy_loaded;
	uint64_t generation;
	char **groups;
	size_t n_groups;
	struct ipcwall_tasks tasks;
};

/*
 * Reads the processes and, with @with_groups, the policy's groups, all of
 * one generation (a policy load in between makes it read again, a few
 * times). Returns 0, or a negative errno after printing why to stderr.
 */
int ipcwall_membership_read(struct ipcwall_genl *g, bool with_groups,
			    struct ipcwall_membership *m);
void ipcwall_membership_free(struct ipcwall_membership *m);

/**
 * struct ps_process - one line of `ipcwall ps'
 * @pid:	its pid
 * @group:	its group, or NULL when it is in none
 * @launched:	it is in its group by `ipcwall run'
 * @user:	the name of its real uid, or the number when it has none
 * @command:	its command line, arguments joined by spaces, or "[comm]"
 *		when it has none (kernel threads, zombies); malloc()ed
 */
struct ps_process {
	uint32_t pid;
	const char *group;
	bool launched;
	char user[64];
	char *command;
};

/*
 * Fills @p's user and command from @proc (normally "/proc") for @pid.
 * Returns 0, -ENOENT when the process is gone, or -ENOMEM.
 */
int ps_read_process(const char *proc, uint32_t pid, struct ps_process *p);

/* The table `ipcwall ps' prints, a header line first. */
void ps_print(FILE *f, const struct ps_process *procs, size_t n);
/* One JSON array on one line. Return: 0, or -1 when it could not be written. */
int ps_print_json(FILE *f, const struct ps_process *procs, size_t n);

#endif /* IPCWALL_PS_H */
