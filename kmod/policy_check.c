// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of a compiled policy, for the module and for the tool.
 *
 * What is checked is "The compiled policy" in uapi/ipcwall.h, rule for rule;
 * why it lives here is in policy_check.h. This file must stay freestanding:
 * no libc (the helpers below stand in for the few string functions it
 * needs), no allocation, no recursion. So the strings section is checked
 * without a map of where strings start: as it starts and ends with a NUL,
 * an offset is the start of a string exactly when the byte before it is a
 * NUL.
 *
 * Messages name the section, the entry and the field ("rules[3].ops"), so
 * that whoever wrote a compiler can tell which of its bytes is wrong. Both
 * the module's selftests and the tool's unit tests assert them to the byte.
 */
#include "glob.h"
#include "limits.h"
#include "policy_check.h"

#ifdef __KERNEL__
#include <linux/sched.h>
#include <linux/stdarg.h>
#else
#include <stdarg.h>
#define __printf(a, b) __attribute__((format(printf, a, b)))
/* Only the module has other tasks waiting while a policy is checked. */
#define cond_resched() do { } while (0)
#endif

/**
 * struct checker - the validation of one compiled policy
 * @blob:	the policy
 * @size:	its size in bytes
 * @hdr:	its header
 * @strings:	the strings section
 * @strings_size: its bytes
 * @groups:	the groups section
 * @group_count: its entries
 * @selectors:	the selectors section
 * @selector_count: its entries
 * @refs:	the refs section
 * @ref_count:	its entries
 * @id_count:	entries in the ids section, whose values are not checked
 * @rules:	the rules section
 * @rule_count:	its entries
 * @err:	where the reason for a refusal goes
 */
struct checker {
	const unsigned char *blob;
	size_t size;
	const struct ipcwall_policy_header *hdr;
	const char *strings;
	__u32 strings_size;
	const struct ipcwall_policy_group *groups;
	__u32 group_count;
	const struct ipcwall_policy_selector *selectors;
	__u32 selector_count;
	const __u32 *refs;
	__u32 ref_count;
	__u32 id_count;
	const struct ipcwall_policy_rule *rules;
	__u32 rule_count;
	struct ipcwall_check_error *err;
};

/* ---- What the kernel and libc would give ---- */

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool str_has(const char *s, char ch)
{
	for (; *s; s++)
		if (*s == ch)
			return true;
	return false;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/*
 * The messages: a bounded formatter for the conversions they use, %s, %u,
 * %d and %x, with an l, ll or z length. The format attribute has the
 * compiler check each call against printf's rules, which this follows.
 */
struct msg {
	char *buf;
	size_t len;
};

static void put(struct msg *m, char ch)
{
	if (m->len < IPCWALL_CHECK_MSG_MAX - 1)
		m->buf[m->len++] = ch;
}

static void put_num(struct msg *m, unsigned long long v, unsigned int base)
{
	char digits[20];	/* 2^64 - 1 has 20 decimal digits */
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(m, digits[--n]);
}

static void vformat(struct msg *m, const char *fmt, va_list ap)
{
	unsigned long long u;
	long long d;
	const char *s;
	int len;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(m, *fmt);
			continue;
		}
		/* Length: 0 none, 1 l, 2 ll, 3 z. */
		len = 0;
		if (*++fmt == 'z') {
			len = 3;
			fmt++;
		} else {
			while (*fmt == 'l' && len < 2) {
				len++;
				fmt++;
			}
		}
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				put(m, *s);
			break;
		case 'd':
			d = len == 3 ? (long long)va_arg(ap, size_t) :
			    len == 2 ? va_arg(ap, long long) :
			    len == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (d < 0) {
				put(m, '-');
				u = -(unsigned long long)d;
			} else {
				u = d;
			}
			put_num(m, u, 10);
			break;
		case 'u':
		case 'x':
			u = len == 3 ? va_arg(ap, size_t) :
			    len == 2 ? va_arg(ap, unsigned long long) :
			    len == 1 ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			put_num(m, u, *fmt == 'x' ? 16 : 10);
			break;
		case '%':
			put(m, '%');
			break;
		default:
			/* Not one of ours: the format attribute flags it. */
			return;
		}
	}
}

static __printf(3, 4)
int report(struct ipcwall_check_error *err, int ret, const char *fmt, ...)
{
	struct msg m = { .buf = err->msg };
	va_list ap;

	va_start(ap, fmt);
	vformat(&m, fmt, ap);
	va_end(ap);
	m.buf[m.len] = '\0';
	return ret;
}

#define bad(c, ...) report((c)->err, -EINVAL, __VA_ARGS__)
#define too_big(c, ...) report((c)->err, -E2BIG, __VA_ARGS__)

/* ---- The tables ---- */

static const char *const section_names[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = "strings",
	[IPCWALL_SECTION_GROUPS] = "groups",
	[IPCWALL_SECTION_SELECTORS] = "selectors",
	[IPCWALL_SECTION_REFS] = "refs",
	[IPCWALL_SECTION_IDS] = "ids",
	[IPCWALL_SECTION_RULES] = "rules",
};

static const __u32 section_entry_sizes[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = 1,
	[IPCWALL_SECTION_GROUPS] = sizeof(struct ipcwall_policy_group),
	[IPCWALL_SECTION_SELECTORS] = sizeof(struct ipcwall_policy_selector),
	[IPCWALL_SECTION_REFS] = sizeof(__u32),
	[IPCWALL_SECTION_IDS] = sizeof(__u32),
	[IPCWALL_SECTION_RULES] = sizeof(struct ipcwall_policy_rule),
};

/* The limit on each section's count, and what it counts. */
static const struct {
	__u32 max;
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

#define BIT_OF(object) (1U << (object))

/**
 * struct class_info - what the format allows a class
 * @ops:	every op bit of the class
 * @objects:	BIT_OF() each enum ipcwall_object its rules may name
 */
static const struct class_info {
	__u32 ops;
	__u32 objects;
} classes[IPCWALL_CLASS_LAST + 1] = {
	[IPCWALL_CLASS_SIGNAL] = { IPCWALL_OPS_SIGNAL,
				   BIT_OF(IPCWALL_OBJECT_PEER) },
	[IPCWALL_CLASS_PTRACE] = { IPCWALL_OPS_PTRACE,
				   BIT_OF(IPCWALL_OBJECT_PEER) },
	[IPCWALL_CLASS_SHM] = { IPCWALL_OPS_SHM, BIT_OF(IPCWALL_OBJECT_PEER) |
						 BIT_OF(IPCWALL_OBJECT_KEY) },
	[IPCWALL_CLASS_MSG] = { IPCWALL_OPS_MSG, BIT_OF(IPCWALL_OBJECT_PEER) |
						 BIT_OF(IPCWALL_OBJECT_KEY) },
	[IPCWALL_CLASS_SEM] = { IPCWALL_OPS_SEM, BIT_OF(IPCWALL_OBJECT_PEER) |
						 BIT_OF(IPCWALL_OBJECT_KEY) },
	[IPCWALL_CLASS_POSIX_SHM] = { IPCWALL_OPS_POSIX_SHM,
				      BIT_OF(IPCWALL_OBJECT_PATH) },
	[IPCWALL_CLASS_POSIX_MQ] = { IPCWALL_OPS_POSIX_MQ,
				     BIT_OF(IPCWALL_OBJECT_PATH) },
	[IPCWALL_CLASS_UNIX] = { IPCWALL_OPS_UNIX,
				 BIT_OF(IPCWALL_OBJECT_PEER) |
				 BIT_OF(IPCWALL_OBJECT_PATH) },
	[IPCWALL_CLASS_INET] = { IPCWALL_OPS_INET,
				 BIT_OF(IPCWALL_OBJECT_INET) },
	[IPCWALL_CLASS_FILE] = { IPCWALL_OPS_FILE,
				 BIT_OF(IPCWALL_OBJECT_PATH) },
};

__u32 ipcwall_class_ops(unsigned int class)
{
	return class <= IPCWALL_CLASS_LAST ? classes[class].ops : 0;
}

bool ipcwall_class_is_sysv(unsigned int class)
{
	return class == IPCWALL_CLASS_SHM || class == IPCWALL_CLASS_MSG ||
	       class == IPCWALL_CLASS_SEM;
}

bool ipcwall_class_has_object(unsigned int class, unsigned int object)
{
	return class <= IPCWALL_CLASS_LAST && object < 32 &&
	       (classes[class].objects & BIT_OF(object));
}

__u32 ipcwall_section_entry_size(unsigned int section)
{
	return section < IPCWALL_SECTION_COUNT ? section_entry_sizes[section] :
						 0;
}

const void *ipcwall_policy_section(const void *blob, unsigned int section,
				   __u32 *count)
{
	const struct ipcwall_policy_header *hdr = blob;

	*count = hdr->sections[section].count;
	return (const unsigned char *)blob + hdr->sections[section].offset;
}

/* ---- The checks, in file order ---- */

int ipcwall_policy_check_size(size_t size, struct ipcwall_check_error *err)
{
	if (size > IPCWALL_MAX_POLICY_SIZE)
		return report(err, -E2BIG, "policy has %zu bytes, the limit is %u",
			      size, IPCWALL_MAX_POLICY_SIZE);
	return 0;
}

static int check_header(struct checker *c)
{
	const struct ipcwall_policy_header *hdr = c->hdr;
	int ret;

	ret = ipcwall_policy_check_size(c->size, c->err);
	if (ret)
		return ret;
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
	unsigned long long pos = sizeof(*c->hdr), start, lo, hi;
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
		start = (pos + 7) & ~7ULL;
		if (sec->offset != start)
			return bad(c, "header.sections[%s].offset: %u, not %llu",
				   name, sec->offset, start);
		/* The padding that lies within the policy: past it, the next check. */
		lo = pos < c->size ? pos : c->size;
		hi = start < c->size ? start : c->size;
		if (!all_zero(c->blob + lo, hi - lo))
			return bad(c, "header.sections[%s]: padding not zero",
				   name);
		pos = start + (unsigned long long)sec->count * sec->entry_size;
		if (pos > c->size)
			return bad(c, "header.sections[%s]: ends past the policy",
				   name);
	}
	if (pos != c->size)
		return bad(c, "header.size: %zu bytes past the last section",
			   c->size - (size_t)pos);
	return 0;
}

/* Each string is at most IPCWALL_MAX_STRING bytes with its NUL. */
static int check_strings(struct checker *c)
{
	const char *s = c->strings;
	__u32 n = c->strings_size, i, start = 0;

	if (!n || s[0])
		return bad(c, "strings: does not start with a NUL");
	if (s[n - 1])
		return bad(c, "strings: does not end with a NUL");
	for (i = 0; i < n; i++) {
		if (s[i])
			continue;
		if (i + 1 - start > IPCWALL_MAX_STRING)
			return too_big(c, "strings[%u]: longer than the limit of %u bytes",
				       start, IPCWALL_MAX_STRING - 1);
		start = i + 1;
	}
	return 0;
}

/*
 * A string reference: 0 (none) when @optional, else the start of a
 * string. Returns the string's length, or a negative errno.
 */
static long check_ref(struct checker *c, __u32 ref, bool optional,
		      const char *what, __u32 index, const char *field)
{
	if (!ref && optional)
		return 0;
	if (!ref)
		return bad(c, "%s[%u].%s: missing", what, index, field);
	if (ref >= c->strings_size || c->strings[ref - 1])
		return bad(c, "%s[%u].%s: %u is not the start of a string",
			   what, index, field, ref);
	return str_len(c->strings + ref);
}

/* A glob: valid, at most IPCWALL_MAX_PATTERN bytes. */
static int check_glob(struct checker *c, const char *pat, size_t len,
		      const char *what, __u32 index, const char *field)
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

static int check_group_name(struct checker *c, __u32 g)
{
	const char *name;
	long len;
	int i;

	len = check_ref(c, c->groups[g].name, false, "groups", g, "name");
	if (len < 0)
		return len;
	name = c->strings + c->groups[g].name;
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
	if (str_eq(name, "unconfined"))
		return bad(c, "groups[%u].name: \"unconfined\" is reserved", g);
	return 0;
}

/* @first, @count: a range within a section of @total entries. */
static bool in_bounds(__u32 first, __u32 count, __u32 total)
{
	return first <= total && count <= total - first;
}

static int check_groups(struct checker *c)
{
	const struct ipcwall_policy_group *grp;
	__u32 g, next_selector = 0, next_rule = 0;
	long len;
	int err;

	for (g = 0; g < c->group_count; g++) {
		grp = &c->groups[g];
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
			       c->rule_count))
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
	if (next_rule != c->rule_count)
		return bad(c, "rules[%u]: belongs to no group", next_rule);
	return 0;
}

/* Exe and cgroup globs: absolute. */
static int check_selector_globs(struct checker *c, __u32 s, __u32 first,
				__u32 count, const char *field)
{
	const char *pat;
	long len;
	__u32 i;
	int err;

	if (!in_bounds(first, count, c->ref_count))
		return bad(c, "selectors[%u].%s_count: past the refs", s,
			   field);
	for (i = first; i < first + count; i++) {
		len = check_ref(c, c->refs[i], false, "refs", i, "glob");
		if (len < 0)
			return len;
		pat = c->strings + c->refs[i];
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
	__u32 s;
	int err;

	for (s = 0; s < c->selector_count; s++) {
		sel = &c->selectors[s];
		err = check_selector_globs(c, s, sel->exe_first,
					   sel->exe_count, "exe");
		if (!err)
			err = check_selector_globs(c, s, sel->cgroup_first,
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

/* A path glob's shape: file absolute, unix also '@', POSIX "/name". */
static int check_path(struct checker *c, __u32 i,
		      const struct ipcwall_policy_rule *r)
{
	const char *pat;
	long len;
	int err;

	len = check_ref(c, r->string, false, "rules", i, "string");
	if (len < 0)
		return len;
	pat = c->strings + r->string;
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
		if (pat[0] != '/' || str_has(pat + 1, '/'))
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

static int check_inet(struct checker *c, __u32 i,
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

/* Everything about a rule but its object's fields. */
static int check_rule_kind(struct checker *c, __u32 i,
			   const struct ipcwall_policy_rule *r)
{
	__u32 ops = ipcwall_class_ops(r->class);

	if (!ops)
		return bad(c, "rules[%u].class: %u is not a class", i, r->class);
	if (r->action != IPCWALL_ALLOW && r->action != IPCWALL_DENY)
		return bad(c, "rules[%u].action: %u is not an action", i,
			   r->action);
	if (r->direction != IPCWALL_OUTBOUND &&
	    r->direction != IPCWALL_INBOUND)
		return bad(c, "rules[%u].direction: %u is not a direction", i,
			   r->direction);
	if (!ipcwall_class_has_object(r->class, r->object))
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
	if (ipcwall_class_is_sysv(r->class) &&
	    r->object == IPCWALL_OBJECT_PEER &&
	    r->ops & IPCWALL_OP_SYSV_CREATE)
		return bad(c, "rules[%u].ops: create with a peer", i);
	return 0;
}

static int check_rule(struct checker *c, __u32 i)
{
	const struct ipcwall_policy_rule *r = &c->rules[i];
	int err;

	err = check_rule_kind(c, i, r);
	if (err)
		return err;

	if (r->object == IPCWALL_OBJECT_PEER) {
		if (r->peer >= c->group_count && r->peer != IPCWALL_PEER_ANY &&
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
	if (!all_zero(&r->inet, sizeof(r->inet)))
		return bad(c, "rules[%u].inet: not zero", i);
	return 0;
}

static int check_rules(struct checker *c)
{
	__u32 i;
	int err;

	for (i = 0; i < c->rule_count; i++) {
		err = check_rule(c, i);
		if (err)
			return err;
		/* Up to IPCWALL_MAX_RULES of them, each with a glob. */
		if (!(i % 4096))
			cond_resched();
	}
	return 0;
}

int ipcwall_policy_check(const void *blob, size_t size,
			 struct ipcwall_check_error *err)
{
	struct checker c = { .blob = blob, .size = size, .hdr = blob,
			     .err = err };
	int ret;

	err->msg[0] = '\0';
	ret = check_header(&c);
	if (!ret)
		ret = check_layout(&c);
	if (ret)
		return ret;

	c.strings = ipcwall_policy_section(blob, IPCWALL_SECTION_STRINGS,
					   &c.strings_size);
	c.groups = ipcwall_policy_section(blob, IPCWALL_SECTION_GROUPS,
					  &c.group_count);
	c.selectors = ipcwall_policy_section(blob, IPCWALL_SECTION_SELECTORS,
					     &c.selector_count);
	c.refs = ipcwall_policy_section(blob, IPCWALL_SECTION_REFS,
					&c.ref_count);
	ipcwall_policy_section(blob, IPCWALL_SECTION_IDS, &c.id_count);
	c.rules = ipcwall_policy_section(blob, IPCWALL_SECTION_RULES,
					 &c.rule_count);
	ret = check_strings(&c);
	if (!ret)
		ret = check_groups(&c);
	if (!ret)
		ret = check_selectors(&c);
	if (!ret)
		ret = check_rules(&c);
	return ret;
}

int ipcwall_policy_name_clash(const void *blob, __u32 group, __u32 first,
			      struct ipcwall_check_error *err)
{
	const struct ipcwall_policy_group *groups;
	const char *strings;
	__u32 count;

	strings = ipcwall_policy_section(blob, IPCWALL_SECTION_STRINGS, &count);
	groups = ipcwall_policy_section(blob, IPCWALL_SECTION_GROUPS, &count);
	return report(err, -EINVAL, "groups[%u].name: \"%s\" is also group %u",
		      group, strings + groups[group].name, first);
}
