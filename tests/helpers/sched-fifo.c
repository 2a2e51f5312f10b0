/* tests/helpers/sched-fifo.c — copied into a container's rootfs: switch to
 * SCHED_FIFO priority 1 and say whether the kernel let us ("fifo-ok", or
 * "fifo-failed: <errno text>" and exit 1). On cgroup v1 a group without realtime
 * budget (cpu.rt_runtime_us 0) gets EPERM; that is what the tests check. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct sched_param p = { .sched_priority = 1 };

	if (sched_setscheduler(0, SCHED_FIFO, &p) < 0) {
		printf("fifo-failed: %s\n", strerror(errno));
		return 1;
	}
	printf("fifo-ok\n");
	return 0;
}
