// SPDX-License-Identifier: GPL-2.0
/*
 * The glob matcher of kmod/glob.c: a table of hand-picked cases, the cost of
 * patterns that make backtracking matchers explode, and a comparison with the
 * recursive reference of glob_ref.h on pseudo-random patterns and strings.
 */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "glob_ref.h"

#define LEN(s) (sizeof(s) - 1)

struct mcase {
	const char *pat, *str;
	bool match;
};

static const struct mcase cases[] = {
	/* Empty pattern, empty string. */
	{ "", "", true },
	{ "", "a", false },
	{ "a", "", false },
	{ "*", "", true },
	{ "?", "", false },
	{ "**", "", true },
	/* Literals, byte for byte. */
	{ "abc", "abc", true },
	{ "abc", "ABC", false },
	{ "abc", "abcd", false },
	{ "abcd", "abc", false },
	{ "/usr/bin/ls", "/usr/bin/ls", true },
	{ "a]b!c^-", "a]b!c^-", true },
	{ "\xc3\xa9", "\xc3\xa9", true },
	/* '*' stays in its segment. */
	{ "*", "abc", true },
	{ "*", "a/b", false },
	{ "*", "/", false },
	{ "a*", "a", true },
	{ "a*", "abc", true },
	{ "a*", "ab/c", false },
	{ "*c", "abc", true },
	{ "*/x", "a/x", true },
	{ "*/x", "a/b/x", false },
	{ "*/x", "/x", true },
	{ "/*", "/etc", true },
	{ "/*", "/etc/passwd", false },
	{ "/*/*", "/etc/passwd", true },
	{ "a*b*c", "aXbYbZc", true },
	{ "a*b*c", "abc", true },
	{ "a*b*c", "aXbYbZ", false },
	{ "a*b*c", "aXb/Yc", false },
	{ "*a*", "bab", true },
	{ "**a", "a", false },	/* Invalid, but see validation below. */
	{ "*.so", "libc.so", true },
	{ "*.so", "lib/c.so", false },
	{ "a*/b*/c", "ax/by/c", true },
	{ "a*/b*/c", "ax/y/c", false },
	/* '?' */
	{ "?", "a", true },
	{ "?", "/", false },
	{ "?", "ab", false },
	{ "a?c", "abc", true },
	{ "a?c", "a/c", false },
	{ "??", "\xc3\xa9", true },	/* Bytes, not characters. */
	/* Classes. */
	{ "[abc]", "b", true },
	{ "[abc]", "d", false },
	{ "[a-c]", "b", true },
	{ "[a-c]", "d", false },
	{ "[!a-c]", "d", true },
	{ "[!a-c]", "b", false },
	{ "[^a-c]", "d", true },
	{ "[^a-c]", "a", false },
	{ "[!a]", "/", false },
	{ "[/]", "/", false },
	{ "[.-0]", "/", false },
	{ "[]]", "]", true },
	{ "[]]", "a", false },
	{ "[]a]", "a", true },
	{ "[!]]", "]", false },
	{ "[!]]", "a", true },
	{ "[^]]", "x", true },
	{ "[]-a]", "^", true },	/* ']' to 'a' holds '^'. */
	{ "[a-]", "-", true },
	{ "[a-]", "b", false },
	{ "[-a]", "-", true },
	{ "[!-]", "-", false },
	{ "[+--]", ",", true },	/* '+' to '-'. */
	{ "[\\]]", "]", true },
	{ "[\\-]", "-", true },
	{ "[a\\-z]", "b", false },
	{ "[a\\-z]", "z", true },
	{ "[\\a-\\c]", "b", true },
	{ "[*?]", "*", true },
	{ "[*?]", "a", false },
	{ "[[]", "[", true },
	{ "[!]", "!", false },	/* Unterminated: invalid. */
	{ "[\x80-\xff]", "\xc3", true },
	{ "[\x80-\xff]", "a", false },
	{ "lib[a-z]*.so.[0-9]", "libc.so.6", true },
	/* Escapes. */
	{ "\\*", "*", true },
	{ "\\*", "a", false },
	{ "\\?", "?", true },
	{ "\\?", "a", false },
	{ "\\[a]", "[a]", true },
	{ "\\\\", "\\", true },
	{ "\\a", "a", true },
	{ "a\\*b", "a*b", true },
	{ "a\\*b", "axb", false },
	{ "\\**", "*abc", true },
	{ "*\\*", "abc*", true },
	{ "*\\*", "abc", false },
	/* "**" */
	{ "**", "a/b/c", true },
	{ "**", "/", true },
	{ "**/x", "x", true },
	{ "**/x", "/x", true },
	{ "**/x", "a/x", true },
	{ "**/x", "a/b/x", true },
	{ "**/x", "ax", false },
	{ "**/x", "a/xx", false },
	{ "a/**/b", "a/b", true },
	{ "a/**/b", "a/x/b", true },
	{ "a/**/b", "a/x/y/b", true },
	{ "a/**/b", "a//b", true },
	{ "a/**/b", "ab", false },
	{ "a/**/b", "a/xb", false },
	{ "a/**/b", "ax/b", false },
	{ "a/**", "a", true },
	{ "a/**", "a/", true },
	{ "a/**", "a/b", true },
	{ "a/**", "a/b/c", true },
	{ "a/**", "ab", false },
	{ "a/**", "b/a", false },
	{ "/**", "/", true },
	{ "/**", "/etc/passwd", true },
	{ "/**", "etc", false },
	{ "**/**", "a/b", true },
	{ "a/**/**", "a/", true },
	{ "a/**/**", "a", false },
	{ "/usr/**/bin/*", "/usr/bin/ls", true },
	{ "/usr/**/bin/*", "/usr/local/bin/ls", true },
	{ "/usr/**/bin/*", "/usr/a/b/c/bin/ls", true },
	{ "/usr/**/bin/*", "/usr/local/bin/x/ls", false },
	{ "/usr/**/bin/*", "/usr/local/bin", false },
	{ "/usr/**/bin/*", "/usr/local/sbin/ls", false },
	{ "/usr/**/bin/*", "/usr/bin/", true },
	{ "/usr/**/lib*/**/*.so", "/usr/lib/x86_64/libc.so", true },
	{ "/usr/**/lib*/**/*.so", "/usr/local/lib64/libc.so", true },
	{ "/usr/**/lib*/**/*.so", "/usr/local/lib64/libc.so.6", false },
	{ "**/a/**/b", "x/a/y/a/z/b", true },
	{ "**/a/*/b", "a/a/x/b", true },
	{ "**/a/*/b", "a/x/a/b", false },
	{ "**/a*b/c", "xab/aXb/c", true },
	{ "a/b/**/b/c", "a/b/c", false },	/* Not before the first "**". */
	{ "**/b/**/b/c", "b/c", false },
	{ "**/b/**/b/c", "b/b/c", true },
	{ "/sys/fs/cgroup/app.slice/**", "/sys/fs/cgroup/app.slice", true },
	{ "/sys/fs/cgroup/app.slice/**", "/sys/fs/cgroup/app.slicer", false },
	/* Names that are not paths, with NUL as an ordinary byte. */
	{ "@dbus-*", "@dbus-1234", true },
	{ "\\0*", "0x", true },
};

TEST(match_table)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mcase *c = &cases[i];
		size_t pl = strlen(c->pat), sl = strlen(c->str), off;

		if (ipcwall_glob_validate(c->pat, pl, &off))
			continue;	/* Covered by the validation table. */
		EXPECT_EQ(c->match, ipcwall_glob_match(c->pat, pl, c->str, sl))
			TH_LOG("'%s' vs '%s'", c->pat, c->str);
		EXPECT_EQ(c->match, ref_match(c->pat, pl, c->str, sl))
			TH_LOG("reference: '%s' vs '%s'", c->pat, c->str);
	}
}

TEST(nul_is_an_ordinary_byte)
{
	static const char pat[] = "\0ab*\0";

	EXPECT_EQ(0, ipcwall_glob_validate(pat, LEN(pat), NULL));
	EXPECT_TRUE(ipcwall_glob_match(pat, LEN(pat), "\0abxy\0", 6));
	EXPECT_FALSE(ipcwall_glob_match(pat, LEN(pat), "\0abxy", 5));
	EXPECT_FALSE(ipcwall_glob_match(pat, LEN(pat), "ab\0", 3));
	EXPECT_TRUE(ipcwall_glob_match("?", 1, "\0", 1));
}

struct vcase {
	const char *pat;
	int err;
	size_t off;
};

static const struct vcase vcases[] = {
	{ "", 0, 0 },
	{ "*", 0, 0 },
	{ "**", 0, 0 },
	{ "**/", 0, 0 },
	{ "/**", 0, 0 },
	{ "/**/", 0, 0 },
	{ "a/**/b/**", 0, 0 },
	{ "**/**", 0, 0 },
	{ "*/*", 0, 0 },
	{ "*a*", 0, 0 },
	{ "\\**", 0, 0 },
	{ "*\\*", 0, 0 },
	{ "[*]*", 0, 0 },
	{ "[**]", 0, 0 },
	{ "]", 0, 0 },
	{ "[]]", 0, 0 },
	{ "[!]]", 0, 0 },
	{ "[a-a]", 0, 0 },
	{ "[\\]]", 0, 0 },
	{ "\\\\", 0, 0 },
	{ "***", -EINVAL, 0 },
	{ "a**", -EINVAL, 1 },
	{ "**a", -EINVAL, 0 },
	{ "a/**b", -EINVAL, 2 },
	{ "a/b**/c", -EINVAL, 3 },
	{ "/***/", -EINVAL, 1 },
	{ "x/****", -EINVAL, 2 },
	{ "\\/**", -EINVAL, 2 },	/* An escaped '/' does not start one. */
	{ "\\***", -EINVAL, 2 },
	{ "[a]**", -EINVAL, 3 },
	{ "\\", -EINVAL, 0 },
	{ "ab\\", -EINVAL, 2 },
	{ "[", -EINVAL, 0 },
	{ "a[", -EINVAL, 1 },
	{ "[]", -EINVAL, 0 },
	{ "[!]", -EINVAL, 0 },
	{ "[^]", -EINVAL, 0 },
	{ "x[abc", -EINVAL, 1 },
	{ "[a\\]", -EINVAL, 0 },
	{ "[a\\", -EINVAL, 0 },
	{ "[a-\\", -EINVAL, 0 },
	{ "[z-a]", -EINVAL, 1 },
	{ "ab[!xz-a]", -EINVAL, 5 },
	{ "[\\z-a]", -EINVAL, 1 },
	{ "[z-a", -EINVAL, 1 },	/* The range is read first. */
	{ "\\[", 0, 0 },
	{ "[z-a]**x", -EINVAL, 1 },	/* The first problem. */
};

TEST(validate_table)
{
	size_t i;

	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++) {
		const struct vcase *v = &vcases[i];
		size_t len = strlen(v->pat), off = 12345, roff = 12345;

		EXPECT_EQ(v->err, ipcwall_glob_validate(v->pat, len, &off))
			TH_LOG("'%s'", v->pat);
		EXPECT_EQ(v->err, ref_validate(v->pat, len, &roff))
			TH_LOG("reference: '%s'", v->pat);
		if (v->err) {
			EXPECT_EQ(v->off, off) TH_LOG("'%s'", v->pat);
			EXPECT_EQ(v->off, roff) TH_LOG("reference: '%s'", v->pat);
		} else {
			EXPECT_EQ(12345, off) TH_LOG("'%s' set the offset", v->pat);
		}
	}
	/* No offset wanted. */
	EXPECT_EQ(-EINVAL, ipcwall_glob_validate("[", 1, NULL));
}

TEST(length_limit)
{
	char pat[IPCWALL_GLOB_MAX_LEN + 2];
	size_t off = 0;

	memset(pat, 'a', sizeof(pat));
	EXPECT_EQ(0, ipcwall_glob_validate(pat, IPCWALL_GLOB_MAX_LEN, &off));
	EXPECT_EQ(-E2BIG, ipcwall_glob_validate(pat, IPCWALL_GLOB_MAX_LEN + 1,
						&off));
	EXPECT_EQ(IPCWALL_GLOB_MAX_LEN, off);
	/* Too long wins over malformed. */
	pat[0] = '[';
	EXPECT_EQ(-E2BIG, ipcwall_glob_validate(pat, sizeof(pat), NULL));
}

TEST(literal)
{
	EXPECT_TRUE(ipcwall_glob_is_literal("", 0));
	EXPECT_TRUE(ipcwall_glob_is_literal("/usr/bin/ls", 11));
	EXPECT_TRUE(ipcwall_glob_is_literal("a]b!c^-", 7));
	EXPECT_FALSE(ipcwall_glob_is_literal("/usr/bin/*", 10));
	EXPECT_FALSE(ipcwall_glob_is_literal("a?", 2));
	EXPECT_FALSE(ipcwall_glob_is_literal("[a]", 3));
	EXPECT_FALSE(ipcwall_glob_is_literal("a\\b", 3));

	EXPECT_EQ(0, ipcwall_glob_literal_prefix("", 0));
	EXPECT_EQ(3, ipcwall_glob_literal_prefix("abc", 3));
	EXPECT_EQ(9, ipcwall_glob_literal_prefix("/usr/bin/*", 10));
	EXPECT_EQ(5, ipcwall_glob_literal_prefix("/usr/**/bin", 11));
	EXPECT_EQ(4, ipcwall_glob_literal_prefix("/usr/**", 7));	/* "/usr" */
	EXPECT_EQ(0, ipcwall_glob_literal_prefix("/**", 3));
	EXPECT_EQ(0, ipcwall_glob_literal_prefix("**", 2));
	EXPECT_EQ(2, ipcwall_glob_literal_prefix("a/**/**", 7));
	EXPECT_EQ(1, ipcwall_glob_literal_prefix("a?", 2));
	EXPECT_EQ(1, ipcwall_glob_literal_prefix("a[b]", 4));
	EXPECT_EQ(1, ipcwall_glob_literal_prefix("a\\*", 3));
}

/* The steps a match takes, and the bound glob.c promises. */
static unsigned long steps_of(const char *pat, size_t pl, const char *s,
			      size_t sl, bool *m)
{
	unsigned long steps = 0;

	*m = ipcwall_glob_match_steps(pat, pl, s, sl, &steps);
	return steps;
}

static unsigned long bound(size_t pl, size_t sl)
{
	return 3 * (pl + 1) * (sl + 1);
}

TEST(no_exponential_backtracking)
{
	static const char *const pats[] = {
		"*a*a*a*a*a*b",
		"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
		"**/*a*a*a*a*a*b",
		"**/a/**/a/**/a/**/a/**/b",
		"**/*a/**/*a/**/*a/**/*a/**/b",
		"a/**/a/**/a/**/a/**/a/**/a/**/a/**/b/**",
		"*[a]*[!b]*?*a*a*\\a*b",
	};
	static char s[4096];
	size_t i, j, sl, pl;
	unsigned long n;
	bool m;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		pl = strlen(pats[i]);
		ASSERT_EQ(0, ipcwall_glob_validate(pats[i], pl, NULL));
		for (sl = 0; sl < sizeof(s); sl = sl * 2 + 1) {
			/* "aaaa...", then "a/a/a/...", then "aa/aa/...". */
			for (j = 0; j < 3; j++) {
				size_t k;

				for (k = 0; k < sl; k++)
					s[k] = j && k % (j + 1) == j ? '/' : 'a';
				n = steps_of(pats[i], pl, s, sl, &m);
				EXPECT_FALSE(m) TH_LOG("%s", pats[i]);
				EXPECT_LE(n, bound(pl, sl))
					TH_LOG("%s vs %zu bytes: %lu steps",
					       pats[i], sl, n);
			}
		}
	}
	/* And a match at the very end of a long string. */
	memset(s, 'a', sizeof(s));
	s[sizeof(s) - 1] = 'b';
	n = steps_of(pats[1], strlen(pats[1]), s, sizeof(s), &m);
	EXPECT_TRUE(m);
	EXPECT_LE(n, bound(strlen(pats[1]), sizeof(s)));
}

/* xorshift64*: deterministic on every host. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static unsigned int rnd(unsigned int n)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (unsigned int)((rnd_state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

static const char palphabet[] = "ab/*?[]!\\-^";
static const char salphabet[] = "ab/*?[]!\\";

/* Bytes at random, or well-formed pieces, so that both kinds are common. */
static size_t random_pattern(char *p, size_t max)
{
	static const char *const pieces[] = {
		"a", "b", "/", "/", "*", "**/", "/**", "?", "[ab]", "[!a]",
		"[]a-]", "\\*", "a/", "b/",
	};
	size_t n = 0, i, k, want = rnd(max + 1);
	const char *piece;

	if (rnd(2)) {
		for (n = 0; n < want; n++) {
			if (rnd(4))
				p[n] = "ab/*"[rnd(4)];
			else
				p[n] = palphabet[rnd(LEN(palphabet))];
		}
		return n;
	}
	for (i = 0; i < want; i++) {
		piece = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
		k = strlen(piece);
		if (n + k > max)
			break;
		memcpy(p + n, piece, k);
		n += k;
	}
	return n;
}

static size_t random_string(char *s, size_t max)
{
	size_t n = rnd(max + 1), i;

	for (i = 0; i < n; i++)
		s[i] = rnd(5) ? "ab/"[rnd(3)] : salphabet[rnd(LEN(salphabet))];
	return n;
}

/* A string that looks like the pattern, so that matches are frequent. */
static size_t near_string(const char *p, size_t pl, char *s, size_t max)
{
	size_t i, n = 0, k;

	for (i = 0; i < pl && n < max; i++) {
		if (p[i] == '*') {
			for (k = rnd(3); k && n < max; k--)
				s[n++] = rnd(6) ? "ab"[rnd(2)] : '/';
		} else if (strchr("?[]\\!^-", p[i]) && rnd(2)) {
			s[n++] = salphabet[rnd(LEN(salphabet))];
		} else if (rnd(10)) {
			s[n++] = p[i];
		} else if (rnd(2)) {
			s[n++] = salphabet[rnd(LEN(salphabet))];
		}
	}
	return n;
}

TEST(differential)
{
	unsigned long valid = 0, matched = 0, pairs = 0, maxsteps = 0;
	unsigned long n;
	char p[20], s[28], pbuf[64];
	size_t pl, sl, off, roff, pre;
	int err, rerr, r;
	bool m;

	while (pairs < 200000) {
		pl = random_pattern(p, 16);
		off = roff = 0;
		err = ipcwall_glob_validate(p, pl, &off);
		rerr = ref_validate(p, pl, &roff);
		snprintf(pbuf, sizeof(pbuf), "%.*s", (int)pl, p);
		ASSERT_EQ(rerr, err) TH_LOG("validate '%s'", pbuf);
		if (err) {
			ASSERT_EQ(roff, off) TH_LOG("offset for '%s'", pbuf);
			continue;
		}
		valid++;
		pre = ipcwall_glob_literal_prefix(p, pl);
		for (r = 0; r < 8; r++, pairs++) {
			if (r < 2)
				sl = random_string(s, 16);
			else
				sl = near_string(p, pl, s, sizeof(s));
			m = ipcwall_glob_match(p, pl, s, sl);
			ASSERT_EQ(ref_match(p, pl, s, sl), m)
				TH_LOG("'%s' vs '%.*s'", pbuf, (int)sl, s);
			n = steps_of(p, pl, s, sl, &m);
			ASSERT_LE(n, bound(pl, sl))
				TH_LOG("'%s' vs '%.*s'", pbuf, (int)sl, s);
			if (n > maxsteps)
				maxsteps = n;
			if (!m)
				continue;
			matched++;
			ASSERT_TRUE(sl >= pre && !memcmp(p, s, pre))
				TH_LOG("prefix of '%s' vs '%.*s'", pbuf,
				       (int)sl, s);
			if (ipcwall_glob_is_literal(p, pl))
				ASSERT_TRUE(sl == pl && !memcmp(p, s, pl));
		}
	}
	printf("# %lu valid patterns, %lu pairs, %lu matched, at most %lu steps\n",
	       valid, pairs, matched, maxsteps);
	EXPECT_GT(matched, pairs / 10);
}

TEST_HARNESS_MAIN
