/* runtime/pidfd_socket.h — `--pidfd-socket PATH` of create, run and exec (runc
 * 1.2+): the engine gets a pidfd of the container's process, a handle that
 * cannot be mistaken for a recycled pid, to signal and wait on it.
 *
 * The wire format is runc's: connect to the unix stream socket at PATH and send
 * one message whose data is the kind of process ("standard" for a container's
 * init, "setns" for an exec'd process) with the pidfd attached (SCM_RIGHTS).
 * pidbox sends the pidfd it holds from the clone (CLONE_PIDFD), from the host
 * side, once the process exists and before create/exec returns.
 */
#ifndef PX_RUNTIME_PIDFD_SOCKET_H
#define PX_RUNTIME_PIDFD_SOCKET_H

#include "util/error.h"

#define RT_PIDFD_KIND_INIT "standard"
#define RT_PIDFD_KIND_EXEC "setns"

/* Errors name --pidfd-socket and the path. */
int rt_pidfd_socket_send(const char *path, int pidfd, const char *kind, struct px_error *err);

#endif
