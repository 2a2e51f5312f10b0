/* tests/helpers/listen_on.h — the listening side of the helpers that play an
 * engine (console-recv, pidfd-recv). Header-only: each helper is one file. */
#ifndef PX_TESTS_HELPERS_LISTEN_ON_H
#define PX_TESTS_HELPERS_LISTEN_ON_H

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The socket appears at PATH only once it listens: tests wait for the file, and
 * a connect between bind() and listen() would be refused. So bind a temporary
 * name, listen, then rename it into place (the socket follows its inode). */
static inline int listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) + 4 >= sizeof addr.sun_path)
		return -1;
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s.new", path);
	unlink(addr.sun_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0 ||
	    rename(addr.sun_path, path) < 0)
		return -1;
	return fd;
}

#endif
