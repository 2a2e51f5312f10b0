/* ns/mount_options.c — mounts[].options → mount(2) flags (pure, no syscalls).
 *
 * The table follows mount(8)'s vocabulary, the same set runc accepts. Options the
 * table does not know are filesystem data ("mode=755", "size=64k") and are joined
 * with ',' into the data string, as runc does. The recursive ones ("rro", ...) and
 * "idmap"/"ridmap" are runtime-spec 1.2's; they are never data.
 */
#include "ns/rootfs.h"

#include <stdlib.h>
#include <string.h>
#include <linux/mount.h>
#include <stdint.h>
#include <sys/mount.h>

#include "util/fs.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

struct ns_flag_opt {
	const char *name;
	bool clear;          /* the option removes the flag ("rw", "suid", ...) */
	unsigned long flag;
};

static const struct ns_flag_opt ns_flag_table[] = {
	{ "defaults", false, 0 },
	{ "ro", false, MS_RDONLY },
	{ "rw", true, MS_RDONLY },
	{ "nosuid", false, MS_NOSUID },
	{ "suid", true, MS_NOSUID },
	{ "nodev", false, MS_NODEV },
	{ "dev", true, MS_NODEV },
	{ "noexec", false, MS_NOEXEC },
	{ "exec", true, MS_NOEXEC },
	{ "sync", false, MS_SYNCHRONOUS },
	{ "async", true, MS_SYNCHRONOUS },
	{ "dirsync", false, MS_DIRSYNC },
	{ "remount", false, MS_REMOUNT },
	{ "mand", false, MS_MANDLOCK },
	{ "nomand", true, MS_MANDLOCK },
	{ "noatime", false, MS_NOATIME },
	{ "atime", true, MS_NOATIME },
	{ "nodiratime", false, MS_NODIRATIME },
	{ "diratime", true, MS_NODIRATIME },
	{ "relatime", false, MS_RELATIME },
	{ "norelatime", true, MS_RELATIME },
	{ "strictatime", false, MS_STRICTATIME },
	{ "nostrictatime", true, MS_STRICTATIME },
	{ "iversion", false, MS_I_VERSION },
	{ "noiversion", true, MS_I_VERSION },
	{ "lazytime", false, MS_LAZYTIME },
	{ "nolazytime", true, MS_LAZYTIME },
	{ "silent", false, MS_SILENT },
	{ "loud", true, MS_SILENT },
	{ "nosymfollow", false, MS_NOSYMFOLLOW },
	{ "symfollow", true, MS_NOSYMFOLLOW },
};

static const struct {
	const char *name;
	unsigned long flag;
} ns_propagation_table[] = {
	{ "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
	{ "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
	{ "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
	{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

/* The recursive attributes (config.md, "AT_RECURSIVE options"): set or cleared
 * on the mount and every mount under it with mount_setattr(2) (ns/mounts.c), which
 * a remount cannot do. The atime mode is one field there, not independent bits:
 * atime says which mode, and choosing one replaces the others. */
struct ns_rec_opt {
	const char *name;
	bool clear;
	uint64_t attr;
	bool atime; /* attr is an atime mode */
};

static const struct ns_rec_opt ns_rec_table[] = {
	{ "rro", false, MOUNT_ATTR_RDONLY, false },
	{ "rrw", true, MOUNT_ATTR_RDONLY, false },
	{ "rnosuid", false, MOUNT_ATTR_NOSUID, false },
	{ "rsuid", true, MOUNT_ATTR_NOSUID, false },
	{ "rnodev", false, MOUNT_ATTR_NODEV, false },
	{ "rdev", true, MOUNT_ATTR_NODEV, false },
	{ "rnoexec", false, MOUNT_ATTR_NOEXEC, false },
	{ "rexec", true, MOUNT_ATTR_NOEXEC, false },
	{ "rnodiratime", false, MOUNT_ATTR_NODIRATIME, false },
	{ "rdiratime", true, MOUNT_ATTR_NODIRATIME, false },
	{ "rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW, false },
	{ "rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW, false },
	{ "rnoatime", false, MOUNT_ATTR_NOATIME, true },
	{ "rstrictatime", false, MOUNT_ATTR_STRICTATIME, true },
	{ "rrelatime", false, MOUNT_ATTR_RELATIME, true },
	/* Leaving noatime, strictatime or relatime leaves for the kernel's default
	 * (relatime), except rnorelatime: its point is full atime updates. */
	{ "ratime", false, MOUNT_ATTR_RELATIME, true },
	{ "rnostrictatime", false, MOUNT_ATTR_RELATIME, true },
	{ "rnorelatime", false, MOUNT_ATTR_STRICTATIME, true },
};

#define NS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool ns_apply_flag_opt(const char *o, struct ns_mount_flags *out)
{
	for (size_t i = 0; i < NS_ARRAY_LEN(ns_flag_table); i++) {
		const struct ns_flag_opt *f = &ns_flag_table[i];

		if (strcmp(o, f->name) != 0)
			continue;
		/* The last word wins, so "ro,rw" is rw: each option undoes the other. */
		if (f->clear) {
			out->flags &= ~f->flag;
			out->clear_flags |= f->flag;
		} else {
			out->flags |= f->flag;
			out->clear_flags &= ~f->flag;
		}
		return true;
	}
	return false;
}

static bool ns_apply_propagation_opt(const char *o, struct ns_mount_flags *out)
{
	for (size_t i = 0; i < NS_ARRAY_LEN(ns_propagation_table); i++) {
		if (strcmp(o, ns_propagation_table[i].name) == 0) {
			/* One propagation type per mount(2) call; the last one given wins. */
			out->propagation = ns_propagation_table[i].flag;
			return true;
		}
	}
	return false;
}

static bool ns_apply_rec_opt(const char *o, struct ns_mount_flags *out)
{
	for (size_t i = 0; i < NS_ARRAY_LEN(ns_rec_table); i++) {
		const struct ns_rec_opt *r = &ns_rec_table[i];

		if (strcmp(o, r->name) != 0)
			continue;
		if (r->atime) {
			/* mount_setattr(2): an atime mode is set by clearing the whole
			 * field and setting one value (relatime is 0). */
			out->rec_clr |= MOUNT_ATTR__ATIME;
			out->rec_set = (out->rec_set & ~(uint64_t)MOUNT_ATTR__ATIME) | r->attr;
		} else if (r->clear) {
			out->rec_set &= ~r->attr;
			out->rec_clr |= r->attr;
		} else {
			out->rec_set |= r->attr;
			out->rec_clr &= ~r->attr;
		}
		return true;
	}
	return false;
}

static void ns_append_data(struct ns_mount_flags *out, const char *o)
{
	char *joined;

	if (!out->data) {
		out->data = px_xstrdup(o);
		return;
	}
	joined = px_asprintf("%s,%s", out->data, o);
	free(out->data);
	out->data = joined;
}

int ns_parse_mount_options(char *const *options, size_t n, struct ns_mount_flags *out,
                           struct px_error *err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const char *o = options[i];

		if (!o || !*o) {
			ns_mount_flags_free(out);
			return px_err(err, 0, "option %zu is empty", i);
		}
		if (strcmp(o, "bind") == 0) {
			out->bind = true;
			continue;
		}
		if (strcmp(o, "rbind") == 0) {
			out->bind = out->rbind = true;
			continue;
		}
		if (strcmp(o, "tmpcopyup") == 0) {
			out->tmpcopyup = true;
			continue;
		}
		/* idmap/ridmap: the mount gets an id mapping (ns/mount_source.c), never
		 * passed to mount(2) (config.md) */
		if (strcmp(o, "idmap") == 0 || strcmp(o, "ridmap") == 0) {
			out->idmap = true;
			out->idmap_rec = o[0] == 'r';
			continue;
		}
		if (ns_apply_flag_opt(o, out) || ns_apply_propagation_opt(o, out) || ns_apply_rec_opt(o, out))
			continue;
		ns_append_data(out, o);
	}
	return 0;
}

void ns_mount_flags_free(struct ns_mount_flags *m)
{
	if (!m)
		return;
	free(m->data);
	m->data = NULL;
}
