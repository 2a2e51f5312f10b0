/* runtime/start.c — `pidbox start`: let a created container's init exec. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ns/clone.h"
#include "runtime/hooks.h"
#include "runtime/launch.h"
#include "runtime/start_hooks.h"
#include "util/cleanup.h"

/* Read the fifo to its end: the init's write end closes on the workload's execve
 * (launch.h). A dead init ends the wait too (whatever killed it, the exec is
 * over); a bad exec ends with the init's exit, which the pidfd says. */
static int await_exec(int fifo, int pidfd, struct px_error *err)
{
	struct pollfd pfd[2] = { { .fd = fifo, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
	char buf[64];

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return px_err(err, errno, "poll exec fifo");
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(fifo, buf, sizeof buf);
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				return 0;
			continue;
		}
		if (pfd[1].revents & POLLIN)
			return 0;
	}
}

int rt_release_init(struct rt_container *ct, int pidfd, bool start_hooks, struct px_error *err)
{
	_cleanup_close_ int fifo = openat(ct->dir_fd, RT_EXEC_FIFO, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct pollfd pfd[2];
	char byte;
	ssize_t n;

	if (fifo < 0)
		return px_err(err, errno, "open exec fifo");
	/* Never hang on a dead init: wait for its byte or for its exit, whichever comes. */
	pfd[0] = (struct pollfd){ .fd = fifo, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return px_err(err, errno, "poll exec fifo");
		}
		if (pfd[0].revents & POLLIN)
			break;
		if (pfd[1].revents & POLLIN)
			return px_err(err, 0, "the container's init process exited before it was started");
		if (pfd[0].revents & POLLHUP) {
			/* Every writer closed the fifo without a byte: the init died (its
			 * files close before its pidfd says so: wait for that a moment), or
			 * another start took the byte and the init went on. */
			if (poll(&pfd[1], 1, 1000) == 1)
				return px_err(err, 0, "the container's init process died while it was being started");
			return px_err(err, 0, "the container was started by someone else");
		}
	}
	do
		n = read(fifo, &byte, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return px_err(err, n < 0 ? errno : 0, "read exec fifo");
	/* The fifo's absence is what says "running" from now on. */
	if (unlinkat(ct->dir_fd, RT_EXEC_FIFO, 0) < 0)
		return px_err(err, errno, "remove exec fifo");
	/* runtime.md: a failed startContainer hook stops the container (the init
	 * exits by itself; this is for one that would not) */
	if (start_hooks && rt_await_start_hooks(fifo, pidfd, err) < 0) {
		ns_pidfd_send_signal(pidfd, SIGKILL, NULL);
		return -1;
	}
	return start_hooks ? 0 : await_exec(fifo, pidfd, err);
}

int rt_start_container(struct rt_container *ct, int pidfd, struct px_error *err)
{
	struct spec_config *c = NULL;
	struct spec_state st = ct->st;
	int rc = -1;

	if (rt_hooks_load_config(ct, &c, err) < 0)
		return -1;
	/* the init runs the startContainer hooks itself (runtime/start_hooks.h) */
	if (rt_release_init(ct, pidfd, c && c->hooks.n[SPEC_HOOK_START_CONTAINER], err) < 0)
		goto out;
	st.status = (char *)"running";
	if (c && rt_run_hooks(c, SPEC_HOOK_POSTSTART, &st, -1, err) < 0)
		goto stop;
	rc = 0;
	goto out;
stop:
	/* runtime.md: a failed poststart hook stops the container;
	 * delete destroys it and runs the poststop hooks. */
	ns_pidfd_send_signal(pidfd, SIGKILL, NULL);
out:
	spec_config_free(c);
	return rc;
}

int rt_start(const struct rt_global *g, const char *id, struct px_error *err)
{
	struct rt_container ct;
	_cleanup_close_ int pidfd = -1;
	int rc = -1;

	if (rt_container_load(g, id, true, &ct, err) < 0)
		return -1;
	if (strcmp(ct.st.status, "created") != 0) {
		px_err(err, 0, "cannot start a container that is %s (only a created one)", ct.st.status);
		goto out;
	}
	pidfd = rt_container_pidfd(&ct, err);
	if (pidfd < 0)
		goto out;
	rc = rt_start_container(&ct, pidfd, err);
out:
	rt_container_release(&ct);
	return rc;
}
