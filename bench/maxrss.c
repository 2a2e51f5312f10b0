/* bench/maxrss.c — the peak resident set of one command, for bench/rss.
 *
 *   maxrss CMD [ARG...]
 *
 * Runs CMD (stdin, stdout and stderr inherited), waits for it with wait4 and
 * prints to stderr, as the last line, "maxrss: KIB STATUS" where KIB is the
 * ru_maxrss wait4 returned (KiB) and STATUS CMD's exit status (128+N when killed
 * by signal N); exits with CMD's status.
 *
 * What ru_maxrss counts (Linux): the largest resident set of CMD's process over
 * all the images it executed (the kernel keeps the maximum across execve, so a
 * runtime that re-executes itself reports the larger of its images), and of every
 * descendant CMD waited for (wait4 returns the child's own usage and that of the
 * children it reaped, RUSAGE_BOTH). A descendant nobody in CMD's tree reaped (a
 * container's init left running by `create`) is not counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status, rc;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: maxrss CMD [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("maxrss: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("maxrss: exec");
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno == EINTR)
			continue;
		perror("maxrss: wait4");
		return 2;
	}
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "maxrss: %ld %d\n", ru.ru_maxrss, rc);
	return rc;
}
