/* runtime/confine.h — the last steps before a container process runs the
 * container's code: hold nothing of the host's, stand inside the container.
 *
 * CVE-2024-21626 ("leaky vessels"): a runtime fd still open while the cwd is
 * entered or args[0] looked up is a door to the host. process.cwd =
 * /proc/self/fd/N (or an image WORKDIR symlinked there, or `exec --cwd`) makes a
 * host directory the cwd, and args[0] = /proc/self/fd/N/../x walks out from it.
 * Two defences, each enough for the known attacks, both always on:
 *  - every fd that is not stdio, passed by the caller (--preserve-fds,
 *    LISTEN_FDS) or still needed (sync socket, exec fifo) is closed first;
 *  - the cwd and args[0] are resolved with openat2(RESOLVE_NO_MAGICLINKS) from
 *    the process's root, which is the container's: no /proc/<pid>/fd, cwd, root
 *    or exe jump, and ".." stops at the container's "/". The cwd is then checked
 *    with getcwd(): a directory outside our root reads "(unreachable)".
 * Used by rt_apply_process() for the container's init and for exec alike.
 */
#ifndef PX_RUNTIME_CONFINE_H
#define PX_RUNTIME_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Close every fd above 3+preserve_fds-1 but those in keep; the --log file goes
 * too (its lines are dropped from then on: errors travel on the sync socket). */
int rt_close_runtime_fds(int preserve_fds, const int *keep, size_t n_keep, struct px_error *err);

/* chdir to cwd (absolute, process.cwd), resolved inside the container and
 * checked to be reachable from its root; create: a missing one is made first
 * (the init's, as runc; an exec'd process's missing cwd is an error, as with
 * runc: exec does not change the container's tree). Errors name process.cwd. */
int rt_enter_cwd(const char *cwd, bool create, struct px_error *err);

/* 0 when path resolves without a magic link and without leaving the container;
 * else the errno to report (ELOOP for a magic link). */
int rt_resolve_in_container(const char *path);

#endif
