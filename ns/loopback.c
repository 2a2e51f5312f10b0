/* ns/loopback.c — see loopback.h. */
#include "ns/loopback.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/cleanup.h"

int ns_loopback_up(struct px_error *err)
{
	struct ifreq ifr = { 0 };
	_cleanup_close_ int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return px_err(err, errno, "network namespace: socket to bring lo up");
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return px_err(err, errno, "network namespace: read the flags of lo");
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		return px_err(err, errno, "network namespace: bring lo up");
	return 0;
}
