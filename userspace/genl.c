// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink facade: everything that knows about sockets, family ids,
 * acks and extended acks lives here, so that subcommands only build
 * attributes and read replies.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "../kmod/limits.h"
#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "kmod_load.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Reads without the answer completing before the exchange is given up. */
#define MAX_READS 16

struct ipcwall_genl {
	struct nl_sock *sk;
	int family;
};

/*
 * libnl folds errno values into its own codes; map back the ones it can
 * produce on the paths we use so callers deal with errno only.
 */
static int nle_to_errno(int nle)
{
	static const int map[] = {
		[NLE_INTR] = EINTR,
		[NLE_BAD_SOCK] = EBADF,
		[NLE_AGAIN] = EAGAIN,
		[NLE_NOMEM] = ENOMEM,
		[NLE_EXIST] = EEXIST,
		[NLE_INVAL] = EINVAL,
		[NLE_RANGE] = ERANGE,
		[NLE_MSGSIZE] = EMSGSIZE,
		[NLE_OPNOTSUPP] = EOPNOTSUPP,
		[NLE_AF_NOSUPPORT] = EAFNOSUPPORT,
		[NLE_OBJ_NOTFOUND] = ENOENT,
		[NLE_MSG_TRUNC] = EMSGSIZE,
		[NLE_MSG_TOOSHORT] = EBADMSG,
		[NLE_SEQ_MISMATCH] = EBADMSG,
		[NLE_MSG_OVERFLOW] = ENOBUFS,
		[NLE_PROTO_MISMATCH] = EPROTONOSUPPORT,
		[NLE_NOACCESS] = EACCES,
		[NLE_PERM] = EPERM,
		[NLE_BUSY] = EBUSY,
		[NLE_NODEV] = ENODEV,
	};

	if (nle < 0)
		nle = -nle;
	if ((size_t)nle < ARRAY_SIZE(map) && map[nle])
		return map[nle];
	return EIO;
}

/* ---- Extended acks, parsed from raw bytes ---- */

static void extack_take(uint16_t type, const unsigned char *data, size_t len,
			struct ipcwall_extack *ext)
{
	size_t n;

	switch (type) {
	case NLMSGERR_ATTR_MSG:
		if (!len)
			return;
		/* The kernel NUL-terminates; never rely on it. */
		n = strnlen((const char *)data, len);
		if (n > sizeof(ext->msg) - 1)
			n = sizeof(ext->msg) - 1;
		memcpy(ext->msg, data, n);
		ext->msg[n] = '\0';
		ext->has_msg = true;
		break;
	case NLMSGERR_ATTR_OFFS:
		if (len != sizeof(uint32_t))
			return;
		memcpy(&ext->offs, data, sizeof(uint32_t));
		ext->has_offs = true;
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (len != sizeof(uint32_t))
			return;
		memcpy(&ext->miss_type, data, sizeof(uint32_t));
		ext->has_miss_type = true;
		break;
	}
}

/*
 * Walks the TLVs with explicit bounds: a malformed one ends the walk and
 * keeps what was understood so far, since the errno alone still stands.
 */
static void extack_walk(const unsigned char *p, size_t len,
			struct ipcwall_extack *ext)
{
	struct nlattr nla;
	size_t alen;

	while (len >= sizeof(nla)) {
		memcpy(&nla, p, sizeof(nla));
		alen = nla.nla_len;
		if (alen < sizeof(nla) || alen > len)
			return;
		extack_take(nla.nla_type & NLA_TYPE_MASK, p + sizeof(nla),
			    alen - sizeof(nla), ext);
		alen = NLA_ALIGN(alen);
		if (alen >= len)
			return;
		p += alen;
		len -= alen;
	}
}

/**
 * ipcwall_extack_parse() - read an NLMSG_ERROR message and its extended ack
 * @buf:	the message, starting at its struct nlmsghdr; any alignment
 * @len:	bytes readable at @buf; nlmsg_len is trusted only below it
 * @ext:	result, zeroed first
 *
 * Return: 0 when @buf holds an NLMSG_ERROR (ext->error is then its errno,
 * and any TLVs that could be read are in @ext), -EBADMSG otherwise.
 */
int ipcwall_extack_parse(const void *buf, size_t len,
			 struct ipcwall_extack *ext)
{
	const unsigned char *p = buf;
	struct nlmsghdr nlh;
	struct nlmsgerr err;
	size_t off, echoed;

	memset(ext, 0, sizeof(*ext));
	if (!buf || len < NLMSG_HDRLEN + sizeof(err))
		return -EBADMSG;
	memcpy(&nlh, p, sizeof(nlh));
	if (nlh.nlmsg_type != NLMSG_ERROR ||
	    nlh.nlmsg_len < NLMSG_HDRLEN + sizeof(err))
		return -EBADMSG;
	if (nlh.nlmsg_len < len)
		len = nlh.nlmsg_len;
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(err));
	/* Negative by convention; a positive value is taken at face value. */
	ext->error = err.error < 0 ? -err.error : err.error;
	if (!(nlh.nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	/* The TLVs follow our own request, echoed unless it was capped. */
	off = NLMSG_HDRLEN + sizeof(err);
	if (!(nlh.nlmsg_flags & NLM_F_CAPPED)) {
		if (err.msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		echoed = err.msg.nlmsg_len - NLMSG_HDRLEN;
		if (echoed > len - off)
			return 0;
		off += echoed;
	}
	off = NLMSG_ALIGN(off);
	if (off < len)
		extack_walk(p + off, len - off, ext);
	return 0;
}

/*
 * The module names the ABI version it speaks in its message, after the
 * word "speaks" (uapi/ipcwall.h); take the first number that follows.
 * Returns 0 and sets *abi, or -ENOENT when the message names none.
 */
int ipcwall_abi_from_message(const char *msg, unsigned int *abi)
{
	const char *p, *next;
	unsigned long v;
	char *end;

	if (!msg)
		return -ENOENT;
	p = strstr(msg, "speaks");
	if (!p)
		return -ENOENT;
	while ((next = strstr(p + 1, "speaks")))
		p = next;
	while (*p && !isdigit((unsigned char)*p))
		p++;
	if (!*p)
		return -ENOENT;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || v > UINT_MAX)
		return -ENOENT;
	*abi = v;
	return 0;
}

static void hint_abi(FILE *f, const struct ipcwall_extack *ext)
{
	unsigned int abi;

	if (ext && ext->has_msg && !ipcwall_abi_from_message(ext->msg, &abi) &&
	    abi != IPCWALL_ABI_VERSION) {
		fprintf(f, "%s: hint: this tool speaks ABI version %u and the module speaks ABI version %u: upgrade the %s\n",
			PROG_NAME, IPCWALL_ABI_VERSION, abi,
			abi > IPCWALL_ABI_VERSION ? "ipcwall tool" : "ipcwall module");
		return;
	}
	fprintf(f, "%s: hint: the tool and the module speak different ABI versions (this tool speaks ABI version %u): upgrade whichever is older\n",
		PROG_NAME, IPCWALL_ABI_VERSION);
}

/**
 * ipcwall_report() - print why a request failed, with a hint when one helps
 * @f:		where to print, normally stderr
 * @what:	what failed, used when the kernel gave no message
 * @err:	positive errno
 * @ext:	the kernel's extended ack, or NULL
 */
void ipcwall_report(FILE *f, const char *what, int err,
		    const struct ipcwall_extack *ext)
{
	if (ext && ext->has_msg)
		fprintf(f, "%s: kernel reports: %s", PROG_NAME, ext->msg);
	else if (ext && ext->has_miss_type)
		fprintf(f, "%s: %s: kernel reports missing attribute %u",
			PROG_NAME, what, ext->miss_type);
	else
		fprintf(f, "%s: %s", PROG_NAME, what);
	if (ext && ext->has_attr)
		fprintf(f, " (attribute %u of the request)", ext->attr);
	fprintf(f, ": %s\n", strerror(err));

	if (err == EPROTONOSUPPORT)
		hint_abi(f, ext);
	else if (err == EPERM)
		fprintf(f, "%s: hint: ipcwall needs CAP_MAC_ADMIN (run as root)\n",
			PROG_NAME);
}

/* ---- Requests ---- */

/*
 * Builds a request for @cmd to @family with IPCWALL_A_ABI_VERSION attached,
 * which the module requires on every command. NULL when out of memory.
 */
struct nl_msg *ipcwall_genl_build(int family, uint8_t cmd)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
			 IPCWALL_GENL_VERSION) ||
	    nla_put_u32(msg, IPCWALL_A_ABI_VERSION, IPCWALL_ABI_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *ipcwall_genl_request(struct ipcwall_genl *g, uint8_t cmd)
{
	return ipcwall_genl_build(g->family, cmd);
}

/* What one request/answer exchange collected. */
struct exchange {
	int family;
	struct nl_msg *reply;
	struct ipcwall_extack *ext;
	int error;		/* negative errno, 0 so far */
	bool done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;

	/* One request, one reply: anything else is not ours to guess at. */
	if (nlmsg_hdr(msg)->nlmsg_type != x->family || x->reply) {
		x->error = -EBADMSG;
		x->done = true;
		return NL_STOP;
	}
	nlmsg_get(msg);
	x->reply = msg;
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

/* libnl hands us the nlmsgerr only; its header sits right before it. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct exchange *x = arg;

	(void)who;
	if (ipcwall_extack_parse(nlh, nlh->nlmsg_len, x->ext) ||
	    !x->ext->error)
		x->ext->error = EBADMSG;
	x->error = -x->ext->error;
	x->done = true;
	return NL_STOP;
}

/* Names the attribute NLMSGERR_ATTR_OFFS points at, if it is in @req. */
static void locate_attr(struct nl_msg *req, struct ipcwall_extack *ext)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct nlattr nla;

	if (!ext->has_offs || ext->offs < NLMSG_HDRLEN + GENL_HDRLEN ||
	    ext->offs > nlh->nlmsg_len ||
	    nlh->nlmsg_len - ext->offs < sizeof(nla))
		return;
	memcpy(&nla, (const char *)nlh + ext->offs, sizeof(nla));
	ext->attr = nla.nla_type & NLA_TYPE_MASK;
	ext->has_attr = true;
}

/**
 * ipcwall_genl_call() - send a request and wait for its answer
 * @g:		an open family
 * @req:	from ipcwall_genl_request(); still the caller's to free
 * @reply:	the reply message, if the command sends one; free it with
 *		nlmsg_free(). May be NULL when no reply is wanted.
 * @ext:	filled with the kernel's extended ack when it refuses
 *
 * Return: 0, or a negative errno. When the kernel refused, the errno is
 * the kernel's and @ext holds its message; print with ipcwall_report().
 */
int ipcwall_genl_call(struct ipcwall_genl *g, struct nl_msg *req,
		      struct nl_msg **reply, struct ipcwall_extack *ext)
{
	struct exchange x = { .family = g->family, .ext = ext };
	struct nl_cb *sock_cb, *cb;
	unsigned int reads;
	int err;

	memset(ext, 0, sizeof(*ext));
	/* nl_socket_get_cb() takes a reference; the clone is ours alone. */
	sock_cb = nl_socket_get_cb(g->sk);
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &x);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &x);

	err = nl_send_auto(g->sk, req);
	for (reads = 0; err >= 0 && !x.done; reads++) {
		/* A reply and an ack are expected; never wait on forever. */
		if (reads == MAX_READS) {
			x.error = -EPROTO;
			break;
		}
		err = nl_recvmsgs(g->sk, cb);
	}
	nl_cb_put(cb);

	if (!x.error && err < 0)
		x.error = -nle_to_errno(err);
	if (x.error) {
		locate_attr(req, ext);
		nlmsg_free(x.reply);
		return x.error;
	}
	if (reply)
		*reply = x.reply;
	else
		nlmsg_free(x.reply);
	return 0;
}

/* ---- Policies: the load transaction and the dump ---- */

int ipcwall_reply_generation(struct nl_msg *reply, uint64_t *generation)
{
	struct nlmsghdr *nlh = nlmsg_hdr(reply);
	struct nlattr *nla;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(nla) == IPCWALL_A_POLICY_GENERATION &&
		    nla_len(nla) == sizeof(uint64_t)) {
			*generation = nla_get_u64(nla);
			return 0;
		}
	}
	return -EBADMSG;
}

/* Sends one step of a transaction; @what names it for the report. */
static int step(struct ipcwall_genl *g, struct nl_msg *req,
		struct nl_msg **reply, struct ipcwall_extack *ext,
		const char *step_what, const char **what)
{
	int err;

	*what = step_what;
	if (!req) {
		memset(ext, 0, sizeof(*ext));
		return -ENOMEM;
	}
	err = ipcwall_genl_call(g, req, reply, ext);
	nlmsg_free(req);
	return err;
}

int ipcwall_genl_policy_load(struct ipcwall_genl *g, const void *buf,
			     size_t len, uint64_t *generation,
			     struct ipcwall_extack *ext, const char **what)
{
	struct nl_msg *req, *reply = NULL;
	size_t off, n;
	int err;

	if (len > IPCWALL_MAX_POLICY_SIZE) {
		memset(ext, 0, sizeof(*ext));
		*what = "the compiled policy is too large";
		return -E2BIG;
	}
	req = ipcwall_genl_request(g, IPCWALL_CMD_POLICY_BEGIN);
	if (req && nla_put_u32(req, IPCWALL_A_POLICY_SIZE, len)) {
		nlmsg_free(req);
		req = NULL;
	}
	err = step(g, req, NULL, ext, "cannot begin loading the policy",
		   what);
	for (off = 0; !err && off < len; off += n) {
		n = len - off;
		if (n > IPCWALL_POLICY_CHUNK_MAX)
			n = IPCWALL_POLICY_CHUNK_MAX;
		/* Room for the chunk and its headers: more than a page. */
		req = nlmsg_alloc_size(n + 4096);
		if (req && (!genlmsg_put(req, NL_AUTO_PORT, NL_AUTO_SEQ,
					 g->family, 0, 0,
					 IPCWALL_CMD_POLICY_CHUNK,
					 IPCWALL_GENL_VERSION) ||
			    nla_put_u32(req, IPCWALL_A_ABI_VERSION,
					IPCWALL_ABI_VERSION) ||
			    nla_put_u32(req, IPCWALL_A_POLICY_OFFSET, off) ||
			    nla_put(req, IPCWALL_A_POLICY_DATA, n,
				    (const char *)buf + off))) {
			nlmsg_free(req);
			req = NULL;
		}
		err = step(g, req, NULL, ext,
			   "cannot send the policy to the module", what);
	}
	if (err)
		return err;
	err = step(g, ipcwall_genl_request(g, IPCWALL_CMD_POLICY_COMMIT),
		   &reply, ext, "cannot load the policy", what);
	if (err)
		return err;
	if (!reply || ipcwall_reply_generation(reply, generation)) {
		nlmsg_free(reply);
		*what = "the module loaded the policy but did not say its generation";
		memset(ext, 0, sizeof(*ext));
		return -EBADMSG;
	}
	nlmsg_free(reply);
	return 0;
}

/*
 * What a dump collected so far: the policy (POLICY_GET) or the processes
 * (TASK_GET), whichever the dump is of.
 */
struct dump {
	int family;
	struct ipcwall_extack *ext;
	unsigned char *buf;
	size_t size, got;
	uint64_t generation;
	bool started;
	struct ipcwall_tasks *tasks;
	bool changed;		/* TASK_GET: a message of a newer generation */
	int error;		/* negative errno, 0 so far */
	bool done;
	char *why;
	size_t whylen;
};

static int __attribute__((format(printf, 2, 3)))
dump_fail(struct dump *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->why, d->whylen, fmt, ap);
	va_end(ap);
	d->error = -EBADMSG;
	d->done = true;
	return NL_STOP;
}

static int dump_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[IPCWALL_A_MAX + 1] = { NULL }, *nla;
	struct dump *d = arg;
	uint64_t generation;
	uint32_t size, off;
	size_t n;
	int rem, type;

	if (nlh->nlmsg_type != d->family || !genlmsg_valid_hdr(nlh, 0))
		return dump_fail(d, "a message that is not the family's");
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		type = nla_type(nla);
		if (!type && !nla_len(nla))
			continue;	/* the pad before a u64 */
		if (type != IPCWALL_A_POLICY_GENERATION &&
		    type != IPCWALL_A_POLICY_SIZE &&
		    type != IPCWALL_A_POLICY_OFFSET &&
		    type != IPCWALL_A_POLICY_DATA)
			return dump_fail(d, "unexpected attribute type %d", type);
		if (tb[type])
			return dump_fail(d, "attribute %d appears twice", type);
		tb[type] = nla;
	}
	if (!tb[IPCWALL_A_POLICY_GENERATION] || !tb[IPCWALL_A_POLICY_SIZE] ||
	    !tb[IPCWALL_A_POLICY_OFFSET] || !tb[IPCWALL_A_POLICY_DATA] ||
	    nla_len(tb[IPCWALL_A_POLICY_GENERATION]) != sizeof(uint64_t) ||
	    nla_len(tb[IPCWALL_A_POLICY_SIZE]) != sizeof(uint32_t) ||
	    nla_len(tb[IPCWALL_A_POLICY_OFFSET]) != sizeof(uint32_t))
		return dump_fail(d, "a message lacks the generation, size, offset or data, or has one of the wrong size");
	generation = nla_get_u64(tb[IPCWALL_A_POLICY_GENERATION]);
	size = nla_get_u32(tb[IPCWALL_A_POLICY_SIZE]);
	off = nla_get_u32(tb[IPCWALL_A_POLICY_OFFSET]);
	n = nla_len(tb[IPCWALL_A_POLICY_DATA]);
	if (!d->started) {
		if (size > IPCWALL_MAX_POLICY_SIZE)
			return dump_fail(d, "a policy of %u bytes, past the limit of %u",
					 size, IPCWALL_MAX_POLICY_SIZE);
		d->buf = malloc(size ? size : 1);
		if (!d->buf) {
			d->error = -ENOMEM;
			d->done = true;
			return NL_STOP;
		}
		d->size = size;
		d->generation = generation;
		d->started = true;
	}
	if (generation != d->generation || size != d->size)
		return dump_fail(d, "the messages are of different policies (generation %llu then %llu)",
				 (unsigned long long)d->generation,
				 (unsigned long long)generation);
	if (off != d->got || n > d->size - d->got)
		return dump_fail(d, "%zu bytes at offset %u, expected data at offset %zu of %zu",
				 n, off, d->got, d->size);
	memcpy(d->buf + d->got, nla_data(tb[IPCWALL_A_POLICY_DATA]), n);
	d->got += n;
	return NL_OK;
}

/* NLMSG_DONE carries the dump's error, and then maybe extended acks. */
static int dump_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct dump *d = arg;
	size_t off = NLMSG_HDRLEN + sizeof(int);
	int err = 0;

	d->done = true;
	if (nlh->nlmsg_len >= off)
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err >= 0)
		return NL_STOP;
	memset(d->ext, 0, sizeof(*d->ext));
	d->ext->error = -err;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && nlh->nlmsg_len > off)
		extack_walk((const unsigned char *)nlh + NLMSG_ALIGN(off),
			    nlh->nlmsg_len - NLMSG_ALIGN(off), d->ext);
	d->error = err;
	return NL_STOP;
}

static int dump_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct dump *d = arg;

	(void)who;
	if (ipcwall_extack_parse(nlh, nlh->nlmsg_len, d->ext) ||
	    !d->ext->error)
		d->ext->error = EBADMSG;
	d->error = -d->ext->error;
	d->done = true;
	return NL_STOP;
}

/*
 * Sends the dump request @cmd and reads its answer to the end, @valid
 * taking each message. Returns 0, or a negative errno with d->ext and
 * d->why filled as the callbacks left them.
 */
static int run_dump(struct ipcwall_genl *g, uint8_t cmd, nl_recvmsg_msg_cb_t valid,
		    struct dump *d)
{
	struct nl_cb *sock_cb, *cb;
	struct nl_msg *req;
	int err;

	memset(d->ext, 0, sizeof(*d->ext));
	req = ipcwall_genl_request(g, cmd);
	if (!req)
		return -ENOMEM;
	nlmsg_hdr(req)->nlmsg_flags |= NLM_F_DUMP;
	sock_cb = nl_socket_get_cb(g->sk);
	cb = nl_cb_clone(sock_cb);
	nl_cb_put(sock_cb);
	if (!cb) {
		nlmsg_free(req);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, d);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, dump_finish, d);
	nl_cb_err(cb, NL_CB_CUSTOM, dump_error, d);

	/* A dump ends with NLMSG_DONE, never with an ack. */
	nl_socket_disable_auto_ack(g->sk);
	err = nl_send_auto(g->sk, req);
	nl_socket_enable_auto_ack(g->sk);
	nlmsg_free(req);
	/* Each call reads until the dump ends or a callback stops it. */
	while (err >= 0 && !d->done)
		err = nl_recvmsgs(g->sk, cb);
	nl_cb_put(cb);

	if (!d->error && err < 0)
		d->error = -nle_to_errno(err);
	return d->error;
}

int ipcwall_genl_policy_get(struct ipcwall_genl *g, void **buf, size_t *len,
			    uint64_t *generation, struct ipcwall_extack *ext,
			    char *why, size_t whylen)
{
	struct dump d = {
		.family = g->family, .ext = ext, .why = why, .whylen = whylen,
	};

	run_dump(g, IPCWALL_CMD_POLICY_GET, dump_valid, &d);
	if (!d.error && !d.started) {
		snprintf(why, whylen, "the dump ended without a policy");
		d.error = -EBADMSG;
	}
	if (!d.error && d.got != d.size) {
		snprintf(why, whylen, "the dump ended after %zu of %zu bytes",
			 d.got, d.size);
		d.error = -EBADMSG;
	}
	if (d.error) {
		free(d.buf);
		return d.error;
	}
	*buf = d.buf;
	*len = d.size;
	*generation = d.generation;
	return 0;
}

/* ---- Processes and their groups ---- */

static const struct nla_policy task_policy[IPCWALL_TASK_A_MAX + 1] = {
	[IPCWALL_TASK_A_PID] = { .type = NLA_U32 },
	[IPCWALL_TASK_A_GROUP] = { .type = NLA_STRING },
	[IPCWALL_TASK_A_LAUNCHED] = { .type = NLA_U8 },
};

static int __attribute__((format(printf, 3, 4)))
tasks_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* One IPCWALL_A_TASK nest into @task; every attribute checked. */
static int parse_task(const struct nlattr *nest, struct ipcwall_task *task,
		      char *why, size_t whylen)
{
	struct nlattr *tb[IPCWALL_TASK_A_MAX + 1] = { NULL }, *nla;
	int rem, type;
	size_t n;

	nla_for_each_nested(nla, nest, rem) {
		type = nla_type(nla);
		if (!type && !nla_len(nla))
			continue;
		if (type < 1 || type > IPCWALL_TASK_A_MAX)
			return tasks_fail(why, whylen, "unexpected attribute type %d in a process",
					  type);
		if (tb[type])
			return tasks_fail(why, whylen, "attribute %d appears twice in a process",
					  type);
		tb[type] = nla;
	}
	if (!tb[IPCWALL_TASK_A_PID] || !tb[IPCWALL_TASK_A_LAUNCHED] ||
	    nla_len(tb[IPCWALL_TASK_A_PID]) != sizeof(uint32_t) ||
	    nla_len(tb[IPCWALL_TASK_A_LAUNCHED]) != sizeof(uint8_t))
		return tasks_fail(why, whylen, "a process lacks its pid or launched flag, or has one of the wrong size");
	memset(task, 0, sizeof(*task));
	task->pid = nla_get_u32(tb[IPCWALL_TASK_A_PID]);
	switch (nla_get_u8(tb[IPCWALL_TASK_A_LAUNCHED])) {
	case 0:
		break;
	case 1:
		task->launched = true;
		break;
	default:
		return tasks_fail(why, whylen, "process %u has launched flag %u, expected 0 or 1",
				  task->pid, nla_get_u8(tb[IPCWALL_TASK_A_LAUNCHED]));
	}
	nla = tb[IPCWALL_TASK_A_GROUP];
	if (!nla)
		return 0;
	/* Exactly a name and its NUL: nothing hidden after an inner NUL. */
	n = nla_len(nla);
	if (n < 2 || n > sizeof(task->group) ||
	    strnlen(nla_data(nla), n) != n - 1)
		return tasks_fail(why, whylen, "process %u has a group name that is empty, too long or not one string",
				  task->pid);
	memcpy(task->group, nla_data(nla), n);
	task->has_group = true;
	return 0;
}

static int tasks_grow(struct ipcwall_tasks *t)
{
	struct ipcwall_task *p;
	size_t cap = t->cap ? t->cap * 2 : 256;

	p = realloc(t->tasks, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	t->tasks = p;
	t->cap = cap;
	return 0;
}

/**
 * ipcwall_tasks_parse() - take one message of a TASK_GET dump
 * @nlh:	the message; its nlmsg_len bytes must be readable
 * @t:		the processes so far, which this message's are added to
 * @why:	on -EBADMSG, what was wrong
 * @whylen:	size of @why
 *
 * Pids must keep increasing, across messages too: the module lists them
 * in order, so anything else is a reply the tool does not understand.
 *
 * Return: 0; -EAGAIN when the message belongs to another generation than
 * the ones before it (then nothing was added); -ENOMEM; -EBADMSG.
 */
int ipcwall_tasks_parse(const struct nlmsghdr *nlh, struct ipcwall_tasks *t,
			char *why, size_t whylen)
{
	struct nlattr *tb[IPCWALL_A_MAX + 1] = { NULL }, *nla;
	struct nlmsghdr *h = (struct nlmsghdr *)nlh;
	struct ipcwall_task task;
	uint64_t generation;
	size_t first = t->n;
	int rem, type, err;

	if (!genlmsg_valid_hdr(h, 0))
		return tasks_fail(why, whylen, "a message too short for its header");
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(h), 0),
			  genlmsg_attrlen(nlmsg_data(h), 0), rem) {
		type = nla_type(nla);
		if (!type && !nla_len(nla))
			continue;	/* the pad before a u64 */
		if (type != IPCWALL_A_POLICY_GENERATION &&
		    type != IPCWALL_A_TASKS)
			return tasks_fail(why, whylen, "unexpected attribute type %d", type);
		if (tb[type])
			return tasks_fail(why, whylen, "attribute %d appears twice", type);
		tb[type] = nla;
	}
	if (!tb[IPCWALL_A_POLICY_GENERATION] || !tb[IPCWALL_A_TASKS] ||
	    nla_len(tb[IPCWALL_A_POLICY_GENERATION]) != sizeof(uint64_t))
		return tasks_fail(why, whylen, "a message lacks the generation or the processes, or has a generation of the wrong size");
	generation = nla_get_u64(tb[IPCWALL_A_POLICY_GENERATION]);
	if (t->started && generation != t->generation)
		return -EAGAIN;

	nla_for_each_nested(nla, tb[IPCWALL_A_TASKS], rem) {
		if (!nla_type(nla) && !nla_len(nla))
			continue;
		if (nla_type(nla) != IPCWALL_A_TASK) {
			err = tasks_fail(why, whylen, "attribute type %d among the processes, expected only IPCWALL_A_TASK",
					 nla_type(nla));
			goto undo;
		}
		err = nla_validate(nla_data(nla), nla_len(nla),
				   IPCWALL_TASK_A_MAX, task_policy);
		if (!err)
			err = parse_task(nla, &task, why, whylen);
		else
			err = tasks_fail(why, whylen, "a process does not parse");
		if (err)
			goto undo;
		if (t->n && task.pid <= t->tasks[t->n - 1].pid) {
			err = tasks_fail(why, whylen, "process %u after process %u: pids out of order",
					 task.pid, t->tasks[t->n - 1].pid);
			goto undo;
		}
		if (t->n == t->cap) {
			err = tasks_grow(t);
			if (err)
				goto undo;
		}
		t->tasks[t->n++] = task;
	}
	t->generation = generation;
	t->started = true;
	return 0;
undo:
	t->n = first;
	return err;
}

void ipcwall_tasks_free(struct ipcwall_tasks *t)
{
	free(t->tasks);
	memset(t, 0, sizeof(*t));
}

/*
 * A newer generation is remembered, not fatal: the rest of the dump is
 * still read, so that the socket is clean for the next try.
 */
static int task_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct dump *d = arg;
	int err;

	if (nlh->nlmsg_type != d->family)
		return dump_fail(d, "a message that is not the family's");
	if (d->changed)
		return NL_OK;
	err = ipcwall_tasks_parse(nlh, d->tasks, d->why, d->whylen);
	if (err == -EAGAIN) {
		d->changed = true;
		return NL_OK;
	}
	if (err) {
		d->error = err;
		d->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

int ipcwall_genl_task_get(struct ipcwall_genl *g, struct ipcwall_tasks *t,
			  struct ipcwall_extack *ext, char *why, size_t whylen)
{
	struct dump d;
	int tries, err;

	for (tries = 0; tries < IPCWALL_TASK_GET_TRIES; tries++) {
		ipcwall_tasks_free(t);
		d = (struct dump){
			.family = g->family, .ext = ext, .why = why,
			.whylen = whylen, .tasks = t,
		};
		err = run_dump(g, IPCWALL_CMD_TASK_GET, task_valid, &d);
		if (err)
			break;
		if (!t->started) {
			snprintf(why, whylen, "the dump ended without a message");
			err = -EBADMSG;
			break;
		}
		if (!d.changed)
			return 0;
		err = -EAGAIN;
	}
	ipcwall_tasks_free(t);
	return err;
}

int ipcwall_genl_group_join(struct ipcwall_genl *g, const char *group,
			    uint64_t *generation, struct ipcwall_extack *ext)
{
	struct nl_msg *req, *reply = NULL;
	int err;

	memset(ext, 0, sizeof(*ext));
	req = ipcwall_genl_request(g, IPCWALL_CMD_GROUP_JOIN);
	if (!req)
		return -ENOMEM;
	if (nla_put_string(req, IPCWALL_A_GROUP_NAME, group)) {
		nlmsg_free(req);
		return -ENOMEM;
	}
	err = ipcwall_genl_call(g, req, &reply, ext);
	nlmsg_free(req);
	if (err)
		return err;
	if (!reply || ipcwall_reply_generation(reply, generation))
		err = -EBADMSG;
	nlmsg_free(reply);
	return err;
}

/* ---- Opening the family ---- */

int ipcwall_genl_policy_read(struct ipcwall_genl *g, void **buf, size_t *len,
			     uint64_t *generation)
{
	struct ipcwall_extack ext;
	char why[256] = "";
	int err;

	err = ipcwall_genl_policy_get(g, buf, len, generation, &ext, why,
				      sizeof(why));
	if (err == -EBADMSG && why[0])
		fprintf(stderr, "%s: cannot understand the module's copy of the policy: %s\n",
			PROG_NAME, why);
	else if (err && err != -ENOENT)
		ipcwall_report(stderr, "cannot read the policy back", -err,
			       &ext);
	return err;
}

static int resolve(struct ipcwall_genl *g)
{
	int id = genl_ctrl_resolve(g->sk, IPCWALL_GENL_NAME);

	if (id >= 0)
		g->family = id;
	return id;
}

/*
 * A missing family means the module is not loaded: load it and ask again.
 * Every failure is reported here, since only here is it known which.
 */
static int find_family(struct ipcwall_genl *g, bool load)
{
	int err;

	err = resolve(g);
	if (err >= 0)
		return 0;
	if (err != -NLE_OBJ_NOTFOUND)
		goto fail;
	if (!load) {
		fprintf(stderr, "%s: the ipcwall module is not loaded\n",
			PROG_NAME);
		return -ENOENT;
	}

	err = ipcwall_kmod_load();
	if (err)
		return err;
	err = resolve(g);
	if (err >= 0)
		return 0;
	if (err == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr, "%s: the ipcwall module is loaded but its generic netlink family `%s' is not registered; check dmesg\n",
			PROG_NAME, IPCWALL_GENL_NAME);
		return -ENOENT;
	}
fail:
	fprintf(stderr, "%s: cannot look up generic netlink family `%s': %s\n",
		PROG_NAME, IPCWALL_GENL_NAME, nl_geterror(err));
	return -nle_to_errno(err);
}

static int open_socket(struct ipcwall_genl *g)
{
	int one = 1;
	int err;

	g->sk = nl_socket_alloc();
	if (!g->sk) {
		fprintf(stderr, "%s: cannot allocate a netlink socket: %s\n",
			PROG_NAME, strerror(ENOMEM));
		return -ENOMEM;
	}
	err = genl_connect(g->sk);
	if (err < 0) {
		fprintf(stderr, "%s: cannot open a generic netlink socket: %s\n",
			PROG_NAME, nl_geterror(err));
		return -nle_to_errno(err);
	}
	/*
	 * Without extended acks the module's explanations are lost, but the
	 * errno still arrives: carry on silently on kernels that lack them.
	 */
	setsockopt(nl_socket_get_fd(g->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	/* Peek at each message's size first so none is ever truncated. */
	nl_socket_enable_msg_peek(g->sk);
	return 0;
}

static int open_family(struct ipcwall_genl **gp, bool load)
{
	struct ipcwall_genl *g;
	int err;

	g = calloc(1, sizeof(*g));
	if (!g) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		return -ENOMEM;
	}
	err = open_socket(g);
	if (!err)
		err = find_family(g, load);
	if (err) {
		ipcwall_genl_close(g);
		return err;
	}
	*gp = g;
	return 0;
}

/**
 * ipcwall_genl_open() - connect to the ipcwall family, loading the module
 * @gp:	set to the open handle on success
 *
 * Return: 0, or a negative errno after printing why to stderr.
 */
int ipcwall_genl_open(struct ipcwall_genl **gp)
{
	return open_family(gp, true);
}

int ipcwall_genl_open_loaded(struct ipcwall_genl **gp)
{
	return open_family(gp, false);
}

void ipcwall_genl_close(struct ipcwall_genl *g)
{
	if (!g)
		return;
	nl_socket_free(g->sk);
	free(g);
}
