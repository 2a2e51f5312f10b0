/* runtime/confine.c — see confine.h. */
#include "runtime/confine.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ns/rootfs.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/log.h"

int rt_close_runtime_fds(int preserve_fds, const int *keep, size_t n_keep, struct px_error *err)
{
	if (px_close_fds_except(3 + preserve_fds, keep, n_keep) < 0)
		return px_err(err, errno, "close the runtime's file descriptors");
	px_log_drop_file();
	return 0;
}

/* openat2 from the process's root (the container's, after pivot_root or the
 * --no-pivot chroot) refusing magic links; -1 with errno, ENOSYS on kernels
 * before 5.6. */
static int open_in_container(const char *path, int flags)
{
	struct open_how how = { .flags = (unsigned long long)(flags | O_PATH | O_CLOEXEC),
		                .resolve = RESOLVE_NO_MAGICLINKS };

	return (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
}

int rt_resolve_in_container(const char *path)
{
	int fd = open_in_container(path, 0);

	if (fd < 0)
		return errno == ENOSYS ? 0 : errno; /* the fds are closed: that still holds */
	close(fd);
	return 0;
}

/* A cwd outside our root (reached through an fd) reads "(unreachable)/..."
 * from the kernel, which glibc's getcwd reports as ENOENT. */
static int check_reachable(const char *cwd, struct px_error *err)
{
	char here[PATH_MAX];

	if (!getcwd(here, sizeof here) || here[0] != '/')
		return px_err_plain(err, EPERM, "process.cwd: \"%s\" is outside the container's root "
		                    "(possible container breakout, refused)", cwd);
	return 0;
}

/* A missing process.cwd is created (0755, inside the root), as runc does: the
 * CRI plugin passes an image's WORKDIR as it is, and it need not exist in the
 * image. Made from our root, which is the container's, never through a symlink
 * out of it or a magic link. */
static int create_cwd(const char *cwd, struct px_error *err)
{
	_cleanup_close_ int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int made = -1;
	int fd;

	if (root < 0)
		return px_err(err, errno, "process.cwd: open the container's root");
	made = ns_mkdir_in_root(root, cwd, err);
	if (made < 0)
		return px_err_prefix(err, "process.cwd");
	fd = open_in_container(cwd, O_DIRECTORY);
	if (fd < 0)
		return px_err(err, errno, "process.cwd: chdir \"%s\"", cwd);
	return fd;
}

int rt_enter_cwd(const char *cwd, bool create, struct px_error *err)
{
	int fd = open_in_container(cwd, O_DIRECTORY);

	if (fd < 0 && errno == ENOENT && create && (fd = create_cwd(cwd, err)) < 0)
		return -1;

	if (fd < 0 && errno == ELOOP)
		return px_err(err, ELOOP, "process.cwd: \"%s\": resolves through a /proc magic link or too many "
		                          "symlinks (refused: it could lead out of the container)", cwd);
	if (fd < 0 && errno != ENOSYS)
		return px_err(err, errno, "process.cwd: chdir \"%s\"", cwd);
	if (fd >= 0) {
		int rc = fchdir(fd);
		int e = errno;
		close(fd);
		if (rc < 0)
			return px_err(err, e, "process.cwd: chdir \"%s\"", cwd);
	} else if (chdir(cwd) < 0) {
		return px_err(err, errno, "process.cwd: chdir \"%s\"", cwd);
	}
	return check_reachable(cwd, err);
}
