/* ns/device_source.c — linux.devices in a user namespace, made by the runtime.
 *
 * A user namespace may not mknod, and a node it could make would sit on a
 * filesystem it mounted, where the kernel ignores device nodes (SB_I_NODEV). runc
 * binds the host's node of the same path instead, which fails for a device the host
 * has no node for and gives the host's mode and owner, not the config's. As crun
 * does, the runtime's helper (host root; runtime/mount_sources.h) makes the node on
 * a small tmpfs of its own — a filesystem of the host's user namespace, outside the
 * container's — with the configured type, numbers, mode and owner, and hands over a
 * clone of just that file, which the container's setup moves onto an empty file at
 * the device's path. What the container may do with it is still the device
 * cgroup's decision (linux.resources.devices).
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

bool ns_device_from_host(const struct spec_config *c, const struct spec_device *d, bool root)
{
	/* a FIFO needs no privilege: the container makes it itself; a rootless
	 * runtime may not mknod either: the host's node is bound (ns/devices.c) */
	return root && spec_has_namespace(c, CLONE_NEWUSER) && (d->type == 'c' || d->type == 'u' || d->type == 'b');
}

/* The host id of id of the container, through /proc/<pid>/{uid,gid}_map (written
 * by us, or the joined namespace's). */
static int ns_host_id(int proc_fd, pid_t pid, bool gid, uint32_t id, uint32_t *out, struct px_error *err)
{
	char path[48];
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	const char *p;

	snprintf(path, sizeof path, "%d/%s", (int)pid, gid ? "gid_map" : "uid_map");
	if (px_read_regular_at(proc_fd, path, 0, 64 * 1024, &text, &len, err) < 0)
		return -1;
	for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		uint32_t in, host, count;

		if (sscanf(p, "%" SCNu32 " %" SCNu32 " %" SCNu32, &in, &host, &count) == 3 && id >= in &&
		    id - in < count) {
			*out = host + (id - in);
			return 0;
		}
	}
	return px_err(err, EINVAL, "%s %u is not mapped in the container's user namespace", gid ? "gid" : "uid",
	              id);
}

/* A private tmpfs of the host's user namespace, detached: nowhere in any tree. */
static int ns_private_tmpfs(struct px_error *err)
{
	_cleanup_close_ int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	int mnt;

	if (fs < 0)
		return px_err(err, errno, "fsopen tmpfs");
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "4k", 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0700", 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return px_err(err, errno, "configure a tmpfs for the device node");
	mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
	if (mnt < 0)
		return px_err(err, errno, "fsmount the device node's tmpfs");
	return mnt;
}

int ns_make_device_source(const struct spec_config *c, size_t idx, int proc_fd, pid_t pid, struct px_error *err)
{
	const struct spec_device *d = &c->linux_.devices[idx];
	mode_t type = d->type == 'b' ? S_IFBLK : S_IFCHR;
	mode_t perm = d->has_file_mode ? (d->file_mode & 07777) : 0666;
	_cleanup_close_ int mnt = -1;
	uint32_t uid, gid;
	mode_t old;
	int r, tree;

	if (ns_host_id(proc_fd, pid, false, d->has_uid ? d->uid : 0, &uid, err) < 0 ||
	    ns_host_id(proc_fd, pid, true, d->has_gid ? d->gid : 0, &gid, err) < 0)
		return px_err_prefix(err, "linux.devices[%zu] (%s)", idx, d->path);
	mnt = ns_private_tmpfs(err);
	if (mnt < 0)
		return px_err_prefix(err, "linux.devices[%zu] (%s)", idx, d->path);
	/* the mode is the config's, not the config's minus our umask */
	old = umask(0);
	r = mknodat(mnt, "node", type | perm, makedev((unsigned)d->major, (unsigned)d->minor));
	umask(old);
	if (r < 0 || fchownat(mnt, "node", uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
		return px_err(err, errno, "linux.devices[%zu] (%s): %s", idx, d->path, r < 0 ? "mknod" : "chown");
	/* a mount of the one file, for the container to move onto its path */
	tree = (int)syscall(SYS_open_tree, mnt, "node", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0)
		return px_err(err, errno, "linux.devices[%zu] (%s): clone the node's mount", idx, d->path);
	return tree;
}
