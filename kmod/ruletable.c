// SPDX-License-Identifier: GPL-2.0
/*
 * The lookup tables of a policy, built once from its validated rules.
 *
 * A decision never walks the rule list: each specificity level of
 * docs/policy.md "Precedence" is a hash lookup whose entry already holds
 * the outcome of all the rules at that level, or, for globs with wildcards,
 * the few rules sharing one anchor directory.
 *
 * - Peers: (group, direction, class, peer) -> per operation (per signal for
 *   the signal class) the first allow and first deny rule.
 * - SysV keys: (group, class, key) -> the same per operation.
 * - Paths, unix addresses, POSIX names: a glob without wildcards is looked
 *   up by its text; any other glob by its anchor, the part of its fixed
 *   prefix that ends with its last '/' (or its first byte, '@', for an
 *   abstract unix name without one). A path is looked up at each of its
 *   directories, deepest first, and the first directory where a rule
 *   matches decides: that is the "depth of the directory their fixed part
 *   reaches" of the specificity order.
 * - Inet: per (group, family, protocol, operation) the set of prefix
 *   lengths that have rules, and per (..., prefix length, masked address)
 *   the port ranges of its rules, resolved when building into disjoint
 *   sorted ranges that each name their deciding rule (the narrowest range,
 *   deny on a tie), searched by bisection.
 *
 * Tables are open addressing hash tables of entry indices, at most half
 * full, so a lookup ends at a free slot after a few probes.
 */
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "glob.h"
#include "ipcwall.h"
#include "limits.h"
#include "ruletable.h"

/* Slots of a peer entry: one per signal, or one per operation bit. */
#define SIGNAL_SLOTS (IPCWALL_SIGNAL_MAX + 1)
#define OP_SLOTS 4
/* Prefix lengths 0 to 128, as a bitmap. */
#define PREFIX_WORDS 3

struct ipcwall_peer_entry {
	u32 group;
	u32 peer;
	u8 direction;
	u8 class;
	u32 slot;
};

struct ipcwall_key_entry {
	u32 group;
	u32 key;
	u8 class;
	u32 slot;
};

/*
 * An exact path (@slash false), or an anchor: the directory @str[0..@len)
 * followed by a '/' when @slash. Anchors are kept without their last '/'
 * so that a path can be looked up as a directory of its own: "/usr/ **"
 * (without the space) has the anchor "/usr/" and matches "/usr".
 */
struct ipcwall_path_entry {
	const char *str;
	u32 len;
	u32 group;
	u8 class;
	bool slash;
	u32 first;
	u32 count;
};

struct ipcwall_prefix_entry {
	u32 group;
	u8 family;
	u8 protocol;
	u8 op;
	u64 lens[PREFIX_WORDS];
};

struct ipcwall_bucket_entry {
	u32 group;
	u8 family;
	u8 protocol;
	u8 op;
	u8 prefix_len;
	u8 addr[16];
	u32 first;
	u32 count;
};

struct ipcwall_port_seg {
	u16 lo;
	u16 hi;
	u32 rule;
};

/* A build in progress: the memory it may still take. */
struct builder {
	struct ipcwall_ruleset *rs;
	size_t budget;
	struct netlink_ext_ack *extack;
};

static void *tab_alloc(struct builder *b, size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (check_mul_overflow(n, size, &bytes) ||
	    bytes > b->budget - b->rs->memory) {
		ipcwall_extack_fmt(b->extack,
				   "policy memory exceeds the limit of %u bytes",
				   IPCWALL_MAX_POLICY_MEMORY);
		return ERR_PTR(-E2BIG);
	}
	p = kvzalloc(bytes ? bytes : 1, GFP_KERNEL_ACCOUNT);
	if (!p)
		return ERR_PTR(-ENOMEM);
	b->rs->memory += bytes;
	return p;
}

static int htab_init(struct builder *b, struct ipcwall_htab *h, u32 entries)
{
	unsigned long size = roundup_pow_of_two(max(2UL * entries, 4UL));
	u32 *slot = tab_alloc(b, size, sizeof(*slot));

	if (IS_ERR(slot))
		return PTR_ERR(slot);
	h->slot = slot;
	h->mask = size - 1;
	return 0;
}

/*
 * The slot that holds the entry equal to @key, or the free slot where it
 * belongs. The table is never more than half full, so this ends.
 */
static __always_inline u32 *
htab_probe(const struct ipcwall_htab *h, u32 hash,
	   bool (*eq)(const void *entries, u32 index, const void *key),
	   const void *entries, const void *key)
{
	u32 i = hash & h->mask;

	for (;;) {
		u32 *slot = &h->slot[i];

		if (!*slot || eq(entries, *slot - 1, key))
			return slot;
		i = (i + 1) & h->mask;
	}
}

/* Group names. */

struct name_key {
	const char *name;
	size_t len;
	const struct ipcwall_ruleset *rs;
};

static bool name_eq(const void *entries, u32 index, const void *key)
{
	const struct name_key *k = key;
	const char *name = k->rs->strings + k->rs->groups[index].name;

	return !strncmp(name, k->name, k->len) && !name[k->len];
}

static u32 *name_probe(const struct ipcwall_ruleset *rs, const char *name,
		       size_t len)
{
	struct name_key k = { .name = name, .len = len, .rs = rs };

	return htab_probe(&rs->names, jhash(name, len, 0), name_eq, NULL, &k);
}

int ipcwall_ruleset_group(const struct ipcwall_ruleset *rs, const char *name,
			  size_t len)
{
	u32 *slot = name_probe(rs, name, len);

	return *slot ? *slot - 1 : -ENOENT;
}

/* Peers. */

static u32 peer_hash(const struct ipcwall_peer_entry *k)
{
	return jhash_3words(k->group, k->peer, k->direction << 8 | k->class,
			    0);
}

static bool peer_eq(const void *entries, u32 index, const void *key)
{
	const struct ipcwall_peer_entry *e = entries, *k = key;

	e += index;
	return e->group == k->group && e->peer == k->peer &&
	       e->direction == k->direction && e->class == k->class;
}

static u32 *peer_probe(const struct ipcwall_ruleset *rs,
		       const struct ipcwall_peer_entry *k)
{
	return htab_probe(&rs->peer_tab, peer_hash(k), peer_eq, rs->peers, k);
}

/* SysV keys. */

static u32 key_hash(const struct ipcwall_key_entry *k)
{
	return jhash_3words(k->group, k->key, k->class, 0);
}

static bool key_eq(const void *entries, u32 index, const void *key)
{
	const struct ipcwall_key_entry *e = entries, *k = key;

	e += index;
	return e->group == k->group && e->key == k->key &&
	       e->class == k->class;
}

static u32 *key_probe(const struct ipcwall_ruleset *rs,
		      const struct ipcwall_key_entry *k)
{
	return htab_probe(&rs->key_tab, key_hash(k), key_eq, rs->keys, k);
}

/* Exact paths and anchors. */

static u32 path_hash(const struct ipcwall_path_entry *k)
{
	return jhash(k->str, k->len,
		     jhash_3words(k->group, k->class, k->slash, 0));
}

static bool path_eq(const void *entries, u32 index, const void *key)
{
	const struct ipcwall_path_entry *e = entries, *k = key;

	e += index;
	return e->group == k->group && e->class == k->class &&
	       e->slash == k->slash && e->len == k->len &&
	       !memcmp(e->str, k->str, k->len);
}

static u32 *path_probe(const struct ipcwall_htab *h,
		       const struct ipcwall_path_entry *entries,
		       const struct ipcwall_path_entry *k)
{
	return htab_probe(h, path_hash(k), path_eq, entries, k);
}

/*
 * The anchor of a glob with wildcards: its fixed prefix up to and with its
 * last '/'. ipcwall_glob_literal_prefix() stops before the '/' of a final
 * "/" + "**", which may match nothing; that '/' still counts here, so that
 * "/home/" + "**" is as specific as "/home/" + "*" + "/.ssh/" + "*", as
 * docs/policy.md says. Without a '/', the anchor is the first byte ('@').
 * Returns the anchor's length without its last '/', and sets *@slash when
 * it had one.
 */
static size_t glob_anchor(const char *pat, size_t len, bool *slash)
{
	size_t fixed = ipcwall_glob_literal_prefix(pat, len);
	size_t i = min(fixed + 1, len);

	while (i--) {
		if (pat[i] == '/') {
			*slash = true;
			return i;
		}
	}
	*slash = false;
	return 1;
}

/* Inet. */

static u32 prefix_hash(const struct ipcwall_prefix_entry *k)
{
	return jhash_2words(k->group,
			    k->family << 16 | k->protocol << 8 | k->op, 0);
}

static bool prefix_eq(const void *entries, u32 index, const void *key)
{
	const struct ipcwall_prefix_entry *e = entries, *k = key;

	e += index;
	return e->group == k->group && e->family == k->family &&
	       e->protocol == k->protocol && e->op == k->op;
}

static u32 *prefix_probe(const struct ipcwall_ruleset *rs,
			 const struct ipcwall_prefix_entry *k)
{
	return htab_probe(&rs->prefix_tab, prefix_hash(k), prefix_eq,
			  rs->prefixes, k);
}

static u32 bucket_hash(const struct ipcwall_bucket_entry *k)
{
	return jhash(k->addr, sizeof(k->addr),
		     jhash_3words(k->group,
				  k->family << 16 | k->protocol << 8 | k->op,
				  k->prefix_len, 0));
}

static bool bucket_eq(const void *entries, u32 index, const void *key)
{
	const struct ipcwall_bucket_entry *e = entries, *k = key;

	e += index;
	return e->group == k->group && e->family == k->family &&
	       e->protocol == k->protocol && e->op == k->op &&
	       e->prefix_len == k->prefix_len &&
	       !memcmp(e->addr, k->addr, sizeof(k->addr));
}

static u32 *bucket_probe(const struct ipcwall_ruleset *rs,
			 const struct ipcwall_bucket_entry *k)
{
	return htab_probe(&rs->bucket_tab, bucket_hash(k), bucket_eq,
			  rs->buckets, k);
}

static void mask_addr(u8 *addr, unsigned int prefix_len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (prefix_len >= 8) {
			prefix_len -= 8;
			continue;
		}
		addr[i] &= (u8)(0xff00 >> prefix_len);
		prefix_len = 0;
	}
}

/* Building. */

static void match_add(struct ipcwall_match *m, u8 action, u32 rule)
{
	u32 *first = action == IPCWALL_DENY ? &m->deny : &m->allow;

	if (*first == IPCWALL_NO_RULE)
		*first = rule;
}

static void match_init(struct ipcwall_match *m, size_t n)
{
	while (n--) {
		m[n].allow = IPCWALL_NO_RULE;
		m[n].deny = IPCWALL_NO_RULE;
	}
}

static bool rule_is_exact(const struct ipcwall_ruleset *rs,
			  const struct ipcwall_policy_rule *r)
{
	const char *pat = rs->strings + r->string;

	return ipcwall_glob_is_literal(pat, strlen(pat));
}

static void rule_path_key(const struct ipcwall_ruleset *rs, u32 group,
			  const struct ipcwall_policy_rule *r,
			  struct ipcwall_path_entry *k)
{
	const char *pat = rs->strings + r->string;
	size_t len = strlen(pat);

	memset(k, 0, sizeof(*k));
	k->group = group;
	k->class = r->class;
	k->str = pat;
	if (ipcwall_glob_is_literal(pat, len))
		k->len = len;
	else
		k->len = glob_anchor(pat, len, &k->slash);
}

/* Each slot a rule covers: signals, or operation bits. */
static u64 rule_slots(const struct ipcwall_policy_rule *r, u64 *high)
{
	if (r->class == IPCWALL_CLASS_SIGNAL) {
		*high = r->signals[1];
		return r->signals[0];
	}
	*high = 0;
	return r->ops;
}

static void fill_slots(struct ipcwall_match *slots,
		       const struct ipcwall_policy_rule *r, u32 rule)
{
	u64 high, low = rule_slots(r, &high);

	for (; low; low &= low - 1)
		match_add(&slots[__ffs64(low)], r->action, rule);
	if (high & 1)
		match_add(&slots[64], r->action, rule);
}

struct counts {
	u32 peers;
	u32 keys;
	u32 exact;
	u32 anchors;
	u32 inet;	/* (family, protocol, operation) expansions */
};

static unsigned int inet_expansions(const struct ipcwall_policy_rule *r)
{
	unsigned int families = r->inet.family == IPCWALL_INET_ANY ? 2 : 1;

	return families * hweight8(r->inet.protocols) * hweight32(r->ops);
}

static void count_rules(const struct ipcwall_ruleset *rs, struct counts *c)
{
	const struct ipcwall_policy_rule *r;
	u32 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < rs->rule_count; i++) {
		r = &rs->rules[i];
		switch (r->object) {
		case IPCWALL_OBJECT_PEER:
			c->peers++;
			break;
		case IPCWALL_OBJECT_KEY:
			c->keys++;
			break;
		case IPCWALL_OBJECT_PATH:
			if (rule_is_exact(rs, r))
				c->exact++;
			else
				c->anchors++;
			break;
		case IPCWALL_OBJECT_INET:
			c->inet += inet_expansions(r);
			break;
		}
	}
}

static int build_names(struct builder *b)
{
	struct ipcwall_ruleset *rs = b->rs;
	const char *name;
	u32 i, *slot;
	int err;

	err = htab_init(b, &rs->names, rs->group_count);
	if (err)
		return err;
	for (i = 0; i < rs->group_count; i++) {
		name = rs->strings + rs->groups[i].name;
		slot = name_probe(rs, name, strlen(name));
		/* A duplicate is left out, for the validator to find. */
		if (!*slot)
			*slot = i + 1;
	}
	return 0;
}

/*
 * The first slot of the peer, key or exact path entry of rule @r of group
 * @g, creating the entry with its slots (counted in *@nslots) if it is the
 * first rule at its key; IPCWALL_NO_RULE for any other rule.
 */
static u32 slotted_entry(struct ipcwall_ruleset *rs, u32 g,
			 const struct ipcwall_policy_rule *r, u32 *n,
			 u32 *nslots)
{
	struct ipcwall_peer_entry pk;
	struct ipcwall_key_entry kk;
	struct ipcwall_path_entry ek;
	u32 *slot;

	switch (r->object) {
	case IPCWALL_OBJECT_PEER:
		pk = (struct ipcwall_peer_entry) {
			.group = g, .peer = r->peer,
			.direction = r->direction, .class = r->class,
		};
		slot = peer_probe(rs, &pk);
		if (!*slot) {
			pk.slot = *nslots;
			*nslots += r->class == IPCWALL_CLASS_SIGNAL ?
				   SIGNAL_SLOTS : OP_SLOTS;
			rs->peers[n[0]] = pk;
			*slot = ++n[0];
		}
		return rs->peers[*slot - 1].slot;
	case IPCWALL_OBJECT_KEY:
		kk = (struct ipcwall_key_entry) {
			.group = g, .key = r->key, .class = r->class,
		};
		slot = key_probe(rs, &kk);
		if (!*slot) {
			kk.slot = *nslots;
			*nslots += OP_SLOTS;
			rs->keys[n[1]] = kk;
			*slot = ++n[1];
		}
		return rs->keys[*slot - 1].slot;
	case IPCWALL_OBJECT_PATH:
		if (!rule_is_exact(rs, r))
			return IPCWALL_NO_RULE;
		rule_path_key(rs, g, r, &ek);
		slot = path_probe(&rs->exact_tab, rs->exact, &ek);
		if (!*slot) {
			ek.first = *nslots;
			*nslots += OP_SLOTS;
			rs->exact[n[2]] = ek;
			*slot = ++n[2];
		}
		return rs->exact[*slot - 1].first;
	}
	return IPCWALL_NO_RULE;
}

/*
 * Peers, keys and exact paths, in two passes over the rules: the first
 * creates each distinct entry and gives it its slots, the second records
 * in the slots the first allow and deny rule of each.
 */
static int build_slotted(struct builder *b, const struct counts *c)
{
	struct ipcwall_ruleset *rs = b->rs;
	const struct ipcwall_policy_group *grp;
	u32 g, i, first, n[3] = {}, nslots = 0;
	int pass, err;

	rs->peers = tab_alloc(b, c->peers, sizeof(*rs->peers));
	if (IS_ERR(rs->peers))
		return PTR_ERR(rs->peers);
	rs->keys = tab_alloc(b, c->keys, sizeof(*rs->keys));
	if (IS_ERR(rs->keys))
		return PTR_ERR(rs->keys);
	rs->exact = tab_alloc(b, c->exact, sizeof(*rs->exact));
	if (IS_ERR(rs->exact))
		return PTR_ERR(rs->exact);
	err = htab_init(b, &rs->peer_tab, c->peers) ?:
	      htab_init(b, &rs->key_tab, c->keys) ?:
	      htab_init(b, &rs->exact_tab, c->exact);
	if (err)
		return err;

	for (pass = 0; pass < 2; pass++) {
		for (g = 0; g < rs->group_count; g++) {
			grp = &rs->groups[g];
			for (i = grp->rule_first;
			     i < grp->rule_first + grp->rule_count; i++) {
				first = slotted_entry(rs, g, &rs->rules[i], n,
						      &nslots);
				if (pass && first != IPCWALL_NO_RULE)
					fill_slots(&rs->slots[first],
						   &rs->rules[i], i);
			}
		}
		if (pass)
			break;
		rs->slots = tab_alloc(b, nslots, sizeof(*rs->slots));
		if (IS_ERR(rs->slots))
			return PTR_ERR(rs->slots);
		match_init(rs->slots, nslots);
	}
	return 0;
}

/* The entry equal to @k in table @h, added as @entries[*@n] if new. */
static struct ipcwall_path_entry *
path_entry_get(struct ipcwall_htab *h, struct ipcwall_path_entry *entries,
	       u32 *n, const struct ipcwall_path_entry *k)
{
	u32 *slot = path_probe(h, entries, k);

	if (!*slot) {
		entries[*n] = *k;
		*slot = ++*n;
	}
	return &entries[*slot - 1];
}

/*
 * Between the two passes of a grouping build: the counts of the first
 * become ranges, each starting where the previous one ends, for the
 * second to fill.
 */
static void path_entry_ranges(struct ipcwall_path_entry *entries, u32 n)
{
	u32 i, total = 0;

	for (i = 0; i < n; i++) {
		entries[i].first = total;
		total += entries[i].count;
		entries[i].count = 0;
	}
}

/* Globs with wildcards, grouped by anchor, in rule order. */
static int build_anchors(struct builder *b, const struct counts *c)
{
	struct ipcwall_ruleset *rs = b->rs;
	const struct ipcwall_policy_rule *r;
	struct ipcwall_path_entry k, *e;
	u32 g, i, n = 0;
	int pass, err;

	rs->anchors = tab_alloc(b, c->anchors, sizeof(*rs->anchors));
	if (IS_ERR(rs->anchors))
		return PTR_ERR(rs->anchors);
	rs->anchor_rules = tab_alloc(b, c->anchors, sizeof(u32));
	if (IS_ERR(rs->anchor_rules))
		return PTR_ERR(rs->anchor_rules);
	err = htab_init(b, &rs->anchor_tab, c->anchors);
	if (err)
		return err;

	for (pass = 0; pass < 2; pass++) {
		for (g = 0; g < rs->group_count; g++) {
			const struct ipcwall_policy_group *grp = &rs->groups[g];

			for (i = grp->rule_first;
			     i < grp->rule_first + grp->rule_count; i++) {
				r = &rs->rules[i];
				if (r->object != IPCWALL_OBJECT_PATH ||
				    rule_is_exact(rs, r))
					continue;
				rule_path_key(rs, g, r, &k);
				e = path_entry_get(&rs->anchor_tab, rs->anchors,
						   &n, &k);
				if (pass)
					rs->anchor_rules[e->first +
							 e->count] = i;
				e->count++;
			}
		}
		if (!pass)
			path_entry_ranges(rs->anchors, n);
	}
	return 0;
}

/* One rule's share of a bucket, while its port ranges are resolved. */
struct port_item {
	u32 rule;
	u32 lo;
	u32 end;	/* one past the last port */
	u8 action;
};

/* Narrowest range first, then deny, then rule order: who decides first. */
static int item_cmp(const void *a, const void *b)
{
	const struct port_item *x = a, *y = b;
	u32 wx = x->end - x->lo, wy = y->end - y->lo;

	if (wx != wy)
		return wx < wy ? -1 : 1;
	if (x->action != y->action)
		return x->action == IPCWALL_DENY ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static int u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static u32 bisect_u32(const u32 *v, u32 n, u32 x)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Next elementary range not yet given to a rule, with path halving. */
static u32 next_free(u32 *next, u32 i)
{
	while (next[i] != i) {
		next[i] = next[next[i]];
		i = next[i];
	}
	return i;
}

struct port_scratch {
	struct port_item *items;
	u32 *points;
	u32 *next;
	u32 *owner;
};

/*
 * Cuts the ports of one bucket's @n rules at every range end, gives each
 * elementary range to the highest priority rule covering it (each rule
 * takes what is still free in its range, in item_cmp() order), and writes
 * the owned ranges, adjacent ones of one rule merged, to @out. Returns how
 * many were written, at most 2 * @n.
 */
static u32 resolve_ports(struct port_scratch *s, u32 n,
			 struct ipcwall_port_seg *out)
{
	u32 i, j, end, npoints = 0, nout = 0;

	for (i = 0; i < n; i++) {
		s->points[npoints++] = s->items[i].lo;
		s->points[npoints++] = s->items[i].end;
	}
	sort(s->points, npoints, sizeof(u32), u32_cmp, NULL);
	for (i = 1, j = 1; i < npoints; i++)
		if (s->points[i] != s->points[j - 1])
			s->points[j++] = s->points[i];
	npoints = j;

	for (i = 0; i < npoints; i++) {
		s->next[i] = i;
		s->owner[i] = IPCWALL_NO_RULE;
	}
	sort(s->items, n, sizeof(*s->items), item_cmp, NULL);
	for (i = 0; i < n; i++) {
		j = bisect_u32(s->points, npoints, s->items[i].lo);
		end = bisect_u32(s->points, npoints, s->items[i].end);
		for (j = next_free(s->next, j); j < end;
		     j = next_free(s->next, j)) {
			s->owner[j] = s->items[i].rule;
			s->next[j] = j + 1;
		}
	}

	/* The last point only ends a range: it was never owned. */
	for (i = 0; i + 1 < npoints; i++) {
		if (s->owner[i] == IPCWALL_NO_RULE)
			continue;
		if (nout && out[nout - 1].rule == s->owner[i] &&
		    out[nout - 1].hi + 1 == s->points[i]) {
			out[nout - 1].hi = s->points[i + 1] - 1;
			continue;
		}
		out[nout].lo = s->points[i];
		out[nout].hi = s->points[i + 1] - 1;
		out[nout].rule = s->owner[i];
		nout++;
	}
	return nout;
}

/* One (family, protocol, operation) of an inet rule. */
struct inet_key {
	u8 family;
	u8 protocol;
	u8 op;
};

/* What an inet rule applies to: at most 2 families * 2 protocols * 2 ops. */
static unsigned int inet_keys(const struct ipcwall_policy_rule *r,
			      struct inet_key *keys)
{
	static const u8 any[] = { IPCWALL_INET4, IPCWALL_INET6 };
	const u8 *fams = r->inet.family == IPCWALL_INET_ANY ? any :
							       &r->inet.family;
	unsigned int f, nfams = r->inet.family == IPCWALL_INET_ANY ? 2 : 1;
	unsigned int n = 0;
	u8 proto, op;

	for (f = 0; f < nfams; f++)
		for (proto = 1; proto <= IPCWALL_PROTOS; proto <<= 1)
			for (op = 1; op <= IPCWALL_OPS_INET; op <<= 1)
				if ((r->inet.protocols & proto) &&
				    (r->ops & op))
					keys[n++] = (struct inet_key) {
						fams[f], proto, op
					};
	return n;
}

static void rule_bucket_key(u32 group, const struct ipcwall_policy_rule *r,
			    const struct inet_key *ik,
			    struct ipcwall_bucket_entry *k)
{
	memset(k, 0, sizeof(*k));
	k->group = group;
	k->family = ik->family;
	k->protocol = ik->protocol;
	k->op = ik->op;
	/* The validator has checked that bits past the prefix are zero. */
	k->prefix_len = r->inet.prefix_len;
	memcpy(k->addr, r->inet.addr, sizeof(k->addr));
}

/* Records that (group, family, protocol, op) has rules at @prefix_len. */
static void add_prefix(struct ipcwall_ruleset *rs, u32 group,
		       const struct inet_key *ik, u8 prefix_len, u32 *n)
{
	struct ipcwall_prefix_entry k = {
		.group = group, .family = ik->family,
		.protocol = ik->protocol, .op = ik->op,
	};
	u32 *slot = prefix_probe(rs, &k);

	if (!*slot) {
		rs->prefixes[*n] = k;
		*slot = ++*n;
	}
	rs->prefixes[*slot - 1].lens[prefix_len / 64] |=
		BIT_ULL(prefix_len % 64);
}

static int build_inet(struct builder *b, const struct counts *c)
{
	struct ipcwall_ruleset *rs = b->rs;
	struct port_scratch s = {};
	struct ipcwall_bucket_entry bk, *e;
	const struct ipcwall_policy_rule *r;
	struct inet_key keys[8];
	u32 g, i, j, *slot, *items = NULL;
	u32 n_buckets = 0, n_prefixes = 0, total = 0, largest = 0, nsegs = 0;
	unsigned int k, nkeys;
	int pass, err;

	rs->buckets = tab_alloc(b, c->inet, sizeof(*rs->buckets));
	if (IS_ERR(rs->buckets))
		return PTR_ERR(rs->buckets);
	rs->prefixes = tab_alloc(b, c->inet, sizeof(*rs->prefixes));
	if (IS_ERR(rs->prefixes))
		return PTR_ERR(rs->prefixes);
	rs->segs = tab_alloc(b, 2 * (size_t)c->inet, sizeof(*rs->segs));
	if (IS_ERR(rs->segs))
		return PTR_ERR(rs->segs);
	err = htab_init(b, &rs->bucket_tab, c->inet) ?:
	      htab_init(b, &rs->prefix_tab, c->inet);
	if (err)
		return err;
	if (!c->inet)
		return 0;

	/* Rules of each bucket, in rule order: only while building. */
	items = kvcalloc(c->inet, sizeof(*items), GFP_KERNEL_ACCOUNT);
	if (!items)
		return -ENOMEM;

	for (pass = 0; pass < 2; pass++) {
		for (g = 0; g < rs->group_count; g++) {
			const struct ipcwall_policy_group *grp = &rs->groups[g];

			for (i = grp->rule_first;
			     i < grp->rule_first + grp->rule_count; i++) {
				r = &rs->rules[i];
				if (r->object != IPCWALL_OBJECT_INET)
					continue;
				nkeys = inet_keys(r, keys);
				for (k = 0; k < nkeys; k++) {
					rule_bucket_key(g, r, &keys[k], &bk);
					slot = bucket_probe(rs, &bk);
					if (!*slot) {
						rs->buckets[n_buckets] = bk;
						*slot = ++n_buckets;
					}
					e = &rs->buckets[*slot - 1];
					if (pass)
						items[e->first + e->count] = i;
					else
						add_prefix(rs, g, &keys[k],
							   bk.prefix_len,
							   &n_prefixes);
					e->count++;
				}
			}
		}
		if (!pass) {
			for (i = 0; i < n_buckets; i++) {
				rs->buckets[i].first = total;
				largest = max(largest, rs->buckets[i].count);
				total += rs->buckets[i].count;
				rs->buckets[i].count = 0;
			}
		}
	}

	err = -ENOMEM;
	s.items = kvcalloc(largest, sizeof(*s.items), GFP_KERNEL_ACCOUNT);
	s.points = kvcalloc(2 * (size_t)largest, sizeof(u32),
			    GFP_KERNEL_ACCOUNT);
	s.next = kvcalloc(2 * (size_t)largest, sizeof(u32),
			  GFP_KERNEL_ACCOUNT);
	s.owner = kvcalloc(2 * (size_t)largest, sizeof(u32),
			   GFP_KERNEL_ACCOUNT);
	if (!s.items || !s.points || !s.next || !s.owner)
		goto out;

	for (i = 0; i < n_buckets; i++) {
		e = &rs->buckets[i];
		for (j = 0; j < e->count; j++) {
			r = &rs->rules[items[e->first + j]];
			s.items[j] = (struct port_item) {
				.rule = items[e->first + j],
				.lo = r->inet.port_min,
				.end = r->inet.port_max + 1U,
				.action = r->action,
			};
		}
		j = resolve_ports(&s, e->count, &rs->segs[nsegs]);
		e->first = nsegs;
		e->count = j;
		nsegs += j;
		cond_resched();
	}
	err = 0;
out:
	kvfree(s.items);
	kvfree(s.points);
	kvfree(s.next);
	kvfree(s.owner);
	kvfree(items);
	return err;
}

/*
 * Selectors. Each exe glob of a selector files the selector under the
 * glob itself when it has no wildcard (class 0), or under its anchor
 * (class 1), so that classifying a path looks up the path and each of its
 * directories rather than trying every selector. Selectors without exe
 * globs are tried in any case.
 */
static void exe_key(const char *pat, struct ipcwall_path_entry *k)
{
	size_t len = strlen(pat);

	memset(k, 0, sizeof(*k));
	k->str = pat;
	if (ipcwall_glob_is_literal(pat, len)) {
		k->len = len;
	} else {
		k->class = 1;
		k->len = glob_anchor(pat, len, &k->slash);
	}
}

static int build_selectors(struct builder *b)
{
	struct ipcwall_ruleset *rs = b->rs;
	const struct ipcwall_policy_selector *sel;
	struct ipcwall_path_entry k, *e;
	u32 g, s, i, n = 0, globs = 0;
	int pass, err;

	for (s = 0; s < rs->selector_count; s++) {
		globs += rs->selectors[s].exe_count;
		if (!rs->selectors[s].exe_count)
			rs->plain_count++;
	}
	rs->sel_group = tab_alloc(b, rs->selector_count, sizeof(u32));
	if (IS_ERR(rs->sel_group))
		return PTR_ERR(rs->sel_group);
	rs->plain_sels = tab_alloc(b, rs->plain_count, sizeof(u32));
	if (IS_ERR(rs->plain_sels))
		return PTR_ERR(rs->plain_sels);
	rs->exes = tab_alloc(b, globs, sizeof(*rs->exes));
	if (IS_ERR(rs->exes))
		return PTR_ERR(rs->exes);
	rs->exe_sels = tab_alloc(b, globs, sizeof(u32));
	if (IS_ERR(rs->exe_sels))
		return PTR_ERR(rs->exe_sels);
	err = htab_init(b, &rs->exe_tab, globs);
	if (err)
		return err;

	for (g = 0; g < rs->group_count; g++) {
		const struct ipcwall_policy_group *grp = &rs->groups[g];

		for (s = grp->selector_first;
		     s < grp->selector_first + grp->selector_count; s++)
			rs->sel_group[s] = g;
	}
	for (s = 0, i = 0; s < rs->selector_count; s++)
		if (!rs->selectors[s].exe_count)
			rs->plain_sels[i++] = s;

	/* As build_anchors(): count per entry, then fill in selector order. */
	for (pass = 0; pass < 2; pass++) {
		for (s = 0; s < rs->selector_count; s++) {
			sel = &rs->selectors[s];
			for (i = 0; i < sel->exe_count; i++) {
				exe_key(rs->strings +
					rs->refs[sel->exe_first + i], &k);
				e = path_entry_get(&rs->exe_tab, rs->exes, &n,
						   &k);
				if (pass)
					rs->exe_sels[e->first + e->count] = s;
				e->count++;
			}
		}
		if (!pass)
			path_entry_ranges(rs->exes, n);
	}
	return 0;
}

int ipcwall_ruleset_build(struct ipcwall_ruleset *rs, size_t budget,
			  struct netlink_ext_ack *extack)
{
	struct builder b = { .rs = rs, .budget = budget, .extack = extack };
	struct counts c;

	count_rules(rs, &c);
	return build_names(&b) ?:
	       build_slotted(&b, &c) ?:
	       build_anchors(&b, &c) ?:
	       build_inet(&b, &c) ?:
	       build_selectors(&b);
}

static void free_ptr(void *p)
{
	if (!IS_ERR_OR_NULL(p))
		kvfree(p);
}

void ipcwall_ruleset_free(struct ipcwall_ruleset *rs)
{
	free_ptr(rs->names.slot);
	free_ptr(rs->peer_tab.slot);
	free_ptr(rs->peers);
	free_ptr(rs->key_tab.slot);
	free_ptr(rs->keys);
	free_ptr(rs->exact_tab.slot);
	free_ptr(rs->exact);
	free_ptr(rs->anchor_tab.slot);
	free_ptr(rs->anchors);
	free_ptr(rs->anchor_rules);
	free_ptr(rs->slots);
	free_ptr(rs->prefix_tab.slot);
	free_ptr(rs->prefixes);
	free_ptr(rs->bucket_tab.slot);
	free_ptr(rs->buckets);
	free_ptr(rs->segs);
	free_ptr(rs->exe_tab.slot);
	free_ptr(rs->exes);
	free_ptr(rs->exe_sels);
	free_ptr(rs->plain_sels);
	free_ptr(rs->sel_group);
}

/* Lookups: no allocation, no sleeping, bounded work. */

static bool match_found(const struct ipcwall_match *m)
{
	return m->allow != IPCWALL_NO_RULE || m->deny != IPCWALL_NO_RULE;
}

bool ipcwall_ruleset_peer(const struct ipcwall_ruleset *rs, u32 group,
			  u8 direction, u8 class, u32 peer, unsigned int slot,
			  struct ipcwall_match *m)
{
	struct ipcwall_peer_entry k = {
		.group = group, .peer = peer, .direction = direction,
		.class = class,
	};
	u32 *s = peer_probe(rs, &k);
	unsigned int nslots = class == IPCWALL_CLASS_SIGNAL ? SIGNAL_SLOTS :
							      OP_SLOTS;

	if (!*s || slot >= nslots)
		return false;
	*m = rs->slots[rs->peers[*s - 1].slot + slot];
	return match_found(m);
}

bool ipcwall_ruleset_key(const struct ipcwall_ruleset *rs, u32 group,
			 u8 class, u32 key, unsigned int slot,
			 struct ipcwall_match *m)
{
	struct ipcwall_key_entry k = {
		.group = group, .key = key, .class = class,
	};
	u32 *s = key_probe(rs, &k);

	if (!*s || slot >= OP_SLOTS)
		return false;
	*m = rs->slots[rs->keys[*s - 1].slot + slot];
	return match_found(m);
}

/* The rules anchored at one directory that match @path. */
static bool anchor_match(const struct ipcwall_ruleset *rs,
			 const struct ipcwall_path_entry *k, const char *path,
			 size_t len, u32 op, struct ipcwall_match *m)
{
	const struct ipcwall_path_entry *e;
	const struct ipcwall_policy_rule *r;
	const char *pat;
	u32 *s = path_probe(&rs->anchor_tab, rs->anchors, k);
	u32 i, rule;

	if (!*s)
		return false;
	e = &rs->anchors[*s - 1];
	match_init(m, 1);
	for (i = 0; i < e->count; i++) {
		rule = rs->anchor_rules[e->first + i];
		r = &rs->rules[rule];
		if (!(r->ops & op))
			continue;
		pat = rs->strings + r->string;
		if (ipcwall_glob_match(pat, strlen(pat), path, len))
			match_add(m, r->action, rule);
	}
	return match_found(m);
}

bool ipcwall_ruleset_path(const struct ipcwall_ruleset *rs, u32 group,
			  u8 class, const char *path, size_t len, u32 op,
			  struct ipcwall_match *m)
{
	struct ipcwall_path_entry k = {
		.group = group, .class = class, .str = path, .len = len,
	};
	u32 *s;
	size_t i;

	if (!len)
		return false;
	s = path_probe(&rs->exact_tab, rs->exact, &k);
	if (*s) {
		*m = rs->slots[rs->exact[*s - 1].first + __ffs(op)];
		if (match_found(m))
			return true;
	}

	/* The path itself as a directory, then each of its directories. */
	k.slash = true;
	if (anchor_match(rs, &k, path, len, op, m))
		return true;
	for (i = len; i--;) {
		if (path[i] != '/')
			continue;
		k.len = i;
		if (anchor_match(rs, &k, path, len, op, m))
			return true;
	}
	if (path[0] == '/')
		return false;
	/* An abstract unix name: the rules anchored at '@' alone. */
	k.slash = false;
	k.len = 1;
	return anchor_match(rs, &k, path, len, op, m);
}

static const struct ipcwall_port_seg *
find_port(const struct ipcwall_port_seg *segs, u32 n, u16 port)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (segs[mid].hi < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && segs[lo].lo <= port)
		return &segs[lo];
	return NULL;
}

bool ipcwall_ruleset_inet(const struct ipcwall_ruleset *rs, u32 group,
			  u8 family, u8 protocol, u32 op, const u8 *addr,
			  u16 port, struct ipcwall_match *m)
{
	struct ipcwall_prefix_entry pk = {
		.group = group, .family = family, .protocol = protocol,
		.op = op,
	};
	const struct ipcwall_port_seg *seg;
	const struct ipcwall_bucket_entry *e;
	struct ipcwall_bucket_entry bk;
	unsigned int max_len = family == IPCWALL_INET4 ? 32 : 128;
	int word, bit;
	u32 *s, *b;
	u64 lens;

	s = prefix_probe(rs, &pk);
	if (!*s)
		return false;

	memset(&bk, 0, sizeof(bk));
	bk.group = group;
	bk.family = family;
	bk.protocol = protocol;
	bk.op = op;
	/* Longest prefix first: at most 129 lookups, whatever the rules. */
	for (word = PREFIX_WORDS - 1; word >= 0; word--) {
		lens = rs->prefixes[*s - 1].lens[word];
		while (lens) {
			bit = fls64(lens) - 1;
			lens &= ~BIT_ULL(bit);
			bk.prefix_len = word * 64 + bit;
			if (bk.prefix_len > max_len)
				continue;
			memcpy(bk.addr, addr, family == IPCWALL_INET4 ? 4 : 16);
			mask_addr(bk.addr, bk.prefix_len);
			b = bucket_probe(rs, &bk);
			if (!*b)
				continue;
			e = &rs->buckets[*b - 1];
			seg = find_port(&rs->segs[e->first], e->count, port);
			if (!seg)
				continue;
			match_init(m, 1);
			match_add(m, rs->rules[seg->rule].action, seg->rule);
			return true;
		}
	}
	return false;
}

/* Classification. */

static bool any_glob(const struct ipcwall_ruleset *rs, u32 first, u32 count,
		     const char *str, size_t len)
{
	const char *pat;
	u32 i;

	for (i = first; i < first + count; i++) {
		pat = rs->strings + rs->refs[i];
		if (ipcwall_glob_match(pat, strlen(pat), str, len))
			return true;
	}
	return false;
}

static bool any_id(const struct ipcwall_ruleset *rs, u32 first, u32 count,
		   u32 id)
{
	u32 i;

	for (i = first; i < first + count; i++)
		if (rs->ids[i] == id)
			return true;
	return false;
}

/* A process matches a selector when it matches each of its lists. */
static bool selector_match(const struct ipcwall_ruleset *rs, u32 s,
			   const struct ipcwall_image *img)
{
	const struct ipcwall_policy_selector *sel = &rs->selectors[s];

	return (!sel->exe_count ||
		any_glob(rs, sel->exe_first, sel->exe_count, img->exe,
			 img->exe_len)) &&
	       (!sel->cgroup_count ||
		any_glob(rs, sel->cgroup_first, sel->cgroup_count,
			 img->cgroup, img->cgroup_len)) &&
	       (!sel->uid_count ||
		any_id(rs, sel->uid_first, sel->uid_count, img->uid)) &&
	       (!sel->gid_count ||
		any_id(rs, sel->gid_first, sel->gid_count, img->gid));
}

/*
 * Lowers *@best to the first selector of an ascending list that matches,
 * stopping at *@best: a later selector could not be first.
 */
static void first_match(const struct ipcwall_ruleset *rs, const u32 *sels,
			u32 count, const struct ipcwall_image *img, u32 *best)
{
	u32 i;

	for (i = 0; i < count && sels[i] < *best; i++) {
		if (selector_match(rs, sels[i], img)) {
			*best = sels[i];
			return;
		}
	}
}

static void exe_candidates(const struct ipcwall_ruleset *rs,
			   const struct ipcwall_path_entry *k,
			   const struct ipcwall_image *img, u32 *best)
{
	const struct ipcwall_path_entry *e;
	u32 *slot = path_probe(&rs->exe_tab, rs->exes, k);

	if (!*slot)
		return;
	e = &rs->exes[*slot - 1];
	first_match(rs, rs->exe_sels + e->first, e->count, img, best);
}

u32 ipcwall_ruleset_classify(const struct ipcwall_ruleset *rs,
			     const struct ipcwall_image *img)
{
	struct ipcwall_path_entry k = { .str = img->exe, .len = img->exe_len };
	u32 best = U32_MAX;
	size_t i;

	first_match(rs, rs->plain_sels, rs->plain_count, img, &best);
	if (img->exe_len && rs->exe_tab.slot) {
		exe_candidates(rs, &k, img, &best);
		/* The path itself as a directory, then each of its own. */
		k.class = 1;
		k.slash = true;
		exe_candidates(rs, &k, img, &best);
		for (i = img->exe_len; i--;) {
			if (img->exe[i] != '/')
				continue;
			k.len = i;
			exe_candidates(rs, &k, img, &best);
		}
	}
	return best == U32_MAX ? IPCWALL_GROUP_NONE : rs->sel_group[best];
}
