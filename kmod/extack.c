// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted extended ack messages on every supported kernel.
 *
 * Since 6.2 the extack carries its own buffer for a formatted message
 * (NL_SET_ERR_MSG_FMT), so the message lives exactly as long as the ack
 * that sends it. 6.1 has only a pointer to a message that must outlive the
 * request: the netlink core copies it into the ack after the command has
 * returned and dropped every lock of ours. There, messages go into a small
 * ring of static buffers: a message is overwritten only when
 * IPCWALL_MSG_RING others are formatted between its command's return and
 * its ack. Commands run one at a time (the family has no parallel_ops) and
 * only refusals format a message, so that takes as many refused requests
 * overtaking one ack, and could garble that message, nothing more.
 */
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/netlink.h>
#include <linux/spinlock.h>

#include "ipcwall.h"

#ifdef NETLINK_MAX_FMTMSG_LEN

static_assert(IPCWALL_MSG_MAX == NETLINK_MAX_FMTMSG_LEN);

void ipcwall_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	va_list args;

	if (!extack)
		return;
	va_start(args, fmt);
	vsnprintf(extack->_msg_buf, sizeof(extack->_msg_buf), fmt, args);
	va_end(args);
	extack->_msg = extack->_msg_buf;
}

#else /* 6.1 */

#define IPCWALL_MSG_RING 16

static char msg_ring[IPCWALL_MSG_RING][IPCWALL_MSG_MAX];
static unsigned int msg_next;
static DEFINE_SPINLOCK(msg_lock);

void ipcwall_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	va_list args;
	char *buf;

	if (!extack)
		return;
	spin_lock(&msg_lock);
	buf = msg_ring[msg_next];
	msg_next = (msg_next + 1) % IPCWALL_MSG_RING;
	va_start(args, fmt);
	vsnprintf(buf, IPCWALL_MSG_MAX, fmt, args);
	va_end(args);
	extack->_msg = buf;
	spin_unlock(&msg_lock);
}

#endif
