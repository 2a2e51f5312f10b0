/* util/fdpass.h — hand a file descriptor to another process over a unix socket
 * (SCM_RIGHTS), the one way the runtime passes fds: the parent/child protocol,
 * the pty master to an engine's --console-socket, a seccomp listener to its agent.
 *
 * px_send_fd sends len bytes of payload (at least one: a message carrying only
 * control data is not delivered on a stream socket) with fd attached, retrying on
 * EINTR and never raising SIGPIPE. Returns 0, or -1 with errno set; callers name
 * what failed. */
#ifndef PX_UTIL_FDPASS_H
#define PX_UTIL_FDPASS_H

#include <stddef.h>

int px_send_fd(int sock, const void *payload, size_t len, int fd);

struct px_error;
/* Connect a SOCK_STREAM|SOCK_CLOEXEC unix socket to path (an engine's socket:
 * --console-socket, --pidfd-socket); errors name the flag `what`. Returns the fd,
 * or -1. */
int px_unix_connect(const char *path, const char *what, struct px_error *err);

#endif
