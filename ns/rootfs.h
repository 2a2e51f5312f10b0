/* ns/rootfs.h — build the container's filesystem view, run inside the child after
 * it is in its new mount namespace (and user namespace, with maps written).
 *
 * ns_setup_rootfs() does, in order (runtime-spec config.md "Mounts", config-linux.md):
 *  1. make "/" recursively MS_SLAVE/PRIVATE (rootfsPropagation or rslave by
 *     default) so nothing leaks to the host;
 *  2. bind-mount the rootfs onto itself (pivot_root needs a mount point);
 *  3. every mounts[] entry in order, with its options (flags, propagation, data,
 *     bind/rbind, remount for ro binds, the recursive r* options, idmapped binds
 *     and a user namespace's bind sources from the runtime); destinations are resolved *inside* the
 *     rootfs without following symlinks out of it (openat2 RESOLVE_IN_ROOT, mount
 *     through /proc/self/fd/N), so a malicious image cannot redirect a mount onto
 *     the host;
 *  4. /dev: unless the config binds /dev (runc's rule), create the default devices
 *     (null zero full random urandom tty, ptmx -> pts/ptmx, fd/stdin/stdout/stderr
 *     symlinks) on the config's /dev mount or in the image's own /dev (refused if a
 *     symlink), and linux.devices (mknod; in a user namespace, where mknod is not
 *     allowed, the node the runtime made (ns/device_source.c), or with a rootless
 *     runtime the host's node bound);
 *  5. maskedPaths (bind /dev/null on files, read-only tmpfs on dirs),
 *     readonlyPaths (bind + remount ro), both resolved inside the rootfs like the
 *     mounts (done before the pivot, while the host's /proc/self/fd is at hand);
 *  6. pivot_root (or, with no_pivot, MS_MOVE + chroot), detach the old root;
 *     root.readonly (remount / ro, keeping flags a user namespace locks);
 *  7. rootfsPropagation applied to the new "/".
 * After it returns the process's cwd is "/" of the container.
 * A config without a mount namespace (runtime/shared_mntns.h) gets only step 4
 * and a chroot into the rootfs: the process is in the runtime's mount namespace.
 */
#ifndef PX_NS_ROOTFS_H
#define PX_NS_ROOTFS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

/* rootfs: absolute host path of the container's root (already resolved from
 * root.path and the bundle). bundle: absolute bundle dir, for relative mount
 * sources. in_userns: the process is in a new user namespace (mknod is not allowed,
 * devices are bind-mounted instead). */
int ns_setup_rootfs(const struct spec_config *c, const char *rootfs, const char *bundle,
                    bool no_pivot, bool in_userns, struct px_error *err);
/* The same, calling before_pivot(arg, err) (when not NULL) between steps 5 and 6:
 * where the OCI create hooks run (mounts done, pivot_root not yet). Its failure
 * is returned as is. */
/* Open directory path inside the root (rootfd: an O_PATH fd of it), creating what
 * is missing (0755 before the umask) one component at a time, never through a
 * symlink out of the root or a /proc magic link (ns/mount_safe.c); a dangling
 * symlink on the way is refused (ELOOP), as runc's MkdirAll of a cwd does. Returns
 * an O_PATH fd or -1 with err. */
int ns_mkdir_in_root(int rootfd, const char *path, struct px_error *err);

typedef int (*ns_before_pivot_fn)(void *arg, struct px_error *err);
int ns_setup_rootfs_with(const struct spec_config *c, const char *rootfs, const char *bundle, bool no_pivot,
                         bool in_userns, ns_before_pivot_fn before_pivot, void *arg, struct px_error *err);

/* After ns_setup_rootfs*() and the console, in the new root: make read-only the
 * tmpfs mounts and the /dev mount the config asks to be, which were mounted
 * writable so that the rootfs could be completed (ns/mount_late.c). */
int ns_mount_late_readonly(const struct spec_config *c, struct px_error *err);

/* From now on, in this process, a "proc" mount is a clone of the detached procfs
 * mount fd (runtime/pidns_procfs.h: the procfs of a pid namespace this process
 * is not in), not a new procfs of our own pid namespace. Its options went into
 * that procfs when it was made; the mount flags are applied to each clone. */
void ns_use_procfs_mount(int fd);

/* ---- bind sources opened by the runtime (ns/mount_source.c) ----
 * In a user namespace, and for every idmapped mount, a bind's source is not
 * opened by the container's setup but by a helper of the runtime with its host
 * credentials, inside the container's mount namespace, and handed over as a
 * detached mount (runtime/mount_sources.h). */

/* mounts[] entry m is idmapped: uid/gidMappings, or the idmap/ridmap option. */
bool ns_mount_is_idmapped(const struct spec_mount *m);
/* m is a bind whose source comes from the runtime (see above); pure. root: the
 * runtime runs as the host's root. A rootless runtime's credentials are no better
 * than the container's root's (its own id), and it may not join the container's
 * mount namespace (CAP_SYS_CHROOT): then only idmapped mounts come from it (and
 * fail, as the kernel allows them only to the host's root). */
bool ns_mount_from_host(const struct spec_config *c, const struct spec_mount *m, bool root);
/* linux.devices entry d is made by the runtime (a device node in a user
 * namespace, root runtime only: ns/device_source.c); pure. */
bool ns_device_from_host(const struct spec_config *c, const struct spec_device *d, bool root);
/* Any mount or device of c is (the runtime must serve them). */
bool ns_config_mounts_from_host(const struct spec_config *c, bool root);
/* Helper side: the detached mount for mounts[idx] (a clone of its source,
 * propagation private or slave, idmapped with the mount's mappings or, without,
 * with container_userns: an fd of the container's user namespace, -1 if none).
 * rootfs, bundle: absolute host paths. Returns the fd or -1 with err. */
int ns_open_mount_source(const struct spec_config *c, size_t idx, const char *rootfs, const char *bundle,
                         int container_userns, struct px_error *err);
/* Helper side: linux.devices[idx] as a mount of one node on a tmpfs of the
 * host's, with the configured mode and owner (mapped to host ids through the
 * maps of process pid, read in proc_fd). Returns the fd or -1 with err. */
int ns_make_device_source(const struct spec_config *c, size_t idx, int proc_fd, pid_t pid, struct px_error *err);
/* An O_PATH fd of bind source src: inside rootfs resolved as in the container
 * (RESOLVE_IN_ROOT, no /proc magic link), outside it as the host path it is. */
int ns_open_bind_source(const char *rootfs, const char *src, struct px_error *err);
/* Container side: from now on, a mount for which ns_mount_from_host(c, m, root)
 * holds, then a device for which ns_device_from_host(c, d, root) holds, takes its source from
 * get(arg, err) (a detached mount fd, or -1 with err), asked for in the config's
 * order. */
typedef int (*ns_mount_source_fn)(void *arg, struct px_error *err);
void ns_use_mount_sources(const struct spec_config *c, bool root, ns_mount_source_fn get, void *arg);

/* Parse one mount option string list into mount flags, propagation flags and the
 * data string (pure, exported for unit tests). Unknown options are passed on as
 * data, as runc does. *data is malloc'd (may be NULL). Returns 0 or -1 on a
 * malformed option. */
struct ns_mount_flags {
	unsigned long flags;       /* MS_* applied by mount(2) */
	unsigned long clear_flags; /* flags explicitly cleared (e.g. "rw", "suid") */
	unsigned long propagation; /* MS_SHARED|MS_SLAVE|MS_PRIVATE|MS_UNBINDABLE (|MS_REC) */
	bool bind, rbind;
	bool tmpcopyup; /* fill a new tmpfs with what it covers (ns/tmpcopyup.c) */
	/* MOUNT_ATTR_* set and cleared on the whole tree (rro, rnosuid, ...); an
	 * atime mode asked for shows as MOUNT_ATTR__ATIME in rec_clr */
	uint64_t rec_set, rec_clr;
	bool idmap, idmap_rec; /* "idmap" / "ridmap" */
	char *data;
};
int ns_parse_mount_options(char *const *options, size_t n, struct ns_mount_flags *out,
                           struct px_error *err);
void ns_mount_flags_free(struct ns_mount_flags *m);

#endif
