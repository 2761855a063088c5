// SPDX-License-Identifier: GPL-2.0
/*
 * YAML documents with positions, built from libyaml's events rather than
 * its document loader: events carry the exact mark of every node, and
 * seeing anchors, aliases, tags and document boundaries as they come is
 * what lets them be rejected where they are written.
 *
 * Every node is attached to its parent as soon as it starts, so the tree
 * under doc->root always holds everything allocated, whatever point the
 * parse stops at, and freeing it frees all.
 */
#define _GNU_SOURCE	/* vasprintf, reallocarray */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "common.h"
#include "utf8.h"
#include "yaml_doc.h"

/* ---- Diagnostics ---- */

void yaml_diags_init(struct yaml_diags *d)
{
	*d = (struct yaml_diags){ 0 };
}

void yaml_diags_free(struct yaml_diags *d)
{
	unsigned int i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	free(d->v);
	yaml_diags_init(d);
}

bool yaml_diags_full(const struct yaml_diags *d)
{
	return d->errors > YAML_DOC_MAX_DIAGS;
}

static void add_diag(struct yaml_diags *d, const char *file, unsigned int line,
		     unsigned int col, const char *fmt, va_list ap)
{
	struct yaml_diag *v = d->v;
	char *message = NULL;

	d->errors++;
	if (d->errors > YAML_DOC_MAX_DIAGS + 1)
		return;
	if (!v) {
		/* The cap is small: one allocation holds every entry. */
		v = calloc(YAML_DOC_MAX_DIAGS + 1, sizeof(*v));
		if (!v) {
			d->oom = true;
			return;
		}
		d->v = v;
	}
	if (d->errors == YAML_DOC_MAX_DIAGS + 1)
		message = strdup("too many errors; not reporting any more");
	else if (vasprintf(&message, fmt, ap) < 0)
		message = NULL;
	v[d->n].file = strdup(file ? file : "");
	v[d->n].message = message;
	if (!v[d->n].file || !message) {
		free(v[d->n].file);
		free(message);
		d->oom = true;
		return;
	}
	v[d->n].line = line;
	v[d->n].col = line ? col : 0;
	d->n++;
}

void yaml_error_at(struct yaml_diags *d, const char *file, unsigned int line,
		   unsigned int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_diag(d, file, line, col, fmt, ap);
	va_end(ap);
}

void yaml_error(struct yaml_diags *d, const struct yaml_node *n,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_diag(d, n ? n->file : NULL, n ? n->line : 0, n ? n->col : 0,
		 fmt, ap);
	va_end(ap);
}

void yaml_diags_print(const struct yaml_diags *d, FILE *f)
{
	const struct yaml_diag *e;
	unsigned int i;

	for (i = 0; i < d->n; i++) {
		e = &d->v[i];
		if (e->line)
			fprintf(f, "%s:%u:%u: error: %s\n", e->file, e->line,
				e->col, e->message);
		else
			fprintf(f, "%s: error: %s\n", e->file, e->message);
	}
	if (d->oom)
		fprintf(f, PROG_NAME ": error: out of memory; some errors are not shown\n");
}

/* ---- Quoting values in messages ---- */


/*
 * Characters a terminal acts on or that reorder or hide text: controls,
 * line and paragraph separators, bidirectional overrides and isolates,
 * and the zero-width no-break space.
 */
static bool hidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

char *yaml_escape(char buf[YAML_ESCAPE_SIZE], const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	/* Room for "..." and the NUL after the last unit that fits. */
	const size_t room = YAML_ESCAPE_SIZE - 4;
	size_t i = 0, o = 0, n;
	char unit[8];
	uint32_t cp;
	int ulen;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			ulen = snprintf(unit, sizeof(unit), "\\x%02x", s[i]);
			n = 1;
		} else if (cp == '\\') {
			ulen = snprintf(unit, sizeof(unit), "\\\\");
		} else if (cp == '\n') {
			ulen = snprintf(unit, sizeof(unit), "\\n");
		} else if (cp == '\t') {
			ulen = snprintf(unit, sizeof(unit), "\\t");
		} else if (cp == '\r') {
			ulen = snprintf(unit, sizeof(unit), "\\r");
		} else if (cp < 0x80 && hidden(cp)) {
			ulen = snprintf(unit, sizeof(unit), "\\x%02x", cp);
		} else if (hidden(cp)) {
			ulen = snprintf(unit, sizeof(unit), "\\u%04x", cp);
		} else {
			memcpy(unit, s + i, n);
			ulen = n;
		}
		if (o + ulen > room) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(buf + o, unit, ulen);
		o += ulen;
		i += n;
	}
	buf[o] = '\0';
	return buf;
}

/* ---- Loading ---- */

/**
 * struct frame - a mapping or sequence being filled
 * @node:	the collection, already attached to its parent
 * @cap:	room in its pairs or items array
 * @have_key:	(mapping) the last pair has its key and waits for its value
 * @slots:	(mapping) hash table of pair index + 1, 0 when free, to find
 *		duplicate keys in linear time: a quadratic scan would let one
 *		file with a large mapping take hours
 * @nslots:	size of @slots, a power of two
 * @used:	keys in @slots
 */
struct frame {
	struct yaml_node *node;
	size_t cap;
	bool have_key;
	uint32_t *slots;
	size_t nslots;
	size_t used;
};

struct loader {
	yaml_parser_t parser;
	struct yaml_diags *d;
	struct yaml_doc *doc;
	const unsigned char *buf;
	size_t len;
	unsigned int errors;	/* d->errors when the load started */
	unsigned int nodes;
	unsigned int docs;
	unsigned int first_doc_line;
	unsigned int depth;
	bool stop;
	struct frame stack[YAML_DOC_MAX_DEPTH];
};

static unsigned int mark_line(const yaml_mark_t *m)
{
	return m->line + 1;
}

static unsigned int mark_col(const yaml_mark_t *m)
{
	return m->column + 1;
}

static void __attribute__((format(printf, 3, 4)))
error_mark(struct loader *l, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_diag(l->d, l->doc->file, mark_line(m), mark_col(m), fmt, ap);
	va_end(ap);
	if (yaml_diags_full(l->d))
		l->stop = true;
}

static void oom(struct loader *l, const yaml_mark_t *m)
{
	error_mark(l, m, "out of memory");
	l->stop = true;
}

static void free_node(struct yaml_node *n)
{
	size_t i;

	if (!n)
		return;
	switch (n->kind) {
	case YAML_DOC_SCALAR:
		free(n->scalar.str);
		break;
	case YAML_DOC_MAP:
		for (i = 0; i < n->map.count; i++) {
			free_node(n->map.pairs[i].key);
			free_node(n->map.pairs[i].value);
		}
		free(n->map.pairs);
		break;
	case YAML_DOC_SEQ:
		for (i = 0; i < n->seq.count; i++)
			free_node(n->seq.items[i]);
		free(n->seq.items);
		break;
	}
	free(n);
}

void yaml_doc_free(struct yaml_doc *doc)
{
	if (!doc)
		return;
	free_node(doc->root);
	free(doc->file);
	free(doc);
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static const struct yaml_node *pair_key(const struct frame *f, uint32_t slot)
{
	return f->node->map.pairs[slot - 1].key;
}

/*
 * Looks @idx's key up; returns the slot content of an equal key, or 0 after
 * inserting it. The table is never more than half full.
 */
static uint32_t slot_find_or_add(struct frame *f, uint32_t idx)
{
	const struct yaml_node *k = f->node->map.pairs[idx].key, *o;
	size_t mask = f->nslots - 1;
	size_t i = hash_bytes(k->scalar.str, k->scalar.len) & mask;

	while (f->slots[i]) {
		o = pair_key(f, f->slots[i]);
		if (o->scalar.len == k->scalar.len &&
		    !memcmp(o->scalar.str, k->scalar.str, k->scalar.len))
			return f->slots[i];
		i = (i + 1) & mask;
	}
	f->slots[i] = idx + 1;
	f->used++;
	return 0;
}

static int slots_grow(struct frame *f)
{
	size_t i, n = f->nslots ? f->nslots * 2 : 16;
	struct frame old = *f;

	f->slots = calloc(n, sizeof(*f->slots));
	if (!f->slots) {
		f->slots = old.slots;
		return -1;
	}
	f->nslots = n;
	f->used = 0;
	for (i = 0; i < old.nslots; i++)
		if (old.slots[i])
			slot_find_or_add(f, old.slots[i] - 1);
	free(old.slots);
	return 0;
}

static void check_key(struct loader *l, struct frame *f, const yaml_mark_t *m)
{
	struct yaml_node *map = f->node;
	uint32_t idx = map->map.count - 1, first;
	const struct yaml_node *k = map->map.pairs[idx].key;
	char q[YAML_ESCAPE_SIZE];

	if (k->kind != YAML_DOC_SCALAR) {
		error_mark(l, m, "mapping keys must be scalars, found a %s",
			   k->kind == YAML_DOC_MAP ? "mapping" : "sequence");
		return;
	}
	if ((f->used + 1) * 2 > f->nslots && slots_grow(f)) {
		oom(l, m);
		return;
	}
	first = slot_find_or_add(f, idx);
	if (first)
		error_mark(l, m, "duplicate key `%s' (first at line %u)",
			   yaml_escape(q, k->scalar.str, k->scalar.len),
			   pair_key(f, first)->line);
}

static int grow(void **v, size_t *cap, size_t count, size_t size)
{
	size_t n;
	void *p;

	if (count < *cap)
		return 0;
	n = *cap ? *cap * 2 : 4;
	p = reallocarray(*v, n, size);
	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

/* Hangs @n under the innermost open collection, or makes it the root. */
static int attach(struct loader *l, struct yaml_node *n, const yaml_mark_t *m)
{
	struct frame *f;
	struct yaml_node *p;

	if (!l->depth) {
		l->doc->root = n;
		return 0;
	}
	f = &l->stack[l->depth - 1];
	p = f->node;
	if (p->kind == YAML_DOC_SEQ) {
		if (grow((void **)&p->seq.items, &f->cap, p->seq.count,
			 sizeof(*p->seq.items)))
			goto nomem;
		p->seq.items[p->seq.count++] = n;
		return 0;
	}
	if (f->have_key) {
		p->map.pairs[p->map.count - 1].value = n;
		f->have_key = false;
		return 0;
	}
	if (grow((void **)&p->map.pairs, &f->cap, p->map.count,
		 sizeof(*p->map.pairs)))
		goto nomem;
	p->map.pairs[p->map.count++] = (struct yaml_pair){ .key = n };
	f->have_key = true;
	check_key(l, f, m);
	return 0;
nomem:
	free_node(n);
	oom(l, m);
	return -1;
}

static struct yaml_node *new_node(struct loader *l, enum yaml_node_kind kind,
				  const yaml_mark_t *m)
{
	struct yaml_node *n;

	if (++l->nodes > YAML_DOC_MAX_NODES) {
		error_mark(l, m, "more than %u nodes in one file",
			   YAML_DOC_MAX_NODES);
		l->stop = true;
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		oom(l, m);
		return NULL;
	}
	n->kind = kind;
	n->file = l->doc->file;
	n->line = mark_line(m);
	n->col = mark_col(m);
	return n;
}

/* libyaml resolves "!!x" to the full tag; show it as it was written. */
static void check_properties(struct loader *l, const yaml_mark_t *m,
			     const yaml_char_t *anchor, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	char q[YAML_ESCAPE_SIZE];
	const char *t = (const char *)tag;

	if (anchor)
		error_mark(l, m, "anchors and aliases are not supported (found `&%s')",
			   yaml_escape(q, (const char *)anchor,
				       strlen((const char *)anchor)));
	if (!t)
		return;
	if (!strncmp(t, core, sizeof(core) - 1)) {
		t += sizeof(core) - 1;
		error_mark(l, m, "tags are not supported (found `!!%s')",
			   yaml_escape(q, t, strlen(t)));
	} else {
		error_mark(l, m, "tags are not supported (found `%s')",
			   yaml_escape(q, t, strlen(t)));
	}
}

static void on_scalar(struct loader *l, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	size_t len = ev->data.scalar.length;
	char q[YAML_ESCAPE_SIZE];
	struct yaml_node *n;

	check_properties(l, m, ev->data.scalar.anchor, ev->data.scalar.tag);
	if (len > YAML_DOC_MAX_SCALAR)
		error_mark(l, m, "scalar `%s' is %zu bytes long; expected at most %u bytes",
			   yaml_escape(q, (const char *)ev->data.scalar.value, len),
			   len, YAML_DOC_MAX_SCALAR);
	n = new_node(l, YAML_DOC_SCALAR, m);
	if (!n)
		return;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->scalar.style = YAML_DOC_SINGLE_QUOTED;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->scalar.style = YAML_DOC_DOUBLE_QUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->scalar.style = YAML_DOC_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->scalar.style = YAML_DOC_FOLDED;
		break;
	default:
		n->scalar.style = YAML_DOC_PLAIN;
		break;
	}
	n->scalar.str = malloc(len + 1);
	if (!n->scalar.str) {
		free(n);
		oom(l, m);
		return;
	}
	memcpy(n->scalar.str, ev->data.scalar.value, len);
	n->scalar.str[len] = '\0';
	n->scalar.len = len;
	attach(l, n, m);
}

/* An alias stands for a node: an empty placeholder keeps mappings whole. */
static void on_alias(struct loader *l, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	const char *a = (const char *)ev->data.alias.anchor;
	char q[YAML_ESCAPE_SIZE];
	struct yaml_node *n;

	error_mark(l, m, "anchors and aliases are not supported (found `*%s')",
		   yaml_escape(q, a, strlen(a)));
	n = new_node(l, YAML_DOC_SCALAR, m);
	if (!n)
		return;
	n->scalar.str = strdup("");
	if (!n->scalar.str) {
		free(n);
		oom(l, m);
		return;
	}
	attach(l, n, m);
}

static void on_start(struct loader *l, const yaml_event_t *ev,
		     enum yaml_node_kind kind)
{
	const yaml_mark_t *m = &ev->start_mark;
	struct yaml_node *n;

	if (kind == YAML_DOC_MAP)
		check_properties(l, m, ev->data.mapping_start.anchor,
				 ev->data.mapping_start.tag);
	else
		check_properties(l, m, ev->data.sequence_start.anchor,
				 ev->data.sequence_start.tag);
	if (l->depth == YAML_DOC_MAX_DEPTH) {
		error_mark(l, m, "mappings and sequences nested deeper than %u levels",
			   YAML_DOC_MAX_DEPTH);
		l->stop = true;
		return;
	}
	n = new_node(l, kind, m);
	if (!n || attach(l, n, m))
		return;
	l->stack[l->depth++] = (struct frame){ .node = n };
}

static void on_end(struct loader *l)
{
	struct frame *f = &l->stack[--l->depth];

	free(f->slots);
	*f = (struct frame){ 0 };
}

static void on_document(struct loader *l, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	const yaml_tag_directive_t *t = ev->data.document_start.tag_directives.start;
	char q[YAML_ESCAPE_SIZE];

	if (l->docs++) {
		error_mark(l, m, "only one document per file is allowed (the first starts at line %u)",
			   l->first_doc_line);
		l->stop = true;
		return;
	}
	l->first_doc_line = mark_line(m);
	if (t != ev->data.document_start.tag_directives.end)
		error_mark(l, m, "tags are not supported (found `%%TAG %s')",
			   yaml_escape(q, (const char *)t->handle,
				       strlen((const char *)t->handle)));
}

/* Line and column of a byte offset, for errors libyaml gives no mark for. */
static void offset_mark(const struct loader *l, size_t off, yaml_mark_t *m)
{
	size_t i;

	*m = (yaml_mark_t){ .index = off };
	for (i = 0; i < off && i < l->len; i++) {
		if (l->buf[i] == '\n') {
			m->line++;
			m->column = 0;
		} else if ((l->buf[i] & 0xc0) != 0x80) {
			m->column++;
		}
	}
}

static void syntax_error(struct loader *l)
{
	const yaml_parser_t *p = &l->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	const char *hint = "";
	yaml_mark_t m;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		offset_mark(l, 0, &m);
		oom(l, &m);
		return;
	case YAML_READER_ERROR:
		offset_mark(l, p->problem_offset, &m);
		if (p->problem_value != -1)
			error_mark(l, &m, "%s (0x%x)", problem,
				   (unsigned int)p->problem_value);
		else
			error_mark(l, &m, "%s", problem);
		return;
	default:
		break;
	}
	m = p->problem_mark;
	/* libyaml's message for the most common mistake says nothing of it. */
	if (p->encoding == YAML_UTF8_ENCODING && m.index < l->len &&
	    l->buf[m.index] == '\t')
		hint = "; tabs cannot indent YAML, use spaces";
	if (p->context)
		error_mark(l, &m, "%s (%s at line %u, column %u)%s", problem,
			   p->context, mark_line(&p->context_mark),
			   mark_col(&p->context_mark), hint);
	else
		error_mark(l, &m, "%s%s", problem, hint);
}

static void parse(struct loader *l)
{
	yaml_event_t ev;
	bool done = false;

	while (!done && !l->stop) {
		if (!yaml_parser_parse(&l->parser, &ev)) {
			syntax_error(l);
			return;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			on_document(l, &ev);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(l, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(l, &ev, YAML_DOC_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(l, &ev, YAML_DOC_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(l);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
}

int yaml_doc_load_mem(const char *name, const void *buf, size_t len,
		      struct yaml_diags *d, struct yaml_doc **doc)
{
	struct loader *l;
	unsigned int i;
	int ret = -1;

	*doc = NULL;
	if (len > YAML_DOC_MAX_FILE_SIZE) {
		yaml_error_at(d, name, 0, 0, "file is %zu bytes; expected at most %u bytes",
			      len, YAML_DOC_MAX_FILE_SIZE);
		return -1;
	}
	/* Too big for the stack with its frames; one allocation per load. */
	l = calloc(1, sizeof(*l));
	if (!l)
		goto nomem;
	l->doc = calloc(1, sizeof(*l->doc));
	if (!l->doc)
		goto nomem;
	l->doc->file = strdup(name);
	if (!l->doc->file || !yaml_parser_initialize(&l->parser))
		goto nomem;
	l->d = d;
	l->errors = d->errors;
	l->buf = buf;
	l->len = len;
	yaml_parser_set_input_string(&l->parser, buf, len);
	parse(l);
	yaml_parser_delete(&l->parser);
	for (i = 0; i < l->depth; i++)
		free(l->stack[i].slots);

	if (d->errors != l->errors) {
		yaml_doc_free(l->doc);
	} else {
		if (l->doc->root && yaml_scalar_is_null(l->doc->root)) {
			free_node(l->doc->root);
			l->doc->root = NULL;
		}
		*doc = l->doc;
		ret = 0;
	}
	free(l);
	return ret;
nomem:
	yaml_error_at(d, name, 0, 0, "out of memory");
	if (l && l->doc) {
		free(l->doc->file);
		free(l->doc);
	}
	free(l);
	return -1;
}

/* Reads at most one byte past the limit: enough to know it is exceeded. */
int yaml_doc_load_file(const char *path, struct yaml_diags *d,
		       struct yaml_doc **doc)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *p;
	ssize_t r;
	int fd, ret;

	*doc = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		yaml_error_at(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > YAML_DOC_MAX_FILE_SIZE + 1)
				cap = YAML_DOC_MAX_FILE_SIZE + 1;
			p = realloc(buf, cap);
			if (!p) {
				yaml_error_at(d, path, 0, 0, "out of memory");
				goto fail;
			}
			buf = p;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			yaml_error_at(d, path, 0, 0, "cannot read: %s",
				      strerror(errno));
			goto fail;
		}
		if (!r)
			break;
		len += r;
		if (len > YAML_DOC_MAX_FILE_SIZE) {
			yaml_error_at(d, path, 0, 0,
				      "file is larger than %u bytes; expected at most %u bytes",
				      YAML_DOC_MAX_FILE_SIZE, YAML_DOC_MAX_FILE_SIZE);
			goto fail;
		}
	}
	close(fd);
	ret = yaml_doc_load_mem(path, buf, len, d, doc);
	free(buf);
	return ret;
fail:
	close(fd);
	free(buf);
	return -1;
}

/* ---- Checking helpers ---- */

static bool key_is(const struct yaml_node *k, const char *s, size_t len)
{
	return k->kind == YAML_DOC_SCALAR && k->scalar.len == len &&
	       !memcmp(k->scalar.str, s, len);
}

const struct yaml_node *yaml_map_get(const struct yaml_node *map,
				     const char *key)
{
	size_t i, len = strlen(key);

	if (!map || map->kind != YAML_DOC_MAP)
		return NULL;
	for (i = 0; i < map->map.count; i++)
		if (key_is(map->map.pairs[i].key, key, len))
			return map->map.pairs[i].value;
	return NULL;
}

const struct yaml_node *yaml_map_require(struct yaml_diags *d,
					 const struct yaml_node *map,
					 const char *key, const char *ctx)
{
	const struct yaml_node *v = yaml_map_get(map, key);

	if (!v)
		yaml_error(d, map, "missing key `%s' in %s", key, ctx);
	return v;
}

/* Names longer than this are never suggested: nobody mistypes them. */
#define SUGGEST_MAX 64

/*
 * Optimal string alignment distance (Levenshtein plus transposition of
 * two neighbours, the commonest typo), on bytes.
 */
static unsigned int distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned int rows[3][SUGGEST_MAX + 1];
	unsigned int *pp, *p, *c, *t, v;
	size_t i, j;

	for (j = 0; j <= lb; j++)
		rows[1][j] = j;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (i = 1; i <= la; i++) {
		c[0] = i;
		for (j = 1; j <= lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		/* Rotate: this row becomes the previous one. */
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

const char *yaml_closest(const char *const *names, size_t n, const char *s,
			 size_t len)
{
	unsigned int d, best_d = ~0u, limit;
	const char *best = NULL;
	size_t i, nl;

	if (len > SUGGEST_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		if (nl > SUGGEST_MAX)
			continue;
		limit = nl / 3 > 1 ? nl / 3 : 1;
		d = distance(s, len, names[i], nl);
		if (d <= limit && d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

/* "a, b, c", or NULL without memory. */
static char *join(const char *const *names)
{
	size_t len = 1, i;
	char *s, *p;

	for (i = 0; names[i]; i++)
		len += strlen(names[i]) + 2;
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	*p = '\0';
	for (i = 0; names[i]; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", names[i]);
	return s;
}

/*
 * Ends the message about a scalar that is not one of @names: the closest
 * name when there is one, else the whole list. @head already quotes it.
 */
static void not_one_of(struct yaml_diags *d, const struct yaml_node *n,
		       const char *head, const char *const *names)
{
	const char *near;
	size_t count = 0;
	char *list;

	while (names[count])
		count++;
	near = yaml_closest(names, count, n->scalar.str, n->scalar.len);

	if (near) {
		yaml_error(d, n, "%s; did you mean `%s'?", head, near);
		return;
	}
	if (!*names) {
		yaml_error(d, n, "%s; nothing is allowed here", head);
		return;
	}
	list = join(names);
	yaml_error(d, n, "%s; expected one of: %s", head,
		   list ? list : "(out of memory)");
	free(list);
}

int yaml_map_check_keys(struct yaml_diags *d, const struct yaml_node *map,
			const char *const *allowed, const char *ctx)
{
	char q[YAML_ESCAPE_SIZE], head[512];
	const struct yaml_node *k;
	const char *const *a;
	int unknown = 0;
	size_t i;

	if (!map || map->kind != YAML_DOC_MAP)
		return 0;
	for (i = 0; i < map->map.count; i++) {
		k = map->map.pairs[i].key;
		for (a = allowed; *a; a++)
			if (key_is(k, *a, strlen(*a)))
				break;
		if (*a)
			continue;
		unknown++;
		snprintf(head, sizeof(head), "unknown key `%s' in %s",
			 yaml_escape(q, k->scalar.str, k->scalar.len), ctx);
		not_one_of(d, k, head, allowed);
	}
	return unknown;
}

bool yaml_scalar_is_null(const struct yaml_node *n)
{
	const char *s;

	if (!n || n->kind != YAML_DOC_SCALAR || n->scalar.style != YAML_DOC_PLAIN)
		return false;
	s = n->scalar.str;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* What @n is, for "found ...": the kind, or the value of a scalar. */
static const char *describe(const struct yaml_node *n, char buf[YAML_ESCAPE_SIZE + 32])
{
	char q[YAML_ESCAPE_SIZE];

	if (n->kind == YAML_DOC_MAP)
		return "a mapping";
	if (n->kind == YAML_DOC_SEQ)
		return "a sequence";
	if (yaml_scalar_is_null(n))
		return n->scalar.len ? "a null value" : "an empty value";
	yaml_escape(q, n->scalar.str, n->scalar.len);
	snprintf(buf, YAML_ESCAPE_SIZE + 32, "%s `%s'",
		 n->scalar.style == YAML_DOC_PLAIN ? "the value" : "the string", q);
	return buf;
}

static int expect(struct yaml_diags *d, const struct yaml_node *n,
		  enum yaml_node_kind kind, const char *expected,
		  const char *what, const char *hint)
{
	char buf[YAML_ESCAPE_SIZE + 32];

	if (n->kind == kind && (kind != YAML_DOC_SCALAR || !yaml_scalar_is_null(n)))
		return 0;
	yaml_error(d, n, "expected %s for `%s', found %s%s", expected, what,
		   describe(n, buf), hint);
	return -1;
}

int yaml_expect_map(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what)
{
	return expect(d, n, YAML_DOC_MAP, "a mapping", what, "");
}

int yaml_expect_seq(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what)
{
	return expect(d, n, YAML_DOC_SEQ, "a sequence", what, "");
}

int yaml_expect_scalar(struct yaml_diags *d, const struct yaml_node *n,
		       const char *what)
{
	return expect(d, n, YAML_DOC_SCALAR, "a value", what, "");
}

/* Only plain scalars are numbers and booleans; see yaml_doc.h. */
static int expect_plain(struct yaml_diags *d, const struct yaml_node *n,
			const char *expected, const char *what)
{
	char buf[YAML_ESCAPE_SIZE + 32];

	if (expect(d, n, YAML_DOC_SCALAR, expected, what, ""))
		return -1;
	if (n->scalar.style == YAML_DOC_PLAIN)
		return 0;
	yaml_error(d, n, "expected %s for `%s', found %s (quoted values are strings)",
		   expected, what, describe(n, buf));
	return -1;
}

static void __attribute__((format(printf, 4, 5)))
invalid(struct yaml_diags *d, const struct yaml_node *n, const char *what,
	const char *fmt, ...)
{
	char q[YAML_ESCAPE_SIZE];
	char *why = NULL;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&why, fmt, ap);
	va_end(ap);
	yaml_escape(q, n->scalar.str, n->scalar.len);
	yaml_error(d, n, "invalid value `%s' for `%s': %s", q, what,
		   ret < 0 ? "(out of memory)" : why);
	if (ret >= 0)
		free(why);
}

/* "0755": octal to some readers, decimal to others; say how to write each. */
static void leading_zeros(struct yaml_diags *d, const struct yaml_node *n,
			  const char *what)
{
	const char *s = n->scalar.str + strspn(n->scalar.str, "0");

	if (!*s)
		s = "0";
	if (strspn(s, "01234567") == strlen(s))
		invalid(d, n, what,
			"leading zeros are ambiguous (octal in YAML 1.1, decimal in 1.2); write 0o%s for octal or %s for decimal",
			s, s);
	else
		invalid(d, n, what, "leading zeros are not allowed; write %s", s);
}

#define U64_FORMS "an unsigned integer (decimal, 0x hex or 0o octal)"

int yaml_scalar_u64(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what, uint64_t max, uint64_t *out)
{
	const char *s, *end, *digits;
	unsigned int base = 10, v;
	uint64_t x = 0;

	if (expect_plain(d, n, "an unsigned integer", what))
		return -1;
	s = n->scalar.str;
	end = s + n->scalar.len;
	if (*s == '-' || *s == '+') {
		invalid(d, n, what, "%s; expected an unsigned integer",
			*s == '-' ? "negative numbers are not allowed" :
				    "a sign is not allowed");
		return -1;
	}
	digits = s;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		base = s[1] == 'x' ? 16 : 8;
		digits += 2;
		if (digits == end) {
			invalid(d, n, what, "no digits after `0%c'; expected %s",
				s[1], U64_FORMS);
			return -1;
		}
	} else if (s[0] == '0' && n->scalar.len > 1 &&
		   strspn(s, "0123456789") == n->scalar.len) {
		leading_zeros(d, n, what);
		return -1;
	}
	for (; digits < end; digits++) {
		if (*digits >= '0' && *digits <= '9')
			v = *digits - '0';
		else if (*digits >= 'a' && *digits <= 'f')
			v = *digits - 'a' + 10;
		else if (*digits >= 'A' && *digits <= 'F')
			v = *digits - 'A' + 10;
		else
			v = base;
		if (v >= base) {
			invalid(d, n, what, "expected %s", U64_FORMS);
			return -1;
		}
		if (v > max || x > (max - v) / base) {
			invalid(d, n, what, "out of range; expected at most %llu",
				(unsigned long long)max);
			return -1;
		}
		x = x * base + v;
	}
	*out = x;
	return 0;
}

int yaml_scalar_bool(struct yaml_diags *d, const struct yaml_node *n,
		     const char *what, bool *out)
{
	static const char *const yaml11[] = {
		"yes", "no", "on", "off", "y", "n",
	};
	const char *s;
	size_t i;

	if (expect_plain(d, n, "true or false", what))
		return -1;
	s = n->scalar.str;
	if (!strcmp(s, "true") || !strcmp(s, "false")) {
		*out = s[0] == 't';
		return 0;
	}
	if (!strcasecmp(s, "true") || !strcasecmp(s, "false")) {
		invalid(d, n, what, "expected true or false, in lowercase");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(yaml11); i++) {
		if (!strcasecmp(s, yaml11[i])) {
			invalid(d, n, what,
				"expected true or false (yes, no, on and off are booleans only in YAML 1.1)");
			return -1;
		}
	}
	invalid(d, n, what, "expected true or false");
	return -1;
}

int yaml_scalar_enum(struct yaml_diags *d, const struct yaml_node *n,
		     const char *what, const char *const *names,
		     unsigned int *out)
{
	char q[YAML_ESCAPE_SIZE], head[512];
	unsigned int i;

	if (expect(d, n, YAML_DOC_SCALAR, "a value", what, ""))
		return -1;
	for (i = 0; names[i]; i++) {
		if (key_is(n, names[i], strlen(names[i]))) {
			*out = i;
			return 0;
		}
	}
	snprintf(head, sizeof(head), "invalid value `%s' for `%s'",
		 yaml_escape(q, n->scalar.str, n->scalar.len), what);
	not_one_of(d, n, head, names);
	return -1;
}

int yaml_scalar_str(struct yaml_diags *d, const struct yaml_node *n,
		    const char *what, size_t max, const char **out)
{
	if (expect(d, n, YAML_DOC_SCALAR, "a string", what, ""))
		return -1;
	if (memchr(n->scalar.str, '\0', n->scalar.len)) {
		invalid(d, n, what, "NUL bytes are not allowed");
		return -1;
	}
	if (n->scalar.len > max) {
		invalid(d, n, what, "%zu bytes long; expected at most %zu bytes",
			n->scalar.len, max);
		return -1;
	}
	*out = n->scalar.str;
	return 0;
}
