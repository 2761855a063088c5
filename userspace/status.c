// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall status': ask the module for its state and show it, for people
 * or as JSON. The reply is parsed strictly: an attribute we do not know, a
 * wrong length, a repeat or an absence means the module and the tool do not
 * agree on the protocol, and guessing would show a state that is not real.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "json.h"
#include "ps.h"
#include "status.h"
#include "subcommands.h"

#define NAME(x) [x] = #x

static const char *const status_names[IPCWALL_A_MAX + 1] = {
	NAME(IPCWALL_A_ABI_VERSION),
	NAME(IPCWALL_A_MODULE_VERSION),
	NAME(IPCWALL_A_KERNEL_RELEASE),
	NAME(IPCWALL_A_POLICY_GENERATION),
	NAME(IPCWALL_A_DEGRADED),
	NAME(IPCWALL_A_HOOKS),
	NAME(IPCWALL_A_HOOK),
	NAME(IPCWALL_A_POLICY_GROUPS),
	NAME(IPCWALL_A_POLICY_RULES),
	NAME(IPCWALL_A_TASKS_LIVE),
	NAME(IPCWALL_A_TASKS_TOTAL),
};

static const char *const hook_names[IPCWALL_HOOK_A_MAX + 1] = {
	NAME(IPCWALL_HOOK_A_NAME),
	NAME(IPCWALL_HOOK_A_ARMED),
	NAME(IPCWALL_HOOK_A_HITS),
	NAME(IPCWALL_HOOK_A_MISSED),
	NAME(IPCWALL_HOOK_A_MISSED_COVERED),
};

/*
 * Every attribute a policy lists is required; NLA_UNSPEC marks one that may
 * not appear at that level (IPCWALL_A_HOOK only lives inside the list).
 * maxlen makes the integer sizes exact, which libnl checks only as minima.
 */
static const struct nla_policy status_policy[IPCWALL_A_MAX + 1] = {
	[IPCWALL_A_ABI_VERSION] = { .type = NLA_U32, .maxlen = sizeof(uint32_t) },
	[IPCWALL_A_MODULE_VERSION] = { .type = NLA_STRING, .maxlen = STATUS_MAX_VERSION },
	[IPCWALL_A_KERNEL_RELEASE] = { .type = NLA_STRING, .maxlen = STATUS_MAX_RELEASE },
	[IPCWALL_A_POLICY_GENERATION] = { .type = NLA_U64, .maxlen = sizeof(uint64_t) },
	[IPCWALL_A_DEGRADED] = { .type = NLA_U32, .maxlen = sizeof(uint32_t) },
	[IPCWALL_A_HOOKS] = { .type = NLA_NESTED },
	[IPCWALL_A_POLICY_GROUPS] = { .type = NLA_U32, .maxlen = sizeof(uint32_t) },
	[IPCWALL_A_POLICY_RULES] = { .type = NLA_U32, .maxlen = sizeof(uint32_t) },
	[IPCWALL_A_TASKS_LIVE] = { .type = NLA_U64, .maxlen = sizeof(uint64_t) },
	[IPCWALL_A_TASKS_TOTAL] = { .type = NLA_U64, .maxlen = sizeof(uint64_t) },
};

/* Present only while a policy is loaded: both, or neither. */
static const bool status_optional[IPCWALL_A_MAX + 1] = {
	[IPCWALL_A_POLICY_GROUPS] = true,
	[IPCWALL_A_POLICY_RULES] = true,
};

static const struct nla_policy hook_policy[IPCWALL_HOOK_A_MAX + 1] = {
	[IPCWALL_HOOK_A_NAME] = { .type = NLA_STRING, .maxlen = STATUS_MAX_HOOK_NAME },
	[IPCWALL_HOOK_A_ARMED] = { .type = NLA_U8, .maxlen = sizeof(uint8_t) },
	[IPCWALL_HOOK_A_HITS] = { .type = NLA_U64, .maxlen = sizeof(uint64_t) },
	[IPCWALL_HOOK_A_MISSED] = { .type = NLA_U64, .maxlen = sizeof(uint64_t) },
	[IPCWALL_HOOK_A_MISSED_COVERED] = { .type = NLA_U8, .maxlen = sizeof(uint8_t) },
};

/* A level of the attribute tree: how to check it and how to name things. */
struct level {
	const char *where;
	int maxtype;
	const struct nla_policy *policy;
	const char *const *names;
	const bool *optional;	/* NULL: every attribute is required */
};

static const struct level status_level = {
	"the status", IPCWALL_A_MAX, status_policy, status_names,
	status_optional,
};

static const struct level hook_level = {
	"a hook", IPCWALL_HOOK_A_MAX, hook_policy, hook_names, NULL,
};

static int __attribute__((format(printf, 3, 4)))
fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/*
 * The padding nla_put_u64_64bit() inserts on architectures without
 * efficient unaligned access: type 0, no payload. It carries nothing.
 */
static bool is_pad(const struct nlattr *nla)
{
	return nla_type(nla) == 0 && nla_len(nla) == 0;
}

/*
 * nla_parse() with the strictness libnl leaves out: it ignores unknown
 * types, keeps the last of repeated ones, and accepts trailing bytes and
 * absent attributes. Here each of those refuses the reply.
 */
static int parse_level(struct nlattr **tb, const struct level *lv,
		       struct nlattr *head, int len, char *why, size_t whylen)
{
	struct nlattr *nla;
	int rem, type;

	memset(tb, 0, sizeof(*tb) * (lv->maxtype + 1));
	nla_for_each_attr(nla, head, len, rem) {
		type = nla_type(nla);
		if (is_pad(nla))
			continue;
		if (type == 0 || type > lv->maxtype ||
		    lv->policy[type].type == NLA_UNSPEC)
			return fail(why, whylen, "unknown attribute type %d in %s",
				    type, lv->where);
		if (tb[type])
			return fail(why, whylen, "%s appears twice in %s",
				    lv->names[type], lv->where);
		if (nla_validate(nla, nla->nla_len, lv->maxtype, lv->policy) < 0)
			return fail(why, whylen, "%s in %s has a bad size (%d bytes) or format",
				    lv->names[type], lv->where, nla_len(nla));
		tb[type] = nla;
	}
	if (rem)
		return fail(why, whylen, "%d stray bytes after the attributes of %s",
			    rem, lv->where);
	if (nla_parse(tb, lv->maxtype, head, len, lv->policy) < 0)
		return fail(why, whylen, "%s does not parse", lv->where);
	for (type = 1; type <= lv->maxtype; type++)
		if (lv->policy[type].type != NLA_UNSPEC && !tb[type] &&
		    !(lv->optional && lv->optional[type]))
			return fail(why, whylen, "%s is missing from %s",
				    lv->names[type], lv->where);
	return 0;
}

/* The policy saw a NUL at the end; an earlier one would hide bytes. */
static const char *get_string(const struct nlattr *nla)
{
	const char *s = nla_data(nla);

	if (strnlen(s, nla_len(nla)) != (size_t)nla_len(nla) - 1)
		return NULL;
	return s;
}

static int parse_hook(struct nlattr *nest, struct ipcwall_hook_status *hook,
		      char *why, size_t whylen)
{
	struct nlattr *tb[IPCWALL_HOOK_A_MAX + 1];
	uint8_t armed, covered;
	int err;

	err = parse_level(tb, &hook_level, nla_data(nest), nla_len(nest),
			  why, whylen);
	if (err)
		return err;
	hook->name = get_string(tb[IPCWALL_HOOK_A_NAME]);
	if (!hook->name || !*hook->name)
		return fail(why, whylen, "a hook has an empty name or one with a NUL inside");
	armed = nla_get_u8(tb[IPCWALL_HOOK_A_ARMED]);
	if (armed > 1)
		return fail(why, whylen, "hook %s has IPCWALL_HOOK_A_ARMED %u, expected 0 or 1",
			    hook->name, armed);
	hook->armed = armed;
	hook->hits = nla_get_u64(tb[IPCWALL_HOOK_A_HITS]);
	hook->missed = nla_get_u64(tb[IPCWALL_HOOK_A_MISSED]);
	covered = nla_get_u8(tb[IPCWALL_HOOK_A_MISSED_COVERED]);
	if (covered > 1)
		return fail(why, whylen, "hook %s has IPCWALL_HOOK_A_MISSED_COVERED %u, expected 0 or 1",
			    hook->name, covered);
	hook->missed_covered = covered;
	return 0;
}

static int parse_hooks(struct nlattr *list, struct ipcwall_status *st,
		       char *why, size_t whylen)
{
	struct nlattr *nla;
	int rem, err;

	nla_for_each_nested(nla, list, rem) {
		if (is_pad(nla))
			continue;
		if (nla_type(nla) != IPCWALL_A_HOOK)
			return fail(why, whylen, "attribute type %d in IPCWALL_A_HOOKS, expected only IPCWALL_A_HOOK",
				    nla_type(nla));
		if (st->nr_hooks == STATUS_MAX_HOOKS)
			return fail(why, whylen, "more than %d hooks", STATUS_MAX_HOOKS);
		err = parse_hook(nla, &st->hooks[st->nr_hooks], why, whylen);
		if (err)
			return err;
		st->nr_hooks++;
	}
	if (rem)
		return fail(why, whylen, "%d stray bytes after the hooks", rem);
	return 0;
}

static int parse_header(const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	const struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr((struct nlmsghdr *)nlh, 0))
		return fail(why, whylen, "the message is too short (%u bytes)",
			    nlh->nlmsg_len);
	gh = nlmsg_data(nlh);
	if (gh->cmd != IPCWALL_CMD_GET_STATUS)
		return fail(why, whylen, "it answers command %u, not IPCWALL_CMD_GET_STATUS",
			    gh->cmd);
	if (gh->version != IPCWALL_GENL_VERSION)
		return fail(why, whylen, "family version %u, expected %u",
			    gh->version, IPCWALL_GENL_VERSION);
	return 0;
}

/**
 * ipcwall_status_parse() - check and read an IPCWALL_CMD_GET_STATUS reply
 * @nlh:	the reply; its nlmsg_len bytes must be readable
 * @st:		filled on success; its strings point into @nlh
 * @why:	on failure, what was wrong, for "cannot understand ...: <why>"
 * @whylen:	size of @why
 *
 * Return: 0, or -EBADMSG when the reply is not one this tool understands.
 */
int ipcwall_status_parse(const struct nlmsghdr *nlh, struct ipcwall_status *st,
			 char *why, size_t whylen)
{
	struct nlattr *tb[IPCWALL_A_MAX + 1];
	struct genlmsghdr *gh;
	int err;

	memset(st, 0, sizeof(*st));
	err = parse_header(nlh, why, whylen);
	if (err)
		return err;
	gh = nlmsg_data(nlh);
	err = parse_level(tb, &status_level, genlmsg_attrdata(gh, 0),
			  genlmsg_attrlen(gh, 0), why, whylen);
	if (err)
		return err;

	st->abi_version = nla_get_u32(tb[IPCWALL_A_ABI_VERSION]);
	if (st->abi_version != IPCWALL_ABI_VERSION)
		return fail(why, whylen, "the module speaks ABI version %u, this tool speaks ABI version %u",
			    st->abi_version, IPCWALL_ABI_VERSION);
	st->module_version = get_string(tb[IPCWALL_A_MODULE_VERSION]);
	st->kernel_release = get_string(tb[IPCWALL_A_KERNEL_RELEASE]);
	if (!st->module_version || !st->kernel_release)
		return fail(why, whylen, "a version string has a NUL inside");
	st->policy_generation = nla_get_u64(tb[IPCWALL_A_POLICY_GENERATION]);
	if (!tb[IPCWALL_A_POLICY_GROUPS] != !tb[IPCWALL_A_POLICY_RULES])
		return fail(why, whylen, "IPCWALL_A_POLICY_GROUPS and IPCWALL_A_POLICY_RULES come together");
	st->policy_loaded = tb[IPCWALL_A_POLICY_GROUPS];
	if (st->policy_loaded) {
		st->policy_groups = nla_get_u32(tb[IPCWALL_A_POLICY_GROUPS]);
		st->policy_rules = nla_get_u32(tb[IPCWALL_A_POLICY_RULES]);
	}
	st->tasks_live = nla_get_u64(tb[IPCWALL_A_TASKS_LIVE]);
	st->tasks_total = nla_get_u64(tb[IPCWALL_A_TASKS_TOTAL]);
	st->degraded = nla_get_u32(tb[IPCWALL_A_DEGRADED]);
	return parse_hooks(tb[IPCWALL_A_HOOKS], st, why, whylen);
}

/*
 * The flags to show: the module's, plus any the hook list itself proves.
 * They agree with a correct module; if they ever do not, saying DEGRADED
 * is the safe side of the disagreement.
 */
uint32_t ipcwall_status_degraded(const struct ipcwall_status *st)
{
	uint32_t flags = st->degraded;
	unsigned int i;

	for (i = 0; i < st->nr_hooks; i++) {
		if (!st->hooks[i].armed)
			flags |= IPCWALL_DEGRADED_HOOK_DISARMED;
		if (st->hooks[i].missed && !st->hooks[i].missed_covered)
			flags |= IPCWALL_DEGRADED_HOOK_MISSED;
	}
	return flags;
}

/* ---- For people ---- */

static void print_disarmed(FILE *f, const struct ipcwall_status *st,
			   const char **sep)
{
	unsigned int i, n = 0;

	for (i = 0; i < st->nr_hooks; i++) {
		if (st->hooks[i].armed)
			continue;
		fprintf(f, "%shook %s disarmed", *sep, st->hooks[i].name);
		*sep = ", ";
		n++;
	}
	/* The flag without a disarmed hook listed: a hooked function left. */
	if (!n) {
		fprintf(f, "%sa hook is disarmed", *sep);
		*sep = ", ";
	}
}

static void print_enforcement(FILE *f, const struct ipcwall_status *st)
{
	uint32_t flags = ipcwall_status_degraded(st);
	const char *sep = "";

	if (!flags) {
		fputs("enforcement: complete\n", f);
		return;
	}
	fputs("enforcement: DEGRADED: ", f);
	if (flags & IPCWALL_DEGRADED_HOOK_DISARMED)
		print_disarmed(f, st, &sep);
	if (flags & IPCWALL_DEGRADED_KPROBES_DISABLED) {
		fprintf(f, "%skprobes disabled system-wide (debugfs kprobes/enabled)", sep);
		sep = ", ";
	}
	if (flags & IPCWALL_DEGRADED_HOOK_MISSED) {
		fprintf(f, "%shooks missed calls", sep);
		sep = ", ";
	}
	/* Never drop a reason just because this tool has no words for it. */
	if (flags & ~IPCWALL_DEGRADED_MASK)
		fprintf(f, "%sunknown reasons (flags 0x%x)", sep,
			flags & ~IPCWALL_DEGRADED_MASK);
	fputc('\n', f);
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void print_hooks(FILE *f, const struct ipcwall_status *st)
{
	int name_width = 24, hits_width = 1, n;
	unsigned int i, armed = 0;

	for (i = 0; i < st->nr_hooks; i++) {
		armed += st->hooks[i].armed;
		n = strlen(st->hooks[i].name);
		if (n > name_width)
			name_width = n;
		n = digits(st->hooks[i].hits);
		if (n > hits_width)
			hits_width = n;
	}
	fprintf(f, "hooks: %u armed of %u\n", armed, st->nr_hooks);
	for (i = 0; i < st->nr_hooks; i++)
		fprintf(f, "  %-*s  %-8s hits %-*" PRIu64 "   missed %" PRIu64 "%s\n",
			name_width, st->hooks[i].name,
			st->hooks[i].armed ? "armed" : "disarmed",
			hits_width, st->hooks[i].hits, st->hooks[i].missed,
			st->hooks[i].missed_covered && st->hooks[i].missed ?
			" (covered)" : "");
}

static void print_count(FILE *f, int name_width, const char *name,
			int count_width, uint64_t processes)
{
	fprintf(f, "  %-*s %*" PRIu64 " process%s\n", name_width, name,
		count_width, processes, processes == 1 ? "" : "es");
}

/* Each group in policy order, then the processes in none. */
static void print_members(FILE *f, const struct ipcwall_status *st)
{
	static const char none[] = "(no group)";
	int name_width = strlen(none), count_width, n;
	uint64_t most = st->unconfined_processes;
	size_t i;

	for (i = 0; i < st->nr_groups; i++) {
		n = strlen(st->groups[i].name);
		if (n > name_width)
			name_width = n;
		if (st->groups[i].processes > most)
			most = st->groups[i].processes;
	}
	count_width = digits(most);
	fprintf(f, "groups: %zu\n", st->nr_groups);
	for (i = 0; i < st->nr_groups; i++)
		print_count(f, name_width, st->groups[i].name, count_width,
			    st->groups[i].processes);
	print_count(f, name_width, none, count_width,
		    st->unconfined_processes);
}

void ipcwall_status_print(FILE *f, const struct ipcwall_status *st)
{
	fprintf(f, "ipcwall %s (ABI %u) on Linux %s\n", st->module_version,
		st->abi_version, st->kernel_release);
	if (st->policy_loaded)
		fprintf(f, "policy: generation %" PRIu64 ", %" PRIu32 " group%s, %" PRIu32 " rule%s\n",
			st->policy_generation, st->policy_groups,
			st->policy_groups == 1 ? "" : "s", st->policy_rules,
			st->policy_rules == 1 ? "" : "s");
	else if (st->policy_generation)
		fprintf(f, "policy: none loaded (generation %" PRIu64 ")\n",
			st->policy_generation);
	else
		fputs("policy: none loaded\n", f);
	fprintf(f, "tasks: %" PRIu64 " live, %" PRIu64 " since load\n",
		st->tasks_live, st->tasks_total);
	if (st->policy_loaded && st->has_members)
		print_members(f, st);
	print_enforcement(f, st);
	print_hooks(f, st);
}

/* ---- For programs ---- */

/* Stable identifiers, one per flag; hook names are in "hooks". */
static void json_degraded(struct json_writer *w, const struct ipcwall_status *st)
{
	uint32_t flags = ipcwall_status_degraded(st);
	char unknown[32];
	unsigned int bit;

	json_key(w, "degraded");
	json_array_open(w);
	if (flags & IPCWALL_DEGRADED_HOOK_DISARMED)
		json_string(w, "hook_disarmed");
	if (flags & IPCWALL_DEGRADED_KPROBES_DISABLED)
		json_string(w, "kprobes_disabled");
	if (flags & IPCWALL_DEGRADED_HOOK_MISSED)
		json_string(w, "hook_missed");
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & ~IPCWALL_DEGRADED_MASK & (1U << bit)))
			continue;
		snprintf(unknown, sizeof(unknown), "unknown_0x%x", 1U << bit);
		json_string(w, unknown);
	}
	json_array_close(w);
}

static void json_hooks(struct json_writer *w, const struct ipcwall_status *st)
{
	unsigned int i;

	json_key(w, "hooks");
	json_array_open(w);
	for (i = 0; i < st->nr_hooks; i++) {
		json_object_open(w);
		json_kv_string(w, "name", st->hooks[i].name);
		json_kv_bool(w, "armed", st->hooks[i].armed);
		json_kv_u64(w, "hits", st->hooks[i].hits);
		json_kv_u64(w, "missed", st->hooks[i].missed);
		json_object_close(w);
	}
	json_array_close(w);
}

/* Null, as "policy" is, while no policy is loaded. */
static void json_members(struct json_writer *w, const struct ipcwall_status *st)
{
	size_t i;

	json_key(w, "groups");
	if (!st->policy_loaded || !st->has_members) {
		json_null(w);
		json_key(w, "unconfined_processes");
		json_null(w);
		return;
	}
	json_array_open(w);
	for (i = 0; i < st->nr_groups; i++) {
		json_object_open(w);
		json_kv_string(w, "name", st->groups[i].name);
		json_kv_u64(w, "processes", st->groups[i].processes);
		json_object_close(w);
	}
	json_array_close(w);
	json_kv_u64(w, "unconfined_processes", st->unconfined_processes);
}

/* One object on one line. Return: 0, or -1 when it could not be written. */
int ipcwall_status_print_json(FILE *f, const struct ipcwall_status *st)
{
	struct json_writer w;

	json_begin(&w, f);
	json_object_open(&w);
	json_kv_string(&w, "module_version", st->module_version);
	json_kv_u64(&w, "abi_version", st->abi_version);
	json_kv_string(&w, "kernel_release", st->kernel_release);
	json_kv_u64(&w, "policy_generation", st->policy_generation);
	json_key(&w, "policy");
	if (st->policy_loaded) {
		json_object_open(&w);
		json_kv_u64(&w, "groups", st->policy_groups);
		json_kv_u64(&w, "rules", st->policy_rules);
		json_object_close(&w);
	} else {
		json_null(&w);
	}
	json_key(&w, "tasks");
	json_object_open(&w);
	json_kv_u64(&w, "live", st->tasks_live);
	json_kv_u64(&w, "total", st->tasks_total);
	json_object_close(&w);
	json_members(&w, st);
	json_degraded(&w, st);
	json_hooks(&w, st);
	json_object_close(&w);
	return json_end(&w);
}

/* ---- The subcommand ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s status " STATUS_SYNOPSIS "\n"
		"\n"
		"Shows the module's version and ABI version, the kernel it runs on, the\n"
		"generation of the loaded policy, the tasks the module tracks (live now,\n"
		"and since it was loaded), the member processes of each group of the\n"
		"policy in force and those in no group, whether enforcement is complete,\n"
		"and each hook with its hit and missed counts. Loads the module first\n"
		"when it is not loaded (see IPCWALL_MODULE in `%s help').\n"
		"\n"
		"  --json  print one JSON object, on one line, instead of text\n"
		"\n"
		"Exit status: 0 when the status was shown, also when enforcement is\n"
		"DEGRADED: that word (with --json, a non-empty \"degraded\" list) is the\n"
		"signal; 1 when the status could not be obtained; 2 on a usage error.\n",
		PROG_NAME, PROG_NAME);
}

static int print_status(const struct ipcwall_status *st, bool json)
{
	int err;

	if (json) {
		err = ipcwall_status_print_json(stdout, st);
	} else {
		ipcwall_status_print(stdout, st);
		err = ferror(stdout) ? -1 : 0;
	}
	if (err || fflush(stdout)) {
		fprintf(stderr, "%s: cannot write the status: %s\n", PROG_NAME,
			strerror(errno));
		return -EIO;
	}
	return 0;
}

/* The reply of one GET_STATUS, parsed into @st, which points into it. */
static int get_status(struct ipcwall_genl *g, struct nl_msg **reply,
		      struct ipcwall_status *st)
{
	struct ipcwall_extack ext;
	struct nl_msg *req;
	char why[256];
	int err;

	*reply = NULL;
	req = ipcwall_genl_request(g, IPCWALL_CMD_GET_STATUS);
	if (!req) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		return -ENOMEM;
	}
	err = ipcwall_genl_call(g, req, reply, &ext);
	nlmsg_free(req);
	if (err) {
		ipcwall_report(stderr, "cannot get the module's status", -err, &ext);
		return err;
	}
	if (!*reply) {
		fprintf(stderr, "%s: the module acknowledged the status request but sent no status\n",
			PROG_NAME);
		return -EBADMSG;
	}
	if (ipcwall_status_parse(nlmsg_hdr(*reply), st, why, sizeof(why))) {
		fprintf(stderr, "%s: cannot understand the module's status reply: %s\n",
			PROG_NAME, why);
		return -EBADMSG;
	}
	return 0;
}

/*
 * Counts @m's processes per group into @counts (@m->n_groups entries, in
 * policy order), which @st then points to. The membership read checked
 * that every process's group is one of the policy's.
 */
static void count_members(const struct ipcwall_membership *m,
			  struct ipcwall_group_count *counts,
			  struct ipcwall_status *st)
{
	const struct ipcwall_task *t;
	size_t i, k;

	for (k = 0; k < m->n_groups; k++)
		counts[k] = (struct ipcwall_group_count){ m->groups[k], 0 };
	st->unconfined_processes = 0;
	for (i = 0; i < m->tasks.n; i++) {
		t = &m->tasks.tasks[i];
		if (!t->has_group) {
			st->unconfined_processes++;
			continue;
		}
		for (k = 0; k < m->n_groups; k++) {
			if (!strcmp(t->group, m->groups[k])) {
				counts[k].processes++;
				break;
			}
		}
	}
	st->groups = counts;
	st->nr_groups = m->n_groups;
	st->has_members = true;
}

/*
 * The status, and with a policy loaded its groups' members, all of one
 * generation: a load in between makes both be read again.
 */
static int show_status(bool json)
{
	struct ipcwall_group_count *counts = NULL;
	struct ipcwall_membership m = { 0 };
	struct nl_msg *reply = NULL;
	struct ipcwall_status st;
	struct ipcwall_genl *g;
	int tries, err;

	err = ipcwall_genl_open(&g);
	if (err)
		return err;
	for (tries = 0; tries < IPCWALL_TASK_GET_TRIES; tries++) {
		nlmsg_free(reply);
		ipcwall_membership_free(&m);
		err = get_status(g, &reply, &st);
		if (err || !st.policy_loaded)
			break;
		err = ipcwall_membership_read(g, true, &m);
		if (err)
			break;
		if (m.policy_loaded && m.generation == st.policy_generation)
			break;
	}
	ipcwall_genl_close(g);
	if (!err && tries == IPCWALL_TASK_GET_TRIES) {
		fprintf(stderr, "%s: a policy was loaded during each of %d attempts to read the status; try again\n",
			PROG_NAME, IPCWALL_TASK_GET_TRIES);
		err = -EAGAIN;
	}
	if (!err && st.policy_loaded) {
		counts = calloc(m.n_groups ? m.n_groups : 1, sizeof(*counts));
		if (!counts) {
			fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
			err = -ENOMEM;
		} else {
			count_members(&m, counts, &st);
		}
	}
	if (!err)
		err = print_status(&st, json);
	free(counts);
	ipcwall_membership_free(&m);
	nlmsg_free(reply);
	return err;
}

int status_main(int argc, char *argv[])
{
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "%s: status: unknown argument `%s'\n",
				PROG_NAME, argv[i]);
			fprintf(stderr, "Usage: %s status " STATUS_SYNOPSIS "\n",
				PROG_NAME);
			return 2;
		}
	}
	return show_status(json) ? 1 : 0;
}
