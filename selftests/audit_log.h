/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's audit records as the kernel prints them when no audit
 * daemon listens: lines of the kernel log (/dev/kmsg) of the form
 *
 *	audit: type=1316 audit(SECONDS.MILLIS:SERIAL): ipcwall=...
 *
 * A reader opens the log at its end, makes the records happen, then
 * collects what came after. The kernel prints audit records
 * asynchronously (kauditd) and rate-limited (printk_ratelimit: 10 per
 * 5 s), so a caller waits out the limit before and produces few records;
 * records of the tests before may still come, which a filter by the
 * acting process leaves out.
 */
#ifndef IPCWALL_SELFTESTS_AUDIT_LOG_H
#define IPCWALL_SELFTESTS_AUDIT_LOG_H

#include <sys/types.h>

#define AUDIT_RECORD_MAX 1024
#define AUDIT_TYPE_IPCWALL 1316	/* AUDIT_KERNEL_OTHER */

/* /dev/kmsg, positioned after its last record: the fd, or -errno. */
int audit_log_open(void);

/*
 * The same, after waiting out the rate limit window, whatever the tests
 * before used of it: opened then, the log gets every record made next.
 */
int audit_log_open_quiet(void);

/*
 * Collects the ipcwall records printed since audit_log_open(), those of
 * process @actor alone (the subject's pid=) unless @actor is 0: the text
 * after "audit(SECONDS.MILLIS:SERIAL): ", one per element of @records,
 * which holds @max. Waits until @want records came or @timeout_ms passed,
 * then @settle_ms more for records that should not be there (@want 0:
 * collects for @settle_ms). Returns the number of records (all of them,
 * even past @max), or -errno; a line of type 1316 that does not have the
 * expected form is -EBADMSG.
 */
int audit_log_collect(int fd, char (*records)[AUDIT_RECORD_MAX], int max,
		      int want, int timeout_ms, int settle_ms, pid_t actor);

#endif /* IPCWALL_SELFTESTS_AUDIT_LOG_H */
