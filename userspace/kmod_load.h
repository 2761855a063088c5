/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading the ipcwall module when its netlink family is missing.
 */
#ifndef IPCWALL_KMOD_LOAD_H
#define IPCWALL_KMOD_LOAD_H

/* Names a module file to insert instead of looking "ipcwall" up. */
#define IPCWALL_MODULE_ENV "IPCWALL_MODULE"

int ipcwall_kmod_load(void);

#endif /* IPCWALL_KMOD_LOAD_H */
