// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar values of the policy language (docs/policy.md): each parser reads
 * one YAML scalar, strictly, and on error says where, what was found and
 * what was expected.
 */
#define _GNU_SOURCE	/* strncasecmp */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../kmod/glob.h"
#include "../kmod/limits.h"
#include "common.h"
#include "ipcwall.h"
#include "policy_values.h"

/* ---- Suggestions ---- */

/*
 * yaml_closest(), where a name equal to @s but for case always wins:
 * signal and class names have a conventional case that people miss.
 */
const char *policy_closest(const char *const *names, size_t n, const char *s,
			   size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncasecmp(names[i], s, len))
			return names[i];
	return yaml_closest(names, n, s, len);
}

/* ---- Positions inside a scalar ---- */

/*
 * The column of byte @off of @n's value, when its source text is the
 * value itself (a plain scalar, or a single-quoted one without quotes to
 * double); otherwise the scalar's own column.
 */
static unsigned int col_at(const struct yaml_node *n, size_t off)
{
	unsigned int col = n->col;
	size_t i;

	switch (n->scalar.style) {
	case YAML_DOC_PLAIN:
		break;
	case YAML_DOC_SINGLE_QUOTED:
		if (memchr(n->scalar.str, '\'', n->scalar.len))
			return n->col;
		col++;
		break;
	default:
		return n->col;
	}
	if (memchr(n->scalar.str, '\n', n->scalar.len))
		return n->col;
	for (i = 0; i < off && i < n->scalar.len; i++)
		if (((unsigned char)n->scalar.str[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* ---- Signals ---- */

static const struct {
	const char *name;
	unsigned int nr;
} signal_names[] = {
	{ "HUP", 1 }, { "INT", 2 }, { "QUIT", 3 }, { "ILL", 4 },
	{ "TRAP", 5 }, { "ABRT", 6 }, { "IOT", 6 }, { "BUS", 7 },
	{ "FPE", 8 }, { "KILL", 9 }, { "USR1", 10 }, { "SEGV", 11 },
	{ "USR2", 12 }, { "PIPE", 13 }, { "ALRM", 14 }, { "TERM", 15 },
	{ "STKFLT", 16 }, { "CHLD", 17 }, { "CLD", 17 }, { "CONT", 18 },
	{ "STOP", 19 }, { "TSTP", 20 }, { "TTIN", 21 }, { "TTOU", 22 },
	{ "URG", 23 }, { "XCPU", 24 }, { "XFSZ", 25 }, { "VTALRM", 26 },
	{ "PROF", 27 }, { "WINCH", 28 }, { "IO", 29 }, { "POLL", 29 },
	{ "PWR", 30 }, { "SYS", 31 },
};

/* As kill -l numbers them. */
#define SIGNAL_RTMIN 34
#define SIGNAL_RTMAX IPCWALL_SIGNAL_MAX

#define SIGNAL_FORMS "a name (TERM or SIGTERM), a number from 0 to 64, " \
	"RTMIN, RTMIN+n, RTMAX, RTMAX-n, a range A..B of these, or all"

/*
 * Decimal digits without a sign or leading zeros, at most @max; the
 * number in *@v. Returns false for anything else.
 */
static bool decimal(const char *s, size_t len, unsigned long max,
		    unsigned long *v)
{
	unsigned long x = 0;
	size_t i;

	if (!len || (len > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
		if (x > max)
			return false;
	}
	*v = x;
	return true;
}

static void unknown_signal(struct yaml_diags *d, const struct yaml_node *n,
			   const char *s, size_t len)
{
	const char *names[ARRAY_SIZE(signal_names) + 3];
	char q[YAML_ESCAPE_SIZE];
	const char *near, *bare = s;
	size_t i, blen = len;

	for (i = 0; i < ARRAY_SIZE(signal_names); i++)
		names[i] = signal_names[i].name;
	names[i++] = "RTMIN";
	names[i++] = "RTMAX";
	names[i++] = "all";
	if (len > 3 && !strncasecmp(s, "SIG", 3)) {
		bare += 3;
		blen -= 3;
	}
	near = policy_closest(names, ARRAY_SIZE(names), bare, blen);
	yaml_escape(q, s, len);
	if (near)
		yaml_error(d, n, "unknown signal `%s' in `signals'; did you mean `%s'?",
			   q, near);
	else
		yaml_error(d, n, "unknown signal `%s' in `signals'; expected %s",
			   q, SIGNAL_FORMS);
}

/* One signal, not a range: its number in *@nr. */
static int one_signal(struct yaml_diags *d, const struct yaml_node *n,
		      const char *s, size_t len, unsigned int *nr)
{
	const char *p = s;
	size_t plen = len, i;
	char q[YAML_ESCAPE_SIZE];
	unsigned long v;

	if (len && s[0] >= '0' && s[0] <= '9') {
		if (decimal(s, len, ~0ul / 10 - 10, &v) && v <= IPCWALL_SIGNAL_MAX) {
			*nr = v;
			return 0;
		}
		yaml_error(d, n, "signal `%s' in `signals' is not a number from 0 to %u",
			   yaml_escape(q, s, len), IPCWALL_SIGNAL_MAX);
		return -1;
	}
	if (len > 3 && !strncmp(s, "SIG", 3)) {
		p += 3;
		plen -= 3;
	}
	if (plen >= 5 && (!strncmp(p, "RTMIN", 5) || !strncmp(p, "RTMAX", 5))) {
		bool min = p[4] == 'N';

		if (plen == 5) {
			*nr = min ? SIGNAL_RTMIN : SIGNAL_RTMAX;
			return 0;
		}
		if (p[5] == (min ? '+' : '-') &&
		    decimal(p + 6, plen - 6, ~0ul / 10 - 10, &v)) {
			if (v <= SIGNAL_RTMAX - SIGNAL_RTMIN) {
				*nr = min ? SIGNAL_RTMIN + v : SIGNAL_RTMAX - v;
				return 0;
			}
			yaml_error(d, n, "signal `%s' in `signals' is out of range: RTMIN is %u and RTMAX is %u, so n goes up to %u",
				   yaml_escape(q, s, len), SIGNAL_RTMIN,
				   SIGNAL_RTMAX, SIGNAL_RTMAX - SIGNAL_RTMIN);
			return -1;
		}
		yaml_error(d, n, "unknown signal `%s' in `signals'; expected %s",
			   yaml_escape(q, s, len), SIGNAL_FORMS);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(signal_names); i++) {
		if (strlen(signal_names[i].name) == plen &&
		    !memcmp(signal_names[i].name, p, plen)) {
			*nr = signal_names[i].nr;
			return 0;
		}
	}
	unknown_signal(d, n, s, len);
	return -1;
}

int policy_signals(struct yaml_diags *d, const struct yaml_node *n,
		   __u64 set[2])
{
	unsigned int lo, hi, i;
	char q[YAML_ESCAPE_SIZE];
	const char *s, *dots;
	size_t len;

	if (yaml_expect_scalar(d, n, "signals"))
		return -1;
	s = n->scalar.str;
	len = n->scalar.len;
	if (memchr(s, '\0', len)) {
		yaml_error(d, n, "unknown signal `%s' in `signals'; expected %s",
			   yaml_escape(q, s, len), SIGNAL_FORMS);
		return -1;
	}
	if (!strcmp(s, "all")) {
		lo = 0;
		hi = IPCWALL_SIGNAL_MAX;
	} else if ((dots = strstr(s, ".."))) {
		if (one_signal(d, n, s, dots - s, &lo) ||
		    one_signal(d, n, dots + 2, len - (dots + 2 - s), &hi))
			return -1;
		if (lo > hi) {
			yaml_error(d, n, "signal range `%s' in `signals' is decreasing (%u..%u); expected A..B with A before B",
				   yaml_escape(q, s, len), lo, hi);
			return -1;
		}
	} else {
		if (one_signal(d, n, s, len, &lo))
			return -1;
		hi = lo;
	}
	for (i = lo; i <= hi; i++)
		set[i / 64] |= 1ULL << (i % 64);
	return 0;
}

/* ---- inet ---- */

/* The bits of byte @byte that a /@prefix keeps. */
static __u8 prefix_mask(unsigned long prefix, size_t byte)
{
	if (prefix >= (byte + 1) * 8)
		return 0xff;
	if (prefix <= byte * 8)
		return 0;
	return (__u8)(0xff << (8 - (prefix - byte * 8)));
}

#define ADDRESS_FORMS "an IPv4 or IPv6 address, or a prefix: 127.0.0.1, 10.0.0.0/8, ::1, fe80::/10"

int policy_inet_addr(struct yaml_diags *d, const struct yaml_node *n,
		     struct policy_inet_addr *out)
{
	char q[YAML_ESCAPE_SIZE], buf[INET6_ADDRSTRLEN + 8];
	char fixed[INET6_ADDRSTRLEN];
	const char *s, *slash;
	bool host_bits = false;
	unsigned long prefix;
	size_t alen, i;
	unsigned int bits;

	if (yaml_expect_scalar(d, n, "addresses"))
		return -1;
	s = n->scalar.str;
	yaml_escape(q, s, n->scalar.len);
	slash = memchr(s, '/', n->scalar.len);
	alen = slash ? (size_t)(slash - s) : n->scalar.len;
	*out = (struct policy_inet_addr){ 0 };
	if (alen >= sizeof(buf) || memchr(s, '\0', n->scalar.len))
		goto invalid;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = IPCWALL_INET4;
		bits = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = IPCWALL_INET6;
		bits = 128;
	} else {
		goto invalid;
	}
	prefix = bits;
	if (slash && !decimal(slash + 1, n->scalar.len - alen - 1, bits,
			      &prefix)) {
		yaml_error_at(d, n->file, n->line, col_at(n, alen + 1),
			      "invalid prefix length in `%s' in `addresses'; expected a number from 0 to %u for an IPv%c address",
			      q, bits, bits == 32 ? '4' : '6');
		return -1;
	}
	out->prefix_len = prefix;
	for (i = 0; i < bits / 8; i++) {
		if (out->addr[i] & ~prefix_mask(prefix, i))
			host_bits = true;
		out->addr[i] &= prefix_mask(prefix, i);
	}
	if (!host_bits)
		return 0;
	inet_ntop(bits == 32 ? AF_INET : AF_INET6, out->addr, fixed,
		  sizeof(fixed));
	yaml_error(d, n, "address `%s' in `addresses' has host bits set past the /%lu prefix; did you mean `%s/%lu'?",
		   q, prefix, fixed, prefix);
	return -1;
invalid:
	yaml_error(d, n, "invalid address `%s' in `addresses'; expected %s",
		   q, ADDRESS_FORMS);
	return -1;
}

int policy_port_range(struct yaml_diags *d, const struct yaml_node *n,
		      __u16 *min, __u16 *max)
{
	char q[YAML_ESCAPE_SIZE];
	unsigned long lo, hi;
	const char *s, *dash;
	uint64_t v;

	if (yaml_expect_scalar(d, n, "ports"))
		return -1;
	s = n->scalar.str;
	dash = memchr(s, '-', n->scalar.len);
	if (!dash) {
		if (yaml_scalar_u64(d, n, "ports", 65535, &v))
			return -1;
		*min = *max = v;
		return 0;
	}
	yaml_escape(q, s, n->scalar.len);
	if (!decimal(s, dash - s, 65535, &lo) ||
	    !decimal(dash + 1, n->scalar.len - (dash + 1 - s), 65535, &hi)) {
		yaml_error(d, n, "invalid port range `%s' in `ports'; expected a port or a range FIRST-LAST of ports from 0 to 65535",
			   q);
		return -1;
	}
	if (lo > hi) {
		yaml_error(d, n, "port range `%s' in `ports' is decreasing; expected FIRST-LAST with FIRST <= LAST",
			   q);
		return -1;
	}
	*min = lo;
	*max = hi;
	return 0;
}

/* ---- Users and groups ---- */

int policy_id(struct yaml_diags *d, const struct yaml_node *n,
	      const char *what, bool group, __u32 *id)
{
	const char *kind = group ? "group" : "user";
	char q[YAML_ESCAPE_SIZE];
	const char *s;
	uint64_t v;

	if (yaml_expect_scalar(d, n, what))
		return -1;
	s = n->scalar.str;
	if (s[0] == '-' || s[0] == '+')
		s++;
	if (n->scalar.style == YAML_DOC_PLAIN && s[0] >= '0' && s[0] <= '9') {
		/* (uid_t)-1 means "no id" to the kernel's calls. */
		if (yaml_scalar_u64(d, n, what, 0xfffffffeU, &v))
			return -1;
		*id = v;
		return 0;
	}
	if (yaml_scalar_str(d, n, what, YAML_DOC_MAX_SCALAR, &s))
		return -1;
	if (group) {
		struct group *gr = getgrnam(s);

		if (gr) {
			*id = gr->gr_gid;
			return 0;
		}
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw) {
			*id = pw->pw_uid;
			return 0;
		}
	}
	yaml_escape(q, s, n->scalar.len);
	if (strspn(s, "0123456789") == n->scalar.len)
		yaml_error(d, n, "unknown %s `%s' in `%s'; a quoted number is a name: write %s unquoted for the number",
			   kind, q, what, q);
	else
		yaml_error(d, n, "unknown %s `%s' in `%s'; expected a %s number or the name of a %s of this system",
			   kind, q, what, group ? "gid" : "uid", kind);
	return -1;
}

/* ---- Globs ---- */

static void bad_glob(struct yaml_diags *d, const struct yaml_node *n,
		     const char *what, size_t off)
{
	const char *s = n->scalar.str, *why;
	size_t len = n->scalar.len;
	char q[YAML_ESCAPE_SIZE];

	if (s[off] == '\\')
		why = "a `\\' at the end escapes nothing";
	else if (s[off] == '*')
		why = "`**' must be a whole path segment, and three or more `*' in a row are never valid";
	else if (s[off] == '[' && !(off + 3 < len && s[off + 1] == '-' &&
				    s[off + 2] != ']' &&
				    (unsigned char)s[off + 2] < '['))
		why = "the class opened here has no closing `]'";
	else
		why = "the range starting here is decreasing";
	yaml_error_at(d, n->file, n->line, col_at(n, off),
		      "invalid glob `%s' in `%s': %s", yaml_escape(q, s, len),
		      what, why);
}

int policy_glob(struct yaml_diags *d, const struct yaml_node *n,
		const char *what, enum policy_glob_kind kind,
		const char **out, size_t *len)
{
	char q[YAML_ESCAPE_SIZE];
	const char *s, *slash;
	size_t off;

	if (yaml_scalar_str(d, n, what, IPCWALL_MAX_PATTERN, &s))
		return -1;
	yaml_escape(q, s, n->scalar.len);
	switch (kind) {
	case POLICY_GLOB_PATH:
		if (s[0] != '/') {
			yaml_error(d, n, "`%s' in `%s' is not an absolute path; expected a path starting with `/'",
				   q, what);
			return -1;
		}
		break;
	case POLICY_GLOB_UNIX:
		if (s[0] != '/' && (s[0] != '@' || !s[1])) {
			yaml_error(d, n, "`%s' in `%s' is not a socket address; expected an absolute path, or `@' and an abstract name",
				   q, what);
			return -1;
		}
		break;
	case POLICY_GLOB_POSIX:
		if (s[0] != '/') {
			yaml_error(d, n, "`%s' in `%s' is not a POSIX IPC name; expected `/' and a name with no other `/'",
				   q, what);
			return -1;
		}
		slash = strchr(s + 1, '/');
		if (slash) {
			yaml_error_at(d, n->file, n->line, col_at(n, slash - s),
				      "`%s' in `%s' is not a POSIX IPC name: it has a `/' past the first character; expected `/' and a name with no other `/'",
				      q, what);
			return -1;
		}
		break;
	}
	if (ipcwall_glob_validate(s, n->scalar.len, &off)) {
		bad_glob(d, n, what, off);
		return -1;
	}
	*out = s;
	*len = n->scalar.len;
	return 0;
}

/* ---- Group names ---- */

int policy_group_name(struct yaml_diags *d, const struct yaml_node *n,
		      const char **out)
{
	char q[YAML_ESCAPE_SIZE];
	const char *s;
	size_t i, len;

	if (yaml_scalar_str(d, n, "group", YAML_DOC_MAX_SCALAR, &s))
		return -1;
	len = n->scalar.len;
	yaml_escape(q, s, len);
	if (!len || len > IPCWALL_MAX_GROUP_NAME - 1) {
		yaml_error(d, n, "group name `%s' is %zu bytes long; expected 1 to %u characters",
			   q, len, IPCWALL_MAX_GROUP_NAME - 1);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');

		if (alnum || (i && (c == '.' || c == '_' || c == '-')))
			continue;
		yaml_error_at(d, n->file, n->line, col_at(n, i),
			      "invalid group name `%s'; expected letters, digits, `.', `_' and `-', starting with a letter or digit",
			      q);
		return -1;
	}
	if (!strcmp(s, "unconfined")) {
		yaml_error(d, n, "group name `unconfined' is reserved: it names the processes in no group");
		return -1;
	}
	*out = s;
	return 0;
}
