// SPDX-License-Identifier: GPL-2.0
/*
 * Memberships survive policy loads that race with forks and execs.
 *
 * A spawner process joins group "kept" (launched) and, while the test
 * reloads two policies in turn 300 times, forks children without pause:
 * half of them only wait, half execute a program that no selector names.
 * Both policies have "kept", at a different index in each, so a child is
 * in it at the end only if every load gave it a membership, whether it
 * was born before, during or after the load filled the records: a child
 * the load missed would be in no group in that policy, and the next load,
 * finding its image matches nothing and its old group unknown, would
 * leave it there.
 *
 * Runs as root with the module loaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipcwall.h"
#include "harness.h"
#include "policy_common.h"
#include "tasks_nl.h"

#define RELOADS 300
#define MAX_CHILDREN 400

struct shared {
	volatile int stop;
	volatile int joined;		/* 1 joined, -1 failed */
	volatile unsigned int children;
	pid_t pid[MAX_CHILDREN];
};

FIXTURE(reload) {
	struct policy_conn conn;
	struct shared *shared;
	void *blob[2];
	size_t size[2];
	pid_t spawner;
};

/* "kept" is group 1 of one policy and group 2 of the other. */
static void *reload_policy(int which, size_t *size)
{
	struct policy_blob pb;
	void *blob;

	pb_init(&pb);
	pb_group(&pb, "first", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/nonexistent/first");
	if (which) {
		pb_group(&pb, "second", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
			 IPCWALL_ALLOW);
		pb_exe_selector(&pb, "/nonexistent/second");
	}
	pb_group(&pb, "kept", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	blob = build(&pb, size);
	pb_free(&pb);
	return blob;
}

FIXTURE_SETUP(reload)
{
	conn_open(&self->conn);
	self->shared = mmap(NULL, sizeof(*self->shared),
			    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			    -1, 0);
	ASSERT_NE(MAP_FAILED, self->shared);
	memset(self->shared, 0, sizeof(*self->shared));
	self->blob[0] = reload_policy(0, &self->size[0]);
	self->blob[1] = reload_policy(1, &self->size[1]);
	load_ok(&self->conn, self->blob[0], self->size[0]);
	self->spawner = 0;
}

FIXTURE_TEARDOWN(reload)
{
	uint64_t generation;
	unsigned int i;

	if (self->spawner > 0) {
		self->shared->stop = 1;
		kill(self->spawner, SIGKILL);
		waitpid(self->spawner, NULL, 0);
	}
	for (i = 0; i < self->shared->children; i++) {
		kill(self->shared->pid[i], SIGKILL);
		waitpid(self->shared->pid[i], NULL, 0);
	}
	pc_unload(&self->conn, &generation);
	pc_close(&self->conn);
	free(self->blob[0]);
	free(self->blob[1]);
}

/* Children wait to be killed, as they are or after an exec. */
static void child(unsigned int n)
{
	if (n % 2)
		execl("/bin/sleep", "sleep", "1000", (char *)NULL);
	pause();
	_exit(0);
}

static void spawn_loop(struct shared *shared)
{
	struct policy_conn c;
	pid_t pid;

	if (pc_open(&c) || tn_group_join(&c, "kept", NULL)) {
		shared->joined = -1;
		_exit(1);
	}
	pc_close(&c);
	shared->joined = 1;
	while (!shared->stop && shared->children < MAX_CHILDREN) {
		pid = fork();
		if (pid < 0)
			_exit(1);
		if (pid == 0)
			child(shared->children);
		shared->pid[shared->children++] = pid;
		/* Spread the births over the loads. */
		usleep(2000);
	}
	pause();
	_exit(0);
}

TEST_F_TIMEOUT(reload, children_born_during_loads_keep_their_group, 600)
{
	unsigned int i, wrong = 0, reloads = 0, born_before, born_during;
	struct tn_task t;
	uint64_t generation;

	self->spawner = fork();
	ASSERT_LE(0, self->spawner);
	if (self->spawner == 0)
		spawn_loop(self->shared);
	while (!self->shared->joined)
		usleep(1000);
	ASSERT_EQ(1, self->shared->joined);

	born_before = self->shared->children;
	for (i = 1; i <= RELOADS; i++) {
		if (logged(&self->conn, "reload",
			   pc_load(&self->conn, self->blob[i % 2],
				   self->size[i % 2], &generation)))
			break;
		reloads++;
	}
	born_during = self->shared->children - born_before;
	self->shared->stop = 1;
	ASSERT_EQ(RELOADS, reloads);
	/* The loads raced with a good share of the children's births. */
	TH_LOG("%u children born during %u loads", born_during, reloads);
	ASSERT_LT(10, born_during);

	for (i = 0; i < self->shared->children; i++) {
		ASSERT_EQ(0, logged(&self->conn, "TASK_GET",
				    tn_task_get(&self->conn,
						self->shared->pid[i], &t)));
		if (!t.listed || strcmp(t.group, "kept") || !t.launched) {
			if (wrong++ < 5)
				TH_LOG("child %u (pid %d): listed %d, group \"%s\", launched %d",
				       i, self->shared->pid[i], t.listed,
				       t.group, t.launched);
		}
	}
	EXPECT_EQ(0, wrong);
}

TEST_HARNESS_MAIN
