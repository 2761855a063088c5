// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal JSON writer. Strings are passed through byte for byte except for
 * what RFC 8259 forbids raw: quotes, backslashes and control characters.
 * UTF-8 is therefore preserved as is; bytes that are not valid UTF-8 are
 * not repaired, since every string we print comes from the kernel or from
 * the command line and is ASCII in practice.
 */
#include <inttypes.h>

#include "json.h"

void json_write_escaped(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u00%c%c", hex[*p >> 4], hex[*p & 0xf]);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_begin(struct json_writer *w, FILE *f)
{
	*w = (struct json_writer){ .f = f };
}

/*
 * Called before every value: a value is only valid at the top level (once),
 * after a key inside an object, or anywhere inside an array.
 */
static void before_value(struct json_writer *w)
{
	if (w->depth == 0) {
		if (w->top_written)
			w->misuse = true;
		w->top_written = true;
		return;
	}
	if (w->in_object[w->depth - 1]) {
		if (!w->after_key)
			w->misuse = true;
		w->after_key = false;
		return;
	}
	if (w->has_items[w->depth - 1])
		fputc(',', w->f);
	w->has_items[w->depth - 1] = true;
}

static void open_level(struct json_writer *w, bool object)
{
	before_value(w);
	if (w->depth == JSON_MAX_DEPTH) {
		w->misuse = true;
		return;
	}
	fputc(object ? '{' : '[', w->f);
	w->depth++;
	w->in_object[w->depth - 1] = object;
	w->has_items[w->depth - 1] = false;
}

static void close_level(struct json_writer *w, bool object)
{
	if (!w->depth || w->in_object[w->depth - 1] != object || w->after_key) {
		w->misuse = true;
		return;
	}
	fputc(object ? '}' : ']', w->f);
	w->depth--;
}

void json_object_open(struct json_writer *w)
{
	open_level(w, true);
}

void json_object_close(struct json_writer *w)
{
	close_level(w, true);
}

void json_array_open(struct json_writer *w)
{
	open_level(w, false);
}

void json_array_close(struct json_writer *w)
{
	close_level(w, false);
}

void json_key(struct json_writer *w, const char *key)
{
	if (!w->depth || !w->in_object[w->depth - 1] || w->after_key) {
		w->misuse = true;
		return;
	}
	if (w->has_items[w->depth - 1])
		fputc(',', w->f);
	w->has_items[w->depth - 1] = true;
	json_write_escaped(w->f, key);
	fputc(':', w->f);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	before_value(w);
	json_write_escaped(w->f, s);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	before_value(w);
	fprintf(w->f, "%" PRIu64, v);
}

void json_s64(struct json_writer *w, int64_t v)
{
	before_value(w);
	fprintf(w->f, "%" PRId64, v);
}

void json_bool(struct json_writer *w, bool v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	before_value(w);
	fputs("null", w->f);
}

void json_kv_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

/*
 * Ends the document with a newline so that line-based consumers see one
 * object per line. Returns 0, or -1 when the document is incomplete,
 * malformed or could not be written.
 */
int json_end(struct json_writer *w)
{
	if (w->depth || w->after_key || !w->top_written)
		w->misuse = true;
	fputc('\n', w->f);
	if (w->misuse || ferror(w->f))
		return -1;
	return 0;
}
