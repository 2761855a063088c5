// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall query': ask the module how the policy in force judges one
 * interaction, and which rule or default of which group decided. The
 * module answers with the code its hooks run, so the answer is the
 * decision itself, not a second reading of the policy.
 *
 * The command line reads like the interaction, iw style: the acting
 * group, the class, the operation, then keywords naming what is acted on:
 *
 *   ipcwall query nginx signal TERM to postgres
 *   ipcwall query web inet connect tcp 10.0.0.1 port 443
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "../kmod/policy_check.h"
#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "json.h"
#include "policy_image.h"
#include "subcommands.h"

/* Keywords, as bits of what a class takes. */
enum {
	KW_TO = 1 << 0,		/* to GROUP / owner GROUP: the target group */
	KW_PATH = 1 << 1,	/* path P */
	KW_NAME = 1 << 2,	/* name N: a POSIX IPC name */
	KW_KEY = 1 << 3,	/* key K */
	KW_PROTO = 1 << 4,	/* tcp ADDR / udp ADDR */
	KW_PORT = 1 << 5,	/* port N */
};

/**
 * struct query - one interaction, as the command line gave it
 * @subject:	the acting group, or "unconfined"
 * @class:	enum ipcwall_class
 * @op:		one op bit; 0 for signals
 * @signal:	the signal, for the signal class
 * @given:	KW_* seen
 * @target:	KW_TO
 * @path:	KW_PATH or KW_NAME
 * @key:	KW_KEY
 * @addr:	KW_PROTO, @addr_len bytes (4 or 16)
 * @proto:	KW_PROTO: IPCWALL_PROTO_*
 * @port:	KW_PORT
 * @json:	print JSON
 */
struct query {
	const char *subject;
	unsigned int class;
	__u32 op;
	unsigned int signal;
	unsigned int given;
	const char *target;
	const char *path;
	__u32 key;
	unsigned char addr[16];
	size_t addr_len;
	__u8 proto;
	__u16 port;
	bool json;
};

/*
 * What each class takes, and what it cannot do without: as the module
 * requires. Every SysV object has an owner and every bound unix socket a
 * binder, each a group or unconfined, so those are always named.
 */
static const struct {
	unsigned int takes;
	unsigned int needs;
} class_args[IPCWALL_CLASS_LAST + 1] = {
	[IPCWALL_CLASS_SIGNAL] = { KW_TO, KW_TO },
	[IPCWALL_CLASS_PTRACE] = { KW_TO, KW_TO },
	[IPCWALL_CLASS_SHM] = { KW_TO | KW_KEY, KW_TO },
	[IPCWALL_CLASS_MSG] = { KW_TO | KW_KEY, KW_TO },
	[IPCWALL_CLASS_SEM] = { KW_TO | KW_KEY, KW_TO },
	[IPCWALL_CLASS_POSIX_SHM] = { KW_NAME, KW_NAME },
	[IPCWALL_CLASS_POSIX_MQ] = { KW_NAME, KW_NAME },
	[IPCWALL_CLASS_UNIX] = { KW_TO | KW_PATH, KW_TO },
	[IPCWALL_CLASS_INET] = { KW_PROTO | KW_PORT, KW_PROTO | KW_PORT },
	[IPCWALL_CLASS_FILE] = { KW_PATH, KW_PATH },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s query " QUERY_SYNOPSIS "\n"
		"\n"
		"Asks the module how the policy in force judges one interaction, with the\n"
		"code its hooks run, and prints the verdict and what decided it: a rule or\n"
		"the default of a group, judging as the actor (outbound) or as the one\n"
		"acted on (inbound). Nothing happens to any process.\n"
		"\n"
		"SUBJECT is the acting group, or `unconfined'. Then, by class:\n"
		"\n"
		"  signal SIGNAL to GROUP            TERM, SIGTERM, 15, RTMIN+2, 0...\n"
		"  ptrace read|attach to GROUP\n"
		"  shm|sem read|write|create|control owner GROUP [key KEY]\n"
		"  msg send|receive|create|control owner GROUP [key KEY]\n"
		"  posix_shm read|write|create|unlink name /NAME\n"
		"  posix_mq send|receive|create|unlink name /NAME\n"
		"  unix connect|send|pass_fd to GROUP [path PATH|@NAME]\n"
		"  inet connect|bind tcp|udp ADDRESS port PORT\n"
		"  file read|write|exec|create path PATH\n"
		"\n"
		"GROUP is a group of the policy or `unconfined'; `owner' is the group that\n"
		"created a SysV object and `to' the group that bound a unix socket. KEY is\n"
		"a number, 0x for hex.\n"
		"\n"
		"  --json  print one JSON object, on one line, instead of text\n"
		"\n"
		"Prints, for example:\n"
		"  deny: rule 2 of group `postgres' (inbound), generation 7\n"
		"  allow: default of group `nginx' (outbound), generation 7\n"
		"  allow: no group judges this interaction, generation 7\n"
		"Rules are counted from 1 in each group, as `%s show' prints them. A\n"
		"decision that would be audited is marked `audited'.\n"
		"\n"
		"Exit status: 0 when the module answered, whatever the verdict; 1 on an\n"
		"error, such as a group the policy does not have; 2 on a usage error.\n",
		PROG_NAME, PROG_NAME);
}

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: query: ", PROG_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: %s query " QUERY_SYNOPSIS "\n", PROG_NAME);
	return 2;
}

static int parse_class(const char *s, unsigned int *class)
{
	unsigned int c;

	for (c = 1; c <= IPCWALL_CLASS_LAST; c++) {
		if (!strcmp(s, policy_class_name(c))) {
			*class = c;
			return 0;
		}
	}
	return usage_error("unknown class `%s'; expected signal, ptrace, shm, msg, sem, posix_shm, posix_mq, unix, inet or file",
			   s);
}

static int parse_op(const char *s, struct query *q)
{
	char names[128] = "";
	const char *name;
	unsigned int bit;
	size_t o = 0;

	for (bit = 0; (name = policy_op_name(q->class, bit)); bit++) {
		if (!strcmp(s, name)) {
			q->op = 1U << bit;
			return 0;
		}
		o += snprintf(names + o, sizeof(names) - o, "%s%s",
			      bit ? ", " : "", name);
	}
	return usage_error("unknown %s op `%s'; expected one of: %s",
			   policy_class_name(q->class), s, names);
}

static int parse_u32(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 0);
	return errno || *end || *out > max ? -1 : 0;
}

/* A keyword and its value: 0, or the exit status of a usage error. */
static int parse_keyword(struct query *q, const char *kw, const char *value)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} keywords[] = {
		{ "to", KW_TO }, { "owner", KW_TO }, { "path", KW_PATH },
		{ "name", KW_NAME }, { "key", KW_KEY }, { "tcp", KW_PROTO },
		{ "udp", KW_PROTO }, { "port", KW_PORT },
	};
	unsigned int bit = 0;
	unsigned long v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(kw, keywords[i].name))
			bit = keywords[i].bit;
	if (!bit)
		return usage_error("unknown keyword `%s'", kw);
	if (!(class_args[q->class].takes & bit))
		return usage_error("`%s' does not apply to %s", kw,
				   policy_class_name(q->class));
	if (q->given & bit)
		return usage_error("`%s' given twice", kw);
	if (!value)
		return usage_error("`%s' needs a value", kw);
	q->given |= bit;
	switch (bit) {
	case KW_TO:
		q->target = value;
		break;
	case KW_PATH:
	case KW_NAME:
		q->path = value;
		break;
	case KW_KEY:
		if (parse_u32(value, 0xffffffffUL, &v))
			return usage_error("invalid key `%s'; expected a number from 0 to 0xffffffff",
					   value);
		q->key = v;
		break;
	case KW_PROTO:
		q->proto = !strcmp(kw, "tcp") ? IPCWALL_PROTO_TCP :
						IPCWALL_PROTO_UDP;
		if (inet_pton(AF_INET, value, q->addr) == 1)
			q->addr_len = 4;
		else if (inet_pton(AF_INET6, value, q->addr) == 1)
			q->addr_len = 16;
		else
			return usage_error("invalid address `%s'; expected an IPv4 or IPv6 address",
					   value);
		break;
	case KW_PORT:
		if (parse_u32(value, 65535, &v))
			return usage_error("invalid port `%s'; expected a number from 0 to 65535",
					   value);
		q->port = v;
		break;
	}
	return 0;
}

static const char *keyword_of(unsigned int class, unsigned int bit)
{
	switch (bit) {
	case KW_TO:
		return ipcwall_class_is_sysv(class) ? "owner GROUP" :
						      "to GROUP";
	case KW_PATH:
		return "path";
	case KW_NAME:
		return "name";
	case KW_KEY:
		return "key";
	case KW_PROTO:
		return "tcp|udp ADDRESS";
	default:
		return "port";
	}
}

/* The whole command line after the options; 0 or a usage error's 2. */
static int parse(struct query *q, int argc, char *argv[])
{
	unsigned int bit, needs;
	int i = 0, err;

	if (argc < 2)
		return usage_error("expected a subject and a class");
	q->subject = argv[i++];
	err = parse_class(argv[i++], &q->class);
	if (err)
		return err;
	if (i == argc)
		return usage_error("%s needs %s", policy_class_name(q->class),
				   q->class == IPCWALL_CLASS_SIGNAL ?
				   "a signal" : "an op");
	if (q->class == IPCWALL_CLASS_SIGNAL) {
		if (policy_signal_number(argv[i], &q->signal))
			return usage_error("unknown signal `%s'; expected a name (TERM or SIGTERM), a number from 0 to %u, RTMIN+n or RTMAX-n",
					   argv[i], IPCWALL_SIGNAL_MAX);
	} else {
		err = parse_op(argv[i], q);
		if (err)
			return err;
	}
	for (i++; i < argc; i += 2) {
		err = parse_keyword(q, argv[i], i + 1 < argc ? argv[i + 1] :
				    NULL);
		if (err)
			return err;
	}
	needs = class_args[q->class].needs;
	for (bit = 1; bit <= KW_PORT; bit <<= 1)
		if (needs & bit & ~q->given)
			return usage_error("%s needs `%s'",
					   policy_class_name(q->class),
					   keyword_of(q->class, bit));
	return 0;
}

static struct nl_msg *build(struct ipcwall_genl *g, const struct query *q)
{
	struct nl_msg *m = ipcwall_genl_request(g, IPCWALL_CMD_QUERY);
	int err = 0;

	if (!m)
		return NULL;
	err |= nla_put_string(m, IPCWALL_A_QUERY_SUBJECT, q->subject);
	err |= nla_put_u8(m, IPCWALL_A_QUERY_CLASS, q->class);
	if (q->class == IPCWALL_CLASS_SIGNAL)
		err |= nla_put_u8(m, IPCWALL_A_QUERY_SIGNAL, q->signal);
	else
		err |= nla_put_u32(m, IPCWALL_A_QUERY_OP, q->op);
	if (q->given & KW_TO)
		err |= nla_put_string(m, IPCWALL_A_QUERY_TARGET, q->target);
	if (q->given & (KW_PATH | KW_NAME))
		err |= nla_put_string(m, IPCWALL_A_QUERY_PATH, q->path);
	if (q->given & KW_KEY)
		err |= nla_put_u32(m, IPCWALL_A_QUERY_KEY, q->key);
	if (q->given & KW_PROTO) {
		err |= nla_put(m, IPCWALL_A_QUERY_ADDR, q->addr_len, q->addr);
		err |= nla_put_u8(m, IPCWALL_A_QUERY_PROTO, q->proto);
	}
	if (q->given & KW_PORT)
		err |= nla_put_u16(m, IPCWALL_A_QUERY_PORT, q->port);
	if (err) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/**
 * struct answer - the module's reply to a query
 * @generation:	the policy that decided
 * @verdict:	IPCWALL_ALLOW or IPCWALL_DENY
 * @audit:	whether the decision would be audited
 * @group:	the deciding group, or NULL when nothing ruled
 * @direction:	IPCWALL_OUTBOUND or IPCWALL_INBOUND, with @group
 * @has_rule:	a rule decided, not the default
 * @rule:	its index among the group's rules, from 0
 */
struct answer {
	uint64_t generation;
	unsigned int verdict;
	bool audit;
	const char *group;
	unsigned int direction;
	bool has_rule;
	uint32_t rule;
};

static const char *nul_string(const struct nlattr *nla)
{
	const char *s = nla_data(nla);
	int len = nla_len(nla);

	return len > 0 && strnlen(s, len) == (size_t)len - 1 ? s : NULL;
}

static int parse_decider(struct nlattr *nest, struct answer *a)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		switch (nla_type(nla)) {
		case IPCWALL_DECIDER_A_GROUP:
			a->group = nul_string(nla);
			break;
		case IPCWALL_DECIDER_A_DIRECTION:
			if (nla_len(nla) != 1)
				return -EBADMSG;
			a->direction = nla_get_u8(nla);
			break;
		case IPCWALL_DECIDER_A_RULE:
			if (nla_len(nla) != 4)
				return -EBADMSG;
			a->rule = nla_get_u32(nla);
			a->has_rule = true;
			break;
		default:
			return -EBADMSG;
		}
	}
	if (!a->group || (a->direction != IPCWALL_OUTBOUND &&
			  a->direction != IPCWALL_INBOUND))
		return -EBADMSG;
	return 0;
}

static int parse_answer(struct nl_msg *reply, struct answer *a)
{
	struct nlmsghdr *nlh = nlmsg_hdr(reply);
	bool has_gen = false, has_verdict = false, has_audit = false;
	struct nlattr *nla;
	int rem, err;

	memset(a, 0, sizeof(*a));
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		switch (nla_type(nla)) {
		case 0:
			if (nla_len(nla))
				return -EBADMSG;
			break;	/* the pad before a u64 */
		case IPCWALL_A_POLICY_GENERATION:
			if (nla_len(nla) != 8)
				return -EBADMSG;
			a->generation = nla_get_u64(nla);
			has_gen = true;
			break;
		case IPCWALL_A_VERDICT:
			if (nla_len(nla) != 1)
				return -EBADMSG;
			a->verdict = nla_get_u8(nla);
			has_verdict = true;
			break;
		case IPCWALL_A_AUDIT:
			if (nla_len(nla) != 1)
				return -EBADMSG;
			a->audit = nla_get_u8(nla);
			has_audit = true;
			break;
		case IPCWALL_A_DECIDER:
			err = parse_decider(nla, a);
			if (err)
				return err;
			break;
		default:
			return -EBADMSG;
		}
	}
	if (!has_gen || !has_verdict || !has_audit ||
	    (a->verdict != IPCWALL_ALLOW && a->verdict != IPCWALL_DENY))
		return -EBADMSG;
	return 0;
}

static const char *verdict_name(const struct answer *a)
{
	return a->verdict == IPCWALL_DENY ? "deny" : "allow";
}

static const char *direction_name(const struct answer *a)
{
	return a->direction == IPCWALL_INBOUND ? "inbound" : "outbound";
}

static void print_text(const struct answer *a)
{
	printf("%s: ", verdict_name(a));
	if (!a->group)
		printf("no group judges this interaction");
	else if (a->has_rule)
		printf("rule %" PRIu64 " of group `%s' (%s)",
		       (uint64_t)a->rule + 1, a->group, direction_name(a));
	else
		printf("default of group `%s' (%s)", a->group,
		       direction_name(a));
	printf(", generation %" PRIu64 "%s\n", a->generation,
	       a->audit ? ", audited" : "");
}

static int print_json(const struct answer *a)
{
	struct json_writer w;

	json_begin(&w, stdout);
	json_object_open(&w);
	json_kv_string(&w, "verdict", verdict_name(a));
	json_kv_bool(&w, "audit", a->audit);
	json_kv_u64(&w, "generation", a->generation);
	json_key(&w, "decider");
	if (!a->group) {
		json_null(&w);
	} else {
		json_object_open(&w);
		json_kv_string(&w, "group", a->group);
		json_kv_string(&w, "direction", direction_name(a));
		json_key(&w, "rule");
		if (a->has_rule)
			json_u64(&w, (uint64_t)a->rule + 1);
		else
			json_null(&w);
		json_object_close(&w);
	}
	json_object_close(&w);
	return json_end(&w);
}

static int query(const struct query *q)
{
	struct nl_msg *req, *reply = NULL;
	struct ipcwall_extack ext;
	struct ipcwall_genl *g;
	struct answer a;
	int err;

	err = ipcwall_genl_open(&g);
	if (err)
		return err;
	req = build(g, q);
	if (!req) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		ipcwall_genl_close(g);
		return -ENOMEM;
	}
	err = ipcwall_genl_call(g, req, &reply, &ext);
	nlmsg_free(req);
	ipcwall_genl_close(g);
	if (err == -ENOENT && ext.has_attr &&
	    (ext.attr == IPCWALL_A_QUERY_SUBJECT ||
	     ext.attr == IPCWALL_A_QUERY_TARGET)) {
		/* The module points at the name it does not know: say it. */
		fprintf(stderr, "%s: no group `%s' in the policy in force\n",
			PROG_NAME, ext.attr == IPCWALL_A_QUERY_SUBJECT ?
			q->subject : q->target);
		return err;
	}
	if (err) {
		ipcwall_report(stderr, "the query failed", -err, &ext);
		return err;
	}
	if (!reply || parse_answer(reply, &a)) {
		fprintf(stderr, "%s: cannot understand the module's answer to the query\n",
			PROG_NAME);
		nlmsg_free(reply);
		return -EBADMSG;
	}
	if (q->json)
		err = print_json(&a);
	else
		print_text(&a);
	nlmsg_free(reply);
	if (err || fflush(stdout)) {
		fprintf(stderr, "%s: cannot write the answer: %s\n",
			PROG_NAME, strerror(errno));
		return -EIO;
	}
	return 0;
}

int query_main(int argc, char *argv[])
{
	struct query q = { 0 };
	int i = 1, err;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--json")) {
			q.json = true;
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		return usage_error("unknown option `%s'", argv[i]);
	}
	err = parse(&q, argc - i, argv + i);
	if (err)
		return err;
	return query(&q) ? 1 : 0;
}
