// SPDX-License-Identifier: GPL-2.0
/*
 * Sample program for harness_test: one test of each outcome the harness must
 * report. Most of them fail on purpose, so this is deliberately not named
 * *_test.c and no runner treats it as a suite; harness_test runs it and
 * checks its TAP output and exit status line by line.
 *
 * Every expected line is spelled out in harness_test.c: change a test here
 * and change it there too. A TH_LOG after the point a test must not pass
 * ("... not reached ...") makes a harness that goes on too far visible.
 */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "harness.h"

/* ok 1 */
TEST(passes)
{
	size_t len = strlen("ipc");

	ASSERT_EQ(3, len);
	EXPECT_STREQ("ipc", "ipc");
	TH_LOG("passes ran to its end");
}

/* not ok 2: both values printed, -1 as -1 although len is a size_t */
TEST(assert_fails)
{
	size_t len = strlen("ipc");

	ASSERT_EQ(-1, len) TH_LOG("assert handler ran");
	TH_LOG("not reached after a failed ASSERT");
}

/* not ok 3: each EXPECT reports and the test goes on to its end */
TEST(expect_fails_and_continues)
{
	const char *name = "wall";
	int seen = 4;

	EXPECT_EQ(5, seen);
	EXPECT_STREQ("ipc", name);
	TH_LOG("still running after two failed EXPECTs");
}

/* ok 4 # SKIP */
TEST(skips_with_reason)
{
	SKIP(return, "not supported here (%d)", 42);
	TH_LOG("not reached after SKIP");
}

/* not ok 5: killed after 1 s, long before the sleep ends */
TEST_TIMEOUT(times_out, 1)
{
	TH_LOG("sleeping past the timeout");
	sleep(10);
	TH_LOG("not reached: the timeout did not fire");
}

/* not ok 6: terminated by SIGSEGV */
TEST(crashes)
{
	struct rlimit no_core = { 0, 0 };

	/* An expected crash: leave no core file or crash report behind. */
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	TH_LOG("raising SIGSEGV");
	raise(SIGSEGV);
	TH_LOG("not reached: survived SIGSEGV");
}

/* not ok 7: setup fails, so neither the body nor the teardown runs */
FIXTURE(setup_fails) {
	int ready;
};

FIXTURE_SETUP(setup_fails)
{
	ASSERT_TRUE(self->ready);
	TH_LOG("not reached: setup went on after its failed ASSERT");
}

FIXTURE_TEARDOWN(setup_fails)
{
	TH_LOG("not reached: teardown ran after a failed setup");
}

TEST_F(setup_fails, never_runs)
{
	TH_LOG("not reached: body ran after a failed setup");
}

/* not ok 8: the body fails after setup completed, so teardown runs */
FIXTURE(body_fails) {
	int value;
};

FIXTURE_SETUP(body_fails)
{
	self->value = 41;
}

FIXTURE_TEARDOWN(body_fails)
{
	TH_LOG("teardown ran with value %d", self->value);
}

TEST_F(body_fails, asserts)
{
	self->value++;
	ASSERT_EQ(43, self->value);
	TH_LOG("not reached after a failed ASSERT");
}

TEST_HARNESS_MAIN
