/* runtime/orphan.c — see orphan.h. */
#include "runtime/orphan.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int rt_died_during_setup(int pidfd, const char *who, pid_t *pid, struct px_error *err)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) == 0) {
		*pid = 0; /* reaped: nothing left to kill */
		if (si.si_code == CLD_EXITED)
			return px_err_plain(err, ECHILD, "%s exited with status %d during setup", who, si.si_status);
		return px_err_plain(err, ECHILD, "%s was killed by signal %d (%s) during setup", who, si.si_status,
		                    strsignal(si.si_status));
	}
	return px_err_plain(err, ECHILD, "%s exited during setup", who);
}

bool rt_stat_ppid_is(int stat_fd, pid_t parent)
{
	char buf[512], *p;
	int ppid = 0;
	ssize_t n = pread(stat_fd, buf, sizeof buf - 1, 0);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* comm may hold spaces and ')': the fields resume after the last ')' */
	p = strrchr(buf, ')');
	return p && sscanf(p + 1, " %*c %d", &ppid) == 1 && ppid == parent;
}

static bool parent_alive(const struct rt_orphan_guard *g)
{
	int fd;
	bool yes;

	if (!g->parent)
		return true;
	if (g->host_proc_fd < 0)
		return getppid() == g->parent;
	fd = openat(g->host_proc_fd, "self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	yes = rt_stat_ppid_is(fd, g->parent);
	close(fd);
	return yes;
}

void rt_orphan_guard(const struct rt_orphan_guard *g)
{
	/* armed before the check: a parent dying after it is caught by the signal,
	 * one dying before by the check (we were re-parented) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || !parent_alive(g))
		_exit(1);
}

void rt_orphan_release(void)
{
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
}
