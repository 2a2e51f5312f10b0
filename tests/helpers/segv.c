/* tests/helpers/segv.c — die of a real SIGSEGV: a fault is forced through, even
 * on a namespace's pid 1, where `kill -SEGV` is dropped. */
#include <signal.h>

int main(void)
{
	signal(SIGSEGV, SIG_DFL);
	*(volatile int *)0 = 1;
	return 0;
}
