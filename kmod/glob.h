/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The glob matcher shared by the module and the tool.
 *
 * Rules name executables, cgroups, files, unix sockets (path or abstract) and
 * POSIX IPC objects with patterns. The tool validates them when it compiles
 * a policy, the module validates them again when it receives one, and the
 * module matches them inside kprobe handlers. glob.c is therefore freestanding
 * C: it includes only this header, allocates nothing, does not recurse, and
 * every function runs in bounded time on bounded input.
 *
 * A pattern is a byte string of at most IPCWALL_GLOB_MAX_LEN bytes, matched
 * against a byte string, byte for byte (no locale, no case folding, NUL is an
 * ordinary byte). Reading the pattern from left to right:
 *
 *   *     matches any run of bytes, possibly empty, containing no '/'.
 *   ?     matches one byte other than '/'.
 *   [...] a class: matches one byte other than '/' that the class lists;
 *         "[!...]" or "[^...]" one byte other than '/' that it does not
 *         list. Inside the brackets a ']' right after '[', "[!" or "[^" is
 *         a member, and any other ']' closes the class. Members are read from
 *         left to right, each a byte or "\x" for the byte x; a member that is
 *         followed by '-' and then by anything but the closing ']' instead
 *         starts a range, up to the member after the '-', of the bytes
 *         between the two, compared unsigned. So "[a-]" and "[-a]" list 'a'
 *         and '-', "[a\-z]" lists 'a', '-' and 'z', and "[+-\-]" is the
 *         range from '+' to '-'. A range whose ends are in decreasing order
 *         and a class without its closing ']' are invalid. A class never
 *         matches '/', even when it lists it.
 *   \x    matches the byte x; a '\' as the last byte is invalid.
 *   **    must be a whole segment: preceded by the start of the pattern or
 *         an unescaped '/', and followed by the end of the pattern or a '/'.
 *         Any other run of two or more '*' is invalid. Its meaning, with the
 *         '/' that joins it to the rest, is "zero or more whole segments":
 *           "**" + '/' at the start or after an unescaped '/' matches the
 *                empty string or any string ending with '/'; so "a/ ** /b"
 *                (without the spaces) matches "a/b", "a/x/b", "a/x/y/b";
 *                "** /b" matches "b", "/b", "x/b", "/x/y/b";
 *           '/' + "**" at the end of the pattern matches the empty string or
 *                '/' followed by anything; so "/usr/ **" matches "/usr",
 *                "/usr/", "/usr/bin", "/usr/lib/x";
 *           "**" as the whole pattern, or at the end right after a "**" + '/',
 *                matches anything.
 *         The forms are recognised from left to right, so "** / **" (again
 *         without the spaces) is a "**" + '/' followed by a final "**".
 *   any other byte matches itself; ']', '!', '^' and '-' are ordinary
 *         outside a class, and so is '/', apart from its role above.
 *
 * The empty pattern is valid and matches only the empty string.
 *
 * Matching is O(pattern length * string length) in the worst case, with
 * O(1) memory: see the comment above ipcwall_glob_match() in glob.c.
 */
#ifndef _IPCWALL_GLOB_H
#define _IPCWALL_GLOB_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

/* The longest pattern accepted, in bytes. */
#define IPCWALL_GLOB_MAX_LEN 256

int ipcwall_glob_validate(const char *pat, size_t len, size_t *err_offset);
bool ipcwall_glob_match(const char *pat, size_t plen,
			const char *str, size_t slen);
bool ipcwall_glob_is_literal(const char *pat, size_t len);
size_t ipcwall_glob_literal_prefix(const char *pat, size_t len);

#ifndef __KERNEL__
/*
 * For the tests: ipcwall_glob_match() that also adds the number of steps it
 * took to *steps, so that its complexity can be asserted without timing.
 */
bool ipcwall_glob_match_steps(const char *pat, size_t plen,
			      const char *str, size_t slen,
			      unsigned long *steps);
#endif

#endif /* _IPCWALL_GLOB_H */
