// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall load': compile a policy's YAML files and directories, or take
 * one compiled file, and load it into the module in one transaction.
 * Everything that can be checked here is checked before anything is sent,
 * with the module's own rules, so that the module's refusal is the
 * exception; when it does refuse, its message is printed as it gave it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "genl.h"
#include "policy_build.h"
#include "policy_image.h"
#include "policy_parse.h"
#include "subcommands.h"
#include "yaml_doc.h"
#include "../kmod/limits.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s load " LOAD_SYNOPSIS "\n"
		"\n"
		"Compiles the policy made of the YAML files and directories given (a\n"
		"directory contributes the *.yaml files below it, in byte order of their paths),\n"
		"or takes the one compiled policy file given (`%s compile' writes one),\n"
		"and loads it into the module in one atomic step: every decision is taken\n"
		"wholly under the old policy or wholly under the new one. Prints the\n"
		"generation now in force, with the number of groups and rules. Loads the\n"
		"module first when it is not loaded.\n"
		"\n"
		"Exit status: 0 when the policy is in force; 1 when it has errors or the\n"
		"module refused it (the policy in force is then unchanged); 2 on a usage\n"
		"error.\n",
		PROG_NAME, PROG_NAME);
}

/* One compiled file, decoded and checked: into @img. */
static int take_compiled(const void *buf, size_t len, const char *path,
			 struct policy_image *img)
{
	char why[256];

	if (!policy_image_decode(buf, len, img, why, sizeof(why)))
		return 0;
	fprintf(stderr, "%s: %s is not a valid compiled policy: %s\n",
		PROG_NAME, path, why);
	return -1;
}

/*
 * The policy to load, as an image and as bytes: a single compiled file
 * goes as it is, YAML is compiled. Returns 0, or -1 after printing why.
 */
static int build(char *const *paths, size_t n, struct policy_image *img,
		 void **blob, size_t *len)
{
	void *buf = NULL;
	size_t buf_len;

	if (n == 1 && strcmp(paths[0], "-")) {
		FILE *f = fopen(paths[0], "rb");
		unsigned char magic[4];
		size_t got = 0;

		if (f) {
			got = fread(magic, 1, sizeof(magic), f);
			fclose(f);
		}
		if (policy_image_is_compiled(magic, got)) {
			if (policy_image_read_file(paths[0], &buf, &buf_len))
				return -1;
			if (take_compiled(buf, buf_len, paths[0], img)) {
				free(buf);
				return -1;
			}
			*blob = buf;
			*len = buf_len;
			return 0;
		}
	}
	return policy_build(paths, n, img, blob, len);
}

static int load(char *const *paths, size_t n)
{
	struct ipcwall_extack ext;
	struct policy_image img;
	struct ipcwall_genl *g;
	const char *what = "";
	uint64_t generation;
	void *blob = NULL;
	size_t len;
	int err = -1;

	if (policy_image_init(&img)) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		return -1;
	}
	if (build(paths, n, &img, &blob, &len))
		goto out;
	err = ipcwall_genl_open(&g);
	if (err)
		goto out;
	err = ipcwall_genl_policy_load(g, blob, len, &generation, &ext, &what);
	ipcwall_genl_close(g);
	if (err) {
		ipcwall_report(stderr, what, -err, &ext);
		goto out;
	}
	printf("policy loaded: generation %" PRIu64 " (%zu group%s, %zu rule%s)\n",
	       generation, img.n_groups, img.n_groups == 1 ? "" : "s",
	       img.n_rules, img.n_rules == 1 ? "" : "s");
	if (fflush(stdout))
		err = -errno;
out:
	free(blob);
	policy_image_free(&img);
	return err;
}

int load_main(int argc, char *argv[])
{
	int i, first = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			first = i + 1;
			break;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "%s: load: unknown option `%s'\n"
				"Usage: %s load " LOAD_SYNOPSIS "\n",
				PROG_NAME, argv[i], PROG_NAME);
			return 2;
		}
	}
	if (first >= argc) {
		fprintf(stderr, "%s: load: no policy given\n"
			"Usage: %s load " LOAD_SYNOPSIS "\n", PROG_NAME,
			PROG_NAME);
		return 2;
	}
	return load(argv + first, argc - first) ? 1 : 0;
}
