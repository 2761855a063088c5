/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference for kmod/glob.c, written for obviousness rather than speed:
 * the validator tokenizes, the matcher recurses and tries every way a '*'
 * or a "**" can be matched. Exponential in the worst case, so only for short
 * inputs; the unit tests and the fuzzer compare the real matcher with it.
 */
#ifndef IPCWALL_TESTS_GLOB_REF_H
#define IPCWALL_TESTS_GLOB_REF_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "../../kmod/glob.h"

/*
 * Reads one class member starting at p[*i] into *m; false when the pattern
 * ends first.
 */
static inline bool ref_member(const char *p, size_t n, size_t *i,
			      unsigned char *m)
{
	if (*i < n && p[*i] == '\\')
		(*i)++;
	if (*i >= n)
		return false;
	*m = (unsigned char)p[(*i)++];
	return true;
}

/*
 * The class at p[0] == '['. Returns its length, 0 when unterminated, or
 * -1 with *bad set for a decreasing range. With c >= 0, *in says whether
 * byte c is selected (negation applied).
 */
static inline long ref_class(const char *p, size_t n, int c, bool *in,
			     size_t *bad)
{
	size_t i = 1, at;
	bool neg = false, listed = false;
	unsigned char lo, hi;

	if (i < n && (p[i] == '!' || p[i] == '^')) {
		neg = true;
		i++;
	}
	at = i;
	while (i < n && !(p[i] == ']' && i > at)) {
		size_t start = i;

		if (!ref_member(p, n, &i, &lo))
			return 0;
		hi = lo;
		if (i + 1 < n && p[i] == '-' && p[i + 1] != ']') {
			i++;
			if (!ref_member(p, n, &i, &hi))
				return 0;
			if (hi < lo) {
				*bad = start;
				return -1;
			}
		}
		if (c >= lo && c <= hi)
			listed = true;
	}
	if (i >= n)
		return 0;
	if (in)
		*in = c != '/' && listed != neg;
	return (long)(i + 1);
}

static inline int ref_validate(const char *p, size_t n, size_t *off)
{
	size_t i = 0, bad;
	bool after_slash = true;	/* At the start or after a plain '/'. */
	long k;

	if (n > IPCWALL_GLOB_MAX_LEN) {
		*off = IPCWALL_GLOB_MAX_LEN;
		return -E2BIG;
	}
	while (i < n) {
		if (p[i] == '\\') {
			if (i + 1 >= n) {
				*off = i;
				return -EINVAL;
			}
			i += 2;
			after_slash = false;
		} else if (p[i] == '[') {
			k = ref_class(p + i, n - i, -1, NULL, &bad);
			if (k <= 0) {
				*off = k == 0 ? i : i + bad;
				return -EINVAL;
			}
			i += k;
			after_slash = false;
		} else if (p[i] == '*' && i + 1 < n && p[i + 1] == '*') {
			bool ends = i + 2 == n || p[i + 2] == '/';

			if (!after_slash || !ends) {
				*off = i;
				return -EINVAL;
			}
			i += 2;
			after_slash = false;
		} else {
			after_slash = p[i] == '/';
			i++;
		}
	}
	return 0;
}

/* The length of the single-byte token at p[0], matched against c. */
static inline size_t ref_token(const char *p, size_t n, unsigned char c,
			       bool *ok)
{
	size_t bad;
	long k;

	switch (p[0]) {
	case '?':
		*ok = c != '/';
		return 1;
	case '\\':
		*ok = c == (unsigned char)p[1];
		return 2;
	case '[':
		k = ref_class(p, n, c, ok, &bad);
		return (size_t)k;
	default:
		*ok = c == (unsigned char)p[0];
		return 1;
	}
}

static inline bool ref_match_at(const char *p, size_t pn, const char *s,
				size_t sn, bool seg_start)
{
	size_t k;
	bool ok;

	if (pn == 0)
		return sn == 0;
	if (seg_start && pn >= 2 && p[0] == '*' && p[1] == '*') {
		if (pn == 2)
			return true;
		/* "**" then '/': skip nothing, or up to and including a '/'. */
		if (ref_match_at(p + 3, pn - 3, s, sn, true))
			return true;
		for (k = 0; k < sn; k++)
			if (s[k] == '/' &&
			    ref_match_at(p + 3, pn - 3, s + k + 1, sn - k - 1,
					 true))
				return true;
		return false;
	}
	if (pn == 3 && p[0] == '/' && p[1] == '*' && p[2] == '*')
		return sn == 0 || s[0] == '/';
	if (p[0] == '*') {
		for (k = 0; ; k++) {
			if (ref_match_at(p + 1, pn - 1, s + k, sn - k, false))
				return true;
			if (k == sn || s[k] == '/')
				return false;
		}
	}
	if (sn == 0)
		return false;
	k = ref_token(p, pn, (unsigned char)s[0], &ok);
	return ok && ref_match_at(p + k, pn - k, s + 1, sn - 1, p[0] == '/');
}

static inline bool ref_match(const char *p, size_t pn, const char *s,
			     size_t sn)
{
	return ref_match_at(p, pn, s, sn, true);
}

#endif /* IPCWALL_TESTS_GLOB_REF_H */
