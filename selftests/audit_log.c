// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the module's audit records from the kernel log: see
 * audit_log.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_log.h"

int audit_log_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

int audit_log_open_quiet(void)
{
	sleep(5);
	usleep(200000);
	return audit_log_open();
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * One /dev/kmsg record is "PRIO,SEQ,USEC,FLAGS;TEXT\n" followed by
 * continuation lines; TEXT of an audit record is
 * "audit: type=1316 audit(S.MS:SERIAL): PAYLOAD". Returns 1 and copies
 * PAYLOAD for an ipcwall record, 0 for another record, -EBADMSG for a
 * type 1316 record of another form.
 */
static int parse(char *rec, char *payload)
{
	char *text = strchr(rec, ';'), *end;
	unsigned long sec, ms, serial;
	int type, at = 0;

	if (!text)
		return 0;
	text++;
	end = strchr(text, '\n');
	if (end)
		*end = '\0';
	if (sscanf(text, "audit: type=%d audit(%lu.%lu:%lu): %n", &type,
		   &sec, &ms, &serial, &at) != 4 || !at)
		return 0;
	if (type != AUDIT_TYPE_IPCWALL)
		return 0;
	/* MILLIS: exactly three digits, as the audit subsystem prints them. */
	if (strncmp(strchr(text, '.') + 4, ":", 1))
		return -EBADMSG;
	if (strncmp(text + at, "ipcwall=", 8))
		return -EBADMSG;
	snprintf(payload, AUDIT_RECORD_MAX, "%s", text + at);
	return 1;
}

int audit_log_collect(int fd, char (*records)[AUDIT_RECORD_MAX], int max,
		      int want, int timeout_ms, int settle_ms, pid_t actor)
{
	long deadline = now_ms() + timeout_ms, settled = 0, left;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char rec[8192], payload[AUDIT_RECORD_MAX], subject[32];
	int n = 0, err;
	ssize_t len;

	/* " pid=": the subject's; target_pid= has no blank before "pid". */
	snprintf(subject, sizeof(subject), " pid=%d tgid=", actor);
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten meanwhile: go on */
		if (len > 0) {
			rec[len] = '\0';
			err = parse(rec, payload);
			if (err < 0)
				return err;
			if (err && (!actor || strstr(payload, subject))) {
				if (n < max)
					memcpy(records[n], payload,
					       AUDIT_RECORD_MAX);
				n++;
			}
			continue;
		}
		if (len < 0 && errno != EAGAIN)
			return -errno;
		if (n >= want && !settled)
			settled = now_ms() + settle_ms;
		left = (settled ? settled : deadline) - now_ms();

		if (left <= 0)
			return n;
		if (poll(&pfd, 1, left) < 0 && errno != EINTR)
			return -errno;
	}
}
