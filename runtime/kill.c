/* runtime/kill.c — `pidbox kill`: signal the init through a checked pidfd. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ns/clone.h"
#include "runtime/container_cgroup.h"
#include "runtime/launch.h"
#include "runtime/pid1.h"
#include "util/cleanup.h"

/* --all: every process in the container's cgroup. Each pid is pinned with a pidfd
 * before signalling; a process that exits in between is simply skipped. */
static int kill_all(struct rt_container *ct, int sig, struct px_error *err)
{
	struct cg_handle *cg = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;
	int rc = 0;

	if (rt_container_cgroup(ct, &cg, err) < 0)
		return px_err_prefix(err, "kill --all");
	/* SIGKILL to all: the cgroup does it at once (v2 cgroup.kill, which no fork can
	 * outrun) and we return when it is empty, as runc does */
	if (sig == SIGKILL && !cg_is_empty(cg)) {
		rc = cg_kill_all(cg, err);
		cg_close(cg);
		return rc < 0 ? px_err_prefix(err, "kill --all") : 0;
	}
	if (rt_container_pids(ct, cg, &pids, &n, err) < 0) {
		cg_close(cg);
		return px_err_prefix(err, "kill --all");
	}
	cg_close(cg);
	for (size_t i = 0; i < n; i++) {
		struct px_error ignored;
		_cleanup_close_ int fd = ns_pidfd_open(pids[i], &ignored);
		if (fd < 0)
			continue;
		if (ns_pidfd_send_signal(fd, sig, &ignored) < 0 && ignored.code != ESRCH) {
			*err = ignored;
			rc = -1;
		}
		/* without a cgroup (rootless) SIGKILL returns once they are gone too,
		 * as cg_kill_all does: each pidfd says when its process has exited */
		if (sig == SIGKILL && rc == 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			while (poll(&pfd, 1, 10000) < 0 && errno == EINTR)
				;
		}
	}
	return rc;
}

/* Sent to a namespace's pid 1 without a handler, a signal is dropped by the
 * kernel: runc says nothing and users wonder why `kill` did not stop it. */
static char *drop_warning(const struct rt_container *ct, int sig)
{
	struct ns_proc p;
	char *w;

	if (ns_proc_read(ct->st.pid, &p, NULL) < 0)
		return NULL;
	w = rt_pid1_drop_warning(&p, ct->st.use_init, sig);
	ns_proc_free(&p);
	return w;
}

/* A SIGKILL sent to a paused container's processes waits for the thaw (v1
 * freezer): runc thaws it, so that `kill KILL` always ends the container. */
static int thaw_if_paused(const struct rt_container *ct, int sig, struct px_error *err)
{
	struct cg_handle *cg = NULL;
	int rc;

	if (sig != SIGKILL || strcmp(ct->st.status, "paused") || !ct->st.cgroup_path)
		return 0;
	rc = rt_container_cgroup(ct, &cg, err) < 0 || cg_freeze(cg, false, err) < 0 ? -1 : 0;
	cg_close(cg);
	return rc < 0 ? px_err_prefix(err, "thaw after SIGKILL") : 0;
}

/* Should this signal go to every process of the cgroup rather than the init? */
static bool signal_everyone(const struct rt_container *ct, int sig, bool all)
{
	if (!ct->st.cgroup_path)
		return false;
	/* Without a pid namespace of its own the init's death does not take the
	 * others with it (pid_namespaces(7)): runc's signalAllProcesses then SIGKILLs
	 * the whole cgroup, so that no process outlives the container. */
	return all || (sig == SIGKILL && !(ct->st.ns_flags & CLONE_NEWPID));
}

int rt_kill(const struct rt_global *g, const char *id, int sig, bool all, char **warning,
            struct px_error *err)
{
	struct rt_container ct;
	_cleanup_close_ int pidfd = -1;
	int rc = -1;

	*warning = NULL;
	if (rt_container_load(g, id, all, &ct, err) < 0)
		return -1;
	/* runc: --all of a stopped container has nothing to signal, and succeeds */
	if (all && !strcmp(ct.st.status, "stopped")) {
		rc = 0;
		goto out;
	}
	if (!strcmp(ct.st.status, "stopped") || !strcmp(ct.st.status, "creating")) {
		px_err(err, 0, "container not running");
		goto out;
	}
	if (signal_everyone(&ct, sig, all)) {
		rc = kill_all(&ct, sig, err);
		if (rc == 0)
			rc = thaw_if_paused(&ct, sig, err);
		goto out;
	}
	pidfd = rt_container_pidfd(&ct, err);
	if (pidfd < 0) {
		px_err_plain(err, ESRCH, "container not running");
		goto out;
	}
	/* read before sending: a signal that is acted on may end the process */
	*warning = drop_warning(&ct, sig);
	rc = ns_pidfd_send_signal(pidfd, sig, err);
	if (rc == 0)
		rc = thaw_if_paused(&ct, sig, err);
	if (rc < 0) {
		free(*warning);
		*warning = NULL;
	}
out:
	rt_container_release(&ct);
	return rc;
}
