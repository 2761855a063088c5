// SPDX-License-Identifier: GPL-2.0
/*
 * Loads the ipcwall module through libkmod, the way modprobe would, so that
 * the first command after boot just works. Every failure is reported here
 * in words that say what to do next.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "common.h"
#include "kmod_load.h"

#define MODULE_NAME "ipcwall"

/*
 * libkmod would print its own errors to stderr in its own words; ours below
 * say the same thing with the remedy, so keep libkmod quiet.
 */
static void quiet_log(void *data, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
}

static void report_insert(const char *what, int err)
{
	fprintf(stderr, "%s: cannot load %s: %s\n", PROG_NAME, what,
		strerror(err));
	if (err == ENOSYS)
		fprintf(stderr, "%s: hint: module loading is not available here (a kernel built without CONFIG_MODULES, or a sandbox that blocks it)\n",
			PROG_NAME);
	else if (err == EPERM)
		fprintf(stderr, "%s: hint: module loading may be disabled here (kernel.modules_disabled, lockdown, or a container); see dmesg\n",
			PROG_NAME);
	else
		fprintf(stderr, "%s: hint: the kernel logs why in dmesg\n",
			PROG_NAME);
}

/* IPCWALL_MODULE names the file: insert exactly that, no dependencies. */
static int load_path(struct kmod_ctx *ctx, const char *path)
{
	struct kmod_module *mod;
	int err;

	err = kmod_module_new_from_path(ctx, path, &mod);
	if (err < 0) {
		fprintf(stderr, "%s: cannot use module file `%s' from %s: %s\n",
			PROG_NAME, path, IPCWALL_MODULE_ENV, strerror(-err));
		return err;
	}
	err = kmod_module_insert_module(mod, 0, NULL);
	kmod_module_unref(mod);
	/* Loaded meanwhile, or loaded but without its family: caller sees. */
	if (err == -EEXIST)
		return 0;
	if (err < 0) {
		report_insert(path, -err);
		return err;
	}
	return 0;
}

static int probe_list(struct kmod_list *list)
{
	struct kmod_list *l;
	int err = 0;

	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);

		err = kmod_module_probe_insert_module(mod, 0, NULL, NULL,
						      NULL, NULL);
		kmod_module_unref(mod);
		if (!err)
			return 0;
	}
	if (err < 0)
		report_insert("the ipcwall module", -err);
	return err < 0 ? err : -EIO;
}

/* Otherwise look "ipcwall" up in the running kernel's module directory. */
static int load_lookup(struct kmod_ctx *ctx)
{
	const char *dir = kmod_get_dirname(ctx);
	struct kmod_list *list = NULL;
	int err;

	err = kmod_module_new_from_lookup(ctx, MODULE_NAME, &list);
	if (err < 0) {
		fprintf(stderr, "%s: cannot look up module `%s' in %s: %s\n",
			PROG_NAME, MODULE_NAME, dir, strerror(-err));
		return err;
	}
	if (!list) {
		fprintf(stderr, "%s: the ipcwall module is not loaded, and no module `%s' was found in %s\n",
			PROG_NAME, MODULE_NAME, dir);
		fprintf(stderr, "%s: hint: install it there, or set %s to the path of ipcwall.ko\n",
			PROG_NAME, IPCWALL_MODULE_ENV);
		return -ENOENT;
	}
	err = probe_list(list);
	kmod_module_unref_list(list);
	return err;
}

/**
 * ipcwall_kmod_load() - load the ipcwall module
 *
 * Inserts the file named by $IPCWALL_MODULE, or else the module "ipcwall"
 * from /lib/modules/$(uname -r), with its dependencies.
 *
 * Return: 0 when the module is now loaded (or already was), or a negative
 * errno after printing why to stderr.
 */
int ipcwall_kmod_load(void)
{
	const char *path = getenv(IPCWALL_MODULE_ENV);
	struct kmod_ctx *ctx;
	int err;

	/* Checked first: nothing else we could say would help a user. */
	if (geteuid() != 0) {
		fprintf(stderr, "%s: the ipcwall module is not loaded, and loading it needs root\n",
			PROG_NAME);
		return -EPERM;
	}

	ctx = kmod_new(NULL, NULL);
	if (!ctx) {
		fprintf(stderr, "%s: the ipcwall module is not loaded, and libkmod cannot start\n",
			PROG_NAME);
		return -ENOMEM;
	}
	kmod_set_log_fn(ctx, quiet_log, NULL);

	if (path && *path)
		err = load_path(ctx, path);
	else
		err = load_lookup(ctx);
	kmod_unref(ctx);
	return err;
}
