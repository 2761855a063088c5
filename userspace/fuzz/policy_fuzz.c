// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the policy compiler. The input is split at NUL
 * bytes into up to four files of one policy, so that groups can name each
 * other across files. Whatever compiles must then hold what the module
 * would accept: it encodes, decodes with the module's checks, and prints
 * as YAML that compiles back to the very same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../policy_image.h"
#include "../policy_parse.h"

#define MAX_FILES 4

static FILE *sink;

/* Compiles @img's printed form and checks it encodes to @buf. */
static void reprint(const struct policy_image *img, const void *buf,
		    size_t len)
{
	const char *name = "printed.yaml";
	struct policy_image again;
	struct yaml_diags d;
	char *text = NULL;
	size_t tlen = 0, len2;
	const void *tbuf;
	void *buf2;
	FILE *f;

	f = open_memstream(&text, &tlen);
	if (!f || policy_image_print(img, f))
		abort();
	fclose(f);
	/*
	 * Near the rule limit the canonical text can outgrow what one YAML
	 * file may hold; that is no bug of the compiler.
	 */
	if (tlen > YAML_DOC_MAX_FILE_SIZE) {
		free(text);
		return;
	}
	yaml_diags_init(&d);
	if (policy_image_init(&again))
		abort();
	tbuf = text;
	if (policy_compile_mem(&name, &tbuf, &tlen, 1, &d, &again)) {
		yaml_diags_print(&d, stderr);
		fputs(text, stderr);
		abort();
	}
	if (policy_image_encode(&again, &buf2, &len2) || len2 != len ||
	    memcmp(buf, buf2, len))
		abort();
	free(buf2);
	free(text);
	policy_image_free(&again);
	yaml_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[MAX_FILES] = {
		"a.yaml", "b.yaml", "c.yaml", "d.yaml",
	};
	const void *bufs[MAX_FILES];
	size_t lens[MAX_FILES], n = 0, len;
	struct policy_image img, back;
	struct yaml_diags d;
	const uint8_t *p = data, *end = data + size, *z;
	char err[256];
	void *buf;
	int ret;

	if (!sink)
		sink = fopen("/dev/null", "w");
	while (n < MAX_FILES) {
		z = n + 1 < MAX_FILES ? memchr(p, '\0', end - p) : NULL;
		bufs[n] = p;
		lens[n++] = (z ? z : end) - p;
		if (!z)
			break;
		p = z + 1;
	}
	yaml_diags_init(&d);
	if (policy_image_init(&img))
		abort();
	ret = policy_compile_mem(names, bufs, lens, n, &d, &img);
	if (ret ? !d.errors : d.errors)
		abort();
	yaml_diags_print(&d, sink);
	if (!ret) {
		if (policy_image_encode(&img, &buf, &len))
			abort();
		if (policy_image_init(&back))
			abort();
		if (policy_image_decode(buf, len, &back, err, sizeof(err))) {
			fprintf(stderr, "decode: %s\n", err);
			abort();
		}
		policy_image_free(&back);
		reprint(&img, buf, len);
		free(buf);
	}
	policy_image_free(&img);
	yaml_diags_free(&d);
	return 0;
}
