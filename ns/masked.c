/* ns/masked.c — linux.maskedPaths and linux.readonlyPaths (config-linux.md).
 *
 * A masked directory gets an empty read-only tmpfs over it, anything else the
 * host's /dev/null bound over it; a read-only path is bound onto itself and the
 * bind remounted ro,nosuid,nodev,noexec. Paths the image (or /proc of this kernel)
 * does not have are skipped silently, as runc does: the default lists name files
 * that not every kernel provides.
 *
 * They run before pivot_root, through the rootfs fd: the resolution is the same
 * one the container will see, and the host's /proc/self/fd is still at hand for
 * mounting through fds even when the config mounts no /proc.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "util/cleanup.h"
#include "util/log.h"

/* Open p inside the root; 1 = opened, 0 = missing (skip), -1 = error. No
 * symlink is followed on the way (refused): the path must be the file it names,
 * or a symlink planted there (by a config's mount, or in a rootfs without a /proc
 * mount) would move the mask off the file it protects. */
static int ns_open_existing(int rootfd, const char *p, int *fd, struct px_error *err)
{
	*fd = ns_open_in_root_no_symlinks(rootfd, p, O_PATH, err);
	if (*fd >= 0)
		return 1;
	if (err->code == ENOENT) {
		px_debug("%s does not exist, skipped", p);
		px_err_clear(err);
		return 0;
	}
	return -1;
}

static int ns_mask_one(int rootfd, const char *p, struct px_error *err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;
	int r = ns_open_existing(rootfd, p, &fd, err);

	if (r <= 0)
		return r;
	if (fstat(fd, &st) < 0)
		return px_err(err, errno, "stat");
	if (S_ISDIR(st.st_mode)) {
		if (ns_mount_on_fd("tmpfs", fd, "tmpfs", MS_RDONLY, NULL) < 0)
			return px_err(err, errno, "mount read-only tmpfs");
		return 0;
	}
	if (ns_mount_on_fd("/dev/null", fd, NULL, MS_BIND, NULL) < 0)
		return px_err(err, errno, "bind /dev/null");
	return 0;
}

static int ns_readonly_one(int rootfd, const char *p, struct px_error *err)
{
	_cleanup_close_ int fd = -1;
	char target[NS_FD_PATH_MAX];
	int r = ns_open_existing(rootfd, p, &fd, err);

	if (r <= 0)
		return r;
	ns_fd_path(fd, target);
	if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		return px_err(err, errno, "bind onto itself");
	return ns_remount_in_root(rootfd, p, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_REC, err);
}

int ns_mask_paths(int rootfd, const struct spec_config *c, struct px_error *err)
{
	for (size_t i = 0; i < c->linux_.n_masked_paths; i++) {
		const char *p = c->linux_.masked_paths[i];

		if (ns_mask_one(rootfd, p, err) < 0)
			return px_err_prefix(err, "maskedPaths: %s", p);
	}
	return 0;
}

int ns_readonly_paths(int rootfd, const struct spec_config *c, struct px_error *err)
{
	for (size_t i = 0; i < c->linux_.n_readonly_paths; i++) {
		const char *p = c->linux_.readonly_paths[i];

		if (ns_readonly_one(rootfd, p, err) < 0)
			return px_err_prefix(err, "readonlyPaths: %s", p);
	}
	return 0;
}
