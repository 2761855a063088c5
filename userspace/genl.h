/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tool's whole view of the kernel interface: open the ipcwall generic
 * netlink family (loading the module when it is absent), build a request,
 * send it and get back either the reply or the kernel's error with its
 * extended ack message.
 */
#ifndef IPCWALL_GENL_H
#define IPCWALL_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../kmod/limits.h"

struct nl_msg;
struct nlmsghdr;
struct ipcwall_genl;

/* Longer kernel messages are cut; the kernel's own are far shorter. */
#define IPCWALL_EXTACK_MSG_MAX 256

/**
 * struct ipcwall_extack - what the kernel said when it refused a request
 * @error:	positive errno from struct nlmsgerr, 0 for a plain ack
 * @has_msg:	@msg holds NLMSGERR_ATTR_MSG, NUL-terminated
 * @has_offs:	@offs holds NLMSGERR_ATTR_OFFS, the byte offset of the
 *		offending attribute from the start of our request
 * @has_miss_type: @miss_type holds NLMSGERR_ATTR_MISS_TYPE, the type of a
 *		required attribute the request lacked
 * @has_attr:	@attr is the type of the attribute @offs points at, when it
 *		lies inside the request we sent
 */
struct ipcwall_extack {
	int error;
	bool has_msg;
	char msg[IPCWALL_EXTACK_MSG_MAX];
	bool has_offs;
	uint32_t offs;
	bool has_miss_type;
	uint32_t miss_type;
	bool has_attr;
	uint16_t attr;
};

int ipcwall_genl_open(struct ipcwall_genl **gp);
/*
 * As ipcwall_genl_open(), but never loads the module: when the family is
 * missing it says "the ipcwall module is not loaded" and returns -ENOENT.
 * For what unprivileged users run, who could not load it anyway.
 */
int ipcwall_genl_open_loaded(struct ipcwall_genl **gp);
void ipcwall_genl_close(struct ipcwall_genl *g);
struct nl_msg *ipcwall_genl_request(struct ipcwall_genl *g, uint8_t cmd);
int ipcwall_genl_call(struct ipcwall_genl *g, struct nl_msg *req,
		      struct nl_msg **reply, struct ipcwall_extack *ext);

/*
 * Loads a compiled policy in one transaction on @g's socket: BEGIN, the
 * policy in IPCWALL_POLICY_CHUNK_MAX chunks, COMMIT. Returns 0 and the
 * generation now in force, or a negative errno with the kernel's extended
 * ack in @ext and *@what naming the step that failed, for
 * ipcwall_report(). A failed step aborts the transaction in the module.
 */
int ipcwall_genl_policy_load(struct ipcwall_genl *g, const void *buf,
			     size_t len, uint64_t *generation,
			     struct ipcwall_extack *ext, const char **what);

/*
 * Reads the policy in force back (the IPCWALL_CMD_POLICY_GET dump),
 * checking that its messages cover it once, in order, all of one
 * generation. Returns 0 with *@buf (malloc()ed) of *@len bytes, or a
 * negative errno: the kernel's (-ENOENT when no policy is loaded) with
 * @ext, or -EBADMSG after writing why into @why.
 */
int ipcwall_genl_policy_get(struct ipcwall_genl *g, void **buf, size_t *len,
			    uint64_t *generation, struct ipcwall_extack *ext,
			    char *why, size_t whylen);
/*
 * ipcwall_genl_policy_get() for commands: every failure but -ENOENT (no
 * policy is loaded, which each command words its own way) is reported on
 * stderr.
 */
int ipcwall_genl_policy_read(struct ipcwall_genl *g, void **buf, size_t *len,
			     uint64_t *generation);

/**
 * struct ipcwall_task - one process of the IPCWALL_CMD_TASK_GET dump
 * @pid:	its pid (tgid) in the initial pid namespace
 * @has_group:	it is in group @group; otherwise in none (unconfined)
 * @launched:	it is in its group by IPCWALL_CMD_GROUP_JOIN (`ipcwall run')
 * @group:	the group's name, NUL-terminated, when @has_group
 */
struct ipcwall_task {
	uint32_t pid;
	bool has_group;
	bool launched;
	char group[IPCWALL_MAX_GROUP_NAME];
};

/**
 * struct ipcwall_tasks - every process, as one TASK_GET dump listed them
 * @tasks:	@n entries in increasing pid order; malloc()ed
 * @generation:	the policy the memberships belong to, once @started
 * @started:	a message was read
 */
struct ipcwall_tasks {
	struct ipcwall_task *tasks;
	size_t n, cap;
	uint64_t generation;
	bool started;
};

/* Dumps tried before a policy changing during each is reported. */
#define IPCWALL_TASK_GET_TRIES 5

/*
 * Lists every process and its group (the IPCWALL_CMD_TASK_GET dump) into
 * @t, emptied first, all of one generation: a dump during which a policy
 * was loaded is read to its end and done again, up to
 * IPCWALL_TASK_GET_TRIES times. Returns 0, or a negative errno: the
 * kernel's with @ext, -EAGAIN when the policy changed during every try,
 * or -EBADMSG after writing why into @why.
 */
int ipcwall_genl_task_get(struct ipcwall_genl *g, struct ipcwall_tasks *t,
			  struct ipcwall_extack *ext, char *why, size_t whylen);
void ipcwall_tasks_free(struct ipcwall_tasks *t);

/*
 * Moves the calling process into @group of the policy in force, for good
 * (IPCWALL_CMD_GROUP_JOIN). Returns 0 and the policy's generation, or the
 * kernel's negative errno with its extended ack in @ext.
 */
int ipcwall_genl_group_join(struct ipcwall_genl *g, const char *group,
			    uint64_t *generation, struct ipcwall_extack *ext);

/* IPCWALL_A_POLICY_GENERATION of a reply: 0, or -EBADMSG when absent. */
int ipcwall_reply_generation(struct nl_msg *reply, uint64_t *generation);

/* The pure parts, usable without a socket. */
struct nl_msg *ipcwall_genl_build(int family, uint8_t cmd);
int ipcwall_extack_parse(const void *buf, size_t len,
			 struct ipcwall_extack *ext);
int ipcwall_abi_from_message(const char *msg, unsigned int *abi);
void ipcwall_report(FILE *f, const char *what, int err,
		    const struct ipcwall_extack *ext);
/*
 * Adds the processes of one TASK_GET message to @t. Returns 0; -EAGAIN
 * when the message is of another generation than those before it (@t is
 * then unchanged); -ENOMEM; or -EBADMSG after writing why into @why.
 */
int ipcwall_tasks_parse(const struct nlmsghdr *nlh, struct ipcwall_tasks *t,
			char *why, size_t whylen);

#endif /* IPCWALL_GENL_H */
