/* runtime/teardown.c — `pidbox delete` and the teardown `run` does after exit. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ns/clone.h"
#include "runtime/container_cgroup.h"
#include "runtime/hooks.h"
#include "runtime/launch.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Wait on the pidfd until the process has exited (readable == exited). Bounded so
 * that a process stuck in the kernel (D state) cannot hang delete forever. */
static int wait_exit(int pidfd, struct px_error *err)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int n;
	do
		n = poll(&pfd, 1, 10000);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return px_err_plain(err, ETIMEDOUT, "container process did not exit within 10 s of SIGKILL");
	return 0;
}

/* runtime.md: after the container is destroyed, before delete returns; their
 * failures are warnings. They need the config kept in the state dir, so they
 * run before it goes. */
static void run_poststop(struct rt_container *ct)
{
	struct spec_config *c = NULL;
	struct spec_state st = ct->st;
	struct px_error err = { 0 };

	if (rt_hooks_load_config(ct, &c, &err) < 0) {
		px_warn("poststop hooks: %s", err.msg);
		return;
	}
	if (!c)
		return;
	st.status = (char *)"stopped";
	rt_run_poststop_hooks(c, &st);
	spec_config_free(c);
}

/* A frozen v1 cgroup holds even SIGKILLed processes until it is thawed (v2 lets a
 * fatal signal through): delete --force of a paused container thaws it after the
 * SIGKILL is queued, so the container runs nothing in between. */
static void thaw(struct rt_container *ct)
{
	struct cg_handle *cg = NULL;
	struct px_error e;
	bool frozen = false;

	if (!ct->st.cgroup_path || cg_open(ct->st.cgroup_path, &cg, &e) < 0)
		return;
	if (cg_is_frozen(cg, &frozen, &e) == 0 && frozen)
		cg_freeze(cg, false, &e);
	cg_close(cg);
}

int rt_teardown(const struct rt_global *g, struct rt_container *ct, int pidfd, struct px_error *err)
{
	struct cg_handle *cg = NULL;

	if (pidfd >= 0) {
		if (ns_pidfd_send_signal(pidfd, SIGKILL, err) < 0 && err->code != ESRCH)
			return px_err_prefix(err, "kill container process");
		thaw(ct);
		if (wait_exit(pidfd, err) < 0)
			return -1;
	}
	if (ct->st.cgroup_path) {
		if (rt_container_cgroup(ct, &cg, err) < 0)
			return px_err_prefix(err, "cgroup %s", ct->st.cgroup_path);
		/* the init of the container's own pid namespace has exited: the kernel
		 * killed everything else in it, so the cgroups should be empty */
		bool emptied = (ct->st.ns_flags & CLONE_NEWPID) != 0;
		if ((emptied ? cg_destroy_emptied(cg, err) : cg_destroy(cg, err)) < 0) {
			cg_close(cg);
			return px_err_prefix(err, "cgroup %s", ct->st.cgroup_path);
		}
		cg_close(cg);
	}
	run_poststop(ct);
	return rt_container_remove(g, ct, err);
}

int rt_delete(const struct rt_global *g, const char *id, bool force, struct px_error *err)
{
	struct rt_container ct;
	_cleanup_close_ int pidfd = -1;
	const char *status;
	int rc;

	if (rt_container_load(g, id, true, &ct, err) < 0) {
		/* runc: `delete --force` of a container that is already gone succeeds, so
		 * an engine's cleanup after a crash is idempotent. */
		if (force && err->code == ENOENT)
			return 0;
		/* A record that cannot be read (empty after a crash, damaged) must not
		 * keep what pidbox made alive for ever: what create saved before making
		 * anything says what to kill and remove. */
		if (!force || rt_container_load_intent(g, id, &ct, err) < 0)
			return -1;
	}
	status = ct.st.status;
	/* Like runc: a created container may be deleted (its init never ran the
	 * workload); a running or paused one only with --force. */
	if (!force && (!strcmp(status, "running") || !strcmp(status, "paused"))) {
		px_err(err, 0, "cannot delete container %s that is not stopped: %s", id, status);
		rt_container_release(&ct);
		return -1;
	}
	/* "creating" too: a create killed after its clone left an init behind */
	if (strcmp(status, "stopped")) {
		struct px_error gone;
		pidfd = rt_container_pidfd(&ct, &gone);
	}
	rc = rt_teardown(g, &ct, pidfd, err);
	rt_container_release(&ct);
	return rc;
}
