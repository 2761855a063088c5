/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks shared by the policy test suites, built on harness.h: include it
 * after harness.h, from the test file (its functions are static and assert,
 * so they stop the calling test).
 */
#ifndef IPCWALL_SELFTESTS_POLICY_COMMON_H
#define IPCWALL_SELFTESTS_POLICY_COMMON_H

#include <stdlib.h>
#include <string.h>

#include "policy_blob.h"
#include "policy_nl.h"

/* The message of every command CHUNK or COMMIT without a transaction. */
#define MSG_NO_TRANSACTION "no policy transaction is open on this socket"

static void __TH_UNUSED conn_open(struct policy_conn *c)
{
	int err = pc_open(c);

	ASSERT_EQ(0, err) {
		TH_LOG("the ipcwall family is not there (%s): the module must be loaded first",
		       strerror(-err));
	}
}

/* Logs the module's answer when it is not success. */
static int __TH_UNUSED logged(struct policy_conn *c, const char *what,
			      int err)
{
	if (err > 0)
		TH_LOG("%s: %s, extack \"%s\"", what, strerrorname_np(err),
		       c->reply.ext_msg);
	else if (err < 0)
		TH_LOG("%s: no valid answer: %s %s", what, strerror(-err),
		       c->problem);
	return err;
}

static uint64_t __TH_UNUSED status_generation(struct policy_conn *c)
{
	uint64_t generation = 0;

	ASSERT_EQ(0, logged(c, "GET_STATUS",
			    pc_status_generation(c, &generation)));
	return generation;
}

static void *__TH_UNUSED build(struct policy_blob *pb, size_t *size)
{
	void *blob = pb_build(pb, size);

	ASSERT_NE(NULL, blob) TH_LOG("building the policy: out of memory");
	return blob;
}

/* Loads a policy that must load; returns its generation. */
static uint64_t __TH_UNUSED load_ok(struct policy_conn *c, const void *blob,
				    size_t size)
{
	uint64_t before = status_generation(c), generation = 0;

	ASSERT_EQ(0, logged(c, "load", pc_load(c, blob, size, &generation)));
	ASSERT_EQ(before + 1, generation);
	return generation;
}

/* The policy in force is this one, of this generation, byte for byte. */
static void __TH_UNUSED assert_in_force(struct policy_conn *c,
					const void *blob, size_t size,
					uint64_t generation)
{
	uint64_t got_generation = 0;
	size_t got_size = 0;
	void *got = NULL;

	ASSERT_EQ(generation, status_generation(c));
	ASSERT_EQ(0, logged(c, "POLICY_GET",
			    pc_get(c, &got, &got_size, &got_generation)));
	EXPECT_EQ(generation, got_generation);
	EXPECT_EQ(size, got_size);
	if (size == got_size)
		EXPECT_EQ(0, memcmp(blob, got, size))
			TH_LOG("POLICY_GET returned other bytes");
	free(got);
}

/* No policy is in force, at this generation. */
static void __TH_UNUSED assert_none_in_force(struct policy_conn *c,
					     uint64_t generation)
{
	uint64_t got_generation;
	size_t got_size;
	void *got = NULL;

	ASSERT_EQ(generation, status_generation(c));
	ASSERT_EQ(ENOENT, pc_get(c, &got, &got_size, &got_generation));
	free(got);
}

/* Removes whatever policy is in force; returns the new generation. */
static uint64_t __TH_UNUSED unload(struct policy_conn *c)
{
	uint64_t before = status_generation(c), generation = 0;

	ASSERT_EQ(0, logged(c, "UNLOAD", pc_unload(c, &generation)));
	ASSERT_EQ(before + 1, generation);
	return generation;
}

#endif /* IPCWALL_SELFTESTS_POLICY_COMMON_H */
