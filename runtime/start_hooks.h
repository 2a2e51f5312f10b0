/* runtime/start_hooks.h — startContainer hooks, run by the container's init.
 *
 * runtime-spec: startContainer hooks run in the container's namespaces; runc runs
 * them from its init, after the user change, the capability drop, no_new_privs
 * and seccomp, inside the container's cgroup, with the init's environment
 * (process.env). So does pidbox: a hook path is image-controlled, and run by the
 * runtime it would get the runtime's privileges.
 *
 * Their outcome travels on the exec fifo, whose write end the init holds and
 * whose read end `start` holds: the init writes "0" once start opened the fifo
 * (the release, as without hooks), runs the hooks, then writes "1" (all ran
 * fine) or "E" and the error text, and exits on an error. Either way its end
 * of the fifo is close-on-exec and stays open until the workload's execve (or
 * the init's death): start reads to the end of the fifo, so it returns only
 * once the workload runs (runtime/launch.h). `start` knows from the
 * config kept at create whether there are such hooks; only then does it wait
 * for the outcome (no cost otherwise), and a failure fails start, which stops
 * the container (runtime-spec 1.3).
 */
#ifndef PX_RUNTIME_START_HOOKS_H
#define PX_RUNTIME_START_HOOKS_H

#include "runtime/child.h"
#include "util/error.h"

/* In the init, just released (fifo_fd open for writing, close-on-exec): run the
 * startContainer hooks if the config has any and report their outcome on the
 * fifo. Returns on success, fifo_fd still open (the execve closes it); on a
 * failure the init exits. */
void rt_init_start_hooks(const struct rt_child_args *a, int fifo_fd);

/* In start, after the release byte: wait for the hooks' outcome on the fifo and
 * then its end (the workload's execve), polling the init's pidfd too. -1 with
 * the hook's error, or an error saying the init died meanwhile. */
int rt_await_start_hooks(int fifo, int pidfd, struct px_error *err);

#endif
