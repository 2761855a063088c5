// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a policy: the transaction of BEGIN, CHUNKs and COMMIT with every
 * way to break it, reading the policy back, unloading, and that a policy
 * that is refused leaves the one in force untouched.
 *
 * Runs as root with the module loaded. Each test starts from a small
 * policy of its own (the baseline) and unloads on its way out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipcwall.h"
#include "harness.h"
#include "policy_common.h"

/* A policy of one group and one rule: what each test starts from. */
static void *baseline(size_t *size)
{
	struct policy_blob pb;
	void *blob;

	pb_init(&pb);
	pb_group(&pb, "baseline", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/baseline");
	pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_DENY, IPCWALL_INBOUND,
		     IPCWALL_OPS_PTRACE, IPCWALL_PEER_ANY);
	blob = build(&pb, size);
	pb_free(&pb);
	return blob;
}

/* A policy of n file rules: n * 64 bytes and a little more. */
static void *many_rules(unsigned int n, size_t *size)
{
	struct policy_blob pb;
	unsigned int i;
	uint32_t path;
	void *blob;

	pb_init(&pb);
	pb_group(&pb, "many", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/many");
	path = pb_string(&pb, "/etc/shadow");
	for (i = 0; i < n; i++)
		pb_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
			IPCWALL_OUTBOUND, IPCWALL_OBJECT_PATH,
			IPCWALL_OP_FILE_WRITE)->string = path;
	blob = build(&pb, size);
	pb_free(&pb);
	return blob;
}

FIXTURE(load) {
	struct policy_conn conn;
	void *base;
	size_t base_size;
	uint64_t base_generation;
};

FIXTURE_SETUP(load)
{
	conn_open(&self->conn);
	self->base = baseline(&self->base_size);
	self->base_generation = load_ok(&self->conn, self->base,
					self->base_size);
}

FIXTURE_TEARDOWN(load)
{
	struct policy_conn c;

	/* A fresh socket: the test may have left a transaction open. */
	if (pc_open(&c) == 0) {
		uint64_t generation;

		pc_unload(&c, &generation);
		pc_close(&c);
	}
	pc_close(&self->conn);
	free(self->base);
}


/* ---- Transactions ---- */

TEST_F(load, commit_returns_next_generation)
{
	size_t size;
	void *blob = many_rules(2000, &size);	/* 128 KiB: 4 chunks */
	uint64_t generation;

	ASSERT_LT(3 * IPCWALL_POLICY_CHUNK_MAX, size);
	ASSERT_EQ(0, logged(&self->conn, "load",
			    pc_load(&self->conn, blob, size, &generation)));
	ASSERT_EQ(self->base_generation + 1, generation);
	assert_in_force(&self->conn, blob, size, generation);
	TH_LOG("%zu bytes read back in %u messages", size, pc_get_messages);
	free(blob);
}

TEST_F(load, baseline_reads_back)
{
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	EXPECT_EQ(1, pc_get_messages);
}

/* Chunks of any size from 1 byte up to the largest, in any mix. */
TEST_F(load, odd_chunk_sizes)
{
	static const size_t sizes[] = { 1, 7, 4093, IPCWALL_POLICY_CHUNK_MAX };
	uint64_t generation, expected = self->base_generation;
	size_t size, small_size;
	void *blob = many_rules(1500, &size);
	void *small = baseline(&small_size);
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* 1-byte chunks of the small policy only: 96 KiB is slow. */
		const void *b = sizes[i] < 16 ? small : blob;
		size_t n = sizes[i] < 16 ? small_size : size;

		TH_LOG("chunks of %zu bytes, %zu bytes", sizes[i], n);
		ASSERT_EQ(0, logged(&self->conn, "load",
				    pc_load_chunked(&self->conn, b, n,
						    sizes[i], &generation)));
		ASSERT_EQ(++expected, generation);
		assert_in_force(&self->conn, b, n, generation);
	}
	free(blob);
	free(small);
}

TEST_F(load, chunk_larger_than_max)
{
	size_t size;
	void *blob = many_rules(1000, &size);
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, size));
	/* Refused by the attribute's policy: its length is out of range. */
	ASSERT_EQ(ERANGE, logged(&self->conn, "CHUNK",
				 pc_chunk(&self->conn, 0, blob,
					  IPCWALL_POLICY_CHUNK_MAX + 1)));
	ASSERT_STRNE("", self->conn.reply.ext_msg);
	/*
	 * The attribute checks of the genl core refused it before the
	 * module saw it: whether the transaction survived is not pinned.
	 */
	ASSERT_EQ(0, pc_abort(&self->conn));
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	free(blob);
}

TEST_F(load, empty_chunk)
{
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(ERANGE, logged(&self->conn, "CHUNK",
				 pc_chunk(&self->conn, 0, self->base, 0)));
	ASSERT_STRNE("", self->conn.reply.ext_msg);
	ASSERT_EQ(0, pc_abort(&self->conn));
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, unload_then_get_is_enoent)
{
	uint64_t generation = unload(&self->conn);

	ASSERT_EQ(self->base_generation + 1, generation);
	assert_none_in_force(&self->conn, generation);
	ASSERT_STREQ("no policy is loaded", self->conn.reply.ext_msg);
	/* Unloading with nothing loaded is still a new generation. */
	ASSERT_EQ(generation + 1, unload(&self->conn));
	assert_none_in_force(&self->conn, generation + 1);
	/* And a load after it reads back. */
	generation = load_ok(&self->conn, self->base, self->base_size);
	assert_in_force(&self->conn, self->base, self->base_size, generation);
}

TEST_F(load, chunk_at_wrong_offset)
{
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, self->base, 8));
	/* A gap: the next chunk must start at 8. */
	ASSERT_EQ(EINVAL, logged(&self->conn, "CHUNK",
				 pc_chunk(&self->conn, 16,
					  (char *)self->base + 16, 8)));
	ASSERT_EQ(ENOENT, pc_chunk(&self->conn, 8, (char *)self->base + 8,
				   self->base_size - 8));
	ASSERT_STREQ(MSG_NO_TRANSACTION, self->conn.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, chunk_repeated_offset)
{
	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, self->base, 8));
	ASSERT_EQ(EINVAL, logged(&self->conn, "CHUNK",
				 pc_chunk(&self->conn, 0, self->base, 8)));
	ASSERT_EQ(ENOENT, pc_chunk(&self->conn, 8, (char *)self->base + 8,
				   8));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, chunk_past_announced_size)
{
	size_t size;
	void *blob = many_rules(10, &size);
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, size - 1));
	ASSERT_EQ(EINVAL, logged(&self->conn, "CHUNK",
				 pc_chunk(&self->conn, 0, blob, size)));
	ASSERT_EQ(ENOENT, pc_chunk(&self->conn, 0, blob, size - 1));
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	free(blob);
}

TEST_F(load, commit_without_begin)
{
	uint64_t generation;

	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	ASSERT_STREQ(MSG_NO_TRANSACTION, self->conn.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_chunk(&self->conn, 0, self->base, 8));
	ASSERT_STREQ(MSG_NO_TRANSACTION, self->conn.reply.ext_msg);
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, commit_with_missing_bytes)
{
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, self->base,
			      self->base_size - 8));
	ASSERT_EQ(EINVAL, logged(&self->conn, "COMMIT",
				 pc_commit(&self->conn, &generation)));
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, begin_without_size)
{
	nl_msg_init(&self->conn.msg, self->conn.family,
		    IPCWALL_CMD_POLICY_BEGIN, IPCWALL_GENL_VERSION);
	nl_put_u32(&self->conn.msg, IPCWALL_A_ABI_VERSION,
		   IPCWALL_ABI_VERSION);
	ASSERT_EQ(0, nl_transact(&self->conn.sock, &self->conn.msg,
				 &self->conn.reply));
	ASSERT_EQ(EINVAL, logged(&self->conn, "BEGIN",
				 self->conn.reply.error));
	ASSERT_STRNE("", self->conn.reply.ext_msg);
}

TEST_F(load, second_begin_is_ebusy)
{
	struct policy_conn other;
	uint64_t generation;
	size_t size;
	void *blob = many_rules(3, &size);

	conn_open(&other);
	ASSERT_EQ(0, pc_begin(&self->conn, size));
	ASSERT_EQ(EBUSY, logged(&other, "BEGIN", pc_begin(&other, size)));
	ASSERT_STRNE("", other.reply.ext_msg);
	/* Nor may the other socket add to or commit the transaction. */
	ASSERT_EQ(ENOENT, pc_chunk(&other, 0, blob, size));
	ASSERT_STREQ(MSG_NO_TRANSACTION, other.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_commit(&other, &generation));
	ASSERT_STREQ(MSG_NO_TRANSACTION, other.reply.ext_msg);
	/* The owner's transaction went on unharmed. */
	ASSERT_EQ(0, logged(&self->conn, "CHUNK",
			    pc_chunk(&self->conn, 0, blob, size)));
	ASSERT_EQ(0, logged(&self->conn, "COMMIT",
			    pc_commit(&self->conn, &generation)));
	ASSERT_EQ(self->base_generation + 1, generation);
	assert_in_force(&other, blob, size, generation);
	/* Over: the other socket may begin now. */
	ASSERT_EQ(0, pc_begin(&other, size));
	ASSERT_EQ(0, pc_abort(&other));
	pc_close(&other);
	free(blob);
}

TEST_F(load, socket_closed_mid_transaction)
{
	struct policy_conn first, second;
	uint64_t generation;
	size_t size;
	void *blob = many_rules(3, &size);

	conn_open(&first);
	ASSERT_EQ(0, pc_begin(&first, size));
	ASSERT_EQ(0, pc_chunk(&first, 0, blob, 64));
	pc_close(&first);

	/* Closing the socket aborted its transaction: BEGIN is free. */
	conn_open(&second);
	ASSERT_EQ(0, logged(&second, "BEGIN", pc_begin(&second, size)));
	ASSERT_EQ(0, pc_chunk(&second, 0, blob, size));
	ASSERT_EQ(0, logged(&second, "COMMIT",
			    pc_commit(&second, &generation)));
	ASSERT_EQ(self->base_generation + 1, generation);
	assert_in_force(&second, blob, size, generation);
	pc_close(&second);
	free(blob);
}

TEST_F(load, abort)
{
	struct policy_conn other;
	uint64_t generation;

	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, self->base, self->base_size));
	ASSERT_EQ(0, logged(&self->conn, "ABORT", pc_abort(&self->conn)));
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	ASSERT_STREQ(MSG_NO_TRANSACTION, self->conn.reply.ext_msg);
	/* Nothing open: ABORT is harmless. */
	ASSERT_EQ(0, pc_abort(&self->conn));
	conn_open(&other);
	ASSERT_EQ(0, pc_begin(&other, self->base_size));
	pc_close(&other);
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

/* ABORT from another socket does not touch the owner's transaction. */
TEST_F(load, abort_from_other_socket)
{
	struct policy_conn other;
	uint64_t generation;

	conn_open(&other);
	ASSERT_EQ(0, pc_begin(&self->conn, self->base_size));
	ASSERT_EQ(0, pc_abort(&other));
	ASSERT_EQ(EBUSY, pc_begin(&other, self->base_size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, self->base, self->base_size));
	ASSERT_EQ(0, logged(&self->conn, "COMMIT",
			    pc_commit(&self->conn, &generation)));
	ASSERT_EQ(self->base_generation + 1, generation);
	pc_close(&other);
}

TEST_F(load, unload_keeps_open_transaction)
{
	struct policy_conn other;
	uint64_t generation, unloaded;
	size_t size;
	void *blob = many_rules(5, &size);

	conn_open(&other);
	ASSERT_EQ(0, pc_begin(&self->conn, size));
	ASSERT_EQ(0, pc_chunk(&self->conn, 0, blob, 100));
	ASSERT_EQ(0, logged(&other, "UNLOAD", pc_unload(&other, &unloaded)));
	ASSERT_EQ(self->base_generation + 1, unloaded);
	ASSERT_EQ(0, pc_chunk(&self->conn, 100, (char *)blob + 100,
			      size - 100));
	ASSERT_EQ(0, logged(&self->conn, "COMMIT",
			    pc_commit(&self->conn, &generation)));
	ASSERT_EQ(unloaded + 1, generation);
	assert_in_force(&other, blob, size, generation);
	pc_close(&other);
	free(blob);
}

TEST_F(load, invalid_policy_keeps_previous)
{
	uint64_t generation;
	size_t size;
	void *blob = many_rules(5, &size);

	pb_header(blob)->magic = 0;
	ASSERT_EQ(EINVAL, logged(&self->conn, "load",
				 pc_load(&self->conn, blob, size,
					 &generation)));
	ASSERT_STRNE("", self->conn.reply.ext_msg);
	/* The transaction is over, and the baseline still in force. */
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	free(blob);
}

/* ---- Validation: each rule of the compiled format, broken once ---- */

/* The groups and rules of the rich policy, by index. */
enum { G_WEB, G_DB, G_TOOLS, G_COUNT };
enum {
	R_SIGNAL_UNCONFINED, R_SIGNAL_ANY, R_PTRACE, R_FILE, R_SHM_KEY,
	R_MSG_PEER, R_POSIX_SHM, R_POSIX_MQ, R_UNIX_PATH, R_UNIX_PEER,
	R_INET4, R_INET6, R_INET_ANY, R_SEM_ANY,
	R_DB_SHM_INBOUND,	/* the first rule of G_DB */
};

/*
 * A valid policy that uses every section, every class and every object:
 * what the validation cases break, one field at a time.
 */
static void *rich(size_t *size)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 0 };
	static const uint8_t ll6[16] = { 0xfe, 0x80 };
	struct ipcwall_policy_selector *sel;
	struct policy_blob pb;
	void *blob;

	pb_init(&pb);
	pb_group(&pb, "web", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_current_group(&pb)->description = pb_string(&pb, "web server");
	sel = pb_selector(&pb);
	sel->exe_first = pb_ref(&pb, pb_string(&pb, "/usr/sbin/nginx"));
	sel->exe_count = 1;
	sel->cgroup_first = pb_ref(&pb, pb_string(&pb, "/system.slice/*"));
	sel->cgroup_count = 1;
	sel->uid_first = pb_id(&pb, 33);
	sel->uid_count = 1;
	sel->gid_first = pb_id(&pb, 33);
	sel->gid_count = 1;
	pb_launch(&pb, 1000);
	pb_signal_rule(&pb, IPCWALL_ALLOW, IPCWALL_INBOUND,
		       IPCWALL_PEER_UNCONFINED, 1, 15);
	pb_signal_rule(&pb, IPCWALL_DENY, IPCWALL_INBOUND, IPCWALL_PEER_ANY,
		       0, IPCWALL_SIGNAL_MAX);
	pb_peer_rule(&pb, IPCWALL_CLASS_PTRACE, IPCWALL_DENY, IPCWALL_INBOUND,
		     IPCWALL_OPS_PTRACE, IPCWALL_PEER_ANY);
	pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_ALLOW,
		     IPCWALL_OP_FILE_WRITE | IPCWALL_OP_FILE_CREATE,
		     "/var/log/nginx/**")->flags = IPCWALL_RULE_AUDIT;
	pb_key_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_ALLOW,
		    IPCWALL_OP_SYSV_READ | IPCWALL_OP_SYSV_WRITE, 0x5432001);
	pb_peer_rule(&pb, IPCWALL_CLASS_MSG, IPCWALL_DENY, IPCWALL_OUTBOUND,
		     IPCWALL_OP_MSG_SEND, G_DB);
	pb_path_rule(&pb, IPCWALL_CLASS_POSIX_SHM, IPCWALL_ALLOW,
		     IPCWALL_OP_POSIX_SHM_READ, "/psql.*");
	pb_path_rule(&pb, IPCWALL_CLASS_POSIX_MQ, IPCWALL_DENY,
		     IPCWALL_OP_POSIX_MQ_SEND, "/mq");
	pb_path_rule(&pb, IPCWALL_CLASS_UNIX, IPCWALL_ALLOW,
		     IPCWALL_OP_UNIX_CONNECT, "@/tmp/.X11-unix/X*");
	pb_peer_rule(&pb, IPCWALL_CLASS_UNIX, IPCWALL_ALLOW, IPCWALL_OUTBOUND,
		     IPCWALL_OP_UNIX_CONNECT | IPCWALL_OP_UNIX_SEND, G_DB);
	pb_inet_rule(&pb, IPCWALL_ALLOW, IPCWALL_OP_INET_CONNECT,
		     IPCWALL_INET4, lo4, 8, IPCWALL_PROTO_TCP, 80, 443);
	pb_inet_rule(&pb, IPCWALL_DENY, IPCWALL_OP_INET_BIND, IPCWALL_INET6,
		     ll6, 10, IPCWALL_PROTOS, 0, 65535);
	pb_inet_rule(&pb, IPCWALL_ALLOW, IPCWALL_OP_INET_CONNECT,
		     IPCWALL_INET_ANY, NULL, 0, IPCWALL_PROTO_TCP, 22, 22);
	pb_peer_rule(&pb, IPCWALL_CLASS_SEM, IPCWALL_ALLOW, IPCWALL_OUTBOUND,
		     IPCWALL_OP_SYSV_READ, IPCWALL_PEER_ANY);

	pb_group(&pb, "db", IPCWALL_MODE_COMPLAIN, IPCWALL_DENY,
		 IPCWALL_ALLOW);
	sel = pb_selector(&pb);
	sel->uid_first = pb_id(&pb, 999);
	sel->uid_count = 1;
	pb_peer_rule(&pb, IPCWALL_CLASS_SHM, IPCWALL_ALLOW, IPCWALL_INBOUND,
		     IPCWALL_OP_SYSV_READ, G_WEB);

	pb_group(&pb, "tools", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	/* Unreferenced strings, for the cases to point at. */
	pb_string(&pb, "unconfined");
	pb_string(&pb, "x");
	blob = build(&pb, size);
	pb_free(&pb);
	return blob;
}

struct mutation {
	unsigned char *blob;
	size_t size;		/* sent, and announced by BEGIN */
	char expect[128];	/* the module's message */
	bool prefix;		/* ... or how it starts */
};

static struct ipcwall_policy_header *hdr(struct mutation *m)
{
	return pb_header(m->blob);
}

static struct ipcwall_policy_section *sec(struct mutation *m, int i)
{
	return &hdr(m)->sections[i];
}

static struct ipcwall_policy_group *grp(struct mutation *m, int i)
{
	return pb_blob_group(m->blob, i);
}

static struct ipcwall_policy_rule *rule(struct mutation *m, int i)
{
	return pb_blob_rule(m->blob, i);
}

/* The reference of a whole string of the string section. */
static uint32_t strref(struct mutation *m, const char *text)
{
	const struct ipcwall_policy_section *s =
		sec(m, IPCWALL_SECTION_STRINGS);
	const char *strings = pb_blob_strings(m->blob);
	uint32_t off;

	for (off = 1; off < s->count; off += strlen(strings + off) + 1)
		if (!strcmp(strings + off, text))
			return off;
	ASSERT_TRUE(0) TH_LOG("no string \"%s\" in the policy", text);
	return 0;
}

static char *str(struct mutation *m, const char *text)
{
	return pb_blob_strings(m->blob) + strref(m, text);
}

/* Grows the policy by n zero bytes at its end. */
static void grow(struct mutation *m, size_t n)
{
	m->blob = realloc(m->blob, m->size + n);
	ASSERT_NE(NULL, m->blob);
	memset(m->blob + m->size, 0, n);
	m->size += n;
}

/*
 * Each case breaks one rule and says which message the module answers:
 * the section, entry and field at fault. Glob errors name the byte where
 * the glob goes wrong, which only the glob parser knows: their message is
 * matched up to "at byte".
 */
#define CASE(name) static void case_##name(struct mutation *m)

static void __attribute__((format(printf, 2, 3)))
expect(struct mutation *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->expect, sizeof(m->expect), fmt, ap);
	va_end(ap);
}

static void expect_prefix(struct mutation *m, const char *prefix)
{
	expect(m, "%s", prefix);
	m->prefix = true;
}

static const char *const names[] = {
	"strings", "groups", "selectors", "refs", "ids", "rules",
};

/* Header */
CASE(bad_magic)
{
	hdr(m)->magic ^= 1;
	expect(m, "header.magic: not a compiled ipcwall policy");
}
CASE(foreign_byte_order)
{
	hdr(m)->magic = __builtin_bswap32(hdr(m)->magic);
	expect(m, "header.magic: not a compiled ipcwall policy");
}
CASE(version_0)
{
	hdr(m)->version = 0;
	expect(m, "header.version: 0 is not 1");
}
CASE(version_2)
{
	hdr(m)->version = IPCWALL_POLICY_VERSION + 1;
	expect(m, "header.version: 2 is not 1");
}
CASE(header_size_larger)
{
	hdr(m)->size += 8;
	expect(m, "header.size: %u, but the policy has %zu bytes",
	       hdr(m)->size, m->size);
}
CASE(header_size_smaller)
{
	hdr(m)->size -= 8;
	expect(m, "header.size: %u, but the policy has %zu bytes",
	       hdr(m)->size, m->size);
}
CASE(trailing_bytes)
{
	grow(m, 8);
	hdr(m)->size = m->size;
	expect(m, "header.size: 8 bytes past the last section");
}
CASE(truncated_to_header)
{
	m->size = sizeof(struct ipcwall_policy_header);
	hdr(m)->size = m->size;
	expect(m, "header.sections[strings]: ends past the policy");
}
CASE(shorter_than_header)
{
	m->size = 16;
	hdr(m)->size = m->size;
	expect(m, "policy is shorter than its header");
}
CASE(unknown_flags)
{
	hdr(m)->flags = 1;
	expect(m, "header.flags: not zero");
}
CASE(high_flags)
{
	hdr(m)->flags = 0x80000000;
	expect(m, "header.flags: not zero");
}
CASE(section_reserved)
{
	sec(m, IPCWALL_SECTION_IDS)->reserved = 1;
	expect(m, "header.sections[ids].reserved: not zero");
}

/* Sections */
CASE(strings_entry_size)
{
	sec(m, IPCWALL_SECTION_STRINGS)->entry_size = 2;
	expect(m, "header.sections[strings].entry_size: 2, not 1");
}
CASE(groups_entry_size)
{
	sec(m, IPCWALL_SECTION_GROUPS)->entry_size -= 4;
	expect(m, "header.sections[groups].entry_size: 36, not 40");
}
CASE(selectors_entry_size)
{
	sec(m, IPCWALL_SECTION_SELECTORS)->entry_size += 8;
	expect(m, "header.sections[selectors].entry_size: 40, not 32");
}
CASE(refs_entry_size)
{
	sec(m, IPCWALL_SECTION_REFS)->entry_size = 8;
	expect(m, "header.sections[refs].entry_size: 8, not 4");
}
CASE(ids_entry_size)
{
	sec(m, IPCWALL_SECTION_IDS)->entry_size = 0;
	expect(m, "header.sections[ids].entry_size: 0, not 4");
}
CASE(rules_entry_size)
{
	sec(m, IPCWALL_SECTION_RULES)->entry_size = 72;
	expect(m, "header.sections[rules].entry_size: 72, not 64");
}
CASE(strings_misplaced)
{
	sec(m, IPCWALL_SECTION_STRINGS)->offset += 8;
	expect(m, "header.sections[strings].offset: 120, not 112");
}
CASE(groups_misaligned)
{
	uint32_t want = sec(m, IPCWALL_SECTION_GROUPS)->offset;

	sec(m, IPCWALL_SECTION_GROUPS)->offset += 4;
	expect(m, "header.sections[groups].offset: %u, not %u", want + 4,
	       want);
}
CASE(groups_overlap_strings)
{
	uint32_t want = sec(m, IPCWALL_SECTION_GROUPS)->offset;

	sec(m, IPCWALL_SECTION_GROUPS)->offset =
		sec(m, IPCWALL_SECTION_STRINGS)->offset;
	expect(m, "header.sections[groups].offset: 112, not %u", want);
}
CASE(refs_and_ids_swapped)
{
	struct ipcwall_policy_section *refs = sec(m, IPCWALL_SECTION_REFS);
	struct ipcwall_policy_section *ids = sec(m, IPCWALL_SECTION_IDS);
	uint32_t offset = refs->offset;

	refs->offset = ids->offset;
	ids->offset = offset;
	expect(m, "header.sections[refs].offset: %u, not %u", refs->offset,
	       offset);
}
CASE(rules_past_end)
{
	sec(m, IPCWALL_SECTION_RULES)->count += 1;
	expect(m, "header.sections[rules]: ends past the policy");
}
CASE(rules_count_at_limit)
{
	sec(m, IPCWALL_SECTION_RULES)->count = IPCWALL_MAX_RULES;
	expect(m, "header.sections[rules]: ends past the policy");
}
CASE(rules_offset_past_end)
{
	uint32_t want = sec(m, IPCWALL_SECTION_RULES)->offset;

	sec(m, IPCWALL_SECTION_RULES)->offset = 0xfffffff8;
	expect(m, "header.sections[rules].offset: 4294967288, not %u", want);
}
CASE(padding_nonzero)
{
	int i;

	for (i = 0; i + 1 < IPCWALL_SECTION_COUNT; i++) {
		struct ipcwall_policy_section *s = sec(m, i);
		uint32_t end = s->offset + s->count * s->entry_size;

		if (end < sec(m, i + 1)->offset) {
			m->blob[end] = 0xff;
			expect(m, "header.sections[%s]: padding not zero",
			       names[i + 1]);
			return;
		}
	}
	ASSERT_TRUE(0) TH_LOG("the rich policy has no padding to break");
}

/* Strings */
CASE(strings_first_byte)
{
	pb_blob_strings(m->blob)[0] = 'x';
	expect(m, "strings: does not start with a NUL");
}
CASE(strings_not_terminated)
{
	struct ipcwall_policy_section *s = sec(m, IPCWALL_SECTION_STRINGS);

	pb_blob_strings(m->blob)[s->count - 1] = 'x';
	expect(m, "strings: does not end with a NUL");
}
CASE(strings_empty_section)
{
	uint32_t groups = sec(m, IPCWALL_SECTION_GROUPS)->offset;

	sec(m, IPCWALL_SECTION_STRINGS)->count = 0;
	expect(m, "header.sections[groups].offset: %u, not 112", groups);
}
CASE(name_inside_string)
{
	grp(m, G_WEB)->name += 1;	/* "eb": a good name, bad reference */
	expect(m, "groups[0].name: %u is not the start of a string",
	       grp(m, G_WEB)->name);
}
CASE(name_past_strings)
{
	grp(m, G_WEB)->name = sec(m, IPCWALL_SECTION_STRINGS)->count;
	expect(m, "groups[0].name: %u is not the start of a string",
	       grp(m, G_WEB)->name);
}
CASE(description_inside_string)
{
	grp(m, G_WEB)->description += 4;	/* "server" */
	expect(m, "groups[0].description: %u is not the start of a string",
	       grp(m, G_WEB)->description);
}
CASE(ref_inside_string)
{
	*pb_blob_ref(m->blob, 0) += 1;
	expect(m, "refs[0].glob: %u is not the start of a string",
	       *pb_blob_ref(m->blob, 0));
}
CASE(ref_past_strings)
{
	*pb_blob_ref(m->blob, 0) = sec(m, IPCWALL_SECTION_STRINGS)->count + 8;
	expect(m, "refs[0].glob: %u is not the start of a string",
	       *pb_blob_ref(m->blob, 0));
}
CASE(ref_empty_string)
{
	*pb_blob_ref(m->blob, 0) = 0;
	expect(m, "refs[0].glob: missing");
}
CASE(rule_string_inside)
{
	rule(m, R_FILE)->string += 1;
	expect(m, "rules[3].string: %u is not the start of a string",
	       rule(m, R_FILE)->string);
}

/* Groups */
CASE(name_empty)
{
	grp(m, G_WEB)->name = 0;
	expect(m, "groups[0].name: missing");
}
CASE(name_starts_with_dash)
{
	str(m, "web")[0] = '-';
	expect(m, "groups[0].name: must start with a letter or digit");
}
CASE(name_starts_with_dot)
{
	str(m, "tools")[0] = '.';
	expect(m, "groups[2].name: must start with a letter or digit");
}
CASE(name_starts_with_high_byte)
{
	str(m, "tools")[0] = (char)0xc3;	/* a Latin-1 letter */
	expect(m, "groups[2].name: must start with a letter or digit");
}
CASE(name_with_slash)
{
	str(m, "tools")[2] = '/';
	expect(m, "groups[2].name: byte 2 is not one of A-Za-z0-9._-");
}
CASE(name_with_space)
{
	str(m, "tools")[2] = ' ';
	expect(m, "groups[2].name: byte 2 is not one of A-Za-z0-9._-");
}
CASE(name_with_high_byte)
{
	str(m, "tools")[2] = (char)0xe9;	/* Latin-1 e acute */
	expect(m, "groups[2].name: byte 2 is not one of A-Za-z0-9._-");
}
CASE(name_duplicate)
{
	grp(m, G_TOOLS)->name = grp(m, G_WEB)->name;
	expect(m, "groups[2].name: \"web\" is also group 0");
}
CASE(name_unconfined)
{
	grp(m, G_TOOLS)->name = strref(m, "unconfined");
	expect(m, "groups[2].name: \"unconfined\" is reserved");
}
CASE(mode_0)
{
	grp(m, G_WEB)->mode = 0;
	expect(m, "groups[0].mode: 0 is not a mode");
}
CASE(mode_3)
{
	grp(m, G_DB)->mode = 3;
	expect(m, "groups[1].mode: 3 is not a mode");
}
CASE(default_inbound_0)
{
	grp(m, G_WEB)->default_inbound = 0;
	expect(m, "groups[0].default_inbound: 0 is not an action");
}
CASE(default_inbound_3)
{
	grp(m, G_WEB)->default_inbound = 3;
	expect(m, "groups[0].default_inbound: 3 is not an action");
}
CASE(default_outbound_3)
{
	grp(m, G_DB)->default_outbound = 3;
	expect(m, "groups[1].default_outbound: 3 is not an action");
}
CASE(group_reserved)
{
	grp(m, G_DB)->reserved = 1;
	expect(m, "groups[1].reserved: not zero");
}
CASE(group_reserved2)
{
	grp(m, G_TOOLS)->reserved2 = 1;
	expect(m, "groups[2].reserved: not zero");
}
CASE(rules_not_from_0)
{
	grp(m, G_WEB)->rule_first = 1;
	grp(m, G_WEB)->rule_count -= 1;
	expect(m, "groups[0].rule_first: 1, not 0");
}
CASE(rules_gap)
{
	grp(m, G_WEB)->rule_count -= 1;
	expect(m, "groups[1].rule_first: %u, not %u", R_DB_SHM_INBOUND,
	       R_DB_SHM_INBOUND - 1);
}
CASE(rules_overlap)
{
	grp(m, G_DB)->rule_first -= 1;
	grp(m, G_DB)->rule_count += 1;
	expect(m, "groups[1].rule_first: %u, not %u", R_DB_SHM_INBOUND - 1,
	       R_DB_SHM_INBOUND);
}
CASE(rules_short_of_end)
{
	grp(m, G_DB)->rule_count = 0;
	grp(m, G_TOOLS)->rule_first -= 1;
	expect(m, "rules[%u]: belongs to no group", R_DB_SHM_INBOUND);
}
CASE(rules_past_section)
{
	grp(m, G_TOOLS)->rule_count = 1;
	expect(m, "groups[2].rule_count: past the rules");
}
CASE(selectors_overlap)
{
	grp(m, G_DB)->selector_first = 0;
	grp(m, G_DB)->selector_count = 2;
	expect(m, "groups[1].selector_first: 0, not 1");
}
CASE(selectors_past_section)
{
	grp(m, G_TOOLS)->selector_count = 1;
	expect(m, "groups[2].selector_count: past the selectors");
}
CASE(launch_past_ids)
{
	grp(m, G_WEB)->launch_first = sec(m, IPCWALL_SECTION_IDS)->count;
	expect(m, "groups[0].launch_count: past the ids");
}
CASE(launch_count_wraps)
{
	grp(m, G_WEB)->launch_count = 0xffffffff;
	expect(m, "groups[0].launch_count: past the ids");
}

/* Selectors */
CASE(selector_empty)
{
	memset(pb_blob_selector(m->blob, 1), 0,
	       sizeof(struct ipcwall_policy_selector));
	expect(m, "selectors[1]: every list is empty");
}
CASE(exe_refs_past_section)
{
	pb_blob_selector(m->blob, 0)->exe_first =
		sec(m, IPCWALL_SECTION_REFS)->count;
	expect(m, "selectors[0].exe_count: past the refs");
}
CASE(cgroup_refs_wrap)
{
	pb_blob_selector(m->blob, 0)->cgroup_count = 0xffffffff;
	expect(m, "selectors[0].cgroup_count: past the refs");
}
CASE(uid_ids_past_section)
{
	pb_blob_selector(m->blob, 1)->uid_count = 9;
	expect(m, "selectors[1].uid_count: past the ids");
}
CASE(gid_ids_wrap)
{
	pb_blob_selector(m->blob, 0)->gid_first = 0xfffffffe;
	pb_blob_selector(m->blob, 0)->gid_count = 4;
	expect(m, "selectors[0].gid_count: past the ids");
}
CASE(exe_glob_invalid)
{
	str(m, "/usr/sbin/nginx")[10] = '[';	/* an unclosed class */
	expect_prefix(m, "refs[0].glob: invalid glob at byte ");
}
CASE(exe_glob_relative)
{
	str(m, "/usr/sbin/nginx")[0] = 'u';
	expect(m, "refs[0]: exe glob is not absolute");
}
CASE(cgroup_glob_relative)
{
	str(m, "/system.slice/*")[0] = 's';
	expect(m, "refs[1]: cgroup glob is not absolute");
}
CASE(cgroup_glob_invalid)
{
	str(m, "/system.slice/*")[14] = '\\';	/* a trailing escape */
	expect_prefix(m, "refs[1].glob: invalid glob at byte ");
}

/* Rules */
CASE(class_0)
{
	rule(m, R_PTRACE)->class = 0;
	expect(m, "rules[2].class: 0 is not a class");
}
CASE(class_past_last)
{
	rule(m, R_PTRACE)->class = IPCWALL_CLASS_LAST + 1;
	expect(m, "rules[2].class: 11 is not a class");
}
CASE(action_0)
{
	rule(m, R_PTRACE)->action = 0;
	expect(m, "rules[2].action: 0 is not an action");
}
CASE(action_3)
{
	rule(m, R_PTRACE)->action = 3;
	expect(m, "rules[2].action: 3 is not an action");
}
CASE(direction_0)
{
	rule(m, R_PTRACE)->direction = 0;
	expect(m, "rules[2].direction: 0 is not a direction");
}
CASE(direction_3)
{
	rule(m, R_PTRACE)->direction = 3;
	expect(m, "rules[2].direction: 3 is not a direction");
}
CASE(object_0)
{
	rule(m, R_PTRACE)->object = 0;
	expect(m, "rules[2].object: 0 is not one of its class");
}
CASE(object_5)
{
	rule(m, R_PTRACE)->object = 5;
	expect(m, "rules[2].object: 5 is not one of its class");
}
CASE(signal_by_path)
{
	rule(m, R_SIGNAL_ANY)->object = IPCWALL_OBJECT_PATH;
	rule(m, R_SIGNAL_ANY)->direction = IPCWALL_OUTBOUND;
	rule(m, R_SIGNAL_ANY)->peer = 0;
	rule(m, R_SIGNAL_ANY)->string = strref(m, "/mq");
	expect(m, "rules[1].object: 2 is not one of its class");
}
CASE(ptrace_by_key)
{
	rule(m, R_PTRACE)->object = IPCWALL_OBJECT_KEY;
	rule(m, R_PTRACE)->direction = IPCWALL_OUTBOUND;
	rule(m, R_PTRACE)->peer = 0;
	rule(m, R_PTRACE)->key = 1;
	expect(m, "rules[2].object: 3 is not one of its class");
}
CASE(file_by_peer)
{
	rule(m, R_FILE)->object = IPCWALL_OBJECT_PEER;
	rule(m, R_FILE)->string = 0;
	rule(m, R_FILE)->peer = G_DB;
	expect(m, "rules[3].object: 1 is not one of its class");
}
CASE(inet_by_key)
{
	memset(&rule(m, R_INET4)->inet, 0, sizeof(rule(m, R_INET4)->inet));
	rule(m, R_INET4)->object = IPCWALL_OBJECT_KEY;
	rule(m, R_INET4)->key = 1;
	expect(m, "rules[10].object: 3 is not one of its class");
}
CASE(shm_by_inet)
{
	rule(m, R_SHM_KEY)->object = IPCWALL_OBJECT_INET;
	rule(m, R_SHM_KEY)->key = 0;
	rule(m, R_SHM_KEY)->inet.protocols = IPCWALL_PROTO_TCP;
	rule(m, R_SHM_KEY)->inet.port_max = 1;
	expect(m, "rules[4].object: 4 is not one of its class");
}
CASE(inbound_path)
{
	rule(m, R_FILE)->direction = IPCWALL_INBOUND;
	expect(m, "rules[3].direction: inbound needs a peer");
}
CASE(inbound_key)
{
	rule(m, R_SHM_KEY)->direction = IPCWALL_INBOUND;
	expect(m, "rules[4].direction: inbound needs a peer");
}
CASE(inbound_inet)
{
	rule(m, R_INET4)->direction = IPCWALL_INBOUND;
	expect(m, "rules[10].direction: inbound needs a peer");
}
CASE(ops_empty)
{
	rule(m, R_FILE)->ops = 0;
	expect(m, "rules[3].ops: 0x0 is not a set of its class's");
}
CASE(ops_outside_file)
{
	rule(m, R_FILE)->ops |= IPCWALL_OPS_FILE + 1;
	expect(m, "rules[3].ops: %#x is not a set of its class's",
	       rule(m, R_FILE)->ops);
}
CASE(ops_outside_signal)
{
	rule(m, R_SIGNAL_ANY)->ops = 2;
	expect(m, "rules[1].ops: 0x2 is not a set of its class's");
}
CASE(ops_outside_ptrace)
{
	rule(m, R_PTRACE)->ops = 4;
	expect(m, "rules[2].ops: 0x4 is not a set of its class's");
}
CASE(ops_outside_unix)
{
	rule(m, R_UNIX_PEER)->ops = 8;
	expect(m, "rules[9].ops: 0x8 is not a set of its class's");
}
CASE(ops_outside_inet)
{
	rule(m, R_INET4)->ops = 4;
	expect(m, "rules[10].ops: 0x4 is not a set of its class's");
}
CASE(ops_high_bit)
{
	rule(m, R_SEM_ANY)->ops |= 0x80000000;
	expect(m, "rules[13].ops: 0x80000001 is not a set of its class's");
}
CASE(create_with_sysv_peer)
{
	rule(m, R_MSG_PEER)->ops = IPCWALL_OP_SYSV_CREATE;
	expect(m, "rules[5].ops: create with a peer");
}
CASE(create_with_sysv_any)
{
	rule(m, R_SEM_ANY)->ops |= IPCWALL_OP_SYSV_CREATE;
	expect(m, "rules[13].ops: create with a peer");
}
CASE(create_inbound_shm)
{
	rule(m, R_DB_SHM_INBOUND)->ops |= IPCWALL_OP_SYSV_CREATE;
	expect(m, "rules[14].ops: create with a peer");
}
CASE(peer_past_groups)
{
	rule(m, R_MSG_PEER)->peer = G_COUNT;
	expect(m, "rules[5].peer: 3 is not a group");
}
CASE(peer_reserved_value)
{
	rule(m, R_MSG_PEER)->peer = 0xfffffffd;
	expect(m, "rules[5].peer: 4294967293 is not a group");
}
CASE(peer_rule_with_string)
{
	rule(m, R_PTRACE)->string = strref(m, "x");
	expect(m, "rules[2].string: not zero");
}
CASE(peer_rule_with_key)
{
	rule(m, R_PTRACE)->key = 1;
	expect(m, "rules[2].key: not zero");
}
CASE(path_rule_with_peer)
{
	rule(m, R_FILE)->peer = G_DB;
	expect(m, "rules[3].peer: not zero");
}
CASE(path_rule_with_key)
{
	rule(m, R_POSIX_MQ)->key = 7;
	expect(m, "rules[7].key: not zero");
}
CASE(key_rule_with_peer)
{
	rule(m, R_SHM_KEY)->peer = G_DB;
	expect(m, "rules[4].peer: not zero");
}
CASE(key_rule_with_string)
{
	rule(m, R_SHM_KEY)->string = strref(m, "x");
	expect(m, "rules[4].string: not zero");
}
CASE(signals_on_ptrace)
{
	rule(m, R_PTRACE)->signals[0] = 1;
	expect(m, "rules[2].signals: not zero");
}
CASE(inet_on_file)
{
	rule(m, R_FILE)->inet.family = IPCWALL_INET4;
	expect(m, "rules[3].inet: not zero");
}
CASE(inet_port_on_unix)
{
	rule(m, R_UNIX_PEER)->inet.port_max = 1;
	expect(m, "rules[9].inet: not zero");
}
CASE(signals_empty)
{
	rule(m, R_SIGNAL_ANY)->signals[0] = 0;
	rule(m, R_SIGNAL_ANY)->signals[1] = 0;
	expect(m, "rules[1].signals: empty");
}
CASE(signal_65)
{
	rule(m, R_SIGNAL_UNCONFINED)->signals[1] |= 2;
	expect(m, "rules[0].signals: above signal 64");
}
CASE(signal_127)
{
	rule(m, R_SIGNAL_UNCONFINED)->signals[1] |= 1ULL << 63;
	expect(m, "rules[0].signals: above signal 64");
}
CASE(flags_unknown)
{
	rule(m, R_FILE)->flags |= IPCWALL_RULE_FLAGS + 1;
	expect(m, "rules[3].flags: unknown flags 0x2");
}
CASE(flags_high)
{
	rule(m, R_PTRACE)->flags = 0x80000000;
	expect(m, "rules[2].flags: unknown flags 0x80000000");
}
CASE(path_glob_invalid)
{
	str(m, "/var/log/nginx/**")[9] = '[';	/* an unclosed class */
	expect_prefix(m, "rules[3].string: invalid glob at byte ");
}
CASE(path_glob_triple_star)
{
	str(m, "/var/log/nginx/**")[14] = '*';	/* "nginx***" */
	expect_prefix(m, "rules[3].string: invalid glob at byte ");
}
CASE(path_relative)
{
	str(m, "/var/log/nginx/**")[0] = 'v';
	expect(m, "rules[3].string: not an absolute path");
}
CASE(path_empty)
{
	rule(m, R_FILE)->string = 0;
	expect(m, "rules[3].string: missing");
}
CASE(posix_shm_name_slash)
{
	str(m, "/psql.*")[3] = '/';
	expect(m, "rules[6].string: not a POSIX name (/name)");
}
CASE(posix_mq_name_relative)
{
	str(m, "/mq")[0] = 'm';
	expect(m, "rules[7].string: not a POSIX name (/name)");
}
CASE(unix_path_relative)
{
	str(m, "@/tmp/.X11-unix/X*")[0] = 't';
	expect(m, "rules[8].string: not an absolute path or @name");
}
CASE(inet_family_5)
{
	rule(m, R_INET4)->inet.family = 5;
	expect(m, "rules[10].inet.family: 5 is not a family");
}
CASE(inet4_prefix_33)
{
	rule(m, R_INET4)->inet.prefix_len = 33;
	expect(m, "rules[10].inet.prefix_len: 33 is over 32");
}
CASE(inet6_prefix_129)
{
	rule(m, R_INET6)->inet.prefix_len = 129;
	expect(m, "rules[11].inet.prefix_len: 129 is over 128");
}
CASE(inet_any_prefix)
{
	rule(m, R_INET_ANY)->inet.prefix_len = 8;
	expect(m, "rules[12].inet.prefix_len: 8 is over 0");
}
CASE(inet_any_addr)
{
	rule(m, R_INET_ANY)->inet.addr[15] = 1;
	expect(m, "rules[12].inet.addr: bits past prefix_len are not zero");
}
CASE(inet4_host_bits)
{
	rule(m, R_INET4)->inet.addr[3] = 1;	/* 127.0.0.1/8 */
	expect(m, "rules[10].inet.addr: bits past prefix_len are not zero");
}
CASE(inet4_addr_past_v4)
{
	rule(m, R_INET4)->inet.addr[4] = 1;
	expect(m, "rules[10].inet.addr: bits past prefix_len are not zero");
}
CASE(inet6_host_bits)
{
	rule(m, R_INET6)->inet.addr[1] = 0x80 | 0x20;	/* bit 10 of /10 */
	expect(m, "rules[11].inet.addr: bits past prefix_len are not zero");
}
CASE(inet_ports_reversed)
{
	rule(m, R_INET4)->inet.port_min = 444;
	rule(m, R_INET4)->inet.port_max = 443;
	expect(m, "rules[10].inet.port_min: above port_max");
}
CASE(inet_protocols_0)
{
	rule(m, R_INET4)->inet.protocols = 0;
	expect(m, "rules[10].inet.protocols: not a set of protocols");
}
CASE(inet_protocols_unknown)
{
	rule(m, R_INET4)->inet.protocols = IPCWALL_PROTOS + 1;
	expect(m, "rules[10].inet.protocols: not a set of protocols");
}
CASE(inet_reserved)
{
	rule(m, R_INET6)->inet.reserved = 1;
	expect(m, "rules[11].inet.reserved: not zero");
}

#define ENTRY(name) { #name, case_##name }

static const struct {
	const char *name;
	void (*mutate)(struct mutation *m);
} malformed[] = {
	ENTRY(bad_magic), ENTRY(foreign_byte_order), ENTRY(version_0),
	ENTRY(version_2), ENTRY(header_size_larger),
	ENTRY(header_size_smaller), ENTRY(trailing_bytes),
	ENTRY(truncated_to_header), ENTRY(shorter_than_header),
	ENTRY(unknown_flags), ENTRY(high_flags), ENTRY(section_reserved),
	ENTRY(strings_entry_size), ENTRY(groups_entry_size),
	ENTRY(selectors_entry_size), ENTRY(refs_entry_size),
	ENTRY(ids_entry_size), ENTRY(rules_entry_size),
	ENTRY(strings_misplaced), ENTRY(groups_misaligned),
	ENTRY(groups_overlap_strings), ENTRY(refs_and_ids_swapped),
	ENTRY(rules_past_end), ENTRY(rules_count_at_limit),
	ENTRY(rules_offset_past_end), ENTRY(padding_nonzero),
	ENTRY(strings_first_byte), ENTRY(strings_not_terminated),
	ENTRY(strings_empty_section), ENTRY(name_inside_string),
	ENTRY(name_past_strings), ENTRY(description_inside_string),
	ENTRY(ref_inside_string), ENTRY(ref_past_strings),
	ENTRY(ref_empty_string), ENTRY(rule_string_inside),
	ENTRY(name_empty), ENTRY(name_starts_with_dash),
	ENTRY(name_starts_with_dot), ENTRY(name_starts_with_high_byte),
	ENTRY(name_with_slash),
	ENTRY(name_with_space), ENTRY(name_with_high_byte),
	ENTRY(name_duplicate), ENTRY(name_unconfined), ENTRY(mode_0),
	ENTRY(mode_3), ENTRY(default_inbound_0), ENTRY(default_inbound_3),
	ENTRY(default_outbound_3), ENTRY(group_reserved),
	ENTRY(group_reserved2), ENTRY(rules_not_from_0), ENTRY(rules_gap),
	ENTRY(rules_overlap), ENTRY(rules_short_of_end),
	ENTRY(rules_past_section), ENTRY(selectors_overlap),
	ENTRY(selectors_past_section), ENTRY(launch_past_ids),
	ENTRY(launch_count_wraps), ENTRY(selector_empty),
	ENTRY(exe_refs_past_section), ENTRY(cgroup_refs_wrap),
	ENTRY(uid_ids_past_section), ENTRY(gid_ids_wrap),
	ENTRY(exe_glob_invalid), ENTRY(exe_glob_relative),
	ENTRY(cgroup_glob_relative), ENTRY(cgroup_glob_invalid),
	ENTRY(class_0), ENTRY(class_past_last), ENTRY(action_0),
	ENTRY(action_3), ENTRY(direction_0), ENTRY(direction_3),
	ENTRY(object_0), ENTRY(object_5), ENTRY(signal_by_path),
	ENTRY(ptrace_by_key), ENTRY(file_by_peer), ENTRY(inet_by_key),
	ENTRY(shm_by_inet), ENTRY(inbound_path), ENTRY(inbound_key),
	ENTRY(inbound_inet), ENTRY(ops_empty), ENTRY(ops_outside_file),
	ENTRY(ops_outside_signal), ENTRY(ops_outside_ptrace),
	ENTRY(ops_outside_unix), ENTRY(ops_outside_inet),
	ENTRY(ops_high_bit), ENTRY(create_with_sysv_peer),
	ENTRY(create_with_sysv_any), ENTRY(create_inbound_shm),
	ENTRY(peer_past_groups), ENTRY(peer_reserved_value),
	ENTRY(peer_rule_with_string), ENTRY(peer_rule_with_key),
	ENTRY(path_rule_with_peer), ENTRY(path_rule_with_key),
	ENTRY(key_rule_with_peer), ENTRY(key_rule_with_string),
	ENTRY(signals_on_ptrace), ENTRY(inet_on_file),
	ENTRY(inet_port_on_unix), ENTRY(signals_empty), ENTRY(signal_65),
	ENTRY(signal_127), ENTRY(flags_unknown), ENTRY(flags_high),
	ENTRY(path_glob_invalid), ENTRY(path_glob_triple_star),
	ENTRY(path_relative), ENTRY(path_empty),
	ENTRY(posix_shm_name_slash), ENTRY(posix_mq_name_relative),
	ENTRY(unix_path_relative), ENTRY(inet_family_5),
	ENTRY(inet4_prefix_33), ENTRY(inet6_prefix_129),
	ENTRY(inet_any_prefix), ENTRY(inet_any_addr),
	ENTRY(inet4_host_bits), ENTRY(inet4_addr_past_v4),
	ENTRY(inet6_host_bits), ENTRY(inet_ports_reversed),
	ENTRY(inet_protocols_0), ENTRY(inet_protocols_unknown),
	ENTRY(inet_reserved),
};

/* The unbroken rich policy loads and reads back: the cases break it. */
TEST_F(load, rich_policy_loads)
{
	uint64_t generation;
	size_t size;
	void *blob = rich(&size);

	generation = load_ok(&self->conn, blob, size);
	assert_in_force(&self->conn, blob, size, generation);
	free(blob);
}

TEST_F_TIMEOUT(load, malformed_policies, 120)
{
	const unsigned int n = sizeof(malformed) / sizeof(malformed[0]);
	unsigned int i, refused = 0;
	struct mutation m;
	uint64_t generation;
	const char *msg = self->conn.reply.ext_msg;
	size_t size;
	void *pristine = rich(&size);
	bool ok;
	int err;

	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		m.blob = malloc(size);
		ASSERT_NE(NULL, m.blob);
		memcpy(m.blob, pristine, size);
		m.size = size;
		malformed[i].mutate(&m);
		err = pc_load(&self->conn, m.blob, m.size, &generation);
		free(m.blob);
		ok = err == EINVAL &&
		     (m.prefix ? !strncmp(msg, m.expect, strlen(m.expect)) :
				 !strcmp(msg, m.expect));
		refused += ok;
		if (!ok)
			TH_LOG("%s: %s \"%s\", expected EINVAL \"%s\"%s",
			       malformed[i].name,
			       err > 0 ? strerrorname_np(err) :
			       err ? "no answer" : "loaded", msg, m.expect,
			       m.prefix ? "..." : "");
		EXPECT_TRUE(ok);
		/* The transaction is over, and the baseline in force. */
		ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
		if (err == 0) {
			/* Loaded: put the baseline back for the next case. */
			self->base_generation = load_ok(&self->conn,
							self->base,
							self->base_size);
			continue;
		}
		EXPECT_EQ(self->base_generation,
			  status_generation(&self->conn))
			TH_LOG("case %s changed the policy", malformed[i].name);
	}
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	TH_LOG("%u of %u malformed policies refused as expected", refused, n);
	free(pristine);
}

/* ---- Limits: past each one, E2BIG and the limit named ---- */

/* Loading the policy fails with error and message; the baseline stays. */
static void assert_refused(FIXTURE_DATA(load) *self, struct policy_blob *pb,
			   int error, const char *message)
{
	uint64_t generation;
	size_t size;
	void *blob;
	int err;

	blob = build(pb, &size);
	pb_free(pb);
	err = pc_load(&self->conn, blob, size, &generation);
	free(blob);
	ASSERT_EQ(error, logged(&self->conn, "load", err));
	ASSERT_STREQ(message, self->conn.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

/* One group "limits" with one exe selector: what the limits add to. */
static void limits_group(struct policy_blob *pb)
{
	pb_init(pb);
	pb_group(pb, "limits", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(pb, "/usr/bin/limits");
}

static void *finish(struct policy_blob *pb, size_t *size)
{
	void *blob = build(pb, size);

	pb_free(pb);
	return blob;
}

TEST_F(load, begin_past_size_limit)
{
	uint64_t generation;
	char want[128];

	ASSERT_EQ(E2BIG, logged(&self->conn, "BEGIN",
				pc_begin(&self->conn,
					 IPCWALL_MAX_POLICY_SIZE + 1)));
	snprintf(want, sizeof(want), "policy has %u bytes, the limit is %u",
		 IPCWALL_MAX_POLICY_SIZE + 1, IPCWALL_MAX_POLICY_SIZE);
	ASSERT_STREQ(want, self->conn.reply.ext_msg);
	ASSERT_EQ(ENOENT, pc_commit(&self->conn, &generation));
	/* The largest size is accepted, and aborting frees it. */
	ASSERT_EQ(0, logged(&self->conn, "BEGIN",
			    pc_begin(&self->conn, IPCWALL_MAX_POLICY_SIZE)));
	ASSERT_EQ(0, pc_abort(&self->conn));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
}

TEST_F(load, too_many_groups)
{
	struct policy_blob pb;
	char name[16], want[128];
	unsigned int i;

	pb_init(&pb);
	for (i = 0; i <= IPCWALL_MAX_GROUPS; i++) {
		snprintf(name, sizeof(name), "g%u", i);
		pb_group(&pb, name, IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
			 IPCWALL_ALLOW);
	}
	snprintf(want, sizeof(want), "policy has %u groups, the limit is %u",
		 IPCWALL_MAX_GROUPS + 1, IPCWALL_MAX_GROUPS);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, most_groups)
{
	struct policy_blob pb;
	char name[16];
	size_t size;
	unsigned int i;
	void *blob;

	pb_init(&pb);
	for (i = 0; i < IPCWALL_MAX_GROUPS; i++) {
		snprintf(name, sizeof(name), "g%u", i);
		pb_group(&pb, name, IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
			 IPCWALL_ALLOW);
	}
	blob = finish(&pb, &size);
	assert_in_force(&self->conn, blob, size,
			load_ok(&self->conn, blob, size));
	free(blob);
}

TEST_F(load, too_many_selectors)
{
	struct policy_blob pb;
	char want[128];
	uint32_t uid;
	unsigned int i;

	limits_group(&pb);
	uid = pb_id(&pb, 1000);
	for (i = 1; i <= IPCWALL_MAX_SELECTORS; i++) {
		struct ipcwall_policy_selector *s = pb_selector(&pb);

		s->uid_first = uid;	/* they may share their ids */
		s->uid_count = 1;
	}
	snprintf(want, sizeof(want), "policy has %u selectors, the limit is %u",
		 IPCWALL_MAX_SELECTORS + 1, IPCWALL_MAX_SELECTORS);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F_TIMEOUT(load, too_many_rules, 120)
{
	struct policy_blob pb;
	char want[128];
	uint32_t path;
	unsigned int i;

	limits_group(&pb);
	path = pb_string(&pb, "/etc/shadow");
	for (i = 0; i <= IPCWALL_MAX_RULES; i++)
		pb_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
			IPCWALL_OUTBOUND, IPCWALL_OBJECT_PATH,
			IPCWALL_OP_FILE_WRITE)->string = path;
	snprintf(want, sizeof(want), "policy has %u rules, the limit is %u",
		 IPCWALL_MAX_RULES + 1, IPCWALL_MAX_RULES);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, too_many_refs)
{
	struct ipcwall_policy_selector *s;
	struct policy_blob pb;
	char want[128];
	uint32_t glob;
	unsigned int i;

	limits_group(&pb);	/* one ref */
	glob = pb_string(&pb, "/usr/bin/*");
	s = pb_selector(&pb);
	s->exe_first = pb_ref(&pb, glob);
	s->exe_count = IPCWALL_MAX_REFS;
	for (i = 1; i < IPCWALL_MAX_REFS; i++)
		pb_ref(&pb, glob);
	snprintf(want, sizeof(want),
		 "policy has %u glob references, the limit is %u",
		 IPCWALL_MAX_REFS + 1, IPCWALL_MAX_REFS);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, too_many_ids)
{
	struct ipcwall_policy_selector *s;
	struct policy_blob pb;
	char want[128];
	unsigned int i;

	limits_group(&pb);
	s = pb_selector(&pb);
	s->uid_first = 0;
	s->uid_count = IPCWALL_MAX_IDS + 1;
	for (i = 0; i <= IPCWALL_MAX_IDS; i++)
		pb_id(&pb, i);
	snprintf(want, sizeof(want), "policy has %u ids, the limit is %u",
		 IPCWALL_MAX_IDS + 1, IPCWALL_MAX_IDS);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, strings_too_large)
{
	struct policy_blob pb;
	char want[128];

	limits_group(&pb);
	/* Strings of 4000 bytes up to exactly one byte past the limit. */
	while (pb.strings.count + 4001 < IPCWALL_MAX_STRINGS_SIZE)
		pb_string_fill(&pb, 's', 4000);
	pb_string_fill(&pb, 's', IPCWALL_MAX_STRINGS_SIZE -
				 pb.strings.count);
	ASSERT_EQ(IPCWALL_MAX_STRINGS_SIZE + 1, pb.strings.count);
	snprintf(want, sizeof(want),
		 "policy has %u bytes of strings, the limit is %u",
		 IPCWALL_MAX_STRINGS_SIZE + 1, IPCWALL_MAX_STRINGS_SIZE);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, string_too_long)
{
	struct policy_blob pb;
	char want[128];
	uint32_t start;

	limits_group(&pb);
	start = pb_string_fill(&pb, 's', IPCWALL_MAX_STRING);
	snprintf(want, sizeof(want),
		 "strings[%u]: longer than the limit of %u bytes", start,
		 IPCWALL_MAX_STRING - 1);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, group_name_too_long)
{
	char name[IPCWALL_MAX_GROUP_NAME + 1], want[128];
	struct policy_blob pb;

	memset(name, 'n', IPCWALL_MAX_GROUP_NAME);
	name[IPCWALL_MAX_GROUP_NAME] = '\0';
	pb_init(&pb);
	pb_group(&pb, name, IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	snprintf(want, sizeof(want),
		 "groups[0].name: longer than the limit of %u bytes",
		 IPCWALL_MAX_GROUP_NAME - 1);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, description_too_long)
{
	struct policy_blob pb;
	char want[128];
	uint32_t description;

	limits_group(&pb);
	description = pb_string_fill(&pb, 'd', IPCWALL_MAX_DESCRIPTION);
	pb_current_group(&pb)->description = description;
	snprintf(want, sizeof(want),
		 "groups[0].description: longer than the limit of %u bytes",
		 IPCWALL_MAX_DESCRIPTION - 1);
	assert_refused(self, &pb, E2BIG, want);
}

/* "/" and n - 1 more bytes. */
static const char *long_path(unsigned int n)
{
	static char path[IPCWALL_MAX_PATTERN + 2];

	memset(path, 'p', n);
	path[0] = '/';
	path[n] = '\0';
	return path;
}

TEST_F(load, path_glob_too_long)
{
	struct policy_blob pb;
	char want[128];

	limits_group(&pb);
	pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
		     IPCWALL_OP_FILE_READ, long_path(IPCWALL_MAX_PATTERN + 1));
	snprintf(want, sizeof(want),
		 "rules[0].string: glob longer than the limit of %u bytes",
		 IPCWALL_MAX_PATTERN);
	assert_refused(self, &pb, E2BIG, want);
}

TEST_F(load, exe_glob_too_long)
{
	struct policy_blob pb;
	char want[128];

	pb_init(&pb);
	pb_group(&pb, "limits", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, long_path(IPCWALL_MAX_PATTERN + 1));
	snprintf(want, sizeof(want),
		 "refs[0].glob: glob longer than the limit of %u bytes",
		 IPCWALL_MAX_PATTERN);
	assert_refused(self, &pb, E2BIG, want);
}

/* Every length limit reached exactly, not passed: the policy loads. */
TEST_F(load, at_every_length_limit)
{
	char name[IPCWALL_MAX_GROUP_NAME];
	struct policy_blob pb;
	uint32_t description;
	size_t size;
	void *blob;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	pb_init(&pb);
	pb_group(&pb, name, IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	description = pb_string_fill(&pb, 'd', IPCWALL_MAX_DESCRIPTION - 1);
	pb_current_group(&pb)->description = description;
	pb_exe_selector(&pb, long_path(IPCWALL_MAX_PATTERN));
	pb_path_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
		     IPCWALL_OP_FILE_READ, long_path(IPCWALL_MAX_PATTERN));
	pb_string_fill(&pb, 's', IPCWALL_MAX_STRING - 1);
	blob = finish(&pb, &size);
	assert_in_force(&self->conn, blob, size,
			load_ok(&self->conn, blob, size));
	free(blob);
}

/* A policy of 10 MiB, 160,000 rules and more, loads and reads back. */
TEST_F_TIMEOUT(load, ten_mib_policy, 300)
{
	size_t size;
	void *blob = many_rules((10U << 20) / 64, &size);	/* 64-byte rules */

	ASSERT_LE(10U << 20, size);
	assert_in_force(&self->conn, blob, size,
			load_ok(&self->conn, blob, size));
	TH_LOG("%zu bytes loaded, read back in %u messages", size,
	       pc_get_messages);
	free(blob);
}

/* ---- Privilege ---- */

#define NOBODY 65534

/* Drops to nobody with no capability at all. */
static void become_nobody(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { 0 };

	ASSERT_EQ(0, setgroups(0, NULL));
	ASSERT_EQ(0, setgid(NOBODY));
	ASSERT_EQ(0, setuid(NOBODY));
	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, syscall(SYS_capset, &hdr, data));
	ASSERT_EQ(0, syscall(SYS_capget, &hdr, data));
	ASSERT_EQ(0, data[0].effective | data[1].effective |
		     data[0].permitted | data[1].permitted);
}

#define MSG_NO_CAPABILITY "CAP_MAC_ADMIN is required"

static void expect_eperm(struct policy_conn *c, const char *what, int err)
{
	EXPECT_EQ(EPERM, err) TH_LOG("%s as nobody: %s \"%s\"", what,
				     err > 0 ? strerrorname_np(err) :
				     err ? "no answer" : "success",
				     c->reply.ext_msg);
	EXPECT_STREQ(MSG_NO_CAPABILITY, c->reply.ext_msg)
		TH_LOG("%s", what);
}

/*
 * Every policy command refuses a caller without CAP_MAC_ADMIN, even in
 * the middle of a transaction root began on another socket.
 */
TEST_F(load, unprivileged)
{
	struct policy_conn root;
	int status;
	pid_t pid;

	conn_open(&root);
	ASSERT_EQ(0, pc_begin(&root, self->base_size));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct policy_conn *c = &self->conn;
		struct pc_query q;
		struct pc_verdict v;
		uint64_t generation;
		size_t size;
		void *blob = NULL;

		pc_close(c);
		become_nobody();
		ASSERT_EQ(0, pc_open(c));
		expect_eperm(c, "BEGIN", pc_begin(c, self->base_size));
		expect_eperm(c, "CHUNK", pc_chunk(c, 0, self->base, 8));
		expect_eperm(c, "COMMIT", pc_commit(c, &generation));
		expect_eperm(c, "ABORT", pc_abort(c));
		expect_eperm(c, "UNLOAD", pc_unload(c, &generation));
		expect_eperm(c, "POLICY_GET",
			     pc_get(c, &blob, &size, &generation));
		pc_query_init(&q, "baseline", IPCWALL_CLASS_PTRACE,
			      IPCWALL_OP_PTRACE_READ);
		q.target = "unconfined";
		expect_eperm(c, "QUERY", pc_query(c, &q, &v));
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* Root's transaction went through untouched. */
	ASSERT_EQ(0, pc_chunk(&root, 0, self->base, self->base_size));
	ASSERT_EQ(0, logged(&root, "COMMIT",
			    pc_commit(&root, &self->base_generation)));
	assert_in_force(&self->conn, self->base, self->base_size,
			self->base_generation);
	pc_close(&root);
}

TEST_HARNESS_MAIN
