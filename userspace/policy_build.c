// SPDX-License-Identifier: GPL-2.0
/*
 * YAML paths to a compiled policy, errors printed: see policy_build.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "policy_build.h"
#include "policy_parse.h"
#include "yaml_doc.h"
#include "../kmod/limits.h"

int policy_build(char *const *paths, size_t n, struct policy_image *img,
		 void **buf, size_t *len)
{
	struct yaml_diags d;
	int err;

	yaml_diags_init(&d);
	err = policy_compile_paths(paths, n, &d, img);
	yaml_diags_print(&d, stderr);
	yaml_diags_free(&d);
	if (err)
		return -1;

	/* The compiled size is the one limit only the encoder knows. */
	err = policy_image_encode(img, buf, len);
	if (err == -E2BIG)
		fprintf(stderr, "%s: error: the compiled policy is larger than its limit of %u MiB\n",
			PROG_NAME, IPCWALL_MAX_POLICY_SIZE >> 20);
	else if (err)
		fprintf(stderr, "%s: error: %s\n", PROG_NAME, strerror(-err));
	return err ? -1 : 0;
}
