// SPDX-License-Identifier: GPL-2.0
/*
 * Glob validation and matching, for the module and for the tool.
 *
 * The pattern language is described in glob.h. This file must stay
 * freestanding: it is compiled into the module, where matching runs in kprobe
 * handlers (no allocation, no sleeping, no recursion, bounded time and
 * stack), and into the tool and its tests on the host.
 */
#include "glob.h"

#define NONE ((size_t)-1)

/*
 * Parses the class that starts at pat[i] == '['. Returns the offset just
 * past its closing ']', or NONE when it is invalid, with *bad set to the
 * offset to report. When c is not NULL, *c is tested for membership and
 * *hit set (before negation); steps, if not NULL, counts bytes read.
 */
static size_t class_scan(const char *pat, size_t len, size_t i, size_t *bad,
			 const unsigned char *c, bool *hit,
			 unsigned long *steps)
{
	size_t start = i++, item;
	unsigned char lo, hi;
	bool first = true;

	if (hit)
		*hit = false;
	if (i < len && (pat[i] == '!' || pat[i] == '^'))
		i++;
	for (;;) {
		if (steps)
			(*steps)++;
		if (i >= len)
			goto unterminated;
		if (pat[i] == ']' && !first)
			return i + 1;
		first = false;
		item = i;
		if (pat[i] == '\\' && ++i >= len)
			goto unterminated;
		lo = pat[i++];
		hi = lo;
		/* A '-' before the closing ']' is a member, not a range. */
		if (i + 1 < len && pat[i] == '-' && pat[i + 1] != ']') {
			i++;
			if (pat[i] == '\\' && ++i >= len)
				goto unterminated;
			hi = pat[i++];
			if (lo > hi) {
				*bad = item;
				return NONE;
			}
		}
		if (c && *c >= lo && *c <= hi)
			*hit = true;
	}
unterminated:
	*bad = start;
	return NONE;
}

/**
 * ipcwall_glob_validate() - check a pattern before it is used
 * @pat: the pattern, not necessarily NUL-terminated
 * @len: its length in bytes
 * @err_offset: if not NULL, set on error to the offset of the problem: the
 *	'\' with nothing after it, the '[' of an unterminated class, the first
 *	byte of a decreasing range, the first '*' of a misplaced run of them,
 *	or IPCWALL_GLOB_MAX_LEN for a pattern that is too long
 *
 * Problems are looked for from left to right and the first one is reported.
 *
 * Return: 0 when @pat may be given to the other functions; -E2BIG when it
 * is longer than IPCWALL_GLOB_MAX_LEN; -EINVAL when it is malformed.
 */
int ipcwall_glob_validate(const char *pat, size_t len, size_t *err_offset)
{
	bool seg_start = true;
	size_t i = 0, run, bad;
	int err = -EINVAL;

	if (len > IPCWALL_GLOB_MAX_LEN) {
		bad = IPCWALL_GLOB_MAX_LEN;
		err = -E2BIG;
		goto err;
	}
	while (i < len) {
		switch (pat[i]) {
		case '\\':
			if (i + 1 == len) {
				bad = i;
				goto err;
			}
			i += 2;
			seg_start = false;
			break;
		case '[':
			i = class_scan(pat, len, i, &bad, NULL, NULL, NULL);
			if (i == NONE)
				goto err;
			seg_start = false;
			break;
		case '*':
			run = 1;
			while (i + run < len && pat[i + run] == '*')
				run++;
			/* "**" must be a whole segment; three or more, never. */
			if (run > 2 || (run == 2 && !seg_start) ||
			    (run == 2 && i + 2 < len && pat[i + 2] != '/')) {
				bad = i;
				goto err;
			}
			i += run;
			seg_start = false;
			break;
		case '/':
			i++;
			seg_start = true;
			break;
		default:
			i++;
			seg_start = false;
			break;
		}
	}
	return 0;

err:
	if (err_offset)
		*err_offset = bad;
	return err;
}

/*
 * The matcher is the classic iterative wildcard algorithm with two
 * backtrack points instead of one:
 *
 *  - star_p/star_s: the last '*' in the current segment, as the pattern
 *    offset after it and the string offset where what it matches ends.
 *    Backtracking to it makes it take one more byte, which may not be '/'.
 *  - gs_p/gs_s: the last "**" + '/', as the pattern offset after it and the
 *    string offset where the segments it skips end. Backtracking to it makes
 *    it skip one more segment; it is used when the star cannot help.
 *
 * Why this is enough. No token but a '/' (or "\/") matches a '/' and '*'
 * never takes one, so between two "**" + '/' the pattern's k-th '/' must
 * match the k-th '/' of the string after the point the last "**" + '/'
 * stopped at: once that is fixed, each segment of the pattern is matched
 * against one segment of the string, and the star point is forgotten when a
 * '/' is matched. Within a segment the usual argument holds: the bytes
 * before the last '*' were matched as early as they can be, and any other
 * way of matching them ends later in the same segment, a difference the
 * last '*' can take instead. Likewise the part of the pattern between two
 * "**" + '/' ends with a '/' and matches a fixed number of whole segments,
 * so placing it as early as possible leaves the most string to the next
 * "**" + '/', which can skip whatever a later placement would have: a new
 * "**" + '/' replaces the previous backtrack point. So when neither point
 * can move, there is no match.
 *
 * Why this is fast. For one placement of the last "**" + '/', a '*' of a
 * pattern segment backtracks at most once per byte of its string segment
 * (star_s only grows: a later '*' in the segment starts where the earlier
 * one's match ended), and each try reads at most the rest of the pattern
 * segment. Each placement moves a pattern segment to a different string
 * segment, so summing over the pattern segments and the string segments
 * bounds the work by O(plen * slen); skipping a segment reads its bytes once.
 * The tests count the steps and check this bound.
 */
static bool match(const char *pat, size_t plen, const char *str, size_t slen,
		  unsigned long *steps)
{
	size_t pi = 0, si = 0, next, bad;
	size_t star_p = NONE, star_s = 0;
	size_t gs_p = NONE, gs_s = 0;
	unsigned char c;
	bool hit;

	for (;;) {
		if (steps)
			(*steps)++;
		if (pi == plen) {
			if (si == slen)
				return true;
			goto backtrack;
		}
		switch (pat[pi]) {
		case '/':
			if (plen - pi == 3 && pat[pi + 1] == '*' &&
			    pat[pi + 2] == '*') {
				/* '/' + "**" at the end. */
				if (si == slen || str[si] == '/')
					return true;
				goto backtrack;
			}
			next = pi + 1;
			if (si == slen || str[si] != '/')
				goto backtrack;
			break;
		case '*':
			if (pi + 1 < plen && pat[pi + 1] == '*') {
				/* Validated: a whole segment. */
				if (pi + 2 == plen)
					return true;
				pi += 3;
				gs_p = pi;
				gs_s = si;
				star_p = NONE;
				continue;
			}
			pi++;
			star_p = pi;
			star_s = si;
			continue;
		case '?':
			next = pi + 1;
			if (si == slen || str[si] == '/')
				goto backtrack;
			break;
		case '[':
			if (si == slen || str[si] == '/')
				goto backtrack;
			c = str[si];
			next = class_scan(pat, plen, pi, &bad, &c, &hit, steps);
			if (next == NONE)
				return false;	/* Not validated. */
			if (hit == (pat[pi + 1] == '!' || pat[pi + 1] == '^'))
				goto backtrack;
			break;
		case '\\':
			if (pi + 1 == plen)
				return false;	/* Not validated. */
			next = pi + 2;
			if (si == slen || str[si] != pat[pi + 1])
				goto backtrack;
			break;
		default:
			next = pi + 1;
			if (si == slen || str[si] != pat[pi])
				goto backtrack;
			break;
		}
		/* One byte matched by the token at pi. */
		if (str[si] == '/')
			star_p = NONE;
		pi = next;
		si++;
		continue;

backtrack:
		if (star_p != NONE && star_s < slen && str[star_s] != '/') {
			pi = star_p;
			si = ++star_s;
			continue;
		}
		if (gs_p == NONE)
			return false;
		while (gs_s < slen && str[gs_s] != '/') {
			if (steps)
				(*steps)++;
			gs_s++;
		}
		if (gs_s == slen)
			return false;
		pi = gs_p;
		si = ++gs_s;
		star_p = NONE;
	}
}

/**
 * ipcwall_glob_match() - match a string against a pattern
 * @pat: a pattern that ipcwall_glob_validate() accepted
 * @plen: its length in bytes
 * @str: the string, not necessarily NUL-terminated
 * @slen: its length in bytes
 *
 * Runs in O(@plen * @slen) time and constant stack, without allocating:
 * safe in any context.
 *
 * Return: true when @str matches all of @pat.
 */
bool ipcwall_glob_match(const char *pat, size_t plen,
			const char *str, size_t slen)
{
	return match(pat, plen, str, slen, NULL);
}

#ifndef __KERNEL__
bool ipcwall_glob_match_steps(const char *pat, size_t plen,
			      const char *str, size_t slen,
			      unsigned long *steps)
{
	return match(pat, plen, str, slen, steps);
}
#endif

/**
 * ipcwall_glob_is_literal() - whether a pattern matches only its own text
 * @pat: a pattern that ipcwall_glob_validate() accepted
 * @len: its length in bytes
 *
 * A pattern without '*', '?', '[' or '\' matches exactly one string, its
 * own bytes, so callers can look it up by exact comparison or hashing. A
 * pattern with an escape is not reported literal even when it matches a
 * single string, since that string is not its text.
 *
 * Return: true when @pat contains none of '*', '?', '[' and '\'.
 */
bool ipcwall_glob_is_literal(const char *pat, size_t len)
{
	return ipcwall_glob_literal_prefix(pat, len) == len;
}

/**
 * ipcwall_glob_literal_prefix() - the leading part every match starts with
 * @pat: a pattern that ipcwall_glob_validate() accepted
 * @len: its length in bytes
 *
 * Every string that @pat matches starts with the first n bytes of @pat,
 * where n is the returned value, so they can index the pattern. They stop
 * before the first '*', '?', '[' or '\', and before a '/' + "**" at the end,
 * since that may match nothing.
 *
 * Return: n, from 0 to @len.
 */
size_t ipcwall_glob_literal_prefix(const char *pat, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (pat[i]) {
		case '*':
			if (i > 0 && pat[i - 1] == '/' && len - i == 2)
				return i - 1;
			return i;
		case '?':
		case '[':
		case '\\':
			return i;
		}
	}
	return len;
}
