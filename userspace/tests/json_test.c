// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer: escaping byte by byte, document structure, and misuse
 * reported instead of producing text that is not JSON.
 */
#include <stdint.h>

#include "harness.h"
#include "common.h"
#include "json.h"

FIXTURE(out) {
	struct capture c;
	struct json_writer w;
};

FIXTURE_SETUP(out)
{
	ASSERT_EQ(0, capture_open(&self->c));
	json_begin(&self->w, self->c.f);
}

FIXTURE_TEARDOWN(out)
{
	capture_close(&self->c);
}

static const char *escaped(struct capture *c, const char *s)
{
	if (capture_reset(c))
		return NULL;
	json_write_escaped(c->f, s);
	return capture_text(c);
}

TEST_F(out, quotes_and_backslashes)
{
	EXPECT_STREQ("\"a\\\"b\\\\c\"", escaped(&self->c, "a\"b\\c"));
	EXPECT_STREQ("\"\\\\\\\"\"", escaped(&self->c, "\\\""));
	EXPECT_STREQ("\"\"", escaped(&self->c, ""));
}

TEST_F(out, short_escapes)
{
	EXPECT_STREQ("\"\\b\\f\\n\\r\\t\"", escaped(&self->c, "\b\f\n\r\t"));
}

TEST_F(out, other_control_characters_as_u00xx)
{
	EXPECT_STREQ("\"\\u0001\\u001f\\u000bx\\u001b[31m\"",
		     escaped(&self->c, "\x01\x1f\x0b" "x\x1b[31m"));
}

TEST_F(out, every_control_character)
{
	static const char *const shorts[32] = {
		['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n",
		['\r'] = "\\r", ['\t'] = "\\t",
	};
	char in[2] = { 0, 0 }, want[16];
	int c;

	for (c = 1; c < 0x20; c++) {
		in[0] = c;
		if (shorts[c])
			snprintf(want, sizeof(want), "\"%s\"", shorts[c]);
		else
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		EXPECT_STREQ(want, escaped(&self->c, in)) TH_LOG("byte 0x%02x", c);
	}
}

TEST_F(out, printable_ascii_and_del_pass_through)
{
	EXPECT_STREQ("\"a/b <x> 'y' ~\x7f\"", escaped(&self->c, "a/b <x> 'y' ~\x7f"));
}

TEST_F(out, utf8_passes_through)
{
	/* é, a check mark, an emoji, and U+2028 which JSON allows raw. */
	const char *s = "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 \xe2\x80\xa8";
	char want[64];

	snprintf(want, sizeof(want), "\"%s\"", s);
	EXPECT_STREQ(want, escaped(&self->c, s));
}

TEST_F(out, nested_document)
{
	struct json_writer *w = &self->w;

	json_object_open(w);
	json_kv_string(w, "name", "x\ny");
	json_kv_u64(w, "big", UINT64_MAX);
	json_key(w, "neg");
	json_s64(w, INT64_MIN);
	json_key(w, "list");
	json_array_open(w);
	json_bool(w, true);
	json_bool(w, false);
	json_null(w);
	json_u64(w, 0);
	json_array_open(w);
	json_array_close(w);
	json_object_open(w);
	json_object_close(w);
	json_array_close(w);
	json_kv_bool(w, "last", false);
	json_object_close(w);
	ASSERT_EQ(0, json_end(w));
	EXPECT_STREQ("{\"name\":\"x\\ny\",\"big\":18446744073709551615,"
		     "\"neg\":-9223372036854775808,"
		     "\"list\":[true,false,null,0,[],{}],\"last\":false}\n",
		     capture_text(&self->c));
}

TEST_F(out, keys_are_escaped)
{
	json_object_open(&self->w);
	json_kv_u64(&self->w, "a\"b", 1);
	json_object_close(&self->w);
	ASSERT_EQ(0, json_end(&self->w));
	EXPECT_STREQ("{\"a\\\"b\":1}\n", capture_text(&self->c));
}

TEST_F(out, top_level_scalar)
{
	json_string(&self->w, "only");
	ASSERT_EQ(0, json_end(&self->w));
	EXPECT_STREQ("\"only\"\n", capture_text(&self->c));
}

TEST_F(out, empty_document_is_misuse)
{
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, unclosed_object_is_misuse)
{
	json_object_open(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, value_without_key_is_misuse)
{
	json_object_open(&self->w);
	json_u64(&self->w, 1);
	json_object_close(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, key_without_value_is_misuse)
{
	json_object_open(&self->w);
	json_key(&self->w, "k");
	json_object_close(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, key_in_array_is_misuse)
{
	json_array_open(&self->w);
	json_key(&self->w, "k");
	json_array_close(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, mismatched_close_is_misuse)
{
	json_array_open(&self->w);
	json_object_close(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, two_top_level_values_are_misuse)
{
	json_u64(&self->w, 1);
	json_u64(&self->w, 2);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, nesting_beyond_the_limit_is_misuse)
{
	int i;

	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_open(&self->w);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_close(&self->w);
	EXPECT_EQ(-1, json_end(&self->w));
}

TEST_F(out, nesting_up_to_the_limit_is_fine)
{
	int i;

	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_open(&self->w);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_close(&self->w);
	EXPECT_EQ(0, json_end(&self->w));
}

TEST_HARNESS_MAIN
