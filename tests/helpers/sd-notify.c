/* tests/helpers/sd-notify.c — sd_notify(3) in a container without libsystemd.
 *
 *   sd-notify MESSAGE...
 *
 * Sends the MESSAGEs, one per line, as one datagram to $NOTIFY_SOCKET (a path, or
 * "@name" for the abstract namespace). The integration suite copies it into a
 * busybox rootfs to check that pidbox relays READY=1 to the engine's socket. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[4096] = "";
	size_t used = 0, n;
	int fd;

	if (!path || !*path || strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "sd-notify: NOTIFY_SOCKET unset or too long\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", i > 1 ? "\n" : "", argv[i]);
	n = strlen(path);
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || sendto(fd, msg, used, 0, (struct sockaddr *)&sa,
	                     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (path[0] != '@'))) < 0) {
		perror("sd-notify");
		return 1;
	}
	return 0;
}
