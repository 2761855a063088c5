// SPDX-License-Identifier: GPL-2.0
/*
 * What every subcommand says the same way.
 */
#include <stdio.h>

#include "common.h"
#include "subcommands.h"

int subcommand_usage_error(const char *name, const char *synopsis,
			   const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: %s: ", PROG_NAME, name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nUsage: %s %s %s\n", PROG_NAME, name, synopsis);
	return 2;
}
