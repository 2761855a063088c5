/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiled policies built in C, straight from the uapi structs, so that a
 * test states exactly the bytes the module receives: valid ones for the
 * decision tests, and valid ones then broken byte by byte (through the
 * accessors at the end) for the validation tests.
 *
 * A builder collects the entries of each section. Groups come in order:
 * pb_group() opens a group, and every selector, launch uid and rule added
 * after it belongs to it, so the ranges of the groups are contiguous by
 * construction. Strings, refs and ids are appended where asked and named by
 * the index or reference returned. pb_build() lays the sections out as the
 * uapi header prescribes (each at the next multiple of 8, padding zero) and
 * returns the policy in one allocation.
 *
 * Allocation failures are sticky: the builder remembers one and pb_build()
 * then returns NULL, so the calls in between need no checks. Pointers
 * returned by pb_rule() and pb_selector() are valid until the next call
 * that adds to the same section.
 */
#ifndef IPCWALL_SELFTESTS_POLICY_BLOB_H
#define IPCWALL_SELFTESTS_POLICY_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipcwall.h"

struct pb_array {
	void *data;
	size_t count;		/* entries */
	size_t cap;		/* entries allocated */
	size_t size;		/* of one entry */
};

struct policy_blob {
	struct pb_array strings;	/* bytes */
	struct pb_array groups;
	struct pb_array selectors;
	struct pb_array refs;
	struct pb_array ids;
	struct pb_array rules;
	bool failed;			/* an allocation failed */
};

void pb_init(struct policy_blob *pb);
void pb_free(struct policy_blob *pb);

/* Appends a string (and its NUL); returns its reference. */
uint32_t pb_string(struct policy_blob *pb, const char *s);
/* Appends len bytes of c and a NUL: a long string without building it. */
uint32_t pb_string_fill(struct policy_blob *pb, char c, size_t len);
/* Appends one entry to IPCWALL_SECTION_REFS / _IDS; returns its index. */
uint32_t pb_ref(struct policy_blob *pb, uint32_t string);
uint32_t pb_id(struct policy_blob *pb, uint32_t id);

/*
 * Opens a group: enum ipcwall_mode, enum ipcwall_action defaults. Returns
 * its index. The description is left 0 (none).
 */
uint32_t pb_group(struct policy_blob *pb, const char *name, uint8_t mode,
		  uint8_t default_inbound, uint8_t default_outbound);
/* The group opened last, to adjust a field; valid until pb_group(). */
struct ipcwall_policy_group *pb_current_group(struct policy_blob *pb);
/* Adds a launch uid to the group opened last. */
void pb_launch(struct policy_blob *pb, uint32_t uid);

/* Adds a zeroed selector to the group opened last. */
struct ipcwall_policy_selector *pb_selector(struct policy_blob *pb);
/* Adds a selector with one exe glob to the group opened last. */
void pb_exe_selector(struct policy_blob *pb, const char *glob);

/*
 * Adds a rule to the group opened last with these fields set and every
 * other field zero; the helpers below also set what their object needs.
 */
struct ipcwall_policy_rule *pb_rule(struct policy_blob *pb, uint8_t class,
				    uint8_t action, uint8_t direction,
				    uint8_t object, uint32_t ops);
struct ipcwall_policy_rule *pb_peer_rule(struct policy_blob *pb,
					 uint8_t class, uint8_t action,
					 uint8_t direction, uint32_t ops,
					 uint32_t peer);
/* Signals first..last (0 to IPCWALL_SIGNAL_MAX). */
struct ipcwall_policy_rule *pb_signal_rule(struct policy_blob *pb,
					   uint8_t action, uint8_t direction,
					   uint32_t peer, unsigned int first,
					   unsigned int last);
/* An outbound PATH rule. */
struct ipcwall_policy_rule *pb_path_rule(struct policy_blob *pb,
					 uint8_t class, uint8_t action,
					 uint32_t ops, const char *glob);
/* An outbound KEY rule. */
struct ipcwall_policy_rule *pb_key_rule(struct policy_blob *pb,
					uint8_t class, uint8_t action,
					uint32_t ops, uint32_t key);
/*
 * An outbound INET rule: family IPCWALL_INET4 or _INET6 with addr (4 or
 * 16 bytes, network order) and prefix_len, or IPCWALL_INET_ANY and NULL.
 */
struct ipcwall_policy_rule *pb_inet_rule(struct policy_blob *pb,
					 uint8_t action, uint32_t ops,
					 uint8_t family, const void *addr,
					 uint8_t prefix_len, uint8_t protocols,
					 uint16_t port_min, uint16_t port_max);

/* The compiled policy, malloc()ed, its size in *size; NULL on ENOMEM. */
void *pb_build(struct policy_blob *pb, size_t *size);

/* Reading and breaking a built policy in place. */
struct ipcwall_policy_header *pb_header(void *blob);
void *pb_section(void *blob, enum ipcwall_section section);
struct ipcwall_policy_group *pb_blob_group(void *blob, uint32_t index);
struct ipcwall_policy_selector *pb_blob_selector(void *blob, uint32_t index);
struct ipcwall_policy_rule *pb_blob_rule(void *blob, uint32_t index);
uint32_t *pb_blob_ref(void *blob, uint32_t index);
char *pb_blob_strings(void *blob);

#endif /* IPCWALL_SELFTESTS_POLICY_BLOB_H */
