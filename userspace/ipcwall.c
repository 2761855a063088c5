// SPDX-License-Identifier: GPL-2.0
/*
 * ipcwall: control the ipcwall module. This file only dispatches to the
 * subcommands, one per file, through the table below.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "ipcwall.h"
#include "kmod_load.h"
#include "subcommands.h"
#include "version.h"

static int help_main(int argc, char *argv[]);

static const struct {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *synopsis;
	const char *help;
} commands[] = {
	{ "status", status_main, STATUS_SYNOPSIS,
	  "Show the module's state and whether enforcement is complete" },
	{ "check", check_main, CHECK_SYNOPSIS,
	  "Check a policy's YAML files and directories for errors" },
	{ "compile", compile_main, COMPILE_SYNOPSIS,
	  "Compile a policy into the file that `load' takes" },
	{ "load", load_main, LOAD_SYNOPSIS,
	  "Compile a policy, or take a compiled one, and put it in force" },
	{ "show", show_main, SHOW_SYNOPSIS,
	  "Print the policy in force as YAML" },
	{ "unload", unload_main, UNLOAD_SYNOPSIS,
	  "Remove the policy in force: every process unconfined" },
	{ "query", query_main, QUERY_SYNOPSIS,
	  "Ask how the policy in force judges one interaction, and why" },
	{ "ps", ps_main, PS_SYNOPSIS,
	  "List every process with its group" },
	{ "run", run_main, RUN_SYNOPSIS,
	  "Run a command in a group of the policy in force" },
	{ "help", help_main, "[<command>]",
	  "Show this help, or a command's own help" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <command> [<arguments>]\n\n", PROG_NAME);
	fprintf(f, "Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s %s\n      %s\n", commands[i].name,
			commands[i].synopsis, commands[i].help);
	fprintf(f, "\nOptions:\n");
	fprintf(f, "  --version  Show the tool's version and the ABI version it speaks\n");
	fprintf(f, "\nEnvironment:\n");
	fprintf(f, "  %s  Path of an ipcwall.ko to insert when the module is\n"
		   "                  not loaded, instead of looking up `ipcwall' in\n"
		   "                  /lib/modules/$(uname -r)\n", IPCWALL_MODULE_ENV);
	fprintf(f, "\nRun `%s <command> --help' for a command's options and exit status.\n",
		PROG_NAME);
}

static int find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return i;
	return -1;
}

static int unknown_command(const char *name)
{
	fprintf(stderr, "%s: unknown command `%s'\n\n", PROG_NAME, name);
	usage(stderr);
	return 2;
}

/* `help <command>' is `<command> --help', so each help lives once. */
static int help_main(int argc, char *argv[])
{
	char *sub_argv[] = { NULL, "--help", NULL };
	int i;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if (argc > 2) {
		fprintf(stderr, "Usage: %s help [<command>]\n", PROG_NAME);
		return 2;
	}
	i = find_command(argv[1]);
	if (i < 0)
		return unknown_command(argv[1]);
	if (commands[i].main == help_main) {
		usage(stdout);
		return 0;
	}
	sub_argv[0] = argv[1];
	return commands[i].main(2, sub_argv);
}

int main(int argc, char *argv[])
{
	int i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s %s (ABI %u)\n", PROG_NAME, IPCWALL_TOOL_VERSION,
		       IPCWALL_ABI_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	i = find_command(argv[1]);
	if (i < 0)
		return unknown_command(argv[1]);
	return commands[i].main(argc - 1, argv + 1);
}
