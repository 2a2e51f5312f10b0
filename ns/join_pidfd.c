/* ns/join_pidfd.c — join a running process's namespaces, see join_pidfd.h. */
#include "ns/join_pidfd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ns/nsjoin.h"
#include "util/cleanup.h"
#include "util/log.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* In join order for the fallback: user first, mount last (it changes our root). */
static const struct {
	unsigned long flag;
	const char *file; /* under /proc/<pid>/ns/ */
} ns_files[] = {
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWPID, "pid" },   { CLONE_NEWNET, "net" },
	{ CLONE_NEWIPC, "ipc" },   { CLONE_NEWUTS, "uts" },   { CLONE_NEWCGROUP, "cgroup" },
	{ CLONE_NEWTIME, "time" }, { CLONE_NEWNS, "mnt" },
};
#define N_NS (sizeof ns_files / sizeof ns_files[0])

int ns_differing_flags(pid_t pid, unsigned long *flags, struct px_error *err)
{
	*flags = 0;
	for (size_t i = 0; i < N_NS; i++) {
		char path[64];
		struct stat theirs, ours;

		snprintf(path, sizeof path, "/proc/self/ns/%s", ns_files[i].file);
		if (stat(path, &ours) < 0) {
			if (errno == ENOENT)
				continue; /* this kernel has no such namespace */
			return px_err(err, errno, "stat %s", path);
		}
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_files[i].file);
		if (stat(path, &theirs) < 0)
			return px_err(err, errno, "stat %s", path);
		if (theirs.st_dev != ours.st_dev || theirs.st_ino != ours.st_ino)
			*flags |= ns_files[i].flag;
	}
	return 0;
}

/* Has the pidfd's process exited? (a pidfd polls readable once it has) */
static bool exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

static int join_each(int pidfd, pid_t pid, unsigned long flags, struct px_error *err)
{
	int fds[N_NS];
	int rc = 0;

	for (size_t i = 0; i < N_NS; i++) {
		char path[64];

		fds[i] = -1;
		if (!(flags & ns_files[i].flag))
			continue;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_files[i].file);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			rc = px_err(err, errno, "open %s", path);
			break;
		}
	}
	/* The files were opened by pid number: they are the container's only if the
	 * process the pidfd pins was still alive after the last open. */
	if (rc == 0 && exited(pidfd))
		rc = px_err_plain(err, ESRCH, "the container's process exited");
	for (size_t i = 0; rc == 0 && i < N_NS; i++)
		if (fds[i] >= 0 && setns(fds[i], (int)ns_files[i].flag) < 0)
			rc = px_err(err, errno, "join the container's %s namespace", ns_type_name(ns_files[i].flag));
	for (size_t i = 0; i < N_NS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

int ns_join_pidfd(int pidfd, pid_t pid, unsigned long flags, struct px_error *err)
{
	if (!flags)
		return 0;
	if (setns(pidfd, (int)flags) == 0)
		return 0;
	if (errno == ESRCH)
		return px_err_plain(err, ESRCH, "the container's process exited");
	/* Before Linux 5.8 setns() takes only namespace files: a pidfd is EINVAL. */
	if (errno != EINVAL)
		return px_err(err, errno, "join the container's namespaces (setns on its pidfd)");
	px_debug("setns on a pidfd refused (%s): joining namespace by namespace", "EINVAL");
	return join_each(pidfd, pid, flags, err);
}

int ns_open_root_of(int pidfd, pid_t pid, struct px_error *err)
{
	char path[64];
	int fd;

	snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "open the container's root %s", path);
	/* opened by pid number: the pidfd's process only if it is still alive */
	if (exited(pidfd)) {
		close(fd);
		return px_err_plain(err, ESRCH, "the container's process exited");
	}
	return fd;
}

int ns_enter_root(int fd, struct px_error *err)
{
	int r = fchdir(fd) < 0 || chroot(".") < 0 || chdir("/") < 0 ? -1 : 0;
	int saved = errno;

	close(fd);
	if (r < 0)
		return px_err(err, saved, "enter the container's root");
	return 0;
}
