/* runtime/engine_env.h — what engines hand `create`/`run` through pidbox's own
 * environment, done as runc does:
 *
 * LISTEN_FDS (systemd socket activation): when LISTEN_FDS=N is set and LISTEN_PID
 * is our pid, fds 3..3+N-1 are passed to the container before any --preserve-fds,
 * and the process gets LISTEN_FDS=N and LISTEN_PID=1 (it is pid 1 of its namespace).
 * With pidbox's own init (--init) the workload is not pid 1: its LISTEN_PID is
 * rewritten to its own pid just before it execs (rt_listen_pid_fixup).
 *
 * NOTIFY_SOCKET (sd_notify): the container gets NOTIFY_SOCKET=/run/notify/notify.sock,
 * a read-only bind of <state dir>/notify. Once the init is set up, a datagram
 * socket is bound there and a small forwarder process (non-dumpable, detached,
 * no fd of ours but the two it needs) waits for the container's READY=1 and sends
 * the host's NOTIFY_SOCKET "READY=1\nMAINPID=<init's host pid>" and nothing else
 * (as runc: the container's own MAINPID=, STATUS=, FDSTORE= and fds are dropped,
 * the fds closed at once, which answers a BARRIER=1), then exits; it also exits
 * when the init does. Unlike runc, `start` does not block
 * until the container is ready: an engine that waits on its own socket (podman's
 * --sdnotify=container) gets the same messages, and a container that never
 * notifies cannot hang `start`.
 */
#ifndef PX_RUNTIME_ENGINE_ENV_H
#define PX_RUNTIME_ENGINE_ENV_H

#include <stddef.h>
#include <sys/types.h>

#include "runtime/state_dir.h"
#include "spec/config.h"
#include "util/error.h"

#define RT_NOTIFY_DIR "notify"
#define RT_NOTIFY_SOCK "notify.sock"
#define RT_NOTIFY_IN_CONTAINER "/run/notify"

/* N from LISTEN_FDS when LISTEN_PID is ours, else 0. */
int rt_listen_fds(void);

/* In the workload's process just before execve, when it is not pid 1 (--init):
 * a LISTEN_PID=1 entry of env becomes LISTEN_PID=<our pid>. */
void rt_listen_pid_fixup(char **env);

/* With the state dir claimed and before the init is cloned: patch the config text
 * (and re-parse *config from it) for LISTEN_FDS and NOTIFY_SOCKET, make
 * <state dir>/notify. Nothing to do: returns 0 untouched. */
int rt_engine_env_apply(const struct rt_container *ct, int listen_fds, char **json, size_t *len,
                        struct spec_config **config, struct px_error *err);

/* With the init set up: bind the notify socket and start its forwarder (when
 * NOTIFY_SOCKET is set). */
int rt_notify_start(const struct rt_container *ct, pid_t init_pid, int init_pidfd, struct px_error *err);

#endif
