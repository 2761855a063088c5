// SPDX-License-Identifier: GPL-2.0
/*
 * One decision: docs/policy.md "Precedence", in code.
 *
 * Both sides of an interaction judge it on their own: the acting group by
 * its outbound rules, then its default_outbound; the target's group by its
 * inbound rules, then its default_inbound. It happens only if neither
 * denies. Within a group the most specific level of rules that matches
 * decides, deny beating allow on that level; the levels, most specific
 * first, are:
 *
 *   outbound: the object itself (the exact path then the deepest anchor,
 *             the SysV key, the longest inet prefix then the narrowest
 *             port range), then the peer named (a group or "unconfined"),
 *             then "*", then the default;
 *   inbound:  the peer named, then "*", then the default.
 *
 * A unix socket named both by address and by the group that bound it is
 * judged by its address first, as a SysV object is by its key: a rule on
 * the object names it more precisely than one on its owner.
 *
 * Between two members of one group only the rules naming that group judge,
 * with no "*", no object rules and no defaults; with none, it is allowed.
 * An unconfined side does not judge. A complain-mode group's denial allows
 * and audits; the other side's judgment still stands.
 */
#include <linux/bitops.h>
#include <linux/bug.h>

#include "policy.h"
#include "ruletable.h"

/**
 * struct judgment - what one side said
 * @judged:	a rule or default of @group decided
 * @group:	the judging group
 * @direction:	IPCWALL_OUTBOUND or IPCWALL_INBOUND
 * @rule:	the deciding rule (index in the rules section), or
 *		IPCWALL_NO_RULE for the default
 * @deny:	it refuses, after the group's mode
 * @complained:	it would refuse, but the group is in complain mode
 * @audit:	it is to be audited, after the group's mode
 */
struct judgment {
	bool judged;
	u32 group;
	u8 direction;
	u32 rule;
	bool deny;
	bool complained;
	bool audit;
};

static void judge(const struct ipcwall_ruleset *rs, struct judgment *j,
		  u8 action, u32 rule, bool audit)
{
	bool complain = rs->groups[j->group].mode == IPCWALL_MODE_COMPLAIN;

	j->judged = true;
	j->rule = rule;
	j->deny = action == IPCWALL_DENY && !complain;
	j->complained = action == IPCWALL_DENY && complain;
	j->audit = audit || j->complained;
}

static bool judge_match(const struct ipcwall_ruleset *rs, struct judgment *j,
			const struct ipcwall_match *m)
{
	u32 rule = m->deny != IPCWALL_NO_RULE ? m->deny : m->allow;
	const struct ipcwall_policy_rule *r = &rs->rules[rule];

	judge(rs, j, r->action, rule, r->flags & IPCWALL_RULE_AUDIT);
	return true;
}

/* Default denials are audited, default allows are not. */
static void judge_default(const struct ipcwall_ruleset *rs,
			  struct judgment *j)
{
	const struct ipcwall_policy_group *g = &rs->groups[j->group];
	u8 action = j->direction == IPCWALL_OUTBOUND ? g->default_outbound :
						      g->default_inbound;

	judge(rs, j, action, IPCWALL_NO_RULE, action == IPCWALL_DENY);
}

static bool has_target(const struct ipcwall_request *req)
{
	return req->object == IPCWALL_OBJECT_PEER ||
	       req->object == IPCWALL_OBJECT_KEY ||
	       (req->object == IPCWALL_OBJECT_PATH &&
		req->class == IPCWALL_CLASS_UNIX);
}

/* Peer rules: the named peer, then "*" unless both sides are one group. */
static bool judge_peer(const struct ipcwall_ruleset *rs, struct judgment *j,
		       const struct ipcwall_request *req, u32 peer,
		       unsigned int slot)
{
	struct ipcwall_match m;
	u32 named = peer == IPCWALL_GROUP_NONE ? IPCWALL_PEER_UNCONFINED :
						 peer;

	if (ipcwall_ruleset_peer(rs, j->group, j->direction, req->class,
				 named, slot, &m))
		return judge_match(rs, j, &m);
	if (peer == j->group)
		return false;
	if (ipcwall_ruleset_peer(rs, j->group, j->direction, req->class,
				 IPCWALL_PEER_ANY, slot, &m))
		return judge_match(rs, j, &m);
	return false;
}

/* Rules on the object itself: outbound only. */
static bool judge_object(const struct ipcwall_ruleset *rs, struct judgment *j,
			 const struct ipcwall_request *req, unsigned int slot)
{
	struct ipcwall_match m;
	bool found = false;

	switch (req->object) {
	case IPCWALL_OBJECT_PATH:
		found = ipcwall_ruleset_path(rs, j->group, req->class,
					     req->path, req->path_len, req->op,
					     &m);
		break;
	case IPCWALL_OBJECT_KEY:
		found = ipcwall_ruleset_key(rs, j->group, req->class, req->key,
					    slot, &m);
		break;
	case IPCWALL_OBJECT_INET:
		found = ipcwall_ruleset_inet(rs, j->group, req->inet.family,
					     req->inet.protocol, req->op,
					     req->inet.addr, req->inet.port,
					     &m);
		break;
	}
	return found && judge_match(rs, j, &m);
}

static void judge_outbound(const struct ipcwall_ruleset *rs,
			   const struct ipcwall_request *req,
			   unsigned int slot, struct judgment *j)
{
	bool same = req->subject == req->target && has_target(req);

	j->group = req->subject;
	j->direction = IPCWALL_OUTBOUND;
	if (same) {
		judge_peer(rs, j, req, req->subject, slot);
		return;
	}
	if (judge_object(rs, j, req, slot))
		return;
	if (has_target(req) && judge_peer(rs, j, req, req->target, slot))
		return;
	judge_default(rs, j);
}

static void judge_inbound(const struct ipcwall_ruleset *rs,
			  const struct ipcwall_request *req,
			  unsigned int slot, struct judgment *j)
{
	j->group = req->target;
	j->direction = IPCWALL_INBOUND;
	if (judge_peer(rs, j, req, req->subject, slot))
		return;
	if (req->subject != req->target)
		judge_default(rs, j);
}

/* The slot of the request in the tables, or -1 when it is malformed. */
static int request_slot(const struct ipcwall_request *req)
{
	if (req->class == IPCWALL_CLASS_SIGNAL)
		return req->op == IPCWALL_OP_SIGNAL_SEND &&
		       req->signal <= IPCWALL_SIGNAL_MAX ? req->signal : -1;
	if (!req->op || req->op & (req->op - 1) || req->op > BIT(3))
		return -1;
	return __ffs(req->op);
}

static void report(const struct ipcwall_ruleset *rs,
		   const struct judgment *j, struct ipcwall_verdict *v)
{
	v->allow = !j->deny;
	v->complained = j->complained;
	v->audit = j->audit;
	v->decided = true;
	v->group = j->group;
	v->direction = j->direction;
	v->rule = j->rule == IPCWALL_NO_RULE ? U32_MAX :
		  j->rule - rs->groups[j->group].rule_first;
}

void ipcwall_decide(const struct ipcwall_policy *policy,
		    const struct ipcwall_request *req,
		    struct ipcwall_verdict *verdict)
{
	const struct ipcwall_ruleset *rs;
	struct judgment side[2] = {};
	int slot, i;

	*verdict = (struct ipcwall_verdict) { .allow = true };
	if (!policy)
		return;
	rs = ipcwall_policy_ruleset(policy);
	slot = request_slot(req);
	if (WARN_ON_ONCE(slot < 0))
		return;
	if (req->subject != IPCWALL_GROUP_NONE &&
	    !WARN_ON_ONCE(req->subject >= rs->group_count))
		judge_outbound(rs, req, slot, &side[0]);
	if (has_target(req) && req->target != IPCWALL_GROUP_NONE &&
	    !WARN_ON_ONCE(req->target >= rs->group_count))
		judge_inbound(rs, req, slot, &side[1]);

	/* A refusal decides; else what is audited names its reason. */
	for (i = 0; i < 2; i++) {
		if (side[i].judged && side[i].deny) {
			report(rs, &side[i], verdict);
			return;
		}
	}
	for (i = 0; i < 2; i++) {
		if (side[i].judged && side[i].audit) {
			report(rs, &side[i], verdict);
			return;
		}
	}
	for (i = 0; i < 2; i++) {
		if (side[i].judged) {
			report(rs, &side[i], verdict);
			return;
		}
	}
}
