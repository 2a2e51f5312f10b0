/* tests/helpers/print-ids.c — prints "ruid euid" of itself. Installed setuid-root
 * in a container's rootfs it shows whether the setuid bit took effect (busybox
 * cannot: it drops a setuid root on its own). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("%u %u\n", (unsigned)getuid(), (unsigned)geteuid());
	return 0;
}
