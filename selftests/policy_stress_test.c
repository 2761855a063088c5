// SPDX-License-Identifier: GPL-2.0
/*
 * Atomic publication under load: one process reloads the policy 1,000
 * times, alternating two policies A and B that give opposite verdicts to
 * one interaction, while two processes hammer QUERY and one reads the
 * policy back with POLICY_GET. A is in force at the generations of the
 * same parity as its first load, B at the others, so every answer must
 * carry the verdict, and every dump the bytes, of the policy of the
 * generation it names: nothing may mix two generations.
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

#define RELOADS 1000
#define QUERIERS 2
#define PAD_RULES 600		/* about 40 KiB: a dump of two messages */

/* What the workers report, in memory shared with the test. */
struct tally {
	volatile int stop;
	struct {
		unsigned long answers;
		unsigned long wrong;	/* verdict not of its generation */
		unsigned long failed;	/* no valid answer */
		unsigned long generations;	/* distinct ones seen */
	} worker[QUERIERS + 1];		/* the last one dumps */
};

FIXTURE(stress) {
	struct policy_conn conn;
	struct tally *tally;
	void *blob[2];		/* A and B */
	size_t size[2];
	uint64_t first;		/* the generation A first loaded at */
};

/* Policy A allows "stress" to send TERM to anyone, B denies it. */
static void *stress_policy(uint8_t action, size_t *size)
{
	struct policy_blob pb;
	uint32_t path;
	unsigned int i;
	void *blob;

	pb_init(&pb);
	pb_group(&pb, "stress", IPCWALL_MODE_ENFORCE, IPCWALL_ALLOW,
		 IPCWALL_ALLOW);
	pb_exe_selector(&pb, "/usr/bin/stress");
	pb_signal_rule(&pb, action, IPCWALL_OUTBOUND, IPCWALL_PEER_ANY, 15,
		       15);
	path = pb_string(&pb, "/stress/pad");
	for (i = 0; i < PAD_RULES; i++)
		pb_rule(&pb, IPCWALL_CLASS_FILE, IPCWALL_DENY,
			IPCWALL_OUTBOUND, IPCWALL_OBJECT_PATH,
			IPCWALL_OP_FILE_READ)->string = path;
	blob = build(&pb, size);
	pb_free(&pb);
	return blob;
}

FIXTURE_SETUP(stress)
{
	conn_open(&self->conn);
	self->tally = mmap(NULL, sizeof(*self->tally),
			   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			   -1, 0);
	ASSERT_NE(MAP_FAILED, self->tally);
	memset(self->tally, 0, sizeof(*self->tally));
	self->blob[0] = stress_policy(IPCWALL_ALLOW, &self->size[0]);
	self->blob[1] = stress_policy(IPCWALL_DENY, &self->size[1]);
	self->first = load_ok(&self->conn, self->blob[0], self->size[0]);
}

FIXTURE_TEARDOWN(stress)
{
	uint64_t generation;

	pc_unload(&self->conn, &generation);
	pc_close(&self->conn);
	free(self->blob[0]);
	free(self->blob[1]);
}

/* 0 for A, 1 for B: the policy in force at this generation. */
static int which(FIXTURE_DATA(stress) *self, uint64_t generation)
{
	return (generation - self->first) % 2;
}

static void query_loop(FIXTURE_DATA(stress) *self, unsigned int n)
{
	static const uint8_t verdicts[2] = { IPCWALL_ALLOW, IPCWALL_DENY };
	struct policy_conn c;
	struct pc_query q;
	struct pc_verdict v;
	uint64_t last = 0;

	if (pc_open(&c))
		_exit(1);
	pc_query_init(&q, "stress", IPCWALL_CLASS_SIGNAL, 0);
	q.target = "unconfined";
	q.signal = 15;
	while (!self->tally->stop) {
		if (pc_query(&c, &q, &v) || v.generation < self->first) {
			self->tally->worker[n].failed++;
			continue;
		}
		self->tally->worker[n].answers++;
		if (v.verdict != verdicts[which(self, v.generation)] ||
		    !v.decided || strcmp(v.group, "stress") || !v.has_rule ||
		    v.rule != 0)
			self->tally->worker[n].wrong++;
		if (v.generation != last)
			self->tally->worker[n].generations++;
		last = v.generation;
	}
	_exit(0);
}

static void dump_loop(FIXTURE_DATA(stress) *self, unsigned int n)
{
	struct policy_conn c;
	uint64_t generation, last = 0;
	size_t size;
	void *blob;
	int p;

	if (pc_open(&c))
		_exit(1);
	while (!self->tally->stop) {
		if (pc_get(&c, &blob, &size, &generation) ||
		    generation < self->first) {
			self->tally->worker[n].failed++;
			continue;
		}
		self->tally->worker[n].answers++;
		p = which(self, generation);
		if (size != self->size[p] || memcmp(blob, self->blob[p], size))
			self->tally->worker[n].wrong++;
		free(blob);
		if (generation != last)
			self->tally->worker[n].generations++;
		last = generation;
	}
	_exit(0);
}

TEST_F_TIMEOUT(stress, reload_while_querying, 600)
{
	pid_t pids[QUERIERS + 1];
	unsigned long answers = 0;
	uint64_t generation = 0;
	unsigned int i, reloads = 0;
	int status;

	for (i = 0; i <= QUERIERS; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			if (i < QUERIERS)
				query_loop(self, i);
			dump_loop(self, i);
		}
	}

	for (i = 1; i <= RELOADS; i++) {
		int p = i % 2;
		int err = pc_load(&self->conn, self->blob[p], self->size[p],
				  &generation);

		if (err) {
			logged(&self->conn, "reload", err);
			break;
		}
		if (generation != self->first + i) {
			TH_LOG("reload %u: generation %llu, expected %llu", i,
			       (unsigned long long)generation,
			       (unsigned long long)(self->first + i));
			break;
		}
		reloads++;
	}
	self->tally->stop = 1;
	for (i = 0; i <= QUERIERS; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ASSERT_EQ(RELOADS, reloads);

	TH_LOG("reloads %u, generations %llu to %llu", reloads,
	       (unsigned long long)self->first,
	       (unsigned long long)generation);
	for (i = 0; i <= QUERIERS; i++) {
		typeof(self->tally->worker[0]) *w = &self->tally->worker[i];

		TH_LOG("%s %u: %lu answers, %lu wrong, %lu failed, %lu generations seen",
		       i < QUERIERS ? "querier" : "dumper", i, w->answers,
		       w->wrong, w->failed, w->generations);
		EXPECT_EQ(0, w->wrong);
		EXPECT_EQ(0, w->failed);
		/* Each worker ran across reloads, not before or after them. */
		EXPECT_LT(1, w->generations);
		answers += w->answers;
	}
	TH_LOG("queries and dumps: %lu", answers);
}

TEST_HARNESS_MAIN
