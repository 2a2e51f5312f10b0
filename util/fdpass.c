#include "util/fdpass.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "util/cleanup.h"
#include "util/error.h"

int px_send_fd(int sock, const void *payload, size_t len, int fd)
{
	struct iovec iov = { .iov_base = (void *)payload, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align; /* CMSG_* need the buffer aligned for a cmsghdr */
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c;
	ssize_t n;

	memset(&u, 0, sizeof u);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int px_unix_connect(const char *path, const char *what, struct px_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;

	if (strlen(path) >= sizeof addr.sun_path)
		return px_err(err, 0, "%s: %s: path too long for a unix socket", what, path);
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return px_err(err, errno, "%s: socket", what);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		return px_err(err, errno, "%s: connect to %s", what, path);
	return px_steal_fd(&fd);
}
