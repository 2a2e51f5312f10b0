/* tests/helpers/sd-notify.c — sd_notify(3) in a container without libsystemd.
 *
 *   sd-notify [-f FILE] [-p BYTES] [-b] MESSAGE...
 *
 * Sends the MESSAGEs, one per line, as one datagram to $NOTIFY_SOCKET (a path, or
 * "@name" for the abstract namespace). The integration suite copies it into a
 * busybox rootfs to check that pidbox relays READY=1 to the engine's socket; the
 * attack tests use the options to send what a hostile container would:
 *   -f FILE   attach an fd open on FILE (SCM_RIGHTS), as FDSTORE=1 does
 *   -p BYTES  append a line "X=xxx..." making the datagram BYTES longer
 *   -b        sd_notify_barrier(3): attach the write end of a pipe, close ours and
 *             wait (5 s) for the receiver to close it; exit 3 if it never does */
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int send_with_fd(int sock, const struct sockaddr_un *sa, socklen_t salen, const char *msg, size_t len,
                        int fd)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr m = { .msg_name = (void *)sa, .msg_namelen = salen, .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *c;
		memset(&ctl, 0, sizeof ctl);
		m.msg_control = ctl.space;
		m.msg_controllen = sizeof ctl.space;
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	return sendmsg(sock, &m, 0) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *path = getenv("NOTIFY_SOCKET"), *file = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t used = 0, n, pad = 0, cap;
	char *msg;
	int fd, opt, attach = -1, barrier[2] = { -1, -1 }, sndbuf = 4 << 20;

	while ((opt = getopt(argc, argv, "f:p:b")) != -1) {
		if (opt == 'f')
			file = optarg;
		else if (opt == 'p')
			pad = strtoul(optarg, NULL, 10);
		else if (opt == 'b' && pipe(barrier) < 0)
			return perror("pipe"), 1;
		else if (opt != 'b')
			return 2;
	}
	if (!path || !*path || strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "sd-notify: NOTIFY_SOCKET unset or too long\n");
		return 2;
	}
	cap = 4096 + pad;
	msg = calloc(1, cap + 1);
	for (int i = optind; i < argc; i++)
		used += (size_t)snprintf(msg + used, cap - used, "%s%s", i > optind ? "\n" : "", argv[i]);
	if (pad) {
		used += (size_t)snprintf(msg + used, cap - used, "\nX=");
		memset(msg + used, 'x', pad);
		used += pad;
	}
	if (file && (attach = open(file, O_RDONLY)) < 0)
		return perror(file), 1;
	if (barrier[1] >= 0)
		attach = barrier[1];
	n = strlen(path);
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	/* room for a large datagram (capped by net.core.wmem_max without CAP_NET_ADMIN) */
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	if (fd < 0 || send_with_fd(fd, &sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (path[0] != '@')),
	                           msg, used, attach) < 0) {
		perror("sd-notify");
		return 1;
	}
	if (barrier[0] >= 0) {
		struct pollfd p = { .fd = barrier[0], .events = POLLIN };
		close(barrier[1]);
		/* POLLHUP once the receiver closed the write end we sent it */
		if (poll(&p, 1, 5000) <= 0)
			return 3;
	}
	return 0;
}
