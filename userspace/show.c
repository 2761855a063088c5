// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall show': the policy in force, read back from the module and
 * printed as policy YAML, or a compiled policy file printed the same way.
 * What is printed is checked first as the module checks it, so a policy
 * the tool cannot vouch for is never shown as if it were understood.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "policy_image.h"
#include "subcommands.h"

#define usage_error(fmt, arg) \
	subcommand_usage_error("show", SHOW_SYNOPSIS, fmt, arg)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s show " SHOW_SYNOPSIS "\n"
		"\n"
		"Prints the policy in force as policy YAML: one `groups:' list, each group\n"
		"with its mode and defaults written out and one rule per compiled rule.\n"
		"Loading what it prints and showing it again gives the same text. Loads\n"
		"the module first when it is not loaded.\n"
		"\n"
		"  --compiled FILE  print the compiled policy in FILE (`-' for standard\n"
		"                   input) instead, without asking the module\n"
		"\n"
		"Exit status: 0 when the policy was printed; 1 when there is none (\"no\n"
		"policy is loaded\") or it could not be read; 2 on a usage error.\n",
		PROG_NAME);
}

/* Checks and prints a compiled policy; @what names it in messages. */
static int print_compiled(const void *buf, size_t len, const char *what)
{
	struct policy_image img;
	char why[256];
	int err;

	if (policy_image_init(&img)) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		return -1;
	}
	err = policy_image_decode(buf, len, &img, why, sizeof(why));
	if (err) {
		fprintf(stderr, "%s: %s is not a valid compiled policy: %s\n",
			PROG_NAME, what, why);
		policy_image_free(&img);
		return -1;
	}
	err = policy_image_print(&img, stdout);
	policy_image_free(&img);
	if (!err && fflush(stdout))
		err = -errno;
	if (err == -EILSEQ) {
		fprintf(stderr, "%s: %s holds a string that is not UTF-8, which YAML cannot hold: the text above shows its bytes as \\xNN and does not compile back into it\n",
			PROG_NAME, what);
		return -1;
	}
	if (err) {
		fprintf(stderr, "%s: cannot print the policy: %s\n", PROG_NAME,
			strerror(-err));
		return -1;
	}
	return 0;
}

static int show_file(const char *path)
{
	size_t len;
	void *buf;
	int err;

	if (policy_image_read_file(path, &buf, &len))
		return -1;
	err = print_compiled(buf, len, strcmp(path, "-") ? path :
			     "standard input");
	free(buf);
	return err;
}

static int show_loaded(void)
{
	struct ipcwall_genl *g;
	uint64_t generation;
	size_t len;
	void *buf;
	int err;

	err = ipcwall_genl_open(&g);
	if (err)
		return err;
	err = ipcwall_genl_policy_read(g, &buf, &len, &generation);
	ipcwall_genl_close(g);
	if (err == -ENOENT)
		fprintf(stderr, "%s: no policy is loaded\n", PROG_NAME);
	if (err)
		return err;
	/* Not printed: show, load, show must give the same text. */
	err = print_compiled(buf, len, "the module's policy");
	free(buf);
	return err;
}

int show_main(int argc, char *argv[])
{
	const char *compiled = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--compiled")) {
			if (compiled)
				return usage_error("`%s' given twice", argv[i]);
			if (++i == argc)
				return usage_error("`%s' needs a FILE",
						   "--compiled");
			compiled = argv[i];
		} else {
			return usage_error("unknown argument `%s'", argv[i]);
		}
	}
	if (compiled)
		return show_file(compiled) ? 1 : 0;
	return show_loaded() ? 1 : 0;
}
