// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall compile PATH... -o FILE': compiles a policy into the binary
 * format the module loads (kmod/uapi/ipcwall.h, "The compiled policy").
 * The file is replaced atomically: a reader sees the old policy or the
 * whole new one, never a part.
 */
#define _GNU_SOURCE	/* asprintf */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "policy_build.h"
#include "policy_image.h"
#include "policy_parse.h"
#include "subcommands.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s compile " COMPILE_SYNOPSIS "\n"
		"\n"
		"Compiles the policy made of the given YAML files and directories, as\n"
		"`%s check' does, and writes the compiled policy to FILE, replacing it\n"
		"in one step (a temporary file in the same directory, then renamed),\n"
		"or to standard output when FILE is `-'. `%s load' takes such a file.\n"
		"Errors are printed on standard error and nothing is written.\n"
		"\n"
		"  -o FILE  where to write the compiled policy (required)\n"
		"\n"
		"Exit status: 0 when the policy was written; 1 when it has errors or\n"
		"could not be written; 2 on a usage error.\n",
		PROG_NAME, PROG_NAME, PROG_NAME);
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t w;

	while (len) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= w;
	}
	return 0;
}

/* Writes @buf to @path through a temporary file and rename(2). */
static int write_file(const char *path, const void *buf, size_t len)
{
	char *tmp;
	int fd, saved;

	if (!strcmp(path, "-")) {
		if (write_all(STDOUT_FILENO, buf, len)) {
			fprintf(stderr, "%s: error: cannot write the compiled policy to standard output: %s\n",
				PROG_NAME, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		fprintf(stderr, "%s: error: out of memory\n", PROG_NAME);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: error: cannot create a temporary file next to it: %s\n",
			PROG_NAME, path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* A policy is no secret; mkstemp's 0600 would surprise. */
	if (fchmod(fd, 0644) || write_all(fd, buf, len) || fsync(fd) ||
	    close(fd)) {
		saved = errno;
		close(fd);
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path)) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	fprintf(stderr, "%s: %s: error: cannot write: %s\n", PROG_NAME, path,
		strerror(saved));
	unlink(tmp);
	free(tmp);
	return -1;
}

int compile_main(int argc, char *argv[])
{
	const char *out = NULL;
	struct policy_image img;
	bool options = true;
	char **paths;
	size_t n = 0, len = 0;
	void *buf = NULL;
	int i, ret = 2;

	paths = calloc(argc, sizeof(*paths));
	if (!paths) {
		fprintf(stderr, "%s: error: out of memory\n", PROG_NAME);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		if (options && !strcmp(argv[i], "--")) {
			options = false;
		} else if (options && (!strcmp(argv[i], "-h") ||
				       !strcmp(argv[i], "--help"))) {
			usage(stdout);
			free(paths);
			return 0;
		} else if (options && !strcmp(argv[i], "-o")) {
			if (out) {
				fprintf(stderr, "%s: compile: -o given twice\n",
					PROG_NAME);
				goto usage;
			}
			if (i + 1 == argc) {
				fprintf(stderr, "%s: compile: -o needs a FILE\n",
					PROG_NAME);
				goto usage;
			}
			out = argv[++i];
		} else if (options && argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "%s: compile: unknown option `%s'\n",
				PROG_NAME, argv[i]);
			goto usage;
		} else {
			paths[n++] = argv[i];
		}
	}
	if (!n) {
		fprintf(stderr, "%s: compile: no policy file or directory given\n",
			PROG_NAME);
		goto usage;
	}
	if (!out) {
		fprintf(stderr, "%s: compile: no output file given (-o FILE)\n",
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
	if (!write_file(out, buf, len))
		ret = 0;
out:
	free(buf);
	policy_image_free(&img);
	free(paths);
	return ret;
usage:
	fprintf(stderr, "Usage: %s compile " COMPILE_SYNOPSIS "\n", PROG_NAME);
	free(paths);
	return 2;
}
