// SPDX-License-Identifier: GPL-2.0
/*
 * task_group PID: prints the group of process PID as the module's TASK_GET
 * dump reports it, for the shell selftests: "GROUP LAUNCHED", where GROUP
 * is "-" for no group and LAUNCHED is 0 or 1.
 *
 * Exit status: 0 printed, 1 the dump does not list PID, 2 usage, 3 the
 * module refused or could not be asked (the reason on stderr).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasks_nl.h"

int main(int argc, char **argv)
{
	struct policy_conn c;
	struct tn_task t;
	char *end;
	long pid;
	int err;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s PID\n", argv[0]);
		return 2;
	}
	errno = 0;
	pid = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || pid <= 0) {
		fprintf(stderr, "%s: `%s' is not a pid\n", argv[0], argv[1]);
		return 2;
	}
	err = pc_open(&c);
	if (err) {
		fprintf(stderr, "%s: no ipcwall family: %s\n", argv[0],
			strerror(-err));
		return 3;
	}
	err = tn_task_get(&c, pid, &t);
	pc_close(&c);
	if (err > 0) {
		fprintf(stderr, "%s: TASK_GET: %s \"%s\"\n", argv[0],
			strerror(err), c.reply.ext_msg);
		return 3;
	}
	if (err < 0) {
		fprintf(stderr, "%s: TASK_GET: %s %s\n", argv[0],
			strerror(-err), c.problem);
		return 3;
	}
	if (!t.listed) {
		fprintf(stderr, "%s: pid %ld is not listed\n", argv[0], pid);
		return 1;
	}
	printf("%s %d\n", t.in_group ? t.group : "-", t.launched);
	return 0;
}
