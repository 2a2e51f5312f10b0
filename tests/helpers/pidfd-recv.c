/* tests/helpers/pidfd-recv.c — acts as the engine for --pidfd-socket.
 *
 *   pidfd-recv SOCKET [SIGNAL]
 *
 * Listens on the unix socket SOCKET, accepts one connection and receives one
 * message with an fd attached (SCM_RIGHTS). It checks that the fd is a pidfd
 * (its /proc/self/fdinfo has a "Pid:" line) of a live process
 * (pidfd_send_signal 0), and prints "kind=<message> pid=<Pid>" on stdout. With
 * SIGNAL (a number) it then sends it through the pidfd and waits (up to 10 s)
 * for the process to exit, printing "exited". Exits 0 on success, 1 otherwise.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen_on.h"

static int recv_fd(int sock, char *kind, size_t kind_size)
{
	struct iovec iov = { .iov_base = kind, .iov_len = kind_size - 1 };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c;
	ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	int fd;

	if (n <= 0)
		return -1;
	kind[n] = '\0';
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* The "Pid:" of a pidfd's fdinfo, or -1 when fd is not a pidfd. */
static long pidfd_pid(int fd)
{
	char path[64], line[256];
	long pid = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Pid: %ld", &pid) == 1)
			break;
	fclose(f);
	return pid;
}

int main(int argc, char **argv)
{
	char kind[256];
	int lfd, conn, fd;
	long pid;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pidfd-recv SOCKET [SIGNAL]\n");
		return 1;
	}
	lfd = listen_on(argv[1]);
	if (lfd < 0 || (conn = accept(lfd, NULL, NULL)) < 0 || (fd = recv_fd(conn, kind, sizeof kind)) < 0) {
		perror("pidfd-recv: receive");
		return 1;
	}
	pid = pidfd_pid(fd);
	if (pid <= 0 || syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) < 0) {
		fprintf(stderr, "pidfd-recv: fd %d is not a pidfd of a live process (Pid: %ld)\n", fd, pid);
		return 1;
	}
	printf("kind=%s pid=%ld\n", kind, pid);
	fflush(stdout);
	if (argc == 3) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (syscall(SYS_pidfd_send_signal, fd, atoi(argv[2]), NULL, 0) < 0) {
			perror("pidfd-recv: pidfd_send_signal");
			return 1;
		}
		/* a pidfd polls readable once its process has exited */
		if (poll(&p, 1, 10000) != 1) {
			fprintf(stderr, "pidfd-recv: the process did not exit\n");
			return 1;
		}
		printf("exited\n");
	}
	return 0;
}
