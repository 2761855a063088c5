// SPDX-License-Identifier: GPL-2.0
/*
 * The extended ack parser, fed hand-built NLMSG_ERROR messages: the
 * kernel's message present or absent, behind a capped or an echoed request,
 * and every kind of malformed or truncated TLV. A parse must never read
 * outside the bytes it was given; each one runs on an exact-size heap copy
 * so that `make valgrind' catches any stray read.
 */
#include <errno.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "harness.h"
#include "common.h"
#include "genl.h"
#include "ipcwall.h"

#define KMSG "CAP_MAC_ADMIN is required"

struct buf {
	unsigned char b[1024];
	size_t len;
};

static void put(struct buf *m, const void *p, size_t n)
{
	if (n)
		memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void pad(struct buf *m)
{
	while (m->len % 4)
		m->b[m->len++] = 0;
}

/* A request as the tool sends it: genl header and the ABI attribute. */
static void put_request(struct buf *m)
{
	struct nlmsghdr nlh = {
		.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 4,
		.nlmsg_type = 0x20,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = 7,
	};
	struct genlmsghdr gh = { .cmd = IPCWALL_CMD_GET_STATUS, .version = 1 };
	struct nlattr nla = { .nla_len = NLA_HDRLEN + 4,
			      .nla_type = IPCWALL_A_ABI_VERSION };
	uint32_t abi = 2;

	put(m, &nlh, sizeof(nlh));
	put(m, &gh, sizeof(gh));
	put(m, &nla, sizeof(nla));
	put(m, &abi, sizeof(abi));
}

/* Header and nlmsgerr; a capped one echoes only the request's header. */
static void put_error(struct buf *m, int error, uint16_t flags)
{
	struct nlmsghdr nlh = { .nlmsg_type = NLMSG_ERROR, .nlmsg_flags = flags };
	struct buf req = { .len = 0 };
	struct nlmsgerr e = { .error = error };

	put_request(&req);
	memcpy(&e.msg, req.b, sizeof(e.msg));
	put(m, &nlh, sizeof(nlh));
	put(m, &e, sizeof(e));
	if (!(flags & NLM_F_CAPPED))
		put(m, req.b + NLMSG_HDRLEN, req.len - NLMSG_HDRLEN);
	pad(m);
}

static void put_tlv(struct buf *m, uint16_t len, uint16_t type,
		    const void *data, size_t data_len)
{
	struct nlattr nla = { .nla_len = len, .nla_type = type };

	put(m, &nla, sizeof(nla));
	put(m, data, data_len);
	pad(m);
}

static void put_msg(struct buf *m, const char *s)
{
	put_tlv(m, NLA_HDRLEN + strlen(s) + 1, NLMSGERR_ATTR_MSG, s,
		strlen(s) + 1);
}

static void put_u32(struct buf *m, uint16_t type, uint32_t v)
{
	put_tlv(m, NLA_HDRLEN + 4, type, &v, 4);
}

static void finish(struct buf *m)
{
	uint32_t len = m->len;

	memcpy(m->b, &len, sizeof(len));
}

/* Parses the first @len bytes of @m from a heap copy of exactly that size. */
static int parse(const struct buf *m, size_t len, struct ipcwall_extack *ext)
{
	void *copy = exact_copy(m->b, len);
	int ret;

	ret = ipcwall_extack_parse(copy, len, ext);
	free(copy);
	return ret;
}

TEST(message_after_capped_request)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_msg(&m, KMSG);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EPERM, ext.error);
	ASSERT_TRUE(ext.has_msg);
	EXPECT_STREQ(KMSG, ext.msg);
	EXPECT_FALSE(ext.has_offs);
}

TEST(message_and_offset_after_echoed_request)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EINVAL, NLM_F_ACK_TLVS);
	put_msg(&m, "Unknown attribute type");
	put_u32(&m, NLMSGERR_ATTR_OFFS, NLMSG_HDRLEN + GENL_HDRLEN);
	put_u32(&m, NLMSGERR_ATTR_MISS_TYPE, IPCWALL_A_ABI_VERSION);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EINVAL, ext.error);
	EXPECT_STREQ("Unknown attribute type", ext.msg);
	ASSERT_TRUE(ext.has_offs);
	EXPECT_EQ(NLMSG_HDRLEN + GENL_HDRLEN, ext.offs);
	ASSERT_TRUE(ext.has_miss_type);
	EXPECT_EQ(IPCWALL_A_ABI_VERSION, ext.miss_type);
}

TEST(no_tlvs_flag_means_no_message)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	/* TLV bytes present but not announced: they are not an extack. */
	put_error(&m, -EPROTONOSUPPORT, NLM_F_CAPPED);
	put_msg(&m, KMSG);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EPROTONOSUPPORT, ext.error);
	EXPECT_FALSE(ext.has_msg);
	EXPECT_STREQ("", ext.msg);
}

TEST(plain_ack)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, 0, NLM_F_CAPPED);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(0, ext.error);
	EXPECT_FALSE(ext.has_msg);
}

TEST(unknown_tlvs_are_skipped)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	uint64_t cookie = 42;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_tlv(&m, NLA_HDRLEN + 8, NLMSGERR_ATTR_COOKIE, &cookie, 8);
	put_tlv(&m, NLA_HDRLEN, 99, NULL, 0);
	put_msg(&m, KMSG);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_STREQ(KMSG, ext.msg);
}

TEST(tlv_longer_than_the_message)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_tlv(&m, 200, NLMSGERR_ATTR_MSG, "abc", 4);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EPERM, ext.error);
	EXPECT_FALSE(ext.has_msg);
}

TEST(tlv_lengths_below_the_header_stop_the_walk)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	uint16_t bad;

	/* nla_len 0 would loop forever in a careless walker. */
	for (bad = 0; bad < NLA_HDRLEN; bad++) {
		m.len = 0;
		put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
		put_tlv(&m, bad, NLMSGERR_ATTR_MSG, "abcd", 4);
		put_msg(&m, KMSG);
		finish(&m);
		ASSERT_EQ(0, parse(&m, m.len, &ext));
		EXPECT_EQ(EPERM, ext.error);
		EXPECT_FALSE(ext.has_msg) TH_LOG("nla_len %u", bad);
	}
}

TEST(message_without_nul)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	/* The last TLV, unpadded: the message ends exactly at "c". */
	put_tlv(&m, NLA_HDRLEN + 3, NLMSGERR_ATTR_MSG, "abc", 3);
	m.len -= 1;
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	ASSERT_TRUE(ext.has_msg);
	EXPECT_STREQ("abc", ext.msg);
}

TEST(empty_message_is_absent)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_tlv(&m, NLA_HDRLEN, NLMSGERR_ATTR_MSG, NULL, 0);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_FALSE(ext.has_msg);
}

TEST(long_message_is_cut)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	char s[400];

	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_msg(&m, s);
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	ASSERT_TRUE(ext.has_msg);
	EXPECT_EQ(IPCWALL_EXTACK_MSG_MAX - 1, strlen(ext.msg));
}

TEST(offset_of_wrong_size_is_ignored)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	uint16_t v = 20;

	put_error(&m, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_tlv(&m, NLA_HDRLEN + 2, NLMSGERR_ATTR_OFFS, &v, 2);
	put_msg(&m, "bad");
	finish(&m);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_FALSE(ext.has_offs);
	EXPECT_STREQ("bad", ext.msg);
}

TEST(echoed_length_beyond_the_message)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	uint32_t huge = 0xfffffff0;

	put_error(&m, -EINVAL, NLM_F_ACK_TLVS);
	put_msg(&m, KMSG);
	finish(&m);
	/* struct nlmsgerr.msg.nlmsg_len: the echoed request's length. */
	memcpy(m.b + NLMSG_HDRLEN + sizeof(int), &huge, sizeof(huge));
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EINVAL, ext.error);
	EXPECT_FALSE(ext.has_msg);
}

TEST(echoed_length_below_a_header)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	uint32_t tiny = 3;

	put_error(&m, -EINVAL, NLM_F_ACK_TLVS);
	put_msg(&m, KMSG);
	finish(&m);
	memcpy(m.b + NLMSG_HDRLEN + sizeof(int), &tiny, sizeof(tiny));
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_FALSE(ext.has_msg);
}

TEST(nlmsg_len_bounds_the_walk)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	size_t end;

	put_error(&m, -EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	end = m.len;
	put_msg(&m, KMSG);
	/* The header says the message ends before the TLV. */
	memcpy(m.b, &(uint32_t){ end }, sizeof(uint32_t));
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_EQ(EPERM, ext.error);
	EXPECT_FALSE(ext.has_msg);
}

TEST(not_an_error_message)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;

	put_error(&m, -EPERM, NLM_F_CAPPED);
	finish(&m);
	m.b[4] = NLMSG_DONE;
	EXPECT_EQ(-EBADMSG, parse(&m, m.len, &ext));
	EXPECT_EQ(-EBADMSG, ipcwall_extack_parse(NULL, 0, &ext));
}

TEST(too_short_for_nlmsgerr)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	size_t len;

	put_error(&m, -EPERM, NLM_F_CAPPED);
	finish(&m);
	for (len = 0; len < NLMSG_HDRLEN + sizeof(struct nlmsgerr); len++)
		EXPECT_EQ(-EBADMSG, parse(&m, len, &ext)) TH_LOG("len %zu", len);
	memcpy(m.b, &(uint32_t){ NLMSG_HDRLEN + 4 }, sizeof(uint32_t));
	EXPECT_EQ(-EBADMSG, parse(&m, m.len, &ext));
}

/* Every prefix of a valid message: no crash, no read past the prefix. */
TEST(every_truncation)
{
	struct buf m = { .len = 0 };
	struct ipcwall_extack ext;
	size_t len;

	put_error(&m, -EINVAL, NLM_F_ACK_TLVS);
	put_msg(&m, KMSG);
	put_u32(&m, NLMSGERR_ATTR_OFFS, 20);
	finish(&m);
	for (len = 0; len <= m.len; len++)
		parse(&m, len, &ext);
	ASSERT_EQ(0, parse(&m, m.len, &ext));
	EXPECT_STREQ(KMSG, ext.msg);
}

/* Deterministic byte flips over a valid message, each parsed bounded. */
TEST(random_corruption)
{
	struct buf m = { .len = 0 }, c;
	struct ipcwall_extack ext;
	unsigned int seed = 1, i, n;

	put_error(&m, -EINVAL, NLM_F_ACK_TLVS);
	put_msg(&m, KMSG);
	put_u32(&m, NLMSGERR_ATTR_OFFS, 20);
	finish(&m);
	for (i = 0; i < 20000; i++) {
		c = m;
		for (n = 0; n < 1 + i % 4; n++)
			c.b[rand_r(&seed) % c.len] = rand_r(&seed);
		parse(&c, c.len - rand_r(&seed) % 8, &ext);
		EXPECT_LT(strlen(ext.msg), sizeof(ext.msg));
	}
}

TEST(abi_named_in_the_module_message)
{
	unsigned int abi = 0;

	ASSERT_EQ(0, ipcwall_abi_from_message(
		"unsupported ABI version, the module speaks ABI version 1",
		&abi));
	EXPECT_EQ(1, abi);
	ASSERT_EQ(0, ipcwall_abi_from_message("tool speaks 3, module speaks 12", &abi));
	EXPECT_EQ(12, abi);
	EXPECT_EQ(-ENOENT, ipcwall_abi_from_message("unsupported ABI version 2", &abi));
	EXPECT_EQ(-ENOENT, ipcwall_abi_from_message("the module speaks", &abi));
	EXPECT_EQ(-ENOENT, ipcwall_abi_from_message(
		"speaks 99999999999999999999", &abi));
	EXPECT_EQ(-ENOENT, ipcwall_abi_from_message(NULL, &abi));
}

TEST_HARNESS_MAIN
