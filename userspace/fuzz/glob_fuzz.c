// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the glob matcher of kmod/glob.c. The first byte of
 * the input is the length of the pattern, which follows; the rest is the
 * string. Checks that validation agrees with the reference of
 * ../tests/glob_ref.h, offset included, and for a valid pattern that the
 * match agrees with the reference (when its exhaustive search is cheap
 * enough), stays within the step bound, and starts with the literal prefix.
 * Invalid patterns are matched too, for memory safety only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/glob_ref.h"

/* The reference tries every split of the string for each '*': keep it cheap. */
static bool reference_affordable(const char *p, size_t pl, size_t sl)
{
	double cost = 1;
	size_t i;

	for (i = 0; i < pl; i++) {
		if (p[i] != '*')
			continue;
		cost *= (double)(sl + 1);
		if (cost > 2e5)
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pl, sl, off = 0, roff = 0, pre;
	unsigned long steps = 0;
	const char *p, *s;
	int err, rerr;
	bool m;

	if (size < 1)
		return 0;
	pl = data[0];
	if (pl > size - 1)
		pl = size - 1;
	p = (const char *)data + 1;
	s = p + pl;
	sl = size - 1 - pl;

	err = ipcwall_glob_validate(p, pl, &off);
	rerr = ref_validate(p, pl, &roff);
	if (err != rerr || (err && off != roff)) {
		fprintf(stderr, "validate: %d at %zu, reference %d at %zu\n",
			err, off, rerr, roff);
		abort();
	}
	if (err) {
		/* Not a valid call, but it must still stay in bounds. */
		ipcwall_glob_match(p, pl, s, sl);
		return 0;
	}

	m = ipcwall_glob_match_steps(p, pl, s, sl, &steps);
	if (m != ipcwall_glob_match(p, pl, s, sl))
		abort();
	if (steps > 3 * (pl + 1) * (sl + 1)) {
		fprintf(stderr, "%lu steps for %zu x %zu bytes\n", steps, pl, sl);
		abort();
	}
	if (reference_affordable(p, pl, sl) && m != ref_match(p, pl, s, sl)) {
		fprintf(stderr, "match %d, reference %d\n", m, !m);
		abort();
	}
	pre = ipcwall_glob_literal_prefix(p, pl);
	if (pre > pl || (m && (sl < pre || memcmp(p, s, pre))))
		abort();
	if (m && ipcwall_glob_is_literal(p, pl) &&
	    (sl != pl || memcmp(p, s, pl)))
		abort();
	return 0;
}
