/* ns/init.h — pidbox's built-in pid 1 (`--init`).
 *
 * The container's init process, once set up and released by `start`, calls
 * ns_init_prepare() (block every signal, open a signalfd: from here no signal can
 * be lost or act on the init by default) and then ns_init_spawn(), which forks
 * the workload. In the child (the workload, pid 2) ns_init_spawn() returns 0 and
 * the caller resets signals and execs. The parent never returns: it becomes the
 * reaper loop — reap every child, forward every other signal to the workload (or
 * to its process group, NS_INIT_GROUP), and _exit with the workload's exit code,
 * or 128+signal, as soon as the workload has exited. The loop allocates nothing,
 * opens nothing, prints nothing, and has no way out but the workload's end.
 */
#ifndef PX_NS_INIT_H
#define PX_NS_INIT_H

#include <sys/types.h>

#include "util/error.h"

enum ns_init_mode {
	NS_INIT_NONE = 0,  /* the workload is pid 1 (OCI default) */
	NS_INIT_CHILD = 1, /* --init: forward signals to the workload */
	NS_INIT_GROUP = 2, /* --init-group: forward to the workload's process group */
};

/* Block all signals and return a signalfd for them (close-on-exec), or -1. */
int ns_init_prepare(struct px_error *err);

/* Fork the workload; see above. self_stat_fd: the init's stat file in the host's
 * /proc (-1: unknown), to tell whether the init owns the terminal on stdin (inside the pid namespace the foreground
 * group of a terminal opened outside reads as 0). Returns 0 in the workload, -1
 * if the fork failed (in the init, nothing started). */
int ns_init_spawn(int sfd, enum ns_init_mode mode, int self_stat_fd, struct px_error *err);

/* The exit code the init reports for a wait status: the code, or 128+signal. */
int ns_init_exit_code(int wait_status);

#endif
