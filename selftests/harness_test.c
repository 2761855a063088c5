// SPDX-License-Identifier: GPL-2.0
/*
 * Checks that the harness itself reports passing and skipped tests. Failing
 * assertions, timeouts and crashes are exercised by hand, not here, since a
 * selftest run must pass.
 */
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

TEST(integer_checks)
{
	size_t len = strlen("abc");
	int minus_one = -1;

	ASSERT_EQ(3, len);
	EXPECT_NE(0, len);
	/* Mixed signedness compares by value: -1 is less than any size_t. */
	EXPECT_LT(minus_one, len);
	EXPECT_LE(3, len);
	EXPECT_GT(UINT64_MAX, len);
	EXPECT_GE(len, 3);
	EXPECT_TRUE(len);
	EXPECT_FALSE(minus_one + 1);
}

TEST(string_checks)
{
	char buf[8] = "ipc";

	strcat(buf, "wall");
	ASSERT_STREQ("ipcwall", buf);
	EXPECT_STRNE("ipc", buf);
}

TEST(pointer_checks)
{
	const char *p = "x";

	ASSERT_NE(NULL, p);
	EXPECT_EQ(NULL, strchr(p, 'y'));
}

TEST(handler_runs_only_on_failure)
{
	int handled = 0;

	EXPECT_EQ(1, 1) handled = 1;
	ASSERT_EQ(0, handled);
}

TEST(check_in_forked_child)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		EXPECT_EQ(getppid(), getppid());
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST_TIMEOUT(finishes_within_its_timeout, 2)
{
	usleep(100 * 1000);
}

TEST(skips_with_reason)
{
	SKIP(return, "skipping on purpose (%d)", 42);
	ASSERT_TRUE(0) TH_LOG("SKIP did not stop the test");
}

FIXTURE(counter) {
	int value;
	int torn_down;
};

FIXTURE_SETUP(counter)
{
	self->value = 41;
}

FIXTURE_TEARDOWN(counter)
{
	self->torn_down = 1;
}

TEST_F(counter, setup_ran)
{
	self->value++;
	ASSERT_EQ(42, self->value);
	TH_LOG("fixture value is %d", self->value);
}

TEST_F(counter, skips_in_body)
{
	SKIP(return, "fixture test skipped");
}

TEST_HARNESS_MAIN
