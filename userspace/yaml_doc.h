/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The YAML document model under the policy compiler: one file becomes an
 * immutable tree of mappings, sequences and scalars, each node carrying the
 * file name, line and column it came from, plus the checking helpers that
 * turn a node into a value or into an error message naming that position.
 *
 * Only the part of YAML a policy needs is accepted. Anchors, aliases, tags
 * and multiple documents per file are rejected, and so are duplicate and
 * non-scalar keys: each would let two readers of the same file (a person
 * and the compiler, or the compiler and another YAML tool) see different
 * policies. Scalars keep their style, so `"123"' can be told from `123'
 * and `"no"' from `no'; nothing is resolved to a type until a helper is
 * asked for one.
 *
 * Errors are collected in a struct yaml_diags that may be shared by every
 * file of a policy, so that one run reports everything up to a cap.
 *
 * Lines and columns are 1-based; columns count characters, not bytes, as
 * libyaml does.
 *
 * The names below are this module's own: libyaml's types are yaml_*_t and
 * its constants YAML_*_NODE, YAML_*_EVENT and YAML_*_STYLE.
 */
#ifndef IPCWALL_YAML_DOC_H
#define IPCWALL_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Limits on what a policy file may hold. Policies are small; these only
 * stop a broken or hostile file from costing unbounded time or memory.
 * Exceeding one is an error, never a truncation.
 */
#define YAML_DOC_MAX_FILE_SIZE	(64u << 20)	/* bytes */
#define YAML_DOC_MAX_DEPTH	64		/* nested mappings and sequences */
#define YAML_DOC_MAX_NODES	4000000		/* per file, keys included */
#define YAML_DOC_MAX_SCALAR	4096		/* bytes, after unescaping */
#define YAML_DOC_MAX_DIAGS	100		/* then "too many errors" */

enum yaml_node_kind {
	YAML_DOC_MAP,
	YAML_DOC_SEQ,
	YAML_DOC_SCALAR,
};

/*
 * How a scalar was written. Only a plain scalar may stand for a number, a
 * boolean or null; every other style is a string whatever it contains.
 */
enum yaml_scalar_style {
	YAML_DOC_PLAIN,
	YAML_DOC_SINGLE_QUOTED,
	YAML_DOC_DOUBLE_QUOTED,
	YAML_DOC_LITERAL,	/* | block */
	YAML_DOC_FOLDED,	/* > block */
};

struct yaml_pair;

/**
 * struct yaml_node - one node of a loaded document
 * @kind:	which member of the union is valid
 * @file:	the name the document was loaded under; lives as long as it
 * @line:	1-based line of the node's first character (its anchor or tag
 *		if it had one, which is an error anyway)
 * @col:	1-based column, in characters
 * @scalar.str:	the value, unescaped, NUL-terminated; may contain NUL bytes
 *		when a double-quoted "\0" put them there, hence @scalar.len
 * @map.pairs:	the pairs in document order; keys are always scalars and
 *		unique within the mapping
 * @seq.items:	the items in document order
 */
struct yaml_node {
	enum yaml_node_kind kind;
	const char *file;
	unsigned int line;
	unsigned int col;
	union {
		struct {
			char *str;
			size_t len;
			enum yaml_scalar_style style;
		} scalar;
		struct {
			struct yaml_pair *pairs;
			size_t count;
		} map;
		struct {
			struct yaml_node **items;
			size_t count;
		} seq;
	};
};

struct yaml_pair {
	struct yaml_node *key;
	struct yaml_node *value;
};

/**
 * struct yaml_doc - one loaded file
 * @file:	its name as given to the loader
 * @root:	the top node, or NULL when the file holds no document (empty,
 *		only comments, or a document that is only a null, such as
 *		a lone "---")
 */
struct yaml_doc {
	char *file;
	struct yaml_node *root;
};

/**
 * struct yaml_diag - one error
 * @file:	the file it is about
 * @line:	1-based, or 0 when the error is about the whole file
 * @col:	1-based, or 0 with @line
 * @message:	one line, without the position or a trailing newline
 */
struct yaml_diag {
	char *file;
	unsigned int line;
	unsigned int col;
	char *message;
};

/**
 * struct yaml_diags - the errors found so far
 * @v:		the first YAML_DOC_MAX_DIAGS errors, then one "too many errors"
 * @n:		entries in @v
 * @errors:	every error reported, kept or not; non-zero means failure
 * @oom:	an error could not be recorded for lack of memory
 */
struct yaml_diags {
	struct yaml_diag *v;
	unsigned int n;
	unsigned int errors;
	bool oom;
};

void yaml_diags_init(struct yaml_diags *d);
void yaml_diags_free(struct yaml_diags *d);
/* Prints "file:line:col: error: message" lines, or "file: error: ...". */
void yaml_diags_print(const struct yaml_diags *d, FILE *f);
/* Past the cap, going on only costs time: callers may stop early. */
bool yaml_diags_full(const struct yaml_diags *d);

void yaml_error(struct yaml_diags *d, const struct yaml_node *n,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void yaml_error_at(struct yaml_diags *d, const char *file, unsigned int line,
		   unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Room for a value quoted in a message: longer values are cut with "...",
 * so that a 4 KiB scalar does not make a 4 KiB error line.
 */
#define YAML_ESCAPE_SIZE 80

/*
 * Writes @len bytes of @s into @buf for a message: control characters
 * (C0, DEL, C1), backslashes and bytes that are not UTF-8 are escaped so
 * that a value can neither hide itself nor drive the terminal. Returns @buf.
 */
char *yaml_escape(char buf[YAML_ESCAPE_SIZE], const char *s, size_t len);

/*
 * Load one document. On success returns 0 and sets *@doc (its root may be
 * NULL). On failure returns -1, leaves *@doc NULL and has added at least
 * one error to @d. The buffer is only read during the call.
 */
int yaml_doc_load_file(const char *path, struct yaml_diags *d,
		       struct yaml_doc **doc);
int yaml_doc_load_mem(const char *name, const void *buf, size_t len,
		      struct yaml_diags *d, struct yaml_doc **doc);
void yaml_doc_free(struct yaml_doc *doc);

/*
 * The name among @names (@n of them) closest to @s (@len bytes), if close
 * enough to be a typo: at most a third of the name's length wrong, one
 * edit always allowed. NULL when none is: what "did you mean" suggests.
 */
const char *yaml_closest(const char *const *names, size_t n, const char *s,
			 size_t len);

/* The value of @key in @map, or NULL when absent or @map is no mapping. */
const struct yaml_node *yaml_map_get(const struct yaml_node *map,
				     const char *key);

/*
 * The checking helpers. Each returns 0 when the node is what was asked
 * for, or -1 after adding an error that quotes the offending value and says
 * what was expected. @what names the value in messages, quoted: usually
 * its key ("exe"); @ctx names the mapping ("rule 3 of `web.yaml'").
 */

/* Reports "missing key `key' in ctx" at @map when @key is absent. */
const struct yaml_node *yaml_map_require(struct yaml_diags *d,
					 const struct yaml_node *map,
					 const char *key, const char *ctx);

/*
 * Every key of @map must be in @allowed (NULL-terminated); each one that is
 * not is reported with the closest allowed key, or the whole list when none
 * is close. Returns the number of unknown keys.
 */
int yaml_map_check_keys(struct yaml_diags *d, const struct yaml_node *map,
			const char *const *allowed, const char *ctx);

int yaml_expect_map(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what);
int yaml_expect_seq(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what);
int yaml_expect_scalar(struct yaml_diags *d, const struct yaml_node *n,
		       const char *what);

/* A plain "", "~" or "null": YAML's null, an absent value. */
bool yaml_scalar_is_null(const struct yaml_node *n);

/*
 * An unsigned integer no larger than @max: decimal, 0x hex or 0o octal
 * (YAML 1.2's forms). Rejected: signs, leading zeros (octal in YAML 1.1,
 * decimal in 1.2: whichever the writer meant, a reader may think the
 * other), underscores, empty values, and quoted numbers, which every YAML
 * tool reads as strings, so accepting them would give the policy a meaning
 * that linters and converters do not see.
 */
int yaml_scalar_u64(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what, uint64_t max, uint64_t *out);

/*
 * Plain true or false only. yes/no/on/off are booleans in YAML 1.1 and
 * strings in 1.2; rather than pick one, they are rejected with a hint.
 */
int yaml_scalar_bool(struct yaml_diags *d, const struct yaml_node *n,
		     const char *what, bool *out);

/*
 * One of @names (NULL-terminated), in any style: *@out is its index.
 * A near miss is reported with "did you mean".
 */
int yaml_scalar_enum(struct yaml_diags *d, const struct yaml_node *n,
		     const char *what, const char *const *names,
		     unsigned int *out);

/*
 * A string of at most @max bytes without NUL bytes, in any style except a
 * null (see yaml_scalar_is_null()): a plain `123' is the string "123".
 * *@out points into the node.
 */
int yaml_scalar_str(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what, size_t max, const char **out);

#endif /* IPCWALL_YAML_DOC_H */
