/* runtime/start_hooks.c — startContainer hooks in the container's init, their
 * outcome on the exec fifo (see start_hooks.h). */
#include "runtime/start_hooks.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/hooks.h"
#include "util/fs.h"

#define OUTCOME_OK '1'
#define OUTCOME_ERROR 'E'

void rt_init_start_hooks(const struct rt_child_args *a, int fifo_fd)
{
	const struct spec_config *c = a->config;
	struct spec_state st = { .oci_version = c->oci_version, .id = (char *)a->id, .status = (char *)"created",
		                 .pid = getpid(), .bundle = (char *)a->bundle, .rootfs = (char *)a->rootfs,
		                 .annotations = c->annotations, .n_annotations = c->n_annotations };
	char *const no_env[] = { NULL };
	struct px_error err = { 0 };
	char msg[1 + sizeof err.msg];
	int n;

	/* On success fifo_fd stays open: it closes on the workload's execve, which
	 * is what start waits for (start_hooks.h). */
	if (!c->hooks.n[SPEC_HOOK_START_CONTAINER])
		return;
	if (rt_run_hooks_here(c, SPEC_HOOK_START_CONTAINER, &st, c->process.env ? c->process.env : no_env,
	                      &err) == 0) {
		px_write_all(fifo_fd, (char[]){ OUTCOME_OK }, 1);
		return;
	}
	/* One write, shorter than PIPE_BUF: start reads it whole. */
	n = snprintf(msg, sizeof msg, "%c%s", OUTCOME_ERROR, err.msg);
	px_write_all(fifo_fd, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
	_exit(1);
}

int rt_await_start_hooks(int fifo, int pidfd, struct px_error *err)
{
	char buf[1 + PX_ERROR_MSG_MAX];
	size_t len = 0;

	/* The init answers once, then its end closes on the workload's execve (or
	 * it dies): read to the end, so start returns once the workload runs. */
	for (;;) {
		struct pollfd pfd[2] = { { .fd = fifo, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
		ssize_t n;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return px_err(err, errno, "poll exec fifo");
		}
		if (!(pfd[0].revents & (POLLIN | POLLHUP))) {
			if (pfd[1].revents & POLLIN)
				break; /* dead init: whatever it wrote is in the fifo already */
			continue;
		}
		n = read(fifo, buf + len, sizeof buf - 1 - len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0 || (len += (size_t)n) == sizeof buf - 1)
			break;
	}
	/* a dead init's last words may still wait in the fifo */
	if (len < sizeof buf - 1) {
		ssize_t n = read(fifo, buf + len, sizeof buf - 1 - len);
		if (n > 0)
			len += (size_t)n;
	}
	buf[len] = '\0';
	if (len >= 1 && buf[0] == OUTCOME_OK)
		return 0;
	if (len >= 1 && buf[0] == OUTCOME_ERROR)
		return px_err_plain(err, ECHILD, "%s", buf + 1);
	return px_err_plain(err, ECHILD, "the container's init exited while it ran the startContainer hooks");
}
