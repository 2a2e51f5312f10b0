/* ns/pivot.c — make the rootfs the process's "/".
 *
 * pivot_root(".", ".") stacks the old root on top of the new one at the same
 * place, so no put_old directory is needed in the image (runc and crun do this);
 * the old root is then made rslave, so that detaching it cannot propagate an
 * unmount to the host, and lazily detached. no_pivot (for a rootfs on ramfs, where
 * pivot_root is not allowed) moves the rootfs mount onto "/" and chroots into it;
 * that leaves the old root reachable to a process that can escape a chroot, which
 * is why it is opt-in. What of the old root matters most is detached first, as
 * runc does: every full proc and sysfs mount outside the rootfs (see
 * ns_detach_host_kernfs).
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static int ns_pivot(const char *rootfs, struct px_error *err)
{
	_cleanup_close_ int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int newroot = open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

	if (oldroot < 0)
		return px_err(err, errno, "open /");
	if (newroot < 0)
		return px_err(err, errno, "open %s", rootfs);
	if (fchdir(newroot) < 0)
		return px_err(err, errno, "chdir %s", rootfs);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return px_err(err, errno, "pivot_root %s", rootfs);
	/* "." is now the old root, stacked on top of the new one. */
	if (fchdir(oldroot) < 0)
		return px_err(err, errno, "chdir to the old root");
	if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return px_err(err, errno, "make the old root rslave");
	if (umount2(".", MNT_DETACH) < 0)
		return px_err(err, errno, "detach the old root");
	if (chdir("/") < 0)
		return px_err(err, errno, "chdir /");
	return 0;
}

/* Undo mountinfo's octal escapes ("\040" for a space) in place. */
static void ns_unescape_mountinfo(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
		    s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Is line (one of /proc/self/mountinfo) a full proc or sysfs mount (its root is the
 * filesystem's root) outside rootfs? Then *mnt points at its mount point in line. */
static bool ns_is_host_kernfs(char *line, const char *rootfs, char **mnt)
{
	char *fields[6], *save = NULL, *dash = strstr(line, " - ");
	char fstype[16] = "";
	size_t n = 0, len = strlen(rootfs);

	if (!dash || sscanf(dash + 3, "%15s", fstype) != 1)
		return false;
	*dash = '\0';
	for (char *t = strtok_r(line, " ", &save); t && n < 6; t = strtok_r(NULL, " ", &save))
		fields[n++] = t;
	if (n < 5 || strcmp(fields[3], "/") != 0 || (strcmp(fstype, "proc") && strcmp(fstype, "sysfs")))
		return false;
	ns_unescape_mountinfo(fields[4]);
	*mnt = fields[4];
	return !(strncmp(*mnt, rootfs, len) == 0 && ((*mnt)[len] == '/' || (*mnt)[len] == '\0'));
}

/* With chroot instead of pivot_root the old root stays in the mount namespace:
 * the host's full /proc and /sys would be reachable by a chroot escape, and their
 * mere presence lets a new user namespace in the container mount a fresh, unmasked
 * proc or sysfs (the kernel allows that while a fully visible one exists in the
 * mount namespace). Detach them (rslave first: nothing may propagate to the host),
 * or cover them with a tmpfs where a user namespace may not unmount them (locked
 * mounts). Our own fds on the host's /proc keep working: a detached mount lives on
 * while it is open. */
static int ns_detach_host_kernfs(const char *rootfs, struct px_error *err)
{
	_cleanup_free_ char *info = NULL;
	char *save = NULL, *mnt;

	if (px_read_file("/proc/self/mountinfo", &info, NULL, err) < 0)
		return -1;
	for (char *line = strtok_r(info, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!ns_is_host_kernfs(line, rootfs, &mnt))
			continue;
		if (mount(NULL, mnt, NULL, MS_SLAVE | MS_REC, NULL) < 0) {
			if (errno == ENOENT) /* under one detached already */
				continue;
			return px_err(err, errno, "make the host's %s rslave", mnt);
		}
		if (umount2(mnt, MNT_DETACH) == 0)
			continue;
		if ((errno != EINVAL && errno != EPERM) || mount("tmpfs", mnt, "tmpfs", MS_RDONLY, NULL) < 0)
			return px_err(err, errno, "detach or cover the host's %s", mnt);
	}
	return 0;
}

static int ns_move_root(const char *rootfs, struct px_error *err)
{
	if (ns_detach_host_kernfs(rootfs, err) < 0)
		return -1;
	if (chdir(rootfs) < 0)
		return px_err(err, errno, "chdir %s", rootfs);
	if (mount(rootfs, "/", NULL, MS_MOVE, NULL) < 0)
		return px_err(err, errno, "move %s onto /", rootfs);
	if (chroot(".") < 0)
		return px_err(err, errno, "chroot %s", rootfs);
	if (chdir("/") < 0)
		return px_err(err, errno, "chdir /");
	return 0;
}

int ns_enter_rootfs(const char *rootfs, bool no_pivot, struct px_error *err)
{
	px_debug("entering rootfs %s with %s", rootfs, no_pivot ? "MS_MOVE + chroot" : "pivot_root");
	return no_pivot ? ns_move_root(rootfs, err) : ns_pivot(rootfs, err);
}
