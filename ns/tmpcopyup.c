/* ns/tmpcopyup.c — the "tmpcopyup" mount option (runc's and crun's extension, which
 * podman uses for the tmpfs it puts on /tmp, /var/tmp and /run of a --read-only
 * container): the new tmpfs starts with a copy of what the image had in the
 * directory it covers.
 *
 * The copy reads the covered directory through an fd opened *before* the mount (a
 * mount hides a directory from path lookups, not from an fd already open on it) and
 * writes through an fd of the new tmpfs. Every entry is reached relative to its
 * parent's fd with O_NOFOLLOW / AT_SYMLINK_NOFOLLOW: a symlink in the image is
 * copied as a symlink and never followed, so the copy cannot read or write outside
 * the two trees whatever the image holds. Owner, mode and modification time are
 * kept; extended attributes are not (runc keeps none either).
 */
#include "ns/rootfs_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"

/* Deeper than any real image directory; stops a pathological tree from exhausting
 * the fd table or the stack. */
#define NS_COPYUP_MAX_DEPTH 64

static void ns_closedir_ptr(DIR **d)
{
	if (*d)
		closedir(*d);
}
#define _cleanup_dir_ __attribute__((cleanup(ns_closedir_ptr)))

static int ns_copy_tree(int src, int dst, int depth, struct px_error *err);

/* Owner, then mode (chown clears the set-id bits), then times, of dst/name. */
static int ns_copy_attrs(int dst, const char *name, const struct stat *st, struct px_error *err)
{
	const struct timespec times[2] = { st->st_atim, st->st_mtim };

	if (fchownat(dst, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return px_err(err, errno, "chown %s", name);
	/* symlinks have no mode of their own (fchmodat would follow them) */
	if (!S_ISLNK(st->st_mode) && fchmodat(dst, name, st->st_mode & 07777, 0) < 0)
		return px_err(err, errno, "chmod %s", name);
	if (utimensat(dst, name, times, AT_SYMLINK_NOFOLLOW) < 0)
		return px_err(err, errno, "set times of %s", name);
	return 0;
}

static int ns_copy_data(int in, int out)
{
	char buf[65536];
	ssize_t n, w;

	/* copy_file_range between the image's filesystem and tmpfs: in-kernel, no
	 * buffer; read/write where the kernel cannot (EXDEV before 5.3, EINVAL, ...). */
	for (;;) {
		n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n == 0)
			return 0;
		if (n < 0)
			break;
	}
	if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (char *p = buf; n > 0; p += w, n -= w) {
			w = write(out, p, (size_t)n);
			if (w < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				return -1;
			}
		}
	}
	return 0;
}

static int ns_copy_file(int src, int dst, const char *name, struct px_error *err)
{
	_cleanup_close_ int in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_close_ int out = -1;

	if (in < 0)
		return px_err(err, errno, "open %s", name);
	out = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		return px_err(err, errno, "create %s", name);
	if (ns_copy_data(in, out) < 0)
		return px_err(err, errno, "copy %s", name);
	return 0;
}

static int ns_copy_symlink(int src, int dst, const char *name, struct px_error *err)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(src, name, target, sizeof target - 1);

	if (n < 0)
		return px_err(err, errno, "readlink %s", name);
	target[n] = '\0';
	if (symlinkat(target, dst, name) < 0)
		return px_err(err, errno, "symlink %s", name);
	return 0;
}

static int ns_copy_dir(int src, int dst, const char *name, int depth, struct px_error *err)
{
	_cleanup_close_ int in = -1, out = -1;

	if (depth >= NS_COPYUP_MAX_DEPTH)
		return px_err(err, ELOOP, "%s: deeper than %d levels", name, NS_COPYUP_MAX_DEPTH);
	in = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return px_err(err, errno, "open %s", name);
	if (mkdirat(dst, name, 0700) < 0)
		return px_err(err, errno, "mkdir %s", name);
	out = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (out < 0)
		return px_err(err, errno, "open %s", name);
	if (ns_copy_tree(in, out, depth + 1, err) < 0)
		return px_err_prefix(err, "%s", name);
	return 0;
}

static int ns_copy_entry(int src, int dst, const char *name, int depth, struct px_error *err)
{
	struct stat st;
	int r;

	if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return px_err(err, errno, "stat %s", name);
	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		r = ns_copy_dir(src, dst, name, depth, err);
		break;
	case S_IFREG:
		r = ns_copy_file(src, dst, name, err);
		break;
	case S_IFLNK:
		r = ns_copy_symlink(src, dst, name, err);
		break;
	default: /* devices, fifos, sockets: the node itself, as cp -a does */
		r = mknodat(dst, name, st.st_mode, st.st_rdev);
		if (r < 0)
			r = px_err(err, errno, "mknod %s", name);
		break;
	}
	if (r < 0)
		return -1;
	return ns_copy_attrs(dst, name, &st, err);
}

static int ns_copy_tree(int src, int dst, int depth, struct px_error *err)
{
	_cleanup_dir_ DIR *d = NULL;
	int fd = fcntl(src, F_DUPFD_CLOEXEC, 0); /* closedir() closes it */
	struct dirent *e;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return px_err(err, errno, "read directory");
	}
	while ((errno = 0, e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (ns_copy_entry(src, dst, e->d_name, depth, err) < 0)
			return -1;
	}
	if (errno)
		return px_err(err, errno, "read directory");
	return 0;
}

int ns_tmpcopyup(int src, int dst, bool keep_mode, struct px_error *err)
{
	struct stat st;

	if (ns_copy_tree(src, dst, 0, err) < 0)
		return px_err_prefix(err, "tmpcopyup");
	/* the tmpfs root takes the covered directory's owner, and its mode unless the
	 * options gave one ("mode=") */
	if (fstat(src, &st) < 0 || fchown(dst, st.st_uid, st.st_gid) < 0 ||
	    (!keep_mode && fchmod(dst, st.st_mode & 07777) < 0))
		return px_err(err, errno, "tmpcopyup: owner and mode of the tmpfs root");
	px_debug("tmpcopyup: copied the covered directory into the new tmpfs");
	return 0;
}
