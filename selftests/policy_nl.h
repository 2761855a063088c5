/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy commands of the ipcwall family, over the raw netlink of
 * netlink.h, for the policy selftests: transactions, reading the policy
 * back, queries and the generation in force.
 *
 * A struct policy_conn is one socket, so one netlink port: a transaction
 * begun on it belongs to it, and pc_close() in the middle of one is a
 * socket closing mid-transaction.
 *
 * Each command returns the module's answer as a positive errno (0 for
 * success), its extended ack message left in c->reply.ext_msg, or a
 * negative errno when no answer came or the answer was malformed; then
 * c->problem says what was wrong with it.
 */
#ifndef IPCWALL_SELFTESTS_POLICY_NL_H
#define IPCWALL_SELFTESTS_POLICY_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kmod/limits.h"
#include "ipcwall.h"
#include "netlink.h"

struct policy_conn {
	struct nl_sock sock;
	int family;
	struct nl_msg msg;
	struct nl_reply reply;
	char problem[256];
};

/*
 * For the commands built on this file: a request of @cmd in c->msg with
 * the ABI version; sending it (the module's errno, or a negative one
 * without a valid answer); and recording what was wrong with an answer
 * (returns -EBADMSG).
 */
struct nl_msg *pc_request(struct policy_conn *c, uint8_t cmd);
int pc_send(struct policy_conn *c);
int pc_problem(struct policy_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Opens a socket and resolves the family: 0 or a negative errno. */
int pc_open(struct policy_conn *c);
void pc_close(struct policy_conn *c);

int pc_status_generation(struct policy_conn *c, uint64_t *generation);

int pc_begin(struct policy_conn *c, uint32_t size);
int pc_chunk(struct policy_conn *c, uint32_t offset, const void *data,
	     size_t len);
/* *generation is set on success. */
int pc_commit(struct policy_conn *c, uint64_t *generation);
int pc_abort(struct policy_conn *c);
int pc_unload(struct policy_conn *c, uint64_t *generation);

/*
 * BEGIN, CHUNKs of chunk bytes (IPCWALL_POLICY_CHUNK_MAX when 0), COMMIT;
 * stops at the first error and returns it.
 */
int pc_load_chunked(struct policy_conn *c, const void *blob, size_t size,
		    size_t chunk, uint64_t *generation);
int pc_load(struct policy_conn *c, const void *blob, size_t size,
	    uint64_t *generation);

/*
 * Dumps the policy in force (POLICY_GET): on success *blob is the policy,
 * malloc()ed, of *size bytes, and *generation the one every message
 * carried. A reply whose messages disagree on the generation or the size,
 * or leave a gap, is -EBADMSG with c->problem set.
 */
int pc_get(struct policy_conn *c, void **blob, size_t *size,
	   uint64_t *generation);
/* Messages of the last successful pc_get(). */
extern unsigned int pc_get_messages;

/* One interaction to ask about; unset fields are not sent. */
struct pc_query {
	const char *subject;
	uint8_t class;
	uint32_t op;			/* sent when non-zero */
	const char *target;
	int signal;			/* sent when >= 0 */
	const char *path;
	bool has_key;
	uint32_t key;
	size_t addr_len;		/* 4 or 16: addr is sent */
	uint8_t addr[16];
	int port;			/* sent when >= 0 */
	uint8_t proto;			/* sent when non-zero */
};

/* Initializes q: no signal, no port, nothing else set. */
void pc_query_init(struct pc_query *q, const char *subject, uint8_t class,
		   uint32_t op);

struct pc_verdict {
	uint64_t generation;
	uint8_t verdict;		/* IPCWALL_ALLOW or IPCWALL_DENY */
	uint8_t audit;
	bool decided;			/* IPCWALL_A_DECIDER came */
	char group[IPCWALL_MAX_GROUP_NAME];
	uint8_t direction;
	bool has_rule;
	uint32_t rule;
};

int pc_query(struct policy_conn *c, const struct pc_query *q,
	     struct pc_verdict *v);

#endif /* IPCWALL_SELFTESTS_POLICY_NL_H */
