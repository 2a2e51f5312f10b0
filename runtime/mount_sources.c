/* runtime/mount_sources.c — see runtime/mount_sources.h. */
#include "runtime/mount_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/rootfs.h"
#include "runtime/protocol.h"
#include "util/cleanup.h"
#include "util/fs.h"

int rt_mount_source_request(void *arg, struct px_error *err)
{
	int sync_fd = *(const int *)arg, fd = -1;

	if (rt_msg_send(sync_fd, RT_MSG_MOUNT_SOURCE, err) < 0 ||
	    rt_msg_expect_fd(sync_fd, RT_MSG_MOUNT_SOURCE, &fd, err) < 0)
		return -1;
	return fd;
}

/* Join the child's mount namespace: by pidfd (5.8+), else through /proc (the child
 * is alive: it waits for our answer). */
static int join_mntns(const struct rt_mount_sources *s, struct px_error *err)
{
	char path[32];
	_cleanup_close_ int ns = -1;

	if (setns(s->pidfd, CLONE_NEWNS) == 0)
		return 0;
	snprintf(path, sizeof path, "%d/ns/mnt", (int)s->pid);
	ns = openat(s->proc_fd, path, O_RDONLY | O_CLOEXEC);
	if (ns < 0 || setns(ns, CLONE_NEWNS) < 0)
		return px_err(err, errno, "join the container's mount namespace to open bind sources");
	return 0;
}

/* Wait for the next request (the first was received by the parent), then answer
 * it with the source of mounts[idx] (device false) or linux.devices[idx]: opened
 * only now, so that it sees the mounts the container made before asking. */
static int answer(const struct rt_mount_sources *s, bool *first, bool device, size_t idx, int userns,
                  struct px_error *err)
{
	_cleanup_close_ int fd = -1;

	if (!*first && rt_msg_expect(s->sync_fd, RT_MSG_MOUNT_SOURCE, err) < 0)
		return -1; /* the child's own failure, or its death */
	*first = false;
	fd = device ? ns_make_device_source(s->config, idx, s->proc_fd, s->pid, err)
	            : ns_open_mount_source(s->config, idx, s->rootfs, s->bundle, userns, err);
	if (fd < 0) {
		px_err_prefix(err, "config.json");
		rt_msg_send_error(s->sync_fd, err);
		return -1;
	}
	return rt_msg_send_fd(s->sync_fd, RT_MSG_MOUNT_SOURCE, fd, err);
}

/* The helper: every mount, then every device, the container's setup will ask
 * for, in the order it asks. */
static int serve(const struct rt_mount_sources *s, int userns, struct px_error *err)
{
	const struct spec_config *c = s->config;
	bool first = true;

	if (join_mntns(s, err) < 0)
		return -1;
	for (size_t i = 0; i < c->n_mounts; i++) {
		if (ns_mount_from_host(c, &c->mounts[i], s->root) && answer(s, &first, false, i, userns, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < c->linux_.n_devices; i++) {
		if (ns_device_from_host(c, &c->linux_.devices[i], s->root) && answer(s, &first, true, i, userns, err) < 0)
			return -1;
	}
	return 0;
}

static __attribute__((noreturn)) void helper_main(const struct rt_mount_sources *s, int userns, int errpipe)
{
	struct px_error err = { 0 };

	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (serve(s, userns, &err) == 0)
		_exit(0);
	(void)!write(errpipe, &err, sizeof err);
	_exit(1);
}

int rt_mount_sources_serve(const struct rt_mount_sources *s, struct px_error *err)
{
	_cleanup_close_ int userns = -1;
	int p[2], status = 0;
	char path[32];
	pid_t pid;
	ssize_t n;

	/* the first request: the child is in its mount (and user) namespace now */
	if (rt_msg_expect(s->sync_fd, RT_MSG_MOUNT_SOURCE, err) < 0)
		return -1;
	if (spec_has_namespace(s->config, CLONE_NEWUSER)) {
		snprintf(path, sizeof path, "%d/ns/user", (int)s->pid);
		userns = openat(s->proc_fd, path, O_RDONLY | O_CLOEXEC);
		if (userns < 0)
			return px_err(err, errno, "open the container's user namespace");
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return px_err(err, errno, "pipe");
	pid = fork();
	if (pid == 0)
		helper_main(s, userns, p[1]);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return px_err(err, errno, "fork the mount source helper");
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	n = read(p[0], err, sizeof *err);
	close(p[0]);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (n != (ssize_t)sizeof *err)
		px_err_plain(err, EPROTO, "the mount source helper died (status %#x)", status);
	/* a child still waiting for a source must not wait forever */
	rt_msg_send_error(s->sync_fd, err);
	return -1;
}
