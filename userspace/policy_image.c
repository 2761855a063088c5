// SPDX-License-Identifier: GPL-2.0
/*
 * The compiled policy in memory: building it, writing it in the one
 * canonical layout of "The compiled policy" (uapi/ipcwall.h), and reading
 * one back with every check the module makes, so that a policy is refused
 * here, with the module's own words, before it is ever sent.
 *
 * The checks follow kmod/policy.c rule for rule and message for message;
 * a change to one belongs in the other.
 */
#define _GNU_SOURCE	/* reallocarray */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../kmod/limits.h"
#include "common.h"
#include "policy_image.h"

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

/* ---- The builder ---- */

int policy_image_init(struct policy_image *img)
{
	memset(img, 0, sizeof(*img));
	img->strings = calloc(1, 64);
	if (!img->strings)
		return -ENOMEM;
	img->strings_len = 1;
	img->strings_cap = 64;
	return 0;
}

void policy_image_free(struct policy_image *img)
{
	free(img->strings);
	free(img->groups);
	free(img->selectors);
	free(img->refs);
	free(img->ids);
	free(img->rules);
	free(img->intern);
	memset(img, 0, sizeof(*img));
}

/* FNV-1a: strings are short, and this only spreads them over buckets. */
static size_t hash(const char *s, size_t len)
{
	size_t h = 2166136261u;

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/*
 * The intern table maps a string's hash to its reference, open
 * addressing, 0 meaning an empty slot (no string starts at offset 0 but
 * the empty one, never interned). Kept at most half full.
 */
static void intern_insert(struct policy_image *img, __u32 ref)
{
	const char *s = img->strings + ref;
	size_t i = hash(s, strlen(s)) & (img->intern_cap - 1);

	while (img->intern[i])
		i = (i + 1) & (img->intern_cap - 1);
	img->intern[i] = ref;
	img->intern_n++;
}

static int intern_grow(struct policy_image *img)
{
	size_t cap = img->intern_cap ? img->intern_cap * 2 : 256, i;
	__u32 *old = img->intern, *t;
	size_t old_cap = img->intern_cap;

	t = calloc(cap, sizeof(*t));
	if (!t)
		return -ENOMEM;
	img->intern = t;
	img->intern_cap = cap;
	img->intern_n = 0;
	if (old) {
		for (i = 0; i < old_cap; i++)
			if (old[i])
				intern_insert(img, old[i]);
	} else {
		/* A decoded image: index the strings it already holds. */
		for (i = 1; i < img->strings_len;
		     i += strlen(img->strings + i) + 1)
			if (2 * (img->intern_n + 1) <= cap)
				intern_insert(img, i);
	}
	free(old);
	return 0;
}

int policy_image_string(struct policy_image *img, const char *s, size_t len,
			__u32 *ref)
{
	size_t i, need;
	char *p;

	if (!len) {
		*ref = 0;
		return 0;
	}
	if ((2 * (img->intern_n + 1) > img->intern_cap) && intern_grow(img))
		return -ENOMEM;
	i = hash(s, len) & (img->intern_cap - 1);
	for (; img->intern[i]; i = (i + 1) & (img->intern_cap - 1)) {
		p = img->strings + img->intern[i];
		if (!strncmp(p, s, len) && !p[len]) {
			*ref = img->intern[i];
			return 0;
		}
	}
	need = img->strings_len + len + 1;
	if (need > UINT32_MAX)
		return -ENOMEM;
	if (need > img->strings_cap) {
		size_t cap = img->strings_cap * 2;

		while (cap < need)
			cap *= 2;
		p = realloc(img->strings, cap);
		if (!p)
			return -ENOMEM;
		img->strings = p;
		img->strings_cap = cap;
	}
	*ref = img->strings_len;
	memcpy(img->strings + img->strings_len, s, len);
	img->strings[img->strings_len + len] = '\0';
	img->strings_len = need;
	img->intern[i] = *ref;
	img->intern_n++;
	return 0;
}

const char *policy_image_str(const struct policy_image *img, __u32 ref)
{
	return img->strings + ref;
}

/* Makes room for one more entry of @size bytes in *@v; NULL on ENOMEM. */
static void *grow(void **v, size_t *n, size_t *cap, size_t size)
{
	void *p;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;

		p = reallocarray(*v, c, size);
		if (!p)
			return NULL;
		*v = p;
		*cap = c;
	}
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

#define APPEND(img, arr, n, cap, index)					\
	({								\
		void *_e = grow((void **)&(img)->arr, &(img)->n,	\
				&(img)->cap, sizeof(*(img)->arr));	\
		if (_e && (index))					\
			*(index) = (img)->n - 1;			\
		_e;							\
	})

struct ipcwall_policy_group *policy_image_add_group(struct policy_image *img,
						    size_t *index)
{
	return APPEND(img, groups, n_groups, cap_groups, index);
}

struct ipcwall_policy_selector *
policy_image_add_selector(struct policy_image *img, size_t *index)
{
	return APPEND(img, selectors, n_selectors, cap_selectors, index);
}

struct ipcwall_policy_rule *policy_image_add_rule(struct policy_image *img,
						  size_t *index)
{
	return APPEND(img, rules, n_rules, cap_rules, index);
}

int policy_image_add_ref(struct policy_image *img, __u32 ref, size_t *index)
{
	__u32 *e = APPEND(img, refs, n_refs, cap_refs, index);

	if (!e)
		return -ENOMEM;
	*e = ref;
	return 0;
}

int policy_image_add_id(struct policy_image *img, __u32 id, size_t *index)
{
	__u32 *e = APPEND(img, ids, n_ids, cap_ids, index);

	if (!e)
		return -ENOMEM;
	*e = id;
	return 0;
}

/* ---- The binary format ---- */

static const char *const section_names[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = "strings",
	[IPCWALL_SECTION_GROUPS] = "groups",
	[IPCWALL_SECTION_SELECTORS] = "selectors",
	[IPCWALL_SECTION_REFS] = "refs",
	[IPCWALL_SECTION_IDS] = "ids",
	[IPCWALL_SECTION_RULES] = "rules",
};

static const __u32 section_entry_sizes[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = 1,
	[IPCWALL_SECTION_GROUPS] = sizeof(struct ipcwall_policy_group),
	[IPCWALL_SECTION_SELECTORS] = sizeof(struct ipcwall_policy_selector),
	[IPCWALL_SECTION_REFS] = sizeof(__u32),
	[IPCWALL_SECTION_IDS] = sizeof(__u32),
	[IPCWALL_SECTION_RULES] = sizeof(struct ipcwall_policy_rule),
};

static const struct {
	__u32 max;
	const char *what;
} section_limits[IPCWALL_SECTION_COUNT] = {
	[IPCWALL_SECTION_STRINGS] = { IPCWALL_MAX_STRINGS_SIZE,
				      "bytes of strings" },
	[IPCWALL_SECTION_GROUPS] = { IPCWALL_MAX_GROUPS, "groups" },
	[IPCWALL_SECTION_SELECTORS] = { IPCWALL_MAX_SELECTORS, "selectors" },
	[IPCWALL_SECTION_REFS] = { IPCWALL_MAX_REFS, "glob references" },
	[IPCWALL_SECTION_IDS] = { IPCWALL_MAX_IDS, "ids" },
	[IPCWALL_SECTION_RULES] = { IPCWALL_MAX_RULES, "rules" },
};

int policy_image_encode(const struct policy_image *img, void **buf,
			size_t *len)
{
	const void *data[IPCWALL_SECTION_COUNT] = {
		img->strings, img->groups, img->selectors, img->refs,
		img->ids, img->rules,
	};
	const size_t count[IPCWALL_SECTION_COUNT] = {
		img->strings_len, img->n_groups, img->n_selectors,
		img->n_refs, img->n_ids, img->n_rules,
	};
	struct ipcwall_policy_header hdr = {
		.magic = IPCWALL_POLICY_MAGIC,
		.version = IPCWALL_POLICY_VERSION,
	};
	size_t pos = sizeof(hdr), start[IPCWALL_SECTION_COUNT];
	unsigned char *out;
	int i;

	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		if (count[i] > IPCWALL_MAX_POLICY_SIZE)
			return -E2BIG;
		start[i] = ALIGN8(pos);
		pos = start[i] + count[i] * section_entry_sizes[i];
		if (pos > IPCWALL_MAX_POLICY_SIZE)
			return -E2BIG;
		hdr.sections[i] = (struct ipcwall_policy_section){
			.offset = start[i],
			.count = count[i],
			.entry_size = section_entry_sizes[i],
		};
	}
	hdr.size = pos;
	out = calloc(1, pos);
	if (!out)
		return -ENOMEM;
	memcpy(out, &hdr, sizeof(hdr));
	for (i = 0; i < IPCWALL_SECTION_COUNT; i++)
		if (count[i])
			memcpy(out + start[i], data[i],
			       count[i] * section_entry_sizes[i]);
	*buf = out;
	*len = pos;
	return 0;
}

bool policy_image_is_compiled(const void *buf, size_t len)
{
	__u32 magic;

	if (len < sizeof(magic))
		return false;
	memcpy(&magic, buf, sizeof(magic));
	return magic == IPCWALL_POLICY_MAGIC;
}

/**
 * policy_image_read_file() - read a whole file, or standard input for "-"
 * @path:	the file
 * @buf:	set to the contents, malloc()ed
 * @len:	set to their size
 *
 * Files past IPCWALL_MAX_POLICY_SIZE are refused: nothing larger could
 * be loaded. Return: 0, or -1 after printing why.
 */
int policy_image_read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t n = 0, cap = 65536, got;
	char *p = NULL, *q;

	if (!f) {
		fprintf(stderr, "%s: cannot open %s: %s\n", PROG_NAME, path,
			strerror(errno));
		return -1;
	}
	for (;;) {
		q = realloc(p, cap);
		if (!q) {
			fprintf(stderr, "%s: %s: %s\n", PROG_NAME, path,
				strerror(ENOMEM));
			goto fail;
		}
		p = q;
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap > IPCWALL_MAX_POLICY_SIZE) {
			fprintf(stderr, "%s: %s: larger than the %u bytes a policy may have\n",
				PROG_NAME, path, IPCWALL_MAX_POLICY_SIZE);
			goto fail;
		}
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: cannot read %s: %s\n", PROG_NAME, path,
			strerror(errno));
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	*buf = p;
	*len = n;
	return 0;
fail:
	free(p);
	if (f != stdin)
		fclose(f);
	return -1;
}

/* ---- Reading one back: the module's checks ---- */

/**
 * struct checker - the validation of one compiled policy
 * @hdr:	its header, copied out (the buffer may be unaligned)
 * @blob:	the policy
 * @size:	its size
 * @img:	the image the sections are copied into, checked there
 * @starts:	per byte of the strings section, whether a string starts there
 * @err:	where the reason goes
 * @err_size:	its size
 */
struct checker {
	struct ipcwall_policy_header hdr;
	const unsigned char *blob;
	size_t size;
	struct policy_image *img;
	unsigned char *starts;
	char *err;
	size_t err_size;
};

static int __attribute__((format(printf, 3, 4)))
report(struct checker *c, int errno_val, const char *fmt, ...)
{
	va_list ap;

	if (c->err_size) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->err_size, fmt, ap);
		va_end(ap);
	}
	return -errno_val;
}

#define bad(c, ...) report(c, EINVAL, __VA_ARGS__)
#define too_big(c, ...) report(c, E2BIG, __VA_ARGS__)

static int check_header(struct checker *c)
{
	const struct ipcwall_policy_header *hdr = &c->hdr;

	if (c->size > IPCWALL_MAX_POLICY_SIZE)
		return too_big(c, "policy has %zu bytes, the limit is %u",
			       c->size, IPCWALL_MAX_POLICY_SIZE);
	if (c->size < sizeof(*hdr))
		return bad(c, "policy is shorter than its header");
	memcpy(&c->hdr, c->blob, sizeof(c->hdr));
	if (hdr->magic != IPCWALL_POLICY_MAGIC)
		return bad(c, "header.magic: not a compiled ipcwall policy");
	if (hdr->version != IPCWALL_POLICY_VERSION)
		return bad(c, "header.version: %u is not %u", hdr->version,
			   IPCWALL_POLICY_VERSION);
	if (hdr->size != c->size)
		return bad(c, "header.size: %u, but the policy has %zu bytes",
			   hdr->size, c->size);
	if (hdr->flags)
		return bad(c, "header.flags: not zero");
	return 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static int check_layout(struct checker *c)
{
	const struct ipcwall_policy_section *sec;
	uint64_t pos = sizeof(c->hdr), start, lo, hi;
	const char *name;
	int i;

	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		sec = &c->hdr.sections[i];
		name = section_names[i];
		if (sec->entry_size != section_entry_sizes[i])
			return bad(c, "header.sections[%s].entry_size: %u, not %u",
				   name, sec->entry_size,
				   section_entry_sizes[i]);
		if (sec->reserved)
			return bad(c, "header.sections[%s].reserved: not zero",
				   name);
		if (sec->count > section_limits[i].max)
			return too_big(c, "policy has %u %s, the limit is %u",
				       sec->count, section_limits[i].what,
				       section_limits[i].max);
		start = ALIGN8(pos);
		if (sec->offset != start)
			return bad(c, "header.sections[%s].offset: %u, not %llu",
				   name, sec->offset,
				   (unsigned long long)start);
		lo = pos < c->size ? pos : c->size;
		hi = start < c->size ? start : c->size;
		if (!all_zero(c->blob + lo, hi - lo))
			return bad(c, "header.sections[%s]: padding not zero",
				   name);
		pos = start + (uint64_t)sec->count * sec->entry_size;
		if (pos > c->size)
			return bad(c, "header.sections[%s]: ends past the policy",
				   name);
	}
	if (pos != c->size)
		return bad(c, "header.size: %zu bytes past the last section",
			   c->size - (size_t)pos);
	return 0;
}

/* Copies each section into the image's arrays, aligned and growable. */
static int copy_sections(struct checker *c)
{
	struct policy_image *img = c->img;
	void **dst[IPCWALL_SECTION_COUNT] = {
		(void **)&img->strings, (void **)&img->groups,
		(void **)&img->selectors, (void **)&img->refs,
		(void **)&img->ids, (void **)&img->rules,
	};
	size_t *n[IPCWALL_SECTION_COUNT] = {
		&img->strings_len, &img->n_groups, &img->n_selectors,
		&img->n_refs, &img->n_ids, &img->n_rules,
	};
	size_t *cap[IPCWALL_SECTION_COUNT] = {
		&img->strings_cap, &img->cap_groups, &img->cap_selectors,
		&img->cap_refs, &img->cap_ids, &img->cap_rules,
	};
	const struct ipcwall_policy_section *sec;
	size_t bytes;
	int i;

	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		sec = &c->hdr.sections[i];
		bytes = (size_t)sec->count * sec->entry_size;
		free(*dst[i]);
		*dst[i] = malloc(bytes ? bytes : 1);
		if (!*dst[i]) {
			*n[i] = *cap[i] = 0;
			return report(c, ENOMEM, "out of memory");
		}
		memcpy(*dst[i], c->blob + sec->offset, bytes);
		*n[i] = sec->count;
		*cap[i] = sec->count;
	}
	if (!img->strings_cap) {
		/* Keep the image usable for appending: never capacity 0. */
		char *s = realloc(img->strings, 1);

		if (s)
			img->strings = s;
		img->strings_cap = 1;
	}
	return 0;
}

static int check_strings(struct checker *c)
{
	const char *s = c->img->strings;
	size_t n = c->img->strings_len, i, start = 0;

	if (!n || s[0])
		return bad(c, "strings: does not start with a NUL");
	if (s[n - 1])
		return bad(c, "strings: does not end with a NUL");
	c->starts = calloc(n, 1);
	if (!c->starts)
		return report(c, ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (s[i])
			continue;
		if (i + 1 - start > IPCWALL_MAX_STRING)
			return too_big(c, "strings[%zu]: longer than the limit of %u bytes",
				       start, IPCWALL_MAX_STRING - 1);
		c->starts[start] = 1;
		start = i + 1;
	}
	return 0;
}

/* A string reference; returns its string's length or a negative errno. */
static long check_ref(struct checker *c, __u32 ref, bool optional,
		      const char *what, __u32 index, const char *field)
{
	if (!ref && optional)
		return 0;
	if (!ref)
		return bad(c, "%s[%u].%s: missing", what, index, field);
	if (ref >= c->img->strings_len || !c->starts[ref])
		return bad(c, "%s[%u].%s: %u is not the start of a string",
			   what, index, field, ref);
	return strlen(c->img->strings + ref);
}

static int check_glob(struct checker *c, const char *pat, size_t len,
		      const char *what, __u32 index, const char *field)
{
	size_t at;

	if (len > IPCWALL_MAX_PATTERN)
		return too_big(c, "%s[%u].%s: glob longer than the limit of %u bytes",
			       what, index, field, IPCWALL_MAX_PATTERN);
	if (ipcwall_glob_validate(pat, len, &at))
		return bad(c, "%s[%u].%s: invalid glob at byte %zu",
			   what, index, field, at);
	return 0;
}

static bool ascii_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static int check_group_name(struct checker *c, __u32 g)
{
	const char *name;
	long len, i;

	len = check_ref(c, c->img->groups[g].name, false, "groups", g, "name");
	if (len < 0)
		return len;
	name = c->img->strings + c->img->groups[g].name;
	if (len >= IPCWALL_MAX_GROUP_NAME)
		return too_big(c, "groups[%u].name: longer than the limit of %u bytes",
			       g, IPCWALL_MAX_GROUP_NAME - 1);
	if (!ascii_alnum(name[0]))
		return bad(c, "groups[%u].name: must start with a letter or digit",
			   g);
	for (i = 1; i < len; i++)
		if (!ascii_alnum(name[i]) && name[i] != '.' &&
		    name[i] != '_' && name[i] != '-')
			return bad(c, "groups[%u].name: byte %ld is not one of A-Za-z0-9._-",
				   g, i);
	if (!strcmp(name, "unconfined"))
		return bad(c, "groups[%u].name: \"unconfined\" is reserved", g);
	return 0;
}

static bool in_bounds(__u32 first, __u32 count, size_t total)
{
	return first <= total && count <= total - first;
}

static int check_groups(struct checker *c)
{
	const struct policy_image *img = c->img;
	const struct ipcwall_policy_group *grp;
	__u32 g, next_selector = 0, next_rule = 0;
	long len;
	int err;

	for (g = 0; g < img->n_groups; g++) {
		grp = &img->groups[g];
		err = check_group_name(c, g);
		if (err)
			return err;
		len = check_ref(c, grp->description, true, "groups", g,
				"description");
		if (len < 0)
			return len;
		if (len >= IPCWALL_MAX_DESCRIPTION)
			return too_big(c, "groups[%u].description: longer than the limit of %u bytes",
				       g, IPCWALL_MAX_DESCRIPTION - 1);
		if (grp->mode != IPCWALL_MODE_ENFORCE &&
		    grp->mode != IPCWALL_MODE_COMPLAIN)
			return bad(c, "groups[%u].mode: %u is not a mode", g,
				   grp->mode);
		if (grp->default_inbound != IPCWALL_ALLOW &&
		    grp->default_inbound != IPCWALL_DENY)
			return bad(c, "groups[%u].default_inbound: %u is not an action",
				   g, grp->default_inbound);
		if (grp->default_outbound != IPCWALL_ALLOW &&
		    grp->default_outbound != IPCWALL_DENY)
			return bad(c, "groups[%u].default_outbound: %u is not an action",
				   g, grp->default_outbound);
		if (grp->reserved || grp->reserved2)
			return bad(c, "groups[%u].reserved: not zero", g);
		if (grp->selector_first != next_selector)
			return bad(c, "groups[%u].selector_first: %u, not %u",
				   g, grp->selector_first, next_selector);
		if (!in_bounds(grp->selector_first, grp->selector_count,
			       img->n_selectors))
			return bad(c, "groups[%u].selector_count: past the selectors",
				   g);
		next_selector += grp->selector_count;
		if (grp->rule_first != next_rule)
			return bad(c, "groups[%u].rule_first: %u, not %u", g,
				   grp->rule_first, next_rule);
		if (!in_bounds(grp->rule_first, grp->rule_count, img->n_rules))
			return bad(c, "groups[%u].rule_count: past the rules",
				   g);
		next_rule += grp->rule_count;
		if (!in_bounds(grp->launch_first, grp->launch_count,
			       img->n_ids))
			return bad(c, "groups[%u].launch_count: past the ids",
				   g);
	}
	if (next_selector != img->n_selectors)
		return bad(c, "selectors[%u]: belongs to no group",
			   next_selector);
	if (next_rule != img->n_rules)
		return bad(c, "rules[%u]: belongs to no group", next_rule);
	return 0;
}

static int check_selector_globs(struct checker *c, __u32 s, __u32 first,
				__u32 count, const char *field)
{
	const struct policy_image *img = c->img;
	const char *pat;
	long len;
	__u32 i;
	int err;

	if (!in_bounds(first, count, img->n_refs))
		return bad(c, "selectors[%u].%s_count: past the refs", s,
			   field);
	for (i = first; i < first + count; i++) {
		len = check_ref(c, img->refs[i], false, "refs", i, "glob");
		if (len < 0)
			return len;
		pat = img->strings + img->refs[i];
		err = check_glob(c, pat, len, "refs", i, "glob");
		if (err)
			return err;
		if (pat[0] != '/')
			return bad(c, "refs[%u]: %s glob is not absolute", i,
				   field);
	}
	return 0;
}

static int check_selectors(struct checker *c)
{
	const struct policy_image *img = c->img;
	const struct ipcwall_policy_selector *sel;
	__u32 s;
	int err;

	for (s = 0; s < img->n_selectors; s++) {
		sel = &img->selectors[s];
		err = check_selector_globs(c, s, sel->exe_first,
					   sel->exe_count, "exe");
		if (!err)
			err = check_selector_globs(c, s, sel->cgroup_first,
						   sel->cgroup_count, "cgroup");
		if (err)
			return err;
		if (!in_bounds(sel->uid_first, sel->uid_count, img->n_ids))
			return bad(c, "selectors[%u].uid_count: past the ids",
				   s);
		if (!in_bounds(sel->gid_first, sel->gid_count, img->n_ids))
			return bad(c, "selectors[%u].gid_count: past the ids",
				   s);
		if (!sel->exe_count && !sel->cgroup_count && !sel->uid_count &&
		    !sel->gid_count)
			return bad(c, "selectors[%u]: every list is empty", s);
	}
	return 0;
}

__u32 policy_class_ops(unsigned int class)
{
	static const __u32 ops[IPCWALL_CLASS_LAST + 1] = {
		[IPCWALL_CLASS_SIGNAL] = IPCWALL_OPS_SIGNAL,
		[IPCWALL_CLASS_PTRACE] = IPCWALL_OPS_PTRACE,
		[IPCWALL_CLASS_SHM] = IPCWALL_OPS_SHM,
		[IPCWALL_CLASS_MSG] = IPCWALL_OPS_MSG,
		[IPCWALL_CLASS_SEM] = IPCWALL_OPS_SEM,
		[IPCWALL_CLASS_POSIX_SHM] = IPCWALL_OPS_POSIX_SHM,
		[IPCWALL_CLASS_POSIX_MQ] = IPCWALL_OPS_POSIX_MQ,
		[IPCWALL_CLASS_UNIX] = IPCWALL_OPS_UNIX,
		[IPCWALL_CLASS_INET] = IPCWALL_OPS_INET,
		[IPCWALL_CLASS_FILE] = IPCWALL_OPS_FILE,
	};

	return class <= IPCWALL_CLASS_LAST ? ops[class] : 0;
}

bool policy_class_is_sysv(unsigned int class)
{
	return class == IPCWALL_CLASS_SHM || class == IPCWALL_CLASS_MSG ||
	       class == IPCWALL_CLASS_SEM;
}

static bool object_allowed(__u8 class, __u8 object)
{
	switch (object) {
	case IPCWALL_OBJECT_PEER:
		return class == IPCWALL_CLASS_SIGNAL ||
		       class == IPCWALL_CLASS_PTRACE ||
		       policy_class_is_sysv(class) ||
		       class == IPCWALL_CLASS_UNIX;
	case IPCWALL_OBJECT_PATH:
		return class == IPCWALL_CLASS_FILE ||
		       class == IPCWALL_CLASS_UNIX ||
		       class == IPCWALL_CLASS_POSIX_SHM ||
		       class == IPCWALL_CLASS_POSIX_MQ;
	case IPCWALL_OBJECT_KEY:
		return policy_class_is_sysv(class);
	case IPCWALL_OBJECT_INET:
		return class == IPCWALL_CLASS_INET;
	}
	return false;
}

static int check_path(struct checker *c, __u32 i,
		      const struct ipcwall_policy_rule *r)
{
	const char *pat;
	long len;
	int err;

	len = check_ref(c, r->string, false, "rules", i, "string");
	if (len < 0)
		return len;
	pat = c->img->strings + r->string;
	err = check_glob(c, pat, len, "rules", i, "string");
	if (err)
		return err;
	switch (r->class) {
	case IPCWALL_CLASS_UNIX:
		if (pat[0] != '/' && pat[0] != '@')
			return bad(c, "rules[%u].string: not an absolute path or @name",
				   i);
		break;
	case IPCWALL_CLASS_POSIX_SHM:
	case IPCWALL_CLASS_POSIX_MQ:
		if (pat[0] != '/' || strchr(pat + 1, '/'))
			return bad(c, "rules[%u].string: not a POSIX name (/name)",
				   i);
		break;
	default:
		if (pat[0] != '/')
			return bad(c, "rules[%u].string: not an absolute path",
				   i);
	}
	return 0;
}

static int check_inet(struct checker *c, __u32 i,
		      const struct ipcwall_policy_rule *r)
{
	unsigned int max_len, b;

	switch (r->inet.family) {
	case IPCWALL_INET_ANY:
		max_len = 0;
		break;
	case IPCWALL_INET4:
		max_len = 32;
		break;
	case IPCWALL_INET6:
		max_len = 128;
		break;
	default:
		return bad(c, "rules[%u].inet.family: %u is not a family", i,
			   r->inet.family);
	}
	if (r->inet.prefix_len > max_len)
		return bad(c, "rules[%u].inet.prefix_len: %u is over %u", i,
			   r->inet.prefix_len, max_len);
	if (!r->inet.protocols || r->inet.protocols & ~IPCWALL_PROTOS)
		return bad(c, "rules[%u].inet.protocols: not a set of protocols",
			   i);
	if (r->inet.reserved)
		return bad(c, "rules[%u].inet.reserved: not zero", i);
	if (r->inet.port_min > r->inet.port_max)
		return bad(c, "rules[%u].inet.port_min: above port_max", i);
	for (b = r->inet.prefix_len; b < 128; b++)
		if (r->inet.addr[b / 8] & (0x80 >> (b % 8)))
			return bad(c, "rules[%u].inet.addr: bits past prefix_len are not zero",
				   i);
	return 0;
}

static int check_rule_kind(struct checker *c, __u32 i,
			   const struct ipcwall_policy_rule *r)
{
	__u32 ops = policy_class_ops(r->class);

	if (!ops)
		return bad(c, "rules[%u].class: %u is not a class", i, r->class);
	if (r->action != IPCWALL_ALLOW && r->action != IPCWALL_DENY)
		return bad(c, "rules[%u].action: %u is not an action", i,
			   r->action);
	if (r->direction != IPCWALL_OUTBOUND &&
	    r->direction != IPCWALL_INBOUND)
		return bad(c, "rules[%u].direction: %u is not a direction", i,
			   r->direction);
	if (!object_allowed(r->class, r->object))
		return bad(c, "rules[%u].object: %u is not one of its class",
			   i, r->object);
	if (r->direction == IPCWALL_INBOUND &&
	    r->object != IPCWALL_OBJECT_PEER)
		return bad(c, "rules[%u].direction: inbound needs a peer", i);
	if (r->flags & ~IPCWALL_RULE_FLAGS)
		return bad(c, "rules[%u].flags: unknown flags %#x", i,
			   r->flags & ~IPCWALL_RULE_FLAGS);
	if (!r->ops || r->ops & ~ops)
		return bad(c, "rules[%u].ops: %#x is not a set of its class's",
			   i, r->ops);
	if (policy_class_is_sysv(r->class) &&
	    r->object == IPCWALL_OBJECT_PEER &&
	    r->ops & IPCWALL_OP_SYSV_CREATE)
		return bad(c, "rules[%u].ops: create with a peer", i);
	return 0;
}

static int check_rule(struct checker *c, __u32 i)
{
	const struct ipcwall_policy_rule *r = &c->img->rules[i];
	int err;

	err = check_rule_kind(c, i, r);
	if (err)
		return err;

	if (r->object == IPCWALL_OBJECT_PEER) {
		if (r->peer >= c->img->n_groups &&
		    r->peer != IPCWALL_PEER_ANY &&
		    r->peer != IPCWALL_PEER_UNCONFINED)
			return bad(c, "rules[%u].peer: %u is not a group", i,
				   r->peer);
	} else if (r->peer) {
		return bad(c, "rules[%u].peer: not zero", i);
	}

	if (r->object == IPCWALL_OBJECT_PATH) {
		err = check_path(c, i, r);
		if (err)
			return err;
	} else if (r->string) {
		return bad(c, "rules[%u].string: not zero", i);
	}

	if (r->object != IPCWALL_OBJECT_KEY && r->key)
		return bad(c, "rules[%u].key: not zero", i);

	if (r->class == IPCWALL_CLASS_SIGNAL) {
		if (!r->signals[0] && !r->signals[1])
			return bad(c, "rules[%u].signals: empty", i);
		if (r->signals[1] & ~1ULL)
			return bad(c, "rules[%u].signals: above signal %u", i,
				   IPCWALL_SIGNAL_MAX);
	} else if (r->signals[0] || r->signals[1]) {
		return bad(c, "rules[%u].signals: not zero", i);
	}

	if (r->object == IPCWALL_OBJECT_INET)
		return check_inet(c, i, r);
	if (!all_zero((const unsigned char *)&r->inet, sizeof(r->inet)))
		return bad(c, "rules[%u].inet: not zero", i);
	return 0;
}

static int check_rules(struct checker *c)
{
	__u32 i;
	int err;

	for (i = 0; i < c->img->n_rules; i++) {
		err = check_rule(c, i);
		if (err)
			return err;
	}
	return 0;
}

static int by_name(const void *a, const void *b, void *arg)
{
	const struct policy_image *img = arg;
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;
	int d = strcmp(img->strings + img->groups[x].name,
		       img->strings + img->groups[y].name);

	return d ? d : (x > y) - (x < y);
}

/*
 * The module finds each name in a table where the first group of a name
 * wins, so it reports the lowest index whose name an earlier group has.
 */
static int check_unique_names(struct checker *c)
{
	const struct policy_image *img = c->img;
	__u32 *order, i, run = 0, dup = UINT32_MAX, first = 0;
	int err = 0;

	if (img->n_groups < 2)
		return 0;
	order = calloc(img->n_groups, sizeof(*order));
	if (!order)
		return report(c, ENOMEM, "out of memory");
	for (i = 0; i < img->n_groups; i++)
		order[i] = i;
	/* Equal names end up side by side, in index order. */
	qsort_r(order, img->n_groups, sizeof(*order), by_name, c->img);
	for (i = 1; i < img->n_groups; i++) {
		if (strcmp(img->strings + img->groups[order[i]].name,
			   img->strings + img->groups[order[run]].name)) {
			run = i;
			continue;
		}
		if (order[i] < dup) {
			dup = order[i];
			first = order[run];
		}
	}
	if (dup != UINT32_MAX)
		err = bad(c, "groups[%u].name: \"%s\" is also group %u", dup,
			  img->strings + img->groups[dup].name, first);
	free(order);
	return err;
}

int policy_image_decode(const void *buf, size_t len, struct policy_image *img,
			char *err, size_t err_size)
{
	struct checker c = {
		.blob = buf, .size = len, .img = img,
		.err = err, .err_size = err_size,
	};
	int ret;

	if (err_size)
		err[0] = '\0';
	ret = check_header(&c);
	if (!ret)
		ret = check_layout(&c);
	if (!ret)
		ret = copy_sections(&c);
	if (!ret)
		ret = check_strings(&c);
	if (!ret)
		ret = check_groups(&c);
	if (!ret)
		ret = check_selectors(&c);
	if (!ret)
		ret = check_rules(&c);
	if (!ret)
		ret = check_unique_names(&c);
	free(c.starts);
	/* Appending interns again from the strings now held. */
	free(img->intern);
	img->intern = NULL;
	img->intern_cap = img->intern_n = 0;
	return ret;
}
