/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From YAML paths to the bytes the module loads, in one call shared by
 * `check', `compile' and `load', so that all three report the same errors
 * in the same words.
 */
#ifndef IPCWALL_POLICY_BUILD_H
#define IPCWALL_POLICY_BUILD_H

#include <stddef.h>

#include "policy_image.h"

/*
 * Compiles the policy made of @paths into @img (freshly initialised) and
 * encodes it into *@buf (*@len bytes, to free). Returns 0, or -1 after
 * printing every error on standard error.
 */
int policy_build(char *const *paths, size_t n, struct policy_image *img,
		 void **buf, size_t *len);

#endif /* IPCWALL_POLICY_BUILD_H */
