// SPDX-License-Identifier: GPL-2.0
/*
 * The compiled policy in memory: building it, writing it in the one
 * canonical layout of "The compiled policy" (uapi/ipcwall.h), and reading
 * one back with every check the module makes, so that a policy is refused
 * here, with the module's own words, before it is ever sent.
 *
 * The checks are the module's own code, kmod/policy_check.c, built for the
 * host; only the uniqueness of group names is checked here, with a sort.
 */
#define _GNU_SOURCE	/* reallocarray */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../kmod/limits.h"
#include "../kmod/policy_check.h"
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
		pos = start[i] + count[i] * ipcwall_section_entry_size(i);
		if (pos > IPCWALL_MAX_POLICY_SIZE)
			return -E2BIG;
		hdr.sections[i] = (struct ipcwall_policy_section){
			.offset = start[i],
			.count = count[i],
			.entry_size = ipcwall_section_entry_size(i),
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
			       count[i] * ipcwall_section_entry_size(i));
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

/* Copies each section of the checked @blob into @img's growable arrays. */
static int copy_sections(const void *blob, struct policy_image *img)
{
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
	const void *src;
	size_t bytes;
	__u32 count;
	int i;

	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		src = ipcwall_policy_section(blob, i, &count);
		bytes = (size_t)count * ipcwall_section_entry_size(i);
		free(*dst[i]);
		*dst[i] = malloc(bytes ? bytes : 1);
		if (!*dst[i]) {
			*n[i] = *cap[i] = 0;
			return -ENOMEM;
		}
		memcpy(*dst[i], src, bytes);
		*n[i] = count;
		*cap[i] = count;
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
 * Group names are unique: the one check policy_check.c leaves to us, as it
 * needs memory. The module finds each name in a table where the first
 * group of a name wins, so it reports the lowest index whose name an
 * earlier group has; so does this, by sorting.
 */
static int check_unique_names(const void *blob, const struct policy_image *img,
			      struct ipcwall_check_error *why)
{
	__u32 *order, i, run = 0, dup = UINT32_MAX, first = 0;
	int err = 0;

	if (img->n_groups < 2)
		return 0;
	order = calloc(img->n_groups, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < img->n_groups; i++)
		order[i] = i;
	/* Equal names end up side by side, in index order. */
	qsort_r(order, img->n_groups, sizeof(*order), by_name, (void *)img);
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
		err = ipcwall_policy_name_clash(blob, dup, first, why);
	free(order);
	return err;
}

int policy_image_decode(const void *buf, size_t len, struct policy_image *img,
			char *err, size_t err_size)
{
	struct ipcwall_check_error why = { "out of memory" };
	void *aligned = NULL;
	int ret;

	/* The checker reads the section structs in place. */
	ret = ipcwall_policy_check_size(len, &why);
	if (!ret && (uintptr_t)buf % 8) {
		aligned = malloc(len ? len : 1);
		if (!aligned) {
			ret = -ENOMEM;
			goto out;
		}
		memcpy(aligned, buf, len);
		buf = aligned;
	}
	if (!ret)
		ret = ipcwall_policy_check(buf, len, &why);
	if (!ret)
		ret = copy_sections(buf, img);
	if (!ret)
		ret = check_unique_names(buf, img, &why);
out:
	if (ret == -ENOMEM)
		snprintf(why.msg, sizeof(why.msg), "out of memory");
	if (err_size)
		snprintf(err, err_size, "%s", ret ? why.msg : "");
	if (!img->strings_cap) {
		/* Keep the image usable for appending: never capacity 0. */
		char *s = realloc(img->strings, 1);

		if (s)
			img->strings = s;
		img->strings_cap = 1;
	}
	/* Appending interns again from the strings now held. */
	free(img->intern);
	img->intern = NULL;
	img->intern_cap = img->intern_n = 0;
	free(aligned);
	return ret;
}
