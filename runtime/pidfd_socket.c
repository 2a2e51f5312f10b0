/* runtime/pidfd_socket.c — see pidfd_socket.h. */
#include "runtime/pidfd_socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "util/cleanup.h"
#include "util/fdpass.h"

int rt_pidfd_socket_send(const char *path, int pidfd, const char *kind, struct px_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	_cleanup_close_ int sock = -1;

	if (strlen(path) >= sizeof addr.sun_path)
		return px_err(err, 0, "--pidfd-socket: %s: path too long for a unix socket", path);
	strcpy(addr.sun_path, path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return px_err(err, errno, "--pidfd-socket: socket");
	if (connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0)
		return px_err(err, errno, "--pidfd-socket: connect to %s", path);
	if (px_send_fd(sock, kind, strlen(kind), pidfd) < 0)
		return px_err(err, errno, "--pidfd-socket: send the pidfd to %s", path);
	return 0;
}
