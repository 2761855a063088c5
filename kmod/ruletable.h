/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lookup tables of a validated policy: every question a decision asks
 * ("what do group G's outbound signal rules say about peer P and signal
 * 15?") is one or a bounded number of hash lookups, whatever the number of
 * rules. They are built once, when a policy is loaded, and never change.
 *
 * ruletable.c builds them and answers one question per specificity level;
 * decide.c asks the questions in the order docs/policy.md "Precedence"
 * gives.
 */
#ifndef _IPCWALL_RULETABLE_H
#define _IPCWALL_RULETABLE_H

#include <linux/limits.h>
#include <linux/types.h>

#include "uapi/ipcwall.h"

struct netlink_ext_ack;

/* No rule: in struct ipcwall_match and wherever a rule index is kept. */
#define IPCWALL_NO_RULE U32_MAX
/* A subject or target that is in no group. */
#define IPCWALL_GROUP_NONE U32_MAX

/**
 * struct ipcwall_image - what the selectors of a policy look at in a process
 * @exe:	the path of the program it executed (a script's own path)
 * @exe_len:	its length, without a NUL
 * @cgroup:	its cgroup v2 path, from the root
 * @cgroup_len:	its length, without a NUL
 * @uid:	its real uid, in the initial user namespace
 * @gid:	its real gid
 */
struct ipcwall_image {
	const char *exe;
	size_t exe_len;
	const char *cgroup;
	size_t cgroup_len;
	u32 uid;
	u32 gid;
};

/**
 * struct ipcwall_match - what the rules of one specificity level say
 * @allow:	the first (lowest index) matching allow rule, or IPCWALL_NO_RULE
 * @deny:	the first matching deny rule, or IPCWALL_NO_RULE
 *
 * Rules of one level are equally specific, so a deny among them beats any
 * allow; the first of the winning kind is the one reported.
 */
struct ipcwall_match {
	u32 allow;
	u32 deny;
};

/* An open addressing hash table of entry indices; 0 marks a free slot. */
struct ipcwall_htab {
	u32 *slot;
	u32 mask;
};

struct ipcwall_peer_entry;
struct ipcwall_key_entry;
struct ipcwall_path_entry;
struct ipcwall_prefix_entry;
struct ipcwall_bucket_entry;
struct ipcwall_port_seg;

/**
 * struct ipcwall_ruleset - a validated policy's sections and its tables
 * @strings:	the strings section
 * @groups:	the groups section
 * @group_count: its entries
 * @rules:	the rules section
 * @rule_count:	its entries
 * @selectors:	the selectors section
 * @selector_count: its entries
 * @refs:	the refs section: exe and cgroup globs
 * @ids:	the ids section: uids and gids
 * @memory:	bytes allocated for the tables
 * @names:	group name -> group index
 * @peer_tab:	(group, direction, class, peer) -> @peers
 * @peers:	each with its slots in @slots: one per signal (65) for the
 *		signal class, one per operation bit (4) otherwise
 * @key_tab:	(group, class, SysV key) -> @keys, slots per operation bit
 * @keys:	the SysV key entries
 * @exact_tab:	(group, class, wildcard-free glob) -> @exact, slots per
 *		operation bit
 * @exact:	the exact path entries
 * @anchor_tab:	(group, class, anchor) -> @anchors: the globs with wildcards
 *		whose fixed part reaches the directory "anchor"
 * @anchors:	each a range of @anchor_rules
 * @anchor_rules: rule indices, in rule order within each anchor
 * @slots:	struct ipcwall_match per slot, resolved at build time
 * @prefix_tab:	(group, family, protocol, operation) -> @prefixes: which
 *		address prefix lengths have rules
 * @prefixes:	the prefix length sets
 * @bucket_tab:	(group, family, protocol, operation, prefix length, masked
 *		address) -> @buckets: the rules of that network
 * @buckets:	each a range of @segs
 * @segs:	disjoint sorted port ranges, each with the rule that decides it
 * @exe_tab:	exe glob without wildcards (class 0) or anchor of one with
 *		wildcards (class 1) -> @exes
 * @exes:	each a range of @exe_sels
 * @exe_sels:	selector indices, ascending within each entry
 * @plain_sels:	the selectors without exe globs, ascending
 * @plain_count: their number
 * @sel_group:	the group of each selector
 */
struct ipcwall_ruleset {
	const char *strings;
	const struct ipcwall_policy_group *groups;
	u32 group_count;
	const struct ipcwall_policy_rule *rules;
	u32 rule_count;
	const struct ipcwall_policy_selector *selectors;
	u32 selector_count;
	const u32 *refs;
	const u32 *ids;
	size_t memory;

	struct ipcwall_htab names;
	struct ipcwall_htab peer_tab;
	struct ipcwall_peer_entry *peers;
	struct ipcwall_htab key_tab;
	struct ipcwall_key_entry *keys;
	struct ipcwall_htab exact_tab;
	struct ipcwall_path_entry *exact;
	struct ipcwall_htab anchor_tab;
	struct ipcwall_path_entry *anchors;
	u32 *anchor_rules;
	struct ipcwall_match *slots;
	struct ipcwall_htab prefix_tab;
	struct ipcwall_prefix_entry *prefixes;
	struct ipcwall_htab bucket_tab;
	struct ipcwall_bucket_entry *buckets;
	struct ipcwall_port_seg *segs;
	struct ipcwall_htab exe_tab;
	struct ipcwall_path_entry *exes;
	u32 *exe_sels;
	u32 *plain_sels;
	u32 plain_count;
	u32 *sel_group;
};

/*
 * Builds the tables of @rs, whose section pointers are set and validated,
 * allocating at most @budget bytes (-E2BIG past it, with a message).
 * On failure, ipcwall_ruleset_free() frees what was built. May sleep.
 */
int ipcwall_ruleset_build(struct ipcwall_ruleset *rs, size_t budget,
			  struct netlink_ext_ack *extack);
void ipcwall_ruleset_free(struct ipcwall_ruleset *rs);

/* Group index by name (@len bytes, no NUL needed), or -ENOENT. */
int ipcwall_ruleset_group(const struct ipcwall_ruleset *rs, const char *name,
			  size_t len);

/*
 * One specificity level each. They fill @m and return true when a rule of
 * @group matched. @slot is the signal number for the signal class and the
 * index of the operation bit otherwise; @op is the operation bit.
 */
bool ipcwall_ruleset_peer(const struct ipcwall_ruleset *rs, u32 group,
			  u8 direction, u8 class, u32 peer, unsigned int slot,
			  struct ipcwall_match *m);
bool ipcwall_ruleset_key(const struct ipcwall_ruleset *rs, u32 group,
			 u8 class, u32 key, unsigned int slot,
			 struct ipcwall_match *m);
/* The most specific matching level of path globs: exact, then anchors. */
bool ipcwall_ruleset_path(const struct ipcwall_ruleset *rs, u32 group,
			  u8 class, const char *path, size_t len, u32 op,
			  struct ipcwall_match *m);
/* The longest matching prefix, then the narrowest port range. */
bool ipcwall_ruleset_inet(const struct ipcwall_ruleset *rs, u32 group,
			  u8 family, u8 protocol, u32 op, const u8 *addr,
			  u16 port, struct ipcwall_match *m);

/*
 * The group a process with @image joins: the first group, in policy order,
 * one of whose selectors matches it, or IPCWALL_GROUP_NONE.
 */
u32 ipcwall_ruleset_classify(const struct ipcwall_ruleset *rs,
			     const struct ipcwall_image *image);

#endif /* _IPCWALL_RULETABLE_H */
