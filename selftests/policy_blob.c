// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled policies built from the uapi structs; see policy_blob.h.
 */
#include <stdlib.h>
#include <string.h>

#include "policy_blob.h"

static void array_init(struct pb_array *a, size_t size)
{
	memset(a, 0, sizeof(*a));
	a->size = size;
}

/* Room for n more entries, zeroed; NULL (and pb->failed) on ENOMEM. */
static void *array_add(struct policy_blob *pb, struct pb_array *a, size_t n)
{
	void *p;

	if (pb->failed)
		return NULL;
	if (a->count + n > a->cap) {
		size_t cap = a->cap ? a->cap : 16;

		while (cap < a->count + n)
			cap *= 2;
		p = realloc(a->data, cap * a->size);
		if (!p) {
			pb->failed = true;
			return NULL;
		}
		a->data = p;
		a->cap = cap;
	}
	p = (char *)a->data + a->count * a->size;
	memset(p, 0, n * a->size);
	a->count += n;
	return p;
}

void pb_init(struct policy_blob *pb)
{
	memset(pb, 0, sizeof(*pb));
	array_init(&pb->strings, 1);
	array_init(&pb->groups, sizeof(struct ipcwall_policy_group));
	array_init(&pb->selectors, sizeof(struct ipcwall_policy_selector));
	array_init(&pb->refs, sizeof(uint32_t));
	array_init(&pb->ids, sizeof(uint32_t));
	array_init(&pb->rules, sizeof(struct ipcwall_policy_rule));
	/* The first byte is a NUL: reference 0, the empty string, is "none". */
	array_add(pb, &pb->strings, 1);
}

void pb_free(struct policy_blob *pb)
{
	free(pb->strings.data);
	free(pb->groups.data);
	free(pb->selectors.data);
	free(pb->refs.data);
	free(pb->ids.data);
	free(pb->rules.data);
	memset(pb, 0, sizeof(*pb));
}

uint32_t pb_string(struct policy_blob *pb, const char *s)
{
	uint32_t ref = pb->strings.count;
	size_t len = strlen(s) + 1;
	char *p = array_add(pb, &pb->strings, len);

	if (p)
		memcpy(p, s, len);
	return ref;
}

uint32_t pb_string_fill(struct policy_blob *pb, char c, size_t len)
{
	uint32_t ref = pb->strings.count;
	char *p = array_add(pb, &pb->strings, len + 1);

	if (p)
		memset(p, c, len);	/* array_add() zeroed the NUL */
	return ref;
}

uint32_t pb_ref(struct policy_blob *pb, uint32_t string)
{
	uint32_t index = pb->refs.count;
	uint32_t *p = array_add(pb, &pb->refs, 1);

	if (p)
		*p = string;
	return index;
}

uint32_t pb_id(struct policy_blob *pb, uint32_t id)
{
	uint32_t index = pb->ids.count;
	uint32_t *p = array_add(pb, &pb->ids, 1);

	if (p)
		*p = id;
	return index;
}

uint32_t pb_group(struct policy_blob *pb, const char *name, uint8_t mode,
		  uint8_t default_inbound, uint8_t default_outbound)
{
	uint32_t index = pb->groups.count;
	uint32_t ref = pb_string(pb, name);
	struct ipcwall_policy_group *g = array_add(pb, &pb->groups, 1);

	if (!g)
		return index;
	g->name = ref;
	g->mode = mode;
	g->default_inbound = default_inbound;
	g->default_outbound = default_outbound;
	g->selector_first = pb->selectors.count;
	g->launch_first = pb->ids.count;
	g->rule_first = pb->rules.count;
	return index;
}

struct ipcwall_policy_group *pb_current_group(struct policy_blob *pb)
{
	static struct ipcwall_policy_group scratch;

	if (pb->failed || !pb->groups.count)
		return &scratch;	/* writes go nowhere; pb_build fails */
	return (struct ipcwall_policy_group *)pb->groups.data +
	       pb->groups.count - 1;
}

void pb_launch(struct policy_blob *pb, uint32_t uid)
{
	struct ipcwall_policy_group *g = pb_current_group(pb);

	if (!g->launch_count)
		g->launch_first = pb->ids.count;
	pb_id(pb, uid);
	g = pb_current_group(pb);
	g->launch_count++;
}

struct ipcwall_policy_selector *pb_selector(struct policy_blob *pb)
{
	static struct ipcwall_policy_selector scratch;
	struct ipcwall_policy_selector *s;

	s = array_add(pb, &pb->selectors, 1);
	if (!s)
		return &scratch;
	pb_current_group(pb)->selector_count++;
	return s;
}

void pb_exe_selector(struct policy_blob *pb, const char *glob)
{
	uint32_t ref = pb_ref(pb, pb_string(pb, glob));
	struct ipcwall_policy_selector *s = pb_selector(pb);

	s->exe_first = ref;
	s->exe_count = 1;
}

struct ipcwall_policy_rule *pb_rule(struct policy_blob *pb, uint8_t class,
				    uint8_t action, uint8_t direction,
				    uint8_t object, uint32_t ops)
{
	static struct ipcwall_policy_rule scratch;
	struct ipcwall_policy_rule *r;

	r = array_add(pb, &pb->rules, 1);
	if (!r)
		return &scratch;
	pb_current_group(pb)->rule_count++;
	r->class = class;
	r->action = action;
	r->direction = direction;
	r->object = object;
	r->ops = ops;
	return r;
}

struct ipcwall_policy_rule *pb_peer_rule(struct policy_blob *pb,
					 uint8_t class, uint8_t action,
					 uint8_t direction, uint32_t ops,
					 uint32_t peer)
{
	struct ipcwall_policy_rule *r;

	r = pb_rule(pb, class, action, direction, IPCWALL_OBJECT_PEER, ops);
	r->peer = peer;
	return r;
}

struct ipcwall_policy_rule *pb_signal_rule(struct policy_blob *pb,
					   uint8_t action, uint8_t direction,
					   uint32_t peer, unsigned int first,
					   unsigned int last)
{
	struct ipcwall_policy_rule *r;
	unsigned int n;

	r = pb_peer_rule(pb, IPCWALL_CLASS_SIGNAL, action, direction,
			 IPCWALL_OPS_SIGNAL, peer);
	for (n = first; n <= last && n < 128; n++)
		r->signals[n / 64] |= 1ULL << (n % 64);
	return r;
}

struct ipcwall_policy_rule *pb_path_rule(struct policy_blob *pb,
					 uint8_t class, uint8_t action,
					 uint32_t ops, const char *glob)
{
	uint32_t ref = pb_string(pb, glob);
	struct ipcwall_policy_rule *r;

	r = pb_rule(pb, class, action, IPCWALL_OUTBOUND, IPCWALL_OBJECT_PATH,
		    ops);
	r->string = ref;
	return r;
}

struct ipcwall_policy_rule *pb_key_rule(struct policy_blob *pb,
					uint8_t class, uint8_t action,
					uint32_t ops, uint32_t key)
{
	struct ipcwall_policy_rule *r;

	r = pb_rule(pb, class, action, IPCWALL_OUTBOUND, IPCWALL_OBJECT_KEY,
		    ops);
	r->key = key;
	return r;
}

struct ipcwall_policy_rule *pb_inet_rule(struct policy_blob *pb,
					 uint8_t action, uint32_t ops,
					 uint8_t family, const void *addr,
					 uint8_t prefix_len, uint8_t protocols,
					 uint16_t port_min, uint16_t port_max)
{
	struct ipcwall_policy_rule *r;

	r = pb_rule(pb, IPCWALL_CLASS_INET, action, IPCWALL_OUTBOUND,
		    IPCWALL_OBJECT_INET, ops);
	r->inet.family = family;
	r->inet.prefix_len = prefix_len;
	r->inet.protocols = protocols;
	r->inet.port_min = port_min;
	r->inet.port_max = port_max;
	if (addr)
		memcpy(r->inet.addr, addr, family == IPCWALL_INET4 ? 4 : 16);
	return r;
}

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

void *pb_build(struct policy_blob *pb, size_t *size)
{
	struct pb_array *sections[IPCWALL_SECTION_COUNT] = {
		[IPCWALL_SECTION_STRINGS] = &pb->strings,
		[IPCWALL_SECTION_GROUPS] = &pb->groups,
		[IPCWALL_SECTION_SELECTORS] = &pb->selectors,
		[IPCWALL_SECTION_REFS] = &pb->refs,
		[IPCWALL_SECTION_IDS] = &pb->ids,
		[IPCWALL_SECTION_RULES] = &pb->rules,
	};
	struct ipcwall_policy_header *h;
	size_t offsets[IPCWALL_SECTION_COUNT];
	size_t end = sizeof(*h);
	unsigned char *blob;
	int i;

	if (pb->failed)
		return NULL;
	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		offsets[i] = ALIGN8(end);
		end = offsets[i] + sections[i]->count * sections[i]->size;
	}
	if (end > UINT32_MAX)
		return NULL;
	blob = calloc(1, end);
	if (!blob)
		return NULL;
	h = (struct ipcwall_policy_header *)blob;
	h->magic = IPCWALL_POLICY_MAGIC;
	h->version = IPCWALL_POLICY_VERSION;
	h->size = end;
	for (i = 0; i < IPCWALL_SECTION_COUNT; i++) {
		h->sections[i].offset = offsets[i];
		h->sections[i].count = sections[i]->count;
		h->sections[i].entry_size = sections[i]->size;
		if (sections[i]->count)
			memcpy(blob + offsets[i], sections[i]->data,
			       sections[i]->count * sections[i]->size);
	}
	*size = end;
	return blob;
}

struct ipcwall_policy_header *pb_header(void *blob)
{
	return blob;
}

void *pb_section(void *blob, enum ipcwall_section section)
{
	return (char *)blob + pb_header(blob)->sections[section].offset;
}

struct ipcwall_policy_group *pb_blob_group(void *blob, uint32_t index)
{
	return (struct ipcwall_policy_group *)
		pb_section(blob, IPCWALL_SECTION_GROUPS) + index;
}

struct ipcwall_policy_selector *pb_blob_selector(void *blob, uint32_t index)
{
	return (struct ipcwall_policy_selector *)
		pb_section(blob, IPCWALL_SECTION_SELECTORS) + index;
}

struct ipcwall_policy_rule *pb_blob_rule(void *blob, uint32_t index)
{
	return (struct ipcwall_policy_rule *)
		pb_section(blob, IPCWALL_SECTION_RULES) + index;
}

uint32_t *pb_blob_ref(void *blob, uint32_t index)
{
	return (uint32_t *)pb_section(blob, IPCWALL_SECTION_REFS) + index;
}

char *pb_blob_strings(void *blob)
{
	return pb_section(blob, IPCWALL_SECTION_STRINGS);
}
