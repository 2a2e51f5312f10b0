/* ns/rootfs_internal.h — the pieces ns_setup_rootfs() is built from (ns/ only).
 *
 * Every path below is a container path ("/dev/null", leading '/' optional) that is
 * resolved inside the rootfs through rootfd, an O_PATH fd of the rootfs directory:
 * a symlink in the image can never make it name a file of the host. Mounts are made
 * onto "/proc/self/fd/N" of an O_PATH fd of the resolved target, so nothing can
 * swap the target for a symlink between the check and the mount (runc and crun do
 * the same). All functions return -1 (or a negative fd) and fill err on failure.
 */
#ifndef PX_NS_ROOTFS_INTERNAL_H
#define PX_NS_ROOTFS_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns/rootfs.h"

/* ---- ns/mount_safe.c ---- */

/* Test hook: pretend the kernel has no openat2(2), to exercise the fallback. */
extern bool ns_mount_safe_no_openat2;

enum ns_target_kind { NS_TARGET_DIR, NS_TARGET_FILE };

/* Open path inside the root (O_PATH | extra flags). ENOENT is reported in
 * err->code so callers can skip missing paths. */
int ns_open_in_root(int rootfd, const char *path, int extra_flags, struct px_error *err);

/* Open path inside the root refusing a symlink at any component (ELOOP, said
 * in err), for paths that must be exactly what they name (maskedPaths). */
int ns_open_in_root_no_symlinks(int rootfd, const char *path, int extra_flags, struct px_error *err);

/* lstat the last component of path inside the root (not followed; the parents
 * are resolved in the root). 1: found, in *st; 0: missing; -1: error. */
struct stat;
int ns_lstat_in_root(int rootfd, const char *path, struct stat *st, struct px_error *err);

/* Open path inside the root, creating missing parent directories (0755) one at a
 * time with mkdirat() and the last component as kind when it is missing. A
 * dangling symlink on the way has its target created instead, inside the root
 * (runc's SecureJoin for mount destinations and devices); ns_open_parent_in_root
 * does the same for the parents. */
int ns_create_in_root(int rootfd, const char *path, enum ns_target_kind kind,
                      struct px_error *err);

/* Open the parent directory of path inside the root (created when missing) and
 * point *base at the last component of path (inside the caller's string). */
int ns_open_parent_in_root(int rootfd, const char *path, const char **base,
                           struct px_error *err);

/* "/proc/self/fd/<fd>" in buf (at least NS_FD_PATH_MAX bytes). */
#define NS_FD_PATH_MAX 32
const char *ns_fd_path(int fd, char *buf);

/* ---- ns/mounts.c ---- */

/* A bind's source path: relative ones are relative to the bundle. malloc'd; NULL
 * when the mount has none. */
char *ns_bind_source(const struct spec_mount *m, const char *bundle);

/* The next source from the runtime (ns_use_mount_sources), or -1 with err when
 * none was arranged. */
int ns_next_host_source(struct px_error *err);
/* linux.devices entry d comes from the runtime (ns_device_from_host, with what
 * ns_use_mount_sources was told). */
bool ns_device_source_wanted(const struct spec_device *d);

/* The rootfs's host path, for bind sources inside it (ns_open_bind_source). */
void ns_mounts_set_rootfs(const char *rootfs);

/* Mount mounts[idx] of the config. */
int ns_mount_entry(int rootfd, const struct spec_mount *m, size_t idx, const char *bundle,
                   struct px_error *err);

/* Remount the mount at target (a path; statfd an fd on the same mount) with
 * MS_REMOUNT|MS_BIND|flags. When the kernel refuses (EPERM: in a user namespace
 * the nosuid/nodev/noexec/atime flags of an inherited mount are locked) retry
 * keeping those flags, as runc does. */
int ns_remount_bind(const char *target, int statfd, unsigned long flags, struct px_error *err);

/* ns_remount_bind() on the mount just made at dest (a container path, resolved
 * again inside the root so that the new mount, not the directory under it, is
 * reached). MS_REC in flags: the mount is a recursive bind, and its submounts get
 * the restricting flags (ro, nosuid, nodev, noexec, nosymfollow) too. */
int ns_remount_in_root(int rootfd, const char *dest, unsigned long flags, struct px_error *err);

/* "mode=" among the data options (NULL: none) */
bool ns_data_has_mode(const char *data);

/* mount(2) onto "/proc/self/fd/<fd>". Returns 0 or -1 with errno set. */
int ns_mount_on_fd(const char *source, int fd, const char *type, unsigned long flags,
                   const char *data);

/* ---- ns/mount_late.c ---- */

/* runc's rules applied to mounts[] entry m before it is made (see mount_late.c):
 * a tmpfs without mode= takes the mode of the directory it covers; a read-only
 * tmpfs or /dev loses MS_RDONLY from f, for ns_mount_late_readonly() to add. */
void ns_mount_late_rules(int rootfd, const struct spec_mount *m, struct ns_mount_flags *f);
/* dest names /dev */
bool ns_dest_is_dev(const char *dest);

/* ---- ns/mount_proc.c ---- */

/* runc's rules for /proc, checked before mounts[idx] is made: a proc or sysfs
 * mount goes on an ordinary directory (no symlink, no file); on /proc itself
 * only a procfs may be mounted; below /proc only the files lxcfs emulates. */
int ns_check_proc_rules(int rootfd, const struct spec_mount *m, const char *bind_source,
                        struct px_error *err);

/* ---- ns/tmpcopyup.c ---- */

/* Copy the tree under the directory fd src (the one a new tmpfs covers, opened
 * before the mount) into the directory fd dst (the tmpfs's root), never following a
 * symlink; then give dst src's owner and, unless keep_mode, its mode. */
int ns_tmpcopyup(int src, int dst, bool keep_mode, struct px_error *err);

/* ---- ns/mount_cgroup.c ---- */

/* A mounts[] entry of type "cgroup": cgroupfs v1 (tmpfs + one bind per host
 * hierarchy of this process's cgroup) or cgroup2. */
int ns_mount_cgroup(int rootfd, const struct spec_mount *m, const struct ns_mount_flags *f,
                    struct px_error *err);

/* ---- ns/devices.c ---- */

/* Default devices and /dev symlinks (unless /dev is a bind: ns/rootfs.c). */
int ns_setup_default_devices(int rootfd, bool in_userns, struct px_error *err);
/* linux.devices[] */
int ns_create_devices(int rootfd, const struct spec_config *c, bool in_userns,
                      struct px_error *err);

/* ---- ns/masked.c ---- */

int ns_mask_paths(int rootfd, const struct spec_config *c, struct px_error *err);
int ns_readonly_paths(int rootfd, const struct spec_config *c, struct px_error *err);

/* ---- ns/pivot.c ---- */

/* Make rootfs "/" and cwd: pivot_root(".", ".") and detach the old root, or, with
 * no_pivot, MS_MOVE the rootfs onto "/" and chroot(".") into it. */
int ns_enter_rootfs(const char *rootfs, bool no_pivot, struct px_error *err);

#endif
