/* tests/unit/test_util_proc.c — util/proc.c: /proc/<pid>/stat read by hand agrees
 * with the fields as sscanf reads them, for processes in different states. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "util/proc.h"

/* The reference: state, ppid and starttime with the scanf format the reader had. */
static void scan_stat(pid_t pid, char *state, int *ppid, unsigned long long *start)
{
	char path[64], buf[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	CHECK(sscanf(strrchr(buf, ')') + 1,
	             " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", state, ppid,
	             start) == 3);
}

static void check_pid(pid_t pid)
{
	struct px_proc_stat ps;
	struct px_error err;
	char state = 0;
	int ppid = 0;
	unsigned long long start = 0;

	CHECK(px_proc_read_stat(pid, &ps, &err) == 0);
	scan_stat(pid, &state, &ppid, &start);
	CHECK(ps.state == state);
	CHECK(ps.ppid == ppid);
	CHECK(ps.start_time == start && start > 0);
}

static void test_self_and_parent(void)
{
	check_pid(getpid());
	check_pid(getppid());
	check_pid(1);
}

/* a stopped child with a negative nice value (root) and a comm with ") (" in it */
static void test_odd_child(void)
{
	pid_t pid = fork();
	struct px_proc_stat ps;
	struct px_error err;
	int status;

	if (pid == 0) {
		errno = 0;
		(void)nice(-5); /* unprivileged: the default 0 is read all the same */
		prctl(PR_SET_NAME, ") (x y) 1 2");
		raise(SIGSTOP);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status));
	check_pid(pid);
	CHECK(px_proc_read_stat(pid, &ps, &err) == 0 && ps.state == 'T' && ps.ppid == getpid());
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(px_proc_read_stat(pid, &ps, &err) < 0 && err.code == ESRCH);
}

int main(void)
{
	RUN(test_self_and_parent);
	RUN(test_odd_child);
	return unit_done();
}
