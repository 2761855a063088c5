// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic netlink for the selftests; see netlink.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int nl_open(struct nl_sock *s, int timeout_ms)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};
	int one = 1, err;

	s->seq = 1;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    bind(s->fd, (struct sockaddr *)&addr, sizeof(addr))) {
		err = -errno;
		close(s->fd);
		s->fd = -1;
		return err;
	}
	return 0;
}

void nl_close(struct nl_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* ---- Building ---- */

static void *room(struct nl_msg *m, size_t len)
{
	size_t aligned = NLA_ALIGN(len);
	void *p;

	if (m->len + aligned > sizeof(m->buf)) {
		m->overflow = true;
		return NULL;
	}
	p = m->buf + m->len;
	memset(p, 0, aligned);
	m->len += aligned;
	return p;
}

void nl_msg_init(struct nl_msg *m, uint16_t type, uint8_t cmd,
		 uint8_t version)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g;

	memset(m, 0, offsetof(struct nl_msg, buf) + NLMSG_HDRLEN + GENL_HDRLEN);
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->depth = 0;
	m->keep_len = false;
	m->overflow = false;
	nlh->nlmsg_type = type;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
}

void nl_put_bytes(struct nl_msg *m, const void *data, size_t len)
{
	void *p = room(m, len);

	if (p && len)
		memcpy(p, data, len);
}

void nl_put_attr_raw(struct nl_msg *m, uint16_t nla_len, uint16_t nla_type,
		     const void *data, size_t data_len)
{
	struct nlattr *a = room(m, NLA_HDRLEN + data_len);

	if (!a)
		return;
	a->nla_len = nla_len;
	a->nla_type = nla_type;
	if (data_len)
		memcpy((char *)a + NLA_HDRLEN, data, data_len);
}

void nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len)
{
	nl_put_attr_raw(m, NLA_HDRLEN + len, type, data, len);
}

void nl_put_u8(struct nl_msg *m, uint16_t type, uint8_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

void nl_put_u16(struct nl_msg *m, uint16_t type, uint16_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

void nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

void nl_put_u64(struct nl_msg *m, uint16_t type, uint64_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

void nl_put_str(struct nl_msg *m, uint16_t type, const char *s)
{
	nl_put(m, type, s, strlen(s) + 1);
}

void nl_nest_start(struct nl_msg *m, uint16_t type)
{
	size_t off = m->len;

	if (m->depth >= NL_NEST_MAX) {
		m->overflow = true;
		return;
	}
	if (!room(m, NLA_HDRLEN))
		return;
	((struct nlattr *)(m->buf + off))->nla_type = type | NLA_F_NESTED;
	m->nest[m->depth++] = off;
}

void nl_nest_end(struct nl_msg *m)
{
	size_t off;

	if (!m->depth)
		return;
	off = m->nest[--m->depth];
	((struct nlattr *)(m->buf + off))->nla_len = m->len - off;
}

void nl_msg_set_len(struct nl_msg *m, uint32_t nlmsg_len)
{
	((struct nlmsghdr *)m->buf)->nlmsg_len = nlmsg_len;
	m->keep_len = true;
}

/* ---- Parsing ---- */

bool nl_attr_ok(const struct nlattr *a, int rem)
{
	return rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
}

int nl_parse(const void *data, size_t len, const struct nlattr **tb, int max)
{
	const struct nlattr *a;
	int rem, type;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	nl_for_each_attr(a, data, len, rem) {
		type = a->nla_type & NLA_TYPE_MASK;
		if (type > max)
			return -EINVAL;
		tb[type] = a;
	}
	return rem ? -EINVAL : 0;
}

int nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		    int max)
{
	return nl_parse(nl_attr_data(nest), nl_attr_len(nest), tb, max);
}

/* Like nl_parse(), for messages of the kernel that may grow new types. */
static int parse_lenient(const void *data, size_t len,
			 const struct nlattr **tb, int max)
{
	const struct nlattr *a;
	int rem, type;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	nl_for_each_attr(a, data, len, rem) {
		type = a->nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = a;
	}
	return rem ? -EINVAL : 0;
}

const void *nl_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

size_t nl_attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

#define DEFINE_GETTER(name, type)					\
bool nl_attr_##name(const struct nlattr *a, type *v)			\
{									\
	if (!a || nl_attr_len(a) != sizeof(*v))				\
		return false;						\
	memcpy(v, nl_attr_data(a), sizeof(*v));				\
	return true;							\
}
DEFINE_GETTER(u8, uint8_t)
DEFINE_GETTER(u16, uint16_t)
DEFINE_GETTER(u32, uint32_t)
DEFINE_GETTER(u64, uint64_t)

const char *nl_attr_str(const struct nlattr *a)
{
	size_t len;

	if (!a)
		return NULL;
	len = nl_attr_len(a);
	if (!len || memchr(nl_attr_data(a), '\0', len) == NULL)
		return NULL;
	return nl_attr_data(a);
}

const char *nl_strerror(int error)
{
	return error ? strerror(error) : "success";
}

/* ---- Transactions ---- */

/*
 * An NLMSG_ERROR: struct nlmsgerr, then the request it answers (only its
 * header when NLM_F_CAPPED is set), then, with NLM_F_ACK_TLVS, the extended
 * ack attributes.
 */
static int parse_ack(const struct nlmsghdr *nlh, struct nl_reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = nlh->nlmsg_len, off;
	const char *msg;

	if (len < NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	r->acked = true;
	r->error = -e->error;
	r->ack_flags = nlh->nlmsg_flags & (NLM_F_CAPPED | NLM_F_ACK_TLVS);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (off > len)
		return -EBADMSG;
	if (parse_lenient((const char *)nlh + off, len - off, tb,
			  NLMSGERR_ATTR_MAX))
		return -EBADMSG;

	msg = nl_attr_str(tb[NLMSGERR_ATTR_MSG]);
	if (msg) {
		r->has_ext_msg = true;
		strncpy(r->ext_msg, msg, sizeof(r->ext_msg) - 1);
	}
	r->has_ext_offs = nl_attr_u32(tb[NLMSGERR_ATTR_OFFS], &r->ext_offs);
	return 0;
}

static int parse_reply(const struct nlmsghdr *nlh, struct nl_reply *r)
{
	size_t len;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	if (r->nreplies++)
		return 0;	/* keep the first */
	r->cmd = ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd;
	len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	if (len > sizeof(r->attrs))
		return -EMSGSIZE;
	memcpy(r->attrs, (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len);
	r->attrs_len = len;
	return 0;
}

/* Called for each message answering the request; 1 ends the exchange. */
typedef int (*nl_msg_handler)(const struct nlmsghdr *nlh, void *ctx);

/*
 * Sends @m with NLM_F_REQUEST and @flags, then hands every message that
 * answers it (same sequence number) to @handle until it returns non-zero:
 * 1 for done (0 is returned), a negative errno to stop with it.
 */
static int nl_exchange(struct nl_sock *s, struct nl_msg *m, uint16_t flags,
		       nl_msg_handler handle, void *ctx)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	static unsigned char buf[NL_RECV_MAX]
		__attribute__((aligned(NLMSG_ALIGNTO)));
	uint32_t seq = ++s->seq;
	ssize_t n;
	int err;

	if (m->overflow || m->depth)
		return -EMSGSIZE;
	if (!m->keep_len)
		nlh->nlmsg_len = m->len;
	nlh->nlmsg_flags |= NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;

	if (sendto(s->fd, m->buf, m->len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;

	for (;;) {
		size_t off, rem;

		n = recv(s->fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		if ((size_t)n > sizeof(buf))
			return -EMSGSIZE;
		for (off = 0; off + NLMSG_HDRLEN <= (size_t)n;
		     off += NLMSG_ALIGN(nlh->nlmsg_len)) {
			nlh = (struct nlmsghdr *)(buf + off);
			rem = (size_t)n - off;
			if (nlh->nlmsg_len < NLMSG_HDRLEN ||
			    nlh->nlmsg_len > rem)
				return -EBADMSG;
			if (nlh->nlmsg_seq != seq)
				continue;	/* a late answer to an old request */
			err = handle(nlh, ctx);
			if (err)
				return err < 0 ? err : 0;
		}
	}
}

static int transact_msg(const struct nlmsghdr *nlh, void *ctx)
{
	struct nl_reply *r = ctx;

	if (nlh->nlmsg_type == NLMSG_ERROR)
		return parse_ack(nlh, r) ?: 1;
	if (nlh->nlmsg_type == NLMSG_DONE)
		return 1;
	return parse_reply(nlh, r);
}

int nl_transact(struct nl_sock *s, struct nl_msg *m, struct nl_reply *r)
{
	memset(r, 0, sizeof(*r));
	return nl_exchange(s, m, NLM_F_ACK, transact_msg, r);
}

/*
 * The NLMSG_DONE that ends a dump: an int, the dump's negative errno or 0,
 * then, with NLM_F_ACK_TLVS, the extended ack attributes.
 */
static int parse_done(const struct nlmsghdr *nlh, struct nl_reply *r)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = nlh->nlmsg_len;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	const char *msg;
	int error;

	r->acked = true;
	if (len < NLMSG_HDRLEN + sizeof(int))
		return 0;	/* an old kernel's bare DONE: success */
	memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	r->error = -error;
	r->ack_flags = nlh->nlmsg_flags & (NLM_F_CAPPED | NLM_F_ACK_TLVS);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off > len)
		return 0;
	if (parse_lenient((const char *)nlh + off, len - off, tb,
			  NLMSGERR_ATTR_MAX))
		return -EBADMSG;
	msg = nl_attr_str(tb[NLMSGERR_ATTR_MSG]);
	if (msg) {
		r->has_ext_msg = true;
		strncpy(r->ext_msg, msg, sizeof(r->ext_msg) - 1);
	}
	r->has_ext_offs = nl_attr_u32(tb[NLMSGERR_ATTR_OFFS], &r->ext_offs);
	return 0;
}

struct dump_ctx {
	nl_dump_cb cb;
	void *arg;
	struct nl_reply *r;
	int cb_err;	/* the first error of the callback */
};

static int dump_msg(const struct nlmsghdr *nlh, void *ctx)
{
	struct dump_ctx *d = ctx;
	const struct genlmsghdr *g;
	int err;

	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		err = nlh->nlmsg_type == NLMSG_ERROR ? parse_ack(nlh, d->r) :
						       parse_done(nlh, d->r);
		return err ?: 1;
	}
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	d->r->nreplies++;
	g = NLMSG_DATA(nlh);
	err = d->cb(g->cmd, (const char *)g + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, d->arg);
	if (err && !d->cb_err)
		d->cb_err = err;
	return 0;
}

int nl_dump(struct nl_sock *s, struct nl_msg *m, nl_dump_cb cb, void *arg,
	    struct nl_reply *r)
{
	struct dump_ctx d = { .cb = cb, .arg = arg, .r = r };
	int err;

	memset(r, 0, offsetof(struct nl_reply, attrs));
	err = nl_exchange(s, m, NLM_F_DUMP, dump_msg, &d);
	return err ?: d.cb_err;
}

int nl_family_id(struct nl_sock *s, const char *name)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	static struct nl_reply r;
	struct nl_msg m;
	uint16_t id;
	int err;

	nl_msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	nl_put_str(&m, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_transact(s, &m, &r);
	if (err)
		return err;
	if (r.error)
		return -r.error;
	if (!r.nreplies ||
	    parse_lenient(r.attrs, r.attrs_len, tb, CTRL_ATTR_MAX) ||
	    !nl_attr_u16(tb[CTRL_ATTR_FAMILY_ID], &id))
		return -EBADMSG;
	return id;
}
