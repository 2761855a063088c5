// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the YAML document model: load the input, walk the
 * tree checking what the loader promises (keys are unique scalars, every
 * node has a position, the limits hold), run every checking helper on
 * every node, print the diagnostics, and free it all.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../yaml_doc.h"

static const char *const keys[] = {
	"exe", "uid", "audit", "action", "name", "rules", NULL,
};
static const char *const actions[] = { "allow", "deny", "log", NULL };

static FILE *sink;

static void check(struct yaml_diags *d, const struct yaml_node *n,
		  unsigned int depth)
{
	const char *s;
	unsigned int e;
	uint64_t u;
	size_t i, j;
	bool b;

	if (!n->file || !n->line || !n->col || depth > YAML_DOC_MAX_DEPTH)
		abort();
	yaml_expect_map(d, n, "m");
	yaml_expect_seq(d, n, "s");
	yaml_expect_scalar(d, n, "v");
	switch (n->kind) {
	case YAML_DOC_SCALAR:
		if (n->scalar.len > YAML_DOC_MAX_SCALAR || n->scalar.str[n->scalar.len])
			abort();
		yaml_scalar_u64(d, n, "u", UINT64_MAX, &u);
		yaml_scalar_u64(d, n, "u", 1000, &u);
		yaml_scalar_bool(d, n, "b", &b);
		yaml_scalar_enum(d, n, "e", actions, &e);
		yaml_scalar_str(d, n, "s", 16, &s);
		yaml_scalar_is_null(n);
		break;
	case YAML_DOC_SEQ:
		for (i = 0; i < n->seq.count; i++)
			check(d, n->seq.items[i], depth + 1);
		break;
	case YAML_DOC_MAP:
		yaml_map_check_keys(d, n, keys, "fuzz");
		yaml_map_require(d, n, "exe", "fuzz");
		for (i = 0; i < n->map.count; i++) {
			const struct yaml_node *k = n->map.pairs[i].key;

			if (k->kind != YAML_DOC_SCALAR || !n->map.pairs[i].value)
				abort();
			/* Small mappings only: the check is quadratic. */
			for (j = 0; j < i && n->map.count < 256; j++) {
				const struct yaml_node *o = n->map.pairs[j].key;

				if (o->scalar.len == k->scalar.len &&
				    !memcmp(o->scalar.str, k->scalar.str, k->scalar.len))
					abort();
			}
			if (yaml_map_get(n, k->scalar.str) == NULL &&
			    !memchr(k->scalar.str, '\0', k->scalar.len))
				abort();
			check(d, k, depth + 1);
			check(d, n->map.pairs[i].value, depth + 1);
		}
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yaml_diags d;
	struct yaml_doc *doc;
	int ret;

	if (!sink)
		sink = fopen("/dev/null", "w");
	yaml_diags_init(&d);
	ret = yaml_doc_load_mem("fuzz.yaml", data, size, &d, &doc);
	if (ret ? (doc || !d.errors) : (!doc || d.errors))
		abort();
	if (doc && doc->root)
		check(&d, doc->root, 1);
	if (d.n > YAML_DOC_MAX_DIAGS + 1)
		abort();
	yaml_diags_print(&d, sink);
	yaml_doc_free(doc);
	yaml_diags_free(&d);
	return 0;
}
