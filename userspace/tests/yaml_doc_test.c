// SPDX-License-Identifier: GPL-2.0
/*
 * The YAML document model: the exact diagnostics (position and text) of
 * every rejected construct and every failed check, and the shape and
 * positions of the trees that load.
 */
#include <stdint.h>

#include "harness.h"
#include "common.h"
#include "yaml_doc.h"

FIXTURE(y) {
	struct yaml_diags d;
	struct yaml_doc *doc;
	struct capture c;
};

FIXTURE_SETUP(y)
{
	yaml_diags_init(&self->d);
	self->doc = NULL;
	ASSERT_EQ(0, capture_open(&self->c));
}

FIXTURE_TEARDOWN(y)
{
	yaml_doc_free(self->doc);
	yaml_diags_free(&self->d);
	capture_close(&self->c);
}

/* Loads @text as "p.yaml" from an exact heap copy; returns the root. */
static const struct yaml_node *load_len(FIXTURE_DATA(y) *self,
					const char *text, size_t len)
{
	void *buf = exact_copy(text, len);
	int ret;

	if (!buf)
		return NULL;
	yaml_doc_free(self->doc);
	self->doc = NULL;
	ret = yaml_doc_load_mem("p.yaml", buf, len, &self->d, &self->doc);
	free(buf);
	if (ret)
		return NULL;
	return self->doc->root;
}

static const struct yaml_node *load(FIXTURE_DATA(y) *self, const char *text)
{
	return load_len(self, text, strlen(text));
}

/* Everything reported so far, as the compiler will print it. */
static const char *diags(FIXTURE_DATA(y) *self)
{
	if (capture_reset(&self->c))
		return NULL;
	yaml_diags_print(&self->d, self->c.f);
	return capture_text(&self->c);
}

/* Loads @text, which must fail, and returns the diagnostics. */
static const char *fails(FIXTURE_DATA(y) *self, const char *text)
{
	if (load(self, text) || self->doc)
		return "(loaded)";
	return diags(self);
}

/* Loads "key: <value>" and returns the value node. */
static const struct yaml_node *value(FIXTURE_DATA(y) *self, const char *text)
{
	return yaml_map_get(load(self, text), "v");
}

/* ---- Loading: what is rejected ---- */

TEST_F(y, syntax_error_has_libyaml_text_and_mark)
{
	EXPECT_STREQ("p.yaml:2:1: error: did not find expected ',' or ']' "
		     "(while parsing a flow sequence at line 1, column 4)\n",
		     fails(self, "a: [1, 2\n"));
	EXPECT_EQ(1, self->d.errors);
}

TEST_F(y, unterminated_quote)
{
	EXPECT_STREQ("p.yaml:2:1: error: found unexpected end of stream "
		     "(while scanning a quoted scalar at line 1, column 4)\n",
		     fails(self, "a: \"abc\n"));
}

TEST_F(y, tab_indentation_gets_a_hint)
{
	EXPECT_STREQ("p.yaml:2:1: error: found character that cannot start any token "
		     "(while scanning for the next token at line 2, column 1); "
		     "tabs cannot indent YAML, use spaces\n",
		     fails(self, "a:\n\tb: 1\n"));
}

TEST_F(y, invalid_utf8_is_placed)
{
	EXPECT_STREQ("p.yaml:2:5: error: invalid leading UTF-8 octet (0xff)\n",
		     fails(self, "a: 1\nb: \xc3\xa9\xff\n"));
}

TEST_F(y, duplicate_key_names_both_lines)
{
	EXPECT_STREQ("p.yaml:3:1: error: duplicate key `a' (first at line 1)\n",
		     fails(self, "a: 1\nb: 2\na: 3\n"));
}

TEST_F(y, duplicate_keys_in_flow_and_nested_mappings)
{
	EXPECT_STREQ("p.yaml:2:13: error: duplicate key `x' (first at line 2)\n"
		     "p.yaml:4:3: error: duplicate key `k' (first at line 3)\n",
		     fails(self, "top:\n  f: {x: 1, x: 2}\n  k: a\n  k: b\n"));
}

TEST_F(y, same_key_in_different_mappings_is_fine)
{
	ASSERT_NE(NULL, load(self, "a: {k: 1}\nb: {k: 2}\nk: 3\n"));
}

/* Enough keys to grow the hash table several times. */
TEST_F(y, duplicate_found_in_a_large_mapping)
{
	char text[8192], *p = text;
	int i;

	for (i = 0; i < 300; i++)
		p += sprintf(p, "key%d: %d\n", i, i);
	sprintf(p, "key123: again\n");
	EXPECT_STREQ("p.yaml:301:1: error: duplicate key `key123' (first at line 124)\n",
		     fails(self, text));

	p[0] = '\0';
	ASSERT_NE(NULL, load(self, text));
	EXPECT_EQ(300, self->doc->root->map.count);
	EXPECT_STREQ("299", yaml_map_get(self->doc->root, "key299")->scalar.str);
}

TEST_F(y, keys_differ_by_embedded_nul)
{
	ASSERT_NE(NULL, load(self, "\"a\\0b\": 1\n\"a\\0c\": 2\n\"a\": 3\n"));
	EXPECT_EQ(3, self->doc->root->map.count);
	EXPECT_STREQ("p.yaml:2:1: error: duplicate key `a\\x00b' (first at line 1)\n",
		     fails(self, "\"a\\0b\": 1\n\"a\\0b\": 2\n"));
}

TEST_F(y, anchor_and_alias)
{
	EXPECT_STREQ("p.yaml:1:4: error: anchors and aliases are not supported (found `&x')\n"
		     "p.yaml:2:4: error: anchors and aliases are not supported (found `*x')\n",
		     fails(self, "a: &x 1\nb: *x\n"));
}

TEST_F(y, anchor_on_a_collection_and_merge_key)
{
	EXPECT_STREQ("p.yaml:1:7: error: anchors and aliases are not supported (found `&base')\n"
		     "p.yaml:3:7: error: anchors and aliases are not supported (found `*base')\n",
		     fails(self, "base: &base {a: 1}\nrule:\n  <<: *base\n"));
}

TEST_F(y, tags)
{
	EXPECT_STREQ("p.yaml:1:4: error: tags are not supported (found `!!str')\n"
		     "p.yaml:2:4: error: tags are not supported (found `!local')\n"
		     "p.yaml:3:4: error: tags are not supported (found `!!map')\n",
		     fails(self, "a: !!str 1\nb: !local x\nc: !!map {}\n"));
	yaml_diags_free(&self->d);
	EXPECT_STREQ("p.yaml:1:1: error: tags are not supported (found `%TAG !e!')\n",
		     fails(self, "%TAG !e! tag:example.com,2000:\n---\na: 1\n"));
}

TEST_F(y, two_documents)
{
	EXPECT_STREQ("p.yaml:2:1: error: only one document per file is allowed "
		     "(the first starts at line 1)\n",
		     fails(self, "a: 1\n---\nb: 2\n"));
	yaml_diags_free(&self->d);
	EXPECT_STREQ("p.yaml:5:1: error: only one document per file is allowed "
		     "(the first starts at line 2)\n",
		     fails(self, "# c\n---\na: 1\n...\n---\nb: 2\n"));
}

TEST_F(y, one_document_with_markers)
{
	ASSERT_NE(NULL, load(self, "%YAML 1.2\n---\na: 1\n...\n"));
	EXPECT_EQ(3, self->doc->root->line);
}

TEST_F(y, non_scalar_keys)
{
	EXPECT_STREQ("p.yaml:1:3: error: mapping keys must be scalars, found a sequence\n"
		     "p.yaml:3:1: error: mapping keys must be scalars, found a mapping\n",
		     fails(self, "? [a]\n: b\n{x: 1}: c\n"));
}

static char *nested(int depth)
{
	char *s = malloc(2 * depth + 1);
	int i;

	if (!s)
		return NULL;
	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[2 * depth - 1 - i] = ']';
	}
	s[2 * depth] = '\0';
	return s;
}

TEST_F(y, depth_limit)
{
	char *s = nested(YAML_DOC_MAX_DEPTH);
	const struct yaml_node *n;
	int i;

	ASSERT_NE(NULL, s);
	n = load(self, s);
	ASSERT_NE(NULL, n) TH_LOG("%s", diags(self));
	for (i = 1; i < YAML_DOC_MAX_DEPTH; i++) {
		ASSERT_EQ(YAML_DOC_SEQ, n->kind);
		ASSERT_EQ(1, n->seq.count);
		n = n->seq.items[0];
	}
	EXPECT_EQ(0, n->seq.count);
	EXPECT_EQ(YAML_DOC_MAX_DEPTH, n->col);
	free(s);

	s = nested(YAML_DOC_MAX_DEPTH + 1);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("p.yaml:1:65: error: mappings and sequences nested deeper than 64 levels\n",
		     fails(self, s));
	free(s);
}

TEST_F(y, scalar_length_limit)
{
	char *s = malloc(YAML_DOC_MAX_SCALAR + 16);

	ASSERT_NE(NULL, s);
	memcpy(s, "a: ", 3);
	memset(s + 3, 'x', YAML_DOC_MAX_SCALAR);
	strcpy(s + 3 + YAML_DOC_MAX_SCALAR, "\n");
	ASSERT_NE(NULL, load(self, s));
	EXPECT_EQ(YAML_DOC_MAX_SCALAR, yaml_map_get(self->doc->root, "a")->scalar.len);

	/* One byte more; the message quotes the start of it. */
	memset(s + 3, 'x', YAML_DOC_MAX_SCALAR + 1);
	strcpy(s + 4 + YAML_DOC_MAX_SCALAR, "\n");
	EXPECT_STREQ("p.yaml:1:4: error: scalar `"
		     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 4097 bytes long; "
		     "expected at most 4096 bytes\n", fails(self, s));
	free(s);
}

TEST_F(y, file_size_limit)
{
	/* Checked before a byte is read: calloc'd pages stay untouched. */
	char *s = calloc(1, YAML_DOC_MAX_FILE_SIZE + 1);

	ASSERT_NE(NULL, s);
	EXPECT_EQ(-1, yaml_doc_load_mem("big.yaml", s, YAML_DOC_MAX_FILE_SIZE + 1,
					&self->d, &self->doc));
	EXPECT_EQ(NULL, self->doc);
	EXPECT_STREQ("big.yaml: error: file is 67108865 bytes; expected at most 67108864 bytes\n",
		     diags(self));
	free(s);
}

/* Minutes under valgrind: it builds YAML_DOC_MAX_NODES nodes, twice. */
TEST_F_TIMEOUT(y, node_limit, 900)
{
	size_t n = YAML_DOC_MAX_NODES, len = 2 * n + 3;
	char *s = malloc(len);
	size_t i;

	ASSERT_NE(NULL, s);
	/* A sequence of n - 1 items: n nodes, at the limit. */
	s[0] = '[';
	for (i = 0; i < n - 1; i++)
		memcpy(s + 1 + 2 * i, "0,", 2);
	s[2 * n - 2] = ']';
	ASSERT_NE(NULL, load_len(self, s, 2 * n - 1)) TH_LOG("%s", diags(self));
	EXPECT_EQ(n - 1, self->doc->root->seq.count);

	/* One more item, which is the node too many. */
	memcpy(s + 2 * n - 2, ",0]", 3);
	EXPECT_EQ(NULL, load_len(self, s, 2 * n + 1));
	EXPECT_STREQ("p.yaml:1:8000000: error: more than 4000000 nodes in one file\n",
		     diags(self));
	free(s);
}

TEST_F(y, errors_are_capped)
{
	char text[4096], *p = text;
	const char *out;
	int i;

	for (i = 0; i < 150; i++)
		p += sprintf(p, "- *a%d\n", i);
	ASSERT_EQ(NULL, load(self, text));
	EXPECT_EQ(YAML_DOC_MAX_DIAGS + 1, self->d.errors);
	EXPECT_TRUE(yaml_diags_full(&self->d));
	ASSERT_EQ(YAML_DOC_MAX_DIAGS + 1, self->d.n);
	EXPECT_STREQ("too many errors; not reporting any more",
		     self->d.v[YAML_DOC_MAX_DIAGS].message);
	EXPECT_EQ(101, self->d.v[YAML_DOC_MAX_DIAGS].line);
	out = diags(self);
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "p.yaml:100:3: error: anchors and aliases are not supported (found `*a99')\n"
				    "p.yaml:101:3: error: too many errors; not reporting any more\n"));
}

TEST_F(y, diags_shared_by_files)
{
	EXPECT_EQ(NULL, load(self, "a: *x\n"));
	ASSERT_NE(NULL, load(self, "a: 1\n"));
	yaml_error(&self->d, self->doc->root, "custom %d", 42);
	EXPECT_STREQ("p.yaml:1:4: error: anchors and aliases are not supported (found `*x')\n"
		     "p.yaml:1:1: error: custom 42\n", diags(self));
	EXPECT_EQ(2, self->d.errors);
}

/* ---- Loading: trees ---- */

TEST_F(y, empty_documents_have_no_root)
{
	static const char *const empty[] = {
		"", "\n", "# only a comment\n", "---\n", "--- ~\n", "null\n",
		"---\n...\n",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(empty); i++) {
		EXPECT_EQ(NULL, load(self, empty[i])) TH_LOG("input %u", i);
		EXPECT_NE(NULL, self->doc) TH_LOG("input %u", i);
	}
	EXPECT_EQ(0, self->d.errors);
	ASSERT_NE(NULL, load(self, "\"\"\n"));
	EXPECT_EQ(YAML_DOC_DOUBLE_QUOTED, self->doc->root->scalar.style);
}

TEST_F(y, shape_and_positions)
{
	const struct yaml_node *r, *n, *k;

	r = load(self,
		 "# policy\n"
		 "name: web\n"
		 "list: [a, 'b c']\n"
		 "rules:\n"
		 "  - exe: /usr/bin/x\n"
		 "    uid: 0\n"
		 "  - {exe: \"/bin/y\", audit: true}\n"
		 "text: |\n"
		 "  line one\n"
		 "  line two\n"
		 "folded: >\n"
		 "  a\n"
		 "  b\n"
		 "empty:\n");
	ASSERT_NE(NULL, r) TH_LOG("%s", diags(self));
	ASSERT_EQ(YAML_DOC_MAP, r->kind);
	EXPECT_EQ(2, r->line);
	EXPECT_EQ(1, r->col);
	EXPECT_STREQ("p.yaml", r->file);
	ASSERT_EQ(6, r->map.count);

	k = r->map.pairs[0].key;
	EXPECT_STREQ("name", k->scalar.str);
	EXPECT_EQ(2, k->line);
	EXPECT_EQ(1, k->col);
	n = r->map.pairs[0].value;
	EXPECT_STREQ("web", n->scalar.str);
	EXPECT_EQ(YAML_DOC_PLAIN, n->scalar.style);
	EXPECT_EQ(2, n->line);
	EXPECT_EQ(7, n->col);

	n = yaml_map_get(r, "list");
	ASSERT_EQ(YAML_DOC_SEQ, n->kind);
	EXPECT_EQ(3, n->line);
	EXPECT_EQ(7, n->col);
	ASSERT_EQ(2, n->seq.count);
	EXPECT_STREQ("a", n->seq.items[0]->scalar.str);
	EXPECT_EQ(8, n->seq.items[0]->col);
	EXPECT_STREQ("b c", n->seq.items[1]->scalar.str);
	EXPECT_EQ(YAML_DOC_SINGLE_QUOTED, n->seq.items[1]->scalar.style);
	EXPECT_EQ(11, n->seq.items[1]->col);

	n = yaml_map_get(r, "rules");
	ASSERT_EQ(YAML_DOC_SEQ, n->kind);
	EXPECT_EQ(5, n->line);
	EXPECT_EQ(3, n->col);
	ASSERT_EQ(2, n->seq.count);
	k = n->seq.items[0];
	ASSERT_EQ(YAML_DOC_MAP, k->kind);
	EXPECT_EQ(5, k->line);
	EXPECT_EQ(5, k->col);
	EXPECT_STREQ("0", yaml_map_get(k, "uid")->scalar.str);
	EXPECT_EQ(6, yaml_map_get(k, "uid")->line);
	EXPECT_EQ(10, yaml_map_get(k, "uid")->col);
	k = n->seq.items[1];
	ASSERT_EQ(YAML_DOC_MAP, k->kind);
	EXPECT_EQ(7, k->line);
	EXPECT_EQ(5, k->col);
	EXPECT_EQ(YAML_DOC_DOUBLE_QUOTED, yaml_map_get(k, "exe")->scalar.style);
	EXPECT_EQ(11, yaml_map_get(k, "exe")->col);
	EXPECT_EQ(2, k->map.count);
	EXPECT_STREQ("audit", k->map.pairs[1].key->scalar.str);

	n = yaml_map_get(r, "text");
	EXPECT_STREQ("line one\nline two\n", n->scalar.str);
	EXPECT_EQ(18, n->scalar.len);
	EXPECT_EQ(YAML_DOC_LITERAL, n->scalar.style);
	EXPECT_EQ(8, n->line);
	EXPECT_EQ(7, n->col);
	n = yaml_map_get(r, "folded");
	EXPECT_STREQ("a b\n", n->scalar.str);
	EXPECT_EQ(YAML_DOC_FOLDED, n->scalar.style);

	n = yaml_map_get(r, "empty");
	EXPECT_TRUE(yaml_scalar_is_null(n));
	EXPECT_EQ(0, n->scalar.len);
	EXPECT_EQ(NULL, yaml_map_get(r, "nope"));
	EXPECT_EQ(NULL, yaml_map_get(n, "x"));
}

TEST_F(y, columns_count_characters)
{
	const struct yaml_node *r = load(self, "\xc3\xa9t\xc3\xa9: v\n");

	ASSERT_NE(NULL, r);
	EXPECT_EQ(6, r->map.pairs[0].value->col);
}

TEST_F(y, quoted_and_plain_are_told_apart)
{
	const struct yaml_node *r = load(self, "a: \"123\"\nb: 123\nc: \"no\"\nd: no\n");

	ASSERT_NE(NULL, r);
	EXPECT_EQ(YAML_DOC_DOUBLE_QUOTED, yaml_map_get(r, "a")->scalar.style);
	EXPECT_EQ(YAML_DOC_PLAIN, yaml_map_get(r, "b")->scalar.style);
	EXPECT_EQ(YAML_DOC_DOUBLE_QUOTED, yaml_map_get(r, "c")->scalar.style);
	EXPECT_EQ(YAML_DOC_PLAIN, yaml_map_get(r, "d")->scalar.style);
	EXPECT_STREQ("no", yaml_map_get(r, "d")->scalar.str);
}

TEST_F(y, load_file)
{
	char path[] = "/tmp/yaml_doc_test.XXXXXX";
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_EQ(7, write(fd, "a: [b]\n", 7));
	close(fd);
	ASSERT_EQ(0, yaml_doc_load_file(path, &self->d, &self->doc));
	unlink(path);
	EXPECT_STREQ(path, self->doc->root->file);
	EXPECT_STREQ("b", yaml_map_get(self->doc->root, "a")->seq.items[0]->scalar.str);
	yaml_doc_free(self->doc);
	self->doc = NULL;

	EXPECT_EQ(-1, yaml_doc_load_file("/nonexistent/p.yaml", &self->d, &self->doc));
	EXPECT_EQ(NULL, self->doc);
	EXPECT_STREQ("/nonexistent/p.yaml: error: cannot open: No such file or directory\n",
		     diags(self));
}

/* ---- Checking helpers ---- */

static const char *const rule_keys[] = { "exe", "uid", "audit", "action", NULL };

TEST_F(y, unknown_keys)
{
	const struct yaml_node *r = load(self, "exee: 1\nuid: 2\nzzz: 3\nacton: x\naduit: y\n");

	ASSERT_NE(NULL, r);
	EXPECT_EQ(4, yaml_map_check_keys(&self->d, r, rule_keys, "rule 1"));
	EXPECT_STREQ("p.yaml:1:1: error: unknown key `exee' in rule 1; did you mean `exe'?\n"
		     "p.yaml:3:1: error: unknown key `zzz' in rule 1; expected one of: exe, uid, audit, action\n"
		     "p.yaml:4:1: error: unknown key `acton' in rule 1; did you mean `action'?\n"
		     "p.yaml:5:1: error: unknown key `aduit' in rule 1; did you mean `audit'?\n",
		     diags(self));
}

TEST_F(y, suggestion_threshold)
{
	const struct yaml_node *r = load(self, "ex: 1\nx: 2\nEXE: 3\nactoin: 4\nacxxon: 5\n");

	ASSERT_NE(NULL, r);
	EXPECT_EQ(5, yaml_map_check_keys(&self->d, r, rule_keys, "rule"));
	/* One edit is always allowed; a third of the length past that. */
	EXPECT_STREQ("p.yaml:1:1: error: unknown key `ex' in rule; did you mean `exe'?\n"
		     "p.yaml:2:1: error: unknown key `x' in rule; expected one of: exe, uid, audit, action\n"
		     "p.yaml:3:1: error: unknown key `EXE' in rule; expected one of: exe, uid, audit, action\n"
		     "p.yaml:4:1: error: unknown key `actoin' in rule; did you mean `action'?\n"
		     "p.yaml:5:1: error: unknown key `acxxon' in rule; did you mean `action'?\n",
		     diags(self));
}

TEST_F(y, known_keys_pass)
{
	const struct yaml_node *r = load(self, "exe: 1\naction: 2\n");
	static const char *const none[] = { NULL };

	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, yaml_map_check_keys(&self->d, r, rule_keys, "rule"));
	EXPECT_EQ(0, self->d.errors);
	EXPECT_EQ(2, yaml_map_check_keys(&self->d, r, none, "`x'"));
	EXPECT_STREQ("p.yaml:1:1: error: unknown key `exe' in `x'; nothing is allowed here\n"
		     "p.yaml:2:1: error: unknown key `action' in `x'; nothing is allowed here\n",
		     diags(self));
}

TEST_F(y, missing_key)
{
	const struct yaml_node *r = load(self, "\n  exe: 1\n");

	ASSERT_NE(NULL, r);
	EXPECT_NE(NULL, yaml_map_require(&self->d, r, "exe", "rule 2"));
	EXPECT_EQ(NULL, yaml_map_require(&self->d, r, "action", "rule 2"));
	EXPECT_STREQ("p.yaml:2:3: error: missing key `action' in rule 2\n", diags(self));
}

TEST_F(y, wrong_node_kind)
{
	const struct yaml_node *r = load(self, "m: {a: 1}\ns: [1]\nv: x\nq: 'y'\ne:\nn: ~\n");

	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, yaml_expect_map(&self->d, yaml_map_get(r, "m"), "m"));
	EXPECT_EQ(0, yaml_expect_seq(&self->d, yaml_map_get(r, "s"), "s"));
	EXPECT_EQ(0, yaml_expect_scalar(&self->d, yaml_map_get(r, "v"), "v"));
	EXPECT_EQ(0, self->d.errors);
	EXPECT_EQ(-1, yaml_expect_map(&self->d, yaml_map_get(r, "s"), "rules"));
	EXPECT_EQ(-1, yaml_expect_seq(&self->d, yaml_map_get(r, "m"), "rules"));
	EXPECT_EQ(-1, yaml_expect_seq(&self->d, yaml_map_get(r, "v"), "rules"));
	EXPECT_EQ(-1, yaml_expect_map(&self->d, yaml_map_get(r, "q"), "rules"));
	EXPECT_EQ(-1, yaml_expect_scalar(&self->d, yaml_map_get(r, "s"), "exe"));
	EXPECT_EQ(-1, yaml_expect_scalar(&self->d, yaml_map_get(r, "e"), "exe"));
	EXPECT_EQ(-1, yaml_expect_seq(&self->d, yaml_map_get(r, "n"), "rules"));
	EXPECT_STREQ("p.yaml:2:4: error: expected a mapping for `rules', found a sequence\n"
		     "p.yaml:1:4: error: expected a sequence for `rules', found a mapping\n"
		     "p.yaml:3:4: error: expected a sequence for `rules', found the value `x'\n"
		     "p.yaml:4:4: error: expected a mapping for `rules', found the string `y'\n"
		     "p.yaml:2:4: error: expected a value for `exe', found a sequence\n"
		     "p.yaml:5:3: error: expected a value for `exe', found an empty value\n"
		     "p.yaml:6:4: error: expected a sequence for `rules', found a null value\n",
		     diags(self));
}

struct u64_case {
	const char *text;
	uint64_t max;
	uint64_t want;
	const char *diag;	/* NULL: accepted with @want */
};

#define FORMS "expected an unsigned integer (decimal, 0x hex or 0o octal)"

static const struct u64_case u64_cases[] = {
	{ "v: 0", UINT64_MAX, 0, NULL },
	{ "v: 42", UINT64_MAX, 42, NULL },
	{ "v: 0x1F", UINT64_MAX, 31, NULL },
	{ "v: 0xffffffffffffffff", UINT64_MAX, UINT64_MAX, NULL },
	{ "v: 18446744073709551615", UINT64_MAX, UINT64_MAX, NULL },
	{ "v: 0o755", UINT64_MAX, 0755, NULL },
	{ "v: 65535", 65535, 65535, NULL },
	{ "v: -1", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `-1' for `v': "
	  "negative numbers are not allowed; expected an unsigned integer\n" },
	{ "v: +1", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `+1' for `v': "
	  "a sign is not allowed; expected an unsigned integer\n" },
	{ "v: 18446744073709551616", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value "
	  "`18446744073709551616' for `v': out of range; expected at most 18446744073709551615\n" },
	{ "v: 0x10000000000000000", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value "
	  "`0x10000000000000000' for `v': out of range; expected at most 18446744073709551615\n" },
	{ "v: 65536", 65535, 0, "p.yaml:1:4: error: invalid value `65536' for `v': "
	  "out of range; expected at most 65535\n" },
	{ "v: 7", 5, 0, "p.yaml:1:4: error: invalid value `7' for `v': "
	  "out of range; expected at most 5\n" },
	{ "v: 12abc", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `12abc' for `v': " FORMS "\n" },
	{ "v: 1_000", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `1_000' for `v': " FORMS "\n" },
	{ "v: 0o8", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `0o8' for `v': " FORMS "\n" },
	{ "v: 0X1", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `0X1' for `v': " FORMS "\n" },
	{ "v: 1.5", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `1.5' for `v': " FORMS "\n" },
	{ "v: 0x", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `0x' for `v': "
	  "no digits after `0x'; " FORMS "\n" },
	{ "v: 0755", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `0755' for `v': "
	  "leading zeros are ambiguous (octal in YAML 1.1, decimal in 1.2); "
	  "write 0o755 for octal or 755 for decimal\n" },
	{ "v: 0089", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `0089' for `v': "
	  "leading zeros are not allowed; write 89\n" },
	{ "v: 00", UINT64_MAX, 0, "p.yaml:1:4: error: invalid value `00' for `v': "
	  "leading zeros are ambiguous (octal in YAML 1.1, decimal in 1.2); "
	  "write 0o0 for octal or 0 for decimal\n" },
	{ "v:", UINT64_MAX, 0, "p.yaml:1:3: error: expected an unsigned integer for `v', "
	  "found an empty value\n" },
	{ "v: ~", UINT64_MAX, 0, "p.yaml:1:4: error: expected an unsigned integer for `v', "
	  "found a null value\n" },
	{ "v: \"12\"", UINT64_MAX, 0, "p.yaml:1:4: error: expected an unsigned integer for `v', "
	  "found the string `12' (quoted values are strings)\n" },
	{ "v: ''", UINT64_MAX, 0, "p.yaml:1:4: error: expected an unsigned integer for `v', "
	  "found the string `' (quoted values are strings)\n" },
	{ "v: [1]", UINT64_MAX, 0, "p.yaml:1:4: error: expected an unsigned integer for `v', "
	  "found a sequence\n" },
};

TEST_F(y, integers)
{
	const struct u64_case *c;
	const struct yaml_node *n;
	uint64_t got;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(u64_cases); i++) {
		c = &u64_cases[i];
		yaml_diags_free(&self->d);
		n = value(self, c->text);
		ASSERT_NE(NULL, n) TH_LOG("%s", c->text);
		got = 12345;
		if (!c->diag) {
			EXPECT_EQ(0, yaml_scalar_u64(&self->d, n, "v", c->max, &got))
				TH_LOG("%s", c->text);
			EXPECT_EQ(c->want, got) TH_LOG("%s", c->text);
			EXPECT_EQ(0, self->d.errors) TH_LOG("%s", c->text);
		} else {
			EXPECT_EQ(-1, yaml_scalar_u64(&self->d, n, "v", c->max, &got))
				TH_LOG("%s", c->text);
			EXPECT_EQ(12345, got) TH_LOG("%s", c->text);
			EXPECT_STREQ(c->diag, diags(self));
		}
	}
}

TEST_F(y, booleans)
{
	const struct yaml_node *r = load(self, "a: true\nb: false\nc: yes\nd: Off\ne: True\n"
					       "f: \"true\"\ng: 1\nh:\n");
	bool v = false;

	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, yaml_scalar_bool(&self->d, yaml_map_get(r, "a"), "a", &v));
	EXPECT_TRUE(v);
	EXPECT_EQ(0, yaml_scalar_bool(&self->d, yaml_map_get(r, "b"), "b", &v));
	EXPECT_FALSE(v);
	EXPECT_EQ(0, self->d.errors);
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "c"), "audit", &v));
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "d"), "audit", &v));
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "e"), "audit", &v));
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "f"), "audit", &v));
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "g"), "audit", &v));
	EXPECT_EQ(-1, yaml_scalar_bool(&self->d, yaml_map_get(r, "h"), "audit", &v));
	EXPECT_STREQ("p.yaml:3:4: error: invalid value `yes' for `audit': expected true or false "
		     "(yes, no, on and off are booleans only in YAML 1.1)\n"
		     "p.yaml:4:4: error: invalid value `Off' for `audit': expected true or false "
		     "(yes, no, on and off are booleans only in YAML 1.1)\n"
		     "p.yaml:5:4: error: invalid value `True' for `audit': expected true or false, "
		     "in lowercase\n"
		     "p.yaml:6:4: error: expected true or false for `audit', found the string `true' "
		     "(quoted values are strings)\n"
		     "p.yaml:7:4: error: invalid value `1' for `audit': expected true or false\n"
		     "p.yaml:8:3: error: expected true or false for `audit', found an empty value\n",
		     diags(self));
}

static const char *const actions[] = { "allow", "deny", "log", NULL };

TEST_F(y, enums)
{
	const struct yaml_node *r = load(self, "a: deny\nb: 'log'\nc: alow\nd: x\n"
					       "e: \"al\\x1bow\\u202e\"\nf: {}\n");
	unsigned int v = 9;

	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, yaml_scalar_enum(&self->d, yaml_map_get(r, "a"), "action", actions, &v));
	EXPECT_EQ(1, v);
	EXPECT_EQ(0, yaml_scalar_enum(&self->d, yaml_map_get(r, "b"), "action", actions, &v));
	EXPECT_EQ(2, v);
	EXPECT_EQ(0, self->d.errors);
	EXPECT_EQ(-1, yaml_scalar_enum(&self->d, yaml_map_get(r, "c"), "action", actions, &v));
	EXPECT_EQ(-1, yaml_scalar_enum(&self->d, yaml_map_get(r, "d"), "action", actions, &v));
	EXPECT_EQ(-1, yaml_scalar_enum(&self->d, yaml_map_get(r, "e"), "action", actions, &v));
	EXPECT_EQ(-1, yaml_scalar_enum(&self->d, yaml_map_get(r, "f"), "action", actions, &v));
	EXPECT_EQ(2, v);
	EXPECT_STREQ("p.yaml:3:4: error: invalid value `alow' for `action'; did you mean `allow'?\n"
		     "p.yaml:4:4: error: invalid value `x' for `action'; expected one of: allow, deny, log\n"
		     "p.yaml:5:4: error: invalid value `al\\x1bow\\u202e' for `action'; "
		     "expected one of: allow, deny, log\n"
		     "p.yaml:6:4: error: expected a value for `action', found a mapping\n",
		     diags(self));
}

TEST_F(y, strings)
{
	const struct yaml_node *r = load(self, "a: /usr/bin/x\nb: 123\nc: \"a\\0b\"\n"
					       "d: 123456789\ne: ~\nf: ''\n");
	const char *s = NULL;

	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, yaml_scalar_str(&self->d, yaml_map_get(r, "a"), "exe", 64, &s));
	EXPECT_STREQ("/usr/bin/x", s);
	EXPECT_EQ(0, yaml_scalar_str(&self->d, yaml_map_get(r, "b"), "exe", 3, &s));
	EXPECT_STREQ("123", s);
	EXPECT_EQ(0, yaml_scalar_str(&self->d, yaml_map_get(r, "f"), "exe", 3, &s));
	EXPECT_STREQ("", s);
	EXPECT_EQ(0, self->d.errors);
	EXPECT_EQ(-1, yaml_scalar_str(&self->d, yaml_map_get(r, "c"), "exe", 64, &s));
	EXPECT_EQ(-1, yaml_scalar_str(&self->d, yaml_map_get(r, "d"), "exe", 8, &s));
	EXPECT_EQ(-1, yaml_scalar_str(&self->d, yaml_map_get(r, "e"), "exe", 8, &s));
	EXPECT_STREQ("p.yaml:3:4: error: invalid value `a\\x00b' for `exe': NUL bytes are not allowed\n"
		     "p.yaml:4:4: error: invalid value `123456789' for `exe': 9 bytes long; "
		     "expected at most 8 bytes\n"
		     "p.yaml:5:4: error: expected a string for `exe', found a null value\n",
		     diags(self));
}

TEST(escape)
{
	char buf[YAML_ESCAPE_SIZE], in[200];

	EXPECT_STREQ("plain", yaml_escape(buf, "plain", 5));
	EXPECT_STREQ("a\\x00b", yaml_escape(buf, "a\0b", 3));
	EXPECT_STREQ("\\n\\t\\r\\x1b[31m\\x7f\\\\", yaml_escape(buf, "\n\t\r\x1b[31m\x7f\\", 10));
	/* é and € pass; C1 CSI, RLO and a BOM are escaped. */
	EXPECT_STREQ("\xc3\xa9\xe2\x82\xac\\u009b\\u202e\\ufeff",
		     yaml_escape(buf, "\xc3\xa9\xe2\x82\xac\xc2\x9b\xe2\x80\xae\xef\xbb\xbf", 13));
	/* Not UTF-8: stray, overlong, surrogate, cut short. */
	EXPECT_STREQ("\\xff\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x82",
		     yaml_escape(buf, "\xff\xc0\xaf\xed\xa0\x80\xe2\x82", 8));
	memset(in, 'x', sizeof(in));
	yaml_escape(buf, in, sizeof(in));
	EXPECT_EQ(YAML_ESCAPE_SIZE - 1, strlen(buf));
	EXPECT_STREQ("...", buf + YAML_ESCAPE_SIZE - 4);
	/* An escape is never cut in half. */
	memset(in, 1, sizeof(in));
	yaml_escape(buf, in, sizeof(in));
	EXPECT_STREQ("\\x01\\x01...", buf + strlen(buf) - 11);
	EXPECT_EQ(0, (strlen(buf) - 3) % 4);
}

TEST(print_without_position)
{
	struct yaml_diags d;
	struct capture c;

	ASSERT_EQ(0, capture_open(&c));
	yaml_diags_init(&d);
	yaml_error_at(&d, "dir/a.yaml", 0, 0, "whole file");
	yaml_error_at(&d, "dir/a.yaml", 3, 7, "at %s", "3:7");
	yaml_diags_print(&d, c.f);
	EXPECT_STREQ("dir/a.yaml: error: whole file\n"
		     "dir/a.yaml:3:7: error: at 3:7\n", capture_text(&c));
	yaml_diags_free(&d);
	EXPECT_EQ(0, d.errors);
	capture_close(&c);
}

TEST_HARNESS_MAIN
