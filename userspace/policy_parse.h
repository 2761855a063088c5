/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy compiler's front: YAML files and directories in, a policy
 * image (policy_image.h) out, or errors naming file:line:col. The language
 * is docs/policy.md.
 */
#ifndef IPCWALL_POLICY_PARSE_H
#define IPCWALL_POLICY_PARSE_H

#include <stddef.h>

#include "policy_image.h"
#include "yaml_doc.h"

/*
 * Compiles the policy made of @paths (files, and directories whose *.yaml
 * files below them, in subdirectories too but not hidden, are taken in
 * byte order of their paths) into @img, which must be freshly initialised. Returns 0, or -1 with every error found in @d (up to
 * its cap); @img then holds nothing worth using. The whole policy is
 * checked before anything is returned: a group named in a rule must be
 * defined in one of the files, and a group name is defined once.
 */
int policy_compile_paths(char *const *paths, size_t n_paths,
			 struct yaml_diags *d, struct policy_image *img);

/*
 * The same for documents already in memory, as if each were a file called
 * @names[i]: the entry point of the fuzzer and of the golden tests.
 */
int policy_compile_mem(const char *const *names, const void *const *bufs,
		       const size_t *lens, size_t n, struct yaml_diags *d,
		       struct policy_image *img);

#endif /* IPCWALL_POLICY_PARSE_H */
