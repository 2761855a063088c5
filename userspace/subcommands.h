/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One *_main per subcommand, each in its own file. A subcommand gets its
 * own name as argv[0] and returns the process exit status: 0 done, 1 an
 * error was reported, 2 the command line was wrong.
 */
#ifndef IPCWALL_SUBCOMMANDS_H
#define IPCWALL_SUBCOMMANDS_H

/* Arguments after the subcommand's name, shared by its help and ipcwall.c. */
#define STATUS_SYNOPSIS "[--json]"
#define LOAD_SYNOPSIS "<path>..."
#define SHOW_SYNOPSIS "[--compiled <file>]"
#define UNLOAD_SYNOPSIS ""
#define QUERY_SYNOPSIS "[--json] <subject> <class> [<op>] [<keyword> <value>]..."
#define CHECK_SYNOPSIS "<path>..."
#define COMPILE_SYNOPSIS "<path>... -o <file>"
#define PS_SYNOPSIS "[--json] [--group <name>]"
#define RUN_SYNOPSIS "--group <name> -- <command> [<argument>...]"

/*
 * A usage error of subcommand @name: the message (@fmt, one %s for @arg)
 * and the synopsis on stderr. Returns 2, the exit status of usage errors.
 */
int subcommand_usage_error(const char *name, const char *synopsis,
			   const char *fmt, const char *arg)
	__attribute__((format(printf, 3, 0)));

int status_main(int argc, char *argv[]);
int load_main(int argc, char *argv[]);
int show_main(int argc, char *argv[]);
int unload_main(int argc, char *argv[]);
int query_main(int argc, char *argv[]);
int check_main(int argc, char *argv[]);
int compile_main(int argc, char *argv[]);
int ps_main(int argc, char *argv[]);
int run_main(int argc, char *argv[]);

#endif /* IPCWALL_SUBCOMMANDS_H */
