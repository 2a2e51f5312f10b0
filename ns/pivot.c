/* ns/pivot.c — make the rootfs the process's "/".
 *
 * pivot_root(".", ".") stacks the old root on top of the new one at the same
 * place, so no put_old directory is needed in the image (runc and crun do this);
 * the old root is then made rslave, so that detaching it cannot propagate an
 * unmount to the host, and lazily detached. no_pivot (for a rootfs on ramfs, where
 * pivot_root is not allowed) moves the rootfs mount onto "/" and chroots into it;
 * that leaves the old root reachable to a process that can escape a chroot, which
 * is why it is opt-in.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
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

static int ns_move_root(const char *rootfs, struct px_error *err)
{
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
