/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the selftests: no library between the test and
 * the bytes on the socket, so a test can send exactly the malformed message
 * it means to (a missing, oversized, short, unknown or reply-only attribute,
 * an attribute or message length that lies, an unknown command).
 *
 * A message is built front to back in a struct nl_msg: nl_msg_init() writes
 * the netlink and genl headers, nl_put*() append attributes, nl_transact()
 * stamps the header's length (unless told to keep a crafted one), sends with
 * NLM_F_REQUEST | NLM_F_ACK and reads until the ack, collecting the reply's
 * attributes and the error: a positive errno and the extended ack message.
 * nl_dump() sends a dump request (NLM_F_DUMP) and hands each message of the
 * answer to a callback. A struct nl_sock is one netlink port: keep it open
 * across requests to hold a conversation (a policy transaction belongs to
 * its socket), close it to end one.
 */
#ifndef IPCWALL_SELFTESTS_NETLINK_H
#define IPCWALL_SELFTESTS_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

/* Room for the largest request: a policy chunk of 32 KiB and its headers. */
#define NL_MSG_MAX 36864
#define NL_REPLY_MAX 16384
/* What one recv() may bring: a dump packs messages up to about 32 KiB. */
#define NL_RECV_MAX 65536
#define NL_NEST_MAX 8

struct nl_sock {
	int fd;
	uint32_t seq;
};

struct nl_msg {
	unsigned char buf[NL_MSG_MAX];
	size_t len;
	size_t nest[NL_NEST_MAX];	/* offsets of open nests */
	unsigned int depth;
	bool keep_len;			/* nlmsg_len was crafted: send as is */
	bool overflow;			/* an nl_put*() did not fit */
};

struct nl_reply {
	bool acked;		/* an NLMSG_ERROR answered the request */
	int error;		/* its errno, positive; 0 on success */
	uint16_t ack_flags;	/* NLM_F_CAPPED, NLM_F_ACK_TLVS */
	bool has_ext_msg;
	char ext_msg[512];	/* NLMSGERR_ATTR_MSG, "" when absent */
	bool has_ext_offs;
	uint32_t ext_offs;	/* NLMSGERR_ATTR_OFFS: offset of the bad attr */
	unsigned int nreplies;	/* messages of the family before the ack */
	uint8_t cmd;		/* genl command of the first reply */
	size_t attrs_len;	/* attributes of the first reply */
	unsigned char attrs[NL_REPLY_MAX];
};

/* Socket: NETLINK_GENERIC, NETLINK_EXT_ACK on, receive timeout in ms. */
int nl_open(struct nl_sock *s, int timeout_ms);
void nl_close(struct nl_sock *s);

/* Family id by name (CTRL_CMD_GETFAMILY), or a negative errno. */
int nl_family_id(struct nl_sock *s, const char *name);

/* Message building. */
void nl_msg_init(struct nl_msg *m, uint16_t type, uint8_t cmd,
		 uint8_t version);
void nl_put_bytes(struct nl_msg *m, const void *data, size_t len);
void nl_put_attr_raw(struct nl_msg *m, uint16_t nla_len, uint16_t nla_type,
		     const void *data, size_t data_len);
void nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len);
void nl_put_u8(struct nl_msg *m, uint16_t type, uint8_t v);
void nl_put_u16(struct nl_msg *m, uint16_t type, uint16_t v);
void nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v);
void nl_put_u64(struct nl_msg *m, uint16_t type, uint64_t v);
void nl_put_str(struct nl_msg *m, uint16_t type, const char *s);
void nl_nest_start(struct nl_msg *m, uint16_t type);
void nl_nest_end(struct nl_msg *m);
/* Crafts nlmsg_len; nl_transact() then sends m->len bytes unchanged. */
void nl_msg_set_len(struct nl_msg *m, uint32_t nlmsg_len);

/*
 * Sends m and reads the answer into r. Returns 0 when an ack arrived (its
 * errno, possibly 0, is in r->error), or a negative errno when none did:
 * -EAGAIN when nothing came within the socket's timeout.
 */
int nl_transact(struct nl_sock *s, struct nl_msg *m, struct nl_reply *r);

/*
 * Called by nl_dump() for each message of the family in the answer, with
 * its genl command and attributes; a non-zero return is kept and returned
 * by nl_dump() once the dump is over.
 */
typedef int (*nl_dump_cb)(uint8_t cmd, const void *attrs, size_t len,
			  void *arg);

/*
 * Sends m with NLM_F_DUMP and reads the answer to its end: NLMSG_DONE, or
 * an NLMSG_ERROR when the dump could not start. r gets the error (that of
 * either, positive), the extended ack message and r->nreplies, the number
 * of messages handed to cb; r->attrs is not filled. Returns 0 when the
 * answer ended (r->error says how), the first non-zero return of cb, or a
 * negative errno when no end came: -EAGAIN after the socket's timeout.
 */
int nl_dump(struct nl_sock *s, struct nl_msg *m, nl_dump_cb cb, void *arg,
	    struct nl_reply *r);

/* Parsing received attributes. */
#define nl_for_each_attr(pos, data, len, rem)				\
	for ((pos) = (const struct nlattr *)(data), (rem) = (int)(len);\
	     nl_attr_ok(pos, rem);					\
	     (rem) -= NLA_ALIGN((pos)->nla_len),			\
	     (pos) = (const struct nlattr *)((const char *)(pos) +	\
					     NLA_ALIGN((pos)->nla_len)))

bool nl_attr_ok(const struct nlattr *a, int rem);
/*
 * Fills tb[0..max] with the last attribute of each type (type bits only,
 * NLA_F_NESTED masked). Returns 0, or -EINVAL when an attribute is
 * malformed, bytes are left over, or a type exceeds max.
 */
int nl_parse(const void *data, size_t len, const struct nlattr **tb, int max);
int nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		    int max);
const void *nl_attr_data(const struct nlattr *a);
size_t nl_attr_len(const struct nlattr *a);
/* Each getter returns false when the payload has the wrong size. */
bool nl_attr_u8(const struct nlattr *a, uint8_t *v);
bool nl_attr_u16(const struct nlattr *a, uint16_t *v);
bool nl_attr_u32(const struct nlattr *a, uint32_t *v);
bool nl_attr_u64(const struct nlattr *a, uint64_t *v);
/* The string, or NULL unless NUL-terminated within the payload. */
const char *nl_attr_str(const struct nlattr *a);

const char *nl_strerror(int error);

#endif /* IPCWALL_SELFTESTS_NETLINK_H */
