/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal streaming JSON writer: objects, arrays, strings, integers and
 * booleans, written straight to a FILE. It keeps just enough state to place
 * commas and to notice misuse; it never buffers the document.
 */
#ifndef IPCWALL_JSON_H
#define IPCWALL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Deeper nesting than this is a bug in the caller, not data to accept. */
#define JSON_MAX_DEPTH 16

/**
 * struct json_writer - state of one JSON document being written
 * @f:		where the text goes
 * @depth:	number of objects and arrays currently open
 * @has_items:	per open level, whether a comma is needed before the next value
 * @in_object:	per open level, whether it is an object (values need keys)
 * @after_key:	a key was written and its value is expected next
 * @top_written: the one top-level value has been started
 * @misuse:	the caller broke the grammar; json_end() reports it
 */
struct json_writer {
	FILE *f;
	unsigned int depth;
	bool has_items[JSON_MAX_DEPTH];
	bool in_object[JSON_MAX_DEPTH];
	bool after_key;
	bool top_written;
	bool misuse;
};

void json_begin(struct json_writer *w, FILE *f);
int json_end(struct json_writer *w);

void json_object_open(struct json_writer *w);
void json_object_close(struct json_writer *w);
void json_array_open(struct json_writer *w);
void json_array_close(struct json_writer *w);

void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_u64(struct json_writer *w, uint64_t v);
void json_s64(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* Shorthands for a key and its value inside an object. */
void json_kv_string(struct json_writer *w, const char *key, const char *s);
void json_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);

/* Write @s as a quoted JSON string; exposed for tests and ad-hoc output. */
void json_write_escaped(FILE *f, const char *s);

#endif /* IPCWALL_JSON_H */
