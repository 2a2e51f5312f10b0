/* runtime/pidfd_socket.c — see pidfd_socket.h. */
#include "runtime/pidfd_socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "util/cleanup.h"
#include "util/fdpass.h"

int rt_pidfd_socket_send(const char *path, int pidfd, const char *kind, struct px_error *err)
{
	_cleanup_close_ int sock = px_unix_connect(path, "--pidfd-socket", err);

	if (sock < 0)
		return -1;
	if (px_send_fd(sock, kind, strlen(kind), pidfd) < 0)
		return px_err(err, errno, "--pidfd-socket: send the pidfd to %s", path);
	return 0;
}
