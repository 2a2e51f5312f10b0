/* ns/clone.c — the container's first process, born with clone3().
 *
 * Why clone3 and not fork+unshare: one syscall puts the child in all its new
 * namespaces at once and, on cgroup v2, in its cgroup (CLONE_INTO_CGROUP), so there
 * is no window in which the child runs in the host's cgroup; CLONE_PIDFD gives a
 * handle that cannot be confused with a recycled pid. The clone() syscall is the
 * fallback for kernels before 5.3 (ENOSYS) or a kernel that does not know a
 * clone_args field (E2BIG, e.g. CLONE_INTO_CGROUP before 5.7).
 */
#include "ns/clone.h"

#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"
#include "util/proc.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

static pid_t sys_clone3(struct clone_args *args)
{
	return (pid_t)syscall(SYS_clone3, args, sizeof *args);
}

/* Raw clone() with a NULL stack behaves like fork(): the child runs on a copy of
 * the parent's stack. glibc's clone() wrapper insists on a stack, so use syscall. */
static pid_t sys_clone_forklike(unsigned long flags, int *pidfd)
{
	/* x86_64 argument order: flags, stack, parent_tid, child_tid, tls. With
	 * CLONE_PIDFD the pidfd is stored through parent_tid. */
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, pidfd, NULL, NULL);
}

int ns_pidfd_open(pid_t pid, struct px_error *err)
{
	int fd = px_pidfd_open(pid);
	if (fd < 0)
		return px_err(err, errno, "pidfd_open %d", (int)pid);
	return fd;
}

int ns_pidfd_send_signal(int pidfd, int sig, struct px_error *err)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return px_err(err, errno, "pidfd_send_signal %d", sig);
	return 0;
}

pid_t ns_clone(unsigned long flags, int cgroup_fd, int *pidfd, bool *into_cgroup_done,
               struct px_error *err)
{
	struct clone_args args;
	pid_t pid;
	int fd = -1;

	memset(&args, 0, sizeof args);
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&fd;
	/* clone3 refuses an exit signal with CLONE_PARENT (EINVAL): the child then
	 * takes the caller's, which is SIGCHLD for every process we clone. */
	args.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	pid = sys_clone3(&args);
	if (pid >= 0) {
		if (pid > 0) {
			*pidfd = fd;
			*into_cgroup_done = cgroup_fd >= 0;
			/* said for the tests and for whoever wonders where the child started */
			px_debug("clone3: pid %d%s", (int)pid,
			         cgroup_fd >= 0 ? " born in its cgroup (CLONE_INTO_CGROUP)" : "");
		}
		return pid;
	}
	if (errno != ENOSYS && errno != E2BIG)
		return px_err(err, errno, "clone3");

	px_debug("clone3 unavailable (%s): falling back to clone()", strerror(errno));
	fd = -1;
	pid = sys_clone_forklike(flags | CLONE_PIDFD, &fd);
	if (pid < 0 && errno == EINVAL) {
		/* Before 5.2 there is no CLONE_PIDFD at all: open one afterwards. The
		 * child cannot have been reaped yet (we are its parent and have not
		 * waited), so the pid cannot have been recycled in between. */
		pid = sys_clone_forklike(flags, NULL);
		if (pid > 0) {
			fd = ns_pidfd_open(pid, err);
			if (fd < 0) {
				/* No handle means no safe way to manage it later. */
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
				return -1;
			}
		}
	}
	if (pid < 0)
		return px_err(err, errno, "clone");
	if (pid > 0) {
		*pidfd = fd;
		*into_cgroup_done = false;
	}
	return pid;
}

pid_t ns_pidfd_pid(int pidfd, struct px_error *err)
{
	char path[64], line[256];
	_cleanup_fclose_ FILE *f = NULL;
	long pid = -1;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
	f = fopen(path, "re");
	if (!f)
		return px_err(err, errno, "read %s", path);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Pid: %ld", &pid) == 1)
			break;
	if (pid <= 0)
		return px_err_plain(err, ESRCH, "the container process exited before it was set up");
	return (pid_t)pid;
}
