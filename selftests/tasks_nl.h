/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The task commands of the ipcwall family, over a struct policy_conn of
 * policy_nl.h: which group a process is in (the TASK_GET dump), joining a
 * group (GROUP_JOIN) and the task counters of the status.
 *
 * As in policy_nl.h, each function returns the module's answer as a
 * positive errno (0 for success), its extended ack message left in
 * c->reply.ext_msg, or a negative errno when no answer came or the answer
 * was malformed; then c->problem says what was wrong with it.
 */
#ifndef IPCWALL_SELFTESTS_TASKS_NL_H
#define IPCWALL_SELFTESTS_TASKS_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "policy_nl.h"

/* One process as the TASK_GET dump lists it. */
struct tn_task {
	bool listed;		/* the dump had its pid */
	bool in_group;		/* IPCWALL_TASK_A_GROUP came */
	char group[IPCWALL_MAX_GROUP_NAME];	/* "" when in no group */
	bool launched;		/* IPCWALL_TASK_A_LAUNCHED was 1 */
	uint64_t generation;	/* of the message that listed it */
};

/*
 * Dumps every process and fills *t with what the dump says of @pid; a pid
 * the dump does not list is a success with t->listed false. A process
 * listed twice, or an entry without pid or launched flag, is -EBADMSG.
 */
int tn_task_get(struct policy_conn *c, pid_t pid, struct tn_task *t);

/* Processes in the last successful tn_task_get() dump. */
extern unsigned int tn_task_get_listed;

/*
 * Sends GROUP_JOIN for the calling process. On success *generation (may
 * be NULL) is the generation of the policy whose group it joined.
 */
int tn_group_join(struct policy_conn *c, const char *group,
		  uint64_t *generation);

/* The task counters and the degraded flags of GET_STATUS. */
struct tn_counts {
	uint64_t live;		/* IPCWALL_A_TASKS_LIVE */
	uint64_t total;		/* IPCWALL_A_TASKS_TOTAL */
	uint32_t degraded;	/* IPCWALL_A_DEGRADED */
};

int tn_counts(struct policy_conn *c, struct tn_counts *n);

#endif /* IPCWALL_SELFTESTS_TASKS_NL_H */
