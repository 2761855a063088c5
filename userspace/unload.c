// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall unload': remove the policy in force, leaving every process
 * unconfined, and say which generation that is.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "common.h"
#include "genl.h"
#include "ipcwall.h"
#include "subcommands.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s unload\n"
		"\n"
		"Removes the policy in force: every process is then unconfined, and\n"
		"nothing is denied. Prints the new generation. Loads the module first\n"
		"when it is not loaded.\n"
		"\n"
		"Exit status: 0 when no policy is in force any more (also when none was);\n"
		"1 on an error; 2 on a usage error.\n",
		PROG_NAME);
}

static int unload(void)
{
	struct nl_msg *req, *reply = NULL;
	struct ipcwall_extack ext;
	struct ipcwall_genl *g;
	uint64_t generation;
	int err;

	err = ipcwall_genl_open(&g);
	if (err)
		return err;
	req = ipcwall_genl_request(g, IPCWALL_CMD_POLICY_UNLOAD);
	if (!req) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(ENOMEM));
		ipcwall_genl_close(g);
		return -ENOMEM;
	}
	err = ipcwall_genl_call(g, req, &reply, &ext);
	nlmsg_free(req);
	ipcwall_genl_close(g);
	if (err) {
		ipcwall_report(stderr, "cannot unload the policy", -err, &ext);
		return err;
	}
	err = reply ? ipcwall_reply_generation(reply, &generation) : -EBADMSG;
	nlmsg_free(reply);
	if (err) {
		fprintf(stderr, "%s: the module unloaded the policy but did not say the new generation\n",
			PROG_NAME);
		return err;
	}
	printf("policy unloaded: generation %" PRIu64 "\n", generation);
	return fflush(stdout) ? -errno : 0;
}

int unload_main(int argc, char *argv[])
{
	if (argc == 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "%s: unload: unknown argument `%s'\n"
			"Usage: %s unload\n", PROG_NAME, argv[1], PROG_NAME);
		return 2;
	}
	return unload() ? 1 : 0;
}
