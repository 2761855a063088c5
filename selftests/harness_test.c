// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's own test. A few passing tests use the checks directly; the
 * rest run build/harness_sample (next to this program), whose tests pass,
 * fail an ASSERT, fail EXPECTs, skip, time out, crash and fail in a fixture,
 * and check its whole TAP output and exit status. Nothing here fails or
 * skips on purpose: a clean run is all passes.
 *
 * The sample runs once (about 1 s, for its timeout test); its output is
 * kept in shared memory for the tests that follow, each of which also works
 * alone ("harness_test sample_crash"). On a failed check, the sample output
 * concerned is printed as "# | " lines, never as TAP result lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* ---- Direct checks ---- */

TEST(integer_checks)
{
	size_t len = strlen("abc");
	int minus_one = -1;

	ASSERT_EQ(3, len);
	EXPECT_NE(0, len);
	/* Mixed signedness compares by value: -1 is less than any size_t. */
	EXPECT_LT(minus_one, len);
	EXPECT_NE(minus_one, SIZE_MAX);
	EXPECT_GT(len, minus_one);
	EXPECT_LE(3, len);
	EXPECT_GT(UINT64_MAX, len);
	EXPECT_GE(len, 3);
	EXPECT_LT(INT64_MIN, 0U);
	EXPECT_TRUE(len);
	EXPECT_FALSE(minus_one + 1);
}

TEST(string_checks)
{
	char buf[8] = "ipc";

	strcat(buf, "wall");
	ASSERT_STREQ("ipcwall", buf);
	EXPECT_STRNE("ipc", buf);
	EXPECT_STRNE(NULL, buf);
	EXPECT_STREQ(NULL, NULL);
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

FIXTURE(counter) {
	int value;
};

FIXTURE_SETUP(counter)
{
	self->value = 41;
}

FIXTURE_TEARDOWN(counter)
{
	ASSERT_EQ(42, self->value);
}

TEST_F(counter, setup_ran)
{
	self->value++;
	ASSERT_EQ(42, self->value);
}

/* ---- Running the sample ---- */

/* The sample's tests, in order: their TAP results are numbered from 1. */
#define SAMPLE_PLAN "1..8"
#define SAMPLE_TOTALS "# Totals: pass:1 fail:6 skip:1"
static const char *const sample_results[] = {
	"ok 1 passes",
	"not ok 2 assert_fails",
	"not ok 3 expect_fails_and_continues",
	"ok 4 skips_with_reason # SKIP not supported here (42)",
	"not ok 5 times_out",
	"not ok 6 crashes",
	"not ok 7 setup_fails.never_runs",
	"not ok 8 body_fails.asserts",
};
#define SAMPLE_COUNT (sizeof(sample_results) / sizeof(sample_results[0]))

/* Generous for a program that should take 1 s. */
#define SAMPLE_TIMEOUT 8

/* Shared with every forked test, which is why it is mapped before any runs. */
struct sample_run {
	int started, finished;
	char error[PATH_MAX + 256];	/* why the sample could not be run, if so */
	int status;		/* wait status */
	double seconds;
	size_t len;
	int truncated;
	char out[60000];
};

static struct sample_run *sample;

static void __attribute__((constructor)) sample_map(void)
{
	sample = mmap(NULL, sizeof(*sample), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sample == MAP_FAILED)
		sample = NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* build/harness_sample, next to this program. */
static int sample_path(char *buf, size_t size)
{
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", buf, size - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	if (strlen(buf) + sizeof("/harness_sample") > size)
		return -1;
	strcat(buf, "/harness_sample");
	return 0;
}

static void sample_exec(void)
{
	char path[PATH_MAX], buf[4096];
	int fds[2], status;
	double start;
	ssize_t n;
	pid_t pid;

	if (sample_path(path, sizeof(path))) {
		snprintf(sample->error, sizeof(sample->error),
			 "cannot locate harness_sample: %s", strerror(errno));
		return;
	}
	if (access(path, X_OK)) {
		snprintf(sample->error, sizeof(sample->error), "%s: %s",
			 path, strerror(errno));
		return;
	}
	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(sample->error, sizeof(sample->error), "pipe: %s",
			 strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	start = now();
	pid = fork();
	if (pid < 0) {
		snprintf(sample->error, sizeof(sample->error), "fork: %s",
			 strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		sigset_t mask;
		int null = open("/dev/null", O_RDONLY);

		/* The sample crashes on purpose: no core file. */
		setrlimit(RLIMIT_CORE, &no_core);
		if (null >= 0)
			dup2(null, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		/* Its timeouts rely on SIGALRM: deliver it. */
		sigemptyset(&mask);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		execl(path, "harness_sample", (char *)NULL);
		dprintf(2, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n > sizeof(sample->out) - 1 - sample->len) {
			n = sizeof(sample->out) - 1 - sample->len;
			sample->truncated = 1;
		}
		memcpy(sample->out + sample->len, buf, n);
		sample->len += n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(sample->error, sizeof(sample->error),
				 "waitpid: %s", strerror(errno));
			return;
		}
	}
	sample->seconds = now() - start;
	sample->status = status;
	sample->out[sample->len] = '\0';
}

/* The sample's output, running it first if no test has yet. */
static const char *sample_output(void)
{
	if (!sample)
		return NULL;
	if (!sample->started) {
		/* Run it once: a test killed meanwhile leaves finished 0. */
		sample->started = 1;
		sample_exec();
		sample->finished = 1;
	}
	if (!sample->finished) {
		TH_LOG("the sample did not finish in an earlier test");
		return NULL;
	}
	if (sample->error[0]) {
		TH_LOG("%s", sample->error);
		return NULL;
	}
	return sample->out;
}

/* ---- Reading the output ---- */

/* Print text as diagnostics that no TAP reader takes for a result. */
static void show(const char *what, const char *text)
{
	const char *end;

	printf("# %s:\n", what);
	while (*text) {
		end = strchrnul(text, '\n');
		printf("# | %.*s\n", (int)(end - text), text);
		text = *end ? end + 1 : end;
	}
	fflush(stdout);
}

/* For tests with many checks on the whole output: show it once. */
static void show_once(int *shown, const char *out)
{
	if (!*shown)
		show("sample output", out);
	*shown = 1;
}

/* Calls fn(line, len, arg) for each line of text until it returns non-zero. */
static int each_line(const char *text,
		     int (*fn)(const char *line, size_t len, void *arg),
		     void *arg)
{
	const char *end;
	int ret;

	while (*text) {
		end = strchrnul(text, '\n');
		ret = fn(text, end - text, arg);
		if (ret)
			return ret;
		text = *end ? end + 1 : end;
	}
	return 0;
}

static int line_is(const char *line, size_t len, void *want)
{
	return len == strlen(want) && !memcmp(line, want, len);
}

/* text has a line that is exactly want. */
static int has_line(const char *text, const char *want)
{
	return each_line(text, line_is, (void *)want);
}

/*
 * A diagnostic the sample printed: "# <path>harness_sample.c:<line>:" then
 * exactly want ("<test name>: <message>"). Only the source line is not
 * checked, so that editing the sample does not break this test.
 */
static int line_is_diag(const char *line, size_t len, void *want)
{
	static const char file[] = "harness_sample.c:";
	const char *end = line + len, *p;

	if (len < 2 || memcmp(line, "# ", 2))
		return 0;
	p = memmem(line, len, file, sizeof(file) - 1);
	if (!p)
		return 0;
	p += sizeof(file) - 1;
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p >= end || *p++ != ':')
		return 0;
	return (size_t)(end - p) == strlen(want) && !memcmp(p, want, end - p);
}

static int has_diag(const char *text, const char *want)
{
	return each_line(text, line_is_diag, (void *)want);
}

/* Any line containing s. */
static int line_has(const char *line, size_t len, void *s)
{
	return memmem(line, len, s, strlen(s)) != NULL;
}

static int mentions(const char *text, const char *s)
{
	return each_line(text, line_has, (void *)s);
}

/*
 * The lines the sample printed for test number k (1-based): from its
 * "# RUN <name>" line to its result line, both included, so that every
 * diagnostic is checked against the test it belongs to. Never NULL: an
 * empty string when the test's lines are not there in order.
 */
static char *sample_block(const char *out, unsigned int k)
{
	const char *result = sample_results[k - 1];
	const char *name, *start, *end;
	char run[256];

	/* The name follows "ok K " or "not ok K ", up to any " # SKIP". */
	name = strchr(result + (result[0] == 'n' ? 7 : 3), ' ') + 1;
	snprintf(run, sizeof(run), "# RUN %.*s\n",
		 (int)strcspn(name, " "), name);
	start = strstr(out, run);
	if (!start || (start != out && start[-1] != '\n'))
		return strdup("");
	for (end = start; *end; end = strchrnul(end, '\n') + 1) {
		if (!strncmp(end, result, strlen(result)) &&
		    (end[strlen(result)] == '\n' || !end[strlen(result)]))
			return strndup(start, strchrnul(end, '\n') - start);
		if (!*strchrnul(end, '\n'))
			break;
	}
	return strdup("");
}

/* Checks common to each sample test: its lines, ending with its result. */
#define SAMPLE_BLOCK(k, block) do {					\
	const char *out_ = sample_output();				\
									\
	ASSERT_NE(NULL, out_);						\
	block = sample_block(out_, k);					\
	ASSERT_NE(NULL, block);						\
	ASSERT_NE(0, strlen(block))					\
		show("sample output (no block for this test)", out_);	\
} while (0)

/* ---- The sample's report ---- */

TEST_TIMEOUT(sample_exit_status, SAMPLE_TIMEOUT)
{
	const char *out = sample_output();

	ASSERT_NE(NULL, out);
	EXPECT_FALSE(sample->truncated);
	ASSERT_TRUE(WIFEXITED(sample->status))
		TH_LOG("sample killed by signal %d", WTERMSIG(sample->status));
	/* Exit status 1: at least one test failed. */
	EXPECT_EQ(1, WEXITSTATUS(sample->status));
	/* One 1 s timeout; everything else is quick. */
	EXPECT_GT(4000, (int)(sample->seconds * 1000))
		TH_LOG("sample took %.1f s", sample->seconds);
}

/*
 * Every line that is not a diagnostic, exactly and in order: header, plan,
 * one result per test, totals last. Nothing else (stray stderr output
 * included) may appear.
 */
struct tap_lines {
	unsigned int n;
	const char *want[SAMPLE_COUNT + 3];
	int bad;
};

static int tap_line(const char *line, size_t len, void *arg)
{
	struct tap_lines *t = arg;

	if (len >= 2 && !memcmp(line, "# ", 2) && !line_is(line, len,
							(void *)SAMPLE_TOTALS))
		return 0;
	if (t->n >= sizeof(t->want) / sizeof(t->want[0]) ||
	    !line_is(line, len, (void *)t->want[t->n])) {
		TH_LOG("unexpected line %u of TAP: \"%.*s\"", t->n + 1,
		       (int)len, line);
		t->bad = 1;
		return 1;
	}
	t->n++;
	return 0;
}

TEST_TIMEOUT(sample_tap_lines, SAMPLE_TIMEOUT)
{
	static const char head[] = "TAP version 13\n" SAMPLE_PLAN "\n";
	static const char tail[] = "\n" SAMPLE_TOTALS "\n";
	struct tap_lines t = { 0 };
	const char *out = sample_output();
	int shown = 0;
	unsigned int i;

	ASSERT_NE(NULL, out);
	t.want[0] = "TAP version 13";
	t.want[1] = SAMPLE_PLAN;
	for (i = 0; i < SAMPLE_COUNT; i++)
		t.want[2 + i] = sample_results[i];
	t.want[2 + SAMPLE_COUNT] = SAMPLE_TOTALS;

	/* The header first, the plan right after it. */
	EXPECT_EQ(0, strncmp(out, head, strlen(head)))
		show_once(&shown, out);
	each_line(out, tap_line, &t);
	EXPECT_FALSE(t.bad)
		show_once(&shown, out);
	EXPECT_EQ(SAMPLE_COUNT + 3, t.n)
		show_once(&shown, out);
	/* The totals are the very last line. */
	EXPECT_TRUE(sample->len >= strlen(tail) &&
		    !strcmp(out + sample->len - strlen(tail), tail))
		show_once(&shown, out);
}

TEST_TIMEOUT(sample_pass, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(1, b);
	EXPECT_TRUE(has_line(b, "ok 1 passes")) show("block", b);
	EXPECT_TRUE(has_diag(b, "passes: passes ran to its end"))
		show("block", b);
	EXPECT_FALSE(mentions(b, "Expected")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_failed_assert, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(2, b);
	EXPECT_TRUE(has_line(b, "not ok 2 assert_fails")) show("block", b);
	/* Both expressions and values; -1 stays -1 next to a size_t. */
	EXPECT_TRUE(has_diag(b, "assert_fails: Expected -1 (-1) == len (3)"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "assert_fails: assert handler ran"))
		show("block", b);
	/* ASSERT stopped the test. */
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_failed_expect_continues, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(3, b);
	EXPECT_TRUE(has_line(b, "not ok 3 expect_fails_and_continues"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "expect_fails_and_continues: "
			     "Expected 5 (5) == seen (4)"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "expect_fails_and_continues: "
			     "Expected \"ipc\" (\"ipc\") == name (\"wall\")"))
		show("block", b);
	/* The test went on past both failures. */
	EXPECT_TRUE(has_diag(b, "expect_fails_and_continues: "
			     "still running after two failed EXPECTs"))
		show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_skip_with_reason, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(4, b);
	EXPECT_TRUE(has_line(b, "ok 4 skips_with_reason # SKIP "
			     "not supported here (42)"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "skips_with_reason: "
			     "SKIP: not supported here (42)"))
		show("block", b);
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_timeout, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(5, b);
	EXPECT_TRUE(has_line(b, "not ok 5 times_out")) show("block", b);
	EXPECT_TRUE(has_diag(b, "times_out: sleeping past the timeout"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "times_out: "
			     "Test terminated by timeout after 1 s"))
		show("block", b);
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_crash, SAMPLE_TIMEOUT)
{
	char want[128];
	char *b;

	SAMPLE_BLOCK(6, b);
	snprintf(want, sizeof(want),
		 "crashes: Test terminated unexpectedly by signal %d (%s)",
		 SIGSEGV, strsignal(SIGSEGV));
	EXPECT_TRUE(has_line(b, "not ok 6 crashes")) show("block", b);
	EXPECT_TRUE(has_diag(b, "crashes: raising SIGSEGV")) show("block", b);
	EXPECT_TRUE(has_diag(b, want)) show("block", b);
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_failed_setup_skips_teardown, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(7, b);
	EXPECT_TRUE(has_line(b, "not ok 7 setup_fails.never_runs"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "setup_fails.never_runs: "
			     "Expected self->ready (0) to be true"))
		show("block", b);
	/* Neither the rest of setup, the body, nor the teardown ran. */
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	EXPECT_FALSE(mentions(b, "teardown ran")) show("block", b);
	free(b);
}

TEST_TIMEOUT(sample_failed_body_runs_teardown, SAMPLE_TIMEOUT)
{
	char *b;

	SAMPLE_BLOCK(8, b);
	EXPECT_TRUE(has_line(b, "not ok 8 body_fails.asserts"))
		show("block", b);
	EXPECT_TRUE(has_diag(b, "body_fails.asserts: "
			     "Expected 43 (43) == self->value (42)"))
		show("block", b);
	EXPECT_FALSE(mentions(b, "not reached")) show("block", b);
	/* Teardown ran after the failed ASSERT, with the body's state. */
	EXPECT_TRUE(has_diag(b, "body_fails.asserts: "
			     "teardown ran with value 42"))
		show("block", b);
	free(b);
}

TEST_HARNESS_MAIN
