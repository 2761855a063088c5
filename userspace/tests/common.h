/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the tool's unit tests: capture what a function writes
 * to a FILE, and hand a parser exactly the bytes it may read.
 */
#ifndef IPCWALL_TESTS_COMMON_H
#define IPCWALL_TESTS_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tool's own common.h, which this one's name hides. */
#include "../common.h"

/* Output captured in memory; text is valid after capture_text(). */
struct capture {
	FILE *f;
	char *text;
	size_t len;
};

static inline int capture_open(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	return c->f ? 0 : -1;
}

static inline const char *capture_text(struct capture *c)
{
	fflush(c->f);
	return c->text;
}

static inline void capture_close(struct capture *c)
{
	if (c->f)
		fclose(c->f);
	free(c->text);
	c->f = NULL;
	c->text = NULL;
}

/*
 * A heap copy of exactly @len bytes: reading past it is then caught by
 * valgrind (make valgrind) rather than silently reading the test's stack.
 */
static inline void *exact_copy(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

/* Forgets what was captured so far: a fresh stream, not a rewound one. */
static inline int capture_reset(struct capture *c)
{
	capture_close(c);
	return capture_open(c);
}

#endif /* IPCWALL_TESTS_COMMON_H */
