/* tests/helpers/orphans.c — leave orphans for pid 1 to reap (the zombie storm).
 *
 *   orphans N
 *
 * Forks N children; each forks a grandchild and exits at once, so every
 * grandchild is reparented to the namespace's init (or the nearest subreaper)
 * and, exiting immediately too, becomes a zombie there unless it is reaped.
 * The children are reaped here, so only the N orphans are left for pid 1.
 * Static, with no exec per process: 2N forks take well under a second. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("orphans: fork");
			return 1;
		}
		if (pid == 0) {
			if (fork() < 0)
				_exit(1);
			_exit(0); /* the grandchild (and this child) exit at once */
		}
		while (waitpid(pid, NULL, 0) < 0)
			;
	}
	return 0;
}
