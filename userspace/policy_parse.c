// SPDX-License-Identifier: GPL-2.0
/*
 * The policy compiler: YAML documents (docs/policy.md) into a policy image
 * (policy_image.h), in two passes. The first collects every group name of
 * every file, so that a rule may name a group defined anywhere in the
 * policy; the second compiles each group into the image, expanding lists
 * into one compiled rule per value.
 *
 * Nothing stops at the first error: everything is checked and every error
 * reported (up to the cap of struct yaml_diags), and the image is worth
 * nothing unless no error was found.
 */
#define _GNU_SOURCE	/* reallocarray */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../kmod/limits.h"
#include "../kmod/policy_check.h"
#include "common.h"
#include "policy_parse.h"
#include "policy_values.h"

/**
 * struct group_def - a group found by the first pass
 * @map:	its mapping
 * @name_node:	the value of its `group' key, or NULL when missing
 * @name:	its name, or NULL when invalid or already defined
 */
struct group_def {
	const struct yaml_node *map;
	const struct yaml_node *name_node;
	const char *name;
};

/**
 * struct compiler - one compilation
 * @d:		where errors go
 * @img:	what is built
 * @groups:	every group, in policy order: a group's index in the image
 * @by_name:	the groups with a valid name, sorted by name, for lookups
 * @n_named:	entries in @by_name
 * @incomplete:	a file failed to load, so a group a rule names may be
 *		defined there: unknown peers are not reported
 * @full_*:	that limit was exceeded and reported; nothing more is added
 * @oom:	memory ran out (reported once)
 */
struct compiler {
	struct yaml_diags *d;
	struct policy_image *img;
	struct group_def *groups;
	size_t n_groups, cap_groups;
	const struct group_def **by_name;
	size_t n_named;
	bool incomplete;
	bool full_groups, full_selectors, full_rules, full_refs, full_ids;
	bool full_strings;
	bool oom;
};

static void out_of_memory(struct compiler *c, const struct yaml_node *n)
{
	if (!c->oom)
		yaml_error_at(c->d, n ? n->file : PROG_NAME, 0, 0,
			      "out of memory");
	c->oom = true;
}

/* ---- Limits and the image's appenders ---- */

static __u32 add_string(struct compiler *c, const struct yaml_node *n,
			const char *s, size_t len)
{
	__u32 ref = 0;

	if (c->full_strings)
		return 0;
	if (policy_image_string(c->img, s, len, &ref)) {
		out_of_memory(c, n);
		return 0;
	}
	if (c->img->strings_len > IPCWALL_MAX_STRINGS_SIZE) {
		yaml_error(c->d, n, "the strings of the policy reach %zu bytes here, past the limit of %u bytes",
			   c->img->strings_len, IPCWALL_MAX_STRINGS_SIZE);
		c->full_strings = true;
	}
	return ref;
}

static void add_ref(struct compiler *c, const struct yaml_node *n, __u32 ref)
{
	if (c->full_refs)
		return;
	if (c->img->n_refs >= IPCWALL_MAX_REFS) {
		yaml_error(c->d, n, "exe or cgroup glob %zu exceeds the limit of %u exe and cgroup globs",
			   c->img->n_refs + 1, IPCWALL_MAX_REFS);
		c->full_refs = true;
		return;
	}
	if (policy_image_add_ref(c->img, ref, NULL))
		out_of_memory(c, n);
}

static void add_id(struct compiler *c, const struct yaml_node *n, __u32 id)
{
	if (c->full_ids)
		return;
	if (c->img->n_ids >= IPCWALL_MAX_IDS) {
		yaml_error(c->d, n, "uid or gid %zu exceeds the limit of %u uids and gids",
			   c->img->n_ids + 1, IPCWALL_MAX_IDS);
		c->full_ids = true;
		return;
	}
	if (policy_image_add_id(c->img, id, NULL))
		out_of_memory(c, n);
}

static void add_rule(struct compiler *c, const struct yaml_node *n,
		     const struct ipcwall_policy_rule *r)
{
	struct ipcwall_policy_rule *e;

	if (c->full_rules)
		return;
	if (c->img->n_rules >= IPCWALL_MAX_RULES) {
		yaml_error(c->d, n, "rule %zu exceeds the limit of %u rules, counted after expanding lists",
			   c->img->n_rules + 1, IPCWALL_MAX_RULES);
		c->full_rules = true;
		return;
	}
	e = policy_image_add_rule(c->img, NULL);
	if (!e) {
		out_of_memory(c, n);
		return;
	}
	*e = *r;
}

/* ---- Helpers on nodes ---- */

/* The key node of @key in @map, for errors about the key itself. */
static const struct yaml_node *key_of(const struct yaml_node *map,
				      const char *key)
{
	size_t i;

	for (i = 0; i < map->map.count; i++)
		if (!strcmp(map->map.pairs[i].key->scalar.str, key))
			return map->map.pairs[i].key;
	return map;
}

/*
 * A value or a list of values: the items in *@items, their number in
 * *@count. *@np is the node; it is also the single item of a scalar, so
 * the variable it points to must outlive the use of *@items. A list must
 * not be empty; the parser of each item checks that it is a scalar.
 */
static int values(struct compiler *c, const struct yaml_node *const *np,
		  const char *what, const struct yaml_node *const **items,
		  size_t *count)
{
	const struct yaml_node *n = *np;

	*items = np;
	*count = 0;
	if (n->kind == YAML_DOC_MAP) {
		yaml_error(c->d, n, "expected a value or a list for `%s', found a mapping",
			   what);
		return -1;
	}
	if (n->kind == YAML_DOC_SCALAR) {
		if (yaml_expect_scalar(c->d, n, what))
			return -1;
		*count = 1;
		return 0;
	}
	if (!n->seq.count) {
		yaml_error(c->d, n, "empty list for `%s'; expected at least one value",
			   what);
		return -1;
	}
	*items = (const struct yaml_node *const *)n->seq.items;
	*count = n->seq.count;
	return 0;
}

/* ---- First pass: the groups and their names ---- */

static void collect_group(struct compiler *c, const struct yaml_node *map)
{
	const struct yaml_node *name_node;
	struct group_def *def, *p;
	const char *name;
	size_t i;

	if (c->n_groups >= IPCWALL_MAX_GROUPS) {
		if (!c->full_groups)
			yaml_error(c->d, map, "group %zu exceeds the limit of %u groups",
				   c->n_groups + 1, IPCWALL_MAX_GROUPS);
		c->full_groups = true;
		return;
	}
	if (c->n_groups == c->cap_groups) {
		size_t cap = c->cap_groups ? c->cap_groups * 2 : 16;

		p = reallocarray(c->groups, cap, sizeof(*p));
		if (!p) {
			out_of_memory(c, map);
			return;
		}
		c->groups = p;
		c->cap_groups = cap;
	}
	name_node = yaml_map_require(c->d, map, "group", "the group");
	def = &c->groups[c->n_groups++];
	*def = (struct group_def){ .map = map, .name_node = name_node };
	if (!name_node || policy_group_name(c->d, name_node, &name))
		return;
	for (i = 0; i < c->n_groups - 1; i++) {
		p = &c->groups[i];
		if (p->name && !strcmp(p->name, name)) {
			yaml_error(c->d, name_node, "group `%s' is already defined at %s:%u:%u",
				   name, p->name_node->file,
				   p->name_node->line, p->name_node->col);
			return;
		}
	}
	def->name = name;
}

#define FILE_FORMS "a group (a mapping with `group') or `groups' and a list of groups"

static void collect_doc(struct compiler *c, const struct yaml_doc *doc)
{
	const struct yaml_node *root = doc->root, *list, *k;
	size_t i;

	if (!root) {
		yaml_error_at(c->d, doc->file, 0, 0, "no group in this file; expected %s",
			      FILE_FORMS);
		return;
	}
	if (root->kind != YAML_DOC_MAP) {
		yaml_error(c->d, root, "expected %s, found a %s", FILE_FORMS,
			   root->kind == YAML_DOC_SEQ ? "sequence" : "value");
		return;
	}
	list = yaml_map_get(root, "groups");
	if (!list) {
		collect_group(c, root);
		return;
	}
	for (i = 0; i < root->map.count; i++) {
		k = root->map.pairs[i].key;
		if (strcmp(k->scalar.str, "groups"))
			yaml_error(c->d, k, "key `%s' next to `groups'; a file holds either one group or `groups' and a list of groups",
				   k->scalar.str);
	}
	if (yaml_expect_seq(c->d, list, "groups"))
		return;
	for (i = 0; i < list->seq.count; i++)
		if (!yaml_expect_map(c->d, list->seq.items[i], "groups"))
			collect_group(c, list->seq.items[i]);
}

static int by_name_cmp(const void *a, const void *b)
{
	const struct group_def *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* ---- Second pass: peers ---- */

static void unknown_peer(struct compiler *c, const struct yaml_node *n,
			 const char *what)
{
	char q[YAML_ESCAPE_SIZE];
	const char **names, *near = NULL;
	size_t i, k = 0;

	if (c->incomplete)
		return;
	names = calloc(c->n_groups + 1, sizeof(*names));
	if (names) {
		for (i = 0; i < c->n_groups; i++)
			if (c->groups[i].name)
				names[k++] = c->groups[i].name;
		names[k++] = "unconfined";
		near = policy_closest(names, k, n->scalar.str, n->scalar.len);
		free(names);
	}
	yaml_escape(q, n->scalar.str, n->scalar.len);
	if (near)
		yaml_error(c->d, n, "unknown group `%s' in `%s'; did you mean `%s'?",
			   q, what, near);
	else
		yaml_error(c->d, n, "unknown group `%s' in `%s'; expected a group of the policy, \"*\" or unconfined",
			   q, what);
}

static int peer(struct compiler *c, const struct yaml_node *n,
		const char *what, __u32 *out)
{
	const struct group_def *kp, **found;
	struct group_def key;
	const char *s;

	if (yaml_scalar_str(c->d, n, what, YAML_DOC_MAX_SCALAR, &s))
		return -1;
	if (!strcmp(s, "*")) {
		*out = IPCWALL_PEER_ANY;
		return 0;
	}
	if (!strcmp(s, "unconfined")) {
		*out = IPCWALL_PEER_UNCONFINED;
		return 0;
	}
	key = (struct group_def){ .name = s };
	kp = &key;
	found = c->n_named ? bsearch(&kp, c->by_name, c->n_named,
				     sizeof(*c->by_name), by_name_cmp) : NULL;
	if (!found) {
		unknown_peer(c, n, what);
		return -1;
	}
	*out = *found - c->groups;
	return 0;
}

/* ---- Second pass: rules ---- */

static const char *const class_names[] = {
	"signal", "ptrace", "shm", "msg", "sem", "posix_shm", "posix_mq",
	"unix", "inet", "file", NULL,
};

static const char *const ptrace_ops[] = { "read", "attach", NULL };
static const char *const sysv_ops[] = {
	"read", "write", "create", "control", NULL,
};
static const char *const msg_ops[] = {
	"send", "receive", "create", "control", NULL,
};
static const char *const posix_shm_ops[] = {
	"read", "write", "create", "unlink", NULL,
};
static const char *const posix_mq_ops[] = {
	"send", "receive", "create", "unlink", NULL,
};
static const char *const unix_ops[] = { "connect", "send", "pass_fd", NULL };
static const char *const inet_ops[] = { "connect", "bind", NULL };
static const char *const file_ops[] = {
	"read", "write", "exec", "create", NULL,
};

static const char *const signal_keys[] = {
	"allow", "deny", "to", "from", "signals", "audit", NULL,
};
static const char *const ptrace_keys[] = {
	"allow", "deny", "to", "from", "ops", "audit", NULL,
};
static const char *const sysv_keys[] = {
	"allow", "deny", "to", "from", "keys", "ops", "audit", NULL,
};
static const char *const posix_keys[] = {
	"allow", "deny", "names", "ops", "audit", NULL,
};
static const char *const unix_keys[] = {
	"allow", "deny", "to", "from", "paths", "ops", "audit", NULL,
};
static const char *const inet_keys[] = {
	"allow", "deny", "addresses", "ports", "protocols", "ops", "audit",
	NULL,
};
static const char *const file_keys[] = {
	"allow", "deny", "paths", "ops", "audit", NULL,
};

static const char *const rule_keys[] = {
	"allow", "deny", "to", "from", "ops", "audit", "signals", "paths",
	"names", "keys", "addresses", "ports", "protocols", NULL,
};

/**
 * struct class_info - what a rule of one class may say
 * @ops:	its operations, bit n for @ops[n]; NULL when it has none
 * @keys:	the keys its rules take
 * @resource:	the key naming its resources, or NULL (inet has three)
 * @needs:	what a rule without an object lacks, for the message
 */
struct class_info {
	const char *const *ops;
	const char *const *keys;
	const char *resource;
	const char *needs;
};

static const struct class_info classes[] = {
	[IPCWALL_CLASS_SIGNAL] = { NULL, signal_keys, NULL,
		"`to' or `from'" },
	[IPCWALL_CLASS_PTRACE] = { ptrace_ops, ptrace_keys, NULL,
		"`to' or `from'" },
	[IPCWALL_CLASS_SHM] = { sysv_ops, sysv_keys, "keys",
		"`to' or `from' (the group that created the object), or `keys'" },
	[IPCWALL_CLASS_MSG] = { msg_ops, sysv_keys, "keys",
		"`to' or `from' (the group that created the object), or `keys'" },
	[IPCWALL_CLASS_SEM] = { sysv_ops, sysv_keys, "keys",
		"`to' or `from' (the group that created the object), or `keys'" },
	[IPCWALL_CLASS_POSIX_SHM] = { posix_shm_ops, posix_keys, "names",
		"`names'" },
	[IPCWALL_CLASS_POSIX_MQ] = { posix_mq_ops, posix_keys, "names",
		"`names'" },
	[IPCWALL_CLASS_UNIX] = { unix_ops, unix_keys, "paths",
		"`to' or `from' (the group that bound the socket), or `paths'" },
	[IPCWALL_CLASS_INET] = { inet_ops, inet_keys, NULL, NULL },
	[IPCWALL_CLASS_FILE] = { file_ops, file_keys, "paths",
		"`paths'" },
};

static bool listed(const char *const *names, const char *s)
{
	for (; *names; names++)
		if (!strcmp(*names, s))
			return true;
	return false;
}

/* "a, b, c" into @buf. */
static const char *join(char *buf, size_t size, const char *const *names)
{
	size_t o = 0;

	buf[0] = '\0';
	for (; *names && o < size; names++)
		o += snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
			      *names);
	return buf;
}

/* Every key of a rule of class @cls; returns how many are wrong. */
static int check_rule_keys(struct compiler *c, const struct yaml_node *map,
			   unsigned int cls, unsigned int index)
{
	const struct class_info *ci = &classes[cls];
	bool peers = ipcwall_class_has_object(cls, IPCWALL_OBJECT_PEER);
	const char *cname = class_names[cls - 1];
	char q[YAML_ESCAPE_SIZE], list[256];
	const struct yaml_node *k;
	const char *s, *near;
	size_t i, n;
	int bad = 0;

	for (i = 0; i < map->map.count; i++) {
		k = map->map.pairs[i].key;
		s = k->scalar.str;
		if (listed(ci->keys, s))
			continue;
		bad++;
		if (!strcmp(s, "from") && !peers)
			yaml_error(c->d, k, "`from' does not apply to %s rules: rules about resources are outbound, they say what members of the group may do%s%s%s",
				   cname, ci->resource ? "; name the resources with `" : "",
				   ci->resource ? ci->resource : "",
				   ci->resource ? "'" : "");
		else if (!strcmp(s, "to") && !peers)
			yaml_error(c->d, k, "`to' does not apply to %s rules: they name resources%s%s%s, not peers",
				   cname, ci->resource ? " with `" : "",
				   ci->resource ? ci->resource : "",
				   ci->resource ? "'" : "");
		else if (listed(rule_keys, s))
			yaml_error(c->d, k, "`%s' does not apply to %s rules; they take: %s",
				   s, cname, join(list, sizeof(list), ci->keys));
		else {
			for (n = 0; ci->keys[n]; n++)
				;
			near = policy_closest(ci->keys, n, s, k->scalar.len);
			yaml_escape(q, s, k->scalar.len);
			if (near)
				yaml_error(c->d, k, "unknown key `%s' in rule %u; did you mean `%s'?",
					   q, index, near);
			else
				yaml_error(c->d, k, "unknown key `%s' in rule %u; expected one of: %s",
					   q, index, join(list, sizeof(list), ci->keys));
		}
	}
	return bad;
}

/* The `ops' of a rule as a mask, or -1. */
static long rule_ops(struct compiler *c, const struct yaml_node *map,
		     unsigned int cls, bool by_owner)
{
	const struct class_info *ci = &classes[cls];
	const struct yaml_node *n = yaml_map_get(map, "ops");
	const struct yaml_node *const *items;
	unsigned int op, all = ipcwall_class_ops(cls);
	long mask = 0;
	size_t i, count;

	if (!ci->ops)
		return all;
	if (!n)
		return by_owner ? all & ~IPCWALL_OP_SYSV_CREATE : all;
	if (values(c, &n, "ops", &items, &count))
		return -1;
	for (i = 0; i < count; i++) {
		if (yaml_scalar_enum(c->d, items[i], "ops", ci->ops, &op)) {
			mask = -1;
			continue;
		}
		if (by_owner && (1U << op) == IPCWALL_OP_SYSV_CREATE) {
			yaml_error(c->d, items[i], "op `create' cannot apply to an object named by the group that created it: an object has no owner before it exists; name it by `keys'");
			mask = -1;
			continue;
		}
		if (mask >= 0)
			mask |= 1U << op;
	}
	return mask;
}

/* An inet rule's objects, expanded: every address with every port. */
static void inet_rules(struct compiler *c, const struct yaml_node *map,
		       struct ipcwall_policy_rule *t)
{
	const struct yaml_node *an = yaml_map_get(map, "addresses");
	const struct yaml_node *pn = yaml_map_get(map, "ports");
	const struct yaml_node *rn = yaml_map_get(map, "protocols");
	static const char *const protocols[] = { "tcp", "udp", NULL };
	const struct yaml_node *const *addrs = NULL, *const *ports = NULL;
	const struct yaml_node *const *pr;
	size_t n_addrs = 1, n_ports = 1, n_pr, i, j;
	struct policy_inet_addr *a = NULL;
	__u16 (*p)[2] = NULL;
	unsigned int proto;
	bool bad = false;

	t->object = IPCWALL_OBJECT_INET;
	t->inet.protocols = IPCWALL_PROTOS;
	if (rn) {
		t->inet.protocols = 0;
		if (values(c, &rn, "protocols", &pr, &n_pr))
			bad = true;
		for (i = 0; i < n_pr; i++) {
			if (yaml_scalar_enum(c->d, pr[i], "protocols",
					     protocols, &proto))
				bad = true;
			else
				t->inet.protocols |= 1U << proto;
		}
	}
	if (an && values(c, &an, "addresses", &addrs, &n_addrs))
		return;
	if (pn && values(c, &pn, "ports", &ports, &n_ports))
		return;
	a = calloc(n_addrs, sizeof(*a));
	p = calloc(n_ports, sizeof(*p));
	if (!a || !p) {
		out_of_memory(c, map);
		goto out;
	}
	for (i = 0; an && i < n_addrs; i++)
		if (policy_inet_addr(c->d, addrs[i], &a[i]))
			bad = true;
	for (i = 0; i < n_ports; i++) {
		p[i][0] = 0;
		p[i][1] = 65535;
		if (pn && policy_port_range(c->d, ports[i], &p[i][0], &p[i][1]))
			bad = true;
	}
	if (bad)
		goto out;
	for (i = 0; i < n_addrs; i++) {
		t->inet.family = a[i].family;
		t->inet.prefix_len = a[i].prefix_len;
		memcpy(t->inet.addr, a[i].addr, sizeof(t->inet.addr));
		for (j = 0; j < n_ports; j++) {
			t->inet.port_min = p[j][0];
			t->inet.port_max = p[j][1];
			add_rule(c, pn ? ports[j] : an ? addrs[i] : map, t);
		}
	}
out:
	free(a);
	free(p);
}

/* One compiled rule per value of @n, the class's resource key. */
static void resource_rules(struct compiler *c, const struct yaml_node *n,
			   const char *key, struct ipcwall_policy_rule *t)
{
	const struct yaml_node *const *items;
	enum policy_glob_kind kind;
	const char *s;
	size_t i, count, len;
	uint64_t v;

	if (values(c, &n, key, &items, &count))
		return;
	switch (t->class) {
	case IPCWALL_CLASS_POSIX_SHM:
	case IPCWALL_CLASS_POSIX_MQ:
		kind = POLICY_GLOB_POSIX;
		break;
	case IPCWALL_CLASS_UNIX:
		kind = POLICY_GLOB_UNIX;
		break;
	default:
		kind = POLICY_GLOB_PATH;
		break;
	}
	for (i = 0; i < count; i++) {
		if (!strcmp(key, "keys")) {
			if (yaml_scalar_u64(c->d, items[i], key, 0xffffffffU, &v))
				continue;
			t->object = IPCWALL_OBJECT_KEY;
			t->key = v;
		} else {
			if (policy_glob(c->d, items[i], key, kind, &s, &len))
				continue;
			t->object = IPCWALL_OBJECT_PATH;
			t->string = add_string(c, items[i], s, len);
		}
		add_rule(c, items[i], t);
	}
}

static void peer_rules(struct compiler *c, const struct yaml_node *n,
		       const char *key, struct ipcwall_policy_rule *t)
{
	const struct yaml_node *const *items;
	size_t i, count;

	if (values(c, &n, key, &items, &count))
		return;
	t->object = IPCWALL_OBJECT_PEER;
	for (i = 0; i < count; i++)
		if (!peer(c, items[i], key, &t->peer))
			add_rule(c, items[i], t);
}

static void compile_rule(struct compiler *c, const struct yaml_node *map,
			 unsigned int index)
{
	const struct yaml_node *allow, *deny, *to, *from, *who, *res = NULL;
	struct ipcwall_policy_rule t = { 0 };
	const struct class_info *ci;
	const struct yaml_node *const *items;
	unsigned int cls;
	size_t i, count;
	char ctx[32];
	bool audit;
	long ops;

	snprintf(ctx, sizeof(ctx), "rule %u", index);
	if (yaml_expect_map(c->d, map, "rules"))
		return;
	allow = yaml_map_get(map, "allow");
	deny = yaml_map_get(map, "deny");
	if (allow && deny) {
		yaml_error(c->d, key_of(map, "deny"), "rule %u has both `allow' and `deny'; expected exactly one",
			   index);
		return;
	}
	if (!allow && !deny) {
		yaml_error(c->d, map, "rule %u has neither `allow' nor `deny'; expected `allow: CLASS' or `deny: CLASS'",
			   index);
		yaml_map_check_keys(c->d, map, rule_keys, ctx);
		return;
	}
	if (yaml_scalar_enum(c->d, allow ? allow : deny,
			     allow ? "allow" : "deny", class_names, &cls)) {
		yaml_map_check_keys(c->d, map, rule_keys, ctx);
		return;
	}
	t.class = ++cls;
	t.action = allow ? IPCWALL_ALLOW : IPCWALL_DENY;
	ci = &classes[cls];
	if (check_rule_keys(c, map, cls, index))
		return;

	to = yaml_map_get(map, "to");
	from = yaml_map_get(map, "from");
	who = to ? to : from;
	if (to && from) {
		yaml_error(c->d, key_of(map, "from"), "rule %u has both `to' and `from'; expected one of them: write one rule for each direction",
			   index);
		return;
	}
	if (ci->resource)
		res = yaml_map_get(map, ci->resource);
	if (who && res) {
		yaml_error(c->d, key_of(map, ci->resource), "rule %u has both `%s' and `%s': a rule is about peers (`to' or `from') or about resources (`%s'), never both%s",
			   index, to ? "to" : "from", ci->resource,
			   ci->resource,
			   from ? "; and rules about resources are outbound" : "");
		return;
	}
	if (!who && !res && ci->needs) {
		yaml_error(c->d, map, "rule %u names nothing it is about; expected %s",
			   index, ci->needs);
		return;
	}
	t.direction = from ? IPCWALL_INBOUND : IPCWALL_OUTBOUND;

	ops = rule_ops(c, map, cls, who && ci->resource &&
				     !strcmp(ci->resource, "keys"));
	if (yaml_map_get(map, "audit")) {
		if (yaml_scalar_bool(c->d, yaml_map_get(map, "audit"), "audit",
				     &audit))
			return;
	} else {
		audit = t.action == IPCWALL_DENY;
	}
	t.flags = audit ? IPCWALL_RULE_AUDIT : 0;
	if (cls == IPCWALL_CLASS_SIGNAL) {
		const struct yaml_node *sn = yaml_map_get(map, "signals");

		if (!sn) {
			t.signals[0] = ~0ULL;
			t.signals[1] = 1;
		} else if (values(c, &sn, "signals", &items, &count)) {
			return;
		} else {
			for (i = 0; i < count; i++)
				if (policy_signals(c->d, items[i], t.signals))
					ops = -1;
		}
	}
	if (ops < 0)
		return;
	t.ops = ops;

	if (who)
		peer_rules(c, who, to ? "to" : "from", &t);
	else if (res)
		resource_rules(c, res, ci->resource, &t);
	else
		inet_rules(c, map, &t);
}

/* ---- Second pass: groups ---- */

static void compile_selector(struct compiler *c, const struct yaml_node *map,
			     unsigned int index)
{
	static const char *const keys[] = {
		"exe", "cgroup", "uid", "gid", NULL,
	};
	struct ipcwall_policy_selector sel = { 0 }, *e;
	const struct yaml_node *const *items;
	const struct yaml_node *n;
	size_t i, count, len;
	unsigned int k;
	char ctx[32];
	const char *s;
	__u32 id;

	snprintf(ctx, sizeof(ctx), "selector %u", index);
	if (yaml_expect_map(c->d, map, "members"))
		return;
	yaml_map_check_keys(c->d, map, keys, ctx);
	if (!map->map.count) {
		yaml_error(c->d, map, "selector %u is empty; expected one or more of exe, cgroup, uid and gid",
			   index);
		return;
	}
	for (k = 0; keys[k]; k++) {
		n = yaml_map_get(map, keys[k]);
		if (!n || values(c, &n, keys[k], &items, &count))
			continue;
		if (k < 2) {
			if (k == 0)
				sel.exe_first = c->img->n_refs;
			else
				sel.cgroup_first = c->img->n_refs;
			for (i = 0; i < count; i++) {
				if (policy_glob(c->d, items[i], keys[k],
						POLICY_GLOB_PATH, &s, &len))
					continue;
				add_ref(c, items[i],
					add_string(c, items[i], s, len));
			}
			if (k == 0)
				sel.exe_count = c->img->n_refs - sel.exe_first;
			else
				sel.cgroup_count = c->img->n_refs -
						   sel.cgroup_first;
		} else {
			if (k == 2)
				sel.uid_first = c->img->n_ids;
			else
				sel.gid_first = c->img->n_ids;
			for (i = 0; i < count; i++)
				if (!policy_id(c->d, items[i], keys[k], k == 3,
					       &id))
					add_id(c, items[i], id);
			if (k == 2)
				sel.uid_count = c->img->n_ids - sel.uid_first;
			else
				sel.gid_count = c->img->n_ids - sel.gid_first;
		}
	}
	if (c->full_selectors)
		return;
	if (c->img->n_selectors >= IPCWALL_MAX_SELECTORS) {
		yaml_error(c->d, map, "selector %zu exceeds the limit of %u selectors",
			   c->img->n_selectors + 1, IPCWALL_MAX_SELECTORS);
		c->full_selectors = true;
		return;
	}
	e = policy_image_add_selector(c->img, NULL);
	if (!e) {
		out_of_memory(c, map);
		return;
	}
	*e = sel;
}

static void compile_defaults(struct compiler *c, const struct yaml_node *n,
			     struct ipcwall_policy_group *g)
{
	static const char *const keys[] = { "inbound", "outbound", NULL };
	static const char *const actions[] = { "allow", "deny", NULL };
	const struct yaml_node *v;
	unsigned int a;

	if (yaml_expect_map(c->d, n, "default"))
		return;
	yaml_map_check_keys(c->d, n, keys, "`default'");
	v = yaml_map_get(n, "inbound");
	if (v && !yaml_scalar_enum(c->d, v, "inbound", actions, &a))
		g->default_inbound = a + 1;
	v = yaml_map_get(n, "outbound");
	if (v && !yaml_scalar_enum(c->d, v, "outbound", actions, &a))
		g->default_outbound = a + 1;
}

static void compile_group(struct compiler *c, const struct group_def *def)
{
	static const char *const keys[] = {
		"group", "description", "mode", "members", "launch", "default",
		"rules", NULL,
	};
	static const char *const modes[] = { "enforce", "complain", NULL };
	const struct yaml_node *map = def->map, *n;
	struct ipcwall_policy_group g = { 0 };
	struct ipcwall_policy_group *e;
	char ctx[IPCWALL_MAX_GROUP_NAME + 16];
	unsigned int mode;
	const char *s;
	size_t i, gi;
	__u32 id;

	if (def->name)
		snprintf(ctx, sizeof(ctx), "group `%s'", def->name);
	else
		snprintf(ctx, sizeof(ctx), "the group");
	yaml_map_check_keys(c->d, map, keys, ctx);
	g.mode = IPCWALL_MODE_ENFORCE;
	g.default_inbound = IPCWALL_ALLOW;
	g.default_outbound = IPCWALL_ALLOW;
	if (def->name)
		g.name = add_string(c, def->name_node, def->name,
				    strlen(def->name));

	n = yaml_map_get(map, "description");
	if (n && !yaml_scalar_str(c->d, n, "description",
				  IPCWALL_MAX_DESCRIPTION - 1, &s) && *s)
		g.description = add_string(c, n, s, n->scalar.len);
	n = yaml_map_get(map, "mode");
	if (n && !yaml_scalar_enum(c->d, n, "mode", modes, &mode))
		g.mode = mode + 1;
	n = yaml_map_get(map, "default");
	if (n)
		compile_defaults(c, n, &g);

	g.selector_first = c->img->n_selectors;
	n = yaml_map_get(map, "members");
	if (n && !yaml_expect_seq(c->d, n, "members"))
		for (i = 0; i < n->seq.count; i++)
			compile_selector(c, n->seq.items[i], i + 1);
	g.selector_count = c->img->n_selectors - g.selector_first;

	g.launch_first = c->img->n_ids;
	n = yaml_map_get(map, "launch");
	if (n && !yaml_expect_seq(c->d, n, "launch"))
		for (i = 0; i < n->seq.count; i++)
			if (!policy_id(c->d, n->seq.items[i], "launch", false,
				       &id))
				add_id(c, n->seq.items[i], id);
	g.launch_count = c->img->n_ids - g.launch_first;

	g.rule_first = c->img->n_rules;
	n = yaml_map_get(map, "rules");
	if (n && !yaml_expect_seq(c->d, n, "rules"))
		for (i = 0; i < n->seq.count; i++)
			compile_rule(c, n->seq.items[i], i + 1);
	g.rule_count = c->img->n_rules - g.rule_first;

	e = policy_image_add_group(c->img, &gi);
	if (!e) {
		out_of_memory(c, map);
		return;
	}
	*e = g;
}

/* ---- The whole policy ---- */

static int compile_docs(struct yaml_doc *const *docs, size_t n_docs,
			bool incomplete, struct yaml_diags *d,
			struct policy_image *img, unsigned int errors)
{
	struct compiler c = { .d = d, .img = img, .incomplete = incomplete };
	size_t i, k = 0;

	for (i = 0; i < n_docs; i++)
		if (docs[i])
			collect_doc(&c, docs[i]);
	if (c.n_groups) {
		c.by_name = calloc(c.n_groups, sizeof(*c.by_name));
		if (!c.by_name)
			out_of_memory(&c, NULL);
	}
	for (i = 0; c.by_name && i < c.n_groups; i++)
		if (c.groups[i].name)
			c.by_name[k++] = &c.groups[i];
	c.n_named = k;
	if (k)
		qsort(c.by_name, k, sizeof(*c.by_name), by_name_cmp);
	for (i = 0; i < c.n_groups && !c.oom; i++)
		compile_group(&c, &c.groups[i]);
	free(c.by_name);
	free(c.groups);
	return d->errors != errors || c.oom ? -1 : 0;
}

int policy_compile_mem(const char *const *names, const void *const *bufs,
		       const size_t *lens, size_t n, struct yaml_diags *d,
		       struct policy_image *img)
{
	unsigned int errors = d->errors;
	struct yaml_doc **docs;
	bool incomplete = false;
	size_t i;
	int ret;

	docs = calloc(n ? n : 1, sizeof(*docs));
	if (!docs) {
		yaml_error_at(d, PROG_NAME, 0, 0, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (yaml_doc_load_mem(names[i], bufs[i], lens[i], d, &docs[i]))
			incomplete = true;
	ret = compile_docs(docs, n, incomplete, d, img, errors);
	for (i = 0; i < n; i++)
		yaml_doc_free(docs[i]);
	free(docs);
	return ret;
}

/* ---- Files and directories ---- */

struct file_list {
	char **v;
	size_t n, cap;
};

static int file_list_add(struct file_list *l, char *path)
{
	char **v;

	if (!path)
		return -1;
	if (l->n == l->cap) {
		v = reallocarray(l->v, l->cap ? l->cap * 2 : 16, sizeof(*v));
		if (!v) {
			free(path);
			return -1;
		}
		l->v = v;
		l->cap = l->cap ? l->cap * 2 : 16;
	}
	l->v[l->n++] = path;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Hidden files are skipped: editors leave lock files and backups such as
 * `.#nginx.yaml' next to the file being edited.
 */
static bool yaml_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && !strcmp(name + len - 5, ".yaml");
}

/* Deeper than any sensible tree, and a stop for symbolic link loops. */
#define POLICY_DIR_MAX_DEPTH 8

/*
 * Adds the *.yaml files below @dir to @l, entering subdirectories; hidden
 * files and directories are skipped.
 */
static int collect_dir(struct yaml_diags *d, struct file_list *l,
		       const char *dir, unsigned int depth)
{
	size_t len = strlen(dir);
	struct dirent *e;
	struct stat st;
	char *path;
	DIR *dp;
	int ret = 0;

	if (depth > POLICY_DIR_MAX_DEPTH) {
		yaml_error_at(d, dir, 0, 0,
			      "directories nested more than %d deep (a symbolic link loop?)",
			      POLICY_DIR_MAX_DEPTH);
		return -1;
	}
	while (len > 1 && dir[len - 1] == '/')
		len--;
	dp = opendir(dir);
	if (!dp) {
		yaml_error_at(d, dir, 0, 0, "cannot open directory: %s",
			      strerror(errno));
		return -1;
	}
	while ((errno = 0, e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%.*s%s%s", (int)len, dir,
			     dir[len - 1] == '/' ? "" : "/", e->d_name) < 0) {
			yaml_error_at(d, dir, 0, 0, "out of memory");
			ret = -1;
			break;
		}
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			if (collect_dir(d, l, path, depth + 1))
				ret = -1;
			free(path);
			continue;
		}
		if (!yaml_name(e->d_name)) {
			free(path);
			continue;
		}
		if (file_list_add(l, path)) {
			yaml_error_at(d, dir, 0, 0, "out of memory");
			ret = -1;
			break;
		}
	}
	if (!e && errno) {
		yaml_error_at(d, dir, 0, 0, "cannot read directory: %s",
			      strerror(errno));
		ret = -1;
	}
	closedir(dp);
	return ret;
}

/*
 * Adds the *.yaml files below @dir, subdirectories included, in byte order
 * of their paths, so that a tree of policies loads in one order wherever
 * it is copied.
 */
static int add_dir(struct yaml_diags *d, struct file_list *l, const char *dir)
{
	size_t first = l->n;

	if (collect_dir(d, l, dir, 0))
		return -1;
	if (l->n == first) {
		yaml_error_at(d, dir, 0, 0, "no *.yaml file below this directory");
		return -1;
	}
	qsort(l->v + first, l->n - first, sizeof(*l->v), name_cmp);
	return 0;
}

int policy_compile_paths(char *const *paths, size_t n_paths,
			 struct yaml_diags *d, struct policy_image *img)
{
	unsigned int errors = d->errors;
	struct file_list l = { 0 };
	struct yaml_doc **docs = NULL;
	bool incomplete = false;
	struct stat st;
	size_t i;
	int ret = -1;

	for (i = 0; i < n_paths; i++) {
		if (stat(paths[i], &st)) {
			yaml_error_at(d, paths[i], 0, 0, "cannot open: %s",
				      strerror(errno));
			incomplete = true;
		} else if (S_ISDIR(st.st_mode)) {
			if (add_dir(d, &l, paths[i]))
				incomplete = true;
		} else if (file_list_add(&l, strdup(paths[i]))) {
			yaml_error_at(d, paths[i], 0, 0, "out of memory");
			goto out;
		}
	}
	docs = calloc(l.n ? l.n : 1, sizeof(*docs));
	if (!docs) {
		yaml_error_at(d, PROG_NAME, 0, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < l.n; i++)
		if (yaml_doc_load_file(l.v[i], d, &docs[i]))
			incomplete = true;
	ret = compile_docs(docs, l.n, incomplete, d, img, errors);
out:
	for (i = 0; i < l.n; i++) {
		if (docs)
			yaml_doc_free(docs[i]);
		free(l.v[i]);
	}
	free(docs);
	free(l.v);
	return ret;
}
