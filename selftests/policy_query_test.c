// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions, through IPCWALL_CMD_QUERY: docs/policy.md "Precedence" case
 * by case. Each query states the verdict, whether it is audited, and which
 * group's rule (or default) decided, in which direction.
 *
 * Runs as root with the module loaded; each test loads its own policy and
 * unloads it on its way out.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipcwall.h"
#include "harness.h"
#include "policy_common.h"

#define DEFAULT (-1)		/* the group's default decided */
#define NOBODY_DECIDED NULL	/* no group had a say */

FIXTURE(query) {
	struct policy_conn conn;
	uint64_t generation;
};

FIXTURE_SETUP(query)
{
	conn_open(&self->conn);
}

FIXTURE_TEARDOWN(query)
{
	uint64_t generation;

	pc_unload(&self->conn, &generation);
	pc_close(&self->conn);
}

static void load_policy(FIXTURE_DATA(query) *self, struct policy_blob *pb)
{
	size_t size;
	void *blob = build(pb, &size);

	pb_free(pb);
	self->generation = load_ok(&self->conn, blob, size);
	free(blob);
}

static const char *verdict_name(uint8_t verdict)
{
	return verdict == IPCWALL_ALLOW ? "allow" :
	       verdict == IPCWALL_DENY ? "deny" : "?";
}

/*
 * Asks q and checks the answer: verdict, audit, and the decider (group
 * NULL: none; rule DEFAULT: the group's default).
 */
static void check(FIXTURE_DATA(query) *self, const char *what,
		  const struct pc_query *q, uint8_t verdict, uint8_t audit,
		  const char *group, uint8_t direction, int rule)
{
	struct pc_verdict v;
	bool ok;
	int err;

	err = pc_query(&self->conn, q, &v);
	ASSERT_EQ(0, logged(&self->conn, what, err));
	ok = v.generation == self->generation && v.verdict == verdict &&
	     v.audit == audit && v.decided == (group != NULL);
	if (ok && group)
		ok = !strcmp(v.group, group) && v.direction == direction &&
		     v.has_rule == (rule != DEFAULT) &&
		     (rule == DEFAULT || v.rule == (uint32_t)rule);
	if (!ok) {
		TH_LOG("%s: got %s audit %u, decider %s %s rule %d (generation %llu)",
		       what, verdict_name(v.verdict), v.audit,
		       v.decided ? v.group : "(none)",
		       v.direction == IPCWALL_INBOUND ? "inbound" : "outbound",
		       v.has_rule ? (int)v.rule : DEFAULT,
		       (unsigned long long)v.generation);
		TH_LOG("%s: expected %s audit %u, decider %s %s rule %d (generation %llu)",
		       what, verdict_name(verdict), audit,
		       group ? group : "(none)",
		       direction == IPCWALL_INBOUND ? "inbound" : "outbound",
		       rule, (unsigned long long)self->generation);
	}
	EXPECT_TRUE(ok);
}

static struct pc_query *peer_query(const char *subject, uint8_t class,
				   uint32_t op, const char *target)
{
	static struct pc_query q;

	pc_query_init(&q, subject, class, op);
	q.target = target;
	return &q;
}

static struct pc_query *signal_query(const char *subject, const char *target,
				     int signal)
{
	struct pc_query *q = peer_query(subject, IPCWALL_CLASS_SIGNAL, 0,
					target);

	q->signal = signal;
	return q;
}

static struct pc_query *path_query(const char *subject, uint8_t class,
				   uint32_t op, const char *path)
{
	static struct pc_query q;

	pc_query_init(&q, subject, class, op);
	q.path = path;
	return &q;
}

static struct pc_query *inet_query(const char *subject, uint32_t op,
				   const char *addr, int port, uint8_t proto)
{
	static struct pc_query q;

	pc_query_init(&q, subject, IPCWALL_CLASS_INET, op);
	if (inet_pton(AF_INET, addr, q.addr) == 1)
		q.addr_len = 4;
	else if (inet_pton(AF_INET6, addr, q.addr) == 1)
		q.addr_len = 16;
	q.port = port;
	q.proto = proto;
	return &q;
}

#define SIG_HUP 1
#define SIG_INT 2
#define SIG_KILL 9
#define SIG_TERM 15

/* ---- Peers: signals and ptrace ---- */

enum { ALPHA, BETA, GAMMA, DELTA };

static void peers_policy(FIXTURE_DATA(query) *self)
{
	struct policy_blob pb;

	pb_init(&pb);
	pb_group(&pb, "alpha", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/alpha");
	/* 0 */ pb_signal_rule(&pb, IPCWALL_DENY, IPCWALL_OUTBOUND,
			       IPCWALL_PEER_ANY, 0, IPCWALL_SIGNAL_MAX);
	/* 1 */ pb_signal_rule(&pb, IPCWALL_ALLOW, IPCWALL_OUTBOUND, BETA,
			       SIG_TERM, SIG_TERM);
	/* 2 */ pb_signal_rule(&pb, IPCWALL_DENY, IPCWALL_INBOUND,
			       IPCWALL_PEER_ANY, SIG_KILL, SIG_KILL);
	/* 3 */ pb_signal_rule(&pb, IPCWALL_ALLOW, IPCWALL_INBOUND,
			       IPCWALL_PEER_UNCONFINED, 0, IPCWALL_SIGNAL_MAX);
	/* 4 */ pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_ALLOW,
			     IPCWALL_OUTBOUND, IPCWALL_OP_PTRACE_ATTACH, ALPHA);
	/* 5 */ pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_DENY,
			     IPCWALL_OUTBOUND, IPCWALL_OPS_PTRACE, GAMMA);
	/* 6 */ pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_ALLOW,
			     IPCWALL_OUTBOUND, IPCWALL_OP_PTRACE_READ, GAMMA);
	/* 7 */ pb_signal_rule(&pb, IPCWALL_DENY, IPCWALL_OUTBOUND, ALPHA,
			       SIG_KILL, SIG_KILL)->flags = IPCWALL_RULE_AUDIT;

	pb_group(&pb, "beta", IPCWALL_MODE_ENFORCE, IPCWALL_DENY,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/beta");
	/* 0 */ pb_signal_rule(&pb, IPCWALL_ALLOW, IPCWALL_INBOUND, ALPHA,
			       SIG_TERM, SIG_TERM)->flags = IPCWALL_RULE_AUDIT;
	/* 1 */ pb_signal_rule(&pb, IPCWALL_ALLOW, IPCWALL_INBOUND,
			       IPCWALL_PEER_ANY, SIG_HUP, SIG_HUP);

	pb_group(&pb, "gamma", IPCWALL_MODE_COMPLAIN, IPCWALL_DENY,
		 IPCWALL_DENY);
	pb_exe_selector(&pb, "/usr/bin/gamma");

	pb_group(&pb, "delta", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/delta");
	/* 0 */ pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_DENY,
			     IPCWALL_INBOUND, IPCWALL_OPS_PTRACE,
			     IPCWALL_PEER_ANY)->flags = IPCWALL_RULE_AUDIT;
	load_policy(self, &pb);
}

TEST_F(query, both_sides_judge)
{
	peers_policy(self);
	/* alpha may send TERM to beta, beta lets alpha: the audit names it. */
	check(self, "alpha TERM beta", signal_query("alpha", "beta", SIG_TERM),
	      IPCWALL_ALLOW, 1, "beta", IPCWALL_INBOUND, 0);
	/* beta allows anything out by default; alpha refuses KILL in. */
	check(self, "beta KILL alpha", signal_query("beta", "alpha", SIG_KILL),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_INBOUND, 2);
	/* alpha's outbound "*" refuses; beta would have allowed HUP. */
	check(self, "alpha HUP beta", signal_query("alpha", "beta", SIG_HUP),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 0);
	/* Both allow, nothing audited: the actor's judgment is reported. */
	check(self, "delta HUP beta", signal_query("delta", "beta", SIG_HUP),
	      IPCWALL_ALLOW, 0, "delta", IPCWALL_OUTBOUND, DEFAULT);
}

TEST_F(query, named_peer_beats_any)
{
	peers_policy(self);
	/* Outbound: TERM to beta (named) beats "*" deny all. */
	check(self, "alpha TERM beta", signal_query("alpha", "beta", SIG_TERM),
	      IPCWALL_ALLOW, 1, "beta", IPCWALL_INBOUND, 0);
	check(self, "alpha TERM delta",
	      signal_query("alpha", "delta", SIG_TERM),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 0);
	/* Inbound: "unconfined" (named) allows KILL that "*" denies. */
	check(self, "unconfined KILL alpha",
	      signal_query("unconfined", "alpha", SIG_KILL),
	      IPCWALL_ALLOW, 0, "alpha", IPCWALL_INBOUND, 3);
	check(self, "delta KILL alpha",
	      signal_query("delta", "alpha", SIG_KILL),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_INBOUND, 2);
	/* "unconfined" is a peer too: alpha's "*" covers it outbound. */
	check(self, "alpha TERM unconfined",
	      signal_query("alpha", "unconfined", SIG_TERM),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 0);
}

TEST_F(query, deny_beats_allow_at_equal_specificity)
{
	peers_policy(self);
	/* Rules 5 (deny all) and 6 (allow read) both name gamma. */
	check(self, "alpha ptrace read gamma",
	      peer_query("alpha", IPCWALL_CLASS_PTRACE, IPCWALL_OP_PTRACE_READ,
			 "gamma"),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 5);
	check(self, "alpha ptrace attach gamma",
	      peer_query("alpha", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_ATTACH, "gamma"),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 5);
}

TEST_F(query, defaults)
{
	peers_policy(self);
	/* beta's default inbound is deny, and a default denial audits. */
	check(self, "unconfined INT beta",
	      signal_query("unconfined", "beta", SIG_INT),
	      IPCWALL_DENY, 1, "beta", IPCWALL_INBOUND, DEFAULT);
	check(self, "delta INT beta", signal_query("delta", "beta", SIG_INT),
	      IPCWALL_DENY, 1, "beta", IPCWALL_INBOUND, DEFAULT);
	/* delta allows by default, both ways: an unaudited default. */
	check(self, "unconfined INT delta",
	      signal_query("unconfined", "delta", SIG_INT),
	      IPCWALL_ALLOW, 0, "delta", IPCWALL_INBOUND, DEFAULT);
	check(self, "delta INT unconfined",
	      signal_query("delta", "unconfined", SIG_INT),
	      IPCWALL_ALLOW, 0, "delta", IPCWALL_OUTBOUND, DEFAULT);
}

TEST_F(query, same_group_judged_by_self_rules_only)
{
	peers_policy(self);
	/* beta denies inbound by default, but not between its members. */
	check(self, "beta INT beta", signal_query("beta", "beta", SIG_INT),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
	/* alpha's "*" rules do not apply to alpha itself... */
	check(self, "alpha INT alpha", signal_query("alpha", "alpha", SIG_INT),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
	/* ... its rules naming alpha do. */
	check(self, "alpha KILL alpha",
	      signal_query("alpha", "alpha", SIG_KILL),
	      IPCWALL_DENY, 1, "alpha", IPCWALL_OUTBOUND, 7);
	check(self, "alpha ptrace attach alpha",
	      peer_query("alpha", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_ATTACH, "alpha"),
	      IPCWALL_ALLOW, 0, "alpha", IPCWALL_OUTBOUND, 4);
	check(self, "alpha ptrace read alpha",
	      peer_query("alpha", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_READ, "alpha"),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
	/* delta's inbound "*" deny does not judge delta on delta. */
	check(self, "delta ptrace read delta",
	      peer_query("delta", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_READ, "delta"),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
}

TEST_F(query, unconfined_side_does_not_judge)
{
	peers_policy(self);
	check(self, "unconfined INT unconfined",
	      signal_query("unconfined", "unconfined", SIG_INT),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
	check(self, "unconfined ptrace read delta",
	      peer_query("unconfined", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_READ, "delta"),
	      IPCWALL_DENY, 1, "delta", IPCWALL_INBOUND, 0);
	check(self, "delta ptrace read unconfined",
	      peer_query("delta", IPCWALL_CLASS_PTRACE,
			 IPCWALL_OP_PTRACE_READ, "unconfined"),
	      IPCWALL_ALLOW, 0, "delta", IPCWALL_OUTBOUND, DEFAULT);
}

TEST_F(query, complain_mode)
{
	peers_policy(self);
	/* gamma would deny by default: allowed, audited, gamma named. */
	check(self, "beta ptrace read gamma",
	      peer_query("beta", IPCWALL_CLASS_PTRACE, IPCWALL_OP_PTRACE_READ,
			 "gamma"),
	      IPCWALL_ALLOW, 1, "gamma", IPCWALL_INBOUND, DEFAULT);
	check(self, "gamma HUP beta", signal_query("gamma", "beta", SIG_HUP),
	      IPCWALL_ALLOW, 1, "gamma", IPCWALL_OUTBOUND, DEFAULT);
	/* The other side's enforce-mode denial still stands. */
	check(self, "gamma INT beta", signal_query("gamma", "beta", SIG_INT),
	      IPCWALL_DENY, 1, "beta", IPCWALL_INBOUND, DEFAULT);
	/* So does the actor's, on a complain-mode target. */
	check(self, "alpha ptrace read gamma",
	      peer_query("alpha", IPCWALL_CLASS_PTRACE, IPCWALL_OP_PTRACE_READ,
			 "gamma"),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 5);
}

TEST_F(query, signals_by_set)
{
	unsigned int sig;

	peers_policy(self);
	/* beta lets in HUP from "*", and nothing else but alpha's TERM. */
	for (sig = 0; sig <= IPCWALL_SIGNAL_MAX; sig++) {
		char what[64];

		snprintf(what, sizeof(what), "delta signal %u beta", sig);
		if (sig == SIG_HUP)
			check(self, what, signal_query("delta", "beta", sig),
			      IPCWALL_ALLOW, 0, "delta", IPCWALL_OUTBOUND,
			      DEFAULT);
		else
			check(self, what, signal_query("delta", "beta", sig),
			      IPCWALL_DENY, 1, "beta", IPCWALL_INBOUND,
			      DEFAULT);
	}
	/* Signal 64, the last one, is in alpha's "all". */
	check(self, "alpha 64 delta",
	      signal_query("alpha", "delta", IPCWALL_SIGNAL_MAX),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 0);
	check(self, "alpha 0 delta", signal_query("alpha", "delta", 0),
	      IPCWALL_DENY, 0, "alpha", IPCWALL_OUTBOUND, 0);
}

TEST_F(query, unknown_group)
{
	struct pc_verdict v;

	peers_policy(self);
	ASSERT_EQ(ENOENT, pc_query(&self->conn,
				   signal_query("nosuch", "beta", SIG_INT),
				   &v));
	ASSERT_STREQ("no such group in the policy", self->conn.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_query(&self->conn,
				   signal_query("alpha", "Beta", SIG_INT),
				   &v));
	ASSERT_STREQ("no such group in the policy", self->conn.reply.ext_msg);
}

TEST_F(query, no_policy)
{
	struct pc_verdict v;
	uint64_t generation;

	ASSERT_EQ(0, pc_unload(&self->conn, &generation));
	self->generation = generation;
	check(self, "unconfined INT unconfined",
	      signal_query("unconfined", "unconfined", SIG_INT),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
	ASSERT_EQ(ENOENT, pc_query(&self->conn,
				   signal_query("alpha", "unconfined", SIG_INT),
				   &v));
	ASSERT_STREQ("no such group: no policy is loaded",
		     self->conn.reply.ext_msg);
}

/* ---- Objects: paths, SysV keys, inet, unix and POSIX names ---- */

enum { FILES, OWNER };

static void objects_policy(FIXTURE_DATA(query) *self)
{
	static const uint8_t net10[4] = { 10 }, net10_1[4] = { 10, 1 };
	static const uint8_t net10_1_2[4] = { 10, 1, 2 };
	static const uint8_t lo6[16] = { [15] = 1 };
	struct policy_blob pb;

	pb_init(&pb);
	pb_group(&pb, "files", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/files");
	/* 0 */ pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_ALLOW,
			     IPCWALL_OP_FILE_READ, "/home/*/.ssh/*");
	/* 1 */ pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
			     IPCWALL_OP_FILE_READ, "/home/alice/.ssh/*");
	/* 2 */ pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_ALLOW,
			     IPCWALL_OP_FILE_READ, "/home/alice/.ssh/config");
	/* 3 */ pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
			     IPCWALL_OP_FILE_WRITE, "/etc/**");
	/* 4 */ pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_ALLOW,
			     IPCWALL_OP_FILE_WRITE, "/etc/app/*");
	/* 5 */ pb_peer_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_DENY,
			     IPCWALL_OUTBOUND, IPCWALL_OP_SYSV_READ,
			     IPCWALL_PEER_ANY);
	/* 6 */ pb_key_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_ALLOW,
			    IPCWALL_OP_SYSV_READ, 0x1234);
	/* 7 */ pb_peer_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_ALLOW,
			     IPCWALL_OUTBOUND, IPCWALL_OP_SYSV_WRITE, OWNER);
	/* 8 */ pb_peer_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_DENY,
			     IPCWALL_OUTBOUND, IPCWALL_OP_SYSV_WRITE,
			     IPCWALL_PEER_ANY);
	/* 9 */ pb_inet_rule(&pb, IPCWALL_DENY, IPCWALL_OP_INET_CONNECT,
			     IPCWALL_INET4, net10, 8, IPCWALL_PROTO_TCP, 0,
			     65535);
	/* 10 */ pb_inet_rule(&pb, IPCWALL_ALLOW, IPCWALL_OP_INET_CONNECT,
			      IPCWALL_INET4, net10_1, 16, IPCWALL_PROTO_TCP, 0,
			      65535);
	/* 11 */ pb_inet_rule(&pb, IPCWALL_DENY, IPCWALL_OP_INET_CONNECT,
			      IPCWALL_INET4, net10_1_2, 24, IPCWALL_PROTO_TCP,
			      1000, 2000);
	/* 12 */ pb_inet_rule(&pb, IPCWALL_ALLOW, IPCWALL_OP_INET_CONNECT,
			      IPCWALL_INET4, net10_1_2, 24, IPCWALL_PROTO_TCP,
			      1500, 1500);
	/* 13 */ pb_inet_rule(&pb, IPCWALL_DENY, IPCWALL_OP_INET_CONNECT,
			      IPCWALL_INET6, lo6, 128, IPCWALL_PROTO_UDP, 53,
			      53);
	/* 14 */ pb_path_rule(&pb, IPCWALL_CLASS_UNIX, IPCWALL_ALLOW,
			      IPCWALL_OP_UNIX_CONNECT, "@/tmp/.X11-unix/X*");
	/* 15 */ pb_peer_rule(&pb, IPCWALL_CLASS_UNIX, IPCWALL_DENY,
			      IPCWALL_OUTBOUND, IPCWALL_OP_UNIX_CONNECT,
			      IPCWALL_PEER_ANY);
	/* 16 */ pb_path_rule(&pb, IPCWALL_CLASS_POSIX_MQ, IPCWALL_DENY,
			      IPCWALL_OP_POSIX_MQ_SEND, "/mq.*");
	/* 17 */ pb_path_rule(&pb, IPCWALL_CLASS_POSIX_MQ, IPCWALL_ALLOW,
			      IPCWALL_OP_POSIX_MQ_SEND, "/mq.public");

	pb_group(&pb, "owner", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/owner");
	load_policy(self, &pb);
}

static void file_read(FIXTURE_DATA(query) *self, const char *path,
		      uint8_t verdict, int rule)
{
	check(self, path,
	      path_query("files", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_READ,
			 path),
	      verdict, 0, "files", IPCWALL_OUTBOUND, rule);
}

TEST_F(query, paths)
{
	objects_policy(self);
	file_read(self, "/home/bob/.ssh/id_rsa", IPCWALL_ALLOW, 0);
	/* A deeper anchor beats a shallower one. */
	file_read(self, "/home/alice/.ssh/id_rsa", IPCWALL_DENY, 1);
	/* An exact path beats any glob. */
	file_read(self, "/home/alice/.ssh/config", IPCWALL_ALLOW, 2);
	/* "*" does not cross '/'. */
	file_read(self, "/home/alice/.ssh/keys/id", IPCWALL_ALLOW, DEFAULT);
	file_read(self, "/home/alice/notes", IPCWALL_ALLOW, DEFAULT);
	/* Rules of other operations do not match. */
	file_read(self, "/etc/passwd", IPCWALL_ALLOW, DEFAULT);
	check(self, "write /etc/passwd",
	      path_query("files", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_WRITE,
			 "/etc/passwd"),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 3);
	check(self, "write /etc/app/conf",
	      path_query("files", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_WRITE,
			 "/etc/app/conf"),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, 4);
	check(self, "write /etc/app/sub/conf",
	      path_query("files", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_WRITE,
			 "/etc/app/sub/conf"),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 3);
	check(self, "write /etc",
	      path_query("files", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_WRITE,
			 "/etc"),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 3);
	/* An unconfined actor: nobody judges a file. */
	check(self, "unconfined write /etc/passwd",
	      path_query("unconfined", IPCWALL_CLASS_FILE,
			 IPCWALL_OP_FILE_WRITE, "/etc/passwd"),
	      IPCWALL_ALLOW, 0, NOBODY_DECIDED, 0, 0);
}

TEST_F(query, posix_names)
{
	objects_policy(self);
	check(self, "send /mq.public",
	      path_query("files", IPCWALL_CLASS_POSIX_MQ,
			 IPCWALL_OP_POSIX_MQ_SEND, "/mq.public"),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, 17);
	check(self, "send /mq.private",
	      path_query("files", IPCWALL_CLASS_POSIX_MQ,
			 IPCWALL_OP_POSIX_MQ_SEND, "/mq.private"),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 16);
	check(self, "receive /mq.private",
	      path_query("files", IPCWALL_CLASS_POSIX_MQ,
			 IPCWALL_OP_POSIX_MQ_RECEIVE, "/mq.private"),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
}

static struct pc_query *sysv_query(uint32_t op, const char *owner, int key)
{
	struct pc_query *q = peer_query("files", IPCWALL_CLASS_SHM, op,
					owner);

	if (key >= 0) {
		q->has_key = true;
		q->key = key;
	}
	return q;
}

TEST_F(query, sysv_key_beats_owner)
{
	objects_policy(self);
	/* The key rule allows what "*" denies. */
	check(self, "read key 0x1234 of owner",
	      sysv_query(IPCWALL_OP_SYSV_READ, "owner", 0x1234),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, 6);
	check(self, "read key 0x9999 of owner",
	      sysv_query(IPCWALL_OP_SYSV_READ, "owner", 0x9999),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 5);
	/* The owner named beats "*". */
	check(self, "write key 0x9999 of owner",
	      sysv_query(IPCWALL_OP_SYSV_WRITE, "owner", 0x9999),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, 7);
	check(self, "write an unconfined object",
	      sysv_query(IPCWALL_OP_SYSV_WRITE, "unconfined", -1),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 8);
	check(self, "control of owner",
	      sysv_query(IPCWALL_OP_SYSV_CONTROL, "owner", 0x1234),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
}

static void connect_tcp(FIXTURE_DATA(query) *self, const char *addr,
			int port, uint8_t verdict, int rule)
{
	char what[64];

	snprintf(what, sizeof(what), "tcp %s port %d", addr, port);
	check(self, what,
	      inet_query("files", IPCWALL_OP_INET_CONNECT, addr, port,
			 IPCWALL_PROTO_TCP),
	      verdict, 0, "files", IPCWALL_OUTBOUND, rule);
}

TEST_F(query, inet_longest_prefix_then_narrowest_ports)
{
	objects_policy(self);
	connect_tcp(self, "10.9.9.9", 80, IPCWALL_DENY, 9);
	connect_tcp(self, "10.1.9.9", 80, IPCWALL_ALLOW, 10);
	connect_tcp(self, "10.1.2.3", 1200, IPCWALL_DENY, 11);
	connect_tcp(self, "10.1.2.3", 1500, IPCWALL_ALLOW, 12);
	connect_tcp(self, "10.1.2.3", 2000, IPCWALL_DENY, 11);
	/* No /24 rule covers port 80: the /16 decides. */
	connect_tcp(self, "10.1.2.3", 80, IPCWALL_ALLOW, 10);
	connect_tcp(self, "11.0.0.1", 80, IPCWALL_ALLOW, DEFAULT);
	/* Rules of one protocol, family or operation only. */
	check(self, "udp 10.9.9.9 port 80",
	      inet_query("files", IPCWALL_OP_INET_CONNECT, "10.9.9.9", 80,
			 IPCWALL_PROTO_UDP),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
	check(self, "bind 10.9.9.9 port 80",
	      inet_query("files", IPCWALL_OP_INET_BIND, "10.9.9.9", 80,
			 IPCWALL_PROTO_TCP),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
	check(self, "udp ::1 port 53",
	      inet_query("files", IPCWALL_OP_INET_CONNECT, "::1", 53,
			 IPCWALL_PROTO_UDP),
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 13);
	check(self, "udp ::2 port 53",
	      inet_query("files", IPCWALL_OP_INET_CONNECT, "::2", 53,
			 IPCWALL_PROTO_UDP),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
	check(self, "udp ::1 port 54",
	      inet_query("files", IPCWALL_OP_INET_CONNECT, "::1", 54,
			 IPCWALL_PROTO_UDP),
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
}

TEST_F(query, unix_address_beats_peer)
{
	struct pc_query *q;

	objects_policy(self);
	q = peer_query("files", IPCWALL_CLASS_UNIX, IPCWALL_OP_UNIX_CONNECT,
		       "owner");
	q->path = "@/tmp/.X11-unix/X0";
	check(self, "connect @/tmp/.X11-unix/X0", q,
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, 14);
	q = peer_query("files", IPCWALL_CLASS_UNIX, IPCWALL_OP_UNIX_CONNECT,
		       "owner");
	q->path = "/run/other.sock";
	check(self, "connect /run/other.sock", q,
	      IPCWALL_DENY, 0, "files", IPCWALL_OUTBOUND, 15);
	q = peer_query("files", IPCWALL_CLASS_UNIX, IPCWALL_OP_UNIX_SEND,
		       "owner");
	check(self, "send to owner", q,
	      IPCWALL_ALLOW, 0, "files", IPCWALL_OUTBOUND, DEFAULT);
}

/* ---- Scale ---- */

/*
 * n file rules on /data/f<i>, every third a denial, and a query for each
 * path and for one no rule names.
 */
static void check_scale(FIXTURE_DATA(query) *self, unsigned int n)
{
	struct policy_blob pb;
	unsigned int i, wrong = 0;
	char path[32];

	pb_init(&pb);
	pb_group(&pb, "scale", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_DENY);
	pb_exe_selector(&pb, "/usr/bin/scale");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/data/f%u", i);
		pb_path_rule(&pb, IPCWALL_CLASS_FILE,
			     i % 3 ? IPCWALL_ALLOW : IPCWALL_DENY,
			     IPCWALL_OP_FILE_READ, path);
	}
	load_policy(self, &pb);

	for (i = 0; i < n; i++) {
		struct pc_verdict v;
		uint8_t want = i % 3 ? IPCWALL_ALLOW : IPCWALL_DENY;

		snprintf(path, sizeof(path), "/data/f%u", i);
		ASSERT_EQ(0, logged(&self->conn, path,
				    pc_query(&self->conn,
					     path_query("scale",
							IPCWALL_CLASS_FILE,
							IPCWALL_OP_FILE_READ,
							path),
					     &v)));
		if (v.verdict != want || !v.decided || !v.has_rule ||
		    v.rule != i || v.generation != self->generation) {
			if (wrong++ < 10)
				TH_LOG("%s: %s by rule %d, expected %s by rule %u",
				       path, verdict_name(v.verdict),
				       v.has_rule ? (int)v.rule : DEFAULT,
				       verdict_name(want), i);
		}
	}
	EXPECT_EQ(0, wrong);
	snprintf(path, sizeof(path), "/data/f%u", n);
	check(self, path,
	      path_query("scale", IPCWALL_CLASS_FILE, IPCWALL_OP_FILE_READ,
			 path),
	      IPCWALL_DENY, 1, "scale", IPCWALL_OUTBOUND, DEFAULT);
	TH_LOG("%u rules, %u queries", n, n + 1);
}

TEST_F(query, ten_rules)
{
	check_scale(self, 10);
}

TEST_F_TIMEOUT(query, ten_thousand_rules, 300)
{
	check_scale(self, 10000);
}

TEST_HARNESS_MAIN
