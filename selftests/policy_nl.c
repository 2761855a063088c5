// SPDX-License-Identifier: GPL-2.0
/*
 * The policy commands of the ipcwall family; see policy_nl.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_nl.h"

unsigned int pc_get_messages;

int pc_problem(struct policy_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->problem, sizeof(c->problem), fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

int pc_open(struct policy_conn *c)
{
	int err;

	c->problem[0] = '\0';
	err = nl_open(&c->sock, 10000);
	if (err)
		return err;
	c->family = nl_family_id(&c->sock, IPCWALL_GENL_NAME);
	if (c->family < 0) {
		err = c->family;
		nl_close(&c->sock);
		return err;
	}
	return 0;
}

void pc_close(struct policy_conn *c)
{
	nl_close(&c->sock);
}

struct nl_msg *pc_request(struct policy_conn *c, uint8_t cmd)
{
	c->problem[0] = '\0';
	nl_msg_init(&c->msg, c->family, cmd, IPCWALL_GENL_VERSION);
	nl_put_u32(&c->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	return &c->msg;
}

/* Sends c->msg; the module's errno, or a negative one without an answer. */
int pc_send(struct policy_conn *c)
{
	int err = nl_transact(&c->sock, &c->msg, &c->reply);

	if (err)
		return err;
	if (!c->reply.acked)
		return pc_problem(c, "no ack");
	return c->reply.error;
}

/* The reply's generation, which must be there after a success. */
static int reply_generation(struct policy_conn *c, uint64_t *generation)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];

	if (c->reply.nreplies != 1)
		return pc_problem(c, "%u replies, expected 1", c->reply.nreplies);
	if (nl_parse(c->reply.attrs, c->reply.attrs_len, tb, IPCWALL_A_MAX))
		return pc_problem(c, "malformed reply");
	if (!nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], generation))
		return pc_problem(c, "no IPCWALL_A_POLICY_GENERATION");
	return 0;
}

int pc_status_generation(struct policy_conn *c, uint64_t *generation)
{
	int err;

	pc_request(c, IPCWALL_CMD_GET_STATUS);
	err = pc_send(c);
	return err ? err : reply_generation(c, generation);
}

int pc_begin(struct policy_conn *c, uint32_t size)
{
	nl_put_u32(pc_request(c, IPCWALL_CMD_POLICY_BEGIN), IPCWALL_A_POLICY_SIZE,
		   size);
	return pc_send(c);
}

int pc_chunk(struct policy_conn *c, uint32_t offset, const void *data,
	     size_t len)
{
	struct nl_msg *m = pc_request(c, IPCWALL_CMD_POLICY_CHUNK);

	nl_put_u32(m, IPCWALL_A_POLICY_OFFSET, offset);
	nl_put(m, IPCWALL_A_POLICY_DATA, data, len);
	return pc_send(c);
}

int pc_commit(struct policy_conn *c, uint64_t *generation)
{
	int err;

	pc_request(c, IPCWALL_CMD_POLICY_COMMIT);
	err = pc_send(c);
	return err ? err : reply_generation(c, generation);
}

int pc_abort(struct policy_conn *c)
{
	pc_request(c, IPCWALL_CMD_POLICY_ABORT);
	return pc_send(c);
}

int pc_unload(struct policy_conn *c, uint64_t *generation)
{
	int err;

	pc_request(c, IPCWALL_CMD_POLICY_UNLOAD);
	err = pc_send(c);
	return err ? err : reply_generation(c, generation);
}

int pc_load_chunked(struct policy_conn *c, const void *blob, size_t size,
		    size_t chunk, uint64_t *generation)
{
	size_t off, len;
	int err;

	if (!chunk)
		chunk = IPCWALL_POLICY_CHUNK_MAX;
	err = pc_begin(c, size);
	if (err)
		return err;
	for (off = 0; off < size; off += len) {
		len = size - off < chunk ? size - off : chunk;
		err = pc_chunk(c, off, (const char *)blob + off, len);
		if (err)
			return err;
	}
	return pc_commit(c, generation);
}

int pc_load(struct policy_conn *c, const void *blob, size_t size,
	    uint64_t *generation)
{
	return pc_load_chunked(c, blob, size, 0, generation);
}

struct get_state {
	struct policy_conn *c;
	unsigned char *blob;
	size_t size;		/* announced */
	size_t have;		/* received, in order */
	uint64_t generation;
	unsigned int messages;
};

static int get_one(uint8_t cmd, const void *attrs, size_t len, void *arg)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	struct get_state *st = arg;
	struct policy_conn *c = st->c;
	uint64_t generation;
	uint32_t size, offset;
	size_t n;

	if (cmd != IPCWALL_CMD_POLICY_GET)
		return pc_problem(c, "message %u: command %u", st->messages, cmd);
	if (nl_parse(attrs, len, tb, IPCWALL_A_MAX))
		return pc_problem(c, "message %u: malformed", st->messages);
	if (!nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], &generation) ||
	    !nl_attr_u32(tb[IPCWALL_A_POLICY_SIZE], &size) ||
	    !nl_attr_u32(tb[IPCWALL_A_POLICY_OFFSET], &offset) ||
	    !tb[IPCWALL_A_POLICY_DATA])
		return pc_problem(c, "message %u: an attribute is missing",
			       st->messages);
	n = nl_attr_len(tb[IPCWALL_A_POLICY_DATA]);
	if (!st->messages++) {
		st->generation = generation;
		st->size = size;
		st->blob = malloc(size ? size : 1);
		if (!st->blob)
			return -ENOMEM;
	}
	if (generation != st->generation)
		return pc_problem(c, "message %u: generation %llu after %llu",
			       st->messages - 1,
			       (unsigned long long)generation,
			       (unsigned long long)st->generation);
	if (size != st->size)
		return pc_problem(c, "message %u: size %u after %zu",
			       st->messages - 1, size, st->size);
	if (offset != st->have)
		return pc_problem(c, "message %u: offset %u, expected %zu",
			       st->messages - 1, offset, st->have);
	if (!n || n > st->size - st->have)
		return pc_problem(c, "message %u: %zu bytes at %u of %zu",
			       st->messages - 1, n, offset, st->size);
	memcpy(st->blob + st->have, nl_attr_data(tb[IPCWALL_A_POLICY_DATA]),
	       n);
	st->have += n;
	return 0;
}

int pc_get(struct policy_conn *c, void **blob, size_t *size,
	   uint64_t *generation)
{
	struct get_state st = { .c = c };
	int err;

	nl_msg_init(&c->msg, c->family, IPCWALL_CMD_POLICY_GET,
		    IPCWALL_GENL_VERSION);
	nl_put_u32(&c->msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION);
	err = nl_dump(&c->sock, &c->msg, get_one, &st, &c->reply);
	if (!err && c->reply.error)
		err = c->reply.error;
	if (!err && !st.messages)
		err = pc_problem(c, "an empty dump");
	if (!err && st.have != st.size)
		err = pc_problem(c, "%zu bytes of %zu", st.have, st.size);
	if (err) {
		free(st.blob);
		return err;
	}
	*blob = st.blob;
	*size = st.size;
	*generation = st.generation;
	pc_get_messages = st.messages;
	return 0;
}

void pc_query_init(struct pc_query *q, const char *subject, uint8_t class,
		   uint32_t op)
{
	memset(q, 0, sizeof(*q));
	q->subject = subject;
	q->class = class;
	q->op = op;
	q->signal = -1;
	q->port = -1;
}

int pc_query(struct policy_conn *c, const struct pc_query *q,
	     struct pc_verdict *v)
{
	const struct nlattr *tb[IPCWALL_A_MAX + 1];
	const struct nlattr *dt[IPCWALL_DECIDER_A_MAX + 1];
	struct nl_msg *m = pc_request(c, IPCWALL_CMD_QUERY);
	const char *group;
	int err;

	if (q->subject)
		nl_put_str(m, IPCWALL_A_QUERY_SUBJECT, q->subject);
	nl_put_u8(m, IPCWALL_A_QUERY_CLASS, q->class);
	if (q->op)
		nl_put_u32(m, IPCWALL_A_QUERY_OP, q->op);
	if (q->target)
		nl_put_str(m, IPCWALL_A_QUERY_TARGET, q->target);
	if (q->signal >= 0)
		nl_put_u8(m, IPCWALL_A_QUERY_SIGNAL, q->signal);
	if (q->path)
		nl_put_str(m, IPCWALL_A_QUERY_PATH, q->path);
	if (q->has_key)
		nl_put_u32(m, IPCWALL_A_QUERY_KEY, q->key);
	if (q->addr_len)
		nl_put(m, IPCWALL_A_QUERY_ADDR, q->addr, q->addr_len);
	if (q->port >= 0)
		nl_put_u16(m, IPCWALL_A_QUERY_PORT, q->port);
	if (q->proto)
		nl_put_u8(m, IPCWALL_A_QUERY_PROTO, q->proto);

	memset(v, 0, sizeof(*v));
	err = pc_send(c);
	if (err)
		return err;
	if (c->reply.nreplies != 1)
		return pc_problem(c, "%u replies, expected 1", c->reply.nreplies);
	if (nl_parse(c->reply.attrs, c->reply.attrs_len, tb, IPCWALL_A_MAX))
		return pc_problem(c, "malformed reply");
	if (!nl_attr_u64(tb[IPCWALL_A_POLICY_GENERATION], &v->generation) ||
	    !nl_attr_u8(tb[IPCWALL_A_VERDICT], &v->verdict) ||
	    !nl_attr_u8(tb[IPCWALL_A_AUDIT], &v->audit))
		return pc_problem(c, "generation, verdict or audit missing");
	if (!tb[IPCWALL_A_DECIDER])
		return 0;
	v->decided = true;
	if (nl_parse_nested(tb[IPCWALL_A_DECIDER], dt, IPCWALL_DECIDER_A_MAX))
		return pc_problem(c, "malformed IPCWALL_A_DECIDER");
	group = nl_attr_str(dt[IPCWALL_DECIDER_A_GROUP]);
	if (!group || strlen(group) >= sizeof(v->group))
		return pc_problem(c, "bad IPCWALL_DECIDER_A_GROUP");
	strcpy(v->group, group);
	if (!nl_attr_u8(dt[IPCWALL_DECIDER_A_DIRECTION], &v->direction))
		return pc_problem(c, "no IPCWALL_DECIDER_A_DIRECTION");
	if (dt[IPCWALL_DECIDER_A_RULE]) {
		if (!nl_attr_u32(dt[IPCWALL_DECIDER_A_RULE], &v->rule))
			return pc_problem(c, "malformed IPCWALL_DECIDER_A_RULE");
		v->has_rule = true;
	}
	return 0;
}
