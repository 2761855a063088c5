// SPDX-License-Identifier: GPL-2.0
/*
 * The policy in force: a compiled policy checked byte by byte, given its
 * lookup tables (ruletable.c), and published with one pointer swap.
 *
 * Nothing in a compiled policy is trusted. Every rule of "The compiled
 * policy" in uapi/ipcwall.h is checked before anything reads the policy
 * for a decision, and the first violation found is reported with the
 * section, the entry and the field, so that whoever wrote the compiler can
 * tell which of its bytes is wrong.
 *
 * Publication: one RCU pointer. Writers (load, unload, module exit) are
 * serialized by policy_lock; readers are hooks and queries under
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

#include "glob.h"
#include "ipcwall.h"
#include "limits.h"
#include "policy.h"
#include "ruletable.h"

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

static const char *const section_names[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = "strings",
	[IPCWALL_SECTION_GROUPS] = "groups",
	[IPCWALL_SECTION_SELECTORS] = "selectors",
	[IPCWALL_SECTION_REFS] = "refs",
	[IPCWALL_SECTION_IDS] = "ids",
	[IPCWALL_SECTION_RULES] = "rules",
};

static const u32 section_entry_sizes[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = 1,
	[IPCWALL_SECTION_GROUPS] = sizeof(struct ipcwall_policy_group),
	[IPCWALL_SECTION_SELECTORS] = sizeof(struct ipcwall_policy_selector),
	[IPCWALL_SECTION_REFS] = sizeof(u32),
	[IPCWALL_SECTION_IDS] = sizeof(u32),
	[IPCWALL_SECTION_RULES] = sizeof(struct ipcwall_policy_rule),
};

/* The limit on each section's count, and what it counts. */
static const struct {
	u32 max;
	const char *what;
} section_limits[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = { IPCWALL_MAX_STRINGS_SIZE,
				      "bytes of strings" },
	[IPCWALL_SECTION_GROUPS] = { IPCWALL_MAX_GROUPS, "groups" },
	[IPCWALL_SECTION_SELECTORS] = { IPCWALL_MAX_SELECTORS, "selectors" },
	[IPCWALL_SECTION_REFS] = { IPCWALL_MAX_REFS, "glob references" },
	[IPCWALL_SECTION_IDS] = { IPCWALL_MAX_IDS, "ids" },
	[IPCWALL_SECTION_RULES] = { IPCWALL_MAX_RULES, "rules" },
};

/**
 * struct checker - the validation of one compiled policy
 * @blob:	the policy
 * @size:	its size
 * @hdr:	its header
 * @starts:	bitmap over the strings section: where a string starts
 * @rs:		the section pointers, set as they are checked
 * @refs:	the refs section
 * @ref_count:	its entries
 * @ids:	the ids section
 * @id_count:	its entries
 * @selectors:	the selectors section
 * @selector_count: its entries
 * @strings_size: bytes in the strings section
 * @extack:	where messages go
 */
struct checker {
	const u8 *blob;
	size_t size;
	const struct ipcwall_policy_header *hdr;
	unsigned long *starts;
	struct ipcwall_ruleset *rs;
	const u32 *refs;
	u32 ref_count;
	const u32 *ids;
	u32 id_count;
	const struct ipcwall_policy_selector *selectors;
	u32 selector_count;
	u32 strings_size;
	struct netlink_ext_ack *extack;
};

#define bad(c, fmt, ...)						\
	({ ipcwall_extack_fmt((c)->extack, fmt, ##__VA_ARGS__); -EINVAL; })
#define too_big(c, fmt, ...)						\
	({ ipcwall_extack_fmt((c)->extack, fmt, ##__VA_ARGS__); -E2BIG; })

static int check_header(struct checker *c)
{
	const struct ipcwall_policy_header *hdr = c->hdr;

	if (c->size > IPCWALL_MAX_POLICY_SIZE)
		return too_big(c, "policy has %zu bytes, the limit is %u",
			       c->size, IPCWALL_MAX_POLICY_SIZE);
	if (c->size < sizeof(*hdr))
		return bad(c, "policy is shorter than its header");
	if (hdr->magic != IPCWALL_POLICY_MAGIC)
		return bad(c, "header.magic: not a compiled ipcwall policy");
	if (hdr->version != IPCWALL_POLICY_VERSION)
		return bad(c, "header.version: %u is not %u", hdr->version,
			   IPCWALL_POLICY_VERSION);
	if (hdr->size != c->size)
		return bad(c, "header.size: %u, but the policy has %zu bytes",
			   hdr->size, c->size);
	if (hdr->flags)
		return bad(c, "header.flags: not zero");
	return 0;
}

/*
 * Sections lie in order, each at the first multiple of 8 after the
 * previous one, with zero padding, and the policy ends with the last.
 */
static int check_layout(struct checker *c)
{
	const struct ipcwall_policy_section *sec;
	u64 pos = sizeof(*c->hdr), start;
	const char *name;
	int i;

	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		sec = &c->hdr->sections[i];
		name = section_names[i];
		if (sec->entry_size != section_entry_sizes[i])
			return bad(c, "header.sections[%s].entry_size: %u, not %u",
				   name, sec->entry_size,
				   section_entry_sizes[i]);
		if (sec->reserved)
			return bad(c, "header.sections[%s].reserved: not zero",
				   name);
		if (sec->count > section_limits[i].max)
			return too_big(c, "policy has %u %s, the limit is %u",
				       sec->count, section_limits[i].what,
				       section_limits[i].max);
		start = ALIGN(pos, 8);
		if (sec->offset != start)
			return bad(c, "header.sections[%s].offset: %u, not %llu",
				   name, sec->offset, start);
		if (memchr_inv(c->blob + pos, 0, min_t(u64, start, c->size) -
			       min_t(u64, pos, c->size)))
			return bad(c, "header.sections[%s]: padding not zero",
				   name);
		pos = start + (u64)sec->count * sec->entry_size;
		if (pos > c->size)
			return bad(c, "header.sections[%s]: ends past the policy",
				   name);
	}
	if (pos != c->size)
		return bad(c, "header.size: %zu bytes past the last section",
			   c->size - (size_t)pos);
	return 0;
}

static const void *section(const struct checker *c, enum ipcwall_section i)
{
	return c->blob + c->hdr->sections[i].offset;
}

static u32 section_count(const struct checker *c, enum ipcwall_section i)
{
	return c->hdr->sections[i].count;
}

/* Marks where each string starts; each is at most IPCWALL_MAX_STRING. */
static int check_strings(struct checker *c)
{
	const char *s = c->rs->strings;
	u32 n = c->strings_size, i, start = 0;

	if (!n || s[0])
		return bad(c, "strings: does not start with a NUL");
	if (s[n - 1])
		return bad(c, "strings: does not end with a NUL");
	c->starts = bitmap_zalloc(n, GFP_KERNEL_ACCOUNT);
	if (!c->starts)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (s[i])
			continue;
		if (i + 1 - start > IPCWALL_MAX_STRING)
			return too_big(c, "strings[%u]: longer than the limit of %u bytes",
				       start, IPCWALL_MAX_STRING - 1);
		__set_bit(start, c->starts);
		start = i + 1;
	}
	return 0;
}

/*
 * A string reference: 0 (none) when @optional, else the start of a
 * string. Returns the string's length, or a negative errno.
 */
static int check_ref(struct checker *c, u32 ref, bool optional,
		     const char *what, u32 index, const char *field)
{
	if (!ref && optional)
		return 0;
	if (!ref)
		return bad(c, "%s[%u].%s: missing", what, index, field);
	if (ref >= c->strings_size || !test_bit(ref, c->starts))
		return bad(c, "%s[%u].%s: %u is not the start of a string",
			   what, index, field, ref);
	return strlen(c->rs->strings + ref);
}

/* A glob: valid, at most IPCWALL_MAX_PATTERN bytes. */
static int check_glob(struct checker *c, const char *pat, size_t len,
		      const char *what, u32 index, const char *field)
{
	size_t at;

	if (len > IPCWALL_MAX_PATTERN)
		return too_big(c, "%s[%u].%s: glob longer than the limit of %u bytes",
			       what, index, field, IPCWALL_MAX_PATTERN);
	if (ipcwall_glob_validate(pat, len, &at))
		return bad(c, "%s[%u].%s: invalid glob at byte %zu",
			   what, index, field, at);
	return 0;
}

/* ASCII only: the kernel's isalnum() also takes Latin-1 letters. */
static bool name_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static bool name_char(char ch)
{
	return name_alnum(ch) || ch == '.' || ch == '_' || ch == '-';
}

static int check_group_name(struct checker *c, u32 g)
{
	const char *name;
	int len, i;

	len = check_ref(c, c->rs->groups[g].name, false, "groups", g, "name");
	if (len < 0)
		return len;
	name = c->rs->strings + c->rs->groups[g].name;
	if (len >= IPCWALL_MAX_GROUP_NAME)
		return too_big(c, "groups[%u].name: longer than the limit of %u bytes",
			       g, IPCWALL_MAX_GROUP_NAME - 1);
	if (!name_alnum(name[0]))
		return bad(c, "groups[%u].name: must start with a letter or digit",
			   g);
	for (i = 1; i < len; i++)
		if (!name_char(name[i]))
			return bad(c, "groups[%u].name: byte %d is not one of A-Za-z0-9._-",
				   g, i);
	if (!strcmp(name, "unconfined"))
		return bad(c, "groups[%u].name: \"unconfined\" is reserved", g);
	return 0;
}

/* @first, @count: a range within a section of @total entries. */
static bool in_bounds(u32 first, u32 count, u32 total)
{
	return first <= total && count <= total - first;
}

static int check_groups(struct checker *c)
{
	const struct ipcwall_policy_group *grp;
	u32 g, next_selector = 0, next_rule = 0;
	int err, len;

	for (g = 0; g < c->rs->group_count; g++) {
		grp = &c->rs->groups[g];
		err = check_group_name(c, g);
		if (err)
			return err;
		len = check_ref(c, grp->description, true, "groups", g,
				"description");
		if (len < 0)
			return len;
		if (len >= IPCWALL_MAX_DESCRIPTION)
			return too_big(c, "groups[%u].description: longer than the limit of %u bytes",
				       g, IPCWALL_MAX_DESCRIPTION - 1);
		if (grp->mode != IPCWALL_MODE_ENFORCE &&
		    grp->mode != IPCWALL_MODE_COMPLAIN)
			return bad(c, "groups[%u].mode: %u is not a mode", g,
				   grp->mode);
		if (grp->default_inbound != IPCWALL_ALLOW &&
		    grp->default_inbound != IPCWALL_DENY)
			return bad(c, "groups[%u].default_inbound: %u is not an action",
				   g, grp->default_inbound);
		if (grp->default_outbound != IPCWALL_ALLOW &&
		    grp->default_outbound != IPCWALL_DENY)
			return bad(c, "groups[%u].default_outbound: %u is not an action",
				   g, grp->default_outbound);
		if (grp->reserved || grp->reserved2)
			return bad(c, "groups[%u].reserved: not zero", g);
		if (grp->selector_first != next_selector)
			return bad(c, "groups[%u].selector_first: %u, not %u",
				   g, grp->selector_first, next_selector);
		if (!in_bounds(grp->selector_first, grp->selector_count,
			       c->selector_count))
			return bad(c, "groups[%u].selector_count: past the selectors",
				   g);
		next_selector += grp->selector_count;
		if (grp->rule_first != next_rule)
			return bad(c, "groups[%u].rule_first: %u, not %u", g,
				   grp->rule_first, next_rule);
		if (!in_bounds(grp->rule_first, grp->rule_count,
			       c->rs->rule_count))
			return bad(c, "groups[%u].rule_count: past the rules",
				   g);
		next_rule += grp->rule_count;
		if (!in_bounds(grp->launch_first, grp->launch_count,
			       c->id_count))
			return bad(c, "groups[%u].launch_count: past the ids",
				   g);
	}
	if (next_selector != c->selector_count)
		return bad(c, "selectors[%u]: belongs to no group",
			   next_selector);
	if (next_rule != c->rs->rule_count)
		return bad(c, "rules[%u]: belongs to no group", next_rule);
	return 0;
}

/* Exe and cgroup globs: absolute. */
static int check_selector_globs(struct checker *c, u32 s, u32 first,
				u32 count, const char *field)
{
	const char *pat;
	u32 i;
	int len, err;

	if (!in_bounds(first, count, c->ref_count))
		return bad(c, "selectors[%u].%s_count: past the refs", s,
			   field);
	for (i = first; i < first + count; i++) {
		len = check_ref(c, c->refs[i], false, "refs", i, "glob");
		if (len < 0)
			return len;
		pat = c->rs->strings + c->refs[i];
		err = check_glob(c, pat, len, "refs", i, "glob");
		if (err)
			return err;
		if (pat[0] != '/')
			return bad(c, "refs[%u]: %s glob is not absolute", i,
				   field);
	}
	return 0;
}

static int check_selectors(struct checker *c)
{
	const struct ipcwall_policy_selector *sel;
	u32 s;
	int err;

	for (s = 0; s < c->selector_count; s++) {
		sel = &c->selectors[s];
		err = check_selector_globs(c, s, sel->exe_first,
					   sel->exe_count, "exe") ?:
		      check_selector_globs(c, s, sel->cgroup_first,
					   sel->cgroup_count, "cgroup");
		if (err)
			return err;
		if (!in_bounds(sel->uid_first, sel->uid_count, c->id_count))
			return bad(c, "selectors[%u].uid_count: past the ids",
				   s);
		if (!in_bounds(sel->gid_first, sel->gid_count, c->id_count))
			return bad(c, "selectors[%u].gid_count: past the ids",
				   s);
		if (!sel->exe_count && !sel->cgroup_count && !sel->uid_count &&
		    !sel->gid_count)
			return bad(c, "selectors[%u]: every list is empty", s);
	}
	return 0;
}

static u32 class_ops(u8 class)
{
	static const u32 ops[IPCWALL_CLASS_LAST + 1] = {
		[IPCWALL_CLASS_SIGNAL] = IPCWALL_OPS_SIGNAL,
		[IPCWALL_CLASS_PTRACE] = IPCWALL_OPS_PTRACE,
		[IPCWALL_CLASS_SHM] = IPCWALL_OPS_SHM,
		[IPCWALL_CLASS_MSG] = IPCWALL_OPS_MSG,
		[IPCWALL_CLASS_SEM] = IPCWALL_OPS_SEM,
		[IPCWALL_CLASS_POSIX_SHM] = IPCWALL_OPS_POSIX_SHM,
		[IPCWALL_CLASS_POSIX_MQ] = IPCWALL_OPS_POSIX_MQ,
		[IPCWALL_CLASS_UNIX] = IPCWALL_OPS_UNIX,
		[IPCWALL_CLASS_INET] = IPCWALL_OPS_INET,
		[IPCWALL_CLASS_FILE] = IPCWALL_OPS_FILE,
	};

	return class <= IPCWALL_CLASS_LAST ? ops[class] : 0;
}

static bool class_is_sysv(u8 class)
{
	return class == IPCWALL_CLASS_SHM || class == IPCWALL_CLASS_MSG ||
	       class == IPCWALL_CLASS_SEM;
}

/* Which objects each class allows: see enum ipcwall_object. */
static bool object_allowed(u8 class, u8 object)
{
	switch (object) {
	case IPCWALL_OBJECT_PEER:
		return class == IPCWALL_CLASS_SIGNAL ||
		       class == IPCWALL_CLASS_PTRACE || class_is_sysv(class) ||
		       class == IPCWALL_CLASS_UNIX;
	case IPCWALL_OBJECT_PATH:
		return class == IPCWALL_CLASS_FILE ||
		       class == IPCWALL_CLASS_UNIX ||
		       class == IPCWALL_CLASS_POSIX_SHM ||
		       class == IPCWALL_CLASS_POSIX_MQ;
	case IPCWALL_OBJECT_KEY:
		return class_is_sysv(class);
	case IPCWALL_OBJECT_INET:
		return class == IPCWALL_CLASS_INET;
	}
	return false;
}

/* A path glob's shape: file absolute, unix also '@', POSIX "/name". */
static int check_path(struct checker *c, u32 i,
		      const struct ipcwall_policy_rule *r)
{
	const char *pat;
	int len, err;

	len = check_ref(c, r->string, false, "rules", i, "string");
	if (len < 0)
		return len;
	pat = c->rs->strings + r->string;
	err = check_glob(c, pat, len, "rules", i, "string");
	if (err)
		return err;
	switch (r->class) {
	case IPCWALL_CLASS_UNIX:
		if (pat[0] != '/' && pat[0] != '@')
			return bad(c, "rules[%u].string: not an absolute path or @name",
				   i);
		break;
	case IPCWALL_CLASS_POSIX_SHM:
	case IPCWALL_CLASS_POSIX_MQ:
		if (pat[0] != '/' || strchr(pat + 1, '/'))
			return bad(c, "rules[%u].string: not a POSIX name (/name)",
				   i);
		break;
	default:
		if (pat[0] != '/')
			return bad(c, "rules[%u].string: not an absolute path",
				   i);
	}
	return 0;
}

static int check_inet(struct checker *c, u32 i,
		      const struct ipcwall_policy_rule *r)
{
	unsigned int max_len, b;

	switch (r->inet.family) {
	case IPCWALL_INET_ANY:
		max_len = 0;
		break;
	case IPCWALL_INET4:
		max_len = 32;
		break;
	case IPCWALL_INET6:
		max_len = 128;
		break;
	default:
		return bad(c, "rules[%u].inet.family: %u is not a family", i,
			   r->inet.family);
	}
	if (r->inet.prefix_len > max_len)
		return bad(c, "rules[%u].inet.prefix_len: %u is over %u", i,
			   r->inet.prefix_len, max_len);
	if (!r->inet.protocols || r->inet.protocols & ~IPCWALL_PROTOS)
		return bad(c, "rules[%u].inet.protocols: not a set of protocols",
			   i);
	if (r->inet.reserved)
		return bad(c, "rules[%u].inet.reserved: not zero", i);
	if (r->inet.port_min > r->inet.port_max)
		return bad(c, "rules[%u].inet.port_min: above port_max", i);
	for (b = r->inet.prefix_len; b < 128; b++)
		if (r->inet.addr[b / 8] & (0x80 >> (b % 8)))
			return bad(c, "rules[%u].inet.addr: bits past prefix_len are not zero",
				   i);
	return 0;
}

static bool inet_is_zero(const struct ipcwall_policy_rule *r)
{
	return !memchr_inv(&r->inet, 0, sizeof(r->inet));
}

/* Everything about a rule but its object's fields. */
static int check_rule_kind(struct checker *c, u32 i,
			   const struct ipcwall_policy_rule *r)
{
	u32 ops = class_ops(r->class);

	if (!ops)
		return bad(c, "rules[%u].class: %u is not a class", i, r->class);
	if (r->action != IPCWALL_ALLOW && r->action != IPCWALL_DENY)
		return bad(c, "rules[%u].action: %u is not an action", i,
			   r->action);
	if (r->direction != IPCWALL_OUTBOUND &&
	    r->direction != IPCWALL_INBOUND)
		return bad(c, "rules[%u].direction: %u is not a direction", i,
			   r->direction);
	if (!object_allowed(r->class, r->object))
		return bad(c, "rules[%u].object: %u is not one of its class",
			   i, r->object);
	if (r->direction == IPCWALL_INBOUND &&
	    r->object != IPCWALL_OBJECT_PEER)
		return bad(c, "rules[%u].direction: inbound needs a peer", i);
	if (r->flags & ~IPCWALL_RULE_FLAGS)
		return bad(c, "rules[%u].flags: unknown flags 0x%x", i,
			   r->flags & ~IPCWALL_RULE_FLAGS);
	if (!r->ops || r->ops & ~ops)
		return bad(c, "rules[%u].ops: 0x%x is not a set of its class's",
			   i, r->ops);
	if (class_is_sysv(r->class) && r->object == IPCWALL_OBJECT_PEER &&
	    r->ops & IPCWALL_OP_SYSV_CREATE)
		return bad(c, "rules[%u].ops: create with a peer", i);
	return 0;
}

static int check_rule(struct checker *c, u32 i)
{
	const struct ipcwall_policy_rule *r = &c->rs->rules[i];
	u32 groups = c->rs->group_count;
	int err;

	err = check_rule_kind(c, i, r);
	if (err)
		return err;

	if (r->object == IPCWALL_OBJECT_PEER) {
		if (r->peer >= groups && r->peer != IPCWALL_PEER_ANY &&
		    r->peer != IPCWALL_PEER_UNCONFINED)
			return bad(c, "rules[%u].peer: %u is not a group", i,
				   r->peer);
	} else if (r->peer) {
		return bad(c, "rules[%u].peer: not zero", i);
	}

	if (r->object == IPCWALL_OBJECT_PATH) {
		err = check_path(c, i, r);
		if (err)
			return err;
	} else if (r->string) {
		return bad(c, "rules[%u].string: not zero", i);
	}

	if (r->object != IPCWALL_OBJECT_KEY && r->key)
		return bad(c, "rules[%u].key: not zero", i);

	if (r->class == IPCWALL_CLASS_SIGNAL) {
		if (!r->signals[0] && !r->signals[1])
			return bad(c, "rules[%u].signals: empty", i);
		if (r->signals[1] & ~1ULL)
			return bad(c, "rules[%u].signals: above signal %u", i,
				   IPCWALL_SIGNAL_MAX);
	} else if (r->signals[0] || r->signals[1]) {
		return bad(c, "rules[%u].signals: not zero", i);
	}

	if (r->object == IPCWALL_OBJECT_INET)
		return check_inet(c, i, r);
	if (!inet_is_zero(r))
		return bad(c, "rules[%u].inet: not zero", i);
	return 0;
}

static int check_rules(struct checker *c)
{
	u32 i;
	int err;

	for (i = 0; i < c->rs->rule_count; i++) {
		err = check_rule(c, i);
		if (err)
			return err;
		if (!(i % 4096))
			cond_resched();
	}
	return 0;
}

/* Group names are unique: checked on the names table as it is built. */
static int check_unique_names(struct checker *c)
{
	const char *name;
	u32 g;
	int found;

	for (g = 0; g < c->rs->group_count; g++) {
		name = c->rs->strings + c->rs->groups[g].name;
		found = ipcwall_ruleset_group(c->rs, name, strlen(name));
		if (found != g)
			return bad(c, "groups[%u].name: \"%s\" is also group %d",
				   g, name, found);
	}
	return 0;
}

static int check_policy(struct checker *c)
{
	int err;

	c->hdr = (const void *)c->blob;
	err = check_header(c) ?: check_layout(c);
	if (err)
		return err;

	c->rs->strings = section(c, IPCWALL_SECTION_STRINGS);
	c->strings_size = section_count(c, IPCWALL_SECTION_STRINGS);
	c->rs->groups = section(c, IPCWALL_SECTION_GROUPS);
	c->rs->group_count = section_count(c, IPCWALL_SECTION_GROUPS);
	c->selectors = section(c, IPCWALL_SECTION_SELECTORS);
	c->selector_count = section_count(c, IPCWALL_SECTION_SELECTORS);
	c->refs = section(c, IPCWALL_SECTION_REFS);
	c->ref_count = section_count(c, IPCWALL_SECTION_REFS);
	c->ids = section(c, IPCWALL_SECTION_IDS);
	c->id_count = section_count(c, IPCWALL_SECTION_IDS);
	c->rs->rules = section(c, IPCWALL_SECTION_RULES);
	c->rs->rule_count = section_count(c, IPCWALL_SECTION_RULES);

	return check_strings(c) ?: check_groups(c) ?: check_selectors(c) ?:
	       check_rules(c);
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
	struct checker c = { .size = size, .extack = extack };
	size_t used = sizeof(*policy) + size;
	int err;

	if (size > IPCWALL_MAX_POLICY_SIZE) {
		ipcwall_extack_fmt(extack, "policy has %zu bytes, the limit is %u",
				   size, IPCWALL_MAX_POLICY_SIZE);
		return -E2BIG;
	}
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

	c.blob = policy->blob;
	c.rs = &policy->rs;
	err = check_policy(&c);
	if (err)
		goto err_free;
	err = ipcwall_ruleset_build(&policy->rs,
				    IPCWALL_MAX_POLICY_MEMORY - used, extack);
	if (err)
		goto err_free;
	err = check_unique_names(&c);
	if (err)
		goto err_free;

	bitmap_free(c.starts);
	*out = policy;
	return 0;

err_free:
	bitmap_free(c.starts);
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

u64 ipcwall_policy_publish(struct ipcwall_policy *policy)
{
	struct ipcwall_policy *old;
	u64 generation;

	mutex_lock(&policy_lock);
	generation = policy_generation + 1;
	WRITE_ONCE(policy_generation, generation);
	if (policy)
		policy->generation = generation;
	old = rcu_replace_pointer(policy_current, policy,
				  lockdep_is_held(&policy_lock));
	mutex_unlock(&policy_lock);

	if (old)
		kref_put(&old->ref, policy_release);
	return generation;
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
