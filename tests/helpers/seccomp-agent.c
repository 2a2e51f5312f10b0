/* tests/helpers/seccomp-agent.c — a seccomp agent for linux.seccomp.listenerPath.
 *
 *   seccomp-agent SOCKET STATE_FILE ERRNO
 *
 *   seccomp-agent SOCKET STATE_FILE ERRNO COUNT
 *
 * Listens on the unix socket SOCKET, accepts COUNT connections (default 1: the
 * init's; more for exec'd processes), receives from each the
 * containerProcessState JSON (appended to STATE_FILE, one per line) with the
 * SCMP_ACT_NOTIFY listener fd, and answers every notified syscall with -ERRNO,
 * printing "<syscall name>" for each, until COUNT listeners came and the processes
 * using them are gone. Exits 0 then, 1 on error.
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

static int listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (lfd < 0 || strlen(path) >= sizeof addr.sun_path)
		return -1;
	strcpy(addr.sun_path, path);
	unlink(path);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 4) < 0)
		return -1;
	return lfd;
}

/* One connection: the state (appended to state_file, one JSON per line) and the fd. */
static int receive(int lfd, const char *state_file)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = state, .iov_len = sizeof state - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c;
	int conn, fd;
	ssize_t n;
	FILE *f;

	conn = accept(lfd, NULL, NULL);
	if (conn < 0 || (n = recvmsg(conn, &msg, 0)) <= 0)
		return -1;
	close(conn);
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	f = fopen(state_file, "a");
	if (!f)
		return -1;
	fwrite(state, 1, (size_t)n, f);
	fputc('\n', f);
	fclose(f);
	return fd;
}

static void answer(int fd, struct seccomp_notif *req, struct seccomp_notif_resp *resp, int error)
{
	char *name;

	memset(req, 0, sizeof *req);
	if (seccomp_notify_receive(fd, req) < 0)
		return; /* the caller died meanwhile */
	name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
	printf("%s\n", name ? name : "?");
	fflush(stdout);
	free(name);
	memset(resp, 0, sizeof *resp);
	resp->id = req->id;
	resp->error = -error;
	seccomp_notify_respond(fd, resp);
}

int main(int argc, char **argv)
{
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct pollfd pfd[9];
	int want, got = 0, live = 0;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: seccomp-agent SOCKET STATE_FILE ERRNO [COUNT]\n");
		return 1;
	}
	want = argc == 5 ? atoi(argv[4]) : 1;
	if (want < 1 || want > 8 || (pfd[0].fd = listen_on(argv[1])) < 0 || seccomp_notify_alloc(&req, &resp) < 0) {
		fprintf(stderr, "seccomp-agent: cannot listen on %s\n", argv[1]);
		return 1;
	}
	pfd[0].events = POLLIN;
	/* until COUNT listeners came and no process uses any of them any more */
	while (got < want || live > 0) {
		if (poll(pfd, (nfds_t)(1 + got), -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		for (int i = 1; i <= got; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (pfd[i].revents & POLLIN) {
				answer(pfd[i].fd, req, resp, atoi(argv[3]));
				continue;
			}
			close(pfd[i].fd); /* POLLHUP: no process uses this filter any more */
			pfd[i].fd = -1;
			live--;
		}
		if (got < want && (pfd[0].revents & POLLIN)) {
			int fd = receive(pfd[0].fd, argv[2]);
			if (fd < 0) {
				fprintf(stderr, "seccomp-agent: no listener received\n");
				return 1;
			}
			got++;
			live++;
			pfd[got] = (struct pollfd){ .fd = fd, .events = POLLIN };
			if (got == want)
				pfd[0].events = 0;
		}
	}
	return 0;
}
