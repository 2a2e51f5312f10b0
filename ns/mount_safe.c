/* ns/mount_safe.c — open and create paths inside the rootfs without escaping it.
 *
 * The image is untrusted: any directory on the way to a mount destination may be
 * a symlink such as /etc -> /../../../tmp/host. openat2(RESOLVE_IN_ROOT) treats the
 * rootfs fd as "/" for every absolute symlink and every "..", which is exactly how
 * the container will see the path later. Missing directories are created one
 * component at a time with mkdirat() on the fd of the already-resolved parent, so
 * no string path is ever handed to the kernel for a second, racy resolution.
 *
 * Kernels before 5.6 have no openat2: the fallback walks the path one component at
 * a time with O_NOFOLLOW and refuses symlinks altogether (ELOOP). That is stricter
 * than needed but cannot escape, and it is small.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

bool ns_mount_safe_no_openat2;

/* Split path into its components with "." and "" dropped and ".." applied
 * lexically (clamped at the root). Returns the number of components; comps
 * point into buf, a malloc'd copy the caller frees. */
static size_t ns_split_path(const char *path, char **buf, char ***comps)
{
	char *save = NULL, *tok;
	size_t n = 0;

	*buf = px_xstrdup(path);
	*comps = px_xcalloc(strlen(path) / 2 + 2, sizeof(char *));
	for (tok = strtok_r(*buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n > 0)
				n--;
			continue;
		}
		(*comps)[n++] = tok;
	}
	return n;
}

/* Join the first n components into "a/b/c" ("." when n == 0). */
static char *ns_join(char **comps, size_t n)
{
	size_t len = 2;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(comps[i]) + 1;
	s = px_xmalloc(len);
	strcpy(s, n ? "" : ".");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, "/");
		strcat(s, comps[i]);
	}
	return s;
}

/* The fallback resolver: one openat(O_PATH|O_NOFOLLOW) per component, each one
 * checked with fstat, symlinks refused with ELOOP (they could point anywhere). */
static int ns_walk_nofollow(int rootfd, char **comps, size_t n, int flags)
{
	_cleanup_close_ int cur = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int parent = -1;
	struct stat st;

	if (cur < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int next = openat(cur, comps[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);

		if (next < 0)
			return -1;
		px_close_ptr(&parent);
		parent = cur;
		cur = next;
		if (fstat(cur, &st) < 0)
			return -1;
		if (S_ISLNK(st.st_mode)) {
			errno = ELOOP;
			return -1;
		}
		if (!S_ISDIR(st.st_mode) && (i + 1 < n || (flags & O_DIRECTORY))) {
			errno = ENOTDIR;
			return -1;
		}
	}
	if (flags & O_PATH)
		return px_steal_fd(&cur);
	/* A real open of what we found: the last name again, still without following. */
	if (n == 0)
		return openat(rootfd, ".", flags | O_CLOEXEC);
	return openat(parent, comps[n - 1], flags | O_NOFOLLOW | O_CLOEXEC);
}

/* Resolve comps[0..n) inside the root, with extra RESOLVE_* flags (the fallback
 * refuses every symlink, which covers any of them). Returns an fd or -1 with errno. */
static int ns_resolve_with(int rootfd, char **comps, size_t n, int flags, unsigned long long resolve)
{
	_cleanup_free_ char *rel = ns_join(comps, n);
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | resolve,
	};
	int fd;

	if (!ns_mount_safe_no_openat2) {
		fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
		/* EAGAIN: a rename raced with the lookup; the kernel asks to retry. */
		for (int tries = 0; fd < 0 && errno == EAGAIN && tries < 16; tries++)
			fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof how);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
		px_debug("openat2 not available, resolving %s component by component", rel);
		ns_mount_safe_no_openat2 = true;
	}
	return ns_walk_nofollow(rootfd, comps, n, flags);
}

static int ns_resolve(int rootfd, char **comps, size_t n, int flags)
{
	return ns_resolve_with(rootfd, comps, n, flags, 0);
}

int ns_open_in_root(int rootfd, const char *path, int extra_flags, struct px_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **comps = NULL;
	size_t n = ns_split_path(path, &buf, &comps);
	int flags = extra_flags ? extra_flags : O_PATH;
	int fd = ns_resolve(rootfd, comps, n, flags);

	if (fd < 0)
		return px_err(err, errno, "open %s in rootfs", path);
	return fd;
}

int ns_open_in_root_no_symlinks(int rootfd, const char *path, int extra_flags, struct px_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **comps = NULL;
	size_t n = ns_split_path(path, &buf, &comps);
	int fd = ns_resolve_with(rootfd, comps, n, extra_flags ? extra_flags : O_PATH, RESOLVE_NO_SYMLINKS);

	if (fd >= 0)
		return fd;
	if (errno == ELOOP)
		return px_err(err, ELOOP, "%s is, or is under, a symlink: refusing to follow it", path);
	return px_err(err, errno, "open %s in rootfs", path);
}

int ns_lstat_in_root(int rootfd, const char *path, struct stat *st, struct px_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **comps = NULL;
	size_t n = ns_split_path(path, &buf, &comps);
	_cleanup_close_ int parent = -1;

	if (n == 0)
		return fstat(rootfd, st) < 0 ? px_err(err, errno, "stat the rootfs") : 1;
	parent = ns_resolve(rootfd, comps, n - 1, O_PATH | O_DIRECTORY);
	if (parent < 0 && errno == ENOENT)
		return 0;
	if (parent < 0)
		return px_err(err, errno, "open the parent of %s in rootfs", path);
	if (fstatat(parent, comps[n - 1], st, AT_SYMLINK_NOFOLLOW) == 0)
		return 1;
	return errno == ENOENT ? 0 : px_err(err, errno, "stat %s in rootfs", path);
}

/* Create comps[i] (a directory, or for the last component kind) in parentfd;
 * an existing entry is fine, the caller resolves it again. */
static int ns_create_component(int parentfd, const char *name, bool as_file)
{
	if (as_file) {
		int fd = openat(parentfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
		                0644);

		if (fd < 0)
			return errno == EEXIST ? 0 : -1;
		close(fd);
		return 0;
	}
	if (mkdirat(parentfd, name, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* The path of the directory fd inside the root ("" for the root itself), from
 * the kernel's names of both; NULL (errno set) when fd is not under the root. */
static char *ns_path_in_root(int rootfd, int fd)
{
	char rbuf[NS_FD_PATH_MAX], fbuf[NS_FD_PATH_MAX];
	_cleanup_free_ char *root = px_xmalloc(PATH_MAX), *path = px_xmalloc(PATH_MAX);
	ssize_t rn = readlink(ns_fd_path(rootfd, rbuf), root, PATH_MAX - 1);
	ssize_t fn = readlink(ns_fd_path(fd, fbuf), path, PATH_MAX - 1);

	if (rn <= 0 || fn <= 0)
		return NULL;
	root[rn] = path[fn] = '\0';
	if (rn == 1) /* the root is "/" */
		return px_xstrdup(path);
	if (strncmp(path, root, (size_t)rn) != 0 || (path[rn] != '/' && path[rn] != '\0')) {
		errno = EXDEV;
		return NULL;
	}
	return px_xstrdup(path + rn);
}

static int ns_create_comps_at(int rootfd, char **comps, size_t n, enum ns_target_kind kind, int depth);

/* comps[i] in the directory cur is a symlink whose target is missing: create
 * the target instead, as runc's resolution does (an image's /data -> /srv/data
 * makes the volume land in /srv/data). The new path is the target (relative
 * ones from the link's own directory) followed by what came after the link, and
 * it is resolved and created in the root like any other: a target naming a host
 * path ("/", "..") names the rootfs's. */
static int ns_create_through_link(int rootfd, int cur, char **comps, size_t i, size_t n,
                                  enum ns_target_kind kind, int depth)
{
	_cleanup_free_ char *target = px_xmalloc(PATH_MAX), *dir = NULL, *rest = NULL, *path = NULL;
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **next = NULL;
	ssize_t len = readlinkat(cur, comps[i], target, PATH_MAX - 1);

	/* 40: the kernel's own limit of symlinks in one lookup (path_resolution(7)) */
	if (len <= 0 || depth >= 40) {
		errno = ELOOP;
		return -1;
	}
	target[len] = '\0';
	dir = target[0] == '/' ? px_xstrdup("") : ns_path_in_root(rootfd, cur);
	if (!dir)
		return -1;
	rest = ns_join(comps + i + 1, n - i - 1);
	path = px_asprintf("%s/%s/%s", dir, target, rest);
	px_debug("%s is a dangling symlink to %s: creating %s in the rootfs", comps[i], target, path);
	len = (ssize_t)ns_split_path(path, &buf, &next);
	return ns_create_comps_at(rootfd, next, (size_t)len, kind, depth + 1);
}

/* depth for a walk that refuses a dangling symlink (ELOOP) instead */
#define NS_NO_DANGLING (-1)

/* Resolve comps[0..n) creating what is missing on the way. */
static int ns_create_comps(int rootfd, char **comps, size_t n, enum ns_target_kind kind)
{
	return ns_create_comps_at(rootfd, comps, n, kind, 0);
}

static int ns_create_comps_at(int rootfd, char **comps, size_t n, enum ns_target_kind kind, int depth)
{
	_cleanup_close_ int cur = -1;

	/* Most destinations exist in the image already: one lookup of the whole path
	 * settles them. It succeeds exactly when the walk below would create nothing,
	 * and gives the same fd; any failure takes the walk, for its creation and its
	 * errors. */
	if (n > 0) {
		int whole = ns_resolve(rootfd, comps, n, O_PATH);

		if (whole >= 0)
			return whole;
	}
	cur = ns_resolve(rootfd, comps, 0, O_PATH | O_DIRECTORY);
	if (cur < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n;
		int flags = last ? O_PATH : O_PATH | O_DIRECTORY;
		int next = ns_resolve(rootfd, comps, i + 1, flags);

		if (next < 0 && errno == ENOENT) {
			if (ns_create_component(cur, comps[i], last && kind == NS_TARGET_FILE) < 0)
				return -1;
			next = ns_resolve(rootfd, comps, i + 1, flags);
			/* Still missing after creating it: the name is a dangling
			 * symlink; what it points to is made, inside the root, or
			 * for ns_mkdir_in_root refused. */
			if (next < 0 && errno == ENOENT && depth == NS_NO_DANGLING)
				errno = ELOOP;
			else if (next < 0 && errno == ENOENT)
				return ns_create_through_link(rootfd, cur, comps, i, n, kind, depth);
		}
		if (next < 0)
			return -1;
		close(cur);
		cur = next;
	}
	return px_steal_fd(&cur);
}

static int ns_create_path(int rootfd, const char *path, enum ns_target_kind kind, int depth,
                          struct px_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **comps = NULL;
	size_t n = ns_split_path(path, &buf, &comps);
	int fd = ns_create_comps_at(rootfd, comps, n, kind, depth);

	if (fd < 0) {
		if (errno == ELOOP)
			return px_err(err, errno, "create %s in rootfs (dangling or refused symlink)",
			              path);
		return px_err(err, errno, "create %s in rootfs", path);
	}
	return fd;
}

/* A cwd (runc's MkdirAll after the chroot): a dangling symlink is refused. */
int ns_mkdir_in_root(int rootfd, const char *path, struct px_error *err)
{
	return ns_create_path(rootfd, path, NS_TARGET_DIR, NS_NO_DANGLING, err);
}

/* A mount destination or device (runc's SecureJoin): a dangling symlink's target
 * is made. */
int ns_create_in_root(int rootfd, const char *path, enum ns_target_kind kind, struct px_error *err)
{
	return ns_create_path(rootfd, path, kind, 0, err);
}

int ns_open_parent_in_root(int rootfd, const char *path, const char **base,
                           struct px_error *err)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **comps = NULL;
	size_t n = ns_split_path(path, &buf, &comps);
	const char *slash;
	int fd;

	if (n == 0)
		return px_err(err, EINVAL, "%s: names the root itself", path);
	/* base must point into the caller's string: the last component after the
	 * last '/' (ns_split_path would have refused a trailing "..": n is exact). */
	slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (strcmp(*base, comps[n - 1]) != 0)
		return px_err(err, EINVAL, "%s: path must end in a file name", path);
	fd = ns_create_comps(rootfd, comps, n - 1, NS_TARGET_DIR);
	if (fd < 0)
		return px_err(err, errno, "create parent of %s in rootfs", path);
	return fd;
}

const char *ns_fd_path(int fd, char *buf)
{
	snprintf(buf, NS_FD_PATH_MAX, "/proc/self/fd/%d", fd);
	return buf;
}
