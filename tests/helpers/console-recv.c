/* tests/helpers/console-recv.c — acts as the engine for --console-socket.
 *
 *   console-recv SOCKET SECONDS INPUT...
 *
 * Listens on the unix socket SOCKET, accepts one connection, receives the pty
 * master sent with SCM_RIGHTS (and prints the payload on stderr as
 * "payload: ..."), types each INPUT into it, and copies everything
 * the container writes to its terminal to stdout until the terminal closes (the
 * container's processes are gone: read gives EIO) or SECONDS pass. Exits 0 when
 * it received a terminal and saw it close, 1 on error, 2 on timeout.
 * An INPUT "?MARKER" types nothing: the next ones wait until MARKER has been
 * seen on the terminal (and half a second more).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "listen_on.h"

static int recv_fd(int sock)
{
	char payload[256] = "";
	struct iovec iov = { .iov_base = payload, .iov_len = sizeof payload - 1 };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c;
	int fd;
	ssize_t n = recvmsg(sock, &msg, 0);

	if (n <= 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	fprintf(stderr, "payload: %s\n", payload);
	return fd;
}

/* Everything read so far, to look for "?MARKER" inputs. */
static char screen[1 << 16];
static size_t screen_len;

int main(int argc, char **argv)
{
	int lfd, conn, master, next = 3;
	time_t deadline;
	char buf[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: console-recv SOCKET SECONDS INPUT...\n");
		return 1;
	}
	deadline = time(NULL) + atoi(argv[2]);
	lfd = listen_on(argv[1]);
	if (lfd < 0) {
		perror("console-recv: listen");
		return 1;
	}
	conn = accept(lfd, NULL, NULL);
	if (conn < 0 || (master = recv_fd(conn)) < 0) {
		fprintf(stderr, "console-recv: no terminal received\n");
		return 1;
	}
	for (;;) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		int left = (int)(deadline - time(NULL));
		ssize_t n;
		/* type what is due: plain inputs at once, a "?MARKER" waits until the
		 * screen shows MARKER, then half a second more for what it announced
		 * (a foreground job) to be running */
		while (next < argc) {
			if (argv[next][0] == '?') {
				if (!memmem(screen, screen_len, argv[next] + 1, strlen(argv[next] + 1)))
					break;
				usleep(500000);
			} else if (write(master, argv[next], strlen(argv[next])) < 0) {
				perror("console-recv: type");
			}
			next++;
		}
		if (left <= 0 || poll(&pfd, 1, left * 1000) == 0) {
			fprintf(stderr, "console-recv: timed out\n");
			return 2;
		}
		n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* EIO: the last holder of the slave is gone */
			return 0;
		fwrite(buf, 1, (size_t)n, stdout);
		fflush(stdout);
		if (screen_len + (size_t)n <= sizeof screen) {
			memcpy(screen + screen_len, buf, (size_t)n);
			screen_len += (size_t)n;
		}
	}
}
