/* ns/mounts.c — one mounts[] entry: create the destination inside the rootfs,
 * mount onto it through its fd, then the second passes the kernel needs (remount
 * for flags on a bind, propagation in its own call).
 *
 * Errors read "mounts[4] (/sys/fs/cgroup): mount cgroup: Operation not permitted".
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

/* Flags a bind mount only gets through a remount (MS_BIND ignores them). */
#define NS_REMOUNT_FLAGS                                                                  \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC |     \
	 MS_MANDLOCK | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME |        \
	 MS_LAZYTIME | MS_NOSYMFOLLOW)

int ns_mount_on_fd(const char *source, int fd, const char *type, unsigned long flags,
                   const char *data)
{
	char target[NS_FD_PATH_MAX];

	return mount(source, ns_fd_path(fd, target), type, flags, data);
}

/* The flags of the mount under statfd the kernel will not let a user namespace
 * drop (mount_namespaces(7) "locked" mounts): keep them in the remount. */
static unsigned long ns_locked_flags(int statfd, unsigned long wanted)
{
	struct statvfs sv;
	unsigned long keep;

	if (fstatvfs(statfd, &sv) < 0)
		return 0;
	/* ST_* values equal the MS_* ones for these bits (statvfs(3)). */
	keep = sv.f_flag & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC);
	/* The atime mode is locked as a whole: keep the source's unless one was asked. */
	if (!(wanted & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME)))
		keep |= sv.f_flag & (ST_NOATIME | ST_NODIRATIME | ST_RELATIME);
	return keep;
}

int ns_remount_bind(const char *target, int statfd, unsigned long flags, struct px_error *err)
{
	unsigned long base = MS_REMOUNT | MS_BIND;

	if (mount(NULL, target, NULL, base | flags, NULL) == 0)
		return 0;
	if (errno == EPERM) {
		unsigned long keep = ns_locked_flags(statfd, flags);

		px_debug("remount %s: EPERM, retrying with the locked flags %#lx", target, keep);
		if (mount(NULL, target, NULL, base | flags | keep, NULL) == 0)
			return 0;
	}
	return px_err(err, errno, "remount with flags %#lx", flags);
}

/* The flags that take something away from whoever uses the mount, as mount_setattr(2)
 * attributes. */
static uint64_t ns_restricting_attrs(unsigned long flags)
{
	return (flags & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) | (flags & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
	       (flags & MS_NODEV ? MOUNT_ATTR_NODEV : 0) | (flags & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0) |
	       (flags & MS_NOSYMFOLLOW ? MOUNT_ATTR_NOSYMFOLLOW : 0);
}

/* A remount changes one mount: the submounts an rbind brought along (the host's
 * /sys/fs/cgroup hierarchies under a bound /sys) would stay writable. Set the
 * restricting flags on the whole tree in one call; flags a submount has already
 * are kept, none is cleared. */
static int ns_restrict_tree(int fd, unsigned long flags, struct px_error *err)
{
	struct mount_attr attr = { .attr_set = ns_restricting_attrs(flags) };

	if (!attr.attr_set)
		return 0;
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) == 0)
		return 0;
	if (errno == ENOSYS)
		return px_err(err, ENOSYS, "flags %#lx on the mounts under a recursive bind need "
		                           "mount_setattr(2) (Linux 5.12)", flags);
	return px_err(err, errno, "mount_setattr(AT_RECURSIVE) with flags %#lx", flags);
}

int ns_remount_in_root(int rootfd, const char *dest, unsigned long flags, struct px_error *err)
{
	/* Resolved again: the fd the mount was made through still names the directory
	 * *under* the new mount, the remount must reach the new mount itself. */
	_cleanup_close_ int fd = ns_open_in_root(rootfd, dest, O_PATH, err);
	char target[NS_FD_PATH_MAX];

	if (fd < 0)
		return -1;
	if (ns_remount_bind(ns_fd_path(fd, target), fd, flags & ~MS_REC, err) < 0)
		return -1;
	return flags & MS_REC ? ns_restrict_tree(fd, flags, err) : 0;
}

/* "bind" type or a bind/rbind option makes a bind mount (runc's rule). */
static bool ns_is_bind(const struct spec_mount *m, const struct ns_mount_flags *f)
{
	return f->bind || (m->type && strcmp(m->type, "bind") == 0);
}

/* Bind sources are host paths; relative ones are relative to the bundle. */
char *ns_bind_source(const struct spec_mount *m, const char *bundle)
{
	if (!m->source || !*m->source)
		return NULL;
	if (m->source[0] == '/' || !bundle)
		return px_xstrdup(m->source);
	return px_asprintf("%s/%s", bundle, m->source);
}


static const struct spec_config *source_config;
static bool source_root;
static ns_mount_source_fn source_get;
static void *source_arg;

void ns_use_mount_sources(const struct spec_config *c, bool root, ns_mount_source_fn get, void *arg)
{
	source_config = c;
	source_root = root;
	source_get = get;
	source_arg = arg;
}

bool ns_device_source_wanted(const struct spec_device *d)
{
	return source_get && ns_device_from_host(source_config, d, source_root);
}

int ns_next_host_source(struct px_error *err)
{
	if (!source_get)
		return px_err(err, 0, "needs the runtime's source helper");
	return source_get(source_arg, err);
}

/* The bind's flags, which MS_BIND ignores, by a remount of the new mount. */
static int ns_bind_flags(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                         struct px_error *err)
{
	if (!(f->flags & NS_REMOUNT_FLAGS))
		return 0;
	return ns_remount_in_root(rootfd, m->destination,
	                          (f->flags & NS_REMOUNT_FLAGS) | (f->rbind ? MS_REC : 0), err);
}

/* A bind whose source the runtime opened (ns/mount_source.c): its detached clone
 * is moved onto the destination. */
static int ns_mount_bind_from_host(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                                   struct px_error *err)
{
	_cleanup_close_ int tree = ns_next_host_source(err);
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (tree < 0)
		return -1;
	if (fstat(tree, &st) < 0)
		return px_err(err, errno, "stat the source");
	fd = ns_create_in_root(rootfd, m->destination, S_ISDIR(st.st_mode) ? NS_TARGET_DIR : NS_TARGET_FILE, err);
	if (fd < 0)
		return -1;
	if (move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return px_err(err, errno, "move the source's mount onto the destination");
	return ns_bind_flags(rootfd, m, f, err);
}

static const char *bind_rootfs;

void ns_mounts_set_rootfs(const char *rootfs)
{
	bind_rootfs = rootfs;
}

static int ns_mount_bind(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                         const char *bundle, struct px_error *err)
{
	_cleanup_free_ char *src = ns_bind_source(m, bundle);
	_cleanup_close_ int fd = -1, srcfd = -1;
	char srcpath[NS_FD_PATH_MAX], target[NS_FD_PATH_MAX];
	struct stat st;

	if (!src)
		return px_err(err, 0, "bind mount needs a source");
	if (source_get && ns_mount_from_host(source_config, m, source_root))
		return ns_mount_bind_from_host(rootfd, m, f, err);
	if (ns_mount_is_idmapped(m))
		return px_err(err, 0, "idmapped mounts need the runtime's source helper");
	/* a source in the rootfs is resolved as the container sees it (ns/mount_source.c) */
	srcfd = ns_open_bind_source(bind_rootfs ? bind_rootfs : "/nonexistent/", src, err);
	if (srcfd < 0)
		return -1;
	if (fstat(srcfd, &st) < 0)
		return px_err(err, errno, "source %s", src);
	fd = ns_create_in_root(rootfd, m->destination,
	                       S_ISDIR(st.st_mode) ? NS_TARGET_DIR : NS_TARGET_FILE, err);
	if (fd < 0)
		return -1;
	if (mount(ns_fd_path(srcfd, srcpath), ns_fd_path(fd, target), NULL, MS_BIND | (f->rbind ? MS_REC : 0),
	          NULL) < 0)
		return px_err(err, errno, "bind %s", src);
	return ns_bind_flags(rootfd, m, f, err);
}

bool ns_data_has_mode(const char *data)
{
	return data && (strncmp(data, "mode=", 5) == 0 || strstr(data, ",mode="));
}

/* A tmpfs with tmpcopyup: mounted writable, filled with what it covers (read
 * through covered, an fd opened before the mount), then made read-only if asked. */
static int ns_mount_tmpcopyup(int rootfd, const struct spec_mount *m,
                              const struct ns_mount_flags *f, int fd, struct px_error *err)
{
	_cleanup_close_ int covered = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int top = -1, root = -1;

	if (covered < 0)
		return px_err(err, errno, "open the directory tmpcopyup copies");
	if (ns_mount_on_fd(m->source ? m->source : "tmpfs", fd, "tmpfs", f->flags & ~MS_RDONLY,
	                   f->data) < 0)
		return px_err(err, errno, "mount tmpfs");
	/* resolved again: the new mount's root, not the directory under it */
	top = ns_open_in_root(rootfd, m->destination, O_PATH, err);
	if (top < 0)
		return -1;
	root = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return px_err(err, errno, "open the new tmpfs");
	if (ns_tmpcopyup(covered, root, ns_data_has_mode(f->data), err) < 0)
		return -1;
	if (!(f->flags & MS_RDONLY))
		return 0;
	return ns_remount_in_root(rootfd, m->destination, f->flags & NS_REMOUNT_FLAGS, err);
}

static int procfs_mount = -1;
static bool procfs_mount_attached;

void ns_use_procfs_mount(int fd)
{
	procfs_mount = fd;
	procfs_mount_attached = false;
}

/* A clone of procfs_mount onto fd, then its mount flags. A clone, so that every
 * proc mount of the config gets one; but a kernel that cannot clone a detached
 * mount (fsmount's, before it is attached: EINVAL on Debian 12's 6.1) gets the
 * mount itself the first time, and clones of it, attached by then, after. */
static int ns_mount_procfs_clone(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                                 int fd, struct px_error *err)
{
	_cleanup_close_ int clone = open_tree(procfs_mount, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	int src = clone;

	if (clone < 0 && errno == EINVAL && !procfs_mount_attached)
		src = procfs_mount;
	else if (clone < 0)
		return px_err(err, errno, "clone the procfs of the joined pid namespace");
	if (move_mount(src, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return px_err(err, errno, "mount proc");
	if (src == procfs_mount)
		procfs_mount_attached = true;
	if (!(f->flags & NS_REMOUNT_FLAGS))
		return 0;
	return ns_remount_in_root(rootfd, m->destination, f->flags & NS_REMOUNT_FLAGS, err);
}

static int ns_mount_fs(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                       struct px_error *err)
{
	_cleanup_close_ int fd = ns_create_in_root(rootfd, m->destination, NS_TARGET_DIR, err);
	const char *type = m->type ? m->type : "none";
	bool sysfs, mqueue;
	const char *host;

	if (fd < 0)
		return -1;
	if (f->tmpcopyup) {
		if (strcmp(type, "tmpfs") != 0)
			return px_err(err, 0, "option tmpcopyup is only for type tmpfs, not %s", type);
		return ns_mount_tmpcopyup(rootfd, m, f, fd, err);
	}
	if (procfs_mount >= 0 && strcmp(type, "proc") == 0)
		return ns_mount_procfs_clone(rootfd, m, f, fd, err);
	if (ns_mount_on_fd(m->source ? m->source : type, fd, type, f->flags, f->data) == 0)
		return 0;
	sysfs = strcmp(type, "sysfs") == 0;
	mqueue = strcmp(type, "mqueue") == 0;
	host = sysfs ? "/sys" : "/dev/mqueue";
	/* sysfs needs a network namespace owned by our user namespace, mqueue an IPC
	 * one; without it the kernel says EPERM and runc binds the host's /sys
	 * (/dev/mqueue) instead. We do the same. */
	if (errno != EPERM || !(sysfs || mqueue))
		return px_err(err, errno, "mount %s", type);
	px_debug("mount %s: EPERM, binding the host's %s instead", type, host);
	if (ns_mount_on_fd(host, fd, NULL, MS_BIND | MS_REC, NULL) < 0)
		return px_err(err, errno, "bind %s (fallback for %s)", host, type);
	if (!(f->flags & NS_REMOUNT_FLAGS))
		return 0;
	return ns_remount_in_root(rootfd, m->destination, (f->flags & NS_REMOUNT_FLAGS) | MS_REC, err);
}

/* rro, rnosuid, ratime, ...: the attributes on the new mount and every mount
 * under it (an rbind's submounts, a cgroup v1 tmpfs's hierarchies), in one call. */
static int ns_apply_rec_attrs(int rootfd, const char *dest, const struct ns_mount_flags *f,
                              struct px_error *err)
{
	struct mount_attr attr = { .attr_set = f->rec_set, .attr_clr = f->rec_clr };
	_cleanup_close_ int fd = -1;

	if (!f->rec_set && !f->rec_clr)
		return 0;
	/* resolved again: the new mount, not the directory under it */
	fd = ns_open_in_root(rootfd, dest, O_PATH, err);
	if (fd < 0)
		return -1;
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) == 0)
		return 0;
	if (errno == ENOSYS)
		return px_err(err, ENOSYS, "recursive mount options need mount_setattr(2) (Linux 5.12)");
	/* EPERM in a user namespace: a flag of a mount under it is locked
	 * (mount_namespaces(7)); the kernel does not say which. */
	return px_err(err, errno, "recursive options (mount_setattr set %#llx clear %#llx)",
	              (unsigned long long)attr.attr_set, (unsigned long long)attr.attr_clr);
}

static int ns_apply_propagation(int rootfd, const char *dest, unsigned long prop,
                                struct px_error *err)
{
	_cleanup_close_ int fd = ns_open_in_root(rootfd, dest, O_PATH, err);

	if (fd < 0)
		return -1;
	if (ns_mount_on_fd(NULL, fd, NULL, prop, NULL) < 0)
		return px_err(err, errno, "set propagation %#lx", prop);
	return 0;
}

static int ns_mount_entry_inner(int rootfd, const struct spec_mount *m,
                                const struct ns_mount_flags *f, const char *bundle,
                                struct px_error *err)
{
	_cleanup_free_ char *bind_source = ns_is_bind(m, f) ? ns_bind_source(m, bundle) : NULL;
	int r;

	if (ns_check_proc_rules(rootfd, m, bind_source, err) < 0)
		return -1;
	if (ns_is_bind(m, f))
		r = ns_mount_bind(rootfd, m, f, bundle, err);
	else if (m->type && strcmp(m->type, "cgroup") == 0)
		r = ns_mount_cgroup(rootfd, m, f, err);
	else
		r = ns_mount_fs(rootfd, m, f, err);
	if (r < 0 || ns_apply_rec_attrs(rootfd, m->destination, f, err) < 0)
		return -1;
	if (f->propagation)
		return ns_apply_propagation(rootfd, m->destination, f->propagation, err);
	return 0;
}

int ns_mount_entry(int rootfd, const struct spec_mount *m, size_t idx, const char *bundle,
                   struct px_error *err)
{
	struct ns_mount_flags f;
	const char *dest = m->destination ? m->destination : "";
	int r;

	if (!*dest)
		return px_err(err, 0, "mounts[%zu]: destination is empty", idx);
	if (ns_parse_mount_options(m->options, m->n_options, &f, err) < 0)
		return px_err_prefix(err, "mounts[%zu] (%s)", idx, dest);
	ns_mount_late_rules(rootfd, m, &f);
	px_debug("mounts[%zu]: %s on %s type %s flags %#lx data %s", idx,
	         m->source ? m->source : "-", dest, m->type ? m->type : "-", f.flags,
	         f.data ? f.data : "-");
	r = ns_mount_entry_inner(rootfd, m, &f, bundle, err);
	ns_mount_flags_free(&f);
	if (r < 0)
		return px_err_prefix(err, "mounts[%zu] (%s)", idx, dest);
	return 0;
}
