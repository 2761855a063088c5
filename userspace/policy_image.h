/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compiled policy in the tool's memory: the arrays of the uapi binary
 * format (kmod/uapi/ipcwall.h, "The compiled policy"), growable, plus
 * the string table. The compiler (policy_parse.c) appends to one; it is
 * serialized for the module or a file; a compiled file or the module's
 * copy is read back into one and printed as YAML by `show'.
 *
 * Entries are the uapi structs themselves, so what is built here is what
 * the module checks, and there is no second model to keep in step.
 */
#ifndef IPCWALL_POLICY_IMAGE_H
#define IPCWALL_POLICY_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/types.h>
#include "ipcwall.h"

struct policy_image {
	char *strings;		/* starts with a NUL: offset 0 is "none" */
	size_t strings_len;
	size_t strings_cap;

	struct ipcwall_policy_group *groups;
	size_t n_groups, cap_groups;
	struct ipcwall_policy_selector *selectors;
	size_t n_selectors, cap_selectors;
	__u32 *refs;
	size_t n_refs, cap_refs;
	__u32 *ids;
	size_t n_ids, cap_ids;
	struct ipcwall_policy_rule *rules;
	size_t n_rules, cap_rules;

	/* Private: the string interning table (hash to reference). */
	__u32 *intern;
	size_t intern_n, intern_cap;
};

/* An empty image: no groups. Returns -ENOMEM. */
int policy_image_init(struct policy_image *img);
void policy_image_free(struct policy_image *img);

/*
 * Adds a string (no NUL inside, @len bytes) and returns its reference in
 * *@ref. Equal strings share one reference. Returns -ENOMEM.
 */
int policy_image_string(struct policy_image *img, const char *s, size_t len,
			__u32 *ref);
/* The string at @ref; the caller checked @ref (decode does). */
const char *policy_image_str(const struct policy_image *img, __u32 ref);

/*
 * Appenders: each returns a pointer to the new zeroed entry, or NULL when
 * out of memory. The pointer is valid until the next append to the same
 * array; *@index, when not NULL, gets the entry's index.
 */
struct ipcwall_policy_group *policy_image_add_group(struct policy_image *img,
						    size_t *index);
struct ipcwall_policy_selector *
policy_image_add_selector(struct policy_image *img, size_t *index);
struct ipcwall_policy_rule *policy_image_add_rule(struct policy_image *img,
						  size_t *index);
int policy_image_add_ref(struct policy_image *img, __u32 ref, size_t *index);
int policy_image_add_id(struct policy_image *img, __u32 id, size_t *index);

/*
 * The binary format: allocates *@buf and sets *@len. Returns -ENOMEM, or
 * -E2BIG past IPCWALL_MAX_POLICY_SIZE (the compiler checks the finer
 * limits with positions first).
 */
int policy_image_encode(const struct policy_image *img, void **buf,
			size_t *len);

/*
 * Reads a compiled policy back, checking it as the module does (the same
 * rules, so a file that decodes here loads there, limits aside). On error
 * returns -EINVAL or -E2BIG and writes a one-line reason into @err.
 */
int policy_image_decode(const void *buf, size_t len, struct policy_image *img,
			char *err, size_t err_size);

/*
 * Reads the file at @path whole ("-": standard input) into *@buf
 * (malloc()ed, *@len bytes); one larger than a policy may be is refused.
 * Returns 0, or -1 after printing why to stderr.
 */
int policy_image_read_file(const char *path, void **buf, size_t *len);

/* True when @buf starts like a compiled policy (its magic). */
bool policy_image_is_compiled(const void *buf, size_t len);

/*
 * Prints @img as policy YAML: one `groups:' document that compiles back
 * into the very same image, in a canonical form, so that printing what it
 * compiles to gives the same text again.
 */
int policy_image_print(const struct policy_image *img, FILE *f);

/*
 * Writes @s as a YAML scalar that reads back as exactly @s: plain when
 * YAML would read it plain as that string, double-quoted and escaped
 * otherwise. @in_flow: the scalar stands inside a flow list ("[a, b]"),
 * where ',', '[', ']', '{' and '}' end a plain scalar.
 */
void policy_print_scalar(FILE *f, const char *s, bool in_flow);

/*
 * A signal set as `show' writes it into *@out (malloc()ed): "all", or a
 * flow list of names, numbers and A..B ranges. Returns -ENOMEM.
 */
int policy_signals_text(const __u64 set[2], char **out);

/*
 * One signal as `signals' and `query' take it: a name with or without SIG,
 * a number 0-64, RTMIN+n or RTMAX-n. Returns 0 and *@nr, or -EINVAL.
 */
int policy_signal_number(const char *s, unsigned int *nr);

/* A class's name as rules write it ("posix_shm"), or NULL. */
const char *policy_class_name(unsigned int class);
/* The name of op bit @bit of @class ("attach"), or NULL. */
const char *policy_op_name(unsigned int class, unsigned int bit);

#endif /* IPCWALL_POLICY_IMAGE_H */
