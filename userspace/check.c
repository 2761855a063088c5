// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall check PATH...': compiles a policy made of YAML files and
 * directories and reports every error, without writing or loading
 * anything.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "policy_build.h"
#include "policy_image.h"
#include "policy_parse.h"
#include "subcommands.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s check " CHECK_SYNOPSIS "\n"
		"\n"
		"Compiles the policy made of the given YAML files and directories (each\n"
		"directory contributes the *.yaml files below it, in byte order of their\n"
		"paths) and prints every error, as FILE:LINE:COLUMN: error: ...,\n"
		"on standard error. Nothing is written or loaded. The language is\n"
		"described in docs/policy.md.\n"
		"\n"
		"Exit status: 0 when the policy is free of errors, after printing\n"
		"`PATH...: N groups, M rules: ok'; 1 when it has errors; 2 on a usage\n"
		"error.\n",
		PROG_NAME);
}

int check_main(int argc, char *argv[])
{
	struct policy_image img;
	bool options = true;
	char **paths;
	size_t n = 0, i, len = 0;
	void *buf = NULL;
	int ret = 2;

	paths = calloc(argc, sizeof(*paths));
	if (!paths) {
		fprintf(stderr, "%s: error: out of memory\n", PROG_NAME);
		return 1;
	}
	for (i = 1; i < (size_t)argc; i++) {
		if (options && !strcmp(argv[i], "--")) {
			options = false;
		} else if (options && (!strcmp(argv[i], "-h") ||
				       !strcmp(argv[i], "--help"))) {
			usage(stdout);
			free(paths);
			return 0;
		} else if (options && argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "%s: check: unknown option `%s'\n",
				PROG_NAME, argv[i]);
			goto usage;
		} else {
			paths[n++] = argv[i];
		}
	}
	if (!n) {
		fprintf(stderr, "%s: check: no policy file or directory given\n",
			PROG_NAME);
		goto usage;
	}

	ret = 1;
	if (policy_image_init(&img)) {
		fprintf(stderr, "%s: error: out of memory\n", PROG_NAME);
		free(paths);
		return 1;
	}
	if (policy_build(paths, n, &img, &buf, &len))
		goto out;
	for (i = 0; i < n; i++)
		printf("%s%s", paths[i], i + 1 < n ? " " : "");
	printf(": %zu group%s, %zu rule%s: ok\n", img.n_groups,
	       img.n_groups == 1 ? "" : "s", img.n_rules,
	       img.n_rules == 1 ? "" : "s");
	ret = 0;
out:
	free(buf);
	policy_image_free(&img);
	free(paths);
	return ret;
usage:
	fprintf(stderr, "Usage: %s check " CHECK_SYNOPSIS "\n", PROG_NAME);
	free(paths);
	return 2;
}
