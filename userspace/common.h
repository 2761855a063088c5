/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few definitions every file of the tool shares.
 */
#ifndef IPCWALL_COMMON_H
#define IPCWALL_COMMON_H

/*
 * Messages start with the tool's name, not argv[0], so that scripts and
 * tests can match them whatever path the tool was run by.
 */
#define PROG_NAME "ipcwall"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* IPCWALL_COMMON_H */
