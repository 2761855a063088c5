/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ipcwall run': join a group, then execute a command in it. The message
 * for a refused join is built apart, so tests can check it without a
 * kernel.
 */
#ifndef IPCWALL_RUN_H
#define IPCWALL_RUN_H

#include <stdio.h>

#include "genl.h"

/*
 * Prints why joining @group failed: "cannot join group `NAME': " and the
 * kernel's message, which for EPERM is completed with the capability that
 * would have allowed it anyway.
 */
void run_report_join(FILE *f, const char *group, int err,
		     const struct ipcwall_extack *ext);

#endif /* IPCWALL_RUN_H */
