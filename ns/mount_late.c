/* ns/mount_late.c — two of runc's rules for mounts[] that engines and images rely
 * on, applied around the generic mount code of mounts.c:
 *
 *  - a tmpfs without "mode=" over a directory that exists in the image gets that
 *    directory's mode (a tmpfs's own default is 1777: /run covered with 1777 would
 *    let any user plant files there). A directory pidbox creates keeps 1777.
 *  - a read-only tmpfs, and a read-only filesystem on /dev, are mounted writable
 *    and made read-only only once the rootfs is complete (after the devices, the
 *    mount points of later mounts, the console): a config mounting /dev "ro" still
 *    gets its device nodes and /dev/pts, as with runc (its finalizeRootfs).
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static bool ns_is_type(const struct spec_mount *m, const char *type)
{
	return m->type && strcmp(m->type, type) == 0;
}

/* dest, with repeated and trailing slashes ignored, is /dev */
bool ns_dest_is_dev(const char *dest)
{
	size_t n;

	if (!dest)
		return false;
	while (dest[0] == '/' && dest[1] == '/')
		dest++;
	n = strlen(dest);
	while (n > 1 && dest[n - 1] == '/')
		n--;
	return n == 4 && strncmp(dest, "/dev", 4) == 0;
}

/* Is the read-only flag of this (non-bind) mount applied late? */
static bool ns_readonly_late(const struct spec_mount *m, const struct ns_mount_flags *f)
{
	if (f->bind || ns_is_type(m, "bind") || !(f->flags & MS_RDONLY))
		return false;
	return ns_is_type(m, "tmpfs") || ns_dest_is_dev(m->destination);
}

/* "mode=<the covered directory's mode>" in front of the tmpfs's data. A missing
 * destination, or one that is not a directory, is left to the mount code. */
static void ns_tmpfs_inherit_mode(int rootfd, const struct spec_mount *m, struct ns_mount_flags *f)
{
	struct px_error ignored = { 0 };
	_cleanup_close_ int fd = ns_open_in_root(rootfd, m->destination, O_PATH, &ignored);
	struct stat st;
	char *data;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	data = f->data && *f->data ? px_asprintf("mode=%04o,%s", (unsigned)(st.st_mode & 07777), f->data)
	                           : px_asprintf("mode=%04o", (unsigned)(st.st_mode & 07777));
	px_debug("tmpfs on %s: no mode= given, taking the directory's: %s", m->destination, data);
	free(f->data);
	f->data = data;
}

void ns_mount_late_rules(int rootfd, const struct spec_mount *m, struct ns_mount_flags *f)
{
	if (ns_readonly_late(m, f))
		f->flags &= ~(unsigned long)MS_RDONLY;
	if (ns_is_type(m, "tmpfs") && !f->bind && !ns_data_has_mode(f->data))
		ns_tmpfs_inherit_mode(rootfd, m, f);
}

int ns_mount_late_readonly(const struct spec_config *c, struct px_error *err)
{
	_cleanup_close_ int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (rootfd < 0)
		return px_err(err, errno, "open /");
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct spec_mount *m = &c->mounts[i];
		struct ns_mount_flags f;
		int r = 0;

		if (ns_parse_mount_options(m->options, m->n_options, &f, err) < 0)
			return px_err_prefix(err, "mounts[%zu] (%s)", i, m->destination);
		/* the flags the mount has, read-only added: a bind remount sets them all */
		if (ns_readonly_late(m, &f))
			r = ns_remount_in_root(rootfd, m->destination,
			                       f.flags & ~(unsigned long)(MS_REC | MS_BIND | MS_REMOUNT), err);
		ns_mount_flags_free(&f);
		if (r < 0)
			return px_err_prefix(err, "mounts[%zu] (%s): read-only", i, m->destination);
	}
	return 0;
}
