/* runtime/pidns_hop.h — the init's way into a pid namespace joined by path.
 *
 * A process enters a pid namespace only by being born in it, to a parent that
 * called setns(CLONE_NEWPID). Whatever is born there is visible to the processes
 * already inside, which may hold CAP_SYS_PTRACE: then neither "non-dumpable" nor
 * anything else keeps them out of its /proc/<pid>/exe, fd/N, root and cwd. So
 * what is born there must already be what the container will be:
 *  - not running the host's pidbox binary (they could reopen it for writing once
 *    idle and replace the runtime: CVE-2019-5736);
 *  - holding no host fd (the host's /proc, the --log file, a directory of the
 *    rootfs before pivot_root: fd/N/.. walks out of it), and with its root and cwd
 *    in the container's tree, pivot_root done and the host's tree detached
 *    (/proc/<pid>/root and cwd lead to the host before that).
 * And the runtime itself must not join: every process it forks afterwards
 * (hooks, the notify forwarder, the console proxy) would be born inside too.
 *
 * So the runtime clones its child in its own pid namespace with no new
 * namespaces; the child re-executes from the read-only bind of the binary as
 * always (runtime/init_reexec.h) and, in rt_pidns_hop_enter(), gets the
 * namespace's procfs from a helper that holds nothing (runtime/pidns_procfs.h),
 * joins the pid namespace for its children only, and unshares the config's new
 * namespaces itself (the runtime writes its id maps, RT_MSG_MAPS; for an
 * ordinary user's runtime, while the child is dumpable for that moment alone:
 * make_namespaces says why that is safe). It then does
 * the whole setup of an init, invisible from the namespace: sysctls, cgroup,
 * mounts (the container's /proc is that procfs), create hooks, pivot_root,
 * oomScoreAdj and LSM labels (inherited by the init), the pty opened, every
 * runtime fd closed and the cwd entered (runtime/confine.h), then the seccomp
 * profile (without noNewPrivileges) and the user and capabilities change: the
 * init must not be born with the runtime's capabilities either, or a process of
 * the namespace with CAP_SYS_PTRACE could PTRACE_ATTACH it and use them. Only
 * there, in rt_pidns_hop_clone_init(), does it clone the init, with CLONE_PARENT
 * (the runtime's child, so it can wait for it), send its pidfd
 * (RT_MSG_INIT_PIDFD) and exit. The init makes its session (and the pty its
 * terminal) and goes on: PR_SET_PDEATHSIG, args[0], noNewPrivileges, ready, wait.
 * Caveats: the create hooks see the child's pid (the init does not exist yet),
 * and createContainer hooks, which join the child's namespaces, stay in our pid
 * namespace (in the joined one, before pivot_root, the container would see a
 * process whose root is the host's); pids.limit is written once the child is
 * gone. The clone happens under the seccomp profile of a config without
 * noNewPrivileges (it must allow clone or clone3 without namespace flags, as
 * Docker's default does) and counts against a non-root user's RLIMIT_NPROC.
 * The hop costs two forks and a message more than a plain create, only for a pid
 * namespace joined by path.
 */
#ifndef PX_RUNTIME_PIDNS_HOP_H
#define PX_RUNTIME_PIDNS_HOP_H

#include <sys/types.h>

#include "runtime/child.h"
#include "spec/config.h"
#include "util/error.h"

/* In the re-executed child, before its setup: see above. 0 once it is root of
 * its new user namespace (if any); -1 with err. */
int rt_pidns_hop_enter(struct rt_child_args *a, struct px_error *err);

/* In the child, its runtime fds closed, the cwd entered, its credentials the
 * container's (an after_caps step of rt_apply_process; arg: the rt_child_args):
 * clone the init. Returns 0 in the init, in a session of its own (with its
 * terminal, if any); the child exits. */
int rt_pidns_hop_clone_init(void *arg, struct px_error *err);

/* A new pid namespace inside a user namespace joined by path. The child joins the
 * user namespace and unshares the new ones (they must be owned by it); unshare
 * puts only its children in the new pid namespace. So, as runc's nsexec does, once
 * the child has its cgroup (and cgroup namespace) it clones the init, pid 1 of the
 * namespace, with CLONE_PARENT, sends its pidfd (RT_MSG_INIT_PIDFD, right after
 * PLACED) and exits; the init does the whole setup. Nothing is in that namespace
 * before the init, so none of the caution above applies. */
bool rt_pidns_new_in_joined_userns(const struct spec_config *c);
/* In the child, after PLACED: 0 in the init; the child exits. */
int rt_pidns_new_clone_init(struct rt_child_args *a, struct px_error *err);

/* In the runtime, after GO, when the child makes a user namespace: write its id
 * maps when it asks, say GO. */
int rt_pidns_hop_maps(int sync_fd, const struct spec_config *c, pid_t pid, struct px_error *err);

/* In the runtime: receive the init, reap the child, make *pid and *pidfd the
 * init's. */
int rt_pidns_hop_adopt(int sync_fd, pid_t *pid, int *pidfd, struct px_error *err);

#endif
