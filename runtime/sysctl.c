/* runtime/sysctl.c — linux.sysctl, written by the container's init. */
#include "runtime/sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

int rt_apply_sysctl(const struct spec_linux *l, int proc_fd, struct px_error *err)
{
	for (size_t i = 0; i < l->n_sysctl; i++) {
		const struct spec_sysctl *s = &l->sysctl[i];
		_cleanup_free_ char *rel = px_asprintf("sys/%s", s->key);
		_cleanup_close_ int fd = -1;

		/* "a.b.c" is sys/a/b/c; a key with '/' is already a path (spec/ checked it
		 * has no "." or ".." component). */
		if (!strchr(s->key, '/'))
			for (char *p = rel + 4; *p; p++)
				if (*p == '.')
					*p = '/';
		fd = openat(proc_fd, rel, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			return px_err(err, errno, "linux.sysctl.%s: open /proc/%s%s", s->key, rel,
			              errno == ENOENT ? " (no such sysctl in this kernel)" : "");
		if (px_write_all(fd, s->value, strlen(s->value)) < 0)
			return px_err(err, errno, "linux.sysctl.%s: write \"%s\"", s->key, s->value);
	}
	return 0;
}
