// SPDX-License-Identifier: GPL-2.0
/*
 * The compiled policy in the tool: the builder, the canonical encoding,
 * decoding with every check the module makes (each malformed case with
 * its exact reason), and the YAML printer, whose text must compile back
 * into the very same image.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "common.h"
#include "../kmod/limits.h"
#include "policy_image.h"
#include "policy_parse.h"
#include "yaml_doc.h"

/* The base policy: two groups, with one rule of most kinds. */
static void build_base(struct policy_image *img)
{
	struct ipcwall_policy_group *g;
	struct ipcwall_policy_selector *s;
	struct ipcwall_policy_rule *r;
	__u32 web, desc, exe, etc, db;

	policy_image_init(img);
	policy_image_string(img, "web", 3, &web);
	policy_image_string(img, "web server", 10, &desc);
	policy_image_string(img, "/usr/sbin/nginx", 15, &exe);
	policy_image_string(img, "/etc/**", 7, &etc);
	policy_image_string(img, "db", 2, &db);

	policy_image_add_ref(img, exe, NULL);
	policy_image_add_id(img, 33, NULL);
	policy_image_add_id(img, 0, NULL);
	policy_image_add_id(img, 1000, NULL);
	s = policy_image_add_selector(img, NULL);
	s->exe_count = 1;
	s->uid_count = 1;

	r = policy_image_add_rule(img, NULL);
	*r = (struct ipcwall_policy_rule){
		.class = IPCWALL_CLASS_SIGNAL, .action = IPCWALL_DENY,
		.direction = IPCWALL_INBOUND, .object = IPCWALL_OBJECT_PEER,
		.flags = IPCWALL_RULE_AUDIT, .ops = IPCWALL_OPS_SIGNAL,
		.peer = IPCWALL_PEER_ANY, .signals = { ~0ULL, 1 },
	};
	r = policy_image_add_rule(img, NULL);
	*r = (struct ipcwall_policy_rule){
		.class = IPCWALL_CLASS_FILE, .action = IPCWALL_ALLOW,
		.direction = IPCWALL_OUTBOUND, .object = IPCWALL_OBJECT_PATH,
		.ops = IPCWALL_OP_FILE_READ | IPCWALL_OP_FILE_WRITE,
		.string = etc,
	};
	r = policy_image_add_rule(img, NULL);
	*r = (struct ipcwall_policy_rule){
		.class = IPCWALL_CLASS_INET, .action = IPCWALL_ALLOW,
		.direction = IPCWALL_OUTBOUND, .object = IPCWALL_OBJECT_INET,
		.ops = IPCWALL_OP_INET_CONNECT,
		.inet = { .family = IPCWALL_INET4, .prefix_len = 8,
			  .protocols = IPCWALL_PROTO_TCP, .port_min = 443,
			  .port_max = 443, .addr = { 10 } },
	};
	r = policy_image_add_rule(img, NULL);
	*r = (struct ipcwall_policy_rule){
		.class = IPCWALL_CLASS_SHM, .action = IPCWALL_DENY,
		.direction = IPCWALL_OUTBOUND, .object = IPCWALL_OBJECT_KEY,
		.ops = IPCWALL_OPS_SHM, .key = 0x1234,
	};
	r = policy_image_add_rule(img, NULL);
	*r = (struct ipcwall_policy_rule){
		.class = IPCWALL_CLASS_PTRACE, .action = IPCWALL_DENY,
		.direction = IPCWALL_INBOUND, .object = IPCWALL_OBJECT_PEER,
		.flags = IPCWALL_RULE_AUDIT, .ops = IPCWALL_OP_PTRACE_ATTACH,
		.peer = 0,
	};

	g = policy_image_add_group(img, NULL);
	*g = (struct ipcwall_policy_group){
		.name = web, .description = desc,
		.mode = IPCWALL_MODE_ENFORCE,
		.default_inbound = IPCWALL_ALLOW,
		.default_outbound = IPCWALL_DENY,
		.selector_first = 0, .selector_count = 1,
		.launch_first = 1, .launch_count = 2,
		.rule_first = 0, .rule_count = 4,
	};
	g = policy_image_add_group(img, NULL);
	*g = (struct ipcwall_policy_group){
		.name = db, .mode = IPCWALL_MODE_COMPLAIN,
		.default_inbound = IPCWALL_ALLOW,
		.default_outbound = IPCWALL_ALLOW,
		.selector_first = 1, .launch_first = 3,
		.rule_first = 4, .rule_count = 1,
	};
}

static const char base_yaml[] =
	"groups:\n"
	"  - group: web\n"
	"    description: web server\n"
	"    mode: enforce\n"
	"    members:\n"
	"      - exe: /usr/sbin/nginx\n"
	"        uid: 33\n"
	"    launch: [0, 1000]\n"
	"    default:\n"
	"      inbound: allow\n"
	"      outbound: deny\n"
	"    rules:\n"
	"      - deny: signal\n"
	"        from: \"*\"\n"
	"        signals: all\n"
	"      - allow: file\n"
	"        ops: [read, write]\n"
	"        paths: /etc/**\n"
	"      - allow: inet\n"
	"        ops: [connect]\n"
	"        addresses: \"10.0.0.0/8\"\n"
	"        ports: 443\n"
	"        protocols: [tcp]\n"
	"      - deny: shm\n"
	"        keys: 0x1234\n"
	"        audit: false\n"
	"  - group: db\n"
	"    mode: complain\n"
	"    default:\n"
	"      inbound: allow\n"
	"      outbound: allow\n"
	"    rules:\n"
	"      - deny: ptrace\n"
	"        from: web\n"
	"        ops: [attach]\n";

/* The image printed into a malloc()ed string; NULL on error. */
static char *print_image(const struct policy_image *img, int *err)
{
	struct capture c;
	char *text;

	if (capture_open(&c))
		return NULL;
	*err = policy_image_print(img, c.f);
	text = strdup(capture_text(&c));
	capture_close(&c);
	return text;
}

static int compile_text(const char *text, struct policy_image *img,
			struct yaml_diags *d)
{
	const char *name = "show.yaml";
	const void *buf = text;
	size_t len = strlen(text);

	policy_image_init(img);
	return policy_compile_mem(&name, &buf, &len, 1, d, img);
}

TEST(encode_has_the_canonical_layout)
{
	struct ipcwall_policy_header hdr;
	struct policy_image img;
	size_t len, pos = sizeof(hdr);
	unsigned char *blob;
	void *buf;
	int i;

	build_base(&img);
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	blob = buf;
	memcpy(&hdr, blob, sizeof(hdr));
	EXPECT_EQ(IPCWALL_POLICY_MAGIC, hdr.magic);
	EXPECT_EQ(IPCWALL_POLICY_VERSION, hdr.version);
	EXPECT_EQ(len, hdr.size);
	EXPECT_EQ(0, hdr.flags);
	EXPECT_EQ(43, hdr.sections[IPCWALL_SECTION_STRINGS].count);
	EXPECT_EQ(2, hdr.sections[IPCWALL_SECTION_GROUPS].count);
	EXPECT_EQ(1, hdr.sections[IPCWALL_SECTION_SELECTORS].count);
	EXPECT_EQ(1, hdr.sections[IPCWALL_SECTION_REFS].count);
	EXPECT_EQ(3, hdr.sections[IPCWALL_SECTION_IDS].count);
	EXPECT_EQ(5, hdr.sections[IPCWALL_SECTION_RULES].count);
	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		pos = (pos + 7) & ~(size_t)7;
		EXPECT_EQ(pos, hdr.sections[i].offset) TH_LOG("section %d", i);
		EXPECT_EQ(0, hdr.sections[i].reserved);
		pos += (size_t)hdr.sections[i].count *
		       hdr.sections[i].entry_size;
	}
	EXPECT_EQ(pos, len);
	EXPECT_TRUE(policy_image_is_compiled(blob, len));
	EXPECT_FALSE(policy_image_is_compiled("groups:", 7));
	EXPECT_FALSE(policy_image_is_compiled(blob, 3));
	free(buf);
	policy_image_free(&img);
}

TEST(strings_are_interned)
{
	struct policy_image img;
	__u32 a, b, c, e;

	ASSERT_EQ(0, policy_image_init(&img));
	ASSERT_EQ(0, policy_image_string(&img, "abc", 3, &a));
	ASSERT_EQ(0, policy_image_string(&img, "xyz", 3, &b));
	ASSERT_EQ(0, policy_image_string(&img, "abcdef", 3, &c));
	ASSERT_EQ(0, policy_image_string(&img, "", 0, &e));
	EXPECT_EQ(1, a);
	EXPECT_EQ(5, b);
	EXPECT_EQ(a, c);
	EXPECT_EQ(0, e);
	EXPECT_STREQ("xyz", policy_image_str(&img, b));
	EXPECT_EQ(9, img.strings_len);
	policy_image_free(&img);
}

/* Many strings: the table grows and every one is found again. */
TEST(interning_scales)
{
	struct policy_image img;
	char s[32];
	__u32 refs[5000], ref;
	int i;

	ASSERT_EQ(0, policy_image_init(&img));
	for (i = 0; i < 5000; i++) {
		snprintf(s, sizeof(s), "/string/%d", i);
		ASSERT_EQ(0, policy_image_string(&img, s, strlen(s), &refs[i]));
	}
	for (i = 0; i < 5000; i++) {
		snprintf(s, sizeof(s), "/string/%d", i);
		ASSERT_EQ(0, policy_image_string(&img, s, strlen(s), &ref));
		ASSERT_EQ(refs[i], ref);
	}
	policy_image_free(&img);
}

TEST(decode_round_trip)
{
	struct policy_image img, back;
	size_t len, len2;
	void *buf, *buf2;
	char why[256];
	__u32 ref;

	build_base(&img);
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	ASSERT_EQ(0, policy_image_init(&back));
	ASSERT_EQ(0, policy_image_decode(buf, len, &back, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_STREQ("", why);
	EXPECT_EQ(img.n_groups, back.n_groups);
	EXPECT_EQ(img.n_rules, back.n_rules);
	EXPECT_EQ(0, memcmp(img.rules, back.rules,
			    img.n_rules * sizeof(*img.rules)));
	ASSERT_EQ(0, policy_image_encode(&back, &buf2, &len2));
	ASSERT_EQ(len, len2);
	EXPECT_EQ(0, memcmp(buf, buf2, len));
	/* A decoded image interns again from the strings it holds. */
	ASSERT_EQ(0, policy_image_string(&back, "db", 2, &ref));
	EXPECT_EQ(40, ref);
	ASSERT_EQ(0, policy_image_string(&back, "new", 3, &ref));
	EXPECT_EQ(43, ref);
	free(buf);
	free(buf2);
	policy_image_free(&img);
	policy_image_free(&back);
}

TEST(empty_policy_round_trip)
{
	struct policy_image img, back;
	char why[256], *text;
	size_t len;
	void *buf;
	int err;

	ASSERT_EQ(0, policy_image_init(&img));
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	EXPECT_EQ(sizeof(struct ipcwall_policy_header) + 8, len);
	ASSERT_EQ(0, policy_image_init(&back));
	ASSERT_EQ(0, policy_image_decode(buf, len, &back, why, sizeof(why)))
		TH_LOG("%s", why);
	text = print_image(&back, &err);
	EXPECT_EQ(0, err);
	EXPECT_STREQ("groups: []\n", text);
	free(text);
	free(buf);
	policy_image_free(&img);
	policy_image_free(&back);
}

/* ---- Decoding malformed policies ---- */

/* The base policy, encoded, with accessors into its sections. */
struct blob {
	unsigned char *p;
	size_t len;
	struct ipcwall_policy_header *hdr;
};

static void *sec(struct blob *b, int i)
{
	return b->p + b->hdr->sections[i].offset;
}

static struct ipcwall_policy_group *grp(struct blob *b, int i)
{
	return (struct ipcwall_policy_group *)sec(b, IPCWALL_SECTION_GROUPS) + i;
}

static struct ipcwall_policy_rule *rule(struct blob *b, int i)
{
	return (struct ipcwall_policy_rule *)sec(b, IPCWALL_SECTION_RULES) + i;
}

static struct ipcwall_policy_selector *selector(struct blob *b)
{
	return sec(b, IPCWALL_SECTION_SELECTORS);
}

static char *str(struct blob *b, __u32 ref)
{
	return (char *)sec(b, IPCWALL_SECTION_STRINGS) + ref;
}

/*
 * Each case breaks one rule of the format and names the errno and the
 * reason the module gives, formatted with @w when it holds numbers.
 */
struct bad_case {
	const char *name;
	void (*mutate)(struct blob *b, char *w);
	int err;
	const char *want;
};

#define W(...) snprintf(w, 256, __VA_ARGS__)

static void m_short(struct blob *b, char *w) { b->len = 8; (void)w; }
static void m_magic(struct blob *b, char *w) { b->hdr->magic = 0x49504357; (void)w; }
static void m_version(struct blob *b, char *w) { b->hdr->version = 2; (void)w; }
static void m_size(struct blob *b, char *w)
{
	b->hdr->size += 8;
	W("header.size: %u, but the policy has %zu bytes", b->hdr->size, b->len);
}
static void m_flags(struct blob *b, char *w) { b->hdr->flags = 1; (void)w; }
static void m_entry_size(struct blob *b, char *w)
{
	b->hdr->sections[IPCWALL_SECTION_GROUPS].entry_size = 4;
	W("header.sections[groups].entry_size: 4, not %zu",
	  sizeof(struct ipcwall_policy_group));
}
static void m_sec_reserved(struct blob *b, char *w)
{
	b->hdr->sections[IPCWALL_SECTION_REFS].reserved = 1;
	(void)w;
}
static void m_too_many_groups(struct blob *b, char *w)
{
	b->hdr->sections[IPCWALL_SECTION_GROUPS].count = IPCWALL_MAX_GROUPS + 1;
	(void)w;
}
static void m_offset(struct blob *b, char *w)
{
	b->hdr->sections[IPCWALL_SECTION_GROUPS].offset += 8;
	W("header.sections[groups].offset: %u, not %u",
	  b->hdr->sections[IPCWALL_SECTION_GROUPS].offset,
	  b->hdr->sections[IPCWALL_SECTION_GROUPS].offset - 8);
}
static void m_padding(struct blob *b, char *w)
{
	str(b, 0)[b->hdr->sections[IPCWALL_SECTION_STRINGS].count] = 1;
	(void)w;
}
static void m_trailing(struct blob *b, char *w)
{
	b->len += 8;
	b->hdr->size += 8;
	(void)w;
}
static void m_past_end(struct blob *b, char *w)
{
	b->hdr->sections[IPCWALL_SECTION_RULES].count++;
	(void)w;
}
static void m_strings_start(struct blob *b, char *w) { str(b, 0)[0] = 'x'; (void)w; }
static void m_strings_end(struct blob *b, char *w)
{
	str(b, 0)[b->hdr->sections[IPCWALL_SECTION_STRINGS].count - 1] = 'x';
	(void)w;
}
static void m_name_missing(struct blob *b, char *w) { grp(b, 0)->name = 0; (void)w; }
static void m_name_mid(struct blob *b, char *w) { grp(b, 0)->name = 2; (void)w; }
static void m_name_past(struct blob *b, char *w) { grp(b, 1)->name = 1000; (void)w; }
static void m_unconfined(struct blob *b, char *w)
{
	memcpy(str(b, grp(b, 0)->description), "unconfined", 10);
	grp(b, 0)->name = grp(b, 0)->description;
	(void)w;
}
static void m_name_char(struct blob *b, char *w) { str(b, grp(b, 1)->name)[1] = '!'; (void)w; }
static void m_name_start(struct blob *b, char *w) { str(b, grp(b, 1)->name)[0] = '.'; (void)w; }
static void m_name_dup(struct blob *b, char *w) { grp(b, 1)->name = grp(b, 0)->name; (void)w; }
static void m_mode(struct blob *b, char *w) { grp(b, 0)->mode = 3; (void)w; }
static void m_def_in(struct blob *b, char *w) { grp(b, 0)->default_inbound = 0; (void)w; }
static void m_def_out(struct blob *b, char *w) { grp(b, 1)->default_outbound = 3; (void)w; }
static void m_grp_reserved(struct blob *b, char *w) { grp(b, 1)->reserved2 = 1; (void)w; }
static void m_sel_first(struct blob *b, char *w) { grp(b, 0)->selector_first = 1; (void)w; }
static void m_sel_count(struct blob *b, char *w) { grp(b, 1)->selector_count = 1; (void)w; }
static void m_rule_first(struct blob *b, char *w) { grp(b, 1)->rule_first = 3; (void)w; }
static void m_rule_count(struct blob *b, char *w) { grp(b, 1)->rule_count = 2; (void)w; }
static void m_launch(struct blob *b, char *w) { grp(b, 0)->launch_count = 3; (void)w; }
static void m_orphan_sel(struct blob *b, char *w)
{
	grp(b, 0)->selector_count = 0;
	grp(b, 1)->selector_first = 0;
	(void)w;
}
static void m_orphan_rule(struct blob *b, char *w) { grp(b, 1)->rule_count = 0; (void)w; }
static void m_exe_past(struct blob *b, char *w) { selector(b)->exe_count = 2; (void)w; }
static void m_exe_rel(struct blob *b, char *w)
{
	str(b, *(__u32 *)sec(b, IPCWALL_SECTION_REFS))[0] = 'u';
	(void)w;
}
static void m_sel_empty(struct blob *b, char *w)
{
	selector(b)->exe_count = 0;
	selector(b)->uid_count = 0;
	(void)w;
}
static void m_uid_past(struct blob *b, char *w) { selector(b)->uid_count = 4; (void)w; }
static void m_gid_past(struct blob *b, char *w)
{
	selector(b)->gid_first = 3;
	selector(b)->gid_count = 1;
	(void)w;
}
static void m_class(struct blob *b, char *w) { rule(b, 0)->class = 11; (void)w; }
static void m_action(struct blob *b, char *w) { rule(b, 0)->action = 0; (void)w; }
static void m_direction(struct blob *b, char *w) { rule(b, 0)->direction = 3; (void)w; }
static void m_object(struct blob *b, char *w) { rule(b, 0)->object = IPCWALL_OBJECT_KEY; (void)w; }
static void m_inbound_path(struct blob *b, char *w) { rule(b, 1)->direction = IPCWALL_INBOUND; (void)w; }
static void m_rule_flags(struct blob *b, char *w) { rule(b, 0)->flags = 2; (void)w; }
static void m_ops_empty(struct blob *b, char *w) { rule(b, 1)->ops = 0; (void)w; }
static void m_ops_foreign(struct blob *b, char *w) { rule(b, 1)->ops = 0x10; (void)w; }
static void m_create_peer(struct blob *b, char *w)
{
	rule(b, 3)->object = IPCWALL_OBJECT_PEER;
	rule(b, 3)->key = 0;
	rule(b, 3)->peer = 1;
	(void)w;
}
static void m_peer(struct blob *b, char *w) { rule(b, 0)->peer = 5; (void)w; }
static void m_peer_on_path(struct blob *b, char *w) { rule(b, 1)->peer = 1; (void)w; }
static void m_string_on_peer(struct blob *b, char *w) { rule(b, 0)->string = 1; (void)w; }
static void m_key_on_file(struct blob *b, char *w) { rule(b, 1)->key = 1; (void)w; }
static void m_signals_empty(struct blob *b, char *w)
{
	rule(b, 0)->signals[0] = 0;
	rule(b, 0)->signals[1] = 0;
	(void)w;
}
static void m_signals_above(struct blob *b, char *w) { rule(b, 0)->signals[1] = 3; (void)w; }
static void m_signals_file(struct blob *b, char *w) { rule(b, 1)->signals[0] = 1; (void)w; }
static void m_path_missing(struct blob *b, char *w) { rule(b, 1)->string = 0; (void)w; }
static void m_path_glob(struct blob *b, char *w) { memcpy(str(b, rule(b, 1)->string), "/etc/[x", 7); (void)w; }
static void m_path_rel(struct blob *b, char *w) { str(b, rule(b, 1)->string)[0] = 'e'; (void)w; }
static void m_posix_name(struct blob *b, char *w)
{
	rule(b, 1)->class = IPCWALL_CLASS_POSIX_SHM;
	(void)w;
}
static void m_unix_addr(struct blob *b, char *w)
{
	rule(b, 1)->class = IPCWALL_CLASS_UNIX;
	rule(b, 1)->ops = IPCWALL_OP_UNIX_CONNECT;
	str(b, rule(b, 1)->string)[0] = 'e';
	(void)w;
}
static void m_family(struct blob *b, char *w) { rule(b, 2)->inet.family = 5; (void)w; }
static void m_prefix(struct blob *b, char *w) { rule(b, 2)->inet.prefix_len = 33; (void)w; }
static void m_any_prefix(struct blob *b, char *w)
{
	rule(b, 2)->inet.family = IPCWALL_INET_ANY;
	(void)w;
}
static void m_protocols(struct blob *b, char *w) { rule(b, 2)->inet.protocols = 4; (void)w; }
static void m_inet_reserved(struct blob *b, char *w) { rule(b, 2)->inet.reserved = 1; (void)w; }
static void m_ports(struct blob *b, char *w) { rule(b, 2)->inet.port_min = 444; (void)w; }
static void m_host_bits(struct blob *b, char *w) { rule(b, 2)->inet.addr[1] = 1; (void)w; }
static void m_inet_on_file(struct blob *b, char *w) { rule(b, 1)->inet.port_max = 1; (void)w; }

#define CASE(fn, e, msg) { #fn, fn, e, msg }

static const struct bad_case bad_cases[] = {
	CASE(m_short, EINVAL, "policy is shorter than its header"),
	CASE(m_magic, EINVAL, "header.magic: not a compiled ipcwall policy"),
	CASE(m_version, EINVAL, "header.version: 2 is not 1"),
	CASE(m_size, EINVAL, NULL),
	CASE(m_flags, EINVAL, "header.flags: not zero"),
	CASE(m_entry_size, EINVAL, NULL),
	CASE(m_sec_reserved, EINVAL, "header.sections[refs].reserved: not zero"),
	CASE(m_too_many_groups, E2BIG, "policy has 4097 groups, the limit is 4096"),
	CASE(m_offset, EINVAL, NULL),
	CASE(m_padding, EINVAL, "header.sections[groups]: padding not zero"),
	CASE(m_trailing, EINVAL, "header.size: 8 bytes past the last section"),
	CASE(m_past_end, EINVAL, "header.sections[rules]: ends past the policy"),
	CASE(m_strings_start, EINVAL, "strings: does not start with a NUL"),
	CASE(m_strings_end, EINVAL, "strings: does not end with a NUL"),
	CASE(m_name_missing, EINVAL, "groups[0].name: missing"),
	CASE(m_name_mid, EINVAL, "groups[0].name: 2 is not the start of a string"),
	CASE(m_name_past, EINVAL, "groups[1].name: 1000 is not the start of a string"),
	CASE(m_unconfined, EINVAL, "groups[0].name: \"unconfined\" is reserved"),
	CASE(m_name_char, EINVAL, "groups[1].name: byte 1 is not one of A-Za-z0-9._-"),
	CASE(m_name_start, EINVAL, "groups[1].name: must start with a letter or digit"),
	CASE(m_name_dup, EINVAL, "groups[1].name: \"web\" is also group 0"),
	CASE(m_mode, EINVAL, "groups[0].mode: 3 is not a mode"),
	CASE(m_def_in, EINVAL, "groups[0].default_inbound: 0 is not an action"),
	CASE(m_def_out, EINVAL, "groups[1].default_outbound: 3 is not an action"),
	CASE(m_grp_reserved, EINVAL, "groups[1].reserved: not zero"),
	CASE(m_sel_first, EINVAL, "groups[0].selector_first: 1, not 0"),
	CASE(m_sel_count, EINVAL, "groups[1].selector_count: past the selectors"),
	CASE(m_rule_first, EINVAL, "groups[1].rule_first: 3, not 4"),
	CASE(m_rule_count, EINVAL, "groups[1].rule_count: past the rules"),
	CASE(m_launch, EINVAL, "groups[0].launch_count: past the ids"),
	CASE(m_orphan_sel, EINVAL, "selectors[0]: belongs to no group"),
	CASE(m_orphan_rule, EINVAL, "rules[4]: belongs to no group"),
	CASE(m_exe_past, EINVAL, "selectors[0].exe_count: past the refs"),
	CASE(m_exe_rel, EINVAL, "refs[0]: exe glob is not absolute"),
	CASE(m_sel_empty, EINVAL, "selectors[0]: every list is empty"),
	CASE(m_uid_past, EINVAL, "selectors[0].uid_count: past the ids"),
	CASE(m_gid_past, EINVAL, "selectors[0].gid_count: past the ids"),
	CASE(m_class, EINVAL, "rules[0].class: 11 is not a class"),
	CASE(m_action, EINVAL, "rules[0].action: 0 is not an action"),
	CASE(m_direction, EINVAL, "rules[0].direction: 3 is not a direction"),
	CASE(m_object, EINVAL, "rules[0].object: 3 is not one of its class"),
	CASE(m_inbound_path, EINVAL, "rules[1].direction: inbound needs a peer"),
	CASE(m_rule_flags, EINVAL, "rules[0].flags: unknown flags 0x2"),
	CASE(m_ops_empty, EINVAL, "rules[1].ops: 0x0 is not a set of its class's"),
	CASE(m_ops_foreign, EINVAL, "rules[1].ops: 0x10 is not a set of its class's"),
	CASE(m_create_peer, EINVAL, "rules[3].ops: create with a peer"),
	CASE(m_peer, EINVAL, "rules[0].peer: 5 is not a group"),
	CASE(m_peer_on_path, EINVAL, "rules[1].peer: not zero"),
	CASE(m_string_on_peer, EINVAL, "rules[0].string: not zero"),
	CASE(m_key_on_file, EINVAL, "rules[1].key: not zero"),
	CASE(m_signals_empty, EINVAL, "rules[0].signals: empty"),
	CASE(m_signals_above, EINVAL, "rules[0].signals: above signal 64"),
	CASE(m_signals_file, EINVAL, "rules[1].signals: not zero"),
	CASE(m_path_missing, EINVAL, "rules[1].string: missing"),
	CASE(m_path_glob, EINVAL, "rules[1].string: invalid glob at byte 5"),
	CASE(m_path_rel, EINVAL, "rules[1].string: not an absolute path"),
	CASE(m_posix_name, EINVAL, "rules[1].string: not a POSIX name (/name)"),
	CASE(m_unix_addr, EINVAL, "rules[1].string: not an absolute path or @name"),
	CASE(m_family, EINVAL, "rules[2].inet.family: 5 is not a family"),
	CASE(m_prefix, EINVAL, "rules[2].inet.prefix_len: 33 is over 32"),
	CASE(m_any_prefix, EINVAL, "rules[2].inet.prefix_len: 8 is over 0"),
	CASE(m_protocols, EINVAL, "rules[2].inet.protocols: not a set of protocols"),
	CASE(m_inet_reserved, EINVAL, "rules[2].inet.reserved: not zero"),
	CASE(m_ports, EINVAL, "rules[2].inet.port_min: above port_max"),
	CASE(m_host_bits, EINVAL, "rules[2].inet.addr: bits past prefix_len are not zero"),
	CASE(m_inet_on_file, EINVAL, "rules[1].inet: not zero"),
};

TEST(decode_rejects_each_malformed_case)
{
	struct policy_image img, back;
	char want[256], why[256];
	const struct bad_case *c;
	struct blob b;
	size_t i, len;
	void *buf;
	int err;

	build_base(&img);
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		c = &bad_cases[i];
		/* Room for the cases that grow the policy. */
		b.p = calloc(1, len + 8);
		ASSERT_NE(NULL, b.p);
		memcpy(b.p, buf, len);
		b.len = len;
		b.hdr = (struct ipcwall_policy_header *)b.p;
		want[0] = '\0';
		c->mutate(&b, want);
		ASSERT_EQ(0, policy_image_init(&back));
		err = policy_image_decode(b.p, b.len, &back, why, sizeof(why));
		EXPECT_EQ(-c->err, err) TH_LOG("%s: %s", c->name, why);
		EXPECT_STREQ(c->want ? c->want : want, why)
			TH_LOG("%s", c->name);
		policy_image_free(&back);
		free(b.p);
	}
	free(buf);
	policy_image_free(&img);
}

TEST(decode_rejects_a_policy_past_the_size_limit)
{
	size_t len = IPCWALL_MAX_POLICY_SIZE + 1;
	struct policy_image back;
	unsigned char *p = calloc(1, len);
	char why[256], want[256];

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, policy_image_init(&back));
	EXPECT_EQ(-E2BIG, policy_image_decode(p, len, &back, why, sizeof(why)));
	snprintf(want, sizeof(want), "policy has %zu bytes, the limit is %u",
		 len, IPCWALL_MAX_POLICY_SIZE);
	EXPECT_STREQ(want, why);
	policy_image_free(&back);
	free(p);
}

/* Limits on strings, built with the builder as a broken compiler would. */
static int decode_built(struct policy_image *img, char *why)
{
	struct policy_image back;
	size_t len;
	void *buf;
	int err;

	if (policy_image_encode(img, &buf, &len))
		return -ENOMEM;
	policy_image_init(&back);
	err = policy_image_decode(buf, len, &back, why, 256);
	policy_image_free(&back);
	free(buf);
	return err;
}

TEST(decode_rejects_long_strings_and_globs)
{
	struct policy_image img;
	char long_s[5000], why[256];
	__u32 ref;

	build_base(&img);
	memset(long_s, 'a', sizeof(long_s));
	ASSERT_EQ(0, policy_image_string(&img, long_s, 4096, &ref));
	EXPECT_EQ(-E2BIG, decode_built(&img, why));
	EXPECT_STREQ("strings[43]: longer than the limit of 4095 bytes", why);
	policy_image_free(&img);

	build_base(&img);
	long_s[0] = '/';
	ASSERT_EQ(0, policy_image_string(&img, long_s, 257, &ref));
	img.refs[0] = ref;
	EXPECT_EQ(-E2BIG, decode_built(&img, why));
	EXPECT_STREQ("refs[0].glob: glob longer than the limit of 256 bytes", why);
	policy_image_free(&img);

	build_base(&img);
	ASSERT_EQ(0, policy_image_string(&img, long_s, 1024, &ref));
	img.groups[1].description = ref;
	EXPECT_EQ(-E2BIG, decode_built(&img, why));
	EXPECT_STREQ("groups[1].description: longer than the limit of 1023 bytes", why);
	policy_image_free(&img);

	build_base(&img);
	memset(long_s, 'g', 64);
	ASSERT_EQ(0, policy_image_string(&img, long_s, 64, &ref));
	img.groups[1].name = ref;
	EXPECT_EQ(-E2BIG, decode_built(&img, why));
	EXPECT_STREQ("groups[1].name: longer than the limit of 63 bytes", why);
	policy_image_free(&img);
}

/* ---- Printing ---- */

TEST(print_is_exact)
{
	struct policy_image img;
	char *text;
	int err;

	build_base(&img);
	text = print_image(&img, &err);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, err);
	EXPECT_STREQ(base_yaml, text);
	free(text);
	policy_image_free(&img);
}

/* What the printer wrote compiles into the same bytes. */
TEST(print_compiles_back_into_the_same_image)
{
	struct policy_image img, again;
	struct yaml_diags d;
	size_t len, len2, i;
	void *buf, *buf2;

	build_base(&img);
	yaml_diags_init(&d);
	ASSERT_EQ(0, compile_text(base_yaml, &again, &d)) {
		yaml_diags_print(&d, stderr);
	}
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	ASSERT_EQ(0, policy_image_encode(&again, &buf2, &len2));
	ASSERT_EQ(len, len2);
	EXPECT_EQ(0, memcmp(buf, buf2, len)) {
		for (i = 0; i < len; i++)
			if (((unsigned char *)buf)[i] !=
			    ((unsigned char *)buf2)[i])
				break;
		TH_LOG("first difference at byte %zu", i);
	}
	free(buf);
	free(buf2);
	yaml_diags_free(&d);
	policy_image_free(&img);
	policy_image_free(&again);
}

static const char source_yaml[] =
	"group: nginx\n"
	"description: \"nginx: web server # main\"\n"
	"members:\n"
	"  - exe: [/usr/sbin/nginx, \"/opt/[ab]*/nginx\"]\n"
	"    uid: [0, 33]\n"
	"  - cgroup: /system.slice/nginx.service\n"
	"    gid: 33\n"
	"launch: [0]\n"
	"default: {inbound: deny}\n"
	"rules:\n"
	"  - allow: signal\n"
	"    from: [unconfined, \"*\", nginx]\n"
	"    signals: [HUP, TERM, QUIT, USR1, USR2, WINCH, 0, RTMIN..RTMIN+3, 32, 33, RTMAX-1, 64]\n"
	"    audit: true\n"
	"  - deny: ptrace\n"
	"    from: \"*\"\n"
	"  - allow: unix\n"
	"    paths: [\"@/tmp/.X11-unix/X*\", /run/nginx.sock]\n"
	"    ops: connect\n"
	"  - deny: inet\n"
	"    addresses: [\"::1\", fe80::/10, 10.0.0.0/8, 0.0.0.0/0]\n"
	"    ports: [80, 8000-8080]\n"
	"    protocols: udp\n"
	"    audit: false\n"
	"  - allow: inet\n"
	"    ops: bind\n"
	"  - allow: msg\n"
	"    to: nginx\n"
	"  - allow: sem\n"
	"    keys: [0, 0x5432001, 88285185]\n"
	"    ops: [create, control]\n"
	"  - allow: posix_mq\n"
	"    names: \"/psql.*\"\n"
	"  - allow: file\n"
	"    paths: [\"/home/*/yes\", \"/srv/- x\", \"/srv/a: b\"]\n"
	"    ops: [exec]\n";

static const char source_printed[] =
	"groups:\n"
	"  - group: nginx\n"
	"    description: \"nginx: web server # main\"\n"
	"    mode: enforce\n"
	"    members:\n"
	"      - exe: [/usr/sbin/nginx, \"/opt/[ab]*/nginx\"]\n"
	"        uid: [0, 33]\n"
	"      - cgroup: /system.slice/nginx.service\n"
	"        gid: 33\n"
	"    launch: [0]\n"
	"    default:\n"
	"      inbound: deny\n"
	"      outbound: allow\n"
	"    rules:\n"
	"      - allow: signal\n"
	"        from: unconfined\n"
	"        signals: [0, HUP, QUIT, USR1, USR2, TERM, WINCH, 32..RTMIN+3, RTMAX-1, RTMAX]\n"
	"        audit: true\n"
	"      - allow: signal\n"
	"        from: \"*\"\n"
	"        signals: [0, HUP, QUIT, USR1, USR2, TERM, WINCH, 32..RTMIN+3, RTMAX-1, RTMAX]\n"
	"        audit: true\n"
	"      - allow: signal\n"
	"        from: nginx\n"
	"        signals: [0, HUP, QUIT, USR1, USR2, TERM, WINCH, 32..RTMIN+3, RTMAX-1, RTMAX]\n"
	"        audit: true\n"
	"      - deny: ptrace\n"
	"        from: \"*\"\n"
	"      - allow: unix\n"
	"        ops: [connect]\n"
	"        paths: \"@/tmp/.X11-unix/X*\"\n"
	"      - allow: unix\n"
	"        ops: [connect]\n"
	"        paths: /run/nginx.sock\n"
	"      - deny: inet\n"
	"        addresses: \"::1\"\n"
	"        ports: 80\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: \"::1\"\n"
	"        ports: 8000-8080\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: fe80::/10\n"
	"        ports: 80\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: fe80::/10\n"
	"        ports: 8000-8080\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: \"10.0.0.0/8\"\n"
	"        ports: 80\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: \"10.0.0.0/8\"\n"
	"        ports: 8000-8080\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: \"0.0.0.0/0\"\n"
	"        ports: 80\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - deny: inet\n"
	"        addresses: \"0.0.0.0/0\"\n"
	"        ports: 8000-8080\n"
	"        protocols: [udp]\n"
	"        audit: false\n"
	"      - allow: inet\n"
	"        ops: [bind]\n"
	"      - allow: msg\n"
	"        to: nginx\n"
	"      - allow: sem\n"
	"        ops: [create, control]\n"
	"        keys: 0\n"
	"      - allow: sem\n"
	"        ops: [create, control]\n"
	"        keys: 0x5432001\n"
	"      - allow: sem\n"
	"        ops: [create, control]\n"
	"        keys: 0x5432001\n"
	"      - allow: posix_mq\n"
	"        names: /psql.*\n"
	"      - allow: file\n"
	"        ops: [exec]\n"
	"        paths: /home/*/yes\n"
	"      - allow: file\n"
	"        ops: [exec]\n"
	"        paths: /srv/- x\n"
	"      - allow: file\n"
	"        ops: [exec]\n"
	"        paths: \"/srv/a: b\"\n";

/*
 * YAML in, and out again: compile, encode, decode, print, compile and
 * encode give the same bytes, and printing again the same text.
 */
TEST(yaml_round_trip)
{
	struct policy_image first, back, again, back2;
	char *text, *text2, why[256];
	void *buf, *buf2, *buf3;
	size_t len, len2, len3;
	struct yaml_diags d;
	int err;

	yaml_diags_init(&d);
	ASSERT_EQ(0, compile_text(source_yaml, &first, &d)) {
		yaml_diags_print(&d, stderr);
	}
	ASSERT_EQ(0, policy_image_encode(&first, &buf, &len));
	ASSERT_EQ(0, policy_image_init(&back));
	ASSERT_EQ(0, policy_image_decode(buf, len, &back, why, sizeof(why)))
		TH_LOG("%s", why);
	text = print_image(&back, &err);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, err);
	EXPECT_STREQ(source_printed, text);

	ASSERT_EQ(0, compile_text(text, &again, &d)) {
		yaml_diags_print(&d, stderr);
	}
	ASSERT_EQ(0, policy_image_encode(&again, &buf2, &len2));
	ASSERT_EQ(len, len2);
	EXPECT_EQ(0, memcmp(buf, buf2, len));

	ASSERT_EQ(0, policy_image_init(&back2));
	ASSERT_EQ(0, policy_image_decode(buf2, len2, &back2, why, sizeof(why)));
	text2 = print_image(&back2, &err);
	EXPECT_STREQ(text, text2);
	ASSERT_EQ(0, policy_image_encode(&back2, &buf3, &len3));
	EXPECT_EQ(len, len3);

	free(text);
	free(text2);
	free(buf);
	free(buf2);
	free(buf3);
	yaml_diags_free(&d);
	policy_image_free(&first);
	policy_image_free(&back);
	policy_image_free(&again);
	policy_image_free(&back2);
}

/* ---- Signals ---- */

static void expect_signals(__u64 lo,
			   __u64 hi, const char *want)
{
	__u64 set[2] = { lo, hi };
	char *text = NULL;

	ASSERT_EQ(0, policy_signals_text(set, &text));
	EXPECT_STREQ(want, text);
	free(text);
}

TEST(signals_are_canonical)
{
	expect_signals(~0ULL, 1, "all");
	expect_signals(1ULL << 15, 0, "[TERM]");
	expect_signals(1ULL | 1ULL << 9, 0, "[0, KILL]");
	expect_signals(0x7ULL << 1, 0, "[HUP..QUIT]");
	expect_signals(0x3ULL << 1, 0, "[HUP, INT]");
	expect_signals(1ULL << 32 | 1ULL << 33, 0, "[32, 33]");
	expect_signals(1ULL << 34 | 1ULL << 35 | 1ULL << 49 |
			      1ULL << 50 | 1ULL << 63, 1,
		       "[RTMIN, RTMIN+1, RTMIN+15, RTMAX-14, RTMAX-1, RTMAX]");
	expect_signals(~0ULL << 34, 1, "[RTMIN..RTMAX]");
	expect_signals(~1ULL, 1, "[HUP..RTMAX]");
	expect_signals(0, 1, "[RTMAX]");
}

TEST(signal_numbers)
{
	static const struct {
		const char *s;
		int nr;
	} cases[] = {
		{ "TERM", 15 }, { "SIGTERM", 15 }, { "0", 0 }, { "64", 64 },
		{ "RTMIN", 34 }, { "RTMIN+3", 37 }, { "SIGRTMAX-2", 62 },
		{ "RTMAX", 64 }, { "RTMIN+30", 64 }, { "IOT", 6 },
		{ "POLL", 29 }, { "IO", 29 }, { "CLD", 17 }, { "STKFLT", 16 },
		{ "65", -1 }, { "01", -1 }, { "TREM", -1 }, { "", -1 },
		{ "SIG", -1 }, { "RTMIN+31", -1 }, { "RTMIN-1", -1 },
		{ "term", -1 }, { "15x", -1 },
	};
	unsigned int nr, i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int err = policy_signal_number(cases[i].s, &nr);

		if (cases[i].nr < 0) {
			EXPECT_EQ(-EINVAL, err) TH_LOG("`%s'", cases[i].s);
		} else {
			EXPECT_EQ(0, err) TH_LOG("`%s'", cases[i].s);
			EXPECT_EQ(cases[i].nr, (int)nr) TH_LOG("`%s'", cases[i].s);
		}
	}
}

/* ---- Quoting ---- */

static const char *const tricky[] = {
	"plain", "/usr/bin/x", "*", "**", "&a", "!tag", "@abstract", "`x`",
	"|", ">", "%x", "#c", "a #c", "a# c", "a: b", "a:b", "a:", "-", "- a",
	"-a", "?", "? a", ":x", "123", "0x1f", "1e3", "+1", ".5", ".inf",
	"true", "False", "null", "~", "yes", "no", "on", "OFF", "y", "n",
	"", " lead", "trail ", "tab\there", "new\nline", "quote\"s",
	"back\\slash", "'single'", "\"", "[a]", "{b}", "a,b", "a]b", "x[1]",
	"caf\xc3\xa9", "ctl\x01", "del\x7f", "nel\xc2\x85", "ls\xe2\x80\xa8",
	"bom\xef\xbb\xbf", "=", "<<", "a=b", ",x",
};

/* Printed as a value, block and flow, then read back by yaml_doc. */
static void round_trip(const char *s,
		       bool in_flow)
{
	const struct yaml_node *v;
	struct yaml_doc *doc = NULL;
	struct yaml_diags d;
	struct capture c;

	ASSERT_EQ(0, capture_open(&c));
	fputs(in_flow ? "k: [" : "k: ", c.f);
	policy_print_scalar(c.f, s, in_flow);
	fputs(in_flow ? "]\n" : "\n", c.f);
	capture_text(&c);
	yaml_diags_init(&d);
	ASSERT_EQ(0, yaml_doc_load_mem("t.yaml", c.text, c.len, &d, &doc)) {
		yaml_diags_print(&d, stderr);
		TH_LOG("text: %s", c.text);
	}
	v = yaml_map_get(doc->root, "k");
	ASSERT_NE(NULL, v);
	if (in_flow) {
		ASSERT_EQ(YAML_DOC_SEQ, v->kind) TH_LOG("text: %s", c.text);
		ASSERT_EQ(1, v->seq.count) TH_LOG("text: %s", c.text);
		v = v->seq.items[0];
	}
	ASSERT_EQ(YAML_DOC_SCALAR, v->kind);
	EXPECT_EQ(strlen(s), v->scalar.len) TH_LOG("text: %s", c.text);
	EXPECT_STREQ(s, v->scalar.str) TH_LOG("text: %s", c.text);
	/* Plain only where it cannot be read as another type. */
	if (v->scalar.style == YAML_DOC_PLAIN)
		EXPECT_FALSE(yaml_scalar_is_null(v)) TH_LOG("text: %s", c.text);
	yaml_doc_free(doc);
	yaml_diags_free(&d);
	capture_close(&c);
}

TEST(tricky_strings_read_back_the_same)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tricky); i++) {
		round_trip(tricky[i], false);
		round_trip(tricky[i], true);
	}
}

TEST(quoting_is_minimal_for_ordinary_values)
{
	static const struct {
		const char *s, *want;
	} cases[] = {
		{ "/usr/sbin/nginx", "/usr/sbin/nginx" },
		{ "web-1.x_y", "web-1.x_y" },
		{ "*", "\"*\"" },
		{ "123", "\"123\"" },
		{ "true", "\"true\"" },
		{ "@x", "\"@x\"" },
		{ "a\nb", "\"a\\nb\"" },
		{ "q\"\\", "q\"\\" },
		{ "\"q", "\"\\\"q\"" },
		{ "c\x01", "\"c\\x01\"" },
		{ "/[ab]", "/[ab]" },
	};
	struct capture c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, capture_open(&c));
		policy_print_scalar(c.f, cases[i].s, false);
		EXPECT_STREQ(cases[i].want, capture_text(&c));
		capture_close(&c);
	}
}

/* A string YAML cannot hold is printed, and said to be unfaithful. */
TEST(print_flags_strings_that_are_not_utf8)
{
	struct policy_image img;
	char *text;
	int err;

	build_base(&img);
	memcpy(img.strings + img.groups[0].description, "web\xff", 4);
	text = print_image(&img, &err);
	EXPECT_EQ(-EILSEQ, err);
	EXPECT_NE(NULL, strstr(text, "    description: \"web\\xffserver\"\n"));
	free(text);
	policy_image_free(&img);
}

TEST_HARNESS_MAIN
