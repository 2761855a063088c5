// SPDX-License-Identifier: GPL-2.0
/*
 * `ipcwall ps': every process of the system with its group, as the module
 * has it (the IPCWALL_CMD_TASK_GET dump), with its user and command line
 * from /proc. A process that exits between the dump and the reading of
 * /proc is left out: it is no longer there to be listed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "genl.h"
#include "json.h"
#include "policy_image.h"
#include "ps.h"
#include "subcommands.h"
#include "utf8.h"

#define usage_error(fmt, arg) \
	subcommand_usage_error("ps", PS_SYNOPSIS, fmt, arg)

/* Longer command lines are cut: a line of `ps' needs no more. */
#define CMDLINE_MAX (128 * 1024)

/* ---- The policy's groups and the processes, of one generation ---- */

void ipcwall_membership_free(struct ipcwall_membership *m)
{
	size_t i;

	for (i = 0; i < m->n_groups; i++)
		free(m->groups[i]);
	free(m->groups);
	ipcwall_tasks_free(&m->tasks);
	memset(m, 0, sizeof(*m));
}

/* The group names of a compiled policy, in policy order. */
static int take_groups(const void *buf, size_t len,
		       struct ipcwall_membership *m)
{
	struct policy_image img;
	char why[256];
	size_t i;
	int err;

	if (policy_image_init(&img))
		return -ENOMEM;
	err = policy_image_decode(buf, len, &img, why, sizeof(why));
	if (err) {
		fprintf(stderr, "%s: cannot understand the module's copy of the policy: %s\n",
			PROG_NAME, why);
		policy_image_free(&img);
		return -EBADMSG;
	}
	m->groups = calloc(img.n_groups ? img.n_groups : 1, sizeof(*m->groups));
	err = m->groups ? 0 : -ENOMEM;
	for (i = 0; !err && i < img.n_groups; i++) {
		m->groups[i] = strdup(policy_image_str(&img, img.groups[i].name));
		if (!m->groups[i])
			err = -ENOMEM;
		else
			m->n_groups++;
	}
	policy_image_free(&img);
	if (err)
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(-err));
	return err;
}

/* -ENOENT: no policy is loaded. */
static int read_groups(struct ipcwall_genl *g, struct ipcwall_membership *m)
{
	size_t len;
	void *buf;
	int err;

	err = ipcwall_genl_policy_read(g, &buf, &len, &m->generation);
	if (err)
		return err;
	err = take_groups(buf, len, m);
	free(buf);
	return err;
}

static bool has_group(const struct ipcwall_membership *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_groups; i++)
		if (!strcmp(m->groups[i], name))
			return true;
	return false;
}

/*
 * Whether the processes belong to the policy read: one of its generation,
 * in its groups; with no policy, in none. False means a load came in
 * between the two reads.
 */
static bool consistent(const struct ipcwall_membership *m)
{
	size_t i;

	if (m->policy_loaded && m->tasks.generation != m->generation)
		return false;
	for (i = 0; i < m->tasks.n; i++)
		if (m->tasks.tasks[i].has_group && !m->policy_loaded)
			return false;
	return true;
}

static int read_tasks(struct ipcwall_genl *g, struct ipcwall_membership *m)
{
	struct ipcwall_extack ext;
	char why[256] = "";
	int err;

	err = ipcwall_genl_task_get(g, &m->tasks, &ext, why, sizeof(why));
	if (err == -EAGAIN)
		fprintf(stderr, "%s: a policy was loaded during each of %d attempts to list the processes; try again\n",
			PROG_NAME, IPCWALL_TASK_GET_TRIES);
	else if (err == -EBADMSG && why[0])
		fprintf(stderr, "%s: cannot understand the module's list of processes: %s\n",
			PROG_NAME, why);
	else if (err)
		ipcwall_report(stderr, "cannot list the processes", -err, &ext);
	return err;
}

int ipcwall_membership_read(struct ipcwall_genl *g, bool with_groups,
			    struct ipcwall_membership *m)
{
	int tries, err;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (tries = 0; tries < IPCWALL_TASK_GET_TRIES; tries++) {
		ipcwall_membership_free(m);
		if (with_groups) {
			err = read_groups(g, m);
			if (err && err != -ENOENT) {
				ipcwall_membership_free(m);
				return err;
			}
			m->policy_loaded = !err;
		}
		err = read_tasks(g, m);
		if (err) {
			ipcwall_membership_free(m);
			return err;
		}
		if (!with_groups) {
			m->policy_loaded = false;
			m->generation = m->tasks.generation;
			return 0;
		}
		if (consistent(m))
			break;
	}
	if (tries == IPCWALL_TASK_GET_TRIES) {
		fprintf(stderr, "%s: a policy was loaded during each of %d attempts to list the processes; try again\n",
			PROG_NAME, IPCWALL_TASK_GET_TRIES);
		ipcwall_membership_free(m);
		return -EAGAIN;
	}
	for (i = 0; i < m->tasks.n; i++) {
		if (m->tasks.tasks[i].has_group &&
		    !has_group(m, m->tasks.tasks[i].group)) {
			fprintf(stderr, "%s: cannot understand the module's list of processes: process %u is in group `%s', which the policy in force does not have\n",
				PROG_NAME, m->tasks.tasks[i].pid,
				m->tasks.tasks[i].group);
			ipcwall_membership_free(m);
			return -EBADMSG;
		}
	}
	return 0;
}

/* ---- What /proc says of a process ---- */

/*
 * Reads @name of process @pid whole (up to @max bytes) into a malloc()ed,
 * NUL-terminated buffer. Returns its length, or a negative errno.
 */
static ssize_t read_proc_file(const char *proc, uint32_t pid,
			      const char *name, size_t max, char **out)
{
	size_t len = 0, cap = 0;
	char path[256];
	char *buf = NULL, *p;
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%" PRIu32 "/%s", proc, pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (len == cap) {
			if (cap == max)
				break;
			cap = cap ? cap * 2 : 4096;
			if (cap > max)
				cap = max;
			p = realloc(buf, cap + 1);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			buf = p;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*out = buf;
	return len;
}


/*
 * A command line is the process's to write: arguments are separated by
 * NULs, and it may hold any byte. Separators become spaces, trailing ones
 * go, and control characters and bytes that are not UTF-8 become '?', so
 * one process is one line of text and valid JSON.
 */
static void clean_command(char *s, size_t len)
{
	unsigned char *p = (unsigned char *)s;
	size_t i, n;
	uint32_t cp;

	while (len && !p[len - 1])
		len--;
	p[len] = '\0';
	for (i = 0; i < len; i += n) {
		n = utf8_decode(p + i, len - i, &cp);
		if (!n) {
			p[i] = '?';
			n = 1;
		} else if (!p[i]) {
			p[i] = ' ';
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			p[i] = '?';
		}
	}
}

/* The command line, or "[comm]" when it is empty. */
static int read_command(const char *proc, uint32_t pid, char **command)
{
	char *buf, *comm;
	ssize_t len;

	len = read_proc_file(proc, pid, "cmdline", CMDLINE_MAX, &buf);
	if (len < 0)
		return len;
	clean_command(buf, len);
	if (buf[0]) {
		*command = buf;
		return 0;
	}
	free(buf);
	len = read_proc_file(proc, pid, "comm", 64, &comm);
	if (len < 0)
		return len;
	if (len && comm[len - 1] == '\n')
		len--;
	clean_command(comm, len);
	*command = malloc(strlen(comm) + 3);
	if (*command)
		sprintf(*command, "[%s]", comm);
	free(comm);
	return *command ? 0 : -ENOMEM;
}

/* The real uid: the first of the four on the "Uid:" line. */
static int read_uid(const char *proc, uint32_t pid, uid_t *uid)
{
	unsigned long v;
	char *buf, *line, *end;
	ssize_t len;
	int err = -EBADMSG;

	len = read_proc_file(proc, pid, "status", 64 * 1024, &buf);
	if (len < 0)
		return len;
	line = strstr(buf, "\nUid:");
	if (line) {
		line += strlen("\nUid:");
		errno = 0;
		v = strtoul(line, &end, 10);
		if (!errno && end != line && v <= (uid_t)-1) {
			*uid = v;
			err = 0;
		}
	}
	free(buf);
	return err;
}

/* A process that is gone shows as ENOENT, or ESRCH for some files. */
static int gone(int err)
{
	return err == -ESRCH ? -ENOENT : err;
}

int ps_read_process(const char *proc, uint32_t pid, struct ps_process *p)
{
	struct passwd *pw;
	uid_t uid = 0;
	int err;

	p->pid = pid;
	p->command = NULL;
	err = gone(read_uid(proc, pid, &uid));
	if (err == -ENOENT || err == -ENOMEM)
		return err;
	if (err) {
		snprintf(p->user, sizeof(p->user), "?");
	} else {
		pw = getpwuid(uid);
		if (pw && strlen(pw->pw_name) < sizeof(p->user))
			snprintf(p->user, sizeof(p->user), "%s", pw->pw_name);
		else
			snprintf(p->user, sizeof(p->user), "%lu",
				 (unsigned long)uid);
	}
	err = gone(read_command(proc, pid, &p->command));
	if (err == -ENOENT || err == -ENOMEM)
		return err;
	if (err) {
		p->command = strdup("?");
		if (!p->command)
			return -ENOMEM;
	}
	return 0;
}

/* ---- Printing ---- */

#define PID_WIDTH 7
#define GROUP_WIDTH 10
#define USER_WIDTH 8

void ps_print(FILE *f, const struct ps_process *procs, size_t n)
{
	int group_width = GROUP_WIDTH, user_width = USER_WIDTH, w;
	char group[IPCWALL_MAX_GROUP_NAME + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		w = procs[i].group ? strlen(procs[i].group) + procs[i].launched : 1;
		if (w > group_width)
			group_width = w;
		w = strlen(procs[i].user);
		if (w > user_width)
			user_width = w;
	}
	fprintf(f, "%*s  %-*s  %-*s  %s\n", PID_WIDTH, "PID", group_width,
		"GROUP", user_width, "USER", "COMMAND");
	for (i = 0; i < n; i++) {
		snprintf(group, sizeof(group), "%s%s",
			 procs[i].group ? procs[i].group : "-",
			 procs[i].group && procs[i].launched ? "*" : "");
		fprintf(f, "%*" PRIu32 "  %-*s  %-*s  %s\n", PID_WIDTH,
			procs[i].pid, group_width, group, user_width,
			procs[i].user, procs[i].command);
	}
}

int ps_print_json(FILE *f, const struct ps_process *procs, size_t n)
{
	struct json_writer w;
	size_t i;

	json_begin(&w, f);
	json_array_open(&w);
	for (i = 0; i < n; i++) {
		json_object_open(&w);
		json_kv_u64(&w, "pid", procs[i].pid);
		json_key(&w, "group");
		if (procs[i].group)
			json_string(&w, procs[i].group);
		else
			json_null(&w);
		json_kv_bool(&w, "launched", procs[i].launched);
		json_kv_string(&w, "user", procs[i].user);
		json_kv_string(&w, "command", procs[i].command);
		json_object_close(&w);
	}
	json_array_close(&w);
	return json_end(&w);
}

/* ---- The subcommand ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s ps " PS_SYNOPSIS "\n"
		"\n"
		"Lists every process with its group: PID, GROUP (`-' for none, `*' after\n"
		"the group of a process started by `%s run' or descended from one), USER\n"
		"(its real uid) and COMMAND (its command line, or [name] for a kernel\n"
		"thread). Control characters and bytes that are not UTF-8 show as `?'.\n"
		"Needs CAP_MAC_ADMIN; loads the module first when it is not loaded.\n"
		"\n"
		"  --group NAME  list only the members of group NAME\n"
		"  --json        print one JSON array, on one line, of objects with the\n"
		"                keys pid, group (null for none), launched, user, command\n"
		"\n"
		"Exit status: 0 when the processes were listed; 1 when they could not\n"
		"be, or NAME is not a group of the policy in force; 2 on a usage error.\n",
		PROG_NAME, PROG_NAME);
}

static void free_processes(struct ps_process *procs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(procs[i].command);
	free(procs);
}

/* The processes to print: those of @group (all when NULL) still alive. */
static int collect(const struct ipcwall_membership *m, const char *group,
		   struct ps_process **out, size_t *n_out)
{
	const struct ipcwall_task *t;
	struct ps_process *procs;
	size_t i, n = 0;
	int err;

	procs = calloc(m->tasks.n ? m->tasks.n : 1, sizeof(*procs));
	if (!procs)
		return -ENOMEM;
	for (i = 0; i < m->tasks.n; i++) {
		t = &m->tasks.tasks[i];
		if (group && (!t->has_group || strcmp(t->group, group)))
			continue;
		err = ps_read_process("/proc", t->pid, &procs[n]);
		if (err == -ENOENT)
			continue;
		if (err) {
			free_processes(procs, n);
			return err;
		}
		procs[n].group = t->has_group ? t->group : NULL;
		procs[n].launched = t->launched;
		n++;
	}
	*out = procs;
	*n_out = n;
	return 0;
}

static int ps(const char *group, bool json)
{
	struct ipcwall_membership m;
	struct ipcwall_genl *g;
	struct ps_process *procs;
	size_t n;
	int err;

	err = ipcwall_genl_open(&g);
	if (err)
		return err;
	err = ipcwall_membership_read(g, group != NULL, &m);
	ipcwall_genl_close(g);
	if (err)
		return err;
	if (group && !m.policy_loaded) {
		fprintf(stderr, "%s: no policy is loaded\n", PROG_NAME);
		err = -ENOENT;
		goto out;
	}
	if (group && !has_group(&m, group)) {
		fprintf(stderr, "%s: no group `%s' in the policy in force\n",
			PROG_NAME, group);
		err = -ENOENT;
		goto out;
	}
	err = collect(&m, group, &procs, &n);
	if (err) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, strerror(-err));
		goto out;
	}
	if (json) {
		err = ps_print_json(stdout, procs, n);
	} else {
		ps_print(stdout, procs, n);
		err = ferror(stdout) ? -1 : 0;
	}
	free_processes(procs, n);
	if (err || fflush(stdout)) {
		fprintf(stderr, "%s: cannot write the processes: %s\n",
			PROG_NAME, strerror(errno));
		err = -EIO;
	}
out:
	ipcwall_membership_free(&m);
	return err;
}

int ps_main(int argc, char *argv[])
{
	const char *group = NULL;
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--group")) {
			if (group)
				return usage_error("`%s' given twice", argv[i]);
			if (++i == argc)
				return usage_error("`%s' needs a NAME", "--group");
			group = argv[i];
		} else {
			return usage_error("unknown argument `%s'", argv[i]);
		}
	}
	return ps(group, json) ? 1 : 0;
}
