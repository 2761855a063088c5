// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall run --group NAME -- COMMAND [ARGS...]': the tool's own process
 * joins group NAME (IPCWALL_CMD_GROUP_JOIN), then becomes COMMAND by
 * execvp(), as env(1) does. The module keeps the group across the exec and
 * gives it to every descendant (docs/groups.md).
 *
 * Unprivileged users run this, so it never loads the module, and it stays
 * single-threaded: the module refuses to move a process with other
 * threads, which would stay behind.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "genl.h"
#include "run.h"
#include "subcommands.h"

#define usage_error(fmt, arg) \
	subcommand_usage_error("run", RUN_SYNOPSIS, fmt, arg)

/* What env(1) exits with when the command cannot be run. */
#define EXIT_CANNOT_INVOKE 126
#define EXIT_NOT_FOUND 127

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s run " RUN_SYNOPSIS "\n"
		"\n"
		"Puts this process in group <name> of the policy in force, then executes\n"
		"<command> in it, found through PATH. The command and all its descendants\n"
		"stay in the group whatever they execute (`%s ps' marks them with `*').\n"
		"Allowed with CAP_MAC_ADMIN, or to a process in no group whose real uid\n"
		"is in the group's `launch' list. Never loads the module.\n"
		"\n"
		"Exit status: the command's; 1 when the group could not be joined; 2 on\n"
		"a usage error; 126 when the command cannot be executed, 127 when it is\n"
		"not found.\n",
		PROG_NAME, PROG_NAME);
}

void run_report_join(FILE *f, const char *group, int err,
		     const struct ipcwall_extack *ext)
{
	char what[IPCWALL_MAX_GROUP_NAME + 64];

	/* The module's refusals explain themselves; the errno adds nothing. */
	if ((err == EPERM || err == ENOENT || err == EBUSY) && ext &&
	    ext->has_msg) {
		fprintf(f, "%s: cannot join group `%s': %s", PROG_NAME, group,
			ext->msg);
		/* Said unless the message already names it. */
		if (err == EPERM && !strstr(ext->msg, "CAP_MAC_ADMIN"))
			fputs(", and CAP_MAC_ADMIN is missing", f);
		fputc('\n', f);
		return;
	}
	if (err == EPERM) {
		fprintf(f, "%s: cannot join group `%s': %s\n", PROG_NAME,
			group, strerror(err));
		return;
	}
	snprintf(what, sizeof(what), "cannot join group `%.*s'",
		 IPCWALL_MAX_GROUP_NAME, group);
	ipcwall_report(f, what, err, ext);
}

static int join(const char *group)
{
	struct ipcwall_extack ext;
	struct ipcwall_genl *g;
	uint64_t generation;
	int err;

	err = ipcwall_genl_open_loaded(&g);
	if (err)
		return err;
	err = ipcwall_genl_group_join(g, group, &generation, &ext);
	/* The socket is not the command's to inherit. */
	ipcwall_genl_close(g);
	if (err == -EBADMSG && !ext.error) {
		fprintf(stderr, "%s: the module let this process join group `%s' but did not say the policy's generation\n",
			PROG_NAME, group);
		return err;
	}
	if (err)
		run_report_join(stderr, group, -err, &ext);
	return err;
}

int run_main(int argc, char *argv[])
{
	const char *group = NULL;
	int i, err;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--group")) {
			if (group)
				return usage_error("`%s' given twice", argv[i]);
			if (++i == argc)
				return usage_error("`%s' needs a NAME", "--group");
			group = argv[i];
		} else if (argv[i][0] != '-') {
			return usage_error("expected `--' before the command `%s'",
					   argv[i]);
		} else {
			return usage_error("unknown argument `%s'", argv[i]);
		}
	}
	if (!group)
		return usage_error("%s", "`--group NAME' is required");
	if (i == argc)
		return usage_error("%s", "expected `--' and a command");
	if (++i == argc)
		return usage_error("%s", "no command after `--'");

	if (join(group))
		return 1;
	execvp(argv[i], argv + i);
	err = errno;
	fprintf(stderr, "%s: cannot run `%s': %s\n", PROG_NAME, argv[i],
		strerror(err));
	return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_INVOKE;
}
