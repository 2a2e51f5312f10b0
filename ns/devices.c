/* ns/devices.c — populate /dev: the OCI default devices and symlinks
 * (config-linux.md "Default Devices", runc's /dev links) and linux.devices[].
 *
 * Nodes are made with mknodat() on the fd of their parent directory, resolved
 * inside the rootfs. In a user namespace mknod is not allowed: a default device is
 * the host's node of the same path bind-mounted onto an empty file, as runc does; a
 * linux.devices node is made by the runtime (ns/device_source.c) and moved in.
 * Errors read "linux.devices[0] (/dev/fuse): mknod: Operation not permitted".
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static const struct spec_device ns_default_devices[] = {
	{ .path = "/dev/null", .type = 'c', .major = 1, .minor = 3 },
	{ .path = "/dev/zero", .type = 'c', .major = 1, .minor = 5 },
	{ .path = "/dev/full", .type = 'c', .major = 1, .minor = 7 },
	{ .path = "/dev/random", .type = 'c', .major = 1, .minor = 8 },
	{ .path = "/dev/urandom", .type = 'c', .major = 1, .minor = 9 },
	{ .path = "/dev/tty", .type = 'c', .major = 5, .minor = 0 },
};

static const struct {
	const char *target, *name;
} ns_dev_links[] = {
	{ "/proc/self/fd", "fd" },
	{ "/proc/self/fd/0", "stdin" },
	{ "/proc/self/fd/1", "stdout" },
	{ "/proc/self/fd/2", "stderr" },
};

static int ns_device_type(char t, mode_t *out)
{
	switch (t) {
	case 'c':
	case 'u':
		*out = S_IFCHR;
		return 0;
	case 'b':
		*out = S_IFBLK;
		return 0;
	case 'p':
		*out = S_IFIFO;
		return 0;
	}
	return -1;
}

/* User namespace: an empty file, then the host's node bound onto it. */
static int ns_bind_device(int rootfd, const struct spec_device *d, struct px_error *err)
{
	_cleanup_close_ int fd = ns_create_in_root(rootfd, d->path, NS_TARGET_FILE, err);

	if (fd < 0)
		return -1;
	if (ns_mount_on_fd(d->path, fd, NULL, MS_BIND, NULL) < 0)
		return px_err(err, errno, "bind the host's %s", d->path);
	return 0;
}

/* linux.devices in a user namespace: the node the runtime made
 * (ns/device_source.c), moved onto an empty file. */
static int ns_move_host_device(int rootfd, const struct spec_device *d, struct px_error *err)
{
	_cleanup_close_ int tree = ns_next_host_source(err);
	_cleanup_close_ int fd = -1;

	if (tree < 0)
		return -1;
	fd = ns_create_in_root(rootfd, d->path, NS_TARGET_FILE, err);
	if (fd < 0)
		return -1;
	if (move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return px_err(err, errno, "move the node made by the runtime onto %s", d->path);
	return 0;
}

static int ns_mknod_device(int rootfd, const struct spec_device *d, mode_t type,
                           struct px_error *err)
{
	const char *base;
	_cleanup_close_ int pfd = ns_open_parent_in_root(rootfd, d->path, &base, err);
	mode_t perm = d->has_file_mode ? (d->file_mode & 07777) : 0666;
	mode_t old_umask;
	int r;

	if (pfd < 0)
		return -1;
	/* The mode is the config's, not the config's minus our umask. */
	old_umask = umask(0);
	r = mknodat(pfd, base, type | perm,
	            type == S_IFIFO ? 0 : makedev((unsigned)d->major, (unsigned)d->minor));
	umask(old_umask);
	/* An existing node is kept (runc does the same); the image knows best. */
	if (r < 0 && errno != EEXIST)
		return px_err(err, errno, "mknod");
	if (r == 0 && (d->has_uid || d->has_gid) &&
	    fchownat(pfd, base, d->has_uid ? d->uid : (uid_t)-1,
	             d->has_gid ? d->gid : (gid_t)-1, AT_SYMLINK_NOFOLLOW) < 0)
		return px_err(err, errno, "chown");
	return 0;
}

/* "/dev/foo/" and "/dev/foo/." name /dev/foo, as runc's cleaned paths do: a
 * malloc'd copy without the trailing separators. */
static char *ns_device_path(const char *path)
{
	char *p = px_xstrdup(path);
	size_t n = strlen(p);

	for (;;) {
		if (n > 1 && p[n - 1] == '/')
			n--;
		else if (n > 2 && p[n - 1] == '.' && p[n - 2] == '/')
			n -= 2;
		else
			break;
		p[n] = '\0';
	}
	return p;
}

static int ns_create_device(int rootfd, const struct spec_device *given, bool in_userns,
                            struct px_error *err)
{
	_cleanup_free_ char *path = NULL;
	struct spec_device d;
	mode_t type;

	if (!given->path || given->path[0] != '/')
		return px_err(err, 0, "path must be absolute");
	if (ns_device_type(given->type, &type) < 0)
		return px_err(err, 0, "unknown type '%c'", given->type);
	d = *given;
	d.path = path = ns_device_path(given->path);
	/* A FIFO needs no privilege, so it is made even in a user namespace. */
	if (in_userns && type != S_IFIFO)
		return ns_bind_device(rootfd, &d, err);
	return ns_mknod_device(rootfd, &d, type, err);
}

static int ns_dev_symlinks(int rootfd, struct px_error *err)
{
	_cleanup_close_ int devfd = ns_open_in_root(rootfd, "/dev", O_PATH | O_DIRECTORY, err);

	if (devfd < 0)
		return -1;
	for (size_t i = 0; i < sizeof ns_dev_links / sizeof ns_dev_links[0]; i++) {
		if (symlinkat(ns_dev_links[i].target, devfd, ns_dev_links[i].name) < 0 &&
		    errno != EEXIST)
			return px_err(err, errno, "symlink /dev/%s", ns_dev_links[i].name);
	}
	/* runc links /dev/core to /proc/kcore when the host has one (it is masked
	 * by the default maskedPaths anyway). */
	if (access("/proc/kcore", F_OK) == 0 && symlinkat("/proc/kcore", devfd, "core") < 0 &&
	    errno != EEXIST)
		return px_err(err, errno, "symlink /dev/core");
	/* devpts' own ptmx serves the container's pts instance, not the host's. */
	if (unlinkat(devfd, "ptmx", 0) < 0 && errno != ENOENT)
		return px_err(err, errno, "remove /dev/ptmx");
	if (symlinkat("pts/ptmx", devfd, "ptmx") < 0)
		return px_err(err, errno, "symlink /dev/ptmx");
	return 0;
}

int ns_setup_default_devices(int rootfd, bool in_userns, struct px_error *err)
{
	for (size_t i = 0; i < sizeof ns_default_devices / sizeof ns_default_devices[0]; i++) {
		const struct spec_device *d = &ns_default_devices[i];

		if (ns_create_device(rootfd, d, in_userns, err) < 0)
			return px_err_prefix(err, "default device %s", d->path);
	}
	if (ns_dev_symlinks(rootfd, err) < 0)
		return px_err_prefix(err, "/dev");
	return 0;
}

int ns_create_devices(int rootfd, const struct spec_config *c, bool in_userns,
                      struct px_error *err)
{
	for (size_t i = 0; i < c->linux_.n_devices; i++) {
		const struct spec_device *d = &c->linux_.devices[i];

		px_debug("linux.devices[%zu]: %s %c %lld:%lld", i, d->path ? d->path : "-", d->type,
		         (long long)d->major, (long long)d->minor);
		int r;

		if (ns_device_source_wanted(d) && d->path && d->path[0] == '/')
			r = ns_move_host_device(rootfd, d, err);
		else
			r = ns_create_device(rootfd, d, in_userns, err);
		if (r < 0)
			return px_err_prefix(err, "linux.devices[%zu] (%s)", i, d->path ? d->path : "");
	}
	return 0;
}
