/* tests/helpers/seccomp-agent.c — a seccomp agent for linux.seccomp.listenerPath.
 *
 *   seccomp-agent SOCKET STATE_FILE ERRNO
 *
 * Listens on the unix socket SOCKET, accepts one connection, receives the
 * containerProcessState JSON (written to STATE_FILE) with the SCMP_ACT_NOTIFY
 * listener fd, then answers every notified syscall with -ERRNO, printing
 * "<syscall name>" for each, until the container's processes are gone. Exits 0
 * then, 1 on error.
 */
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char state[1 << 16];

static int receive(const char *path, const char *state_file)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = state, .iov_len = sizeof state - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c;
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0), conn, fd;
	ssize_t n;
	FILE *f;

	if (lfd < 0 || strlen(path) >= sizeof addr.sun_path)
		return -1;
	strcpy(addr.sun_path, path);
	unlink(path);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1) < 0)
		return -1;
	conn = accept(lfd, NULL, NULL);
	if (conn < 0 || (n = recvmsg(conn, &msg, 0)) <= 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	f = fopen(state_file, "w");
	if (!f)
		return -1;
	fwrite(state, 1, (size_t)n, f);
	fclose(f);
	return fd;
}

int main(int argc, char **argv)
{
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: seccomp-agent SOCKET STATE_FILE ERRNO\n");
		return 1;
	}
	fd = receive(argv[1], argv[2]);
	if (fd < 0 || seccomp_notify_alloc(&req, &resp) < 0) {
		fprintf(stderr, "seccomp-agent: no listener received\n");
		return 1;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char *name;
		if (poll(&pfd, 1, -1) < 0 && errno == EINTR)
			continue;
		if (!(pfd.revents & POLLIN)) /* POLLHUP: no process uses the filter any more */
			return 0;
		memset(req, 0, sizeof *req);
		if (seccomp_notify_receive(fd, req) < 0)
			continue; /* the caller died meanwhile */
		name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
		printf("%s\n", name ? name : "?");
		fflush(stdout);
		free(name);
		memset(resp, 0, sizeof *resp);
		resp->id = req->id;
		resp->error = -atoi(argv[3]);
		seccomp_notify_respond(fd, resp);
	}
}
