// SPDX-License-Identifier: GPL-2.0
/*
 * A compiled policy printed back as policy YAML (docs/policy.md), the text
 * `ipcwall show' writes. The form is canonical: one `groups:' list, each
 * group's keys in one order with mode and defaults written out, one rule
 * per compiled rule, and every value in one spelling. So the text compiles
 * back into the very image it came from, and printing that gives the same
 * text again: show, load, show is a fixed point.
 *
 * A value of a key that is absent means what the compiler puts in its
 * place; a rule's `ops', ports, protocols and `audit' are written only when
 * they differ from that, so that the printed rule reads as it was written.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../kmod/names.h"
#include "../kmod/policy_check.h"
#include "common.h"
#include "policy_image.h"

/* ---- Scalars ---- */

/*
 * The length of the UTF-8 sequence at @s (1-4), or 0 when it is not
 * valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF
 * included), as libyaml refuses those. *@cp gets the code point.
 */
static size_t utf8_seq(const unsigned char *s, unsigned int *cp)
{
	unsigned int c = s[0], n, i, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		*cp = c & 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		*cp = c & 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		*cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Characters a plain scalar cannot carry: C0 and C1 controls, DEL, the
 * Unicode line and paragraph separators (line breaks to YAML 1.1) and
 * the byte order mark.
 */
static bool needs_escape(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xfeff;
}

/* Words some YAML reader takes for a null or a boolean. */
static bool is_keyword(const char *s)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL", "true", "True", "TRUE", "false",
		"False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on",
		"On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "=", "<<",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/*
 * Whether @s can be written plain. Conservative: anything a YAML reader
 * might take for another type or for syntax is quoted, at the cost of
 * quotes that a finer reading would spare.
 */
static bool plain_ok(const char *s, bool in_flow)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	unsigned int cp;

	if (!len || is_keyword(s))
		return false;
	/* Indicators, and what may start a number (a '-' is an indicator). */
	if (strchr("-?:,[]{}#&*!|>'\"%@`+. ", s[0]) ||
	    (s[0] >= '0' && s[0] <= '9'))
		return false;
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	if (in_flow && strpbrk(s, ",[]{}:#"))
		return false;
	while (*p) {
		n = utf8_seq(p, &cp);
		if (!n || needs_escape(cp))
			return false;
		p += n;
	}
	return true;
}

/* Writes @s double-quoted; returns false when a byte was not UTF-8. */
static bool print_quoted(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool faithful = true;
	unsigned int cp;
	size_t n;

	fputc('"', f);
	while (*p) {
		n = utf8_seq(p, &cp);
		if (!n) {
			/* YAML has no escape for a raw byte: the nearest. */
			fprintf(f, "\\x%02x", *p++);
			faithful = false;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp == '\r')
			fputs("\\r", f);
		else if (cp < 0x20 || cp == 0x7f)
			fprintf(f, "\\x%02x", cp);
		else if (needs_escape(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
	return faithful;
}

static bool print_scalar(FILE *f, const char *s, bool in_flow)
{
	if (plain_ok(s, in_flow)) {
		fputs(s, f);
		return true;
	}
	return print_quoted(f, s);
}

void policy_print_scalar(FILE *f, const char *s, bool in_flow)
{
	print_scalar(f, s, in_flow);
}

/* ---- Names ---- */

static const char *const class_names[IPCWALL_CLASS_LAST + 1] =
	IPCWALL_CLASS_NAMES;

/* Bit n of a class's ops is named [n]; the language's own words. */
static const char *const op_names[IPCWALL_CLASS_LAST + 1][IPCWALL_OPS_MAX] =
	IPCWALL_OP_NAMES;

const char *policy_class_name(unsigned int class)
{
	return class <= IPCWALL_CLASS_LAST ? class_names[class] : NULL;
}

const char *policy_op_name(unsigned int class, unsigned int bit)
{
	if (class > IPCWALL_CLASS_LAST || bit >= 4)
		return NULL;
	return op_names[class][bit];
}

/* ---- Signals ---- */

#define SIGNAL_RTMIN 34
#define SIGNAL_RTMAX IPCWALL_SIGNAL_MAX

/* Signal @nr as kill -l names it, or its number where it has no name. */
static void signal_name(unsigned int nr, char buf[16])
{
	static const char *const names[32] = {
		NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
		"FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
		"STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
		"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
	};
	unsigned int mid = (SIGNAL_RTMIN + SIGNAL_RTMAX) / 2;

	if (nr >= 1 && nr <= 31)
		snprintf(buf, 16, "%s", names[nr]);
	else if (nr == SIGNAL_RTMIN)
		snprintf(buf, 16, "RTMIN");
	else if (nr == SIGNAL_RTMAX)
		snprintf(buf, 16, "RTMAX");
	else if (nr > SIGNAL_RTMIN && nr <= mid)
		snprintf(buf, 16, "RTMIN+%u", nr - SIGNAL_RTMIN);
	else if (nr > mid && nr < SIGNAL_RTMAX)
		snprintf(buf, 16, "RTMAX-%u", SIGNAL_RTMAX - nr);
	else
		snprintf(buf, 16, "%u", nr);
}

int policy_signal_number(const char *s, unsigned int *nr)
{
	static const struct {
		const char *name;
		unsigned int nr;
	} aliases[] = { { "IOT", 6 }, { "CLD", 17 }, { "POLL", 29 } };
	char name[16], *end;
	unsigned long v;
	unsigned int i;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno || *end || v > IPCWALL_SIGNAL_MAX ||
		    (s[0] == '0' && s[1]))
			return -EINVAL;
		*nr = v;
		return 0;
	}
	if (!strncmp(s, "SIG", 3) && s[3])
		s += 3;
	if ((!strncmp(s, "RTMIN+", 6) || !strncmp(s, "RTMAX-", 6)) &&
	    s[6] >= '0' && s[6] <= '9') {
		errno = 0;
		v = strtoul(s + 6, &end, 10);
		if (errno || *end || v > SIGNAL_RTMAX - SIGNAL_RTMIN)
			return -EINVAL;
		*nr = s[4] == 'N' ? SIGNAL_RTMIN + v : SIGNAL_RTMAX - v;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (!strcmp(s, aliases[i].name)) {
			*nr = aliases[i].nr;
			return 0;
		}
	}
	/* The names show prints: 1-31, RTMIN, RTMAX. */
	for (i = 1; i <= IPCWALL_SIGNAL_MAX; i++) {
		signal_name(i, name);
		if (!strcmp(s, name) && (s[0] < '0' || s[0] > '9')) {
			*nr = i;
			return 0;
		}
	}
	return -EINVAL;
}

static bool has_signal(const __u64 set[2], unsigned int nr)
{
	return set[nr / 64] >> (nr % 64) & 1;
}

int policy_signals_text(const __u64 set[2], char **out)
{
	char a[16], b[16], *text = NULL;
	const char *sep = "";
	unsigned int lo, hi;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	if (set[0] == ~0ULL && set[1] == 1) {
		fputs("all", f);
	} else {
		fputc('[', f);
		for (lo = 0; lo <= IPCWALL_SIGNAL_MAX; lo = hi + 1) {
			hi = lo;
			if (!has_signal(set, lo))
				continue;
			while (hi < IPCWALL_SIGNAL_MAX && has_signal(set, hi + 1))
				hi++;
			signal_name(lo, a);
			signal_name(hi, b);
			fprintf(f, "%s%s", sep, a);
			sep = ", ";
			if (hi - lo >= 2) {
				fprintf(f, "..%s", b);
				continue;
			}
			/* Shorter runs read better one by one. */
			for (lo++; lo <= hi; lo++) {
				signal_name(lo, a);
				fprintf(f, ", %s", a);
			}
		}
		fputc(']', f);
	}
	if (fclose(f)) {
		free(text);
		return -ENOMEM;
	}
	*out = text;
	return 0;
}

/* ---- Groups and rules ---- */

struct printer {
	const struct policy_image *img;
	FILE *f;
	bool faithful;
};

/* "key: value\n" at @indent, the value a scalar. */
static void kv(struct printer *p, int indent, const char *key, const char *s)
{
	fprintf(p->f, "%*s%s: ", indent, "", key);
	if (!print_scalar(p->f, s, false))
		p->faithful = false;
	fputc('\n', p->f);
}

static void print_refs(struct printer *p, const char *key, __u32 first,
		       __u32 count, const char *lead)
{
	const struct policy_image *img = p->img;
	__u32 i;

	fprintf(p->f, "%s%s: ", lead, key);
	if (count == 1) {
		if (!print_scalar(p->f, img->strings + img->refs[first], false))
			p->faithful = false;
		fputc('\n', p->f);
		return;
	}
	fputc('[', p->f);
	for (i = 0; i < count; i++) {
		if (i)
			fputs(", ", p->f);
		if (!print_scalar(p->f, img->strings + img->refs[first + i],
				  true))
			p->faithful = false;
	}
	fputs("]\n", p->f);
}

static void print_ids(struct printer *p, const char *key, __u32 first,
		      __u32 count, const char *lead, bool always_list)
{
	__u32 i;

	fprintf(p->f, "%s%s: ", lead, key);
	if (count == 1 && !always_list) {
		fprintf(p->f, "%u\n", p->img->ids[first]);
		return;
	}
	fputc('[', p->f);
	for (i = 0; i < count; i++)
		fprintf(p->f, "%s%u", i ? ", " : "", p->img->ids[first + i]);
	fputs("]\n", p->f);
}

/* A selector: its first key after "- ", the others under it. */
static void print_selector(struct printer *p,
			   const struct ipcwall_policy_selector *sel)
{
	const char *lead = "      - ";

	if (sel->exe_count) {
		print_refs(p, "exe", sel->exe_first, sel->exe_count, lead);
		lead = "        ";
	}
	if (sel->cgroup_count) {
		print_refs(p, "cgroup", sel->cgroup_first, sel->cgroup_count,
			   lead);
		lead = "        ";
	}
	if (sel->uid_count) {
		print_ids(p, "uid", sel->uid_first, sel->uid_count, lead,
			  false);
		lead = "        ";
	}
	if (sel->gid_count)
		print_ids(p, "gid", sel->gid_first, sel->gid_count, lead,
			  false);
}

static const char *action_name(unsigned int action)
{
	return action == IPCWALL_DENY ? "deny" : "allow";
}

static void print_peer(struct printer *p, const char *key, __u32 peer)
{
	if (peer == IPCWALL_PEER_ANY)
		fprintf(p->f, "        %s: \"*\"\n", key);
	else if (peer == IPCWALL_PEER_UNCONFINED)
		fprintf(p->f, "        %s: unconfined\n", key);
	else
		kv(p, 8, key, p->img->strings + p->img->groups[peer].name);
}

/* What a rule's ops are when its `ops' key is absent. */
static __u32 default_ops(const struct ipcwall_policy_rule *r)
{
	__u32 all = ipcwall_class_ops(r->class);

	if (ipcwall_class_is_sysv(r->class) && r->object == IPCWALL_OBJECT_PEER)
		return all & ~IPCWALL_OP_SYSV_CREATE;
	return all;
}

static void print_ops(struct printer *p, const struct ipcwall_policy_rule *r)
{
	const char *sep = "";
	unsigned int bit;

	if (r->class == IPCWALL_CLASS_SIGNAL || r->ops == default_ops(r))
		return;
	fputs("        ops: [", p->f);
	for (bit = 0; bit < 32; bit++) {
		if (!(r->ops & (1U << bit)))
			continue;
		fprintf(p->f, "%s%s", sep, policy_op_name(r->class, bit));
		sep = ", ";
	}
	fputs("]\n", p->f);
}

static int print_inet(struct printer *p, const struct ipcwall_policy_rule *r)
{
	char addr[INET6_ADDRSTRLEN + 8];
	unsigned int full = r->inet.family == IPCWALL_INET4 ? 32 : 128;
	size_t n;

	if (r->inet.family != IPCWALL_INET_ANY) {
		if (!inet_ntop(r->inet.family == IPCWALL_INET4 ? AF_INET :
			       AF_INET6, r->inet.addr, addr, sizeof(addr)))
			return -errno;
		n = strlen(addr);
		if (r->inet.prefix_len != full)
			snprintf(addr + n, sizeof(addr) - n, "/%u",
				 r->inet.prefix_len);
		kv(p, 8, "addresses", addr);
	}
	if (r->inet.port_min == r->inet.port_max)
		fprintf(p->f, "        ports: %u\n", r->inet.port_min);
	else if (r->inet.port_min != 0 || r->inet.port_max != 65535)
		fprintf(p->f, "        ports: %u-%u\n", r->inet.port_min,
			r->inet.port_max);
	if (r->inet.protocols != IPCWALL_PROTOS)
		fprintf(p->f, "        protocols: [%s]\n",
			r->inet.protocols == IPCWALL_PROTO_TCP ? "tcp" : "udp");
	return 0;
}

static const char *resource_key(unsigned int class)
{
	switch (class) {
	case IPCWALL_CLASS_POSIX_SHM:
	case IPCWALL_CLASS_POSIX_MQ:
		return "names";
	default:
		return "paths";
	}
}

static int print_rule(struct printer *p, const struct ipcwall_policy_rule *r)
{
	bool audit = r->flags & IPCWALL_RULE_AUDIT;
	char *signals;
	int err;

	fprintf(p->f, "      - %s: %s\n", action_name(r->action),
		policy_class_name(r->class));
	if (r->object == IPCWALL_OBJECT_PEER)
		print_peer(p, r->direction == IPCWALL_INBOUND ? "from" : "to",
			   r->peer);
	print_ops(p, r);
	if (r->class == IPCWALL_CLASS_SIGNAL) {
		err = policy_signals_text(r->signals, &signals);
		if (err)
			return err;
		fprintf(p->f, "        signals: %s\n", signals);
		free(signals);
	}
	if (r->object == IPCWALL_OBJECT_PATH)
		kv(p, 8, resource_key(r->class), p->img->strings + r->string);
	if (r->object == IPCWALL_OBJECT_KEY)
		fprintf(p->f, "        keys: %#x\n", r->key);
	if (r->object == IPCWALL_OBJECT_INET) {
		err = print_inet(p, r);
		if (err)
			return err;
	}
	/* Deny rules audit unless told not to, allow rules only if told. */
	if (audit != (r->action == IPCWALL_DENY))
		fprintf(p->f, "        audit: %s\n", audit ? "true" : "false");
	return 0;
}

static int print_group(struct printer *p, const struct ipcwall_policy_group *g)
{
	const struct policy_image *img = p->img;
	__u32 i;
	int err;

	fputs("  - ", p->f);
	fputs("group: ", p->f);
	if (!print_scalar(p->f, img->strings + g->name, false))
		p->faithful = false;
	fputc('\n', p->f);
	if (g->description)
		kv(p, 4, "description", img->strings + g->description);
	fprintf(p->f, "    mode: %s\n",
		g->mode == IPCWALL_MODE_COMPLAIN ? "complain" : "enforce");
	if (g->selector_count) {
		fputs("    members:\n", p->f);
		for (i = 0; i < g->selector_count; i++)
			print_selector(p, &img->selectors[g->selector_first + i]);
	}
	if (g->launch_count)
		print_ids(p, "launch", g->launch_first, g->launch_count,
			  "    ", true);
	fprintf(p->f, "    default:\n      inbound: %s\n      outbound: %s\n",
		action_name(g->default_inbound),
		action_name(g->default_outbound));
	if (g->rule_count) {
		fputs("    rules:\n", p->f);
		for (i = 0; i < g->rule_count; i++) {
			err = print_rule(p, &img->rules[g->rule_first + i]);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * Return: 0; -EILSEQ when a string is not UTF-8, which YAML cannot hold
 * (the text is printed all the same, with such bytes as "\xNN", which
 * reads back as another string); -EIO when writing failed; or the error
 * of a part that could not be formatted.
 */
int policy_image_print(const struct policy_image *img, FILE *f)
{
	struct printer p = { .img = img, .f = f, .faithful = true };
	size_t g;
	int err;

	if (!img->n_groups)
		fputs("groups: []\n", f);
	else
		fputs("groups:\n", f);
	for (g = 0; g < img->n_groups; g++) {
		err = print_group(&p, &img->groups[g]);
		if (err)
			return err;
	}
	if (ferror(f))
		return -EIO;
	return p.faithful ? 0 : -EILSEQ;
}
