/* ns/mount_cgroup.c — a mounts[] entry of type "cgroup".
 *
 * cgroup v1 (and hybrid hosts, v1 controllers plus a cgroup2 mount): the container
 * gets what runc gives it — a tmpfs at the destination and, for every v1 hierarchy
 * the host has mounted, a bind of the directory of *this process's own cgroup* in
 * that hierarchy, so the container sees its cgroup as the root and nothing above.
 * Comounted controllers ("cpu,cpuacct") get one directory and a symlink per
 * controller; named hierarchies ("name=systemd") are bound like any other under
 * the name without "name=". The binds and, last, the tmpfs are made read-only when
 * the entry is "ro". The host's cgroup2 mount of a hybrid host is not exposed.
 * In a cgroup namespace of its own our cgroup's host path cannot be read from
 * mountinfo (the host mounts' roots show as "/../.." there), so each hierarchy is
 * mounted afresh instead: the kernel roots a cgroup mount made inside a cgroup
 * namespace at the namespace's root, which is the container's cgroup.
 *
 * cgroup v2: mount cgroup2 (the kernel roots it at our cgroup when we have a cgroup
 * namespace); when it refuses (EPERM/EBUSY: no cgroup namespace of our own), bind
 * the host's directory of our cgroup instead, as runc does.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define NS_CG_TMPFS_FLAGS (MS_NOEXEC | MS_NOSUID | MS_NODEV)
#define NS_CG_BIND_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | \
                          MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)

/* One v1 hierarchy as the container will see it. */
struct ns_cg_hier {
	char *name;   /* directory under the destination: "cpu,cpuacct", "systemd" */
	char *source; /* host path of our cgroup in it, or NULL: mount afresh with... */
	char *fresh;  /* ...these options ("cpu,cpuacct", "none,name=systemd") */
};

static void ns_cg_hier_free(struct ns_cg_hier *h)
{
	free(h->name);
	free(h->source);
	free(h->fresh);
}

/* Does the comma list `ctrls` ("cpu,cpuacct") consist only of words of the
 * comma list `superopts` ("rw,cpu,cpuacct")? */
static bool ns_all_in(const char *ctrls, const char *superopts)
{
	_cleanup_free_ char *c = px_xstrdup(ctrls);
	char *save = NULL;

	for (char *t = strtok_r(c, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t n = strlen(t);
		const char *p = superopts;
		bool found = false;

		while (!found && (p = strstr(p, t))) {
			found = (p == superopts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0');
			p += n;
		}
		if (!found)
			return false;
	}
	return true;
}

/* Our cgroup path in the hierarchy whose superopts are given, from the text of
 * /proc/self/cgroup ("4:memory:/a/b"); *ctrls gets the controller list. */
static const char *ns_own_cgroup(char *selfcg, const char *superopts, char **ctrls)
{
	char *save = NULL;

	for (char *l = strtok_r(selfcg, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *c = strchr(l, ':'), *path;

		if (!c || !(path = strchr(c + 1, ':')))
			continue;
		*path++ = '\0';
		if (c[1] && ns_all_in(c + 1, superopts)) {
			*ctrls = c + 1;
			return path;
		}
	}
	return NULL;
}

/* Parse one mountinfo line; if it is a v1 cgroup mount, fill h. */
static bool ns_cg_parse_line(char *line, const char *selfcg_text, struct ns_cg_hier *h)
{
	char *f[6] = { 0 }, *save = NULL, *dash = strstr(line, " - ");
	_cleanup_free_ char *selfcg = NULL;
	char *fstype, *superopts, *ctrls = NULL;
	const char *own, *rel;
	size_t i = 0, rootlen;

	if (!dash)
		return false;
	*dash = '\0';
	for (char *t = strtok_r(line, " ", &save); t && i < 6; t = strtok_r(NULL, " ", &save))
		f[i++] = t;
	fstype = strtok_r(dash + 3, " ", &save);
	(void)strtok_r(NULL, " ", &save); /* mount source */
	superopts = strtok_r(NULL, " ", &save);
	if (i < 5 || !fstype || !superopts || strcmp(fstype, "cgroup") != 0)
		return false;
	/* ns_own_cgroup cuts its text up: a fresh copy per cgroup mount only. */
	selfcg = px_xstrdup(selfcg_text);
	own = ns_own_cgroup(selfcg, superopts, &ctrls);
	if (!own)
		return false;
	/* f[3] is the root of the mount inside the hierarchy; our path is below it
	 * unless we are in a cgroup namespace, where the mount root is the answer.
	 * "Below" means at a '/': a root "/a" is no prefix of our "/ab", whose
	 * remainder would name the host's sibling cgroup "<mnt>b". */
	rootlen = strcmp(f[3], "/") == 0 ? 0 : strlen(f[3]);
	h->name = px_xstrdup(strncmp(ctrls, "name=", 5) == 0 ? ctrls + 5 : ctrls);
	if (strncmp(own, f[3], rootlen) == 0 && (own[rootlen] == '/' || own[rootlen] == '\0')) {
		rel = own + rootlen;
		h->source = px_asprintf("%s%s", f[4], rel);
	} else if (strncmp(f[3], "/..", 3) == 0) {
		/* a cgroup namespace: the host mount's root lies above ours (see top) */
		h->fresh = strncmp(ctrls, "name=", 5) == 0 ? px_asprintf("none,%s", ctrls) : px_xstrdup(ctrls);
	} else {
		/* our cgroup is outside what this mount shows: its root is the closest */
		h->source = px_xstrdup(f[4]);
	}
	return true;
}

static int ns_cg_bind_one(int rootfd, const char *dest, const struct ns_cg_hier *h,
                          unsigned long flags, struct px_error *err)
{
	_cleanup_free_ char *sub = px_asprintf("%s/%s", dest, h->name);
	_cleanup_close_ int fd = ns_create_in_root(rootfd, sub, NS_TARGET_DIR, err);

	if (fd < 0)
		return -1;
	if (h->fresh) {
		if (ns_mount_on_fd("cgroup", fd, "cgroup", flags & NS_CG_BIND_FLAGS, h->fresh) < 0)
			return px_err(err, errno, "mount cgroup -o %s on %s", h->fresh, sub);
		return 0;
	}
	if (ns_mount_on_fd(h->source, fd, NULL, MS_BIND | MS_REC, NULL) < 0)
		return px_err(err, errno, "bind %s on %s", h->source, sub);
	if (!(flags & NS_CG_BIND_FLAGS))
		return 0;
	if (ns_remount_in_root(rootfd, sub, (flags & NS_CG_BIND_FLAGS) | MS_REC, err) < 0)
		return px_err_prefix(err, "%s", sub);
	return 0;
}

/* "cpu,cpuacct" is one hierarchy: give each controller a symlink to it. */
static int ns_cg_comount_links(int rootfd, const char *dest, const char *name,
                               struct px_error *err)
{
	_cleanup_close_ int dfd = -1;
	_cleanup_free_ char *copy = NULL;
	char *save = NULL;

	if (!strchr(name, ','))
		return 0;
	dfd = ns_open_in_root(rootfd, dest, O_PATH | O_DIRECTORY, err);
	if (dfd < 0)
		return -1;
	copy = px_xstrdup(name);
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (symlinkat(name, dfd, t) < 0 && errno != EEXIST)
			return px_err(err, errno, "symlink %s/%s", dest, t);
	}
	return 0;
}

/* Has the hierarchy `name` been bound already? Records it if not. seen is a
 * ",a,b," list. */
static bool ns_cg_seen(char **seen, const char *name)
{
	_cleanup_free_ char *key = px_asprintf(",%s,", name);
	char *more;

	if (strstr(*seen, key))
		return true;
	more = px_asprintf("%s%s,", *seen, name);
	free(*seen);
	*seen = more;
	return false;
}

static int ns_cg_each_hierarchy(int rootfd, const char *dest, unsigned long flags,
                                struct px_error *err)
{
	_cleanup_free_ char *mi = NULL, *selfcg = NULL;
	_cleanup_free_ char *seen = px_xstrdup(",");
	char *save = NULL;

	if (px_read_file("/proc/self/mountinfo", &mi, NULL, err) < 0 ||
	    px_read_file("/proc/self/cgroup", &selfcg, NULL, err) < 0)
		return -1;
	for (char *l = strtok_r(mi, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct ns_cg_hier h = { 0 };
		int r;

		if (!ns_cg_parse_line(l, selfcg, &h))
			continue;
		/* The first mount of a hierarchy is the host's; later ones are copies,
		 * e.g. inside this very rootfs after a /sys rbind, and may already be
		 * covered by our tmpfs. */
		if (ns_cg_seen(&seen, h.name)) {
			ns_cg_hier_free(&h);
			continue;
		}
		px_debug("cgroup v1: %s/%s from %s", dest, h.name, h.source ? h.source : "a fresh mount");
		r = ns_cg_bind_one(rootfd, dest, &h, flags, err);
		if (r == 0)
			r = ns_cg_comount_links(rootfd, dest, h.name, err);
		ns_cg_hier_free(&h);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int ns_mount_cgroup_v1(int rootfd, const struct spec_mount *m,
                              const struct ns_mount_flags *f, struct px_error *err)
{
	_cleanup_close_ int fd = ns_create_in_root(rootfd, m->destination, NS_TARGET_DIR, err);

	if (fd < 0)
		return -1;
	if (ns_mount_on_fd("tmpfs", fd, "tmpfs", NS_CG_TMPFS_FLAGS, "mode=755") < 0)
		return px_err(err, errno, "mount tmpfs for cgroup v1");
	if (ns_cg_each_hierarchy(rootfd, m->destination, f->flags, err) < 0)
		return -1;
	if (!(f->flags & MS_RDONLY))
		return 0;
	/* Read-only last: the binds and symlinks above need a writable tmpfs. */
	return ns_remount_in_root(rootfd, m->destination, MS_RDONLY | NS_CG_TMPFS_FLAGS, err);
}

/* Our cgroup2 path from "0::/path" in /proc/self/cgroup. */
static char *ns_cg2_own_path(struct px_error *err)
{
	_cleanup_free_ char *selfcg = NULL;
	char *p;

	if (px_read_file("/proc/self/cgroup", &selfcg, NULL, err) < 0)
		return NULL;
	p = strstr(selfcg, "0::");
	if (!p || (p != selfcg && p[-1] != '\n')) {
		px_err(err, 0, "/proc/self/cgroup: no cgroup2 line");
		return NULL;
	}
	p += 3;
	p[strcspn(p, "\n")] = '\0';
	return px_asprintf("/sys/fs/cgroup%s", p);
}

/* EBUSY: the host's cgroup2 is mounted here already (a /sys bound from the host
 * when the container has no network namespace of its own, as rootless), and the
 * kernel will not stack a superblock's root on itself. A tmpfs in between, as
 * crun does, and the container's own cgroup2 on it. 0, or -1 with errno. */
static int ns_cg2_over_tmpfs(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f, int fd)
{
	struct px_error ignored;
	_cleanup_close_ int top = -1;

	if (ns_mount_on_fd("tmpfs", fd, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=4k") < 0)
		return -1;
	top = ns_open_in_root(rootfd, m->destination, O_PATH | O_DIRECTORY, &ignored);
	if (top < 0)
		return -1;
	return ns_mount_on_fd("cgroup2", top, "cgroup2", f->flags, f->data);
}

static int ns_mount_cgroup_v2(int rootfd, const struct spec_mount *m,
                              const struct ns_mount_flags *f, struct px_error *err)
{
	_cleanup_close_ int fd = ns_create_in_root(rootfd, m->destination, NS_TARGET_DIR, err);
	_cleanup_free_ char *src = NULL;

	if (fd < 0)
		return -1;
	if (ns_mount_on_fd("cgroup2", fd, "cgroup2", f->flags, f->data) == 0)
		return 0;
	int e = errno;
	if (e == EBUSY && ns_cg2_over_tmpfs(rootfd, m, f, fd) == 0)
		return 0;
	if (e != EPERM && e != EBUSY)
		return px_err(err, e, "mount cgroup2");
	src = ns_cg2_own_path(err);
	if (!src)
		return -1;
	px_debug("mount cgroup2 refused (%s), binding %s", strerror(e), src);
	if (ns_mount_on_fd(src, fd, NULL, MS_BIND | MS_REC, NULL) < 0)
		return px_err(err, errno, "bind %s (cgroup2 fallback)", src);
	if (!(f->flags & NS_CG_BIND_FLAGS))
		return 0;
	return ns_remount_in_root(rootfd, m->destination, (f->flags & NS_CG_BIND_FLAGS) | MS_REC, err);
}

int ns_mount_cgroup(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                    struct px_error *err)
{
	struct statfs sf;
	int r;

	if (statfs("/sys/fs/cgroup", &sf) < 0)
		return px_err(err, errno, "statfs /sys/fs/cgroup");
	if (sf.f_type == CGROUP2_SUPER_MAGIC)
		r = ns_mount_cgroup_v2(rootfd, m, f, err);
	else
		r = ns_mount_cgroup_v1(rootfd, m, f, err);
	if (r < 0)
		return px_err_prefix(err, "mount cgroup");
	return 0;
}
