/* ns/mount_source.c — bind sources opened with the runtime's host credentials, as
 * detached mounts (open_tree(OPEN_TREE_CLONE)), idmapped when asked.
 *
 * Why: in a user namespace the container's setup runs as an id the host may not
 * let through (a source under a root-only directory fails EACCES when the
 * namespace maps 0 elsewhere), and an idmapped mount needs CAP_SYS_ADMIN over the
 * filesystem's user namespace, which only the host's root has. runc and crun open
 * such sources in the runtime and pass them in as fds; so do we
 * (runtime/mount_sources.h).
 *
 * Where: the helper that calls ns_open_mount_source() has joined the container's
 * mount namespace first. A clone made there is a copy of the mounts the container
 * was given, with the flags the kernel locked for its user namespace
 * (mount_namespaces(7)): the container cannot clear a nodev or nosuid the host set.
 * A clone made in the host's namespace would carry no lock at all (seen on 6.18:
 * a remount dropping nodev succeeded). It also sees the mounts the container made
 * before, so the config's order holds for a source inside an earlier mount.
 *
 * What is followed: a source inside the rootfs is the image's, and a symlink there
 * is resolved as the container would see it (RESOLVE_IN_ROOT, no /proc magic
 * link): an image cannot point a bind at the host's /etc. A source outside it is
 * the config author's own host path, resolved as given (an engine may bind
 * /proc/<pid>/ns/net).
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static bool ns_has_opt(const struct spec_mount *m, const char *a, const char *b)
{
	for (size_t i = 0; i < m->n_options; i++)
		if (!strcmp(m->options[i], a) || (b && !strcmp(m->options[i], b)))
			return true;
	return false;
}

bool ns_mount_is_idmapped(const struct spec_mount *m)
{
	return m->n_uid_mappings || ns_has_opt(m, "idmap", "ridmap");
}

bool ns_mount_from_host(const struct spec_config *c, const struct spec_mount *m, bool root)
{
	bool bind = (m->type && !strcmp(m->type, "bind")) || ns_has_opt(m, "bind", "rbind");

	return bind && (ns_mount_is_idmapped(m) || (root && spec_has_namespace(c, CLONE_NEWUSER)));
}

bool ns_config_mounts_from_host(const struct spec_config *c, bool root)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (ns_mount_from_host(c, &c->mounts[i], root))
			return true;
	for (size_t i = 0; i < c->linux_.n_devices; i++)
		if (ns_device_from_host(c, &c->linux_.devices[i], root))
			return true;
	return false;
}

int ns_open_bind_source(const char *rootfs, const char *src, struct px_error *err)
{
	size_t n = strlen(rootfs);
	_cleanup_close_ int root = -1;
	int fd;

	while (n > 1 && rootfs[n - 1] == '/')
		n--;
	if (strncmp(src, rootfs, n) != 0 || (src[n] != '/' && src[n] != '\0')) {
		fd = open(src, O_PATH | O_CLOEXEC);
		return fd >= 0 ? fd : px_err(err, errno, "source %s", src);
	}
	root = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return px_err(err, errno, "open rootfs %s", rootfs);
	/* ns/mount_safe.c: RESOLVE_IN_ROOT, or without openat2 a walk refusing symlinks */
	fd = ns_open_in_root(root, src + n, O_PATH, err);
	return fd >= 0 ? fd : px_err_prefix(err, "source (in the rootfs)");
}

/* A user namespace holding maps, for mount_setattr(MOUNT_ATTR_IDMAP): a child
 * made in one that waits on a pipe, its maps written by us, its ns opened, then
 * it is gone. Returns the namespace's fd. */
static int ns_userns_with_maps(const struct spec_mount *m, struct px_error *err)
{
	const struct spec_id_mapping *maps[2] = { m->uid_mappings, m->gid_mappings };
	const size_t n[2] = { m->n_uid_mappings, m->n_gid_mappings };
	const char *file[2] = { "uid_map", "gid_map" };
	int p[2], fd = -1;
	char path[64];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return px_err(err, errno, "pipe");
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		char c;
		close(p[1]);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return px_err(err, errno, "clone a user namespace for the mount's id mappings");
	}
	for (int k = 0; k < 2; k++) {
		char buf[64 * SPEC_MAX_ID_MAPPINGS];
		size_t used = 0;

		for (size_t i = 0; i < n[k]; i++)
			used += (size_t)snprintf(buf + used, sizeof buf - used, "%u %u %u\n", maps[k][i].container_id,
			                         maps[k][i].host_id, maps[k][i].size);
		snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file[k]);
		if (px_write_knob_at(AT_FDCWD, path, buf, err) < 0) {
			px_err_prefix(err, "%s", k ? "gidMappings" : "uidMappings");
			goto out;
		}
	}
	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		px_err(err, errno, "open %s", path);
out:
	close(p[1]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return fd;
}

/* Make the clone's propagation ours, then its id mapping. Private for an
 * idmapped mount (a host mount appearing under it would not be mapped), else as
 * the rootfs's (slave by default: host mounts still come in, ours never go out).
 * Either way no "shared:" peer of the host's is left. */
static int ns_set_source_attrs(int tree, const struct spec_config *c, const struct spec_mount *m,
                               bool recursive_idmap, int container_userns, struct px_error *err)
{
	bool idmapped = ns_mount_is_idmapped(m);
	struct mount_attr prop = { .propagation = idmapped || (c->linux_.rootfs_propagation & MS_PRIVATE)
		                                          ? MS_PRIVATE : MS_SLAVE };
	_cleanup_close_ int own = -1;
	struct mount_attr idmap = { .attr_set = MOUNT_ATTR_IDMAP };

	if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &prop, sizeof prop) < 0)
		return px_err(err, errno, "make the source's clone %s", idmapped ? "private" : "a slave");
	if (!idmapped)
		return 0;
	if (m->n_uid_mappings) {
		own = ns_userns_with_maps(m, err);
		if (own < 0)
			return -1;
		idmap.userns_fd = (uint64_t)own;
	} else if (container_userns >= 0) {
		idmap.userns_fd = (uint64_t)container_userns;
	} else {
		return px_err(err, EINVAL, "idmap: no uidMappings/gidMappings and no user namespace to take "
		                           "them from");
	}
	if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive_idmap ? AT_RECURSIVE : 0), &idmap,
	            sizeof idmap) == 0)
		return 0;
	if (errno == EINVAL)
		return px_err(err, EINVAL, "idmap: the kernel refused (a filesystem without idmapped "
		                           "mounts, or a mount already idmapped)");
	return px_err(err, errno, "idmap: mount_setattr(MOUNT_ATTR_IDMAP)");
}

int ns_open_mount_source(const struct spec_config *c, size_t idx, const char *rootfs, const char *bundle,
                         int container_userns, struct px_error *err)
{
	const struct spec_mount *m = &c->mounts[idx];
	struct ns_mount_flags f;
	_cleanup_free_ char *src = ns_bind_source(m, bundle);
	_cleanup_close_ int fd = -1, tree = -1;
	int rc;

	if (!src)
		return px_err(err, 0, "mounts[%zu]: bind mount needs a source", idx);
	if (ns_parse_mount_options(m->options, m->n_options, &f, err) < 0)
		return px_err_prefix(err, "mounts[%zu] (%s)", idx, m->destination);
	fd = ns_open_bind_source(rootfs, src, err);
	if (fd >= 0)
		tree = (int)syscall(SYS_open_tree, fd, "",
		                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (f.rbind ? AT_RECURSIVE : 0));
	if (fd >= 0 && tree < 0)
		px_err(err, errno, "open_tree(OPEN_TREE_CLONE) %s", src);
	rc = tree < 0 ? -1 : ns_set_source_attrs(tree, c, m, f.idmap_rec, container_userns, err);
	ns_mount_flags_free(&f);
	if (rc < 0)
		return px_err_prefix(err, "mounts[%zu] (%s)", idx, m->destination);
	return px_steal_fd(&tree);
}
