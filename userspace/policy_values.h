/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy compiler's scalar values: signals, inet addresses and ports,
 * user and group ids, globs and group names. Each parser takes one YAML
 * scalar and either fills its result or adds an error that names the
 * file, line and column, quotes the value and says what was expected
 * (docs/policy.md is the language). Used by policy_parse.c only.
 */
#ifndef IPCWALL_POLICY_VALUES_H
#define IPCWALL_POLICY_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "yaml_doc.h"

/*
 * The name in @names (@n of them) closest to @s, if close enough to be a
 * typo, or NULL. A name equal to @s but for case always wins.
 */
const char *policy_closest(const char *const *names, size_t n, const char *s,
			   size_t len);

/*
 * One item of `signals': a name with or without SIG, a number 0-64,
 * RTMIN[+n], RTMAX[-n], a range A..B of these, or `all'. Adds its signals
 * to @set (bit n of the 128-bit set for signal n).
 */
int policy_signals(struct yaml_diags *d, const struct yaml_node *n,
		   __u64 set[2]);

/**
 * struct policy_inet_addr - an item of `addresses'
 * @family:	IPCWALL_INET4 or IPCWALL_INET6
 * @prefix_len:	0-32 or 0-128; the full length when no prefix was written
 * @addr:	network order, IPv4 in the first 4 bytes, no host bits set
 */
struct policy_inet_addr {
	__u8 family;
	__u8 prefix_len;
	__u8 addr[16];
};

int policy_inet_addr(struct yaml_diags *d, const struct yaml_node *n,
		     struct policy_inet_addr *out);

/* An item of `ports': a port, or a range "A-B" with A <= B. */
int policy_port_range(struct yaml_diags *d, const struct yaml_node *n,
		      __u16 *min, __u16 *max);

/*
 * A uid (@group false) or gid: a number, or a name resolved now through
 * getpwnam()/getgrnam(). @what names the key in messages.
 */
int policy_id(struct yaml_diags *d, const struct yaml_node *n,
	      const char *what, bool group, __u32 *id);

/* What a glob names, for the checks beyond the glob syntax. */
enum policy_glob_kind {
	POLICY_GLOB_PATH,	/* an absolute path: exe, cgroup, file */
	POLICY_GLOB_UNIX,	/* an absolute path, or '@' and a name */
	POLICY_GLOB_POSIX,	/* '/' and then no other '/' */
};

/*
 * A glob of @kind (ipcwall_glob_validate() and the form of its kind); a
 * malformed glob is reported at the column of the character at fault when
 * the scalar's text can be mapped back to its source. *@out points into
 * the node.
 */
int policy_glob(struct yaml_diags *d, const struct yaml_node *n,
		const char *what, enum policy_glob_kind kind,
		const char **out, size_t *len);

/* A group name, as the `group' key defines it and rules name it. */
int policy_group_name(struct yaml_diags *d, const struct yaml_node *n,
		      const char **out);

#endif /* IPCWALL_POLICY_VALUES_H */
