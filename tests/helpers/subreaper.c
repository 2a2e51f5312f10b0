/* tests/helpers/subreaper.c — subreaper -- CMD [ARGS...]: run CMD as a child of a
 * child subreaper (PR_SET_CHILD_SUBREAPER) whose pid CMD finds in $PX_SUBREAPER.
 * Every process orphaned below us is re-parented to us instead of the host's init,
 * so CMD can list what was left behind (our children other than itself, in
 * /proc/$PX_SUBREAPER/task/<tid>/children) and know it may end them: they are
 * its own descendants. Orphans that exit are reaped here. Exits with CMD's status
 * (128+signal when killed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char pid[32];
	pid_t main_pid, got;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: subreaper CMD [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		perror("subreaper: prctl PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	setenv("PX_SUBREAPER", pid, 1);
	main_pid = fork();
	if (main_pid < 0) {
		perror("subreaper: fork");
		return 2;
	}
	if (main_pid == 0) {
		execvp(argv[1], argv + 1);
		perror("subreaper: exec");
		_exit(127);
	}
	for (;;) {
		got = waitpid(-1, &status, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return 2;
		if (got == main_pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}
