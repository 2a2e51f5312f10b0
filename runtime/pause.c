/* runtime/pause.c — `pidbox pause` / `resume`: freeze or thaw every process of the
 * container through its cgroup (v2 cgroup.freeze, v1 freezer), as runc. */
#include <string.h>

#include "runtime/container_cgroup.h"
#include "runtime/launch.h"
#include "util/cleanup.h"

static int set_frozen(const struct rt_global *g, const char *id, bool frozen, struct px_error *err)
{
	struct rt_container ct;
	struct cg_handle *cg = NULL;
	const char *want = frozen ? "running" : "paused";
	int rc = -1;

	if (rt_container_load(g, id, true, &ct, err) < 0)
		return -1;
	/* runc pauses a created container too (its init waits on the fifo) */
	if (strcmp(ct.st.status, want) && !(frozen && !strcmp(ct.st.status, "created"))) {
		px_err(err, 0, "container is %s, not %s", ct.st.status, want);
		goto out;
	}
	if (!ct.st.cgroup_path) {
		px_err(err, 0, "container has no cgroup");
		goto out;
	}
	if (rt_container_cgroup(&ct, &cg, err) < 0)
		goto out;
	if (cg_is_empty(cg)) { /* rootless without a cgroup (runtime/rootless.h) */
		px_err(err, 0, "rootless: the container has no cgroup to freeze (%s)", cg_denied(cg));
		goto out;
	}
	if (cg_freeze(cg, frozen, err) < 0)
		goto out;
	rc = 0;
out:
	cg_close(cg);
	rt_container_release(&ct);
	return rc;
}

int rt_pause(const struct rt_global *g, const char *id, struct px_error *err)
{
	return set_frozen(g, id, true, err);
}

int rt_resume(const struct rt_global *g, const char *id, struct px_error *err)
{
	return set_frozen(g, id, false, err);
}
