/* ns/clone.h — create the container's first process with clone3().
 *
 * ns_clone() is fork()-like: it returns 0 in the child and the child's pid in the
 * parent, with *pidfd set to a pidfd for the child (CLONE_PIDFD). flags are
 * CLONE_NEW* bits. cgroup_fd >= 0 asks for CLONE_INTO_CGROUP (cgroup v2 only).
 * When the kernel lacks clone3 (ENOSYS) or does not know an argument (E2BIG),
 * it falls back to the clone() syscall plus pidfd_open(), said once at debug
 * level; callers never see the branch. With the fallback, cgroup_fd cannot be
 * honoured: *into_cgroup_done tells the caller whether it must move the child
 * into its cgroup itself.
 */
#ifndef PX_NS_CLONE_H
#define PX_NS_CLONE_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

pid_t ns_clone(unsigned long flags, int cgroup_fd, int *pidfd, bool *into_cgroup_done,
               struct px_error *err);

/* pidfd wrappers with fallbacks (pidfd_open → -1/ENOSYS tolerated by callers). */
int ns_pidfd_open(pid_t pid, struct px_error *err);
int ns_pidfd_send_signal(int pidfd, int sig, struct px_error *err);
/* The pid of a pidfd's process in our pid namespace (its fdinfo "Pid:" line, see
 * pidfd_open(2)); ESRCH once it has exited. For a process a hop cloned with
 * CLONE_PARENT, whose pid only its pidfd tells us. */
pid_t ns_pidfd_pid(int pidfd, struct px_error *err);

#endif
