#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"

static void oom(void)
{
	static const char msg[] = "pidbox: out of memory\n";
	(void)!write(2, msg, sizeof msg - 1);
	abort();
}

void *px_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *px_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *px_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *px_xstrdup(const char *s)
{
	char *p;
	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		oom();
	return p;
}

char *px_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	return s;
}

int px_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int px_read_fd_max(int fd, const char *what, size_t max, char **out, size_t *len, struct px_error *err)
{
	size_t cap = 4096, used = 0;
	char *buf = px_xmalloc(cap);

	for (;;) {
		ssize_t n;
		if (used + 1 >= cap) {
			cap *= 2;
			buf = px_xrealloc(buf, cap);
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return px_err(err, errno, "read %s", what);
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max) {
			free(buf);
			return px_err_plain(err, EFBIG, "%s: larger than %zu bytes", what, max);
		}
	}
	buf[used] = '\0';
	*out = buf;
	if (len)
		*len = used;
	return 0;
}

int px_read_fd(int fd, const char *what, char **out, size_t *len, struct px_error *err)
{
	return px_read_fd_max(fd, what, SIZE_MAX - 1, out, len, err);
}

static int not_regular(const char *path, mode_t mode, struct px_error *err)
{
	const char *what = S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
	                   : S_ISDIR(mode) ? "a directory" : S_ISSOCK(mode) ? "a socket"
	                   : S_ISLNK(mode) ? "a symbolic link" : "not a regular file";
	return px_err_plain(err, EINVAL, "%s: is %s, not a regular file", path, what);
}

int px_read_regular_at(int dirfd, const char *path, int extra_flags, size_t max, char **out, size_t *len,
                       struct px_error *err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	/* stat first, so that a FIFO or device is never opened (opening one can block
	 * or act, e.g. a watchdog); fstat again on what was opened, which is what counts */
	if (fstatat(dirfd, path, &st, extra_flags & O_NOFOLLOW ? AT_SYMLINK_NOFOLLOW : 0) < 0)
		return px_err(err, errno, "open %s", path);
	if (!S_ISREG(st.st_mode))
		return not_regular(path, st.st_mode, err);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | extra_flags);
	if (fd < 0)
		return px_err(err, errno, "open %s", path);
	if (fstat(fd, &st) < 0)
		return px_err(err, errno, "stat %s", path);
	if (!S_ISREG(st.st_mode))
		return not_regular(path, st.st_mode, err);
	if ((uintmax_t)st.st_size > max)
		return px_err_plain(err, EFBIG, "%s: %jd bytes, larger than the %zu allowed", path,
		                    (intmax_t)st.st_size, max);
	/* the size can still grow while we read: px_read_fd_max bounds the read itself */
	return px_read_fd_max(fd, path, max, out, len, err);
}

int px_read_file_at(int dirfd, const char *path, char **out, size_t *len, struct px_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return px_err(err, errno, "open %s", path);
	return px_read_fd(fd, path, out, len, err);
}

int px_read_file(const char *path, char **out, size_t *len, struct px_error *err)
{
	return px_read_file_at(AT_FDCWD, path, out, len, err);
}

/* The temp file is new (O_EXCL) so nobody's file or link at that name is written
 * through; a leftover of a killed writer with our pid gets the next suffix. */
static int create_temp_at(int dirfd, const char *path, mode_t mode, char **tmp)
{
	for (unsigned n = 0; n < 64; n++) {
		int fd;
		*tmp = px_asprintf("%s.tmp.%d.%u", path, (int)getpid(), n);
		fd = openat(dirfd, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*tmp);
		*tmp = NULL;
	}
	errno = EEXIST;
	*tmp = px_asprintf("%s.tmp.%d.*", path, (int)getpid());
	return -1;
}

static int write_atomic(int dirfd, const char *path, const void *data, size_t len, mode_t mode,
                        struct px_error *err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int fd = create_temp_at(dirfd, path, mode, &tmp);
	int e;

	if (fd < 0)
		return px_err(err, errno, "create %s", tmp);
	if (px_write_all(fd, data, len) < 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		return px_err(err, e, "write %s", tmp);
	}
	if (renameat(dirfd, tmp, dirfd, path) < 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		return px_err(err, e, "rename %s to %s", tmp, path);
	}
	return 0;
}

int px_write_file_atomic_at(int dirfd, const char *path, const void *data, size_t len,
                            mode_t mode, struct px_error *err)
{
	return write_atomic(dirfd, path, data, len, mode, err);
}


int px_write_knob_at(int dirfd, const char *path, const char *value, struct px_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(value);
	ssize_t n;

	if (fd < 0)
		return px_err(err, errno, "open %s", path);
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return px_err(err, errno, "write '%s' to %s", value, path);
	return 0;
}

int px_mkdir_p(const char *path, mode_t mode, struct px_error *err)
{
	_cleanup_free_ char *copy = px_xstrdup(path);
	char *p = copy;

	while (*p == '/')
		p++;
	for (;;) {
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		if (*copy && mkdir(copy, mode) < 0 && errno != EEXIST)
			return px_err(err, errno, "mkdir %s", copy);
		if (!slash)
			break;
		*slash = '/';
		p = slash + 1;
	}
	return 0;
}

int px_rm_rf_at(int parent_fd, const char *name, struct px_error *err)
{
	int fd;
	DIR *d;
	struct dirent *de;

	if (unlinkat(parent_fd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return px_err(err, errno, "remove %s", name);
	fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : px_err(err, errno, "open %s", name);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return px_err(err, errno, "opendir %s", name);
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (px_rm_rf_at(dirfd(d), de->d_name, err) < 0) {
			closedir(d);
			return px_err_prefix(err, "%s", name);
		}
	}
	closedir(d);
	if (unlinkat(parent_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return px_err(err, errno, "rmdir %s", name);
	return 0;
}
