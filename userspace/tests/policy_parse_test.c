// SPDX-License-Identifier: GPL-2.0
/*
 * The policy compiler: what each construct of docs/policy.md compiles to,
 * field by field; every error message, exactly, through the golden files;
 * the limits; and the `check' and `compile' commands.
 *
 * Golden files live in tests/golden (IPCWALL_GOLDEN_DIR overrides it):
 *   good/NAME.yaml, or a directory good/NAME, must compile, and the
 *     image printed by policy_image_print() must equal good/NAME.out;
 *   bad/NAME.yaml, or a directory bad/NAME, must fail with exactly the
 *     errors in bad/NAME.err.
 * Paths are given relative to good/ or bad/, so messages read "NAME.yaml:
 * LINE:COL: ...". Run with IPCWALL_GOLDEN_UPDATE=1 to rewrite every .out
 * and .err from what the compiler does now; review the diff before
 * keeping it.
 */
#define _GNU_SOURCE	/* asprintf */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tool_run.h"
#include "common.h"
#include "../kmod/limits.h"
#include "policy_image.h"
#include "policy_parse.h"

/* ---- Compiling from memory ---- */

FIXTURE(pc) {
	struct yaml_diags d;
	struct policy_image img;
	struct capture c;
};

FIXTURE_SETUP(pc)
{
	yaml_diags_init(&self->d);
	ASSERT_EQ(0, policy_image_init(&self->img));
	ASSERT_EQ(0, capture_open(&self->c));
}

FIXTURE_TEARDOWN(pc)
{
	policy_image_free(&self->img);
	yaml_diags_free(&self->d);
	capture_close(&self->c);
}

/*
 * Compiles the NULL-terminated list of documents, named a.yaml, b.yaml...
 * Returns what policy_compile_mem() returns.
 */
static int compile(FIXTURE_DATA(pc) *self, const char *text, ...)
{
	static const char *const names[] = { "a.yaml", "b.yaml", "c.yaml" };
	const void *bufs[3];
	size_t lens[3], n = 0;
	const char *t;
	va_list ap;
	int ret;

	va_start(ap, text);
	for (t = text; t && n < 3; t = va_arg(ap, const char *)) {
		lens[n] = strlen(t);
		bufs[n] = exact_copy(t, lens[n]);
		n++;
	}
	va_end(ap);
	ret = policy_compile_mem(names, bufs, lens, n, &self->d, &self->img);
	while (n--)
		free((void *)bufs[n]);
	return ret;
}

static const char *diags(FIXTURE_DATA(pc) *self)
{
	if (capture_reset(&self->c))
		return NULL;
	yaml_diags_print(&self->d, self->c.f);
	return capture_text(&self->c);
}

#define SIG(n) (1ULL << ((n) % 64))

TEST_F(pc, group_fields_and_defaults)
{
	const struct ipcwall_policy_group *g;

	ASSERT_EQ(0, compile(self, "group: web\n", "groups:\n"
			     "  - group: db\n"
			     "    description: the database\n"
			     "    mode: complain\n"
			     "    default: {inbound: deny}\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(2, self->img.n_groups);
	g = &self->img.groups[0];
	EXPECT_STREQ("web", policy_image_str(&self->img, g->name));
	EXPECT_EQ(0, g->description);
	EXPECT_EQ(IPCWALL_MODE_ENFORCE, g->mode);
	EXPECT_EQ(IPCWALL_ALLOW, g->default_inbound);
	EXPECT_EQ(IPCWALL_ALLOW, g->default_outbound);
	EXPECT_EQ(0, g->selector_count);
	EXPECT_EQ(0, g->rule_count);
	g = &self->img.groups[1];
	EXPECT_STREQ("db", policy_image_str(&self->img, g->name));
	EXPECT_STREQ("the database", policy_image_str(&self->img, g->description));
	EXPECT_EQ(IPCWALL_MODE_COMPLAIN, g->mode);
	EXPECT_EQ(IPCWALL_DENY, g->default_inbound);
	EXPECT_EQ(IPCWALL_ALLOW, g->default_outbound);
}

TEST_F(pc, selectors_refs_and_ids)
{
	const struct ipcwall_policy_selector *s;
	const struct ipcwall_policy_group *g;
	const struct policy_image *img = &self->img;

	ASSERT_EQ(0, compile(self, "group: w\n"
			     "members:\n"
			     "  - exe: /usr/sbin/nginx\n"
			     "  - exe: [/a, /b*]\n"
			     "    cgroup: /system.slice/w.service\n"
			     "    uid: [root, 1000]\n"
			     "    gid: 0x10\n"
			     "launch: [0, 7]\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(1, img->n_groups);
	g = &img->groups[0];
	EXPECT_EQ(0, g->selector_first);
	ASSERT_EQ(2, g->selector_count);
	s = &img->selectors[0];
	ASSERT_EQ(1, s->exe_count);
	EXPECT_STREQ("/usr/sbin/nginx", policy_image_str(img, img->refs[s->exe_first]));
	EXPECT_EQ(0, s->cgroup_count + s->uid_count + s->gid_count);
	s = &img->selectors[1];
	ASSERT_EQ(2, s->exe_count);
	EXPECT_STREQ("/a", policy_image_str(img, img->refs[s->exe_first]));
	EXPECT_STREQ("/b*", policy_image_str(img, img->refs[s->exe_first + 1]));
	ASSERT_EQ(1, s->cgroup_count);
	EXPECT_STREQ("/system.slice/w.service",
		     policy_image_str(img, img->refs[s->cgroup_first]));
	ASSERT_EQ(2, s->uid_count);
	EXPECT_EQ(0, img->ids[s->uid_first]);
	EXPECT_EQ(1000, img->ids[s->uid_first + 1]);
	ASSERT_EQ(1, s->gid_count);
	EXPECT_EQ(16, img->ids[s->gid_first]);
	ASSERT_EQ(2, g->launch_count);
	EXPECT_EQ(0, img->ids[g->launch_first]);
	EXPECT_EQ(7, img->ids[g->launch_first + 1]);
}

TEST_F(pc, signal_rules_expand_peers)
{
	const struct ipcwall_policy_rule *r;

	ASSERT_EQ(0, compile(self, "group: a\n"
			     "rules:\n"
			     "  - allow: signal\n"
			     "    from: [unconfined, b, \"*\"]\n"
			     "    signals: [SIGTERM, 0, RTMIN+1..RTMIN+2, RTMAX]\n"
			     "  - deny: signal\n"
			     "    to: a\n",
			     "group: b\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(4, self->img.n_rules);
	EXPECT_EQ(4, self->img.groups[0].rule_count);
	r = &self->img.rules[0];
	EXPECT_EQ(IPCWALL_CLASS_SIGNAL, r->class);
	EXPECT_EQ(IPCWALL_ALLOW, r->action);
	EXPECT_EQ(IPCWALL_INBOUND, r->direction);
	EXPECT_EQ(IPCWALL_OBJECT_PEER, r->object);
	EXPECT_EQ(0, r->flags);
	EXPECT_EQ(IPCWALL_OPS_SIGNAL, r->ops);
	EXPECT_EQ(IPCWALL_PEER_UNCONFINED, r->peer);
	EXPECT_EQ(SIG(15) | SIG(0) | SIG(35) | SIG(36), r->signals[0]);
	EXPECT_EQ(SIG(64), r->signals[1]);
	EXPECT_EQ(1, self->img.rules[1].peer);
	EXPECT_EQ(SIG(15) | SIG(0) | SIG(35) | SIG(36), self->img.rules[1].signals[0]);
	EXPECT_EQ(IPCWALL_PEER_ANY, self->img.rules[2].peer);
	r = &self->img.rules[3];
	EXPECT_EQ(IPCWALL_DENY, r->action);
	EXPECT_EQ(IPCWALL_OUTBOUND, r->direction);
	EXPECT_EQ(IPCWALL_RULE_AUDIT, r->flags);
	EXPECT_EQ(0, r->peer);
	EXPECT_EQ(~0ULL, r->signals[0]);
	EXPECT_EQ(1, r->signals[1]);
}

TEST_F(pc, sysv_ops_and_keys)
{
	const struct ipcwall_policy_rule *r;

	ASSERT_EQ(0, compile(self, "group: a\n"
			     "rules:\n"
			     "  - allow: shm\n"
			     "    to: a\n"
			     "  - deny: msg\n"
			     "    keys: [0x10, 7]\n"
			     "    audit: false\n"
			     "  - allow: sem\n"
			     "    from: \"*\"\n"
			     "    ops: control\n"
			     "    audit: true\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(4, self->img.n_rules);
	r = &self->img.rules[0];
	EXPECT_EQ(IPCWALL_CLASS_SHM, r->class);
	EXPECT_EQ(IPCWALL_OPS_SHM & ~IPCWALL_OP_SYSV_CREATE, r->ops);
	EXPECT_EQ(IPCWALL_OBJECT_PEER, r->object);
	r = &self->img.rules[1];
	EXPECT_EQ(IPCWALL_CLASS_MSG, r->class);
	EXPECT_EQ(IPCWALL_OBJECT_KEY, r->object);
	EXPECT_EQ(IPCWALL_OPS_MSG, r->ops);
	EXPECT_EQ(0x10, r->key);
	EXPECT_EQ(0, r->flags);
	EXPECT_EQ(7, self->img.rules[2].key);
	r = &self->img.rules[3];
	EXPECT_EQ(IPCWALL_CLASS_SEM, r->class);
	EXPECT_EQ(IPCWALL_INBOUND, r->direction);
	EXPECT_EQ(IPCWALL_OP_SYSV_CONTROL, r->ops);
	EXPECT_EQ(IPCWALL_RULE_AUDIT, r->flags);
}

TEST_F(pc, inet_addresses_times_ports)
{
	static const __u8 v6[16] = { 0xfe, 0x80 };
	const struct ipcwall_policy_rule *r;

	ASSERT_EQ(0, compile(self, "group: a\n"
			     "rules:\n"
			     "  - allow: inet\n"
			     "    addresses: [10.1.0.0/16, \"fe80::/10\"]\n"
			     "    ports: [80, 1000-2000]\n"
			     "    protocols: udp\n"
			     "    ops: bind\n"
			     "  - deny: inet\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(5, self->img.n_rules);
	r = &self->img.rules[0];
	EXPECT_EQ(IPCWALL_CLASS_INET, r->class);
	EXPECT_EQ(IPCWALL_OBJECT_INET, r->object);
	EXPECT_EQ(IPCWALL_OUTBOUND, r->direction);
	EXPECT_EQ(IPCWALL_OP_INET_BIND, r->ops);
	EXPECT_EQ(IPCWALL_INET4, r->inet.family);
	EXPECT_EQ(16, r->inet.prefix_len);
	EXPECT_EQ(IPCWALL_PROTO_UDP, r->inet.protocols);
	EXPECT_EQ(10, r->inet.addr[0]);
	EXPECT_EQ(1, r->inet.addr[1]);
	EXPECT_EQ(80, r->inet.port_min);
	EXPECT_EQ(80, r->inet.port_max);
	r = &self->img.rules[1];
	EXPECT_EQ(IPCWALL_INET4, r->inet.family);
	EXPECT_EQ(1000, r->inet.port_min);
	EXPECT_EQ(2000, r->inet.port_max);
	r = &self->img.rules[2];
	EXPECT_EQ(IPCWALL_INET6, r->inet.family);
	EXPECT_EQ(10, r->inet.prefix_len);
	EXPECT_EQ(0, memcmp(v6, r->inet.addr, 16));
	EXPECT_EQ(80, r->inet.port_min);
	r = &self->img.rules[4];
	EXPECT_EQ(IPCWALL_DENY, r->action);
	EXPECT_EQ(IPCWALL_INET_ANY, r->inet.family);
	EXPECT_EQ(0, r->inet.prefix_len);
	EXPECT_EQ(IPCWALL_PROTOS, r->inet.protocols);
	EXPECT_EQ(0, r->inet.port_min);
	EXPECT_EQ(65535, r->inet.port_max);
	EXPECT_EQ(IPCWALL_OPS_INET, r->ops);
}

TEST_F(pc, path_rules_share_strings)
{
	const struct ipcwall_policy_rule *r;

	ASSERT_EQ(0, compile(self, "group: a\n"
			     "members: [{exe: /x}]\n"
			     "rules:\n"
			     "  - allow: file\n"
			     "    paths: [/x, /y/**]\n"
			     "    ops: [exec, read]\n"
			     "  - deny: unix\n"
			     "    paths: \"@bus\"\n"
			     "  - deny: posix_mq\n"
			     "    names: /q\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(4, self->img.n_rules);
	r = &self->img.rules[0];
	EXPECT_EQ(IPCWALL_OBJECT_PATH, r->object);
	EXPECT_EQ(IPCWALL_OP_FILE_EXEC | IPCWALL_OP_FILE_READ, r->ops);
	EXPECT_EQ(self->img.refs[0], r->string);
	EXPECT_STREQ("/y/**", policy_image_str(&self->img, self->img.rules[1].string));
	EXPECT_STREQ("@bus", policy_image_str(&self->img, self->img.rules[2].string));
	EXPECT_EQ(IPCWALL_OPS_UNIX, self->img.rules[2].ops);
	EXPECT_EQ(IPCWALL_CLASS_POSIX_MQ, self->img.rules[3].class);
}

/* A group defined after, or in another file, is found by the first pass. */
TEST_F(pc, peers_across_files)
{
	ASSERT_EQ(0, compile(self, "group: a\nrules: [{deny: ptrace, to: c}]\n",
			     "group: b\n",
			     "group: c\nrules: [{deny: ptrace, from: a}]\n", NULL))
		TH_LOG("%s", diags(self));
	ASSERT_EQ(2, self->img.n_rules);
	EXPECT_EQ(2, self->img.rules[0].peer);
	EXPECT_EQ(0, self->img.rules[1].peer);
	EXPECT_EQ(1, self->img.groups[2].rule_first);
}

TEST_F(pc, errors_across_files_and_nothing_produced)
{
	EXPECT_EQ(-1, compile(self, "group: a\n", "group: a\n", NULL));
	EXPECT_STREQ("b.yaml:1:8: error: group `a' is already defined at a.yaml:1:8\n",
		     diags(self));
}

/* A file that does not load may define any group: no guesses about peers. */
TEST_F(pc, unloadable_file_hides_unknown_peers)
{
	EXPECT_EQ(-1, compile(self, "group: a\nrules: [{deny: ptrace, to: b}]\n",
			      "group: b\nrules: [\n", NULL));
	EXPECT_STREQ("b.yaml:3:1: error: did not find expected node content "
		     "(while parsing a flow node at line 3, column 1)\n",
		     diags(self));
}

/* Generates "groups:" and @n groups of @each, %u being the index. */
static char *generate(unsigned int n, const char *head, const char *each)
{
	size_t len = 0;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);
	unsigned int i;

	if (!f)
		return NULL;
	fputs(head, f);
	for (i = 0; i < n; i++)
		fprintf(f, each, i);
	fclose(f);
	return text;
}

TEST_F(pc, limit_selectors)
{
	char *t = generate(IPCWALL_MAX_SELECTORS + 1, "group: a\nmembers:\n",
			   "  - {exe: /x, uid: %u}\n");

	ASSERT_NE(NULL, t);
	EXPECT_EQ(-1, compile(self, t, NULL));
	free(t);
	EXPECT_STREQ("a.yaml:65539:11: error: exe or cgroup glob 65537 exceeds the limit of 65536 exe and cgroup globs\n"
		     "a.yaml:65539:20: error: uid or gid 65537 exceeds the limit of 65536 uids and gids\n"
		     "a.yaml:65539:5: error: selector 65537 exceeds the limit of 65536 selectors\n",
		     diags(self));
}

TEST_F(pc, limit_refs)
{
	char *t = generate(IPCWALL_MAX_REFS + 1, "group: a\nmembers:\n - exe:\n",
			   "   - /%u\n");

	ASSERT_NE(NULL, t);
	EXPECT_EQ(-1, compile(self, t, NULL));
	free(t);
	EXPECT_STREQ("a.yaml:65540:6: error: exe or cgroup glob 65537 exceeds the limit of 65536 exe and cgroup globs\n",
		     diags(self));
}

TEST_F(pc, limit_ids)
{
	char *t = generate(IPCWALL_MAX_IDS + 1, "group: a\nlaunch:\n",
			   " - %u\n");

	ASSERT_NE(NULL, t);
	EXPECT_EQ(-1, compile(self, t, NULL));
	free(t);
	EXPECT_STREQ("a.yaml:65539:4: error: uid or gid 65537 exceeds the limit of 65536 uids and gids\n",
		     diags(self));
}

/*
 * Distinct 256-byte globs, 257 bytes each with its NUL: after the leading
 * NUL and "a", the 32641st takes the strings past 8 MiB.
 */
TEST_F(pc, limit_strings)
{
	char each[300];
	char *t;

	memset(each, 'x', sizeof(each));
	memcpy(each, "   - /%08u", 10);
	strcpy(each + 257, "\n");
	t = generate(32700, "group: a\nmembers:\n - exe:\n", each);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(-1, compile(self, t, NULL));
	free(t);
	EXPECT_STREQ("a.yaml:32644:6: error: the strings of the policy reach 8388740 bytes here, past the limit of 8388608 bytes\n",
		     diags(self));
}

/* ---- Golden files ---- */

static const char *golden_dir(void)
{
	const char *dir = getenv("IPCWALL_GOLDEN_DIR");

	return dir && *dir ? dir : "tests/golden";
}

static bool updating(void)
{
	const char *u = getenv("IPCWALL_GOLDEN_UPDATE");

	return u && !strcmp(u, "1");
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The cases in the current directory: *.yaml files and directories. */
static char **cases(size_t *n)
{
	DIR *dp = opendir(".");
	char **v = NULL, **p;
	struct dirent *e;
	struct stat st;
	size_t len;

	*n = 0;
	if (!dp)
		return NULL;
	while ((e = readdir(dp))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || stat(e->d_name, &st))
			continue;
		if (!S_ISDIR(st.st_mode) &&
		    (len < 6 || strcmp(e->d_name + len - 5, ".yaml")))
			continue;
		p = realloc(v, (*n + 1) * sizeof(*v));
		if (!p)
			break;
		v = p;
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(dp);
	qsort(v, *n, sizeof(*v), entry_cmp);
	return v;
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	FILE *f = fopen(path, "r");
	long size;

	*len = 0;
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = malloc(size + 1);
		if (buf && fread(buf, 1, size, f) == (size_t)size) {
			buf[size] = '\0';
			*len = size;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* Prints `diff -u' of @expected_path and @actual as TAP diagnostics. */
static void show_diff(const char *expected_path, const char *actual)
{
	char tmp[] = "/tmp/ipcwall-golden-XXXXXX", cmd[512], line[1024];
	int fd = mkstemp(tmp);
	FILE *p;

	if (fd < 0)
		return;
	if (write(fd, actual, strlen(actual)) < 0)
		TH_LOG("cannot write %s", tmp);
	close(fd);
	snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s'", expected_path, tmp);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		printf("# %s", line);
	if (p)
		pclose(p);
	unlink(tmp);
}

/* Compares @actual with the file @path, or rewrites it when updating. */
static bool same_as_file(const char *path, const char *actual)
{
	size_t len;
	char *expected;
	bool same;
	FILE *f;

	if (updating()) {
		f = fopen(path, "w");
		if (!f || fputs(actual, f) < 0 || fclose(f))
			return false;
		return true;
	}
	expected = slurp(path, &len);
	if (!expected) {
		TH_LOG("%s: cannot read: %s", path, strerror(errno));
		return false;
	}
	same = len == strlen(actual) && !memcmp(expected, actual, len);
	free(expected);
	if (!same)
		show_diff(path, actual);
	return same;
}

/* The path of the expectation of case @name: NAME.@ext. */
static char *expectation(const char *name, const char *ext)
{
	size_t len = strlen(name);
	char *path;

	if (len > 5 && !strcmp(name + len - 5, ".yaml"))
		len -= 5;
	if (asprintf(&path, "%.*s.%s", (int)len, name, ext) < 0)
		return NULL;
	return path;
}

/*
 * What show prints compiles back to the very same image: compiles the
 * printed text again and compares both the encodings and the texts.
 */
static bool reprints(const struct policy_image *img)
{
	const char *name = "printed.yaml";
	struct policy_image again;
	struct capture c1, c2;
	void *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	struct yaml_diags d;
	const void *buf;
	bool ok = false;

	yaml_diags_init(&d);
	if (policy_image_init(&again) || capture_open(&c1) || capture_open(&c2))
		return false;
	policy_image_print(img, c1.f);
	buf = capture_text(&c1);
	l1 = strlen(buf);
	if (policy_compile_mem(&name, &buf, &l1, 1, &d, &again)) {
		yaml_diags_print(&d, c2.f);
		TH_LOG("the printed policy does not compile:\n%s%s",
		       capture_text(&c2), capture_text(&c1));
		goto out;
	}
	policy_image_print(&again, c2.f);
	if (strcmp(capture_text(&c1), capture_text(&c2))) {
		TH_LOG("printing the reprinted policy differs:\n%s", capture_text(&c2));
		goto out;
	}
	if (policy_image_encode(img, &b1, &l1) ||
	    policy_image_encode(&again, &b2, &l2) || l1 != l2 ||
	    memcmp(b1, b2, l1)) {
		TH_LOG("the reprinted policy compiles to other bytes");
		goto out;
	}
	ok = true;
out:
	free(b1);
	free(b2);
	capture_close(&c1);
	capture_close(&c2);
	policy_image_free(&again);
	yaml_diags_free(&d);
	return ok;
}

/*
 * Runs every case of @sub (good or bad) and returns how many failed;
 * *@total gets how many ran.
 */
static int run_golden(const char *sub, bool good, size_t *total)
{
	struct policy_image img;
	struct yaml_diags d;
	struct capture c;
	char *path, **v;
	size_t n, i;
	int failed = 0, ret;

	if (chdir(golden_dir()) || chdir(sub)) {
		TH_LOG("cannot enter %s/%s: %s", golden_dir(), sub,
		       strerror(errno));
		return 1;
	}
	v = cases(&n);
	*total = n;
	for (i = 0; i < n; i++) {
		yaml_diags_init(&d);
		if (policy_image_init(&img) || capture_open(&c))
			return failed + 1;
		ret = policy_compile_paths(&v[i], 1, &d, &img);
		if (good && ret) {
			yaml_diags_print(&d, c.f);
			TH_LOG("%s/%s does not compile:\n%s", sub, v[i],
			       capture_text(&c));
			failed++;
		} else if (!good && !ret) {
			TH_LOG("%s/%s compiles but should not", sub, v[i]);
			failed++;
		} else {
			if (good && !reprints(&img))
				failed++;
			if (good)
				policy_image_print(&img, c.f);
			else
				yaml_diags_print(&d, c.f);
			path = expectation(v[i], good ? "out" : "err");
			if (!path || !same_as_file(path, capture_text(&c))) {
				TH_LOG("%s/%s: output differs from %s", sub,
				       v[i], path);
				failed++;
			}
			free(path);
		}
		capture_close(&c);
		policy_image_free(&img);
		yaml_diags_free(&d);
		free(v[i]);
	}
	free(v);
	return failed;
}

TEST(golden_good)
{
	size_t total = 0;

	EXPECT_EQ(0, run_golden("good", true, &total));
	EXPECT_LE(10, total);
}

TEST(golden_bad)
{
	size_t total = 0;

	EXPECT_EQ(0, run_golden("bad", false, &total));
	EXPECT_LE(30, total);
}

/* ---- The commands ---- */


FIXTURE(cli) {
	struct tool_run r;
	char dir[64];
};

FIXTURE_SETUP(cli)
{
	char *bin = realpath(tool_path(), NULL);

	ASSERT_NE(NULL, bin) TH_LOG("no tool at %s", tool_path());
	setenv("IPCWALL_BIN", bin, 1);
	free(bin);
	ASSERT_EQ(0, chdir(golden_dir()));
	strcpy(self->dir, "/tmp/ipcwall-compile-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(cli)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/p", self->dir);
	unlink(path);
	rmdir(self->dir);
}

TEST_F(cli, check_good)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "check", "good/multi", "good/file.yaml", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_STREQ("good/multi good/file.yaml: 5 groups, 12 rules: ok\n",
		     self->r.out);
	EXPECT_STREQ("", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "check", "good/minimal.yaml", NULL));
	EXPECT_STREQ("good/minimal.yaml: 1 group, 0 rules: ok\n", self->r.out);
}

TEST_F(cli, check_bad)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "check", "bad/dup_group", "bad/nosuch.yaml",
			 NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("bad/nosuch.yaml: error: cannot open: No such file or directory\n"
		     "bad/dup_group/b.yaml:3:12: error: group `nginx' is already defined at bad/dup_group/a.yaml:1:8\n"
		     "bad/dup_group/b.yaml:4:12: error: group `other' is already defined at bad/dup_group/b.yaml:2:12\n",
		     self->r.err);
}

TEST_F(cli, check_usage)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "check", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("ipcwall: check: no policy file or directory given\n"
		     "Usage: ipcwall check <path>...\n", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "check", "--bogus", "good", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("ipcwall: check: unknown option `--bogus'\n"
		     "Usage: ipcwall check <path>...\n", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "help", "check", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_EQ(0, strncmp(self->r.out, "Usage: ipcwall check <path>...\n", 31));
}

TEST_F(cli, compile_writes_what_compiles)
{
	char path[128];
	size_t len, flen;
	struct stat st;
	char *file;
	void *buf;
	struct policy_image img;
	struct yaml_diags d;
	char *paths[] = { "good/sysv.yaml" };

	snprintf(path, sizeof(path), "%s/p", self->dir);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "good/sysv.yaml", "-o", path, NULL));
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_STREQ("", self->r.out);
	EXPECT_STREQ("", self->r.err);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0644, st.st_mode & 0777);

	yaml_diags_init(&d);
	ASSERT_EQ(0, policy_image_init(&img));
	ASSERT_EQ(0, policy_compile_paths(paths, 1, &d, &img));
	ASSERT_EQ(0, policy_image_encode(&img, &buf, &len));
	file = slurp(path, &flen);
	ASSERT_NE(NULL, file);
	EXPECT_EQ(len, flen);
	EXPECT_EQ(0, memcmp(file, buf, len < flen ? len : flen));
	free(file);

	/* To standard output, the same bytes. */
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "-o", "-", "good/sysv.yaml", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_EQ(len, self->r.out_len);
	EXPECT_EQ(0, memcmp(self->r.out, buf, len));
	free(buf);
	policy_image_free(&img);
	yaml_diags_free(&d);
}

TEST_F(cli, compile_errors_write_nothing)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/p", self->dir);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "bad/peers.yaml", "-o", path, NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_EQ(0, strncmp(self->r.err, "bad/peers.yaml:5:13: error: unknown group `ngnix'", 49));
	EXPECT_NE(0, access(path, F_OK));

	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "good/sysv.yaml", "-o",
			 "/nonexistent/dir/p", NULL));
	EXPECT_EQ(1, self->r.status);
	EXPECT_STREQ("ipcwall: /nonexistent/dir/p: error: cannot create a temporary file next to it: No such file or directory\n",
		     self->r.err);
}

TEST_F(cli, compile_usage)
{
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "good/sysv.yaml", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("ipcwall: compile: no output file given (-o FILE)\n"
		     "Usage: ipcwall compile <path>... -o <file>\n", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "good/sysv.yaml", "-o", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("ipcwall: compile: -o needs a FILE\n"
		     "Usage: ipcwall compile <path>... -o <file>\n", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "-o", "x", "-o", "y", "good", NULL));
	EXPECT_EQ(2, self->r.status);
	EXPECT_STREQ("ipcwall: compile: -o given twice\n"
		     "Usage: ipcwall compile <path>... -o <file>\n", self->r.err);
	ASSERT_EQ(0, tool_run(&self->r, NULL, "compile", "--help", NULL));
	EXPECT_EQ(0, self->r.status);
	EXPECT_EQ(0, strncmp(self->r.out, "Usage: ipcwall compile <path>... -o <file>\n", 43));
}

TEST_HARNESS_MAIN
