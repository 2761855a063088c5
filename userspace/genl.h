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

struct nl_msg;
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

/* IPCWALL_A_POLICY_GENERATION of a reply: 0, or -EBADMSG when absent. */
int ipcwall_reply_generation(struct nl_msg *reply, uint64_t *generation);

/* The pure parts, usable without a socket. */
struct nl_msg *ipcwall_genl_build(int family, uint8_t cmd);
int ipcwall_extack_parse(const void *buf, size_t len,
			 struct ipcwall_extack *ext);
int ipcwall_abi_from_message(const char *msg, unsigned int *abi);
void ipcwall_report(FILE *f, const char *what, int err,
		    const struct ipcwall_extack *ext);

#endif /* IPCWALL_GENL_H */
