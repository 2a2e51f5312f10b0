/* ns/mount_proc.c — what may be mounted on and under /proc, and where proc and
 * sysfs may go (runc's rules, checked before each mounts[] entry is made).
 *
 * The container's /proc is where the runtime and every later `exec` read and
 * write the kernel's view of the container (its fds, its attr files, sysctls);
 * an image or config that puts something else there, or that makes /proc a
 * symlink, steers those reads and writes (CVE-2019-19921, CVE-2025-52881). A
 * symlinked /proc in the image would also carry the proc mount wherever it
 * points, leaving /proc itself as the image made it.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* Files below /proc a mount may cover: the ones lxcfs emulates (runc's list). */
static const char *const ns_proc_overridable[] = {
	"cpuinfo", "diskstats", "meminfo", "stat", "swaps", "uptime", "loadavg", "slabinfo",
	"net/dev", "sys/kernel/ns_last_pid",
};

/* dest relative to "/" with "//", "." and trailing '/' dropped, ".." applied
 * lexically (clamped at the root), as the mount code resolves it. */
static char *ns_clean_dest(const char *dest)
{
	char *buf = px_xstrdup(dest), *save = NULL, *tok;
	char *out = px_xcalloc(strlen(dest) + 1, 1);

	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			char *slash = strrchr(out, '/');
			if (slash)
				*slash = '\0';
			else
				out[0] = '\0';
			continue;
		}
		if (out[0])
			strcat(out, "/");
		strcat(out, tok);
	}
	free(buf);
	return out;
}

static bool ns_is_type(const struct spec_mount *m, const char *type)
{
	return m->type && !strcmp(m->type, type);
}

/* proc and sysfs on an ordinary directory: not through a symlink (the mount would
 * land where it points), not on a file. A missing destination is created. */
static int ns_check_ordinary_dir(int rootfd, const struct spec_mount *m, struct px_error *err)
{
	struct stat st;
	int r = ns_lstat_in_root(rootfd, m->destination, &st, err);

	if (r <= 0)
		return r;
	if (!S_ISDIR(st.st_mode))
		return px_err(err, ENOTDIR, "filesystem \"%s\" must be mounted on ordinary directory (%s is %s)",
		              m->type, m->destination, S_ISLNK(st.st_mode) ? "a symlink" : "not a directory");
	return 0;
}

static int ns_check_on_proc(const struct spec_mount *m, const char *bind_source, struct px_error *err)
{
	struct statfs sf;

	if (ns_is_type(m, "proc"))
		return 0;
	/* a bind of a procfs (the host's /proc, for a container that shares its pid
	 * namespace) is still a proc */
	if (bind_source && statfs(bind_source, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC)
		return 0;
	return px_err(err, EINVAL, "only a proc filesystem may be mounted on /proc (type %s, source %s)",
	              m->type ? m->type : "none", m->source ? m->source : "none");
}

/* The runtime's path of fd (the host /proc's magic link: we have not pivoted). */
static bool ns_path_of(int fd, char *buf, size_t size)
{
	char link[NS_FD_PATH_MAX];
	ssize_t n = readlink(ns_fd_path(fd, link), buf, size - 1);

	if (n < 0 || (size_t)n >= size - 1)
		return false;
	buf[n] = '\0';
	return true;
}

/* The rules above judge the destination's name. An image symlink on the way
 * (/dev -> /proc) takes a mount named elsewhere into /proc: the /dev tmpfs would
 * cover the procfs, and the container's /proc would be a directory of the image's
 * making (runc refuses it too: it checks the resolved path). So: does the deepest
 * existing part of dest, resolved as the mount will resolve it, lie on or under
 * the rootfs's /proc? Only a path that crosses a symlink needs the answer; for
 * the others (nearly all) it costs one lookup without symlinks. */
static bool ns_resolves_into_proc(int rootfd, const char *dest)
{
	_cleanup_free_ char *path = px_xstrdup(dest);
	_cleanup_close_ int fd = -1, procfd = -1;
	char where[PATH_MAX], proc[PATH_MAX];
	struct px_error ignored;
	size_t n;

	for (;;) {
		fd = ns_open_in_root_no_symlinks(rootfd, path, O_PATH, &ignored);
		if (fd >= 0 || ignored.code != ENOENT)
			break;
		char *slash = strrchr(path, '/'); /* missing: its parent will hold it */
		if (!slash || slash == path)
			return false;
		*slash = '\0';
	}
	if (fd >= 0 || ignored.code != ELOOP)
		return false; /* no symlink on the way: the name is the place */
	fd = ns_open_in_root(rootfd, path, O_PATH, &ignored);
	procfd = ns_open_in_root_no_symlinks(rootfd, "/proc", O_PATH | O_DIRECTORY, &ignored);
	if (fd < 0 || procfd < 0 || !ns_path_of(fd, where, sizeof where) || !ns_path_of(procfd, proc, sizeof proc))
		return false; /* dangling, or no /proc: the mount code says why */
	n = strlen(proc);
	return !strncmp(where, proc, n) && (where[n] == '\0' || where[n] == '/');
}

int ns_check_proc_rules(int rootfd, const struct spec_mount *m, const char *bind_source,
                        struct px_error *err)
{
	_cleanup_free_ char *dest = ns_clean_dest(m->destination);
	bool kernfs = (ns_is_type(m, "proc") || ns_is_type(m, "sysfs")) && !bind_source;

	if (kernfs && ns_check_ordinary_dir(rootfd, m, err) < 0)
		return -1;
	if (!strcmp(dest, "proc"))
		return ns_check_on_proc(m, bind_source, err);
	if (strncmp(dest, "proc/", 5) != 0) {
		if (ns_resolves_into_proc(rootfd, m->destination))
			return px_err(err, EINVAL, "%s resolves into /proc through a symlink in the rootfs: "
			                           "refusing to mount there", m->destination);
		return 0;
	}
	if (kernfs)
		return 0;
	for (size_t i = 0; i < sizeof ns_proc_overridable / sizeof ns_proc_overridable[0]; i++)
		if (!strcmp(dest + 5, ns_proc_overridable[i]))
			return 0;
	return px_err(err, EINVAL, "/%s cannot be mounted because it is inside /proc", dest);
}
