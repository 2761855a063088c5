// SPDX-License-Identifier: GPL-2.0
/*
 * The task commands of the ipcwall family; see tasks_nl.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tasks_nl.h"

unsigned int tn_task_get_listed;

struct task_get_state {
	struct policy_conn *c;
	pid_t pid;
	struct tn_task *t;
	unsigned int messages;
	unsigned int listed;
};

/* One IPCWALL_A_TASK; fills st->t when it is st->pid. */
static int task_one(struct task_get_state *st, uint64_t generation,
		    const struct nlattr *entry)
{
	const struct nlattr *tb[IPCWALL_TASK_A_MAX + 1];
	struct policy_conn *c = st->c;
	struct tn_task *t = st->t;
	const char *group;
	uint32_t pid;
	uint8_t launched;

	if ((entry->nla_type & NLA_TYPE_MASK) != IPCWALL_A_TASK ||
	    nl_parse_nested(entry, tb, IPCWALL_TASK_A_MAX))
		return pc_problem(c, "message %u: malformed IPCWALL_A_TASK",
			       st->messages);
	if (!nl_attr_u32(tb[IPCWALL_TASK_A_PID], &pid) ||
	    !nl_attr_u8(tb[IPCWALL_TASK_A_LAUNCHED], &launched))
		return pc_problem(c, "message %u: a task without pid or launched flag",
			       st->messages);
	st->listed++;
	if ((pid_t)pid != st->pid)
		return 0;
	if (t->listed)
		return pc_problem(c, "pid %u listed twice", pid);
	t->listed = true;
	t->launched = launched;
	t->generation = generation;
	if (tb[IPCWALL_TASK_A_GROUP]) {
		group = nl_attr_str(tb[IPCWALL_TASK_A_GROUP]);
		if (!group || !*group || strlen(group) >= sizeof(t->group))
			return pc_problem(c, "pid %u: bad IPCWALL_TASK_A_GROUP",
				       pid);
		t->in_group = true;
		strcpy(t->group, group);
	}
	return 0;
}

static int task_get_msg(uint8_t cmd, const void *attrs, size_t len, void *arg)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	struct task_get_state *st = arg;
	struct policy_conn *c = st->c;
	const struct nlattr *pos;
	uint64_t generation;
	int rem, err;

	st->messages++;
	if (cmd != IPCWALL_CMD_TASK_GET)
		return pc_problem(c, "message %u: command %u", st->messages, cmd);
	if (nl_parse(attrs, len, tb, IPCWALL_A_MAX))
		return pc_problem(c, "message %u: malformed", st->messages);
	if (!nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], &generation) ||
	    !tb[IPCWALL_A_TASKS])
		return pc_problem(c, "message %u: generation or tasks missing",
			       st->messages);
	nl_for_each_attr(pos, nl_attr_data(tb[IPCWALL_A_TASKS]),
			 nl_attr_len(tb[IPCWALL_A_TASKS]), rem) {
		err = task_one(st, generation, pos);
		if (err)
			return err;
	}
	if (rem)
		return pc_problem(c, "message %u: %d bytes left in IPCWALL_A_TASKS",
			       st->messages, rem);
	return 0;
}

int tn_task_get(struct policy_conn *c, pid_t pid, struct tn_task *t)
{
	struct task_get_state st = { .c = c, .pid = pid, .t = t };
	int err;

	memset(t, 0, sizeof(*t));
	pc_request(c, IPCWALL_CMD_TASK_GET);
	err = nl_dump(&c->sock, &c->msg, task_get_msg, &st, &c->reply);
	if (!err && c->reply.error)
		err = c->reply.error;
	if (!err && !st.messages)
		err = pc_problem(c, "an empty dump");
	if (!err)
		tn_task_get_listed = st.listed;
	return err;
}

static int reply_attrs(struct policy_conn *c, const struct nlattr **tb)
{
	if (c->reply.nreplies != 1)
		return pc_problem(c, "%u replies, expected 1", c->reply.nreplies);
	if (nl_parse(c->reply.attrs, c->reply.attrs_len, tb, IPCWALL_A_MAX))
		return pc_problem(c, "malformed reply");
	return 0;
}

int tn_group_join(struct policy_conn *c, const char *group,
		  uint64_t *generation)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	uint64_t gen;
	int err;

	nl_put_str(pc_request(c, IPCWALL_CMD_GROUP_JOIN), IPCWALL_A_GROUP_NAME,
		   group);
	err = pc_send(c);
	if (err)
		return err;
	err = reply_attrs(c, tb);
	if (err)
		return err;
	if (!nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], &gen))
		return pc_problem(c, "no IPCWALL_A_POLICY_GENERATION");
	if (generation)
		*generation = gen;
	return 0;
}

int tn_counts(struct policy_conn *c, struct tn_counts *n)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	int err;

	memset(n, 0, sizeof(*n));
	pc_request(c, IPCWALL_CMD_GET_STATUS);
	err = pc_send(c);
	if (err)
		return err;
	err = reply_attrs(c, tb);
	if (err)
		return err;
	if (!nl_attr_u64(tb[IPCWALL_A_TASKS_LIVE], &n->live) ||
	    !nl_attr_u64(tb[IPCWALL_A_TASKS_TOTAL], &n->total) ||
	    !nl_attr_u32(tb[IPCWALL_A_DEGRADED], &n->degraded))
		return pc_problem(c, "tasks live, tasks total or degraded missing");
	return 0;
}
