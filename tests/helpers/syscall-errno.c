/* tests/helpers/syscall-errno.c — copied into a container to see what its
 * seccomp filter answers:
 *
 *   syscall-errno NR...
 *
 * makes syscall NR (all arguments 0) for each NR and prints "NR ERRNO-NAME"
 * ("NR ok" when it succeeded). Static, so it runs in the busybox rootfs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		long nr = strtol(argv[i], NULL, 0);
		long rc;
		errno = 0;
		rc = syscall(nr, 0, 0, 0, 0, 0, 0);
		if (rc >= 0)
			printf("%ld ok\n", nr);
		else
			printf("%ld %s\n", nr, errno == ENOSYS ? "ENOSYS" : errno == EPERM ? "EPERM" : strerrorname_np(errno));
	}
	return 0;
}
