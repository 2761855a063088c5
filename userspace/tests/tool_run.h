/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the ipcwall tool from a unit test: its exit status, standard
 * output and standard error, each captured whole (up to TOOL_OUT_MAX - 1
 * bytes). The tool is $IPCWALL_BIN, or ./ipcwall.
 */
#ifndef IPCWALL_TESTS_TOOL_RUN_H
#define IPCWALL_TESTS_TOOL_RUN_H

#include <stddef.h>

#define TOOL_OUT_MAX 65536

struct tool_run {
	int status;		/* exit status, or -1 when killed by a signal */
	size_t out_len;		/* bytes in @out, which may hold NULs */
	char out[TOOL_OUT_MAX];
	char err[TOOL_OUT_MAX];
};

const char *tool_path(void);

/*
 * Runs the tool with the NULL-terminated arguments after @module. A
 * non-NULL @module goes into the tool's environment as IPCWALL_MODULE
 * ("/nonexistent/ipcwall.ko" makes sure no module can be loaded). Returns
 * 0, or -1 when the tool could not be run at all.
 */
int tool_run(struct tool_run *r, const char *module, ...);

#endif /* IPCWALL_TESTS_TOOL_RUN_H */
