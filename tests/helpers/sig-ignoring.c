/* tests/helpers/sig-ignoring.c — run a command with signals ignored and blocked.
 *
 *   sig-ignoring COMMAND [ARG...]
 *
 * Ignores SIGHUP, SIGUSR1 and glibc's two internal realtime signals (32, 33),
 * blocks SIGUSR2, then execs COMMAND. Ignored dispositions and the mask survive
 * execve, so a runtime started this way hands them to its workload unless it
 * resets them; the integration suite checks pidbox does. 32 and 33 need the raw
 * system calls: glibc's signal() and sigprocmask() refuse or filter them. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

int main(int argc, char **argv)
{
	const struct kernel_sigaction ign = { .handler = SIG_IGN };
	const int ignored[] = { SIGHUP, SIGUSR1, 32, 33 };
	uint64_t block = 1ULL << (SIGUSR2 - 1);

	if (argc < 2) {
		fprintf(stderr, "usage: sig-ignoring COMMAND [ARG...]\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		if (syscall(SYS_rt_sigaction, ignored[i], &ign, NULL, sizeof ign.mask) < 0) {
			perror("rt_sigaction");
			return 1;
		}
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, sizeof block) < 0) {
		perror("rt_sigprocmask");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
