/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - a small TAP test harness for the ipcwall selftests.
 *
 * Usage
 * -----
 *	#include "harness.h"
 *
 *	TEST(addition)
 *	{
 *		ASSERT_EQ(4, 2 + 2);
 *	}
 *
 *	FIXTURE(sock) {
 *		int fd;
 *	};
 *	FIXTURE_SETUP(sock) { self->fd = socket(...); ASSERT_LE(0, self->fd); }
 *	FIXTURE_TEARDOWN(sock) { close(self->fd); }
 *	TEST_F(sock, sends) { ... self->fd ... }
 *
 *	TEST_HARNESS_MAIN
 *
 * Every test runs in its own forked child, in its own process group, with
 * a timeout (TEST_HARNESS_TIMEOUT seconds unless TEST_TIMEOUT() or
 * TEST_F_TIMEOUT() says otherwise). On timeout the whole process group is
 * killed and the test fails; a test killed by any other signal fails with
 * that signal named. Tests run in the order they appear in the file.
 *
 * Checks: ASSERT_* records the failure and stops the test (the fixture
 * teardown still runs when setup had completed); EXPECT_* records the
 * failure and goes on. Both print the two expressions and their values.
 * Either can be followed by a statement that runs only on failure:
 *
 *	ASSERT_EQ(0, ret) TH_LOG("errno: %s", strerror(errno));
 *
 * Checks also work in processes a test forks: the failure is recorded in
 * memory shared with the harness, and a failed ASSERT_* there exits that
 * process (it must not run the test's remaining code or its teardown).
 *
 * SKIP(statement, fmt, ...) marks the test skipped with a reason, then runs
 * statement (usually "return"). A skipped test that also failed a check is
 * reported as failed. SKIP() in a fixture setup skips the test body.
 *
 * Output is TAP version 13, diagnostics as "# " lines on stdout, ending with
 * "# Totals: pass:P fail:F skip:S"; the exit status is 0 iff no test failed.
 * Command line: no argument runs every test; "-l" lists the tests; any other
 * arguments are test names ("name", "fixture.name" or "fixture") to run.
 *
 * Include this header from exactly one translation unit of a test program:
 * its state is static.
 */
#ifndef IPCWALL_SELFTESTS_HARNESS_H
#define IPCWALL_SELFTESTS_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TEST_HARNESS_TIMEOUT
#define TEST_HARNESS_TIMEOUT 30
#endif

#define __TH_UNUSED __attribute__((unused))

struct __th_test {
	const char *name;	/* as printed: "name" or "fixture.name" */
	const char *fixture;	/* NULL for TEST() */
	const char *file;
	int line;
	unsigned int timeout;	/* seconds */
	size_t self_size;
	void (*setup)(void *self);
	void (*body)(void *self);
	void (*teardown)(void *self);
	struct __th_test *next;
};

/* Lives in a MAP_SHARED page so forked descendants of a test report too. */
struct __th_result {
	int failed;
	int skipped;
	char reason[512];
};

enum __th_phase { __TH_SETUP, __TH_BODY, __TH_TEARDOWN };

static struct __th_test *__th_head, *__th_tail;
static unsigned int __th_count;
static const struct __th_test *__th_current;
static struct __th_result *__th_result;
static pid_t __th_test_pid;
static sigjmp_buf __th_jmp;
static volatile sig_atomic_t __th_timed_out;
static volatile pid_t __th_child;

static void __TH_UNUSED __th_register(struct __th_test *t)
{
	if (__th_tail)
		__th_tail->next = t;
	else
		__th_head = t;
	__th_tail = t;
	__th_count++;
}

/* ---- Logging ---- */

static void __attribute__((format(printf, 3, 4), unused))
__th_log(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d:%s: ", file, line,
	       __th_current ? __th_current->name : "global");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define TH_LOG(fmt, ...) __th_log(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* ---- Failing, bailing and skipping ---- */

static void __TH_UNUSED __th_fail(void)
{
	if (!__th_result) {
		/* A check outside any test: nothing to record it in. */
		fflush(stdout);
		abort();
	}
	__th_result->failed = 1;
}

/*
 * Called after a failed check and its optional handler statement. An
 * ASSERT stops the test: in the test process, jump back to the runner; in
 * a process the test forked, exit it.
 */
static int __TH_UNUSED __th_bail(int is_assert)
{
	if (!is_assert)
		return 0;
	fflush(stdout);
	fflush(stderr);
	if (getpid() != __th_test_pid)
		_exit(1);
	siglongjmp(__th_jmp, 1);
}

static void __attribute__((format(printf, 3, 4), unused))
__th_skip(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *nl;

	if (!__th_result)
		return;
	va_start(ap, fmt);
	vsnprintf(__th_result->reason, sizeof(__th_result->reason), fmt, ap);
	va_end(ap);
	/* The reason goes on the TAP line: keep it on one line. */
	while ((nl = strchr(__th_result->reason, '\n')))
		*nl = ' ';
	__th_result->skipped = 1;
	__th_log(file, line, "SKIP: %s", __th_result->reason);
}

#define SKIP(statement, fmt, ...) do {					\
	__th_skip(__FILE__, __LINE__, fmt, ##__VA_ARGS__);		\
	statement;							\
} while (0)

/* ---- Integer comparisons ---- */

/*
 * Values are carried as their bit pattern plus a signedness flag, then
 * compared with their mathematical values, so that mixing int and size_t
 * neither warns nor lies. Pointers compare as unsigned addresses.
 */
#define __th_is_signed(v) _Generic((v),					\
	char: CHAR_MIN < 0, signed char: 1, short: 1, int: 1,		\
	long: 1, long long: 1, default: 0)

enum __th_op { __TH_EQ, __TH_NE, __TH_LT, __TH_LE, __TH_GT, __TH_GE };

static int __TH_UNUSED __th_cmp3(int es, unsigned long long e,
				 int ss, unsigned long long s)
{
	if (es && ss)
		return (long long)e < (long long)s ? -1 :
		       (long long)e > (long long)s;
	if (es && (long long)e < 0)
		return -1;
	if (ss && (long long)s < 0)
		return 1;
	return e < s ? -1 : e > s;
}

static const char *__th_op_str[] = { "==", "!=", "<", "<=", ">", ">=" };

static void __TH_UNUSED __th_print_val(int sign, unsigned long long v)
{
	if (sign || v <= LLONG_MAX)
		printf("%lld", (long long)v);
	else
		printf("%llu", v);
}

/* Returns 1 when the check failed (and has been reported). */
static int __TH_UNUSED __th_check(const char *file, int line, enum __th_op op,
				  const char *estr, int es, unsigned long long e,
				  const char *sstr, int ss, unsigned long long s)
{
	int c = __th_cmp3(es, e, ss, s);
	int ok;

	switch (op) {
	case __TH_EQ: ok = c == 0; break;
	case __TH_NE: ok = c != 0; break;
	case __TH_LT: ok = c < 0; break;
	case __TH_LE: ok = c <= 0; break;
	case __TH_GT: ok = c > 0; break;
	default:      ok = c >= 0; break;
	}
	if (ok)
		return 0;
	printf("# %s:%d:%s: Expected %s (", file, line,
	       __th_current ? __th_current->name : "global", estr);
	__th_print_val(es, e);
	printf(") %s %s (", __th_op_str[op], sstr);
	__th_print_val(ss, s);
	printf(")\n");
	fflush(stdout);
	__th_fail();
	return 1;
}

static int __TH_UNUSED __th_check_bool(const char *file, int line, int want,
				       const char *str, int sign,
				       unsigned long long v)
{
	if (!!v == want)
		return 0;
	printf("# %s:%d:%s: Expected %s (", file, line,
	       __th_current ? __th_current->name : "global", str);
	__th_print_val(sign, v);
	printf(") to be %s\n", want ? "true" : "false");
	fflush(stdout);
	__th_fail();
	return 1;
}

static int __TH_UNUSED __th_check_str(const char *file, int line, int want_eq,
				      const char *estr, const char *e,
				      const char *sstr, const char *s)
{
	int eq = (e && s) ? strcmp(e, s) == 0 : e == s;

	if (eq == want_eq)
		return 0;
	printf("# %s:%d:%s: Expected %s (", file, line,
	       __th_current ? __th_current->name : "global", estr);
	printf(e ? "\"%s\"" : "%s", e ? e : "NULL");
	printf(") %s %s (", want_eq ? "==" : "!=", sstr);
	printf(s ? "\"%s\"" : "%s", s ? s : "NULL");
	printf(")\n");
	fflush(stdout);
	__th_fail();
	return 1;
}

/*
 * Each check is one "for" statement: the check runs in the init clause, the
 * body is whatever statement follows the macro (";" or a handler), and the
 * increment bails out. It can therefore stand alone under if/else.
 */
#define __TH_CMP(op, expected, seen, is_assert)				\
	for (int __th_t = ({						\
		__typeof__(expected) __th_e = (expected);		\
		__typeof__(seen) __th_s = (seen);			\
		__th_check(__FILE__, __LINE__, op,			\
			   #expected, __th_is_signed(__th_e),		\
			   (unsigned long long)__th_e,			\
			   #seen, __th_is_signed(__th_s),		\
			   (unsigned long long)__th_s);			\
	     }); __th_t; __th_t = __th_bail(is_assert))

#define __TH_BOOL(want, seen, is_assert)				\
	for (int __th_t = ({						\
		__typeof__(seen) __th_s = (seen);			\
		__th_check_bool(__FILE__, __LINE__, want, #seen,	\
				__th_is_signed(__th_s),			\
				(unsigned long long)__th_s);		\
	     }); __th_t; __th_t = __th_bail(is_assert))

#define __TH_STR(want_eq, expected, seen, is_assert)			\
	for (int __th_t = __th_check_str(__FILE__, __LINE__, want_eq,	\
					 #expected, (expected),		\
					 #seen, (seen));		\
	     __th_t; __th_t = __th_bail(is_assert))

#define ASSERT_EQ(expected, seen) __TH_CMP(__TH_EQ, expected, seen, 1)
#define ASSERT_NE(expected, seen) __TH_CMP(__TH_NE, expected, seen, 1)
#define ASSERT_LT(expected, seen) __TH_CMP(__TH_LT, expected, seen, 1)
#define ASSERT_LE(expected, seen) __TH_CMP(__TH_LE, expected, seen, 1)
#define ASSERT_GT(expected, seen) __TH_CMP(__TH_GT, expected, seen, 1)
#define ASSERT_GE(expected, seen) __TH_CMP(__TH_GE, expected, seen, 1)
#define ASSERT_TRUE(seen) __TH_BOOL(1, seen, 1)
#define ASSERT_FALSE(seen) __TH_BOOL(0, seen, 1)
#define ASSERT_STREQ(expected, seen) __TH_STR(1, expected, seen, 1)
#define ASSERT_STRNE(expected, seen) __TH_STR(0, expected, seen, 1)

#define EXPECT_EQ(expected, seen) __TH_CMP(__TH_EQ, expected, seen, 0)
#define EXPECT_NE(expected, seen) __TH_CMP(__TH_NE, expected, seen, 0)
#define EXPECT_LT(expected, seen) __TH_CMP(__TH_LT, expected, seen, 0)
#define EXPECT_LE(expected, seen) __TH_CMP(__TH_LE, expected, seen, 0)
#define EXPECT_GT(expected, seen) __TH_CMP(__TH_GT, expected, seen, 0)
#define EXPECT_GE(expected, seen) __TH_CMP(__TH_GE, expected, seen, 0)
#define EXPECT_TRUE(seen) __TH_BOOL(1, seen, 0)
#define EXPECT_FALSE(seen) __TH_BOOL(0, seen, 0)
#define EXPECT_STREQ(expected, seen) __TH_STR(1, expected, seen, 0)
#define EXPECT_STRNE(expected, seen) __TH_STR(0, expected, seen, 0)

/* ---- Declaring tests ---- */

#define __TH_DEFINE(id, printed, fix, tmo, size, su, fn, td)		\
	static struct __th_test __th_obj_##id = {			\
		.name = printed, .fixture = fix,			\
		.file = __FILE__, .line = __LINE__,			\
		.timeout = tmo, .self_size = size,			\
		.setup = su, .body = fn, .teardown = td,		\
	};								\
	static void __attribute__((constructor)) __th_reg_##id(void)	\
	{								\
		__th_register(&__th_obj_##id);				\
	}

#define TEST(name) TEST_TIMEOUT(name, TEST_HARNESS_TIMEOUT)

#define TEST_TIMEOUT(name, seconds)					\
	static void __th_fn_##name(void);				\
	static void __th_body_##name(void *self __TH_UNUSED)		\
	{								\
		__th_fn_##name();					\
	}								\
	__TH_DEFINE(name, #name, NULL, seconds, 0, NULL,		\
		    __th_body_##name, NULL)				\
	static void __th_fn_##name(void)

#define FIXTURE_DATA(name) struct __th_fixture_##name

/* FIXTURE(name) { members }; -- both FIXTURE_SETUP and _TEARDOWN must follow. */
#define FIXTURE(name)							\
	FIXTURE_DATA(name);						\
	static void __th_setup_##name(FIXTURE_DATA(name) *self);	\
	static void __th_teardown_##name(FIXTURE_DATA(name) *self);	\
	static void __TH_UNUSED __th_setup_v_##name(void *self)		\
	{								\
		__th_setup_##name(self);				\
	}								\
	static void __TH_UNUSED __th_teardown_v_##name(void *self)	\
	{								\
		__th_teardown_##name(self);				\
	}								\
	FIXTURE_DATA(name)

#define FIXTURE_SETUP(name)						\
	static void __th_setup_##name(FIXTURE_DATA(name) *self __TH_UNUSED)

#define FIXTURE_TEARDOWN(name)						\
	static void __th_teardown_##name(FIXTURE_DATA(name) *self __TH_UNUSED)

#define TEST_F(fixture, name)						\
	TEST_F_TIMEOUT(fixture, name, TEST_HARNESS_TIMEOUT)

#define TEST_F_TIMEOUT(fixture, name, seconds)				\
	static void __th_fn_##fixture##_##name(FIXTURE_DATA(fixture) *);\
	static void __th_body_##fixture##_##name(void *self)		\
	{								\
		__th_fn_##fixture##_##name(self);			\
	}								\
	__TH_DEFINE(fixture##_##name, #fixture "." #name, #fixture,	\
		    seconds, sizeof(FIXTURE_DATA(fixture)),		\
		    __th_setup_v_##fixture,				\
		    __th_body_##fixture##_##name,			\
		    __th_teardown_v_##fixture)				\
	static void __th_fn_##fixture##_##name(				\
		FIXTURE_DATA(fixture) *self __TH_UNUSED)

/* ---- Running ---- */

static void __TH_UNUSED __th_on_alarm(int sig)
{
	(void)sig;
	__th_timed_out = 1;
	if (__th_child > 0) {
		kill(-__th_child, SIGKILL);
		kill(__th_child, SIGKILL);
	}
}

/* In the forked child: setup, body, teardown; never returns. */
static void __TH_UNUSED __th_child_run(const struct __th_test *t)
{
	volatile int setup_done = 0;
	void *volatile self = NULL;

	setpgid(0, 0);
	/* A harness killed from outside must not leave its test running. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	__th_test_pid = getpid();
	if (t->self_size) {
		self = calloc(1, t->self_size);
		if (!self) {
			__th_log(t->file, t->line,
				 "cannot allocate the fixture");
			__th_fail();
			_exit(0);
		}
	}
	if (sigsetjmp(__th_jmp, 1) == 0) {
		if (t->setup)
			t->setup(self);
		setup_done = 1;
		if (!__th_result->failed && !__th_result->skipped)
			t->body(self);
	}
	if (setup_done && t->teardown && sigsetjmp(__th_jmp, 1) == 0)
		t->teardown(self);
	fflush(stdout);
	fflush(stderr);
	_exit(0);
}

/* Returns 0 pass, 1 fail, 2 skip; *reason is set for a skip. */
static int __TH_UNUSED __th_run_one(const struct __th_test *t,
				    const char **reason)
{
	struct sigaction sa, old;
	int status = 0;
	pid_t pid, w;

	memset(__th_result, 0, sizeof(*__th_result));
	__th_current = t;
	__th_timed_out = 0;
	fflush(stdout);
	fflush(stderr);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = __th_on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);

	pid = fork();
	if (pid < 0) {
		__th_log(t->file, t->line, "fork: %s", strerror(errno));
		__th_current = NULL;
		return 1;
	}
	if (pid == 0) {
		sigaction(SIGALRM, &old, NULL);
		__th_child_run(t);
	}
	setpgid(pid, pid);	/* also done by the child: whoever runs first */
	__th_child = pid;
	alarm(t->timeout);
	do {
		w = waitpid(pid, &status, 0);
	} while (w < 0 && errno == EINTR);
	alarm(0);
	__th_child = 0;
	sigaction(SIGALRM, &old, NULL);
	/* Leave no stray process of this test behind. */
	kill(-pid, SIGKILL);

	*reason = NULL;
	if (w < 0) {
		__th_log(t->file, t->line, "waitpid: %s", strerror(errno));
		status = 1;
	} else if (__th_timed_out) {
		__th_log(t->file, t->line,
			 "Test terminated by timeout after %u s", t->timeout);
		status = 1;
	} else if (WIFSIGNALED(status)) {
		__th_log(t->file, t->line,
			 "Test terminated unexpectedly by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
		status = 1;
	} else if (WIFEXITED(status) && WEXITSTATUS(status)) {
		__th_log(t->file, t->line, "Test exited with status %d",
			 WEXITSTATUS(status));
		status = 1;
	} else if (__th_result->failed) {
		status = 1;
	} else if (__th_result->skipped) {
		*reason = __th_result->reason;
		status = 2;
	}
	__th_current = NULL;
	return status;
}

static bool __TH_UNUSED __th_selected(const struct __th_test *t,
				      int argc, char **argv)
{
	const char *dot;
	int i;

	if (argc <= 1)
		return true;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], t->name))
			return true;
		if (t->fixture && !strcmp(argv[i], t->fixture))
			return true;
		dot = strchr(t->name, '.');
		if (dot && !strcmp(argv[i], dot + 1))
			return true;
	}
	return false;
}

/*
 * Constructors within a file normally run in definition order, but that is
 * the toolchain's choice: sort by file of first registration, then line.
 */
static struct __th_test ** __TH_UNUSED __th_sorted(void)
{
	struct __th_test **v, *t;
	unsigned int i, j, n = 0;

	v = calloc(__th_count + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (t = __th_head; t; t = t->next)
		v[n++] = t;
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0; j--) {
			if (strcmp(v[j - 1]->file, t->file) ||
			    v[j - 1]->line < t->line)
				break;
			v[j] = v[j - 1];
		}
		v[j] = t;
	}
	return v;
}

static int __TH_UNUSED __th_main(int argc, char **argv)
{
	unsigned int i, n = 0, k = 0, pass = 0, fail = 0, skip = 0;
	struct __th_test **v;
	const char *reason;

	setvbuf(stdout, NULL, _IOLBF, 0);
	v = __th_sorted();
	if (!v) {
		printf("Bail out! out of memory\n");
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (i = 0; i < __th_count; i++)
			printf("%s\n", v[i]->name);
		return 0;
	}
	for (i = 0; i < __th_count; i++)
		n += __th_selected(v[i], argc, argv);
	if (argc > 1 && !n) {
		fprintf(stderr, "no test matches; -l lists them\n");
		return 1;
	}
	__th_result = mmap(NULL, sizeof(*__th_result), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (__th_result == MAP_FAILED) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		return 1;
	}

	printf("TAP version 13\n");
	printf("1..%u\n", n);
	for (i = 0; i < __th_count; i++) {
		if (!__th_selected(v[i], argc, argv))
			continue;
		k++;
		printf("# RUN %s\n", v[i]->name);
		switch (__th_run_one(v[i], &reason)) {
		case 0:
			pass++;
			printf("ok %u %s\n", k, v[i]->name);
			break;
		case 2:
			skip++;
			printf("ok %u %s # SKIP %s\n", k, v[i]->name, reason);
			break;
		default:
			fail++;
			printf("not ok %u %s\n", k, v[i]->name);
			break;
		}
		fflush(stdout);
	}
	printf("# Totals: pass:%u fail:%u skip:%u\n", pass, fail, skip);
	fflush(stdout);
	free(v);
	return fail ? 1 : 0;
}

#define TEST_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		return __th_main(argc, argv);				\
	}

#endif /* IPCWALL_SELFTESTS_HARNESS_H */
