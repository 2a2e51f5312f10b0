/* ns/join_pidfd.h — join the namespaces of a running process (for `exec`).
 *
 * ns_join_pidfd() moves the caller into the namespaces `flags` (CLONE_NEW*) of the
 * process behind pidfd in one setns(pidfd, flags) call (Linux 5.8+): the kernel
 * switches all of them atomically, user namespace first, so a failure leaves the
 * caller where it was. On older kernels (setns refuses a pidfd with EINVAL) it
 * opens /proc/<pid>/ns/<type> for each, checks the pidfd's process is still alive
 * (so the files belong to it and not to a process that reused its pid), and joins
 * them one by one: user first (its capabilities permit the rest), mount last.
 *
 * A pid namespace join only affects the caller's future children (setns(2)).
 * Joining one's own user namespace is an error (EINVAL), so callers pass only
 * the namespaces that differ from their own: ns_differing_flags().
 */
#ifndef PX_NS_JOIN_PIDFD_H
#define PX_NS_JOIN_PIDFD_H

#include <sys/types.h>

#include "util/error.h"

/* The CLONE_NEW* flags of the namespaces in which pid differs from the caller. A
 * namespace type the kernel does not have (no /proc/self/ns/<type>) is left out. */
int ns_differing_flags(pid_t pid, unsigned long *flags, struct px_error *err);

int ns_join_pidfd(int pidfd, pid_t pid, unsigned long flags, struct px_error *err);

/* The root directory of the process behind pidfd (pid: its number in our /proc),
 * as an O_PATH fd, checked to be that process's (ESRCH when it exited). For a
 * container without a mount namespace of its own, whose root is a chroot that
 * joining its (the host's) mount namespace does not give: ns_enter_root() after
 * the join. */
int ns_open_root_of(int pidfd, pid_t pid, struct px_error *err);
/* chroot into the directory fd, closed; cwd "/" of it. */
int ns_enter_root(int fd, struct px_error *err);

#endif
