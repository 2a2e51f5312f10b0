/* runtime/launch.h — the parent side of create, shared by `create` and `run`.
 *
 * rt_launch() takes a bundle to a "created" container: config loaded and
 * validated, state dir claimed, cgroup made, init cloned into its namespaces and
 * set up, record saved, pid file written. On any failure it undoes all of it (the
 * child killed and reaped, cgroup and state dir removed) and returns -1.
 * On success the caller owns the rt_launch and calls rt_launch_release().
 */
#ifndef PX_RUNTIME_LAUNCH_H
#define PX_RUNTIME_LAUNCH_H

#include "cgroup/cgroup.h"
#include "runtime/runtime.h"
#include "runtime/state_dir.h"

struct rt_launch {
	struct rt_container ct;
	struct rt_intent intent; /* intent.json, kept open while create runs */
	struct cg_handle *cg;
	pid_t pid;
	int pidfd;
	int console_peer; /* foreground run with a terminal and no --console-socket: our end of the
	                     socket the init sends the pty master on (runtime/console_proxy.h); -1 */
};

int rt_launch(const struct rt_global *g, const struct rt_create_opts *o, struct rt_launch *out,
              struct px_error *err);
void rt_launch_release(struct rt_launch *l);

/* Shared by start and run: open the exec fifo, wait (with the init's pidfd, so a
 * dead init cannot hang us) for the init's byte, then remove the fifo; with
 * start_hooks, wait for the outcome of the startContainer hooks the init runs
 * (runtime/start_hooks.h). Returns only once the init's end of the fifo is
 * closed: it is close-on-exec, so the workload has execve'd (or the init died
 * trying). Until then pid 1 may still be our init, with no handler for a
 * signal the workload would catch, and the kernel drops a signal to a pid 1
 * without one: a `kill` right after `start` must never be lost (runc's start
 * reads its fifo to the end for the same reason). */
int rt_release_init(struct rt_container *ct, int pidfd, bool start_hooks, struct px_error *err);
/* What start does, for start and run: rt_release_init (and the init's
 * startContainer hooks), poststart hooks (runtime/hooks.h). A failed hook kills
 * the init. */
int rt_start_container(struct rt_container *ct, int pidfd, struct px_error *err);

/* Tear a container down: SIGKILL its init (if pidfd >= 0) and every process left in
 * its cgroup, wait, remove the cgroup and the state dir. Used by delete and by run. */
int rt_teardown(const struct rt_global *g, struct rt_container *ct, int pidfd, struct px_error *err);

#endif
